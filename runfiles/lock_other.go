//go:build !unix

package runfiles

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// dirLock is the lock file DIR/.doppel.lock, created exclusively (a run
// killed outright leaves it behind; remove it by hand).
type dirLock struct{ path string }

const lockName = ".doppel.lock"

func lockDir(dir string) (*dirLock, error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, &busyError{dir}
	}
	if err != nil {
		return nil, fmt.Errorf("lock output folder: %w", err)
	}
	f.Close()
	return &dirLock{path: path}, nil
}

func (l *dirLock) release() { _ = os.Remove(l.path) }
