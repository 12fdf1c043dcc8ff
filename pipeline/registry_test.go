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
