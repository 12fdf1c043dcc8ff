package match

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestRadixSorts(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 2, 63, 64, 65, 1000, 50000} {
		for _, mask := range []uint64{^uint64(0), 0xffff, 0xff00ff0000000000, 0x3} {
			x := make([]uint64, n)
			es := make([]entry, n)
			for i := range x {
				x[i] = rng.Uint64() & mask
				es[i] = entry{key: rng.Uint64() & mask, rk: uint64(rng.IntN(1000))<<8 | uint64(rng.IntN(4))}
			}
			want := slices.Clone(x)
			slices.Sort(want)
			radixSortU64(x, nil)
			if !slices.Equal(x, want) {
				t.Fatalf("radixSortU64 n=%d mask=%x: not sorted", n, mask)
			}
			wantE := slices.Clone(es)
			slices.SortFunc(wantE, func(a, b entry) int {
				if c := cmp.Compare(a.key, b.key); c != 0 {
					return c
				}
				return cmp.Compare(a.rk, b.rk)
			})
			radixSortEntries(es, make([]entry, 3))
			if !slices.Equal(es, wantE) {
				t.Fatalf("radixSortEntries n=%d mask=%x: not sorted", n, mask)
			}
		}
	}
}

func TestRangeShiftFor(t *testing.T) {
	for _, n := range []int{0, 1, 65536, 10_000_000, 16_777_216, 100_000_000, 1<<32 - 1} {
		s := rangeShiftFor(n)
		if s < minRangeShift || (n+1<<s-1)>>s > maxRanges {
			t.Errorf("n=%d: shift %d gives %d ranges", n, s, (n+1<<s-1)>>s)
		}
		if s > minRangeShift && (n+1<<(s-1)-1)>>(s-1) <= maxRanges {
			t.Errorf("n=%d: shift %d larger than needed", n, s)
		}
	}
}
