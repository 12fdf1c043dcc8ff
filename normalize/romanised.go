package normalize

import "strings"

// Chinese and Korean given names are mostly two syllables, one name: 宋建国
// is Song Jianguo, 김민수 is Kim Minsu. Written in Latin letters the two
// syllables are often apart, with a hyphen or a space (SONG Jian-Guo, Song
// Jian Guo, Jian Guo Song, Kim Min-su), which a Western reading takes for
// a hyphenated given name or a given and a middle name, or reads the family
// name that comes first as the given name. A name whose words are a common
// Chinese family name and two pinyin syllables, or a Korean family name
// and two Korean syllables, is read as the family name and one given name
// of the two syllables joined, whichever comes first.
//
// Which word is the family name: the one of the hyphenated pair's partner
// ("Song Jian-Guo", "Jian-Guo Song"); the one in capitals when only one end
// is ("SONG Jian Guo", "Jian Guo SONG"); else the first word when it is a
// family name (a given name written syllable by syllable is mostly
// written in Chinese order: Hong Kong's CHAN Tai Man, Singapore's Tan Ah
// Kow), else the last one. Three syllables with a family name at both
// ends are ambiguous ("Song Jian Guo": Guo is a family name too); the
// first is taken, unless only the last is one of the ten most common
// family names of its language ("Min Su Kim": Min is a Korean family
// name, Kim that of one Korean in five).
//
// Western names rarely fit: the family name must be one of the ~100
// common Chinese family names (as pinyin) or a Korean one, and both given
// parts syllables of the same language, so "Lee Ann", "Anna-Lena Wang" and
// "Mary Jo Li" stay as they are; two-word names ("Li Na", "Ma Li") have
// nothing to join and keep the Western reading.

// topFamily is how many of the most common family names of a language
// outrank another family name at the other end of an ambiguous name.
const topFamily = 10

// hanCommonSurnames are the most common Chinese family names, about 100
// covering some 85% of Han Chinese, by frequency (the Ministry of Public
// Security's 2020 ranking, simplified characters). Their pinyin, read by
// hanFamily, is what a romanised Chinese family name is recognised by.
const hanCommonSurnames = `王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 胡 朱 郭 何 罗 高 林
郑 梁 谢 宋 唐 许 韩 邓 冯 曹 彭 曾 肖 田 董 潘 袁 蔡 蒋 余
于 杜 叶 程 魏 苏 吕 丁 任 卢 姚 沈 钟 姜 崔 谭 陆 范 汪 廖
石 金 韦 贾 夏 付 方 邹 熊 白 孟 秦 邱 侯 江 尹 薛 闫 段 雷
龙 黎 史 陶 贺 毛 郝 顾 龚 邵 万 覃 武 钱 戴 严 莫 孔 向 常`

// koreanCommonSurnames are the common Korean family names in Hangul, by
// frequency (Statistics Korea's 2015 census; one entry per Hangul
// spelling), some 75 covering nearly all Koreans. Their Latin spelling,
// by hangulFamily, is what a romanised Korean family name is recognised
// by.
const koreanCommonSurnames = `김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 전 홍
유 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 우 구 민 류
나 진 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설
마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모`

// romanTables are the sets a romanised Chinese or Korean name is told by.
type romanTables struct {
	pinyin   map[string]bool // toneless pinyin syllables
	cnFamily map[string]int  // common Chinese family names in pinyin -> rank from 1 (compound ones: after the list)
	krFamily map[string]int  // common Korean family names, customary spelling -> rank from 1
	krSyll   map[string]bool // Korean syllables: every Hangul syllable's Revised Romanization, and the family names' customary spellings (shin, woo)
}

// newRomanTables builds the sets from go-pinyin's syllables and the Han
// and Hangul family names above, read as hanFamily and hangulFamily read
// them.
func newRomanTables() *romanTables {
	t := &romanTables{pinyin: map[string]bool{}, cnFamily: map[string]int{}, krFamily: map[string]int{}, krSyll: map[string]bool{}}
	for _, s := range strings.Fields(pinyinSyllables) {
		t.pinyin[s] = true
	}
	rank := func(m map[string]int, list string, read func(string) string) {
		for _, s := range strings.Fields(list) {
			if f := read(s); f != "" && m[f] == 0 {
				m[f] = len(m) + 1 // 李 and 黎 are both li: the first rank counts
			}
		}
	}
	rank(t.cnFamily, hanCommonSurnames, hanFamily)
	rank(t.cnFamily, hanCompoundSurnames, hanFamily)
	rank(t.krFamily, koreanCommonSurnames, hangulFamily)
	rank(t.krFamily, koreanCompoundSurnames, hangulFamily)
	for r := rune(0xAC00); r <= 0xD7A3; r++ {
		t.krSyll[hangulSyllable(r)] = true
	}
	for _, s := range strings.Fields(koreanCommonSurnames) {
		t.krSyll[hangulFamily(s)] = true // lee, shin: the customary spellings are given-name syllables too
	}
	return t
}

// fits reports whether family and the syllables a and b are a romanised
// Chinese name (a common family name, two pinyin syllables) or a Korean
// one (a Korean family name, two Korean syllables).
func (t *romanTables) fits(family, a, b string) bool {
	return t.rank(family, a, b) > 0
}

// rank returns the rank of family among the family names of the language
// that family, a and b fit as a name of (see fits), the better one when
// both do, and 0 when they fit neither.
func (t *romanTables) rank(family, a, b string) int {
	r := 0
	if c := t.cnFamily[family]; c > 0 && t.pinyin[a] && t.pinyin[b] {
		r = c
	}
	if k := t.krFamily[family]; k > 0 && (r == 0 || k < r) && t.krSyllable(a) && t.krSyllable(b) {
		r = k
	}
	return r
}

func (t *romanTables) krSyllable(s string) bool { return t.krSyll[s] }

// twoSyllables returns the two parts of ws when ws is one hyphenated
// word of two parts ("jian guo") or two words of one part each.
func twoSyllables(ws []nameWord) (a, b string, ok bool) {
	switch len(ws) {
	case 1:
		a, b, ok = strings.Cut(ws[0].key, " ")
		return a, b, ok && a != "" && b != "" && strings.IndexByte(b, ' ') < 0
	case 2:
		if oneWord(ws[0].key) && oneWord(ws[1].key) {
			return ws[0].key, ws[1].key, true
		}
	}
	return "", "", false
}

func oneWord(k string) bool { return k != "" && strings.IndexByte(k, ' ') < 0 }

// eastAsianGroups reads a name written in two groups, one of them the
// family name (the two sides of "SONG, Jian-Guo", or a record's family and
// given-name columns): when one group is a family name and the other two
// syllables (see romanTables.fits), it returns the syllables joined as the
// given name and the family name, whichever group they were in.
func (n *Normalizer) eastAsianGroups(fam, given []nameWord) (g, f string, ok bool) {
	if len(fam) == 1 && oneWord(fam[0].key) {
		if a, b, ok := twoSyllables(given); ok && n.roman.fits(fam[0].key, a, b) {
			return a + b, fam[0].key, true
		}
	}
	if len(given) == 1 && oneWord(given[0].key) {
		if a, b, ok := twoSyllables(fam); ok && n.roman.fits(given[0].key, a, b) {
			return a + b, given[0].key, true
		}
	}
	return "", "", false
}

// eastAsianWords reads the words of an uninverted name (no comma) as a
// romanised Chinese or Korean name: a family name and two syllables,
// either order (see the order rules above). ok is false for any other
// name.
func (n *Normalizer) eastAsianWords(ws []nameWord) (g, f string, ok bool) {
	switch len(ws) {
	case 2: // "Song Jian-Guo", "Jian-Guo SONG"
		return n.eastAsianGroups(ws[:1], ws[1:])
	case 3: // "Song Jian Guo", "Jian Guo Song"
		for _, w := range ws {
			if !oneWord(w.key) {
				return "", "", false
			}
		}
		first := n.roman.rank(ws[0].key, ws[1].key, ws[2].key)
		last := n.roman.rank(ws[2].key, ws[0].key, ws[1].key)
		switch {
		case ws[0].upper && !ws[2].upper:
			last = 0
		case ws[2].upper && !ws[0].upper:
			first = 0
		case first > topFamily && last > 0 && last <= topFamily:
			first = 0 // "Min Su Kim"
		}
		switch {
		case first > 0:
			return ws[1].key + ws[2].key, ws[0].key, true
		case last > 0:
			return ws[0].key + ws[1].key, ws[2].key, true
		}
	}
	return "", "", false
}

// joinEastAsianKeys applies eastAsianGroups to the name keys of a record's
// given, middle and family-name columns: "Jian-Guo" / "SONG", "Jian" /
// "Guo" / "Song" and "Song" / "Jian Guo" (the columns swapped) become
// given "jianguo", family "song". Keys that are no such name come back as
// they are.
func (n *Normalizer) joinEastAsianKeys(given, middle, family string) (string, string, string) {
	if given == "" || family == "" || !isASCII(given) || !isASCII(family) {
		return given, middle, family
	}
	gw := []nameWord{{key: given}}
	switch {
	case middle == "":
	case oneWord(given) && oneWord(middle):
		gw = append(gw, nameWord{key: middle})
	default:
		return given, middle, family
	}
	if g, f, ok := n.eastAsianGroups([]nameWord{{key: family}}, gw); ok {
		return g, "", f
	}
	return given, middle, family
}
