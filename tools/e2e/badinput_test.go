package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMissingChromium runs the page test in a child process with no Chromium to be found:
// under CI=true it must fail and say how to install it; elsewhere it must skip, saying the
// same.
func TestMissingChromium(t *testing.T) {
	if os.Getenv("E2E_CHILD") != "" {
		t.Skip("in the child process")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, ci := range []string{"true", ""} {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		cmd := exec.CommandContext(ctx, exe, "-test.run=^TestPages$", "-test.v")
		cmd.Env = append(os.Environ(), "CHROME_PATH="+filepath.Join(t.TempDir(), "no-chromium"), "CI="+ci, "E2E_CHILD=1")
		out, err := cmd.CombinedOutput()
		cancel()
		text := string(out)
		if !strings.Contains(text, "apt-get install -y chromium") {
			t.Errorf("CI=%q: the output does not say how to install Chromium:\n%s", ci, text)
		}
		if ci == "true" && (err == nil || !strings.Contains(text, "--- FAIL: TestPages")) {
			t.Errorf("CI=true without Chromium: want TestPages to fail, got %v:\n%s", err, text)
		}
		if ci == "" && (err != nil || !strings.Contains(text, "--- SKIP: TestPages")) {
			t.Errorf("without CI and without Chromium: want TestPages skipped, got %v:\n%s", err, text)
		}
	}
}

// TestUnservablePages: a page that is missing, a server that never answers, one that is
// gone, and a chart whose library never arrives each end in a message that names the page
// and what the suite waited for, within the deadline.
func TestUnservablePages(t *testing.T) {
	s := builtSite(t)
	needBrowser(t)
	stop := make(chan struct{})
	site := Handler(nil, http.FileServer(http.Dir(s.out)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The ECharts bundle and /hang/ never come: the handler waits until the test ends.
		if strings.Contains(r.URL.Path, "echarts") || r.URL.Path == "/hang/" {
			select {
			case <-stop:
			case <-r.Context().Done():
			}
			return
		}
		site.ServeHTTP(w, r)
	}))
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	t.Cleanup(func() { close(stop); srv.Close() })

	u, _ := url.Parse(srv.URL)
	tb := newTab(t, u.Host, "light")
	tb.loadTimeout, tb.chartTimeout = 2*time.Second, 2*time.Second
	v := view{"light", 1280, true}
	for _, c := range []struct {
		base, path string
		want       []string
	}{
		{srv.URL, "/no-such-page/", []string{"/no-such-page/ (light 1280px, from the system): HTTP 404 for the page"}},
		{srv.URL, "/hang/", []string{"/hang/ (light 1280px, from the system): gave up after 2s waiting for the page to load"}},
		{gone.URL, "/", []string{"/ (light 1280px, from the system): the page to load:", "ERR_CONNECTION_REFUSED"}},
		{srv.URL, "/charts/bg_cpu_time/embed/", []string{"/charts/bg_cpu_time/embed/ (light 1280px, from the system): gave up after 2s waiting for chart bg_cpu_time to set data-chart-ready=\"true\""}},
	} {
		start := time.Now()
		problems := checkPage(tb, s, c.base, c.path, v, false)
		took := time.Since(start)
		if len(problems) == 0 {
			t.Errorf("%s: no problem reported", c.path)
			continue
		}
		msg := where(c.path, v, problems[0])
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: got %q, want it to contain %q", c.path, msg, w)
			}
		}
		if took > 10*time.Second {
			t.Errorf("%s: took %v to give up", c.path, took)
		}
	}
}

// TestCSPViolationsAreSeen is the control for the CSP checks: served without
// style-src-attr 'unsafe-inline', a chart's tooltip is blocked, and the suite must say so.
// Without this, a listener that saw nothing would pass every page.
func TestCSPViolationsAreSeen(t *testing.T) {
	s := builtSite(t)
	needBrowser(t)
	b, err := os.ReadFile(filepath.Join(s.out, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	stricter := strings.ReplaceAll(string(b), "style-src-attr 'unsafe-inline'; ", "")
	if stricter == string(b) {
		t.Fatal("_headers has no \"style-src-attr 'unsafe-inline'; \" to take out; update this test with the policy")
	}
	rules, err := ParseHeaders(stricter)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Handler(rules, http.FileServer(http.Dir(s.out))))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	tb := newTab(t, u.Host, "light")
	problems := strings.Join(checkPage(tb, s, srv.URL, "/charts/bg_cpu_time/embed/", view{"light", 1280, true}, false), "\n")
	if !strings.Contains(problems, "securitypolicyviolation: style-src-attr blocked inline") {
		t.Errorf("a tooltip's blocked inline style went unseen; the suite reported:\n%s", problems)
	}
}

// TestChecksSeeProblems is the control for the page checks: a page made with every
// problem they look for (testdata/broken) must be reported for each of them.
func TestChecksSeeProblems(t *testing.T) {
	s := builtSite(t)
	needBrowser(t)
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata/broken")))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	tb := newTab(t, u.Host, "light")
	v := view{"light", 360, true}
	if err := v.emulate(tb); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(checkPage(tb, s, srv.URL, "/", v, true), "\n")
	for _, want := range []string{
		`<img src="pixel.svg"> has no alt text`,
		"cumulative layout shift",
		"scrolls sideways at 360px",
		"axe color-contrast",
		"axe image-alt",
		"axe heading-order",
		"console.error: broken on purpose",
		"request to another host: http://127.0.0.2:9/elsewhere.png",
		"request failed",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the broken page's report lacks %q; it says:\n%s", want, got)
		}
	}
	if err := focusEmulation(tb); err != nil {
		t.Fatal(err)
	}
	problems, err := tabThrough(tb)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(problems, "\n"); !strings.Contains(got, "button.no-focus") || !strings.Contains(got, "no visible focus style") {
		t.Errorf("the button with no focus style went unseen: %q", got)
	}
}
