package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/doppel-dev/doppel/evaluate"
)

// sharedData is the benchmark folder beside the repository.
const sharedData = "../../shared/data"

// accuracyCase is one zero-config accuracy target from the pipeline issue.
type accuracyCase struct {
	name     string
	files    []string
	linkOnly bool
	minF1    float64
	short    bool // also run under -short
}

func accuracyCases() []accuracyCase {
	return []accuracyCase{
		{name: "febrl3", files: []string{"febrl3/records.csv"}, minF1: 0.995, short: true},
		{name: "febrl4", files: []string{"febrl4/a.csv", "febrl4/b.csv"}, linkOnly: true, minF1: 0.998, short: true},
		{name: "splink_fake_1000", files: []string{"splink_fake_1000/records.csv"}, minF1: 0.88, short: true},
		{name: "splink_historical_50k", files: []string{"splink_historical_50k/records.csv"}, minF1: 0.80},
	}
}

// TestZeroConfigAccuracy runs the pipeline with no rules file and default
// thresholds on the public benchmark sets and checks pair F1 against the
// ground truth with the same code as 'doppel eval'.
func TestZeroConfigAccuracy(t *testing.T) {
	if _, err := os.Stat(sharedData); err != nil {
		t.Skipf("benchmark data not found at %s (it sits beside the repository as shared/data): %v", sharedData, err)
	}
	for _, c := range accuracyCases() {
		t.Run(c.name, func(t *testing.T) {
			if testing.Short() && !c.short {
				t.Skip("large data set skipped with -short")
			}
			dir := filepath.Join(sharedData, c.name)
			var files []string
			for _, f := range c.files {
				files = append(files, filepath.Join(sharedData, f))
			}
			out := t.TempDir()
			if _, err := Dedupe(context.Background(), Options{Files: files, OutDir: out, LinkOnly: c.linkOnly}); err != nil {
				t.Fatal(err)
			}
			truth, err := evaluate.ReadTruth(filepath.Join(dir, "truth.csv"))
			if err != nil {
				t.Fatal(err)
			}
			xw, err := evaluate.ReadCrosswalk(filepath.Join(out, CrosswalkFile))
			if err != nil {
				t.Fatal(err)
			}
			m := evaluate.Score(truth, xw)
			t.Logf("%s: pair P %.4f R %.4f F1 %.4f; B-cubed F1 %.4f", c.name, m.PairPrecision, m.PairRecall, m.PairF1, m.BCubedF1)
			if m.Missing != 0 {
				t.Errorf("%d truth records missing from the crosswalk", m.Missing)
			}
			if m.PairF1 < c.minF1 {
				t.Errorf("pair F1 %.4f below the target %.4f", m.PairF1, c.minF1)
			}
		})
	}
}
