package importer

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"pyevidence/tools/internal/dataset"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// realDatasets is the repository's data/datasets, whose sidecars the golden tests reuse.
const realDatasets = "../../../data/datasets"

// golden compares got with the file at path. On a mismatch it writes path.got beside it (git
// ignores *.got); with -update it rewrites the golden file.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		if err := os.WriteFile(path+".got", got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s: output differs; wrote %s.got (diff them, then go test -update if the change is right)", path, path)
	} else {
		os.Remove(path + ".got")
	}
}

// datasetsWithMeta returns a temporary datasets folder holding a copy of the real sidecar
// of dataset id, so that an import is checked against the categories and types the site uses.
func datasetsWithMeta(t *testing.T, id string) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(realDatasets, id, "meta.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, id), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, id, "meta.toml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestImportGolden(t *testing.T) {
	for _, tc := range []struct {
		name     string
		importer string
		args     []string
		id       string
		// metaGolden is set for importers that write the whole sidecar.
		metaGolden string
	}{
		{"benchmarks-game", "benchmarks-game", []string{"testdata/benchmarks-game/data.csv"}, "benchmarks_game", ""},
		{"energy", "energy", []string{"testdata/energy/raw"}, "energy_languages", ""},
		{"endoflife", "endoflife", []string{"testdata/endoflife/products"}, "endoflife", ""},
		{"innovation-graph", "innovation-graph", []string{"testdata/innovation-graph/languages.csv"}, "github_pushers", ""},
		{"web-frameworks", "web-frameworks", []string{"testdata/web-frameworks/results.csv"}, "web_frameworks", ""},
		{"faster-cpython", "faster-cpython", []string{"testdata/faster-cpython/index.csv"}, "cpython_builds", ""},
		{"copy", "copy", []string{"pep703_overhead", "testdata/copy/pep703.csv"}, "pep703_overhead", ""},
		{"so2023-transcription", "so2023-transcription", []string{"testdata/so2023-transcription/transcribed.csv"}, "stackoverflow_survey", "testdata/so2023-transcription/want.meta.toml"},
		{"so-survey-2024", "so-survey", []string{"-year", "2024", "-published", "2024-07-24", "-accessed", "2026-11-26", "testdata/so-survey/survey_results_public_2024.csv"}, "stackoverflow_survey", "testdata/so-survey/want_2024.meta.toml"},
		{"so-survey-2023", "so-survey", []string{"-year", "2023", "-published", "2023-06-13", "-accessed", "2026-11-26", "testdata/so-survey/survey_results_public_2023.csv"}, "stackoverflow_survey", "testdata/so-survey/want_2023.meta.toml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := datasetsWithMeta(t, tc.id)
			var out bytes.Buffer
			if err := Run(context.Background(), tc.importer, tc.args, dir, &out); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, tc.id, "data.csv"))
			if err != nil {
				t.Fatal(err)
			}
			want := filepath.Join("testdata", tc.name, "want.csv")
			if strings.HasPrefix(tc.name, "so-survey-") {
				want = filepath.Join("testdata", "so-survey", "want_"+strings.TrimPrefix(tc.name, "so-survey-")+".csv")
			}
			golden(t, want, got)
			if tc.metaGolden != "" {
				meta, err := os.ReadFile(filepath.Join(dir, tc.id, "meta.toml"))
				if err != nil {
					t.Fatal(err)
				}
				golden(t, tc.metaGolden, meta)
			}
			sum, err := dataset.Sum(filepath.Join(dir, tc.id, "data.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if line := out.String(); !strings.HasSuffix(line, "sha256 "+sum+"\n") || strings.Count(line, "\n") != 1 {
				t.Errorf("summary = %q, want one line ending in the sha256 %s", line, sum)
			}
			// The same input gives the same bytes.
			if err := Run(context.Background(), tc.importer, tc.args, dir, &out); err != nil {
				t.Fatal(err)
			}
			again, _ := os.ReadFile(filepath.Join(dir, tc.id, "data.csv"))
			if !bytes.Equal(got, again) {
				t.Error("a second run wrote different bytes")
			}
		})
	}
}

func TestImportBadInput(t *testing.T) {
	for _, tc := range []struct {
		name     string
		importer string
		args     []string
		id       string
		want     string
	}{
		{"benchmarks-game", "benchmarks-game", []string{"testdata/benchmarks-game/bad.csv"}, "benchmarks_game",
			`testdata/benchmarks-game/bad.csv:3:27: column "cpu(s)": want a number, got "n/a"`},
		{"benchmarks-game header", "benchmarks-game", []string{"testdata/web-frameworks/results.csv"}, "benchmarks_game",
			`testdata/web-frameworks/results.csv:1:1: header: column 1 is "framework", want "name" (want name,lang,id,n,size(B),cpu(s),mem(KB),status,load,elapsed(s),busy(s))`},
		{"energy", "energy", []string{"testdata/energy-bad"}, "energy_languages",
			`testdata/energy-bad/Ruby_Ruby.csv:2:10: column "package": want a number, got "1.2.3"`},
		{"endoflife", "endoflife", []string{"testdata/endoflife-bad"}, "endoflife",
			`testdata/endoflife-bad/django.yml:8:10: "eol": want a date as YYYY-MM-DD, true or false, got "soon"`},
		{"innovation-graph", "innovation-graph", []string{"testdata/innovation-graph/bad.csv"}, "github_pushers",
			`testdata/innovation-graph/bad.csv:3:1: column "num_pushers": want an integer, got "47.432"`},
		{"web-frameworks", "web-frameworks", []string{"testdata/web-frameworks/bad.csv"}, "web_frameworks",
			`testdata/web-frameworks/bad.csv:3:17: column "concurrency": want an integer, got "256.5"`},
		{"faster-cpython", "faster-cpython", []string{"testdata/faster-cpython/bad.csv"}, "cpython_builds",
			`testdata/faster-cpython/bad.csv:2:122: column "vs_3_13_0": want a factor such as "1.132x faster" or "1.135x slower", got "1.105 slower"`},
		{"copy", "copy", []string{"pep703_overhead", "testdata/copy/bad.csv"}, "pep703_overhead",
			`testdata/copy/bad.csv:3:22: column "execution_overhead_pct": want a number, got "five"`},
		{"copy header", "copy", []string{"pep703_overhead", "testdata/faster-cpython/index.csv"}, "pep703_overhead",
			`testdata/faster-cpython/index.csv:1:1: header: column 1 is "section_machine", want "workload" (want workload,cpu,execution_overhead_pct,benchmark_suite,baseline,source)`},
		{"so2023-transcription", "so2023-transcription", []string{"testdata/so2023-transcription/bad.csv"}, "stackoverflow_survey",
			`testdata/so2023-transcription/bad.csv:3:35: column "desired_pct": want a percentage from 0 to 100, got "139.81"`},
		{"so-survey header", "so-survey", []string{"-year", "2024", "-published", "2024-07-24", "-accessed", "2026-11-26", "testdata/so-survey/bad_header.csv"}, "stackoverflow_survey",
			`testdata/so-survey/bad_header.csv:1:1: header: missing column "LanguageWantToWorkWith"`},
		{"so-survey row", "so-survey", []string{"-year", "2024", "-published", "2024-07-24", "-accessed", "2026-11-26", "testdata/so-survey/bad_row.csv"}, "stackoverflow_survey",
			`testdata/so-survey/bad_row.csv:3:1: wrong number of fields`},
		{"so-survey flags", "so-survey", []string{"-year", "24", "testdata/so-survey/survey_results_public_2024.csv"}, "stackoverflow_survey",
			`usage: import so-survey -year YYYY -published YYYY-MM-DD -accessed YYYY-MM-DD <survey_results_public.csv> (-year, -published and -accessed are required; dates as YYYY-MM-DD)`},
		{"missing file", "benchmarks-game", []string{"testdata/nonexistent.csv"}, "benchmarks_game",
			`open testdata/nonexistent.csv: no such file or directory`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := datasetsWithMeta(t, tc.id)
			before, _ := os.ReadFile(filepath.Join(dir, tc.id, "meta.toml"))
			var out bytes.Buffer
			err := Run(context.Background(), tc.importer, tc.args, dir, &out)
			if err == nil {
				t.Fatalf("no error; want %s", tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("error:\n got %s\nwant %s", err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("printed %q on failure", out.String())
			}
			after, _ := os.ReadFile(filepath.Join(dir, tc.id, "meta.toml"))
			if !bytes.Equal(before, after) {
				t.Error("meta.toml changed although the import failed")
			}
			if _, err := os.Stat(filepath.Join(dir, tc.id, "data.csv")); err == nil {
				t.Error("data.csv written although the import failed")
			}
		})
	}
}

// TestRunRestoresOnFailedCheck imports into a dataset whose sidecar allows only one task, so
// the check fails; the previous data.csv and meta.toml must come back byte for byte.
func TestRunRestoresOnFailedCheck(t *testing.T) {
	dir := datasetsWithMeta(t, "benchmarks_game")
	metaPath := filepath.Join(dir, "benchmarks_game", "meta.toml")
	dataPath := filepath.Join(dir, "benchmarks_game", "data.csv")
	meta, _ := os.ReadFile(metaPath)
	meta = regexpReplace(t, meta, `categories = \["binarytrees", [^\]]*\]`, `categories = ["binarytrees"]`)
	meta = regexpReplace(t, meta, `sha256 = "[0-9a-f]*"`, `sha256 = "previous"`)
	if err := os.WriteFile(metaPath, meta, 0o644); err != nil {
		t.Fatal(err)
	}
	oldData := []byte("benchmark,lang\nprevious,data\n")
	if err := os.WriteFile(dataPath, oldData, 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := Run(context.Background(), "benchmarks-game", []string{"testdata/benchmarks-game/data.csv"}, dir, &out)
	if err == nil {
		t.Fatal("no error, want the check's")
	}
	msg := err.Error()
	wantFirst := dataPath + `:3:1: column "benchmark": unknown category "nbody" (allowed: binarytrees)`
	if first, _, _ := strings.Cut(msg, "\n"); first != wantFirst {
		t.Errorf("first line of the error:\n got %s\nwant %s", first, wantFirst)
	}
	if !strings.HasSuffix(msg, "the previous data.csv and meta.toml were restored") {
		t.Errorf("error does not say the files were restored:\n%s", msg)
	}
	gotMeta, _ := os.ReadFile(metaPath)
	gotData, _ := os.ReadFile(dataPath)
	if !bytes.Equal(gotMeta, meta) {
		t.Error("meta.toml not restored")
	}
	if !bytes.Equal(gotData, oldData) {
		t.Errorf("data.csv not restored: %q", gotData)
	}
	if out.Len() != 0 {
		t.Errorf("printed %q on failure", out.String())
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(filepath.Join(dir, "benchmarks_game"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"data.csv", "meta.toml"}) {
		t.Errorf("folder holds %v, want data.csv and meta.toml only", names)
	}
}

// TestRunRemovesNewFilesOnFailedCheck covers a first import: with no previous data.csv,
// a failed check leaves none.
func TestRunRemovesNewFilesOnFailedCheck(t *testing.T) {
	dir := datasetsWithMeta(t, "pep703_overhead")
	metaPath := filepath.Join(dir, "pep703_overhead", "meta.toml")
	meta, _ := os.ReadFile(metaPath)
	meta = regexpReplace(t, meta, `categories = \["One thread", "Multiple threads"\]`, `categories = ["One thread"]`)
	os.WriteFile(metaPath, meta, 0o644)
	err := Run(context.Background(), "copy", []string{"pep703_overhead", "testdata/copy/pep703.csv"}, dir, &bytes.Buffer{})
	if err == nil {
		t.Fatal("no error")
	}
	// The copy importer checks categories itself, at the upstream file's position.
	if want := `testdata/copy/pep703.csv:4:1: column "workload": unknown category "Multiple threads" (allowed: One thread)`; err.Error() != want {
		t.Errorf("error:\n got %s\nwant %s", err, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "pep703_overhead", "data.csv")); err == nil {
		t.Error("data.csv left behind")
	}
}

func TestRunNeedsSidecar(t *testing.T) {
	dir := t.TempDir()
	err := Run(context.Background(), "faster-cpython", []string{"testdata/faster-cpython/index.csv"}, dir, &bytes.Buffer{})
	want := filepath.Join(dir, "cpython_builds", "meta.toml") + ": no such file: write the dataset's sidecar (see the other datasets) before importing"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "cpython_builds")); err == nil {
		t.Error("created the dataset folder")
	}
}

func TestRunUnknownImporter(t *testing.T) {
	err := Run(context.Background(), "nope", nil, t.TempDir(), &bytes.Buffer{})
	if err == nil || !strings.HasPrefix(err.Error(), `unknown importer "nope" (want one of benchmarks-game, copy, `) {
		t.Errorf("error = %v", err)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := datasetsWithMeta(t, "endoflife")
	if err := Run(ctx, "endoflife", []string{"testdata/endoflife/products"}, dir, &bytes.Buffer{}); err != context.Canceled {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

func TestNames(t *testing.T) {
	want := []string{
		"benchmarks-game", "copy", "endoflife", "energy", "faster-cpython", "innovation-graph",
		"local-bench", "so-survey", "so2023-transcription", "web-frameworks",
	}
	if got := Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	if got := Usage(); len(got) != len(want) || got[0] != "import benchmarks-game <public/data/data.csv>" {
		t.Errorf("Usage() = %q", got)
	}
}

// TestBenchmarksGameTie: equal elapsed times go to the lower program id, whatever the order.
func TestBenchmarksGameTie(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.csv")
	src := strings.Join(benchmarksGameHeader, ",") + "\n" +
		"nbody,go,3,50000000,1200,6.381,1136,0,0% 100% 1% 0%,6.374,6.454\n" +
		"nbody,go,2,50000000,1215,6.940,1132,0,1% 0% 100% 0%,6.374,6.972\n" +
		"nbody,go,4,50000000,1215,6.940,1132,-1,1% 0% 100% 0%,1.000,6.972\n"
	os.WriteFile(path, []byte(src), 0o644)
	tb, err := importBenchmarksGame(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.rows) != 1 || tb.rows[0][3] != "2" {
		t.Errorf("rows = %v, want program 2 only", tb.rows)
	}
}

func TestSetSHA(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	src := "title = \"x\"\r\nderivation = \"\"\"\n[not a table]\nsha256 = \"inside a string\"\n\"\"\"\nsha256 = \"\" # filled by import\r\n\n[license]\nsha256 = \"\"\n"
	got, err := setSHA("meta.toml", []byte(src), sum)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(src, "sha256 = \"\" # filled by import\r\n", "sha256 = \""+sum+"\"\r\n", 1)
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	_, err = setSHA("meta.toml", []byte("title = \"x\"\n[license]\nsha256 = \"\"\n"), sum)
	if err == nil || err.Error() != `meta.toml:1:1: no top-level sha256 = "..." line before the first [table]: add one` {
		t.Errorf("error = %v", err)
	}
}

func TestRound(t *testing.T) {
	for _, tc := range []struct {
		f      float64
		places int
		want   string
	}{
		{(365.304 + 365.307) / 2, 3, "365.305"}, // 365.3055 is stored just below
		{3.0 / 4, 2, "0.75"},
		{-0.001, 2, "0.00"},
		{2.0 / 3 * 100, 2, "66.67"},
	} {
		if got := round(tc.f, tc.places); got != tc.want {
			t.Errorf("round(%v, %d) = %s, want %s", tc.f, tc.places, got, tc.want)
		}
	}
}

// TestRealDatasets loads and checks every dataset in the repository: what the importers
// wrote must pass the same check the site's build runs.
func TestRealDatasets(t *testing.T) {
	sets, err := dataset.LoadAll(realDatasets)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) == 0 {
		t.Fatal("no datasets found")
	}
	for _, d := range sets {
		if errs := dataset.Check(d); len(errs) > 0 {
			t.Errorf("%s:\n%v", d.ID, errs)
		}
	}
}

func regexpReplace(t *testing.T, src []byte, pattern, repl string) []byte {
	t.Helper()
	re := regexp.MustCompile(pattern)
	if !re.Match(src) {
		t.Fatalf("pattern %q not found", pattern)
	}
	return re.ReplaceAll(src, []byte(repl))
}
