package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Serve runs a live preview on addr (host:port). Hugo's server watches content, layouts,
// assets and the generated data; Serve watches the datasets and chart specs, and
// regenerates the chart envelopes when one changes, which Hugo then picks up. A change that
// fails the check is reported and the preview keeps the last good charts.
func Serve(ctx context.Context, o Options, addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: want host:port, for example 127.0.0.1:1313", addr)
	}
	if err := regenerate(o); err != nil {
		return err
	}
	base := o.BaseURL
	if base == "" {
		base = "http://" + addr + "/"
	}
	cmd, err := hugoCmd(ctx, o.Root, "server", "--bind", host, "--port", port, "--baseURL", base,
		"--appendPort=false", "--disableFastRender", "--renderToMemory", "--logLevel", "warn")
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = o.Stdout, o.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	fmt.Fprintf(o.Stdout, "site: serving %s (Ctrl-C to stop)\n", base)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	last := stamp(o.Root)
	tick := time.NewTicker(700 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("hugo server stopped: %v", err)
		case <-tick.C:
			if now := stamp(o.Root); now != last {
				last = now
				if err := regenerate(o); err != nil {
					fmt.Fprintf(o.Stderr, "site: data not regenerated:\n%v\n", err)
				} else {
					fmt.Fprintln(o.Stdout, "site: data changed, charts regenerated")
				}
			}
		}
	}
}

func regenerate(o Options) error {
	src, err := LoadAndCheck(o.Root)
	if err != nil {
		return err
	}
	return Generate(src)
}

// stamp summarises the modification times and sizes of data/ and content/ (chart ids in
// content are checked too), so a poll can tell that something changed.
func stamp(root string) string {
	var h int64
	var n int
	for _, dir := range []string{"data", ContentDir} {
		_ = filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if info, err := d.Info(); err == nil {
				h = h*31 + info.ModTime().UnixNano() + info.Size()
				n++
			}
			return nil
		})
	}
	if _, err := os.Stat(root); err != nil {
		return ""
	}
	return fmt.Sprint(h, n)
}
