package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/csvio"
	"github.com/doppel-dev/doppel/internal/workpool"
	"github.com/doppel-dev/doppel/normalize"
	"github.com/doppel-dev/doppel/rules"
	"github.com/doppel-dev/doppel/sources"
)

// Reject is one input row that could not be used, with the reason.
type Reject struct {
	Source string
	File   string
	Line   int
	Column int
	Reason string
	Raw    string // the row as in the input, in the form doppel.RawText gives
	cause  string // the kind of problem, for the per-reason counts
}

// input is one source after reading.
type input struct {
	info    SourceInfo
	src     rules.Source
	format  doppel.Format
	records []doppel.Record
	rejects []Reject
	// dateOrders is the order each date column is read in, and dates
	// what its values show (set by inferDateOrders).
	dateOrders [doppel.NumFields]string
	dates      []dateColumn
	// decisions say how each column was mapped and why (--verbose).
	decisions []rules.Decision
}

// OpenOptions say how to read an input where its format leaves a choice.
type OpenOptions struct {
	Encoding  string // text encoding ("" = detect)
	Delimiter rune   // field delimiter (0 = detect)
}

// OpenSource opens an input with the reader of its format, chosen by the
// database URL's scheme (sqlite:, postgres://) or the file extension
// (.xlsx or .xlsx#Sheet, .parquet, .jsonl, .ndjson; see sources.KindOf);
// any other extension (.csv, .tsv, .txt, none...) is read as CSV, the only
// format the options apply to. A new input format is one file that
// implements doppel.Source and one case here.
func OpenSource(path string, o OpenOptions) (doppel.Source, error) {
	switch sources.KindOf(path) {
	case sources.XLSX:
		return source(sources.OpenXLSX(path))
	case sources.Parquet:
		return source(sources.OpenParquet(path))
	case sources.JSONL:
		return source(sources.OpenJSONL(path))
	case sources.SQLite:
		return source(sources.OpenSQLite(path))
	case sources.Postgres:
		return source(sources.OpenPostgres(path))
	default:
		if err := sources.Sniff(path); err != nil {
			return nil, err // a database, Parquet file or workbook under another name
		}
		r, err := csvio.Open(path, csvio.Options{Encoding: o.Encoding, Delimiter: o.Delimiter})
		if err != nil {
			return nil, err
		}
		return r, nil
	}
}

// source returns a reader as a doppel.Source, nil (not a typed nil) with
// an error.
func source[S doppel.Source](s S, err error) (doppel.Source, error) {
	if err != nil {
		return nil, err
	}
	return s, nil
}

// mapped is an opened input with its first rows read ahead and its
// columns mapped.
type mapped struct {
	r         doppel.Source
	src       rules.Source
	header    []string
	ahead     []aheadRow
	sample    [][]string // the rows of ahead that read without error
	mp        rules.Mapping
	decisions []rules.Decision
}

// openMapped opens one input as its [source] section (or the defaults)
// says, reads its first rows ahead and maps its columns by the rules file,
// the header names and the values of those rows (a column named col1 full
// of e-mail addresses is the e-mail); the rows read ahead are then
// processed like every other row. The caller closes m.r.
func openMapped(path string, cfg *rules.Config, o Options) (*mapped, error) {
	src, ok := cfg.SourceFor(path)
	if !ok || src.Name == "" {
		src.Name = doppel.SourceName(path)
	}
	oo := OpenOptions{Delimiter: src.Delimiter, Encoding: src.Encoding}
	if oo.Encoding == "" {
		oo.Encoding = o.Encoding
	}
	if oo.Delimiter == 0 {
		oo.Delimiter = o.Delimiter
	}
	r, err := OpenSource(path, oo)
	if err != nil {
		return nil, err
	}
	m := &mapped{r: r, src: src, header: r.Header()}
	if m.ahead, err = readAhead(r, inferSample); err != nil {
		r.Close()
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	m.sample = make([][]string, 0, len(m.ahead))
	for _, a := range m.ahead {
		if a.err == nil {
			m.sample = append(m.sample, a.row)
		}
	}
	if m.mp, m.decisions, err = src.Infer(m.header, m.sample); err != nil {
		r.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// readSource reads one export: header mapping, rows to records, broken
// rows to rejects. Only errors that stop the whole file (missing file, no
// header, a mapped column absent, I/O failure) are returned.
func readSource(path string, cfg *rules.Config, o Options, progress func(int)) (*input, error) {
	m, err := openMapped(path, cfg, o)
	if err != nil {
		return nil, err
	}
	r, src, header, ahead, mp, decisions := m.r, m.src, m.header, m.ahead, m.mp, m.decisions
	defer r.Close()
	in := &input{src: src, decisions: decisions}
	format := r.Format()
	in.info = SourceInfo{
		Name: src.Name, File: path, Encoding: format.Encoding, Delimiter: doppel.DelimiterName(format.Delimiter),
		Mapping: map[string]string{}, Priority: src.Priority, Region: src.Region, DateOrder: src.DateOrder,
	}
	if mp.ID >= 0 {
		in.info.IDColumn = header[mp.ID]
	}
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		if c := mp.Columns[f]; c >= 0 {
			in.info.Mapping[f.String()] = mp.ColumnName(f, header)
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
		var scratch []byte
		for bt := range batches {
			for k, line := range bt.lines {
				row := bt.cells[k*width : (k+1)*width]
				id := bt.ids[k]
				if mp.ID < 0 {
					id = strconv.Itoa(bt.nums[k])
				}
				// Composite fields (a birth date in three columns) are
				// joined in scratch; NewRecord copies id and values, so
				// neither the row's memory nor scratch is kept.
				scratch = mp.Values(row, vals[:], scratch)
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
	raw := r.Raw
	for {
		var (
			row  []string
			line int
			err  error
		)
		if len(ahead) > 0 {
			a := ahead[0]
			ahead = ahead[1:]
			row, line, err = a.row, a.line, a.err
			raw = func() string { return a.raw }
		} else {
			row, line, err = r.Next()
			raw = r.Raw
		}
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
					Reason: re.Err.Error(), Raw: raw(), cause: rejectCause(re.Err),
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
					Reason: doppel.ErrEmptyID.Error(), Raw: raw(), cause: doppel.ErrEmptyID.Error(),
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
	in.format = r.Format()
	in.dedupeIDs()
	in.info.Accepted = len(in.records)
	in.info.Rejected = len(in.rejects)
	return in, nil
}

// evidenceMapped reports whether a source's mapping (field name -> column)
// holds a field that some comparison reads.
func evidenceMapped(mapping map[string]string) bool {
	for name := range mapping {
		if f, ok := doppel.ParseField(name); ok && f.Compared() {
			return true
		}
	}
	return false
}

// inferSample is the number of rows read ahead for the column profiles.
const inferSample = 1000

// aheadRow is one result of Source.Next read ahead of the mapping.
type aheadRow struct {
	row  []string // a copy (Next may reuse its slice)
	line int
	err  error // a *doppel.RowError, or io.EOF at the end
	raw  string
}

// readAhead reads up to n rows (row errors included) and keeps them, with
// the end of the input when it comes first. A fatal error is returned.
func readAhead(r doppel.Source, n int) ([]aheadRow, error) {
	var out []aheadRow
	for len(out) < n {
		row, line, err := r.Next()
		var re *doppel.RowError
		switch {
		case err == io.EOF:
			return append(out, aheadRow{err: io.EOF}), nil
		case err != nil && !errors.As(err, &re):
			return nil, err
		}
		out = append(out, aheadRow{row: slices.Clone(row), line: line, err: err, raw: r.Raw()})
	}
	return out, nil
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
				Raw:    describeValues(&r), cause: doppel.ErrDuplicateID.Error(),
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
			return &InputError{Err: fmt.Errorf("%s and %s have the same source name %q: name one with --source NAME=FILE, or in the rules file with a [source NAME] section and file = PATH (relative to the rules file)", prev, in.info.File, in.info.Name)}
		}
		seen[in.info.Name] = in.info.File
	}
	// Canonical order: sources by name, records by id (already sorted).
	slices.SortFunc(r.inputs, func(a, b *input) int { return cmp.Compare(a.info.Name, b.info.Name) })
	if err := ctx.Err(); err != nil {
		return err // interrupted: no warnings about inputs nobody waits for
	}
	if err := r.inferDateOrders(); err != nil {
		return err
	}
	if err := r.checkInputs(); err != nil {
		return err
	}
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
		for _, n := range in.format.Notes {
			r.logf("%s: %s", in.info.Name, n)
		}
		for _, d := range in.decisions {
			r.logf("%s:   column %d %q -> %s (confidence %.2f): %s", in.info.Name, d.Column+1, d.Header, d.Field, d.Confidence, d.Evidence)
		}
		for _, d := range in.dates {
			r.logf("%s:   date order: %s", in.info.Name, d.describe())
		}
	}
	return nil
}

// checkInputs tells about the inputs once they are read, source by source
// in canonical order: repairs the reader made, how many rows were rejected
// and why, date columns that mix orders, and the problems that are
// warnings without strictness and with it (--strict, strict = true) an
// InputError naming them all: no id column, no column that feeds a
// compared field, a forced date order that cannot read more than 5% of a
// column's dates, inputs that do not look like exports (most rows
// rejected, or binary data), and [source] sections that apply to no input.
func (r *run) checkInputs() error {
	var strict []error
	problem := func(err error) {
		if r.plan.Strict {
			strict = append(strict, err)
		} else {
			r.warnf("%v", err)
		}
	}
	for _, in := range r.inputs {
		name, file := in.info.Name, in.info.File
		for _, w := range in.format.Warnings {
			r.warnf("%s: %s: %s", name, file, w)
		}
		rows, bad := in.info.Rows, len(in.rejects)
		if bad > 0 {
			r.warnf("%s: %d of %d rows rejected (%s), see %s", name, bad, rows, rejectCounts(in.rejects), RejectsFile)
		}
		if in.info.IDColumn == "" {
			problem(fmt.Errorf("%s: no id column found: the data row number is the record id, so the crosswalk does not join back to the source system (name the column with id = in a [source %s] section)", name, name))
		}
		if !evidenceMapped(in.info.Mapping) {
			problem(fmt.Errorf("%s: no column maps to a field that is compared (a name, e-mail, phone, address or id): its records can only stay alone; --verbose shows the mapping", name))
		}
		for _, d := range in.dates {
			switch {
			case d.misfit():
				problem(fmt.Errorf("%s: column %q (%s) is read %s (%s), but %d of %d sampled dates (%s) are not dates in that order (e.g. %q): correct the order, or leave it out and let the values decide (they show %s)",
					name, d.column, d.field, d.order, d.forcedBy, d.unreadable, d.values, fmt.Sprintf("%.0f%%", 100*float64(d.unreadable)/float64(d.values)), d.example, d.ev.Order(normalize.DMY)))
			case d.forcedBy == "" && d.ev.Contradictory():
				r.warnf("%s: column %q (%s) mixes date orders: %d values are day first, %d month first; all are read %s, the others count as invalid",
					name, d.column, d.field, d.ev.DayFirst, d.ev.MonthFirst, d.order)
			}
		}
		switch {
		case in.format.Binary:
			problem(fmt.Errorf("%s: %s does not look like a text export: it holds NUL bytes or control characters (binary data, or UTF-16 without a byte order mark: set the encoding to utf-16le or utf-16be)", name, file))
		case bad > 0 && 2*bad > rows:
			problem(fmt.Errorf("%s: %s: most rows were rejected (%d of %d): is the encoding, delimiter or file right?", name, file, bad, rows))
		}
	}
	for _, err := range r.cfg.UnusedSources(r.opt.Files) {
		problem(err)
	}
	if len(strict) > 0 {
		return &InputError{Err: fmt.Errorf("input problems (errors under --strict or strict = true):\n%w", errors.Join(strict...))}
	}
	return nil
}

// rejectCounts renders how many rejects have each cause, most frequent
// first: "3 wrong number of fields, 1 broken quoting".
func rejectCounts(rejects []Reject) string {
	counts := map[string]int{}
	for _, rj := range rejects {
		counts[rj.cause]++
	}
	causes := slices.Collect(maps.Keys(counts))
	slices.SortFunc(causes, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	parts := make([]string, len(causes))
	for i, c := range causes {
		parts[i] = fmt.Sprintf("%d %s", counts[c], c)
	}
	return strings.Join(parts, ", ")
}

// rejectCause names the kind of a row error: its doppel sentinel's text,
// else "other".
func rejectCause(err error) string {
	for _, c := range []error{doppel.ErrFieldCount, doppel.ErrFieldSize, doppel.ErrEncoding, doppel.ErrQuote, doppel.ErrEmptyID, doppel.ErrDuplicateID} {
		if errors.Is(err, c) {
			return c.Error()
		}
	}
	return "other"
}

// SuggestRules reads the header and the first rows of every input, maps
// them as a run would (the rules file, then header names and values) and
// returns the mapping as rules-file sections a person can edit and pass
// back with --rules (doppel dedupe --suggest-rules), with date_order
// lines from the order each date column is read in (decided from those
// first rows as a run decides it from its sample): one for the source, or
// date_order.<field> lines when its columns read in different orders.
// Nothing is written.
func SuggestRules(opt Options) (string, error) {
	plan, err := opt.plan()
	if err != nil {
		return "", err
	}
	norm, err := normalize.New(normalize.Options{Region: "US"})
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i, path := range opt.Files {
		m, err := openMapped(path, plan.Rules, opt)
		if err != nil {
			return "", &InputError{Err: err}
		}
		m.r.Close()
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "# %s\n", path)
		b.WriteString(rules.SuggestRules(m.header, m.mp, m.decisions, m.src.Name, m.dateNotes(norm, plan)))
	}
	return b.String(), nil
}

// dateNotes decides the order of every date column from the rows read
// ahead, as inferDateOrders does from the records, for SuggestRules.
func (m *mapped) dateNotes(norm *normalize.Normalizer, plan *rules.Plan) []rules.DateOrderNote {
	rows := m.sample
	vals := make([]string, doppel.NumFields)
	var scratch []byte
	var notes []rules.DateOrderNote
	for _, f := range doppel.DateFields() {
		if m.mp.Columns[f] < 0 {
			continue
		}
		forced, by := forcedOrder(m.src, f, plan)
		d := sampleDateColumn(norm, f, m.mp.ColumnName(f, m.header), forced, by, len(rows), func(i int) string {
			scratch = m.mp.Values(rows[i], vals, scratch)
			return vals[f]
		})
		ev := d.ev
		notes = append(notes, rules.DateOrderNote{
			Field:   f,
			Order:   d.order,
			Decided: forced != "" || (ev.DayFirst+ev.MonthFirst > 0 && !ev.Contradictory()),
			Neutral: ev.DayFirst+ev.MonthFirst+ev.Ambiguous == 0,
			Text:    d.describe(),
		})
	}
	return notes
}
