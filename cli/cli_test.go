package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/doppel-dev/doppel/csvio"
	"github.com/doppel-dev/doppel/pipeline"
)

// TestEvalPerfect: eval of a crosswalk built from the truth itself is perfect.
func TestEvalPerfect(t *testing.T) {
	dir := t.TempDir()
	xw := "source,record_id,golden_id\n"
	truth := "id,entity\n"
	for i, e := range []string{"a", "a", "b", "c", "c", "c"} {
		id := string(rune('1' + i))
		xw += "s," + id + ",G" + e + "\n"
		truth += id + "," + e + "\n"
	}
	os.WriteFile(filepath.Join(dir, "xw.csv"), []byte(xw), 0o644)
	os.WriteFile(filepath.Join(dir, "truth.csv"), []byte(truth), 0o644)
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"eval", "--truth", filepath.Join(dir, "truth.csv"), filepath.Join(dir, "xw.csv")}, Env{Stdout: &stdout, Stderr: &stderr})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var pairLine string
	for _, l := range strings.Split(stdout.String(), "\n") {
		if strings.HasPrefix(l, "pair") {
			pairLine = l
		}
	}
	if f := strings.Fields(pairLine); len(f) != 4 || f[1] != "1.0000" || f[3] != "1.0000" {
		t.Errorf("pair line %q, want precision and F1 1.0000", pairLine)
	}
}

// TestExitCode: every kind of error gets its documented exit code; an
// output error wins over the file-system error it wraps.
func TestExitCode(t *testing.T) {
	pathErr := &os.PathError{Op: "write", Path: "out/golden.csv", Err: syscall.ENOSPC}
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"explicit", &exitError{ExitGates, errors.New("gates")}, ExitGates},
		{"output", &pipeline.OutputError{Err: pathErr}, ExitOutput},
		{"wrapped output", fmt.Errorf("context: %w", &pipeline.OutputError{Err: pathErr}), ExitOutput},
		{"input", &pipeline.InputError{Err: pathErr}, ExitInput},
		{"usage", &pipeline.UsageError{Err: errors.New("bad region")}, ExitUsage},
		{"path", pathErr, ExitInput},
		{"other", errors.New("bug"), ExitInternal},
	}
	for _, c := range cases {
		if got := exitCode(c.err); got != c.want {
			t.Errorf("%s: exitCode = %d, want %d", c.name, got, c.want)
		}
	}
}

// TestInterrupted: a cancelled context (Ctrl-C) exits 3 with one line,
// whatever error wraps the cancellation.
func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := Run(ctx, []string{"dedupe", "--out", filepath.Join(t.TempDir(), "out"), "../testdata/exports/crm.csv"}, Env{Stdout: &stdout, Stderr: &stderr})
	if code != ExitInternal || stderr.String() != "doppel: interrupted; the outputs of the previous run were left as they were\n" {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestCheckEncoding(t *testing.T) {
	for _, name := range append(csvio.EncodingNames(), "", "auto", "AUTO", "UTF-8", "utf8", "latin-1", "utf16le") {
		if err := checkEncoding(name); err != nil {
			t.Errorf("checkEncoding(%q): %v", name, err)
		}
	}
	err := checkEncoding("ebcdic")
	if err == nil || !strings.HasPrefix(err.Error(), `unknown encoding "ebcdic" (supported: auto, utf-8,`) {
		t.Errorf("checkEncoding(ebcdic) = %v", err)
	}
}
