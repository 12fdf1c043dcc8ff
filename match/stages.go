package match

import (
	"cmp"
	"math"
	"slices"
)

// This file is match's stage contract: the steps of a matching run as
// plain functions over values, with no goroutines, no files and no shared
// state, so that each can run inside a worker of a data-parallel engine
// (one record, one pair or one mergeable partial count at a time). The
// local runner, RunStore, is built from these same functions with one
// worker pool and an injected spill store:
//
//	Evidence.Add/Merge -> Evidence.Comparisons    which comparisons have data
//	Blocker.Keys                                  blocking keys of one record
//	Comparator.Compare                            one pair -> Pattern
//	RandomCounts.Add/Merge                        patterns of random pairs
//	Training.Add/Merge -> Comparator.Fit          m and the prior by EM
//	Model.PatternWeight (+ term frequencies)      score a pattern
//	Cluster                                       edges -> clusters

// Pattern is the comparison levels of one pair, packed three bits per
// active comparison (level+1; 0 is missing). Decode it with
// Comparator.Levels.
type Pattern = uint64

// Evidence counts, per comparison, the records that have a value for it.
// Counts from disjoint sets of records add up (Merge), so a distributed
// runner can count per worker. The zero Evidence is ready to use.
type Evidence struct {
	Records int   // records counted
	Has     []int // per comparison of AllComparisons, the records with a value

	all []Comparison // allComparisons, made once
}

// Add counts one record.
func (e *Evidence) Add(f *Features) {
	if e.all == nil {
		e.all = allComparisons()
		if e.Has == nil {
			e.Has = make([]int, len(e.all))
		}
	}
	e.Records++
	for c := range e.all {
		if e.all[c].has(f) {
			e.Has[c]++
		}
	}
}

// Merge adds the counts of o.
func (e *Evidence) Merge(o Evidence) {
	if e.Has == nil {
		e.Has = make([]int, len(allComparisons()))
	}
	e.Records += o.Records
	for c, n := range o.Has {
		e.Has[c] += n
	}
}

// Comparisons returns the comparisons with values in at least 1% of the
// records (and at least two), restricted to names if not nil, in pattern
// order, at most MaxComparisons of them.
func (e Evidence) Comparisons(names []string) []Comparison {
	var out []Comparison
	for c, cm := range allComparisons() {
		if names != nil && !slices.Contains(names, cm.Name) {
			continue
		}
		if c < len(e.Has) {
			if n := e.Has[c]; n >= 2 && n*100 >= e.Records {
				out = append(out, cm)
			}
		}
	}
	if len(out) > MaxComparisons {
		out = out[:MaxComparisons]
	}
	return out
}

// MaxComparisons is the most comparisons a Pattern can hold.
const MaxComparisons = maxComparisons

// AllComparisons returns every comparison doppel knows, in pattern order.
func AllComparisons() []Comparison { return allComparisons() }

// BlockKey is one blocking key of a record: the hash of its kind and
// values, and the kind. Two records are candidates when they share a key.
type BlockKey = blockKey

// Hash returns the key's hash (kind included).
func (k BlockKey) Hash() uint64 { return k.hash }

// Kind returns the key's kind.
func (k BlockKey) Kind() byte { return k.kind }

// Blocker makes the blocking keys of records. It is immutable and safe
// for concurrent use.
type Blocker struct{ specs []blockSpec }

// NewBlocker returns a Blocker with doppel's blocking keys.
func NewBlocker() *Blocker { return &Blocker{specs: blockSpecs()} }

// Keys appends the blocking keys of f to dst (unsorted; a kind may repeat
// with another value).
func (b *Blocker) Keys(dst []BlockKey, f *Features) []BlockKey {
	return blockKeys(dst, f, b.specs)
}

// KeySelects names the comparisons whose agreement a key kind selects for.
func KeySelects(kind byte) []string { return slices.Clone(keyComparisons(kind)) }

// Comparator compares pairs of records with a fixed list of comparisons.
// It is immutable and safe for concurrent use.
type Comparator struct {
	sc     *scorer
	rounds []round
}

// NewComparator returns a Comparator for comps (from
// Evidence.Comparisons), which must be at most MaxComparisons.
func NewComparator(comps []Comparison) *Comparator {
	return &Comparator{sc: newScorer(comps), rounds: trainingRounds(comps)}
}

// WithOrgWeights returns a copy of c that weighs the words of company
// names by w (from OrgWords.Weights over all records), as the local run
// does; without it every word weighs 1.
func (c *Comparator) WithOrgWeights(w OrgWeights) *Comparator {
	sc := *c.sc
	sc.org = &w
	return &Comparator{sc: &sc, rounds: c.rounds}
}

// Comparisons returns the comparisons, in pattern order.
func (c *Comparator) Comparisons() []Comparison { return c.sc.comps }

// Compare returns the pattern of the pair (a, b).
func (c *Comparator) Compare(a, b *Features) Pattern {
	var lv [maxComparisons]int8
	out := lv[:len(c.sc.comps)]
	c.sc.levels(a, b, out)
	return encode(out)
}

// Levels decodes a pattern into one level per comparison (Missing for a
// missing value).
func (c *Comparator) Levels(p Pattern) []int8 {
	out := make([]int8, len(c.sc.comps))
	decode(p, out)
	return out
}

// Conflict reports whether a pattern shows two different people (see
// Pair.Conflict): such a pair is never linked, whatever its weight.
func (c *Comparator) Conflict(p Pattern) bool { return c.sc.conflict(p) }

// ConflictReason says why a pattern is a conflict ("" when it is not):
// which of the rules of Pair.Conflict it meets, for a data steward.
func (c *Comparator) ConflictReason(p Pattern) string {
	return conflictReason(c.sc.conflictOf(p))
}

// RandomCounts counts the patterns of sampled pairs; they estimate u when
// the pairs are random (see Comparator.Fit). Counts of disjoint samples add
// up (Merge), so a distributed runner can sample per worker.
type RandomCounts struct {
	pats map[Pattern]float64
	nc   []int // levels per comparison
}

// NewRandomCounts returns empty counts for c's comparisons.
func (c *Comparator) NewRandomCounts() *RandomCounts {
	r := &RandomCounts{pats: map[Pattern]float64{}, nc: make([]int, len(c.sc.comps))}
	for i := range r.nc {
		r.nc[i] = len(c.sc.comps[i].Levels)
	}
	return r
}

// Add counts the pattern of one sampled pair.
func (r *RandomCounts) Add(p Pattern) { r.pats[p]++ }

// Merge adds the counts of o.
func (r *RandomCounts) Merge(o *RandomCounts) {
	for p, n := range o.pats {
		r.pats[p] += n
	}
}

// Pairs is the number of pairs counted.
func (r *RandomCounts) Pairs() float64 {
	n := 0.0
	for _, k := range r.pats {
		n += k
	}
	return n
}

// U returns the share of each level, per comparison, among all counted
// pairs (missing values count nowhere): u when the counted pairs were
// random and matches among them were rare. Half a pseudo-count per level
// keeps unseen levels finite. Comparator.Fit discounts the matches.
func (r *RandomCounts) U() [][]float64 {
	return r.weighted(nil)
}

// reached reports, per level of comparison c, whether any counted pair
// was at that level.
func (r *RandomCounts) reached(c int) []bool {
	out := make([]bool, r.nc[c])
	for _, p := range r.sorted() {
		if l := int8((p.code>>(3*c))&7) - 1; l >= 0 && p.count > 0 {
			out[l] = true
		}
	}
	return out
}

// sorted returns the patterns in code order (a deterministic summation
// order) with their counts.
func (r *RandomCounts) sorted() []pattern {
	out, _ := patterns(r.pats)
	slices.SortFunc(out, func(a, b pattern) int { return cmp.Compare(a.code, b.code) })
	return out
}

// weighted is U with the pattern at index i of sorted() counted w[i]
// times its count (w nil: once).
func (r *RandomCounts) weighted(w []float64) [][]float64 {
	u := make([][]float64, len(r.nc))
	for c := range u {
		u[c] = make([]float64, r.nc[c])
	}
	for i, p := range r.sorted() {
		k := p.count
		if w != nil {
			k *= w[i]
		}
		for c := range u {
			if l := int8((p.code>>(3*c))&7) - 1; l >= 0 {
				u[c][l] += k
			}
		}
	}
	for c := range u {
		for l := range u[c] {
			u[c][l] += 0.5
		}
		normalise(u[c], 1e-9)
	}
	return u
}

// Training holds the pattern counts EM learns m from: per training round
// (a key kind), the candidate pairs that share that key, with the
// comparisons the key selects for masked out; and all candidate patterns,
// for the prior. Counts of disjoint sets of pairs add up (Merge).
type Training struct{ t *training }

// NewTraining returns empty training counts for c's rounds.
func (c *Comparator) NewTraining() *Training { return &Training{newTraining(len(c.rounds))} }

// Add counts the pattern of one candidate pair; kinds has bit k set when
// the pair shares a key of kind k in a block that was compared all-pairs.
func (c *Comparator) AddTraining(t *Training, p Pattern, kinds uint32) {
	t.t.all[p]++
	for r := range c.rounds {
		if kinds&(1<<c.rounds[r].kind) != 0 {
			t.t.rounds[r][p&^c.rounds[r].mask]++ // masked bits read as missing
		}
	}
}

// Merge adds the counts of o.
func (t *Training) Merge(o *Training) { t.t.add(o.t) }

// Fit estimates a model from the random-pair counts r and the candidate
// training counts t: m by EM per training round with u held, and the prior
// (Model.Lambda) for candidates that are candShare of all record pairs;
// CandidateLambda is set to the same estimate, and the prior is rescaled
// by the caller once the number of candidates is known. Within a round,
// pairs a generation apart (without an identity hint) are kept out of
// EM's match class, and the shared comparisons (gender, country, state)
// are left out where other evidence remains (see estimateModel and
// leaveOutShared).
//
// u starts as the level shares among the random pairs (RandomCounts.U)
// and is then re-estimated with the matches among them discounted: EM over
// the random pairs with m held (discountU), alternating with the m fit
// until u settles. Where duplicates are rare among random pairs this
// changes u in the fourth decimal; where they are common (a list of 50
// companies in 134 records, where 1.3% of all pairs match) the raw shares
// count the agreement of true matches as chance agreement and understate
// every agreement weight.
func (c *Comparator) Fit(r *RandomCounts, t *Training, candShare float64) *Model {
	u := r.U()
	var model *Model
	for it := 0; ; it++ {
		model = &Model{U: u}
		for _, cm := range c.sc.comps {
			model.Comparisons = append(model.Comparisons, cm.Name)
			model.Levels = append(model.Levels, cm.Levels)
			model.M = append(model.M, make([]float64, len(cm.Levels)))
		}
		estimateModel(model, c.rounds, t.t, candShare, c.sc.generationConflict)
		if it == maxDiscountRounds {
			break
		}
		next, lr := discountU(model.M, r, model.Lambda*candShare)
		model.RandomLambda = lr
		if uSettled(u, next) {
			break
		}
		u = next
	}
	model.CandidateLambda = model.Lambda
	return model
}

// FitOne estimates the model of a run with a single comparison (a list
// of company names and nothing else) from the random pairs r, the random
// pairs of distinct values d (pairs of records whose values differ, each
// value counted once) and, for company names, the chance pairs chance
// (chanceU: a name against a made-up name of words drawn at random; nil
// for other comparisons); nil when the counts do not support it (the
// caller then uses Fit).
//
// With one comparison the Fellegi-Sunter mixture cannot be identified:
// any split of the level shares into matches and non-matches fits the
// counts, so Fit's EM drives the share of matches to zero and nothing
// links (PATSTAT's Dutch applicants: 2,379 records, not one pair linked).
// FitOne takes u from the pairs of distinct values instead: how often two
// different names agree at each level, with the repeats of one company's
// name not counted as chance agreement (the exact level keeps only its
// pseudo-count). That share is too high where one company has many name
// variants: their pairs count as different names (PATSTAT: Philips in 72
// spellings; u of "words >= 0.6" 0.012 from distinct names, 0.0001 among
// different companies in the truth). The chance pairs hold no variants of
// one company by construction, so at each level the chance pairs reach,
// u is the smaller of the two shares (the distinct names bound it from
// above: their non-matches are among them).
//
// With p the level shares among the random record pairs, p = lambda*m +
// (1-lambda)*u at every level. lambda, the share of matches among all
// pairs, is not identified by that either; FitOne takes the one at which
// the matches never reach the level different values reach most often
// (names that differ entirely: m = 0 there), about what duplicates of a
// company name do: lambda = 1 - p/u of that level. m follows as (p -
// (1-lambda)*u) / lambda, floored at 0. The prior is that lambda
// (RandomLambda): the random pairs are all record pairs or a uniform
// sample of them.
//
// When record pairs reach that level more often than different values do
// (p >= u there), the distinct values are no fair sample of the
// non-matches (a few large companies whose names share a common word,
// among many one-off names that share words with each other), and FitOne
// returns nil.
func (c *Comparator) FitOne(r, d, chance *RandomCounts) *Model {
	if len(c.sc.comps) != 1 {
		return nil
	}
	u, p := d.U(), r.U()
	if chance != nil {
		seen := chance.reached(0)
		for l, x := range chance.U()[0] {
			if seen[l] {
				u[0][l] = min(u[0][l], x)
			}
		}
		normalise(u[0], 1e-9)
	}
	anchor := 0
	for l := range u[0] {
		if u[0][l] > u[0][anchor] {
			anchor = l
		}
	}
	if p[0][anchor] >= u[0][anchor] {
		return nil
	}
	lambda := min(1-p[0][anchor]/u[0][anchor], 0.5)
	m := make([]float64, len(u[0]))
	for l := range m {
		m[l] = max(p[0][l]-(1-lambda)*u[0][l], 0) / lambda
	}
	normalise(m, 1e-6)
	cm := c.sc.comps[0]
	return &Model{Comparisons: []string{cm.Name}, Levels: [][]string{cm.Levels}, M: [][]float64{m}, U: u,
		Lambda: lambda, RandomLambda: lambda, CandidateLambda: lambda, RandomPrior: true}
}

// maxDiscountRounds bounds the alternation of u and m in Comparator.Fit.
const maxDiscountRounds = 5

// uSettled reports whether every u changed by under 1% of itself.
func uSettled(a, b [][]float64) bool {
	for c := range a {
		for l := range a[c] {
			if math.Abs(a[c][l]-b[c][l]) > 0.01*a[c][l] {
				return false
			}
		}
	}
	return true
}

// PatternWeight is the match weight of a pattern in bits: the prior plus
// the weight of every level, without term-frequency adjustments.
func (m *Model) PatternWeight(p Pattern) float64 {
	w := 0.0
	for c := range m.M {
		if l := int8((p>>(3*c))&7) - 1; l >= 0 {
			w += m.Weight(c, l)
		}
	}
	return m.PriorWeight() + w
}

// ClusterOptions are what clustering needs besides the scored pairs.
type ClusterOptions struct {
	MinWeight float64 // links at or above this weight are followed
	MaxSize   int     // largest cluster (the chaining guard)
	// Weigh scores a pair on demand for the cohesion guard (nil: no
	// guard); see Weighed for what a conflict and a support do.
	Weigh       func(a, b int) Weighed
	MinCohesion float64    // average probability two clusters need to join
	Must        [][2]int   // must-link record pairs (steward decisions)
	Cannot      [][2]int   // cannot-link record pairs
	Distinct    [][]string // per hard rule, the value of every record
	// OneValue, in a run with one comparison, is an id per record of its
	// value: two clusters whose average probability is below MinCohesion
	// still join when two pairs of different values across them link on
	// their own (see the cohesion guard in Cluster). nil otherwise.
	OneValue []uint32
}

// Clustering is the partition of the records and what the guards did.
type Clustering struct {
	Cluster     []int // cluster number per record (its smallest record index)
	Capped      int   // links refused by the size or cohesion guard
	RefusedRule int   // links refused by a hard rule or a cannot-link
	MustApplied int   // must-links that joined two clusters
	MustRefused [][2]int
}

// Cluster links n records along pairs into clusters (connected
// components, strongest links first, with the guards of opt). It is
// deterministic: the result depends only on n, pairs and opt.
func Cluster(n int, pairs []Pair, opt ClusterOptions) Clustering {
	r := cluster(clusterInput{n: n, pairs: pairs, minWeight: opt.MinWeight, maxSize: opt.MaxSize, weigh: opt.Weigh,
		minCohesion: opt.MinCohesion, must: opt.Must, cannot: opt.Cannot, distinct: opt.Distinct, value: opt.OneValue})
	return Clustering{Cluster: r.cluster, Capped: r.capped, RefusedRule: r.refusedRule, MustApplied: r.mustApplied, MustRefused: r.mustRefused}
}
