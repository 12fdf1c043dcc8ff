package match

// LSD radix sorts for the two large sorts of candidate generation: the
// blocking entries of a bucket by (key, record) and the candidate pairs of
// a range. Both are fixed-width integers, so byte-wise counting sorts beat
// comparison sorts several times over; a pass whose byte is the same for
// every item (the high bytes of record numbers, say) is skipped.

// radixSortU64 sorts x in ascending order; tmp is scratch space (grown as
// needed) and is returned for reuse.
func radixSortU64(x, tmp []uint64) []uint64 {
	if len(x) < 64 {
		insertionSortU64(x)
		return tmp
	}
	if cap(tmp) < len(x) {
		tmp = make([]uint64, len(x))
	}
	tmp = tmp[:len(x)]
	src, dst := x, tmp
	var count [256]int
	for shift := uint(0); shift < 64; shift += 8 {
		clear(count[:])
		for _, v := range src {
			count[byte(v>>shift)]++
		}
		if count[byte(src[0]>>shift)] == len(src) {
			continue // every item has this byte: nothing to do
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, v := range src {
			d := byte(v >> shift)
			dst[count[d]] = v
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &x[0] {
		copy(x, src)
	}
	return tmp
}

func insertionSortU64(x []uint64) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

// radixSortEntries sorts es by (key, rk); tmp is scratch space, returned
// for reuse.
func radixSortEntries(es, tmp []entry) []entry {
	if len(es) < 2 {
		return tmp
	}
	if cap(tmp) < len(es) {
		tmp = make([]entry, len(es))
	}
	tmp = tmp[:len(es)]
	src, dst := es, tmp
	var count [256]int
	// Least significant first: rk (field 0), then key (field 1).
	for f := 0; f < 2; f++ {
		for shift := uint(0); shift < 64; shift += 8 {
			clear(count[:])
			for i := range src {
				count[entryDigit(&src[i], f, shift)]++
			}
			if count[entryDigit(&src[0], f, shift)] == len(src) {
				continue
			}
			sum := 0
			for i, c := range count {
				count[i] = sum
				sum += c
			}
			for i := range src {
				d := entryDigit(&src[i], f, shift)
				dst[count[d]] = src[i]
				count[d]++
			}
			src, dst = dst, src
		}
	}
	if &src[0] != &es[0] {
		copy(es, src)
	}
	return tmp
}

func entryDigit(e *entry, field int, shift uint) byte {
	if field == 0 {
		return byte(e.rk >> shift)
	}
	return byte(e.key >> shift)
}
