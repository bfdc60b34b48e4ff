package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// configureGroup starts cmd in a process group of its own and makes cancelling its context
// kill the whole group, so that a program's children (a process pool, gunicorn's workers)
// end with it.
func configureGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = 5 * time.Second
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func newTail(max int) *tail { return &tail{max: max} }

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append([]byte(nil), t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// stderrTail is how much of a failed program's stderr a report keeps.
const stderrTail = 2048

// runResult is one run of a program to completion.
type runResult struct {
	Wall     time.Duration
	CPU      time.Duration // user + system, the program's and its waited-for children's
	MaxRSSKB int64
	Stdout   string
	Stderr   string // the last stderrTail bytes
	Err      error  // nil only for exit status 0 within the timeout
}

// runProgram runs argv in dir to completion, or until timeout, in its own process group.
// Whatever happens, no process of the group is left running when it returns.
func runProgram(ctx context.Context, dir string, env []string, timeout time.Duration, argv []string) runResult {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	configureGroup(cmd)
	var stdout bytes.Buffer
	errTail := newTail(stderrTail)
	cmd.Stdout = &limited{w: &stdout, n: 1 << 20}
	cmd.Stderr = errTail
	start := time.Now()
	err := cmd.Start()
	if err != nil {
		return runResult{Err: err}
	}
	err = cmd.Wait()
	wall := time.Since(start)
	// Children that outlived the leader (a pool worker that was not joined) go too.
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	r := runResult{Wall: wall, Stdout: stdout.String(), Stderr: errTail.String(), Err: err}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru != nil {
		r.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		r.MaxRSSKB = ru.Maxrss
	}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		r.Err = fmt.Errorf("timed out after %v", timeout)
	case ctx.Err() != nil:
		r.Err = fmt.Errorf("interrupted: %w", ctx.Err())
	}
	return r
}

// limited passes on at most n bytes and drops the rest.
type limited struct {
	w interface{ Write([]byte) (int, error) }
	n int
}

func (l *limited) Write(p []byte) (int, error) {
	if l.n <= 0 {
		return len(p), nil
	}
	q := p
	if len(q) > l.n {
		q = q[:l.n]
	}
	l.n -= len(q)
	if _, err := l.w.Write(q); err != nil {
		return 0, err
	}
	return len(p), nil
}

// group is a server: one or more long-running processes sharing one process group.
type group struct {
	cmds   []*exec.Cmd
	pgid   int
	stderr *tail
	exited chan struct{} // closed when the first process exits
	once   sync.Once
	mu     sync.Mutex
	err    error // how the first process to exit ended
	wg     sync.WaitGroup
}

// live tracks the groups that are running, so that an interrupted run stops them all.
var live = struct {
	sync.Mutex
	m map[*group]bool
}{m: map[*group]bool{}}

// startGroup starts each argv in dir, all in one new process group.
func startGroup(dir string, env []string, argvs [][]string) (*group, error) {
	g := &group{stderr: newTail(stderrTail), exited: make(chan struct{})}
	for _, argv := range argvs {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = dir
		cmd.Env = env
		cmd.Stdout = g.stderr
		cmd.Stderr = g.stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pgid: g.pgid}
		if err := cmd.Start(); err != nil {
			g.Stop()
			return nil, fmt.Errorf("start %s: %w", argv[0], err)
		}
		if g.pgid == 0 {
			g.pgid = cmd.Process.Pid
			live.Lock()
			live.m[g] = true
			live.Unlock()
		}
		g.cmds = append(g.cmds, cmd)
		g.wg.Add(1)
		go func() {
			defer g.wg.Done()
			err := cmd.Wait()
			g.once.Do(func() {
				g.mu.Lock()
				g.err = fmt.Errorf("%s exited: %v", filepath.Base(cmd.Path), exitText(err))
				g.mu.Unlock()
				close(g.exited)
			})
		}()
	}
	return g, nil
}

func exitText(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}

// Exited is closed when any of the group's processes has exited.
func (g *group) Exited() <-chan struct{} { return g.exited }

// Err says how the group's first process to exit ended.
func (g *group) Err() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

// Stop asks the whole group to end (SIGTERM), waits up to 5 seconds, then kills what is
// left (SIGKILL) and waits for every process it started.
func (g *group) Stop() {
	if g.pgid == 0 {
		return
	}
	_ = syscall.Kill(-g.pgid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { g.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	_ = syscall.Kill(-g.pgid, syscall.SIGKILL)
	<-done
	// Processes that left the group's leaders behind (re-parented workers) are in the
	// group still: wait until none is.
	for i := 0; i < 100 && len(groupPids(g.pgid)) > 0; i++ {
		_ = syscall.Kill(-g.pgid, syscall.SIGKILL)
		time.Sleep(20 * time.Millisecond)
	}
	live.Lock()
	delete(live.m, g)
	live.Unlock()
}

// stopAll stops every group still running.
func stopAll() {
	live.Lock()
	gs := make([]*group, 0, len(live.m))
	for g := range live.m {
		gs = append(gs, g)
	}
	live.Unlock()
	for _, g := range gs {
		g.Stop()
	}
}

// groupPids lists the live processes of process group pgid, from /proc.
func groupPids(pgid int) []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 3 || f[0] == "Z" {
			continue
		}
		if pg, err := strconv.Atoi(f[2]); err == nil && pg == pgid {
			out = append(out, pid)
		}
	}
	return out
}

// memory returns the resident set size and the proportional set size, in KiB, summed over
// the group's processes. RSS counts a page shared by two processes twice; PSS splits it.
func (g *group) memory() (rssKB, pssKB int64) {
	for _, pid := range groupPids(g.pgid) {
		p := "/proc/" + strconv.Itoa(pid)
		rssKB += kbField(p+"/status", "VmRSS")
		pssKB += kbField(p+"/smaps_rollup", "Pss")
	}
	return rssKB, pssKB
}

func kbField(path, key string) int64 {
	v := field(path, key, ":")
	n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(v, "kB")), 10, 64)
	return n
}
