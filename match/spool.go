package match

import (
	"bufio"
	"fmt"
	"io"
	"sync"
)

// SpillOptions bound the memory of candidate generation. The blocking
// entries (about 20 per record) and the raw candidate pairs (tens per
// record) are kept in partitions; when the partitions in memory exceed
// Budget bytes they are appended to files of Store and read back one
// partition at a time, so the peak stays near Budget plus one partition
// however many records there are.
type SpillOptions struct {
	// Store holds what does not fit in memory (match itself does no I/O;
	// the spill package keeps it in temporary files). nil: never spill,
	// whatever the budget.
	Store SpillStore
	// Budget is the number of bytes each spool (blocking entries,
	// candidate pairs) may hold in memory before spilling. 0 means 512 MiB.
	Budget int64
}

// SpillStore is where candidate generation spills partitions. Each spool
// of a run asks for its own files; the caller removes whatever is left
// when the run ends (also on error or cancellation). A SpillStore must be
// safe for concurrent use.
type SpillStore interface {
	// Create returns a new empty file for one partition.
	Create() (SpillFile, error)
}

// SpillFile is one partition's spill: written in appends, then read back
// once from the start after Rewind. Close releases (and removes) it.
type SpillFile interface {
	io.Writer
	io.Reader
	// Rewind positions the file at its start for reading.
	Rewind() error
	Close() error
	// Name identifies the file in errors.
	Name() string
}

// DefaultSpillBudget is the default SpillOptions.Budget.
const DefaultSpillBudget = 512 << 20

// spool holds fixed-size items in partitions, in memory up to a budget
// and in temporary files beyond it. add is safe for concurrent use; take
// must not run concurrently with add, but takes of distinct partitions may
// run concurrently.
type spool[T any] struct {
	size   int                 // encoded bytes per item
	enc    func(b []byte, x T) // encodes x into b[:size]
	dec    func(b []byte) T    // decodes b[:size]
	budget int64               // bytes in memory before spilling (<0: never)
	store  SpillStore          // where partitions spill to
	mu     sync.Mutex          // guards the fields below
	mem    [][]T               // per partition, not yet spilled
	inMem  int64               // bytes in mem
	files  []SpillFile         // per partition (nil until spilled to)
	counts []int64             // items per partition on disk
	spills int                 // number of spills
	bytes  int64               // bytes written to disk
	err    error               // first write error
}

func newSpool[T any](parts, size int, enc func([]byte, T), dec func([]byte) T, opt SpillOptions) *spool[T] {
	b := opt.Budget
	if b <= 0 {
		b = DefaultSpillBudget
	}
	return &spool[T]{size: size, enc: enc, dec: dec, budget: b, store: opt.Store,
		mem: make([][]T, parts), files: make([]SpillFile, parts), counts: make([]int64, parts)}
}

// add appends items to partition p, spilling every partition to disk when
// the memory budget is exceeded.
func (s *spool[T]) add(p int, items []T) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.mem[p] = append(s.mem[p], items...)
	s.inMem += int64(len(items) * s.size)
	if s.inMem > s.budget && s.store != nil {
		s.err = s.spill()
	}
	return s.err
}

// spill appends every in-memory partition to its file. Called with mu held.
func (s *spool[T]) spill() error {
	buf := make([]byte, 0, 1<<20)
	for p, items := range s.mem {
		if len(items) == 0 {
			continue
		}
		f := s.files[p]
		if f == nil {
			var err error
			f, err = s.store.Create()
			if err != nil {
				return fmt.Errorf("spill to disk: %w", err)
			}
			s.files[p] = f
		}
		for _, x := range items {
			if len(buf)+s.size > cap(buf) {
				if _, err := f.Write(buf); err != nil {
					return fmt.Errorf("spill to disk: %w", err)
				}
				s.bytes += int64(len(buf))
				buf = buf[:0]
			}
			n := len(buf)
			buf = buf[:n+s.size]
			s.enc(buf[n:], x)
		}
		if _, err := f.Write(buf); err != nil {
			return fmt.Errorf("spill to disk: %w", err)
		}
		s.bytes += int64(len(buf))
		buf = buf[:0]
		s.counts[p] += int64(len(items))
		s.mem[p] = nil
	}
	s.inMem = 0
	s.spills++
	return nil
}

// take returns every item of partition p (those on disk first, then those
// in memory) and forgets them.
func (s *spool[T]) take(p int) ([]T, error) {
	s.mu.Lock()
	if s.err != nil {
		s.mu.Unlock()
		return nil, s.err
	}
	mem := s.mem[p]
	s.mem[p] = nil
	s.inMem -= int64(len(mem) * s.size)
	f, n := s.files[p], s.counts[p]
	s.files[p], s.counts[p] = nil, 0
	s.mu.Unlock()
	if f == nil {
		return mem, nil
	}
	defer f.Close()
	out := make([]T, 0, int(n)+len(mem))
	if err := f.Rewind(); err != nil {
		return nil, fmt.Errorf("read spill file: %w", err)
	}
	r := bufio.NewReaderSize(f, 1<<20)
	b := make([]byte, s.size)
	for i := int64(0); i < n; i++ {
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, fmt.Errorf("read spill file %s: %w", f.Name(), err)
		}
		out = append(out, s.dec(b))
	}
	return append(out, mem...), nil
}

// close releases every spill file.
func (s *spool[T]) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for p, f := range s.files {
		if f != nil {
			f.Close()
			s.files[p] = nil
		}
	}
	s.mem = nil
}
