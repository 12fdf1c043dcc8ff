package match

import (
	"cmp"
	"slices"
)

// Values many people share. A value that should name one person (an
// e-mail address, a phone number, a national id, a customer reference)
// but that many records of different people carry is not evidence of
// identity: a placeholder the patterns do not know ("keine@firma.de",
// "0800 000 000"), a company switchboard, a care home's number, a shop's
// default customer number. doppel audit reports such values as
// "shared_value" (one value on more than 5 records); matching treats a
// value as missing when more than sharedPeople different given names
// carry it, so that a person's own records (one given name, or a few
// spellings of it) keep it and a switchboard or a placeholder does not
// weigh as proof, block thousands of records together or join clusters.
const sharedPeople = 5

// Shared-value field bits (Store.shared).
const (
	sharedEmail byte = 1 << iota
	sharedPhone
	sharedMobile
	sharedPhone2
	sharedNationalID
	sharedRef
)

// SharedValue is one value treated as missing because many people share it.
type SharedValue struct {
	Field   string // email, phone, national_id, customer_ref
	Value   string // the normalised value
	Records int    // records carrying it
	People  int    // distinct given names among them
}

// sharedKind groups the fields whose values are counted together: a
// phone, a mobile and a second phone are one kind (one system's mobile is
// another's landline).
type sharedKind struct {
	name string
	bits []byte
	get  []func(f *Features) string
}

func sharedKinds() []sharedKind {
	return []sharedKind{
		{"email", []byte{sharedEmail}, []func(*Features) string{func(f *Features) string { return f.Email }}},
		{"phone", []byte{sharedPhone, sharedMobile, sharedPhone2}, []func(*Features) string{
			func(f *Features) string { return f.Phone }, func(f *Features) string { return f.Mobile },
			func(f *Features) string { return f.Phone2 }}},
		{"national_id", []byte{sharedNationalID}, []func(*Features) string{func(f *Features) string { return f.NationalID }}},
		{"customer_ref", []byte{sharedRef}, []func(*Features) string{func(f *Features) string { return f.Ref }}},
	}
}

// strHash is FNV-1a 64 of s, never 0.
func strHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	if h == 0 {
		h = 1
	}
	return h
}

// WithSharedValuesMissing returns a Store in which the values of e-mail,
// phone, national id and customer reference that more than sharedPeople
// different given names carry read as missing (see sharedPeople), and the
// values it found, most records first. Records without a given name
// (companies) neither count nor lose a value. The returned Store shares
// s's data; s is unchanged; s itself comes back when nothing is shared.
func (s *Store) WithSharedValuesMissing() (*Store, []SharedValue) {
	kinds := sharedKinds()
	// One pass: the hash of every value, per kind and field (0: none, or
	// a record without a given name).
	hs := make([][]uint64, len(kinds))
	for k := range kinds {
		hs[k] = make([]uint64, s.n*len(kinds[k].get))
	}
	var f Features
	for i := range s.n {
		s.Get(i, &f)
		if f.Given == "" {
			continue
		}
		for k, kd := range kinds {
			for j, get := range kd.get {
				if v := get(&f); v != "" {
					hs[k][i*len(kd.get)+j] = strHash(v)
				}
			}
		}
	}
	var found []SharedValue
	var mask []byte
	var sorted, tmp []uint64
	type people struct {
		value   string
		records int
		given   map[string]struct{}
	}
	for k, kd := range kinds {
		// The records of every value (a record counted once per field it
		// carries the value in), then the given names of the values on
		// more than sharedPeople records.
		h, nf := hs[k], len(kd.get)
		t := tallyOf(h, &sorted, &tmp)
		many := map[uint64]*people{}
		for x, at := range h {
			if at == 0 || t.count(at) <= sharedPeople {
				continue
			}
			i, j := x/nf, x%nf
			s.Get(i, &f)
			p := many[at]
			if p == nil {
				p = &people{value: string([]byte(kd.get[j](&f))), given: map[string]struct{}{}}
				many[at] = p
			}
			p.records++
			if _, ok := p.given[f.Given]; !ok {
				p.given[string([]byte(f.Given))] = struct{}{}
			}
		}
		for x, at := range h {
			if at == 0 {
				continue
			}
			if p := many[at]; p != nil && len(p.given) > sharedPeople {
				if mask == nil {
					mask = make([]byte, s.n)
				}
				mask[x/nf] |= kd.bits[x%nf]
			}
		}
		for _, p := range many {
			if len(p.given) > sharedPeople {
				found = append(found, SharedValue{Field: kd.name, Value: p.value, Records: p.records, People: len(p.given)})
			}
		}
		hs[k] = nil
	}
	if mask == nil {
		return s, nil
	}
	slices.SortFunc(found, func(a, b SharedValue) int {
		return cmp.Or(cmp.Compare(b.Records, a.Records), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Value, b.Value))
	})
	t := *s
	t.shared = mask
	return &t, found
}

// blankShared clears the values of dst, record i, that many people share.
func (s *Store) blankShared(i int, dst *Features) {
	m := s.shared[i]
	if m == 0 {
		return
	}
	if m&sharedEmail != 0 {
		dst.Email, dst.EmailUser, dst.EmailNum = "", "", ""
	}
	if m&sharedPhone != 0 {
		dst.Phone = ""
	}
	if m&sharedMobile != 0 {
		dst.Mobile = ""
	}
	if m&sharedPhone2 != 0 {
		dst.Phone2 = ""
	}
	if m&sharedNationalID != 0 {
		dst.NationalID = ""
	}
	if m&sharedRef != 0 {
		dst.Ref = ""
	}
}
