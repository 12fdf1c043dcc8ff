package rules

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doppel-dev/doppel"
)

// SuggestRules prints mapping m of header (as InferMapping or Source.Infer
// made it) as a [source NAME] rules-file section a person can edit and pass
// back with --rules: an "id = ..." line for the record-id column, a
// "column.<header> = <field>" line for every column that feeds one field,
// "column.<header> = <field>.<part>" for every column that feeds a part of
// a composite field (birth_date.year, given_name.1; see Source.Apply) and
// "column.<header> = ignore" for every column that feeds none, each with
// the decision's evidence and confidence as a comment (decisions may be
// nil or shorter than header: then there is no comment).
//
// Columns a column.* line cannot name (an empty header, one that contains
// a double quote, or a repeated header after its first occurrence) are
// listed as comments and left to the automatic mapping; so are all the
// columns of a composite field when one of them cannot be named.
//
// Parse accepts the text, and the section's Apply on the same header
// gives m back (the same Columns, Parts and ID). SuggestRules is safe for
// concurrent use.
//
// dates, when not empty, are the source's date columns (see DateOrderNote):
// SuggestRules then writes a date_order line, active when one order reads
// every date column as the run reads it and the values (or a setting)
// decide it; when the columns read in different orders, a
// date_order.<field> line per column whose order matters (active when
// decided); else a comment that says why. One comment line per column
// follows.
func SuggestRules(header []string, m Mapping, decisions []Decision, sourceName string, dates []DateOrderNote) string {
	var b strings.Builder
	name := sanitizeName(sourceName)
	fmt.Fprintf(&b, "# doppel rules for source %s, inferred from its header and a sample of its rows.\n", strings.Trim(quoteRulesValue(name), `"`))
	b.WriteString("# Check each line, correct what is wrong and pass the file with --rules.\n")
	b.WriteString("# Lines whose header was \"not recognised\" were decided by the values alone: check those first.\n")
	b.WriteString("# \"ignore\" feeds no field; field.part (birth_date.year, given_name.1) feeds one part of a field split over columns.\n")
	fmt.Fprintf(&b, "[source %s]\n", quoteRulesValue(name))

	// partOf[i] is the part column i feeds, when every column of its
	// field can be named; unnamed[f] marks composites that cannot.
	partOf := make([]string, len(header))
	inParts := make([]bool, len(header))
	var unnamed [doppel.NumFields]bool
	for f, ps := range m.Parts {
		for k, c := range ps {
			if c < 0 || c >= len(header) {
				continue
			}
			inParts[c] = true
			if _, ok := columnKey(header, c); !ok {
				unnamed[f] = true
			}
			part := k + 1 // a component's number, or a date part's role + 1
			partOf[c] = fieldPart{field: doppel.Field(f), part: part}.String()
		}
	}
	type line struct{ text, comment string }
	var lines []line
	comment := func(i int) string {
		if i < len(decisions) && decisions[i].Column == i && decisions[i].Evidence != "" {
			return fmt.Sprintf("%s (confidence %.2f)", decisions[i].Evidence, decisions[i].Confidence)
		}
		return ""
	}
	for i, h := range header {
		key, ok := columnKey(header, i)
		switch {
		case inParts[i] && unnamed[partField(m, i)]:
			continue // listed with its composite field below
		case !ok:
			lines = append(lines, line{fmt.Sprintf("# column %d %q cannot be named in a rules file; it feeds %s", i+1, h, target(m, i)), ""})
		case inParts[i]:
			lines = append(lines, line{"column." + key + " = " + partOf[i], comment(i)})
		case m.ID == i:
			lines = append(lines, line{"id = " + key, comment(i)})
		default:
			lines = append(lines, line{"column." + key + " = " + columnTarget(m, i), comment(i)})
		}
	}
	for f := range doppel.NumFields {
		if len(m.Parts[f]) == 0 || !unnamed[f] {
			continue
		}
		text := fmt.Sprintf("# %s -> %s: one field from several columns, not all of which a rules file can name; the automatic mapping finds them by their headers (keep auto on)",
			m.ColumnName(f, header), f)
		lines = append(lines, line{text, ""})
	}
	if len(dates) > 0 {
		for _, l := range dateOrderLines(dates) {
			lines = append(lines, line{l[0], l[1]})
		}
		for _, d := range dates {
			lines = append(lines, line{"#   " + oneLine(d.Text), ""})
		}
	}
	width := 0
	for _, l := range lines {
		if l.comment != "" {
			width = max(width, utf8.RuneCountInString(l.text))
		}
	}
	for _, l := range lines {
		b.WriteString(l.text)
		if l.comment != "" {
			b.WriteString(strings.Repeat(" ", width-utf8.RuneCountInString(l.text)))
			b.WriteString("  # ")
			b.WriteString(oneLine(l.comment))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// DateOrderNote is how one date column of a source is read, for the
// date_order lines of SuggestRules.
type DateOrderNote struct {
	Field doppel.Field // the date field the column feeds
	Order string       // DMY, MDY or YMD: the order the column's numeric dates are read in
	// Decided is set when a setting forces Order or the values prove it
	// (some are read only in Order, none only in another).
	Decided bool
	// Neutral is set when no value of the column reads differently in
	// another order (dates with the year first, or none): any date_order
	// reads it as the run does.
	Neutral bool
	Text    string // the column, its order and the evidence, in words
}

// dateOrderLines are the date_order lines for a source's date columns,
// each a text and its comment: one active date_order line when the
// decided columns agree on one order and every other column reads the
// same in it; a date_order.<field> line per column that does not read the
// same in every order when they do not (active for a decided column,
// commented out for one whose values do not decide); else one comment
// saying why.
func dateOrderLines(dates []DateOrderNote) [][2]string {
	if !slices.ContainsFunc(dates, func(d DateOrderNote) bool { return !d.Neutral }) {
		return [][2]string{{"# date_order: not needed, no date below reads differently in another order", ""}}
	}
	order, agree := "", true
	for _, d := range dates {
		switch {
		case !d.Decided:
		case order == "":
			order = d.Order
		case d.Order != order:
			agree = false
		}
	}
	for _, d := range dates {
		if !d.Decided && !d.Neutral && d.Order != order {
			agree = false
		}
	}
	switch {
	case order != "" && agree:
		return [][2]string{{"date_order = " + order, fmt.Sprintf("numeric dates such as 03/04/1980 are read %s first in every date column below", firstOf(order))}}
	case order == "":
		// The order of a column that does not read the same in every
		// order (an ISO column is neutral, and its YMD would not read the
		// others).
		first := dates[slices.IndexFunc(dates, func(d DateOrderNote) bool { return !d.Neutral })]
		return [][2]string{{"# date_order = " + first.Order, "the values do not decide the order (below): uncomment and correct this line to set one"}}
	}
	var lines [][2]string
	for _, d := range dates {
		switch {
		case d.Neutral:
		case d.Decided:
			lines = append(lines, [2]string{fmt.Sprintf("date_order.%s = %s", d.Field, d.Order),
				fmt.Sprintf("%s is read %s first; the date columns below read in different orders", d.Field, firstOf(d.Order))})
		default:
			lines = append(lines, [2]string{fmt.Sprintf("# date_order.%s = %s", d.Field, d.Order),
				fmt.Sprintf("the values of %s do not decide its order (below): uncomment and correct this line to set one", d.Field)})
		}
	}
	return lines
}

// firstOf names the part a date order puts first: "day", "month" or "year".
func firstOf(order string) string {
	return map[string]string{"DMY": "day", "MDY": "month", "YMD": "year"}[order]
}

// partField returns the composite field that column i is a part of (only
// called for such a column).
func partField(m Mapping, i int) doppel.Field {
	for f, ps := range m.Parts {
		if slices.Contains(ps, i) {
			return doppel.Field(f)
		}
	}
	return doppel.NumFields
}

// columnTarget is the value of column i's column.* line: its field, or
// "ignore".
func columnTarget(m Mapping, i int) string {
	for f, c := range m.Columns {
		if c == i && len(m.Parts[f]) == 0 {
			return doppel.Field(f).String()
		}
	}
	return ignoreTarget
}

// columnKey returns the header of column i as a rules file names it
// (quoted where needed), and false when no column.* line can name exactly
// this column.
func columnKey(header []string, i int) (string, bool) {
	h := strings.TrimSpace(header[i])
	if h == "" || strings.ContainsRune(h, '"') || strings.ContainsFunc(h, unicode.IsControl) {
		return "", false
	}
	if j, ok := findColumn(header, h); !ok || j != i {
		return "", false
	}
	return quoteRulesValue(h), true
}

// quoteRulesValue wraps s in double quotes when a rules file would
// otherwise read it differently (a '#', '=', ';', brackets or white space).
func quoteRulesValue(s string) string {
	if strings.ContainsAny(s, "#=;[]") || strings.ContainsFunc(s, unicode.IsSpace) {
		return `"` + s + `"`
	}
	return s
}

// sanitizeName makes a source name writable in a section header: double
// quotes and control characters become '_', and an empty name is "source".
func sanitizeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '"' || unicode.IsControl(r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		return "source"
	}
	return s
}

// oneLine keeps a comment on its line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}
