package rules

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/doppel-dev/doppel"
)

// Mapping says which column index feeds which canonical field for one
// source. A Mapping is a plain value; it is safe for concurrent reads.
//
// A field may be composite: built from several columns (a birth date split
// over year, month and day columns; a name in two components). Then
// Parts[f] lists its columns and Columns[f] is the first of them, so that
// code asking only whether a field is mapped keeps working; the values of a
// row are read with Values, which joins the parts. Parts[f] is nil for a
// field fed by one column (or none).
type Mapping struct {
	Columns  [doppel.NumFields]int // column index per field, -1 = unmapped
	ID       int                   // record-id column, -1 = none (then the 1-based data row number is the id)
	Unmapped []int                 // columns that feed no field and are not the id (kept for reference), ascending
	// Parts lists the columns of a composite field, nil for a single-column
	// field. A date field (birth_date) has exactly three entries, year,
	// month and day, each -1 when that part has no column (the year always
	// has one, and the day only with the month); other fields list their
	// components in join order, at least two, all >= 0. See Values for how
	// parts are joined. A rules file writes the parts as
	// "column.by = birth_date.year" and "column.fname_c1 = given_name.1".
	Parts [doppel.NumFields][]int
}

// emptyMapping returns a Mapping with every field and the id unmapped.
func emptyMapping() Mapping {
	var m Mapping
	for i := range m.Columns {
		m.Columns[i] = -1
	}
	m.ID = -1
	return m
}

// Pseudo fields returned by the synonym table next to the real ones.
const (
	pseudoID   = doppel.NumFields     // the record-id column
	pseudoNone = doppel.NumFields + 1 // a known column that must map to nothing (fax, birth place)
)

// Match tiers: a lower tier wins when several columns match one field.
const (
	tierExact   = 0 // exact synonym ("surname", "e-mail")
	tierLoose   = 1 // exact but ambiguous synonym (a lone "name" is a full name)
	tierWeak    = 2 // only if nothing better exists ("first_and_surname")
	tierDerived = 2 // each affix stripped ("customer_email", "phone2", "postcode_fake") adds this
)

// AutoMap maps a header row to canonical fields by header name, with no
// configuration.
//
// Header names are compared after folding case and accents and dropping every
// character that is not a letter or digit (so "E-Mail", "e_mail" and "EMAIL"
// are the same, and "Straße" is "strasse"). Common English, German, French,
// Spanish and Dutch spellings are recognised; headers with a _fake or
// _synthetic suffix, a trailing number ("phone2"), a qualifier
// ("Telefon privat", "Mobile Phone Number") or a qualifying prefix
// ("customer_email", "home_phone", "billing_city") map to the base field, but
// an exact spelling always wins over such a derived one. Each field takes the
// first best-matching column; other columns that match the same field go to
// Unmapped.
//
// The record-id column is one of the usual id spellings (id, customer_id,
// custno, kundennr, ...) or, for the first column only, any "<something>_id";
// it is never mapped to a field. A lone "Name" column is a full name, except
// when the header also has a given-name column but no family-name and no
// other full-name column ("Vorname;Name"): then it is the family name.
// A bare "No" or "Nr" is a house number only next to the street or address
// column; as the first column it is otherwise the record id. Columns such as
// fax or occupation map to nothing; a birth place is its own field, never
// the address's city.
//
// AutoMap is safe for concurrent use.
func AutoMap(header []string) Mapping {
	return autoMap(header, nil, true, emptyMapping())
}

// autoMap fills the unset fields of m (and its id, when findID is set) from
// the header columns that are not reserved, then recomputes m.Unmapped.
func autoMap(header []string, reserved []bool, findID bool, m Mapping) Mapping {
	var (
		bestTier [doppel.NumFields]int
		fixed    [doppel.NumFields]bool
		fields   = make([]doppel.Field, len(header))
		nameCol  = -1 // first column whose key is exactly "name", "naam" or "名字"
		snameCol = -1 // first column whose key is "sname" (surname, or a second given name)
		// split birth date: first column per part, and whether any part
		// is spelled out ("dob_year") rather than bare ("by")
		dateCols  = [numDateParts]int{-1, -1, -1}
		dateLong  bool
		nameParts [doppel.NumFields][]namePartCol
	)
	for f := range m.Columns {
		fixed[f] = m.Columns[f] >= 0
	}
	for i, h := range header {
		fields[i] = pseudoNone
		if i < len(reserved) && reserved[i] {
			continue
		}
		key := headerKey(h)
		if role, short, ok := datePart(key); ok {
			if dateCols[role] < 0 {
				dateCols[role] = i
				dateLong = dateLong || !short
			}
			continue
		}
		if f, n, ok := namePart(key); ok {
			nameParts[f] = append(nameParts[f], namePartCol{col: i, n: n})
			continue
		}
		f, tier, ok := classifyHeader(h, key)
		if !ok && i == 0 && looksLikeID(h) {
			f, tier, ok = pseudoID, tierExact, true
		}
		if !ok {
			continue
		}
		fields[i] = f
		if f == pseudoID {
			if findID && m.ID < 0 {
				m.ID = i
			}
			continue
		}
		if f >= doppel.NumFields || fixed[f] {
			continue
		}
		switch key {
		case "name", "naam", "名字":
			if nameCol < 0 {
				nameCol = i
			}
		case "sname":
			if snameCol < 0 {
				snameCol = i
			}
			tier = tierLoose // an exact "surname" elsewhere is the family name
		}
		if m.Columns[f] < 0 || tier < bestTier[f] {
			m.Columns[f], bestTier[f] = i, tier
		}
	}

	// A birth date split over columns: needs the year, and a bare "by",
	// "bm" or "bd" counts only next to another part.
	if f := doppel.BirthDate; !fixed[f] && m.Columns[f] < 0 && dateCols[dateYear] >= 0 {
		n := 0
		for _, c := range dateCols {
			if c >= 0 {
				n++
			}
		}
		if dateLong || n >= 2 {
			if dateCols[dateMonth] < 0 {
				// A day without its month is never read (see Values):
				// it stays unmapped rather than seem to feed the date.
				dateCols[dateDay] = -1
			}
			m.Columns[f] = dateCols[dateYear]
			m.Parts[f] = slices.Clone(dateCols[:])
			fields[dateCols[dateYear]] = f
		}
	}
	// A name in components ("fname_c1", "fname_c2"): only when no single
	// column feeds the field; one component alone is the field's column.
	for f, ps := range nameParts {
		if len(ps) == 0 || fixed[f] || m.Columns[f] >= 0 {
			continue
		}
		slices.SortStableFunc(ps, func(a, b namePartCol) int { return cmp.Compare(a.n, b.n) })
		m.Columns[f] = ps[0].col
		fields[ps[0].col] = doppel.Field(f)
		if len(ps) > 1 {
			cols := make([]int, len(ps))
			for k, p := range ps {
				cols[k] = p.col
			}
			m.Parts[f] = cols
		}
	}

	// "Vorname;Name": with a given name and no family name, the lone name is
	// the family name, unless another column is a full name as well.
	if nameCol >= 0 && m.Columns[doppel.FullName] == nameCol && !fixed[doppel.FullName] &&
		m.Columns[doppel.GivenName] >= 0 && m.Columns[doppel.FamilyName] < 0 {
		other := false
		for i, f := range fields {
			other = other || (i != nameCol && f == doppel.FullName)
		}
		if !other {
			m.Columns[doppel.FamilyName] = nameCol
			m.Columns[doppel.FullName] = -1
		}
	}
	// "fname;sname;surname": an "sname" that lost the family name to a
	// surname column, next to a given name, is a second given name.
	if snameCol >= 0 && m.Columns[doppel.FamilyName] >= 0 && m.Columns[doppel.FamilyName] != snameCol &&
		m.Columns[doppel.GivenName] >= 0 && m.Columns[doppel.MiddleName] < 0 && !fixed[doppel.MiddleName] {
		m.Columns[doppel.MiddleName] = snameCol
	}
	// A bare "No"/"Nr" is a house number only next to the street or address
	// column; as the first column it is rather a record number.
	if c := m.Columns[doppel.StreetNumber]; c >= 0 && !fixed[doppel.StreetNumber] {
		if k := headerKey(header[c]); k == "no" || k == "nr" {
			adjacent := false
			for _, f := range []doppel.Field{doppel.Address, doppel.Street} {
				a := m.Columns[f]
				adjacent = adjacent || (a >= 0 && (a == c-1 || a == c+1))
			}
			if !adjacent {
				m.Columns[doppel.StreetNumber] = -1
				if c == 0 && findID && m.ID < 0 {
					m.ID = 0
				}
			}
		}
	}
	m.Unmapped = unmappedColumns(len(header), m)
	return m
}

// classifyHeader classifies a header by its folded key; a header with a
// number sign ("Account #", "Cust #") is first looked up as the exact
// synonym "<key>no" ("accountno": the record id), since folding drops the
// sign.
func classifyHeader(h, key string) (doppel.Field, int, bool) {
	if key != "" && strings.ContainsAny(h, "#№") {
		if f, tier, ok := synonym(key + "no"); ok {
			return f, tier, true
		}
	}
	return classify(key)
}

// Roles of the parts of a split date, the order of Mapping.Parts for a
// date field.
const (
	dateYear = iota
	dateMonth
	dateDay
	numDateParts
)

// datePart reports whether a folded header key names one part of a birth
// date split over columns ("dob_year", "birth_month", "Geburtsjahr"). short
// is set for the bare spellings "by", "bm" and "bd", which count only next
// to another part. A key that is a whole-date synonym ("birthday") is not a
// part.
func datePart(key string) (role int, short, ok bool) {
	switch key {
	case "by":
		return dateYear, true, true
	case "bm":
		return dateMonth, true, true
	case "bd":
		return dateDay, true, true
	case "yob", "birthyear", "yearofbirth", "byear", "geburtsjahr", "anneedenaissance", "anodenacimiento",
		"geboortejaar", "出生年", "出生年份", "生年", "출생년도", "출생연도":
		return dateYear, false, true
	case "birthmonth", "monthofbirth", "bmonth", "geburtsmonat", "moisdenaissance", "mesdenacimiento",
		"geboortemaand", "出生月", "出生月份", "출생월":
		return dateMonth, false, true
	case "dayofbirth", "birthdayofmonth", "geburtstagimmonat", "jourdenaissance", "diadenacimiento",
		"geboortedag":
		return dateDay, false, true
	}
	if _, _, ok := synonym(key); ok {
		return 0, false, false
	}
	for _, pre := range [...]string{"dateofbirth", "birthdate", "birth", "dob", "bdate"} {
		rest, found := strings.CutPrefix(key, pre)
		if !found {
			continue
		}
		switch rest {
		case "year", "yr", "yyyy", "yy", "y", "jahr":
			return dateYear, false, true
		case "month", "mon", "mth", "mm", "m", "monat":
			return dateMonth, false, true
		case "day", "dd", "d", "tag":
			return dateDay, false, true
		}
	}
	return 0, false, false
}

// namePartCol is a column holding component n of a name field.
type namePartCol struct{ col, n int }

// namePart reports whether a folded header key names a numbered component
// of a name field: a name synonym with a component marker and a digit
// ("fname_c1", "lname_c2", "surname_part_2"), or the Spanish first and
// second family names ("apellido1", "primer apellido"). A bare trailing
// number ("name2") is not a component: it is as often a second person.
func namePart(key string) (doppel.Field, int, bool) {
	switch key {
	case "primerapellido", "apellidopaterno", "apellido1":
		return doppel.FamilyName, 1, true
	case "segundoapellido", "apellidomaterno", "apellido2":
		return doppel.FamilyName, 2, true
	}
	rest := strings.TrimRightFunc(key, func(r rune) bool { return r >= '0' && r <= '9' })
	if rest == key || len(key)-len(rest) > 1 {
		return 0, 0, false
	}
	n := int(key[len(key)-1] - '0')
	for _, marker := range [...]string{"component", "comp", "part", "c"} {
		base, found := strings.CutSuffix(rest, marker)
		if !found || base == "" {
			continue
		}
		f, _, ok := synonym(base)
		switch {
		case !ok:
		case f == doppel.GivenName, f == doppel.FamilyName, f == doppel.MiddleName, f == doppel.FullName:
			return f, n, true
		}
	}
	return 0, 0, false
}

// unmappedColumns lists the columns of an n-column header that feed no field
// and are not the id column.
func unmappedColumns(n int, m Mapping) []int {
	used := make([]bool, n)
	for _, c := range m.Columns {
		if c >= 0 && c < n {
			used[c] = true
		}
	}
	for _, ps := range m.Parts {
		for _, c := range ps {
			if c >= 0 && c < n {
				used[c] = true
			}
		}
	}
	if m.ID >= 0 && m.ID < n {
		used[m.ID] = true
	}
	var out []int
	for i, u := range used {
		if !u {
			out = append(out, i)
		}
	}
	return out
}

// Describe returns one human-readable "column -> field" line per header
// column, in column order, for --verbose output and run summaries. Each
// column of a composite field shows the field and all its parts
// ("birth_date (by + bm + bd)"). Columns that feed nothing are shown as
// "(unmapped)"; when there is no id column a
// last line says that the data row number is the record id. Describe is
// safe for concurrent use.
func (m Mapping) Describe(header []string) string {
	n := len(header)
	for _, c := range m.Columns {
		n = max(n, c+1)
	}
	n = max(n, m.ID+1)
	for _, c := range m.Unmapped {
		n = max(n, c+1)
	}
	for _, ps := range m.Parts {
		for _, c := range ps {
			n = max(n, c+1)
		}
	}
	targets := make([][]string, n)
	for f, c := range m.Columns {
		if len(m.Parts[f]) > 0 {
			// "by + bm + bd -> birth_date" on each part's line
			t := doppel.Field(f).String() + " (" + m.ColumnName(doppel.Field(f), header) + ")"
			for _, p := range m.Parts[f] {
				if p >= 0 {
					targets[p] = append(targets[p], t)
				}
			}
			continue
		}
		if c >= 0 {
			targets[c] = append(targets[c], doppel.Field(f).String())
		}
	}
	if m.ID >= 0 {
		targets[m.ID] = append([]string{"record id"}, targets[m.ID]...)
	}
	labels := make([]string, n)
	width := 0
	for i := range labels {
		name := ""
		if i < len(header) {
			name = header[i]
		}
		labels[i] = fmt.Sprintf("column %d %s", i+1, strconv.Quote(name))
		width = max(width, utf8.RuneCountInString(labels[i]))
	}
	var b strings.Builder
	for i, l := range labels {
		b.WriteString(l)
		b.WriteString(strings.Repeat(" ", width-utf8.RuneCountInString(l)))
		b.WriteString(" -> ")
		if len(targets[i]) == 0 {
			b.WriteString("(unmapped)")
		} else {
			b.WriteString(strings.Join(targets[i], ", "))
		}
		b.WriteByte('\n')
	}
	if m.ID < 0 {
		b.WriteString("(no id column: the 1-based data row number is the record id)\n")
	}
	return b.String()
}

// headerKey folds a header name for comparison: accents and case are folded
// (ß -> ss), compatibility forms are unified (full-width and half-width
// letters, "ｶﾅ" = "カナ"), and everything that is not a letter or digit is
// dropped. Chinese, Japanese and Korean letters are kept whole (Hangul
// syllables and voiced kana are recomposed after the folding).
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(h) {
		switch {
		case r == 0x3099 || r == 0x309A:
			// kana voicing marks (ガ, パ): part of the letter, recomposed below
			b.WriteRune(r)
		case r >= 0x0300 && r <= 0x036F, r >= 0x1AB0 && r <= 0x1AFF, r >= 0x1DC0 && r <= 0x1DFF,
			r >= 0x20D0 && r <= 0x20FF, r >= 0xFE20 && r <= 0xFE2F:
			// combining accent
		case r == 'ß' || r == 'ẞ':
			b.WriteString("ss")
		case r == 'ø' || r == 'Ø':
			b.WriteByte('o')
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'ł' || r == 'Ł':
			b.WriteByte('l')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	// Recompose Hangul syllables and voiced kana that NFKD split; Latin
	// letters have lost their accents already, so this changes no ASCII.
	return norm.NFC.String(b.String())
}

// looksLikeID reports whether a raw header reads "<something>_id" (also
// "<something> id", "<something>-id", "<something>.id" or camel-case
// "<something>ID").
func looksLikeID(h string) bool {
	h = strings.TrimSpace(h)
	if len(h) < 3 {
		return false
	}
	low := strings.ToLower(h)
	for _, sep := range []string{"_id", " id", "-id", ".id"} {
		if strings.HasSuffix(low, sep) {
			return true
		}
	}
	tail := h[len(h)-2:]
	prev, _ := utf8.DecodeLastRuneInString(h[:len(h)-2])
	return (tail == "ID" || tail == "Id") && unicode.IsLower(prev)
}

// classify finds the field of a folded header key: first as an exact
// synonym, else after stripping up to three affixes: a tag suffix
// ("_fake", "_synthetic"), a format hint ("_ddmmyyyy"), a qualifier suffix
// ("_privat", "_home"), a number word ("_number", "_nr"), a trailing number
// ("phone2") or a qualifying prefix ("customer_", "billing_"). Each strip
// makes the match weaker; the match with the fewest strips wins.
func classify(key string) (doppel.Field, int, bool) {
	if key == "" {
		return 0, 0, false
	}
	if f, tier, ok := synonym(key); ok {
		return f, tier, true
	}
	const maxStrips = 3
	level := []string{key}
	for depth := 1; depth <= maxStrips && len(level) > 0; depth++ {
		var next []string
		for _, k := range level {
			for _, v := range stripAffixes(k) {
				if f, tier, ok := synonym(v); ok {
					return f, tier + depth*tierDerived, true
				}
				next = append(next, v)
			}
		}
		level = next
	}
	return 0, 0, false
}

// stripAffixes returns the non-empty keys left after removing one known
// affix from key, in a fixed order.
func stripAffixes(key string) []string {
	var out []string
	for _, suf := range [...]string{
		"fake", "synthetic", "synth", "anonymised", "anonymized", "anon", "masked", "dummy", "test",
		"ddmmyyyy", "mmddyyyy", "yyyymmdd", "ddmmyy", "mmddyy", "iso",
		"privat", "private", "home", "work", "business", "geschaftlich", "dienstlich", "primary", "main",
		"personal", "number", "nummer", "no", "nr",
	} {
		if rest, ok := strings.CutSuffix(key, suf); ok && rest != "" {
			out = append(out, rest)
		}
	}
	if rest := strings.TrimRightFunc(key, unicode.IsDigit); rest != key && rest != "" {
		out = append(out, rest)
	}
	for _, pre := range [...]string{
		"customers", "customer", "cust", "clients", "client", "contact", "kunden", "kunde",
		"primary", "main", "home", "work", "private", "privat", "personal", "billing", "mailing", "postal",
		"shipping", "delivery", "business", "company", "buyer", "person", "member", "account", "default",
	} {
		if rest, ok := strings.CutPrefix(key, pre); ok && rest != "" {
			out = append(out, rest)
		}
	}
	return out
}

// synonym is the table of header spellings, keyed by folded header name
// (see headerKey). It returns pseudoID for record-id columns and pseudoNone
// for known columns that must not feed any field.
func synonym(key string) (doppel.Field, int, bool) {
	switch key {
	// record id
	case "id", "recordid", "recid", "rowid", "customerid", "custid", "custno", "custnr", "customerno",
		"customernr", "customernumber", "customernum", "acctno", "acctnr", "accountno", "accountnumber",
		"accountnr", "kundennr", "kundennummer", "kundenid", "clientid", "clientno", "clientnumber",
		"contactid", "uid", "uuid", "guid", "uniqueid", "personid", "partyid", "numeroclient",
		"idclient", "klantnummer", "klantnr", "klantid", "idcliente", "numerocliente",
		"acct", "acctid", "acctnum", "accountid", "nocliente", "nodecliente", "ncliente", "numcliente",
		"noclient", "nodeclient", "numclient",
		// Chinese (simplified, traditional), Japanese, Korean
		"客户编号", "客户号", "客户代码", "客户id", "顾客编号", "客戶編號", "客戶號碼", "客戶代碼", "客戶id", "编号", "編號",
		"序号", "序號", "顧客番号", "顧客id", "顧客コード", "お客様番号", "顧客no", "고객번호", "고객id", "고객코드":
		return pseudoID, tierExact, true

	// never a field
	case "fax", "faxnumber", "faxno", "telefax", "occupation", "job", "jobtitle",
		"beruf", "profession", "notes", "note", "comment", "comments", "bemerkung", "remarks",
		// the two halves of a name's kana reading (a reading in one
		// column is name_reading)
		"セイ", "メイ", "备注", "備註", "備考", "비고":
		return pseudoNone, tierExact, true

	case "namereading", "furigana", "namekana", "kananame", "phoneticname", "namephonetic", "yomi",
		"フリガナ", "ふりがな", "カナ", "かな", "氏名カナ", "氏名フリガナ", "氏名かな", "セイメイ", "お名前カナ", "お名前フリガナ",
		"拼音", "姓名拼音", "拼音姓名", "拼音名", "영문이름", "영문성명", "영문명", "영문성함":
		return doppel.NameReading, tierExact, true

	case "fullname", "customername", "contactname", "clientname", "kundenname", "nomcomplet",
		"nombrecompleto", "volledigenaam", "vollstandigername", "personname", "displayname",
		"custnm", "custname", "customernm", "clientnm", "pername",
		"姓名", "全名", "客户名称", "客户姓名", "联系人", "顾客姓名", "客戶名稱", "客戶姓名", "聯絡人", "聯繫人",
		"氏名", "お名前", "顧客名", "이름", "성명", "고객명", "고객이름":
		return doppel.FullName, tierExact, true
	case "name", "naam", "名字", "名前":
		return doppel.FullName, tierLoose, true
	case "firstandsurname", "firstandlastname", "firstlastname", "nameandsurname", "firstnamelastname",
		"givenandfamilyname", "forenameandsurname":
		return doppel.FullName, tierWeak, true

	case "title", "salutation", "anrede", "honorific", "nametitle", "civilite", "tratamiento",
		"aanhef", "titel", "titre", "titulo", "anredetitel":
		return doppel.Title, tierExact, true

	case "first", "firstname", "fname", "given", "givenname", "givennames", "forename", "forenames",
		"vorname", "vornamen", "prenom", "prenoms", "nombre", "nombres", "voornaam", "voornamen",
		"christianname", "firstnm", "pername1", "名":
		return doppel.GivenName, tierExact, true

	case "middle", "middlename", "middlenames", "middleinitial", "middleinitials", "mi", "mname",
		"zweitname", "deuxiemeprenom", "segundonombre":
		return doppel.MiddleName, tierExact, true

	case "last", "lastname", "lname", "surname", "surnames", "sname", "family", "familyname",
		"nachname", "familienname", "zuname", "nom", "nomdefamille", "apellido", "apellidos",
		"achternaam", "lastnm", "pername2", "姓", "姓氏", "苗字", "성", "성씨":
		return doppel.FamilyName, tierExact, true

	case "gender", "sex", "geschlecht", "sexe", "sexo", "genero", "geslacht", "genre", "性别", "性別", "성별":
		return doppel.Gender, tierExact, true

	case "dob", "dateofbirth", "birthdate", "birthday", "bday", "born", "geburtsdatum",
		"geburtstag", "gebdatum", "gebdat", "naissance", "datedenaissance", "datenaissance",
		"fechadenacimiento", "fechanacimiento", "nacimiento", "geboortedatum", "dtnaissance",
		"出生日期", "生日", "出生年月日", "生年月日", "誕生日", "생년월일", "생일", "출생일":
		return doppel.BirthDate, tierExact, true

	case "email", "mail", "emailaddress", "mailaddress", "emailadresse", "emailadres", "emailaddr",
		"courriel", "adresseemail", "adressemail", "adressecourriel", "correo", "correoelectronico",
		"eml", "邮箱", "电子邮件", "电子邮箱", "邮件", "郵箱", "電子郵件", "電子郵箱", "メール", "メールアドレス",
		"eメール", "電子メール", "이메일", "전자우편", "메일":
		return doppel.Email, tierExact, true

	case "phone", "tel", "telephone", "telefon", "telefono", "telefoon", "phonenumber", "phoneno",
		"phonenum", "telephonenumber", "telno", "telnr", "telefonnummer", "telefoonnummer",
		"numerodetelephone", "landline", "homephone", "workphone", "festnetz", "telephonefixe",
		"fixe", "telefonofijo", "电话", "电话号码", "联系电话", "固定电话", "座机", "電話", "電話號碼", "聯絡電話",
		"電話番号", "固定電話", "전화", "전화번호", "연락처":
		return doppel.Phone, tierExact, true

	case "mobile", "mobilephone", "mobilenumber", "mobileno", "mobilenum", "cell", "cellphone",
		"cellular", "cellnumber", "cellno", "handy", "handynummer", "mobil", "mobilnummer",
		"mobiltelefon", "mobilfunk", "mobiel", "mobielnummer", "movil", "celular", "portable",
		"telephoneportable", "gsm", "mob", "手机", "手机号", "手机号码", "移动电话", "手機", "手機號碼",
		"行動電話", "携帯", "携帯電話", "携帯番号", "携帯電話番号", "휴대폰", "휴대전화", "핸드폰", "휴대폰번호":
		return doppel.Mobile, tierExact, true

	case "phone2", "secondphone", "otherphone", "alternatephone", "altphone", "alternativephone",
		"additionalphone", "telephone2", "tel2", "telefon2", "phonenumber2", "zweitetelefonnummer":
		return doppel.Phone2, tierExact, true

	case "company", "companyname", "organisation", "organization", "organisationname",
		"organizationname", "org", "firma", "firmenname", "employer", "business", "businessname",
		"accountname", "unternehmen", "societe", "entreprise", "raisonsociale", "empresa",
		"bedrijf", "bedrijfsnaam", "公司", "公司名称", "单位", "工作单位", "公司名稱", "會社", "会社",
		"会社名", "勤務先", "회사", "회사명", "직장":
		return doppel.Company, tierExact, true

	case "address", "address1", "addressline1", "addressline", "streetaddress", "streetaddress1",
		"addr", "addr1", "strasse", "strasseundhausnummer", "strassehausnummer", "strassenr",
		"adresse", "adresse1", "anschrift", "direccion", "direccion1", "adres", "straat", "rue",
		"calle", "streetline1", "enumcap", "地址", "住址", "联系地址", "詳細地址", "聯絡地址", "住所",
		"주소":
		return doppel.Address, tierExact, true

	case "streetnumber", "streetno", "streetnum", "streetnr", "housenumber", "houseno", "housenum",
		"housenr", "hausnummer", "hausnr", "hnr", "hsnr", "no", "nr", "huisnummer", "huisnr",
		"buildingnumber", "numerorue", "numerodevoie", "hsenum", "hseno", "番地", "门牌号":
		return doppel.StreetNumber, tierExact, true

	case "street", "streetname", "strassenname", "straatnaam", "nomderue", "nomdelarue",
		"nombredelacalle", "strnam", "街道", "도로명":
		return doppel.Street, tierExact, true

	case "address2", "addressline2", "addr2", "streetaddress2", "streetline2", "unit", "apt",
		"apartment", "suite", "locality", "adresszusatz", "zusatz", "adresse2", "complement",
		"complementadresse", "complementdadresse", "direccion2":
		return doppel.Address2, tierExact, true

	case "birthplace", "placeofbirth", "cityofbirth", "townofbirth", "birthcity", "birthtown", "geburtsort",
		"lieudenaissance", "lugardenacimiento", "lugarnacimiento", "luogodinascita", "geboorteplaats",
		"miejsceurodzenia", "出生地", "出生地点", "출생지":
		return doppel.BirthPlace, tierExact, true

	case "city", "cityname", "town", "townname", "suburb", "ort", "ortsname", "stadt", "wohnort",
		"ville", "ciudad", "municipality", "plaats", "woonplaats", "localidad", "poblacion",
		"gemeente", "城市", "市区町村", "도시":
		return doppel.City, tierExact, true

	case "state", "stateprovince", "stateorprovince", "region", "province", "county", "bundesland",
		"provincia", "provincie", "departement", "comunidad", "territory", "省", "省份", "都道府県", "시도":
		return doppel.State, tierExact, true

	case "postcode", "postalcode", "zip", "zipcode", "zippostcode", "postcodezip", "zippostalcode",
		"postalcodezip", "postalzipcode", "plz",
		"postleitzahl", "codepostal", "cp", "codigopostal", "postnummer", "postnr", "postcodenl", "enumpc", "邮编",
		"邮政编码", "郵遞區號", "郵政編碼", "郵便番号", "우편번호":
		return doppel.Postcode, tierExact, true

	case "country", "countryname", "countrycode", "land", "landcode", "pays", "pais", "countryiso",
		"nation", "国家", "國家", "国", "국가":
		return doppel.Country, tierExact, true

	case "ssn", "socsecid", "socsecno", "socialsecurity", "socialsecuritynumber", "socialsecurityno",
		"nationalid", "nationalidnumber", "nationalidentifier", "nino", "ninumber",
		"nationalinsurance", "nationalinsurancenumber", "nationalinsuranceno", "taxid", "taxnumber",
		"taxno", "tin", "steuerid", "steueridentifikationsnummer", "steuernummer", "passport",
		"passportnumber", "passportno", "dni", "nif", "nie", "nir", "bsn", "sozialversicherungsnummer",
		"svnr", "svnummer", "personalausweisnummer", "ausweisnummer":
		return doppel.NationalID, tierExact, true

	case "loyalty", "loyaltyno", "loyaltynr", "loyaltynumber", "loyaltyid", "loyaltycard",
		"loyaltycardnumber", "memberno", "membernr", "membernumber", "memberid", "membershipno",
		"membershipnumber", "membershipid", "customerref", "customerreference", "custref",
		"clientref", "kundenkarte", "kundenkartennummer", "mitgliedsnummer", "会员编号", "會員編號",
		"会員番号", "회원번호":
		return doppel.CustomerRef, tierExact, true

	case "created", "createdat", "createdon", "createddate", "creationdate", "datecreated",
		"creation", "datecreation", "datedecreation", "erstellt", "erstelltam", "angelegt",
		"angelegtam", "erstelldatum", "anlagedatum", "since", "customersince", "membersince",
		"dateadded", "added", "addedon", "signup", "signupdate", "signedup", "signedupat",
		"registered", "registeredat", "registrationdate", "fechacreacion", "fechaalta", "aangemaakt",
		"aangemaaktop":
		return doppel.Created, tierExact, true

	case "updated", "updatedat", "updatedon", "modified", "modifiedat", "modifiedon", "lastmodified",
		"lastmodifiedat", "lastmodifiedon", "lastupdate", "lastupdated", "lastupdatedat",
		"lastchanged", "lastchange", "changed", "changedat", "datemodified", "dateupdated",
		"geandert", "geandertam", "anderungsdatum", "letzteanderung", "aktualisiert",
		"aktualisiertam", "datemodification", "modifie", "modifiele", "fechamodificacion",
		"gewijzigd", "gewijzigdop", "lastedited", "lastedit":
		return doppel.Updated, tierExact, true
	}
	return 0, 0, false
}
