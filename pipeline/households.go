package pipeline

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/doppel-dev/doppel/match"
	"github.com/doppel-dev/doppel/runfiles"
)

// Householding: golden records that are different people but live
// together are grouped, not merged. Two golden records are one household
// when a member of each shares with a member of the other
//   - a family name and either an address (street, house number and
//     postcode or city) or a landline; or
//   - the address (street, postcode or city, the flat when the data has
//     one, and the house number where the records give one: no two
//     numbers) and a landline or an e-mail address that is a home's: given
//     by no more than maxHomeShare golden records and by no company
//     record. This is the household of two family names (a spouse who kept
//     her own, as Chinese, Korean and Spanish customers do, or unmarried
//     partners): an address and a contact point of one home, two
//     independent pieces of evidence where the family name would be the
//     second. An address alone is not enough (a block of flats, a care
//     home), nor is a switchboard or a placeholder many records share; or
//   - a look-alike pair: a pair of one family name that scored as one
//     person but showed two (twins, a father and his son of one name) and
//     was kept apart by a conflict; the records of a support desk that
//     keeps no street and each person's own mobile have no other household
//     evidence.
// Company contacts (a record with a company) are left out: colleagues
// share an office, not a household. The grouping is transitive and
// deterministic: it depends only on the golden records and the scored
// pairs.

// maxHomeShare is the most golden records a landline or an e-mail address
// may be given by and still count as a home's for a household of two
// family names: a home's number is a family's, rarely more than eight
// people (a golden record left split counts twice), while one that more
// customers give is a switchboard's, a care home's or a placeholder.
const maxHomeShare = 8

// Household evidence kinds, as listed in households.csv.
const (
	sharedAddress = 1 << iota
	sharedPhone
	sharedLookAlike
	sharedFamily
	sharedEmail
)

// households holds the household of every golden record.
type households struct {
	of     []int32  // household number per golden index, -1 = none
	ids    []string // household id per household number
	first  []int32  // per household: its golden indexes are listed from first[h]
	golden []int32  // golden indexes grouped by household, in golden order
	shared []uint8  // per household: the kinds of evidence its members share
}

// householdKey is one record's key for one kind of evidence.
type householdKey struct {
	hash   uint64
	kind   uint8
	golden int32
}

// keyHash is FNV-1a over the parts, length-separated.
func keyHash(parts ...string) uint64 {
	h := uint64(14695981039346656037)
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= 1099511628211
		}
		h ^= 0xff
		h *= 1099511628211
	}
	return h
}

// findHouseholds groups the golden records into households from the
// records' matching keys (call after group, while the features exist).
func (r *run) findHouseholds() {
	ng := len(r.goldID)
	var keys []householdKey
	var hm homes
	var ft match.Features
	for i := range r.records {
		r.feature(i, &ft)
		g := r.goldOf[i]
		hm.add(&ft, g)
		if ft.Company != "" || ft.Family == "" {
			continue
		}
		place := homePlace(&ft)
		if ft.Street != "" && ft.StreetNo != "" && place != "" {
			keys = append(keys, householdKey{keyHash("a", ft.Street, ft.StreetNo, place, ft.Family), sharedFamily | sharedAddress, g})
		}
		if phone := landlineKey(ft.Phone); phone != "" {
			keys = append(keys, householdKey{keyHash("p", phone, ft.Family), sharedFamily | sharedPhone, g})
		}
	}
	keys = hm.householdKeys(keys)
	// Look-alike pairs: a key per pair, met by both of its records.
	var fb match.Features
	// A pair a generation apart is a look-alike when it scores as one
	// person on everything but the birth date: the model gives that level
	// next to no m (EM's match class is kept from it, see
	// match.Comparator.Fit), so with it no father and son of one name and
	// address would reach the threshold (hard cases at 100k: households
	// found exactly 4,924 -> 4,758 without this, 4,921 with it).
	dob := slices.IndexFunc(r.res.Comparisons, func(c match.Comparison) bool { return c.Name == "birth_date" })
	for _, p := range r.res.Pairs {
		if !p.Conflict {
			continue
		}
		w := p.Weight
		if l := r.res.Levels(p); dob >= 0 && l[dob] == match.GenerationApart {
			w -= r.res.Model.Weight(dob, l[dob])
		}
		if match.Probability(w) < r.threshold() {
			continue
		}
		r.feature(int(p.A), &ft)
		r.feature(int(p.B), &fb)
		if ft.Company != "" || fb.Company != "" || ft.Family == "" || ft.Family != fb.Family {
			continue
		}
		h := keyHash("l", strconv.FormatUint(uint64(p.A), 10), strconv.FormatUint(uint64(p.B), 10))
		keys = append(keys, householdKey{h, sharedFamily | sharedLookAlike, r.goldOf[p.A]}, householdKey{h, sharedFamily | sharedLookAlike, r.goldOf[p.B]})
	}
	slices.SortFunc(keys, func(a, b householdKey) int {
		return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.golden, b.golden))
	})
	parent := make([]int32, ng)
	for g := range parent {
		parent[g] = int32(g)
	}
	var find func(int32) int32
	find = func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	kinds := make([]uint8, ng) // evidence per root, merged on union
	for i := 1; i < len(keys); i++ {
		a, b := keys[i-1], keys[i]
		if a.hash != b.hash || a.golden == b.golden {
			continue
		}
		ra, rb := find(a.golden), find(b.golden)
		if ra != rb {
			if rb < ra {
				ra, rb = rb, ra
			}
			parent[rb] = ra // the smallest golden index is the root
			kinds[ra] |= kinds[rb]
		}
		kinds[ra] |= a.kind
	}
	size := make([]int32, ng)
	for g := range ng {
		size[find(int32(g))]++
	}
	h := &households{of: make([]int32, ng)}
	num := make([]int32, ng)
	for g := range ng {
		h.of[g] = -1
		root := find(int32(g))
		if size[root] < 2 {
			continue
		}
		if root == int32(g) { // the first member met is the root
			num[root] = int32(len(h.ids))
			sum := sha256.Sum256([]byte(r.goldID[g].String()))
			h.ids = append(h.ids, "H"+hex.EncodeToString(sum[:8]))
			h.shared = append(h.shared, kinds[root])
		}
		h.of[g] = num[root]
	}
	// Members grouped by household, in golden order.
	h.first = make([]int32, len(h.ids)+1)
	for _, x := range h.of {
		if x >= 0 {
			h.first[x+1]++
		}
	}
	for k := 1; k < len(h.first); k++ {
		h.first[k] += h.first[k-1]
	}
	h.golden = make([]int32, h.first[len(h.ids)])
	next := slices.Clone(h.first)
	for g, x := range h.of {
		if x >= 0 {
			h.golden[next[x]] = int32(g)
			next[x]++
		}
	}
	r.hh = h
}

// householdID returns the household id of golden index g ("" = none).
func (r *run) householdID(g int) string {
	if r.hh == nil || r.hh.of[g] < 0 {
		return ""
	}
	return r.hh.ids[r.hh.of[g]]
}

// writeHouseholds writes households.csv: every household of two or more
// golden records, its members and what they share.
func (r *run) writeHouseholds(ctx context.Context, o *outputs) error {
	c, err := o.create(runfiles.Households, runfiles.Households.Header())
	if err != nil {
		return err
	}
	if r.hh != nil {
		row := make([]string, 4)
		var ids []string
		for x, id := range r.hh.ids {
			ids = ids[:0]
			for _, g := range r.hh.golden[r.hh.first[x]:r.hh.first[x+1]] {
				ids = append(ids, r.goldID[g].String())
			}
			row[0], row[1], row[2], row[3] = id, strings.Join(ids, ";"), strconv.Itoa(len(ids)), sharedNames(r.hh.shared[x])
			if err := c.write(ctx, x, row); err != nil {
				return err
			}
		}
	}
	return c.done()
}

// sharedNames lists evidence kinds as households.csv's shared column does:
// "+"-separated, in a fixed order.
func sharedNames(kinds uint8) string {
	var names []string
	for _, k := range []struct {
		bit  uint8
		name string
	}{{sharedFamily, "family_name"}, {sharedAddress, "address"}, {sharedPhone, "phone"}, {sharedEmail, "email"}, {sharedLookAlike, "look_alike"}} {
		if kinds&k.bit != 0 {
			names = append(names, k.name)
		}
	}
	return strings.Join(names, "+")
}

// homes collects the evidence of households of two family names: every
// record's contact points (landline, e-mail), counted to tell a home's
// from a switchboard's, and its home keys (street, postcode or city and
// flat, with a landline or an e-mail). It is not safe for concurrent use.
type homes struct {
	contacts []contactKey
	keys     []homeKey
}

// contactKey is one record's landline or e-mail address.
type contactKey struct {
	hash    uint64
	golden  int32
	company bool
}

// homeKey is one record's key for a home: its address and one contact
// point.
type homeKey struct {
	hash      uint64 // street, place, flat and the contact point
	contact   uint64 // the contactKey hash of the contact point
	number    uint64 // house number, when hasNumber
	golden    int32
	kind      uint8
	hasNumber bool
}

// landlineKey is the part of a phone key two records of one landline
// share however an export wrote it: its last seven digits (an export
// without a country code keeps the trunk 0 where another writes +49; the
// comparator's "last 7 digits" level). Too short a number has none.
func landlineKey(phone string) string {
	if len(phone) < 7 {
		return ""
	}
	return phone[len(phone)-7:]
}

// homePlace is where a record's street is: its postcode, else its city.
func homePlace(ft *match.Features) string {
	if ft.Postcode != "" {
		return ft.Postcode
	}
	return ft.City
}

// add takes the evidence of one record of golden record g. Only records
// of a person (a family name and no company) get home keys; every record
// counts towards its contact points, company records included.
func (h *homes) add(ft *match.Features, g int32) {
	company := ft.Company != ""
	phone, email := landlineKey(ft.Phone), ft.Email
	var ph, em uint64
	if phone != "" {
		ph = keyHash("P", phone)
		h.contacts = append(h.contacts, contactKey{ph, g, company})
	}
	if email != "" {
		em = keyHash("E", email)
		h.contacts = append(h.contacts, contactKey{em, g, company})
	}
	place := homePlace(ft)
	if company || ft.Family == "" || ft.Street == "" || place == "" {
		return
	}
	k := homeKey{golden: g, hasNumber: ft.StreetNo != ""}
	if k.hasNumber {
		k.number = keyHash(ft.StreetNo)
	}
	if phone != "" {
		k.hash, k.contact, k.kind = keyHash("ap", ft.Street, place, ft.Address2, phone), ph, sharedAddress|sharedPhone
		h.keys = append(h.keys, k)
	}
	if email != "" {
		k.hash, k.contact, k.kind = keyHash("ae", ft.Street, place, ft.Address2, email), em, sharedAddress|sharedEmail
		h.keys = append(h.keys, k)
	}
}

// householdKeys appends to dst the home keys that are evidence of one
// home and returns it. A key's contact point must be a home's: given by
// at most maxHomeShare golden records and by no company record. Its
// records must not give two house numbers (an export that writes the
// number into the street column has none in its features, so the number
// is checked where records have one rather than kept in the key). Only
// the contact points of keys that two golden records share are counted.
func (h *homes) householdKeys(dst []householdKey) []householdKey {
	// Most keys are one record's: find the repeated ones on their hashes
	// alone (a plain sort of integers), then sort only their keys.
	hashes := make([]uint64, len(h.keys))
	for i, k := range h.keys {
		hashes[i] = k.hash
	}
	slices.Sort(hashes)
	repeated := map[uint64]bool{}
	for i := 1; i < len(hashes); i++ {
		if hashes[i] == hashes[i-1] {
			repeated[hashes[i]] = true
		}
	}
	hashes = nil
	keys := h.keys[:0]
	for _, k := range h.keys {
		if repeated[k.hash] {
			keys = append(keys, k)
		}
	}
	h.keys = keys
	slices.SortFunc(h.keys, func(a, b homeKey) int { return cmp.Compare(a.hash, b.hash) })
	// Keys two golden records share, with no two house numbers: their
	// runs in h.keys, and their contact points to count.
	var runs [][2]int
	counted := map[uint64]bool{}
	for i := 0; i < len(h.keys); {
		j, two, one := i, false, true
		var number uint64
		numbered := false
		for ; j < len(h.keys) && h.keys[j].hash == h.keys[i].hash; j++ {
			k := h.keys[j]
			two = two || k.golden != h.keys[i].golden
			if k.hasNumber {
				one = one && (!numbered || k.number == number)
				number, numbered = k.number, true
			}
		}
		if two && one {
			runs = append(runs, [2]int{i, j})
			counted[h.keys[i].contact] = false
		}
		i = j
	}
	// Count the golden records of those contact points; mark true those
	// that are not a home's.
	var cs []contactKey
	for _, c := range h.contacts {
		if _, ok := counted[c.hash]; ok {
			cs = append(cs, c)
		}
	}
	slices.SortFunc(cs, func(a, b contactKey) int {
		return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.golden, b.golden))
	})
	for i := 0; i < len(cs); {
		j, n, company := i, 0, false
		for ; j < len(cs) && cs[j].hash == cs[i].hash; j++ {
			if j == i || cs[j].golden != cs[j-1].golden {
				n++
			}
			company = company || cs[j].company
		}
		counted[cs[i].hash] = n > maxHomeShare || company
		i = j
	}
	for _, r := range runs {
		if counted[h.keys[r[0]].contact] {
			continue
		}
		for _, k := range h.keys[r[0]:r[1]] {
			dst = append(dst, householdKey{k.hash, k.kind, k.golden})
		}
	}
	h.contacts, h.keys = nil, nil
	return dst
}
