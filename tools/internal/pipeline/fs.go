package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }

// swapDir replaces dst with the complete folder tmp in two renames, so a reader of dst
// sees either the old tree or the new one, never half of each. tmp must be a sibling of
// dst (the same file system).
func swapDir(tmp, dst string) error {
	old := ""
	if _, err := os.Stat(dst); err == nil {
		old = fmt.Sprintf("%s.old-%d", dst, os.Getpid())
		_ = os.RemoveAll(old)
		if err := os.Rename(dst, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		if old != "" {
			_ = os.Rename(old, dst) // put the previous output back
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// siblingTemp makes an empty folder next to dst for swapDir.
func siblingTemp(dst string) (string, error) {
	parent := filepath.Dir(dst)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	return os.MkdirTemp(parent, "."+filepath.Base(dst)+".tmp-*")
}

func sortedIDs[V any](m map[string]V) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
