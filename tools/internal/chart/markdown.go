package chart

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// md renders the Markdown of notes, descriptions and caveats. Raw HTML stays disabled
// (goldmark's default): a dataset's text is data, and never reaches a page unescaped.
// goldmark also drops javascript: link destinations when unsafe rendering is off.
var md = goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Table))

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
