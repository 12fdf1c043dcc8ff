package match

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// This file is the hook for running the candidate stages of a matching run
// on another engine (the Apache Beam module, beam/): blocking, candidate
// pairs and their scoring, the part whose work grows with the number of
// candidate pairs. RunStore keeps the rest (evidence, u sampling, the EM
// fit, term frequencies, the final weights and clustering), so a run with
// an Engine gives the same Result as one without whenever the engine
// returns the same pairs.

// Engine runs blocking and candidate scoring for RunStore (Options.Engine).
type Engine interface {
	// TrainingPairs returns the unique candidate pairs whose first record
	// is a training record (a%stride == 0), sorted by AB, each with the
	// key kinds of the complete blocks the two records share (as
	// generateCandidates collects them).
	TrainingPairs(ctx context.Context, job *EngineJob, stride int) ([]TrainingPair, error)
	// Score returns every unique candidate pair whose weight can reach the
	// keep weight (EngineScoring.Keep), sorted by (A, B), with Code set,
	// and the blocking statistics.
	Score(ctx context.Context, job *EngineJob, sc *EngineScoring) ([]Pair, EngineStats, error)
}

// EngineJob is the input of an Engine: the records and the blocking
// options (defaults applied).
type EngineJob struct {
	Store *Store
	Block BlockOptions
	tf    []tfAdjuster
}

// RecordTF appends to dst, per comparison, the term-frequency adjustment
// of an agreement on record i's value at the comparison's adjusted level
// (exact; the same user for e-mails), 0 where none applies: what a pair
// whose first record is i gains on top of its level weights there.
func (j *EngineJob) RecordTF(i int, dst []float32) []float32 {
	for c := range j.tf {
		v := float32(0)
		if j.tf[c].logP != nil {
			v = j.tf[c].logP[i]
		}
		dst = append(dst, v)
	}
	return dst
}

// TrainingPair is a candidate pair of a training record: AB is a<<32|b
// with a < b; Mask has bit k set when the pair shares a key of kind k in
// a block that was compared all-pairs.
type TrainingPair struct {
	AB   uint64
	Mask uint32
}

// EngineStats are the blocking statistics of an Engine's run.
type EngineStats struct {
	Compared  int64 // unique candidate pairs
	Blocks    int   // keys shared by more than one record
	Oversized int   // blocks that fell back to a sorted neighbourhood
}

// EngineScoring is what an engine's workers need to score pairs as
// RunStore does: the comparisons, the company-word counts, the fitted
// model, the number of possible pairs and the keep weight. It is plain
// data (Encode/DecodeEngineScoring) so it can travel to workers as a side
// input; Prepare makes the scorer.
type EngineScoring struct {
	Comparisons []string
	Org         *OrgWords // nil: every company word weighs 1
	Model       *Model    // fitted; the prior still to be set from the candidates
	AllPairs    float64   // record pairs that could match
	Keep        float64   // keep weight: logit2 of KeepProbability
}

// Encode returns s as JSON.
func (s *EngineScoring) Encode() ([]byte, error) { return json.Marshal(s) }

// DecodeEngineScoring reads what Encode wrote.
func DecodeEngineScoring(b []byte) (*EngineScoring, error) {
	var s EngineScoring
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("match: engine scoring: %w", err)
	}
	return &s, nil
}

// Lambda is the prior once compared unique candidates are known: the
// candidates' match share scaled to all pairs, clamped to [1e-12, 0.5].
func (s *EngineScoring) Lambda(compared int64) float64 {
	return priorLambda(s.Model, compared, s.AllPairs)
}

// priorLambda is the prior of a run with compared unique candidates out
// of allPairs: the candidates' match share scaled to all pairs, or the
// random pairs' match share of a model fitted on them (Model.RandomPrior).
func priorLambda(m *Model, compared int64, allPairs float64) float64 {
	if m.RandomPrior {
		return min(max(m.RandomLambda, 1e-12), 0.5)
	}
	l := m.CandidateLambda * float64(compared) / allPairs
	if math.IsNaN(l) || l < 1e-12 {
		l = 1e-12
	}
	return min(l, 0.5)
}

// PairScorer scores pairs with an EngineScoring's model. It is immutable
// and safe for concurrent use.
type PairScorer struct {
	cmpr  *Comparator
	model *Model
	minW  float64 // keep weight minus the prior, less a margin
}

// Prepare returns the scorer for a run with compared unique candidates.
func (s *EngineScoring) Prepare(compared int64) (*PairScorer, error) {
	all := AllComparisons()
	var comps []Comparison
	for _, name := range s.Comparisons {
		i := indexOf(all, name)
		if i < 0 {
			return nil, fmt.Errorf("match: unknown comparison %q", name)
		}
		comps = append(comps, all[i])
	}
	cmpr := NewComparator(comps)
	if s.Org != nil && cmpr.sc.companyAt >= 0 {
		cmpr = cmpr.WithOrgWeights(s.Org.Weights())
	}
	m := *s.Model
	m.Lambda = s.Lambda(compared)
	// The margin only widens the set: RunStore weighs the returned pairs
	// again and keeps those at or above the keep weight.
	return &PairScorer{cmpr: cmpr, model: &m, minW: s.Keep - m.PriorWeight() - 1e-6}, nil
}

func indexOf(cs []Comparison, name string) int {
	for i := range cs {
		if cs[i].Name == name {
			return i
		}
	}
	return -1
}

// Score compares a and b (a the pair's first record, tfA its RecordTF)
// and reports the pattern and whether the pair can reach the keep weight.
func (p *PairScorer) Score(a, b *Features, tfA []float32) (Pattern, bool) {
	code := p.cmpr.Compare(a, b)
	w := 0.0
	for c := range p.model.M {
		l := int8((code>>(3*c))&7) - 1
		if l < 0 {
			continue
		}
		w += p.model.Weight(c, l)
		if c < len(tfA) && l == p.cmpr.sc.comps[c].tfLevel {
			w += float64(tfA[c])
		}
	}
	return code, w >= p.minW
}

// AppendFeatures appends an encoding of f (its source included) to b, for
// records that travel between engine workers.
func AppendFeatures(b []byte, f *Features) []byte {
	b = binary.AppendUvarint(b, uint64(f.Source))
	return encodeFeatures(b, f)
}

// DecodeFeatures decodes what AppendFeatures wrote into dst; the strings
// of dst share b's memory.
func DecodeFeatures(b string, dst *Features) error {
	src, n := binary.Uvarint([]byte(b[:min(len(b), binary.MaxVarintLen64)]))
	if n <= 0 || len(b)-n < headerLen || src >= maxSources {
		return fmt.Errorf("match: bad feature encoding (%d bytes)", len(b))
	}
	one := Store{n: 1, chunks: []string{b[n:]}, pos: []uint32{0}, source: []uint16{uint16(src)}}
	one.Get(0, dst)
	return nil
}

// NeighbourKey appends the sorting key of f in an oversized block to b:
// family name, given name and birth date (company name for a record
// without a person name; a lone given name sorts as a family name). In an oversized block records are ordered by
// this key, ties by record index, and each is paired with its Window
// neighbours on either side.
func NeighbourKey(b []byte, f *Features) []byte {
	if f.Family == "" && f.Given != "" {
		// A lone name may be a family name (see loneCross): it sorts
		// among the family names, ahead of those with a given name.
		b = append(b, f.Given...)
		b = append(b, 0, 0)
	} else {
		b = append(b, f.Family...)
		b = append(b, 0)
		b = append(b, f.Given...)
		b = append(b, 0)
	}
	b = strconv.AppendInt(b, int64(f.BirthDate), 10)
	if f.Given == "" && f.Family == "" {
		// A company customer: neighbours by company name.
		b = append(b, 0)
		b = append(b, f.Company...)
	}
	return b
}

// LonePartBit marks, in a value of NeighbourDate, a record that lacks its
// given or its family name.
const LonePartBit = 1 << 31

// lonePartDate is NeighbourDate of f's neighbour key.
func lonePartDate(f *Features) uint32 {
	if f.BirthDate == 0 {
		return 0
	}
	d := uint32(f.BirthDate)
	if f.Given == "" || f.Family == "" {
		d |= LonePartBit
	}
	return d
}

// NeighbourDate reads a neighbour key (NeighbourKey): the record's birth
// date (PackedDate, 0 when it has none), with LonePartBit set when the
// record lacks its given or its family name. It is the date order of
// DateNeighbours.
func NeighbourDate(nk string) uint32 {
	family, rest, _ := strings.Cut(nk, "\x00")
	given, rest, _ := strings.Cut(rest, "\x00")
	dob, _, _ := strings.Cut(rest, "\x00")
	v, err := strconv.ParseUint(dob, 10, 31)
	if err != nil || v == 0 {
		return 0
	}
	d := uint32(v)
	if given == "" || family == "" {
		d |= LonePartBit
	}
	return d
}

// DateNeighbours is the second pass over an oversized block. A record
// without a given or without a family name sorts away from its duplicates
// in the name order of the first pass (in the block of a family name, a
// record without a given name sorts first, far from the same person's
// records with one), so the block's records with a birth date are also
// taken in date order (ties by byName, the first pass's order), and each
// is paired with its win neighbours when either of the two lacks a name
// (date: NeighbourDate of an element). On splink_fake_20000, where a
// fifth of the records lack a name, 2,364 of 3,020 missed pairs were
// never compared. A block without such a record is left as it is; else
// DateNeighbours reorders blk. It returns the number of pairs emitted.
func DateNeighbours[E any](blk []E, date func(E) uint32, byName func(x, y E) int, win int, emit func(x, y E)) int {
	if !slices.ContainsFunc(blk, func(e E) bool { return date(e)&LonePartBit != 0 }) {
		return 0
	}
	day := func(e E) uint32 { return date(e) &^ LonePartBit }
	slices.SortFunc(blk, func(x, y E) int { return cmp.Or(cmp.Compare(day(x), day(y)), byName(x, y)) })
	return dateNeighboursSorted(blk, date, win, emit)
}

// dateNeighboursSorted is DateNeighbours on a block already in date order
// (ties by the first pass's order).
func dateNeighboursSorted[E any](blk []E, date func(E) uint32, win int, emit func(x, y E)) int {
	day := func(e E) uint32 { return date(e) &^ LonePartBit }
	start := 0
	for start < len(blk) && day(blk[start]) == 0 {
		start++
	}
	n := 0
	for p := start; p < len(blk); p++ {
		for q := p + 1; q <= p+win && q < len(blk); q++ {
			if (date(blk[p])|date(blk[q]))&LonePartBit != 0 {
				emit(blk[p], blk[q])
				n++
			}
		}
	}
	return n
}

// WithDefaults returns o with its zero fields set to the defaults.
func (o BlockOptions) WithDefaults() BlockOptions { return o.withDefaults() }

// engineTraining is RunStore's blocking for the training sample through
// an engine.
func engineTraining(ctx context.Context, eng Engine, job *EngineJob, stride int) ([]trainPair, error) {
	tps, err := eng.TrainingPairs(ctx, job, stride)
	if err != nil {
		return nil, fmt.Errorf("match: engine blocking: %w", err)
	}
	out := make([]trainPair, len(tps))
	for i, t := range tps {
		if i > 0 && tps[i-1].AB >= t.AB {
			return nil, fmt.Errorf("match: engine training pairs not sorted and unique at %d", i)
		}
		out[i] = trainPair{ab: t.AB, mask: t.Mask}
	}
	return out, nil
}

// engineScore is pass 2 through an engine: the scoring context goes to
// the engine's workers, the kept pairs come back in one sorted slice.
func engineScore(ctx context.Context, eng Engine, job *EngineJob, cmpr *Comparator, model *Model, allPairs, keepW float64) ([][]Pair, EngineStats, error) {
	sc := &EngineScoring{Model: model, AllPairs: allPairs, Keep: keepW}
	for _, c := range cmpr.Comparisons() {
		sc.Comparisons = append(sc.Comparisons, c.Name)
	}
	if cmpr.sc.org != nil {
		sc.Org = orgWordsOf(job.Store)
	}
	pairs, stats, err := eng.Score(ctx, job, sc)
	if err != nil {
		return nil, stats, fmt.Errorf("match: engine scoring: %w", err)
	}
	for i := 1; i < len(pairs); i++ {
		if p, q := pairs[i-1], pairs[i]; p.A > q.A || (p.A == q.A && p.B >= q.B) {
			return nil, stats, fmt.Errorf("match: engine pairs not sorted and unique at %d", i)
		}
	}
	return [][]Pair{pairs}, stats, nil
}
