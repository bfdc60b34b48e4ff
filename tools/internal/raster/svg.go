package raster

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tdewolff/canvas"
	"golang.org/x/image/colornames"
)

// node is an element of the parsed SVG.
type node struct {
	name     string            // local name
	attrs    map[string]string // by local name; xml:space is kept as "xml:space"
	children []*node
	text     []byte // for <text>: the character data of it and its descendants, in order
}

func (n *node) walk(f func(*node)) {
	f(n)
	for _, c := range n.children {
		c.walk(f)
	}
}

// parse reads an SVG document into a tree of elements.
func parse(b []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Entity = xml.HTMLEntity
	var root *node
	var stack []*node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root != nil && len(stack) == 0 {
				return nil, errors.New("content after the root element")
			}
			if len(stack) >= maxDepth {
				return nil, errors.New("elements nested too deeply")
			}
			n := &node{name: t.Name.Local, attrs: make(map[string]string, len(t.Attr))}
			for _, a := range t.Attr {
				key := a.Name.Local
				switch a.Name.Space {
				case "xmlns":
					continue
				case "xml", "http://www.w3.org/XML/1998/namespace":
					key = "xml:" + key
				}
				n.attrs[key] = a.Value
			}
			if root == nil {
				if n.name != "svg" {
					return nil, fmt.Errorf("the root element is <%s>, not <svg>", n.name)
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == "text" {
					stack[i].text = append(stack[i].text, t...)
					break
				}
			}
		}
	}
	if root == nil {
		return nil, errors.New("no <svg> element")
	}
	return root, nil
}

type paintKind uint8

const (
	paintNone paintKind = iota
	paintColor
	paintCurrent // currentColor
	paintRef     // url(#id), with an optional fallback colour
)

type paint struct {
	kind        paintKind
	c           color.NRGBA
	ref         string
	hasFallback bool
}

// state holds the properties that apply to an element: the inherited ones, and opacity,
// which is multiplied down the tree.
type state struct {
	fill, stroke               paint
	fillOpacity, strokeOpacity float64
	opacity                    float64
	strokeWidth, miterLimit    float64
	lineCap, lineJoin          string
	dashes                     []float64
	dashOffset                 float64
	fillRule                   string
	color                      color.NRGBA
	fontSize                   float64
	fontFamily                 string
	bold, italic               bool
	anchor, baseline           string
	paintOrder                 string
	hidden                     bool // visibility: hidden
	preserveSpace              bool // xml:space="preserve"
}

func defaultState() state {
	return state{
		fill:          paint{kind: paintColor, c: color.NRGBA{A: 255}},
		fillOpacity:   1,
		strokeOpacity: 1,
		opacity:       1,
		strokeWidth:   1,
		miterLimit:    4,
		color:         color.NRGBA{A: 255},
		fontSize:      16,
		fontFamily:    "sans-serif",
		anchor:        "start",
		baseline:      "auto",
	}
}

// declarations returns an element's presentation attributes overridden by its style="".
func declarations(n *node) map[string]string {
	decl := make(map[string]string, len(n.attrs))
	for k, v := range n.attrs {
		decl[k] = v
	}
	for _, d := range strings.Split(n.attrs["style"], ";") {
		k, v, ok := strings.Cut(d, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		v = strings.TrimSpace(strings.TrimSuffix(v, "!important"))
		decl[strings.ToLower(strings.TrimSpace(k))] = v
	}
	return decl
}

// computeState returns the state of n under parent, and whether n is displayed at all.
func computeState(n *node, parent *state) (state, bool, error) {
	st := *parent
	if v, ok := n.attrs["xml:space"]; ok {
		st.preserveSpace = v == "preserve"
	}
	decl := declarations(n)
	if strings.TrimSpace(decl["display"]) == "none" {
		return st, false, nil
	}
	// The font shorthand goes first, so that font-size and the like can override it;
	// font-size goes before the properties whose em lengths depend on it.
	keys := make([]string, 0, len(decl))
	for k := range decl {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		switch k {
		case "font":
			return 0
		case "font-size":
			return 1
		}
		return 2
	}
	slices.SortFunc(keys, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	parentSize := parent.fontSize
	for _, k := range keys {
		if err := st.set(k, decl[k], parentSize); err != nil {
			return st, false, err
		}
	}
	return st, true, nil
}

// set applies one property. Properties that are not drawn are ignored.
func (st *state) set(key, val string, parentSize float64) error {
	val = strings.TrimSpace(val)
	if val == "" || val == "inherit" {
		return nil
	}
	var err error
	switch key {
	case "fill":
		st.fill, err = parsePaint(val)
	case "stroke":
		st.stroke, err = parsePaint(val)
	case "color":
		var p paint
		if p, err = parsePaint(val); err == nil && p.kind == paintColor {
			st.color = p.c
		}
	case "fill-opacity":
		st.fillOpacity, err = parseOpacity(val)
	case "stroke-opacity":
		st.strokeOpacity, err = parseOpacity(val)
	case "opacity":
		var o float64
		if o, err = parseOpacity(val); err == nil {
			st.opacity *= o
		}
	case "stroke-width":
		var w float64
		if w, err = parseLength(val, st.fontSize, 0); err == nil {
			st.strokeWidth = math.Max(0, w)
		}
	case "stroke-miterlimit":
		var m float64
		if m, err = parseNumber(val); err == nil {
			st.miterLimit = math.Max(1, m)
		}
	case "stroke-linecap":
		st.lineCap = val
	case "stroke-linejoin":
		st.lineJoin = val
	case "stroke-dasharray":
		st.dashes = nil
		if val != "none" {
			var d []float64
			if d, err = parseNumbers(strings.ReplaceAll(val, "px", "")); err == nil {
				if slices.ContainsFunc(d, func(v float64) bool { return v < 0 }) {
					d = nil // an error in SVG: drawn solid
				}
				if len(d)%2 == 1 {
					d = append(d, d...)
				}
				st.dashes = d
			}
		}
	case "stroke-dashoffset":
		st.dashOffset, err = parseLength(val, st.fontSize, 0)
	case "fill-rule":
		st.fillRule = val
	case "visibility":
		st.hidden = val == "hidden" || val == "collapse"
	case "font":
		err = st.setFont(val, parentSize)
	case "font-size":
		var s float64
		if s, err = parseFontSize(val, parentSize); err == nil {
			st.fontSize = s
		}
	case "font-family":
		st.fontFamily = val
	case "font-weight":
		st.bold, err = parseWeight(val, st.bold)
	case "font-style":
		st.italic = val == "italic" || strings.HasPrefix(val, "oblique")
	case "text-anchor":
		st.anchor = val
	case "dominant-baseline", "alignment-baseline":
		st.baseline = val
	case "paint-order":
		st.paintOrder = val
	}
	if err != nil {
		return fmt.Errorf("%s %q: %w", key, val, err)
	}
	return nil
}

// setFont applies the CSS font shorthand: [style] [variant] [weight] size[/line-height] family.
func (st *state) setFont(val string, parentSize float64) error {
	fields := strings.Fields(val)
	for i, f := range fields {
		size, _, _ := strings.Cut(f, "/")
		if s, err := parseFontSize(size, parentSize); err == nil && (size[0] < '0' || size[0] > '9' || strings.IndexFunc(size, isUnit) >= 0) {
			st.fontSize = s
			st.bold, st.italic = false, false
			for _, g := range fields[:i] {
				switch {
				case g == "italic" || g == "oblique":
					st.italic = true
				case g == "normal" || g == "small-caps":
				default:
					b, err := parseWeight(g, false)
					if err != nil {
						return fmt.Errorf("unknown font keyword %q", g)
					}
					st.bold = b
				}
			}
			if fam := strings.Join(fields[i+1:], " "); fam != "" {
				st.fontFamily = fam
			}
			return nil
		}
	}
	return errors.New("no font size")
}

func isUnit(r rune) bool { return r == '%' || r >= 'a' && r <= 'z' }

func parseWeight(val string, parentBold bool) (bool, error) {
	switch val {
	case "normal", "lighter":
		return false, nil
	case "bold", "bolder":
		return true, nil
	}
	w, err := parseNumber(val)
	if err != nil {
		return parentBold, err
	}
	return w >= 600, nil
}

var fontSizes = map[string]float64{
	"xx-small": 9, "x-small": 10, "small": 13, "medium": 16, "large": 18, "x-large": 24,
	"xx-large": 32, "xxx-large": 48,
}

func parseFontSize(val string, parentSize float64) (float64, error) {
	if s, ok := fontSizes[val]; ok {
		return s, nil
	}
	switch val {
	case "smaller":
		return parentSize / 1.2, nil
	case "larger":
		return parentSize * 1.2, nil
	}
	s, err := parseLength(val, parentSize, parentSize)
	if err != nil {
		return 0, err
	}
	if s < 0 {
		return 0, errors.New("negative font size")
	}
	return s, nil
}

// parsePaint reads none, a colour, currentColor, or url(#id) with an optional fallback.
func parsePaint(val string) (paint, error) {
	switch strings.ToLower(val) {
	case "none":
		return paint{}, nil
	case "currentcolor":
		return paint{kind: paintCurrent}, nil
	}
	if strings.HasPrefix(val, "url(") {
		end := strings.IndexByte(val, ')')
		if end < 0 {
			return paint{}, errors.New("unclosed url(")
		}
		id, ok := parseURL(val[:end+1])
		if !ok {
			return paint{}, errors.New("bad url()")
		}
		p := paint{kind: paintRef, ref: id}
		if rest := strings.TrimSpace(val[end+1:]); rest != "" {
			fb, err := parsePaint(rest)
			if err != nil {
				return paint{}, err
			}
			if fb.kind == paintColor {
				p.c, p.hasFallback = fb.c, true
			}
		}
		return p, nil
	}
	c, err := parseColor(val)
	if err != nil {
		return paint{}, err
	}
	return paint{kind: paintColor, c: c}, nil
}

// parseURL reads url(#id), url("#id") or url('#id').
func parseURL(val string) (string, bool) {
	val = strings.TrimSpace(val)
	if !strings.HasPrefix(val, "url(") || !strings.HasSuffix(val, ")") {
		return "", false
	}
	s := strings.TrimSpace(val[4 : len(val)-1])
	s = strings.Trim(s, `"'`)
	id, ok := strings.CutPrefix(s, "#")
	return id, ok && id != ""
}

// parseColor reads the CSS colours: #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(), rgba(), hsl(),
// hsla(), transparent and the named colours.
func parseColor(val string) (color.NRGBA, error) {
	v := strings.ToLower(strings.TrimSpace(val))
	if v == "transparent" {
		return color.NRGBA{}, nil
	}
	if c, ok := colornames.Map[v]; ok {
		return color.NRGBA{c.R, c.G, c.B, c.A}, nil
	}
	if hex, ok := strings.CutPrefix(v, "#"); ok {
		n, err := strconv.ParseUint(hex, 16, 32)
		if err != nil {
			return color.NRGBA{}, errors.New("bad hex colour")
		}
		x := func(shift uint) uint8 { d := uint8(n>>shift) & 0xf; return d<<4 | d }
		y := func(shift uint) uint8 { return uint8(n >> shift) }
		switch len(hex) {
		case 3:
			return color.NRGBA{x(8), x(4), x(0), 255}, nil
		case 4:
			return color.NRGBA{x(12), x(8), x(4), x(0)}, nil
		case 6:
			return color.NRGBA{y(16), y(8), y(0), 255}, nil
		case 8:
			return color.NRGBA{y(24), y(16), y(8), y(0)}, nil
		}
		return color.NRGBA{}, errors.New("bad hex colour")
	}
	name, args, ok := strings.Cut(v, "(")
	if !ok || !strings.HasSuffix(args, ")") {
		return color.NRGBA{}, errors.New("unknown colour")
	}
	args = strings.TrimSuffix(args, ")")
	args = strings.ReplaceAll(args, "/", " ")
	parts := strings.FieldsFunc(args, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(parts) != 3 && len(parts) != 4 {
		return color.NRGBA{}, errors.New("bad colour function")
	}
	alpha := 1.0
	if len(parts) == 4 {
		a, err := parseOpacity(parts[3])
		if err != nil {
			return color.NRGBA{}, err
		}
		alpha = a
	}
	byte8 := func(f float64) uint8 { return uint8(math.Round(math.Max(0, math.Min(255, f)))) }
	switch name {
	case "rgb", "rgba":
		var rgb [3]uint8
		for i, p := range parts[:3] {
			if s, ok := strings.CutSuffix(p, "%"); ok {
				f, err := parseNumber(s)
				if err != nil {
					return color.NRGBA{}, err
				}
				rgb[i] = byte8(f * 2.55)
			} else {
				f, err := parseNumber(p)
				if err != nil {
					return color.NRGBA{}, err
				}
				rgb[i] = byte8(f)
			}
		}
		return color.NRGBA{rgb[0], rgb[1], rgb[2], byte8(alpha * 255)}, nil
	case "hsl", "hsla":
		h, err := parseNumber(strings.TrimSuffix(parts[0], "deg"))
		if err != nil {
			return color.NRGBA{}, err
		}
		var sl [2]float64
		for i, p := range parts[1:3] {
			f, err := parseNumber(strings.TrimSuffix(p, "%"))
			if err != nil {
				return color.NRGBA{}, err
			}
			sl[i] = math.Max(0, math.Min(100, f)) / 100
		}
		s, l := sl[0], sl[1]
		h = math.Mod(math.Mod(h, 360)+360, 360) / 360
		q := l + s - l*s
		if l < 0.5 {
			q = l * (1 + s)
		}
		p := 2*l - q
		hue := func(t float64) float64 {
			t = math.Mod(t+1, 1)
			switch {
			case t < 1.0/6:
				return p + (q-p)*6*t
			case t < 0.5:
				return q
			case t < 2.0/3:
				return p + (q-p)*(2.0/3-t)*6
			}
			return p
		}
		return color.NRGBA{byte8(hue(h+1.0/3) * 255), byte8(hue(h) * 255), byte8(hue(h-1.0/3) * 255), byte8(alpha * 255)}, nil
	}
	return color.NRGBA{}, errors.New("unknown colour")
}

// parseOpacity reads a number or a percentage, clamped to [0, 1].
func parseOpacity(val string) (float64, error) {
	s, pct := strings.CutSuffix(strings.TrimSpace(val), "%")
	f, err := parseNumber(s)
	if err != nil {
		return 0, err
	}
	if pct {
		f /= 100
	}
	return math.Max(0, math.Min(1, f)), nil
}

// parseNumber reads a finite number.
func parseNumber(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("bad number %q", s)
	}
	return f, nil
}

// parseNumbers reads numbers separated by spaces or commas.
func parseNumbers(s string) ([]float64, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	out := make([]float64, 0, len(fields))
	for _, f := range fields {
		v, err := parseNumber(f)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

var units = map[string]float64{"px": 1, "pt": 96.0 / 72, "pc": 16, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96}

// parseLength reads a length in user units (CSS px): a number with an optional unit; em is
// relative to fontSize and % to percentOf.
func parseLength(s string, fontSize, percentOf float64) (float64, error) {
	s = strings.TrimSpace(s)
	if v, ok := strings.CutSuffix(s, "%"); ok {
		f, err := parseNumber(v)
		return f / 100 * percentOf, err
	}
	if v, ok := strings.CutSuffix(s, "em"); ok {
		f, err := parseNumber(v)
		return f * fontSize, err
	}
	if len(s) > 2 {
		if u, ok := units[s[len(s)-2:]]; ok {
			f, err := parseNumber(s[:len(s)-2])
			return f * u, err
		}
	}
	return parseNumber(s)
}

// parseTransform reads an SVG transform list.
func parseTransform(s string) (canvas.Matrix, error) {
	m := canvas.Identity
	rest := s
	for {
		rest = strings.TrimLeft(rest, " \t\r\n,")
		if rest == "" {
			return m, nil
		}
		open := strings.IndexByte(rest, '(')
		end := strings.IndexByte(rest, ')')
		if open < 0 || end < open {
			return m, fmt.Errorf("bad transform %q", s)
		}
		name := strings.TrimSpace(rest[:open])
		args, err := parseNumbers(rest[open+1 : end])
		if err != nil {
			return m, fmt.Errorf("bad transform %q: %w", s, err)
		}
		rest = rest[end+1:]
		n := len(args)
		bad := func() (canvas.Matrix, error) { return m, fmt.Errorf("bad transform %q", s) }
		var t canvas.Matrix
		switch name {
		case "matrix":
			if n != 6 {
				return bad()
			}
			t = canvas.Matrix{{args[0], args[2], args[4]}, {args[1], args[3], args[5]}}
		case "translate":
			if n != 1 && n != 2 {
				return bad()
			}
			args = append(args, 0)
			t = canvas.Matrix{{1, 0, args[0]}, {0, 1, args[1]}}
		case "scale":
			if n != 1 && n != 2 {
				return bad()
			}
			if n == 1 {
				args = append(args, args[0])
			}
			t = canvas.Matrix{{args[0], 0, 0}, {0, args[1], 0}}
		case "rotate":
			if n != 1 && n != 3 {
				return bad()
			}
			sin, cos := math.Sincos(args[0] * math.Pi / 180)
			t = canvas.Matrix{{cos, -sin, 0}, {sin, cos, 0}}
			if n == 3 {
				cx, cy := args[1], args[2]
				t = canvas.Matrix{{1, 0, cx}, {0, 1, cy}}.Mul(t).Mul(canvas.Matrix{{1, 0, -cx}, {0, 1, -cy}})
			}
		case "skewX":
			if n != 1 {
				return bad()
			}
			t = canvas.Matrix{{1, math.Tan(args[0] * math.Pi / 180), 0}, {0, 1, 0}}
		case "skewY":
			if n != 1 {
				return bad()
			}
			t = canvas.Matrix{{1, 0, 0}, {math.Tan(args[0] * math.Pi / 180), 1, 0}}
		default:
			return bad()
		}
		m = m.Mul(t)
	}
}

// shapePath returns the outline of a basic shape or <path> in its user space, or nil for an
// element that is not a shape.
func shapePath(n *node) (*canvas.Path, error) {
	num := func(attr string) (float64, error) {
		s := strings.TrimSpace(n.attrs[attr])
		if s == "" {
			return 0, nil
		}
		v, err := parseLength(s, 16, 0)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", attr, err)
		}
		return v, nil
	}
	nums := func(attrs ...string) ([]float64, error) {
		out := make([]float64, len(attrs))
		for i, a := range attrs {
			v, err := num(a)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	var d string
	switch n.name {
	case "path":
		d = strings.TrimSpace(n.attrs["d"])
	case "rect":
		v, err := nums("x", "y", "width", "height")
		if err != nil {
			return nil, err
		}
		x, y, w, h := v[0], v[1], v[2], v[3]
		if w <= 0 || h <= 0 {
			return nil, nil
		}
		rx, errX := num("rx")
		ry, errY := num("ry")
		if errX != nil || errY != nil {
			return nil, errors.Join(errX, errY)
		}
		_, hasRX := n.attrs["rx"]
		_, hasRY := n.attrs["ry"]
		if !hasRY {
			ry = rx
		} else if !hasRX {
			rx = ry
		}
		rx, ry = math.Max(0, math.Min(rx, w/2)), math.Max(0, math.Min(ry, h/2))
		if rx == 0 || ry == 0 {
			d = fmt.Sprintf("M%s %sH%sV%sH%sZ", f(x), f(y), f(x+w), f(y+h), f(x))
		} else {
			a := func(ex, ey float64) string {
				return fmt.Sprintf("A%s %s 0 0 1 %s %s", f(rx), f(ry), f(ex), f(ey))
			}
			d = fmt.Sprintf("M%s %sH%s%sV%s%sH%s%sV%s%sZ",
				f(x+rx), f(y), f(x+w-rx), a(x+w, y+ry), f(y+h-ry), a(x+w-rx, y+h),
				f(x+rx), a(x, y+h-ry), f(y+ry), a(x+rx, y))
		}
	case "circle", "ellipse":
		var cx, cy, rx, ry float64
		if n.name == "circle" {
			v, err := nums("cx", "cy", "r")
			if err != nil {
				return nil, err
			}
			cx, cy, rx, ry = v[0], v[1], v[2], v[2]
		} else {
			v, err := nums("cx", "cy", "rx", "ry")
			if err != nil {
				return nil, err
			}
			cx, cy, rx, ry = v[0], v[1], v[2], v[3]
		}
		if rx <= 0 || ry <= 0 {
			return nil, nil
		}
		d = fmt.Sprintf("M%s %sA%s %s 0 1 1 %s %sA%s %s 0 1 1 %s %sZ",
			f(cx+rx), f(cy), f(rx), f(ry), f(cx-rx), f(cy), f(rx), f(ry), f(cx+rx), f(cy))
	case "line":
		v, err := nums("x1", "y1", "x2", "y2")
		if err != nil {
			return nil, err
		}
		d = fmt.Sprintf("M%s %sL%s %s", f(v[0]), f(v[1]), f(v[2]), f(v[3]))
	case "polyline", "polygon":
		pts, err := parseNumbers(n.attrs["points"])
		if err != nil {
			return nil, fmt.Errorf("points: %w", err)
		}
		if len(pts) < 4 {
			return nil, nil
		}
		var b strings.Builder
		for i := 0; i+1 < len(pts); i += 2 {
			if i == 0 {
				b.WriteByte('M')
			} else {
				b.WriteByte('L')
			}
			b.WriteString(f(pts[i]) + " " + f(pts[i+1]))
		}
		if n.name == "polygon" {
			b.WriteByte('Z')
		}
		d = b.String()
	default:
		return nil, nil // not a shape: <image>, <use>, <foreignObject>, ... are skipped
	}
	if d == "" {
		return nil, nil
	}
	p, err := canvas.ParseSVGPath(d)
	if err != nil {
		return nil, fmt.Errorf("bad path data: %w", err)
	}
	return p, nil
}
