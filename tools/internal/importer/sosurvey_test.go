package importer

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// surveyLanguages are the answer options the synthetic survey draws from (the 2024 survey
// offered about 50).
var surveyLanguages = []string{
	"Ada", "Apex", "APL", "Assembly", "Bash/Shell (all shells)", "C", "C#", "C++", "Clojure",
	"Cobol", "Crystal", "Dart", "Delphi", "Elixir", "Erlang", "F#", "Fortran", "GDScript", "Go",
	"Groovy", "Haskell", "HTML/CSS", "Java", "JavaScript", "Julia", "Kotlin", "Lisp", "Lua",
	"MATLAB", "MicroPython", "Nim", "Objective-C", "OCaml", "Perl", "PHP", "PowerShell", "Prolog",
	"Python", "R", "Ruby", "Rust", "Scala", "Solidity", "SQL", "Swift", "TypeScript", "VBA",
	"Visual Basic (.NET)", "Zig",
}

// surveyFillers are typical values of the other columns, some with commas (so quoted).
var surveyFillers = []string{
	"NA", "Employed, full-time", "25-34 years old", "Remote", "Hybrid (some remote, some in-person)",
	"Bachelor’s degree (B.A., B.S., B.Eng., etc.)", "Developer, full-stack", "10", "3",
	"United States of America", "Germany", "India", "Books / Physical media;Online Courses or Certification",
	"Stack Overflow;GitHub;YouTube", "20 to 99 employees", "I have some influence", "Agree", "72000",
}

// writeSyntheticSurvey writes a survey_results_public.csv with the 2024 layout's key columns
// and rows × cols cells, deterministically (fixed-seed PCG), and returns its size.
func writeSyntheticSurvey(tb testing.TB, path string, rows, cols int) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	w := csv.NewWriter(bw)
	rng := rand.New(rand.NewPCG(1, 2))
	const iMain, iHave, iWant, iAdm = 1, 22, 23, 24
	header := make([]string, cols)
	for i := range header {
		header[i] = "Q" + strconv.Itoa(i)
	}
	header[0], header[iMain] = "ResponseId", colMainBranch
	header[iHave], header[iWant], header[iAdm] = colHave, colWant, colAdmired
	if err := w.Write(header); err != nil {
		tb.Fatal(err)
	}
	rec := make([]string, cols)
	pick := func(n int) (list string, set map[string]bool) {
		set = map[string]bool{}
		for range n {
			l := surveyLanguages[rng.IntN(len(surveyLanguages))]
			if !set[l] {
				set[l] = true
				if list != "" {
					list += ";"
				}
				list += l
			}
		}
		return list, set
	}
	for r := range rows {
		for i := range rec {
			rec[i] = surveyFillers[rng.IntN(len(surveyFillers))]
		}
		rec[0] = strconv.Itoa(r + 1)
		rec[iMain] = "I am learning to code"
		if rng.IntN(4) != 0 {
			rec[iMain] = professional
		}
		have, haveSet := pick(rng.IntN(9))
		want, wantSet := pick(rng.IntN(7))
		adm := ""
		for _, l := range surveyLanguages {
			if haveSet[l] && wantSet[l] {
				if adm != "" {
					adm += ";"
				}
				adm += l
			}
		}
		for i, v := range map[int]string{iHave: have, iWant: want, iAdm: adm} {
			if v == "" {
				v = "NA"
			}
			rec[i] = v
		}
		if err := w.Write(rec); err != nil {
			tb.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return st.Size()
}

// BenchmarkSurvey aggregates a synthetic file the size of the 2024 results (about 65,000
// respondents, 110 columns).
func BenchmarkSurvey(b *testing.B) {
	path := filepath.Join(b.TempDir(), "survey_results_public.csv")
	size := writeSyntheticSurvey(b, path, 65000, 110)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		t, err := importSurvey(context.Background(), path, "2024", "2024-07-24", "2026-11-26")
		if err != nil {
			b.Fatal(err)
		}
		if len(t.rows) != 2*len(surveyLanguages) {
			b.Fatalf("%d rows, want %d", len(t.rows), 2*len(surveyLanguages))
		}
	}
}

// TestSurveyMemoryFlat checks that the memory in use while aggregating does not grow with the
// number of rows: the file is streamed, one record at a time, and only per-language counts
// are kept.
func TestSurveyMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 20 MB file")
	}
	dir := t.TempDir()
	peak := func(rows int) uint64 {
		path := filepath.Join(dir, fmt.Sprintf("survey_%d.csv", rows))
		writeSyntheticSurvey(t, path, rows, 110)
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		c, err := countSurvey(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if c.rows != rows {
			t.Fatalf("read %d rows, want %d", c.rows, rows)
		}
		runtime.KeepAlive(c)
		// What is still reachable after the aggregation is the aggregate only.
		if after.HeapAlloc < before.HeapAlloc {
			return 0
		}
		return after.HeapAlloc - before.HeapAlloc
	}
	small, large := peak(1000), peak(10000)
	t.Logf("retained after 1,000 rows: %d B; after 10,000 rows: %d B", small, large)
	if large > small+64<<10 {
		t.Errorf("retained memory grows with rows: %d B for 1,000 rows, %d B for 10,000", small, large)
	}
}

// TestSurveySynthetic checks the streaming counts against a direct count of a small
// synthetic file, where admired (LanguageAdmired) is have ∩ want by construction.
func TestSurveySynthetic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.csv")
	writeSyntheticSurvey(t, path, 500, 30)
	c, err := countSurvey(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(path)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]int{} // all respondents: have, want, both
	n := 0
	for _, r := range recs[1:] {
		h, w := r[22], r[23]
		if h == "NA" && w == "NA" {
			continue
		}
		n++
		hs := map[string]bool{}
		eachItem(h, func(l string) {
			if l != "NA" {
				hs[l] = true
			}
		})
		ws := map[string]bool{}
		eachItem(w, func(l string) {
			if l != "NA" {
				ws[l] = true
			}
		})
		for l := range hs {
			v := want[l]
			v[0]++
			if ws[l] {
				v[2]++
			}
			want[l] = v
		}
		for l := range ws {
			v := want[l]
			v[1]++
			want[l] = v
		}
	}
	if c.respondents[0] != n {
		t.Errorf("respondents = %d, want %d", c.respondents[0], n)
	}
	for l, v := range want {
		id := c.ids[l]
		if got := [3]int{c.have[0][id], c.want[0][id], c.admired[0][id]}; got != v {
			t.Errorf("%s: have, want, admired = %v, want %v", l, got, v)
		}
	}
}
