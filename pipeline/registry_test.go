package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/match"
	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/rules"
)

// TestNothingToMatchOn: a run whose mapped fields give no comparison any
// evidence used to finish with exit 0 and merge nothing. It is now an input
// error that says what is missing, and the output folder stays empty.
func TestNothingToMatchOn(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "crm.csv", "id,title,created\n1,Mr,2020-01-01\n2,Mr,2020-01-01\n3,Dr,2021-05-06\n")
	cfgWithFields := func(t *testing.T) *rules.Config {
		cfg, err := rules.Parse("rules.conf", strings.NewReader("[match]\nfields = email\n"))
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	cases := []struct {
		name string
		cfg  func(*testing.T) *rules.Config
		file string
		want string
	}{
		{"no compared column", func(*testing.T) *rules.Config { return nil }, in, "map a name"},
		{"fields without data", cfgWithFields,
			writeFile(t, dir, "web.csv", "id,first_name,last_name\n1,Ann,Lee\n2,Ann,Lee\n"), "limits matching to email"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "out-"+strings.ReplaceAll(tc.name, " ", "-"))
			_, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{tc.file}, OutDir: out, Rules: tc.cfg(t)})
			var ie *pipeline.InputError
			if !errors.As(err, &ie) || !errors.Is(err, match.ErrNoEvidence) {
				t.Fatalf("err = %v, want an input error wrapping ErrNoEvidence", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to mention %q", err, tc.want)
			}
			if m, _ := filepath.Glob(filepath.Join(out, "*")); len(m) > 0 {
				t.Errorf("outputs written: %v", m)
			}
		})
	}
}

// TestSecondPhoneEndToEnd: a "Tel 2" column next to "Phone" used to be
// left unmapped; as phone_2 it is matching evidence (the web shop's second
// number is the CRM's main one) and a golden column in E.164.
func TestSecondPhoneEndToEnd(t *testing.T) {
	dir := t.TempDir()
	crm := writeFile(t, dir, "crm.csv", "id,first_name,last_name,phone\n1,Maria,Garcia,030 1234567\n2,Jon,Smith,040 7654321\n")
	web := writeFile(t, dir, "web.csv", "id,first_name,last_name,phone,tel 2\n7,Maria,Garcia,089 555000,030 1234567\n8,Jon,Smith,0171 999888,\n")
	out := filepath.Join(dir, "out")
	sum, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{crm, web}, OutDir: out, Region: "DE"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sum.Sources {
		if s.Name == "web" && s.Mapping["phone_2"] != "tel 2" {
			t.Fatalf("web mapping %v, want phone_2 from \"tel 2\"", s.Mapping)
		}
	}
	golden := readAll(t, filepath.Join(out, "golden.csv"))
	col := indexOf(golden[0], "phone_2")
	if col < 0 {
		t.Fatalf("golden.csv has no phone_2 column: %q", golden[0])
	}
	found := false
	for _, row := range golden[1:] {
		if row[col] == "+49301234567" {
			found = true
			if row[1] != "2" {
				t.Errorf("Maria Garcia's golden record has %s members, want 2", row[1])
			}
		}
	}
	if !found {
		t.Errorf("no golden record has phone_2 +49301234567: %q", golden)
	}
	// Maria's records agree on a phone only through the second number.
	pairs := readAll(t, filepath.Join(out, "pairs.csv"))
	pc := indexOf(pairs[0], "phone_level")
	if pc < 0 {
		t.Fatalf("pairs.csv has no phone level: %q", pairs[0])
	}
	levels := map[string]bool{}
	for _, row := range pairs[1:] {
		levels[row[pc]] = true
	}
	if !levels["exact"] {
		t.Errorf("no pair agrees exactly on a phone: levels %v", levels)
	}
}

// TestPlaceholdersAreNoEvidence: two different John Smiths, 30 years
// apart in age and in different cities, whose web shop accounts both carry
// the shop's placeholder e-mail and phone. The placeholders used to agree
// exactly and merge them; they are missing values now. Two records of one
// real customer with a real shared e-mail still merge.
func TestPlaceholdersAreNoEvidence(t *testing.T) {
	dir := t.TempDir()
	shop := writeFile(t, dir, "shop.csv", "id,first_name,last_name,email,phone,birth_date,city\n"+
		"1,John,Smith,test@test.com,000-000-0000,1950-02-03,Boston\n"+
		"2,John,Smith,test@test.com,000-000-0000,1981-07-09,Denver\n"+
		"3,Ann,Lee,ann.lee@mail.com,617-555-0101,1970-01-05,Boston\n"+
		"4,Anne,Lee,ann.lee@mail.com,617-555-0101,1970-01-05,Boston\n"+
		"5,Mary,Jones,mary.j@mail.com,617-555-0177,1990-04-04,Austin\n"+
		"6,Peter,Brown,pbrown@mail.com,303-555-0142,1985-11-30,Denver\n")
	out := filepath.Join(dir, "out")
	if _, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{shop}, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	gold := map[string]string{}
	for _, row := range readAll(t, filepath.Join(out, "crosswalk.csv"))[1:] {
		gold[row[1]] = row[2]
	}
	if gold["1"] == gold["2"] {
		t.Error("the two John Smiths were merged on a placeholder e-mail and phone")
	}
	if gold["3"] != gold["4"] {
		t.Error("Ann Lee's two records were not merged")
	}
}

// TestChineseAndGermanHeaders: one export with Chinese headers, one with
// German ones, neither with an id header the synonym tables know; the id
// columns are found by their values (unique, dense codes), the other
// columns by their headers, and the same customers link across.
func TestChineseAndGermanHeaders(t *testing.T) {
	dir := t.TempDir()
	var cn, de strings.Builder
	cn.WriteString("代码,姓名,手机,邮箱,出生日期\n")
	de.WriteString("Schlüssel;Vorname;Nachname;E-Mail;Geburtsdatum\n")
	var people [][4]string
	given := []string{"Wei", "Li", "Jun", "Mei", "Hao", "Yan"}
	family := []string{"Zhang", "Na", "Wang", "Chen"}
	for i := range 12 { // the id profile needs ten rows at least
		g, f := given[i%len(given)], family[i%len(family)]
		people = append(people, [4]string{g, f, fmt.Sprintf("%s.%s%d@mail.cn", strings.ToLower(g), strings.ToLower(f), i),
			fmt.Sprintf("%d-%02d-%02d", 1950+3*i, 1+i, 1+2*i)})
	}
	for i, p := range people {
		fmt.Fprintf(&cn, "CN%04d,%s %s,+86 138 0013 %04d,%s,%s\n", 17+i, p[1], p[0], 1000+i, p[2], p[3])
		fmt.Fprintf(&de, "K-%05d;%s;%s;%s;%s\n", 900+3*i, p[0], p[1], strings.ToUpper(p[2]), p[3][8:10]+"."+p[3][5:7]+"."+p[3][:4])
	}
	files := []string{writeFile(t, dir, "shop_cn.csv", cn.String()), writeFile(t, dir, "crm_de.csv", de.String())}
	out := filepath.Join(dir, "out")
	sum, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: files, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sum.Sources {
		want := map[string]string{"shop_cn": "代码", "crm_de": "Schlüssel"}[s.Name]
		if s.IDColumn != want {
			t.Errorf("%s: id column %q, want %q (found by its values)", s.Name, s.IDColumn, want)
		}
		if s.Mapping["email"] == "" || s.Mapping["birth_date"] == "" {
			t.Errorf("%s: mapping %v lacks e-mail or birth date", s.Name, s.Mapping)
		}
	}
	gold := map[string]string{}
	for _, row := range readAll(t, filepath.Join(out, "crosswalk.csv"))[1:] {
		gold[row[0]+":"+row[1]] = row[2]
	}
	for i := range people {
		a, b := fmt.Sprintf("shop_cn:CN%04d", 17+i), fmt.Sprintf("crm_de:K-%05d", 900+3*i)
		if gold[a] == "" || gold[a] != gold[b] {
			t.Errorf("%s and %s not linked (%q, %q)", a, b, gold[a], gold[b])
		}
	}
}

// TestLoudSources: a source without an id column, or with nothing that is
// compared, is a warning on stderr and in summary.json, and an input error
// under strict.
func TestLoudSources(t *testing.T) {
	dir := t.TempDir()
	noID := writeFile(t, dir, "web.csv", "first_name,last_name\nAnn,Lee\nBob,Ray\n")
	codes := writeFile(t, dir, "codes.csv", "id,segment\n1,retail\n2,business\n")
	crm := writeFile(t, dir, "crm.csv", "id,first_name,last_name\n7,Ann,Lee\n8,Bob,Ray\n")
	var warned []string
	sum, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{noID, codes, crm}, OutDir: filepath.Join(dir, "out"),
		Warn: func(f string, a ...any) { warned = append(warned, fmt.Sprintf(f, a...)) }})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"web: no id column found", "codes: no column maps to a field that is compared"}
	for _, w := range want {
		found := false
		for _, s := range sum.Warnings {
			found = found || strings.HasPrefix(s, w)
		}
		if !found {
			t.Errorf("summary warnings %q lack %q", sum.Warnings, w)
		}
	}
	if !slices.Equal(warned, sum.Warnings) {
		t.Errorf("stderr warnings %q differ from summary.json's %q", warned, sum.Warnings)
	}
	cfg, err := rules.Parse("rules.conf", strings.NewReader("[match]\nstrict = true\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{noID, codes, crm}, OutDir: filepath.Join(dir, "out2"), Rules: cfg})
	var ie *pipeline.InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "no id column") || !strings.Contains(err.Error(), "no column maps") {
		t.Errorf("strict run: %v, want an input error naming both sources", err)
	}
}

// TestFatherAndSon: a father and his son of the same name share the
// address and the landline; only their birth dates, 28 years apart, tell
// them apart. They used to be merged (every other field agrees). The
// father's record in billing still joins his CRM record.
func TestFatherAndSon(t *testing.T) {
	dir := t.TempDir()
	crm := writeFile(t, dir, "crm.csv", "id,first_name,last_name,birth_date,phone,address,postcode,city\n"+
		"1,Robert,Miller,1955-03-12,0171 2345678,Hauptstrasse 5,10115,Berlin\n"+
		"2,Robert,Miller,1983-09-27,0171 2345678,Hauptstrasse 5,10115,Berlin\n"+
		"3,Anna,Schulz,1970-01-05,030 5550101,Ringstrasse 9,10117,Berlin\n"+
		"4,Jonas,Weber,1990-04-04,030 5550177,Parkweg 1,10119,Berlin\n"+
		"5,Lea,Fischer,1985-11-30,030 5550142,Seeweg 3,10178,Berlin\n")
	billing := writeFile(t, dir, "billing.csv", "id,first_name,last_name,birth_date,phone,address,postcode,city\n"+
		"B7,Robert,Miller,1955-03-12,0171 2345678,Hauptstr. 5,10115,Berlin\n"+
		"B8,Anna,Schulz,1970-01-05,030 5550101,Ringstr. 9,10117,Berlin\n")
	out := filepath.Join(dir, "out")
	if _, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{crm, billing}, OutDir: out, Region: "DE"}); err != nil {
		t.Fatal(err)
	}
	gold := map[string]string{}
	for _, row := range readAll(t, filepath.Join(out, "crosswalk.csv"))[1:] {
		gold[row[0]+":"+row[1]] = row[2]
	}
	if gold["crm:1"] == gold["crm:2"] {
		t.Error("father and son were merged")
	}
	if gold["crm:1"] != gold["billing:B7"] {
		t.Error("the father's two records were not merged")
	}
	// Not merged, but grouped: one household, listed in households.csv
	// with what its members share.
	golden := readAll(t, filepath.Join(out, "golden.csv"))
	hc := indexOf(golden[0], "household_id")
	hh := map[string]string{}
	for _, row := range golden[1:] {
		hh[row[0]] = row[hc]
	}
	if hh[gold["crm:1"]] == "" || hh[gold["crm:1"]] != hh[gold["crm:2"]] {
		t.Errorf("father and son are not one household: %q, %q", hh[gold["crm:1"]], hh[gold["crm:2"]])
	}
	if hh[gold["crm:3"]] != "" {
		t.Errorf("Anna Schulz, who lives alone, has household %q", hh[gold["crm:3"]])
	}
	hs := readAll(t, filepath.Join(out, "households.csv"))
	if len(hs) != 2 || hs[1][0] != hh[gold["crm:1"]] || hs[1][2] != "2" || hs[1][3] != "family_name+address+phone+look_alike" {
		t.Errorf("households.csv = %q", hs)
	}
}

// TestChineseNamesAcrossScripts: the CRM writes Chinese customers in Han
// characters, the web shop in pinyin, in either order, with or without a
// hyphen between the syllables of the given name.
func TestChineseNamesAcrossScripts(t *testing.T) {
	dir := t.TempDir()
	crm := writeFile(t, dir, "crm.csv", "id,姓名,出生日期,城市\n"+
		"1,宋建国,1972-05-14,上海\n2,王丽娜,1985-11-02,北京\n3,欧阳明,1990-01-20,广州\n4,张伟,1968-07-07,深圳\n")
	web := writeFile(t, dir, "web.csv", "id,name,birth_date\n"+
		"a,Song Jianguo,1972-05-14\nb,Lina Wang,1985-11-02\nc,OUYANG Ming,1990-01-20\nd,Zhang Wei,1968-07-07\n")
	out := filepath.Join(dir, "out")
	if _, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{crm, web}, OutDir: out, LinkOnly: true}); err != nil {
		t.Fatal(err)
	}
	gold := map[string]string{}
	for _, row := range readAll(t, filepath.Join(out, "crosswalk.csv"))[1:] {
		gold[row[0]+":"+row[1]] = row[2]
	}
	for _, p := range [][2]string{{"crm:1", "web:a"}, {"crm:2", "web:b"}, {"crm:3", "web:c"}, {"crm:4", "web:d"}} {
		if gold[p[0]] == "" || gold[p[0]] != gold[p[1]] {
			t.Errorf("%s and %s not linked", p[0], p[1])
		}
	}
	if gold["crm:1"] == gold["crm:2"] {
		t.Error("two different customers merged")
	}
}

// TestRomanisedGivenNames: a Chinese or Korean given name of two
// syllables is one given name however the syllables are written (joined,
// hyphenated, spaced) and wherever the family name stands, so every
// romanised form meets the name in Han or Hangul directly; a namesake one
// syllable apart in another city stays apart.
func TestRomanisedGivenNames(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "customers.csv", "id,name,city\n"+
		"1,宋建国,Beijing\n2,Song Jianguo,Beijing\n3,Jianguo Song,Beijing\n4,SONG Jian-Guo,Beijing\n5,Song Jian Guo,Beijing\n"+
		"6,张佳然,Beijing\n7,Zhang Jia-Ran,Beijing\n8,Zhang Jia-Guo,Shanghai\n"+
		"9,김민수,Seoul\n10,KIM Min-Su,Seoul\n11,Min Su Kim,Seoul\n"+
		"12,Anna Schmidt,Berlin\n13,Peter Meyer,Hamburg\n14,Lee Ann Smith,Boston\n15,Li Na,Wuhan\n")
	out := filepath.Join(dir, "out")
	if _, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{in}, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	gold := map[string]string{}
	for _, row := range readAll(t, filepath.Join(out, "crosswalk.csv"))[1:] {
		gold[row[1]] = row[2]
	}
	for _, c := range [][]string{{"1", "2", "3", "4", "5"}, {"6", "7"}, {"9", "10", "11"}} {
		for _, id := range c[1:] {
			if gold[id] != gold[c[0]] {
				t.Errorf("record %s not in the cluster of record %s", id, c[0])
			}
		}
	}
	for _, p := range [][2]string{{"6", "8"}, {"1", "6"}, {"1", "9"}, {"14", "15"}} {
		if gold[p[0]] == gold[p[1]] {
			t.Errorf("records %s and %s merged", p[0], p[1])
		}
	}
	// Directly, not through a chain: every romanised form was scored
	// against the Han one.
	scored := map[string]bool{}
	for _, row := range readAll(t, filepath.Join(out, "pairs.csv"))[1:] {
		scored[row[1]+"-"+row[3]] = row[8] == "true"
		scored[row[3]+"-"+row[1]] = row[8] == "true"
	}
	for _, id := range []string{"2", "3", "4", "5"} {
		if !scored["1-"+id] {
			t.Errorf("宋建国 and record %s not scored as a match", id)
		}
	}
}
