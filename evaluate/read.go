package evaluate

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/doppel-dev/doppel/runfiles"
)

// Assignment is one crosswalk row: the record (Source, ID) was put into the
// golden record Golden.
type Assignment struct{ Source, ID, Golden string }

// KeySep separates source and id in the keys of a truth map read from a file
// with a source column: the key is Source + KeySep + ID.
const KeySep = "\x00"

// ReadTruth reads a ground-truth file. The header must contain the columns
// id and entity (any order, other columns ignored). When it also has a
// column named source, the keys of the returned map are source+KeySep+id,
// otherwise they are the bare id. Values are entity labels: two records are
// the same real-world entity if and only if their labels are equal.
//
// A UTF-8 byte order mark is skipped. Empty or repeated keys are errors.
func ReadTruth(path string) (map[string]string, error) {
	return readFile(path, "truth file", DecodeTruth)
}

// readFile opens path and decodes it, naming the file (what) in errors.
func readFile[T any](path, what string, decode func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	defer f.Close()
	v, err := decode(f)
	if err != nil {
		return zero, fmt.Errorf("%s %s: %w", what, path, err)
	}
	return v, nil
}

// DecodeTruth is ReadTruth on a stream; see ReadTruth for the format.
func DecodeTruth(r io.Reader) (map[string]string, error) {
	cr, cols, err := openCSV(r, []string{"id", "entity"}, []string{"source"})
	if err != nil {
		return nil, err
	}
	idCol, entCol, srcCol := cols[0], cols[1], cols[2]
	truth := make(map[string]string)
	var key []byte
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		id := rec[idCol]
		if id == "" {
			return nil, fmt.Errorf("line %d: empty id", line)
		}
		key = key[:0]
		if srcCol >= 0 {
			key = append(key, rec[srcCol]...)
			key = append(key, KeySep...)
		}
		key = append(key, id...)
		if _, dup := truth[string(key)]; dup {
			return nil, fmt.Errorf("line %d: repeated id %q", line, displayKey(string(key)))
		}
		truth[string(key)] = rec[entCol]
	}
	return truth, nil
}

// ReadCrosswalk reads a crosswalk file as written by doppel dedupe: a header
// with the columns record_id and golden_id and, optionally, source (any
// order; other columns are ignored). A UTF-8 byte order mark is skipped.
// Rows are returned in file order.
func ReadCrosswalk(path string) ([]Assignment, error) {
	return readFile(path, "crosswalk file", DecodeCrosswalk)
}

// DecodeCrosswalk is ReadCrosswalk on a stream; see ReadCrosswalk. It
// reads the ids as doppel writes them (runfiles.Crosswalk).
func DecodeCrosswalk(r io.Reader) ([]Assignment, error) {
	cr, err := runfiles.Crosswalk.NewEditedReader(r, "crosswalk", "record_id", "golden_id")
	if err != nil {
		return nil, err
	}
	defer cr.Close()
	idCol, _ := cr.Col("record_id")
	goldCol, _ := cr.Col("golden_id")
	srcCol, ok := cr.Col("source")
	if !ok {
		srcCol = -1
	}
	var xw []Assignment
	for {
		rec, _, err := cr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		a := Assignment{ID: rec[idCol], Golden: rec[goldCol]}
		if srcCol >= 0 {
			a.Source = rec[srcCol]
		}
		xw = append(xw, a)
	}
	return xw, nil
}

// openCSV reads the header and returns the reader positioned on the first
// data row and the column indexes of the required names followed by the
// optional names (-1 when an optional column is absent).
func openCSV(r io.Reader, required, optional []string) (*csv.Reader, []int, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, errors.New("empty file: no header")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("header: %w", err)
	}
	idx := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, seen := idx[h]; !seen {
			idx[h] = i
		}
	}
	cols := make([]int, 0, len(required)+len(optional))
	for _, name := range required {
		i, ok := idx[name]
		if !ok {
			return nil, nil, fmt.Errorf("header %q lacks column %q", strings.Join(header, ","), name)
		}
		cols = append(cols, i)
	}
	for _, name := range optional {
		i, ok := idx[name]
		if !ok {
			i = -1
		}
		cols = append(cols, i)
	}
	return cr, cols, nil
}

// displayKey renders a truth key for messages: source/id instead of the NUL.
func displayKey(k string) string { return strings.Replace(k, KeySep, "/", 1) }
