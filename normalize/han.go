package normalize

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// Chinese names in Han characters are matched in their pinyin form, so
// that 宋建国 meets Song Jianguo, Jianguo Song and SONG Jian-Guo. The
// readings come from go-pinyin's dictionary (a well-kept one: a reading
// table is not something to hand-write); only which leading characters
// are a compound surname is doppel's own list. Korean Hangul and Japanese
// kana are romanised too (hangul.go, kana.go); cjkPart and cjkFullName
// pick the script.

// compoundSurnames are the two-character Chinese surnames: a name that
// starts with one has a two-syllable family name.
func isCompoundSurname(s string) bool {
	switch s {
	case "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
		"夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "百里", "呼延", "澹台", "申屠", "太史":
		return true
	}
	return false
}

// hasHan reports whether s holds a Han character.
func hasHan(s string) bool {
	if isASCII(s) {
		return false // most names: no rune decoding
	}
	for _, r := range s {
		if r >= 0x2E80 && unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// hanSyllables returns the toneless pinyin of the Han characters of s,
// one syllable per character (characters without a reading are left out).
func hanSyllables(s string) []string {
	a := pinyin.NewArgs()
	var out []string
	for _, r := range pinyin.Pinyin(s, a) {
		if len(r) > 0 && r[0] != "" {
			out = append(out, r[0])
		}
	}
	return out
}

// hanFullName romanises a whole Chinese name written in Han characters,
// family name first as Chinese writes it, into "Given Family" order with
// the given name's syllables joined ("宋建国" -> "jianguo song"), the form
// ParseName reads as given and family name. ok is false when s has no Han
// characters.
func hanFullName(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if !hasHan(s) {
		return "", false
	}
	runes := []rune(strings.Join(strings.Fields(s), ""))
	famChars := 1
	if len(runes) > 2 && isCompoundSurname(string(runes[:2])) {
		famChars = 2
	}
	fam := strings.Join(hanSyllables(string(runes[:famChars])), "")
	given := strings.Join(hanSyllables(string(runes[famChars:])), "")
	switch {
	case fam == "" && given == "":
		return "", false
	case given == "":
		return fam, true
	}
	return given + " " + fam, true
}

// hanPart romanises one name part written in Han characters (a given name
// 建国 -> "jianguo", a family name 欧阳 -> "ouyang"): the syllables joined
// into one word, as a romanised two-syllable given name is one name.
func hanPart(s string) (string, bool) {
	if !hasHan(s) {
		return "", false
	}
	p := strings.Join(hanSyllables(s), "")
	return p, p != ""
}

// cjkPart romanises one name part written in Hangul, kana or Han
// characters (see hangul.go, kana.go): family says it is a family name
// (Korean family names take their customary spelling).
func cjkPart(s string, family bool) (string, bool) {
	switch {
	case hasKana(s):
		w := kanaWord(strings.Join(strings.Fields(s), ""))
		return w, w != ""
	case hasHangul(s):
		joined := strings.Join(strings.Fields(s), "")
		w := hangulWord(joined)
		if family {
			w = hangulFamily(joined)
		}
		return w, w != ""
	}
	return hanPart(s)
}

// cjkFullName romanises a whole name written in Hangul, kana or Han
// characters into "Given Family" order; ok is false when it has none.
func cjkFullName(s string) (string, bool) {
	switch {
	case hasKana(s):
		return kanaFullName(s)
	case hasHangul(s):
		return hangulFullName(s)
	}
	return hanFullName(s)
}
