package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"pyevidence/tools/internal/pipeline"
)

// repoRoot is the site's own folder, two levels up from tools/e2e.
const repoRoot = "../.."

// essayPath is the essay's URL path; the budgets and the keyboard tests start there.
const essayPath = "/essays/python-dont-over-use-it/"

// siteFiles are the site's sources: everything a build reads. The tests build a copy, never
// the working tree, so they write nothing into the repository and other engineers' edits in
// flight cannot half-appear in a build.
var siteFiles = []string{"config.toml", "content", "layouts", "assets", "static", "data", "archetypes"}

// site is one build of the site.
type site struct {
	src string // the copy of the sources it was built from (with .site/gen/ inside)
	out string // the built site
}

var (
	siteOnce sync.Once
	theSite  site
	siteErr  error
	tmpRoot  string // removed by TestMain

	serverOnce sync.Once
	theServer  *httptest.Server
	serverErr  error
)

// builtSite builds a copy of the real site once per test binary.
func builtSite(t testing.TB) site {
	t.Helper()
	siteOnce.Do(func() {
		dir, err := os.MkdirTemp("", "e2e-site-*")
		if err != nil {
			siteErr = err
			return
		}
		tmpRoot = dir
		theSite, siteErr = buildCopy(dir)
	})
	if siteErr != nil {
		t.Fatalf("build: %v", siteErr)
	}
	return theSite
}

// buildCopy copies the sources into dir/src and builds them into dir/public. The first
// build on a fresh machine compiles Hugo (minutes), hence the generous deadline.
func buildCopy(dir string) (site, error) {
	s := site{src: filepath.Join(dir, "src"), out: filepath.Join(dir, "public")}
	for _, name := range siteFiles {
		from, to := filepath.Join(repoRoot, name), filepath.Join(s.src, name)
		fi, err := os.Stat(from)
		if err != nil {
			return s, err
		}
		if fi.IsDir() {
			err = os.CopyFS(to, os.DirFS(from))
		} else if b, rerr := os.ReadFile(from); rerr != nil {
			err = rerr
		} else {
			if err = os.MkdirAll(filepath.Dir(to), 0o755); err == nil {
				err = os.WriteFile(to, b, 0o644)
			}
		}
		if err != nil {
			return s, fmt.Errorf("copying %s: %w", name, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	var log bytes.Buffer
	if err := pipeline.Build(ctx, pipeline.Options{Root: s.src, Out: s.out, Stdout: &log, Stderr: &log}); err != nil {
		return s, fmt.Errorf("%w\n%s", err, log.String())
	}
	return s, nil
}

// siteServer serves the built site once per test binary, with the headers of its _headers
// file (static/_headers, published into the site's root).
func siteServer(t testing.TB) *httptest.Server {
	t.Helper()
	s := builtSite(t)
	serverOnce.Do(func() {
		b, err := os.ReadFile(filepath.Join(s.out, "_headers"))
		if err != nil {
			serverErr = fmt.Errorf("the built site has no _headers (is static/_headers there?): %w", err)
			return
		}
		rules, err := ParseHeaders(string(b))
		if err != nil {
			serverErr = fmt.Errorf("_headers: %w", err)
			return
		}
		theServer = httptest.NewServer(Handler(rules, http.FileServer(http.Dir(s.out))))
	})
	if serverErr != nil {
		t.Fatal(serverErr)
	}
	return theServer
}

// envelope is what the build generated for one chart: what the browser must show.
type envelope struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Takeaway   string   `json:"takeaway"`
	Series     []string `json:"series"`
	Categories []string `json:"categories"`
}

var (
	envMu     sync.Mutex
	envelopes = map[string]envelope{}
)

// chartEnvelope reads the envelope the build generated for a chart id, from the built copy.
func chartEnvelope(s site, id string) (envelope, error) {
	envMu.Lock()
	defer envMu.Unlock()
	if e, ok := envelopes[id]; ok {
		return e, nil
	}
	var e envelope
	b, err := os.ReadFile(filepath.Join(s.src, ".site/gen/data/charts", id+".json"))
	if err != nil {
		return e, fmt.Errorf("chart %s: %w", id, err)
	}
	if err := json.Unmarshal(b, &e); err != nil {
		return e, fmt.Errorf("chart %s: %w", id, err)
	}
	envelopes[id] = e
	return e, nil
}

// pagePaths lists the URL paths of every HTML page the suite visits: every page of the
// built sitemap.xml, the chart embed pages (for iframes, so left out of the sitemap) and the
// 404 page.
func pagePaths(t testing.TB, s site) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(b, &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	var paths []string
	for _, u := range sm.URLs {
		p, err := url.Parse(u.Loc)
		if err != nil {
			t.Fatalf("sitemap.xml: %q: %v", u.Loc, err)
		}
		if strings.HasSuffix(p.Path, "/") || strings.HasSuffix(p.Path, ".html") {
			paths = append(paths, p.Path)
		}
	}
	if !slices.Contains(paths, essayPath) || len(paths) < 10 {
		t.Fatalf("sitemap.xml lists %d pages, and the essay: %v; the build is wrong", len(paths), slices.Contains(paths, essayPath))
	}
	embeds, err := filepath.Glob(filepath.Join(s.out, "charts", "*", "embed", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(embeds) == 0 {
		t.Fatal("the build has no chart embed pages")
	}
	sort.Strings(embeds)
	for _, e := range embeds {
		rel, _ := filepath.Rel(s.out, filepath.Dir(e))
		p := "/" + filepath.ToSlash(rel) + "/"
		if slices.Contains(paths, p) {
			t.Errorf("sitemap.xml lists the embed page %s; embed pages are for iframes", p)
			continue
		}
		paths = append(paths, p)
	}
	return append(paths, "/404.html")
}

// TestMain removes the shared build and stops the shared server and browser.
func TestMain(m *testing.M) {
	code := m.Run()
	if theServer != nil {
		theServer.Close()
	}
	stopBrowser()
	if tmpRoot != "" {
		_ = os.RemoveAll(tmpRoot)
	}
	os.Exit(code)
}

// within runs f with a deadline, and says what it was waiting for when it fails.
func within(ctx context.Context, d time.Duration, what string, f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	err := f(ctx)
	if err != nil && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("gave up after %v waiting for %s", d, what)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
