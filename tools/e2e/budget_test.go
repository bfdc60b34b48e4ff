package e2e

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Budgets, in gzipped bytes (1 KB = 1,000 bytes). Each file is gzipped on its own at level 6,
// what a web server's on-the-fly compression typically sends.
const (
	essayBudget     = 30_000  // the essay's HTML with the CSS and JS it loads up front
	echartsBudget   = 230_000 // the ECharts bundle, fetched once a chart nears the viewport
	chartPageBudget = 300_000 // a chart page with everything it needs to draw its chart
)

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}

// asset is one file a page loads, and its sizes.
type asset struct {
	what string // what the page loads it as
	path string // in the built site
	raw  int
	gz   int
}

func readAsset(t *testing.T, s site, what, ref string) asset {
	t.Helper()
	u, err := url.Parse(ref)
	if err != nil {
		t.Fatalf("%s %q: %v", what, ref, err)
	}
	if u.Host != "" && u.Host != "example.org" {
		t.Fatalf("%s %q is on another host", what, ref)
	}
	rel := strings.TrimPrefix(u.Path, "/")
	b, err := os.ReadFile(filepath.Join(s.out, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("%s %q: %v", what, ref, err)
	}
	return asset{what, rel, len(b), gzipSize(b)}
}

// upfront lists what a page's HTML makes the browser load before any script runs: its
// stylesheets and script elements. It also returns where the page names the ECharts
// bundle (charts.js's data-echarts attribute) and its chart images.
func upfront(t *testing.T, s site, page string) (doc []byte, assets []asset, echarts string, images []string) {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(s.out, page))
	if err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "link" && hasWord(attr(n, "rel"), "stylesheet"):
				assets = append(assets, readAsset(t, s, "stylesheet", attr(n, "href")))
			case n.Data == "link" && (hasWord(attr(n, "rel"), "preload") || hasWord(attr(n, "rel"), "modulepreload")):
				assets = append(assets, readAsset(t, s, "preload", attr(n, "href")))
			case n.Data == "script" && attr(n, "src") != "":
				assets = append(assets, readAsset(t, s, "script", attr(n, "src")))
				if e := attr(n, "data-echarts"); e != "" {
					echarts = e
				}
			case n.Data == "img" && strings.Contains(attr(n, "class"), "chart-static"):
				images = append(images, attr(n, "src"))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return doc, assets, echarts, images
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasWord(s, w string) bool {
	for f := range strings.FieldsSeq(s) {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}

func table(rows []asset) string {
	var b strings.Builder
	total, totalGz := 0, 0
	for _, r := range rows {
		fmt.Fprintf(&b, "  %-10s %9d B %9d B gz  %s\n", r.what, r.raw, r.gz, r.path)
		total += r.raw
		totalGz += r.gz
	}
	fmt.Fprintf(&b, "  %-10s %9d B %9d B gz", "total", total, totalGz)
	return b.String()
}

func sumGz(rows []asset) int {
	n := 0
	for _, r := range rows {
		n += r.gz
	}
	return n
}

// TestBudgets holds the built files to their byte budgets and prints every number.
func TestBudgets(t *testing.T) {
	s := builtSite(t)
	essay := strings.TrimPrefix(essayPath, "/") + "index.html"

	// The essay: its HTML and what it loads up front. The chart library must not be among
	// them: charts.js fetches it when a chart nears the viewport.
	doc, assets, echartsRef, _ := upfront(t, s, essay)
	rows := append([]asset{{"html", essay, len(doc), gzipSize(doc)}}, assets...)
	for _, a := range assets {
		if strings.Contains(a.path, "echarts") {
			t.Errorf("the essay loads the chart library up front (%s %s); charts.js must fetch it when a chart nears the viewport", a.what, a.path)
		}
	}
	if echartsRef == "" {
		t.Errorf("the essay's charts.js names no ECharts bundle (data-echarts)")
	}
	got := sumGz(rows)
	t.Logf("essay, before any chart is near the viewport (budget %d B gz):\n%s", essayBudget, table(rows))
	if got > essayBudget {
		t.Errorf("the essay loads %d B gzipped up front, over its budget of %d B by %d B.\nBiggest parts of its HTML (gzipped bytes saved if left out):\n%s",
			got, essayBudget, got-essayBudget, contributors(t, doc))
	}

	// The chart bundle.
	bundle := readAsset(t, s, "echarts", echartsRef)
	t.Logf("ECharts bundle (budget %d B gz): %d B, %d B gz (%s)", echartsBudget, bundle.raw, bundle.gz, bundle.path)
	if bundle.gz > echartsBudget {
		t.Errorf("the ECharts bundle is %d B gzipped, over its budget of %d B by %d B", bundle.gz, echartsBudget, bundle.gz-echartsBudget)
	}

	// Each chart page, with everything it needs to draw its chart.
	pages, err := filepath.Glob(filepath.Join(s.out, "charts", "*", "index.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no chart pages (%v)", err)
	}
	sort.Strings(pages)
	var worst []asset
	for _, p := range pages {
		rel, _ := filepath.Rel(s.out, p)
		rel = filepath.ToSlash(rel)
		doc, assets, echartsRef, images := upfront(t, s, rel)
		rows := append([]asset{{"html", rel, len(doc), gzipSize(doc)}}, assets...)
		if echartsRef == "" {
			t.Errorf("%s: names no ECharts bundle", rel)
			continue
		}
		rows = append(rows, readAsset(t, s, "echarts", echartsRef))
		if len(images) != 1 {
			t.Errorf("%s: %d static chart images, want 1", rel, len(images))
		}
		for _, img := range images {
			rows = append(rows, readAsset(t, s, "svg", img))
		}
		total := sumGz(rows)
		t.Logf("%-40s %7d B gz (html %d, svg %d)", rel, total, rows[0].gz, rows[len(rows)-1].gz)
		if total > chartPageBudget {
			t.Errorf("%s loads %d B gzipped to draw its chart, over its budget of %d B by %d B:\n%s", rel, total, chartPageBudget, total-chartPageBudget, table(rows))
		}
		if sumGz(rows) > sumGz(worst) {
			worst = rows
		}
	}
	t.Logf("the largest chart page (budget %d B gz):\n%s", chartPageBudget, table(worst))
}

// contributors measures what each kind of element adds to the essay's gzipped HTML: the
// page is rendered without it, and the difference is the saving.
func contributors(t *testing.T, doc []byte) string {
	t.Helper()
	parts := []struct {
		name  string
		match func(*html.Node) bool
	}{
		{"chart options (script.chart-option JSON)", func(n *html.Node) bool {
			return n.Data == "script" && strings.Contains(attr(n, "class"), "chart-option")
		}},
		{"data tables (details.chart-table)", func(n *html.Node) bool {
			return n.Data == "details" && strings.Contains(attr(n, "class"), "chart-table")
		}},
		{"about this data (details.about-data)", func(n *html.Node) bool {
			return n.Data == "details" && strings.Contains(attr(n, "class"), "about-data")
		}},
		{"chart actions and sources (p.chart-actions, p.chart-source)", func(n *html.Node) bool {
			c := attr(n, "class")
			return n.Data == "p" && (strings.Contains(c, "chart-actions") || strings.Contains(c, "chart-source"))
		}},
		{"whole figures (figure.chart)", func(n *html.Node) bool {
			return n.Data == "figure" && attr(n, "data-chart") != ""
		}},
		{"the essay's text without its figures (.prose)", func(n *html.Node) bool {
			return n.Data == "div" && hasWord(attr(n, "class"), "prose")
		}},
		{"head (meta, JSON-LD)", func(n *html.Node) bool { return n.Data == "head" }},
	}
	full := render(t, doc, nil)
	base := gzipSize(full)
	var b strings.Builder
	fmt.Fprintf(&b, "  %-62s %8d B, %7d B gz\n", "the whole HTML (re-rendered)", len(full), base)
	for _, p := range parts {
		var without []byte
		if strings.HasPrefix(p.name, "the essay's text") {
			// The text alone: the prose minus the figures inside it.
			withoutFigures := render(t, doc, parts[4].match)
			without = render(t, doc, func(n *html.Node) bool { return parts[4].match(n) || p.match(n) })
			fmt.Fprintf(&b, "  %-62s %8d B, %7d B gz\n", p.name, len(withoutFigures)-len(without), gzipSize(withoutFigures)-gzipSize(without))
			continue
		}
		without = render(t, doc, p.match)
		fmt.Fprintf(&b, "  %-62s %8d B, %7d B gz\n", p.name, len(full)-len(without), base-gzipSize(without))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// render parses the HTML, drops every element drop matches, and renders it again.
func render(t *testing.T, doc []byte, drop func(*html.Node) bool) []byte {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if drop != nil && c.Type == html.ElementNode && drop(c) {
				n.RemoveChild(c)
			} else {
				walk(c)
			}
			c = next
		}
	}
	walk(root)
	var buf bytes.Buffer
	if err := html.Render(&buf, root); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
