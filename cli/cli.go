// Package cli is the doppel command line. Run takes the arguments and the
// standard streams and returns the exit code, so every command can be
// tested in-process; cmd/doppel/main.go only calls it.
//
// Exit codes: 0 ok, 1 usage error, 2 input error, 3 internal error.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/doppel-dev/doppel/evaluate"
	"github.com/doppel-dev/doppel/pipeline"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitUsage    = 1
	ExitInput    = 2
	ExitInternal = 3
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
}

const usage = `doppel finds the same customer in many exports and builds one golden record each.

Usage:
  doppel dedupe [--rules FILE] [--out DIR] [--link-only] FILE...
  doppel eval --truth TRUTH.csv DIR/crosswalk.csv
  doppel audit [--rules FILE] [--out DIR] [--format text|json|html] FILE...
  doppel explain --out DIR SOURCE:ID [SOURCE:ID]
  doppel help [COMMAND]

Commands:
  dedupe   match records within and across exports, write golden records and a crosswalk
  eval     score a crosswalk against ground truth (pair and B-cubed precision/recall/F1)
  audit    data-quality report per source and across sources, with quality gates
  explain  why a record is in its cluster, or why two records are (not) merged

Run 'doppel COMMAND --help' for the options of a command.
Exit codes: 0 ok, 1 usage error, 2 input error, 3 internal error,
4 quality gates failed (audit).
`

// Run runs the doppel command with args (without the program name).
func Run(ctx context.Context, args []string, env Env) int {
	err := dispatch(ctx, args, env)
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(env.Stderr, "doppel: interrupted; the outputs of the previous run were left as they were")
		return ExitInternal
	}
	fmt.Fprintf(env.Stderr, "doppel: %v\n", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
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
	if errors.Is(err, context.Canceled) {
		return ExitInternal
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
	return usageErr("unknown command %q", args[0])
}

// Version is the doppel version string.
const Version = "0.1.0-dev"

func newFlagSet(name, synopsis string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stdout, "Usage: %s\n\nOptions:\n", synopsis)
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(env.Stderr)
	}
	return fs
}

// parseInterleaved parses flags that may come before or after the file
// arguments (doppel dedupe a.csv b.csv --out x).
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &exitError{ExitUsage, err}
		}
		args = fs.Args()
		if len(args) == 0 {
			return files, nil
		}
		if args[0] == "--" {
			return append(files, args[1:]...), nil
		}
		files = append(files, args[0])
		args = args[1:]
	}
}

func runDedupe(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet("dedupe", "doppel dedupe [--rules FILE] [--out DIR] [--link-only] FILE...", env)
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
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	files = in.files(files) // and the --source files
	if len(files) == 0 {
		fs.Usage()
		return usageErr("dedupe: no input files")
	}
	set, err := in.resolve()
	if err != nil {
		return err
	}
	if *reviewLow < 0 || *reviewLow >= 1 || *reviewHigh < 0 || *reviewHigh > 1 || (*reviewHigh > 0 && *reviewLow >= *reviewHigh) {
		return usageErr("--review-low and --review-high must satisfy 0 <= low < high <= 1")
	}
	opt := pipeline.Options{
		Files: files, OutDir: *out, LinkOnly: *linkOnly, Threshold: set.Threshold, Rules: set.Rules,
		Region: set.Region, DateOrder: set.DateOrder, Encoding: set.Encoding, Delimiter: set.Delimiter,
		Decisions: *decisions, Overrides: *overrides, ReviewLow: *reviewLow, ReviewHigh: *reviewHigh,
		Report: *reportMode, SpillDir: *spillDir, SpillBudget: int64(*spillMB) << 20,
	}
	if *spillMB < 1 {
		return usageErr("--spill-mb must be at least 1, got %d", *spillMB)
	}
	switch *reportMode {
	case "auto", "always", "never":
	default:
		return usageErr("--report must be auto, always or never, got %q", *reportMode)
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
			return usageErr("--cpuprofile: %v", err)
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
	return nil
}

func runEval(args []string, env Env) error {
	fs := newFlagSet("eval", "doppel eval --truth TRUTH.csv DIR/crosswalk.csv", env)
	truth := fs.String("truth", "", "ground truth CSV with columns id,entity (optionally source)")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *truth == "" || len(files) != 1 {
		fs.Usage()
		return usageErr("eval: need --truth and exactly one crosswalk file")
	}
	t, err := evaluate.ReadTruth(*truth)
	if err != nil {
		return &exitError{ExitInput, err}
	}
	xw, err := evaluate.ReadCrosswalk(files[0])
	if err != nil {
		return &exitError{ExitInput, err}
	}
	m := evaluate.Score(t, xw)
	return m.WriteText(env.Stdout)
}
