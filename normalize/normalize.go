// Package normalize turns raw customer-data values (names, e-mail addresses,
// phone numbers, street addresses, postcodes, dates, genders and countries)
// into display forms and matching keys.
//
// Values are normalised once per record and compared many times, so every
// function here has an ASCII fast path, reuses the Normalizer's buffers and
// allocates little; the Unicode paths follow the measured pitfalls in
// DESIGN.md (no blanket "remove all marks": kana, Thai, Hebrew and Arabic keep
// their meaning).
//
// A Normalizer is not safe for concurrent use: create one per goroutine with
// New. Creating one parses the package's constant tables (nicknames, street
// types, countries, month names), so reuse it for many records.
package normalize

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/cases"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Options configure a Normalizer. The zero value is usable: US phone region
// and day-month-year order for ambiguous numeric dates.
type Options struct {
	Region    string // default phone region, ISO 3166-1 alpha-2 ("US", "GB", "AU", "DE"...); "" means "US"
	DateOrder string // order for ambiguous numeric dates like 03/04/1985: "DMY", "MDY" or "YMD"; "" means "DMY"
}

// dateOrder is the parsed Options.DateOrder.
type dateOrder uint8

const (
	orderDMY dateOrder = iota
	orderMDY
	orderYMD
)

// Normalizer normalises field values. It holds transform state, scratch
// buffers and lookup tables built by New.
//
// A Normalizer is NOT safe for concurrent use: use one per goroutine. The
// strings it returns are fresh values (or the input itself) and stay valid
// after later calls.
type Normalizer struct {
	region string
	order  dateOrder
	pivot  int // two-digit years > pivot are 19yy, the others 20yy
	cent   int // the century of the current year (2000 in 2026)

	fold  transform.Transformer // cases.Fold, boxed once (boxing per call allocates)
	iter  norm.Iter
	latin []string // key fragments for U+00A0..U+024F, see buildLatin

	// scratch buffers, reused across calls
	b1, b2, b3, b4, out, mb, db []byte
	toks                        []nameTok
	words                       []nameWord
	parts                       []string

	nick      map[string][]string
	titles    map[string]uint8 // titleFull or titleCont
	suffixes  map[string]bool
	particles map[string]bool
	street    map[string]string // street-type and directional abbreviations -> canonical word
	units     map[string]bool   // unit designators
	months    map[string]int
	dateNoise map[string]bool // words ignored in dates (weekdays, "of", "de")
	genders   map[string]string
	countries map[string]string

	junk  *junkTables  // placeholder and test values (Junk)
	org   *orgTables   // legal forms and filler words of company names (OrgName)
	roman *romanTables // romanised Chinese and Korean names (romanised.go)

	phoneCache map[string]phoneResult
	dmCache    map[string][2]string // DoubleMetaphone results

	pn   *phonenumbers.PhoneNumber
	pbuf *phonenumbers.Builder
	pf   *phoneFast // nil: every number goes to the parser
}

// New returns a Normalizer for the given options. It fails for an unknown
// phone region or date order.
func New(opt Options) (*Normalizer, error) {
	n := &Normalizer{fold: cases.Fold()}
	n.buildLatin()
	region := strings.ToUpper(strings.TrimSpace(opt.Region))
	switch region {
	case "":
		region = "US"
	case "UK":
		region = "GB"
	}
	if len(region) != 2 || phonenumbers.GetCountryCodeForRegion(region) == 0 {
		return nil, fmt.Errorf("unknown phone region %q (want an ISO 3166-1 alpha-2 code such as US, GB, AU, DE)", opt.Region)
	}
	n.region = region
	switch strings.ToUpper(strings.TrimSpace(opt.DateOrder)) {
	case "", "DMY":
		n.order = orderDMY
	case "MDY":
		n.order = orderMDY
	case "YMD":
		n.order = orderYMD
	default:
		return nil, fmt.Errorf("unknown date order %q (want DMY, MDY or YMD)", opt.DateOrder)
	}
	year := time.Now().Year()
	n.pivot = year % 100
	n.cent = year - year%100
	n.buildNameTables()
	n.buildAddressTables()
	n.buildDateTables()
	n.buildMiscTables()
	n.junk = newJunkTables()
	n.org = newOrgTables()
	n.roman = newRomanTables()
	n.phoneCache = make(map[string]phoneResult)
	n.dmCache = make(map[string][2]string)
	n.pn = &phonenumbers.PhoneNumber{}
	n.pbuf = phonenumbers.NewBuilder(make([]byte, 0, 24))
	n.pf, _ = newPhoneFast() // a region whose table line disagrees with the metadata is left to the parser
	return n, nil
}

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isKeyMark reports whether r is in one of the combining ranges that keys
// remove after NFKD (see DESIGN.md): Latin/Greek/Cyrillic diacritics only,
// never the marks that carry meaning in kana, Thai, Hebrew or Arabic.
func isKeyMark(r rune) bool {
	switch {
	case r >= 0x0300 && r <= 0x036F,
		r >= 0x1AB0 && r <= 0x1AFF,
		r >= 0x1DC0 && r <= 0x1DFF,
		r >= 0x20D0 && r <= 0x20FF,
		r >= 0xFE20 && r <= 0xFE2F:
		return true
	}
	return false
}

// isInvisible reports whether r is an invisible character that both Clean
// and Key drop: format characters (Cf: soft hyphen, zero-width space and
// joiners, bidi controls, BOM, tags), variation selectors and Hangul fillers.
func isInvisible(r rune) bool {
	switch {
	case r < 0xAD:
		return false
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF,
		r >= 0x180B && r <= 0x180F,
		r == 0x034F, r == 0x115F, r == 0x1160, r == 0x3164, r == 0xFFA0:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// isApostrophe reports whether r is dropped inside keys so that "O'Brien"
// and "O’Brien" give "obrien" (apostrophes, modifier letters used as
// apostrophes, and the Catalan middle dot).
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', 0x00B4, 0x2018, 0x2019, 0x201B, 0x2032, 0x02B9, 0x02BB, 0x02BC, 0x02BD, 0x02C8, 0xFF07, 0x00B7, 0x0387, 0x2027:
		return true
	}
	return false
}

// prepare makes s valid UTF-8 (invalid bytes become U+FFFD) and repairs
// UTF-8 text that was decoded as Windows-1252/Latin-1 ("MÃ¼ller" ->
// "Müller"). It is called on the non-ASCII paths only.
func (n *Normalizer) prepare(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if r, ok := n.repairMojibake(s); ok {
		return r
	}
	return s
}

// cp1252Byte returns the Windows-1252 byte for r, if r can be one.
func cp1252Byte(r rune) (byte, bool) {
	if r < 0x100 {
		return byte(r), true
	}
	switch r {
	case 0x20AC:
		return 0x80, true
	case 0x201A:
		return 0x82, true
	case 0x0192:
		return 0x83, true
	case 0x201E:
		return 0x84, true
	case 0x2026:
		return 0x85, true
	case 0x2020:
		return 0x86, true
	case 0x2021:
		return 0x87, true
	case 0x02C6:
		return 0x88, true
	case 0x2030:
		return 0x89, true
	case 0x0160:
		return 0x8A, true
	case 0x2039:
		return 0x8B, true
	case 0x0152:
		return 0x8C, true
	case 0x017D:
		return 0x8E, true
	case 0x2018:
		return 0x91, true
	case 0x2019:
		return 0x92, true
	case 0x201C:
		return 0x93, true
	case 0x201D:
		return 0x94, true
	case 0x2022:
		return 0x95, true
	case 0x2013:
		return 0x96, true
	case 0x2014:
		return 0x97, true
	case 0x02DC:
		return 0x98, true
	case 0x2122:
		return 0x99, true
	case 0x0161:
		return 0x9A, true
	case 0x203A:
		return 0x9B, true
	case 0x0153:
		return 0x9C, true
	case 0x017E:
		return 0x9E, true
	case 0x0178:
		return 0x9F, true
	}
	return 0, false
}

// repairMojibake undoes one level of "UTF-8 read as Windows-1252": when every
// rune of s maps back to a single Windows-1252 byte and those bytes form
// valid UTF-8 with at least one multi-byte sequence, it returns the decoded
// text. Lead bytes 0xC2-0xF4 show up as U+00C2-U+00F4, encoded 0xC3 0x82-0xB4,
// which gives a cheap pre-check.
func (n *Normalizer) repairMojibake(s string) (string, bool) {
	// A lead-byte look-alike directly followed by another non-ASCII rune.
	cand := false
	for i := 0; i+2 < len(s); i++ {
		if s[i] == 0xC3 && s[i+1] >= 0x82 && s[i+1] <= 0xB4 && s[i+2] >= utf8.RuneSelf {
			cand = true
			break
		}
	}
	if !cand {
		return "", false
	}
	b := n.mb[:0]
	for _, r := range s {
		c, ok := cp1252Byte(r)
		if !ok {
			n.mb = b
			return "", false
		}
		b = append(b, c)
	}
	n.mb = b
	if !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}

// Clean returns the display form of s: NFC, invisible and format characters
// and control characters removed, whitespace runs collapsed to one space,
// trimmed. Case and accents are kept. Invalid UTF-8 bytes become U+FFFD and
// Windows-1252 mojibake of UTF-8 ("MÃ¼ller") is repaired.
func (n *Normalizer) Clean(s string) string {
	if isASCII(s) {
		if asciiClean(s) {
			return s
		}
		return string(appendCleanASCII(n.out[:0], s))
	}
	s = n.prepare(s)
	n.b1 = append(n.b1[:0], s...)
	b := n.nfc(n.b1)
	out := n.out[:0]
	sep, dropped := false, false
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		i += size
		switch {
		case r < utf8.RuneSelf && r > ' ' && r != 0x7F:
			// printable ASCII
		case unicode.IsSpace(r):
			sep = true
			continue
		case r < ' ' || (r >= 0x7F && r < 0xA0) || isInvisible(r):
			dropped = true
			continue
		}
		if sep && len(out) > 0 {
			out = append(out, ' ')
		}
		sep = false
		out = utf8.AppendRune(out, r)
	}
	if dropped {
		// A dropped format character can leave combining marks that NFC
		// orders differently ("0֟\u061c̼"): normalise again.
		out = append(out[:0:0], n.nfc(out)...)
	}
	n.out = out
	// Removing controls or undoing one level of double-encoded mojibake
	// ("MÃƒÂ¼ller") can leave mojibake again: repair until none is left,
	// so that Clean(Clean(s)) == Clean(s). Each repair shortens the text.
	if r, ok := n.repairMojibake(string(out)); ok {
		return n.Clean(r)
	}
	return string(out)
}

// asciiClean reports whether the ASCII string s is already clean.
func asciiClean(s string) bool {
	if len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c == 0x7F || (c == ' ' && s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// appendCleanASCII appends the clean form of the ASCII string s.
func appendCleanASCII(out []byte, s string) []byte {
	start := len(out)
	sep := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || (c >= '\t' && c <= '\r'):
			sep = true
			continue
		case c < ' ' || c == 0x7F:
			continue
		}
		if sep && len(out) > start {
			out = append(out, ' ')
		}
		sep = false
		out = append(out, c)
	}
	return out
}

// Key returns the matching key of s: NFKD (which also folds full-width and
// other compatibility forms: "ＭＵＬＬＥＲ" -> "muller"), the combining
// ranges U+0300-036F, U+1AB0-1AFF, U+1DC0-1DFF, U+20D0-20FF and U+FE20-FE2F
// removed, invisible format characters dropped, Unicode case folding
// (language-neutral: "ß" -> "ss", Turkish "İ" -> "i"), NFC, then ł->l ø->o
// æ->ae œ->oe ı->i þ->th đ/ð->d ħ->h ŧ->t; apostrophes are removed
// ("O'Brien" -> "obrien") and every other non-letter, non-digit character
// (quotes, dashes, punctuation, symbols, controls) separates words; runs of
// separators become one space and the result is trimmed.
//
// Marks outside the listed ranges are kept, so kana, Thai, Hebrew, Arabic and
// Indic keys keep their meaning ("ｶﾞｰﾃﾞﾝ" -> "ガーデン"). Traditional and
// Simplified Chinese are not unified. Key is idempotent: Key(Key(s)) ==
// Key(s), and the result is valid UTF-8. ASCII input takes a fast path and
// an input that already is a key is returned without allocating.
func (n *Normalizer) Key(s string) string {
	if isASCII(s) {
		if asciiIsKey(s) {
			return s
		}
		n.out = appendASCIIKey(n.out[:0], s)
		return string(n.out)
	}
	n.out = n.appendKey(n.out[:0], s)
	return string(n.out)
}

// asciiIsKey reports whether the ASCII string s is already a key.
func asciiIsKey(s string) bool {
	if len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == ' ':
			if s[i+1] == ' ' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// appendASCIIKey appends the key of the ASCII string s to dst.
func appendASCIIKey(dst []byte, s string) []byte {
	start := len(dst)
	sep := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == '\'' || c == '`':
			continue
		default:
			sep = true
			continue
		}
		if sep && len(dst) > start {
			dst = append(dst, ' ')
		}
		sep = false
		dst = append(dst, c)
	}
	return dst
}

// Latin fast path: runes U+00A0..U+024F (Latin-1 Supplement, Latin
// Extended-A and -B) have a precomputed key fragment, so text made of ASCII
// and these runes skips NFKD, Fold and NFC.
const (
	latinLo = 0xA0
	latinHi = 0x250
)

// buildLatin computes the key fragment of each rune in [latinLo, latinHi)
// with the general path: the key of "a"+r+"a" without the two a's. A
// fragment may be "" (dropped, like an apostrophe), " " (a separator) or
// hold letters and spaces ("¼" -> "1 4").
func (n *Normalizer) buildLatin() {
	n.latin = make([]string, latinHi-latinLo)
	for r := rune(latinLo); r < latinHi; r++ {
		k := string(n.appendKeySlow(nil, "a"+string(r)+"a"))
		n.latin[r-latinLo] = k[1 : len(k)-1]
	}
}

// appendLatinKey appends the key of s using the Latin table. It reports
// false, appending nothing, when s has a rune outside the table, invalid
// UTF-8, a combining mark or possible mojibake: those need the general path.
func (n *Normalizer) appendLatinKey(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			continue
		}
		// U+00A0..U+024F are encoded C2 A0 .. C9 8F.
		if c < 0xC2 || c > 0xC9 || i+1 == len(s) || s[i+1]&0xC0 != 0x80 || (c == 0xC2 && s[i+1] < 0xA0) || (c == 0xC9 && s[i+1] > 0x8F) {
			return dst, false
		}
		if c == 0xC3 && s[i+1] >= 0x82 && s[i+1] <= 0xB4 && i+2 < len(s) && s[i+2] >= utf8.RuneSelf {
			return dst, false // maybe mojibake
		}
		i++
	}
	start := len(dst)
	sep := false
	emit := func(c byte) {
		if sep && len(dst) > start {
			dst = append(dst, ' ')
		}
		sep = false
		dst = append(dst, c)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			emit(c)
		case c >= 'A' && c <= 'Z':
			emit(c + 'a' - 'A')
		case c == '\'' || c == '`':
		case c < utf8.RuneSelf:
			sep = true
		default:
			r := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
			i++
			frag := n.latin[r-latinLo]
			for j := 0; j < len(frag); j++ {
				if frag[j] == ' ' {
					sep = true
				} else {
					emit(frag[j])
				}
			}
		}
	}
	return dst, true
}

// appendKey appends the key of s (any text) to dst.
func (n *Normalizer) appendKey(dst []byte, s string) []byte {
	if isASCII(s) {
		return appendASCIIKey(dst, s)
	}
	if out, ok := n.appendLatinKey(dst, s); ok {
		return out
	}
	return n.appendKeySlow(dst, s)
}

// appendKeySlow is the general path of Key.
func (n *Normalizer) appendKeySlow(dst []byte, s string) []byte {
	start := len(dst)
	dst = n.appendKeySlowOnce(dst, s)
	// Dropping an apostrophe can bring two combining marks together out of
	// canonical order ("\u05C1'\u05B9"), and then the key of the key would
	// differ. Such a key is keyed again until it is stable (in practice
	// once); keys of ordinary text pass the NFC check and skip this.
	for k := 0; k < 3; k++ {
		tail := dst[start:]
		if norm.NFC.QuickSpan(tail) == len(tail) {
			break
		}
		again := string(tail)
		dst = n.appendKeySlowOnce(dst[:start], again)
	}
	return dst
}

// appendKeySlowOnce is one pass of the general path.
func (n *Normalizer) appendKeySlowOnce(dst []byte, s string) []byte {
	s = n.prepare(s)
	if strings.IndexRune(s, 0x00B4) >= 0 {
		// NFKD would turn the acute accent (often typed as an apostrophe,
		// "O´Brien") into a space and a combining mark.
		s = strings.ReplaceAll(s, "\u00B4", "'")
	}
	// NFKD, dropping the listed combining marks and invisible characters.
	// norm.Iter keeps its buffers across calls; Form.Append allocates.
	b2 := n.b2[:0]
	n.iter.InitString(norm.NFKD, s)
	for !n.iter.Done() {
		seg := n.iter.Next()
		for i := 0; i < len(seg); {
			c := seg[i]
			if c < utf8.RuneSelf {
				b2 = append(b2, c)
				i++
				continue
			}
			r, size := utf8.DecodeRune(seg[i:])
			if !isKeyMark(r) && !isInvisible(r) {
				b2 = append(b2, seg[i:i+size]...)
			}
			i += size
		}
	}
	n.b2 = b2
	var err error
	n.b3, _, err = transform.Append(n.fold, n.b3[:0], n.b2)
	if err != nil {
		// Not expected for valid UTF-8; fall back to simple lower-casing.
		n.b3 = append(n.b3[:0], strings.ToLower(string(n.b2))...)
	}
	return appendKeyRunes(dst, n.nfc(n.b3))
}

// nfc returns b in NFC, b itself when it already is.
func (n *Normalizer) nfc(b []byte) []byte {
	if norm.NFC.QuickSpan(b) == len(b) {
		return b
	}
	out := n.b4[:0]
	n.iter.Init(norm.NFC, b)
	for !n.iter.Done() {
		out = append(out, n.iter.Next()...)
	}
	n.b4 = out
	return out
}

// appendKeyRunes is the last pass of Key over folded NFC text b: letter
// mapping, apostrophes, separators and whitespace collapsing.
func appendKeyRunes(dst, b []byte) []byte {
	start := len(dst)
	sep := false
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			case c == '\'' || c == '`':
				continue
			default:
				sep = true
				continue
			}
			if sep && len(dst) > start {
				dst = append(dst, ' ')
			}
			sep = false
			dst = append(dst, c)
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		i += size
		var repl string
		switch r {
		case 'ł', 'Ł':
			repl = "l"
		case 'ø', 'Ø':
			repl = "o"
		case 'æ', 'Æ':
			repl = "ae"
		case 'œ', 'Œ':
			repl = "oe"
		case 'ı':
			repl = "i"
		case 'þ', 'Þ':
			repl = "th"
		case 'đ', 'Đ', 'ð', 'Ð':
			repl = "d"
		case 'ħ', 'Ħ':
			repl = "h"
		case 'ŧ', 'Ŧ':
			repl = "t"
		}
		if repl == "" {
			// Cherokee folds to its capitals (CaseFolding.txt); x/text's
			// Fold maps them the other way round, which would make Key
			// flip on every call.
			switch {
			case r >= 0xAB70 && r <= 0xABBF:
				r = r - 0xAB70 + 0x13A0
			case r >= 0x13F8 && r <= 0x13FD:
				r -= 8
			}
			switch {
			case isApostrophe(r), isKeyMark(r), isInvisible(r):
				continue
			case unicode.IsLetter(r), unicode.IsMark(r), unicode.IsNumber(r):
			default:
				sep = true
				continue
			}
		}
		if sep && len(dst) > start {
			dst = append(dst, ' ')
		}
		sep = false
		if repl != "" {
			dst = append(dst, repl...)
		} else {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}
