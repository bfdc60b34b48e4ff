package dataset

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Units lists the units a numeric column may declare. A unit outside it is almost always a
// typo ("sec", "kb") that would otherwise reach an axis label, so it fails the check.
// Add to it when a dataset needs a new one.
var Units = []string{
	"s", "ms", "us", "KB", "MB", "B", "J", "%", "x", "req/s",
	"count", "cores", "developers", "economies", "programs", "runs",
}

var (
	sha256Re = regexp.MustCompile(`^[0-9a-f]{64}$`)
	idRe     = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// Check reports every problem with d: its provenance, its columns and every cell. It
// reads nothing from disk and changes nothing.
func Check(d *Dataset) Errors {
	var errs Errors
	add := func(path string, line, col int, format string, args ...any) {
		errs = append(errs, Errorf(path, line, col, format, args...))
	}
	m := d.Meta
	if !idRe.MatchString(d.ID) {
		add(d.MetaPath, 1, 1, "dataset folder name %q: want snake_case (a-z, 0-9, _)", d.ID)
	}

	// Provenance: a figure whose source cannot be named does not go on the site.
	required := []struct{ key, val string }{
		{"title", m.Title}, {"producer", m.Producer}, {"url_main", m.URLMain},
		{"date_published", m.DatePublished}, {"date_accessed", m.DateAccessed},
		{"license.name", m.License.Name}, {"license.url", m.License.URL},
		{"citation", m.Citation}, {"description", m.Description},
		{"derivation", m.Derivation}, {"sha256", m.SHA256},
	}
	for _, f := range required {
		if strings.TrimSpace(f.val) == "" {
			l, c := d.metaKeyPos(f.key)
			what := f.key
			if f.key == "license.name" || f.key == "license.url" {
				what = f.key + " (the licence of the data)"
			}
			add(d.MetaPath, l, c, "missing %s", what)
		}
	}
	for _, f := range []struct{ key, val string }{
		{"date_published", m.DatePublished}, {"date_accessed", m.DateAccessed},
	} {
		if f.val != "" && !isDate(f.val) {
			l, c := d.metaKeyPos(f.key)
			add(d.MetaPath, l, c, "%s: want a date as YYYY-MM-DD, got %q", f.key, f.val)
		}
	}
	for _, f := range []struct{ key, val string }{
		{"url_main", m.URLMain}, {"url_download", m.URLDownload}, {"license.url", m.License.URL},
	} {
		if f.val != "" && !strings.HasPrefix(f.val, "https://") && !strings.HasPrefix(f.val, "http://") {
			l, c := d.metaKeyPos(f.key)
			add(d.MetaPath, l, c, "%s: want an http(s) URL, got %q", f.key, f.val)
		}
	}
	if m.SHA256 != "" && !sha256Re.MatchString(m.SHA256) {
		l, c := d.metaKeyPos("sha256")
		add(d.MetaPath, l, c, "sha256: want 64 lowercase hex digits")
	} else if m.SHA256 != "" && m.SHA256 != d.SHA256 {
		l, c := d.metaKeyPos("sha256")
		add(d.MetaPath, l, c, "checksum mismatch: data.csv has sha256 %s, meta.toml records %s; "+
			"re-run the dataset's importer, or update sha256 if the edit is deliberate", d.SHA256, m.SHA256)
	}

	// Columns: the sidecar must describe exactly the columns the file has.
	if len(m.Columns) == 0 {
		add(d.MetaPath, 1, 1, "no [[columns]]: describe every column of data.csv")
	}
	seen := map[string]bool{}
	for _, c := range m.Columns {
		l, col := d.columnPos(c.Name)
		if seen[c.Name] {
			add(d.MetaPath, l, col, "column %q is described twice", c.Name)
		}
		seen[c.Name] = true
		switch c.Type {
		case TypeString, TypeDate:
			if c.Unit != "" {
				add(d.MetaPath, l, col, "column %q: a %s column has no unit, got %q", c.Name, c.Type, c.Unit)
			}
		case TypeNumber, TypeInteger:
			if c.Unit == "" {
				add(d.MetaPath, l, col, "column %q: a %s column needs a unit (one of %s)", c.Name, c.Type, strings.Join(Units, ", "))
			} else if !slices.Contains(Units, c.Unit) {
				add(d.MetaPath, l, col, "column %q: unknown unit %q (want one of %s)", c.Name, c.Unit, strings.Join(Units, ", "))
			}
		default:
			add(d.MetaPath, l, col, "column %q: unknown type %q (want string, number, integer or date)", c.Name, c.Type)
		}
		if len(c.Categories) > 0 && c.Type != TypeString {
			add(d.MetaPath, l, col, "column %q: categories apply only to string columns", c.Name)
		}
		if strings.TrimSpace(c.Description) == "" {
			add(d.MetaPath, l, col, "column %q: missing description", c.Name)
		}
	}
	if d.Header == nil {
		// An empty file was already reported by Load.
		return errs
	}
	for i, h := range d.Header {
		if !seen[h] {
			line, col := d.headerPos[i][0], d.headerPos[i][1]
			add(d.CSVPath, line, col, "column %q is not described in meta.toml", h)
		}
	}
	for _, c := range m.Columns {
		if d.Col(c.Name) < 0 {
			add(d.CSVPath, 1, 1, "missing column %q (meta.toml describes it; the header has %s)", c.Name, strings.Join(d.Header, ", "))
		}
	}
	for _, k := range m.Key {
		if _, ok := d.Column(k); !ok {
			l, c := d.metaKeyPos("key")
			add(d.MetaPath, l, c, "key column %q is not a described column", k)
		}
	}

	// Cells.
	type colCheck struct {
		idx int
		c   Column
	}
	var cols []colCheck
	for _, c := range m.Columns {
		if i := d.Col(c.Name); i >= 0 {
			cols = append(cols, colCheck{i, c})
		}
	}
	keyIdx := make([]int, 0, len(m.Key))
	for _, k := range m.Key {
		if i := d.Col(k); i >= 0 {
			keyIdx = append(keyIdx, i)
		}
	}
	keys := map[string]int{} // key -> first line
	for r, row := range d.Rows {
		if len(row) != len(d.Header) {
			l, c := d.Pos(r, 0)
			add(d.CSVPath, l, c, "row has %d fields, the header has %d", len(row), len(d.Header))
			continue
		}
		for _, cc := range cols {
			v := row[cc.idx]
			l, c := d.Pos(r, cc.idx)
			if msg := checkCell(cc.c, v); msg != "" {
				add(d.CSVPath, l, c, "column %q: %s", cc.c.Name, msg)
			}
		}
		if len(keyIdx) == len(m.Key) && len(keyIdx) > 0 {
			parts := make([]string, len(keyIdx))
			for i, k := range keyIdx {
				parts[i] = row[k]
			}
			k := strings.Join(parts, "\x00")
			l, c := d.Pos(r, 0)
			if first, dup := keys[k]; dup {
				add(d.CSVPath, l, c, "duplicate key (%s) = (%s), first on line %d",
					strings.Join(m.Key, ", "), strings.Join(parts, ", "), first)
			} else {
				keys[k] = l
			}
		}
	}
	return errs
}

// checkCell returns what is wrong with one value, or "".
func checkCell(c Column, v string) string {
	if v == "" {
		if c.Optional {
			return ""
		}
		return "empty value (mark the column optional = true if blanks are expected)"
	}
	switch c.Type {
	case TypeNumber:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return fmt.Sprintf("want a number, got %q", v)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Sprintf("want a finite number, got %q", v)
		}
	case TypeInteger:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Sprintf("want an integer, got %q", v)
		}
	case TypeDate:
		if !isDate(v) {
			return fmt.Sprintf("want a date as YYYY-MM-DD, got %q", v)
		}
	case TypeString:
		if len(c.Categories) > 0 && !slices.Contains(c.Categories, v) {
			return fmt.Sprintf("unknown category %q (allowed: %s)", v, strings.Join(c.Categories, ", "))
		}
	}
	return ""
}

func isDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// Float returns cell (row, col) as a number. It assumes a checked dataset.
func (d *Dataset) Float(row, col int) float64 {
	f, _ := strconv.ParseFloat(d.Rows[row][col], 64)
	return f
}
