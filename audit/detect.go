package audit

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/normalize"
	"golang.org/x/text/language"
)

// Junk kinds reported by Checker.Junk (normalize's, which matching shares).
const (
	JunkPlaceholder   = normalize.JunkPlaceholder
	JunkTest          = normalize.JunkTest
	JunkRepeatedChar  = normalize.JunkRepeatedChar
	JunkFakeEmail     = normalize.JunkFakeEmail
	JunkRoleEmail     = normalize.JunkRoleEmail
	JunkRepeatedDigit = normalize.JunkRepeatedDigit
	JunkSequential    = normalize.JunkSequential
	JunkPlaceholderDt = normalize.JunkPlaceholderDt
	JunkDigitsInName  = normalize.JunkDigitsInName
	JunkShared        = "shared_value" // one value on implausibly many records (switchboard, info@)
)

// Encoding kinds reported by EncodingIssues.
const (
	EncMojibake    = "mojibake"         // UTF-8 read as Windows-1252: MÃ¼ller, â€™
	EncReplacement = "replacement_char" // U+FFFD: bytes lost in a bad conversion
	EncFullWidth   = "full_width"       // full-width forms: ０３０, ＭＵＬＬＥＲ
	EncMixedScript = "mixed_scripts"    // letters of two scripts in one value: Latin + Cyrillic
	EncInvisible   = "invisible_chars"  // zero-width, soft hyphen, no-break space, control characters
)

// sharedLimit is the number of records sharing one e-mail address, phone
// number, national id or customer reference above which the value is
// reported as shared by implausibly many records.
const sharedLimit = 5

// Checker validates values and detects junk. It holds a Normalizer and
// the tables built for it, so it is NOT safe for concurrent use: create one
// per goroutine with NewChecker.
type Checker struct {
	n        *normalize.Normalizer
	now      time.Time
	postcode map[string]*regexp.Regexp
}

// NewChecker returns a Checker; region and dateOrder are the defaults of
// the source (see normalize.Options). now bounds plausible dates.
func NewChecker(region, dateOrder string, now time.Time) (*Checker, error) {
	n, err := normalize.New(normalize.Options{Region: region, DateOrder: dateOrder})
	if err != nil {
		return nil, err
	}
	c := &Checker{n: n, now: now, postcode: map[string]*regexp.Regexp{}}
	for cc, re := range map[string]string{
		"US": `^\d{5}(-?\d{4})?$`, "DE": `^\d{5}$`, "FR": `^\d{5}$`, "IT": `^\d{5}$`, "ES": `^\d{5}$`,
		"FI": `^\d{5}$`, "AT": `^\d{4}$`, "CH": `^\d{4}$`, "BE": `^\d{4}$`, "DK": `^\d{4}$`, "NO": `^\d{4}$`,
		"AU": `^\d{4}$`, "NZ": `^\d{4}$`, "LU": `^(L-?)?\d{4}$`, "NL": `^\d{4} ?[A-Z]{2}$`,
		"SE": `^\d{3} ?\d{2}$`, "PL": `^\d{2}-\d{3}$`, "CZ": `^\d{3} ?\d{2}$`, "PT": `^\d{4}-\d{3}$`,
		"CA": `^[A-Z]\d[A-Z] ?\d[A-Z]\d$`, "JP": `^\d{3}-?\d{4}$`, "IE": `^[A-Z]\d[\dW] ?[A-Z\d]{4}$`,
		"GB": `^([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|GIR ?0AA)$`,
	} {
		c.postcode[cc] = regexp.MustCompile(re)
	}
	return c, nil
}

// Validated reports whether values of field f are checked for validity.
func Validated(f doppel.Field) bool {
	switch f {
	case doppel.Email, doppel.Phone, doppel.Mobile, doppel.Postcode, doppel.BirthDate, doppel.Created,
		doppel.Updated, doppel.Gender, doppel.Country, doppel.GivenName, doppel.FamilyName, doppel.FullName,
		doppel.NameReading:
		return true
	}
	return false
}

// Result is the verdict on one non-empty value.
type Result struct {
	Checked bool   // the field has a validator and it could be applied (a postcode needs a known country)
	Valid   bool   // the value is valid (only if Checked)
	Reason  string // why it is invalid, short ("no @", "not a number for DE", "in the future")
	// LostZero: a postcode of a country with leading zeros (DE, FR, IT, ES, US)
	// that is one digit short and valid once padded ("1067" for 01067).
	LostZero bool
}

// Validate checks one trimmed, non-empty value of field f. country is the
// record's country (any form normalize.Country accepts) or ""; region is
// the fallback country for phones and postcodes ("" = the Checker's).
// Dates are read on their own in the Checker's order (a part above 12
// decides); ValidateDate reads them in a column's one order.
func (c *Checker) Validate(f doppel.Field, v, country, region string) Result {
	switch f {
	case doppel.Email:
		if _, ok := c.n.Email(v); ok {
			return Result{Checked: true, Valid: true}
		}
		reason := "malformed address"
		switch strings.Count(v, "@") {
		case 0:
			reason = "no @"
		case 1:
		default:
			reason = "several @"
		}
		return Result{Checked: true, Reason: reason}
	case doppel.Phone, doppel.Mobile:
		r := region
		if cc := c.n.Country(country); len(cc) == 2 {
			r = cc
		}
		if _, ok := c.n.Phone(v, r); ok {
			return Result{Checked: true, Valid: true}
		}
		if r == "" {
			return Result{Checked: true, Reason: "not a valid phone number"}
		}
		return Result{Checked: true, Reason: "not a valid number for " + r}
	case doppel.Postcode:
		return c.postcodeCheck(v, country, region)
	case doppel.BirthDate, doppel.Created, doppel.Updated:
		d, ok := c.n.Date(v)
		return c.dateCheck(f, d, ok, "not a date")
	case doppel.Gender:
		if c.n.Gender(v) != "" {
			return Result{Checked: true, Valid: true}
		}
		return Result{Checked: true, Reason: "not a recognised gender"}
	case doppel.Country:
		cc := c.n.Country(v)
		if len(cc) == 2 {
			if r, err := language.ParseRegion(cc); err == nil && r.IsCountry() {
				return Result{Checked: true, Valid: true}
			}
		}
		return Result{Checked: true, Reason: "not a country"}
	case doppel.GivenName, doppel.FamilyName, doppel.FullName, doppel.NameReading:
		hasLetter := false
		for _, r := range v {
			if unicode.IsLetter(r) {
				hasLetter = true
			}
			if unicode.IsDigit(r) || r == '@' {
				return Result{Checked: true, Reason: "digits or @ in a name"}
			}
		}
		if !hasLetter {
			return Result{Checked: true, Reason: "no letters"}
		}
		return Result{Checked: true, Valid: true}
	}
	return Result{}
}

// ValidateDate checks one trimmed, non-empty value of the date field f
// (birth_date, created, updated) read in the column's one order ("DMY",
// "MDY" or "YMD", see normalize.Normalizer.DateInOrder): a value that is a
// date only in another order is invalid.
func (c *Checker) ValidateDate(f doppel.Field, v, order string) Result {
	d, ok := c.n.DateInOrder(v, order)
	reason := "not a date"
	if _, other := c.n.Date(v); !ok && other && order != "" {
		reason = "not a date in the column's order " + order
	}
	return c.dateCheck(f, d, ok, reason)
}

// DateEvidence returns what the value v shows about its column's date
// order.
func (c *Checker) DateEvidence(v string) normalize.DateOrderEvidence { return c.n.DateEvidence(v) }

// dateCheck judges a parsed date (ok false: not a date, for the reason
// given) for plausibility.
func (c *Checker) dateCheck(f doppel.Field, d normalize.Date, ok bool, notDate string) Result {
	if !ok {
		return Result{Checked: true, Reason: notDate}
	}
	if d.Y > c.now.Year() || (d.Y == c.now.Year() && d.M > int(c.now.Month())) ||
		(d.Y == c.now.Year() && d.M == int(c.now.Month()) && d.D > c.now.Day()) {
		return Result{Checked: true, Reason: "in the future"}
	}
	if f == doppel.BirthDate && d.Y < c.now.Year()-120 {
		return Result{Checked: true, Reason: "more than 120 years ago"}
	}
	if f != doppel.BirthDate && d.Y < 1960 {
		return Result{Checked: true, Reason: "before 1960"}
	}
	if d.M == 0 || d.D == 0 {
		return Result{Checked: true, Valid: true, Reason: "partial date"}
	}
	return Result{Checked: true, Valid: true}
}

// zeroPadded are the countries whose postcodes can start with 0 and have
// five digits, so a spreadsheet that read them as numbers dropped the zero.
const zeroPadded = "DE FR IT ES US"

// postcodeCheck validates a postcode against the format of its country.
func (c *Checker) postcodeCheck(v, country, region string) Result {
	cc := c.n.Country(country)
	assumed := ""
	if len(cc) != 2 {
		cc, assumed = region, " (no country: assumed "+region+")"
	}
	re := c.postcode[cc]
	if re == nil {
		return Result{} // no format known: not checked
	}
	up := strings.ToUpper(strings.TrimSpace(v))
	up = strings.TrimSuffix(up, ".0") // spreadsheet float
	if re.MatchString(up) {
		return Result{Checked: true, Valid: true}
	}
	if strings.Contains(zeroPadded, cc) && isDigits(up) && (len(up) == 4 || (cc == "US" && len(up) == 3)) {
		return Result{Checked: true, LostZero: true, Reason: "leading zero lost" + assumed}
	}
	return Result{Checked: true, Reason: "not a " + cc + " postcode" + assumed}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Junk returns the junk kind of a trimmed, non-empty value of field f, or
// "" when the value looks real (normalize.Normalizer.Junk). Values shared
// by implausibly many records are found later from the value counts
// (JunkShared).
func (c *Checker) Junk(f doppel.Field, v string) string { return c.n.Junk(f, v) }

// repeatedChar reports whether s is at least three times one character.
func repeatedChar(s string) bool { return normalize.RepeatedChar(s) }

// SharedCandidate reports whether field f identifies one person, so that
// one value on more than a few records is suspicious (a switchboard number,
// an info@ address, a default customer number).
func SharedCandidate(f doppel.Field) bool {
	switch f {
	case doppel.Email, doppel.Phone, doppel.Mobile, doppel.NationalID, doppel.CustomerRef:
		return true
	}
	return false
}

// script groups letters for the mixed-script check. Han, Hiragana and
// Katakana form one group: Japanese mixes them in every name.
func script(r rune) string {
	if r < 0x80 {
		return "Latin"
	}
	switch {
	case unicode.Is(unicode.Latin, r):
		return "Latin"
	case unicode.Is(unicode.Cyrillic, r):
		return "Cyrillic"
	case unicode.Is(unicode.Greek, r):
		return "Greek"
	case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return "CJK"
	case unicode.Is(unicode.Hangul, r):
		return "Hangul"
	case unicode.Is(unicode.Arabic, r):
		return "Arabic"
	case unicode.Is(unicode.Hebrew, r):
		return "Hebrew"
	case unicode.Is(unicode.Thai, r):
		return "Thai"
	case unicode.Is(unicode.Devanagari, r):
		return "Devanagari"
	}
	return "Other"
}

// isCont reports whether r is what Windows-1252 shows for a UTF-8
// continuation byte (0x80-0xBF).
func isCont(r rune) bool {
	if r >= 0xA0 && r <= 0xBF {
		return true
	}
	return strings.ContainsRune("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\u0081\u008d\u008f\u0090\u009d", r)
}

// EncodingIssues returns the encoding problems of a value (EncMojibake,
// EncReplacement, EncFullWidth, EncMixedScript, EncInvisible), in that
// order, and the script of its letters ("" without letters, "mixed" for
// several). It is safe for concurrent use.
func EncodingIssues(v string) (issues []string, scriptName string) {
	if isASCIIPrintable(v) {
		for i := 0; i < len(v); i++ {
			if c := v[i]; c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
				return nil, "Latin"
			}
		}
		return nil, ""
	}
	var moji, repl, full, invis bool
	var prev, prev2 rune
	for _, r := range v {
		switch {
		case r == utf8.RuneError:
			repl = true
		case r >= 0xFF01 && r <= 0xFF5E:
			full = true
		case r == 0x00A0 || r == 0x00AD || r == 0xFEFF || (r >= 0x200B && r <= 0x200F) || (r >= 0x2060 && r <= 0x2064) ||
			r == '\t' || r == '\n' || r == '\r' || (r < 0x20) || (r >= 0x7F && r < 0xA0 && !isCont(r)):
			invis = true
		}
		if isCont(r) && prev >= 0xC2 && prev <= 0xDF {
			moji = true
		}
		if isCont(r) && isCont(prev) && prev2 >= 0xE0 && prev2 <= 0xEF {
			moji = true
		}
		prev2, prev = prev, r
		if unicode.IsLetter(r) {
			s := script(r)
			switch scriptName {
			case "":
				scriptName = s
			case s, "mixed":
			default:
				scriptName = "mixed"
			}
		}
	}
	if moji {
		issues = append(issues, EncMojibake)
	}
	if repl {
		issues = append(issues, EncReplacement)
	}
	if full {
		issues = append(issues, EncFullWidth)
	}
	if scriptName == "mixed" {
		issues = append(issues, EncMixedScript)
	}
	if invis {
		issues = append(issues, EncInvisible)
	}
	return issues, scriptName
}

func isASCIIPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7F {
			return false
		}
	}
	return true
}

// maxPattern is the longest pattern kept, in bytes; longer ones end in "…".
const maxPattern = 40

// appendPattern appends the shape of v to dst: every digit becomes '9'
// (so lengths show: "999-999-9999"), every run of letters becomes one
// word shape ("Aa" for Müller, "AA" for MÜLLER, "aa" for müller, "A" for
// one capital, "Ax" for mixed case as in McDonald, "L"/"LL" for letters
// without case), runs of white space one space, and other ASCII punctuation
// stays itself; anything else is '?'. "John Smith" -> "Aa Aa",
// "+49 (30) 1234567" -> "+99 (99) 9999999". It is safe for concurrent use.
func appendPattern(dst []byte, v string) []byte {
	start := len(dst)
	inWord, wordLen := false, 0
	var wordRest byte
	flush := func() {
		if inWord && wordLen > 1 {
			dst = append(dst, wordRest)
		}
		inWord, wordLen = false, 0
	}
	lastSpace := false
	for _, r := range v {
		if len(dst)-start >= maxPattern {
			flush()
			return append(dst, "…"...)
		}
		if unicode.IsLetter(r) {
			cls := byte('L')
			if unicode.IsUpper(r) {
				cls = 'A'
			} else if unicode.IsLower(r) {
				cls = 'a'
			}
			lastSpace = false
			if !inWord {
				inWord, wordLen = true, 1
				dst = append(dst, cls)
				continue
			}
			if wordLen == 1 {
				wordRest = cls
			} else if wordRest != cls {
				wordRest = 'x'
			}
			wordLen++
			continue
		}
		flush()
		switch {
		case unicode.IsDigit(r):
			dst = append(dst, '9')
			lastSpace = false
		case unicode.IsSpace(r):
			if !lastSpace {
				dst = append(dst, ' ')
			}
			lastSpace = true
		case r < 0x80 && unicode.IsPrint(r):
			dst = append(dst, byte(r))
			lastSpace = false
		default:
			dst = append(dst, '?')
			lastSpace = false
		}
	}
	flush()
	return dst
}

// Pattern returns the value pattern of v (see the package documentation).
func Pattern(v string) string { return string(appendPattern(nil, v)) }
