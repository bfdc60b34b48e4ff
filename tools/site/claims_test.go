package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

// TestFigureValues: every figure printed in the content is the computed one.
func TestFigureValues(t *testing.T) {
	dir := built(t)
	var figs map[string]struct {
		Text  string `json:"text"`
		Chart string `json:"chart"`
	}
	b, err := os.ReadFile(filepath.Join(siteRoot, ".site/gen/data/figures.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &figs); err != nil {
		t.Fatal(err)
	}
	printed := 0
	// Walk every article for figure links and compare their text with the computed value.
	matches, _ := filepath.Glob(filepath.Join(dir, "essays", "*", "index.html"))
	for _, p := range matches {
		page, _ := os.ReadFile(p)
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && attr(n, "class") == "figure-value" {
				printed++
				found := false
				for _, f := range figs {
					if attr(n, "href") == "/charts/"+f.Chart+"/" && textOf(n) == f.Text {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: figure %q (%s) is not a computed figure", p, textOf(n), attr(n, "href"))
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
	if printed < 10 {
		t.Fatalf("only %d figures printed in the articles", printed)
	}
}

// TestFollowUps: the follow-ups join the essay's series, the home page, RSS and the sitemap.
func TestFollowUps(t *testing.T) {
	dir := built(t)
	slugs := []string{"what-the-benchmarks-say", "gil-and-free-threading", "where-python-wins"}
	home, essay := readOut(t, dir, "index.html"), readOut(t, dir, essayPath)
	rss, sitemap := readOut(t, dir, "index.xml"), readOut(t, dir, "sitemap.xml")
	for _, s := range slugs {
		url := "/essays/" + s + "/"
		if _, err := os.Stat(filepath.Join(dir, "essays", s, "index.html")); err != nil {
			t.Errorf("follow-up %s was not built", s)
		}
		for name, page := range map[string]string{"home": home, "essay's follow-ups": essay} {
			if !strings.Contains(page, `href="`+url+`"`) {
				t.Errorf("%s does not link %s", name, url)
			}
		}
		for name, feed := range map[string]string{"RSS": rss, "sitemap": sitemap} {
			if !strings.Contains(feed, "https://example.org"+url) {
				t.Errorf("%s does not list %s", name, url)
			}
		}
	}
}

type ledger struct {
	Claims []struct {
		ID      string `toml:"id"`
		Verdict string `toml:"verdict"`
	} `toml:"claim"`
}

// TestEvidenceMap: the map lists every claim of the ledger, each marked in the essay.
func TestEvidenceMap(t *testing.T) {
	dir := built(t)
	var l ledger
	if _, err := toml.DecodeFile(filepath.Join(repoRoot, "data/claims.toml"), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Claims) < 8 {
		t.Fatalf("the ledger has %d claims, want at least 8", len(l.Claims))
	}
	evidence, essay := readOut(t, dir, "evidence/index.html"), readOut(t, dir, essayPath)
	for _, c := range l.Claims {
		if !strings.Contains(evidence, `id="claim-`+c.ID+`"`) {
			t.Errorf("the Evidence map lacks claim %s", c.ID)
		}
		if !strings.Contains(essay, `id="claim-marker-`+c.ID+`" href="/evidence/#claim-`+c.ID+`"`) {
			t.Errorf("the essay does not mark claim %s", c.ID)
		}
	}
}

// setSHA rewrites a dataset's checksum after a test edits its data, so that the claim,
// not the checksum, is what fails.
func setSHA(t *testing.T, dir string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "data.csv"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	meta := filepath.Join(dir, "meta.toml")
	m, _ := os.ReadFile(meta)
	m = regexp.MustCompile(`(?m)^sha256 = "[0-9a-f]+"`).ReplaceAll(m, []byte(`sha256 = "`+hex.EncodeToString(sum[:])+`"`))
	if err := os.WriteFile(meta, m, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRefreshedDataFlipsClaim: data that no longer supports a "supported" claim stops the
// build, naming the claim, its assertion and the old and new values.
func TestRefreshedDataFlipsClaim(t *testing.T) {
	root := copySite(t)
	dir := filepath.Join(root, "data/datasets/github_pushers")
	csvPath := filepath.Join(dir, "data.csv")
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	// Python's 2024 Q1 count falls to its 2020 Q1 level.
	re := regexp.MustCompile(`(?m)^(Python,programming,2024,1,2024Q1,)\d+`)
	if !re.Match(b) {
		t.Fatal("fixture row not found")
	}
	b = re.ReplaceAll(b, []byte("${1}812535"))
	if err := os.WriteFile(csvPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	setSHA(t, dir)
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"build", "-root", root, "-out", out}, &stdout, &stderr)
	if err == nil {
		t.Fatal("the build passed with data that no longer supports a supported claim")
	}
	for _, want := range []string{
		`data/claims.toml:`, `claim "python-has-a-place" is marked supported`,
		"`python_pushers_growth > 1.5 and python_desired_pct > 30`",
		"python_pushers_growth was 2.0167549705551147, is now 1",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
	if _, statErr := os.Stat(out); statErr == nil {
		t.Error("a failed build wrote output")
	}
}

// TestBrowserClaims: claim markers are keyboard-reachable links that announce their
// verdict, and the Evidence map's workload filter works and is kept in the URL.
func TestBrowserClaims(t *testing.T) {
	dir := built(t)
	ctx := browser(t)
	srv := serve(t, dir)
	w := watchPage(ctx, strings.TrimPrefix(srv.URL, "http://"))
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"+strings.TrimSuffix(essayPath, "index.html"))); err != nil {
		t.Fatal(err)
	}
	// Tab until the first claim marker has focus; its accessible text names the verdict.
	var focused string
	for i := 0; i < 40 && !strings.HasPrefix(focused, "claim-marker"); i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		focused, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className`))
	}
	if !strings.HasPrefix(focused, "claim-marker") {
		t.Fatalf("no claim marker reached with Tab (last focus %q)", focused)
	}
	label, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.textContent`))
	if err != nil || !strings.Contains(label, "Claim checked: Not settled by our data") {
		t.Errorf("the first marker reads %q (%v)", label, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	// The navigation replaces the page, so poll from Go rather than inside the old page.
	where := ""
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		where, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.pathname + location.hash : ""`))
		if where == "/evidence/#claim-python-at-scale" {
			break
		}
	}
	if where != "/evidence/#claim-python-at-scale" {
		t.Fatalf("Enter on the marker did not open its evidence (at %q)", where)
	}
	// Filter to an I/O-bound web API.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[value="web-api"]`)),
		chromedp.Click(chromedp.CSS(`input[value="io-bound"]`)),
	); err != nil {
		t.Fatal(err)
	}
	type state struct {
		Shown, All int
		Search     string
		Wrong      []string
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[state](`(function () {
	  var cards = Array.from(document.querySelectorAll(".claim-card"));
	  var shown = cards.filter(c => !c.hidden);
	  return { Shown: shown.length, All: cards.length, Search: location.search,
	    Wrong: shown.filter(c => !/\b(web-api|io-bound)\b/.test(c.dataset.applies)).map(c => c.id) };
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Shown == 0 || s.Shown >= s.All || len(s.Wrong) > 0 || !strings.Contains(s.Search, "applies=io-bound%2Cweb-api") {
		t.Errorf("the workload filter: %+v", s)
	}
	w.check(t, "claims")
}
