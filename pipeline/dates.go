package pipeline

import (
	"fmt"
	"strings"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/normalize"
	"github.com/doppel-dev/doppel/rules"
)

// dateSample is the most values per source and date column whose
// evidence decides the column's date order.
const dateSample = 20000

// misfitShare is the share of a column's sampled non-empty dates above
// which a forced date order that cannot read them is a problem (a warning,
// or an input error under --strict).
const misfitShare = 0.05

// dateColumn is what the sampled values of one date column show about the
// order of its numeric dates, and the order it is read in.
type dateColumn struct {
	field  doppel.Field
	column string // the column or columns it comes from ("dob", "by + bm + bd")
	order  string // DMY, MDY or YMD: the order it is read in
	// forcedBy names the setting that forces order ("" = the values decide).
	forcedBy string
	ev       normalize.DateOrderEvidence
	values   int // non-empty values sampled
	// unreadable counts the sampled values that some order reads but order
	// does not (only for a forced order); example is the first of them.
	unreadable int
	example    string
	// dayFirst and monthFirst are the first values that prove each order.
	dayFirst, monthFirst string
}

// sampleDateColumn decides the order of a date column from up to
// dateSample of its count values (value(i) is the i-th, evenly spaced),
// or takes forced (set by forcedBy) when it is not "". A column is never
// read in two orders: in 10/28/1980 and 07/08/1999 of one column, the
// first decides the second. Without forced the values decide (see
// normalize.DateOrderEvidence), falling back to DMY.
func sampleDateColumn(n *normalize.Normalizer, f doppel.Field, column, forced, forcedBy string, count int, value func(int) string) dateColumn {
	d := dateColumn{field: f, column: column, order: forced, forcedBy: forcedBy}
	step := max(1, count/dateSample)
	for i := 0; i < count; i += step {
		v := value(i)
		if v == "" {
			continue
		}
		d.values++
		e := n.DateEvidence(v)
		d.ev.Add(e)
		// Examples are copied: value may build v in memory it reuses.
		switch {
		case e.DayFirst > 0 && d.dayFirst == "":
			d.dayFirst = strings.Clone(v)
		case e.MonthFirst > 0 && d.monthFirst == "":
			d.monthFirst = strings.Clone(v)
		}
		if forced != "" && e.DayFirst+e.MonthFirst > 0 {
			if _, ok := n.DateInOrder(v, forced); !ok {
				d.unreadable++
				if d.example == "" {
					d.example = strings.Clone(v)
				}
			}
		}
	}
	if d.order == "" {
		d.order = d.ev.Order(normalize.DMY)
	}
	return d
}

// misfit reports whether a forced order leaves more than misfitShare of
// the column's sampled dates unreadable.
func (d dateColumn) misfit() bool {
	return d.forcedBy != "" && d.values > 0 && float64(d.unreadable) > misfitShare*float64(d.values)
}

// evidence describes what the values show, for --verbose and
// --suggest-rules: "25 values: 12 month first (e.g. "10/28/1980"),
// 3 year first, 10 either way".
func (d dateColumn) evidence() string {
	var parts []string
	for _, c := range []struct {
		n             int
		what, example string
	}{
		{d.ev.DayFirst, "day first", d.dayFirst}, {d.ev.MonthFirst, "month first", d.monthFirst},
		{d.ev.YearFirst, "year first", ""}, {d.ev.Ambiguous, "either way", ""},
	} {
		switch {
		case c.n == 0:
		case c.example != "":
			parts = append(parts, fmt.Sprintf("%d %s (e.g. %q)", c.n, c.what, c.example))
		default:
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%d values, none a numeric date", d.values)
	}
	return fmt.Sprintf("%d values: %s", d.values, strings.Join(parts, ", "))
}

// describe says in which order the column is read and why, for --verbose.
func (d dateColumn) describe() string {
	how := "from its values"
	switch {
	case d.forcedBy != "":
		how = "as forced by " + d.forcedBy
	case d.ev.Contradictory():
		how = "from most of its values: they mix orders, and the others count as invalid"
	case d.ev.DayFirst+d.ev.MonthFirst == 0 && d.ev.YearFirst > 0 && d.ev.Ambiguous == 0:
		how = "as every date has its year first"
	case d.ev.DayFirst+d.ev.MonthFirst == 0:
		how = "by default: no value shows the order"
	}
	text := fmt.Sprintf("%s (column %q) read %s, %s; sampled %s", d.field, d.column, d.order, how, d.evidence())
	if d.unreadable > 0 {
		text += fmt.Sprintf("; %s cannot read %d of them", d.order, d.unreadable)
	}
	return text
}

// forcedOrder returns the order date field f of a source is read in when
// a setting forces one, and the setting, from the first that applies: the
// source's date_order.<f>, its date_order, and the run's (--date-order, or
// date_order in [match]). "" leaves the order to the column's values.
func forcedOrder(src rules.Source, f doppel.Field, plan *rules.Plan) (order, by string) {
	of := ""
	if plan.Rules != nil && plan.Rules.File != "" {
		of = " of " + plan.Rules.File
	}
	if order, key := src.DateOrderOf(f); order != "" {
		return order, fmt.Sprintf("%s = %s in [source %s]%s", key, order, src.Name, of)
	}
	switch {
	case plan.DateOrder == "":
		return "", ""
	case plan.Rules != nil && plan.Rules.Match.DateOrder == plan.DateOrder:
		return plan.DateOrder, fmt.Sprintf("date_order = %s in [match]%s", plan.DateOrder, of)
	}
	return plan.DateOrder, "--date-order " + plan.DateOrder
}

// inferDateOrders decides, per source and date column, the one order its
// numeric dates are read in (see sampleDateColumn), from the source's
// records as read; it runs before checkInputs, which reports the columns
// that mix orders and forced orders that do not fit.
func (r *run) inferDateOrders() error {
	n, err := normalize.New(normalize.Options{Region: "US"})
	if err != nil {
		return err
	}
	for _, in := range r.inputs {
		for _, f := range doppel.DateFields() {
			column, mapped := in.info.Mapping[f.String()]
			if !mapped {
				continue
			}
			forced, by := forcedOrder(in.src, f, r.plan)
			d := sampleDateColumn(n, f, column, forced, by, len(in.records), func(i int) string { return in.records[i].Get(f) })
			in.dates = append(in.dates, d)
			in.dateOrders[f] = d.order
			if in.info.DateOrders == nil {
				in.info.DateOrders = map[string]string{}
			}
			in.info.DateOrders[f.String()] = d.order
		}
	}
	return nil
}
