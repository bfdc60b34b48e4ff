// spectral-norm: the Benchmarks Game's power method on an infinite matrix, single-threaded.
// Usage: node spectralnorm.js <n> <expected norm>. Prints the norm (9 decimals) and exits 1
// if it is not the expected value.
'use strict';

function a(i, j) {
  return 1 / (((i + j) * (i + j + 1)) / 2 + i + 1);
}

function mulAv(n, v, av) {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      s += a(i, j) * v[j];
    }
    av[i] = s;
  }
}

function mulAtv(n, v, atv) {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      s += a(j, i) * v[j];
    }
    atv[i] = s;
  }
}

function mulAtAv(n, v, atav, tmp) {
  mulAv(n, v, tmp);
  mulAtv(n, tmp, atav);
}

const n = Number.parseInt(process.argv[2], 10);
const want = process.argv[3];
const u = new Float64Array(n).fill(1);
const v = new Float64Array(n);
const tmp = new Float64Array(n);
for (let i = 0; i < 10; i++) {
  mulAtAv(n, u, v, tmp);
  mulAtAv(n, v, u, tmp);
}
let vBv = 0;
let vv = 0;
for (let i = 0; i < n; i++) {
  vBv += u[i] * v[i];
  vv += v[i] * v[i];
}
const got = Math.sqrt(vBv / vv).toFixed(9);
console.log(got);
if (got !== want) {
  console.error(`spectralnorm: wrong answer: got ${got}, want ${want}`);
  process.exitCode = 1;
}
