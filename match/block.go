package match

import (
	"cmp"
	"context"
	"slices"
	"strconv"
)

// BlockOptions control candidate generation.
type BlockOptions struct {
	// MaxBlock is the largest block compared all-pairs; larger blocks (a
	// common key such as a frequent name or a placeholder value) fall back
	// to a sorted neighbourhood of Window records on either side. 0 means 24.
	MaxBlock int
	// Window is the sorted-neighbourhood half-width for oversized blocks. 0 means 4.
	Window int
	// LinkOnly keeps only pairs whose records come from different sources.
	LinkOnly bool
}

func (o BlockOptions) withDefaults() BlockOptions {
	if o.MaxBlock <= 0 {
		o.MaxBlock = 24
	}
	if o.Window <= 0 {
		o.Window = 4
	}
	return o
}

// blockKeys appends the blocking keys of f to dst. Several keys per record
// (OR-blocking) make sure that one typo or missing value does not hide a
// duplicate: a pair becomes a candidate if it shares any key.
func blockKeys(dst []blockKey, f *Features) []blockKey {
	var h hasher
	add := func(kind byte, parts ...string) {
		for _, p := range parts {
			if p == "" {
				return
			}
		}
		h.reset(kind)
		for _, p := range parts {
			h.str(p)
		}
		dst = append(dst, blockKey{h.sum(), kind})
	}
	gp, fp := f.GivenPh, f.FamilyPh
	if gp == "" {
		gp = f.Given
	}
	if fp == "" {
		fp = f.Family
	}
	// Names in either order (swapped given and family names block together).
	if gp > fp {
		add(1, fp, gp)
	} else {
		add(1, gp, fp)
	}
	gi, fi := initial(f.Given), initial(f.Family)
	var dob, year string
	if f.BirthDate != 0 {
		dob = strconv.Itoa(int(f.BirthDate))
		year = strconv.Itoa(f.BirthDate.Year())
	}
	add(2, dob, fi)
	add(3, dob, gi)
	add(4, fp, year)
	add(5, gp, year)
	add(6, f.Postcode, f.StreetNo)
	add(7, f.Postcode, fp)
	add(8, f.Postcode, gp)
	add(9, f.Email)
	add(10, f.Phone)
	add(11, f.Mobile)
	add(12, f.NationalID)
	add(13, f.Ref)
	add(14, f.Street, f.StreetNo, fi)
	add(15, f.City, fp, gi)
	add(16, f.FullName)
	// Single-attribute keys: loose, but oversized blocks fall back to a
	// sorted neighbourhood, so they stay linear.
	add(19, fp)
	add(20, gp)
	add(21, dob)
	add(22, f.EmailUser)
	if f.Given == "" && f.Family == "" {
		add(17, f.Company, f.Postcode)
		add(18, f.Company, f.City)
	}
	// Mobile shared as landline in another system.
	if f.Mobile != "" {
		h.reset(10)
		h.str(f.Mobile)
		dst = append(dst, blockKey{h.sum(), 10})
	}
	return dst
}

// blockKey is a blocking key: the hash of its kind and values, and the kind.
type blockKey struct {
	hash uint64
	kind byte
}

// keyComparisons names the comparisons whose agreement a key kind selects
// for: a pair that is a candidate because it shares such a key tells
// nothing about how often true matches agree there, so EM leaves those
// comparisons out for that pair (Splink does the same per blocking rule).
func keyComparisons(kind byte) []string {
	switch kind {
	case 1, 16:
		return []string{"given_name", "family_name"}
	case 2, 4:
		return []string{"birth_date", "family_name"}
	case 3, 5:
		return []string{"birth_date", "given_name"}
	case 6:
		return []string{"postcode", "street_number"}
	case 7:
		return []string{"postcode", "family_name"}
	case 8:
		return []string{"postcode", "given_name"}
	case 9, 22:
		return []string{"email"}
	case 10, 11:
		return []string{"phone"}
	case 12:
		return []string{"national_id"}
	case 13:
		return []string{"customer_ref"}
	case 14:
		return []string{"street", "street_number", "family_name"}
	case 15:
		return []string{"city", "family_name", "given_name"}
	case 17:
		return []string{"company", "postcode"}
	case 18:
		return []string{"company", "city"}
	case 19:
		return []string{"family_name"}
	case 20:
		return []string{"given_name"}
	case 21:
		return []string{"birth_date"}
	}
	return nil
}

func initial(s string) string {
	if s == "" {
		return ""
	}
	return s[:1]
}

// hasher is FNV-1a 64 over a key kind and length-prefixed parts.
type hasher struct{ h uint64 }

func (h *hasher) reset(kind byte) {
	h.h = 14695981039346656037
	h.byte(kind)
}

func (h *hasher) byte(b byte) {
	h.h ^= uint64(b)
	h.h *= 1099511628211
}

func (h *hasher) str(s string) {
	for i := 0; i < len(s); i++ {
		h.byte(s[i])
	}
	h.byte(0xff)
}

func (h *hasher) sum() uint64 { return h.h }

// blockIndex is the inverted index of blocking keys.
type blockIndex struct {
	opt     BlockOptions
	keys    []uint64 // sorted key per entry
	kinds   []byte   // key kind per entry
	recs    []uint32 // record per entry
	bstart  []uint32 // start of the entry's block
	bend    []uint32 // end of the entry's block
	recOff  []uint32 // CSR offsets: entries of record i are recPos[recOff[i]:recOff[i+1]]
	recPos  []uint32
	sources []int
	// Blocks and Oversized count the blocks with more than one record and
	// those that fell back to a sorted neighbourhood.
	blocks, oversized int
}

// buildIndex computes the blocking keys of every record and indexes them.
// Key generation, sorting and the oversized-block pass run on workers
// goroutines: entries are scattered into 256 buckets by the top bits of
// the key, so every bucket (and every block) sorts on its own.
func buildIndex(ctx context.Context, feats []Features, opt BlockOptions, workers int) *blockIndex {
	opt = opt.withDefaults()
	workers = max(workers, 1)
	type entry struct {
		key  uint64
		rec  uint32
		kind byte
	}
	const chunk = 8192
	tasks := (len(feats) + chunk - 1) / chunk
	parts := make([][]entry, tasks)
	parallel(tasks, workers, func(t int) {
		if ctx.Err() != nil {
			return // cancelled: the caller checks
		}
		var es []entry
		var buf []blockKey
		for i := t * chunk; i < min(len(feats), (t+1)*chunk); i++ {
			buf = blockKeys(buf[:0], &feats[i])
			slices.SortFunc(buf, func(a, b blockKey) int { return cmp.Compare(a.hash, b.hash) })
			buf = slices.CompactFunc(buf, func(a, b blockKey) bool { return a.hash == b.hash })
			for _, k := range buf {
				es = append(es, entry{k.hash, uint32(i), k.kind})
			}
		}
		parts[t] = es
	})
	const nb = 256
	var start [nb + 1]int
	for _, es := range parts {
		for _, e := range es {
			start[e.key>>56+1]++
		}
	}
	for b := 1; b <= nb; b++ {
		start[b] += start[b-1]
	}
	n := start[nb]
	es := make([]entry, n)
	pos := start
	for t, part := range parts {
		for _, e := range part {
			b := e.key >> 56
			es[pos[b]] = e
			pos[b]++
		}
		parts[t] = nil
	}
	// Oversized blocks: re-sort by a name+date key so that the sorted
	// neighbourhood compares similar records.
	sortKey := func(r uint32) string {
		f := &feats[r]
		return f.Family + "\x00" + f.Given + "\x00" + strconv.Itoa(int(f.BirthDate))
	}
	ix := &blockIndex{opt: opt, sources: make([]int, len(feats))}
	for i := range feats {
		ix.sources[i] = feats[i].Source
	}
	ix.keys = make([]uint64, n)
	ix.kinds = make([]byte, n)
	ix.recs = make([]uint32, n)
	ix.bstart = make([]uint32, n)
	ix.bend = make([]uint32, n)
	blocks := make([]int, nb)
	oversized := make([]int, nb)
	parallel(nb, workers, func(b int) {
		bs := es[start[b]:start[b+1]]
		slices.SortFunc(bs, func(a, b entry) int {
			if c := cmp.Compare(a.key, b.key); c != 0 {
				return c
			}
			return cmp.Compare(a.rec, b.rec)
		})
		off := start[b]
		for s := 0; s < len(bs); {
			e := s + 1
			for e < len(bs) && bs[e].key == bs[s].key {
				e++
			}
			if e-s > 1 {
				blocks[b]++
			}
			if e-s > opt.MaxBlock {
				oversized[b]++
				blk := bs[s:e]
				sk := make(map[uint32]string, len(blk))
				for _, x := range blk {
					sk[x.rec] = sortKey(x.rec)
				}
				slices.SortFunc(blk, func(a, b entry) int {
					if c := cmp.Compare(sk[a.rec], sk[b.rec]); c != 0 {
						return c
					}
					return cmp.Compare(a.rec, b.rec)
				})
			}
			for p := s; p < e; p++ {
				ix.keys[off+p] = bs[p].key
				ix.kinds[off+p] = bs[p].kind
				ix.recs[off+p] = bs[p].rec
				ix.bstart[off+p] = uint32(off + s)
				ix.bend[off+p] = uint32(off + e)
			}
			s = e
		}
	})
	for b := 0; b < nb; b++ {
		ix.blocks += blocks[b]
		ix.oversized += oversized[b]
	}
	// CSR from record to its entry positions.
	ix.recOff = make([]uint32, len(feats)+1)
	for _, r := range ix.recs {
		ix.recOff[r+1]++
	}
	for i := 1; i < len(ix.recOff); i++ {
		ix.recOff[i] += ix.recOff[i-1]
	}
	ix.recPos = make([]uint32, n)
	fill := slices.Clone(ix.recOff[:len(feats)])
	for p, r := range ix.recs {
		ix.recPos[fill[r]] = uint32(p)
		fill[r]++
	}
	return ix
}

// candidates appends to dst the records j > i that share a block with
// record i (within the window for oversized blocks), sorted and unique.
func (ix *blockIndex) candidates(dst []uint32, i uint32) []uint32 {
	dst = dst[:0]
	w := ix.opt.Window
	for _, p := range ix.recPos[ix.recOff[i]:ix.recOff[i+1]] {
		s, e := int(ix.bstart[p]), int(ix.bend[p])
		if e-s > ix.opt.MaxBlock {
			s = max(s, int(p)-w)
			e = min(e, int(p)+w+1)
		}
		for q := s; q < e; q++ {
			j := ix.recs[q]
			if j <= i {
				continue
			}
			if ix.opt.LinkOnly && ix.sources[j] == ix.sources[i] {
				continue
			}
			dst = append(dst, j)
		}
	}
	slices.Sort(dst)
	return slices.Compact(dst)
}

// sharedKinds returns the bit set of key kinds whose block records i and
// j share completely (all pairs compared, not an oversized block whose
// sorted neighbourhood biases which pairs are seen). Both records' entries
// are in key order, so this is a merge.
func (ix *blockIndex) sharedKinds(i, j uint32) uint64 {
	pi := ix.recPos[ix.recOff[i]:ix.recOff[i+1]]
	pj := ix.recPos[ix.recOff[j]:ix.recOff[j+1]]
	var set uint64
	for a, b := 0, 0; a < len(pi) && b < len(pj); {
		ka, kb := ix.keys[pi[a]], ix.keys[pj[b]]
		switch {
		case ka < kb:
			a++
		case ka > kb:
			b++
		default:
			if p := pi[a]; int(ix.bend[p]-ix.bstart[p]) <= ix.opt.MaxBlock {
				set |= 1 << ix.kinds[p]
			}
			a++
			b++
		}
	}
	return set
}

// maxPairs is an upper bound of the number of candidate pairs: every block
// counted all-pairs (or its window), before pairs shared by several keys
// are counted once.
func (ix *blockIndex) maxPairs() float64 {
	total := 0.0
	w := float64(ix.opt.Window)
	for p := 0; p < len(ix.keys); {
		e := int(ix.bend[p])
		size := float64(e - p)
		if e-p > ix.opt.MaxBlock {
			total += size * w // each record and the w after it
		} else {
			total += size * (size - 1) / 2
		}
		p = e
	}
	return total
}
