package pipeline

import (
	"bytes"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"pyevidence/tools/internal/dataset"
)

// Page is a content file's front matter and body, enough to check it before Hugo runs.
type Page struct {
	Path        string
	Front       map[string]any
	frontLine   int // the line of the opening delimiter
	body        string
	bodyLine    int // the line the body starts on
	hasFrontEnd bool
}

// LoadPages reads every Markdown file under dir.
func LoadPages(dir string) ([]*Page, error) {
	var (
		pages []*Page
		errs  dataset.Errors
	)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".md" {
			return err
		}
		p, err := loadPage(path)
		if err != nil {
			errs = append(errs, dataset.AsErrors(err)...)
			return nil
		}
		pages = append(pages, p)
		return nil
	})
	if err != nil {
		errs = append(errs, dataset.AsErrors(err)...)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].Path < pages[j].Path })
	return pages, errs.Err()
}

func loadPage(path string) (*Page, error) {
	raw, err := readFile(path)
	if err != nil {
		return nil, dataset.Errorf(path, 0, 0, "%v", err)
	}
	p := &Page{Path: path, Front: map[string]any{}, frontLine: 1}
	text := string(bytes.TrimPrefix(raw, []byte{0xEF, 0xBB, 0xBF}))
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var delim string
	switch {
	case strings.HasPrefix(text, "---\n"):
		delim = "---"
	case strings.HasPrefix(text, "+++\n"):
		delim = "+++"
	default:
		p.body, p.bodyLine = text, 1
		return p, nil
	}
	rest := text[len(delim)+1:]
	end := strings.Index(rest, "\n"+delim+"\n")
	if end < 0 && strings.HasSuffix(rest, "\n"+delim) {
		end = len(rest) - len(delim) - 1
	}
	if end < 0 {
		return nil, dataset.Errorf(path, 1, 1, "front matter opened with %s is never closed", delim)
	}
	front := rest[:end+1]
	p.hasFrontEnd = true
	p.bodyLine = 2 + strings.Count(front, "\n") + 1
	if end+len(delim)+2 <= len(rest) {
		p.body = rest[end+len(delim)+2:]
	}
	if delim == "---" {
		if err := yaml.Unmarshal([]byte(front), &p.Front); err != nil {
			return nil, dataset.Errorf(path, 2, 1, "front matter: %v", err)
		}
	} else {
		if _, err := toml.Decode(front, &p.Front); err != nil {
			return nil, dataset.Errorf(path, 2, 1, "front matter: %v", err)
		}
	}
	return p, nil
}

// chartRe finds chart shortcodes, so an unknown id is reported with its position before
// Hugo runs (Hugo reports it too, as a second net); likewise claim markers and figures.
var (
	chartRe     = regexp.MustCompile(`\{\{[<%]\s*chart\s+([^>%]*?)\s*[>%]\}\}`)
	idParamRe   = regexp.MustCompile(`\bid\s*=\s*"([^"]*)"`)
	claimRe     = regexp.MustCompile(`\{\{[<%]\s*claim\s+([^>%]*?)\s*[>%]\}\}`)
	figureRe    = regexp.MustCompile(`\{\{[<%]\s*figure-value\s+([^>%]*?)\s*[>%]\}\}`)
	nameParamRe = regexp.MustCompile(`^"([^"]*)"$|\bname\s*=\s*"([^"]*)"`)
)

// Check reports a missing title or date, and unknown chart ids, claims and figures.
func (p *Page) Check(k known) dataset.Errors {
	var errs dataset.Errors
	list := filepath.Base(p.Path) == "_index.md"
	if s, _ := p.Front["title"].(string); strings.TrimSpace(s) == "" {
		errs = append(errs, dataset.Errorf(p.Path, p.frontLine, 1, "front matter: missing title"))
	}
	if _, ok := p.Front["date"]; !ok && !list {
		errs = append(errs, dataset.Errorf(p.Path, p.frontLine, 1, "front matter: missing date (YYYY-MM-DD)"))
	}
	refs := []struct {
		re, param *regexp.Regexp
		what      string
		ok        func(string) bool
		hint      string
	}{
		{chartRe, idParamRe, "chart id", func(id string) bool { return k.charts[id] }, "no data/charts/%s.toml"},
		{claimRe, idParamRe, "claim id", func(id string) bool { return k.claims[id] }, "no claim %s in data/claims.toml"},
		{figureRe, nameParamRe, "figure", func(n string) bool { _, ok := k.figures[n]; return ok }, "no figure %s; see tools/internal/figures"},
	}
	for _, ref := range refs {
		for _, m := range ref.re.FindAllStringSubmatchIndex(p.body, -1) {
			params := p.body[m[2]:m[3]]
			line := p.bodyLine + strings.Count(p.body[:m[0]], "\n")
			col := m[0] - strings.LastIndex(p.body[:m[0]], "\n")
			v := ref.param.FindStringSubmatch(params)
			name := ""
			for _, g := range v[min(1, len(v)):] {
				if g != "" {
					name = g
				}
			}
			switch {
			case name == "":
				errs = append(errs, dataset.Errorf(p.Path, line, col, "%s shortcode without its %s", strings.Fields(ref.what)[0], ref.what))
			case !ref.ok(name):
				errs = append(errs, dataset.Errorf(p.Path, line, col, "unknown %s %q (%s)", ref.what, name, fmt.Sprintf(ref.hint, name)))
			}
		}
	}
	return errs
}

// ChartIDs lists the chart ids a page places, in order.
func (p *Page) ChartIDs() []string {
	var ids []string
	for _, m := range chartRe.FindAllStringSubmatch(p.body, -1) {
		if id := idParamRe.FindStringSubmatch(m[1]); id != nil {
			ids = append(ids, id[1])
		}
	}
	return ids
}

// HugoPath is the page's path as Hugo's GetPage takes it: "/essays/python-dont-over-use-it"
// for content/essays/python-dont-over-use-it/index.md.
func (p *Page) HugoPath(contentDir string) string {
	rel, err := filepath.Rel(contentDir, p.Path)
	if err != nil {
		rel = p.Path
	}
	rel = strings.TrimSuffix(filepath.ToSlash(rel), filepath.Ext(rel))
	rel = strings.TrimSuffix(strings.TrimSuffix(rel, "/index"), "/_index")
	return "/" + strings.TrimPrefix(rel, "_index")
}
