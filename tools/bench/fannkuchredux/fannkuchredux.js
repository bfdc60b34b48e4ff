// fannkuch-redux: the Benchmarks Game's pancake-flipping count over all permutations,
// single-threaded.
// Usage: node fannkuchredux.js <n> <expected "checksum maxflips">. Prints the checksum and the
// maximum number of flips, and exits 1 if they are not the expected values.
'use strict';

function fannkuch(n) {
  const perm1 = Array.from({ length: n }, (_, i) => i);
  const perm = new Array(n).fill(0);
  const count = new Array(n).fill(0);
  let maxFlips = 0;
  let checksum = 0;
  let permutation = 0;
  let r = n;
  for (;;) {
    for (; r !== 1; r--) {
      count[r - 1] = r;
    }
    for (let i = 0; i < n; i++) {
      perm[i] = perm1[i];
    }
    let flips = 0;
    for (let k = perm[0]; k !== 0; k = perm[0]) {
      for (let i = 0, j = k; i < j; i++, j--) {
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      flips++;
    }
    maxFlips = Math.max(maxFlips, flips);
    checksum += permutation % 2 === 0 ? flips : -flips;
    // Next permutation, in the Benchmarks Game's order.
    for (;;) {
      if (r === n) {
        return [checksum, maxFlips];
      }
      const perm0 = perm1[0];
      for (let i = 0; i < r; i++) {
        perm1[i] = perm1[i + 1];
      }
      perm1[r] = perm0;
      count[r]--;
      if (count[r] > 0) {
        break;
      }
      r++;
    }
    permutation++;
  }
}

const n = Number.parseInt(process.argv[2], 10);
const want = process.argv[3];
const [checksum, maxFlips] = fannkuch(n);
const got = `${checksum} ${maxFlips}`;
console.log(got);
if (got !== want) {
  console.error(`fannkuchredux: wrong answer: got ${got}, want ${want}`);
  process.exitCode = 1;
}
