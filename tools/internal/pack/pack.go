// Package pack writes an article's offline evidence pack: one self-contained HTML file with
// the article, each chart both interactive (the ECharts bundle inlined, every chart drawn
// from its embedded option JSON) and as a static SVG, every chart's data table, sources,
// caveats and data version, the claims the article makes and their verdicts, and the commit
// the site was built from; and a ZIP beside it with every chart's CSV, SVG, PNG and JSON and
// a README naming the sources and licences. The HTML opens from disk with no network and
// prints to PDF.
//
// Packs are made from the built site, after Hugo and inside the same temporary output that
// is then swapped in, so a pack shows exactly the article the site shows, styled by the
// site's stylesheet and drawn by the site's chart script, and a pack that fails its check
// fails the build. An article asks for a pack by carrying data-pack="<slug>" (page.html
// does so for every regular page in content/essays/).
package pack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/net/html"

	"pyevidence/tools/internal/chart"
)

// Dir is the folder of the built site that holds the packs: /packs/<slug>.html and .zip.
const Dir = "packs"

// Options say where a build's sources and output are.
type Options struct {
	Root string // the site's sources: the git commit, the claims ledger, vendored licences
	Out  string // a complete built site; the packs go to Out/packs/
}

// slugRe is what a pack may be called: it becomes a file name.
var slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// WriteAll writes the pack and the ZIP of every page in the built site that asks for one,
// and returns their slugs. It writes nothing for a pack that fails its check.
func WriteAll(ctx context.Context, o Options) ([]string, error) {
	pages, err := announced(o.Out)
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, nil
	}
	s, err := openSite(o)
	if err != nil {
		return nil, err
	}
	s.commit = Commit(ctx, o.Root)
	var slugs []string
	for _, slug := range sortedKeys(pages) {
		p, err := s.make(slug, pages[slug])
		if err != nil {
			return nil, fmt.Errorf("evidence pack %q (from %s): %w", slug, rel(o.Out, pages[slug]), err)
		}
		dir := filepath.Join(o.Out, Dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, slug+".html"), p.HTML, 0o644); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, slug+".zip"), p.ZIP, 0o644); err != nil {
			return nil, err
		}
		slugs = append(slugs, slug)
	}
	return slugs, nil
}

// announced finds the pages that ask for a pack: slug -> the page's HTML file.
func announced(out string) (map[string]string, error) {
	pages := map[string]string{}
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path == filepath.Join(out, Dir) {
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Ext(path) != ".html" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(b, []byte("data-pack=")) {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for _, n := range findAll(doc, func(n *html.Node) bool { _, ok := attr(n, "data-pack"); return ok }) {
			slug, _ := attr(n, "data-pack")
			if !slugRe.MatchString(slug) {
				return fmt.Errorf("%s: data-pack=%q: a pack's name must match %s", rel(out, path), slug, slugRe)
			}
			if prev, ok := pages[slug]; ok && prev != path {
				return fmt.Errorf("two pages ask for the pack %q: %s and %s", slug, rel(out, prev), rel(out, path))
			}
			pages[slug] = path
		}
		return nil
	})
	return pages, err
}

// Commit names the commit the site is built from: `git rev-parse HEAD` in root, marked when
// tracked files have uncommitted changes; else $SITE_COMMIT (a container build passes it
// in, having no .git); else a fixed text, so that a build stays deterministic.
func Commit(ctx context.Context, root string) string {
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", root}, args...)...)
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err
	}
	// Only a repository that tracks the site's config.toml speaks for it: a copy of the site
	// inside some other repository must not claim that repository's commit.
	if _, err := git("ls-files", "--error-unmatch", "config.toml"); err == nil {
		if head, err := git("rev-parse", "HEAD"); err == nil && len(head) == 40 {
			if st, err := git("status", "--porcelain", "--untracked-files=no"); err == nil && st != "" {
				return head + " (with uncommitted changes)"
			}
			return head
		}
	}
	if c := strings.TrimSpace(os.Getenv("SITE_COMMIT")); c != "" {
		return c
	}
	return "unknown (not built from a git checkout)"
}

// readEnvelope reads a chart's envelope as the site publishes it.
func readEnvelope(out, id string) (*chart.Envelope, error) {
	b, err := os.ReadFile(filepath.Join(out, "charts", id, "chart.json"))
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", id, err)
	}
	var e chart.Envelope
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("chart %s: chart.json: %w", id, err)
	}
	if e.ID != id {
		return nil, fmt.Errorf("chart %s: chart.json is for %q", id, e.ID)
	}
	return &e, nil
}

func rel(base, path string) string {
	if r, err := filepath.Rel(base, path); err == nil {
		return filepath.ToSlash(r)
	}
	return path
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var errNoArticle = errors.New("no <article> in the page")
