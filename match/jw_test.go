package match

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/antzucaro/matchr"
)

func TestJaroWinklerSameAsMatchr(t *testing.T) {
	pairs := [][2]string{
		{"martha", "marhta"}, {"dixon", "dicksonx"}, {"jellyfish", "smellyfish"}, {"", "a"}, {"a", "a"},
		{"robert", "rupert"}, {"muller", "mueller"}, {"12 main street", "12 main st"}, {"ab", "ba"},
		{"müller", "muller"}, {"ｶﾞｰﾃﾞﾝ", "ガーデン"}, {"1234", "1243"},
	}
	rng := rand.New(rand.NewPCG(7, 9))
	alpha := "abcdeeinorst 0123"
	for k := 0; k < 20000; k++ {
		var s [2][]byte
		for x := range s {
			n := rng.IntN(14)
			if k%500 == 0 {
				n = 60 + rng.IntN(10) // around the 64-byte limit
			}
			for i := 0; i < n; i++ {
				s[x] = append(s[x], alpha[rng.IntN(len(alpha))])
			}
		}
		pairs = append(pairs, [2]string{string(s[0]), string(s[1])})
	}
	for _, p := range pairs {
		want := matchr.JaroWinkler(p[0], p[1], false)
		got := jaroWinkler(p[0], p[1])
		if math.Abs(got-want) > 1e-12 {
			t.Fatalf("jaroWinkler(%q, %q) = %v, matchr says %v", p[0], p[1], got, want)
		}
	}
}

func BenchmarkJaroWinkler(b *testing.B) {
	pairs := [][2]string{{"jonathan", "jonathon"}, {"muller", "mueller"}, {"catherine", "kathryn"}, {"smith", "schmidt"}}
	b.Run("doppel", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			p := pairs[i%len(pairs)]
			jaroWinkler(p[0], p[1])
		}
	})
	b.Run("matchr", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			p := pairs[i%len(pairs)]
			matchr.JaroWinkler(p[0], p[1], false)
		}
	})
}
