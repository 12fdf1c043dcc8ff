package synth

import "testing"

// BenchmarkGenerate100k writes 100k records (3 files and truth) to a temp dir.
func BenchmarkGenerate100k(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if _, err := Generate(Config{Records: 100000, Dup: 0.3, Seed: 1}, dir, ""); err != nil {
			b.Fatal(err)
		}
	}
}
