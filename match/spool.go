package match

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sync"
)

// SpillOptions bound the memory of candidate generation. The blocking
// entries (about 20 per record) and the raw candidate pairs (tens per
// record) are kept in partitions; when the partitions in memory exceed
// Budget bytes they are appended to temporary files in Dir and read back
// one partition at a time, so the peak stays near Budget plus one
// partition however many records there are.
type SpillOptions struct {
	// Dir is where temporary spill files go ("" = os.TempDir()). The files
	// are removed when the run ends, also on error or cancellation.
	Dir string
	// Budget is the number of bytes each spool (blocking entries,
	// candidate pairs) may hold in memory before spilling. 0 means 512 MiB.
	Budget int64
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
	budget int64               // bytes in memory before spilling
	dir    string              // parent of the temp folder
	mu     sync.Mutex          // guards the fields below
	mem    [][]T               // per partition, not yet spilled
	inMem  int64               // bytes in mem
	tmp    string              // temp folder ("" until the first spill)
	files  []*os.File          // per partition (nil until spilled to)
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
	return &spool[T]{size: size, enc: enc, dec: dec, budget: b, dir: opt.Dir,
		mem: make([][]T, parts), files: make([]*os.File, parts), counts: make([]int64, parts)}
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
	if s.inMem > s.budget {
		s.err = s.spill()
	}
	return s.err
}

// spill appends every in-memory partition to its file. Called with mu held.
func (s *spool[T]) spill() error {
	if s.tmp == "" {
		d, err := os.MkdirTemp(s.dir, "doppel-spill-")
		if err != nil {
			return fmt.Errorf("spill to disk: %w", err)
		}
		s.tmp = d
	}
	buf := make([]byte, 0, 1<<20)
	for p, items := range s.mem {
		if len(items) == 0 {
			continue
		}
		f := s.files[p]
		if f == nil {
			var err error
			f, err = os.CreateTemp(s.tmp, "part-")
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
	defer func() {
		f.Close()
		os.Remove(f.Name())
	}()
	out := make([]T, 0, int(n)+len(mem))
	if _, err := f.Seek(0, io.SeekStart); err != nil {
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

// close removes every spill file.
func (s *spool[T]) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for p, f := range s.files {
		if f != nil {
			f.Close()
			s.files[p] = nil
		}
	}
	if s.tmp != "" {
		os.RemoveAll(s.tmp)
	}
	s.mem = nil
}
