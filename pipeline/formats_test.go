package pipeline_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"
	_ "modernc.org/sqlite"

	"github.com/doppel-dev/doppel/csvio"
	"github.com/doppel-dev/doppel/internal/pgtest"
	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/rules"
	"github.com/doppel-dev/doppel/synth"
)

// customer is one synthetic crm row with typed values: what the other
// formats store.
type customer struct {
	ID           int64     `parquet:"CustomerID"`
	Salutation   string    `parquet:"Salutation"`
	First        string    `parquet:"First Name"`
	Last         string    `parquet:"Last Name"`
	Email        *string   `parquet:"Email,optional"`
	Phone        *string   `parquet:"Phone,optional"`
	Street       string    `parquet:"Street"`
	City         string    `parquet:"City"`
	ZIP          string    `parquet:"ZIP"` // text: leading zeros
	Country      string    `parquet:"Country"`
	Born         *int32    `parquet:"Date of Birth,optional,date"`
	Created      *int32    `parquet:"Created,optional,date"`
	LastModified time.Time `parquet:"Last Modified,timestamp(millisecond)"`
}

// formatsN is the number of customers of the format tests: 300, or
// DOPPEL_FORMATS_N (scripts/formats.sh runs them at 100,000 and prints
// the read throughput of every format).
func formatsN(t *testing.T) int {
	if v := os.Getenv("DOPPEL_FORMATS_N"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10 {
			t.Fatalf("DOPPEL_FORMATS_N=%q is not a number of customers", v)
		}
		return n
	}
	return 300
}

// crmCustomers generates formatsN customers (with duplicates) as a crm
// CSV export and returns its path, header and typed rows.
func crmCustomers(t *testing.T) (string, []string, []customer) {
	t.Helper()
	res, err := synth.Generate(synth.Config{Records: formatsN(t), Files: 1, Dup: 0.3, Seed: 12}, t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	r, err := csvio.Open(res.Files[0].Path, csvio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	header := r.Header()
	var out []customer
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	day := func(s string) *int32 {
		if s == "" {
			return nil
		}
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatalf("date %q: %v", s, err)
		}
		n := int32(d.Unix() / 86400)
		return &n
	}
	for {
		row, _, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		id, err := strconv.ParseInt(row[0], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		mod, err := time.Parse("2006-01-02T15:04:05", row[12])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, customer{ID: id, Salutation: row[1], First: row[2], Last: row[3], Email: opt(row[4]), Phone: opt(row[5]),
			Street: row[6], City: row[7], ZIP: row[8], Country: row[9], Born: day(row[10]), Created: day(row[11]), LastModified: mod})
	}
	if len(out) != formatsN(t) {
		t.Fatalf("%d customers", len(out))
	}
	// The CSV input is named like the others: customers.
	csvPath := filepath.Join(t.TempDir(), "customers.csv")
	b, err := os.ReadFile(res.Files[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(csvPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return csvPath, header, out
}

// cells returns a customer's values in header order, as typed Go values
// (nil for a missing one, time.Time for dates).
func (c customer) cells() []any {
	date := func(d *int32) any {
		if d == nil {
			return nil
		}
		return time.Unix(int64(*d)*86400, 0).UTC()
	}
	str := func(s *string) any {
		if s == nil {
			return nil
		}
		return *s
	}
	return []any{c.ID, c.Salutation, c.First, c.Last, str(c.Email), str(c.Phone), c.Street, c.City, c.ZIP, c.Country,
		date(c.Born), date(c.Created), c.LastModified}
}

func writeXLSX(t *testing.T, header []string, rows []customer) string {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Customers"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		t.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	stampFmt := "yyyy-mm-dd hh:mm:ss"
	stampStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &stampFmt})
	textStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
	hdr := make([]any, len(header))
	for i, h := range header {
		hdr[i] = h
	}
	if err := sw.SetRow("A1", hdr); err != nil {
		t.Fatal(err)
	}
	for i, c := range rows {
		vals := c.cells()
		for j, v := range vals {
			switch v.(type) {
			case time.Time:
				st := dateStyle
				if j == 12 {
					st = stampStyle
				}
				vals[j] = excelize.Cell{StyleID: st, Value: v}
			case string:
				if j == 8 {
					vals[j] = excelize.Cell{StyleID: textStyle, Value: v}
				}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, vals); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "customers.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p + "#" + sheet
}

func writeParquetFile(t *testing.T, rows []customer) string {
	p := filepath.Join(t.TempDir(), "customers.parquet")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[customer](f, parquet.MaxRowsPerRowGroup(128))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeJSONL writes the customers with the address nested (as
// address.street ...), so the test runs with a rules mapping for it.
func writeJSONL(t *testing.T, header []string, rows []customer) string {
	var b bytes.Buffer
	for _, c := range rows {
		obj := map[string]any{}
		vals := c.cells()
		addr := map[string]any{}
		for j, v := range vals {
			switch x := v.(type) {
			case time.Time:
				if j == 12 {
					v = x.Format("2006-01-02T15:04:05")
				} else {
					v = x.Format("2006-01-02")
				}
			}
			if j >= 6 && j <= 9 { // Street, City, ZIP, Country
				addr[header[j]] = v
				continue
			}
			obj[header[j]] = v
		}
		obj["address"] = addr
		line, err := json.Marshal(obj) // keys sorted: a stable header
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	p := filepath.Join(t.TempDir(), "customers.jsonl")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// ddl is the customers table, valid in SQLite and PostgreSQL.
func ddl(header []string) string {
	types := []string{"BIGINT PRIMARY KEY", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "DATE", "DATE", "TIMESTAMP"}
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = fmt.Sprintf("%q %s", h, types[i])
	}
	return "CREATE TABLE customers (" + strings.Join(cols, ", ") + ")"
}

func writeSQLite(t *testing.T, header []string, rows []customer) string {
	p := filepath.Join(t.TempDir(), "crm.db")
	db, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(ddl(header)); err != nil {
		t.Fatal(err)
	}
	ins := "INSERT INTO customers VALUES (" + strings.TrimSuffix(strings.Repeat("?, ", len(header)), ", ") + ")"
	// Inserted in reverse: the reader's primary-key order must not depend
	// on how the table was filled.
	for _, c := range slices.Backward(rows) {
		vals := c.cells()
		for j, v := range vals {
			if tm, ok := v.(time.Time); ok {
				vals[j] = tm.Format("2006-01-02 15:04:05")
				if j < 12 {
					vals[j] = tm.Format("2006-01-02")
				}
			}
		}
		if _, err := db.Exec(ins, vals...); err != nil {
			t.Fatal(err)
		}
	}
	return "sqlite:" + p + "?table=customers"
}

func writePostgres(t *testing.T, header []string, rows []customer) string {
	srv := pgtest.Start(t)
	srv.Exec(t, ddl(header))
	conn := srv.Connect(t)
	src := make([][]any, len(rows))
	for i, c := range slices.Backward(rows) {
		src[len(rows)-1-i] = c.cells()
	}
	n, err := conn.CopyFrom(context.Background(), pgx.Identifier{"customers"}, header, pgx.CopyFromRows(src))
	if err != nil || n != int64(len(rows)) {
		t.Fatalf("copy: %d rows, %v", n, err)
	}
	t.Setenv("PGPASSWORD", srv.Password)
	return srv.URL + "&table=customers"
}

// formatRun runs one input through pipeline.Dedupe and returns its
// crosswalk, golden records and output folder; every row must be read and
// accepted.
func formatRun(t *testing.T, input, rulesText string) (crosswalk, golden []byte, r *sourceRun) {
	t.Helper()
	r = dedupe(t, []string{input}, loadRules(t, rulesText))
	if r.err != nil {
		t.Fatalf("%s: %v", input, r.err)
	}
	if n := formatsN(t); r.sum.Counts.Read != n || r.sum.Counts.Rejected != 0 {
		t.Errorf("%s: counts %+v, want %d read and none rejected", input, r.sum.Counts, n)
	}
	if ms := r.sum.TimingsMS["read"]; ms > 0 {
		t.Logf("read %d rows in %.3f s: %.0f rows/s", r.sum.Counts.Read, ms/1000, float64(r.sum.Counts.Read)/(ms/1000))
	}
	cw, err := os.ReadFile(filepath.Join(r.out, pipeline.CrosswalkFile))
	if err != nil {
		t.Fatal(err)
	}
	g, err := os.ReadFile(filepath.Join(r.out, pipeline.GoldenFile))
	if err != nil {
		t.Fatal(err)
	}
	return cw, g, r
}

// TestFormatsSameCrosswalk: the same 300 customers as CSV, XLSX, Parquet,
// JSON Lines, SQLite and PostgreSQL tables give byte-identical crosswalks
// and golden records, and every row is accounted for. The PostgreSQL
// password shows in no output file and no warning.
func TestFormatsSameCrosswalk(t *testing.T) {
	csvPath, header, rows := crmCustomers(t)
	wantCW, wantGolden, _ := formatRun(t, csvPath, "")
	n := formatsN(t)
	if lines := bytes.Count(wantCW, []byte("\n")); lines != n+1 {
		t.Fatalf("csv crosswalk has %d lines", lines)
	}
	if bytes.Count(wantGolden, []byte("\n")) >= n+1 {
		t.Fatal("no duplicates found in the csv run: the comparison would prove little")
	}
	jsonRules := `[source customers]
column.address.Street = street
column.address.City = city
column.address.ZIP = postcode
column.address.Country = country
`
	tests := []struct {
		name  string
		input func(t *testing.T) string
		rules string
	}{
		{"xlsx", func(t *testing.T) string { return writeXLSX(t, header, rows) }, ""},
		{"parquet", func(t *testing.T) string { return writeParquetFile(t, rows) }, ""},
		{"jsonl", func(t *testing.T) string { return writeJSONL(t, header, rows) }, jsonRules},
		{"sqlite", func(t *testing.T) string { return writeSQLite(t, header, rows) }, ""},
		{"postgres", func(t *testing.T) string { return writePostgres(t, header, rows) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cw, golden, r := formatRun(t, tt.input(t), tt.rules)
			if !bytes.Equal(cw, wantCW) {
				t.Errorf("crosswalk differs from the CSV run's:\n%s", firstDiff(wantCW, cw))
			}
			if !bytes.Equal(golden, wantGolden) {
				t.Errorf("golden records differ from the CSV run's:\n%s", firstDiff(wantGolden, golden))
			}
			if pw := os.Getenv("PGPASSWORD"); pw != "" {
				noSecret(t, r, pw)
			}
		})
	}
}

// noSecret fails if secret appears in any output file or warning of r.
func noSecret(t *testing.T, r *sourceRun, secret string) {
	t.Helper()
	files, err := os.ReadDir(r.out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(r.out, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s shows the password", f.Name())
		}
	}
	for _, w := range r.warnings {
		if strings.Contains(w, secret) {
			t.Errorf("a warning shows the password: %s", w)
		}
	}
	if len(files) < 5 {
		t.Errorf("only %d output files checked", len(files))
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  csv:  %s\n  this: %s", i+1, x, y)
		}
	}
	return "(equal)"
}

// loadRules parses a rules file's text; "" is no rules file.
func loadRules(t *testing.T, text string) *rules.Config {
	t.Helper()
	if text == "" {
		return nil
	}
	cfg, err := rules.Parse("rules.conf", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
