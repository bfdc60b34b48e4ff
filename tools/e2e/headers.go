package e2e

import (
	"bufio"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// HeaderRule is one block of a _headers file: a path pattern and the headers it sets or
// detaches ("! Name", Cloudflare's syntax for dropping a value an earlier rule set).
type HeaderRule struct {
	re     *regexp.Regexp
	set    []string // canonical names, in file order, matching values
	values []string
	detach []string
}

// ParseHeaders reads the Netlify / Cloudflare Pages _headers format: a path line at
// the start of a line, then indented "Name: value" lines; "#" starts a comment. In a path,
// "*" matches anything (slashes too) and ":name" one path segment.
func ParseHeaders(text string) ([]HeaderRule, error) {
	var rules []HeaderRule
	sc := bufio.NewScanner(strings.NewReader(text))
	n := 0
	for sc.Scan() {
		n++
		raw := sc.Text()
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if raw[0] != ' ' && raw[0] != '\t' {
			if !strings.HasPrefix(line, "/") {
				return nil, fmt.Errorf("line %d: want a path starting with /, got %q", n, line)
			}
			re, err := pathPattern(line)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			rules = append(rules, HeaderRule{re: re})
			continue
		}
		if len(rules) == 0 {
			return nil, fmt.Errorf("line %d: a header before any path", n)
		}
		r := &rules[len(rules)-1]
		if name, ok := strings.CutPrefix(line, "!"); ok {
			r.detach = append(r.detach, http.CanonicalHeaderKey(strings.TrimSpace(name)))
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || name == "" || value == "" {
			return nil, fmt.Errorf("line %d: want \"Name: value\", got %q", n, line)
		}
		r.set = append(r.set, http.CanonicalHeaderKey(name))
		r.values = append(r.values, value)
	}
	return rules, sc.Err()
}

func pathPattern(p string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '*':
			b.WriteString(".*")
		case c == ':' && (i == 0 || p[i-1] == '/'):
			j := i + 1
			for j < len(p) && p[j] != '/' {
				j++
			}
			b.WriteString("[^/]+")
			i = j - 1
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// HeadersFor gives the headers the rules set on a path, as Cloudflare Pages does: every
// matching rule applies in order, "! Name" drops what earlier rules set, and a header set
// again is joined to the earlier value with ", ". (Netlify serves the more specific rule's
// value instead; the tests make sure no path depends on the difference.)
func HeadersFor(rules []HeaderRule, path string) http.Header {
	h := http.Header{}
	for _, r := range rules {
		if !r.re.MatchString(path) {
			continue
		}
		for _, name := range r.detach {
			h.Del(name)
		}
		for i, name := range r.set {
			if old := h.Get(name); old != "" {
				h.Set(name, old+", "+r.values[i])
			} else {
				h.Set(name, r.values[i])
			}
		}
	}
	return h
}

// Handler sets, on every response, exactly the headers the rules give its path, as
// Netlify and Cloudflare Pages do. Like them it does not serve the _headers file itself.
func Handler(rules []HeaderRule, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/_headers" {
			http.NotFound(w, r)
			return
		}
		for name, values := range HeadersFor(rules, r.URL.Path) {
			w.Header()[name] = values
		}
		next.ServeHTTP(w, r)
	})
}
