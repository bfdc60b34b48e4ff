// Package search builds what the site's search page looks through besides the articles:
// every chart (its title, takeaway and datasets) and every claim of the claims ledger. The
// build writes it as data/search.json for Hugo; the search page adds the articles' text and
// resolves every URL against the base URL, so one index serves the public site, a sub-path
// deployment and the live preview alike. Matching happens in the reader's browser
// (assets/js/search.js): there is no server and no third-party service.
package search

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"pyevidence/tools/internal/chart"
)

// Entry is one thing the search page can find besides an article.
type Entry struct {
	Kind string `json:"kind"` // "chart" or "claim"
	ID   string `json:"id"`
	// Title is the link text of a result; Text is shown under it (a chart's takeaway, a
	// claim's quote from the essay).
	Title string `json:"title"`
	Text  string `json:"text"`
	// Keywords are searched but not shown: dataset titles, producers and ids, a claim's
	// verdict and the charts it rests on.
	Keywords string `json:"keywords"`
	// Path is where the result lives: for a chart, its page relative to the base URL
	// ("charts/bg_cpu_time/"); for a claim, the Hugo path of the article that makes it
	// ("/essays/python-dont-over-use-it"), which the template turns into a URL.
	Path    string `json:"path"`
	Anchor  string `json:"anchor,omitempty"`
	Verdict string `json:"verdict,omitempty"`
}

// Data is data/search.json.
type Data struct {
	Charts []Entry `json:"charts"`
	Claims []Entry `json:"claims"`
}

// Build collects the charts' and the claims' entries. A missing claims ledger is no claims.
func Build(envs []*chart.Envelope, root string) (*Data, error) {
	d := &Data{Charts: []Entry{}, Claims: []Entry{}}
	titles := map[string]string{}
	for _, e := range envs {
		titles[e.ID] = e.Title
		var kw []string
		for _, s := range e.Sources {
			kw = append(kw, s.Dataset, s.Title, s.Producer)
			if s.SecondHand {
				kw = append(kw, "second-hand")
			}
		}
		kw = append(kw, e.ID, strings.ReplaceAll(e.ID, "_", " "), e.Kind, e.Theme)
		d.Charts = append(d.Charts, Entry{
			Kind: "chart", ID: e.ID, Title: e.Title, Text: e.Takeaway,
			Keywords: strings.Join(nonEmpty(kw), " · "),
			Path:     "charts/" + e.ID + "/",
		})
	}
	sort.Slice(d.Charts, func(i, j int) bool { return d.Charts[i].ID < d.Charts[j].ID })

	l, err := ReadClaims(root)
	if err != nil {
		return nil, err
	}
	if l != nil {
		for _, c := range l.Claims {
			kw := []string{c.ID, c.Verdict, strings.ReplaceAll(c.Verdict, "_", " "), c.Section, c.Note}
			for _, id := range c.Charts {
				kw = append(kw, id, titles[id])
			}
			title := c.Summary
			if title == "" {
				title = c.Quote
			}
			d.Claims = append(d.Claims, Entry{
				Kind: "claim", ID: c.ID, Title: title, Text: c.Quote,
				Keywords: strings.Join(nonEmpty(kw), " · "),
				Path:     l.EssayPage, Anchor: "claim-" + c.ID, Verdict: c.Verdict,
			})
		}
	}
	return d, nil
}

// Write writes d as data/search.json under the generated folder gen.
func Write(gen string, d *Data) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return err
	}
	p := filepath.Join(gen, "data", "search.json")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, b.Bytes(), 0o644)
}

func nonEmpty(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		s = strings.Join(strings.Fields(s), " ")
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
