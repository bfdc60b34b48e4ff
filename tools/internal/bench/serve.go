package bench

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

// running is a server started for a measurement.
type running struct {
	g       *group
	port    int
	url     string
	startup time.Duration
}

// startServer starts a server on a free port (or -port), pinned to CPU 1, and waits until it
// answers GET /json correctly. On any error nothing it started is left running.
func (s *suite) startServer(sv server, plan *serverPlan) (*running, error) {
	port := s.opt.Port
	if port == 0 {
		p, err := freePort()
		if err != nil {
			return nil, fmt.Errorf("no free port: %w", err)
		}
		port = p
	}
	if portInUse(port) {
		return nil, fmt.Errorf("port %d is already in use: something answered on 127.0.0.1:%d before %s started (stop it, or choose another port with -port)", port, port, sv.ID)
	}
	dir, err := os.MkdirTemp(s.work, sv.ID+"-")
	if err != nil {
		return nil, err
	}
	cmds, err := plan.Cmds(port, dir)
	if err != nil {
		return nil, err
	}
	if s.taskset != "" {
		for i, c := range cmds {
			cmds[i] = append([]string{s.taskset, "-c", "1"}, c...)
		}
	}
	if s.res.Get("command-"+sv.ID) == "" {
		var all []string
		for _, c := range cmds {
			all = append(all, shellJoin(c))
		}
		s.res.Set("command-"+sv.ID, joinAnd(all))
	}
	url := "http://127.0.0.1:" + strconv.Itoa(port) + "/json"
	start := time.Now()
	g, err := startGroup(dir, s.env, cmds)
	if err != nil {
		return nil, err
	}
	d, err := waitReady(s.ctx, g, url, start, s.opt.ReadyTimeout)
	if err != nil {
		g.Stop()
		return nil, fmt.Errorf("%s: %v\nserver output: %s", sv.ID, err, lastLines(g.stderr.String(), 8))
	}
	return &running{g: g, port: port, url: url, startup: d}, nil
}

func joinAnd(cmds []string) string {
	out := ""
	for i, c := range cmds {
		if i > 0 {
			out += " & "
		}
		out += c
	}
	return out
}

// load runs wrk against url for d, pinned to CPU 0.
func (s *suite) load(url string, d time.Duration) (wrkResult, error) {
	argv := []string{s.wrk, "-t1", "-c" + itoa(s.opt.Concurrency), "-d" + strconv.Itoa(int(d.Seconds()+0.5)) + "s", "--latency", url}
	if d < time.Second {
		argv[3] = "-d1s"
	}
	if s.taskset != "" {
		argv = append([]string{s.taskset, "-c", "0"}, argv...)
	}
	r := runProgram(s.ctx, s.root, s.env, d+30*time.Second, argv)
	if r.Err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %v: %s", r.Err, lastLines(r.Stderr+r.Stdout, 4))
	}
	w, err := parseWrk(r.Stdout)
	if err != nil {
		return w, fmt.Errorf("wrk: %v: %s", err, lastLines(r.Stdout, 4))
	}
	if w.Requests == 0 {
		return w, fmt.Errorf("wrk: no request completed")
	}
	if w.Non2xx > 0 {
		return w, fmt.Errorf("wrk: %d of %d responses were not 2xx", w.Non2xx, w.Requests)
	}
	return w, nil
}

// plans resolves each server of a runtime that was found, recording the ones that cannot
// run and why.
func (s *suite) plans(base string) (out []struct {
	sv   server
	rt   *Runtime
	plan *serverPlan
	name string
}) {
	for _, sv := range servers {
		rt, ok := s.runtimes[sv.Runtime]
		if !ok {
			continue
		}
		name := Name(base, "runtime", rt.Name, "server", sv.ID)
		if base == "HTTPJSON" && s.wrk == "" {
			s.skip(name, Missing{sv.ID, "wrk not found on " + s.finder.Path, "apt-get install -y wrk"})
			continue
		}
		plan, miss, err := sv.plan(s, rt)
		if err != nil {
			s.fail(name, err.Error())
			continue
		}
		if miss != nil {
			s.skip(name, *miss)
			continue
		}
		s.res.Set("server-"+sv.ID, sv.Name+": "+plan.Version)
		out = append(out, struct {
			sv   server
			rt   *Runtime
			plan *serverPlan
			name string
		}{sv, rt, plan, name})
	}
	return out
}

// http measures throughput and latency of each server under wrk, with keep-alive, after a
// warm-up load.
func (s *suite) http() {
	for _, p := range s.plans("HTTPJSON") {
		if s.ctx.Err() != nil {
			return
		}
		srv, err := s.startServer(p.sv, p.plan)
		if err != nil {
			s.fail(p.name, err.Error())
			continue
		}
		ok := true
		for i := 0; i < s.opt.Warmup && ok; i++ {
			if _, err := s.load(srv.url, min(s.opt.Duration, 3*time.Second)); err != nil {
				s.fail(p.name, "warm-up: "+err.Error(), "server output: "+lastLines(srv.g.stderr.String(), 4))
				ok = false
			}
		}
		for i := 0; i < s.opt.Runs && ok && s.ctx.Err() == nil; i++ {
			w, err := s.load(srv.url, s.opt.Duration)
			if err == nil && isClosed(srv.g.Exited()) {
				err = srv.g.Err()
			}
			if err != nil {
				s.fail(p.name, err.Error(), "server output: "+lastLines(srv.g.stderr.String(), 4))
				ok = false
				break
			}
			s.sample(p.name,
				Value{w.RPS, "req/s"},
				Value{float64(w.P50.Nanoseconds()), "p50-ns"},
				Value{float64(w.P99.Nanoseconds()), "p99-ns"},
				Value{float64(w.SocketErrors), "socket-errors"})
		}
		srv.g.Stop()
		if ok {
			s.report(p.name, "req/s", 1, "req/s")
		}
	}
}

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// startup starts each server afresh warmup+runs times: the time to its first right
// response, its memory after idling, and its peak memory under a short load.
func (s *suite) startup() {
	idle, burst := time.Second, 2*time.Second
	if s.opt.Quick {
		idle, burst = 200*time.Millisecond, time.Second
	}
	s.res.Set("startup", fmt.Sprintf("time from exec to the first right response to GET /json (polled every 2 ms); memory summed over the server's processes after %v idle, and the peak under a %v wrk load", idle, burst))
	for _, p := range s.plans("Startup") {
	runs:
		for i := 0; i < s.opt.Warmup+s.opt.Runs; i++ {
			if s.ctx.Err() != nil {
				return
			}
			srv, err := s.startServer(p.sv, p.plan)
			if err != nil {
				s.fail(p.name, err.Error())
				break
			}
			select {
			case <-time.After(idle):
			case <-s.ctx.Done():
			}
			idleRSS, idlePSS := srv.g.memory()
			vals := []Value{
				{float64(srv.startup.Nanoseconds()), "ns/op"},
				{float64(idleRSS * 1024), "idle-rss-B"},
				{float64(idlePSS * 1024), "idle-pss-B"},
			}
			if s.wrk != "" {
				peakRSS, peakPSS, err := s.loadPeak(srv, burst)
				if err != nil {
					srv.g.Stop()
					s.fail(p.name, "under load: "+err.Error(), "server output: "+lastLines(srv.g.stderr.String(), 4))
					break runs
				}
				vals = append(vals, Value{float64(peakRSS * 1024), "load-rss-B"}, Value{float64(peakPSS * 1024), "load-pss-B"})
			}
			srv.g.Stop()
			if i >= s.opt.Warmup {
				s.sample(p.name, vals...)
			}
		}
		s.report(p.name, "ns/op", 1e6, "ms")
	}
}

// loadPeak loads the server with wrk for d, sampling its memory every 100 ms, and returns
// the peaks.
func (s *suite) loadPeak(srv *running, d time.Duration) (rss, pss int64, err error) {
	var mu sync.Mutex
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			r, p := srv.g.memory()
			mu.Lock()
			rss, pss = max(rss, r), max(pss, p)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	_, err = s.load(srv.url, d)
	close(stop)
	wg.Wait()
	return rss, pss, err
}
