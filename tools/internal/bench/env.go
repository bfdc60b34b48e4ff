package bench

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Machine describes the computer a run measured.
type Machine struct {
	Hostname string
	CPU      string // model name
	Cores    int
	MemoryMB int // MiB, from /proc/meminfo
	Kernel   string
	OS       string
	LoadAvg  string // 1, 5 and 15 minute load averages
}

// ReadMachine reads the machine's description from /proc and /etc. A value it cannot read
// is left empty rather than guessed.
func ReadMachine() Machine {
	m := Machine{Cores: runtime.NumCPU(), LoadAvg: LoadAvg()}
	m.Hostname, _ = os.Hostname()
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(b))
	}
	m.CPU = field("/proc/cpuinfo", "model name", ":")
	if kb, err := strconv.Atoi(strings.TrimSuffix(field("/proc/meminfo", "MemTotal", ":"), " kB")); err == nil {
		m.MemoryMB = kb / 1024
	}
	m.OS = strings.Trim(field("/etc/os-release", "PRETTY_NAME", "="), `"`)
	return m
}

// LoadAvg returns the first three fields of /proc/loadavg.
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// field returns the value of the first "key<sep>value" line of a file.
func field(path, key, sep string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), sep)
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
