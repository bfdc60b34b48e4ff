// Package raster turns the static SVG of a chart, as ECharts' server-side SVG renderer writes
// it, into a PNG at build time, for slides and social previews (og:image). It is pure Go: no
// cgo, no browser and no Node.
//
// The SVG is read with encoding/xml and drawn with github.com/tdewolff/canvas (path parsing,
// stroking, dashing, glyph outlines and text shaping) and its rasterizer. canvas.ParseSVG is
// not used, because on ECharts' output it fails or draws wrongly: it rejects the CDATA <style>
// block, ignores fill-opacity (so ECharts' invisible legend hit box comes out solid black),
// ignores clip-path and dominant-baseline, and looks fonts up on the system (panicking when
// none is found), so that two machines could draw different pixels.
//
// What is drawn: <svg> (width, height, viewBox), <g>, <a>, <path>, <rect>, <circle>,
// <ellipse>, <line>, <polyline>, <polygon> and <text> (with <tspan> content run together),
// with transform, fill, stroke, their opacities, opacity (multiplied into each shape, not
// composited as a group), stroke width, caps, joins, miter limit, dashes, display,
// visibility, clip-path (any shapes, anti-aliased), text-anchor, dominant-baseline,
// paint-order, and the font properties. Presentation attributes and style="" both apply; a
// <style> sheet is ignored, since ECharts puts only :hover rules in it. A gradient paint is
// drawn in its first stop's colour. <image>, <use>, patterns, masks and filters (shadows) are
// skipped.
//
// Every font-family maps to Liberation Sans (regular or bold, SIL Open Font License 1.1),
// embedded from codeberg.org/go-fonts/liberation: it has the metrics of Arial/Helvetica,
// which is what ECharts assumes when it measures text during server-side rendering, so
// labels keep the widths that the layout gave them. No system font is ever read. Glyphs that
// Liberation Sans lacks (CJK, emoji) come out as its missing-glyph box.
package raster

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strings"
	"sync"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/rasterizer"
)

const (
	// maxPixels bounds the output image, so that a malformed size cannot exhaust memory.
	maxPixels = 1 << 26
	// maxDepth bounds element nesting.
	maxDepth = 256
)

// PNG rasterises svg (an ECharts SSR SVG of width×height CSS px) at scale (e.g. 2 for 2×),
// returning PNG bytes. It must be deterministic: the same SVG gives the same bytes on every machine.
//
// The image is width×scale by height×scale pixels (rounded), on an opaque white background.
// Malformed input gives an error, never a panic. The bytes depend only on the SVG, the scale,
// and the versions of Go and of the modules in go.sum: no system font or locale is read.
// Calls may run concurrently, but their drawing is serialised (see drawMu).
func PNG(svg []byte, scale float64) ([]byte, error) {
	img, err := rasterize(svg, scale)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("raster: encoding the PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// drawMu serialises drawing: canvas is not safe for concurrent use. Its path boolean
// operations, which stroking uses, write package-level variables, and text shaping keeps
// state in the shared font. PNG encoding, most of the time, runs outside it.
var drawMu sync.Mutex

// rasterize draws svg on a white image.
func rasterize(svg []byte, scale float64) (img *image.RGBA, err error) {
	// canvas panics on some malformed input (e.g. a path of only spaces); such a panic is
	// reported as an error.
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, fmt.Errorf("raster: drawing failed: %v", p)
		}
	}()
	if math.IsNaN(scale) || math.IsInf(scale, 0) || scale <= 0 || scale > 64 {
		return nil, fmt.Errorf("raster: scale %v is not in (0, 64]", scale)
	}
	root, err := parse(svg)
	if err != nil {
		return nil, fmt.Errorf("raster: malformed SVG: %w", err)
	}
	r, err := newRenderer(root, scale)
	if err != nil {
		return nil, fmt.Errorf("raster: %w", err)
	}
	drawMu.Lock()
	defer drawMu.Unlock()
	if err := loadFonts(); err != nil {
		return nil, fmt.Errorf("raster: %w", err)
	}
	st := defaultState()
	if err := r.drawChildren(root, &st, r.view, nil, 1); err != nil {
		return nil, fmt.Errorf("raster: %w", err)
	}
	return r.img, nil
}

// renderer draws one SVG document. Canvas units are CSS px with y pointing up; the
// rasterizer turns them into device pixels at resolution scale.
type renderer struct {
	w, h   float64 // CSS px
	scale  float64
	img    *image.RGBA
	ras    *rasterizer.Rasterizer
	view   canvas.Matrix // SVG user space of the root to canvas units
	ids    map[string]*node
	masks  map[string]*mask
	layerB []uint8 // reused pixels of the scratch layer for clipped drawing
}

func newRenderer(root *node, scale float64) (*renderer, error) {
	r := &renderer{scale: scale, ids: map[string]*node{}, masks: map[string]*mask{}}
	var vb []float64
	if s, ok := root.attrs["viewBox"]; ok {
		v, err := parseNumbers(s)
		if err != nil || len(v) != 4 {
			return nil, fmt.Errorf("bad viewBox %q", s)
		}
		if v[2] <= 0 || v[3] <= 0 {
			return nil, fmt.Errorf("viewBox %q has no area", s)
		}
		vb = v
	}
	size := func(attr string, i int) (float64, error) {
		s := strings.TrimSpace(root.attrs[attr])
		if s == "" || strings.HasSuffix(s, "%") {
			if vb == nil {
				return 0, fmt.Errorf("the <svg> element has no %s and no viewBox", attr)
			}
			return vb[i], nil
		}
		v, err := parseLength(s, 16, 0)
		if err != nil {
			return 0, fmt.Errorf("bad %s %q", attr, s)
		}
		return v, nil
	}
	var err error
	if r.w, err = size("width", 2); err != nil {
		return nil, err
	}
	if r.h, err = size("height", 3); err != nil {
		return nil, err
	}
	pw, ph := math.Round(r.w*scale), math.Round(r.h*scale)
	if !(pw >= 1 && ph >= 1) || pw*ph > maxPixels {
		return nil, fmt.Errorf("image size %gx%g px at scale %g is out of range", r.w, r.h, scale)
	}
	r.img = image.NewRGBA(image.Rect(0, 0, int(pw), int(ph)))
	draw.Draw(r.img, r.img.Bounds(), image.White, image.Point{}, draw.Src)
	r.ras = rasterizer.FromImage(r.img, canvas.DPMM(scale), canvas.LinearColorSpace{})

	// SVG user space (y down) to canvas units (y up), with the viewBox mapped as
	// preserveAspectRatio="xMidYMid meet" does.
	r.view = canvas.Identity.Translate(0, r.h).Scale(1, -1)
	if vb != nil {
		s := math.Min(r.w/vb[2], r.h/vb[3])
		tx := (r.w-vb[2]*s)/2 - vb[0]*s
		ty := (r.h-vb[3]*s)/2 - vb[1]*s
		r.view = r.view.Mul(canvas.Matrix{{s, 0, tx}, {0, s, ty}})
	}
	root.walk(func(n *node) {
		if id := n.attrs["id"]; id != "" {
			if _, dup := r.ids[id]; !dup {
				r.ids[id] = n
			}
		}
	})
	return r, nil
}

// skipped are elements that are not drawn where they stand.
var skipped = map[string]bool{
	"defs": true, "clipPath": true, "mask": true, "pattern": true, "linearGradient": true,
	"radialGradient": true, "style": true, "script": true, "title": true, "desc": true,
	"metadata": true, "symbol": true, "marker": true, "filter": true,
}

func (r *renderer) drawChildren(n *node, st *state, ctm canvas.Matrix, clip *mask, depth int) error {
	for _, c := range n.children {
		if err := r.draw(c, st, ctm, clip, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) draw(n *node, parent *state, ctm canvas.Matrix, clip *mask, depth int) error {
	if skipped[n.name] {
		return nil
	}
	if depth > maxDepth {
		return errors.New("elements nested too deeply")
	}
	st, shown, err := computeState(n, parent)
	if err != nil {
		return fmt.Errorf("<%s>: %w", n.name, err)
	}
	if !shown {
		return nil
	}
	if s, ok := n.attrs["transform"]; ok {
		m, err := parseTransform(s)
		if err != nil {
			return fmt.Errorf("<%s>: %w", n.name, err)
		}
		ctm = ctm.Mul(m)
	}
	if s := strings.TrimSpace(n.attrs["clip-path"]); s != "" && s != "none" {
		id, ok := parseURL(s)
		if !ok {
			return fmt.Errorf("<%s>: bad clip-path %q", n.name, s)
		}
		// A reference to no <clipPath> is ignored, as browsers do.
		if cp := r.ids[id]; cp != nil && cp.name == "clipPath" {
			m, err := r.clipMask(cp, ctm)
			if err != nil {
				return fmt.Errorf("<%s>: clip-path %q: %w", n.name, s, err)
			}
			clip = intersectMasks(clip, m)
			if clip.a.Rect.Empty() {
				return nil // clipped away entirely
			}
		}
	}
	switch n.name {
	case "svg", "g", "a", "switch":
		return r.drawChildren(n, &st, ctm, clip, depth)
	case "text":
		if st.hidden {
			return nil
		}
		if err := r.drawText(n, &st, ctm, clip); err != nil {
			return fmt.Errorf("<text>: %w", err)
		}
	default:
		if st.hidden {
			return nil
		}
		p, err := shapePath(n)
		if err != nil {
			return fmt.Errorf("<%s>: %w", n.name, err)
		}
		if p == nil || p.Empty() {
			return nil
		}
		fill, stroke := r.styles(&st, p)
		r.paint([]item{{p, fill, ctm}, {p, stroke, ctm}}, clip)
	}
	return nil
}

// item is a path to fill or stroke with style, transformed by m to canvas units.
type item struct {
	p     *canvas.Path
	style canvas.Style
	m     canvas.Matrix
}

// styles returns the fill style and the stroke style of a shape, either of which may draw
// nothing. They are drawn separately, so that paint-order can put the stroke first.
func (r *renderer) styles(st *state, p *canvas.Path) (fill, stroke canvas.Style) {
	fill = canvas.DefaultStyle
	fill.Fill = canvas.Paint{Color: r.paintColor(st.fill, st, st.fillOpacity)}
	if st.fillRule == "evenodd" {
		fill.FillRule = canvas.EvenOdd
	}
	stroke = canvas.DefaultStyle
	stroke.Fill = canvas.Paint{}
	stroke.Stroke = canvas.Paint{Color: r.paintColor(st.stroke, st, st.strokeOpacity)}
	stroke.StrokeWidth = st.strokeWidth
	switch st.lineCap {
	case "round":
		stroke.StrokeCapper = canvas.RoundCap
	case "square":
		stroke.StrokeCapper = canvas.SquareCap
	default:
		stroke.StrokeCapper = canvas.ButtCap
	}
	switch st.lineJoin {
	case "round":
		stroke.StrokeJoiner = canvas.RoundJoin
	case "bevel":
		stroke.StrokeJoiner = canvas.BevelJoin
	default:
		stroke.StrokeJoiner = canvas.MiterJoiner{GapJoiner: canvas.BevelJoin, Limit: st.miterLimit}
	}
	if d := st.dashes; len(d) > 0 && st.strokeWidth > 0 {
		sum := 0.0
		for _, v := range d {
			sum += v
		}
		// Dashes of no length draw a solid line, as in SVG; so do dashes so short that
		// the path would split into an unreasonable number of pieces.
		if sum > 0 && p.Length()/sum < 1e5 {
			// canvas measures dashes in stroke widths.
			stroke.Dashes = make([]float64, len(d))
			for i, v := range d {
				stroke.Dashes[i] = v / st.strokeWidth
			}
			stroke.DashOffset = st.dashOffset / st.strokeWidth
		}
	}
	return fill, stroke
}

// paintColor resolves a paint to a premultiplied colour, transparent for none.
func (r *renderer) paintColor(p paint, st *state, opacity float64) color.RGBA {
	var c color.NRGBA
	switch p.kind {
	case paintColor:
		c = p.c
	case paintCurrent:
		c = st.color
	case paintRef:
		g := r.ids[p.ref]
		if g == nil || (g.name != "linearGradient" && g.name != "radialGradient") {
			if !p.hasFallback {
				return color.RGBA{}
			}
			c = p.c
		} else {
			c = firstStop(g)
		}
	default:
		return color.RGBA{}
	}
	a := float64(c.A) / 255 * opacity * st.opacity
	a = math.Max(0, math.Min(1, a))
	A := uint32(math.Round(a * 255))
	mul := func(v uint8) uint8 { return uint8((uint32(v)*A + 127) / 255) }
	return color.RGBA{R: mul(c.R), G: mul(c.G), B: mul(c.B), A: uint8(A)}
}

// firstStop is the colour of a gradient's first stop, which stands in for the gradient.
func firstStop(g *node) color.NRGBA {
	for _, s := range g.children {
		if s.name != "stop" {
			continue
		}
		decl := declarations(s)
		c := color.NRGBA{A: 255}
		if v, ok := decl["stop-color"]; ok {
			if p, err := parsePaint(v); err == nil && p.kind == paintColor {
				c = p.c
			}
		}
		if v, ok := decl["stop-opacity"]; ok {
			if o, err := parseOpacity(v); err == nil {
				c.A = uint8(math.Round(float64(c.A) * o))
			}
		}
		return c
	}
	return color.NRGBA{}
}

// paint draws items, through clip when there is one.
func (r *renderer) paint(items []item, clip *mask) {
	var visible []item
	for _, it := range items {
		if it.style.HasFill() || it.style.HasStroke() {
			visible = append(visible, it)
		}
	}
	if len(visible) == 0 {
		return
	}
	if clip == nil {
		for _, it := range visible {
			r.ras.RenderPath(it.p, it.style, it.m)
		}
		return
	}
	var b image.Rectangle
	for _, it := range visible {
		b = b.Union(r.pixelBounds(it))
	}
	b = b.Intersect(r.img.Bounds())
	if b.Empty() {
		return
	}
	if b.In(clip.solid) {
		// Wholly inside the clip: no need for the mask.
		for _, it := range visible {
			r.ras.RenderPath(it.p, it.style, it.m)
		}
		return
	}
	region := b.Intersect(clip.a.Rect)
	if region.Empty() {
		return
	}
	layer, ras, to := r.layer(region)
	for _, it := range visible {
		ras.RenderPath(it.p, it.style, to.Mul(it.m))
	}
	draw.DrawMask(r.img, region, layer, image.Point{}, clip.a, region.Min, draw.Over)
}

// layer returns a cleared transparent scratch image the size of region, a rasterizer for
// it, and the matrix that moves canvas units of the whole image to those of the layer.
func (r *renderer) layer(region image.Rectangle) (*image.RGBA, *rasterizer.Rasterizer, canvas.Matrix) {
	w, h := region.Dx(), region.Dy()
	n := 4 * w * h
	if cap(r.layerB) < n {
		r.layerB = make([]uint8, n)
	}
	pix := r.layerB[:n]
	clear(pix)
	layer := &image.RGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	ras := rasterizer.FromImage(layer, canvas.DPMM(r.scale), canvas.LinearColorSpace{})
	ph := float64(r.img.Bounds().Dy())
	to := canvas.Identity.Translate(-float64(region.Min.X)/r.scale, (float64(h)-ph+float64(region.Min.Y))/r.scale)
	return layer, ras, to
}

// pixelBounds is a rectangle of device pixels that holds everything it draws.
func (r *renderer) pixelBounds(it item) image.Rectangle {
	b := it.p.Copy().Transform(it.m).Bounds() // Transform works in place
	pad := 0.0
	if it.style.HasStroke() {
		m := it.m
		norm := math.Sqrt(m[0][0]*m[0][0] + m[0][1]*m[0][1] + m[1][0]*m[1][0] + m[1][1]*m[1][1])
		limit := 1.5 // square caps
		if j, ok := it.style.StrokeJoiner.(canvas.MiterJoiner); ok {
			limit = math.Max(limit, j.Limit)
		}
		pad = it.style.StrokeWidth / 2 * limit * norm
	}
	ph := float64(r.img.Bounds().Dy())
	x0 := math.Floor((b.X0-pad)*r.scale) - 2
	x1 := math.Ceil((b.X1+pad)*r.scale) + 2
	y0 := math.Floor(ph-(b.Y1+pad)*r.scale) - 2
	y1 := math.Ceil(ph-(b.Y0-pad)*r.scale) + 2
	lim := func(v float64) int { return int(math.Max(-1<<30, math.Min(1<<30, v))) }
	return image.Rect(lim(x0), lim(y0), lim(x1), lim(y1))
}

// mask is a clip region: the coverage of every device pixel within a.Rect (zero outside it),
// and solid, a rectangle of pixels that are fully covered.
type mask struct {
	a     *image.Alpha
	solid image.Rectangle
}

// clipMask draws the shapes of a <clipPath> in the user space ctm.
func (r *renderer) clipMask(cp *node, ctm canvas.Matrix) (*mask, error) {
	var items []item
	var key strings.Builder
	for _, c := range cp.children {
		if c.name == "text" || skipped[c.name] {
			continue
		}
		st, shown, err := computeState(c, &state{opacity: 1})
		if err != nil {
			return nil, fmt.Errorf("<%s>: %w", c.name, err)
		}
		if !shown || st.hidden {
			continue
		}
		m := ctm
		if s, ok := c.attrs["transform"]; ok {
			t, err := parseTransform(s)
			if err != nil {
				return nil, fmt.Errorf("<%s>: %w", c.name, err)
			}
			m = m.Mul(t)
		}
		p, err := shapePath(c)
		if err != nil {
			return nil, fmt.Errorf("<%s>: %w", c.name, err)
		}
		if p == nil || p.Empty() {
			continue
		}
		style := canvas.DefaultStyle
		style.Fill = canvas.Paint{Color: color.RGBA{255, 255, 255, 255}}
		items = append(items, item{p, style, m})
		key.WriteString(p.Copy().Transform(m).String())
		key.WriteByte('|')
	}
	if msk, ok := r.masks[key.String()]; ok {
		return msk, nil
	}
	var b image.Rectangle
	for _, it := range items {
		b = b.Union(r.pixelBounds(it))
	}
	b = b.Intersect(r.img.Bounds())
	msk := &mask{a: image.NewAlpha(b)}
	if !b.Empty() {
		layer, ras, to := r.layer(b)
		for _, it := range items {
			ras.RenderPath(it.p, it.style, to.Mul(it.m))
		}
		for y := 0; y < b.Dy(); y++ {
			for x := 0; x < b.Dx(); x++ {
				msk.a.Pix[y*msk.a.Stride+x] = layer.Pix[y*layer.Stride+4*x+3]
			}
		}
		msk.solid = solidRect(msk.a)
	}
	r.masks[key.String()] = msk
	return msk, nil
}

// solidRect returns the bounds of the fully covered pixels of a if they fill those bounds
// (a rectangular clip), and an empty rectangle otherwise.
func solidRect(a *image.Alpha) image.Rectangle {
	b := a.Rect
	x0, y0, x1, y1 := b.Max.X, b.Max.Y, b.Min.X, b.Min.Y
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := a.Pix[a.PixOffset(b.Min.X, y):a.PixOffset(b.Max.X, y)]
		first := bytes.IndexByte(row, 255)
		if first < 0 {
			continue
		}
		last := bytes.LastIndexByte(row, 255)
		x0, x1 = min(x0, b.Min.X+first), max(x1, b.Min.X+last+1)
		y0, y1 = min(y0, y), y+1
	}
	s := image.Rect(x0, y0, x1, y1)
	if x0 >= x1 || y0 >= y1 {
		return image.Rectangle{}
	}
	for y := s.Min.Y; y < s.Max.Y; y++ {
		for _, v := range a.Pix[a.PixOffset(s.Min.X, y):a.PixOffset(s.Max.X, y)] {
			if v != 255 {
				return image.Rectangle{}
			}
		}
	}
	return s
}

// intersectMasks returns the clip region of both a and b; a may be nil.
func intersectMasks(a, b *mask) *mask {
	if a == nil {
		return b
	}
	rect := a.a.Rect.Intersect(b.a.Rect)
	out := &mask{a: image.NewAlpha(rect)}
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			v := uint32(a.a.Pix[a.a.PixOffset(x, y)]) * uint32(b.a.Pix[b.a.PixOffset(x, y)])
			out.a.Pix[out.a.PixOffset(x, y)] = uint8((v + 127) / 255)
		}
	}
	out.solid = a.solid.Intersect(b.solid)
	return out
}
