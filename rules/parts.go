package rules

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/doppel-dev/doppel"
)

// A column.* line maps a column to a whole field ("column.dob =
// birth_date") or to one part of a composite field, written
// <field>.<part>: a date split over columns has the parts year, month and
// day ("column.by = birth_date.year"), and a name, text, address or phone
// field split over columns has numbered components joined with a space in
// their number order ("column.fname_c1 = given_name.1"). These are the
// composites Mapping.Parts holds and AutoMap finds by header.

// maxComponent is the highest component number of a field part.
const maxComponent = 9

// datePartNames returns the names of a date field's parts, in
// Mapping.Parts order (dateYear, dateMonth, dateDay).
func datePartNames() []string { return []string{"year", "month", "day"} }

// fieldPart is the parsed value of a column.* line that is not "ignore":
// a field, whole or one of its parts.
type fieldPart struct {
	field doppel.Field
	// part is 0 for the whole field; for a date field 1 + its role
	// (dateYear, dateMonth, dateDay); for another field the component
	// number, 1 to maxComponent.
	part int
}

// String writes the part as a rules file does: "birth_date",
// "birth_date.year", "given_name.2".
func (fp fieldPart) String() string {
	switch {
	case fp.part == 0:
		return fp.field.String()
	case isDateField(fp.field):
		return fp.field.String() + "." + datePartNames()[fp.part-1]
	}
	return fp.field.String() + "." + strconv.Itoa(fp.part)
}

// isDateField reports whether f is read as a calendar date, so that its
// parts are year, month and day.
func isDateField(f doppel.Field) bool { return f.Kind() == doppel.KindDate }

// splittable reports whether f may be built from numbered components:
// fields whose components joined with a space read as one value.
func splittable(f doppel.Field) bool {
	switch f.Kind() {
	case doppel.KindName, doppel.KindFullName, doppel.KindText, doppel.KindAddress, doppel.KindPhone:
		return true
	}
	return false
}

// errUnknownField is wrapped by parseTarget when the value names no field,
// so that callers can phrase the message with their hints.
var errUnknownField = errors.New("unknown field")

// parseTarget parses the lower-case value of a column.* line (not
// "ignore"): a field name, or a field and one of its parts after a dot.
func parseTarget(v string) (fieldPart, error) {
	name, part, dotted := strings.Cut(v, ".")
	f, ok := doppel.ParseField(name)
	if !ok {
		return fieldPart{}, errUnknownField
	}
	if !dotted {
		return fieldPart{field: f}, nil
	}
	switch {
	case isDateField(f):
		for role, p := range datePartNames() {
			if part == p {
				return fieldPart{field: f, part: role + 1}, nil
			}
		}
		return fieldPart{}, fmt.Errorf("unknown part %q of %s%s; a date's parts are %s.year, %s.month and %s.day",
			part, f, didYouMean(part, datePartNames()), f, f, f)
	case splittable(f):
		n, err := strconv.Atoi(part)
		if err != nil || n < 1 || n > maxComponent || part != strconv.Itoa(n) {
			return fieldPart{}, fmt.Errorf("unknown part %q of %s; its parts are numbered %s.1, %s.2 ... %s.%d in the order they are joined",
				part, f, f, f, f, maxComponent)
		}
		return fieldPart{field: f, part: n}, nil
	}
	return fieldPart{}, fmt.Errorf("%s cannot be split over columns; parts are for dates (birth_date.year, .month, .day) and for name, text, address and phone fields (given_name.1, given_name.2)", f)
}

// partLine is one column.* line that maps a part, for the checks of a
// whole section.
type partLine struct {
	header string // the column.* header
	part   int    // as fieldPart.part
	line   int    // its line in the rules file (0: not from a file)
}

// claims records which column.* line maps each field, whole or in parts,
// for the parser (lines from the file) and Source.Apply (a section built in
// code: line 0).
type claims struct {
	whole map[doppel.Field]partLine // field mapped whole -> its column.* line
	part  map[fieldPart]partLine    // field part -> its column.* line
	parts map[doppel.Field][]partLine
}

func newClaims() *claims {
	return &claims{whole: map[doppel.Field]partLine{}, part: map[fieldPart]partLine{}, parts: map[doppel.Field][]partLine{}}
}

// claim records that line l maps its column (l.header) to fp, or returns
// why it cannot: a field or a part mapped twice, or a field mapped both
// whole and in parts.
func (c *claims) claim(l partLine, fp fieldPart) string {
	at := func(p partLine) string {
		if p.line > 0 {
			return fmt.Sprintf(" at line %d", p.line)
		}
		return ""
	}
	f := fp.field
	if prev, dup := c.whole[f]; dup {
		if fp.part == 0 {
			return fmt.Sprintf("column.%s: field %s is already mapped from column.%s%s", l.header, f, prev.header, at(prev))
		}
		return fmt.Sprintf("column.%s: %s is mapped whole from column.%s%s; map it whole or in parts, not both", l.header, f, prev.header, at(prev))
	}
	if fp.part == 0 {
		if ps := c.parts[f]; len(ps) > 0 {
			return fmt.Sprintf("column.%s: %s is mapped in parts from column.%s%s (%s); map it whole or in parts, not both",
				l.header, f, ps[0].header, at(ps[0]), fieldPart{f, ps[0].part})
		}
		c.whole[f] = l
		return ""
	}
	if prev, dup := c.part[fp]; dup {
		return fmt.Sprintf("column.%s: %s is already mapped from column.%s%s", l.header, fp, prev.header, at(prev))
	}
	l.part = fp.part
	c.part[fp] = l
	c.parts[f] = append(c.parts[f], l)
	return ""
}

// partProblems checks the parts of one field f, as mapped by the column.*
// lines in lines (any order): a date needs its year, and its day needs the
// month; numbered components run from 1 without a gap, and there are at
// least two of them. It returns the header of the column at fault and the
// message for each problem, in part order.
func partProblems(f doppel.Field, lines []partLine) (headers, msgs []string) {
	lines = slices.Clone(lines)
	slices.SortFunc(lines, func(a, b partLine) int { return a.part - b.part })
	has := func(part int) bool {
		return slices.ContainsFunc(lines, func(l partLine) bool { return l.part == part })
	}
	add := func(h, format string, args ...any) {
		headers = append(headers, h)
		msgs = append(msgs, fmt.Sprintf(format, args...))
	}
	if isDateField(f) {
		year, month, day := fieldPart{f, dateYear + 1}, fieldPart{f, dateMonth + 1}, fieldPart{f, dateDay + 1}
		for _, l := range lines {
			switch {
			case !has(year.part):
				add(l.header, "%s without %s: a date split over columns needs its year column", fieldPart{f, l.part}, year)
			case l.part == day.part && !has(month.part):
				add(l.header, "%s without %s: a day is only read with its month", day, month)
			}
		}
		return headers, msgs
	}
	if len(lines) == 1 {
		add(lines[0].header, "%s is the only part of %s: map a single column as %s", fieldPart{f, lines[0].part}, f, f)
		return headers, msgs
	}
	for _, l := range lines {
		if l.part > 1 && !has(l.part-1) {
			add(l.header, "%s without %s: components are numbered from 1 without a gap", fieldPart{f, l.part}, fieldPart{f, l.part - 1})
		}
	}
	return headers, msgs
}

// composite builds Mapping.Parts for field f from the columns of its
// parts (part -> column index), as partProblems found them complete.
func composite(f doppel.Field, cols map[int]int) []int {
	if isDateField(f) {
		ps := []int{-1, -1, -1}
		for part, c := range cols {
			ps[part-1] = c
		}
		return ps
	}
	parts := make([]int, 0, len(cols))
	for part := range cols {
		parts = append(parts, part)
	}
	slices.Sort(parts)
	ps := make([]int, len(parts))
	for i, part := range parts {
		ps[i] = cols[part]
	}
	return ps
}
