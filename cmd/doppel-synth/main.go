// Command doppel-synth writes synthetic departmental customer exports with
// known duplicates and a truth file, for benchmarking doppel.
//
//	doppel-synth -n 100000 -files 3 -dup 0.3 -seed 1 -out DIR [-truth FILE] [-cp1252] [-hard 0.2]
//
// The exports use different schemas (comma/semicolon/tab/pipe, different
// header names, "LAST, First" names, ISO/DMY/MDY dates, several phone
// formats); truth.csv has the columns source,id,entity. With -hard RATE a
// share of the customers are hard cases (households, junior/senior, twins,
// colleagues sharing a switchboard, movers, placeholder values, Chinese
// names in Han and pinyin, company customers), every export gets a company
// column, and OUT/cases.csv (source,id,kind,group) and OUT/households.csv
// (source,id,household) are written too.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/doppel-dev/doppel/synth"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("doppel-synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 10000, "total number of records over all files")
	files := fs.Int("files", 3, "number of departmental exports (schemas: crm, billing, support, webshop, then repeat)")
	dup := fs.Float64("dup", 0.3, "share of records that are corrupted duplicates of an earlier customer (0 <= dup < 1)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same files")
	out := fs.String("out", "synth-out", "output directory")
	truth := fs.String("truth", "", "truth file path (default OUT/truth.csv)")
	cp1252 := fs.Bool("cp1252", false, "write the semicolon (billing) export in Windows-1252 instead of UTF-8")
	hard := fs.Float64("hard", 0, "share of new customers that start a hard case (households, twins, colleagues, movers, placeholders, Chinese, companies), 0 <= hard < 1; writes OUT/cases.csv and OUT/households.csv")
	quiet := fs.Bool("q", false, "print nothing on success")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: doppel-synth [flags]\n\nWrites synthetic customer exports with known duplicates and truth.csv (source,id,entity).\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "doppel-synth: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	start := time.Now()
	res, err := synth.Generate(synth.Config{Records: *n, Files: *files, Dup: *dup, Seed: *seed, Windows1252: *cp1252, Hard: *hard}, *out, *truth)
	if err != nil {
		fmt.Fprintf(stderr, "doppel-synth: %v\n", err)
		return 1
	}
	if *quiet {
		return 0
	}
	secs := time.Since(start).Seconds()
	for _, f := range res.Files {
		fmt.Fprintf(stdout, "%-40s %9d records (%s)\n", f.Path, f.Records, f.Schema)
	}
	fmt.Fprintf(stdout, "%-40s %9d records, %d entities, %d duplicates\n", res.TruthPath, res.Records, res.Entities, res.Duplicates)
	if res.CasesPath != "" {
		fmt.Fprintf(stdout, "%-40s hard cases per record (source,id,kind,group)\n", res.CasesPath)
		fmt.Fprintf(stdout, "%-40s household per record (source,id,household)\n", res.HousePath)
	}
	fmt.Fprintf(stdout, "generated in %.2fs (%.0f records/s)\n", secs, float64(res.Records)/max(secs, 1e-9))
	return 0
}
