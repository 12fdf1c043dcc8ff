package evaluate

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Case is the hard-case label of a truth record, as doppel-synth -hard writes
// it to cases.csv: the kind ("household", "twins", ...; "none" for an
// ordinary record) and a group. Records of one kind and group are hard
// negatives of each other (the members of one household, the colleagues at
// one company): a wrongly merged pair of two such records is counted for
// the kind.
type Case struct{ Kind, Group string }

// ReadCases reads a cases file: a header with the columns id and kind and,
// optionally, source and group (any order, other columns ignored). Keys are
// built as in ReadTruth, so a cases file with a source column goes with a
// truth file with one.
func ReadCases(path string) (map[string]Case, error) {
	return readFile(path, "cases file", DecodeCases)
}

// DecodeCases is ReadCases on a stream; see ReadCases for the format.
func DecodeCases(r io.Reader) (map[string]Case, error) {
	cr, cols, err := openCSV(r, []string{"id", "kind"}, []string{"source", "group"})
	if err != nil {
		return nil, err
	}
	idCol, kindCol, srcCol, grpCol := cols[0], cols[1], cols[2], cols[3]
	cases := make(map[string]Case)
	var key []byte
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
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
		if _, dup := cases[string(key)]; dup {
			return nil, fmt.Errorf("line %d: repeated id %q", line, displayKey(string(key)))
		}
		c := Case{Kind: rec[kindCol]}
		if grpCol >= 0 {
			c.Group = rec[grpCol]
		}
		cases[string(key)] = c
	}
	return cases, nil
}

// PairScore is pair precision, recall and F1 over a subset of the record
// pairs.
type PairScore struct {
	TruePairs, PredictedPairs, TP int64
	Precision, Recall, F1         float64
}

func newPairScore(truePairs, predicted, tp int64) PairScore {
	s := PairScore{TruePairs: truePairs, PredictedPairs: predicted, TP: tp, Precision: 1, Recall: 1}
	if predicted > 0 {
		s.Precision = float64(tp) / float64(predicted)
	}
	if truePairs > 0 {
		s.Recall = float64(tp) / float64(truePairs)
	}
	s.F1 = f1(s.Precision, s.Recall)
	return s
}

// SourcePair is the pair score of the pairs with one record in source A
// and one in source B (A <= B; A == B: pairs within one source).
type SourcePair struct {
	A, B string
	PairScore
}

// KindScore is what happened to the records of one hard-case kind.
type KindScore struct {
	Kind       string
	Records    int
	TruePairs  int64 // pairs of one entity whose records both have this kind
	Missed     int64 // of those, pairs not put into one cluster
	FalsePairs int64 // pairs put into one cluster whose records are different entities of this kind and one group
}

// Split is the pair accuracy of a crosswalk broken down by source pair and,
// when cases were given, by hard-case kind.
type Split struct {
	Within, Across PairScore    // pairs within one source, pairs across two
	Pairs          []SourcePair // every source pair with a true or predicted pair, sorted by A, B
	Kinds          []KindScore  // per kind, sorted by name; nil without cases
	// MixedFalsePairs are false pairs whose records differ in kind or group
	// (or have no case); with Kinds they add up to all false pairs.
	MixedFalsePairs int64
}

// NoCase is the kind of truth records absent from the cases.
const NoCase = "(no case)"

// ScoreSplit scores the crosswalk against the truth like Score (the same
// join, truth records absent from the crosswalk are singletons) and breaks
// the pair counts down by source pair and by the hard-case kinds in cases
// (nil: no kinds). Without a source column in the truth every record is in
// one source "". The cost is O(n log n); no pairs are enumerated.
func ScoreSplit(truth map[string]string, xw []Assignment, cases map[string]Case) Split {
	n := len(truth)
	keys := make([]string, 0, n)
	for k := range truth {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	withSource := false
	for _, k := range keys {
		if strings.Contains(k, KeySep) {
			withSource = true
			break
		}
	}
	recOf := make(map[string]int32, n)
	src := make([]int32, n)
	ent := make([]int32, n)
	kind := make([]int32, n)  // kind index
	group := make([]int32, n) // (kind, group) index
	var srcNames, kindNames []string
	srcIdx := map[string]int32{}
	entIdx := map[string]int32{}
	kindIdx := map[string]int32{}
	groupIdx := map[Case]int32{}
	intern := func(m map[string]int32, names *[]string, s string) int32 {
		i, ok := m[s]
		if !ok {
			i = int32(len(m))
			m[s] = i
			if names != nil {
				*names = append(*names, s)
			}
		}
		return i
	}
	for i, k := range keys {
		recOf[k] = int32(i)
		s, _, _ := strings.Cut(k, KeySep)
		if !withSource || !strings.Contains(k, KeySep) {
			s = ""
		}
		src[i] = intern(srcIdx, &srcNames, s)
		ent[i] = intern(entIdx, nil, truth[k])
		c, ok := cases[k]
		if !ok {
			c = Case{Kind: NoCase}
		}
		kind[i] = intern(kindIdx, &kindNames, c.Kind)
		g, ok := groupIdx[c]
		if !ok {
			g = int32(len(groupIdx))
			groupIdx[c] = g
		}
		group[i] = g
	}
	pred := make([]int32, n)
	for i := range pred {
		pred[i] = -1
	}
	goldIdx := map[string]int32{}
	for _, a := range xw {
		k := a.ID
		if withSource {
			k = a.Source + KeySep + a.ID
		}
		r, ok := recOf[k]
		if !ok || pred[r] >= 0 {
			continue
		}
		pred[r] = intern(goldIdx, nil, a.Golden)
	}
	next := int32(len(goldIdx))
	for i := range pred {
		if pred[i] < 0 {
			pred[i] = next
			next++
		}
	}

	// Pairs per source pair, for the true, predicted and correct clusters.
	S := len(srcNames)
	byPair := func(a, b []int32) []int64 {
		m := make([]int64, S*S)
		order := make([]int32, n)
		for i := range order {
			order[i] = int32(i)
		}
		key := func(i int32) [3]int32 {
			k := [3]int32{a[i], -1, src[i]}
			if b != nil {
				k[1] = b[i]
			}
			return k
		}
		slices.SortFunc(order, func(x, y int32) int { return cmpKey(key(x), key(y)) })
		counts := make([]int64, S)
		for s := 0; s < n; {
			kx := key(order[s])
			e := s
			var present []int32
			for e < n {
				ke := key(order[e])
				if ke[0] != kx[0] || ke[1] != kx[1] {
					break
				}
				if counts[ke[2]] == 0 {
					present = append(present, ke[2])
				}
				counts[ke[2]]++
				e++
			}
			for i, p := range present {
				c := counts[p]
				m[int(p)*S+int(p)] += c * (c - 1) / 2
				for _, q := range present[i+1:] {
					lo, hi := min(p, q), max(p, q)
					m[int(lo)*S+int(hi)] += c * counts[q]
				}
			}
			for _, p := range present {
				counts[p] = 0
			}
			s = e
		}
		return m
	}
	trueM, predM, tpM := byPair(ent, nil), byPair(pred, nil), byPair(ent, pred)

	var sp Split
	names := slices.Clone(srcNames)
	slices.Sort(names)
	var wT, wP, wTP, aT, aP, aTP int64
	for i, na := range names {
		for _, nb := range names[i:] {
			a, b := srcIdx[na], srcIdx[nb]
			lo, hi := min(a, b), max(a, b)
			x := int(lo)*S + int(hi)
			if trueM[x] == 0 && predM[x] == 0 {
				continue
			}
			sp.Pairs = append(sp.Pairs, SourcePair{A: na, B: nb, PairScore: newPairScore(trueM[x], predM[x], tpM[x])})
			if a == b {
				wT, wP, wTP = wT+trueM[x], wP+predM[x], wTP+tpM[x]
			} else {
				aT, aP, aTP = aT+trueM[x], aP+predM[x], aTP+tpM[x]
			}
		}
	}
	sp.Within, sp.Across = newPairScore(wT, wP, wTP), newPairScore(aT, aP, aTP)
	if cases == nil {
		return sp
	}

	// Per kind: true and found pairs of one entity and kind, false pairs of
	// one kind and group.
	K := len(kindNames)
	kindOfGroup := make([]int32, len(groupIdx))
	for i := range group {
		kindOfGroup[group[i]] = kind[i]
	}
	perKind := func(keyOf func(i int) [3]int32, attr func(k [3]int32) int32) []int64 {
		out := make([]int64, K)
		order := make([][3]int32, n)
		for i := range order {
			order[i] = keyOf(i)
		}
		slices.SortFunc(order, cmpKey)
		for s := 0; s < n; {
			e := s + 1
			for e < n && order[e] == order[s] {
				e++
			}
			c := int64(e - s)
			out[attr(order[s])] += c * (c - 1) / 2
			s = e
		}
		return out
	}
	first := func(k [3]int32) int32 { return k[0] }
	truePairs := perKind(func(i int) [3]int32 { return [3]int32{kind[i], ent[i], -1} }, first)
	found := perKind(func(i int) [3]int32 { return [3]int32{kind[i], ent[i], pred[i]} }, first)
	grpKind := func(k [3]int32) int32 { return kindOfGroup[k[0]] }
	inCluster := perKind(func(i int) [3]int32 { return [3]int32{group[i], pred[i], -1} }, grpKind)
	inClusterSame := perKind(func(i int) [3]int32 { return [3]int32{group[i], pred[i], ent[i]} }, grpKind)
	records := make([]int, K)
	for _, k := range kind {
		records[k]++
	}
	var falseTotal int64
	for k, name := range kindNames {
		ks := KindScore{Kind: name, Records: records[k], TruePairs: truePairs[k], Missed: truePairs[k] - found[k],
			FalsePairs: inCluster[k] - inClusterSame[k]}
		falseTotal += ks.FalsePairs
		sp.Kinds = append(sp.Kinds, ks)
	}
	slices.SortFunc(sp.Kinds, func(a, b KindScore) int { return cmp.Compare(a.Kind, b.Kind) })
	sp.MixedFalsePairs = (wP + aP - wTP - aTP) - falseTotal
	return sp
}

func cmpKey(a, b [3]int32) int {
	for i := range a {
		if c := cmp.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// WriteText writes the split as aligned tables: within / across, every
// source pair, then the hard-case kinds.
func (sp Split) WriteText(w io.Writer) error {
	rows := [][]string{{"pairs", "true", "predicted", "correct", "precision", "recall", "F1"}}
	row := func(name string, s PairScore) {
		rows = append(rows, []string{name, fmt.Sprint(s.TruePairs), fmt.Sprint(s.PredictedPairs), fmt.Sprint(s.TP),
			fmt.Sprintf("%.4f", s.Precision), fmt.Sprintf("%.4f", s.Recall), fmt.Sprintf("%.4f", s.F1)})
	}
	row("within one source", sp.Within)
	row("across sources", sp.Across)
	for _, p := range sp.Pairs {
		row(p.A+" - "+p.B, p.PairScore)
	}
	if err := writeTable(w, rows); err != nil {
		return err
	}
	if sp.Kinds == nil {
		return nil
	}
	rows = [][]string{{"case kind", "records", "true pairs", "missed", "false pairs"}}
	for _, k := range sp.Kinds {
		rows = append(rows, []string{k.Kind, fmt.Sprint(k.Records), fmt.Sprint(k.TruePairs), fmt.Sprint(k.Missed), fmt.Sprint(k.FalsePairs)})
	}
	rows = append(rows, []string{"(across kinds or groups)", "", "", "", fmt.Sprint(sp.MixedFalsePairs)})
	if _, err := fmt.Fprintln(w); err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	return writeTable(w, rows)
}

// writeTable writes rows with the first column left-aligned and the others
// right-aligned, two spaces apart.
func writeTable(w io.Writer, rows [][]string) error {
	var width []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			switch {
			case i == 0:
				b.WriteString(c + pad)
			default:
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteByte('\n')
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	return nil
}
