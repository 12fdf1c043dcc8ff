package normalize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func FuzzPostcode(f *testing.F) {
	for _, s := range [][2]string{
		{"sw1a 1aa", "GB"}, {"12345-6789", "US"}, {"501", "US"}, {"1067", "Deutschland"},
		{"D-01067", ""}, {"2134.0", "AU"}, {"F-75001", "France"}, {"", ""}, {"-", "US"}, {"０１０６７", "DE"},
	} {
		f.Add(s[0], s[1])
	}
	n := newT(f, Options{})
	f.Fuzz(func(t *testing.T, s, country string) {
		k := n.Postcode(s, country)
		if !utf8.ValidString(k) {
			t.Fatalf("Postcode(%q, %q) = %q: invalid UTF-8", s, country, k)
		}
		if strings.ContainsAny(k, " -\t") {
			t.Fatalf("Postcode(%q, %q) = %q: spaces or dashes left", s, country, k)
		}
		if k2 := n.Postcode(k, country); k2 != k {
			t.Fatalf("Postcode not idempotent: Postcode(%q, %q) = %q, then %q", s, country, k, k2)
		}
	})
}

// TestCleanDoubleMojibake: text encoded to UTF-8 twice over Windows-1252 or
// Latin-1 is repaired completely, so Clean is idempotent on it (FuzzClean
// found "Ã\u0083¼" giving "Ã¼", which a second Clean turned into "ü").
func TestCleanDoubleMojibake(t *testing.T) {
	n := newT(t, Options{})
	for in, want := range map[string]string{
		"MÃ¼ller":             "Müller",
		"MÃƒÂ¼ller":           "Müller",
		"MÃ\u0083Â¼ller":      "Müller",
		"Ã\u0083¼":            "ü",
		"Ã\u0083Â¼ Ã\u0083Â©": "ü é",
		"Müller Ã ist okay":   "Müller Ã ist okay",
	} {
		if got := n.Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "MÃƒÂ¼ller", "  Robert   Müller ", "MÃ¼ller", "a\u200bb", "x\ty\r\nz", "caf\xe9", "e\u0301", "\u00a0\u2003", "ＡＢＣ"} {
		f.Add(s)
	}
	n := newT(f, Options{})
	f.Fuzz(func(t *testing.T, s string) {
		c := n.Clean(s)
		if !utf8.ValidString(c) {
			t.Fatalf("Clean(%q) = %q: invalid UTF-8", s, c)
		}
		if c != strings.TrimSpace(c) || strings.Contains(c, "  ") {
			t.Fatalf("Clean(%q) = %q: spaces not collapsed and trimmed", s, c)
		}
		for _, r := range c {
			if unicode.IsControl(r) {
				t.Fatalf("Clean(%q) = %q: control character %U", s, c, r)
			}
		}
		if c2 := n.Clean(c); c2 != c {
			t.Fatalf("Clean not idempotent: Clean(%q) = %q, Clean(%q) = %q", s, c, c, c2)
		}
	})
}

func FuzzGender(f *testing.F) {
	for _, s := range []string{"", "M", "female", "Männlich", "w", "Mme", "1", "2", "divers", "H", " f ", "ＦＥＭＡＬＥ"} {
		f.Add(s)
	}
	n := newT(f, Options{})
	f.Fuzz(func(t *testing.T, s string) {
		g := n.Gender(s)
		switch g {
		case "", "m", "f":
		default:
			t.Fatalf("Gender(%q) = %q, want m, f or empty", s, g)
		}
		if g != "" && n.Gender(g) != g {
			t.Fatalf("Gender(%q) = %q, but Gender(%q) = %q", s, g, g, n.Gender(g))
		}
	})
}

func FuzzCountry(f *testing.F) {
	for _, s := range []string{"", "Deutschland", "DEU", "U.S.A.", "uk", "England", "nz", "Österreich", "ＤＥ", "côte d'ivoire", "\xff"} {
		f.Add(s)
	}
	n := newT(f, Options{})
	f.Fuzz(func(t *testing.T, s string) {
		c := n.Country(s)
		if !utf8.ValidString(c) {
			t.Fatalf("Country(%q) = %q: invalid UTF-8", s, c)
		}
		if (c == "") != (n.Key(s) == "") {
			t.Fatalf("Country(%q) = %q, Key = %q", s, c, n.Key(s))
		}
		if c2 := n.Country(c); c2 != c {
			t.Fatalf("Country not idempotent: Country(%q) = %q, Country(%q) = %q", s, c, c, c2)
		}
	})
}
