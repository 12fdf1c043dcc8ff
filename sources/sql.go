package sources

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"

	"github.com/doppel-dev/doppel"
)

// A SQLReader is the database implementation of doppel.Source.
var _ doppel.Source = (*SQLReader)(nil)

// SQLReader streams the rows of a database table or query, SQLite or
// PostgreSQL, through database/sql: rows are read as the server sends
// them, never the whole result at once.
//
// The input is a URL: sqlite:PATH?table=NAME or sqlite:PATH?query=SQL, and
// postgres://USER@HOST:PORT/DB?table=NAME or ?query=SQL (postgresql://
// too; other parameters such as sslmode go to the driver). A table name
// may be schema.table. query= must come last: the rest of the argument is
// the SQL as it is, without URL escaping. A table is read in primary-key
// order (SQLite: rowid order when it has none), so its row numbers do not
// change between runs; a query's order is its own (give it an ORDER BY).
//
// A PostgreSQL password is never part of the URL, which is shown in logs,
// rejects and summary.json: it comes from PGPASSWORD or a .pgpass file
// (PGPASSFILE, default ~/.pgpass), as with psql; a URL holding one is an
// error. A SQLite file is opened read-only.
//
// The header is the result's column names. The position of a row is its
// 1-based row number in the result. Values: NULL as ""; DATE as
// 2006-01-02; TIMESTAMP as 2006-01-02 15:04:05 in UTC, or the date alone
// at midnight; integers and NUMERIC as their digits, floats in plain
// decimal notation; booleans true/false; text and UUIDs as they are. Text
// that is not valid UTF-8 rejects its row.
type SQLReader struct {
	spec   string
	kind   Kind
	db     *sql.DB
	rows   *sql.Rows
	cancel context.CancelFunc
	header []string
	vals   []any
	ptrs   []any
	row    []string
	num    int
	notes  []string
}

// dbSpec is a database input split into its parts.
type dbSpec struct {
	base   string   // before '?'
	params []string // other key=value parameters, as given
	table  string
	query  string
}

// parseDBSpec splits what follows the scheme of a database input.
func parseDBSpec(spec, rest string) (dbSpec, error) {
	var d dbSpec
	base, q, _ := strings.Cut(rest, "?")
	d.base = base
	for q != "" {
		if strings.HasPrefix(q, "query=") {
			d.query = strings.TrimPrefix(q, "query=")
			break
		}
		var p string
		p, q, _ = strings.Cut(q, "&")
		if v, ok := strings.CutPrefix(p, "table="); ok {
			t, err := url.QueryUnescape(v)
			if err != nil {
				return d, errorf(spec, "table=%s: %v", v, err)
			}
			d.table = t
			continue
		}
		if p != "" {
			d.params = append(d.params, p)
		}
	}
	switch {
	case d.table == "" && strings.TrimSpace(d.query) == "":
		return d, errorf(spec, "say what to read: add ?table=NAME or ?query=SELECT ...")
	case d.table != "" && d.query != "":
		return d, errorf(spec, "give ?table= or ?query=, not both")
	}
	return d, nil
}

// quoteIdent quotes a table name, schema.table, as a SQL identifier.
func quoteIdent(name string) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
	}
	return strings.Join(parts, ".")
}

// OpenSQLite opens sqlite:PATH?table=NAME or sqlite:PATH?query=SQL.
func OpenSQLite(spec string) (*SQLReader, error) {
	rest := spec[len("sqlite:"):]
	d, err := parseDBSpec(spec, strings.TrimPrefix(rest, "//"))
	if err != nil {
		return nil, err
	}
	if len(d.params) > 0 {
		return nil, errorf(spec, "unknown parameter %q (only table= or query=)", d.params[0])
	}
	if d.base == "" {
		return nil, errorf(spec, "no database file: write sqlite:PATH?table=NAME")
	}
	if _, err := os.Stat(d.base); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errorf(spec, "no database file %s", d.base)
		}
		return nil, errorf(spec, "%v", err)
	}
	db, err := sql.Open("sqlite", "file:"+d.base+"?mode=ro")
	if err != nil {
		return nil, errorf(spec, "%v", err)
	}
	r := &SQLReader{spec: spec, kind: SQLite, db: db}
	query := d.query
	if d.table != "" {
		query = "SELECT * FROM " + quoteIdent(d.table)
		order, note := r.sqliteOrder(d.table)
		query += order
		r.notes = append(r.notes, fmt.Sprintf("table %s, %s", d.table, note))
	} else {
		r.notes = append(r.notes, "query")
	}
	if err := r.start(query); err != nil {
		db.Close()
		return nil, err
	}
	return r, nil
}

// sqliteOrder returns the ORDER BY of a SQLite table: its primary key,
// else its rowid when it has one.
func (r *SQLReader) sqliteOrder(table string) (string, string) {
	schema, name := "main", table
	if s, n, ok := strings.Cut(table, "."); ok {
		schema, name = s, n
	}
	rows, err := r.db.Query("SELECT name FROM pragma_table_info(?, ?) WHERE pk > 0 ORDER BY pk", name, schema)
	if err == nil {
		var cols []string
		for rows.Next() {
			var c string
			if rows.Scan(&c) == nil {
				cols = append(cols, c)
			}
		}
		rows.Close()
		if len(cols) > 0 {
			return orderBy(cols), "in primary-key order (" + strings.Join(cols, ", ") + ")"
		}
	}
	if rows, err := r.db.Query("SELECT rowid FROM " + quoteIdent(table) + " LIMIT 0"); err == nil {
		rows.Close()
		return " ORDER BY rowid", "in rowid order"
	}
	return "", "in the order the database gives (no primary key)"
}

// orderBy renders an ORDER BY clause on the columns.
func orderBy(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quoteIdent(c)
	}
	return " ORDER BY " + strings.Join(q, ", ")
}

// OpenPostgres opens postgres://USER@HOST:PORT/DB?table=NAME (or
// ?query=SQL). The password comes from PGPASSWORD or a .pgpass file.
func OpenPostgres(spec string) (*SQLReader, error) {
	scheme, rest, _ := strings.Cut(spec, "://")
	d, err := parseDBSpec(spec, rest)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(scheme + "://" + d.base)
	if err != nil {
		return nil, errorf(redactURL(spec), "not a valid URL")
	}
	if _, has := u.User.Password(); has {
		return nil, errorf(redactURL(spec), "a password in the URL would show in logs, rejects and summary.json: take it out and set PGPASSWORD or use a .pgpass file")
	}
	for _, p := range d.params {
		if strings.HasPrefix(p, "password=") {
			return nil, errorf(redactParams(spec), "a password in the URL would show in logs, rejects and summary.json: take it out and set PGPASSWORD or use a .pgpass file")
		}
	}
	conn := scheme + "://" + d.base
	if len(d.params) > 0 {
		conn += "?" + strings.Join(d.params, "&")
	}
	cfg, err := pgx.ParseConfig(conn)
	if err != nil {
		return nil, errorf(spec, "%v", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 15 * time.Second
	}
	db := stdlib.OpenDB(*cfg)
	r := &SQLReader{spec: spec, kind: Postgres, db: db}
	query := d.query
	if d.table != "" {
		query = "SELECT * FROM " + quoteIdent(d.table)
		order, note, err := r.postgresOrder(d.table)
		if err != nil {
			db.Close()
			return nil, err
		}
		query += order
		r.notes = append(r.notes, fmt.Sprintf("table %s, %s", d.table, note))
	} else {
		r.notes = append(r.notes, "query")
	}
	if err := r.start(query); err != nil {
		db.Close()
		return nil, err
	}
	return r, nil
}

// postgresOrder returns the ORDER BY of a PostgreSQL table: its primary
// key, else none. It is also the first contact with the server, so a
// connection problem is reported here.
func (r *SQLReader) postgresOrder(table string) (string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rows, err := r.db.QueryContext(ctx, `SELECT a.attname FROM pg_index i
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
		WHERE i.indrelid = $1::regclass AND i.indisprimary
		ORDER BY array_position(i.indkey::int2[], a.attnum)`, quoteIdent(table))
	if err != nil {
		return "", "", errorf(r.spec, "%v", err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", "", errorf(r.spec, "%v", err)
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return "", "", errorf(r.spec, "%v", err)
	}
	if len(cols) == 0 {
		return "", "in the order the server gives (no primary key)", nil
	}
	return orderBy(cols), "in primary-key order (" + strings.Join(cols, ", ") + ")", nil
}

// start runs the query and reads the column names.
func (r *SQLReader) start(query string) error {
	ctx, cancel := context.WithCancel(context.Background())
	rows, err := r.db.QueryContext(ctx, query)
	if err != nil {
		cancel()
		return errorf(r.spec, "%v", err)
	}
	cols, err := rows.Columns()
	if err != nil {
		rows.Close()
		cancel()
		return errorf(r.spec, "%v", err)
	}
	r.rows, r.cancel, r.header = rows, cancel, cols
	r.vals = make([]any, len(cols))
	r.ptrs = make([]any, len(cols))
	for i := range r.vals {
		r.ptrs[i] = &r.vals[i]
	}
	r.row = make([]string, len(cols))
	return nil
}

// Header returns the result's column names.
func (r *SQLReader) Header() []string { return slices.Clone(r.header) }

// Next returns the next row and its 1-based row number.
func (r *SQLReader) Next() ([]string, int, error) {
	if r.rows == nil {
		return nil, 0, io.EOF
	}
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return nil, 0, errorf(r.spec, "after row %d: %v", r.num, err)
		}
		return nil, 0, io.EOF
	}
	r.num++
	if err := r.rows.Scan(r.ptrs...); err != nil {
		clear(r.row)
		return nil, r.num, &doppel.RowError{File: r.spec, Line: r.num, Err: err}
	}
	for i, v := range r.vals {
		r.row[i] = sqlText(v)
	}
	if re := checkText(r.spec, r.num, r.row); re != nil {
		return nil, r.num, re
	}
	return r.row, r.num, nil
}

// sqlText renders a database value as a cell.
func sqlText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return formatFloat(x, 64)
	case float32:
		return formatFloat(float64(x), 32)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return formatTime(x)
	}
	return fmt.Sprint(v)
}

// Raw returns the last row returned or rejected as a CSV line.
func (r *SQLReader) Raw() string { return rawRow(r.row) }

// Format says how the input was read.
func (r *SQLReader) Format() doppel.Format {
	return doppel.Format{Kind: string(r.kind), Encoding: "utf-8", Notes: slices.Clone(r.notes)}
}

// Close ends the query and the connection. It is idempotent.
func (r *SQLReader) Close() error {
	if r.db == nil {
		return nil
	}
	var err error
	if r.rows != nil {
		err = r.rows.Close()
		r.rows = nil
	}
	if r.cancel != nil {
		r.cancel()
	}
	err = errors.Join(err, r.db.Close())
	r.db = nil
	return err
}

// redactURL returns a database URL with any password replaced by xxxxx.
func redactURL(spec string) string {
	scheme, rest, ok := strings.Cut(spec, "://")
	if !ok {
		return spec
	}
	host := rest
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		host = rest[:i]
	}
	at := strings.LastIndex(host, "@")
	if at < 0 {
		return spec
	}
	if user, _, has := strings.Cut(host[:at], ":"); has {
		return scheme + "://" + user + ":xxxxx" + rest[at:]
	}
	return spec
}

// redactParams returns a database URL with a password= parameter's value
// replaced by xxxxx.
func redactParams(spec string) string {
	i := strings.Index(spec, "password=")
	if i < 0 {
		return spec
	}
	j := strings.IndexByte(spec[i:], '&')
	if j < 0 {
		return spec[:i] + "password=xxxxx"
	}
	return spec[:i] + "password=xxxxx" + spec[i+j:]
}
