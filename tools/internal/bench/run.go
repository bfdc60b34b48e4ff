// Package bench is the benchmark harness behind `site bench`: it finds the language runtimes
// installed on the machine, runs the programs in tools/bench (CPU kernels, parallel scaling,
// an HTTP JSON endpoint, server start-up and memory) and writes every measurement in the Go
// benchmark format, which benchstat reads and the local-bench importer turns into datasets.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Options configures a run.
type Options struct {
	Root      string   // the repository: tools/bench is under it
	Out       string   // the folder results.txt is written to
	Quick     bool     // every workload once, with tiny sizes
	Workloads []string // a subset of Workloads; nil for all
	Runtimes  []string // a subset of RuntimeNames(); nil for all
	Runs      int      // measured runs of each measurement; 0 for the default (6, or 1 when Quick)
	Warmup    int      // unmeasured runs first; -1 for the default (1, or 0 when Quick)
	Timeout   time.Duration
	Port      int // a fixed port for every server; 0 for a free one each time
	// ReadyTimeout bounds a server's start-up (default 60s, or 30s when Quick).
	ReadyTimeout time.Duration
	// Concurrency and Duration are wrk's -c and -d.
	Concurrency int
	Duration    time.Duration
	Path        string // where runtimes are looked for; "" for DefaultPath()
	Command     string // the command line, recorded with the results
	Stdout      io.Writer
}

// Level is the confidence level of the intervals the harness prints and the importer
// publishes.
const Level = 0.95

type suite struct {
	ctx      context.Context
	opt      Options
	root     string
	work     string
	env      []string
	finder   Finder
	runtimes map[string]*Runtime
	res      *Results
	builds   map[string]built
	taskset  string // the taskset executable, "" when servers are not pinned
	wrk      string
	failed   int
	log      io.Writer
}

// Run runs the suite and writes Out/results.txt. It returns an error when a measurement
// failed (after writing every other result) or when the run could not start.
func Run(ctx context.Context, opt Options) (err error) {
	if err := opt.normalize(); err != nil {
		return err
	}
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(root, "tools", "bench", "nbody")); err != nil {
		return fmt.Errorf("%s is not the repository's root: no tools/bench/nbody there (use -root)", root)
	}
	work, err := os.MkdirTemp("", "site-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	// Whatever ends the run, no server is left behind.
	defer stopAll()

	s := newSuite(ctx, opt, root, work)
	start := time.Now()
	s.header(start)
	s.discover()
	for _, w := range Workloads {
		if !slices.Contains(opt.Workloads, w) || ctx.Err() != nil {
			continue
		}
		fmt.Fprintf(s.log, "== %s\n", w)
		switch w {
		case "cpu":
			s.cpu()
		case "parallel":
			s.parallel()
		case "http":
			s.http()
		case "startup":
			s.startup()
		}
	}
	s.res.Set("loadavg-after", LoadAvg())
	s.res.Set("duration", time.Since(start).Round(time.Second).String())
	if ctx.Err() != nil {
		s.res.Set("interrupted", "true: the run was stopped before it finished")
	}
	path := filepath.Join(opt.Out, "results.txt")
	if werr := s.write(path); werr != nil {
		return werr
	}
	fmt.Fprintf(s.log, "bench: wrote %s in %v\n", path, time.Since(start).Round(time.Second))
	s.summary()
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted: %w (partial results in %s)", ctx.Err(), path)
	}
	if s.failed > 0 {
		return fmt.Errorf("%d measurement(s) failed; see the --- FAIL lines in %s", s.failed, path)
	}
	return nil
}

// newSuite makes a suite from normalized options.
func newSuite(ctx context.Context, opt Options, root, work string) *suite {
	return &suite{
		ctx: ctx, opt: opt, root: root, work: work,
		env:      append(os.Environ(), "PATH="+opt.Path),
		finder:   Finder{Path: opt.Path},
		runtimes: map[string]*Runtime{},
		res:      &Results{},
		builds:   map[string]built{},
		log:      opt.Stdout,
	}
}

func (o *Options) normalize() error {
	if o.Root == "" {
		o.Root = "."
	}
	if o.Out == "" {
		o.Out = filepath.Join(".site", "bench")
	}
	if o.Stdout == nil {
		o.Stdout = io.Discard
	}
	if o.Path == "" {
		o.Path = DefaultPath()
	}
	if len(o.Workloads) == 0 {
		o.Workloads = Workloads
	}
	for _, w := range o.Workloads {
		if !slices.Contains(Workloads, w) {
			return fmt.Errorf("unknown workload %q (want %s)", w, strings.Join(Workloads, ", "))
		}
	}
	if len(o.Runtimes) == 0 {
		o.Runtimes = RuntimeNames()
	}
	for _, r := range o.Runtimes {
		if !slices.Contains(RuntimeNames(), r) {
			return fmt.Errorf("unknown runtime %q (want %s)", r, strings.Join(RuntimeNames(), ", "))
		}
	}
	if o.Runs == 0 {
		o.Runs = 6
		if o.Quick {
			o.Runs = 1
		}
	}
	if o.Runs < 1 {
		return fmt.Errorf("runs: want at least 1, got %d", o.Runs)
	}
	if o.Warmup < 0 {
		o.Warmup = 1
		if o.Quick {
			o.Warmup = 0
		}
	}
	if o.Timeout == 0 {
		o.Timeout = 3 * time.Minute
		if o.Quick {
			o.Timeout = 30 * time.Second
		}
	}
	if o.ReadyTimeout == 0 {
		o.ReadyTimeout = 60 * time.Second
		if o.Quick {
			o.ReadyTimeout = 30 * time.Second
		}
	}
	if o.Concurrency == 0 {
		o.Concurrency = 32
	}
	if o.Duration == 0 {
		o.Duration = 5 * time.Second
		if o.Quick {
			o.Duration = time.Second
		}
	}
	return nil
}

// header records the machine and the run's settings as configuration lines.
func (s *suite) header(start time.Time) {
	m := ReadMachine()
	r := s.res
	r.Set("goos", runtime.GOOS)
	r.Set("goarch", runtime.GOARCH)
	r.Set("pkg", "pyevidence/tools/bench")
	r.Set("cpu", m.CPU)
	r.Set("cores", itoa(m.Cores))
	r.Set("memory", itoa(m.MemoryMB)+" MiB")
	r.Set("kernel", m.Kernel)
	r.Set("os", m.OS)
	r.Set("host", m.Hostname)
	r.Set("date", start.UTC().Format(time.RFC3339))
	r.Set("loadavg-before", m.LoadAvg)
	r.Set("command", s.opt.Command)
	mode := "full"
	if s.opt.Quick {
		mode = "quick"
	}
	r.Set("mode", mode)
	r.Set("runs", itoa(s.opt.Runs))
	r.Set("warmup", itoa(s.opt.Warmup))
	r.Set("timeout", s.opt.Timeout.String())
	r.Set("ci", "median with a distribution-free 95% interval from order statistics (exact binomial), as benchmath")
	fmt.Fprintf(s.log, "bench: %s mode on %s (%d cores), load average %s\n", mode, m.CPU, m.Cores, m.LoadAvg)
}

// discover finds the runtimes asked for and the tools, and records them.
func (s *suite) discover() {
	found, missing := s.finder.Discover(s.ctx, s.opt.Runtimes)
	for _, rt := range found {
		s.runtimes[rt.Name] = rt
		s.res.Set("runtime-"+rt.Name, rt.Version+" ("+rt.Path+")")
		fmt.Fprintf(s.log, "bench: %s: %s (%s)\n", rt.Display, rt.Version, rt.Path)
	}
	for _, m := range missing {
		s.skip(Name("Suite", "runtime", m.Name), m)
	}
	if p, ok := s.finder.Look("taskset"); ok && runtime.NumCPU() >= 2 {
		s.taskset = p
		s.res.Set("pinning", "servers on CPU 1 and wrk on CPU 0 (taskset -c); the cpu and parallel workloads are not pinned")
	} else {
		s.res.Set("pinning", "none (needs taskset and 2 CPUs): servers and wrk share the CPUs")
	}
	if slices.Contains(s.opt.Workloads, "http") || slices.Contains(s.opt.Workloads, "startup") {
		if p, ok := s.finder.Look("wrk"); ok {
			out, _ := s.finder.Output(s.ctx, p, "--version")
			s.wrk = p
			s.res.Set("load-generator", strings.SplitN(out, "\n", 2)[0]+" ("+p+")")
			s.res.Set("load", fmt.Sprintf("wrk -t1 -c%d -d%v --latency, keep-alive, GET /json", s.opt.Concurrency, s.opt.Duration))
		} else {
			s.res.Set("load-generator", "none: wrk not found (apt-get install -y wrk); http was skipped, startup measured without load")
		}
	}
}

func (s *suite) skip(name string, m Missing) {
	s.res.Entries = append(s.res.Entries, Entry{Kind: Skip, Name: name, Lines: []string{m.Reason, "install: " + m.Install}})
	fmt.Fprintf(s.log, "SKIP %s: %s (install: %s)\n", name, m.Reason, m.Install)
}

func (s *suite) fail(name string, lines ...string) {
	s.failed++
	var out []string
	for _, l := range lines {
		for _, x := range strings.Split(strings.TrimRight(l, "\n"), "\n") {
			if strings.TrimSpace(x) != "" {
				out = append(out, x)
			}
		}
	}
	s.res.Entries = append(s.res.Entries, Entry{Kind: Fail, Name: name, Lines: out})
	fmt.Fprintf(s.log, "FAIL %s\n", name)
	for _, l := range out {
		fmt.Fprintf(s.log, "    %s\n", l)
	}
}

func (s *suite) sample(name string, vals ...Value) {
	s.res.Entries = append(s.res.Entries, Entry{Kind: Sample, Name: name, Values: vals})
}

// report prints a measurement's median and interval.
func (s *suite) report(name, unit string, scale float64, suffix string) {
	for _, g := range s.res.Groups() {
		if g.Name != name || g.Failed != nil {
			continue
		}
		if st, ok := g.Stats(unit, Level); ok {
			fmt.Fprintf(s.log, "%-70s %10.4g %s  [%.4g, %.4g] n=%d\n", name, st.Median/scale, suffix, st.Lo/scale, st.Hi/scale, st.N)
		}
	}
}

// write saves the results atomically.
func (s *suite) write(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".results.*")
	if err != nil {
		return err
	}
	err = s.res.Write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// summary says what was measured, what failed and what was left out.
func (s *suite) summary() {
	var skipped, failed []string
	for _, e := range s.res.Entries {
		switch e.Kind {
		case Skip:
			skipped = append(skipped, e.Name+" ("+strings.Join(e.Lines, "; ")+")")
		case Fail:
			failed = append(failed, e.Name)
		}
	}
	if len(skipped) > 0 {
		fmt.Fprintf(s.log, "bench: left out:\n  %s\n", strings.Join(skipped, "\n  "))
	}
	if len(failed) > 0 {
		fmt.Fprintf(s.log, "bench: failed:\n  %s\n", strings.Join(failed, "\n  "))
	}
}

// job is one measurement: a program, and how to check its output.
type job struct {
	name   string
	argv   []string
	check  func(stdout string) ([]Value, error)
	failed bool
}

// measure runs one program warmup+runs times; see measureAll.
func (s *suite) measure(name string, argv []string, check func(stdout string) ([]Value, error)) {
	s.measureAll([]*job{{name: name, argv: argv, check: check}})
}

// measureAll runs each job warmup+runs times, in rounds: one run of every job per round,
// so that a burst of other work on the machine falls on all of them alike rather than on
// one, and the i-th runs of two jobs, taken moments apart, can be compared in pairs. It
// records each measured run, or a job's first failure: a crash, a timeout or a wrong answer
// is a failed measurement, never a number, and that job is not run again.
func (s *suite) measureAll(jobs []*job) {
	for i := 0; i < s.opt.Warmup+s.opt.Runs; i++ {
		for _, j := range jobs {
			if j.failed || s.ctx.Err() != nil {
				continue
			}
			r := runProgram(s.ctx, s.root, s.env, s.opt.Timeout, j.argv)
			if r.Err != nil {
				s.fail(j.name, "command: "+shellJoin(j.argv), r.Err.Error(), "stderr: "+lastLines(r.Stderr, 8))
				j.failed = true
				continue
			}
			extra, err := j.check(r.Stdout)
			if err != nil {
				s.fail(j.name, "command: "+shellJoin(j.argv), err.Error(), "stderr: "+lastLines(r.Stderr, 8))
				j.failed = true
				continue
			}
			if i < s.opt.Warmup {
				continue
			}
			vals := []Value{{float64(r.Wall.Nanoseconds()), "ns/op"}, {float64(r.CPU.Nanoseconds()), "cpu-ns/op"}}
			vals = append(vals, extra...)
			vals = append(vals, Value{float64(r.MaxRSSKB * 1024), "peak-rss-B"})
			s.sample(j.name, vals...)
		}
	}
	for _, j := range jobs {
		if !j.failed {
			s.report(j.name, "ns/op", 1e9, "s")
		}
	}
}

// answer checks that a program's first line of output is the expected answer.
func answer(want string) func(string) ([]Value, error) {
	return func(stdout string) ([]Value, error) {
		got := strings.TrimSpace(strings.SplitN(stdout, "\n", 2)[0])
		if got != want {
			return nil, fmt.Errorf("wrong answer: got %q, want %q", got, want)
		}
		return nil, nil
	}
}

func (s *suite) size(k kernel) size {
	if s.opt.Quick {
		return k.Quick
	}
	return k.Full
}

// cpu runs every kernel on every runtime, the runtimes taking turns.
func (s *suite) cpu() {
	for _, k := range kernels {
		sz := s.size(k)
		var jobs []*job
		for _, rtName := range RuntimeNames() {
			rt, ok := s.runtimes[rtName]
			if !ok {
				continue
			}
			name := Name(k.Bench, "runtime", rt.Name, "impl", "single", "n", sz.N)
			prog, err := s.program(rt, k)
			if err != nil {
				s.fail(name, err.Error())
				continue
			}
			jobs = append(jobs, &job{name: name, argv: append(prog, sz.N, sz.Answer), check: answer(sz.Answer)})
		}
		s.measureAll(jobs)
	}
}

// parallel runs the Mandelbrot kernel on 1..cores workers for each way of using cores.
func (s *suite) parallel() {
	k := parallelKernel
	sz := s.size(k)
	maxW := runtime.NumCPU()
	s.res.Set("parallel-workers", fmt.Sprintf("1 to %d (the machine's cores)", maxW))
	for _, pi := range parallelImpls {
		rt, ok := s.runtimes[pi.Runtime]
		if !ok {
			continue
		}
		prog, err := s.program(rt, k)
		// The worker counts take turns, so that the i-th runs with 1 and with w workers were
		// made moments apart and their ratio is one speed-up sample.
		var jobs []*job
		for w := 1; w <= maxW; w++ {
			name := Name(k.Bench, "runtime", rt.Name, "impl", pi.Impl, "workers", itoa(w), "n", sz.N)
			if err != nil {
				s.fail(name, err.Error())
				continue
			}
			argv := append(slices.Clone(prog), pi.Impl, sz.N, itoa(w), sz.Answer)
			jobs = append(jobs, &job{name: name, argv: argv, check: func(stdout string) ([]Value, error) {
				if _, err := answer(sz.Answer)(stdout); err != nil {
					return nil, err
				}
				ns, err := kernelNS(stdout)
				if err != nil {
					return nil, err
				}
				return []Value{{ns, "kernel-ns/op"}}, nil
			}})
		}
		s.measureAll(jobs)
	}
}

// kernelNS reads the "kernel-ns <ns>" line a parallel program prints after its answer.
func kernelNS(stdout string) (float64, error) {
	for _, l := range strings.Split(stdout, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "kernel-ns "); ok {
			var ns float64
			if _, err := fmt.Sscan(v, &ns); err == nil && ns > 0 {
				return ns, nil
			}
		}
	}
	return 0, errors.New(`no "kernel-ns <ns>" line after the answer`)
}

func shellJoin(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		if a == "" || strings.ContainsAny(a, " \t\"'$;&|<>*?()") {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		} else {
			q[i] = a
		}
	}
	return strings.Join(q, " ")
}
