package claims

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pyevidence/tools/internal/figures"
)

const essay = `---
title: Essay
---

Python is slow. Go is fast and scales across cores.

- ### A heading

  The GIL hurts threads.{{< claim id="gil" >}}
`

var figs = map[string]figures.Figure{
	"ratio": {Name: "ratio", Value: 20, Text: "20.0×"},
	"cores": {Name: "cores", Value: 5, Text: "5 tasks"},
}

var charts = map[string]bool{"bg_cpu_time": true}

const base = `essay = "essay.md"

[[claim]]
id = "gil"
section = "Performance"
quote = "The GIL hurts threads."
summary = "The GIL hurts"
verdict = "supported"
applies = ["cpu-bound"]
charts = ["bg_cpu_time"]
note = "Python used [fig:ratio] Go's CPU time."
assert = "ratio > 5 and cores >= 4"
[claim.judged]
ratio = 20
cores = 5
`

func check(t *testing.T, ledger string, f map[string]figures.Figure) (errs, warns []string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "claims.toml")
	if err := os.WriteFile(p, []byte(ledger), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Load(p)
	if err != nil {
		return []string{strings.TrimPrefix(err.Error(), filepath.Dir(p)+"/")}, nil
	}
	e, w := l.Check(essay, charts, f)
	for _, x := range e {
		errs = append(errs, strings.TrimPrefix(x.Error(), filepath.Dir(p)+"/"))
	}
	for _, x := range w {
		warns = append(warns, strings.TrimPrefix(x.Error(), filepath.Dir(p)+"/"))
	}
	return errs, warns
}

func with(f map[string]figures.Figure, name string, v float64) map[string]figures.Figure {
	out := map[string]figures.Figure{}
	for k, x := range f {
		out[k] = x
	}
	x := out[name]
	x.Value = v
	out[name] = x
	return out
}

func TestClaims(t *testing.T) {
	tests := []struct {
		name        string
		ledger      string
		figs        map[string]figures.Figure
		errs, warns []string
	}{
		{name: "holds", ledger: base, figs: figs},
		{name: "a supported claim that no longer holds fails", ledger: base, figs: with(figs, "ratio", 3),
			errs: []string{"claims.toml:12:1: claim \"gil\" is marked supported, but its assertion `ratio > 5 and cores >= 4` no longer holds: ratio was 20, is now 3; cores was 5, is now 5. Revisit the verdict and the note, then record the new values under [claim.judged]"}},
		{name: "a mixed claim that moved warns", ledger: strings.Replace(base, `verdict = "supported"`, `verdict = "mixed"`, 1), figs: with(figs, "ratio", 30),
			warns: []string{"claims.toml:13:1: claim \"gil\" (mixed): figure ratio was 20 when judged, is now 30 (more than 10% away); revisit the verdict"}},
		{name: "a mixed claim within tolerance is quiet", ledger: strings.Replace(base, `verdict = "supported"`, `verdict = "mixed"`, 1), figs: with(figs, "ratio", 21)},
		{name: "quote not in the essay", ledger: strings.Replace(base, `The GIL hurts threads.`, `The GIL hurts thread.`, 1), figs: figs,
			errs: []string{`claims.toml:6:1: claim "gil": the quote is not in the essay; the nearest sentence is "The GIL hurts threads."`}},
		{name: "unknown figure", ledger: strings.Replace(base, `cores >= 4`, `corez >= 4`, 1), figs: figs,
			errs: []string{`claims.toml:12:25: claim "gil": unknown figure "corez" in the assertion (known: ` + strings.Join(figures.Names(), ", ") + `)`}},
		{name: "malformed assertion", ledger: strings.Replace(base, `ratio > 5 and cores >= 4`, `ratio >> 5`, 1), figs: figs,
			errs: []string{`claims.toml:12:18: claim "gil": malformed assertion: want a figure name or a number, got ">"`}},
		{name: "assertion missing its joiner", ledger: strings.Replace(base, `ratio > 5 and cores >= 4`, `ratio > 5 cores >= 4`, 1), figs: figs,
			errs: []string{`claims.toml:12:21: claim "gil": malformed assertion: want "and" between comparisons, got "cores"`}},
		{name: "unknown chart and tag", ledger: strings.Replace(strings.Replace(base, `["bg_cpu_time"]`, `["nope"]`, 1), `["cpu-bound"]`, `["cpu-bund"]`, 1), figs: figs,
			errs: []string{
				`claims.toml:10:1: claim "gil": unknown chart "nope"`,
				`claims.toml:9:1: claim "gil": unknown workload tag "cpu-bund" (want one of ` + strings.Join(Tags, ", ") + `)`,
			}},
		{name: "unknown figure in a note", ledger: strings.Replace(base, `[fig:ratio]`, `[fig:rate]`, 1), figs: figs,
			errs: []string{`claims.toml:11:1: claim "gil": unknown figure "rate" in [fig:rate]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs, warns := check(t, tt.ledger, tt.figs)
			if strings.Join(errs, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("errors:\n  %s\nwant:\n  %s", strings.Join(errs, "\n  "), strings.Join(tt.errs, "\n  "))
			}
			if strings.Join(warns, "\n") != strings.Join(tt.warns, "\n") {
				t.Errorf("warnings:\n  %s\nwant:\n  %s", strings.Join(warns, "\n  "), strings.Join(tt.warns, "\n  "))
			}
		})
	}
}

func TestExpandFigures(t *testing.T) {
	if got := ExpandFigures("used [fig:ratio] of [fig:cores]", figs); got != "used 20.0× of 5 tasks" {
		t.Errorf("got %q", got)
	}
}
