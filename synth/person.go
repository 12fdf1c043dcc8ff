package synth

import (
	"strconv"
	"strings"
	"time"
)

// person is the compact true state of one customer; records are rendered
// from it (and corrupted for duplicates).
type person struct {
	country, gender, culture uint8
	title                    uint8 // 0 none, 1 Dr.
	given, family, family2   int32 // family2: second part of a double name, -1 none
	dobY                     uint16
	dobM, dobD               uint8
	city                     uint16
	street                   uint16
	streetSuf                uint8
	house                    uint16
	houseLetter              byte // 0 or 'a'..'c'
	postSeed                 uint32
	phone, mobile            uint32 // subscriber numbers; mobile 0 = none
	mobilePre                uint16
	emailPat, provider       uint8
	emailNum                 uint16
	created                  int32 // days after 2008-01-01
}

// fields are the rendered values of one record.
type fields struct {
	salutation, given, family string
	email                     string
	phone, mobile             phone
	street, house             string
	postcode, city, country   string
	state                     string
	company                   string // hard cases only: the company column
	dobY, dobM, dobD          int    // 0 = missing
	created, modified         int32
	upperFamily               bool // render the family name in capitals (billing style)
	phoneStyle                int  // -1: the schema's default style
}

type phone struct {
	country   uint8
	area, num string
	missing   bool
	raw       string // written as is when set (a placeholder such as 000-000-0000)
}

// scratch holds reusable buffers.
type scratch struct{ buf []byte }

func (g *generator) newPerson() person {
	r, t := g.r, g.t
	var p person
	x := r.Float64()
	switch {
	case x < 0.45:
		p.country = cDE
	case x < 0.55:
		p.country = cAT
	case x < 0.65:
		p.country = cCH
	case x < 0.85:
		p.country = cUK
	default:
		p.country = cUS
	}
	p.culture = german
	if p.country >= cUK {
		p.culture = english
	}
	if r.Float64() < 0.1 {
		p.culture = 1 - p.culture
	}
	p.gender = uint8(r.IntN(2))
	if r.Float64() < 0.04 {
		p.title = 1
	}
	p.given = int32(t.givenSkew[p.culture][p.gender].pick(r))
	p.family = int32(t.surSkew[p.culture].pick(r))
	p.family2 = -1
	if p.culture == german && r.Float64() < 0.03 {
		p.family2 = int32(t.surSkew[german].pick(r))
	}
	p.dobY = uint16(1935 + r.IntN(36) + r.IntN(36)) // 1935..2005, peaked mid-century
	p.dobM = uint8(1 + r.IntN(12))
	p.dobD = uint8(1 + r.IntN(daysIn(int(p.dobY), int(p.dobM))))
	p.city = uint16(t.citySkew[p.country].pick(r))
	sc := streetCulture(p.country)
	p.street = uint16(t.streetSkew[sc].pick(r))
	p.streetSuf = uint8(r.IntN(len(t.streetSuf[sc])))
	p.house = uint16(1 + r.IntN(60) + r.IntN(3)*r.IntN(80))
	if r.Float64() < 0.08 {
		p.houseLetter = byte('a' + r.IntN(3))
	}
	p.postSeed = r.Uint32()
	p.phone = r.Uint32()
	if r.Float64() < 0.7 {
		p.mobile = r.Uint32() | 1
		p.mobilePre = uint16(r.IntN(8))
	}
	p.emailPat = uint8(r.IntN(8))
	p.provider = uint8(t.provSkew[p.culture].pick(r))
	p.emailNum = uint16(r.IntN(1000))
	p.created = int32(r.IntN(6200))
	return p
}

func streetCulture(country uint8) int {
	if country >= cUK {
		return english
	}
	return german
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// names returns person p's clean given and family name (a double family
// name joined by a hyphen).
func (g *generator) names(p *person) (given, family string) {
	t := g.t
	given, family = t.given[p.culture][p.gender][p.given], t.surname[p.culture][p.family]
	if p.family2 >= 0 && t.surname[german][p.family2] != family {
		family += "-" + t.surname[german][p.family2]
	}
	return given, family
}

// render returns the clean fields of person i written into export file,
// corrupted when dup is set.
func (g *generator) render(i int, dup bool, file int) fields {
	p := &g.people[i]
	h := g.hard[i]
	if h != nil && h.kind == caseMover && g.renderAlt(h, file, dup) {
		p = &h.moved
	}
	r, t := g.r, g.t
	var f fields
	f.given, f.family = g.names(p)
	f.salutation = salutation(p.country, p.gender, p.title, r.IntN(4))
	f.email = g.email(p, f.given, f.family)
	c := t.cities[p.country][p.city]
	f.city = c.name
	f.state = c.state
	f.postcode = postcode(p.country, c, p.postSeed)
	f.country = countryCode(p.country)
	f.phone = phone{country: p.country, area: c.area, num: subscriber(p.phone, subscriberLen(p.country, c.area, false))}
	if p.mobile != 0 {
		pre := mobilePrefix(p.country, p.mobilePre, c.area)
		f.mobile = phone{country: p.country, area: pre, num: subscriber(p.mobile, subscriberLen(p.country, pre, true))}
	} else {
		f.mobile.missing = true
	}
	sc := streetCulture(p.country)
	f.street = streetName(sc, t.street[sc][p.street], t.streetSuf[sc][p.streetSuf])
	f.house = strconv.Itoa(int(p.house))
	if p.houseLetter != 0 {
		f.house += string(rune(p.houseLetter))
	}
	f.dobY, f.dobM, f.dobD = int(p.dobY), int(p.dobM), int(p.dobD)
	f.created = p.created
	f.modified = p.created + int32(r.IntN(400)*r.IntN(4))
	f.upperFamily = r.Float64() < 0.6
	f.phoneStyle = -1

	// Every record, original or not, has some missing optional values.
	if r.Float64() < 0.04 {
		f.email = ""
	}
	if r.Float64() < 0.06 {
		f.phone.missing = true
	}
	if r.Float64() < 0.05 {
		f.dobY, f.dobM, f.dobD = 0, 0, 0
	}
	if r.Float64() < 0.03 {
		f.street, f.house = "", ""
	}
	if dup {
		g.corrupt(p, &f)
	}
	if h != nil {
		g.renderHard(p, h, &f, file, dup)
	}
	return f
}

func salutation(country, gender, title uint8, v int) string {
	if country <= cCH {
		s := "Herr"
		if gender == 1 {
			s = "Frau"
		}
		if title == 1 {
			s += " Dr."
		}
		return s
	}
	if title == 1 {
		return "Dr"
	}
	if gender == 0 {
		return "Mr"
	}
	return [...]string{"Mrs", "Ms", "Ms", "Miss"}[v]
}

func countryCode(c uint8) string {
	return [...]string{"DE", "AT", "CH", "GB", "US"}[c]
}

func streetName(culture int, stem, suf string) string {
	if culture == german {
		return stem + suf
	}
	return stem + " " + suf
}

// postcode derives a plausible postcode for city c from seed.
func postcode(country uint8, c city, seed uint32) string {
	pre := c.prefixes[int(seed%uint32(len(c.prefixes)))]
	seed /= uint32(len(c.prefixes))
	digits := func(b []byte, n int) []byte {
		for i := 0; i < n; i++ {
			b = append(b, byte('0'+seed%10))
			seed /= 10
		}
		return b
	}
	b := make([]byte, 0, 8)
	b = append(b, pre...)
	switch country {
	case cDE:
		b = digits(b, 5-len(pre))
	case cAT, cCH:
		b = digits(b, 4-len(pre))
	case cUS:
		b = digits(b, 5-len(pre))
	case cUK:
		b = append(b, ' ')
		b = digits(b, 1)
		const letters = "ABDEFGHJLNPQRSTUWXYZ"
		b = append(b, letters[seed%20], letters[(seed/20)%20])
	}
	return string(b)
}

// subscriber renders the subscriber part of a phone number: n digits from
// x, not starting with 0 (nor 1 in the US).
func subscriber(x uint32, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + x%10)
		x /= 10
	}
	if b[0] < '2' {
		b[0] = '2' + byte(x%8)
	}
	return string(b)
}

// subscriberLen is the number of subscriber digits after an area code (or
// mobile prefix) so that the national number has a realistic length.
func subscriberLen(country uint8, area string, mobile bool) int {
	n := 0
	switch country {
	case cDE:
		n = 10 - len(area)
		if mobile {
			n = 11 - len(area)
		}
	case cAT:
		n = 10 - len(area)
	case cCH:
		n = 9 - len(area)
	case cUK:
		n = 10 - len(area)
	default:
		return 7
	}
	return min(max(n, 5), 8)
}

func mobilePrefix(country uint8, i uint16, area string) string {
	switch country {
	case cDE:
		return [...]string{"151", "152", "160", "162", "170", "171", "172", "176"}[i]
	case cAT:
		return [...]string{"650", "660", "664", "676", "677", "680", "688", "699"}[i]
	case cCH:
		return [...]string{"76", "77", "78", "79", "79", "78", "76", "75"}[i]
	case cUK:
		return [...]string{"7700", "7711", "7723", "7740", "7801", "7912", "7957", "7400"}[i]
	}
	return area
}

// email renders the person's e-mail address.
func (g *generator) email(p *person, given, family string) string {
	b := g.buf[:0]
	gv := foldASCII(given)
	fm := foldASCII(family)
	switch p.emailPat {
	case 0, 1:
		b = append(append(append(b, gv...), '.'), fm...)
	case 2:
		b = append(append(b, gv...), fm...)
	case 3:
		b = append(append(append(b, gv[:1]...), '.'), fm...)
	case 4:
		b = append(append(append(b, fm...), '.'), gv...)
	case 5:
		b = append(append(append(b, gv...), '_'), fm...)
	case 6:
		b = append(append(b, gv...), fm[:1]...)
		b = strconv.AppendInt(b, int64(p.dobY%100), 10)
	case 7:
		b = append(append(b, gv[:1]...), fm...)
	}
	if p.emailPat != 6 && p.emailNum < 900 {
		b = strconv.AppendInt(b, int64(p.emailNum), 10)
	}
	b = append(b, '@')
	b = append(b, g.t.providers[p.culture][p.provider]...)
	g.buf = b
	return string(b)
}

// foldASCII lower-cases a name and folds it to the ASCII letters an e-mail
// local part would use (ü -> ue, ß -> ss, é -> e); other characters are
// dropped. Never returns an empty string.
func foldASCII(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
			b.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			b.WriteRune(c + 'a' - 'A')
		default:
			b.WriteString(foldRune(c))
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// foldRune returns the lower-case ASCII spelling of a non-ASCII letter
// ("" for anything else).
func foldRune(c rune) string {
	switch c {
	case 'ä', 'Ä':
		return "ae"
	case 'ö', 'Ö':
		return "oe"
	case 'ü', 'Ü':
		return "ue"
	case 'ß':
		return "ss"
	case 'é', 'è', 'ê', 'ë', 'É':
		return "e"
	case 'á', 'à', 'â', 'ą':
		return "a"
	case 'ó', 'ò', 'ô', 'Ó':
		return "o"
	case 'í', 'ì', 'î', 'ı', 'ï':
		return "i"
	case 'ç', 'ć', 'Ç':
		return "c"
	case 'ş', 'ś', 'Ş', 'Ś':
		return "s"
	case 'ñ', 'ń':
		return "n"
	case 'ł', 'Ł':
		return "l"
	case 'ø', 'Ø':
		return "o"
	}
	return ""
}
