package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/merge"
	"github.com/doppel-dev/doppel/rules"
	"github.com/doppel-dev/doppel/runfiles"
)

// Decision is a steward's verdict on a pair of records, keyed on source
// and record id so that it survives re-runs, re-ordered input and new
// records.
type Decision struct {
	Line         int // line in the decisions file
	SourceA, IDA string
	SourceB, IDB string
	Match        bool // true: must-link; false: cannot-link
}

// parseVerdict reads a decision cell: match / no-match and common spellings.
func parseVerdict(s string) (match, ok bool, err error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return false, false, nil
	case "match", "yes", "y", "1", "true", "same", "m", "merge":
		return true, true, nil
	case "no-match", "nomatch", "no match", "no_match", "no", "n", "0", "false", "different", "distinct":
		return false, true, nil
	}
	return false, false, fmt.Errorf("decision %q: want match or no-match (or leave it empty)", s)
}

// ReadDecisions reads a decisions file: the review.csv of an earlier run
// with its decision column filled in (any delimiter and encoding a
// spreadsheet may save it with), or any CSV with the columns decision,
// source_a, record_id_a, source_b, record_id_b.
//
// The ids are read back as review.csv writes them (see runfiles.Review).
func ReadDecisions(path string) ([]Decision, int, error) {
	r, err := runfiles.Review.OpenEdited(path, "decision", "source_a", "record_id_a", "source_b", "record_id_b")
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	col := columnsOf(r)
	var out []Decision
	undecided := 0
	var errs []error
	for {
		row, line, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, err)
			if len(errs) >= 10 {
				break
			}
			continue
		}
		m, ok, err := parseVerdict(row[col["decision"]])
		if err != nil {
			errs = append(errs, &doppel.RowError{File: path, Line: line, Column: col["decision"] + 1, Err: err})
			continue
		}
		if !ok {
			undecided++
			continue
		}
		out = append(out, Decision{
			Line: line, Match: m,
			SourceA: row[col["source_a"]], IDA: row[col["record_id_a"]],
			SourceB: row[col["source_b"]], IDB: row[col["record_id_b"]],
		})
	}
	if len(errs) > 0 {
		return nil, 0, errors.Join(errs...)
	}
	return out, undecided, nil
}

// columnsOf maps the (lower-cased, trimmed) header names of a steward's
// file to their columns.
func columnsOf(r *runfiles.Reader) map[string]int {
	col := map[string]int{}
	for _, h := range r.Header() {
		col[h], _ = r.Col(h)
	}
	return col
}

// lookup returns the index of the record with the given source and id.
// Records are in canonical order (by source, then id) with no two alike,
// so a binary search finds it without an index of all records.
func (r *run) lookup(source, id string) (int, bool) {
	return slices.BinarySearchFunc(r.records, [2]string{source, id}, func(rec doppel.Record, k [2]string) int {
		if c := cmp.Compare(rec.Source, k[0]); c != 0 {
			return c
		}
		return cmp.Compare(rec.ID, k[1])
	})
}

// applyDecisions turns decisions into must-link and cannot-link pairs.
func (r *run) applyDecisions() (must, cannot [][2]int) {
	if r.opt.Decisions == "" {
		return nil, nil
	}
	rep := &DecisionReport{File: r.opt.Decisions, Undecided: r.undecided}
	for _, d := range r.decisions {
		a, okA := r.lookup(d.SourceA, d.IDA)
		b, okB := r.lookup(d.SourceB, d.IDB)
		if !okA {
			rep.Unknown = append(rep.Unknown, UnknownRecord{File: r.opt.Decisions, Line: d.Line, Source: d.SourceA, ID: d.IDA})
		}
		if !okB {
			rep.Unknown = append(rep.Unknown, UnknownRecord{File: r.opt.Decisions, Line: d.Line, Source: d.SourceB, ID: d.IDB})
		}
		if !okA || !okB {
			continue
		}
		if d.Match {
			rep.Match++
			must = append(must, [2]int{a, b})
		} else {
			rep.NoMatch++
			cannot = append(cannot, [2]int{a, b})
		}
	}
	for _, u := range rep.Unknown {
		r.warnf("%s:%d: decision names %s:%s, which is not in this run's input: ignored", u.File, u.Line, u.Source, u.ID)
	}
	r.decisionReport = rep
	return must, cannot
}

// noteRefusedMusts records must-links that a cannot-link overruled.
func (r *run) noteRefusedMusts(refused [][2]int) {
	if r.decisionReport == nil {
		return
	}
	for _, m := range refused {
		a, b := &r.records[m[0]], &r.records[m[1]]
		s := fmt.Sprintf("%s:%s ~ %s:%s", a.Source, a.ID, b.Source, b.ID)
		r.decisionReport.Refused = append(r.decisionReport.Refused, s)
		r.warnf("must-link %s contradicts a no-match decision: not applied", s)
	}
}

// Override pins a golden field value.
type Override struct {
	Line   int
	Golden string // golden id, or
	Source string // a member's source and
	ID     string // record id
	Field  doppel.Field
	Value  string
}

// ReadOverrides reads overrides.csv: columns field and value, and either
// golden_id or source and record_id (any member of the golden record).
//
// Source and record id are read like the ids of review.csv (see
// runfiles.Overrides).
func ReadOverrides(path string) ([]Override, error) {
	r, err := runfiles.Overrides.OpenEdited(path, "field", "value")
	if err != nil {
		return nil, err
	}
	defer r.Close()
	col := columnsOf(r)
	_, hasG := col["golden_id"]
	_, hasS := col["source"]
	_, hasR := col["record_id"]
	if !hasG && !(hasS && hasR) {
		return nil, fmt.Errorf("%s: need a golden_id column, or source and record_id", path)
	}
	var out []Override
	var errs []error
	for {
		row, line, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f, ok := doppel.ParseField(strings.TrimSpace(row[col["field"]]))
		if !ok {
			errs = append(errs, &doppel.RowError{File: path, Line: line, Column: col["field"] + 1, Err: fmt.Errorf("unknown field %q", row[col["field"]])})
			continue
		}
		o := Override{Line: line, Field: f, Value: strings.TrimSpace(row[col["value"]])}
		if hasG {
			o.Golden = strings.TrimSpace(row[col["golden_id"]])
		}
		if hasS && hasR {
			o.Source = strings.TrimSpace(row[col["source"]])
			o.ID = strings.TrimSpace(row[col["record_id"]])
		}
		if o.Golden == "" && o.ID == "" {
			errs = append(errs, &doppel.RowError{File: path, Line: line, Err: errors.New("neither golden_id nor source and record_id given")})
			continue
		}
		out = append(out, o)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// resolveOverrides finds the golden record every override applies to and
// returns the applicable overrides by golden index, each list in file
// order. Overrides naming nothing in this run are reported and dropped.
func (r *run) resolveOverrides() map[int32][]Override {
	if len(r.overrides) == 0 {
		return nil
	}
	byGolden := map[int32][]Override{}
	for _, o := range r.overrides {
		var gi int32
		ok := false
		if o.Golden != "" {
			if id, valid := merge.ParseID(o.Golden); valid {
				var g int
				g, ok = slices.BinarySearch(r.goldID, id)
				gi = int32(g)
			}
		} else if i, found := r.lookup(o.Source, o.ID); found {
			gi, ok = r.goldOf[i], true
		}
		if !ok {
			id := o.Golden
			if id == "" {
				id = o.ID
			}
			r.unknownOverrides = append(r.unknownOverrides, UnknownRecord{File: r.opt.Overrides, Line: o.Line, Source: o.Source, ID: id})
			r.warnf("%s:%d: override names %s, which is not in this run: ignored", r.opt.Overrides, o.Line, id)
			continue
		}
		byGolden[gi] = append(byGolden[gi], o)
		r.overridesApplied++
	}
	return byGolden
}

// applyOverrides pins the overridden cells of one golden record (ovs in
// file order: a later override of a field wins) and returns the cells,
// still in field order. file is the overrides file, named in the lineage.
func applyOverrides(cells []merge.Cell, ovs []Override, file string) []merge.Cell {
	for _, o := range ovs {
		c := merge.Cell{Field: o.Field, Value: o.Value, Source: "override", ID: fmt.Sprintf("%s:%d", file, o.Line), Rule: "override", Override: true, Alternatives: 1}
		k := slices.IndexFunc(cells, func(x merge.Cell) bool { return x.Field == o.Field })
		if k >= 0 {
			c.Alternatives = cells[k].Alternatives
			cells[k] = c
		} else {
			cells = append(cells, c)
			slices.SortFunc(cells, func(a, b merge.Cell) int { return cmp.Compare(a.Field, b.Field) })
		}
	}
	return cells
}

// reviewBand returns the review thresholds.
func (r *run) reviewBand() (lo, hi float64) {
	return r.plan.ReviewLow, r.plan.ReviewHigh
}

// Default review band: pairs whose match probability lies in [low, high)
// are listed in review.csv.
const (
	DefaultReviewLow  = rules.DefaultReviewLow
	DefaultReviewHigh = rules.DefaultReviewHigh
)

// writeReview writes review.csv: the uncertain pairs with both records
// side by side and a decision column to fill in (pre-filled with the
// decisions already given, so the round trip is idempotent).
func (r *run) writeReview(ctx context.Context, o *outputs) error {
	lo, hi := r.reviewBand()
	type item struct {
		a, b int
		p    float64
		w    float64
	}
	var items []item
	for _, p := range r.res.Pairs {
		if pr := p.Probability(); pr >= lo && pr < hi {
			items = append(items, item{int(p.A), int(p.B), pr, p.Weight})
		}
	}
	slices.SortStableFunc(items, func(x, y item) int { return cmp.Compare(y.p, x.p) })
	r.reviewPairs = len(items)
	var used [doppel.NumFields]bool
	for _, it := range items {
		for f := doppel.Field(0); f < doppel.NumFields; f++ {
			if r.records[it.a].Get(f) != "" || r.records[it.b].Get(f) != "" {
				used[f] = true
			}
		}
	}
	header := runfiles.Review.Header()
	var cols []doppel.Field
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		if used[f] {
			cols = append(cols, f)
			header = append(header, f.String()+"_a", f.String()+"_b")
		}
	}
	c, err := o.create(runfiles.Review, header)
	if err != nil {
		return err
	}
	given := map[[2]int]string{}
	if r.opt.Decisions != "" {
		for _, d := range r.decisions {
			a, okA := r.lookup(d.SourceA, d.IDA)
			b, okB := r.lookup(d.SourceB, d.IDB)
			if okA && okB {
				v := "no-match"
				if d.Match {
					v = "match"
				}
				given[[2]int{min(a, b), max(a, b)}] = v
			}
		}
	}
	row := make([]string, len(header))
	for n, it := range items {
		a, b := &r.records[it.a], &r.records[it.b]
		row[0] = given[[2]int{it.a, it.b}]
		row[1], row[2], row[3], row[4] = a.Source, a.ID, b.Source, b.ID
		row[5], row[6] = fmtFloat(it.p, 4), fmtFloat(it.w, 3)
		row[7] = strconv.FormatBool(r.goldOf[it.a] == r.goldOf[it.b])
		for k, f := range cols {
			row[8+2*k], row[9+2*k] = a.Get(f), b.Get(f)
		}
		if err := c.write(ctx, n, row); err != nil {
			return err
		}
	}
	return c.done()
}
