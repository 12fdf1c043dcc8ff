package evaluate

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// ReadHouseholds reads a household truth such as doppel-synth -hard writes
// (households.csv): a header with the columns id and household and,
// optionally, source. Keys are built as in ReadTruth; values are household
// labels.
func ReadHouseholds(path string) (map[string]string, error) {
	return readFile(path, "households file", func(r io.Reader) (map[string]string, error) { return decodeLabels(r, "household") })
}

// ReadGoldenHouseholds reads the household of every golden record from a
// golden.csv with the columns golden_id and household_id.
func ReadGoldenHouseholds(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("golden file: %w", err)
	}
	defer f.Close()
	cr, cols, err := openCSV(f, []string{"golden_id", "household_id"}, nil)
	if err != nil {
		return nil, fmt.Errorf("golden file %s: %w", path, err)
	}
	out := make(map[string]string)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("golden file %s: %w", path, err)
		}
		out[rec[cols[0]]] = rec[cols[1]]
	}
}

// decodeLabels reads id (optionally source) and the label column col, as
// DecodeTruth does for entity.
func decodeLabels(r io.Reader, col string) (map[string]string, error) {
	cr, cols, err := openCSV(r, []string{"id", col}, []string{"source"})
	if err != nil {
		return nil, err
	}
	idCol, labCol, srcCol := cols[0], cols[1], cols[2]
	out := make(map[string]string)
	var key []byte
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if rec[idCol] == "" {
			return nil, fmt.Errorf("line %d: empty id", line)
		}
		key = key[:0]
		if srcCol >= 0 {
			key = append(key, rec[srcCol]...)
			key = append(key, KeySep...)
		}
		key = append(key, rec[idCol]...)
		if _, dup := out[string(key)]; dup {
			return nil, fmt.Errorf("line %d: repeated id %q", line, displayKey(string(key)))
		}
		out[string(key)] = rec[labCol]
	}
}

// HouseholdScore is the accuracy of predicted households against a
// household truth.
type HouseholdScore struct {
	// Metrics are the pair and B-cubed figures of the household partition
	// of the records (a record's predicted household is that of its golden
	// record; a golden record without one is a household of its own).
	Metrics
	TrueHouseholds int // households of the truth with two or more people
	Found          int // of those: one predicted household holds all their records and nothing else
	Scattered      int // of those: their records are in more than one predicted household
}

// ScoreHouseholds scores predicted households: households maps a truth key
// to its true household, entities to its true entity (to tell households of
// several people), xw is the crosswalk and goldenHousehold the household of
// each golden id.
func ScoreHouseholds(households, entities map[string]string, xw []Assignment, goldenHousehold map[string]string) HouseholdScore {
	hx := make([]Assignment, len(xw))
	for i, a := range xw {
		hx[i] = a
		if h := goldenHousehold[a.Golden]; h != "" {
			hx[i].Golden = "h\x00" + h
		} else {
			hx[i].Golden = "g\x00" + a.Golden
		}
	}
	s := HouseholdScore{Metrics: Score(households, hx)}

	// Predicted household per truth key (first crosswalk row wins, as in
	// Score); a key absent from the crosswalk is a household of its own.
	withSource := false
	for k := range households {
		if strings.Contains(k, KeySep) {
			withSource = true
			break
		}
	}
	pred := make(map[string]string, len(households))
	for _, a := range hx {
		k := a.ID
		if withSource {
			k = a.Source + KeySep + a.ID
		}
		if _, ok := households[k]; !ok {
			continue
		}
		if _, seen := pred[k]; !seen {
			pred[k] = a.Golden
		}
	}
	type hh struct {
		records  int
		entities map[string]bool
		pred     map[string]bool
	}
	truthHH := map[string]*hh{}
	predSize := map[string]int{}
	for k, h := range households {
		t := truthHH[h]
		if t == nil {
			t = &hh{entities: map[string]bool{}, pred: map[string]bool{}}
			truthHH[h] = t
		}
		t.records++
		t.entities[entities[k]] = true
		p, ok := pred[k]
		if !ok {
			p = "m\x00" + k
		}
		t.pred[p] = true
		predSize[p]++
	}
	for _, t := range truthHH {
		if len(t.entities) < 2 {
			continue
		}
		s.TrueHouseholds++
		switch {
		case len(t.pred) > 1:
			s.Scattered++
		default:
			for p := range t.pred {
				if predSize[p] == t.records {
					s.Found++
				}
			}
		}
	}
	return s
}

// WriteText writes the household figures.
func (s HouseholdScore) WriteText(w io.Writer) error {
	rows := [][]string{
		{"households of two or more people (truth)", fmt.Sprint(s.TrueHouseholds)},
		{"found exactly", fmt.Sprint(s.Found)},
		{"scattered over several predicted households", fmt.Sprint(s.Scattered)},
		{"household pair precision / recall / F1", fmt.Sprintf("%.4f / %.4f / %.4f", s.PairPrecision, s.PairRecall, s.PairF1)},
		{"household B-cubed precision / recall / F1", fmt.Sprintf("%.4f / %.4f / %.4f", s.BCubedPrecision, s.BCubedRecall, s.BCubedF1)},
	}
	return writeTable(w, rows)
}
