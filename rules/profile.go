package rules

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/normalize"
)

// Decision explains how one input column was mapped, for --verbose output,
// summaries and SuggestRules.
type Decision struct {
	Column     int     // 0-based column index
	Header     string  // the column's header as read
	Field      string  // canonical field name, DecisionID for the record id, or DecisionNone
	Confidence float64 // 0..1: how sure the mapping is (1 = configured in the rules file)
	Evidence   string  // why, in words ("header \"E-Mail\" is an e-mail synonym; 98% of 200 values are e-mail addresses")
}

// Targets of a Decision that are not canonical fields.
const (
	DecisionID   = "id"   // the record-id column
	DecisionNone = "none" // feeds nothing
)

// maxProfileRows is how many sample rows InferMapping profiles at most.
const maxProfileRows = 1000

// minProfileValues is the fewest non-empty values a column needs before
// its values alone can map it.
const minProfileValues = 5

// InferMapping maps a header by its names (see AutoMap) and then by the
// values of a sample of its data rows (the first rows of the file; at most
// 1000 are looked at). It returns the mapping and one Decision per header
// column, in column order.
//
// A column the header does not name is profiled: the share of its values
// that are e-mail addresses, phone numbers, dates, postcodes, genders,
// person names ("Duan, Sophie"), company names (a legal form such as GmbH,
// Ltd, S.A., 有限公司) and whether its values are unique and dense (a
// record id). A column then maps to a field only when one shape clearly
// dominates and the field is still free: a wrong mapping is worse than
// none. A date column maps to birth_date only when its years look like
// birth years; a column maps to full_name only when no other name field is
// mapped and either most values read "Family, Given" or the header says it
// holds a person ("contact", "customer") and most values are names. The id
// column is found by its values only when the header has none. A column
// the header named is kept as the header says, and its values only raise
// or lower the confidence (a lone "Name" full of company names becomes the
// company).
//
// InferMapping is safe for concurrent use.
func InferMapping(header []string, sample [][]string) (Mapping, []Decision) {
	return infer(header, sample, AutoMap(header), nil, false)
}

// Infer is InferMapping for a configured source: the mapping of Apply
// (rules file entries first, then the header names unless auto = false),
// completed by the values of sample unless auto = false. Columns named in
// the rules file (column.* or id) keep their configured meaning with
// confidence 1. The error is Apply's.
func (s Source) Infer(header []string, sample [][]string) (Mapping, []Decision, error) {
	m, err := s.Apply(header)
	if err != nil {
		return Mapping{}, nil, err
	}
	locked := make([]bool, len(header))
	for name := range s.Columns {
		if i, ok := findColumn(header, name); ok {
			locked[i] = true
		}
	}
	if s.IDColumn != "" {
		if i, ok := findColumn(header, s.IDColumn); ok {
			locked[i] = true
		}
	}
	if s.NoAuto {
		return m, describeOnly(header, m, locked), nil
	}
	m, ds := infer(header, sample, m, locked, s.IDColumn != "")
	return m, ds, nil
}

// describeOnly explains a mapping that values may not change.
func describeOnly(header []string, m Mapping, locked []bool) []Decision {
	ds := make([]Decision, len(header))
	for i, h := range header {
		ds[i] = Decision{Column: i, Header: h, Field: DecisionNone, Confidence: 1, Evidence: "not configured (auto = false)"}
		if t := target(m, i); t != DecisionNone && locked[i] {
			ds[i].Field, ds[i].Evidence = t, "rules file"+partNote(header, m, i)
		}
	}
	return ds
}

// partNote says which composite field column i is a part of, as
// ": part of birth_date (by + bm + bd)", or "" for other columns.
func partNote(header []string, m Mapping, i int) string {
	for f, ps := range m.Parts {
		if slices.Contains(ps, i) {
			return fmt.Sprintf(": part of %s (%s)", doppel.Field(f), m.ColumnName(doppel.Field(f), header))
		}
	}
	return ""
}

// target is what column i feeds in m: a field name, DecisionID or
// DecisionNone.
func target(m Mapping, i int) string {
	if m.ID == i {
		return DecisionID
	}
	for f, c := range m.Columns {
		if c == i || slices.Contains(m.Parts[f], i) {
			return doppel.Field(f).String()
		}
	}
	return DecisionNone
}

// infer completes m from the values of sample for the columns that are not
// locked (configured) and that the header did not name, then explains
// every column.
func infer(header []string, sample [][]string, m Mapping, locked []bool, idLocked bool) (Mapping, []Decision) {
	sample = sample[:min(len(sample), maxProfileRows)]
	ds := make([]Decision, len(header))
	profs := make([]profile, len(header))
	norm, err := normalize.New(normalize.Options{})
	if err != nil {
		panic(err) // the zero Options are valid
	}
	for i := range header {
		profs[i] = profileColumn(sample, i, norm)
	}
	isLocked := func(i int) bool { return i < len(locked) && locked[i] }
	named := make([]bool, len(header)) // the header alone says what the column is
	for i, h := range header {
		key := headerKey(h)
		_, _, dp := datePart(key)
		_, _, np := namePart(key)
		_, _, ok := classifyHeader(h, key)
		named[i] = ok || dp || np || (i == 0 && looksLikeID(h))
	}

	// A lone "Name" column of organisations is the company: most values
	// carry a legal form, or enough of them an organisation word
	// ("Electronics", "Bank", "Stichting") while hardly any starts or ends
	// with a known given name. A column of people with some companies
	// among them stays the name; its rows with a legal form are matched
	// as companies one by one (normalize.Preparer.Prepare).
	if c := m.Columns[doppel.FullName]; c >= 0 && !isLocked(c) && m.Columns[doppel.Company] < 0 && len(m.Parts[doppel.FullName]) == 0 {
		if p := profs[c]; p.n >= minProfileValues && orgColumn(p) {
			if _, tier, _ := classifyHeader(header[c], headerKey(header[c])); tier == tierLoose {
				m.Columns[doppel.Company], m.Columns[doppel.FullName] = c, -1
				ds[c].Evidence = fmt.Sprintf("header %q reads as a name, but %s of %d values name organisations (a company legal form or an organisation word, e.g. %q) and %s start or end with a known given name",
					header[c], pct(p.share(p.org)), p.n, p.orgExample, pct(p.share(p.given)))
				ds[c].Confidence = 0.75
			}
		}
	}

	// Columns the header did not name: their values decide.
	for i := range header {
		if named[i] || isLocked(i) || target(m, i) != DecisionNone {
			continue
		}
		field, conf, ev := byValues(header[i], profs[i], m, idLocked)
		ds[i].Evidence, ds[i].Confidence = ev, conf
		switch {
		case field == DecisionID:
			m.ID = i
		case field != DecisionNone:
			f, _ := doppel.ParseField(field)
			m.Columns[f] = i
		}
	}
	m.Unmapped = unmappedColumns(len(header), m)

	// Explain every column.
	for i, h := range header {
		d := &ds[i]
		d.Column, d.Header, d.Field = i, h, target(m, i)
		if d.Evidence != "" {
			continue
		}
		switch {
		case isLocked(i):
			d.Confidence, d.Evidence = 1, "rules file"+partNote(header, m, i)
		case named[i]:
			d.Confidence, d.Evidence = byHeader(header, i, d.Field, m, profs[i])
		default:
			d.Confidence, d.Evidence = 0.5, "header not recognised; no value shape dominates"+profs[i].summary()
		}
	}
	return m, ds
}

// byHeader explains a column mapped (or left out) by its header name, with
// the values' agreement where a shape check is cheap.
func byHeader(header []string, i int, field string, m Mapping, p profile) (float64, string) {
	h := header[i]
	key := headerKey(h)
	_, tier, ok := classifyHeader(h, key)
	switch {
	case field == DecisionID:
		if !ok {
			return 0.85, fmt.Sprintf("first column %q is named like an id", h)
		}
		return 0.95, fmt.Sprintf("header %q is an id name", h)
	case field == DecisionNone:
		if f, _, ok := classifyHeader(h, key); ok && f < doppel.NumFields && m.Columns[f] >= 0 {
			return 0.9, fmt.Sprintf("header %q also names %s, which comes from column %d", h, f, m.Columns[f]+1)
		}
		if _, _, dp := datePart(key); dp {
			return 0.9, fmt.Sprintf("header %q is a part of a split birth date, but no usable set of parts (a year next to a month or day) was found, a day came without its month, or a whole birth date column exists", h)
		}
		if _, _, np := namePart(key); np {
			return 0.9, fmt.Sprintf("header %q is a name component; a single column feeds that field", h)
		}
		return 0.9, fmt.Sprintf("header %q names something that feeds no field", h)
	}
	f, _ := doppel.ParseField(field)
	if len(m.Parts[f]) > 0 {
		return 0.9, fmt.Sprintf("header %q is part of %s (%s)", h, field, m.ColumnName(f, header))
	}
	conf, ev := 0.95, fmt.Sprintf("header %q names %s", h, field)
	if key == "sname" && f == doppel.MiddleName {
		ev = fmt.Sprintf("header %q next to a given name and a surname column is a second given name", h)
	}
	switch {
	case !ok:
		conf = 0.85
		ev = fmt.Sprintf("header %q is taken as %s from the columns around it", h, field)
	case tier == tierLoose:
		conf, ev = 0.8, fmt.Sprintf("header %q is taken as %s (a loose synonym)", h, field)
	case tier >= tierWeak:
		conf, ev = 0.75, fmt.Sprintf("header %q is derived from a %s synonym", h, field)
	}
	if count, what := p.agreement(f); what != "" && p.n >= minProfileValues {
		s := p.share(count)
		switch {
		case s >= 0.8:
			conf = min(0.99, conf+0.04)
			ev += fmt.Sprintf("; %s of %d values are %s", pct(s), p.n, what)
		case s < 0.2 && p.n >= 20:
			conf = 0.4
			ev += fmt.Sprintf("; but only %s of %d values are %s: check this column", pct(s), p.n, what)
		default:
			ev += fmt.Sprintf("; %s of %d values are %s", pct(s), p.n, what)
		}
	}
	return conf, ev
}

// byValues decides an unnamed column by its values alone. It returns a
// field name, DecisionID or DecisionNone, the confidence and the evidence.
func byValues(h string, p profile, m Mapping, idLocked bool) (string, float64, string) {
	if p.n < minProfileValues {
		return DecisionNone, 0.5, fmt.Sprintf("header %q not recognised; only %d non-empty values in the sample", h, p.n)
	}
	free := func(f doppel.Field) bool { return m.Columns[f] < 0 }
	unnamed := fmt.Sprintf("header %q not recognised; ", h)
	taken := func(f doppel.Field, what string, s float64) (string, float64, string) {
		return DecisionNone, 0.6, unnamed + fmt.Sprintf("%s of %d values are %s, but %s comes from column %d", pct(s), p.n, what, f, m.Columns[f]+1)
	}
	if s := p.share(p.email); s >= 0.8 {
		if !free(doppel.Email) {
			return taken(doppel.Email, "e-mail addresses", s)
		}
		return "email", 0.5 + 0.45*s, unnamed + fmt.Sprintf("%s of %d values are e-mail addresses (%s)", pct(s), p.n, p.example)
	}
	if s := p.share(p.date); s >= 0.9 {
		lo, hi, mid := p.yearRange()
		if mid >= 1900 && mid <= 2010 && hi-lo >= 10 {
			if !free(doppel.BirthDate) {
				return taken(doppel.BirthDate, "dates", s)
			}
			return "birth_date", 0.6 + 0.2*s, unnamed + fmt.Sprintf("%s of %d values are dates, years %d to %d (median %d): birth dates", pct(s), p.n, lo, hi, mid)
		}
		return DecisionNone, 0.6, unnamed + fmt.Sprintf("%s of %d values are dates, but their years (%d to %d, median %d) are not those of birth dates", pct(s), p.n, lo, hi, mid)
	}
	if s := p.share(p.gender); s >= 0.95 && p.distinct <= 4 {
		if !free(doppel.Gender) {
			return taken(doppel.Gender, "gender codes", s)
		}
		return "gender", 0.8, unnamed + fmt.Sprintf("%s of %d values are gender codes (%d distinct)", pct(s), p.n, p.distinct)
	}
	if s, fs := p.share(p.phone), p.share(p.phoneFmt); s >= 0.9 && fs >= 0.5 {
		for _, f := range [...]doppel.Field{doppel.Phone, doppel.Mobile, doppel.Phone2} {
			if free(f) {
				return f.String(), 0.5 + 0.3*s, unnamed + fmt.Sprintf("%s of %d values are phone numbers (%s)", pct(s), p.n, p.example)
			}
		}
		return taken(doppel.Phone2, "phone numbers", s)
	}
	if s := p.share(p.postcode); s >= 0.9 {
		if !free(doppel.Postcode) {
			return taken(doppel.Postcode, "postcodes", s)
		}
		return "postcode", 0.5 + 0.3*s, unnamed + fmt.Sprintf("%s of %d values are postcodes of a known format (%s)", pct(s), p.n, p.example)
	}
	if s := p.share(p.legal); s >= 0.3 && p.share(p.digits) < 0.5 {
		if !free(doppel.Company) {
			return taken(doppel.Company, "company names", s)
		}
		return "company", 0.5 + 0.4*s, unnamed + fmt.Sprintf("%s of %d values carry a company legal form (%s)", pct(s), p.n, p.example)
	}
	noName := free(doppel.FullName) && free(doppel.GivenName) && free(doppel.FamilyName)
	if cs, ns := p.share(p.commaName), p.share(p.personName); p.share(p.legal) < 0.1 && p.distinctShare() >= 0.5 &&
		(cs >= 0.5 || (personHeader(h) && ns >= 0.8)) {
		if !noName {
			return DecisionNone, 0.6, unnamed + fmt.Sprintf("%s of %d values are person names, but a name field is mapped already", pct(ns), p.n)
		}
		ev := fmt.Sprintf("%s of %d values are person names, %s as \"Family, Given\" (%s)", pct(ns), p.n, pct(cs), p.example)
		return "full_name", 0.5 + 0.3*max(cs, ns), unnamed + ev
	}
	if m.ID < 0 && !idLocked {
		if ok, ev := p.idLike(); ok {
			return DecisionID, 0.75, unnamed + ev
		}
	}
	return DecisionNone, 0.5, unnamed + "no value shape dominates" + p.summary()
}

// orgColumn reports whether a profiled column holds organisations rather
// than people.
func orgColumn(p profile) bool {
	return p.share(p.legal) >= 0.6 || (p.share(p.org) >= 0.15 && p.share(p.given) < 0.1)
}

// knownGiven reports whether the first or the last word of v is a given
// name of the nickname table.
func knownGiven(norm *normalize.Normalizer, v string) bool {
	words := strings.Fields(norm.Key(v))
	if len(words) < 2 {
		return false
	}
	return norm.KnownGivenName(words[0]) || norm.KnownGivenName(words[len(words)-1])
}

// personHeader reports whether a header says its column holds people
// without naming a field ("contact", "customer", "Kunde", "联系人").
func personHeader(h string) bool {
	key := headerKey(h)
	// Not "name" itself: "Site name" or "Program Name" name things, not people.
	for _, w := range [...]string{"contact", "customer", "client", "person", "member", "holder", "owner",
		"kunde", "kontakt", "klant", "cliente", "客户", "顾客", "联系", "顧客", "고객"} {
		if strings.Contains(key, w) {
			return true
		}
	}
	return false
}

// profile counts the value shapes of one column in a sample.
type profile struct {
	rows, n, distinct                                                                    int // sample rows, non-empty values, distinct non-empty values
	email, phone, phoneFmt, date, postcode, gender, personName, commaName, legal, digits int
	org, given                                                                           int // organisation names (legal form or noun); values whose first or last word is a known given name
	years                                                                                []int
	ints                                                                                 int // values that are plain integers
	intMin, intMax                                                                       int64
	shapes                                                                               map[string]int // letter/digit shape -> count
	spaces                                                                               int            // values with white space inside
	example                                                                              string         // first value with the dominant shape, for evidence
	orgExample                                                                           string         // first organisation name
}

// profileColumn profiles column c of the sample rows; norm reads legal
// forms, organisation words and given names.
func profileColumn(sample [][]string, c int, norm *normalize.Normalizer) profile {
	p := profile{rows: len(sample), shapes: map[string]int{}}
	seen := make(map[string]struct{}, len(sample))
	examples := map[string]string{}
	note := func(kind, v string) {
		if _, ok := examples[kind]; !ok {
			examples[kind] = v
		}
	}
	for _, row := range sample {
		if c >= len(row) {
			continue
		}
		v := strings.TrimSpace(row[c])
		if v == "" {
			continue
		}
		p.n++
		if _, dup := seen[v]; !dup {
			seen[v] = struct{}{}
			p.distinct++
		}
		if strings.ContainsFunc(v, unicode.IsSpace) {
			p.spaces++
		}
		p.shapes[shapeOf(v)]++
		if n, ok := plainInt(v); ok {
			if p.ints == 0 || n < p.intMin {
				p.intMin = n
			}
			if p.ints == 0 || n > p.intMax {
				p.intMax = n
			}
			p.ints++
		}
		if digitShare(v) >= 0.5 {
			p.digits++
		}
		switch {
		case isEmail(v):
			p.email++
			note("email", v)
		case isGender(v):
			p.gender++
		}
		if y, ok := dateYearOf(v); ok {
			p.date++
			p.years = append(p.years, y)
		}
		if ok, formatted := phoneShape(v); ok {
			p.phone++
			if formatted {
				p.phoneFmt++
				note("phone", v)
			}
		}
		if isPostcode(v) {
			p.postcode++
			note("postcode", v)
		}
		legal := norm.HasLegalForm(v)
		if legal {
			p.legal++
			note("legal", v)
		}
		if legal || norm.HasOrgNoun(v) { // LooksLikeOrg without reading the legal form twice
			p.org++
			note("org", v)
		}
		if knownGiven(norm, v) {
			p.given++
		}
		if person, comma := personName(v, legal); person {
			p.personName++
			if comma {
				p.commaName++
				note("comma", v)
			}
			note("name", v)
		}
	}
	p.orgExample = examples["org"]
	// The example shown is one of the most common recognised shape.
	best, bestN := "", 0
	for _, k := range [...]struct {
		kind string
		n    int
	}{{"email", p.email}, {"phone", p.phoneFmt}, {"postcode", p.postcode}, {"legal", p.legal}, {"comma", p.commaName}, {"name", p.personName}} {
		if k.n > bestN {
			best, bestN = k.kind, k.n
		}
	}
	if best != "" {
		p.example = fmt.Sprintf("e.g. %q", examples[best])
	}
	return p
}

// share is count as a share of the non-empty values.
func (p profile) share(count int) float64 {
	if p.n == 0 {
		return 0
	}
	return float64(count) / float64(p.n)
}

// distinctShare is the share of distinct values among the non-empty ones.
func (p profile) distinctShare() float64 { return p.share(p.distinct) }

// yearRange returns the lowest, highest and median year of the dates.
func (p profile) yearRange() (lo, hi, mid int) {
	if len(p.years) == 0 {
		return 0, 0, 0
	}
	ys := slices.Clone(p.years)
	slices.Sort(ys)
	return ys[0], ys[len(ys)-1], ys[len(ys)/2]
}

// agreement returns how many values have the shape field f expects and
// that shape in words, or "" when there is no cheap check for f.
func (p profile) agreement(f doppel.Field) (int, string) {
	switch f {
	case doppel.Email:
		return p.email, "e-mail addresses"
	case doppel.Phone, doppel.Mobile, doppel.Phone2:
		return p.phone, "phone numbers"
	case doppel.BirthDate:
		return p.date, "dates"
	case doppel.Gender:
		return p.gender, "gender codes"
	}
	return 0, ""
}

// idLike reports whether the column can be the record id: every sample row
// has a value, all values differ, and they are dense integers or codes of
// one shape.
func (p profile) idLike() (bool, string) {
	if p.n < 10 || p.n != p.rows || p.distinct != p.n || p.spaces > 0 || p.email > 0 || p.date > 0 || p.phoneFmt > 0 {
		return false, ""
	}
	if p.ints == p.n {
		if span := p.intMax - p.intMin + 1; span <= int64(2*p.n) {
			return true, fmt.Sprintf("all %d values are unique integers from %d to %d: the record id", p.n, p.intMin, p.intMax)
		}
		return false, ""
	}
	for sh, n := range p.shapes {
		if n == p.n && strings.ContainsRune(sh, '9') && utf8.RuneCountInString(sh) >= 3 && utf8.RuneCountInString(sh) <= 40 {
			return true, fmt.Sprintf("all %d values are unique codes of one shape (%s): the record id", p.n, sh)
		}
	}
	return false, ""
}

// summary describes the profile briefly for evidence texts.
func (p profile) summary() string {
	if p.n == 0 {
		return " (no values in the sample)"
	}
	return fmt.Sprintf(" (%d values, %d distinct)", p.n, p.distinct)
}

// pct formats a share as a whole percentage.
func pct(s float64) string { return fmt.Sprintf("%.0f%%", 100*s) }

// shapeOf maps letters to 'A' and digits to '9' and keeps other
// characters: "AB-1234" -> "AA-9999".
func shapeOf(v string) string {
	var b strings.Builder
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			b.WriteByte('9')
		case unicode.IsLetter(r):
			b.WriteByte('A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// plainInt parses an unsigned decimal of at most 18 digits.
func plainInt(v string) (int64, bool) {
	if v == "" || len(v) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// digitShare is the share of ASCII digits among the runes of v.
func digitShare(v string) float64 {
	d, n := 0, 0
	for _, r := range v {
		n++
		if r >= '0' && r <= '9' {
			d++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(d) / float64(n)
}

// isEmail reports whether v is shaped like one e-mail address.
func isEmail(v string) bool {
	at := strings.IndexByte(v, '@')
	if at < 1 || strings.Count(v, "@") != 1 || strings.ContainsFunc(v, unicode.IsSpace) {
		return false
	}
	domain := v[at+1:]
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && len(domain)-dot-1 >= 2
}

// phoneShape reports whether v is shaped like a phone number (7 to 15
// digits and only phone punctuation, not a date nor a postcode), and whether it is written like one
// (a leading + or 0, or separators) rather than as a bare number.
func phoneShape(v string) (ok, formatted bool) {
	digits := 0
	for i, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
			formatted = true
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '/':
			formatted = true
		default:
			return false, false
		}
	}
	if digits < 7 || digits > 15 {
		return false, false
	}
	if _, date := dateYearOf(v); date || isPostcode(v) {
		return false, false
	}
	return true, formatted || v[0] == '0'
}

// dateYearOf reports whether v is a calendar date with a four-digit year
// (Y-M-D, D/M/Y or M/D/Y with -, /, . or space, or compact YYYYMMDD; an ISO
// date-time counts by its date) and returns the year.
func dateYearOf(v string) (int, bool) {
	if len(v) > 10 {
		if i := strings.IndexAny(v, "T "); i >= 8 && i <= 10 {
			v = v[:i]
		}
	}
	if n, ok := plainInt(v); ok && len(v) == 8 {
		// compact YYYYMMDD ("19081209")
		y, m, d := n/10000, n/100%100, n%100
		return int(y), y >= 1000 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31
	}
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == ' ' })
	if len(parts) != 3 {
		return 0, false
	}
	var n [3]int64
	for i, s := range parts {
		x, ok := plainInt(s)
		if !ok || len(s) > 4 {
			return 0, false
		}
		n[i] = x
	}
	dayMonth := func(a, b int64) bool {
		return a >= 1 && b >= 1 && ((a <= 12 && b <= 31) || (a <= 31 && b <= 12))
	}
	switch {
	case len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
		return int(n[0]), n[0] >= 1000 && n[0] <= 2100 && n[1] >= 1 && n[1] <= 12 && n[2] >= 1 && n[2] <= 31
	case len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		return int(n[2]), n[2] >= 1000 && n[2] <= 2100 && dayMonth(n[0], n[1])
	}
	return 0, false
}

// isGender reports whether v is a usual gender code or word.
func isGender(v string) bool {
	switch strings.ToLower(strings.TrimRight(v, ".")) {
	case "m", "f", "w", "male", "female", "man", "woman", "mr", "mrs", "männlich", "weiblich", "mann", "frau",
		"homme", "femme", "h", "hombre", "mujer", "masculino", "femenino", "man.", "vrouw", "男", "女", "남", "여",
		"남성", "여성", "男性", "女性":
		return true
	}
	return false
}

// isPostcode reports whether v has a postcode format that a plain number
// or word does not share.
func isPostcode(v string) bool {
	switch shapeOf(strings.ToUpper(v)) {
	case "A9 9AA", "A99 9AA", "AA9 9AA", "AA99 9AA", "A9A 9AA", "AA9A 9AA", // United Kingdom
		"A9A 9A9",           // Canada
		"9999 AA", "9999AA", // Netherlands
		"99-999",                // Poland
		"999-9999",              // Japan
		"99999-9999",            // US ZIP+4
		"99999-999", "9999-999": // Brazil, Portugal
		return true
	}
	return false
}

// personName reports whether v reads like a person's name: two to four
// words of letters ("Sophie Duan", "Duan, Sophie", "J. R. Smith"), or two to
// four Han or Hangul characters ("宋建国"). comma is set for the
// "Family, Given" form.
func personName(v string, legal bool) (person, comma bool) {
	if legal || strings.ContainsFunc(v, unicode.IsDigit) || strings.ContainsAny(v, "@/&") {
		return false, false
	}
	n := utf8.RuneCountInString(v)
	if !strings.ContainsFunc(v, unicode.IsSpace) && n >= 2 && n <= 4 {
		all := true
		for _, r := range v {
			all = all && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r))
		}
		if all {
			return true, false
		}
	}
	if c := strings.Count(v, ","); c > 1 {
		return false, false
	} else if c == 1 {
		comma = true
	}
	words := strings.FieldsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	if len(words) < 2 || len(words) > 4 {
		return false, false
	}
	for i, w := range words {
		letters := 0
		for _, r := range w {
			switch {
			case unicode.IsLetter(r):
				letters++
			case r == '\'' || r == '-' || r == '.' || r == '’':
			default:
				return false, false
			}
		}
		if letters == 0 || letters > 20 {
			return false, false
		}
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) && (i == 0 || i == len(words)-1) {
			// a name starts and ends with a capital ("Ludwig van Beethoven");
			// lower-case words are rather free text
			return false, false
		}
	}
	if comma {
		before, _, _ := strings.Cut(v, ",")
		comma = strings.TrimSpace(before) != ""
	}
	return true, comma
}
