package engine

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/doppel-dev/doppel/match"
)

// The DoFns of the pipelines. Every DoFn, emitter and iterator is
// registered (init below) so that a worker binary finds them.

func init() {
	register.Function2x1(parseRecord)
	register.DoFn3x1[int64, []byte, func(uint64, []byte), error](&keysFn{})
	register.Emitter2[int64, []byte]()
	register.Emitter2[uint64, []byte]()
	register.DoFn5x1[uint64, func(*[]byte) bool, func(uint64, int64), func(string, int64), func(int64), error](&blockFn{})
	register.Emitter1[int64]()
	register.Function2x1(maxInt64)
	register.Function1x2(largestStat)
	register.Iter1[[]byte]()
	register.Emitter2[uint64, int64]()
	register.Emitter2[string, int64]()
	register.Function2x1(orMask)
	register.Function2x1(sumInt64)
	register.Function2x1(formatTrainPair)
	register.Function2x1(one)
	register.Function1x2(comparedStat)
	register.Function2x1(formatStat)
	register.Function3x1(readFile)
	register.Emitter1[[]byte]()
	register.Function2x2(keyByA)
	register.Function4x1(joinFirst)
	register.Iter1[int64]()
	register.DoFn6x1[int64, func(*[]byte) bool, func(*[]byte) bool, []byte, int64, func(string), error](&scoreFn{})
	register.Emitter1[string]()
}

// parseRecord decodes a record line into (index, record bytes).
func parseRecord(line string, emit func(int64, []byte)) error {
	b, err := base64.StdEncoding.DecodeString(line)
	if err != nil {
		return fmt.Errorf("record line: %w", err)
	}
	r, err := decodeRecord(b)
	if err != nil {
		return err
	}
	emit(int64(r.idx), b)
	return nil
}

// keysFn emits the blocking keys of a record: (key hash, entry), an entry
// being the record index and source (uvarints), the key kind (one byte)
// and the record's neighbour key (match.NeighbourKey).
type keysFn struct {
	blocker *match.Blocker
	keys    []match.BlockKey
	nk      []byte
}

// ProcessElement emits the keys of one record.
func (fn *keysFn) ProcessElement(idx int64, rec []byte, emit func(uint64, []byte)) error {
	if fn.blocker == nil {
		fn.blocker = match.NewBlocker()
	}
	r, err := decodeRecord(rec)
	if err != nil {
		return err
	}
	var f match.Features
	if err := match.DecodeFeatures(r.feat, &f); err != nil {
		return fmt.Errorf("record %d: %w", idx, err)
	}
	fn.keys = fn.blocker.Keys(fn.keys[:0], &f)
	// One entry per distinct key, as the local run keeps them.
	slices.SortFunc(fn.keys, func(a, b match.BlockKey) int { return cmp.Compare(a.Hash(), b.Hash()) })
	fn.keys = slices.CompactFunc(fn.keys, func(a, b match.BlockKey) bool { return a.Hash() == b.Hash() })
	fn.nk = match.NeighbourKey(fn.nk[:0], &f)
	for _, k := range fn.keys {
		e := binary.AppendUvarint(nil, uint64(idx))
		e = binary.AppendUvarint(e, uint64(f.Source))
		e = append(e, k.Kind())
		e = append(e, fn.nk...)
		emit(k.Hash(), e)
	}
	return nil
}

// entry is a decoded blocking-key entry.
type entry struct {
	rec  uint32
	src  uint64
	kind byte
	nk   string
}

func decodeEntry(b []byte) (entry, error) {
	rec, n := binary.Uvarint(b)
	src, m := binary.Uvarint(b[max(n, 0):])
	if n <= 0 || m <= 0 || len(b) < n+m+1 {
		return entry{}, fmt.Errorf("bad block entry")
	}
	return entry{rec: uint32(rec), src: src, kind: b[n+m], nk: string(b[n+m+1:])}, nil
}

// blockFn turns one block (the records sharing a key) into candidate
// pairs exactly as the local run does: all pairs of a block of at most
// MaxBlock records, else a sorted neighbourhood of Window records on either
// side, in neighbour-key order (ties by record index), and the second pass
// by birth date for records that lack a name (match.DateNeighbours). A pair (a<<32|b,
// a<b) carries the key kind's bit when its block was complete. Stride > 0
// keeps only pairs whose first record is a training record.
type blockFn struct {
	MaxBlock, Window int
	LinkOnly         bool
	Stride           int
}

// ProcessElement emits the pairs of one block, its counts and its size.
func (fn *blockFn) ProcessElement(_ uint64, vals func(*[]byte) bool, emit func(uint64, int64), stat func(string, int64), sizes func(int64)) error {
	var blk []entry
	var v []byte
	for vals(&v) {
		e, err := decodeEntry(v)
		if err != nil {
			return err
		}
		blk = append(blk, e)
	}
	size := len(blk)
	if size < 2 {
		return nil
	}
	stat("blocks", 1)
	sizes(int64(size))
	pair := func(x, y entry, mask int64) {
		if fn.LinkOnly && x.src == y.src {
			return
		}
		a, b := min(x.rec, y.rec), max(x.rec, y.rec)
		if fn.Stride > 0 && int(a)%fn.Stride != 0 {
			return
		}
		emit(uint64(a)<<32|uint64(b), mask)
	}
	if size > fn.MaxBlock {
		stat("oversized", 1)
		byName := func(x, y entry) int { return cmp.Or(cmp.Compare(x.nk, y.nk), cmp.Compare(x.rec, y.rec)) }
		slices.SortFunc(blk, byName)
		for p := range blk {
			for q := p + 1; q <= p+fn.Window && q < size; q++ {
				pair(blk[p], blk[q], 0)
			}
		}
		match.DateNeighbours(blk, func(e entry) uint32 { return match.NeighbourDate(e.nk) }, byName, fn.Window,
			func(x, y entry) { pair(x, y, 0) })
		return nil
	}
	slices.SortFunc(blk, func(x, y entry) int { return cmp.Compare(x.rec, y.rec) })
	mask := int64(1) << blk[0].kind
	for p := range blk {
		for q := p + 1; q < size; q++ {
			pair(blk[p], blk[q], mask)
		}
	}
	return nil
}

func orMask(a, b int64) int64 { return a | b }

func sumInt64(a, b int64) int64 { return a + b }

func maxInt64(a, b int64) int64 { return max(a, b) }

func largestStat(n int64) (string, int64) { return "largest_block", n }

func one(uint64, int64) int64 { return 1 }

func formatTrainPair(ab uint64, mask int64) string {
	return strconv.FormatUint(ab, 10) + "\t" + strconv.FormatInt(mask, 10)
}

func comparedStat(n int64) (string, int64) { return "compared", n }

func formatStat(name string, n int64) string { return name + "\t" + strconv.FormatInt(n, 10) }

// readFile emits the bytes of the file p (the scoring model).
func readFile(ctx context.Context, p string, emit func([]byte)) error {
	b, err := readFileBytes(ctx, p)
	if err != nil {
		return err
	}
	emit(b)
	return nil
}

func keyByA(ab uint64, _ int64) (int64, int64) { return int64(ab >> 32), int64(uint32(ab)) }

// joinFirst attaches the first record of every pair to the pair, keyed by
// the second record: (b, a as uvarint + record a's bytes).
func joinFirst(a int64, recs func(*[]byte) bool, bs func(*int64) bool, emit func(int64, []byte)) error {
	var rec []byte
	if !recs(&rec) {
		return fmt.Errorf("pair with unknown record %d", a)
	}
	half := binary.AppendUvarint(nil, uint64(a))
	half = append(half, rec...)
	var b int64
	for bs(&b) {
		emit(b, half)
	}
	return nil
}

// scoreFn scores the pairs of one second record with the model (a side
// input) and emits those that can reach the keep weight as "a\tb\tcode".
type scoreFn struct {
	scorer *match.PairScorer
}

// ProcessElement scores the pairs whose second record is b.
func (fn *scoreFn) ProcessElement(b int64, recs func(*[]byte) bool, halves func(*[]byte) bool, scoring []byte, compared int64, emit func(string)) error {
	if fn.scorer == nil {
		sc, err := match.DecodeEngineScoring(scoring)
		if err != nil {
			return err
		}
		if fn.scorer, err = sc.Prepare(compared); err != nil {
			return err
		}
	}
	var rec []byte
	if !recs(&rec) {
		return nil // a record in no pair
	}
	rb, err := decodeRecord(rec)
	if err != nil {
		return err
	}
	var fb, fa match.Features
	if err := match.DecodeFeatures(rb.feat, &fb); err != nil {
		return fmt.Errorf("record %d: %w", b, err)
	}
	var h []byte
	for halves(&h) {
		a, n := binary.Uvarint(h)
		if n <= 0 {
			return fmt.Errorf("bad pair half for record %d", b)
		}
		ra, err := decodeRecord(h[n:])
		if err != nil {
			return err
		}
		if err := match.DecodeFeatures(ra.feat, &fa); err != nil {
			return fmt.Errorf("record %d: %w", a, err)
		}
		if code, ok := fn.scorer.Score(&fa, &fb, ra.tf); ok {
			emit(strconv.FormatUint(a, 10) + "\t" + strconv.FormatInt(b, 10) + "\t" + strconv.FormatUint(code, 10))
		}
	}
	return nil
}
