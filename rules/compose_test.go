package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/normalize"
)

func TestAutoMapParts(t *testing.T) {
	tests := []struct {
		name   string
		header string
		parts  map[doppel.Field][]string // field -> part headers ("" = no column for that date part)
	}{
		{"rldata", "id,fname_c1,fname_c2,lname_c1,lname_c2,by,bm,bd", map[doppel.Field][]string{
			doppel.GivenName:  {"fname_c1", "fname_c2"},
			doppel.FamilyName: {"lname_c1", "lname_c2"},
			doppel.BirthDate:  {"by", "bm", "bd"},
		}},
		{"essnet, day first in the file", "id,pername1,dob_day,dob_mon,dob_year", map[doppel.Field][]string{
			doppel.BirthDate: {"dob_year", "dob_mon", "dob_day"},
		}},
		{"year and month only", "birth_year,birth_month,email", map[doppel.Field][]string{
			doppel.BirthDate: {"birth_year", "birth_month", ""},
		}},
		{"bare year and month count together", "bm,by", map[doppel.Field][]string{
			doppel.BirthDate: {"by", "bm", ""},
		}},
		{"a day without its month is left out", "by,bd", map[doppel.Field][]string{
			doppel.BirthDate: {"by", "", ""},
		}},
		{"year only", "Geburtsjahr", map[doppel.Field][]string{doppel.BirthDate: {"Geburtsjahr", "", ""}}},
		{"components in their number order", "lname_c2,lname_c1", map[doppel.Field][]string{
			doppel.FamilyName: {"lname_c1", "lname_c2"},
		}},
		{"Spanish family names", "nombre,segundo apellido,primer apellido", map[doppel.Field][]string{
			doppel.FamilyName: {"primer apellido", "segundo apellido"},
		}},
		{"no parts: plain header", "id,given_name,surname,dob", nil},
		{"no parts: a single component", "fname_c1,dob", nil},
		{"no parts: a full date wins", "dob,by,bm,bd", nil},
		{"no parts: numbered names are not components", "name1,name2,first_name_2", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := strings.Split(tt.header, ",")
			checkParts(t, AutoMap(header), header, tt.parts)
		})
	}
}

func TestDescribeParts(t *testing.T) {
	header := strings.Split("id,fname_c1,fname_c2,by,bm,bd,note", ",")
	got := AutoMap(header).Describe(header)
	want := `column 1 "id"       -> record id
column 2 "fname_c1" -> given_name (fname_c1 + fname_c2)
column 3 "fname_c2" -> given_name (fname_c1 + fname_c2)
column 4 "by"       -> birth_date (by + bm + bd)
column 5 "bm"       -> birth_date (by + bm + bd)
column 6 "bd"       -> birth_date (by + bm + bd)
column 7 "note"     -> (unmapped)
`
	if got != want {
		t.Errorf("Describe:\n%s\nwant:\n%s", got, want)
	}
	m := AutoMap(header)
	if got := m.ColumnName(doppel.BirthDate, header); got != "by + bm + bd" {
		t.Errorf("ColumnName(birth_date) = %q", got)
	}
	if got := m.ColumnName(doppel.Email, header); got != "" {
		t.Errorf("ColumnName(email) = %q, want empty", got)
	}
	header = strings.Split("dob_mon,dob_year", ",")
	if got := AutoMap(header).ColumnName(doppel.BirthDate, header); got != "dob_year + dob_mon" {
		t.Errorf("ColumnName(birth_date) = %q", got)
	}
}

func TestValues(t *testing.T) {
	tests := []struct {
		name   string
		header string
		row    string
		want   map[doppel.Field]string
	}{
		{"rldata full", "id,fname_c1,fname_c2,lname_c1,lname_c2,by,bm,bd", "28,JAN,JUERGEN,SCHAEFER,,1946,5,25",
			map[doppel.Field]string{doppel.GivenName: "JAN JUERGEN", doppel.FamilyName: "SCHAEFER", doppel.BirthDate: "1946-05-25"}},
		{"rldata one component, two-digit day", "id,fname_c1,fname_c2,lname_c1,lname_c2,by,bm,bd", "1, CARSTEN ,,MEIER,,1949,7,22",
			map[doppel.Field]string{doppel.GivenName: "CARSTEN", doppel.FamilyName: "MEIER", doppel.BirthDate: "1949-07-22"}},
		{"only the second component", "fname_c1,fname_c2", ",JENS", map[doppel.Field]string{doppel.GivenName: "JENS"}},
		{"essnet day missing", "id,pername1,pername2,sex,dob_day,dob_mon,dob_year,enumcap,enumpc",
			"X1,HAYDEN,HALL,M,,1,1990,91 CLARENCE ROAD,PO827ER",
			map[doppel.Field]string{doppel.GivenName: "HAYDEN", doppel.FamilyName: "HALL", doppel.Gender: "M",
				doppel.BirthDate: "1990-01", doppel.Address: "91 CLARENCE ROAD", doppel.Postcode: "PO827ER"}},
		{"essnet year missing: no date", "dob_day,dob_mon,dob_year", "1,1,", nil},
		{"year only", "by,bm,bd", "1980,,", map[doppel.Field]string{doppel.BirthDate: "1980"}},
		{"zero month and day are unknown", "by,bm,bd", "1980,0,00", map[doppel.Field]string{doppel.BirthDate: "1980"}},
		{"zero month before a day: a lost month", "by,bm,bd", "1992,0,8", map[doppel.Field]string{doppel.BirthDate: "1992-00-08"}},
		{"empty month before a day: no month", "by,bm,bd", "1992,,8", map[doppel.Field]string{doppel.BirthDate: "1992"}},
		{"month name kept as written", "by,bm,bd", "1980,Oct,3", map[doppel.Field]string{doppel.BirthDate: "1980-Oct-03"}},
		{"short row", "by,bm,bd,email", "1980,10", map[doppel.Field]string{doppel.BirthDate: "1980-10"}},
		{"single columns as before", "id,given_name,surname,dob", "7, Ann , Lee ,1980-01-02",
			map[doppel.Field]string{doppel.GivenName: "Ann", doppel.FamilyName: "Lee", doppel.BirthDate: "1980-01-02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := strings.Split(tt.header, ",")
			m := AutoMap(header)
			dst := make([]string, doppel.NumFields)
			for i := range dst {
				dst[i] = "stale"
			}
			m.Values(strings.Split(tt.row, ","), dst, nil)
			for f := range doppel.NumFields {
				if dst[f] != tt.want[f] {
					t.Errorf("%s = %q, want %q", f, dst[f], tt.want[f])
				}
			}
		})
	}
}

// TestValuesSingleColumnsUnchanged checks that a mapping without parts reads
// every field exactly as the pipeline's loop did before composite fields:
// the trimmed cell of Columns[f], "" when unmapped or past the row's end.
func TestValuesSingleColumnsUnchanged(t *testing.T) {
	header := strings.Split("id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state,date_of_birth,soc_sec_id", ",")
	m := AutoMap(header)
	for _, row := range [][]string{
		{"rec-1", " michaela", "neumann ", "8", "stanley street", "miami", "winston hills", "4223", "nsw", "19151111", "5304218"},
		{"rec-2", "", "", "", "", "", "", "", "", "", ""},
		{"rec-3", "a"},
	} {
		dst := make([]string, doppel.NumFields)
		m.Values(row, dst, nil)
		for f := range doppel.NumFields {
			want := ""
			if c := m.Columns[f]; c >= 0 && c < len(row) {
				want = strings.TrimSpace(row[c])
			}
			if dst[f] != want {
				t.Errorf("row %q: %s = %q, want %q", row[0], f, dst[f], want)
			}
		}
	}
}

func TestValuesAllocations(t *testing.T) {
	header := strings.Split("id,fname_c1,fname_c2,lname_c1,lname_c2,by,bm,bd", ",")
	m := AutoMap(header)
	row := strings.Split("28,JAN,JUERGEN,SCHAEFER,,1946,5,25", ",")
	dst := make([]string, doppel.NumFields)
	scratch := m.Values(row, dst, nil)
	if n := testing.AllocsPerRun(100, func() { scratch = m.Values(row, dst, scratch) }); n != 0 {
		t.Errorf("Values allocates %.1f times per row, want 0", n)
	}
	if dst[doppel.BirthDate] != "1946-05-25" || dst[doppel.GivenName] != "JAN JUERGEN" {
		t.Errorf("values after reuse: %q", dst)
	}
}

// TestValuesDatesParse checks that the date normaliser reads every form a
// split date is joined into, with the precision it has.
func TestValuesDatesParse(t *testing.T) {
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := AutoMap([]string{"by", "bm", "bd"})
	dst := make([]string, doppel.NumFields)
	for _, tt := range []struct {
		row  []string
		want normalize.Date
	}{
		{[]string{"1980", "10", "28"}, normalize.Date{Y: 1980, M: 10, D: 28}},
		{[]string{"1949", "7", "2"}, normalize.Date{Y: 1949, M: 7, D: 2}},
		{[]string{"1980", "10", ""}, normalize.Date{Y: 1980, M: 10}},
		{[]string{"1980", "", "5"}, normalize.Date{Y: 1980}},
	} {
		m.Values(tt.row, dst, nil)
		got, ok := n.Date(dst[doppel.BirthDate])
		if !ok || got != tt.want {
			t.Errorf("%q -> %q -> %v, %v; want %v", tt.row, dst[doppel.BirthDate], got, ok, tt.want)
		}
	}
}

// checkParts checks that mapping m over header maps the parts of each
// field to the headers in want ("" = no column for that part), and that a
// field's column is its first part.
func checkParts(t *testing.T, m Mapping, header []string, want map[doppel.Field][]string) {
	t.Helper()
	for f := range doppel.NumFields {
		var got []string
		for _, c := range m.Parts[f] {
			if c < 0 {
				got = append(got, "")
			} else {
				got = append(got, header[c])
			}
		}
		if w := want[f]; !slices.Equal(got, w) {
			t.Errorf("%s parts = %q, want %q", f, got, w)
		}
		if len(m.Parts[f]) > 0 && m.Columns[f] != m.Parts[f][0] {
			t.Errorf("%s: Columns = %d, want the first part %d", f, m.Columns[f], m.Parts[f][0])
		}
	}
	if t.Failed() {
		t.Logf("mapping:\n%s", m.Describe(header))
	}
}
