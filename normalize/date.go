package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// monthTable lists month names and abbreviations (as keys) in English,
// German, French, Spanish, Italian and Dutch, one month per line.
const monthTable = `
1: january jan januar janner janv janvier enero ene gennaio gen januari
2: february feb februar febr fevrier fev fevr febrero febbraio februari
3: march mar marz maerz mrz mars marzo maart mrt
4: april apr avril avr abril abr aprile
5: may mai mayo maggio mag mei
6: june jun juni juin junio giugno giu
7: july jul juli juillet juil julio luglio lug
8: august aug aout agosto ago augustus
9: september sep sept septembre septiembre setiembre settembre set
10: october oct oktober okt octobre octubre ottobre ott
11: november nov novembre noviembre
12: december dec dezember dez decembre diciembre dic dicembre
`

// dateNoiseWords are words that may appear in a written date and carry no
// date part: weekdays, ordinal endings, "of", "de", "den", "le", "the".
const dateNoiseWords = `st nd rd th er eme of de del the den le am um
monday mon tuesday tue tues wednesday wed thursday thu thur thurs friday fri saturday sat sunday sun
montag mo dienstag di mittwoch mi donnerstag do freitag fr samstag sa sonntag so
lundi lun mardi mercredi mer jeudi jeu vendredi ven samedi sam dimanche dim`

func (n *Normalizer) buildDateTables() {
	n.months = make(map[string]int)
	for _, line := range strings.Split(monthTable, "\n") {
		num, names, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		m := 0
		for _, c := range num {
			m = m*10 + int(c-'0')
		}
		for _, w := range strings.Fields(names) {
			n.months[w] = m
		}
	}
	n.dateNoise = make(map[string]bool)
	for _, w := range strings.Fields(dateNoiseWords) {
		n.dateNoise[w] = true
	}
}

// Date is a calendar date. A zero field is an unknown part: Date returns
// full dates, year-only dates ({1985, 0, 0}) and year-month dates ({1985, 3,
// 0}).
type Date struct{ Y, M, D int }

// IsZero reports whether d is the zero Date (nothing known).
func (d Date) IsZero() bool { return d.Y == 0 && d.M == 0 && d.D == 0 }

// String returns d as "YYYY-MM-DD", "" for the zero Date. A year-only date
// is "YYYY" and a year-month date "YYYY-MM" (ISO 8601 reduced precision);
// other unknown parts print as zeros.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	var b [10]byte
	put := func(i, v, w int) {
		for k := w - 1; k >= 0; k-- {
			b[i+k] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, d.Y, 4)
	switch {
	case d.M == 0 && d.D == 0:
		return string(b[:4])
	case d.D == 0:
		b[4] = '-'
		put(5, d.M, 2)
		return string(b[:7])
	}
	b[4], b[7] = '-', '-'
	put(5, d.M, 2)
	put(8, d.D, 2)
	return string(b[:])
}

// dateTok is a number or a month name in a date.
type dateTok struct {
	val    int  // number value or month
	digits int  // digit count; 0 for a month name
	sep    byte // separator before the token (0 for none or other)
}

// digitVal returns the value of a decimal digit in ASCII, full-width,
// Arabic-Indic, Extended Arabic-Indic, Devanagari or Bengali script.
func digitVal(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r < 0x660:
		return 0, false
	case r >= 0xFF10 && r <= 0xFF19:
		return int(r - 0xFF10), true
	case r >= 0x660 && r <= 0x669:
		return int(r - 0x660), true
	case r >= 0x6F0 && r <= 0x6F9:
		return int(r - 0x6F0), true
	case r >= 0x966 && r <= 0x96F:
		return int(r - 0x966), true
	case r >= 0x9E6 && r <= 0x9EF:
		return int(r - 0x9E6), true
	}
	return 0, false
}

// Date parses a date. Accepted forms: 2006-01-02, 2006/01/02, 2006.01.02,
// 20060102, 02/01/2006 and 01/02/2006, 02.01.2006, 02-01-2006, 2 Jan 2006,
// 02-Jan-2006, January 2, 2006, Jan 2 2006, 2nd of January 2006, with month
// names in English, German, French, Spanish, Italian and Dutch (März, mars,
// Dezember, décembre), an ignored weekday, ISO timestamps
// (2006-01-02T15:04:05Z, "2006-01-02 15:04:05", the time is dropped),
// full-width and Arabic-Indic digits. Partial dates are returned with zero
// parts: "1985" -> {1985, 0, 0}; "03/1985", "1985-03", "March 1985" ->
// {1985, 3, 0}.
//
// Ambiguous numeric day/month: a part above 12 decides; otherwise
// Options.DateOrder (DMY or MDY; with YMD, an all-two-digit date is read as
// YY/MM/DD and one with the year last as DMY). Dates written with dots
// (02.01.2006) are always day first. Each value is read on its own: with
// DMY, 10/28/1980 is read month first and 07/08/1999 day first. For a
// column, decide one order with InferDateOrder and read its values with
// DateInOrder. Two-digit years: yy greater than the current year modulo 100
// is 19yy, otherwise 20yy (in 2026: "27" is 1927, "26" is 2026). Years have 2 or 4 digits, 1000-9999 (historical dates such
// as 1650 are valid).
//
// Not dates (ok false): spreadsheet serial numbers ("31045"), other 5-7
// digit and 6-digit runs, impossible calendar dates (Feb 30, month 13),
// unknown words, a day and month without a year.
func (n *Normalizer) Date(s string) (Date, bool) { return n.parseDate(s, n.order, false) }

// parseDate parses s with the given order for ambiguous day/month pairs;
// strict reads every year-last numeric date in that order only (see
// DateInOrder), otherwise a part above 12 decides.
func (n *Normalizer) parseDate(s string, order dateOrder, strict bool) (Date, bool) {
	var toks [4]dateTok
	nt, monthAt, ok := n.dateTokens(s, &toks)
	if !ok {
		return Date{}, false
	}
	d, ok := n.dateFromTokens(toks[:nt], monthAt, order, strict)
	if !ok {
		return Date{}, false
	}
	return d, true
}

// dateTokens splits a date into numbers and at most one month name (at
// index monthAt, -1 for none), dropping a time of day, weekdays and other
// noise words; ok is false for anything that cannot be a date.
func (n *Normalizer) dateTokens(s string, toks *[4]dateTok) (nt, monthAt int, ok bool) {
	monthAt = -1
	// Drop a time of day: cut at the last space or 'T' before the first ':'.
	if c := strings.IndexByte(s, ':'); c >= 0 {
		cut := strings.LastIndexAny(s[:c], " Tt")
		if cut < 0 {
			return 0, -1, false
		}
		s = s[:cut]
	}
	var sep byte
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if _, ok := digitVal(r); ok {
			v, d := 0, 0
			for i < len(s) {
				r, size = rune(s[i]), 1
				if r >= utf8.RuneSelf {
					r, size = utf8.DecodeRuneInString(s[i:])
				}
				x, ok := digitVal(r)
				if !ok {
					break
				}
				if d < 9 {
					v = v*10 + x
				}
				d++
				i += size
			}
			if d > 8 || nt == len(toks) {
				return 0, -1, false
			}
			toks[nt] = dateTok{val: v, digits: d, sep: sep}
			nt++
			sep = 0
			// basic ISO timestamp 20060102T150405
			if i < len(s) && (s[i] == 'T' || s[i] == 't') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				break
			}
			continue
		}
		switch r {
		case '年', '月', '日', '년', '월', '일':
			// CJK date suffixes: 1985年3月4日 is year-month-day
			i += size
			continue
		}
		if unicode.IsLetter(r) {
			j := i
			for j < len(s) {
				r2, size2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) && !unicode.IsMark(r2) {
					break
				}
				j += size2
			}
			word := s[i:j]
			i = j
			if len(word) > 24 {
				return 0, -1, false
			}
			var kb [24]byte
			if isASCII(word) {
				b := kb[:len(word)]
				for k := 0; k < len(word); k++ {
					c := word[k]
					if c >= 'A' && c <= 'Z' {
						c += 'a' - 'A'
					}
					b[k] = c
				}
				if m, ok := n.months[string(b)]; ok {
					if monthAt >= 0 || nt == len(toks) {
						return 0, -1, false
					}
					monthAt = nt
					toks[nt] = dateTok{val: m, sep: sep}
					nt++
					sep = 0
					continue
				}
				if n.dateNoise[string(b)] {
					continue
				}
				return 0, -1, false
			}
			n.db = n.appendKey(n.db[:0], word)
			if m, ok := n.months[string(n.db)]; ok {
				if monthAt >= 0 || nt == len(toks) {
					return 0, -1, false
				}
				monthAt = nt
				toks[nt] = dateTok{val: m, sep: sep}
				nt++
				sep = 0
				continue
			}
			if n.dateNoise[string(n.db)] {
				continue
			}
			return 0, -1, false
		}
		switch r {
		case '-', '/', '.', ' ', ',', '\t', '\'', 0x3000, 0xFF0F, 0xFF0E, 0xFF0D, 0x2010, 0x2011, 0x2013:
			if sep == 0 && r < utf8.RuneSelf && r != ' ' && r != ',' && r != '\t' {
				sep = byte(r)
			}
		default:
			if !unicode.IsSpace(r) && !isInvisible(r) {
				return 0, -1, false
			}
		}
		i += size
	}
	return nt, monthAt, true
}

// year converts a 2- or 4-digit year token.
func (n *Normalizer) year(t dateTok) (int, bool) {
	switch t.digits {
	case 4:
		return t.val, t.val >= 1000
	case 2:
		if t.val > n.pivot {
			return n.cent - 100 + t.val, true
		}
		return n.cent + t.val, true
	}
	return 0, false
}

func (n *Normalizer) dateFromTokens(t []dateTok, monthAt int, order dateOrder, strict bool) (Date, bool) {
	var d Date
	var ok bool
	if monthAt >= 0 {
		d.M = t[monthAt].val
		var nums [3]dateTok
		k := 0
		for i, x := range t {
			if i != monthAt {
				nums[k] = x
				k++
			}
		}
		switch k {
		case 1:
			if nums[0].digits != 4 {
				return Date{}, false
			}
			d.Y, ok = n.year(nums[0])
			return d, ok
		case 2:
			a, b := nums[0], nums[1]
			switch {
			case a.digits >= 3 || (a.digits == 2 && a.val > 31):
				d.Y, ok = n.year(a)
				d.D = b.val
				ok = ok && b.digits <= 2
			default:
				d.D = a.val
				d.Y, ok = n.year(b)
				ok = ok && a.digits <= 2
			}
			if !ok {
				return Date{}, false
			}
			return d, validDate(d)
		}
		return Date{}, false
	}
	switch len(t) {
	case 1:
		a := t[0]
		switch a.digits {
		case 4:
			d.Y, ok = n.year(a)
			return d, ok
		case 8:
			v := a.val
			d = Date{Y: v / 10000, M: v / 100 % 100, D: v % 100}
			if d.Y >= 1000 && validDate(d) {
				return d, true
			}
			// DDMMYYYY or MMDDYYYY
			y := v % 10000
			p, q := v/1000000, v/10000%100
			return n.dmy(p, q, y, order != orderMDY, y >= 1000, strict)
		}
		return Date{}, false
	case 2:
		a, b := t[0], t[1]
		switch {
		case a.digits == 4 && b.digits <= 2:
			d.Y, ok = n.year(a)
			d.M = b.val
		case b.digits == 4 && a.digits <= 2:
			d.Y, ok = n.year(b)
			d.M = a.val
		default:
			return Date{}, false
		}
		return d, ok && d.M >= 1 && d.M <= 12
	case 3:
		a, b, c := t[0], t[1], t[2]
		if a.digits == 4 {
			if b.digits > 2 || c.digits > 2 {
				return Date{}, false
			}
			d.Y, ok = n.year(a)
			d.M, d.D = b.val, c.val
			return d, ok && validDate(d)
		}
		if a.digits > 2 || b.digits > 2 || (c.digits != 4 && c.digits != 2) {
			return Date{}, false
		}
		if order == orderYMD && c.digits == 2 && b.sep != '.' {
			d.Y, _ = n.year(a)
			if a.digits != 2 {
				return Date{}, false
			}
			d.M, d.D = b.val, c.val
			return d, validDate(d)
		}
		y, ok := n.year(c)
		dayFirst := order != orderMDY || b.sep == '.'
		return n.dmy(a.val, b.val, y, dayFirst, ok, strict)
	}
	return Date{}, false
}

// dmy resolves an ambiguous day/month pair p, q: a part above 12 is the
// day, otherwise dayFirst decides. strict: dayFirst always decides, so a
// pair that is no date in that order is no date.
func (n *Normalizer) dmy(p, q, y int, dayFirst, ok, strict bool) (Date, bool) {
	if !ok {
		return Date{}, false
	}
	switch {
	case strict:
	case p > 12 && q <= 12:
		dayFirst = true
	case q > 12 && p <= 12:
		dayFirst = false
	}
	d := Date{Y: y, M: q, D: p}
	if !dayFirst {
		d.M, d.D = p, q
	}
	return d, validDate(d)
}

// MonthOfMistypedDate reads a numeric date whose day cannot be a day of
// its month ("1930-03-33", "35.05.1970": a mistyped day) as the year and
// month it does show, with day 0; ok is false for anything else,
// including every date Date reads. The month must be certain: the year is
// first (year, month, day), or last with one part 12 or less and the
// other above 31. For matching keys only: the date shown stays the one
// written.
func (n *Normalizer) MonthOfMistypedDate(s string) (Date, bool) {
	var toks [4]dateTok
	nt, monthAt, ok := n.dateTokens(s, &toks)
	if !ok || monthAt >= 0 || nt != 3 {
		return Date{}, false
	}
	a, b, c := toks[0], toks[1], toks[2]
	var d Date
	switch {
	case a.digits == 4 && b.digits <= 2 && c.digits <= 2:
		d.Y, ok = n.year(a)
		d.M, d.D = b.val, c.val
	case c.digits == 4 && a.digits <= 2 && b.digits <= 2 && a.val > 31 && b.val <= 12:
		d.Y, ok = n.year(c)
		d.M, d.D = b.val, a.val
	case c.digits == 4 && a.digits <= 2 && b.digits <= 2 && b.val > 31 && a.val <= 12:
		d.Y, ok = n.year(c)
		d.M, d.D = a.val, b.val
	default:
		return Date{}, false
	}
	if !ok || d.Y < 1000 || d.M < 1 || d.M > 12 || (d.D >= 1 && d.D <= daysIn(d.M, d.Y)) {
		return Date{}, false
	}
	return Date{Y: d.Y, M: d.M}, true
}

// DayOfMistypedMonth reads a numeric date written year first whose month
// cannot be a month ("1961-14-10", "1856-86-18", "1992-00-08": a mistyped
// or lost month) as the digits it shows, the month as written (0 or
// 13-99), so that a comparison can still see one typo or a day and month
// swapped ("1780-21-01" / "1780-01-21"). ok is false for
// anything else, including every date Date or MonthOfMistypedDate reads.
// Only year-first dates qualify: in a date written day or month first, a
// part above 12 is read as the day, so which part was mistyped is not
// certain. For matching keys only: the date shown stays the one written.
func (n *Normalizer) DayOfMistypedMonth(s string) (Date, bool) {
	var toks [4]dateTok
	nt, monthAt, ok := n.dateTokens(s, &toks)
	if !ok || monthAt >= 0 || nt != 3 {
		return Date{}, false
	}
	a, b, c := toks[0], toks[1], toks[2]
	if a.digits != 4 || b.digits > 2 || c.digits > 2 {
		return Date{}, false
	}
	y, ok := n.year(a)
	if !ok || y < 1000 || (b.val >= 1 && b.val <= 12) || c.val > 31 {
		return Date{}, false
	}
	return Date{Y: y, M: b.val, D: c.val}, true
}

// validDate reports whether d is a real calendar date (proleptic
// Gregorian).
func validDate(d Date) bool {
	if d.Y < 1000 || d.Y > 9999 || d.M < 1 || d.M > 12 || d.D < 1 {
		return false
	}
	return d.D <= daysIn(d.M, d.Y)
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
