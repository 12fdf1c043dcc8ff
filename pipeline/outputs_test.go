package pipeline_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/rules"
	"github.com/doppel-dev/doppel/runfiles"
)

// TestFileNames: the pipeline's file name constants are those runfiles
// declares.
func TestFileNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    runfiles.File
	}{
		{pipeline.CrosswalkFile, runfiles.Crosswalk}, {pipeline.GoldenFile, runfiles.Golden},
		{pipeline.LineageFile, runfiles.Lineage}, {pipeline.PairsFile, runfiles.Pairs},
		{pipeline.RejectsFile, runfiles.Rejects}, {pipeline.ReviewFile, runfiles.Review},
		{pipeline.RecordsFile, runfiles.Records}, {pipeline.SummaryFile, runfiles.Summary},
		{pipeline.ReportFile, runfiles.Report},
	} {
		if tc.name != tc.f.Name() {
			t.Errorf("pipeline says %q, runfiles %q", tc.name, tc.f.Name())
		}
	}
}

// sampleRun is the README's demo: the four exports and their rules file.
func sampleRun(t *testing.T, out string, fsys runfiles.FS, files ...string) pipeline.Options {
	t.Helper()
	cfg, err := rules.Load("../testdata/exports/rules.conf")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		files = []string{"crm.csv", "billing.csv", "support.tsv", "webshop.csv"}
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, filepath.Join("../testdata/exports", f))
	}
	return pipeline.Options{Files: paths, Rules: cfg, OutDir: out, OutputFS: fsys, Report: "always"}
}

// restore makes dir hold exactly the files of snap.
func restore(t *testing.T, dir string, snap map[string][]byte) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
	for name, b := range snap {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOutputFaults walks a failure over every write and then every rename
// of a run of the demo exports over the outputs of an earlier, different
// run: each failed run returns an *OutputError naming the injected
// failure, and leaves the folder holding exactly the earlier run's files,
// byte for byte (no temporary file, backup or lock). Past the last write
// and the last rename the run succeeds, which proves every one was hit.
func TestOutputFaults(t *testing.T) {
	out := t.TempDir()
	// The earlier run: two of the exports, no report (so the new run's
	// report.html is a file the folder did not have).
	opt := sampleRun(t, out, nil, "crm.csv", "billing.csv")
	opt.Report = "never"
	if _, err := pipeline.Dedupe(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	earlier := snapshot(t, out)
	for _, kind := range []string{"write", "rename"} {
		for k := int64(1); ; k++ {
			fs := &runfiles.FaultFS{}
			if kind == "write" {
				fs.FailWrite = k
			} else {
				fs.FailRename = k
			}
			_, err := pipeline.Dedupe(context.Background(), sampleRun(t, out, fs))
			if err == nil {
				if k == 1 {
					t.Fatalf("no %s to fail", kind)
				}
				t.Logf("%d %ss, all failed in turn", k-1, kind)
				got := snapshot(t, out)
				if _, ok := got[pipeline.ReportFile]; !ok || len(got) != 10 {
					t.Errorf("the successful run left %d files", len(got))
				}
				restore(t, out, earlier)
				break
			}
			var oe *pipeline.OutputError
			if !errors.As(err, &oe) || !errors.Is(err, runfiles.ErrInjected) {
				t.Fatalf("%s %d: error %T %v, want an *OutputError from the injected failure", kind, k, err, err)
			}
			if k == 1 {
				t.Logf("%s 1: %v", kind, err)
			}
			if strings.Count(err.Error(), "write ") > 1 || strings.Contains(err.Error(), ".tmp-") && kind == "write" {
				t.Errorf("%s %d: message names the temporary file or doubles its wrapper: %v", kind, k, err)
			}
			sameFiles(t, out, earlier)
			if t.Failed() {
				t.Fatalf("after the failure of %s %d (%v)", kind, k, err)
			}
		}
	}
}

// TestOutputFolderLocked: a run over a folder that another run is writing
// fails at once with an *OutputError that names the folder, and leaves
// the folder alone.
func TestOutputFolderLocked(t *testing.T) {
	out := t.TempDir()
	other, err := runfiles.Begin(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = pipeline.Dedupe(context.Background(), sampleRun(t, out, nil))
	var oe *pipeline.OutputError
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), "another doppel run is writing "+out) {
		t.Fatalf("Dedupe on a locked folder: %v", err)
	}
	other.Abort()
	if _, err := pipeline.Dedupe(context.Background(), sampleRun(t, out, nil)); err != nil {
		t.Fatalf("after the other run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, ".doppel.lock")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left: %v", err)
	}
}

// TestInputIsOutput: an input that is one of the output files (by another
// path too) is a usage error, and the file is left as it was.
func TestInputIsOutput(t *testing.T) {
	out := t.TempDir()
	if _, err := pipeline.Dedupe(context.Background(), sampleRun(t, out, nil)); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	for _, in := range []string{filepath.Join(out, pipeline.GoldenFile), filepath.Join(out, "..", filepath.Base(out), pipeline.CrosswalkFile)} {
		opt := sampleRun(t, out, nil)
		opt.Files = append(opt.Files, in)
		_, err := pipeline.Dedupe(context.Background(), opt)
		var ue *pipeline.UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "is the output file") {
			t.Errorf("input %s: %v, want a usage error", in, err)
		}
		sameFiles(t, out, before)
	}
	opt := sampleRun(t, out, nil)
	opt.Decisions = filepath.Join(out, pipeline.ReviewFile)
	if _, err := pipeline.Dedupe(context.Background(), opt); err == nil {
		t.Error("decisions file that is review.csv of the same folder accepted")
	}
}

// TestOutputsOfOwnRun: report.html is committed with the other outputs,
// and a run that writes none removes the one an earlier run left, so that
// the folder holds exactly the files summary.json lists.
func TestOutputsOfOwnRun(t *testing.T) {
	out := t.TempDir()
	for _, mode := range []string{"always", "never", "always"} {
		opt := sampleRun(t, out, nil)
		opt.Report = mode
		sum, err := pipeline.Dedupe(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for name := range snapshot(t, out) {
			names = append(names, name)
		}
		slices.Sort(names)
		listed := slices.Sorted(slices.Values(sum.Outputs))
		if !slices.Equal(names, listed) {
			t.Errorf("--report %s: folder holds %q, summary lists %q", mode, names, listed)
		}
	}
}
