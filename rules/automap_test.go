package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel"
)

// mapped renders a mapping as field -> header name, for comparisons.
func mapped(t *testing.T, header []string, m Mapping) (fields map[string]string, id string, unmapped []string) {
	t.Helper()
	fields = make(map[string]string)
	for f, c := range m.Columns {
		if c >= 0 {
			fields[doppel.Field(f).String()] = header[c]
		}
	}
	if m.ID >= 0 {
		id = header[m.ID]
	}
	for _, c := range m.Unmapped {
		unmapped = append(unmapped, header[c])
	}
	return fields, id, unmapped
}

func TestAutoMap(t *testing.T) {
	tests := []struct {
		name     string
		header   string // split on sep
		sep      string
		fields   map[string]string
		id       string
		unmapped []string
	}{
		{
			name:   "febrl",
			header: "id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state,date_of_birth,soc_sec_id",
			fields: map[string]string{
				"given_name": "given_name", "family_name": "surname", "street_number": "street_number",
				"address": "address_1", "address_2": "address_2", "city": "suburb", "postcode": "postcode",
				"state": "state", "birth_date": "date_of_birth", "national_id": "soc_sec_id",
			},
			id: "id",
		},
		{
			name:   "splink",
			header: "id,first_name,surname,dob,city,email",
			fields: map[string]string{"given_name": "first_name", "family_name": "surname", "birth_date": "dob", "city": "city", "email": "email"},
			id:     "id",
		},
		{
			name:   "splink historical: weak full name, birth place, fake postcode",
			header: "id,full_name,first_and_surname,first_name,surname,dob,birth_place,postcode_fake,gender,occupation",
			fields: map[string]string{
				"full_name": "full_name", "given_name": "first_name", "family_name": "surname", "birth_date": "dob",
				"postcode": "postcode_fake", "gender": "gender", "birth_place": "birth_place",
			},
			id:       "id",
			unmapped: []string{"first_and_surname", "occupation"},
		},
		{
			name:   "a place of birth is never the address's city",
			header: "Kundennr,Vorname,Nachname,Geburtsdatum,Geburtsort,Ort",
			fields: map[string]string{
				"given_name": "Vorname", "family_name": "Nachname", "birth_date": "Geburtsdatum",
				"birth_place": "Geburtsort", "city": "Ort",
			},
			id: "Kundennr",
		},
		{
			name:   "place of birth alone",
			header: "id,name,date_of_birth,place_of_birth",
			fields: map[string]string{"full_name": "name", "birth_date": "date_of_birth", "birth_place": "place_of_birth"},
			id:     "id",
		},
		{
			name:   "weak full name used when nothing better",
			header: "first_and_surname,dob",
			fields: map[string]string{"full_name": "first_and_surname", "birth_date": "dob"},
		},
		{
			name:   "German",
			header: "Kundennr;Anrede;Vorname;Nachname;Straße;PLZ;Ort;Telefon;E-Mail;Geburtsdatum",
			sep:    ";",
			fields: map[string]string{
				"title": "Anrede", "given_name": "Vorname", "family_name": "Nachname", "address": "Straße",
				"postcode": "PLZ", "city": "Ort", "phone": "Telefon", "email": "E-Mail", "birth_date": "Geburtsdatum",
			},
			id: "Kundennr",
		},
		{
			name:   "English CRM with lone Name",
			header: "CustomerID,Name,Email Address,Mobile,Street Address,City,ZIP,Country,Created At,Last Modified",
			fields: map[string]string{
				"full_name": "Name", "email": "Email Address", "mobile": "Mobile", "address": "Street Address",
				"city": "City", "postcode": "ZIP", "country": "Country", "created": "Created At", "updated": "Last Modified",
			},
			id: "CustomerID",
		},
		{
			name:   "German Vorname;Name: Name is the family name",
			header: "Vorname;Name;Ort",
			sep:    ";",
			fields: map[string]string{"given_name": "Vorname", "family_name": "Name", "city": "Ort"},
		},
		{
			name:     "Name stays full name next to another full-name column",
			header:   "First Name,Name,Full Name",
			fields:   map[string]string{"given_name": "First Name", "full_name": "Full Name"},
			unmapped: []string{"Name"},
		},
		{
			name:   "French and Spanish with accents",
			header: "Prénom,Nom,Date de naissance,Téléphone,Portable,Société,Adresse,Code Postal,Ville,Pays,Civilité",
			fields: map[string]string{
				"given_name": "Prénom", "family_name": "Nom", "birth_date": "Date de naissance", "phone": "Téléphone",
				"mobile": "Portable", "company": "Société", "address": "Adresse", "postcode": "Code Postal",
				"city": "Ville", "country": "Pays", "title": "Civilité",
			},
		},
		{
			name:   "Spanish",
			header: "nombre,apellidos,correo electrónico,móvil,ciudad,código postal,país",
			fields: map[string]string{
				"given_name": "nombre", "family_name": "apellidos", "email": "correo electrónico", "mobile": "móvil",
				"city": "ciudad", "postcode": "código postal", "country": "país",
			},
		},
		{
			name:   "Dutch",
			header: "Klantnummer,Voornaam,Achternaam,Straat,Huisnummer,Postcode,Woonplaats,Geboortedatum,Geslacht",
			fields: map[string]string{
				"given_name": "Voornaam", "family_name": "Achternaam", "address": "Straat", "street_number": "Huisnummer",
				"postcode": "Postcode", "city": "Woonplaats", "birth_date": "Geboortedatum", "gender": "Geslacht",
			},
			id: "Klantnummer",
		},
		{
			name:     "fax is not a phone; duplicates go to unmapped; exact beats derived; a second phone is phone_2",
			header:   "Customer Email,Email,Fax,Phone,Home Phone,Tel 2,Cell",
			fields:   map[string]string{"email": "Email", "phone": "Phone", "mobile": "Cell", "phone_2": "Tel 2"},
			unmapped: []string{"Customer Email", "Fax", "Home Phone"},
		},
		{
			name:   "derived names when alone",
			header: "cust_email,phone2,billing_city,email_synthetic",
			fields: map[string]string{"email": "cust_email", "phone_2": "phone2", "city": "billing_city"},
			// email_synthetic loses to the (equally derived) earlier column
			unmapped: []string{"email_synthetic"},
		},
		{
			name:     "first-column <x>_id is the id, later ones are not",
			header:   "patient_id,given,family,visit_id",
			fields:   map[string]string{"given_name": "given", "family_name": "family"},
			id:       "patient_id",
			unmapped: []string{"visit_id"},
		},
		{
			name:     "camel-case first-column ID; shared customer numbers are refs",
			header:   "PersonID,LoyaltyNo,member_no,customer_ref",
			fields:   map[string]string{"customer_ref": "LoyaltyNo"},
			id:       "PersonID",
			unmapped: []string{"member_no", "customer_ref"},
		},
		{
			name:   "only the first id column is the id",
			header: "rec_id,uid,Sex,Middle Name,Firma,Bundesland,Steuer-ID,Handy,Geändert",
			fields: map[string]string{
				"gender": "Sex", "middle_name": "Middle Name", "company": "Firma", "state": "Bundesland",
				"national_id": "Steuer-ID", "mobile": "Handy", "updated": "Geändert",
			},
			id:       "rec_id",
			unmapped: []string{"uid"},
		},
		{
			name:   "street, unit, organisation, county, since",
			header: "House Number,Street Name,Apt,Organisation,County,Customer Since,NINO,Salutation,Birthday",
			fields: map[string]string{
				"street_number": "House Number", "street": "Street Name", "address_2": "Apt", "company": "Organisation",
				"state": "County", "created": "Customer Since", "national_id": "NINO", "title": "Salutation",
				"birth_date": "Birthday",
			},
		},
		{
			name:   "Nr next to the street is the house number",
			header: "Kundennummer;Straße;Nr;PLZ",
			sep:    ";",
			fields: map[string]string{"address": "Straße", "street_number": "Nr", "postcode": "PLZ"},
			id:     "Kundennummer",
		},
		{
			name:   "No as the first column is the record id",
			header: "No,Name,Street,City",
			fields: map[string]string{"full_name": "Name", "street": "Street", "city": "City"},
			id:     "No",
		},
		{
			name:     "No elsewhere without a street is nothing",
			header:   "Name,City,No",
			fields:   map[string]string{"full_name": "Name", "city": "City"},
			unmapped: []string{"No"},
		},
		{
			name:   "web form export with qualifiers",
			header: "First Name,Last Name,Company Name,Mobile Phone Number,Telefon privat,Fax Number,Address Line 1,Address Line 2,State/Province,Zip/Postal Code,Date of Birth (DD/MM/YYYY),Email Opt-In,Geburtsname",
			fields: map[string]string{
				"given_name": "First Name", "family_name": "Last Name", "company": "Company Name",
				"mobile": "Mobile Phone Number", "phone": "Telefon privat", "address": "Address Line 1",
				"address_2": "Address Line 2", "state": "State/Province", "postcode": "Zip/Postal Code",
				"birth_date": "Date of Birth (DD/MM/YYYY)",
			},
			unmapped: []string{"Fax Number", "Email Opt-In", "Geburtsname"},
		},
		{
			name:   "three affixes",
			header: "billing_phone_number_2,customer_email_fake",
			fields: map[string]string{"phone_2": "billing_phone_number_2", "email": "customer_email_fake"},
		},
		{
			name:     "empty, odd and unknown headers",
			header:   ",???,Colour,paid",
			unmapped: []string{"", "???", "Colour", "paid"},
		},
		{
			name:   "Chinese CRM export",
			header: "客户编号,姓名,手机号,电话,邮箱,地址,出生日期,性别,城市,邮编,公司,备注",
			fields: map[string]string{
				"full_name": "姓名", "mobile": "手机号", "phone": "电话", "email": "邮箱", "address": "地址",
				"birth_date": "出生日期", "gender": "性别", "city": "城市", "postcode": "邮编", "company": "公司",
			},
			id:       "客户编号",
			unmapped: []string{"备注"},
		},
		{
			name:   "Chinese family and given name; traditional script",
			header: "客戶編號,姓,名,手機,電子郵件,郵遞區號,生日",
			fields: map[string]string{
				"family_name": "姓", "given_name": "名", "mobile": "手機", "email": "電子郵件", "postcode": "郵遞區號",
				"birth_date": "生日",
			},
			id: "客戶編號",
		},
		{
			name:   "Japanese, with furigana and a voiced kana header",
			header: "顧客番号,氏名,フリガナ,電話番号,携帯,メールアドレス,郵便番号,住所,生年月日,会社名",
			fields: map[string]string{
				"full_name": "氏名", "phone": "電話番号", "mobile": "携帯", "email": "メールアドレス",
				"postcode": "郵便番号", "address": "住所", "birth_date": "生年月日", "company": "会社名",
				"name_reading": "フリガナ",
			},
			id: "顧客番号",
		},
		{
			name:   "Japanese half-width katakana folds to full width",
			header: "ﾒｰﾙ,名前",
			fields: map[string]string{"email": "ﾒｰﾙ", "full_name": "名前"},
		},
		{
			name:   "Korean",
			header: "고객번호,이름,전화,휴대폰,이메일,주소,생년월일,우편번호,회사,성별",
			fields: map[string]string{
				"full_name": "이름", "phone": "전화", "mobile": "휴대폰", "email": "이메일", "address": "주소",
				"birth_date": "생년월일", "postcode": "우편번호", "company": "회사", "gender": "성별",
			},
			id: "고객번호",
		},
		{
			name:   "Japanese 名字 next to a given name is the family name",
			header: "名字,名",
			fields: map[string]string{"family_name": "名字", "given_name": "名"},
		},
		{
			name:   "Korean family name",
			header: "성,이메일",
			fields: map[string]string{"family_name": "성", "email": "이메일"},
		},
		{
			name:   "abbreviations: Acct, Cust Nm, Account #",
			header: "Acct,Cust Nm,Account #,Tel #",
			fields: map[string]string{"full_name": "Cust Nm", "phone": "Tel #"},
			id:     "Acct",
			// only the first id column is the id
			unmapped: []string{"Account #"},
		},
		{
			name:   "Nº Cliente is the id",
			header: "Nº Cliente;Correo",
			sep:    ";",
			fields: map[string]string{"email": "Correo"},
			id:     "Nº Cliente",
		},
		{
			name:     "a number sign keeps an exact synonym exact",
			header:   "Email #,E-Mail,Tel # privat",
			fields:   map[string]string{"email": "Email #", "phone": "Tel # privat"},
			unmapped: []string{"E-Mail"},
		},
		{
			name:   "Account # alone is the id",
			header: "Account #,Email",
			fields: map[string]string{"email": "Email"},
			id:     "Account #",
		},
		{
			name:   "foreigners_pl: sname next to fname and surname is a second given name",
			header: "id,fname,sname,surname,date,region,country",
			fields: map[string]string{
				"given_name": "fname", "middle_name": "sname", "family_name": "surname", "state": "region",
				"country": "country",
			},
			id:       "id",
			unmapped: []string{"date"},
		},
		{
			name:   "sname without another surname is the surname",
			header: "fname,sname,dob",
			fields: map[string]string{"given_name": "fname", "family_name": "sname", "birth_date": "dob"},
		},
		{
			name:   "ESSnet census: pername1/2, split birth date, enumcap, enumpc",
			header: "id,pername1,pername2,sex,dob_day,dob_mon,dob_year,hse_num,enumcap,enumpc,str_nam,cap_add",
			fields: map[string]string{
				"given_name": "pername1", "family_name": "pername2", "gender": "sex", "birth_date": "dob_year",
				"street_number": "hse_num", "address": "enumcap", "postcode": "enumpc", "street": "str_nam",
			},
			id:       "id",
			unmapped: []string{"cap_add"},
		},
		{
			name:   "rldata: name components and by/bm/bd",
			header: "id,fname_c1,fname_c2,lname_c1,lname_c2,by,bm,bd",
			fields: map[string]string{"given_name": "fname_c1", "family_name": "lname_c1", "birth_date": "by"},
			id:     "id",
		},
		{
			name:     "a lone by is not a birth year",
			header:   "name,by",
			fields:   map[string]string{"full_name": "name"},
			unmapped: []string{"by"},
		},
		{
			name:     "a full birth date column beats split parts",
			header:   "dob,birth_year,birth_month",
			fields:   map[string]string{"birth_date": "dob"},
			unmapped: []string{"birth_year", "birth_month"},
		},
		{
			name:   "a spelled-out birth year alone is a year-only birth date",
			header: "Name,Geburtsjahr",
			fields: map[string]string{"full_name": "Name", "birth_date": "Geburtsjahr"},
		},
		{
			name:   "one name component alone is a plain column; a single column beats components",
			header: "fname_c1,last_name,lname_c2",
			fields: map[string]string{"given_name": "fname_c1", "family_name": "last_name"},
			// lname_c2 loses to the single family-name column
			unmapped: []string{"lname_c2"},
		},
		{
			name:   "Spanish two family names",
			header: "nombre,primer apellido,segundo apellido",
			fields: map[string]string{"given_name": "nombre", "family_name": "primer apellido"},
		},
		{
			name:   "BOM and spaces are ignored",
			header: "\uFEFF ID , E.Mail ,Zip Code",
			fields: map[string]string{"email": " E.Mail ", "postcode": "Zip Code"},
			id:     "\uFEFF ID ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sep := tt.sep
			if sep == "" {
				sep = ","
			}
			header := strings.Split(tt.header, sep)
			m := AutoMap(header)
			fields, id, unmapped := mapped(t, header, m)
			if tt.fields == nil {
				tt.fields = map[string]string{}
			}
			for f, want := range tt.fields {
				if fields[f] != want {
					t.Errorf("%s = %q, want %q", f, fields[f], want)
				}
			}
			for f, got := range fields {
				if _, ok := tt.fields[f]; !ok {
					t.Errorf("unexpected %s = %q", f, got)
				}
			}
			if id != tt.id {
				t.Errorf("id = %q, want %q", id, tt.id)
			}
			if !slices.Equal(unmapped, tt.unmapped) {
				t.Errorf("unmapped = %q, want %q", unmapped, tt.unmapped)
			}
			if t.Failed() {
				t.Logf("mapping:\n%s", m.Describe(header))
			}
		})
	}
}

func TestHeaderKey(t *testing.T) {
	tests := map[string]string{
		"E-Mail":          "email",
		"Straße":          "strasse",
		"  Date_of.Birth": "dateofbirth",
		"Prénom":          "prenom",
		"Geändert am":     "geandertam",
		"ＺＩＰ":             "zip", // fullwidth folds to ASCII
		"Phone #":         "phone",
		"姓名":              "姓名",
		"客户 编号":           "客户编号",
		"メールアドレス":         "メールアドレス", // voiced kana kept
		"ﾒｰﾙｱﾄﾞﾚｽ":        "メールアドレス", // half-width folds to full width
		"생년월일":            "생년월일",    // Hangul syllables kept whole
		"Nº Cliente":      "nocliente",
		"":                "",
	}
	for in, want := range tests {
		if got := headerKey(in); got != want {
			t.Errorf("headerKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDescribe(t *testing.T) {
	header := []string{"Vorname", "Beruf", "E-Mail"}
	got := AutoMap(header).Describe(header)
	want := `column 1 "Vorname" -> given_name
column 2 "Beruf"   -> (unmapped)
column 3 "E-Mail"  -> email
(no id column: the 1-based data row number is the record id)
`
	if got != want {
		t.Errorf("Describe:\n%s\nwant:\n%s", got, want)
	}
	header = []string{"id", "name"}
	got = AutoMap(header).Describe(header)
	want = "column 1 \"id\"   -> record id\ncolumn 2 \"name\" -> full_name\n"
	if got != want {
		t.Errorf("Describe:\n%s\nwant:\n%s", got, want)
	}
	// A mapping that points past a short header must not panic.
	m := emptyMapping()
	m.Columns[doppel.Email] = 3
	if got := m.Describe(nil); !strings.Contains(got, `column 4 "" -> email`) {
		t.Errorf("Describe with short header:\n%s", got)
	}
}

// FuzzAutoMap checks that any header maps without panicking and that every
// column ends up in exactly one place: a field (or one part of a composite
// field), the id or Unmapped.
func FuzzAutoMap(f *testing.F) {
	f.Add("id,given_name,surname,dob")
	f.Add("Kundennr;Vorname;Name;Straße;Nr")
	f.Add("No,,\uFEFF,ＺＩＰ,x_id,phone2,email_fake")
	f.Add("id,fname_c1,fname_c2,lname_c1,lname_c2,by,bm,bd")
	f.Add("dob_day,dob_mon,dob_year,fname,sname,surname,客户编号,姓名,メールアドレス")
	f.Fuzz(func(t *testing.T, s string) {
		header := strings.Split(s, ",")
		m := AutoMap(header)
		seen := make([]int, len(header))
		for f, c := range m.Columns {
			if len(m.Parts[f]) > 0 {
				if c != m.Parts[f][0] {
					t.Fatalf("%s: column %d is not its first part %v", doppel.Field(f), c, m.Parts[f])
				}
				for _, p := range m.Parts[f] {
					if p >= 0 {
						seen[p]++
					}
				}
				continue
			}
			if c >= 0 {
				seen[c]++
			}
		}
		if m.ID >= 0 {
			seen[m.ID]++
		}
		for _, c := range m.Unmapped {
			seen[c]++
		}
		for i, n := range seen {
			if n != 1 {
				t.Fatalf("column %d %q used %d times:\n%s", i, header[i], n, m.Describe(header))
			}
		}
	})
}
