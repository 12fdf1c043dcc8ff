package normalize

import "strings"

// Date orders for ambiguous numeric dates, as in Options.DateOrder.
const (
	DMY = "DMY" // day first: 07/08/1999 is 7 August
	MDY = "MDY" // month first: 07/08/1999 is July 8
	YMD = "YMD" // year first: 1999-08-07; an all-two-digit 99/08/07 is YY/MM/DD
)

// parseOrder parses a date order ("" is DMY), case-insensitive.
func parseOrder(s string) (dateOrder, bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", DMY:
		return orderDMY, true
	case MDY:
		return orderMDY, true
	case YMD:
		return orderYMD, true
	}
	return 0, false
}

// DateInOrder parses s like Date, but reads every numeric date with the
// year last in the given order only ("DMY", "MDY" or "YMD", where YMD reads
// them day first as Date does; "" is the Normalizer's order): a part above
// 12 does not switch the order, so under MDY "28/10/1980" is not a date
// (ok false) while Date would read 28 October. Dates with the year first
// (1980-10-28), month names and dotted dates (28.10.1980, always day first)
// read as with Date. An unknown order gives ok false.
func (n *Normalizer) DateInOrder(s, order string) (Date, bool) {
	o := n.order
	if order != "" {
		var ok bool
		if o, ok = parseOrder(order); !ok {
			return Date{}, false
		}
	}
	return n.parseDate(s, o, true)
}

// DateIn is DateInOrder with order, or Date when order is "".
func (n *Normalizer) DateIn(s, order string) (Date, bool) {
	if order == "" {
		return n.Date(s)
	}
	return n.DateInOrder(s, order)
}

// DateOrderEvidence counts what the values of a column show about the
// order of their numeric dates. Every value counts in exactly one field.
type DateOrderEvidence struct {
	DayFirst   int // year-last dates whose first part is a day above 12 (28/10/1980): only day first reads them
	MonthFirst int // year-last dates whose second part is above 12 (10/28/1980): only month first reads them
	YearFirst  int // dates with a four-digit year first (1980-10-28): read the same in every order
	Ambiguous  int // year-last dates with both parts 12 or less (07/08/1999): the order decides
	Other      int // no evidence: month names, partial dates, empty values, no date in any order
}

// Add adds the counts of o to e.
func (e *DateOrderEvidence) Add(o DateOrderEvidence) {
	e.DayFirst += o.DayFirst
	e.MonthFirst += o.MonthFirst
	e.YearFirst += o.YearFirst
	e.Ambiguous += o.Ambiguous
	e.Other += o.Other
}

// Contradictory reports whether some values prove day first and others
// month first: the column mixes orders, and no single order reads all of
// its values.
func (e DateOrderEvidence) Contradictory() bool { return e.DayFirst > 0 && e.MonthFirst > 0 }

// Order returns the order that reads the column best: DMY when values prove
// day first and none (or fewer) prove month first, MDY the other way round;
// YMD when every numeric date has its year first; otherwise (no evidence,
// only ambiguous dates, or as many day-first as month-first values) the
// fallback ("" or an unknown order is DMY, as in Options.DateOrder). When
// Contradictory, the order is that of the majority, and the values of the
// minority are misread under it or not dates in it (see DateInOrder).
func (e DateOrderEvidence) Order(fallback string) string {
	fb := DMY
	if o, ok := parseOrder(fallback); ok {
		fb = [...]string{DMY, MDY, YMD}[o]
	}
	switch {
	case e.DayFirst > e.MonthFirst:
		return DMY
	case e.MonthFirst > e.DayFirst:
		return MDY
	case e.DayFirst > 0: // a tie
		if fb == MDY {
			return MDY
		}
		return DMY
	case e.YearFirst > 0 && e.Ambiguous == 0:
		return YMD
	}
	return fb
}

// DateEvidence returns what one value shows about its column's date order
// (exactly one count is 1).
func (n *Normalizer) DateEvidence(s string) DateOrderEvidence {
	var toks [4]dateTok
	nt, monthAt, ok := n.dateTokens(s, &toks)
	if !ok || monthAt >= 0 {
		return DateOrderEvidence{Other: 1}
	}
	t := toks[:nt]
	var p, q, y int
	switch {
	case nt == 1 && t[0].digits == 8:
		v := t[0].val
		if d := (Date{Y: v / 10000, M: v / 100 % 100, D: v % 100}); d.Y >= 1000 && validDate(d) {
			return DateOrderEvidence{YearFirst: 1}
		}
		p, q, y = v/1000000, v/10000%100, v%10000
		if y < 1000 {
			return DateOrderEvidence{Other: 1}
		}
	case nt == 3 && t[0].digits == 4:
		if _, ok := n.dateFromTokens(t, -1, orderYMD, true); ok {
			return DateOrderEvidence{YearFirst: 1}
		}
		return DateOrderEvidence{Other: 1}
	case nt == 3 && t[0].digits <= 2 && t[1].digits <= 2 && (t[2].digits == 2 || t[2].digits == 4):
		var ok bool
		if y, ok = n.year(t[2]); !ok {
			return DateOrderEvidence{Other: 1}
		}
		p, q = t[0].val, t[1].val
	default:
		return DateOrderEvidence{Other: 1}
	}
	dayFirst := validDate(Date{Y: y, M: q, D: p})
	monthFirst := validDate(Date{Y: y, M: p, D: q})
	switch {
	case dayFirst && monthFirst:
		return DateOrderEvidence{Ambiguous: 1}
	case dayFirst:
		return DateOrderEvidence{DayFirst: 1}
	case monthFirst:
		return DateOrderEvidence{MonthFirst: 1}
	}
	return DateOrderEvidence{Other: 1}
}

// InferDateOrder decides one date order ("DMY", "MDY" or "YMD") for a
// column from a sample of its values, with the evidence it is based on (see
// DateOrderEvidence.Order; fallback is the order when the values do not
// decide). Read the column's values with DateInOrder and that order, and
// report a Contradictory column as a quality problem: no order reads all of
// its values right.
func (n *Normalizer) InferDateOrder(values []string, fallback string) (order string, evidence DateOrderEvidence) {
	for _, v := range values {
		evidence.Add(n.DateEvidence(v))
	}
	return evidence.Order(fallback), evidence
}
