// Package importer turns an upstream data file (as published, or as copied into the evidence
// folder) into a dataset's data.csv, and records the new checksum in its meta.toml. Each
// importer states what it expects of the upstream format, so that a changed format fails
// loudly, at the upstream file's line and column, instead of producing a quietly wrong chart.
package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"pyevidence/tools/internal/dataset"
)

// importer is one registered importer.
type importer struct {
	name string
	// usage is the argument synopsis, shown when the arguments are wrong.
	usage string
	run   func(ctx context.Context, args []string, datasetsDir string) (*table, error)
	// runAll, set instead of run, makes several datasets from one upstream file.
	runAll func(ctx context.Context, args []string, datasetsDir string) ([]*table, error)
}

// table is what an importer produces: the rows of one dataset's data.csv.
type table struct {
	id     string // dataset folder name
	header []string
	rows   [][]string
	// meta, when set, returns the whole meta.toml for the data's checksum. Importers whose
	// provenance depends on the input (so-survey) write their sidecar; the others keep the
	// hand-written one and only have its sha256 line updated.
	meta func(sha string) ([]byte, error)
}

var registry = map[string]*importer{}

func register(imp *importer) { registry[imp.name] = imp }

func init() {
	register(benchmarksGame)
	register(energy)
	register(endoflife)
	register(innovationGraph)
	register(webFrameworks)
	register(fasterCPython)
	register(copyImporter)
	register(soSurvey)
	register(so2023Transcription)
	register(localBench)
}

// Names lists the importers, for the CLI's help.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Usage returns the usage line of every importer, in name order.
func Usage() []string {
	var out []string
	for _, n := range Names() {
		out = append(out, "import "+n+" "+registry[n].usage)
	}
	return out
}

// Run runs importer name on args (usually one upstream file or folder path), writing
// data/datasets/<id>/data.csv under datasetsDir. It writes the CSV atomically (temp file +
// rename in the same folder), updates the `sha256 = "..."` line of that dataset's meta.toml
// in place, then loads and checks the dataset with package dataset; if the check fails it
// restores the previous data.csv/meta.toml and returns the errors. It prints a one-line
// summary (rows written, sha256) to stdout.
func Run(ctx context.Context, name string, args []string, datasetsDir string, stdout io.Writer) error {
	imp, ok := registry[name]
	if !ok {
		return fmt.Errorf("unknown importer %q (want one of %s)", name, strings.Join(Names(), ", "))
	}
	if imp.runAll != nil {
		ts, err := imp.runAll(ctx, args, datasetsDir)
		if err != nil {
			return err
		}
		for _, t := range ts {
			if err := write(t, datasetsDir, stdout); err != nil {
				return err
			}
		}
		return nil
	}
	t, err := imp.run(ctx, args, datasetsDir)
	if err != nil {
		return err
	}
	return write(t, datasetsDir, stdout)
}

// errUsage reports wrong arguments.
func errUsage(imp string, usage string) error {
	return fmt.Errorf("usage: import %s %s", imp, usage)
}

// encode is the one CSV form of every dataset: a header, LF line ends, quotes only where
// needed.
func encode(header []string, rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(header); err != nil {
		return nil, err
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// write installs t under datasetsDir, checks the result and puts the previous files back if
// the check fails.
func write(t *table, datasetsDir string, stdout io.Writer) error {
	data, err := encode(t.header, t.rows)
	if err != nil {
		return err
	}
	s := sha256.Sum256(data)
	sum := hex.EncodeToString(s[:])

	dir := filepath.Join(datasetsDir, t.id)
	dataPath := filepath.Join(dir, "data.csv")
	metaPath := filepath.Join(dir, "meta.toml")
	oldMeta, err := readIfExists(metaPath)
	if err != nil {
		return err
	}
	var newMeta []byte
	if t.meta != nil {
		if newMeta, err = t.meta(sum); err != nil {
			return err
		}
	} else {
		if oldMeta == nil {
			return fmt.Errorf("%s: no such file: write the dataset's sidecar (see the other datasets) before importing", metaPath)
		}
		if newMeta, err = setSHA(metaPath, oldMeta, sum); err != nil {
			return err
		}
	}
	oldData, err := readIfExists(dataPath)
	if err != nil {
		return err
	}
	_, statErr := os.Stat(dir)
	newDir := errors.Is(statErr, fs.ErrNotExist)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}

	restore := func() error {
		err := errors.Join(putBack(dataPath, oldData), putBack(metaPath, oldMeta))
		if err == nil && newDir {
			err = os.Remove(dir)
		}
		return err
	}
	if err := writeAtomic(dataPath, data); err != nil {
		return err
	}
	if err := writeAtomic(metaPath, newMeta); err != nil {
		return errors.Join(err, restore())
	}
	var errs dataset.Errors
	d, err := dataset.Load(dir)
	if err != nil {
		errs = dataset.AsErrors(err)
	}
	if d != nil {
		errs = append(errs, dataset.Check(d)...)
	}
	if err := errs.Err(); err != nil {
		if rerr := restore(); rerr != nil {
			return fmt.Errorf("%w\n%s: could not restore the previous files: %v", err, dir, rerr)
		}
		return fmt.Errorf("%w\n%s: the imported data fails its check; the previous data.csv and meta.toml were restored", err, dir)
	}
	fmt.Fprintf(stdout, "%s: %d rows, sha256 %s\n", dataPath, len(t.rows), sum)
	return nil
}

// readIfExists returns a file's bytes, or nil if it does not exist.
func readIfExists(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// putBack restores a file's previous bytes, or removes it if it did not exist.
func putBack(path string, old []byte) error {
	if old == nil {
		err := os.Remove(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	return writeAtomic(path, old)
}

// writeAtomic replaces path with data through a temporary file in the same folder, so that a
// reader (or a crash) sees either the old file or the new one, never half of one.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

var shaLineRe = regexp.MustCompile(`^sha256\s*=\s*"[^"]*"\s*(#.*)?$`)

// setSHA rewrites the top-level `sha256 = "..."` line of a meta.toml and leaves every other
// byte alone, so that hand-written prose and comments survive an import.
func setSHA(path string, src []byte, sum string) ([]byte, error) {
	lines := strings.SplitAfter(string(src), "\n")
	inString := "" // the delimiter of the multi-line string being read, if any
	for i, l := range lines {
		body := strings.TrimRight(l, "\r\n")
		t := strings.TrimSpace(body)
		if inString != "" {
			if strings.Count(t, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		for _, q := range []string{`"""`, "'''"} {
			if strings.Count(t, q)%2 == 1 {
				inString = q
			}
		}
		if inString != "" {
			continue
		}
		if strings.HasPrefix(t, "[") {
			// Keys after a table header belong to that table.
			break
		}
		if shaLineRe.MatchString(t) {
			lines[i] = `sha256 = "` + sum + `"` + l[len(body):]
			return []byte(strings.Join(lines, "")), nil
		}
	}
	return nil, dataset.Errorf(path, 1, 1, `no top-level sha256 = "..." line before the first [table]: add one`)
}
