package match

import (
	"context"
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
		want := res.Model.PatternWeight(p.Code) + res.tfAdjust(p.A, p.Code)
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
