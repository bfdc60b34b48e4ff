package chart

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"pyevidence/tools/internal/dataset"
)

// Envelope is everything a page needs to show, cite and check one chart. It is written
// as data/charts/<id>.json for Hugo, and is deterministic: the same spec and data give the
// same bytes.
type Envelope struct {
	ID        string          `json:"id"`
	Kind      string          `json:"kind"`
	Theme     string          `json:"theme"`
	Title     string          `json:"title"`
	Takeaway  string          `json:"takeaway"`
	NotesHTML string          `json:"notes_html,omitempty"`
	Option    json.RawMessage `json:"option"`
	// ValueAxis is the axis ("x" or "y") whose scale the reader's log switch flips, and
	// LogMin where that axis starts on a log scale.
	ValueAxis string  `json:"value_axis,omitempty"`
	LogMin    float64 `json:"log_min,omitempty"`
	Scale     string  `json:"scale"`
	LogSwitch bool    `json:"log_switch"`
	// Height is the chart's height class (s, m, l or xl), chosen from how many rows it
	// draws. The page reserves that height before the chart loads, so nothing shifts.
	Height  string   `json:"height"`
	Sources []Source `json:"sources"`
	// DataVersion is a short hash of exactly the data the chart shows (Table.CSV), so a
	// reviewer can tell whether a chart changed since they cited it; DataDate is when that
	// data was published.
	DataVersion string `json:"data_version"`
	DataDate    string `json:"data_date"`
	Table       Table  `json:"table"`
	// Grid is the same data laid out as the chart reads, one row per category and one
	// column per series, for the page's table; nil for charts without series.
	Grid *Grid `json:"grid,omitempty"`
	// CitedIn lists the content pages that place the chart, as Hugo page paths.
	CitedIn []string `json:"cited_in"`
	// Series and Categories restate what the option draws, so that tests (and readers of
	// chart.json) need not dig through ECharts' option format.
	Series     []string `json:"series"`
	Categories []string `json:"categories,omitempty"`
}

// Source is the provenance of one dataset, as a chart cites it.
type Source struct {
	Dataset         string `json:"dataset"`
	Title           string `json:"title"`
	Producer        string `json:"producer"`
	URL             string `json:"url"`
	URLDownload     string `json:"url_download,omitempty"`
	DatePublished   string `json:"date_published"`
	DateAccessed    string `json:"date_accessed"`
	License         string `json:"license"`
	LicenseURL      string `json:"license_url"`
	Citation        string `json:"citation"`
	SecondHand      bool   `json:"second_hand"`
	DescriptionHTML string `json:"description_html"`
	CaveatsHTML     string `json:"caveats_html,omitempty"`
	DerivationHTML  string `json:"derivation_html"`
	SHA256          string `json:"sha256"`
	Version         string `json:"version"`
}

// Table is exactly the data a chart shows, one row per drawn value.
type Table struct {
	Columns []TableColumn `json:"columns"`
	Rows    [][]string    `json:"rows"`
}

// Grid is a wide view of a chart's data: Columns[0] names the categories, the other
// columns are the series; a value the chart lacks is "".
type Grid struct {
	Columns []string   `json:"columns"`
	Unit    string     `json:"unit,omitempty"`
	Rows    [][]string `json:"rows"`
}

// TableColumn describes one column of a chart's table.
type TableColumn struct {
	Name    string `json:"name"`
	Label   string `json:"label"`
	Unit    string `json:"unit,omitempty"`
	Numeric bool   `json:"numeric,omitempty"`
}

// Build makes the envelope of a checked spec over its checked dataset.
func Build(s *Spec, d *dataset.Dataset) (*Envelope, error) {
	rows := s.rows(d)
	p := plot{
		id: s.ID, kind: s.Kind, takeaway: s.Takeaway,
		log: s.Scale == "log", horizontal: s.Horizontal, stack: s.Kind == KindStackedBar,
	}
	col := func(name string) dataset.Column { c, _ := d.Column(name); return c }
	label := func(name, override string) string {
		if override != "" {
			return override
		}
		if c := col(name); c.Description != "" {
			return firstClause(c.Description)
		}
		return name
	}
	p.xName, p.yName = label(s.X, s.XLabel), label(s.Y, s.YLabel)
	p.xUnit, p.yUnit = col(s.X).Unit, col(s.Y).Unit

	env := &Envelope{
		ID: s.ID, Kind: s.Kind, Theme: s.Theme, Title: s.Title, Takeaway: s.Takeaway,
		Scale: s.Scale, LogSwitch: s.LogSwitch,
		DataDate: d.Meta.DatePublished,
	}
	if env.Scale == "" {
		env.Scale = "linear"
	}
	notes, err := Markdown(s.Notes)
	if err != nil {
		return nil, fmt.Errorf("%s: notes: %w", s.Path, err)
	}
	env.NotesHTML = notes
	src, err := source(d)
	if err != nil {
		return nil, err
	}
	env.Sources = []Source{src}

	tableCols := []string{}
	switch s.Kind {
	case KindBar, KindGroupedBar, KindStackedBar, KindLine:
		env.Grid = buildCategorical(s, d, rows, &p)
		env.ValueAxis = "y"
		if s.Horizontal {
			env.ValueAxis = "x"
		}
		tableCols = []string{s.X, s.Series, s.Y}
		if s.Label != "" {
			tableCols = append(s.labelColumns(), s.Series, s.Y)
			if !slices.Contains(tableCols, s.X) {
				tableCols = append([]string{s.X}, tableCols...)
			}
		}
		p.tooltipFmt = "{b}<br/>{a}: {c}" + unitSuffix(p.yUnit)
		if s.Series == "" {
			p.tooltipFmt = "{b}: {c}" + unitSuffix(p.yUnit)
		}
	case KindScatter:
		buildScatter(s, d, rows, &p)
		tableCols = append(s.labelColumns(), s.Series, s.X, s.Y)
		p.tooltipFmt = "{b}<br/>" + p.xName + ", " + p.yName + ": {c}"
	case KindTimeline:
		buildTimeline(s, d, rows, &p)
		tableCols = append(s.labelColumns(), s.Start, s.End)
		if s.Group != "" && !slices.Contains(tableCols, s.Group) {
			tableCols = append([]string{s.Group}, tableCols...)
		}
		p.tooltipFmt = "{b}"
	}
	p.legend = len(p.series) > 1
	if s.Scale == "log" || s.LogSwitch {
		p.logMin = logFloor(p.series)
		env.LogMin = p.logMin
	}
	env.Categories = p.categories
	env.Height = heightClass(s, p)
	for _, sr := range p.series {
		env.Series = append(env.Series, sr.name)
	}
	if env.Option, err = option(p); err != nil {
		return nil, err
	}
	env.Table = table(d, rows, tableCols, s)
	sum := sha256.Sum256(env.Table.CSV())
	env.DataVersion = hex.EncodeToString(sum[:])[:12]
	return env, nil
}

func unitSuffix(unit string) string {
	if unit == "" || unit == "count" {
		return ""
	}
	if unit == "%" || unit == "x" {
		return unit
	}
	return " " + unit
}

// firstClause shortens a column description to an axis name: "CPU seconds (usr+sys)..."
// keeps the text up to the first full stop or semicolon.
func firstClause(s string) string {
	for _, sep := range []string{". ", "; "} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	return strings.TrimSuffix(strings.TrimSpace(s), ".")
}

// orderBy sorts names by an explicit order first, then keeps the rest in first-seen order.
func orderBy(names []string, order []string) []string {
	out := slices.Clone(names)
	rank := func(n string) int {
		if i := slices.Index(order, n); i >= 0 {
			return i
		}
		return len(order)
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

func buildCategorical(s *Spec, d *dataset.Dataset, rows []int, p *plot) *Grid {
	xi, yi, si := d.Col(s.X), d.Col(s.Y), d.Col(s.Series)
	var cats, names []string
	val := map[[2]string]string{}
	colorKey := map[string]string{} // category -> value of the ColorBy column
	ci := d.Col(s.ColorBy)
	for _, r := range rows {
		x, name := d.Rows[r][xi], s.Title
		if s.Label != "" {
			x = s.label(d, r) // a display name such as "{framework} ({language})"
		}
		if si >= 0 {
			name = d.Rows[r][si]
		}
		if !slices.Contains(cats, x) {
			cats = append(cats, x)
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
		val[[2]string{x, name}] = d.Rows[r][yi]
		if ci >= 0 {
			colorKey[x] = d.Rows[r][ci]
		}
	}
	switch s.Sort {
	case "x":
		sort.Strings(cats)
	case "value_desc", "value_asc":
		num := func(x string) float64 { f, _ := parse(val[[2]string{x, names[0]}]).(float64); return f }
		sort.SliceStable(cats, func(i, j int) bool {
			if s.Sort == "value_desc" {
				return num(cats[i]) > num(cats[j])
			}
			return num(cats[i]) < num(cats[j])
		})
	}
	p.categories = orderBy(cats, s.Order)
	for i, name := range orderBy(names, s.SeriesOrder) {
		sr := series{name: name, color: colorFor(name, i)}
		for _, x := range p.categories {
			if v, ok := val[[2]string{x, name}]; ok && v != "" {
				sr.values = append(sr.values, parse(v))
			} else {
				sr.values = append(sr.values, "-") // ECharts' mark for a missing value
			}
			if s.ColorBy != "" {
				sr.colors = append(sr.colors, colorFor(colorKey[x], 0))
			}
		}
		p.series = append(p.series, sr)
	}
	if si < 0 {
		return nil
	}
	g := &Grid{Columns: []string{xLabel(s, d)}, Unit: col(d, s.Y).Unit}
	for _, sr := range p.series {
		g.Columns = append(g.Columns, sr.name)
	}
	for _, x := range p.categories {
		row := []string{x}
		for _, sr := range p.series {
			row = append(row, val[[2]string{x, sr.name}]) // as published
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

func col(d *dataset.Dataset, name string) dataset.Column { c, _ := d.Column(name); return c }

// xLabel names the category column of a chart's grid.
func xLabel(s *Spec, d *dataset.Dataset) string {
	if s.XLabel != "" {
		return s.XLabel
	}
	if c := col(d, s.X); c.Description != "" {
		return firstClause(c.Description)
	}
	return s.X
}

func buildScatter(s *Spec, d *dataset.Dataset, rows []int, p *plot) {
	xi, yi, si := d.Col(s.X), d.Col(s.Y), d.Col(s.Series)
	byName := map[string]*series{}
	var names []string
	for _, r := range rows {
		name := s.Title
		if si >= 0 {
			name = d.Rows[r][si]
		}
		sr, ok := byName[name]
		if !ok {
			sr = &series{name: name}
			byName[name] = sr
			names = append(names, name)
		}
		sr.values = append(sr.values, []float64{d.Float(r, xi), d.Float(r, yi)})
		sr.names = append(sr.names, s.label(d, r))
	}
	for i, name := range orderBy(names, s.SeriesOrder) {
		sr := byName[name]
		sr.color = colorFor(name, i)
		p.series = append(p.series, *sr)
	}
}

func buildTimeline(s *Spec, d *dataset.Dataset, rows []int, p *plot) {
	bi, ei, gi := d.Col(s.Start), d.Col(s.End), d.Col(s.Group)
	// One series per group (product), each row a segment from its start to its end date,
	// with "-" between segments so that ECharts lifts the pen: the option stays small and
	// the legend can show or hide a whole product.
	byGroup := map[string]*series{}
	var groups []string
	for _, r := range rows {
		start, end, lbl := d.Rows[r][bi], d.Rows[r][ei], s.label(d, r)
		if start == "" || end == "" {
			continue // listed in the table, but a range without an end cannot be drawn
		}
		group := s.Title
		if gi >= 0 {
			group = d.Rows[r][gi]
		}
		sr, ok := byGroup[group]
		if !ok {
			sr = &series{name: group}
			byGroup[group] = sr
			groups = append(groups, group)
		} else {
			sr.values = append(sr.values, "-")
			sr.names = append(sr.names, "")
		}
		name := fmt.Sprintf("%s: %s to %s", lbl, start, end)
		sr.values = append(sr.values, []string{start, lbl}, []string{end, lbl})
		sr.names = append(sr.names, name, name)
		p.categories = append(p.categories, lbl)
	}
	for i, g := range groups {
		sr := byGroup[g]
		sr.color = colorFor(g, i)
		p.series = append(p.series, *sr)
	}
}

func table(d *dataset.Dataset, rows []int, cols []string, s *Spec) Table {
	var t Table
	var idx []int
	for _, name := range cols {
		if name == "" {
			continue
		}
		c, _ := d.Column(name)
		t.Columns = append(t.Columns, TableColumn{
			Name: name, Label: firstClause(c.Description), Unit: c.Unit,
			Numeric: c.Type == dataset.TypeNumber || c.Type == dataset.TypeInteger,
		})
		idx = append(idx, d.Col(name))
	}
	for _, r := range rows {
		row := make([]string, len(idx))
		for i, ci := range idx {
			row[i] = d.Rows[r][ci] // as published: the table never reformats a value
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func source(d *dataset.Dataset) (Source, error) {
	m := d.Meta
	src := Source{
		Dataset: d.ID, Title: m.Title, Producer: m.Producer, URL: m.URLMain, URLDownload: m.URLDownload,
		DatePublished: m.DatePublished, DateAccessed: m.DateAccessed,
		License: m.License.Name, LicenseURL: m.License.URL, Citation: m.Citation,
		SecondHand: m.SecondHand, SHA256: d.SHA256, Version: d.Version(),
	}
	var err error
	for _, f := range []struct {
		dst  *string
		text string
		name string
	}{
		{&src.DescriptionHTML, m.Description, "description"},
		{&src.CaveatsHTML, m.Caveats, "caveats"},
		{&src.DerivationHTML, m.Derivation, "derivation"},
	} {
		if *f.dst, err = Markdown(f.text); err != nil {
			return src, fmt.Errorf("%s: %s: %w", d.MetaPath, f.name, err)
		}
	}
	return src, nil
}

// logFloor is the largest power of ten at or below every positive value drawn.
func logFloor(ss []series) float64 {
	lo := math.Inf(1)
	for _, s := range ss {
		for _, v := range s.values {
			if f, ok := v.(float64); ok && f > 0 && f < lo {
				lo = f
			}
		}
	}
	if math.IsInf(lo, 1) {
		return 1
	}
	return math.Pow(10, math.Floor(math.Log10(lo)))
}

// Heights of the classes in site.css, in CSS pixels (1rem = 16px).
var heights = []struct {
	class string
	px    int
}{{"s", 384}, {"m", 544}, {"l", 736}, {"xl", 960}}

// heightClass picks the smallest height that gives every row of a horizontal chart room
// for its label: about 20 px a timeline row or a bar, less for bars in a group.
func heightClass(s *Spec, p plot) string {
	need := 0
	switch {
	case s.Kind == KindTimeline:
		need = 80 + 20*len(p.categories)
	case s.Horizontal && len(p.series) > 1:
		need = 100 + len(p.categories)*(6*len(p.series)+10)
	case s.Horizontal:
		need = 80 + 26*len(p.categories)
	}
	if s.Tall && need < heights[1].px {
		need = heights[1].px
	}
	for _, h := range heights {
		if need <= h.px {
			return h.class
		}
	}
	return heights[len(heights)-1].class
}

// CSV is the table as CSV: a header row of column names, then the rows as published.
func (t Table) CSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Name
	}
	_ = w.Write(head) // a bytes.Buffer does not fail
	_ = w.WriteAll(t.Rows)
	return b.Bytes()
}
