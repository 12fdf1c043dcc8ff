package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/internal/spill"
	"github.com/doppel-dev/doppel/match"
	"github.com/doppel-dev/doppel/normalize"
)

func (r *run) baseNormalizeOptions() normalize.Options {
	return normalize.Options{Region: r.plan.Region, DateOrder: r.plan.DateOrder}
}

func (r *run) sourceOptions() []normalize.SourceOptions {
	so := make([]normalize.SourceOptions, len(r.inputs))
	for i, in := range r.inputs {
		so[i] = normalize.SourceOptions{Region: in.src.Region, DateOrder: in.src.DateOrder, BirthDateOrder: in.dateOrders[doppel.BirthDate]}
	}
	return so
}

// maxSharedShown is the number of shared values --verbose and
// summary.json list (the most common first).
const maxSharedShown = 20

// normalize computes the matching features of every record, in parallel,
// then reads as missing the values many people share and lends given
// names' learnt genders (see match.Store).
func (r *run) normalize(ctx context.Context) error {
	base := r.baseNormalizeOptions()
	so := r.sourceOptions()
	if _, err := normalize.NewPreparer(base, so); err != nil {
		return &UsageError{Err: err}
	}
	var progress func(int)
	if r.opt.Progress != nil {
		progress = func(done int) { r.opt.Progress("normalize", done, len(r.records)) }
	}
	st, err := match.BuildStore(ctx, len(r.records), r.opt.Workers, func() func(int, *match.Features) {
		p, _ := normalize.NewPreparer(base, so)
		return func(i int, dst *match.Features) { *dst = p.Prepare(&r.records[i], r.srcIdx[i]) }
	}, progress)
	if err != nil {
		return err
	}
	st, d := st.Derive(r.opt.Workers)
	r.shared, r.genders = d.Shared, d.Genders
	for k, v := range r.shared {
		if k == maxSharedShown {
			r.logf("shared values: %d more", len(r.shared)-k)
			break
		}
		r.logf("shared value, read as missing: %s %q on %d records of %d different given names", v.Field, v.Value, v.Records, v.People)
	}
	r.feats = st
	r.logf("features: %d records in %.0f MiB", st.Len(), float64(st.Bytes())/(1<<20))
	if g := d.Genders; g.Records > 0 {
		r.logf("genders: %d given names' genders learnt from the records that state one, lent to %d records without", g.Names, g.Records)
	}
	return nil
}

func (r *run) threshold() float64 { return r.plan.Threshold }

func (r *run) match(ctx context.Context) error {
	mo := match.Options{
		Threshold:  r.threshold(),
		MaxCluster: r.plan.MaxCluster,
		Workers:    r.opt.Workers,
		Progress:   r.opt.Progress,
	}
	sp := &spill.Dir{Parent: r.opt.SpillDir}
	defer sp.Close()
	mo.Spill = match.SpillOptions{Store: sp, Budget: r.opt.SpillBudget}
	mo.Block.LinkOnly = r.plan.LinkOnly
	mo.AllowNoEvidence = r.opt.AllowNoEvidence
	mo.Comparisons = r.plan.Comparisons
	mo.MustLink, mo.CannotLink = r.applyDecisions()
	mo.Distinct = r.plan.Distinct
	mo.Engine = r.opt.Engine
	res, err := match.RunStore(ctx, r.feats, mo)
	if errors.Is(err, match.ErrNoEvidence) {
		if len(r.cfg.Match.Fields) > 0 {
			return &InputError{Err: fmt.Errorf("%w (the rules file limits matching to %s)", err, fieldNames(r.cfg.Match.Fields))}
		}
		return &InputError{Err: fmt.Errorf("%w; map a name, e-mail, phone, address or id column (--verbose shows the mapping)", err)}
	}
	if err != nil {
		return err
	}
	if len(res.Comparisons) == 0 && len(r.records) >= 2 {
		r.warnf("%v: every record stays alone", match.ErrNoEvidence)
	}
	r.res = res
	r.noteRefusedMusts(res.MustRefused)
	return nil
}

// fieldNames lists fields as "a, b, c".
func fieldNames(fs []doppel.Field) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.String()
	}
	return strings.Join(names, ", ")
}

// feature copies the matching features of record i into dst.
func (r *run) feature(i int, dst *match.Features) { r.feats.Get(i, dst) }

// dropFeatures lets the features go once matching and merging are done.
func (r *run) dropFeatures() { r.feats = nil }
