// Package chart turns declarative chart specs (data/charts/<id>.toml) and checked datasets
// into chart envelopes: the ECharts option plus everything a page needs to cite it. It is the
// only package that knows go-echarts, and echarts.go is the only file that calls it.
package chart

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"pyevidence/tools/internal/dataset"
)

// Kinds of chart a spec can ask for without any Go code.
const (
	KindBar        = "bar"         // one value per category
	KindGroupedBar = "grouped_bar" // one bar per category and series
	KindStackedBar = "stacked_bar" // series stacked per category
	KindLine       = "line"        // a value over ordered categories, one line per series
	KindScatter    = "scatter"     // two numeric columns, one point per row
	KindTimeline   = "timeline"    // date ranges, one row per label (support windows)
)

// Kinds lists every kind, for messages.
var Kinds = []string{KindBar, KindGroupedBar, KindStackedBar, KindLine, KindScatter, KindTimeline}

// Spec is one chart, as a maintainer writes it.
type Spec struct {
	ID       string `toml:"id"`
	Kind     string `toml:"kind"`
	Dataset  string `toml:"dataset"`
	Title    string `toml:"title"`
	Takeaway string `toml:"takeaway"` // one sentence, in the project's words
	Notes    string `toml:"notes"`    // Markdown
	// Theme groups charts by the essay's themes (performance, concurrency, ...).
	Theme string `toml:"theme"`

	X      string `toml:"x"`      // category column, or numeric for scatter
	Y      string `toml:"y"`      // value column
	Series string `toml:"series"` // optional: one series per distinct value
	// Label names the row, point or category: a column, or a template of columns such as
	// "{product_title} {cycle}" (scatter points, timeline rows, bar categories).
	Label string `toml:"label"`
	Start string `toml:"start"` // timeline: start date column
	End   string `toml:"end"`   // timeline: end date column
	Group string `toml:"group"` // timeline: colour group column
	// ColorBy colours each bar of a single-series bar chart by a column's value, with the
	// site's colour for that language where it has one.
	ColorBy string `toml:"color_by"`

	XLabel string `toml:"x_label"` // axis names; default to the column's description
	YLabel string `toml:"y_label"`

	Scale     string `toml:"scale"`      // "linear" (default) or "log"
	LogSwitch bool   `toml:"log_switch"` // offer the reader a log/linear switch
	// Horizontal draws bars along the x axis, for long category names on narrow screens.
	Horizontal bool `toml:"horizontal"`
	// Sort orders the categories: "" keeps the data's order, "x" sorts by name,
	// "value_desc"/"value_asc" by value (single-series charts only).
	Sort        string   `toml:"sort"`
	Order       []string `toml:"order"`        // explicit category order; others follow
	SeriesOrder []string `toml:"series_order"` // explicit series order; others follow
	Tall        bool     `toml:"tall"`         // at least the medium height

	Filters []Filter `toml:"filter"`

	Path string `toml:"-"`
	src  string
}

// Filter keeps only some rows. All of a filter's conditions must hold.
type Filter struct {
	Column   string   `toml:"column"`
	In       []string `toml:"in"`
	NotIn    []string `toml:"not_in"`
	Gte      string   `toml:"gte"` // numeric for number columns, text order otherwise (dates)
	Lte      string   `toml:"lte"`
	NonEmpty bool     `toml:"non_empty"`
}

// LoadSpecs reads every *.toml under dir, in name order. Like dataset.Load it fails only
// where a file cannot be parsed.
func LoadSpecs(dir string) ([]*Spec, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.toml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var (
		specs []*Spec
		errs  dataset.Errors
	)
	for _, p := range paths {
		s, err := LoadSpec(p)
		if err != nil {
			errs = append(errs, dataset.AsErrors(err)...)
			continue
		}
		specs = append(specs, s)
	}
	return specs, errs.Err()
}

// LoadSpec reads one spec file.
func LoadSpec(path string) (*Spec, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, dataset.Errorf(path, 0, 0, "%v", err)
	}
	return ParseSpec(path, src)
}

// ParseSpec parses a spec from src; path is used in messages.
func ParseSpec(path string, src []byte) (*Spec, error) {
	s := &Spec{Path: path, src: string(src)}
	if err := dataset.DecodeTOML(path, s.src, s); err != nil {
		return nil, err
	}
	return s, nil
}

// pos locates a key of the spec file for a message.
func (s *Spec) pos(key string) (int, int) { return dataset.KeyPos(s.src, key) }

func (s *Spec) errorf(key, format string, args ...any) *dataset.Error {
	l, c := s.pos(key)
	return dataset.Errorf(s.Path, l, c, format, args...)
}

// columns lists the spec's column references by key, in a stable order.
func (s *Spec) columns() [][2]string {
	var out [][2]string
	for _, kv := range [][2]string{
		{"x", s.X}, {"y", s.Y}, {"series", s.Series},
		{"start", s.Start}, {"end", s.End}, {"group", s.Group}, {"color_by", s.ColorBy},
	} {
		if strings.TrimSpace(kv[1]) != "" {
			out = append(out, kv)
		}
	}
	for _, c := range s.labelColumns() {
		out = append(out, [2]string{"label", c})
	}
	return out
}

var templateRe = regexp.MustCompile(`\{([^{}]+)\}`)

// labelColumns lists the columns Label uses.
func (s *Spec) labelColumns() []string {
	if s.Label == "" {
		return nil
	}
	if !strings.Contains(s.Label, "{") {
		return []string{s.Label}
	}
	var cols []string
	for _, m := range templateRe.FindAllStringSubmatch(s.Label, -1) {
		cols = append(cols, m[1])
	}
	return cols
}

// label renders Label for row r.
func (s *Spec) label(d *dataset.Dataset, r int) string {
	if !strings.Contains(s.Label, "{") {
		return d.Rows[r][d.Col(s.Label)]
	}
	return templateRe.ReplaceAllStringFunc(s.Label, func(m string) string {
		return d.Rows[r][d.Col(m[1:len(m)-1])]
	})
}
