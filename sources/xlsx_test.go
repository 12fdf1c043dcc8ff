package sources

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// writeWorkbook writes the test workbook: a "Customers" sheet (first) with
// a merged title row, a merged header cell, typed cells and an empty
// trailing row; an "Archive" sheet; an empty "Notes" sheet.
func writeWorkbook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Customers"))
	_, err := f.NewSheet("Archive")
	must(err)
	_, err = f.NewSheet("Notes")
	must(err)
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		must(err)
		return id
	}
	isoDate := style(&excelize.Style{NumFmt: 14}) // m/d/yy in Excel, locale short date
	ukDate := style(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")})
	stamp := style(&excelize.Style{CustomNumFmt: ptr("dd.mm.yyyy hh:mm:ss")})
	dateTime := style(&excelize.Style{NumFmt: 22})              // m/d/yy h:mm
	money := style(&excelize.Style{NumFmt: 4})                  // #,##0.00
	sci := style(&excelize.Style{NumFmt: 11})                   // 0.00E+00
	zip := style(&excelize.Style{CustomNumFmt: ptr("00000")})   // zero padding
	text := style(&excelize.Style{NumFmt: 49})                  // @
	pct := style(&excelize.Style{CustomNumFmt: ptr("0.0%")})    // a number format
	clock := style(&excelize.Style{CustomNumFmt: ptr("hh:mm")}) // a time of day
	const s = "Customers"
	must(f.SetCellValue(s, "A1", "Customer export, March"))
	must(f.MergeCell(s, "A1", "K1"))
	for i, h := range []string{"id", "name", "Phone", "", "born", "joined", "balance", "zip", "ref", "since", "share"} {
		cellName, _ := excelize.CoordinatesToCellName(i+1, 2)
		must(f.SetCellValue(s, cellName, h))
	}
	must(f.MergeCell(s, "C2", "D2"))
	must(f.SetCellValue(s, "L2", "slot"))
	must(f.MergeCell(s, "L2", "M2")) // a merge past the last stored cell
	tenth := 0.1                     // a variable: 0.1 + 0.2 in constants is exactly 0.3
	born := time.Date(1984, 7, 9, 0, 0, 0, 0, time.UTC)
	rows := [][]any{
		{"00123", "Ann Lee", "0113 496 0000", "07700 900123", born, time.Date(2020, 1, 2, 13, 45, 0, 0, time.UTC), 1234.5, 1234, "000456", born, tenth + 0.2, "a", "b"},
		{10000000000, "Bob Ray", 441134960000, nil, time.Date(2001, 12, 31, 0, 0, 0, 0, time.UTC), nil, 1e15, 501, "0042", time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC), 0.25, nil, nil},
	}
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cellName, _ := excelize.CoordinatesToCellName(c+1, r+3)
			must(f.SetCellValue(s, cellName, v))
		}
	}
	for _, st := range []struct {
		cells string
		id    int
	}{{"E3:E4", isoDate}, {"J3:J3", ukDate}, {"J4:J4", stamp}, {"F3:F4", dateTime}, {"G3:G3", money}, {"G4:G4", sci}, {"H3:H4", zip}, {"I3:I4", text}, {"K3:K4", pct}} {
		a, b, _ := strings.Cut(st.cells, ":")
		must(f.SetCellStyle(s, a, b, st.id))
	}
	must(f.SetCellValue(s, "A5", "x1"))
	must(f.SetCellValue(s, "N5", "stray")) // right of the header: rejected
	must(f.SetCellValue(s, "A6", "x2"))
	must(f.SetCellValue(s, "D6", 0.5))
	must(f.SetCellStyle(s, "D6", "D6", clock))
	must(f.SetCellValue(s, "A8", "   ")) // an empty trailing row
	must(f.SetRowHeight(s, 9, 30))       // a trailing row with no cells
	must(f.SetCellValue("Archive", "A1", "ref"))
	must(f.SetCellValue("Archive", "B1", "name"))
	must(f.SetCellValue("Archive", "A2", "0009"))
	must(f.SetCellValue("Archive", "B2", "Old Customer"))
	p := filepath.Join(t.TempDir(), "sales.xlsx")
	must(f.SaveAs(p))
	return p
}

func ptr[T any](v T) *T { return &v }

func TestXLSXTypedCells(t *testing.T) {
	p := writeWorkbook(t)
	r, err := OpenXLSX(p)
	if err != nil {
		t.Fatal(err)
	}
	h := r.Header()
	wantHeader := []string{"id", "name", "Phone", "Phone 2", "born", "joined", "balance", "zip", "ref", "since", "share", "slot", "slot 2"}
	if !slices.Equal(h, wantHeader) {
		t.Fatalf("header %q, want %q", h, wantHeader)
	}
	f := r.Format()
	if f.Kind != "xlsx" || !slices.Contains(f.Notes, `sheet "Customers"`) || !strings.Contains(strings.Join(f.Notes, "|"), "row 1 skipped") {
		t.Errorf("format %+v", f)
	}
	rows := readAll(t, r)
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4 (the empty trailing rows skipped): %+v", len(rows), rows)
	}
	tests := []struct {
		row       int
		col, want string
	}{
		{0, "id", "00123"}, // text keeps its leading zeros
		{0, "Phone", "0113 496 0000"},
		{0, "Phone 2", "07700 900123"},
		{0, "born", "1984-07-09"},         // built-in short date
		{0, "since", "1984-07-09"},        // custom dd/mm/yyyy
		{0, "joined", "2020-01-02 13:45"}, // date-time format
		{0, "balance", "1234.5"},          // #,##0.00 -> plain value
		{0, "zip", "01234"},               // 00000 kept
		{0, "ref", "000456"},              // text format
		{0, "share", "0.3"},               // 0.1+0.2 without the float artefact, not 30.0%
		{0, "slot", "a"},
		{0, "slot 2", "b"},
		{1, "id", "10000000000"}, // not 1E+10
		{1, "Phone", "441134960000"},
		{1, "Phone 2", ""},
		{1, "born", "2001-12-31"},
		{1, "balance", "1000000000000000"}, // 0.00E+00 -> plain
		{1, "zip", "00501"},
		{1, "ref", "0042"},
		{1, "share", "0.25"},
		{1, "since", "2001-02-03 04:05:06"}, // custom date-time with seconds
		{3, "id", "x2"},
		{3, "Phone 2", "12:00"}, // a time of day keeps its format
	}
	for _, tt := range tests {
		if v := cell(t, h, rows[tt.row], tt.col); v != tt.want {
			t.Errorf("row %d %s = %q, want %q", rows[tt.row].pos, tt.col, v, tt.want)
		}
	}
	for i, pos := range []int{3, 4, 5, 6} {
		if rows[i].pos != pos {
			t.Errorf("row %d at sheet row %d, want %d", i, rows[i].pos, pos)
		}
	}
	bad := rows[2]
	if !strings.Contains(bad.reason, "sales.xlsx:5:14:") || !strings.Contains(bad.reason, "column N") || bad.raw != "x1,,,,,,,,,,,,,stray" {
		t.Errorf("stray cell row: reason %q raw %q", bad.reason, bad.raw)
	}
}

func TestXLSXSheetChoice(t *testing.T) {
	p := writeWorkbook(t)
	r, err := OpenXLSX(p + "#Archive")
	if err != nil {
		t.Fatal(err)
	}
	if h := r.Header(); !slices.Equal(h, []string{"ref", "name"}) {
		t.Errorf("Archive header %q", h)
	}
	rows := readAll(t, r)
	if len(rows) != 1 || rows[0].pos != 2 || rows[0].cells[0] != "0009" {
		t.Errorf("Archive rows %+v", rows)
	}
	tests := []struct{ spec, want string }{
		{p + "#Nope", `no sheet "Nope"; the sheets are "Customers", "Archive", "Notes"`},
		{p + "#Notes", `sheet "Notes" has no header row`},
		{filepath.Join(t.TempDir(), "missing.xlsx"), "no such file"},
	}
	for _, tt := range tests {
		_, err := OpenXLSX(tt.spec)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.spec, err, tt.want)
		}
	}
	notXLSX := writeFile(t, "fake.xlsx", "id,name\n1,a\n")
	if _, err := OpenXLSX(notXLSX); err == nil || !strings.Contains(err.Error(), "fake.xlsx: not a readable .xlsx workbook: not a ZIP archive") || strings.Contains(err.Error(), "zip:") {
		t.Errorf("a CSV named .xlsx: %v", err)
	}
}

func TestClassifyFormat(t *testing.T) {
	tests := []struct {
		code string
		want fmtKind
	}{
		{"yyyy-mm-dd", fmtDate},
		{"dd/mm/yyyy", fmtDate},
		{"mmm yyyy", fmtDate},
		{"[$-409]d-mmm-yy;@", fmtDate},
		{"dd/mm/yyyy hh:mm", fmtDateTime},
		{"hh:mm", fmtKeep},
		{"[h]:mm:ss", fmtKeep},
		{"mm:ss", fmtKeep},
		{"00000", fmtKeep},
		{"@", fmtKeep},
		{"#,##0.00", fmtNumber},
		{"0.0%", fmtNumber},
		{`"Day "0`, fmtNumber}, // a literal d inside quotes is not a date
		{`0\d`, fmtNumber},
		{"0.00E+00", fmtNumber},
		{"[Red]0.00;[Blue]-0.00", fmtNumber},
	}
	for _, tt := range tests {
		if got := classifyFormat(tt.code); got != tt.want {
			t.Errorf("classifyFormat(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
}
