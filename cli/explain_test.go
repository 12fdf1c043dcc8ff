package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	e := "../testdata/exports/"
	run := func(args ...string) (int, string, string) {
		var so, se bytes.Buffer
		code := Run(context.Background(), args, Env{Stdout: &so, Stderr: &se})
		return code, so.String(), se.String()
	}
	if code, _, se := run("dedupe", "--quiet", "--rules", e+"rules.conf", "--out", out, e+"crm.csv", e+"billing.csv", e+"support.tsv", e+"webshop.csv"); code != 0 {
		t.Fatalf("dedupe: %d %s", code, se)
	}
	cases := []struct {
		name string
		args []string
		code int
		want []string
	}{
		// Laura Schulz: four records across three systems.
		{"cluster member", []string{"crm:1016"}, 0, []string{"crm:1016 is in golden record", "with 4 record(s)", "crm:1016 ~ billing:1042", "prior (two random records)", "email exact", "total"}},
		{"merged pair", []string{"crm:1016", "support:T-30047"}, 0, []string{"are merged in golden record", "= match probability 1.0000"}},
		// The household trap: Stefan and Ursula Becker share address and phone.
		{"household", []string{"crm:1006", "crm:1029"}, 0, []string{"are not merged", "not linked: different given names", "given_name differs"}},
		// Michael Johnson's billing record has no salutation: its gender
		// is the one the crm's records state for "michael".
		{"learnt gender", []string{"billing:1009", "crm:1039"}, 0, []string{"gender exact (learnt from the given name)"}},
		{"unknown record", []string{"crm:nope"}, 2, nil},
		{"not source:id", []string{"1016"}, 1, nil},
	}
	for _, c := range cases {
		code, so, se := run(append([]string{"explain", "--out", out}, c.args...)...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d (%s)", c.name, code, c.code, se)
		}
		for _, w := range c.want {
			if !strings.Contains(so, w) {
				t.Errorf("%s: output lacks %q:\n%s", c.name, w, so)
			}
		}
	}
	// Both records state their gender (Herr, Frau): nothing is said to be learnt.
	if _, so, _ := run("explain", "--out", out, "crm:1006", "crm:1029"); !strings.Contains(so, "gender differs") || strings.Contains(so, "learnt") {
		t.Errorf("stated genders: %s", so)
	}
	// A record with no duplicate: explain shows its closest candidates or says none matched.
	if code, so, _ := run("explain", "--out", out, "webshop:WS000668"); code != 0 || !strings.Contains(so, "golden record") {
		t.Errorf("singleton: %d %s", code, so)
	}
	if code, _, se := run("explain", "--out", filepath.Join(t.TempDir(), "none"), "crm:1"); code != 2 || !strings.Contains(se, "run doppel dedupe") {
		t.Errorf("missing run: %d %s", code, se)
	}
}
