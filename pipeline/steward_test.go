package pipeline

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/rules"
	"github.com/doppel-dev/doppel/synth"
)

// crosswalkMap reads crosswalk.csv as "source:id" -> golden id.
func crosswalkMap(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, r := range readCSV(t, filepath.Join(dir, CrosswalkFile))[1:] {
		m[r[0]+":"+r[1]] = r[2]
	}
	return m
}

// TestDecisionsSurviveShuffledRerun: a steward's match and no-match
// decisions become constraints keyed on source and record id, hold on a
// re-run with shuffled rows, and decisions about unknown records are
// reported.
func TestDecisionsSurviveShuffledRerun(t *testing.T) {
	in := t.TempDir()
	if _, err := synth.Generate(synth.Config{Records: 2000, Files: 2, Dup: 0.3, Seed: 11}, in, filepath.Join(t.TempDir(), "truth.csv")); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(in, "*"))
	slices.Sort(files)
	base := t.TempDir()
	if _, err := Dedupe(context.Background(), Options{Files: files, OutDir: base}); err != nil {
		t.Fatal(err)
	}
	xw := crosswalkMap(t, base)
	byGolden := map[string][]string{}
	var keys []string
	for k, g := range xw {
		byGolden[g] = append(byGolden[g], k)
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// Two records in different clusters (must-link) and two in one (cannot-link).
	var mustA, mustB, canA, canB string
	for _, k := range keys {
		g := xw[k]
		if mustA == "" && len(byGolden[g]) == 1 {
			mustA = k
		} else if mustA != "" && mustB == "" && len(byGolden[g]) == 1 && xw[mustA] != g {
			mustB = k
		}
		if canA == "" && len(byGolden[g]) == 2 {
			m := slices.Sorted(slices.Values(byGolden[g]))
			canA, canB = m[0], m[1]
		}
	}
	if mustB == "" || canA == "" {
		t.Fatal("synthetic data lacks singletons or pairs")
	}
	split := func(k string) (string, string) { s, id, _ := strings.Cut(k, ":"); return s, id }
	line := func(d, a, b string) string {
		sa, ia := split(a)
		sb, ib := split(b)
		return strings.Join([]string{d, sa, ia, sb, ib}, ";") + "\n"
	}
	// Saved by a spreadsheet: semicolons, extra columns dropped.
	dec := "decision;source_a;record_id_a;source_b;record_id_b\n" +
		line("match", mustA, mustB) + line("No-Match", canA, canB) +
		line("match", mustA, "crm:does-not-exist") + line("", canA, mustB)
	decPath := filepath.Join(t.TempDir(), "decisions.csv")
	if err := os.WriteFile(decPath, []byte(dec), 0o644); err != nil {
		t.Fatal(err)
	}
	check := func(dir string, sum *Summary) {
		t.Helper()
		xw := crosswalkMap(t, dir)
		if xw[mustA] != xw[mustB] {
			t.Errorf("must-link %s ~ %s not applied", mustA, mustB)
		}
		if xw[canA] == xw[canB] {
			t.Errorf("cannot-link %s ~ %s not applied", canA, canB)
		}
		d := sum.Decisions
		if d == nil || d.Match != 1 || d.NoMatch != 1 || d.Undecided != 1 || len(d.Unknown) != 1 || d.Unknown[0].ID != "does-not-exist" || d.Unknown[0].Line != 4 {
			t.Errorf("decision report %+v", d)
		}
	}
	out1 := t.TempDir()
	var warnings []string
	sum1, err := Dedupe(context.Background(), Options{Files: files, OutDir: out1, Decisions: decPath,
		Warn: func(f string, a ...any) { warnings = append(warnings, f) }})
	if err != nil {
		t.Fatal(err)
	}
	check(out1, sum1)
	if len(warnings) != 1 {
		t.Errorf("warnings %v, want one about the unknown record", warnings)
	}
	// Re-run on shuffled rows: same constraints, same bytes.
	rng := rand.New(rand.NewPCG(5, 6))
	shDir := t.TempDir()
	var shuffled []string
	for _, f := range files {
		dst := filepath.Join(shDir, filepath.Base(f))
		shuffleRows(t, f, dst, rng)
		shuffled = append(shuffled, dst)
	}
	out2 := t.TempDir()
	sum2, err := Dedupe(context.Background(), Options{Files: shuffled, OutDir: out2, Decisions: decPath})
	if err != nil {
		t.Fatal(err)
	}
	check(out2, sum2)
	for _, name := range []string{CrosswalkFile, GoldenFile, ReviewFile} {
		a, _ := os.ReadFile(filepath.Join(out1, name))
		b, _ := os.ReadFile(filepath.Join(out2, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs after shuffling", name)
		}
	}
	// A bad verdict is an input error naming file and line.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("decision,source_a,record_id_a,source_b,record_id_b\nperhaps,a,1,b,2\n"), 0o644)
	if _, err := Dedupe(context.Background(), Options{Files: files, OutDir: t.TempDir(), Decisions: bad}); err == nil || !strings.Contains(err.Error(), "bad.csv:2") {
		t.Errorf("bad verdict: err %v", err)
	}
}

// TestOverrides: a pinned value wins over survivorship and shows in the
// lineage; overrides naming nothing are reported.
func TestOverrides(t *testing.T) {
	out := t.TempDir()
	if _, err := Dedupe(context.Background(), Options{Files: exportFiles(), OutDir: out}); err != nil {
		t.Fatal(err)
	}
	xw := crosswalkMap(t, out)
	g := xw["crm:1016"]
	ov := "golden_id,source,record_id,field,value\n" +
		",crm,1016,email,pinned@example.com\n" +
		g + ",,,city,Dresden-Neustadt\n" +
		"Gdeadbeefdeadbeef,,,city,Nowhere\n"
	ovPath := filepath.Join(t.TempDir(), "overrides.csv")
	os.WriteFile(ovPath, []byte(ov), 0o644)
	out2 := t.TempDir()
	sum, err := Dedupe(context.Background(), Options{Files: exportFiles(), OutDir: out2, Overrides: ovPath})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Overrides == nil || sum.Overrides.Applied != 2 || len(sum.Overrides.Unknown) != 1 {
		t.Fatalf("override report %+v", sum.Overrides)
	}
	golden := readCSV(t, filepath.Join(out2, GoldenFile))
	ei, ci := slices.Index(golden[0], "email"), slices.Index(golden[0], "city")
	found := false
	for _, row := range golden[1:] {
		if row[0] == g {
			found = true
			if row[ei] != "pinned@example.com" || row[ci] != "Dresden-Neustadt" {
				t.Errorf("golden %s: email %q city %q", g, row[ei], row[ci])
			}
		}
	}
	if !found {
		t.Fatalf("golden %s missing", g)
	}
	n := 0
	for _, l := range readCSV(t, filepath.Join(out2, LineageFile))[1:] {
		if l[0] == g && (l[1] == "email" || l[1] == "city") {
			if l[5] != "override" {
				t.Errorf("lineage %v: rule %q, want override", l, l[5])
			}
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d override lineage rows, want 2", n)
	}
}

// TestHardRuleDistinct: with "distinct = national_id" in the rules file two
// records with different national ids stay apart however alike they are.
func TestHardRuleDistinct(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "people.csv")
	csv := "id,first_name,surname,dob,street,postcode,city,ssn\n" +
		"1,Anna,Schmidt,1980-03-05,Hauptstr. 5,10115,Berlin,111-22-3333\n" +
		"2,Anna,Schmidt,1980-03-05,Hauptstraße 5,10115,Berlin,999-88-7777\n" +
		"3,Anna,Schmidt,1980-03-05,Hauptstrasse 5,10115,Berlin,\n" +
		"4,Bernd,Maier,1971-12-01,Ringweg 2,80331,München,222-33-4444\n"
	os.WriteFile(path, []byte(csv), 0o644)
	run := func(rulesText string) map[string]string {
		var opt Options
		if rulesText != "" {
			cfg, err := rules.Parse("r.conf", strings.NewReader(rulesText))
			if err != nil {
				t.Fatal(err)
			}
			opt.Rules = cfg
		}
		opt.Files, opt.OutDir = []string{path}, t.TempDir()
		if _, err := Dedupe(context.Background(), opt); err != nil {
			t.Fatal(err)
		}
		return crosswalkMap(t, opt.OutDir)
	}
	free := run("")
	if free["people:1"] != free["people:2"] {
		t.Fatalf("without the rule the two Annas should merge (the test data is not alike enough): %v", free)
	}
	ruled := run("[match]\ndistinct = national_id\n")
	if ruled["people:1"] == ruled["people:2"] {
		t.Errorf("hard rule broken: records with different national ids share %s", ruled["people:1"])
	}
	if ruled["people:3"] != ruled["people:1"] && ruled["people:3"] != ruled["people:2"] {
		t.Errorf("the record without a national id should still join one of them: %v", ruled)
	}
}
