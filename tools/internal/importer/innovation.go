package importer

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
)

// innovationGraph imports the GitHub Innovation Graph's data/languages.csv as
// github_pushers: developers pushing to repositories of each of 15 languages, summed over
// the reported economies, per quarter. The upstream file has over 100,000 rows and is read
// as a stream; only the derived sums are kept.
var innovationGraph = &importer{
	name:  "innovation-graph",
	usage: "<data/languages.csv>",
	run: func(ctx context.Context, args []string, _ string) (*table, error) {
		if len(args) != 1 {
			return nil, errUsage("innovation-graph", "<data/languages.csv>")
		}
		return importInnovationGraph(ctx, args[0])
	},
}

// 2026-11: the header of data/languages.csv at github/innovationgraph 8f7b24a (2024-07-16,
// "Q1 2024 data release"), as docs/datasheet.md documents it. The file has CRLF line ends,
// which encoding/csv accepts.
var innovationHeader = []string{"num_pushers", "language", "language_type", "iso2_code", "year", "quarter"}

// innovationLanguages are the languages the site charts. 2026-11: each has rows in every
// quarter from 2020 Q1 to 2024 Q1. A language with no rows at all stops the import, as it
// would if GitHub Linguist renamed it.
var innovationLanguages = []string{
	"C", "C#", "C++", "Go", "Java", "JavaScript", "Jupyter Notebook", "Kotlin", "PHP",
	"Python", "Ruby", "Rust", "Scala", "Shell", "TypeScript",
}

// innovationAggregate is an economy code that is not an economy. 2026-11: "EU" rows equal
// the sum of the 27 EU member states' rows in every one of the 3,433 (language, quarter)
// cells where it appears, so adding it to a global sum would count those developers twice.
const innovationAggregate = "EU"

var innovationColumns = []string{
	"language", "language_type", "year", "quarter", "period", "pushers", "economies",
}

func importInnovationGraph(ctx context.Context, path string) (*table, error) {
	s, err := openCSV(path)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.wantHeader(innovationHeader); err != nil {
		return nil, err
	}
	const (
		cPushers = iota
		cLang
		cType
		cEconomy
		cYear
		cQuarter
	)
	type cellKey struct {
		lang          string
		year, quarter int64
	}
	type cell struct {
		pushers, economies int64
	}
	wanted := map[string]bool{}
	for _, l := range innovationLanguages {
		wanted[l] = true
	}
	langType := map[string]string{}
	sums := map[cellKey]*cell{}
	type rowKey struct {
		cell    cellKey
		economy string
	}
	seen := map[rowKey]int{} // -> line, to catch a repeated row
	for {
		ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if err := cancelled(ctx, s.rows); err != nil {
			return nil, err
		}
		n, err := s.int(cPushers, "num_pushers")
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, s.errorf(cPushers, "column \"num_pushers\": want a count, got %q", s.rec[cPushers])
		}
		year, err := s.int(cYear, "year")
		if err != nil {
			return nil, err
		}
		q, err := s.int(cQuarter, "quarter")
		if err != nil {
			return nil, err
		}
		if q < 1 || q > 4 {
			return nil, s.errorf(cQuarter, "column \"quarter\": want 1 to 4, got %q", s.rec[cQuarter])
		}
		lang := s.rec[cLang]
		if !wanted[lang] {
			continue
		}
		economy, err := s.str(cEconomy, "iso2_code")
		if err != nil {
			return nil, err
		}
		typ, err := s.str(cType, "language_type")
		if err != nil {
			return nil, err
		}
		if old, ok := langType[lang]; !ok {
			langType[lang] = typ
		} else if old != typ {
			return nil, s.errorf(cType, "column \"language_type\": %s is %q here and %q above", lang, typ, old)
		}
		k := cellKey{lang, year, q}
		dupKey := rowKey{k, economy}
		line, _ := s.r.FieldPos(0)
		if first, dup := seen[dupKey]; dup {
			return nil, s.errorf(cEconomy, "repeated row for %s %dQ%d in economy %s, first on line %d", lang, year, q, economy, first)
		}
		seen[dupKey] = line
		if economy == innovationAggregate {
			continue
		}
		c := sums[k]
		if c == nil {
			c = &cell{}
			sums[k] = c
		}
		c.pushers += n
		c.economies++
	}
	for _, l := range innovationLanguages {
		if _, ok := langType[l]; !ok {
			return nil, fmt.Errorf("%s: no rows for language %q: was it renamed upstream?", path, l)
		}
	}
	keys := make([]cellKey, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b cellKey) int {
		return cmp.Or(cmp.Compare(a.lang, b.lang), cmp.Compare(a.year, b.year), cmp.Compare(a.quarter, b.quarter))
	})
	rows := make([][]string, 0, len(keys))
	for _, k := range keys {
		c := sums[k]
		y, q := strconv.FormatInt(k.year, 10), strconv.FormatInt(k.quarter, 10)
		rows = append(rows, []string{
			k.lang, langType[k.lang], y, q, y + "Q" + q,
			strconv.FormatInt(c.pushers, 10), strconv.FormatInt(c.economies, 10),
		})
	}
	return &table{id: "github_pushers", header: innovationColumns, rows: rows}, nil
}
