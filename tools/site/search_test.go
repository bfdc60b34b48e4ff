package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"golang.org/x/net/html"

	"pyevidence/tools/internal/search"
)

// searchEntry is one entry of the index the search page embeds.
type searchEntry struct {
	Kind    string `json:"k"`
	Title   string `json:"t"`
	URL     string `json:"u"`
	Summary string `json:"s"`
	Body    string `json:"b"`
	Verdict string `json:"v"`
}

func searchIndex(t *testing.T, dir string) []searchEntry {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(readOut(t, dir, "search/index.html")))
	if err != nil {
		t.Fatal(err)
	}
	s := findNodes(doc, func(n *html.Node) bool { return attr(n, "id") == "search-index" })
	if len(s) != 1 || attr(s[0], "type") != "application/json" || s[0].FirstChild == nil {
		t.Fatal(`the search page has no <script type="application/json" id="search-index">`)
	}
	var idx []searchEntry
	if err := json.Unmarshal([]byte(s[0].FirstChild.Data), &idx); err != nil {
		t.Fatal(err)
	}
	return idx
}

// TestSearchIndex: the index the search page embeds lists every article, every chart (with
// its takeaway and datasets) and every claim of the ledger, each at a URL the build made.
func TestSearchIndex(t *testing.T) {
	dir := built(t)
	idx := searchIndex(t, dir)
	byURL := map[string]searchEntry{}
	for _, e := range idx {
		byURL[e.URL] = e
		p := strings.TrimPrefix(e.URL, "/")
		if i := strings.IndexByte(p, '#'); i >= 0 {
			p = p[:i]
		}
		if _, err := os.Stat(filepath.Join(dir, p, "index.html")); err != nil {
			t.Errorf("%s %q: %s is not a built page", e.Kind, e.Title, e.URL)
		}
	}
	for _, slug := range articleSlugs(t) {
		if e, ok := byURL["/essays/"+slug+"/"]; !ok || e.Kind != "article" || len(e.Body) < 500 {
			t.Errorf("article %s is not in the index with its text", slug)
		}
	}
	for _, id := range chartIDs(t) {
		e, ok := byURL["/charts/"+id+"/"]
		env := packEnvelope(t, dir, id)
		if !ok || e.Kind != "chart" || e.Title != env.Title || e.Summary != env.Takeaway {
			t.Errorf("chart %s is not in the index with its title and takeaway: %+v", id, e)
			continue
		}
		for _, s := range env.Sources {
			if !strings.Contains(e.Body, s.Title) || !strings.Contains(e.Body, s.Dataset) {
				t.Errorf("chart %s: its dataset %s is not searchable", id, s.Dataset)
			}
		}
	}
	l, err := search.ReadClaims(siteRoot)
	if err != nil {
		t.Fatal(err)
	}
	if l != nil {
		n := 0
		for _, e := range idx {
			if e.Kind == "claim" {
				n++
				if e.Verdict == "" || !strings.Contains(e.URL, "#claim-") {
					t.Errorf("claim %q: no verdict or no anchor: %+v", e.Title, e)
				}
			}
		}
		if n != len(l.Claims) || n == 0 {
			t.Errorf("the index lists %d claims, the ledger %d", n, len(l.Claims))
		}
	}
}

// cspFromHeaders reads the site-wide Content-Security-Policy of static/_headers, or a strict
// one if that file is not there.
func cspFromHeaders(t *testing.T) string {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot, "static/_headers"))
	if err != nil {
		return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "Content-Security-Policy:"); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatal("static/_headers has no Content-Security-Policy")
	return ""
}

// takeawayWord picks a chart and a word of its takeaway that no other chart's title,
// takeaway or dataset has, and that its own title lacks: search must find the chart by it.
func takeawayWord(t *testing.T, dir string) (id, word string) {
	t.Helper()
	ids := chartIDs(t)
	sort.Strings(ids)
	words := regexp.MustCompile(`\p{L}{7,}`)
	text := map[string]string{}
	for _, id := range ids {
		e := packEnvelope(t, dir, id)
		var b strings.Builder
		b.WriteString(e.Title + " " + e.Takeaway)
		for _, s := range e.Sources {
			b.WriteString(" " + s.Title + " " + s.Producer)
		}
		text[id] = strings.ToLower(b.String())
	}
	for _, id := range ids {
		e := packEnvelope(t, dir, id)
		for _, w := range words.FindAllString(strings.ToLower(e.Takeaway), -1) {
			if strings.Contains(strings.ToLower(e.Title), w) {
				continue
			}
			unique := true
			for _, other := range ids {
				if other != id && strings.Contains(text[other], w) {
					unique = false
				}
			}
			if unique {
				return id, w
			}
		}
	}
	t.Fatal("no chart has a word of its own in its takeaway")
	return "", ""
}

type searchResult struct {
	Kind string `json:"kind"`
	Href string `json:"href"`
	Text string `json:"text"`
}

const resultsJS = `Array.from(document.querySelectorAll("#search-results li")).map(li => ({
  kind: li.getAttribute("data-kind"), href: li.querySelector("a").getAttribute("href"), text: li.textContent
}))`

// TestBrowserSearchSubPath builds the site for a sub-path, serves it from that sub-path only
// and under the site's Content-Security-Policy, and searches in Chromium from the header's
// box: a word of a chart's takeaway finds the chart, its link leads to the chart's page; a
// claim and an article are found from the search page's own box; a word in nothing finds
// nothing. No request leaves the sub-path or the host, and nothing errs (a CSP violation
// would).
func TestBrowserSearchSubPath(t *testing.T) {
	const prefix = "/eng/python-evidence"
	out := filepath.Join(t.TempDir(), "public")
	if err := buildSite(copySite(t), out, "https://kb.internal"+prefix+"/"); err != nil {
		t.Fatal(err)
	}
	csp := cspFromHeaders(t)
	var mu sync.Mutex
	var outside []string
	files := http.StripPrefix(prefix, http.FileServer(http.Dir(out)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, prefix+"/") {
			mu.Lock()
			outside = append(outside, r.URL.Path)
			mu.Unlock()
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Security-Policy", csp)
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	ctx := browser(t)
	u, _ := url.Parse(srv.URL)
	w := watchPage(ctx, u.Host)
	// Every page records what the Content-Security-Policy blocked (a listener installed by
	// the test through DevTools, which the policy does not govern).
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.violatedDirective + " " + e.blockedURI); });`,
	}); err != nil {
		t.Fatal(err)
	}
	noViolations := func(where string) {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || ["no record"]`))
		if err != nil || len(v) > 0 {
			t.Errorf("%s: the Content-Security-Policy blocked %q (%v)", where, v, err)
		}
	}

	id, word := takeawayWord(t, out)
	t.Logf("searching for chart %s by %q", id, word)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+prefix+"/")); err != nil {
		t.Fatal(err)
	}
	// Enter submits the header's form: wait for the search page to load.
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.SendKeys(chromedp.ID("site-search-q"), word+kb.Enter))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.pathname === "`+prefix+`/search/" && document.querySelectorAll("#search-results li").length > 0`,
		chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " " + ((document.getElementById("search-status") || {}).textContent || "")`))
		t.Fatalf("no results for %q: %v (%s)", word, err, status)
	}
	results, err := chromedp.Run(ctx, chromedp.Evaluate[[]searchResult](resultsJS))
	if err != nil {
		t.Fatal(err)
	}
	noViolations("the search page")
	want := prefix + "/charts/" + id + "/"
	firstChart := slices.IndexFunc(results, func(r searchResult) bool { return r.Kind == "chart" })
	if firstChart < 0 || results[firstChart].Href != want {
		t.Fatalf("searching %q: the first chart result is not %s: %+v", word, want, results)
	}
	for _, r := range results {
		if !strings.HasPrefix(r.Href, prefix+"/") {
			t.Errorf("result %q links outside the sub-path: %s", r.Text, r.Href)
		}
	}
	if q, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`)); q != "?q="+word {
		t.Errorf("the query is not in the URL: %q", q)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`#search-results a[href="`+want+`"]`)))); err != nil {
		t.Fatal(err)
	}
	if at, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`)); err != nil || at != want {
		t.Errorf("the chart result leads to %q, not %s (%v)", at, want, err)
	}

	// The search page's own box: a claim, an article, and nothing.
	find := func(q string) []searchResult {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+prefix+"/search/"),
			chromedp.SendKeys(chromedp.ID("search-q"), q+kb.Enter)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(document.getElementById("search-status").textContent || "").indexOf("`+q+`") >= 0`,
			chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("searching %q: no status: %v", q, err)
		}
		r, err := chromedp.Run(ctx, chromedp.Evaluate[[]searchResult](resultsJS))
		if err != nil {
			t.Fatal(err)
		}
		noViolations("searching " + q)
		return r
	}
	if l, _ := search.ReadClaims(repoRoot); l != nil && len(l.Claims) > 0 {
		c := l.Claims[0]
		got := find(c.Summary)
		if len(got) == 0 || got[0].Kind != "claim" || !strings.HasSuffix(got[0].Href, "#claim-"+c.ID) || !strings.HasPrefix(got[0].Href, prefix+"/") {
			t.Errorf("searching a claim's summary %q: want the claim %s first, got %+v", c.Summary, c.ID, got)
		}
	}
	got := find("skunkworks")
	if !slices.ContainsFunc(got, func(r searchResult) bool {
		return r.Kind == "article" && r.Href == prefix+"/essays/python-dont-over-use-it/"
	}) {
		t.Errorf(`searching "skunkworks" (a word of the essay) does not find the essay: %+v`, got)
	}
	if got := find("zzyzxq"); len(got) != 0 {
		t.Errorf("a word in nothing found %+v", got)
	}
	w.check(t, "search under a sub-path")
	mu.Lock()
	defer mu.Unlock()
	if len(outside) > 0 {
		t.Errorf("requests outside %s/: %q", prefix, outside)
	}
}
