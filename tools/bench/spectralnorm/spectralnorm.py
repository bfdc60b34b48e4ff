"""spectral-norm: the Benchmarks Game's power method on an infinite matrix, single-threaded.

Usage: python3 spectralnorm.py <n> <expected norm>. Prints the norm (%.9f) and exits 1 if it
is not the expected value.
"""
import math
import sys


def a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def mul_av(n, v, av):
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a(i, j) * v[j]
        av[i] = s


def mul_atv(n, v, atv):
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a(j, i) * v[j]
        atv[i] = s


def mul_atav(n, v, atav, tmp):
    mul_av(n, v, tmp)
    mul_atv(n, tmp, atav)


def main():
    n, want = int(sys.argv[1]), sys.argv[2]
    u = [1.0] * n
    v = [0.0] * n
    tmp = [0.0] * n
    for _ in range(10):
        mul_atav(n, u, v, tmp)
        mul_atav(n, v, u, tmp)
    vbv = vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    got = "%.9f" % math.sqrt(vbv / vv)
    print(got)
    if got != want:
        print(f"spectralnorm: wrong answer: got {got}, want {want}", file=sys.stderr)
        sys.exit(1)


main()
