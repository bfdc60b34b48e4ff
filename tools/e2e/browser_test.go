package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// installHint is what a reader without Chromium is told.
const installHint = "install it with `apt-get install -y chromium` (or set CHROME_PATH)"

// chromiumPath finds Chromium: CHROME_PATH, else the usual names on PATH.
func chromiumPath() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROME_PATH=%s: %v: %s", p, err, installHint)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("Chromium not found: " + installHint)
}

var (
	browserMu     sync.Mutex
	browserCtx    context.Context
	browserCancel context.CancelFunc
	browserErr    error
)

// needBrowser returns the one headless Chromium the package shares, starting it on first
// use. Without Chromium a test is skipped with the install command, except under CI=true,
// where that is a failure.
func needBrowser(t testing.TB) context.Context {
	t.Helper()
	path, err := chromiumPath()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %v", err)
		}
		t.Skip(err)
	}
	browserMu.Lock()
	defer browserMu.Unlock()
	if browserCtx == nil && browserErr == nil {
		browserCtx, browserCancel, browserErr = startBrowser(path)
	}
	if browserErr != nil {
		t.Fatal(browserErr)
	}
	return browserCtx
}

func startBrowser(path string) (context.Context, context.CancelFunc, error) {
	dir, err := os.MkdirTemp("", "e2e-chromium-*")
	if err != nil {
		return nil, nil, err
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Tabs of the suite run side by side; none of them may be slowed as a background tab.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 800),
	)
	ctx, cancelC := chromedp.NewContext(actx)
	cancel := func() { cancelC(); cancelA(); _ = os.RemoveAll(dir) }
	// The first Do starts the browser and binds it to ctx, so it gets no deadline of its
	// own; a start that hangs is cancelled from here instead.
	if err := bounded(ctx, cancel, 60*time.Second, func() error { return chromedp.Do(ctx) }); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("starting Chromium at %s: %w", path, err)
	}
	return ctx, cancel, nil
}

// bounded runs f, which must not itself carry a deadline, and cancels it after d.
func bounded(ctx context.Context, cancel context.CancelFunc, d time.Duration, f func() error) error {
	timer := time.AfterFunc(d, cancel)
	defer timer.Stop()
	err := f()
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("gave up after %v: %w", d, err)
	}
	return err
}

func stopBrowser() {
	browserMu.Lock()
	defer browserMu.Unlock()
	if browserCancel != nil {
		browserCancel()
	}
}

// tab is one browser tab in a browser context of its own (its own localStorage), with a
// record of what went wrong on the page it shows.
type tab struct {
	ctx  context.Context
	host string // the only host a page may ask anything of

	// How long a page may take to load, and a chart to draw once scrolled into view.
	loadTimeout, chartTimeout time.Duration

	mu       sync.Mutex
	problems []string
}

// documentStartJS runs before any of the page's scripts, in every document: it records
// layout shifts and Content-Security-Policy violations from the very start.
const documentStartJS = `(function () {
  var rec = window.__e2e = { cls: 0, shifts: [], csp: [] };
  document.addEventListener("securitypolicyviolation", function (e) {
    rec.csp.push(e.effectiveDirective + " blocked " + (e.blockedURI || "?") + " at " + (e.sourceFile || location.href) + ":" + e.lineNumber + (e.sample ? " (" + e.sample + ")" : ""));
  }, true);
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) {
        if (e.hadRecentInput) return;
        rec.cls += e.value;
        rec.shifts.push(e.value.toFixed(4) + " " + (e.sources || []).map(function (s) {
          var n = s.node; return n && n.nodeType === 1 ? n.tagName.toLowerCase() + (n.className ? "." + String(n.className).split(" ").join(".") : "") : String(n && n.nodeName);
        }).join(", "));
      });
    }).observe({ type: "layout-shift", buffered: true });
  } catch (e) { rec.csp.push("layout-shift observer failed: " + e); }
})();`

// newTab opens a tab in a browser context of its own (no stored theme yet) whose system
// colour scheme (prefers-color-scheme) is "light" or "dark".
func newTab(t testing.TB, host, scheme string) *tab {
	t.Helper()
	bctx := needBrowser(t)
	tb := &tab{host: host, loadTimeout: 20 * time.Second, chartTimeout: 15 * time.Second}
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	if err := bounded(ctx, cancel, 30*time.Second, func() error { return chromedp.Do(ctx) }); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	tb.ctx = ctx
	err := within(ctx, 10*time.Second, "setting up the tab", func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: documentStartJS}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// storeTheme makes every later page of the tab start with the reader's remembered theme,
// set the way the theme toggle stores it and theme.js reads it.
func (tb *tab) storeTheme(theme string) error {
	return within(tb.ctx, 5*time.Second, "the theme to be stored", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: fmt.Sprintf(`try { localStorage.setItem("theme", %q); } catch (e) {}`, theme),
		})
		return err
	})
}

func (tb *tab) add(format string, args ...any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.problems = append(tb.problems, fmt.Sprintf(format, args...))
}

// take returns what went wrong since the last call, and forgets it.
func (tb *tab) take() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

// listen runs in the tab's event loop, in the order Chromium sends the events, so every
// event is recorded before the reply to the next command: nothing can be missed.
func (tb *tab) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				var str string
				if json.Unmarshal(a.Value, &str) == nil {
					parts = append(parts, str)
				} else if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			tb.add("console.%s: %s", ev.Type, strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		tb.add("uncaught exception: %s (%s:%d)", msg, d.URL, d.LineNumber+1)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
			tb.add("console %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventLoadingFailed:
		tb.add("request failed: %s %s (blocked: %s)", ev.Type, ev.ErrorText, ev.BlockedReason)
	case *network.EventRequestWillBeSent:
		u, err := url.Parse(ev.Request.URL)
		if err != nil || (u.Scheme != "data" && u.Scheme != "blob" && u.Host != tb.host) {
			tb.add("request to another host: %s", ev.Request.URL)
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			tb.add("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
		}
	case *page.EventJavascriptDialogOpening:
		tb.add("a dialog opened: %q", ev.Message)
		// A dialog blocks the page; close it from outside the event loop.
		go func() {
			ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
			defer cancel()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}()
	}
}

// run evaluates js in the page with a deadline and decodes its result.
func run[T any](tb *tab, d time.Duration, what, js string) (T, error) {
	var out T
	err := within(tb.ctx, d, what, func(ctx context.Context) error {
		var err error
		out, err = chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
		return err
	})
	return out, err
}

// open loads a page and waits for its load event; any status but 200 is an error.
func (tb *tab) open(base, path string) error {
	var resp *network.Response
	err := within(tb.ctx, tb.loadTimeout, "the page to load", func(ctx context.Context) error {
		var err error
		resp, err = chromedp.Run(ctx, chromedp.NavigateResponse(base+path))
		return err
	})
	if err != nil {
		return err
	}
	if resp == nil {
		return errors.New("no response for the page")
	}
	if resp.Status != 200 {
		return fmt.Errorf("HTTP %d for the page", resp.Status)
	}
	return nil
}
