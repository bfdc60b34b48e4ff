package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden SVGs in testdata/")

// chartIDs lists every chart the build generated.
func chartIDs(t *testing.T) []string {
	t.Helper()
	built(t)
	paths, _ := filepath.Glob(filepath.Join(siteRoot, ".site/gen/data/charts/*.json"))
	var ids []string
	for _, p := range paths {
		ids = append(ids, strings.TrimSuffix(filepath.Base(p), ".json"))
	}
	if len(ids) < 10 {
		t.Fatalf("only %d charts generated", len(ids))
	}
	return ids
}

type fullEnvelope struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Takeaway    string `json:"takeaway"`
	DataVersion string `json:"data_version"`
	Height      string `json:"height"`
	Table       struct {
		Columns []struct {
			Name string `json:"name"`
		} `json:"columns"`
		Rows [][]string `json:"rows"`
	} `json:"table"`
	Option json.RawMessage `json:"option"`
}

var heightPx = map[string]int{"s": 384, "m": 544, "l": 736, "xl": 960}

// TestChartDownloads checks, for every chart, its six URLs and that each download says
// what the chart shows.
func TestChartDownloads(t *testing.T) {
	dir := built(t)
	allIDs := map[string]string{} // SVG element id -> chart, over every SVG
	for _, id := range chartIDs(t) {
		base := filepath.Join(dir, "charts", id)
		for _, f := range []string{"index.html", "embed/index.html", "data.csv", "chart.svg", "chart.png", "chart.json"} {
			if _, err := os.Stat(filepath.Join(base, f)); err != nil {
				t.Errorf("chart %s: missing /charts/%s/%s", id, id, f)
			}
		}
		var env fullEnvelope
		if err := json.Unmarshal([]byte(readOut(t, dir, "charts/"+id+"/chart.json")), &env); err != nil {
			t.Fatalf("chart %s: chart.json: %v", id, err)
		}
		if len(env.Option) == 0 || env.ID != id {
			t.Errorf("chart %s: chart.json lacks the option or the id", id)
		}

		// data.csv: comment lines, then exactly the table of the envelope.
		raw := readOut(t, dir, "charts/"+id+"/data.csv")
		var body []string
		version := ""
		for _, l := range strings.SplitAfter(raw, "\n") {
			if v, ok := strings.CutPrefix(l, "# Data version: "); ok {
				version = strings.Fields(v)[0]
			}
			if !strings.HasPrefix(l, "# ") {
				body = append(body, l)
			}
		}
		if !strings.Contains(raw, "# Source: ") || !strings.Contains(raw, "# Licence: ") {
			t.Errorf("chart %s: data.csv does not name its source and licence", id)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.Join(body, ""))).ReadAll()
		if err != nil {
			t.Fatalf("chart %s: data.csv: %v", id, err)
		}
		var head []string
		for _, c := range env.Table.Columns {
			head = append(head, c.Name)
		}
		if !slices.Equal(recs[0], head) || len(recs)-1 != len(env.Table.Rows) {
			t.Errorf("chart %s: data.csv header %v / %d rows, chart shows %v / %d rows", id, recs[0], len(recs)-1, head, len(env.Table.Rows))
		}
		for i, r := range env.Table.Rows {
			if i+1 < len(recs) && !slices.Equal(recs[i+1], r) {
				t.Errorf("chart %s: data.csv row %d = %v, chart shows %v", id, i+1, recs[i+1], r)
				break
			}
		}
		// The same data version in the CSV, the JSON and the citation.
		page := readOut(t, dir, "charts/"+id+"/index.html")
		if version == "" || version != env.DataVersion || !strings.Contains(page, "data version "+env.DataVersion) {
			t.Errorf("chart %s: data version differs: csv %q, json %q, or missing from the citation", id, version, env.DataVersion)
		}

		// chart.svg: well-formed, titled, described, with ids of its own.
		svg := readOut(t, dir, "charts/"+id+"/chart.svg")
		dec := xml.NewDecoder(strings.NewReader(svg))
		var title, desc bool
		for {
			tok, err := dec.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("chart %s: chart.svg is not well-formed: %v", id, err)
				}
				break
			}
			if se, ok := tok.(xml.StartElement); ok {
				title = title || se.Name.Local == "title"
				desc = desc || se.Name.Local == "desc"
				for _, a := range se.Attr {
					if a.Name.Local == "id" {
						if other, dup := allIDs[a.Value]; dup {
							t.Errorf("chart %s: SVG id %q is also used by chart %s", id, a.Value, other)
						}
						allIDs[a.Value] = id
					}
				}
			}
		}
		if !title || !desc {
			t.Errorf("chart %s: chart.svg lacks <title> or <desc>", id)
		}

		// chart.png: decodes, at twice the static size.
		img, err := png.Decode(bytes.NewReader([]byte(readOut(t, dir, "charts/"+id+"/chart.png"))))
		if err != nil {
			t.Errorf("chart %s: chart.png: %v", id, err)
		} else if b := img.Bounds(); b.Dx() != 2*720 || b.Dy() != 2*heightPx[env.Height] {
			t.Errorf("chart %s: chart.png is %dx%d, want %dx%d", id, b.Dx(), b.Dy(), 2*720, 2*heightPx[env.Height])
		}

		// The embed page stands alone; the chart page previews as its chart.
		embed := readOut(t, dir, "charts/"+id+"/embed/index.html")
		if strings.Contains(embed, `class="site-header"`) || strings.Contains(embed, `class="site-nav"`) {
			t.Errorf("chart %s: the embed page holds the site navigation", id)
		}
		if !strings.Contains(embed, `href="https://example.org/charts/`+id+`/"`) {
			t.Errorf("chart %s: the embed page does not link back to the chart page", id)
		}
		if got := headValue(t, page, "og:image"); got != "https://example.org/charts/"+id+"/chart.png" {
			t.Errorf("chart %s: og:image is %q, not the chart's PNG", id, got)
		}
	}
	if got := headValue(t, readOut(t, dir, essayPath), "og:image"); got != "https://example.org/charts/github_pushers/chart.png" {
		t.Errorf("the essay's og:image is %q, not its first chart", got)
	}
}

// TestGoldenSVG pins the static rendering of two representative charts.
func TestGoldenSVG(t *testing.T) {
	dir := built(t)
	for _, id := range []string{"bg_cpu_time", "support_windows_runtimes"} {
		got := []byte(readOut(t, dir, "charts/"+id+"/chart.svg"))
		golden := filepath.Join("testdata", id+".svg")
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			_ = os.WriteFile(golden+".got", got, 0o644)
			t.Errorf("%s differs from %s; wrote %s.got (rerun with -update if the change is intended)", id, golden, golden)
		}
	}
}

// TestChartIndex: /charts/ lists every chart under the essay's themes.
func TestChartIndex(t *testing.T) {
	dir := built(t)
	index := readOut(t, dir, "charts/index.html")
	for _, id := range chartIDs(t) {
		if !strings.Contains(index, `href="/charts/`+id+`/"`) {
			t.Errorf("/charts/ does not list %s", id)
		}
	}
	for _, h := range []string{"Performance", "Concurrency and the GIL", "Longevity and support"} {
		if !strings.Contains(index, ">"+h+" <a") && !strings.Contains(index, ">"+h+"</h2>") {
			t.Errorf("/charts/ lacks the theme heading %q", h)
		}
	}
}
