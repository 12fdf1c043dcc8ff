package match

import (
	"cmp"
	"slices"
)

// clusterInput is what clustering needs besides the pairs.
type clusterInput struct {
	n           int
	pairs       []Pair
	minWeight   float64                // links at or above this weight are followed
	maxSize     int                    // largest cluster
	weigh       func(a, b int) Weighed // on-demand pair score for the cohesion guard (nil: none)
	minCohesion float64                // average probability two clusters need to join
	must        [][2]int               // must-link record pairs (steward decisions)
	cannot      [][2]int               // cannot-link record pairs (steward decisions)
	distinct    [][]string             // per hard-rule field: value per record; differing non-empty values never share a cluster
	value       []uint32               // value id per record in a run with one comparison (nil otherwise); see coheres
}

// clusterResult is the partition and what the guards did.
type clusterResult struct {
	cluster     []int // cluster number per record (its smallest record index)
	capped      int   // links refused by the size or cohesion guard
	refusedRule int   // links refused by a hard rule or a cannot-link
	mustApplied int   // must-links that joined two clusters
	mustRefused [][2]int
}

// cluster links the pairs with weight >= minWeight into connected
// components, strongest links first. Steward must-links are applied first
// and cannot-links are never crossed; hard rules (distinct values) hold for
// every cluster. A link that would grow a cluster beyond maxSize is not
// followed (the chaining guard): long chains of moderately similar records
// are how unrelated customers end up merged.
//
// When weigh is not nil, two clusters of more than one record in total are
// joined only if they hold together as a whole: weigh scores a sample of
// the pairs across them (most were never candidates), and the link is
// followed only if the average match probability across is at least
// minCohesion. One strong bridge between two different people no longer
// chains their records together. In a run with one comparison, two links
// between different values across the clusters also join them (see
// coheres).
//
// A pair across that shows two people (Weighed.Conflict: birth dates a
// generation apart, or given names and e-mails that both differ) keeps
// the clusters apart whatever the average, unless
// another pair across supports the join (Weighed.Support: a national id
// exact or one typo apart, the same e-mail user, or an exact birth date). A father and his son of one name
// each link to a record of the son without a birth date, and without this
// check the three records chain into one customer; a febrl duplicate whose
// birth date was replaced by another still joins the record that shares
// its id or its true birth date.
//
// Clusters are numbered by their smallest record index, so the numbering
// is canonical.
func cluster(in clusterInput) clusterResult {
	uf := newUnionFind(in.n)
	var res clusterResult
	cann := map[int][]int{}
	for _, c := range in.cannot {
		cann[c[0]] = append(cann[c[0]], c[1])
		cann[c[1]] = append(cann[c[1]], c[0])
	}
	// dv[f][root] is the cluster's non-empty value of hard-rule field f.
	dv := make([][]string, len(in.distinct))
	for f := range in.distinct {
		dv[f] = slices.Clone(in.distinct[f])
	}
	allowed := func(ra, rb int, rules bool) bool {
		if rules {
			for f := range dv {
				va, vb := dv[f][ra], dv[f][rb]
				if va != "" && vb != "" && va != vb {
					return false
				}
			}
		}
		if len(cann) == 0 {
			return true
		}
		small, other := ra, rb
		if uf.size[small] > uf.size[other] {
			small, other = other, small
		}
		for _, x := range uf.list(small) {
			for _, y := range cann[x] {
				if uf.find(y) == other {
					return false
				}
			}
		}
		return true
	}
	join := func(ra, rb int) {
		r := uf.union(ra, rb)
		for f := range dv {
			if dv[f][r] == "" {
				if dv[f][ra] != "" {
					dv[f][r] = dv[f][ra]
				} else {
					dv[f][r] = dv[f][rb]
				}
			}
		}
	}
	for _, m := range in.must {
		ra, rb := uf.find(m[0]), uf.find(m[1])
		if ra == rb {
			continue
		}
		// A steward's match decision overrides hard rules, not a cannot-link.
		if !allowed(ra, rb, false) {
			res.mustRefused = append(res.mustRefused, m)
			continue
		}
		join(ra, rb)
		res.mustApplied++
	}
	var links []Pair
	for _, p := range in.pairs {
		if p.Weight >= in.minWeight && !p.Conflict {
			links = append(links, p)
		}
	}
	slices.SortFunc(links, func(a, b Pair) int {
		if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
			return c
		}
		if c := cmp.Compare(a.A, b.A); c != 0 {
			return c
		}
		return cmp.Compare(a.B, b.B)
	})
	for _, l := range links {
		ra, rb := uf.find(int(l.A)), uf.find(int(l.B))
		if ra == rb {
			continue
		}
		if uf.size[ra]+uf.size[rb] > in.maxSize {
			res.capped++
			continue
		}
		if !allowed(ra, rb, true) {
			res.refusedRule++
			continue
		}
		if in.weigh != nil && uf.size[ra]+uf.size[rb] > 2 && !coheres(uf.list(ra), uf.list(rb), &in) {
			res.capped++
			continue
		}
		join(ra, rb)
	}
	res.cluster = make([]int, in.n)
	for i := range res.cluster {
		res.cluster[i] = uf.min[uf.find(i)]
	}
	return res
}

// unionFind is a disjoint-set forest with union by size and path halving;
// it tracks the smallest member of every set.
type unionFind struct {
	parent, size, min []int
	members           [][]int // members of each root
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n), size: make([]int, n), min: make([]int, n), members: make([][]int, n)}
	for i := range u.parent {
		u.parent[i] = i
		u.size[i] = 1
		u.min[i] = i
	}
	return u
}

func (u *unionFind) find(x int) int {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

// union joins the sets with roots a and b and returns the new root.
func (u *unionFind) union(a, b int) int {
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
	u.min[a] = min(u.min[a], u.min[b])
	if u.members[a] == nil {
		u.members[a] = []int{a}
	}
	if u.members[b] == nil {
		u.members[b] = []int{b}
	}
	u.members[a] = append(u.members[a], u.members[b]...)
	u.members[b] = nil
	return a
}

// list returns the members of root r.
func (u *unionFind) list(r int) []int {
	if u.members[r] == nil {
		return []int{r}
	}
	return u.members[r]
}

// maxCohesionPairs bounds the pairs scored per cluster join.
const maxCohesionPairs = 64

// Weighed is the score of one pair for the cohesion guard.
type Weighed struct {
	Weight float64 // match weight in bits
	// Skip marks a pair that must not count (two records of one source in
	// link-only mode).
	Skip bool
	// Conflict marks a pair that shows two people whatever else agrees
	// (birth dates a generation apart, or given names and e-mails that
	// both differ): across two clusters it keeps them apart unless
	// another pair across supports the join.
	Conflict bool
	// Support marks a pair that agrees on what one person has and two
	// people a generation apart do not: a national id exact or one typo
	// apart, the same e-mail user, or an exact birth date.
	Support bool
}

// coheres reports whether two clusters given by their member lists hold
// together as a whole: the average match probability across them is at
// least in.minCohesion (cohesion), or, in a run with one comparison
// (in.value not nil), no pair across is a conflict and at least
// minBridges pairs of different values across link on their own.
//
// With one comparison the average reads only how alike the two clusters'
// values are, and the spellings of one company are a chain, not a clique:
// "electronics konink philips" (302 records) and "gloeilampenfab philips"
// (80) differ as names and are joined by the variants between them, so
// the average across their clusters is near 0 (PATSTAT: 55,000 true pairs
// kept apart). A single link is how two companies chain ("nl philips" /
// "nl unilever"); two links between different names of the two clusters
// are what several spellings of one company give.
func coheres(a, b []int, in *clusterInput) bool {
	c, vetoed := cohesion(a, b, in.weigh)
	if c >= in.minCohesion {
		return true
	}
	return in.value != nil && !vetoed && bridges(a, b, in) >= minBridges
}

// minBridges is the number of links between different values across two
// clusters that joins them in a run with one comparison (coheres).
const minBridges = 2

// maxBridgePairs bounds the pairs of values bridges scores per join.
const maxBridgePairs = 4096

// bridges counts the pairs across a and b, one record per value on each
// side, whose own weight reaches in.minWeight, up to minBridges (0 when
// the values across are more than maxBridgePairs pairs).
func bridges(a, b []int, in *clusterInput) int {
	a, b = onePerValue(a, in.value), onePerValue(b, in.value)
	if len(a)*len(b) > maxBridgePairs {
		return 0
	}
	n := 0
	for _, x := range a {
		for _, y := range b {
			if w := in.weigh(x, y); !w.Skip && !w.Conflict && w.Weight >= in.minWeight {
				if n++; n >= minBridges {
					return n
				}
			}
		}
	}
	return n
}

// onePerValue returns the first member of each value id among members.
func onePerValue(members []int, value []uint32) []int {
	seen := make(map[uint32]bool, len(members))
	out := make([]int, 0, len(members))
	for _, m := range members {
		if !seen[value[m]] {
			seen[value[m]] = true
			out = append(out, m)
		}
	}
	return out
}

// cohesion is the average match probability of the pairs across two
// clusters given by their member lists (nil = the root alone), over a
// deterministic sample of at most maxCohesionPairs pairs, and whether a
// pair in the sample is a conflict that none supports (the average is
// then 0).
func cohesion(a, b []int, weigh func(a, b int) Weighed) (float64, bool) {
	total := len(a) * len(b)
	step := 1
	if total > maxCohesionPairs {
		step = total / maxCohesionPairs
	}
	sum, n := 0.0, 0
	conflict, support := false, false
	for k := 0; k < total; k += step {
		x, y := a[k/len(b)], b[k%len(b)]
		w := weigh(x, y)
		if w.Skip {
			continue
		}
		conflict = conflict || w.Conflict
		support = support || w.Support
		sum += Probability(w.Weight)
		n++
	}
	if conflict && !support {
		return 0, true
	}
	if n == 0 {
		return 1, false
	}
	return sum / float64(n), false
}
