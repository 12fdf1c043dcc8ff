package rules

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel"
)

func mustParse(t *testing.T, src string) *Config {
	t.Helper()
	cfg, err := Parse("rules.conf", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestSourceFor(t *testing.T) {
	cfg := mustParse(t, `
[source crm]
file = crm_*.csv
column.X = email
[source billing]
[source Shop]
[source all]
file = *.txt
[source crm_special]
`)
	tests := []struct {
		path, want string
	}{
		{"/data/exports/crm_2024.csv", "crm"},
		{"CRM_2024.CSV", "crm"},       // glob ignoring case
		{"crm_special.csv", "crm"},    // a glob wins over a name
		{"in/billing.csv", "billing"}, // stem equals the name
		{"billing.tsv", "billing"},    // any extension
		{"shop.csv", "Shop"},          // name ignoring case
		{"notes.txt", "all"},          // glob
		{"other.csv", ""},             // nothing applies
		{"billing.csv.bak", ""},       // stem is "billing.csv"
		{"", ""},
	}
	for _, tt := range tests {
		s, ok := cfg.SourceFor(tt.path)
		if ok != (tt.want != "") || s.Name != tt.want {
			t.Errorf("SourceFor(%q) = %q, %v; want %q", tt.path, s.Name, ok, tt.want)
		}
	}
	s, _ := cfg.SourceFor("crm_1.csv")
	s.Columns["X"] = "phone"
	if cfg.Sources[0].Columns["X"] != "email" {
		t.Error("SourceFor shares the Columns map with the config")
	}
	var nilCfg *Config
	if _, ok := nilCfg.SourceFor("a.csv"); ok {
		t.Error("nil config found a source")
	}
}

func TestApply(t *testing.T) {
	cfg := mustParse(t, `[source crm]
id = CustNo
column.Notes = ignore
column."Tel # privat" = phone
column.vorname = given_name

[source shop]
column.email = ignore
column.mail2 = email

[source ids]
id = CustNo

[source manual]
auto = false
column.mail = email
`)
	tests := []struct {
		source   string
		header   string
		fields   map[string]string
		id       string
		unmapped []string
	}{
		{
			source: "crm", header: "Nr;CustNo;Vorname;Name;Notes;Tel # privat;Telefon",
			fields:   map[string]string{"given_name": "Vorname", "family_name": "Name", "phone": "Tel # privat"},
			id:       "CustNo",
			unmapped: []string{"Nr", "Notes", "Telefon"}, // Telefon loses phone to the configured column
		},
		{
			source: "shop", header: "email;mail2;first_name",
			fields:   map[string]string{"email": "mail2", "given_name": "first_name"},
			unmapped: []string{"email"},
		},
		{
			source: "ids", header: "id;CustNo;email",
			fields:   map[string]string{"email": "email"},
			id:       "CustNo",
			unmapped: []string{"id"}, // an explicit id replaces the automatic one
		},
		{
			source: "manual", header: "id;mail;first_name",
			fields:   map[string]string{"email": "mail"},
			unmapped: []string{"id", "first_name"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			header := strings.Split(tt.header, ";")
			src, ok := cfg.SourceFor(tt.source + ".csv")
			if !ok {
				t.Fatal("no source")
			}
			m, err := src.Apply(header)
			if err != nil {
				t.Fatal(err)
			}
			fields, id, unmapped := mapped(t, header, m)
			if len(fields) != len(tt.fields) {
				t.Errorf("fields = %v, want %v", fields, tt.fields)
			}
			for f, want := range tt.fields {
				if fields[f] != want {
					t.Errorf("%s = %q, want %q", f, fields[f], want)
				}
			}
			if id != tt.id {
				t.Errorf("id = %q, want %q", id, tt.id)
			}
			if !slices.Equal(unmapped, tt.unmapped) {
				t.Errorf("unmapped = %q, want %q", unmapped, tt.unmapped)
			}
		})
	}
}

func TestApplyErrors(t *testing.T) {
	cfg := mustParse(t, `# line 1
[source crm]
id = CustNo
column.Vorname = given_name
column.EMAIL = email
`)
	src := cfg.Sources[0]
	_, err := src.Apply([]string{"Nr", "First", "E-Mail", "email_"})
	if err == nil {
		t.Fatal("no error")
	}
	// Each error names the line of the key at fault.
	want := `rules.conf:5: [source crm]: column.EMAIL: "EMAIL" not in the header exactly, and ignoring case and punctuation it matches "E-Mail", "email_" (available: "Nr", "First", "E-Mail", "email_")
rules.conf:4: [source crm]: column.Vorname: "Vorname" not in the header (available: "Nr", "First", "E-Mail", "email_")
rules.conf:3: [source crm]: id = CustNo: "CustNo" not in the header (available: "Nr", "First", "E-Mail", "email_")`
	if err.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", err, want)
	}
	if !errors.Is(err, ErrColumnNotFound) {
		t.Error("not ErrColumnNotFound")
	}
	var re *Error
	if !errors.As(err, &re) || re.Line != 5 { // the first error: column.EMAIL on line 5
		t.Errorf("errors.As = %+v", re)
	}

	// A Source built in code is validated too.
	bad := Source{Name: "x", Columns: map[string]string{"A": "emial", "B": "phone", "C": "phone"}, IDColumn: "B"}
	_, err = bad.Apply([]string{"A", "B", "C", "b"})
	want = `rules: [source x]: column.A: unknown field "emial"
rules: [source x]: column.C: field phone is already mapped from column.B
rules: [source x]: id column "B" is also configured as column.B; the id column never feeds a field`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}

	// Empty header.
	_, err = src.Apply(nil)
	if err == nil || !strings.Contains(err.Error(), "(available: none: empty header)") {
		t.Errorf("empty header: %v", err)
	}
}

// TestApplyParts: column.* lines that map the parts of a field make it a
// composite, as AutoMap makes one from headers it knows; columns that
// AutoMap would not recognise work the same.
func TestApplyParts(t *testing.T) {
	cfg := mustParse(t, `[source a]
column.Tag = birth_date.day
column.Jahr = birth_date.year
column.Monat = birth_date.month
column.vn2 = given_name.2
column.vn1 = given_name.1
[source b]
column.jahr = birth_date.year
[source c]
column.s = street.1
column.n = street.2
column.when = created.year
`)
	tests := []struct {
		source, header string
		parts          map[doppel.Field][]string // as in TestAutoMapParts
	}{
		{"a", "id,vn1,vn2,Tag,Monat,Jahr,dob", map[doppel.Field][]string{
			doppel.GivenName: {"vn1", "vn2"},
			doppel.BirthDate: {"Jahr", "Monat", "Tag"}, // the configured parts win over a whole dob
		}},
		{"b", "id,jahr,bm,bd", map[doppel.Field][]string{
			doppel.BirthDate: {"jahr", "", ""}, // a configured year only: bm and bd are not added
		}},
		{"c", "n,s,when", map[doppel.Field][]string{
			doppel.Street:  {"s", "n"},
			doppel.Created: {"when", "", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			header := strings.Split(tt.header, ",")
			src, _ := cfg.SourceFor(tt.source + ".csv")
			m, err := src.Apply(header)
			if err != nil {
				t.Fatal(err)
			}
			checkParts(t, m, header, tt.parts)
		})
	}

	// A Source built in code is checked as Parse checks a file.
	bad := Source{Name: "x", Columns: map[string]string{
		"a": "birth_date.day", "b": "birth_date", "c": "given_name.1", "d": "email.2", "e": "birth_date.year",
	}}
	_, err := bad.Apply([]string{"a", "b", "c", "d", "e"})
	want := `rules: [source x]: column.b: birth_date is mapped in parts from column.a (birth_date.day); map it whole or in parts, not both
rules: [source x]: column.d: email cannot be split over columns; parts are for dates (birth_date.year, .month, .day) and for name, text, address and phone fields (given_name.1, given_name.2)
rules: [source x]: column.c: given_name.1 is the only part of given_name: map a single column as given_name
rules: [source x]: column.a: birth_date.day without birth_date.month: a day is only read with its month`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
	// From a file, the error names the line at fault.
	cfg = mustParse(t, "[source y]\ncolumn.by = birth_date.year\ncolumn.bm = birth_date.month\ncolumn.bd = birth_date.day\n")
	if _, err = cfg.Sources[0].Apply([]string{"by", "bm", "bd"}); err != nil {
		t.Fatal(err)
	}
	src, _ := cfg.SourceFor("y.csv")
	src.Columns["bm"] = "ignore"
	_, err = src.Apply([]string{"by", "bm", "bd"})
	if want := "rules.conf:4: [source y]: column.bd: birth_date.day without birth_date.month: a day is only read with its month"; err == nil || err.Error() != want {
		t.Errorf("error: %v\nwant: %s", err, want)
	}
}

func TestSurvivorshipFor(t *testing.T) {
	var s Survivorship
	if s.For(doppel.Email) != MostComplete {
		t.Error("zero Survivorship should default to most_complete")
	}
	s = Survivorship{Default: Longest, PerField: map[doppel.Field]Strategy{doppel.Email: MostRecent}}
	if s.For(doppel.Email) != MostRecent || s.For(doppel.Phone) != Longest {
		t.Errorf("For: %v %v", s.For(doppel.Email), s.For(doppel.Phone))
	}
	for _, n := range strategyNames() {
		if st, ok := ParseStrategy(n); !ok || string(st) != n {
			t.Errorf("ParseStrategy(%q) = %q, %v", n, st, ok)
		}
	}
	if _, ok := ParseStrategy("best"); ok {
		t.Error("ParseStrategy accepted an unknown name")
	}
}

// TestSourceDateOrderOf: a date_order.<field> line wins over the source's
// date_order for its field only; without either the source sets none.
func TestSourceDateOrderOf(t *testing.T) {
	cfg, err := Parse("r", strings.NewReader("[source a]\ndate_order = DMY\ndate_order.birth_date = MDY\n[source b]\ndate_order.created = YMD\n"))
	if err != nil {
		t.Fatal(err)
	}
	a, b := cfg.Sources[0], cfg.Sources[1]
	tests := []struct {
		src            Source
		f              doppel.Field
		order, wantKey string
	}{
		{a, doppel.BirthDate, "MDY", "date_order.birth_date"},
		{a, doppel.Created, "DMY", "date_order"},
		{a, doppel.Updated, "DMY", "date_order"},
		{b, doppel.Created, "YMD", "date_order.created"},
		{b, doppel.BirthDate, "", ""},
	}
	for _, tt := range tests {
		if order, key := tt.src.DateOrderOf(tt.f); order != tt.order || key != tt.wantKey {
			t.Errorf("[source %s] DateOrderOf(%s) = %q, %q; want %q, %q", tt.src.Name, tt.f, order, key, tt.order, tt.wantKey)
		}
	}
}
