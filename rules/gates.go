package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/doppel-dev/doppel"
)

// Gate is one quality gate of the [audit] section: a condition on a figure
// of `doppel audit` that must hold, else the audit exits with code 4.
//
// Grammar (one gate per line; spaces between the parts are optional):
//
//	gate   = [ source ":" ] metric op number [ "%" ]
//	op     = ">=" | "<=" | ">" | "<" | "==" | "!="
//
// Metrics measured per source (without a source prefix the gate is checked
// for every source; with one, for that source only):
//
//	rows                     data rows read (accepted + rejected)
//	rejects                  rejected rows (count)
//	rejects.rate             rejected rows / rows
//	duplicates               accepted rows that duplicate another row of the same source
//	duplicates.rate          duplicates / accepted rows
//	FIELD.fill               share of accepted rows with a non-empty value
//	FIELD.valid              share of non-empty values that are valid (validated fields)
//	FIELD.invalid            non-empty values that are not valid (count)
//	FIELD.junk               placeholder and junk values (count)
//	FIELD.junk.rate          junk values / non-empty values
//	FIELD.encoding           values with encoding problems: mojibake, U+FFFD, full-width forms, mixed scripts
//	FIELD.distinct           distinct values (approximate above 10000 distinct values)
//
// FIELD is a canonical field name (email, phone, postcode...). A per-source
// FIELD gate is skipped for a source that has no column mapped to FIELD
// unless the gate names that source. Metrics across sources (no source
// prefix allowed):
//
//	overlap.SRC1.SRC2        customers found in both sources (count)
//	conflicts.FIELD          multi-source customers whose FIELD differs between sources
//	conflicts.FIELD.rate     the same as a share of multi-source customers with FIELD in two or more sources
//
// A number with a trailing "%" is divided by 100 ("80%" is 0.8). Examples:
//
//	[audit]
//	email.fill >= 0.8
//	rejects == 0
//	duplicates.rate <= 10%
//	crm:phone.valid >= 0.95
//	conflicts.email.rate < 0.2
//
// Source names are checked against the inputs when the audit starts.
type Gate struct {
	Line   int     // line in the rules file
	Text   string  // the gate as written (comment removed)
	Source string  // source the gate is limited to; "" = every source (or a cross-source metric)
	Metric string  // metric name, lower case: "email.fill", "rejects", "overlap.crm.billing"
	Op     string  // ">=", "<=", ">", "<", "==" or "!="
	Value  float64 // the threshold
}

// Holds reports whether the figure v satisfies the gate. NaN never does.
func (g Gate) Holds(v float64) bool {
	if math.IsNaN(v) {
		return false
	}
	switch g.Op {
	case ">=":
		return v >= g.Value
	case "<=":
		return v <= g.Value
	case ">":
		return v > g.Value
	case "<":
		return v < g.Value
	case "==":
		return v == g.Value
	case "!=":
		return v != g.Value
	}
	return false
}

// CrossSource reports whether the gate's metric is measured across sources
// (overlap.*, conflicts.*) rather than per source.
func (g Gate) CrossSource() bool {
	return strings.HasPrefix(g.Metric, "overlap.") || strings.HasPrefix(g.Metric, "conflicts.")
}

// Field returns the canonical field of a FIELD.* or conflicts.FIELD metric.
func (g Gate) Field() (doppel.Field, bool) {
	m := strings.TrimPrefix(g.Metric, "conflicts.")
	name, _, _ := strings.Cut(m, ".")
	return doppel.ParseField(name)
}

// Stat returns the part of a FIELD.* metric after the field name ("fill",
// "junk.rate"), or "" for other metrics.
func (g Gate) Stat() string {
	if g.CrossSource() {
		return ""
	}
	name, stat, ok := strings.Cut(g.Metric, ".")
	if _, isField := doppel.ParseField(name); !ok || !isField {
		return ""
	}
	return stat
}

// gateOps are the comparison operators, longest first.
const gateOps = ">=,<=,==,!=,>,<"

// sourceMetrics are the per-source metrics without a field.
const sourceMetrics = "rows,rejects,rejects.rate,duplicates,duplicates.rate"

// fieldStats are the per-source FIELD.* statistics.
const fieldStats = "fill,valid,invalid,junk,junk.rate,encoding,distinct"

// conflictFields are the fields whose conflicts across sources are measured.
const conflictFields = "email,phone,address,postcode,birth_date"

// ConflictFields returns the fields whose conflicts between sources the
// audit measures (email, phone, address, postcode, birth_date), for
// conflicts.FIELD gates. The result is a new slice on every call.
func ConflictFields() []string { return strings.Split(conflictFields, ",") }

// ParseGate parses one gate expression (see Gate). The returned Gate has
// Line 0; Parse fills it in for gates of a rules file.
func ParseGate(text string) (Gate, error) {
	g := Gate{Text: strings.TrimSpace(text)}
	s := g.Text
	opAt, op := -1, ""
	for _, o := range strings.Split(gateOps, ",") {
		if i := strings.Index(s, o); i >= 0 && (opAt < 0 || i < opAt || (i == opAt && len(o) > len(op))) {
			opAt, op = i, o
		}
	}
	if opAt < 0 {
		if strings.Contains(s, "=") {
			return g, fmt.Errorf("gate %q: use == to compare (operators: >= <= > < == !=)", s)
		}
		return g, fmt.Errorf("gate %q: expected METRIC OP NUMBER, e.g. email.fill >= 0.8", s)
	}
	g.Op = op
	left, right := strings.TrimSpace(s[:opAt]), strings.TrimSpace(s[opAt+len(op):])
	if left == "" {
		return g, fmt.Errorf("gate %q: missing metric before %s", s, op)
	}
	if right == "" {
		return g, fmt.Errorf("gate %q: missing number after %s", s, op)
	}
	num, pct := strings.CutSuffix(right, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return g, fmt.Errorf("gate %q: %q is not a number", s, right)
	}
	if pct {
		v /= 100
	}
	g.Value = v
	if src, metric, ok := strings.Cut(left, ":"); ok {
		src = strings.TrimSpace(src)
		if src == "" || strings.ContainsFunc(src, unicode.IsSpace) {
			return g, fmt.Errorf("gate %q: bad source name %q before ':'", s, src)
		}
		g.Source, left = src, strings.TrimSpace(metric)
	}
	if strings.ContainsFunc(left, unicode.IsSpace) {
		return g, fmt.Errorf("gate %q: metric %q contains spaces", s, left)
	}
	g.Metric = strings.ToLower(left)
	if err := checkMetric(g); err != nil {
		return g, fmt.Errorf("gate %q: %w", s, err)
	}
	return g, nil
}

// checkMetric validates the metric name of a gate.
func checkMetric(g Gate) error {
	m := g.Metric
	parts := strings.Split(m, ".")
	switch parts[0] {
	case "overlap":
		if g.Source != "" {
			return fmt.Errorf("overlap is measured across sources: drop the %q prefix", g.Source+":")
		}
		if len(parts) != 3 || parts[1] == "" || parts[2] == "" {
			return fmt.Errorf("overlap needs two source names: overlap.SRC1.SRC2")
		}
		return nil
	case "conflicts":
		if g.Source != "" {
			return fmt.Errorf("conflicts are measured across sources: drop the %q prefix", g.Source+":")
		}
		fields := ConflictFields()
		if len(parts) < 2 || len(parts) > 3 || (len(parts) == 3 && parts[2] != "rate") {
			return fmt.Errorf("expected conflicts.FIELD or conflicts.FIELD.rate with FIELD one of %s", conflictFields)
		}
		for _, f := range fields {
			if parts[1] == f {
				return nil
			}
		}
		return fmt.Errorf("conflicts are measured for %s, not %q%s", conflictFields, parts[1], didYouMean(parts[1], fields))
	}
	for _, sm := range strings.Split(sourceMetrics, ",") {
		if m == sm {
			return nil
		}
	}
	if _, ok := doppel.ParseField(parts[0]); !ok {
		cands := strings.Split(sourceMetrics, ",")
		cands = append(cands, "overlap", "conflicts")
		for f := doppel.Field(0); f < doppel.NumFields; f++ {
			cands = append(cands, f.String())
		}
		return fmt.Errorf("unknown metric %q%s", m, didYouMean(parts[0], cands))
	}
	stat := strings.Join(parts[1:], ".")
	if stat == "" {
		return fmt.Errorf("%s needs a statistic: %s.fill, .valid, .invalid, .junk, .junk.rate, .encoding or .distinct", parts[0], parts[0])
	}
	stats := strings.Split(fieldStats, ",")
	for _, st := range stats {
		if stat == st {
			return nil
		}
	}
	return fmt.Errorf("unknown statistic %q of %s%s; statistics are %s", stat, parts[0], didYouMean(stat, stats), fieldStats)
}

// gateLine handles one line of the [audit] section.
func (p *parser) gateLine(ln int, line string) {
	g, err := ParseGate(line)
	if err != nil {
		p.errorf(ln, "%v", err)
		return
	}
	g.Line = ln
	p.cfg.Gates = append(p.cfg.Gates, g)
}
