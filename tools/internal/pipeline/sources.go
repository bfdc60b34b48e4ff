// Package pipeline is the site's build: load every source, check it, generate the chart
// envelopes Hugo reads, then run Hugo into a fresh folder and swap it in. Steps that must
// run before Hugo go in Generate.
package pipeline

import (
	"errors"
	"os"
	"path/filepath"

	"pyevidence/tools/internal/chart"
	"pyevidence/tools/internal/claims"
	"pyevidence/tools/internal/dataset"
	"pyevidence/tools/internal/figures"
)

// Paths inside a site root.
const (
	DatasetsDir = "data/datasets"
	ChartsDir   = "data/charts"
	ContentDir  = "content"
	ClaimsFile  = "data/claims.toml"
	// GenDir holds generated files that Hugo reads through a mount in config.toml.
	// It is never edited by hand and not committed.
	GenDir = ".site/gen"
)

// Sources is everything loaded from a site root.
type Sources struct {
	Root     string
	Datasets map[string]*dataset.Dataset
	Specs    []*chart.Spec
	Pages    []*Page
	Claims   *claims.Ledger
	// Figures are computed by Check, from checked datasets.
	Figures map[string]figures.Figure
	// Warnings are problems that do not stop a build, such as a judged figure that moved.
	Warnings dataset.Errors
}

// Load parses every source under root. Problems that stop a file from being parsed at
// all are returned together; the files that did parse are still returned, so that Check
// can report the rest in the same run.
func Load(root string) (*Sources, dataset.Errors) {
	src := &Sources{Root: root, Datasets: map[string]*dataset.Dataset{}}
	var errs dataset.Errors
	sets, err := dataset.LoadAll(filepath.Join(root, DatasetsDir))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, dataset.AsErrors(err)...)
	}
	for _, d := range sets {
		src.Datasets[d.ID] = d
	}
	if src.Specs, err = chart.LoadSpecs(filepath.Join(root, ChartsDir)); err != nil {
		errs = append(errs, dataset.AsErrors(err)...)
	}
	if src.Pages, err = LoadPages(filepath.Join(root, ContentDir)); err != nil {
		errs = append(errs, dataset.AsErrors(err)...)
	}
	if src.Claims, err = claims.Load(filepath.Join(root, ClaimsFile)); err != nil {
		errs = append(errs, dataset.AsErrors(err)...)
		src.Claims = &claims.Ledger{}
	}
	return src, errs
}

// Check judges everything Load returned and reports every problem.
func Check(src *Sources) dataset.Errors {
	var errs dataset.Errors
	for _, id := range sortedIDs(src.Datasets) {
		errs = append(errs, dataset.Check(src.Datasets[id])...)
	}
	dataOK := len(errs) == 0
	errs = append(errs, chart.Check(src.Specs, src.Datasets)...)
	ids := map[string]bool{}
	for _, s := range src.Specs {
		ids[s.ID] = true
	}
	// Figures are computed only from data that passed its checks.
	src.Figures = map[string]figures.Figure{}
	if dataOK {
		figs, err := figures.Compute(src.Datasets)
		if err != nil {
			errs = append(errs, dataset.AsErrors(err)...)
		}
		src.Figures = figs
	}
	known := known{charts: ids, figures: src.Figures, claims: map[string]bool{}}
	for _, id := range src.Claims.IDs() {
		known.claims[id] = true
	}
	for _, p := range src.Pages {
		errs = append(errs, p.Check(known)...)
	}
	if dataOK && len(src.Claims.Claims) > 0 {
		essay := ""
		for _, p := range src.Pages {
			if rel, _ := filepath.Rel(src.Root, p.Path); filepath.ToSlash(rel) == src.Claims.Essay {
				essay = p.body
			}
		}
		if essay == "" {
			ln, c := dataset.KeyPos(readString(filepath.Join(src.Root, ClaimsFile)), "essay")
			errs = append(errs, dataset.Errorf(src.Claims.Path(), ln, c, "essay %q: no such content file", src.Claims.Essay))
		} else {
			e, w := src.Claims.Check(essay, ids, src.Figures)
			errs = append(errs, e...)
			src.Warnings = append(src.Warnings, w...)
		}
	}
	return errs
}

// known is what a page may refer to.
type known struct {
	charts, claims map[string]bool
	figures        map[string]figures.Figure
}

func readString(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// LoadAndCheck is the `check` command: every problem, or nil.
func LoadAndCheck(root string) (*Sources, error) {
	src, errs := Load(root)
	errs = append(errs, Check(src)...)
	return src, errs.Err()
}
