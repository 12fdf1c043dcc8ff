package match

import (
	"cmp"
	"slices"
)

// cluster links the pairs with weight >= minWeight into connected
// components, strongest links first. A link that would grow a cluster
// beyond maxSize is not followed (the chaining guard): long chains of
// moderately similar records are how unrelated customers end up merged.
// It returns the cluster number of every record (clusters numbered by their
// smallest record index, so numbering is canonical) and the number of links
// the guard refused.
func cluster(n int, pairs []Pair, minWeight float64, maxSize int) ([]int, int) {
	var links []Pair
	for _, p := range pairs {
		if p.Weight >= minWeight {
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
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n), size: make([]int, n), min: make([]int, n)}
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
}
