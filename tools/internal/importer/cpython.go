package importer

import (
	"cmp"
	"context"
	"regexp"
	"slices"
)

// fasterCPython imports the results index of faster-cpython/benchmarking-public (the table in
// its README, transcribed to CSV) as cpython_builds, splitting each "1.132x faster" cell into
// a factor and a direction.
var fasterCPython = &importer{
	name:  "faster-cpython",
	usage: "<cpython_main_builds_index_2025.csv>",
	run: func(ctx context.Context, args []string, _ string) (*table, error) {
		if len(args) != 1 {
			return nil, errUsage("faster-cpython", "<cpython_main_builds_index_2025.csv>")
		}
		return importFasterCPython(ctx, args[0])
	},
}

// 2026-11: the transcription of README.md's results index at commit 0012b13 ("↑" written
// "faster", "↓" written "slower"). vs_base_default_build_same_commit is blank for the default
// builds, which are the base.
var fasterCPythonHeader = []string{
	"section_machine", "date", "fork_ref", "hash", "config",
	"vs_3_10_4", "vs_3_12_0", "vs_3_13_0", "vs_base_default_build_same_commit",
}

var cpythonBuildsColumns = []string{
	"section_machine", "date", "fork_ref", "hash", "config",
	"vs_3_10_4_x", "vs_3_10_4_dir", "vs_3_12_0_x", "vs_3_12_0_dir",
	"vs_3_13_0_x", "vs_3_13_0_dir", "vs_base_x", "vs_base_dir",
}

// speedRe matches a cell such as "1.132x faster": the build is 1.132 times as fast as the
// version it is compared with ("slower": it takes 1.132 times as long).
var speedRe = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)x (faster|slower)$`)

func importFasterCPython(ctx context.Context, path string) (*table, error) {
	s, err := openCSV(path)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.wantHeader(fasterCPythonHeader); err != nil {
		return nil, err
	}
	h := fasterCPythonHeader
	var rows [][]string
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
		row := make([]string, 0, len(cpythonBuildsColumns))
		for i := 0; i <= 4; i++ {
			v, err := s.str(i, h[i])
			if err != nil {
				return nil, err
			}
			row = append(row, v)
		}
		if !isDate(row[1]) {
			return nil, s.errorf(1, "column \"date\": want a date as YYYY-MM-DD, got %q", row[1])
		}
		for i := 5; i <= 8; i++ {
			v := s.rec[i]
			if v == "" && i == 8 {
				row = append(row, "", "")
				continue
			}
			m := speedRe.FindStringSubmatch(v)
			if m == nil {
				return nil, s.errorf(i, "column %q: want a factor such as \"1.132x faster\" or \"1.135x slower\", got %q", h[i], v)
			}
			row = append(row, m[1], m[2])
		}
		rows = append(rows, row)
	}
	slices.SortFunc(rows, func(a, b []string) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]), cmp.Compare(a[3], b[3]), cmp.Compare(a[4], b[4]))
	})
	return &table{id: "cpython_builds", header: cpythonBuildsColumns, rows: rows}, nil
}
