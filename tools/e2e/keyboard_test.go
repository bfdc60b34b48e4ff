package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focusablesJS lists, once per document, every control a keyboard reader must be able to
// reach: links, buttons, form fields, <summary> and anything with tabindex 0, that is
// rendered (content of a closed <details> is not) and not disabled.
const focusablesJS = `(function () {
  var sel = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  window.__keys = Array.from(document.querySelectorAll(sel)).filter(function (el) {
    if (el.disabled || el.closest("[inert]")) return false;
    // checkVisibility also knows what a closed <details> hides (content-visibility).
    return el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true }) && el.getClientRects().length > 0;
  });
  return window.__keys.length;
})()`

// focusedJS describes the element that has focus now and how its focus is drawn.
const focusedJS = `(function () {
  var el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { index: -2, what: "body" };
  var s = getComputedStyle(el);
  var what = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") +
    (el.getAttribute("href") ? "[href=" + el.getAttribute("href") + "]" : "") + " " + JSON.stringify((el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40));
  return {
    index: (window.__keys || []).indexOf(el),
    what: what,
    visible: el.matches(":focus-visible"),
    outline: s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor,
    outlined: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
    shadow: s.boxShadow !== "none"
  };
})()`

type focused struct {
	Index    int    `json:"index"`
	What     string `json:"what"`
	Visible  bool   `json:"visible"`
	Outline  string `json:"outline"`
	Outlined bool   `json:"outlined"`
	Shadow   bool   `json:"shadow"`
}

func (tb *tab) press(keys string) error {
	return within(tb.ctx, 5*time.Second, fmt.Sprintf("the key %q to be handled", keys), func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.KeyEvent(keys))
	})
}

// tabThrough presses Tab from where the page puts focus (the top, or a field it focuses
// itself, such as a search box) until focus comes round to the same control again, and
// returns what is wrong: controls Tab never reached, and focus drawn with no visible
// outline.
func tabThrough(tb *tab) ([]string, error) {
	n, err := run[int](tb, 10*time.Second, "the page's controls to be listed", focusablesJS)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("no control to reach: every page has at least the site's links")
	}
	var problems []string
	reached := make([]bool, n)
	first := -1
	for i := 0; i < n+12; i++ {
		if err := tb.press(kb.Tab); err != nil {
			return nil, err
		}
		f, err := run[focused](tb, 5*time.Second, "the focused element", focusedJS)
		if err != nil {
			return nil, err
		}
		if f.Index == -2 {
			continue // focus left the page; the next Tab brings it back to the top
		}
		if f.Index == first {
			break // focus came round: every control has had its turn
		}
		if first == -1 {
			first = f.Index
		}
		if f.Index >= 0 {
			reached[f.Index] = true
		}
		if !f.Visible || !(f.Outlined || f.Shadow) {
			problems = append(problems, fmt.Sprintf("%s has focus with no visible focus style (:focus-visible %v, outline %s)", f.What, f.Visible, f.Outline))
		}
	}
	var missed []int
	for i, r := range reached {
		if !r {
			missed = append(missed, i)
		}
	}
	if len(missed) > 0 {
		names, err := run[[]string](tb, 5*time.Second, "the names of the missed controls",
			fmt.Sprintf(`%v.map(function (i) { var el = window.__keys[i]; return el.outerHTML.slice(0, 120); })`, jsInts(missed)))
		if err != nil {
			return nil, err
		}
		for _, nm := range names {
			problems = append(problems, "Tab never reaches "+nm)
		}
	}
	return problems, nil
}

func jsInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return "[" + strings.Join(s, ",") + "]"
}

// TestKeyboardReach: on every page, Tab reaches every link, button, checkbox, <summary>
// and scrollable table, each with a visible focus outline. One theme and one width: the
// focus style is the same rule in both themes (only its colour differs, which axe's
// contrast rules do not judge), and the tab order does not depend on the width.
func TestKeyboardReach(t *testing.T) {
	s := builtSite(t)
	srv := siteServer(t)
	u, _ := url.Parse(srv.URL)
	tb := newTab(t, u.Host, "light")
	if err := focusEmulation(tb); err != nil {
		t.Fatal(err)
	}
	for _, p := range pagePaths(t, s) {
		tb.take()
		if err := tb.open(srv.URL, p); err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		problems, err := tabThrough(tb)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		for _, pr := range problems {
			t.Errorf("%s: %s", p, pr)
		}
		for _, pr := range tb.take() {
			t.Errorf("%s: %s", p, pr)
		}
	}
}

// focusEmulation makes the tab behave as the focused window, so :focus-visible and key
// events work as for a reader at the keyboard.
func focusEmulation(tb *tab) error {
	return within(tb.ctx, 5*time.Second, "focus emulation", func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
			return err
		}
		return chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800))
	})
}

// focusOn gives an element keyboard focus, as Tab would (focus-visible), and checks it took it.
func (tb *tab) focusOn(selector string) error {
	ok, err := run[bool](tb, 5*time.Second, "focus on "+selector, fmt.Sprintf(`(function () {
	  var el = document.querySelector(%q);
	  if (!el) return false;
	  el.scrollIntoView({ block: "center" });
	  el.focus({ focusVisible: true });
	  return document.activeElement === el;
	})()`, selector))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s is not on the page or cannot take focus", selector)
	}
	return nil
}

// TestKeyboardControls: each kind of control works from the keyboard: the theme toggle with
// Enter and Space, a chart's log-scale checkbox with Space, the copy buttons with Enter and
// Space, a data table's <summary> with Enter and Space, the skip link and a link with Enter.
func TestKeyboardControls(t *testing.T) {
	srv := siteServer(t)
	u, _ := url.Parse(srv.URL)
	tb := newTab(t, u.Host, "light")
	if err := focusEmulation(tb); err != nil {
		t.Fatal(err)
	}
	open := func(p string) {
		t.Helper()
		if err := tb.open(srv.URL, p); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	eval := func(what, js string) string {
		t.Helper()
		v, err := run[string](tb, 10*time.Second, what, js)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	key := func(sel, k string) {
		t.Helper()
		if err := tb.focusOn(sel); err != nil {
			t.Fatal(err)
		}
		if err := tb.press(k); err != nil {
			t.Fatal(err)
		}
	}

	open(essayPath)
	theme := `document.documentElement.getAttribute("data-theme") + " " + document.getElementById("theme-toggle").getAttribute("aria-pressed")`
	before := eval("the theme", theme)
	key("#theme-toggle", kb.Enter)
	afterEnter := eval("the theme", theme)
	key("#theme-toggle", " ")
	afterSpace := eval("the theme", theme)
	if afterEnter == before || afterSpace == afterEnter || !strings.HasPrefix(afterEnter, "dark true") && !strings.HasPrefix(afterEnter, "light false") {
		t.Errorf("theme toggle: %q, after Enter %q, after Space %q", before, afterEnter, afterSpace)
	}

	// A data table's summary opens and closes its table.
	details := `String(document.querySelector("details.chart-table").open)`
	key("details.chart-table > summary", kb.Enter)
	opened := eval("the table", details)
	key("details.chart-table > summary", " ")
	if closed := eval("the table", details); opened != "true" || closed != "false" {
		t.Errorf("data table summary: open after Enter %s, after Space %s; want true, false", opened, closed)
	}

	// The log-scale switch of the first chart that has one: Space toggles it and the chart.
	first := eval("a chart with a log switch", `(function () {
	  var box = document.querySelector("[data-log-switch]");
	  var fig = box && box.closest("figure[data-chart]");
	  if (!fig) return "";
	  fig.scrollIntoView();
	  return fig.id;
	})()`)
	if first == "" {
		t.Fatal("no chart on the essay has a log-scale switch")
	}
	if _, err := run[bool](tb, 30*time.Second, "chart #"+first+" to set data-chart-ready=\"true\"", fmt.Sprintf(`(async function () {
	  var f = document.getElementById(%q);
	  while (f.getAttribute("data-chart-ready") !== "true") await new Promise(r => setTimeout(r, 20));
	  return true;
	})()`, first)); err != nil {
		t.Fatal(err)
	}
	axis := fmt.Sprintf(`(function () {
	  var f = document.getElementById(%q);
	  var o = echarts.getInstanceByDom(f.querySelector(".chart-canvas")).getOption();
	  var ax = f.querySelector(".chart-canvas").getAttribute("data-value-axis") === "x" ? o.xAxis[0] : o.yAxis[0];
	  return f.querySelector("[data-log-switch]").checked + " " + ax.type;
	})()`, first)
	was := eval("the chart's axis", axis)
	key("#"+first+" [data-log-switch]", " ")
	now := eval("the chart's axis", axis)
	if was == now || !(now == "true log" || now == "false value") {
		t.Errorf("log-scale switch of #%s: %q before Space, %q after", first, was, now)
	}

	// Copy buttons, with the clipboard stubbed: headless Chromium has none.
	stub := `window.__copied = []; navigator.clipboard.writeText = function (t) { window.__copied.push(t); return Promise.resolve(); }; ""`
	eval("the clipboard stub", stub)
	key("#"+first+" .copy-button", kb.Enter)
	key("#"+first+" .copy-button", " ")
	if n := eval("the copies", `String(window.__copied.length)`); n != "2" {
		t.Errorf("copy-link button: %s copies after Enter and Space, want 2", n)
	}

	// The skip link moves focus to the main content.
	key(".skip-link", kb.Enter)
	if got := eval("focus after the skip link", `document.activeElement.id + " " + location.hash`); got != "main #main" {
		t.Errorf("skip link: focus and hash are %q, want \"main #main\"", got)
	}

	// A link followed with Enter.
	if err := tb.focusOn(`.site-nav a[href$="/about/"]`); err != nil {
		t.Fatal(err)
	}
	err := within(tb.ctx, 20*time.Second, "the About page to load after Enter on its link", func(ctx context.Context) error {
		_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := eval("the location", `location.pathname`); got != "/about/" {
		t.Errorf("Enter on the About link went to %q", got)
	}

	// A chart page's citation copy button.
	open("/charts/bg_cpu_time/")
	eval("the clipboard stub", stub)
	key(".citation + .copy-button", kb.Enter)
	if got := eval("the copies", `window.__copied.join("|")`); !strings.Contains(got, "Data version") {
		t.Errorf("citation copy button copied %q", got)
	}
	for _, pr := range tb.take() {
		t.Errorf("%s", pr)
	}
}

// TestChartsDescribed: to a screen reader each chart's figure is described by its takeaway
// (aria-describedby), its static image's alt text carries the takeaway, and its data table
// is one keyboard step away (a focusable <summary>).
func TestChartsDescribed(t *testing.T) {
	s := builtSite(t)
	srv := siteServer(t)
	u, _ := url.Parse(srv.URL)
	tb := newTab(t, u.Host, "light")
	type fig struct {
		ID          string `json:"id"`
		Described   string `json:"described"`
		Alt         string `json:"alt"`
		Summary     bool   `json:"summary"`
		SummaryText string `json:"summaryText"`
	}
	for _, p := range []string{essayPath, "/charts/bg_cpu_time/", "/charts/bg_cpu_time/embed/"} {
		if err := tb.open(srv.URL, p); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		figs, err := run[[]fig](tb, 10*time.Second, "the figures", `Array.from(document.querySelectorAll("figure[data-chart]")).map(function (f) {
		  var ids = (f.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
		  var img = f.querySelector("img.chart-static");
		  var sum = f.querySelector("details.chart-table > summary");
		  if (sum) { sum.focus(); }
		  return {
		    id: f.getAttribute("data-chart"),
		    described: ids.map(function (id) { var el = document.getElementById(id); return el ? el.textContent.trim() : "(missing #" + id + ")"; }).join(" "),
		    // Once the live chart has replaced the static image (at once, when the figure
		    // is in view), ECharts' aria label carries the same takeaway.
		    alt: img ? img.alt : (f.querySelector(".chart-canvas").getAttribute("aria-label") || ""),
		    summary: !!sum && document.activeElement === sum && sum.tabIndex >= 0,
		    summaryText: sum ? sum.textContent.trim() : ""
		  };
		})`)
		if err != nil {
			t.Fatal(err)
		}
		if len(figs) == 0 {
			t.Errorf("%s: no figures", p)
		}
		for _, f := range figs {
			env, err := chartEnvelope(s, f.ID)
			if err != nil {
				t.Fatal(err)
			}
			if f.Described != env.Takeaway {
				t.Errorf("%s: chart %s is described by %q, want its takeaway %q", p, f.ID, f.Described, env.Takeaway)
			}
			if !strings.Contains(f.Alt, env.Takeaway) {
				t.Errorf("%s: chart %s: static image alt %q lacks the takeaway", p, f.ID, f.Alt)
			}
			// Articles carry the table in the figure; a chart page shows it below, in the open.
			if p == essayPath && (!f.Summary || !strings.HasPrefix(f.SummaryText, "Data table")) {
				t.Errorf("%s: chart %s: its data table's summary is not focusable (%q)", p, f.ID, f.SummaryText)
			}
		}
	}
}
