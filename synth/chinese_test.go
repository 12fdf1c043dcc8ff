package synth

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRomanisedChinese: the pinyin exports write a Chinese name in every
// way romanisedChinese lists, family name first or last, the given name
// joined, hyphenated or spaced, the family name in capitals or not; a
// one-character given name has no stray hyphen or space.
func TestRomanisedChinese(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	fam, g1, g2 := [2]string{"宋", "song"}, [2]string{"建", "jian"}, [2]string{"国", "guo"}
	got := map[[2]string]bool{}
	for i := 0; i < 1000; i++ {
		g, f := romanisedChinese(r, fam, g1, g2)
		got[[2]string{g, f}] = true
	}
	want := [][2]string{
		{"Jianguo", "Song"}, {"Jian-Guo", "SONG"}, {"Jian Guo", "Song"}, {"Song", "Jianguo"},
		{"Jian-guo", "Song"}, {"SONG", "Jian-Guo"}, {"Song", "Jian Guo"},
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("never written as %q / %q", w[0], w[1])
		}
	}
	for g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("unexpected form %q / %q", g[0], g[1])
		}
	}
	for i := 0; i < 200; i++ {
		g, f := romanisedChinese(r, fam, [2]string{"伟", "wei"}, [2]string{})
		for _, s := range []string{g, f} {
			if s == "" || s[len(s)-1] == '-' || s[len(s)-1] == ' ' {
				t.Fatalf("one-character given name written %q / %q", g, f)
			}
		}
	}
}
