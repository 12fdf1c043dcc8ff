package match

import (
	"strconv"
	"strings"

	"github.com/doppel-dev/doppel/normalize"
)

// Missing is the level of a comparison where either side has no value. A
// missing comparison contributes a weight of zero (neutral).
const Missing int8 = -1

// Comparison compares one attribute of two records and returns a level:
// 0 is the strongest agreement, NumLevels-1 is disagreement, Missing when
// either side has no value.
type Comparison struct {
	Name   string   // attribute name used in pairs.csv and reports
	Levels []string // level labels, strongest first
	// TF names the term-frequency table used to adjust the weight of an
	// agreement at level tfLevel (0: exact), or tfNone.
	TF      tfKind
	tfLevel int8
	has     func(*Features) bool
	level   func(a, b *Features) int8
	// hard returns the value a hard rule ([match] distinct) on this
	// comparison's field compares ("" = missing); nil when the field
	// cannot be a hard rule (doppel.FieldSpec.HardRule).
	hard func(*Features) string
	// shared marks an attribute that many people share (gender, country,
	// state): evidence with others, never enough alone to match on.
	shared bool
}

// value returns the value of f this comparison reads when it is one
// string (its term-frequency value, else its hard-rule value), and false
// when the comparison reads several (the names, a phone of three fields).
func (c *Comparison) value(f *Features) (string, bool) {
	if c.TF != tfNone && c.tfLevel == 0 {
		return tfValue(c.TF, f), true
	}
	if c.hard != nil && c.Name != "phone" {
		return c.hard(f), true
	}
	return "", false
}

// NumLevels returns the number of non-missing levels.
func (c *Comparison) NumLevels() int { return len(c.Levels) }

type tfKind int8

const (
	tfNone tfKind = iota
	tfGiven
	tfFamily
	tfCity
	tfPostcode
	tfStreet
	tfCompany
	tfBirthPlace
	tfEmailUser
	tfBirthDate
	numTF
)

// tfValue returns the value whose frequency adjusts an exact agreement.
func tfValue(k tfKind, f *Features) string {
	switch k {
	case tfGiven:
		return f.Given
	case tfFamily:
		return f.Family
	case tfCity:
		return f.City
	case tfPostcode:
		return f.Postcode
	case tfStreet:
		return f.Street
	case tfCompany:
		return f.Company
	case tfBirthPlace:
		return f.BirthPlace
	case tfEmailUser:
		return f.EmailUser
	case tfBirthDate:
		if f.BirthDate == 0 {
			return ""
		}
		return strconv.Itoa(int(f.BirthDate))
	}
	return ""
}

// nameLevels compares two name keys: exact, JW >= 0.92, JW >= 0.8 or same
// phonetic code, one is an initial of the other, else.
func nameLevel(a, b, pa, pb string, ascii bool) int8 {
	if a == "" || b == "" {
		return Missing
	}
	if len(a) == 1 || len(b) == 1 {
		// An initial, even an identical one, is weak evidence.
		if a[0] == b[0] {
			return 3
		}
		return 4
	}
	if a == b {
		return 0
	}
	sim := jw(a, b, ascii)
	if sim >= 0.92 {
		return 1
	}
	if sim >= 0.8 || (pa != "" && pa == pb) || tokenSubset(a, b) {
		return 2
	}
	return 4
}

// tokenSubset reports whether all tokens of the shorter key occur in the
// longer one ("smith" in "smith jones").
func tokenSubset(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if strings.IndexByte(b, ' ') < 0 {
		return false
	}
	for _, t := range strings.Fields(a) {
		if len(t) < 2 || !hasToken(b, t) {
			return false
		}
	}
	return true
}

func hasToken(s, t string) bool {
	for s != "" {
		i := strings.IndexByte(s, ' ')
		var w string
		if i < 0 {
			w, s = s, ""
		} else {
			w, s = s[:i], s[i+1:]
		}
		if w == t {
			return true
		}
	}
	return false
}

// sharesForm reports whether two space-separated canonical-form lists
// share a form.
func sharesForm(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	for a != "" {
		i := strings.IndexByte(a, ' ')
		var w string
		if i < 0 {
			w, a = a, ""
		} else {
			w, a = a[:i], a[i+1:]
		}
		if hasToken(b, w) {
			return true
		}
	}
	return false
}

// givenLevel is nameLevel with a nickname level: 0 exact, 1 nickname or
// variant of the same name, 2 JW >= 0.92, 3 JW >= 0.8 or phonetic, 4 initial,
// 5 else.
func givenLevel(a, b *Features, ag, bg string) int8 {
	l := nameLevel(ag, bg, a.GivenPh, b.GivenPh, a.ASCII && b.ASCII)
	switch l {
	case Missing, 0:
		return l
	}
	if l != 3 && sharesForm(a.GivenForms, b.GivenForms) && ag == a.Given && bg == b.Given {
		return 1
	}
	switch l {
	case 1:
		return 2
	case 2:
		return 3
	case 3:
		return 4
	}
	return 5
}

// nameLevels returns the given- and family-name levels of a pair, also
// trying the two names swapped (a common data-entry error); the better
// reading wins.
func nameLevels(a, b *Features) (given, family int8) {
	given = givenLevel(a, b, a.Given, b.Given)
	family = nameLevel(a.Family, b.Family, a.FamilyPh, b.FamilyPh, a.ASCII && b.ASCII)
	if lonePossible(a, b) {
		if g, f, ok := loneCross(a, b, given, family); ok {
			return g, f
		}
		if g, f, ok := loneCross(b, a, given, family); ok {
			return g, f
		}
	}
	if given <= 0 && family <= 0 {
		return
	}
	if a.Given == "" || a.Family == "" || b.Given == "" || b.Family == "" {
		return
	}
	// A swap needs both crossed names to agree closely (exact or JW >=
	// 0.92); a first letter in common on one side is a cheap pre-check
	// that spares most pairs the two extra string comparisons. Between
	// records with the same e-mail address or national id a swap may
	// carry typos too: both crossed names at JW >= 0.8 or phonetic
	// ("DetxDr Evsna" / "Evans Dexter" at one address). Without that
	// proof the reading made namesakes of similar names link
	// (splink_fake_1000 -0.0013), and with the same e-mail user at
	// another domain ("j.s27") too (splink_fake_20000: 18 false pairs).
	proof := sameAddressOrID(a, b)
	if !proof && a.Given[0] != b.Family[0] && a.Family[0] != b.Given[0] {
		return
	}
	sg := nameLevel(a.Given, b.Family, a.GivenPh, b.FamilyPh, a.ASCII && b.ASCII)
	sf := nameLevel(a.Family, b.Given, a.FamilyPh, b.GivenPh, a.ASCII && b.ASCII)
	most := int8(1)
	if proof {
		most = 2
	}
	if sg <= most && sf <= most && int(sg)+int(sf) < int(given)+int(family) {
		// Map onto the given scale: exact stays exact, JW >= 0.92 is
		// level 2, JW >= 0.8 or phonetic level 3.
		if sg >= 1 {
			sg++
		}
		return sg, sf
	}
	return
}

// sameAddressOrID reports whether two records share what proves one
// person whatever else differs (scorer.proven): the same e-mail address
// or national id.
func sameAddressOrID(a, b *Features) bool {
	return a.Email != "" && a.Email == b.Email || a.NationalID != "" && a.NationalID == b.NationalID
}

// lonePossible reports whether one of a and b has one name only and the
// other a name in the other slot, so that nameLevels may read the lone
// name against it (see loneCross).
func lonePossible(a, b *Features) bool {
	return (a.Given == "") != (a.Family == "") && (b.Given != "" && a.Given == "" || b.Family != "" && a.Family == "") ||
		(b.Given == "") != (b.Family == "") && (a.Given != "" && b.Given == "" || a.Family != "" && b.Family == "")
}

// loneCross reads the one name of a record with one name only (a; a
// single-word name such as "Lawton" or "Henry", or a surname entered as
// the given name) against the other slot of b, since a lone name may be
// either: "lawton" / "george lawton" is the family name in common, not
// two given names that differ. The cross reading wins when it is exact or
// Jaro-Winkler >= 0.92 and closer than the straight one; the slot that a
// lacks then reads as missing. ok is false when a has not one name only or
// the straight reading is as good.
func loneCross(a, b *Features, given, family int8) (g, f int8, ok bool) {
	ascii := a.ASCII && b.ASCII
	switch {
	case a.Given != "" && a.Family == "" && b.Family != "":
		l := nameLevel(a.Given, b.Family, a.GivenPh, b.FamilyPh, ascii)
		if l <= 1 && (given == Missing || givenScale(l) < given) {
			return Missing, l, true
		}
	case a.Family != "" && a.Given == "" && b.Given != "":
		l := nameLevel(a.Family, b.Given, a.FamilyPh, b.GivenPh, ascii)
		if l <= 1 && (family == Missing || l < family) {
			return givenScale(l), Missing, true
		}
	}
	return given, family, false
}

// givenScale maps a nameLevel of 0 or 1 onto the given-name levels, which
// have a nickname level in between.
func givenScale(l int8) int8 {
	if l == 1 {
		return 2
	}
	return l
}

// generationGap is the difference in birth years from which two dates
// that are not one typo apart are "a generation apart" (a parent and a
// child, a junior and a senior).
const generationGap = 12

// dateLevel: 0 exact, 1 two adjacent digits transposed, 2 one typo or
// day/month swapped, 3 within a month, 4 within a year, 5 years apart, 6 a
// generation apart (generationGap years or more).
//
// A transposition (1981 / 1918, 12 / 21) is a level of its own: a date has
// at most seven transposition neighbours against 72 that one digit
// retyped reaches, so two people's dates are about ten times rarer a
// transposition apart than a substitution apart, and keying errors and
// transliterated documents make transpositions a typo kind of their own
// whose share among duplicates EM fits per data set.
func dateLevel(a, b Date) int8 {
	if a == 0 || b == 0 {
		return Missing
	}
	if a == b {
		return 0
	}
	if a.Month() == 0 || b.Month() == 0 {
		// A year and day without the month (a mistyped month, see
		// normalize.DayOfMistypedMonth): the same year and day are as close
		// as a typo, the one in the month.
		if a.Year() == b.Year() && a.Day() != 0 && a.Day() == b.Day() {
			return 2
		}
		if a.Year() == b.Year() {
			return 4
		}
		return yearsApart(a, b)
	}
	if a.Day() == 0 || b.Day() == 0 {
		// A year and month without the day (a mistyped day, see
		// normalize.MonthOfMistypedDate): the same month, or one typo in
		// the digits that are known, is as close as a typo.
		var sa, sb [8]byte
		digits8(&sa, uint32(a))
		digits8(&sb, uint32(b))
		switch {
		case oneEdit(string(sa[:6]), string(sb[:6])): // equal counts too
			return 2 // the same month, or one typo in the year and month
		case a.Year() == b.Year():
			return 4
		}
		return yearsApart(a, b)
	}
	var sa, sb [8]byte
	digits8(&sa, uint32(a))
	digits8(&sb, uint32(b))
	if transposed(&sa, &sb) {
		return dateTransposed
	}
	if a.Year() == b.Year() && a.Month() == b.Day() && a.Day() == b.Month() {
		return 2
	}
	if oneEdit(string(sa[:]), string(sb[:])) {
		return 2
	}
	switch d := civilDays(a) - civilDays(b); {
	case d >= -31 && d <= 31:
		return 3
	case d >= -366 && d <= 366:
		return 4
	}
	if l := yearsApart(a, b); l != GenerationApart || !twoTypos(&sa, &sb) {
		return l
	}
	return 5
}

// civilDays is the day number of a date with month and day (days since
// 1970-01-01 in the proleptic Gregorian calendar; H. Hinnant's
// days_from_civil).
func civilDays(d Date) int {
	y, m, dd := d.Year(), d.Month(), d.Day()
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + dd - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// transposed reports whether two dates (YYYYMMDD digits) differ by one
// swap of two adjacent, different digits and nothing else.
func transposed(a, b *[8]byte) bool {
	i := 0
	for i < 8 && a[i] == b[i] {
		i++
	}
	if i >= 7 || a[i] != b[i+1] || a[i+1] != b[i] {
		return false
	}
	return string(a[i+2:]) == string(b[i+2:])
}

// twoTypos reports whether two dates (YYYYMMDD digits) differ in at most
// two digits. Two people a generation apart almost never do: their years
// differ in one or two digits and their month and day, drawn
// independently, in two or three more. A date mistyped twice does
// ("1836-11-01" / "1886-01-01"): every one of the 2,142 true pairs of
// splink_historical_50k whose years are 12 or more apart differs in
// exactly two digits, and reading them as "a generation apart" split
// 833 of its 5,156 people.
func twoTypos(a, b *[8]byte) bool {
	n := 0
	for i := range a {
		if a[i] != b[i] {
			n++
		}
	}
	return n <= 2
}

// dateTransposed is the birth-date level of two dates two adjacent digits
// apart.
const dateTransposed int8 = 1

// GenerationApart is the birth-date level of two dates a generation apart
// (or of Jr. and Sr.): a conflict unless an identity hint lifts it.
const GenerationApart int8 = 6

// birthDateLevel is the birth-date level of a pair: dateLevel, with the
// generation markers of the names. Two records whose markers differ (Sr.
// and Jr., II and III) are a generation apart unless their dates agree
// exactly, also when one has no date; a marker on either record (a senior
// is so called because a junior exists) makes dates 12 or more years
// apart a generation even when they differ in only two digits, which
// without a marker reads as a twice-mistyped date (see twoTypos).
func birthDateLevel(a, b *Features) int8 {
	l := dateLevel(a.BirthDate, b.BirthDate)
	ga, gb := a.Generation, b.Generation
	switch {
	case ga == normalize.GenerationNone && gb == normalize.GenerationNone, l == 0:
		return l
	case ga != normalize.GenerationNone && gb != normalize.GenerationNone && ga != gb:
		return GenerationApart
	case l == 5 && yearsApart(a.BirthDate, b.BirthDate) == GenerationApart:
		return GenerationApart
	}
	return l
}

// yearsApart is dateLevel for dates of different years that are not a
// typo apart.
//
// Only the year differing, with day and month the same, reads as a
// mistyped year rather than as two people: a parent and a child share a
// birthday one time in 365.
func yearsApart(a, b Date) int8 {
	d := a.Year() - b.Year()
	if (d >= generationGap || d <= -generationGap) && (a.Month() != b.Month() || a.Day() != b.Day() || a.Month() == 0) {
		return GenerationApart
	}
	return 5
}

func digits8(buf *[8]byte, v uint32) {
	for i := 7; i >= 0; i-- {
		buf[i] = byte('0' + v%10)
		v /= 10
	}
}

// oneEdit reports whether a and b differ by at most one substitution,
// insertion, deletion or swap of adjacent characters (bytes).
func oneEdit(a, b string) bool {
	la, lb := len(a), len(b)
	switch {
	case la == lb:
		i := 0
		for i < la && a[i] == b[i] {
			i++
		}
		if i == la {
			return true
		}
		if i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] {
			return true
		}
		return a[i+1:] == b[i+1:]
	case la == lb+1:
		a, b = b, a
		la, lb = lb, la
		fallthrough
	case lb == la+1:
		i := 0
		for i < la && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}

// stringLevel: 0 exact, 1 JW >= hi, 2 JW >= lo (if lo > 0), last: else.
func stringLevel(a, b string, hi, lo float64, ascii bool) int8 {
	if a == "" || b == "" {
		return Missing
	}
	if a == b {
		return 0
	}
	sim := jw(a, b, ascii)
	if sim >= hi {
		return 1
	}
	if lo > 0 {
		if sim >= lo {
			return 2
		}
		return 3
	}
	return 2
}

func exactLevel(a, b string) int8 {
	if a == "" || b == "" {
		return Missing
	}
	if a == b {
		return 0
	}
	return 1
}

// idLevel: 0 exact, 1 one typo (or transposition), 2 else.
func idLevel(a, b string) int8 {
	if a == "" || b == "" {
		return Missing
	}
	if a == b {
		return 0
	}
	if oneEdit(a, b) {
		return 1
	}
	return 2
}

// emailLevel: 0 exact, 1 same local part, 2 one typo in the address, or
// similar addresses (local parts with JW >= 0.88 at domains at most one
// typo apart, or whole addresses alike) whose digits agree to within one
// typo, 3 else. Addresses are often built from the name plus a number
// (dvogel93@, dvogel71@): namesakes have similar addresses, and the number
// is what tells them apart.
func emailLevel(a, b *Features) int8 {
	if a.Email == "" || b.Email == "" {
		return Missing
	}
	if a.Email == b.Email {
		return 0
	}
	if a.EmailUser != "" && a.EmailUser == b.EmailUser {
		return 1
	}
	if oneEdit(a.Email, b.Email) {
		return 2
	}
	ua, ub := a.EmailUser, b.EmailUser
	if !oneEdit(a.EmailNum, b.EmailNum) {
		return 3
	}
	if ua != "" && ub != "" {
		if da, db := a.Email[len(ua):], b.Email[len(ub):]; (da == db || oneEdit(da, db)) && jw(ua, ub, a.ASCII && b.ASCII) >= 0.88 {
			return 2
		}
	}
	// An address that lost its '@' ("ehmoore.com") has no user to compare
	// and is compared whole, like a scrambled one.
	// Scrambled addresses: the whole-address comparison is dear on long
	// strings, so only addresses that start alike get it.
	if a.Email[0] == b.Email[0] && jw(a.Email, b.Email, a.ASCII && b.ASCII) >= 0.88 {
		return 2
	}
	return 3
}

// phoneLevel compares every phone of a with every phone of b: 0 exact, 1
// the last 7 digits agree, 2 else.
func phoneLevel(a, b *Features) int8 {
	pa := [3]string{a.Phone, a.Mobile, a.Phone2}
	pb := [3]string{b.Phone, b.Mobile, b.Phone2}
	best := Missing
	for _, x := range pa {
		if x == "" {
			continue
		}
		for _, y := range pb {
			if y == "" {
				continue
			}
			l := int8(2)
			if x == y {
				l = 0
			} else if len(x) >= 7 && len(y) >= 7 && x[len(x)-7:] == y[len(y)-7:] {
				l = 1
			}
			if best == Missing || l < best {
				best = l
			}
		}
	}
	return best
}

// postcodeLevel: 0 exact, 1 one typo, 2 same district (first 3
// characters), 3 else.
func postcodeLevel(a, b string) int8 {
	if a == "" || b == "" {
		return Missing
	}
	if a == b {
		return 0
	}
	if oneEdit(a, b) {
		return 1
	}
	if len(a) >= 4 && len(b) >= 4 && a[:3] == b[:3] {
		return 2
	}
	return 3
}

// allComparisons returns every comparison doppel knows, in pairs.csv order.
func allComparisons() []Comparison {
	return []Comparison{
		{Name: "given_name", Levels: []string{"exact", "nickname", "jw>=0.92", "jw>=0.80|phonetic", "initial", "differs"}, TF: tfGiven,
			has: func(f *Features) bool { return f.Given != "" }},
		{Name: "family_name", Levels: []string{"exact", "jw>=0.92", "jw>=0.80|phonetic|part", "initial", "differs"}, TF: tfFamily,
			has: func(f *Features) bool { return f.Family != "" }},
		{Name: "birth_date", Levels: []string{"exact", "transposed digits", "one typo|day-month swap", "within a month", "within a year", "differs", "a generation apart"}, TF: tfBirthDate,
			has:   func(f *Features) bool { return f.BirthDate != 0 },
			level: birthDateLevel,
			hard: func(f *Features) string {
				if f.BirthDate == 0 {
					return ""
				}
				return strconv.Itoa(int(f.BirthDate))
			}},
		// The place of birth, as on an identity document (a bank's KYC
		// data): a town or city like the address's, but it never moves.
		{Name: "birth_place", Levels: []string{"exact", "jw>=0.90", "differs"}, TF: tfBirthPlace,
			has: func(f *Features) bool { return f.BirthPlace != "" },
			level: func(a, b *Features) int8 {
				return stringLevel(a.BirthPlace, b.BirthPlace, 0.90, 0, a.ASCII && b.ASCII)
			}},
		// The same local part at another domain is adjusted by how common
		// that local part is: "h.smith" or "info" at two domains are often
		// two people, "hannah.smithson1987" rarely (Splink's term-frequency
		// adjustment, on the user level).
		{Name: "email", Levels: []string{"exact", "same user", "one typo|similar user", "differs"},
			TF: tfEmailUser, tfLevel: 1,
			has: func(f *Features) bool { return f.Email != "" }, level: emailLevel,
			hard: func(f *Features) string { return f.Email }},
		{Name: "phone", Levels: []string{"exact", "last 7 digits", "differs"},
			has: func(f *Features) bool { return f.Phone != "" || f.Mobile != "" || f.Phone2 != "" }, level: phoneLevel,
			hard: func(f *Features) string { return f.Phone }},
		{Name: "street_number", Levels: []string{"exact", "differs"},
			has:   func(f *Features) bool { return f.StreetNo != "" },
			level: streetNumberLevel},
		{Name: "street", Levels: []string{"exact", "jw>=0.90", "jw>=0.75", "differs"}, TF: tfStreet,
			has:   func(f *Features) bool { return f.Street != "" },
			level: func(a, b *Features) int8 { return stringLevel(a.Street, b.Street, 0.90, 0.75, a.ASCII && b.ASCII) }},
		{Name: "address_2", Levels: []string{"exact", "jw>=0.90", "differs"},
			has:   func(f *Features) bool { return f.Address2 != "" },
			level: func(a, b *Features) int8 { return stringLevel(a.Address2, b.Address2, 0.90, 0, a.ASCII && b.ASCII) }},
		{Name: "city", Levels: []string{"exact", "jw>=0.90", "differs"}, TF: tfCity,
			has:   func(f *Features) bool { return f.City != "" },
			level: func(a, b *Features) int8 { return stringLevel(a.City, b.City, 0.90, 0, a.ASCII && b.ASCII) }},
		{Name: "postcode", Levels: []string{"exact", "one typo", "same district", "differs"}, TF: tfPostcode,
			has:   func(f *Features) bool { return f.Postcode != "" },
			level: func(a, b *Features) int8 { return postcodeLevel(a.Postcode, b.Postcode) }},
		{Name: "state", shared: true, Levels: []string{"exact", "differs"},
			has:   func(f *Features) bool { return f.State != "" },
			level: func(a, b *Features) int8 { return exactLevel(a.State, b.State) }},
		{Name: "country", shared: true, Levels: []string{"exact", "differs"},
			has:   func(f *Features) bool { return f.Country != "" },
			level: func(a, b *Features) int8 { return exactLevel(a.Country, b.Country) }},
		{Name: "national_id", Levels: []string{"exact", "one typo", "differs"},
			has:   func(f *Features) bool { return f.NationalID != "" },
			level: func(a, b *Features) int8 { return idLevel(a.NationalID, b.NationalID) },
			hard:  func(f *Features) string { return f.NationalID }},
		{Name: "customer_ref", Levels: []string{"exact", "one typo", "differs"},
			has:   func(f *Features) bool { return f.Ref != "" },
			level: func(a, b *Features) int8 { return idLevel(a.Ref, b.Ref) },
			hard:  func(f *Features) string { return f.Ref }},
		{Name: "company", Levels: orgLevels(), TF: tfCompany,
			has: func(f *Features) bool { return f.Company != "" },
			// Unweighted here; the scorer weighs the words (scorer.org).
			level: func(a, b *Features) int8 { return companyLevel(a, b, nil) }},
		{Name: "gender", shared: true, Levels: []string{"exact", "differs"},
			has:   func(f *Features) bool { return f.Gender != "" },
			level: func(a, b *Features) int8 { return exactLevel(a.Gender, b.Gender) },
			hard:  func(f *Features) string { return f.Gender }},
	}
}

// streetNumberLevel compares house numbers. The same number on streets
// that differ (4747 S Marshfield / 4747 S Winchester) says nothing about
// identity and reads as missing: counted as an agreement it added a
// number's full weight to neighbours in one city, which the street's
// "differs" weight did not take back (dedupe_chicago_childcare). Streets
// differ as the street comparison says (Jaro-Winkler under 0.75). A shared
// compass word keeps "south marshfield" / "south winchester" above that;
// dropping it lost more true pairs on the Chicago set (recall 0.880 to
// 0.864) than it saved.
func streetNumberLevel(a, b *Features) int8 {
	l := exactLevel(a.StreetNo, b.StreetNo)
	if l == 0 && a.Street != "" && b.Street != "" &&
		stringLevel(a.Street, b.Street, 0.90, 0.75, a.ASCII && b.ASCII) == 3 {
		return Missing
	}
	return l
}
