package audit

import (
	"cmp"
	"container/heap"
	"math"
	"math/bits"
	"slices"
)

// hash64 mixes every byte of s into the state with the splitmix64
// finaliser, so that every output bit depends on every input byte
// (HyperLogLog needs both the high bits for the register and the rest for
// the rank; FNV-1a with one final mix measured 2.2% off, 2.7 standard
// errors, on 333k sequential numeric ids). It is deterministic: the same
// data gives the same estimate on every run.
func hash64(s string) uint64 {
	h := uint64(0x9E3779B97F4A7C15) ^ uint64(len(s))
	for i := 0; i < len(s); i++ {
		h = mix64(h ^ uint64(s[i]))
	}
	return h
}

// mix64 is the splitmix64 finaliser.
func mix64(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// hllP is the HyperLogLog precision: 2^14 registers (16 KiB), standard
// error 1.04/sqrt(2^14) = 0.81%.
const hllP = 14

// hllError is the relative standard error of the HyperLogLog estimate.
const hllError = 0.0081

// exactLimit is the number of distinct values counted exactly before a
// distinct counter switches to HyperLogLog.
const exactLimit = 10000

// hll is a HyperLogLog sketch (Flajolet et al. 2007) with the small-range
// linear-counting correction. Not safe for concurrent use.
type hll struct {
	reg []uint8
}

func newHLL() *hll { return &hll{reg: make([]uint8, 1<<hllP)} }

// addHash adds a 64-bit hash.
func (h *hll) addHash(x uint64) {
	idx := x >> (64 - hllP)
	w := x<<hllP | 1<<(hllP-1) // guard bit bounds the rank
	rank := uint8(bits.LeadingZeros64(w)) + 1
	if rank > h.reg[idx] {
		h.reg[idx] = rank
	}
}

// estimate returns the estimated number of distinct hashes added.
func (h *hll) estimate() int64 {
	m := float64(len(h.reg))
	sum, zeros := 0.0, 0
	for _, r := range h.reg {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	alpha := 0.7213 / (1 + 1.079/m)
	e := alpha * m * m / sum
	if e <= 2.5*m && zeros > 0 {
		e = m * math.Log(m/float64(zeros))
	}
	return int64(math.Round(e))
}

// distinct counts distinct values: exactly up to exactLimit values, then
// with HyperLogLog. Memory is bounded by exactLimit strings or 16 KiB. Not
// safe for concurrent use.
type distinct struct {
	exact map[string]struct{}
	h     *hll
}

func newDistinct() *distinct { return &distinct{exact: make(map[string]struct{})} }

// add counts the value v.
func (d *distinct) add(v string) {
	if d.h != nil {
		d.h.addHash(hash64(v))
		return
	}
	if _, ok := d.exact[v]; ok {
		return
	}
	d.exact[v] = struct{}{}
	if len(d.exact) > exactLimit {
		d.h = newHLL()
		for k := range d.exact {
			d.h.addHash(hash64(k))
		}
		d.exact = nil
	}
}

// count returns the number of distinct values and whether it is exact.
func (d *distinct) count() (int64, bool) {
	if d.h != nil {
		return d.h.estimate(), false
	}
	return int64(len(d.exact)), true
}

// ssCounter is one monitored value of a space-saving sketch.
type ssCounter struct {
	value string
	count int64 // upper bound of the true count
	err   int64 // count - err is a lower bound
	idx   int   // position in the heap
}

// ssHeap is a min-heap of counters by count.
type ssHeap []*ssCounter

func (h ssHeap) Len() int           { return len(h) }
func (h ssHeap) Less(i, j int) bool { return h[i].count < h[j].count }
func (h ssHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i]; h[i].idx = i; h[j].idx = j }
func (h *ssHeap) Push(x any)        { c := x.(*ssCounter); c.idx = len(*h); *h = append(*h, c) }
func (h *ssHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// topK finds the most frequent values of a stream with the space-saving
// algorithm (Metwally et al. 2005) in bounded memory: capacity counters.
// While no more than capacity distinct values were seen, counts are exact;
// afterwards a counter's count is an upper bound and count-err a lower
// bound of its value's true count, and every value more frequent than
// n/capacity is monitored. Not
// safe for concurrent use.
type topK struct {
	capacity int
	m        map[string]*ssCounter
	h        ssHeap
	n        int64
	evicted  bool
}

func newTopK(capacity int) *topK {
	return &topK{capacity: capacity, m: make(map[string]*ssCounter, capacity)}
}

// add counts one occurrence of v.
func (t *topK) add(v string) { t.addBytes([]byte(v), v) }

// addBytes counts one occurrence of the value in b; s, if not "", is the
// same value as a string (saves an allocation on insertion).
func (t *topK) addBytes(b []byte, s string) {
	t.n++
	if c, ok := t.m[string(b)]; ok {
		c.count++
		heap.Fix(&t.h, c.idx)
		return
	}
	if s == "" {
		s = string(b)
	}
	if len(t.h) < t.capacity {
		c := &ssCounter{value: s, count: 1}
		t.m[s] = c
		heap.Push(&t.h, c)
		return
	}
	t.evicted = true
	c := t.h[0]
	delete(t.m, c.value)
	c.value, c.err = s, c.count
	c.count++
	t.m[s] = c
	heap.Fix(&t.h, 0)
}

// ValueCount is a value with its count. Count is always a true lower
// bound: exact in exact lists, and in approximate ones (space-saving, when
// a column has more distinct values than counters) the number of
// occurrences the sketch guarantees; the true count is then between Count
// and Count+Error.
type ValueCount struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
	Error int64  `json:"error,omitempty"`
}

// top returns the k most frequent values, by count then value, and whether
// the counts are exact. Approximate lists hold the guaranteed counts (see
// ValueCount) and only values guaranteed to occur at least twice: a counter
// that took over from an evicted value may hold a value seen once, and in
// a column of distinct values every counter does.
func (t *topK) top(k int) ([]ValueCount, bool) {
	out := make([]ValueCount, 0, len(t.h))
	for _, c := range t.h {
		vc := ValueCount{Value: c.value, Count: c.count - c.err, Error: c.err}
		if t.evicted && vc.Count < 2 {
			continue
		}
		out = append(out, vc)
	}
	slices.SortFunc(out, func(a, b ValueCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Error, a.Error); c != 0 {
			return c
		}
		return cmp.Compare(a.Value, b.Value)
	})
	if len(out) > k {
		out = out[:k]
	}
	return out, !t.evicted
}
