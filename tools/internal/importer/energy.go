package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// energy imports the raw RAPL measurements of Pereira et al. (greensoftwarelab/Energy-Languages)
// as energy_languages: per language and benchmark, the number of runs and the median package
// energy and time.
var energy = &importer{
	name:  "energy",
	usage: "<folder of <Lang>_<Lang>.csv files, or the repository's <Lang>/<Lang>.csv layout>",
	run: func(ctx context.Context, args []string, _ string) (*table, error) {
		if len(args) != 1 {
			return nil, errUsage("energy", "<folder>")
		}
		return importEnergy(ctx, args[0])
	},
}

var energyColumns = []string{
	"language", "benchmark", "runs", "dropped_negative", "median_package_j", "median_time_ms",
}

// 2026-11: each raw file (commit 321358b, 2017-08-28) has no header; every non-blank line is
// `benchmark ; package ; cpu ; gpu ; dram ; time ` with RAPL energies in joules and the wall
// time in ms (column meanings as in energy_raw_tidy_2017.csv, which stacks the same rows).
// Fields are padded with spaces. Ada's files contain one blank line, which is skipped.
const energyFields = 6

// energyFiles finds the per-language result files in dir: <Lang>_<Lang>.csv (the evidence
// folder's flat copy) or <Lang>/<Lang>.csv (the repository). The x<Lang>.csv files are left
// out: for Ada, C, C++ and Dart they repeat the first rows of <Lang>.csv, and for C# they are
// another, unlabelled set of runs.
func energyFiles(dir string) (map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files := map[string]string{} // language -> path
	add := func(lang, path string) error {
		if old, dup := files[lang]; dup {
			return fmt.Errorf("%s: language %s has two result files: %s and %s", dir, lang, old, path)
		}
		files[lang] = path
		return nil
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			p := filepath.Join(dir, name, name+".csv")
			if _, err := os.Stat(p); err == nil {
				if err := add(name, p); err != nil {
					return nil, err
				}
			}
			continue
		}
		base, ok := strings.CutSuffix(name, ".csv")
		if !ok {
			continue
		}
		lang, file, ok := strings.Cut(base, "_")
		if ok && lang == file && lang != "" {
			if err := add(lang, filepath.Join(dir, name)); err != nil {
				return nil, err
			}
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no <Lang>_<Lang>.csv or <Lang>/<Lang>.csv result files", dir)
	}
	return files, nil
}

type energyRuns struct {
	packageJ, timeMS []float64
	dropped          int
}

func importEnergy(ctx context.Context, dir string) (*table, error) {
	files, err := energyFiles(dir)
	if err != nil {
		return nil, err
	}
	langs := make([]string, 0, len(files))
	for l := range files {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	var rows [][]string
	for _, lang := range langs {
		runs, err := readEnergyFile(ctx, files[lang])
		if err != nil {
			return nil, err
		}
		benches := make([]string, 0, len(runs))
		for b := range runs {
			benches = append(benches, b)
		}
		slices.Sort(benches)
		for _, b := range benches {
			r := runs[b]
			rows = append(rows, []string{
				lang, b, strconv.Itoa(len(r.packageJ)), strconv.Itoa(r.dropped),
				medianText(r.packageJ), medianText(r.timeMS),
			})
		}
	}
	return &table{id: "energy_languages", header: energyColumns, rows: rows}, nil
}

func readEnergyFile(ctx context.Context, path string) (map[string]*energyRuns, error) {
	s, err := openSource(path, nil, ';', false)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	s.r.FieldsPerRecord = energyFields
	s.r.TrimLeadingSpace = true
	names := []string{"benchmark", "package", "cpu", "gpu", "dram", "time"}
	out := map[string]*energyRuns{}
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
		for i := range s.rec {
			s.rec[i] = strings.TrimSpace(s.rec[i])
		}
		bench, err := s.str(0, names[0])
		if err != nil {
			return nil, err
		}
		var v [energyFields]float64
		for i := 1; i < energyFields; i++ {
			if v[i], err = s.float(i, names[i]); err != nil {
				return nil, err
			}
		}
		r := out[bench]
		if r == nil {
			r = &energyRuns{}
			out[bench] = r
		}
		// A negative package or CPU energy is impossible; SOURCES.md §5 attributes it to the
		// RAPL counter wrapping. Such runs are counted and left out of the medians.
		if v[1] < 0 || v[2] < 0 {
			r.dropped++
			continue
		}
		r.packageJ = append(r.packageJ, v[1])
		r.timeMS = append(r.timeMS, v[5])
	}
	return out, nil
}

// medianText is the median of xs to 3 decimals (the mean of the middle two for an even
// count), or "" for no values.
func medianText(xs []float64) string {
	if len(xs) == 0 {
		return ""
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	m := s[n/2]
	if n%2 == 0 {
		m = (s[n/2-1] + s[n/2]) / 2
	}
	return round(m, 3)
}
