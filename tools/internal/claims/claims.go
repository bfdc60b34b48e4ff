// Package claims is the claims ledger: each claim the essay makes, the evidence that bears
// on it, the verdict the project reached, and an assertion over named figures that the
// build re-checks whenever the data changes. A "supported" claim whose assertion stops
// holding fails the build; a "mixed" or "contradicted" one whose figures move past their
// tolerance warns.
package claims

import (
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"

	"pyevidence/tools/internal/dataset"
	"pyevidence/tools/internal/figures"
)

// Verdicts.
var Verdicts = []string{"supported", "mixed", "contradicted", "not_settled"}

// Tags says where a claim applies; a fixed list, so the Evidence map's filter has no typos.
var Tags = []string{
	"cpu-bound", "io-bound", "web-api", "latency-sensitive", "multi-core",
	"data-ml", "large-team", "long-lived", "deployment", "hiring",
}

// Ledger is data/claims.toml.
type Ledger struct {
	// Essay is the content file whose sentences the claims quote.
	Essay  string  `toml:"essay"`
	Claims []Claim `toml:"claim"`

	path string
	src  string
}

// Claim is one claim of the essay.
type Claim struct {
	ID      string `toml:"id" json:"id"`
	Section string `toml:"section" json:"section"`
	// Quote is the essay's own sentence, word for word; it locates the claim.
	Quote   string `toml:"quote" json:"quote"`
	Summary string `toml:"summary" json:"summary"` // the claim in a few words
	Verdict string `toml:"verdict" json:"verdict"`
	// Note is the reasoning, in Markdown; [fig:name] prints a named figure.
	Note          string   `toml:"note" json:"note"`
	Charts        []string `toml:"charts" json:"charts"`
	CounterCharts []string `toml:"counter_charts" json:"counter_charts"`
	Counter       string   `toml:"counter" json:"counter"` // the strongest counter-evidence, Markdown with [fig:name]
	Applies       []string `toml:"applies" json:"applies"`
	KeyFigure     string   `toml:"key_figure" json:"key_figure"`
	Assert        string   `toml:"assert" json:"assert"`
	// Judged records the figures' values when the verdict was reached.
	Judged map[string]float64 `toml:"judged" json:"judged"`
	// Tolerance is how far (relative) a judged figure may move before the build warns.
	Tolerance float64 `toml:"tolerance" json:"tolerance"`
}

// Load reads the ledger. A missing file is an empty ledger.
func Load(path string) (*Ledger, error) {
	src, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &Ledger{path: path}, nil
	}
	if err != nil {
		return nil, dataset.Errorf(path, 0, 0, "%v", err)
	}
	l := &Ledger{path: path, src: string(src)}
	if err := dataset.DecodeTOML(path, l.src, l); err != nil {
		return nil, err
	}
	return l, nil
}

// pos locates key within the i-th [[claim]] table, or the table itself.
func (l *Ledger) pos(i int, key string) (int, int) {
	n := -1
	lines := strings.Split(l.src, "\n")
	for li, line := range lines {
		t := strings.TrimSpace(line)
		if t == "[[claim]]" {
			n++
			if n > i {
				break
			}
			continue
		}
		if n == i && key != "" && t == "[claim."+key+"]" {
			return li + 1, 1
		}
		if n == i && key != "" {
			if rest, ok := strings.CutPrefix(t, key); ok && strings.HasPrefix(strings.TrimSpace(rest), "=") {
				return li + 1, strings.Index(line, key) + 1
			}
		}
	}
	// The table header, when the key is absent.
	n = -1
	for li, line := range lines {
		if strings.TrimSpace(line) == "[[claim]]" {
			n++
			if n == i {
				return li + 1, 1
			}
		}
	}
	return 1, 1
}

// valuePos locates a byte offset inside the string value of key in the i-th claim.
func (l *Ledger) valuePos(i int, key string, off int) (int, int) {
	ln, _ := l.pos(i, key)
	line := strings.Split(l.src, "\n")[ln-1]
	q := strings.IndexByte(line, '"')
	return ln, q + 2 + off
}

func (l *Ledger) errorf(i int, key, format string, args ...any) *dataset.Error {
	ln, c := l.pos(i, key)
	return dataset.Errorf(l.path, ln, c, format, args...)
}

var figRefRe = regexp.MustCompile(`\[fig:([a-z0-9_]+)\]`)

// Check reports every problem with the ledger: quotes that are not in the essay (with the
// nearest sentence), unknown charts, tags and figures, malformed assertions, and
// "supported" claims whose assertion no longer holds. Warnings are moves of judged
// figures past their tolerance.
func (l *Ledger) Check(essay string, charts map[string]bool, figs map[string]figures.Figure) (errs, warns dataset.Errors) {
	text := normalize(essay)
	var sentences []string
	for _, line := range strings.Split(essay, "\n") {
		sentences = append(sentences, splitSentences(normalize(line))...)
	}
	seen := map[string]bool{}
	for i, c := range l.Claims {
		add := func(key, format string, args ...any) { errs = append(errs, l.errorf(i, key, format, args...)) }
		switch {
		case c.ID == "":
			add("id", "claim without an id")
		case seen[c.ID]:
			add("id", "claim id %q is used twice", c.ID)
		}
		seen[c.ID] = true
		if q := normalize(c.Quote); q == "" {
			add("quote", "claim %q: missing quote", c.ID)
		} else if !strings.Contains(text, q) {
			add("quote", "claim %q: the quote is not in the essay; the nearest sentence is %q", c.ID, nearest(q, sentences))
		}
		for _, f := range []struct{ key, val string }{{"section", c.Section}, {"summary", c.Summary}, {"note", c.Note}} {
			if strings.TrimSpace(f.val) == "" {
				add(f.key, "claim %q: missing %s", c.ID, f.key)
			}
		}
		if !slices.Contains(Verdicts, c.Verdict) {
			add("verdict", "claim %q: verdict %q: want one of %s", c.ID, c.Verdict, strings.Join(Verdicts, ", "))
		}
		for _, key := range []string{"charts", "counter_charts"} {
			list := c.Charts
			if key == "counter_charts" {
				list = c.CounterCharts
			}
			for _, id := range list {
				if !charts[id] {
					add(key, "claim %q: unknown chart %q", c.ID, id)
				}
			}
		}
		if len(c.Applies) == 0 {
			add("applies", "claim %q: say where it applies (one or more of %s)", c.ID, strings.Join(Tags, ", "))
		}
		for _, t := range c.Applies {
			if !slices.Contains(Tags, t) {
				add("applies", "claim %q: unknown workload tag %q (want one of %s)", c.ID, t, strings.Join(Tags, ", "))
			}
		}
		if c.KeyFigure != "" {
			if _, ok := figs[c.KeyFigure]; !ok {
				add("key_figure", "claim %q: unknown figure %q", c.ID, c.KeyFigure)
			}
		}
		for _, key := range []string{"note", "counter"} {
			val := c.Note
			if key == "counter" {
				val = c.Counter
			}
			for _, m := range figRefRe.FindAllStringSubmatch(val, -1) {
				if _, ok := figs[m[1]]; !ok {
					add(key, "claim %q: unknown figure %q in [fig:%s]", c.ID, m[1], m[1])
				}
			}
		}
		if c.Assert == "" {
			if c.Verdict == "supported" || c.Verdict == "contradicted" {
				add("verdict", "claim %q is %s, so it needs an assertion the build can check", c.ID, c.Verdict)
			}
			continue
		}
		a, err := parseAssertion(c.Assert)
		if err != nil {
			var se *syntaxError
			errors.As(err, &se)
			ln, col := l.valuePos(i, "assert", se.off)
			errs = append(errs, dataset.Errorf(l.path, ln, col, "claim %q: malformed assertion: %s", c.ID, se.msg))
			continue
		}
		values := map[string]float64{}
		bad := false
		for _, o := range a.figures() {
			f, ok := figs[o.figure]
			if !ok {
				ln, col := l.valuePos(i, "assert", o.off)
				errs = append(errs, dataset.Errorf(l.path, ln, col, "claim %q: unknown figure %q in the assertion (known: %s)", c.ID, o.figure, strings.Join(figures.Names(), ", ")))
				bad = true
				continue
			}
			values[o.figure] = f.Value
			if _, ok := c.Judged[o.figure]; !ok {
				add("assert", "claim %q: record the value %s was judged on: [claim.judged] %s = %v", c.ID, o.figure, o.figure, f.Value)
				bad = true
			}
		}
		if bad {
			continue
		}
		if !a.eval(values) && c.Verdict == "supported" {
			add("assert", "claim %q is marked supported, but its assertion `%s` no longer holds: %s. Revisit the verdict and the note, then record the new values under [claim.judged]",
				c.ID, c.Assert, changes(a, c.Judged, values))
			continue
		}
		tol := c.Tolerance
		if tol == 0 {
			tol = 0.1
		}
		for _, o := range a.figures() {
			old, now := c.Judged[o.figure], values[o.figure]
			if moved(old, now, tol) {
				warns = append(warns, l.errorf(i, "judged", "claim %q (%s): figure %s was %v when judged, is now %v (more than %.0f%% away); revisit the verdict",
					c.ID, c.Verdict, o.figure, old, now, tol*100))
			}
		}
	}
	return errs, warns
}

func moved(old, now, tol float64) bool {
	if old == 0 {
		return now != 0
	}
	return math.Abs(now-old)/math.Abs(old) > tol
}

func changes(a *assertion, judged, now map[string]float64) string {
	var parts []string
	for _, o := range a.figures() {
		parts = append(parts, fmt.Sprintf("%s was %v, is now %v", o.figure, judged[o.figure], now[o.figure]))
	}
	return strings.Join(parts, "; ")
}

// Holds reports whether a claim's assertion holds for figs (true when it has none).
func (c Claim) Holds(figs map[string]figures.Figure) bool {
	a, err := parseAssertion(c.Assert)
	if c.Assert == "" || err != nil {
		return c.Assert == ""
	}
	values := map[string]float64{}
	for _, o := range a.figures() {
		values[o.figure] = figs[o.figure].Value
	}
	return a.eval(values)
}

// ExpandFigures replaces [fig:name] with the figure's printed value.
func ExpandFigures(s string, figs map[string]figures.Figure) string {
	return figRefRe.ReplaceAllStringFunc(s, func(m string) string {
		if f, ok := figs[m[5:len(m)-1]]; ok {
			return f.Text
		}
		return m
	})
}

var (
	shortcodeRe = regexp.MustCompile(`\{\{[<%].*?[>%]\}\}`)
	markdownRe  = regexp.MustCompile(`(?m)^\s*((#+|-|\*|\d+\.)\s+)+`)
)

// normalize reduces Markdown to its words: shortcodes, list and heading markers gone,
// white space folded, so a quote matches however the essay is laid out.
func normalize(s string) string {
	s = shortcodeRe.ReplaceAllString(s, " ")
	s = markdownRe.ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(s), " ")
}

func splitSentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		if (text[i] == '.' || text[i] == '?') && (i+1 == len(text) || text[i+1] == ' ') {
			out = append(out, strings.TrimSpace(text[start:i+1]))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(text[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// nearest is the sentence with the smallest edit distance to q.
func nearest(q string, sentences []string) string {
	best, bestD := "", math.MaxInt
	for _, s := range sentences {
		if d := distance(q, s); d < bestD {
			best, bestD = s, d
		}
	}
	return best
}

func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// IDs lists the claim ids, sorted.
func (l *Ledger) IDs() []string {
	var out []string
	for _, c := range l.Claims {
		out = append(out, c.ID)
	}
	sort.Strings(out)
	return out
}

// Path is where the ledger was read from.
func (l *Ledger) Path() string { return l.path }
