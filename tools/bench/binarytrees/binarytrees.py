"""binary-trees: the Benchmarks Game's allocation test, single-threaded.

Usage: python3 binarytrees.py <max depth> <expected total>. Builds the stretch tree, the
long-lived tree and the many short-lived trees of the Benchmarks Game's program, prints the sum
of every check() it made, and exits 1 if that is not the expected value.
"""
import sys

MIN_DEPTH = 4


class Node:
    __slots__ = ("left", "right")

    def __init__(self, left, right):
        self.left = left
        self.right = right

    def check(self):
        if self.left is None:
            return 1
        return 1 + self.left.check() + self.right.check()


def bottom_up_tree(depth):
    if depth > 0:
        return Node(bottom_up_tree(depth - 1), bottom_up_tree(depth - 1))
    return Node(None, None)


def main():
    n, want = int(sys.argv[1]), sys.argv[2]
    max_depth = max(MIN_DEPTH + 2, n)
    total = bottom_up_tree(max_depth + 1).check()
    long_lived = bottom_up_tree(max_depth)
    for depth in range(MIN_DEPTH, max_depth + 1, 2):
        iterations = 1 << (max_depth - depth + MIN_DEPTH)
        for _ in range(iterations):
            total += bottom_up_tree(depth).check()
    total += long_lived.check()
    got = str(total)
    print(got)
    if got != want:
        print(f"binarytrees: wrong answer: got {got}, want {want}", file=sys.stderr)
        sys.exit(1)


main()
