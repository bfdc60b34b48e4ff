package bench

import (
	"math"
	"slices"
)

// Stats summarises repeated measurements of one value.
type Stats struct {
	N      int
	Median float64
	// Lo and Hi bound a distribution-free confidence interval for the median: the order
	// statistics x(k) and x(n+1-k) for the largest k whose exact binomial coverage is at
	// least the level asked for (the method of golang.org/x/perf's benchmath). Level is the
	// coverage achieved, which is below the one asked for when there are too few samples
	// (with 5 samples, [min, max] covers the median with probability 93.75%).
	Lo, Hi float64
	Level  float64
}

// Summarize computes the median of xs and its confidence interval at the given level
// (0.95 for 95%). It needs no random numbers, so the same samples always give the same
// interval.
func Summarize(xs []float64, level float64) Stats {
	n := len(xs)
	if n == 0 {
		return Stats{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	st := Stats{N: n, Median: median(s), Lo: s[0], Hi: s[n-1], Level: coverage(n, 1)}
	for k := 2; 2*k <= n+1; k++ {
		c := coverage(n, k)
		if c < level {
			break
		}
		st.Lo, st.Hi, st.Level = s[k-1], s[n-k], c
	}
	return st
}

// median of sorted s.
func median(s []float64) float64 {
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// coverage is the probability that [x(k), x(n+1-k)] contains the median of the
// distribution the n samples came from: 1 - 2·P(B ≤ k-1) for B ~ Binomial(n, 1/2).
func coverage(n, k int) float64 {
	if n == 0 {
		return 0
	}
	tail := 0.0
	for i := 0; i <= k-1; i++ {
		tail += binom(n, i)
	}
	tail /= math.Pow(2, float64(n))
	return math.Max(0, 1-2*tail)
}

func binom(n, k int) float64 {
	r := 1.0
	for i := 1; i <= k; i++ {
		r = r * float64(n-k+i) / float64(i)
	}
	return r
}

// Ratio is a/b with bounds formed from the two intervals (a.Lo/b.Hi, a.Hi/b.Lo). Those
// bounds are conservative: when each interval covers its median with probability p, both
// do with probability at least 2p-1.
func Ratio(a, b Stats) (mid, lo, hi float64) {
	if b.Median == 0 || b.Lo == 0 || b.Hi == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	return a.Median / b.Median, a.Lo / b.Hi, a.Hi / b.Lo
}
