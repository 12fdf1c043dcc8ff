package match

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/doppel-dev/doppel/internal/workpool"
)

// storeShift sets the number of records per store chunk (1 << storeShift).
const storeShift = 12

// Store holds the features of many records in a compact, pointer-light
// form: each chunk of 4096 records is one string in which a record is
// encoded as its source, birth date and ASCII flag followed by its strings
// (length-prefixed). A record costs its string bytes plus ~30 bytes,
// against ~450 bytes of string headers in a Features value, and a random
// record is one or two adjacent cache lines instead of a dozen scattered
// allocations. Get decodes a record into a Features whose strings point
// into the chunk (no copy, no allocation).
//
// A Store is immutable once built and safe for concurrent readers.
type Store struct {
	n      int
	chunks []string
	pos    []uint32 // offset of record i in chunk i>>storeShift
	source []uint16 // source index per record (read on every candidate)
}

// featureStrings returns pointers to the string fields of f, in encoding
// order.
func featureStrings(f *Features) [numStr]*string {
	return [numStr]*string{&f.Given, &f.Middle, &f.Family, &f.GivenPh, &f.FamilyPh, &f.GivenForms, &f.FullName,
		&f.Email, &f.EmailUser, &f.EmailNum, &f.Phone, &f.Mobile, &f.StreetNo, &f.Street, &f.Address2,
		&f.City, &f.State, &f.Postcode, &f.Country, &f.NationalID, &f.Ref, &f.Company, &f.Gender, &f.Phone2, &f.BirthPlace}
}

// A record is encoded as: birth date (4 bytes, little endian), flags (bit
// 0: ASCII, bit 1: some string is 255 bytes or longer, bits 2-4: the
// generation marker), one length byte per
// string (255: long, its uvarint length leads its bytes), then the strings'
// bytes in order.
const (
	flagASCII = 1
	flagLong  = 2
	genShift  = 2 // the generation marker's bits in the flags
	genMask   = 7
	numStr    = 25
	headerLen = 5 + numStr
)

// encodeFeatures appends the encoding of f to b.
func encodeFeatures(b []byte, f *Features) []byte {
	strs := featureStrings(f)
	var flag byte
	if f.ASCII {
		flag |= flagASCII
	}
	flag |= (f.Generation & genMask) << genShift
	for _, s := range strs {
		if len(*s) >= 255 {
			flag |= flagLong
		}
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(f.BirthDate))
	b = append(b, flag)
	for _, s := range strs {
		b = append(b, byte(min(len(*s), 255)))
	}
	for _, s := range strs {
		if len(*s) >= 255 {
			b = binary.AppendUvarint(b, uint64(len(*s)))
		}
		b = append(b, *s...)
	}
	return b
}

// maxSources is the number of sources a Store can index.
const maxSources = 1 << 16

var errTooManySources = errors.New("match: source index outside 0..65535")

// BuildStore computes the features of n records on workers goroutines and
// stores them. mk is called once per worker and returns the function that
// fills dst with the features of record i (a normalize.Preparer is not safe for
// concurrent use, so each worker makes its own). progress, if not nil, is
// called with the number of records done so far (from any goroutine).
// Sources must be below 65536. On cancellation BuildStore returns ctx's
// error.
func BuildStore(ctx context.Context, n, workers int, mk func() func(i int, dst *Features), progress func(done int)) (*Store, error) {
	s := &Store{n: n, pos: make([]uint32, n), source: make([]uint16, n)}
	chunk := 1 << storeShift
	tasks := (n + chunk - 1) / chunk
	s.chunks = make([]string, tasks)
	q := workpool.NewQueue(tasks)
	var done atomic.Int64
	errs := make([]error, max(workers, 1))
	workpool.Workers(max(workers, 1), func(w int) {
		fill := mk()
		var buf []byte
		var f Features
		for t, ok := q.Take(); ok && ctx.Err() == nil; t, ok = q.Take() {
			buf = buf[:0]
			lo, hi := t*chunk, min(n, (t+1)*chunk)
			for i := lo; i < hi; i++ {
				f = Features{}
				fill(i, &f)
				if f.Source < 0 || f.Source >= maxSources {
					errs[w] = errTooManySources
					return
				}
				if len(buf) > math.MaxUint32 {
					errs[w] = fmt.Errorf("match: the features of records %d to %d exceed 4 GiB", lo, i)
					return
				}
				s.pos[i] = uint32(len(buf))
				s.source[i] = uint16(f.Source)
				buf = encodeFeatures(buf, &f)
			}
			var sb strings.Builder
			sb.Grow(len(buf))
			sb.Write(buf)
			s.chunks[t] = sb.String()
			if progress != nil {
				progress(int(done.Add(int64(hi - lo))))
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
	return s, nil
}

// rewrite returns a Store with the records for which change is true
// passed through fix (on workers goroutines, a chunk each): the chunks
// without such a record are shared with s, the others encoded anew. s is
// unchanged.
func (s *Store) rewrite(workers int, change func(i int) bool, fix func(i int, f *Features)) *Store {
	t := &Store{n: s.n, chunks: slices.Clone(s.chunks), pos: slices.Clone(s.pos), source: s.source}
	chunk := 1 << storeShift
	q := workpool.NewQueue(len(s.chunks))
	workpool.Workers(max(workers, 1), func(int) {
		var buf []byte
		var f Features
		for c, ok := q.Take(); ok; c, ok = q.Take() {
			lo, hi := c*chunk, min(s.n, (c+1)*chunk)
			changed := false
			for i := lo; i < hi && !changed; i++ {
				changed = change(i)
			}
			if !changed {
				continue
			}
			buf = buf[:0]
			for i := lo; i < hi; i++ {
				s.Get(i, &f)
				if change(i) {
					fix(i, &f)
				}
				t.pos[i] = uint32(len(buf))
				buf = encodeFeatures(buf, &f)
			}
			t.chunks[c] = string(buf)
		}
	})
	return t
}

// NewStore stores feats (a convenience for tests and small inputs).
func NewStore(feats []Features) (*Store, error) {
	return BuildStore(context.Background(), len(feats), 1, func() func(int, *Features) {
		return func(i int, dst *Features) { *dst = feats[i] }
	}, nil)
}

// Len returns the number of records.
func (s *Store) Len() int { return s.n }

// Source returns the source index of record i.
func (s *Store) Source(i int) int { return int(s.source[i]) }

// Get decodes the features of record i into dst. The strings of dst share
// the store's memory.
func (s *Store) Get(i int, dst *Features) {
	c := s.chunks[i>>storeShift]
	p := int(s.pos[i])
	dst.Source = int(s.source[i])
	dst.BirthDate = Date(uint32(c[p]) | uint32(c[p+1])<<8 | uint32(c[p+2])<<16 | uint32(c[p+3])<<24)
	flag := c[p+4]
	dst.ASCII = flag&flagASCII != 0
	dst.Generation = flag >> genShift & genMask
	h := c[p+5 : p+headerLen]
	q := p + headerLen
	if flag&flagLong != 0 {
		for k, sp := range featureStrings(dst) {
			l := int(h[k])
			if l == 255 {
				v, n := binary.Uvarint([]byte(c[q:min(len(c), q+binary.MaxVarintLen64)]))
				l, q = int(v), q+n
			}
			*sp = c[q : q+l]
			q += l
		}
		return
	}
	// In encoding order (featureStrings), unrolled: this is the hottest
	// function of a large run.
	_ = h[numStr-1]
	l := int(h[0])
	dst.Given, q = c[q:q+l], q+l
	l = int(h[1])
	dst.Middle, q = c[q:q+l], q+l
	l = int(h[2])
	dst.Family, q = c[q:q+l], q+l
	l = int(h[3])
	dst.GivenPh, q = c[q:q+l], q+l
	l = int(h[4])
	dst.FamilyPh, q = c[q:q+l], q+l
	l = int(h[5])
	dst.GivenForms, q = c[q:q+l], q+l
	l = int(h[6])
	dst.FullName, q = c[q:q+l], q+l
	l = int(h[7])
	dst.Email, q = c[q:q+l], q+l
	l = int(h[8])
	dst.EmailUser, q = c[q:q+l], q+l
	l = int(h[9])
	dst.EmailNum, q = c[q:q+l], q+l
	l = int(h[10])
	dst.Phone, q = c[q:q+l], q+l
	l = int(h[11])
	dst.Mobile, q = c[q:q+l], q+l
	l = int(h[12])
	dst.StreetNo, q = c[q:q+l], q+l
	l = int(h[13])
	dst.Street, q = c[q:q+l], q+l
	l = int(h[14])
	dst.Address2, q = c[q:q+l], q+l
	l = int(h[15])
	dst.City, q = c[q:q+l], q+l
	l = int(h[16])
	dst.State, q = c[q:q+l], q+l
	l = int(h[17])
	dst.Postcode, q = c[q:q+l], q+l
	l = int(h[18])
	dst.Country, q = c[q:q+l], q+l
	l = int(h[19])
	dst.NationalID, q = c[q:q+l], q+l
	l = int(h[20])
	dst.Ref, q = c[q:q+l], q+l
	l = int(h[21])
	dst.Company, q = c[q:q+l], q+l
	l = int(h[22])
	dst.Gender, q = c[q:q+l], q+l
	l = int(h[23])
	dst.Phone2, q = c[q:q+l], q+l
	l = int(h[24])
	dst.BirthPlace = c[q : q+l]
}

// At returns the features of record i (a copy; see Get).
func (s *Store) At(i int) Features {
	var f Features
	s.Get(i, &f)
	return f
}

// Bytes returns the size of the store's data in bytes (for memory reports).
func (s *Store) Bytes() int64 {
	n := int64(len(s.pos))*6 + int64(len(s.chunks))*16
	for _, c := range s.chunks {
		n += int64(len(c))
	}
	return n
}

// touchBatch is the number of records touch loads at once.
const touchBatch = 16

// touch reads the first bytes of up to touchBatch records (and of their
// next two cache lines) and returns a value derived from them, which the
// caller must keep so the loads are not optimised away. Candidate records
// are scattered over the whole store, so each first access is a cache
// miss; issued together, independent misses overlap (memory-level
// parallelism) instead of stalling one after another when the records are
// decoded. It is a prefetch written in Go.
func (s *Store) touch(recs []uint32) byte {
	var off [touchBatch]uint32
	recs = recs[:min(len(recs), touchBatch)]
	for k, r := range recs {
		off[k] = s.pos[r]
	}
	var sink byte
	for k, r := range recs {
		c := s.chunks[r>>storeShift]
		p := int(off[k])
		sink ^= c[p]
		if p+64 < len(c) {
			sink ^= c[p+64]
		}
		if p+128 < len(c) {
			sink ^= c[p+128]
		}
	}
	return sink
}
