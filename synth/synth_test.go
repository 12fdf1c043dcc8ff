package synth

import (
	"bytes"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func readAll(t *testing.T, path string, delim rune) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = delim
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Records: 5000, Files: 4, Dup: 0.3, Seed: 7}
	res, err := Generate(cfg, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != cfg.Records || len(res.Files) != 4 {
		t.Fatalf("result %+v", res)
	}
	if share := float64(res.Duplicates) / float64(res.Records); share < 0.27 || share > 0.33 {
		t.Errorf("duplicate share %.3f, want about 0.3", share)
	}
	if res.Entities+res.Duplicates != res.Records {
		t.Errorf("entities %d + duplicates %d != records %d", res.Entities, res.Duplicates, res.Records)
	}
	truth := readAll(t, filepath.Join(dir, "truth.csv"), ',')
	if strings.Join(truth[0], ",") != "source,id,entity" {
		t.Fatalf("truth header %q", truth[0])
	}
	keys := make(map[string]string)
	entities := make(map[string]int)
	for _, r := range truth[1:] {
		k := r[0] + "/" + r[1]
		if _, dup := keys[k]; dup {
			t.Fatalf("truth key %s repeated", k)
		}
		keys[k] = r[2]
		entities[r[2]]++
	}
	if len(keys) != cfg.Records || len(entities) != res.Entities {
		t.Errorf("truth has %d keys, %d entities; want %d, %d", len(keys), len(entities), cfg.Records, res.Entities)
	}
	schemas := Schemas()
	crossFile := 0
	fileOf := make(map[string]map[string]bool)
	for i, f := range res.Files {
		s := schemas[i]
		if f.Source != s.Name || filepath.Base(f.Path) != s.Name+s.Ext {
			t.Errorf("file %d: %+v", i, f)
		}
		rows := readAll(t, f.Path, rune(s.Delim))
		if strings.Join(rows[0], "|") != strings.Join(s.Header, "|") {
			t.Errorf("%s header %q", f.Source, rows[0])
		}
		if len(rows)-1 != f.Records {
			t.Errorf("%s: %d rows, result says %d", f.Source, len(rows)-1, f.Records)
		}
		for _, r := range rows[1:] {
			e, ok := keys[f.Source+"/"+r[0]]
			if !ok {
				t.Fatalf("%s row %q not in truth", f.Source, r[0])
			}
			if fileOf[e] == nil {
				fileOf[e] = make(map[string]bool)
			}
			fileOf[e][f.Source] = true
		}
	}
	for _, m := range fileOf {
		if len(m) > 1 {
			crossFile++
		}
	}
	if crossFile < res.Duplicates/4 {
		t.Errorf("only %d entities span files", crossFile)
	}
	b, _ := os.ReadFile(res.Files[0].Path)
	if !bytes.HasPrefix(b, []byte("\ufeffCustomerID,")) {
		t.Errorf("crm.csv lacks BOM: %q", b[:20])
	}
}

func TestDeterministic(t *testing.T) {
	gen := func(seed uint64) []byte {
		dir := t.TempDir()
		if _, err := Generate(Config{Records: 2000, Dup: 0.4, Seed: seed, Windows1252: true}, dir, ""); err != nil {
			t.Fatal(err)
		}
		var all []byte
		for _, n := range []string{"crm.csv", "billing.csv", "support.tsv", "truth.csv"} {
			b, err := os.ReadFile(filepath.Join(dir, n))
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return all
	}
	a, b, c := gen(1), gen(1), gen(2)
	if !bytes.Equal(a, b) {
		t.Error("same seed, different output")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds, same output")
	}
}

func TestWindows1252(t *testing.T) {
	dir := t.TempDir()
	res, err := Generate(Config{Records: 3000, Files: 2, Dup: 0.3, Seed: 3, Windows1252: true}, dir, filepath.Join(t.TempDir(), "t.csv"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(res.Files[1].Path)
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(b) {
		t.Error("billing.csv is valid UTF-8; want Windows-1252 bytes")
	}
	if !bytes.HasPrefix(b, []byte("Kundennr;Name;Stra\xdfe;PLZ")) {
		t.Errorf("header %q", b[:30])
	}
	if crm, _ := os.ReadFile(res.Files[0].Path); !utf8.Valid(crm) {
		t.Error("crm.csv not UTF-8")
	}
}

func TestNoDuplicates(t *testing.T) {
	res, err := Generate(Config{Records: 1000, Files: 1, Seed: 1}, t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Entities != 1000 || res.Duplicates != 0 {
		t.Errorf("%+v", res)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{{Records: -1}, {Records: 10, Dup: 1}, {Records: 10, Dup: -0.1}, {Records: 10, Files: -2}} {
		if _, err := Generate(cfg, t.TempDir(), ""); err == nil {
			t.Errorf("%+v accepted", cfg)
		}
	}
}

// TestNameDiversity guards against a million records collapsing into few
// name combinations.
func TestNameDiversity(t *testing.T) {
	g := newGenerator(Config{Records: 50000, Seed: 1})
	names := make(map[string]int)
	top := 0
	for i := 0; i < 50000; i++ {
		g.people = append(g.people, g.newPerson())
		f := g.render(i, false, 0)
		k := f.given + " " + f.family
		names[k]++
		top = max(top, names[k])
	}
	if len(names) < 30000 {
		t.Errorf("only %d distinct names in 50000 people", len(names))
	}
	if top > 200 {
		t.Errorf("most common name used %d times", top)
	}
	if n := len(g.t.given[german][0]) + len(g.t.given[german][1]) + len(g.t.given[english][0]) + len(g.t.given[english][1]); n < 450 {
		t.Errorf("%d given names", n)
	}
	if n := len(g.t.surname[german]) + len(g.t.surname[english]); n < 2000 {
		t.Errorf("%d surnames", n)
	}
}

func TestAppendPhone(t *testing.T) {
	de := phone{country: cDE, area: "30", num: "1234567"}
	us := phone{country: cUS, area: "212", num: "5550123"}
	tests := []struct {
		p    phone
		st   int
		want string
	}{
		{de, styleIntl, "+49 30 1234567"},
		{de, styleNational, "030 1234567"},
		{de, styleDash, "030-1234567"},
		{de, styleParen, "(030) 123 45 67"},
		{de, styleE164, "+49301234567"},
		{de, style00, "0049 30 1234567"},
		{de, styleTrunk, "+49 (0)30 1234567"},
		{us, styleIntl, "+1 212-555-0123"},
		{us, styleNational, "(212) 555-0123"},
		{us, styleParen, "212.555.0123"},
		{phone{missing: true}, styleIntl, ""},
	}
	for _, tc := range tests {
		if got := string(appendPhone(nil, tc.p, tc.st)); got != tc.want {
			t.Errorf("style %d: %q, want %q", tc.st, got, tc.want)
		}
	}
}

func TestHelpers(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ in, want string }{
		{"Goethestraße", "Goethestr."}, {"High Street", "High St."}, {"Kings Road", "Kings Rd"}, {"Ringweg", "Ringw."},
	} {
		if got := abbreviateStreet(rand.New(rand.NewPCG(0, 0)), tc.in); got != tc.want && !strings.HasPrefix(got, strings.TrimSuffix(tc.want, ".")) {
			t.Errorf("abbreviateStreet(%q) = %q", tc.in, got)
		}
	}
	for _, tc := range []struct{ in, want string }{{"Müller", "Mueller"}, {"Weiß", "Weiss"}, {"ÖZTÜRK", "OeZTUeRK"}, {"René", "Rene"}, {"Smith", "Smith"}} {
		if got := translit(tc.in); got != tc.want {
			t.Errorf("translit(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{{"Müller", "mueller"}, {"O'Brien", "obrien"}, {"von Bergen", "vonbergen"}, {"Şahin", "sahin"}, {"", "x"}} {
		if got := foldASCII(tc.in); got != tc.want {
			t.Errorf("foldASCII(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for i := 0; i < 200; i++ {
		s := "Schneider"
		got := typo(r, s)
		if got == s && !strings.Contains(got, "ee") {
			continue // substitution may pick the same letter only when a neighbour is absent
		}
		if d := utf8.RuneCountInString(got) - utf8.RuneCountInString(s); d < -1 || d > 1 {
			t.Fatalf("typo(%q) = %q changes length by %d", s, got, d)
		}
	}
	if got := typo(r, "Al"); got != "Al" {
		t.Errorf("short names must stay: %q", got)
	}
	if got := string(appendField(nil, `Meier, "Hansi"`, ',')); got != `"Meier, ""Hansi"""` {
		t.Errorf("quoting: %s", got)
	}
	if got := string(appendField(nil, "Meier, Hans", ';')); got != "Meier, Hans" {
		t.Errorf("needless quoting: %s", got)
	}
	if got := toWindows1252(nil, []byte("Müller € Şahin ✓")); !bytes.Equal(got, []byte("M\xfcller \x80 Sahin ?")) {
		t.Errorf("toWindows1252: %q", got)
	}
}

func FuzzCorruptions(f *testing.F) {
	for _, s := range []string{"Müller", "O'Brien", "", "a", "Ş", "\xff\xfe", "Hans-Peter"} {
		f.Add(s, uint64(1))
	}
	f.Fuzz(func(t *testing.T, s string, seed uint64) {
		r := rand.New(rand.NewPCG(seed, 0))
		_ = typo(r, s)
		_ = translit(s)
		_ = abbreviateStreet(r, s)
		if foldASCII(s) == "" {
			t.Fatal("empty fold")
		}
		out := toWindows1252(nil, []byte(s))
		if len(out) > 2*len(s)+1 {
			t.Fatalf("encoding grew %q -> %q", s, out)
		}
		_, _ = io.Discard.Write(out)
	})
}
