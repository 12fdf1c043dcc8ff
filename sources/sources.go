// Package sources reads customer exports that are not CSV: Excel workbooks
// (.xlsx), Parquet files, JSON Lines (.jsonl, .ndjson) and database tables
// (SQLite through a pure-Go driver, PostgreSQL). Each format is one file
// of this package and implements doppel.Source, so the pipeline reads them
// exactly like a CSV export: a header, then data rows with their position
// (sheet row, Parquet row, JSON line or database row number), broken rows
// as *doppel.RowError with a reason.
//
// Typed values become the text the normalisers expect: dates as ISO
// 2006-01-02 (with " 15:04:05" when a time of day is set, in UTC), numbers
// in plain decimal notation without float artefacts or exponents, NULL as
// "". Text is kept as it is, so ids stored as text keep their leading
// zeros. Every reader streams: memory does not grow with the input's rows.
//
// The package is kept apart from csvio so that the CSV core stays free of
// these dependencies.
package sources

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/doppel-dev/doppel"
)

// Kind names an input format.
type Kind string

// The input formats of this package; CSV is the empty Kind (everything
// else is read as CSV by csvio).
const (
	CSV      Kind = ""
	XLSX     Kind = "xlsx"
	Parquet  Kind = "parquet"
	JSONL    Kind = "jsonl"
	SQLite   Kind = "sqlite"
	Postgres Kind = "postgres"
)

// KindOf returns the format of an input argument: a database URL by its
// scheme (sqlite:, postgres://, postgresql://), a file by its extension
// (.xlsx, also with a #Sheet suffix; .parquet; .jsonl and .ndjson),
// compared without case. Anything else is CSV.
func KindOf(spec string) Kind {
	l := strings.ToLower(spec)
	switch {
	case strings.HasPrefix(l, "sqlite:"):
		return SQLite
	case strings.HasPrefix(l, "postgres://"), strings.HasPrefix(l, "postgresql://"):
		return Postgres
	case strings.HasSuffix(l, ".xlsx"), strings.Contains(l, ".xlsx#"):
		return XLSX
	case strings.HasSuffix(l, ".parquet"):
		return Parquet
	case strings.HasSuffix(l, ".jsonl"), strings.HasSuffix(l, ".ndjson"):
		return JSONL
	}
	return CSV
}

// rawRow renders a row of a non-text format for the rejects file: its
// cells as one CSV line (RFC 4180 quoting), in the form doppel.RawText
// gives.
func rawRow(cells []string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(cells) // writes to memory: cannot fail
	w.Flush()
	return doppel.RawText(bytes.TrimRight(b.Bytes(), "\n"))
}

// checkText reports the first cell that is not valid UTF-8, as a row
// error of file at pos (column 1-based), or nil.
func checkText(file string, pos int, cells []string) *doppel.RowError {
	for i, c := range cells {
		if !utf8.ValidString(c) {
			return &doppel.RowError{File: file, Line: pos, Column: i + 1, Err: doppel.ErrEncoding}
		}
	}
	return nil
}

// formatFloat renders a float in plain decimal notation with the fewest
// digits that read back as the same value (never an exponent): 1e10 is
// "10000000000", 0.1 is "0.1". bits is 32 or 64. NaN and infinities
// render as "".
func formatFloat(v float64, bits int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, bits)
}

// formatTime renders a date or timestamp: "2006-01-02" when the time of
// day is midnight, else "2006-01-02 15:04:05" (with fractional seconds
// when set), in UTC. Values without a zone (a SQL DATE or TIMESTAMP, a
// Parquet date) are read as UTC, so they show as stored.
func formatTime(t time.Time) string {
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04:05.999999999")
}

// decimalText renders the unscaled integer digits (with an optional
// leading '-') of a decimal with the given scale: ("12345", 2) is
// "123.45", ("5", 3) is "0.005". Trailing fractional zeros are kept, as
// the column's scale gives them.
func decimalText(digits string, scale int) string {
	if scale <= 0 {
		return digits + strings.Repeat("0", -scale)
	}
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	s := digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	if neg {
		s = "-" + s
	}
	return s
}

// errorf returns a fatal error about an input: "spec: message".
func errorf(spec, format string, args ...any) error {
	return fmt.Errorf("%s: %s", spec, fmt.Sprintf(format, args...))
}

// Sniff reports a file whose first bytes say it is a format this package
// reads (or an old one it cannot), given as a path that would be read as
// CSV: the error says how to read it instead. It returns nil for
// anything else, a file that cannot be opened included (the CSV reader
// reports that), and for what is not a regular file: a named pipe's bytes
// can be read only once.
func Sniff(path string) error {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var head [16]byte
	n, _ := io.ReadFull(f, head[:])
	b := head[:n]
	switch {
	case bytes.HasPrefix(b, []byte("SQLite format 3\x00")):
		return fmt.Errorf("%s is a SQLite database: read a table with 'sqlite:%s?table=NAME' (or ?query=SELECT ...)", path, path)
	case bytes.HasPrefix(b, []byte("PAR1")):
		return fmt.Errorf("%s is a Parquet file: name it with the .parquet extension to read it", path)
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return fmt.Errorf("%s is a ZIP archive, not a text export: an Excel workbook is read when it is named .xlsx (add #Sheet to pick a sheet)", path)
	case bytes.HasPrefix(b, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return fmt.Errorf("%s is an old binary Office file (.xls): save it as .xlsx or CSV to read it", path)
	}
	return nil
}
