package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"pyevidence/tools/internal/dataset"
)

// copyImporter copies a small table whose header already names the dataset's columns, such
// as a table transcribed by hand from a PEP or a results page. Rows keep the file's order.
var copyImporter = &importer{
	name:  "copy",
	usage: "<dataset-id> <file.csv>",
	run: func(ctx context.Context, args []string, datasetsDir string) (*table, error) {
		if len(args) != 2 {
			return nil, errUsage("copy", "<dataset-id> <file.csv>")
		}
		return importCopy(ctx, args[0], args[1], datasetsDir)
	},
}

func importCopy(ctx context.Context, id, path, datasetsDir string) (*table, error) {
	if id == "" || id != filepath.Base(id) || strings.HasPrefix(id, ".") {
		return nil, fmt.Errorf("copy: %q is not a dataset id", id)
	}
	metaPath := filepath.Join(datasetsDir, id, "meta.toml")
	src, err := os.ReadFile(metaPath)
	if err != nil {
		return nil, fmt.Errorf("copy: the dataset's meta.toml describes the columns to expect: %w", err)
	}
	var m dataset.Meta
	if _, err := toml.Decode(string(src), &m); err != nil {
		return nil, fmt.Errorf("%s: %w", metaPath, err)
	}
	want := make([]string, len(m.Columns))
	for i, c := range m.Columns {
		want[i] = c.Name
	}
	s, err := openCSV(path)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.wantHeader(want); err != nil {
		return nil, err
	}
	var rows [][]string
	for {
		ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if err := cancelled(ctx, s.rows); err != nil {
			return nil, err
		}
		// The check that follows the import would catch these too, but at data.csv's
		// positions; here they point at the file being copied.
		for i, c := range m.Columns {
			if msg := cellProblem(c, s.rec[i]); msg != "" {
				return nil, s.errorf(i, "column %q: %s", c.Name, msg)
			}
		}
		rows = append(rows, slices.Clone(s.rec))
	}
	return &table{id: id, header: want, rows: rows}, nil
}

// cellProblem says what is wrong with v as a value of column c, or returns "".
func cellProblem(c dataset.Column, v string) string {
	if v == "" {
		if c.Optional {
			return ""
		}
		return "empty value"
	}
	switch c.Type {
	case dataset.TypeNumber:
		if _, err := parseFloat(v); err != nil {
			return err.Error()
		}
	case dataset.TypeInteger:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Sprintf("want an integer, got %q", v)
		}
	case dataset.TypeDate:
		if !isDate(v) {
			return fmt.Sprintf("want a date as YYYY-MM-DD, got %q", v)
		}
	case dataset.TypeString:
		if len(c.Categories) > 0 && !slices.Contains(c.Categories, v) {
			return fmt.Sprintf("unknown category %q (allowed: %s)", v, strings.Join(c.Categories, ", "))
		}
	}
	return ""
}
