package normalize

import (
	"cmp"
	"strings"

	"github.com/doppel-dev/doppel"
)

// PackedDate is a birth date packed as YYYYMMDD (0 = missing). A date with
// only a year is YYYY0000, one with a year and month (a mistyped day) is
// YYYYMM00, one with a month that cannot be one (a mistyped month) keeps
// it as written: YYYY00DD, YYYY14DD.
type PackedDate uint32

// Year returns the year part.
func (d PackedDate) Year() int { return int(d / 10000) }

// Month returns the month part (0 if unknown; above 12 when mistyped).
func (d PackedDate) Month() int { return int(d / 100 % 100) }

// Day returns the day part (0 if unknown).
func (d PackedDate) Day() int { return int(d % 100) }

// Prepared are the normalised matching keys of one record, computed once
// by a Preparer and compared many times by match. Every
// string is a matching key (folded, standardised); "" means missing.
type Prepared struct {
	Source     int    // index of the record's source
	Given      string // given-name key
	Middle     string // middle-name key
	Family     string // family-name key
	GivenPh    string // phonetic code of Given (Double Metaphone primary)
	FamilyPh   string // phonetic code of Family
	GivenForms string // canonical given-name forms (nickname table), space separated
	FullName   string // whole-name key when a full-name column exists
	BirthDate  PackedDate
	Email      string // e-mail key (lower-case, +tag and gmail dots removed)
	EmailUser  string // local part of Email
	EmailNum   string // the digits of Email ("93" in dvogel93@gmail.com)
	Phone      string // E.164 (or digits when not parseable)
	Mobile     string
	Phone2     string // a second phone ("" when it equals Phone or Mobile)
	StreetNo   string
	Street     string
	Address2   string
	City       string
	BirthPlace string // place of birth, a text key like City
	State      string
	Postcode   string
	Country    string
	NationalID string
	Ref        string
	Company    string // company name key: distinctive words, sorted (Normalizer.OrgName)
	Gender     string
	// Generation is the generation marker of the name (GenerationJunior
	// for "Jr.", GenerationSenior for "sen."; GenerationNone without).
	Generation uint8
	// ASCII is true when every string above is ASCII, so comparisons can
	// take the byte-wise fast path without checking.
	ASCII bool
}

// SourceOptions are the per-source normalisation settings.
type SourceOptions struct {
	Region    string // default phone region
	DateOrder string // DMY, MDY or YMD for ambiguous dates
	// BirthDateOrder, when set, is the one order every numeric birth date
	// of the source is read in (see Normalizer.DateInOrder); "" lets each
	// value's parts decide, as Date does.
	BirthDateOrder string
}

// Preparer turns records into their matching keys (Prepared) and display
// values, with one Normalizer per date order. It is NOT safe for
// concurrent use: create one per goroutine.
type Preparer struct {
	base    Options
	norms   map[string]*Normalizer // by date order
	sources []SourceOptions
}

// NewPreparer returns a Preparer with default options base and
// per-source options (indexed like Prepared.Source; empty values fall back
// to base).
func NewPreparer(base Options, sources []SourceOptions) (*Preparer, error) {
	f := &Preparer{base: base, norms: map[string]*Normalizer{}, sources: sources}
	if _, err := f.normalizer(base.DateOrder); err != nil {
		return nil, err
	}
	for _, s := range sources {
		if _, err := f.normalizer(s.DateOrder); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func (f *Preparer) normalizer(order string) (*Normalizer, error) {
	if order == "" {
		order = f.base.DateOrder
	}
	if n, ok := f.norms[order]; ok {
		return n, nil
	}
	opt := f.base
	opt.DateOrder = order
	n, err := New(opt)
	if err != nil {
		return nil, err
	}
	f.norms[order] = n
	return n, nil
}

// Normalizer returns the normaliser for a source (for callers that need the
// display forms of values).
func (f *Preparer) Normalizer(source int) *Normalizer {
	n, _ := f.normalizer(f.sourceOpt(source).DateOrder)
	return n
}

func (f *Preparer) sourceOpt(source int) SourceOptions {
	if source >= 0 && source < len(f.sources) {
		return f.sources[source]
	}
	return SourceOptions{}
}

// Prepare computes the matching keys of record r from source index source.
func (f *Preparer) Prepare(r *doppel.Record, source int) Prepared {
	so := f.sourceOpt(source)
	n := f.Normalizer(source)
	region := so.Region
	var x Prepared
	x.Source = source

	// Placeholders ("N/A", "test", "000-000-0000", "x@x.com", 1900-01-01)
	// carry no identity: they are missing values here (see Placeholder).
	name := func(f doppel.Field) string {
		v := r.Get(f)
		if p, ok := cjkPart(v, f == doppel.FamilyName); ok {
			v = p // 建国 -> jianguo, 김 -> kim, たろう -> taro
		}
		k, gen := n.NameKeyGeneration(v)
		if n.placeholderName(k) {
			return ""
		}
		if x.Generation == GenerationNone {
			x.Generation = gen // "Rivera Jr." in a surname field
		}
		return k
	}
	x.Given = name(doppel.GivenName)
	if n.titles[x.Given] == titleFull {
		// A given-name field holding only an honorific ("Sir", "Mrs") has
		// no given name; the full name, if any, supplies it below.
		x.Given = ""
	}
	x.Family = name(doppel.FamilyName)
	x.Middle = name(doppel.MiddleName)
	// "Jian-Guo" / "SONG" in the given and family-name columns is given
	// name jianguo (romanised.go).
	x.Given, x.Middle, x.Family = n.joinEastAsianKeys(x.Given, x.Middle, x.Family)
	// A full name with a company legal form ("ACME GmbH", "Smith & Sons
	// Ltd") is a customer that is a company: it is matched on the company,
	// not read as a person's given and family name.
	var org OrgName
	// The same for a company written into the one name field a system
	// has for it (surname "Rowe Holdings Ltd", no first name).
	if (x.Given == "") != (x.Family == "") {
		f := doppel.FamilyName
		if x.Family == "" {
			f = doppel.GivenName
		}
		if o := n.OrgName(r.Get(f)); o.Form != "" && o.Key != "" {
			org, x.Given, x.Family = o, "", ""
		}
	}
	full := r.Get(doppel.FullName)
	titleOf := "" // the title of the full name, if any
	if full != "" && x.Given == "" && x.Family == "" {
		if o := n.OrgName(full); o.Form != "" && o.Key != "" {
			org, full = o, "" // a company field, if any, overrides below
		}
	}
	if full != "" {
		if fk := n.Key(full); !n.placeholderName(fk) {
			parse := full
			if p, ok := cjkFullName(full); ok {
				parse = p // 宋建国 -> jianguo song, 김민수 -> minsu kim
			}
			nm := n.ParseName(parse)
			titleOf = nm.Title
			if x.Generation == GenerationNone {
				x.Generation = nm.Generation
			}
			// Fill the name parts the record lacks from its full name.
			if x.Given == "" && x.Family == "" {
				x.Given, x.Family = nm.Given, nm.Family
			} else if x.Family == "" && nm.Given != "" && nm.Family != "" && nm.Family != x.Given {
				x.Family = nm.Family
			} else if x.Given == "" && nm.Given != "" && nm.Given != x.Family {
				x.Given = nm.Given
			}
			if x.Middle == "" {
				x.Middle = nm.Middle
			}
			x.FullName = fk
		}
	}
	// A name's reading in a column of its own (furigana, pinyin, a
	// romanised passport name) is what the name is matched by when the
	// name is written in Han characters alone (the reading of a Japanese
	// name in kanji is not known; go-pinyin would read it as Chinese) or
	// is missing. A name in Latin letters, kana or Hangul keeps its keys.
	if rd := r.Get(doppel.NameReading); rd != "" && org.Key == "" && ((x.Given == "" && x.Family == "") || hanOnlyName(r)) {
		parse := rd
		if p, ok := cjkFullName(rd); ok {
			parse = p
		}
		if nm := n.ParseName(parse); (nm.Given != "" || nm.Family != "") && !n.placeholderName(n.Key(rd)) {
			x.Given, x.Family, x.Middle = nm.Given, nm.Family, nm.Middle
		}
	}
	if x.Given != "" {
		x.GivenPh = phoneticWith(n, x.Given)
		x.GivenForms = strings.Join(n.GivenForms(firstToken(x.Given)), " ")
	}
	if x.Family != "" {
		x.FamilyPh = phoneticWith(n, x.Family)
	}
	x.Gender = n.Gender(r.Get(doppel.Gender))
	if x.Gender == "" {
		// A salutation says it where no gender column does ("Herr Dr.",
		// "Mrs", the "Mr" of "Mr John Smith").
		x.Gender = n.titleGender(r.Get(doppel.Title))
		if x.Gender == "" && full != "" {
			x.Gender = n.titleGender(titleOf)
		}
	}
	if d, ok := n.DateIn(r.Get(doppel.BirthDate), so.BirthDateOrder); ok {
		if p := PackedDate(d.Y*10000 + d.M*100 + d.D); !n.junk.packed[p] {
			x.BirthDate = p
		}
	} else if d, ok := n.MonthOfMistypedDate(r.Get(doppel.BirthDate)); ok {
		// A mistyped day ("1930-03-33") still tells the year and month.
		x.BirthDate = PackedDate(d.Y*10000 + d.M*100)
	} else if d, ok := n.DayOfMistypedMonth(r.Get(doppel.BirthDate)); ok {
		// A mistyped month ("1961-14-10") still tells the year and day,
		// and its digits one typo.
		x.BirthDate = PackedDate(d.Y*10000 + d.M*100 + d.D)
	}
	if e, _ := n.Email(r.Get(doppel.Email)); e != "" && !n.placeholderEmail(e) {
		x.Email = e
		// The local part ends at the first '@': an unquoted local part
		// cannot hold one, so in an address with a stray second '@'
		// ("t.r@parsons.@com", "j.p@@ields.com") the typo is in the domain
		// and the user is still the person's (Splink's username, ^[^@]+).
		if at := strings.IndexByte(e, '@'); at > 0 {
			x.EmailUser = e[:at]
		}
		x.EmailNum = digitsOf(e)
	}
	phone := func(f doppel.Field) string {
		v := r.Get(f)
		if v == "" || placeholderDigits(v, 5) {
			return ""
		}
		k, _ := n.Phone(v, region)
		return k
	}
	x.Phone = phone(doppel.Phone)
	x.Mobile = phone(doppel.Mobile)
	if x.Phone == x.Mobile {
		x.Mobile = ""
	}
	if x.Phone2 = phone(doppel.Phone2); x.Phone2 == x.Phone || x.Phone2 == x.Mobile {
		x.Phone2 = ""
	}
	if a := r.Get(doppel.Address); a != "" {
		ad := n.Address(a)
		x.StreetNo, x.Street, x.Address2 = ad.Number, ad.Street, ad.Unit
	}
	if s := r.Get(doppel.StreetNumber); s != "" {
		x.StreetNo = n.Key(s)
	}
	if s := r.Get(doppel.Street); s != "" {
		x.Street = n.StreetKey(s)
	}
	if s := r.Get(doppel.Address2); s != "" {
		x.Address2 = n.Key(s)
	}
	text := func(f doppel.Field) string {
		k := n.Key(r.Get(f))
		if n.placeholderText(k) {
			return ""
		}
		return k
	}
	code := func(k string) string {
		if n.placeholderCode(k) {
			return ""
		}
		return k
	}
	if n.placeholderText(x.Street) {
		x.StreetNo, x.Street, x.Address2 = "", "", ""
	}
	x.City = text(doppel.City)
	x.BirthPlace = text(doppel.BirthPlace)
	x.State = text(doppel.State)
	x.Country = n.Country(r.Get(doppel.Country))
	x.Postcode = code(n.Postcode(r.Get(doppel.Postcode), x.Country))
	x.NationalID = code(idKey(n.Key(r.Get(doppel.NationalID))))
	x.Ref = code(idKey(n.Key(r.Get(doppel.CustomerRef))))
	if c := r.Get(doppel.Company); c != "" {
		org = n.OrgName(c)
	}
	if org.Key != "" && !n.placeholderText(org.Key) {
		x.Company = org.Key
		if org.Rest != "" && x.Street == "" && x.Postcode == "" && x.City == "" {
			// The company's address written after its name in one field
			// ("adidas ag adi dassler strasse 1 91074 germany").
			x.Street = org.Rest
		}
	}
	x.ASCII = true
	for _, v := range [...]string{x.Given, x.Middle, x.Family, x.FullName, x.Email, x.Street, x.Address2, x.City, x.BirthPlace, x.Company, x.Postcode, x.StreetNo, x.State} {
		if !isASCII(v) {
			x.ASCII = false
			break
		}
	}
	return x
}

// phoneticWith returns the Double Metaphone code of the first token of an
// ASCII key ("" for keys that are not ASCII letters: the encoder is
// ASCII-only), through n's cache of codes.
func phoneticWith(n *Normalizer, key string) string {
	t := firstToken(key)
	for i := 0; i < len(t); i++ {
		if c := t[i]; c < 'a' || c > 'z' {
			return ""
		}
	}
	if t == "" {
		return ""
	}
	p, _ := n.DoubleMetaphone(t)
	return p
}

func firstToken(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

// idKey removes separators from an identifier key.
func idKey(s string) string {
	if strings.IndexByte(s, ' ') < 0 {
		return s
	}
	return strings.ReplaceAll(s, " ", "")
}

// digitsOf returns the ASCII digits of s.
func digitsOf(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	b := make([]byte, 0, n)
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// PhoneKey returns the matching key of the phone field f (Phone, Mobile or
// Phone2) of a record whose keys are p: Prepare drops a phone equal to
// another of the record's, so an empty key falls back to the phone it
// equalled.
func (p *Prepared) PhoneKey(f doppel.Field) string {
	switch f {
	case doppel.Phone:
		return p.Phone
	case doppel.Mobile:
		if p.Mobile != "" {
			return p.Mobile
		}
		return p.Phone
	case doppel.Phone2:
		if p.Phone2 != "" {
			return p.Phone2
		}
		return cmp.Or(p.Phone, p.Mobile)
	}
	return ""
}

// hanOnlyName reports whether the record's name is written in Han
// characters without kana or Hangul (a Chinese name, or a Japanese or
// Korean one in kanji or hanja).
func hanOnlyName(r *doppel.Record) bool {
	han := false
	for _, f := range [...]doppel.Field{doppel.FullName, doppel.GivenName, doppel.FamilyName} {
		v := r.Get(f)
		if v == "" {
			continue
		}
		kana, hangul, h := cjkScripts(v)
		if kana || hangul {
			return false
		}
		han = han || h
	}
	return han
}
