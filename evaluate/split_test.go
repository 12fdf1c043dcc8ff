package evaluate

import (
	"strings"
	"testing"
)

// splitInput is a hand-made truth, crosswalk and cases whose split counts are
// worked out in TestScoreSplit.
//
//	record  entity  cluster  case
//	a/1     E1      G1       household H1
//	a/2     E1      G1       household H1
//	a/3     E2      G1       household H1
//	a/4     E4      (none)   household H9
//	b/1     E1      G2       none
//	b/2     E2      G2       twins T
//	b/3     E3      G2       twins T
//	b/9     -       G2       (not in truth: ignored)
const (
	splitTruth = "source,id,entity\na,1,E1\na,2,E1\na,3,E2\na,4,E4\nb,1,E1\nb,2,E2\nb,3,E3\n"
	splitXW    = "source,record_id,golden_id\na,1,G1\na,2,G1\nb,1,G2\na,3,G1\nb,2,G2\nb,3,G2\nb,9,G2\n"
	splitCases = "source,id,kind,group\na,1,household,H1\na,2,household,H1\na,3,household,H1\na,4,household,H9\nb,1,none,\nb,2,twins,T\nb,3,twins,T\n"
)

func TestScoreSplit(t *testing.T) {
	truth, err := DecodeTruth(strings.NewReader(splitTruth))
	if err != nil {
		t.Fatal(err)
	}
	xw, err := DecodeCrosswalk(strings.NewReader(splitXW))
	if err != nil {
		t.Fatal(err)
	}
	cases, err := DecodeCases(strings.NewReader(splitCases))
	if err != nil {
		t.Fatal(err)
	}
	sp := ScoreSplit(truth, xw, cases)

	// True pairs: E1 = {a1,a2,b1}: a-a 1, a-b 2; E2 = {a3,b2}: a-b 1.
	// Predicted: G1 = {a1,a2,a3}: a-a 3; G2 = {b1,b2,b3}: b-b 3.
	// Correct: a1-a2 only (a-a).
	pairs := []struct {
		name string
		got  PairScore
		want PairScore
	}{
		{"within", sp.Within, PairScore{TruePairs: 1, PredictedPairs: 6, TP: 1, Precision: 1.0 / 6, Recall: 1, F1: 2.0 / 7}},
		{"across", sp.Across, PairScore{TruePairs: 3, PredictedPairs: 0, TP: 0, Precision: 1, Recall: 0, F1: 0}},
	}
	for _, p := range pairs {
		if !samePairScore(p.got, p.want) {
			t.Errorf("%s: got %+v, want %+v", p.name, p.got, p.want)
		}
	}
	wantPairs := []SourcePair{
		{A: "a", B: "a", PairScore: PairScore{TruePairs: 1, PredictedPairs: 3, TP: 1}},
		{A: "a", B: "b", PairScore: PairScore{TruePairs: 3}},
		{A: "b", B: "b", PairScore: PairScore{PredictedPairs: 3}},
	}
	if len(sp.Pairs) != len(wantPairs) {
		t.Fatalf("source pairs %+v", sp.Pairs)
	}
	for i, w := range wantPairs {
		g := sp.Pairs[i]
		if g.A != w.A || g.B != w.B || g.TruePairs != w.TruePairs || g.PredictedPairs != w.PredictedPairs || g.TP != w.TP {
			t.Errorf("source pair %d: got %+v, want %+v", i, g, w)
		}
	}

	// household: true pair a1-a2, found; false pairs in G1 of group H1:
	// a1-a3, a2-a3 (a4 is in another group and cluster). twins: b2-b3 false.
	// All false pairs: 6 predicted - 1 correct = 5; the other 2 (b1-b2,
	// b1-b3) mix kinds.
	wantKinds := []KindScore{
		{Kind: "household", Records: 4, TruePairs: 1, Missed: 0, FalsePairs: 2},
		{Kind: "none", Records: 1},
		{Kind: "twins", Records: 2, FalsePairs: 1},
	}
	if len(sp.Kinds) != len(wantKinds) {
		t.Fatalf("kinds %+v", sp.Kinds)
	}
	for i, w := range wantKinds {
		if sp.Kinds[i] != w {
			t.Errorf("kind %d: got %+v, want %+v", i, sp.Kinds[i], w)
		}
	}
	if sp.MixedFalsePairs != 2 {
		t.Errorf("mixed false pairs %d, want 2", sp.MixedFalsePairs)
	}

	var b strings.Builder
	if err := sp.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"within one source", "across sources", "a - b", "household", "(across kinds or groups)"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("text lacks %q:\n%s", s, b.String())
		}
	}
}

// TestScoreSplitMissedAndNoCases: a true pair split over two clusters is
// missed for its kind; records absent from the cases get NoCase; without
// cases there are no kinds.
func TestScoreSplitMissedAndNoCases(t *testing.T) {
	truth := map[string]string{"s\x001": "E", "s\x002": "E", "t\x001": "E", "t\x002": "F"}
	xw := []Assignment{{"s", "1", "G1"}, {"s", "2", "G2"}, {"t", "1", "G1"}, {"t", "2", "G1"}}
	cases := map[string]Case{"s\x001": {"mover", ""}, "s\x002": {"mover", ""}, "t\x001": {"mover", ""}}
	sp := ScoreSplit(truth, xw, cases)
	want := []KindScore{
		{Kind: NoCase, Records: 1},
		{Kind: "mover", Records: 3, TruePairs: 3, Missed: 2},
	}
	if len(sp.Kinds) != 2 || sp.Kinds[0] != want[0] || sp.Kinds[1] != want[1] {
		t.Errorf("kinds %+v, want %+v", sp.Kinds, want)
	}
	// G1 = {s1, t1, t2}: s1-t1 correct, s1-t2 and t1-t2 false across kinds.
	if sp.MixedFalsePairs != 2 || sp.Across.TP != 1 || sp.Across.PredictedPairs != 2 || sp.Within.TruePairs != 1 {
		t.Errorf("split %+v", sp)
	}
	if sp := ScoreSplit(truth, xw, nil); sp.Kinds != nil {
		t.Errorf("kinds without cases: %+v", sp.Kinds)
	}
}

func TestDecodeCasesErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"source,id\na,1\n", `lacks column "kind"`},
		{"id,kind\n,household\n", "line 2: empty id"},
		{"source,id,kind\na,1,x\na,1,y\n", `line 3: repeated id "a/1"`},
	} {
		if _, err := DecodeCases(strings.NewReader(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("DecodeCases(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

func samePairScore(a, b PairScore) bool {
	eq := func(x, y float64) bool { return x-y < 1e-9 && y-x < 1e-9 }
	return a.TruePairs == b.TruePairs && a.PredictedPairs == b.PredictedPairs && a.TP == b.TP &&
		eq(a.Precision, b.Precision) && eq(a.Recall, b.Recall) && eq(a.F1, b.F1)
}
