package rules

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/normalize"

	"github.com/doppel-dev/doppel"
)

// column builds a one-column sample from values.
func column(values ...string) [][]string {
	rows := make([][]string, len(values))
	for i, v := range values {
		rows[i] = []string{v}
	}
	return rows
}

// repeat returns n values made by f(i).
func repeat(n int, f func(i int) string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func TestShapes(t *testing.T) {
	tests := []struct {
		v                                           string
		email, phone, date, postcode, legal, person bool
	}{
		{v: "sophie.duan@example.com", email: true},
		{v: "a@b.de", email: true},
		{v: "not an@email.com"},
		{v: "x@localhost"},
		{v: "+49 30 1234567", phone: true},
		{v: "(020) 7946 0958", phone: true},
		{v: "030-12345678", phone: true},
		{v: "12345"},
		{v: "1980-10-28", date: true},
		{v: "28.10.1980", date: true},
		{v: "10/28/1980", date: true},
		{v: "1998/02/05", date: true},
		{v: "2021-03-04T10:00:00Z", date: true},
		{v: "1980-13-40", phone: true}, // not a date; eight digits with separators may well be a phone
		{v: "SW1A 1AA", postcode: true},
		{v: "EC1A 1BB", postcode: true},
		{v: "1234 AB", postcode: true},
		{v: "00-950", postcode: true},
		{v: "100-0001", postcode: true},
		{v: "K1A 0B1", postcode: true},
		{v: "Siemens AG", legal: true},
		{v: "Müller & Söhne GmbH", legal: true},
		{v: "ACME Ltd.", legal: true},
		{v: "Danone S.A.", legal: true},
		{v: "Philips N.V.", legal: true},
		{v: "北京字节跳动科技有限公司", legal: true},
		{v: "トヨタ自動車株式会社", legal: true},
		{v: "삼성전자 주식회사", legal: true},
		{v: "As Good As It Gets"}, // "as" only counts as the last word
		{v: "Duan, Sophie", person: true},
		{v: "Sophie Duan", person: true},
		{v: "J. R. Smith", person: true},
		{v: "Ludwig van Beethoven", person: true},
		{v: "宋建国", person: true},
		{v: "김민준", person: true},
		{v: "12 High Street"},
		{v: "the quick brown fox"},
	}
	norm, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		legal := norm.HasLegalForm(tt.v)
		person, _ := personName(tt.v, legal)
		_, phone := phoneShape(tt.v)
		phoneOK, _ := phoneShape(tt.v)
		_, date := dateYearOf(tt.v)
		got := [...]bool{isEmail(tt.v), phoneOK && phone, date, isPostcode(tt.v), legal, person}
		want := [...]bool{tt.email, tt.phone, tt.date, tt.postcode, tt.legal, tt.person}
		if got != want {
			t.Errorf("%q: email, phone, date, postcode, legal, person = %v, want %v", tt.v, got, want)
		}
	}
}

func TestInferMappingByValues(t *testing.T) {
	emails := repeat(20, func(i int) string { return fmt.Sprintf("user%d@example.com", i) })
	names := []string{"Duan, Sophie", "Müller, Robert", "Smith, Anna", "Dupont, Jean", "García, Lucía", "Rossi, Marco", "Kowalski, Jan", "Nakamura, Yui"}
	plainNames := []string{"Sophie Duan", "Robert Müller", "Anna Smith", "Jean Dupont", "Lucía García", "Marco Rossi", "Jan Kowalski", "Yui Nakamura"}
	tests := []struct {
		name   string
		header string
		values []string
		want   string // field, "id" or "none"
	}{
		{"e-mails in col1", "col1", emails, "email"},
		{"phones in an unnamed column", "x", repeat(20, func(i int) string { return fmt.Sprintf("+44 20 7946 %04d", i) }), "phone"},
		{"birth dates", "date", repeat(20, func(i int) string { return fmt.Sprintf("%d/%02d/%02d", 1940+3*i, 1+i%12, 1+i%28) }), "birth_date"},
		{"recent dates are not birth dates", "date", repeat(20, func(i int) string { return fmt.Sprintf("2023-%02d-%02d", 1+i%12, 1+i%28) }), "none"},
		{"UK postcodes", "pc", repeat(20, func(i int) string { return fmt.Sprintf("SW%d %dAA", 1+i%9, i%10) }), "postcode"},
		{"five-digit numbers are not taken for postcodes", "code", repeat(20, func(i int) string { return fmt.Sprintf("%05d", 10000+i*37) }), "none"},
		{"genders", "s", repeat(20, func(i int) string { return []string{"M", "F"}[i%2] }), "gender"},
		{"Chinese genders", "x", repeat(20, func(i int) string { return []string{"男", "女"}[i%2] }), "gender"},
		{"companies", "kunde", repeat(20, func(i int) string { return fmt.Sprintf("Weber %c GmbH", 'A'+i) }), "company"},
		{"Chinese companies", "x", repeat(20, func(i int) string { return fmt.Sprintf("上海%c有限公司", '甲'+rune(i)) }), "company"},
		{"Family, Given in contact", "contact", repeat(16, func(i int) string { return names[i%len(names)] + string(rune('A'+i)) }), "full_name"},
		{"Given Family under customer", "customer", repeat(16, func(i int) string { return plainNames[i%len(plainNames)] + string(rune('a'+i)) }), "full_name"},
		{"Given Family under an unknown header is not enough", "x", repeat(16, func(i int) string { return plainNames[i%len(plainNames)] + string(rune('a'+i)) }), "none"},
		{"Chinese names under 联系人 header mapped by name", "联系人", []string{"宋建国", "张嘉然", "张嘉国", "李娜", "王伟", "刘洋"}, "full_name"},
		{"dense integers are the id", "n", repeat(30, func(i int) string { return fmt.Sprint(1000 + i*2) }), "id"},
		{"sparse unique integers are not", "n", repeat(30, func(i int) string { return fmt.Sprint(1000 + i*977) }), "none"},
		{"unique codes of one shape are the id", "ref", repeat(30, func(i int) string { return fmt.Sprintf("CU-%05d", 7*i+3) }), "id"},
		{"repeated codes are not the id", "ref", repeat(30, func(i int) string { return fmt.Sprintf("CU-%05d", i%10) }), "none"},
		{"too few values decide nothing", "col1", emails[:3], "none"},
		{"free text", "x", repeat(20, func(i int) string { return fmt.Sprintf("note number %d about things", i) }), "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := []string{tt.header}
			m, ds := InferMapping(header, column(tt.values...))
			if len(ds) != 1 {
				t.Fatalf("%d decisions, want 1", len(ds))
			}
			d := ds[0]
			if d.Field != tt.want {
				t.Errorf("field = %q, want %q (evidence: %s)", d.Field, tt.want, d.Evidence)
			}
			if got := target(m, 0); got != d.Field {
				t.Errorf("mapping says %q, decision says %q", got, d.Field)
			}
			if d.Evidence == "" || d.Confidence <= 0 || d.Confidence > 1 {
				t.Errorf("decision %+v lacks evidence or a confidence in (0, 1]", d)
			}
		})
	}
}

func TestInferMappingKeepsHeaderChoice(t *testing.T) {
	// A header-named column is never remapped by values; its confidence says
	// whether the values agree.
	header := []string{"email", "phone", "Name"}
	var rows [][]string
	for i := range 25 {
		rows = append(rows, []string{fmt.Sprintf("u%d@x.org", i), "n/a", fmt.Sprintf("Person %c", 'A'+i)})
	}
	m, ds := InferMapping(header, rows)
	if m.Columns[doppel.Email] != 0 || m.Columns[doppel.Phone] != 1 || m.Columns[doppel.FullName] != 2 {
		t.Fatalf("mapping changed:\n%s", m.Describe(header))
	}
	if ds[0].Confidence < 0.95 || !strings.Contains(ds[0].Evidence, "100% of 25 values are e-mail addresses") {
		t.Errorf("email decision %+v", ds[0])
	}
	if ds[1].Confidence > 0.5 || !strings.Contains(ds[1].Evidence, "check this column") {
		t.Errorf("phone decision %+v", ds[1])
	}
}

func TestInferMappingLoneNameOfCompanies(t *testing.T) {
	header := []string{"id", "name", "city"}
	var rows [][]string
	for i := range 20 {
		rows = append(rows, []string{fmt.Sprint(i), fmt.Sprintf("Acme %c Ltd", 'A'+i), "Leeds"})
	}
	m, ds := InferMapping(header, rows)
	if m.Columns[doppel.Company] != 1 || m.Columns[doppel.FullName] != -1 {
		t.Errorf("a lone name full of companies should be the company:\n%s", m.Describe(header))
	}
	if !strings.Contains(ds[1].Evidence, "legal form") {
		t.Errorf("evidence %q", ds[1].Evidence)
	}
	// An exact full-name header is kept even so.
	header[1] = "full_name"
	if m, _ := InferMapping(header, rows); m.Columns[doppel.FullName] != 1 {
		t.Errorf("full_name header remapped:\n%s", m.Describe(header))
	}
}

// TestInferMappingEndToEnd maps exports whose headers are Chinese and
// German and whose id column has no id name: it is found by its values,
// and a column named col7 full of e-mail addresses is the e-mail.
func TestInferMappingEndToEnd(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		row    func(i int) []string
		want   map[string]string // header -> decision field
	}{
		{
			name:   "Chinese",
			header: []string{"代码", "姓名", "手机", "col7", "地址", "出生日期", "城市", "备注"},
			row: func(i int) []string {
				return []string{fmt.Sprintf("K%06d", 100+i), []string{"宋建国", "张嘉然", "张嘉国", "李娜"}[i%4], fmt.Sprintf("138%08d", i*7919),
					fmt.Sprintf("user%d@example.cn", i), fmt.Sprintf("长安街%d号", i), fmt.Sprintf("19%02d-%02d-%02d", 50+i%40, 1+i%12, 1+i%28), "北京", ""}
			},
			want: map[string]string{"代码": "id", "姓名": "full_name", "手机": "mobile", "col7": "email", "地址": "address",
				"出生日期": "birth_date", "城市": "city", "备注": "none"},
		},
		{
			name:   "German",
			header: []string{"Schlüssel", "Vorname", "Nachname", "Geburtsjahr", "Geburtsmonat", "Geburtstag im Monat", "Feld1", "PLZ", "Ort", "Kontakt"},
			row: func(i int) []string {
				return []string{fmt.Sprint(5000 + i), "Anna", fmt.Sprintf("Müller%c", 'a'+i%26), fmt.Sprint(1950 + i), fmt.Sprint(1 + i%12), fmt.Sprint(1 + i%28),
					fmt.Sprintf("+49 30 %07d", i*131), "10115", "Berlin", fmt.Sprintf("Schulz, Karl%c", 'a'+i%26)}
			},
			want: map[string]string{"Schlüssel": "id", "Vorname": "given_name", "Nachname": "family_name", "Geburtsjahr": "birth_date",
				"Geburtsmonat": "birth_date", "Geburtstag im Monat": "birth_date", "Feld1": "phone", "PLZ": "postcode", "Ort": "city",
				// a name is mapped already: a contact person is not the customer
				"Kontakt": "none"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rows [][]string
			for i := range 40 {
				rows = append(rows, tt.row(i))
			}
			m, ds := InferMapping(tt.header, rows)
			for _, d := range ds {
				if want := tt.want[d.Header]; d.Field != want {
					t.Errorf("%q -> %s, want %s (%s)", d.Header, d.Field, want, d.Evidence)
				}
			}
			if t.Failed() {
				t.Logf("mapping:\n%s", m.Describe(tt.header))
			}
			dst := make([]string, doppel.NumFields)
			m.Values(rows[0], dst, nil)
			if dst[doppel.BirthDate] != "1950-01-01" {
				t.Errorf("values of row 1: %q", dst)
			}
		})
	}
}

// sharedDataDir finds the public benchmark sets beside the repository (as
// ../shared/data from the main checkout or a worktree), or "".
func sharedDataDir() string {
	if d := os.Getenv("DOPPEL_DATA"); d != "" {
		return d
	}
	for _, d := range []string{"../../shared/data", "../../../shared/data"} {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return ""
}

// readHead reads the header and the first n rows of a CSV file, skipping
// the test when the file is absent.
func readHead(t *testing.T, rel string, n int) ([]string, [][]string) {
	t.Helper()
	dir := sharedDataDir()
	if dir == "" {
		t.Skip("benchmark data not found beside the repository (shared/data; or set DOPPEL_DATA)")
	}
	f, err := os.Open(filepath.Join(dir, rel))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not in %s", rel, dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	var rows [][]string
	for len(rows) < n {
		row, err := r.Read()
		if err != nil {
			break
		}
		rows = append(rows, row)
	}
	return header, rows
}

// TestInferMappingDataSets maps the headers and first rows of the public
// sets that zero-config mapped wrongly, and checks the values of row 1.
func TestInferMappingDataSets(t *testing.T) {
	tests := []struct {
		file   string
		want   map[doppel.Field]string // field -> value of the first data row
		id     string
		header string // expected ColumnName of birth_date
	}{
		{"rldata500/records.csv", map[doppel.Field]string{doppel.GivenName: "CARSTEN", doppel.FamilyName: "MEIER", doppel.BirthDate: "1949-07-22"}, "id", "by + bm + bd"},
		{"rldata10000/records.csv", nil, "id", "by + bm + bd"},
		{"essnet_census_cis/a.csv", map[doppel.Field]string{doppel.GivenName: "COUIE", doppel.FamilyName: "PRICE", doppel.Gender: "M",
			doppel.BirthDate: "1960-06-01", doppel.StreetNumber: "1", doppel.Address: "1 WINDSOR ROAD", doppel.Postcode: "DE03US",
			doppel.Street: "Windsor Road"}, "id", "dob_year + dob_mon + dob_day"},
		{"essnet_census_cis/b.csv", map[doppel.Field]string{doppel.GivenName: "HAYDEN", doppel.FamilyName: "HALL", doppel.Gender: "M",
			doppel.Address: "91 CLARENCE ROAD", doppel.Postcode: "PO827ER"}, "id", "dob_year + dob_mon + dob_day"},
		{"foreigners_pl/records.csv", map[doppel.Field]string{doppel.GivenName: "emin", doppel.FamilyName: "imanov",
			doppel.BirthDate: "1998/02/05", doppel.Country: "031"}, "id", "date"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			header, rows := readHead(t, tt.file, 1000)
			m, ds := InferMapping(header, rows)
			if got := m.ColumnName(doppel.BirthDate, header); got != tt.header {
				t.Errorf("birth_date from %q, want %q", got, tt.header)
			}
			if m.ID < 0 || header[m.ID] != tt.id {
				t.Errorf("id column %d, want %q", m.ID, tt.id)
			}
			if tt.want != nil {
				dst := make([]string, doppel.NumFields)
				m.Values(rows[0], dst, nil)
				for f := range doppel.NumFields {
					if dst[f] != tt.want[f] {
						t.Errorf("row 1 %s = %q, want %q", f, dst[f], tt.want[f])
					}
				}
			}
			if t.Failed() {
				for _, d := range ds {
					t.Logf("%-10s -> %-12s %.2f %s", d.Header, d.Field, d.Confidence, d.Evidence)
				}
			}
		})
	}
}

func TestSourceInfer(t *testing.T) {
	cfg, err := Parse("rules.conf", strings.NewReader("[source crm]\nid = ref\ncolumn.note = ignore\n[source fixed]\nauto = false\ncolumn.mail = email\n"))
	if err != nil {
		t.Fatal(err)
	}
	header := []string{"n", "ref", "note", "col2", "mail"}
	var rows [][]string
	for i := range 20 {
		rows = append(rows, []string{fmt.Sprint(i + 1), fmt.Sprintf("R%03d", i), fmt.Sprintf("a%d@x.org", i), fmt.Sprintf("b%d@y.org", i), fmt.Sprintf("c%d@z.org", i)})
	}
	m, ds, err := cfg.Sources[0].Infer(header, rows)
	if err != nil {
		t.Fatal(err)
	}
	// "ref" is the configured id, so the dense "n" is not; "note" stays
	// ignored although it holds e-mails; "mail" is named by its header.
	got := []string{ds[0].Field, ds[1].Field, ds[2].Field, ds[3].Field, ds[4].Field}
	want := []string{"none", "id", "none", "none", "email"}
	if !slices.Equal(got, want) {
		t.Errorf("fields %q, want %q", got, want)
	}
	if ds[1].Confidence != 1 || ds[2].Confidence != 1 {
		t.Errorf("configured columns: %+v, %+v", ds[1], ds[2])
	}
	if !strings.Contains(ds[3].Evidence, "email comes from column 5") {
		t.Errorf("col2 evidence %q", ds[3].Evidence)
	}
	if m.ID != 1 || m.Columns[doppel.Email] != 4 {
		t.Errorf("mapping:\n%s", m.Describe(header))
	}
	// auto = false: values change nothing.
	m, ds, err = cfg.Sources[1].Infer(header, rows)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != -1 || m.Columns[doppel.Email] != 4 || ds[3].Field != "none" {
		t.Errorf("auto = false mapping:\n%s", m.Describe(header))
	}
	if _, _, err := cfg.Sources[0].Infer([]string{"x"}, nil); err == nil {
		t.Error("missing id column: no error")
	}
	// Configured parts say which field they are part of, with auto on or off.
	cfg, err = Parse("rules.conf", strings.NewReader("[source on]\ncolumn.J = birth_date.year\ncolumn.M = birth_date.month\n"+
		"[source off]\nauto = false\ncolumn.J = birth_date.year\ncolumn.M = birth_date.month\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range cfg.Sources {
		_, ds, err := src.Infer([]string{"M", "J"}, [][]string{{"2", "1980"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			if d.Field != "birth_date" || d.Evidence != "rules file: part of birth_date (J + M)" {
				t.Errorf("%s: decision %+v", src.Name, d)
			}
		}
	}
}

func TestInferMappingNamedThingsAreNotPeople(t *testing.T) {
	header := []string{"Site name"}
	values := repeat(20, func(i int) string { return fmt.Sprintf("Chicago Youth Center%c", 'A'+i) })
	if _, ds := InferMapping(header, column(values...)); ds[0].Field != "none" {
		t.Errorf("%q -> %s (%s)", header[0], ds[0].Field, ds[0].Evidence)
	}
}

// FuzzInferMapping checks that any header and sample infer without
// panicking, with one decision per column that agrees with the mapping.
func FuzzInferMapping(f *testing.F) {
	f.Add("id,col1,by,bm", "1,a@b.de,1980,2\n2,c@d.de,1981,3")
	f.Add("姓名,contact,x", "宋建国,\"Duan, Sophie\",+49 30 1234567\n,,")
	f.Fuzz(func(t *testing.T, h, body string) {
		header := strings.Split(h, ",")
		var rows [][]string
		for _, line := range strings.Split(body, "\n") {
			rows = append(rows, strings.Split(line, ","))
		}
		m, ds := InferMapping(header, rows)
		if len(ds) != len(header) {
			t.Fatalf("%d decisions for %d columns", len(ds), len(header))
		}
		for i, d := range ds {
			if d.Column != i || d.Field != target(m, i) || d.Evidence == "" {
				t.Fatalf("decision %d %+v, mapping says %s", i, d, target(m, i))
			}
		}
		if text := SuggestRules(header, m, ds, "s", nil); !strings.Contains(text, "[source s]") {
			t.Fatalf("suggestion:\n%s", text)
		}
		dst := make([]string, doppel.NumFields)
		for _, r := range rows {
			m.Values(r, dst, nil)
		}
	})
}

// A lone "Name" column of organisations without legal forms (the PATSTAT
// style: upper case, re-ordered, abbreviated) becomes the company when
// enough values carry an organisation word and hardly any a given name; a
// column of people with a few companies among them stays the name.
func TestInferMappingOrganisationColumn(t *testing.T) {
	orgs := []string{"ELECTRONICS KONINK PHILIPS", "AKZO NOBEL", "INTERNAT MIJ RES SHELL", "UNILEVER", "DSM",
		"GLOBAL HITACHI NETHERLANDS STORAGE TECHNOLOGIES", "ALCATEL", "ASML NETHERLANDS", "NUTRICIA", "BROCADES GIST"}
	people := []string{"Robert Müller", "Anna Smith", "Jean Dupont", "Mary Jones", "David Brown", "Sarah Miller",
		"James Wilson", "Laura Davis", "Peter Clark", "Acme Consulting"}
	for _, tt := range []struct {
		name   string
		values []string
		want   doppel.Field
	}{
		{"organisations", orgs, doppel.Company},
		{"people with one company", people, doppel.FullName},
	} {
		header := []string{"id", "Name"}
		var rows [][]string
		for i := range 40 {
			rows = append(rows, []string{fmt.Sprint(i), tt.values[i%len(tt.values)]})
		}
		m, ds := InferMapping(header, rows)
		if m.Columns[tt.want] != 1 {
			t.Errorf("%s: Name should map to %s:\n%s\n%+v", tt.name, tt.want, m.Describe(header), ds[1])
		}
	}
}
