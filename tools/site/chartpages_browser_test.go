package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserNoJavaScript: with scripts off, the essay shows every chart as its static
// image, with the takeaway in the alt text, and every data table.
func TestBrowserNoJavaScript(t *testing.T) {
	dir := built(t)
	ctx := browser(t)
	srv := serve(t, dir)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"+strings.TrimSuffix(essayPath, "index.html"))); err != nil {
		t.Fatal(err)
	}
	type fig struct {
		ID       string `json:"id"`
		Alt      string `json:"alt"`
		Loaded   bool   `json:"loaded"`
		Rows     int    `json:"rows"`
		Takeaway string `json:"takeaway"`
	}
	figs, err := chromedp.Run(ctx, chromedp.Evaluate[[]fig](`(async function () {
	  var out = [];
	  for (const f of document.querySelectorAll("figure[data-chart]")) {
	    f.scrollIntoView();
	    var img = f.querySelector("img.chart-static");
	    if (img && !img.complete) await new Promise(r => { img.onload = img.onerror = r; setTimeout(r, 3000); });
	    out.push({ id: f.getAttribute("data-chart"), alt: img ? img.alt : "", loaded: !!img && img.naturalWidth > 0,
	      rows: f.querySelectorAll(".chart-table tbody tr").length, takeaway: f.querySelector(".chart-takeaway").textContent });
	  }
	  return out;
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) < 10 {
		t.Fatalf("%d charts on the essay without JavaScript", len(figs))
	}
	for _, f := range figs {
		if !f.Loaded {
			t.Errorf("chart %s: the static image did not load", f.ID)
		}
		if !strings.Contains(f.Alt, f.Takeaway) {
			t.Errorf("chart %s: alt text %q lacks the takeaway", f.ID, f.Alt)
		}
		if f.Rows == 0 {
			t.Errorf("chart %s: no data table rows", f.ID)
		}
	}
	live, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.echarts !== "undefined"`))
	if err != nil || live {
		t.Errorf("scripts ran with JavaScript disabled (%v)", err)
	}
}

// clsJS records every layout shift from the start of each document.
const clsJS = `window.__cls = 0;
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { if (!e.hadRecentInput) window.__cls += e.value; });
}).observe({ type: "layout-shift", buffered: true });`

// TestBrowserNoLayoutShift: every static image is replaced by its live chart, and the page
// does not move: cumulative layout shift 0, on a phone and on a laptop.
func TestBrowserNoLayoutShift(t *testing.T) {
	dir := built(t)
	ctx := browser(t)
	srv := serve(t, dir)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: clsJS}); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{360, 1280} {
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(width, 800),
			chromedp.Navigate(srv.URL+"/"+strings.TrimSuffix(essayPath, "index.html")),
			chromedp.Evaluate[chromedp.Void](`(async function () {
			  for (const f of document.querySelectorAll("figure[data-chart]")) { f.scrollIntoView(); await new Promise(r => setTimeout(r, 50)); }
			})()`, chromedp.EvalAwaitPromise),
		); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`Array.from(document.querySelectorAll("figure[data-chart]")).every(f => f.getAttribute("data-chart-ready") === "true")`,
			chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			t.Fatalf("%d px: charts did not initialise: %v", width, err)
		}
		left, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("img.chart-static").length`))
		if err != nil || left != 0 {
			t.Errorf("%d px: %d static images were not replaced (%v)", width, left, err)
		}
		time.Sleep(300 * time.Millisecond)
		cls, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__cls`))
		if err != nil {
			t.Fatal(err)
		}
		if cls != 0 {
			t.Errorf("%d px: cumulative layout shift %.4f, want 0", width, cls)
		}
		if wide := overflowing(t, ctx); width == 360 && wide != "" {
			t.Errorf("the essay scrolls sideways at 360 px: %s", wide)
		}
	}
}

// TestBrowserChartPage: a chart page restores the view named in its URL, and its copy
// link and citation buttons copy what they say.
func TestBrowserChartPage(t *testing.T) {
	dir := built(t)
	ctx := browser(t)
	srv := serve(t, dir)
	w := watchPage(ctx, strings.TrimPrefix(srv.URL, "http://"))
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/charts/bg_cpu_time/?bg_cpu_time.log=0&bg_cpu_time.hide=Go")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("figure[data-chart]").getAttribute("data-chart-ready") === "true"`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("chart did not initialise: %v", err)
	}
	type view struct {
		Checked bool   `json:"checked"`
		Axis    string `json:"axis"`
		GoShown bool   `json:"goShown"`
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[view](`(function () {
	  var inst = echarts.getInstanceByDom(document.querySelector(".chart-canvas"));
	  var o = inst.getOption();
	  return { checked: document.querySelector("[data-log-switch]").checked, axis: o.xAxis[0].type, goShown: o.legend[0].selected["Go"] !== false };
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if v.Checked || v.Axis != "value" || v.GoShown {
		t.Errorf("the URL's view was not restored: %+v", v)
	}
	// Switching the scale writes it back to the URL.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("[data-log-switch]"))); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	if err != nil || !strings.Contains(loc, "bg_cpu_time.log=1") {
		t.Errorf("the scale switch did not update the URL: %q (%v)", loc, err)
	}
	// The copy buttons, with the clipboard stubbed: headless Chromium has no clipboard.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__copied = [];
	  navigator.clipboard.writeText = function (t) { window.__copied.push(t); return Promise.resolve(); };`)); err != nil {
		t.Fatal(err)
	}
	for _, sel := range []string{"button[data-copy-link]", ".citation + .copy-button"} {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
	}
	copied, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__copied`))
	if err != nil {
		t.Fatal(err)
	}
	if len(copied) != 2 || !strings.HasPrefix(copied[0], srv.URL+"/charts/bg_cpu_time/") ||
		!strings.Contains(copied[1], "Data version") || !strings.Contains(copied[1], "Accessed "+time.Now().UTC().Format("2006-01-02")) {
		t.Errorf("copied %q", copied)
	}
	w.check(t, "chart page")
}
