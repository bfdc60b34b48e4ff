package claims

import (
	"fmt"
	"strconv"
	"strings"
)

// An assertion is a small expression over named figures that the build evaluates, such
// as "python_go_cpu_ratio_median > 5 and python_multicore_tasks >= 3". Only comparisons
// joined by "and" are allowed: a claim's test should read like the sentence it checks.
type assertion struct {
	src  string
	cmps []comparison
}

type comparison struct {
	left, right operand
	op          string
}

type operand struct {
	figure string // set for a figure name
	number float64
	off    int // byte offset in the source, for messages
}

// syntaxError is a problem at a byte offset of the assertion.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

type token struct {
	text string
	off  int
}

func tokenize(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case strings.ContainsRune("<>=!", rune(c)):
			j := i + 1
			if j < len(src) && src[j] == '=' {
				j++
			}
			toks = append(toks, token{src[i:j], i})
			i = j
		case c == '_' || c == '.' || c == '-' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(src) && (src[j] == '_' || src[j] == '.' || (src[j] >= 'a' && src[j] <= 'z') || (src[j] >= '0' && src[j] <= '9')) {
				j++
			}
			toks = append(toks, token{src[i:j], i})
			i = j
		default:
			return nil, &syntaxError{i, fmt.Sprintf("unexpected %q", string(c))}
		}
	}
	return toks, nil
}

var ops = map[string]bool{"<": true, "<=": true, ">": true, ">=": true, "==": true, "!=": true}

func parseAssertion(src string) (*assertion, error) {
	toks, err := tokenize(src)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, &syntaxError{0, "empty assertion"}
	}
	a := &assertion{src: src}
	for i := 0; ; {
		if i+3 > len(toks) {
			off := len(src)
			if i < len(toks) {
				off = toks[i].off
			}
			return nil, &syntaxError{off, "incomplete comparison: want <figure or number> <op> <figure or number>"}
		}
		l, op, r := toks[i], toks[i+1], toks[i+2]
		if !ops[op.text] {
			return nil, &syntaxError{op.off, fmt.Sprintf("want a comparison (<, <=, >, >=, ==, !=), got %q", op.text)}
		}
		lo, err := parseOperand(l)
		if err != nil {
			return nil, err
		}
		ro, err := parseOperand(r)
		if err != nil {
			return nil, err
		}
		a.cmps = append(a.cmps, comparison{lo, ro, op.text})
		i += 3
		if i == len(toks) {
			return a, nil
		}
		if toks[i].text != "and" {
			return nil, &syntaxError{toks[i].off, fmt.Sprintf("want \"and\" between comparisons, got %q", toks[i].text)}
		}
		i++
	}
}

func parseOperand(t token) (operand, error) {
	if f, err := strconv.ParseFloat(t.text, 64); err == nil {
		return operand{number: f, off: t.off}, nil
	}
	if t.text == "and" || ops[t.text] || t.text[0] < 'a' || t.text[0] > 'z' {
		return operand{}, &syntaxError{t.off, fmt.Sprintf("want a figure name or a number, got %q", t.text)}
	}
	return operand{figure: t.text, off: t.off}, nil
}

// figures lists the figure names the assertion uses, in order, once each.
func (a *assertion) figures() []operand {
	var out []operand
	seen := map[string]bool{}
	for _, c := range a.cmps {
		for _, o := range []operand{c.left, c.right} {
			if o.figure != "" && !seen[o.figure] {
				seen[o.figure] = true
				out = append(out, o)
			}
		}
	}
	return out
}

// eval evaluates the assertion; values holds every figure it uses.
func (a *assertion) eval(values map[string]float64) bool {
	v := func(o operand) float64 {
		if o.figure != "" {
			return values[o.figure]
		}
		return o.number
	}
	for _, c := range a.cmps {
		l, r := v(c.left), v(c.right)
		var ok bool
		switch c.op {
		case "<":
			ok = l < r
		case "<=":
			ok = l <= r
		case ">":
			ok = l > r
		case ">=":
			ok = l >= r
		case "==":
			ok = l == r
		case "!=":
			ok = l != r
		}
		if !ok {
			return false
		}
	}
	return true
}
