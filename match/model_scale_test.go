package match

import (
	"math"
	"testing"
)

// blockedPatterns builds the expected pattern counts of a dedupe of n
// records with dups true matches under a conditionally independent model:
// the candidates are the pairs that agree exactly on comparison 0 (the
// blocking key, which nearly every match shares, as with doppel's
// OR-blocking). It returns the model (u and the true m set), the
// patterns, the share of all pairs that are candidates and the true share
// of matches among the candidates.
func blockedPatterns(n, dups float64) (*Model, []pattern, float64, float64) {
	model := &Model{
		M: [][]float64{{0.995, 0.005}, {0.8, 0.15, 0.05}, {0.7, 0.3}, {0.6, 0.4}},
		U: [][]float64{{0.001, 0.999}, {0.01, 0.02, 0.97}, {0.05, 0.95}, {0.002, 0.998}},
	}
	all := n * (n - 1) / 2
	nonMatches := all - dups
	var pats []pattern
	cands, matches := 0.0, 0.0
	for l1 := range model.M[1] {
		for l2 := range model.M[2] {
			for l3 := range model.M[3] {
				m := model.M[0][0] * model.M[1][l1] * model.M[2][l2] * model.M[3][l3]
				u := model.U[0][0] * model.U[1][l1] * model.U[2][l2] * model.U[3][l3]
				k := dups*m + nonMatches*u
				pats = append(pats, pattern{code: encode([]int8{0, int8(l1), int8(l2), int8(l3)}), count: k})
				cands += k
				matches += dups * m
			}
		}
	}
	return model, pats, cands / all, matches / cands
}

// TestFitLambdaCandidateShare: the share of matches among candidates is
// recovered when the prior is scaled by the candidate share, and the
// resulting chance that two random records match falls with the number of
// pairs (10x more records with 10x more matches: 10x lower), which it
// did not when the candidate share itself was used as the prior.
func TestFitLambdaCandidateShare(t *testing.T) {
	type fit struct{ lambda, prior float64 }
	run := func(n float64, scaled bool) (fit, float64) {
		model, pats, share, truth := blockedPatterns(n, 0.3*n)
		cs := 1.0
		if scaled {
			cs = share
		}
		l := fitLambda(model, pats, cs)
		return fit{l, l * share}, truth
	}
	cases := []struct {
		name    string
		n       float64
		scaled  bool
		maxRel  float64 // largest relative error of the candidate share
		wantBad bool    // the estimate is expected to be off by more than maxRel
	}{
		{"1e5 records, scaled prior", 1e5, true, 0.05, false},
		{"1e6 records, scaled prior", 1e6, true, 0.05, false},
		{"1e7 records, scaled prior", 1e7, true, 0.05, false},
		{"1e7 records, candidate share as prior", 1e7, false, 0.5, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, truth := run(c.n, c.scaled)
			rel := math.Abs(got.lambda-truth) / truth
			if c.wantBad != (rel > c.maxRel) {
				t.Errorf("candidate lambda %.5g, true %.5g (relative error %.3f, limit %.2f, expected off: %v)",
					got.lambda, truth, rel, c.maxRel, c.wantBad)
			}
		})
	}
	// The prior over all pairs must fall ~10x per 10x records.
	a, _ := run(1e6, true)
	b, _ := run(1e7, true)
	if r := a.prior / b.prior; r < 9 || r > 11 {
		t.Errorf("prior 1e6 %.4g, 1e7 %.4g: ratio %.2f, want about 10", a.prior, b.prior, r)
	}
}

// TestFitLambdaEdgeCases: no patterns, a share outside (0, 1] and a single
// pattern give finite estimates in (0, 1).
func TestFitLambdaEdgeCases(t *testing.T) {
	model := &Model{M: [][]float64{{0.9, 0.1}}, U: [][]float64{{0.01, 0.99}}}
	one := []pattern{{code: encode([]int8{0}), count: 10}}
	cases := []struct {
		name  string
		pats  []pattern
		share float64
	}{
		{"no patterns", nil, 0.5},
		{"zero share", one, 0},
		{"NaN share", one, math.NaN()},
		{"share above 1", one, 3},
		{"tiny share", one, 1e-30},
		{"one pattern", one, 1},
	}
	for _, c := range cases {
		l := fitLambda(model, c.pats, c.share)
		if math.IsNaN(l) || l <= 0 || l >= 1 {
			t.Errorf("%s: lambda %v", c.name, l)
		}
	}
}

// TestTrainingRoundsMaskEmailNames: the e-mail round leaves out the names
// as well as the e-mail (a user name is built from them), and the other
// rounds leave out only what their key selects for.
func TestTrainingRoundsMaskEmailNames(t *testing.T) {
	names := []string{"given_name", "family_name", "birth_date", "email", "postcode"}
	comps := make([]Comparison, len(names))
	for i, n := range names {
		comps[i].Name = n
	}
	// Per comparison: estimated in the round, and masked out of it. A
	// residence round (7: postcode + family name) masks its key's
	// comparisons and estimates none of the person's: its pairs include
	// households.
	want := map[byte][2][]bool{
		9:  {{false, false, true, false, true}, {true, true, false, true, false}},
		1:  {{false, false, true, true, true}, {true, true, false, false, false}},
		21: {{true, true, false, true, true}, {false, false, true, false, false}},
		7:  {{false, false, false, true, false}, {false, true, false, false, true}},
	}
	for _, r := range trainingRounds(comps) {
		w, ok := want[r.kind]
		if !ok {
			continue
		}
		for c := range comps {
			if r.used[c] != w[0][c] {
				t.Errorf("kind %d: %s used %v, want %v", r.kind, names[c], r.used[c], w[0][c])
			}
			if masked := r.mask>>(3*c)&7 == 7; masked != w[1][c] {
				t.Errorf("kind %d: %s masked %v, want %v", r.kind, names[c], masked, w[1][c])
			}
		}
	}
}

// mixtureCounts returns the expected pattern counts of n random pairs of
// which a share lambda are matches, over three exact/differs comparisons
// with the given m and u of agreement.
func mixtureCounts(n, lambda, m, u float64) *RandomCounts {
	r := &RandomCounts{pats: map[Pattern]float64{}, nc: []int{2, 2, 2}}
	for bits := 0; bits < 8; bits++ {
		pm, pu := 1.0, 1.0
		lv := make([]int8, 3)
		for c := range lv {
			if bits&(1<<c) != 0 {
				lv[c] = 0
				pm, pu = pm*m, pu*u
			} else {
				lv[c] = 1
				pm, pu = pm*(1-m), pu*(1-u)
			}
		}
		r.pats[encode(lv)] = n * (lambda*pm + (1-lambda)*pu)
	}
	return r
}

// TestDiscountU: where matches are common among the random pairs, the raw
// level shares overstate chance agreement and discountU recovers the
// non-match u; where they are rare it leaves u as it was.
func TestDiscountU(t *testing.T) {
	m := [][]float64{{0.9, 0.1}, {0.9, 0.1}, {0.9, 0.1}}
	common := mixtureCounts(1e6, 0.05, 0.9, 0.01)
	raw := common.U()
	u, share := discountU(m, common, 0.05)
	for c := range u {
		if raw[c][0] < 0.05 {
			t.Fatalf("comparison %d: raw u of agreement %.4f, want the inflated ~0.0545", c, raw[c][0])
		}
		if math.Abs(u[c][0]-0.01) > 0.001 {
			t.Errorf("comparison %d: discounted u of agreement %.5f, want 0.01", c, u[c][0])
		}
	}
	if math.Abs(share-0.05) > 0.005 {
		t.Errorf("share of matches among the random pairs %.4f, want 0.05", share)
	}
	rare := mixtureCounts(1e6, 1e-6, 0.9, 0.01)
	raw = rare.U()
	u, _ = discountU(m, rare, 1e-6)
	for c := range u {
		if math.Abs(u[c][0]-raw[c][0]) > 0.001*raw[c][0] {
			t.Errorf("comparison %d: rare matches moved u from %.6f to %.6f", c, raw[c][0], u[c][0])
		}
	}
}

// TestFitEMFreeU: within a training round the non-matches are not random
// pairs (namesakes in a names round share a region far more often than
// two random records). With u held at the random-pair estimate EM takes
// them for matches; with u free in the round it recovers m.
func TestFitEMFreeU(t *testing.T) {
	const mAgree, uRound, uRandom, lambda = 0.9, 0.3, 0.01, 0.1
	counts := mixtureCounts(1e5, lambda, mAgree, uRound)
	pats, _ := patterns(counts.pats)
	fit := func(free bool) *Model {
		m := &Model{M: make([][]float64, 3), U: make([][]float64, 3)}
		for c := range m.M {
			m.M[c] = make([]float64, 2)
			m.U[c] = []float64{uRandom, 1 - uRandom}
		}
		fitEM(m, pats, emOptions{MaxIter: 500, Tol: 1e-9, FreeU: free})
		return m
	}
	held, free := fit(false), fit(true)
	for c := range 3 {
		if math.Abs(free.M[c][0]-mAgree) > 0.02 {
			t.Errorf("u free: m of agreement %.3f, want %.2f", free.M[c][0], mAgree)
		}
		if math.Abs(held.M[c][0]-mAgree) < 0.1 {
			t.Errorf("u held: m of agreement %.3f is close to %.2f; the test no longer shows the bias", held.M[c][0], mAgree)
		}
	}
	if math.Abs(free.Lambda-lambda) > 0.02 {
		t.Errorf("u free: share of matches %.3f, want %.2f", free.Lambda, lambda)
	}
}
