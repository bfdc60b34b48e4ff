// Package render draws a chart's ECharts option as a static SVG at build time, with
// ECharts' own server-side renderer running in goja, a JavaScript engine written in Go. It
// uses the same vendored bundle the browser loads, so the static image and the interactive
// chart come from the same code: no Node and no browser are needed.
package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// Size is the static image's size in CSS pixels.
type Size struct{ Width, Height int }

// Renderer holds one JavaScript engine with ECharts loaded. Loading takes a fraction of
// a second, so one Renderer draws every chart of a build, one at a time.
type Renderer struct {
	mu     sync.Mutex
	vm     *goja.Runtime
	draw   goja.Callable
	budget time.Duration
}

// shim gives the bundle the few globals it expects. setTimeout must not call back: ECharts'
// SSR renders synchronously, and a synchronous callback would loop for ever.
const shim = `var window = this, self = this;
var setTimeout = function () { return 0; }, clearTimeout = function () {};
var console = { log: function () {}, warn: function () {}, error: function () {} };`

const drawJS = `(function (optionJSON, width, height) {
  var chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: width, height: height });
  try {
    var opt = JSON.parse(optionJSON);
    opt.animation = false;
    opt.backgroundColor = "#ffffff"; // the image is used on light and dark pages, in print and in slides
    chart.setOption(opt);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
})`

// New loads bundle (the vendored echarts.min.js). budget bounds each chart's rendering.
func New(bundle []byte, budget time.Duration) (*Renderer, error) {
	vm := goja.New()
	if _, err := vm.RunString(shim); err != nil {
		return nil, err
	}
	prog, err := goja.Compile("echarts.min.js", string(bundle), false)
	if err != nil {
		return nil, fmt.Errorf("compiling the ECharts bundle: %w", err)
	}
	if _, err := vm.RunProgram(prog); err != nil {
		return nil, fmt.Errorf("loading the ECharts bundle: %w", err)
	}
	if goja.IsUndefined(vm.Get("echarts")) {
		return nil, errors.New("the bundle did not define the global echarts")
	}
	v, err := vm.RunString(drawJS)
	if err != nil {
		return nil, err
	}
	draw, ok := goja.AssertFunction(v)
	if !ok {
		return nil, errors.New("render: draw is not a function")
	}
	return &Renderer{vm: vm, draw: draw, budget: budget}, nil
}

// SVG renders option at size, with title and desc as the image's accessible name and
// description, and every internal id prefixed with id so that several charts can share a
// page. A rendering that runs past the budget is stopped and reported.
func (r *Renderer) SVG(id string, option json.RawMessage, size Size, title, desc string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	timer := time.AfterFunc(r.budget, func() { r.vm.Interrupt(fmt.Sprintf("took longer than %v", r.budget)) })
	v, err := r.draw(goja.Undefined(), r.vm.ToValue(string(option)), r.vm.ToValue(size.Width), r.vm.ToValue(size.Height))
	timer.Stop()
	r.vm.ClearInterrupt()
	if err != nil {
		var ie *goja.InterruptedError
		if errors.As(err, &ie) {
			return "", fmt.Errorf("chart %s: rendering stopped: %v", id, ie.Value())
		}
		return "", fmt.Errorf("chart %s: rendering failed: %w", id, err)
	}
	return finish(v.String(), id, title, desc)
}

var (
	idRe      = regexp.MustCompile(`\b(id|class)="([^"]*)"`)
	urlRe     = regexp.MustCompile(`url\(#([^)]+)\)`)
	hrefRe    = regexp.MustCompile(`href="#([^"]+)"`)
	cssRe     = regexp.MustCompile(`([.#])(zr-[A-Za-z0-9_-]+)`)
	zrNumRe   = regexp.MustCompile(`\bzr\d+-`)
	zrIDRe    = regexp.MustCompile(`\bzr-([A-Za-z]+)-\d+\b`)
	openSVGRe = regexp.MustCompile(`^<svg\b[^>]*>`)
)

// finish prefixes ids and classes, and adds the accessible text that ECharts' SSR omits.
func finish(svg, id, title, desc string) (string, error) {
	if !strings.HasPrefix(svg, "<svg") {
		return "", fmt.Errorf("chart %s: the renderer returned no SVG", id)
	}
	// Each echarts.init numbers its zrender instance (zr0, zr1, ...); the number depends on
	// how many charts were drawn before, so it is dropped to keep the output deterministic.
	svg = zrNumRe.ReplaceAllString(svg, "zr-")
	// Class and gradient ids are numbered by counters that also run across charts;
	// renumber them in order of first appearance.
	seen := map[string]string{}
	count := map[string]int{}
	svg = zrIDRe.ReplaceAllStringFunc(svg, func(m string) string {
		if r, ok := seen[m]; ok {
			return r
		}
		kind := zrIDRe.FindStringSubmatch(m)[1]
		r := fmt.Sprintf("zr-%s-%d", kind, count[kind])
		count[kind]++
		seen[m] = r
		return r
	})
	p := id + "-"
	svg = idRe.ReplaceAllStringFunc(svg, func(m string) string {
		sm := idRe.FindStringSubmatch(m)
		parts := strings.Fields(sm[2])
		for i, part := range parts {
			if strings.HasPrefix(part, "zr") {
				parts[i] = p + part
			}
		}
		return sm[1] + `="` + strings.Join(parts, " ") + `"`
	})
	svg = urlRe.ReplaceAllString(svg, "url(#"+p+"$1)")
	svg = hrefRe.ReplaceAllString(svg, `href="#`+p+`$1"`)
	svg = cssRe.ReplaceAllString(svg, "${1}"+p+"$2")
	open := openSVGRe.FindString(svg)
	if open == "" {
		return "", fmt.Errorf("chart %s: no <svg> element", id)
	}
	titleID, descID := p+"title", p+"desc"
	newOpen := strings.TrimSuffix(open, ">") + fmt.Sprintf(` role="img" aria-labelledby="%s %s">`, titleID, descID)
	head := fmt.Sprintf(`<title id="%s">%s</title><desc id="%s">%s</desc>`,
		titleID, html.EscapeString(title), descID, html.EscapeString(desc))
	return newOpen + head + svg[len(open):], nil
}
