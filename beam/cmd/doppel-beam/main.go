// Command doppel-beam is doppel with its blocking and candidate scoring
// run as Apache Beam pipelines: `doppel-beam dedupe` takes the inputs,
// rules file, flags and outputs of `doppel dedupe`, plus Beam's flags
// (--runner=prism|flink|spark|dataflow, --endpoint, --environment_type,
// --environment_config, --project, --region, ...) and --exchange_dir, the
// folder the driver and the workers exchange records, model and pairs
// through. See the README, "Running on a cluster".
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx" // registers the runners and the gs:// file system
	"github.com/doppel-dev/doppel/beam/engine"
	"github.com/doppel-dev/doppel/cli"
	"golang.org/x/term"
)

func main() {
	exchange := flag.String("exchange_dir", "", "folder the driver and the Beam workers exchange records, model and pairs through (every worker must read it: gs://... on Dataflow; default: a temp folder, enough for prism and loopback workers)")
	mergeShard := flag.Int("merge_shard", engine.DefaultMergeShard, "golden records per shard of the merge pipeline (one golden and one lineage file per shard, concatenated in order into golden.csv and lineage.csv)")
	shardsDir := flag.String("shards_dir", "", "folder (any Beam file system: gs://...) the workers write golden.csv and lineage.csv into as shards of --merge_shard golden records each, with headers and a _SUCCESS file; the --out folder still gets one file each")
	beamArgs, rest := splitArgs(flag.CommandLine, os.Args[1:])
	if err := flag.CommandLine.Parse(beamArgs); err != nil {
		os.Exit(1)
	}
	// Parsed flags first: a worker started by the runner (--worker) runs
	// its harness inside Init and exits there.
	beam.Init()
	if len(rest) == 0 {
		fmt.Fprintln(os.Stderr, "usage: doppel-beam dedupe [Beam flags] [doppel dedupe flags] FILE...")
		os.Exit(1)
	}
	if !contains(rest, "--verbose") && !contains(rest, "-verbose") {
		// Prism's job service logs every job step at INFO.
		slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	eng := &engine.Engine{Runner: *runners.Runner, TempDir: *exchange, MergeShard: *mergeShard, ShardsDir: *shardsDir}
	if !contains(rest, "--quiet") && !contains(rest, "-quiet") {
		eng.Log = func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
		// With --verbose, per PCollection: elements and sampled sizes.
		eng.Metrics = contains(rest, "--verbose") || contains(rest, "-verbose")
	}
	code := cli.Run(ctx, rest, cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		StderrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		Engine:           eng,
		MergeEngine:      eng,
	})
	// The shards in --shards_dir stand or fall with the run's outputs.
	if err := eng.FinishShards(context.Background(), code == 0); err != nil {
		fmt.Fprintf(os.Stderr, "doppel-beam: shards in %s: %v\n", *shardsDir, err)
		if code == 0 {
			code = 1
		}
	}
	stop()
	os.Exit(code)
}

// splitArgs separates the flags defined in fs (Beam's, registered on the
// command line's flag set) from the rest (doppel's command and its flags).
// A Beam flag takes its value after '=' or, unless boolean, as the next
// argument.
func splitArgs(fs *flag.FlagSet, args []string) (beamArgs, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if !strings.HasPrefix(a, "-") || f == nil {
			rest = append(rest, a)
			continue
		}
		beamArgs = append(beamArgs, a)
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); hasValue || (ok && b.IsBoolFlag()) {
			continue
		}
		if i+1 < len(args) {
			i++
			beamArgs = append(beamArgs, args[i])
		}
	}
	return beamArgs, rest
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
