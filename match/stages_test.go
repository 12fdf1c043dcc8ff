package match

import (
	"context"
	"math"
	"reflect"
	"testing"
)

// TestStagesMerge: every counting stage gives the same result whether its
// input is counted whole or in two partitions whose partial counts are
// merged, which is what lets a data-parallel engine run it per worker.
func TestStagesMerge(t *testing.T) {
	feats := benchFeatures(2000)
	var whole, left, right Evidence
	for i := range feats {
		whole.Add(&feats[i])
		if i%3 == 0 {
			left.Add(&feats[i])
		} else {
			right.Add(&feats[i])
		}
	}
	left.Merge(right)
	if whole.Records != left.Records || !reflect.DeepEqual(whole.Has, left.Has) {
		t.Fatalf("evidence merged %+v, whole %+v", left, whole)
	}
	comps := whole.Comparisons(nil)
	if len(comps) < 5 {
		t.Fatalf("only %d comparisons have data", len(comps))
	}
	c := NewComparator(comps)
	lc, lc1, lc2 := c.NewRandomCounts(), c.NewRandomCounts(), c.NewRandomCounts()
	tr, tr1, tr2 := c.NewTraining(), c.NewTraining(), c.NewTraining()
	for i := 0; i+1 < len(feats); i += 2 {
		p := c.Compare(&feats[i], &feats[i+1])
		kinds := uint32(1<<keyDOB | 1<<keyNames)
		lc.Add(p)
		c.AddTraining(tr, p, kinds)
		if i%4 == 0 {
			lc1.Add(p)
			c.AddTraining(tr1, p, kinds)
		} else {
			lc2.Add(p)
			c.AddTraining(tr2, p, kinds)
		}
		if got := encode(c.Levels(p)); got != p {
			t.Fatalf("Levels does not decode pattern %x (re-encoded %x)", p, got)
		}
	}
	lc1.Merge(lc2)
	tr1.Merge(tr2)
	if !reflect.DeepEqual(lc, lc1) || !reflect.DeepEqual(tr, tr1) {
		t.Fatal("merged partial counts differ from the whole")
	}
	if m1, m2 := c.Fit(lc, tr, 0.01), c.Fit(lc1, tr1, 0.01); !reflect.DeepEqual(m1, m2) {
		t.Fatal("models fitted from whole and merged counts differ")
	}
}

// TestStagesAreTheRunner: the weights and clusters a whole RunStore
// produces are those of the exported stage functions: every pair's weight
// is Model.PatternWeight of its pattern plus its term-frequency
// adjustment, and Cluster on the result's pairs with the same options
// gives the same partition.
func TestStagesAreTheRunner(t *testing.T) {
	feats := benchFeatures(3000)
	st := mustStore(t, feats)
	res, err := RunStore(context.Background(), st, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	c := NewComparator(res.Comparisons)
	for _, p := range res.Pairs {
		want := res.Model.PatternWeight(p.Code) + res.tfAdjust(p.A, p.B, p.Code)
		if p.Weight != want {
			t.Fatalf("pair %d-%d: weight %v, stages give %v", p.A, p.B, p.Weight, want)
		}
		if got := c.Compare(&feats[p.A], &feats[p.B]); got != p.Code {
			t.Fatalf("pair %d-%d: pattern %x, Compare gives %x", p.A, p.B, p.Code, got)
		}
		if c.Conflict(p.Code) != p.Conflict {
			t.Fatalf("pair %d-%d: conflict differs", p.A, p.B)
		}
	}
	cl := Cluster(st.Len(), res.Pairs, ClusterOptions{MinWeight: logit2(res.Threshold), MaxSize: 1000})
	if len(cl.Cluster) != len(res.Cluster) {
		t.Fatalf("%d cluster numbers, want %d", len(cl.Cluster), len(res.Cluster))
	}
	// Without the cohesion guard (Weigh nil) a cluster can only be larger:
	// every cluster of the run lies inside one of Cluster's.
	for i, g := range res.Cluster {
		if cl.Cluster[i] != cl.Cluster[g] {
			t.Fatalf("records %d and %d share a cluster in the run but not in Cluster", i, g)
		}
	}
}

// TestTFNearAgreementCap: a near agreement of names never weighs more
// than an exact agreement on the rarer of the two names; an exact
// agreement gets its own name's adjustment; other comparisons and
// agreements below the cap are left alone.
func TestTFNearAgreementCap(t *testing.T) {
	comps := allComparisons()[:3] // given_name, family_name, birth_date
	r := &Result{
		Comparisons: comps,
		Model: &Model{M: [][]float64{
			{0.40, 0.02, 0.50, 0.05, 0.01, 0.02}, // "jw>=0.92" above "exact", as EM fitted RLdata
			{0.60, 0.30, 0.05, 0.01, 0.04},
			{0.40, 0.40, 0.10, 0.05, 0.05},
		}, U: [][]float64{
			{0.01, 0.001, 0.002, 0.01, 0.001, 0.976},
			{0.01, 0.005, 0.02, 0.001, 0.964},
			{0.0001, 0.001, 0.01, 0.3, 0.6889},
		}},
		tfAdj: []tfAdjuster{
			// records: 0 a common name (stefan), 1 a less common one
			// (stefanie), 2 a rare typo (stefahn), 3 a lone name read in
			// the other slot (no frequency).
			{logP: []float32{-2, -0.5, 4, 0}},
			{logP: []float32{1, 1, 1, 1}},
			{},
		},
	}
	code := func(g, f, d int8) uint64 { return encode([]int8{g, f, d}) }
	w0, w2 := r.Model.Weight(0, 0), r.Model.Weight(0, 2)
	if w2 <= w0 {
		t.Fatalf("test model: jw weight %.2f not above exact %.2f", w2, w0)
	}
	for _, tc := range []struct {
		name string
		a, b uint32
		code uint64
		want float64
	}{
		{"exact: the first record's name", 0, 0, code(0, Missing, Missing), -2},
		{"variant of two real names: capped at the rarer", 0, 1, code(2, Missing, Missing), w0 - 0.5 - w2},
		{"order does not matter", 1, 0, code(2, Missing, Missing), w0 - 0.5 - w2},
		{"a rare typo of a common name: under the cap", 0, 2, code(2, Missing, Missing), 0},
		{"no frequency on one side", 0, 3, code(2, Missing, Missing), 0},
		{"disagreement is never adjusted", 0, 1, code(5, Missing, Missing), 0},
		{"family exact", 0, 1, code(Missing, 0, Missing), 1},
		{"family near agreement below the cap", 0, 1, code(Missing, 1, Missing), 0},
		{"no term frequencies for the birth date", 0, 1, code(Missing, Missing, 1), 0},
	} {
		got := r.tfAdjust(tc.a, tc.b, tc.code)
		if math.Abs(got-tc.want) > 1e-5 {
			t.Errorf("%s: adjustment %.4f, want %.4f", tc.name, got, tc.want)
		}
	}
	// An exact level EM could not weigh (no match among few pairs agreed
	// exactly): the cap stops at zero, never against a match.
	r.Model.M[0][0] = 1e-9
	if got, w2 := r.tfAdjust(0, 1, code(2, Missing, Missing)), r.Model.Weight(0, 2); math.Abs(got+w2) > 1e-5 {
		t.Errorf("degenerate exact level: adjustment %.4f, want %.4f (the level weighs zero)", got, -w2)
	}
}
