// Package match finds the candidate pairs among prepared customer records
// (blocking), scores them with a Fellegi-Sunter model whose parameters are
// estimated without labels (u from random pairs, m by EM), and clusters the
// pairs above the match threshold into entities.
//
// The package does no I/O and keeps no global state. Record features are
// computed once per record (Featurizer); comparisons run many times on the
// prepared values. Results are deterministic: they depend only on the order
// of the records passed in, and the caller passes records in a canonical
// order (sorted by source and id), so outputs do not depend on input order.
package match

import (
	"strings"

	"github.com/antzucaro/matchr"
	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/normalize"
)

// Date is a birth date packed as YYYYMMDD (0 = missing). A date with only a
// year is YYYY0000.
type Date uint32

// Year returns the year part.
func (d Date) Year() int { return int(d / 10000) }

// Month returns the month part (0 if unknown).
func (d Date) Month() int { return int(d / 100 % 100) }

// Day returns the day part (0 if unknown).
func (d Date) Day() int { return int(d % 100) }

// Features are the normalised comparison values of one record. Every
// string is a matching key (folded, standardised); "" means missing.
type Features struct {
	Source     int    // index of the record's source
	Given      string // given-name key
	Middle     string // middle-name key
	Family     string // family-name key
	GivenPh    string // phonetic code of Given (Double Metaphone primary)
	FamilyPh   string // phonetic code of Family
	GivenForms string // canonical given-name forms (nickname table), space separated
	FullName   string // whole-name key when a full-name column exists
	BirthDate  Date
	Email      string // e-mail key (lower-case, +tag and gmail dots removed)
	EmailUser  string // local part of Email
	EmailNum   string // the digits of Email ("93" in dvogel93@gmail.com)
	Phone      string // E.164 (or digits when not parseable)
	Mobile     string
	StreetNo   string
	Street     string
	Address2   string
	City       string
	State      string
	Postcode   string
	Country    string
	NationalID string
	Ref        string
	Company    string
	Gender     string
	// ASCII is true when every string above is ASCII, so comparisons can
	// take the byte-wise fast path without checking.
	ASCII bool
}

// SourceOptions are the per-source normalisation settings.
type SourceOptions struct {
	Region    string // default phone region
	DateOrder string // DMY, MDY or YMD for ambiguous dates
}

// Featurizer turns records into Features. It is NOT safe for concurrent
// use: create one per goroutine.
type Featurizer struct {
	base    normalize.Options
	norms   map[string]*normalize.Normalizer // by date order
	sources []SourceOptions
}

// NewFeaturizer returns a Featurizer with default options base and
// per-source options (indexed like Features.Source; empty values fall back
// to base).
func NewFeaturizer(base normalize.Options, sources []SourceOptions) (*Featurizer, error) {
	f := &Featurizer{base: base, norms: map[string]*normalize.Normalizer{}, sources: sources}
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

func (f *Featurizer) normalizer(order string) (*normalize.Normalizer, error) {
	if order == "" {
		order = f.base.DateOrder
	}
	if n, ok := f.norms[order]; ok {
		return n, nil
	}
	opt := f.base
	opt.DateOrder = order
	n, err := normalize.New(opt)
	if err != nil {
		return nil, err
	}
	f.norms[order] = n
	return n, nil
}

// Normalizer returns the normaliser for a source (for callers that need the
// display forms of values).
func (f *Featurizer) Normalizer(source int) *normalize.Normalizer {
	n, _ := f.normalizer(f.sourceOpt(source).DateOrder)
	return n
}

func (f *Featurizer) sourceOpt(source int) SourceOptions {
	if source >= 0 && source < len(f.sources) {
		return f.sources[source]
	}
	return SourceOptions{}
}

// Features computes the features of record r from source index source.
func (f *Featurizer) Features(r *doppel.Record, source int) Features {
	so := f.sourceOpt(source)
	n := f.Normalizer(source)
	region := so.Region
	var x Features
	x.Source = source

	x.Given = n.NameKey(r.Get(doppel.GivenName))
	x.Family = n.NameKey(r.Get(doppel.FamilyName))
	x.Middle = n.NameKey(r.Get(doppel.MiddleName))
	if full := r.Get(doppel.FullName); full != "" {
		nm := n.ParseName(full)
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
		x.FullName = n.Key(full)
	}
	if x.Given != "" {
		x.GivenPh = phoneticWith(n, x.Given)
		x.GivenForms = strings.Join(n.GivenForms(firstToken(x.Given)), " ")
	}
	if x.Family != "" {
		x.FamilyPh = phoneticWith(n, x.Family)
	}
	x.Gender = n.Gender(r.Get(doppel.Gender))
	if d, ok := n.Date(r.Get(doppel.BirthDate)); ok {
		x.BirthDate = Date(d.Y*10000 + d.M*100 + d.D)
	}
	if e, _ := n.Email(r.Get(doppel.Email)); e != "" {
		x.Email = e
		if at := strings.LastIndexByte(e, '@'); at > 0 {
			x.EmailUser = e[:at]
		}
		x.EmailNum = digitsOf(e)
	}
	x.Phone, _ = n.Phone(r.Get(doppel.Phone), region)
	x.Mobile, _ = n.Phone(r.Get(doppel.Mobile), region)
	if x.Phone == x.Mobile {
		x.Mobile = ""
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
	x.City = n.Key(r.Get(doppel.City))
	x.State = n.Key(r.Get(doppel.State))
	x.Country = n.Country(r.Get(doppel.Country))
	x.Postcode = n.Postcode(r.Get(doppel.Postcode), x.Country)
	x.NationalID = idKey(n.Key(r.Get(doppel.NationalID)))
	x.Ref = idKey(n.Key(r.Get(doppel.CustomerRef)))
	x.Company = n.Key(r.Get(doppel.Company))
	x.ASCII = true
	for _, v := range [...]string{x.Given, x.Middle, x.Family, x.FullName, x.Email, x.Street, x.Address2, x.City, x.Company, x.Postcode, x.StreetNo, x.State} {
		if !isASCII(v) {
			x.ASCII = false
			break
		}
	}
	return x
}

// phoneticWith returns the Double Metaphone code of the first token of an
// ASCII key ("" for keys that are not ASCII letters: the encoder is
// ASCII-only), through n's cache of codes (nil: no cache).
func phoneticWith(n *normalize.Normalizer, key string) string {
	t := firstToken(key)
	for i := 0; i < len(t); i++ {
		if c := t[i]; c < 'a' || c > 'z' {
			return ""
		}
	}
	if t == "" {
		return ""
	}
	if n != nil {
		p, _ := n.DoubleMetaphone(t)
		return p
	}
	p, _ := matchr.DoubleMetaphone(t)
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
