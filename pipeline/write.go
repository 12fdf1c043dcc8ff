package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/internal/workpool"
	"github.com/doppel-dev/doppel/report"
	"github.com/doppel-dev/doppel/runfiles"
)

// Output file names (those of runfiles; a test checks that they agree).
const (
	CrosswalkFile  = "crosswalk.csv"
	GoldenFile     = "golden.csv"
	LineageFile    = "lineage.csv"
	PairsFile      = "pairs.csv"
	RejectsFile    = "rejects.csv"
	ReviewFile     = "review.csv"
	RecordsFile    = "records.csv"
	HouseholdsFile = "households.csv"
	SummaryFile    = "summary.json"
	ReportFile     = "report.html"
)

// csvOut is one CSV output being written to a temp file.
type csvOut struct {
	f *runfiles.Out
	w *runfiles.Writer
}

// outputs are all output files of a run (a runfiles.Batch): nothing is
// renamed into place until every file has been written, so a failed or
// interrupted run leaves the previous outputs as they were.
type outputs struct {
	b *runfiles.Batch
}

// create starts an output file and writes its header; safe for concurrent
// use.
func (o *outputs) create(f runfiles.File, header []string) (*csvOut, error) {
	out, err := o.b.Create(f)
	if err != nil {
		return nil, &OutputError{Err: err}
	}
	w, err := f.NewWriter(out, header)
	if err != nil {
		return nil, err
	}
	return &csvOut{f: out, w: w}, nil
}

func (o *outputs) abort() { o.b.Abort() }

func fmtFloat(f float64, prec int) string { return strconv.FormatFloat(f, 'f', prec, 64) }

// begin checks that no input is an output file of this run, then locks
// the output folder and starts the run's set of outputs.
func (r *run) begin() error {
	inputs := append(slices.Clone(r.opt.Files), r.opt.Decisions, r.opt.Overrides)
	inputs = slices.DeleteFunc(inputs, func(s string) bool { return s == "" })
	if err := runfiles.CheckInputs(r.opt.OutDir, inputs); err != nil {
		return &UsageError{Err: err}
	}
	b, err := runfiles.Begin(r.opt.OutDir, r.opt.OutputFS)
	if err != nil {
		return &OutputError{Err: err}
	}
	r.out = &outputs{b: b}
	return nil
}

// goldenID returns the golden id of record i as written in the outputs.
func (r *run) goldenID(i int) string { return r.goldID[r.goldOf[i]].String() }

// cancelEvery is how many rows a writer writes between checks of ctx.
const cancelEvery = 4096

// write writes the CSV outputs the merge stage has not written, then
// summary.json and report.html (built from the temporary files), and
// commits them all as one batch; it returns the summary.
func (r *run) write(ctx context.Context) (sum *Summary, err error) {
	start := time.Now()
	o := r.out
	// The files are independent: format and write them concurrently.
	steps := []func(context.Context, *outputs) error{r.writePairs, r.writeRecords, r.writeCrosswalk, r.writeRejects, r.writeReview, r.writeHouseholds}
	errs := make([]error, len(steps))
	var done atomic.Int64
	workpool.RunWith(len(steps), r.opt.Workers, func() func(int) {
		return func(i int) {
			errs[i] = steps[i](ctx, o)
			if r.opt.Progress != nil {
				r.opt.Progress("write", int(done.Add(1)), len(steps))
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, outputErr(err)
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
	f, err := o.b.Create(runfiles.Summary)
	if err != nil {
		return nil, &OutputError{Err: err}
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		return nil, &OutputError{Err: err}
	}
	if r.reportPlanned() {
		if err := r.writeReport(ctx); err != nil {
			return nil, err
		}
	} else {
		r.logf("report.html not written for %d records (--report %s; auto writes it up to %d)", sum.Counts.Accepted, r.opt.Report, ReportAutoLimit)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := o.b.Commit(ctx); err != nil {
		return nil, outputErr(err)
	}
	return sum, nil
}

// writeReport builds report.html into the batch from the run's temporary
// files, complete by then.
func (r *run) writeReport(ctx context.Context) error {
	o := r.out.b
	paths, err := o.Complete()
	if err != nil {
		return &OutputError{Err: err}
	}
	f, err := o.Create(runfiles.Report)
	if err != nil {
		return &OutputError{Err: err}
	}
	if err := report.Build(ctx, f, func(rf runfiles.File) string { return paths[rf] }); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if ferr := f.Close(); ferr != nil {
			return &OutputError{Err: ferr}
		}
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// outputErr makes a failure to write an output an *OutputError (a
// cancellation stays itself).
func outputErr(err error) error {
	var oe *OutputError
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.As(err, &oe) {
		return err
	}
	return &OutputError{Err: err}
}

// done flushes the file's rows to its temporary file.
func (c *csvOut) done() error {
	if err := c.w.Flush(); err != nil {
		return &OutputError{Err: err}
	}
	return nil
}

// write writes one row; every cancelEvery rows (n counts them) it checks ctx.
func (c *csvOut) write(ctx context.Context, n int, row []string) error {
	if n%cancelEvery == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := c.w.Write(row); err != nil {
		return &OutputError{Err: err}
	}
	return nil
}

func (r *run) writeCrosswalk(ctx context.Context, o *outputs) error {
	c, err := o.create(runfiles.Crosswalk, runfiles.Crosswalk.Header())
	if err != nil {
		return err
	}
	row := make([]string, 3)
	for i := range r.records {
		rec := &r.records[i]
		row[0], row[1], row[2] = rec.Source, rec.ID, r.goldenID(i)
		if err := c.write(ctx, i, row); err != nil {
			return err
		}
	}
	return c.done()
}

func (r *run) writePairs(ctx context.Context, o *outputs) error {
	comps := r.res.Comparisons
	header := runfiles.Pairs.Header()
	for _, cm := range comps {
		header = append(header, cm.Name+"_level", cm.Name+"_weight")
	}
	c, err := o.create(runfiles.Pairs, header)
	if err != nil {
		return err
	}
	model := r.res.Model
	row := make([]string, len(header))
	lv := make([]int8, len(comps))
	for n, p := range r.res.Pairs {
		a, b := &r.records[p.A], &r.records[p.B]
		prob := p.Probability()
		row[0], row[1], row[2], row[3] = a.Source, a.ID, b.Source, b.ID
		row[4], row[5] = r.goldenID(int(p.A)), r.goldenID(int(p.B))
		row[6], row[7] = fmtFloat(p.Weight, 3), fmtFloat(prob, 6)
		row[8] = strconv.FormatBool(prob >= r.res.Threshold && !p.Conflict)
		row[9] = ""
		if p.Conflict {
			row[9] = r.res.ConflictReason(p)
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
		if err := c.write(ctx, n, row); err != nil {
			return err
		}
	}
	return c.done()
}

// writeRecords writes records.csv: every accepted row as mapped onto the
// canonical fields (raw values), so that stewards and the report can show
// the members of a golden record side by side.
func (r *run) writeRecords(ctx context.Context, o *outputs) error {
	used := r.usedFields()
	header := runfiles.Records.Header()
	var cols []doppel.Field
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		if used[f] {
			cols = append(cols, f)
			header = append(header, f.String())
		}
	}
	c, err := o.create(runfiles.Records, header)
	if err != nil {
		return err
	}
	row := make([]string, len(header))
	for i := range r.records {
		rec := &r.records[i]
		row[0], row[1], row[2], row[3] = rec.Source, rec.ID, strconv.Itoa(rec.Line), r.goldenID(i)
		for k, f := range cols {
			row[4+k] = rec.Get(f)
		}
		if err := c.write(ctx, i, row); err != nil {
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

func (r *run) writeRejects(ctx context.Context, o *outputs) error {
	c, err := o.create(runfiles.Rejects, runfiles.Rejects.Header())
	if err != nil {
		return err
	}
	n := 0
	for _, in := range r.inputs {
		for _, rj := range in.rejects {
			col := ""
			if rj.Column > 0 {
				col = strconv.Itoa(rj.Column)
			}
			if err := c.write(ctx, n, []string{rj.Source, textSafe(rj.File), strconv.Itoa(rj.Line), col, textSafe(rj.Reason), textSafe(rj.Raw)}); err != nil {
				return err
			}
			n++
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
		LinkOnly: r.plan.LinkOnly,
		Warnings: slices.Clone(r.warnings),
		Outputs:  []string{CrosswalkFile, GoldenFile, LineageFile, PairsFile, RejectsFile, ReviewFile, RecordsFile, HouseholdsFile, SummaryFile},
	}
	if r.reportPlanned() {
		s.Outputs = append(s.Outputs, ReportFile)
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
	if r.hh != nil {
		s.Counts.Households = len(r.hh.ids)
	}
	s.SharedCount = len(r.shared)
	s.Shared = r.shared[:min(len(r.shared), maxSharedShown)]
	if g := r.genders; g.Records > 0 {
		s.GendersLearnt = &g
	}
	s.LargestClust = r.sizes.largest
	maps.Copy(s.ClusterSizes, r.sizes.counts)
	m := r.res.Model
	s.Model = ModelSummary{Lambda: m.Lambda, PriorWeight: m.PriorWeight(), RandomLambda: m.RandomLambda, Iterations: m.Iterations, Converged: m.Converged}
	for c, name := range m.Comparisons {
		cm := ComparisonModel{Name: name}
		for l, lab := range m.Levels[c] {
			cm.Levels = append(cm.Levels, LevelModel{Label: lab, M: m.M[c][l], U: m.U[c][l], Weight: m.Weight(c, int8(l))})
		}
		s.Model.Comparisons = append(s.Model.Comparisons, cm)
	}
	return s
}
