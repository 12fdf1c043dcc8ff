package match

// restFor fills dst with the pruning bounds for pairs whose first record
// is a: dst[k] is the most the comparisons p.order[k:] can still add, and
// dst[len(p.order)+1] the most the given name alone can add. It
// is p.rest with record a's own term-frequency adjustment in place of the
// largest one over all records. An exact agreement on a common name is
// worth far less than on the rarest name, and common names make the big
// blocks, so the tighter bound stops most of their pairs before the
// Jaro-Winklers. The bound stays exact: the weight of an agreement at the
// adjusted level for a pair (a, b) is w[c][level] + logP[a].
func (p *pruner) restFor(a uint32, dst []float64) []float64 {
	n := len(p.order)
	if cap(dst) < n+2 {
		dst = make([]float64, n+2)
	}
	dst = dst[:n+2]
	dst[n] = 0
	dst[n+1] = 0
	if p.sc.givenAt >= 0 {
		dst[n+1] = p.maxFor(p.sc.givenAt, a)
	}
	for k := n - 1; k >= 0; k-- {
		c := p.order[k]
		var m float64
		if c < 0 {
			if p.sc.givenAt >= 0 {
				m += p.maxFor(p.sc.givenAt, a)
			}
			if p.sc.familyAt >= 0 {
				m += p.maxFor(p.sc.familyAt, a)
			}
		} else {
			m = p.maxFor(c, a)
		}
		dst[k] = dst[k+1] + m
	}
	return dst
}

// maxFor is the largest weight comparison c can add to a pair whose first
// record is a (0 when the value is missing).
func (p *pruner) maxFor(c int, a uint32) float64 {
	best := 0.0
	for l, w := range p.w[c] {
		best = max(best, w+p.tf[c].of(int8(l), a))
	}
	return best
}

// scoreWith is score with the bounds rest (laid out as restFor's) for
// record ai.
func (p *pruner) scoreWith(a, b *Features, ai uint32, lv []int8, minW float64, rest []float64) (uint64, bool) {
	s := p.sc
	w := 0.0
	for k, c := range p.order {
		if w+rest[k] < minW-p.margin {
			return 0, false
		}
		if c < 0 {
			if s.givenAt >= 0 && s.familyAt >= 0 && !swapPossible(a, b) {
				// Without a possible swap nameLevels is the two levels
				// on their own: the family name first, and the given
				// name (the dearer comparison) only if the pair can
				// still reach minW.
				f := nameLevel(a.Family, b.Family, a.FamilyPh, b.FamilyPh, a.ASCII && b.ASCII)
				lv[s.familyAt] = f
				w += p.add(s.familyAt, f, ai)
				if w+rest[len(p.order)+1]+rest[k+1] < minW-p.margin {
					return 0, false
				}
				g := givenLevel(a, b, a.Given, b.Given)
				lv[s.givenAt] = g
				w += p.add(s.givenAt, g, ai)
				continue
			}
			g, f := nameLevels(a, b)
			if s.givenAt >= 0 {
				lv[s.givenAt] = g
				w += p.add(s.givenAt, g, ai)
			}
			if s.familyAt >= 0 {
				lv[s.familyAt] = f
				w += p.add(s.familyAt, f, ai)
			}
			continue
		}
		lv[c] = s.level(c, a, b)
		w += p.add(c, lv[c], ai)
	}
	if w < minW-p.margin {
		return 0, false
	}
	return encode(lv), true
}

// swapPossible reports whether nameLevels might read the names of a and b
// swapped: all four names present and a first letter in common across or
// the same e-mail address or national id (a swap with typos,
// sameAddressOrID), or one record with one name only (lonePossible).
// When it is false, nameLevels returns givenLevel and nameLevel of the
// family names unchanged.
func swapPossible(a, b *Features) bool {
	if lonePossible(a, b) {
		return true
	}
	if a.Given == "" || a.Family == "" || b.Given == "" || b.Family == "" {
		return false
	}
	return a.Given[0] == b.Family[0] || a.Family[0] == b.Given[0] || sameAddressOrID(a, b)
}
