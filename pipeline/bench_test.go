package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/doppel-dev/doppel/synth"
)

// BenchmarkDedupe runs the whole pipeline on 20k synthetic records in three
// exports (read, normalise, block, score, cluster, merge, write) and
// reports the wall time of every stage.
func BenchmarkDedupe(b *testing.B) {
	in := b.TempDir()
	if _, err := synth.Generate(synth.Config{Records: 20000, Files: 3, Dup: 0.3, Seed: 1}, in, filepath.Join(b.TempDir(), "truth.csv")); err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(in, "*"))
	out := b.TempDir()
	b.ResetTimer()
	stages := map[string]float64{}
	for i := 0; i < b.N; i++ {
		sum, err := Dedupe(context.Background(), Options{Files: files, OutDir: out})
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range []string{"read", "normalize", "match", "merge", "write"} {
			stages[s] += sum.TimingsMS[s]
		}
	}
	b.ReportMetric(float64(20000*b.N)/b.Elapsed().Seconds(), "records/s")
	// Per-stage wall time: merge includes writing golden.csv and
	// lineage.csv, write the other outputs.
	for s, ms := range stages {
		b.ReportMetric(ms/float64(b.N), s+"-ms")
	}
}
