package csvio

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
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
// ends). Its output is byte-identical to encoding/csv.Writer with the
// default settings (Comma ',', UseCRLF false), with one exception: a record
// made of one empty field is written as `""` so that it does not become a
// blank line, which readers skip. Writer does not escape formulas: apply
// EscapeFormula to cells bound for spreadsheets.
//
// Output is buffered; call Flush at the end. A Writer is not safe for
// concurrent use.
type Writer struct {
	w   io.Writer
	buf []byte
	err error // first write error; sticky
}

// writerBufSize is the size at which Writer hands its buffer to the
// underlying writer.
const writerBufSize = 64 << 10

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, buf: make([]byte, 0, writerBufSize+4<<10)}
}

// Write writes one record. Errors of the underlying writer may only show up
// at Flush.
func (w *Writer) Write(rec []string) error {
	if w.err != nil {
		return w.err
	}
	b := w.buf
	if len(rec) == 1 && rec[0] == "" {
		b = append(b, '"', '"', '\n')
	} else {
		for n, field := range rec {
			if n > 0 {
				b = append(b, ',')
			}
			if fieldNeedsQuotes(field) {
				b = appendQuoted(b, field)
			} else {
				b = append(b, field...)
			}
		}
		b = append(b, '\n')
	}
	w.buf = b
	if len(b) >= writerBufSize {
		return w.flushBuf()
	}
	return nil
}

// flushBuf hands the buffered bytes to the underlying writer.
func (w *Writer) flushBuf() error {
	if w.err != nil {
		return w.err
	}
	if len(w.buf) == 0 {
		return nil
	}
	n, err := w.w.Write(w.buf)
	if err == nil && n < len(w.buf) {
		err = io.ErrShortWrite
	}
	if err != nil {
		w.err = err
		return err
	}
	if cap(w.buf) > 4*writerBufSize {
		// One huge record grew the buffer; do not keep it.
		w.buf = make([]byte, 0, writerBufSize+4<<10)
	} else {
		w.buf = w.buf[:0]
	}
	return nil
}

// Flush writes any buffered data and returns the first write error, if any.
func (w *Writer) Flush() error {
	return w.flushBuf()
}

// fieldNeedsQuotes reports whether encoding/csv.Writer (Comma ',') would
// quote field: it is `\.`, holds '"', ',', '\r' or '\n', or starts with a
// Unicode space.
func fieldNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	i := 0
	for ; i+8 <= len(field); i += 8 {
		// Eight bytes at a time: a byte of x equals b when the same byte
		// of x^(b*lsb) is zero, and hasZero tells whether any byte is.
		x := uint64(field[i]) | uint64(field[i+1])<<8 | uint64(field[i+2])<<16 | uint64(field[i+3])<<24 |
			uint64(field[i+4])<<32 | uint64(field[i+5])<<40 | uint64(field[i+6])<<48 | uint64(field[i+7])<<56
		if hasZero(x^(','*lsb)) || hasZero(x^('"'*lsb)) || hasZero(x^('\n'*lsb)) || hasZero(x^('\r'*lsb)) {
			return true
		}
	}
	for ; i < len(field); i++ {
		// '\n' < '\r' < '"' < ',': one compare filters almost every byte.
		if c := field[i]; c <= ',' && (c == ',' || c == '"' || c == '\n' || c == '\r') {
			return true
		}
	}
	c := field[0]
	if c < utf8.RuneSelf {
		// The ASCII spaces of unicode.IsSpace.
		return c == ' ' || (c >= '\t' && c <= '\r')
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}

// lsb has the lowest bit of every byte of a word set.
const lsb = 0x0101010101010101

// hasZero reports whether any byte of x is zero (exact: the borrow that can
// mark a byte above a zero byte needs a zero byte below it).
func hasZero(x uint64) bool { return (x-lsb)&^x&(lsb<<7) != 0 }

// appendQuoted appends field quoted as encoding/csv.Writer (UseCRLF false)
// does: inside quotes, '"' is doubled and everything else is kept.
func appendQuoted(b []byte, field string) []byte {
	b = append(b, '"')
	for {
		i := strings.IndexByte(field, '"')
		if i < 0 {
			break
		}
		b = append(b, field[:i+1]...)
		b = append(b, '"')
		field = field[i+1:]
	}
	b = append(b, field...)
	return append(b, '"')
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
//
// EscapeFormula is inlined into its callers: most cells start with a letter
// or a digit and cost one byte compare, with no allocation.
func EscapeFormula(s string) string {
	// '\t' < '\r' < '+' < '-' < '=' < '@': one compare settles most cells.
	if s == "" || s[0] > '@' || s[0] < '\t' {
		return s
	}
	return escapeFormula(s)
}

// escapeFormula is EscapeFormula for a non-empty s whose first byte is in
// '\t'..'@'.
func escapeFormula(s string) string {
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
