package sources

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/doppel-dev/doppel"
)

// A JSONLReader is the JSON Lines implementation of doppel.Source.
var _ doppel.Source = (*JSONLReader)(nil)

// JSONLSample is how many lines (blank ones not counted) the header is
// taken from.
const JSONLSample = 1000

// maxJSONLine is the longest line accepted, in bytes.
const maxJSONLine = 16 << 20

// ErrNewKey is wrapped by the row error of a JSON line holding a key that
// the header (taken from the first lines) does not have.
var ErrNewKey = errors.New("key not in the header")

// JSONLReader streams a JSON Lines file (.jsonl, .ndjson): one JSON object
// per line, UTF-8. Nested objects are flattened with dots
// ({"address":{"city":"Leeds"}} is the column address.city); arrays are
// kept as their compact JSON text; null is "". Numbers keep the digits as
// written, except that an exponent is written out (1e3 is "1000").
//
// The header is the union of the keys of the first JSONLSample lines, in
// the order first seen. A later line with a key outside it is rejected
// with ErrNewKey rather than losing the value: widen the sample by moving
// such a line up, or split the file. Blank lines are skipped; a line that
// is not a JSON object, holds a key twice (after flattening) or is not
// valid UTF-8 is a row error. The position of a row is its line number.
type JSONLReader struct {
	path   string
	f      *os.File
	br     *bufio.Reader
	header []string
	index  map[string]int
	sample []jsonLine // lines read ahead for the header, served first
	line   int        // physical lines read
	raw    []byte     // the line last returned or rejected
	row    []string
	eof    bool
}

// jsonLine is one non-blank line: its number, bytes, and its flattened
// pairs or why it is broken.
type jsonLine struct {
	num   int
	raw   []byte
	pairs []kv
	err   *doppel.RowError
}

type kv struct{ key, val string }

// OpenJSONL opens a JSON Lines file and reads its first lines for the
// header. A file without a single JSON object there is an error.
func OpenJSONL(path string) (*JSONLReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r := &JSONLReader{path: path, f: f, br: bufio.NewReaderSize(f, 64<<10), index: map[string]int{}}
	for len(r.sample) < JSONLSample {
		jl, err := r.readLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		r.sample = append(r.sample, jl)
		for _, p := range jl.pairs {
			if _, ok := r.index[p.key]; !ok {
				r.index[p.key] = len(r.header)
				r.header = append(r.header, p.key)
			}
		}
	}
	if len(r.header) == 0 {
		f.Close()
		return nil, fmt.Errorf("%s: no JSON object with a key in its first %d lines to take the columns from", path, JSONLSample)
	}
	r.row = make([]string, len(r.header))
	return r, nil
}

// readLine reads the next non-blank line and parses it; io.EOF at the end.
func (r *JSONLReader) readLine() (jsonLine, error) {
	for {
		if r.eof {
			return jsonLine{}, io.EOF
		}
		b, long, err := r.physLine()
		if err == io.EOF {
			r.eof = true
			if len(b) == 0 && !long {
				return jsonLine{}, io.EOF
			}
		} else if err != nil {
			return jsonLine{}, err
		}
		r.line++
		if r.line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
		}
		jl := jsonLine{num: r.line, raw: b}
		if long {
			jl.err = r.rowErr(0, fmt.Errorf("%w: line longer than %d bytes", doppel.ErrFieldSize, maxJSONLine))
			return jl, nil
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		jl.raw = slices.Clone(b)
		jl.pairs, jl.err = r.parse(jl.raw)
		return jl, nil
	}
}

// physLine returns the next line without its line end; long reports a
// line over maxJSONLine, of which only the start is returned.
func (r *JSONLReader) physLine() (b []byte, long bool, err error) {
	var buf []byte
	for {
		chunk, err := r.br.ReadSlice('\n')
		if len(buf)+len(chunk) > maxJSONLine {
			long = true
			if len(buf) < 1024 {
				buf = append(buf, chunk[:min(len(chunk), 1024-len(buf))]...)
			}
		} else {
			buf = append(buf, chunk...)
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err != nil && err != io.EOF:
			return nil, false, err
		}
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		buf = bytes.TrimSuffix(buf, []byte("\r"))
		return buf, long, err
	}
}

func (r *JSONLReader) rowErr(col int, err error) *doppel.RowError {
	return &doppel.RowError{File: r.path, Line: r.line, Column: col, Err: err}
}

// parse flattens one line's object into key/value pairs.
func (r *JSONLReader) parse(b []byte) ([]kv, *doppel.RowError) {
	if !utf8.Valid(b) {
		return nil, r.rowErr(0, doppel.ErrEncoding)
	}
	var pairs []kv
	seen := map[string]bool{}
	if err := flatten(b, "", &pairs, seen); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, r.rowErr(int(se.Offset), fmt.Errorf("not valid JSON: %v", se))
		}
		return nil, r.rowErr(0, err)
	}
	return pairs, nil
}

// flatten appends the pairs of the JSON object in b, with keys prefixed.
func flatten(b []byte, prefix string, pairs *[]kv, seen map[string]bool) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New("not a JSON object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key := prefix + tok.(string) // object keys are strings
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return err
		}
		val = bytes.TrimSpace(val)
		if val[0] == '{' {
			if err := flatten(val, key+".", pairs, seen); err != nil {
				return err
			}
			continue
		}
		if seen[key] {
			return fmt.Errorf("key %q given twice", key)
		}
		seen[key] = true
		text, err := jsonText(val)
		if err != nil {
			return err
		}
		*pairs = append(*pairs, kv{key, text})
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("text after the JSON object")
	}
	return nil
}

// jsonText renders a JSON scalar or array as a cell.
func jsonText(v json.RawMessage) (string, error) {
	switch v[0] {
	case '"':
		var s string
		err := json.Unmarshal(v, &s)
		return s, err
	case 'n':
		return "", nil
	case 't', 'f':
		return string(v), nil
	case '[':
		var b bytes.Buffer
		err := json.Compact(&b, v)
		return b.String(), err
	}
	if bytes.ContainsAny(v, "eE") {
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return "", fmt.Errorf("number %s: %w", v, err)
		}
		return formatFloat(f, 64), nil
	}
	return string(v), nil
}

// Header returns the column names: the flattened keys of the first lines.
func (r *JSONLReader) Header() []string { return slices.Clone(r.header) }

// Next returns the next object's values in header order and its line.
func (r *JSONLReader) Next() ([]string, int, error) {
	var jl jsonLine
	if len(r.sample) > 0 {
		jl = r.sample[0]
		r.sample[0] = jsonLine{}
		r.sample = r.sample[1:]
	} else {
		var err error
		if jl, err = r.readLine(); err != nil {
			if err != io.EOF {
				err = fmt.Errorf("line %d: %w", r.line+1, err)
			}
			return nil, 0, err
		}
	}
	r.raw = jl.raw
	if jl.err != nil {
		return nil, jl.num, jl.err
	}
	clear(r.row)
	for _, p := range jl.pairs {
		i, ok := r.index[p.key]
		if !ok {
			return nil, jl.num, &doppel.RowError{File: r.path, Line: jl.num,
				Err: fmt.Errorf("%w: %q (the columns are the keys of the first %d lines)", ErrNewKey, p.key, JSONLSample)}
		}
		r.row[i] = p.val
	}
	return r.row, jl.num, nil
}

// Raw returns the last line returned or rejected, as in the file.
func (r *JSONLReader) Raw() string { return doppel.RawText(r.raw) }

// Format says how the file was read.
func (r *JSONLReader) Format() doppel.Format {
	return doppel.Format{Kind: string(JSONL), Encoding: "utf-8",
		Notes: []string{fmt.Sprintf("columns: the keys of the first %d lines, nested objects flattened with dots", JSONLSample)}}
}

// Close closes the file. It is idempotent.
func (r *JSONLReader) Close() error {
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}
