package synth

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// TestDefaultOutputUnchanged pins the output without hard cases to what the
// generator wrote before they existed (hash of doppel-synth -n 3000 -files 4
// -dup 0.3 -seed 11 -cp1252 at commit c1299fb), so that benchmarks on
// generated data keep their meaning.
func TestDefaultOutputUnchanged(t *testing.T) {
	dir := t.TempDir()
	res, err := Generate(Config{Records: 3000, Files: 4, Dup: 0.3, Seed: 11, Windows1252: true}, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, name := range []string{"crm.csv", "billing.csv", "support.tsv", "webshop.csv", "truth.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	if got, want := hex.EncodeToString(h.Sum(nil)), "f35d94b42c4c56e3ec34ce7a608df2ced9099b97e09f7dd38cec36a30407afb7"; got != want {
		t.Errorf("default output changed: sha256 %s, want %s", got, want)
	}
	if res.CasesPath != "" || res.HousePath != "" {
		t.Errorf("side files without hard cases: %+v", res)
	}
	for _, name := range []string{"cases.csv", "households.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s written without hard cases", name)
		}
	}
}

func TestHardCases(t *testing.T) {
	cfg := Config{Records: 20000, Files: 4, Dup: 0.3, Seed: 3, Hard: 0.2}
	dir := t.TempDir()
	res, err := Generate(cfg, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != cfg.Records || res.Entities+res.Duplicates != res.Records {
		t.Fatalf("result %+v", res)
	}
	truth := readAll(t, res.TruthPath, ',')
	cases := readAll(t, res.CasesPath, ',')
	house := readAll(t, res.HousePath, ',')
	if got := strings.Join(cases[0], ","); got != "source,id,kind,group" {
		t.Fatalf("cases header %q", got)
	}
	if got := strings.Join(house[0], ","); got != "source,id,household" {
		t.Fatalf("households header %q", got)
	}
	if len(cases) != len(truth) || len(house) != len(truth) {
		t.Fatalf("rows: truth %d, cases %d, households %d", len(truth), len(cases), len(house))
	}
	kinds := map[string]int{}
	entHouse := map[string]string{}
	for i := 1; i < len(truth); i++ {
		tr, c, h := truth[i], cases[i], house[i]
		if tr[0] != c[0] || tr[1] != c[1] || tr[0] != h[0] || tr[1] != h[1] {
			t.Fatalf("row %d: truth %v, cases %v, households %v", i, tr, c, h)
		}
		kinds[c[2]]++
		if prev, ok := entHouse[tr[2]]; ok && prev != h[2] {
			t.Errorf("entity %s in households %s and %s", tr[2], prev, h[2])
		}
		entHouse[tr[2]] = h[2]
		switch c[2] {
		case "household", "twins", "junior-senior":
			if h[2] != c[3] {
				t.Errorf("row %d: %s group %s but household %s", i, c[2], c[3], h[2])
			}
		case "none":
			if h[2] != "H"+tr[2][1:] {
				t.Errorf("row %d: ordinary record of %s in household %s", i, tr[2], h[2])
			}
		}
	}
	for _, k := range CaseKinds() {
		if kinds[k] == 0 {
			t.Errorf("no record of kind %s: %v", k, kinds)
		}
	}
	// Households hold several entities.
	members := map[string]map[string]bool{}
	for i := 1; i < len(truth); i++ {
		h := house[i][2]
		if members[h] == nil {
			members[h] = map[string]bool{}
		}
		members[h][truth[i][2]] = true
	}
	multi := 0
	for _, m := range members {
		if len(m) > 1 {
			multi++
		}
	}
	if multi < 200 {
		t.Errorf("only %d households with more than one person", multi)
	}

	// Every export has the company column; Chinese customers are in Han
	// characters in the first export (crm) and romanised in the others.
	kindOf := map[string]string{}
	for _, c := range cases[1:] {
		kindOf[c[0]+"/"+c[1]] = c[2]
	}
	han := func(s string) bool {
		for _, r := range s {
			if unicode.Is(unicode.Han, r) {
				return true
			}
		}
		return false
	}
	for _, f := range res.Files {
		delim := map[string]rune{"crm": ',', "billing": ';', "support": '\t', "webshop": '|'}[f.Schema]
		rows := readAll(t, f.Path, delim)
		if last := rows[0][len(rows[0])-1]; last != companyHeader(f.Schema) {
			t.Errorf("%s: last column %q", f.Path, last)
		}
		chinese, company := 0, 0
		for _, row := range rows[1:] {
			switch kindOf[f.Source+"/"+row[0]] {
			case "chinese":
				chinese++
				name := strings.Join(row[1:4], " ")
				if f.Schema == "crm" != han(name) {
					t.Errorf("%s %s: Chinese name %q", f.Source, row[0], name)
				}
			case "company":
				if row[len(row)-1] == "" {
					t.Errorf("%s %s: company customer without company name: %v", f.Source, row[0], row)
				}
				company++
			}
		}
		if chinese == 0 || company == 0 {
			t.Errorf("%s: %d Chinese and %d company records", f.Source, chinese, company)
		}
	}

	// Deterministic.
	dir2 := t.TempDir()
	if _, err := Generate(cfg, dir2, ""); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"crm.csv", "billing.csv", "support.tsv", "webshop.csv", "truth.csv", "cases.csv", "households.csv"} {
		a, _ := os.ReadFile(filepath.Join(dir, name))
		b, _ := os.ReadFile(filepath.Join(dir2, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between runs", name)
		}
	}
}

// TestHardCaseStructure checks the people of each case kind: what they
// share and where they differ.
func TestHardCaseStructure(t *testing.T) {
	g := newGenerator(Config{Records: 1, Files: 3, Seed: 9, Hard: 0.5})
	for i := 0; i < 3000; i++ {
		g.newCase()
	}
	byGroup := map[string][]int{}
	seenKind := map[uint8]bool{}
	for i := range g.people {
		h := g.hard[i]
		if h == nil {
			t.Fatalf("person %d without case", i)
		}
		seenKind[h.kind] = true
		if h.group != "" {
			byGroup[h.group] = append(byGroup[h.group], i)
		}
	}
	if len(seenKind) != numCases-1 {
		t.Errorf("kinds made: %v", seenKind)
	}
	sameHome := func(a, b *person) bool {
		return a.country == b.country && a.city == b.city && a.street == b.street && a.streetSuf == b.streetSuf &&
			a.house == b.house && a.postSeed == b.postSeed && a.phone == b.phone
	}
	name := func(p *person) string {
		return g.t.given[p.culture][p.gender][p.given] + " " + g.t.surname[p.culture][p.family]
	}
	otherForm := 0 // companies of one name with different legal forms
	ownName := 0   // households whose partners have different family names
	households := 0
	for grp, ids := range byGroup {
		k := g.hard[ids[0]].kind
		if k == casePlaceholder || k == caseChinese || k == caseMover {
			t.Errorf("group %s of kind %d", grp, k)
		}
		if k != caseCompany && len(ids) < 2 || k == caseCompany && !strings.HasPrefix(grp, "K-") {
			t.Errorf("group %s (kind %d) has %d people", grp, k, len(ids))
		}
		a := &g.people[ids[0]]
		if k == caseHousehold {
			households++
		}
		for _, j := range ids[1:] {
			b := &g.people[j]
			switch k {
			case caseHousehold, caseTwins, caseColleagues:
				if !sameHome(a, b) {
					t.Errorf("group %s: %d and %d do not share address and landline", grp, ids[0], j)
				}
				if name(a) == name(b) {
					t.Errorf("group %s: %d and %d both %q", grp, ids[0], j, name(a))
				}
				// The second adult of a household (ids[1]) may keep a
				// family name of their own; everyone else has the first's.
				partner := k == caseHousehold && j == ids[1]
				if partner && a.family != b.family {
					ownName++
				}
				if k != caseColleagues && !partner && a.family != b.family {
					t.Errorf("group %s: family names differ", grp)
				}
				if k == caseTwins && (a.dobY != b.dobY || a.dobM != b.dobM || a.dobD != b.dobD) {
					t.Errorf("twins %s: birth dates differ", grp)
				}
			case caseJuniorSenior:
				if !sameHome(a, b) || name(a) != name(b) {
					t.Errorf("junior/senior %s: %q and %q, same home %v", grp, name(a), name(b), sameHome(a, b))
				}
				if gap := int(b.dobY) - int(a.dobY); gap < 25 || gap > 30 {
					t.Errorf("junior/senior %s: born %d years apart", grp, gap)
				}
			case caseCompany:
				ha, hb := g.hard[ids[0]], g.hard[j]
				ca, cb := g.companies[ha.company], g.companies[hb.company]
				if ca.base != cb.base || ca.domain == cb.domain {
					t.Errorf("companies of one name %s: %+v, %+v", grp, ca, cb)
				}
				if ca.form != cb.form {
					otherForm++
				}
			}
		}
	}

	if lo, hi := 0.6*ownNameShare*float64(households), 1.4*ownNameShare*float64(households); float64(ownName) < lo || float64(ownName) > hi {
		t.Errorf("%d of %d households have partners with different family names, want %.0f-%.0f", ownName, households, lo, hi)
	}
	if otherForm < 20 {
		t.Errorf("%d namesake companies with another legal form", otherForm)
	}

	// Rendering: placeholders, movers, Chinese script, company legal forms.
	for i := range g.people {
		h := g.hard[i]
		switch h.kind {
		case casePlaceholder:
			f := g.render(i, false, 0)
			email, tel := "test@test.com", "000-000-0000"
			if h.storeValue {
				email, tel = storeEmail, storePhone
			}
			if h.placeholder&phEmail != 0 && f.email != email ||
				h.placeholder&phDob != 0 && f.dobY != 1900 ||
				h.placeholder&phPhone != 0 && f.phone.raw != tel ||
				h.placeholder&phStreet != 0 && f.street != "N/A" {
				t.Errorf("placeholder %d (mask %b): %+v", i, h.placeholder, f)
			}
		case caseMover:
			old, moved := g.render(i, false, h.home), g.render(i, true, (h.home+1)%3)
			if old.phone.num == moved.phone.num {
				t.Errorf("mover %d kept the landline", i)
			}
		case caseChinese:
			f, r := g.render(i, false, 0), g.render(i, false, 1)
			if !hasHan(f.family) || hasHan(r.family+r.given) {
				t.Errorf("Chinese %d: export 0 %q %q, export 1 %q %q", i, f.given, f.family, r.given, r.family)
			}
		case caseCompany:
			f := g.render(i, false, 0)
			c := g.companies[h.company]
			lf := g.t.legalForms[c.culture][c.form]
			up := strings.ToUpper(translit(f.family))
			ok := false
			for _, form := range lf {
				ok = ok || strings.HasSuffix(up, strings.ToUpper(translit(form)))
			}
			if !ok || f.given != "" || f.dobY != 0 || f.company != f.family {
				t.Errorf("company %d: %+v (forms %v)", i, f, lf)
			}
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestHardConfigError(t *testing.T) {
	for _, h := range []float64{-0.1, 1} {
		if _, err := Generate(Config{Records: 10, Hard: h}, t.TempDir(), ""); err == nil || !strings.Contains(err.Error(), "hard-case share") {
			t.Errorf("Hard %v: %v", h, err)
		}
	}
}
