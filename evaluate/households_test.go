package evaluate

import (
	"strings"
	"testing"
)

func TestScoreHouseholds(t *testing.T) {
	// H1 = Anna (a/1, b/1) and Ben (a/2): one household of two people.
	// H2 = Carl (a/3) and Dora (a/4). H3 = Emil alone (a/5), H4 = Fritz
	// alone with two records (a/6, a/7).
	const (
		house = "source,id,household\na,1,H1\na,2,H1\nb,1,H1\na,3,H2\na,4,H2\na,5,H3\na,6,H4\na,7,H4\n"
		truth = "source,id,entity\na,1,E1\na,2,E2\nb,1,E1\na,3,E3\na,4,E4\na,5,E5\na,6,E6\na,7,E6\n"
		xw    = "source,record_id,golden_id\na,1,G1\nb,1,G1\na,2,G2\na,3,G3\na,4,G4\na,5,G5\na,6,G6\na,7,G6\n"
	)
	hh, err := decodeLabels(strings.NewReader(house), "household")
	if err != nil {
		t.Fatal(err)
	}
	ents, err := DecodeTruth(strings.NewReader(truth))
	if err != nil {
		t.Fatal(err)
	}
	cross, err := DecodeCrosswalk(strings.NewReader(xw))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name             string
		golden           map[string]string
		found, scattered int
		predPairs, tp    int64
	}{
		// X = {a1, b1, a2} is H1 exactly; H2 is split over Y and Z; Y also
		// holds Emil. G6 has no household: a household of its own.
		{"found", map[string]string{"G1": "X", "G2": "X", "G3": "Y", "G4": "Z", "G5": "Y"}, 1, 1, 5, 4},
		// Emil put into X too: H1 is no longer found exactly.
		{"overmerged", map[string]string{"G1": "X", "G2": "X", "G3": "Y", "G4": "Z", "G5": "X"}, 0, 1, 7, 4},
		// No households at all: every golden record alone.
		{"none", nil, 0, 2, 2, 2},
	} {
		s := ScoreHouseholds(hh, ents, cross, tc.golden)
		if s.TrueHouseholds != 2 || s.Found != tc.found || s.Scattered != tc.scattered {
			t.Errorf("%s: households %d found %d scattered %d, want 2 %d %d", tc.name, s.TrueHouseholds, s.Found, s.Scattered, tc.found, tc.scattered)
		}
		if s.TruePairs != 5 || s.PredictedPairs != tc.predPairs || s.TP != tc.tp {
			t.Errorf("%s: pairs true %d predicted %d tp %d, want 5 %d %d", tc.name, s.TruePairs, s.PredictedPairs, s.TP, tc.predPairs, tc.tp)
		}
	}
	var b strings.Builder
	if err := ScoreHouseholds(hh, ents, cross, nil).WriteText(&b); err != nil || !strings.Contains(b.String(), "found exactly") {
		t.Errorf("text %q, %v", b.String(), err)
	}
}
