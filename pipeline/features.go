package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/match"
	"github.com/doppel-dev/doppel/normalize"
)

func (r *run) baseNormalizeOptions() normalize.Options {
	o := normalize.Options{Region: r.cfg.Match.Region, DateOrder: r.cfg.Match.DateOrder}
	if r.opt.Region != "" {
		o.Region = r.opt.Region
	}
	if r.opt.DateOrder != "" {
		o.DateOrder = r.opt.DateOrder
	}
	return o
}

func (r *run) sourceOptions() []normalize.SourceOptions {
	so := make([]normalize.SourceOptions, len(r.inputs))
	for i, in := range r.inputs {
		so[i] = normalize.SourceOptions{Region: in.src.Region, DateOrder: in.src.DateOrder}
	}
	return so
}

// normalize computes the matching features of every record, in parallel.
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
	r.feats = st
	r.logf("features: %d records in %.0f MiB", st.Len(), float64(st.Bytes())/(1<<20))
	return nil
}

func (r *run) threshold() float64 {
	if r.opt.Threshold > 0 {
		return r.opt.Threshold
	}
	return r.cfg.Match.Threshold
}

func (r *run) match(ctx context.Context) error {
	mo := match.Options{
		Threshold:  r.threshold(),
		MaxCluster: r.cfg.Match.MaxCluster,
		Workers:    r.opt.Workers,
		Progress:   r.opt.Progress,
		Spill:      match.SpillOptions{Dir: r.opt.SpillDir, Budget: r.opt.SpillBudget},
	}
	mo.Block.LinkOnly = r.opt.LinkOnly || r.cfg.Match.LinkOnly
	for _, f := range r.cfg.Match.Fields {
		mo.Comparisons = append(mo.Comparisons, doppel.Spec(f).Evidence...)
	}
	mo.MustLink, mo.CannotLink = r.applyDecisions()
	for _, f := range r.cfg.Match.Distinct {
		mo.Distinct = append(mo.Distinct, f.String())
	}
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
