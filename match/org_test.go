package match

import (
	"testing"

	"github.com/doppel-dev/doppel/normalize"
)

func TestOrgLevels(t *testing.T) {
	// Weights from a corpus where "electronics" and "international" are
	// common and the brand names rare.
	var ow OrgWords
	corpus := []string{"electronics philips", "electronics samsung", "electronics sony", "electronics lg",
		"international shell", "international ibm", "electronics koninklijke philips", "akzo nobel",
		"unilever", "electronics international"}
	for _, c := range corpus {
		ow.Add(&Features{Company: c})
	}
	w := ow.Weights()
	tests := []struct {
		a, b string
		want int8
	}{
		{"electronics philips", "electronics philips", 0},
		{"electronics philips", "electronics phillips", 1},                   // a typo in the rare word
		{"electronics koninklijke philips", "electronics konink philips", 1}, // an abbreviation
		{"electronics philips", "electronics koninklijke philips", 2},        // a word more
		{"philips", "electronics koninklijke philips", 3},                    // the rare word alone
		{"electronics philips", "electronics samsung", 4},                    // only the common word
		{"akzo nobel", "unilever", 4},
		{"akzo nobel", "", Missing},
	}
	for _, tt := range tests {
		if got := orgLevel(tt.a, tt.b, &w, true); got != tt.want {
			t.Errorf("orgLevel(%q, %q) = %d (similarity %.2f), want %d", tt.a, tt.b, got, orgSimilarity(tt.a, tt.b, &w, true), tt.want)
		}
		if got := orgLevel(tt.b, tt.a, &w, true); got != tt.want {
			t.Errorf("orgLevel is not symmetric for (%q, %q): %d", tt.b, tt.a, got)
		}
	}
	// Without weights every word counts the same: the common word then
	// makes half of the name.
	if got := orgLevel("electronics philips", "electronics samsung", nil, true); got != 3 {
		t.Errorf("unweighted: %d, want 3", got)
	}
}

func TestOrgWordsMerge(t *testing.T) {
	var all, a, b OrgWords
	for i, c := range []string{"acme", "acme tools", "globex", "acme", "", "initech tools"} {
		f := Features{Company: c}
		all.Add(&f)
		if i%2 == 0 {
			a.Add(&f)
		} else {
			b.Add(&f)
		}
	}
	a.Merge(b)
	if a.Records != all.Records || len(a.DF) != len(all.DF) {
		t.Fatalf("merged %d records %v, want %d %v", a.Records, a.DF, all.Records, all.DF)
	}
	for k, v := range all.DF {
		if a.DF[k] != v {
			t.Errorf("df[%q] = %d, want %d", k, a.DF[k], v)
		}
	}
	if all.Records != 5 || all.DF["acme"] != 3 || all.DF["tools"] != 2 {
		t.Errorf("counts %d %v", all.Records, all.DF)
	}
}

func TestCompanyConflict(t *testing.T) {
	comps := allComparisons()
	sc := newScorer(comps)
	lv := make([]int8, len(comps))
	conflict := func(a, b Features) bool {
		sc.levels(&a, &b, lv)
		return sc.conflict(encode(lv))
	}
	// Two restaurants of one hotel: address and switchboard in common.
	cafe := Features{Company: "cafe roma", Phone: "+17027317547", Street: "las vegas blvd s", StreetNo: "3570", City: "las vegas"}
	court := cafe
	court.Company = "court palace"
	if !conflict(cafe, court) {
		t.Error("two businesses at one address are not a conflict")
	}
	same := cafe
	same.Company = "cafe roma"
	if conflict(cafe, same) {
		t.Error("one business is a conflict")
	}
	// People at the company are matched on their names, not the company.
	anna, anna2 := cafe, court
	anna.Given, anna.Family, anna2.Given, anna2.Family = "anna", "berg", "anna", "berg"
	if conflict(anna, anna2) {
		t.Error("a person whose company differs is a conflict")
	}
}

// TestConflictReasons: each conflict rule, met by a pair of records, is
// named by ConflictReason (what pairs.csv tells a steward), and a pair
// proven one person by its e-mail has none.
func TestConflictReasons(t *testing.T) {
	cmpr := NewComparator(allComparisons())
	lv := make([]int8, len(allComparisons()))
	reason := func(a, b Features) string {
		cmpr.sc.levels(&a, &b, lv)
		return cmpr.ConflictReason(encode(lv))
	}
	home := Features{Family: "weber", Street: "gartenweg", StreetNo: "7", City: "koln", Phone: "+492211234567", ASCII: true}
	person := func(given string, dob Date, email string, gen uint8) Features {
		f := home
		f.Given, f.BirthDate, f.Email, f.Generation = given, dob, email, gen
		return f
	}
	withGender := func(f Features, g string) Features {
		f.Gender = g
		return f
	}
	awayFrom := func(f Features) Features {
		f.Street, f.StreetNo, f.Phone = "", "", ""
		return f
	}
	withID := func(f Features, id string) Features {
		f.NationalID = id
		return f
	}
	for _, tc := range []struct {
		name string
		a, b Features
		want int
	}{
		{"father and son", person("peter", 19520314, "", 0), person("peter", 19800927, "", 0), conflictGeneration},
		{"Sr. and Jr.", person("peter", 0, "", normalize.GenerationSenior), person("peter", 19800927, "", normalize.GenerationJunior), conflictGeneration},
		{"twins", person("florian", 19920813, "florian@x.de", 0), person("helmut", 19920813, "helmut@y.de", 0), conflictTwins},
		{"spouses", person("anna", 19700101, "", 0), person("karl", 19680505, "", 0), conflictGivenNames},
		{"spouses, dates one typo apart", person("anna", 19700101, "", 0), person("karl", 19700102, "", 0), conflictGivenNames},
		{"dates transposed: shared", person("anna", 19810105, "", 0), person("karl", 19180105, "", 0), noConflict},
		{"twins, one date transposed", person("florian", 19920813, "florian@x.de", 0), person("helmut", 19290813, "helmut@y.de", 0), conflictTwins},
		{"one person", person("peter", 19520314, "", 0), person("peter", 19520314, "", 0), noConflict},
		{"spouses sharing a family e-mail", person("anna", 19700101, "w@x.de", 0), person("karl", 19680505, "w@x.de", 0), conflictSharedEmail},
		{"spouses sharing a family e-mail, born within a year", person("anna", 19700101, "w@x.de", 0), person("karl", 19690505, "w@x.de", 0), conflictSharedEmail},
		{"proven by e-mail: a birth date unknown (a short form not known: lisi / elisabeth)", person("lisi", 0, "w@x.de", 0), person("elisabeth", 19830927, "w@x.de", 0), noConflict},
		{"shared e-mail, genders differ", withGender(person("anna", 19700101, "w@x.de", 0), "f"), withGender(person("karl", 19700104, "w@x.de", 0), "m"), conflictSharedEmail},
		{"proven by e-mail: given name edited, date one typo apart", person("anna", 19700101, "w@x.de", 0), person("karl", 19700102, "w@x.de", 0), noConflict},
		{"proven by e-mail: no home in common", awayFrom(person("anna", 19700101, "w@x.de", 0)), person("karl", 19680505, "w@x.de", 0), noConflict},
		{"proven by e-mail and national id", withID(person("anna", 19700101, "w@x.de", 0), "2423787"), withID(person("karl", 19680505, "w@x.de", 0), "2423787"), noConflict},
		{"edited given name, national id one typo apart", withID(person("zachary", 0, "", 0), "2423787"), withID(person("flynn", 0, "", 0), "2427387"), noConflict},
		{"spouses, national ids differ", withID(person("anna", 19700101, "", 0), "2423787"), withID(person("karl", 19680505, "", 0), "5962113"), conflictGivenNames},
		{"twins, a brother and a sister without e-mails", withGender(person("florian", 19920813, "", 0), "m"), withGender(person("helga", 19920813, "", 0), "f"), conflictTwins},
		{"one birth date, given names differ, nothing else", withGender(person("florian", 19920813, "", 0), "m"), withGender(person("helmut", 19920813, "", 0), "m"), noConflict},
		{"twins, consecutive national ids", withID(person("florian", 19920813, "florian@x.de", 0), "8123456"), withID(person("helmut", 19920813, "helmut@y.de", 0), "8123457"), conflictTwins},
		{"two businesses", Features{Company: "cafe roma", City: "las vegas"}, Features{Company: "court palace", City: "las vegas"}, conflictBusinesses},
	} {
		if got := reason(tc.a, tc.b); got != conflictReason(tc.want) {
			t.Errorf("%s: reason %q, want %q", tc.name, got, conflictReason(tc.want))
		}
	}
	// Which conflicts also hold across a cluster: a generation apart, and
	// different given names only with different e-mails.
	cluster := func(a, b Features) bool {
		cmpr.sc.levels(&a, &b, lv)
		return cmpr.sc.clusterConflict(encode(lv))
	}
	if !cluster(person("peter", 19520314, "", 0), person("peter", 19800927, "", 0)) {
		t.Error("father and son: no cluster conflict")
	}
	if !cluster(person("anna", 19700101, "anna@x.de", 0), person("karl", 19680505, "karl@y.de", 0)) {
		t.Error("spouses with their own e-mails: no cluster conflict")
	}
	if !cluster(person("anna", 19700101, "w@x.de", 0), person("karl", 19680505, "w@x.de", 0)) {
		t.Error("spouses sharing a family e-mail: no cluster conflict")
	}
	if cluster(person("anna", 19700101, "", 0), person("karl", 19680505, "", 0)) {
		t.Error("different given names alone: a cluster conflict")
	}
	for k := conflictGeneration; k <= conflictSharedEmail; k++ {
		if conflictReason(k) == "" {
			t.Errorf("conflict kind %d has no reason", k)
		}
	}
}
