package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// siteFiles are the site's sources: everything a build reads.
var siteFiles = []string{"config.toml", "content", "layouts", "assets", "static", "data", "archetypes"}

// copySiteTo copies the site's sources into root. Tests build copies, never the working
// tree: a test must not write .site/ or public/ into the repository, and two test
// processes must not share a generated folder.
func copySiteTo(root string) error {
	for _, name := range siteFiles {
		src := filepath.Join(repoRoot, name)
		fi, err := os.Stat(src)
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			b, err := os.ReadFile(src)
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(root, name), b, 0o644); err != nil {
				return err
			}
			continue
		}
		if err := os.CopyFS(filepath.Join(root, name), os.DirFS(src)); err != nil {
			return err
		}
	}
	return nil
}

// copySite copies the site's sources into a throwaway root, so a test can break them.
func copySite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := copySiteTo(root); err != nil {
		t.Fatal(err)
	}
	return root
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, text...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBadPagesKeepOutput: a broken link, a missing title or date, or an unknown chart id
// fails the build with the file and position named, and the previous output survives.
func TestBadPagesKeepOutput(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(root string)
		want   []string
	}{
		{"broken link", func(root string) {
			appendFile(t, filepath.Join(root, "content/about.md"), "\nSee [the missing page](/no-such-page/).\n")
		}, []string{"content/about.md:", `broken link "/no-such-page/"`}},
		{"broken anchor", func(root string) {
			appendFile(t, filepath.Join(root, "content/about.md"), "\nSee [below](#no-such-heading).\n")
		}, []string{"content/about.md:", `no heading with id "no-such-heading"`}},
		{"missing title", func(root string) {
			p := filepath.Join(root, "content/about.md")
			b, _ := os.ReadFile(p)
			_ = os.WriteFile(p, bytes.Replace(b, []byte("title: About this site\n"), nil, 1), 0o644)
		}, []string{"content/about.md:1:1: front matter: missing title"}},
		{"missing date", func(root string) {
			p := filepath.Join(root, "content/about.md")
			b, _ := os.ReadFile(p)
			_ = os.WriteFile(p, bytes.Replace(b, []byte("date: 2026-11-26\n"), nil, 1), 0o644)
		}, []string{"content/about.md:1:1: front matter: missing date"}},
		{"unknown chart id", func(root string) {
			appendFile(t, filepath.Join(root, "content/about.md"), "\n{{< chart id=\"no_such_chart\" >}}\n")
		}, []string{"content/about.md:", `unknown chart id "no_such_chart"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := copySite(t)
			out := filepath.Join(t.TempDir(), "public")
			if err := buildSite(root, out, ""); err != nil {
				t.Fatalf("the unbroken copy does not build: %v", err)
			}
			before, err := os.ReadFile(filepath.Join(out, "about/index.html"))
			if err != nil {
				t.Fatal(err)
			}
			tt.break_(root)
			var stdout, stderr bytes.Buffer
			err = run(context.Background(), []string{"build", "-root", root, "-out", out}, &stdout, &stderr)
			if err == nil {
				t.Fatal("build succeeded on bad input")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
			after, err := os.ReadFile(filepath.Join(out, "about/index.html"))
			if err != nil || !bytes.Equal(before, after) {
				t.Errorf("the previous output was not kept (err %v)", err)
			}
			matches, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.tmp-*"))
			if len(matches) > 0 {
				t.Errorf("temporary build folders left behind: %v", matches)
			}
		})
	}
}

// TestCheckWritesNothing: check validates and writes no output.
func TestCheckWritesNothing(t *testing.T) {
	root := copySite(t)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"check", "-root", root}, &stdout, &stderr); err != nil {
		t.Fatalf("check: %v\n%s", err, stderr.String())
	}
	for _, p := range []string{"public", ".site"} {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			t.Errorf("check wrote %s", p)
		}
	}
}

// TestDeterministic: two builds of the same sources are byte-identical.
func TestDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, out := range []string{a, b} {
		// A fresh copy each time, so the second build cannot reuse the first one's files.
		if err := buildSite(copySite(t), out, ""); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	err := filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("only %d files compared", n)
	}
}
