package importer

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"pyevidence/tools/internal/dataset"
)

// source reads an upstream CSV file one record at a time, and locates every complaint at
// the file's line and column.
type source struct {
	path   string
	f      *os.File
	r      *csv.Reader
	header []string
	rec    []string
	// rows counts the data records read so far.
	rows int
}

// openCSV opens an upstream comma-separated file and reads its header.
func openCSV(path string) (*source, error) {
	return openSource(path, nil, ',', true)
}

// openSource opens an upstream CSV, reading through wrap(file) when wrap is set (to hash the
// bytes as they stream past), and reads its first record as the header if header is set.
func openSource(path string, wrap func(io.Reader) io.Reader, comma rune, header bool) (*source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	var in io.Reader = f
	if wrap != nil {
		in = wrap(f)
	}
	s := &source{path: path, f: f, r: csv.NewReader(in)}
	s.r.Comma = comma
	s.r.ReuseRecord = true
	if !header {
		return s, nil
	}
	ok, err := s.next()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !ok {
		f.Close()
		return nil, dataset.Errorf(path, 1, 1, "empty file: want a header row")
	}
	s.header = slices.Clone(s.rec)
	s.header[0] = strings.TrimPrefix(s.header[0], "\ufeff")
	s.rows = 0
	return s, nil
}

func (s *source) Close() error { return s.f.Close() }

// next reads the next record into s.rec. It returns false at the end of the file.
func (s *source) next() (bool, error) {
	rec, err := s.r.Read()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return false, dataset.Errorf(s.path, pe.Line, pe.Column, "%v", pe.Err)
		}
		return false, fmt.Errorf("%s: %w", s.path, err)
	}
	s.rec = rec
	s.rows++
	return true, nil
}

// errorf locates a problem at field i of the current record.
func (s *source) errorf(i int, format string, args ...any) *dataset.Error {
	line, col := s.r.FieldPos(i)
	return dataset.Errorf(s.path, line, col, format, args...)
}

// wantHeader checks that the header is exactly want. Call it before reading any record: it
// locates a problem through the reader's position, which is still on the header. Importers call it with the header they
// were written against, so that a renamed, added or moved column stops the import.
func (s *source) wantHeader(want []string) error {
	for i, w := range want {
		if i >= len(s.header) {
			return dataset.Errorf(s.path, 1, 1, "header: missing column %q (want %s)", w, strings.Join(want, ","))
		}
		if s.header[i] != w {
			return s.errorf(i, "header: column %d is %q, want %q (want %s)", i+1, s.header[i], w, strings.Join(want, ","))
		}
	}
	if len(s.header) > len(want) {
		return s.errorf(len(want), "header: unexpected column %q (want %s)", s.header[len(want)], strings.Join(want, ","))
	}
	return nil
}

// index returns the position of each named column, which must all be present.
func (s *source) index(names ...string) ([]int, error) {
	out := make([]int, len(names))
	for j, n := range names {
		out[j] = -1
		for i, h := range s.header {
			if h == n {
				out[j] = i
				break
			}
		}
		if out[j] < 0 {
			return nil, dataset.Errorf(s.path, 1, 1, "header: missing column %q", n)
		}
	}
	return out, nil
}

// Field parsers. Each returns an error located at field i of the current record.

func (s *source) str(i int, name string) (string, error) {
	v := s.rec[i]
	if v == "" {
		return "", s.errorf(i, "column %q: empty value", name)
	}
	return v, nil
}

func (s *source) float(i int, name string) (float64, error) {
	f, err := parseFloat(s.rec[i])
	if err != nil {
		return 0, s.errorf(i, "column %q: %v", name, err)
	}
	return f, nil
}

func (s *source) int(i int, name string) (int64, error) {
	n, err := strconv.ParseInt(s.rec[i], 10, 64)
	if err != nil {
		return 0, s.errorf(i, "column %q: want an integer, got %q", name, s.rec[i])
	}
	return n, nil
}

// optFloat accepts a blank cell.
func (s *source) optFloat(i int, name string) error {
	if s.rec[i] == "" {
		return nil
	}
	_, err := s.float(i, name)
	return err
}

func parseFloat(v string) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("want a number, got %q", v)
	}
	return f, nil
}

func isDate(v string) bool {
	_, err := time.Parse("2006-01-02", v)
	return err == nil
}

// round formats f with exactly places decimals. strconv rounds the exact binary value
// correctly, which multiplying by 10^places first would not (365.3055 is stored as
// 365.30549999...).
func round(f float64, places int) string {
	s := strconv.FormatFloat(f, 'f', places, 64)
	if strings.Trim(s, "-0.") == "" {
		return strconv.FormatFloat(0, 'f', places, 64) // no "-0.00"
	}
	return s
}

// every is how often long loops look at the context.
const every = 4096

func cancelled(ctx context.Context, n int) error {
	if n%every == 0 {
		return ctx.Err()
	}
	return nil
}
