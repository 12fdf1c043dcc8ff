package rules

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/doppel-dev/doppel"
)

// Mapping says which column index feeds which canonical field for one
// source. A Mapping is a plain value; it is safe for concurrent reads.
type Mapping struct {
	Columns  [doppel.NumFields]int // column index per field, -1 = unmapped
	ID       int                   // record-id column, -1 = none (then the 1-based data row number is the id)
	Unmapped []int                 // columns that feed no field and are not the id (kept for reference), ascending
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
// fax, birth place or occupation map to nothing.
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
		nameCol  = -1 // first column whose key is exactly "name" or "naam"
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
		f, tier, ok := classify(key)
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
		if key == "name" || key == "naam" {
			if nameCol < 0 {
				nameCol = i
			}
		}
		if m.Columns[f] < 0 || tier < bestTier[f] {
			m.Columns[f], bestTier[f] = i, tier
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

// unmappedColumns lists the columns of an n-column header that feed no field
// and are not the id column.
func unmappedColumns(n int, m Mapping) []int {
	used := make([]bool, n)
	for _, c := range m.Columns {
		if c >= 0 && c < n {
			used[c] = true
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
// column, in column order, for --verbose output and run summaries. Columns
// that feed nothing are shown as "(unmapped)"; when there is no id column a
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
	targets := make([][]string, n)
	for f, c := range m.Columns {
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
// (ß -> ss), and everything that is not a letter or digit is dropped.
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(h) {
		switch {
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
	return b.String()
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
		"idclient", "klantnummer", "klantnr", "klantid", "idcliente", "numerocliente":
		return pseudoID, tierExact, true

	// never a field
	case "fax", "faxnumber", "faxno", "telefax", "birthplace", "placeofbirth", "geburtsort",
		"lieudenaissance", "lugardenacimiento", "geboorteplaats", "occupation", "job", "jobtitle",
		"beruf", "profession", "notes", "note", "comment", "comments", "bemerkung", "remarks":
		return pseudoNone, tierExact, true

	case "fullname", "customername", "contactname", "clientname", "kundenname", "nomcomplet",
		"nombrecompleto", "volledigenaam", "vollstandigername", "personname", "displayname":
		return doppel.FullName, tierExact, true
	case "name", "naam":
		return doppel.FullName, tierLoose, true
	case "firstandsurname", "firstandlastname", "firstlastname", "nameandsurname", "firstnamelastname",
		"givenandfamilyname", "forenameandsurname":
		return doppel.FullName, tierWeak, true

	case "title", "salutation", "anrede", "honorific", "nametitle", "civilite", "tratamiento",
		"aanhef", "titel", "titre", "titulo", "anredetitel":
		return doppel.Title, tierExact, true

	case "first", "firstname", "fname", "given", "givenname", "givennames", "forename", "forenames",
		"vorname", "vornamen", "prenom", "prenoms", "nombre", "nombres", "voornaam", "voornamen",
		"christianname", "firstnm":
		return doppel.GivenName, tierExact, true

	case "middle", "middlename", "middlenames", "middleinitial", "middleinitials", "mi", "mname",
		"zweitname", "deuxiemeprenom", "segundonombre":
		return doppel.MiddleName, tierExact, true

	case "last", "lastname", "lname", "surname", "surnames", "sname", "family", "familyname",
		"nachname", "familienname", "zuname", "nom", "nomdefamille", "apellido", "apellidos",
		"achternaam", "lastnm":
		return doppel.FamilyName, tierExact, true

	case "gender", "sex", "geschlecht", "sexe", "sexo", "genero", "geslacht", "genre":
		return doppel.Gender, tierExact, true

	case "dob", "dateofbirth", "birthdate", "birthday", "bday", "born", "geburtsdatum",
		"geburtstag", "gebdatum", "gebdat", "naissance", "datedenaissance", "datenaissance",
		"fechadenacimiento", "fechanacimiento", "nacimiento", "geboortedatum", "dtnaissance":
		return doppel.BirthDate, tierExact, true

	case "email", "mail", "emailaddress", "mailaddress", "emailadresse", "emailadres", "emailaddr",
		"courriel", "adresseemail", "adressemail", "adressecourriel", "correo", "correoelectronico",
		"eml":
		return doppel.Email, tierExact, true

	case "phone", "tel", "telephone", "telefon", "telefono", "telefoon", "phonenumber", "phoneno",
		"phonenum", "telephonenumber", "telno", "telnr", "telefonnummer", "telefoonnummer",
		"numerodetelephone", "landline", "homephone", "workphone", "festnetz", "telephonefixe",
		"fixe", "telefonofijo":
		return doppel.Phone, tierExact, true

	case "mobile", "mobilephone", "mobilenumber", "mobileno", "mobilenum", "cell", "cellphone",
		"cellular", "cellnumber", "cellno", "handy", "handynummer", "mobil", "mobilnummer",
		"mobiltelefon", "mobilfunk", "mobiel", "mobielnummer", "movil", "celular", "portable",
		"telephoneportable", "gsm", "mob":
		return doppel.Mobile, tierExact, true

	case "phone2", "secondphone", "otherphone", "alternatephone", "altphone", "alternativephone",
		"additionalphone", "telephone2", "tel2", "telefon2", "phonenumber2", "zweitetelefonnummer":
		return doppel.Phone2, tierExact, true

	case "company", "companyname", "organisation", "organization", "organisationname",
		"organizationname", "org", "firma", "firmenname", "employer", "business", "businessname",
		"accountname", "unternehmen", "societe", "entreprise", "raisonsociale", "empresa",
		"bedrijf", "bedrijfsnaam":
		return doppel.Company, tierExact, true

	case "address", "address1", "addressline1", "addressline", "streetaddress", "streetaddress1",
		"addr", "addr1", "strasse", "strasseundhausnummer", "strassehausnummer", "strassenr",
		"adresse", "adresse1", "anschrift", "direccion", "direccion1", "adres", "straat", "rue",
		"calle", "streetline1":
		return doppel.Address, tierExact, true

	case "streetnumber", "streetno", "streetnum", "streetnr", "housenumber", "houseno", "housenum",
		"housenr", "hausnummer", "hausnr", "hnr", "hsnr", "no", "nr", "huisnummer", "huisnr",
		"buildingnumber", "numerorue", "numerodevoie":
		return doppel.StreetNumber, tierExact, true

	case "street", "streetname", "strassenname", "straatnaam", "nomderue", "nomdelarue",
		"nombredelacalle":
		return doppel.Street, tierExact, true

	case "address2", "addressline2", "addr2", "streetaddress2", "streetline2", "unit", "apt",
		"apartment", "suite", "locality", "adresszusatz", "zusatz", "adresse2", "complement",
		"complementadresse", "complementdadresse", "direccion2":
		return doppel.Address2, tierExact, true

	case "city", "cityname", "town", "townname", "suburb", "ort", "ortsname", "stadt", "wohnort",
		"ville", "ciudad", "municipality", "plaats", "woonplaats", "localidad", "poblacion",
		"gemeente":
		return doppel.City, tierExact, true

	case "state", "stateprovince", "stateorprovince", "region", "province", "county", "bundesland",
		"provincia", "provincie", "departement", "comunidad", "territory":
		return doppel.State, tierExact, true

	case "postcode", "postalcode", "zip", "zipcode", "zippostcode", "postcodezip", "zippostalcode",
		"postalcodezip", "postalzipcode", "plz",
		"postleitzahl", "codepostal", "cp", "codigopostal", "postnummer", "postnr", "postcodenl":
		return doppel.Postcode, tierExact, true

	case "country", "countryname", "countrycode", "land", "landcode", "pays", "pais", "countryiso",
		"nation":
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
		"clientref", "kundenkarte", "kundenkartennummer", "mitgliedsnummer":
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
