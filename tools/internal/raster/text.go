package raster

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/tdewolff/canvas"
)

// fonts is the embedded font family, loaded once (canvas prints a deprecation warning to
// stdout each time it loads a font). Text shaping keeps state in the font: it is only used
// under drawMu.
var fonts struct {
	once   sync.Once
	err    error
	family *canvas.FontFamily
}

func loadFonts() error {
	fonts.once.Do(func() {
		family := canvas.NewFontFamily("Liberation Sans")
		if err := family.LoadFont(liberationsansregular.TTF, 0, canvas.FontRegular); err != nil {
			fonts.err = fmt.Errorf("loading Liberation Sans Regular: %w", err)
			return
		}
		if err := family.LoadFont(liberationsansbold.TTF, 0, canvas.FontBold); err != nil {
			fonts.err = fmt.Errorf("loading Liberation Sans Bold: %w", err)
			return
		}
		fonts.family = family
	})
	return fonts.err
}

// ptPerPx turns a size in canvas units (CSS px) into the points that canvas.FontFamily.Face
// takes, since canvas counts its units as millimetres.
const ptPerPx = 72 / 25.4

// shape returns the outline of s in the font of st (y up, baseline at 0, in CSS px), its
// advance, and the font's metrics. Every font-family is drawn in Liberation Sans.
func shape(s string, st *state) (*canvas.Path, float64, canvas.FontMetrics, error) {
	style := canvas.FontRegular
	if st.bold {
		style = canvas.FontBold
	}
	if st.italic {
		style |= canvas.FontItalic // slanted by canvas
	}
	face := fonts.family.Face(st.fontSize*ptPerPx, canvas.Black, style)
	// Without a language the shaper takes one from the environment (LANG).
	face.Language = "en"
	p, advance, err := face.ToPath(s)
	return p, advance, face.Metrics(), err
}

// textContent returns the characters of a <text> as SVG lays them out: without
// xml:space="preserve", newlines are removed, tabs become spaces, and runs of spaces
// collapse, with none at either end.
func textContent(raw []byte, preserve bool) string {
	s := string(raw)
	if preserve {
		return strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == '\t' {
				return ' '
			}
			return r
		}, s)
	}
	s = strings.NewReplacer("\r", "", "\n", "", "\t", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

func (r *renderer) drawText(n *node, st *state, ctm canvas.Matrix, clip *mask) error {
	s := textContent(n.text, st.preserveSpace)
	if strings.TrimSpace(s) == "" || st.fontSize <= 0 {
		return nil
	}
	first := func(attr string, percentOf float64) (float64, error) {
		v, ok := n.attrs[attr]
		if !ok {
			return 0, nil
		}
		fields := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
		if len(fields) == 0 {
			return 0, nil
		}
		return parseLength(fields[0], st.fontSize, percentOf)
	}
	var pos [4]float64
	for i, a := range []string{"x", "y", "dx", "dy"} {
		pct := r.w
		if i%2 == 1 {
			pct = r.h
		}
		v, err := first(a, pct)
		if err != nil {
			return errors.New(a + ": " + err.Error())
		}
		pos[i] = v
	}
	x, y := pos[0]+pos[2], pos[1]+pos[3]

	glyphs, advance, metrics, err := shape(s, st)
	if err != nil {
		return err
	}
	switch st.anchor {
	case "middle":
		x -= advance / 2
	case "end":
		x -= advance
	}
	switch st.baseline {
	case "central":
		y += (metrics.Ascent - metrics.Descent) / 2
	case "middle":
		y += metrics.XHeight / 2
	case "hanging", "text-before-edge", "text-top", "before-edge":
		y += metrics.Ascent
	case "text-after-edge", "text-bottom", "ideographic", "after-edge":
		y -= metrics.Descent
	}
	// Glyph outlines have y up; user space has y down.
	m := ctm.Translate(x, y).Scale(1, -1)
	// Text is filled, never stroked. ECharts outlines labels with a thin halo (stroke under
	// the fill), which matters little in a static image, and canvas strokes glyph outlines
	// through a path-union step that on some labels logs to stdout and writes debug files
	// to the temp folder.
	fill, _ := r.styles(st, glyphs)
	r.paint([]item{{glyphs, fill, m}}, clip)
	return nil
}
