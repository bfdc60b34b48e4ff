package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodMeta = `title = "Fixture"
producer = "Test producer"
url_main = "https://example.org/data"
date_published = "2022-05-12"
date_accessed = "2026-11-26"
citation = "Test producer (2022). Fixture."
description = "A fixture."
derivation = "Typed by the test."
key = ["task", "lang"]
sha256 = "SUM"

[license]
name = "BSD-3-Clause"
url = "https://opensource.org/licenses/BSD-3-Clause"

[[columns]]
name = "task"
type = "string"
description = "The task."

[[columns]]
name = "lang"
type = "string"
description = "The language."
categories = ["go", "python3"]

[[columns]]
name = "cpu_s"
type = "number"
unit = "s"
description = "CPU seconds."
`

const goodCSV = "task,lang,cpu_s\nnbody,go,2.5\nnbody,python3,\"301.2\"\n"

// writeFixture writes a dataset folder; meta's "SUM" becomes the real checksum of csv
// unless keepSum is set.
func writeFixture(t *testing.T, meta, csv string, keepSum bool) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "fixture")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(csv))
	if !keepSum {
		meta = strings.Replace(meta, "SUM", hex.EncodeToString(sum[:]), 1)
	}
	for name, body := range map[string]string{"meta.toml": meta, "data.csv": csv} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func loadAndCheck(dir string) Errors {
	d, err := Load(dir)
	if err != nil {
		return AsErrors(err)
	}
	return Check(d)
}

// TestBadInput pins the exact message, with its position, for each kind of bad input.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name      string
		meta, csv string
		keepSum   bool
		want      []string // messages, "path:" stripped to the file name
	}{
		{name: "valid", meta: goodMeta, csv: goodCSV},
		{name: "bom and crlf are accepted", meta: goodMeta, csv: "\ufefftask,lang,cpu_s\r\nnbody,go,2.5\r\n"},
		{name: "quoted comma is one field", meta: strings.Replace(goodMeta, `categories = ["go", "python3"]`, `categories = ["go", "python3", "c, gcc"]`, 1),
			csv: "task,lang,cpu_s\nnbody,\"c, gcc\",1.5\n"},
		{name: "missing column", meta: goodMeta, csv: "task,lang\nnbody,go\n",
			want: []string{`data.csv:1:1: missing column "cpu_s" (meta.toml describes it; the header has task, lang)`}},
		{name: "number holding text", meta: goodMeta, csv: "task,lang,cpu_s\nnbody,go,n/a\n",
			want: []string{`data.csv:2:10: column "cpu_s": want a number, got "n/a"`}},
		{name: "NaN", meta: goodMeta, csv: "task,lang,cpu_s\nnbody,go,NaN\n",
			want: []string{`data.csv:2:10: column "cpu_s": want a finite number, got "NaN"`}},
		{name: "Inf", meta: goodMeta, csv: "task,lang,cpu_s\nnbody,go,+Inf\n",
			want: []string{`data.csv:2:10: column "cpu_s": want a finite number, got "+Inf"`}},
		{name: "duplicate key", meta: goodMeta, csv: "task,lang,cpu_s\nnbody,go,1\nnbody,go,2\n",
			want: []string{`data.csv:3:1: duplicate key (task, lang) = (nbody, go), first on line 2`}},
		{name: "unknown category", meta: goodMeta, csv: "task,lang,cpu_s\nnbody,cobol,1\n",
			want: []string{`data.csv:2:7: column "lang": unknown category "cobol" (allowed: go, python3)`}},
		{name: "empty file", meta: goodMeta, csv: "",
			want: []string{`data.csv:1:1: empty file: want a header row naming the columns`}},
		{name: "missing licence", meta: strings.Replace(goodMeta, `name = "BSD-3-Clause"`, ``, 1), csv: goodCSV,
			want: []string{`meta.toml:12:1: missing license.name (the licence of the data)`}},
		{name: "checksum mismatch", meta: strings.Replace(goodMeta, "SUM", strings.Repeat("0", 64), 1), csv: goodCSV, keepSum: true,
			want: []string{`meta.toml:10:1: checksum mismatch: data.csv has sha256 ` + sumOf(goodCSV) + `, meta.toml records ` + strings.Repeat("0", 64) + `; re-run the dataset's importer, or update sha256 if the edit is deliberate`}},
		{name: "unknown unit", meta: strings.Replace(goodMeta, `unit = "s"`, `unit = "sec"`, 1), csv: goodCSV,
			want: []string{`meta.toml:28:1: column "cpu_s": unknown unit "sec" (want one of ` + strings.Join(Units, ", ") + `)`}},
		{name: "ragged row", meta: goodMeta, csv: "task,lang,cpu_s\nnbody,go\n",
			want: []string{`data.csv:2:1: row has 2 fields, the header has 3`}},
		{name: "every problem, not the first", meta: goodMeta, csv: "task,lang,cpu_s\nnbody,go,x\nnbody,rust,NaN\n",
			want: []string{
				`data.csv:2:10: column "cpu_s": want a number, got "x"`,
				`data.csv:3:7: column "lang": unknown category "rust" (allowed: go, python3)`,
				`data.csv:3:12: column "cpu_s": want a finite number, got "NaN"`,
			}},
		{name: "broken toml", meta: "title = \"x\nproducer = 1\n", csv: goodCSV,
			want: []string{`meta.toml:1:11: strings cannot contain newlines`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFixture(t, tt.meta, tt.csv, tt.keepSum)
			errs := loadAndCheck(dir)
			errs.Sort()
			var got []string
			for _, e := range errs {
				got = append(got, strings.TrimPrefix(e.Error(), dir+string(filepath.Separator)))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func sumOf(s string) string {
	b := sha256.Sum256([]byte(s))
	return hex.EncodeToString(b[:])
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte(goodCSV))
	f.Add([]byte("\ufeffa,b\r\n\"x,y\",2\r\n"))
	f.Add([]byte("a,\"b\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		d := &Dataset{CSVPath: "data.csv", Meta: Meta{Columns: []Column{{Name: "a", Type: TypeNumber, Unit: "s", Description: "a"}}}}
		if err := d.parseCSV(raw); err != nil {
			var es Errors = AsErrors(err)
			if len(es) == 0 || !strings.HasPrefix(es[0].Error(), "data.csv:") {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		_ = Check(d) // must not panic on any parsed table
	})
}
