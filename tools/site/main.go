// Command site builds, checks and serves the evidence site, and imports datasets.
//
//	go run ./tools/site serve [-addr 127.0.0.1:1313]
//	go run ./tools/site build [-out public] [-baseURL URL]
//	go run ./tools/site check
//	go run ./tools/site pack <article> [-out FILE]
//	go run ./tools/site import <importer> <upstream file or folder>
//	go run ./tools/site bench [-quick] [-workload cpu,parallel,http,startup] [-runtime python,go,...] [-out DIR]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"pyevidence/tools/internal/bench"
	"pyevidence/tools/internal/importer"
	"pyevidence/tools/internal/pack"
	"pyevidence/tools/internal/pipeline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(os.Stderr, "site: %v\n", err)
		}
		os.Exit(1)
	}
}

const usage = `usage: site <command> [flags]

commands:
  serve   [-addr HOST:PORT] [-root DIR]        live preview; rebuilds on any change
  build   [-out DIR] [-baseURL URL] [-root DIR] check, generate and build the site into DIR (public/)
  check   [-root DIR]                          validate datasets, chart specs and pages; writes nothing
  pack    <article> [-out FILE] [-baseURL URL] [-root DIR]
                                               build, then write the article's offline evidence pack
                                               to FILE (<article>.html) and its ZIP beside it
  import  <importer> <args...>                 refresh a dataset from its upstream file:
%s
  bench   [-quick] [-workload LIST] [-runtime LIST] [-out DIR]
                                               benchmark the installed runtimes; results in DIR/results.txt
`

func importUsage() string {
	var b strings.Builder
	for _, u := range importer.Usage() {
		b.WriteString("            site " + u + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintf(stderr, usage, importUsage())
		return errors.New("no command")
	}
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet("site "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site's folder (where config.toml is)")
	o := pipeline.Options{Stdout: stdout, Stderr: stderr}
	switch cmd {
	case "build":
		out := fs.String("out", "public", "output folder")
		base := fs.String("baseURL", "", "override config.toml's baseURL, e.g. https://kb.internal/eng/python-evidence/")
		if err := fs.Parse(args); err != nil {
			return err
		}
		o.Root, o.Out, o.BaseURL = *root, *out, *base
		if err := pipeline.Build(ctx, o); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "site: built %s\n", o.Out)
		return nil
	case "serve":
		addr := fs.String("addr", "127.0.0.1:1313", "address to listen on")
		if err := fs.Parse(args); err != nil {
			return err
		}
		o.Root = *root
		return pipeline.Serve(ctx, o, *addr)
	case "pack":
		out := fs.String("out", "", "the pack's file (default <article>.html); the ZIP is written beside it")
		base := fs.String("baseURL", "", "override config.toml's baseURL")
		// The article may come before or after the flags.
		if err := fs.Parse(args); err != nil {
			return err
		}
		slug := fs.Arg(0)
		if err := fs.Parse(fs.Args()[min(1, fs.NArg()):]); err != nil {
			return err
		}
		if slug == "" || fs.NArg() != 0 {
			return errors.New("pack: name one article, e.g. site pack python-dont-over-use-it")
		}
		return pack.Command(ctx, pack.Request{Root: *root, Slug: slug, Out: *out, Stdout: stdout,
			Build: func(ctx context.Context, dir string) error {
				o.Root, o.Out, o.BaseURL = *root, dir, *base
				return pipeline.Build(ctx, o)
			}})
	case "check":
		if err := fs.Parse(args); err != nil {
			return err
		}
		src, err := pipeline.LoadAndCheck(*root)
		if err != nil {
			return err
		}
		for _, w := range src.Warnings {
			fmt.Fprintf(stderr, "warning: %v\n", w)
		}
		fmt.Fprintln(stdout, "site: check passed")
		return nil
	case "import":
		datasets := fs.String("datasets", pipeline.DatasetsDir, "the datasets folder")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() < 1 {
			return fmt.Errorf("import: name an importer (%s)", strings.Join(importer.Names(), ", "))
		}
		return importer.Run(ctx, fs.Arg(0), fs.Args()[1:], *datasets, stdout)
	case "bench":
		return bench.Command(ctx, args, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprintf(stdout, usage, importUsage())
		return nil
	default:
		return fmt.Errorf("unknown command %q (want serve, build, check, pack or import)", cmd)
	}
}
