package pipeline_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/pipeline"
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
