package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"     // the in-process runner
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal" // job servers (Flink, Spark, Prism's)
	"github.com/doppel-dev/doppel/cli"
	"github.com/doppel-dev/doppel/synth"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	if !testing.Verbose() {
		// Prism's job service logs every job step at INFO.
		slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	}
	os.Exit(m.Run())
}

// root is the repository root, seen from this package.
const root = "../.."

// compared are the outputs that must be byte-identical to the local run
// (summary.json differs in its timings, report.html embeds them).
var compared = []string{"crosswalk.csv", "golden.csv", "pairs.csv", "lineage.csv", "households.csv", "review.csv"}

// dedupe runs `doppel dedupe` in-process with args, on eng when it is not
// nil, and returns the output folder.
func dedupe(t *testing.T, eng *Engine, args ...string) string {
	t.Helper()
	out := t.TempDir()
	var stderr bytes.Buffer
	env := cli.Env{Stdout: io.Discard, Stderr: &stderr}
	runs := 0
	beamRun := eng != nil
	if beamRun {
		eng.Metrics = os.Getenv("DOPPEL_BEAM_METRICS") != ""
		eng.Log = func(format string, args ...any) {
			if strings.Contains(format, "pipeline") {
				runs++
			}
			t.Logf(format, args...)
		}
		env.Engine, env.MergeEngine = eng, eng
	}
	start := time.Now()
	code := cli.Run(context.Background(), append([]string{"dedupe", "--quiet", "--report", "never", "--out", out}, args...), env)
	if code != 0 {
		t.Fatalf("dedupe (beam %v) exited %d: %s", beamRun, code, stderr.String())
	}
	t.Logf("dedupe (beam %v): %.1fs", beamRun, time.Since(start).Seconds())
	if beamRun && runs != 3 {
		t.Fatalf("%d Beam pipelines ran, want 3 (training, scoring and merge)", runs)
	}
	return out
}

// sameOutputs runs the local and the Beam dedupe on args and requires the
// same bytes in every compared output.
func sameOutputs(t *testing.T, eng *Engine, args ...string) {
	local := dedupe(t, nil, args...)
	onBeam := dedupe(t, eng, args...)
	for _, name := range compared {
		want, err := os.ReadFile(filepath.Join(local, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(onBeam, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s on Beam differs from the local run (%d bytes against %d)", name, len(got), len(want))
		}
	}
	// summary.json: the same counts (the Beam run's candidate and block
	// counts come from its pipeline) and model; only the timings differ.
	if a, b := summaryWithoutTimings(t, local), summaryWithoutTimings(t, onBeam); !reflect.DeepEqual(a, b) {
		t.Errorf("summary.json on Beam differs from the local run beyond timings_ms:\n%v\n%v", b, a)
	}
	if n := lines(t, filepath.Join(local, "crosswalk.csv")); n < 2 {
		t.Fatalf("local crosswalk has %d lines", n)
	}
}

func summaryWithoutTimings(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "timings_ms")
	return m
}

func lines(t *testing.T, p string) int {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}

// TestSampleSameAsLocal: the README's quick-start sample, with a steward
// override, merged in shards of 16 golden records.
func TestSampleSameAsLocal(t *testing.T) {
	ex := filepath.Join(root, "testdata", "exports")
	ov := filepath.Join(t.TempDir(), "overrides.csv")
	if err := os.WriteFile(ov, []byte("source,record_id,field,value\ncrm,1016,email,pinned@example.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sameOutputs(t, &Engine{Runner: "prism", MergeShard: 16}, "--overrides", ov, "--rules", filepath.Join(ex, "rules.conf"), filepath.Join(ex, "crm.csv"),
		filepath.Join(ex, "billing.csv"), filepath.Join(ex, "support.tsv"), filepath.Join(ex, "webshop.csv"))
}

// TestFebrl3SameAsLocal: febrl3 from the benchmark folder beside the
// repository (skipped when absent).
func TestFebrl3SameAsLocal(t *testing.T) {
	p := filepath.Join(root, "..", "shared", "data", "febrl3", "records.csv")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("febrl3 not found at %s (the benchmark folder sits beside the repository as shared/data): %v", p, err)
	}
	sameOutputs(t, &Engine{Runner: "prism"}, p)
}

// TestOneComparisonSameAsLocal: a list of company names and nothing else
// (PATSTAT's Dutch applicants, skipped when absent): the model is fitted
// by Comparator.FitOne and its prior comes from the random pairs, not
// from the candidate count the pipeline returns.
func TestOneComparisonSameAsLocal(t *testing.T) {
	p := filepath.Join(root, "..", "shared", "data", "dedupe_patstat_nl", "records.csv")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("dedupe_patstat_nl not found at %s (the benchmark folder sits beside the repository as shared/data): %v", p, err)
	}
	sameOutputs(t, &Engine{Runner: "prism", MergeShard: 500}, p)
}

// TestSynthetic50kSameAsLocal: 50,000 synthetic records in three exports.
func TestSynthetic50kSameAsLocal(t *testing.T) {
	if testing.Short() {
		t.Skip("50k records skipped with -short")
	}
	dir := t.TempDir()
	res, err := synth.Generate(synth.Config{Records: 50_000, Dup: 0.3, Seed: 13}, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range res.Files {
		files = append(files, f.Path)
	}
	sameOutputs(t, &Engine{Runner: "prism", MergeShard: 7_000}, files...)
}

// TestExchangeDir: with an exchange folder given, the run is the same and
// leaves the folder empty.
func TestExchangeDir(t *testing.T) {
	ex := filepath.Join(root, "testdata", "exports")
	dir := t.TempDir()
	sameOutputs(t, &Engine{Runner: "prism", TempDir: dir}, "--rules", filepath.Join(ex, "rules.conf"),
		filepath.Join(ex, "crm.csv"), filepath.Join(ex, "billing.csv"))
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("the exchange folder keeps %d entries after the run", len(left))
	}
}

// TestLinkOnlySameAsLocal: two-source linkage (pairs within a source are
// never candidates).
func TestLinkOnlySameAsLocal(t *testing.T) {
	ex := filepath.Join(root, "testdata", "exports")
	sameOutputs(t, &Engine{Runner: "prism"}, "--link-only", "--rules", filepath.Join(ex, "rules.conf"), filepath.Join(ex, "crm.csv"), filepath.Join(ex, "billing.csv"))
}

// TestShardsDir: with a shards folder the workers' golden and lineage
// shards stay there, each with the header, and together (headers
// dropped, in shard order) they are exactly golden.csv and lineage.csv; a
// second run refuses the folder rather than mixing shards of two runs.
// _SUCCESS is written only when the run is over and its outputs are
// committed (FinishShards); a run that failed leaves no shards.
func TestShardsDir(t *testing.T) {
	ex := filepath.Join(root, "testdata", "exports")
	shards := filepath.Join(t.TempDir(), "shards")
	args := []string{"--rules", filepath.Join(ex, "rules.conf"), filepath.Join(ex, "crm.csv"), filepath.Join(ex, "billing.csv"), filepath.Join(ex, "support.tsv")}
	first := &Engine{Runner: "prism", MergeShard: 10, ShardsDir: shards}
	out := dedupe(t, first, args...)
	if _, err := os.Stat(filepath.Join(shards, "_SUCCESS")); err == nil {
		t.Error("_SUCCESS before the run was finished")
	}
	if err := first.FinishShards(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"golden", "lineage"} {
		whole, err := os.ReadFile(filepath.Join(out, kind+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		header, _, _ := bytes.Cut(whole, []byte("\n"))
		header = append(header, '\n')
		files, err := filepath.Glob(filepath.Join(shards, kind+"-*-of-*.csv"))
		if err != nil {
			t.Fatal(err)
		}
		golden := lines(t, filepath.Join(out, "golden.csv")) - 1
		if want := (golden + 9) / 10; len(files) != want {
			t.Fatalf("%d %s shards for %d golden records, want %d", len(files), kind, golden, want)
		}
		joined := slices.Clone(header)
		for _, f := range files { // Glob sorts: shard order
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, header) {
				t.Fatalf("%s does not start with the header", f)
			}
			joined = append(joined, b[len(header):]...)
		}
		if !bytes.Equal(joined, whole) {
			t.Errorf("the %s shards joined differ from %s.csv", kind, kind)
		}
	}
	if _, err := os.Stat(filepath.Join(shards, "_SUCCESS")); err != nil {
		t.Errorf("no _SUCCESS: %v", err)
	}
	var stderr bytes.Buffer
	eng := &Engine{Runner: "prism", ShardsDir: shards}
	code := cli.Run(context.Background(), append([]string{"dedupe", "--quiet", "--report", "never", "--out", t.TempDir()}, args...),
		cli.Env{Stdout: io.Discard, Stderr: &stderr, Engine: eng, MergeEngine: eng})
	if code == 0 || !strings.Contains(stderr.String(), "already holds") {
		t.Errorf("second run into the shards folder: exit %d, %s", code, stderr.String())
	}

	// A run whose outputs were not committed: its shards are removed.
	failed := filepath.Join(t.TempDir(), "shards")
	eng = &Engine{Runner: "prism", MergeShard: 10, ShardsDir: failed}
	dedupe(t, eng, args...)
	if files, _ := filepath.Glob(filepath.Join(failed, "*-of-*.csv")); len(files) == 0 {
		t.Fatal("no shards written")
	}
	if err := eng.FinishShards(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(failed); len(left) != 0 {
		t.Errorf("a failed run left %d files in the shards folder", len(left))
	}
}

// TestJobServerSameAsLocal: the pipelines submitted through Beam's job
// API to a job server in another process (Prism's, started on loopback
// as a Flink or Spark job server would be), with LOOPBACK workers in this
// process: the portable runner's path on a cluster, and the same outputs.
func TestJobServerSameAsLocal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts a job server; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "prism")
	build := exec.Command("go", "build", "-o", bin, "github.com/apache/beam/sdks/v2/go/cmd/prism")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the Prism job server: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	srv := exec.Command(bin, "--job_port", strconv.Itoa(port), "--serve_http=false", "--log_level", "warn")
	var srvLog bytes.Buffer
	srv.Stdout, srv.Stderr = &srvLog, &srvLog
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Process.Kill()
		srv.Wait()
		if t.Failed() {
			t.Logf("job server log:\n%s", srvLog.String())
		}
	})
	endpoint := "localhost:" + strconv.Itoa(port)
	for start := time.Now(); ; time.Sleep(100 * time.Millisecond) {
		if c, err := net.Dial("tcp", endpoint); err == nil {
			c.Close()
			break
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("the job server did not listen on %s", endpoint)
		}
	}
	for name, v := range map[string]string{"endpoint": endpoint, "environment_type": "LOOPBACK"} {
		old := flag.Lookup(name).Value.String()
		if err := flag.Set(name, v); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { flag.Set(name, old) })
	}
	ex := filepath.Join(root, "testdata", "exports")
	sameOutputs(t, &Engine{Runner: "universal", MergeShard: 32}, "--rules", filepath.Join(ex, "rules.conf"), filepath.Join(ex, "crm.csv"),
		filepath.Join(ex, "billing.csv"), filepath.Join(ex, "support.tsv"), filepath.Join(ex, "webshop.csv"))
}
