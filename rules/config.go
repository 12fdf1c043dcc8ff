package rules

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/doppel-dev/doppel"
)

// Config is a parsed and validated rules file. A Config is not modified by
// its methods; it is safe for concurrent use as long as nobody writes to it.
type Config struct {
	File    string       // path it was loaded from ("" for defaults)
	Sources []Source     // [source NAME] sections, in file order
	Match   Match        // the [match] section
	Survive Survivorship // the [survivorship] section
	Gates   []Gate       // the [audit] section: quality gates, in file order
	// Strict turns warnings about the inputs (a source with no id column
	// or with no column that feeds a compared field, most rows of a source
	// rejected, a file that looks binary, a forced date order that cannot
	// read over 5% of a column's dates, a [source] section that applies to
	// no input) into input errors: "strict = true" in [match], or the
	// --strict flag.
	Strict bool
}

// Default returns the configuration used when there is no rules file: no
// source sections, default match settings and most_complete survivorship.
func Default() *Config {
	return &Config{Survive: Survivorship{Default: MostComplete}}
}

// Source is one [source NAME] section: how to read and map one input file.
// Its zero values mean "not set"; the reader then sniffs or uses defaults.
// A Source may also be built in code; Apply validates it. Its methods do not
// modify it and are safe for concurrent use.
type Source struct {
	Name      string            // section name; the source name used in outputs
	File      string            // base name or glob on it; or, with a '/', a path or glob relative to the rules file's folder; "" = a file whose stem equals Name
	Encoding  string            // lower-case encoding name (see the package doc); "" = not set
	IDColumn  string            // header of the record-id column; "" = auto
	Region    string            // default phone region, upper-case ISO 3166 code; "" = not set
	DateOrder string            // "DMY", "MDY" or "YMD"; "" = not set
	Delimiter rune              // field delimiter; 0 = sniff
	Priority  int               // source priority for survivorship, 1 = most trusted; 0 = unset
	Columns   map[string]string // header -> field name, field part ("birth_date.year", "given_name.2") or "ignore" (validated)
	NoAuto    bool              // auto = false: only Columns (and IDColumn) map anything
	Line      int               // line of the section header, for messages

	// FieldDateOrders holds the date_order.<field> lines: the order of one
	// date field (birth_date, created, updated), over DateOrder; nil = none.
	FieldDateOrders map[doppel.Field]string

	origin   string         // rules file name, for messages and the folder of a path in File
	bound    string         // absolute path of the one input this source reads (Config.WithInput); File is then not used
	keyLines map[string]int // "id" and "column.<header>" -> their line, for messages
}

// DateOrderOf returns the date order the source sets for date field f,
// and the key that sets it: its date_order.<f> line, else its date_order
// line, else "" (the run's order, or the values, decide).
func (s Source) DateOrderOf(f doppel.Field) (order, key string) {
	if o := s.FieldDateOrders[f]; o != "" {
		return o, "date_order." + f.String()
	}
	if s.DateOrder != "" {
		return s.DateOrder, "date_order"
	}
	return "", ""
}

// Match is the [match] section. Zero values mean "use the default".
type Match struct {
	Threshold  float64        // match probability at or above which records merge, in (0, 1]; 0 = default
	LinkOnly   bool           // only link records of different sources
	MaxCluster int            // chaining guard: largest cluster size; 0 = default
	Region     string         // default phone region for all sources; "" = not set
	DateOrder  string         // default date order for all sources; "" = not set
	Fields     []doppel.Field // fields used as match evidence; nil = all
	// Distinct lists hard rules: records whose non-empty values of these
	// fields differ never share a cluster (national_id, customer_ref,
	// email, birth_date, phone, gender).
	Distinct []doppel.Field
	// ReviewLow and ReviewHigh bound the review band of match
	// probabilities written to review.csv; 0 = default.
	ReviewLow, ReviewHigh float64
}

// Strategy is a survivorship strategy: how a golden record's field value is
// chosen among the values of the records in a cluster.
type Strategy string

// The survivorship strategies.
const (
	MostComplete   Strategy = "most_complete"   // the value with the most information (non-empty, longest normalised form)
	MostFrequent   Strategy = "most_frequent"   // the most common value
	MostRecent     Strategy = "most_recent"     // the value of the most recently updated record
	SourcePriority Strategy = "source_priority" // the value from the most trusted source
	Longest        Strategy = "longest"         // the longest value
	FirstSeen      Strategy = "first_seen"      // the value of the first record read
)

// ParseStrategy returns the strategy with the given name.
func ParseStrategy(name string) (Strategy, bool) {
	switch s := Strategy(name); s {
	case MostComplete, MostFrequent, MostRecent, SourcePriority, Longest, FirstSeen:
		return s, true
	}
	return "", false
}

// strategyNames lists the strategy names, for messages.
func strategyNames() []string {
	return []string{string(MostComplete), string(MostFrequent), string(MostRecent),
		string(SourcePriority), string(Longest), string(FirstSeen)}
}

// Survivorship is the [survivorship] section.
type Survivorship struct {
	Default  Strategy                  // strategy for fields without their own; "" = most_complete
	PerField map[doppel.Field]Strategy // per-field overrides
}

// For returns the strategy for field f: its own, else the default, else
// MostComplete.
func (s Survivorship) For(f doppel.Field) Strategy {
	if st, ok := s.PerField[f]; ok && st != "" {
		return st
	}
	if s.Default != "" {
		return s.Default
	}
	return MostComplete
}

// Error is one problem in a rules file, with the line it is on. Its message
// reads "file:line: message".
type Error struct {
	File string // rules file name
	Line int    // 1-based line; 0 if the problem is not on one line
	Err  error  // what is wrong
}

// Error returns "file:line: message" ("file: message" without a line).
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// ErrColumnNotFound is wrapped by Apply when a configured column is missing
// from an input's header.
var ErrColumnNotFound = errors.New("not in the header")

// SourceFor returns the section that applies to an input path: the section
// bound to that very file by WithInput, else the first section whose File
// matches it (exactly, else ignoring case), else the first section without
// a File whose name equals the base name without its extension (exactly,
// else ignoring case). A File without '/' is a base name or a glob matched
// against the path's base name; a File with '/' is a path or glob relative
// to the rules file's folder (unless absolute), matched against the whole
// path as given, made absolute; '*' and '?' do not match '/'. The returned
// Source has its own copy of Columns.
func (c *Config) SourceFor(p string) (Source, bool) {
	i := c.sourceIndex(p)
	if i < 0 {
		return Source{}, false
	}
	s := c.Sources[i]
	s.Columns = maps.Clone(s.Columns)
	return s, true
}

// sourceIndex returns the index in c.Sources of the section for path p
// (see SourceFor), or -1.
func (c *Config) sourceIndex(p string) int {
	if c == nil || p == "" {
		return -1
	}
	abs := absPath(p)
	base := filepath.Base(p)
	stem := doppel.SourceName(p)
	for _, m := range []func(Source) bool{
		func(s Source) bool { return s.bound != "" && s.bound == abs },
		func(s Source) bool { return s.bound == "" && s.File != "" && s.fileMatch(abs, base, false) },
		func(s Source) bool { return s.bound == "" && s.File != "" && s.fileMatch(abs, base, true) },
		func(s Source) bool { return s.bound == "" && s.File == "" && s.Name == stem },
		func(s Source) bool { return s.bound == "" && s.File == "" && strings.EqualFold(s.Name, stem) },
	} {
		for i, s := range c.Sources {
			if m(s) {
				return i
			}
		}
	}
	return -1
}

// fileMatch reports whether the section's File matches an input, given as
// its absolute path and its base name; fold ignores case.
func (s Source) fileMatch(abs, base string, fold bool) bool {
	pattern, name := s.File, base
	if doppel.IsDatabaseURL(s.File) { // compared as given: ? and * are SQL, not globs
		return s.File == abs || fold && strings.EqualFold(s.File, abs)
	}
	if strings.Contains(s.File, "/") {
		pattern, name = s.filePattern(), abs
	}
	if fold {
		pattern, name = strings.ToLower(pattern), strings.ToLower(name)
	}
	ok, _ := filepath.Match(pattern, name)
	return ok
}

// filePattern returns a File holding '/' as an absolute, clean pattern:
// relative to the rules file's folder unless absolute itself.
func (s Source) filePattern() string {
	if doppel.IsDatabaseURL(s.File) {
		return s.File
	}
	f := filepath.FromSlash(s.File)
	if !filepath.IsAbs(f) {
		f = filepath.Join(filepath.Dir(s.origin), f)
	}
	return absPath(f)
}

// absPath returns p made absolute and clean (p itself, cleaned, if the
// working directory is unknown).
func absPath(p string) string {
	if doppel.IsDatabaseURL(p) {
		return p
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// WithInput returns a copy of c in which the source called name reads
// exactly the input at path (the --source NAME=FILE flag): the section of
// that name keeps its settings but its File no longer applies, or, without
// such a section, a new one with default settings reads the file. c is
// not modified. It fails when name is empty or holds a control character,
// or is already bound to a file, or the file to another name.
func (c *Config) WithInput(name, path string) (*Config, error) {
	if strings.TrimSpace(name) == "" || path == "" {
		return nil, fmt.Errorf("--source wants NAME=FILE, got %q=%q", name, path)
	}
	if strings.ContainsFunc(name, unicode.IsControl) {
		return nil, fmt.Errorf("--source: source name %q contains a control character", name)
	}
	out := Default()
	if c != nil {
		cp := *c
		out = &cp
	}
	out.Sources = slices.Clone(out.Sources)
	abs := absPath(path)
	for _, s := range out.Sources {
		if s.bound == abs && s.Name != name {
			return nil, fmt.Errorf("--source %s=%s: the file is already the source %s", name, path, s.Name)
		}
	}
	for i := range out.Sources {
		s := &out.Sources[i]
		if s.Name != name {
			continue
		}
		if s.bound != "" {
			return nil, fmt.Errorf("--source %s is given twice", name)
		}
		s.bound = abs
		return out, nil
	}
	out.Sources = append(out.Sources, Source{Name: name, bound: abs, origin: "--source"})
	return out, nil
}

// UnusedSources returns one *Error for every [source] section of the rules
// file that applies to none of the input paths (its file setting matches
// none of them, or earlier sections take all it matches), naming the rules
// file and the section's line.
func (c *Config) UnusedSources(paths []string) []error {
	if c == nil {
		return nil
	}
	used := make([]bool, len(c.Sources))
	for _, p := range paths {
		if i := c.sourceIndex(p); i >= 0 {
			used[i] = true
		}
	}
	var errs []error
	for i, s := range c.Sources {
		if used[i] || s.bound != "" || s.Line == 0 {
			continue
		}
		what := fmt.Sprintf("no input file is called %s.* (any extension)", s.Name)
		if s.File != "" {
			what = fmt.Sprintf("file = %s matches no input", s.File)
			if strings.Contains(s.File, "/") && !doppel.IsDatabaseURL(s.File) {
				what += fmt.Sprintf(" (it names %s)", s.filePattern())
			}
			if sourceMatchesAny(s, paths) {
				what = fmt.Sprintf("file = %s only matches inputs that earlier sections take", s.File)
			}
		}
		errs = append(errs, s.errorf("applies to no input: %s", what))
	}
	return errs
}

// sourceMatchesAny reports whether s's File matches one of paths.
func sourceMatchesAny(s Source, paths []string) bool {
	for _, p := range paths {
		if s.fileMatch(absPath(p), filepath.Base(p), true) {
			return true
		}
	}
	return false
}

// Apply maps an input's header for this source: the automatic mapping
// (unless NoAuto), overridden by the Columns entries and the IDColumn.
// Columns mapped to the parts of one field ("birth_date.year",
// "given_name.1") make it a composite field (Mapping.Parts); the parts are
// checked as Parse checks them (a date needs its year and a day its month;
// components are numbered from 1 without a gap, at least two). A
// configured header name matches a column exactly, else by the folded form
// AutoMap compares (case, accents and punctuation ignored) if that is
// unambiguous; with duplicate header names the first column wins. Columns
// mapped by Columns or used as the id are never auto-mapped.
//
// The error names the rules file and section line and lists the available
// headers when a configured column (or the id column) is not in the header;
// it wraps ErrColumnNotFound then. Apply is safe for concurrent use.
func (s Source) Apply(header []string) (Mapping, error) {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, s.errorf(format, args...))
	}
	// failAt names the line of the key at fault (else the section's line).
	failAt := func(key, format string, args ...any) {
		e := s.errorf(format, args...)
		if ln, ok := s.keyLines[key]; ok {
			e.(*Error).Line = ln
		}
		errs = append(errs, e)
	}
	reserved := make([]bool, len(header))
	m := emptyMapping()
	claimed := newClaims()
	partCols := make(map[doppel.Field]map[int]int) // field -> part -> column index
	// Sorted names keep the error order and the choice between conflicts stable.
	names := slices.Sorted(maps.Keys(s.Columns))
	for _, name := range names {
		target := s.Columns[name]
		i, ok := findColumn(header, name)
		if !ok {
			failAt("column."+name, "column.%s: %q %w%s (available: %s)", name, name, ErrColumnNotFound, ambiguity(header, name), quoteList(header))
			continue
		}
		if reserved[i] {
			fail("column.%s: column %d %q is configured twice", name, i+1, header[i])
			continue
		}
		reserved[i] = true
		if target == ignoreTarget {
			continue
		}
		fp, err := parseTarget(target)
		switch {
		case errors.Is(err, errUnknownField):
			fail("column.%s: unknown field %q", name, target)
			continue
		case err != nil:
			failAt("column."+name, "column.%s: %v", name, err)
			continue
		}
		f := fp.field
		if msg := claimed.claim(partLine{header: name}, fp); msg != "" {
			failAt("column."+name, "%s", msg)
			continue
		}
		if fp.part == 0 {
			m.Columns[f] = i
			continue
		}
		if partCols[f] == nil {
			partCols[f] = make(map[int]int)
		}
		partCols[f][fp.part] = i
	}
	for f := range doppel.NumFields {
		if len(claimed.parts[f]) == 0 {
			continue
		}
		headers, msgs := partProblems(f, claimed.parts[f])
		for k, msg := range msgs {
			failAt("column."+headers[k], "column.%s: %s", headers[k], msg)
		}
		if len(msgs) == 0 {
			m.Parts[f] = composite(f, partCols[f])
			m.Columns[f] = m.Parts[f][0]
		}
	}
	if s.IDColumn != "" {
		i, ok := findColumn(header, s.IDColumn)
		switch {
		case !ok:
			failAt("id", "id = %s: %q %w%s (available: %s)", s.IDColumn, s.IDColumn, ErrColumnNotFound, ambiguity(header, s.IDColumn), quoteList(header))
		case reserved[i]:
			fail("id column %q is also configured as column.%s; the id column never feeds a field", s.IDColumn, header[i])
		default:
			m.ID = i
			reserved[i] = true
		}
	}
	if len(errs) > 0 {
		return Mapping{}, errors.Join(errs...)
	}
	if s.NoAuto {
		m.Unmapped = unmappedColumns(len(header), m)
		return m, nil
	}
	return autoMap(header, reserved, s.IDColumn == "", m), nil
}

// errorf returns an *Error naming the section's rules file and line.
func (s Source) errorf(format string, args ...any) error {
	file := s.origin
	if file == "" {
		file = "rules"
	}
	return &Error{File: file, Line: s.Line, Err: fmt.Errorf("[source %s]: "+format, append([]any{s.Name}, args...)...)}
}

// findColumn finds a configured header name: exactly (after trimming
// spaces), else by folded key if exactly one column has that key.
func findColumn(header []string, name string) (int, bool) {
	name = strings.TrimSpace(name)
	for i, h := range header {
		if strings.TrimSpace(h) == name {
			return i, true
		}
	}
	key := headerKey(name)
	if key == "" {
		return -1, false
	}
	found := -1
	for i, h := range header {
		if headerKey(h) == key {
			if found >= 0 {
				return -1, false
			}
			found = i
		}
	}
	return found, found >= 0
}

// ambiguity explains a name that folds to several header columns.
func ambiguity(header []string, name string) string {
	key := headerKey(name)
	if key == "" {
		return ""
	}
	var cols []string
	for _, h := range header {
		if headerKey(h) == key {
			cols = append(cols, h)
		}
	}
	if len(cols) < 2 {
		return ""
	}
	return " exactly, and ignoring case and punctuation it matches " + quoteList(cols)
}

// quoteList renders header names for an error message, at most 40 of them.
func quoteList(names []string) string {
	if len(names) == 0 {
		return "none: empty header"
	}
	const most = 40
	q := make([]string, 0, min(len(names), most)+1)
	for i, n := range names {
		if i == most {
			q = append(q, fmt.Sprintf("... %d more", len(names)-most))
			break
		}
		q = append(q, strconv.Quote(n))
	}
	return strings.Join(q, ", ")
}
