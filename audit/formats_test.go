package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/doppel-dev/doppel/csvio"
	"github.com/doppel-dev/doppel/synth"
)

// TestAuditLiveTable: auditing a SQLite table gives the same report as
// auditing the CSV export it was loaded from (but for where each source
// was read from and how).
func TestAuditLiveTable(t *testing.T) {
	dir := t.TempDir()
	res, err := synth.Generate(synth.Config{Records: 300, Files: 1, Dup: 0.3, Seed: 3}, filepath.Join(dir, "gen"), "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(res.Files[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	csvPath := filepath.Join(dir, "customers.csv")
	if err := os.WriteFile(csvPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := csvio.Open(csvPath, csvio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	header := r.Header()
	dbPath := filepath.Join(dir, "crm.db")
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = fmt.Sprintf("%q TEXT", h)
	}
	if _, err := db.Exec("CREATE TABLE customers (" + strings.Join(cols, ", ") + ")"); err != nil {
		t.Fatal(err)
	}
	ins := "INSERT INTO customers VALUES (" + strings.TrimSuffix(strings.Repeat("?, ", len(header)), ", ") + ")"
	for {
		row, _, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		args := make([]any, len(row))
		for i, c := range row {
			args[i] = c
		}
		if _, err := db.Exec(ins, args...); err != nil {
			t.Fatal(err)
		}
	}
	r.Close()
	db.Close()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	report := func(input string) string {
		rep, err := Run(context.Background(), Options{Files: []string{input}, Now: now})
		if err != nil {
			t.Fatalf("%s: %v", input, err)
		}
		for i := range rep.Sources {
			rep.Sources[i].File, rep.Sources[i].Encoding, rep.Sources[i].Delimiter = "", "", ""
		}
		js, err := json.MarshalIndent(struct {
			Totals    Totals
			Sources   []Source
			Overlap   Overlap
			Conflicts []Conflict
		}{rep.Totals, rep.Sources, rep.Overlap, rep.Conflicts}, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		return string(js)
	}
	want := report(csvPath)
	if got := report("sqlite:" + dbPath + "?table=customers"); got != want {
		t.Errorf("the table's audit differs from the export's:\n%s", lineDiff(want, got))
	}
	if !strings.Contains(want, `"customers": 2`) {
		t.Fatal("empty report")
	}
}

// lineDiff shows the first differing line.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  export: %s\n  table:  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines vs %d", len(al), len(bl))
}
