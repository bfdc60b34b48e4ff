package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browser starts one headless Chromium for a test. Without Chromium the test is skipped
// with the install command, except under CI=true, where that is a failure.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("CHROME_PATH")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		msg := "Chromium not found: install it with `apt-get install -y chromium` (or set CHROME_PATH)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	// Every wait below is bounded by this deadline: a test never hangs.
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium at %s: %v", path, err)
	}
	return ctx
}

// watch records what a page does wrong: console errors, exceptions, failed requests and
// requests to any host but the test server's.
type watch struct {
	mu       sync.Mutex
	problems []string
	requests []string
	dialogs  []string
}

func (w *watch) add(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
}

func watchPage(ctx context.Context, host string) *watch {
	w := &watch{}
	console := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	logs := chromedp.Events(ctx, log.EntryAdded)
	failed := chromedp.Events(ctx, network.LoadingFailed)
	sent := chromedp.Events(ctx, network.RequestWillBeSent)
	responses := chromedp.Events(ctx, network.ResponseReceived)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range console {
			if err != nil {
				return
			}
			if ev.Type == "error" || ev.Type == "warning" {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				w.add("console.%s: %s", ev.Type, strings.Join(parts, " "))
			}
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			w.add("exception: %s %s", ev.ExceptionDetails.Text, describe(ev.ExceptionDetails.Exception))
		}
	}()
	go func() {
		for ev, err := range logs {
			if err != nil {
				return
			}
			if ev.Entry.Level == log.EntryLevelError {
				w.add("log error: %s %s", ev.Entry.Text, ev.Entry.URL)
			}
		}
	}()
	go func() {
		for ev, err := range failed {
			if err != nil {
				return
			}
			w.add("request failed: %s", ev.ErrorText)
		}
	}()
	go func() {
		for ev, err := range sent {
			if err != nil {
				return
			}
			u, _ := url.Parse(ev.Request.URL)
			w.mu.Lock()
			w.requests = append(w.requests, ev.Request.URL)
			w.mu.Unlock()
			if u != nil && u.Scheme != "data" && u.Host != host {
				w.add("request to another host: %s", ev.Request.URL)
			}
		}
	}()
	go func() {
		for ev, err := range responses {
			if err != nil {
				return
			}
			if ev.Response.Status >= 400 {
				w.add("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
			}
		}
	}()
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			w.mu.Lock()
			w.dialogs = append(w.dialogs, ev.Message)
			w.mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return w
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	return o.Description
}

func (w *watch) check(t *testing.T, where string) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range w.problems {
		t.Errorf("%s: %s", where, p)
	}
	for _, d := range w.dialogs {
		t.Errorf("%s: a dialog opened (script ran): %q", where, d)
	}
}

func serve(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv
}

// chartState is what the browser reports for one figure.
type chartState struct {
	ID         string   `json:"id"`
	Ready      bool     `json:"ready"`
	Error      string   `json:"error"`
	Series     []string `json:"series"`
	Categories []string `json:"categories"`
	Aria       string   `json:"aria"`
}

const chartStateJS = `Array.from(document.querySelectorAll("figure[data-chart]")).map(function (f) {
  var el = f.querySelector(".chart-canvas");
  var inst = window.echarts && window.echarts.getInstanceByDom(el);
  var o = inst ? inst.getOption() : null;
  var cat = null;
  if (o) {
    var axes = [].concat(o.xAxis || [], o.yAxis || []);
    for (var i = 0; i < axes.length; i++) { if (axes[i].type === "category" && axes[i].data) { cat = axes[i].data.map(String); break; } }
  }
  return {
    id: f.getAttribute("data-chart"),
    ready: f.getAttribute("data-chart-ready") === "true",
    error: f.getAttribute("data-chart-error") || "",
    series: o ? o.series.map(function (s) { return s.name; }) : [],
    categories: cat,
    aria: el.getAttribute("aria-label") || ""
  };
})`

// TestBrowserEssayCharts opens the essay in Chromium and checks that no chart code loads
// before a chart is near the viewport, that every chart then initialises with the series
// and categories of its spec, and that nothing errs or leaves the site.
func TestBrowserEssayCharts(t *testing.T) {
	dir := built(t)
	ctx := browser(t)
	srv := serve(t, dir)
	u, _ := url.Parse(srv.URL)
	w := watchPage(ctx, u.Host)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"+strings.TrimSuffix(essayPath, "index.html"))); err != nil {
		t.Fatal(err)
	}
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.echarts !== "undefined"`))
	if err != nil {
		t.Fatal(err)
	}
	if loaded {
		t.Errorf("the chart library loaded before any chart was near the viewport")
	}
	figs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("figure[data-chart]").length`))
	if err != nil {
		t.Fatal(err)
	}
	if figs < 10 {
		t.Errorf("the essay places %d charts, want at least 10", figs)
	}
	// Scroll each chart into view, as a reader would, then wait for all to be drawn.
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
	for _, s := range states {
		env := envelope(t, s.ID)
		if !s.Ready || s.Error != "" {
			t.Errorf("chart %s did not initialise: %s", s.ID, s.Error)
			continue
		}
		if !slices.Equal(s.Series, env.Series) {
			t.Errorf("chart %s: series %q, spec gives %q", s.ID, s.Series, env.Series)
		}
		if env.Categories != nil && !slices.Equal(s.Categories, env.Categories) {
			t.Errorf("chart %s: categories %q, spec gives %q", s.ID, s.Categories, env.Categories)
		}
		if !strings.Contains(s.Aria, env.Takeaway) {
			t.Errorf("chart %s: aria-label %q lacks the takeaway", s.ID, s.Aria)
		}
	}
	w.check(t, "essay page")
}

type envelopeFields struct {
	Series     []string `json:"series"`
	Categories []string `json:"categories"`
	Takeaway   string   `json:"takeaway"`
}

// envelope reads the envelope the build generated for a chart id.
func envelope(t *testing.T, id string) envelopeFields {
	t.Helper()
	var e envelopeFields
	b, err := os.ReadFile(filepath.Join(siteRoot, ".site/gen/data/charts", id+".json"))
	if err != nil {
		t.Fatalf("chart %s: %v", id, err)
	}
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestBrowserPages opens the other page types and checks they load cleanly, and that the
// theme toggle works and is remembered.
func TestBrowserPages(t *testing.T) {
	dir := built(t)
	ctx := browser(t)
	srv := serve(t, dir)
	u, _ := url.Parse(srv.URL)
	w := watchPage(ctx, u.Host)
	for _, p := range []string{"/", "/about/", "/tags/", "/tags/python/"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("theme-toggle"))); err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.getAttribute("data-theme")`))
	if err != nil || (first != "dark" && first != "light") {
		t.Fatalf("theme toggle set data-theme %q (%v)", first, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/about/")); err != nil {
		t.Fatal(err)
	}
	again, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.getAttribute("data-theme")`))
	if err != nil || again != first {
		t.Errorf("theme %q was not remembered across pages: got %q (%v)", first, again, err)
	}
	w.check(t, "site pages")
}
