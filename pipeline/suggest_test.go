package pipeline_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/rules"
)

// TestSuggestRulesRunRoundTrip: the rules that --suggest-rules prints for
// exports with composite fields (a birth date over year, month and day
// columns in either file order, a year of birth alone, names in numbered
// components), a month-first date column, and a source whose birth dates
// are month first and creation dates day first, passed back with --rules,
// give the run the zero-config run had: the same mapping, date orders and
// warnings, and the same output files.
func TestSuggestRulesRunRoundTrip(t *testing.T) {
	dir := t.TempDir()
	var rl, census, web, yob, shop strings.Builder
	rl.WriteString("id,fname_c1,fname_c2,lname_c1,lname_c2,by,bm,bd\n")
	census.WriteString("PERSON_ID,PERNAME1,PERNAME2,SEX,DOB_DAY,DOB_MON,DOB_YEAR,ENUMCAP,ENUMPC\n")
	web.WriteString("id,first_name,last_name,email,dob,created\n")
	yob.WriteString("Kundennr,Vorname,Nachname,Geburtsjahr\n")
	shop.WriteString("id,first_name,last_name,email,dob,created\n")
	given := []string{"JAN", "ANNA", "PETER", "MARIA", "KARL", "EVA", "OTTO", "LENA", "PAUL", "SARA", "TOM", "IDA"}
	family := []string{"MEIER", "BAUER", "SCHMIDT", "WOLF", "KOCH", "RICHTER", "KLEIN", "NEUMANN", "BRAUN", "ZIMMER", "HAHN", "LANGE"}
	for i := range 24 {
		g, f := given[i%12], family[(i*5)%12]+fmt.Sprint(i)
		y, m, d := 1940+i, 1+i%12, 1+(i*7)%28
		second := ""
		if i%3 == 0 {
			second = "MARIE"
		}
		fmt.Fprintf(&rl, "%d,%s,%s,%s,,%d,%d,%d\n", i+1, g, second, f, y, m, d)
		if i%2 == 0 { // a duplicate with a typo in the given name
			fmt.Fprintf(&rl, "%d,%s,%s,%s,,%d,%d,%d\n", 100+i, g+"E", second, f, y, m, d)
		}
		fmt.Fprintf(&census, "P%03d,%s,%s,%s,%d,%d,%d,%d HIGH ST,DE%02d 8AB\n", i, g, f, "MF"[i%2:i%2+1], d, m, y, i+1, i)
		fmt.Fprintf(&web, "w%d,%s,%s,%s.%s@x.org,%02d/%02d/%04d,2020-%02d-%02d\n", i, g, f, strings.ToLower(g), strings.ToLower(f), m, d, y, m, d)
		fmt.Fprintf(&yob, "K%d,%s,%s,%d\n", i, g, f, y)
		fmt.Fprintf(&shop, "s%d,%s,%s,%s.%s@x.org,%02d/%02d/%04d,%02d/%02d/2021\n", i, g, f, strings.ToLower(g), strings.ToLower(f), m, d, y, d, m)
	}
	files := []string{
		writeFile(t, dir, "rl.csv", rl.String()), writeFile(t, dir, "census.csv", census.String()),
		writeFile(t, dir, "web.csv", web.String()), writeFile(t, dir, "yob.csv", yob.String()),
		writeFile(t, dir, "shop.csv", shop.String()),
	}
	run := func(cfg *rules.Config, out string) (*pipeline.Summary, []string) {
		t.Helper()
		var warnings []string
		sum, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: files, Rules: cfg, OutDir: out,
			Warn: func(f string, a ...any) { warnings = append(warnings, fmt.Sprintf(f, a...)) }})
		if err != nil {
			t.Fatal(err)
		}
		return sum, warnings
	}
	zero, zeroWarn := run(nil, filepath.Join(dir, "zero"))

	text, err := pipeline.SuggestRules(pipeline.Options{Files: files})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"column.by = birth_date.year ", "column.bd = birth_date.day ", "column.DOB_DAY = birth_date.day ",
		"column.Geburtsjahr = birth_date.year ", "column.fname_c2 = given_name.2 ", "column.lname_c1 = family_name.1 ",
		"\ndate_order = MDY ", "#   birth_date (column \"dob\") read MDY, from its values",
		"\ndate_order.birth_date = MDY ", "\ndate_order.created = DMY ", "#   created (column \"created\") read DMY, from its values",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("suggestion lacks %q", want)
		}
	}
	if strings.Contains(text, "keep auto on") {
		t.Errorf("a composite left to auto")
	}
	cfg, err := rules.Load(writeFile(t, t.TempDir(), "suggested.conf", text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	back, backWarn := run(cfg, filepath.Join(dir, "back"))
	if t.Failed() {
		t.Logf("suggestion:\n%s", text)
	}

	for i, s := range zero.Sources {
		b := back.Sources[i]
		if !maps.Equal(s.Mapping, b.Mapping) || s.IDColumn != b.IDColumn || !reflect.DeepEqual(s.Unmapped, b.Unmapped) ||
			!maps.EqualFunc(s.DateOrders, b.DateOrders, sameOrder) {
			t.Errorf("%s: zero-config %+v\nwith the suggested rules %+v", s.Name, s, b)
		}
	}
	if !reflect.DeepEqual(zeroWarn, backWarn) {
		t.Errorf("warnings differ:\nzero-config %q\nsuggested   %q", zeroWarn, backWarn)
	}
	if zero.Counts.Matched == 0 {
		t.Errorf("nothing matched: the comparison of outputs proves little")
	}
	for _, name := range []string{pipeline.GoldenFile, pipeline.CrosswalkFile, pipeline.PairsFile, pipeline.LineageFile} {
		a, err := os.ReadFile(filepath.Join(dir, "zero", name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "back", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between the zero-config run and the run with the suggested rules", name)
		}
	}
}

// sameOrder reports whether a column read in order a by a zero-config run
// is read the same in order b: a column whose values put the year first
// (read YMD) reads the same in every order, so a source's date_order only
// renames it.
func sameOrder(a, b string) bool { return a == b || a == "YMD" }
