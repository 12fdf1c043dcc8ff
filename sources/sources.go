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
	"math"
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
