package bench

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Runtime is a language runtime found on the machine.
type Runtime struct {
	Name    string // python, go, node, java, php, ruby
	Display string // Python, Go, Node.js, Java, PHP, Ruby
	Path    string // the executable, resolved
	Version string // as the runtime prints it
	// Tools are the other executables it needs (javac), by name.
	Tools map[string]string
}

// Missing is a runtime, framework or tool that was not found, and how to install it.
type Missing struct {
	Name    string
	Reason  string
	Install string
}

// runtimeSpec says how to find one runtime.
type runtimeSpec struct {
	name, display string
	exe           string
	versionArgs   []string
	also          []string // other executables it needs
	install       string
}

// 2026-11: the Debian 12 package names; setup.sh installs the same ones.
var runtimeSpecs = []runtimeSpec{
	{"python", "Python", "python3", []string{"--version"}, nil, "apt-get install -y python3"},
	{"go", "Go", "go", []string{"version"}, nil, "apt-get install -y golang-go (or Go from go.dev; the harness itself runs on Go)"},
	{"node", "Node.js", "node", []string{"--version"}, nil, "apt-get install -y nodejs npm"},
	{"java", "Java", "java", []string{"-version"}, []string{"javac"}, "apt-get install -y openjdk-17-jdk-headless"},
	{"php", "PHP", "php", []string{"--version"}, nil, "apt-get install -y php-cli"},
	{"ruby", "Ruby", "ruby", []string{"--version"}, nil, "apt-get install -y ruby"},
}

// RuntimeNames lists every runtime the suite knows, in its order.
func RuntimeNames() []string {
	var out []string
	for _, s := range runtimeSpecs {
		out = append(out, s.name)
	}
	return out
}

// Finder looks executables up and asks them their version.
type Finder struct {
	// Path is the search path, as in $PATH.
	Path string
	// Timeout bounds every version query.
	Timeout time.Duration
}

// DefaultPath is where runtimes are looked for: Debian's /usr/bin first (the packages that
// setup.sh installs, and the system Python, which Debian's Flask and FastAPI packages are
// for), then $PATH.
func DefaultPath() string {
	return "/usr/bin:" + os.Getenv("PATH")
}

// Look finds an executable by name on f.Path; a name with a slash is used as it is.
func (f Finder) Look(name string) (string, bool) {
	if strings.Contains(name, "/") {
		if isExec(name) {
			return name, true
		}
		return "", false
	}
	for _, dir := range filepath.SplitList(f.Path) {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, name)
		if isExec(p) {
			return p, true
		}
	}
	return "", false
}

// LookGlob finds the first executable matching a pattern such as "php-fpm*".
func (f Finder) LookGlob(pattern string) (string, bool) {
	for _, dir := range filepath.SplitList(f.Path) {
		if dir == "" {
			continue
		}
		ms, _ := filepath.Glob(filepath.Join(dir, pattern))
		slices.Sort(ms)
		for _, m := range ms {
			if isExec(m) {
				return m, true
			}
		}
	}
	return "", false
}

func isExec(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// Output runs a short command (a version query) with f's timeout and returns its combined
// output, trimmed.
func (f Finder) Output(ctx context.Context, argv ...string) (string, error) {
	t := f.Timeout
	if t == 0 {
		t = 20 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "PATH="+f.Path)
	configureGroup(cmd)
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// Discover finds each runtime in names. A runtime that is missing, or that does not answer
// its version query, is returned in missing with the command that installs it.
func (f Finder) Discover(ctx context.Context, names []string) (found []*Runtime, missing []Missing) {
	for _, s := range runtimeSpecs {
		if !slices.Contains(names, s.name) {
			continue
		}
		p, ok := f.Look(s.exe)
		if !ok {
			missing = append(missing, Missing{s.name, s.exe + " not found on " + f.Path, s.install})
			continue
		}
		rt := &Runtime{Name: s.name, Display: s.display, Path: p, Tools: map[string]string{}}
		for _, t := range s.also {
			tp, ok := f.Look(t)
			if !ok {
				missing = append(missing, Missing{s.name, t + " not found on " + f.Path, s.install})
				rt = nil
				break
			}
			rt.Tools[t] = tp
		}
		if rt == nil {
			continue
		}
		out, err := f.Output(ctx, append([]string{p}, s.versionArgs...)...)
		if err != nil || out == "" {
			missing = append(missing, Missing{s.name, p + " " + strings.Join(s.versionArgs, " ") + " failed: " + errText(err, out), s.install})
			continue
		}
		rt.Version = versionText(s.name, out)
		found = append(found, rt)
	}
	return found, missing
}

// versionText keeps the lines of a version message that name the version: the first line,
// and for Java also the runtime's build line.
func versionText(name, out string) string {
	lines := strings.Split(out, "\n")
	v := strings.TrimSpace(lines[0])
	if name == "java" && len(lines) > 1 {
		v += "; " + strings.TrimSpace(lines[1])
	}
	return v
}

func errText(err error, out string) string {
	msg := lastLines(out, 3)
	if err != nil {
		if msg != "" {
			return err.Error() + ": " + msg
		}
		return err.Error()
	}
	return "no output"
}

// lastLines returns the last n non-empty lines of s, joined by " | ".
func lastLines(s string, n int) string {
	var ls []string
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" {
			ls = append(ls, t)
		}
	}
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, " | ")
}
