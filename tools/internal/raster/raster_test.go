package raster

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata")

// The testdata SVGs were drawn by ECharts' SSR renderer (tools/internal/render) from three
// of the site's chart options: a horizontal grouped bar chart on a log axis (bg_cpu_time), a
// line chart (github_pushers) and a timeline on a time axis (support_windows_runtimes).
func chartSVGs(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("testdata/*.svg")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 3 {
		t.Fatalf("want at least 3 chart SVGs in testdata, have %d", len(files))
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".svg")] = b
	}
	return out
}

var sizeRe = regexp.MustCompile(`^<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"`)

func svgSize(t *testing.T, svg []byte) (int, int) {
	t.Helper()
	m := sizeRe.FindSubmatch(svg)
	if m == nil {
		t.Fatal("no width and height on the <svg> element")
	}
	w, _ := strconv.Atoi(string(m[1]))
	h, _ := strconv.Atoi(string(m[2]))
	return w, h
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the output is not a PNG: %v", err)
	}
	return img
}

func rgba(c color.Color) (r, g, b, a uint8) {
	R, G, B, A := c.RGBA()
	return uint8(R >> 8), uint8(G >> 8), uint8(B >> 8), uint8(A >> 8)
}

func isWhite(c color.Color) bool {
	r, g, b, a := rgba(c)
	return r == 255 && g == 255 && b == 255 && a == 255
}

// inked: clearly darker than the white background.
func inked(c color.Color) bool {
	r, g, b, _ := rgba(c)
	return int(r)+int(g)+int(b) < 3*255-60
}

func TestChartsPNG(t *testing.T) {
	const scale = 2
	for name, svg := range chartSVGs(t) {
		t.Run(name, func(t *testing.T) {
			w, h := svgSize(t, svg)
			out, err := PNG(svg, scale)
			if err != nil {
				t.Fatal(err)
			}
			img := decode(t, out)
			b := img.Bounds()
			if b.Dx() != w*scale || b.Dy() != h*scale {
				t.Fatalf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), w*scale, h*scale)
			}
			var ink, black, translucent int
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					c := img.At(x, y)
					r, g, bl, a := rgba(c)
					if a != 255 {
						translucent++
					}
					if inked(c) {
						ink++
					}
					if r < 40 && g < 40 && bl < 40 {
						black++
					}
				}
			}
			n := float64(b.Dx() * b.Dy())
			if translucent > 0 {
				t.Errorf("%d pixels are not opaque", translucent)
			}
			if f := float64(ink) / n; f < 0.03 {
				t.Errorf("only %.2f%% of the pixels are inked: blank?", 100*f)
			}
			// ECharts' palette and text colours have no near-black: a solid black area is
			// a fill drawn that should not be, such as the legend's invisible hit box.
			if f := float64(black) / n; f > 0.001 {
				t.Errorf("%.2f%% of the pixels are near black", 100*f)
			}
			for _, p := range []image.Point{{0, 0}, {b.Dx() - 1, 0}, {0, b.Dy() - 1}, {b.Dx() - 1, b.Dy() - 1}} {
				if c := img.At(p.X, p.Y); !isWhite(c) {
					t.Errorf("corner %v is %v, want the white background", p, c)
				}
			}
			again, err := PNG(svg, scale)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, again) {
				t.Error("two runs gave different bytes")
			}
		})
	}
}

// TestConcurrent draws the charts from several goroutines at once: the output must not
// change (go test -race also checks the shared font).
func TestConcurrent(t *testing.T) {
	svgs := chartSVGs(t)
	want := map[string][]byte{}
	for name, svg := range svgs {
		out, err := PNG(svg, 1)
		if err != nil {
			t.Fatal(err)
		}
		want[name] = out
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(svgs))
	for range 4 {
		for name, svg := range svgs {
			wg.Go(func() {
				out, err := PNG(svg, 1)
				if err == nil && !bytes.Equal(out, want[name]) {
					err = fmt.Errorf("%s: concurrent drawing gave other bytes", name)
				}
				if err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

var (
	textElemRe = regexp.MustCompile(`(?s)<text\b[^>]*>.*?</text>`)
	translate  = regexp.MustCompile(`^translate\(([-\d.]+)[ ,]+([-\d.]+)\)$`)
	attrRe     = regexp.MustCompile(`\s([a-z-]+)="([^"]*)"`)
)

// TestChartLabelsDrawn checks every label at a plain translate: the pixels where its text
// starts, centres or ends (as text-anchor says) change when the <text> elements are taken
// out of the SVG.
func TestChartLabelsDrawn(t *testing.T) {
	const scale = 2
	for name, svg := range chartSVGs(t) {
		t.Run(name, func(t *testing.T) {
			with, err := rasterize(svg, scale)
			if err != nil {
				t.Fatal(err)
			}
			without, err := rasterize(textElemRe.ReplaceAll(svg, nil), scale)
			if err != nil {
				t.Fatal(err)
			}
			checked := 0
			for _, el := range textElemRe.FindAll(svg, -1) {
				open := el[:bytes.IndexByte(el, '>')]
				attrs := map[string]string{}
				for _, m := range attrRe.FindAllSubmatch(open, -1) {
					attrs[string(m[1])] = string(m[2])
				}
				m := translate.FindStringSubmatch(attrs["transform"])
				if m == nil {
					continue // rotated labels
				}
				x, _ := strconv.ParseFloat(m[1], 64)
				y, _ := strconv.ParseFloat(m[2], 64)
				if v, ok := attrs["x"]; ok {
					dx, _ := strconv.ParseFloat(v, 64)
					x += dx
				}
				if v, ok := attrs["y"]; ok {
					dy, _ := strconv.ParseFloat(v, 64)
					y += dy
				}
				x0, x1 := x, x+8
				switch attrs["text-anchor"] {
				case "end":
					x0, x1 = x-8, x
				case "middle":
					x0, x1 = x-4, x+4
				}
				win := image.Rect(int(x0*scale), int((y-5)*scale), int(x1*scale), int((y+5)*scale))
				changed := 0
				for py := win.Min.Y; py < win.Max.Y; py++ {
					for px := win.Min.X; px < win.Max.X; px++ {
						if with.RGBAAt(px, py) != without.RGBAAt(px, py) {
							changed++
						}
					}
				}
				if changed < 10 {
					t.Errorf("label %s: only %d pixels drawn near %v", el[bytes.IndexByte(el, '>')+1:], changed, win)
				}
				checked++
			}
			if checked < 15 {
				t.Errorf("checked only %d labels", checked)
			}
		})
	}
}

// inkBox is the bounding box of the inked pixels, in CSS px.
func inkBox(t *testing.T, svg string, scale float64) (x0, y0, x1, y1 float64, n int) {
	t.Helper()
	img, err := rasterize([]byte(svg), scale)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	minX, minY, maxX, maxY := b.Max.X, b.Max.Y, -1, -1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if inked(img.RGBAAt(x, y)) {
				n++
				minX, minY = min(minX, x), min(minY, y)
				maxX, maxY = max(maxX, x+1), max(maxY, y+1)
			}
		}
	}
	if n == 0 {
		t.Fatalf("nothing drawn for %s", svg)
	}
	return float64(minX) / scale, float64(minY) / scale, float64(maxX) / scale, float64(maxY) / scale, n
}

// textSVG is an SVG holding one <text>, as ECharts writes it.
func textSVG(anchor, style, body string) string {
	return fmt.Sprintf(`<svg width="200" height="60" xmlns="http://www.w3.org/2000/svg">`+
		`<text dominant-baseline="central" text-anchor="%s" style="%s" transform="translate(100 30)" fill="#54555a">%s</text></svg>`,
		anchor, style, body)
}

const labelStyle = "font-size:12px;font-family:sans-serif;"

func TestTextPlacement(t *testing.T) {
	const word = "Hamburgefonstiv"
	x0, y0, x1, y1, _ := inkBox(t, textSVG("middle", labelStyle, word), 2)
	if c := (x0 + x1) / 2; c < 99 || c > 101 {
		t.Errorf("middle-anchored text is centred at x=%.1f, want 100", c)
	}
	// dominant-baseline="central": the em box is centred on y; the ink of this word
	// (ascenders and a descender) is centred about 1 px below the baseline's central point.
	if c := (y0 + y1) / 2; c < 28.5 || c > 32 {
		t.Errorf("central text is centred at y=%.1f, want about 30", c)
	}
	if h := y1 - y0; h < 10 || h > 14 {
		t.Errorf("12px text is %.1f px tall", h)
	}
	// Liberation Sans has Arial's widths, which ECharts assumes: about 92 px at 12 px.
	if w := x1 - x0; w < 85 || w > 100 {
		t.Errorf("the word is %.1f px wide", w)
	}
	if _, _, x1, _, _ := inkBox(t, textSVG("end", labelStyle, word), 2); x1 < 99 || x1 > 100.5 {
		t.Errorf("end-anchored text ends at x=%.1f, want 100", x1)
	}
	if x0, _, _, _, _ := inkBox(t, textSVG("start", labelStyle, word), 2); x0 < 100 || x0 > 102 {
		t.Errorf("start-anchored text starts at x=%.1f, want 100", x0)
	}
}

func TestTextFontFamilies(t *testing.T) {
	want, err := PNG([]byte(textSVG("middle", labelStyle, "Quarter 2024Q1")), 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, style := range []string{
		"font-size:12px;font-family:'Microsoft YaHei';",
		`font-size:12px;font-family:&quot;Microsoft YaHei&quot;, sans-serif;`,
		"font-size:12px;font-family:serif;",
		"font-size:12px;font-family:monospace;",
		"font-size:12px;font-family:'Helvetica Neue', Arial, sans-serif;",
		"font-size:12px;font-family:NoSuchFont;",
		"font: normal normal 12px sans-serif",
		"font: 12px Microsoft YaHei",
	} {
		got, err := PNG([]byte(textSVG("middle", style, "Quarter 2024Q1")), 2)
		if err != nil {
			t.Fatalf("%s: %v", style, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("style %q draws other pixels than sans-serif", style)
		}
	}
	_, _, _, _, regular := inkBox(t, textSVG("middle", labelStyle, "2024"), 2)
	_, _, _, _, bold := inkBox(t, textSVG("middle", labelStyle+"font-weight:bold;", "2024"), 2)
	if bold <= regular {
		t.Errorf("bold text inks %d pixels, regular %d", bold, regular)
	}
}

func TestTextEntitiesAndSpace(t *testing.T) {
	a, err := PNG([]byte(textSVG("start", labelStyle, "a &lt;&amp;&gt; b")), 1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := PNG([]byte(textSVG("start", labelStyle, "\n  a   &lt;&amp;&gt;\tb  ")), 1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("white space in <text> is not collapsed")
	}
}

func TestInvisibleAndStyleSheet(t *testing.T) {
	// ECharts' legend hit box, its :hover style sheet, and a background rect of fill none.
	svg := `<svg width="100" height="40" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40">
<rect width="100" height="40" x="0" y="0" fill="none"></rect>
<path d="M-5 -5.5l80 0l0 25l-80 0Z" transform="translate(10 5.5)" fill="rgb(0,0,0)" fill-opacity="0" stroke="#b7b9be" stroke-width="0" class="x-zr-cls-0"></path>
<path d="M10 10l10 0" stroke="#000" stroke-opacity="0" fill="none"></path>
<path d="M30 10l10 0l0 10Z" fill="#000" opacity="0"></path>
<path d="M50 10l10 0l0 10Z" fill="#000" display="none"></path>
<path d="M70 10l10 0l0 10Z" fill="#000" visibility="hidden"></path>
<style ><![CDATA[
.x-zr-cls-0:hover {
cursor:pointer;
fill:rgba(0,0,0,1);
}
]]>
</style>
</svg>`
	img, err := rasterize([]byte(svg), 2)
	if err != nil {
		t.Fatal(err)
	}
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			if c := img.RGBAAt(x, y); c != (color.RGBA{255, 255, 255, 255}) {
				t.Fatalf("pixel %d,%d is %v, want white: an invisible shape was drawn", x, y, c)
			}
		}
	}
}

func TestFillOpacity(t *testing.T) {
	svg := `<svg width="10" height="10"><rect width="10" height="10" fill="rgb(0,0,0)" fill-opacity="0.5"/></svg>`
	img, err := rasterize([]byte(svg), 1)
	if err != nil {
		t.Fatal(err)
	}
	if c := img.RGBAAt(5, 5); c.R < 126 || c.R > 129 || c.A != 255 {
		t.Errorf("half-transparent black on white is %v, want grey 127", c)
	}
}

func TestGradientAndDashes(t *testing.T) {
	svg := `<svg width="100" height="40" xmlns="http://www.w3.org/2000/svg">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="0"><stop offset="0%" stop-color="#ff0000"/><stop offset="100%" stop-color="#0000ff"/></linearGradient></defs>
<rect x="0" y="0" width="40" height="20" fill="url(#g)"/>
<path d="M0 30L100 30" stroke="#000" stroke-width="2" stroke-dasharray="10 10" fill="none"/>
</svg>`
	img, err := rasterize([]byte(svg), 1)
	if err != nil {
		t.Fatal(err)
	}
	// A gradient is drawn in its first stop's colour.
	if c := img.RGBAAt(30, 10); c != (color.RGBA{255, 0, 0, 255}) {
		t.Errorf("gradient fill is %v, want its first stop, red", c)
	}
	for x, ink := range map[int]bool{5: true, 15: false, 25: true, 35: false} {
		if got := inked(img.RGBAAt(x, 30)); got != ink {
			t.Errorf("dashed line at x=%d inked=%v, want %v", x, got, ink)
		}
	}
}

func TestClipPath(t *testing.T) {
	// As ECharts clips a line series: the clip path after the content, in <defs>.
	svg := `<svg width="100" height="100" xmlns="http://www.w3.org/2000/svg">
<g clip-path="url(#c)"><path d="M0 50L100 50" stroke="#000" stroke-width="10" fill="none"/></g>
<g clip-path="url(#c)"><path d="M20 70L40 70" stroke="#000" stroke-width="4" fill="none"/></g>
<defs><clipPath id="c"><path d="M10 0l40 0l0 100l-40 0Z" fill="#000"/></clipPath></defs></svg>`
	img, err := rasterize([]byte(svg), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		x, y int
		ink  bool
	}{{5, 50, false}, {12, 50, true}, {30, 50, true}, {48, 50, true}, {52, 50, false}, {90, 50, false}, {30, 70, true}, {30, 20, false}} {
		if got := inked(img.RGBAAt(tc.x, tc.y)); got != tc.ink {
			t.Errorf("pixel %d,%d inked=%v, want %v", tc.x, tc.y, got, tc.ink)
		}
	}
}

func TestSizeAndScale(t *testing.T) {
	svg := []byte(`<svg width="30" height="20" viewBox="0 0 60 40"><rect x="0" y="0" width="30" height="40" fill="#f00"/></svg>`)
	for _, scale := range []float64{1, 1.5, 2, 3} {
		out, err := PNG(svg, scale)
		if err != nil {
			t.Fatal(err)
		}
		img := decode(t, out)
		w, h := int(30*scale+0.5), int(20*scale+0.5)
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Errorf("scale %g: %v, want %dx%d", scale, b, w, h)
		}
		// The viewBox halves everything: the red rect fills the left half.
		if r, g, _, _ := rgba(img.At(w/4, h/2)); r != 255 || g != 0 {
			t.Errorf("scale %g: left half is not red", scale)
		}
		if !isWhite(img.At(3*w/4, h/2)) {
			t.Errorf("scale %g: right half is not white", scale)
		}
	}
}

func TestMalformed(t *testing.T) {
	for _, tc := range []struct{ name, svg string }{
		{"empty", ""},
		{"not XML", "hello"},
		{"unclosed", `<svg width="10" height="10"><g>`},
		{"mismatched", `<svg width="10" height="10"><g></svg>`},
		{"not SVG", `<html width="10" height="10"></html>`},
		{"two roots", `<svg width="10" height="10"></svg><svg/>`},
		{"no size", `<svg></svg>`},
		{"bad width", `<svg width="ten" height="10"></svg>`},
		{"zero size", `<svg width="0" height="10"></svg>`},
		{"huge", `<svg width="1000000" height="1000000"></svg>`},
		{"bad viewBox", `<svg viewBox="0 0 10"></svg>`},
		{"bad path", `<svg width="10" height="10"><path d="M 1 1 L x y"/></svg>`},
		{"path without command", `<svg width="10" height="10"><path d="1 1"/></svg>`},
		{"bad transform", `<svg width="10" height="10"><path d="M0 0L5 5" transform="translate(1,"/></svg>`},
		{"unknown transform", `<svg width="10" height="10"><g transform="spin(3)"></g></svg>`},
		{"bad colour", `<svg width="10" height="10"><path d="M0 0L5 5" fill="#12"/></svg>`},
		{"unknown colour", `<svg width="10" height="10"><path d="M0 0L5 5" stroke="blurple"/></svg>`},
		{"bad number", `<svg width="10" height="10"><rect width="NaN" height="5"/></svg>`},
		{"bad opacity", `<svg width="10" height="10"><rect width="5" height="5" fill-opacity="half"/></svg>`},
		{"bad font", `<svg width="10" height="10"><text style="font: bold sans-serif">a</text></svg>`},
		{"bad clip-path", `<svg width="10" height="10"><g clip-path="url(c"></g></svg>`},
		{"deep", strings.Repeat("<g>", 300) + strings.Repeat("</g>", 300)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "deep" {
				tc.svg = `<svg width="10" height="10">` + tc.svg + `</svg>`
			}
			out, err := PNG([]byte(tc.svg), 2)
			if err == nil {
				t.Fatalf("no error; %d bytes", len(out))
			}
			if out != nil {
				t.Error("bytes returned with the error")
			}
		})
	}
	for _, scale := range []float64{0, -1, 1e9} {
		if _, err := PNG([]byte(`<svg width="10" height="10"></svg>`), scale); err == nil {
			t.Errorf("scale %g: no error", scale)
		}
	}
}

// FuzzPNG checks that no input panics. Run with go test -fuzz FuzzPNG; plain go test runs
// the seeds.
func FuzzPNG(f *testing.F) {
	f.Add([]byte(`<svg width="20" height="20"><path d="M1 1L19 19" stroke="#000"/><text x="2" y="10">a</text></svg>`))
	f.Add([]byte(`<svg width="20" height="20"><path d=" "/></svg>`))
	f.Add([]byte(`<svg width="20" height="20"><g clip-path="url(#c)"><rect width="9" height="9"/></g><clipPath id="c"><circle r="5"/></clipPath></svg>`))
	f.Add([]byte(`<svg width="20" height="20"><path d="M0 0A1 1 0 1 1 1 -0.1" stroke="red" stroke-dasharray="0 0" transform="matrix(3,0,0,3,5,5)"/></svg>`))
	f.Fuzz(func(t *testing.T, svg []byte) {
		out, err := PNG(svg, 1)
		if err == nil && len(out) == 0 {
			t.Error("no error and no bytes")
		}
	})
}

// TestGolden compares each chart at scale 1 with testdata/<name>.png, pixel for pixel on
// amd64 (on other architectures fused multiply-adds may move anti-aliasing by a level or
// two). On a mismatch it writes testdata/<name>.got.png; -update rewrites the goldens.
func TestGolden(t *testing.T) {
	for name, svg := range chartSVGs(t) {
		t.Run(name, func(t *testing.T) {
			out, err := PNG(svg, 1)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".png")
			got := filepath.Join("testdata", name+".got.png")
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				os.Remove(got)
				return
			}
			b, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			want, have := decode(t, b), decode(t, out)
			if diff := pixelDiff(want, have); diff != "" {
				os.WriteFile(got, out, 0o644)
				t.Errorf("%s differs from the golden (%s); wrote %s. If the change is intended, run go test -update", name, diff, got)
			} else {
				os.Remove(got)
			}
		})
	}
}

// pixelDiff describes how b differs from a, or returns "" when they are the same (within
// two levels per channel on a few pixels, off amd64).
func pixelDiff(a, b image.Image) string {
	if a.Bounds() != b.Bounds() {
		return fmt.Sprintf("size %v, golden %v", b.Bounds(), a.Bounds())
	}
	tol, allowed := 0, 0
	if runtime.GOARCH != "amd64" {
		tol, allowed = 2, a.Bounds().Dx()*a.Bounds().Dy()/1000
	}
	differ, worst := 0, 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := rgba(a.At(x, y))
			r2, g2, b2, a2 := rgba(b.At(x, y))
			d := max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2), absDiff(a1, a2))
			if d > 0 {
				differ++
				worst = max(worst, d)
			}
		}
	}
	if worst > tol || differ > allowed {
		return fmt.Sprintf("%d pixels differ, by up to %d", differ, worst)
	}
	return ""
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// BenchmarkPNG draws one 720×400 line chart at 2×, PNG encoding included.
func BenchmarkPNG(b *testing.B) {
	svg, err := os.ReadFile("testdata/github_pushers.svg")
	if err != nil {
		b.Fatal(err)
	}
	if !bytes.Contains(svg, []byte(`width="720" height="400"`)) {
		b.Fatal("github_pushers.svg is not 720×400")
	}
	for b.Loop() {
		if _, err := PNG(svg, 2); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRasterize is BenchmarkPNG without the PNG encoding.
func BenchmarkRasterize(b *testing.B) {
	svg, err := os.ReadFile("testdata/github_pushers.svg")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := rasterize(svg, 2); err != nil {
			b.Fatal(err)
		}
	}
}
