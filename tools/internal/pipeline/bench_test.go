package pipeline

import (
	"context"
	"io"
	"path/filepath"
	"testing"
)

const repoRoot = "../../.."

// BenchmarkLoadCheck measures reading and validating every dataset, spec and page.
func BenchmarkLoadCheck(b *testing.B) {
	for b.Loop() {
		if _, err := LoadAndCheck(repoRoot); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEnvelopes measures generating every chart's option and envelope from checked
// sources (the part of `build` that is ours, before Hugo).
func BenchmarkEnvelopes(b *testing.B) {
	src, err := LoadAndCheck(repoRoot)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		envs, err := Envelopes(src)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range envs {
			if _, err := EncodeEnvelope(e); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkGenerate measures everything before Hugo: envelopes, every chart's static SVG
// (ECharts in goja) and PNG, the downloads and the claims, written to .site/gen.
func BenchmarkGenerate(b *testing.B) {
	src, err := LoadAndCheck(repoRoot)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := Generate(src); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(src.Specs)), "ns/chart")
}

// BenchmarkBuild measures a whole build with a warm cache: check, generate, Hugo, swap.
func BenchmarkBuild(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if err := Build(context.Background(), Options{Root: repoRoot, Out: out, Stdout: io.Discard, Stderr: io.Discard}); err != nil {
			b.Fatal(err)
		}
	}
}
