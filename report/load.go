package report

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/runfiles"
)

// Limits that keep the page usable in a browser. Everything above them is
// counted in payload.Omitted and said on the page.
const (
	maxPairs     = 250000 // pairs embedded (the histogram still counts all)
	maxGoldens   = 150000 // golden records embedded
	maxTableRows = 5000   // rows of review.csv / rejects.csv / records.csv
	maxBins      = 160    // histogram bins
)

// payload is the JSON embedded in the page. Tables are column-oriented and
// strings are interned to keep 100k pairs in a few megabytes.
type payload struct {
	Summary         doppel.Summary `json:"summary"`
	ThresholdWeight float64        `json:"threshold_weight"` // log2(t/(1-t))

	Sources   []string `json:"sources"`   // source names; records refer to them by index
	Comps     []string `json:"comps"`     // comparison names, pairs.csv order
	Fields    []string `json:"fields"`    // golden value columns, golden.csv order
	Rules     []string `json:"rules"`     // survivorship rule names
	Conflicts []string `json:"conflicts"` // conflict texts; index 0 is ""

	// Level table: every distinct (comparison, level, weight) of the pairs.
	LvComp  []int      `json:"lv_comp"`
	LvLabel []string   `json:"lv_label"`
	LvW     []float64  `json:"lv_w"`
	LvModel []*float64 `json:"lv_model"` // the model's weight for that level, null if none

	// Records (members of the embedded golden records).
	RecSrc  []int    `json:"rec_src"`
	RecID   []string `json:"rec_id"`
	RecGold []int    `json:"rec_gold"`

	// Golden records, largest cluster first.
	GID      []string   `json:"g_id"`
	GSources []string   `json:"g_sources"`
	GVals    [][]string `json:"g_vals"` // by Fields
	GRecs    [][]int    `json:"g_recs"` // member record indexes
	// GLin is the lineage of every golden value, three code units per
	// field (see lineageCode): the member position in GRecs that supplied
	// it, the rule index and the number of distinct competing values.
	GLin   []string `json:"g_lin"`
	GPairs [][]int  `json:"g_pairs"` // pair indexes touching a member

	// Pairs, pairs.csv order.
	PRow  []int     `json:"p_row"` // 1-based data row in pairs.csv
	PA    []int     `json:"p_a"`
	PB    []int     `json:"p_b"`
	PW    []float64 `json:"p_w"`
	PP    []float64 `json:"p_p"`
	PM    []int     `json:"p_m"` // 1 = match
	PConf []int     `json:"p_conf"`
	PLv   []int     `json:"p_lv"` // len(PA)*len(Comps) level-table indexes

	Hist hist `json:"hist"`

	Review  *table `json:"review"`  // review.csv when present
	Rejects *table `json:"rejects"` // rejects.csv when present
	Records *table `json:"records"` // records.csv (per-record values) when present

	Omitted omitted `json:"omitted"`
}

type hist struct {
	Lo       float64 `json:"lo"`
	Width    float64 `json:"width"`
	Match    []int   `json:"match"`
	NonMatch []int   `json:"non_match"`
	Total    int     `json:"total"`
}

type table struct {
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
	Total  int        `json:"total"` // data rows in the file (Rows may be capped)
}

type omitted struct {
	Pairs      int `json:"pairs"`      // pairs not embedded (far from the threshold)
	Singletons int `json:"singletons"` // single-record golden records without any scored pair
	Goldens    int `json:"goldens"`    // other golden records over the cap
	Records    int `json:"records"`    // records of golden records not embedded
}

// recKey identifies an input record.
type recKey struct{ src, id string }

// rawPair is one pairs.csv row before records are indexed.
type rawPair struct {
	row        int
	a, b       recKey
	ga, gb     string
	w, p       float64
	match      bool
	conf       int
	lv         []int
	dist       float64 // distance to the threshold weight
	keep       bool
	aIdx, bIdx int
}

// csvFile reads one of doppel's own CSV outputs, of kind rf at path, and
// calls f for every data row (decoded as runfiles declares its columns).
// The header is passed first with line 1. A missing file is reported with
// fs.ErrNotExist. It checks ctx every few thousand rows.
func csvFile(ctx context.Context, rf runfiles.File, path string, f func(row []string, line int) error) error {
	r, err := rf.Open(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	defer r.Close()
	if err := f(r.Header(), 1); err != nil {
		return fmt.Errorf("%s:1: %w", path, err)
	}
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		row, line, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err) // a RowError names file and line
		}
		if err := f(row, line); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
	}
}

// columns maps header names to their index and checks that want are present.
func columns(header []string, want ...string) (map[string]int, error) {
	idx := make(map[string]int, len(header))
	for i, h := range header {
		if _, dup := idx[h]; !dup {
			idx[h] = i
		}
	}
	for _, w := range want {
		if _, ok := idx[w]; !ok {
			return nil, fmt.Errorf("missing column %q", w)
		}
	}
	return idx, nil
}

// interner assigns small integers to strings.
type interner struct {
	idx  map[string]int
	list []string
}

func newInterner(first ...string) *interner {
	in := &interner{idx: map[string]int{}}
	for _, s := range first {
		in.get(s)
	}
	return in
}

func (in *interner) get(s string) int {
	if i, ok := in.idx[s]; ok {
		return i
	}
	in.idx[s] = len(in.list)
	in.list = append(in.list, s)
	return len(in.list) - 1
}

// load reads the outputs that path names into a payload.
func load(ctx context.Context, path func(runfiles.File) string) (*payload, error) {
	pl := &payload{
		Conflicts: []string{""}, Sources: []string{}, Comps: []string{}, Fields: []string{}, Rules: []string{},
		LvComp: []int{}, LvLabel: []string{}, LvW: []float64{}, LvModel: []*float64{},
		RecSrc: []int{}, RecID: []string{}, RecGold: []int{},
		PRow: []int{}, PA: []int{}, PB: []int{}, PW: []float64{}, PP: []float64{}, PM: []int{}, PConf: []int{}, PLv: []int{},
		Hist: hist{Width: 1, Match: []int{}, NonMatch: []int{}},
	}
	b, err := os.ReadFile(path(runfiles.Summary))
	if err != nil {
		return nil, fmt.Errorf("read summary: %w", err)
	}
	if err := json.Unmarshal(b, &pl.Summary); err != nil {
		return nil, fmt.Errorf("read %s: %w", path(runfiles.Summary), err)
	}
	t := pl.Summary.Threshold
	if t > 0 && t < 1 {
		pl.ThresholdWeight = math.Log2(t / (1 - t))
	}

	// crosswalk.csv: members of every golden record.
	sources := newInterner()
	members := map[string][]recKey{}
	var order []string // golden ids in first-seen order
	var cx map[string]int
	err = csvFile(ctx, runfiles.Crosswalk, path(runfiles.Crosswalk), func(row []string, line int) error {
		if line == 1 {
			var err error
			cx, err = columns(row, "source", "record_id", "golden_id")
			return err
		}
		g := row[cx["golden_id"]]
		if _, ok := members[g]; !ok {
			order = append(order, g)
		}
		k := recKey{row[cx["source"]], row[cx["record_id"]]}
		sources.get(k.src)
		members[g] = append(members[g], k)
		return nil
	})
	if err != nil {
		return nil, err
	}

	// pairs.csv
	pairs, err := loadPairs(ctx, path(runfiles.Pairs), pl)
	if err != nil {
		return nil, err
	}
	touched := map[string]bool{}
	for i := range pairs {
		touched[pairs[i].ga] = true
		touched[pairs[i].gb] = true
	}

	// Golden records to embed: every cluster of two or more, and single
	// records that have a scored pair; largest first, then by id.
	gids := []string{}
	for _, g := range order {
		if len(members[g]) >= 2 || touched[g] {
			gids = append(gids, g)
		} else {
			pl.Omitted.Singletons++
		}
	}
	slices.SortFunc(gids, func(a, b string) int {
		if c := cmp.Compare(len(members[b]), len(members[a])); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	if len(gids) > maxGoldens {
		for _, g := range gids[maxGoldens:] {
			pl.Omitted.Goldens++
			pl.Omitted.Records += len(members[g])
		}
		gids = gids[:maxGoldens]
	}
	gIdx := make(map[string]int, len(gids))
	recIdx := map[recKey]int{}
	pl.GID = gids
	pl.GRecs = make([][]int, len(gids))
	for gi, g := range gids {
		gIdx[g] = gi
		ms := members[g]
		slices.SortFunc(ms, func(a, b recKey) int {
			if c := cmp.Compare(a.src, b.src); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
		for _, k := range ms {
			recIdx[k] = len(pl.RecID)
			pl.GRecs[gi] = append(pl.GRecs[gi], len(pl.RecID))
			pl.RecSrc = append(pl.RecSrc, sources.get(k.src))
			pl.RecID = append(pl.RecID, k.id)
			pl.RecGold = append(pl.RecGold, gi)
		}
	}
	members = nil
	pl.Sources = append(pl.Sources, sources.list...)

	// Pairs to embed: both records embedded; over the cap, the pairs
	// nearest the threshold (the ones a steward needs to check).
	var cand []int
	for i := range pairs {
		p := &pairs[i]
		var okA, okB bool
		p.aIdx, okA = recIdx[p.a]
		p.bIdx, okB = recIdx[p.b]
		if okA && okB {
			cand = append(cand, i)
		} else {
			pl.Omitted.Pairs++
		}
	}
	if len(cand) > maxPairs {
		slices.SortStableFunc(cand, func(a, b int) int { return cmp.Compare(pairs[a].dist, pairs[b].dist) })
		pl.Omitted.Pairs += len(cand) - maxPairs
		cand = cand[:maxPairs]
		slices.Sort(cand)
	}
	pl.GPairs = make([][]int, len(gids))
	for _, i := range cand {
		p := &pairs[i]
		n := len(pl.PA)
		pl.PRow = append(pl.PRow, p.row)
		pl.PA = append(pl.PA, p.aIdx)
		pl.PB = append(pl.PB, p.bIdx)
		pl.PW = append(pl.PW, p.w)
		pl.PP = append(pl.PP, p.p)
		m := 0
		if p.match {
			m = 1
		}
		pl.PM = append(pl.PM, m)
		pl.PConf = append(pl.PConf, p.conf)
		pl.PLv = append(pl.PLv, p.lv...)
		ga, gb := pl.RecGold[p.aIdx], pl.RecGold[p.bIdx]
		pl.GPairs[ga] = append(pl.GPairs[ga], n)
		if gb != ga {
			pl.GPairs[gb] = append(pl.GPairs[gb], n)
		}
	}

	for gi := range pl.GPairs {
		if pl.GPairs[gi] == nil {
			pl.GPairs[gi] = []int{}
		}
	}
	if err := loadGolden(ctx, path, pl, gIdx, recIdx); err != nil {
		return nil, err
	}
	for _, opt := range []struct {
		file runfiles.File
		dst  **table
	}{{runfiles.Review, &pl.Review}, {runfiles.Rejects, &pl.Rejects}, {runfiles.Records, &pl.Records}} {
		p := path(opt.file)
		if p == "" {
			continue
		}
		tb, err := loadTable(ctx, opt.file, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		*opt.dst = tb
	}
	return pl, nil
}

// loadPairs reads pairs.csv, fills the comparison, level and conflict
// tables and the histogram of pl, and returns the pairs.
func loadPairs(ctx context.Context, path string, pl *payload) ([]rawPair, error) {
	modelW := map[[2]string]float64{}
	for _, c := range pl.Summary.Model.Comparisons {
		for _, l := range c.Levels {
			modelW[[2]string{c.Name, l.Label}] = l.Weight
		}
	}
	type lvKey struct {
		comp  int
		label string
		w     float64
	}
	lvIdx := map[lvKey]int{}
	conflicts := newInterner("")
	var (
		pairs []rawPair
		col   map[string]int
		lvCol []int // per comparison: level column, weight column follows
	)
	err := csvFile(ctx, runfiles.Pairs, path, func(row []string, line int) error {
		if line == 1 {
			var err error
			col, err = columns(row, "source_a", "record_id_a", "source_b", "record_id_b",
				"golden_id_a", "golden_id_b", "weight", "probability", "match", "conflict")
			if err != nil {
				return err
			}
			for i := 0; i+1 < len(row); i++ {
				name, ok := strings.CutSuffix(row[i], "_level")
				if ok && row[i+1] == name+"_weight" {
					pl.Comps = append(pl.Comps, name)
					lvCol = append(lvCol, i)
					i++
				}
			}
			return nil
		}
		p := rawPair{
			row: len(pairs) + 1,
			a:   recKey{row[col["source_a"]], row[col["record_id_a"]]},
			b:   recKey{row[col["source_b"]], row[col["record_id_b"]]},
			ga:  row[col["golden_id_a"]], gb: row[col["golden_id_b"]],
			match: row[col["match"]] == "true",
			conf:  conflicts.get(row[col["conflict"]]),
		}
		var err error
		if p.w, err = parseFloat(row[col["weight"]]); err != nil {
			return fmt.Errorf("weight: %w", err)
		}
		if p.p, err = parseFloat(row[col["probability"]]); err != nil {
			return fmt.Errorf("probability: %w", err)
		}
		p.dist = math.Abs(p.w - pl.ThresholdWeight)
		p.lv = make([]int, len(lvCol))
		for c, i := range lvCol {
			w, err := parseFloat(row[i+1])
			if err != nil {
				return fmt.Errorf("%s: %w", pl.Comps[c]+"_weight", err)
			}
			k := lvKey{c, row[i], w}
			li, ok := lvIdx[k]
			if !ok {
				li = len(pl.LvComp)
				lvIdx[k] = li
				pl.LvComp = append(pl.LvComp, c)
				pl.LvLabel = append(pl.LvLabel, k.label)
				pl.LvW = append(pl.LvW, w)
				var mw *float64
				if v, ok := modelW[[2]string{pl.Comps[c], k.label}]; ok {
					mw = &v
				}
				pl.LvModel = append(pl.LvModel, mw)
			}
			p.lv[c] = li
		}
		pairs = append(pairs, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	pl.Conflicts = conflicts.list
	pl.Hist = histogram(pairs)
	return pairs, nil
}

// histogram bins the weights of all pairs (bins of 1 bit, wider when the
// range is large), split by match.
func histogram(pairs []rawPair) hist {
	h := hist{Width: 1, Total: len(pairs), Match: []int{}, NonMatch: []int{}}
	if len(pairs) == 0 {
		return h
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range pairs {
		lo = min(lo, pairs[i].w)
		hi = max(hi, pairs[i].w)
	}
	// Weights are a few dozen bits; clamping keeps absurd input finite.
	lo, hi = math.Floor(clamp(lo)), math.Floor(clamp(hi))+1
	for (hi-lo)/h.Width > maxBins {
		h.Width *= 2
	}
	h.Lo = lo
	n := int(math.Ceil((hi - lo) / h.Width))
	h.Match = make([]int, n)
	h.NonMatch = make([]int, n)
	for i := range pairs {
		b := min(max(int((clamp(pairs[i].w)-lo)/h.Width), 0), n-1)
		if pairs[i].match {
			h.Match[b]++
		} else {
			h.NonMatch[b]++
		}
	}
	return h
}

// loadGolden reads golden.csv and lineage.csv for the embedded records.
func loadGolden(ctx context.Context, path func(runfiles.File) string, pl *payload, gIdx map[string]int, recIdx map[recKey]int) error {
	n := len(pl.GID)
	pl.GVals = make([][]string, n)
	pl.GSources = make([]string, n)
	var col map[string]int
	fieldIdx := map[string]int{}
	var fieldCols []int
	err := csvFile(ctx, runfiles.Golden, path(runfiles.Golden), func(row []string, line int) error {
		if line == 1 {
			var err error
			if col, err = columns(row, "golden_id", "members", "sources"); err != nil {
				return err
			}
			fixed := runfiles.Golden.Header()
			for i, h := range row {
				if slices.Contains(fixed, h) {
					continue
				}
				fieldIdx[h] = len(pl.Fields)
				pl.Fields = append(pl.Fields, h)
				fieldCols = append(fieldCols, i)
			}
			return nil
		}
		gi, ok := gIdx[row[col["golden_id"]]]
		if !ok {
			return nil
		}
		pl.GSources[gi] = row[col["sources"]]
		vals := make([]string, len(fieldCols))
		for f, i := range fieldCols {
			vals[f] = row[i]
		}
		pl.GVals[gi] = vals
		return nil
	})
	if err != nil {
		return err
	}
	nf := len(pl.Fields)
	// lin[gi][3*f+k]: member position, rule, alternatives (-1 = none).
	lin := make([][]int, n)
	for gi := range n {
		if pl.GVals[gi] == nil {
			pl.GVals[gi] = make([]string, nf) // in crosswalk but not golden.csv
		}
		lin[gi] = slices.Repeat([]int{-1}, 3*nf)
	}
	rules := newInterner()
	err = csvFile(ctx, runfiles.Lineage, path(runfiles.Lineage), func(row []string, line int) error {
		if line == 1 {
			var err error
			col, err = columns(row, "golden_id", "field", "source", "record_id", "rule", "alternatives")
			return err
		}
		gi, ok := gIdx[row[col["golden_id"]]]
		if !ok {
			return nil
		}
		f, ok := fieldIdx[row[col["field"]]]
		if !ok {
			return nil
		}
		if ri, ok := recIdx[recKey{row[col["source"]], row[col["record_id"]]}]; ok {
			lin[gi][3*f] = slices.Index(pl.GRecs[gi], ri)
		}
		lin[gi][3*f+1] = rules.get(row[col["rule"]])
		if alt, err := strconv.Atoi(row[col["alternatives"]]); err == nil && alt >= 0 {
			lin[gi][3*f+2] = alt
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if len(rules.list) > 0 {
		pl.Rules = rules.list
	}
	pl.GLin = make([]string, n)
	var sb strings.Builder
	for gi, l := range lin {
		sb.Reset()
		for _, v := range l {
			sb.WriteRune(lineageCode(v))
		}
		pl.GLin[gi] = sb.String()
	}
	return nil
}

// lineageAlphabet codes the small numbers of GLin as one ASCII character
// each; larger ones use one code unit from U+0100 on.
const lineageAlphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// lineageCode codes v >= -1 as one UTF-16 code unit: lineageAlphabet[v+1],
// or U+0100+v+1 (below the surrogates; larger values are capped).
func lineageCode(v int) rune {
	v = min(max(v+1, 0), 0xD7FF-0x100)
	if v < len(lineageAlphabet) {
		return rune(lineageAlphabet[v])
	}
	return rune(0x100 + v)
}

// loadTable reads a small optional CSV (first maxTableRows data rows).
func loadTable(ctx context.Context, rf runfiles.File, path string) (*table, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	tb := &table{Header: []string{}, Rows: [][]string{}}
	err := csvFile(ctx, rf, path, func(row []string, line int) error {
		if line == 1 {
			tb.Header = slices.Clone(row)
			return nil
		}
		tb.Total++
		if len(tb.Rows) < maxTableRows {
			tb.Rows = append(tb.Rows, slices.Clone(row))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return tb, nil
}

func parseFloat(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("not a finite number: %q", s)
	}
	return f, nil
}

func clamp(w float64) float64 { return min(max(w, -1000), 1000) }
