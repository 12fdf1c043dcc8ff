package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalSplitCasesHouseholds: eval --cases and --households print the
// split, the per-kind false pairs and the households found; a golden.csv
// without household_id is an input error that names the column.
func TestEvalSplitCasesHouseholds(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Father and son (a/1, b/1) merged; mother a/2 apart; all one household.
	truth := write("truth.csv", "source,id,entity\na,1,E1\nb,1,E2\na,2,E3\n")
	cases := write("cases.csv", "source,id,kind,group\na,1,junior-senior,H1\nb,1,junior-senior,H1\na,2,household,H1\n")
	house := write("households.csv", "source,id,household\na,1,H1\nb,1,H1\na,2,H1\n")
	xw := write("crosswalk.csv", "source,record_id,golden_id\na,1,G1\nb,1,G1\na,2,G2\n")
	write("golden.csv", "golden_id,members,household_id\nG1,2,X\nG2,1,X\n")
	run := func(args ...string) (int, string, string) {
		var so, se bytes.Buffer
		code := Run(context.Background(), append([]string{"eval", "--truth", truth}, args...), Env{Stdout: &so, Stderr: &se})
		return code, so.String(), se.String()
	}
	code, so, se := run("--cases", cases, "--households", house, xw)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, se)
	}
	var lines []string // whitespace collapsed
	for _, l := range strings.Split(so, "\n") {
		lines = append(lines, strings.Join(strings.Fields(l), " "))
	}
	flat := strings.Join(lines, "\n")
	for _, want := range []string{
		"\nacross sources 0 1 0 0.0000 1.0000 0.0000\n",
		"\na - b 0 1 0 0.0000 1.0000 0.0000\n",
		"\njunior-senior 2 0 0 1\n",
		"\nhousehold 1 0 0 0\n",
		"\nfound exactly 1\n",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("output lacks %q:\n%s", want, so)
		}
	}
	code, so, _ = run("--by-source-pair", xw)
	if code != 0 || !strings.Contains(so, "within one source") || strings.Contains(so, "case kind") {
		t.Errorf("--by-source-pair: exit %d\n%s", code, so)
	}

	write("golden.csv", "golden_id,members\nG1,2\nG2,1\n")
	code, _, se = run("--households", house, xw)
	if code != ExitInput || !strings.Contains(se, `lacks column "household_id"`) || strings.Contains(se, "evaluate:") {
		t.Errorf("golden.csv without household_id: exit %d, stderr %q", code, se)
	}
}
