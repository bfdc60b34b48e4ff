<?php
// fannkuch-redux: the Benchmarks Game's pancake-flipping count over all permutations,
// single-threaded.
// Usage: php fannkuchredux.php <n> <expected "checksum maxflips">. Prints the checksum and the
// maximum number of flips, and exits 1 if they are not the expected values.

function fannkuch(int $n): array
{
    $perm1 = range(0, $n - 1);
    $count = array_fill(0, $n, 0);
    $maxFlips = $checksum = $permutation = 0;
    $r = $n;
    while (true) {
        for (; $r !== 1; $r--) {
            $count[$r - 1] = $r;
        }
        $perm = $perm1;
        $flips = 0;
        for ($k = $perm[0]; $k !== 0; $k = $perm[0]) {
            for ($i = 0, $j = $k; $i < $j; $i++, $j--) {
                $t = $perm[$i];
                $perm[$i] = $perm[$j];
                $perm[$j] = $t;
            }
            $flips++;
        }
        $maxFlips = max($maxFlips, $flips);
        $checksum += $permutation % 2 === 0 ? $flips : -$flips;
        // Next permutation, in the Benchmarks Game's order.
        while (true) {
            if ($r === $n) {
                return [$checksum, $maxFlips];
            }
            $perm0 = $perm1[0];
            for ($i = 0; $i < $r; $i++) {
                $perm1[$i] = $perm1[$i + 1];
            }
            $perm1[$r] = $perm0;
            $count[$r]--;
            if ($count[$r] > 0) {
                break;
            }
            $r++;
        }
        $permutation++;
    }
}

$n = (int) $argv[1];
$want = $argv[2];
[$checksum, $maxFlips] = fannkuch($n);
$got = "$checksum $maxFlips";
echo $got, "\n";
if ($got !== $want) {
    fwrite(STDERR, "fannkuchredux: wrong answer: got $got, want $want\n");
    exit(1);
}
