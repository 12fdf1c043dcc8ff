package pipeline_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/cli"
	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/rules"
)

// TestDateOrderPerColumn: a web shop export writes birth dates month first
// (10/28/1980), a CRM in ISO form. Before, every value chose its own order,
// so the ambiguous ones (07/08/1999) were read day first and the golden
// birth date was wrong for them. The column is now read in the one order
// its values show, and summary.json says which.
func TestDateOrderPerColumn(t *testing.T) {
	dir := t.TempDir()
	var crm, web strings.Builder
	crm.WriteString("id,first_name,last_name,email,birth_date\n")
	web.WriteString("id,first_name,last_name,email,dob\n")
	type person struct{ y, m, d int }
	var people []person
	for i := range 25 {
		p := person{1950 + i, 1 + i%12, 1 + (i*7)%28}
		people = append(people, p)
		fmt.Fprintf(&crm, "c%d,Ann%c,Lee%c,ann%d@x.org,%04d-%02d-%02d\n", i, 'a'+i, 'a'+i, i, p.y, p.m, p.d)
		fmt.Fprintf(&web, "w%d,Ann%c,Lee%c,ann%d@x.org,%02d/%02d/%04d\n", i, 'a'+i, 'a'+i, i, p.m, p.d, p.y)
	}
	files := []string{writeFile(t, dir, "crm.csv", crm.String()), writeFile(t, dir, "web.csv", web.String())}
	out := filepath.Join(dir, "out")
	var warnings []string
	sum, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: files, OutDir: out,
		Warn: func(f string, a ...any) { warnings = append(warnings, fmt.Sprintf(f, a...)) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sum.Sources {
		want := map[string]string{"crm": "YMD", "web": "MDY"}[s.Name]
		if got := s.DateOrders["birth_date"]; got != want {
			t.Errorf("%s: birth_date read %q, want %q", s.Name, got, want)
		}
	}
	if len(warnings) > 0 {
		t.Errorf("warnings for columns that do not mix orders: %q", warnings)
	}
	golden := readAll(t, filepath.Join(out, "golden.csv"))
	col := indexOf(golden[0], "birth_date")
	conflicts := map[string]bool{}
	for _, row := range golden[1:] {
		conflicts[row[col]] = true
	}
	for _, p := range people {
		if iso := fmt.Sprintf("%04d-%02d-%02d", p.y, p.m, p.d); !conflicts[iso] {
			t.Errorf("golden birth dates miss %s", iso)
		}
	}
	if len(golden)-1 != 25 {
		t.Errorf("%d golden records, want 25 (each CRM record with its web shop record)", len(golden)-1)
	}

	// A column that proves both orders is read in its majority's order,
	// with a warning; the minority's values are not dates in that order.
	mixed := "id,first_name,last_name,dob\n1,Ann,Lee,10/28/1980\n2,Bob,Ray,11/29/1981\n3,Cy,Fox,30/12/1982\n4,Di,Orr,07/08/1999\n"
	warnings = nil
	sum, err = pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{writeFile(t, dir, "mixed.csv", mixed)}, OutDir: filepath.Join(dir, "out2"),
		Warn: func(f string, a ...any) { warnings = append(warnings, fmt.Sprintf(f, a...)) }})
	if err != nil {
		t.Fatal(err)
	}
	if got := sum.Sources[0].DateOrders["birth_date"]; got != "MDY" {
		t.Errorf("mixed column read %q, want MDY (two values prove it, one proves DMY)", got)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "mixes date orders: 1 values are day first, 2 month first") {
		t.Errorf("warnings = %q", warnings)
	}
	g := readAll(t, filepath.Join(dir, "out2", "golden.csv"))
	col = indexOf(g[0], "birth_date")
	got := map[string]bool{}
	for _, row := range g[1:] {
		got[row[col]] = true
	}
	for _, want := range []string{"1980-10-28", "1981-11-29", "1999-07-08", "30/12/1982"} {
		if !got[want] {
			t.Errorf("golden birth dates %v lack %q", got, want)
		}
	}
}

func indexOf(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	return -1
}

// TestForcedDateOrderMisfit: a date order forced by flag or rules file on
// a column whose values prove the other order leaves those dates
// unreadable. Above 5% of the column's sampled dates that is a warning
// (stderr and summary.json), naming source, column, share and the setting,
// and an input error under strict; an order that fits, or a few stray
// values, says nothing.
func TestForcedDateOrderMisfit(t *testing.T) {
	dir := t.TempDir()
	// web.csv: n rows, the first proven of them month first (10/13/1950),
	// the rest ambiguous (07/08/1999).
	export := func(name string, n, proven int) string {
		var b strings.Builder
		b.WriteString("id,first_name,last_name,email,dob\n")
		for i := range n {
			d := fmt.Sprintf("%02d/%02d/%04d", 1+i%12, 1+i%12, 1950+i)
			if i < proven {
				d = fmt.Sprintf("%02d/%02d/%04d", 1+i%12, 13+i%15, 1950+i)
			}
			fmt.Fprintf(&b, "w%d,Ann%d,Lee%d,ann%d@x.org,%s\n", i, i, i, i, d)
		}
		return writeFile(t, dir, name, b.String())
	}
	half := export("web.csv", 20, 10)
	rulesDir := t.TempDir()
	tests := []struct {
		name   string
		file   string
		rules  string // a rules file's text, "" = none
		flag   string // --date-order
		want   string // "" = no warning about the order
		strict bool   // also run under strict: an input error holding want
	}{
		{"flag", half, "", "DMY",
			`web: column "dob" (birth_date) is read DMY (--date-order DMY), but 10 of 20 sampled dates (50%) are not dates in that order (e.g. "01/13/1950"): correct the order, or leave it out and let the values decide (they show MDY)`, true},
		{"source section", half, "[source web]\ndate_order = dmy\n", "",
			`is read DMY (date_order = DMY in [source web] of ` + filepath.Join(rulesDir, "rules.conf") + `), but 10 of 20`, true},
		{"match section", half, "[match]\ndate_order = YMD\n", "",
			`is read YMD (date_order = YMD in [match] of ` + filepath.Join(rulesDir, "rules.conf") + `), but 10 of 20`, false},
		{"the source section wins over the flag", half, "[source web]\ndate_order = MDY\n", "DMY", "", false},
		{"a field's line", half, "[source web]\ndate_order.birth_date = dmy\n", "",
			`is read DMY (date_order.birth_date = DMY in [source web] of ` + filepath.Join(rulesDir, "rules.conf") + `), but 10 of 20`, true},
		{"a field's line wins over the source's", half, "[source web]\ndate_order = DMY\ndate_order.birth_date = MDY\n", "DMY", "", false},
		{"another field's line leaves this one to the source's", half, "[source web]\ndate_order = DMY\ndate_order.created = MDY\n", "",
			`is read DMY (date_order = DMY in [source web] of ` + filepath.Join(rulesDir, "rules.conf") + `), but 10 of 20`, false},
		{"an order that fits", half, "", "MDY", "", false},
		{"the values decide", half, "", "", "", false},
		{"1 of 30 (3%) is not sizeable", export("few.csv", 30, 1), "", "DMY", "", false},
		{"2 of 30 (7%) is", export("some.csv", 30, 2), "", "DMY", "some: column \"dob\" (birth_date) is read DMY (--date-order DMY), but 2 of 30 sampled dates (7%)", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cfg *rules.Config
			if tt.rules != "" {
				cfg = mustRules(t, rulesDir, tt.rules)
			}
			for _, strict := range []bool{false, true} {
				if strict && !tt.strict {
					continue
				}
				plan, err := rules.NewPlan(cfg, rules.Overrides{DateOrder: tt.flag, Strict: strict})
				if err != nil {
					t.Fatal(err)
				}
				var warnings []string
				sum, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{tt.file}, Plan: &plan,
					OutDir: filepath.Join(t.TempDir(), "out"),
					Warn:   func(f string, a ...any) { warnings = append(warnings, fmt.Sprintf(f, a...)) }})
				if strict {
					var ie *pipeline.InputError
					if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
						t.Errorf("strict: error %v, want an input error holding %q", err, tt.want)
					}
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				var orderWarnings []string
				for _, w := range warnings {
					if strings.Contains(w, "date") {
						orderWarnings = append(orderWarnings, w)
					}
				}
				switch {
				case tt.want == "" && len(orderWarnings) > 0:
					t.Errorf("warnings %q, want none about dates", orderWarnings)
				case tt.want != "" && (len(orderWarnings) != 1 || !strings.Contains(orderWarnings[0], tt.want)):
					t.Errorf("warnings %q, want one holding %q", orderWarnings, tt.want)
				case tt.want != "" && !slices.Contains(sum.Warnings, orderWarnings[0]):
					t.Errorf("summary warnings %q lack %q", sum.Warnings, orderWarnings[0])
				}
			}
		})
	}

	// The CLI: --strict turns the warning into exit code 2.
	var stdout, stderr bytes.Buffer
	code := cli.Run(context.Background(), []string{"dedupe", "--strict", "--date-order", "DMY", "--out", filepath.Join(t.TempDir(), "o"), half},
		cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
	if code != cli.ExitInput || !strings.Contains(stderr.String(), "10 of 20 sampled dates (50%) are not dates in that order") {
		t.Errorf("--strict --date-order DMY: exit %d, stderr %s", code, stderr.String())
	}
}

// TestDateOrderPrecedence: each date column is read in the order of the
// first setting that applies: its date_order.<field> line in the source's
// section, the section's date_order, --date-order, date_order in [match],
// and else its values. The values here are all ambiguous (07/08/1999), so
// the default (DMY) shows where nothing forces an order, and the golden
// record shows the order reached the dates themselves.
func TestDateOrderPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "web.csv", "id,first_name,last_name,email,dob,created\n"+
		"w1,Ann,Lee,ann@x.org,07/08/1999,03/04/2020\n")
	iso := map[string][2]string{"DMY": {"1999-08-07", "2020-04-03"}, "MDY": {"1999-07-08", "2020-03-04"}}
	tests := []struct {
		name         string
		rules        string // "" = none
		flag         string // --date-order
		birth, creat string // the orders birth_date and created are read in
	}{
		{"the values (by default)", "", "", "DMY", "DMY"},
		{"the flag", "", "MDY", "MDY", "MDY"},
		{"[match]", "[match]\ndate_order = MDY\n", "", "MDY", "MDY"},
		{"the flag over [match]", "[match]\ndate_order = DMY\n", "MDY", "MDY", "MDY"},
		{"the source over the flag", "[source web]\ndate_order = MDY\n", "DMY", "MDY", "MDY"},
		{"a field over the values", "[source web]\ndate_order.created = MDY\n", "", "DMY", "MDY"},
		{"a field over the flag", "[source web]\ndate_order.birth_date = MDY\n", "DMY", "MDY", "DMY"},
		{"a field over the source", "[source web]\ndate_order = MDY\ndate_order.created = DMY\n[match]\ndate_order = MDY\n", "MDY", "MDY", "DMY"},
		{"each field its own", "[source web]\ndate_order.birth_date = DMY\ndate_order.created = MDY\n", "", "DMY", "MDY"},
		{"a line of another source", "[source crm]\ndate_order.birth_date = MDY\n", "", "DMY", "DMY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cfg *rules.Config
			if tt.rules != "" {
				cfg = mustRules(t, t.TempDir(), tt.rules)
			}
			plan, err := rules.NewPlan(cfg, rules.Overrides{DateOrder: tt.flag})
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "out")
			sum, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{file}, Plan: &plan, OutDir: out,
				Warn: func(string, ...any) {}})
			if err != nil {
				t.Fatal(err)
			}
			got := sum.Sources[0].DateOrders
			if got["birth_date"] != tt.birth || got["created"] != tt.creat {
				t.Errorf("date orders %v, want birth_date %s, created %s", got, tt.birth, tt.creat)
			}
			g := readAll(t, filepath.Join(out, "golden.csv"))
			for i, f := range []string{"birth_date", "created"} {
				want := iso[map[string]string{"birth_date": tt.birth, "created": tt.creat}[f]][i]
				if c := indexOf(g[0], f); c < 0 || g[1][c] != want {
					t.Errorf("golden %s: header %q, row %q; want %s", f, g[0], g[1], want)
				}
			}
		})
	}
}
