// binary-trees: the Benchmarks Game's allocation test, single-threaded.
// Usage: node binarytrees.js <max depth> <expected total>. Builds the stretch tree, the
// long-lived tree and the many short-lived trees of the Benchmarks Game's program, prints the
// sum of every check() it made, and exits 1 if that is not the expected value.
'use strict';

const MIN_DEPTH = 4;

class Node {
  constructor(left, right) {
    this.left = left;
    this.right = right;
  }

  check() {
    if (this.left === null) {
      return 1;
    }
    return 1 + this.left.check() + this.right.check();
  }
}

function bottomUpTree(depth) {
  if (depth > 0) {
    return new Node(bottomUpTree(depth - 1), bottomUpTree(depth - 1));
  }
  return new Node(null, null);
}

const n = Number.parseInt(process.argv[2], 10);
const want = process.argv[3];
const maxDepth = Math.max(MIN_DEPTH + 2, n);
let total = bottomUpTree(maxDepth + 1).check();
const longLived = bottomUpTree(maxDepth);
for (let depth = MIN_DEPTH; depth <= maxDepth; depth += 2) {
  const iterations = 1 << (maxDepth - depth + MIN_DEPTH);
  for (let i = 0; i < iterations; i++) {
    total += bottomUpTree(depth).check();
  }
}
total += longLived.check();
const got = String(total);
console.log(got);
if (got !== want) {
  console.error(`binarytrees: wrong answer: got ${got}, want ${want}`);
  process.exitCode = 1;
}
