package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

// hostileSite builds a throwaway copy of the site with a dataset whose labels, notes and
// metadata try to run script (testdata/hostile), placed on a page of its own.
func hostileSite(t *testing.T) string {
	t.Helper()
	root := copySite(t)
	copies := map[string]string{
		"testdata/hostile/datasets/hostile/data.csv":  "data/datasets/hostile/data.csv",
		"testdata/hostile/datasets/hostile/meta.toml": "data/datasets/hostile/meta.toml",
		"testdata/hostile/hostile_labels.toml":        "data/charts/hostile_labels.toml",
		"testdata/hostile/page.md":                    "content/hostile.md",
	}
	for from, to := range copies {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(root, to)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	if err := buildSite(root, out, ""); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHostileDataIsText checks the built HTML: no label, note or metadata reaches the page
// as markup.
func TestHostileDataIsText(t *testing.T) {
	out := hostileSite(t)
	page := readOut(t, out, "hostile/index.html")
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("<%s> has an event handler %s=%q", n.Data, a.Key, a.Val)
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
				}
			}
			switch n.Data {
			case "img":
				// The only images are the charts' own static SVGs.
				if !strings.HasPrefix(attr(n, "src"), "/charts/") || attr(n, "class") != "chart-static" {
					t.Errorf("an <img> came from the data: %v", n.Attr)
				}
			case "script":
				typ := attr(n, "type")
				if attr(n, "src") == "" && typ != "application/json" && typ != "application/ld+json" {
					t.Errorf("an executable inline <script> is on the page: %q", textOf(n))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	cells := map[string]bool{}
	var cellWalk func(*html.Node)
	cellWalk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "td" || n.Data == "th") {
			cells[textOf(n)] = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			cellWalk(c)
		}
	}
	cellWalk(doc)
	if !cells["</script><script>window.__pwned=1;alert(1)</script>"] {
		t.Errorf("the hostile label is not shown as text in the data table")
	}
}

// TestBrowserHostileData opens the hostile page in Chromium at phone width: nothing runs,
// the chart draws, the labels show as text and the page does not scroll sideways.
func TestBrowserHostileData(t *testing.T) {
	out := hostileSite(t)
	ctx := browser(t)
	srv := serve(t, out)
	w := watchPage(ctx, strings.TrimPrefix(srv.URL, "http://"))
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(360, 800),
		chromedp.Navigate(srv.URL+"/hostile/"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("figure[data-chart]").scrollIntoView()`),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("figure[data-chart]").getAttribute("data-chart-ready") === "true"`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("hostile chart did not initialise: %v", err)
	}
	// Hover every bar, so tooltips with the labels render too.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(function () {
	  var inst = echarts.getInstanceByDom(document.querySelector(".chart-canvas"));
	  for (var i = 0; i < 5; i++) inst.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: i });
	})()`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	pwned, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.__pwned)`))
	if err != nil {
		t.Fatal(err)
	}
	if pwned != "undefined" {
		t.Errorf("hostile data ran script: window.__pwned = %s", pwned)
	}
	cell, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".chart-table td").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if cell != "</script><script>window.__pwned=1;alert(1)</script>" {
		t.Errorf("first table cell = %q, want the label as text", cell)
	}
	if wide := overflowing(t, ctx); wide != "" {
		t.Errorf("the hostile page scrolls sideways at 360 px wide: %s", wide)
	}
	w.check(t, "hostile page")
}

// overflowing names the elements that stick out past the viewport's right edge, or "".
func overflowing(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function () {
	  var d = document.documentElement;
	  if (d.scrollWidth <= d.clientWidth) return "";
	  var out = [];
	  document.querySelectorAll("body *").forEach(function (el) {
	    var r = el.getBoundingClientRect();
	    if (r.right > d.clientWidth + 1 && r.width > 0) out.push(el.tagName.toLowerCase() + "." + el.className + " (" + Math.round(r.right) + "px)");
	  });
	  return (d.scrollWidth - d.clientWidth) + "px: " + out.slice(0, 8).join(", ");
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
