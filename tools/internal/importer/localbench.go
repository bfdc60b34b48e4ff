package importer

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"pyevidence/tools/internal/bench"
	"pyevidence/tools/internal/dataset"
)

// localBench imports a results file written by `site bench` (the Go benchmark format) as the
// local_bench_* datasets: medians with their confidence intervals, per workload. The sidecars
// are written from the file's own configuration lines (machine, date, command, versions,
// load average), so that each dataset says where, when and how it was measured.
var localBench = &importer{
	name:  "local-bench",
	usage: "<results.txt written by site bench>",
	runAll: func(ctx context.Context, args []string, datasetsDir string) ([]*table, error) {
		if len(args) != 1 {
			return nil, errUsage("local-bench", "<results.txt written by site bench>")
		}
		return importLocalBench(ctx, args[0], datasetsDir)
	},
}

// 2026-11: the configuration lines `site bench` writes that the sidecars need.
var localBenchConfig = []string{"date", "cpu", "cores", "memory", "kernel", "os", "host", "command", "mode", "runs", "warmup", "loadavg-before"}

// The names the site shows. Runtime ids are the harness's.
var localRuntimeNames = map[string]string{
	"python": "Python", "go": "Go", "node": "Node.js", "java": "Java", "php": "PHP", "ruby": "Ruby",
}

// localKernels maps the CPU benchmarks to the Benchmarks Game's task names.
var localKernels = map[string]string{
	"NBody": "nbody", "SpectralNorm": "spectralnorm", "BinaryTrees": "binarytrees", "FannkuchRedux": "fannkuchredux",
}

var localKernelOrder = []string{"nbody", "spectralnorm", "binarytrees", "fannkuchredux"}

// localServerNames are the servers' display names and kinds, by the harness's ids.
var localServerNames = map[string][2]string{
	"python-stdlib":   {"Python http.server", "standard library"},
	"flask-gunicorn":  {"Flask + gunicorn", "framework"},
	"fastapi-uvicorn": {"FastAPI + uvicorn", "framework"},
	"go-nethttp":      {"Go net/http", "standard library"},
	"node-http":       {"Node.js http", "standard library"},
	"node-express":    {"Express", "framework"},
	"node-fastify":    {"Fastify", "framework"},
	"java-httpserver": {"Java HttpServer", "standard library"},
	"php-builtin":     {"PHP built-in server", "standard library"},
	"php-fpm-nginx":   {"PHP-FPM + nginx", "framework"},
	"ruby-webrick":    {"Ruby WEBrick", "standard library"},
	"ruby-puma":       {"Rack + Puma", "framework"},
}

// localRun is what every local dataset's sidecar says about the run.
type localRun struct {
	path    string
	res     *bench.Results
	cfg     map[string]string
	date    string  // YYYY-MM-DD
	load1   float64 // the higher 1-minute load average, before or after the run
	cores   int
	failed  []string // "name: reason"
	skipped []string
}

func importLocalBench(ctx context.Context, path, datasetsDir string) ([]*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	res, err := bench.Parse(f, path)
	if err != nil {
		return nil, err
	}
	run := &localRun{path: path, res: res, cfg: map[string]string{}}
	var missing []string
	for _, k := range localBenchConfig {
		v := res.Get(k)
		if v == "" {
			missing = append(missing, k)
		}
		run.cfg[k] = v
	}
	if len(missing) > 0 {
		return nil, dataset.Errorf(path, 1, 1, "missing configuration line(s) %s: is this a results file written by site bench?", strings.Join(missing, ", "))
	}
	run.date, _, _ = strings.Cut(run.cfg["date"], "T")
	if !isDate(run.date) {
		return nil, dataset.Errorf(path, 1, 1, "date: want an RFC 3339 time, got %q", run.cfg["date"])
	}
	run.cores, _ = strconv.Atoi(run.cfg["cores"])
	// The machine counts as busy if it was at the start or at the end of the run.
	for _, k := range []string{"loadavg-before", "loadavg-after"} {
		if f := strings.Fields(res.Get(k)); len(f) > 0 {
			l, _ := strconv.ParseFloat(f[0], 64)
			run.load1 = max(run.load1, l)
		}
	}
	for _, e := range res.Entries {
		reason := ""
		if len(e.Lines) > 0 {
			reason = e.Lines[0]
		}
		switch e.Kind {
		case bench.Fail:
			// The command line is the first; the error says more.
			if len(e.Lines) > 1 && strings.HasPrefix(reason, "command: ") {
				reason = e.Lines[1]
			}
			run.failed = append(run.failed, strings.TrimPrefix(e.Name, "Benchmark")+": "+reason)
		case bench.Skip:
			run.skipped = append(run.skipped, strings.TrimPrefix(e.Name, "Benchmark")+": "+strings.Join(e.Lines, "; "))
		}
	}

	groups := res.Groups()
	for _, g := range groups {
		if err := cancelled(ctx, 0); err != nil {
			return nil, err
		}
		base, kv := bench.Parts(g.Name)
		line := 1
		if len(g.Samples) > 0 {
			line = g.Samples[0].Line
		} else if g.Failed != nil {
			line = g.Failed.Line
		}
		if _, ok := localRuntimeNames[kv["runtime"]]; !ok {
			return nil, dataset.Errorf(path, line, 1, "%s: unknown runtime %q (want one of python, go, node, java, php, ruby)", g.Name, kv["runtime"])
		}
		switch base {
		case "NBody", "SpectralNorm", "BinaryTrees", "FannkuchRedux", "Mandelbrot":
		case "HTTPJSON", "Startup":
			if _, ok := localServerNames[kv["server"]]; !ok {
				return nil, dataset.Errorf(path, line, 1, "%s: unknown server %q: add its display name to localServerNames", g.Name, kv["server"])
			}
		default:
			return nil, dataset.Errorf(path, line, 1, "%s: unknown benchmark %q", g.Name, base)
		}
	}

	var tables []*table
	for _, mk := range []func(*localRun, []*bench.Group, string) (*table, error){
		localCPU, localParallel, localHTTP, localStartup, localMemory, localVsBG,
	} {
		t, err := mk(run, groups, datasetsDir)
		if err != nil {
			return nil, err
		}
		if t == nil {
			continue
		}
		tables = append(tables, t)
	}
	if len(tables) == 0 {
		return nil, dataset.Errorf(path, 1, 1, "no successful measurement to import")
	}
	if err := precheck(tables); err != nil {
		return nil, err
	}
	return tables, nil
}

// precheck checks every table in a scratch folder before any is installed, so that an import
// changes all the local datasets or none.
func precheck(tables []*table) error {
	tmp, err := os.MkdirTemp("", "local-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var errs dataset.Errors
	for _, t := range tables {
		data, err := encode(t.header, t.rows)
		if err != nil {
			return err
		}
		s := sha256.Sum256(data)
		meta, err := t.meta(hex.EncodeToString(s[:]))
		if err != nil {
			return err
		}
		dir := filepath.Join(tmp, t.id)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "data.csv"), data, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "meta.toml"), meta, 0o644); err != nil {
			return err
		}
		d, err := dataset.Load(dir)
		if err != nil {
			errs = append(errs, dataset.AsErrors(err)...)
		}
		if d != nil {
			errs = append(errs, dataset.Check(d)...)
		}
	}
	if err := errs.Err(); err != nil {
		return fmt.Errorf("the imported data would fail its check; nothing was written:\n%w", err)
	}
	return nil
}

// sig formats v with about n significant digits and no exponent.
func sig(v float64, n int) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	d := n - 1 - int(math.Floor(math.Log10(math.Abs(v))))
	if d < 0 {
		p := math.Pow(10, float64(-d))
		return strconv.FormatFloat(math.Round(v/p)*p, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', d, 64)
}

// stats summarises a group's unit, scaled (1e-9 for ns to s).
func stats(g *bench.Group, unit string, scale float64) (bench.Stats, bool) {
	st, ok := g.Stats(unit, bench.Level)
	if !ok {
		return st, false
	}
	st.Median *= scale
	st.Lo *= scale
	st.Hi *= scale
	return st, true
}

func levelPct(level float64) string {
	return strconv.FormatFloat(math.Round(level*1000)/10, 'f', 1, 64)
}

// ok lists the groups of one benchmark base that have numbers.
func okGroups(groups []*bench.Group, bases ...string) []*bench.Group {
	var out []*bench.Group
	for _, g := range groups {
		base, _ := bench.Parts(g.Name)
		if slices.Contains(bases, base) && g.Failed == nil && len(g.Samples) > 0 {
			out = append(out, g)
		}
	}
	return out
}

func runtimeOrder(r string) int {
	return slices.Index([]string{"python", "go", "node", "java", "php", "ruby"}, r)
}

func localCPU(run *localRun, groups []*bench.Group, _ string) (*table, error) {
	gs := okGroups(groups, "NBody", "SpectralNorm", "BinaryTrees", "FannkuchRedux")
	if len(gs) == 0 {
		return nil, nil
	}
	goCPU := map[string]bench.Stats{}
	for _, g := range gs {
		base, kv := bench.Parts(g.Name)
		if kv["runtime"] == "go" {
			goCPU[localKernels[base]], _ = stats(g, "cpu-ns/op", 1e-9)
		}
	}
	var rows [][]string
	for _, g := range gs {
		base, kv := bench.Parts(g.Name)
		k := localKernels[base]
		wall, _ := stats(g, "ns/op", 1e-9)
		cpu, ok := stats(g, "cpu-ns/op", 1e-9)
		if !ok {
			return nil, dataset.Errorf(run.path, g.Samples[0].Line, 1, "%s: no cpu-ns/op value", g.Name)
		}
		rss, _ := stats(g, "peak-rss-B", 1e-6)
		vsGo := ""
		if gst, ok := goCPU[k]; ok && gst.Median > 0 {
			vsGo = sig(cpu.Median/gst.Median, 3)
		}
		rows = append(rows, []string{
			k, kv["n"], kv["runtime"], localRuntimeNames[kv["runtime"]], strconv.Itoa(wall.N),
			sig(wall.Median, 4), sig(wall.Lo, 4), sig(wall.Hi, 4),
			sig(cpu.Median, 4), sig(cpu.Lo, 4), sig(cpu.Hi, 4), levelPct(cpu.Level),
			sig(rss.Median, 3), vsGo,
		})
	}
	slices.SortStableFunc(rows, func(a, b []string) int {
		return cmp.Or(cmp.Compare(slices.Index(localKernelOrder, a[0]), slices.Index(localKernelOrder, b[0])),
			cmp.Compare(runtimeOrder(a[2]), runtimeOrder(b[2])))
	})
	header := []string{"kernel", "n", "runtime", "runtime_name", "runs", "wall_s", "wall_lo_s", "wall_hi_s",
		"cpu_s", "cpu_lo_s", "cpu_hi_s", "ci_pct", "peak_rss_mb", "cpu_vs_go_x"}
	cols := []column{
		{"kernel", "string", "", "Benchmark program (the Benchmarks Game's task)", localKernelOrder, false},
		{"n", "integer", "count", "Problem size (the program's argument)", nil, false},
		runtimeCol, runtimeNameCol, runsCol,
		{"wall_s", "number", "s", "Elapsed (wall-clock) time of the whole process, median", nil, false},
		{"wall_lo_s", "number", "s", "Lower bound of the median's confidence interval (see ci_pct)", nil, false},
		{"wall_hi_s", "number", "s", "Upper bound of the median's confidence interval", nil, false},
		{"cpu_s", "number", "s", "CPU time (user + system) of the whole process, median", nil, false},
		{"cpu_lo_s", "number", "s", "Lower bound of the median's confidence interval (see ci_pct)", nil, false},
		{"cpu_hi_s", "number", "s", "Upper bound of the median's confidence interval", nil, false},
		ciCol,
		{"peak_rss_mb", "number", "MB", "Peak resident memory of the process, median", nil, false},
		{"cpu_vs_go_x", "number", "x", "CPU time relative to Go's on the same kernel (1 = Go)", nil, true},
	}
	return run.table("local_bench_cpu", header, rows, []string{"kernel", "runtime"}, cols, localMeta{
		title: "CPU-bound kernels, single-threaded: six runtimes measured on one machine",
		description: "Four of the Benchmarks Game's tasks (n-body, spectral-norm, binary-trees, fannkuch-redux), each " +
			"written once per runtime by this project in the same straightforward style (tools/bench/<task>/), with the same " +
			"algorithm and problem size, single-threaded. Each program checks its own answer and exits non-zero on a wrong one; " +
			"the harness checks it again.",
		caveats: "- Each time is a whole process, start-up included, as the Benchmarks Game measures it: the JVM's and Node's " +
			"start-up and JIT warm-up are part of Java's and Node's times, which matters most where Go takes well under a second.\n" +
			"- The programs are idiomatic, not tuned: no SIMD, no hand-unrolled loops, no native extensions (so no NumPy for Python).\n" +
			"- Java's CPU time includes its JIT compiler and garbage collector threads, which can run beside the program.\n" +
			"- On each kernel the runtimes take turns (one run of each per round), so that other work on the machine falls on all of " +
			"them alike.",
	})
}

func localParallel(run *localRun, groups []*bench.Group, _ string) (*table, error) {
	gs := okGroups(groups, "Mandelbrot")
	if len(gs) == 0 {
		return nil, nil
	}
	type key struct{ runtime, impl string }
	one := map[key]*bench.Group{}
	for _, g := range gs {
		_, kv := bench.Parts(g.Name)
		if kv["workers"] == "1" {
			one[key{kv["runtime"], kv["impl"]}] = g
		}
	}
	var rows [][]string
	for _, g := range gs {
		_, kv := bench.Parts(g.Name)
		k, ok := stats(g, "kernel-ns/op", 1e-9)
		if !ok {
			return nil, dataset.Errorf(run.path, g.Samples[0].Line, 1, "%s: no kernel-ns/op value", g.Name)
		}
		wall, _ := stats(g, "ns/op", 1e-9)
		cpu, _ := stats(g, "cpu-ns/op", 1e-9)
		sp, lo, hi := "", "", ""
		if base, ok := one[key{kv["runtime"], kv["impl"]}]; ok {
			// The harness runs the worker counts in turns: the i-th runs with one worker and
			// with this many were made moments apart, and their ratio is one speed-up sample.
			var ratios []float64
			for i := 0; i < len(base.Samples) && i < len(g.Samples); i++ {
				t1, _ := base.Samples[i].Value("kernel-ns/op")
				tw, _ := g.Samples[i].Value("kernel-ns/op")
				if tw > 0 {
					ratios = append(ratios, t1/tw)
				}
			}
			if len(ratios) > 0 {
				st := bench.Summarize(ratios, bench.Level)
				sp, lo, hi = sig(st.Median, 3), sig(st.Lo, 3), sig(st.Hi, 3)
			}
		}
		name := localRuntimeNames[kv["runtime"]]
		rows = append(rows, []string{
			kv["runtime"], name, kv["impl"], kv["impl"] + " (" + name + ")", kv["workers"], kv["n"], strconv.Itoa(k.N),
			sig(k.Median, 4), sig(k.Lo, 4), sig(k.Hi, 4), levelPct(k.Level),
			sig(wall.Median, 4), sig(cpu.Median, 4), sp, lo, hi,
		})
	}
	header := []string{"runtime", "runtime_name", "impl", "series", "workers", "n", "runs", "kernel_s", "kernel_lo_s", "kernel_hi_s",
		"ci_pct", "wall_s", "cpu_s", "speedup_x", "speedup_lo_x", "speedup_hi_x"}
	cols := []column{
		runtimeCol, runtimeNameCol,
		{"impl", "string", "", "How the work is split: the runtime's threads, processes, coroutines, Ractors or worker threads", nil, false},
		{"series", "string", "", "The implementation and runtime, as a chart's series name", nil, false},
		{"workers", "integer", "count", "Number of workers the rows were dealt out to", nil, false},
		{"n", "integer", "count", "Grid size: n × n points", nil, false},
		runsCol,
		{"kernel_s", "number", "s", "Time from starting the workers to having every result, as the program measures it, median", nil, false},
		{"kernel_lo_s", "number", "s", "Lower bound of the median's confidence interval (see ci_pct)", nil, false},
		{"kernel_hi_s", "number", "s", "Upper bound of the median's confidence interval", nil, false},
		ciCol,
		{"wall_s", "number", "s", "Elapsed time of the whole process, start-up included, median", nil, false},
		{"cpu_s", "number", "s", "CPU time of the whole process and its worker processes, median", nil, false},
		{"speedup_x", "number", "x", "Speed-up over one worker of the same implementation: the median, over the runs, of the kernel time with 1 worker divided by the kernel time with this many in the same round", nil, true},
		{"speedup_lo_x", "number", "x", "Lower bound of the median speed-up's confidence interval (see ci_pct)", nil, true},
		{"speedup_hi_x", "number", "x", "Upper bound of the median speed-up's confidence interval", nil, true},
	}
	return run.table("local_bench_parallel", header, rows, []string{"runtime", "impl", "workers"}, cols, localMeta{
		title: "Parallel scaling: one CPU-bound kernel split across 1 to N workers, per runtime and concurrency model",
		description: "The Benchmarks Game's Mandelbrot iteration (at most 50 steps per point) over an n × n grid, the rows dealt " +
			"out to 1 to N workers (row y to worker y mod N), with each runtime's ways of using several cores: Python threads " +
			"(under the GIL), processes (ProcessPoolExecutor) and asyncio coroutines; Go goroutines; Node.js worker_threads; Java " +
			"threads; PHP processes (pcntl_fork); Ruby threads (under the GVL), Ractors and processes (fork). Each program checks " +
			"the number of points in the set.",
		caveats: "- The speed-up uses the time each program measures around its parallel section (starting the pool or the " +
			"workers included; interpreter or JVM start-up excluded), so that a fast runtime's short run is not swamped by start-up. " +
			"The whole-process times are in wall_s.\n" +
			"- N is the machine's core count; with 2 cores the best possible speed-up is 2, and anything else running on the " +
			"machine takes from it.\n" +
			"- The runs alternate between worker counts (1, 2, 1, 2, ...), so that other work on the machine falls on both alike; each " +
			"speed-up sample divides two runs made moments apart.",
	})
}

func localHTTP(run *localRun, groups []*bench.Group, _ string) (*table, error) {
	gs := okGroups(groups, "HTTPJSON")
	if len(gs) == 0 {
		return nil, nil
	}
	var rows [][]string
	for _, g := range gs {
		_, kv := bench.Parts(g.Name)
		rps, ok := stats(g, "req/s", 1)
		if !ok {
			return nil, dataset.Errorf(run.path, g.Samples[0].Line, 1, "%s: no req/s value", g.Name)
		}
		p50, _ := stats(g, "p50-ns", 1e-6)
		p99, _ := stats(g, "p99-ns", 1e-6)
		errs := 0.0
		for _, s := range g.Samples {
			v, _ := s.Value("socket-errors")
			errs += v
		}
		sn := localServerNames[kv["server"]]
		rows = append(rows, []string{
			kv["runtime"], localRuntimeNames[kv["runtime"]], kv["server"], sn[0], sn[1], strconv.Itoa(rps.N),
			sig(rps.Median, 4), sig(rps.Lo, 4), sig(rps.Hi, 4),
			sig(p50.Median, 3), sig(p99.Median, 3), sig(p99.Lo, 3), sig(p99.Hi, 3), levelPct(rps.Level),
			strconv.FormatFloat(errs, 'f', 0, 64),
		})
	}
	header := []string{"runtime", "runtime_name", "server", "server_name", "kind", "runs", "rps", "rps_lo", "rps_hi",
		"p50_ms", "p99_ms", "p99_lo_ms", "p99_hi_ms", "ci_pct", "socket_errors"}
	cols := []column{
		runtimeCol, runtimeNameCol, serverCol, serverNameCol, kindCol, runsCol,
		{"rps", "number", "req/s", "Requests per second, median", nil, false},
		{"rps_lo", "number", "req/s", "Lower bound of the median's confidence interval (see ci_pct)", nil, false},
		{"rps_hi", "number", "req/s", "Upper bound of the median's confidence interval", nil, false},
		{"p50_ms", "number", "ms", "Median latency (wrk's 50th percentile), median over runs", nil, false},
		{"p99_ms", "number", "ms", "99th percentile latency, median over runs", nil, false},
		{"p99_lo_ms", "number", "ms", "Lower bound of the p99 median's confidence interval", nil, false},
		{"p99_hi_ms", "number", "ms", "Upper bound of the p99 median's confidence interval", nil, false},
		ciCol,
		{"socket_errors", "integer", "count", "Socket errors wrk counted over all runs (connect, read, write, timeout)", nil, false},
	}
	return run.table("local_bench_http", header, rows, []string{"server"}, cols, localMeta{
		title: "HTTP JSON endpoint: throughput and latency per server, measured on one machine",
		description: "One endpoint, GET /json, that serialises {\"message\":\"Hello, World!\"} per request (TechEmpower's \"json\" " +
			"test), on each runtime's standard server and on deployed frameworks, each started with its documented production " +
			"command (recorded in the results file). Load from wrk with keep-alive, at a fixed concurrency and duration, after a " +
			"warm-up. The server runs on one CPU and wrk on the other (taskset). Every server's answer is checked before it is loaded, " +
			"and a run with any non-2xx response is a failure.",
		caveats: "- One CPU per server: multi-process servers (gunicorn, PHP-FPM) share that CPU between their workers.\n" +
			"- PHP's built-in server answers every request with Connection: close, so wrk opens a new connection for each request and " +
			"counts each close as a read error (socket_errors): its throughput includes a TCP handshake per request.\n" +
			"- Python's http.server, Java's HttpServer and Ruby's WEBrick are run with TCP_NODELAY (each one's documented switch); " +
			"without it they answer in about 40 ms each, waiting on delayed ACKs.\n" +
			"- wrk and the server share one machine's memory bus and kernel; TechEmpower uses separate machines and tuned entries.",
	})
}

func localStartup(run *localRun, groups []*bench.Group, _ string) (*table, error) {
	gs := okGroups(groups, "Startup")
	if len(gs) == 0 {
		return nil, nil
	}
	var rows [][]string
	for _, g := range gs {
		_, kv := bench.Parts(g.Name)
		st, ok := stats(g, "ns/op", 1e-6)
		if !ok {
			return nil, dataset.Errorf(run.path, g.Samples[0].Line, 1, "%s: no ns/op value", g.Name)
		}
		sn := localServerNames[kv["server"]]
		rows = append(rows, []string{
			kv["runtime"], localRuntimeNames[kv["runtime"]], kv["server"], sn[0], sn[1], strconv.Itoa(st.N),
			sig(st.Median, 3), sig(st.Lo, 3), sig(st.Hi, 3), levelPct(st.Level),
		})
	}
	header := []string{"runtime", "runtime_name", "server", "server_name", "kind", "runs", "startup_ms", "startup_lo_ms", "startup_hi_ms", "ci_pct"}
	cols := []column{
		runtimeCol, runtimeNameCol, serverCol, serverNameCol, kindCol, runsCol,
		{"startup_ms", "number", "ms", "Time from starting the server to its first right response, median", nil, false},
		{"startup_lo_ms", "number", "ms", "Lower bound of the median's confidence interval (see ci_pct)", nil, false},
		{"startup_hi_ms", "number", "ms", "Upper bound of the median's confidence interval", nil, false},
		ciCol,
	}
	return run.table("local_bench_startup", header, rows, []string{"server"}, cols, localMeta{
		title: "Server start-up time to the first successful response, measured on one machine",
		description: "Each server of the HTTP benchmark started afresh several times: the time from starting its process(es) to " +
			"the first right answer to GET /json, polled every 2 ms.",
		caveats: "- Files are in the page cache after the warm-up start; a cold start from disk is slower.\n" +
			"- Go's time is for a compiled binary; the compile step is not counted. Java's includes the JVM's start.",
	})
}

func localMemory(run *localRun, groups []*bench.Group, _ string) (*table, error) {
	gs := okGroups(groups, "Startup")
	if len(gs) == 0 {
		return nil, nil
	}
	var rows [][]string
	for _, g := range gs {
		_, kv := bench.Parts(g.Name)
		sn := localServerNames[kv["server"]]
		for _, state := range []struct{ name, rss, pss string }{
			{"idle", "idle-rss-B", "idle-pss-B"}, {"under load", "load-rss-B", "load-pss-B"},
		} {
			rss, ok := stats(g, state.rss, 1e-6)
			if !ok {
				continue
			}
			pss, _ := stats(g, state.pss, 1e-6)
			rows = append(rows, []string{
				kv["runtime"], localRuntimeNames[kv["runtime"]], kv["server"], sn[0], state.name, strconv.Itoa(rss.N),
				sig(rss.Median, 3), sig(rss.Lo, 3), sig(rss.Hi, 3), levelPct(rss.Level), sig(pss.Median, 3),
			})
		}
	}
	header := []string{"runtime", "runtime_name", "server", "server_name", "state", "runs", "rss_mb", "rss_lo_mb", "rss_hi_mb", "ci_pct", "pss_mb"}
	cols := []column{
		runtimeCol, runtimeNameCol, serverCol, serverNameCol,
		{"state", "string", "", "idle: after the server has idled; under load: the peak while wrk loads it", []string{"idle", "under load"}, false},
		runsCol,
		{"rss_mb", "number", "MB", "Resident memory summed over the server's processes, median", nil, false},
		{"rss_lo_mb", "number", "MB", "Lower bound of the median's confidence interval (see ci_pct)", nil, false},
		{"rss_hi_mb", "number", "MB", "Upper bound of the median's confidence interval", nil, false},
		ciCol,
		{"pss_mb", "number", "MB", "Proportional set size summed over the processes (shared pages split between them), median", nil, false},
	}
	return run.table("local_bench_memory", header, rows, []string{"server", "state"}, cols, localMeta{
		title: "Server memory at idle and under load, measured on one machine",
		description: "Memory of each server of the HTTP benchmark, read from /proc for every process in the server's process " +
			"group: after idling, and the peak while wrk loads it (sampled every 100 ms).",
		caveats: "- RSS summed over several processes (gunicorn's or PHP-FPM's workers, nginx) counts shared pages once per process; " +
			"pss_mb splits them and is the fairer sum for multi-process servers.\n" +
			"- A garbage-collected runtime's memory depends on its heap settings; every runtime here runs with its defaults.",
	})
}

// localVsBG sets the Python/Go CPU-time ratio measured here beside the Benchmarks Game's, for
// the tasks both have.
func localVsBG(run *localRun, groups []*bench.Group, datasetsDir string) (*table, error) {
	gs := okGroups(groups, "NBody", "SpectralNorm", "BinaryTrees", "FannkuchRedux")
	cpu := map[[2]string]bench.Stats{}
	ns := map[string]string{}
	for _, g := range gs {
		base, kv := bench.Parts(g.Name)
		cpu[[2]string{localKernels[base], kv["runtime"]}], _ = stats(g, "cpu-ns/op", 1e-9)
		ns[localKernels[base]] = kv["n"]
	}
	bgDir := filepath.Join(datasetsDir, "benchmarks_game")
	bg, err := dataset.Load(bgDir)
	if err != nil {
		return nil, fmt.Errorf("local-bench: the comparison with the Benchmarks Game reads %s: %w", bgDir, err)
	}
	if errs := dataset.Check(bg); len(errs) > 0 {
		return nil, errs.Err()
	}
	bi, li, ci, ni := bg.Col("benchmark"), bg.Col("lang"), bg.Col("cpu_s"), bg.Col("n")
	if bi < 0 || li < 0 || ci < 0 || ni < 0 {
		return nil, errors.New("local-bench: benchmarks_game has no benchmark, lang, cpu_s or n column")
	}
	bgCPU := map[[2]string]float64{}
	bgN := map[string]string{}
	for r, row := range bg.Rows {
		bgCPU[[2]string{row[bi], row[li]}] = bg.Float(r, ci)
		if row[li] == "python3" {
			bgN[row[bi]] = row[ni]
		}
	}
	var rows [][]string
	for _, k := range localKernelOrder {
		py, okPy := cpu[[2]string{k, "python"}]
		g, okGo := cpu[[2]string{k, "go"}]
		if okPy && okGo {
			m, lo, hi := bench.Ratio(py, g)
			if !math.IsNaN(m) {
				rows = append(rows, []string{k, "this machine", ns[k], sig(py.Median, 4), sig(g.Median, 4), sig(m, 3), sig(lo, 3), sig(hi, 3)})
			}
		}
		bpy, ok1 := bgCPU[[2]string{k, "python3"}]
		bgo, ok2 := bgCPU[[2]string{k, "go"}]
		if ok1 && ok2 && bgo > 0 {
			rows = append(rows, []string{k, "Benchmarks Game 22.05", bgN[k], sig(bpy, 4), sig(bgo, 4), sig(bpy/bgo, 3), "", ""})
		}
	}
	if len(cpu) == 0 || len(rows) == 0 {
		return nil, nil
	}
	header := []string{"kernel", "source", "n", "python_cpu_s", "go_cpu_s", "ratio_x", "ratio_lo_x", "ratio_hi_x"}
	cols := []column{
		{"kernel", "string", "", "Benchmark program (the Benchmarks Game's task)", localKernelOrder, false},
		{"source", "string", "", "Where the two CPU times come from", []string{"this machine", "Benchmarks Game 22.05"}, false},
		{"n", "integer", "count", "Problem size", nil, false},
		{"python_cpu_s", "number", "s", "Python's CPU time (median here; the fastest program's in the Benchmarks Game)", nil, false},
		{"go_cpu_s", "number", "s", "Go's CPU time, likewise", nil, false},
		{"ratio_x", "number", "x", "Python's CPU time / Go's", nil, false},
		{"ratio_lo_x", "number", "x", "Conservative lower bound of the ratio, from the medians' intervals (this machine only)", nil, true},
		{"ratio_hi_x", "number", "x", "Conservative upper bound of the ratio (this machine only)", nil, true},
	}
	return run.table("local_bench_vs_bg", header, rows, []string{"kernel", "source"}, cols, localMeta{
		title: "Python/Go CPU-time ratio per task: this project's programs on one machine against the Benchmarks Game",
		description: "For each task both measure, how many times Go's CPU time Python took: once for this project's plain, " +
			"single-threaded programs measured by `site bench`, and once for the fastest Python 3 and Go programs of the Benchmarks " +
			"Game's release 22.05 (the benchmarks_game dataset, cpu_s).",
		caveats: "- The Benchmarks Game's programs are the fastest each community wrote, often multi-threaded (its Go binary-trees, " +
			"spectral-norm and fannkuch-redux, and its Python spectral-norm and fannkuch-redux, use 4 cores through " +
			"multiprocessing), at much larger sizes, on other hardware, with CPython 3.10 and Go 1.18. CPU time adds up every core's " +
			"work, so the ratio stays comparable, but parallel overheads are in it.\n" +
			"- This project's programs are not tuned: a plain Python program pays interpreter costs that the Benchmarks Game's " +
			"Python programs avoid (for example by slicing lists instead of looping).",
		derivationExtra: "The Benchmarks Game rows are computed from data/datasets/benchmarks_game/data.csv (cpu_s of lang python3 " +
			"divided by cpu_s of lang go, per benchmark) when this importer runs.",
	})
}

// column describes one column of a local dataset.
type column struct {
	name, typ, unit, description string
	categories                   []string
	optional                     bool
}

var (
	runtimeCol     = column{"runtime", "string", "", "Runtime id used by the harness", []string{"python", "go", "node", "java", "php", "ruby"}, false}
	runtimeNameCol = column{"runtime_name", "string", "", "Runtime", nil, false}
	runsCol        = column{"runs", "integer", "runs", "Measured runs (after the warm-up)", nil, false}
	ciCol          = column{"ci_pct", "number", "%", "Confidence level of the intervals: the exact coverage of the order statistics used, 95% or more from 6 runs", nil, false}
	serverCol      = column{"server", "string", "", "Server id used by the harness", nil, false}
	serverNameCol  = column{"server_name", "string", "", "Server", nil, false}
	kindCol        = column{"kind", "string", "", "The runtime's standard-library server, or a framework as deployed", []string{"standard library", "framework"}, false}
)

// localMeta is what differs between the local datasets' sidecars.
type localMeta struct {
	title, description, caveats, derivationExtra string
}

// table builds a dataset whose sidecar is written from the run.
func (run *localRun) table(id string, header []string, rows [][]string, key []string, cols []column, lm localMeta) (*table, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	return &table{id: id, header: header, rows: rows, meta: func(sha string) ([]byte, error) {
		return run.meta(lm, key, cols, sha), nil
	}}, nil
}

func (run *localRun) machine() string {
	c := run.cfg
	return fmt.Sprintf("%s (%s, %s cores, %s memory, %s, %s)", c["host"], c["cpu"], c["cores"], c["memory"], c["kernel"], c["os"])
}

func (run *localRun) meta(lm localMeta, key []string, cols []column, sha string) []byte {
	c := run.cfg
	var b strings.Builder
	kv := func(k, v string) { fmt.Fprintf(&b, "%s = %s\n", k, tomlString(v)) }
	kv("title", lm.title)
	kv("producer", "This project, measured with its benchmark harness (go run ./tools/site bench)")
	kv("url_main", "https://example.org/run-it-yourself/")
	kv("date_published", run.date)
	kv("date_accessed", run.date)
	b.WriteString("second_hand = false\n")
	kv("citation", fmt.Sprintf("Measured by this project on %s, %s, with `%s`.", run.machine(), c["date"], c["command"]))

	var desc strings.Builder
	desc.WriteString(lm.description + "\n\n")
	fmt.Fprintf(&desc, "Measured by this project on %s, %s, with `%s` (%s mode: %s measured run(s) after %s warm-up run(s) per measurement). ",
		run.machine(), c["date"], c["command"], c["mode"], c["runs"], c["warmup"])
	desc.WriteString("Runtimes and frameworks, as they reported their versions:\n\n")
	for _, kvp := range run.res.Config {
		if strings.HasPrefix(kvp.Key, "runtime-") || strings.HasPrefix(kvp.Key, "server-") || kvp.Key == "load-generator" {
			fmt.Fprintf(&desc, "- %s: %s\n", kvp.Key, mdEscape(kvp.Value))
		}
	}
	kv("description", strings.TrimRight(desc.String(), "\n"))

	var cav strings.Builder
	if c["mode"] == "quick" {
		cav.WriteString("- **This is a -quick run** (tiny sizes, one run each, no warm-up): it shows the harness works, not how fast anything is.\n")
	}
	busy := run.load1 > 0.5
	if busy {
		fmt.Fprintf(&cav, "- **The machine was busy**: its load average was %s before the run and %s after it, on %s cores, while other "+
			"work (other engineers' builds and tests) shared the CPUs. The numbers are noisy: wall-clock times and throughput more than "+
			"CPU times. The intervals show how much the runs varied, not how far the machine was from idle.\n",
			c["loadavg-before"], run.res.Get("loadavg-after"), c["cores"])
	} else {
		fmt.Fprintf(&cav, "- The load average was %s before the run and %s after it, on %s cores.\n", c["loadavg-before"], run.res.Get("loadavg-after"), c["cores"])
	}
	cav.WriteString("- One machine, one run of the suite: the numbers describe this machine on that day, not the runtimes in general.\n")
	cav.WriteString(lm.caveats + "\n")
	if len(run.failed) > 0 {
		cav.WriteString("- Failed measurements, published as no number (see the results file for their stderr):\n")
		for _, f := range run.failed {
			fmt.Fprintf(&cav, "  - %s\n", mdEscape(f))
		}
	}
	if len(run.skipped) > 0 {
		cav.WriteString("- Left out of the run:\n")
		for _, s := range run.skipped {
			fmt.Fprintf(&cav, "  - %s\n", mdEscape(s))
		}
	}
	kv("caveats", strings.TrimRight(cav.String(), "\n"))

	deriv := fmt.Sprintf("`go run ./tools/site import local-bench %s` reads the results file `%s` wrote (the Go benchmark format, "+
		"one line per measured run; benchstat reads the same file) and, for each measurement, takes the median of its runs and a "+
		"distribution-free confidence interval for the median from order statistics: the interval [x(k), x(n+1-k)] for the largest k "+
		"whose exact binomial coverage is at least 95%%, the method of golang.org/x/perf's benchmath, with no random numbers; ci_pct "+
		"is the coverage achieved (96.9%% with 6 runs, where the interval is the fastest to the slowest run). Values are rounded to "+
		"3 or 4 significant digits. A measurement whose program crashed, timed out or printed a wrong answer has no row.",
		displayPath(run.path), c["command"])
	if lm.derivationExtra != "" {
		deriv += " " + lm.derivationExtra
	}
	kv("derivation", deriv)
	fmt.Fprintf(&b, "key = [%s]\n", quoteList(key))
	fmt.Fprintf(&b, "sha256 = %q\n", sha)
	b.WriteString("\n[license]\n")
	kv("name", "CC0-1.0 (this project's own measurements)")
	kv("url", "https://creativecommons.org/publicdomain/zero/1.0/")
	for _, col := range cols {
		b.WriteString("\n[[columns]]\n")
		kv("name", col.name)
		kv("type", col.typ)
		if col.unit != "" {
			kv("unit", col.unit)
		}
		kv("description", col.description)
		if len(col.categories) > 0 {
			fmt.Fprintf(&b, "categories = [%s]\n", quoteList(col.categories))
		}
		if col.optional {
			b.WriteString("optional = true\n")
		}
	}
	return []byte(b.String())
}

// tomlString writes s as a TOML basic string, multi-line when it has line breaks.
func tomlString(s string) string {
	if !strings.Contains(s, "\n") {
		return strconv.Quote(s)
	}
	esc := strings.NewReplacer(`\`, `\\`, `"""`, `""\"`).Replace(s)
	return "\"\"\"\n" + esc + "\n\"\"\""
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// mdEscape keeps a value from being read as Markdown emphasis or code.
func mdEscape(s string) string {
	return strings.NewReplacer("*", `\*`, "_", `\_`, "`", "'", "<", "&lt;").Replace(s)
}

// displayPath is the path as a reader would type it: relative paths as given, absolute ones
// by their file name, so that a sidecar names no one's home folder.
func displayPath(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Base(p)
	}
	return filepath.ToSlash(p)
}
