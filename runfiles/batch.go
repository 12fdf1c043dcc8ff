package runfiles

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// ErrBusy is wrapped by the error of Begin when another run holds the
// output folder.
var ErrBusy = errors.New("another doppel run is writing the folder")

// busyError names the folder another run is writing.
type busyError struct{ dir string }

func (e *busyError) Error() string { return "another doppel run is writing " + e.dir }
func (e *busyError) Unwrap() error { return ErrBusy }

// Batch is the set of output files of one run, written to temporary files
// in the output folder and renamed into place together by Commit, so that
// a failed or interrupted run leaves the previous outputs as they were.
// While a Batch is open it holds a lock on the folder (the file .doppel.lock,
// removed again by Commit or Abort), so that two runs never write one
// folder at once. Create may be called concurrently; Commit and Abort not.
type Batch struct {
	dir     string
	fs      FS
	created bool // Begin created dir
	lock    *dirLock
	mu      sync.Mutex // guards outs and done
	outs    map[File]*Out
	done    bool
}

// Begin creates the output folder if needed, locks it and removes what a
// killed earlier run left there: temporary files are deleted, and a
// previous output that such a run had moved aside but not replaced is put
// back. fsys nil means OS(). A folder that Begin created is removed again
// by Abort (when it is still empty).
func Begin(dir string, fsys FS) (*Batch, error) {
	if fsys == nil {
		fsys = OS()
	}
	_, err := os.Stat(dir)
	created := errors.Is(err, os.ErrNotExist)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	l, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	recoverStale(dir)
	return &Batch{dir: dir, fs: fsys, created: created, lock: l, outs: map[File]*Out{}}, nil
}

// tempPattern and backupName are the names of a file's temporary copy and
// of the previous version moved aside during Commit.
func tempPattern(f File) string { return "." + f.Name() + ".tmp-*" }
func backupName(f File) string  { return "." + f.Name() + ".old" }

// recoverStale deletes temporary files of doppel's outputs and restores
// backups whose file is missing (a run killed while committing).
func recoverStale(dir string) {
	for _, f := range Outputs() {
		old, _ := filepath.Glob(filepath.Join(dir, tempPattern(f)))
		for _, p := range old {
			_ = os.Remove(p)
		}
		bak := filepath.Join(dir, backupName(f))
		if _, err := os.Lstat(bak); err != nil {
			continue
		}
		if _, err := os.Lstat(filepath.Join(dir, f.Name())); errors.Is(err, os.ErrNotExist) {
			_ = os.Rename(bak, filepath.Join(dir, f.Name()))
		} else {
			_ = os.Remove(bak)
		}
	}
}

// Dir returns the output folder.
func (b *Batch) Dir() string { return b.dir }

// Path returns the final path of f in the output folder.
func (b *Batch) Path(f File) string { return filepath.Join(b.dir, f.Name()) }

// Out is one output file being written to its temporary file (buffered).
// It is not safe for concurrent use.
type Out struct {
	f      File
	path   string // final path
	tmp    TempFile
	w      *bufio.Writer
	closed bool
	err    error // first error; sticky
}

// Create starts writing file f of the batch.
func (b *Batch) Create(f File) (*Out, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	path := b.Path(f)
	if b.done {
		return nil, fmt.Errorf("create %s: %w", path, os.ErrClosed)
	}
	if _, dup := b.outs[f]; dup {
		return nil, fmt.Errorf("create %s: written twice", path)
	}
	t, err := b.fs.CreateTemp(b.dir, tempPattern(f))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	o := &Out{f: f, path: path, tmp: t, w: bufio.NewWriterSize(t, 64<<10)}
	b.outs[f] = o
	return o, nil
}

// Write writes p to the temporary file.
func (o *Out) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	if o.closed {
		return 0, fmt.Errorf("write %s: %w", o.path, os.ErrClosed)
	}
	n, err := o.w.Write(p)
	if err != nil {
		o.err = fmt.Errorf("write %s: %w", o.path, bare(err))
		return n, o.err
	}
	return n, nil
}

// Close completes the temporary file: it flushes, fsyncs and closes it
// (mode 0644), so that it can be read back (TempPath) before the batch is
// committed. Close is idempotent and returns the file's first error.
func (o *Out) Close() error {
	if o.closed {
		return o.err
	}
	o.closed = true
	err := o.w.Flush()
	if err == nil {
		err = o.tmp.Chmod(0o644)
	}
	if err == nil {
		err = o.tmp.Sync()
	}
	if cerr := o.tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil && o.err == nil {
		o.err = fmt.Errorf("write %s: %w", o.path, bare(err))
	}
	return o.err
}

// bare drops the temporary file's name from a file error: messages name
// the output file instead.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Complete closes (Out.Close) every file created so far and returns the
// paths of their temporary files, so that they can be read back before the
// batch is committed (report.html is built from them).
func (b *Batch) Complete() (map[File]string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	paths := make(map[File]string, len(b.outs))
	for f, o := range b.outs {
		if err := o.Close(); err != nil {
			return nil, err
		}
		paths[f] = o.TempPath()
	}
	return paths, nil
}

// TempPath returns the path of the temporary file.
func (o *Out) TempPath() string { return o.tmp.Name() }

// Abort discards the batch: temporary files are removed, the previous
// outputs stay as they were, and the lock is released. It does nothing
// after Commit or a previous Abort.
func (b *Batch) Abort() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return
	}
	b.discard()
	if b.created {
		_ = os.Remove(b.dir) // only if empty
	}
}

// discard removes the temporary files and releases the lock.
func (b *Batch) discard() {
	b.done = true
	for _, o := range b.outs {
		if !o.closed {
			o.closed = true
			o.tmp.Close()
		}
		_ = b.fs.Remove(o.tmp.Name())
	}
	b.lock.release()
}

// Commit renames every file of the batch into place, in the order of
// Outputs (summary.json last). Outputs of an earlier run that this batch
// does not write (a report.html of a run that wrote one) are removed, so
// that the folder holds exactly this run's files. It is all or nothing:
// the previous files are first moved aside, and if a rename fails or ctx
// is cancelled before the last rename, every file is put back as it was.
// Commit refuses to start once ctx is cancelled. In every case the
// temporary files are gone and the lock is released afterwards.
func (b *Batch) Commit(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return fmt.Errorf("commit %s: %w", b.dir, os.ErrClosed)
	}
	if err := ctx.Err(); err != nil {
		b.discard()
		return err
	}
	for _, o := range b.outs {
		if err := o.Close(); err != nil {
			b.discard()
			return err
		}
	}
	// The previous version of every file is first kept under a backup
	// name by a hard link, so that the final name never goes missing,
	// even for a run killed outright: each new file then replaces its old
	// one by one atomic rename. A failure puts the previous versions back.
	// (Where hard links are not supported, the old file is moved aside
	// instead, and a kill at that moment can leave the name missing until
	// the next run restores it.)
	type step struct {
		f              File
		out            *Out
		final, bak     string
		old            bool // a previous version exists
		kept, moved    bool // the previous version is at bak: linked, or moved there
		placed, erased bool // the new version is at final; or the old one removed
	}
	var steps []*step
	for _, f := range Outputs() {
		s := &step{f: f, out: b.outs[f], final: b.Path(f), bak: filepath.Join(b.dir, backupName(f))}
		if st, err := os.Lstat(s.final); err == nil && st.Mode().IsRegular() {
			s.old = true
		}
		if s.old || s.out != nil {
			steps = append(steps, s)
		}
	}
	rollback := func(cause error) error {
		var errs []error
		for i := len(steps) - 1; i >= 0; i-- {
			s := steps[i]
			switch {
			case s.kept && (s.placed || s.erased):
				if err := b.fs.Rename(s.bak, s.final); err != nil {
					errs = append(errs, err)
				}
			case s.kept && s.moved:
				if err := b.fs.Rename(s.bak, s.final); err != nil {
					errs = append(errs, err)
				}
			case s.kept:
				if err := b.fs.Remove(s.bak); err != nil {
					errs = append(errs, err)
				}
			case s.placed:
				if err := b.fs.Remove(s.final); err != nil {
					errs = append(errs, err)
				}
			}
		}
		b.discard()
		if len(errs) > 0 {
			return fmt.Errorf("%w; restoring the previous outputs failed too: %w", cause, errors.Join(errs...))
		}
		return cause
	}
	commitErr := func(err error) error {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return err
		}
		return fmt.Errorf("commit outputs in %s: %w", b.dir, err)
	}
	for _, s := range steps {
		if !s.old {
			continue
		}
		if err := ctx.Err(); err != nil {
			return rollback(err)
		}
		err := b.fs.Link(s.final, s.bak)
		if err != nil && !errors.Is(err, ErrInjected) {
			// No hard links here: move the old file aside instead.
			if err = b.fs.Rename(s.final, s.bak); err == nil {
				s.moved = true
			}
		}
		if err != nil {
			return rollback(commitErr(err))
		}
		s.kept = true
	}
	for _, s := range steps {
		if s.out == nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return rollback(err)
		}
		if err := b.fs.Rename(s.out.tmp.Name(), s.final); err != nil {
			return rollback(commitErr(err))
		}
		s.placed = true
	}
	// Old files this run does not write (a report.html of an earlier run)
	// go last.
	for _, s := range steps {
		if s.out != nil || !s.old || s.moved {
			continue
		}
		if err := b.fs.Remove(s.final); err != nil {
			return rollback(commitErr(err))
		}
		s.erased = true
	}
	for _, s := range steps {
		if s.kept {
			_ = b.fs.Remove(s.bak)
		}
	}
	b.outs = map[File]*Out{} // nothing left to remove
	b.discard()
	// Make the renames durable; not every file system can sync a directory.
	if d, err := os.Open(b.dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// CheckInputs fails when one of the inputs is one of the files a run
// writes in dir (the same file, whatever the path says: os.SameFile), so
// that a run never overwrites its own input.
func CheckInputs(dir string, inputs []string) error {
	var outs []os.FileInfo
	var names []string
	for _, f := range Outputs() {
		if st, err := os.Stat(filepath.Join(dir, f.Name())); err == nil {
			outs = append(outs, st)
			names = append(names, filepath.Join(dir, f.Name()))
		}
	}
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil {
			continue // reading reports it
		}
		for i, o := range outs {
			if os.SameFile(st, o) {
				return fmt.Errorf("input %s is the output file %s: choose another --out folder", in, names[i])
			}
		}
	}
	return nil
}
