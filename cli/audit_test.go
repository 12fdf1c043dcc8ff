package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditGates: failed gates exit with code 4 and are named on stderr
// with the rules file and line; passing gates exit 0.
func TestAuditGates(t *testing.T) {
	base, err := os.ReadFile("../testdata/exports/rules.conf")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		gates  string
		code   int
		stderr []string
	}{
		{"email.fill >= 0.8\nrejects.rate < 5%\n", ExitOK, nil},
		{"email.fill >= 0.9\nrejects == 0\n", ExitGates, []string{
			"gate failed: " + "{conf}:61: email.fill >= 0.9 for billing: value 0.8387",
			"{conf}:62: rejects == 0 for crm: value 1",
			"quality gate(s) failed",
		}},
	} {
		conf := filepath.Join(t.TempDir(), "rules.conf")
		if err := os.WriteFile(conf, append(base, []byte("\n[audit]\n"+tt.gates)...), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		code := Run(context.Background(), []string{"audit", "--quiet", "--rules", conf, "--out", t.TempDir(),
			"../testdata/exports/crm.csv", "../testdata/exports/billing.csv"}, Env{Stdout: &stdout, Stderr: &stderr})
		if code != tt.code {
			t.Errorf("%q: exit %d, want %d\n%s", tt.gates, code, tt.code, stderr.String())
		}
		for _, s := range tt.stderr {
			s = strings.ReplaceAll(s, "{conf}", conf)
			if !strings.Contains(stderr.String(), s) {
				t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
			}
		}
	}
}
