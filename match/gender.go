package match

import "slices"

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

// GenderInference is what WithInferredGenders learnt and lent.
type GenderInference struct {
	Names  int // given names with a learnt gender
	Filled int // records without a gender that got their name's
}

// WithInferredGenders returns a Store whose records without a gender
// have that of their given name where the records stating one agree on
// it (at least genderMinRecords records, genderMinShare of them one
// gender). The returned Store shares s's data; s is unchanged. A run
// where no record states a gender gets s back.
func (s *Store) WithInferredGenders() (*Store, GenderInference) {
	var inf GenderInference
	type tally struct {
		values []string // distinct gender values, in order of first sight
		counts []int
	}
	byName := map[string]*tally{}
	var f Features
	for i := range s.n {
		s.Get(i, &f)
		if f.Given == "" || f.Gender == "" {
			continue
		}
		t := byName[f.Given]
		if t == nil {
			t = &tally{}
			byName[string([]byte(f.Given))] = t
		}
		k := slices.Index(t.values, f.Gender)
		if k < 0 {
			t.values = append(t.values, string([]byte(f.Gender)))
			t.counts = append(t.counts, 0)
			k = len(t.values) - 1
		}
		t.counts[k]++
	}
	if len(byName) == 0 {
		return s, inf
	}
	// The learnt genders, as small indexes into values (0: none).
	values := []string{""}
	learnt := map[string]uint8{}
	for name, t := range byName {
		total, best := 0, 0
		for k, c := range t.counts {
			total += c
			if c > t.counts[best] {
				best = k
			}
		}
		if total < genderMinRecords || float64(t.counts[best]) < genderMinShare*float64(total) {
			continue
		}
		k := slices.Index(values, t.values[best])
		if k < 0 {
			if len(values) == 255 {
				continue
			}
			values = append(values, t.values[best])
			k = len(values) - 1
		}
		learnt[name] = uint8(k)
	}
	inf.Names = len(learnt)
	if len(learnt) == 0 {
		return s, inf
	}
	guess := make([]uint8, s.n)
	for i := range s.n {
		s.Get(i, &f)
		if f.Gender != "" || f.Given == "" {
			continue
		}
		if k := learnt[f.Given]; k != 0 {
			guess[i] = k
			inf.Filled++
		}
	}
	if inf.Filled == 0 {
		return s, inf
	}
	t := *s
	t.guess, t.guessValues = guess, values
	return &t, inf
}
