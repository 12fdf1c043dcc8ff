package normalize

import (
	"fmt"
	"testing"
)

func BenchmarkKey(b *testing.B) {
	n := newT(b, Options{})
	for _, bc := range []struct{ name, in string }{
		{"ascii", "Robert J. O'Brien-Smith"},
		{"ascii-key", "robert j obrien smith"},
		{"latin", "Zoë Łukasz-Müller"},
		{"kana", "ｶﾞｰﾃﾞﾝ ヤマダ"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n.Key(bc.in)
			}
		})
	}
}

func BenchmarkClean(b *testing.B) {
	n := newT(b, Options{})
	b.ReportAllocs()
	for b.Loop() {
		n.Clean("Zoë  Łukasz-Müller ")
	}
}

func BenchmarkParseName(b *testing.B) {
	n := newT(b, Options{})
	for _, bc := range []struct{ name, in string }{
		{"simple", "Robert Mueller"},
		{"full", "Dr. Robert J. Müller Jr."},
		{"inverted", "van der Berg, Anna"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n.ParseName(bc.in)
			}
		})
	}
}

func BenchmarkPhone(b *testing.B) {
	n := newT(b, Options{Region: "AU"})
	// Distinct numbers, more than the cache holds: every call parses.
	var distinct []string
	for i := 0; i < 2*phoneCacheSize; i++ {
		distinct = append(distinct, fmt.Sprintf("(02) 9%03d %04d", i%1000, 1000+i))
	}
	b.Run("national-uncached", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			n.Phone(distinct[i%len(distinct)], "")
			i++
		}
	})
	for _, bc := range []struct{ name, in string }{
		{"national-cached", "(02) 9999 1234"},
		{"intl-cached", "+44 (0)20 7946 0958"},
		{"junk", "n/a"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n.Phone(bc.in, "")
			}
		})
	}
}

func BenchmarkDate(b *testing.B) {
	n := newT(b, Options{})
	for _, bc := range []struct{ name, in string }{
		{"iso", "2006-01-02"},
		{"dmy", "02/01/2006"},
		{"words", "2 März 1985"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n.Date(bc.in)
			}
		})
	}
}

func BenchmarkAddress(b *testing.B) {
	n := newT(b, Options{})
	b.ReportAllocs()
	for b.Loop() {
		n.Address("Flat 3, 12a High Rd")
	}
}

func BenchmarkEmail(b *testing.B) {
	n := newT(b, Options{})
	b.ReportAllocs()
	for b.Loop() {
		n.Email("J.Smith+news@GoogleMail.com")
	}
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
