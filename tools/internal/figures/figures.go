// Package figures computes the named figures that prose and claims use: values derived from
// the datasets by code, never typed by hand. Each figure names the chart a reader can check
// it against. A figure that cannot be computed (a missing row, a division by zero) is an
// error that names the dataset row, not a silent NaN.
package figures

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"pyevidence/tools/internal/dataset"
)

// Figure is one computed value, as the site prints it.
type Figure struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	// Text is the value formatted with its unit, e.g. "40.7×" or "5.1 years".
	Text        string `json:"text"`
	Unit        string `json:"unit"`
	Description string `json:"description"`
	Chart       string `json:"chart"`   // the chart that shows the data it comes from
	Dataset     string `json:"dataset"` // the dataset it is computed from
}

// def is how one figure is computed.
type def struct {
	name, description, unit, chart, dataset string
	decimals                                int
	compute                                 func(d *dataset.Dataset) (float64, error)
}

// defs is the registry of figures. Add one here to use it in prose or in a claim.
var defs = []def{
	{"python_go_cpu_ratio_median", "Median, over the Benchmarks Game tasks, of the fastest Python 3 program's CPU time divided by the fastest Go program's", "x", "bg_cpu_time", "benchmarks_game", 1,
		func(d *dataset.Dataset) (float64, error) { return langRatioMedian(d, "cpu_s", "python3", "go") }},
	{"python_java_cpu_ratio_median", "Median, over the Benchmarks Game tasks, of the fastest Python 3 program's CPU time divided by the fastest Java program's", "x", "bg_cpu_time", "benchmarks_game", 1,
		func(d *dataset.Dataset) (float64, error) { return langRatioMedian(d, "cpu_s", "python3", "java") }},
	{"python_tasks_less_cpu_than_go", "Benchmarks Game tasks on which the fastest Python 3 program used less CPU time than the fastest Go program", "tasks", "bg_cpu_time", "benchmarks_game", 0,
		func(d *dataset.Dataset) (float64, error) { return langCountBelow(d, "cpu_s", "python3", "go") }},
	{"python_multicore_tasks", "Benchmarks Game tasks on which the fastest Python 3 program kept at least 3.5 of the 4 cores busy on average", "tasks", "bg_cores_busy", "benchmarks_game", 0,
		func(d *dataset.Dataset) (float64, error) { return countAtLeast(d, "python3", "cores_busy", 3.5) }},
	{"go_multicore_tasks", "Benchmarks Game tasks on which the fastest Go program kept at least 3.5 of the 4 cores busy on average", "tasks", "bg_cores_busy", "benchmarks_game", 0,
		func(d *dataset.Dataset) (float64, error) { return countAtLeast(d, "go", "cores_busy", 3.5) }},
	{"free_threading_cost_max", "The largest single-thread slowdown of a 2025 free-threaded CPython build against the default build of the same commit", "x", "free_threading_cost", "cpython_builds", 3,
		func(d *dataset.Dataset) (float64, error) { return freeThreadingCost(d, math.Max) }},
	{"free_threading_cost_min", "The smallest single-thread slowdown of a 2025 free-threaded CPython build against the default build of the same commit", "x", "free_threading_cost", "cpython_builds", 3,
		func(d *dataset.Dataset) (float64, error) { return freeThreadingCost(d, math.Min) }},
	{"cpython_313_speedup", "How many times faster CPython 3.13.0 ran pyperformance than 3.10.4", "x", "cpython_speedups", "cpython_releases", 2,
		func(d *dataset.Dataset) (float64, error) {
			return lookup(d, "compared_speedup_over_baseline_x", map[string]string{"compared_version": "3.13.0"})
		}},
	{"python_support_years_min", "The shortest support window, from release to the end of security fixes, of a CPython release since 2018", "years", "support_windows_runtimes", "endoflife", 2,
		func(d *dataset.Dataset) (float64, error) {
			return supportYears(d, "python", false, "2018-01-01", math.Min)
		}},
	{"temurin_lts_support_years_max", "The longest support window of an Eclipse Temurin (Java) LTS release", "years", "support_windows_runtimes", "endoflife", 2,
		func(d *dataset.Dataset) (float64, error) {
			return supportYears(d, "eclipse-temurin", true, "", math.Max)
		}},
	{"dotnet_lts_support_years_max", "The longest support window of a .NET LTS release", "years", "support_windows_runtimes", "endoflife", 2,
		func(d *dataset.Dataset) (float64, error) { return supportYears(d, "dotnet", true, "", math.Max) }},
	{"go_support_years_max", "The longest support window of a Go release", "years", "support_windows_runtimes", "endoflife", 2,
		func(d *dataset.Dataset) (float64, error) { return supportYears(d, "go", false, "", math.Max) }},
	{"python_pushers_growth", "Developers pushing to Python repositories in 2024 Q1 divided by 2020 Q1 (GitHub Innovation Graph)", "x", "github_pushers", "github_pushers", 2,
		func(d *dataset.Dataset) (float64, error) {
			a, err := lookup(d, "pushers", map[string]string{"language": "Python", "period": "2024Q1"})
			if err != nil {
				return 0, err
			}
			b, err := lookup(d, "pushers", map[string]string{"language": "Python", "period": "2020Q1"})
			if err != nil {
				return 0, err
			}
			return divide(d, a, b, "Python 2020Q1 pushers")
		}},
	{"python_pushers_2024q1", "Developers who pushed to Python repositories in 2024 Q1, summed over reported economies (a lower bound)", "developers", "github_pushers", "github_pushers", 0,
		func(d *dataset.Dataset) (float64, error) {
			return lookup(d, "pushers", map[string]string{"language": "Python", "period": "2024Q1"})
		}},
	{"laravel_django_rps_ratio", "Laravel's requests per second divided by Django's, at concurrency 64, in the web-frameworks benchmark", "x", "web_frameworks_rps", "web_frameworks", 2,
		func(d *dataset.Dataset) (float64, error) { return rpsRatio(d, "laravel", "django") }},
	{"express_django_rps_ratio", "Express's requests per second divided by Django's, at concurrency 64, in the web-frameworks benchmark", "x", "web_frameworks_rps", "web_frameworks", 2,
		func(d *dataset.Dataset) (float64, error) { return rpsRatio(d, "express", "django") }},
	{"gin_django_rps_ratio", "Gin's requests per second divided by Django's, at concurrency 64, in the web-frameworks benchmark", "x", "web_frameworks_rps", "web_frameworks", 2,
		func(d *dataset.Dataset) (float64, error) { return rpsRatio(d, "gin", "django") }},
	{"python_admired_pct", "Share of Python's users in the 2023 Stack Overflow survey who want to keep using it (second-hand transcription)", "%", "so_admired_desired", "stackoverflow_survey", 2,
		func(d *dataset.Dataset) (float64, error) { return surveyValue(d, "Python", "admired_pct") }},
	{"java_admired_pct", "Share of Java's users in the 2023 Stack Overflow survey who want to keep using it (second-hand transcription)", "%", "so_admired_desired", "stackoverflow_survey", 2,
		func(d *dataset.Dataset) (float64, error) { return surveyValue(d, "Java", "admired_pct") }},
	{"python_desired_pct", "Share of all respondents to the 2023 Stack Overflow survey who want to work with Python (second-hand transcription)", "%", "so_admired_desired", "stackoverflow_survey", 2,
		func(d *dataset.Dataset) (float64, error) { return surveyValue(d, "Python", "desired_pct") }},
}

// Names lists every figure's name.
func Names() []string {
	var out []string
	for _, f := range defs {
		out = append(out, f.name)
	}
	sort.Strings(out)
	return out
}

// Compute evaluates every figure over checked datasets.
func Compute(sets map[string]*dataset.Dataset) (map[string]Figure, error) {
	out := map[string]Figure{}
	var errs dataset.Errors
	for _, f := range defs {
		d, ok := sets[f.dataset]
		if !ok {
			errs = append(errs, &dataset.Error{Msg: fmt.Sprintf("figure %s: dataset %q not found", f.name, f.dataset)})
			continue
		}
		v, err := f.compute(d)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			err = fmt.Errorf("the result is not a finite number")
		}
		if err != nil {
			for _, e := range dataset.AsErrors(err) {
				if e.Path == "" {
					e.Path, e.Line, e.Col = d.CSVPath, 1, 1
				}
				e.Msg = fmt.Sprintf("figure %s: %s", f.name, e.Msg)
				errs = append(errs, e)
			}
			continue
		}
		out[f.name] = Figure{
			Name: f.name, Value: v, Text: format(v, f.unit, f.decimals), Unit: f.unit,
			Description: f.description, Chart: f.chart, Dataset: f.dataset,
		}
	}
	return out, errs.Err()
}

func format(v float64, unit string, decimals int) string {
	n := strconv.FormatFloat(v, 'f', decimals, 64)
	if decimals == 0 && math.Abs(v) >= 10000 {
		n = thousands(n)
	}
	switch unit {
	case "x":
		return n + "×"
	case "%":
		return n + "%"
	case "tasks":
		if v == 1 {
			return n + " task"
		}
		return n + " tasks"
	default:
		return n + " " + unit
	}
}

func thousands(n string) string {
	var out []byte
	for i := range n {
		if i > 0 && (len(n)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, n[i])
	}
	return string(out)
}

// rows returns the indexes of rows whose columns equal the given values.
func rows(d *dataset.Dataset, where map[string]string) []int {
	var out []int
	for r, row := range d.Rows {
		ok := true
		for col, want := range where {
			if i := d.Col(col); i < 0 || row[i] != want {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// value reads a number, naming the row and column when it is missing.
func value(d *dataset.Dataset, r int, col string) (float64, error) {
	i := d.Col(col)
	if i < 0 {
		return 0, dataset.Errorf(d.CSVPath, 1, 1, "no column %q", col)
	}
	v := d.Rows[r][i]
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		l, c := d.Pos(r, i)
		return 0, dataset.Errorf(d.CSVPath, l, c, "column %q: missing value %q", col, v)
	}
	return f, nil
}

func lookup(d *dataset.Dataset, col string, where map[string]string) (float64, error) {
	rs := rows(d, where)
	if len(rs) != 1 {
		return 0, dataset.Errorf(d.CSVPath, 1, 1, "want exactly one row where %v, found %d", where, len(rs))
	}
	return value(d, rs[0], col)
}

func divide(d *dataset.Dataset, a, b float64, what string) (float64, error) {
	if b == 0 {
		return 0, dataset.Errorf(d.CSVPath, 1, 1, "division by zero: %s is 0", what)
	}
	return a / b, nil
}

// langRatios maps each benchmark that both languages ran to a's value over b's.
func langRatios(d *dataset.Dataset, col, a, b string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, ra := range rows(d, map[string]string{"lang": a}) {
		task := d.Rows[ra][d.Col("benchmark")]
		rb := rows(d, map[string]string{"lang": b, "benchmark": task})
		if len(rb) == 0 {
			continue
		}
		va, err := value(d, ra, col)
		if err != nil {
			return nil, err
		}
		vb, err := value(d, rb[0], col)
		if err != nil {
			return nil, err
		}
		if vb == 0 {
			l, c := d.Pos(rb[0], d.Col(col))
			return nil, dataset.Errorf(d.CSVPath, l, c, "division by zero: %s %s is 0", b, col)
		}
		out[task] = va / vb
	}
	if len(out) == 0 {
		return nil, dataset.Errorf(d.CSVPath, 1, 1, "no task has both %s and %s", a, b)
	}
	return out, nil
}

func langRatioMedian(d *dataset.Dataset, col, a, b string) (float64, error) {
	m, err := langRatios(d, col, a, b)
	if err != nil {
		return 0, err
	}
	var vs []float64
	for _, v := range m {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2], nil
	}
	return (vs[n/2-1] + vs[n/2]) / 2, nil
}

func langCountBelow(d *dataset.Dataset, col, a, b string) (float64, error) {
	m, err := langRatios(d, col, a, b)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, v := range m {
		if v < 1 {
			n++
		}
	}
	return float64(n), nil
}

func countAtLeast(d *dataset.Dataset, lang, col string, min float64) (float64, error) {
	n := 0
	rs := rows(d, map[string]string{"lang": lang})
	if len(rs) == 0 {
		return 0, dataset.Errorf(d.CSVPath, 1, 1, "no rows for lang %q", lang)
	}
	for _, r := range rs {
		v, err := value(d, r, col)
		if err != nil {
			return 0, err
		}
		if v >= min {
			n++
		}
	}
	return float64(n), nil
}

func freeThreadingCost(d *dataset.Dataset, pick func(a, b float64) float64) (float64, error) {
	best := math.NaN()
	for _, r := range rows(d, map[string]string{"config": "NOGIL (free-threading)", "vs_base_dir": "slower"}) {
		v, err := value(d, r, "vs_base_x")
		if err != nil {
			return 0, err
		}
		if math.IsNaN(best) {
			best = v
		} else {
			best = pick(best, v)
		}
	}
	if math.IsNaN(best) {
		return 0, dataset.Errorf(d.CSVPath, 1, 1, "no free-threaded build with a slowdown against its default build")
	}
	return best, nil
}

// supportYears picks (min or max) the support window of a product's releases, LTS ones
// only if asked, released on or after since (YYYY-MM-DD, "" for all).
func supportYears(d *dataset.Dataset, product string, ltsOnly bool, since string, pick func(a, b float64) float64) (float64, error) {
	best := math.NaN()
	for _, r := range rows(d, map[string]string{"product": product}) {
		row := d.Rows[r]
		if ltsOnly && row[d.Col("lts")] != "true" {
			continue
		}
		start, end := row[d.Col("release_date")], row[d.Col("eol_date")]
		if end == "" || start < since {
			continue // no scheduled end: no window to measure
		}
		t0, err0 := time.Parse("2006-01-02", start)
		t1, err1 := time.Parse("2006-01-02", end)
		if err0 != nil || err1 != nil {
			l, c := d.Pos(r, d.Col("release_date"))
			return 0, dataset.Errorf(d.CSVPath, l, c, "unreadable dates %q, %q", start, end)
		}
		years := t1.Sub(t0).Hours() / 24 / 365.25
		if math.IsNaN(best) {
			best = years
		} else {
			best = pick(best, years)
		}
	}
	if math.IsNaN(best) {
		return 0, dataset.Errorf(d.CSVPath, 1, 1, "no %s release with a scheduled end of support", product)
	}
	return best, nil
}

func rpsRatio(d *dataset.Dataset, a, b string) (float64, error) {
	va, err := lookup(d, "requests_per_s", map[string]string{"framework": a, "concurrency": "64"})
	if err != nil {
		return 0, err
	}
	vb, err := lookup(d, "requests_per_s", map[string]string{"framework": b, "concurrency": "64"})
	if err != nil {
		return 0, err
	}
	return divide(d, va, vb, b+"'s requests per second")
}

func surveyValue(d *dataset.Dataset, tech, col string) (float64, error) {
	return lookup(d, col, map[string]string{"technology": tech, "category": "Programming Languages", "group": "all"})
}
