package match

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/doppel-dev/doppel/internal/workpool"
)

// Options control a matching run. The zero value is usable.
type Options struct {
	Block BlockOptions
	// Threshold is the match probability at or above which two records are
	// linked. 0 means DefaultThreshold.
	Threshold float64
	// KeepProbability: pairs at or above it are returned in Result.Pairs
	// (for pairs.csv and review). 0 means 0.01.
	KeepProbability float64
	// MaxCluster is the chaining guard: a link that would make a cluster
	// larger than this is not followed. 0 means 1000.
	MaxCluster int
	// MinCohesion is the average match probability two clusters must have
	// across their records to be joined. 0 means DefaultCohesion.
	MinCohesion float64
	// MustLink and CannotLink are steward decisions: record pairs (indexes
	// into the features) that must, or must never, share a cluster.
	MustLink, CannotLink [][2]int
	// Distinct names hard rules: records whose non-empty values of these
	// features differ never share a cluster ("national_id", "customer_ref",
	// "email", "birth_date").
	Distinct []string
	// RandomPairs is the number of random pairs sampled to estimate u.
	// 0 means 1,000,000 (all pairs when there are fewer).
	RandomPairs int
	// Comparisons restricts the evidence to the named comparisons (nil = all
	// that have data).
	Comparisons []string
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
	// Progress, if set, is called from worker goroutines with the stage
	// name and the records done so far (must be safe for concurrent use).
	Progress func(stage string, done, total int)
	// AllowNoEvidence runs even when no comparison has data (every record
	// then stays alone) instead of failing with ErrNoEvidence: for a
	// data-quality audit, which profiles the columns whatever they hold.
	AllowNoEvidence bool
	// Spill bounds the memory of candidate generation (see SpillOptions).
	Spill SpillOptions
	// Engine, if set, runs blocking and candidate scoring instead of the
	// in-process spools (see Engine); Spill and Workers then do not apply
	// to those stages.
	Engine Engine
}

// DefaultThreshold is the default match probability threshold.
const DefaultThreshold = 0.5

// DefaultCohesion is the default MinCohesion.
const DefaultCohesion = 0.2

func (o Options) withDefaults() Options {
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.KeepProbability <= 0 {
		o.KeepProbability = 0.01
	}
	if o.KeepProbability > o.Threshold {
		o.KeepProbability = o.Threshold
	}
	if o.MinCohesion <= 0 {
		o.MinCohesion = DefaultCohesion
	}
	if o.MaxCluster <= 0 {
		o.MaxCluster = 1000
	}
	if o.RandomPairs <= 0 {
		o.RandomPairs = 1_000_000
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	o.Block = o.Block.withDefaults()
	return o
}

// Pair is a scored candidate pair of records (indexes into the features
// slice, A < B).
type Pair struct {
	A, B   uint32
	Code   uint64  // comparison levels, see Result.Levels
	Weight float64 // total match weight in bits (prior + levels + term frequency)
	// Conflict marks a pair that must not be linked whatever its weight:
	// clearly different given names and no personal identifier in common
	// (household members and namesakes at one address).
	Conflict bool
}

// Result is the outcome of a matching run.
type Result struct {
	Model       *Model
	Comparisons []Comparison // the active comparisons, in pattern order
	Pairs       []Pair       // pairs with probability >= KeepProbability, sorted by (A, B)
	Cluster     []int        // cluster number per record; clusters are numbered by their smallest record
	Threshold   float64      // match probability threshold used
	Compared    int64        // candidate pairs scored
	Matched     int64        // pairs at or above the threshold (and not in conflict)
	Blocks      int          // blocks with more than one record
	Oversized   int          // blocks that fell back to a sorted neighbourhood
	Spilled     int64        // bytes candidate generation wrote to temporary files
	Capped      int          // links not followed because of the cluster-size or cohesion guard
	// RefusedByRule counts links not followed because of a hard rule or a
	// cannot-link decision.
	RefusedByRule int
	// MustApplied counts must-link decisions that joined two clusters;
	// MustRefused lists those that contradict a cannot-link decision.
	MustApplied int
	MustRefused [][2]int
	Timings     map[string]time.Duration
	tfAdj       []tfAdjuster
	cty         countryTF
	sc          *scorer // the comparisons' scorer (conflict reasons)
}

// ConflictReason says which conflict keeps a pair apart ("" for none):
// see Comparator.ConflictReason.
func (r *Result) ConflictReason(p Pair) string {
	if r.sc == nil {
		return ""
	}
	return conflictReason(r.sc.conflictOf(p.Code))
}

// Levels decodes the comparison levels of a pair.
func (r *Result) Levels(p Pair) []int8 {
	out := make([]int8, len(r.Comparisons))
	decode(p.Code, out)
	return out
}

// Probability is the match probability of a pair.
func (p Pair) Probability() float64 { return Probability(p.Weight) }

// Run blocks, scores and clusters the records. feats must be in canonical
// order (the caller sorts by source and id) for deterministic output. It
// is RunStore on a Store of feats.
func Run(ctx context.Context, feats []Features, opt Options) (*Result, error) {
	st, err := NewStore(feats)
	if err != nil {
		return nil, err
	}
	return RunStore(ctx, st, opt)
}

// ErrNoEvidence is returned when no comparison has values in at least 1%
// of the records (and two records), or only comparisons that many people
// share (gender, country, state): there is nothing to match on, and a run
// would silently merge nothing, or everyone.
var ErrNoEvidence = errors.New("nothing to match on: no compared field has values in at least 1% of the records")

// identifying reports whether any of comps can tell people apart on its
// own: one that is not shared by many (Comparison.shared; a salutation
// column alone gives every record a gender).
func identifying(comps []Comparison) bool {
	for _, c := range comps {
		if !c.shared {
			return true
		}
	}
	return false
}

// RunStore blocks, scores and clusters the records of st. The records must
// be in canonical order (the caller sorts by source and id) for
// deterministic output.
func RunStore(ctx context.Context, st *Store, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	if st.Len() >= math.MaxUint32 {
		return nil, fmt.Errorf("match: too many records (%d)", st.Len())
	}
	res := &Result{Threshold: opt.Threshold, Timings: map[string]time.Duration{}}
	res.Comparisons = activeComparisons(st, opt.Comparisons)
	if !identifying(res.Comparisons) && st.Len() >= 2 && !opt.AllowNoEvidence {
		return nil, ErrNoEvidence
	}
	cmpr := NewComparator(res.Comparisons)
	if cmpr.sc.companyAt >= 0 {
		if w := countOrgWords(st); w != nil {
			cmpr = cmpr.WithOrgWeights(*w)
		}
	}
	sc := cmpr.sc
	res.sc = sc

	t := time.Now()
	u := estimateU(ctx, st, cmpr, opt, nil)
	// With one comparison EM cannot tell matches from non-matches (see
	// Comparator.FitOne); u then comes from pairs of different values and,
	// for company names, from names against made-up names (chanceU).
	var distinct, chance *RandomCounts
	if len(res.Comparisons) == 1 {
		if recs := oneRecordPerValue(st, &res.Comparisons[0]); len(recs) >= 2 {
			distinct = estimateU(ctx, st, cmpr, opt, recs)
			chance = chanceU(ctx, st, cmpr, opt, recs)
		}
	}
	res.Timings["estimate_u"] = time.Since(t)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	t = time.Now()
	// The training sample is every stride-th record: its candidate pairs
	// are scored in full and their patterns fit the model (pass 1).
	stride := max(1, st.Len()/trainSample)
	var cs *candidateSet
	var train []trainPair
	var err error
	job := &EngineJob{Store: st, Block: opt.Block}
	if opt.Engine != nil {
		train, err = engineTraining(ctx, opt.Engine, job, stride)
		if err != nil {
			return nil, err
		}
	} else {
		cs, err = generateCandidates(ctx, st, opt.Block, stride, opt.Workers, opt.Spill, opt.Progress)
		if err != nil {
			return nil, err
		}
		defer cs.close()
		res.Blocks, res.Oversized = cs.blocks, cs.oversized
		train = cs.train
	}
	res.Timings["block"] = time.Since(t)

	t = time.Now()
	trainCodes, tr, err := scoreTraining(ctx, st, train, cmpr, opt.Workers)
	if err != nil {
		return nil, err
	}
	res.Timings["compare.train"] = time.Since(t)

	t = time.Now()
	var model *Model
	if distinct != nil {
		model = cmpr.FitOne(u, distinct, chance)
	}
	if model == nil {
		model = cmpr.Fit(u, tr, float64(len(train))*float64(stride)/totalPairs(st, opt.Block.LinkOnly))
	}
	res.Model = model
	res.Timings["em"] = time.Since(t)

	t = time.Now()
	res.tfAdj, res.cty = buildTF(st, res.Comparisons, opt.Workers, opt.Progress)
	model.UExact = make([]float64, len(res.Comparisons))
	for c := range res.Comparisons {
		if res.tfAdj[c].logP != nil {
			model.UExact[c] = res.tfAdj[c].uExact
		}
	}
	// The prior needs the number of candidates, known only after pass 2;
	// pass 2 prunes with the candidate share instead and the prior is
	// applied afterwards (weights are prior + levels + TF, see below).
	res.Timings["tf"] = time.Since(t)

	// Pass 2: every record's candidates. Pairs are scored comparison by
	// comparison and dropped as soon as even the best remaining levels
	// could not lift them to KeepProbability; most candidates of a large
	// input are clear non-matches and stop after a few comparisons. The
	// bound is exact (maximum weights including term frequencies), so the
	// pairs kept are the same as with full scoring.
	t = time.Now()
	allPairs := totalPairs(st, opt.Block.LinkOnly)
	keepW := logit2(opt.KeepProbability)
	var kept [][]Pair
	var compared int64
	if opt.Engine != nil {
		job.tf = res.tfAdj
		var stats EngineStats
		kept, stats, err = engineScore(ctx, opt.Engine, job, cmpr, model, allPairs, keepW)
		if err != nil {
			return nil, err
		}
		compared, res.Blocks, res.Oversized = stats.Compared, stats.Blocks, stats.Oversized
		model.Lambda = priorLambda(model, compared, allPairs)
	} else {
		if kept, compared, err = scoreLocal(ctx, st, cs, trainCodes, stride, sc, model, res, keepW, allPairs, opt); err != nil {
			return nil, err
		}
		res.Spilled = cs.spilled()
		cs.close()
	}
	res.Compared = compared
	res.Timings["compare"] = time.Since(t)

	t = time.Now()
	patW := map[uint64]float64{}
	patternWeight := model.PatternWeight
	for _, ps := range kept {
		for _, p := range ps {
			if _, ok := patW[p.Code]; !ok {
				patW[p.Code] = patternWeight(p.Code)
			}
		}
	}
	matchW := logit2(opt.Threshold)
	matched := make([]int64, len(kept))
	final := make([][]Pair, len(kept))
	workpool.Run(len(kept), opt.Workers, func(k int) {
		out := kept[k][:0]
		for _, p := range kept[k] {
			p.Weight = patW[p.Code] + res.tfAdjust(p.A, p.B, p.Code)
			p.Conflict = sc.conflict(p.Code)
			if p.Weight >= keepW {
				out = append(out, p)
			}
			if p.Weight >= matchW && !p.Conflict {
				matched[k]++
			}
		}
		final[k] = out
	})
	n := 0
	for k := range final {
		n += len(final[k])
		res.Matched += matched[k]
	}
	res.Pairs = make([]Pair, 0, n)
	for _, ps := range final {
		res.Pairs = append(res.Pairs, ps...)
	}
	res.Timings["weigh"] = time.Since(t)

	t = time.Now()
	var mu sync.Mutex
	clv := make([]int8, len(res.Comparisons))
	var fa, fb Features
	weigh := func(a, b int) Weighed {
		if a > b {
			a, b = b, a
		}
		if opt.Block.LinkOnly && st.Source(a) == st.Source(b) {
			return Weighed{Skip: true}
		}
		mu.Lock()
		defer mu.Unlock()
		st.Get(a, &fa)
		st.Get(b, &fb)
		sc.levels(&fa, &fb, clv)
		code := encode(clv)
		w, ok := patW[code]
		if !ok {
			w = patternWeight(code)
			patW[code] = w
		}
		return Weighed{Weight: w + res.tfAdjust(uint32(a), uint32(b), code),
			Conflict: sc.clusterConflict(code), Support: sc.supports(code)}
	}
	cr := Cluster(st.Len(), res.Pairs, ClusterOptions{
		MinWeight: matchW, MaxSize: opt.MaxCluster, Weigh: weigh, MinCohesion: opt.MinCohesion,
		Must: opt.MustLink, Cannot: opt.CannotLink, Distinct: distinctValues(st, opt.Distinct),
		OneValue: valueIDs(st, res.Comparisons),
	})
	res.Cluster, res.Capped = cr.Cluster, cr.Capped
	res.RefusedByRule, res.MustApplied, res.MustRefused = cr.RefusedRule, cr.MustApplied, cr.MustRefused
	res.Timings["cluster"] = time.Since(t)
	return res, nil
}

// scoreLocal is pass 2 in process: it scores the candidates of cs with
// exact pruning and sets the prior (model.Lambda) from their number.
func scoreLocal(ctx context.Context, st *Store, cs *candidateSet, trainCodes []uint64, stride int, sc *scorer, model *Model, res *Result, keepW, allPairs float64, opt Options) ([][]Pair, int64, error) {
	// An upper bound of the prior for pruning: lambda from the training
	// sample times an upper bound of the number of candidates.
	maxCands := cs.maxPairs
	priorBound := logit2(priorLambda(model, int64(min(maxCands, allPairs)), allPairs))
	pr := newPruner(sc, model, res.tfAdj)
	kept, compared, err := scoreAll(ctx, st, cs, trainCodes, stride, pr, keepW-priorBound, opt)
	if err != nil {
		return nil, 0, err
	}
	model.Lambda = priorLambda(model, compared, allPairs)
	prior := model.PriorWeight()
	if prior > priorBound+1e-9 {
		return nil, 0, fmt.Errorf("match: internal error: prior %.6f above its pruning bound %.6f", prior, priorBound)
	}
	return kept, compared, nil
}

// totalPairs is the number of record pairs that could match: all pairs, or
// for link-only the pairs across sources.
func totalPairs(st *Store, linkOnly bool) float64 {
	n := float64(st.Len())
	all := n * (n - 1) / 2
	if !linkOnly {
		return max(all, 1)
	}
	per := map[int]float64{}
	for i := range st.Len() {
		per[st.Source(i)]++
	}
	for _, k := range per {
		all -= k * (k - 1) / 2
	}
	return max(all, 1)
}

// distinctValues returns, per hard-rule field, the value of every record.
// A name that is not a hard-rule comparison yields no values (rules
// validates the names against the field registry first).
func distinctValues(st *Store, names []string) [][]string {
	var out [][]string
	var x Features
	all := allComparisons()
	for _, name := range names {
		vals := make([]string, st.Len())
		i := slices.IndexFunc(all, func(c Comparison) bool { return c.Name == name })
		if i >= 0 && all[i].hard != nil {
			hard := all[i].hard
			for r := range st.Len() {
				st.Get(r, &x)
				vals[r] = hard(&x)
			}
		}
		out = append(out, vals)
	}
	return out
}

// logit2 is the weight (bits) of probability p.
func logit2(p float64) float64 {
	return math.Log2(p / (1 - p))
}

// activeComparisons returns the comparisons with data in at least 1% of
// the records (and at least two records), restricted to names if given
// (see Evidence).
func activeComparisons(st *Store, names []string) []Comparison {
	var e Evidence
	var f Features
	for i := range st.Len() {
		st.Get(i, &f)
		e.Add(&f)
	}
	return e.Comparisons(names)
}

// valueIDs returns an id per record of its value of the one comparison
// (nil unless the run has exactly one, with a value to tell them by).
func valueIDs(st *Store, comps []Comparison) []uint32 {
	if len(comps) != 1 {
		return nil
	}
	var f Features
	ids := map[string]uint32{}
	out := make([]uint32, st.Len())
	for i := range st.Len() {
		st.Get(i, &f)
		v, ok := comps[0].value(&f)
		if !ok {
			return nil
		}
		id, seen := ids[v]
		if !seen {
			id = uint32(len(ids))
			ids[v] = id
		}
		out[i] = id
	}
	return out
}

// oneRecordPerValue returns one record per distinct value of comparison c
// (its first record in store order), for u among different values; nil
// when c has no single value to tell them by (see Comparison.value).
func oneRecordPerValue(st *Store, c *Comparison) []uint32 {
	var f Features
	seen := map[string]bool{}
	var out []uint32
	for i := range st.Len() {
		st.Get(i, &f)
		v, ok := c.value(&f)
		if !ok {
			return nil
		}
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, uint32(i))
	}
	return out
}

// splitmix64 is a small deterministic PRNG.
type splitmix64 uint64

func (s *splitmix64) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// estimateU samples random pairs (or takes all pairs of a small input) and
// returns their pattern counts. With recs not nil, the pairs are drawn
// from those records only (and their sources are not looked at).
func estimateU(ctx context.Context, st *Store, cmpr *Comparator, opt Options, recs []uint32) *RandomCounts {
	n := st.Len()
	if recs != nil {
		n = len(recs)
	}
	rec := func(i int) int {
		if recs != nil {
			return int(recs[i])
		}
		return i
	}
	total := int64(n) * int64(n-1) / 2
	exhaustive := total <= int64(opt.RandomPairs)
	const chunk = 8192
	var tasks int
	if exhaustive {
		tasks = (n + chunk - 1) / chunk
	} else {
		tasks = (opt.RandomPairs + chunk - 1) / chunk
	}
	counts := make([]*RandomCounts, tasks)
	sink := make([]byte, tasks) // stores keep the prefetching loads alive
	workpool.Run(tasks, opt.Workers, func(t int) {
		cnt := cmpr.NewRandomCounts()
		counts[t] = cnt
		if ctx.Err() != nil {
			return // cancelled: Run returns the error
		}
		var fa, fb Features
		add := func(a, b int) {
			a, b = rec(a), rec(b)
			if recs == nil && opt.Block.LinkOnly && st.Source(a) == st.Source(b) {
				return
			}
			st.Get(a, &fa)
			st.Get(b, &fb)
			cnt.Add(cmpr.Compare(&fa, &fb))
		}
		if exhaustive {
			for a := t * chunk; a < min(n, (t+1)*chunk); a++ {
				for b := a + 1; b < n; b++ {
					add(a, b)
				}
			}
		} else {
			rng := splitmix64(uint64(t) + 1)
			// Pairs in batches whose records are prefetched together.
			var batch [touchBatch]uint32
			for k := 0; k < chunk; k += touchBatch / 2 {
				m := min(touchBatch/2, chunk-k)
				for x := 0; x < m; x++ {
					batch[2*x] = uint32(rng.next() % uint64(n))
					batch[2*x+1] = uint32(rng.next() % uint64(n))
				}
				if recs == nil {
					sink[t] ^= st.touch(batch[:2*m])
				}
				for x := 0; x < m; x++ {
					if a, b := int(batch[2*x]), int(batch[2*x+1]); a != b {
						add(a, b)
					}
				}
			}
		}
	})
	sum := cmpr.NewRandomCounts()
	for _, cnt := range counts {
		sum.Merge(cnt)
	}
	return sum
}

// training holds the pattern counts EM learns from: one set per training
// round, and the (sampled) patterns of all candidates for the prior.
type training struct {
	rounds []map[uint64]float64
	all    map[uint64]float64
}

func newTraining(nr int) *training {
	t := &training{rounds: make([]map[uint64]float64, nr), all: map[uint64]float64{}}
	for r := range t.rounds {
		t.rounds[r] = map[uint64]float64{}
	}
	return t
}

func (t *training) add(o *training) {
	for r, m := range o.rounds {
		for c, n := range m {
			t.rounds[r][c] += n
		}
	}
	for c, n := range o.all {
		t.all[c] += n
	}
}

// trainSample is the number of records whose candidate pairs feed EM: a
// deterministic sample keeps the training cost flat on large inputs.
const trainSample = 50000

// recordChunk is the number of training pairs per parallel task.
const recordChunk = 4096

// scoreTraining scores the candidate pairs of the training records in
// full and collects the training patterns: per round, the pairs that share
// the round's key kind in a complete block, with the comparisons that key
// selects for masked out. It returns the pattern code of every pair.
func scoreTraining(ctx context.Context, st *Store, train []trainPair, cmpr *Comparator, workers int) ([]uint64, *Training, error) {
	codes := make([]uint64, len(train))
	tasks := (len(train) + recordChunk - 1) / recordChunk
	trs := make([]*Training, tasks)
	sink := make([]byte, tasks) // stores keep the prefetching loads alive
	workpool.Run(tasks, workers, func(t int) {
		if ctx.Err() != nil {
			return
		}
		tr := cmpr.NewTraining()
		var fa, fb Features
		last := -1
		var batch [touchBatch]uint32
		lo, hi := t*recordChunk, min(len(train), (t+1)*recordChunk)
		for k := lo; k < hi; k++ {
			if (k-lo)%touchBatch == 0 {
				nb := 0
				for _, x := range train[k:min(hi, k+touchBatch)] {
					batch[nb] = uint32(x.ab)
					nb++
				}
				sink[t] ^= st.touch(batch[:nb])
			}
			a, b := int(train[k].ab>>32), int(uint32(train[k].ab))
			if a != last {
				st.Get(a, &fa)
				last = a
			}
			st.Get(b, &fb)
			code := cmpr.Compare(&fa, &fb)
			codes[k] = code
			cmpr.AddTraining(tr, code, train[k].mask)
		}
		trs[t] = tr
	})
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	tr := cmpr.NewTraining()
	for _, x := range trs {
		tr.Merge(x)
	}
	return codes, tr, nil
}

// scoreAll scores the candidates of every record range and keeps the pairs
// whose weight without the prior can reach minW; the training records'
// pairs were scored in pass 1 (trainCodes). It returns the kept pairs per
// range (sorted by A, B; weights not yet set) and the number of unique
// candidates.
func scoreAll(ctx context.Context, st *Store, cs *candidateSet, trainCodes []uint64, stride int, pr *pruner, minW float64, opt Options) ([][]Pair, int64, error) {
	n := st.Len()
	out := make([][]Pair, cs.nRanges)
	counts := make([]int64, cs.nRanges)
	errs := make([]error, cs.nRanges)
	sink := make([]byte, cs.nRanges) // stores keep the prefetching loads alive
	var done atomic.Int64
	workpool.Run(cs.nRanges, opt.Workers, func(r int) {
		if ctx.Err() != nil {
			return
		}
		pairs, err := cs.pairs.take(r)
		if err != nil {
			errs[r] = err
			return
		}
		radixSortU64(pairs, nil)
		pairs = slices.Compact(pairs)
		counts[r] = int64(len(pairs))
		lv := make([]int8, len(pr.sc.comps))
		var ps []Pair
		var fa, fb Features
		var rest []float64
		last := -1
		k := cs.trainStart(r)
		var batch [touchBatch]uint32
		for g, ab := range pairs {
			if g%touchBatch == 0 {
				// Prefetch the next records to compare with.
				nb := 0
				for _, x := range pairs[g:min(len(pairs), g+touchBatch)] {
					if int(x>>32)%stride != 0 {
						batch[nb] = uint32(x)
						nb++
					}
				}
				sink[r] ^= st.touch(batch[:nb])
			}
			a, b := uint32(ab>>32), uint32(ab)
			if int(a)%stride == 0 {
				// A training pair: scored in pass 1.
				t := cs.train[k]
				c := trainCodes[k]
				k++
				if t.ab != ab {
					errs[r] = fmt.Errorf("match: internal error: training pair %x out of step with %x", t.ab, ab)
					return
				}
				if pr.levelsWeight(c, a) >= minW-pr.margin {
					ps = append(ps, Pair{A: a, B: b, Code: c})
				}
				continue
			}
			if int(a) != last {
				st.Get(int(a), &fa)
				rest = pr.restFor(a, rest)
				last = int(a)
			}
			st.Get(int(b), &fb)
			if code, ok := pr.scoreWith(&fa, &fb, a, lv, minW, rest); ok {
				ps = append(ps, Pair{A: a, B: b, Code: code})
			}
		}
		out[r] = ps
		d := done.Add(int64(min(n, (r+1)<<cs.shift) - r<<cs.shift))
		if opt.Progress != nil {
			opt.Progress("compare", int(d), n)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, 0, err
		}
	}
	var total int64
	for _, c := range counts {
		total += c
	}
	return out, total, nil
}

// tfAdjuster holds the term-frequency adjustment of one comparison: for
// every record, log2(uExact / p(value)), the extra weight of an agreement
// at the adjusted level (exact, or the e-mail's same user) on that
// record's value.
type tfAdjuster struct {
	logP   []float32 // per record; nil when the comparison has no TF
	uExact float64   // sum of p_v^2: chance two random records agree
	level  int8      // the level adjusted (Comparison.tfLevel)
	// cond is, per record, log2(p(value) / p(value | the record's
	// country)) for a pair of that country agreeing on the value (see
	// countryCond): negative for a value common in its country; nil
	// without a country comparison (see countryTF).
	cond []float32
}

// countryTF corrects the term frequencies of a pair of one country. Names
// and birth dates are not independent of the nationality: "wagner" is
// rare among all customers and common among the Austrian ones, and a
// nationality may have customary birth dates of its own (the 1st of
// January where a registry did not know the day; foreigners_pl gives 125
// of its Austrians one date). Each exact agreement adjusted by its
// value's frequency among all records counts the country's rarity once
// more, so two Austrians named Wagner born on that date weighed as if
// surname and date were independent rarities. Given that both records
// are of country c (a share s of the records), two records agree on
// values v1, v2 ... about s * Π p(v_k | c) of the time; the rarity the
// adjusted agreements carry beyond that is counted once: the pair's
// correction is log2(1/s) plus log2(p(v_k) / p(v_k | c)) per adjusted
// agreement (tfAdjuster.cond, smoothed), taken only where it is negative.
// A value spread over the countries as the records are is not corrected,
// nor is a pair with one adjusted agreement only; a rare country is no
// evidence of its own (country is a shared attribute).
type countryTF struct {
	at  int       // the country comparison (-1: none, or no country values)
	log []float32 // per record: log2(1/s) of its country, 0 without one; nil: no correction
}

// of is the adjustment of a pair whose first record is a at level l: 0
// unless l is the adjusted level (the pruner's bound; the final weight
// also caps near agreements of names, see tfTerm).
func (t *tfAdjuster) of(l int8, a uint32) float64 {
	if t.logP == nil || l != t.level {
		return 0
	}
	return float64(t.logP[a])
}

// buildTF counts the values of every comparison with a term-frequency
// adjustment and returns the adjusters, and the country correction (see
// countryTF). Each record is decoded once: the workers hash every
// adjusted value (and the record's country) of contiguous ranges of
// records into one array per comparison; each array, sorted (radix),
// gives the counts as runs of equal hashes (tallyOf), and each record's
// count is then found by binary search in the distinct hashes. No map is
// filled: maps of a million values (an e-mail's user part is unique to
// almost every record) cost several times more to fill and to look up
// than the sort and the searches. Values are counted by their 64-bit
// FNV-1a hash, not as strings; two of a million values share a hash with
// odds of about 1 in 10^7. The result does not depend on the split into
// ranges. progress, if not nil, is told as each range is hashed.
func buildTF(st *Store, comps []Comparison, workers int, progress func(stage string, done, total int)) ([]tfAdjuster, countryTF) {
	out := make([]tfAdjuster, len(comps))
	cty := countryTF{at: -1}
	n := st.Len()
	var tfc []int
	for c, cm := range comps {
		if cm.TF != tfNone {
			tfc = append(tfc, c)
		}
		if cm.Name == "country" {
			cty.at = c
		}
	}
	if len(tfc) == 0 {
		return out, countryTF{at: -1}
	}
	// hashes[k][i] is the hash of record i's value for comparison tfc[k],
	// 0 for no value (a value hashing to 0 is counted under 1); country[i]
	// the hash of its country (nil without a country comparison).
	hashes := make([][]uint64, len(tfc))
	for k := range hashes {
		hashes[k] = make([]uint64, n)
	}
	var country []uint64
	if cty.at >= 0 {
		country = make([]uint64, n)
	}
	parts := max(1, min(workers, (n+8191)/8192))
	var done atomic.Int64
	workpool.Run(parts, workers, func(w int) {
		defer func() {
			if progress != nil {
				progress("term frequencies", int(done.Add(1)), parts)
			}
		}()
		var f Features
		for i := w * n / parts; i < (w+1)*n/parts; i++ {
			st.Get(i, &f)
			for k, c := range tfc {
				if v := tfValue(comps[c].TF, &f); v != "" {
					hashes[k][i] = max(tfHash(v), 1)
				}
			}
			if country != nil && f.Country != "" {
				country[i] = max(tfHash(f.Country), 1)
			}
		}
	})
	const chunk = 8192
	// cidx[i] is the slot of record i's country in the countries' tally
	// (-1: none).
	var cidx []int32
	var nCountries int
	if country != nil {
		var sorted, tmp []uint64
		ct := tallyOf(country, &sorted, &tmp)
		if ct.total == 0 {
			country, cty = nil, countryTF{at: -1}
		} else {
			nCountries = len(ct.keys)
			cty.log = make([]float32, n)
			cidx = make([]int32, n)
			workpool.Run((n+chunk-1)/chunk, workers, func(t int) {
				for i := t * chunk; i < min(n, (t+1)*chunk); i++ {
					cidx[i] = -1
					if country[i] != 0 {
						at := ct.slot(country[i])
						cidx[i] = int32(at)
						cty.log[i] = float32(math.Log2(float64(ct.total) / float64(ct.vals[at])))
					}
				}
			})
		}
	}
	// One comparison a task: each is independent of the others.
	workpool.Run(len(tfc), workers, func(k int) {
		c := tfc[k]
		h := hashes[k]
		var sorted, tmp []uint64
		vt := tallyOf(h, &sorted, &tmp)
		if vt.total == 0 {
			return
		}
		// Summed in hash order (deterministic).
		ue := 0.0
		for _, x := range vt.counts {
			p := float64(x) / float64(vt.total)
			ue += p * p
		}
		logP := make([]float32, n)
		for i, x := range h {
			if x != 0 {
				logP[i] = float32(math.Log2(ue * float64(vt.total) / float64(vt.count(x))))
			}
		}
		var cond []float32
		if country != nil {
			// The value within its country, and the records of each
			// country with a value.
			pair := make([]uint64, n)
			withValue := make([]int32, nCountries)
			for i, x := range h {
				if x != 0 && cidx[i] >= 0 {
					pair[i] = max(mixHash(x, country[i]), 1)
					withValue[cidx[i]]++
				}
			}
			pt := tallyOf(pair, &sorted, &tmp)
			cond = make([]float32, n)
			for i, x := range pair {
				if x == 0 {
					continue
				}
				if nvc := float64(pt.count(x)); nvc >= 2 {
					cond[i] = float32(countryCond(float64(vt.count(h[i])), nvc, float64(withValue[cidx[i]]), float64(vt.total)))
				}
			}
		}
		hashes[k] = nil
		out[c] = tfAdjuster{logP: logP, uExact: ue, level: comps[c].tfLevel, cond: cond}
	})
	return out, cty
}

// tally is the count of every distinct non-zero hash of a slice, with an
// open-addressing table to look the counts up (a binary search in a
// million distinct hashes costs twenty cache misses a lookup; the table
// one or two).
type tally struct {
	counts []int32 // per distinct hash, in hash order
	total  int     // non-zero hashes
	keys   []uint64
	vals   []int32
	mask   uint64
}

// tallyOf counts the non-zero hashes of h by sorting a copy of them
// (sorted and tmp are scratch space, kept for reuse).
func tallyOf(h []uint64, sorted, tmp *[]uint64) tally {
	s := (*sorted)[:0]
	for _, x := range h {
		if x != 0 {
			s = append(s, x)
		}
	}
	*tmp = radixSortU64(s, *tmp)
	*sorted = s
	t := tally{total: len(s)}
	var distinct []uint64
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j] == s[i] {
			j++
		}
		distinct = append(distinct, s[i])
		t.counts = append(t.counts, int32(j-i))
		i = j
	}
	size := uint64(16)
	for size < 2*uint64(len(distinct)) {
		size <<= 1
	}
	t.keys, t.vals, t.mask = make([]uint64, size), make([]int32, size), size-1
	for i, x := range distinct {
		at := t.slot(x)
		t.keys[at], t.vals[at] = x, t.counts[i]
	}
	return t
}

// slot is where hash x is, or goes, in the table (linear probing; the
// hashes are FNV-1a values, mixed again for the low bits).
func (t *tally) slot(x uint64) uint64 {
	at := (x * 0x9E3779B97F4A7C15) >> 32 & t.mask
	for t.keys[at] != 0 && t.keys[at] != x {
		at = (at + 1) & t.mask
	}
	return at
}

// count is how many times hash x was counted (x must be one of them).
func (t *tally) count(x uint64) int32 {
	return t.vals[t.slot(x)]
}

// mixHash combines two hashes (a value's and its country's) into the key
// the value is counted under per country: FNV-1a over b's bytes, from a.
func mixHash(a, b uint64) uint64 {
	for i := 0; i < 8; i++ {
		a ^= b & 0xff
		a *= 1099511628211
		b >>= 8
	}
	return a
}

// countryCond is log2(p(v) / p(v | c)) for a pair of records of country
// c that agree on value v (tfAdjuster.cond): nv records of total have v,
// nvc of the nc records of c. The pair itself is left out of the counts
// (a value held by the pair alone says nothing about whether it belongs
// to the country: it would always look as if it did), and the other
// records of c with v are smoothed by one expected record (add-one, at
// the country's share nc/total): log2((nv-1) / (nvc-2 + nc/total) *
// nc/total). 0 for a value spread over the countries as the records are,
// log2(nc/total) for one held by records of c only.
func countryCond(nv, nvc, nc, total float64) float64 {
	share := nc / total
	return math.Log2((nv - 1) / (nvc - 2 + share) * share)
}

// tfHash is the key a value is counted under in buildTF.
func tfHash(v string) uint64 {
	var h hasher
	h.reset(0)
	h.str(v)
	return h.sum()
}

// tfAdjust is the term-frequency adjustment of the pair (a, b): an exact
// agreement on a rare value is stronger evidence than one on a common
// value, and a near agreement of names is capped (see tfTerm).
func (r *Result) tfAdjust(a, b uint32, code uint64) float64 {
	adj := 0.0
	for c := range r.tfAdj {
		adj += r.tfTerm(c, a, b, code)
	}
	return adj + r.countryTerm(a, code)
}

// countryTerm is the correction of the term frequencies of a pair whose
// records are of one country (see countryTF): zero or negative, so the
// pruner's bound, which leaves it out, still holds.
func (r *Result) countryTerm(a uint32, code uint64) float64 {
	if r.cty.log == nil || int8((code>>(3*r.cty.at))&7)-1 != 0 {
		return 0
	}
	d := float64(r.cty.log[a])
	n := 0
	for c := range r.tfAdj {
		t := &r.tfAdj[c]
		if t.cond != nil && int8((code>>(3*c))&7)-1 == t.level {
			d += float64(t.cond[a])
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return min(d, 0)
}

// tfTerm is the term-frequency part of comparison c's weight for the pair
// (a, b) with pattern code. An exact agreement gets record a's value's
// adjustment. A near agreement of names (a nickname, a typo, a variant:
// "stefan" / "stefanie") gets none, but never weighs more than an exact
// agreement on the rarer of the two names would: two random records are
// x and y (p_x >= p_y) about as often as 2 p_x p_y, never less often
// than they agree on y (p_y^2), and a near agreement is no better
// evidence of a match than an exact one. EM fits one weight per level
// over all names, and as variants are rarer among random pairs than
// exact common names, "jw >= 0.92" came out above "exact" (RLdata10000:
// 7.6 bits against 5.7, m 0.55 against 0.43): a Stefan and a Stefanie of
// one surname and birth year counted as more alike than two Stefans.
// Capping at the more common name instead (as Splink takes the larger
// term frequency on a fuzzy level) went further on RLdata10000 (0.9611
// against 0.9554) but cut typos of common names (oleksndr / oleksandr) on
// foreigners_pl (0.8125 against 0.8136).
func (r *Result) tfTerm(c int, a, b uint32, code uint64) float64 {
	t := &r.tfAdj[c]
	if t.logP == nil {
		return 0
	}
	l := int8((code>>(3*c))&7) - 1
	switch {
	case l == t.level:
		// The adjusted level: exact, or the e-mail's same user.
		return float64(t.logP[a])
	case l > 0 && (r.Comparisons[c].TF == tfGiven || r.Comparisons[c].TF == tfFamily):
		// Never below zero: a near agreement is no evidence against a
		// match, also where EM had too few pairs to weigh the exact level
		// (a list of six records whose one match has a nickname).
		return r.nearCap(c, l, a, b, true)
	case l == dateTransposed && r.Comparisons[c].TF == tfBirthDate:
		// Two dates a transposition apart (1965 / 1956) never weigh more
		// than an exact agreement on the more common of the two: a date
		// that many records share (a nationality's customary date, a
		// registry's default) is mistyped into its neighbour as often as
		// any other, so its transposition is as weak evidence as sharing
		// it (Splink's choice of term frequency for a fuzzy level).
		return r.nearCap(c, l, a, b, false)
	}
	return 0
}

// nearCap is the term-frequency part of comparison c's weight at a near
// level l for the pair (a, b): the level's weight is capped at the exact
// level's weight on the rarer of the two values (rarer) or on the more
// common one, and never below zero; 0 when either value has no frequency
// (a lone name read in the other slot: nothing to compare with).
func (r *Result) nearCap(c int, l int8, a, b uint32, rarer bool) float64 {
	t := &r.tfAdj[c]
	pa, pb := t.logP[a], t.logP[b]
	if pa == 0 || pb == 0 {
		return 0
	}
	p := min(pa, pb)
	if rarer {
		p = max(pa, pb)
	}
	limit := max(0, r.Model.Weight(c, 0)+float64(p))
	if w := r.Model.Weight(c, l); w > limit {
		return limit - w
	}
	return 0
}

// TFAdjustment returns the term-frequency part of a pair's weight per
// comparison (0 where none applies), for explanations.
func (r *Result) TFAdjustment(p Pair) []float64 {
	out := make([]float64, len(r.Comparisons))
	for c := range r.tfAdj {
		out[c] = r.tfTerm(c, p.A, p.B, p.Code)
	}
	if r.cty.log != nil {
		out[r.cty.at] += r.countryTerm(p.A, p.Code)
	}
	return out
}
