package pack

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// chartFiles are a chart's downloads, as the site publishes them under /charts/<id>/.
var chartFiles = []string{"data.csv", "chart.svg", "chart.png", "chart.json"}

// zipTime is every entry's modification time: a fixed instant, so that the same build makes
// the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// zip makes the pack's ZIP: a README, then every chart's downloads, in a folder named
// after the pack.
func (s *site) zip(slug string, v view) ([]byte, error) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	add := func(name string, b []byte) error {
		f, err := w.CreateHeader(&zip.FileHeader{Name: slug + "/" + name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return err
		}
		_, err = f.Write(b)
		return err
	}
	var missing []string
	type file struct {
		name string
		b    []byte
	}
	var files []file
	for _, c := range v.Charts {
		for _, f := range chartFiles {
			b, err := os.ReadFile(filepath.Join(s.out, "charts", c.ID, f))
			if os.IsNotExist(err) && f == "chart.png" {
				missing = append(missing, "charts/"+c.ID+"/"+f)
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("chart %s: %w", c.ID, err)
			}
			files = append(files, file{"charts/" + c.ID + "/" + f, b})
		}
	}
	if err := add("README.md", readme(slug, v, missing)); err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := add(f.name, f.b); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// readme names what the ZIP holds, where it comes from, and every source and licence.
func readme(slug string, v view, missing []string) []byte {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("# Evidence pack: %s", v.Title)
	p("")
	p("The data behind every chart of the article %q, as published at %s.", v.Title, v.PageURL)
	p("Built from commit %s of the site's sources.", v.Commit)
	p("")
	p("Open %s.html (published beside this ZIP) to read the article with its charts, data tables,", slug)
	p("sources and caveats, offline. This ZIP holds each chart's files:")
	p("")
	p("- `charts/<id>/data.csv`: exactly the rows the chart draws, after comment lines naming the")
	p("  source, the licence and the data version")
	p("- `charts/<id>/chart.svg`: the chart as a static image; `chart.png`: the same at twice the size")
	p("- `charts/<id>/chart.json`: the chart's envelope: the Apache ECharts option, the sources, the")
	p("  data version and the table")
	if len(missing) > 0 {
		p("")
		p("This build made no PNG for: %s.", strings.Join(missing, ", "))
	}
	p("")
	p("## Charts")
	p("")
	for _, c := range v.Charts {
		var sets []string
		for _, s := range c.Sources {
			sets = append(sets, "`"+s.Dataset+"`")
		}
		p("- `%s`: %s. Data version %s (data published %s); dataset %s.", c.ID, c.Title, c.DataVersion, c.DataDate, strings.Join(sets, ", "))
	}
	p("")
	p("## Sources and licences")
	for _, s := range v.Sources {
		p("")
		p("### %s (`%s`)", s.Title, s.Dataset)
		p("")
		p("- Producer: %s", s.Producer)
		p("- Where: %s", s.URL)
		if s.URLDownload != "" {
			p("- The file: %s", s.URLDownload)
		}
		lic := s.License
		if s.LicenseURL != "" {
			lic += " (" + s.LicenseURL + ")"
		}
		p("- Licence: %s", lic)
		p("- Published %s, read %s", s.DatePublished, s.DateAccessed)
		p("- Citation: %s", oneLine(s.Citation))
		if s.SecondHand {
			p("- Second-hand: a third party's copy of the published figures, not the producer's own file")
		}
		p("- sha256 of the dataset file: %s", s.SHA256)
	}
	p("")
	p("The chart images were drawn by Apache ECharts (Apache License 2.0). Each file keeps the licence")
	p("of the dataset it was made from, named above.")
	return []byte(b.String())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
