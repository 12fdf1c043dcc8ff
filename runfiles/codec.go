package runfiles

import (
	"fmt"
	"io"
	"strings"

	"github.com/doppel-dev/doppel/csvio"
)

// Writer encodes the rows of one CSV file of a run: every cell is escaped
// according to its column's kind. Output is buffered; call Flush at the end.
// A Writer is not safe for concurrent use.
type Writer struct {
	w     *csvio.Writer
	kinds []Kind
	row   []string
}

// NewWriter returns a Writer of file f writing to w and writes the header,
// which must start with the fixed columns of f.
func (f File) NewWriter(w io.Writer, header []string) (*Writer, error) {
	if err := f.checkHeader(header); err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	e := f.NewRowWriter(w, header)
	if err := e.w.Write(header); err != nil {
		return nil, err
	}
	return e, nil
}

// NewRowWriter is NewWriter without writing the header: for parts of a file
// formatted apart (chunks of golden.csv) and joined later.
func (f File) NewRowWriter(w io.Writer, header []string) *Writer {
	return &Writer{w: csvio.NewWriter(w), kinds: f.kinds(header), row: make([]string, len(header))}
}

// Write encodes and writes one row (as many cells as the header). row is
// not changed. Errors of the underlying writer may only show up at Flush.
func (w *Writer) Write(row []string) error {
	if len(row) != len(w.kinds) {
		return fmt.Errorf("row of %d cells for %d columns", len(row), len(w.kinds))
	}
	for i, s := range row {
		// Most cells start with a letter or digit: one compare each.
		if k := w.kinds[i]; k == Exact || s == "" || (s[0] > '@' && s[0] != '\'') {
			w.row[i] = s
		} else {
			w.row[i] = k.Encode(s)
		}
	}
	return w.w.Write(w.row)
}

// Flush writes any buffered data and returns the first write error.
func (w *Writer) Flush() error { return w.w.Flush() }

// Reader reads back the rows of a CSV file of a run, decoding every cell
// according to its column's kind. A Reader is not safe for concurrent use.
type Reader struct {
	r      *csvio.Reader
	path   string
	header []string
	col    map[string]int
	kinds  []Kind
}

// Open opens a file of kind f that doppel wrote (comma-separated UTF-8).
// Columns are known by their names, in any order (the caller checks that
// the ones it needs are there: Col). A missing file is an error wrapping
// fs.ErrNotExist.
func (f File) Open(path string) (*Reader, error) {
	r, err := csvio.Open(path, csvio.Options{Delimiter: ',', Encoding: "utf-8"})
	if err != nil {
		return nil, err
	}
	return newReader(f, r, path, r.Header()), nil
}

// OpenEdited opens a file of kind f as a steward may hand it back after
// editing it in a spreadsheet: any delimiter and encoding, columns in any
// order, header names compared ignoring case and surrounding space. It
// checks that the required columns are there.
func (f File) OpenEdited(path string, required ...string) (*Reader, error) {
	r, err := csvio.Open(path, csvio.Options{})
	if err != nil {
		return nil, err
	}
	return f.edited(r, path, required)
}

// NewEditedReader is OpenEdited on a stream (which it does not close);
// name is used in errors.
func (f File) NewEditedReader(src io.Reader, name string, required ...string) (*Reader, error) {
	r, err := csvio.NewReader(src, name, csvio.Options{})
	if err != nil {
		return nil, err
	}
	return f.edited(r, name, required)
}

func (f File) edited(r *csvio.Reader, path string, required []string) (*Reader, error) {
	h := r.Header()
	for i := range h {
		h[i] = strings.ToLower(strings.TrimSpace(h[i]))
	}
	rd := newReader(f, r, path, h)
	for _, n := range required {
		if _, ok := rd.col[n]; !ok {
			r.Close()
			return nil, fmt.Errorf("%s: no %q column (need %s)", path, n, strings.Join(required, ", "))
		}
	}
	return rd, nil
}

func newReader(f File, r *csvio.Reader, path string, h []string) *Reader {
	rd := &Reader{r: r, path: path, header: h, col: make(map[string]int, len(h)), kinds: f.kinds(h)}
	for i, n := range h {
		if _, dup := rd.col[n]; !dup {
			rd.col[n] = i
		}
	}
	return rd
}

// Header returns the header row (lower-cased and trimmed for OpenEdited).
func (r *Reader) Header() []string { return append([]string(nil), r.header...) }

// Col returns the index of the first column named name.
func (r *Reader) Col(name string) (int, bool) {
	i, ok := r.col[name]
	return i, ok
}

// Next returns the next data row, decoded, and the line it starts on; io.EOF
// at the end. A broken row is a *doppel.RowError naming file and line. The
// row is valid until the next call.
func (r *Reader) Next() (row []string, line int, err error) {
	row, line, err = r.r.Next()
	if err != nil {
		return nil, line, err
	}
	for i, s := range row {
		if i < len(r.kinds) {
			row[i] = r.kinds[i].Decode(s)
		}
	}
	return row, line, nil
}

// Close closes the file.
func (r *Reader) Close() error { return r.r.Close() }
