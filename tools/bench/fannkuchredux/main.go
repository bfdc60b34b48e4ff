// Command fannkuchredux is the Benchmarks Game's pancake-flipping count over all
// permutations, single-threaded.
//
// Usage: fannkuchredux <n> <expected "checksum maxflips">. It prints the checksum and the
// maximum number of flips, and exits 1 if they are not the expected values.
package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
)

func fannkuch(n int) (checksum, maxFlips int) {
	perm1 := make([]int, n)
	for i := range perm1 {
		perm1[i] = i
	}
	perm := make([]int, n)
	count := make([]int, n)
	permutation := 0
	r := n
	for {
		for ; r != 1; r-- {
			count[r-1] = r
		}
		copy(perm, perm1)
		flips := 0
		for k := perm[0]; k != 0; k = perm[0] {
			slices.Reverse(perm[:k+1])
			flips++
		}
		maxFlips = max(maxFlips, flips)
		if permutation%2 == 0 {
			checksum += flips
		} else {
			checksum -= flips
		}
		// Next permutation, in the Benchmarks Game's order.
		for {
			if r == n {
				return checksum, maxFlips
			}
			perm0 := perm1[0]
			copy(perm1[:r], perm1[1:r+1])
			perm1[r] = perm0
			count[r]--
			if count[r] > 0 {
				break
			}
			r++
		}
		permutation++
	}
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, `usage: fannkuchredux <n> <expected "checksum maxflips">`)
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "fannkuchredux:", err)
		os.Exit(2)
	}
	want := os.Args[2]
	checksum, maxFlips := fannkuch(n)
	got := fmt.Sprintf("%d %d", checksum, maxFlips)
	fmt.Println(got)
	if got != want {
		fmt.Fprintf(os.Stderr, "fannkuchredux: wrong answer: got %s, want %s\n", got, want)
		os.Exit(1)
	}
}
