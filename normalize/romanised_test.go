package normalize

import (
	"sort"
	"strings"
	"testing"

	"github.com/mozillazg/go-pinyin"
)

// TestRomanisedParseName: a romanised Chinese or Korean name, a common
// family name and a two-syllable given name written apart, is one given
// name and a family name in either order; Western names that merely hold
// such syllables are read as before.
func TestRomanisedParseName(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct {
		in   string
		want Name
	}{
		// Joined, family name first or last.
		{"Song Jian Guo", Name{Given: "jianguo", Family: "song"}}, // Guo is a family name too: the first word wins
		{"Jian Guo Song", Name{Given: "jianguo", Family: "song"}},
		{"SONG Jian-Guo", Name{Given: "jianguo", Family: "song"}},
		{"Song Jian-Guo", Name{Given: "jianguo", Family: "song"}}, // the hyphenated pair is the given name
		{"Jian-Guo Song", Name{Given: "jianguo", Family: "song"}},
		{"Jian-guo SONG", Name{Given: "jianguo", Family: "song"}},
		{"SONG JIAN GUO", Name{Given: "jianguo", Family: "song"}},
		{"Jian Guo SONG", Name{Given: "jianguo", Family: "song"}},   // capitals mark the family name
		{"Guo Jian SONG", Name{Given: "guojian", Family: "song"}},   // ... over the first word
		{"SONG Wei Zhang", Name{Given: "weizhang", Family: "song"}}, // ... and over a top-ten one
		{"SONG, Jian-Guo", Name{Given: "jianguo", Family: "song"}},
		{"Song, Jian Guo", Name{Given: "jianguo", Family: "song"}},
		{"Jian-Guo, Song", Name{Given: "jianguo", Family: "song"}}, // inverted the wrong way round
		{"Mr Wang Li-Na", Name{Title: "mr", Given: "lina", Family: "wang"}},
		{"Zeng Zhi Wei", Name{Given: "zhiwei", Family: "zeng"}},
		{"Ouyang Na-Na", Name{Given: "nana", Family: "ouyang"}}, // a compound family name
		{"Kim Min-Su", Name{Given: "minsu", Family: "kim"}},
		{"Park Ji-sung", Name{Given: "jisung", Family: "park"}}, // sung: a customary spelling
		{"Kim Jong Un", Name{Given: "jongun", Family: "kim"}},
		{"Min Su Kim", Name{Given: "minsu", Family: "kim"}},         // Min is a family name too, Kim a top-ten one
		{"Wei Ming Zhang", Name{Given: "weiming", Family: "zhang"}}, // the same for Wei and Zhang
		{"Yang Li Chen", Name{Given: "lichen", Family: "yang"}},     // both top-ten: the first
		{"Seo Ji-Hye", Name{Given: "jihye", Family: "seo"}},
		// Left alone.
		{"Li Na", Name{Given: "li", Family: "na"}}, // two words: nothing to join
		{"Ma Li", Name{Given: "ma", Family: "li"}},
		{"Song Jianguo", Name{Given: "song", Family: "jianguo"}}, // the comparison tries the swap
		{"Lee Ann", Name{Given: "lee", Family: "ann"}},
		{"Lee Ann Smith", Name{Given: "lee", Middle: "ann", Family: "smith"}},
		{"Mary Jo Li", Name{Given: "mary", Middle: "jo", Family: "li"}},
		{"Anna-Lena Wang", Name{Given: "anna lena", Family: "wang"}},
		{"Jean-Luc Song", Name{Given: "jean luc", Family: "song"}},
		{"Wang, Anna Li", Name{Given: "anna", Middle: "li", Family: "wang"}},
		{"Chan Tai Man", Name{Given: "chan", Middle: "tai", Family: "man"}}, // Cantonese: Chan is no pinyin family name
		{"Li J Wang", Name{Given: "li", Middle: "j", Family: "wang"}},       // an initial is no syllable
		{"Song Jian Guo Ming", Name{Given: "song", Middle: "jian guo", Family: "ming"}},
		{"Anna de Long", Name{Given: "anna", Family: "de long"}},
		{"Kim Anne-Marie", Name{Given: "kim", Family: "anne marie"}},
		{"Lee Roy Park", Name{Given: "lee", Middle: "roy", Family: "park"}},
	} {
		if got := n.ParseName(tc.in); got != tc.want {
			t.Errorf("ParseName(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

// TestRomanisedColumns: the same joining across a record's given, middle
// and family-name columns, and a full name in Han characters against its
// romanised forms.
func TestRomanisedColumns(t *testing.T) {
	checkNameKeys(t, Options{}, []nameKeyCase{
		{"宋建国", "", "", "jianguo", "song"},
		{"", "Jian-Guo", "SONG", "jianguo", "song"},
		{"", "Jian Guo", "Song", "jianguo", "song"},
		{"", "Song", "Jian Guo", "jianguo", "song"}, // columns swapped
		{"", "Song", "Jian-guo", "jianguo", "song"},
		{"", "Jianguo", "Song", "jianguo", "song"},
		{"", "Anna-Lena", "Wang", "anna lena", "wang"},
		{"", "Mary Jo", "Li", "mary jo", "li"},
		{"", "Li", "Na", "li", "na"},
		{"", "Ann", "Lee", "ann", "lee"},
	})
}

// TestPinyinSyllablesFromDictionary: pinyinSyllables is what gen_pinyin.go
// derives from go-pinyin's dictionary (run `go generate ./normalize` when
// this fails after a go-pinyin update), and it is a complete syllable
// list: about 410 toneless syllables, the common ones of names included.
func TestPinyinSyllablesFromDictionary(t *testing.T) {
	want := map[string]bool{}
	a := pinyin.Args{Style: pinyin.Normal, Heteronym: true}
	for r := range pinyin.PinyinDict {
		for _, p := range pinyin.SinglePinyin(rune(r), a) {
			if strings.Trim(p, "abcdefghijklmnopqrstuvwxyz") == "" && strings.ContainsAny(p, "aeiouv") {
				want[p] = true
				want[strings.ReplaceAll(p, "v", "u")] = true
			}
		}
	}
	got := map[string]bool{}
	for _, s := range strings.Fields(pinyinSyllables) {
		got[s] = true
	}
	var diff []string
	for s := range want {
		if !got[s] {
			diff = append(diff, "+"+s)
		}
	}
	for s := range got {
		if !want[s] {
			diff = append(diff, "-"+s)
		}
	}
	sort.Strings(diff)
	if len(diff) > 0 {
		t.Errorf("pinyinSyllables is stale (go generate ./normalize): %v", diff)
	}
	if len(got) < 400 || len(got) > 440 {
		t.Errorf("%d syllables, want about 410", len(got))
	}
	for _, s := range strings.Fields("zhuang xiong jian guo lu lv er a wong") {
		if !got[s] {
			t.Errorf("%q missing", s)
		}
	}
	for _, s := range strings.Fields("ng hm m n ann lee kim smith") {
		if got[s] {
			t.Errorf("%q is no syllable of a name", s)
		}
	}
}

// TestRomanTables: the family-name sets hold the pinyin of the common Han
// family names with their family-name readings, the compound ones and the
// customary Korean spellings, and nothing Western.
func TestRomanTables(t *testing.T) {
	rt := newRomanTables()
	if n := len(strings.Fields(hanCommonSurnames)); n != 100 {
		t.Errorf("%d Han family names, want 100", n)
	}
	for _, s := range strings.Fields("wang li zhang song guo zeng lu qin ouyang yuchi zhuge") {
		if rt.cnFamily[s] == 0 {
			t.Errorf("Chinese family name %q missing", s)
		}
	}
	for _, s := range strings.Fields("ceng chan smith lee kim jian") {
		if rt.cnFamily[s] > 0 {
			t.Errorf("%q is no common Chinese family name in pinyin", s)
		}
	}
	for _, s := range strings.Fields("kim lee park choi han seo song yang namgoong hwangbo") {
		if rt.krFamily[s] == 0 {
			t.Errorf("Korean family name %q missing", s)
		}
	}
	for s, want := range map[string]bool{"min": true, "su": true, "seong": true, "jong": true, "un": true, "ssang": true,
		"sung": true, "woo": true, "soo": false, "ann": false, "mary": false, "x": false} {
		if got := rt.krSyllable(s); got != want {
			t.Errorf("krSyllable(%q) = %v, want %v", s, got, want)
		}
	}
}
