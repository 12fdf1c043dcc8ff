package match

import (
	"cmp"
	"maps"
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

// TestTallyOf: the counts of non-zero hashes match a map's, whatever the
// hashes (values that share the table's slots, a lone value, all zero),
// and the counts come in hash order.
func TestTallyOf(t *testing.T) {
	rng := splitmix64(7)
	random := make([]uint64, 5000)
	for i := range random {
		random[i] = rng.next()%700 + 1 // repeats
		if i%9 == 0 {
			random[i] = 0 // no value
		}
	}
	// Hashes whose mixed high bits agree: 20 distinct values make a table
	// of 64 slots, where these share one slot and probe.
	var crowded []uint64
	for x, d := uint64(1), 0; d < 20; x++ {
		if (x*0x9E3779B97F4A7C15)>>32&63 == 5 {
			for range d%3 + 1 { // counts that differ
				crowded = append(crowded, x)
			}
			d++
		}
	}
	for _, tc := range []struct {
		name string
		h    []uint64
	}{
		{"random with repeats and zeros", random},
		{"crowded slots", crowded},
		{"one value", []uint64{0, 42, 0}},
		{"all zero", []uint64{0, 0, 0}},
		{"empty", nil},
	} {
		want := map[uint64]int32{}
		total := 0
		for _, x := range tc.h {
			if x != 0 {
				want[x]++
				total++
			}
		}
		var sorted, tmp []uint64
		tl := tallyOf(tc.h, &sorted, &tmp)
		if tl.total != total || len(tl.counts) != len(want) {
			t.Errorf("%s: total %d, %d distinct; want %d, %d", tc.name, tl.total, len(tl.counts), total, len(want))
			continue
		}
		for x, n := range want {
			if got := tl.count(x); got != n {
				t.Errorf("%s: count(%d) = %d, want %d", tc.name, x, got, n)
			}
		}
		keys := slices.Sorted(maps.Keys(want))
		for i, x := range keys {
			if tl.counts[i] != want[x] {
				t.Errorf("%s: counts[%d] = %d, want %d (hash order)", tc.name, i, tl.counts[i], want[x])
				break
			}
		}
	}
}
