// Command mandelbrot counts the points of an n×n grid that stay in the Mandelbrot set
// (the Benchmarks Game's iteration: at most 50 steps, escape at |z|² > 4), with the rows dealt
// out to workers goroutines (row y to worker y mod workers).
//
// Usage: mandelbrot goroutines <n> <workers> <expected count>. It prints the count, then
// "kernel-ns <ns>" (the time from starting the workers to having every result), and exits 1
// if the count is not the expected one.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

const maxIter = 50

// rows counts the points in the set on the rows y ≡ w (mod workers).
func rows(n, w, workers int) int {
	count := 0
	for y := w; y < n; y += workers {
		ci := 2.0*float64(y)/float64(n) - 1.0
		for x := range n {
			cr := 2.0*float64(x)/float64(n) - 1.5
			zr, zi, tr, ti := 0.0, 0.0, 0.0, 0.0
			i := 0
			for i < maxIter && tr+ti <= 4.0 {
				zi = 2.0*zr*zi + ci
				zr = tr - ti + cr
				tr = zr * zr
				ti = zi * zi
				i++
			}
			if tr+ti <= 4.0 {
				count++
			}
		}
	}
	return count
}

func main() {
	if len(os.Args) != 5 || os.Args[1] != "goroutines" {
		fmt.Fprintln(os.Stderr, "usage: mandelbrot goroutines <n> <workers> <expected count>")
		os.Exit(2)
	}
	n, err1 := strconv.Atoi(os.Args[2])
	workers, err2 := strconv.Atoi(os.Args[3])
	if err1 != nil || err2 != nil || workers < 1 {
		fmt.Fprintln(os.Stderr, "mandelbrot: n and workers must be positive integers")
		os.Exit(2)
	}
	want := os.Args[4]
	start := time.Now()
	counts := make([]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { counts[w] = rows(n, w, workers) })
	}
	wg.Wait()
	total := 0
	for _, c := range counts {
		total += c
	}
	elapsed := time.Since(start)
	got := strconv.Itoa(total)
	fmt.Println(got)
	fmt.Println("kernel-ns", elapsed.Nanoseconds())
	if got != want {
		fmt.Fprintf(os.Stderr, "mandelbrot: wrong answer: got %s, want %s\n", got, want)
		os.Exit(1)
	}
}
