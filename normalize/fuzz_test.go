package normalize

import (
	"testing"
	"unicode/utf8"
)

func FuzzKey(f *testing.F) {
	for _, s := range []string{"", "Robert Müller", "ＭＵＬＬＥＲ", "ｶﾞｰﾃﾞﾝ", "O´Brien", "İı", "MÃ¼ller", "caf\xe9", "ŉ ǰ ΐ", "ß\u0345", "\u00a8a"} {
		f.Add(s)
	}
	n := newT(f, Options{})
	f.Fuzz(func(t *testing.T, s string) {
		k := n.Key(s)
		if !utf8.ValidString(k) {
			t.Fatalf("Key(%q) = %q: invalid UTF-8", s, k)
		}
		if k2 := n.Key(k); k2 != k {
			t.Fatalf("Key not idempotent: Key(%q) = %q, Key(%q) = %q", s, k, k, k2)
		}
		if len(k) > 0 && (k[0] == ' ' || k[len(k)-1] == ' ') {
			t.Fatalf("Key(%q) = %q: not trimmed", s, k)
		}
		if c := n.Clean(s); !utf8.ValidString(c) {
			t.Fatalf("Clean(%q) = %q: invalid UTF-8", s, c)
		}
	})
}

func FuzzParseName(f *testing.F) {
	for _, s := range []string{"", "Dr. Robert J. Müller Jr.", "MUELLER, Bob", "van der Berg, Anna", ",,", "J.R.", "Mr, Jr, PhD", "MÜLLER Robert"} {
		f.Add(s)
	}
	n := newT(f, Options{})
	f.Fuzz(func(t *testing.T, s string) {
		nm := n.ParseName(s)
		for _, p := range []string{nm.Title, nm.Given, nm.Middle, nm.Family, nm.Suffix} {
			if !utf8.ValidString(p) {
				t.Fatalf("ParseName(%q) = %+v: invalid UTF-8", s, nm)
			}
		}
		if k := n.NameKey(s); !utf8.ValidString(k) {
			t.Fatalf("NameKey(%q) = %q: invalid UTF-8", s, k)
		}
	})
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{"", "2006-01-02", "02/01/2006", "2 März 1985", "20060102T150405", "31045", "1985年3月4日", "Jan"} {
		f.Add(s)
	}
	n := newT(f, Options{})
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := n.Date(s)
		if !ok {
			if !d.IsZero() {
				t.Fatalf("Date(%q) = %v, false: want zero date", s, d)
			}
			return
		}
		if d.Y < 1000 || d.Y > 9999 {
			t.Fatalf("Date(%q) = %v: year out of range", s, d)
		}
		if d.D != 0 && !validDate(d) {
			t.Fatalf("Date(%q) = %v: not a calendar date", s, d)
		}
		// The string form parses back to the same date.
		if d2, ok2 := n.Date(d.String()); !ok2 || d2 != d {
			t.Fatalf("Date(%q) = %v, but Date(%q) = %v, %v", s, d, d.String(), d2, ok2)
		}
	})
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{"", "Bob@Example.COM", "mailto:<a.b+c@googlemail.com>", "@", "a@b.c", "ｂｏｂ＠ｅｘａｍｐｌｅ．ｃｏｍ"} {
		f.Add(s)
	}
	n := newT(f, Options{})
	f.Fuzz(func(t *testing.T, s string) {
		k, ok := n.Email(s)
		if !utf8.ValidString(k) {
			t.Fatalf("Email(%q) = %q: invalid UTF-8", s, k)
		}
		if ok {
			if k2, ok2 := n.Email(k); !ok2 || k2 != k {
				t.Fatalf("Email(%q) = %q, but Email(%q) = %q, %v", s, k, k, k2, ok2)
			}
		}
	})
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"", "(02) 9999 1234", "+44 (0)20 7946 0958", "0011 44 20 7946 0958", "x", "+", "００", "415.555.2671 x123"} {
		f.Add(s)
	}
	n := newT(f, Options{Region: "AU"})
	f.Fuzz(func(t *testing.T, s string) {
		e, ok := n.Phone(s, "")
		if !utf8.ValidString(e) {
			t.Fatalf("Phone(%q) = %q: invalid UTF-8", s, e)
		}
		if ok {
			if e2, ok2 := n.Phone(e, ""); !ok2 || e2 != e {
				t.Fatalf("Phone(%q) = %q, but Phone(%q) = %q, %v", s, e, e, e2, ok2)
			}
			return
		}
		for i := 0; i < len(e); i++ {
			if e[i] < '0' || e[i] > '9' {
				t.Fatalf("Phone(%q) = %q, false: want digits only", s, e)
			}
		}
	})
}

func FuzzAddress(f *testing.F) {
	for _, s := range []string{"", "12 Main St.", "Flat 3, 12a High Road", "Hauptstraße 5", "3/12 High St", "#", "St", "Apt Apt"} {
		f.Add(s)
	}
	n := newT(f, Options{})
	f.Fuzz(func(t *testing.T, s string) {
		a := n.Address(s)
		for _, p := range []string{a.Number, a.Street, a.Unit, a.Key} {
			if !utf8.ValidString(p) {
				t.Fatalf("Address(%q) = %+v: invalid UTF-8", s, a)
			}
		}
		if !utf8.ValidString(n.Postcode(s, "US")) {
			t.Fatalf("Postcode(%q): invalid UTF-8", s)
		}
	})
}
