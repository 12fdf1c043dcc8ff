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
	lib := newT(b, Options{Region: "AU"})
	lib.pf = nil // the parser for every number, as before the fast path
	// Distinct numbers, more than the cache holds: every call parses.
	type call struct{ s, region string }
	var national, mixed []call
	for i := 0; i < 2*phoneCacheSize; i++ {
		national = append(national, call{fmt.Sprintf("(02) 9%03d %04d", i%1000, 1000+i), ""})
		j := 1000 + i
		mixed = append(mixed, []call{
			{fmt.Sprintf("(415) 555-%04d", j), "US"},
			{fmt.Sprintf("020 7946 %04d", j), "GB"},
			{fmt.Sprintf("+44 7911 12%04d", j), "GB"},
			{fmt.Sprintf("030 123%04d", j), "DE"},
			{fmt.Sprintf("0151 2345 %04d", j), "DE"},
			{fmt.Sprintf("06 12 34 %02d %02d", j/100%100, j%100), "FR"},
			{fmt.Sprintf("+39 06 698%05d", j), "IT"},
			{fmt.Sprintf("0041 44 668 %04d", j), "CH"},
			{fmt.Sprintf("0412 3%02d %03d", j/1000, j%1000), "AU"},
			{fmt.Sprintf("+1 (613) 555-%04d x12", j), "CA"},
		}[i%10])
	}
	for _, bc := range []struct {
		name  string
		n     *Normalizer
		calls []call
	}{
		{"national-uncached", n, national},
		{"national-uncached-library", lib, national},
		{"mixed-uncached", n, mixed},
		{"mixed-uncached-library", lib, mixed},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for _, c := range bc.calls { // compile the regions' automata
				bc.n.Phone(c.s, c.region)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				c := bc.calls[i%len(bc.calls)]
				bc.n.Phone(c.s, c.region)
				i++
			}
		})
	}
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

// BenchmarkPhoneFirstUse is the one-off cost of a Normalizer's first
// number of a calling code: the automata of its regions are built then.
func BenchmarkPhoneFirstUse(b *testing.B) {
	for _, bc := range []struct{ name, in, region string }{
		{"US", "(415) 555-2671", "US"},
		{"GB", "020 7946 0958", "GB"},
		{"DE", "030 1234567", "DE"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, _ := newPhoneFast()
				d, plus := []byte(bc.in), false
				d = d[:0]
				for _, c := range bc.in {
					if c >= '0' && c <= '9' {
						d = append(d, byte(c))
					}
				}
				f.phone(d, plus, bc.region)
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
