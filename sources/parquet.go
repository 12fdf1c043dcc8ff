package sources

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"

	"github.com/doppel-dev/doppel"
)

// A ParquetReader is the Parquet implementation of doppel.Source.
var _ doppel.Source = (*ParquetReader)(nil)

// ParquetReader streams the rows of a Parquet file, one row group at a
// time and a batch of rows at a time within it.
//
// The header is the schema's leaf columns, their paths joined with dots
// (address.city). The position of a row is its 1-based row number in the
// file. Values by logical type: DATE as 2006-01-02; TIMESTAMP (and the
// legacy INT96) as 2006-01-02 15:04:05 in UTC, or the date alone at
// midnight; DECIMAL with its scale's digits; integers (signed or not) and
// floats in plain decimal notation; strings, enums, JSON and other byte
// arrays as their text; UUIDs in their 8-4-4-4-12 form; null as "". The
// values of a repeated column are joined with "; ". A string that is not
// valid UTF-8 rejects its row.
type ParquetReader struct {
	path   string
	f      *os.File
	pf     *parquet.File
	header []string
	conv   []func(parquet.Value) string
	groups []parquet.RowGroup
	rows   parquet.Rows // of the current group; nil between groups
	buf    []parquet.Row
	n, at  int // rows in buf, next row in buf
	num    int // rows returned or rejected
	row    []string
	rep    []bool // a value of this row was already set in the column
}

// OpenParquet opens a Parquet file and reads its schema.
func OpenParquet(path string) (*ParquetReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: not a readable Parquet file: %w", path, err)
	}
	r := &ParquetReader{path: path, f: f, pf: pf, groups: pf.RowGroups(), buf: make([]parquet.Row, 256)}
	schema := pf.Schema()
	for _, p := range schema.Columns() {
		leaf, ok := schema.Lookup(p...)
		if !ok {
			f.Close()
			return nil, fmt.Errorf("%s: column %s not in the schema", path, strings.Join(p, "."))
		}
		if leaf.ColumnIndex != len(r.header) {
			f.Close()
			return nil, fmt.Errorf("%s: column %s out of order in the schema", path, strings.Join(p, "."))
		}
		r.header = append(r.header, strings.Join(p, "."))
		r.conv = append(r.conv, converter(leaf.Node.Type()))
	}
	if len(r.header) == 0 {
		f.Close()
		return nil, fmt.Errorf("%s: the Parquet schema has no columns", path)
	}
	r.row = make([]string, len(r.header))
	r.rep = make([]bool, len(r.header))
	return r, nil
}

// Header returns the leaf column paths.
func (r *ParquetReader) Header() []string { return slices.Clone(r.header) }

// Next returns the next row and its 1-based row number.
func (r *ParquetReader) Next() ([]string, int, error) {
	for r.at == r.n {
		if err := r.fill(); err != nil {
			return nil, 0, err
		}
	}
	row := r.buf[r.at]
	r.at++
	r.num++
	clear(r.row)
	clear(r.rep)
	for _, v := range row {
		c := v.Column()
		if c < 0 || c >= len(r.row) || v.IsNull() {
			continue
		}
		s := r.conv[c](v)
		if r.rep[c] {
			r.row[c] += "; " + s
		} else {
			r.row[c], r.rep[c] = s, true
		}
	}
	if re := checkText(r.path, r.num, r.row); re != nil {
		return nil, r.num, re
	}
	return r.row, r.num, nil
}

// fill reads the next batch of rows, moving to the next row group when
// one is done; io.EOF after the last.
func (r *ParquetReader) fill() error {
	if r.rows == nil {
		if len(r.groups) == 0 {
			return io.EOF
		}
		r.rows = r.groups[0].Rows()
		r.groups = r.groups[1:]
	}
	n, err := r.rows.ReadRows(r.buf)
	r.n, r.at = n, 0
	if err == io.EOF {
		cerr := r.rows.Close()
		r.rows = nil
		if cerr != nil {
			return fmt.Errorf("%s: after row %d: %w", r.path, r.num+n, cerr)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: after row %d: %w", r.path, r.num, err)
	}
	return nil
}

// Raw returns the last row returned or rejected as a CSV line.
func (r *ParquetReader) Raw() string { return rawRow(r.row) }

// Format says how the file was read.
func (r *ParquetReader) Format() doppel.Format {
	return doppel.Format{Kind: string(Parquet), Notes: []string{fmt.Sprintf("%d rows in %d row groups", r.pf.NumRows(), len(r.pf.RowGroups()))}}
}

// Close closes the file. It is idempotent.
func (r *ParquetReader) Close() error {
	if r.f == nil {
		return nil
	}
	var err error
	if r.rows != nil {
		err = r.rows.Close()
		r.rows = nil
	}
	err = errors.Join(err, r.f.Close())
	r.f = nil
	return err
}

// unixJulianDay is the Julian day number of 1970-01-01 (INT96 timestamps
// count Julian days).
const unixJulianDay = 2440588

// converter returns how a column's non-null values become text.
func converter(t parquet.Type) func(parquet.Value) string {
	kind := t.Kind()
	var lt format.LogicalTypeValue
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	var ct deprecated.ConvertedType = -1
	if c := t.ConvertedType(); c != nil {
		ct = *c
	}
	epoch := func(v parquet.Value, unit time.Duration) string {
		n := v.Int64()
		return formatTime(time.Unix(0, 0).Add(time.Duration(n) * unit))
	}
	switch l := lt.(type) {
	case *format.DateType:
		return func(v parquet.Value) string { return formatTime(time.Unix(int64(v.Int32())*86400, 0)) }
	case *format.TimestampType:
		unit := time.Microsecond
		switch l.Unit.Value.(type) {
		case *format.MilliSeconds:
			unit = time.Millisecond
		case *format.NanoSeconds:
			unit = time.Nanosecond
		}
		return func(v parquet.Value) string { return epoch(v, unit) }
	case *format.DecimalType:
		scale := int(l.Scale)
		return func(v parquet.Value) string {
			switch v.Kind() {
			case parquet.Int32:
				return decimalText(strconv.FormatInt(int64(v.Int32()), 10), scale)
			case parquet.Int64:
				return decimalText(strconv.FormatInt(v.Int64(), 10), scale)
			}
			return decimalText(twosComplement(v.ByteArray()).String(), scale)
		}
	case *format.IntType:
		if !l.IsSigned {
			return func(v parquet.Value) string {
				if v.Kind() == parquet.Int32 {
					return strconv.FormatUint(uint64(v.Uint32()), 10)
				}
				return strconv.FormatUint(v.Uint64(), 10)
			}
		}
	case *format.UUIDType:
		return func(v parquet.Value) string {
			b := v.ByteArray()
			if len(b) != 16 {
				return fmt.Sprintf("%x", b)
			}
			return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
		}
	case *format.TimeType:
		unit := time.Microsecond
		switch l.Unit.Value.(type) {
		case *format.MilliSeconds:
			unit = time.Millisecond
		case *format.NanoSeconds:
			unit = time.Nanosecond
		}
		return func(v parquet.Value) string {
			n := v.Int64()
			if v.Kind() == parquet.Int32 {
				n = int64(v.Int32())
			}
			return time.Unix(0, 0).UTC().Add(time.Duration(n) * unit).Format("15:04:05.999999999")
		}
	}
	switch ct {
	case deprecated.Date:
		return func(v parquet.Value) string { return formatTime(time.Unix(int64(v.Int32())*86400, 0)) }
	case deprecated.TimestampMillis:
		return func(v parquet.Value) string { return epoch(v, time.Millisecond) }
	case deprecated.TimestampMicros:
		return func(v parquet.Value) string { return epoch(v, time.Microsecond) }
	case deprecated.Uint8, deprecated.Uint16, deprecated.Uint32:
		return func(v parquet.Value) string { return strconv.FormatUint(uint64(v.Uint32()), 10) }
	case deprecated.Uint64:
		return func(v parquet.Value) string { return strconv.FormatUint(v.Uint64(), 10) }
	}
	switch kind {
	case parquet.Boolean:
		return func(v parquet.Value) string { return strconv.FormatBool(v.Boolean()) }
	case parquet.Int32:
		return func(v parquet.Value) string { return strconv.FormatInt(int64(v.Int32()), 10) }
	case parquet.Int64:
		return func(v parquet.Value) string { return strconv.FormatInt(v.Int64(), 10) }
	case parquet.Int96:
		return func(v parquet.Value) string {
			x := v.Int96()
			nanos := int64(x[1])<<32 | int64(x[0])
			days := int64(x[2]) - unixJulianDay
			return formatTime(time.Unix(days*86400, nanos))
		}
	case parquet.Float:
		return func(v parquet.Value) string { return formatFloat(float64(v.Float()), 32) }
	case parquet.Double:
		return func(v parquet.Value) string { return formatFloat(v.Double(), 64) }
	}
	return func(v parquet.Value) string { return string(v.ByteArray()) }
}

// twosComplement reads a big-endian two's complement integer.
func twosComplement(b []byte) *big.Int {
	n := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return n
}
