package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cliCase is one case of testdata/cases.json: arguments ({tmp} and {out}
// are replaced by temp folders), the exit code, text the streams must
// contain and files the output folder must hold.
type cliCase struct {
	Name        string   `json:"name"`
	Args        []string `json:"args"`
	Code        int      `json:"code"`
	Stdout      []string `json:"stdout"`
	Stderr      []string `json:"stderr"`
	StdoutEmpty bool     `json:"stdout_empty"`
	Files       []string `json:"files"`
}

func TestCLICases(t *testing.T) {
	b, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []cliCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			tmp, out := t.TempDir(), filepath.Join(t.TempDir(), "out")
			if err := os.WriteFile(filepath.Join(tmp, "empty.csv"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(tmp, "bad.conf"), []byte("[match]\nthreshold = lots\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			args := make([]string, len(c.Args))
			for i, a := range c.Args {
				args[i] = strings.NewReplacer("{tmp}", tmp, "{out}", out).Replace(a)
			}
			var stdout, stderr bytes.Buffer
			code := Run(context.Background(), args, Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
			if code != c.Code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, c.Code, stdout.String(), stderr.String())
			}
			for _, s := range c.Stdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
			for _, s := range c.Stderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
			if c.StdoutEmpty && stdout.Len() > 0 {
				t.Errorf("stdout not empty: %s", stdout.String())
			}
			for _, f := range c.Files {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("output %s: %v", f, err)
				}
			}
			// No temp files left behind by the atomic writers.
			if ents, err := os.ReadDir(out); err == nil {
				for _, e := range ents {
					if strings.HasPrefix(e.Name(), ".") || strings.Contains(e.Name(), ".tmp") {
						t.Errorf("leftover file %s", e.Name())
					}
				}
			}
		})
	}
}

// TestEvalMatchesTruth: eval of a crosswalk built from the truth itself is perfect.
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
