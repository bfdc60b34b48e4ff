package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// view is one way a reader sees the site.
type view struct {
	theme  string // "light" or "dark"
	width  int64  // CSS px: 360 is a small phone, 1280 a laptop
	system bool   // the theme comes from prefers-color-scheme alone, with none stored
}

// clsTolerance is the smallest layout shift that reports as non-zero at two decimals.
const clsTolerance = 0.005

func (v view) String() string {
	if v.system {
		return fmt.Sprintf("%s %dpx, from the system", v.theme, v.width)
	}
	return fmt.Sprintf("%s %dpx", v.theme, v.width)
}

func (v view) emulate(tb *tab) error {
	// Not EmulateMobile: Chromium 156 reports no layout-shift entries at all under mobile
	// emulation, which would make the CLS check pass whatever the page did
	// (TestChecksSeeProblems guards this). The width is what the layout checks need.
	return within(tb.ctx, 10*time.Second, "the viewport to change", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.EmulateViewport(v.width, 800))
	})
}

// chartState is what the browser reports for one figure once it is drawn.
type chartState struct {
	ID         string   `json:"id"`
	Ready      bool     `json:"ready"`
	Error      string   `json:"error"`
	Series     []string `json:"series"`
	Categories []string `json:"categories"`
	Aria       string   `json:"aria"`
	Tooltip    string   `json:"tooltip"`
}

// loadedJS reads the page as it first loads, before any scrolling.
const loadedJS = `(function () {
  var vh = window.innerHeight;
  return {
    theme: document.documentElement.getAttribute("data-theme") || "",
    background: getComputedStyle(document.body).backgroundColor,
    noAlt: Array.from(document.images).filter(function (i) { return !(i.getAttribute("alt") || "").trim(); })
      .map(function (i) { return i.getAttribute("src"); }),
    figures: document.querySelectorAll("figure[data-chart]").length,
    // charts.js starts a chart 300px before it enters the viewport.
    nearChart: Array.from(document.querySelectorAll("figure[data-chart]")).some(function (f) { return f.getBoundingClientRect().top < vh + 300; }),
    chartCode: performance.getEntriesByType("resource").map(function (r) { return r.name; }).filter(function (n) { return /echarts/.test(n); })
      .concat(typeof window.echarts === "undefined" ? [] : ["window.echarts"])
  };
})()`

type loadedState struct {
	Theme      string   `json:"theme"`
	Background string   `json:"background"`
	NoAlt      []string `json:"noAlt"`
	Figures    int      `json:"figures"`
	NearChart  bool     `json:"nearChart"`
	ChartCode  []string `json:"chartCode"`
}

// scrollChartsJS scrolls each chart into view, as a reader would, and waits until it is
// drawn. It returns the id of a chart that did not become ready in time, or "".
const scrollChartsJS = `(async function () {
  for (const f of document.querySelectorAll("figure[data-chart]")) {
    f.scrollIntoView({ block: "center" });
    const t0 = performance.now();
    while (f.getAttribute("data-chart-ready") !== "true" && !f.hasAttribute("data-chart-error")) {
      if (performance.now() - t0 > %d) return f.getAttribute("data-chart");
      await new Promise(r => setTimeout(r, 20));
    }
  }
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return "";
})()`

// chartStatesJS reads every drawn chart, then shows a tooltip on each, the way a hover does
// (dispatchAction showTip): ECharts writes tooltips with inline style attributes, which the
// Content-Security-Policy must allow (style-src-attr) without a violation.
const chartStatesJS = `(async function () {
  const out = [];
  for (const f of document.querySelectorAll("figure[data-chart]")) {
    const el = f.querySelector(".chart-canvas");
    const inst = window.echarts && window.echarts.getInstanceByDom(el);
    const o = inst ? inst.getOption() : null;
    let cat = null, tip = "";
    if (o) {
      const axes = [].concat(o.xAxis || [], o.yAxis || []);
      for (const a of axes) { if (a.type === "category" && a.data) { cat = a.data.map(String); break; } }
      inst.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: 0 });
      await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
      const box = Array.from(el.querySelectorAll("div")).find(d => d.innerText.trim() && getComputedStyle(d).position === "absolute" && getComputedStyle(d).display !== "none");
      tip = box ? box.innerText.trim().slice(0, 80) : "";
      inst.dispatchAction({ type: "hideTip" });
    }
    out.push({
      id: f.getAttribute("data-chart"),
      ready: f.getAttribute("data-chart-ready") === "true",
      error: f.getAttribute("data-chart-error") || "",
      series: o ? o.series.map(s => s.name) : [],
      categories: cat,
      aria: el.getAttribute("aria-label") || "",
      tooltip: tip
    });
  }
  return out;
})()`

// afterJS reads what the page did while it was used: layout shifts, CSP violations, and
// whether it scrolls sideways (naming what sticks out).
const afterJS = `(async function () {
  // Let the last frames paint and their layout shifts be reported.
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30))));
  var d = document.documentElement, wide = "";
  if (d.scrollWidth > d.clientWidth) {
    var out = [];
    document.querySelectorAll("body *").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.right > d.clientWidth + 1 && r.width > 0) out.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " (" + Math.round(r.right) + "px)");
    });
    wide = (d.scrollWidth - d.clientWidth) + "px too wide: " + out.slice(0, 6).join(", ");
  }
  var rec = window.__e2e || { cls: -1, shifts: ["the document-start script did not run"], csp: [] };
  return { cls: rec.cls, shifts: rec.shifts, csp: rec.csp, wide: wide };
})()`

type afterState struct {
	CLS    float64  `json:"cls"`
	Shifts []string `json:"shifts"`
	CSP    []string `json:"csp"`
	Wide   string   `json:"wide"`
}

// where names the page and the view a problem was found in.
func where(path string, v view, problem string) string {
	return fmt.Sprintf("%s (%s): %s", path, v, problem)
}

// backgrounds are body colours of the two themes (--bg in site.css): a check that the
// theme the suite asked for is the one the reader sees.
var backgrounds = map[string]string{"light": "rgb(253, 253, 252)", "dark": "rgb(21, 23, 26)"}

// checkPage visits one page in one view and returns every problem found, each naming
// what it was about. It returns early only when the page cannot be used at all.
func checkPage(tb *tab, s site, base, path string, v view, axe bool) []string {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	tb.take() // forget what earlier pages did
	if err := tb.open(base, path); err != nil {
		return []string{err.Error()}
	}
	loaded, err := run[loadedState](tb, 10*time.Second, "the page's first state", loadedJS)
	if err != nil {
		return []string{err.Error()}
	}
	wantAttr := v.theme
	if v.system {
		wantAttr = "" // site.css's prefers-color-scheme rules apply, not data-theme
	}
	if loaded.Background != backgrounds[v.theme] || loaded.Theme != wantAttr {
		fail("the %s theme did not apply: data-theme %q, background %s", v.theme, loaded.Theme, loaded.Background)
	}
	for _, src := range loaded.NoAlt {
		fail("<img src=%q> has no alt text", src)
	}
	if loaded.Figures > 0 && !loaded.NearChart && len(loaded.ChartCode) > 0 {
		fail("chart code loaded before any chart was near the viewport: %v", loaded.ChartCode)
	}
	if loaded.Figures > 0 {
		js := fmt.Sprintf(scrollChartsJS, tb.chartTimeout.Milliseconds())
		stuck, err := run[string](tb, time.Duration(loaded.Figures+1)*tb.chartTimeout, "every chart to draw after scrolling to it", js)
		if err != nil {
			return append(problems, err.Error())
		}
		if stuck != "" {
			return append(problems, fmt.Sprintf("gave up after %v waiting for chart %s to set data-chart-ready=\"true\" once scrolled into view", tb.chartTimeout, stuck))
		}
	}
	// Layout shift and overflow are read before the tooltips, which are the reader's input.
	after, err := run[afterState](tb, 10*time.Second, "the layout-shift and CSP record", afterJS)
	if err != nil {
		return append(problems, err.Error())
	}
	// CLS is reported to two decimals (Lighthouse, the Chrome UX Report); under a loaded CI
	// machine Chromium now and then records a shift of a few ten-thousandths on the header,
	// which no reader can see. Anything that rounds to more than 0.00 fails.
	if after.CLS >= clsTolerance {
		fail("cumulative layout shift %.4f, want 0: %s", after.CLS, strings.Join(after.Shifts, "; "))
	}
	if v.width == 360 && after.Wide != "" {
		fail("scrolls sideways at 360px: %s", after.Wide)
	}
	if loaded.Figures > 0 {
		states, err := run[[]chartState](tb, 30*time.Second, "the charts' options and tooltips", chartStatesJS)
		if err != nil {
			return append(problems, err.Error())
		}
		for _, st := range states {
			env, err := chartEnvelope(s, st.ID)
			if err != nil {
				fail("%v", err)
				continue
			}
			switch {
			case st.Error != "" || !st.Ready:
				fail("chart %s did not initialise: %s", st.ID, st.Error)
				continue
			case !slices.Equal(st.Series, env.Series):
				fail("chart %s: series %q, its spec gives %q", st.ID, st.Series, env.Series)
			case env.Categories != nil && !slices.Equal(st.Categories, env.Categories):
				fail("chart %s: categories %q, its spec gives %q", st.ID, st.Categories, env.Categories)
			case !strings.Contains(st.Aria, env.Takeaway):
				fail("chart %s: the drawn chart's aria-label %q lacks the takeaway", st.ID, st.Aria)
			case st.Tooltip == "":
				fail("chart %s: showTip showed no tooltip", st.ID)
			}
		}
	}
	if axe {
		violations, err := runAxe(tb)
		if err != nil {
			return append(problems, err.Error())
		}
		for _, vi := range violations {
			fail("axe %s", vi)
		}
	}
	// The CSP record is read last, so violations from the tooltips and axe count too.
	final, err := run[afterState](tb, 10*time.Second, "the CSP record", afterJS)
	if err != nil {
		return append(problems, err.Error())
	}
	for _, c := range final.CSP {
		fail("securitypolicyviolation: %s", c)
	}
	return append(problems, tb.take()...)
}

// TestPages visits every page in light and dark, at 360px and 1280px. Two tabs, one per
// theme, work side by side (the machine has two cores); each tab is reused for all its
// pages. The theme is the stored one (localStorage.theme, with prefers-color-scheme
// emulated to match), except for dark at 1280px, where nothing is stored and
// prefers-color-scheme alone makes it dark: site.css gives dark twice, once for
// [data-theme="dark"] and once inside the media query, and both must be right.
//
// axe-core runs at 360px in both themes, and again for the system dark theme: its colours
// come from the other copy of the dark rules. It does not run again at 1280px for a stored
// theme while the stylesheets have no width-dependent rules (checked here): then the same
// elements have the same colours and roles at both widths, and WCAG 2.1 A/AA's rules do not
// otherwise depend on the width.
func TestPages(t *testing.T) {
	needBrowser(t) // first: without Chromium there is nothing to build for
	s := builtSite(t)
	srv := siteServer(t)
	paths := pagePaths(t, s)
	axeEveryWidth := widthRules(t, s)
	u, _ := url.Parse(srv.URL)
	for _, theme := range []string{"light", "dark"} {
		t.Run(theme, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t, u.Host, theme)
			views := []view{{theme, 360, false}, {theme, 1280, false}}
			if theme == "dark" {
				views = []view{{theme, 1280, true}, {theme, 360, false}}
			}
			stored := false
			for _, v := range views {
				if !v.system && !stored {
					// From here on every page starts with the theme stored.
					if err := tb.storeTheme(v.theme); err != nil {
						t.Fatal(err)
					}
					stored = true
				}
				if err := v.emulate(tb); err != nil {
					t.Fatal(err)
				}
				for _, p := range paths {
					start := time.Now()
					axe := v.width == 360 || v.system || axeEveryWidth
					for _, problem := range checkPage(tb, s, srv.URL, p, v, axe) {
						t.Error(where(p, v, problem))
					}
					if testing.Verbose() {
						t.Logf("%s (%s): %v", p, v, time.Since(start).Round(time.Millisecond))
					}
				}
			}
		})
	}
}

// widthRules reports whether any built stylesheet has a width-dependent rule (a min-width
// or max-width media or container query).
func widthRules(t *testing.T, s site) bool {
	t.Helper()
	sheets, err := filepath.Glob(filepath.Join(s.out, "css", "*.css"))
	if err != nil || len(sheets) == 0 {
		t.Fatalf("no stylesheet in the built site (%v)", err)
	}
	re := regexp.MustCompile(`@(media|container)[^{]*(min|max)-(width|inline-size)|@(media|container)[^{]*width\s*[<>]`)
	for _, f := range sheets {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if re.Match(b) {
			t.Logf("%s has width-dependent rules: axe-core runs at every width", filepath.Base(f))
			return true
		}
	}
	return false
}
