package match

import (
	"cmp"
	"math"
	"slices"
)

// cluster links the pairs with weight >= minWeight into connected
// components, strongest links first. A link that would grow a cluster
// beyond maxSize is not followed (the chaining guard): long chains of
// moderately similar records are how unrelated customers end up merged.
// It returns the cluster number of every record (clusters numbered by their
// smallest record index, so numbering is canonical) and the number of links
// the guard refused.
//
// When weigh is not nil, two clusters of more than one record in total are
// joined only if they hold together as a whole: weigh scores a sample of
// the pairs across them (most were never candidates), and the link is
// followed only if the average match probability across is at least
// minCohesion. One strong bridge between two different people no longer
// chains their records together.
func cluster(n int, pairs []Pair, minWeight float64, maxSize int, weigh func(a, b int) float64, minCohesion float64) ([]int, int) {
	var links []Pair
	for _, p := range pairs {
		if p.Weight >= minWeight && !p.Conflict {
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
	uf := newUnionFind(n)
	capped := 0
	for _, l := range links {
		ra, rb := uf.find(int(l.A)), uf.find(int(l.B))
		if ra == rb {
			continue
		}
		if uf.size[ra]+uf.size[rb] > maxSize {
			capped++
			continue
		}
		if weigh != nil && uf.size[ra]+uf.size[rb] > 2 && cohesion(uf.list(ra), uf.list(rb), weigh) < minCohesion {
			capped++
			continue
		}
		uf.union(ra, rb)
	}
	out := make([]int, n)
	for i := range out {
		out[i] = uf.min[uf.find(i)]
	}
	return out, capped
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

// union joins the sets with roots a and b.
func (u *unionFind) union(a, b int) {
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

// cohesion is the average match probability of the pairs across two
// clusters given by their member lists (nil = the root alone), over a
// deterministic sample of at most maxCohesionPairs pairs. weigh returns
// NaN for pairs that must not count (same source in link-only mode).
func cohesion(a, b []int, weigh func(a, b int) float64) float64 {
	total := len(a) * len(b)
	step := 1
	if total > maxCohesionPairs {
		step = total / maxCohesionPairs
	}
	sum, n := 0.0, 0
	for k := 0; k < total; k += step {
		x, y := a[k/len(b)], b[k%len(b)]
		w := weigh(x, y)
		if math.IsNaN(w) {
			continue
		}
		sum += Probability(w)
		n++
	}
	if n == 0 {
		return 1
	}
	return sum / float64(n)
}
