package pipeline_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/runfiles"
)

// formulaLike reports whether a spreadsheet could run cell c as a formula:
// it starts with = @ tab or CR, or with + or - not followed by a plain
// number or phone number (digits, spaces, parentheses, '.', '/').
func formulaLike(c string) bool {
	if c == "" {
		return false
	}
	switch c[0] {
	case '=', '@', '\t', '\r':
		return true
	case '+', '-':
		digit := false
		for _, r := range c[1:] {
			switch {
			case r >= '0' && r <= '9':
				digit = true
			case strings.ContainsRune(" ().//", r):
			default:
				return true
			}
		}
		return !digit
	}
	return false
}

// TestFormulaInjection: values from the input that a spreadsheet would run
// (golden, lineage, record and review values, raw rejected rows) come out
// neutralised with a leading ' in every CSV output, while phone numbers and
// plain numbers stay as they are. Ids and source names are written exactly
// as read (runfiles.Exact), so that the files join back, except in
// review.csv, the steward's spreadsheet, where they are escaped reversibly.
func TestFormulaInjection(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "@evil.csv", "id,first_name,surname,email,phone,city,company,birth_date\n"+
		"=1+1,\"=HYPERLINK(\"\"http://x\"\")\",Smith,anna@example.com,+49 30 1234567,@Berlin,-2+3,1980-01-02\n"+
		"=1+2,\"=HYPERLINK(\"\"http://x\"\")\",Smith,anna@example.com,+49 30 1234567,@Berlin,-2+3,1980-01-02\n"+
		"+3,\"\t@SUM(A1)\",Miller,bob@example.com,+49 30 7654321,-Köln,\"\t=cmd|' /C calc'!A0\",1975-05-06\n"+
		"+4,\"@SUM(A1)\",Miller,bob.m@example.org,+49 30 7654321,-Köln,\"=cmd|' /C calc'!A0\",1975-06-05\n"+
		"-5,\"\r=2*3\",Jones,+carl@example.com,-42,+Hamburg,@corp,1990-03-04\n"+
		"@6,Carl,Jones,carl@example.com,-42,Hamburg,\"=A1\",1990-03-04\n"+
		"=BAD(),x\n"+
		"\t=1+1\n"+
		"\r@x\n"+
		"+7,\"=\"\"x\"\"\",Doe,doe@example.com,+44 (0)20 7946 0958,-3.25,+1 555-1234,2000-01-01\n")
	out := t.TempDir()
	sum, err := pipeline.Dedupe(context.Background(), pipeline.Options{
		Files: []string{path}, OutDir: out, Region: "DE",
		ReviewLow: 1e-9, ReviewHigh: 1, // every scored pair below certainty goes to review.csv
	})
	if err != nil {
		t.Fatal(err)
	}
	checkCountsAddUp(t, out, sum)
	if sum.Counts.Rejected != 3 {
		t.Errorf("rejected %d, want 3", sum.Counts.Rejected)
	}

	cells := map[string][]string{} // output -> all its cells
	for _, rf := range []runfiles.File{runfiles.Golden, runfiles.Lineage, runfiles.Review, runfiles.Pairs, runfiles.Rejects, runfiles.Crosswalk, runfiles.Records} {
		name := rf.Name()
		rows := readAll(t, filepath.Join(out, name))
		if len(rows) < 2 {
			t.Errorf("%s has no data rows", name)
		}
		escaped, values := 0, 0
		for _, row := range rows {
			for i, c := range row {
				cells[name] = append(cells[name], c)
				if rf.Kind(rows[0][i]) == runfiles.Exact {
					continue
				}
				values++
				if formulaLike(c) {
					t.Errorf("%s: cell %q would run as a formula", name, c)
				}
				if len(c) > 1 && c[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(c[1])) {
					escaped++
				}
			}
		}
		// Every output carries data that needed escaping.
		if escaped == 0 && values > 0 {
			t.Errorf("%s: no neutralised cell; the test input does not reach it", name)
		}
	}
	has := func(name string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !slices.Contains(cells[name], w) {
				t.Errorf("%s lacks the cell %q", name, w)
			}
		}
	}
	has(pipeline.CrosswalkFile, "@evil", "=1+1", "@6") // source name and ids, exact
	has(pipeline.GoldenFile, "'=HYPERLINK(\"http://x\")", "'@Berlin", "'-2+3", "'-Köln", "'@corp", "'+1 555-1234")
	// Phone numbers (golden: E.164) and plain numbers stay as they are.
	has(pipeline.GoldenFile, "+49301234567", "+442079460958", "-3.25", "-42")
	has(pipeline.LineageFile, "'=HYPERLINK(\"http://x\")", "=1+1", "+49301234567", "-42")
	// (The line "\r@x" is a blank line, ended by its CR, and "@x".)
	has(pipeline.RejectsFile, "@evil", "'=BAD(),x", "'\t=1+1", "'@x")
	has(pipeline.PairsFile, "@evil", "=1+1")
	has(pipeline.RecordsFile, "@evil", "=1+1", "'@Berlin")
	has(pipeline.ReviewFile, "'@evil", "'=1+1")
	has(pipeline.ReviewFile, "+49 30 7654321") // raw values, side by side
	// Ids that are numbers stay too.
	has(pipeline.CrosswalkFile, "+3", "-5", "+7")
}
