package sources

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/internal/pgtest"
)

// execAll runs statements on db, failing the test on an error.
func execAll(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// typedTable is the DDL and rows of the typed test table, valid in SQLite
// and PostgreSQL alike. Rows are inserted out of key order.
var typedTable = []string{
	`CREATE TABLE customers (
		id INTEGER PRIMARY KEY,
		ref TEXT,
		name TEXT,
		born DATE,
		seen TIMESTAMP,
		balance NUMERIC(12,2),
		score DOUBLE PRECISION,
		vip BOOLEAN
	)`,
	`INSERT INTO customers VALUES (3, '00777', 'Cy Dee', NULL, NULL, NULL, NULL, NULL)`,
	`INSERT INTO customers VALUES (1, '00042', 'Ann Lee', '1984-07-09', '2024-01-02 13:45:00', 1234.50, 10000000000, TRUE)`,
	`INSERT INTO customers VALUES (2, '0099', 'Bob Ray', '2001-12-31', '2024-05-06 00:00:00', -0.05, 0.25, FALSE)`,
}

// checkTyped reads the typed table through spec and checks row order and
// values; want holds the per-database renderings that differ.
func checkTyped(t *testing.T, open func(string) (*SQLReader, error), spec string, want map[string][3]string) {
	t.Helper()
	r, err := open(spec)
	if err != nil {
		t.Fatal(err)
	}
	h := r.Header()
	if !slices.Equal(h, []string{"id", "ref", "name", "born", "seen", "balance", "score", "vip"}) {
		t.Fatalf("header %q", h)
	}
	if n := r.Format().Notes; len(n) != 1 || !strings.Contains(n[0], "primary-key order (id)") {
		t.Errorf("notes %q", n)
	}
	rows := readAll(t, r)
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	base := map[string][3]string{
		"id":   {"1", "2", "3"}, // primary-key order, not insertion order
		"ref":  {"00042", "0099", "00777"},
		"born": {"1984-07-09", "2001-12-31", ""},
		"seen": {"2024-01-02 13:45:00", "2024-05-06", ""},
	}
	for k, v := range want {
		base[k] = v
	}
	for col, vals := range base {
		for i, w := range vals {
			if rows[i].pos != i+1 {
				t.Errorf("row %d at %d", i+1, rows[i].pos)
			}
			if v := cell(t, h, rows[i], col); v != w {
				t.Errorf("row %d %s = %q, want %q", i+1, col, v, w)
			}
		}
	}
}

func TestSQLiteTable(t *testing.T) {
	p := filepath.Join(t.TempDir(), "crm.db")
	db, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	execAll(t, db, typedTable...)
	execAll(t, db, `CREATE TABLE notes (body TEXT)`, `INSERT INTO notes VALUES ('b'), ('a')`,
		`CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB)`, `INSERT INTO blobs VALUES (1, x'41'), (2, x'ff00')`)
	db.Close()
	checkTyped(t, OpenSQLite, "sqlite:"+p+"?table=customers", map[string][3]string{
		"balance": {"1234.5", "-0.05", ""}, // SQLite keeps NUMERIC as REAL
		"score":   {"10000000000", "0.25", ""},
		"vip":     {"1", "0", ""},
	})

	// A table without a primary key: rowid order.
	r, err := OpenSQLite("sqlite:" + p + "?table=notes")
	if err != nil {
		t.Fatal(err)
	}
	if rows := readAll(t, r); len(rows) != 2 || rows[0].cells[0] != "b" {
		t.Errorf("notes %+v", rows)
	}
	// A query, verbatim after query= (spaces, quotes, '&' and ';' kept).
	r, err = OpenSQLite("sqlite:" + p + "?query=SELECT name, ref || '&' AS tag FROM customers WHERE name <> 'x' ORDER BY id DESC;")
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, r)
	if len(rows) != 3 || rows[0].cells[0] != "Cy Dee" || rows[0].cells[1] != "00777&" {
		t.Errorf("query rows %+v", rows)
	}
	// A blob that is not UTF-8 rejects its row with the reason; the next
	// row is read.
	r, err = OpenSQLite("sqlite:" + p + "?table=blobs")
	if err != nil {
		t.Fatal(err)
	}
	rows = readAll(t, r)
	if len(rows) != 2 || rows[0].cells[1] != "A" || !strings.Contains(rows[1].reason, "?table=blobs:2:2: invalid text encoding") {
		t.Errorf("blob rows %+v", rows)
	}
}

func TestDatabaseSpecErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "crm.db")
	db, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	execAll(t, db, `CREATE TABLE t (a TEXT)`)
	db.Close()
	tests := []struct {
		spec string
		open func(string) (*SQLReader, error)
		want string
	}{
		{"sqlite:" + p, OpenSQLite, "add ?table=NAME or ?query="},
		{"sqlite:" + p + "?table=t&query=SELECT 1", OpenSQLite, "not both"},
		{"sqlite:" + p + "?mode=rw&table=t", OpenSQLite, `unknown parameter "mode=rw"`},
		{"sqlite:" + p + "?table=nope", OpenSQLite, "no such table: nope"},
		{"sqlite:" + filepath.Join(dir, "missing.db") + "?table=t", OpenSQLite, "missing.db?table=t: no database file " + filepath.Join(dir, "missing.db")},
		{"sqlite:?table=t", OpenSQLite, "no database file"},
		{"postgres://ann:s3cr%40t@localhost:1/crm?table=t", OpenPostgres, "postgres://ann:xxxxx@localhost:1/crm?table=t: a password in the URL"},
		{"postgres://ann@localhost:1/crm?password=s3cret&table=t", OpenPostgres, "password=xxxxx&table=t: a password in the URL"},
		{"postgres://ann@localhost:1/crm", OpenPostgres, "add ?table=NAME"},
	}
	for _, tt := range tests {
		_, err := tt.open(tt.spec)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.spec, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cr") {
			t.Errorf("%s: the error shows the password: %v", tt.spec, err)
		}
	}
	// The SQLite file is opened read-only: reading never creates or
	// changes it.
	if _, err := OpenSQLite("sqlite:" + p + "?query=CREATE TABLE u (a)"); err == nil {
		r, _ := OpenSQLite("sqlite:" + p + "?table=u")
		if r != nil {
			r.Close()
			t.Error("a query created a table in the input database")
		}
	}
}

// TestSniff: a database, Parquet file or workbook given under a name that
// would be read as CSV is an error saying how to read it.
func TestSniff(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "crm.db")
	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	execAll(t, conn, `CREATE TABLE t (a TEXT)`)
	conn.Close()
	pq := writeParquet(t, []pqCustomer{{ID: "1"}})
	xlsx := writeWorkbook(t)
	copyAs := func(src, name string) string {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct{ path, want string }{
		{db, "'sqlite:" + db + "?table=NAME'"},
		{copyAs(pq, "export.csv"), "is a Parquet file"},
		{copyAs(xlsx, "sales.csv"), "named .xlsx"},
		{writeFile(t, "old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), "save it as .xlsx or CSV"},
		{writeFile(t, "plain.csv", "id,name\n1,a\n"), ""},
		{writeFile(t, "short.csv", "PK"), ""},
		{filepath.Join(dir, "missing.csv"), ""},
		{dir, ""},
	}
	for _, tt := range tests {
		err := Sniff(tt.path)
		if (tt.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Sniff(%s) = %v, want %q", filepath.Base(tt.path), err, tt.want)
		}
	}
	if _, err := OpenXLSX(copyAs(db, "db.xlsx")); err == nil || !strings.Contains(err.Error(), "db.xlsx: not a readable .xlsx workbook: not a ZIP archive") {
		t.Errorf("a database named .xlsx: %v", err)
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		spec string
		want Kind
	}{
		{"a.csv", CSV}, {"a.tsv", CSV}, {"noext", CSV}, {"a.xlsx.csv", CSV},
		{"a.XLSX", XLSX}, {"a.xlsx#Sheet 2", XLSX}, {"dir/a.xlsx#", XLSX},
		{"a.parquet", Parquet}, {"a.jsonl", JSONL}, {"a.NDJSON", JSONL},
		{"sqlite:crm.db?table=t", SQLite}, {"SQLITE:crm.db", SQLite},
		{"postgres://u@h/db?table=t", Postgres}, {"postgresql://u@h/db", Postgres},
		{"postgres.csv", CSV},
	}
	for _, tt := range tests {
		if got := KindOf(tt.spec); got != tt.want {
			t.Errorf("KindOf(%q) = %q, want %q", tt.spec, got, tt.want)
		}
	}
}

func TestPostgresTable(t *testing.T) {
	srv := pgtest.Start(t)
	srv.Exec(t, typedTable...)
	srv.Exec(t, `CREATE SCHEMA crm`, `CREATE TABLE crm."Old Customers" (ref TEXT, name TEXT)`,
		`INSERT INTO crm."Old Customers" VALUES ('0001', 'Ann'), ('0002', NULL)`)
	t.Setenv("PGPASSWORD", srv.Password)
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	spec := srv.URL + "&table=customers"
	checkTyped(t, OpenPostgres, spec, map[string][3]string{
		"balance": {"1234.50", "-0.05", ""}, // NUMERIC(12,2) keeps its scale
		"score":   {"10000000000", "0.25", ""},
		"vip":     {"true", "false", ""},
	})
	r, err := OpenPostgres(srv.URL + `&table=crm.Old Customers`)
	if err != nil {
		t.Fatal(err)
	}
	f := r.Format()
	rows := readAll(t, r)
	if len(rows) != 2 || rows[0].cells[0] != "0001" || rows[1].cells[1] != "" {
		t.Errorf("crm.Old Customers: %+v", rows)
	}
	if f.Kind != "postgres" || !strings.Contains(f.Notes[0], "no primary key") {
		t.Errorf("format %+v", f)
	}
	// A query; errors name the input without the password.
	r, err = OpenPostgres(srv.URL + "&query=SELECT name, born FROM customers WHERE born > DATE '2000-01-01'")
	if err != nil {
		t.Fatal(err)
	}
	if rows := readAll(t, r); len(rows) != 1 || rows[0].cells[1] != "2001-12-31" {
		t.Errorf("query: %+v", rows)
	}
	// The other types the README's table names.
	r, err = OpenPostgres(srv.URL + `&query=SELECT '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::uuid AS u,
		TIMESTAMPTZ '2024-03-01 14:45:05+01' AS tz, TIMESTAMPTZ '2024-03-01 01:00:00+01' AS midnight,
		TIME '13:45:05' AS t, 1.5::real AS r, 7::int4 AS i, 1e20::float8 AS big, 12::numeric AS n, '{"a": 1}'::jsonb AS j`)
	if err != nil {
		t.Fatal(err)
	}
	h := r.Header()
	rows = readAll(t, r)
	for col, want := range map[string]string{
		"u": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "tz": "2024-03-01 13:45:05", "midnight": "2024-03-01",
		"t": "13:45:05", "r": "1.5", "i": "7", "big": "100000000000000000000", "n": "12", "j": `{"a": 1}`,
	} {
		if v := cell(t, h, rows[0], col); v != want {
			t.Errorf("%s = %q, want %q", col, v, want)
		}
	}
	for _, bad := range []string{srv.URL + "&table=missing", srv.URL + "&query=SELEC 1"} {
		_, err := OpenPostgres(bad)
		if err == nil || !strings.HasPrefix(err.Error(), bad+": ") || strings.Contains(err.Error(), srv.Password) {
			t.Errorf("%s: %v", bad, err)
		}
	}

	// The password from a .pgpass file instead of PGPASSWORD.
	pass := filepath.Join(t.TempDir(), "pgpass")
	line := fmt.Sprintf("127.0.0.1:%d:*:%s:%s\n", srv.Port, srv.User, srv.Password)
	if err := os.WriteFile(pass, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSWORD", "")
	os.Unsetenv("PGPASSWORD")
	t.Setenv("PGPASSFILE", pass)
	r, err = OpenPostgres(spec)
	if err != nil {
		t.Fatalf("with .pgpass: %v", err)
	}
	if rows := readAll(t, r); len(rows) != 3 {
		t.Errorf("with .pgpass: %d rows", len(rows))
	}
	// Without a password: the server's refusal, without any secret.
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	_, err = OpenPostgres(spec)
	if err == nil || !strings.HasPrefix(err.Error(), spec+": ") || strings.Contains(err.Error(), srv.Password) {
		t.Errorf("no password: %v", err)
	}
}
