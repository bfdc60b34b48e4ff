package importer

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pyevidence/tools/internal/dataset"
)

// localBenchDatasets is a datasets folder with the one dataset the local-bench importer reads
// (benchmarks_game, for the comparison), copied from the repository.
func localBenchDatasets(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	dst := filepath.Join(dir, "benchmarks_game")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"data.csv", "meta.toml"} {
		b, err := os.ReadFile(filepath.Join(realDatasets, "benchmarks_game", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var localBenchIDs = []string{"local_bench_cpu", "local_bench_parallel", "local_bench_http", "local_bench_startup", "local_bench_memory", "local_bench_vs_bg"}

func TestLocalBenchGolden(t *testing.T) {
	dir := localBenchDatasets(t)
	if err := Run(context.Background(), "local-bench", []string{"testdata/local-bench/results.txt"}, dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, id := range localBenchIDs {
		d, err := dataset.Load(filepath.Join(dir, id))
		if err != nil {
			t.Fatal(err)
		}
		if errs := dataset.Check(d); len(errs) > 0 {
			t.Errorf("%s fails its check: %v", id, errs.Err())
		}
		b, _ := os.ReadFile(filepath.Join(dir, id, "data.csv"))
		golden(t, filepath.Join("testdata", "local-bench", id+".csv"), b)
	}
	meta, _ := os.ReadFile(filepath.Join(dir, "local_bench_cpu", "meta.toml"))
	for _, want := range []string{
		"Measured by this project on testbox (Test CPU, 2 cores, 4096 MB memory, Linux 6.1.0, Debian GNU/Linux 12 (bookworm)), 2026-11-26T10:00:00Z, with `go run ./tools/site bench`.",
		`date_published = "2026-11-26"`,
		"SpectralNorm/runtime=python/impl=single/n=800: timed out after 3m0s",
		"Suite/runtime=ruby: ruby not found on /usr/bin; install: apt-get install -y ruby",
		"The load average was 0.05 0.10 0.20 before the run and 0.30 0.20 0.20 after it",
		"`go run ./tools/site import local-bench testdata/local-bench/results.txt`",
	} {
		if !strings.Contains(string(meta), want) {
			t.Errorf("local_bench_cpu/meta.toml does not say %q", want)
		}
	}
}

func TestLocalBenchBusyMachine(t *testing.T) {
	src, _ := os.ReadFile("testdata/local-bench/results.txt")
	for _, tc := range []struct{ from, to, want string }{
		{"loadavg-before: 0.05 0.10 0.20", "loadavg-before: 4.53 2.51 1.70", "its load average was 4.53 2.51 1.70 before the run and 0.30 0.20 0.20 after it"},
		// Busy by the end of the run counts too.
		{"loadavg-after: 0.30 0.20 0.20", "loadavg-after: 7.98 5.25 4.49", "its load average was 0.05 0.10 0.20 before the run and 7.98 5.25 4.49 after it"},
	} {
		busy := strings.Replace(string(src), tc.from, tc.to, 1)
		path := filepath.Join(t.TempDir(), "results.txt")
		os.WriteFile(path, []byte(busy), 0o644)
		dir := localBenchDatasets(t)
		if err := Run(context.Background(), "local-bench", []string{path}, dir, io.Discard); err != nil {
			t.Fatal(err)
		}
		meta, _ := os.ReadFile(filepath.Join(dir, "local_bench_http", "meta.toml"))
		if !strings.Contains(string(meta), "**The machine was busy**: "+tc.want) || !strings.Contains(string(meta), "The numbers are noisy") {
			t.Errorf("a run on a busy machine must say its numbers are noisy:\n%s", meta)
		}
	}
}

func TestLocalBenchBadInput(t *testing.T) {
	src, _ := os.ReadFile("testdata/local-bench/results.txt")
	for _, tc := range []struct{ name, edit, want string }{
		{"no date", "date: 2026-11-26T10:00:00Z\n", "missing configuration line(s) date"},
		{"bad date", "date: 2026-11-26T10:00:00Z\n|date: yesterday\n", `date: want an RFC 3339 time, got "yesterday"`},
		{"unknown server", "server=go-nethttp|server=tomcat", `unknown server "tomcat"`},
		{"unknown runtime", "runtime=go/impl=single|runtime=cobol/impl=single", `unknown runtime "cobol"`},
		{"bad number", "req/s|req/s\nBenchmarkHTTPJSON/runtime=go/server=go-nethttp 1 fast req/s", `want a number before unit "req/s", got "fast"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from, to, _ := strings.Cut(tc.edit, "|")
			in := strings.Replace(string(src), from, to, 1)
			path := filepath.Join(t.TempDir(), "results.txt")
			os.WriteFile(path, []byte(in), 0o644)
			dir := localBenchDatasets(t)
			err := Run(context.Background(), "local-bench", []string{path}, dir, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("got %v, want an error at %s containing %q", err, path, tc.want)
			}
			// Nothing was written.
			for _, id := range localBenchIDs {
				if _, err := os.Stat(filepath.Join(dir, id)); err == nil {
					t.Errorf("%s was created by a failed import", id)
				}
			}
		})
	}
}
