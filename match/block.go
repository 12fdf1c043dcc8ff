package match

import (
	"slices"
	"strconv"
	"strings"

	"github.com/doppel-dev/doppel/normalize"
)

// BlockOptions control candidate generation.
type BlockOptions struct {
	// MaxBlock is the largest block compared all-pairs; larger blocks (a
	// common key such as a frequent name or a placeholder value) fall back
	// to a sorted neighbourhood of Window records on either side. 0 means 24.
	MaxBlock int
	// Window is the sorted-neighbourhood half-width for oversized blocks. 0
	// means 3: on every benchmark set 3 finds as many true pairs as 4 did,
	// with 14% fewer candidates at 1M records (README, "How it works").
	Window int
	// LinkOnly keeps only pairs whose records come from different sources.
	LinkOnly bool
}

func (o BlockOptions) withDefaults() BlockOptions {
	if o.MaxBlock <= 0 {
		o.MaxBlock = 24
	}
	if o.Window <= 0 {
		o.Window = 3
	}
	return o
}

// Blocking key kinds (the byte mixed into every key's hash). The numbers
// are part of the key hashes, so they never change meaning.
const (
	keyNames         byte = 1  // both names, phonetic, in either order
	keyDOBFamilyInit byte = 2  // birth date + family initial
	keyDOBGivenInit  byte = 3  // birth date + given initial
	keyFamilyYear    byte = 4  // family name + birth year
	keyGivenYear     byte = 5  // given name + birth year
	keyPostcodeNo    byte = 6  // postcode + house number
	keyPostcodeFam   byte = 7  // postcode + family name
	keyPostcodeGiven byte = 8  // postcode + given name
	keyEmail         byte = 9  // e-mail address
	keyPhone         byte = 10 // the last 8 digits of a phone, mobile or second phone (one system's mobile is another's landline)
	keyMobile        byte = 11 // mobile
	keyNationalID    byte = 12 // national id
	keyRef           byte = 13 // customer reference
	keyStreet        byte = 14 // street + number + family initial
	keyCity          byte = 15 // city + family name + given initial
	keyFullName      byte = 16 // whole-name key
	keyCompanyPost   byte = 17 // company + postcode, records without a person name
	keyCompanyCity   byte = 18 // company + city, records without a person name
	keyFamily        byte = 19 // family name alone
	keyGiven         byte = 20 // given name alone
	keyDOB           byte = 21 // birth date alone
	keyEmailUser     byte = 22 // e-mail local part
	keyCompany       byte = 23 // company name key, records without a person name
	keyCompanyWord   byte = 24 // one word of the company name, records without a person name
	keyDayInitials   byte = 25 // retired: birth month and day with the year's digits in any order + both initials
	keyDayGivenInit  byte = 26 // retired: birth month and day with the year's digits in any order + given initial
	keyDayFamilyInit byte = 27 // birth month and day with the year's digits in any order + family initial
	keyBirthPlace    byte = 28 // place of birth + family name + given initial
	keySite          byte = 29 // house number + one name word of the street, records without a person name
)

// keyParts are the values a record's blocking keys are built from.
type keyParts struct {
	f        *Features
	gp, fp   string // phonetic code of the given and family name, else the name key
	gi, fi   string // initials
	dob      string // birth date as YYYYMMDD digits
	year     string // birth year
	noPerson bool   // no given and no family name
}

// blockSpec is one kind of blocking key: its parts, and the comparisons
// whose agreement it selects for (a pair that is a candidate because it
// shares such a key tells nothing about how often true matches agree
// there, so EM leaves those comparisons out for that pair, as Splink does
// per blocking rule). A key with any empty part is not emitted.
type blockSpec struct {
	kind    byte
	selects []string
	n       int // number of parts (1 to 3)
	parts   func(p *keyParts) [3]string
}

// blockSpecs is the table of blocking keys, in emission order. Several
// keys per record (OR-blocking) make sure that one typo or missing value
// does not hide a duplicate: a pair becomes a candidate if it shares any
// key. Single-attribute keys are loose, but oversized blocks fall back to
// a sorted neighbourhood, so they stay linear.
func blockSpecs() []blockSpec {
	names := []string{"given_name", "family_name"}
	designators := normalize.StreetDesignators()
	one := func(s string) [3]string { return [3]string{s} }
	two := func(a, b string) [3]string { return [3]string{a, b} }
	return []blockSpec{
		{keyNames, names, 2, func(p *keyParts) [3]string {
			// Names in either order (swapped given and family names block together).
			if p.gp > p.fp {
				return two(p.fp, p.gp)
			}
			return two(p.gp, p.fp)
		}},
		{keyDOBFamilyInit, []string{"birth_date", "family_name"}, 2, func(p *keyParts) [3]string { return two(p.dob, p.fi) }},
		{keyDOBGivenInit, []string{"birth_date", "given_name"}, 2, func(p *keyParts) [3]string { return two(p.dob, p.gi) }},
		{keyFamilyYear, []string{"birth_date", "family_name"}, 2, func(p *keyParts) [3]string { return two(p.fp, p.year) }},
		{keyGivenYear, []string{"birth_date", "given_name"}, 2, func(p *keyParts) [3]string { return two(p.gp, p.year) }},
		{keyPostcodeNo, []string{"postcode", "street_number"}, 2, func(p *keyParts) [3]string { return two(p.f.Postcode, p.f.StreetNo) }},
		{keyPostcodeFam, []string{"postcode", "family_name"}, 2, func(p *keyParts) [3]string { return two(p.f.Postcode, p.fp) }},
		{keyPostcodeGiven, []string{"postcode", "given_name"}, 2, func(p *keyParts) [3]string { return two(p.f.Postcode, p.gp) }},
		{keyEmail, []string{"email"}, 1, func(p *keyParts) [3]string { return one(p.f.Email) }},
		{keyPhone, []string{"phone"}, 1, func(p *keyParts) [3]string { return one(phoneTail(p.f.Phone)) }},
		{keyMobile, []string{"phone"}, 1, func(p *keyParts) [3]string { return one(p.f.Mobile) }},
		{keyNationalID, []string{"national_id"}, 1, func(p *keyParts) [3]string { return one(p.f.NationalID) }},
		{keyRef, []string{"customer_ref"}, 1, func(p *keyParts) [3]string { return one(p.f.Ref) }},
		{keyStreet, []string{"street", "street_number", "family_name"}, 3, func(p *keyParts) [3]string {
			return [3]string{p.f.Street, p.f.StreetNo, p.fi}
		}},
		{keyCity, []string{"city", "family_name", "given_name"}, 3, func(p *keyParts) [3]string { return [3]string{p.f.City, p.fp, p.gi} }},
		{keyBirthPlace, []string{"birth_place", "family_name", "given_name"}, 3, func(p *keyParts) [3]string {
			return [3]string{p.f.BirthPlace, p.fp, p.gi}
		}},
		{keyFullName, names, 1, func(p *keyParts) [3]string { return one(p.f.FullName) }},
		{keyFamily, []string{"family_name"}, 1, func(p *keyParts) [3]string { return one(p.fp) }},
		{keyGiven, []string{"given_name"}, 1, func(p *keyParts) [3]string { return one(p.gp) }},
		{keyDOB, []string{"birth_date"}, 1, func(p *keyParts) [3]string { return one(p.dob) }},
		// A lone name (a record with a given or a family name only) may be
		// either: it is keyed in the other slot too, as nameLevels reads
		// it (loneCross), so "lawton" meets "george lawton".
		{keyFamily, []string{"family_name"}, 1, func(p *keyParts) [3]string {
			if p.f.Family != "" {
				return [3]string{}
			}
			return one(p.gp)
		}},
		{keyGiven, []string{"given_name"}, 1, func(p *keyParts) [3]string {
			if p.f.Given != "" {
				return [3]string{}
			}
			return one(p.fp)
		}},
		// The birth month and day, the year's digits in any order (1981
		// and 1918 alike: two digits swapped) and the family initial: a
		// duplicate with a swapped year and typos in both names
		// (karol rafael / karoo rafaeo) or a transliterated given name
		// (weronika / veronika) still meets it. With both initials in one
		// key (kind 25, retired) foreigners_pl's duplicates whose given
		// names begin differently shared no key. A second key with the
		// given initial (kind 26, retired) found those whose family
		// initial differs, mostly a changed surname that does not match
		// anyway: foreigners_pl 0.8136 without it, 0.8160 with it, for
		// 3% more candidate pairs at 1M.
		{keyDayFamilyInit, nil, 2, func(p *keyParts) [3]string { return two(dayAnyYear(p.dob), p.fi) }},
		{keyEmailUser, []string{"email"}, 1, func(p *keyParts) [3]string { return one(p.f.EmailUser) }},
		{keyCompanyPost, []string{"company", "postcode"}, 2, func(p *keyParts) [3]string {
			if !p.noPerson {
				return [3]string{}
			}
			return two(p.f.Company, p.f.Postcode)
		}},
		{keyCompanyCity, []string{"company", "city"}, 2, func(p *keyParts) [3]string {
			if !p.noPerson {
				return [3]string{}
			}
			return two(p.f.Company, p.f.City)
		}},
		{keyCompany, []string{"company"}, 1, func(p *keyParts) [3]string {
			if !p.noPerson {
				return [3]string{}
			}
			return one(p.f.Company)
		}},
		// Each of the first words of a company's name (the words are
		// sorted, see normalize.OrgName), so that a name with a word more,
		// less or misspelt still meets its duplicates; a common word makes
		// an oversized block, which falls back to a sorted neighbourhood.
		companyWord(0), companyWord(1), companyWord(2), companyWord(3),
		// The house number and each name word of the street of a record
		// without a person's name (a business, a site): the person's
		// street key takes the family initial, so two records of one
		// site whose phones and names differ, one without a postcode,
		// shared no key; the name words alone, not the street type or
		// direction, so "5423 W Diversey" meets "5423 West Diversey
		// Avenue". A building of many businesses makes an oversized
		// block, which falls back to a sorted neighbourhood.
		siteWord(0, designators), siteWord(1, designators), siteWord(2, designators),
		// A mobile is also keyed as a phone: one system's mobile is
		// another's landline.
		{keyPhone, []string{"phone"}, 1, func(p *keyParts) [3]string { return one(phoneTail(p.f.Mobile)) }},
		{keyPhone, []string{"phone"}, 1, func(p *keyParts) [3]string { return one(phoneTail(p.f.Phone2)) }},
	}
}

// phoneTail returns the phone key's last 8 digits (the whole key when it
// has fewer): a number written nationally ("0611-5420924") in an export
// whose country is not known stays digits, and as a whole it never met
// its E.164 form (+496115420924) from another export, though the
// comparison reads the pair as "last 7 digits". Two numbers of different
// countries with the same last 8 digits only make one more candidate.
func phoneTail(s string) string {
	if len(s) <= 8 {
		return s
	}
	return s[len(s)-8:]
}

// dayAnyYear is a birth date's month and day after its year's digits in
// ascending order ("1918" + "0410" for 1981-04-10), "" for a date without
// a day.
func dayAnyYear(dob string) string {
	if len(dob) != 8 || dob[4:] == "0000" || dob[6:] == "00" {
		return ""
	}
	y := []byte(dob[:4])
	slices.Sort(y)
	return string(y) + dob[4:]
}

// companyWord is the key spec of the i-th word of a company name with
// more than one word, for records without a person name.
func companyWord(i int) blockSpec {
	return blockSpec{keyCompanyWord, []string{"company"}, 1, func(p *keyParts) [3]string {
		if !p.noPerson || strings.IndexByte(p.f.Company, ' ') < 0 {
			return [3]string{}
		}
		var buf [maxOrgWords]string
		if ws := orgWords(p.f.Company, &buf); i < len(ws) && len(ws[i]) >= 2 {
			return [3]string{ws[i]}
		}
		return [3]string{}
	}}
}

// siteWord is the key spec of the house number and the i-th name word of
// the street (words of two letters or more that are not a street type or
// direction, see normalize.StreetDesignators; the whole street when it
// has none), for records without a person name.
func siteWord(i int, designators map[string]bool) blockSpec {
	return blockSpec{keySite, []string{"street", "street_number"}, 2, func(p *keyParts) [3]string {
		if !p.noPerson || p.f.StreetNo == "" || p.f.Street == "" {
			return [3]string{}
		}
		n := 0
		rest := p.f.Street
		for rest != "" {
			var w string
			w, rest, _ = strings.Cut(rest, " ")
			if len(w) < 2 || designators[w] {
				continue
			}
			if n == i {
				return [3]string{p.f.StreetNo, w}
			}
			n++
		}
		if i == 0 && n == 0 {
			return [3]string{p.f.StreetNo, p.f.Street}
		}
		return [3]string{}
	}}
}

// blockKeys appends the blocking keys of f (specs: blockSpecs) to dst.
func blockKeys(dst []blockKey, f *Features, specs []blockSpec) []blockKey {
	p := keyParts{f: f, gp: f.GivenPh, fp: f.FamilyPh, gi: initial(f.Given), fi: initial(f.Family),
		noPerson: f.Given == "" && f.Family == ""}
	if p.gp == "" {
		p.gp = f.Given
	}
	if p.fp == "" {
		p.fp = f.Family
	}
	if f.BirthDate != 0 {
		p.dob = strconv.Itoa(int(f.BirthDate))
		p.year = strconv.Itoa(f.BirthDate.Year())
	}
	var h hasher
	for i := range specs {
		sp := &specs[i]
		parts := sp.parts(&p)
		if parts[0] == "" || (sp.n > 1 && parts[1] == "") || (sp.n > 2 && parts[2] == "") {
			continue
		}
		h.reset(sp.kind)
		for _, s := range parts[:sp.n] {
			h.str(s)
		}
		dst = append(dst, blockKey{h.sum(), specs[i].kind})
	}
	return dst
}

// blockKey is a blocking key: the hash of its kind and values, and the kind.
type blockKey struct {
	hash uint64
	kind byte
}

// keyComparisons names the comparisons whose agreement a key kind selects
// for (see blockSpec).
func keyComparisons(kind byte) []string {
	for _, s := range blockSpecs() {
		if s.kind == kind {
			return s.selects
		}
	}
	return nil
}

func initial(s string) string {
	if s == "" {
		return ""
	}
	return s[:1]
}

// hasher is FNV-1a 64 over a key kind and length-prefixed parts.
type hasher struct{ h uint64 }

func (h *hasher) reset(kind byte) {
	h.h = 14695981039346656037
	h.byte(kind)
}

func (h *hasher) byte(b byte) {
	h.h ^= uint64(b)
	h.h *= 1099511628211
}

func (h *hasher) str(s string) {
	for i := 0; i < len(s); i++ {
		h.byte(s[i])
	}
	h.byte(0xff)
}

func (h *hasher) sum() uint64 { return h.h }
