<?php
// spectral-norm: the Benchmarks Game's power method on an infinite matrix, single-threaded.
// Usage: php spectralnorm.php <n> <expected norm>. Prints the norm (%.9f) and exits 1 if it
// is not the expected value.

function a(int $i, int $j): float
{
    return 1.0 / (intdiv(($i + $j) * ($i + $j + 1), 2) + $i + 1);
}

function mulAv(int $n, array $v): array
{
    $av = [];
    for ($i = 0; $i < $n; $i++) {
        $s = 0.0;
        for ($j = 0; $j < $n; $j++) {
            $s += a($i, $j) * $v[$j];
        }
        $av[$i] = $s;
    }
    return $av;
}

function mulAtv(int $n, array $v): array
{
    $atv = [];
    for ($i = 0; $i < $n; $i++) {
        $s = 0.0;
        for ($j = 0; $j < $n; $j++) {
            $s += a($j, $i) * $v[$j];
        }
        $atv[$i] = $s;
    }
    return $atv;
}

function mulAtAv(int $n, array $v): array
{
    return mulAtv($n, mulAv($n, $v));
}

$n = (int) $argv[1];
$want = $argv[2];
$u = array_fill(0, $n, 1.0);
$v = [];
for ($i = 0; $i < 10; $i++) {
    $v = mulAtAv($n, $u);
    $u = mulAtAv($n, $v);
}
$vBv = $vv = 0.0;
for ($i = 0; $i < $n; $i++) {
    $vBv += $u[$i] * $v[$i];
    $vv += $v[$i] * $v[$i];
}
$got = sprintf('%.9f', sqrt($vBv / $vv));
echo $got, "\n";
if ($got !== $want) {
    fwrite(STDERR, "spectralnorm: wrong answer: got $got, want $want\n");
    exit(1);
}
