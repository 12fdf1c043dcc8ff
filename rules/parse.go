package rules

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/doppel-dev/doppel"
)

const (
	maxErrors    = 10      // errors reported at once
	maxFileSize  = 1 << 20 // a rules file is small; anything bigger is a mistake
	ignoreTarget = "ignore"
)

// Load reads and validates the rules file at path. See Parse.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		// "rules file r.conf: no such file or directory", not "open r.conf: ...".
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("rules file %s: %w", path, err)
	}
	defer f.Close()
	return Parse(path, f)
}

// Parse reads and validates a rules file; name is used in messages and as
// Config.File. Everything is checked up front: unknown sections, keys,
// fields, strategies and encodings, bad values, duplicate keys and sections,
// a field mapped twice in one source, and a column that is both the id and
// mapped. Each problem is an *Error reading "name:line: message"; up to 10 of
// them are returned at once, joined with newlines (errors.Join).
//
// Parse is safe for concurrent use.
func Parse(name string, r io.Reader) (*Config, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, &Error{File: name, Err: fmt.Errorf("read: %w", err)}
	}
	if len(data) > maxFileSize {
		return nil, &Error{File: name, Err: fmt.Errorf("larger than %d bytes: not a rules file", maxFileSize)}
	}
	p := &parser{
		file:     name,
		cfg:      &Config{File: name},
		sections: make(map[string]int),
	}
	p.parse(string(data))
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	if p.cfg.Survive.Default == "" {
		p.cfg.Survive.Default = MostComplete
	}
	return p.cfg, nil
}

// section kinds.
type section int

const (
	secNone section = iota // before the first section header
	secSource
	secMatch
	secSurvive
	secAudit   // [audit]: one quality gate per line (see gates.go)
	secUnknown // an invalid section header; its keys are skipped
)

// parser holds the state of one Parse call.
type parser struct {
	file     string
	cfg      *Config
	errs     []error
	full     bool           // the error limit is reached
	sec      section        // current section
	keys     map[string]int // keys seen in the current section -> line
	sections map[string]int // section identity -> line of its header
	orphan   bool           // a key outside any section was reported

	// current [source] section
	src      *Source
	srcOK    bool           // append src to the config when the section ends
	colLines map[string]int // column.<header> -> line
	claims   *claims        // the column.* lines of the section, by field
	autoLine int            // line of "auto = false"
}

// errorf records a problem on line ln.
func (p *parser) errorf(ln int, format string, args ...any) {
	if p.full {
		return
	}
	if len(p.errs) == maxErrors {
		p.errs = append(p.errs, &Error{File: p.file, Err: fmt.Errorf("too many errors (only the first %d are shown)", maxErrors)})
		p.full = true
		return
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: ln, Err: fmt.Errorf(format, args...)})
}

// parse processes every line of the file.
func (p *parser) parse(text string) {
	text = strings.TrimPrefix(text, "\uFEFF")
	for i, raw := range strings.Split(text, "\n") {
		if p.full {
			return
		}
		ln := i + 1
		raw = strings.TrimSuffix(raw, "\r")
		if !utf8.ValidString(raw) {
			p.errorf(ln, "invalid UTF-8 text (save the rules file as UTF-8)")
			continue
		}
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		line, err := stripComment(line)
		if err != nil {
			p.errorf(ln, "%v", err)
			continue
		}
		if line[0] == '[' {
			p.endSection()
			p.section(ln, line)
			continue
		}
		if p.sec == secAudit {
			p.gateLine(ln, line)
			continue
		}
		p.keyValue(ln, line)
	}
	p.endSection()
}

// section starts a new section from its header line.
func (p *parser) section(ln int, line string) {
	p.keys = make(map[string]int)
	p.sec = secUnknown
	inner, ok := strings.CutSuffix(line, "]")
	if !ok {
		p.errorf(ln, "section header %q does not end with \"]\"", line)
		return
	}
	inner = strings.TrimSpace(inner[1:])
	kind, rest := inner, ""
	if i := strings.IndexFunc(inner, unicode.IsSpace); i >= 0 {
		kind, rest = inner[:i], inner[i:]
	}
	kind = strings.ToLower(kind)
	rest = strings.TrimSpace(rest)
	switch kind {
	case "source":
		name, err := unquote(rest)
		switch {
		case err != nil:
			p.errorf(ln, "[source]: %v", err)
		case name == "":
			p.errorf(ln, "[source] needs a name: [source NAME]")
		case strings.ContainsFunc(name, unicode.IsControl):
			p.errorf(ln, "source name %q contains a control character", name)
		default:
			p.srcOK = true
		}
		p.sec = secSource
		p.src = &Source{Name: name, Line: ln, origin: p.file}
		p.colLines = make(map[string]int)
		p.claims = newClaims()
		p.autoLine = 0
		if p.srcOK && !p.once("source\x00"+name, ln, "[source "+name+"]") {
			p.srcOK = false
		}
	case "match", "survivorship":
		if rest != "" {
			p.errorf(ln, "[%s] takes no name, got %q", kind, rest)
		}
		p.sec = secMatch
		if kind == "survivorship" {
			p.sec = secSurvive
		}
		p.once(kind, ln, "["+kind+"]")
	case "audit", "gates":
		if rest != "" {
			p.errorf(ln, "[%s] takes no name, got %q", kind, rest)
		}
		p.sec = secAudit
		p.once("audit", ln, "["+kind+"]")
	default:
		p.errorf(ln, "unknown section [%s]%s; sections are [source NAME], [match], [survivorship] and [audit]",
			inner, didYouMean(kind, []string{"source", "match", "survivorship", "audit"}))
	}
}

// once records a section identity and reports a duplicate.
func (p *parser) once(id string, ln int, what string) bool {
	if prev, dup := p.sections[id]; dup {
		p.errorf(ln, "duplicate section %s (first at line %d)", what, prev)
		return false
	}
	p.sections[id] = ln
	return true
}

// endSection finishes the current section: cross-checks of a source.
func (p *parser) endSection() {
	defer func() { p.sec, p.src, p.srcOK = secNone, nil, false }()
	if p.sec != secSource || p.src == nil {
		return
	}
	s := p.src
	for f := range doppel.NumFields {
		headers, msgs := partProblems(f, p.claims.parts[f])
		for i, msg := range msgs {
			p.errorf(p.colLines[headers[i]], "column.%s: %s", headers[i], msg)
		}
	}
	if s.NoAuto && len(s.Columns) == 0 && s.IDColumn == "" {
		p.errorf(p.autoLine, "[source %s]: auto = false but no column.* lines: nothing would be mapped", s.Name)
	}
	if s.IDColumn != "" {
		for h, target := range s.Columns {
			if strings.TrimSpace(h) == s.IDColumn && target != ignoreTarget {
				p.errorf(p.colLines[h], "[source %s]: column %q is the id column (id = %s); the id column never feeds a field",
					s.Name, h, s.IDColumn)
			}
		}
	}
	if s.File != "" {
		for _, o := range p.cfg.Sources {
			if o.File == s.File {
				p.errorf(s.Line, "[source %s]: file = %s is also the file of [source %s] at line %d; this section would never apply",
					s.Name, s.File, o.Name, o.Line)
			}
		}
	}
	if p.srcOK {
		p.cfg.Sources = append(p.cfg.Sources, *s)
	}
}

// keyValue handles one "key = value" line.
func (p *parser) keyValue(ln int, line string) {
	rawKey, rawVal, ok := cutOutsideQuotes(line, '=')
	if !ok {
		p.errorf(ln, "expected \"key = value\" or a [section] header, got %q", line)
		return
	}
	rawKey, rawVal = strings.TrimSpace(rawKey), strings.TrimSpace(rawVal)
	val, err := unquote(rawVal)
	if err != nil {
		p.errorf(ln, "%s: %v", rawKey, err)
		return
	}
	key := strings.ToLower(rawKey)
	column, isColumn := "", false
	if len(rawKey) > len("column.") && strings.EqualFold(rawKey[:len("column.")], "column.") {
		isColumn = true
		column, err = unquote(strings.TrimSpace(rawKey[len("column."):]))
		if err != nil {
			p.errorf(ln, "%s: %v", rawKey, err)
			return
		}
		key = "column." + column
	} else if strings.ContainsAny(rawKey, "\"") || rawKey == "" {
		p.errorf(ln, "bad key %q", rawKey)
		return
	}
	switch p.sec {
	case secNone:
		if !p.orphan {
			p.orphan = true
			p.errorf(ln, "key %q outside a section; start with [source NAME], [match] or [survivorship]", rawKey)
		}
		return
	case secUnknown:
		return
	}
	if prev, dup := p.keys[key]; dup {
		p.errorf(ln, "duplicate key %q (first at line %d)", rawKey, prev)
		return
	}
	p.keys[key] = ln
	if val == "" {
		p.errorf(ln, "%s: missing value", rawKey)
		return
	}
	switch p.sec {
	case secSource:
		if isColumn {
			p.sourceColumn(ln, column, val)
		} else {
			p.sourceKey(ln, key, val)
		}
	case secMatch:
		p.matchKey(ln, key, val)
	case secSurvive:
		p.surviveKey(ln, key, val)
	}
}

// sourceKey handles a key of a [source] section.
func (p *parser) sourceKey(ln int, key, val string) {
	s := p.src
	if s.keyLines == nil {
		s.keyLines = make(map[string]int)
	}
	if name, ok := strings.CutPrefix(key, "date_order."); ok {
		p.fieldDateOrder(ln, strings.TrimSpace(name), val)
		return
	}
	s.keyLines[key] = ln
	var err error
	switch key {
	case "file":
		// A base name or glob on it, or a path or glob with '/' relative to
		// the rules file's folder (see Config.SourceFor).
		if _, e := path.Match(val, ""); e != nil {
			err = fmt.Errorf("bad glob %q: %v", val, e)
		}
		s.File = val
	case "encoding":
		s.Encoding, err = parseEncoding(val)
	case "delimiter":
		s.Delimiter, err = parseDelimiter(val)
	case "id":
		s.IDColumn = val
	case "region":
		s.Region, err = parseRegion(val)
	case "date_order":
		s.DateOrder, err = parseDateOrder(val)
	case "priority":
		s.Priority, err = parseInt(val, 1, 1_000_000)
	case "auto":
		var auto bool
		auto, err = parseBool(val)
		if err == nil && !auto {
			s.NoAuto = true
			p.autoLine = ln
		}
	default:
		if strings.HasPrefix(key, "column") {
			p.errorf(ln, "%q: a column mapping reads column.<header> = <field>", key)
			return
		}
		p.errorf(ln, "unknown key %q in [source %s]%s", key, s.Name,
			didYouMean(key, []string{"file", "encoding", "delimiter", "id", "region", "date_order", "date_order.", "priority", "auto", "column."}))
		return
	}
	if err != nil {
		p.errorf(ln, "%s: %v", key, err)
	}
}

// fieldDateOrder handles a date_order.<field> = <order> line of a
// [source] section: the order of one date field, which overrides the
// section's date_order for that field.
func (p *parser) fieldDateOrder(ln int, name, val string) {
	s := p.src
	dates := fieldList(isDateField)
	f, ok := doppel.ParseField(name)
	switch {
	case name == "":
		p.errorf(ln, "date_order.: missing field name; date_order.<field> sets the order of one of %s", dates)
		return
	case !ok:
		p.errorf(ln, "date_order.%s: unknown field %q%s; the date fields are %s", name, name, fieldHint(name, false), dates)
		return
	case !isDateField(f):
		p.errorf(ln, "date_order.%s: %s is not a date field; the date fields are %s", name, f, dates)
		return
	}
	order, err := parseDateOrder(val)
	if err != nil {
		p.errorf(ln, "date_order.%s: %v", f, err)
		return
	}
	key := "date_order." + f.String()
	if prev, dup := s.keyLines[key]; dup {
		p.errorf(ln, "duplicate key %q (first at line %d)", key, prev)
		return
	}
	s.keyLines[key] = ln
	if s.FieldDateOrders == nil {
		s.FieldDateOrders = make(map[doppel.Field]string)
	}
	s.FieldDateOrders[f] = order
}

// sourceColumn handles a column.<header> = <field> line.
func (p *parser) sourceColumn(ln int, header, val string) {
	s := p.src
	if strings.TrimSpace(header) == "" {
		p.errorf(ln, "column.: missing header name")
		return
	}
	target := strings.ToLower(val)
	if target != ignoreTarget {
		fp, err := parseTarget(target)
		switch {
		case errors.Is(err, errUnknownField) && target == "id":
			p.errorf(ln, "column.%s: %q is not a field; the record-id column is set with \"id = %s\"", header, val, header)
			return
		case errors.Is(err, errUnknownField):
			if name, _, dotted := strings.Cut(val, "."); dotted {
				p.errorf(ln, "column.%s: unknown field %q in %q%s", header, name, val, fieldHint(name, false))
			} else {
				p.errorf(ln, "column.%s: unknown field %q%s", header, val, fieldHint(val, true))
			}
			return
		case err != nil:
			p.errorf(ln, "column.%s: %v", header, err)
			return
		}
		if msg := p.claims.claim(partLine{header: header, line: ln}, fp); msg != "" {
			p.errorf(ln, "%s", msg)
			return
		}
	}
	if s.Columns == nil {
		s.Columns = make(map[string]string)
	}
	s.Columns[header] = target
	p.colLines[header] = ln
	if s.keyLines == nil {
		s.keyLines = make(map[string]int)
	}
	s.keyLines["column."+header] = ln
}

// matchKey handles a key of the [match] section.
func (p *parser) matchKey(ln int, key, val string) {
	m := &p.cfg.Match
	var err error
	switch key {
	case "threshold":
		m.Threshold, err = ParseProbability(val)
	case "link_only":
		m.LinkOnly, err = parseBool(val)
	case "max_cluster":
		m.MaxCluster, err = parseInt(val, 2, 1_000_000_000)
	case "region":
		m.Region, err = parseRegion(val)
	case "date_order":
		m.DateOrder, err = parseDateOrder(val)
	case "fields":
		m.Fields, err = parseFields(val)
		for _, f := range m.Fields {
			if !f.Compared() && err == nil {
				err = fmt.Errorf("%s is not compared by any comparison (fields that are: %s)", f, fieldList(doppel.Field.Compared))
			}
		}
	case "distinct":
		m.Distinct, err = parseFields(val)
		for _, f := range m.Distinct {
			if !doppel.Spec(f).HardRule && err == nil {
				err = fmt.Errorf("%s cannot be a hard rule (fields that can: %s)", f, fieldList(func(f doppel.Field) bool { return doppel.Spec(f).HardRule }))
			}
		}
	case "review_low":
		m.ReviewLow, err = ParseProbability(val)
	case "review_high":
		m.ReviewHigh, err = ParseProbability(val)
	case "strict":
		p.cfg.Strict, err = parseBool(val)
	default:
		if strings.HasPrefix(key, "date_order.") {
			p.errorf(ln, "%s: the order of one date field is set per source, in a [source NAME] section; [match] takes date_order for all of them", key)
			return
		}
		p.errorf(ln, "unknown key %q in [match]%s", key,
			didYouMean(key, []string{"threshold", "link_only", "max_cluster", "region", "date_order", "fields", "distinct", "review_low", "review_high", "strict"}))
		return
	}
	if m.ReviewLow > 0 && m.ReviewHigh > 0 {
		if err := CheckReviewBand("review_low", m.ReviewLow, "review_high", m.ReviewHigh); err != nil {
			p.errorf(ln, "%v", err)
			return
		}
	}
	if err != nil {
		p.errorf(ln, "%s: %v", key, err)
	}
}

// surviveKey handles a key of the [survivorship] section.
func (p *parser) surviveKey(ln int, key, val string) {
	st, ok := ParseStrategy(strings.ToLower(val))
	if !ok {
		p.errorf(ln, "%s: unknown strategy %q%s; strategies are %s", key, val,
			didYouMean(strings.ToLower(val), strategyNames()), strings.Join(strategyNames(), ", "))
	}
	if key == "default" {
		p.cfg.Survive.Default = st
		return
	}
	f, fok := doppel.ParseField(key)
	if !fok {
		p.errorf(ln, "unknown field %q in [survivorship]%s; keys are default and field names", key, fieldHint(key, false))
		return
	}
	if ok {
		if p.cfg.Survive.PerField == nil {
			p.cfg.Survive.PerField = make(map[doppel.Field]Strategy)
		}
		p.cfg.Survive.PerField[f] = st
	}
}

// fieldHint suggests a canonical field name for a misspelt one: a close
// spelling first, else the field the name means as a header ("surname").
func fieldHint(name string, withIgnore bool) string {
	names := make([]string, 0, doppel.NumFields+1)
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		names = append(names, f.String())
	}
	if withIgnore {
		names = append(names, ignoreTarget)
	}
	if h := didYouMean(strings.ToLower(name), names); h != "" {
		return h
	}
	if f, _, ok := classify(headerKey(name)); ok && f < doppel.NumFields {
		return fmt.Sprintf(" (did you mean %q?)", f.String())
	}
	return ""
}

// parseEncoding checks an encoding name against the encodings the reader
// supports and returns it in lower case.
func parseEncoding(v string) (string, error) {
	known := []string{"utf-8", "utf-16", "utf-16le", "utf-16be", "windows-1252", "cp1252", "latin1", "iso-8859-1", "iso-8859-15", "auto"}
	low := strings.ToLower(v)
	if slices.Contains(known, low) {
		return low, nil
	}
	return "", fmt.Errorf("unknown encoding %q%s; known: %s", v, didYouMean(low, known), strings.Join(known, ", "))
}

// parseDelimiter accepts one character or a name: tab, comma, semicolon,
// pipe, space.
func parseDelimiter(v string) (rune, error) {
	switch strings.ToLower(v) {
	case "tab", `\t`:
		return '\t', nil
	case "comma":
		return ',', nil
	case "semicolon":
		return ';', nil
	case "pipe":
		return '|', nil
	case "space":
		return ' ', nil
	}
	r, size := utf8.DecodeRuneInString(v)
	if size != len(v) {
		return 0, fmt.Errorf("%q is not one character (or tab, comma, semicolon, pipe, space)", v)
	}
	if r == '"' || r == '\r' || r == '\n' || r == utf8.RuneError || r == 0 {
		return 0, fmt.Errorf("%q cannot be a delimiter", v)
	}
	return r, nil
}

// parseRegion accepts a two-letter ISO 3166 region code.
func parseRegion(v string) (string, error) {
	up := strings.ToUpper(v)
	if up == "UK" {
		return "", fmt.Errorf("%q is not an ISO 3166 code; the United Kingdom is \"GB\"", v)
	}
	if len(up) != 2 || up[0] < 'A' || up[0] > 'Z' || up[1] < 'A' || up[1] > 'Z' {
		return "", fmt.Errorf("%q is not a two-letter ISO 3166 region code such as GB, DE, US", v)
	}
	return up, nil
}

// parseDateOrder accepts DMY, MDY or YMD in any case.
func parseDateOrder(v string) (string, error) {
	switch up := strings.ToUpper(v); up {
	case "DMY", "MDY", "YMD":
		return up, nil
	}
	return "", fmt.Errorf("%q is not DMY, MDY or YMD", v)
}

// parseBool accepts true/false, yes/no, on/off and 1/0 in any case.
func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true", "yes", "on", "1":
		return true, nil
	case "false", "no", "off", "0":
		return false, nil
	}
	return false, fmt.Errorf("%q is not true or false", v)
}

// parseInt accepts a decimal integer in [lo, hi].
func parseInt(v string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", v)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%d is out of range %d..%d", n, lo, hi)
	}
	return n, nil
}

// ParseProbability parses a match probability above 0 and at most 1: the
// range of threshold, review_low and review_high in the rules file and of
// the --threshold, --review-low and --review-high flags, which share this
// function so that both accept the same values with the same messages.
// NaN is not a number; the error does not name the setting.
func ParseProbability(v string) (float64, error) {
	t, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(t) {
		return 0, fmt.Errorf("%q is not a number", v)
	}
	if t <= 0 || t > 1 {
		return 0, fmt.Errorf("%s is not a probability above 0 and at most 1", v)
	}
	return t, nil
}

// CheckReviewBand reports an error unless low is below high: the review
// band [low, high) of the rules file and of the flags. lowName and highName
// name the two settings in the message.
func CheckReviewBand(lowName string, low float64, highName string, high float64) error {
	if !(low < high) {
		return fmt.Errorf("%s (%v) must be below %s (%v)", lowName, low, highName, high)
	}
	return nil
}

// fieldList names the fields for which keep is true, in registry order,
// as "a, b or c".
func fieldList(keep func(doppel.Field) bool) string {
	var names []string
	for _, s := range doppel.Specs() {
		if keep(s.Field) {
			names = append(names, s.Name)
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// parseFields parses a comma-separated list of distinct field names.
func parseFields(v string) ([]doppel.Field, error) {
	var (
		out  []doppel.Field
		errs []error
	)
	for item := range strings.SplitSeq(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			errs = append(errs, errors.New("empty item in the list"))
			continue
		}
		f, ok := doppel.ParseField(strings.ToLower(item))
		if !ok {
			errs = append(errs, fmt.Errorf("unknown field %q%s", item, fieldHint(item, false)))
			continue
		}
		if slices.Contains(out, f) {
			errs = append(errs, fmt.Errorf("field %s is listed twice", f))
			continue
		}
		out = append(out, f)
	}
	if len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		return nil, errors.New(strings.Join(msgs, "; "))
	}
	return out, nil
}

// stripComment removes a trailing comment: a '#' at the start or after white
// space, outside double quotes.
func stripComment(line string) (string, error) {
	inQuote := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '"':
			inQuote = !inQuote
		case c == '#' && !inQuote && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return strings.TrimSpace(line[:i]), nil
		}
	}
	if inQuote {
		return "", errors.New("unterminated quote")
	}
	return line, nil
}

// cutOutsideQuotes splits s at the first sep outside double quotes.
func cutOutsideQuotes(s string, sep byte) (before, after string, found bool) {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			inQuote = !inQuote
		case sep:
			if !inQuote {
				return s[:i], s[i+1:], true
			}
		}
	}
	return s, "", false
}

// unquote removes one pair of double quotes around a value. Quotes are only
// needed for values with a '#' after a space, '=' in keys, or leading or
// trailing spaces; there are no escapes.
func unquote(v string) (string, error) {
	if !strings.HasPrefix(v, `"`) {
		return v, nil
	}
	if len(v) < 2 || !strings.HasSuffix(v, `"`) || strings.Contains(v[1:len(v)-1], `"`) {
		return "", fmt.Errorf("bad quoting in %s: quote the whole value, and it cannot contain quotes", v)
	}
	return v[1 : len(v)-1], nil
}
