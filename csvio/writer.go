package csvio

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// AtomicFile is a buffered file that replaces the file at its path only when
// Commit succeeds: it writes to a temporary file in the same directory and
// renames it over the path. Until then readers of the path see the old file
// (or none). Typical use:
//
//	f, err := csvio.CreateAtomic(path)
//	if err != nil { ... }
//	defer f.Abort()
//	... write to f ...
//	return f.Commit()
//
// An AtomicFile is not safe for concurrent use.
type AtomicFile struct {
	path string
	f    *os.File
	w    *bufio.Writer
	done bool // committed or aborted
}

// CreateAtomic starts writing a new version of the file at path.
func CreateAtomic(path string) (*AtomicFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &AtomicFile{path: path, f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

// Write writes p to the temporary file (buffered).
func (a *AtomicFile) Write(p []byte) (int, error) {
	if a.done {
		return 0, fmt.Errorf("write %s: %w", a.path, os.ErrClosed)
	}
	n, err := a.w.Write(p)
	if err != nil {
		return n, fmt.Errorf("write %s: %w", a.path, err)
	}
	return n, nil
}

// Commit flushes and fsyncs the temporary file, closes it with mode 0644 and
// renames it over the path. On failure the temporary file is removed and the
// old file is left as it was. After Commit, Write fails and Abort does
// nothing.
func (a *AtomicFile) Commit() error {
	if a.done {
		return fmt.Errorf("commit %s: %w", a.path, os.ErrClosed)
	}
	err := a.w.Flush()
	if err == nil {
		err = a.f.Chmod(0o644)
	}
	if err == nil {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(a.f.Name(), a.path)
	}
	a.done = true
	if err != nil {
		os.Remove(a.f.Name())
		return fmt.Errorf("commit %s: %w", a.path, err)
	}
	// Make the rename durable; not every file system can sync a directory.
	if d, err := os.Open(filepath.Dir(a.path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Abort discards the temporary file and leaves the file at the path as it
// was. It does nothing after Commit or a previous Abort, so
// `defer f.Abort()` is always safe.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.f.Close()
	os.Remove(a.f.Name())
}

// WriteFileAtomic replaces the file at path with data (mode 0644), so that
// the path holds either the old or the new content, never a part.
func WriteFileAtomic(path string, data []byte) error {
	f, err := CreateAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Commit()
}

// Writer writes CSV records (RFC 4180 quoting, ',' delimiter, "\n" line
// ends). It wraps encoding/csv; unlike it, a record made of one empty field
// is written as `""` so that it does not become a blank line, which readers
// skip. Writer does not escape formulas: apply EscapeFormula to cells bound
// for spreadsheets.
//
// Output is buffered; call Flush at the end. A Writer is not safe for
// concurrent use.
type Writer struct {
	bw *bufio.Writer
	cw *csv.Writer
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	bw := bufio.NewWriter(w)
	// csv.NewWriter uses bw itself as its buffer, so writes to bw and cw
	// stay in order.
	return &Writer{bw: bw, cw: csv.NewWriter(bw)}
}

// Write writes one record. Errors of the underlying writer may only show up
// at Flush.
func (w *Writer) Write(rec []string) error {
	if len(rec) == 1 && rec[0] == "" {
		_, err := w.bw.WriteString("\"\"\n")
		return err
	}
	return w.cw.Write(rec)
}

// Flush writes any buffered data and returns the first write error, if any.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}

// EscapeFormula protects a cell bound for a spreadsheet against formula
// injection (CSV injection): if s starts with '=', '+', '-', '@', '\t' or
// '\r' it returns s with a leading single quote, which spreadsheets show as
// text; otherwise s unchanged.
//
// Exception: numbers and phone numbers stay unchanged. A value starting with
// '+' or '-' is left alone when the rest of it consists only of ASCII digits,
// spaces, '(', ')', '.' and '/', with at least one digit: "-3.25",
// "+61 2 9999 1234", "+44 (0)20 7946 0958". No second '+' or '-' is allowed,
// so "-2+3" and "+1 555-1234" are escaped. Such values can at worst be read
// as arithmetic on literal numbers (e.g. "-6/3"), never as a function call,
// cell reference or DDE command. Values starting with '=', '@', '\t' or '\r'
// are always escaped.
func EscapeFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '@', '\t', '\r':
		return "'" + s
	case '+', '-':
		if numberLike(s[1:]) {
			return s
		}
		return "'" + s
	}
	return s
}

// UnescapeFormula undoes EscapeFormula for a cell read back from a file
// doppel wrote (a review file a steward edited, say): a leading single
// quote before '=', '+', '-', '@', tab or CR is removed. A value that
// itself began with such a quote cannot be told apart and loses it.
func UnescapeFormula(s string) string {
	if len(s) >= 2 && s[0] == '\'' {
		switch s[1] {
		case '=', '+', '-', '@', '\t', '\r':
			return s[1:]
		}
	}
	return s
}

// numberLike reports whether s holds only digits, spaces, '(', ')', '.' and
// '/', and at least one digit.
func numberLike(s string) bool {
	digit := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c == ' ' || c == '(' || c == ')' || c == '.' || c == '/':
		default:
			return false
		}
	}
	return digit
}
