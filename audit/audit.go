// Package audit measures the quality of departmental customer exports
// before a migration: per source and column fill rates, validity (e-mail,
// phone, postcode per country, dates...), placeholder and junk values,
// value patterns, distinct counts and frequent values, encoding problems
// (mojibake, full-width forms, mixed scripts) and postcodes that lost their
// leading zero; per source the rejected rows and the duplicate rate; across
// sources the overlap matrix and the attribute conflicts between
// departments. Quality gates from the rules file turn figures into a
// pass/fail verdict for scripted migrations.
//
// Run streams every input once with bounded memory per column (exact
// counts; distinct counts exact up to 10000 values, then HyperLogLog;
// most frequent values and patterns with the space-saving algorithm), and
// runs the matching pipeline (pipeline.Dedupe) once for the duplicate,
// overlap and conflict figures. Figures that are approximate say so in the
// report (Distinct.Exact, Column.TopExact).
//
// Value patterns: digits become '9', a run of letters becomes one word
// shape ("Aa" for a capitalised word, "AA" all capitals, "aa" lower case,
// "A" one capital, "Ax" mixed case), other ASCII punctuation stays: "John
// Smith" is "Aa Aa", "030-1234567" is "999-9999999".
package audit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/csvio"
	"github.com/doppel-dev/doppel/internal/workpool"
	"github.com/doppel-dev/doppel/normalize"
	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/rules"
	"github.com/doppel-dev/doppel/runfiles"
)

// Options configure an audit.
type Options struct {
	Files []string // input exports
	// Plan is the run's settings (rules.NewPlan), shared with the matching
	// run. nil: built from Rules and the overrides below.
	Plan      *rules.Plan
	Rules     *rules.Config // nil = defaults; its [audit] gates are checked
	MatchDir  string        // folder for the matching run's outputs; "" = a temporary folder, removed afterwards
	Threshold float64       // match threshold; 0 = the rules file's or the default
	Region    string        // default phone region (overrides the rules file)
	DateOrder string        // default date order (overrides the rules file)
	Encoding  string        // default input encoding
	Delimiter rune          // default delimiter (0 = sniff)
	Now       time.Time     // reference time for date plausibility; zero = time.Now()
	// Progress, if set, receives stage progress (safe for concurrent use).
	Progress func(stage string, done, total int)
}

// Report is everything an audit measured; it is what audit.json holds.
type Report struct {
	Version     int            `json:"version"` // schema version (1)
	GeneratedAt string         `json:"generated_at"`
	RulesFile   string         `json:"rules_file"`
	Totals      Totals         `json:"totals"`
	Sources     []Source       `json:"sources"`
	Overlap     Overlap        `json:"overlap"`
	Conflicts   []Conflict     `json:"conflicts"`
	Gates       []GateResult   `json:"gates"`
	Notes       []string       `json:"notes"` // how to read approximate figures
	Match       MatchInfo      `json:"match"`
	TimingsMS   map[string]int `json:"timings_ms"`
}

// Totals are the figures over all sources.
type Totals struct {
	Rows             int     `json:"rows"`
	Accepted         int     `json:"accepted"`
	Rejected         int     `json:"rejected"`
	Customers        int     `json:"customers"`              // distinct customers (golden records) found by matching
	MultiSource      int     `json:"multi_source_customers"` // customers found in two or more sources
	DuplicateRows    int     `json:"duplicate_rows"`         // accepted rows that duplicate another row of the same source
	GatesFailed      int     `json:"gates_failed"`
	GatesPassed      int     `json:"gates_passed"`
	GatesSkipped     int     `json:"gates_skipped"`
	CrossSourceShare float64 `json:"multi_source_share"` // multi_source_customers / customers
}

// MatchInfo describes the matching run behind the duplicate, overlap and
// conflict figures.
type MatchInfo struct {
	Threshold float64 `json:"threshold"`
	Dir       string  `json:"dir,omitempty"` // where its outputs are ("" when removed)
	Compared  int64   `json:"compared_pairs"`
	Matched   int64   `json:"matched_pairs"`
}

// Source is the audit of one input.
type Source struct {
	Name       string            `json:"name"`
	File       string            `json:"file"`
	Encoding   string            `json:"encoding"`
	Delimiter  string            `json:"delimiter"`
	Region     string            `json:"region"` // phone and postcode region assumed when a record has no country
	Rows       int               `json:"rows"`
	Accepted   int               `json:"accepted"`
	Rejected   int               `json:"rejected"`
	RejectRate float64           `json:"reject_rate"`
	Rejects    []RejectReason    `json:"reject_reasons"`
	RejectRows []RejectRow       `json:"rejected_rows"` // the first 100
	Customers  int               `json:"customers"`     // distinct customers among the accepted rows
	Duplicates int               `json:"duplicates"`    // accepted - customers
	DupRate    float64           `json:"duplicate_rate"`
	Columns    []Column          `json:"columns"`
	Fields     map[string]string `json:"fields"` // canonical field -> column
}

// RejectReason counts rejected rows by reason.
type RejectReason struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// RejectRow is one rejected row.
type RejectRow struct {
	Line   int    `json:"line"`
	Column int    `json:"column,omitempty"`
	Reason string `json:"reason"`
}

// Overlap is the matrix of customers shared between sources: Counts[i][j]
// customers have records in both Sources[i] and Sources[j]; the diagonal
// holds each source's distinct customers.
type Overlap struct {
	Sources []string `json:"sources"`
	Counts  [][]int  `json:"counts"`
}

// Conflict is the share of customers found in several sources whose value
// of a field differs between sources.
type Conflict struct {
	Field       string   `json:"field"`
	Compared    int      `json:"compared"`    // multi-source customers with the field in two or more sources
	Conflicting int      `json:"conflicting"` // of those, customers where two sources share no value
	Rate        float64  `json:"rate"`        // conflicting / compared
	Pairs       [][]int  `json:"pairs"`       // conflicting customers per source pair (same order as Overlap.Sources)
	Examples    []string `json:"examples"`    // golden ids of a few conflicting customers
}

// GateResult is the outcome of one quality gate for one source (or across
// sources).
type GateResult struct {
	Gate    string  `json:"gate"`
	Line    int     `json:"line"`
	Source  string  `json:"source,omitempty"`
	Value   float64 `json:"value"`
	Passed  bool    `json:"passed"`
	Skipped bool    `json:"skipped"`
	Note    string  `json:"note,omitempty"`
}

// Failed returns the gates that failed.
func (r *Report) Failed() []GateResult {
	var out []GateResult
	for _, g := range r.Gates {
		if !g.Passed && !g.Skipped {
			out = append(out, g)
		}
	}
	return out
}

// Run audits the inputs. It returns an error (a *pipeline.InputError or
// *pipeline.UsageError where the pipeline reports one) when an input cannot
// be read at all or a gate names an unknown source; failed gates are not
// an error (see Report.Failed).
func Run(ctx context.Context, opt Options) (*Report, error) {
	if len(opt.Files) == 0 {
		return nil, &pipeline.UsageError{Err: errors.New("no input files")}
	}
	plan := opt.Plan
	if plan == nil {
		cfg := opt.Rules
		if cfg == nil {
			cfg = rules.Default()
		}
		p, err := rules.NewPlan(cfg, rules.Overrides{Threshold: opt.Threshold, Region: opt.Region, DateOrder: opt.DateOrder})
		if err != nil {
			return nil, &pipeline.UsageError{Err: err}
		}
		plan = &p
	}
	cfg := plan.Rules
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	timings := map[string]int{}
	// Sources and their settings, known before reading anything.
	srcs := make([]rules.Source, len(opt.Files))
	names := map[string]bool{}
	for i, f := range opt.Files {
		s, ok := cfg.SourceFor(f)
		if !ok || s.Name == "" {
			s.Name = doppel.SourceName(f)
		}
		srcs[i] = s
		names[s.Name] = true
	}
	if err := checkGateSources(cfg, names); err != nil {
		return nil, &pipeline.UsageError{Err: err}
	}
	// 1. The matching run.
	dir := opt.MatchDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "doppel-audit-*")
		if err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	t0 := time.Now()
	sum, err := pipeline.Dedupe(ctx, pipeline.Options{
		Files: opt.Files, Plan: plan, OutDir: dir, Encoding: opt.Encoding, Delimiter: opt.Delimiter, Progress: opt.Progress,
		AllowNoEvidence: true,
	})
	if err != nil {
		return nil, err
	}
	timings["match"] = int(time.Since(t0).Milliseconds())
	t0 = time.Now()
	xw, err := readCrosswalk(filepath.Join(dir, pipeline.RecordsFile))
	if err != nil {
		return nil, err
	}
	rej, err := readRejects(filepath.Join(dir, pipeline.RejectsFile))
	if err != nil {
		return nil, err
	}
	// Sources in the pipeline's (canonical) order: by name.
	order := make([]int, len(srcs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(srcs[a].Name, srcs[b].Name) })
	srcIdx := map[string]int{}
	for k, i := range order {
		srcIdx[srcs[i].Name] = k
	}
	xw.index(srcIdx, len(order))
	timings["crosswalk"] = int(time.Since(t0).Milliseconds())

	// 2. One streaming pass per input, in parallel.
	t0 = time.Now()
	rep := &Report{Version: 1, GeneratedAt: now.UTC().Format(time.RFC3339), RulesFile: cfg.File, TimingsMS: timings}
	rep.Sources = make([]Source, len(order))
	parts := make([][]conflictEntry, len(order))
	errs := make([]error, len(order))
	workpool.Run(len(order), runtime.GOMAXPROCS(0), func(k int) {
		i := order[k]
		region, dateOrder := settings(plan, srcs[i])
		p := &sourcePass{path: opt.Files[i], src: srcs[i], srcNo: k, region: region, dateOrder: dateOrder,
			now: now, ropt: csvio.Options{Delimiter: srcs[i].Delimiter, Encoding: srcs[i].Encoding},
			rejected: rej[srcs[i].Name], xw: xw}
		if p.ropt.Encoding == "" {
			p.ropt.Encoding = opt.Encoding
		}
		if p.ropt.Delimiter == 0 {
			p.ropt.Delimiter = opt.Delimiter
		}
		rep.Sources[k], parts[k], errs[k] = p.run(ctx)
	})
	for _, err := range errs {
		if err != nil {
			return nil, &pipeline.InputError{Err: err}
		}
	}
	timings["profile"] = int(time.Since(t0).Milliseconds())

	// 3. Figures from the pipeline and the crosswalk.
	for k := range rep.Sources {
		s := &rep.Sources[k]
		for _, si := range sum.Sources {
			if si.Name == s.Name {
				s.Rows, s.Accepted, s.Rejected = si.Rows, si.Accepted, si.Rejected
			}
		}
		if s.Rows > 0 {
			s.RejectRate = float64(s.Rejected) / float64(s.Rows)
		}
		s.RejectRows, s.Rejects = rejectSummary(rej[s.Name])
		s.Customers = xw.customers[k]
		s.Duplicates = s.Accepted - s.Customers
		if s.Accepted > 0 {
			s.DupRate = float64(s.Duplicates) / float64(s.Accepted)
		}
		rep.Totals.Rows += s.Rows
		rep.Totals.Accepted += s.Accepted
		rep.Totals.Rejected += s.Rejected
		rep.Totals.DuplicateRows += s.Duplicates
	}
	rep.Totals.Customers = len(xw.mask)
	for _, m := range xw.mask {
		if popcount(m) > 1 {
			rep.Totals.MultiSource++
		}
	}
	if rep.Totals.Customers > 0 {
		rep.Totals.CrossSourceShare = float64(rep.Totals.MultiSource) / float64(rep.Totals.Customers)
	}
	rep.Overlap = xw.overlap(rep.Sources)
	rep.Conflicts = conflicts(parts, len(order), xw)
	rep.Match = MatchInfo{Threshold: sum.Threshold, Dir: opt.MatchDir, Compared: sum.Counts.Compared, Matched: sum.Counts.Matched}
	rep.Notes = []string{
		"distinct counts are exact up to 10000 distinct values per column, above that HyperLogLog estimates (relative standard error 0.81%)",
		"top values and patterns are exact while a column has at most 256 (values) or 128 (patterns) distinct entries; above that they come from a space-saving sketch: count is the guaranteed minimum (the true count is between count and count+error), and values not guaranteed to occur twice are left out",
		"numeric dates are read in one order per column, inferred from its values (a first part above 12 proves day first, a second month first); values that only another order reads are invalid, and a column with both kinds is reported as mixed",
		"duplicates, overlap and conflicts come from doppel's matching at the threshold shown: they are estimates as good as the matching",
		"postcodes and phones without a country column are checked against the source's region",
	}
	rep.Gates = evalGates(cfg.Gates, rep)
	for _, g := range rep.Gates {
		switch {
		case g.Skipped:
			rep.Totals.GatesSkipped++
		case g.Passed:
			rep.Totals.GatesPassed++
		default:
			rep.Totals.GatesFailed++
		}
	}
	return rep, nil
}

// settings returns the region and date order in force for a source, as
// the pipeline resolves them.
func settings(plan *rules.Plan, s rules.Source) (region, dateOrder string) {
	region, dateOrder = plan.Region, plan.DateOrder
	if s.Region != "" {
		region = s.Region
	}
	if s.DateOrder != "" {
		dateOrder = s.DateOrder
	}
	if region == "" {
		region = "US"
	}
	return region, dateOrder
}

func popcount(m uint64) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

// crosswalk maps (source, line) to a golden record. It is read from the
// matching run's records.csv (source, record_id, line, golden_id, ...), so
// that a profiled row finds its golden record by the line it starts on,
// without repeating the pipeline's record-id rules.
type crosswalk struct {
	golden    map[string]int32 // source "\x00" line -> golden index
	gsrc      []int            // source index per crosswalk row
	gidx      []int32          // golden index per crosswalk row
	srcNames  []string         // source name per crosswalk row's source
	goldenIDs []string
	mask      []uint64 // sources per golden (bit = source index; up to 64 sources)
	customers []int    // distinct goldens per source
	pairs     [][]int  // overlap counts
}

func readCrosswalk(path string) (*crosswalk, error) {
	r, err := runfiles.Records.Open(path)
	if err != nil {
		return nil, fmt.Errorf("audit: read records: %w", err)
	}
	defer r.Close()
	if h := r.Header(); len(h) < 4 || h[0] != "source" || h[2] != "line" || h[3] != "golden_id" {
		return nil, fmt.Errorf("audit: read %s: unexpected header %q", path, h)
	}
	xw := &crosswalk{golden: map[string]int32{}}
	gid := map[string]int32{}
	srcNo := map[string]int{}
	for {
		row, _, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("audit: read records: %w", err)
		}
		g, ok := gid[row[3]]
		if !ok {
			g = int32(len(xw.goldenIDs))
			gid[row[3]] = g
			xw.goldenIDs = append(xw.goldenIDs, row[3])
		}
		// The source pass keys rows by source name and line; records.csv
		// writes source names exactly.
		xw.golden[row[0]+"\x00"+row[2]] = g
		s, ok := srcNo[row[0]]
		if !ok {
			s = len(xw.srcNames)
			srcNo[row[0]] = s
			xw.srcNames = append(xw.srcNames, row[0])
		}
		xw.gsrc = append(xw.gsrc, s)
		xw.gidx = append(xw.gidx, g)
	}
	return xw, nil
}

// index computes the per-golden source masks, the distinct customers per
// source and the overlap counts; srcIdx maps source names to report order.
func (xw *crosswalk) index(srcIdx map[string]int, n int) {
	xw.mask = make([]uint64, len(xw.goldenIDs))
	remap := make([]int, len(xw.srcNames))
	for i, name := range xw.srcNames {
		remap[i] = -1
		if k, ok := srcIdx[name]; ok {
			remap[i] = k
		}
	}
	for i, s := range xw.gsrc {
		if k := remap[s]; k >= 0 && k < 64 {
			xw.mask[xw.gidx[i]] |= 1 << k
		}
	}
	xw.gsrc, xw.gidx = nil, nil
	xw.customers = make([]int, n)
	xw.pairs = make([][]int, n)
	for i := range xw.pairs {
		xw.pairs[i] = make([]int, n)
	}
	for _, m := range xw.mask {
		for a := 0; a < n && a < 64; a++ {
			if m&(1<<a) == 0 {
				continue
			}
			xw.customers[a]++
			for b := 0; b < n && b < 64; b++ {
				if m&(1<<b) != 0 {
					xw.pairs[a][b]++
				}
			}
		}
	}
}

func (xw *crosswalk) overlap(srcs []Source) Overlap {
	o := Overlap{Counts: xw.pairs}
	for _, s := range srcs {
		o.Sources = append(o.Sources, s.Name)
	}
	return o
}

// rejectInfo is one row of rejects.csv.
type rejectInfo struct {
	line   int
	column int
	reason string
}

func readRejects(path string) (map[string][]rejectInfo, error) {
	r, err := runfiles.Rejects.Open(path)
	if err != nil {
		return nil, fmt.Errorf("audit: read rejects: %w", err)
	}
	defer r.Close()
	out := map[string][]rejectInfo{}
	for {
		row, _, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("audit: read rejects: %w", err)
		}
		ln, _ := strconv.Atoi(row[2])
		col, _ := strconv.Atoi(row[3])
		src := row[0]
		out[src] = append(out[src], rejectInfo{line: ln, column: col, reason: row[4]})
	}
	return out, nil
}

// rejectCategory maps a reject reason to its kind (the doppel sentinel).
func rejectCategory(reason string) string {
	for _, e := range []error{doppel.ErrFieldCount, doppel.ErrFieldSize, doppel.ErrEncoding, doppel.ErrQuote,
		doppel.ErrEmptyID, doppel.ErrDuplicateID} {
		if strings.Contains(reason, e.Error()) {
			return e.Error()
		}
	}
	return "other"
}

func rejectSummary(rs []rejectInfo) ([]RejectRow, []RejectReason) {
	rows := []RejectRow{}
	counts := map[string]int{}
	for _, r := range rs {
		if len(rows) < 100 {
			rows = append(rows, RejectRow{Line: r.line, Column: r.column, Reason: r.reason})
		}
		counts[rejectCategory(r.reason)]++
	}
	reasons := []RejectReason{}
	for k, v := range counts {
		reasons = append(reasons, RejectReason{Reason: k, Count: v})
	}
	slices.SortFunc(reasons, func(a, b RejectReason) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Reason, b.Reason)
	})
	return rows, reasons
}

// conflictEntry holds the comparison keys of one record of a customer found
// in several sources: hashes of normalised values, 0 = missing.
type conflictEntry struct {
	golden int32
	src    uint16
	keys   [numConflict][2]uint64 // up to two values per field (phone and mobile)
	birth  [3]uint64              // the birth date read in each of dateOrders()
}

// The conflict fields, in rules.ConflictFields order.
const (
	cfEmail = iota
	cfPhone
	cfAddress
	cfPostcode
	cfBirth
	numConflict
)

// sourcePass profiles one input.
type sourcePass struct {
	path      string
	src       rules.Source
	srcNo     int
	region    string
	dateOrder string
	now       time.Time
	ropt      csvio.Options
	rejected  []rejectInfo
	xw        *crosswalk
}

func (p *sourcePass) run(ctx context.Context) (Source, []conflictEntry, error) {
	out := Source{Name: p.src.Name, File: p.path, Region: p.region, Fields: map[string]string{}}
	chk, err := NewChecker(p.region, p.dateOrder, p.now)
	if err != nil {
		return out, nil, fmt.Errorf("%s: %w", p.path, err)
	}
	norm, err := normalize.New(normalize.Options{Region: p.region, DateOrder: p.dateOrder})
	if err != nil {
		return out, nil, fmt.Errorf("%s: %w", p.path, err)
	}
	// The reader of the input's format, as the dedupe pass read it.
	r, err := pipeline.OpenSource(p.path, pipeline.OpenOptions{Encoding: p.ropt.Encoding, Delimiter: p.ropt.Delimiter})
	if err != nil {
		return out, nil, err
	}
	defer r.Close()
	format := r.Format()
	out.Encoding, out.Delimiter = format.Encoding, doppel.DelimiterName(format.Delimiter)
	header := r.Header()
	mp, err := p.src.Apply(header)
	if err != nil {
		return out, nil, fmt.Errorf("%s: %w", p.path, err)
	}
	cols := make([]*colProf, len(header))
	for i, h := range header {
		cols[i] = newColProf(h)
		cols[i].isID = i == mp.ID
	}
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		if c := mp.Columns[f]; c >= 0 {
			cols[c].field, cols[c].mapped = f, true
			out.Fields[f.String()] = header[c]
			if f.Kind() == doppel.KindDate && !cols[c].isID {
				fallback := p.dateOrder
				if o, _ := p.src.DateOrderOf(f); o != "" {
					fallback = o // the source's date_order.<field> or date_order
				}
				cols[c].dates = &dateProf{fallback: fallback}
			}
		}
	}
	skip := map[int]bool{}
	for _, rj := range p.rejected {
		skip[rj.line] = true
	}
	srcKey := p.src.Name + "\x00"
	col := func(row []string, f doppel.Field) string {
		if c := mp.Columns[f]; c >= 0 && c < len(row) {
			return strings.TrimSpace(row[c])
		}
		return ""
	}
	var entries []conflictEntry
	var profiled int64
	dataRow := 0
	for {
		row, line, err := r.Next()
		if err == io.EOF {
			break
		}
		dataRow++
		if err != nil {
			var re *doppel.RowError
			if errors.As(err, &re) {
				continue // in rejects.csv already
			}
			return out, nil, fmt.Errorf("read %s: %w", p.path, err)
		}
		if dataRow%65536 == 0 && ctx.Err() != nil {
			return out, nil, ctx.Err()
		}
		if skip[line] {
			continue
		}
		profiled++
		country := col(row, doppel.Country)
		for i, c := range cols {
			c.add(row[i], chk, country, p.region)
		}
		// Conflict keys for customers found in several sources.
		g, ok := p.xw.golden[srcKey+strconv.Itoa(line)]
		if !ok || popcount(p.xw.mask[g]) < 2 || p.srcNo >= 64 {
			continue
		}
		e := conflictEntry{golden: g, src: uint16(p.srcNo)}
		if v := col(row, doppel.Email); v != "" {
			k, _ := norm.Email(v)
			e.keys[cfEmail][0] = keyHash(k)
		}
		region := p.region
		if cc := norm.Country(country); len(cc) == 2 {
			region = cc
		}
		for j, f := range []doppel.Field{doppel.Phone, doppel.Mobile} {
			if v := col(row, f); v != "" {
				k, _ := norm.Phone(v, region)
				e.keys[cfPhone][j] = keyHash(k)
			}
		}
		addr := col(row, doppel.Address)
		if addr == "" {
			addr = strings.TrimSpace(col(row, doppel.StreetNumber) + " " + col(row, doppel.Street))
		}
		if addr != "" {
			e.keys[cfAddress][0] = keyHash(norm.Address(addr).Key)
		}
		if v := col(row, doppel.Postcode); v != "" {
			cc := norm.Country(country)
			if len(cc) != 2 {
				cc = p.region
			}
			// Digits-only keys without leading zeros: a lost zero is
			// reported per column, not as a conflict.
			k := norm.Postcode(v, cc)
			if isDigits(k) {
				k = strings.TrimLeft(k, "0")
			}
			e.keys[cfPostcode][0] = keyHash(k)
		}
		if v := col(row, doppel.BirthDate); v != "" {
			// In every order: the column's is known at the end.
			for i, o := range dateOrders() {
				if d, ok := norm.DateInOrder(v, o); ok {
					e.birth[i] = keyHash(d.String())
				}
			}
		}
		entries = append(entries, e)
	}
	for _, c := range cols {
		out.Columns = append(out.Columns, c.report(profiled))
	}
	if c := mp.Columns[doppel.BirthDate]; c >= 0 && cols[c].dates != nil {
		_, i := cols[c].dates.order()
		for k := range entries {
			entries[k].keys[cfBirth][0] = entries[k].birth[i]
		}
	}
	return out, entries, nil
}

func keyHash(k string) uint64 {
	if k == "" {
		return 0
	}
	h := hash64(k)
	if h == 0 {
		h = 1
	}
	return h
}

// conflicts compares the values of every customer found in several sources.
func conflicts(parts [][]conflictEntry, n int, xw *crosswalk) []Conflict {
	var all []conflictEntry
	for _, p := range parts {
		all = append(all, p...)
	}
	slices.SortFunc(all, func(a, b conflictEntry) int {
		if c := cmp.Compare(a.golden, b.golden); c != 0 {
			return c
		}
		return cmp.Compare(a.src, b.src)
	})
	names := rules.ConflictFields()
	out := make([]Conflict, numConflict)
	for f := range out {
		out[f] = Conflict{Field: names[f], Pairs: make([][]int, n), Examples: []string{}}
		for i := range out[f].Pairs {
			out[f].Pairs[i] = make([]int, n)
		}
	}
	// per source: the set of value hashes of one field, for one customer
	sets := make([]map[uint64]bool, n)
	for lo := 0; lo < len(all); {
		hi := lo
		for hi < len(all) && all[hi].golden == all[lo].golden {
			hi++
		}
		group := all[lo:hi]
		for f := 0; f < numConflict; f++ {
			clear(sets)
			have := 0
			for _, e := range group {
				for _, h := range e.keys[f] {
					if h == 0 {
						continue
					}
					if sets[e.src] == nil {
						sets[e.src] = map[uint64]bool{}
						have++
					}
					sets[e.src][h] = true
				}
			}
			if have < 2 {
				continue
			}
			out[f].Compared++
			conflict := false
			for a := 0; a < n; a++ {
				for b := a + 1; b < n; b++ {
					if sets[a] == nil || sets[b] == nil || intersects(sets[a], sets[b]) {
						continue
					}
					conflict = true
					out[f].Pairs[a][b]++
					out[f].Pairs[b][a]++
				}
			}
			if conflict {
				out[f].Conflicting++
				if len(out[f].Examples) < 5 {
					out[f].Examples = append(out[f].Examples, xw.goldenIDs[group[0].golden])
				}
			}
		}
		lo = hi
	}
	for f := range out {
		if out[f].Compared > 0 {
			out[f].Rate = float64(out[f].Conflicting) / float64(out[f].Compared)
		}
	}
	return out
}

func intersects(a, b map[uint64]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}
