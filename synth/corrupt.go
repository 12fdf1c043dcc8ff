package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// corruption kinds and their relative weights.
const (
	kFamilyTypo = iota
	kGivenTypo
	kNickname
	kSwapNames
	kTranslit
	kNameCase
	kInitial
	kDayMonth
	kDobMissing
	kDobTypo
	kEmailTag
	kEmailDots
	kEmailMissing
	kEmailOther
	kEmailTypo
	kPhoneFormat
	kPhoneMissing
	kStreetAbbrev
	kStreetTypo
	kStreetMissing
	kHouseFormat
	kPostcodeTypo
	kMoved
	kNewSurname
	kGivenMissing
	numKinds
)

// kindWeight returns the relative frequency of corruption kind k.
func kindWeight(k int) int {
	return [numKinds]int{
		kFamilyTypo: 14, kGivenTypo: 10, kNickname: 9, kSwapNames: 4, kTranslit: 7,
		kNameCase: 4, kInitial: 2, kDayMonth: 6, kDobMissing: 4, kDobTypo: 3,
		kEmailTag: 5, kEmailDots: 4, kEmailMissing: 4, kEmailOther: 2, kEmailTypo: 2,
		kPhoneFormat: 9, kPhoneMissing: 4, kStreetAbbrev: 9, kStreetTypo: 3,
		kStreetMissing: 3, kHouseFormat: 2, kPostcodeTypo: 2, kMoved: 3,
		kNewSurname: 2, kGivenMissing: 1,
	}[k]
}

func pickKind(r *rand.Rand) int {
	total := 0
	for k := 0; k < numKinds; k++ {
		total += kindWeight(k)
	}
	x := r.IntN(total)
	for k := 0; k < numKinds; k++ {
		x -= kindWeight(k)
		if x < 0 {
			return k
		}
	}
	return 0
}

// corrupt applies one to three corruptions to a duplicate record.
func (g *generator) corrupt(p *person, f *fields) {
	r := g.r
	n := 1
	if r.Float64() < 0.5 {
		n++
	}
	if r.Float64() < 0.2 {
		n++
	}
	for ; n > 0; n-- {
		g.corruptOnce(p, f, pickKind(r))
	}
}

func (g *generator) corruptOnce(p *person, f *fields, kind int) {
	r, t := g.r, g.t
	switch kind {
	case kFamilyTypo:
		f.family = typo(r, f.family)
	case kGivenTypo:
		f.given = typo(r, f.given)
	case kNickname:
		if ns := t.nick[f.given]; len(ns) > 0 {
			f.given = ns[r.IntN(len(ns))]
		} else {
			f.given = typo(r, f.given)
		}
	case kSwapNames:
		f.given, f.family = f.family, f.given
	case kTranslit:
		f.given, f.family = translit(f.given), translit(f.family)
		f.street = translit(f.street)
		f.city = translit(f.city)
	case kNameCase:
		if r.IntN(2) == 0 {
			f.given, f.family = strings.ToUpper(f.given), strings.ToUpper(f.family)
		} else {
			f.given, f.family = strings.ToLower(f.given), strings.ToLower(f.family)
		}
	case kInitial:
		if c, _ := utf8.DecodeRuneInString(f.given); c != utf8.RuneError {
			f.given = string(c) + "."
		}
	case kDayMonth:
		if f.dobD >= 1 && f.dobD <= 12 && f.dobD != f.dobM {
			f.dobD, f.dobM = f.dobM, f.dobD
		} else {
			g.corruptOnce(p, f, kDobTypo)
		}
	case kDobMissing:
		f.dobY, f.dobM, f.dobD = 0, 0, 0
	case kDobTypo:
		if f.dobY == 0 {
			return
		}
		switch r.IntN(3) {
		case 0: // 1978 -> 1987
			y := f.dobY
			if d1, d0 := (y/10)%10, y%10; d1 != d0 {
				f.dobY = y - 10*d1 - d0 + 10*d0 + d1
			}
		case 1:
			if f.dobD < daysIn(f.dobY, f.dobM) {
				f.dobD++
			} else {
				f.dobD--
			}
		default:
			f.dobY += 1 - 2*r.IntN(2)
		}
	case kEmailTag:
		if at := strings.IndexByte(f.email, '@'); at > 0 {
			tags := [...]string{"shop", "news", "billing", "spam", "amazon", "2019", "promo"}
			f.email = f.email[:at] + "+" + tags[r.IntN(len(tags))] + f.email[at:]
		}
	case kEmailDots:
		local, dom, ok := strings.Cut(f.email, "@")
		switch {
		case !ok:
		case dom == "gmail.com" && strings.Contains(local, "."):
			f.email = strings.ReplaceAll(local, ".", "") + "@" + dom
		case dom == "gmail.com":
			if len(local) > 2 {
				i := 1 + r.IntN(len(local)-1)
				f.email = local[:i] + "." + local[i:] + "@googlemail.com"
			}
		default:
			f.email = strings.ToUpper(local[:1]) + local[1:] + "@" + strings.ToUpper(dom)
		}
	case kEmailMissing:
		f.email = ""
	case kEmailOther:
		if local, _, ok := strings.Cut(f.email, "@"); ok {
			prov := t.providers[p.culture]
			f.email = local + "@" + prov[r.IntN(len(prov))]
		}
	case kEmailTypo:
		if local, dom, ok := strings.Cut(f.email, "@"); ok {
			f.email = typo(r, local) + "@" + dom
		}
	case kPhoneFormat:
		f.phoneStyle = r.IntN(numPhoneStyles)
	case kPhoneMissing:
		f.phone.missing = true
		if r.IntN(2) == 0 {
			f.mobile.missing = true
		}
	case kStreetAbbrev:
		f.street = abbreviateStreet(r, f.street)
	case kStreetTypo:
		f.street = typo(r, f.street)
	case kStreetMissing:
		f.street, f.house = "", ""
	case kHouseFormat:
		if n := len(f.house); n > 1 && f.house[n-1] >= 'a' {
			f.house = f.house[:n-1] + " " + strings.ToUpper(f.house[n-1:])
		} else if f.house != "" {
			f.house += [...]string{"a", "/1", " "}[r.IntN(3)]
			f.house = strings.TrimSpace(f.house)
		}
	case kPostcodeTypo:
		b := []byte(f.postcode)
		if len(b) >= 4 {
			i := 1 + r.IntN(len(b)-2)
			b[i], b[i+1] = b[i+1], b[i]
			f.postcode = string(b)
		}
	case kMoved:
		ci := t.citySkew[p.country].pick(r)
		c := t.cities[p.country][ci]
		sc := streetCulture(p.country)
		f.city, f.state = c.name, c.state
		f.postcode = postcode(p.country, c, r.Uint32())
		f.street = streetName(sc, t.street[sc][t.streetSkew[sc].pick(r)], t.streetSuf[sc][r.IntN(len(t.streetSuf[sc]))])
		f.house = strconv.Itoa(1 + r.IntN(120))
		f.phone = phone{country: p.country, area: c.area, num: subscriber(r.Uint32(), subscriberLen(p.country, c.area, false))}
	case kNewSurname:
		if p.gender == 1 {
			f.family = t.surname[p.culture][t.surSkew[p.culture].pick(r)]
		} else if i := strings.IndexByte(f.family, '-'); i > 0 {
			f.family = f.family[:i]
		} else {
			f.family = typo(r, f.family)
		}
	case kGivenMissing:
		f.given = ""
	}
}

// typo applies one keyboard error to s: insert, delete, substitute or
// transpose, mostly away from the first letter.
func typo(r *rand.Rand, s string) string {
	rs := []rune(s)
	if len(rs) < 3 {
		return s
	}
	pos := 1 + r.IntN(len(rs)-1)
	if r.IntN(12) == 0 {
		pos = 0
	}
	switch r.IntN(4) {
	case 0:
		c := neighbour(r, rs[pos])
		rs = append(rs[:pos], append([]rune{c}, rs[pos:]...)...)
	case 1:
		rs = append(rs[:pos], rs[pos+1:]...)
	case 2:
		rs[pos] = neighbour(r, rs[pos])
	default:
		if pos == 0 {
			pos = 1
		}
		rs[pos-1], rs[pos] = rs[pos], rs[pos-1]
	}
	return string(rs)
}

// neighbour returns a key next to c on a QWERTZ keyboard, keeping case.
func neighbour(r *rand.Rand, c rune) rune {
	const rows = "qwertzuiopü|asdfghjklöä|yxcvbnm"
	lc := unicode.ToLower(c)
	row := []rune(rows)
	for i, x := range row {
		if x != lc {
			continue
		}
		j := i - 1
		if r.IntN(2) == 0 {
			j = i + 1
		}
		if j < 0 || j >= len(row) || row[j] == '|' {
			j = 2*i - j
		}
		if j < 0 || j >= len(row) || row[j] == '|' {
			return lc
		}
		if unicode.IsUpper(c) {
			return unicode.ToUpper(row[j])
		}
		return row[j]
	}
	return rune('a' + r.IntN(26))
}

// translit spells umlauts and ß the ASCII way (Müller -> Mueller, Straße ->
// Strasse) and drops other accents (René -> Rene).
func translit(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if c < utf8.RuneSelf {
			b.WriteRune(c)
			continue
		}
		f := foldRune(c)
		if f == "" {
			b.WriteRune(c)
			continue
		}
		if unicode.IsUpper(c) {
			f = strings.ToUpper(f[:1]) + f[1:]
		}
		b.WriteString(f)
	}
	return b.String()
}

// abbreviateStreet shortens the street type ("Goethestraße" -> "Goethestr.",
// "High Street" -> "High St.").
func abbreviateStreet(r *rand.Rand, s string) string {
	if i := strings.LastIndex(s, "straße"); i >= 0 {
		return s[:i] + [...]string{"str.", "str.", "strasse", "Str."}[r.IntN(4)] + s[i+len("straße"):]
	}
	repl := [...][2]string{
		{"Street", "St."}, {"Road", "Rd"}, {"Avenue", "Ave."}, {"Drive", "Dr."}, {"Lane", "Ln"},
		{"Close", "Cl."}, {"Crescent", "Cres."}, {"Place", "Pl."}, {"weg", "w."}, {"platz", "pl."},
		{"allee", "all."},
	}
	for _, p := range repl {
		if strings.HasSuffix(s, p[0]) {
			return s[:len(s)-len(p[0])] + p[1]
		}
	}
	return s
}
