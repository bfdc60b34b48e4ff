package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// Results is one run of the suite in the Go benchmark format
// (https://go.googlesource.com/proposal/+/master/design/14313-benchmark-format.md), so that
// benchstat reads the file as it is: configuration lines ("cpu: ..."), one line per
// measurement ("BenchmarkNBody/n=1000/runtime=python/impl=single 1 123 ns/op 45 cpu-ns/op"),
// and, as `go test` writes them, "--- FAIL:" and "--- SKIP:" lines with indented reasons,
// which benchstat ignores.
type Results struct {
	Config  []KV
	Entries []Entry
}

// KV is one configuration line.
type KV struct{ Key, Value string }

// Entry kinds.
const (
	Sample = "sample" // one measurement
	Fail   = "fail"   // a measurement that failed: Lines says why
	Skip   = "skip"   // a measurement that was left out: Lines says why and how to add it
)

// Entry is one measurement, failure or omission, in run order.
type Entry struct {
	Kind   string
	Name   string // "BenchmarkNBody/n=1000/runtime=python/impl=single"
	Values []Value
	Lines  []string
	Line   int // where it was read from, when parsed
}

// Value is a number and its unit ("ns/op", "cpu-ns/op", "req/s", "p99-ns", "rss-B").
type Value struct {
	V    float64
	Unit string
}

// Get returns the configuration value for key, or "".
func (r *Results) Get(key string) string {
	for _, kv := range r.Config {
		if kv.Key == key {
			return kv.Value
		}
	}
	return ""
}

// Set adds or replaces a configuration line.
func (r *Results) Set(key, value string) {
	for i, kv := range r.Config {
		if kv.Key == key {
			r.Config[i].Value = value
			return
		}
	}
	r.Config = append(r.Config, KV{key, value})
}

// Value returns the value of e in unit.
func (e Entry) Value(unit string) (float64, bool) {
	for _, v := range e.Values {
		if v.Unit == unit {
			return v.V, true
		}
	}
	return 0, false
}

// Parts splits a name into its base ("NBody") and its key=value parts.
func Parts(name string) (base string, kv map[string]string) {
	fields := strings.Split(name, "/")
	base = strings.TrimPrefix(fields[0], "Benchmark")
	kv = map[string]string{}
	for _, f := range fields[1:] {
		if k, v, ok := strings.Cut(f, "="); ok {
			kv[k] = v
		}
	}
	return base, kv
}

// Name builds a benchmark name from a base and key=value parts, in the order given.
func Name(base string, kv ...string) string {
	var b strings.Builder
	b.WriteString("Benchmark" + base)
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteString("/" + kv[i] + "=" + sanitize(kv[i+1]))
	}
	return b.String()
}

// sanitize keeps a name part free of the characters that end or split a name.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '/' || r == '=' {
			return '-'
		}
		return r
	}, s)
}

// Write writes r in the Go benchmark format.
func (r *Results) Write(w io.Writer) error {
	var b bytes.Buffer
	for _, kv := range r.Config {
		fmt.Fprintf(&b, "%s: %s\n", kv.Key, oneLine(kv.Value))
	}
	for _, e := range r.Entries {
		switch e.Kind {
		case Sample:
			b.WriteString(e.Name + " 1")
			for _, v := range e.Values {
				fmt.Fprintf(&b, " %s %s", strconv.FormatFloat(v.V, 'f', -1, 64), v.Unit)
			}
			b.WriteString("\n")
		case Fail, Skip:
			word := "FAIL"
			if e.Kind == Skip {
				word = "SKIP"
			}
			fmt.Fprintf(&b, "--- %s: %s\n", word, e.Name)
			for _, l := range e.Lines {
				fmt.Fprintf(&b, "    %s\n", oneLine(l))
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func oneLine(s string) string {
	return strings.TrimRight(strings.NewReplacer("\r", " ", "\n", " ").Replace(s), " ")
}

// SyntaxError is a problem in a results file, at a line.
type SyntaxError struct {
	Path string
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg) }

// Parse reads a results file written by Write (or by hand, or by benchstat's friends). path
// is used in messages. Lines that are neither configuration, measurements nor
// FAIL/SKIP blocks are ignored, as benchfmt ignores them.
func Parse(rd io.Reader, path string) (*Results, error) {
	r := &Results{}
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	var cur *Entry // the FAIL/SKIP block being read
	for sc.Scan() {
		line++
		t := sc.Text()
		if cur != nil && strings.HasPrefix(t, "    ") {
			cur.Lines = append(cur.Lines, strings.TrimPrefix(t, "    "))
			continue
		}
		cur = nil
		switch {
		case strings.HasPrefix(t, "--- FAIL: "), strings.HasPrefix(t, "--- SKIP: "):
			kind := Fail
			if strings.HasPrefix(t, "--- SKIP: ") {
				kind = Skip
			}
			name := strings.TrimSpace(t[len("--- FAIL: "):])
			if !strings.HasPrefix(name, "Benchmark") {
				return nil, &SyntaxError{path, line, fmt.Sprintf("want a benchmark name after %q, got %q", t[:10], name)}
			}
			r.Entries = append(r.Entries, Entry{Kind: kind, Name: name, Line: line})
			cur = &r.Entries[len(r.Entries)-1]
		case strings.HasPrefix(t, "Benchmark"):
			f := strings.Fields(t)
			if len(f) < 4 || len(f)%2 != 0 {
				return nil, &SyntaxError{path, line, "want a name, an iteration count and value-unit pairs"}
			}
			if _, err := strconv.Atoi(f[1]); err != nil {
				return nil, &SyntaxError{path, line, fmt.Sprintf("iteration count: want an integer, got %q", f[1])}
			}
			e := Entry{Kind: Sample, Name: f[0], Line: line}
			for i := 2; i < len(f); i += 2 {
				v, err := strconv.ParseFloat(f[i], 64)
				if err != nil {
					return nil, &SyntaxError{path, line, fmt.Sprintf("want a number before unit %q, got %q", f[i+1], f[i])}
				}
				e.Values = append(e.Values, Value{v, f[i+1]})
			}
			r.Entries = append(r.Entries, e)
		default:
			if k, v, ok := configLine(t); ok {
				r.Set(k, v)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// configLine recognises "key: value", where key starts with a lower-case letter and has no
// spaces or upper-case letters (the benchmark format's rule).
func configLine(t string) (string, string, bool) {
	k, v, ok := strings.Cut(t, ":")
	if !ok || k == "" || !unicode.IsLower(rune(k[0])) {
		return "", "", false
	}
	for _, c := range k {
		if unicode.IsSpace(c) || unicode.IsUpper(c) {
			return "", "", false
		}
	}
	return k, strings.TrimSpace(v), true
}

// Group collects the samples of each measurement, in first-seen order.
type Group struct {
	Name    string
	Samples []Entry
	Failed  *Entry // set when the measurement failed: it has no numbers
}

// Groups returns the measurements of r with their samples, failures included.
func (r *Results) Groups() []*Group {
	var out []*Group
	by := map[string]*Group{}
	for i := range r.Entries {
		e := &r.Entries[i]
		if e.Kind == Skip {
			continue
		}
		g, ok := by[e.Name]
		if !ok {
			g = &Group{Name: e.Name}
			by[e.Name] = g
			out = append(out, g)
		}
		if e.Kind == Fail {
			g.Failed = e
		} else {
			g.Samples = append(g.Samples, *e)
		}
	}
	return out
}

// Stats summarises the values of unit over the group's samples.
func (g *Group) Stats(unit string, level float64) (Stats, bool) {
	var xs []float64
	for _, s := range g.Samples {
		if v, ok := s.Value(unit); ok {
			xs = append(xs, v)
		}
	}
	if len(xs) == 0 {
		return Stats{}, false
	}
	return Summarize(xs, level), true
}
