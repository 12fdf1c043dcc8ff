package evaluate

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// part builds a truth map and a crosswalk from two partitions written as
// "abc|d": letters are record ids, "|" separates clusters.
func part(truth, predicted string) (map[string]string, []Assignment) {
	t := make(map[string]string)
	for i, c := range strings.Split(truth, "|") {
		for _, id := range c {
			t[string(id)] = fmt.Sprintf("E%d", i)
		}
	}
	var xw []Assignment
	for i, c := range strings.Split(predicted, "|") {
		for _, id := range c {
			xw = append(xw, Assignment{Source: "s", ID: string(id), Golden: fmt.Sprintf("G%d", i)})
		}
	}
	return t, xw
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestScore(t *testing.T) {
	tests := []struct {
		name, truth, pred    string
		truePairs, predP, tp int64
		pp, pr, pf           float64
		bp, br, bf           float64
		trueCl, predCl       int
	}{
		{
			// pairs: true ab ac bc, predicted ab cd, tp ab.
			// B3 precision a,b:2/2 c,d:1/2 -> 3/4; recall a,b:2/3 c:1/3 d:1 -> 2/3.
			name: "split and wrong merge", truth: "abc|d", pred: "ab|cd",
			truePairs: 3, predP: 2, tp: 1,
			pp: 0.5, pr: 1.0 / 3, pf: 0.4,
			bp: 0.75, br: 2.0 / 3, bf: 12.0 / 17,
			trueCl: 2, predCl: 2,
		},
		{
			name: "perfect", truth: "abc|de|f", pred: "f|ed|bca",
			truePairs: 4, predP: 4, tp: 4,
			pp: 1, pr: 1, pf: 1, bp: 1, br: 1, bf: 1, trueCl: 3, predCl: 3,
		},
		{
			// no predicted pairs: precision vacuously 1, recall 0.
			// B3 recall: a,b,c 1/3, d,e 1/2, f 1 -> (1+1+1)/6.
			name: "all singletons", truth: "abc|de|f", pred: "a|b|c|d|e|f",
			truePairs: 4, predP: 0, tp: 0,
			pp: 1, pr: 0, pf: 0, bp: 1, br: 0.5, bf: 2 * 0.5 / 1.5, trueCl: 3, predCl: 6,
		},
		{
			// everything merged: 15 predicted pairs, 4 true.
			// B3 precision: a,b,c 3/6, d,e 2/6, f 1/6 -> (9+4+1)/36.
			name: "one big cluster", truth: "abc|de|f", pred: "abcdef",
			truePairs: 4, predP: 15, tp: 4,
			pp: 4.0 / 15, pr: 1, pf: 2 * (4.0 / 15) / (1 + 4.0/15),
			bp: 14.0 / 36, br: 1, bf: 2 * (14.0 / 36) / (1 + 14.0/36), trueCl: 3, predCl: 1,
		},
		{
			name: "truth all singletons, perfect", truth: "a|b|c", pred: "a|b|c",
			pp: 1, pr: 1, pf: 1, bp: 1, br: 1, bf: 1, trueCl: 3, predCl: 3,
		},
		{
			// cells (E0,G0)=2 (E0,G1)=2 (E1,G1)=1: tp 1+1, true 6, predicted 1+3.
			// B3 precision: a,b 1; c,d 2/3; e 1/3 -> (2+4/3+1/3)/5 = 11/15.
			// B3 recall: a,b,c,d 2/4; e 1 -> 3/5.
			name: "mixed", truth: "abcd|e", pred: "ab|cde",
			truePairs: 6, predP: 4, tp: 2,
			pp: 0.5, pr: 1.0 / 3, pf: 0.4,
			bp: 11.0 / 15, br: 0.6, bf: 2 * (11.0 / 15) * 0.6 / (11.0/15 + 0.6), trueCl: 2, predCl: 2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			truth, xw := part(tc.truth, tc.pred)
			m := Score(truth, xw)
			if m.TruePairs != tc.truePairs || m.PredictedPairs != tc.predP || m.TP != tc.tp {
				t.Errorf("pairs true/pred/tp = %d/%d/%d, want %d/%d/%d", m.TruePairs, m.PredictedPairs, m.TP, tc.truePairs, tc.predP, tc.tp)
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{
				{"pair P", m.PairPrecision, tc.pp}, {"pair R", m.PairRecall, tc.pr}, {"pair F1", m.PairF1, tc.pf},
				{"B3 P", m.BCubedPrecision, tc.bp}, {"B3 R", m.BCubedRecall, tc.br}, {"B3 F1", m.BCubedF1, tc.bf},
			} {
				if !near(c.got, c.want) {
					t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
				}
			}
			if m.TrueClusters != tc.trueCl || m.PredictedClusters != tc.predCl {
				t.Errorf("clusters true/pred = %d/%d, want %d/%d", m.TrueClusters, m.PredictedClusters, tc.trueCl, tc.predCl)
			}
			if m.Records != len(truth) || m.TruthRecords != len(truth) || m.Missing != 0 || m.Extra != 0 {
				t.Errorf("counts %+v", m)
			}
		})
	}
}

func TestScoreMissingExtraDuplicate(t *testing.T) {
	truth, _ := part("abc|d", "")
	xw := []Assignment{
		{ID: "a", Golden: "G1"},
		{ID: "b", Golden: "G1"},
		{ID: "x", Golden: "G1"}, // not in truth: must not create a predicted pair
		{ID: "y", Golden: "G2"},
		{ID: "a", Golden: "G2"}, // repeat: ignored
		// c and d missing: singletons
	}
	m := Score(truth, xw)
	if m.Records != 2 || m.Missing != 2 || m.Extra != 2 || m.Duplicates != 1 || m.TruthRecords != 4 {
		t.Fatalf("counts: %+v", m)
	}
	// predicted {a,b}{c}{d}: 1 predicted pair, tp 1, true pairs 3.
	if m.PredictedPairs != 1 || m.TP != 1 || m.TruePairs != 3 || m.PredictedClusters != 3 {
		t.Fatalf("pairs: %+v", m)
	}
	if !near(m.PairPrecision, 1) || !near(m.PairRecall, 1.0/3) {
		t.Errorf("pair P/R = %v/%v", m.PairPrecision, m.PairRecall)
	}
	// B3 recall: a,b 2/3; c 1/3; d 1 -> (2/3+2/3+1/3+1)/4.
	if !near(m.BCubedPrecision, 1) || !near(m.BCubedRecall, (8.0/3)/4) {
		t.Errorf("B3 P/R = %v/%v", m.BCubedPrecision, m.BCubedRecall)
	}
}

func TestScoreEmpty(t *testing.T) {
	m := Score(map[string]string{}, []Assignment{{ID: "a", Golden: "g"}})
	if m.Extra != 1 || m.PairF1 != 0 || m.BCubedF1 != 0 {
		t.Errorf("empty truth: %+v", m)
	}
	m = Score(map[string]string{"a": "1", "b": "1"}, nil)
	if m.Missing != 2 || m.PairRecall != 0 || m.PairPrecision != 1 || !near(m.BCubedRecall, 0.5) {
		t.Errorf("empty crosswalk: %+v", m)
	}
}

func TestSourceColumn(t *testing.T) {
	dir := t.TempDir()
	tp := filepath.Join(dir, "truth.csv")
	// Same id "1" in two sources, different entities; BOM and extra column.
	if err := os.WriteFile(tp, []byte("\ufeffsource,id,entity,note\ncrm,1,E1,x\nbilling,1,E2,\nbilling,2,E1,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	xp := filepath.Join(dir, "crosswalk.csv")
	if err := os.WriteFile(xp, []byte("golden_id,source,record_id,score\ng1,crm,1,0.9\ng1,billing,2,0.9\ng2,billing,1,1\ng2,web,1,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	truth, err := ReadTruth(tp)
	if err != nil {
		t.Fatal(err)
	}
	if len(truth) != 3 || truth["crm"+KeySep+"1"] != "E1" || truth["billing"+KeySep+"1"] != "E2" {
		t.Fatalf("truth = %q", truth)
	}
	xw, err := ReadCrosswalk(xp)
	if err != nil {
		t.Fatal(err)
	}
	if len(xw) != 4 || xw[0] != (Assignment{"crm", "1", "g1"}) {
		t.Fatalf("crosswalk = %+v", xw)
	}
	m := Score(truth, xw)
	if m.Records != 3 || m.Extra != 1 || m.Missing != 0 || m.TP != 1 || m.PairF1 != 1 || m.BCubedF1 != 1 {
		t.Errorf("metrics: %+v", m)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "no header"},
		{"no entity", "id,cluster\n1,a\n", `lacks column "entity"`},
		{"repeated", "id,entity\n1,a\n2,a\n1,b\n", `line 4: repeated id "1"`},
		{"repeated with source", "source,id,entity\ns,1,a\ns,1,b\n", `repeated id "s/1"`},
		{"empty id", "id,entity\n,a\n", "empty id"},
		{"ragged", "id,entity\n1,a,x\n", "wrong number of fields"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeTruth(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := DecodeCrosswalk(strings.NewReader("source,id,golden\n")); err == nil {
		t.Error("crosswalk without record_id accepted")
	}
	if _, err := ReadTruth(filepath.Join(t.TempDir(), "nope.csv")); err == nil || !strings.Contains(err.Error(), "truth file: open ") {
		t.Errorf("missing file: %v", err)
	}
}

func TestWriteText(t *testing.T) {
	truth, xw := part("abc|d", "ab|cd")
	var b bytes.Buffer
	if err := Score(truth, xw).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"pair     0.5000     0.3333  0.4000", "B-cubed", "true pairs", "3"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("id,entity\n1,a\n2,a\n")
	f.Add("source,id,entity\ns,1,a\n")
	f.Add("\ufeffrecord_id,golden_id\n1,g\n")
	f.Add("id,entity\n\"1,a\n")
	f.Fuzz(func(t *testing.T, in string) {
		truth, _ := DecodeTruth(strings.NewReader(in))
		xw, _ := DecodeCrosswalk(strings.NewReader(in))
		m := Score(truth, xw)
		for _, v := range []float64{m.PairPrecision, m.PairRecall, m.PairF1, m.BCubedPrecision, m.BCubedRecall, m.BCubedF1} {
			if math.IsNaN(v) || v < 0 || v > 1+1e-9 {
				t.Fatalf("metric out of range: %+v", m)
			}
		}
		if m.TP > m.TruePairs || m.TP > m.PredictedPairs {
			t.Fatalf("TP exceeds totals: %+v", m)
		}
		if m.Records+m.Missing != m.TruthRecords {
			t.Fatalf("records do not add up: %+v", m)
		}
	})
}

// BenchmarkScore1M scores one million assignments (about 600k entities,
// a prediction with 5% of records moved to wrong clusters).
func BenchmarkScore1M(b *testing.B) {
	const n = 1_000_000
	truth := make(map[string]string, n)
	xw := make([]Assignment, 0, n)
	x := uint64(42)
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		id := fmt.Sprintf("r%d", i)
		e := i * 6 / 10
		truth[id] = fmt.Sprintf("e%d", e)
		g := e
		if x%20 == 0 {
			g = int(x % (n * 6 / 10))
		}
		xw = append(xw, Assignment{Source: "s", ID: id, Golden: fmt.Sprintf("g%d", g)})
	}
	b.ResetTimer()
	for b.Loop() {
		m := Score(truth, xw)
		if m.Records != n {
			b.Fatal(m.Records)
		}
	}
}

// TestCheckOverlap: no shared record is always an error; a small overlap
// is one unless partial.
func TestCheckOverlap(t *testing.T) {
	truth := map[string]string{"1": "a", "2": "a", "3": "b", "4": "b"}
	for _, tc := range []struct {
		name    string
		ids     []string
		partial bool
		want    error
	}{
		{"none", []string{"x", "y"}, false, ErrNoOverlap},
		{"none partial", []string{"x", "y"}, true, ErrNoOverlap},
		{"empty crosswalk", nil, true, ErrNoOverlap},
		{"quarter of the truth", []string{"1"}, false, ErrSmallOverlap},
		{"quarter partial", []string{"1"}, true, nil},
		{"few of the crosswalk", []string{"1", "2", "3", "x", "y", "z", "w"}, false, ErrSmallOverlap},
		{"half", []string{"1", "2"}, false, nil},
		{"all", []string{"1", "2", "3", "4"}, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var xw []Assignment
			for _, id := range tc.ids {
				xw = append(xw, Assignment{ID: id, Golden: "g" + id})
			}
			err := Score(truth, xw).CheckOverlap(tc.partial)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("CheckOverlap = %v, want %v", err, tc.want)
			}
		})
	}
}
