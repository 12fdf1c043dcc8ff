package normalize

import (
	"fmt"
	"strings"
	"testing"

	"github.com/antzucaro/matchr"
)

// TestDoubleMetaphoneMatchesLibrary checks the cached codes against
// matchr on first use, on cache hits and after the cache was cleared.
func TestDoubleMetaphoneMatchesLibrary(t *testing.T) {
	n := newT(t, Options{})
	names := []string{"", "smith", "schmidt", "mueller", "muller", "thomas", "xavier", "zhang",
		"gonzalez", "knight", "wright", "caesar", "jose", "ghislaine", "tschirner", "a", "mc", "stefan", "steffen"}
	for round := 0; round < 2; round++ {
		for _, s := range names {
			p, q := n.DoubleMetaphone(s)
			wp, wq := matchr.DoubleMetaphone(s)
			if p != wp || q != wq {
				t.Errorf("round %d: DoubleMetaphone(%q) = %q, %q; matchr says %q, %q", round, s, p, q, wp, wq)
			}
		}
	}
	for i := 0; i < dmCacheSize+10; i++ { // overflow the cache once
		n.DoubleMetaphone(fmt.Sprintf("name%d", i))
	}
	if len(n.dmCache) > dmCacheSize {
		t.Errorf("cache holds %d entries, bound %d", len(n.dmCache), dmCacheSize)
	}
	if p, q := n.DoubleMetaphone("smith"); p != "SM0" || q != "XMT" {
		t.Errorf(`after clearing: DoubleMetaphone("smith") = %q, %q`, p, q)
	}
}

// FuzzDoubleMetaphone checks that the cache never changes a result.
func FuzzDoubleMetaphone(f *testing.F) {
	for _, s := range []string{"smith", "mueller", "ghislaine", "x", ""} {
		f.Add(s)
	}
	n, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		wp, wq := matchr.DoubleMetaphone(s)
		for i := 0; i < 2; i++ {
			if p, q := n.DoubleMetaphone(s); p != wp || q != wq {
				t.Fatalf("call %d: DoubleMetaphone(%q) = %q, %q; matchr says %q, %q", i, s, p, q, wp, wq)
			}
		}
	})
}

func BenchmarkDoubleMetaphone(b *testing.B) {
	rows := loadSyn(b, 5000)
	n := newT(b, Options{})
	var keys []string
	for _, r := range rows {
		if k := firstWord(n.NameKey(r.family)); k != "" {
			keys = append(keys, k)
		}
	}
	b.Run("matchr", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			matchr.DoubleMetaphone(keys[i%len(keys)])
		}
	})
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			n.DoubleMetaphone(keys[i%len(keys)])
		}
	})
}

func firstWord(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return s[:i]
		}
	}
	return s
}

// TestValidLocalSpecials pins the ASCII specials validLocal rejects: exactly
// `<>()[]\,;:"`, controls and space.
func TestValidLocalSpecials(t *testing.T) {
	for c := 0; c < 0x80; c++ {
		want := c > ' ' && c != 0x7F && !strings.ContainsRune(`<>()[]\,;:"`, rune(c))
		if got := validLocal("a" + string(rune(c)) + "b"); got != want {
			t.Errorf("validLocal(%q) = %v, want %v", "a"+string(rune(c))+"b", got, want)
		}
	}
}
