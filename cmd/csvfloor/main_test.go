package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	for in, want := range map[string]rune{
		"a,b,c\n1;2": ',', "Kundennr;Name;PLZ\n": ';', "id\tname\temail": '\t', "a|b|c": '|', "single": ',',
	} {
		if got := sniff([]byte(in)); got != want {
			t.Errorf("sniff(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.csv")
	// BOM, semicolons, a bare quote (bad row) and a short row (accepted: -1 fields).
	if err := os.WriteFile(p, []byte("\ufeffa;b\n1;2\n3;x\"y\n4\n5;6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{p}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "rows=3 bad=1") {
		t.Errorf("output %q", out.String())
	}
	if code := run([]string{filepath.Join(dir, "missing.csv")}, &out, &errb); code != 1 {
		t.Errorf("missing file: exit %d", code)
	}
	if code := run(nil, &out, &errb); code != 2 {
		t.Errorf("no args: exit %d", code)
	}
}

func TestExec(t *testing.T) {
	rep := filepath.Join(t.TempDir(), "rep")
	var errb bytes.Buffer
	if code := run([]string{"-exec", "-o", rep, "--", "sh", "-c", "exit 3"}, &errb, &errb); code != 3 {
		t.Fatalf("exit code %d, want 3 passed through", code)
	}
	b, err := os.ReadFile(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Maximum resident set size (kbytes): ") || !strings.Contains(string(b), "exit=3") {
		t.Errorf("report %q", b)
	}
	if code := run([]string{"-exec", "--", "/nonexistent/cmd"}, &errb, &errb); code != 127 {
		t.Errorf("missing command: exit %d", code)
	}
}
