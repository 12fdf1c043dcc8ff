package match

import (
	"cmp"
	"slices"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/internal/workpool"
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

// valueHash is the key a value is counted under (tfHash, never 0: 0
// marks no value).
func valueHash(v string) uint64 { return max(tfHash(v), 1) }

// sharedScan is what one pass over a store gathers for sharedValues and
// genderGuesses: per record, the hash of its given name and gender (0:
// none), and per shared kind the hash of every value (0: none, or a
// record without a given name).
type sharedScan struct {
	given, gender []uint64
	values        [][]uint64 // per kind, n*len(kind.get)
}

// scan gathers a sharedScan on workers goroutines (a chunk each).
func (s *Store) scan(workers int, kinds []sharedKind) *sharedScan {
	sc := &sharedScan{given: make([]uint64, s.n), gender: make([]uint64, s.n), values: make([][]uint64, len(kinds))}
	for k := range kinds {
		sc.values[k] = make([]uint64, s.n*len(kinds[k].get))
	}
	chunk := 1 << storeShift
	q := workpool.NewQueue(len(s.chunks))
	workpool.Workers(max(workers, 1), func(int) {
		var f Features
		for c, ok := q.Take(); ok; c, ok = q.Take() {
			for i := c * chunk; i < min(s.n, (c+1)*chunk); i++ {
				s.Get(i, &f)
				if f.Given == "" {
					continue
				}
				sc.given[i] = valueHash(f.Given)
				if f.Gender != "" {
					sc.gender[i] = valueHash(f.Gender)
				}
				for k, kd := range kinds {
					for j, get := range kd.get {
						if v := get(&f); v != "" {
							sc.values[k][i*len(kd.get)+j] = valueHash(v)
						}
					}
				}
			}
		}
	})
	return sc
}

// sharedValues returns, per record, the shared* bits of its values that
// more than sharedPeople given names carry (nil when none), and those
// values, most records first.
func (s *Store) sharedValues(workers int, kinds []sharedKind, sc *sharedScan) ([]byte, []doppel.SharedValue) {
	type people struct {
		at      int // a record carrying it, and in which field
		field   int
		records int
		given   map[uint64]struct{}
	}
	// The kinds are counted in parallel; the values on more than
	// sharedPeople records then have their given names counted.
	many := make([]map[uint64]*people, len(kinds))
	q := workpool.NewQueue(len(kinds))
	workpool.Workers(max(workers, 1), func(int) {
		var sorted, tmp []uint64
		for k, ok := q.Take(); ok; k, ok = q.Take() {
			h, nf := sc.values[k], len(kinds[k].get)
			t := tallyOf(h, &sorted, &tmp)
			m := map[uint64]*people{}
			for x, at := range h {
				if at == 0 || t.count(at) <= sharedPeople {
					continue
				}
				p := m[at]
				if p == nil {
					p = &people{at: x / nf, field: x % nf, given: map[uint64]struct{}{}}
					m[at] = p
				}
				p.records++
				p.given[sc.given[x/nf]] = struct{}{}
			}
			many[k] = m
		}
	})
	var mask []byte
	var found []doppel.SharedValue
	var f Features
	for k, kd := range kinds {
		if len(many[k]) == 0 {
			continue
		}
		h, nf := sc.values[k], len(kd.get)
		for x, at := range h {
			if at == 0 {
				continue
			}
			if p := many[k][at]; p != nil && len(p.given) > sharedPeople {
				if mask == nil {
					mask = make([]byte, s.n)
				}
				mask[x/nf] |= kd.bits[x%nf]
			}
		}
		for _, p := range many[k] {
			if len(p.given) > sharedPeople {
				s.Get(p.at, &f)
				found = append(found, doppel.SharedValue{Field: kd.name, Value: string([]byte(kd.get[p.field](&f))), Records: p.records, People: len(p.given)})
			}
		}
	}
	slices.SortFunc(found, func(a, b doppel.SharedValue) int {
		return cmp.Or(cmp.Compare(b.Records, a.Records), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Value, b.Value))
	})
	return mask, found
}

// Derived is what Derive found.
type Derived struct {
	Shared  []doppel.SharedValue // values read as missing, most records first
	Genders doppel.GendersLearnt
}

// Derive returns a Store in which the values of e-mail, phone, national
// id and customer reference that more than sharedPeople different given
// names carry read as missing (see sharedPeople), and the records without
// a gender have their given name's learnt one (see genderMinRecords).
// Records without a given name (companies) neither count nor change. The
// records that change are re-encoded on workers goroutines; s is
// unchanged, and comes back itself when nothing changes.
func (s *Store) Derive(workers int) (*Store, Derived) {
	var d Derived
	kinds := sharedKinds()
	sc := s.scan(workers, kinds)
	mask, found := s.sharedValues(workers, kinds, sc)
	d.Shared = found
	guess, values, inf := s.genderGuesses(sc)
	d.Genders = inf
	if mask == nil && guess == nil {
		return s, d
	}
	return s.rewrite(workers, func(i int) bool {
		return mask != nil && mask[i] != 0 || guess != nil && guess[i] != 0
	}, func(i int, f *Features) {
		if mask != nil {
			blankShared(mask[i], f)
		}
		if guess != nil && guess[i] != 0 {
			f.Gender = values[guess[i]]
		}
	}), d
}

// blankShared clears the values of dst that many people share (m: the
// shared* bits).
func blankShared(m byte, dst *Features) {
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
