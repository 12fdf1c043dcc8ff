package pipeline_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/match"
	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/rules"
)

// TestNothingToMatchOn: a run whose mapped fields give no comparison any
// evidence used to finish with exit 0 and merge nothing. It is now an input
// error that says what is missing, and the output folder stays empty.
func TestNothingToMatchOn(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "crm.csv", "id,title,created\n1,Mr,2020-01-01\n2,Mr,2020-01-01\n3,Dr,2021-05-06\n")
	cfgWithFields := func(t *testing.T) *rules.Config {
		cfg, err := rules.Parse("rules.conf", strings.NewReader("[match]\nfields = email\n"))
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	cases := []struct {
		name string
		cfg  func(*testing.T) *rules.Config
		file string
		want string
	}{
		{"no compared column", func(*testing.T) *rules.Config { return nil }, in, "map a name"},
		{"fields without data", cfgWithFields,
			writeFile(t, dir, "web.csv", "id,first_name,last_name\n1,Ann,Lee\n2,Ann,Lee\n"), "limits matching to email"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "out-"+strings.ReplaceAll(tc.name, " ", "-"))
			_, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{tc.file}, OutDir: out, Rules: tc.cfg(t)})
			var ie *pipeline.InputError
			if !errors.As(err, &ie) || !errors.Is(err, match.ErrNoEvidence) {
				t.Fatalf("err = %v, want an input error wrapping ErrNoEvidence", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to mention %q", err, tc.want)
			}
			if m, _ := filepath.Glob(filepath.Join(out, "*")); len(m) > 0 {
				t.Errorf("outputs written: %v", m)
			}
		})
	}
}

// TestSecondPhoneEndToEnd: a "Tel 2" column next to "Phone" used to be
// left unmapped; as phone_2 it is matching evidence (the web shop's second
// number is the CRM's main one) and a golden column in E.164.
func TestSecondPhoneEndToEnd(t *testing.T) {
	dir := t.TempDir()
	crm := writeFile(t, dir, "crm.csv", "id,first_name,last_name,phone\n1,Maria,Garcia,030 1234567\n2,Jon,Smith,040 7654321\n")
	web := writeFile(t, dir, "web.csv", "id,first_name,last_name,phone,tel 2\n7,Maria,Garcia,089 555000,030 1234567\n8,Jon,Smith,0171 999888,\n")
	out := filepath.Join(dir, "out")
	sum, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{crm, web}, OutDir: out, Region: "DE"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sum.Sources {
		if s.Name == "web" && s.Mapping["phone_2"] != "tel 2" {
			t.Fatalf("web mapping %v, want phone_2 from \"tel 2\"", s.Mapping)
		}
	}
	golden := readAll(t, filepath.Join(out, "golden.csv"))
	col := indexOf(golden[0], "phone_2")
	if col < 0 {
		t.Fatalf("golden.csv has no phone_2 column: %q", golden[0])
	}
	found := false
	for _, row := range golden[1:] {
		if row[col] == "+49301234567" {
			found = true
			if row[1] != "2" {
				t.Errorf("Maria Garcia's golden record has %s members, want 2", row[1])
			}
		}
	}
	if !found {
		t.Errorf("no golden record has phone_2 +49301234567: %q", golden)
	}
	// Maria's records agree on a phone only through the second number.
	pairs := readAll(t, filepath.Join(out, "pairs.csv"))
	pc := indexOf(pairs[0], "phone_level")
	if pc < 0 {
		t.Fatalf("pairs.csv has no phone level: %q", pairs[0])
	}
	levels := map[string]bool{}
	for _, row := range pairs[1:] {
		levels[row[pc]] = true
	}
	if !levels["exact"] {
		t.Errorf("no pair agrees exactly on a phone: levels %v", levels)
	}
}
