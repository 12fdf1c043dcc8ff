package normalize

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

//go:generate go run gen_pinyin.go

// Chinese names in Han characters are matched in their pinyin form, so
// that 宋建国 meets Song Jianguo, Jianguo Song and SONG Jian-Guo. The
// readings come from go-pinyin's dictionary (a well-kept one: a reading
// table is not something to hand-write); only which leading characters
// are a compound surname is doppel's own list. Korean Hangul and Japanese
// kana are romanised too (hangul.go, kana.go); cjkPart and cjkFullName
// pick the script.

// hanCompoundSurnames are the two-character Chinese family names: a name
// that starts with one has a two-syllable family name.
const hanCompoundSurnames = `欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒
夏侯 轩辕 令狐 端木 独孤 南宫 西门 百里 呼延 澹台 申屠 太史 万俟`

// isCompoundSurname reports whether s is one of hanCompoundSurnames.
func isCompoundSurname(s string) bool {
	return inList(hanCompoundSurnames, s)
}

// inList reports whether s is one of the words of the whitespace-separated
// list.
func inList(list, s string) bool {
	for list != "" {
		i := strings.IndexAny(list, " \n")
		if i < 0 {
			return list == s
		}
		if list[:i] == s {
			return true
		}
		list = list[i+1:]
	}
	return false
}

// hanSurnameReading returns the reading of a Chinese family name whose
// character go-pinyin reads otherwise, as it is read in common words: 曾
// is céng in 曾经 but the family name Zēng, 翟 dí but the family name
// Zhái. "" means go-pinyin's first reading is the family name's. These
// are the family names of the usual lists of surnames read apart
// (姓氏多音字); traditional forms where they differ.
func hanSurnameReading(s string) string {
	switch s {
	case "曾":
		return "zeng"
	case "单", "單":
		return "shan"
	case "解":
		return "xie"
	case "仇":
		return "qiu"
	case "区", "區":
		return "ou"
	case "朴":
		return "piao"
	case "查":
		return "zha"
	case "翟":
		return "zhai"
	case "覃":
		return "qin"
	case "缪", "繆":
		return "miao"
	case "乐", "樂":
		return "yue"
	case "盖", "蓋":
		return "ge"
	case "种", "種":
		return "chong"
	case "召":
		return "shao"
	case "秘":
		return "bi"
	case "尉迟", "尉遲":
		return "yuchi"
	case "澹台", "澹臺":
		return "tantai"
	case "万俟":
		return "moqi"
	}
	return ""
}

// hanFamily returns the pinyin of a Chinese family name in Han
// characters: its reading as a family name, one word.
func hanFamily(s string) string {
	if r := hanSurnameReading(s); r != "" {
		return r
	}
	return strings.Join(hanSyllables(s), "")
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
// ü is written u, as the Key of a name typed with it is ("Lü" -> "lu"):
// go-pinyin writes it v (吕 lv), a spelling customers rarely use.
func hanSyllables(s string) []string {
	a := pinyin.NewArgs()
	var out []string
	for _, r := range pinyin.Pinyin(s, a) {
		if len(r) > 0 && r[0] != "" {
			out = append(out, strings.ReplaceAll(r[0], "v", "u"))
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
	fam := hanFamily(string(runes[:famChars]))
	given := strings.Join(hanSyllables(string(runes[famChars:])), "")
	switch {
	case fam == "" && given == "":
		return "", false
	case given == "":
		return fam, true
	}
	return given + " " + fam, true
}

// cjkScripts reports, in one pass, whether s holds kana, Hangul or Han
// characters (most names hold none: a byte scan says so).
func cjkScripts(s string) (kana, hangul, han bool) {
	if isASCII(s) {
		return false, false, false
	}
	for _, r := range s {
		if r < 0x2E80 {
			continue
		}
		switch {
		case isKana(r) || (r >= 0xFF66 && r <= 0xFF9D):
			kana = true
		case isHangulSyllable(r):
			hangul = true
		case unicode.Is(unicode.Han, r):
			han = true
		}
	}
	return kana, hangul, han
}

// cjkPart romanises one name part written in Hangul, kana or Han
// characters (see hangul.go, kana.go): family says it is a family name
// (Korean family names take their customary spelling, Chinese ones their
// reading as a family name: 曾 is Zeng). It runs on every
// name field of every record, so the scripts are told in one pass.
func cjkPart(s string, family bool) (string, bool) {
	kana, hangul, han := cjkScripts(s)
	switch {
	case kana:
		w := kanaWord(strings.Join(strings.Fields(s), ""))
		return w, w != ""
	case hangul:
		joined := strings.Join(strings.Fields(s), "")
		var w string
		if family {
			w = hangulFamily(joined)
		} else {
			w = hangulWord(joined)
		}
		return w, w != ""
	case han:
		joined := strings.Join(strings.Fields(s), "")
		var p string
		if family {
			p = hanFamily(joined)
		} else {
			p = strings.Join(hanSyllables(joined), "")
		}
		return p, p != ""
	}
	return "", false
}

// cjkFullName romanises a whole name written in Hangul, kana or Han
// characters into "Given Family" order; ok is false when it has none.
func cjkFullName(s string) (string, bool) {
	kana, hangul, han := cjkScripts(s)
	switch {
	case kana:
		return kanaFullName(s)
	case hangul:
		return hangulFullName(s)
	case han:
		return hanFullName(s)
	}
	return "", false
}
