// Package runfiles declares every output file of a doppel run once: its
// name, its fixed columns and how each column is written (exact, or escaped
// against spreadsheet formula injection), with encoding (Writer) and
// decoding (Reader) on top of csvio. The pipeline writes through it; the
// report, audit, explain, eval and the steward round trip (decisions,
// overrides) read through it. Batch writes a run's files atomically as one
// set, through a file-system seam (FS) that tests replace with FaultFS.
//
// Column policy: ids, golden ids, source names, numbers and fixed labels
// are Exact, written byte for byte as read, so that the files join back
// with each other and with the inputs (crosswalk.csv -> doppel eval, say).
// Values that people look at in a spreadsheet (golden and lineage values,
// the raw values of records.csv and review.csv, the reasons and raw rows of
// rejects.csv) are Sheet: csvio.EscapeFormula, lossy on purpose, as a value
// that itself starts with a quote and a formula character cannot be told
// apart. The ids of review.csv are Reversible: that is the file a steward
// opens in a spreadsheet, edits and hands back as --decisions, so its ids
// must be escaped (an id "=1+1" would run as a formula and be saved back as
// "2") and must still read back exactly; EscapeReversible is injective.
// The steward's overrides file is read the same way.
package runfiles

import (
	"fmt"
	"slices"
	"strings"

	"github.com/doppel-dev/doppel/csvio"
)

// Kind says how the cells of a column are written and read back.
type Kind uint8

const (
	// Exact cells are written as they are: ids, sources, numbers, labels.
	Exact Kind = iota
	// Sheet cells are spreadsheet-bound values: csvio.EscapeFormula on
	// write, csvio.UnescapeFormula on read (lossy for values that already
	// start with a quote and a formula character).
	Sheet
	// Reversible cells are spreadsheet-bound ids that must read back
	// exactly: EscapeReversible on write, UnescapeReversible on read.
	Reversible
)

// Encode returns s as written in a cell of kind k.
func (k Kind) Encode(s string) string {
	switch k {
	case Sheet:
		return csvio.EscapeFormula(s)
	case Reversible:
		return EscapeReversible(s)
	}
	return s
}

// Decode returns the value of a cell of kind k read back from a file.
func (k Kind) Decode(s string) string {
	switch k {
	case Sheet:
		return csvio.UnescapeFormula(s)
	case Reversible:
		return UnescapeReversible(s)
	}
	return s
}

// EscapeReversible escapes s against formula injection like
// csvio.EscapeFormula, and also gives one more leading quote to a value that
// itself starts with a quote followed by a formula character or another
// quote, so that the escape is injective: UnescapeReversible(EscapeReversible(s)) == s
// for every s.
func EscapeReversible(s string) string {
	if quoted(s) || csvio.EscapeFormula(s) != s {
		return "'" + s
	}
	return s
}

// UnescapeReversible undoes EscapeReversible: a leading quote before a
// formula character ('=', '+', '-', '@', tab, CR) or another quote is
// removed.
func UnescapeReversible(s string) string {
	if quoted(s) {
		return s[1:]
	}
	return s
}

// quoted reports whether s starts with a quote followed by a formula
// character or a quote.
func quoted(s string) bool {
	if len(s) < 2 || s[0] != '\'' {
		return false
	}
	switch s[1] {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return true
	}
	return false
}

// Column is a fixed column of a file.
type Column struct {
	Name string
	Kind Kind
}

// File is one file of a run's output folder.
type File uint8

// The files of a run, in the order a Batch renames them into place:
// report.html just before summary.json, and summary.json last, so that a
// summary never describes outputs that are not all in place. Overrides is
// not an output but the steward's overrides file, read through the same
// declarations.
const (
	Crosswalk File = iota
	Golden
	Lineage
	Pairs
	Rejects
	Review
	Records
	Households
	Report
	Summary
	Overrides
	numFiles
)

// spec is the declaration of one file.
type spec struct {
	name string
	cols []Column
	rest Kind // kind of the columns after cols (per-field or per-comparison columns)
	csv  bool
}

// specOf returns the declaration of f.
func specOf(f File) spec {
	switch f {
	case Crosswalk:
		return spec{name: "crosswalk.csv", cols: ex("source", "record_id", "golden_id"), csv: true}
	case Golden:
		// The per-field columns that follow are golden values.
		return spec{name: "golden.csv", cols: ex("golden_id", "members", "sources", "household_id"), rest: Sheet, csv: true}
	case Lineage:
		return spec{name: "lineage.csv", cols: []Column{{"golden_id", Exact}, {"field", Exact}, {"value", Sheet},
			{"source", Exact}, {"record_id", Exact}, {"rule", Exact}, {"alternatives", Exact}}, csv: true}
	case Pairs:
		// Per comparison: its level (a fixed label) and weight.
		return spec{name: "pairs.csv", cols: ex("source_a", "record_id_a", "source_b", "record_id_b",
			"golden_id_a", "golden_id_b", "weight", "probability", "match", "conflict"), csv: true}
	case Rejects:
		return spec{name: "rejects.csv", cols: []Column{{"source", Exact}, {"file", Sheet}, {"line", Exact},
			{"column", Exact}, {"reason", Sheet}, {"raw", Sheet}}, csv: true}
	case Review:
		// The steward's file: ids escaped, reversibly (see the package doc).
		return spec{name: "review.csv", cols: []Column{{"decision", Exact},
			{"source_a", Reversible}, {"record_id_a", Reversible}, {"source_b", Reversible}, {"record_id_b", Reversible},
			{"probability", Exact}, {"weight", Exact}, {"linked", Exact}}, rest: Sheet, csv: true}
	case Records:
		return spec{name: "records.csv", cols: ex("source", "record_id", "line", "golden_id"), rest: Sheet, csv: true}
	case Households:
		// Golden records of different people who live together: grouped,
		// not merged.
		return spec{name: "households.csv", cols: ex("household_id", "golden_ids", "size", "shared"), csv: true}
	case Report:
		return spec{name: "report.html"}
	case Summary:
		return spec{name: "summary.json"}
	case Overrides:
		// A steward's file, edited in a spreadsheet like review.csv.
		return spec{name: "overrides.csv", cols: []Column{{"golden_id", Exact}, {"source", Reversible},
			{"record_id", Reversible}, {"field", Exact}, {"value", Exact}}, csv: true}
	}
	return spec{}
}

// ex declares exact columns.
func ex(names ...string) []Column {
	c := make([]Column, len(names))
	for i, n := range names {
		c[i] = Column{n, Exact}
	}
	return c
}

// Outputs returns the files a dedupe run writes, in commit order.
func Outputs() []File {
	return []File{Crosswalk, Golden, Lineage, Pairs, Rejects, Review, Records, Households, Report, Summary}
}

// Name returns the file name in the output folder.
func (f File) Name() string { return specOf(f).name }

// String returns the file name.
func (f File) String() string { return f.Name() }

// Columns returns the fixed leading columns of a CSV file (nil for
// report.html and summary.json).
func (f File) Columns() []Column { return slices.Clone(specOf(f).cols) }

// Header returns the names of the fixed columns.
func (f File) Header() []string {
	var h []string
	for _, c := range specOf(f).cols {
		h = append(h, c.Name)
	}
	return h
}

// Kind returns the kind of the column named name (compared ignoring case
// and surrounding space); columns that are not fixed have the kind of the
// file's per-field columns.
func (f File) Kind(name string) Kind {
	s := specOf(f)
	name = strings.ToLower(strings.TrimSpace(name))
	for _, c := range s.cols {
		if c.Name == name {
			return c.Kind
		}
	}
	return s.rest
}

// kinds returns the kind of every column of header.
func (f File) kinds(header []string) []Kind {
	k := make([]Kind, len(header))
	for i, h := range header {
		k[i] = f.Kind(h)
	}
	return k
}

// checkHeader fails unless header starts with the fixed columns of f.
func (f File) checkHeader(header []string) error {
	s := specOf(f)
	if !s.csv {
		return fmt.Errorf("%s is not a CSV file", s.name)
	}
	if len(header) < len(s.cols) {
		return fmt.Errorf("header %q lacks the columns %q", header, f.Header())
	}
	for i, c := range s.cols {
		if header[i] != c.Name {
			return fmt.Errorf("column %d is %q, want %q", i+1, header[i], c.Name)
		}
	}
	return nil
}
