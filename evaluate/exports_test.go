package evaluate

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// TestSampleExportsTruth keeps testdata/exports and its truth.csv in step:
// every row that parses is in the truth, the broken rows are exactly the
// ones the README lists, and the counts match the README.
func TestSampleExportsTruth(t *testing.T) {
	dir := filepath.Join("..", "testdata", "exports")
	truth, err := ReadTruth(filepath.Join(dir, "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	files := []struct {
		name, source string
		comma        rune
		fields       int
		rows         int // valid data rows
		brokenLine   int
	}{
		{"crm.csv", "crm", ',', 12, 97, 81},
		{"billing.csv", "billing", ';', 8, 62, 36},
		{"support.tsv", "support", '\t', 7, 52, 52},
		{"webshop.csv", "webshop", '|', 10, 29, 31},
	}
	var xw []Assignment
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f.name))
		if err != nil {
			t.Fatal(err)
		}
		cr := csv.NewReader(bufio.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))))
		cr.Comma = f.comma
		cr.FieldsPerRecord = f.fields
		var broken []int
		valid := 0
		for first := true; ; first = false {
			rec, err := cr.Read()
			if err != nil {
				if pe, ok := err.(*csv.ParseError); ok {
					broken = append(broken, pe.StartLine)
					if pe.Err == csv.ErrQuote {
						break // runs to the end of the file
					}
					continue
				}
				break
			}
			if first {
				continue
			}
			valid++
			key := f.source + KeySep + rec[0]
			if _, ok := truth[key]; !ok {
				t.Errorf("%s: id %s not in truth.csv", f.name, rec[0])
			}
			xw = append(xw, Assignment{Source: f.source, ID: rec[0], Golden: truth[key]})
		}
		if valid != f.rows || len(broken) != 1 || broken[0] != f.brokenLine {
			t.Errorf("%s: %d valid rows, broken at lines %v; want %d and [%d]", f.name, valid, broken, f.rows, f.brokenLine)
		}
	}
	m := Score(truth, xw)
	if m.TruthRecords != 240 || m.Missing != 0 || m.TrueClusters != 120 || m.TruePairs != 154 || m.PairF1 != 1 {
		t.Errorf("truth vs exports: %+v", m)
	}
}
