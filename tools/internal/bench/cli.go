package bench

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Command is `site bench`: it parses the flags and runs the suite.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("site bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o Options
	fs.StringVar(&o.Root, "root", ".", "the repository's root (where tools/bench is)")
	fs.StringVar(&o.Out, "out", ".site/bench", "the folder results.txt is written to")
	fs.BoolVar(&o.Quick, "quick", false, "every workload once, with tiny sizes (CI)")
	workloads := fs.String("workload", strings.Join(Workloads, ","), "comma-separated workloads")
	runtimes := fs.String("runtime", strings.Join(RuntimeNames(), ","), "comma-separated runtimes")
	fs.IntVar(&o.Runs, "runs", 0, "measured runs of each measurement (default 6, or 1 with -quick)")
	fs.IntVar(&o.Warmup, "warmup", -1, "unmeasured runs first (default 1, or 0 with -quick)")
	fs.DurationVar(&o.Timeout, "timeout", 0, "time limit of one program run (default 3m, or 30s with -quick)")
	fs.IntVar(&o.Port, "port", 0, "serve every server on this port (default: a free port each time)")
	fs.IntVar(&o.Concurrency, "c", 32, "wrk's connections")
	fs.DurationVar(&o.Duration, "d", 0, "wrk's duration per run (default 5s, or 1s with -quick)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench: unexpected argument %q", fs.Arg(0))
	}
	o.Workloads = splitList(*workloads)
	o.Runtimes = splitList(*runtimes)
	o.Stdout = stdout
	o.Command = strings.TrimSpace("go run ./tools/site bench " + strings.Join(args, " "))
	return Run(ctx, o)
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
