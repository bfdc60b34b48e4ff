package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

var (
	hugoOnce sync.Once
	hugoPath string
	hugoErr  error
)

// hugoBinary finds the Hugo that go.mod pins. `go tool -n hugo` builds it once (minutes,
// the first time on a machine) and prints its path in Go's build cache; running that
// binary directly lets the site root be any folder, not only the module's.
func hugoBinary(ctx context.Context) (string, error) {
	hugoOnce.Do(func() {
		dir, err := moduleRoot()
		if err != nil {
			hugoErr = err
			return
		}
		cmd := exec.CommandContext(ctx, "go", "tool", "-n", "hugo")
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			hugoErr = fmt.Errorf("go tool -n hugo: %v: %s", err, strings.TrimSpace(stderr.String()))
			return
		}
		hugoPath = strings.TrimSpace(string(out))
	})
	return hugoPath, hugoErr
}

// moduleRoot is the folder of the go.mod that pins Hugo, found upwards from the working
// directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod found above the working directory: run from the site's repository")
		}
		dir = parent
	}
}

// hugoCmd prepares Hugo to run on the site root with args.
func hugoCmd(ctx context.Context, root string, args ...string) (*exec.Cmd, error) {
	bin, err := hugoBinary(ctx)
	if err != nil {
		return nil, err
	}
	// Hugo rejects a relative --source such as "../..".
	if root, err = filepath.Abs(root); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"--source", root}, args...)...)
	cmd.Dir = root
	// Hugo's own caches go to its default place; the build must not depend on the clock or
	// the environment beyond that.
	cmd.Env = append(os.Environ(), "HUGO_ENVIRONMENT=production")
	return cmd, nil
}
