package pipeline_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/report"
	"github.com/doppel-dev/doppel/synth"
)

// synthInputs writes n synthetic customers in three exports into a new
// temp folder and returns their paths (the truth file is kept apart).
func synthInputs(t *testing.T, n int, seed uint64) []string {
	t.Helper()
	dir := t.TempDir()
	res, err := synth.Generate(synth.Config{Records: n, Files: 3, Dup: 0.3, Seed: seed}, dir, filepath.Join(t.TempDir(), "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range res.Files {
		files = append(files, f.Path)
	}
	slices.Sort(files)
	return files
}

// snapshot reads every file of a folder (names and contents).
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = b
	}
	return m
}

// sameFiles fails unless the folder holds exactly the files of want,
// byte for byte.
func sameFiles(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	got := snapshot(t, dir)
	for name, b := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: gone", name)
		} else if !bytes.Equal(g, b) {
			t.Errorf("%s: changed (%d bytes, was %d)", name, len(g), len(b))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: new file", name)
		}
	}
}

// TestInterruptedRunKeepsOutputs cancels a run over an output folder that
// holds the outputs of an earlier run, at the start of each stage that
// reports progress (deterministically, from the Progress callback): the
// earlier outputs stay byte-identical and no temporary files remain.
func TestInterruptedRunKeepsOutputs(t *testing.T) {
	out := t.TempDir()
	if _, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: synthInputs(t, 500, 1), OutDir: out}); err != nil {
		t.Fatal(err)
	}
	earlier := snapshot(t, out)
	if len(earlier) < 7 {
		t.Fatalf("earlier run wrote %d files", len(earlier))
	}
	files := synthInputs(t, 30000, 2)

	for _, stage := range []string{"", "read", "normalize", "block keys", "block pairs", "term frequencies", "compare", "merge", "write"} {
		name := stage
		if name == "" {
			name = "cancelled before the start"
		}
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if stage == "" {
				cancel()
			}
			var mu sync.Mutex
			seen := map[string]bool{}
			progress := func(s string, done, total int) {
				mu.Lock()
				defer mu.Unlock()
				seen[s] = true
				if s == stage {
					cancel()
				}
			}
			_, err := pipeline.Dedupe(ctx, pipeline.Options{Files: files, OutDir: out, Progress: progress})
			if !errors.Is(err, context.Canceled) {
				mu.Lock()
				t.Fatalf("Dedupe = %v, want context.Canceled (stages reported: %v)", err, seen)
			}
			sameFiles(t, out, earlier)
			noTempFiles(t, out)
		})
	}
}

// TestSpillingRun: a run whose candidate generation spills to disk (a
// 64 KiB budget) writes the same outputs as one that does not, says how
// much it spilled, and leaves no spill files behind, also when it is
// cancelled while spilled partitions are being read back.
func TestSpillingRun(t *testing.T) {
	files := synthInputs(t, 20000, 3)
	plain := t.TempDir()
	sum, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: files, OutDir: plain})
	if err != nil {
		t.Fatal(err)
	}
	if sum.SpilledBytes != 0 {
		t.Fatalf("default budget spilled %d bytes for 20,000 records", sum.SpilledBytes)
	}
	spillDir, out := t.TempDir(), t.TempDir()
	sum, err = pipeline.Dedupe(context.Background(), pipeline.Options{Files: files, OutDir: out, SpillDir: spillDir, SpillBudget: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if sum.SpilledBytes == 0 {
		t.Fatal("a 64 KiB budget did not spill")
	}
	want := snapshot(t, plain)
	got := snapshot(t, out)
	for name, b := range want {
		if name == pipeline.SummaryFile || name == report.FileName {
			continue // timings and spilled_bytes differ (the report shows the summary)
		}
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s differs when spilling", name)
		}
	}
	if left, _ := os.ReadDir(spillDir); len(left) != 0 {
		t.Fatalf("spill files left after the run: %v", left)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err = pipeline.Dedupe(ctx, pipeline.Options{Files: files, OutDir: t.TempDir(), SpillDir: spillDir, SpillBudget: 64 << 10,
		Progress: func(stage string, done, total int) {
			if stage == "block pairs" && done > 10 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled spilling run: %v", err)
	}
	if left, _ := os.ReadDir(spillDir); len(left) != 0 {
		t.Fatalf("spill files left after a cancelled run: %v", left)
	}
}
