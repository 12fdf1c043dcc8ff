package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/internal/workpool"
	"github.com/doppel-dev/doppel/match"
	"github.com/doppel-dev/doppel/merge"
	"github.com/doppel-dev/doppel/normalize"
	"github.com/doppel-dev/doppel/rules"
	"github.com/doppel-dev/doppel/runfiles"
)

// survivorship converts the rules file's survivorship section.
func (r *run) survivorship() merge.Options {
	o := merge.Options{Default: merge.Strategy(r.cfg.Survive.Default), PerField: map[doppel.Field]merge.Strategy{}}
	for f, s := range r.cfg.Survive.PerField {
		o.PerField[f] = merge.Strategy(s)
	}
	if o.Default == "" {
		o.Default = merge.Strategy(rules.MostComplete)
	}
	return o
}

// goldenChunk is the number of golden records merged and formatted as one
// task of the merge stage.
const goldenChunk = 1024

// merge groups the records into golden records in golden id order, then
// merges them in parallel chunks and streams golden.csv and lineage.csv
// (to temp files; see outputs) in that order as the chunks complete. No
// golden record is kept: only the golden index of every record and the
// golden id of every golden record.
func (r *run) merge(ctx context.Context) error {
	r.group(ctx)
	if err := ctx.Err(); err != nil {
		return err
	}
	r.findHouseholds()
	ovs := r.resolveOverrides()
	cols := r.goldenColumns(ovs)
	out := r.out
	gHeader := runfiles.Golden.Header()
	for _, f := range cols {
		gHeader = append(gHeader, f.String())
	}
	gOut, err := out.create(runfiles.Golden, gHeader)
	if err == nil {
		err = gOut.done()
	}
	if err != nil {
		return outputErr(err)
	}
	lHeader := runfiles.Lineage.Header()
	lOut, err := out.create(runfiles.Lineage, lHeader)
	if err == nil {
		err = lOut.done()
	}
	if err != nil {
		return outputErr(err)
	}
	spec := r.mergeSpec(cols, ovs, gHeader, lHeader)
	if r.opt.MergeEngine != nil {
		job := &MergeJob{Spec: spec, Golden: len(r.goldID), Members: r.mergeMembers}
		if err := r.opt.MergeEngine.Merge(ctx, job, outputWriter{gOut.f}, outputWriter{lOut.f}); err != nil {
			return fmt.Errorf("merge engine: %w", err)
		}
	} else if err := r.mergeLocal(ctx, spec, gOut, lOut); err != nil {
		return err
	}
	// Features are not needed after matching and merging (pairs.csv takes
	// term-frequency weights from the match result); neither are the
	// cluster members.
	r.dropFeatures()
	r.members, r.memberStart = nil, nil
	return nil
}

// outputWriter marks the errors of writing an output as OutputErrors.
type outputWriter struct{ f *runfiles.Out }

func (w outputWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil {
		return n, &OutputError{Err: err}
	}
	return n, nil
}

// mergeLocal merges the golden records in parallel chunks and streams
// their rows to golden.csv and lineage.csv in golden index order.
func (r *run) mergeLocal(ctx context.Context, spec *MergeSpec, gOut, lOut *csvOut) error {
	mk := r.mergeWorker(spec)
	done := 0
	return workpool.Ordered(ctx, (len(r.goldID)+goldenChunk-1)/goldenChunk, r.opt.Workers, mk, func(c *mergedChunk) error {
		if _, err := gOut.f.Write(c.golden); err != nil {
			return &OutputError{Err: err}
		}
		if _, err := lOut.f.Write(c.lineage); err != nil {
			return &OutputError{Err: err}
		}
		if r.opt.Progress != nil {
			done = min(done+goldenChunk, len(r.goldID))
			r.opt.Progress("merge", done, len(r.goldID))
		}
		return nil
	})
}

// group assigns every record its golden index and every golden record its
// id, in golden id order (ties, which need a hash collision, by smallest
// member), and lists the members of every golden record. A cluster's
// smallest member by (source, id) is its smallest record index, because
// records are in canonical order.
func (r *run) group(ctx context.Context) {
	n := len(r.records)
	labels := r.res.Cluster
	// Cluster numbers are record indices: number clusters 1.. by their
	// smallest member, which is the first one met.
	seq := make([]int32, n)
	var roots []int32
	for i, l := range labels {
		if seq[l] == 0 {
			roots = append(roots, int32(i))
			seq[l] = int32(len(roots))
		}
	}
	ids := make([]merge.ID, len(roots))
	const chunk = 8192
	workpool.RunWith((len(roots)+chunk-1)/chunk, r.opt.Workers, func() func(int) {
		return func(t int) {
			if ctx.Err() != nil {
				return
			}
			for c := t * chunk; c < min(len(roots), (t+1)*chunk); c++ {
				rec := &r.records[roots[c]]
				ids[c] = merge.IDOf(rec.Source, rec.ID)
			}
		}
	})
	order := make([]int32, len(roots))
	for c := range order {
		order[c] = int32(c)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(ids[a], ids[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	rank := make([]int32, len(roots)) // cluster -> golden index
	r.goldID = make([]merge.ID, len(roots))
	for g, c := range order {
		rank[c] = int32(g)
		r.goldID[g] = ids[c]
	}
	order, ids, roots = nil, nil, nil
	r.goldOf = make([]int32, n)
	r.memberStart = make([]int32, len(r.goldID)+1)
	for i, l := range labels {
		g := rank[seq[l]-1]
		r.goldOf[i] = g
		r.memberStart[g+1]++
	}
	seq, rank = nil, nil
	for g := range r.goldID {
		r.memberStart[g+1] += r.memberStart[g]
	}
	r.members = make([]int32, n)
	next := slices.Clone(r.memberStart[:len(r.goldID)])
	for i, g := range r.goldOf {
		r.members[next[g]] = int32(i)
		next[g]++
	}
	// Cluster sizes for the summary.
	r.sizes = clusterSizes{counts: map[string]int{}}
	for g := range r.goldID {
		k := int(r.memberStart[g+1] - r.memberStart[g])
		if k > 1 {
			r.sizes.multi++
		}
		r.sizes.largest = max(r.sizes.largest, k)
		key := strconv.Itoa(k)
		if k > 10 {
			key = ">10"
		}
		r.sizes.counts[key]++
	}
	// Every later stage goes by golden index.
	r.res.Cluster = nil
}

// clusterSizes are the summary's cluster statistics.
type clusterSizes struct {
	multi   int            // golden records with more than one member
	largest int            // members of the largest golden record
	counts  map[string]int // golden records by member count ("1".."10", ">10")
}

// goldenColumns returns the fields that golden.csv has a column for: those
// that some golden record has a value of. A golden record has a value of a
// field when one of its members has a value that survives normalisation
// (see memberOf), or when an override pins one.
func (r *run) goldenColumns(ovs map[int32][]Override) []doppel.Field {
	var used [doppel.NumFields]bool
	for _, list := range ovs {
		for _, o := range list {
			used[o.Field] = true
		}
	}
	var mapped [doppel.NumFields]bool
	for _, in := range r.inputs {
		for f := doppel.Field(0); f < doppel.NumFields; f++ {
			if _, ok := in.info.Mapping[f.String()]; ok {
				mapped[f] = true
			}
		}
	}
	var need []doppel.Field
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		if mapped[f] && !used[f] {
			need = append(need, f)
		}
	}
	nz := newNormalizers(r.baseNormalizeOptions())
	so := r.sourceOptions()
	var ft match.Features
	for i := 0; i < len(r.records) && len(need) > 0; i++ {
		rec := &r.records[i]
		for k := 0; k < len(need); k++ {
			f := need[k]
			raw := rec.Get(f)
			if raw == "" {
				continue
			}
			n := nz.get(so[r.srcIdx[i]].DateOrder)
			ok := n.Clean(raw) != ""
			if !ok && f.Kind() == doppel.KindPhone {
				r.feature(i, &ft)
				ok = strings.HasPrefix(ft.PhoneKey(f), "+")
			}
			if ok {
				used[f] = true
				need = slices.Delete(need, k, k+1)
				k--
			}
		}
	}
	var cols []doppel.Field
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		if used[f] {
			cols = append(cols, f)
		}
	}
	return cols
}

// normalizers are one goroutine's normalizers, one per date order.
type normalizers struct {
	base    normalize.Options
	byOrder map[string]*normalize.Normalizer
}

func newNormalizers(base normalize.Options) *normalizers {
	return &normalizers{base: base, byOrder: map[string]*normalize.Normalizer{}}
}

// get returns the normalizer for a source's date order ("" = the default).
func (ns *normalizers) get(order string) *normalize.Normalizer {
	if order == "" {
		order = ns.base.DateOrder
	}
	if nz, ok := ns.byOrder[order]; ok {
		return nz
	}
	o := ns.base
	o.DateOrder = order
	nz, err := normalize.New(o)
	if err != nil {
		// Unreachable: the normalize stage validated these options.
		nz, _ = normalize.New(normalize.Options{})
	}
	ns.byOrder[order] = nz
	return nz
}

// mergedChunk is the golden.csv and lineage.csv text of one chunk of
// golden records.
type mergedChunk struct {
	golden, lineage []byte
}

// byteSink collects what a csvio.Writer writes.
type byteSink struct{ b []byte }

func (s *byteSink) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

// mergeWorker returns the factory of merge workers: each merges chunks of
// golden records (applying the steward overrides) and formats their
// golden.csv and lineage.csv rows, with the GoldenMerger a MergeEngine's
// workers use.
func (r *run) mergeWorker(spec *MergeSpec) func() func(int) *mergedChunk {
	return func() func(int) *mergedChunk {
		gm := NewGoldenMerger(spec)
		var ft match.Features
		return func(t int) *mergedChunk {
			gm.gs.b, gm.ls.b = make([]byte, 0, 128<<10), make([]byte, 0, 512<<10)
			for g := t * goldenChunk; g < min(len(r.goldID), (t+1)*goldenChunk); g++ {
				idx := r.members[r.memberStart[g]:r.memberStart[g+1]]
				vals := gm.values(len(idx))
				gm.ms = gm.ms[:0]
				for j, i := range idx {
					src := &spec.Sources[r.srcIdx[i]]
					r.feature(int(i), &ft)
					v := vals[j*int(doppel.NumFields) : (j+1)*int(doppel.NumFields)]
					gm.ms = append(gm.ms, memberOf(gm.nz.get(src.DateOrder), &r.records[i], &ft, src.Priority, &src.DateOrders, len(idx) > 1, v))
				}
				gm.format(int32(g), r.goldID[g], r.householdID(g), spec.Sources[r.srcIdx[idx[0]]].Name)
			}
			clear(gm.ms) // let the strings go
			return &mergedChunk{golden: gm.gs.b, lineage: gm.ls.b}
		}
	}
}

// memberOf normalises a record's values for display and survivorship.
// Phones are taken from the record's features: parsing them is the most
// expensive normalisation and was already done once.
//
// Matching keys only matter when values compete; a record alone in its
// cluster (most records) skips them.
//
// vals receives the values (length NumFields, all zero) and becomes the
// member's Values.
func memberOf(n *normalize.Normalizer, rec *doppel.Record, ft *match.Features, priority int, dateOrders *[doppel.NumFields]string, keys bool, vals []merge.Value) merge.Member {
	m := merge.Member{Source: rec.Source, ID: rec.ID, Priority: priority, Values: vals}
	// Postcode keys, the only ones that depend on the country, come from
	// the features.
	const country = ""
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		raw := rec.Get(f)
		if raw == "" {
			continue
		}
		switch f {
		case doppel.BirthDate, doppel.Created, doppel.Updated:
			m.Values[f] = n.DateValue(raw, dateOrders[f])
		case doppel.Phone, doppel.Mobile, doppel.Phone2:
			// Phones were parsed once, by Prepare.
			m.Values[f] = n.PhoneValue(raw, ft.PhoneKey(f))
		case doppel.GivenName, doppel.FamilyName, doppel.Postcode:
			// The matching keys were computed by the featurizer.
			v := n.Value(f, raw, country, false)
			if keys && v.Display != "" {
				switch f {
				case doppel.GivenName:
					v.Key = ft.Given
				case doppel.FamilyName:
					v.Key = ft.Family
				default:
					v.Key = ft.Postcode
				}
			}
			m.Values[f] = v
		default:
			m.Values[f] = n.Value(f, raw, country, keys)
		}
	}
	m.Updated = m.Values[doppel.Updated].Key
	m.Created = m.Values[doppel.Created].Key
	if !m.Values[doppel.Updated].Valid {
		m.Updated = ""
	}
	if !m.Values[doppel.Created].Valid {
		m.Created = ""
	}
	return m
}
