package importer

import (
	"cmp"
	"context"
	"slices"
)

// webFrameworks imports the-benchmarker/web-frameworks results, flattened from its data.json
// into one row per framework and concurrency, as web_frameworks. The upstream data.json was
// not available when this importer was written, so it reads the flattened CSV
// (results_by_framework_concurrency.csv in the evidence folder) and keeps its values as they
// are.
var webFrameworks = &importer{
	name:  "web-frameworks",
	usage: "<results_by_framework_concurrency.csv>",
	run: func(ctx context.Context, args []string, _ string) (*table, error) {
		if len(args) != 1 {
			return nil, errUsage("web-frameworks", "<results_by_framework_concurrency.csv>")
		}
		return importWebFrameworks(ctx, args[0])
	},
}

// 2026-11: the flattened file's header. "latency_field_percentile99_actually_p95_s" is the
// project's field "percentile99", which its .tasks/collect.rake fills with oha's p95.
var webFrameworksHeader = []string{
	"framework", "framework_version", "language", "language_version", "concurrency",
	"requests_per_s", "latency_p50_s", "latency_p75_s", "latency_p90_s",
	"latency_field_percentile99_actually_p95_s", "duration_ms", "total_bytes_received",
}

func importWebFrameworks(ctx context.Context, path string) (*table, error) {
	s, err := openCSV(path)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.wantHeader(webFrameworksHeader); err != nil {
		return nil, err
	}
	h := webFrameworksHeader
	type key struct {
		lang, framework string
		concurrency     int64
	}
	type row struct {
		k   key
		rec []string
	}
	var rows []row
	seen := map[key]int{}
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
		fw, err := s.str(0, h[0])
		if err != nil {
			return nil, err
		}
		lang, err := s.str(2, h[2])
		if err != nil {
			return nil, err
		}
		conc, err := s.int(4, h[4])
		if err != nil {
			return nil, err
		}
		if _, err := s.float(5, h[5]); err != nil {
			return nil, err
		}
		// 2026-11: vibed_light has no latencies at concurrency 256 and 512.
		for i := 6; i <= 9; i++ {
			if err := s.optFloat(i, h[i]); err != nil {
				return nil, err
			}
		}
		for i := 10; i <= 11; i++ {
			if _, err := s.float(i, h[i]); err != nil {
				return nil, err
			}
		}
		// 2026-11: jooby and spring appear once for Java and once for Kotlin, so a row is
		// identified by language, framework and concurrency.
		k := key{lang, fw, conc}
		line, _ := s.r.FieldPos(0)
		if first, dup := seen[k]; dup {
			return nil, s.errorf(0, "repeated row for %s (%s) at concurrency %d, first on line %d", fw, lang, conc, first)
		}
		seen[k] = line
		rows = append(rows, row{k, slices.Clone(s.rec)})
	}
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(cmp.Compare(a.k.lang, b.k.lang), cmp.Compare(a.k.framework, b.k.framework),
			cmp.Compare(a.k.concurrency, b.k.concurrency))
	})
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r.rec
	}
	return &table{id: "web_frameworks", header: webFrameworksHeader, rows: out}, nil
}
