package normalize

import (
	"testing"

	"github.com/doppel-dev/doppel"
)

// TestPlaceholder: what matching treats as missing, field by field; real
// values that look alike stay.
func TestPlaceholder(t *testing.T) {
	n := newT(t, Options{Region: "US"})
	tests := []struct {
		f    doppel.Field
		v    string
		want bool
	}{
		{doppel.GivenName, "N/A", true},
		{doppel.GivenName, "unknown", true},
		{doppel.FamilyName, "TEST", true},
		{doppel.FamilyName, "xxxx", true},
		{doppel.FullName, "John Doe", true},
		{doppel.FullName, "Max Mustermann", true},
		{doppel.FamilyName, "Na", false},     // a Korean surname
		{doppel.FamilyName, "No", false},     // likewise
		{doppel.GivenName, "Nan", false},     // a given name
		{doppel.FamilyName, "Sample", false}, // a surname
		{doppel.FamilyName, "Bar", false},
		{doppel.GivenName, "Anna", false},
		{doppel.Email, "test@test.com", true},
		{doppel.Email, "x@x.com", true},
		{doppel.Email, "noemail@gmail.com", true},
		{doppel.Email, "anna@example.com", true},
		{doppel.Email, "info@mueller-gmbh.de", false}, // a role address is a company's real address
		{doppel.Email, "anna.lee@gmail.com", false},
		{doppel.Phone, "000-000-0000", true},
		{doppel.Phone, "123-456-7890", true},
		{doppel.Phone, "999", true},
		{doppel.Mobile, "(555) 014-2368", false},
		{doppel.BirthDate, "1900-01-01", true},
		{doppel.BirthDate, "01/01/1900", true},
		{doppel.BirthDate, "1980-03-14", false},
		{doppel.NationalID, "000000000", true},
		{doppel.NationalID, "123456789", true},
		{doppel.NationalID, "N/A", true},
		{doppel.NationalID, "078-05-1120", false},
		{doppel.Postcode, "00000", true},
		{doppel.Postcode, "10115", false},
		{doppel.City, "unknown", true},
		{doppel.City, "Berlin", false},
		{doppel.Company, "N/A", true},
		{doppel.Company, "ACME Ltd", false},
	}
	for _, tt := range tests {
		if got := n.Placeholder(tt.f, tt.v); got != tt.want {
			t.Errorf("Placeholder(%s, %q) = %v, want %v", tt.f, tt.v, got, tt.want)
		}
	}
}

// TestPreparePlaceholders: Prepare leaves placeholder values out of the
// matching keys, and keeps the real ones of the same record.
func TestPreparePlaceholders(t *testing.T) {
	p, err := NewPreparer(Options{Region: "US"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := make([]string, doppel.NumFields)
	v[doppel.GivenName], v[doppel.FamilyName] = "John", "Smith"
	v[doppel.Email], v[doppel.Phone], v[doppel.Mobile] = "test@test.com", "000-000-0000", "(555) 014-2368"
	v[doppel.BirthDate], v[doppel.NationalID], v[doppel.City] = "1900-01-01", "N/A", "unknown"
	rec := doppel.NewRecord("s", 2, "1", v)
	x := p.Prepare(&rec, 0)
	if x.Email != "" || x.Phone != "" || x.BirthDate != 0 || x.NationalID != "" || x.City != "" {
		t.Errorf("placeholders kept: %+v", x)
	}
	if x.Given != "john" || x.Family != "smith" || x.Mobile == "" {
		t.Errorf("real values lost: %+v", x)
	}
}

// TestPrepareBirthPlace: a place of birth is a folded text key of its own
// (never the city), and a placeholder is no place.
func TestPrepareBirthPlace(t *testing.T) {
	p, err := NewPreparer(Options{Region: "DE"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := make([]string, doppel.NumFields)
	v[doppel.GivenName], v[doppel.FamilyName], v[doppel.BirthPlace], v[doppel.City] = "Jürgen", "Maier", "  MÜNCHEN ", "Berlin"
	rec := doppel.NewRecord("s", 2, "1", v)
	x := p.Prepare(&rec, 0)
	if x.BirthPlace != "munchen" || x.City != "berlin" {
		t.Errorf("birth place %q, city %q; want \"munchen\", \"berlin\"", x.BirthPlace, x.City)
	}
	v[doppel.BirthPlace] = "unbekannt"
	rec = doppel.NewRecord("s", 3, "2", v)
	if x := p.Prepare(&rec, 0); x.BirthPlace != "" {
		t.Errorf("placeholder birth place kept: %q", x.BirthPlace)
	}
}

// TestPrepareEmailUser: the e-mail's local part ends at the first '@' (an
// unquoted local part holds none), so an address with a stray second '@'
// in its domain keeps the person's user for the "same user" level and its
// blocking key.
func TestPrepareEmailUser(t *testing.T) {
	p, err := NewPreparer(Options{Region: "GB"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ in, email, user string }{
		{"d.e@white-mendoza.com", "d.e@white-mendoza.com", "d.e"},
		{"T.R@parsons.@com", "t.r@parsons.@com", "t.r"},
		{"j.p@@ields.com", "j.p@@ields.com", "j.p"},
		{"lprice@sanch@.zebiz", "lprice@sanch@.zebiz", "lprice"},
		{"s.jonesmartinez.net", "s.jonesmartinez.net", ""},
	} {
		v := make([]string, doppel.NumFields)
		v[doppel.GivenName], v[doppel.Email] = "Ann", tt.in
		rec := doppel.NewRecord("s", 2, "1", v)
		x := p.Prepare(&rec, 0)
		if x.Email != tt.email || x.EmailUser != tt.user {
			t.Errorf("Prepare(email %q): Email %q, EmailUser %q; want %q, %q", tt.in, x.Email, x.EmailUser, tt.email, tt.user)
		}
	}
}
