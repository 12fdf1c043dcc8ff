package match

import (
	"cmp"
	"context"
	"encoding/binary"
	"slices"
	"sync/atomic"

	"github.com/doppel-dev/doppel/internal/workpool"
)

// Candidate generation works block by block, not record by record, so that
// it streams: every record's blocking keys are scattered into 256 buckets
// by the top bits of the key (a key's block is always in one bucket); each
// bucket is sorted on its own and its blocks emit their pairs into
// partitions by the range of the pair's first record; each range is then
// sorted and deduplicated on its own and scored. Buckets and ranges are
// spools that spill to disk beyond a memory budget, so the memory of the
// whole stage is bounded by the budget, not by the number of records.

// entry is one blocking key of one record: the key's hash, and the record
// index shifted left by 8 with the key kind in the low byte (sorting by rk
// sorts by record).
type entry struct {
	key uint64
	rk  uint64
}

func (e entry) rec() uint32 { return uint32(e.rk >> 8) }
func (e entry) kind() byte  { return byte(e.rk) }

func encEntry(b []byte, e entry) {
	binary.LittleEndian.PutUint64(b, e.key)
	binary.LittleEndian.PutUint64(b[8:], e.rk)
}

func decEntry(b []byte) entry {
	return entry{binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])}
}

func encU64(b []byte, x uint64) { binary.LittleEndian.PutUint64(b, x) }
func decU64(b []byte) uint64    { return binary.LittleEndian.Uint64(b) }

// trainPair is a candidate pair of a training record (a%stride == 0) with
// the set of key kinds whose complete blocks (not a sorted-neighbourhood
// window) the two records share.
type trainPair struct {
	ab   uint64 // a<<32 | b, a < b
	mask uint32
}

// minRangeShift sets the smallest number of records per candidate range
// (1 << minRangeShift); ranges grow so that there are at most maxRanges of
// them, because every spilled range is an open file.
const (
	minRangeShift = 16
	maxRanges     = 256
)

// rangeShiftFor returns the range shift for n records.
func rangeShiftFor(n int) uint {
	s := uint(minRangeShift)
	for (n+1<<s-1)>>s > maxRanges {
		s++
	}
	return s
}

// numBuckets is the number of blocking-entry buckets (top 8 bits of a key).
const numBuckets = 256

// candidateSet is the output of blocking.
type candidateSet struct {
	pairs   *spool[uint64] // per record range: a<<32|b with a < b, unsorted, with repeats
	shift   uint           // a record range is 1 << shift records
	nRanges int
	train   []trainPair // pairs of training records, sorted by ab, unique
	// blocks counts keys shared by more than one record, oversized those
	// that fell back to a sorted neighbourhood; maxPairs is an upper bound
	// of the number of unique candidates.
	blocks, oversized int
	maxPairs          float64
	entrySpill        int64 // bytes the entries spool wrote to disk
}

// spilled returns the bytes written to spill files.
func (cs *candidateSet) spilled() int64 {
	cs.pairs.mu.Lock()
	defer cs.pairs.mu.Unlock()
	return cs.entrySpill + cs.pairs.bytes
}

// close removes the spill files.
func (cs *candidateSet) close() { cs.pairs.close() }

// trainStart returns the index of the first pair of cs.train in range r.
func (cs *candidateSet) trainStart(r int) int {
	lo := uint64(r) << cs.shift << 32
	i, _ := slices.BinarySearchFunc(cs.train, lo, func(t trainPair, x uint64) int { return cmp.Compare(t.ab, x) })
	return i
}

// generateCandidates computes the blocking keys of every record and emits
// the candidate pairs: all pairs of a block of at most MaxBlock records,
// and a sorted neighbourhood of Window records on either side in larger
// blocks. The pairs of every stride-th record (training records) are also
// collected, with the kinds of the complete blocks they share.
// progress, if not nil, is told about both phases ("block keys" by
// records, "block pairs" by buckets).
func generateCandidates(ctx context.Context, st *Store, opt BlockOptions, stride, workers int, spill SpillOptions, progress func(stage string, done, total int)) (*candidateSet, error) {
	opt = opt.withDefaults()
	workers = max(workers, 1)
	stride = max(stride, 1)
	n := st.Len()
	entries := newSpool[entry](numBuckets, 16, encEntry, decEntry, spill)
	defer entries.close()

	// Keys.
	const chunk = 8192
	tasks := (n + chunk - 1) / chunk
	q := workpool.NewQueue(tasks)
	var done atomic.Int64
	errs := make([]error, workers)
	workpool.Workers(workers, func(w int) {
		local := make([][]entry, numBuckets)
		flush := func(b int) bool {
			if err := entries.add(b, local[b]); err != nil {
				errs[w] = err
				return false
			}
			local[b] = local[b][:0]
			return true
		}
		var buf []blockKey
		var f Features
		blocker := NewBlocker()
		for t, ok := q.Take(); ok && ctx.Err() == nil; t, ok = q.Take() {
			for i := t * chunk; i < min(n, (t+1)*chunk); i++ {
				st.Get(i, &f)
				buf = blocker.Keys(buf[:0], &f)
				sortBlockKeys(buf)
				buf = slices.CompactFunc(buf, func(a, b blockKey) bool { return a.hash == b.hash })
				for _, k := range buf {
					b := int(k.hash >> 56)
					local[b] = append(local[b], entry{k.hash, uint64(i)<<8 | uint64(k.kind)})
					if len(local[b]) >= 512 && !flush(b) {
						return
					}
				}
			}
			if progress != nil {
				progress("block keys", int(done.Add(int64(min(n, (t+1)*chunk)-t*chunk))), n)
			}
		}
		for b := range local {
			if len(local[b]) > 0 && !flush(b) {
				return
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}

	// Blocks and pairs.
	rank := nameRanks(st, workers)
	dates := lonePartDates(st, workers)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	shift := rangeShiftFor(n)
	cs := &candidateSet{shift: shift, nRanges: max(1, (n+1<<shift-1)>>shift), entrySpill: entries.bytes}
	cs.pairs = newSpool[uint64](cs.nRanges, 8, encU64, decU64, spill)
	type stats struct {
		blocks, oversized int
		maxPairs          float64
		train             []trainPair
	}
	sts := make([]stats, workers)
	q = workpool.NewQueue(numBuckets)
	done.Store(0)
	win := opt.Window
	workpool.Workers(workers, func(w int) {
		s := &sts[w]
		local := make([][]uint64, cs.nRanges)
		failed := false
		flush := func(r int) {
			if err := cs.pairs.add(r, local[r]); err != nil {
				errs[w], failed = err, true
			}
			local[r] = local[r][:0]
		}
		emit := func(a, b uint32, kind int) {
			if a > b {
				a, b = b, a
			}
			ab := uint64(a)<<32 | uint64(b)
			r := int(a >> shift)
			local[r] = append(local[r], ab)
			if len(local[r]) >= 1024 {
				flush(r)
			}
			if int(a)%stride == 0 {
				var m uint32
				if kind >= 0 {
					m = 1 << kind
				}
				s.train = append(s.train, trainPair{ab, m})
			}
		}
		var etmp, btmp []entry
		for b, ok := q.Take(); ok && !failed && ctx.Err() == nil; b, ok = q.Take() {
			es, err := entries.take(b)
			if err != nil {
				errs[w] = err
				return
			}
			etmp = radixSortEntries(es, etmp)
			for s0 := 0; s0 < len(es) && !failed; {
				e := s0 + 1
				for e < len(es) && es[e].key == es[s0].key {
					e++
				}
				blk := es[s0:e]
				size := len(blk)
				if size > 1 {
					s.blocks++
				}
				if size > opt.MaxBlock {
					// Oversized: re-sort by a name+date key so that the
					// sorted neighbourhood compares similar records.
					s.oversized++
					s.maxPairs += float64(size) * float64(win)
					// The key is the same for the whole block: sort on
					// (rank, rk) by radix, with the rank in its place.
					for i := range blk {
						blk[i].key = uint64(rank[blk[i].rec()])
					}
					btmp = radixSortEntries(blk, btmp)
					for p := range blk {
						a := blk[p].rec()
						for q := p + 1; q <= p+win && q < size; q++ {
							b := blk[q].rec()
							if opt.LinkOnly && st.source[a] == st.source[b] {
								continue
							}
							emit(a, b, -1)
						}
					}
					// DateNeighbours, with its sort by (day, rank, rk) done
					// by radix.
					date := func(e entry) uint32 { return dates[e.rec()] }
					if slices.ContainsFunc(blk, func(e entry) bool { return date(e)&LonePartBit != 0 }) {
						for i := range blk {
							blk[i].key = uint64(date(blk[i])&^LonePartBit)<<32 | uint64(rank[blk[i].rec()])
						}
						btmp = radixSortEntries(blk, btmp)
						s.maxPairs += float64(dateNeighboursSorted(blk, date, win, func(x, y entry) {
							if a, b := x.rec(), y.rec(); !opt.LinkOnly || st.source[a] != st.source[b] {
								emit(a, b, -1)
							}
						}))
					}
				} else {
					s.maxPairs += float64(size) * float64(size-1) / 2
					kind := int(blk[0].kind())
					for p := range blk {
						a := blk[p].rec()
						for q := p + 1; q < size; q++ {
							b := blk[q].rec()
							if opt.LinkOnly && st.source[a] == st.source[b] {
								continue
							}
							emit(a, b, kind)
						}
					}
				}
				s0 = e
			}
			if progress != nil {
				progress("block pairs", int(done.Add(1)), numBuckets)
			}
		}
		for r := range local {
			if len(local[r]) > 0 && !failed {
				flush(r)
			}
		}
	})
	fail := func(err error) (*candidateSet, error) {
		cs.close()
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	for _, err := range errs {
		if err != nil {
			return fail(err)
		}
	}
	total := 0
	for w := range sts {
		cs.blocks += sts[w].blocks
		cs.oversized += sts[w].oversized
		cs.maxPairs += sts[w].maxPairs
		total += len(sts[w].train)
	}
	train := make([]trainPair, 0, total)
	for w := range sts {
		train = append(train, sts[w].train...)
		sts[w].train = nil
	}
	slices.SortFunc(train, func(x, y trainPair) int { return cmp.Compare(x.ab, y.ab) })
	out := train[:0]
	for _, t := range train {
		if k := len(out) - 1; k >= 0 && out[k].ab == t.ab {
			out[k].mask |= t.mask
			continue
		}
		out = append(out, t)
	}
	cs.train = slices.Clip(out)
	return cs, nil
}

// A record without a given or without a family name sorts away from its
// duplicates in the name order of an oversized block: in the block of a
// family name, a record without a given name sorts first, far from the
// same person's records with one. Such records are also paired with
// their Window neighbours by birth date (dateNeighbours). On
// splink_fake_20000, where a fifth of the records lack a name, 2,364 of
// 3,020 missed pairs were never compared.

// lonePartDates returns per record its birth date (PackedDate, 0 when it
// has none), with LonePartBit set when the record lacks its given or its
// family name (see DateNeighbours).
func lonePartDates(st *Store, workers int) []uint32 {
	n := st.Len()
	out := make([]uint32, n)
	const chunk = 8192
	workpool.Run((n+chunk-1)/chunk, workers, func(t int) {
		var f Features
		for i := t * chunk; i < min(n, (t+1)*chunk); i++ {
			st.Get(i, &f)
			out[i] = lonePartDate(&f)
		}
	})
	return out
}

// nameRanks ranks every record by family name, given name and birth date:
// the order of the sorted neighbourhood in oversized blocks, where
// neighbours should be similar records. Equal keys share a rank (ties are
// then broken by record index). Ranking once is cheaper than building the
// keys again for every oversized block a record is in.
func nameRanks(st *Store, workers int) []uint32 {
	n := st.Len()
	keys := make([]string, n)
	const chunk = 8192
	workpool.Run((n+chunk-1)/chunk, workers, func(t int) {
		var f Features
		var b []byte
		for i := t * chunk; i < min(n, (t+1)*chunk); i++ {
			st.Get(i, &f)
			b = NeighbourKey(b[:0], &f)
			keys[i] = string(b)
		}
	})
	idx := make([]uint32, n)
	for i := range idx {
		idx[i] = uint32(i)
	}
	// The first 8 bytes of each key as a big-endian number order most
	// pairs without touching the strings (ties fall back to them, so the
	// order is exactly the keys' byte order).
	pre := make([]uint64, n)
	for i, k := range keys {
		var b [8]byte
		copy(b[:], k)
		pre[i] = binary.BigEndian.Uint64(b[:])
	}
	less := func(a, b uint32) int {
		if c := cmp.Compare(pre[a], pre[b]); c != 0 {
			return c
		}
		if c := cmp.Compare(keys[a], keys[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
	// Sort halves in parallel, then merge.
	half := n / 2
	if workers < 2 {
		half = n
	}
	workpool.Run(2, workers, func(t int) {
		if t == 0 {
			slices.SortFunc(idx[:half], less)
		} else {
			slices.SortFunc(idx[half:], less)
		}
	})
	sorted := make([]uint32, 0, n)
	a, b := idx[:half], idx[half:]
	for len(a) > 0 && len(b) > 0 {
		if less(a[0], b[0]) <= 0 {
			sorted = append(sorted, a[0])
			a = a[1:]
		} else {
			sorted = append(sorted, b[0])
			b = b[1:]
		}
	}
	sorted = append(append(sorted, a...), b...)
	rank := idx // reuse
	r := uint32(0)
	for k, i := range sorted {
		if k > 0 && keys[i] != keys[sorted[k-1]] {
			r = uint32(k)
		}
		rank[i] = r
	}
	return rank
}

// sortBlockKeys sorts a record's blocking keys by hash: an insertion
// sort, as a record has a few dozen keys at most (cheaper than
// slices.SortFunc's closure calls, 1% of a run at 1M).
func sortBlockKeys(ks []blockKey) {
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j].hash < ks[j-1].hash; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
}
