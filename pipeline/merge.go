package pipeline

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/match"
	"github.com/doppel-dev/doppel/merge"
	"github.com/doppel-dev/doppel/normalize"
	"github.com/doppel-dev/doppel/rules"
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

// merge builds one golden record per cluster, in parallel.
func (r *run) merge(ctx context.Context) error {
	n := len(r.records)
	// Group records by cluster (cluster number = smallest member index).
	members := make(map[int][]int)
	var roots []int
	for i, c := range r.res.Cluster {
		if _, ok := members[c]; !ok {
			roots = append(roots, c)
		}
		members[c] = append(members[c], i)
	}
	mo := r.survivorship()
	base := r.baseNormalizeOptions()
	so := r.sourceOptions()
	golden := make([]merge.Golden, len(roots))
	const chunk = 1024
	tasks := (len(roots) + chunk - 1) / chunk
	parallel(tasks, r.opt.Workers, func() func(int) {
		norms := map[string]*normalize.Normalizer{}
		get := func(order string) *normalize.Normalizer {
			if order == "" {
				order = base.DateOrder
			}
			if nz, ok := norms[order]; ok {
				return nz
			}
			o := base
			o.DateOrder = order
			nz, err := normalize.New(o)
			if err != nil {
				// Unreachable: the normalize stage validated these options.
				nz, _ = normalize.New(normalize.Options{})
			}
			norms[order] = nz
			return nz
		}
		return func(t int) {
			if ctx.Err() != nil {
				return
			}
			for k := t * chunk; k < min(len(roots), (t+1)*chunk); k++ {
				idx := members[roots[k]]
				var ft match.Features
				ms := make([]merge.Member, len(idx))
				for j, i := range idx {
					si := r.srcIdx[i]
					in := r.inputs[si]
					nz := get(so[si].DateOrder)
					r.feature(i, &ft)
					ms[j] = memberOf(nz, &r.records[i], &ft, in.src.Priority, len(idx) > 1)
				}
				g := merge.Merge(ms, mo)
				// The cells hold the surviving values; the members' own
				// values (23 per record) are not needed any more.
				for j := range g.Members {
					g.Members[j].Values = nil
				}
				golden[k] = g
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	// Golden records in id order; map every record to its golden index.
	order := make([]int, len(roots))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(golden[a].ID, golden[b].ID) })
	r.golden = make([]merge.Golden, len(roots))
	r.goldOf = make([]int, n)
	for gi, k := range order {
		r.golden[gi] = golden[k]
		for _, i := range members[roots[k]] {
			r.goldOf[i] = gi
		}
	}
	r.applyOverrides()
	// Features are not needed after matching and merging (pairs.csv takes
	// term-frequency weights from the match result).
	r.dropFeatures()
	return nil
}

// memberOf normalises a record's values for display and survivorship.
// Phones are taken from the record's features: parsing them is the most
// expensive normalisation and was already done once.
//
// Matching keys only matter when values compete; a record alone in its
// cluster (most records) skips them.
func memberOf(n *normalize.Normalizer, rec *doppel.Record, ft *match.Features, priority int, keys bool) merge.Member {
	m := merge.Member{Source: rec.Source, ID: rec.ID, Priority: priority, Values: make([]merge.Value, doppel.NumFields)}
	country := ""
	if c := rec.Get(doppel.Country); c != "" {
		country = n.Country(c)
	}
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		raw := rec.Get(f)
		if raw == "" {
			continue
		}
		switch f {
		case doppel.Phone:
			m.Values[f] = phoneValue(n, raw, ft.Phone)
		case doppel.Mobile:
			p := ft.Mobile
			if p == "" {
				p = ft.Phone // the featurizer drops a mobile equal to the phone
			}
			m.Values[f] = phoneValue(n, raw, p)
		case doppel.GivenName, doppel.FamilyName, doppel.Postcode:
			// The matching keys were computed by the featurizer.
			v := displayValue(n, f, raw, country, false)
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
			m.Values[f] = displayValue(n, f, raw, country, keys)
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

// phoneValue is the golden form of a phone: E.164 when the featurizer could
// parse it (its key then starts with "+"), else the cleaned raw text.
func phoneValue(n *normalize.Normalizer, raw, key string) merge.Value {
	if strings.HasPrefix(key, "+") {
		return merge.Value{Display: key, Key: key, Valid: true}
	}
	return merge.Value{Display: n.Clean(raw), Key: key}
}

// displayValue is the golden-record form of one raw value: phones in E.164,
// dates in ISO form, e-mails in lower case, everything else cleaned
// (Unicode-normalised, whitespace collapsed) but with its case and accents.
func displayValue(n *normalize.Normalizer, f doppel.Field, raw, country string, keys bool) merge.Value {
	clean := n.Clean(raw)
	if clean == "" {
		return merge.Value{}
	}
	if !keys {
		switch f {
		case doppel.GivenName, doppel.FamilyName, doppel.MiddleName, doppel.Title, doppel.Postcode:
			return merge.Value{Display: clean, Valid: true}
		}
	}
	switch f {
	case doppel.GivenName, doppel.FamilyName, doppel.MiddleName, doppel.Title:
		return merge.Value{Display: clean, Key: n.NameKey(raw), Valid: true}
	case doppel.Email:
		key, ok := n.Email(raw)
		return merge.Value{Display: strings.ToLower(clean), Key: key, Valid: ok}
	case doppel.BirthDate, doppel.Created, doppel.Updated:
		if d, ok := n.Date(raw); ok {
			return merge.Value{Display: d.String(), Key: d.String(), Valid: true}
		}
		return merge.Value{Display: clean, Key: ""}
	case doppel.Postcode:
		return merge.Value{Display: clean, Key: n.Postcode(raw, country), Valid: true}
	case doppel.Country:
		if c := n.Country(raw); len(c) == 2 {
			return merge.Value{Display: c, Key: c, Valid: true}
		}
		return merge.Value{Display: clean, Key: n.Key(raw)}
	case doppel.Gender:
		if g := n.Gender(raw); g != "" {
			return merge.Value{Display: g, Key: g, Valid: true}
		}
		return merge.Value{Display: clean, Key: n.Key(raw)}
	}
	if !keys {
		return merge.Value{Display: clean, Valid: true}
	}
	return merge.Value{Display: clean, Key: n.Key(raw), Valid: true}
}
