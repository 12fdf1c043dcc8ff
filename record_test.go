package doppel

import (
	"slices"
	"strings"
	"testing"
)

func TestRecordValues(t *testing.T) {
	big := strings.Repeat("x", 70000) // forces 4-byte offsets
	cases := []struct {
		name string
		id   string
		vals []string
	}{
		{"empty", "", nil},
		{"id only", "C-1", nil},
		{"some fields", "7", []string{FullName: "Robert Müller", Email: "bob@example.com", Updated: "2024-01-02"}},
		{"short slice", "8", []string{"Anna", "", "Anna"}},
		{"too long slice", "9", slices.Repeat([]string{"v"}, int(NumFields)+3)},
		{"wide", "w1", []string{GivenName: "Ann", Address: big, Country: "DE"}},
		{"just below wide", "n1", []string{Address: strings.Repeat("y", 0xFFFF-narrowTable-2)}},
		{"just above wide", "n2", []string{Address: strings.Repeat("y", 0xFFFF-narrowTable-1)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := NewRecord("crm", 12, c.id, c.vals)
			if r.Source != "crm" || r.Line != 12 || r.ID != c.id {
				t.Errorf("source/line/id = %q/%d/%q", r.Source, r.Line, r.ID)
			}
			want := make([]string, NumFields)
			copy(want, c.vals)
			if got := r.Values(); !slices.Equal(got, want) {
				t.Errorf("Values() differ")
			}
			for f := range NumFields {
				if got := r.Get(f); got != want[f] {
					t.Errorf("Get(%v) = %.20q, want %.20q", f, got, want[f])
				}
			}
			if got := r.Get(NumFields); got != "" {
				t.Errorf("Get(NumFields) = %q", got)
			}
			if got := r.Get(Field(200)); got != "" {
				t.Errorf("Get(200) = %q", got)
			}
		})
	}
	var zero Record
	if zero.Get(Email) != "" || len(zero.Values()) != int(NumFields) {
		t.Error("zero Record has values")
	}
}

func TestRecordDoesNotKeepCallerMemory(t *testing.T) {
	buf := []byte("Anna,anna@example.com")
	vals := []string{GivenName: string(buf[:4]), Email: string(buf[5:])}
	r := NewRecord("s", 1, "1", vals)
	vals[GivenName] = "changed"
	if r.Get(GivenName) != "Anna" || r.Get(Email) != "anna@example.com" {
		t.Errorf("record changed with its input: %q %q", r.Get(GivenName), r.Get(Email))
	}
}

func TestCompareValues(t *testing.T) {
	cases := []struct {
		a, b []string
		want int
	}{
		{nil, nil, 0},
		{[]string{"a"}, []string{"a"}, 0},
		{[]string{"a"}, []string{"b"}, -1},
		{[]string{"", "z"}, []string{"a"}, -1},
		{[]string{"a", "b"}, []string{"a"}, 1},
		{[]string{Email: "x"}, []string{Email: "x", Updated: "y"}, -1},
	}
	for _, c := range cases {
		a, b := NewRecord("s", 1, "1", c.a), NewRecord("s", 2, "2", c.b)
		if got := a.CompareValues(&b); got != c.want {
			t.Errorf("CompareValues(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := slices.Compare(a.Values(), b.Values()); got != c.want {
			t.Errorf("slices.Compare disagrees: %d", got)
		}
	}
}

// FuzzRecord checks that any id and values come back as they went in.
func FuzzRecord(f *testing.F) {
	f.Add("1", "Anna", "", "anna@example.com", 0)
	f.Add("", "", "", "", 3)
	f.Add("C\x00-1", "Mü\xffller", "a,b", "\"q\"", 22)
	f.Fuzz(func(t *testing.T, id, a, b, c string, at int) {
		vals := make([]string, NumFields)
		at = ((at % int(NumFields)) + int(NumFields)) % int(NumFields)
		vals[0], vals[at], vals[NumFields-1] = a, b, c
		r := NewRecord("src", 1, id, vals)
		if r.ID != id {
			t.Fatalf("ID %q, want %q", r.ID, id)
		}
		if got := r.Values(); !slices.Equal(got, vals) {
			t.Fatalf("Values %q, want %q", got, vals)
		}
	})
}

func BenchmarkNewRecord(b *testing.B) {
	vals := []string{FullName: "Robert Müller", GivenName: "Robert", FamilyName: "Müller", Email: "bob@example.com",
		Phone: "+49 30 1234567", Street: "Hauptstraße", StreetNumber: "12", City: "Berlin", Postcode: "10115", Updated: "2024-01-02"}
	b.ReportAllocs()
	for b.Loop() {
		r := NewRecord("crm", 1, "C-000123", vals)
		if r.Get(Email) == "" {
			b.Fatal("no email")
		}
	}
}
