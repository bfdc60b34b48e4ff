package pack

import (
	"encoding/json"
	"errors"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"pyevidence/tools/internal/chart"
	"pyevidence/tools/internal/search"
)

// claimView is a claim as the pack shows it.
type claimView struct {
	ID, Summary, Quote, Verdict, VerdictLabel string
	Note, Counter                             template.HTML
	Charts                                    []claimChart
}

type claimChart struct{ Title, Anchor string }

var verdictLabels = map[string]string{
	"supported": "Supported by the data", "mixed": "Mixed evidence",
	"contradicted": "Contradicted by the data", "not_settled": "Not settled by our data",
}

// generatedClaims is where the build puts the claims with their notes rendered and their
// figures filled in, when the site has a claims ledger.
const generatedClaims = ".site/gen/data/claims.json"

var figRe = regexp.MustCompile(`\[fig:([A-Za-z0-9_]+)\]`)

// claims lists the claims of data/claims.toml that belong to this article (all of them when
// the ledger names no article), or none when there is no ledger.
func (s *site) claims(slug string, chartIDs []string) ([]claimView, error) {
	l, err := search.ReadClaims(s.root)
	if err != nil || l == nil {
		return nil, err
	}
	if l.Slug != "" && l.Slug != slug {
		return nil, nil
	}
	rendered, err := readGenerated(filepath.Join(s.root, generatedClaims))
	if err != nil {
		return nil, err
	}
	inArticle := map[string]bool{}
	for _, id := range chartIDs {
		inArticle[id] = true
	}
	var out []claimView
	for _, c := range l.Claims {
		v := claimView{ID: c.ID, Summary: c.Summary, Quote: c.Quote, Verdict: c.Verdict, VerdictLabel: verdictLabels[c.Verdict]}
		if v.VerdictLabel == "" {
			v.VerdictLabel = strings.ReplaceAll(c.Verdict, "_", " ")
		}
		g := rendered[c.ID]
		if g.VerdictLabel != "" {
			v.VerdictLabel = g.VerdictLabel
		}
		if g.NoteHTML != "" {
			v.Note = template.HTML(g.NoteHTML) // goldmark's output, raw HTML off, like every *_html field
		} else if c.Note != "" {
			// Without the build's figures, a [fig:name] reference shows its name.
			h, err := chart.Markdown(figRe.ReplaceAllString(c.Note, "`$1`"))
			if err != nil {
				return nil, err
			}
			v.Note = template.HTML(h)
		}
		v.Counter = template.HTML(g.CounterHTML)
		for _, id := range c.Charts {
			cc := claimChart{Title: id}
			if env, err := readEnvelope(s.out, id); err == nil {
				cc.Title = env.Title
			}
			if inArticle[id] {
				cc.Anchor = "chart-" + strings.ReplaceAll(id, "_", "-")
			}
			v.Charts = append(v.Charts, cc)
		}
		out = append(out, v)
	}
	return out, nil
}

type generated struct {
	ID           string `json:"id"`
	VerdictLabel string `json:"verdict_label"`
	NoteHTML     string `json:"note_html"`
	CounterHTML  string `json:"counter_html"`
}

// readGenerated reads the rendered claims by id; encoding/json matches keys without regard
// to case, so "ID" and "id" both do.
func readGenerated(p string) (map[string]generated, error) {
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]generated{}, nil
	}
	if err != nil {
		return nil, err
	}
	var f struct {
		Claims []generated `json:"claims"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return map[string]generated{}, nil // another shape: fall back to the ledger's own text
	}
	m := map[string]generated{}
	for _, g := range f.Claims {
		m[g.ID] = g
	}
	return m, nil
}
