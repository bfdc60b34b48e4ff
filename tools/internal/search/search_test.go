package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pyevidence/tools/internal/chart"
)

func TestContentBaseName(t *testing.T) {
	for in, want := range map[string]string{
		"content/essays/python-dont-over-use-it/index.md": "python-dont-over-use-it",
		"content/essays/where-python-wins.md":             "where-python-wins",
		"content/essays/_index.md":                        "essays",
	} {
		if got := ContentBaseName(in); got != want {
			t.Errorf("ContentBaseName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBuild: charts are found by title, takeaway and dataset; claims by their summary,
// quote and verdict, and they point at the article that makes them. Keys the reader does
// not know are ignored, so the ledger can grow.
func TestBuild(t *testing.T) {
	root := t.TempDir()
	ledger := `essay = "content/essays/the-essay/index.md"
[[claim]]
id = "slow"
quote = "Python is slow."
summary = "Python is slow for CPU-bound work"
verdict = "supported"
charts = ["cpu"]
note = "It is, by [fig:ratio]."
some_future_key = 3
`
	if err := os.MkdirAll(filepath.Join(root, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ClaimsFile), []byte(ledger), 0o644); err != nil {
		t.Fatal(err)
	}
	envs := []*chart.Envelope{{
		ID: "cpu", Kind: "bar", Theme: "performance", Title: "CPU time", Takeaway: "Python used more CPU.",
		Sources: []chart.Source{{Dataset: "benchmarks_game", Title: "The Benchmarks Game", Producer: "Isaac Gouy"}},
	}}
	d, err := Build(envs, root)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Charts) != 1 || d.Charts[0].Path != "charts/cpu/" || d.Charts[0].Text != "Python used more CPU." ||
		!strings.Contains(d.Charts[0].Keywords, "The Benchmarks Game") || !strings.Contains(d.Charts[0].Keywords, "Isaac Gouy") {
		t.Errorf("chart entry: %+v", d.Charts)
	}
	if len(d.Claims) != 1 {
		t.Fatalf("claims: %+v", d.Claims)
	}
	c := d.Claims[0]
	if c.Title != "Python is slow for CPU-bound work" || c.Text != "Python is slow." || c.Path != "/essays/the-essay" ||
		c.Anchor != "claim-slow" || c.Verdict != "supported" || !strings.Contains(c.Keywords, "CPU time") {
		t.Errorf("claim entry: %+v", c)
	}

	// No ledger: no claims, and no error.
	if err := os.Remove(filepath.Join(root, ClaimsFile)); err != nil {
		t.Fatal(err)
	}
	if d, err := Build(envs, root); err != nil || len(d.Claims) != 0 {
		t.Errorf("without a ledger: %+v, %v", d, err)
	}
}
