package rules

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

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
	File      string            // base name or glob on the base name; "" = a file whose stem equals Name
	Encoding  string            // lower-case encoding name (see the package doc); "" = not set
	IDColumn  string            // header of the record-id column; "" = auto
	Region    string            // default phone region, upper-case ISO 3166 code; "" = not set
	DateOrder string            // "DMY", "MDY" or "YMD"; "" = not set
	Delimiter rune              // field delimiter; 0 = sniff
	Priority  int               // source priority for survivorship, 1 = most trusted; 0 = unset
	Columns   map[string]string // header -> field name or "ignore" (field names are validated)
	NoAuto    bool              // auto = false: only Columns (and IDColumn) map anything
	Line      int               // line of the section header, for messages

	origin   string         // rules file name, for messages
	keyLines map[string]int // "id" and "column.<header>" -> their line, for messages
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

// SourceFor returns the section that applies to an input path: the first
// section whose file glob matches the path's base name (exactly, else
// ignoring case), else the first section without a file setting whose name
// equals the base name without its extension (exactly, else ignoring case).
// The returned Source has its own copy of Columns.
func (c *Config) SourceFor(p string) (Source, bool) {
	if c == nil {
		return Source{}, false
	}
	base := filepath.Base(p)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	try := func(match func(Source) bool) (Source, bool) {
		for _, s := range c.Sources {
			if match(s) {
				s.Columns = maps.Clone(s.Columns)
				return s, true
			}
		}
		return Source{}, false
	}
	for _, m := range []func(Source) bool{
		func(s Source) bool { ok, _ := path.Match(s.File, base); return s.File != "" && ok },
		func(s Source) bool {
			ok, _ := path.Match(strings.ToLower(s.File), strings.ToLower(base))
			return s.File != "" && ok
		},
		func(s Source) bool { return s.File == "" && s.Name == stem },
		func(s Source) bool { return s.File == "" && strings.EqualFold(s.Name, stem) },
	} {
		if s, ok := try(m); ok {
			return s, true
		}
	}
	return Source{}, false
}

// Apply maps an input's header for this source: the automatic mapping
// (unless NoAuto), overridden by the Columns entries and the IDColumn. A
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
	from := make(map[doppel.Field]string)
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
		f, ok := doppel.ParseField(target)
		if !ok {
			fail("column.%s: unknown field %q", name, target)
			continue
		}
		if prev, dup := from[f]; dup {
			fail("column.%s: field %s is already mapped from column.%s", name, f, prev)
			continue
		}
		from[f] = name
		m.Columns[f] = i
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
