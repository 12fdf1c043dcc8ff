package normalize

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// OrgName is a company or organisation name read for matching.
type OrgName struct {
	// Key is the name's distinctive words: the key of the name with its
	// legal form and filler words ("the", "and", "&", "company") removed,
	// runs of single letters joined ("I B M" -> "ibm"), sorted, so that
	// word order does not matter ("Philips Electronics" = "Electronics
	// Philips"). "" when nothing distinctive is left.
	Key string
	// Form is the canonical legal form ("gmbh", "ag", "ltd", "inc", "sa",
	// "nv", "bv", "kk", ...), the same code for the abbreviation, the
	// written-out form and the form in another script (Ltd = Limited =
	// 有限公司, GmbH = Gesellschaft mit beschränkter Haftung, KK = 株式会社
	// = (株)); "" when the name carries none.
	Form string
	// Rest is what follows the legal form when it does not belong to the
	// name: an address written in the same field ("adidas ag adi dassler
	// strasse 1 91074 germany" -> "adi dassler strasse 1 91074 germany"),
	// as a key (unsorted). "" when nothing follows.
	Rest string
}

// legalPhrases maps the key form of each legal form, abbreviated and
// written out, in the languages customer data comes in, to its canonical
// code. Longer phrases are tried first. A form marked short is a common
// word or initials too ("AS Roma", "SA" for South Australia), so it counts
// only after a word of the name, never as the first word.
func legalPhrases() []legalPhrase {
	return []legalPhrase{
		// German, Austrian, Swiss
		// The umlaut written out ("BESCHRAENKTER", as systems limited to
		// ASCII write it) keys differently from the folded umlaut.
		{"gesellschaft mit beschrankter haftung", "gmbh", false},
		{"gesellschaft mit beschraenkter haftung", "gmbh", false},
		{"gmbh co kg", "gmbh co kg", false},
		{"gmbh", "gmbh", false},
		{"g m b h", "gmbh", false},
		{"mbh", "gmbh", false},
		{"aktiengesellschaft", "ag", false},
		{"ag", "ag", true},
		{"kommanditgesellschaft auf aktien", "kgaa", false},
		{"kgaa", "kgaa", false},
		{"kommanditgesellschaft", "kg", false},
		{"kg", "kg", true},
		{"offene handelsgesellschaft", "ohg", false},
		{"ohg", "ohg", false},
		{"unternehmergesellschaft haftungsbeschrankt", "ug", false},
		{"unternehmergesellschaft haftungsbeschraenkt", "ug", false},
		{"unternehmergesellschaft", "ug", false},
		{"ug haftungsbeschrankt", "ug", false},
		{"ug haftungsbeschraenkt", "ug", false},
		{"ug", "ug", true},
		{"eingetragener kaufmann", "ek", false},
		{"eingetragene kauffrau", "ek", false},
		{"e kfm", "ek", false},
		{"e kfr", "ek", false},
		{"e k", "ek", true},
		{"eingetragener verein", "ev", false},
		{"e v", "ev", true},
		{"eingetragene genossenschaft", "eg", false},
		// English
		{"public limited company", "plc", false},
		{"plc", "plc", false},
		{"limited liability company", "llc", false},
		{"l l c", "llc", false},
		{"llc", "llc", false},
		{"limited liability partnership", "llp", false},
		{"llp", "llp", false},
		{"private limited", "ltd", false},
		{"pvt ltd", "ltd", false},
		{"pty ltd", "ltd", false},
		{"co ltd", "ltd", false},
		{"limited", "ltd", false},
		{"ltd", "ltd", false},
		{"incorporated", "inc", false},
		{"inc", "inc", false},
		{"corporation", "corp", false},
		{"corp", "corp", false},
		{"pty", "ltd", false},
		{"lp", "lp", true},
		// French, Spanish, Portuguese, Italian
		{"societe anonyme", "sa", false},
		{"sociedad anonima", "sa", false},
		{"sociedade anonima", "sa", false},
		{"s a s", "sas", false},
		{"sas", "sas", true},
		{"societe a responsabilite limitee", "sarl", false},
		{"s a r l", "sarl", false},
		{"sarl", "sarl", false},
		{"sa de cv", "sa", false},
		{"s a", "sa", true},
		{"sa", "sa", true},
		{"sociedad limitada", "sl", false},
		{"sociedad de responsabilidad limitada", "srl", false},
		{"societa a responsabilita limitata", "srl", false},
		{"s r l", "srl", false},
		{"srl", "srl", false},
		{"s l", "sl", true},
		{"sl", "sl", true},
		{"societa per azioni", "spa", false},
		{"s p a", "spa", false},
		{"spa", "spa", true},
		{"ltda", "ltda", false},
		// Dutch, Belgian
		{"naamloze vennootschap", "nv", false},
		{"naamlooze vennootschap", "nv", false}, // the spelling before 1947, kept in old company names
		{"n v", "nv", true},
		{"nv", "nv", true},
		{"besloten vennootschap", "bv", false},
		{"b v", "bv", true},
		{"bv", "bv", true},
		{"bvba", "bvba", false},
		{"sprl", "sprl", false},
		{"vennootschap onder firma", "vof", false},
		{"vof", "vof", true},
		{"commanditaire vennootschap", "cv", false},
		{"cv", "cv", true},
		// Nordic, European
		{"aktiebolag", "ab", false},
		{"aktiebolaget", "ab", false},
		{"ab", "ab", true},
		{"aksjeselskap", "as", false},
		{"aktieselskab", "as", false},
		{"asa", "asa", true},
		{"a s", "as", true},
		{"as", "as", true},
		{"aps", "aps", false},
		{"oyj", "oyj", false},
		{"oy", "oy", true},
		{"societas europaea", "se", false},
		{"se", "se", true},
		{"sp z o o", "spzoo", false},
		{"sp zoo", "spzoo", false}, // "z o o" joined as initials
		{"spolka z ograniczona odpowiedzialnoscia", "spzoo", false},
		{"spol s r o", "sro", false},
		{"s r o", "sro", false},
		{"sro", "sro", false},
		{"kft", "kft", false},
		{"zrt", "zrt", false},
		{"ооо", "ooo", false},
		{"оао", "oao", false},
		{"зао", "zao", false},
		{"пао", "pao", false},
		// Japanese, romanised
		{"kabushiki kaisha", "kk", false},
		{"kabushiki gaisha", "kk", false},
		{"kk", "kk", true},
		{"yugen kaisha", "yk", false},
		{"godo kaisha", "gk", false},
	}
}

// legalPhrase is one written form of a legal form.
type legalPhrase struct {
	words string // the form's key ("gesellschaft mit beschrankter haftung")
	code  string // canonical code ("gmbh")
	short bool   // also a common word or initials: never the first word
}

// cjkLegal are legal forms written in Chinese, Japanese and Korean, found
// inside the name (these scripts do not separate words with spaces),
// longest first.
func cjkLegal() []cjkForm {
	return []cjkForm{
		{"股份有限公司", "ltd"},
		{"有限责任公司", "ltd"},
		{"有限責任公司", "ltd"},
		{"有限公司", "ltd"},
		{"株式会社", "kk"},
		{"（株）", "kk"},
		{"(株)", "kk"},
		{"㈱", "kk"},
		{"有限会社", "yk"},
		{"合同会社", "gk"},
		{"주식회사", "jsc"},
		{"(주)", "jsc"},
		{"㈜", "jsc"},
		{"유한회사", "yh"},
	}
}

// cjkForm is a legal form in a script without spaces between words.
type cjkForm struct{ s, code string }

// orgFiller are words of a company name that tell nothing about which
// company it is.
func orgFiller() []string {
	return []string{"the", "and", "und", "et", "en", "y", "e", "of", "company", "co", "cie", "compagnie",
		"compania", "compagnia", "gesellschaft",
	}
}

// orgTables are the legal-form and filler tables, indexed for OrgName.
type orgTables struct {
	byFirst map[string][]orgPhrase // legal phrases by their first word
	cjk     []cjkForm
	filler  map[string]bool
	nouns   map[string]bool // orgNouns
}

// orgPhrase is a legalPhrase split into words.
type orgPhrase struct {
	words []string
	code  string
	short bool
}

func newOrgTables() *orgTables {
	t := &orgTables{byFirst: map[string][]orgPhrase{}, cjk: cjkLegal(), filler: map[string]bool{}}
	for _, p := range legalPhrases() {
		w := strings.Fields(p.words)
		t.byFirst[w[0]] = append(t.byFirst[w[0]], orgPhrase{w, p.code, p.short})
	}
	for _, w := range orgFiller() {
		t.filler[w] = true
	}
	t.nouns = map[string]bool{}
	for _, w := range orgNouns() {
		t.nouns[w] = true
	}
	return t
}

// legalAt returns the longest legal form starting at words[i]: its code,
// its number of words (0: none) and whether it is a short form.
func (t *orgTables) legalAt(words []string, i int) (code string, n int, short bool) {
	for _, p := range t.byFirst[words[i]] {
		if i+len(p.words) > len(words) || len(p.words) <= n {
			continue
		}
		if slices.Equal(words[i:i+len(p.words)], p.words) {
			code, n, short = p.code, len(p.words), p.short
		}
	}
	return code, n, short
}

// OrgName reads a company name (see OrgName). The legal form is found
// after at least one word of the name; what follows it is the name's Rest
// when it holds a digit (an address), else it is part of the name ("Siemens
// AG Österreich"). Of several legal forms, the first is Form and the others
// are dropped too ("Foo GmbH & Co. KG").
func (n *Normalizer) OrgName(s string) OrgName {
	t := n.org
	var o OrgName
	for _, f := range t.cjk {
		if i := strings.Index(s, f.s); i >= 0 {
			o.Form = f.code
			s = s[:i] + " " + s[i+len(f.s):]
			break
		}
	}
	key := n.Key(s)
	if key == "" {
		return o
	}
	words := t.joinInitials(strings.Fields(key))
	lone := loneLetters(words)
	var dropped []string
	name := make([]string, 0, len(words))
	for i := 0; i < len(words); {
		code, k, short := t.legalAt(words, i)
		if k > 0 && anyLetter(name) {
			rest := words[i+k:]
			if short && len(rest) > 0 && !anyDigit(rest) {
				// A short form amid words is a word ("AB" in "Wagner AB
				// Consulting" could be initials): it needs the end of the
				// name or an address after it.
				name = append(name, words[i])
				i++
				continue
			}
			if o.Form == "" {
				o.Form = code
			}
			if anyDigit(rest) {
				o.Rest = strings.Join(rest, " ")
				break
			}
			i += k
			continue
		}
		if w := words[i]; lone[i] {
			dropped = append(dropped, w)
		} else if !t.filler[w] {
			name = append(name, w)
		}
		i++
	}
	if len(name) == 0 {
		name = dropped
	}
	slices.Sort(name)
	name = slices.Compact(name)
	o.Key = strings.Join(name, " ")
	return o
}

// loneLetters marks the words after the first that are a single letter of
// a cased script (Latin, Greek, Cyrillic) with no single letter next to
// them. Runs of initials were joined before (joinInitials), and a legal
// form written with dots amid the words ("Total S A Paris") is a pair of
// letters, so a lone letter after a word of the name is what a mangled
// legal form left behind, like the legal forms themselves found only
// after a word of the name: the "V" of an "N.V." that lost its "N"
// ("Alcatel V", "Euro V Whirlpool"). It tells little about which company
// it is and is dropped from the key unless nothing else is left. A first
// letter is kept: an initial or an elided article that belongs to the
// name ("J Sainsbury", "L Oreal"). Letters of scripts without case (Han,
// kana, Hangul) are whole words and stay.
func loneLetters(words []string) []bool {
	letter := func(i int) bool {
		if i < 0 || i >= len(words) {
			return false
		}
		r, size := utf8.DecodeRuneInString(words[i])
		return size == len(words[i]) && unicode.IsLetter(r) && unicode.ToUpper(r) != unicode.ToLower(r)
	}
	out := make([]bool, len(words))
	for i := 1; i < len(words); i++ {
		out[i] = letter(i) && !letter(i-1) && !letter(i+1)
	}
	return out
}

// HasLegalForm reports whether s, a company or person name as written,
// carries a company legal form after a word of the name ("Volvo AB",
// "ACME GmbH", "华为技术有限公司"; not "AB Smith" nor "1234 AB").
func (n *Normalizer) HasLegalForm(s string) bool {
	o := n.OrgName(s)
	return o.Form != "" && (o.Key != "" || o.Rest != "")
}

// joinInitials joins runs of two or more single letters into one word
// ("i b m" -> "ibm") unless the run is a legal form written with dots
// ("n v", "s a"), which legalAt reads as it is.
func (t *orgTables) joinInitials(words []string) []string {
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && utf8.RuneCountInString(words[j]) == 1 && isLetterWord(words[j]) {
			j++
		}
		if j-i >= 2 {
			if _, k, _ := t.legalAt(words, i); k == j-i {
				out = append(out, words[i:j]...)
			} else {
				out = append(out, strings.Join(words[i:j], ""))
			}
			i = j
			continue
		}
		out = append(out, words[i])
		i++
	}
	return out
}

func isLetterWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

func anyLetter(words []string) bool {
	for _, w := range words {
		if strings.ContainsFunc(w, unicode.IsLetter) {
			return true
		}
	}
	return false
}

func anyDigit(words []string) bool {
	for _, w := range words {
		if strings.ContainsFunc(w, unicode.IsDigit) {
			return true
		}
	}
	return false
}

// orgNouns are words that name an organisation rather than a person, in
// the languages customer data comes in: a value holding one is a company,
// a bank, a school or a shop ("Philips Electronics", "Banco Santander",
// "Stichting Het Groene Hart", "Hotel Adlon").
func orgNouns() []string {
	return []string{
		"bank", "banca", "banco", "banque", "bancorp", "sparkasse", "volksbank",
		"group", "groep", "gruppe", "groupe", "grupo", "gruppo", "holding", "holdings",
		"international", "internat", "intl", "worldwide", "global",
		"technologies", "technology", "tech", "technik", "techniek", "electronics", "electronic", "elektronik",
		"systems", "systeme", "solutions", "services", "service", "software", "networks", "communications", "telecom",
		"industries", "industry", "industrie", "industrial", "inds", "manufacturing", "fabriek", "fabrik", "werke",
		"chemicals", "chemical", "chemie", "chem", "pharma", "pharmaceutical", "pharmaceuticals",
		"products", "prods", "laboratories", "laboratory", "labs", "engineering", "consulting", "consultants",
		"partners", "associates", "enterprises", "enterprise", "trading", "logistics", "transport", "energy",
		"motors", "automotive", "airlines", "insurance", "versicherung", "versicherungen", "assurance", "assurances",
		"finance", "financial", "capital", "investments", "properties", "realty", "immobilien", "construction",
		"media", "foods", "restaurant", "ristorante", "cafe", "bistro", "hotel", "hotels",
		"university", "universiteit", "universitat", "universite", "universidad", "universita", "college",
		"school", "schule", "institute", "institut", "instituut", "hospital", "klinik", "clinic", "ziekenhuis",
		"foundation", "stiftung", "stichting", "fondation", "fundacion", "association", "verein", "vereniging",
		"society", "council", "ministry", "agency", "club", "church", "centre", "center", "store", "stores",
		"shop", "supermarket", "maatschappij", "cooperative", "genossenschaft", "corporation", "company", "cie",
	}
}

// LooksLikeOrg reports whether s, a name as written, names an
// organisation: it carries a legal form (HasLegalForm) or an organisation
// noun (HasOrgNoun).
func (n *Normalizer) LooksLikeOrg(s string) bool {
	return n.HasLegalForm(s) || n.HasOrgNoun(s)
}

// HasOrgNoun reports whether a word of s is an organisation noun
// ("Electronics", "Bank", "Universität", "Stichting").
func (n *Normalizer) HasOrgNoun(s string) bool {
	key := n.Key(s)
	for key != "" {
		w := key
		if i := strings.IndexByte(key, ' '); i >= 0 {
			w, key = key[:i], key[i+1:]
		} else {
			key = ""
		}
		if n.org.nouns[w] {
			return true
		}
	}
	return false
}
