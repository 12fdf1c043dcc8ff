package normalize

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Japanese names in kana are matched in their Hepburn romanisation, so
// that やまだ たろう and ヤマダ タロウ meet Taro Yamada and YAMADA Taro.
// Long vowels are written short (たろう -> taro, ゆうき -> yuki, おおの ->
// ono), as Japanese names are in passports and most Latin-script
// records. Names in kanji are not covered: their readings need a name
// dictionary (山田 is Yamada, but a kanji's reading in a name is often
// not its common one), so a name with kanji and kana keeps its kanji, and
// a name in kanji alone is read as Chinese (see han.go).
//
// The syllabary is small and fixed, so the table is written out here:
// go-unidecode, the transliteration library in the module proxy,
// romanises kana in the Nihon-shiki style (ふ "hu", じ "zi", ぢ "di")
// that Japanese customers do not write their names in, and the kana
// libraries are not served.

// hiraganaRomaji returns the Hepburn romanisation of the hiragana h
// (U+3041..U+3096; "" for the small tsu, handled apart, and outside).
// Katakana U+30A1..U+30F6 are the same letters 0x60 further on.
func hiraganaRomaji(h rune) string {
	if h < 0x3041 || h > 0x3096 {
		return ""
	}
	return [...]string{
		"a", "a", "i", "i", "u", "u", "e", "e", "o", "o", // ぁあぃいぅうぇえぉお
		"ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go", // かがきぎくぐけげこご
		"sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo", // さざしじすずせぜそぞ
		"ta", "da", "chi", "ji", "", "tsu", "zu", "te", "de", "to", "do", // ただちぢっつづてでとど
		"na", "ni", "nu", "ne", "no", // なにぬねの
		"ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po", // はばぱひびぴふぶぷへべぺほぼぽ
		"ma", "mi", "mu", "me", "mo", // まみむめも
		"ya", "ya", "yu", "yu", "yo", "yo", // ゃやゅゆょよ
		"ra", "ri", "ru", "re", "ro", // らりるれろ
		"wa", "wa", "i", "e", "o", "n", "vu", "ka", "ke", // ゎわゐゑをんゔゕゖ
	}[h-0x3041]
}

// kanaSmall reports whether r is a small kana that combines with the
// syllable before it (ゃゅょ, ぁぃぅぇぉ, in both scripts).
func kanaSmall(r rune) bool {
	if r >= 0x30A1 && r <= 0x30F6 {
		r -= 0x60
	}
	switch r {
	case 'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ', 'ゃ', 'ゅ', 'ょ', 'ゎ':
		return true
	}
	return false
}

// isKana reports whether r is a hiragana or katakana letter, the long
// vowel mark or the small tsu.
func isKana(r rune) bool {
	return (r >= 0x3041 && r <= 0x3096) || (r >= 0x30A1 && r <= 0x30FA) || r == 'ー'
}

// hasKana reports whether s holds kana (full- or half-width).
func hasKana(s string) bool {
	if isASCII(s) {
		return false
	}
	for _, r := range s {
		if isKana(r) || (r >= 0xFF66 && r <= 0xFF9D) {
			return true
		}
	}
	return false
}

// kanaWord romanises the kana of s into one word (other characters are
// kept as they are): Hepburn, long vowels short.
func kanaWord(s string) string {
	s = norm.NFKC.String(s) // half-width katakana and separate voicing marks
	var out []byte
	double := false // after a small tsu: double the next consonant
	for _, r := range s {
		if r == 0x30FB { // the middle dot between the parts of a foreign name
			double = false
			continue
		}
		if !isKana(r) {
			out = append(out, string(r)...)
			double = false
			continue
		}
		h := r
		if h >= 0x30A1 && h <= 0x30F6 {
			h -= 0x60 // katakana -> hiragana
		}
		switch {
		case r == 'ー': // long vowel mark
			continue
		case h == 'っ':
			double = true
			continue
		case r == 0x30F7: // ヷ
			out = append(out, "va"...)
			continue
		case r == 0x30F8 || r == 0x30F9 || r == 0x30FA: // ヸヹヺ
			out = append(out, [...]string{"vi", "ve", "vo"}[r-0x30F8]...)
			continue
		}
		syl := hiraganaRomaji(h)
		if kanaSmall(r) && len(out) > 0 {
			out = combineSmall(out, syl)
			continue
		}
		if double && syl != "" {
			if strings.HasPrefix(syl, "ch") {
				out = append(out, 't')
			} else if c := syl[0]; c != 'a' && c != 'i' && c != 'u' && c != 'e' && c != 'o' && c != 'n' {
				out = append(out, c)
			}
		}
		double = false
		out = append(out, syl...)
	}
	return shortVowels(string(out))
}

// combineSmall joins a small kana's vowel or y-glide to the syllable
// before it: きゃ kya, しゃ sha, ちゅ chu, じょ jo, ふぁ fa, てぃ ti, うぃ wi.
func combineSmall(out []byte, small string) []byte {
	if strings.HasPrefix(small, "y") || strings.HasPrefix(small, "w") {
		// A y-glide after an i-syllable: ki+ya -> kya; shi/chi/ji drop the y.
		if n := len(out); n > 0 && out[n-1] == 'i' {
			prev := string(out)
			if strings.HasSuffix(prev, "shi") || strings.HasSuffix(prev, "chi") || strings.HasSuffix(prev, "ji") {
				return append(out[:n-1], small[1:]...)
			}
			return append(out[:n-1], small...)
		}
		return append(out, small...)
	}
	// A small vowel replaces the vowel before it: fu+a -> fa, te+i -> ti.
	n := len(out)
	switch out[n-1] {
	case 'a', 'i', 'u', 'e', 'o':
		if n == 1 || strings.IndexByte("aiueo", out[n-2]) >= 0 {
			// A bare vowel (u+i -> wi, u+e -> we, u+o -> wo).
			out = append(out[:n-1], 'w')
		} else {
			out = out[:n-1]
		}
	}
	return append(out, small...)
}

// shortVowels writes the long vowels of a romanised Japanese name short:
// ou, oo -> o; uu -> u (Satou, Oono, Yuuki -> Sato, Ono, Yuki).
func shortVowels(s string) string {
	if !strings.Contains(s, "ou") && !strings.Contains(s, "oo") && !strings.Contains(s, "uu") {
		return s
	}
	r := strings.NewReplacer("ou", "o", "oo", "o", "uu", "u")
	return r.Replace(s)
}

// kanaFullName romanises a Japanese name written in kana, family name
// first as Japanese writes it, into "Given Family" order ("やまだ たろう"
// -> "taro yamada"); a name without a space is one word (its split is
// unknown). Kanji are kept (see above). ok is false when s has no kana.
func kanaFullName(s string) (string, bool) {
	if !hasKana(s) {
		return "", false
	}
	words := strings.Fields(strings.ReplaceAll(norm.NFKC.String(s), "・", " "))
	for i, w := range words {
		words[i] = kanaWord(w)
	}
	if len(words) >= 2 {
		return strings.Join(words[1:], "") + " " + words[0], true
	}
	return words[0], words[0] != ""
}
