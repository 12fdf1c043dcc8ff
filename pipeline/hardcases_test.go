package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/doppel-dev/doppel/evaluate"
	"github.com/doppel-dev/doppel/synth"
)

// TestHardCasesAccuracy runs the zero-config pipeline on synthetic
// exports full of hard cases (households, a junior and a senior, twins,
// colleagues, movers, placeholders, Chinese names in two scripts, company
// customers: synth with Hard > 0) and checks what scripts/hard-cases.sh
// reports against the generator's ground truth: the overall pair F1, the
// false pairs per kind of hard negative, and the households. The floors
// sit a little below what the model measures today at this size (20,000
// records: pair F1 0.987; false pairs per record of the kind: twins 11%,
// junior-senior 5%, colleagues 0.8%, household 0.4%; household pair F1
// 0.987, households found exactly 93%); a regression guard, not a target
// (the README has the 100k and 1M figures). At 100k before the twins
// conflict, twins made 66 false pairs per 100 twin records. Since a
// quarter of the generated couples have two family names, grouping
// households by family name alone scores household pair F1 0.971 and
// finds 83% here; both floors below catch that.
func TestHardCasesAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("hard-case run skipped with -short")
	}
	dir := t.TempDir()
	gen, err := synth.Generate(synth.Config{Records: 20000, Files: 4, Dup: 0.3, Hard: 0.2, Seed: 1}, filepath.Join(dir, "in"), "")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range gen.Files {
		files = append(files, f.Path)
	}
	out := filepath.Join(dir, "out")
	if _, err := Dedupe(context.Background(), Options{Files: files, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	truth, xw, m := scoreOutput(t, gen.TruthPath, out)
	cases, err := evaluate.ReadCases(gen.CasesPath)
	if err != nil {
		t.Fatal(err)
	}
	if m.PairF1 < 0.975 {
		t.Errorf("pair F1 %.4f below the floor 0.975", m.PairF1)
	}
	// False pairs per hard negative, as a share of the kind's records:
	// the people who only look alike must stay apart.
	maxFalse := map[string]float64{"twins": 0.12, "junior-senior": 0.07, "household": 0.015, "colleagues": 0.025}
	for _, k := range evaluate.ScoreSplit(truth, xw, cases).Kinds {
		t.Logf("%-14s records %5d true pairs %5d missed %4d false pairs %4d", k.Kind, k.Records, k.TruePairs, k.Missed, k.FalsePairs)
		if lim, ok := maxFalse[k.Kind]; ok && k.Records > 0 && float64(k.FalsePairs) > lim*float64(k.Records) {
			t.Errorf("%s: %d false pairs over %d records, more than %.0f%%", k.Kind, k.FalsePairs, k.Records, 100*lim)
		}
	}
	households, err := evaluate.ReadHouseholds(gen.HousePath)
	if err != nil {
		t.Fatal(err)
	}
	golden, err := evaluate.ReadGoldenHouseholds(filepath.Join(out, GoldenFile))
	if err != nil {
		t.Fatal(err)
	}
	h := evaluate.ScoreHouseholds(households, truth, xw, golden)
	t.Logf("households: %d of %d found exactly, pair F1 %.4f", h.Found, h.TrueHouseholds, h.PairF1)
	if h.PairF1 < 0.98 {
		t.Errorf("household pair F1 %.4f below the floor 0.98", h.PairF1)
	}
	if float64(h.Found) < 0.9*float64(h.TrueHouseholds) {
		t.Errorf("households found exactly: %d of %d, under 90%%", h.Found, h.TrueHouseholds)
	}
}
