//go:build unix

package runfiles_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/doppel-dev/doppel/synth"
)

// snapshotDir reads every file of a folder, hidden ones included.
func snapshotDir(t *testing.T, dir string) map[string][]byte {
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

// synthFiles writes n synthetic customers in three exports.
func synthFiles(t *testing.T, n int, seed uint64) []string {
	t.Helper()
	dir := t.TempDir()
	res, err := synth.Generate(synth.Config{Records: n, Files: 3, Dup: 0.3, Seed: seed}, dir, filepath.Join(dir, "truth.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range res.Files {
		files = append(files, f.Path)
	}
	return files
}

// TestSIGINTBinary interrupts the built binary with a real SIGINT at 23
// moments of one run (measured first; 15 evenly spread, 8 more in the
// stages after matching), over the outputs of
// an earlier, different run. Every interrupted run exits non-zero and
// leaves the earlier outputs byte for byte, with no temporary file, backup
// or lock. A run that the signal reaches only after its last file was
// written may commit and exit 0, with the complete new outputs.
func TestSIGINTBinary(t *testing.T) {
	bin := doppelBin(t)
	files := synthFiles(t, 20000, 7)
	out := t.TempDir()
	if _, stderr, code := run(t, bin, append([]string{"dedupe", "--quiet", "--out", out}, synthFiles(t, 1500, 8)...)...); code != 0 {
		t.Fatalf("earlier run: exit %d %s", code, stderr)
	}
	earlier := snapshotDir(t, out)
	ref := t.TempDir()
	start := time.Now()
	if _, stderr, code := run(t, bin, append([]string{"dedupe", "--quiet", "--out", ref}, files...)...); code != 0 {
		t.Fatalf("reference run: exit %d %s", code, stderr)
	}
	total := time.Since(start)
	complete := snapshotDir(t, ref)
	interrupted := 0
	// 15 moments evenly spread, and 8 more over the stages after
	// matching (merge, write, report and commit: where signals used to be
	// ignored), located with the reference run's timings.
	var delays []time.Duration
	for i := 1; i <= 15; i++ {
		delays = append(delays, total*time.Duration(i)/16)
	}
	var sum struct {
		TimingsMS map[string]float64 `json:"timings_ms"`
	}
	if err := json.Unmarshal(complete["summary.json"], &sum); err != nil {
		t.Fatal(err)
	}
	late := time.Duration((sum.TimingsMS["read"] + sum.TimingsMS["normalize"] + sum.TimingsMS["match"]) * float64(time.Millisecond))
	for i := range 8 {
		delays = append(delays, late+(total-late)*time.Duration(2*i+1)/16)
	}
	points := len(delays)
	for _, delay := range delays {
		var stderr bytes.Buffer
		cmd := exec.Command(bin, append([]string{"dedupe", "--quiet", "--out", out}, files...)...)
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		sent := time.Now()
		cmd.Process.Signal(syscall.SIGINT)
		err := cmd.Wait()
		got := snapshotDir(t, out)
		if err == nil {
			// Finished before the signal took effect. report.html is
			// the last file written before the commit: a signal before
			// its last write must have stopped the run (runs vary in
			// speed, so the delay alone does not tell). The new outputs
			// are complete (summary.json and report.html carry timings).
			if st, err := os.Stat(filepath.Join(out, "report.html")); err != nil {
				t.Errorf("SIGINT after %v: exit 0 without report.html", delay)
			} else if sent.Before(st.ModTime().Add(-50 * time.Millisecond)) {
				t.Errorf("SIGINT after %v: exit 0 although the signal came %v before report.html was written", delay, st.ModTime().Sub(sent))
			}
			for name, b := range complete {
				if name != "summary.json" && name != "report.html" && !bytes.Equal(got[name], b) {
					t.Errorf("SIGINT after %v: exit 0 but %s is not the new run's", delay, name)
				}
			}
			if len(got) != len(complete) {
				t.Errorf("SIGINT after %v: exit 0 with %d files, want %d", delay, len(got), len(complete))
			}
			for name := range got {
				os.Remove(filepath.Join(out, name))
			}
			for name, b := range earlier {
				os.WriteFile(filepath.Join(out, name), b, 0o644)
			}
			continue
		}
		interrupted++
		if len(got) != len(earlier) {
			t.Errorf("SIGINT after %v (%v): folder holds %d files, want %d: %v", delay, err, len(got), len(earlier), keysOf(got))
		}
		for name, b := range earlier {
			if !bytes.Equal(got[name], b) {
				t.Errorf("SIGINT after %v (%v): %s changed", delay, err, name)
			}
		}
		if s := stderr.String(); strings.Contains(s, "panic") {
			t.Errorf("SIGINT after %v: %s", delay, s)
		}
	}
	t.Logf("run of %v (matching done after %v) interrupted at %d of %d points", total, late, interrupted, points)
	if interrupted < 3 {
		t.Errorf("only %d of %d signals interrupted the run", interrupted, points)
	}
}

func keysOf(m map[string][]byte) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	return k
}
