// Package pipeline is the site's build: load every source, check it, generate the chart
// envelopes Hugo reads, then run Hugo into a fresh folder and swap it in. Steps that must
// run before Hugo go in Generate.
package pipeline

import (
	"errors"
	"os"
	"path/filepath"

	"pyevidence/tools/internal/chart"
	"pyevidence/tools/internal/dataset"
)

// Paths inside a site root.
const (
	DatasetsDir = "data/datasets"
	ChartsDir   = "data/charts"
	ContentDir  = "content"
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
	return src, errs
}

// Check judges everything Load returned and reports every problem.
func Check(src *Sources) dataset.Errors {
	var errs dataset.Errors
	for _, id := range sortedIDs(src.Datasets) {
		errs = append(errs, dataset.Check(src.Datasets[id])...)
	}
	errs = append(errs, chart.Check(src.Specs, src.Datasets)...)
	ids := map[string]bool{}
	for _, s := range src.Specs {
		ids[s.ID] = true
	}
	for _, p := range src.Pages {
		errs = append(errs, p.Check(ids)...)
	}
	return errs
}

// LoadAndCheck is the `check` command: every problem, or nil.
func LoadAndCheck(root string) (*Sources, error) {
	src, errs := Load(root)
	errs = append(errs, Check(src)...)
	return src, errs.Err()
}
