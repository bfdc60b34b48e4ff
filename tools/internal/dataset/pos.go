package dataset

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// Error is one problem, located in a file. It prints as path:line:col: message, the form
// editors and CI logs turn into links.
type Error struct {
	Path      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// Errorf makes an Error.
func Errorf(path string, line, col int, format string, args ...any) *Error {
	return &Error{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// Errors is every problem found, in file order.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Sort orders the problems by file and position, so that output is stable.
func (es Errors) Sort() {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Err returns nil for no problems, so callers can write `if err := es.Err(); err != nil`.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	es.Sort()
	return es
}

// AsErrors flattens err into located problems; an error with no location gets line 0.
func AsErrors(err error) Errors {
	var es Errors
	if errors.As(err, &es) {
		return es
	}
	var e *Error
	if errors.As(err, &e) {
		return Errors{e}
	}
	return Errors{{Msg: err.Error()}}
}

// KeyPos finds where a TOML key is set in src, so that a problem with a key's value can
// point at it. BurntSushi/toml records no per-key positions. A dotted key such as
// "license.name" is looked up as `name =` after the `[license]` table header. It returns
// line 1, col 1 when the key is absent, which is where a missing key would go.
func KeyPos(src, key string) (line, col int) {
	table, name := "", key
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		table, name = key[:i], key[i+1:]
	}
	inTable := table == ""
	for i, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			inTable = t == "["+table+"]" || t == "[["+table+"]]"
			if inTable && table != "" && name == "" {
				return i + 1, 1
			}
			continue
		}
		if !inTable {
			continue
		}
		if rest, ok := strings.CutPrefix(t, name); ok && strings.HasPrefix(strings.TrimSpace(rest), "=") {
			return i + 1, strings.Index(l, name) + 1
		}
	}
	if table != "" {
		// Point at the table header when the key is missing from it.
		for i, l := range strings.Split(src, "\n") {
			if strings.TrimSpace(l) == "["+table+"]" {
				return i + 1, 1
			}
		}
	}
	return 1, 1
}

// DecodeTOML decodes src (read from path) into v. A syntax error comes back as an *Error;
// the keys v has no field for (typos that would otherwise be ignored) come back together
// as Errors, with v decoded.
func DecodeTOML(path, src string, v any) error {
	md, err := toml.Decode(src, v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return Errorf(path, pe.Position.Line, pe.Position.Col, "%s", pe.Message)
		}
		return Errorf(path, 1, 1, "%v", err)
	}
	var errs Errors
	for _, k := range md.Undecoded() {
		l, c := KeyPos(src, k.String())
		errs = append(errs, Errorf(path, l, c, "unknown key %q", k.String()))
	}
	return errs.Err()
}
