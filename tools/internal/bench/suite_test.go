package bench

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// newTestSuite is a suite with fake executables in bin on its PATH.
func newTestSuite(t *testing.T, ctx context.Context, opt Options) (*suite, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	opt.Stdout = &log
	if err := opt.normalize(); err != nil {
		t.Fatal(err)
	}
	s := newSuite(ctx, opt, t.TempDir(), t.TempDir())
	t.Cleanup(stopAll)
	return s, &log
}

func entries(s *suite, kind string) []Entry {
	var out []Entry
	for _, e := range s.res.Entries {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// alive lists the processes whose command line contains marker.
func alive(marker string) []string {
	ents, _ := os.ReadDir("/proc")
	var out []string
	for _, e := range ents {
		b, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil || e.Name() == "self" || e.Name() == "thread-self" {
			continue
		}
		st, _ := os.ReadFile("/proc/" + e.Name() + "/stat")
		if i := bytes.LastIndexByte(st, ')'); i > 0 && bytes.HasPrefix(bytes.TrimSpace(st[i+1:]), []byte("Z")) {
			continue
		}
		if bytes.Contains(b, []byte(marker)) {
			out = append(out, e.Name()+": "+strings.ReplaceAll(string(b), "\x00", " "))
		}
	}
	return out
}

// loop is a shell command that runs until killed, with marker on its command line.
func loop(marker string) string {
	return `/bin/sh -c 'while :; do sleep 1; done' ` + marker
}

func waitGone(t *testing.T, marker string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if len(alive(marker)) == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("processes left running: %v", alive(marker))
}

func TestMeasureChecksTheAnswer(t *testing.T) {
	s, _ := newTestSuite(t, context.Background(), Options{Runs: 3, Warmup: 1, Timeout: 5 * time.Second})
	bin := t.TempDir()
	fakeExe(t, bin, "right", `echo 42`)
	fakeExe(t, bin, "wrong", `echo 41`)
	fakeExe(t, bin, "crash", `echo "Traceback: something broke" >&2; exit 3`)

	s.measure("BenchmarkRight", []string{filepath.Join(bin, "right")}, answer("42"))
	s.measure("BenchmarkWrong", []string{filepath.Join(bin, "wrong")}, answer("42"))
	s.measure("BenchmarkCrash", []string{filepath.Join(bin, "crash")}, answer("42"))

	samples := entries(s, Sample)
	if len(samples) != 3 {
		t.Fatalf("got %d samples, want 3 (the right program's measured runs, not its warm-up)", len(samples))
	}
	for _, e := range samples {
		if e.Name != "BenchmarkRight" {
			t.Errorf("sample for %s: a failed program must not post a number", e.Name)
		}
		if v, ok := e.Value("ns/op"); !ok || v <= 0 {
			t.Errorf("sample %+v has no time", e)
		}
	}
	fails := entries(s, Fail)
	if len(fails) != 2 {
		t.Fatalf("got %d failures, want 2: %+v", len(fails), fails)
	}
	if f := strings.Join(fails[0].Lines, "\n"); fails[0].Name != "BenchmarkWrong" || !strings.Contains(f, `wrong answer: got "41", want "42"`) {
		t.Errorf("wrong answer reported as %s:\n%s", fails[0].Name, f)
	}
	if f := strings.Join(fails[1].Lines, "\n"); fails[1].Name != "BenchmarkCrash" ||
		!strings.Contains(f, "exit status 3") || !strings.Contains(f, "Traceback: something broke") {
		t.Errorf("crash reported as %s:\n%s", fails[1].Name, f)
	}
	if s.failed != 2 {
		t.Errorf("failed = %d, want 2", s.failed)
	}
}

func TestMeasureTimeoutLeavesNothing(t *testing.T) {
	s, _ := newTestSuite(t, context.Background(), Options{Runs: 1, Warmup: 0, Timeout: 300 * time.Millisecond})
	bin := t.TempDir()
	marker := fmt.Sprintf("bench-test-timeout-%d", time.Now().UnixNano())
	// A program that starts a child and never ends.
	fakeExe(t, bin, "hang", loop(marker)+` & `+loop(marker)+`; wait`)
	start := time.Now()
	s.measure("BenchmarkHang", []string{filepath.Join(bin, "hang")}, answer("42"))
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("measure took %v with a 300ms timeout", d)
	}
	fails := entries(s, Fail)
	if len(fails) != 1 || !strings.Contains(strings.Join(fails[0].Lines, " "), "timed out after 300ms") {
		t.Errorf("got %+v, want one failure that says it timed out", fails)
	}
	waitGone(t, marker)
}

// fakeServer is a plan that starts a shell script as the server.
func fakeServer(script string) *serverPlan {
	return &serverPlan{Version: "fake", Cmds: func(port int, dir string) ([][]string, error) {
		return [][]string{{"/bin/sh", "-c", strings.ReplaceAll(script, "PORT", fmt.Sprint(port))}}, nil
	}}
}

func TestServerNeverReady(t *testing.T) {
	s, _ := newTestSuite(t, context.Background(), Options{ReadyTimeout: 500 * time.Millisecond})
	marker := fmt.Sprintf("bench-test-notready-%d", time.Now().UnixNano())
	start := time.Now()
	_, err := s.startServer(server{ID: "fake"}, fakeServer(`echo starting >&2; `+loop(marker)+` & `+loop(marker)+`; wait`))
	if err == nil || !strings.Contains(err.Error(), "never became ready within 500ms") || !strings.Contains(err.Error(), "starting") {
		t.Errorf("got %v, want a timeout error with the server's output", err)
	}
	if d := time.Since(start); d > 7*time.Second {
		t.Errorf("startServer took %v", d)
	}
	waitGone(t, marker)
}

func TestServerExitsAtStart(t *testing.T) {
	s, _ := newTestSuite(t, context.Background(), Options{ReadyTimeout: 10 * time.Second})
	start := time.Now()
	_, err := s.startServer(server{ID: "fake"}, fakeServer(`echo "Address already in use" >&2; exit 1`))
	if err == nil || !strings.Contains(err.Error(), "exited before it was ready") || !strings.Contains(err.Error(), "Address already in use") {
		t.Errorf("got %v, want an error that says the server exited, with its stderr", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("startServer waited %v for a server that had exited", d)
	}
}

func TestPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	port := l.Addr().(*net.TCPAddr).Port
	s, _ := newTestSuite(t, context.Background(), Options{Port: port, ReadyTimeout: time.Second})
	_, err = s.startServer(server{ID: "fake"}, fakeServer(`sleep 300`))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("port %d is already in use", port)) {
		t.Errorf("got %v, want a port-in-use error", err)
	}
}

func TestInterruptStopsEverything(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s, _ := newTestSuite(t, ctx, Options{Runs: 1, Warmup: 0, Timeout: time.Minute, ReadyTimeout: time.Minute})
	marker := fmt.Sprintf("bench-test-interrupt-%d", time.Now().UnixNano())
	bin := t.TempDir()
	fakeExe(t, bin, "hang", loop(marker)+` & `+loop(marker)+`; wait`)
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	s.measure("BenchmarkHang", []string{filepath.Join(bin, "hang")}, answer("42"))
	if d := time.Since(start); d > 6*time.Second {
		t.Errorf("an interrupted program ran on for %v", d)
	}
	waitGone(t, marker)

	// A server that is starting when the run is interrupted is stopped too.
	ctx2, cancel2 := context.WithCancel(context.Background())
	s2, _ := newTestSuite(t, ctx2, Options{ReadyTimeout: time.Minute})
	time.AfterFunc(300*time.Millisecond, cancel2)
	if _, err := s2.startServer(server{ID: "fake"}, fakeServer(loop(marker)+` & `+loop(marker)+`; wait`)); err == nil {
		t.Error("startServer succeeded after an interrupt")
	}
	waitGone(t, marker)
}

// TestRunWithFakeRuntimes runs the suite end to end on a fake repository whose only runtime
// is a fake python3: one kernel answers right, one wrong, one crashes; the suite goes on,
// reports each, and says which runtimes it left out.
func TestRunWithFakeRuntimes(t *testing.T) {
	root := t.TempDir()
	for _, k := range kernels {
		dir := filepath.Join(root, "tools", "bench", k.Dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, k.Dir+".py"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := t.TempDir()
	// The fake python3 prints the answer it is given (the last argument), except for
	// spectralnorm, which it gets wrong, and binarytrees, on which it crashes.
	fakeExe(t, bin, "python3", `case "$1" in
--version) echo "Python 3.99.0"; exit 0;;
*spectralnorm*) echo 1.0; exit 0;;
*binarytrees*) echo "MemoryError" >&2; exit 1;;
esac
for a; do last=$a; done
echo "$last"`)
	out := t.TempDir()
	var log bytes.Buffer
	err := Run(context.Background(), Options{
		Root: root, Out: out, Quick: true, Workloads: []string{"cpu"}, Path: bin, Stdout: &log,
		Command: "go run ./tools/site bench -quick -workload cpu",
	})
	if err == nil || !strings.Contains(err.Error(), "2 measurement(s) failed") {
		t.Errorf("Run: got %v, want it to report 2 failed measurements", err)
	}
	f, err := os.Open(filepath.Join(out, "results.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Parse(f, "results.txt")
	if err != nil {
		t.Fatal(err)
	}
	if r.Get("runtime-python") != "Python 3.99.0 ("+filepath.Join(bin, "python3")+")" || r.Get("mode") != "quick" || r.Get("loadavg-before") == "" {
		t.Errorf("configuration: %+v", r.Config)
	}
	var samples, fails, skips []string
	for _, e := range r.Entries {
		base, kv := Parts(e.Name)
		switch e.Kind {
		case Sample:
			samples = append(samples, base)
		case Fail:
			fails = append(fails, base)
		case Skip:
			skips = append(skips, kv["runtime"])
		}
	}
	if strings.Join(samples, ",") != "NBody,FannkuchRedux" {
		t.Errorf("samples for %v, want NBody and FannkuchRedux", samples)
	}
	if strings.Join(fails, ",") != "SpectralNorm,BinaryTrees" {
		t.Errorf("failures for %v, want SpectralNorm and BinaryTrees", fails)
	}
	if strings.Join(skips, ",") != "go,node,java,php,ruby" {
		t.Errorf("left out %v, want every runtime but python", skips)
	}
	for _, want := range []string{"SKIP BenchmarkSuite/runtime=java", "apt-get install -y openjdk-17-jdk-headless", "MemoryError", "left out:"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, log.String())
		}
	}
}

func TestOptionsErrors(t *testing.T) {
	for _, o := range []Options{{Workloads: []string{"gpu"}}, {Runtimes: []string{"csharp"}}, {Runs: -2}} {
		if err := o.normalize(); err == nil {
			t.Errorf("normalize(%+v): no error", o)
		}
	}
	if err := Run(context.Background(), Options{Root: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "not the repository's root") {
		t.Errorf("Run in an empty folder: %v", err)
	}
}

func TestMeasureAllTakesTurns(t *testing.T) {
	s, _ := newTestSuite(t, context.Background(), Options{Runs: 2, Warmup: 1, Timeout: 5 * time.Second})
	bin := t.TempDir()
	trace := filepath.Join(bin, "trace")
	fakeExe(t, bin, "a", `echo a >> `+trace+`; echo 42`)
	fakeExe(t, bin, "b", `echo b >> `+trace+`; echo 42`)
	fakeExe(t, bin, "bad", `echo bad >> `+trace+`; echo 0`)
	s.measureAll([]*job{
		{name: "BenchmarkA", argv: []string{filepath.Join(bin, "a")}, check: answer("42")},
		{name: "BenchmarkBad", argv: []string{filepath.Join(bin, "bad")}, check: answer("42")},
		{name: "BenchmarkB", argv: []string{filepath.Join(bin, "b")}, check: answer("42")},
	})
	got, _ := os.ReadFile(trace)
	// Rounds of one run each (the first is the warm-up); a failed job is not run again.
	if want := "a\nbad\nb\na\nb\na\nb\n"; string(got) != want {
		t.Errorf("run order:\n%s\nwant:\n%s", got, want)
	}
	var names []string
	for _, e := range s.res.Entries {
		names = append(names, e.Kind+":"+e.Name)
	}
	if want := "fail:BenchmarkBad sample:BenchmarkA sample:BenchmarkB sample:BenchmarkA sample:BenchmarkB"; strings.Join(names, " ") != want {
		t.Errorf("entries %v, want %s", names, want)
	}
}
