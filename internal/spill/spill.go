// Package spill keeps match's spilled partitions in temporary files: a
// match.SpillStore on the local file system.
package spill

import (
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/doppel-dev/doppel/match"
)

// Dir is a match.SpillStore whose files live in one temporary folder
// created under Parent on the first spill ("" = os.TempDir()). Close
// removes the folder and everything in it. A Dir is safe for concurrent
// use; the zero value is ready to use.
type Dir struct {
	Parent string

	mu  sync.Mutex
	tmp string // the temporary folder ("" until the first Create)
}

// Create returns a new empty file in the store's folder.
func (d *Dir) Create() (match.SpillFile, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.tmp == "" {
		t, err := os.MkdirTemp(d.Parent, "doppel-spill-")
		if err != nil {
			return nil, fmt.Errorf("spill to disk: %w", err)
		}
		d.tmp = t
	}
	f, err := os.CreateTemp(d.tmp, "part-")
	if err != nil {
		return nil, fmt.Errorf("spill to disk: %w", err)
	}
	return &file{f}, nil
}

// Close removes every file the store created.
func (d *Dir) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.tmp == "" {
		return nil
	}
	err := os.RemoveAll(d.tmp)
	d.tmp = ""
	return err
}

// file is one spill file; Close removes it.
type file struct{ *os.File }

func (f *file) Rewind() error {
	_, err := f.Seek(0, io.SeekStart)
	return err
}

func (f *file) Close() error {
	err := f.File.Close()
	if rerr := os.Remove(f.Name()); err == nil {
		err = rerr
	}
	return err
}
