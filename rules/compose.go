package rules

import (
	"strconv"
	"strings"
	"unsafe"

	"github.com/doppel-dev/doppel"
)

// ColumnName names the column or columns that feed field f, for summaries
// and --verbose output: the header of its column, its parts joined with
// " + " for a composite field ("by + bm + bd"), or "" when f is unmapped.
// A column past the end of header is named "column N" (1-based).
func (m Mapping) ColumnName(f doppel.Field, header []string) string {
	if f >= doppel.NumFields {
		return ""
	}
	name := func(c int) string {
		if c < len(header) {
			return header[c]
		}
		return "column " + strconv.Itoa(c+1)
	}
	if ps := m.Parts[f]; len(ps) > 0 {
		var b strings.Builder
		for _, c := range ps {
			if c < 0 {
				continue
			}
			if b.Len() > 0 {
				b.WriteString(" + ")
			}
			b.WriteString(name(c))
		}
		return b.String()
	}
	if c := m.Columns[f]; c >= 0 {
		return name(c)
	}
	return ""
}

// Values fills dst[f] with the value of every canonical field f for one
// input row (dst must hold doppel.NumFields entries; row cells past its end
// read as empty). Each cell is trimmed of surrounding white space. A
// single-column field is its cell, as the pipeline read it before
// composite fields existed. A composite field is built from its parts:
//
//   - a date field from its year, month and day columns as an ISO 8601
//     string that the date normaliser reads: "1980-10-28", "1980-10" when
//     the day is empty, "1980" when the month is empty too, "" when the
//     year is empty; one-digit months and days get a leading zero, and a
//     part that is all zeros ("0", "00") counts as empty, except a month
//     of zeros before a day: "1992-00-08" (a lost month, which the date
//     normaliser reads as the year and day);
//   - any other field from its non-empty components joined with one space
//     ("JAN" + "JUERGEN" = "JAN JUERGEN").
//
// Values does not allocate once scratch has grown to fit a row: composite
// values are built in scratch, which Values returns (pass it back on the
// next call). The composite strings in dst share scratch's memory and stay
// valid only until the next call with the same scratch; copy them (as
// doppel.NewRecord does) to keep them. Values is safe for concurrent use
// with distinct dst and scratch.
func (m *Mapping) Values(row, dst []string, scratch []byte) []byte {
	scratch = scratch[:0]
	need := 0
	for _, ps := range m.Parts {
		for _, c := range ps {
			if c >= 0 && c < len(row) {
				need += len(row[c]) + 2 // a separator and a padding zero at most
			}
		}
	}
	if cap(scratch) < need {
		// Grow once, before any string points into scratch.
		scratch = make([]byte, 0, max(need, 2*cap(scratch)))
	}
	for f := range doppel.NumFields {
		ps := m.Parts[f]
		if len(ps) == 0 {
			dst[f] = ""
			if c := m.Columns[f]; c >= 0 && c < len(row) {
				dst[f] = strings.TrimSpace(row[c])
			}
			continue
		}
		start := len(scratch)
		if doppel.Spec(f).Kind == doppel.KindDate {
			scratch = appendDate(scratch, row, ps)
		} else {
			for _, c := range ps {
				v := cell(row, c)
				if v == "" {
					continue
				}
				if len(scratch) > start {
					scratch = append(scratch, ' ')
				}
				scratch = append(scratch, v...)
			}
		}
		dst[f] = ""
		if n := len(scratch) - start; n > 0 {
			dst[f] = unsafe.String(&scratch[start], n)
		}
	}
	return scratch
}

// cell returns the trimmed cell c of row, "" for c < 0 or past the end.
func cell(row []string, c int) string {
	if c < 0 || c >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[c])
}

// appendDate appends the ISO 8601 form of a date split over the year, month
// and day columns ps (see Values) to b.
func appendDate(b []byte, row []string, ps []int) []byte {
	part := func(role int) string {
		if role >= len(ps) {
			return ""
		}
		v := cell(row, ps[role])
		if strings.Trim(v, "0") == "" {
			return ""
		}
		return v
	}
	y := part(dateYear)
	if y == "" {
		return b
	}
	b = append(b, y...)
	mo, d := part(dateMonth), part(dateDay)
	switch {
	case mo == "" && d != "" && role(ps, dateMonth) && cell(row, ps[dateMonth]) != "":
		// A month of zeros with a day ("1992", "0", "8"): the month was
		// lost, not the date; the year and day still tell something.
		return appendPadded(append(b, "-00-"...), d)
	case mo == "":
		return b
	}
	b = appendPadded(append(b, '-'), mo)
	if d != "" {
		b = appendPadded(append(b, '-'), d)
	}
	return b
}

// role reports whether the composite parts ps have a column for role.
func role(ps []int, role int) bool { return role < len(ps) && ps[role] >= 0 }

// appendPadded appends v, with a leading zero when it is one ASCII digit.
func appendPadded(b []byte, v string) []byte {
	if len(v) == 1 && v[0] >= '0' && v[0] <= '9' {
		b = append(b, '0')
	}
	return append(b, v...)
}
