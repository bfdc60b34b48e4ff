"""fannkuch-redux: the Benchmarks Game's pancake-flipping count over all permutations,
single-threaded.

Usage: python3 fannkuchredux.py <n> <expected "checksum maxflips">. Prints the checksum and
the maximum number of flips, and exits 1 if they are not the expected values.
"""
import sys


def fannkuch(n):
    perm1 = list(range(n))
    count = [0] * n
    max_flips = checksum = 0
    permutation = 0
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        perm = perm1[:]
        flips = 0
        k = perm[0]
        while k != 0:
            perm[: k + 1] = perm[k::-1]
            flips += 1
            k = perm[0]
        max_flips = max(max_flips, flips)
        checksum += flips if permutation % 2 == 0 else -flips
        # Next permutation, in the Benchmarks Game's order.
        while True:
            if r == n:
                return checksum, max_flips
            perm0 = perm1[0]
            for i in range(r):
                perm1[i] = perm1[i + 1]
            perm1[r] = perm0
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        permutation += 1


def main():
    n, want = int(sys.argv[1]), sys.argv[2]
    checksum, max_flips = fannkuch(n)
    got = f"{checksum} {max_flips}"
    print(got)
    if got != want:
        print(f"fannkuchredux: wrong answer: got {got}, want {want}", file=sys.stderr)
        sys.exit(1)


main()
