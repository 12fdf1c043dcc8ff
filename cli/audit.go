package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/doppel-dev/doppel/audit"
	"github.com/doppel-dev/doppel/csvio"
	"github.com/doppel-dev/doppel/rules"
)

// ExitGates is the exit code of `doppel audit` when a quality gate of the
// rules file's [audit] section failed.
const ExitGates = 4

// Audit output file names.
const (
	auditJSON = "audit.json"
	auditHTML = "audit.html"
)

const auditSynopsis = "doppel audit [--rules FILE] [--out DIR] [--format text|json|html] FILE..."

func runAudit(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet("audit", auditSynopsis, env)
	in := addInputFlags(fs, "rules file (column mapping, match settings, [audit] quality gates; see README)")
	out := fs.String("out", "doppel-audit", "output folder for audit.json, audit.html and the matching run (match/)")
	format := fs.String("format", "text", "what to print on stdout: text (summary), json (audit.json) or html (audit.html)")
	quiet := fs.Bool("quiet", false, "print nothing on stdout (failed gates still go to stderr)")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	files = in.files(files) // and the --source files
	if len(files) == 0 {
		return usageErr("no input files; usage: %s", auditSynopsis)
	}
	switch *format {
	case "text", "json", "html":
	default:
		return usageErr("--format must be text, json or html, got %q", *format)
	}
	set, err := in.resolve()
	if err != nil {
		return err
	}
	plan, err := rules.NewPlan(set.Rules, rules.Overrides{Threshold: set.Threshold, Region: set.Region, DateOrder: set.DateOrder})
	if err != nil {
		return &exitError{ExitUsage, err}
	}
	opt := audit.Options{
		Files: files, MatchDir: filepath.Join(*out, "match"), Plan: &plan, Encoding: set.Encoding, Delimiter: set.Delimiter,
	}
	if err := os.MkdirAll(opt.MatchDir, 0o755); err != nil {
		return &exitError{ExitOutput, fmt.Errorf("cannot create the output folder %s: %w", opt.MatchDir, pathReason(err))}
	}
	var bar *progress
	if env.StderrIsTerminal && !*quiet {
		bar = newProgress(env.Stderr)
		opt.Progress = bar.update
	}
	rep, err := audit.Run(ctx, opt)
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return err
	}
	var js, page bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		return &exitError{ExitInternal, err}
	}
	if err := rep.WriteHTML(&page); err != nil {
		return &exitError{ExitInternal, err}
	}
	for _, o := range []struct {
		name string
		data []byte
	}{{auditJSON, js.Bytes()}, {auditHTML, page.Bytes()}} {
		if err := writeAtomic(filepath.Join(*out, o.name), o.data); err != nil {
			return &exitError{ExitOutput, err}
		}
	}
	if !*quiet {
		switch *format {
		case "text":
			if err := rep.WriteText(env.Stdout); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "\nreport: %s, %s (matching outputs in %s)\n",
				filepath.Join(*out, auditJSON), filepath.Join(*out, auditHTML), opt.MatchDir)
		case "json":
			_, err = env.Stdout.Write(js.Bytes())
		case "html":
			_, err = env.Stdout.Write(page.Bytes())
		}
		if err != nil {
			return err
		}
	}
	if failed := rep.Failed(); len(failed) > 0 {
		file := ""
		if plan.Rules != nil {
			file = plan.Rules.File
		}
		for _, g := range failed {
			where := ""
			if g.Source != "" {
				where = " for " + g.Source
			}
			note := ""
			if g.Note != "" {
				note = " (" + g.Note + ")"
			}
			fmt.Fprintf(env.Stderr, "gate failed: %s:%d: %s%s: value %s%s\n", file, g.Line, g.Gate, where, fmtGateValue(g.Value), note)
		}
		return &exitError{ExitGates, fmt.Errorf("%d quality gate(s) failed", len(failed))}
	}
	return nil
}

func fmtGateValue(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprint(int64(v))
	}
	return fmt.Sprintf("%.4g", v)
}

// writeAtomic replaces path with data through csvio.AtomicFile, whose
// errors name the path.
func writeAtomic(path string, data []byte) error {
	f, err := csvio.CreateAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Commit()
}
