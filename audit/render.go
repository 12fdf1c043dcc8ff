package audit

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteJSON writes the report as indented JSON (the audit.json format).
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write audit json: %w", err)
	}
	return nil
}

// cut shortens s to n characters (runes) with "…", and makes control
// characters visible so that one value cannot break the terminal layout.
func cut(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '·'
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:n-1]) + "…"
}

func pct(f float64) string {
	switch {
	case f >= 1:
		return "100%"
	case f > 0.999:
		return ">99.9%"
	case f >= 0.1:
		return fmt.Sprintf("%.0f%%", f*100)
	}
	return fmt.Sprintf("%.1f%%", f*100)
}

// WriteText writes the terminal summary (at most 80 columns wide).
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	t := r.Totals
	fmt.Fprintf(&b, "doppel audit: %d sources, %d rows (%d accepted, %d rejected)\n", len(r.Sources), t.Rows, t.Accepted, t.Rejected)
	fmt.Fprintf(&b, "%d customers after matching (threshold %.2f), %d in two or more sources\n\n", t.Customers, r.Match.Threshold, t.MultiSource)
	fmt.Fprintf(&b, "%-16s %8s %9s %8s %10s %9s\n", "source", "rows", "rejected", "reject%", "customers", "dup rate")
	for _, s := range r.Sources {
		fmt.Fprintf(&b, "%-16s %8d %9d %8s %10d %9s\n", cut(s.Name, 16), s.Rows, s.Rejected, pct(s.RejectRate), s.Customers, pct(s.DupRate))
	}
	for _, s := range r.Sources {
		fmt.Fprintf(&b, "\n== %s (%s, %s, delimiter %q, region %s)\n", cut(s.Name, 20), cut(s.File, 24), s.Encoding, s.Delimiter, s.Region)
		fmt.Fprintf(&b, "%-16s %-12s %6s %7s %9s  %s\n", "column", "field", "fill", "valid", "distinct", "issues")
		for _, c := range s.Columns {
			valid := "-"
			if c.Validity != nil && c.Validity.Checked > 0 {
				valid = pct(c.Validity.Rate)
			}
			dist := fmt.Sprint(c.Distinct.Count)
			if !c.Distinct.Exact {
				dist = "~" + dist
			}
			var iss []string
			if c.JunkCount > 0 {
				iss = append(iss, fmt.Sprintf("junk %d", c.JunkCount))
			}
			if c.EncCount > 0 {
				iss = append(iss, fmt.Sprintf("enc %d", c.EncCount))
			}
			if c.LostZeros > 0 {
				iss = append(iss, fmt.Sprintf("lost0 %d", c.LostZeros))
			}
			if c.Untrimmed > 0 {
				iss = append(iss, fmt.Sprintf("spaces %d", c.Untrimmed))
			}
			if c.DateOrder != nil && c.DateOrder.Mixed {
				iss = append(iss, "mixed dates")
			}
			fmt.Fprintf(&b, "%-16s %-12s %6s %7s %9s  %s\n", cut(c.Name, 16), cut(c.Field, 12), pct(c.Fill), valid, dist, cut(strings.Join(iss, ", "), 22))
		}
		for _, rr := range s.Rejects {
			fmt.Fprintf(&b, "  rejected %d: %s\n", rr.Count, cut(rr.Reason, 64))
		}
		for _, c := range s.Columns {
			if d := c.DateOrder; d != nil && d.Mixed {
				fmt.Fprintf(&b, "  %s\n", cut(c.Name+" "+mixedDates(d), 76))
			} else if d != nil && d.overrides() {
				fmt.Fprintf(&b, "  %s\n", cut(fmt.Sprintf("%s dates read as %s, not the source's %s (values prove it)", c.Name, d.Order, d.Default), 76))
			}
			if c.Validity != nil {
				for _, f := range c.Validity.Reasons {
					if f.Kind == "partial date" {
						continue
					}
					fmt.Fprintf(&b, "  %s\n", cut(fmt.Sprintf("%s invalid %d (%s): %s", c.Name, f.Count, f.Kind, examples(f.Examples)), 76))
				}
			}
			for _, f := range c.Junk {
				fmt.Fprintf(&b, "  %s\n", cut(fmt.Sprintf("%s junk %d (%s): %s", c.Name, f.Count, f.Kind, examples(f.Examples)), 76))
			}
			for _, f := range c.Encoding {
				fmt.Fprintf(&b, "  %s\n", cut(fmt.Sprintf("%s encoding %d (%s): %s", c.Name, f.Count, f.Kind, examples(f.Examples)), 76))
			}
		}
	}
	if n := len(r.Overlap.Sources); n > 1 {
		fmt.Fprintf(&b, "\noverlap: customers found in both sources (diagonal: customers in the source)\n")
		w := 9
		fmt.Fprintf(&b, "%-12s", "")
		for _, s := range r.Overlap.Sources[:min(n, 7)] {
			fmt.Fprintf(&b, "%*s", w, cut(s, w-1))
		}
		b.WriteString("\n")
		for i, s := range r.Overlap.Sources {
			fmt.Fprintf(&b, "%-12s", cut(s, 11))
			for j := range min(n, 7) {
				fmt.Fprintf(&b, "%*d", w, r.Overlap.Counts[i][j])
			}
			b.WriteString("\n")
		}
	}
	if t.MultiSource > 0 {
		fmt.Fprintf(&b, "\nconflicts among the %d customers found in two or more sources:\n", t.MultiSource)
		for _, c := range r.Conflicts {
			fmt.Fprintf(&b, "  %-11s %5d of %5d differ (%s)\n", c.Field, c.Conflicting, c.Compared, pct(c.Rate))
		}
	}
	if len(r.Gates) > 0 {
		fmt.Fprintf(&b, "\nquality gates: %d passed, %d failed, %d skipped\n", t.GatesPassed, t.GatesFailed, t.GatesSkipped)
		for _, g := range r.Gates {
			if g.Skipped {
				continue
			}
			mark := "ok  "
			if !g.Passed {
				mark = "FAIL"
			}
			where := ""
			if g.Source != "" {
				where = " [" + g.Source + "]"
			}
			fmt.Fprintf(&b, "  %s %s\n", mark, cut(fmt.Sprintf("line %d: %s%s: %s", g.Line, g.Gate, where, fmtValue(g.Value)), 70))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func fmtValue(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprint(int64(v))
	}
	return fmt.Sprintf("%.4g", v)
}

// times shows the count of a top value or pattern: "×12" when exact,
// "≥12" when it is the guaranteed minimum of an approximate list.
func times(exact bool, n int64) string {
	if exact {
		return fmt.Sprintf("×%d", n)
	}
	return fmt.Sprintf("≥%d", n)
}

// mixedDates describes a date column that mixes day-first and month-first
// values.
func mixedDates(d *DateOrder) string {
	rows := "rows"
	if d.DayFirst == 1 {
		rows = "row"
	}
	return fmt.Sprintf("mixed date orders: %d %s day-first, %d month-first (read as %s)", d.DayFirst, rows, d.MonthFirst, d.Order)
}

// overrides reports whether the inferred order reads some dates otherwise
// than the source's order would (YMD reads year-last dates day first).
func (d *DateOrder) overrides() bool {
	switch d.Order {
	case "MDY":
		return d.Default != "MDY"
	case "DMY":
		return d.Default == "MDY"
	}
	return false
}

func examples(ex []ValueCount) string {
	var parts []string
	for _, e := range ex {
		if len(parts) == 3 {
			break
		}
		s := fmt.Sprintf("%q", cut(e.Value, 24))
		if e.Count > 1 {
			s += fmt.Sprintf(" x%d", e.Count)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// WriteHTML writes the self-contained HTML report: inline CSS and SVG, no
// scripts and no network fetches; every value from the data is escaped by
// html/template.
func (r *Report) WriteHTML(w io.Writer) error {
	funcs := template.FuncMap{
		"pct": pct,
		"val": fmtValue,
		"bar": func(f float64) float64 { return 300 * max(0, min(1, f)) },
		"heat": func(n, diag int) string {
			if diag == 0 || n == 0 {
				return "#ffffff"
			}
			a := 0.15 + 0.7*float64(n)/float64(diag)
			return fmt.Sprintf("rgba(37,99,235,%.2f)", min(a, 0.85))
		},
		"at":  func(m [][]int, i, j int) int { return m[i][j] },
		"add": func(a, b int) int { return a + b },
		"mul": func(a, b int) int { return a * b },
		"exact": func(d Distinct) string {
			if d.Exact {
				return ""
			}
			return "~"
		},
		"ex":    examples,
		"times": times,
		"mixed": mixedDates,
	}
	t, err := template.New("audit").Funcs(funcs).Parse(htmlTemplate)
	if err != nil {
		return fmt.Errorf("audit html template: %w", err)
	}
	if err := t.Execute(w, r); err != nil {
		return fmt.Errorf("write audit html: %w", err)
	}
	return nil
}

const htmlTemplate = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>doppel audit</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;margin:24px auto;max-width:1180px;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #e5e7eb;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
th,td{border:1px solid #d1d5db;padding:3px 8px;text-align:right;vertical-align:top}
th{background:#f3f4f6}td.l,th.l{text-align:left}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #d1d5db;border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:22px}.fail{color:#b91c1c;font-weight:600}.ok{color:#15803d}.muted{color:#6b7280}
.small{font-size:12px}svg text{font:12px system-ui,sans-serif;fill:#1f2937}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}section{break-inside:avoid}}
</style></head><body>
<h1>Customer data audit</h1>
<p class="muted">Generated {{.GeneratedAt}}{{if .RulesFile}} with rules {{.RulesFile}}{{end}}; matching threshold {{printf "%.2f" .Match.Threshold}}.</p>
<div class="cards">
<div class="card">rows<b>{{.Totals.Rows}}</b></div>
<div class="card">rejected<b>{{.Totals.Rejected}}</b></div>
<div class="card">customers<b>{{.Totals.Customers}}</b></div>
<div class="card">in 2+ sources<b>{{.Totals.MultiSource}}</b></div>
<div class="card">duplicate rows<b>{{.Totals.DuplicateRows}}</b></div>
{{if .Gates}}<div class="card">gates failed<b class="{{if .Totals.GatesFailed}}fail{{else}}ok{{end}}">{{.Totals.GatesFailed}}</b></div>{{end}}
</div>

<h2>Sources</h2>
<table id="sources"><tr><th class="l">source</th><th class="l">file</th><th class="l">encoding</th><th>rows</th><th>rejected</th><th>customers</th><th>duplicate rate</th></tr>
{{range .Sources}}<tr><td class="l">{{.Name}}</td><td class="l">{{.File}}</td><td class="l">{{.Encoding}}</td><td>{{.Rows}}</td><td>{{.Rejected}} ({{pct .RejectRate}})</td><td>{{.Customers}}</td><td>{{pct .DupRate}}</td></tr>
{{end}}</table>

{{with .Overlap}}{{if .Sources}}
<section><h2>Overlap between sources</h2>
<p class="muted small">Customers with records in both sources; the diagonal is the number of customers in the source.</p>
<table id="overlap-matrix" class="overlap"><tr><th></th>{{range .Sources}}<th>{{.}}</th>{{end}}</tr>
{{$m := .Counts}}{{range $i, $s := .Sources}}<tr><th class="l">{{$s}}</th>{{range $j, $_ := $m}}<td style="background:{{heat (at $m $i $j) (at $m $i $i)}}">{{at $m $i $j}}</td>{{end}}</tr>
{{end}}</table></section>{{end}}{{end}}

{{if .Conflicts}}<section><h2>Conflicts among customers in several sources</h2>
<p class="muted small">Share of customers found in two or more sources, with the attribute in at least two, where two sources share no value.</p>
<svg width="620" height="{{mul (len .Conflicts) 26}}" role="img" aria-label="conflict rates">
{{range $i, $c := .Conflicts}}<g transform="translate(0,{{mul $i 26}})"><text x="0" y="16">{{$c.Field}}</text>
<rect x="110" y="4" width="300" height="16" fill="#e5e7eb"/><rect x="110" y="4" width="{{bar $c.Rate}}" height="16" fill="#dc2626"/>
<text x="420" y="16">{{pct $c.Rate}} ({{$c.Conflicting}} of {{$c.Compared}})</text></g>
{{end}}</svg>
<table id="conflicts"><tr><th class="l">field</th><th>compared</th><th>conflicting</th><th>rate</th><th class="l">examples (golden ids)</th></tr>
{{range .Conflicts}}<tr><td class="l">{{.Field}}</td><td>{{.Compared}}</td><td>{{.Conflicting}}</td><td>{{pct .Rate}}</td><td class="l small">{{range $i, $e := .Examples}}{{if $i}}, {{end}}{{$e}}{{end}}</td></tr>
{{end}}</table></section>{{end}}

{{if .Gates}}<section><h2>Quality gates</h2>
<table id="gates"><tr><th class="l">line</th><th class="l">gate</th><th class="l">source</th><th>value</th><th class="l">result</th></tr>
{{range .Gates}}<tr><td class="l">{{.Line}}</td><td class="l">{{.Gate}}</td><td class="l">{{.Source}}</td><td>{{val .Value}}</td><td class="l">{{if .Skipped}}<span class="muted">skipped</span>{{else if .Passed}}<span class="ok">passed</span>{{else}}<span class="fail">FAILED</span>{{end}} <span class="muted small">{{.Note}}</span></td></tr>
{{end}}</table></section>{{end}}

{{range .Sources}}<section>
<h2>{{.Name}} <span class="muted small">{{.File}}</span></h2>
<h3>Fill rate by column</h3>
<svg width="720" height="{{mul (len .Columns) 22}}" role="img" aria-label="fill rates">
{{range $i, $c := .Columns}}<g transform="translate(0,{{mul $i 22}})"><text x="0" y="14">{{$c.Name}}</text>
<rect x="200" y="3" width="300" height="14" fill="#e5e7eb"/><rect x="200" y="3" width="{{bar $c.Fill}}" height="14" fill="#2563eb"/>
<text x="510" y="14">{{pct $c.Fill}}</text></g>
{{end}}</svg>
<table class="columns"><tr><th class="l">column</th><th class="l">field</th><th>fill</th><th>valid</th><th>distinct</th><th class="l">top values</th><th class="l">top patterns</th><th class="l">problems</th></tr>
{{range .Columns}}{{$c := .}}<tr><td class="l">{{.Name}}</td><td class="l">{{.Field}}</td><td>{{pct .Fill}}</td><td>{{if .Validity}}{{pct .Validity.Rate}}{{else}}-{{end}}</td><td>{{exact .Distinct}}{{.Distinct.Count}}</td>
<td class="l small">{{if .Unique}}<span class="muted">unique: every value once</span>{{range $i, $v := .Top}}{{if lt $i 3}}<br>{{$v.Value}}{{end}}{{end}}{{else}}{{range $i, $v := .Top}}{{if lt $i 3}}{{if $i}}<br>{{end}}{{$v.Value}} <span class="muted">{{times $c.TopExact $v.Count}}</span>{{end}}{{else}}{{if not .TopExact}}<span class="muted">no value seen twice for sure</span>{{end}}{{end}}{{end}}</td>
<td class="l small">{{range $i, $v := .Patterns}}{{if lt $i 3}}{{if $i}}<br>{{end}}<code>{{$v.Value}}</code> <span class="muted">{{times $c.PatExact $v.Count}}</span>{{end}}{{end}}</td>
<td class="l small">{{with .DateOrder}}{{if .Mixed}}{{mixed .}}<br>{{end}}{{end}}{{if .Validity}}{{range .Validity.Reasons}}{{.Kind}}: {{.Count}} ({{ex .Examples}})<br>{{end}}{{end}}{{range .Junk}}junk {{.Kind}}: {{.Count}} ({{ex .Examples}})<br>{{end}}{{range .Encoding}}{{.Kind}}: {{.Count}} ({{ex .Examples}})<br>{{end}}{{if .LostZeros}}leading zero lost: {{.LostZeros}}<br>{{end}}{{if .Untrimmed}}untrimmed: {{.Untrimmed}}{{end}}</td></tr>
{{end}}</table>
{{if .RejectRows}}<h3>Rejected rows</h3><table class="rejects"><tr><th>line</th><th class="l">reason</th></tr>
{{range .RejectRows}}<tr><td>{{.Line}}</td><td class="l">{{.Reason}}</td></tr>{{end}}</table>{{end}}
</section>{{end}}

<h2>How to read this report</h2>
<ul class="small">{{range .Notes}}<li>{{.}}</li>{{end}}</ul>
</body></html>
`
