package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"pyevidence/tools/internal/chart"
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
	dir := filepath.Join(tmp, "data", "charts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, env := range envs {
		b, err := EncodeEnvelope(env)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, env.ID+".json"), b, 0o644); err != nil {
			return err
		}
	}
	return swapDir(tmp, dst)
}

// Envelopes builds every chart's envelope, in id order.
func Envelopes(src *Sources) ([]*chart.Envelope, error) {
	var out []*chart.Envelope
	for _, s := range src.Specs {
		env, err := chart.Build(s, src.Datasets[s.Dataset])
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", s.ID, err)
		}
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
