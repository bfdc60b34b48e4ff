package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"pyevidence/tools/internal/chart"
	"pyevidence/tools/internal/claims"
	"pyevidence/tools/internal/figures"
	"pyevidence/tools/internal/raster"
	"pyevidence/tools/internal/render"
	"pyevidence/tools/internal/search"
)

// Generate writes every generated file Hugo reads into root/.site/gen, replacing the
// previous set in one swap. It assumes checked sources.
func Generate(src *Sources) error {
	dst := filepath.Join(src.Root, GenDir)
	tmp, err := siblingTemp(dst)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // a no-op after a successful swap
	envs, err := Envelopes(src)
	if err != nil {
		return err
	}
	bundle, err := os.ReadFile(filepath.Join(src.Root, EChartsBundle))
	if err != nil {
		return fmt.Errorf("the chart bundle: %w", err)
	}
	r, err := render.New(bundle, renderBudget)
	if err != nil {
		return err
	}
	svgs := make([]string, len(envs))
	for i, env := range envs {
		if svgs[i], err = writeChart(tmp, r, env); err != nil {
			return err
		}
	}
	if err := writePNGs(tmp, envs, svgs); err != nil {
		return err
	}
	if err := writeClaims(tmp, src); err != nil {
		return err
	}
	// What the search page finds besides the articles: charts and claims (data/search.json).
	if d, err := search.Build(envs, src.Root); err != nil {
		return err
	} else if err := search.Write(tmp, d); err != nil {
		return err
	}
	return swapDir(tmp, dst)
}

// Verdict labels, as readers see them.
var verdictLabels = map[string]string{
	"supported": "Supported by the data", "mixed": "Mixed evidence",
	"contradicted": "Contradicted by the data", "not_settled": "Not settled by our data",
}

// claimView is a claim as the pages show it, with its Markdown rendered and its figures
// computed.
type claimView struct {
	claims.Claim
	VerdictLabel string           `json:"verdict_label"`
	NoteHTML     string           `json:"note_html"`
	CounterHTML  string           `json:"counter_html"`
	Key          *figures.Figure  `json:"key"`
	Holds        bool             `json:"holds"`
	Figures      []figures.Figure `json:"figures"`
}

// writeClaims writes data/figures.json and data/claims.json for Hugo.
func writeClaims(tmp string, src *Sources) error {
	dir := filepath.Join(tmp, "data")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	figs, err := json.MarshalIndent(src.Figures, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "figures.json"), append(figs, '\n'), 0o644); err != nil {
		return err
	}
	var views []claimView
	for _, c := range src.Claims.Claims {
		v := claimView{Claim: c, VerdictLabel: verdictLabels[c.Verdict], Holds: c.Holds(src.Figures)}
		if v.NoteHTML, err = chart.Markdown(claims.ExpandFigures(c.Note, src.Figures)); err != nil {
			return err
		}
		if v.CounterHTML, err = chart.Markdown(claims.ExpandFigures(c.Counter, src.Figures)); err != nil {
			return err
		}
		if f, ok := src.Figures[c.KeyFigure]; ok {
			v.Key = &f
		}
		for _, name := range sortedIDs(c.Judged) {
			v.Figures = append(v.Figures, src.Figures[name])
		}
		views = append(views, v)
	}
	b, err := json.MarshalIndent(map[string]any{"claims": views, "tags": claims.Tags}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "claims.json"), append(b, '\n'), 0o644)
}

// EChartsBundle is the vendored ECharts build, the one the browser loads too.
const EChartsBundle = "assets/vendor/echarts/echarts.min.js"

// renderBudget bounds one chart's static rendering; a chart takes tens of milliseconds.
const renderBudget = 20 * time.Second

// StaticWidth is the width of every static chart image, in CSS pixels; the height comes
// from the chart's height class, so the image fills the box the page reserves.
const StaticWidth = 720

var staticHeights = map[string]int{"s": 384, "m": 544, "l": 736, "xl": 960}

// writeChart writes a chart's envelope for Hugo, and its downloads (data.csv,
// chart.json, option.json, chart.svg) under static/charts/<id>/, and returns the SVG.
func writeChart(tmp string, r *render.Renderer, env *chart.Envelope) (string, error) {
	files := map[string][]byte{}
	b, err := EncodeEnvelope(env)
	if err != nil {
		return "", err
	}
	files[filepath.Join("data", "charts", env.ID+".json")] = b
	static := filepath.Join("static", "charts", env.ID)
	files[filepath.Join(static, "chart.json")] = b
	// The option alone, which an article fetches when the chart comes near the viewport.
	files[filepath.Join(static, "option.json")] = append(append([]byte(nil), env.Option...), '\n')
	files[filepath.Join(static, "data.csv")] = chartCSV(env)
	svg, err := r.SVG(env.ID, env.Option, render.Size{Width: StaticWidth, Height: staticHeights[env.Height]}, env.Title, env.Takeaway)
	if err != nil {
		return "", err
	}
	files[filepath.Join(static, "chart.svg")] = []byte(svg)
	for name, data := range files {
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return "", err
		}
	}
	return svg, nil
}

// writePNGs rasterises every chart's SVG at 2x (for slides and for link previews) into
// static/charts/<id>/chart.png. It is the slowest step of a build, and the charts are
// independent, so it uses every core.
func writePNGs(tmp string, envs []*chart.Envelope, svgs []string) error {
	errs := make([]error, len(envs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				png, err := raster.PNG([]byte(svgs[i]), 2)
				if err == nil {
					err = os.WriteFile(filepath.Join(tmp, "static", "charts", envs[i].ID, "chart.png"), png, 0o644)
				}
				if err != nil {
					errs[i] = fmt.Errorf("chart %s: chart.png: %w", envs[i].ID, err)
				}
			}
		}()
	}
	for i := range envs {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// chartCSV is a chart's data download: comment lines naming the source, the licence and
// the data version, then exactly the rows the chart draws.
func chartCSV(env *chart.Envelope) []byte {
	var b bytes.Buffer
	line := func(format string, args ...any) {
		b.WriteString("# " + strings.Join(strings.Fields(fmt.Sprintf(format, args...)), " ") + "\n")
	}
	line("%s", env.Title)
	for _, s := range env.Sources {
		line("Source: %s, %s (published %s, read %s). %s", s.Producer, s.Title, s.DatePublished, s.DateAccessed, s.URL)
		line("Licence: %s %s", s.License, s.LicenseURL)
		if s.SecondHand {
			line("Second-hand: a third party's copy of the published figures, not the producer's own file.")
		}
	}
	line("Data version: %s (the first 12 hex digits of the sha256 of the CSV below, from its header row on)", env.DataVersion)
	b.Write(env.Table.CSV())
	return b.Bytes()
}

// Envelopes builds every chart's envelope, in id order.
func Envelopes(src *Sources) ([]*chart.Envelope, error) {
	cited := map[string][]string{}
	for _, p := range src.Pages {
		for _, id := range p.ChartIDs() {
			if hp := p.HugoPath(filepath.Join(src.Root, ContentDir)); !slices.Contains(cited[id], hp) {
				cited[id] = append(cited[id], hp)
			}
		}
	}
	var out []*chart.Envelope
	for _, s := range src.Specs {
		env, err := chart.Build(s, src.Datasets[s.Dataset])
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", s.ID, err)
		}
		env.CitedIn = cited[s.ID]
		out = append(out, env)
	}
	return out, nil
}

// EncodeEnvelope is the one JSON form of an envelope: indented, so that a diff of two
// builds is readable, and with a final newline.
func EncodeEnvelope(env *chart.Envelope) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(env); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
