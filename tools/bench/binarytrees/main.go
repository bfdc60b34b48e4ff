// Command binarytrees is the Benchmarks Game's allocation test, single-threaded.
//
// Usage: binarytrees <max depth> <expected total>. It builds the stretch tree, the long-lived
// tree and the many short-lived trees of the Benchmarks Game's program, prints the sum of
// every check() it made, and exits 1 if that is not the expected value.
package main

import (
	"fmt"
	"os"
	"strconv"
)

const minDepth = 4

type node struct {
	left, right *node
}

func (n *node) check() int {
	if n.left == nil {
		return 1
	}
	return 1 + n.left.check() + n.right.check()
}

func bottomUpTree(depth int) *node {
	if depth > 0 {
		return &node{bottomUpTree(depth - 1), bottomUpTree(depth - 1)}
	}
	return &node{}
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: binarytrees <max depth> <expected total>")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "binarytrees:", err)
		os.Exit(2)
	}
	want := os.Args[2]
	maxDepth := max(minDepth+2, n)
	total := bottomUpTree(maxDepth + 1).check()
	longLived := bottomUpTree(maxDepth)
	for depth := minDepth; depth <= maxDepth; depth += 2 {
		iterations := 1 << (maxDepth - depth + minDepth)
		for range iterations {
			total += bottomUpTree(depth).check()
		}
	}
	total += longLived.check()
	got := strconv.Itoa(total)
	fmt.Println(got)
	if got != want {
		fmt.Fprintf(os.Stderr, "binarytrees: wrong answer: got %s, want %s\n", got, want)
		os.Exit(1)
	}
}
