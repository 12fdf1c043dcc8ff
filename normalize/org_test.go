package normalize

import (
	"testing"

	"github.com/doppel-dev/doppel"
)

func TestOrgNameLegalForms(t *testing.T) {
	n, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in, key, form, rest string
	}{
		// The same legal form, abbreviated, written out and in another script.
		{"ACME GmbH", "acme", "gmbh", ""},
		{"Acme G.m.b.H.", "acme", "gmbh", ""},
		{"Müller Gesellschaft mit beschränkter Haftung", "muller", "gmbh", ""},
		{"MUELLER GESELLSCHAFT MIT BESCHRAENKTER HAFTUNG", "mueller", "gmbh", ""}, // umlaut written out
		{"Blaser Metallbau UG (haftungsbeschränkt)", "blaser metallbau", "ug", ""},
		{"RICHTER E.K.", "richter", "ek", ""},
		{"Leitner eingetragener Kaufmann", "leitner", "ek", ""},
		{"Anna Weber e. Kfr.", "anna weber", "ek", ""},
		{"NORDLICHT METALLBAU UG (HAFTUNGSBESCHRAENKT)", "metallbau nordlicht", "ug", ""},
		{"Reinmoser Holzbau Unternehmergesellschaft (haftungsbeschränkt)", "holzbau reinmoser", "ug", ""},
		{"Siemens Aktiengesellschaft", "siemens", "ag", ""},
		{"Siemens AG", "siemens", "ag", ""},
		{"Foo GmbH & Co. KG", "foo", "gmbh co kg", ""},
		{"Acme Ltd.", "acme", "ltd", ""},
		{"Acme Limited", "acme", "ltd", ""},
		{"Acme Co., Ltd.", "acme", "ltd", ""},
		{"Acme Pty Ltd", "acme", "ltd", ""},
		{"Sony Corporation", "sony", "corp", ""},
		{"Acme, Inc.", "acme", "inc", ""},
		{"Acme Incorporated", "acme", "inc", ""},
		{"Banco Santander, S.A.", "banco santander", "sa", ""},
		{"Danone Société Anonyme", "danone", "sa", ""},
		{"Philips N.V.", "philips", "nv", ""},
		{"Philips Naamloze Vennootschap", "philips", "nv", ""},
		{"Canon Europa Naamlooze Vennootschap", "canon europa", "nv", ""},
		{"Volvo AB", "volvo", "ab", ""},
		{"Fiat S.p.A.", "fiat", "spa", ""},
		{"Kowalski Sp. z o.o.", "kowalski", "spzoo", ""},
		{"华为技术有限公司", "华为技术", "ltd", ""},
		{"ソニー株式会社", "ソニー", "kk", ""},
		{"(株)ソニー", "ソニー", "kk", ""},
		{"삼성전자 주식회사", "삼성전자", "jsc", ""},
		// Word order, filler words and initials.
		{"Electronics Koninklijke Philips", "electronics koninklijke philips", "", ""},
		{"Koninklijke Philips Electronics N.V.", "electronics koninklijke philips", "nv", ""},
		{"The Coca-Cola Company", "coca cola", "", ""},
		{"I.B.M. Corp.", "ibm", "corp", ""},
		// A lone letter after a word of the name is what a mangled legal
		// form left behind; a first letter belongs to the name.
		{"ALCATEL V", "alcatel", "", ""},
		{"EURO V WHIRLPOOL", "euro whirlpool", "", ""},
		{"Koninklijke Philips Electronics V", "electronics koninklijke philips", "", ""},
		{"L Oreal", "l oreal", "", ""},
		{"J Sainsbury", "j sainsbury", "", ""},
		{"Total S A Paris", "a paris s total", "", ""}, // a dotted form amid words: two letters, kept
		{"X", "x", "", ""},
		{"Plan B", "plan", "", ""}, // the cost: "Plan A" and "Plan B" key alike
		// An address after the legal form is the rest, not the name.
		{"adidas ag adi dassler strasse 1 91074 germany", "adidas", "ag", "adi dassler strasse 1 91074 germany"},
		// Short forms are words where they cannot be a legal form.
		{"AS Roma", "as roma", "", ""},
		{"Siemens AG Österreich", "ag osterreich siemens", "", ""},
		{"1234 AB", "1234 ab", "", ""},
		{"John Smith", "john smith", "", ""},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		o := n.OrgName(tt.in)
		if o.Key != tt.key || o.Form != tt.form || o.Rest != tt.rest {
			t.Errorf("OrgName(%q) = %+v, want key %q form %q rest %q", tt.in, o, tt.key, tt.form, tt.rest)
		}
	}
}

func TestLooksLikeOrg(t *testing.T) {
	n, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		in  string
		org bool
	}{
		{"ACME GmbH", true},
		{"Agilent Technologies", true},
		{"Banco Bilbao Vizcaya Argentaria", true},
		{"Stichting Het Groene Hart", true},
		{"Hotel Bel-Air", true},
		{"Universität Wien", true},
		{"北京字节跳动科技有限公司", true},
		{"Robert Müller", false},
		{"Duan, Sophie", false},
		{"宋建国", false},
		{"Akzo Nobel", false}, // no form, no noun: left to the column's other values
	} {
		if got := n.LooksLikeOrg(tt.in); got != tt.org {
			t.Errorf("LooksLikeOrg(%q) = %v, want %v", tt.in, got, tt.org)
		}
	}
}

func TestPrepareCompanyCustomer(t *testing.T) {
	p, err := NewPreparer(Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A full name with a legal form is a company customer: its key is the
	// company's, not a person's given and family name.
	prep := func(f doppel.Field, v string) Prepared {
		vals := make([]string, doppel.NumFields)
		vals[f] = v
		rec := doppel.NewRecord("s", 2, "1", vals)
		return p.Prepare(&rec, 0)
	}
	x := prep(doppel.FullName, "Müller & Söhne GmbH")
	if x.Company != "muller sohne" || x.Given != "" || x.Family != "" {
		t.Errorf("company customer: company %q given %q family %q", x.Company, x.Given, x.Family)
	}
	if x := prep(doppel.FullName, "Robert Müller"); x.Company != "" || x.Family != "muller" {
		t.Errorf("person: company %q family %q", x.Company, x.Family)
	}
	// A company field holding its address: the rest becomes the street.
	if x := prep(doppel.Company, "adidas ag adi dassler strasse 1 91074 germany"); x.Company != "adidas" || x.Street == "" {
		t.Errorf("company with address: company %q street %q", x.Company, x.Street)
	}
}

// TestPrepareTitleAsGivenName: a given-name field that holds only an
// honorific has no given name; the full name supplies it.
func TestPrepareTitleAsGivenName(t *testing.T) {
	p, err := NewPreparer(Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ given, full, want string }{
		{"Sir", "Sir Byrom Bramwell", "byrom"},
		{"Sir", "", ""},
		{"Mrs", "Mrs Ada Lovelace", "ada"},
		{"Byrom", "Sir Byrom Bramwell", "byrom"},
		{"Earl", "", "earl"}, // a given name, not a title
	} {
		vals := make([]string, doppel.NumFields)
		vals[doppel.GivenName], vals[doppel.FullName], vals[doppel.FamilyName] = tc.given, tc.full, "Bramwell"
		rec := doppel.NewRecord("s", 2, "1", vals)
		if x := p.Prepare(&rec, 0); x.Given != tc.want {
			t.Errorf("given %q, full %q: given key %q, want %q", tc.given, tc.full, x.Given, tc.want)
		}
	}
}

// TestPrepareGenderAndGeneration: the gender comes from a gender column,
// else from the salutation or the full name's title; the generation
// marker from a surname field or the full name.
func TestPrepareGenderAndGeneration(t *testing.T) {
	p, err := NewPreparer(Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	prep := func(kv ...string) Prepared {
		vals := make([]string, doppel.NumFields)
		for i := 0; i+1 < len(kv); i += 2 {
			f, ok := doppel.ParseField(kv[i])
			if !ok {
				t.Fatalf("no field %q", kv[i])
			}
			vals[f] = kv[i+1]
		}
		rec := doppel.NewRecord("s", 2, "1", vals)
		return p.Prepare(&rec, 0)
	}
	for _, tc := range []struct {
		name   string
		x      Prepared
		gender string
		gen    uint8
	}{
		{"salutation", prep("title", "Frau", "given_name", "Anna", "family_name", "Weber"), "f", GenerationNone},
		{"gender column first", prep("title", "Herr", "gender", "F", "family_name", "Weber"), "f", GenerationNone},
		{"title in the full name", prep("full_name", "Mr John Smith Jr."), "m", GenerationJunior},
		{"surname field", prep("given_name", "James", "family_name", "Rivera Sr."), "", GenerationSenior},
		{"neither", prep("full_name", "Dr. Anna Weber"), "", GenerationNone},
	} {
		if tc.x.Gender != tc.gender || tc.x.Generation != tc.gen {
			t.Errorf("%s: gender %q generation %d, want %q %d", tc.name, tc.x.Gender, tc.x.Generation, tc.gender, tc.gen)
		}
	}
}
