// Package pipeline runs doppel end to end: read departmental exports, map
// and normalise their columns, match (block, score, cluster), merge golden
// records and write the outputs atomically. The cli package parses flags and
// calls Dedupe; tests call it in-process.
package pipeline

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/match"
	"github.com/doppel-dev/doppel/merge"
	"github.com/doppel-dev/doppel/rules"
	"github.com/doppel-dev/doppel/runfiles"
)

// Options configure a run. Flags given on the command line override the
// rules file; zero values mean "use the rules file or the default".
type Options struct {
	Files []string // input exports
	// Plan is the run's settings, resolved and validated once (the CLI
	// builds it with rules.NewPlan). nil: Dedupe builds it from Rules and
	// the override fields below.
	Plan      *rules.Plan
	Rules     *rules.Config // nil = defaults
	OutDir    string        // output folder (created if missing)
	LinkOnly  bool          // match only across sources
	Threshold float64       // match probability threshold
	Region    string        // default phone region
	DateOrder string        // default order for ambiguous dates
	Encoding  string        // default input encoding
	Delimiter rune          // default delimiter (0 = sniff)
	Workers   int           // 0 = GOMAXPROCS
	// SpillDir is where candidate generation spills to disk beyond
	// SpillBudget bytes per spool ("" = the system temp folder, 0 = the
	// default budget, match.DefaultSpillBudget).
	SpillDir    string
	SpillBudget int64
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
	// AllowNoEvidence runs a source set that has nothing to match on (every
	// record stays alone, with a warning) instead of failing: audit uses it.
	AllowNoEvidence bool
	// Log, if set, receives one-line notes (mapping decisions).
	Log func(format string, args ...any)
	// Warn, if set, receives warnings (decisions about records that no
	// longer exist, overrides that apply to nothing).
	Warn func(format string, args ...any)
	// OutputFS is the file system the outputs are written through (nil =
	// the operating system's); tests inject failures with it.
	OutputFS runfiles.FS
	// Engine, if set, runs blocking and candidate scoring on another
	// engine (match.Engine; the Beam module sets it).
	Engine match.Engine
	// MergeEngine, if set, merges the golden records on another engine
	// (the Beam module sets it).
	MergeEngine MergeEngine
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
	SharedValue     = doppel.SharedValue
	GendersLearnt   = doppel.GendersLearnt
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
	// warnings are every warning of the run, in order, for summary.json.
	warnMu   sync.Mutex
	warnings []string

	opt     Options
	plan    *rules.Plan   // the settings; stages read these, not opt's overrides
	hh      *households   // the household of every golden record (set by merge)
	cfg     *rules.Config // plan.Rules: sources, survivorship
	inputs  []*input
	records []doppel.Record // canonical order: by source, then id
	srcIdx  []int           // source index per record
	feats   *match.Store
	// shared are the values read as missing because many people share
	// them (match.Store.Derive).
	shared []SharedValue
	// genders is what normalize learnt of given names' genders.
	genders GendersLearnt
	res     *match.Result
	timings map[string]time.Duration

	// Golden records, numbered in golden id order (set by group).
	goldOf      []int32    // golden index per record
	goldID      []merge.ID // golden id per golden index
	members     []int32    // record indices of golden g: members[memberStart[g]:memberStart[g+1]]
	memberStart []int32    // (dropped after merging)
	sizes       clusterSizes
	// out holds the output files being written (golden.csv and lineage.csv
	// are written by the merge stage); created by outputs.
	out *outputs

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
	plan, err := opt.plan()
	if err != nil {
		return nil, err
	}
	r := &run{opt: opt, plan: plan, cfg: plan.Rules, timings: map[string]time.Duration{}}
	// Steward files are read (and validated) before any input.
	if opt.Decisions != "" {
		d, und, err := ReadDecisions(opt.Decisions)
		if err != nil {
			return nil, &InputError{Err: fmt.Errorf("decisions file: %w", err)}
		}
		r.decisions, r.undecided = d, und
	}
	if opt.Overrides != "" {
		ov, err := ReadOverrides(opt.Overrides)
		if err != nil {
			return nil, &InputError{Err: fmt.Errorf("overrides file: %w", err)}
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
	// The output folder is locked for the whole run, and nothing is
	// renamed into place unless the whole run succeeds; abort does
	// nothing after the commit.
	if err := r.begin(); err != nil {
		return nil, err
	}
	defer r.out.abort()
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
	// The report joins the same batch; the commit refuses once ctx is
	// cancelled.
	return r.write(ctx)
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
	r.warnMu.Lock()
	r.warnings = append(r.warnings, fmt.Sprintf(format, args...))
	r.warnMu.Unlock()
	if r.opt.Warn != nil {
		r.opt.Warn(format, args...)
	}
}

// plan returns the run's plan: opt.Plan, or one built from the rules file
// and the command-line settings.
func (opt Options) plan() (*rules.Plan, error) {
	if opt.Plan != nil {
		return opt.Plan, nil
	}
	p, err := rules.NewPlan(opt.Rules, rules.Overrides{Threshold: opt.Threshold, LinkOnly: opt.LinkOnly,
		Region: opt.Region, DateOrder: opt.DateOrder, ReviewLow: opt.ReviewLow, ReviewHigh: opt.ReviewHigh})
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	return &p, nil
}
