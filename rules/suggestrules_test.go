package rules

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel"
)

// sameMapping reports how two mappings differ ("" = not at all).
func sameMapping(a, b Mapping) string {
	var diffs []string
	if a.Columns != b.Columns {
		diffs = append(diffs, fmt.Sprintf("columns %v vs %v", a.Columns, b.Columns))
	}
	if a.ID != b.ID {
		diffs = append(diffs, fmt.Sprintf("id %d vs %d", a.ID, b.ID))
	}
	for f := range doppel.NumFields {
		if !slices.Equal(a.Parts[f], b.Parts[f]) {
			diffs = append(diffs, fmt.Sprintf("%s parts %v vs %v", f, a.Parts[f], b.Parts[f]))
		}
	}
	if !slices.Equal(a.Unmapped, b.Unmapped) {
		diffs = append(diffs, fmt.Sprintf("unmapped %v vs %v", a.Unmapped, b.Unmapped))
	}
	return strings.Join(diffs, "; ")
}

func TestSuggestRulesRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		row    func(i int) []string
		source string
		dates  []DateOrderNote // as the pipeline would note them; nil = none
	}{
		{"rldata composites", strings.Split("id,fname_c1,fname_c2,lname_c1,lname_c2,by,bm,bd", ","),
			func(i int) []string { return []string{fmt.Sprint(i + 1), "JAN", "", "MEIER", "", "1949", "7", "22"} }, "rldata500", nil},
		{"essnet: parts in file order day, month, year", strings.Split("PERSON_ID,PERNAME1,PERNAME2,SEX,DOB_DAY,DOB_MON,DOB_YEAR,ENUMCAP,ENUMPC", ","),
			func(i int) []string {
				return []string{fmt.Sprint(i + 1), "EMMA", "SMITH", "F", "3", "11", "1961", "1 HIGH ST", "DE03 8AB"}
			}, "census", nil},
		{"year only; Spanish family names", []string{"nombre", "segundo apellido", "primer apellido", "Geburtsjahr"},
			func(i int) []string { return []string{"Ana", "Ruiz", "García", "1970"} }, "mixed", nil},
		{"a part that cannot be named stays with auto", []string{"id", "bm", `b"y`, "email"},
			func(i int) []string { return []string{fmt.Sprint(i + 1), "4", "1980", fmt.Sprintf("a%d@b.de", i)} }, "odd", nil},
		{"foreigners: date found by values, sname a second given name", strings.Split("id,fname,sname,surname,date,region,country", ","),
			func(i int) []string {
				return []string{fmt.Sprint(i + 1), "emin", "", "imanov", fmt.Sprintf("%d/02/05", 1950+i), "", "031"}
			}, "records", nil},
		{"values: id, e-mail and phone without usable headers; odd header characters",
			[]string{"Schlüssel", "col 1", "Tel # privat", "x=y", "Notes", " Name ", "Beruf", "Customer Email"},
			func(i int) []string {
				return []string{fmt.Sprint(100 + i), fmt.Sprintf("u%d@example.org", i), "030 1234567", fmt.Sprintf("+49 30 %07d", i), "", "Anna B", "", ""}
			}, "crm export", nil},
		{"a lone name of companies", []string{"name", "city"},
			func(i int) []string { return []string{fmt.Sprintf("Acme %c Ltd", 'A'+i), "Leeds"} }, "firms", nil},
		{"Chinese", []string{"代码", "姓名", "手机", "col7", "出生日期"},
			func(i int) []string {
				return []string{fmt.Sprintf("K%06d", i), "宋建国", fmt.Sprintf("138%08d", i), fmt.Sprintf("u%d@x.cn", i), "1980-01-02"}
			}, "客户", []DateOrderNote{{Field: doppel.BirthDate, Order: "YMD", Neutral: true}}},
		{"birth dates month first, creation dates day first", []string{"id", "name", "email", "dob", "created", "updated"},
			func(i int) []string {
				return []string{fmt.Sprint(i + 1), "Ann Lee", fmt.Sprintf("a%d@b.de", i), "10/28/1980", "28/10/2020", "01/02/2021"}
			}, "web", []DateOrderNote{
				{Field: doppel.BirthDate, Order: "MDY", Decided: true, Text: "birth_date month first"},
				{Field: doppel.Created, Order: "DMY", Decided: true, Text: "created day first"},
				{Field: doppel.Updated, Order: "DMY", Text: "updated either way"},
			}},
		{"all date columns month first", []string{"id", "name", "dob", "created"},
			func(i int) []string { return []string{fmt.Sprint(i + 1), "Ann Lee", "10/28/1980", "12/13/2020"} }, "crm", []DateOrderNote{
				{Field: doppel.BirthDate, Order: "MDY", Decided: true}, {Field: doppel.Created, Order: "MDY", Decided: true},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rows [][]string
			for i := range 30 {
				rows = append(rows, tt.row(i))
			}
			m, ds := InferMapping(tt.header, rows)
			text := SuggestRules(tt.header, m, ds, tt.source, tt.dates)
			cfg, err := Parse("suggested.rules", strings.NewReader(text))
			if err != nil {
				t.Fatalf("Parse: %v\n%s", err, text)
			}
			if len(cfg.Sources) != 1 || cfg.Sources[0].Name != tt.source {
				t.Fatalf("sources %+v\n%s", cfg.Sources, text)
			}
			back, err := cfg.Sources[0].Apply(tt.header)
			if err != nil {
				t.Fatalf("Apply: %v\n%s", err, text)
			}
			if d := sameMapping(m, back); d != "" {
				t.Errorf("round trip differs: %s\n%s\ninferred:\n%s\nback:\n%s", d, text, m.Describe(tt.header), back.Describe(tt.header))
			}
			// Every date column is read as noted: a decided one in its
			// order, pinned; an undecided one in its order, or left to
			// its values (which decide it the same way again).
			for _, d := range tt.dates {
				order, key := cfg.Sources[0].DateOrderOf(d.Field)
				if order != d.Order && (order != "" || d.Decided) {
					t.Errorf("%s read %s (%q), want %s (decided %v)\n%s", d.Field, order, key, d.Order, d.Decided, text)
				}
			}
			// And a second suggestion from the applied mapping is the same text.
			if again := SuggestRules(tt.header, back, ds, tt.source, tt.dates); again != text {
				t.Errorf("suggestion not stable:\n%s\nvs\n%s", text, again)
			}
		})
	}
}

func TestSuggestRulesText(t *testing.T) {
	header := strings.Split("id,fname,by,bm,col1,Beruf", ",")
	var rows [][]string
	for i := range 10 {
		rows = append(rows, []string{fmt.Sprint(i), "Ann", "1980", "2", fmt.Sprintf("a%d@b.de", i), "Arzt"})
	}
	m, ds := InferMapping(header, rows)
	got := SuggestRules(header, m, ds, "shop", nil)
	for _, want := range []string{
		"[source shop]\n",
		"id = id ",
		"column.fname = given_name ",
		"column.col1 = email ",
		"# header \"col1\" not recognised; 100% of 10 values are e-mail addresses (e.g. \"a0@b.de\") (confidence 0.95)",
		"column.Beruf = ignore ",
		"column.by = birth_date.year ",
		"column.bm = birth_date.month ",
		`# header "by" is part of birth_date (by + bm) (confidence 0.90)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "keep auto on") {
		t.Errorf("composite whose columns can be named left to auto:\n%s", got)
	}
	// A composite with a part that cannot be named is left to auto.
	header = []string{"id", "bm", `b"y`}
	got = SuggestRules(header, AutoMap(header), nil, "odd", nil)
	for _, want := range []string{
		"# b\"y + bm -> birth_date: one field from several columns, not all of which a rules file can name; the automatic mapping finds them by their headers (keep auto on)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "column.bm") {
		t.Errorf("a part written although its composite cannot be written whole:\n%s", got)
	}
	// Unnameable columns are comments, and nil decisions leave no comments.
	header = []string{"email", "", `a"b`, "email"}
	got = SuggestRules(header, AutoMap(header), nil, `we"ird`, nil)
	for _, want := range []string{
		"[source we_ird]\n", "column.email = email\n", "# column 2 \"\" cannot be named", "# column 3 \"a\\\"b\" cannot be named",
		"# column 4 \"email\" cannot be named",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if _, err := Parse("x", strings.NewReader(got)); err != nil {
		t.Errorf("Parse: %v\n%s", err, got)
	}
}

// TestSuggestRulesDateOrder: the date_order line is active only when one
// order reads every date column as the run reads it and something decides
// it; when the columns read in different orders, each decided column gets
// an active date_order.<field> line and each undecided one a commented
// one; otherwise it is a comment that says why. Either way Parse accepts
// the text, and the active lines set the orders the run read in.
func TestSuggestRulesDateOrder(t *testing.T) {
	mdy := DateOrderNote{Field: doppel.BirthDate, Order: "MDY", Decided: true, Text: "birth_date proven month first"}
	dmy := DateOrderNote{Field: doppel.Created, Order: "DMY", Decided: true, Text: "created proven day first"}
	iso := DateOrderNote{Field: doppel.Updated, Order: "YMD", Neutral: true, Text: "updated year first"}
	unsure := DateOrderNote{Field: doppel.Created, Order: "DMY", Text: "created 07/08/1999 only"}
	isoBirth := DateOrderNote{Field: doppel.BirthDate, Order: "YMD", Neutral: true, Text: "birth_date year first"}
	tests := []struct {
		name   string
		dates  []DateOrderNote
		want   []string // lines, each up to its comment
		order  string   // the date order the parsed section sets
		fields map[doppel.Field]string
	}{
		{"none", nil, nil, "", nil},
		{"proven", []DateOrderNote{mdy}, []string{"date_order = MDY  # numeric dates such as 03/04/1980 are read month first in every date column below\n"}, "MDY", nil},
		{"proven, and year-first dates read the same", []DateOrderNote{mdy, iso}, []string{"date_order = MDY "}, "MDY", nil},
		{"proven orders differ", []DateOrderNote{mdy, dmy, iso}, []string{
			"date_order.birth_date = MDY  # birth_date is read month first; the date columns below read in different orders\n",
			"date_order.created = DMY     # created is read day first",
		}, "", map[doppel.Field]string{doppel.BirthDate: "MDY", doppel.Created: "DMY"}},
		{"undecided column read otherwise", []DateOrderNote{mdy, unsure}, []string{
			"date_order.birth_date = MDY ",
			"# date_order.created = DMY   # the values of created do not decide its order (below): uncomment and correct this line to set one\n",
		}, "", map[doppel.Field]string{doppel.BirthDate: "MDY"}},
		{"undecided column read the same", []DateOrderNote{dmy, unsure}, []string{"date_order = DMY "}, "DMY", nil},
		{"nothing decides", []DateOrderNote{unsure, iso}, []string{"# date_order = DMY  # the values do not decide the order (below): uncomment"}, "", nil},
		{"nothing decides, a year-first column first", []DateOrderNote{isoBirth, unsure}, []string{"# date_order = DMY  # the values do not decide the order (below): uncomment"}, "", nil},
		{"year first only", []DateOrderNote{iso}, []string{"# date_order: not needed"}, "", nil},
	}
	header := []string{"id", "dob"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SuggestRules(header, AutoMap(header), nil, "s", tt.dates)
			if tt.want == nil && strings.Contains(got, "date_order") {
				t.Errorf("a date_order line without date columns:\n%s", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, "\n"+w) {
					t.Errorf("missing line %q in:\n%s", w, got)
				}
			}
			if n := strings.Count(got, "date_order"); n != len(tt.want) {
				t.Errorf("%d date_order lines, want %d:\n%s", n, len(tt.want), got)
			}
			for _, d := range tt.dates {
				if !strings.Contains(got, "\n#   "+d.Text+"\n") {
					t.Errorf("missing the note %q in:\n%s", d.Text, got)
				}
			}
			cfg, err := Parse("suggested.rules", strings.NewReader(got))
			if err != nil {
				t.Fatalf("Parse: %v\n%s", err, got)
			}
			if o := cfg.Sources[0].DateOrder; o != tt.order {
				t.Errorf("date order %q, want %q\n%s", o, tt.order, got)
			}
			if f := cfg.Sources[0].FieldDateOrders; !maps.Equal(f, tt.fields) {
				t.Errorf("date orders per field %v, want %v\n%s", f, tt.fields, got)
			}
		})
	}
}
