//go:build unix

package runfiles

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// dirLock is an exclusive flock on DIR/.doppel.lock.
type dirLock struct {
	f    *os.File
	path string
}

// lockName is the lock file in the output folder.
const lockName = ".doppel.lock"

// lockDir takes the lock without waiting. The holder removes the file
// before it unlocks; a file that was replaced after we opened it is
// retried, so two runs never hold locks on two different files.
func lockDir(dir string) (*dirLock, error) {
	path := filepath.Join(dir, lockName)
	for range 10 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("lock output folder: %w", err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &busyError{dir}
			}
			return nil, fmt.Errorf("lock output folder %s: %w", dir, err)
		}
		fi, err1 := f.Stat()
		pi, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(fi, pi) {
			return &dirLock{f: f, path: path}, nil
		}
		f.Close()
	}
	return nil, &busyError{dir}
}

// release removes the lock file, then unlocks.
func (l *dirLock) release() {
	_ = os.Remove(l.path)
	l.f.Close()
}
