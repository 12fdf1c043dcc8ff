package normalize

import (
	"strings"

	"github.com/doppel-dev/doppel"
)

// PhoneValue is the golden form of a phone: E.164 when it could be parsed
// (key, the phone's matching key from Prepare, then starts with "+"), else
// the cleaned raw text.
func (n *Normalizer) PhoneValue(raw, key string) doppel.Value {
	if strings.HasPrefix(key, "+") {
		return doppel.Value{Display: key, Key: key, Valid: true}
	}
	return doppel.Value{Display: n.Clean(raw), Key: key}
}

// DateValue is the golden form of a date read in order ("" = as Date reads
// it): ISO form when it is a date, else the cleaned text, not valid.
func (n *Normalizer) DateValue(raw, order string) doppel.Value {
	if d, ok := n.DateIn(raw, order); ok {
		return doppel.Value{Display: d.String(), Key: d.String(), Valid: true}
	}
	clean := n.Clean(raw)
	if clean == "" {
		return doppel.Value{}
	}
	return doppel.Value{Display: clean}
}

// Value is the golden-record form of one raw value of field f, by the
// field's kind in the registry: dates in ISO form, e-mails in lower case,
// countries as ISO codes, genders as F/M/X, everything else cleaned
// (Unicode-normalised, whitespace collapsed) but with its case and accents.
// With keys false, the matching key is left out where computing it is the
// only work (a record alone in its cluster needs none). country is the
// ISO code postcodes are read against ("" = none). Phones go through
// PhoneValue, which reuses the key Prepare computed.
func (n *Normalizer) Value(f doppel.Field, raw, country string, keys bool) doppel.Value {
	clean := n.Clean(raw)
	if clean == "" {
		return doppel.Value{}
	}
	switch f.Kind() {
	case doppel.KindName:
		if !keys {
			return doppel.Value{Display: clean, Valid: true}
		}
		return doppel.Value{Display: clean, Key: n.NameKey(raw), Valid: true}
	case doppel.KindEmail:
		key, ok := n.Email(raw)
		return doppel.Value{Display: strings.ToLower(clean), Key: key, Valid: ok}
	case doppel.KindDate:
		return n.DateValue(raw, "")
	case doppel.KindPostcode:
		if !keys {
			return doppel.Value{Display: clean, Valid: true}
		}
		return doppel.Value{Display: clean, Key: n.Postcode(raw, country), Valid: true}
	case doppel.KindCountry:
		if c := n.Country(raw); len(c) == 2 {
			return doppel.Value{Display: c, Key: c, Valid: true}
		}
		return doppel.Value{Display: clean, Key: n.Key(raw)}
	case doppel.KindGender:
		if g := n.Gender(raw); g != "" {
			return doppel.Value{Display: g, Key: g, Valid: true}
		}
		return doppel.Value{Display: clean, Key: n.Key(raw)}
	}
	if !keys {
		return doppel.Value{Display: clean, Valid: true}
	}
	return doppel.Value{Display: clean, Key: n.Key(raw), Valid: true}
}
