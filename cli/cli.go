// Package cli is the doppel command line. Run takes the arguments and the
// standard streams and returns the exit code, so every command can be
// tested in-process; cmd/doppel/main.go only calls it.
//
// Exit codes: 0 ok, 1 usage error, 2 input error, 3 internal error or
// interrupted, 4 quality gates failed (audit), 5 output error.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/doppel-dev/doppel/csvio"
	"github.com/doppel-dev/doppel/evaluate"
	"github.com/doppel-dev/doppel/match"
	"github.com/doppel-dev/doppel/normalize"
	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/rules"
	"github.com/doppel-dev/doppel/sinks"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitUsage    = 1 // flags, arguments, rules file
	ExitInput    = 2 // a missing or unreadable input, no header, a mapped column missing
	ExitInternal = 3 // a bug, or the run was interrupted (Ctrl-C)
	// ExitGates (4, audit.go): a quality gate failed.
	ExitOutput = 5 // the outputs could not be written (full disk, unwritable folder)
)

// exitError carries an exit code with an error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &exitError{ExitUsage, fmt.Errorf(format, args...)}
}

// Env is what a command sees of the world besides its arguments.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// StderrIsTerminal enables the progress bar.
	StderrIsTerminal bool
	// Engine, if set, runs dedupe's blocking and candidate scoring on
	// another engine (the Beam module's doppel-beam sets it).
	Engine match.Engine
	// MergeEngine, if set, merges dedupe's golden records on another
	// engine (doppel-beam sets it).
	MergeEngine pipeline.MergeEngine
}

const usage = `doppel finds the same customer in many exports and builds one golden record each.

Usage:
  doppel dedupe [--rules FILE] [--out DIR] [--link-only] FILE...
  doppel eval --truth TRUTH.csv DIR/crosswalk.csv
  doppel audit [--rules FILE] [--out DIR] [--format text|json|html] FILE...
  doppel explain --out DIR SOURCE:ID [SOURCE:ID]
  doppel help [COMMAND]
  doppel --version

Commands:
  dedupe   match records within and across exports, write golden records and a crosswalk
  eval     score a crosswalk against ground truth (pair and B-cubed precision/recall/F1)
  audit    data-quality report per source and across sources, with quality gates
  explain  why a record is in its cluster, or why two records are (not) merged

Run 'doppel COMMAND --help' for the options of a command.

Exit codes:
  0  ok
  1  usage error: a bad flag, argument or rules file
  2  input error: a missing or unreadable input file, no header, a mapped column missing
  3  internal error, or interrupted (Ctrl-C: the previous outputs are left as they were)
  4  quality gates failed (audit)
  5  output error: the outputs could not be written (full disk, unwritable folder)
`

// Run runs the doppel command with args (without the program name).
func Run(ctx context.Context, args []string, env Env) int {
	err := dispatch(ctx, args, env)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(env.Stderr, "doppel: interrupted; the outputs of the previous run were left as they were")
		return ExitInternal
	}
	fmt.Fprintf(env.Stderr, "doppel: %v\n", err)
	return exitCode(err)
}

// exitCode maps an error to its exit code: an explicit code first, then
// the pipeline's error types (an output error before the file-system
// error it may wrap), then a file-system error is an input error.
func exitCode(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var oe *pipeline.OutputError
	if errors.As(err, &oe) {
		return ExitOutput
	}
	var ie *pipeline.InputError
	if errors.As(err, &ie) {
		return ExitInput
	}
	var ue *pipeline.UsageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return ExitInput
	}
	return ExitInternal
}

func dispatch(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return usageErr("no command given")
	}
	switch args[0] {
	case "dedupe":
		return runDedupe(ctx, args[1:], env)
	case "eval":
		return runEval(args[1:], env)
	case "audit":
		return runAudit(ctx, args[1:], env)
	case "explain":
		return runExplain(args[1:], env)
	case "help", "-h", "--help", "-help":
		if len(args) > 1 && args[0] == "help" {
			return dispatch(ctx, []string{args[1], "--help"}, env)
		}
		fmt.Fprint(env.Stdout, usage)
		return nil
	case "version", "--version":
		fmt.Fprintln(env.Stdout, "doppel", Version)
		return nil
	}
	fmt.Fprint(env.Stderr, usage)
	return usageErr("unknown command %q; run 'doppel help' for the commands", args[0])
}

// Version is the doppel version string.
const Version = "0.1.0-dev"

// newFlagSet returns a flag set whose Usage prints the command's help on
// stdout. Parse errors are not printed by the flag package: parseInterleaved
// returns them as one sentence, and Run prints it once.
func newFlagSet(name, synopsis string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(env.Stdout, "Usage: %s\n\nOptions:\n", synopsis)
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parseInterleaved parses flags that may come before or after the file
// arguments (doppel dedupe a.csv b.csv --out x), then checks the values of
// the numeric, region, date-order and encoding flags that were given.
// --help prints the help and returns flag.ErrHelp.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	help := fs.Usage
	fs.Usage = func() {} // the flag package calls it on errors too
	defer func() { fs.Usage = help }()
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				help()
				return nil, err
			}
			return nil, &exitError{ExitUsage, flagError(fs, err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			files = append(files, args[1:]...)
			break
		}
		files = append(files, args[0])
		args = args[1:]
	}
	if err := checkFlags(fs); err != nil {
		return nil, &exitError{ExitUsage, err}
	}
	return files, nil
}

// isProbabilityFlag says whether the flag holds a match probability, which
// takes the rules file's range.
func isProbabilityFlag(name string) bool {
	return name == "threshold" || name == "review-low" || name == "review-high"
}

// maxSpillMB bounds --spill-mb (1 TiB) so that the budget in bytes cannot
// overflow.
const maxSpillMB = 1 << 20

// flagError rewrites an error of the flag package as one sentence naming
// the flag the way the user types it (--name), with the same words as the
// rules file for the same kind of value.
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return fmt.Errorf("unknown flag -%s; run 'doppel %s --help' for the options", name, fs.Name())
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return fmt.Errorf("-%s needs a value", name)
	}
	// invalid value "V" for flag -NAME: REASON
	// invalid boolean value "V" for -NAME: REASON
	rest, ok := strings.CutPrefix(msg, "invalid value ")
	if !ok {
		rest, ok = strings.CutPrefix(msg, "invalid boolean value ")
	}
	if !ok {
		return err
	}
	quoted, qerr := strconv.QuotedPrefix(rest)
	if qerr != nil {
		return err
	}
	value, _ := strconv.Unquote(quoted)
	rest = strings.TrimPrefix(strings.TrimPrefix(rest[len(quoted):], " for flag -"), " for -")
	name, reason, ok := strings.Cut(rest, ": ")
	if !ok {
		return err
	}
	f := fs.Lookup(name)
	switch {
	case f == nil:
		return err
	case isProbabilityFlag(name):
		if _, perr := rules.ParseProbability(value); perr != nil {
			return fmt.Errorf("--%s: %v", name, perr)
		}
	case isBoolFlag(f):
		return fmt.Errorf("--%s: %q is not true or false", name, value)
	case name == "spill-mb":
		return fmt.Errorf("--%s: %q is not a whole number", name, value)
	}
	return fmt.Errorf("--%s: %s", name, reason)
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// checkFlags validates the flags that were given (a flag left out keeps
// its default, which the rules file may override): probabilities with the
// rules file's rule, --spill-mb, --region and --date-order with the
// normaliser's rules, and --encoding with the reader's.
func checkFlags(fs *flag.FlagSet) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		if err != nil {
			return
		}
		v := f.Value.String()
		switch {
		case isProbabilityFlag(f.Name):
			if _, perr := rules.ParseProbability(v); perr != nil {
				err = fmt.Errorf("--%s: %v", f.Name, perr)
			}
		case f.Name == "spill-mb":
			if n, _ := strconv.Atoi(v); n < 1 || n > maxSpillMB {
				err = fmt.Errorf("--%s: %s is out of range 1..%d", f.Name, v, maxSpillMB)
			}
		case f.Name == "region":
			if _, nerr := normalize.New(normalize.Options{Region: v}); nerr != nil {
				err = fmt.Errorf("--%s: %v", f.Name, nerr)
			}
		case f.Name == "date-order":
			if _, nerr := normalize.New(normalize.Options{DateOrder: v}); nerr != nil {
				err = fmt.Errorf("--%s: %v", f.Name, nerr)
			}
		case f.Name == "encoding":
			if cerr := checkEncoding(v); cerr != nil {
				err = fmt.Errorf("--%s: %v", f.Name, cerr)
			}
		}
	})
	return err
}

// checkEncoding reports whether the CSV reader knows the encoding name, by
// reading a one-line file with it: plain text, and text with either UTF-16
// byte order mark (an encoding such as utf-16 insists on one). The reader
// stays the only place that knows the names and their aliases.
func checkEncoding(name string) error {
	var first error
	for _, probe := range []string{"a\n", "\xFF\xFEa\x00\n\x00", "\xFE\xFF\x00a\x00\n"} {
		_, err := csvio.NewReader(strings.NewReader(probe), "", csvio.Options{Encoding: name})
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	// NewReader says "read NAME: ..."; the flag is named by the caller.
	if inner := errors.Unwrap(first); inner != nil {
		return inner
	}
	return first
}

const (
	dedupeSynopsis = "doppel dedupe [--rules FILE] [--out DIR] [--link-only] FILE..."
	evalSynopsis   = "doppel eval --truth TRUTH.csv [--by-source-pair] [--cases CASES.csv] [--households HOUSEHOLDS.csv] DIR/crosswalk.csv"
)

func runDedupe(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet("dedupe", dedupeSynopsis, env)
	in := addInputFlags(fs, "rules file (column mapping, thresholds, survivorship; see README)")
	out := fs.String("out", "doppel-out", "output folder")
	linkOnly := fs.Bool("link-only", false, "match only across files (two-source linkage), never within a file")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	verbose := fs.Bool("verbose", false, "print how every source was read and mapped")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) of the run to this file")
	spillDir := fs.String("spill-dir", "", "folder for temporary spill files of large runs (default: the system temp folder)")
	spillMB := fs.Int("spill-mb", 512, "MiB of blocking keys and of candidate pairs each kept in memory before spilling to --spill-dir")
	decisions := fs.String("decisions", "", "steward decisions: an edited review.csv (decision column: match / no-match)")
	overrides := fs.String("overrides", "", "overrides.csv pinning golden values (golden_id or source+record_id, field, value)")
	reportMode := fs.String("report", "auto", "write report.html: auto (up to 250,000 records), always or never")
	reviewLow := fs.Float64("review-low", 0, "lower bound of the review band (match probability, default 0.1)")
	reviewHigh := fs.Float64("review-high", 0, "upper bound of the review band (default 0.9)")
	suggest := fs.Bool("suggest-rules", false, "print the inferred column mapping of every input as a rules file to edit and pass with --rules, and stop")
	sinkURL := fs.String("sink", "", "also load golden, crosswalk, lineage, pairs and the summary into database tables, in one transaction: postgres://USER@HOST/DB?schema=NAME or sqlite:PATH (password from PGPASSWORD or .pgpass)")
	runID := fs.String("run-id", "", "the run's id in the --sink tables; loading it again replaces its rows (default: the --out folder's name)")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	files = in.files(files) // and the --source files
	if len(files) == 0 {
		return usageErr("no input files; usage: %s", dedupeSynopsis)
	}
	switch *reportMode {
	case "auto", "always", "never":
	default:
		return usageErr("--report must be auto, always or never, got %q", *reportMode)
	}
	set, err := in.resolve()
	if err != nil {
		return err
	}
	var sink *sinks.Sink
	if *sinkURL != "" {
		if sink, err = sinks.Parse(*sinkURL); err != nil {
			return &exitError{ExitUsage, err}
		}
		if *runID == "" {
			*runID = filepath.Base(filepath.Clean(*out))
		}
	}
	// Flags and the rules file become one validated plan, once.
	plan, err := rules.NewPlan(set.Rules, rules.Overrides{Threshold: set.Threshold, LinkOnly: *linkOnly,
		Region: set.Region, DateOrder: set.DateOrder, ReviewLow: *reviewLow, ReviewHigh: *reviewHigh})
	if err != nil {
		return &exitError{ExitUsage, err}
	}
	opt := pipeline.Options{
		Files: files, OutDir: *out, Plan: &plan, Encoding: set.Encoding, Delimiter: set.Delimiter,
		Decisions: *decisions, Overrides: *overrides,
		Report: *reportMode, SpillDir: *spillDir, SpillBudget: int64(*spillMB) << 20,
		Engine: env.Engine, MergeEngine: env.MergeEngine,
	}
	if *suggest {
		text, err := pipeline.SuggestRules(opt)
		if err != nil {
			return err
		}
		_, err = io.WriteString(env.Stdout, text)
		return err
	}
	if !*quiet {
		opt.Warn = func(format string, args ...any) { fmt.Fprintf(env.Stderr, "doppel: warning: "+format+"\n", args...) }
	}
	if *verbose {
		opt.Log = func(format string, args ...any) { fmt.Fprintf(env.Stderr, format+"\n", args...) }
	}
	var bar *progress
	if env.StderrIsTerminal && !*quiet {
		bar = newProgress(env.Stderr)
		opt.Progress = bar.update
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return usageErr("--cpuprofile: cannot create %s: %v", *cpuProfile, pathReason(err))
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return usageErr("--cpuprofile: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	sum, err := pipeline.Dedupe(ctx, opt)
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return err
	}
	if err := sum.Counts.Check(); err != nil {
		return &exitError{ExitInternal, err}
	}
	if !*quiet {
		c := sum.Counts
		fmt.Fprintf(env.Stdout, "read %d rows from %d sources: %d accepted, %d rejected\n", c.Read, len(sum.Sources), c.Accepted, c.Rejected)
		fmt.Fprintf(env.Stdout, "compared %d candidate pairs, %d matched (threshold %.2f)\n", c.Compared, c.Matched, sum.Threshold)
		fmt.Fprintf(env.Stdout, "%d golden records (%d clusters of 2 or more, largest %d) in %.1fs\n", c.Golden, c.Clusters, sum.LargestClust, time.Since(start).Seconds())
		fmt.Fprintf(env.Stdout, "%d pairs to review (match probability %.2f to %.2f) in review.csv\n", sum.Review.Pairs, sum.Review.Low, sum.Review.High)
		if d := sum.Decisions; d != nil {
			fmt.Fprintf(env.Stdout, "decisions: %d match, %d no-match applied; %d naming unknown records\n", d.Match, d.NoMatch, len(d.Unknown))
		}
		if o := sum.Overrides; o != nil {
			fmt.Fprintf(env.Stdout, "overrides: %d applied, %d unknown\n", o.Applied, len(o.Unknown))
		}
		fmt.Fprintf(env.Stdout, "outputs in %s: %s\n", *out, strings.Join(sum.Outputs, ", "))
	}
	if sink != nil {
		res, err := sink.Load(ctx, *runID, *out)
		if err != nil {
			return &exitError{ExitOutput, err}
		}
		if !*quiet {
			fmt.Fprintf(env.Stdout, "loaded run %q into %s: %d golden, %d crosswalk, %d lineage, %d pairs rows\n",
				*runID, sink.URL, res.Rows["golden"], res.Rows["crosswalk"], res.Rows["lineage"], res.Rows["pairs"])
		}
	}
	return nil
}

func runEval(args []string, env Env) error {
	fs := newFlagSet("eval", evalSynopsis, env)
	truth := fs.String("truth", "", "ground truth CSV with columns id,entity (optionally source)")
	partial := fs.Bool("partial", false, "score even when under half of the truth records or of the crosswalk rows are in both files")
	bySource := fs.Bool("by-source-pair", false, "also print pair precision/recall/F1 within one source, across sources and per pair of sources")
	casesPath := fs.String("cases", "", "hard-case labels CSV with columns id,kind (optionally source, group), as doppel-synth -hard writes them: also print per kind the missed pairs and the wrongly merged pairs of one kind and group (implies --by-source-pair)")
	housePath := fs.String("households", "", "household truth CSV with columns id,household (optionally source): also score the households of DIR/golden.csv (its household_id column)")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *truth == "" || len(files) != 1 {
		return usageErr("eval needs --truth and exactly one crosswalk file; usage: %s", evalSynopsis)
	}
	t, err := evaluate.ReadTruth(*truth)
	if err != nil {
		return &exitError{ExitInput, err}
	}
	xw, err := evaluate.ReadCrosswalk(files[0])
	if err != nil {
		return &exitError{ExitInput, err}
	}
	var cases map[string]evaluate.Case
	if *casesPath != "" {
		if cases, err = evaluate.ReadCases(*casesPath); err != nil {
			return &exitError{ExitInput, err}
		}
	}
	var house, goldenHouse map[string]string
	if *housePath != "" {
		if house, err = evaluate.ReadHouseholds(*housePath); err != nil {
			return &exitError{ExitInput, err}
		}
		if goldenHouse, err = evaluate.ReadGoldenHouseholds(filepath.Join(filepath.Dir(files[0]), "golden.csv")); err != nil {
			return &exitError{ExitInput, err}
		}
	}
	m := evaluate.Score(t, xw)
	if err := m.CheckOverlap(*partial); err != nil {
		if werr := m.WriteCounts(env.Stdout); werr != nil {
			return werr
		}
		return &exitError{ExitInput, fmt.Errorf("eval: %w", err)}
	}
	if err := m.WriteText(env.Stdout); err != nil {
		return err
	}
	if *bySource || cases != nil {
		fmt.Fprintln(env.Stdout)
		if err := evaluate.ScoreSplit(t, xw, cases).WriteText(env.Stdout); err != nil {
			return err
		}
	}
	if house != nil {
		fmt.Fprintln(env.Stdout)
		return evaluate.ScoreHouseholds(house, t, xw, goldenHouse).WriteText(env.Stdout)
	}
	return nil
}

// pathReason returns what went wrong of a file-system error ("no such file
// or directory"), without the operation and path that the caller names.
func pathReason(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
