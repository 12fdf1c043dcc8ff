package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/unicode/norm"
)

// Email returns the matching key of an e-mail address and whether it is
// valid. The text is trimmed and lower-cased (NFKC first for non-ASCII
// input, so full-width "ｂｏｂ＠ｅｘａｍｐｌｅ．ｃｏｍ" works); a "mailto:"
// prefix and surrounding angle brackets ("Bob <bob@x.com>") are removed; a
// "+tag" is removed from the local part for every domain; for gmail.com and
// googlemail.com the dots of the local part are removed and the domain
// becomes gmail.com.
//
// Valid means: exactly one '@', a non-empty local part without spaces,
// controls, leading, trailing or doubled dots or the characters
// "<>()[]\,;:" and quotes; a domain of at least two dot-separated labels of
// letters, digits and inner hyphens, ending in an alphabetic (or "xn--")
// top-level label of two or more characters. An invalid value gives the
// lower-cased trimmed text and false; "" gives "", false.
func (n *Normalizer) Email(s string) (key string, valid bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", false
	}
	if !isASCII(t) {
		t = strings.TrimSpace(norm.NFKC.String(strings.ToValidUTF8(t, "\uFFFD")))
	}
	low := strings.ToLower(t)
	e := low
	if strings.HasPrefix(e, "mailto:") {
		e = strings.TrimSpace(e[len("mailto:"):])
	}
	if strings.HasSuffix(e, ">") {
		if i := strings.LastIndexByte(e, '<'); i >= 0 {
			e = strings.TrimSpace(e[i+1 : len(e)-1])
		}
	}
	at := strings.IndexByte(e, '@')
	if at <= 0 || strings.IndexByte(e[at+1:], '@') >= 0 {
		return low, false
	}
	local, domain := e[:at], e[at+1:]
	if !validLocal(local) || !validDomain(domain) {
		return low, false
	}
	changed := false
	if p := strings.IndexByte(local, '+'); p > 0 {
		local = local[:p]
		changed = true
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
		changed = true
	}
	if domain == "gmail.com" && strings.IndexByte(local, '.') >= 0 {
		local = strings.ReplaceAll(local, ".", "")
		changed = true
	}
	if !changed {
		return e, true
	}
	if !validLocal(local) {
		return low, false // "a.+tag@x.com": nothing valid is left
	}
	return local + "@" + domain, true
}

// validLocal checks the local part of an (unquoted) address.
func validLocal(l string) bool {
	if l == "" || len(l) > 64 || l[0] == '.' || l[len(l)-1] == '.' || strings.Contains(l, "..") {
		return false
	}
	for _, r := range l {
		switch {
		case r <= ' ' || r == 0x7F || r == utf8.RuneError:
			return false
		case r < utf8.RuneSelf:
			switch r { // the specials `<>()[]\,;:"`
			case '<', '>', '(', ')', '[', ']', '\\', ',', ';', ':', '"':
				return false
			}
		case unicode.IsSpace(r) || unicode.IsControl(r):
			return false
		}
	}
	return true
}

// validDomain checks a domain name: two or more labels of letters, digits
// and inner hyphens, an alphabetic or punycode top-level label.
func validDomain(d string) bool {
	if len(d) < 4 || len(d) > 253 {
		return false
	}
	labels := 0
	for d != "" {
		var l string
		var more bool
		l, d, more = strings.Cut(d, ".")
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' ||
				r >= utf8.RuneSelf && r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))) {
				return false
			}
		}
		labels++
		if !more {
			// top-level label
			if len(l) < 2 {
				return false
			}
			if strings.HasPrefix(l, "xn--") {
				break
			}
			for _, r := range l {
				if !unicode.IsLetter(r) {
					return false
				}
			}
		}
	}
	return labels >= 2
}

// Phone returns a phone number in E.164 form ("+61299991234") and true when
// it is a valid number, parsed with github.com/nyaruka/phonenumbers in
// region (an ISO alpha-2 code or a country name; "" means Options.Region).
// Otherwise it returns the digits of the number (kept for exact matching)
// and false.
//
// Before parsing: full-width and Arabic-Indic digits become ASCII; text
// before the number is ignored ("Tel: ..."); an extension ("x123", "ext.
// 12", "#12", ";ext=12") and anything after a letter, ',' or ';' once six
// digits were read is dropped; a leading "00" international prefix is tried
// as "+" first (then as dialled in the region, for regions such as AU whose
// prefix is "0011"); the parser drops a trunk "(0)" after a country code
// ("+44 (0)20 ..."). Letters of vanity numbers are not converted. Empty
// input and obvious junk (fewer than 5 or more than 17 digits, one repeated
// digit, also after a leading "00") skip the parser.
//
// The results are always the parser's, but numbers written in or for the
// regions of phoneTable (US, CA, GB, IE, DE, AT, CH, FR, BE, NL, LU, IT, ES,
// PT, DK, SE, NO, FI, PL, CZ, AU, NZ) and most "+CC" numbers are answered
// without it, from the library's own metadata compiled per Normalizer (see
// phonefast.go): ~0.5 µs instead of ~35 µs. Results are also cached per
// Normalizer (a few thousand numbers), so a number seen again costs a map
// look-up.
func (n *Normalizer) Phone(s string, region string) (e164 string, valid bool) {
	if s == "" {
		return "", false
	}
	digits, plus := n.phoneDigits(s)
	if len(digits) < 5 || len(digits) > 17 || allSame(digits) ||
		!plus && digits[0] == '0' && digits[1] == '0' && allSame(digits[2:]) {
		// "0088888888888888" would be "+88888888888888", which is junk
		return string(digits), false
	}
	if region == "" {
		region = n.region
	} else {
		region = n.phoneRegion(region)
	}
	// Cache key: region, '+' or '-', digits.
	ck := append(append(n.b2[:0], region...), '-')
	if plus {
		ck[len(ck)-1] = '+'
	}
	ck = append(ck, digits...)
	n.b2 = ck
	if r, ok := n.phoneCache[string(ck)]; ok {
		return r.e164, r.valid
	}
	e, ok, sure := "", false, false
	if n.pf != nil {
		e, ok, sure = n.pf.phone(digits, plus, region)
	}
	if !sure {
		e, ok = n.phoneSlow(digits, plus, region)
	}
	if len(n.phoneCache) >= phoneCacheSize {
		clear(n.phoneCache)
	}
	n.phoneCache[string(ck)] = phoneResult{e, ok}
	return e, ok
}

// phoneDigits returns the digits of a phone number as Phone reads them (in
// n.b1) and whether a '+' came before the first digit.
func (n *Normalizer) phoneDigits(s string) (digits []byte, plus bool) {
	b := n.b1[:0]
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if d, ok := digitVal(r); ok {
			b = append(b, byte('0'+d))
			continue
		}
		switch {
		case r == '+' || r == '＋':
			if len(b) == 0 {
				plus = true
			}
		case r == '#' || r == ',' || r == ';' || unicode.IsLetter(r):
			if len(b) >= 6 {
				i = len(s) // extension or trailing text
			}
		}
	}
	n.b1 = b
	return b, plus
}

// phoneCacheSize bounds the per-Normalizer cache of parsed phone numbers:
// the parser takes tens of microseconds and the same customer's number
// recurs across exports. The cache is cleared when full.
const phoneCacheSize = 4096

// phoneResult is a cached Phone result.
type phoneResult struct {
	e164  string
	valid bool
}

// phoneSlow runs the parser on the cleaned digits.
func (n *Normalizer) phoneSlow(digits []byte, plus bool, region string) (string, bool) {
	if !plus && digits[0] == '0' && digits[1] == '0' {
		if e, ok := n.parsePhone("+"+string(digits[2:]), region); ok {
			return e, true
		}
	}
	num := string(digits)
	if plus {
		num = "+" + num
	}
	if e, ok := n.parsePhone(num, region); ok {
		return e, true
	}
	return num[len(num)-len(digits):], false
}

// parsePhone parses num in region and returns its E.164 form when valid.
func (n *Normalizer) parsePhone(num, region string) (string, bool) {
	n.pn.Reset()
	if err := phonenumbers.ParseToNumber(num, region, n.pn); err != nil {
		return "", false
	}
	if !phonenumbers.IsValidNumber(n.pn) {
		return "", false
	}
	phonenumbers.FormatWithBuf(n.pn, phonenumbers.E164, n.pbuf)
	return string(n.pbuf.Bytes()), true
}

// phoneRegion turns a region argument into a phone region code.
func (n *Normalizer) phoneRegion(r string) string {
	if len(r) == 2 {
		u := strings.ToUpper(r)
		if u == "UK" {
			return "GB"
		}
		return u
	}
	return n.Country(r)
}

func allSame(b []byte) bool {
	for i := 1; i < len(b); i++ {
		if b[i] != b[0] {
			return false
		}
	}
	return true
}
