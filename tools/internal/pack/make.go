package pack

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"mime"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"pyevidence/tools/internal/chart"
)

// Pack is one article's pack, checked and ready to write.
type Pack struct {
	HTML, ZIP []byte
}

// site is a built site that packs are made from.
type site struct {
	root, out string
	base      *url.URL // the site's base URL, from the home page's canonical link
	title     string
	commit    string
}

func openSite(o Options) (*site, error) {
	s := &site{root: o.Root, out: o.Out}
	doc, err := parseFile(filepath.Join(o.Out, "index.html"))
	if err != nil {
		return nil, fmt.Errorf("the home page: %w", err)
	}
	if s.base, err = canonical(doc); err != nil {
		return nil, fmt.Errorf("the home page: %w", err)
	}
	if m := find(doc, func(n *html.Node) bool { v, _ := attr(n, "property"); return isElem(n, "meta") && v == "og:site_name" }); m != nil {
		s.title, _ = attr(m, "content")
	}
	return s, nil
}

func parseFile(p string) (*html.Node, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return html.Parse(bytes.NewReader(b))
}

func canonical(doc *html.Node) (*url.URL, error) {
	l := find(doc, func(n *html.Node) bool { v, _ := attr(n, "rel"); return isElem(n, "link") && v == "canonical" })
	href, ok := attr(l, "href")
	if !ok {
		return nil, fmt.Errorf(`no <link rel="canonical">`)
	}
	u, err := url.Parse(href)
	if err != nil || !u.IsAbs() {
		return nil, fmt.Errorf("canonical link %q is not an absolute URL", href)
	}
	return u, nil
}

// local maps a URL the page uses to a file of the built site, if it is one.
func (s *site) local(page *url.URL, ref string) (string, bool) {
	u, err := url.Parse(ref)
	if err != nil {
		return "", false
	}
	u = page.ResolveReference(u)
	if u.Host != s.base.Host || !strings.HasPrefix(u.Path, s.base.Path) {
		return "", false
	}
	p := path.Clean("/" + strings.TrimPrefix(u.Path, s.base.Path))
	if strings.HasSuffix(u.Path, "/") {
		p += "/index.html"
	}
	return filepath.Join(s.out, filepath.FromSlash(p)), true
}

func (s *site) read(page *url.URL, ref, what string) ([]byte, error) {
	p, ok := s.local(page, ref)
	if !ok {
		return nil, fmt.Errorf("%s %q is not a file of this site", what, ref)
	}
	return os.ReadFile(p)
}

//go:embed pack.html.tmpl
var packTemplate string

//go:embed pack.css
var packCSS string

var tmpl = template.Must(template.New("pack").Parse(packTemplate))

// view is what the pack template shows.
type view struct {
	Lang, Title, SiteTitle, Author, PageURL, Slug, Commit string
	CSS                                                   template.CSS
	Article                                               template.HTML
	Charts                                                []chartView
	Sources                                               []sourceView
	Claims                                                []claimView
	EChartsJS, ChartsJS                                   template.JS
	Licences                                              []licence
	Meta                                                  meta
}

type chartView struct {
	*chart.Envelope
	Anchor string
}

type licence struct{ Name, Text string }

// sourceView is a dataset as the pack's "Sources and licences" shows it: everything the
// site's chart page says about it, since an article itself may only point there.
type sourceView struct {
	chart.Source
	Description, Derivation, Caveats template.HTML // goldmark's output, raw HTML off
}

// meta is the pack's machine-readable summary, embedded as JSON.
type meta struct {
	Slug    string      `json:"slug"`
	Title   string      `json:"title"`
	URL     string      `json:"url"`
	Commit  string      `json:"commit"`
	Charts  []metaChart `json:"charts"`
	Claims  int         `json:"claims"`
	Version int         `json:"pack_format"`
}

type metaChart struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	DataVersion string `json:"data_version"`
	DataDate    string `json:"data_date"`
	Datasets    []struct {
		ID     string `json:"id"`
		SHA256 string `json:"sha256"`
	} `json:"datasets"`
}

// make builds the pack of the page at pagePath.
func (s *site) make(slug, pagePath string) (*Pack, error) {
	doc, err := parseFile(pagePath)
	if err != nil {
		return nil, err
	}
	pageURL, err := canonical(doc)
	if err != nil {
		return nil, err
	}
	v := view{Slug: slug, Commit: s.commit, SiteTitle: s.title, PageURL: pageURL.String(), Meta: meta{Version: 1}}
	if h := find(doc, func(n *html.Node) bool { return isElem(n, "html") }); h != nil {
		v.Lang, _ = attr(h, "lang")
	}
	if m := find(doc, func(n *html.Node) bool {
		p, _ := attr(n, "property")
		return isElem(n, "meta") && p == "article:author"
	}); m != nil {
		v.Author, _ = attr(m, "content")
	}

	// The site's stylesheets, then the pack's own rules.
	var css strings.Builder
	for _, l := range findAll(doc, func(n *html.Node) bool { r, _ := attr(n, "rel"); return isElem(n, "link") && r == "stylesheet" }) {
		href, _ := attr(l, "href")
		b, err := s.read(pageURL, href, "stylesheet")
		if err != nil {
			return nil, err
		}
		css.Write(b)
		css.WriteString("\n")
	}
	css.WriteString(packCSS)
	v.CSS = template.CSS(css.String())

	art := find(doc, func(n *html.Node) bool { return isElem(n, "article") })
	if art == nil {
		return nil, errNoArticle
	}
	if h1 := find(art, func(n *html.Node) bool { return isElem(n, "h1") }); h1 != nil {
		v.Title = textOf(h1)
	}
	// The claims first, so that the article's claim markers can point at them in the pack.
	var placed []string
	for _, f := range findAll(art, func(n *html.Node) bool { _, ok := attr(n, "data-chart"); return isElem(n, "figure") && ok }) {
		id, _ := attr(f, "data-chart")
		placed = append(placed, id)
	}
	if v.Claims, err = s.claims(slug, placed); err != nil {
		return nil, err
	}
	claimIDs := map[string]bool{}
	for _, c := range v.Claims {
		claimIDs[c.ID] = true
	}
	ids, err := s.article(art, pageURL, slug, claimIDs)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if err := html.Render(&b, art); err != nil {
		return nil, err
	}
	articleHTML := b.String()

	// Each chart: its envelope, and its static SVG in place of the placeholder.
	seen := map[string]bool{}
	for _, id := range ids {
		env, err := readEnvelope(s.out, id)
		if err != nil {
			return nil, err
		}
		svg, err := os.ReadFile(filepath.Join(s.out, "charts", id, "chart.svg"))
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", id, err)
		}
		inline, err := inlineSVG(svg)
		if err != nil {
			return nil, fmt.Errorf("chart %s: chart.svg: %w", id, err)
		}
		articleHTML = strings.Replace(articleHTML, "<!--"+svgMark+id+"-->",
			`<div class="pack-svg">`+inline+`</div>`, 1)
		v.Charts = append(v.Charts, chartView{Envelope: env, Anchor: "chart-" + strings.ReplaceAll(id, "_", "-")})
		mc := metaChart{ID: id, Title: env.Title, DataVersion: env.DataVersion, DataDate: env.DataDate}
		for _, src := range env.Sources {
			mc.Datasets = append(mc.Datasets, struct {
				ID     string `json:"id"`
				SHA256 string `json:"sha256"`
			}{src.Dataset, src.SHA256})
			if !seen[src.Dataset] {
				seen[src.Dataset] = true
				v.Sources = append(v.Sources, sourceView{Source: src, Description: template.HTML(src.DescriptionHTML),
					Derivation: template.HTML(src.DerivationHTML), Caveats: template.HTML(src.CaveatsHTML)})
			}
		}
		v.Meta.Charts = append(v.Meta.Charts, mc)
	}
	v.Article = template.HTML(articleHTML)

	// The chart code: the site's own ECharts bundle and chart script, inlined.
	if loader := find(doc, func(n *html.Node) bool { _, ok := attr(n, "data-echarts"); return isElem(n, "script") && ok }); loader != nil && len(ids) > 0 {
		src, _ := attr(loader, "src")
		lib, _ := attr(loader, "data-echarts")
		js, err := s.read(pageURL, src, "script")
		if err != nil {
			return nil, err
		}
		ec, err := s.read(pageURL, lib, "script")
		if err != nil {
			return nil, err
		}
		v.ChartsJS, v.EChartsJS = template.JS(scriptSafe(js)), template.JS(scriptSafe(ec))
		for _, f := range []struct{ name, file string }{
			{"Apache ECharts: NOTICE", "NOTICE"},
			{"Apache ECharts: LICENSE (Apache-2.0)", "LICENSE"},
			{"Parts of ECharts derived from d3 (BSD-3-Clause)", "licenses/LICENSE-d3"},
		} {
			if b, err := os.ReadFile(filepath.Join(s.root, "assets", "vendor", "echarts", f.file)); err == nil {
				v.Licences = append(v.Licences, licence{f.name, string(b)})
			}
		}
	} else if len(ids) > 0 {
		return nil, fmt.Errorf("the page places charts but loads no chart script (no <script data-echarts>)")
	}

	v.Meta.Slug, v.Meta.Title, v.Meta.URL, v.Meta.Commit, v.Meta.Claims = slug, v.Title, v.PageURL, s.commit, len(v.Claims)

	var out bytes.Buffer
	if err := tmpl.Execute(&out, v); err != nil {
		return nil, err
	}
	if err := Check(out.Bytes()); err != nil {
		return nil, err
	}
	z, err := s.zip(slug, v)
	if err != nil {
		return nil, err
	}
	return &Pack{HTML: out.Bytes(), ZIP: z}, nil
}

// svgMark marks where a chart's static SVG goes; the SVG is spliced in after rendering, so
// that its bytes are exactly the published chart.svg.
const svgMark = "pack-svg:"

var chartIDRe = regexp.MustCompile(`^[a-z0-9_]+$`)

// article turns the site's article into the pack's: each chart keeps its interactive box and
// gains its static SVG and a list of its files in the ZIP; every details element is open, so
// that the data tables, sources and caveats print; links to the site become absolute; local
// images are inlined; the controls that need the site (downloads, copy buttons, the link to
// this pack) go; a claim marker leads to the claim in the pack. It returns the chart ids in
// page order.
func (s *site) article(art *html.Node, pageURL *url.URL, slug string, claims map[string]bool) ([]string, error) {
	for _, n := range findAll(art, func(n *html.Node) bool {
		_, pack := attr(n, "data-pack")
		_, copyLink := attr(n, "data-copy-link")
		_, copyFrom := attr(n, "data-copy-from")
		return hasClass(n, "chart-actions") || pack || copyLink || copyFrom
	}) {
		remove(n)
	}
	var ids []string
	for _, fig := range findAll(art, func(n *html.Node) bool { _, ok := attr(n, "data-chart"); return isElem(n, "figure") && ok }) {
		id, _ := attr(fig, "data-chart")
		if !chartIDRe.MatchString(id) {
			return nil, fmt.Errorf("figure data-chart=%q: not a chart id", id)
		}
		ids = append(ids, id)
		canvas := find(fig, func(n *html.Node) bool { return hasClass(n, "chart-canvas") })
		if canvas == nil {
			return nil, fmt.Errorf("chart %s: no .chart-canvas", id)
		}
		for _, img := range findAll(canvas, func(n *html.Node) bool { return hasClass(n, "chart-static") }) {
			remove(img)
		}
		insertAfter(canvas, &html.Node{Type: html.CommentNode, Data: svgMark + id})
		// An article may fetch the option when the chart comes near (data-option-src); the
		// pack carries it inline, where charts.js reads it first.
		if src, ok := attr(canvas, "data-option-src"); ok {
			if find(fig, func(n *html.Node) bool { return hasClass(n, "chart-option") }) == nil {
				b, err := s.read(pageURL, src, "chart option")
				if err != nil {
					return nil, fmt.Errorf("chart %s: %w", id, err)
				}
				if !json.Valid(b) {
					return nil, fmt.Errorf("chart %s: %s is not JSON", id, src)
				}
				var esc bytes.Buffer
				json.HTMLEscape(&esc, bytes.TrimSpace(b)) // no <, > or &: the script element cannot end early
				script := elem("script", "type", "application/json", "class", "chart-option")
				script.AppendChild(text(esc.String()))
				insertAfter(canvas, script)
			}
			delAttr(canvas, "data-option-src")
		}
		if find(fig, func(n *html.Node) bool { return hasClass(n, "chart-option") }) == nil {
			return nil, fmt.Errorf("chart %s: the page carries no option for it", id)
		}
		files := elem("p", "class", "pack-files")
		files.AppendChild(text("In " + slug + ".zip: "))
		for i, f := range []string{"data.csv", "chart.svg", "chart.png", "chart.json"} {
			if i > 0 {
				files.AppendChild(text(", "))
			}
			c := elem("code")
			c.AppendChild(text("charts/" + id + "/" + f))
			files.AppendChild(c)
		}
		files.AppendChild(text("."))
		last := canvas
		for _, p := range findAll(fig, func(n *html.Node) bool { return hasClass(n, "chart-source") }) {
			last = p
		}
		insertAfter(last, files)
	}
	for _, d := range findAll(art, func(n *html.Node) bool { return isElem(n, "details") }) {
		setAttr(d, "open", "")
	}
	for _, a := range findAll(art, func(n *html.Node) bool { return isElem(n, "a") }) {
		href, ok := attr(a, "href")
		if !ok || strings.HasPrefix(href, "#") {
			continue
		}
		u, err := url.Parse(href)
		if err != nil {
			return nil, fmt.Errorf("link %q: %w", href, err)
		}
		if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
			continue // mailto: and the like
		}
		abs := pageURL.ResolveReference(u)
		if id, ok := strings.CutPrefix(abs.Fragment, "claim-"); ok && hasClass(a, "claim-marker") && claims[id] {
			setAttr(a, "href", "#pack-claim-"+id) // the claim's verdict, further down this file
			continue
		}
		if abs.Host == pageURL.Host && abs.Path == pageURL.Path && abs.Fragment != "" {
			setAttr(a, "href", "#"+abs.Fragment) // a place in this article
			continue
		}
		setAttr(a, "href", abs.String())
		delAttr(a, "download")
		// From a file, every web link leads out of it.
		if rel, _ := attr(a, "rel"); !slices.Contains(strings.Fields(rel), "external") {
			setAttr(a, "rel", strings.TrimSpace(rel+" external"))
		}
	}
	for _, img := range findAll(art, func(n *html.Node) bool { return isElem(n, "img") }) {
		src, _ := attr(img, "src")
		file, ok := s.local(pageURL, src)
		if strings.HasPrefix(src, "data:") || !ok {
			continue // an image from elsewhere stays, and Check stops the pack
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("image %q: %w", src, err)
		}
		typ := mime.TypeByExtension(path.Ext(strings.SplitN(src, "?", 2)[0]))
		if typ == "" {
			return nil, fmt.Errorf("image %q: unknown type", src)
		}
		setAttr(img, "src", "data:"+typ+";base64,"+base64.StdEncoding.EncodeToString(b))
		delAttr(img, "srcset")
		delAttr(img, "loading")
	}
	return ids, nil
}

// inlineSVG readies a chart.svg to sit inside HTML: no XML prolog, one <svg> element.
func inlineSVG(b []byte) (string, error) {
	s := strings.TrimSpace(string(b))
	if strings.HasPrefix(s, "<?xml") {
		if i := strings.Index(s, "?>"); i >= 0 {
			s = strings.TrimSpace(s[i+2:])
		}
	}
	if !strings.HasPrefix(s, "<svg") || !strings.HasSuffix(s, "</svg>") {
		return "", fmt.Errorf("not a single <svg> element")
	}
	return s, nil
}

// scriptSafe keeps a script's text from closing its <script> element early; "<\/script" means
// the same as "</script" inside the strings, regular expressions and comments where it can
// occur.
func scriptSafe(b []byte) string {
	return regexp.MustCompile(`(?i)</(script)`).ReplaceAllString(string(b), `<\/$1`)
}
