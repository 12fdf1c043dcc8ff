package cli

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// TestDedupeSink: --sink loads the run into database tables under the
// --run-id (default: the --out folder's name); a sink URL with a password
// is a usage error before anything runs.
func TestDedupeSink(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "target.db")
	inputs := []string{"../testdata/exports/crm.csv", "../testdata/exports/billing.csv"}
	tests := []struct {
		args   []string
		code   int
		stdout string // substring
		stderr string // substring
		runID  string
	}{
		{args: []string{"--out", filepath.Join(dir, "nightly"), "--sink", "sqlite:" + db}, stdout: `loaded run "nightly" into sqlite:` + db + `: `, runID: "nightly"},
		{args: []string{"--out", filepath.Join(dir, "o2"), "--sink", "sqlite:" + db + "?schema=mig", "--run-id", "r7"}, stdout: `loaded run "r7"`, runID: "r7"},
		{args: []string{"--out", filepath.Join(dir, "o3"), "--sink", "postgres://ann:hunter2@127.0.0.1:1/x"}, code: ExitUsage, stderr: "a password in the URL"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := Run(context.Background(), append(append([]string{"dedupe"}, tt.args...), inputs...), Env{Stdout: &stdout, Stderr: &stderr})
		if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", tt.args, code, stdout.String(), stderr.String())
		}
		if strings.Contains(stderr.String()+stdout.String(), "hunter2") {
			t.Errorf("%q: the password is shown", tt.args)
		}
	}
	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []struct{ table, run string }{{"doppel_crosswalk", "nightly"}, {"mig_crosswalk", "r7"}, {"mig_runs", "r7"}} {
		var n int
		if err := conn.QueryRow(`SELECT count(*) FROM "`+q.table+`" WHERE run_id = ?`, q.run).Scan(&n); err != nil || n == 0 {
			t.Errorf("%s, run %s: %d rows, %v", q.table, q.run, n, err)
		}
	}
}
