package sources

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/doppel-dev/doppel"
)

// An XLSXReader is the Excel implementation of doppel.Source.
var _ doppel.Source = (*XLSXReader)(nil)

// XLSXReader streams one sheet of an Excel workbook (.xlsx), row by row
// through excelize's row iterator: the sheet is never held in memory whole
// (excelize spills large sheets to a temporary file).
//
// The header is the first non-empty row, skipping a title row (one value
// in cells merged across columns). A header cell that a merged cell covers
// (a merged "Phone" over two columns) is named after it with a number:
// "Phone", "Phone 2". Merges are found by one streaming pass over the
// sheet's XML. Wholly empty rows, such as
// trailing ones, are skipped; a row with a value right of the header's
// last column is rejected with doppel.ErrFieldCount. The position of a
// row is its sheet row number.
//
// Values: text as stored (an id stored as text keeps its leading zeros);
// cells formatted as dates or date-times become ISO 2006-01-02 (and
// " 15:04", or " 15:04:05" when the format shows seconds, for a
// date-time); other numbers their plain value, with
// no thousands separators, rounding to the display format, float artefacts
// or exponents (1E+10 is "10000000000"), except that a zero-padding format
// such as 00000 is kept (a postcode stored as the number 1234 shown as
// 01234); booleans TRUE/FALSE; a formula its cached value.
type XLSXReader struct {
	spec   string
	path   string
	sheet  string
	f      *excelize.File
	rows   *excelize.Rows
	num    int // sheet row of the last row read
	header []string
	row    []string
	raw    []string
	notes  []string
	done   bool
}

// OpenXLSX opens a workbook given as path or path#Sheet (the sheet by
// name; without it the first sheet of the workbook) and reads the header.
func OpenXLSX(spec string) (*XLSXReader, error) {
	path, sheet := spec, ""
	if i := strings.LastIndex(strings.ToLower(spec), ".xlsx#"); i >= 0 {
		path, sheet = spec[:i+len(".xlsx")], spec[i+len(".xlsx#"):]
	}
	f, err := excelize.OpenFile(path, excelize.Options{ShortDatePattern: "yyyy-mm-dd"})
	if err != nil {
		var pe *fs.PathError
		switch {
		case errors.As(err, &pe):
			return nil, err // names the file already
		case errors.Is(err, zip.ErrFormat):
			return nil, fmt.Errorf("%s: not a readable .xlsx workbook: not a ZIP archive, as an .xlsx is (an old .xls? save it as .xlsx)", path)
		}
		return nil, fmt.Errorf("%s: not a readable .xlsx workbook: %s", path, strings.TrimPrefix(err.Error(), "zip: "))
	}
	r := &XLSXReader{spec: spec, path: path, f: f}
	sheets := f.GetSheetList()
	switch {
	case len(sheets) == 0:
		f.Close()
		return nil, fmt.Errorf("%s: the workbook has no sheets", path)
	case sheet == "":
		sheet = sheets[0]
	case !slices.Contains(sheets, sheet):
		f.Close()
		return nil, fmt.Errorf("%s: no sheet %q; the sheets are %s", path, sheet, quoteList(sheets))
	}
	r.sheet = sheet
	plainNumbers(f)
	if r.rows, err = f.Rows(sheet); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: sheet %q: %w", path, sheet, err)
	}
	refs, err := sheetMerges(path, sheet)
	merges := parseMerges(refs)
	if err != nil {
		r.notes = append(r.notes, fmt.Sprintf("merged cells not read (%v): header cells under a merge stay empty", err))
	}
	for {
		cells, err := r.nextCells()
		if err != nil {
			r.Close()
			return nil, err
		}
		if cells == nil {
			r.Close()
			return nil, fmt.Errorf("%s: sheet %q has no header row", path, sheet)
		}
		if blank(cells) {
			continue
		}
		h := make([]string, len(cells))
		for i, c := range cells {
			h[i] = strings.TrimSpace(c)
		}
		if titleRow(h, r.num, merges) {
			r.notes = append(r.notes, fmt.Sprintf("row %d skipped: a title in merged cells above the header", r.num))
			continue
		}
		r.header = trimTrailing(nameMerged(h, r.num, merges))
		break
	}
	r.row = make([]string, len(r.header))
	return r, nil
}

// nextCells returns the cells of the next sheet row (empty for an empty
// row), or nil at the end.
func (r *XLSXReader) nextCells() ([]string, error) {
	if r.done || !r.rows.Next() {
		r.done = true
		if err := r.rows.Error(); err != nil {
			return nil, fmt.Errorf("%s: sheet %q: %w", r.path, r.sheet, err)
		}
		return nil, nil
	}
	r.num++
	cells, err := r.rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("%s: sheet %q, row %d: %w", r.path, r.sheet, r.num, err)
	}
	if cells == nil {
		cells = []string{}
	}
	return cells, nil
}

// mergeRange is a merged range of cells, 1-based and inclusive.
type mergeRange struct{ c1, r1, c2, r2 int }

// parseMerges parses "A1:C2" ranges, dropping malformed ones.
func parseMerges(refs []string) []mergeRange {
	var out []mergeRange
	for _, ref := range refs {
		a, b, ok := strings.Cut(ref, ":")
		if !ok {
			continue
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(a)
		c2, r2, err2 := excelize.CellNameToCoordinates(b)
		if err1 == nil && err2 == nil {
			out = append(out, mergeRange{c1, r1, c2, r2})
		}
	}
	return out
}

// titleRow reports whether sheet row num holds a single value that is the
// first cell of a merge across columns: a title above the header.
func titleRow(cells []string, num int, merges []mergeRange) bool {
	first := -1
	for i, c := range cells {
		if c != "" {
			if first >= 0 {
				return false
			}
			first = i
		}
	}
	for _, m := range merges {
		if m.r1 == num && m.c1 == first+1 && m.c2 > m.c1 {
			return true
		}
	}
	return false
}

// nameMerged names the header cells of sheet row num that a merged cell
// covers after the merged cell: "Phone", "Phone 2", ... (a merge may reach
// past the last stored cell, which widens the header).
func nameMerged(header []string, num int, merges []mergeRange) []string {
	for _, m := range merges {
		if num < m.r1 || num > m.r2 || m.c1 > len(header) || m.c2 == m.c1 {
			continue
		}
		name := header[m.c1-1]
		if name == "" {
			continue
		}
		for len(header) < m.c2 {
			header = append(header, "")
		}
		for c, k := m.c1+1, 2; c <= m.c2; c, k = c+1, k+1 {
			if header[c-1] == "" {
				header[c-1] = fmt.Sprintf("%s %d", name, k)
			}
		}
	}
	return header
}

// Header returns the column names: the first non-empty row.
func (r *XLSXReader) Header() []string { return slices.Clone(r.header) }

// Next returns the next non-empty row, padded to the header's width, and
// its sheet row number.
func (r *XLSXReader) Next() ([]string, int, error) {
	for {
		cells, err := r.nextCells()
		if err != nil {
			return nil, 0, err
		}
		if cells == nil {
			return nil, 0, io.EOF
		}
		if blank(cells) {
			continue
		}
		r.raw = cells
		if len(cells) > len(r.header) {
			for i := len(r.header); i < len(cells); i++ {
				if strings.TrimSpace(cells[i]) != "" {
					return nil, r.num, &doppel.RowError{File: r.spec, Line: r.num, Column: i + 1,
						Err: fmt.Errorf("%w: a value in column %s, right of the header's %d columns", doppel.ErrFieldCount, colName(i+1), len(r.header))}
				}
			}
		}
		clear(r.row)
		copy(r.row, cells)
		if re := checkText(r.spec, r.num, r.row); re != nil {
			return nil, r.num, re
		}
		return r.row, r.num, nil
	}
}

// Raw returns the cells of the last row returned or rejected, as a CSV
// line.
func (r *XLSXReader) Raw() string { return rawRow(r.raw) }

// Format says how the workbook was read.
func (r *XLSXReader) Format() doppel.Format {
	return doppel.Format{Kind: string(XLSX), Notes: append([]string{fmt.Sprintf("sheet %q", r.sheet)}, r.notes...)}
}

// Close closes the workbook and removes excelize's temporary files. It is
// idempotent.
func (r *XLSXReader) Close() error {
	if r.f == nil {
		return nil
	}
	var err error
	if r.rows != nil {
		err = r.rows.Close()
	}
	err = errors.Join(err, r.f.Close())
	r.f, r.rows = nil, nil
	return err
}

// plainNumbers rewrites the workbook's cell formats in memory so that
// excelize renders values the way the normalisers read them: a custom
// date format's code becomes yyyy-mm-dd (with hh:mm, or hh:mm:ss when it
// shows seconds, for a date-time); a cell with a built-in date format
// gets format 14 (ISO through ShortDatePattern) or 22 for a date-time
// (hh:mm, as Excel shows it); every other number format except text,
// time-only and zero-padding ones becomes plainFormat (the plain value).
func plainNumbers(f *excelize.File) {
	_, _ = f.GetStyle(0) // loads f.Styles
	st := f.Styles
	if st == nil || st.CellXfs == nil {
		return
	}
	custom := map[int]fmtKind{}
	if st.NumFmts != nil {
		for _, nf := range st.NumFmts.NumFmt {
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			kind := classifyFormat(code)
			custom[nf.NumFmtID] = kind
			switch kind {
			case fmtDate:
				nf.FormatCode, nf.FormatCode16 = "yyyy-mm-dd", ""
			case fmtDateTime:
				nf.FormatCode, nf.FormatCode16 = "yyyy-mm-dd hh:mm", ""
				if strings.ContainsAny(stripQuoted(code), "sS") {
					nf.FormatCode = "yyyy-mm-dd hh:mm:ss"
				}
			}
		}
	}
	if _, taken := custom[plainFormat]; taken {
		return // not seen from Excel (its ids run from 164); values as excelize renders them
	}
	for i := range st.CellXfs.Xf {
		xf := &st.CellXfs.Xf[i]
		if xf.NumFmtID == nil {
			continue
		}
		id := *xf.NumFmtID
		kind, isCustom := custom[id]
		if !isCustom {
			kind = builtinKind(id)
		}
		var to int
		switch {
		case kind == fmtKeep, isCustom && kind != fmtNumber:
			continue // custom dates were rewritten above
		case kind == fmtDate:
			to = 14
		case kind == fmtDateTime:
			to = 22
		default:
			to = plainFormat
		}
		xf.NumFmtID = &to
	}
}

// plainFormat is a number format id that is neither built in nor defined
// by the workbook: excelize then gives a number's plain value, where
// General would write 1E+15.
const plainFormat = 9999

type fmtKind int

const (
	fmtNumber   fmtKind = iota // a number format, General too: the plain value
	fmtKeep                    // text, time of day, zero padding: as formatted
	fmtDate                    // a date
	fmtDateTime                // a date with a time of day
)

// builtinKind classifies Excel's built-in number formats by id.
func builtinKind(id int) fmtKind {
	switch {
	case id == 49: // text
		return fmtKeep
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id >= 50 && id <= 58:
		return fmtDate
	case id == 22:
		return fmtDateTime
	case id >= 18 && id <= 21, id >= 32 && id <= 35, id >= 45 && id <= 47:
		return fmtKeep // time of day
	}
	return fmtNumber
}

// classifyFormat classifies a custom number format code by its first
// section: with year, month or day parts it is a date (a date-time with
// hours or seconds too), with only time parts a time, made only of zeros
// a zero padding; "@" is text.
func classifyFormat(code string) fmtKind {
	var date, clock, other bool
	zeros := 0
	inQuote := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case c == '"':
			inQuote, other = true, true
		case c == '\\' || c == '_' || c == '*':
			i++ // escaped, spacing or fill character
			other = true
		case c == '[':
			if j := strings.IndexByte(code[i:], ']'); j >= 0 {
				if t := strings.ToLower(code[i+1 : i+j]); t == "h" || t == "hh" || t == "m" || t == "mm" || t == "s" || t == "ss" {
					clock = true
				}
				i += j
			}
		case c == ';':
			i = len(code) // only the first section counts
		case c == '@':
			return fmtKeep
		case strings.IndexByte("yYdD", c) >= 0:
			date = true
		case strings.IndexByte("hHsS", c) >= 0:
			clock = true
		case c == 'm' || c == 'M':
			date = true // month; "mm" next to h or s is minutes, decided below
		case c == '0':
			zeros++
		case c != ' ':
			other = true
		}
	}
	switch {
	case date && clock:
		if strings.ContainsAny(strings.ToLower(stripQuoted(code)), "yd") {
			return fmtDateTime
		}
		return fmtKeep // h:mm, mm:ss: a time of day
	case date:
		return fmtDate
	case clock:
		return fmtKeep
	case zeros > 0 && !other:
		return fmtKeep // 00000: leading zeros are part of the value shown
	}
	return fmtNumber
}

// stripQuoted removes the quoted and escaped literals of a format code.
func stripQuoted(code string) string {
	var b strings.Builder
	inQuote := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case c == '"':
			inQuote = true
		case c == '\\':
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// blank reports whether every cell is empty or spaces.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// trimTrailing returns cells without its trailing empty ones.
func trimTrailing(out []string) []string {
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// colName returns the spreadsheet name of a 1-based column (1 is "A").
func colName(c int) string {
	if n, err := excelize.ColumnNumberToName(c); err == nil {
		return n
	}
	return fmt.Sprint(c)
}

// quoteList renders names as "a", "b", "c".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
