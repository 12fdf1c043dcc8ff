package match

import (
	"cmp"
	"math"
	"slices"
)

// maxComparisons is the most comparisons a pattern code can hold (3 bits each).
const maxComparisons = 21

// scorer computes comparison levels for pairs of records.
type scorer struct {
	comps []Comparison
	// idx maps the active comparisons to allComparisons positions so that
	// the name pair (given, family) is computed together.
	givenAt, familyAt int
	// at are the positions of the comparisons conflict reads (-1: not
	// active), found once instead of by name for every pair.
	dobAt, emailAt, idAt int
	genderAt             int
	// streetAt, phoneAt and postcodeAt are the home comparisons a shared
	// e-mail's conflict reads (see sharedEmail).
	streetAt, phoneAt, postcodeAt int
	// companyAt is the company comparison (-1: not active), whose words
	// org weighs (nil: every word weighs 1).
	companyAt int
	org       *OrgWeights
}

func newScorer(comps []Comparison) *scorer {
	s := &scorer{comps: comps}
	at := map[string]*int{"given_name": &s.givenAt, "family_name": &s.familyAt, "birth_date": &s.dobAt,
		"email": &s.emailAt, "national_id": &s.idAt, "gender": &s.genderAt, "company": &s.companyAt,
		"street": &s.streetAt, "phone": &s.phoneAt, "postcode": &s.postcodeAt}
	for _, p := range at {
		*p = -1
	}
	for i := range comps {
		if p := at[comps[i].Name]; p != nil {
			*p = i
		}
	}
	return s
}

// levels fills out (len(comps)) with the levels of pair (a, b).
func (s *scorer) levels(a, b *Features, out []int8) {
	if s.givenAt >= 0 || s.familyAt >= 0 {
		g, f := nameLevels(a, b)
		if s.givenAt >= 0 {
			out[s.givenAt] = g
		}
		if s.familyAt >= 0 {
			out[s.familyAt] = f
		}
	}
	for i := range s.comps {
		if i == s.givenAt || i == s.familyAt {
			continue
		}
		out[i] = s.level(i, a, b)
	}
}

// level is the level of comparison i (not a name) for the pair (a, b).
func (s *scorer) level(i int, a, b *Features) int8 {
	if i == s.companyAt {
		return companyLevel(a, b, s.org)
	}
	return s.comps[i].level(a, b)
}

// levelAt returns the level at position i of a pattern code (Missing for
// i < 0, a comparison that is not active).
func levelAt(code uint64, i int) int8 {
	if i < 0 {
		return Missing
	}
	return int8((code>>(3*i))&7) - 1
}

// conflict reports whether a pattern shows two different people whatever
// its weight (see conflictOf).
func (s *scorer) conflict(code uint64) bool { return s.conflictOf(code) != noConflict }

// Conflict kinds: why a pair is two people whatever its weight.
const (
	noConflict = iota
	conflictGeneration
	conflictBusinesses
	conflictCompanyPerson
	conflictTwins
	conflictColleagues
	conflictGivenNames
	conflictSharedEmail
)

// conflictReason is conflict kind k as pairs.csv states it.
func conflictReason(k int) string {
	switch k {
	case conflictGeneration:
		return "birth dates a generation apart (or Jr. and Sr.), no shared e-mail or national id"
	case conflictBusinesses:
		return "two companies whose names clearly differ"
	case conflictCompanyPerson:
		return "a company and a person"
	case conflictTwins:
		return "one birth date, but different given names and different e-mails or genders (twins)"
	case conflictColleagues:
		return "different family names and no given name in common, no shared birth date, e-mail or national id"
	case conflictGivenNames:
		return "different given names, no shared birth date, e-mail or national id"
	case conflictSharedEmail:
		return "one e-mail, but different given names and birth dates or genders (a family e-mail)"
	}
	return ""
}

// conflictOf returns the kind of conflict a pattern shows (noConflict
// when none): a pair like that agrees on what a household or an office
// shares (address, phone, family name, company), and a Fellegi-Sunter
// sum, which assumes the comparisons independent, would merge it. First,
// one e-mail at one home with two people's signs (sharedEmail: a family
// e-mail). Then, unless an e-mail or national id agrees exactly:
//   - birth dates a generation apart (a father and his son of one name),
//     unless a national id one typo apart or the same e-mail user speak for one
//     person with a mistyped birth date;
//   - company names that clearly differ, where neither record names a
//     person (two businesses at one address), or a company and a contact
//     person at it;
//   - with an exact birth date in common (or one two adjacent digits
//     apart): given names that clearly differ and e-mail addresses or
//     genders that differ (twins);
//   - without one, and unless a national id one typo apart or the same
//     e-mail user speak for one person: clearly different given names
//     (not a typo, nickname, initial or swap: spouses, siblings), or
//     different family names with no given name in common (colleagues
//     behind one switchboard, neighbours).
func (s *scorer) conflictOf(code uint64) int {
	if s.sharedEmail(code) {
		return conflictSharedEmail
	}
	if s.proven(code) {
		return noConflict
	}
	if s.generationConflict(code) {
		return conflictGeneration
	}
	// Company names that clearly differ, with no person's name to go by:
	// two businesses at one address and switchboard (the restaurants of a
	// hotel, the tenants of an office block).
	switch c := levelAt(code, s.companyAt); {
	case c == 5:
		return conflictCompanyPerson
	case c == 4 && levelAt(code, s.givenAt) < 0 && levelAt(code, s.familyAt) < 0:
		return conflictBusinesses
	}
	given := levelAt(code, s.givenAt)
	if d := levelAt(code, s.dobAt); d == 0 || d == 1 {
		// Twins: one birth date, family name and home, but each their
		// own given name and their own e-mail address. Either alone is
		// weak evidence (a record with a middle name for its given name,
		// an old address), so a duplicate keeps its exact birth date's
		// weight; both together are how two people of one household
		// look, and rare for one person's records, whose errors are
		// independent. Birth dates two adjacent digits apart (1981 /
		// 1918) count as one date here: two people's dates are about as
		// rarely a transposition apart as equal, spouses and siblings
		// almost never are, and a twin's date mistyped so still shows
		// the twins.
		if given == 5 && s.ownSigns(code) {
			return conflictTwins
		}
		return noConflict
	}
	// A national id one typo apart or the same e-mail user speaks for one
	// person whose name was edited, as it does against a generation gap:
	// two people of one household or office rarely hold such ids (twins,
	// whose ids may be consecutive, are decided above on the exact id).
	if s.identityHint(code) {
		return noConflict
	}
	// Different family names and no given name in common: colleagues at
	// one office (switchboard, address and company agree), neighbours.
	if levelAt(code, s.familyAt) == 4 && (given < 0 || given >= 4) {
		return conflictColleagues
	}
	if given == 5 {
		return conflictGivenNames
	}
	return noConflict
}

// proven reports whether a pattern proves one person whatever else
// differs: an exact e-mail or national id (placeholder values and values
// many people share read as missing, so they prove nothing). conflictOf
// asks sharedEmail first: a family e-mail proves nothing either.
func (s *scorer) proven(code uint64) bool {
	return levelAt(code, s.emailAt) == 0 || levelAt(code, s.idAt) == 0
}

// sharedEmail reports whether a pattern shows one e-mail address used by
// two people of one home: the address agrees exactly and so does the home
// (street, phone, or postcode), but the given names clearly differ, the
// birth dates are not within a month (nor a typo or transposition apart)
// or the genders differ, and no national id agrees. That is a family address
// ("famille.dubois@..."), a spouse writing the other's, a parent's for a
// child: the address alone weighs as much as a person's own, and a
// household agrees on the home and family name besides, so without this
// the pair merged whatever else differed. One person's records rarely
// show two independent signs of two people at once; either alone (an
// edited given name, a mistyped birth date) leaves the e-mail its proof.
// The shared home is asked for because that is where a family address is
// shared, and because without it the pattern is also a duplicate whose
// given name and birth date were both mangled: splink_fake_20000, which
// has no address, lost 0.0003 pair F1 (recall 0.9287 -> 0.9281) to the
// rule without it, on scrambled given names ("yilE" / "Emily") with
// birth dates ten years off. Hard cases at 100k whose spouses give one
// e-mail in a third of the households: household false pairs 1,704 ->
// 653 with birth dates over a year apart, -> 432 with dates within a
// year counted too (4 true pairs lost of 37,640); no public set moved.
// Unknown birth dates are not a sign: counted, they took the household
// false pairs to 168, but split two customers of the bundled sample
// (Lisi and Elisabeth Leitner, Resi and Theresa Moser: short forms the
// nickname list lacks, one record without a birth date) and lost 43 true
// pairs of the hard cases.
func (s *scorer) sharedEmail(code uint64) bool {
	if levelAt(code, s.emailAt) != 0 || levelAt(code, s.idAt) == 0 || levelAt(code, s.givenAt) != 5 {
		return false
	}
	if levelAt(code, s.streetAt) != 0 && levelAt(code, s.phoneAt) != 0 && levelAt(code, s.postcodeAt) != 0 {
		return false
	}
	d := levelAt(code, s.dobAt)
	return d >= 4 || levelAt(code, s.genderAt) == 1
}

// generationConflict reports whether a pattern shows birth dates a
// generation apart (12 years or more, and not a typo): a father and his
// son of the same name at one address, unless the pair has an identity
// hint. It also holds across a cluster (see clusterConflict).
func (s *scorer) generationConflict(code uint64) bool {
	return levelAt(code, s.dobAt) == GenerationApart && !s.identityHint(code)
}

// clusterConflict reports whether a pattern keeps two clusters apart when
// a pair across them shows it (and no pair across supports the join):
// birth dates a generation apart, or given names that clearly differ
// with e-mail addresses that differ too. A spouse and a record of the
// household without a given name ("Richter-Westermaier") each link to
// the other spouse's records, and the given names alone would not do as a
// veto: true duplicates whose given name was edited lose their cluster
// (splink_fake_1000 lost 0.06 pair F1 with every conflict counted).
func (s *scorer) clusterConflict(code uint64) bool {
	switch s.conflictOf(code) {
	case conflictGeneration:
		return true
	case conflictSharedEmail:
		// Two people's signs despite the shared address: the address is
		// the household's, not the join's support (see supports).
		return true
	case conflictGivenNames, conflictTwins:
		// Not the colleagues' conflict (different family names): across
		// a cluster it took 12 of 88 colleague false pairs at 100k and
		// cost splink_fake_1000 0.0013 pair F1 (edited family names).
		return levelAt(code, s.emailAt) == 3
	}
	return false
}

// ownSigns reports whether a pattern shows what two people of one
// household carry and one person's records rarely do: e-mail addresses
// that differ, or genders (from a gender column or the title) that
// differ. With given names that clearly differ as well, that is two
// independent signs of two people (a twin brother and sister, a couple
// without e-mails); either alone is weak (an old address, a wrong
// salutation).
func (s *scorer) ownSigns(code uint64) bool {
	return levelAt(code, s.emailAt) == 3 || levelAt(code, s.genderAt) == 1
}

// identityHint reports whether a pattern has what one person's records
// share and two people's a generation apart do not: a national id exact
// or one typo apart, or the same e-mail user (exact, or the same local
// part at another domain): "the same person with a mistyped birth date".
// A similar user ("hhofmann200" / "heinz.hofmann201") is not enough: the
// usual name-and-digits patterns make namesakes' addresses similar, and
// counting them let a father and a son of one name join (hard cases
// 100k: junior-senior false pairs 153 -> 130, colleagues 88 -> 65 without
// it).
func (s *scorer) identityHint(code uint64) bool {
	id, mail := levelAt(code, s.idAt), levelAt(code, s.emailAt)
	return id == 0 || id == 1 || (mail >= 0 && mail <= 1)
}

// supports reports whether a pattern supports joining two clusters across
// which another pair shows a conflict: a national id exact or one typo
// apart, the same e-mail user where the given names do not clearly differ
// (with them differing, the address is as likely the household's: a
// spouse's record without a birth date bridged the two spouses' clusters
// on it), or an exact birth date.
func (s *scorer) supports(code uint64) bool {
	if levelAt(code, s.dobAt) == 0 {
		return true
	}
	if !s.identityHint(code) {
		return false
	}
	id := levelAt(code, s.idAt)
	return id == 0 || id == 1 || levelAt(code, s.givenAt) != 5
}

// encode packs levels into a pattern code (3 bits per comparison, level+1).
func encode(levels []int8) uint64 {
	var c uint64
	for i, l := range levels {
		c |= uint64(l+1) << (3 * i)
	}
	return c
}

// decode unpacks a pattern code.
func decode(c uint64, out []int8) {
	for i := range out {
		out[i] = int8((c>>(3*i))&7) - 1
	}
}

// Model is a Fellegi-Sunter model: for each comparison and level, m is the
// probability of the level among true matches and u among non-matches.
// Weights are log2(m/u) ("match weights", in bits).
type Model struct {
	Comparisons []string    // comparison names
	Levels      [][]string  // level labels per comparison
	M, U        [][]float64 // per comparison, per level
	// Lambda is the prior: the chance that two random records match
	// (expected matches among the candidates over all possible pairs).
	Lambda float64
	// CandidateLambda is the EM estimate of the share of matches among the
	// candidate pairs.
	CandidateLambda float64
	Iterations      int  // EM iterations run
	Converged       bool // EM reached the tolerance
	// RandomLambda is the EM estimate of the share of matches among the
	// random pairs u was estimated from (see discountU).
	RandomLambda float64
	// RandomPrior is true when the model was fitted on the random pairs
	// alone (Comparator.FitOne): the prior is then RandomLambda, not the
	// candidates' match share scaled to all pairs.
	RandomPrior bool
	// UExact is the chance that two random records agree exactly, per
	// comparison, used as the base for term-frequency adjustments.
	UExact []float64
}

// Weight returns log2(m/u) of comparison c at level l (0 when missing).
func (m *Model) Weight(c int, l int8) float64 {
	if l < 0 {
		return 0
	}
	return math.Log2(m.M[c][l] / m.U[c][l])
}

// PriorWeight is log2(lambda / (1 - lambda)), the starting weight of every pair.
func (m *Model) PriorWeight() float64 {
	return math.Log2(m.Lambda / (1 - m.Lambda))
}

// Probability converts a total match weight into a match probability.
func Probability(w float64) float64 {
	return 1 / (1 + math.Exp2(-w))
}

// pattern is one distinct vector of levels with its count among candidates.
type pattern struct {
	code  uint64
	count float64
}

// initialM returns the starting m for a comparison with n levels: most
// matches agree exactly, the rest spread over the fuzzy levels.
func initialM(n int) []float64 {
	m := make([]float64, n)
	m[0] = 0.85
	rest := 0.15
	for l := 1; l < n; l++ {
		share := rest / 2
		if l == n-1 {
			share = rest
		}
		m[l] = share
		rest -= share
	}
	return m
}

// emOptions control EM.
type emOptions struct {
	MaxIter int
	Tol     float64
	FreeU   bool // also re-estimate u from the non-match posteriors (model.U is replaced by a copy)
	// Never reports the patterns no match can have (nil: none): their
	// posterior of a match is 0, so they count only towards u and the
	// match class cannot take them in.
	Never func(code uint64) bool
}

// fitEM estimates m and lambda from pattern counts with u fixed (the
// random-pair estimate).
func fitEM(model *Model, pats []pattern, opt emOptions) {
	nc := len(model.M)
	for c := range model.M {
		model.M[c] = initialM(len(model.M[c]))
	}
	if model.Lambda <= 0 || model.Lambda >= 1 {
		model.Lambda = 0.1
	}
	lv := make([]int8, nc)
	// Sort patterns for a deterministic summation order.
	slices.SortFunc(pats, func(a, b pattern) int {
		switch {
		case a.code < b.code:
			return -1
		case a.code > b.code:
			return 1
		}
		return 0
	})
	mAcc := make([][]float64, nc)
	uAcc := make([][]float64, nc)
	for c := range mAcc {
		mAcc[c] = make([]float64, len(model.M[c]))
		uAcc[c] = make([]float64, len(model.M[c]))
	}
	if opt.FreeU {
		u := make([][]float64, nc)
		for c := range u {
			u[c] = slices.Clone(model.U[c])
		}
		model.U = u
	}
	const floor = 1e-6
	if len(pats) == 0 {
		return // no candidates: keep the starting m
	}
	for it := 1; it <= opt.MaxIter; it++ {
		model.Iterations = it
		for c := range mAcc {
			clear(mAcc[c])
			clear(uAcc[c])
		}
		var gSum, total float64
		logPrior := math.Log(model.Lambda / (1 - model.Lambda))
		for _, p := range pats {
			decode(p.code, lv)
			w := logPrior
			for c, l := range lv {
				if l >= 0 {
					w += math.Log(model.M[c][l] / model.U[c][l])
				}
			}
			g := 1 / (1 + math.Exp(-w))
			if opt.Never != nil && opt.Never(p.code) {
				g = 0
			}
			gSum += g * p.count
			total += p.count
			for c, l := range lv {
				if l >= 0 {
					mAcc[c][l] += g * p.count
					uAcc[c][l] += (1 - g) * p.count
				}
			}
		}
		delta := 0.0
		if opt.FreeU {
			for c := range uAcc {
				normalise(uAcc[c], floor)
				for l := range uAcc[c] {
					delta = max(delta, math.Abs(uAcc[c][l]-model.U[c][l]))
					model.U[c][l] = uAcc[c][l]
				}
			}
		}
		for c := range mAcc {
			normalise(mAcc[c], floor)
			for l := range mAcc[c] {
				delta = max(delta, math.Abs(mAcc[c][l]-model.M[c][l]))
				model.M[c][l] = mAcc[c][l]
			}
		}
		lambda := gSum / total
		lambda = min(max(lambda, 1e-9), 1-1e-9)
		delta = max(delta, math.Abs(lambda-model.Lambda))
		model.Lambda = lambda
		if delta < opt.Tol {
			model.Converged = true
			break
		}
	}
}

// normalise scales v to sum 1 with every entry at least floor. An all-zero
// vector (a comparison never observed) becomes uniform.
func normalise(v []float64, floor float64) {
	s := 0.0
	for _, x := range v {
		s += x
	}
	if s == 0 {
		for i := range v {
			v[i] = 1 / float64(len(v))
		}
		return
	}
	s2 := 0.0
	for i := range v {
		v[i] = max(v[i]/s, floor)
		s2 += v[i]
	}
	for i := range v {
		v[i] /= s2
	}
}

// round is one EM training round: the candidate pairs that share a key of
// one kind, with the comparisons that key selects for masked out.
type round struct {
	kind byte
	mask uint64 // pattern bits of the masked comparisons
	used []bool // per comparison: estimated in this round
	// shared are the pattern bits of the comparisons many people share
	// (gender, country, state), left out of the round when it has enough
	// other evidence (see leaveOutShared).
	shared uint64
}

// trainingKinds are the key kinds used as training rounds, tightest first.
func trainingKinds() []byte {
	return []byte{keyDOB, keyNames, keyPostcodeNo, keyEmail, keyPhone, keyNationalID, keyPostcodeFam, keyStreet, keyCompany}
}

// trainingRounds builds the rounds for the active comparisons.
func trainingRounds(comps []Comparison) []round {
	var out []round
	for _, k := range trainingKinds() {
		r := round{kind: k, used: make([]bool, len(comps))}
		for c := range comps {
			r.used[c] = true
		}
		sel := slices.Clone(keyComparisons(k))
		if k == keyEmail || k == keyEmailUser {
			// An e-mail user name is built from the names: non-matches
			// sharing an address are namesakes, not random pairs.
			sel = append(sel, "given_name", "family_name")
		}
		for _, name := range sel {
			for c := range comps {
				if comps[c].Name == name {
					r.mask |= 7 << (3 * c)
					r.used[c] = false
				}
			}
		}
		if residenceKind(k) {
			for c := range comps {
				switch comps[c].Name {
				case "given_name", "family_name", "birth_date":
					r.used[c] = false
				}
			}
		}
		for c := range comps {
			if comps[c].shared && r.used[c] {
				r.shared |= 7 << (3 * c)
			}
		}
		out = append(out, r)
	}
	return out
}

// residenceKind reports whether key kind k groups the records of one
// address or one line (postcode and house number, postcode and family name,
// street, phone). Pairs sharing such a key are duplicates and also the
// members of a household, who agree on the address, the phone and often the
// family name. EM over them takes the households for matches (synthetic
// customers at 1M: m of "given names differ" 0.44-0.52 and of "a
// generation apart" 0.29-0.34 in these rounds, against 0.04 and 0.09 among
// pairs sharing a birth date or both names), and averaged in, those
// households made the names' and birth date's disagreement weigh 1-2 bits.
// Such rounds estimate the contact comparisons only, and the person's
// names and birth date come from the rounds keyed on the person.
func residenceKind(k byte) bool {
	switch k {
	case keyPostcodeNo, keyPostcodeFam, keyStreet, keyPhone:
		return true
	}
	return false
}

// minRoundPairs is the fewest pairs a round needs to be used. At 50 the
// birth-date round of RLdata500 (33 pairs, nearly all matches) was skipped
// and the names' m came from EM over all candidates, which took half the
// matches for pairs whose given names differ.
const minRoundPairs = 20

// estimateModel estimates m per comparison the way Splink does,
// generalised to OR-blocking: EM once per training round, where the pairs
// all share one key and the comparisons that key selects for are left
// out. Within a round u starts at its random-pair estimate and is fitted
// too: the round's non-matches are not random pairs (namesakes in the
// names round share a region and a generation far more often than two
// random records), and with u held EM took them for matches
// (foreigners_pl: m of an exact birth date 0.019). Only the round's m is
// kept; scoring uses the random-pair u. A comparison's m is the
// average of the rounds that estimated it, weighted by their expected
// matches. Comparisons no round could estimate fall back to EM over all
// candidates. Finally model.Lambda, the share of matches among all
// candidates, is estimated with m and u held fixed (see fitLambda);
// candShare is the share of all record pairs that are candidates.
//
// never reports the patterns that cannot be a match (nil: none), known
// a priori: birth dates a generation apart with no identity hint, which
// the clustering never links either. EM's match class is whatever mixture
// component fits the counts best, and in the names round of
// foreigners_pl, whose only comparisons besides the birth date are the
// country and the region, it took namesakes of one region born a
// generation apart for matches: 45% of its m at "a generation apart"
// (no true pair is), a share of matches of 0.051 against a true 0.027, m
// of an exact birth date 0.22 against a true 0.39. With such pairs held
// out of the match class the round recovers 0.028, 0.40 and 0.60 for one
// typo (true 0.61). It is Splink's fixed m probability
// (fix_m_probability) at zero for that level, applied per pattern so
// that an e-mail or national id in common still counts.
func estimateModel(model *Model, rounds []round, tr *training, candShare float64, never func(uint64) bool) {
	nc := len(model.M)
	sum := make([][]float64, nc)
	wsum := make([]float64, nc)
	for c := range sum {
		sum[c] = make([]float64, len(model.M[c]))
	}
	for r, rd := range rounds {
		pats, n := patterns(tr.rounds[r])
		if n < minRoundPairs || (rd.kind == keyCompany && roundEvidence(pats, rd) < 2) {
			continue
		}
		pats, rd = leaveOutShared(pats, rd)
		m := &Model{M: make([][]float64, nc), U: model.U}
		for c := range m.M {
			m.M[c] = make([]float64, len(model.M[c]))
		}
		fitEM(m, pats, emOptions{MaxIter: 200, Tol: 1e-7, FreeU: true, Never: never})
		w := m.Lambda * n
		for c := range sum {
			if !rd.used[c] {
				continue
			}
			for l := range sum[c] {
				sum[c][l] += w * m.M[c][l]
			}
			wsum[c] += w
		}
		model.Iterations += m.Iterations
		model.Converged = model.Converged || m.Converged
	}
	pats, _ := patterns(tr.all)
	var fallback *Model
	for c := range model.M {
		if wsum[c] > 0 {
			for l := range model.M[c] {
				model.M[c][l] = sum[c][l] / wsum[c]
			}
			continue
		}
		if fallback == nil {
			fallback = &Model{M: make([][]float64, nc), U: model.U}
			for k := range fallback.M {
				fallback.M[k] = make([]float64, len(model.M[k]))
			}
			fitEM(fallback, pats, emOptions{MaxIter: 200, Tol: 1e-7})
		}
		copy(model.M[c], fallback.M[c])
	}
	model.Lambda = fitLambda(model, pats, candShare)
}

// discountU re-estimates u from the random pairs r with m held: each
// sampled pattern counts towards u by its posterior of being a non-match,
// with lambda (the model's share of matches among all record pairs) as
// the prior, until u settles. It returns u and the share of the random
// pairs the model takes for matches (for the summary).
//
// lambda is held rather than re-estimated from the random pairs: EM on
// them with lambda free took correlated non-matches (relatives sharing a
// family name, a birth year and a town) for matches and put foreigners_pl
// at 60 times its true match density, costing it 0.01 pair F1.
func discountU(m [][]float64, r *RandomCounts, lambda float64) ([][]float64, float64) {
	pats := r.sorted()
	u := r.U()
	total := 0.0
	for _, p := range pats {
		total += p.count
	}
	if total == 0 {
		return u, 0
	}
	lambda = min(max(lambda, 1e-12), 0.5)
	lp := math.Log(lambda / (1 - lambda))
	lv := make([]int8, len(m))
	w := make([]float64, len(pats)) // per pattern: posterior of a non-match
	share := 0.0
	for it := 0; it < 200; it++ {
		g := 0.0
		for i, p := range pats {
			decode(p.code, lv)
			x := lp
			for c, l := range lv {
				if l >= 0 {
					x += math.Log(m[c][l] / u[c][l])
				}
			}
			post := 1 / (1 + math.Exp(-x))
			w[i] = 1 - post
			g += post * p.count
		}
		share = g / total
		next := r.weighted(w)
		done := uSettled(u, next)
		u = next
		if done {
			break
		}
	}
	return u, share
}

// leaveOutShared returns the patterns and the round without the shared
// comparisons (gender, country, state) when at least two other
// comparisons have values in the round's pairs; otherwise pats and rd
// unchanged. Their m then comes from the rounds that keep them (or EM over
// all candidates).
//
// EM's two classes assume the comparisons independent within each, and
// a shared attribute is not independent of the names among non-matches:
// people of one nationality have names that look alike. In foreigners_pl's
// birth-date round, where the given and family names are estimated, the
// country made a class of "same country, similar names" (EM's share of
// matches 0.050 against a true 0.025, m of "family names differ" 0.50
// against a true 0.15, so that a differing name weighed 1.7 bits too
// little); without it the round's fit is close to the truth (0.021; m of
// the names within 0.08 at every level). A round left with one comparison
// besides them keeps them: EM over a single comparison cannot tell the
// classes apart (in the names round of foreigners_pl the birth date is
// all there is besides country and region).
func leaveOutShared(pats []pattern, rd round) ([]pattern, round) {
	if rd.shared == 0 {
		return pats, rd
	}
	other := rd
	other.used = slices.Clone(rd.used)
	for c := range other.used {
		if rd.shared&(7<<(3*c)) != 0 {
			other.used[c] = false
		}
	}
	if roundEvidence(pats, other) < 2 {
		return pats, rd
	}
	other.mask |= rd.shared
	other.shared = 0
	merged := make(map[uint64]float64, len(pats))
	for _, p := range pats {
		merged[p.code&^rd.shared] += p.count
	}
	out, _ := patterns(merged)
	return out, other
}

// roundEvidence is the number of comparisons a round estimates that have
// a value in at least one of its pairs. EM over a single comparison has
// only that comparison's levels to split matches from non-matches, and it
// puts every pair whose value differs among the non-matches. For a birth
// date among pairs sharing both names (the names round of person data)
// that is nearly right, and the round is kept: without it the birth date's
// m comes from EM over all candidates, which cost RLdata10000 0.10 pair F1.
// For the company round it is wrong: the rest of an organisation's record
// is often a free-text address that differs between true duplicates
// ("80802 munich germany" / "koniginstrasse 28 munich germany"), so the
// company round needs two comparisons with values.
func roundEvidence(pats []pattern, rd round) int {
	n := 0
	for c, used := range rd.used {
		if !used {
			continue
		}
		for _, p := range pats {
			if (p.code>>(3*c))&7 != 0 {
				n++
				break
			}
		}
	}
	return n
}

// patterns turns counts into a pattern list and the total count.
func patterns(counts map[uint64]float64) ([]pattern, float64) {
	out := make([]pattern, 0, len(counts))
	n := 0.0
	for c, k := range counts {
		out = append(out, pattern{c, k})
		n += k
	}
	return out, n
}

// fitLambda estimates the share of matches among the candidate patterns
// with m and u fixed (EM on lambda alone). candShare is the share of all
// record pairs that are candidates (1 when every pair is compared).
//
// The posterior of a candidate is computed the way the pair is scored in
// the end: the prior is the chance that two random records match
// (lambda * candShare), not lambda itself. A pattern's weight already
// holds the agreement that made the pair a candidate (a shared name,
// postcode or e-mail user), with u from random pairs; starting from the
// candidate share as prior would count that evidence twice. Non-matches
// that share a key then look like matches (namesakes sharing an e-mail
// user name, a given name in one postcode and city), and because such
// non-matches grow faster with the input than the matches do, the
// estimate drifted upwards with N (synthetic customers: 0.033 against a
// true 0.019 at 1M records, 0.050 against 0.016 at 3M; with the prior
// scaled 0.019 and 0.016).
func fitLambda(model *Model, pats []pattern, candShare float64) float64 {
	slices.SortFunc(pats, func(a, b pattern) int { return cmp.Compare(a.code, b.code) })
	nc := len(model.M)
	lv := make([]int8, nc)
	ratio := make([]float64, len(pats))
	total := 0.0
	for i, p := range pats {
		decode(p.code, lv)
		lr := 0.0
		for c, l := range lv {
			if l >= 0 {
				lr += math.Log(model.M[c][l] / model.U[c][l])
			}
		}
		ratio[i] = lr
		total += p.count
	}
	if total == 0 {
		return 0.01
	}
	if math.IsNaN(candShare) || candShare <= 0 || candShare > 1 {
		candShare = 1
	}
	lambda := 0.1
	for it := 0; it < 500; it++ {
		prior := min(lambda*candShare, 1-1e-12)
		lp := math.Log(prior / (1 - prior))
		g := 0.0
		for i, p := range pats {
			g += p.count / (1 + math.Exp(-(lp + ratio[i])))
		}
		next := min(max(g/total, 1e-9), 1-1e-9)
		if math.Abs(next-lambda) < 1e-10 {
			return next
		}
		lambda = next
	}
	return lambda
}

// pruner scores a pair comparison by comparison and stops as soon as the
// weight so far plus the most the remaining comparisons could add falls
// below a floor.
type pruner struct {
	sc     *scorer
	model  *Model
	tf     []tfAdjuster
	w      [][]float64 // weight per comparison and level
	rest   []float64   // rest[k]: most comparisons k.. (in order) can add; then the given name alone
	order  []int       // comparisons other than the names, in scoring order
	tfMax  []float64   // largest term-frequency adjustment per comparison
	margin float64     // slack for floating-point summation order
}

func newPruner(sc *scorer, m *Model, tf []tfAdjuster) *pruner {
	nc := len(sc.comps)
	p := &pruner{sc: sc, model: m, tf: tf, w: make([][]float64, nc), tfMax: make([]float64, nc), margin: 1e-6}
	maxW := make([]float64, nc)
	for c := 0; c < nc; c++ {
		if tf[c].logP != nil {
			p.tfMax[c] = math.Inf(-1)
			for _, v := range tf[c].logP {
				p.tfMax[c] = max(p.tfMax[c], float64(v))
			}
		}
		p.w[c] = make([]float64, len(m.M[c]))
		best := 0.0 // missing adds nothing
		for l := range m.M[c] {
			p.w[c][l] = m.Weight(c, int8(l))
			x := p.w[c][l]
			if int8(l) == tf[c].level && tf[c].logP != nil {
				x += p.tfMax[c]
			}
			best = max(best, x)
		}
		maxW[c] = best
	}
	// Scoring order: cheap comparisons first (exact or one-typo checks),
	// then the names (two to four Jaro-Winklers), then the other fuzzy
	// strings; within a class, the largest possible weight first, so the
	// bound on what is left falls fastest.
	cost := func(c int) int {
		switch sc.comps[c].Name {
		case "given_name", "family_name":
			return 1
		case "street", "city", "address_2", "company":
			return 2
		}
		return 0
	}
	names := -1
	var order []int
	for c := 0; c < nc; c++ {
		if c == sc.givenAt || c == sc.familyAt {
			if names < 0 {
				names = c
				order = append(order, -1) // the names, scored together
			}
			continue
		}
		order = append(order, c)
	}
	namesMax := 0.0
	if sc.givenAt >= 0 {
		namesMax += maxW[sc.givenAt]
	}
	if sc.familyAt >= 0 {
		namesMax += maxW[sc.familyAt]
	}
	weightOf := func(c int) float64 {
		if c < 0 {
			return namesMax
		}
		return maxW[c]
	}
	costOf := func(c int) int {
		if c < 0 {
			return 1
		}
		return cost(c)
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if d := cmp.Compare(costOf(a), costOf(b)); d != 0 {
			return d
		}
		return cmp.Compare(weightOf(b), weightOf(a))
	})
	p.order = order
	// rest[len(order)+1] is the most the given name alone can add (see
	// scoreWith).
	p.rest = make([]float64, len(order)+2)
	if sc.givenAt >= 0 {
		p.rest[len(order)+1] = maxW[sc.givenAt]
	}
	for k := len(order) - 1; k >= 0; k-- {
		p.rest[k] = p.rest[k+1] + weightOf(order[k])
	}
	return p
}

// add is the weight of comparison c at level l for a pair whose first
// record is a (term frequency included).
func (p *pruner) add(c int, l int8, a uint32) float64 {
	if l < 0 {
		return 0
	}
	return p.w[c][l] + p.tf[c].of(l, a)
}

// levelsWeight is the weight of a pattern without the prior.
func (p *pruner) levelsWeight(code uint64, a uint32) float64 {
	w := 0.0
	for c := range p.w {
		w += p.add(c, int8((code>>(3*c))&7)-1, a)
	}
	return w
}

// score computes the levels of (a, b) into lv and returns their pattern
// code, or false as soon as the pair cannot reach minW (without prior).
func (p *pruner) score(a, b *Features, ai uint32, lv []int8, minW float64) (uint64, bool) {
	return p.scoreWith(a, b, ai, lv, minW, p.rest)
}
