package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// wantBody is the one response every server must give: TechEmpower's "json" test.
var wantBody = map[string]any{"message": "Hello, World!"}

// checkResponse says what is wrong with a response to GET /json, or returns nil.
func checkResponse(status int, contentType string, body []byte) error {
	if status != http.StatusOK {
		return fmt.Errorf("status %d, want 200", status)
	}
	if !strings.HasPrefix(contentType, "application/json") {
		return fmt.Errorf("Content-Type %q, want application/json", contentType)
	}
	var got map[string]any
	if err := json.Unmarshal(body, &got); err != nil {
		return fmt.Errorf("body %.80q is not a JSON object: %v", body, err)
	}
	if len(got) != 1 || got["message"] != wantBody["message"] {
		return fmt.Errorf("body %.80q, want {\"message\":\"Hello, World!\"}", body)
	}
	return nil
}

// portInUse reports whether something already accepts connections on the port.
func portInUse(port int) bool {
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), 200*time.Millisecond)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// freePort asks the kernel for a port that is free now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitReady polls url until it gives the right response, the group exits, the timeout
// passes or ctx ends, and returns the time from start to the first right response.
func waitReady(ctx context.Context, g *group, url string, start time.Time, timeout time.Duration) (time.Duration, error) {
	client := &http.Client{
		Timeout:   time.Second,
		Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil},
	}
	deadline := time.NewTimer(time.Until(start.Add(timeout)))
	defer deadline.Stop()
	var last error
	for {
		resp, err := client.Get(url)
		if err == nil {
			body, rerr := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
			if rerr == nil {
				err = checkResponse(resp.StatusCode, resp.Header.Get("Content-Type"), body)
				if err == nil {
					return time.Since(start), nil
				}
				// A wrong answer from a live server will not improve: only a 5xx from a
				// proxy whose backend is still starting is worth waiting for.
				if resp.StatusCode < 500 {
					return 0, fmt.Errorf("wrong response from %s: %v", url, err)
				}
			}
		}
		last = err
		select {
		case <-g.Exited():
			return 0, fmt.Errorf("server exited before it was ready: %v", g.Err())
		case <-deadline.C:
			return 0, fmt.Errorf("server never became ready within %v (last attempt: %v)", timeout, last)
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// wrkResult is what one wrk run reports.
type wrkResult struct {
	RPS          float64
	P50, P99     time.Duration
	Requests     int64
	Non2xx       int64
	SocketErrors int64
}

var (
	wrkRPSRe      = regexp.MustCompile(`(?m)^Requests/sec:\s+([0-9.]+)`)
	wrkPctRe      = regexp.MustCompile(`(?m)^\s+(50|99)(?:\.0+)?%\s+([0-9.]+)(us|ms|s|m|h)\s*$`)
	wrkRequestsRe = regexp.MustCompile(`(?m)^\s+(\d+) requests in `)
	wrkNon2xxRe   = regexp.MustCompile(`(?m)^\s+Non-2xx or 3xx responses: (\d+)`)
	wrkSocketRe   = regexp.MustCompile(`(?m)^\s+Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// parseWrk reads the report of `wrk --latency`.
func parseWrk(out string) (wrkResult, error) {
	var r wrkResult
	m := wrkRPSRe.FindStringSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("no \"Requests/sec:\" line in wrk's output")
	}
	r.RPS, _ = strconv.ParseFloat(m[1], 64)
	for _, m := range wrkPctRe.FindAllStringSubmatch(out, -1) {
		d, err := wrkDuration(m[2], m[3])
		if err != nil {
			return r, err
		}
		if m[1] == "50" {
			r.P50 = d
		} else {
			r.P99 = d
		}
	}
	if r.P50 == 0 || r.P99 == 0 {
		return r, fmt.Errorf("no 50%% and 99%% latency lines in wrk's output (was it run with --latency?)")
	}
	if m := wrkRequestsRe.FindStringSubmatch(out); m != nil {
		r.Requests, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if m := wrkNon2xxRe.FindStringSubmatch(out); m != nil {
		r.Non2xx, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if m := wrkSocketRe.FindStringSubmatch(out); m != nil {
		for _, s := range m[1:] {
			n, _ := strconv.ParseInt(s, 10, 64)
			r.SocketErrors += n
		}
	}
	return r, nil
}

func wrkDuration(num, unit string) (time.Duration, error) {
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("wrk latency %q: %v", num+unit, err)
	}
	scale := map[string]float64{"us": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9}[unit]
	return time.Duration(f * scale), nil
}
