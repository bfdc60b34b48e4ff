package render

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
)

func renderer(t *testing.T) *Renderer {
	t.Helper()
	b, err := os.ReadFile("../../../assets/vendor/echarts/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(b, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const barOption = `{"xAxis":[{"type":"category","data":["a","b <&>"]}],"yAxis":[{"type":"log"}],
"series":[{"type":"bar","name":"x","data":[{"value":1},{"value":100}]}],"aria":{"enabled":true}}`

func TestSVGIsWellFormedAndAccessible(t *testing.T) {
	r := renderer(t)
	svg, err := r.SVG("cpu", json.RawMessage(barOption), Size{720, 400}, `CPU "time" <1>`, "Takeaway & more")
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := dec.Token(); err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
	for _, want := range []string{`<title id="cpu-title">CPU &#34;time&#34; &lt;1&gt;</title>`, `<desc id="cpu-desc">Takeaway &amp; more</desc>`, `role="img"`, `<path`} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(svg, `"zr0-`) || strings.Contains(svg, ` zr0-`) {
		t.Errorf("an id or class was not prefixed: %.300s", svg)
	}
}

func TestSVGDeterministic(t *testing.T) {
	r := renderer(t)
	a, err := r.SVG("x", json.RawMessage(barOption), Size{600, 300}, "t", "d")
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.SVG("x", json.RawMessage(barOption), Size{600, 300}, "t", "d")
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Error("two renderings of the same option differ")
	}
}

func TestSVGBadOptionFails(t *testing.T) {
	r := renderer(t)
	if _, err := r.SVG("bad", json.RawMessage(`{"series":`), Size{600, 300}, "t", "d"); err == nil || !strings.Contains(err.Error(), "chart bad: rendering failed") {
		t.Fatalf("want a rendering error naming the chart, got %v", err)
	}
}

func TestSVGTimeout(t *testing.T) {
	r := renderer(t)
	r.budget = 100 * time.Millisecond
	// A draw function that never returns stands in for a rendering that hangs.
	v, err := r.vm.RunString(`(function () { for (;;) {} })`)
	if err != nil {
		t.Fatal(err)
	}
	orig := r.draw
	r.draw, _ = goja.AssertFunction(v)
	_, err = r.SVG("slow", json.RawMessage(`{}`), Size{600, 300}, "t", "d")
	if err == nil || !strings.Contains(err.Error(), "chart slow: rendering stopped: took longer than 100ms") {
		t.Fatalf("want a timeout error naming the chart, got %v", err)
	}
	// The engine is usable again after an interrupt (with the normal budget: a loaded
	// machine may take more than 100 ms for a real chart).
	r.draw = orig
	r.budget = 10 * time.Second
	if _, err := r.SVG("after", json.RawMessage(barOption), Size{600, 300}, "t", "d"); err != nil {
		t.Fatalf("after a timeout: %v", err)
	}
}
