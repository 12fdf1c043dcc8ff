package normalize

import "testing"

// TestKoreanAndJapaneseNames: names in Hangul and kana get the keys of
// the romanised forms customers write, family name first or last.
func TestKoreanAndJapaneseNames(t *testing.T) {
	checkNameKeys(t, Options{}, []nameKeyCase{
		{"김민수", "", "", "minsu", "kim"},
		{"Minsu Kim", "", "", "minsu", "kim"},
		{"KIM Min-su", "", "", "minsu", "kim"}, // the two syllables joined (romanised.go)
		{"Kim Min Su", "", "", "minsu", "kim"},
		{"", "Min-su", "Kim", "minsu", "kim"},
		{"박지성", "", "", "jiseong", "park"},
		{"이순신", "", "", "sunsin", "lee"},
		{"최 정우", "", "", "jeongu", "choi"},
		{"남궁민수", "", "", "minsu", "namgoong"}, // a compound surname
		{"", "민수", "김", "minsu", "kim"},
		{"", "", "황보", "", "hwangbo"},
		{"やまだ たろう", "", "", "taro", "yamada"},
		{"ヤマダ タロウ", "", "", "taro", "yamada"},
		{"ﾔﾏﾀﾞ ﾀﾛｳ", "", "", "taro", "yamada"}, // half-width katakana
		{"Taro Yamada", "", "", "taro", "yamada"},
		{"", "ゆうき", "さとう", "yuki", "sato"},
		{"", "きょうこ", "", "kyoko", ""},
		{"", "しょうへい", "おおたに", "shohei", "otani"},
	})
}

// TestKanaWord: Hepburn, with the combining small kana, the doubled
// consonant after a small tsu, long vowels short, and kanji kept.
func TestKanaWord(t *testing.T) {
	for in, want := range map[string]string{
		"しんいち":    "shinichi",
		"まっちゃ":    "matcha",
		"ほっかいどう":  "hokkaido",
		"きゃく":     "kyaku",
		"ちゅうじょう":  "chujo",
		"じゅん":     "jun",
		"ふじ":      "fuji",
		"ファイル":    "fairu",
		"ティム":     "timu",
		"ウィリアム":   "wiriamu",
		"ジョン・スミス": "jonsumisu",
		"ヴァイオリン":  "vaiorin",
		"をの":      "ono",
		"ゔ":       "vu",
		"山田さくら":   "山田sakura",
		"ヷ":       "va",
	} {
		if got := kanaWord(in); got != want {
			t.Errorf("kanaWord(%q) = %q, want %q", in, got, want)
		}
	}
	// Every hiragana and katakana letter romanises to letters (the table
	// has one entry per code point).
	for r := rune(0x3041); r <= 0x3096; r++ {
		if r == 'っ' {
			continue
		}
		for _, k := range []rune{r, r + 0x60} {
			if w := kanaWord(string(k)); w == "" || !isASCII(w) {
				t.Errorf("kanaWord(%q) = %q", string(k), w)
			}
		}
	}
}

// TestHangulSyllable: the Revised Romanization of every initial, vowel
// and final, checked on syllables that use them.
func TestHangulSyllable(t *testing.T) {
	for in, want := range map[string]string{
		"한국어": "hangukeo", // syllable by syllable: no linking of the final
		"서울":  "seoul",
		"부산":  "busan",
		"쌍":   "ssang",
		"뷁":   "bwek",
		"닭":   "dak",
		"읽":   "ik",
		"앉":   "an",
		"꽃":   "kkot",
		"의":   "ui",
		"외":   "oe",
		"휘":   "hwi",
	} {
		if got := hangulWord(in); got != want {
			t.Errorf("hangulWord(%q) = %q, want %q", in, got, want)
		}
	}
	if s, ok := hangulFullName("Anna"); ok || s != "" {
		t.Errorf("a Latin name was romanised: %q", s)
	}
	if s, ok := kanaFullName("Anna"); ok || s != "" {
		t.Errorf("a Latin name was romanised: %q", s)
	}
}
