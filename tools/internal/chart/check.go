package chart

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"pyevidence/tools/internal/dataset"
)

var idRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Check reports every problem with the specs, given the datasets they may name. It
// assumes the datasets were checked: it judges the specs, not the data.
func Check(specs []*Spec, sets map[string]*dataset.Dataset) dataset.Errors {
	var errs dataset.Errors
	seen := map[string]*Spec{}
	for _, s := range specs {
		errs = append(errs, checkSpec(s, sets)...)
		// Ids become URLs (/charts/<id>/) and HTML anchors (chart-<id with - for _>), so two
		// ids that read the same once slugged would share a page or an anchor.
		slug := Slug(s.ID)
		if prev, dup := seen[slug]; dup && s.ID != "" {
			errs = append(errs, s.errorf("id", "chart id %q collides with %q (%s): both become %q in URLs and anchors", s.ID, prev.ID, prev.Path, slug))
		}
		seen[slug] = s
	}
	return errs
}

func checkSpec(s *Spec, sets map[string]*dataset.Dataset) dataset.Errors {
	var errs dataset.Errors
	add := func(key, format string, args ...any) { errs = append(errs, s.errorf(key, format, args...)) }

	base := strings.TrimSuffix(filepath.Base(s.Path), ".toml")
	switch {
	case s.ID == "":
		add("id", "missing id")
	case !idRe.MatchString(s.ID):
		add("id", "id %q: want snake_case (a-z, 0-9, _), as it becomes a URL and an HTML id", s.ID)
	case s.ID != base:
		add("id", "id %q does not match the file name %q", s.ID, base+".toml")
	}
	for _, f := range []struct{ key, val string }{{"title", s.Title}, {"takeaway", s.Takeaway}, {"theme", s.Theme}} {
		if strings.TrimSpace(f.val) == "" {
			add(f.key, "missing %s", f.key)
		}
	}
	if !slices.Contains(Kinds, s.Kind) {
		add("kind", "unknown kind %q (want one of %s)", s.Kind, strings.Join(Kinds, ", "))
		return errs
	}
	if s.Scale != "" && s.Scale != "linear" && s.Scale != "log" {
		add("scale", "scale %q: want linear or log", s.Scale)
	}
	switch s.Sort {
	case "", "x", "value_desc", "value_asc":
	default:
		add("sort", "sort %q: want x, value_desc or value_asc", s.Sort)
	}
	if (s.Sort == "value_desc" || s.Sort == "value_asc") && s.Series != "" {
		add("sort", "sort by value needs a single-series chart; this one has series %q", s.Series)
	}
	if s.Dataset == "" {
		add("dataset", "missing dataset")
		return errs
	}
	d, ok := sets[s.Dataset]
	if !ok {
		add("dataset", "dataset %q not found in data/datasets", s.Dataset)
		return errs
	}

	// Which columns each kind needs, and of which type.
	numeric := func(t string) bool { return t == dataset.TypeNumber || t == dataset.TypeInteger }
	need := map[string]func(string) bool{}
	anyType := func(string) bool { return true }
	switch s.Kind {
	case KindBar, KindLine:
		need["x"], need["y"] = anyType, numeric
	case KindGroupedBar, KindStackedBar:
		need["x"], need["y"], need["series"] = anyType, numeric, anyType
	case KindScatter:
		need["x"], need["y"], need["label"] = numeric, numeric, anyType
	case KindTimeline:
		isDate := func(t string) bool { return t == dataset.TypeDate }
		need["label"], need["start"], need["end"] = anyType, isDate, isDate
	}
	refs := map[string]string{}
	for _, kv := range s.columns() {
		refs[kv[0]] = kv[1]
	}
	for _, key := range sortedKeys(need) {
		if refs[key] == "" {
			add(key, "a %s chart needs %s = \"<column>\"", s.Kind, key)
		}
	}
	for _, kv := range s.columns() {
		c, ok := d.Column(kv[1])
		if !ok {
			add(kv[0], "column %q not found in dataset %q (it has %s)", kv[1], d.ID, strings.Join(d.Header, ", "))
			continue
		}
		if want, ok := need[kv[0]]; ok && !want(c.Type) {
			add(kv[0], "column %q is of type %s, which a %s chart cannot use as %s", kv[1], c.Type, s.Kind, kv[0])
		}
	}
	for i, f := range s.Filters {
		if _, ok := d.Column(f.Column); !ok {
			l, c := filterPos(s, i)
			errs = append(errs, dataset.Errorf(s.Path, l, c, "filter column %q not found in dataset %q", f.Column, d.ID))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	rows := s.rows(d)
	if len(rows) == 0 {
		add("dataset", "the filters leave no rows of dataset %q", d.ID)
	}
	if s.Scale == "log" || s.LogSwitch {
		yi := d.Col(s.Y)
		for _, r := range rows {
			if v := d.Rows[r][yi]; v != "" && d.Float(r, yi) <= 0 {
				l, c := d.Pos(r, yi)
				errs = append(errs, dataset.Errorf(d.CSVPath, l, c,
					"column %q: %s is not positive, so chart %q cannot use a log scale (filter the row out, or use scale = \"linear\")", s.Y, v, s.ID))
			}
		}
	}
	return errs
}

// filterPos locates the i-th [[filter]] table of a spec.
func filterPos(s *Spec, i int) (int, int) {
	n := -1
	for li, l := range strings.Split(s.src, "\n") {
		if strings.TrimSpace(l) == "[[filter]]" {
			n++
			if n == i {
				return li + 1, 1
			}
		}
	}
	return 1, 1
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Slug is the form of a chart id used in anchors: lower case, with "-" for "_".
func Slug(id string) string {
	return strings.ReplaceAll(strings.ToLower(id), "_", "-")
}
