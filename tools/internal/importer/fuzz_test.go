package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzUpstream feeds arbitrary bytes to every file-reading importer: each must return an
// error or a table, never panic. `go test` runs the seeds; `go test -fuzz FuzzUpstream`
// explores further.
func FuzzUpstream(f *testing.F) {
	for _, p := range []string{
		"testdata/benchmarks-game/data.csv", "testdata/innovation-graph/languages.csv",
		"testdata/web-frameworks/results.csv", "testdata/faster-cpython/index.csv",
		"testdata/so-survey/survey_results_public_2024.csv", "testdata/energy/raw/Python_Python.csv",
		"testdata/endoflife/products/python.md", "testdata/so2023-transcription/transcribed.csv",
	} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(strings.Join(benchmarksGameHeader, ",") + "\nnbody,go,1,1,1,1,1,0,%,0,1\n"))
	f.Add([]byte("a\n\"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		importBenchmarksGame(ctx, path)
		importInnovationGraph(ctx, path)
		importWebFrameworks(ctx, path)
		importFasterCPython(ctx, path)
		importSO2023(ctx, path)
		importSurvey(ctx, path, "2024", "2024-07-24", "2026-11-26")
		readEnergyFile(ctx, path)
		productRows(path, data, 0, "python")
		frontMatter(path, data)
	})
}
