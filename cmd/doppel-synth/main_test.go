package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	truth := filepath.Join(t.TempDir(), "truth.csv")
	var out, errb bytes.Buffer
	if code := run([]string{"-n", "500", "-files", "4", "-dup", "0.2", "-seed", "9", "-out", dir, "-truth", truth}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, name := range []string{"crm.csv", "billing.csv", "support.tsv", "webshop.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	b, err := os.ReadFile(truth)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "\n"); n != 501 {
		t.Errorf("truth has %d lines, want 501", n)
	}
	if !strings.Contains(out.String(), "500 records") {
		t.Errorf("summary: %s", out.String())
	}
	for _, args := range [][]string{{"-dup", "1.5"}, {"-hard", "1"}, {"-hard", "-0.1"}, {"-n", "-3"}, {"extra"}, {"-nope"}} {
		out.Reset()
		errb.Reset()
		if code := run(append(args, "-out", t.TempDir()), &out, &errb); code == 0 {
			t.Errorf("%v: exit 0", args)
		}
	}
}

// TestRunHard: -hard writes the hard-case and household side files with one
// row per record; without it they are not written.
func TestRunHard(t *testing.T) {
	for _, hard := range []string{"0", "0.3"} {
		dir := t.TempDir()
		var out, errb bytes.Buffer
		if code := run([]string{"-n", "400", "-hard", hard, "-out", dir}, &out, &errb); code != 0 {
			t.Fatalf("-hard %s: exit %d: %s", hard, code, errb.String())
		}
		for _, name := range []string{"cases.csv", "households.csv"} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			switch {
			case hard == "0" && err == nil:
				t.Errorf("-hard 0 wrote %s", name)
			case hard != "0" && err != nil:
				t.Error(err)
			case hard != "0" && strings.Count(string(b), "\n") != 401:
				t.Errorf("%s has %d lines, want 401", name, strings.Count(string(b), "\n"))
			}
		}
	}
}
