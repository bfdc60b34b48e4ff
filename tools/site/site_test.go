package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
)

// repoRoot is the site's own folder, two levels up from tools/site.
const repoRoot = "../.."

const essayPath = "essays/python-dont-over-use-it/index.html"

var (
	builtOnce sync.Once
	builtDir  string // the built site
	siteRoot  string // the copy of the sources it was built from
	builtErr  error
)

// built builds a copy of the real site once per test binary and returns the output folder.
func built(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		dir, err := os.MkdirTemp("", "site-test-*")
		if err != nil {
			builtErr = err
			return
		}
		siteRoot = filepath.Join(dir, "src")
		if builtErr = os.MkdirAll(siteRoot, 0o755); builtErr != nil {
			return
		}
		if builtErr = copySiteTo(siteRoot); builtErr != nil {
			return
		}
		builtDir = filepath.Join(dir, "public")
		builtErr = buildSite(siteRoot, builtDir, "")
	})
	if builtErr != nil {
		t.Fatalf("build: %v", builtErr)
	}
	return builtDir
}

func buildSite(root, out, baseURL string) error {
	var stdout, stderr bytes.Buffer
	args := []string{"build", "-root", root, "-out", out}
	if baseURL != "" {
		args = append(args, "-baseURL", baseURL)
	}
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		return fmt.Errorf("%v\n%s", err, stderr.String())
	}
	return nil
}

func readOut(t *testing.T, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return string(b)
}

func TestPagesExist(t *testing.T) {
	dir := built(t)
	for _, p := range []string{
		"index.html", essayPath, "about/index.html", "tags/index.html", "tags/python/index.html",
		"404.html", "index.xml", "sitemap.xml", "robots.txt", "favicon.ico",
	} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	essay := readOut(t, dir, essayPath)
	for key, want := range map[string]string{
		"canonical": "https://example.org/essays/python-dont-over-use-it/",
		"og:title":  "Python - don't over use it",
		"og:type":   "article",
	} {
		if got := headValue(t, essay, key); got != want {
			t.Errorf("essay page: %s = %q, want %q", key, got, want)
		}
	}
	for _, want := range []string{
		`<meta name="twitter:card"`,
		`"@type":"Article"`, `"author":{"@type":"Person","name":"Jerome Gill"}`, `"datePublished":"2025-08-31"`,
		`class="skip-link" href="#main"`,
		`<time datetime="2025-08-31">31 August 2025</time>`, `min read`,
		`id="TableOfContents"`,
		`<h2 id="pythons-roots-simplicity-over-scale">`, `<a class="anchor" href="#pythons-roots-simplicity-over-scale"`,
		`<section class="series"`, `Follow-ups`,
	} {
		if !strings.Contains(essay, want) {
			t.Errorf("essay page lacks %q", want)
		}
	}
	if robots := readOut(t, dir, "robots.txt"); !strings.Contains(robots, "Sitemap: https://example.org/sitemap.xml") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", robots)
	}
}

// textOf flattens the text of an element, skipping heading anchors.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		// Heading anchors and claim markers are the site's, not the author's words.
		if n.Type == html.ElementNode && n.Data == "a" && (attr(n, "class") == "anchor" || strings.HasPrefix(attr(n, "class"), "claim-marker")) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// blocks returns the text of every paragraph, list item and heading inside the essay's
// prose, where list items count only their own text (not nested headings).
func blocks(t *testing.T, page string) map[string]bool {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inProse bool) {
		if n.Type == html.ElementNode {
			if strings.Contains(attr(n, "class"), "prose") {
				inProse = true
			}
			if attr(n, "class") == "chart" || n.Data == "figure" {
				return // charts sit between paragraphs; they are not the author's text
			}
			if inProse {
				switch n.Data {
				case "p", "li", "h1", "h2", "h3":
					out[textOf(n)] = true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inProse)
		}
	}
	walk(doc, false)
	return out
}

// TestEssayVerbatim checks every paragraph, heading and list item of the original text
// (a copy in testdata) is on the page, word for word, as its own block.
func TestEssayVerbatim(t *testing.T) {
	dir := built(t)
	raw, err := os.ReadFile("testdata/essay-original.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := blocks(t, readOut(t, dir, essayPath))
	lines := strings.Split(string(raw), "\n")
	// The first two lines are the title and the byline, which are front matter.
	title, byline := lines[0], lines[1]
	if title != "Python - don't over use it" || byline != "August 31, 2025 · Jerome Gill" {
		t.Fatalf("unexpected original header: %q / %q", title, byline)
	}
	n := 0
	for _, l := range lines[2:] {
		// The copy lost its list structure: list items start with "- " and end with " - ".
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(l, "- ")
		l = strings.TrimSpace(strings.TrimSuffix(l, " -"))
		if l == "" || l == "-" {
			continue
		}
		n++
		if !got[l] {
			t.Errorf("essay page lacks the block %q", l)
		}
	}
	if n < 30 {
		t.Fatalf("only %d blocks read from the original; the fixture is wrong", n)
	}
	page := readOut(t, dir, essayPath)
	if !got["Python - don't over use it"] && !strings.Contains(page, "Python - don't over use it</h1>") && !strings.Contains(page, "Python - don&#39;t over use it</h1>") {
		t.Errorf("essay page lacks its title as the heading")
	}
	if !strings.Contains(page, `<span class="author">Jerome Gill</span>`) {
		t.Errorf("essay page lacks the author")
	}
}

func TestRSSAndSitemap(t *testing.T) {
	dir := built(t)
	var rss struct {
		Channel struct {
			Items []struct {
				Title   string `xml:"title"`
				Link    string `xml:"link"`
				Content string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal([]byte(readOut(t, dir, "index.xml")), &rss); err != nil {
		t.Fatalf("index.xml: %v", err)
	}
	found := false
	for _, it := range rss.Channel.Items {
		if it.Link == "https://example.org/essays/python-dont-over-use-it/" {
			found = true
			if !strings.Contains(it.Content, "Otherwise you risk an expensive lesson is why we invented those languages in the first place.") {
				t.Errorf("RSS item for the essay lacks its full content")
			}
		}
	}
	if !found {
		t.Errorf("RSS does not list the essay: %+v", rss.Channel.Items)
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(readOut(t, dir, "sitemap.xml")), &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	locs := map[string]bool{}
	for _, u := range sm.URLs {
		locs[u.Loc] = true
	}
	for _, want := range []string{"https://example.org/essays/python-dont-over-use-it/", "https://example.org/about/", "https://example.org/"} {
		if !locs[want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
}

// refs lists every src and href in the HTML files under dir, with the element and its rel.
type ref struct {
	file, tag, attr, val, rel string
}

func refs(t *testing.T, dir string) []ref {
	t.Helper()
	var out []ref
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				for _, a := range n.Attr {
					if a.Key == "src" || a.Key == "href" || a.Key == "data-echarts" {
						out = append(out, ref{rel, n.Data, a.Key, a.Val, attr(n, "rel")})
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNoThirdPartyRequests: nothing the browser fetches by itself (scripts, styles,
// images, icons) comes from another host. Links a reader may follow to a source are
// allowed, and are marked rel="external".
func TestNoThirdPartyRequests(t *testing.T) {
	dir := built(t)
	for _, r := range refs(t, dir) {
		u, err := url.Parse(r.val)
		if err != nil {
			t.Errorf("%s: <%s %s=%q>: %v", r.file, r.tag, r.attr, r.val, err)
			continue
		}
		if u.Host == "" || u.Host == "example.org" {
			continue
		}
		if r.tag == "a" && strings.Contains(r.rel, "external") {
			continue
		}
		t.Errorf("%s: <%s %s=%q> points at another host", r.file, r.tag, r.attr, r.val)
	}
}

// TestSubPath builds for an internal knowledge base under a sub-path and checks every
// local reference stays under it and resolves to a built file.
func TestSubPath(t *testing.T) {
	const base = "https://kb.internal/eng/python-evidence/"
	out := filepath.Join(t.TempDir(), "public")
	if err := buildSite(copySite(t), out, base); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range refs(t, out) {
		u, err := url.Parse(r.val)
		if err != nil || (u.Host != "" && u.Host != "kb.internal") || strings.HasPrefix(r.val, "#") || u.Scheme == "mailto" {
			continue
		}
		if !strings.HasPrefix(u.Path, "/eng/python-evidence/") {
			t.Errorf("%s: <%s %s=%q> escapes the sub-path", r.file, r.tag, r.attr, r.val)
			continue
		}
		local := filepath.Join(out, strings.TrimPrefix(u.Path, "/eng/python-evidence/"))
		if strings.HasSuffix(u.Path, "/") {
			local = filepath.Join(local, "index.html")
		}
		if _, err := os.Stat(local); err != nil {
			t.Errorf("%s: <%s %s=%q> does not resolve to a built file", r.file, r.tag, r.attr, r.val)
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d local references checked", checked)
	}
	if s := readOut(t, out, "robots.txt"); !strings.Contains(s, base+"sitemap.xml") {
		t.Errorf("robots.txt under a sub-path: %s", s)
	}
}

// TestLinkCheck runs htmltest (pinned in go.mod) over the built site, offline: zero broken
// internal links or anchors.
func TestLinkCheck(t *testing.T) {
	dir := built(t)
	cfg := filepath.Join(t.TempDir(), "htmltest.yml")
	conf := fmt.Sprintf("DirectoryPath: %q\nCheckExternal: false\nIgnoreAltMissing: false\nCheckFavicon: false\nEnforceHTTPS: false\nOutputDir: %q\n", dir, t.TempDir())
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "tool", "htmltest", "-c", cfg)
	cmd.Dir = repoRoot
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("htmltest found problems: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`(?i)tested \d+ documents`).Match(out) {
		t.Fatalf("htmltest ran no documents:\n%s", out)
	}
}

// TestMain removes the shared build when the tests are done.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		_ = os.RemoveAll(filepath.Dir(builtDir))
	}
	os.Exit(code)
}

// headValue returns a head link's href (rel=key) or a meta's content (property or name
// key), parsed rather than matched, so that minified markup reads the same.
func headValue(t *testing.T, page, key string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var found string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "link" && attr(n, "rel") == key:
				found = attr(n, "href")
			case n.Data == "meta" && (attr(n, "property") == key || attr(n, "name") == key):
				found = attr(n, "content")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}
