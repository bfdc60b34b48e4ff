package bench

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestQuickSuite runs `site bench -quick` for real and checks that every workload produced a
// valid result for each required runtime. It needs the runtimes installed, so it runs only
// when BENCH_QUICK=1 (.ci/run sets it after installing them). With BENCH_QUICK_RESULTS set
// it checks that results file (written by `site bench -quick`) instead of running the suite
// again. BENCH_REQUIRE lists the
// runtimes that must be there (default python,go,node,java). Runtimes that are installed but
// not required are run too, and must not fail either.
func TestQuickSuite(t *testing.T) {
	if os.Getenv("BENCH_QUICK") != "1" {
		t.Skip("set BENCH_QUICK=1 to run the quick benchmark suite (needs the runtimes: bash tools/bench/setup.sh)")
	}
	require := splitList(os.Getenv("BENCH_REQUIRE"))
	if len(require) == 0 {
		require = []string{"python", "go", "node", "java"}
	}
	path := os.Getenv("BENCH_QUICK_RESULTS")
	if path == "" {
		path = filepath.Join(t.TempDir(), "results.txt")
		var log bytes.Buffer
		err := Run(context.Background(), Options{Root: "../../..", Out: filepath.Dir(path), Quick: true, Stdout: &log,
			Command: "go test ./tools/internal/bench -run TestQuickSuite"})
		t.Log(log.String())
		if err != nil {
			t.Errorf("bench -quick: %v", err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Parse(f, path)
	if err != nil {
		t.Fatal(err)
	}
	if r.Get("mode") != "quick" {
		t.Errorf("%s: mode %q, want a -quick run", path, r.Get("mode"))
	}
	// workload -> runtime -> a valid sample was seen
	seen := map[string]map[string]bool{}
	for _, w := range Workloads {
		seen[w] = map[string]bool{}
	}
	for _, g := range r.Groups() {
		base, kv := Parts(g.Name)
		if g.Failed != nil {
			t.Errorf("%s failed: %s", g.Name, strings.Join(g.Failed.Lines, " | "))
			continue
		}
		w := map[string]string{"HTTPJSON": "http", "Startup": "startup", "Mandelbrot": "parallel"}[base]
		if w == "" {
			w = "cpu"
		}
		unit := map[string]string{"http": "req/s"}[w]
		if unit == "" {
			unit = "ns/op"
		}
		for _, s := range g.Samples {
			if v, ok := s.Value(unit); ok && v > 0 {
				seen[w][kv["runtime"]] = true
			}
		}
	}
	for _, e := range r.Entries {
		if _, kv := Parts(e.Name); e.Kind == Skip && slices.Contains(require, kv["runtime"]) && strings.HasPrefix(e.Name, "BenchmarkSuite/") {
			t.Errorf("required runtime %s was left out: %s", kv["runtime"], strings.Join(e.Lines, "; "))
		}
	}
	for _, w := range Workloads {
		for _, rt := range require {
			if !seen[w][rt] {
				t.Errorf("workload %s produced no valid result for %s", w, rt)
			}
		}
	}
}
