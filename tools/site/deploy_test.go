package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"
)

// TestWorkflow checks the GitHub Pages workflow: it parses, every action is pinned by a
// full commit SHA with its release named beside it, it tests before it builds, builds for
// the Pages URL, checks the output, uploads public/ and deploys it with the permissions
// Pages needs; and actionlint (pinned in go.mod) finds nothing.
func TestWorkflow(t *testing.T) {
	const file = ".github/workflows/deploy.yml"
	raw, err := os.ReadFile(filepath.Join(repoRoot, file))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On          map[string]any    `yaml:"on"`
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Needs       any               `yaml:"needs"`
			Permissions map[string]string `yaml:"permissions"`
			Environment struct {
				Name string `yaml:"name"`
			} `yaml:"environment"`
			Steps []struct {
				ID   string            `yaml:"id"`
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if push, _ := wf.On["push"].(map[string]any); push == nil || !slices.Contains(push["branches"].([]any), any("main")) {
		t.Errorf("%s does not run on a push to main", file)
	}
	if _, ok := wf.On["workflow_dispatch"]; !ok {
		t.Errorf("%s cannot be run by hand (workflow_dispatch)", file)
	}
	if wf.Permissions["contents"] != "read" || len(wf.Permissions) != 1 {
		t.Errorf("the workflow's default permissions are %v, want contents: read only", wf.Permissions)
	}

	// Pins: every uses: line is owner/repo@<40 hex> # vX.Y.Z.
	pin := regexp.MustCompile(`^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w.-]+(?:/[\w./-]+)?)@([0-9a-f]{40})\s+#\s+v\d+\.\d+\.\d+\s*$`)
	uses := 0
	for i, line := range strings.Split(string(raw), "\n") {
		if !strings.Contains(line, "uses:") || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		uses++
		if !pin.MatchString(line) {
			t.Errorf("%s:%d: %q is not pinned as owner/repo@<40-hex SHA> # vX.Y.Z", file, i+1, strings.TrimSpace(line))
		}
	}

	build, deploy := wf.Jobs["build"], wf.Jobs["deploy"]
	step := func(steps []struct {
		ID   string            `yaml:"id"`
		Uses string            `yaml:"uses"`
		Run  string            `yaml:"run"`
		With map[string]string `yaml:"with"`
	}, match func(uses, run string) bool) int {
		return slices.IndexFunc(steps, func(s struct {
			ID   string            `yaml:"id"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		}) bool {
			return match(strings.SplitN(s.Uses, "@", 2)[0], s.Run)
		})
	}
	order := map[string]int{}
	for name, m := range map[string]func(uses, run string) bool{
		"checkout": func(u, _ string) bool { return u == "actions/checkout" },
		"setup-go": func(u, _ string) bool { return u == "actions/setup-go" },
		"cache":    func(u, _ string) bool { return u == "actions/cache" },
		"test": func(_, r string) bool {
			return strings.Contains(r, "go test ./...") && strings.Contains(r, "go vet ./...")
		},
		"configure": func(u, _ string) bool { return u == "actions/configure-pages" },
		"build": func(_, r string) bool {
			return strings.Contains(r, "go run ./tools/site build") && strings.Contains(r, "-baseURL")
		},
		"check":  func(_, r string) bool { return strings.Contains(r, "deploy/publish.sh public") },
		"upload": func(u, _ string) bool { return u == "actions/upload-pages-artifact" },
	} {
		order[name] = step(build.Steps, m)
		if order[name] < 0 {
			t.Errorf("the build job has no %s step", name)
		}
	}
	for _, pair := range [][2]string{{"checkout", "setup-go"}, {"setup-go", "test"}, {"cache", "test"}, {"test", "build"}, {"configure", "build"}, {"build", "check"}, {"check", "upload"}} {
		if order[pair[0]] >= order[pair[1]] {
			t.Errorf("the %s step should come before the %s step", pair[0], pair[1])
		}
	}
	if i := order["cache"]; i >= 0 && !strings.Contains(build.Steps[i].With["path"], "~/.cache/go-build") {
		t.Errorf("the cache step does not keep Go's build cache (~/.cache/go-build): %q", build.Steps[i].With["path"])
	}
	if i := order["upload"]; i >= 0 && build.Steps[i].With["path"] != "public" {
		t.Errorf("the upload step uploads %q, not public", build.Steps[i].With["path"])
	}
	if i := order["build"]; i >= 0 && !strings.Contains(build.Steps[i].Run, "steps.pages.outputs.base_url") && !strings.Contains(string(raw), "steps.pages.outputs.base_url") {
		t.Errorf("the build does not take the Pages base URL")
	}
	if step(deploy.Steps, func(u, _ string) bool { return u == "actions/deploy-pages" }) < 0 {
		t.Errorf("the deploy job does not use actions/deploy-pages")
	}
	if fmt.Sprint(deploy.Needs) != "build" || deploy.Environment.Name != "github-pages" ||
		deploy.Permissions["pages"] != "write" || deploy.Permissions["id-token"] != "write" {
		t.Errorf("the deploy job: needs %v, environment %q, permissions %v; want build, github-pages, pages and id-token write",
			deploy.Needs, deploy.Environment.Name, deploy.Permissions)
	}
	if uses < 6 {
		t.Errorf("only %d actions found", uses)
	}

	cmd := exec.Command("go", "tool", "actionlint", "-no-color", file)
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}

// dockerInstr is one Dockerfile instruction, continuation lines joined.
type dockerInstr struct {
	line      int
	cmd, args string
}

func parseDockerfile(t *testing.T, src string) []dockerInstr {
	t.Helper()
	var out []dockerInstr
	var cur strings.Builder
	start := 0
	for i, line := range strings.Split(src, "\n") {
		trim := strings.TrimSpace(line)
		if cur.Len() == 0 && (trim == "" || strings.HasPrefix(trim, "#")) {
			continue
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		if strings.HasPrefix(trim, "#") {
			continue // a comment inside a continued instruction
		}
		if c, ok := strings.CutSuffix(trim, `\`); ok {
			cur.WriteString(c + " ")
			continue
		}
		cur.WriteString(trim)
		f := strings.SplitN(cur.String(), " ", 2)
		in := dockerInstr{line: start, cmd: strings.ToUpper(f[0])}
		if len(f) == 2 {
			in.args = strings.Join(strings.Fields(f[1]), " ")
		}
		out = append(out, in)
		cur.Reset()
	}
	return out
}

// TestDockerfile checks what can be checked without a Docker daemon: a Go stage on the Go
// that go.mod names builds the site into /public and checks it; the final stage is nginx
// with deploy/nginx's configuration, and the only thing it takes from the build stage is
// /public, at the root site.conf serves; every file copied from the context exists and
// .dockerignore keeps it in.
func TestDockerfile(t *testing.T) {
	src := readOut(t, repoRoot, "Dockerfile")
	ins := parseDockerfile(t, src)
	type stage struct {
		image, name string
		ins         []dockerInstr
	}
	var stages []*stage
	for _, in := range ins {
		if in.cmd == "FROM" {
			f := strings.Fields(in.args)
			s := &stage{image: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				s.name = f[2]
			}
			stages = append(stages, s)
			continue
		}
		if len(stages) == 0 {
			if in.cmd != "ARG" {
				t.Fatalf("Dockerfile:%d: %s before FROM", in.line, in.cmd)
			}
			continue
		}
		stages[len(stages)-1].ins = append(stages[len(stages)-1].ins, in)
	}
	if len(stages) != 2 {
		t.Fatalf("the Dockerfile has %d stages, want 2 (build, serve)", len(stages))
	}
	build, final := stages[0], stages[1]
	gomod := readOut(t, repoRoot, "go.mod")
	goVersion := regexp.MustCompile(`(?m)^go (\S+)`).FindStringSubmatch(gomod)[1]
	if !strings.HasPrefix(build.image, "golang:"+goVersion) {
		t.Errorf("the build stage is %s; go.mod wants Go %s", build.image, goVersion)
	}
	var runs string
	for _, in := range build.ins {
		if in.cmd == "RUN" {
			runs += in.args + "\n"
		}
	}
	for _, want := range []string{"go run ./tools/site build -out /public", "bash deploy/publish.sh /public"} {
		if !strings.Contains(runs, want) {
			t.Errorf("the build stage does not run %q", want)
		}
	}
	if !strings.HasPrefix(final.image, "nginx:") || !strings.Contains(final.image, "alpine") {
		t.Errorf("the final image is %s, want nginx on Alpine", final.image)
	}
	site := readOut(t, repoRoot, "deploy/nginx/site.conf")
	root := regexp.MustCompile(`(?m)^\s*root\s+(\S+);`).FindStringSubmatch(site)
	listen := regexp.MustCompile(`(?m)^\s*listen\s+(\d+);`).FindStringSubmatch(site)
	fromBuild := 0
	for _, in := range final.ins {
		switch in.cmd {
		case "RUN", "ADD":
			t.Errorf("Dockerfile:%d: the final stage runs or fetches something (%s)", in.line, in.cmd)
		case "EXPOSE":
			if listen == nil || in.args != listen[1] {
				t.Errorf("Dockerfile:%d: EXPOSE %s, site.conf listens on %v", in.line, in.args, listen)
			}
		case "COPY":
			f := strings.Fields(in.args)
			if strings.HasPrefix(f[0], "--from=") {
				fromBuild++
				if f[0] != "--from="+build.name || len(f) != 3 || f[1] != "/public" || root == nil || f[2] != root[1] {
					t.Errorf("Dockerfile:%d: COPY %s; want only --from=%s /public %v", in.line, in.args, build.name, root)
				}
			}
		}
	}
	if fromBuild != 1 {
		t.Errorf("the final stage copies %d things from the build stage, want /public only", fromBuild)
	}
	// Every file copied from the build context exists, and .dockerignore lets it in.
	ignore := dockerignore(t)
	for _, s := range stages {
		for _, in := range s.ins {
			f := strings.Fields(in.args)
			if in.cmd != "COPY" || strings.HasPrefix(f[0], "--from=") {
				continue
			}
			for _, p := range f[:len(f)-1] {
				if strings.HasPrefix(p, "--") || p == "." {
					continue
				}
				if _, err := os.Stat(filepath.Join(repoRoot, p)); err != nil {
					t.Errorf("Dockerfile:%d: COPY %s: %v", in.line, p, err)
				}
				if ignore(p) {
					t.Errorf("Dockerfile:%d: COPY %s, but .dockerignore leaves it out", in.line, p)
				}
			}
		}
	}
	for _, p := range append(slices.Clone(siteFiles), "go.mod", "go.sum", "tools/site/main.go", "tools/internal", "deploy/publish.sh") {
		if ignore(p) {
			t.Errorf(".dockerignore leaves out %s, which the build needs", p)
		}
	}
	for _, p := range []string{".git", "public", ".site"} {
		if !ignore(p) {
			t.Errorf(".dockerignore lets %s into the build context", p)
		}
	}
}

// dockerignore returns whether .dockerignore leaves a path out (the patterns it uses:
// names, globs and **/ prefixes; no exceptions).
func dockerignore(t *testing.T) func(string) bool {
	t.Helper()
	var pats []string
	for _, l := range strings.Split(readOut(t, repoRoot, ".dockerignore"), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			if strings.HasPrefix(l, "!") {
				t.Fatalf(".dockerignore: exceptions (%s) are not understood by this test", l)
			}
			pats = append(pats, strings.TrimSuffix(l, "/"))
		}
	}
	return func(p string) bool {
		parts := strings.Split(path.Clean(p), "/")
		for _, pat := range pats {
			any := strings.HasPrefix(pat, "**/")
			pat = strings.TrimPrefix(pat, "**/")
			for i := range parts {
				if i > 0 && !any {
					break
				}
				for j := i + 1; j <= len(parts); j++ {
					if ok, _ := path.Match(pat, strings.Join(parts[i:j], "/")); ok {
						return true
					}
				}
			}
		}
		return false
	}
}

// TestPublishScript: deploy/publish.sh stops with what to run when the build is missing or
// incomplete, and publishes a complete one into a destination in one swap.
func TestPublishScript(t *testing.T) {
	script, err := filepath.Abs(filepath.Join(repoRoot, "deploy/publish.sh"))
	if err != nil {
		t.Fatal(err)
	}
	publish := func(args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, "bash", append([]string{script}, args...)...).CombinedOutput()
		return string(out), err
	}
	tmp := t.TempDir()
	out, err := publish(filepath.Join(tmp, "no-build"))
	if err == nil || !strings.Contains(out, "no build at") || !strings.Contains(out, "go run ./tools/site build") {
		t.Errorf("a missing build: %v\n%s", err, out)
	}
	half := filepath.Join(tmp, "half")
	if err := os.MkdirAll(half, 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(half, "index.html"), []byte("<!doctype html>"), 0o644)
	out, err = publish(half)
	if err == nil || !strings.Contains(out, "404.html is missing") || !strings.Contains(out, "go run ./tools/site build") {
		t.Errorf("an incomplete build: %v\n%s", err, out)
	}

	dir := built(t)
	dest := filepath.Join(tmp, "srv", "eng", "python-evidence")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(dest, "stale.html"), []byte("old"), 0o644)
	if out, err := publish(dir, dest); err != nil {
		t.Fatalf("publish: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dest, "stale.html")); err == nil {
		t.Errorf("the previous site's files survived the swap")
	}
	for _, p := range []string{"index.html", "sitemap.xml", "packs/python-dont-over-use-it.html"} {
		a, _ := os.ReadFile(filepath.Join(dir, p))
		b, err := os.ReadFile(filepath.Join(dest, p))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s was not published as built (%v)", p, err)
		}
	}
	if matches, _ := filepath.Glob(dest + ".*"); len(matches) > 0 {
		t.Errorf("publish left %q behind", matches)
	}
}

// nginxBinary finds nginx; without it the nginx test is skipped, except under CI=true.
func nginxBinary(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "nginx not found: install it with `apt-get install -y nginx-light` (.ci/run does)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// securityHeaders is deploy/nginx/security-headers.conf, or, while that file is not there
// yet, a minimal stand-in with the same form. It returns the snippet and the headers it
// adds (name -> value; a value that holds an nginx variable is checked up to it).
func securityHeaders(t *testing.T) ([]byte, map[string]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "deploy/nginx/security-headers.conf"))
	if os.IsNotExist(err) {
		t.Log("deploy/nginx/security-headers.conf is not there yet: testing with a stand-in")
		b = []byte("add_header X-Content-Type-Options \"nosniff\" always;\nadd_header Referrer-Policy \"no-referrer\" always;\n")
	} else if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^\s*add_header\s+(\S+)\s+"([^"]*)"`).FindAllStringSubmatch(string(b), -1) {
		want[http.CanonicalHeaderKey(m[1])] = m[2]
	}
	if len(want) == 0 {
		t.Fatal("the security headers snippet adds no header")
	}
	return b, want
}

// nginx is one nginx started by a test, with its own prefix, configuration, pid file and
// logs in a temporary folder.
type nginx struct {
	base string // http://127.0.0.1:port
	dir  string
	cmd  *exec.Cmd
	done chan error
}

// startNginx checks a configuration (nginx -t) whose http block includes server (a server
// block), then runs nginx in the foreground as a child of the test and stops it when the
// test ends.
func startNginx(t *testing.T, bin, server string, snippet []byte) *nginx {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"conf/snippets", "tmp", "logs"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mime, err := os.ReadFile("/etc/nginx/mime.types")
	if err != nil {
		t.Fatalf("nginx's mime.types: %v", err)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n" // the workers read the test's private temporary folders
	}
	conf := fmt.Sprintf(`%sworker_processes 1;
daemon off;
pid %[2]s/nginx.pid;
error_log %[2]s/logs/error.log warn;
events { worker_connections 64; }
http {
    include mime.types;
    default_type application/octet-stream;
    access_log %[2]s/logs/access.log;
    client_body_temp_path %[2]s/tmp/body;
    proxy_temp_path %[2]s/tmp/proxy;
    fastcgi_temp_path %[2]s/tmp/fastcgi;
    uwsgi_temp_path %[2]s/tmp/uwsgi;
    scgi_temp_path %[2]s/tmp/scgi;
    sendfile on;
    include site.conf;
}
`, user, dir)
	files := map[string][]byte{
		"conf/nginx.conf": []byte(conf), "conf/mime.types": mime, "conf/site.conf": []byte(server),
		"conf/snippets/security-headers.conf": snippet,
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"-p", dir + "/", "-c", filepath.Join(dir, "conf/nginx.conf"), "-e", filepath.Join(dir, "logs/error.log")}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, append([]string{"-t"}, args...)...).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "test is successful") {
		t.Fatalf("nginx -t: %v\n%s\nconfiguration:\n%s", err, out, server)
	}
	port := regexp.MustCompile(`listen 127\.0\.0\.1:(\d+);`).FindStringSubmatch(server)
	if port == nil {
		t.Fatal("the server block listens on no loopback port")
	}
	n := &nginx{base: "http://127.0.0.1:" + port[1], dir: dir, done: make(chan error, 1)}
	n.cmd = exec.Command(bin, args...)
	var stderr bytes.Buffer
	n.cmd.Stdout, n.cmd.Stderr = &stderr, &stderr
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { n.done <- n.cmd.Wait() }()
	t.Cleanup(func() { n.stop(t) })
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+port[1], time.Second)
		if err == nil {
			c.Close()
			break
		}
		select {
		case err := <-n.done:
			log, _ := os.ReadFile(filepath.Join(dir, "logs/error.log"))
			t.Fatalf("nginx exited: %v\n%s\n%s", err, stderr.String(), log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not listen on port %s within 15 s", port[1])
		}
		time.Sleep(50 * time.Millisecond)
	}
	return n
}

// stop ends nginx gracefully (SIGQUIT), then by force, and waits for it: it never outlives
// the test.
func (n *nginx) stop(t *testing.T) {
	if n.cmd.Process == nil {
		return
	}
	_ = n.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-n.done:
	case <-time.After(10 * time.Second):
		t.Errorf("nginx did not stop within 10 s of SIGQUIT: killing it")
		_ = n.cmd.Process.Kill()
		<-n.done
	}
	if b, err := os.ReadFile(filepath.Join(n.dir, "logs/error.log")); err == nil && bytes.Contains(b, []byte("[emerg]")) {
		t.Errorf("nginx's error log:\n%s", b)
	}
}

// mustReplace replaces the one occurrence of old, so a change to the shipped configuration
// that the test no longer understands fails loudly.
func mustReplace(t *testing.T, s, old, new string) string {
	t.Helper()
	if strings.Count(s, old) != 1 {
		t.Fatalf("the configuration should have %q exactly once", old)
	}
	return strings.Replace(s, old, new, 1)
}

// sitemapPaths lists the URL paths of the built sitemap.
func sitemapPaths(t *testing.T, dir string) []string {
	t.Helper()
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(readOut(t, dir, "sitemap.xml")), &sm); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range sm.URLs {
		p, err := url.Parse(u.Loc)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Path)
	}
	if len(out) < 10 {
		t.Fatalf("the sitemap lists %d pages", len(out))
	}
	return out
}

type fetched struct {
	status int
	header http.Header
	body   []byte // decompressed
	gz     bool
}

var client = &http.Client{
	Timeout:       10 * time.Second,
	Transport:     &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func get(t *testing.T, u string, gz bool) fetched {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	f := fetched{status: resp.StatusCode, header: resp.Header}
	if resp.Header.Get("Content-Encoding") == "gzip" {
		f.gz = true
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("GET %s: gzip: %v", u, err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatalf("GET %s: gzip: %v", u, err)
		}
	}
	f.body = body
	return f
}

// TestNginx serves builds through Debian's nginx with deploy/nginx's configurations: the
// root site with site.conf, and a sub-path build with subpath.conf inside a host's server
// block. Each configuration passes nginx -t; then every page of the sitemap comes back 200
// as UTF-8 HTML, byte for byte, gzipped when asked (and only then), with the security
// headers and a short cache; the fingerprinted CSS and JavaScript are cached for a year as
// immutable; the other files have their types; packs come as downloads; a missing page is a
// 404 with the site's 404 page; a folder without its slash redirects within the site.
func TestNginx(t *testing.T) {
	bin := nginxBinary(t)
	snippet, headers := securityHeaders(t)
	t.Run("root", func(t *testing.T) {
		dir := built(t)
		port := freePort(t)
		conf := readOut(t, repoRoot, "deploy/nginx/site.conf")
		conf = mustReplace(t, conf, "listen 8080;", fmt.Sprintf("listen 127.0.0.1:%d;", port))
		conf = mustReplace(t, conf, "root /usr/share/nginx/html;", "root "+dir+";")
		n := startNginx(t, bin, conf, snippet)
		roundTrip(t, n, dir, "/", headers)
	})
	t.Run("subpath", func(t *testing.T) {
		const prefix = "/eng/python-evidence/"
		www := t.TempDir()
		dir := filepath.Join(www, filepath.FromSlash(prefix))
		if err := buildSite(copySite(t), dir, "https://kb.internal"+prefix); err != nil {
			t.Fatal(err)
		}
		port := freePort(t)
		loc := readOut(t, repoRoot, "deploy/nginx/subpath.conf")
		loc = mustReplace(t, loc, "root /srv/kb;", "root "+www+";")
		server := fmt.Sprintf("server {\n    listen 127.0.0.1:%d;\n    server_name _;\n    include snippets/security-headers.conf;\n%s\n}\n", port, loc)
		n := startNginx(t, bin, server, snippet)
		roundTrip(t, n, dir, prefix, headers)
		if f := get(t, n.base+strings.TrimSuffix(prefix, "/"), false); f.status != 301 || !strings.HasSuffix(f.header.Get("Location"), prefix) {
			t.Errorf("GET %s: %d to %q, want a redirect to %s", strings.TrimSuffix(prefix, "/"), f.status, f.header.Get("Location"), prefix)
		}
	})
}

// gzipMin: nginx compresses what is at least this long (gzip_min_length 512, with room).
const gzipMin = 1024

// roundTrip fetches a build through n, where prefix is the URL path of dir.
func roundTrip(t *testing.T, n *nginx, dir, prefix string, security map[string]string) {
	t.Helper()
	file := func(p string) string {
		rel := strings.TrimPrefix(p, prefix)
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		return filepath.Join(dir, filepath.FromSlash(rel))
	}
	checkSecurity := func(p string, f fetched) {
		t.Helper()
		for name, want := range security {
			got := f.header.Get(name)
			if i := strings.IndexByte(want, '$'); i >= 0 {
				want = want[:i]
			}
			if !strings.HasPrefix(got, want) || got == "" {
				t.Errorf("%s: %s is %q, want %q", p, name, got, security[name])
			}
		}
	}
	short := func(p string, f fetched) {
		t.Helper()
		if cc := f.header.Get("Cache-Control"); cc != "max-age=300" || f.header.Get("Expires") == "" {
			t.Errorf("%s: Cache-Control %q, Expires %q; want a five-minute cache", p, cc, f.header.Get("Expires"))
		}
	}
	assets := map[string]bool{}
	pages := sitemapPaths(t, dir)
	for _, p := range pages {
		if !strings.HasPrefix(p, prefix) {
			t.Errorf("the sitemap lists %s, outside %s", p, prefix)
			continue
		}
		want, err := os.ReadFile(file(p))
		if err != nil {
			t.Errorf("the sitemap lists %s, which is not built: %v", p, err)
			continue
		}
		f := get(t, n.base+p, true)
		if f.status != 200 || f.header.Get("Content-Type") != "text/html; charset=utf-8" || !bytes.Equal(f.body, want) {
			t.Errorf("GET %s: %d %q, %d bytes; want 200 UTF-8 HTML, the built %d bytes", p, f.status, f.header.Get("Content-Type"), len(f.body), len(want))
			continue
		}
		if (!f.gz && len(want) >= gzipMin) || !strings.Contains(f.header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("GET %s: not gzipped (Content-Encoding %q, Vary %q)", p, f.header.Get("Content-Encoding"), f.header.Get("Vary"))
		}
		checkSecurity(p, f)
		short(p, f)
		if plain := get(t, n.base+p, false); plain.gz || !bytes.Equal(plain.body, want) {
			t.Errorf("GET %s without Accept-Encoding: gzipped anyway, or another body", p)
		}
		doc, _ := html.Parse(bytes.NewReader(want))
		for _, el := range findNodes(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
			for _, key := range []string{"src", "href", "data-echarts"} {
				if v := attr(el, key); regexp.MustCompile(`\.[0-9a-f]{64}\.(css|js)$`).MatchString(v) {
					assets[v] = true
				}
			}
		}
	}
	t.Logf("fetched %d pages of the sitemap through nginx", len(pages))

	// Hugo's fingerprinted files: a year, immutable, compressed, with the security headers.
	if len(assets) < 4 {
		t.Errorf("only %d fingerprinted assets found in the pages: %v", len(assets), assets)
	}
	for a := range assets {
		f := get(t, n.base+a, true)
		typ := map[string]string{".css": "text/css", ".js": "application/javascript"}[path.Ext(a)]
		if f.status != 200 || !strings.HasPrefix(f.header.Get("Content-Type"), typ) || (!f.gz && len(f.body) >= gzipMin) {
			t.Errorf("GET %s: %d %q, %d bytes, gzip=%v", a, f.status, f.header.Get("Content-Type"), len(f.body), f.gz)
		}
		if cc := f.header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" || len(f.header.Values("Cache-Control")) != 1 || f.header.Get("Expires") != "" {
			t.Errorf("GET %s: Cache-Control %q (Expires %q); want one year, immutable", a, f.header.Values("Cache-Control"), f.header.Get("Expires"))
		}
		checkSecurity(a, f)
	}

	// Other files: their types, a short cache, the headers.
	id := "bg_cpu_time"
	for p, typ := range map[string]string{
		"sitemap.xml": "text/xml", "index.xml": "text/xml", "robots.txt": "text/plain",
		"charts/" + id + "/data.csv": "text/csv; charset=utf-8", "charts/" + id + "/chart.svg": "image/svg+xml",
		"charts/" + id + "/chart.png": "image/png", "charts/" + id + "/chart.json": "application/json",
		"charts/" + id + "/embed/": "text/html; charset=utf-8", "search/": "text/html; charset=utf-8",
		"packs/python-dont-over-use-it.zip": "application/zip", "favicon.ico": "image/",
	} {
		f := get(t, n.base+prefix+p, true)
		want, _ := os.ReadFile(file(prefix + p))
		if f.status != 200 || !strings.HasPrefix(f.header.Get("Content-Type"), typ) || !bytes.Equal(f.body, want) {
			t.Errorf("GET %s: %d %q, want 200 %q and the built file", prefix+p, f.status, f.header.Get("Content-Type"), typ)
		}
		checkSecurity(prefix+p, f)
		short(prefix+p, f)
	}
	// The snippet lets any site frame the chart embed pages, and only the site itself frame
	// the rest; its `if` must work inside these configurations' locations.
	if strings.Contains(security["Content-Security-Policy"], "$pyevidence_frame_ancestors") {
		for p, want := range map[string]string{
			prefix + "charts/" + id + "/embed/": "frame-ancestors *", prefix + "about/": "frame-ancestors 'self'",
		} {
			if csp := get(t, n.base+p, false).header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, want) {
				t.Errorf("GET %s: Content-Security-Policy %q, want it to end with %q", p, csp, want)
			}
		}
	}
	pack := prefix + "packs/python-dont-over-use-it.html"
	if f := get(t, n.base+pack, true); f.status != 200 || f.header.Get("Content-Disposition") != "attachment" || !f.gz {
		t.Errorf("GET %s: %d, Content-Disposition %q, gzip=%v; want a compressed download", pack, f.status, f.header.Get("Content-Disposition"), f.gz)
	} else {
		checkSecurity(pack, f)
	}

	missing := prefix + "no-such-page/"
	f := get(t, n.base+missing, true)
	notFound, _ := os.ReadFile(filepath.Join(dir, "404.html"))
	if f.status != 404 || !bytes.Equal(f.body, notFound) {
		t.Errorf("GET %s: %d, %d bytes; want 404 with the site's 404 page", missing, f.status, len(f.body))
	}
	checkSecurity(missing, f)
	if f := get(t, n.base+prefix+"about", false); f.status != 301 || f.header.Get("Location") != prefix+"about/" {
		t.Errorf("GET %sabout: %d to %q, want a redirect to %sabout/", prefix, f.status, f.header.Get("Location"), prefix)
	}
}
