package pipeline

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/csvio"
	"github.com/doppel-dev/doppel/internal/workpool"
	"github.com/doppel-dev/doppel/report"
)

// Output file names.
const (
	CrosswalkFile = "crosswalk.csv"
	GoldenFile    = "golden.csv"
	LineageFile   = "lineage.csv"
	PairsFile     = "pairs.csv"
	RejectsFile   = "rejects.csv"
	ReviewFile    = "review.csv"
	RecordsFile   = "records.csv"
	SummaryFile   = "summary.json"
)

// csvOut is one CSV output being written to a temp file.
type csvOut struct {
	f *csvio.AtomicFile
	w *csvio.Writer
}

// outputs are all output files of a run; nothing is renamed into place
// until every file has been written, so a failed or interrupted run leaves
// the previous outputs as they were.
type outputs struct {
	dir   string
	mu    sync.Mutex // guards files
	files []*csvio.AtomicFile
}

// create starts an output file; safe for concurrent use.
func (o *outputs) create(name string, header []string) (*csvOut, error) {
	f, err := csvio.CreateAtomic(filepath.Join(o.dir, name))
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	o.files = append(o.files, f)
	o.mu.Unlock()
	c := &csvOut{f: f, w: csvio.NewWriter(f)}
	return c, c.w.Write(header)
}

func (o *outputs) abort() {
	for _, f := range o.files {
		f.Abort()
	}
}

func (o *outputs) commit() error {
	for _, f := range o.files {
		if err := f.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// esc protects a data-derived cell against spreadsheet formula injection.
func esc(s string) string { return csvio.EscapeFormula(s) }

func fmtFloat(f float64, prec int) string { return strconv.FormatFloat(f, 'f', prec, 64) }

// outputs creates the output folder and starts the run's set of outputs
// (once; later calls return the same set).
func (r *run) outputs() (*outputs, error) {
	if r.out != nil {
		return r.out, nil
	}
	if err := os.MkdirAll(r.opt.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	removeStaleTemps(r.opt.OutDir)
	r.out = &outputs{dir: r.opt.OutDir}
	return r.out, nil
}

// goldenID returns the golden id of record i as written in the outputs.
func (r *run) goldenID(i int) string { return r.goldID[r.goldOf[i]].String() }

// write writes the CSV outputs the merge stage has not written, then
// summary.json, and commits them all; it returns the summary.
func (r *run) write() (sum *Summary, err error) {
	start := time.Now()
	o, err := r.outputs()
	if err != nil {
		return nil, err
	}
	// The files are independent: format and write them concurrently.
	steps := []func(*outputs) error{r.writePairs, r.writeRecords, r.writeCrosswalk, r.writeRejects, r.writeReview}
	errs := make([]error, len(steps))
	var done atomic.Int64
	workpool.RunWith(len(steps), r.opt.Workers, func() func(int) {
		return func(i int) {
			errs[i] = steps[i](o)
			if r.opt.Progress != nil {
				r.opt.Progress("write", int(done.Add(1)), len(steps))
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("write outputs: %w", err)
		}
	}
	sum = r.summary()
	r.timings["write"] = time.Since(start)
	for k, v := range r.timings {
		sum.TimingsMS[k] = float64(v.Microseconds()) / 1000
	}
	for k, v := range r.res.Timings {
		sum.TimingsMS["match."+k] = float64(v.Microseconds()) / 1000
	}
	// summary.json joins the same batch, renamed last: a run interrupted
	// while renaming never leaves a summary describing outputs that are
	// not all in place.
	b, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode summary: %w", err)
	}
	f, err := csvio.CreateAtomic(filepath.Join(o.dir, SummaryFile))
	if err != nil {
		return nil, err
	}
	o.files = append(o.files, f)
	if _, err := f.Write(append(b, '\n')); err != nil {
		return nil, err
	}
	if err := o.commit(); err != nil {
		return nil, fmt.Errorf("write outputs: %w", err)
	}
	return sum, nil
}

// removeStaleTemps deletes temp files that a killed earlier run left in
// the output folder (only those of doppel's own output names).
func removeStaleTemps(dir string) {
	for _, name := range []string{CrosswalkFile, GoldenFile, LineageFile, PairsFile, RejectsFile, ReviewFile, RecordsFile, SummaryFile, report.FileName} {
		old, _ := filepath.Glob(filepath.Join(dir, "."+name+".tmp-*"))
		for _, f := range old {
			_ = os.Remove(f)
		}
	}
}

func (c *csvOut) done() error { return c.w.Flush() }

func (r *run) writeCrosswalk(o *outputs) error {
	c, err := o.create(CrosswalkFile, []string{"source", "record_id", "golden_id"})
	if err != nil {
		return err
	}
	for i := range r.records {
		rec := &r.records[i]
		if err := c.w.Write([]string{esc(rec.Source), esc(rec.ID), r.goldenID(i)}); err != nil {
			return err
		}
	}
	return c.done()
}

func (r *run) writePairs(o *outputs) error {
	comps := r.res.Comparisons
	header := []string{"source_a", "record_id_a", "source_b", "record_id_b", "golden_id_a", "golden_id_b", "weight", "probability", "match", "conflict"}
	for _, cm := range comps {
		header = append(header, cm.Name+"_level", cm.Name+"_weight")
	}
	c, err := o.create(PairsFile, header)
	if err != nil {
		return err
	}
	model := r.res.Model
	row := make([]string, len(header))
	lv := make([]int8, len(comps))
	for _, p := range r.res.Pairs {
		a, b := &r.records[p.A], &r.records[p.B]
		prob := p.Probability()
		row[0], row[1], row[2], row[3] = esc(a.Source), esc(a.ID), esc(b.Source), esc(b.ID)
		row[4], row[5] = r.goldenID(int(p.A)), r.goldenID(int(p.B))
		row[6], row[7] = fmtFloat(p.Weight, 3), fmtFloat(prob, 6)
		row[8] = strconv.FormatBool(prob >= r.res.Threshold && !p.Conflict)
		row[9] = ""
		if p.Conflict {
			row[9] = "different given names, no shared birth date, e-mail or national id"
		}
		tf := r.res.TFAdjustment(p)
		for ci := range lv {
			lv[ci] = int8((p.Code>>(3*ci))&7) - 1
		}
		for ci, l := range lv {
			if l < 0 {
				row[10+2*ci], row[11+2*ci] = "missing", "0"
				continue
			}
			row[10+2*ci] = comps[ci].Levels[l]
			row[11+2*ci] = fmtFloat(model.Weight(ci, l)+tf[ci], 3)
		}
		if err := c.w.Write(row); err != nil {
			return err
		}
	}
	return c.done()
}

// writeRecords writes records.csv: every accepted row as mapped onto the
// canonical fields (raw values), so that stewards and the report can show
// the members of a golden record side by side.
func (r *run) writeRecords(o *outputs) error {
	used := r.usedFields()
	header := []string{"source", "record_id", "line", "golden_id"}
	var cols []doppel.Field
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		if used[f] {
			cols = append(cols, f)
			header = append(header, f.String())
		}
	}
	c, err := o.create(RecordsFile, header)
	if err != nil {
		return err
	}
	row := make([]string, len(header))
	for i := range r.records {
		rec := &r.records[i]
		row[0], row[1], row[2], row[3] = esc(rec.Source), esc(rec.ID), strconv.Itoa(rec.Line), r.goldenID(i)
		for k, f := range cols {
			row[4+k] = esc(rec.Get(f))
		}
		if err := c.w.Write(row); err != nil {
			return err
		}
	}
	return c.done()
}

// usedFields says which fields some record has a value of. Only fields
// that some input maps can have one.
func (r *run) usedFields() [doppel.NumFields]bool {
	var used [doppel.NumFields]bool
	var need []doppel.Field
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		for _, in := range r.inputs {
			if _, ok := in.info.Mapping[f.String()]; ok {
				need = append(need, f)
				break
			}
		}
	}
	for i := 0; i < len(r.records) && len(need) > 0; i++ {
		need = slices.DeleteFunc(need, func(f doppel.Field) bool {
			if r.records[i].Get(f) != "" {
				used[f] = true
				return true
			}
			return false
		})
	}
	return used
}

func (r *run) writeRejects(o *outputs) error {
	c, err := o.create(RejectsFile, []string{"source", "file", "line", "column", "reason", "raw"})
	if err != nil {
		return err
	}
	for _, in := range r.inputs {
		for _, rj := range in.rejects {
			col := ""
			if rj.Column > 0 {
				col = strconv.Itoa(rj.Column)
			}
			if err := c.w.Write([]string{esc(rj.Source), esc(textSafe(rj.File)), strconv.Itoa(rj.Line), col, esc(textSafe(rj.Reason)), esc(textSafe(rj.Raw))}); err != nil {
				return err
			}
		}
	}
	return c.done()
}

// textSafe makes a rejected row's text valid UTF-8 without NUL bytes, so
// that rejects.csv itself is clean text: invalid bytes become U+FFFD and
// NUL becomes the visible U+2400 (␀).
func textSafe(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "\u2400")
	}
	return s
}

func (r *run) summary() *Summary {
	s := &Summary{
		Threshold: r.res.Threshold, Blocks: r.res.Blocks, Oversized: r.res.Oversized, SpilledBytes: r.res.Spilled,
		CappedLinks: r.res.Capped, ClusterSizes: map[string]int{}, TimingsMS: map[string]float64{},
		LinkOnly: r.opt.LinkOnly || r.cfg.Match.LinkOnly,
		Outputs:  []string{CrosswalkFile, GoldenFile, LineageFile, PairsFile, RejectsFile, ReviewFile, RecordsFile, SummaryFile},
	}
	if r.reportPlanned() {
		s.Outputs = append(s.Outputs, report.FileName)
	}
	lo, hi := r.reviewBand()
	s.Review = ReviewSummary{Low: lo, High: hi, Pairs: r.reviewPairs}
	s.Decisions = r.decisionReport
	if r.opt.Overrides != "" {
		s.Overrides = &OverrideReport{File: r.opt.Overrides, Applied: r.overridesApplied, Unknown: r.unknownOverrides}
	}
	for _, in := range r.inputs {
		s.Sources = append(s.Sources, in.info)
		s.Counts.Read += in.info.Rows
		s.Counts.Rejected += len(in.rejects)
	}
	s.Counts.Accepted = len(r.records)
	s.Counts.Golden = len(r.goldID)
	s.Counts.Compared = r.res.Compared
	s.Counts.Matched = r.res.Matched
	s.Counts.Clusters = r.sizes.multi
	s.LargestClust = r.sizes.largest
	maps.Copy(s.ClusterSizes, r.sizes.counts)
	m := r.res.Model
	s.Model = ModelSummary{Lambda: m.Lambda, PriorWeight: m.PriorWeight(), Iterations: m.Iterations, Converged: m.Converged}
	for c, name := range m.Comparisons {
		cm := ComparisonModel{Name: name}
		for l, lab := range m.Levels[c] {
			cm.Levels = append(cm.Levels, LevelModel{Label: lab, M: m.M[c][l], U: m.U[c][l], Weight: m.Weight(c, int8(l))})
		}
		s.Model.Comparisons = append(s.Model.Comparisons, cm)
	}
	return s
}
