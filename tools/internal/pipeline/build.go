package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"pyevidence/tools/internal/pack"
)

// Options configure a build.
type Options struct {
	Root    string // the site's sources
	Out     string // the output folder; replaced only by a complete, successful build
	BaseURL string // "" keeps config.toml's
	Stdout  io.Writer
	Stderr  io.Writer
}

// Build runs every step: load, check, generate, Hugo into a temporary folder, then the
// swap. On any failure the previous output is left exactly as it was.
func Build(ctx context.Context, o Options) error {
	src, err := LoadAndCheck(o.Root)
	if err != nil {
		return err
	}
	for _, w := range src.Warnings {
		fmt.Fprintf(o.Stderr, "warning: %v\n", w)
	}
	if err := Generate(src); err != nil {
		return err
	}
	out, err := filepath.Abs(o.Out)
	if err != nil {
		return err
	}
	tmp, err := siblingTemp(out)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	args := []string{"--destination", tmp, "--cleanDestinationDir", "--minify", "--logLevel", "warn"}
	if o.BaseURL != "" {
		args = append(args, "--baseURL", o.BaseURL)
	}
	cmd, err := hugoCmd(ctx, o.Root, args...)
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	cmd.Stdout = o.Stdout
	cmd.Stderr = io.MultiWriter(&stderr, o.Stderr)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("hugo failed (%v); %s was left as it was:\n%s", err, o.Out, strings.TrimSpace(stderr.String()))
	}
	// Each article's offline evidence pack, made from the built pages, inside the same swap.
	if _, err := pack.WriteAll(ctx, pack.Options{Root: o.Root, Out: tmp}); err != nil {
		return fmt.Errorf("%w; %s was left as it was", err, o.Out)
	}
	if err := swapDir(tmp, out); err != nil {
		return err
	}
	return nil
}
