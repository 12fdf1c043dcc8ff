package pipeline_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/doppel-dev/doppel/pipeline"
)

// buildDoppel builds cmd/doppel into a temp folder.
func buildDoppel(t *testing.T) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	exe := filepath.Join(t.TempDir(), "doppel")
	cmd := exec.Command(goCmd, "build", "-o", exe, "../cmd/doppel")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ../cmd/doppel: %v\n%s", err, b)
	}
	return exe
}

// doppelCmd prepares the built command with GOMAXPROCS set.
func doppelCmd(exe string, procs string, args ...string) *exec.Cmd {
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+procs)
	return cmd
}

// withoutTimings returns summary.json without its timings_ms object.
func withoutTimings(t *testing.T, b []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("summary.json: %v", err)
	}
	if _, ok := m["timings_ms"]; !ok {
		t.Error("summary.json has no timings_ms")
	}
	delete(m, "timings_ms")
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// stable returns an output without the parts that may differ between
// identical runs: summary.json's timings_ms, and the same object inside
// the summary that report.html embeds.
func stable(t *testing.T, name string, b []byte) []byte {
	t.Helper()
	switch {
	case name == pipeline.SummaryFile:
		return withoutTimings(t, b)
	case strings.HasSuffix(name, ".html"):
		return regexp.MustCompile(`"timings_ms":\{[^}]*\}`).ReplaceAll(b, nil)
	}
	return b
}

// sameOrOld checks an output folder after a killed run: every output is
// under its final name either byte-identical to the earlier run's or to
// the complete new run's (up to timings, see stable), so no final
// name holds a partial file; every CSV parses completely.
func sameOrOld(t *testing.T, dir string, old, fresh map[string][]byte) (nOld, nNew int) {
	t.Helper()
	got := snapshot(t, dir)
	for name, b := range got {
		if strings.HasPrefix(name, ".") {
			continue // temp files: checked by the caller
		}
		switch {
		case bytes.Equal(b, old[name]):
			nOld++
		case bytes.Equal(stable(t, name, b), stable(t, name, fresh[name])):
			nNew++
		default:
			t.Errorf("%s: neither the earlier nor the new output (%d bytes)", name, len(b))
		}
		if strings.HasSuffix(name, ".csv") {
			readAll(t, filepath.Join(dir, name))
		}
	}
	for name := range old {
		if _, ok := got[name]; !ok {
			t.Errorf("%s: gone", name)
		}
	}
	return nOld, nNew
}

// TestCommandInterrupted runs the built command as a separate process:
// SIGINT once it has started leaves the earlier outputs intact with no temp
// files and a non-zero exit; SIGKILL (during matching, and while the outputs
// are being written) never leaves a partial file under a final name; and
// GOMAXPROCS=1 and 2 give byte-identical outputs.
func TestCommandInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs cmd/doppel; skipped with -short")
	}
	exe := buildDoppel(t)
	files := synthInputs(t, 20000, 3)

	// The outputs of an earlier run, on other input.
	earlierDir := t.TempDir()
	if _, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: synthInputs(t, 500, 1), OutDir: earlierDir}); err != nil {
		t.Fatal(err)
	}
	earlier := snapshot(t, earlierDir)
	// freshOut returns a new output folder holding the earlier outputs.
	freshOut := func(t *testing.T) string {
		dir := t.TempDir()
		for name, b := range earlier {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}

	// The complete new outputs, with both worker counts.
	full := map[string]map[string][]byte{}
	for _, procs := range []string{"2", "1"} {
		out := t.TempDir()
		cmd := doppelCmd(exe, procs, append([]string{"dedupe", "--quiet", "--out", out}, files...)...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("GOMAXPROCS=%s: %v\n%s", procs, err, b)
		}
		full[procs] = snapshot(t, out)
	}
	t.Run("GOMAXPROCS=1 vs 2", func(t *testing.T) {
		a, b := full["2"], full["1"]
		if len(b) != len(a) {
			t.Fatalf("%d and %d outputs", len(a), len(b))
		}
		for _, name := range []string{pipeline.CrosswalkFile, pipeline.GoldenFile, pipeline.LineageFile, pipeline.PairsFile, pipeline.RejectsFile, pipeline.ReviewFile, pipeline.SummaryFile} {
			if a[name] == nil {
				t.Errorf("no %s", name)
			}
		}
		for name := range a {
			if !bytes.Equal(stable(t, name, a[name]), stable(t, name, b[name])) {
				t.Errorf("%s differs between GOMAXPROCS=2 and GOMAXPROCS=1", name)
			}
		}
	})

	t.Run("SIGINT after start", func(t *testing.T) {
		out := freshOut(t)
		cmd := doppelCmd(exe, "2", append([]string{"dedupe", "--verbose", "--out", out}, files...)...)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The first verbose line comes once the inputs are read.
		sc := bufio.NewScanner(stderr)
		if !sc.Scan() {
			cmd.Wait()
			t.Fatal("no output on stderr")
		}
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		var rest strings.Builder
		for sc.Scan() {
			rest.WriteString(sc.Text() + "\n")
		}
		err = waitTimeout(t, cmd, 60*time.Second)
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() <= 0 {
			t.Fatalf("exit: %v, want a non-zero exit code; stderr after the signal:\n%s", err, rest.String())
		}
		t.Logf("exit code %d; stderr after the signal: %s", ee.ExitCode(), strings.TrimSpace(rest.String()))
		sameFiles(t, out, earlier)
		noTempFiles(t, out)
	})

	t.Run("SIGKILL while matching", func(t *testing.T) {
		out := freshOut(t)
		cmd := doppelCmd(exe, "2", append([]string{"dedupe", "--verbose", "--out", out}, files...)...)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stderr)
		if !sc.Scan() {
			cmd.Wait()
			t.Fatal("no output on stderr")
		}
		cmd.Process.Kill()
		for sc.Scan() {
		}
		cmd.Wait()
		nOld, nNew := sameOrOld(t, out, earlier, full["2"])
		if nNew != 0 {
			t.Errorf("%d outputs replaced before the write stage", nNew)
		}
		t.Logf("%d earlier outputs intact", nOld)
		noTempFiles(t, out)
	})

	// SIGKILL while the outputs are written: when the first temp file
	// appears, and when the first output has been renamed into place.
	triggers := []struct {
		name string
		hit  func(out string, orig map[string]os.FileInfo) bool
	}{
		{"first temp file", func(out string, _ map[string]os.FileInfo) bool {
			m, _ := filepath.Glob(filepath.Join(out, ".*.tmp-*"))
			return len(m) > 0
		}},
		{"first output renamed", func(out string, orig map[string]os.FileInfo) bool {
			for name, fi := range orig {
				if now, err := os.Stat(filepath.Join(out, name)); err == nil && !os.SameFile(fi, now) {
					return true
				}
			}
			return false
		}},
	}
	for _, tr := range triggers {
		t.Run("SIGKILL at "+tr.name, func(t *testing.T) {
			out := freshOut(t)
			orig := map[string]os.FileInfo{}
			for name := range earlier {
				fi, err := os.Stat(filepath.Join(out, name))
				if err != nil {
					t.Fatal(err)
				}
				orig[name] = fi
			}
			cmd := doppelCmd(exe, "2", append([]string{"dedupe", "--quiet", "--out", out}, files...)...)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			killed := false
		poll:
			for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); {
				select {
				case <-exited:
					break poll
				default:
				}
				if tr.hit(out, orig) {
					cmd.Process.Kill()
					killed = true
					<-exited
					break
				}
				time.Sleep(100 * time.Microsecond)
			}
			if !killed {
				t.Log("the run ended before the trigger; checking its outputs anyway")
			}
			nOld, nNew := sameOrOld(t, out, earlier, full["2"])
			tmp, _ := filepath.Glob(filepath.Join(out, ".*.tmp-*"))
			t.Logf("killed=%v: %d earlier outputs, %d new outputs, %d temp files left (a killed process cannot remove them)", killed, nOld, nNew, len(tmp))
		})
	}
}

// waitTimeout waits for cmd, killing it after d.
func waitTimeout(t *testing.T, cmd *exec.Cmd, d time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		t.Fatalf("the command did not stop within %v", d)
		return nil
	}
}
