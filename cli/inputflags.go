package cli

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/doppel-dev/doppel/rules"
)

// inputFlags are the flags every command that reads exports and matches
// them shares (dedupe, audit).
type inputFlags struct {
	rules, region, dateOrder, encoding, delim *string
	threshold                                 *float64
	memLimit                                  *memoryLimit
	strict                                    *bool
	sources                                   *sourceFlags
}

// sourceFlags is the repeatable --source NAME=FILE flag.
type sourceFlags struct {
	names, files []string
}

func (s *sourceFlags) String() string {
	if s == nil {
		return ""
	}
	parts := make([]string, len(s.names))
	for i := range s.names {
		parts[i] = s.names[i] + "=" + s.files[i]
	}
	return strings.Join(parts, " ")
}

// Set adds one NAME=FILE.
func (s *sourceFlags) Set(v string) error {
	name, file, ok := strings.Cut(v, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" || file == "" {
		return fmt.Errorf("want NAME=FILE, got %q", v)
	}
	s.names = append(s.names, name)
	s.files = append(s.files, file)
	return nil
}

// addInputFlags registers the shared flags on fs; rulesHelp describes what
// the rules file holds for this command.
func addInputFlags(fs *flag.FlagSet, rulesHelp string) *inputFlags {
	sources := &sourceFlags{}
	fs.Var(sources, "source", "NAME=FILE: read FILE as the source NAME (its [source NAME] section, if any, applies to it); repeatable; FILE is an input even when not listed")
	return &inputFlags{
		rules:     fs.String("rules", "", rulesHelp),
		threshold: fs.Float64("threshold", 0, "match probability threshold, above 0 and at most 1 (default 0.5, or the rules file's)"),
		region:    fs.String("region", "", "default phone region, ISO 3166 code such as US, GB, DE, AU (default US, or the rules file's)"),
		dateOrder: fs.String("date-order", "", "order of ambiguous numeric dates for every source: DMY, MDY or YMD (default: each date column's own values decide, else DMY; a source's date_order and date_order.<field> in the rules file win)"),
		encoding:  fs.String("encoding", "", "input encoding when a file has no BOM: utf-8, windows-1252, latin1, utf-16le... (default: auto)"),
		delim:     fs.String("delimiter", "", "input delimiter: , ; tab | (default: sniffed per file)"),
		memLimit:  newMemoryLimit(fs),
		strict:    fs.Bool("strict", false, "treat warnings about the inputs as errors (exit 2): a source with no id column, a source with no column that feeds a compared field, most rows of a file rejected, a file that looks binary, a date order set by flag or rules file that cannot read over 5% of a column's dates, a [source] section that applies to no input"),
		sources:   sources,
	}
}

// files returns the input files: those given as arguments, then the
// --source files not among them (compared as absolute paths).
func (f *inputFlags) files(args []string) []string {
	files := slices.Clone(args)
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return filepath.Clean(p)
	}
	for _, p := range f.sources.files {
		if !slices.ContainsFunc(files, func(q string) bool { return abs(q) == abs(p) }) {
			files = append(files, p)
		}
	}
	return files
}

// inputSettings are the shared flags, validated.
type inputSettings struct {
	Rules     *rules.Config // nil without --rules
	Threshold float64
	Region    string
	DateOrder string
	Encoding  string
	Delimiter rune
}

// resolve validates the flags and loads the rules file.
func (f *inputFlags) resolve() (inputSettings, error) {
	s := inputSettings{Threshold: *f.threshold, Region: strings.ToUpper(*f.region), DateOrder: strings.ToUpper(*f.dateOrder), Encoding: *f.encoding}
	switch *f.delim {
	case "":
	case "tab", "\\t", "\t":
		s.Delimiter = '\t'
	default:
		if len([]rune(*f.delim)) != 1 {
			return s, usageErr("--delimiter must be one character or \"tab\", got %q", *f.delim)
		}
		s.Delimiter = []rune(*f.delim)[0]
	}
	f.memLimit.apply()
	if *f.rules != "" {
		cfg, err := rules.Load(*f.rules)
		if err != nil {
			return s, &exitError{ExitUsage, err}
		}
		s.Rules = cfg
	}
	for i, name := range f.sources.names {
		cfg, err := s.Rules.WithInput(name, f.sources.files[i])
		if err != nil {
			return s, &exitError{ExitUsage, err}
		}
		s.Rules = cfg
	}
	if *f.strict {
		if s.Rules == nil {
			s.Rules = rules.Default()
		}
		s.Rules.Strict = true
	}
	return s, nil
}

// DefaultMemoryLimit is the default --memory-limit: the Go heap's soft
// limit. Without one the collector lets the heap grow to twice the live
// data, which at ten million records is 10 GB for 5 GB of live data; with
// it the collector works harder as the heap nears the limit instead.
const DefaultMemoryLimit = 6 << 30

// memoryLimit is the --memory-limit flag: a size such as 6GiB, 4000MiB,
// 2GB, a number of bytes, or "off".
type memoryLimit struct {
	bytes int64 // 0 = off
	set   bool  // given on the command line
}

func newMemoryLimit(fs *flag.FlagSet) *memoryLimit {
	m := &memoryLimit{bytes: DefaultMemoryLimit}
	fs.Var(m, "memory-limit", "soft limit of the Go heap: 6GiB, 4000MiB, 2GB, bytes or off; $GOMEMLIMIT wins when set and this flag is not given. The heap grows past it only when the live data needs more")
	return m
}

func (m *memoryLimit) String() string {
	switch {
	case m == nil || m.bytes == 0:
		return "off"
	case m.bytes%(1<<30) == 0:
		return strconv.FormatInt(m.bytes>>30, 10) + "GiB"
	}
	return strconv.FormatInt(m.bytes>>20, 10) + "MiB"
}

// Set parses a size.
func (m *memoryLimit) Set(v string) error {
	b, err := parseSize(v)
	if err != nil {
		return err
	}
	m.bytes, m.set = b, true
	return nil
}

// apply sets the runtime's soft memory limit, unless GOMEMLIMIT is set in
// the environment and the flag was not given.
func (m *memoryLimit) apply() {
	if !m.set && os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	if m.bytes == 0 {
		debug.SetMemoryLimit(math.MaxInt64)
		return
	}
	debug.SetMemoryLimit(m.bytes)
}

// parseSize parses "off", a byte count, or a number with a unit (KiB, MiB,
// GiB, TiB, KB, MB, GB, TB; case-insensitive).
func parseSize(v string) (int64, error) {
	s := strings.ToLower(strings.TrimSpace(v))
	if s == "off" || s == "0" {
		return 0, nil
	}
	units := []struct {
		suffix string
		mult   float64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40}, {"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12}, {"b", 1}}
	mult := 1.0
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x <= 0 || math.IsInf(x, 0) || x*mult < 64<<20 || x*mult > math.MaxInt64/2 {
		return 0, fmt.Errorf("want a size of at least 64MiB such as 6GiB, 4000MiB or 2GB, or off; got %q", v)
	}
	return int64(x * mult), nil
}
