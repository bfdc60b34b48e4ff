package pack

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"pyevidence/tools/internal/search"
)

// ArticlesDir holds the articles, relative to the site root; each regular page in it that
// is not a draft gets a pack.
const ArticlesDir = "content/essays"

// Slugs lists the articles that get a pack, by the name of their pack: the content file's
// base name, or its folder's for a page bundle (Hugo's .File.ContentBaseName).
func Slugs(root string) ([]string, error) {
	var slugs []string
	dir := filepath.Join(root, ArticlesDir)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" || strings.HasPrefix(filepath.Base(p), "_index.") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if draft(b) {
			return nil
		}
		slugs = append(slugs, search.ContentBaseName(p))
		return nil
	})
	slices.Sort(slugs)
	return slices.Compact(slugs), err
}

// draft reads a content file's front matter for draft: true. A file it cannot read is not a
// draft here; the build's own check reports it.
func draft(b []byte) bool {
	text := strings.ReplaceAll(string(bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})), "\r\n", "\n")
	var front map[string]any
	for _, d := range []string{"---", "+++"} {
		if !strings.HasPrefix(text, d+"\n") {
			continue
		}
		rest := text[len(d)+1:]
		end := strings.Index(rest, "\n"+d)
		if end < 0 {
			return false
		}
		if d == "---" {
			_ = yaml.Unmarshal([]byte(rest[:end]), &front)
		} else {
			_, _ = toml.Decode(rest[:end], &front)
		}
	}
	v, _ := front["draft"].(bool)
	return v
}

// Request is the `site pack` command.
type Request struct {
	Root string // the site's sources
	Slug string // the article
	Out  string // the pack's path; "" is <slug>.html in the working folder. The ZIP goes beside it.
	// Build builds the whole site into dir; a build writes every article's pack.
	Build  func(ctx context.Context, dir string) error
	Stdout io.Writer
}

// Command builds the site into a temporary folder and copies one article's pack and ZIP out
// of it. An unknown article fails at once, naming the ones there are.
func Command(ctx context.Context, r Request) error {
	slugs, err := Slugs(r.Root)
	if err != nil {
		return err
	}
	if !slices.Contains(slugs, r.Slug) {
		if len(slugs) == 0 {
			return fmt.Errorf("pack: no article %q: %s has no published article", r.Slug, ArticlesDir)
		}
		return fmt.Errorf("pack: no article %q; the articles are: %s", r.Slug, strings.Join(slugs, ", "))
	}
	tmp, err := os.MkdirTemp("", "site-pack-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	built := filepath.Join(tmp, "public")
	if err := r.Build(ctx, built); err != nil {
		return err
	}
	out := r.Out
	if out == "" {
		out = r.Slug + ".html"
	}
	zipOut := strings.TrimSuffix(out, filepath.Ext(out)) + ".zip"
	for _, f := range [][2]string{
		{filepath.Join(built, Dir, r.Slug+".html"), out},
		{filepath.Join(built, Dir, r.Slug+".zip"), zipOut},
	} {
		from, to := f[0], f[1]
		b, err := os.ReadFile(from)
		if err != nil {
			return fmt.Errorf("pack: the build made no pack for %q: %w", r.Slug, err)
		}
		if err := writeAtomic(to, b); err != nil {
			return err
		}
		fmt.Fprintf(r.Stdout, "site: wrote %s (%d bytes)\n", to, len(b))
	}
	return nil
}

// writeAtomic writes through a temporary file and a rename, so a reader never sees half.
func writeAtomic(path string, b []byte) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
