package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/csvio"
	"github.com/doppel-dev/doppel/internal/workpool"
	"github.com/doppel-dev/doppel/rules"
)

// Reject is one input row that could not be used, with the reason.
type Reject struct {
	Source string
	File   string
	Line   int
	Column int
	Reason string
	Raw    string
}

// input is one source after reading.
type input struct {
	info    SourceInfo
	src     rules.Source
	records []doppel.Record
	rejects []Reject
}

// sourceName is the file name without directory and extension.
func sourceName(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// readSource reads one export: header mapping, rows to records, broken
// rows to rejects. Only errors that stop the whole file (missing file, no
// header, a mapped column absent, I/O failure) are returned.
func readSource(path string, cfg *rules.Config, o Options, progress func(int)) (*input, error) {
	src, ok := cfg.SourceFor(path)
	if !ok {
		src = rules.Source{Name: sourceName(path)}
	}
	if src.Name == "" {
		src.Name = sourceName(path)
	}
	ropt := csvio.Options{Delimiter: src.Delimiter, Encoding: src.Encoding}
	if ropt.Encoding == "" {
		ropt.Encoding = o.Encoding
	}
	if ropt.Delimiter == 0 {
		ropt.Delimiter = o.Delimiter
	}
	r, err := csvio.Open(path, ropt)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	header := r.Header()
	mp, err := src.Apply(header)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	in := &input{src: src}
	in.info = SourceInfo{
		Name: src.Name, File: path, Encoding: r.Encoding(), Delimiter: delimName(r.Delimiter()),
		Mapping: map[string]string{}, Priority: src.Priority, Region: src.Region, DateOrder: src.DateOrder,
	}
	if mp.ID >= 0 {
		in.info.IDColumn = header[mp.ID]
	}
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		if c := mp.Columns[f]; c >= 0 {
			in.info.Mapping[f.String()] = header[c]
		}
	}
	for _, c := range mp.Unmapped {
		in.info.Unmapped = append(in.info.Unmapped, header[c])
	}
	// Parsing (this goroutine) and building records (another) overlap:
	// at 10M records reading was one of the longest stages, and a file is
	// otherwise read on one core. Rows go across in batches.
	width := len(header)
	type batch struct {
		cells []string // rows of width cells, back to back
		lines []int
		ids   []string // "" = the record id is the row number, in nums
		nums  []int
	}
	batches := make(chan *batch, 4)
	done := make(chan struct{})
	go func() {
		defer close(done)
		var vals [doppel.NumFields]string
		for bt := range batches {
			for k, line := range bt.lines {
				row := bt.cells[k*width : (k+1)*width]
				id := bt.ids[k]
				if mp.ID < 0 {
					id = strconv.Itoa(bt.nums[k])
				}
				for f := doppel.Field(0); f < doppel.NumFields; f++ {
					vals[f] = ""
					if c := mp.Columns[f]; c >= 0 && c < len(row) {
						vals[f] = strings.TrimSpace(row[c])
					}
				}
				// NewRecord copies id and values: the row's memory is not kept.
				in.records = append(in.records, doppel.NewRecord(src.Name, line, id, vals[:]))
			}
		}
	}()
	const batchRows = 1024
	newBatch := func() *batch {
		return &batch{cells: make([]string, 0, batchRows*width), lines: make([]int, 0, batchRows), ids: make([]string, 0, batchRows), nums: make([]int, 0, batchRows)}
	}
	bt := newBatch()
	fail := func(err error) (*input, error) {
		close(batches)
		<-done
		return nil, err
	}
	dataRow := 0
	for {
		row, line, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var re *doppel.RowError
			if errors.As(err, &re) {
				dataRow++
				in.info.Rows++
				in.rejects = append(in.rejects, Reject{
					Source: src.Name, File: path, Line: re.Line, Column: re.Column,
					Reason: re.Err.Error(), Raw: r.RawLine(),
				})
				continue
			}
			return fail(fmt.Errorf("read %s: %w", path, err))
		}
		dataRow++
		in.info.Rows++
		if progress != nil && dataRow%4096 == 0 {
			progress(4096)
		}
		var id string
		if mp.ID >= 0 {
			id = strings.TrimSpace(row[mp.ID])
			if id == "" {
				in.rejects = append(in.rejects, Reject{
					Source: src.Name, File: path, Line: line, Column: mp.ID + 1,
					Reason: doppel.ErrEmptyID.Error(), Raw: r.RawLine(),
				})
				continue
			}
		}
		if len(row) != width {
			// The reader rejects ragged rows; this keeps the batch layout
			// safe if that ever changes.
			row = append(make([]string, 0, width), row[:min(len(row), width)]...)
			row = row[:width]
		}
		bt.cells = append(bt.cells, row...)
		bt.lines = append(bt.lines, line)
		bt.ids = append(bt.ids, id)
		bt.nums = append(bt.nums, dataRow)
		if len(bt.lines) == batchRows {
			batches <- bt
			bt = newBatch()
		}
	}
	if len(bt.lines) > 0 {
		batches <- bt
	}
	close(batches)
	<-done
	if progress != nil {
		progress(dataRow % 4096)
	}
	in.dedupeIDs()
	in.info.Accepted = len(in.records)
	in.info.Rejected = len(in.rejects)
	return in, nil
}

// dedupeIDs sorts the records by id and rejects all but one row of every
// id that occurs more than once. Which row survives does not depend on row
// order: the one whose values sort first.
func (in *input) dedupeIDs() {
	slices.SortFunc(in.records, func(a, b doppel.Record) int {
		if c := cmp.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return a.CompareValues(&b)
	})
	out := in.records[:0]
	for i, r := range in.records {
		if i > 0 && r.ID == in.records[i-1].ID {
			keep := out[len(out)-1]
			in.rejects = append(in.rejects, Reject{
				Source: r.Source, File: in.info.File, Line: r.Line,
				Reason: fmt.Sprintf("%v %q (kept the row at line %d)", doppel.ErrDuplicateID, r.ID, keep.Line),
				Raw:    describeValues(&r),
			})
			continue
		}
		out = append(out, r)
	}
	clear(in.records[len(out):])
	in.records = out
	slices.SortFunc(in.rejects, func(a, b Reject) int { return cmp.Compare(a.Line, b.Line) })
}

// describeValues renders a record's mapped values as "field=value; ...".
func describeValues(rec *doppel.Record) string {
	var b strings.Builder
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		v := rec.Get(f)
		if v == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
		b.WriteByte('=')
		b.WriteString(v)
	}
	return b.String()
}

func delimName(r rune) string {
	switch r {
	case '\t':
		return "tab"
	case 0:
		return ""
	}
	return string(r)
}

// read reads every input (in parallel, one goroutine per file) and puts the
// records in canonical order.
func (r *run) read(ctx context.Context) error {
	files := r.opt.Files
	r.inputs = make([]*input, len(files))
	errs := make([]error, len(files))
	var mu sync.Mutex
	done := 0
	prog := func(n int) {
		if r.opt.Progress == nil {
			return
		}
		mu.Lock()
		done += n
		d := done
		mu.Unlock()
		r.opt.Progress("read", d, 0)
	}
	workpool.RunWith(len(files), r.opt.Workers, func() func(int) {
		return func(i int) { r.inputs[i], errs[i] = readSource(files[i], r.cfg, r.opt, prog) }
	})
	for _, err := range errs {
		if err != nil {
			return &InputError{Err: err}
		}
	}
	seen := map[string]string{}
	for _, in := range r.inputs {
		if prev, ok := seen[in.info.Name]; ok {
			return &InputError{Err: fmt.Errorf("%s and %s have the same source name %q: rename one or set a [source] section in the rules file", prev, in.info.File, in.info.Name)}
		}
		seen[in.info.Name] = in.info.File
	}
	// Canonical order: sources by name, records by id (already sorted).
	slices.SortFunc(r.inputs, func(a, b *input) int { return cmp.Compare(a.info.Name, b.info.Name) })
	n := 0
	for _, in := range r.inputs {
		n += len(in.records)
	}
	r.records = make([]doppel.Record, 0, n)
	r.srcIdx = make([]int, 0, n)
	for si, in := range r.inputs {
		r.records = append(r.records, in.records...)
		for range in.records {
			r.srcIdx = append(r.srcIdx, si)
		}
		in.records = nil
		r.logf("%s: %s, %s, delimiter %q, %d rows (%d rejected), id column %q",
			in.info.Name, in.info.File, in.info.Encoding, in.info.Delimiter, in.info.Rows, in.info.Rejected, in.info.IDColumn)
	}
	return nil
}
