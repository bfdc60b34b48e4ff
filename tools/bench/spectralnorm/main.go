// Command spectralnorm is the Benchmarks Game's power method on an infinite matrix,
// single-threaded.
//
// Usage: spectralnorm <n> <expected norm>. It prints the norm (%.9f) and exits 1 if it is
// not the expected value.
package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
)

func a(i, j int) float64 {
	return 1.0 / float64((i+j)*(i+j+1)/2+i+1)
}

func mulAv(v, av []float64) {
	for i := range av {
		var s float64
		for j := range v {
			s += a(i, j) * v[j]
		}
		av[i] = s
	}
}

func mulAtv(v, atv []float64) {
	for i := range atv {
		var s float64
		for j := range v {
			s += a(j, i) * v[j]
		}
		atv[i] = s
	}
}

func mulAtAv(v, atav, tmp []float64) {
	mulAv(v, tmp)
	mulAtv(tmp, atav)
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: spectralnorm <n> <expected norm>")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "spectralnorm:", err)
		os.Exit(2)
	}
	want := os.Args[2]
	u := make([]float64, n)
	for i := range u {
		u[i] = 1
	}
	v := make([]float64, n)
	tmp := make([]float64, n)
	for range 10 {
		mulAtAv(u, v, tmp)
		mulAtAv(v, u, tmp)
	}
	var vBv, vv float64
	for i := range n {
		vBv += u[i] * v[i]
		vv += v[i] * v[i]
	}
	got := fmt.Sprintf("%.9f", math.Sqrt(vBv/vv))
	fmt.Println(got)
	if got != want {
		fmt.Fprintf(os.Stderr, "spectralnorm: wrong answer: got %s, want %s\n", got, want)
		os.Exit(1)
	}
}
