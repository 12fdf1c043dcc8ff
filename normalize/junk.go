package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doppel-dev/doppel"
)

// Junk kinds reported by Normalizer.Junk.
const (
	JunkPlaceholder   = "placeholder"       // N/A, unknown, null, -, ?, keine
	JunkTest          = "test_value"        // test, asdf, John Doe, Max Mustermann
	JunkRepeatedChar  = "repeated_char"     // xxxx, aaaa
	JunkFakeEmail     = "fake_email"        // x@x.com, test@example.com, noemail@...
	JunkRoleEmail     = "role_email"        // info@, office@, kontakt@: not a person
	JunkRepeatedDigit = "repeated_digits"   // 0000000000, 1111111
	JunkSequential    = "sequential_digits" // 123456789, 0123456789
	JunkPlaceholderDt = "placeholder_date"  // 1900-01-01, 1970-01-01, 9999-12-31
	JunkDigitsInName  = "digits_in_name"    // Anna2, 123
)

// junkTables are the word lists Junk reads, built once per Normalizer.
type junkTables struct {
	words   map[string]string // folded key -> junk kind
	locals  map[string]bool   // fake e-mail local parts
	domains map[string]bool   // fake e-mail domains
	roles   map[string]bool   // role-account local parts
	dates   map[string]bool   // placeholder dates (YYYY-MM-DD)
	// names are the words that stand for a missing name. Short
	// placeholder words (na, no, nan, x) are left out: Na, No and Nan are
	// real names; so are the test words that are surnames (Sample, Muster,
	// Bar, Tester).
	names  map[string]bool
	packed map[PackedDate]bool // dates, packed as Prepare packs birth dates
}

func newJunkTables() *junkTables {
	t := &junkTables{words: map[string]string{}, locals: map[string]bool{}, domains: map[string]bool{},
		roles: map[string]bool{}, dates: map[string]bool{}, names: map[string]bool{}, packed: map[PackedDate]bool{}}
	for _, w := range strings.Split("n a|na|n v|none|null|nil|nan|unknown|unbekannt|inconnu|desconocido|sconosciuto|"+
		"not available|not applicable|not known|no data|missing|tbd|tba|todo|to do|blank|empty|undefined|"+
		"keine|kein|keine angabe|k a|nicht vorhanden|no|nein|non|ohne|leer|0|00|000|x|xx|xxx|xxxx|"+
		"no email|no mail|no phone|kein telefon|none given|refused|declined|dummy|default|placeholder", "|") {
		t.words[w] = JunkPlaceholder
	}
	for _, w := range strings.Split("test|testing|tester|test test|test user|testuser|test1|test123|asdf|asdfgh|qwerty|"+
		"foo|bar|foobar|foo bar|sample|example|lorem ipsum|abc|abcd|abcdef|mickey mouse|donald duck|john doe|jane doe|"+
		"max mustermann|erika mustermann|musterman|mustermann|muster|fake|xyz", "|") {
		t.words[w] = JunkTest
	}
	for _, w := range strings.Split("test|x|xx|xxx|a|aa|aaa|none|noemail|no email|nomail|no mail|no|na|n a|null|dummy|fake|"+
		"invalid|keine|kein|noreply|no reply|donotreply|do not reply|unknown|nobody|asdf|abc|email|e mail|mail|foo", "|") {
		t.locals[w] = true
	}
	for _, d := range strings.Split("example.com|example.org|example.net|example.de|test.com|test.de|x.com|xx.com|xxx.com|"+
		"none.com|noemail.com|nomail.com|no.com|na.com|invalid|invalid.com|localhost|domain.com|email.com|"+
		"mailinator.com|abc.com|asdf.com|fake.com|dummy.com|test.test", "|") {
		t.domains[d] = true
	}
	for _, w := range strings.Split("info|office|kontakt|contact|sales|admin|administrator|service|support|hello|team|"+
		"billing|accounts|accounting|buchhaltung|mail|post|webmaster|postmaster|hr|jobs|marketing|verwaltung|"+
		"zentrale|reception|enquiries|inquiries|bestellung|orders", "|") {
		t.roles[w] = true
	}
	for _, d := range strings.Split("1900-01-01|1901-01-01|1899-12-31|1899-12-30|1800-01-01|1000-01-01|1111-11-11|"+
		"1970-01-01|2000-01-01|9999-12-31|9999-01-01|2999-12-31|2099-12-31|1234-05-06", "|") {
		t.dates[d] = true
	}
	for _, w := range strings.Split("n a|n v|k a|none|null|unknown|unbekannt|inconnu|desconocido|sconosciuto|"+
		"not available|not applicable|not known|no data|missing|blank|empty|undefined|keine angabe|nicht vorhanden|"+
		"no name|noname|kein name|xxx|xxxx|dummy|placeholder|test|testing|test test|test user|testuser|test1|test123|"+
		"asdf|asdfgh|qwerty|foobar|foo bar|lorem ipsum|mickey mouse|donald duck|john doe|jane doe|"+
		"max mustermann|erika mustermann|fake", "|") {
		t.names[w] = true
	}
	for d := range t.dates {
		if len(d) == 10 {
			y, m, dd := atoi(d[:4]), atoi(d[5:7]), atoi(d[8:10])
			t.packed[PackedDate(y*10000+m*100+dd)] = true
		}
	}
	return t
}

// atoi converts a string of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Placeholder reports whether a value of field f stands for "no value"
// and carries no identity: a placeholder or test value, a fake e-mail
// address, a phone or id of repeated or sequential digits, a placeholder
// date (see Junk). Prepare treats such values as missing, so records that
// share "N/A", "000-000-0000" or "test@test.com" are not evidence for
// each other. Role e-mail addresses (info@) stay: for a company they are
// the address. Values are judged on their matching keys, as Prepare sees
// them.
func (n *Normalizer) Placeholder(f doppel.Field, v string) bool {
	switch f.Kind() {
	case doppel.KindName, doppel.KindFullName:
		return n.placeholderName(n.NameKey(v))
	case doppel.KindEmail:
		k, _ := n.Email(v)
		return n.placeholderEmail(k)
	case doppel.KindPhone:
		return placeholderDigits(v, 5)
	case doppel.KindDate:
		d, ok := n.Date(v)
		return ok && n.junk.packed[PackedDate(d.Y*10000+d.M*100+d.D)]
	case doppel.KindIdentifier, doppel.KindPostcode:
		return n.placeholderCode(n.Key(v))
	}
	return n.placeholderText(n.Key(v))
}

// placeholderName reports whether a name key is a placeholder.
func (n *Normalizer) placeholderName(key string) bool {
	return key != "" && (n.junk.names[key] || RepeatedChar(key))
}

// placeholderEmail reports whether an e-mail key is a fake address.
//
// It takes the key Email already made (Prepare runs it on every record)
// and shares fakeEmail with Junk.
func (n *Normalizer) placeholderEmail(key string) bool {
	if key == "" {
		return false
	}
	if !strings.Contains(key, "@") {
		return n.junk.words[n.Key(key)] != ""
	}
	return n.fakeEmail(key)
}

// fakeEmail reports whether an e-mail key (local@domain, as Email makes
// it) is a fake address: a fake local part or domain, a local part of one
// repeated character, or x@x.com. Junk and Prepare both judge by it.
func (n *Normalizer) fakeEmail(key string) bool {
	local, domain, _ := strings.Cut(key, "@")
	if n.junk.domains[domain] {
		return true
	}
	lk := local
	for i := 0; i < len(local); i++ {
		if c := local[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			lk = n.Key(local)
			break
		}
	}
	if n.junk.locals[lk] || RepeatedChar(strings.ReplaceAll(lk, " ", "")) {
		return true
	}
	first, _, _ := strings.Cut(domain, ".")
	return utf8.RuneCountInString(local) == 1 && utf8.RuneCountInString(first) == 1 // x@x.com, a@b.de
}

// placeholderDigits reports whether a phone or number key is repeated or
// sequential digits, or (minDigits > 0) has fewer digits than that.
func placeholderDigits(key string, minDigits int) bool {
	return key != "" && digitJunk(key, minDigits) != ""
}

// placeholderCode reports whether an identifier or postcode key is a
// placeholder word or a run of repeated or sequential digits.
func (n *Normalizer) placeholderCode(key string) bool {
	if key == "" {
		return false
	}
	return n.junk.words[key] != "" || digitJunk(key, 0) != ""
}

// placeholderText reports whether a city, street or company key is a
// placeholder word.
func (n *Normalizer) placeholderText(key string) bool {
	return key != "" && (n.junk.names[key] || (len(key) >= 4 && n.junk.words[key] == JunkPlaceholder))
}

// Junk returns the junk kind of a trimmed, non-empty value of field f, or
// "" when the value looks real: placeholders (N/A, unknown, -), test
// values (asdf, John Doe), fake and role e-mail addresses, repeated or
// sequential digits, placeholder dates. doppel audit reports these, and
// Prepare treats the kinds that carry no identity as missing (see
// Placeholder). Values shared by implausibly many records are a matter of
// counts, not of the value, and are not found here.
func (n *Normalizer) Junk(f doppel.Field, v string) string {
	key := n.Key(v)
	if key == "" {
		// nothing but punctuation and symbols: "-", "?", "..."
		return JunkPlaceholder
	}
	switch f {
	case doppel.Email:
		return n.emailJunk(v)
	case doppel.Phone, doppel.Mobile:
		return digitJunk(v, 5)
	case doppel.Postcode, doppel.NationalID, doppel.CustomerRef:
		if k := n.junk.words[key]; k != "" {
			return k
		}
		return digitJunk(v, 0)
	case doppel.BirthDate, doppel.Created, doppel.Updated:
		if d, ok := n.Date(v); ok && n.junk.dates[d.String()] {
			return JunkPlaceholderDt
		}
	}
	if k := n.junk.words[key]; k != "" {
		return k
	}
	if RepeatedChar(key) {
		return JunkRepeatedChar
	}
	switch f {
	case doppel.GivenName, doppel.FamilyName, doppel.FullName, doppel.NameReading, doppel.MiddleName, doppel.City, doppel.BirthPlace:
		if strings.IndexFunc(v, unicode.IsDigit) >= 0 {
			return JunkDigitsInName
		}
	}
	return ""
}

// emailJunk finds fake and role e-mail addresses.
func (n *Normalizer) emailJunk(v string) string {
	key, _ := n.Email(v)
	local, _, ok := strings.Cut(key, "@")
	switch {
	case !ok:
		if n.junk.words[n.Key(v)] != "" {
			return JunkPlaceholder
		}
	case n.fakeEmail(key):
		return JunkFakeEmail
	case n.junk.roles[n.Key(local)]:
		return JunkRoleEmail
	}
	return ""
}

// digitJunk finds numbers made of one repeated digit or an ascending or
// descending run ("0000000000", "123456789"). minDigits > 0 also flags
// values with fewer digits (but at least one) as placeholders.
func digitJunk(v string, minDigits int) string {
	var d []byte
	for _, r := range v {
		if r >= '0' && r <= '9' {
			d = append(d, byte(r))
		} else if r >= '０' && r <= '９' {
			d = append(d, byte(r-'０'+'0'))
		}
	}
	if len(d) == 0 {
		return ""
	}
	if len(d) >= 4 && RepeatedChar(string(d)) {
		return JunkRepeatedDigit
	}
	if len(d) >= 6 {
		up, down := true, true
		for i := 1; i < len(d); i++ {
			up = up && (d[i] == d[i-1]+1 || (d[i-1] == '9' && d[i] == '0'))
			down = down && (d[i]+1 == d[i-1] || (d[i-1] == '0' && d[i] == '9'))
		}
		if up || down {
			return JunkSequential
		}
	}
	if minDigits > 0 && len(d) < minDigits {
		return JunkPlaceholder
	}
	return ""
}

// RepeatedChar reports whether s is at least three times one character.
func RepeatedChar(s string) bool {
	if utf8.RuneCountInString(s) < 3 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	for _, r := range s {
		if r != first {
			return false
		}
	}
	return true
}
