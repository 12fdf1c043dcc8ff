package sinks

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/internal/pgtest"
	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/synth"
)

// runs are the output folders of two dedupe runs of the same 10k
// synthetic customers, at thresholds 0.5 and 0.95 (different golden
// records).
type runs struct{ a, b string }

func makeRuns(t *testing.T) runs {
	t.Helper()
	dir := t.TempDir()
	res, err := synth.Generate(synth.Config{Records: 10000, Files: 3, Dup: 0.3, Seed: 5}, filepath.Join(dir, "in"), "")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range res.Files {
		files = append(files, f.Path)
	}
	r := runs{filepath.Join(dir, "a"), filepath.Join(dir, "b")}
	for i, th := range []float64{0.5, 0.95} {
		out := []string{r.a, r.b}[i]
		if _, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: files, OutDir: out, Threshold: th, Report: "never"}); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// sameAsFiles fails unless every loaded table of runID, written back as
// CSV, is byte for byte the file of dir.
func sameAsFiles(t *testing.T, s *Sink, runID, dir string) {
	t.Helper()
	for _, f := range Files() {
		header, rows, err := s.ReadBack(context.Background(), runID, f)
		if err != nil {
			t.Fatalf("%s: %v", f.Name(), err)
		}
		var b bytes.Buffer
		w, err := f.NewWriter(&b, header)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("run %s: %s read back from %s differs from the file (%d rows; %d bytes, file %d)", runID, f.Name(), s.URL, len(rows), b.Len(), len(want))
		}
	}
}

// exerciseSink loads, reloads, aborts and checks a sink.
func exerciseSink(t *testing.T, r runs, spec string, kill hook) {
	s, err := Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := s.Load(ctx, "nightly", r.a)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows["crosswalk"] != 10000 || res.Rows["lineage"] == 0 || res.Rows["pairs"] == 0 {
		t.Errorf("rows %v", res.Rows)
	}
	sameAsFiles(t, s, "nightly", r.a)
	// Another run id beside it; then the same run id replaced by run b.
	if _, err := s.Load(ctx, "other", r.b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx, "nightly", r.b); err != nil {
		t.Fatal(err)
	}
	sameAsFiles(t, s, "nightly", r.b)
	sameAsFiles(t, s, "other", r.b)
	// A load that dies in the middle (after some lineage rows) leaves the
	// run's previous rows as they were, all tables alike.
	_, err = s.load(ctx, "nightly", r.a, func(ctx context.Context, tx *sql.Tx, table string, n int) error {
		if table == "lineage" && n >= 1000 {
			return kill(ctx, tx, table, n)
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("a killed load: %v", err)
	}
	sameAsFiles(t, s, "nightly", r.b)
}

// TestSinks loads two runs of 10k customers into SQLite and a real
// PostgreSQL server.
func TestSinks(t *testing.T) {
	r := makeRuns(t)
	t.Run("sqlite", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "target.db")
		exerciseSink(t, r, "sqlite:"+p+"?schema=mig", func(context.Context, *sql.Tx, string, int) error {
			return errors.New("killed")
		})
	})
	t.Run("postgres", func(t *testing.T) {
		srv := pgtest.Start(t)
		t.Setenv("PGPASSWORD", srv.Password)
		// The load's own server process is terminated mid-transaction, as
		// when the client is killed: the server rolls back.
		exerciseSink(t, r, srv.URL+"&schema=doppel", func(ctx context.Context, tx *sql.Tx, table string, n int) error {
			var pid int
			if err := tx.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
				return err
			}
			srv.Exec(t, "SELECT pg_terminate_backend("+strconv.Itoa(pid)+")")
			return nil // the next statement finds the connection gone
		})
	})
}

func TestParseSink(t *testing.T) {
	tests := []struct{ spec, want string }{
		{"postgres://ann:secret@db/x?schema=s", "a password in the URL"},
		{"postgres://ann@db/x?password=secret", "a password in the URL"},
		{"sqlite:", "write sqlite:PATH"},
		{"sqlite:x.db?mode=rw", "write sqlite:PATH"},
		{"mysql://db/x", "want postgres://"},
		{"sqlite:x.db?schema=", "not a usable name"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.spec)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "secret") {
			t.Errorf("Parse(%q) = %v, want %q", tt.spec, err, tt.want)
		}
	}
	s, err := Parse("sqlite:x.db")
	if err != nil || s.Table("golden") != `"doppel_golden"` {
		t.Errorf("default schema: %v %v", s, err)
	}
}
