package match

import (
	"slices"

	"github.com/doppel-dev/doppel"
)

// Learning a given name's gender from the run's own records: many exports
// state a gender (a gender column, or a salutation such as "Frau" or
// "Mr"), some do not, and a record without one lends nothing to the
// evidence against identity that genders give (twins, a couple sharing a
// family e-mail; see scorer.ownSigns and scorer.sharedEmail). No name
// list is shipped: what "Marie" or "Pierre" is, is read off the records
// that state it, so it follows the customers' own countries and leaves
// names that are given to both (Andrea, Jean, Kim) alone.
const (
	// genderMinRecords is the fewest records stating a gender that a
	// given name needs before its gender is lent.
	genderMinRecords = 3
	// genderMinShare is the share of those records that must state one
	// gender.
	genderMinShare = 0.95
)

// genderGuesses returns, per record without a gender, the index into
// values of its given name's learnt gender (0: none; nil when no record
// gets one): a given name's gender is learnt where at least
// genderMinRecords records state one and genderMinShare of them the same.
func (s *Store) genderGuesses(sc *sharedScan) (guess []uint8, values []string, inf doppel.GendersLearnt) {
	type tally struct {
		genders []uint64 // distinct gender hashes, in order of first sight
		first   []int    // a record stating each
		counts  []int
	}
	byName := map[uint64]*tally{}
	for i, g := range sc.gender {
		if g == 0 {
			continue
		}
		t := byName[sc.given[i]]
		if t == nil {
			t = &tally{}
			byName[sc.given[i]] = t
		}
		k := slices.Index(t.genders, g)
		if k < 0 {
			t.genders, t.first, t.counts = append(t.genders, g), append(t.first, i), append(t.counts, 0)
			k = len(t.genders) - 1
		}
		t.counts[k]++
	}
	// The learnt genders, as small indexes into values (0: none), in the
	// order of the records that first state them (deterministic).
	learnt := map[uint64]uint8{}
	codes := map[uint64]uint8{}
	values = []string{""}
	firsts := make([]int, 0, len(byName))
	best := map[uint64]int{}
	for name, t := range byName {
		total, b := 0, 0
		for k, c := range t.counts {
			total += c
			if c > t.counts[b] {
				b = k
			}
		}
		if total < genderMinRecords || float64(t.counts[b]) < genderMinShare*float64(total) {
			continue
		}
		best[name] = b
		firsts = append(firsts, t.first[b])
	}
	slices.Sort(firsts)
	var f Features
	for _, i := range firsts {
		g := sc.gender[i]
		if _, ok := codes[g]; !ok && len(values) < 255 {
			s.Get(i, &f)
			codes[g] = uint8(len(values))
			values = append(values, string([]byte(f.Gender)))
		}
	}
	for name, b := range best {
		if c, ok := codes[byName[name].genders[b]]; ok {
			learnt[name] = c
		}
	}
	inf.Names = len(learnt)
	if len(learnt) == 0 {
		return nil, nil, inf
	}
	for i, g := range sc.gender {
		if g != 0 || sc.given[i] == 0 {
			continue
		}
		if c := learnt[sc.given[i]]; c != 0 {
			if guess == nil {
				guess = make([]uint8, len(sc.gender))
			}
			guess[i] = c
			inf.Records++
		}
	}
	return guess, values, inf
}
