"""mandelbrot: count the points of an n×n grid that stay in the Mandelbrot set (the Benchmarks
Game's iteration: at most 50 steps, escape at |z|² > 4), with the rows dealt out to workers
(row y to worker y mod workers).

Usage: python3 mandelbrot.py <threads|processes|asyncio> <n> <workers> <expected count>.
Prints the count, then "kernel-ns <ns>" (from starting the workers to having every result),
and exits 1 if the count is not the expected one.

- threads: a ThreadPoolExecutor; the GIL lets one thread run Python code at a time.
- processes: a ProcessPoolExecutor; each worker is a separate interpreter.
- asyncio: one coroutine per worker on one event loop, yielding after every row.
"""
import asyncio
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

MAX_ITER = 50


def row(n, y):
    count = 0
    ci = 2.0 * y / n - 1.0
    for x in range(n):
        cr = 2.0 * x / n - 1.5
        zr = zi = tr = ti = 0.0
        i = 0
        while i < MAX_ITER and tr + ti <= 4.0:
            zi = 2.0 * zr * zi + ci
            zr = tr - ti + cr
            tr = zr * zr
            ti = zi * zi
            i += 1
        if tr + ti <= 4.0:
            count += 1
    return count


def rows(n, w, workers):
    return sum(row(n, y) for y in range(w, n, workers))


async def rows_async(n, w, workers):
    count = 0
    for y in range(w, n, workers):
        count += row(n, y)
        await asyncio.sleep(0)  # let the other coroutines run
    return count


async def run_asyncio(n, workers):
    return sum(await asyncio.gather(*(rows_async(n, w, workers) for w in range(workers))))


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("threads", "processes", "asyncio"):
        print("usage: mandelbrot.py <threads|processes|asyncio> <n> <workers> <expected count>",
              file=sys.stderr)
        sys.exit(2)
    mode, n, workers, want = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    start = time.perf_counter_ns()
    if mode == "asyncio":
        total = asyncio.run(run_asyncio(n, workers))
    else:
        pool = ThreadPoolExecutor if mode == "threads" else ProcessPoolExecutor
        with pool(max_workers=workers) as ex:
            futures = [ex.submit(rows, n, w, workers) for w in range(workers)]
            total = sum(f.result() for f in futures)
    elapsed = time.perf_counter_ns() - start
    got = str(total)
    print(got)
    print("kernel-ns", elapsed)
    if got != want:
        print(f"mandelbrot: wrong answer: got {got}, want {want}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
