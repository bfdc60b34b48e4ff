package dataset

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Dataset is one loaded dataset: its sidecar and its table, with the position of every
// cell so that a check can point at it.
type Dataset struct {
	ID       string // the folder name
	MetaPath string
	CSVPath  string
	Meta     Meta
	metaSrc  string

	Header []string
	Rows   [][]string
	// pos[r][c] is the line and column of Rows[r][c] in data.csv; headerLine is 1.
	pos       [][][2]int
	headerPos [][2]int
	// SHA256 is the checksum of data.csv as read.
	SHA256 string
}

// Pos returns the line and column of cell (row, col) in data.csv.
func (d *Dataset) Pos(row, col int) (line, c int) {
	p := d.pos[row][col]
	return p[0], p[1]
}

// Col returns the index of a column by name, or -1.
func (d *Dataset) Col(name string) int {
	for i, h := range d.Header {
		if h == name {
			return i
		}
	}
	return -1
}

// Column returns the sidecar's description of a column.
func (d *Dataset) Column(name string) (Column, bool) {
	for _, c := range d.Meta.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}

// Version is the dataset's short content hash, as shown next to every chart built from
// it: a reviewer can tell whether the data changed since they cited it.
func (d *Dataset) Version() string {
	if len(d.SHA256) < 12 {
		return d.SHA256
	}
	return d.SHA256[:12]
}

// LoadAll loads every dataset under dir (data/datasets), in name order.
func LoadAll(dir string) ([]*Dataset, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var (
		out  []*Dataset
		errs Errors
	)
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		d, err := Load(filepath.Join(dir, e.Name()))
		if err != nil {
			errs = append(errs, AsErrors(err)...)
			continue
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, errs.Err()
}

// Load reads dir/meta.toml and dir/data.csv. It fails only where the files cannot be
// parsed at all; whether their contents are right is Check's job.
func Load(dir string) (*Dataset, error) {
	d := &Dataset{
		ID:       filepath.Base(dir),
		MetaPath: filepath.Join(dir, "meta.toml"),
		CSVPath:  filepath.Join(dir, "data.csv"),
	}
	src, err := os.ReadFile(d.MetaPath)
	if err != nil {
		return nil, Errorf(d.MetaPath, 0, 0, "%v", unwrapPath(err))
	}
	d.metaSrc = string(src)
	// Unknown keys are reported and loading goes on; a syntax error stops it.
	var errs Errors
	if err := DecodeTOML(d.MetaPath, d.metaSrc, &d.Meta); err != nil && !errors.As(err, &errs) {
		return nil, err
	}
	raw, err := os.ReadFile(d.CSVPath)
	if err != nil {
		return nil, Errorf(d.CSVPath, 0, 0, "%v", unwrapPath(err))
	}
	sum := sha256.Sum256(raw)
	d.SHA256 = hex.EncodeToString(sum[:])
	if err := d.parseCSV(raw); err != nil {
		errs = append(errs, AsErrors(err)...)
	}
	return d, errs.Err()
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// bom is the UTF-8 byte order mark that spreadsheet programs write; it is accepted and
// dropped, so that the first column's name is not "\ufeffname".
var bom = []byte{0xEF, 0xBB, 0xBF}

func (d *Dataset) parseCSV(raw []byte) error {
	raw = bytes.TrimPrefix(raw, bom)
	if len(bytes.TrimSpace(raw)) == 0 {
		return Errorf(d.CSVPath, 1, 1, "empty file: want a header row naming the columns")
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1 // ragged rows are reported by Check with their position
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Errorf(d.CSVPath, pe.Line, pe.Column, "%v", pe.Err)
			}
			return Errorf(d.CSVPath, 1, 1, "%v", err)
		}
		pos := make([][2]int, len(rec))
		for i := range rec {
			l, c := r.FieldPos(i)
			pos[i] = [2]int{l, c}
		}
		if d.Header == nil {
			d.Header = rec
			d.headerPos = pos
			continue
		}
		d.Rows = append(d.Rows, rec)
		d.pos = append(d.pos, pos)
	}
	return nil
}

// Sum returns the hex sha256 of a file's bytes, as meta.toml records it.
func Sum(path string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	s := sha256.Sum256(raw)
	return hex.EncodeToString(s[:]), nil
}

// String is for debugging.
func (d *Dataset) String() string {
	return fmt.Sprintf("dataset %s (%d rows)", d.ID, len(d.Rows))
}

// metaKeyPos locates a key of meta.toml.
func (d *Dataset) metaKeyPos(key string) (int, int) { return KeyPos(d.metaSrc, key) }

// columnPos locates the [[columns]] entry for name in meta.toml.
func (d *Dataset) columnPos(name string) (int, int) {
	for i, l := range strings.Split(d.metaSrc, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "name") && strings.Contains(t, `"`+name+`"`) {
			return i + 1, strings.Index(l, "name") + 1
		}
	}
	return 1, 1
}

// SumBytes is the hex sha256 of b, as meta.toml records it.
func SumBytes(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
