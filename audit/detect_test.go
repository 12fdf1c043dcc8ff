package audit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/doppel-dev/doppel"
)

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func newTestChecker(t testing.TB) *Checker {
	c, err := NewChecker("DE", "DMY", testNow)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestValidate(t *testing.T) {
	c := newTestChecker(t)
	tests := []struct {
		f        doppel.Field
		v        string
		country  string
		region   string
		checked  bool
		valid    bool
		reason   string
		lostZero bool
	}{
		{f: doppel.Email, v: "anna.schmidt@gmx.de", checked: true, valid: true},
		{f: doppel.Email, v: "Bob <BOB@Example.org>", checked: true, valid: true},
		{f: doppel.Email, v: "anna.schmidt.gmx.de", checked: true, reason: "no @"},
		{f: doppel.Email, v: "a@b@c.de", checked: true, reason: "several @"},
		{f: doppel.Email, v: "anna@localhost", checked: true, reason: "malformed address"},
		{f: doppel.Phone, v: "+49 30 1234567", region: "DE", checked: true, valid: true},
		{f: doppel.Phone, v: "030-1234567", region: "DE", checked: true, valid: true},
		{f: doppel.Phone, v: "(212) 555-0147", region: "US", checked: true, valid: true},
		{f: doppel.Phone, v: "030-1234567", country: "US", region: "DE", checked: true, reason: "not a valid number for US"},
		{f: doppel.Mobile, v: "12", region: "DE", checked: true, reason: "not a valid number for DE"},
		{f: doppel.Postcode, v: "01067", region: "DE", checked: true, valid: true},
		{f: doppel.Postcode, v: "1067", country: "Deutschland", checked: true, reason: "leading zero lost", lostZero: true},
		{f: doppel.Postcode, v: "1067", region: "DE", checked: true, reason: "leading zero lost (no country: assumed DE)", lostZero: true},
		{f: doppel.Postcode, v: "1030", country: "AT", checked: true, valid: true},
		{f: doppel.Postcode, v: "SW1A 1AA", country: "GB", checked: true, valid: true},
		{f: doppel.Postcode, v: "NW10JH", country: "UK", checked: true, valid: true},
		{f: doppel.Postcode, v: "12345-6789", country: "USA", checked: true, valid: true},
		{f: doppel.Postcode, v: "501", country: "US", checked: true, reason: "leading zero lost", lostZero: true},
		{f: doppel.Postcode, v: "2134.0", country: "AU", checked: true, valid: true},
		{f: doppel.Postcode, v: "ABC", country: "FR", checked: true, reason: "not a FR postcode"},
		{f: doppel.Postcode, v: "12345", country: "ZZ"}, // no format known: not checked
		{f: doppel.BirthDate, v: "14.07.1975", checked: true, valid: true},
		{f: doppel.BirthDate, v: "1985", checked: true, valid: true, reason: "partial date"},
		{f: doppel.BirthDate, v: "31.02.1980", checked: true, reason: "not a date"},
		{f: doppel.BirthDate, v: "01.01.2030", checked: true, reason: "in the future"},
		{f: doppel.BirthDate, v: "01.01.1890", checked: true, reason: "more than 120 years ago"},
		{f: doppel.Created, v: "1955-03-01", checked: true, reason: "before 1960"},
		{f: doppel.Updated, v: "2016-09-18T10:27:31", checked: true, valid: true},
		{f: doppel.Gender, v: "weiblich", checked: true, valid: true},
		{f: doppel.Gender, v: "unknown", checked: true, reason: "not a recognised gender"},
		{f: doppel.Country, v: "Deutschland", checked: true, valid: true},
		{f: doppel.Country, v: "NZ", checked: true, valid: true},
		{f: doppel.Country, v: "Atlantis", checked: true, reason: "not a country"},
		{f: doppel.GivenName, v: "Anna-Lena", checked: true, valid: true},
		{f: doppel.FamilyName, v: "Müller2", checked: true, reason: "digits or @ in a name"},
		{f: doppel.FullName, v: "--", checked: true, reason: "no letters"},
		{f: doppel.City, v: "Berlin"}, // no validator
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s", tt.f, tt.v), func(t *testing.T) {
			r := c.Validate(tt.f, tt.v, tt.country, tt.region)
			if r.Checked != tt.checked || r.Valid != tt.valid || r.Reason != tt.reason || r.LostZero != tt.lostZero {
				t.Errorf("Validate = %+v, want checked %v valid %v reason %q lostZero %v", r, tt.checked, tt.valid, tt.reason, tt.lostZero)
			}
		})
	}
}

func TestJunk(t *testing.T) {
	c := newTestChecker(t)
	tests := []struct {
		f    doppel.Field
		v    string
		want string
	}{
		{doppel.Email, "x@x.com", JunkFakeEmail},
		{doppel.Email, "test@gmx.de", JunkFakeEmail},
		{doppel.Email, "noemail@web.de", JunkFakeEmail},
		{doppel.Email, "anna@example.com", JunkFakeEmail},
		{doppel.Email, "xxxx@gmail.com", JunkFakeEmail},
		{doppel.Email, "info@mueller-gmbh.de", JunkRoleEmail},
		{doppel.Email, "Kontakt@firma.at", JunkRoleEmail},
		{doppel.Email, "anna.schmidt@gmx.de", ""},
		{doppel.Email, "N/A", JunkPlaceholder},
		{doppel.Phone, "0000000000", JunkRepeatedDigit},
		{doppel.Phone, "+49 111 1111111", ""}, // country code breaks the run
		{doppel.Phone, "1111111", JunkRepeatedDigit},
		{doppel.Phone, "1234567890", JunkSequential},
		{doppel.Phone, "987654321", JunkSequential},
		{doppel.Mobile, "０００００００", JunkRepeatedDigit},
		{doppel.Phone, "123", JunkPlaceholder},
		{doppel.Phone, "+49 30 1234567", ""},
		{doppel.Phone, "-", JunkPlaceholder},
		{doppel.Postcode, "00000", JunkRepeatedDigit},
		{doppel.Postcode, "01067", ""},
		{doppel.Postcode, "unknown", JunkPlaceholder},
		{doppel.BirthDate, "01.01.1900", JunkPlaceholderDt},
		{doppel.BirthDate, "1970-01-01", JunkPlaceholderDt},
		{doppel.BirthDate, "31/12/9999", JunkPlaceholderDt},
		{doppel.BirthDate, "14.07.1975", ""},
		{doppel.GivenName, "N/A", JunkPlaceholder},
		{doppel.GivenName, "n.a.", JunkPlaceholder},
		{doppel.FamilyName, "Unknown", JunkPlaceholder},
		{doppel.FamilyName, "unbekannt", JunkPlaceholder},
		{doppel.FullName, "Test Test", JunkTest},
		{doppel.FullName, "Max Mustermann", JunkTest},
		{doppel.FullName, "John Doe", JunkTest},
		{doppel.GivenName, "asdf", JunkTest},
		{doppel.FamilyName, "xxxx", JunkPlaceholder},
		{doppel.FamilyName, "zzzz", JunkRepeatedChar},
		{doppel.FamilyName, "???", JunkPlaceholder},
		{doppel.GivenName, "Anna2", JunkDigitsInName},
		{doppel.GivenName, "Anna", ""},
		{doppel.City, "NULL", JunkPlaceholder},
		{doppel.Company, "tbd", JunkPlaceholder},
		{doppel.Address, "Hauptstr. 12", ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s", tt.f, tt.v), func(t *testing.T) {
			if got := c.Junk(tt.f, tt.v); got != tt.want {
				t.Errorf("Junk(%s, %q) = %q, want %q", tt.f, tt.v, got, tt.want)
			}
		})
	}
}

func TestEncodingIssues(t *testing.T) {
	tests := []struct {
		v      string
		want   string
		script string
	}{
		{"Müller", "", "Latin"},
		{"Mueller", "", "Latin"},
		{"12345", "", ""},
		{"MÃ¼ller", EncMojibake, "Latin"},
		{"Oâ€™Brien", EncMojibake, "Latin"},
		{"KÃ¶ln", EncMojibake, "Latin"},
		{"Stra\uFFFDe", EncReplacement, "Latin"},
		{"０３０ １２３４５６７", EncFullWidth, ""},
		{"ＭＵＬＬＥＲ", EncFullWidth, "Latin"},
		{"Ivаn", EncMixedScript, "mixed"}, // Cyrillic а
		{"Иван", "", "Cyrillic"},
		{"山田 たろう", "", "CJK"},
		{"Anna\u200BSchmidt", EncInvisible, "Latin"},
		{"Anna\u00A0Schmidt", EncInvisible, "Latin"},
		{"CafÃ©", EncMojibake, "Latin"},
	}
	for _, tt := range tests {
		issues, sc := EncodingIssues(tt.v)
		if got := strings.Join(issues, ","); got != tt.want || sc != tt.script {
			t.Errorf("EncodingIssues(%q) = %q, %q; want %q, %q", tt.v, got, sc, tt.want, tt.script)
		}
	}
}

func TestPattern(t *testing.T) {
	tests := []struct{ in, want string }{
		{"John Smith", "Aa Aa"},
		{"MUELLER, Bob", "AA, Aa"},
		{"McDonald", "Ax"},
		{"J. R. Smith", "A. A. Aa"},
		{"030-1234567", "999-9999999"},
		{"+49 (30) 1234567", "+99 (99) 9999999"},
		{"212.555.0147", "999.999.9999"},
		{"anna.schmidt@gmx.de", "aa.aa@aa.aa"},
		{"SW1A 1AA", "AA9A 9AA"},
		{"  two   spaces ", " aa aa "},
		{"Иван", "Aa"},
		{"山田", "LL"},
		{"O’Brien", "A?Aa"},
		{strings.Repeat("1", 100), strings.Repeat("9", 40) + "…"},
	}
	for _, tt := range tests {
		if got := Pattern(tt.in); got != tt.want {
			t.Errorf("Pattern(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzDetectors(f *testing.F) {
	for _, s := range []string{"x@x.com", "MÃ¼ller", "０３０", "Ivаn", "\xff\xfe", "01.01.1900", "", "a\u200b"} {
		f.Add(s)
	}
	c := newTestChecker(f)
	f.Fuzz(func(t *testing.T, s string) {
		for fl := doppel.Field(0); fl < doppel.NumFields; fl++ {
			_ = c.Validate(fl, s, "", "DE")
			_ = c.Junk(fl, s)
		}
		EncodingIssues(s)
		if p := Pattern(s); len(p) > maxPattern+len("…")+4 {
			t.Errorf("pattern too long: %q", p)
		}
	})
}
