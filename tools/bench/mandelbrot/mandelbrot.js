// mandelbrot: count the points of an n×n grid that stay in the Mandelbrot set (the Benchmarks
// Game's iteration: at most 50 steps, escape at |z|² > 4), with the rows dealt out to
// worker_threads (row y to worker y mod workers).
// Usage: node mandelbrot.js worker_threads <n> <workers> <expected count>. Prints the count,
// then "kernel-ns <ns>" (from starting the workers to having every result), and exits 1 if
// the count is not the expected one.
'use strict';

const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

const MAX_ITER = 50;

function rows(n, w, workers) {
  let count = 0;
  for (let y = w; y < n; y += workers) {
    const ci = (2.0 * y) / n - 1.0;
    for (let x = 0; x < n; x++) {
      const cr = (2.0 * x) / n - 1.5;
      let zr = 0, zi = 0, tr = 0, ti = 0;
      let i = 0;
      while (i < MAX_ITER && tr + ti <= 4.0) {
        zi = 2.0 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
        i++;
      }
      if (tr + ti <= 4.0) {
        count++;
      }
    }
  }
  return count;
}

function runWorker(n, w, workers) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { n, w, workers } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function main() {
  const [mode, nArg, workersArg, want] = process.argv.slice(2);
  if (mode !== 'worker_threads' || want === undefined) {
    console.error('usage: node mandelbrot.js worker_threads <n> <workers> <expected count>');
    process.exit(2);
  }
  const n = Number.parseInt(nArg, 10);
  const workers = Number.parseInt(workersArg, 10);
  const start = process.hrtime.bigint();
  const jobs = [];
  for (let w = 0; w < workers; w++) {
    jobs.push(runWorker(n, w, workers));
  }
  const counts = await Promise.all(jobs);
  const elapsed = process.hrtime.bigint() - start;
  const got = String(counts.reduce((a, b) => a + b, 0));
  console.log(got);
  console.log(`kernel-ns ${elapsed}`);
  if (got !== want) {
    console.error(`mandelbrot: wrong answer: got ${got}, want ${want}`);
    process.exitCode = 1;
  }
}

if (isMainThread) {
  main();
} else {
  parentPort.postMessage(rows(workerData.n, workerData.w, workerData.workers));
}
