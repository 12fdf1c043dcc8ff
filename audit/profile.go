package audit

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/normalize"
)

// Sketch sizes.
const (
	topCapacity     = 256 // space-saving counters for values
	patternCapacity = 128 // space-saving counters for patterns
	topShown        = 10  // values and patterns reported
	examplesKept    = 5   // example values per finding
)

// Finding is one kind of problem in a column, with how many values have it
// and a few example values with their counts.
type Finding struct {
	Kind     string       `json:"kind"`
	Count    int64        `json:"count"`
	Examples []ValueCount `json:"examples"`
}

// finding accumulates one kind of problem. It keeps the counts of the
// first values seen (up to 64 distinct) and reports the most frequent.
type finding struct {
	count int64
	ex    map[string]int64
}

func (f *finding) add(v string) {
	f.count++
	if f.ex == nil {
		f.ex = make(map[string]int64)
	}
	if _, ok := f.ex[v]; ok || len(f.ex) < 64 {
		f.ex[v]++
	}
}

func (f *finding) report(kind string) Finding {
	out := Finding{Kind: kind, Count: f.count}
	for v, n := range f.ex {
		out.Examples = append(out.Examples, ValueCount{Value: v, Count: n})
	}
	slices.SortFunc(out.Examples, func(a, b ValueCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Value, b.Value)
	})
	if len(out.Examples) > examplesKept {
		out.Examples = out.Examples[:examplesKept]
	}
	return out
}

// Validity summarises the validation of a column's non-empty values.
type Validity struct {
	Checked int64     `json:"checked"` // values a validator could be applied to
	Valid   int64     `json:"valid"`
	Invalid int64     `json:"invalid"`
	Rate    float64   `json:"rate"`    // valid / checked (1 when nothing was checked)
	Reasons []Finding `json:"reasons"` // invalid values by reason, plus notes such as "partial date"
}

// Distinct is a distinct count and how it was obtained.
type Distinct struct {
	Count  int64   `json:"count"`
	Exact  bool    `json:"exact"`
	Method string  `json:"method"`         // "exact" or "hyperloglog"
	StdErr float64 `json:"rel_std_error"`  // relative standard error of an estimate; 0 when exact
	Note   string  `json:"note,omitempty"` // how to read the figure
}

// DateOrder is the one order a date column's numeric dates are read in,
// inferred from its values (normalize.DateOrderEvidence), with the counts it
// rests on. Mixed: some values prove day first and others month first, so
// no order reads them all (the minority are invalid in Order).
type DateOrder struct {
	Order      string `json:"order"`       // DMY, MDY or YMD
	Default    string `json:"default"`     // the source's date order, used when the values do not decide
	DayFirst   int    `json:"day_first"`   // values only day first reads (28/10/1980)
	MonthFirst int    `json:"month_first"` // values only month first reads (10/28/1980)
	YearFirst  int    `json:"year_first"`  // ISO dates (1980-10-28), read the same in every order
	Ambiguous  int    `json:"ambiguous"`   // both parts 12 or less (07/08/1999): read in Order
	Mixed      bool   `json:"mixed"`       // day-first and month-first values in one column
}

// Column is the profile of one column of one source.
type Column struct {
	Name      string           `json:"name"`
	Field     string           `json:"field"`                // canonical field it feeds; "" = unmapped, "id" = the record id
	Filled    int64            `json:"filled"`               // non-empty values (after trimming)
	Fill      float64          `json:"fill"`                 // filled / profiled rows
	Untrimmed int64            `json:"untrimmed"`            // values with leading or trailing white space
	MinLen    int              `json:"min_length"`           // in characters, of non-empty values
	MaxLen    int              `json:"max_length"`           //
	MeanLen   float64          `json:"mean_length"`          //
	Distinct  Distinct         `json:"distinct"`             //
	Top       []ValueCount     `json:"top_values"`           // most frequent values
	TopExact  bool             `json:"top_exact"`            // counts in Top are exact; else each is a guaranteed minimum (see ValueCount)
	Unique    bool             `json:"unique"`               // every non-empty value is distinct (exact distinct count equal to filled)
	Patterns  []ValueCount     `json:"top_patterns"`         // most frequent value patterns
	PatExact  bool             `json:"patterns_exact"`       //
	Validity  *Validity        `json:"validity"`             // nil for fields without a validator; dates are judged in DateOrder.Order
	DateOrder *DateOrder       `json:"date_order,omitempty"` // date fields only: the column's inferred order
	LostZeros int64            `json:"lost_leading_zeros"`
	Junk      []Finding        `json:"junk"`           // placeholder and junk values by kind
	JunkCount int64            `json:"junk_count"`     // values with any junk kind
	Encoding  []Finding        `json:"encoding"`       // encoding and script problems by kind
	EncCount  int64            `json:"encoding_count"` // values with any encoding problem
	Scripts   map[string]int64 `json:"scripts"`        // values by script of their letters ("mixed" for several)
}

// colProf accumulates the profile of one column. Not safe for concurrent use.
type colProf struct {
	name      string
	field     doppel.Field
	mapped    bool
	isID      bool
	filled    int64
	untrimmed int64
	minLen    int
	maxLen    int
	sumLen    int64
	dist      *distinct
	top       *topK
	pat       *topK
	checked   int64
	valid     int64
	reasons   map[string]*finding
	lostZero  int64
	junk      map[string]*finding
	junkCount int64
	enc       map[string]*finding
	encCount  int64
	scripts   map[string]int64
	buf       []byte
	dates     *dateProf // date fields only
}

// dateOrders returns the orders a date column is validated in, in the
// order of dateProf.by.
func dateOrders() [3]string { return [3]string{normalize.DMY, normalize.MDY, normalize.YMD} }

// dateProf validates a date column in every order at once, so that one
// streaming pass can judge it in the order its values turn out to have.
type dateProf struct {
	fallback string // the source's date order
	ev       normalize.DateOrderEvidence
	by       [3]dateValidity // in dateOrders() order
}

// dateValidity is the validity of a date column read in one order.
type dateValidity struct {
	checked, valid int64
	reasons        map[string]*finding
}

func (d *dateValidity) add(r Result, v string) {
	if !r.Checked {
		return
	}
	d.checked++
	if r.Valid {
		d.valid++
	}
	if r.Reason != "" {
		if d.reasons == nil {
			d.reasons = map[string]*finding{}
		}
		addFinding(d.reasons, r.Reason, v)
	}
}

// add validates the date v in every order.
func (d *dateProf) add(c *Checker, f doppel.Field, v string) {
	e := c.DateEvidence(v)
	d.ev.Add(e)
	if e.YearFirst > 0 { // read the same in every order
		r := c.ValidateDate(f, v, normalize.DMY)
		for i := range d.by {
			d.by[i].add(r, v)
		}
		return
	}
	for i, o := range dateOrders() {
		d.by[i].add(c.ValidateDate(f, v, o), v)
	}
}

// order returns the inferred order and its index in dateOrders.
func (d *dateProf) order() (string, int) {
	o := d.ev.Order(d.fallback)
	for i, x := range dateOrders() {
		if x == o {
			return o, i
		}
	}
	return normalize.DMY, 0
}

func newColProf(name string) *colProf {
	return &colProf{name: name, minLen: -1, dist: newDistinct(), top: newTopK(topCapacity), pat: newTopK(patternCapacity),
		reasons: map[string]*finding{}, junk: map[string]*finding{}, enc: map[string]*finding{}, scripts: map[string]int64{}}
}

func addFinding(m map[string]*finding, kind, v string) {
	f := m[kind]
	if f == nil {
		f = &finding{}
		m[kind] = f
	}
	f.add(v)
}

// add profiles one raw cell; country and region give the context of phone
// and postcode validation.
func (p *colProf) add(raw string, c *Checker, country, region string) {
	v := strings.TrimSpace(raw)
	if v == "" {
		return
	}
	p.filled++
	if len(v) != len(raw) {
		p.untrimmed++
	}
	n := utf8.RuneCountInString(v)
	if p.minLen < 0 || n < p.minLen {
		p.minLen = n
	}
	p.maxLen = max(p.maxLen, n)
	p.sumLen += int64(n)
	p.dist.add(v)
	p.top.add(v)
	p.buf = appendPattern(p.buf[:0], v)
	p.pat.addBytes(p.buf, "")
	issues, sc := EncodingIssues(v)
	if sc != "" {
		p.scripts[sc]++
	}
	for _, k := range issues {
		addFinding(p.enc, k, v)
	}
	if len(issues) > 0 {
		p.encCount++
	}
	if !p.mapped || p.isID {
		return
	}
	if p.dates != nil {
		p.dates.add(c, p.field, v)
	} else if Validated(p.field) {
		r := c.Validate(p.field, v, country, region)
		if r.Checked {
			p.checked++
			if r.Valid {
				p.valid++
			}
			if r.Reason != "" {
				addFinding(p.reasons, r.Reason, v)
			}
			if r.LostZero {
				p.lostZero++
			}
		}
	}
	if k := c.Junk(p.field, v); k != "" {
		p.junkCount++
		addFinding(p.junk, k, v)
	}
}

func findings(m map[string]*finding) []Finding {
	out := make([]Finding, 0, len(m))
	for k, f := range m {
		out = append(out, f.report(k))
	}
	slices.SortFunc(out, func(a, b Finding) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind, b.Kind)
	})
	return out
}

// report finishes the profile; rows is the number of profiled rows.
func (p *colProf) report(rows int64) Column {
	col := Column{Name: p.name, Filled: p.filled, Untrimmed: p.untrimmed, MinLen: max(p.minLen, 0), MaxLen: p.maxLen,
		LostZeros: p.lostZero, JunkCount: p.junkCount, EncCount: p.encCount, Scripts: p.scripts}
	switch {
	case p.isID:
		col.Field = "id"
	case p.mapped:
		col.Field = p.field.String()
	}
	if rows > 0 {
		col.Fill = float64(p.filled) / float64(rows)
	}
	if p.filled > 0 {
		col.MeanLen = float64(p.sumLen) / float64(p.filled)
	}
	n, exact := p.dist.count()
	col.Distinct = Distinct{Count: n, Exact: exact, Method: "exact"}
	if !exact {
		col.Distinct.Method = "hyperloglog"
		col.Distinct.StdErr = hllError
		col.Distinct.Note = "HyperLogLog estimate (2^14 registers): within ±1.6% of the true count in 95% of cases"
	}
	col.Top, col.TopExact = p.top.top(topShown)
	col.Unique = exact && n == p.filled && n > 0
	col.Patterns, col.PatExact = p.pat.top(topShown)
	if p.mapped && !p.isID && SharedCandidate(p.field) {
		// A value on implausibly many records: its guaranteed count is
		// above the limit.
		all, _ := p.top.top(topCapacity)
		f := &finding{}
		for _, vc := range all {
			if vc.Count > sharedLimit {
				f.count += vc.Count
				if f.ex == nil {
					f.ex = map[string]int64{}
				}
				f.ex[vc.Value] = vc.Count
			}
		}
		if f.count > 0 {
			p.junk[JunkShared] = f
		}
	}
	if p.mapped && !p.isID && Validated(p.field) && p.dates == nil {
		v := &Validity{Checked: p.checked, Valid: p.valid, Invalid: p.checked - p.valid, Rate: 1, Reasons: findings(p.reasons)}
		if p.checked > 0 {
			v.Rate = float64(p.valid) / float64(p.checked)
		}
		col.Validity = v
	}
	if d := p.dates; d != nil {
		order, i := d.order()
		col.DateOrder = &DateOrder{Order: order, Default: normalize.DateOrderEvidence{}.Order(d.fallback), DayFirst: d.ev.DayFirst,
			MonthFirst: d.ev.MonthFirst, YearFirst: d.ev.YearFirst, Ambiguous: d.ev.Ambiguous, Mixed: d.ev.Contradictory()}
		by := d.by[i]
		v := &Validity{Checked: by.checked, Valid: by.valid, Invalid: by.checked - by.valid, Rate: 1, Reasons: findings(by.reasons)}
		if by.checked > 0 {
			v.Rate = float64(by.valid) / float64(by.checked)
		}
		col.Validity = v
	}
	col.Junk = findings(p.junk)
	col.Encoding = findings(p.enc)
	return col
}
