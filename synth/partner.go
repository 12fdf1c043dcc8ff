package synth

import "math/rand/v2"

// Households whose two adults have different family names.

// ownNameShare is the share of hard-case households whose second adult
// keeps a family name of their own: spouses who keep theirs on marriage
// (the rule for Chinese, Korean and Spanish customers and common in many
// European countries) and unmarried partners. Such a couple shares the
// address and the landline but no name, so only that evidence can group
// them into one household.
const ownNameShare = 0.25

// partnerName gives b, the second adult of the household founded by a,
// a's family name, or (with probability ownNameShare) the family name of
// b's culture that b was drawn with, redrawn while it is a's. The
// household's children take a's. Its draws come from a source of their
// own, keyed on the seed and b's index, so every other person and record
// is what a generator without this case makes from the same seed.
func (g *generator) partnerName(b, a *person) {
	r := g.sideRand(0x706172746e6572)
	if r.Float64() >= ownNameShare {
		b.family, b.family2 = a.family, a.family2
		return
	}
	b.family2 = -1
	for try := 0; try < 20 && b.family == a.family; try++ { // setCulture gave b a's culture
		b.family = int32(g.t.surSkew[b.culture].pick(r))
	}
}

// sideRand returns a source of draws of its own for a hard case's detail,
// keyed on the seed, tag and the number of people so far, so that adding
// the detail leaves every other person and record what the same seed made
// before (the generator's own source draws nothing for it).
func (g *generator) sideRand(tag uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.cfg.Seed, tag^uint64(len(g.people))))
}
