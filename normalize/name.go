package normalize

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Honorifics, suffixes and family-name particles, as keys. Title
// continuations ("Dr. med.", "Dr. rer. nat.") count as titles only right
// after another title.
const (
	titleWords = `mr mrs ms miss mx mister dr doctor prof professor herr frau fraulein fr
mme mlle madame mademoiselle monsieur messrs mmes sir dame lady lord rev revd reverend hon
pastor rabbi imam sra srta senor senora senorita sig sigra dott dottssa ing dipl mag
capt captain col maj gen lt sgt cmdr adm baron baroness viscount viscountess marquess
marchioness countess duchess`
	titleContinuations = `med phil rer nat jur habil hc oec pol dent vet theol techn univ`
	suffixWords        = `jr jnr junior sr snr senior ii iii iv 2nd 3rd phd md dds dmd esq esquire
mba cpa obe mbe cbe kbe qc kc jd llb llm rn dphil msc bsc`
	particleWords = `van von der den de del della dei degli di da das dos du la le lo ten ter zu zur
vom vant bin ibn binti bint al el abu ap`
)

const (
	titleFull uint8 = 1 + iota
	titleCont
)

// Generation markers: what a name's suffix says about the generation of
// its bearer (Name.Generation, Prepared.Generation). "Jr." and "II" are
// one generation: both name a son after his father.
const (
	GenerationNone   uint8 = iota // no marker
	GenerationSenior              // Sr., Snr, Senior, sen.
	GenerationJunior              // Jr., Jnr, Junior, jun., II, 2nd
	GenerationThird               // III, 3rd
	GenerationFourth              // IV, 4th
)

// generationOfKey returns the generation a suffix key marks ("sen" and
// "jun" included: the caller checks that they were written with a dot).
func generationOfKey(key string) uint8 {
	switch key {
	case "sr", "snr", "senior", "sen":
		return GenerationSenior
	case "jr", "jnr", "junior", "jun", "ii", "2nd":
		return GenerationJunior
	case "iii", "3rd":
		return GenerationThird
	case "iv", "4th":
		return GenerationFourth
	}
	return GenerationNone
}

// isGenerationTok reports whether t is a generation marker. The German
// "sen." and "jun." count only with their dot: "Sen" and "Jun" are also
// family and given names (Amartya Sen, Kim Jun).
func isGenerationTok(t nameTok) bool {
	if t.key == "sen" || t.key == "jun" {
		return strings.HasSuffix(t.raw, ".")
	}
	return generationOfKey(t.key) != GenerationNone
}

// generationOf returns the generation marked by the first suffix key in
// keys that marks one.
func generationOf(keys []string) uint8 {
	for _, k := range keys {
		if g := generationOfKey(k); g != GenerationNone {
			return g
		}
	}
	return GenerationNone
}

// Name is a personal name split into parts. Every part is a key (see Key):
// folded, accents removed, punctuation gone. Several titles or suffixes are
// joined with a space ("prof dr", "jr phd").
type Name struct {
	Title, Given, Middle, Family, Suffix string
	// Generation is the generation marker among the suffixes
	// (GenerationJunior for "Jr."), GenerationNone without one.
	Generation uint8
}

// nameTok is one whitespace-separated token of a name.
type nameTok struct {
	raw   string // the token as written
	key   string // Key of raw with dots removed (for title/suffix lookup)
	group int    // comma-separated group index
}

// nameWord is one word of the name proper after titles and suffixes are
// taken off; dotted initials are separate words ("J.R." -> "j", "r").
type nameWord struct {
	key   string
	upper bool // written in capitals ("MÜLLER")
}

func (n *Normalizer) buildNameTables() {
	n.titles = make(map[string]uint8)
	for _, w := range strings.Fields(titleWords) {
		n.titles[w] = titleFull
	}
	for _, w := range strings.Fields(titleContinuations) {
		n.titles[w] = titleCont
	}
	n.suffixes = make(map[string]bool)
	for _, w := range strings.Fields(suffixWords) {
		n.suffixes[w] = true
	}
	n.particles = make(map[string]bool)
	for _, w := range strings.Fields(particleWords) {
		n.particles[w] = true
	}
	n.nick = make(map[string][]string)
	for _, line := range strings.Split(nicknameTable, "\n") {
		canon, forms, ok := strings.Cut(line, ":")
		canon = strings.TrimSpace(canon)
		if !ok || canon == "" {
			continue
		}
		n.nick[canon] = append(n.nick[canon], canon)
		for _, f := range strings.Fields(forms) {
			n.nick[f] = append(n.nick[f], canon)
		}
	}
	for k, v := range n.nick {
		sort.Strings(v)
		out := v[:0]
		for i, s := range v {
			if i == 0 || s != v[i-1] {
				out = append(out, s)
			}
		}
		n.nick[k] = out[:len(out):len(out)]
	}
}

// GivenForms returns the canonical given names for a given-name key (see
// NameKey): nicknames and spelling variants map to their full name ("bob",
// "rob", "bobby", "robert" -> ["robert"]; "liam" -> ["william"]), ambiguous
// nicknames to several, sorted ("al" -> ["alan" "albert" "alexander"
// "alfred"]). A name that is a canonical name and also a nickname of another
// maps to both ("nathan" -> ["nathan" "nathaniel"]). Unknown keys give
// [key]; "" gives nil. The table covers English nicknames plus common
// German, French, Spanish and Italian short forms.
//
// The returned slice is shared with the Normalizer's table: read it, do not
// modify its elements (appending is safe).
func (n *Normalizer) GivenForms(key string) []string {
	if key == "" {
		return nil
	}
	if v, ok := n.nick[key]; ok {
		return v
	}
	return []string{key}
}

// KnownGivenName reports whether key is a given name (or a nickname) of
// the nickname table.
func (n *Normalizer) KnownGivenName(key string) bool {
	_, ok := n.nick[key]
	return ok
}

// nameTokens splits s at whitespace and commas into n.toks.
func (n *Normalizer) nameTokens(s string) []nameTok {
	toks := n.toks[:0]
	group := 0
	start := -1
	flush := func(end int) {
		if start >= 0 {
			raw := s[start:end]
			toks = append(toks, nameTok{raw: raw, key: n.dotlessKey(raw), group: group})
			start = -1
		}
	}
	for i, r := range s {
		switch {
		case r == ',' || r == ';' || r == '，' || r == '；':
			flush(i)
			if len(toks) > 0 && toks[len(toks)-1].group == group {
				group++
			}
		case unicode.IsSpace(r):
			flush(i)
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush(len(s))
	n.toks = toks
	return toks
}

// dotlessKey returns the Key of raw with full stops removed ("Ph.D." ->
// "phd").
func (n *Normalizer) dotlessKey(raw string) string {
	if strings.IndexByte(raw, '.') < 0 {
		return n.Key(raw)
	}
	return n.Key(strings.ReplaceAll(raw, ".", ""))
}

// allIn reports whether every space-separated word of key is in set.
func allIn(key string, in func(string) bool) bool {
	if key == "" {
		return false
	}
	for key != "" {
		var w string
		w, key, _ = strings.Cut(key, " ")
		if !in(w) {
			return false
		}
	}
	return true
}

func (n *Normalizer) isTitle(key string, afterTitle bool) bool {
	return allIn(key, func(w string) bool {
		t := n.titles[w]
		return t == titleFull || (t == titleCont && afterTitle)
	})
}

func (n *Normalizer) isSuffix(key string) bool {
	return allIn(key, func(w string) bool { return n.suffixes[w] })
}

// splitParts strips leading titles and trailing suffixes from toks (keeping
// at least one token) and appends their keys to title and suffix.
func (n *Normalizer) splitParts(toks []nameTok, title, suffix *[]string) []nameTok {
	after := false
	for len(toks) > 1 && n.isTitle(toks[0].key, after) {
		*title = append(*title, toks[0].key)
		toks = toks[1:]
		after = true
	}
	end := len(toks)
	for end > 1 && (n.isSuffix(toks[end-1].key) || isGenerationTok(toks[end-1])) {
		end--
	}
	for _, t := range toks[end:] {
		*suffix = append(*suffix, t.key)
	}
	return toks[:end]
}

// appendWords appends the name words of toks: dotted initials become
// separate words ("J.R." -> j, r), hyphenated names stay one word whose key
// has a space ("Anna-Lena" -> "anna lena").
func (n *Normalizer) appendWords(words []nameWord, toks []nameTok) []nameWord {
	for _, t := range toks {
		raw := t.raw
		if strings.IndexByte(raw, '.') < 0 {
			// no dots: the lookup key is the word key
			if t.key != "" {
				words = append(words, nameWord{key: t.key, upper: isUpperWord(raw)})
			}
			continue
		}
		for raw != "" {
			part := raw
			if i := interiorDot(raw); i >= 0 {
				part, raw = raw[:i+1], raw[i+1:]
			} else {
				raw = ""
			}
			if k := n.Key(part); k != "" {
				words = append(words, nameWord{key: k, upper: isUpperWord(part)})
			}
		}
	}
	return words
}

// interiorDot returns the index of the first '.' that is followed by a
// letter, or -1.
func interiorDot(s string) int {
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '.' {
			r, _ := utf8.DecodeRuneInString(s[i+1:])
			if unicode.IsLetter(r) {
				return i
			}
		}
	}
	return -1
}

// isUpperWord reports whether s has at least two letters and no lower-case
// letter.
func isUpperWord(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

func joinWords(ws []nameWord) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0].key
	}
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.key)
	}
	return b.String()
}

// ParseName splits a full name into title, given, middle, family and
// suffix, all as keys.
//
//   - "Robert Müller" -> given robert, family muller.
//   - "MUELLER, Bob": a comma means "family, given" -> given bob, family
//     mueller. A part after a comma that holds only suffixes or titles is
//     not an inversion ("Robert Müller, Jr.").
//   - "Dr. Robert J. Müller Jr." -> title dr, given robert, middle j,
//     family muller, suffix jr. Leading honorifics (mr mrs ms miss dr prof
//     herr frau mme mlle sir dame rev ..., with "Dr. med." style
//     continuations) become Title; trailing suffixes (jr sr ii iii iv phd md
//     esq ...) become Suffix. A title or suffix is never taken when it is
//     the only token left.
//   - Particles (van, von, der, de, da, di, du, la, le, ten, ter, bin, al
//     ...) after the given name start the family name: "Anna van der Berg"
//     -> family "van der berg"; "van der Berg, Anna" keeps them too.
//   - Hyphenated names stay one part whose key has a space: "Anna-Lena
//     Schmidt" -> given "anna lena". Dotted initials are separate words:
//     "J.R. Smith" -> given j, middle r.
//   - Family name first in capitals ("MÜLLER Robert", common in French and
//     German exports): when the first word is written in capitals and the
//     last one is not, the leading capitalised words are the family name.
//   - A single name word is taken as the family name: Given is "" and
//     Family is the word.
//   - Romanised Chinese and Korean names, a common family name and a
//     given name of two syllables written apart, in either order, have the
//     syllables joined into one given name: "Song Jian Guo", "SONG
//     Jian-Guo", "Jian Guo Song" -> given jianguo, family song; "Kim
//     Min-su" -> given minsu, family kim (see romanised.go).
func (n *Normalizer) ParseName(full string) Name {
	var nm Name
	toks := n.nameTokens(full)
	if len(toks) == 0 {
		return nm
	}
	var title, suffix, tail []string
	// Trailing comma groups that hold only suffixes or titles.
	for {
		last := toks[len(toks)-1].group
		if last == 0 {
			break
		}
		i := len(toks)
		for i > 0 && toks[i-1].group == last {
			i--
		}
		ok := true
		for _, t := range toks[i:] {
			if !n.isSuffix(t.key) && !isGenerationTok(t) && !n.isTitle(t.key, true) {
				ok = false
				break
			}
		}
		if !ok {
			break
		}
		var sfx []string
		for _, t := range toks[i:] {
			if n.isSuffix(t.key) || isGenerationTok(t) {
				sfx = append(sfx, t.key)
			} else {
				title = append(title, t.key)
			}
		}
		tail = append(sfx, tail...)
		toks = toks[:i]
	}
	words := n.words[:0]
	defer func() { n.words = words[:0] }()
	if last := toks[len(toks)-1].group; last > 0 {
		// "Family, Given Middle"
		i := 0
		for i < len(toks) && toks[i].group == 0 {
			i++
		}
		fam := n.splitParts(toks[:i], &title, &suffix)
		rest := n.splitParts(toks[i:], &title, &suffix)
		words = n.appendWords(words[:0], rest)
		split := len(words)
		words = n.appendWords(words, fam)
		if g, f, ok := n.eastAsianGroups(words[split:], words[:split]); ok {
			nm.Given, nm.Family = g, f // "SONG, Jian-Guo"
		} else {
			if split > 0 {
				nm.Given = words[0].key
				nm.Middle = joinWords(words[1:split])
			}
			nm.Family = joinWords(words[split:])
		}
	} else {
		toks = n.splitParts(toks, &title, &suffix)
		words = n.appendWords(words, toks)
		n.assignWords(&nm, words)
	}
	nm.Title = strings.Join(title, " ")
	suffix = append(suffix, tail...)
	nm.Suffix = strings.Join(suffix, " ")
	nm.Generation = generationOf(suffix)
	return nm
}

// assignWords fills Given, Middle and Family from the words of an uninverted
// name.
func (n *Normalizer) assignWords(nm *Name, words []nameWord) {
	switch len(words) {
	case 0:
		return
	case 1:
		nm.Family = words[0].key
		return
	}
	if g, f, ok := n.eastAsianWords(words); ok {
		nm.Given, nm.Family = g, f // "Song Jian Guo", "Jian-Guo SONG"
		return
	}
	last := len(words) - 1
	if words[0].upper && !words[last].upper {
		f := 1
		for f < last && words[f].upper {
			f++
		}
		nm.Family = joinWords(words[:f])
		nm.Given = words[f].key
		nm.Middle = joinWords(words[f+1:])
		return
	}
	fam := last
	for i := 1; i < last; i++ {
		if n.particles[words[i].key] {
			fam = i
			break
		}
	}
	nm.Given = words[0].key
	nm.Middle = joinWords(words[1:fam])
	nm.Family = joinWords(words[fam:])
}

// NameKey returns the key of a single name part (a given-name or
// family-name column): Key with leading honorifics and trailing suffixes
// removed ("Dr. Anna" -> "anna", "Smith Jr." -> "smith"), full stops removed
// ("J." -> "j"; dotted initials become words: "J.R." -> "j r"), hyphens
// turned into spaces ("Meyer-Schmidt" -> "meyer schmidt"). A value that is
// only a title or suffix is kept ("Mr" -> "mr").
func (n *Normalizer) NameKey(s string) string {
	k, _ := n.NameKeyGeneration(s)
	return k
}

// NameKeyGeneration is NameKey and the generation marker among the
// suffixes it strips ("Rivera Jr." -> "rivera", GenerationJunior;
// "Schmidt sen." -> "schmidt", GenerationSenior).
func (n *Normalizer) NameKeyGeneration(s string) (string, uint8) {
	if isASCII(s) && asciiIsKey(s) && strings.IndexByte(s, ' ') < 0 {
		return s, GenerationNone // one word: nothing to strip
	}
	toks := n.nameTokens(s)
	var title, suffix []string
	toks = n.splitParts(toks, &title, &suffix)
	words := n.appendWords(n.words[:0], toks)
	n.words = words[:0]
	return joinWords(words), generationOf(suffix)
}
