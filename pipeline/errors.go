package pipeline

// InputError is a problem with the input files (missing file, no header, a
// mapped column absent): the command exits with code 2.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// UsageError is a problem with the options or the rules: exit code 1.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *UsageError) Unwrap() error { return e.Err }

// OutputError is a failure to write the outputs (a full disk, a folder that
// cannot be written, a failed rename): the command exits with code 5, and
// the previous outputs are left as they were.
type OutputError struct{ Err error }

func (e *OutputError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *OutputError) Unwrap() error { return e.Err }
