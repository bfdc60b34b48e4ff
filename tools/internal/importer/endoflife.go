package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"pyevidence/tools/internal/dataset"
)

// endoflife imports endoflife.date product pages (products/<product>.md, whose YAML front
// matter lists the release cycles, or that front matter extracted to <product>.yml) as
// endoflife: one row per product and release cycle.
var endoflife = &importer{
	name:  "endoflife",
	usage: "<folder of <product>.md or <product>.yml files>",
	run: func(ctx context.Context, args []string, _ string) (*table, error) {
		if len(args) != 1 {
			return nil, errUsage("endoflife", "<folder>")
		}
		return importEndoflife(ctx, args[0], endoflifeProducts)
	},
}

// endoflifeProducts are the products the site cites, in the order the rows are written.
// 2026-11: all 19 were present at endoflife-date/endoflife.date a70eca3 (2026-08-22). There
// is no TypeScript, FastAPI or Flask page. A product missing from the folder stops the
// import; other products in it (the real products/ folder has hundreds) are ignored.
var endoflifeProducts = []string{
	"django", "dotnet", "eclipse-temurin", "express", "go", "kotlin", "laravel", "nodejs",
	"numpy", "oracle-jdk", "php", "python", "quarkus-framework", "ruby", "ruby-on-rails",
	"rust", "spring-boot", "spring-framework", "symfony",
}

var endoflifeColumns = []string{
	"product", "product_title", "category", "cycle", "release_date", "lts", "eoas",
	"eol_date", "eol_status", "eoes", "latest",
}

func importEndoflife(ctx context.Context, dir string, products []string) (*table, error) {
	var rows [][]string
	for _, p := range products {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		path, src, offset, err := readProduct(dir, p)
		if err != nil {
			return nil, err
		}
		rs, err := productRows(path, src, offset, p)
		if err != nil {
			return nil, err
		}
		rows = append(rows, rs...)
	}
	// Rows stay in product order, then in the page's order of cycles (newest first):
	// cycle names such as "3.9" and "3.10" do not sort as text.
	return &table{id: "endoflife", header: endoflifeColumns, rows: rows}, nil
}

// readProduct finds product's file in dir and returns its YAML and the number of lines
// before it (the opening --- of a Markdown page's front matter).
func readProduct(dir, product string) (path string, yml []byte, offset int, err error) {
	md := filepath.Join(dir, product+".md")
	yl := filepath.Join(dir, product+".yml")
	mdSrc, mdErr := os.ReadFile(md)
	ylSrc, ylErr := os.ReadFile(yl)
	switch {
	case mdErr == nil && ylErr == nil:
		return "", nil, 0, fmt.Errorf("%s: both %s.md and %s.yml exist: keep one", dir, product, product)
	case mdErr == nil:
		yml, offset, err := frontMatter(md, mdSrc)
		return md, yml, offset, err
	case ylErr == nil:
		return yl, ylSrc, 0, nil
	case errors.Is(mdErr, os.ErrNotExist) && errors.Is(ylErr, os.ErrNotExist):
		return "", nil, 0, fmt.Errorf("%s: no %s.md or %s.yml (the site cites this product)", dir, product, product)
	case !errors.Is(mdErr, os.ErrNotExist):
		return "", nil, 0, mdErr
	default:
		return "", nil, 0, ylErr
	}
}

// frontMatter returns the YAML between a Markdown file's first two `---` lines.
func frontMatter(path string, src []byte) ([]byte, int, error) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	isFence := func(l []byte) bool { return string(bytes.TrimRight(l, "\r\n")) == "---" }
	if len(lines) == 0 || !isFence(lines[0]) {
		return nil, 0, dataset.Errorf(path, 1, 1, "want YAML front matter opening with a --- line")
	}
	for i := 1; i < len(lines); i++ {
		if isFence(lines[i]) {
			return bytes.Join(lines[1:i], nil), 1, nil
		}
	}
	return nil, 0, dataset.Errorf(path, 1, 1, "front matter has no closing --- line")
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func productRows(path string, src []byte, offset int, product string) ([][]string, error) {
	errAt := func(n *yaml.Node, format string, args ...any) error {
		return dataset.Errorf(path, n.Line+offset, n.Column, format, args...)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
			l, _ := strconv.Atoi(m[1])
			return nil, dataset.Errorf(path, l+offset, 1, "%s", m[2])
		}
		return nil, dataset.Errorf(path, 1+offset, 1, "%v", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, dataset.Errorf(path, 1+offset, 1, "want a YAML mapping (title, category, releases, ...)")
	}
	top := doc.Content[0]
	title, err := scalar(top, "title", true, errAt)
	if err != nil {
		return nil, err
	}
	category, err := scalar(top, "category", true, errAt)
	if err != nil {
		return nil, err
	}
	rel := field(top, "releases")
	if rel == nil {
		return nil, errAt(top, "missing key \"releases\"")
	}
	if rel.Kind != yaml.SequenceNode || len(rel.Content) == 0 {
		return nil, errAt(rel, "\"releases\": want a list of release cycles")
	}
	var rows [][]string
	for _, r := range rel.Content {
		if r.Kind != yaml.MappingNode {
			return nil, errAt(r, "release: want a mapping (releaseCycle, releaseDate, eol, ...)")
		}
		// 2026-11: every release of the 19 products has releaseCycle, releaseDate, eol and
		// latest; lts, eoas and eoes are optional and hold true/false or a date.
		cycle, err := scalar(r, "releaseCycle", true, errAt)
		if err != nil {
			return nil, err
		}
		relDate, err := dateOrBool(r, "releaseDate", true, false, errAt)
		if err != nil {
			return nil, err
		}
		eol, err := dateOrBool(r, "eol", true, true, errAt)
		if err != nil {
			return nil, err
		}
		var eolDate, eolStatus string
		switch eol {
		case "false":
			eolStatus = "not_scheduled"
		case "true":
			eolStatus = "ended_no_date"
		default:
			eolDate, eolStatus = eol, "date"
		}
		opt := make([]string, 3)
		for i, k := range []string{"lts", "eoas", "eoes"} {
			if opt[i], err = dateOrBool(r, k, false, true, errAt); err != nil {
				return nil, err
			}
		}
		latest, err := scalar(r, "latest", true, errAt)
		if err != nil {
			return nil, err
		}
		rows = append(rows, []string{
			product, title, category, cycle, relDate, opt[0], opt[1], eolDate, eolStatus, opt[2], latest,
		})
	}
	return rows, nil
}

// field returns the value of key in mapping m, or nil.
func field(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

type errAtFunc func(n *yaml.Node, format string, args ...any) error

// scalar returns the text of a scalar as written (so "3.10" stays "3.10", quoted or not).
func scalar(m *yaml.Node, key string, required bool, errAt errAtFunc) (string, error) {
	v := field(m, key)
	if v == nil {
		if required {
			return "", errAt(m, "missing key %q", key)
		}
		return "", nil
	}
	if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
		return "", errAt(v, "%q: want a value", key)
	}
	return v.Value, nil
}

// dateOrBool returns a YYYY-MM-DD date, or (if allowBool) "true" or "false".
func dateOrBool(m *yaml.Node, key string, required, allowBool bool, errAt errAtFunc) (string, error) {
	s, err := scalar(m, key, required, errAt)
	if err != nil || s == "" {
		return s, err
	}
	v := field(m, key)
	if allowBool && v.ShortTag() == "!!bool" {
		return strings.ToLower(s), nil
	}
	if isDate(s) {
		return s, nil
	}
	if allowBool {
		return "", errAt(v, "%q: want a date as YYYY-MM-DD, true or false, got %q", key, s)
	}
	return "", errAt(v, "%q: want a date as YYYY-MM-DD, got %q", key, s)
}
