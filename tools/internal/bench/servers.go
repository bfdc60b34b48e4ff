package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
)

// server is one way to serve the JSON endpoint: a runtime's standard server or a framework
// as it is deployed. Each is started with its documented production command; the exact
// command is recorded with the results.
type server struct {
	ID      string // flask-gunicorn
	Runtime string
	Name    string // Flask + gunicorn
	Kind    string // "standard library" or "framework"
	// plan finds what the server needs beyond its runtime. A nil plan with a nil error
	// comes with a Missing that says what to install.
	plan func(s *suite, rt *Runtime) (*serverPlan, *Missing, error)
}

// serverPlan starts one server.
type serverPlan struct {
	Version string // the versions of what serves, beyond the runtime's
	// Cmds returns the processes to start for a server on port, writing any configuration
	// into dir (a fresh folder).
	Cmds func(port int, dir string) ([][]string, error)
}

const (
	kindStd       = "standard library"
	kindFramework = "framework"
)

func (s *suite) httpDir() string { return filepath.Join(s.root, "tools", "bench", "http") }

// pyVersions asks the Python runtime for the versions of distributions; a missing one
// makes the server unavailable.
func (s *suite) pyVersions(rt *Runtime, dists ...string) (string, error) {
	code := "import importlib.metadata as m, sys\nfor d in sys.argv[1:]: print(d, m.version(d))"
	out, err := s.finder.Output(s.ctx, append([]string{rt.Path, "-c", code}, dists...)...)
	if err != nil {
		return "", fmt.Errorf("%s cannot import %s: %s", rt.Path, strings.Join(dists, ", "), lastLines(out, 1))
	}
	return strings.ReplaceAll(out, "\n", ", "), nil
}

func portArg(port int) string { return itoa(port) }

var servers = []server{
	{"python-stdlib", "python", "Python http.server", kindStd, func(s *suite, rt *Runtime) (*serverPlan, *Missing, error) {
		return &serverPlan{Version: "http.server.ThreadingHTTPServer", Cmds: func(port int, _ string) ([][]string, error) {
			return [][]string{{rt.Path, filepath.Join(s.httpDir(), "python_stdlib.py"), portArg(port)}}, nil
		}}, nil, nil
	}},
	{"flask-gunicorn", "python", "Flask + gunicorn", kindFramework, func(s *suite, rt *Runtime) (*serverPlan, *Missing, error) {
		v, err := s.pyVersions(rt, "flask", "gunicorn")
		if err != nil {
			return nil, &Missing{"flask-gunicorn", err.Error(), "apt-get install -y python3-flask gunicorn"}, nil
		}
		return &serverPlan{Version: v, Cmds: func(port int, _ string) ([][]string, error) {
			// gunicorn's documented worker count for one core is 2*cores+1 = 3; the gthread
			// worker keeps connections alive, which the sync worker does not.
			return [][]string{{rt.Path, "-m", "gunicorn", "--chdir", s.httpDir(), "--bind", "127.0.0.1:" + portArg(port),
				"--workers", "3", "--worker-class", "gthread", "--threads", "4", "--log-level", "warning", "python_flask:app"}}, nil
		}}, nil, nil
	}},
	{"fastapi-uvicorn", "python", "FastAPI + uvicorn", kindFramework, func(s *suite, rt *Runtime) (*serverPlan, *Missing, error) {
		v, err := s.pyVersions(rt, "fastapi", "uvicorn")
		if err != nil {
			return nil, &Missing{"fastapi-uvicorn", err.Error(), "apt-get install -y python3-fastapi uvicorn python3-uvloop"}, nil
		}
		if lv, err := s.pyVersions(rt, "uvloop"); err == nil {
			v += ", " + lv
		} else {
			v += ", asyncio event loop (python3-uvloop not installed)"
		}
		return &serverPlan{Version: v, Cmds: func(port int, _ string) ([][]string, error) {
			return [][]string{{rt.Path, "-m", "uvicorn", "--app-dir", s.httpDir(), "--host", "127.0.0.1", "--port", portArg(port),
				"--log-level", "warning", "--no-access-log", "python_fastapi:app"}}, nil
		}}, nil, nil
	}},
	{"go-nethttp", "go", "Go net/http", kindStd, func(s *suite, rt *Runtime) (*serverPlan, *Missing, error) {
		bin, err := s.build("go/http", func(out string) []string {
			return []string{rt.Path, "build", "-o", filepath.Join(out, "http"), "./tools/bench/http"}
		})
		if err != nil {
			return nil, nil, err
		}
		return &serverPlan{Version: "net/http", Cmds: func(port int, _ string) ([][]string, error) {
			return [][]string{{filepath.Join(bin, "http"), portArg(port)}}, nil
		}}, nil, nil
	}},
	{"node-http", "node", "Node.js http", kindStd, func(s *suite, rt *Runtime) (*serverPlan, *Missing, error) {
		return &serverPlan{Version: "node:http", Cmds: func(port int, _ string) ([][]string, error) {
			return [][]string{{rt.Path, filepath.Join(s.httpDir(), "node_http.js"), portArg(port)}}, nil
		}}, nil, nil
	}},
	nodeFramework("node-express", "Express", "express", "node_express.js"),
	nodeFramework("node-fastify", "Fastify", "fastify", "node_fastify.js"),
	{"java-httpserver", "java", "Java com.sun.net.httpserver", kindStd, func(s *suite, rt *Runtime) (*serverPlan, *Missing, error) {
		classes, err := s.build("java/http", func(out string) []string {
			return []string{rt.Tools["javac"], "-d", out, filepath.Join(s.httpDir(), "JsonServer.java")}
		})
		if err != nil {
			return nil, nil, err
		}
		return &serverPlan{Version: "com.sun.net.httpserver", Cmds: func(port int, _ string) ([][]string, error) {
			// The server writes headers and body separately; without its documented nodelay
			// property each response waits for the client's delayed ACK (about 40 ms).
			return [][]string{{rt.Path, "-Dsun.net.httpserver.nodelay=true", "-cp", classes, "JsonServer", portArg(port)}}, nil
		}}, nil, nil
	}},
	{"php-builtin", "php", "PHP built-in server", kindStd, func(s *suite, rt *Runtime) (*serverPlan, *Missing, error) {
		return &serverPlan{Version: "php -S (one worker)", Cmds: func(port int, _ string) ([][]string, error) {
			return [][]string{{rt.Path, "-S", "127.0.0.1:" + portArg(port), filepath.Join(s.httpDir(), "php_index.php")}}, nil
		}}, nil, nil
	}},
	{"php-fpm-nginx", "php", "PHP-FPM + nginx", kindFramework, planFPM},
	{"ruby-webrick", "ruby", "Ruby WEBrick", kindStd, func(s *suite, rt *Runtime) (*serverPlan, *Missing, error) {
		out, err := s.finder.Output(s.ctx, rt.Path, "-rwebrick", "-e", "print WEBrick::VERSION")
		if err != nil {
			return nil, &Missing{"ruby-webrick", "ruby cannot load webrick: " + lastLines(out, 1), "apt-get install -y ruby-webrick"}, nil
		}
		return &serverPlan{Version: "webrick " + out, Cmds: func(port int, _ string) ([][]string, error) {
			return [][]string{{rt.Path, filepath.Join(s.httpDir(), "ruby_webrick.rb"), portArg(port)}}, nil
		}}, nil, nil
	}},
	{"ruby-puma", "ruby", "Rack + Puma", kindFramework, func(s *suite, rt *Runtime) (*serverPlan, *Missing, error) {
		puma, ok := s.finder.Look("puma")
		if !ok {
			return nil, &Missing{"ruby-puma", "puma not found on " + s.finder.Path, "apt-get install -y puma ruby-rack"}, nil
		}
		out, err := s.finder.Output(s.ctx, puma, "--version")
		if err != nil {
			return nil, &Missing{"ruby-puma", puma + " --version failed: " + lastLines(out, 1), "apt-get install -y puma ruby-rack"}, nil
		}
		return &serverPlan{Version: lastLines(out, 1), Cmds: func(port int, _ string) ([][]string, error) {
			// Puma's defaults: single mode, 0 to 5 threads.
			return [][]string{{puma, "--bind", "tcp://127.0.0.1:" + portArg(port), "--environment", "production",
				"--quiet", filepath.Join(s.httpDir(), "ruby_rack.ru")}}, nil
		}}, nil, nil
	}},
}

func nodeFramework(id, name, pkg, file string) server {
	return server{id, "node", name, kindFramework, func(s *suite, rt *Runtime) (*serverPlan, *Missing, error) {
		b, err := os.ReadFile(filepath.Join(s.httpDir(), "node_modules", pkg, "package.json"))
		if err != nil {
			return nil, &Missing{id, pkg + " is not installed in tools/bench/http/node_modules", "cd tools/bench/http && npm ci"}, nil
		}
		var p struct{ Version string }
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, nil, fmt.Errorf("tools/bench/http/node_modules/%s/package.json: %w", pkg, err)
		}
		return &serverPlan{Version: pkg + " " + p.Version, Cmds: func(port int, _ string) ([][]string, error) {
			return [][]string{{rt.Path, filepath.Join(s.httpDir(), file), portArg(port)}}, nil
		}}, nil, nil
	}}
}

// planFPM serves php_index.php through PHP-FPM (a static pool of 4 workers) behind nginx
// (one worker process), talking FastCGI over a Unix socket: the usual PHP deployment.
func planFPM(s *suite, rt *Runtime) (*serverPlan, *Missing, error) {
	const install = "apt-get install -y php-fpm nginx"
	fpm, ok := s.finder.LookGlob("php-fpm*")
	if !ok {
		return nil, &Missing{"php-fpm-nginx", "php-fpm not found on " + s.finder.Path, install}, nil
	}
	nginx, ok := s.finder.Look("nginx")
	if !ok {
		return nil, &Missing{"php-fpm-nginx", "nginx not found on " + s.finder.Path, install}, nil
	}
	fv, err := s.finder.Output(s.ctx, fpm, "-v")
	if err != nil {
		return nil, &Missing{"php-fpm-nginx", fpm + " -v failed: " + lastLines(fv, 1), install}, nil
	}
	nv, err := s.finder.Output(s.ctx, nginx, "-v")
	if err != nil {
		return nil, &Missing{"php-fpm-nginx", nginx + " -v failed: " + lastLines(nv, 1), install}, nil
	}
	version := strings.SplitN(fv, "\n", 2)[0] + ", " + strings.TrimPrefix(lastLines(nv, 1), "nginx version: ")
	return &serverPlan{Version: version, Cmds: func(port int, dir string) ([][]string, error) {
		// nginx's workers may run as another user, who must reach the socket's folder.
		if err := os.Chmod(dir, 0o755); err != nil {
			return nil, err
		}
		root := os.Geteuid() == 0
		data := map[string]any{
			"Dir": dir, "Port": port, "Script": filepath.Join(s.httpDir(), "php_index.php"), "Root": root,
		}
		fpmConf, nginxConf := filepath.Join(dir, "php-fpm.conf"), filepath.Join(dir, "nginx.conf")
		if err := writeTemplate(fpmConf, fpmTemplate, data); err != nil {
			return nil, err
		}
		if err := writeTemplate(nginxConf, nginxTemplate, data); err != nil {
			return nil, err
		}
		fpmCmd := []string{fpm, "--nodaemonize", "--fpm-config", fpmConf}
		if root {
			fpmCmd = append(fpmCmd, "--allow-to-run-as-root")
		}
		return [][]string{fpmCmd, {nginx, "-p", dir, "-c", nginxConf, "-g", "daemon off;"}}, nil
	}}, nil, nil
}

func writeTemplate(path, text string, data any) error {
	t, err := template.New(filepath.Base(path)).Parse(text)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := t.Execute(f, data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

const fpmTemplate = `[global]
pid = {{.Dir}}/php-fpm.pid
error_log = {{.Dir}}/php-fpm.log
daemonize = no

[json]
{{if .Root}}user = root
group = root
{{end}}listen = {{.Dir}}/php-fpm.sock
listen.mode = 0666
pm = static
pm.max_children = 4
`

const nginxTemplate = `{{if .Root}}user root root;
{{end}}worker_processes 1;
pid {{.Dir}}/nginx.pid;
error_log {{.Dir}}/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path {{.Dir}}/client_body;
    proxy_temp_path {{.Dir}}/proxy;
    fastcgi_temp_path {{.Dir}}/fastcgi;
    uwsgi_temp_path {{.Dir}}/uwsgi;
    scgi_temp_path {{.Dir}}/scgi;
    upstream fpm { server unix:{{.Dir}}/php-fpm.sock; }
    server {
        listen 127.0.0.1:{{.Port}};
        location = /json {
            fastcgi_param SCRIPT_FILENAME {{.Script}};
            fastcgi_param REQUEST_METHOD $request_method;
            fastcgi_param REQUEST_URI $request_uri;
            fastcgi_param QUERY_STRING $query_string;
            fastcgi_param SERVER_PROTOCOL $server_protocol;
            fastcgi_pass fpm;
        }
    }
}
`
