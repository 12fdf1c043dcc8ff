// Package sinks loads the outputs of a dedupe run into a database, so that
// a migration script can INSERT ... SELECT from them: golden records,
// crosswalk, lineage and pairs as tables of text columns named like the
// CSV files' columns, plus a runs table with each run's summary.json. A
// run is loaded in one transaction under a run id: a second load of the
// same run id replaces that run's rows, all or nothing, and other runs'
// rows stay. The CSV files stay the outputs of record: a load reads them
// from the finished output folder.
//
// Sinks are URLs: postgres://USER@HOST:PORT/DB?schema=NAME (tables
// NAME.golden, ...; default schema doppel, created when missing) and
// sqlite:PATH?schema=NAME (tables NAME_golden, ...; the file is created
// when missing). A PostgreSQL password comes from PGPASSWORD or a .pgpass
// file, never from the URL.
package sinks

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"

	"github.com/doppel-dev/doppel/runfiles"
)

// Files returns the output files loaded, each into the table of its name
// without .csv.
func Files() []runfiles.File {
	return []runfiles.File{runfiles.Golden, runfiles.Crosswalk, runfiles.Lineage, runfiles.Pairs, runfiles.Households}
}

// Sink is a parsed sink URL.
type Sink struct {
	URL    string // as given (it holds no password)
	driver string // "sqlite" or "postgres"
	dsn    string // what the driver opens
	schema string
}

// Parse checks a sink URL. A URL holding a password is refused, as the
// URL is shown in messages.
func Parse(spec string) (*Sink, error) {
	base, query, _ := strings.Cut(spec, "?")
	s := &Sink{URL: spec, schema: "doppel"}
	var rest []string
	for _, p := range strings.Split(query, "&") {
		if p == "" {
			continue
		}
		if v, ok := strings.CutPrefix(p, "schema="); ok {
			s.schema = v
			continue
		}
		if strings.HasPrefix(p, "password=") {
			return nil, fmt.Errorf("--sink: a password in the URL would show in messages: take it out and set PGPASSWORD or use a .pgpass file")
		}
		rest = append(rest, p)
	}
	if s.schema == "" || strings.ContainsAny(s.schema, "\"\x00") {
		return nil, fmt.Errorf("--sink %s: schema=%q is not a usable name", spec, s.schema)
	}
	lower := strings.ToLower(spec)
	switch {
	case strings.HasPrefix(lower, "sqlite:"):
		path := strings.TrimPrefix(base[len("sqlite:"):], "//")
		if path == "" || len(rest) > 0 {
			return nil, fmt.Errorf("--sink %s: write sqlite:PATH (with ?schema=NAME at most)", spec)
		}
		s.driver, s.dsn = "sqlite", path
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		u, err := url.Parse(base)
		if err != nil {
			return nil, fmt.Errorf("--sink: not a valid URL")
		}
		if _, has := u.User.Password(); has {
			return nil, fmt.Errorf("--sink: a password in the URL would show in messages: take it out and set PGPASSWORD or use a .pgpass file")
		}
		s.driver, s.dsn = "postgres", base
		if len(rest) > 0 {
			s.dsn += "?" + strings.Join(rest, "&")
		}
	default:
		return nil, fmt.Errorf("--sink %s: want postgres://USER@HOST/DB?schema=NAME or sqlite:PATH", spec)
	}
	return s, nil
}

// open connects to the database.
func (s *Sink) open() (*sql.DB, error) {
	if s.driver == "sqlite" {
		return sql.Open("sqlite", s.dsn)
	}
	cfg, err := pgx.ParseConfig(s.dsn)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 15 * time.Second
	}
	return stdlib.OpenDB(*cfg), nil
}

// Table returns the quoted name of the table of a file ("golden" for
// golden.csv; "runs" for the run summaries).
func (s *Sink) Table(name string) string {
	if s.driver == "sqlite" {
		return quote(s.schema + "_" + name)
	}
	return quote(s.schema) + "." + quote(name)
}

func quote(id string) string { return `"` + strings.ReplaceAll(id, `"`, `""`) + `"` }

// Result counts what a load wrote.
type Result struct {
	Rows map[string]int // rows per table
}

// hook, when set (by tests), runs after every batch of rows inserted into
// a table; an error from it aborts the load.
type hook func(ctx context.Context, tx *sql.Tx, table string, rows int) error

// Load loads the outputs in dir (a finished run's output folder) into the
// sink under runID, replacing that run's rows, in one transaction.
func (s *Sink) Load(ctx context.Context, runID, dir string) (Result, error) {
	return s.load(ctx, runID, dir, nil)
}

func (s *Sink) load(ctx context.Context, runID, dir string, after hook) (res Result, err error) {
	if runID == "" {
		return res, fmt.Errorf("--sink: empty run id")
	}
	summary, err := os.ReadFile(filepath.Join(dir, runfiles.Summary.Name()))
	if err != nil {
		return res, fmt.Errorf("--sink: %w", err)
	}
	db, err := s.open()
	if err != nil {
		return res, fmt.Errorf("--sink %s: %v", s.URL, err)
	}
	defer db.Close()
	fail := func(err error) (Result, error) {
		return Result{}, fmt.Errorf("--sink %s: %v (nothing was changed)", s.URL, err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if s.driver == "postgres" {
		if _, err := tx.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+quote(s.schema)); err != nil {
			return fail(err)
		}
	}
	res.Rows = map[string]int{}
	headers := map[string][]string{}
	for _, f := range Files() {
		name := strings.TrimSuffix(f.Name(), ".csv")
		n, header, err := s.loadFile(ctx, tx, runID, f, filepath.Join(dir, f.Name()), name, after)
		if err != nil {
			return fail(err)
		}
		res.Rows[name], headers[name] = n, header
	}
	hj, err := json.Marshal(headers)
	if err != nil {
		return fail(err)
	}
	runs := s.Table("runs")
	if _, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+runs+" (run_id TEXT PRIMARY KEY, headers TEXT NOT NULL, summary TEXT NOT NULL)"); err != nil {
		return fail(err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+runs+" WHERE run_id = "+s.ph(1), runID); err != nil {
		return fail(err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO "+runs+" (run_id, headers, summary) VALUES ("+s.ph(1)+", "+s.ph(2)+", "+s.ph(3)+")", runID, string(hj), string(summary)); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return res, nil
}

// ph returns the i-th placeholder of the driver.
func (s *Sink) ph(i int) string {
	if s.driver == "sqlite" {
		return "?"
	}
	return "$" + strconv.Itoa(i)
}

// batchRows bounds the rows of one INSERT (and so its parameters).
const batchRows = 200

// loadFile replaces runID's rows of one output file's table: columns
// run_id, row_no (the 1-based data row of the file) and one text column
// per CSV column, added to an existing table when missing.
func (s *Sink) loadFile(ctx context.Context, tx *sql.Tx, runID string, f runfiles.File, path, name string, after hook) (int, []string, error) {
	r, err := f.Open(path)
	if err != nil {
		return 0, nil, err
	}
	defer r.Close()
	header := r.Header()
	if slices.Contains(header, "run_id") || slices.Contains(header, "row_no") {
		return 0, nil, fmt.Errorf("%s: a column named run_id or row_no", path)
	}
	table := s.Table(name)
	cols := []string{"run_id TEXT NOT NULL", "row_no INTEGER NOT NULL"}
	for _, h := range header {
		cols = append(cols, quote(h)+" TEXT")
	}
	cols = append(cols, "PRIMARY KEY (run_id, row_no)")
	if _, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+table+" ("+strings.Join(cols, ", ")+")"); err != nil {
		return 0, nil, err
	}
	have, err := s.columns(ctx, tx, table)
	if err != nil {
		return 0, nil, err
	}
	for _, h := range header {
		if !slices.Contains(have, h) {
			if _, err := tx.ExecContext(ctx, "ALTER TABLE "+table+" ADD COLUMN "+quote(h)+" TEXT"); err != nil {
				return 0, nil, err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE run_id = "+s.ph(1), runID); err != nil {
		return 0, nil, err
	}
	names := []string{"run_id", "row_no"}
	for _, h := range header {
		names = append(names, quote(h))
	}
	width := len(names)
	insert := func(args []any) error {
		rows := len(args) / width
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + strings.Join(names, ", ") + ") VALUES ")
		for i := range rows {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j := range width {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(s.ph(i*width + j + 1))
			}
			b.WriteByte(')')
		}
		_, err := tx.ExecContext(ctx, b.String(), args...)
		return err
	}
	args := make([]any, 0, batchRows*width)
	n := 0
	for {
		row, line, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, nil, err
		}
		if len(row) != len(header) {
			return 0, nil, fmt.Errorf("%s:%d: %d fields, the header has %d", path, line, len(row), len(header))
		}
		n++
		args = append(args, runID, n)
		for _, c := range row {
			args = append(args, c)
		}
		if len(args) == batchRows*width {
			if err := insert(args); err != nil {
				return 0, nil, err
			}
			args = args[:0]
			if after != nil {
				if err := after(ctx, tx, name, n); err != nil {
					return 0, nil, err
				}
			}
		}
	}
	if len(args) > 0 {
		if err := insert(args); err != nil {
			return 0, nil, err
		}
		if after != nil {
			if err := after(ctx, tx, name, n); err != nil {
				return 0, nil, err
			}
		}
	}
	return n, header, nil
}

// columns returns the column names of a table.
func (s *Sink) columns(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT * FROM "+table+" WHERE 1 = 0")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}

// ReadBack returns the rows of runID in the table of output file f, in
// file order, with the file's header as loaded: what the CSV file holds,
// decoded.
func (s *Sink) ReadBack(ctx context.Context, runID string, f runfiles.File) ([]string, [][]string, error) {
	db, err := s.open()
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	var hj string
	if err := db.QueryRowContext(ctx, "SELECT headers FROM "+s.Table("runs")+" WHERE run_id = "+s.ph(1), runID).Scan(&hj); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, fmt.Errorf("no run %q in %s", runID, s.URL)
		}
		return nil, nil, err
	}
	var headers map[string][]string
	if err := json.Unmarshal([]byte(hj), &headers); err != nil {
		return nil, nil, err
	}
	name := strings.TrimSuffix(f.Name(), ".csv")
	header := headers[name]
	if len(header) == 0 {
		return nil, nil, fmt.Errorf("run %q has no %s", runID, name)
	}
	q := make([]string, len(header))
	for i, h := range header {
		q[i] = "COALESCE(" + quote(h) + ", '')"
	}
	rows, err := db.QueryContext(ctx, "SELECT "+strings.Join(q, ", ")+" FROM "+s.Table(name)+" WHERE run_id = "+s.ph(1)+" ORDER BY row_no", runID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		row := make([]string, len(header))
		ptrs := make([]any, len(row))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		out = append(out, row)
	}
	return header, out, rows.Err()
}
