package synth

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Schema describes one export layout.
type Schema struct {
	Name   string   // default source name (crm, billing, support, webshop)
	Ext    string   // file extension with dot
	Delim  byte     // field delimiter
	BOM    bool     // file starts with a UTF-8 byte order mark
	Header []string // column names
	Notes  string   // formats used (names, dates, phones)

	id  func(n int) string
	row func(b []byte, id string, f *fields, s Schema) []byte
}

// Schemas returns the export layouts in the order files are assigned to
// them (file i uses Schemas()[i%4]).
func Schemas() []Schema {
	return []Schema{
		{
			Name: "crm", Ext: ".csv", Delim: ',', BOM: true,
			Header: []string{"CustomerID", "Salutation", "First Name", "Last Name", "Email", "Phone", "Street", "City", "ZIP", "Country", "Date of Birth", "Created", "Last Modified"},
			Notes:  "comma, UTF-8 with BOM; ISO dates; phones +49 30 1234567; street with house number",
			id:     func(n int) string { return strconv.Itoa(100000 + n) },
			row:    crmRow,
		},
		{
			Name: "billing", Ext: ".csv", Delim: ';',
			Header: []string{"Kundennr", "Name", "Straße", "PLZ", "Ort", "Telefon", "E-Mail", "Geburtsdatum"},
			Notes:  `semicolon; Name as "NACHNAME, Vorname"; dates DD.MM.YYYY; phones 030-1234567`,
			id:     func(n int) string { return "K-" + pad(n, 7) },
			row:    billingRow,
		},
		{
			Name: "support", Ext: ".tsv", Delim: '\t',
			Header: []string{"ticket_contact_id", "full_name", "email", "mobile", "dob", "city", "zip"},
			Notes:  "tab; full name in one column; dates MM/DD/YYYY; mobile as +4915112345678",
			id:     func(n int) string { return "SUP" + pad(n, 8) },
			row:    supportRow,
		},
		{
			Name: "webshop", Ext: ".csv", Delim: '|',
			Header: []string{"customer_no", "first_name", "surname", "e_mail", "telephone", "address_line", "postal_code", "town", "country", "birthday"},
			Notes:  "pipe; dates DD/MM/YYYY; phones (030) 123 45 67",
			id:     func(n int) string { return "W" + strconv.Itoa(n) },
			row:    webshopRow,
		},
	}
}

func pad(n, w int) string {
	s := strconv.Itoa(n)
	if len(s) < w {
		s = strings.Repeat("0", w-len(s)) + s
	}
	return s
}

func crmRow(b []byte, id string, f *fields, s Schema) []byte {
	d := s.Delim
	b = appendField(b, id, d)
	b = append(b, d)
	b = appendField(b, f.salutation, d)
	b = append(b, d)
	b = appendField(b, f.given, d)
	b = append(b, d)
	b = appendField(b, f.family, d)
	b = append(b, d)
	b = appendField(b, f.email, d)
	b = append(b, d)
	b = appendPhone(b, f.phone, style(f, styleIntl))
	b = append(b, d)
	b = appendField(b, streetLine(f), d)
	b = append(b, d)
	b = appendField(b, f.city, d)
	b = append(b, d)
	b = appendField(b, f.postcode, d)
	b = append(b, d)
	b = append(b, f.country...)
	b = append(b, d)
	b = appendDate(b, f.dobY, f.dobM, f.dobD, 'I')
	b = append(b, d)
	b = appendDay(b, f.created, false)
	b = append(b, d)
	b = appendDay(b, f.modified, true)
	return append(b, '\n')
}

func billingRow(b []byte, id string, f *fields, s Schema) []byte {
	d := s.Delim
	b = appendField(b, id, d)
	b = append(b, d)
	fam := f.family
	if f.upperFamily {
		fam = strings.ToUpper(fam)
	}
	switch {
	case fam != "" && f.given != "":
		b = appendField(b, fam+", "+f.given, d)
	default:
		b = appendField(b, fam+f.given, d)
	}
	b = append(b, d)
	b = appendField(b, streetLine(f), d)
	b = append(b, d)
	b = appendField(b, f.postcode, d)
	b = append(b, d)
	b = appendField(b, f.city, d)
	b = append(b, d)
	b = appendPhone(b, f.phone, style(f, styleDash))
	b = append(b, d)
	b = appendField(b, f.email, d)
	b = append(b, d)
	b = appendDate(b, f.dobY, f.dobM, f.dobD, 'D')
	return append(b, '\n')
}

func supportRow(b []byte, id string, f *fields, s Schema) []byte {
	d := s.Delim
	b = appendField(b, id, d)
	b = append(b, d)
	b = appendField(b, strings.TrimSpace(f.given+" "+f.family), d)
	b = append(b, d)
	b = appendField(b, f.email, d)
	b = append(b, d)
	ph := f.mobile
	if ph.missing {
		ph = f.phone
	}
	b = appendPhone(b, ph, style(f, styleE164))
	b = append(b, d)
	b = appendDate(b, f.dobY, f.dobM, f.dobD, 'M')
	b = append(b, d)
	b = appendField(b, f.city, d)
	b = append(b, d)
	b = appendField(b, f.postcode, d)
	return append(b, '\n')
}

func webshopRow(b []byte, id string, f *fields, s Schema) []byte {
	d := s.Delim
	b = appendField(b, id, d)
	b = append(b, d)
	b = appendField(b, f.given, d)
	b = append(b, d)
	b = appendField(b, f.family, d)
	b = append(b, d)
	b = appendField(b, f.email, d)
	b = append(b, d)
	b = appendPhone(b, f.phone, style(f, styleParen))
	b = append(b, d)
	b = appendField(b, streetLine(f), d)
	b = append(b, d)
	b = appendField(b, f.postcode, d)
	b = append(b, d)
	b = appendField(b, f.city, d)
	b = append(b, d)
	b = append(b, f.country...)
	b = append(b, d)
	b = appendDate(b, f.dobY, f.dobM, f.dobD, 'U')
	return append(b, '\n')
}

// streetLine joins street and house number in the country's order.
func streetLine(f *fields) string {
	switch {
	case f.street == "":
		return ""
	case f.house == "":
		return f.street
	case f.country == "GB" || f.country == "US":
		return f.house + " " + f.street
	}
	return f.street + " " + f.house
}

// appendField appends s, quoted per RFC 4180 when it holds the delimiter, a
// quote or a line break.
func appendField(b []byte, s string, delim byte) []byte {
	if strings.IndexByte(s, delim) < 0 && strings.IndexByte(s, '"') < 0 && strings.IndexByte(s, '\n') < 0 && strings.IndexByte(s, '\r') < 0 {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// Date layouts for appendDate.
//
//	'I' ISO 2006-01-02, 'D' 02.01.2006, 'M' 01/02/2006, 'U' 02/01/2006
func appendDate(b []byte, y, m, d int, layout byte) []byte {
	if y == 0 {
		return b
	}
	two := func(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }
	switch layout {
	case 'I':
		b = strconv.AppendInt(b, int64(y), 10)
		b = append(b, '-')
		b = two(b, m)
		b = append(b, '-')
		return two(b, d)
	case 'D':
		b = two(b, d)
		b = append(b, '.')
		b = two(b, m)
		b = append(b, '.')
	case 'M':
		b = two(b, m)
		b = append(b, '/')
		b = two(b, d)
		b = append(b, '/')
	default:
		b = two(b, d)
		b = append(b, '/')
		b = two(b, m)
		b = append(b, '/')
	}
	return strconv.AppendInt(b, int64(y), 10)
}

// appendDay appends day n after 2008-01-01 as an ISO date (with a time of
// day when withTime).
func appendDay(b []byte, n int32, withTime bool) []byte {
	t := time.Date(2008, 1, 1+int(n), 0, 0, 0, 0, time.UTC)
	if withTime {
		t = t.Add(time.Duration(int64(n)*7919%86400) * time.Second)
		return t.AppendFormat(b, "2006-01-02T15:04:05")
	}
	return t.AppendFormat(b, "2006-01-02")
}

// Phone styles.
const (
	styleIntl     = iota // +49 30 1234567       | +1 212-555-0123
	styleNational        // 030 1234567          | (212) 555-0123
	styleDash            // 030-1234567          | 212-555-0123
	styleParen           // (030) 123 45 67      | 212.555.0123
	styleE164            // +49301234567         | +12125550123
	style00              // 0049 30 1234567      | 1-212-555-0123
	styleTrunk           // +49 (0)30 1234567    | (212)555-0123
	numPhoneStyles
)

func style(f *fields, def int) int {
	if f.phoneStyle >= 0 {
		return f.phoneStyle
	}
	return def
}

func callingCode(c uint8) string {
	return [...]string{"49", "43", "41", "44", "1"}[c]
}

// appendPhone formats p in the given style.
func appendPhone(b []byte, p phone, st int) []byte {
	if p.raw != "" {
		return append(b, p.raw...)
	}
	if p.missing || p.num == "" {
		return b
	}
	cc := callingCode(p.country)
	if p.country == cUS {
		ex, line := p.num[:3], p.num[3:]
		switch st {
		case styleIntl:
			return append(b, "+1 "+p.area+"-"+ex+"-"+line...)
		case styleNational:
			return append(b, "("+p.area+") "+ex+"-"+line...)
		case styleDash:
			return append(b, p.area+"-"+ex+"-"+line...)
		case styleParen:
			return append(b, p.area+"."+ex+"."+line...)
		case styleE164:
			return append(b, "+1"+p.area+ex+line...)
		case style00:
			return append(b, "1-"+p.area+"-"+ex+"-"+line...)
		default:
			return append(b, "("+p.area+")"+ex+"-"+line...)
		}
	}
	switch st {
	case styleIntl:
		return append(b, "+"+cc+" "+p.area+" "+p.num...)
	case styleNational:
		return append(b, "0"+p.area+" "+p.num...)
	case styleDash:
		return append(b, "0"+p.area+"-"+p.num...)
	case styleParen:
		b = append(b, "(0"+p.area+") "...)
		// group the subscriber number: 123 45 67
		n := p.num
		for len(n) > 4 {
			b = append(b, n[:3]...)
			b = append(b, ' ')
			n = n[3:]
		}
		if len(n) == 4 {
			return append(b, n[:2]+" "+n[2:]...)
		}
		return append(b, n...)
	case styleE164:
		return append(b, "+"+cc+p.area+p.num...)
	case style00:
		return append(b, "00"+cc+" "+p.area+" "+p.num...)
	default:
		return append(b, "+"+cc+" (0)"+p.area+" "+p.num...)
	}
}

// toWindows1252 appends the Windows-1252 encoding of UTF-8 text s to dst.
// Characters outside the code page are folded to ASCII where a spelling is
// known (ş -> s) and written as '?' otherwise.
func toWindows1252(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c, n := utf8.DecodeRune(s[i:])
		i += n
		switch {
		case c < 0x80:
			dst = append(dst, byte(c))
		case c >= 0xA0 && c <= 0xFF:
			dst = append(dst, byte(c))
		default:
			if b, ok := cp1252High(c); ok {
				dst = append(dst, b)
			} else if f := foldRune(c); f != "" {
				if unicode.IsUpper(c) {
					dst = append(dst, f[0]-'a'+'A')
					f = f[1:]
				}
				dst = append(dst, f...)
			} else if c == '\ufeff' {
				// no BOM in a legacy code page
			} else {
				dst = append(dst, '?')
			}
		}
	}
	return dst
}

// cp1252High maps the characters Windows-1252 puts at 0x80-0x9F.
func cp1252High(c rune) (byte, bool) {
	switch c {
	case '€':
		return 0x80, true
	case '‚':
		return 0x82, true
	case 'ƒ':
		return 0x83, true
	case '„':
		return 0x84, true
	case '…':
		return 0x85, true
	case '†':
		return 0x86, true
	case '‡':
		return 0x87, true
	case 'ˆ':
		return 0x88, true
	case '‰':
		return 0x89, true
	case 'Š':
		return 0x8A, true
	case '‹':
		return 0x8B, true
	case 'Œ':
		return 0x8C, true
	case 'Ž':
		return 0x8E, true
	case '‘':
		return 0x91, true
	case '’':
		return 0x92, true
	case '“':
		return 0x93, true
	case '”':
		return 0x94, true
	case '•':
		return 0x95, true
	case '–':
		return 0x96, true
	case '—':
		return 0x97, true
	case '˜':
		return 0x98, true
	case '™':
		return 0x99, true
	case 'š':
		return 0x9A, true
	case '›':
		return 0x9B, true
	case 'œ':
		return 0x9C, true
	case 'ž':
		return 0x9E, true
	case 'Ÿ':
		return 0x9F, true
	}
	return 0, false
}
