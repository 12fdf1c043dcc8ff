package runfiles_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/evaluate"
	"github.com/doppel-dev/doppel/runfiles"
)

// doppelBin builds the doppel command into a temp folder (once per test)
// and returns its path.
func doppelBin(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "doppel")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/doppel")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// run runs the binary and returns stdout, stderr and the exit code.
func run(t *testing.T, bin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// hostileIDs are record ids that a formula escape or a CSV writer could
// change: every one must come back byte for byte.
var hostileIDs = []string{"@a1", "-5", "+x", "=1+1", "'=x", "'abc", `"q"`, "a,b", "x\ny", "''=y", "'", "-2+3", "+49 30 1234567", "@"}

// writeCSV writes rows as a CSV file.
func writeCSV(t *testing.T, path string, rows [][]string) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.WriteAll(rows)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	givens   = []string{"Anna", "Bernd", "Clara", "Dieter", "Emma", "Felix", "Greta", "Hans", "Ida", "Jonas", "Karla", "Lukas", "Marie", "Noah", "Olga", "Paul", "Quirin", "Rosa", "Sven", "Tina"}
	families = []string{"Huber", "Vogel", "König", "Schmidt", "Weber", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Braun", "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner"}
)

// idInputs writes two exports of the same 60 people (the first ones with
// hostile ids, the same id in both files; b's copies carry a typo and
// another e-mail, so that some pairs are uncertain) and the truth file.
func idInputs(t *testing.T, dir string) (a, b, truth string, ids []string) {
	t.Helper()
	ra := [][]string{{"id", "first_name", "last_name", "email", "birth_date", "city"}}
	rb := [][]string{{"id", "first_name", "last_name", "email", "birth_date", "city"}}
	tr := [][]string{{"source", "id", "entity"}}
	for i := range 60 {
		id := fmt.Sprintf("r%d", i)
		if i < len(hostileIDs) {
			id = hostileIDs[i]
		}
		ids = append(ids, id)
		g, f := givens[i%20], families[(i*7+i/20)%20]
		dob := fmt.Sprintf("19%02d-%02d-%02d", 50+i%40, 1+i%12, 1+i%28)
		ra = append(ra, []string{id, g, f, strings.ToLower(g+"."+f) + "@example.com", dob, "Berlin"})
		fb := f
		if i%3 == 0 {
			fb = f[:len(f)-1] + "x"
		}
		mail := strings.ToLower(g+"."+f) + "@example.com"
		if i%2 == 0 {
			mail = fmt.Sprintf("other%d@mail.de", i)
		}
		rb = append(rb, []string{id, g, fb, mail, dob, "Berlin"})
		tr = append(tr, []string{"a", id, fmt.Sprint(i)}, []string{"b", id, fmt.Sprint(i)})
	}
	a, b, truth = filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv"), filepath.Join(dir, "truth.csv")
	writeCSV(t, a, ra)
	writeCSV(t, b, rb)
	writeCSV(t, truth, tr)
	return a, b, truth, ids
}

// readAll reads a run file through runfiles: the id columns named.
func readAll(t *testing.T, f runfiles.File, path string, cols ...string) [][]string {
	t.Helper()
	r, err := f.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var idx []int
	for _, c := range cols {
		i, ok := r.Col(c)
		if !ok {
			t.Fatalf("%s: no column %s", path, c)
		}
		idx = append(idx, i)
	}
	var out [][]string
	for {
		row, _, err := r.Next()
		if err != nil {
			break
		}
		var v []string
		for _, i := range idx {
			v = append(v, row[i])
		}
		out = append(out, v)
	}
	return out
}

// TestIDRoundTripBinary runs the built binary on exports whose record ids
// start with formula characters, quotes and separators: crosswalk.csv,
// records.csv, pairs.csv and lineage.csv hold them byte for byte (doppel
// eval joins every record), review.csv escapes them reversibly, and
// review.csv handed back as --decisions names every record exactly.
func TestIDRoundTripBinary(t *testing.T) {
	bin := doppelBin(t)
	dir := t.TempDir()
	a, b, truth, ids := idInputs(t, dir)
	out := filepath.Join(dir, "out")
	if _, stderr, code := run(t, bin, "dedupe", "--quiet", "--review-low", "0.000001", "--review-high", "1", "--out", out, a, b); code != 0 {
		t.Fatalf("dedupe exit %d: %s", code, stderr)
	}
	var want [][]string
	for _, s := range []string{"a", "b"} {
		for _, id := range ids {
			want = append(want, []string{s, id})
		}
	}
	slices.SortFunc(want, func(x, y []string) int { return strings.Compare(x[0]+"\x00"+x[1], y[0]+"\x00"+y[1]) })
	// crosswalk.csv as eval reads it, and records.csv.
	xw, err := evaluate.ReadCrosswalk(filepath.Join(out, "crosswalk.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, x := range xw {
		got = append(got, []string{x.Source, x.ID})
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("crosswalk ids:\n got %q\nwant %q", got, want)
	}
	if rec := readAll(t, runfiles.Records, filepath.Join(out, "records.csv"), "source", "record_id"); !slices.EqualFunc(rec, want, slices.Equal) {
		t.Errorf("records.csv ids:\n got %q\nwant %q", rec, want)
	}
	known := map[string]bool{}
	for _, w := range want {
		known[w[0]+":"+w[1]] = true
	}
	for _, p := range readAll(t, runfiles.Pairs, filepath.Join(out, "pairs.csv"), "source_a", "record_id_a", "source_b", "record_id_b") {
		if !known[p[0]+":"+p[1]] || !known[p[2]+":"+p[3]] {
			t.Errorf("pairs.csv names unknown records %q", p)
		}
	}
	for _, l := range readAll(t, runfiles.Lineage, filepath.Join(out, "lineage.csv"), "source", "record_id") {
		if !known[l[0]+":"+l[1]] {
			t.Errorf("lineage.csv names unknown record %q", l)
		}
	}
	raw, _ := os.ReadFile(filepath.Join(out, "crosswalk.csv"))
	if !bytes.Contains(raw, []byte("\na,=1+1,G")) || !bytes.Contains(raw, []byte("\na,@a1,G")) {
		t.Errorf("crosswalk.csv does not hold the ids as read:\n%s", raw)
	}
	// doppel eval: every record scored.
	stdout, stderr, code := run(t, bin, "eval", "--truth", truth, filepath.Join(out, "crosswalk.csv"))
	if code != 0 || !strings.Contains(stdout, "missing from crosswalk    0 ") {
		t.Errorf("eval exit %d: %s%s", code, stdout, stderr)
	}
	// review.csv: escaped for the spreadsheet, reversibly.
	rv, _ := os.ReadFile(filepath.Join(out, "review.csv"))
	rows, err := csv.NewReader(bytes.NewReader(rv)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 5 {
		t.Fatalf("review.csv has %d rows; the test needs uncertain pairs", len(rows)-1)
	}
	for _, r := range rows[1:] {
		for _, c := range r[1:5] {
			if c != "" && strings.ContainsRune("=@\t\r", rune(c[0])) {
				t.Errorf("review.csv cell %q is not escaped", c)
			}
		}
	}
	// Every pair decided no-match, handed back: no decision names an
	// unknown record, and every one is applied.
	for i := range rows[1:] {
		rows[1+i][0] = "no-match"
	}
	dec := filepath.Join(dir, "decisions.csv")
	writeCSV(t, dec, rows)
	out2 := filepath.Join(dir, "out2")
	if _, stderr, code := run(t, bin, "dedupe", "--quiet", "--decisions", dec, "--out", out2, a, b); code != 0 {
		t.Fatalf("dedupe --decisions exit %d: %s", code, stderr)
	}
	var sum doppel.Summary
	sb, _ := os.ReadFile(filepath.Join(out2, "summary.json"))
	if err := json.Unmarshal(sb, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Decisions == nil || len(sum.Decisions.Unknown) != 0 || sum.Decisions.NoMatch != len(rows)-1 {
		t.Errorf("decisions read back: %+v (want %d no-match, none unknown)", sum.Decisions, len(rows)-1)
	}
}

// TestEvalOverlapBinary: doppel eval with a truth file that shares no
// record with the crosswalk fails (it used to print pair F1 1.0000), a
// small overlap fails unless --partial, and the counts of both sides are
// always printed.
func TestEvalOverlapBinary(t *testing.T) {
	bin := doppelBin(t)
	dir := t.TempDir()
	a, b, truth, ids := idInputs(t, dir)
	out := filepath.Join(dir, "out")
	if _, stderr, code := run(t, bin, "dedupe", "--quiet", "--out", out, a, b); code != 0 {
		t.Fatalf("dedupe exit %d: %s", code, stderr)
	}
	xw := filepath.Join(out, "crosswalk.csv")
	none := filepath.Join(dir, "none.csv")
	writeCSV(t, none, [][]string{{"source", "id", "entity"}, {"c", "1", "x"}, {"c", "2", "x"}})
	few := filepath.Join(dir, "few.csv")
	writeCSV(t, few, [][]string{{"source", "id", "entity"}, {"a", ids[20], "x"}, {"b", ids[20], "x"}})
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{"no overlap", []string{"--truth", none, xw}, 2, []string{"crosswalk records scored  0 (0.0% of the truth, 0.0% of the crosswalk)", "missing from crosswalk    2"}, "share no record"},
		{"no overlap partial", []string{"--partial", "--truth", none, xw}, 2, []string{"crosswalk rows            120"}, "share no record"},
		{"small overlap", []string{"--truth", few, xw}, 2, []string{"crosswalk records scored  2 (100.0% of the truth, 1.7% of the crosswalk)"}, "--partial"},
		{"small overlap partial", []string{"--partial", "--truth", few, xw}, 0, []string{"crosswalk records scored  2", "pair     1.0000"}, ""},
		{"full", []string{"--truth", truth, xw}, 0, []string{"crosswalk records scored  120 (100.0% of the truth, 100.0% of the crosswalk)", "B-cubed"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := run(t, bin, append([]string{"eval"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tc.code, stdout, stderr)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			if tc.code != 0 && strings.Contains(stdout, "F1") {
				t.Errorf("metrics printed for a failed evaluation:\n%s", stdout)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr lacks %q: %s", tc.stderr, stderr)
			}
		})
	}
}

// TestOutputFolderBinary: `doppel dedupe --out d d/golden.csv` is a usage
// error (exit 1) that leaves d alone, and of two runs started at once on
// one folder, each either succeeds or fails with "another doppel run is
// writing", never with a rename error.
func TestOutputFolderBinary(t *testing.T) {
	bin := doppelBin(t)
	dir := t.TempDir()
	a, b, _, _ := idInputs(t, dir)
	out := filepath.Join(dir, "d")
	if _, stderr, code := run(t, bin, "dedupe", "--quiet", "--out", out, a, b); code != 0 {
		t.Fatalf("dedupe exit %d: %s", code, stderr)
	}
	before := snapshotDir(t, out)
	_, stderr, code := run(t, bin, "dedupe", "--quiet", "--out", out, filepath.Join(out, "golden.csv"))
	if code != 1 || !strings.Contains(stderr, "is the output file") {
		t.Errorf("input in --out: exit %d, stderr %s", code, stderr)
	}
	after := snapshotDir(t, out)
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s changed", name)
		}
	}
	big := synthFiles(t, 5000, 9)
	type result struct {
		code   int
		stderr string
	}
	res := make(chan result, 2)
	for range 2 {
		go func() {
			var errb bytes.Buffer
			cmd := exec.Command(bin, append([]string{"dedupe", "--quiet", "--out", out}, big...)...)
			cmd.Stderr = &errb
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			res <- result{code, errb.String()}
		}()
	}
	ok := 0
	for range 2 {
		r := <-res
		switch {
		case r.code == 0:
			ok++
		case !strings.Contains(r.stderr, "another doppel run is writing "+out):
			t.Errorf("concurrent run: exit %d: %s", r.code, r.stderr)
		}
	}
	if ok == 0 {
		t.Error("neither concurrent run succeeded")
	}
	if _, err := os.Stat(filepath.Join(out, ".doppel.lock")); !os.IsNotExist(err) {
		t.Errorf("lock file left: %v", err)
	}
}

// TestReportInBatchBinary: report.html is part of a run's all-or-nothing
// batch, on the built binary. A run that cannot write it (a folder in its
// place) fails with exit 5 and leaves every earlier file as it was; a run
// with --report never removes an earlier report, so the folder always
// holds exactly the files summary.json lists.
func TestReportInBatchBinary(t *testing.T) {
	bin := doppelBin(t)
	dir := t.TempDir()
	a, b, _, _ := idInputs(t, dir)
	out := filepath.Join(dir, "d")
	if _, stderr, code := run(t, bin, "dedupe", "--quiet", "--report", "always", "--out", out, a, b); code != 0 {
		t.Fatalf("dedupe exit %d: %s", code, stderr)
	}
	listed := func() []string {
		var s struct {
			Outputs []string `json:"outputs"`
		}
		data, err := os.ReadFile(filepath.Join(out, "summary.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &s); err != nil {
			t.Fatal(err)
		}
		slices.Sort(s.Outputs)
		return s.Outputs
	}
	inFolder := func() []string {
		var names []string
		for name := range snapshotDir(t, out) {
			names = append(names, name)
		}
		slices.Sort(names)
		return names
	}
	if got, want := inFolder(), listed(); !slices.Equal(got, want) || !slices.Contains(got, "report.html") {
		t.Fatalf("folder %q, summary lists %q", got, want)
	}
	// report.html cannot be replaced: the whole run fails, nothing moves.
	before := snapshotDir(t, out)
	blocker := filepath.Join(out, "report.html")
	if err := os.Remove(blocker); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(blocker, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(blocker, "x"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, bin, "dedupe", "--quiet", "--report", "always", "--out", out, b)
	if code != 5 {
		t.Errorf("unwritable report.html: exit %d, want 5 (output error); stderr %s", code, stderr)
	}
	if err := os.RemoveAll(blocker); err != nil {
		t.Fatal(err)
	}
	after := snapshotDir(t, out)
	for name, data := range before {
		if name == "report.html" {
			continue
		}
		if !bytes.Equal(after[name], data) {
			t.Errorf("%s changed by the failed run", name)
		}
	}
	if _, stderr, code := run(t, bin, "dedupe", "--quiet", "--report", "never", "--out", out, a, b); code != 0 {
		t.Fatalf("dedupe exit %d: %s", code, stderr)
	}
	if got, want := inFolder(), listed(); !slices.Equal(got, want) || slices.Contains(got, "report.html") {
		t.Errorf("after --report never: folder %q, summary lists %q", got, want)
	}
}
