package pipeline

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/match"
	"github.com/doppel-dev/doppel/merge"
	"github.com/doppel-dev/doppel/normalize"
	"github.com/doppel-dev/doppel/runfiles"
)

// This file is the hook for running the merge stage on another engine (the
// Apache Beam module, beam/): the driver groups the records into golden
// records, finds households and resolves overrides as usual, then hands
// every record, with its golden index, to a MergeEngine, which merges each
// golden record (a GroupByKey on the golden index, on a cluster) with a
// GoldenMerger and returns golden.csv's and lineage.csv's rows in golden
// index order. The local merge uses the same GoldenMerger code path, so
// the rows are byte-identical.

// MergeEngine merges golden records on another engine (Options.MergeEngine).
type MergeEngine interface {
	// Merge merges every golden record of job and writes their golden.csv
	// and lineage.csv rows (without headers) to golden and lineage, in
	// golden index order.
	Merge(ctx context.Context, job *MergeJob, golden, lineage io.Writer) error
}

// MergeJob is the input of a MergeEngine.
type MergeJob struct {
	// Spec is what every worker needs (MergeSpec.Encode travels).
	Spec *MergeSpec
	// Golden is the number of golden records (indices 0..Golden-1).
	Golden int
	// Members calls f with every record's member line (AppendMergeMember's
	// encoding), in record order; f may keep no reference to line.
	Members func(f func(line []byte) error) error
}

// MergeSpec is what the merge of any golden record needs besides its
// members: plain data, so it can travel to workers as a side input.
type MergeSpec struct {
	Survivorship  merge.Options
	Normalize     normalize.Options
	Sources       []MergeSource
	Columns       []doppel.Field // golden.csv's value columns
	GoldenHeader  []string
	LineageHeader []string
	OverridesFile string
	// Overrides are the steward overrides, by golden index.
	Overrides map[int32][]Override
}

// MergeSource is what the merge needs of one source.
type MergeSource struct {
	Name       string
	Priority   int
	DateOrder  string                   // the source's date order ("" = the run's)
	DateOrders [doppel.NumFields]string // the order each date column is read in
}

// Encode returns s as JSON.
func (s *MergeSpec) Encode() ([]byte, error) { return json.Marshal(s) }

// DecodeMergeSpec reads what Encode wrote.
func DecodeMergeSpec(b []byte) (*MergeSpec, error) {
	var s MergeSpec
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("pipeline: merge spec: %w", err)
	}
	return &s, nil
}

// mergeSpec returns the run's MergeSpec.
func (r *run) mergeSpec(cols []doppel.Field, ovs map[int32][]Override, gHeader, lHeader []string) *MergeSpec {
	s := &MergeSpec{
		Survivorship:  r.survivorship(),
		Normalize:     r.baseNormalizeOptions(),
		Columns:       cols,
		GoldenHeader:  gHeader,
		LineageHeader: lHeader,
		OverridesFile: r.opt.Overrides,
		Overrides:     ovs,
	}
	so := r.sourceOptions()
	for si, in := range r.inputs {
		s.Sources = append(s.Sources, MergeSource{Name: in.info.Name, Priority: in.src.Priority, DateOrder: so[si].DateOrder, DateOrders: in.dateOrders})
	}
	return s
}

// MergeMember is one record as the merge stage needs it.
type MergeMember struct {
	Record    int32  // record index: members merge in this order
	Golden    int32  // golden index
	Household string // the golden record's household id ("" = none)
	Source    int32  // index into MergeSpec.Sources
	Rec       doppel.Record
	// Keys are the matching keys the merge takes from the features: given
	// and family name, postcode, and the phone keys.
	Given, Family, Postcode, Phone, Mobile, Phone2 string
}

// AppendMergeMember appends the encoding of m to b.
func AppendMergeMember(b []byte, m *MergeMember) []byte {
	b = binary.AppendUvarint(b, uint64(m.Record))
	b = binary.AppendUvarint(b, uint64(m.Golden))
	b = binary.AppendUvarint(b, uint64(m.Source))
	b = binary.AppendUvarint(b, uint64(m.Rec.Line))
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	str(m.Household)
	str(m.Rec.Source)
	str(m.Rec.ID)
	for f := range doppel.NumFields {
		str(m.Rec.Get(f))
	}
	for _, s := range []string{m.Given, m.Family, m.Postcode, m.Phone, m.Mobile, m.Phone2} {
		str(s)
	}
	return b
}

// DecodeMergeMember reads what AppendMergeMember wrote.
func DecodeMergeMember(b []byte) (MergeMember, error) {
	var m MergeMember
	bad := false
	num := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			bad = true
			return 0
		}
		b = b[n:]
		return v
	}
	str := func() string {
		l := num()
		if bad || uint64(len(b)) < l {
			bad = true
			return ""
		}
		s := string(b[:l])
		b = b[l:]
		return s
	}
	m.Record, m.Golden, m.Source = int32(num()), int32(num()), int32(num())
	line := int(num())
	m.Household = str()
	src, id := str(), str()
	vals := make([]string, doppel.NumFields)
	for f := range vals {
		vals[f] = str()
	}
	m.Given, m.Family, m.Postcode, m.Phone, m.Mobile, m.Phone2 = str(), str(), str(), str(), str(), str()
	if bad || len(b) != 0 {
		return MergeMember{}, fmt.Errorf("pipeline: bad merge member")
	}
	m.Rec = doppel.NewRecord(src, line, id, vals)
	return m, nil
}

// mergeMembers calls f with the member line of every record, in record
// order.
func (r *run) mergeMembers(f func(line []byte) error) error {
	var (
		ft  match.Features
		buf []byte
	)
	for i := range r.records {
		r.feature(i, &ft)
		g := r.goldOf[i]
		m := MergeMember{
			Record: int32(i), Golden: g, Household: r.householdID(int(g)), Source: int32(r.srcIdx[i]),
			Rec: r.records[i], Given: ft.Given, Family: ft.Family, Postcode: ft.Postcode,
			Phone: ft.Phone, Mobile: ft.Mobile, Phone2: ft.Phone2,
		}
		buf = AppendMergeMember(buf[:0], &m)
		if err := f(buf); err != nil {
			return err
		}
	}
	return nil
}

// GoldenMerger merges golden records and formats their golden.csv and
// lineage.csv rows. It is not safe for concurrent use: use one per
// goroutine (or worker).
type GoldenMerger struct {
	spec  *MergeSpec
	nz    *normalizers
	mg    *merge.Merger
	ms    []merge.Member
	vals  []merge.Value
	row   []string
	lrow  []string
	srcs  []string
	vbyf  [doppel.NumFields]string
	idb   []byte
	gs    *byteSink
	ls    *byteSink
	gw    *runfiles.Writer
	lw    *runfiles.Writer
	ft    match.Features
	cells []merge.Cell
}

// NewGoldenMerger returns a merger for spec.
func NewGoldenMerger(spec *MergeSpec) *GoldenMerger {
	m := &GoldenMerger{
		spec: spec,
		nz:   newNormalizers(spec.Normalize),
		mg:   merge.NewMerger(spec.Survivorship),
		row:  make([]string, 4+len(spec.Columns)),
		lrow: make([]string, 7),
		gs:   &byteSink{},
		ls:   &byteSink{},
	}
	m.gw = runfiles.Golden.NewRowWriter(m.gs, spec.GoldenHeader)
	m.lw = runfiles.Lineage.NewRowWriter(m.ls, spec.LineageHeader)
	return m
}

// Headers returns the header lines of golden.csv and lineage.csv, as the
// run writes them: what a shard of the rows needs to stand alone.
func (m *GoldenMerger) Headers() (golden, lineage []byte, err error) {
	var gs, ls byteSink
	gw, err := runfiles.Golden.NewWriter(&gs, m.spec.GoldenHeader)
	if err != nil {
		return nil, nil, err
	}
	lw, err := runfiles.Lineage.NewWriter(&ls, m.spec.LineageHeader)
	if err != nil {
		return nil, nil, err
	}
	gw.Flush()
	lw.Flush()
	return gs.b, ls.b, nil
}

// values returns n zeroed member values.
func (m *GoldenMerger) values(n int) []merge.Value {
	n *= int(doppel.NumFields)
	if cap(m.vals) < n {
		m.vals = make([]merge.Value, n)
	} else {
		m.vals = m.vals[:n]
		clear(m.vals)
	}
	return m.vals
}

// Merge merges one golden record from its members (any order; they merge
// in record order) and returns its golden index and its golden.csv and
// lineage.csv rows. The rows are valid until the next call.
func (m *GoldenMerger) Merge(members []MergeMember) (g int32, golden, lineage []byte, err error) {
	if len(members) == 0 {
		return 0, nil, nil, fmt.Errorf("pipeline: merge of no members")
	}
	slices.SortFunc(members, func(a, b MergeMember) int { return int(a.Record) - int(b.Record) })
	g = members[0].Golden
	vals := m.values(len(members))
	m.ms = m.ms[:0]
	for j := range members {
		mm := &members[j]
		if mm.Golden != g || int(mm.Source) >= len(m.spec.Sources) || mm.Source < 0 {
			return 0, nil, nil, fmt.Errorf("pipeline: merge member %d: golden %d or source %d out of place", mm.Record, mm.Golden, mm.Source)
		}
		src := &m.spec.Sources[mm.Source]
		m.ft.Given, m.ft.Family, m.ft.Postcode = mm.Given, mm.Family, mm.Postcode
		m.ft.Phone, m.ft.Mobile, m.ft.Phone2 = mm.Phone, mm.Mobile, mm.Phone2
		v := vals[j*int(doppel.NumFields) : (j+1)*int(doppel.NumFields)]
		m.ms = append(m.ms, memberOf(m.nz.get(src.DateOrder), &mm.Rec, &m.ft, src.Priority, &src.DateOrders, len(members) > 1, v))
	}
	id := merge.IDOf(members[0].Rec.Source, members[0].Rec.ID)
	m.gs.b, m.ls.b = m.gs.b[:0], m.ls.b[:0]
	m.format(g, id, members[0].Household, m.spec.Sources[members[0].Source].Name)
	clear(m.ms)
	return g, m.gs.b, m.ls.b, nil
}

// format merges m.ms (the members of golden record g, in record order),
// applies g's overrides and appends its rows to m.gs and m.ls. source is
// the first member's source name.
func (m *GoldenMerger) format(g int32, id merge.ID, household, source string) {
	cells := m.mg.Merge(m.ms)
	if list := m.spec.Overrides[g]; len(list) > 0 {
		cells = applyOverrides(slices.Clone(cells), list, m.spec.OverridesFile)
	}
	m.idb = id.Append(m.idb[:0])
	ids := string(m.idb)
	// golden.csv
	clear(m.vbyf[:])
	for _, c := range cells {
		m.vbyf[c.Field] = c.Value
	}
	row := m.row
	row[0], row[1] = ids, strconv.Itoa(len(m.ms))
	if len(m.ms) == 1 {
		row[2] = source
	} else {
		m.srcs = m.srcs[:0]
		for _, mb := range m.ms {
			if len(m.srcs) == 0 || m.srcs[len(m.srcs)-1] != mb.Source {
				m.srcs = append(m.srcs, mb.Source)
			}
		}
		row[2] = strings.Join(m.srcs, ";")
	}
	row[3] = household
	for k, f := range m.spec.Columns {
		row[4+k] = m.vbyf[f]
	}
	m.gw.Write(row)
	// lineage.csv
	lrow := m.lrow
	for _, c := range cells {
		rule := string(c.Rule)
		if c.Override {
			rule = "override"
		}
		lrow[0], lrow[1], lrow[2], lrow[3], lrow[4], lrow[5], lrow[6] = ids, c.Field.String(), c.Value, c.Source, c.ID, rule, strconv.Itoa(c.Alternatives)
		m.lw.Write(lrow)
	}
	// Writing to a byteSink cannot fail.
	m.gw.Flush()
	m.lw.Flush()
}
