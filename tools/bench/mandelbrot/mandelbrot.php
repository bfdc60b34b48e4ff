<?php
// mandelbrot: count the points of an n×n grid that stay in the Mandelbrot set (the Benchmarks
// Game's iteration: at most 50 steps, escape at |z|² > 4), with the rows dealt out to worker
// processes made with pcntl_fork (row y to worker y mod workers); each child sends its count
// back over a socket pair.
// Usage: php mandelbrot.php processes <n> <workers> <expected count>. Prints the count, then
// "kernel-ns <ns>" (from starting the workers to having every result), and exits 1 if the
// count is not the expected one.

const MAX_ITER = 50;

function rows(int $n, int $w, int $workers): int
{
    $count = 0;
    for ($y = $w; $y < $n; $y += $workers) {
        $ci = 2.0 * $y / $n - 1.0;
        for ($x = 0; $x < $n; $x++) {
            $cr = 2.0 * $x / $n - 1.5;
            $zr = $zi = $tr = $ti = 0.0;
            $i = 0;
            while ($i < MAX_ITER && $tr + $ti <= 4.0) {
                $zi = 2.0 * $zr * $zi + $ci;
                $zr = $tr - $ti + $cr;
                $tr = $zr * $zr;
                $ti = $zi * $zi;
                $i++;
            }
            if ($tr + $ti <= 4.0) {
                $count++;
            }
        }
    }
    return $count;
}

if ($argc !== 5 || $argv[1] !== 'processes') {
    fwrite(STDERR, "usage: php mandelbrot.php processes <n> <workers> <expected count>\n");
    exit(2);
}
$n = (int) $argv[2];
$workers = (int) $argv[3];
$want = $argv[4];
$start = hrtime(true);
$children = [];
for ($w = 0; $w < $workers; $w++) {
    [$parentEnd, $childEnd] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
    $pid = pcntl_fork();
    if ($pid === -1) {
        fwrite(STDERR, "mandelbrot: fork failed\n");
        exit(1);
    }
    if ($pid === 0) {
        fclose($parentEnd);
        fwrite($childEnd, (string) rows($n, $w, $workers));
        fclose($childEnd);
        exit(0);
    }
    fclose($childEnd);
    $children[$pid] = $parentEnd;
}
$total = 0;
foreach ($children as $pid => $sock) {
    $total += (int) stream_get_contents($sock);
    fclose($sock);
    pcntl_waitpid($pid, $status);
    if (!pcntl_wifexited($status) || pcntl_wexitstatus($status) !== 0) {
        fwrite(STDERR, "mandelbrot: worker $pid failed\n");
        exit(1);
    }
}
$elapsed = hrtime(true) - $start;
$got = (string) $total;
echo $got, "\n";
echo "kernel-ns $elapsed\n";
if ($got !== $want) {
    fwrite(STDERR, "mandelbrot: wrong answer: got $got, want $want\n");
    exit(1);
}
