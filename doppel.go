// Package doppel holds the domain types shared by every stage of the doppel
// pipeline: records read from departmental exports, the canonical fields they
// are mapped to, row-level errors and the run counts that must add up.
//
// The package depends on the standard library only. The stages live in
// subpackages: csvio (reading and writing CSV), normalize, match, merge,
// rules and cli.
package doppel

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Field is a canonical customer attribute. Source columns are mapped onto
// fields (automatically by header name, or by the rules file). Fields are
// small integers so that a record's values can live in a plain slice.
type Field uint8

// The canonical fields, in golden-record column order.
const (
	FullName     Field = iota // whole name in one column ("Robert Müller", "MUELLER, Bob")
	Title                     // honorific (Mr, Dr, Frau)
	GivenName                 // first name
	MiddleName                // middle names or initials
	FamilyName                // surname
	NameReading               // the name's reading in another column: furigana (フリガナ), pinyin, a romanised passport name
	Gender                    // gender or sex
	BirthDate                 // date of birth
	BirthPlace                // place of birth (town or city)
	Email                     // e-mail address
	Phone                     // phone number (landline or any)
	Mobile                    // mobile phone number
	Phone2                    // a second phone number (work, other)
	Company                   // company or organisation
	Address                   // street address line (may hold number and street)
	StreetNumber              // house number
	Street                    // street name without number
	Address2                  // second address line (unit, building, locality)
	City                      // city, town or suburb
	State                     // state, region or province
	Postcode                  // postcode or ZIP
	Country                   // country
	NationalID                // national or tax identifier (SSN, NI number)
	CustomerRef               // a customer/loyalty number shared across systems (not the row id)
	Created                   // record creation date
	Updated                   // record last-update date
	NumFields                 // number of canonical fields; not a field
)

// String returns the canonical snake_case name of the field (its
// registry name).
func (f Field) String() string {
	if f < NumFields {
		return fieldSpecs[f].Name
	}
	return fmt.Sprintf("field(%d)", int(f))
}

// ParseField returns the field with the given canonical name.
func ParseField(name string) (Field, bool) {
	for f := Field(0); f < NumFields; f++ {
		if fieldSpecs[f].Name == name {
			return f, true
		}
	}
	return 0, false
}

// Record is one data row of a source export after column mapping. It holds
// the raw (trimmed but otherwise un-normalised) value of every mapped field,
// "" when missing; read them with Get.
//
// The values and the id live in one compact string with a small offset
// table in front, so a record costs one allocation and no per-field string
// headers: a million records of 23 fields take about 200 MB instead of 650.
// Build records with NewRecord. The zero Record has no values.
//
// A Record is immutable once built and safe for concurrent reads.
type Record struct {
	Source string // source name (file name without extension unless overridden)
	Line   int    // 1-based physical line where the row starts in the file
	ID     string // record id: the id column, or the 1-based data row number
	// data is the offset table followed by the values, in Field order, and
	// then the id. The table holds NumFields end offsets (from the start of
	// data), each of offsetWidth(len(data)) bytes, little-endian.
	data string
}

// narrowTable is the size of a table of 2-byte offsets; records whose data
// would be longer than 0xFFFF bytes use 4-byte offsets instead.
const narrowTable = 2 * int(NumFields)

// offsetWidth is the width of one offset for data of length n: the width
// is implied by the length, so it needs no flag.
func offsetWidth(n int) int {
	if n <= 0xFFFF {
		return 2
	}
	return 4
}

// NewRecord returns the record of source at line with the given id and
// values, indexed by Field (a shorter slice leaves the remaining fields
// empty; values beyond NumFields are ignored). The id and values are copied
// into one new string, so the record keeps none of the caller's memory
// alive (a CSV reader's row buffer, say).
func NewRecord(source string, line int, id string, values []string) Record {
	values = values[:min(len(values), int(NumFields))]
	size := len(id)
	for _, v := range values {
		size += len(v)
	}
	if size == 0 {
		return Record{Source: source, Line: line}
	}
	table := narrowTable
	if offsetWidth(table+size) == 4 {
		table = 2 * narrowTable
	}
	w := table / int(NumFields)
	// The offsets follow from the lengths, so the table is written first
	// and the string is built in place: one allocation.
	var tab [4 * NumFields]byte
	end := table
	for f := range int(NumFields) {
		if f < len(values) {
			end += len(values[f])
		}
		if w == 2 {
			tab[2*f], tab[2*f+1] = byte(end), byte(end>>8)
		} else {
			tab[4*f], tab[4*f+1], tab[4*f+2], tab[4*f+3] = byte(end), byte(end>>8), byte(end>>16), byte(end>>24)
		}
	}
	var sb strings.Builder
	sb.Grow(table + size)
	sb.Write(tab[:table])
	for _, v := range values {
		sb.WriteString(v)
	}
	sb.WriteString(id)
	data := sb.String()
	return Record{Source: source, Line: line, ID: data[len(data)-len(id):], data: data}
}

// end returns the end offset of field f's value in r.data; f must be a
// field and r.data non-empty.
func (r *Record) end(f int) int {
	d := r.data
	if len(d) <= 0xFFFF {
		return int(d[2*f]) | int(d[2*f+1])<<8
	}
	return int(d[4*f]) | int(d[4*f+1])<<8 | int(d[4*f+2])<<16 | int(d[4*f+3])<<24
}

// Get returns the raw value of field f ("" when missing).
func (r *Record) Get(f Field) string {
	if f >= NumFields || r.data == "" {
		return ""
	}
	start := narrowTable
	if len(r.data) > 0xFFFF {
		start = 2 * narrowTable
	}
	if f > 0 {
		start = r.end(int(f) - 1)
	}
	return r.data[start:r.end(int(f))]
}

// Values returns a new slice of all values, indexed by Field (length
// NumFields). Get is cheaper when only some fields are needed.
func (r *Record) Values() []string {
	vals := make([]string, NumFields)
	for f := range NumFields {
		vals[f] = r.Get(f)
	}
	return vals
}

// CompareValues compares the values of r and o field by field, in Field
// order, like slices.Compare on their Values: -1, 0 or +1.
func (r *Record) CompareValues(o *Record) int {
	for f := range NumFields {
		a, b := r.Get(f), o.Get(f)
		if a != b {
			if a < b {
				return -1
			}
			return 1
		}
	}
	return 0
}

// RowError is a problem with one row (or one cell) of an input file. The row
// goes to the rejects file with this error as the reason; the run continues.
type RowError struct {
	File   string // path of the input file
	Line   int    // 1-based line where the row starts (0 if unknown)
	Column int    // 1-based column (0 if the whole row is affected)
	Err    error  // what is wrong
}

func (e *RowError) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	default:
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
}

// Unwrap returns the underlying error.
func (e *RowError) Unwrap() error { return e.Err }

// Sentinel errors carried inside RowError.
var (
	ErrFieldCount  = errors.New("wrong number of fields")
	ErrFieldSize   = errors.New("field exceeds size limit")
	ErrEncoding    = errors.New("invalid text encoding")
	ErrQuote       = errors.New("broken quoting")
	ErrEmptyID     = errors.New("empty record id")
	ErrDuplicateID = errors.New("duplicate record id")
)

// Counts are the row counts of one run. They must add up: every data row
// that was read is either in the crosswalk or in the rejects file.
type Counts struct {
	Read     int `json:"read"`     // data rows read from all inputs
	Accepted int `json:"accepted"` // rows that reached the crosswalk
	Rejected int `json:"rejected"` // rows written to rejects.csv
	Golden   int `json:"golden"`   // golden records written
	Clusters int `json:"clusters"` // clusters with more than one record
	// Households are groups of two or more golden records of different
	// people who live together (households.csv).
	Households int   `json:"households"`
	Compared   int64 `json:"compared"` // candidate pairs scored
	Matched    int64 `json:"matched"`  // pairs at or above the match threshold
}

// Check reports an error when the counts do not add up.
func (c Counts) Check() error {
	if c.Read != c.Accepted+c.Rejected {
		return fmt.Errorf("counts do not add up: read %d != accepted %d + rejected %d", c.Read, c.Accepted, c.Rejected)
	}
	return nil
}

// Source is one input being read, whatever its format: a CSV export
// (package csvio) is the first implementation; a spreadsheet, a Parquet or
// JSON-lines file or a database table would each be another. The pipeline
// reads every input through this interface only.
//
// A Source is not safe for concurrent use.
type Source interface {
	// Header returns the column names, trimmed of spaces. Names may
	// repeat or be empty; callers decide. The result is a copy.
	Header() []string

	// Next returns the next data row and where it starts: the 1-based
	// physical line for a text format, else the 1-based row number. The
	// row has exactly len(Header()) fields; the slice may be reused by the
	// next call (the strings stay valid). A row that cannot be used is
	// returned as (nil, pos, *RowError) and reading goes on with the next
	// row. At the end Next returns io.EOF; any other error is fatal.
	Next() (row []string, pos int, err error)

	// Raw returns the row last returned or rejected by Next as it is in
	// the input, for the rejects file, in the form RawText gives.
	Raw() string

	// Format says how the input was read. It is complete once Next has
	// returned io.EOF (some findings come from the whole input).
	Format() Format

	// Close releases the input. It is idempotent.
	Close() error
}

// Format describes how a Source was read: what the summary and the
// warnings report. Zero values mean "does not apply".
type Format struct {
	Kind      string // "csv", ...
	Encoding  string // text encoding as read, e.g. "utf-8", "windows-1252 (guessed: not valid utf-8)"
	Delimiter rune   // field delimiter; 0 when the format has none
	LineEnds  string // "lf", "crlf", "cr" or "mixed", from the start of the input
	// Binary is set when the start of the input looks like binary data
	// (NUL bytes or many control characters) rather than text.
	Binary bool
	// Notes are other decisions taken while reading that a user may want
	// to know ("delimiter declared by a sep=; line"), in the order taken.
	Notes []string
	// Warnings are repairs a user should hear about even when not asking
	// for notes (bare CRs inside LF text read as line ends).
	Warnings []string
}

// RawPrefix marks a raw row (see RawText) given as base64.
const RawPrefix = "base64:"

// RawText renders the raw bytes of an input row for the rejects file so
// that nothing is lost: the bytes as they are when they are valid UTF-8
// without NUL bytes, else RawPrefix followed by the standard base64
// encoding (RFC 4648, padded) of the exact bytes. Text that itself starts
// with RawPrefix is encoded too, so the form is never ambiguous.
func RawText(b []byte) string {
	if utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 && !bytes.HasPrefix(b, []byte(RawPrefix)) {
		return string(b)
	}
	return RawPrefix + base64.StdEncoding.EncodeToString(b)
}

// SourceName returns the default source name of an input path: its base
// name without the extension ("exports/crm.csv" -> "crm"; a sheet
// suffix goes too: "sales.xlsx#March" -> "sales"). A database URL is
// named after its table ("sqlite:crm.db?table=customers" ->
// "customers", "postgres://u@h/db?table=crm.people" -> "people"), or its
// database when it reads a query.
func SourceName(path string) string {
	if IsDatabaseURL(path) {
		base, params, _ := strings.Cut(path, "?")
		for params != "" && !strings.HasPrefix(params, "query=") {
			var p string
			p, params, _ = strings.Cut(params, "&")
			if t, ok := strings.CutPrefix(p, "table="); ok && t != "" {
				if u, err := url.QueryUnescape(t); err == nil {
					t = u
				}
				return t[strings.LastIndex(t, ".")+1:]
			}
		}
		path = base
	}
	b := filepath.Base(path)
	if i := strings.LastIndex(strings.ToLower(b), ".xlsx#"); i >= 0 {
		b = b[:i+len(".xlsx")]
	}
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// IsDatabaseURL reports whether an input is a database URL (scheme://...
// or sqlite:...) rather than a file path: it is compared and shown as
// given, never made absolute.
func IsDatabaseURL(s string) bool {
	return strings.Contains(s, "://") || len(s) > 7 && strings.EqualFold(s[:7], "sqlite:")
}

// DelimiterName returns how a delimiter is shown in summaries and reports:
// "tab" for a tab, "" for none (0), else the character itself.
func DelimiterName(r rune) string {
	switch r {
	case '\t':
		return "tab"
	case 0:
		return ""
	}
	return string(r)
}
