package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// streetTable maps street-type, directional and place-word abbreviations
// (as keys) to one canonical full word each: "canonical: abbr abbr ...".
// Canonical words map to themselves. "st" is special (street, or saint
// before a name: see Address).
const streetTable = `
street: st
road: rd
avenue: ave av avn avenu
boulevard: blvd boul bd blv
drive: dr drv
lane: ln
court: ct crt
place: pl
crescent: cres cr crs cresc
highway: hwy
parade: pde
terrace: tce terr ter
close: cl
circuit: cct
square: sq
parkway: pkwy pky
circle: cir circ
grove: gr gro grv
esplanade: esp
expressway: expy exp
freeway: fwy
trail: trl
point: pt
heights: hts
gardens: gdns gdn
route: rte
alley: aly
way: wy
mount: mt
fort: ft
creek: crk
bridge: brg
centre: ctr cntr center
lower: lwr
upper: upr
north: n nth
south: s sth
east: e
west: w
northeast: ne
northwest: nw
southeast: se
southwest: sw
chemin: ch
impasse: imp
1st: first
2nd: second
3rd: third
4th: fourth
5th: fifth
6th: sixth
7th: seventh
8th: eighth
9th: ninth
10th: tenth
11th: eleventh
12th: twelfth
strasse: str strase
`

// streetDesignatorWords are the canonical street-type and directional
// words of streetTable: what a street's name is written with or without
// ("W Diversey" / "West Diversey Avenue"), not the name itself.
const streetDesignatorWords = `street road avenue boulevard drive lane court place crescent highway
parade terrace close circuit square parkway circle esplanade expressway freeway trail route alley
way north south east west northeast northwest southeast southwest strasse chemin impasse`

// StreetDesignators returns the set of canonical street-type and
// directional words (street, avenue, north, ...) in the form Address
// writes them, for telling a street's name words from its designators.
// Each call returns a new map.
func StreetDesignators() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(streetDesignatorWords) {
		m[w] = true
	}
	return m
}

// unitWords are the unit designators; all become "unit".
const unitWords = `unit apt apartment flat ste suite app appt whg wohnung unite`

func (n *Normalizer) buildAddressTables() {
	n.street = make(map[string]string)
	for _, line := range strings.Split(streetTable, "\n") {
		canon, abbrs, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		n.street[canon] = canon
		for _, a := range strings.Fields(abbrs) {
			n.street[a] = canon
		}
	}
	n.units = make(map[string]bool)
	for _, w := range strings.Fields(unitWords) {
		n.units[w] = true
	}
}

// Address is one standardised street line. All parts are keys.
type Address struct {
	Number string // house number with its letter ("12a"), or a range ("12-14")
	Street string // street name with standardised street type and directionals
	Unit   string // unit, flat, apartment or suite number
	Key    string // the whole line in canonical order: number, street, "unit" and the unit
}

// Address standardises one street line. Street types, directionals and unit
// designators become one canonical full word each (st -> street, rd -> road,
// ave/av -> avenue, blvd -> boulevard, dr -> drive, ln -> lane, ct ->
// court, pl -> place, cres -> crescent, hwy -> highway, pde -> parade, tce
// -> terrace, n/s/e/w/ne/... -> north/south/..., apt/apartment/unit/flat/
// ste/suite/# -> unit). "St" before a name is "saint" ("St Kilda Rd" ->
// "saint kilda road"). German "str."/"straße" endings become "strasse"
// ("Hauptstr. 5" -> number 5, street "hauptstrasse").
//
// "12 Main St." -> Number "12", Street "main street", Key "12 main
// street". "Flat 3, 12a High Road" and "12a High Road, Flat 3" -> Unit "3",
// Number "12a", Street "high road", Key "12a high road unit 3". An
// Australian "3/12 High St" is unit 3, number 12. The Number is the first
// word that is digits with at most one letter; ordinals like "5th" stay in
// the street.
func (n *Normalizer) Address(s string) Address {
	var a Address
	s = strings.TrimSpace(s)
	if s == "" {
		return a
	}
	// "3/12 High St": unit / number.
	if u, rest, ok := slashUnit(s); ok {
		a.Unit = n.Key(u)
		s = rest
	}
	if strings.IndexByte(s, '#') >= 0 {
		s = strings.ReplaceAll(s, "#", " unit ")
	}
	key := n.Key(s)
	words := n.parts[:0]
	for key != "" {
		var w string
		w, key, _ = strings.Cut(key, " ")
		words = append(words, w)
	}
	n.parts = words
	// Unit designator and its id.
	for i := 0; i < len(words); i++ {
		if !n.units[words[i]] {
			continue
		}
		j := i
		for j < len(words) && n.units[words[j]] {
			j++
		}
		if j == len(words) || !isUnitID(words[j]) {
			i = j - 1 // "Flat Rock Rd", "Rue Ste Catherine": not a unit
			continue
		}
		if a.Unit != "" {
			// a second unit ("3/12 ... Unit 3"): keep the first, drop the designator
			words = append(words[:i], words[j:]...)
			i--
			continue
		}
		a.Unit = words[j]
		words = append(words[:i], words[j+1:]...)
		break
	}
	// House number.
	for i, w := range words {
		if !isHouseNumber(w) {
			continue
		}
		num := w
		j := i + 1
		// range "12-14" (keyed as "12 14")
		for j < len(words) && isDigits(words[j]) && j == i+1 && j+1 < len(words) {
			num += "-" + words[j]
			j++
		}
		// letter written apart: "12 B High St", "Hauptstraße 5 a"
		if j == i+1 && (j+1 < len(words) || i > 0) && j < len(words) && len(words[j]) == 1 &&
			isLowerASCII(words[j][0]) && isDigits(w) && !strings.Contains("nsew", words[j]) {
			num += words[j]
			j++
		}
		a.Number = num
		words = append(words[:i], words[j:]...)
		break
	}
	// A cross-street note ("747 9th Ave. between 50th and 51st Sts.")
	// locates the address but is not part of the street's name.
	for i, w := range words {
		if i > 0 && (w == "between" || w == "btwn" || w == "btw") {
			words = words[:i]
			break
		}
	}
	a.Street = n.streetWords(words)
	var b strings.Builder
	b.Grow(len(a.Number) + len(a.Street) + len(a.Unit) + 8)
	add := func(p string) {
		if p == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	add(a.Number)
	add(a.Street)
	if a.Unit != "" {
		add("unit")
		add(a.Unit)
	}
	a.Key = b.String()
	return a
}

// StreetKey returns the standardised street name of s without house number
// or unit: the Street of Address(s) ("Main St." -> "main street").
func (n *Normalizer) StreetKey(s string) string {
	return n.Address(s).Street
}

// streetWords standardises the street words and joins them.
func (n *Normalizer) streetWords(words []string) string {
	var b strings.Builder
	for i, w := range words {
		c := w
		switch {
		case w == "st" || w == "ste":
			// saint before a name, street otherwise
			if i+1 < len(words) && n.street[words[i+1]] == "" && !isHouseNumber(words[i+1]) {
				if w == "st" {
					c = "saint"
				} else {
					c = "sainte"
				}
			} else {
				c = "street"
			}
		case len(w) > 3 && strings.HasSuffix(w, "str"):
			c = w + "asse" // Hauptstr -> hauptstrasse
		case len(w) > 6 && strings.HasSuffix(w, "strase"):
			c = w[:len(w)-3] + "sse" // ß lost as one s
		default:
			if m := n.street[w]; m != "" {
				c = m
			}
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c)
	}
	return b.String()
}

// slashUnit recognises a leading "unit/number" ("3/12 High St", "3a / 12").
func slashUnit(s string) (unit, rest string, ok bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return "", "", false
	}
	if i < len(s) && isLowerASCII(s[i]|0x20) {
		i++
	}
	j := i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j >= len(s) || s[j] != '/' {
		return "", "", false
	}
	k := j + 1
	for k < len(s) && s[k] == ' ' {
		k++
	}
	if k >= len(s) || s[k] < '0' || s[k] > '9' {
		return "", "", false
	}
	return s[:i], s[k:], true
}

// isUnitID reports whether w can be a unit number: it has a digit or is a
// single letter.
func isUnitID(w string) bool {
	if len(w) == 1 {
		return true
	}
	return strings.ContainsAny(w, "0123456789")
}

func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }

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

// isHouseNumber reports whether w is digits followed by at most one letter.
func isHouseNumber(w string) bool {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	return i == len(w) || (i+1 == len(w) && isLowerASCII(w[i]))
}

// Postcode returns the matching key of a postcode: upper-case, spaces,
// dashes and other punctuation removed ("sw1a 1aa" -> "SW1A1AA" for GB as
// for any country). country may be an ISO code or a name in English, German
// or French ("DE", "Germany", "Deutschland"), or "".
//
//   - US: ZIP+4 is cut to the five-digit ZIP ("12345-6789" -> "12345"); 3 or
//     4 digits get their lost leading zeros back ("501" -> "00501").
//   - DE, FR, IT, ES: 4 digits get the lost leading zero back ("1067" ->
//     "01067").
//   - Country "": no padding; a "12345-6789" ZIP+4 is still cut to 5 digits.
//   - Old country prefixes ("D-01067", "F-75001") and a spreadsheet ".0"
//     ending ("2134.0") are removed.
func (n *Normalizer) Postcode(s string, country string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !isASCII(s) {
		s = norm.NFKC.String(strings.ToValidUTF8(s, ""))
	}
	cc := ""
	if country != "" {
		cc = n.Country(country)
	}
	// Spreadsheet number formatting.
	if strings.HasSuffix(s, ".0") && isDigits(s[:len(s)-2]) {
		s = s[:len(s)-2]
	}
	// "D-01067", "CH-8000": letters, dash, digit.
	if i := strings.IndexByte(s, '-'); i >= 1 && i <= 3 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
		letters := true
		for j := 0; j < i; j++ {
			if !isLowerASCII(s[j] | 0x20) {
				letters = false
			}
		}
		if letters {
			s = s[i+1:]
		}
	}
	zip4 := isZipPlus4(s)
	b := n.out[:0]
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b = append(b, byte(r))
		case r >= 'a' && r <= 'z':
			b = append(b, byte(r-'a'+'A'))
		case r >= utf8.RuneSelf && r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b = utf8.AppendRune(b, unicode.ToUpper(r))
		}
	}
	n.out = b
	digits := isDigits(string(b))
	switch cc {
	case "US":
		if digits && len(b) == 9 || zip4 {
			b = b[:5]
		}
		if digits && (len(b) == 3 || len(b) == 4) {
			return strings.Repeat("0", 5-len(b)) + string(b)
		}
	case "DE", "FR", "IT", "ES":
		if digits && len(b) == 4 {
			return "0" + string(b)
		}
	case "":
		if zip4 {
			b = b[:5]
		}
	}
	return string(b)
}

// isZipPlus4 reports whether s is "ddddd-dddd".
func isZipPlus4(s string) bool {
	return len(s) == 10 && s[5] == '-' && isDigits(s[:5]) && isDigits(s[6:])
}
