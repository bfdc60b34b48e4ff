package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"pyevidence/tools/internal/chart"
	"pyevidence/tools/internal/pack"
	"pyevidence/tools/internal/search"
)

// articleSlugs lists the articles of the built copy: every one must have a pack.
func articleSlugs(t *testing.T) []string {
	t.Helper()
	built(t)
	slugs, err := pack.Slugs(siteRoot)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(slugs, "python-dont-over-use-it") {
		t.Fatalf("the essay is not among the articles: %q", slugs)
	}
	return slugs
}

// TestPackPerArticle: the build writes a pack and a ZIP for every article, and nothing else
// into packs/, and each article page links to its own pair.
func TestPackPerArticle(t *testing.T) {
	dir := built(t)
	slugs := articleSlugs(t)
	var want []string
	for _, s := range slugs {
		want = append(want, s+".html", s+".zip")
	}
	entries, err := os.ReadDir(filepath.Join(dir, "packs"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("packs/ holds %q, want %q", got, want)
	}
	linked := map[string]bool{}
	for _, r := range refs(t, dir) {
		if m := regexp.MustCompile(`^/packs/([a-z0-9._-]+)\.(html|zip)$`).FindStringSubmatch(r.val); m != nil && r.tag == "a" {
			if !strings.HasPrefix(r.file, "essays/") {
				t.Errorf("%s links to a pack; only articles should", r.file)
			}
			linked[m[1]+"."+m[2]] = true
		}
	}
	for _, w := range want {
		if !linked[w] {
			t.Errorf("no article links to /packs/%s", w)
		}
	}
}

// packEnvelope is what the pack tests read from a chart's published chart.json.
func packEnvelope(t *testing.T, dir, id string) *chart.Envelope {
	t.Helper()
	var e chart.Envelope
	if err := json.Unmarshal([]byte(readOut(t, dir, "charts/"+id+"/chart.json")), &e); err != nil {
		t.Fatalf("chart %s: %v", id, err)
	}
	return &e
}

func findNodes(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func hasClassNode(n *html.Node, c string) bool {
	return n.Type == html.ElementNode && slices.Contains(strings.Fields(attr(n, "class")), c)
}

// TestPackContents: each pack holds, for every chart its article places, the option JSON the
// site has, the static SVG, the open data table and "About this data", and, for the pack as
// a whole, the inlined ECharts bundle, the sources and licences, the data versions, the
// commit, and the claims of data/claims.toml when the article is the one they quote.
func TestPackContents(t *testing.T) {
	dir := built(t)
	bundle, err := os.ReadFile(filepath.Join(repoRoot, "assets/vendor/echarts/echarts.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	ledger, err := search.ReadClaims(siteRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, slug := range articleSlugs(t) {
		t.Run(slug, func(t *testing.T) {
			raw := readOut(t, dir, "packs/"+slug+".html")
			doc, err := html.Parse(strings.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			pageDoc := packPage(t, dir, slug)
			var wantIDs []string
			siteRows := map[string]int{}
			for _, f := range findNodes(pageDoc, func(n *html.Node) bool {
				return n.Type == html.ElementNode && n.Data == "figure" && attr(n, "data-chart") != ""
			}) {
				wantIDs = append(wantIDs, attr(f, "data-chart"))
				siteRows[attr(f, "data-chart")] = len(tableRows(f))
			}
			figs := findNodes(doc, func(n *html.Node) bool {
				return n.Type == html.ElementNode && n.Data == "figure" && attr(n, "data-chart") != ""
			})
			var ids []string
			for _, f := range figs {
				ids = append(ids, attr(f, "data-chart"))
			}
			if !slices.Equal(ids, wantIDs) {
				t.Fatalf("the pack places charts %q, the article %q", ids, wantIDs)
			}
			text := textOf(doc)
			for _, f := range figs {
				id := attr(f, "data-chart")
				env := packEnvelope(t, dir, id)
				opts := findNodes(f, func(n *html.Node) bool { return hasClassNode(n, "chart-option") })
				if len(opts) != 1 || attr(opts[0], "type") != "application/json" {
					t.Errorf("chart %s: want one <script type=application/json class=chart-option>", id)
				} else {
					var got, want any
					if err := json.Unmarshal([]byte(opts[0].FirstChild.Data), &got); err != nil {
						t.Errorf("chart %s: option JSON: %v", id, err)
					}
					_ = json.Unmarshal(env.Option, &want)
					if !reflect.DeepEqual(got, want) {
						t.Errorf("chart %s: the pack's option differs from chart.json's", id)
					}
				}
				svgs := findNodes(f, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "svg" })
				if len(svgs) == 0 || !hasClassNode(svgs[0].Parent, "pack-svg") {
					t.Errorf("chart %s: no inline static SVG in .pack-svg", id)
				} else if title := findNodes(svgs[0], func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "title" }); len(title) == 0 || textOf(title[0]) != env.Title {
					t.Errorf("chart %s: the static SVG's title is not the chart's", id)
				}
				for _, class := range []string{"chart-static", "chart-actions", "copy-button"} {
					if n := findNodes(f, func(n *html.Node) bool { return hasClassNode(n, class) }); len(n) > 0 {
						t.Errorf("chart %s: the pack keeps the site-only .%s", id, class)
					}
				}
				for _, class := range []string{"about-data", "chart-table"} {
					d := findNodes(f, func(n *html.Node) bool { return n.Data == "details" && hasClassNode(n, class) })
					if len(d) != 1 || !hasAttr(d[0], "open") {
						t.Errorf("chart %s: details.%s missing or not open (it would not print)", id, class)
					}
				}
				if rows := len(tableRows(f)); rows == 0 || rows != siteRows[id] {
					t.Errorf("chart %s: the data table has %d rows, the article's %d", id, rows, siteRows[id])
				}
				if !strings.Contains(text, env.DataVersion) {
					t.Errorf("chart %s: data version %s not in the pack", id, env.DataVersion)
				}
				for _, s := range env.Sources {
					for _, want := range []string{s.Title, s.License, s.SHA256, strings.Join(strings.Fields(s.Citation), " ")} {
						if !strings.Contains(text, want) {
							t.Errorf("chart %s: the pack lacks %q of dataset %s", id, want, s.Dataset)
						}
					}
				}
			}

			// The chart code: the vendored bundle, byte for byte, in an inline script.
			inlined := false
			for _, s := range findNodes(doc, func(n *html.Node) bool {
				return n.Type == html.ElementNode && n.Data == "script" && attr(n, "type") == ""
			}) {
				if s.FirstChild != nil && sha256.Sum256([]byte(s.FirstChild.Data)) == sha256.Sum256(bundle) {
					inlined = true
				}
				if attr(s, "src") != "" {
					t.Errorf("a script loads %s", attr(s, "src"))
				}
			}
			if len(figs) > 0 && !inlined {
				t.Errorf("the ECharts bundle is not inlined as it is vendored")
			}
			commit := findNodes(doc, func(n *html.Node) bool { return attr(n, "id") == "pack-commit" })
			if len(commit) != 1 || textOf(commit[0]) != "unknown (not built from a git checkout)" {
				t.Errorf("the commit line of a build outside git: %v", commit)
			}

			claims := findNodes(doc, func(n *html.Node) bool { return hasClassNode(n, "pack-claim") })
			switch {
			case ledger != nil && ledger.Slug == slug:
				if len(claims) != len(ledger.Claims) || len(claims) == 0 {
					t.Errorf("the pack shows %d claims, the ledger has %d", len(claims), len(ledger.Claims))
				}
				for i, c := range claims {
					if i < len(ledger.Claims) && (attr(c, "id") != "pack-claim-"+ledger.Claims[i].ID || !strings.Contains(textOf(c), ledger.Claims[i].Quote)) {
						t.Errorf("claim %d: %q does not show %s and its quote", i, attr(c, "id"), ledger.Claims[i].ID)
					}
					if v := findNodes(c, func(n *html.Node) bool { return hasClassNode(n, "verdict") }); len(v) != 1 || textOf(v[0]) == "" {
						t.Errorf("claim %s shows no verdict", attr(c, "id"))
					}
				}
				// A claim marker in the text leads to the claim in the pack.
				for _, a := range findNodes(doc, func(n *html.Node) bool { return hasClassNode(n, "claim-marker") }) {
					if !strings.HasPrefix(attr(a, "href"), "#pack-claim-") {
						t.Errorf("claim marker %s leads to %s, not to the claim in the pack", attr(a, "id"), attr(a, "href"))
					}
				}
			default:
				if len(claims) != 0 {
					t.Errorf("%d claims in the pack of an article the ledger is not about", len(claims))
				}
			}
			noExternalRefs(t, slug+".html", raw)
			if err := pack.Check([]byte(raw)); err != nil {
				t.Error(err)
			}
		})
	}
}

// packPage is the built page that asks for the pack slug (data-pack="slug").
func packPage(t *testing.T, dir, slug string) *html.Node {
	t.Helper()
	var found *html.Node
	err := filepath.WalkDir(filepath.Join(dir, "essays"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return err
		}
		if len(findNodes(doc, func(n *html.Node) bool { return attr(n, "data-pack") == slug })) > 0 {
			found = doc
		}
		return nil
	})
	if err != nil || found == nil {
		t.Fatalf("no built article asks for the pack %s (%v)", slug, err)
	}
	return found
}

// tableRows are the body rows of a figure's data table.
func tableRows(fig *html.Node) []*html.Node {
	return findNodes(fig, func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "tr" && n.Parent != nil && n.Parent.Data == "tbody"
	})
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

var httpRe = regexp.MustCompile(`(?i)https?:`)

// noExternalRefs fails on any http: or https: in a pack that is not plain text: the only
// ones allowed are a link a reader follows (<a href>), an XML namespace name, text, the data
// of a chart (JSON, never loaded), and the licence comments and namespace constants of the
// inlined ECharts bundle.
func noExternalRefs(t *testing.T, name, raw string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(raw))
	inScript, inStyle, scriptType := false, false, ""
	seen := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if seen == 0 {
				t.Errorf("%s: no http(s) text at all; the scan saw nothing", name)
			}
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				if !httpRe.MatchString(a.Val) && !strings.HasPrefix(strings.TrimSpace(a.Val), "//") {
					continue
				}
				seen++
				switch {
				case tok.Data == "a" && a.Key == "href" && regexp.MustCompile(`^https?://[^/\s]+`).MatchString(a.Val):
				case strings.HasPrefix(a.Key, "xmlns"):
				default:
					t.Errorf("%s: <%s %s=%q> refers outside the file", name, tok.Data, a.Key, a.Val)
				}
			}
			if tok.Type == html.StartTagToken {
				switch tok.Data {
				case "script":
					inScript, scriptType = true, ""
					for _, a := range tok.Attr {
						if a.Key == "type" {
							scriptType = a.Val
						}
					}
				case "style":
					inStyle = true
				}
			}
		case html.EndTagToken:
			inScript, inStyle = false, false
		case html.TextToken:
			text := string(z.Text())
			for _, loc := range httpRe.FindAllStringIndex(text, -1) {
				seen++
				i := loc[0]
				switch {
				case inStyle:
					t.Errorf("%s: a stylesheet names %q", name, text[i:min(len(text), i+60)])
				case inScript && scriptType == "":
					inComment := strings.LastIndex(text[:i], "/*") > strings.LastIndex(text[:i], "*/")
					if !inComment && !strings.HasPrefix(text[i:], "http://www.w3.org/") {
						t.Errorf("%s: a script names %q", name, text[i:min(len(text), i+60)])
					}
				}
			}
		}
	}
}

// TestPackZip: the ZIP beside each pack holds every chart's files exactly as the site
// publishes them, and a README naming every source and licence.
func TestPackZip(t *testing.T) {
	dir := built(t)
	for _, slug := range articleSlugs(t) {
		b, err := os.ReadFile(filepath.Join(dir, "packs", slug+".zip"))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("%s.zip: %v", slug, err)
		}
		files := map[string][]byte{}
		for _, f := range zr.File {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(r)
			r.Close()
			files[f.Name] = buf.Bytes()
		}
		readme := string(files[slug+"/README.md"])
		if readme == "" {
			t.Errorf("%s.zip: no %s/README.md", slug, slug)
		}
		want := map[string]bool{slug + "/README.md": true}
		doc, _ := html.Parse(strings.NewReader(readOut(t, dir, "packs/"+slug+".html")))
		for _, f := range findNodes(doc, func(n *html.Node) bool {
			return n.Type == html.ElementNode && n.Data == "figure" && attr(n, "data-chart") != ""
		}) {
			id := attr(f, "data-chart")
			for _, name := range []string{"data.csv", "chart.svg", "chart.png", "chart.json"} {
				site, err := os.ReadFile(filepath.Join(dir, "charts", id, name))
				if err != nil {
					t.Errorf("the site publishes no charts/%s/%s", id, name)
					continue
				}
				zname := slug + "/charts/" + id + "/" + name
				want[zname] = true
				if !bytes.Equal(files[zname], site) {
					t.Errorf("%s.zip: %s is missing or differs from the site's", slug, zname)
				}
			}
			for _, s := range packEnvelope(t, dir, id).Sources {
				for _, w := range []string{s.Title, s.License, s.URL, s.SHA256} {
					if !strings.Contains(readme, w) {
						t.Errorf("%s.zip README lacks %q (dataset %s)", slug, w, s.Dataset)
					}
				}
			}
		}
		for name := range files {
			if !want[name] {
				t.Errorf("%s.zip holds an unexpected %s", slug, name)
			}
		}
	}
}

// TestPackCommand: `site pack` names the valid articles when given another, and writes one
// checked pack and its ZIP where -out says, building in a temporary folder (not public/).
func TestPackCommand(t *testing.T) {
	root := copySite(t)
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"pack", "no-such-article", "-root", root}, &stdout, &stderr)
	if err == nil {
		t.Fatal("pack of an unknown article succeeded")
	}
	slugs, _ := pack.Slugs(root)
	for _, want := range append([]string{`no article "no-such-article"`}, slugs...) {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error %q does not name %q", err, want)
		}
	}
	out := filepath.Join(t.TempDir(), "out", "essay-pack.html")
	if err := run(context.Background(), []string{"pack", "python-dont-over-use-it", "-root", root, "-out", out}, &stdout, &stderr); err != nil {
		t.Fatalf("pack: %v\n%s", err, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := pack.Check(b); err != nil {
		t.Error(err)
	}
	if !strings.Contains(string(b), "<h1>Python - don&#39;t over use it</h1>") {
		t.Errorf("%s is not the essay's pack", out)
	}
	if _, err := zip.OpenReader(strings.TrimSuffix(out, ".html") + ".zip"); err != nil {
		t.Errorf("no ZIP beside the pack: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "public")); err == nil {
		t.Errorf("pack wrote public/ into the site")
	}
	t.Logf("the essay's pack: %d bytes", len(b))
}

// TestPackRejectsExternal: an article that would make its pack load something from another
// host (here an image) fails the build, naming the pack and the reference, and the previous
// output stays.
func TestPackRejectsExternal(t *testing.T) {
	root := copySite(t)
	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "marker"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	appendFile(t, filepath.Join(root, "content/essays/where-python-wins.md"), "\n![A remote chart](https://img.example.net/remote.png)\n")
	err := buildSite(root, out, "")
	if err == nil {
		t.Fatal("the build succeeded")
	}
	for _, want := range []string{`evidence pack "where-python-wins"`, "https://img.example.net/remote.png", "outside"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not name %q:\n%v", want, err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(out, "marker")); err != nil || string(b) != "old" {
		t.Errorf("the previous output was not kept")
	}
}

// TestBrowserPackOffline opens a pack from file:// with the network off and every request
// but the file itself failed: every chart initialises from its embedded option with the
// series its spec gives, nothing is requested, nothing errs; in print, the static SVGs show
// instead of the canvases, and the page prints to PDF.
func TestBrowserPackOffline(t *testing.T) {
	dir := built(t)
	ctx := browser(t)
	file := filepath.Join(dir, "packs", "python-dont-over-use-it.html")
	fileURL := "file://" + filepath.ToSlash(file)

	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatal(err)
	}
	var (
		mu      sync.Mutex
		blocked []string
	)
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			if ev.Request.URL == fileURL {
				_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			mu.Lock()
			blocked = append(blocked, ev.Request.URL)
			mu.Unlock()
			_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
	}()
	w := watchPage(ctx, "")
	if err := chromedp.Do(ctx, chromedp.Navigate(fileURL)); err != nil {
		t.Fatal(err)
	}
	online, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.onLine`))
	if err != nil || online {
		t.Errorf("the browser is not offline (navigator.onLine=%v, %v)", online, err)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(async function () {
	  for (const f of document.querySelectorAll("figure[data-chart]")) { f.scrollIntoView(); await new Promise(r => setTimeout(r, 60)); }
	})()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`Array.from(document.querySelectorAll("figure[data-chart]")).every(f => f.getAttribute("data-chart-ready") === "true" || f.hasAttribute("data-chart-error"))`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("charts did not initialise: %v", err)
	}
	states, err := chromedp.Run(ctx, chromedp.Evaluate[[]chartState](chartStateJS))
	if err != nil {
		t.Fatal(err)
	}
	if len(states) < 10 {
		t.Fatalf("the pack has %d charts", len(states))
	}
	for _, s := range states {
		env := envelope(t, s.ID)
		if !s.Ready || s.Error != "" {
			t.Errorf("chart %s did not initialise: %s", s.ID, s.Error)
			continue
		}
		if !slices.Equal(s.Series, env.Series) {
			t.Errorf("chart %s: series %q, spec gives %q", s.ID, s.Series, env.Series)
		}
	}
	w.mu.Lock()
	for _, r := range w.requests {
		if r != fileURL && !strings.HasPrefix(r, "data:") {
			t.Errorf("the pack requested %s", r)
		}
	}
	w.mu.Unlock()
	mu.Lock()
	if len(blocked) > 0 {
		t.Errorf("requests were made and failed: %q", blocked)
	}
	mu.Unlock()
	w.check(t, "the pack, offline")

	// Print: the static images replace the canvases, and every details element is open.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	printed, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]int](`(function () {
	  const shown = el => getComputedStyle(el).display !== "none" && el.getBoundingClientRect().height > 0;
	  const figs = Array.from(document.querySelectorAll("figure[data-chart]"));
	  return {
	    figures: figs.length,
	    svgShown: figs.filter(f => { const s = f.querySelector(".pack-svg"); return s && shown(s); }).length,
	    canvasShown: figs.filter(f => shown(f.querySelector(".chart-canvas"))).length,
	    closedDetails: Array.from(document.querySelectorAll(".chart details")).filter(d => !d.open).length
	  };
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if printed["svgShown"] != printed["figures"] || printed["canvasShown"] != 0 || printed["closedDetails"] != 0 {
		t.Errorf("in print: %v; want every static SVG shown, no canvas, every chart's details open", printed)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pdf) < 100_000 {
		t.Errorf("the PDF is %d bytes", len(pdf))
	}
}

// TestBrowserHostilePackAndSearch puts the hostile dataset (labels, notes and metadata
// that try to run script) in an article, then opens that article's pack from file:// and
// searches the site for it: the chart draws, its tooltips show, the search lists it, and no
// script from the data runs, in either.
func TestBrowserHostilePackAndSearch(t *testing.T) {
	root := copySite(t)
	for from, to := range map[string]string{
		"testdata/hostile/datasets/hostile/data.csv":  "data/datasets/hostile/data.csv",
		"testdata/hostile/datasets/hostile/meta.toml": "data/datasets/hostile/meta.toml",
		"testdata/hostile/hostile_labels.toml":        "data/charts/hostile_labels.toml",
		"testdata/hostile/page.md":                    "content/essays/hostile.md",
	} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, to)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	if err := buildSite(root, out, ""); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	w := watchPage(ctx, "")
	fileURL := "file://" + filepath.ToSlash(filepath.Join(out, "packs", "hostile.html"))
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fileURL),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("figure[data-chart]").scrollIntoView()`),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("figure[data-chart]").getAttribute("data-chart-ready") === "true"`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the hostile chart did not initialise in the pack: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(function () {
	  var inst = echarts.getInstanceByDom(document.querySelector(".chart-canvas"));
	  for (var i = 0; i < 5; i++) inst.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: i });
	})()`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if pwned, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.__pwned)`)); err != nil || pwned != "undefined" {
		t.Errorf("hostile data ran script in the pack: window.__pwned = %s (%v)", pwned, err)
	}
	cell, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".chart-table td, .chart-table th[scope=row]").textContent`))
	if err != nil || !strings.Contains(cell, "</script><script>window.__pwned=1;alert(1)</script>") && !strings.HasPrefix(cell, "<img") {
		t.Errorf("the first table cell of the pack is %q, want a hostile label as text (%v)", cell, err)
	}
	w.check(t, "the hostile pack")

	srv := serve(t, out)
	ws := watchPage(ctx, strings.TrimPrefix(srv.URL, "http://"))
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q=hostile")); err != nil {
		t.Fatal(err)
	}
	results, err := chromedp.Run(ctx, chromedp.Evaluate[[]searchResult](resultsJS))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(results, func(r searchResult) bool {
		return r.Href == "/charts/hostile_labels/" && strings.Contains(r.Text, "<script>")
	}) {
		t.Errorf("searching for the hostile chart: %+v", results)
	}
	if pwned, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.__pwned)`)); err != nil || pwned != "undefined" {
		t.Errorf("hostile data ran script on the search page: window.__pwned = %s (%v)", pwned, err)
	}
	ws.check(t, "searching hostile data")
}
