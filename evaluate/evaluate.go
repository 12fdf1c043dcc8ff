// Package evaluate scores a doppel crosswalk (record -> golden id) against a
// ground-truth partition (record -> entity).
//
// Two families of metrics are reported, both computed from the contingency
// table of (true entity, predicted cluster) cell counts, so the cost is
// O(n log n) in the number of records and never enumerates record pairs:
//
//   - pair metrics over unordered record pairs: a pair is a true pair when
//     both records have the same entity, a predicted pair when both have the
//     same golden id, and a true positive when both hold;
//   - B-cubed metrics: per-record precision |C∩E|/|C| and recall |C∩E|/|E|
//     (C the record's predicted cluster, E its true entity), averaged over
//     all records.
//
// The universe is the set of truth records. Truth records absent from the
// crosswalk count as singleton clusters; crosswalk rows unknown to the truth
// are ignored. Both are reported so that a silent join failure is visible.
//
// The functions of this package have no shared state and are safe for
// concurrent use.
package evaluate

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Metrics are the accuracy figures of one crosswalk against one truth.
type Metrics struct {
	Records      int // crosswalk rows scored (their key is in the truth; first row per key)
	Rows         int // crosswalk rows
	TruthRecords int // records in the truth: the universe of the metrics
	Missing      int // truth records absent from the crosswalk (counted as singletons)
	Extra        int // crosswalk rows whose key is not in the truth (ignored)
	Duplicates   int // crosswalk rows repeating a key already seen (ignored)

	TruePairs      int64 // unordered pairs of records with the same entity
	PredictedPairs int64 // unordered pairs of records with the same golden id
	TP             int64 // pairs that are both

	PairPrecision, PairRecall, PairF1       float64
	BCubedPrecision, BCubedRecall, BCubedF1 float64

	TrueClusters      int // distinct entities (singletons included)
	PredictedClusters int // distinct predicted clusters over the universe (missing records count one each)
}

// Score compares the crosswalk xw with the truth.
//
// Join: if any truth key contains KeySep (the truth file had a source
// column), a crosswalk row is looked up as Source+KeySep+ID, otherwise by
// ID alone. When the crosswalk holds a key more than once, the first row
// counts and the others are reported as Duplicates.
//
// Conventions for empty denominators: pair precision is 1 when there are no
// predicted pairs and pair recall is 1 when there are no true pairs (nothing
// was wrongly merged, nothing was missed); with an empty truth every metric
// is 0. F1 is the harmonic mean, 0 when both precision and recall are 0.
func Score(truth map[string]string, xw []Assignment) Metrics {
	m := Metrics{TruthRecords: len(truth), Rows: len(xw)}
	if len(truth) == 0 {
		m.Extra = len(xw)
		return m
	}
	withSource := false
	for k := range truth {
		if strings.Contains(k, KeySep) {
			withSource = true
			break
		}
	}

	// Index truth records and intern entity labels. Record order follows
	// map iteration, which is harmless: every result is a sum over records.
	n := len(truth)
	recOf := make(map[string]int32, n)
	ent := make([]int32, n)
	entIdx := make(map[string]int32, n)
	var entSize []int64
	i := int32(0)
	for k, e := range truth {
		recOf[k] = i
		ei, ok := entIdx[e]
		if !ok {
			ei = int32(len(entSize))
			entIdx[e] = ei
			entSize = append(entSize, 0)
		}
		ent[i] = ei
		entSize[ei]++
		i++
	}
	entIdx = nil

	// Assign predicted cluster indexes.
	pred := make([]int32, n)
	for j := range pred {
		pred[j] = -1
	}
	goldIdx := make(map[string]int32, min(n, len(xw)))
	var predSize []int64
	var key []byte
	for _, a := range xw {
		var r int32
		var ok bool
		if withSource {
			key = append(key[:0], a.Source...)
			key = append(key, KeySep...)
			key = append(key, a.ID...)
			r, ok = recOf[string(key)]
		} else {
			r, ok = recOf[a.ID]
		}
		if !ok {
			m.Extra++
			continue
		}
		if pred[r] >= 0 {
			m.Duplicates++
			continue
		}
		g, ok := goldIdx[a.Golden]
		if !ok {
			g = int32(len(predSize))
			goldIdx[a.Golden] = g
			predSize = append(predSize, 0)
		}
		pred[r] = g
		predSize[g]++
		m.Records++
	}
	goldIdx, recOf = nil, nil
	for r := range pred {
		if pred[r] < 0 {
			m.Missing++
			pred[r] = int32(len(predSize))
			predSize = append(predSize, 1)
		}
	}
	m.TrueClusters = len(entSize)
	m.PredictedClusters = len(predSize)

	// Contingency cells: sort (entity, cluster) codes and count runs.
	cells := make([]uint64, n)
	for r := range cells {
		cells[r] = uint64(uint32(ent[r]))<<32 | uint64(uint32(pred[r]))
	}
	ent, pred = nil, nil
	slices.Sort(cells)
	var bcP, bcR float64
	for s := 0; s < len(cells); {
		e := s + 1
		for e < len(cells) && cells[e] == cells[s] {
			e++
		}
		c := int64(e - s)
		ei, gi := cells[s]>>32, cells[s]&0xffffffff
		m.TP += c * (c - 1) / 2
		bcP += float64(c*c) / float64(predSize[gi])
		bcR += float64(c*c) / float64(entSize[ei])
		s = e
	}
	for _, s := range entSize {
		m.TruePairs += s * (s - 1) / 2
	}
	for _, s := range predSize {
		m.PredictedPairs += s * (s - 1) / 2
	}

	m.PairPrecision, m.PairRecall = 1, 1
	if m.PredictedPairs > 0 {
		m.PairPrecision = float64(m.TP) / float64(m.PredictedPairs)
	}
	if m.TruePairs > 0 {
		m.PairRecall = float64(m.TP) / float64(m.TruePairs)
	}
	m.PairF1 = f1(m.PairPrecision, m.PairRecall)
	m.BCubedPrecision = bcP / float64(n)
	m.BCubedRecall = bcR / float64(n)
	m.BCubedF1 = f1(m.BCubedPrecision, m.BCubedRecall)
	return m
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// ErrNoOverlap and ErrSmallOverlap are wrapped by the errors of
// CheckOverlap.
var (
	ErrNoOverlap    = errors.New("the crosswalk and the truth share no record")
	ErrSmallOverlap = errors.New("the crosswalk and the truth share few records")
)

// MinOverlap is the smallest share of either side's records that must be
// scored unless a partial evaluation is asked for.
const MinOverlap = 0.5

// CheckOverlap fails when no record of the crosswalk is in the truth (the
// metrics would be those of an empty join: a mismatched file, or ids
// written differently), or, unless partial is set, when fewer than
// MinOverlap of the truth records or of the crosswalk rows were scored.
func (m Metrics) CheckOverlap(partial bool) error {
	if m.Records == 0 {
		return fmt.Errorf("%w (%d truth records, %d crosswalk rows): check that both name records the same way (source column, ids)", ErrNoOverlap, m.TruthRecords, m.Rows)
	}
	if partial {
		return nil
	}
	if t, x := share(m.Records, m.TruthRecords), share(m.Records, m.Rows); t < MinOverlap || x < MinOverlap {
		return fmt.Errorf("%w: %d scored, %.1f%% of %d truth records and %.1f%% of %d crosswalk rows (--partial scores them anyway)",
			ErrSmallOverlap, m.Records, 100*t, m.TruthRecords, 100*x, m.Rows)
	}
	return nil
}

// share is n/of, 0 for an empty side.
func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// WriteCounts writes how many records of each side were scored, missing
// or ignored, as an aligned table.
func (m Metrics) WriteCounts(w io.Writer) error {
	return writeRows(w, m.countRows())
}

type row struct{ k, v string }

// writeRows writes rows as an aligned two-column table.
func writeRows(w io.Writer, rows []row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		if _, err := fmt.Fprintf(tw, "%s\t%s\n", r.k, r.v); err != nil {
			return fmt.Errorf("write metrics: %w", err)
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	return nil
}

// countRows are the rows of WriteCounts.
func (m Metrics) countRows() []row {
	return []row{
		{"truth records", fmt.Sprint(m.TruthRecords)},
		{"crosswalk rows", fmt.Sprint(m.Rows)},
		{"crosswalk records scored", fmt.Sprintf("%d (%.1f%% of the truth, %.1f%% of the crosswalk)", m.Records, 100*share(m.Records, m.TruthRecords), 100*share(m.Records, m.Rows))},
		{"missing from crosswalk", fmt.Sprintf("%d (counted as singletons)", m.Missing)},
		{"not in truth", fmt.Sprintf("%d (ignored)", m.Extra)},
		{"repeated in crosswalk", fmt.Sprintf("%d (ignored)", m.Duplicates)},
	}
}

// WriteText writes the counts (WriteCounts) and the metrics as an aligned,
// human-readable table.
func (m Metrics) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	rows := append(m.countRows(), []row{
		{"true clusters", fmt.Sprint(m.TrueClusters)},
		{"predicted clusters", fmt.Sprint(m.PredictedClusters)},
		{"true pairs", fmt.Sprint(m.TruePairs)},
		{"predicted pairs", fmt.Sprint(m.PredictedPairs)},
		{"true positive pairs", fmt.Sprint(m.TP)},
	}...)
	for _, r := range rows {
		if _, err := fmt.Fprintf(tw, "%s\t%s\n", r.k, r.v); err != nil {
			return fmt.Errorf("write metrics: %w", err)
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	if _, err := fmt.Fprintf(tw, "\nmetric\tprecision\trecall\tF1\n"+
		"pair\t%.4f\t%.4f\t%.4f\n"+
		"B-cubed\t%.4f\t%.4f\t%.4f\n",
		m.PairPrecision, m.PairRecall, m.PairF1,
		m.BCubedPrecision, m.BCubedRecall, m.BCubedF1); err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	return nil
}
