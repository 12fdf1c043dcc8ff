package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/doppel-dev/doppel/synth"
)

// BenchmarkDedupe runs the whole pipeline on 20k synthetic records in three
// exports (read, normalise, block, score, cluster, merge, write).
func BenchmarkDedupe(b *testing.B) {
	in := b.TempDir()
	if _, err := synth.Generate(synth.Config{Records: 20000, Files: 3, Dup: 0.3, Seed: 1}, in, filepath.Join(b.TempDir(), "truth.csv")); err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(in, "*"))
	out := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Dedupe(context.Background(), Options{Files: files, OutDir: out}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(20000*b.N)/b.Elapsed().Seconds(), "records/s")
}
