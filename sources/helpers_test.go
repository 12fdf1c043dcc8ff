package sources

import (
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/doppel-dev/doppel"
)

// readRow is one result of Next: the row, or the reason it was rejected.
type readRow struct {
	pos    int
	cells  []string
	reason string // the row error's text, "" for a good row
	raw    string
}

// readAll reads a source to the end, failing on a fatal error.
func readAll(t *testing.T, src doppel.Source) []readRow {
	t.Helper()
	var out []readRow
	for {
		row, pos, err := src.Next()
		if err == io.EOF {
			break
		}
		var re *doppel.RowError
		switch {
		case errors.As(err, &re):
			if row != nil {
				t.Errorf("row %d: rejected but cells %q returned", pos, row)
			}
			if re.Line != pos {
				t.Errorf("row error at %d, Next said %d", re.Line, pos)
			}
			out = append(out, readRow{pos: pos, reason: re.Error(), raw: src.Raw()})
		case err != nil:
			t.Fatalf("Next: %v", err)
		default:
			if len(row) != len(src.Header()) {
				t.Fatalf("row %d has %d cells, header %d", pos, len(row), len(src.Header()))
			}
			out = append(out, readRow{pos: pos, cells: slices.Clone(row), raw: src.Raw()})
		}
	}
	if _, _, err := src.Next(); err != io.EOF {
		t.Errorf("Next after the end: %v, want io.EOF", err)
	}
	if err := src.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := src.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	return out
}

// cell returns the value of column name in a good row.
func cell(t *testing.T, header []string, r readRow, name string) string {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, header)
	}
	if r.cells == nil {
		t.Fatalf("row %d was rejected: %s", r.pos, r.reason)
	}
	return r.cells[i]
}
