// Package pipeline runs doppel end to end: read departmental exports, map
// and normalise their columns, match (block, score, cluster), merge golden
// records and write the outputs atomically. The cli package parses flags and
// calls Dedupe; tests call it in-process.
package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/match"
	"github.com/doppel-dev/doppel/merge"
	"github.com/doppel-dev/doppel/normalize"
	"github.com/doppel-dev/doppel/report"
	"github.com/doppel-dev/doppel/rules"
)

// Options configure a run. Flags given on the command line override the
// rules file; zero values mean "use the rules file or the default".
type Options struct {
	Files     []string      // input exports
	Rules     *rules.Config // nil = defaults
	OutDir    string        // output folder (created if missing)
	LinkOnly  bool          // match only across sources
	Threshold float64       // match probability threshold
	Region    string        // default phone region
	DateOrder string        // default order for ambiguous dates
	Encoding  string        // default input encoding
	Delimiter rune          // default delimiter (0 = sniff)
	Workers   int           // 0 = GOMAXPROCS
	// Progress, if set, receives stage progress (safe for concurrent use).
	Progress func(stage string, done, total int)
	// Decisions is a steward decisions file (an edited review.csv): its
	// match / no-match verdicts become must-link and cannot-link constraints.
	Decisions string
	// Overrides is an overrides.csv that pins golden field values.
	Overrides string
	// Report says when report.html is written: "auto" (the default: up to
	// ReportAutoLimit accepted records), "always" or "never".
	Report string
	// ReviewLow and ReviewHigh bound the review band (0 = defaults).
	ReviewLow, ReviewHigh float64
	// Log, if set, receives one-line notes (mapping decisions).
	Log func(format string, args ...any)
	// Warn, if set, receives warnings (decisions about records that no
	// longer exist, overrides that apply to nothing).
	Warn func(format string, args ...any)
}

// The summary.json types are declared in the root package; these aliases
// keep their pipeline names.
type (
	Summary         = doppel.Summary
	SourceInfo      = doppel.SourceInfo
	ModelSummary    = doppel.ModelSummary
	ComparisonModel = doppel.ComparisonModel
	LevelModel      = doppel.LevelModel
	ReviewSummary   = doppel.ReviewSummary
	OverrideReport  = doppel.OverrideReport
	DecisionReport  = doppel.DecisionReport
	UnknownRecord   = doppel.UnknownRecord
)

// ReportAutoLimit is the largest number of accepted records for which
// report.html is written by default: the report re-reads every output, and
// a browser page for a million records is of little use to a steward.
const ReportAutoLimit = 250_000

// run holds the state of one dedupe run.
type run struct {
	opt     Options
	cfg     *rules.Config
	inputs  []*input
	records []doppel.Record // canonical order: by source, then id
	srcIdx  []int           // source index per record
	feats   []match.Features
	res     *match.Result
	golden  []merge.Golden
	goldOf  []int // golden index per record
	timings map[string]time.Duration

	decisions        []Decision
	undecided        int
	decisionReport   *DecisionReport
	overrides        []Override
	overridesApplied int
	unknownOverrides []UnknownRecord
	reviewPairs      int
}

// Dedupe runs the whole pipeline and writes the outputs to opt.OutDir.
func Dedupe(ctx context.Context, opt Options) (*Summary, error) {
	if len(opt.Files) == 0 {
		return nil, fmt.Errorf("no input files")
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	cfg := opt.Rules
	if cfg == nil {
		cfg = &rules.Config{}
	}
	r := &run{opt: opt, cfg: cfg, timings: map[string]time.Duration{}}
	// Steward files are read (and validated) before any input.
	if opt.Decisions != "" {
		d, und, err := ReadDecisions(opt.Decisions)
		if err != nil {
			return nil, &InputError{Err: fmt.Errorf("decisions: %w", err)}
		}
		r.decisions, r.undecided = d, und
	}
	if opt.Overrides != "" {
		ov, err := ReadOverrides(opt.Overrides)
		if err != nil {
			return nil, &InputError{Err: fmt.Errorf("overrides: %w", err)}
		}
		r.overrides = ov
	}
	steps := []struct {
		name string
		f    func(context.Context) error
	}{
		{"read", r.read},
		{"normalize", r.normalize},
		{"match", r.match},
		{"merge", r.merge},
	}
	for _, s := range steps {
		t := time.Now()
		if err := s.f(ctx); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r.timings[s.name] = time.Since(t)
	}
	sum, err := r.write()
	if err != nil {
		return nil, err
	}
	// The report reads the committed outputs.
	if r.reportPlanned() {
		if err := report.Write(opt.OutDir); err != nil {
			return nil, fmt.Errorf("write report: %w", err)
		}
	} else {
		r.logf("report.html not written for %d records (--report %s; auto writes it up to %d)", sum.Counts.Accepted, r.opt.Report, ReportAutoLimit)
	}
	return sum, nil
}

// reportPlanned says whether report.html is written for this run.
func (r *run) reportPlanned() bool {
	return r.opt.Report == "always" || (r.opt.Report != "never" && len(r.records) <= ReportAutoLimit)
}

func (r *run) logf(format string, args ...any) {
	if r.opt.Log != nil {
		r.opt.Log(format, args...)
	}
}

func (r *run) warnf(format string, args ...any) {
	if r.opt.Warn != nil {
		r.opt.Warn(format, args...)
	}
}

// read reads every input (in parallel, one goroutine per file) and puts the
// records in canonical order.
func (r *run) read(ctx context.Context) error {
	files := r.opt.Files
	r.inputs = make([]*input, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, r.opt.Workers)
	var mu sync.Mutex
	done := 0
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			prog := func(n int) {
				if r.opt.Progress == nil {
					return
				}
				mu.Lock()
				done += n
				d := done
				mu.Unlock()
				r.opt.Progress("read", d, 0)
			}
			r.inputs[i], errs[i] = readSource(f, r.cfg, r.opt, prog)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return &InputError{Err: err}
		}
	}
	seen := map[string]string{}
	for _, in := range r.inputs {
		if prev, ok := seen[in.info.Name]; ok {
			return &InputError{Err: fmt.Errorf("%s and %s have the same source name %q: rename one or set a [source] section in the rules file", prev, in.info.File, in.info.Name)}
		}
		seen[in.info.Name] = in.info.File
	}
	// Canonical order: sources by name, records by id (already sorted).
	slices.SortFunc(r.inputs, func(a, b *input) int { return cmp.Compare(a.info.Name, b.info.Name) })
	n := 0
	for _, in := range r.inputs {
		n += len(in.records)
	}
	r.records = make([]doppel.Record, 0, n)
	r.srcIdx = make([]int, 0, n)
	for si, in := range r.inputs {
		r.records = append(r.records, in.records...)
		for range in.records {
			r.srcIdx = append(r.srcIdx, si)
		}
		in.records = nil
		r.logf("%s: %s, %s, delimiter %q, %d rows (%d rejected), id column %q",
			in.info.Name, in.info.File, in.info.Encoding, in.info.Delimiter, in.info.Rows, in.info.Rejected, in.info.IDColumn)
	}
	return nil
}

func (r *run) baseNormalizeOptions() normalize.Options {
	o := normalize.Options{Region: r.cfg.Match.Region, DateOrder: r.cfg.Match.DateOrder}
	if r.opt.Region != "" {
		o.Region = r.opt.Region
	}
	if r.opt.DateOrder != "" {
		o.DateOrder = r.opt.DateOrder
	}
	return o
}

func (r *run) sourceOptions() []match.SourceOptions {
	so := make([]match.SourceOptions, len(r.inputs))
	for i, in := range r.inputs {
		so[i] = match.SourceOptions{Region: in.src.Region, DateOrder: in.src.DateOrder}
	}
	return so
}

// normalize computes the matching features of every record, in parallel.
func (r *run) normalize(ctx context.Context) error {
	base := r.baseNormalizeOptions()
	so := r.sourceOptions()
	if _, err := match.NewFeaturizer(base, so); err != nil {
		return &UsageError{Err: err}
	}
	r.feats = make([]match.Features, len(r.records))
	const chunk = 2048
	tasks := (len(r.records) + chunk - 1) / chunk
	var mu sync.Mutex
	done := 0
	parallel(tasks, r.opt.Workers, func() func(int) {
		fz, _ := match.NewFeaturizer(base, so)
		return func(t int) {
			if ctx.Err() != nil {
				return
			}
			hi := min(len(r.records), (t+1)*chunk)
			for i := t * chunk; i < hi; i++ {
				r.feats[i] = fz.Features(&r.records[i], r.srcIdx[i])
			}
			if r.opt.Progress != nil {
				mu.Lock()
				done += hi - t*chunk
				d := done
				mu.Unlock()
				r.opt.Progress("normalize", d, len(r.records))
			}
		}
	})
	return ctx.Err()
}

func (r *run) threshold() float64 {
	if r.opt.Threshold > 0 {
		return r.opt.Threshold
	}
	return r.cfg.Match.Threshold
}

func (r *run) match(ctx context.Context) error {
	mo := match.Options{
		Threshold:  r.threshold(),
		MaxCluster: r.cfg.Match.MaxCluster,
		Workers:    r.opt.Workers,
		Progress:   r.opt.Progress,
	}
	mo.Block.LinkOnly = r.opt.LinkOnly || r.cfg.Match.LinkOnly
	for _, f := range r.cfg.Match.Fields {
		mo.Comparisons = append(mo.Comparisons, comparisonsFor(f)...)
	}
	mo.MustLink, mo.CannotLink = r.applyDecisions()
	for _, f := range r.cfg.Match.Distinct {
		mo.Distinct = append(mo.Distinct, f.String())
	}
	res, err := match.Run(ctx, r.feats, mo)
	if err != nil {
		return err
	}
	r.res = res
	r.noteRefusedMusts(res.MustRefused)
	return nil
}

// comparisonsFor names the comparisons that use a field.
func comparisonsFor(f doppel.Field) []string {
	switch f {
	case doppel.Mobile, doppel.Phone:
		return []string{"phone"}
	case doppel.Address:
		return []string{"street_number", "street", "address_2"}
	case doppel.CustomerRef:
		return []string{"customer_ref"}
	}
	return []string{f.String()}
}

// parallel runs tasks on workers goroutines; mk is called once per worker
// to create its state (a Normalizer, say) and returns the task function.
func parallel(tasks, workers int, mk func() func(int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(workers, max(tasks, 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := mk()
			for t := range next {
				f(t)
			}
		}()
	}
	for t := 0; t < tasks; t++ {
		next <- t
	}
	close(next)
	wg.Wait()
}
