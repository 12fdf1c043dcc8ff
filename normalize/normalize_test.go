package normalize

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func newT(t testing.TB, opt Options) *Normalizer {
	t.Helper()
	n, err := New(opt)
	if err != nil {
		t.Fatalf("New(%+v): %v", opt, err)
	}
	return n
}

func TestNewOptions(t *testing.T) {
	for _, tc := range []struct {
		opt Options
		ok  bool
	}{
		{Options{}, true},
		{Options{Region: "gb", DateOrder: "mdy"}, true},
		{Options{Region: "UK"}, true},
		{Options{Region: "AU", DateOrder: "YMD"}, true},
		{Options{Region: "XX"}, false},
		{Options{Region: "Germany"}, false},
		{Options{DateOrder: "DDMMYY"}, false},
	} {
		_, err := New(tc.opt)
		if (err == nil) != tc.ok {
			t.Errorf("New(%+v) error = %v, want ok %v", tc.opt, err, tc.ok)
		}
	}
}

func TestKey(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"Robert Müller", "robert muller"},
		{"ＭＵＬＬＥＲ", "muller"},
		{"O'Brien", "obrien"},
		{"O’Brien", "obrien"},
		{"O´Brien", "obrien"},
		{"Anna-Lena", "anna lena"},
		{"Anna–Lena", "anna lena"},
		{"\"Bob\"  «Smith»", "bob smith"},
		{"Straße", "strasse"},
		{"STRASSE", "strasse"},
		{"İstanbul", "istanbul"},
		{"ıspanak", "ispanak"},
		{"Łódź", "lodz"},
		{"Øster Æble", "oster aeble"},
		{"Œuvre", "oeuvre"},
		{"Þór", "thor"},
		{"Đorđević", "dordevic"},
		{"Ñandú", "nandu"},
		{"François", "francois"},
		{"Zoë", "zoe"},
		{"José\u0301", "jose"},
		{"Hello\u200bWorld\u00ad!", "helloworld"},
		{"\ufeffBOM", "bom"},
		{"tab\tnew\nline", "tab new line"},
		{"a\x00b", "a b"},
		{"１２３ Main", "123 main"},
		{"ｶﾞｰﾃﾞﾝ", "ガーデン"},
		{"ガーデン", "ガーデン"},
		{"カーテン", "カーテン"},
		{"東京都", "東京都"},
		{"東京　都", "東京 都"},
		{"ภาษาไทย", "ภาษาไทย"},
		{"שָׁלוֹם", "שָׁלוֹם"},
		{"مُحَمَّد", "مُحَمَّد"},
		{"Ελένη", "ελενη"},
		{"ΟΔΥΣΣΕΥΣ", "οδυσσευσ"},
		{"Пётр", "петр"},
		{"MÃ¼ller", "muller"},
		{"Ã‰milie", "emilie"},
		{"caf\xe9", "caf"},
		{"ﬁnance", "finance"},
		{"Ⅷ", "viii"},
		{"① one", "1 one"},
		{"ᏣᎳᎩ", "ᏣᎳᎩ"},
		{"ꮳꮃꭹ", "ᏣᎳᎩ"},
	} {
		got := n.Key(tc.in)
		if got != tc.want {
			t.Errorf("Key(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again := n.Key(got); again != got {
			t.Errorf("Key not idempotent for %q: %q then %q", tc.in, got, again)
		}
	}
}

// TestKeyASCIIPaths checks that the ASCII fast path agrees with the general
// path for every ASCII byte.
func TestKeyASCIIPaths(t *testing.T) {
	n := newT(t, Options{})
	var b strings.Builder
	for c := 0; c < 128; c++ {
		b.WriteString("Ab")
		b.WriteByte(byte(c))
		b.WriteString("Cd ")
	}
	s := b.String()
	fast := n.Key(s)
	slow := string(n.appendKey(nil, s+"é"))
	if slow != fast+"e" && slow != fast+" e" {
		t.Errorf("fast %q\nslow %q", fast, slow)
	}
}

func TestClean(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Robert Müller", "Robert Müller"},
		{"  Robert \t  Müller \n", "Robert Müller"},
		{"Rene\u0301", "René"},
		{"Zero\u200bWidth\u00adSoft", "ZeroWidthSoft"},
		{"a\u00a0b\u3000c", "a b c"},
		{"bell\x07", "bell"},
		{"ＭＵＬＬＥＲ", "ＭＵＬＬＥＲ"},
		{"MÃ¼ller", "Müller"},
		{"caf\xe9", "caf\ufffd"},
		{"\ufeffId", "Id"},
		{"O'Brien", "O'Brien"},
	} {
		if got := n.Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseName(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct {
		in   string
		want Name
	}{
		{"", Name{}},
		{"Robert Müller", Name{Given: "robert", Family: "muller"}},
		{"MUELLER, Bob", Name{Given: "bob", Family: "mueller"}},
		{"Müller,Robert", Name{Given: "robert", Family: "muller"}},
		{"Dr. Robert J. Müller Jr.", Name{Title: "dr", Given: "robert", Middle: "j", Family: "muller", Suffix: "jr", Generation: GenerationJunior}},
		{"van der Berg, Anna", Name{Given: "anna", Family: "van der berg"}},
		{"Anna van der Berg", Name{Given: "anna", Family: "van der berg"}},
		{"Ludwig van Beethoven", Name{Given: "ludwig", Family: "van beethoven"}},
		{"Anna-Lena Schmidt", Name{Given: "anna lena", Family: "schmidt"}},
		{"Mary Anne Smith", Name{Given: "mary", Middle: "anne", Family: "smith"}},
		{"Mrs Mary Smith", Name{Title: "mrs", Given: "mary", Family: "smith"}},
		{"Frau Dr. Anna Meier", Name{Title: "frau dr", Given: "anna", Family: "meier"}},
		{"Prof. Dr. med. Hans Meier", Name{Title: "prof dr med", Given: "hans", Family: "meier"}},
		{"Mme Sophie Durand", Name{Title: "mme", Given: "sophie", Family: "durand"}},
		{"Robert Müller, Jr.", Name{Given: "robert", Family: "muller", Suffix: "jr", Generation: GenerationJunior}},
		{"Mr. John Smith III, PhD", Name{Title: "mr", Given: "john", Family: "smith", Suffix: "iii phd", Generation: GenerationThird}},
		{"John Smith Ph.D.", Name{Given: "john", Family: "smith", Suffix: "phd"}},
		{"Smith Jr., John", Name{Given: "john", Family: "smith", Suffix: "jr", Generation: GenerationJunior}},
		{"DE VRIES JUN., Thomas", Name{Given: "thomas", Family: "de vries", Suffix: "jun", Generation: GenerationJunior}},
		{"Theo Neumann sen.", Name{Given: "theo", Family: "neumann", Suffix: "sen", Generation: GenerationSenior}},
		{"Amartya Sen", Name{Given: "amartya", Family: "sen"}}, // no dot: a family name
		{"Kim Jun", Name{Given: "kim", Family: "jun"}},
		{"Mueller, Dr. Robert", Name{Title: "dr", Given: "robert", Family: "mueller"}},
		{"J.R. Smith", Name{Given: "j", Middle: "r", Family: "smith"}},
		{"J. R. R. Tolkien", Name{Given: "j", Middle: "r r", Family: "tolkien"}},
		{"MÜLLER Robert", Name{Given: "robert", Family: "muller"}},
		{"DUPONT Jean Pierre", Name{Given: "jean", Middle: "pierre", Family: "dupont"}},
		{"ROBERT MULLER", Name{Given: "robert", Family: "muller"}},
		{"Cher", Name{Family: "cher"}},
		{"Dr", Name{Family: "dr"}},
		{"Dr. Who", Name{Title: "dr", Family: "who"}},
		{"Seán O'Brien", Name{Given: "sean", Family: "obrien"}},
		{"Maria de la Cruz", Name{Given: "maria", Family: "de la cruz"}},
		{"ＭＵＬＬＥＲ， Ｂｏｂ", Name{Given: "bob", Family: "muller"}},
		{"  robert   müller  ", Name{Given: "robert", Family: "muller"}},
		{"Zoë Łukasz-Øberg", Name{Given: "zoe", Family: "lukasz oberg"}},
		{"山田 太郎", Name{Given: "山田", Family: "太郎"}},
		{", , ,", Name{}},
	} {
		if got := n.ParseName(tc.in); got != tc.want {
			t.Errorf("ParseName(%q) =\n  %+v, want\n  %+v", tc.in, got, tc.want)
		}
	}
}

func TestNameKey(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Robert", "robert"},
		{"robert", "robert"},
		{"J.", "j"},
		{"J.R.", "j r"},
		{"Dr. Anna", "anna"},
		{"Smith Jr.", "smith"},
		{"Meyer-Schmidt", "meyer schmidt"},
		{"O'Neil", "oneil"},
		{"Mr", "mr"},
		{"Müller", "muller"},
		{"van der Berg", "van der berg"},
		{"Anna Maria", "anna maria"},
	} {
		if got := n.NameKey(tc.in); got != tc.want {
			t.Errorf("NameKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestGivenForms(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"bob", []string{"robert"}},
		{"rob", []string{"robert"}},
		{"robbie", []string{"robert"}},
		{"bobby", []string{"robert"}},
		{"robert", []string{"robert"}},
		{"bill", []string{"william"}},
		{"will", []string{"william"}},
		{"billy", []string{"william"}},
		{"liam", []string{"william"}},
		{"al", []string{"alan", "albert", "alexander", "alfred"}},
		{"peggy", []string{"margaret"}},
		{"maggie", []string{"margaret"}},
		{"liz", []string{"elizabeth"}},
		{"betty", []string{"elizabeth"}},
		{"lisa", []string{"elizabeth"}},
		{"elisabeth", []string{"elizabeth"}},
		{"kate", []string{"catherine"}},
		{"katherine", []string{"catherine"}},
		{"kathryn", []string{"catherine"}},
		{"jon", []string{"jonathan"}},
		{"jack", []string{"john"}},
		{"dick", []string{"richard"}},
		{"jim", []string{"james"}},
		{"steven", []string{"stephen"}},
		{"geoffrey", []string{"jeffrey"}},
		{"sara", []string{"sarah"}},
		{"ann", []string{"anne"}},
		{"anna", []string{"anne"}},
		{"hans", []string{"johannes"}},
		{"sepp", []string{"joseph"}},
		{"jupp", []string{"joseph"}},
		{"pepe", []string{"jose"}},
		{"paco", []string{"francisco"}},
		{"beppe", []string{"giuseppe"}},
		{"nathan", []string{"nathan", "nathaniel"}},
		{"zebedee", []string{"zebedee"}},
	} {
		got := n.GivenForms(tc.in)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("GivenForms(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestNicknameTable checks the size and shape of the table: at least 400
// English nickname pairs, all entries already keys, sorted results.
func TestNicknameTable(t *testing.T) {
	n := newT(t, Options{})
	english, _, _ := strings.Cut(nicknameTable, "\n\n")
	pairs := 0
	for _, line := range strings.Split(english, "\n") {
		canon, forms, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		if n.Key(canon) != canon {
			t.Errorf("canonical %q is not a key", canon)
		}
		for _, f := range strings.Fields(forms) {
			if n.Key(f) != f {
				t.Errorf("form %q is not a key", f)
			}
			pairs++
		}
	}
	if pairs < 400 {
		t.Errorf("English nickname pairs = %d, want >= 400", pairs)
	}
	for k, v := range n.nick {
		for i := 1; i < len(v); i++ {
			if v[i-1] >= v[i] {
				t.Errorf("GivenForms(%q) = %q: not sorted and unique", k, v)
			}
		}
	}
}

func TestEmail(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"", "", false},
		{"   ", "", false},
		{"Bob@Example.COM", "bob@example.com", true},
		{"  bob@example.com  ", "bob@example.com", true},
		{"mailto:Bob@example.com", "bob@example.com", true},
		{"<bob@example.com>", "bob@example.com", true},
		{"Bob Smith <bob+news@example.co.uk>", "bob@example.co.uk", true},
		{"bob+tag@example.com", "bob@example.com", true},
		{"J.Smith+x@GoogleMail.com", "jsmith@gmail.com", true},
		{"j.s.mith@gmail.com", "jsmith@gmail.com", true},
		{"j.smith@example.com", "j.smith@example.com", true},
		{"ｂｏｂ＠ｅｘａｍｐｌｅ．ｃｏｍ", "bob@example.com", true},
		{"müller@bücher.de", "müller@bücher.de", true},
		{"bob@example", "bob@example", false},
		{"bob@@example.com", "bob@@example.com", false},
		{"bob@a@example.com", "bob@a@example.com", false},
		{"@example.com", "@example.com", false},
		{"bob example@x.com", "bob example@x.com", false},
		{"bob@exa mple.com", "bob@exa mple.com", false},
		{"bob@-example.com", "bob@-example.com", false},
		{"bob@example.c", "bob@example.c", false},
		{"bob@example.123", "bob@example.123", false},
		{"bob.@example.com", "bob.@example.com", false},
		{"bob..x@example.com", "bob..x@example.com", false},
		{"N/A", "n/a", false},
		{"bob@exam_ple.com", "bob@exam_ple.com", false},
		{"bob@xn--bcher-kva.de", "bob@xn--bcher-kva.de", true},
	} {
		got, ok := n.Email(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Email(%q) = %q, %v, want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPhone(t *testing.T) {
	au := newT(t, Options{Region: "AU"})
	us := newT(t, Options{})
	for _, tc := range []struct {
		n          *Normalizer
		in, region string
		want       string
		ok         bool
	}{
		{au, "", "", "", false},
		{au, "(02) 9999 1234", "", "+61299991234", true},
		{au, "02 9999 1234", "AU", "+61299991234", true},
		{au, "+61 2 9999 1234", "", "+61299991234", true},
		{au, "0011 44 20 7946 0958", "", "+442079460958", true},
		{au, "０２ ９９９９ １２３４", "", "+61299991234", true},
		{au, "tel: +61 2 9999 1234 ext. 12", "", "+61299991234", true},
		{au, "0412 345 678", "", "+61412345678", true},
		{us, "(415) 555-2671", "", "+14155552671", true},
		{us, "415.555.2671 x123", "", "+14155552671", true},
		{us, "+1 415 555 2671 ext 9", "", "+14155552671", true},
		{us, "415-555-2671#22", "", "+14155552671", true},
		{us, "020 7946 0958", "GB", "+442079460958", true},
		{us, "020 7946 0958", "uk", "+442079460958", true},
		{us, "020 7946 0958", "United Kingdom", "+442079460958", true},
		{us, "0044 20 7946 0958", "", "+442079460958", true},
		{us, "+44 (0)20 7946 0958", "", "+442079460958", true},
		{us, "030 1234567", "DE", "+49301234567", true},
		{us, "+49 (0)30 1234567", "", "+49301234567", true},
		{us, "123", "", "123", false},
		{us, "n/a", "", "", false},
		{us, "0000000000", "", "0000000000", false},
		{au, "0088888888888888", "", "0088888888888888", false}, // not "+88888888888888" (found by FuzzPhone)
		{us, "555-0100", "", "5550100", false},
		{us, "123456789012345678901", "", "123456789012345678901", false},
		{us, "+1 415 555 2671", "XX", "+14155552671", true},
		{us, "\xff\xfe415 555 2671", "", "+14155552671", true},
	} {
		for pass := 0; pass < 2; pass++ { // the second pass hits the cache
			got, ok := tc.n.Phone(tc.in, tc.region)
			if got != tc.want || ok != tc.ok {
				t.Errorf("pass %d: Phone(%q, %q) [region %s] = %q, %v, want %q, %v", pass, tc.in, tc.region, tc.n.region, got, ok, tc.want, tc.ok)
			}
		}
	}
}

func TestAddress(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct {
		in   string
		want Address
	}{
		{"", Address{}},
		{"12 Main St.", Address{Number: "12", Street: "main street", Key: "12 main street"}},
		{"12 MAIN STREET", Address{Number: "12", Street: "main street", Key: "12 main street"}},
		{"Flat 3, 12a High Road", Address{Unit: "3", Number: "12a", Street: "high road", Key: "12a high road unit 3"}},
		{"12a High Rd, Flat 3", Address{Unit: "3", Number: "12a", Street: "high road", Key: "12a high road unit 3"}},
		{"Hauptstr. 5", Address{Number: "5", Street: "hauptstrasse", Key: "5 hauptstrasse"}},
		{"Hauptstraße 5", Address{Number: "5", Street: "hauptstrasse", Key: "5 hauptstrasse"}},
		{"Berliner Str. 12", Address{Number: "12", Street: "berliner strasse", Key: "12 berliner strasse"}},
		{"Karl-Marx-Straße 3", Address{Number: "3", Street: "karl marx strasse", Key: "3 karl marx strasse"}},
		{"St Kilda Rd", Address{Street: "saint kilda road", Key: "saint kilda road"}},
		{"100 St. Kilda Rd", Address{Number: "100", Street: "saint kilda road", Key: "100 saint kilda road"}},
		{"5 N Main St Apt 4B", Address{Number: "5", Street: "north main street", Unit: "4b", Key: "5 north main street unit 4b"}},
		{"5 Main St #12", Address{Number: "5", Street: "main street", Unit: "12", Key: "5 main street unit 12"}},
		{"Apt. #7, 1 Elm Ave", Address{Number: "1", Street: "elm avenue", Unit: "7", Key: "1 elm avenue unit 7"}},
		{"3/12 High St", Address{Unit: "3", Number: "12", Street: "high street", Key: "12 high street unit 3"}},
		{"Suite 200, 1600 Pennsylvania Ave NW", Address{Unit: "200", Number: "1600", Street: "pennsylvania avenue northwest", Key: "1600 pennsylvania avenue northwest unit 200"}},
		{"12-14 Smith Blvd", Address{Number: "12-14", Street: "smith boulevard", Key: "12-14 smith boulevard"}},
		{"7 Flat Rock Rd", Address{Number: "7", Street: "flat rock road", Key: "7 flat rock road"}},
		{"10 5th Ave", Address{Number: "10", Street: "5th avenue", Key: "10 5th avenue"}},
		{"10 Fifth Avenue", Address{Number: "10", Street: "5th avenue", Key: "10 5th avenue"}},
		{"747 9th Ave. between 50th and 51st Sts.", Address{Number: "747", Street: "9th avenue", Key: "747 9th avenue"}},
		{"747 Ninth Ave.", Address{Number: "747", Street: "9th avenue", Key: "747 9th avenue"}},
		{"Between Rivers Rd 2", Address{Number: "2", Street: "between rivers road", Key: "2 between rivers road"}},
		{"4 Ocean Pde", Address{Number: "4", Street: "ocean parade", Key: "4 ocean parade"}},
		{"9 Park Tce", Address{Number: "9", Street: "park terrace", Key: "9 park terrace"}},
		{"22 Oak Cres", Address{Number: "22", Street: "oak crescent", Key: "22 oak crescent"}},
		{"1 Pacific Hwy", Address{Number: "1", Street: "pacific highway", Key: "1 pacific highway"}},
		{"8 Elm Ct", Address{Number: "8", Street: "elm court", Key: "8 elm court"}},
		{"8 Elm Ln", Address{Number: "8", Street: "elm lane", Key: "8 elm lane"}},
		{"8 Elm Pl", Address{Number: "8", Street: "elm place", Key: "8 elm place"}},
		{"8 Elm Dr", Address{Number: "8", Street: "elm drive", Key: "8 elm drive"}},
		{"１２ Ｍａｉｎ Ｓｔ", Address{Number: "12", Street: "main street", Key: "12 main street"}},
		{"Rue Ste Catherine 4", Address{Number: "4", Street: "rue sainte catherine", Key: "4 rue sainte catherine"}},
		{"Hauptstraße 5 a", Address{Number: "5a", Street: "hauptstrasse", Key: "5a hauptstrasse"}},
		{"12 B High St", Address{Number: "12b", Street: "high street", Key: "12b high street"}},
		{"PO Box 123", Address{Number: "123", Street: "po box", Key: "123 po box"}},
	} {
		if got := n.Address(tc.in); got != tc.want {
			t.Errorf("Address(%q) =\n  %+v, want\n  %+v", tc.in, got, tc.want)
		}
	}
}

func TestStreetKey(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct{ in, want string }{
		{"Main St.", "main street"},
		{"main street", "main street"},
		{"12 Main St", "main street"},
		{"St Kilda Rd", "saint kilda road"},
		{"Hauptstr.", "hauptstrasse"},
		{"Hauptstrasse", "hauptstrasse"},
		{"Park Ave S", "park avenue south"},
		{"Sunset Blvd", "sunset boulevard"},
	} {
		if got := n.StreetKey(tc.in); got != tc.want {
			t.Errorf("StreetKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPostcode(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct{ in, country, want string }{
		{"", "GB", ""},
		{"sw1a 1aa", "GB", "SW1A1AA"},
		{"SW1A-1AA", "UK", "SW1A1AA"},
		{"sw1a 1aa", "", "SW1A1AA"},
		{"12345-6789", "US", "12345"},
		{"123456789", "US", "12345"},
		{"12345-6789", "", "12345"},
		{"501", "US", "00501"},
		{"2134", "USA", "02134"},
		{"2134.0", "United States", "02134"},
		{"1067", "DE", "01067"},
		{"1067", "Germany", "01067"},
		{"1067", "Deutschland", "01067"},
		{"1067", "", "1067"},
		{"1067", "AU", "1067"},
		{"D-01067", "DE", "01067"},
		{"6000", "FR", "06000"},
		{"75001", "FR", "75001"},
		{"０１０６７", "DE", "01067"},
		{"2000", "Australia", "2000"},
		{"1234 AB", "NL", "1234AB"},
		{"H3Z 2Y7", "CA", "H3Z2Y7"},
	} {
		if got := n.Postcode(tc.in, tc.country); got != tc.want {
			t.Errorf("Postcode(%q, %q) = %q, want %q", tc.in, tc.country, got, tc.want)
		}
	}
}

func TestNameKeyGeneration(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct {
		in   string
		key  string
		want uint8
	}{
		{"Rivera Jr.", "rivera", GenerationJunior}, // a surname field
		{"Schmidt sen.", "schmidt", GenerationSenior},
		{"Hofmann jun.", "hofmann", GenerationJunior},
		{"Parsons SR", "parsons", GenerationSenior},
		{"Gates III", "gates", GenerationThird},
		{"Gupta Sen", "gupta sen", GenerationNone}, // "Sen" without a dot is a name
		{"Rivera", "rivera", GenerationNone},
		{"Jr.", "jr", GenerationNone}, // a marker alone is kept as the name
	} {
		k, g := n.NameKeyGeneration(tc.in)
		if k != tc.key || g != tc.want {
			t.Errorf("NameKeyGeneration(%q) = %q, %d; want %q, %d", tc.in, k, g, tc.key, tc.want)
		}
	}
}

func TestMonthOfMistypedDate(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct {
		in     string
		y, m   int
		wantOK bool
	}{
		{"1930-03-33", 1930, 3, true}, // RLdata: a mistyped day
		{"1970-5-35", 1970, 5, true},
		{"1857-02-41", 1857, 2, true},
		{"1981-02-30", 1981, 2, true}, // no 30 February
		{"35.05.1970", 1970, 5, true}, // day first, and it cannot be a month
		{"05/35/1970", 1970, 5, true}, // month first
		{"1862-01-00", 1862, 1, true}, // a day of zeros: lost
		{"1930-03-31", 0, 0, false},   // a real date: Date reads it
		{"1836-21-01", 0, 0, false},   // month 21: which part is the month is not certain
		{"13/35/1970", 0, 0, false},
		{"1970-05", 0, 0, false},
		{"hello", 0, 0, false},
		{"", 0, 0, false},
	} {
		d, ok := n.MonthOfMistypedDate(tc.in)
		if ok != tc.wantOK || (ok && (d.Y != tc.y || d.M != tc.m || d.D != 0)) {
			t.Errorf("MonthOfMistypedDate(%q) = %v, %v; want %d-%02d, %v", tc.in, d, ok, tc.y, tc.m, tc.wantOK)
		}
	}
}

func TestDayOfMistypedMonth(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct {
		in      string
		y, m, d int
		wantOK  bool
	}{
		{"1961-14-10", 1961, 14, 10, true}, // RLdata: a mistyped month
		{"1856-86-18", 1856, 86, 18, true},
		{"1780-21-01", 1780, 21, 1, true}, // perhaps day and month swapped: the digits are kept
		{"1992-00-08", 1992, 0, 8, true},  // a lost month
		{"1850-00-00", 1850, 0, 0, true},  // the year alone
		{"1961-12-10", 0, 0, 0, false},    // a real date
		{"1930-03-33", 0, 0, 0, false},    // a mistyped day: MonthOfMistypedDate
		{"1961-14-32", 0, 0, 0, false},    // nothing certain but the year
		{"14.21.1961", 0, 0, 0, false},    // not year first: which part is the month is not certain
		{"0961-14-10", 0, 0, 0, false},
		{"", 0, 0, 0, false},
	} {
		d, ok := n.DayOfMistypedMonth(tc.in)
		if ok != tc.wantOK || (ok && (d.Y != tc.y || d.M != tc.m || d.D != tc.d)) {
			t.Errorf("DayOfMistypedMonth(%q) = %v, %v; want %d-%02d-%02d, %v", tc.in, d, ok, tc.y, tc.m, tc.d, tc.wantOK)
		}
	}
}

func TestDate(t *testing.T) {
	dmy := newT(t, Options{})
	mdy := newT(t, Options{DateOrder: "MDY"})
	ymd := newT(t, Options{DateOrder: "YMD"})
	yy := func(v int) int { // expected 4-digit year for a 2-digit one
		if v > dmy.pivot {
			return dmy.cent - 100 + v
		}
		return dmy.cent + v
	}
	for _, tc := range []struct {
		n    *Normalizer
		in   string
		want Date
		ok   bool
	}{
		{dmy, "", Date{}, false},
		{dmy, "2006-01-02", Date{2006, 1, 2}, true},
		{dmy, "2006/01/02", Date{2006, 1, 2}, true},
		{dmy, "20060102", Date{2006, 1, 2}, true},
		{dmy, "19081209", Date{1908, 12, 9}, true},
		{dmy, "02/01/2006", Date{2006, 1, 2}, true},
		{mdy, "01/02/2006", Date{2006, 1, 2}, true},
		{mdy, "13/01/2006", Date{2006, 1, 13}, true},
		{dmy, "01/13/2006", Date{2006, 1, 13}, true},
		{dmy, "02.01.2006", Date{2006, 1, 2}, true},
		{mdy, "02.01.2006", Date{2006, 1, 2}, true},
		{dmy, "02-01-2006", Date{2006, 1, 2}, true},
		{dmy, "2 Jan 2006", Date{2006, 1, 2}, true},
		{dmy, "02-Jan-2006", Date{2006, 1, 2}, true},
		{dmy, "January 2, 2006", Date{2006, 1, 2}, true},
		{dmy, "Jan 2 2006", Date{2006, 1, 2}, true},
		{dmy, "Monday, 2nd of January 2006", Date{2006, 1, 2}, true},
		{dmy, "2. März 1985", Date{1985, 3, 2}, true},
		{dmy, "2 MAERZ 1985", Date{1985, 3, 2}, true},
		{dmy, "1er mars 1985", Date{1985, 3, 1}, true},
		{dmy, "24 Dezember 1999", Date{1999, 12, 24}, true},
		{dmy, "24 décembre 1999", Date{1999, 12, 24}, true},
		{dmy, "3 févr. 2001", Date{2001, 2, 3}, true},
		{dmy, "2006-01-02T15:04:05Z", Date{2006, 1, 2}, true},
		{dmy, "2006-01-02T15:04:05+02:00", Date{2006, 1, 2}, true},
		{dmy, "2006-01-02 15:04:05", Date{2006, 1, 2}, true},
		{dmy, "20060102T150405", Date{2006, 1, 2}, true},
		{dmy, "02/01/2006 3:04 PM", Date{2006, 1, 2}, true},
		{dmy, "1985年3月4日", Date{1985, 3, 4}, true},
		{dmy, "２００６－０１－０２", Date{2006, 1, 2}, true},
		{dmy, "02/01/85", Date{1985, 1, 2}, true},
		{dmy, "02/01/05", Date{2005, 1, 2}, true},
		{dmy, "02/01/99", Date{yy(99), 1, 2}, true},
		{ymd, "85/03/04", Date{1985, 3, 4}, true},
		{ymd, "04/03/1985", Date{1985, 3, 4}, true},
		{dmy, "1650-03-04", Date{1650, 3, 4}, true},
		{dmy, "29/02/2000", Date{2000, 2, 29}, true},
		{dmy, "29/02/1900", Date{}, false},
		{dmy, "30/02/2001", Date{}, false},
		{dmy, "2001-13-01", Date{}, false},
		{dmy, "2001-00-10", Date{}, false},
		{dmy, "31/04/2001", Date{}, false},
		{dmy, "31045", Date{}, false},
		{dmy, "31045.5", Date{}, false},
		{dmy, "44927", Date{}, false},
		{dmy, "850304", Date{}, false},
		{dmy, "1985", Date{1985, 0, 0}, true},
		{dmy, "03/1985", Date{1985, 3, 0}, true},
		{dmy, "1985-03", Date{1985, 3, 0}, true},
		{dmy, "March 1985", Date{1985, 3, 0}, true},
		{dmy, "March 4", Date{}, false},
		{dmy, "tomorrow", Date{}, false},
		{dmy, "12:30", Date{}, false},
		{dmy, "0000-00-00", Date{}, false},
		{dmy, "1/2/3", Date{}, false},
		{dmy, "2006-01-02-03", Date{}, false},
		{dmy, "Jan Feb 2006", Date{}, false},
		{dmy, "12345678901234567890", Date{}, false},
	} {
		got, ok := tc.n.Date(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Date(%q) = %v, %v, want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestDateString(t *testing.T) {
	for _, tc := range []struct {
		d    Date
		want string
	}{
		{Date{}, ""},
		{Date{2006, 1, 2}, "2006-01-02"},
		{Date{1650, 12, 31}, "1650-12-31"},
		{Date{1985, 0, 0}, "1985"},
		{Date{1985, 3, 0}, "1985-03"},
		{Date{0, 3, 4}, "0000-03-04"},
	} {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.d, got, tc.want)
		}
		if tc.d.IsZero() != (tc.want == "") {
			t.Errorf("%#v.IsZero() = %v", tc.d, tc.d.IsZero())
		}
	}
}

func TestGender(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct{ in, want string }{
		{"M", "m"}, {"male", "m"}, {"Man", "m"}, {"Mr.", "m"}, {"Herr", "m"}, {"Mann", "m"},
		{"männlich", "m"}, {"masculin", "m"}, {"H", "m"}, {"homme", "m"}, {"1", "m"},
		{"F", "f"}, {"Female", "f"}, {"woman", "f"}, {"W", "f"}, {"weiblich", "f"}, {"FRAU", "f"},
		{"femme", "f"}, {"féminin", "f"}, {"Mrs", "f"}, {"2", "f"},
		{"", ""}, {"x", ""}, {"d", ""}, {"divers", ""}, {"unknown", ""}, {"0", ""}, {"mf", ""},
	} {
		if got := n.Gender(tc.in); got != tc.want {
			t.Errorf("Gender(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCountry(t *testing.T) {
	n := newT(t, Options{})
	for _, tc := range []struct{ in, want string }{
		{"Deutschland", "DE"}, {"Germany", "DE"}, {"DE", "DE"}, {"deu", "DE"}, {"Allemagne", "DE"},
		{"UK", "GB"}, {"United Kingdom", "GB"}, {"GB", "GB"}, {"England", "GB"}, {"Großbritannien", "GB"},
		{"USA", "US"}, {"U.S.A.", "US"}, {"United States", "US"}, {"US", "US"}, {"États-Unis", "US"},
		{"Österreich", "AT"}, {"Schweiz", "CH"}, {"Suisse", "CH"}, {"Espagne", "ES"}, {"Türkiye", "TR"},
		{"  france ", "FR"}, {"nz", "NZ"}, {"Narnia", "NARNIA"}, {"", ""},
	} {
		if got := n.Country(tc.in); got != tc.want {
			t.Errorf("Country(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestNoPanicOddInput runs every function over hostile inputs.
func TestNoPanicOddInput(t *testing.T) {
	n := newT(t, Options{})
	for _, s := range []string{
		"\xff\xfe\xfd", "\x00\x00", "MÃ¼ller Ã", "Ã\x80", "\u0301\u0301", "#", "/", "1/", "3/", ",,,", "..",
		"@", "<>", "mailto:", "+", "00", "x", ":", "T", strings.Repeat("a", 10000), strings.Repeat("1", 300),
		strings.Repeat("Dr. ", 50), "\U0010FFFF", "\uFFFD",
	} {
		for _, out := range []string{
			n.Key(s), n.Clean(s), n.NameKey(s), n.Postcode(s, "US"), n.Gender(s), n.Country(s), n.StreetKey(s),
		} {
			if !utf8.ValidString(out) {
				t.Errorf("invalid UTF-8 output %q for %q", out, s)
			}
		}
		n.ParseName(s)
		n.Email(s)
		n.Phone(s, "")
		n.Address(s)
		n.Date(s)
		n.GivenForms(n.Key(s))
	}
}

// TestKeyIdempotentRunes sweeps the BMP (and a sample of the other planes)
// for runes whose key changes when keyed again. It found that x/text's
// Fold flips Cherokee letters between cases on every call.
func TestKeyIdempotentRunes(t *testing.T) {
	n := newT(t, Options{})
	bad := 0
	for r := rune(0x80); r <= 0x10FFFF; r++ {
		if r > 0xFFFF {
			r += 16
		}
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		for _, s := range []string{string(r), "İ" + string(r) + "\u0301"} {
			k := n.Key(s)
			if k2 := n.Key(k); k2 != k || !utf8.ValidString(k) {
				bad++
				if bad < 10 {
					t.Errorf("%U: Key(%q) = %q, Key(%q) = %q", r, s, k, k, k2)
				}
			}
		}
	}
}

// TestKeyLatinFastPath checks that the Latin table path gives what the
// general path gives, for every table rune in several contexts and for
// pseudo-random mixes.
func TestKeyLatinFastPath(t *testing.T) {
	n := newT(t, Options{})
	check := func(s string) {
		t.Helper()
		fast, ok := n.appendLatinKey(nil, s)
		if !ok {
			return
		}
		if slow := n.appendKeySlow(nil, s); string(fast) != string(slow) {
			t.Errorf("%q: latin path %q, general path %q", s, fast, slow)
		}
	}
	var runes []rune
	for r := rune(0x20); r < latinHi; r++ {
		if r >= 0x7F && r < latinLo {
			continue
		}
		runes = append(runes, r)
		for _, f := range []string{"%c", "A%c", "%cB", "x %c y", "%c%c", "O%c'%c-z"} {
			check(strings.ReplaceAll(f, "%c", string(r)))
		}
	}
	seed := uint32(1)
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for j := 0; j < 8; j++ {
			seed = seed*1664525 + 1013904223
			b.WriteRune(runes[int(seed>>8)%len(runes)])
		}
		check(b.String())
	}
}

func TestTitleGender(t *testing.T) {
	n := newT(t, Options{})
	for in, want := range map[string]string{
		"Herr": "m", "Herr Dr.": "m", "Frau Prof. Dr.": "f", "Mrs": "f", "Ms.": "f", "Mr": "m",
		"Monsieur": "m", "Mme": "f", "Dr.": "", "Prof.": "", "": "", "Firma": "",
	} {
		if got := n.titleGender(in); got != want {
			t.Errorf("titleGender(%q) = %q, want %q", in, got, want)
		}
	}
}
