package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Hard cases: groups of customers that share much evidence but are different
// people (hard negatives), and customers whose records differ more than
// typos make them (hard positives). Config.Hard is the share of new
// customers that start such a group.
const (
	caseNone         = iota
	caseHousehold    // spouses and children: one address and landline; one family name, or a partner's own (partner.go)
	caseJuniorSenior // father and son with the same full name and address, born 25-30 years apart
	caseTwins        // same birth date, family name and address, different given names
	caseColleagues   // contacts at one company: switchboard number and office address, different names
	caseMover        // one person, a new address and phone in another export
	casePlaceholder  // unrelated people with the same placeholder values (test@test.com, 000-000-0000, N/A, 1900-01-01)
	caseChinese      // Han characters in one export, pinyin in the others
	caseCompany      // a company customer, its legal form written short or long; a namesake company elsewhere
	numCases
)

// CaseKinds lists the hard-case kinds written to cases.csv, "none" first.
func CaseKinds() []string {
	out := make([]string, numCases)
	for k := range out {
		out[k] = caseName(k)
	}
	return out
}

func caseName(k int) string {
	return [numCases]string{"none", "household", "junior-senior", "twins", "colleagues", "mover", "placeholder", "chinese", "company"}[k]
}

func caseWeight(k int) int {
	return [numCases]int{caseHousehold: 24, caseJuniorSenior: 12, caseTwins: 8, caseColleagues: 14,
		caseMover: 10, casePlaceholder: 10, caseChinese: 12, caseCompany: 10}[k]
}

func pickCase(r *rand.Rand) int {
	total := 0
	for k := 1; k < numCases; k++ {
		total += caseWeight(k)
	}
	x := r.IntN(total)
	for k := 1; k < numCases; k++ {
		x -= caseWeight(k)
		if x < 0 {
			return k
		}
	}
	return caseHousehold
}

// Placeholder fields (hardInfo.placeholder bits).
const (
	phEmail = 1 << iota
	phPhone
	phStreet
	phDob
)

// The shop's own e-mail address and phone, given for customers who give
// none (hard case "placeholder").
const (
	storeEmail = "kasse@moebelhaus-sommer.de"
	storePhone = "+49 30 90987650"
)

// hardInfo is what a hard-case customer has beyond its person.
type hardInfo struct {
	kind        uint8
	group       string  // case group: records of one kind and group are the hard negatives of each other
	household   int32   // 1 + person index of the household's founder; 0: a household of its own
	home        int     // export of the first record (movers: old address; Chinese: Han script)
	suffix      uint8   // 1 senior, 2 junior
	placeholder uint8   // ph* bits
	han         [3]int8 // Chinese: surname, first and second given-name character (-1: none) in hardTables
	qq          uint32  // Chinese: a numeric qq.com address in the Han export; 0 none
	company     int32   // index into generator.companies; -1 none
	isCompany   bool    // the customer is the company itself, not a contact
	familyMail  bool    // household: writes the founder's e-mail address as its own
	storeValue  bool    // placeholder: the shop's own e-mail and phone, not a pattern placeholder
	moved       person
}

// company is an organisation: customers of kind caseCompany, employer of
// colleagues.
type company struct {
	base    string // "Müller Bau"
	culture uint8
	form    uint8  // index into legalForms[culture]
	slug    string // the name folded to ASCII without spaces
	domain  string // e-mail domain, different for each company
}

// Legal forms per name culture, "|"-separated: short;long;another common
// spelling.
const (
	germanLegalForms = `GmbH;Gesellschaft mit beschränkter Haftung;G.m.b.H.|AG;Aktiengesellschaft;AG|
KG;Kommanditgesellschaft;KG|e.K.;eingetragener Kaufmann;e. K.|
UG (haftungsbeschränkt);Unternehmergesellschaft (haftungsbeschränkt);UG`
	englishLegalForms = `Ltd;Limited;Ltd.|Inc;Incorporated;Inc.|LLC;Limited Liability Company;L.L.C.|
PLC;Public Limited Company;plc|Corp;Corporation;Corp.`
)

// Company name words per culture: invented names, then trades.
const (
	germanCompanyNames   = `Nordlicht Sonnenhof Alpenblick Rheintal Weserland Lindenhof Elbwerk Isartal`
	germanCompanyTrades  = `Bau Logistik Elektro Immobilien Holzbau Consulting Haustechnik Metallbau Druck Reisen`
	englishCompanyNames  = `Acme Bluebird Redwood Northwind Silverline Oakridge Brightstone Kingfisher Summit Harbour`
	englishCompanyTrades = `Trading Holdings Systems Logistics Consulting Foods Engineering Properties Media Travel`
)

// Han characters with their toneless pinyin, for generating Chinese names
// (not for matching them): surnames, then given-name characters.
const (
	hanSurnameList = `王 wang 李 li 张 zhang 刘 liu 陈 chen 杨 yang 黄 huang 赵 zhao 吴 wu 周 zhou 徐 xu
孙 sun 马 ma 朱 zhu 胡 hu 郭 guo 林 lin 宋 song 郑 zheng 梁 liang 谢 xie 唐 tang 韩 han 冯 feng`
	hanGivenList = `建 jian 国 guo 伟 wei 芳 fang 娜 na 敏 min 静 jing 丽 li 强 qiang 磊 lei 军 jun 洋 yang
勇 yong 艳 yan 杰 jie 娟 juan 涛 tao 明 ming 超 chao 秀 xiu 英 ying 华 hua 平 ping 刚 gang
嘉 jia 然 ran 文 wen 海 hai 红 hong 玲 ling 志 zhi 新 xin 春 chun 晓 xiao 东 dong 辉 hui
鹏 peng 宇 yu 婷 ting 雪 xue`
)

// hardTables are the read-only lists of the hard cases.
type hardTables struct {
	legalForms   [2][][3]string // [culture]: short, long, other spelling
	companyWords [2][2][]string // [culture]: names, trades
	hanSurnames  [][2]string    // Han, pinyin
	hanGiven     [][2]string    // Han, pinyin
}

func newHardTables() hardTables {
	var t hardTables
	for c, list := range [2]string{germanLegalForms, englishLegalForms} {
		for _, e := range strings.Split(list, "|") {
			p := strings.Split(strings.TrimSpace(e), ";")
			t.legalForms[c] = append(t.legalForms[c], [3]string{p[0], p[1], p[2]})
		}
	}
	t.companyWords[german] = [2][]string{strings.Fields(germanCompanyNames), strings.Fields(germanCompanyTrades)}
	t.companyWords[english] = [2][]string{strings.Fields(englishCompanyNames), strings.Fields(englishCompanyTrades)}
	pairs := func(s string) [][2]string {
		f := strings.Fields(s)
		out := make([][2]string, 0, len(f)/2)
		for i := 0; i+1 < len(f); i += 2 {
			out = append(out, [2]string{f[i], f[i+1]})
		}
		return out
	}
	t.hanSurnames = pairs(hanSurnameList)
	t.hanGiven = pairs(hanGivenList)
	return t
}

// emit is a queued record: person ent, rendered as a duplicate when dup, into
// export file (-1: any).
type emit struct {
	ent  int
	dup  bool
	file int
}

// add appends a hard-case person and returns its index.
func (g *generator) add(p person, h *hardInfo) int {
	g.people = append(g.people, p)
	i := len(g.people) - 1
	g.hard[i] = h
	return i
}

func (g *generator) queue(ent int, dup bool, file int) {
	g.pending = append(g.pending, emit{ent, dup, file})
}

// otherFile returns an export other than home (home itself when there is
// only one).
func (g *generator) otherFile(home int) int {
	if g.cfg.Files < 2 {
		return home
	}
	return (home + 1 + g.r.IntN(g.cfg.Files-1)) % g.cfg.Files
}

// newCase creates the customers of one hard case and returns the first
// record to write; the others are queued.
func (g *generator) newCase() (int, bool, int) {
	r := g.r
	first := len(g.people)
	switch pickCase(r) {
	case caseHousehold:
		hh := int32(first + 1)
		grp := "H" + strconv.Itoa(first+1)
		a := g.newPerson()
		setDobYear(&a, min(a.dobY, 1975))
		members := []*person{&a}
		g.add(a, &hardInfo{kind: caseHousehold, group: grp, household: hh, company: -1})
		b := g.newPerson()
		g.setCulture(&b, a.culture)
		b.gender = 1 - a.gender
		g.pickGivenUnlike(&b, members)
		g.partnerName(&b, &a)
		shareHome(&b, &a)
		setDobYear(&b, uint16(int(a.dobY)-5+r.IntN(11)))
		members = append(members, &b)
		// A third of the spouses give the household's one e-mail
		// address (the founder's) as their own.
		shared := g.sideRand(0x66616d696c79).IntN(3) == 0 // "family"
		g.queue(g.add(b, &hardInfo{kind: caseHousehold, group: grp, household: hh, company: -1, familyMail: shared}), false, -1)
		for n := r.IntN(3); n > 0; n-- {
			y := int(min(a.dobY, b.dobY)) + 22 + r.IntN(13)
			if y > 2005 {
				break
			}
			c := g.newPerson()
			g.setCulture(&c, a.culture)
			g.pickGivenUnlike(&c, members)
			c.family, c.family2 = a.family, a.family2
			shareHome(&c, &a)
			setDobYear(&c, uint16(y))
			members = append(members, &c)
			g.queue(g.add(c, &hardInfo{kind: caseHousehold, group: grp, household: hh, company: -1}), false, -1)
		}
	case caseJuniorSenior:
		hh := int32(first + 1)
		grp := "H" + strconv.Itoa(first+1)
		a := g.newPerson()
		a.gender = 0
		a.given = int32(g.t.givenSkew[a.culture][0].pick(r))
		setDobYear(&a, min(a.dobY, 1975))
		g.add(a, &hardInfo{kind: caseJuniorSenior, group: grp, household: hh, suffix: 1, company: -1})
		b := a
		setDobYear(&b, a.dobY+uint16(25+r.IntN(6)))
		b.dobM = uint8(1 + r.IntN(12))
		b.dobD = uint8(1 + r.IntN(daysIn(int(b.dobY), int(b.dobM))))
		b.mobile, b.mobilePre = 0, 0
		if r.Float64() < 0.8 {
			b.mobile, b.mobilePre = r.Uint32()|1, uint16(r.IntN(8))
		}
		b.emailPat, b.provider, b.emailNum = uint8(r.IntN(8)), uint8(g.t.provSkew[b.culture].pick(r)), uint16(r.IntN(1000))
		b.title = 0
		b.created = int32(r.IntN(6200))
		g.queue(g.add(b, &hardInfo{kind: caseJuniorSenior, group: grp, household: hh, suffix: 2, company: -1}), false, -1)
	case caseTwins:
		hh := int32(first + 1)
		grp := "H" + strconv.Itoa(first+1)
		a := g.newPerson()
		setDobYear(&a, max(a.dobY, 1950))
		g.add(a, &hardInfo{kind: caseTwins, group: grp, household: hh, company: -1})
		b := g.newPerson()
		g.setCulture(&b, a.culture)
		g.pickGivenUnlike(&b, []*person{&a})
		b.family, b.family2 = a.family, a.family2
		b.dobY, b.dobM, b.dobD = a.dobY, a.dobM, a.dobD
		shareHome(&b, &a)
		g.queue(g.add(b, &hardInfo{kind: caseTwins, group: grp, household: hh, company: -1}), false, -1)
	case caseColleagues:
		office := g.newPerson()
		office.mobile = 0
		ci := g.newCompany(office.culture, -1)
		grp := "C" + strconv.Itoa(first+1)
		n := 2 + r.IntN(4)
		for k := 0; k < n; k++ {
			p := g.newPerson()
			p.country = office.country
			shareHome(&p, &office)
			p.houseLetter = 0
			i := g.add(p, &hardInfo{kind: caseColleagues, group: grp, company: ci})
			if k > 0 {
				g.queue(i, false, -1)
			}
		}
		if r.Float64() < 0.3 { // the company is a customer too
			g.queue(g.add(office, &hardInfo{kind: caseColleagues, group: grp, company: ci, isCompany: true}), false, -1)
		}
	case caseMover:
		p := g.newPerson()
		m := p
		g.relocate(&m, p.country, int(p.city))
		if r.Float64() < 0.5 {
			m.mobile = r.Uint32() | 1
		}
		home := r.IntN(g.cfg.Files)
		i := g.add(p, &hardInfo{kind: caseMover, home: home, company: -1, moved: m})
		g.queue(i, true, g.otherFile(home))
		return i, false, home
	case casePlaceholder:
		mask := uint8(1) << r.IntN(4)
		if r.Float64() < 0.4 {
			mask |= 1 << r.IntN(4)
		}
		// Half the cases give the shop's own e-mail address and phone
		// number (what a till enters for a customer who gives none): no
		// pattern knows them, only that many people share them.
		store := g.sideRand(0x73686f70).IntN(2) == 0 // "shop"
		for k := 2 + r.IntN(3); k > 0; k-- {
			i := g.add(g.newPerson(), &hardInfo{kind: casePlaceholder, placeholder: mask, company: -1, storeValue: store})
			if i > first {
				g.queue(i, false, -1)
			}
		}
	case caseChinese:
		p := g.newPerson()
		h := &hardInfo{kind: caseChinese, company: -1}
		h.han[0] = int8(r.IntN(len(g.t.hanSurnames)))
		h.han[1] = int8(r.IntN(len(g.t.hanGiven)))
		h.han[2] = -1
		if r.Float64() < 0.8 {
			h.han[2] = int8(r.IntN(len(g.t.hanGiven)))
		}
		if r.IntN(2) == 0 {
			h.qq = 10000000 + r.Uint32N(990000000)
		}
		i := g.add(p, h)
		g.queue(i, true, g.otherFile(0))
		if h.han[2] >= 0 && r.Float64() < 0.3 {
			// Zhang Jia-Ran and Zhang Jia-Guo: another customer, one
			// character apart, elsewhere.
			o := &hardInfo{kind: caseChinese, company: -1, han: h.han}
			o.han[2] = int8((int(h.han[2]) + 1 + r.IntN(len(g.t.hanGiven)-1)) % len(g.t.hanGiven))
			g.queue(g.add(g.newPerson(), o), false, -1)
		}
		return i, false, 0
	case caseCompany:
		office := g.newPerson()
		office.mobile = 0
		ci := g.newCompany(office.culture, -1)
		grp := "K-" + g.companies[ci].slug // every company of one name
		home := r.IntN(g.cfg.Files)
		i := g.add(office, &hardInfo{kind: caseCompany, group: grp, home: home, company: ci, isCompany: true})
		g.queue(i, true, g.otherFile(home))
		if r.Float64() < 0.35 { // a namesake: same name, another legal form and city
			other := g.newPerson()
			other.mobile = 0
			g.setCulture(&other, office.culture)
			g.relocate(&other, office.country, int(office.city))
			g.queue(g.add(other, &hardInfo{kind: caseCompany, group: grp, company: g.newCompany(office.culture, ci), isCompany: true}), false, -1)
		}
		return i, false, home
	}
	return first, false, -1
}

// newCompany creates a company of the name culture; a namesake (of >= 0)
// gets the same name with another legal form.
func (g *generator) newCompany(culture uint8, of int32) int32 {
	r := g.r
	var c company
	if of >= 0 {
		c = g.companies[of]
		c.form = uint8((int(c.form) + 1 + r.IntN(len(g.t.legalForms[culture])-1)) % len(g.t.legalForms[culture]))
	} else {
		c.culture = culture
		w := g.t.companyWords[culture]
		if r.IntN(4) != 0 {
			c.base = g.t.surname[culture][g.t.surSkew[culture].pick(r)]
		} else {
			c.base = w[0][r.IntN(len(w[0]))]
		}
		if r.Float64() < 0.7 { // Müller Bau GmbH; otherwise Müller GmbH
			c.base += " " + w[1][r.IntN(len(w[1]))]
		}
		c.form = uint8(r.IntN(len(g.t.legalForms[culture])))
		c.slug = foldASCII(c.base)
	}
	// Every company has a domain of its own; a second one of the same name
	// gets another.
	n := g.domainUses[c.slug]
	g.domainUses[c.slug]++
	suffix := ""
	if n > 0 {
		suffix = [...]string{"-group", "-online", "24", "-service", "-team"}[(n-1)%5]
		if n > 5 {
			suffix += strconv.Itoa(n)
		}
	}
	tld := ".com"
	if c.culture == german {
		tld = ".de"
	}
	c.domain = c.slug + suffix + tld
	g.companies = append(g.companies, c)
	return int32(len(g.companies) - 1)
}

// companyName renders the name of company ci with one of the spellings of
// its legal form, sometimes transliterated or in capitals.
func (g *generator) companyName(ci int32) string {
	r := g.r
	c := &g.companies[ci]
	lf := g.t.legalForms[c.culture][c.form]
	form := lf[0]
	switch r.IntN(5) {
	case 2:
		form = lf[1]
	case 3:
		form = lf[2]
	}
	s := c.base + " " + form
	if r.Float64() < 0.25 {
		s = translit(s)
	}
	if r.Float64() < 0.1 {
		s = strings.ToUpper(s)
	}
	return s
}

// relocate gives p a new address and landline in country, in another city
// than notCity when the country has more than one.
func (g *generator) relocate(p *person, country uint8, notCity int) {
	r, t := g.r, g.t
	p.country = country
	c := t.citySkew[country].pick(r)
	if n := len(t.cities[country]); n > 1 && c == notCity {
		c = (c + 1 + r.IntN(n-1)) % n
	}
	p.city = uint16(c)
	sc := streetCulture(country)
	p.street = uint16(t.streetSkew[sc].pick(r))
	p.streetSuf = uint8(r.IntN(len(t.streetSuf[sc])))
	p.house = uint16(1 + r.IntN(120))
	p.houseLetter = 0
	p.postSeed = r.Uint32()
	p.phone = r.Uint32()
}

// setCulture gives p name culture c, with a given name, family name and
// e-mail provider of it.
func (g *generator) setCulture(p *person, c uint8) {
	r, t := g.r, g.t
	p.culture = c
	p.given = int32(t.givenSkew[c][p.gender].pick(r))
	p.family, p.family2 = int32(t.surSkew[c].pick(r)), -1
	p.provider = uint8(t.provSkew[c].pick(r))
}

// shareHome gives p the address and landline of q.
func shareHome(p, q *person) {
	p.country = q.country
	p.city, p.street, p.streetSuf = q.city, q.street, q.streetSuf
	p.house, p.houseLetter, p.postSeed = q.house, q.houseLetter, q.postSeed
	p.phone = q.phone
}

// setDobYear moves p's birth date to year y (1935..2005), keeping the day
// valid.
func setDobYear(p *person, y uint16) {
	p.dobY = min(max(y, 1935), 2005)
	p.dobD = min(p.dobD, uint8(daysIn(int(p.dobY), int(p.dobM))))
}

// pickGivenUnlike draws a given name for p's culture and gender that none of
// the others has.
func (g *generator) pickGivenUnlike(p *person, others []*person) {
	t := g.t
	for try := 0; try < 20; try++ {
		p.given = int32(t.givenSkew[p.culture][p.gender].pick(g.r))
		name := t.given[p.culture][p.gender][p.given]
		clash := false
		for _, o := range others {
			if t.given[o.culture][o.gender][o.given] == name {
				clash = true
				break
			}
		}
		if !clash {
			return
		}
	}
}

// renderAlt says whether a record of a mover or a Chinese customer written
// into export file shows the other address or script: in another export than
// the first record's, or (one export only) in duplicates.
func (g *generator) renderAlt(h *hardInfo, file int, dup bool) bool {
	if g.cfg.Files < 2 {
		return dup
	}
	return file != h.home
}

// renderHard applies the hard case to the rendered fields of person i.
func (g *generator) renderHard(p *person, h *hardInfo, f *fields, file int, dup bool) {
	r := g.r
	switch h.kind {
	case caseHousehold:
		if h.familyMail && f.email != "" {
			f.email = g.homeEmail(&g.people[h.household-1])
		}
	case caseJuniorSenior:
		if f.family != "" && r.IntN(2) == 0 {
			sfx := [...]string{" Sr.", " Jr."}
			if p.culture == german {
				sfx = [...]string{" sen.", " jun."}
			}
			f.family += sfx[h.suffix-1]
		}
	case casePlaceholder:
		if h.placeholder&phEmail != 0 {
			f.email = "test@test.com"
			if h.storeValue {
				f.email = storeEmail
			}
		}
		if h.placeholder&phPhone != 0 {
			f.phone = phone{raw: "000-000-0000"}
			if h.storeValue {
				f.phone = phone{raw: storePhone}
			}
			f.mobile = f.phone
		}
		if h.placeholder&phStreet != 0 {
			f.street, f.house = "N/A", ""
		}
		if h.placeholder&phDob != 0 {
			f.dobY, f.dobM, f.dobD = 1900, 1, 1
		}
	case caseChinese:
		fam := g.t.hanSurnames[h.han[0]]
		g1 := g.t.hanGiven[h.han[1]]
		g2 := [2]string{}
		if h.han[2] >= 0 {
			g2 = g.t.hanGiven[h.han[2]]
		}
		if f.email != "" {
			f.email = g.email(p, g1[1]+g2[1], fam[1])
		}
		if !g.renderAlt(h, file, dup) {
			f.family, f.given = fam[0], g1[0]+g2[0]
			if h.qq != 0 && f.email != "" {
				f.email = strconv.FormatUint(uint64(h.qq), 10) + "@qq.com"
			}
			return
		}
		f.given, f.family = romanisedChinese(r, fam, g1, g2)
	case caseColleagues, caseCompany:
		if h.isCompany {
			name := g.companyName(h.company)
			f.given, f.family, f.company = "", name, name
			f.salutation = ""
			if p.country <= cCH && r.IntN(2) == 0 {
				f.salutation = "Firma"
			}
			f.dobY, f.dobM, f.dobD = 0, 0, 0
			if f.email != "" {
				f.email = [...]string{"info@", "kontakt@", "office@"}[r.IntN(3)] + g.companies[h.company].domain
			}
			return
		}
		f.company = g.companyName(h.company)
		if f.email != "" {
			t := g.t
			f.email = foldASCII(t.given[p.culture][p.gender][p.given]) + "." + foldASCII(t.surname[p.culture][p.family]) + "@" + g.companies[h.company].domain
		}
	}
}

// homeEmail is the e-mail address person p's own records give (see
// render), for a household member who gives it as theirs.
func (g *generator) homeEmail(p *person) string {
	given, family := g.names(p)
	return g.email(p, given, family)
}

// title capitalises an ASCII word.
func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// caseOf returns the case kind, case group and household of person i.
func (g *generator) caseOf(i int) (kind, group, household string) {
	h := g.hard[i]
	if h == nil {
		return "none", "", "H" + strconv.Itoa(i+1)
	}
	hh := i + 1
	if h.household > 0 {
		hh = int(h.household)
	}
	return caseName(int(h.kind)), h.group, "H" + strconv.Itoa(hh)
}

// companyHeader is the company column's name per schema (hard mode only).
func companyHeader(schema string) string {
	switch schema {
	case "billing":
		return "Firma"
	case "support":
		return "organisation"
	case "webshop":
		return "company_name"
	}
	return "Company"
}
