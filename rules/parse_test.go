package rules

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel"
)

// docExample returns the full example of the package doc comment, so that
// the documented format is parsed by the tests.
func docExample(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(src), "// A complete example:\n//\n")
	if !ok {
		t.Fatal("doc.go: example not found")
	}
	var b strings.Builder
	for line := range strings.SplitSeq(rest, "\n") {
		if line == "//" {
			b.WriteString("\n")
			continue
		}
		code, ok := strings.CutPrefix(line, "//\t")
		if !ok {
			break
		}
		b.WriteString(code + "\n")
	}
	return b.String()
}

func TestParseDocExample(t *testing.T) {
	cfg, err := Parse("rules.conf", strings.NewReader(docExample(t)))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		File: "rules.conf",
		Sources: []Source{
			{
				Name: "crm", File: "crm_export*.csv", Encoding: "windows-1252", Delimiter: ';', IDColumn: "CustNo",
				Region: "DE", DateOrder: "DMY", Priority: 1, Line: 2, origin: "rules.conf",
				FieldDateOrders: map[doppel.Field]string{doppel.Created: "MDY"},
				Columns:         map[string]string{"Vorname": "given_name", "Notes": "ignore", "Tel # privat": "phone"},
			},
			{
				Name: "webshop", File: "shop-*.csv", NoAuto: true, IDColumn: "order_customer", Line: 17, origin: "rules.conf",
				Columns: map[string]string{"mail": "email", "zip": "postcode"},
			},
		},
		Match: Match{
			Threshold: 0.9, MaxCluster: 50, Region: "GB", DateOrder: "DMY",
			Fields:   []doppel.Field{doppel.GivenName, doppel.FamilyName, doppel.BirthDate, doppel.Email, doppel.Postcode},
			Distinct: []doppel.Field{doppel.NationalID}, ReviewLow: 0.1, ReviewHigh: 0.9,
		},
		Survive: Survivorship{
			Default:  MostComplete,
			PerField: map[doppel.Field]Strategy{doppel.Email: MostRecent, doppel.Phone: MostFrequent},
		},
		Gates: []Gate{
			{Line: 41, Text: "email.fill >= 0.8", Metric: "email.fill", Op: ">=", Value: 0.8},
			{Line: 42, Text: "rejects == 0", Metric: "rejects", Op: "==", Value: 0},
			{Line: 43, Text: "crm:duplicates.rate <= 5%", Source: "crm", Metric: "duplicates.rate", Op: "<=", Value: 0.05},
		},
	}
	for i := range cfg.Sources {
		cfg.Sources[i].keyLines = nil // key lines are for messages; tested in TestApplyErrors
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got  %+v\nwant %+v", cfg, want)
	}
}

func TestParseDetails(t *testing.T) {
	src := "\uFEFF; ini comment\r\n" +
		"[Source \"Web Shop\"]\r\n" +
		"FILE = \"shop #1.csv\"   # quoted keeps the hash\r\n" +
		"delimiter = tab\r\n" +
		"column.\"a=b\" = Email\r\n" +
		"auto = yes\r\n" +
		"[source x]\n" +
		"delimiter = \"#\"\n" +
		"encoding = UTF-8\n" +
		"region = gb\n" +
		"date_order = mdy\n" +
		"Date_Order.Created = dmy\n" +
		"[survivorship]\n" +
		"phone = SOURCE_PRIORITY\n"
	cfg, err := Parse("r", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Sources[0]
	if s.Name != "Web Shop" || s.File != "shop #1.csv" || s.Delimiter != '\t' || s.NoAuto || s.Line != 2 ||
		s.Columns["a=b"] != "email" {
		t.Errorf("source 0 = %+v", s)
	}
	s = cfg.Sources[1]
	if s.Delimiter != '#' || s.Encoding != "utf-8" || s.Region != "GB" || s.DateOrder != "MDY" {
		t.Errorf("source 1 = %+v", s)
	}
	if s.FieldDateOrders[doppel.Created] != "DMY" || len(s.FieldDateOrders) != 1 {
		t.Errorf("source 1 date orders per field = %v, want created DMY", s.FieldDateOrders)
	}
	if cfg.Survive.Default != MostComplete || cfg.Survive.For(doppel.Phone) != SourcePriority ||
		cfg.Survive.For(doppel.Email) != MostComplete {
		t.Errorf("survivorship = %+v", cfg.Survive)
	}
	if cfg.Match.Fields != nil {
		t.Errorf("fields = %v, want nil (all)", cfg.Match.Fields)
	}

	cfg, err = Parse("empty", strings.NewReader("# nothing\n\n"))
	if err != nil || len(cfg.Sources) != 0 || cfg.Survive.Default != MostComplete || cfg.File != "empty" {
		t.Errorf("empty file: %+v, %v", cfg, err)
	}
	if d := Default(); d.File != "" || d.Survive.For(doppel.Email) != MostComplete {
		t.Errorf("Default() = %+v", d)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // every message, in order, without the "rules.conf:" prefix
	}{
		{"unknown source key", "[source a]\nfiel = x.csv", []string{`2: unknown key "fiel" in [source a] (did you mean "file"?)`}},
		{"unknown field", "[source a]\n\ncolumn.Mail = emial", []string{`3: column.Mail: unknown field "emial" (did you mean "email"?)`}},
		{"field by header synonym", "[source a]\ncolumn.X = surname", []string{`2: column.X: unknown field "surname" (did you mean "family_name"?)`}},
		{"column to id", "[source a]\ncolumn.Nr = id", []string{`2: column.Nr: "id" is not a field; the record-id column is set with "id = Nr"`}},
		{"bad column key", "[source a]\ncolumns = x", []string{`2: "columns": a column mapping reads column.<header> = <field>`}},
		{"empty column header", "[source a]\ncolumn.\"\" = email", []string{`2: column.: missing header name`}},
		{"field mapped twice", "[source a]\ncolumn.A = email\ncolumn.B = email", []string{`3: column.B: field email is already mapped from column.A at line 2`}},
		// Parts of composite fields.
		{"date parts", "[source a]\ncolumn.bd = birth_date.day\ncolumn.bm = Birth_Date.Month\ncolumn.by = birth_date.year\ncolumn.c = created.year", nil},
		{"name components", "[source a]\ncolumn.f2 = given_name.2\ncolumn.f1 = given_name.1\ncolumn.s1 = street.1\ncolumn.s2 = street.2", nil},
		{"unknown date part", "[source a]\ncolumn.by = birth_date.yaer", []string{
			`2: column.by: unknown part "yaer" of birth_date (did you mean "year"?); a date's parts are birth_date.year, birth_date.month and birth_date.day`}},
		{"unknown component", "[source a]\ncolumn.f = given_name.first\ncolumn.g = family_name.0\ncolumn.h = full_name.01", []string{
			`2: column.f: unknown part "first" of given_name; its parts are numbered given_name.1, given_name.2 ... given_name.9 in the order they are joined`,
			`3: column.g: unknown part "0" of family_name; its parts are numbered family_name.1, family_name.2 ... family_name.9 in the order they are joined`,
			`4: column.h: unknown part "01" of full_name; its parts are numbered full_name.1, full_name.2 ... full_name.9 in the order they are joined`}},
		{"field without parts", "[source a]\ncolumn.m1 = email.1", []string{
			`2: column.m1: email cannot be split over columns; parts are for dates (birth_date.year, .month, .day) and for name, text, address and phone fields (given_name.1, given_name.2)`}},
		{"unknown field of a part", "[source a]\ncolumn.by = brith_date.year", []string{
			`2: column.by: unknown field "brith_date" in "brith_date.year" (did you mean "birth_date"?)`}},
		{"part twice", "[source a]\ncolumn.by = birth_date.year\ncolumn.bm = birth_date.month\ncolumn.mon = birth_date.month", []string{
			`4: column.mon: birth_date.month is already mapped from column.bm at line 3`}},
		{"day without month", "[source a]\ncolumn.by = birth_date.year\ncolumn.bd = birth_date.day", []string{
			`3: column.bd: birth_date.day without birth_date.month: a day is only read with its month`}},
		{"month without year", "[source a]\ncolumn.bm = birth_date.month\ncolumn.bd = birth_date.day", []string{
			`2: column.bm: birth_date.month without birth_date.year: a date split over columns needs its year column`,
			`3: column.bd: birth_date.day without birth_date.year: a date split over columns needs its year column`}},
		{"whole, then a part", "[source a]\ncolumn.dob = birth_date\ncolumn.by = birth_date.year", []string{
			`3: column.by: birth_date is mapped whole from column.dob at line 2; map it whole or in parts, not both`}},
		{"a part, then whole", "[source a]\ncolumn.by = birth_date.year\ncolumn.dob = birth_date", []string{
			`3: column.dob: birth_date is mapped in parts from column.by at line 2 (birth_date.year); map it whole or in parts, not both`}},
		{"one component", "[source a]\ncolumn.f1 = given_name.1", []string{
			`2: column.f1: given_name.1 is the only part of given_name: map a single column as given_name`}},
		{"component gap", "[source a]\ncolumn.f1 = given_name.1\ncolumn.f3 = given_name.3", []string{
			`3: column.f3: given_name.3 without given_name.2: components are numbered from 1 without a gap`}},
		{"id column also mapped", "[source a]\ncolumn.Nr = phone\nid = Nr", []string{`2: [source a]: column "Nr" is the id column (id = Nr); the id column never feeds a field`}},
		{"id column ignored is fine", "[source a]\ncolumn.Nr = ignore\nid = Nr", nil},
		{"auto off without columns", "[source a]\nfile = a.csv\nauto = off", []string{`3: [source a]: auto = false but no column.* lines: nothing would be mapped`}},
		{"bad bool", "[source a]\nauto = maybe", []string{`2: auto: "maybe" is not true or false`}},
		{"unknown section", "[matches]\nthreshold = 2", []string{`1: unknown section [matches] (did you mean "match"?); sections are [source NAME], [match], [survivorship] and [audit]`}},
		{"duplicate section", "[match]\n\n[match]", []string{`3: duplicate section [match] (first at line 1)`}},
		{"duplicate source", "[source a]\n[source b]\n[source a]\nregion = XXX", []string{
			`3: duplicate section [source a] (first at line 1)`, `4: region: "XXX" is not a two-letter ISO 3166 region code such as GB, DE, US`}},
		{"duplicate key", "[match]\nregion = GB\nREGION = DE", []string{`3: duplicate key "REGION" (first at line 2)`}},
		{"duplicate column", "[source a]\ncolumn.X = email\ncolumn.X = phone", []string{`3: duplicate key "column.X" (first at line 2)`}},
		{"key outside section", "threshold = 0.9\nregion = GB\n[match]", []string{`1: key "threshold" outside a section; start with [source NAME], [match] or [survivorship]`}},
		{"no equals", "[match]\nthreshold 0.9", []string{`2: expected "key = value" or a [section] header, got "threshold 0.9"`}},
		{"missing value", "[match]\nregion =   # none", []string{`2: region: missing value`}},
		{"unknown encoding", "[source a]\nencoding = utf8", []string{`2: encoding: unknown encoding "utf8" (did you mean "utf-8"?); known: utf-8, utf-16, utf-16le, utf-16be, windows-1252, cp1252, latin1, iso-8859-1, iso-8859-15, auto`}},
		{"bad delimiter", "[source a]\ndelimiter = ab", []string{`2: delimiter: "ab" is not one character (or tab, comma, semicolon, pipe, space)`}},
		{"quote delimiter", "[source a]\ndelimiter = \"\"\"", []string{`2: unterminated quote`}},
		{"quote inside quotes", "[source a]\nid = \"a\" b \"c\"", []string{`2: id: bad quoting in "a" b "c": quote the whole value, and it cannot contain quotes`}},
		{"region UK", "[source a]\nregion = uk", []string{`2: region: "uk" is not an ISO 3166 code; the United Kingdom is "GB"`}},
		{"date order", "[match]\ndate_order = DDMMYY", []string{`2: date_order: "DDMMYY" is not DMY, MDY or YMD`}},
		{"date order of an unknown field", "[source a]\ndate_order.dob = MDY", []string{
			`2: date_order.dob: unknown field "dob" (did you mean "birth_date"?); the date fields are birth_date, created or updated`}},
		{"date order of a field that is not a date", "[source a]\ndate_order.email = MDY", []string{
			`2: date_order.email: email is not a date field; the date fields are birth_date, created or updated`}},
		{"date order of a date part", "[source a]\ndate_order.birth_date.year = MDY", []string{
			`2: date_order.birth_date.year: unknown field "birth_date.year"; the date fields are birth_date, created or updated`}},
		{"date order of no field", "[source a]\ndate_order. = MDY", []string{
			`2: date_order.: missing field name; date_order.<field> sets the order of one of birth_date, created or updated`}},
		{"unknown date order of a field", "[source a]\ndate_order.created = DD.MM.YYYY", []string{
			`2: date_order.created: "DD.MM.YYYY" is not DMY, MDY or YMD`}},
		{"date order of a field twice", "[source a]\ndate_order.created = DMY\ndate_order.created = MDY", []string{
			`3: duplicate key "date_order.created" (first at line 2)`}},
		{"date order of a field twice, spelt differently", "[source a]\ndate_order.Created = DMY\ndate_order. created = MDY", []string{
			`3: duplicate key "date_order.created" (first at line 2)`}},
		{"date order of a field in [match]", "[match]\ndate_order.birth_date = MDY", []string{
			`2: date_order.birth_date: the order of one date field is set per source, in a [source NAME] section; [match] takes date_order for all of them`}},
		{"date orders per field and per source", "[source a]\ndate_order = DMY\ndate_order.birth_date = mdy\ndate_order.created = ymd", nil},
		{"priority zero", "[source a]\npriority = 0", []string{`2: priority: 0 is out of range 1..1000000`}},
		{"priority text", "[source a]\npriority = high", []string{`2: priority: "high" is not a whole number`}},
		{"threshold high", "[match]\nthreshold = 1.5", []string{`2: threshold: 1.5 is not a probability above 0 and at most 1`}},
		{"threshold zero", "[match]\nthreshold = 0", []string{`2: threshold: 0 is not a probability above 0 and at most 1`}},
		{"threshold NaN", "[match]\nthreshold = NaN", []string{`2: threshold: "NaN" is not a number`}},
		{"max cluster", "[match]\nmax_cluster = 1", []string{`2: max_cluster: 1 is out of range 2..1000000000`}},
		{"unknown match key", "[match]\nlinkonly = true", []string{`2: unknown key "linkonly" in [match] (did you mean "link_only"?)`}},
		{"fields", "[match]\nfields = given_name, emial, , given_name", []string{
			`2: fields: unknown field "emial" (did you mean "email"?); empty item in the list; field given_name is listed twice`}},
		{"distinct field", "[match]\ndistinct = national_id, given_name", []string{
			`2: distinct: given_name cannot be a hard rule (fields that can: gender, birth_date, email, phone, national_id or customer_ref)`}},
		// Fields that no comparison reads would leave a run with nothing
		// to match on (it validated and merged nothing before).
		{"fields not compared", "[match]\nfields = middle_name, title", []string{
			`2: fields: middle_name is not compared by any comparison (fields that are: full_name, given_name, family_name, name_reading, gender, birth_date, birth_place, email, phone, mobile, phone_2, company, address, street_number, street, address_2, city, state, postcode, country, national_id or customer_ref)`}},
		{"review band order", "[match]\nreview_low = 0.8\nreview_high = 0.2", []string{`3: review_low (0.8) must be below review_high (0.2)`}},
		{"unknown strategy", "[survivorship]\nemail = most_recnt", []string{
			`2: email: unknown strategy "most_recnt" (did you mean "most_recent"?); strategies are most_complete, most_frequent, most_recent, source_priority, longest, first_seen`}},
		{"unknown survivorship field", "[survivorship]\nfirst_name = longest", []string{
			`2: unknown field "first_name" in [survivorship] (did you mean "given_name"?); keys are default and field names`}},
		{"bad glob in a path", "[source a]\nfile = exports/a[.csv", []string{`2: file: bad glob "exports/a[.csv": syntax error in pattern`}},
		{"bad glob", "[source a]\nfile = a[.csv", []string{`2: file: bad glob "a[.csv": syntax error in pattern`}},
		{"same file twice", "[source a]\nfile = x.csv\n[source b]\nfile = x.csv", []string{
			`3: [source b]: file = x.csv is also the file of [source a] at line 1; this section would never apply`}},
		{"unterminated quote", "[source a]\nid = \"Cust No", []string{`2: unterminated quote`}},
		{"source without name", "[source]\nregion = GB", []string{`1: [source] needs a name: [source NAME]`}},
		{"match with name", "[match x]", []string{`1: [match] takes no name, got "x"`}},
		{"unclosed section", "[match\nthreshold = 0.5", []string{`1: section header "[match" does not end with "]"`}},
		{"invalid UTF-8", "[source a]\nid = \xff\xfe", []string{`2: invalid UTF-8 text (save the rules file as UTF-8)`}},
		{"control character in name", "[source a\x01b]", []string{`1: source name "a\x01b" contains a control character`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse("rules.conf", strings.NewReader(tt.src))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error; config %+v", cfg)
			}
			if cfg != nil {
				t.Errorf("config returned with an error")
			}
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = "rules.conf:" + w
			}
			if got := strings.Split(err.Error(), "\n"); !reflect.DeepEqual(got, want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			var re *Error
			if !errors.As(err, &re) || re.File != "rules.conf" || re.Line == 0 {
				t.Errorf("errors.As(*Error) = %+v", re)
			}
		})
	}
}

func TestParseErrorLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("[match]\n")
	for i := range 25 {
		fmt.Fprintf(&b, "bogus%d = 1\n", i)
	}
	src := b.String()
	_, err := Parse("r.conf", strings.NewReader(src))
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxErrors+1 {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), maxErrors+1, err)
	}
	if lines[0] != `r.conf:2: unknown key "bogus0" in [match]` || lines[9] != `r.conf:11: unknown key "bogus9" in [match]` {
		t.Errorf("first/last: %q, %q", lines[0], lines[9])
	}
	if lines[10] != "r.conf: too many errors (only the first 10 are shown)" {
		t.Errorf("last line %q", lines[10])
	}
}

func TestParseTooBig(t *testing.T) {
	_, err := Parse("big", strings.NewReader(strings.Repeat("#", maxFileSize+1)))
	if err == nil || !strings.HasPrefix(err.Error(), "big: larger than") {
		t.Errorf("err = %v", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "rules.conf")
	if err := os.WriteFile(p, []byte("[match]\nthreshold = 0.8\n[source a]\nregion = xx1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(p)
	if err == nil || err.Error() != p+`:4: region: "xx1" is not a two-letter ISO 3166 region code such as GB, DE, US` {
		t.Errorf("Load error = %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.conf")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestDidYouMean(t *testing.T) {
	cands := []string{"email", "phone", "given_name"}
	tests := map[string]string{
		"emial":     ` (did you mean "email"?)`,
		"phnoe":     ` (did you mean "phone"?)`,
		"givenname": ` (did you mean "given_name"?)`,
		"xyz":       "",
		"":          "",
	}
	for in, want := range tests {
		if got := didYouMean(in, cands); got != want {
			t.Errorf("didYouMean(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("[source crm]\nfile = a*.csv\ncolumn.Vorname = given_name\nid = Nr\n[match]\nthreshold = 0.9\n")
	f.Add("[survivorship]\ndefault = longest\nemail = most_recent # c\n")
	f.Add("[source \"a b\"]\ndelimiter = \"#\"\ncolumn.\"x=y\" = ignore\n")
	f.Add("[match\n=\n\"\n[]\n[source ]\nx=\"\"\"\n")
	f.Add("\uFEFF[match]\r\nfields = given_name,,emial\r\n\xff")
	f.Fuzz(func(t *testing.T, src string) {
		cfg, err := Parse("fuzz.conf", strings.NewReader(src))
		if (cfg == nil) == (err == nil) {
			t.Fatalf("cfg %v with err %v", cfg, err)
		}
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "fuzz.conf:") {
					t.Fatalf("error line without file name: %q", line)
				}
			}
			return
		}
		// A valid config must apply to any header without panicking.
		header := []string{"id", "Vorname", "x=y", ""}
		for _, s := range cfg.Sources {
			_, _ = s.Apply(header)
			_, _ = cfg.SourceFor(s.Name + ".csv")
		}
	})
}

func TestParseHardRulesAndReviewBand(t *testing.T) {
	cfg, err := Parse("r.conf", strings.NewReader("[match]\ndistinct = national_id, customer_ref\nreview_low = 0.2\nreview_high = 0.8\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cfg.Match.Distinct, []doppel.Field{doppel.NationalID, doppel.CustomerRef}) || cfg.Match.ReviewLow != 0.2 || cfg.Match.ReviewHigh != 0.8 {
		t.Errorf("match section %+v", cfg.Match)
	}
}

// TestParseProbability: the range and messages the rules file and the
// command-line flags share.
func TestParseProbability(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		err  string
	}{
		{"0.5", 0.5, ""},
		{"1", 1, ""},
		{"1e-9", 1e-9, ""},
		{"0", 0, `0 is not a probability above 0 and at most 1`},
		{"-0.1", 0, `-0.1 is not a probability above 0 and at most 1`},
		{"1.5", 0, `1.5 is not a probability above 0 and at most 1`},
		{"NaN", 0, `"NaN" is not a number`},
		{"+Inf", 0, `+Inf is not a probability above 0 and at most 1`},
		{"lots", 0, `"lots" is not a number`},
		{"", 0, `"" is not a number`},
	}
	for _, c := range cases {
		got, err := ParseProbability(c.in)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if got != c.want || msg != c.err {
			t.Errorf("ParseProbability(%q) = %v, %q; want %v, %q", c.in, got, msg, c.want, c.err)
		}
	}
}

func TestCheckReviewBand(t *testing.T) {
	if err := CheckReviewBand("lo", 0.1, "hi", 0.9); err != nil {
		t.Errorf("0.1 < 0.9: %v", err)
	}
	for _, c := range [][2]float64{{0.5, 0.5}, {0.9, 0.1}} {
		err := CheckReviewBand("--review-low", c[0], "--review-high", c[1])
		want := fmt.Sprintf("--review-low (%v) must be below --review-high (%v)", c[0], c[1])
		if err == nil || err.Error() != want {
			t.Errorf("CheckReviewBand(%v, %v) = %v, want %q", c[0], c[1], err, want)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("no/such.conf")
	if err == nil || err.Error() != "rules file no/such.conf: no such file or directory" {
		t.Errorf("Load: %v", err)
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load error %v does not wrap os.ErrNotExist", err)
	}
}
