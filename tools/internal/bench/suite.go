package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// Workloads, in the order they run.
var Workloads = []string{"cpu", "parallel", "http", "startup"}

// size is one problem size of a program and the answer it must print.
type size struct {
	N      string
	Answer string
}

// kernel is a single-threaded CPU-bound program, written once per runtime in
// tools/bench/<Dir>/ (main.go, <Dir>.py, <Dir>.js, <Dir>.php, <Dir>.rb, <Class>.java).
type kernel struct {
	Dir   string // folder and file stem: nbody
	Bench string // benchmark name: NBody
	Class string // Java class
	Full  size
	Quick size
}

// The answers are the Benchmarks Game's where it publishes them (nbody 1000, spectralnorm
// 100, fannkuchredux 7), and otherwise what all six programs print (they agree to every
// digit); a program that prints anything else has failed.
var kernels = []kernel{
	{"nbody", "NBody", "NBody", size{"1000000", "-0.169086185"}, size{"1000", "-0.169087605"}},
	{"spectralnorm", "SpectralNorm", "SpectralNorm", size{"800", "1.274224144"}, size{"100", "1.274219991"}},
	{"binarytrees", "BinaryTrees", "BinaryTrees", size{"16", "14985902"}, size{"6", "4398"}},
	{"fannkuchredux", "FannkuchRedux", "FannkuchRedux", size{"10", "73196 38"}, size{"7", "228 16"}},
}

// The parallel kernel: points of an n×n grid in the Mandelbrot set, rows dealt out to
// workers.
var parallelKernel = kernel{"mandelbrot", "Mandelbrot", "Mandelbrot", size{"1000", "396940"}, size{"200", "15899"}}

// parallelImpl is one way a runtime offers to use several cores.
type parallelImpl struct {
	Runtime string
	Impl    string // the program's mode argument
}

var parallelImpls = []parallelImpl{
	{"python", "threads"}, {"python", "processes"}, {"python", "asyncio"},
	{"go", "goroutines"},
	{"node", "worker_threads"},
	{"java", "threads"},
	{"php", "processes"},
	{"ruby", "threads"}, {"ruby", "ractors"}, {"ruby", "processes"},
}

// program is how a runtime runs the program in tools/bench/<dir>: argv before the
// program's own arguments. Compiled languages are built once into work.
func (s *suite) program(rt *Runtime, k kernel) ([]string, error) {
	dir := filepath.Join(s.root, "tools", "bench", k.Dir)
	switch rt.Name {
	case "python":
		return []string{rt.Path, filepath.Join(dir, k.Dir+".py")}, nil
	case "node":
		return []string{rt.Path, filepath.Join(dir, k.Dir+".js")}, nil
	case "php":
		return []string{rt.Path, filepath.Join(dir, k.Dir+".php")}, nil
	case "ruby":
		return []string{rt.Path, filepath.Join(dir, k.Dir+".rb")}, nil
	case "go":
		bin, err := s.build("go/"+k.Dir, func(out string) []string {
			return []string{rt.Path, "build", "-o", filepath.Join(out, k.Dir), "./tools/bench/" + k.Dir}
		})
		if err != nil {
			return nil, err
		}
		return []string{filepath.Join(bin, k.Dir)}, nil
	case "java":
		classes, err := s.build("java/"+k.Dir, func(out string) []string {
			return []string{rt.Tools["javac"], "-d", out, filepath.Join(dir, k.Class+".java")}
		})
		if err != nil {
			return nil, err
		}
		return []string{rt.Path, "-cp", classes, k.Class}, nil
	}
	return nil, fmt.Errorf("no way to run %s programs", rt.Name)
}

// build runs a compiler once per key into its own folder under work and returns the folder.
// The build is not timed.
func (s *suite) build(key string, argv func(out string) []string) (string, error) {
	if b, ok := s.builds[key]; ok {
		return b.dir, b.err
	}
	out := filepath.Join(s.work, filepath.FromSlash(key))
	err := os.MkdirAll(out, 0o755)
	if err == nil {
		cmd := argv(out)
		r := runProgram(s.ctx, s.root, s.env, 10*60e9, cmd)
		if r.Err != nil {
			err = fmt.Errorf("build failed: %s: %v\n%s", shellJoin(cmd), r.Err, r.Stderr)
		}
	}
	s.builds[key] = built{out, err}
	return out, err
}

type built struct {
	dir string
	err error
}

func itoa(i int) string { return strconv.Itoa(i) }
