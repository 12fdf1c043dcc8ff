// Package csvio reads departmental CSV exports and writes doppel's CSV
// outputs. It is the only package of doppel that imports encoding/csv.
//
// Reading: a Reader detects the text encoding (byte order marks, UTF-8 or a
// windows-1252 fallback, or an explicit legacy encoding) and the delimiter,
// reads the header row and then streams data rows. Rows that cannot be used
// (broken quoting, wrong number of fields, invalid text, oversized fields) are
// returned as *doppel.RowError with file, line and column, and reading goes on
// with the next row; nothing is dropped silently. Memory stays bounded by the
// field size limit even for hostile input such as a 50 MB field or an
// unterminated quote at the top of a large file.
//
// Line ends are LF or CRLF; a file whose lines end in a bare CR (old Mac
// exports, found from its first 64 KiB) is read as if they were LF, and a
// CR without LF outside quotes anywhere else also ends the line, so two rows
// are never read as one (Format reports both). An Excel "sep=X" first line
// declares the delimiter and is not the header. A Reader is the CSV
// implementation of doppel.Source.
//
// Writing: AtomicFile and WriteFileAtomic replace a file only once it is
// complete; Writer writes RFC 4180 CSV; EscapeFormula guards cells bound for
// spreadsheets against formula injection.
package csvio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/doppel-dev/doppel"
)

// A Reader is the CSV implementation of doppel.Source.
var _ doppel.Source = (*Reader)(nil)

const (
	defaultMaxFieldBytes = 1 << 20
	// headerFieldCap bounds the columns of a header row.
	headerFieldCap = 10000
)

// Options configure a Reader. The zero value detects everything.
type Options struct {
	// Delimiter separates fields. 0 sniffs it among ',' ';' '\t' and '|'
	// from the first 64 KiB of text: the candidate that splits the header
	// into at least two fields and gives the most data rows the header's
	// field count wins (delimiters inside quoted fields are ignored); a
	// single-column file gets ','. A first line "sep=X" (Excel's
	// declaration) sets it to X instead. Any other rune except '"', '\r'
	// and '\n' may be given explicitly; it wins over a "sep=" line, which
	// is skipped all the same.
	Delimiter rune

	// Encoding names the text encoding of the file. "" or "auto": a byte
	// order mark decides (a UTF-8 BOM is stripped; UTF-16LE/BE are decoded);
	// without one the file is UTF-8, unless its first 64 KiB are not valid
	// UTF-8, in which case it is decoded as windows-1252 (Reader.Encoding
	// says so). Explicit names are listed by EncodingNames: "utf-8",
	// "utf-16" (byte order mark required), "utf-16le", "utf-16be",
	// "windows-1252" or "cp1252", "latin1" or "iso-8859-1", "iso-8859-15".
	// An unknown name is an error from Open and NewReader.
	Encoding string

	// MaxFieldBytes is the longest field accepted, in bytes of UTF-8 text;
	// 0 means 1 MiB. A row with a longer field is rejected with
	// doppel.ErrFieldSize and reading continues. Negative is an error.
	MaxFieldBytes int
}

// Reader streams the data rows of one CSV export. Create it with Open or
// NewReader, call Next until it returns io.EOF or a fatal error, then Close.
//
// A Reader is not safe for concurrent use.
type Reader struct {
	name      string
	file      *os.File // closed by Close when Open created the Reader
	cr        *csv.Reader
	g         *guard
	header    []string
	delim     rune
	enc       string
	max       int
	checkUTF8 bool // text is not decoded, so it may hold invalid UTF-8
	adj       int  // lines not seen by encoding/csv before the current row
	lineEnds  string
	binary    bool
	notes     []string
	rawStart  int64 // text offsets of the row last returned or rejected
	rawEnd    int64
	err       error // sticky: io.EOF or a fatal error
}

// Open opens the file at path and reads its header row (see NewReader).
// Errors name the file: it is missing or unreadable, it is empty (no header
// row), its header row cannot be read, or opt is invalid.
func Open(path string, opt Options) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *fs.PathError names the file
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("open %s: is a directory", path)
	}
	r, err := NewReader(f, path, opt)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.file = f
	return r, nil
}

// NewReader reads CSV text from src, which it does not close; name is used
// in errors (normally the file path). It detects the encoding and delimiter
// as configured by opt and reads the header row. It fails when opt is
// invalid, the input holds no header row, or the header row is unreadable
// (broken quoting, NUL bytes, invalid UTF-8, an oversized field).
func NewReader(src io.Reader, name string, opt Options) (*Reader, error) {
	if opt.MaxFieldBytes < 0 {
		return nil, fmt.Errorf("%s: invalid MaxFieldBytes %d", name, opt.MaxFieldBytes)
	}
	maxField := opt.MaxFieldBytes
	if maxField == 0 {
		maxField = defaultMaxFieldBytes
	}
	if d := opt.Delimiter; d != 0 && !validDelim(d) {
		return nil, fmt.Errorf("%s: invalid delimiter %q", name, d)
	}
	text, label, decoded, err := decodeInput(src, opt.Encoding)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	peek := func() ([]byte, bool, error) {
		sample, err := text.Peek(sniffSize)
		if err != nil && err != io.EOF {
			return nil, false, fmt.Errorf("read %s: %w", name, err)
		}
		return sample, err == io.EOF, nil
	}
	sample, atEOF, err := peek()
	if err != nil {
		return nil, err
	}
	var notes []string
	lines := 0 // lines dropped before the header
	delim := opt.Delimiter
	if d, n, ok := sepLine(sample, atEOF); ok {
		// Excel's "sep=;" line declares the delimiter; it is not the header.
		if _, err := text.Discard(n); err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		lines = 1
		if delim == 0 {
			delim = d
		}
		notes = append(notes, fmt.Sprintf("line 1 %q declares the delimiter", strings.TrimRight(string(sample[:n]), "\r\n")))
		if sample, atEOF, err = peek(); err != nil {
			return nil, err
		}
	}
	ends := lineEnds(sample, atEOF)
	binary := looksBinary(sample)
	if delim == 0 {
		delim = sniffDelimiter(bareCRToLF(sample), atEOF)
	}
	var body io.Reader = text
	if ends == "cr" {
		body = &crReader{src: text}
		notes = append(notes, "lines end in a bare CR (old Mac line ends): read as LF")
	}
	// Decoding never makes text longer than 2 bytes per byte ("" and \r\n
	// become one byte), so a field cut at 2*maxField+1 raw bytes (counting
	// the opening quote) is certainly longer than maxField.
	g := newGuard(body, delim, 2*maxField+1, headerFieldCap)
	g.checkUTF8 = !decoded
	cr := csv.NewReader(g)
	cr.Comma = delim
	cr.FieldsPerRecord = -1 // counts are checked against the header here
	cr.ReuseRecord = true
	cr.LazyQuotes = false
	r := &Reader{
		name: name, cr: cr, g: g, delim: delim, enc: label,
		max: maxField, checkUTF8: !decoded, adj: lines,
		lineEnds: ends, binary: binary, notes: notes,
	}
	if err := r.readHeader(); err != nil {
		return nil, err
	}
	return r, nil
}

func validDelim(r rune) bool {
	return r != 0 && r != '"' && r != '\r' && r != '\n' && utf8.ValidRune(r) && r != utf8.RuneError
}

func (r *Reader) readHeader() error {
	start := r.cr.InputOffset()
	r.g.mark(start)
	rec, err := r.cr.Read()
	end := r.cr.InputOffset()
	r.rawStart, r.rawEnd = start, end
	startAdj := r.adj
	trunc, capped := r.takeEvents(end)
	if err == io.EOF {
		return fmt.Errorf("%s: no header row (the file is empty)", r.name)
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			re := r.quoteError(pe, startAdj)
			return fmt.Errorf("%s:%d: unreadable header row: %w", r.name, re.Line, re.Err)
		}
		return fmt.Errorf("read %s: %w", r.name, err)
	}
	line, _ := r.cr.FieldPos(0)
	line += startAdj
	bad := func(col int, format string, args ...any) error {
		return fmt.Errorf("%s:%d:%d: unreadable header row: %s", r.name, line, col, fmt.Sprintf(format, args...))
	}
	if capped {
		return fmt.Errorf("%s:%d: unreadable header row: more than %d columns", r.name, line, headerFieldCap)
	}
	if trunc > 0 {
		return bad(trunc, "column name longer than %d bytes", r.max)
	}
	h := make([]string, len(rec))
	for i, f := range rec {
		switch {
		case len(f) > r.max:
			return bad(i+1, "column name longer than %d bytes", r.max)
		case strings.IndexByte(f, 0) >= 0:
			return bad(i+1, "NUL byte in column name (UTF-16 without a byte order mark? set the encoding to utf-16le or utf-16be)")
		case r.checkUTF8 && !utf8.ValidString(f):
			return bad(i+1, "column name is not valid UTF-8 (set the encoding, e.g. windows-1252)")
		}
		h[i] = strings.TrimSpace(strings.TrimPrefix(f, "\uFEFF"))
	}
	r.header = h
	r.g.fieldCap = max(2*len(h), len(h)+64)
	return nil
}

// Header returns the column names of the header row, trimmed of spaces (and
// of a byte order mark). Names may repeat or be empty; callers decide. The
// result is a copy.
func (r *Reader) Header() []string { return slices.Clone(r.header) }

// Delimiter returns the field delimiter in use (given or sniffed).
func (r *Reader) Delimiter() rune { return r.delim }

// Encoding returns the encoding actually used, for example "utf-8",
// "utf-8 (bom)", "utf-16le (bom)", "windows-1252" or
// "windows-1252 (guessed: not valid utf-8)".
func (r *Reader) Encoding() string { return r.enc }

// Format says how the file was read (doppel.Source): kind "csv", the
// encoding, the delimiter, the line ends at the start of the file, whether
// it looks binary, notes on a "sep=" line and old Mac line ends, and a
// warning when CRs inside LF text were read as line ends (known once Next
// has returned io.EOF).
func (r *Reader) Format() doppel.Format {
	f := doppel.Format{Kind: "csv", Encoding: r.enc, Delimiter: r.delim, LineEnds: r.lineEnds, Binary: r.binary,
		Notes: slices.Clone(r.notes)}
	if n := r.g.bareCRs; n > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d CR characters without LF outside quotes (old Mac line ends) were read as line ends", n))
	}
	return f
}

// Next returns the next data row and the 1-based physical line on which it
// starts (newlines inside quoted fields are counted; with UTF-16 input,
// lines of the decoded text). Blank lines are skipped; they are not rows.
// Fields are returned as they are in the file, without trimming; the row
// has exactly len(Header()) fields. The returned slice is reused by the next
// call of Next: copy it to keep it (the strings themselves stay valid).
//
// A row that cannot be used is returned as (nil, line, *doppel.RowError)
// with File, Line, Column (the 1-based field, or 0 when not known) and Err
// wrapping doppel.ErrQuote (bare quote, stray quote after a closing quote,
// unterminated quoted field: if it runs to the end of the file the error
// says which lines it swallowed), doppel.ErrFieldSize, doppel.ErrFieldCount
// ("got N fields, want M") or doppel.ErrEncoding (invalid UTF-8 in a UTF-8
// file, a NUL byte). When a row has several problems, the first in that
// order is reported. The caller keeps calling Next: reading continues with
// the following row.
//
// At the end of the input Next returns io.EOF. Any other error (an I/O
// error) is fatal; it names the file, and later calls return it again.
func (r *Reader) Next() (row []string, line int, err error) {
	if r.err != nil {
		return nil, 0, r.err
	}
	start := r.cr.InputOffset()
	r.g.mark(start)
	rec, err := r.cr.Read()
	end := r.cr.InputOffset()
	r.rawStart, r.rawEnd = start, end
	startAdj := r.adj
	trunc, capped := r.takeEvents(end)
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) && (pe.Err == csv.ErrQuote || pe.Err == csv.ErrBareQuote) {
			re := r.quoteError(pe, startAdj)
			return nil, re.Line, re
		}
		if err == io.EOF {
			r.err = io.EOF
		} else {
			r.err = fmt.Errorf("read %s: %w", r.name, err)
		}
		return nil, 0, r.err
	}
	line, _ = r.cr.FieldPos(0)
	line += startAdj
	reject := func(col int, sentinel error, format string, args ...any) ([]string, int, error) {
		return nil, line, &doppel.RowError{File: r.name, Line: line, Column: col,
			Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
	}
	want := len(r.header)
	if trunc > 0 {
		return reject(trunc, doppel.ErrFieldSize, "field %d is longer than %d bytes", trunc, r.max)
	}
	for i, f := range rec {
		if len(f) > r.max {
			return reject(i+1, doppel.ErrFieldSize, "field %d is %d bytes, limit %d", i+1, len(f), r.max)
		}
	}
	if capped {
		return reject(0, doppel.ErrFieldCount, "got more than %d fields, want %d", r.g.fieldCap, want)
	}
	if len(rec) != want {
		return reject(0, doppel.ErrFieldCount, "got %d fields, want %d", len(rec), want)
	}
	if !r.suspect(start, end) {
		return rec, line, nil
	}
	for i, f := range rec {
		if strings.IndexByte(f, 0) >= 0 {
			return reject(i+1, doppel.ErrEncoding, "NUL byte in field %d", i+1)
		}
		if r.checkUTF8 && !utf8.ValidString(f) {
			return reject(i+1, doppel.ErrEncoding, "field %d is not valid UTF-8 (set the file's encoding, e.g. windows-1252)", i+1)
		}
	}
	return rec, line, nil
}

// suspect reports whether the text at offsets [start, end) may hold a NUL
// byte or invalid UTF-8 (the guard checks the text in bulk).
func (r *Reader) suspect(start, end int64) bool {
	bad := r.g.bad
	i := 0
	for i < len(bad) && bad[i].to <= start {
		i++
	}
	if i > 0 {
		r.g.bad = append(bad[:0], bad[i:]...)
	}
	return len(r.g.bad) > 0 && r.g.bad[0].from < end
}

// takeEvents applies the guard's events up to text offset end: dropped
// newlines adjust line numbers; it reports the first truncated field (0 if
// none) and whether the row had too many fields.
func (r *Reader) takeEvents(end int64) (trunc int, capped bool) {
	ev := r.g.events
	i := 0
	for ; i < len(ev) && ev[i].off <= end; i++ {
		switch ev[i].kind {
		case gevNewlines:
			r.adj += ev[i].n
		case gevTruncated:
			if trunc == 0 {
				trunc = ev[i].n
			}
		case gevCapped:
			capped = true
		}
	}
	if i > 0 {
		r.g.events = append(ev[:0], ev[i:]...)
	}
	return trunc, capped
}

// quoteError converts a quote ParseError of encoding/csv into a RowError.
// startAdj is the line adjustment at the start of the row; r.adj already
// includes the row's own dropped newlines.
func (r *Reader) quoteError(pe *csv.ParseError, startAdj int) *doppel.RowError {
	start := pe.StartLine + startAdj
	last := pe.Line + r.adj
	re := &doppel.RowError{File: r.name, Line: start}
	if pe.Err == csv.ErrQuote && r.g.drained() && r.cr.InputOffset() == r.g.emitted && r.g.m.st == stQuoted {
		re.Column = r.g.openField
		// encoding/csv does not count a final newline as a line; correct
		// for one it saw that was not the input's last byte or vice versa.
		if r.g.lastOut == '\n' {
			last++
		}
		if r.g.lastIn == '\n' {
			last--
		}
		re.Err = fmt.Errorf("%w: quoted field %d is never closed: it swallowed lines %d-%d, to the end of the file", doppel.ErrQuote, re.Column, start, last)
		return re
	}
	re.Column = quoteErrorField(trimRaw(r.g.rawBytes(r.rawStart, r.rawEnd), false), r.delim)
	what := `bare " in an unquoted field (quote the field and double the quote)`
	if pe.Err == csv.ErrQuote {
		what = `stray " in a quoted field (a quote inside a quoted field must be doubled)`
	}
	if last > start {
		re.Err = fmt.Errorf("%w: %s on line %d; the row spans lines %d-%d", doppel.ErrQuote, what, last, start, last)
	} else {
		re.Err = fmt.Errorf("%w: %s", doppel.ErrQuote, what)
	}
	return re
}

// RawLine returns the raw text (after decoding to UTF-8) of the row last
// returned or rejected by Next, without its line end, cut to at most 1 KiB,
// for a rejects file. Text that the Reader dropped from an oversized field
// is missing. The text of a row rejected for invalid UTF-8 is not valid
// UTF-8 either; Raw gives it in a form that survives a text file.
func (r *Reader) RawLine() string {
	b := r.g.rawBytes(r.rawStart, r.rawEnd)
	return string(trimRaw(b, r.rawEnd-r.rawStart > int64(len(b))))
}

// Raw returns the raw text of the row last returned or rejected by Next
// like RawLine, in the form doppel.RawText gives: text that is not valid
// UTF-8 or holds NUL bytes comes base64-encoded, so no byte is lost
// (doppel.Source).
func (r *Reader) Raw() string {
	b := r.g.rawBytes(r.rawStart, r.rawEnd)
	return doppel.RawText(trimRaw(b, r.rawEnd-r.rawStart > int64(len(b))))
}

// trimRaw removes blank lines before a row and the row's line end; a row cut
// short is cut at a rune boundary instead.
func trimRaw(b []byte, cut bool) []byte {
	for {
		if len(b) > 0 && b[0] == '\n' {
			b = b[1:]
		} else if len(b) > 1 && b[0] == '\r' && b[1] == '\n' {
			b = b[2:]
		} else {
			break
		}
	}
	if cut {
		for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
			if utf8.RuneStart(b[i]) {
				if !utf8.FullRune(b[i:]) {
					b = b[:i]
				}
				break
			}
		}
		return b
	}
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// Close closes the file if the Reader was created by Open. Later calls of
// Next fail. Close is idempotent.
func (r *Reader) Close() error {
	if r.err == nil || r.err == io.EOF {
		r.err = fmt.Errorf("read %s: %w", r.name, os.ErrClosed)
	}
	if r.file == nil {
		return nil
	}
	f := r.file
	r.file = nil
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", r.name, err)
	}
	return nil
}
