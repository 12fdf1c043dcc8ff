package normalize

import "strings"

// Korean names in Hangul are matched in their romanised form, so that
// 김민수 meets Kim Minsu, Minsu Kim and KIM Min-su. Hangul needs no
// reading table: Unicode composes every syllable arithmetically from its
// initial consonant, vowel and final consonant (U+AC00 + (L*21+V)*28+T),
// and the Revised Romanization of Korean (2000) gives one spelling for
// each of those 19, 21 and 27 letters. Names are romanised syllable by
// syllable, as Koreans write them in Latin letters (no sound changes
// across syllables), and the family name takes its customary spelling
// (Kim, Lee, Park, Choi...), not the Revised one (Gim, I, Bak, Choe),
// because that is how customers and clerks write it. Variants of a given
// name's spelling (Ji-sung / Jiseong, Yuna / Yeona) are left to the fuzzy
// name comparison.

// rrInitial, rrVowel and rrFinal return the Revised Romanization of the
// i-th initial consonant, vowel and final consonant, in Unicode order.
func rrInitial(i int) string {
	return [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}[i]
}

func rrVowel(i int) string {
	return [21]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}[i]
}

func rrFinal(i int) string {
	return [28]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}[i]
}

// isHangulSyllable reports whether r is a precomposed Hangul syllable.
func isHangulSyllable(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// hasHangul reports whether s holds a Hangul syllable.
func hasHangul(s string) bool {
	if isASCII(s) {
		return false
	}
	for _, r := range s {
		if isHangulSyllable(r) {
			return true
		}
	}
	return false
}

// hangulSyllable returns the Revised Romanization of one syllable; an
// initial ㄹ is "r" (Revised Romanization writes it "r" before a vowel).
func hangulSyllable(r rune) string {
	i := int(r - 0xAC00)
	return rrInitial(i/588) + rrVowel(i%588/28) + rrFinal(i%28)
}

// koreanSurname returns the customary Latin spelling of a Korean family
// name in Hangul (one or two syllables), or "" when it is not one of the
// common ones (the syllables' Revised Romanization is used then). The
// list covers the surnames of about nine in ten Koreans.
func koreanSurname(s string) string {
	switch s {
	case "김":
		return "kim"
	case "이", "리":
		return "lee"
	case "박":
		return "park"
	case "최":
		return "choi"
	case "정":
		return "jung"
	case "강":
		return "kang"
	case "조":
		return "cho"
	case "윤":
		return "yoon"
	case "장":
		return "jang"
	case "임", "림":
		return "lim"
	case "오":
		return "oh"
	case "신":
		return "shin"
	case "권":
		return "kwon"
	case "황":
		return "hwang"
	case "안":
		return "ahn"
	case "유":
		return "yoo"
	case "류":
		return "ryu"
	case "홍":
		return "hong"
	case "전":
		return "jeon"
	case "고":
		return "ko"
	case "문":
		return "moon"
	case "손":
		return "son"
	case "배":
		return "bae"
	case "백":
		return "baek"
	case "허":
		return "heo"
	case "노", "로":
		return "noh"
	case "심":
		return "shim"
	case "곽":
		return "kwak"
	case "성":
		return "sung"
	case "주":
		return "joo"
	case "우":
		return "woo"
	case "구":
		return "koo"
	case "민":
		return "min"
	case "진":
		return "jin"
	case "지":
		return "ji"
	case "엄":
		return "um"
	case "채":
		return "chae"
	case "천":
		return "chun"
	case "현":
		return "hyun"
	case "변":
		return "byun"
	case "추":
		return "choo"
	case "석":
		return "seok"
	case "명":
		return "myung"
	case "기":
		return "ki"
	case "금":
		return "keum"
	case "육":
		return "yook"
	case "국":
		return "kook"
	case "남궁":
		return "namgoong"
	case "황보":
		return "hwangbo"
	case "제갈":
		return "jegal"
	case "선우":
		return "sunwoo"
	case "독고":
		return "dokgo"
	case "사공":
		return "sagong"
	case "서문":
		return "seomun"
	}
	return ""
}

// koreanCompoundSurnames are the two-syllable Korean family names.
const koreanCompoundSurnames = `남궁 황보 제갈 선우 독고 사공 서문 동방`

// isKoreanCompoundSurname reports whether s is one of
// koreanCompoundSurnames.
func isKoreanCompoundSurname(s string) bool {
	return inList(koreanCompoundSurnames, s)
}

// hangulWord romanises the Hangul syllables of s into one word (other
// characters are dropped): a given name's syllables are one name.
func hangulWord(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isHangulSyllable(r) {
			b.WriteString(hangulSyllable(r))
		}
	}
	return b.String()
}

// hangulFamily romanises a Korean family name: its customary spelling,
// else the Revised Romanization.
func hangulFamily(s string) string {
	if c := koreanSurname(s); c != "" {
		return c
	}
	return hangulWord(s)
}

// hangulFullName romanises a whole Korean name written in Hangul, family
// name first as Korean writes it, into "Given Family" order ("김민수" ->
// "minsu kim"), the form ParseName reads as given and family name. A name
// written with a space keeps its split ("남궁 민수"); without one the
// family name is the first syllable, or the first two for a compound
// surname. ok is false when s has no Hangul.
func hangulFullName(s string) (string, bool) {
	if !hasHangul(s) {
		return "", false
	}
	words := strings.Fields(s)
	var fam, given string
	if len(words) >= 2 {
		fam, given = words[0], strings.Join(words[1:], "")
	} else {
		runes := []rune(words[0])
		n := 1
		if len(runes) > 2 && isKoreanCompoundSurname(string(runes[:2])) {
			n = 2
		}
		fam, given = string(runes[:n]), string(runes[n:])
	}
	f, g := hangulFamily(fam), hangulWord(given)
	switch {
	case f == "" && g == "":
		return "", false
	case g == "":
		return f, true
	case f == "":
		return g, true
	}
	return g + " " + f, true
}
