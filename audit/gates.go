package audit

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/doppel-dev/doppel/rules"
)

// checkGateSources reports gates that name a source no input has, with
// the rules file and line, before anything is read.
func checkGateSources(cfg *rules.Config, names map[string]bool) error {
	var errs []string
	known := make([]string, 0, len(names))
	for n := range names {
		known = append(known, n)
	}
	sort.Strings(known)
	bad := func(g rules.Gate, name string) {
		errs = append(errs, fmt.Sprintf("%s:%d: gate %q: no input is source %q (sources: %s)",
			cfg.File, g.Line, g.Text, name, strings.Join(known, ", ")))
	}
	for _, g := range cfg.Gates {
		if g.Source != "" && !names[g.Source] {
			bad(g, g.Source)
		}
		if strings.HasPrefix(g.Metric, "overlap.") {
			// Source names may contain dots: try every split.
			rest := strings.TrimPrefix(g.Metric, "overlap.")
			if _, _, ok := splitPair(rest, names); !ok {
				errs = append(errs, fmt.Sprintf("%s:%d: gate %q: %q is not two input sources joined by '.' (sources: %s)",
					cfg.File, g.Line, g.Text, rest, strings.Join(known, ", ")))
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

// splitPair splits "a.b" into two known source names (case-insensitive,
// since metrics are lower-cased).
func splitPair(s string, names map[string]bool) (string, string, bool) {
	find := func(x string) (string, bool) {
		for n := range names {
			if strings.EqualFold(n, x) {
				return n, true
			}
		}
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '.' {
			continue
		}
		a, okA := find(s[:i])
		b, okB := find(s[i+1:])
		if okA && okB {
			return a, b, true
		}
	}
	return "", "", false
}

// evalGates checks every gate against the report.
func evalGates(gates []rules.Gate, rep *Report) []GateResult {
	out := []GateResult{}
	names := map[string]bool{}
	for _, s := range rep.Sources {
		names[s.Name] = true
	}
	for _, g := range gates {
		res := GateResult{Gate: g.Text, Line: g.Line}
		if g.CrossSource() {
			v, note := crossValue(g, rep, names)
			res.Value, res.Note = v, note
			res.Passed = g.Holds(v)
			out = append(out, res)
			continue
		}
		for _, s := range rep.Sources {
			if g.Source != "" && g.Source != s.Name {
				continue
			}
			r := res
			r.Source = s.Name
			v, ok, note := sourceValue(g, &s)
			r.Value, r.Note = v, note
			switch {
			case !ok && g.Source == "":
				r.Skipped, r.Value = true, 0
			case !ok:
				r.Value = math.NaN()
			default:
				r.Passed = g.Holds(v)
			}
			if math.IsNaN(r.Value) {
				r.Value = 0 // JSON has no NaN; the note says why
			}
			out = append(out, r)
		}
	}
	return out
}

// sourceValue returns a per-source figure; ok is false when the source has
// no column for the gate's field.
func sourceValue(g rules.Gate, s *Source) (float64, bool, string) {
	switch g.Metric {
	case "rows":
		return float64(s.Rows), true, ""
	case "rejects":
		return float64(s.Rejected), true, ""
	case "rejects.rate":
		return s.RejectRate, true, ""
	case "duplicates":
		return float64(s.Duplicates), true, ""
	case "duplicates.rate":
		return s.DupRate, true, ""
	}
	f, _ := g.Field()
	var col *Column
	for i := range s.Columns {
		if s.Columns[i].Field == f.String() {
			col = &s.Columns[i]
		}
	}
	if col == nil {
		return 0, false, "no column is mapped to " + f.String()
	}
	switch g.Stat() {
	case "fill":
		return col.Fill, true, ""
	case "valid":
		if col.Validity == nil {
			return 0, false, f.String() + " has no validator"
		}
		return col.Validity.Rate, true, ""
	case "invalid":
		if col.Validity == nil {
			return 0, false, f.String() + " has no validator"
		}
		return float64(col.Validity.Invalid), true, ""
	case "junk":
		return float64(col.JunkCount), true, ""
	case "junk.rate":
		if col.Filled == 0 {
			return 0, true, ""
		}
		return float64(col.JunkCount) / float64(col.Filled), true, ""
	case "encoding":
		return float64(col.EncCount), true, ""
	case "distinct":
		return float64(col.Distinct.Count), true, ""
	}
	return math.NaN(), false, "unknown metric"
}

// crossValue returns a figure measured across sources.
func crossValue(g rules.Gate, rep *Report, names map[string]bool) (float64, string) {
	if rest, ok := strings.CutPrefix(g.Metric, "overlap."); ok {
		a, b, ok := splitPair(rest, names)
		if !ok {
			return math.NaN(), "unknown sources"
		}
		ia, ib := -1, -1
		for i, n := range rep.Overlap.Sources {
			if n == a {
				ia = i
			}
			if n == b {
				ib = i
			}
		}
		if ia < 0 || ib < 0 {
			return math.NaN(), "unknown sources"
		}
		return float64(rep.Overlap.Counts[ia][ib]), ""
	}
	parts := strings.Split(g.Metric, ".")
	for _, c := range rep.Conflicts {
		if c.Field == parts[1] {
			if len(parts) == 3 {
				return c.Rate, fmt.Sprintf("%d of %d customers", c.Conflicting, c.Compared)
			}
			return float64(c.Conflicting), ""
		}
	}
	return math.NaN(), "unknown field"
}
