package pack

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// TestCommit: a build from a checkout names its commit, and says when tracked files have
// changed; a build from anything else names $SITE_COMMIT, or says it does not know, the
// same way every time.
func TestCommit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	ctx := context.Background()
	root := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", root, "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	t.Setenv("SITE_COMMIT", "")
	if got := Commit(ctx, root); got != "unknown (not built from a git checkout)" {
		t.Errorf("outside git: %q", got)
	}
	t.Setenv("SITE_COMMIT", "abc123 (from the image build)")
	if got := Commit(ctx, root); got != "abc123 (from the image build)" {
		t.Errorf("with SITE_COMMIT: %q", got)
	}
	if err := os.WriteFile(filepath.Join(root, "config.toml"), []byte("title = 'x'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("init", "-q")
	if got := Commit(ctx, root); got != "abc123 (from the image build)" {
		t.Errorf("a repository that does not track config.toml spoke for the site: %q", got)
	}
	git("add", "config.toml")
	git("commit", "-q", "-m", "x")
	hex := regexp.MustCompile(`^[0-9a-f]{40}$`)
	if got := Commit(ctx, root); !hex.MatchString(got) {
		t.Errorf("a clean checkout: %q", got)
	}
	if err := os.WriteFile(filepath.Join(root, "config.toml"), []byte("title = 'y'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Commit(ctx, root); !regexp.MustCompile(`^[0-9a-f]{40} \(with uncommitted changes\)$`).MatchString(got) {
		t.Errorf("a changed checkout: %q", got)
	}
}
