<?php
// n-body: the Benchmarks Game's simulation of the Jovian planets, single-threaded.
// Usage: php nbody.php <steps> <expected energy>. Prints the energy after <steps> steps
// (%.9f) and exits 1 if it is not the expected value.

const SOLAR_MASS = 4 * M_PI * M_PI;
const DAYS_PER_YEAR = 365.24;

final class Body
{
    public float $vx;
    public float $vy;
    public float $vz;
    public float $mass;

    public function __construct(
        public float $x, public float $y, public float $z,
        float $vx, float $vy, float $vz, float $mass,
    ) {
        $this->vx = $vx * DAYS_PER_YEAR;
        $this->vy = $vy * DAYS_PER_YEAR;
        $this->vz = $vz * DAYS_PER_YEAR;
        $this->mass = $mass * SOLAR_MASS;
    }
}

function jovianSystem(): array
{
    return [
        new Body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0),
        new Body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
            1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
            9.54791938424326609e-04),
        new Body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
            -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
            2.85885980666130812e-04),
        new Body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
            2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
            4.36624404335156298e-05),
        new Body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
            2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
            5.15138902046611451e-05),
    ];
}

function offsetMomentum(array $bodies): void
{
    $px = $py = $pz = 0.0;
    foreach ($bodies as $b) {
        $px += $b->vx * $b->mass;
        $py += $b->vy * $b->mass;
        $pz += $b->vz * $b->mass;
    }
    $sun = $bodies[0];
    $sun->vx = -$px / SOLAR_MASS;
    $sun->vy = -$py / SOLAR_MASS;
    $sun->vz = -$pz / SOLAR_MASS;
}

function advance(array $bodies, float $dt): void
{
    $n = count($bodies);
    for ($i = 0; $i < $n; $i++) {
        $bi = $bodies[$i];
        for ($j = $i + 1; $j < $n; $j++) {
            $bj = $bodies[$j];
            $dx = $bi->x - $bj->x;
            $dy = $bi->y - $bj->y;
            $dz = $bi->z - $bj->z;
            $d2 = $dx * $dx + $dy * $dy + $dz * $dz;
            $mag = $dt / ($d2 * sqrt($d2));
            $bi->vx -= $dx * $bj->mass * $mag;
            $bi->vy -= $dy * $bj->mass * $mag;
            $bi->vz -= $dz * $bj->mass * $mag;
            $bj->vx += $dx * $bi->mass * $mag;
            $bj->vy += $dy * $bi->mass * $mag;
            $bj->vz += $dz * $bi->mass * $mag;
        }
    }
    foreach ($bodies as $b) {
        $b->x += $dt * $b->vx;
        $b->y += $dt * $b->vy;
        $b->z += $dt * $b->vz;
    }
}

function energy(array $bodies): float
{
    $e = 0.0;
    $n = count($bodies);
    for ($i = 0; $i < $n; $i++) {
        $bi = $bodies[$i];
        $e += 0.5 * $bi->mass * ($bi->vx * $bi->vx + $bi->vy * $bi->vy + $bi->vz * $bi->vz);
        for ($j = $i + 1; $j < $n; $j++) {
            $bj = $bodies[$j];
            $dx = $bi->x - $bj->x;
            $dy = $bi->y - $bj->y;
            $dz = $bi->z - $bj->z;
            $e -= $bi->mass * $bj->mass / sqrt($dx * $dx + $dy * $dy + $dz * $dz);
        }
    }
    return $e;
}

$steps = (int) $argv[1];
$want = $argv[2];
$bodies = jovianSystem();
offsetMomentum($bodies);
for ($i = 0; $i < $steps; $i++) {
    advance($bodies, 0.01);
}
$got = sprintf('%.9f', energy($bodies));
echo $got, "\n";
if ($got !== $want) {
    fwrite(STDERR, "nbody: wrong answer: got $got, want $want\n");
    exit(1);
}
