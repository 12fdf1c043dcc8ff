package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/evaluate"
	"github.com/doppel-dev/doppel/rules"
	"github.com/doppel-dev/doppel/synth"
)

// exports are the sample departmental exports shipped in testdata.
const exports = "../testdata/exports"

func exportFiles() []string {
	var out []string
	for _, f := range []string{"crm.csv", "billing.csv", "support.tsv", "webshop.csv"} {
		out = append(out, filepath.Join(exports, f))
	}
	return out
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// TestEndToEndExports runs the README's demo (four exports, the example
// rules file) and checks the outputs against the truth shipped with them.
func TestEndToEndExports(t *testing.T) {
	cfg, err := rules.Load(filepath.Join(exports, "rules.conf"))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum, err := Dedupe(context.Background(), Options{Files: exportFiles(), Rules: cfg, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if err := sum.Counts.Check(); err != nil {
		t.Fatal(err)
	}

	// Nothing lost: every data row is in the crosswalk or in the rejects.
	rejects := readCSV(t, filepath.Join(out, RejectsFile))[1:]
	xw := readCSV(t, filepath.Join(out, CrosswalkFile))[1:]
	if len(xw)+len(rejects) != sum.Counts.Read {
		t.Errorf("crosswalk %d + rejects %d != read %d", len(xw), len(rejects), sum.Counts.Read)
	}
	// The four deliberately broken rows (testdata/exports/README.md), by source and line.
	var got []string
	for _, r := range rejects {
		got = append(got, r[0]+":"+r[2])
	}
	want := []string{"billing:36", "crm:81", "support:52", "webshop:31"}
	if !slices.Equal(got, want) {
		t.Errorf("rejects %v, want %v", got, want)
	}
	seen := map[string]bool{}
	for _, r := range xw {
		k := r[0] + "\x00" + r[1]
		if seen[k] {
			t.Errorf("crosswalk repeats %s:%s", r[0], r[1])
		}
		seen[k] = true
	}

	// Accuracy against the truth of the sample exports.
	truth, err := evaluate.ReadTruth(filepath.Join(exports, "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	as, err := evaluate.ReadCrosswalk(filepath.Join(out, CrosswalkFile))
	if err != nil {
		t.Fatal(err)
	}
	m := evaluate.Score(truth, as)
	t.Logf("sample exports: pair P %.3f R %.3f F1 %.3f", m.PairPrecision, m.PairRecall, m.PairF1)
	if m.Missing != 0 || m.PairF1 < 0.98 {
		t.Errorf("pair F1 %.3f (missing %d), want >= 0.98", m.PairF1, m.Missing)
	}

	// Golden records: one per golden id in the crosswalk; lineage points
	// at members of the same golden record.
	golden := readCSV(t, filepath.Join(out, GoldenFile))
	ids := map[string]int{}
	for _, g := range golden[1:] {
		ids[g[0]] = 0
	}
	member := map[string]string{} // source\x00id -> golden id
	for _, r := range xw {
		if _, ok := ids[r[2]]; !ok {
			t.Fatalf("crosswalk golden id %s not in golden.csv", r[2])
		}
		ids[r[2]]++
		member[r[0]+"\x00"+r[1]] = r[2]
	}
	for id, n := range ids {
		if n == 0 {
			t.Errorf("golden record %s has no crosswalk rows", id)
		}
	}
	for _, l := range readCSV(t, filepath.Join(out, LineageFile))[1:] {
		if member[l[3]+"\x00"+l[4]] != l[0] {
			t.Errorf("lineage %v points outside its golden record", l)
		}
	}
	// Survivorship from the rules file: given names from the most trusted
	// source (crm, priority 1) when it has one.
	col := slices.Index(golden[0], "given_name")
	if col < 0 {
		t.Fatal("golden.csv has no given_name column")
	}
	for _, l := range readCSV(t, filepath.Join(out, LineageFile))[1:] {
		if l[1] == "given_name" && l[5] != "source_priority" {
			t.Errorf("given_name chosen by %q, want source_priority", l[5])
		}
	}
	// Spreadsheet safety: no data cell starts a formula.
	for _, name := range []string{CrosswalkFile, GoldenFile, LineageFile, PairsFile, RejectsFile} {
		for _, row := range readCSV(t, filepath.Join(out, name)) {
			for _, c := range row {
				if c != "" && strings.ContainsRune("=@", rune(c[0])) {
					t.Errorf("%s: cell %q starts a formula", name, c)
				}
			}
		}
	}
}

// shuffleRows rewrites a UTF-8 export with its data lines in random order
// (the synthetic exports have no embedded newlines).
func shuffleRows(t *testing.T, src, dst string, rng *rand.Rand) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	body := lines[1:]
	rng.Shuffle(len(body), func(i, j int) { body[i], body[j] = body[j], body[i] })
	if err := os.WriteFile(dst, []byte(lines[0]+strings.Join(body, "")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// outputsOf reads every output of a run; summary.json without its timings.
func outputsOf(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range []string{CrosswalkFile, GoldenFile, LineageFile, PairsFile, RejectsFile, SummaryFile} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == SummaryFile {
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			delete(m, "timings_ms")
			srcs := m["sources"].([]any)
			for _, s := range srcs {
				delete(s.(map[string]any), "file") // the shuffled copies live elsewhere
			}
			b, _ = json.Marshal(m)
		}
		out[name] = b
	}
	return out
}

// TestDeterminism: the same inputs give byte-identical outputs run after
// run, whatever the order of the input rows and the number of workers.
func TestDeterminism(t *testing.T) {
	in := t.TempDir()
	if _, err := synth.Generate(synth.Config{Records: 3000, Files: 3, Dup: 0.3, Seed: 7}, in, filepath.Join(t.TempDir(), "truth.csv")); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(in, "*"))
	slices.Sort(files)
	run := func(files []string, workers int) map[string][]byte {
		out := t.TempDir()
		if _, err := Dedupe(context.Background(), Options{Files: files, OutDir: out, Workers: workers}); err != nil {
			t.Fatal(err)
		}
		return outputsOf(t, out)
	}
	base := run(files, 2)
	compare := func(what string, got map[string][]byte) {
		t.Helper()
		for name, b := range base {
			if !bytes.Equal(b, got[name]) {
				t.Errorf("%s: %s differs", what, name)
			}
		}
	}
	compare("second run", run(files, 2))
	compare("one worker", run(files, 1))
	compare("many workers", run(files, 2*runtime.NumCPU()+1))
	rng := rand.New(rand.NewPCG(3, 4))
	shufDir := t.TempDir()
	var shuffled []string
	for _, f := range files {
		dst := filepath.Join(shufDir, filepath.Base(f))
		shuffleRows(t, f, dst, rng)
		shuffled = append(shuffled, dst)
	}
	// Files in another order too.
	slices.Reverse(shuffled)
	compare("shuffled rows", run(shuffled, 2))
	if n := bytes.Count(base[CrosswalkFile], []byte("\n")); n != 3001 {
		t.Errorf("crosswalk has %d lines, want 3001", n)
	}
}

// TestCountsAddUpOnBadInput: broken rows of every kind are rejected with a
// reason and the counts still add up.
func TestCountsAddUpOnBadInput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.csv")
	var b strings.Builder
	w := bufio.NewWriter(&b)
	w.WriteString("id,first_name,surname,email\n")
	w.WriteString("1,Anna,Schmidt,anna@example.com\n")
	w.WriteString("2,Anna,Schmidt\n")                        // too few fields
	w.WriteString("3,\"Anna,Schmidt,anna@example.com\n")     // bare quote run-on is caught below
	w.WriteString(",Bob,Miller,bob@example.com\n")           // empty id
	w.WriteString("1,Anna,Schmitt,anna@example.com\n")       // duplicate id
	w.WriteString("4,Bad\xff\xfeUTF,Miller,b@example.com\n") // invalid UTF-8
	w.Flush()
	// Put the run-on quote last so it cannot swallow the rows above.
	s := b.String()
	s = strings.Replace(s, "3,\"Anna,Schmidt,anna@example.com\n", "", 1) + "3,\"Anna,Schmidt,anna@example.com\n"
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	// Explicit UTF-8: with "auto" a file that is not valid UTF-8 is read as
	// Windows-1252 (and that is said in the summary).
	sum, err := Dedupe(context.Background(), Options{Files: []string{path}, OutDir: out, Encoding: "utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	if err := sum.Counts.Check(); err != nil {
		t.Fatal(err)
	}
	rejects := readCSV(t, filepath.Join(out, RejectsFile))[1:]
	if sum.Counts.Read != 6 || sum.Counts.Rejected != 5 || len(rejects) != 5 {
		t.Errorf("read %d rejected %d (file %d), want 6 and 5", sum.Counts.Read, sum.Counts.Rejected, len(rejects))
	}
	for _, r := range rejects {
		if r[2] == "" || r[4] == "" {
			t.Errorf("reject without line or reason: %v", r)
		}
	}
}
