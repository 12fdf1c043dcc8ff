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
// when a member of each shares a family name and either an address
// (street, house number and postcode or city) or a landline with a member
// of the other, or when a member of each forms a look-alike pair: a pair
// of one family name that scored as one person but showed two (twins, a
// father and his son of one name) and was kept apart by a conflict; the
// records of a support desk that keeps no street and each person's own
// mobile have no other household evidence. Company contacts (a record
// with a company) are left out: colleagues share an office, not a
// household. The grouping is transitive and deterministic: it depends
// only on the golden records and the scored pairs.

// Household evidence kinds, as listed in households.csv.
const (
	sharedAddress = 1 << iota
	sharedPhone
	sharedLookAlike
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
	var ft match.Features
	for i := range r.records {
		r.feature(i, &ft)
		if ft.Company != "" || ft.Family == "" {
			continue
		}
		g := r.goldOf[i]
		place := ft.Postcode
		if place == "" {
			place = ft.City
		}
		if ft.Street != "" && ft.StreetNo != "" && place != "" {
			keys = append(keys, householdKey{keyHash("a", ft.Street, ft.StreetNo, place, ft.Family), sharedAddress, g})
		}
		if ft.Phone != "" {
			keys = append(keys, householdKey{keyHash("p", ft.Phone, ft.Family), sharedPhone, g})
		}
	}
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
		keys = append(keys, householdKey{h, sharedLookAlike, r.goldOf[p.A]}, householdKey{h, sharedLookAlike, r.goldOf[p.B]})
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
			var shared []string
			if r.hh.shared[x]&sharedAddress != 0 {
				shared = append(shared, "address")
			}
			if r.hh.shared[x]&sharedPhone != 0 {
				shared = append(shared, "phone")
			}
			if r.hh.shared[x]&sharedLookAlike != 0 {
				shared = append(shared, "look_alike")
			}
			row[0], row[1], row[2], row[3] = id, strings.Join(ids, ";"), strconv.Itoa(len(ids)), "family_name+"+strings.Join(shared, "+")
			if err := c.write(ctx, x, row); err != nil {
				return err
			}
		}
	}
	return c.done()
}
