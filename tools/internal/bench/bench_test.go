package bench

import (
	"bytes"
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fakeExe writes an executable shell script named name into dir.
func fakeExe(t *testing.T, dir, name, script string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestDiscover(t *testing.T) {
	dir := t.TempDir()
	fakeExe(t, dir, "python3", `echo "Python 3.99.1"`)
	fakeExe(t, dir, "node", `echo v99.0.0`)
	fakeExe(t, dir, "java", `echo 'openjdk version "99.0.1" 2099-01-01' >&2; echo 'OpenJDK Runtime Environment (build 99.0.1+1-Debian)' >&2; echo 'OpenJDK 64-Bit Server VM' >&2`)
	fakeExe(t, dir, "javac", `echo javac 99`)
	fakeExe(t, dir, "go", `echo "go version go9.9.9 linux/amd64"`)
	fakeExe(t, dir, "ruby", `echo "broken" >&2; exit 3`) // installed but broken
	// php is missing.

	f := Finder{Path: dir, Timeout: 5 * time.Second}
	found, missing := f.Discover(context.Background(), RuntimeNames())
	got := map[string]string{}
	for _, rt := range found {
		got[rt.Name] = rt.Version
		if filepath.Dir(rt.Path) != dir {
			t.Errorf("%s found at %s, want it in %s", rt.Name, rt.Path, dir)
		}
	}
	want := map[string]string{
		"python": "Python 3.99.1",
		"go":     "go version go9.9.9 linux/amd64",
		"node":   "v99.0.0",
		"java":   `openjdk version "99.0.1" 2099-01-01; OpenJDK Runtime Environment (build 99.0.1+1-Debian)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("found %v\nwant %v", got, want)
	}
	miss := map[string]Missing{}
	for _, m := range missing {
		miss[m.Name] = m
	}
	if m, ok := miss["php"]; !ok || m.Install != "apt-get install -y php-cli" || !strings.Contains(m.Reason, "php not found") {
		t.Errorf("php: got %+v, want it missing with its install command", m)
	}
	if m, ok := miss["ruby"]; !ok || !strings.Contains(m.Reason, "broken") || m.Install != "apt-get install -y ruby" {
		t.Errorf("ruby: got %+v, want it reported broken, with its stderr and install command", m)
	}

	// Java without javac cannot compile the programs: it is missing, and says why.
	os.Remove(filepath.Join(dir, "javac"))
	_, missing = f.Discover(context.Background(), []string{"java"})
	if len(missing) != 1 || !strings.Contains(missing[0].Reason, "javac not found") {
		t.Errorf("java without javac: got %+v", missing)
	}
}

func TestSummarize(t *testing.T) {
	for _, tc := range []struct {
		xs             []float64
		median, lo, hi float64
		level          float64
	}{
		{[]float64{3}, 3, 3, 3, 0},
		{[]float64{5, 1, 4, 2, 3}, 3, 1, 5, 0.9375},
		{[]float64{6, 1, 5, 2, 4, 3}, 3.5, 1, 6, 0.96875},
		{[]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 5.5, 2, 9, 1 - 2*11.0/1024},
		{[]float64{1, 1, 1, 1, 1, 1, 1, 1, 100}, 1, 1, 1, 1 - 2*10.0/512},
	} {
		st := Summarize(tc.xs, 0.95)
		if st.N != len(tc.xs) || st.Median != tc.median || st.Lo != tc.lo || st.Hi != tc.hi || math.Abs(st.Level-tc.level) > 1e-12 {
			t.Errorf("Summarize(%v) = %+v, want median %v in [%v, %v] at %v", tc.xs, st, tc.median, tc.lo, tc.hi, tc.level)
		}
	}
	m, lo, hi := Ratio(Stats{Median: 10, Lo: 8, Hi: 12}, Stats{Median: 5, Lo: 4, Hi: 6})
	if m != 2 || math.Abs(lo-8.0/6) > 1e-12 || hi != 3 {
		t.Errorf("Ratio = %v [%v, %v], want 2 [1.333, 3]", m, lo, hi)
	}
}

func TestParseWrk(t *testing.T) {
	b, err := os.ReadFile("testdata/wrk.txt")
	if err != nil {
		t.Fatal(err)
	}
	w, err := parseWrk(string(b))
	if err != nil {
		t.Fatal(err)
	}
	want := wrkResult{RPS: 15464.32, P50: 1930 * time.Microsecond, P99: 6120 * time.Microsecond, Requests: 77324, SocketErrors: 3}
	if w != want {
		t.Errorf("parseWrk = %+v, want %+v", w, want)
	}
	b, _ = os.ReadFile("testdata/wrk-slow.txt")
	w, err = parseWrk(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if w.P50 != 812500*time.Nanosecond || w.P99 != 1990*time.Millisecond || w.Non2xx != 3 || w.RPS != 39.96 {
		t.Errorf("parseWrk(slow) = %+v", w)
	}
	if _, err := parseWrk("Requests/sec: 12\n"); err == nil || !strings.Contains(err.Error(), "--latency") {
		t.Errorf("no latency lines: got %v, want an error that asks for --latency", err)
	}
	if _, err := parseWrk("unable to connect to 127.0.0.1:1 Connection refused\n"); err == nil {
		t.Error("no report: got no error")
	}
}

func TestCheckResponse(t *testing.T) {
	ok := []byte(`{"message":"Hello, World!"}`)
	if err := checkResponse(200, "application/json; charset=utf-8", ok); err != nil {
		t.Errorf("right response: %v", err)
	}
	for _, tc := range []struct {
		status int
		ct     string
		body   string
		want   string
	}{
		{500, "application/json", string(ok), "status 500"},
		{200, "text/html", string(ok), "Content-Type"},
		{200, "application/json", `{"message":"Hello, World"}`, "want {"},
		{200, "application/json", `{"message":"Hello, World!","x":1}`, "want {"},
		{200, "application/json", `Hello`, "not a JSON object"},
	} {
		err := checkResponse(tc.status, tc.ct, []byte(tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("checkResponse(%d, %q, %q) = %v, want an error containing %q", tc.status, tc.ct, tc.body, err, tc.want)
		}
	}
}

// sampleResults is the golden file's input: every kind of entry and value the harness writes.
func sampleResults() *Results {
	r := &Results{}
	for _, kv := range [][2]string{
		{"goos", "linux"}, {"goarch", "amd64"}, {"pkg", "pyevidence/tools/bench"}, {"cpu", "Test CPU @ 1.00GHz"},
		{"cores", "2"}, {"date", "2026-11-26T10:00:00Z"}, {"loadavg-before", "0.10 0.20 0.30"},
		{"command", "go run ./tools/site bench -quick"}, {"runtime-python", "Python 3.11.2 (/usr/bin/python3)"},
	} {
		r.Set(kv[0], kv[1])
	}
	r.Entries = []Entry{
		{Kind: Skip, Name: Name("Suite", "runtime", "ruby"), Lines: []string{"ruby not found on /usr/bin", "install: apt-get install -y ruby"}},
		{Kind: Sample, Name: Name("NBody", "runtime", "python", "impl", "single", "n", "1000"),
			Values: []Value{{18900000, "ns/op"}, {17500000, "cpu-ns/op"}, {9437184, "peak-rss-B"}}},
		{Kind: Sample, Name: Name("NBody", "runtime", "python", "impl", "single", "n", "1000"),
			Values: []Value{{19100000, "ns/op"}, {17600000, "cpu-ns/op"}, {9437184, "peak-rss-B"}}},
		{Kind: Fail, Name: Name("FannkuchRedux", "runtime", "php", "impl", "single", "n", "7"),
			Lines: []string{"command: php fannkuchredux.php 7 '228 16'", `wrong answer: got "228 15", want "228 16"`, "stderr: fannkuchredux: wrong answer"}},
		{Kind: Sample, Name: Name("Mandelbrot", "runtime", "go", "impl", "goroutines", "workers", "2", "n", "200"),
			Values: []Value{{4684000, "ns/op"}, {3117397, "kernel-ns/op"}}},
		{Kind: Sample, Name: Name("HTTPJSON", "runtime", "go", "server", "go-nethttp"),
			Values: []Value{{15464.32, "req/s"}, {1930000, "p50-ns"}, {6120000, "p99-ns"}, {0, "socket-errors"}}},
	}
	return r
}

func TestFormatGolden(t *testing.T) {
	var b bytes.Buffer
	if err := sampleResults().Write(&b); err != nil {
		t.Fatal(err)
	}
	golden := "testdata/results.golden"
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		got := strings.TrimSuffix(golden, ".golden") + ".got"
		os.WriteFile(got, b.Bytes(), 0o644)
		t.Errorf("output differs from %s; wrote %s (diff them; go test -update accepts it)", golden, got)
	}

	// What Write writes, Parse reads back.
	back, err := Parse(bytes.NewReader(want), golden)
	if err != nil {
		t.Fatal(err)
	}
	for i := range back.Entries {
		back.Entries[i].Line = 0
	}
	if !reflect.DeepEqual(back, sampleResults()) {
		t.Errorf("Parse(Write(r)) differs from r:\n%+v\n%+v", back, sampleResults())
	}
	gs := back.Groups()
	if len(gs) != 4 || len(gs[0].Samples) != 2 || gs[1].Failed == nil {
		t.Fatalf("Groups: got %d groups, first with %d samples", len(gs), len(gs[0].Samples))
	}
	st, _ := gs[0].Stats("ns/op", Level)
	if st.Median != 19000000 || st.N != 2 {
		t.Errorf("Stats(ns/op) = %+v, want the median of two runs, 19000000", st)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"cpu: x\nBenchmarkX 1 12\n", "r.txt:2: want a name, an iteration count and value-unit pairs"},
		{"BenchmarkX one 12 ns/op\n", "r.txt:1: iteration count: want an integer"},
		{"BenchmarkX 1 fast ns/op\n", `r.txt:1: want a number before unit "ns/op", got "fast"`},
		{"\n--- FAIL: nothing\n", "r.txt:2: want a benchmark name"},
	} {
		_, err := Parse(strings.NewReader(tc.in), "r.txt")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
	// Other lines are ignored, as benchfmt ignores them.
	r, err := Parse(strings.NewReader("PASS\nok  \tpkg\t1.0s\nBenchmarkX 1 12 ns/op\n"), "r.txt")
	if err != nil || len(r.Entries) != 1 {
		t.Errorf("Parse with go test noise: %v, %d entries", err, len(r.Entries))
	}
}
