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
	minF1    float64 // pair F1 floor
	minB3    float64 // B-cubed F1 floor
	short    bool    // also run under -short
}

// accuracyCases are every public data set with a floor a little below
// what the zero-config model measures today (README, "Accuracy"), and
// not below the target where the set meets it (febrl2 and 3 at
// 0.999, foreigners_pl at 0.90): a regression guard for every set. The
// issue's targets are in the README next to the measured figures.
func accuracyCases() []accuracyCase {
	dedup := func(name string, minF1, minB3 float64, short bool) accuracyCase {
		return accuracyCase{name: name, files: []string{name + "/records.csv"}, minF1: minF1, minB3: minB3, short: short}
	}
	link := func(name string, minF1, minB3 float64, short bool) accuracyCase {
		return accuracyCase{name: name, files: []string{name + "/a.csv", name + "/b.csv"}, linkOnly: true, minF1: minF1, minB3: minB3, short: short}
	}
	return []accuracyCase{
		// febrl1 misses one of its 500 true pairs: pair F1 0.998999,
		// shown as 0.9990; one more missed pair would be 0.9980.
		dedup("febrl1", 0.9985, 0.999, true),
		dedup("febrl2", 0.999, 0.999, true),
		dedup("febrl3", 0.999, 0.999, true),
		link("febrl4", 0.999, 0.999, true),
		dedup("splink_fake_1000", 0.985, 0.985, true),
		dedup("splink_fake_20000", 0.95, 0.96, false),
		dedup("splink_historical_50k", 0.92, 0.925, false),
		dedup("rldata500", 0.96, 0.99, true),
		dedup("rldata10000", 0.955, 0.995, false),
		link("essnet_census_cis", 0.955, 0.985, false),
		dedup("foreigners_pl", 0.90, 0.985, false),
		dedup("dedupe_chicago_childcare", 0.96, 0.975, true),
		dedup("restaurant_fodors_zagat", 0.95, 0.99, true),
		// Organisation-only sets: patstat's name is its one comparison
		// (match.Comparator.FitOne, u capped by chance pairs; two links
		// between different names join two clusters); 0.9231 pair F1,
		// B-cubed 0.9275.
		dedup("dedupe_patstat_nl", 0.92, 0.925, true),
		dedup("deduplipy_stoxx50", 0.88, 0.92, true),
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
			_, _, m := scoreOutput(t, filepath.Join(dir, "truth.csv"), out)
			if m.Missing != 0 {
				t.Errorf("%d truth records missing from the crosswalk", m.Missing)
			}
			if m.PairF1 < c.minF1 {
				t.Errorf("pair F1 %.4f below the floor %.4f", m.PairF1, c.minF1)
			}
			if m.BCubedF1 < c.minB3 {
				t.Errorf("B-cubed F1 %.4f below the floor %.4f", m.BCubedF1, c.minB3)
			}
		})
	}
}

// scoreOutput scores the crosswalk of the run in out against the truth
// file, with the same code as 'doppel eval', and logs the figures.
func scoreOutput(t *testing.T, truthPath, out string) (map[string]string, []evaluate.Assignment, evaluate.Metrics) {
	t.Helper()
	truth, err := evaluate.ReadTruth(truthPath)
	if err != nil {
		t.Fatal(err)
	}
	xw, err := evaluate.ReadCrosswalk(filepath.Join(out, CrosswalkFile))
	if err != nil {
		t.Fatal(err)
	}
	m := evaluate.Score(truth, xw)
	t.Logf("pair P %.4f R %.4f F1 %.4f; B-cubed F1 %.4f", m.PairPrecision, m.PairRecall, m.PairF1, m.BCubedF1)
	return truth, xw, m
}
