package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// nginxHeaders evaluates the nginx snippet for one path: its `set $var "value";` lines, its
// `if ($uri ~ "regex") { set ...; }` blocks, and its `add_header Name "value" always;`
// lines, with variables substituted. That is all the snippet may hold; anything else is an
// error, so the file cannot grow a directive this evaluation would silently skip.
func nginxHeaders(conf, path string) (http.Header, error) {
	setRe := regexp.MustCompile(`^set \$(\w+) "([^"]*)";$`)
	ifRe := regexp.MustCompile(`^if \(\$uri ~ "([^"]*)"\) \{$`)
	addRe := regexp.MustCompile(`^add_header ([A-Za-z-]+) "([^"]*)" always;$`)
	vars := map[string]string{}
	h := http.Header{}
	skipping, inIf := false, false
	for i, raw := range strings.Split(conf, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		switch {
		case line == "}" && inIf:
			inIf, skipping = false, false
		case ifRe.MatchString(line) && !inIf:
			re, err := regexp.Compile(ifRe.FindStringSubmatch(line)[1])
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
			inIf, skipping = true, !re.MatchString(path)
		case setRe.MatchString(line):
			if !skipping {
				m := setRe.FindStringSubmatch(line)
				vars[m[1]] = m[2]
			}
		case addRe.MatchString(line) && !inIf:
			m := addRe.FindStringSubmatch(line)
			var missing []string
			value := regexp.MustCompile(`\$\w+`).ReplaceAllStringFunc(m[2], func(v string) string {
				val, ok := vars[v[1:]]
				if !ok {
					missing = append(missing, v)
				}
				return val
			})
			if len(missing) > 0 {
				return nil, fmt.Errorf("line %d: %v not set", i+1, missing)
			}
			if h.Get(m[1]) != "" {
				return nil, fmt.Errorf("line %d: %s added twice: browsers would enforce both", i+1, m[1])
			}
			h.Set(m[1], value)
		default:
			return nil, fmt.Errorf("line %d: not a line this test understands (set, if ($uri ~ ...), add_header ... always): %q", i+1, line)
		}
	}
	if inIf {
		return nil, fmt.Errorf("an if block is not closed")
	}
	return h, nil
}

// samplePaths are the kinds of path whose headers differ or could: pages, the embed pages
// (framed by anyone), assets.
var samplePaths = []string{
	"/", essayPath, "/about/", "/charts/", "/charts/bg_cpu_time/", "/charts/bg_cpu_time/embed/",
	"/charts/bg_cpu_time/embed/index.html", "/charts/bg_cpu_time/chart.svg", "/css/site.min.css", "/404.html",
}

func readRepoFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestHeadersInSync: static/_headers (Netlify, Cloudflare Pages) and the nginx snippet
// give every kind of path the same headers with the same values.
func TestHeadersInSync(t *testing.T) {
	rules, err := ParseHeaders(readRepoFile(t, "static/_headers"))
	if err != nil {
		t.Fatalf("static/_headers: %v", err)
	}
	conf := readRepoFile(t, "deploy/nginx/security-headers.conf")
	for _, p := range samplePaths {
		want := HeadersFor(rules, p)
		got, err := nginxHeaders(conf, p)
		if err != nil {
			t.Fatalf("deploy/nginx/security-headers.conf: %v", err)
		}
		for name := range mergeKeys(want, got) {
			if w, g := want.Get(name), got.Get(name); w != g {
				t.Errorf("%s: %s differs:\n  static/_headers:                    %q\n  deploy/nginx/security-headers.conf: %q", p, name, w, g)
			}
		}
	}
	// Under a sub-path (the internal knowledge base) the nginx snippet still knows the
	// embed pages.
	sub, err := nginxHeaders(conf, "/eng/python-evidence/charts/bg_cpu_time/embed/")
	if err != nil {
		t.Fatal(err)
	}
	if root := HeadersFor(rules, "/charts/bg_cpu_time/embed/"); sub.Get("Content-Security-Policy") != root.Get("Content-Security-Policy") {
		t.Errorf("nginx under a sub-path gives the embed page a different policy:\n  %q\nwant %q", sub.Get("Content-Security-Policy"), root.Get("Content-Security-Policy"))
	}
}

func mergeKeys(a, b http.Header) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// csp splits a policy into its directives.
func csp(policy string) map[string][]string {
	m := map[string][]string{}
	for d := range strings.SplitSeq(policy, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			m[strings.ToLower(f[0])] = f[1:]
		}
	}
	return m
}

// TestHeadersPolicy checks what the policy promises, on every kind of path: no script but
// the site's own (no inline script, no eval), no plugins, no <base> elsewhere, images from
// the site and data: URLs only, and framing by the site itself except for the embed pages.
func TestHeadersPolicy(t *testing.T) {
	rules, err := ParseHeaders(readRepoFile(t, "static/_headers"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range samplePaths {
		h := HeadersFor(rules, p)
		policy := h.Get("Content-Security-Policy")
		if strings.Contains(policy, ",") {
			t.Errorf("%s: two policies joined (%q): Cloudflare would enforce both; detach the first with \"! Content-Security-Policy\"", p, policy)
		}
		d := csp(policy)
		want := map[string][]string{
			"default-src": {"'self'"},
			"script-src":  {"'self'"},
			"object-src":  {"'none'"},
			"base-uri":    {"'self'"},
			"img-src":     {"'self'", "data:"},
		}
		for name, v := range want {
			if !slices.Equal(d[name], v) {
				t.Errorf("%s: %s is %q, want %q", p, name, d[name], v)
			}
		}
		for _, name := range []string{"default-src", "script-src", "script-src-elem", "script-src-attr", "style-src", "style-src-elem"} {
			for _, v := range d[name] {
				if v == "'unsafe-inline'" || v == "'unsafe-eval'" || v == "*" || v == "data:" {
					t.Errorf("%s: %s allows %s", p, name, v)
				}
			}
		}
		fa := "'self'"
		if regexp.MustCompile(`^/charts/[^/]+/embed/`).MatchString(p) {
			fa = "*"
		}
		if !slices.Equal(d["frame-ancestors"], []string{fa}) {
			t.Errorf("%s: frame-ancestors is %q, want %s", p, d["frame-ancestors"], fa)
		}
		for name, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "no-referrer",
		} {
			if got := h.Get(name); got != want {
				t.Errorf("%s: %s is %q, want %q", p, name, got, want)
			}
		}
		if pp := h.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") {
			t.Errorf("%s: Permissions-Policy %q does not turn off the features the site never uses", p, pp)
		}
	}
}

// TestHeadersPublished: the built site carries static/_headers unchanged in its root,
// where Netlify and Cloudflare Pages read it.
func TestHeadersPublished(t *testing.T) {
	s := builtSite(t)
	got, err := os.ReadFile(filepath.Join(s.out, "_headers"))
	if err != nil {
		t.Fatalf("the built site has no _headers: %v", err)
	}
	if string(got) != readRepoFile(t, "static/_headers") {
		t.Errorf("the published _headers differs from static/_headers")
	}
}

func TestParseHeadersFileErrors(t *testing.T) {
	for _, bad := range []string{
		"  X-A: b\n",          // a header before any path
		"/*\n  X-A\n",         // no value
		"/*\n  X-A:\n",        // empty value
		"example.org/\n",      // not a path
		"/*\n  : no name\n",   // no name
		"/*\n  X-A: b\n\tY\n", // no colon, tab-indented
	} {
		if _, err := ParseHeaders(bad); err == nil {
			t.Errorf("%q parsed without an error", bad)
		}
	}
	rules, err := ParseHeaders("/*\n  X-A: 1\n/charts/:id/embed/*\n  ! X-A\n  X-A: 2\n/a/*\n  X-B: 1\n/a/b\n  X-B: 2\n")
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/":                  "X-A=1",
		"/charts/x/embed/":   "X-A=2",
		"/charts/x/y/embed/": "X-A=1",
		"/a/b":               "X-A=1 X-B=1, 2",
	} {
		h := HeadersFor(rules, path)
		var got []string
		for _, k := range []string{"X-A", "X-B"} {
			if v := h.Get(k); v != "" {
				got = append(got, k+"="+v)
			}
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: got %q, want %q", path, strings.Join(got, " "), want)
		}
	}
}

// TestFraming: another site can put a chart's embed page in an iframe, and cannot frame
// any other page (frame-ancestors), as the headers promise.
func TestFraming(t *testing.T) {
	srv := siteServer(t)
	needBrowser(t)
	embed, other := srv.URL+"/charts/bg_cpu_time/embed/", srv.URL+"/about/"
	// Another origin (another port): a page that frames both.
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><title>A wiki</title><iframe id="embed" src="%s"></iframe><iframe id="other" src="%s"></iframe>`, embed, other)
	}))
	defer host.Close()
	u, _ := url.Parse(host.URL)
	tb := newTab(t, u.Host, "light")
	if err := tb.open(host.URL, "/"); err != nil {
		t.Fatal(err)
	}
	var tree *page.FrameTree
	err := within(tb.ctx, 10*time.Second, "the frame tree", func(ctx context.Context) error {
		res, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
		tree = res.FrameTree
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, c := range tree.ChildFrames {
		got = append(got, c.Frame.URL)
	}
	t.Logf("frames of another site's page: %q", got)
	if !slices.Contains(got, embed) {
		t.Errorf("the embed page did not load in another site's iframe; frames: %q", got)
	}
	if slices.Contains(got, other) {
		t.Errorf("another site framed %s; frames: %q", other, got)
	}
	if problems := strings.Join(tb.take(), "\n"); !strings.Contains(problems, "frame-ancestors 'self'") {
		t.Errorf("no frame-ancestors refusal reported for %s:\n%s", other, problems)
	}
}
