package chart

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// md renders the Markdown of notes, descriptions and caveats. Raw HTML stays disabled
// (goldmark's default): a dataset's text is data, and never reaches a page unescaped.
// goldmark also drops javascript: link destinations when unsafe rendering is off.
var md = goldmark.New(
	goldmark.WithExtensions(extension.Linkify, extension.Table),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(externalLinks{}, 100))),
)

// externalLinks marks links to other hosts rel="external", as the site's own templates do:
// a reader may follow them, but the page never fetches from them.
type externalLinks struct{}

func (externalLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		switch l := n.(type) {
		case *ast.Link:
			dest = l.Destination
		case *ast.AutoLink:
			dest = l.URL(src)
		default:
			return ast.WalkContinue, nil
		}
		if d := string(dest); strings.HasPrefix(d, "http://") || strings.HasPrefix(d, "https://") || strings.HasPrefix(d, "www.") {
			n.SetAttributeString("rel", []byte("external"))
		}
		return ast.WalkContinue, nil
	})
}

// Markdown renders src to HTML; empty input gives "".
func Markdown(src string) (string, error) {
	if strings.TrimSpace(src) == "" {
		return "", nil
	}
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		return "", err
	}
	return b.String(), nil
}
