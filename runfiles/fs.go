package runfiles

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
)

// FS is the file system a Batch writes through: the seam where tests
// inject failures (see FaultFS). Reading and listing go to the os package
// directly.
type FS interface {
	// CreateTemp creates a new temporary file in dir, as os.CreateTemp.
	CreateTemp(dir, pattern string) (TempFile, error)
	// Rename renames a file, as os.Rename.
	Rename(oldpath, newpath string) error
	// Link makes newpath a hard link to oldpath, as os.Link.
	Link(oldpath, newpath string) error
	// Remove removes a file, as os.Remove.
	Remove(name string) error
}

// TempFile is a file being written by a Batch.
type TempFile interface {
	io.Writer
	Name() string
	Chmod(mode os.FileMode) error
	Sync() error
	Close() error
}

// OS returns the operating system's file system.
func OS() FS { return osFS{} }

type osFS struct{}

func (osFS) CreateTemp(dir, pattern string) (TempFile, error) { return os.CreateTemp(dir, pattern) }
func (osFS) Rename(oldpath, newpath string) error             { return os.Rename(oldpath, newpath) }
func (osFS) Remove(name string) error                         { return os.Remove(name) }
func (osFS) Link(oldpath, newpath string) error               { return os.Link(oldpath, newpath) }

// ErrInjected is the error of a failure that FaultFS injects.
var ErrInjected = errors.New("injected failure")

// FaultFS wraps an FS and fails the FailWrite-th call of Write on any of its
// temporary files (counting from 1 over all files together; 0 = never) and
// the FailRename-th call of Rename or Link (counted together), with an
// error wrapping ErrInjected.
// Writes and Renames say how many calls were made, so that a test can run
// once without faults and then walk k over every call. Safe for concurrent
// use; set the fields before use.
type FaultFS struct {
	FS         FS // nil = OS()
	FailWrite  int64
	FailRename int64
	writes     atomic.Int64
	renames    atomic.Int64
}

func (f *FaultFS) base() FS {
	if f.FS == nil {
		return OS()
	}
	return f.FS
}

// Writes returns the number of Write calls so far.
func (f *FaultFS) Writes() int64 { return f.writes.Load() }

// Renames returns the number of Rename calls so far.
func (f *FaultFS) Renames() int64 { return f.renames.Load() }

// CreateTemp creates a temporary file whose writes are counted.
func (f *FaultFS) CreateTemp(dir, pattern string) (TempFile, error) {
	t, err := f.base().CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &faultFile{TempFile: t, fs: f}, nil
}

// Rename renames, unless this is the call that is to fail.
func (f *FaultFS) Rename(oldpath, newpath string) error {
	if n := f.renames.Add(1); n == f.FailRename {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: ErrInjected}
	}
	return f.base().Rename(oldpath, newpath)
}

// Link links, unless this is the call that is to fail (links count with
// the renames).
func (f *FaultFS) Link(oldpath, newpath string) error {
	if n := f.renames.Add(1); n == f.FailRename {
		return &os.LinkError{Op: "link", Old: oldpath, New: newpath, Err: ErrInjected}
	}
	return f.base().Link(oldpath, newpath)
}

// Remove removes.
func (f *FaultFS) Remove(name string) error { return f.base().Remove(name) }

type faultFile struct {
	TempFile
	fs *FaultFS
}

func (t *faultFile) Write(p []byte) (int, error) {
	if n := t.fs.writes.Add(1); n == t.fs.FailWrite {
		return 0, &os.PathError{Op: "write", Path: t.Name(), Err: fmt.Errorf("%w (no space left on device)", ErrInjected)}
	}
	return t.TempFile.Write(p)
}
