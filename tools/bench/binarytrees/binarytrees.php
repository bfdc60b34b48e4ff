<?php
// binary-trees: the Benchmarks Game's allocation test, single-threaded.
// Usage: php binarytrees.php <max depth> <expected total>. Builds the stretch tree, the
// long-lived tree and the many short-lived trees of the Benchmarks Game's program, prints the
// sum of every check() it made, and exits 1 if that is not the expected value.

const MIN_DEPTH = 4;

final class Node
{
    public function __construct(public ?Node $left, public ?Node $right)
    {
    }

    public function check(): int
    {
        if ($this->left === null) {
            return 1;
        }
        return 1 + $this->left->check() + $this->right->check();
    }
}

function bottomUpTree(int $depth): Node
{
    if ($depth > 0) {
        return new Node(bottomUpTree($depth - 1), bottomUpTree($depth - 1));
    }
    return new Node(null, null);
}

$n = (int) $argv[1];
$want = $argv[2];
$maxDepth = max(MIN_DEPTH + 2, $n);
$total = bottomUpTree($maxDepth + 1)->check();
$longLived = bottomUpTree($maxDepth);
for ($depth = MIN_DEPTH; $depth <= $maxDepth; $depth += 2) {
    $iterations = 1 << ($maxDepth - $depth + MIN_DEPTH);
    for ($i = 0; $i < $iterations; $i++) {
        $total += bottomUpTree($depth)->check();
    }
}
$total += $longLived->check();
$got = (string) $total;
echo $got, "\n";
if ($got !== $want) {
    fwrite(STDERR, "binarytrees: wrong answer: got $got, want $want\n");
    exit(1);
}
