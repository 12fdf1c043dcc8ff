package match

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/antzucaro/matchr"

	"github.com/doppel-dev/doppel/normalize"
)

func TestOneEdit(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"", "", true},
		{"abc", "abc", true},
		{"abc", "abd", true},    // substitution
		{"abc", "acb", true},    // adjacent swap
		{"abc", "ab", true},     // deletion
		{"ab", "abc", true},     // insertion
		{"abc", "xbc", true},    // first char
		{"abc", "bac", true},    // swap of the first two
		{"abcd", "badc", false}, // two swaps
		{"abc", "xyz", false},   //
		{"abc", "a", false},     // two deletions
		{"1804974", "1804947", true},
		{"19560409", "19560904", false},
	}
	for _, c := range cases {
		if got := oneEdit(c.a, c.b); got != c.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := oneEdit(c.b, c.a); got != c.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v (symmetry)", c.b, c.a, got, c.want)
		}
	}
}

func TestDateLevel(t *testing.T) {
	cases := []struct {
		a, b Date
		want int8
	}{
		{0, 19560409, Missing},
		{19560409, 19560409, 0},
		{19560409, 19560904, 2}, // day and month swapped
		{19560409, 19560408, 2}, // one digit
		{19560409, 19650409, 1}, // adjacent digits transposed in the year
		{19811005, 19181005, 1}, // the last two digits of the year transposed
		{19560412, 19560421, 1}, // the day's digits transposed
		{19560109, 19561009, 1}, // the month's digits transposed
		{19810915, 19850911, 5}, // two digits swapped that are not adjacent: years apart
		{19811005, 19180105, 6}, // two transpositions: no typo, a generation apart
		{19560412, 19560412, 0},
		{19560409, 19561231, 4}, // within a year
		{19560409, 19560502, 3}, // within a month (23 days)
		{19561220, 19570110, 3}, // within a month, across the new year
		{19560409, 19570301, 4}, // within a year, another year
		{19560409, 19570510, 5}, // 13 months apart
		{20000301, 20000229, 3}, // the day before, a leap day
		{20000315, 20000226, 3}, // 18 days across a leap day
		{19560409, 19700101, 6}, // a generation apart (14 years)
		{19560409, 19600101, 5}, // years apart
		{19560409, 19820409, 5}, // 26 years, but the same birthday: a mistyped year
		{19520314, 19800927, 6}, // a father and his son
		{18361101, 18860101, 5}, // 50 years, but two digits mistyped (historical_50k)
		{19521130, 19821120, 5}, // 30 years and another day, two digits apart
		{19560000, 19560409, 4}, // year only: within a year
		{19560000, 19570000, 5},
		{19560000, 19800000, 6}, // years only, a generation apart
		{19300300, 19300331, 2}, // a mistyped day (year and month known): the same month
		{14610100, 14620101, 2}, // the same, and one typo in the year
		{19300300, 19301231, 4}, // the same year
		{19300300, 19500812, 6}, // a generation apart
		{19300300, 19500312, 2}, // one digit of the year: a mistyped year, as for full dates
		{19610010, 19611210, 2}, // a lost month (RLdata's "0"): the same year and day
		{19920008, 19920508, 2},
		{19610010, 19611211, 4}, // a lost month, another day: the same year only
		{19610010, 19621210, 5}, // a lost month, another year
		{19611410, 19611210, 2}, // a mistyped month ("1961-14-10"): one typo
		{17802101, 17800121, 2}, // "1780-21-01": day and month swapped
		{18568618, 18560618, 2},
		{18568618, 18560219, 4}, // two digits more: the same year
	}
	for _, c := range cases {
		if got := dateLevel(c.a, c.b); got != c.want {
			t.Errorf("dateLevel(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func feat(given, family string) Features {
	return Features{Given: given, Family: family, GivenPh: phonetic(given), FamilyPh: phonetic(family), GivenForms: given, ASCII: true}
}

func TestNameLevels(t *testing.T) {
	cases := []struct {
		name         string
		a, b         Features
		given, famil int8
	}{
		{"exact", feat("robert", "muller"), feat("robert", "muller"), 0, 0},
		{"nickname", Features{Given: "bob", GivenForms: "robert", Family: "muller", ASCII: true}, Features{Given: "robert", GivenForms: "robert", Family: "muller", ASCII: true}, 1, 0},
		{"typo", feat("jonathan", "smith"), feat("jonathon", "smyth"), 2, 2},
		{"initial", feat("r", "muller"), feat("robert", "muller"), 4, 0},
		{"same initial is still weak", feat("r", "muller"), feat("r", "muller"), 4, 0},
		{"initial differs", feat("k", "muller"), feat("robert", "muller"), 5, 0},
		{"swapped", feat("green", "mitchell"), feat("mitchell", "green"), 0, 0},
		{"missing given", feat("", "muller"), feat("robert", "muller"), Missing, 0},
		{"different", feat("anna", "schmidt"), feat("robert", "muller"), 5, 4},
		{"double-barrelled", feat("anna", "smith jones"), feat("anna", "smith"), 0, 2},
		// A lone name may be either name: read against the other slot
		// when that is closer.
		{"lone name is the family name", feat("lawton", ""), feat("george", "lawton"), Missing, 0},
		{"lone name is the family name, other order", feat("george", "lawton"), feat("lawton", ""), Missing, 0},
		{"lone name with a typo", feat("lawtonn", ""), feat("george", "lawton"), Missing, 1},
		{"lone name is the given name", feat("henry", ""), feat("henry", "gray"), 0, Missing},
		{"lone family name is the given name", feat("", "henry"), feat("henry", "gray"), 0, Missing},
		{"two lone names in different slots", feat("lawton", ""), feat("", "lawton"), Missing, 0},
		{"lone name like neither", feat("vabe", ""), feat("george", "lawton"), 5, Missing},
		{"lone name: the straight reading is as close", feat("gray", ""), feat("gray", "gray"), 0, Missing},
		{"a lone initial stays an initial", feat("l", ""), feat("george", "lawton"), 5, Missing},
		// A swap with typos (both crossed names at JW >= 0.8) is read as
		// a swap only between records with the same e-mail address or
		// national id.
		{"swap with a typo, no proof", feat("blake", "dioxin"), feat("dixon", "blake"), 5, 4},
		{"swap with a typo, same e-mail", withEmail(feat("blake", "dioxin"), "blake.d@schmidt-moody.com"), withEmail(feat("dixon", "blake"), "blake.d@schmidt-moody.com"), 0, 2},
		{"swap with a typo, same national id", withID(feat("blake", "dioxin"), "AB123456C"), withID(feat("dixon", "blake"), "AB123456C"), 0, 2},
		{"swap with a typo, same user at another domain", withEmail(feat("blake", "dioxin"), "blake.d@schmidt-moody.com"), withEmail(feat("dixon", "blake"), "blake.d@moody.org"), 5, 4},
		{"swap with typos in both first letters, no proof", feat("ancy", "ohnston"), feat("johnston", "nancy"), 5, 4},
		{"swap with typos in both first letters, same e-mail", withEmail(feat("ancy", "ohnston"), "nancyj79@davidson.com"), withEmail(feat("johnston", "nancy"), "nancyj79@davidson.com"), 3, 1},
		{"same e-mail, crossed names still differ", withEmail(feat("anna", "schmidt"), "a.s@x.de"), withEmail(feat("robert", "muller"), "a.s@x.de"), 5, 4},
	}
	for _, c := range cases {
		g, f := nameLevels(&c.a, &c.b)
		if g != c.given || f != c.famil {
			t.Errorf("%s: nameLevels = (%d, %d), want (%d, %d)", c.name, g, f, c.given, c.famil)
		}
		// The pruner reads the names straight when swapPossible is
		// false; it must never be where nameLevels reads them across.
		if !swapPossible(&c.a, &c.b) && (g != givenLevel(&c.a, &c.b, c.a.Given, c.b.Given) ||
			f != nameLevel(c.a.Family, c.b.Family, c.a.FamilyPh, c.b.FamilyPh, true)) {
			t.Errorf("%s: swapPossible false, but nameLevels reads the names across", c.name)
		}
	}
}

func withEmail(f Features, email string) Features {
	f.Email = email
	if user, _, ok := strings.Cut(email, "@"); ok {
		f.EmailUser = user
	}
	for _, r := range email {
		if r >= '0' && r <= '9' {
			f.EmailNum += string(r)
		}
	}
	return f
}

func withID(f Features, id string) Features {
	f.NationalID = id
	return f
}

func TestPhoneEmailPostcodeLevels(t *testing.T) {
	ph := []struct {
		a, b Features
		want int8
	}{
		{Features{Phone: "+4930123456"}, Features{Phone: "+4930123456"}, 0},
		{Features{Phone: "+4930123456"}, Features{Mobile: "+4930123456"}, 0},
		{Features{Phone: "+493012345678"}, Features{Phone: "+498912345678"}, 1},
		{Features{Phone: "+4930123456"}, Features{Phone: "+4930999999"}, 2},
		{Features{}, Features{Phone: "+4930999999"}, Missing},
	}
	for i, c := range ph {
		if got := phoneLevel(&c.a, &c.b); got != c.want {
			t.Errorf("phone case %d = %d, want %d", i, got, c.want)
		}
	}
	em := []struct {
		a, b Features
		want int8
	}{
		{Features{Email: "bob@x.com", EmailUser: "bob"}, Features{Email: "bob@x.com", EmailUser: "bob"}, 0},
		{Features{Email: "bob@x.com", EmailUser: "bob"}, Features{Email: "bob@y.org", EmailUser: "bob"}, 1},
		{Features{Email: "robert255@smith.net", EmailUser: "robert255", EmailNum: "255"}, Features{Email: "roberta25@smith.net", EmailUser: "roberta25", EmailNum: "25"}, 2},
		{Features{Email: "anna@x.com", EmailUser: "anna"}, Features{Email: "zed@q.de", EmailUser: "zed"}, 3},
		{Features{Email: "anna.k@web.de", EmailUser: "anna.k"}, Features{Email: "anna.kk@web.de", EmailUser: "anna.kk"}, 2},
		{Features{Email: "annak@web.de", EmailUser: "annak"}, Features{Email: "anak@web.com", EmailUser: "anak"}, 3},
		{Features{Email: "dvogel93@gmail.com", EmailUser: "dvogel93", EmailNum: "93"}, Features{Email: "dvogel71@gmail.com", EmailUser: "dvogel71", EmailNum: "71"}, 3},
		{Features{Email: "oc34r@phelp.-harpersbiz", EmailUser: "oc34r", EmailNum: "34"}, Features{Email: "oc34@phelps-harper.biz", EmailUser: "oc34", EmailNum: "34"}, 2},
		// An address that lost its '@' has no user and is compared whole.
		{withEmail(Features{}, "ehmoore.com"), withEmail(Features{}, "eh@mocre.oom"), 2},
		{withEmail(Features{}, "rtwilliamsm.com"), withEmail(Features{}, "rt@williams.com"), 2},
		{withEmail(Features{}, "etmhanchapman93gordon.net"), withEmail(Features{}, "ethanchapman93@gordon.net"), 2},
		{withEmail(Features{}, "ethanchapman93gordon.net"), withEmail(Features{}, "ethanchapman71@gordon.net"), 3},
		{withEmail(Features{}, "ehmoore.com"), withEmail(Features{}, "anna@x.com"), 3},
	}
	for i, c := range em {
		if got := emailLevel(&c.a, &c.b); got != c.want {
			t.Errorf("email case %d = %d, want %d", i, got, c.want)
		}
	}
	pc := []struct {
		a, b string
		want int8
	}{
		{"2119", "2119", 0}, {"2119", "2191", 1}, {"SW1A1AA", "SW1A2AA", 1}, {"SW1A1AA", "SW1B9ZZ", 2}, {"2119", "4881", 3}, {"", "1", Missing},
	}
	for _, c := range pc {
		if got := postcodeLevel(c.a, c.b); got != c.want {
			t.Errorf("postcodeLevel(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestEncodeDecode(t *testing.T) {
	lv := []int8{0, Missing, 5, 3, 1, Missing, 2}
	out := make([]int8, len(lv))
	decode(encode(lv), out)
	for i := range lv {
		if out[i] != lv[i] {
			t.Fatalf("round trip %v -> %v", lv, out)
		}
	}
}

// TestEMRecoversParameters draws comparison patterns from a known model
// and checks that EM finds m and lambda again without labels.
func TestEMRecoversParameters(t *testing.T) {
	trueM := [][]float64{{0.9, 0.08, 0.02}, {0.8, 0.2}, {0.7, 0.2, 0.1}}
	trueU := [][]float64{{0.01, 0.09, 0.9}, {0.05, 0.95}, {0.02, 0.08, 0.9}}
	lambda := 0.2
	counts := map[uint64]float64{}
	lv := make([]int8, 3)
	// Expected counts of every pattern (a large sample without noise).
	var rec func(c int, pm, pu float64)
	rec = func(c int, pm, pu float64) {
		if c == len(lv) {
			counts[encode(lv)] += 1e6 * (lambda*pm + (1-lambda)*pu)
			return
		}
		for l := range trueM[c] {
			lv[c] = int8(l)
			rec(c+1, pm*trueM[c][l], pu*trueU[c][l])
		}
	}
	rec(0, 1, 1)
	var pats []pattern
	for c, n := range counts {
		pats = append(pats, pattern{c, n})
	}
	m := &Model{M: make([][]float64, 3), U: trueU, Lambda: 0.5}
	for c := range m.M {
		m.M[c] = make([]float64, len(trueM[c]))
	}
	fitEM(m, pats, emOptions{MaxIter: 500, Tol: 1e-10})
	if math.Abs(m.Lambda-lambda) > 0.01 {
		t.Errorf("lambda = %.4f, want %.4f", m.Lambda, lambda)
	}
	for c := range trueM {
		for l := range trueM[c] {
			if math.Abs(m.M[c][l]-trueM[c][l]) > 0.01 {
				t.Errorf("m[%d][%d] = %.4f, want %.4f", c, l, m.M[c][l], trueM[c][l])
			}
		}
	}
}

func TestClusterGuard(t *testing.T) {
	// A chain 0-1-2-3-4 of strong links and a weak one 4-5.
	pairs := []Pair{{A: 0, B: 1, Weight: 10}, {A: 1, B: 2, Weight: 9}, {A: 2, B: 3, Weight: 8}, {A: 3, B: 4, Weight: 7}, {A: 4, B: 5, Weight: -1}}
	r := cluster(clusterInput{n: 6, pairs: pairs, maxSize: 1000})
	want := []int{0, 0, 0, 0, 0, 5}
	if !slices.Equal(r.cluster, want) || r.capped != 0 {
		t.Fatalf("cluster = %v (capped %d), want %v", r.cluster, r.capped, want)
	}
	// With a size cap of 3 the weakest links of the chain are refused.
	r = cluster(clusterInput{n: 6, pairs: pairs, maxSize: 3})
	want = []int{0, 0, 0, 3, 3, 5}
	if !slices.Equal(r.cluster, want) || r.capped != 1 {
		t.Fatalf("capped cluster = %v (capped %d), want %v and 1", r.cluster, r.capped, want)
	}
}

func TestClusterConstraints(t *testing.T) {
	chain := []Pair{{A: 0, B: 1, Weight: 10}, {A: 1, B: 2, Weight: 9}, {A: 2, B: 3, Weight: 8}, {A: 3, B: 4, Weight: 7}}
	cases := []struct {
		name  string
		in    clusterInput
		want  []int
		rule  int
		apply int
	}{
		{"chain", clusterInput{n: 6, pairs: chain, maxSize: 100}, []int{0, 0, 0, 0, 0, 5}, 0, 0},
		// A cannot-link between the ends splits the chain at its weakest link.
		{"cannot-link splits a chain", clusterInput{n: 6, pairs: chain, maxSize: 100, cannot: [][2]int{{0, 4}}}, []int{0, 0, 0, 0, 4, 5}, 1, 0},
		// A must-link joins records that were never a candidate pair.
		{"must-link joins across blocks", clusterInput{n: 6, pairs: chain, maxSize: 100, must: [][2]int{{5, 2}}}, []int{0, 0, 0, 0, 0, 0}, 0, 1},
		// A must-link that contradicts a cannot-link is refused.
		{"must-link against cannot-link", clusterInput{n: 6, maxSize: 100, must: [][2]int{{0, 1}}, cannot: [][2]int{{0, 1}}}, []int{0, 1, 2, 3, 4, 5}, 0, 0},
		// Hard rule: different national ids never share a cluster.
		{"distinct ids", clusterInput{n: 6, pairs: chain, maxSize: 100, distinct: [][]string{{"A", "", "", "B", "", ""}}}, []int{0, 0, 0, 3, 3, 5}, 1, 0},
		// A steward's must-link overrides the hard rule.
		{"must-link over hard rule", clusterInput{n: 2, maxSize: 100, must: [][2]int{{0, 1}}, distinct: [][]string{{"A", "B"}}}, []int{0, 0}, 0, 1},
	}
	for _, c := range cases {
		r := cluster(c.in)
		if !slices.Equal(r.cluster, c.want) || r.refusedRule != c.rule || r.mustApplied != c.apply {
			t.Errorf("%s: cluster %v refused %d applied %d, want %v %d %d", c.name, r.cluster, r.refusedRule, r.mustApplied, c.want, c.rule, c.apply)
		}
	}
}

// TestBirthDateLevelGeneration: the generation markers of the names
// (Jr., Sr.) take part in the birth-date level.
func TestBirthDateLevelGeneration(t *testing.T) {
	f := func(dob Date, gen uint8) *Features { return &Features{BirthDate: dob, Generation: gen} }
	const none, sr, jr = normalize.GenerationNone, normalize.GenerationSenior, normalize.GenerationJunior
	for _, tc := range []struct {
		a, b *Features
		want int8
	}{
		{f(19620101, sr), f(0, jr), 6},            // Sr. and Jr., one without a date
		{f(0, sr), f(0, jr), 6},                   // no dates at all
		{f(19620101, sr), f(19620101, jr), 0},     // the same date: a mistyped suffix
		{f(19620101, sr), f(19920801, none), 6},   // 30 years, two digits: a marker makes it a generation
		{f(19620101, none), f(19920801, none), 5}, // without markers, two mistyped digits
		{f(19620101, jr), f(0, jr), Missing},      // the same marker
		{f(19620101, none), f(19620102, none), 2}, // unchanged without markers
		{f(19620101, jr), f(19620102, jr), 2},
	} {
		if got := birthDateLevel(tc.a, tc.b); got != tc.want {
			t.Errorf("%d/%d vs %d/%d: level %d, want %d", tc.a.BirthDate, tc.a.Generation, tc.b.BirthDate, tc.b.Generation, got, tc.want)
		}
		if got := birthDateLevel(tc.b, tc.a); got != tc.want {
			t.Errorf("%d/%d vs %d/%d (swapped): level %d, want %d", tc.b.BirthDate, tc.b.Generation, tc.a.BirthDate, tc.a.Generation, got, tc.want)
		}
	}
}

// TestClusterGenerationConflict: a pair across two clusters whose birth
// dates are a generation apart keeps them apart, unless another pair
// across supports the join.
func TestClusterGenerationConflict(t *testing.T) {
	// 0: the son with his birth date, 1: the son without one, 2: the
	// father (same name and address). 0-2 was never linked (the pairwise
	// conflict), but 1 links to both.
	links := []Pair{{A: 0, B: 1, Weight: 12}, {A: 1, B: 2, Weight: 11}}
	type rel struct{ conflict, support bool }
	weigh := func(rels map[[2]int]rel) func(a, b int) Weighed {
		return func(a, b int) Weighed {
			r := rels[[2]int{min(a, b), max(a, b)}]
			return Weighed{Weight: 10, Conflict: r.conflict, Support: r.support}
		}
	}
	cases := []struct {
		name string
		rels map[[2]int]rel
		want []int
	}{
		{"no conflict: the chain joins", nil, []int{0, 0, 0}},
		{"father and son apart", map[[2]int]rel{{0, 2}: {conflict: true}}, []int{0, 0, 2}},
		// A duplicate whose birth date was replaced: 1 shares 2's exact
		// birth date (or its id), so 0's date is the odd one out.
		{"supported join", map[[2]int]rel{{0, 2}: {conflict: true}, {1, 2}: {support: true}}, []int{0, 0, 0}},
	}
	for _, c := range cases {
		r := cluster(clusterInput{n: 3, pairs: links, maxSize: 100, weigh: weigh(c.rels), minCohesion: 0.2})
		if !slices.Equal(r.cluster, c.want) {
			t.Errorf("%s: cluster %v, want %v", c.name, r.cluster, c.want)
		}
	}
}

// allCandidates returns every unique candidate pair (a<<32|b) of st.
func allCandidates(t testing.TB, st *Store, opt BlockOptions, spill SpillOptions) ([]uint64, *candidateSet) {
	t.Helper()
	cs, err := generateCandidates(context.Background(), st, opt, 1, 2, spill, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.close()
	var out []uint64
	for r := 0; r < cs.nRanges; r++ {
		ps, err := cs.pairs.take(r)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(ps)
		out = append(out, slices.Compact(ps)...)
	}
	return out, cs
}

func mustStore(t testing.TB, feats []Features) *Store {
	t.Helper()
	st, err := NewStore(feats)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestCandidatesOversizedBlock(t *testing.T) {
	// 300 records with the same surname and postcode: one oversized block.
	feats := make([]Features, 300)
	for i := range feats {
		feats[i] = Features{Family: "smith", FamilyPh: "SM0", Postcode: "2000", Given: string(rune('a'+i%26)) + "x"}
	}
	pairs, cs := allCandidates(t, mustStore(t, feats), BlockOptions{MaxBlock: 50, Window: 5}, SpillOptions{})
	if cs.oversized == 0 {
		t.Fatal("expected an oversized block")
	}
	for _, ab := range pairs {
		if a, b := ab>>32, ab&0xffffffff; b <= a {
			t.Fatalf("candidate %d not after %d", b, a)
		}
	}
	if len(pairs) > 300*5*3 || len(pairs) == 0 {
		t.Errorf("oversized block produced %d pairs; want a sorted-neighbourhood bound", len(pairs))
	}
	// Every training pair (stride 1: all of them) is a candidate, and the
	// pairs sharing the complete given-name blocks carry that kind.
	if len(cs.train) != len(pairs) {
		t.Errorf("%d training pairs, want all %d candidates", len(cs.train), len(pairs))
	}
	// Link-only drops same-source pairs.
	for i := range feats {
		feats[i].Source = i % 2
	}
	pairs, _ = allCandidates(t, mustStore(t, feats[:40]), BlockOptions{LinkOnly: true}, SpillOptions{})
	if len(pairs) == 0 {
		t.Fatal("link-only: no candidates")
	}
	for _, ab := range pairs {
		if a, b := ab>>32, ab&0xffffffff; feats[a].Source == feats[b].Source {
			t.Fatalf("link-only pair within source: %d %d", a, b)
		}
	}
}

// TestCandidatesSpill: a memory budget far below the data spills the
// blocking entries and the pairs to disk many times; the candidates, the
// training pairs with their kinds and the block counts are the same as in
// memory, and the spill folder is gone afterwards.
func TestCandidatesSpill(t *testing.T) {
	st := mustStore(t, benchFeatures(3000))
	want, wcs := allCandidates(t, st, BlockOptions{}, SpillOptions{})
	store := &memSpill{}
	got, gcs := allCandidates(t, st, BlockOptions{}, SpillOptions{Store: store, Budget: 4096})
	if gcs.pairs.spills < 2 {
		t.Fatalf("budget 4096 spilled the pairs %d times; the test does not exercise spilling", gcs.pairs.spills)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("spilled run: %d candidates, in memory %d (or they differ)", len(got), len(want))
	}
	if !slices.Equal(gcs.train, wcs.train) {
		t.Fatal("training pairs differ when spilled")
	}
	if gcs.blocks != wcs.blocks || gcs.oversized != wcs.oversized || gcs.maxPairs != wcs.maxPairs {
		t.Fatalf("block stats differ: %d/%d/%v vs %d/%d/%v", gcs.blocks, gcs.oversized, gcs.maxPairs, wcs.blocks, wcs.oversized, wcs.maxPairs)
	}
	if store.created == 0 || store.open != 0 {
		t.Fatalf("spill files: %d created, %d left open", store.created, store.open)
	}
	// A spill store that cannot create a file is an error, not a crash.
	_, err := generateCandidates(context.Background(), st, BlockOptions{}, 1, 2, SpillOptions{Store: &memSpill{fail: true}, Budget: 4096}, nil)
	if err == nil || !strings.Contains(err.Error(), "spill") {
		t.Fatalf("unusable spill store: err %v", err)
	}
}

// TestRunSpillIdentical: a whole matching run gives the same pairs and
// clusters whether candidate generation spills or not.
func TestRunSpillIdentical(t *testing.T) {
	feats := benchFeatures(5000)
	a, err := Run(context.Background(), feats, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(context.Background(), feats, Options{Workers: 1, Spill: SpillOptions{Store: &memSpill{}, Budget: 1 << 14}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Spilled != 0 || b.Spilled == 0 {
		t.Fatalf("spilled bytes %d in memory, %d with a 16 KiB budget", a.Spilled, b.Spilled)
	}
	if a.Compared != b.Compared || !slices.Equal(a.Pairs, b.Pairs) || !slices.Equal(a.Cluster, b.Cluster) {
		t.Fatalf("spilled run differs: compared %d vs %d, %d vs %d pairs", a.Compared, b.Compared, len(a.Pairs), len(b.Pairs))
	}
}

// TestStoreRoundTrip: every field survives the compact encoding,
// including long and non-ASCII values.
func TestStoreRoundTrip(t *testing.T) {
	feats := benchFeatures(200)
	feats[3].Street = strings.Repeat("lange strasse ", 40) // multi-byte length
	feats[4].Given, feats[4].ASCII = "jürgen", false
	feats[5] = Features{Source: 65535}
	feats[6].Phone2 = "+4930123456"
	feats[7].BirthPlace = "shrewsbury"
	st := mustStore(t, feats)
	for i := range feats {
		if got := st.At(i); got != feats[i] {
			t.Fatalf("record %d: got %+v, want %+v", i, got, feats[i])
		}
	}
	if _, err := NewStore([]Features{{Source: 70000}}); err == nil {
		t.Fatal("source 70000 accepted")
	}
}

func TestConflict(t *testing.T) {
	comps := allComparisons()
	sc := newScorer(comps)
	lv := make([]int8, len(comps))
	household := func(a, b Features) bool {
		sc.levels(&a, &b, lv)
		return sc.conflict(encode(lv))
	}
	stefan := Features{Given: "stefan", GivenPh: phonetic("stefan"), Family: "becker", FamilyPh: phonetic("becker"), Phone: "+496912345678", Street: "berger strasse", StreetNo: "120"}
	ursula := stefan
	ursula.Given, ursula.GivenPh = "ursula", phonetic("ursula")
	if !household(stefan, ursula) {
		t.Error("household members with different given names are not in conflict")
	}
	steve := stefan
	steve.Given, steve.GivenPh = "steffen", phonetic("steffen")
	if household(stefan, steve) {
		t.Error("a similar given name is a conflict")
	}
	same := ursula
	stefan.BirthDate, same.BirthDate = 19830430, 19830430
	if household(stefan, same) {
		t.Error("an exact birth date in common should lift the conflict")
	}
	noGiven := ursula
	noGiven.Given, noGiven.GivenPh = "", ""
	if household(stefan, noGiven) {
		t.Error("a missing given name is not a conflict")
	}
	// Father and son: the same name, phone and address, born 28 years
	// apart on different days.
	father, son := stefan, stefan
	father.BirthDate, son.BirthDate = 19550312, 19830927
	if !household(father, son) {
		t.Error("a birth date a generation apart is not a conflict")
	}
	son.NationalID, father.NationalID = "123456789", "123456780"
	if household(father, son) {
		t.Error("a national id one typo apart should lift the generation conflict")
	}
	son.NationalID, father.NationalID = "", ""
	son.Email, father.Email, son.EmailUser, father.EmailUser = "stefan.becker@web.de", "stefan.becker@web.de", "stefan.becker", "stefan.becker"
	if household(father, son) {
		t.Error("one e-mail address should lift the generation conflict")
	}
}

func TestStringIDExactLevels(t *testing.T) {
	cases := []struct {
		name string
		got  int8
		want int8
	}{
		{"street exact", stringLevel("wallaby place", "wallaby place", 0.9, 0.75, true), 0},
		{"street typo", stringLevel("wallaby place", "walaby place", 0.9, 0.75, true), 1},
		{"street loose", stringLevel("kent street", "kennedy street", 0.9, 0.75, true), 2},
		{"street differs", stringLevel("wallaby place", "pridham street", 0.9, 0.75, true), 3},
		{"city without loose band", stringLevel("berlin", "hamburg", 0.9, 0, true), 2},
		{"missing", stringLevel("", "berlin", 0.9, 0, true), Missing},
		{"non-ascii same as ascii path", stringLevel("münchen", "munchen", 0.9, 0, false), 1},
		{"id exact", idLevel("1804974", "1804974"), 0},
		{"id transposed", idLevel("1804974", "1809474"), 1},
		{"id differs", idLevel("1804974", "6089216"), 2},
		{"id missing", idLevel("", "1"), Missing},
		{"exact", exactLevel("nsw", "nsw"), 0},
		{"not exact", exactLevel("nsw", "vic"), 1},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: level %d, want %d", c.name, c.got, c.want)
		}
	}
}

// TestPrunerKeepsEveryPairFullScoringKeeps: pruning is exact. Every pair
// whose full weight reaches the floor is kept with the same pattern; the
// pairs dropped really are below it.
func TestPrunerKeepsEveryPairFullScoringKeeps(t *testing.T) {
	feats := benchFeatures(3000)
	st, comps, cmpr, cs := candidatesFixture(t, feats)
	defer cs.close()
	sc := cmpr.sc
	codes, tr, err := scoreTraining(context.Background(), st, cs.train, cmpr, 2)
	if err != nil {
		t.Fatal(err)
	}
	u := estimateU(context.Background(), st, cmpr, Options{RandomPairs: 50000}.withDefaults(), nil)
	model := cmpr.Fit(u, tr, 1) // every pair of the fixture counts as a candidate
	tf, _ := buildTF(st, comps, 2, nil)
	pr := newPruner(sc, model, tf)
	lv := make([]int8, len(comps))
	for _, minW := range []float64{-10, 0, 5, 12, 20} {
		kept, dropped := 0, 0
		for k, tp := range cs.train {
			a, b := uint32(tp.ab>>32), uint32(tp.ab)
			full := pr.levelsWeight(codes[k], a)
			code, ok := pr.score(&feats[a], &feats[b], a, lv, minW)
			code2, ok2 := pr.scoreWith(&feats[a], &feats[b], a, lv, minW, pr.restFor(a, nil))
			if ok2 != ok {
				t.Fatalf("minW %v: pair %d-%d (weight %.3f) kept %v with the per-record bound, %v without", minW, a, b, full, ok2, ok)
			}
			if ok2 && code2 != codes[k] {
				t.Fatalf("minW %v: pair %d-%d per-record bound pattern %x, want %x", minW, a, b, code2, codes[k])
			}
			switch {
			case full >= minW && !ok:
				t.Fatalf("minW %v: pair %d-%d with weight %.3f was pruned", minW, a, b, full)
			case ok && code != codes[k]:
				t.Fatalf("minW %v: pair %d-%d pattern %x, want %x", minW, a, b, code, codes[k])
			case ok:
				kept++
			default:
				dropped++
			}
		}
		if minW == 12 && (kept == 0 || dropped == 0) {
			t.Errorf("minW %v: kept %d dropped %d: the test data does not exercise pruning", minW, kept, dropped)
		}
	}
}

// TestRunProgress: every long stage of a run reports progress (the
// terminal shows a bar per stage; at 10M records blocking alone takes a
// minute), and each stage reaches its total.
func TestRunProgress(t *testing.T) {
	feats := benchFeatures(3000)
	var mu sync.Mutex
	last := map[string][2]int{}
	_, err := Run(context.Background(), feats, Options{Workers: 2, Progress: func(stage string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		// Workers report concurrently, so reports may arrive out of
		// order; the largest must be the total.
		if prev := last[stage]; done >= prev[0] {
			last[stage] = [2]int{done, total}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, stage := range []string{"block keys", "block pairs", "term frequencies", "compare"} {
		got, ok := last[stage]
		if !ok {
			t.Errorf("stage %q reported no progress", stage)
			continue
		}
		if got[0] != got[1] || got[1] == 0 {
			t.Errorf("stage %q ended at %d of %d", stage, got[0], got[1])
		}
	}
}

// candidatesFixture stores feats and generates their candidates with every
// record in the training sample (stride 1); the caller closes cs.
func candidatesFixture(t testing.TB, feats []Features) (*Store, []Comparison, *Comparator, *candidateSet) {
	t.Helper()
	st := mustStore(t, feats)
	comps := activeComparisons(st, nil)
	cs, err := generateCandidates(context.Background(), st, BlockOptions{}, 1, 2, SpillOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st, comps, NewComparator(comps), cs
}

// phonetic is the Double Metaphone code of a key's first token, as
// normalize.Preparer computes it, for fixtures.
func phonetic(key string) string {
	t, _, _ := strings.Cut(key, " ")
	for i := 0; i < len(t); i++ {
		if c := t[i]; c < 'a' || c > 'z' {
			return ""
		}
	}
	if t == "" {
		return ""
	}
	p, _ := matchr.DoubleMetaphone(t)
	return p
}

// memSpill is a SpillStore in memory that counts its files, for tests (the
// real one, on disk, is internal/spill).
type memSpill struct {
	mu            sync.Mutex
	created, open int
	fail          bool
}

func (m *memSpill) Create() (SpillFile, error) {
	if m.fail {
		return nil, errors.New("spill to disk: no space left")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.created++
	m.open++
	return &memSpillFile{store: m, name: fmt.Sprintf("part-%d", m.created)}, nil
}

// memSpillFile is written, then read once: the buffer's unread bytes are
// the whole file, so Rewind has nothing to do.
type memSpillFile struct {
	bytes.Buffer
	store *memSpill
	name  string
}

func (f *memSpillFile) Rewind() error { return nil }

func (f *memSpillFile) Close() error {
	f.store.mu.Lock()
	defer f.store.mu.Unlock()
	f.store.open--
	return nil
}

func (f *memSpillFile) Name() string { return f.name }

// TestColleaguesConflict: two people at one office, with the switchboard,
// the address and the company in common but different family names and no
// given name on one side, are different people.
func TestColleaguesConflict(t *testing.T) {
	comps := allComparisons()
	sc := newScorer(comps)
	lv := make([]int8, len(comps))
	office := Features{Family: "becker", FamilyPh: phonetic("becker"), Phone: "+496912345678", Street: "berger strasse", StreetNo: "120", Company: "acme gmbh", City: "frankfurt"}
	other := office
	other.Family, other.FamilyPh = "nguyen", phonetic("nguyen")
	other.Given, other.GivenPh = "linh", phonetic("linh")
	sc.levels(&office, &other, lv)
	if !sc.conflict(encode(lv)) {
		t.Error("colleagues with different family names are not a conflict")
	}
	other.Email, office.Email = "x.nguyen@acme.de", "x.nguyen@acme.de"
	sc.levels(&office, &other, lv)
	if sc.conflict(encode(lv)) {
		t.Error("an e-mail in common should lift the conflict")
	}
}

// TestStreetNumberLevel: the same house number counts as agreement only
// when the streets do not clearly differ.
func TestStreetNumberLevel(t *testing.T) {
	f := func(no, street string) *Features { return &Features{StreetNo: no, Street: street, ASCII: true} }
	for _, tc := range []struct {
		a, b *Features
		want int8
	}{
		{f("4747", "south marshfield"), f("4747", "south marshfield avenue"), 0},
		{f("4747", "marshfield"), f("4747", "winchester"), Missing},
		{f("12", "main street"), f("12", "oak avenue"), Missing},
		{f("4747", ""), f("4747", "south winchester"), 0},
		{f("12", "main street"), f("14", "main street"), 1},
		{f("12", "main street"), f("14", "oak avenue"), 1},
	} {
		if got := streetNumberLevel(tc.a, tc.b); got != tc.want {
			t.Errorf("%q %q / %q %q: level %d, want %d", tc.a.StreetNo, tc.a.Street, tc.b.StreetNo, tc.b.Street, got, tc.want)
		}
	}
}

// TestDayInitialKeys: a birth year with two digits swapped and typos in
// both names (foreigners_pl: "karol rafael" 1981-02-10 / "karoo rafaeo"
// 1918-02-10), or a given name transliterated with another initial
// ("weronika" / "veronika"), still share a blocking key; another year or
// day, or another family initial, do not.
func TestDayInitialKeys(t *testing.T) {
	b := NewBlocker()
	keysOf := func(given, family string, dob Date) []uint64 {
		f := Features{Given: given, Family: family, BirthDate: dob, ASCII: true}
		var out []uint64
		for _, k := range b.Keys(nil, &f) {
			if k.Kind() == keyDayGivenInit || k.Kind() == keyDayFamilyInit {
				out = append(out, k.Hash())
			}
		}
		return out
	}
	a := keysOf("karol", "rafael", 19810210)
	if len(a) != 1 {
		t.Fatalf("month-day-initial keys %v, want one", a)
	}
	for _, tc := range []struct {
		given, family string
		dob           Date
		same          bool
	}{
		{"karoo", "rafaeo", 19180210, true},
		{"karol", "rafael", 19810210, true},
		{"warol", "rafael", 19180210, true},  // another given initial
		{"karol", "zafael", 19180210, false}, // another family initial
		{"karol", "rafael", 19820210, false},
		{"karol", "rafael", 19810211, false},
		{"marta", "zoe", 19810210, false},
	} {
		shared := false
		for _, h := range keysOf(tc.given, tc.family, tc.dob) {
			shared = shared || slices.Contains(a, h)
		}
		if shared != tc.same {
			t.Errorf("%s %s %d: shares a key %v, want %v", tc.given, tc.family, tc.dob, shared, tc.same)
		}
	}
	if k := keysOf("karol", "rafael", 19810200); len(k) != 0 {
		t.Errorf("a date without a day has month-day keys %v", k)
	}
}

// TestLoneNameBlocking checks that a record with one name only meets the
// records whose other name is that name (it is keyed in both slots), and
// that records with both names get no extra key.
func TestLoneNameBlocking(t *testing.T) {
	specs := blockSpecs()
	shares := func(a, b Features) bool {
		ka := blockKeys(nil, &a, specs)
		kb := blockKeys(nil, &b, specs)
		for _, x := range ka {
			if slices.Contains(kb, x) {
				return true
			}
		}
		return false
	}
	if !shares(feat("lawton", ""), feat("george", "lawton")) {
		t.Error(`"lawton" (given name only) shares no key with "george lawton"`)
	}
	if !shares(feat("", "henry"), feat("henry", "gray")) {
		t.Error(`"henry" (family name only) shares no key with "henry gray"`)
	}
	if shares(feat("anna", "lawton"), feat("george", "anna")) {
		t.Error(`"anna lawton" and "george anna" share a key: only a lone name is keyed in the other slot`)
	}
}

// TestNeighbourKeyLoneName checks that a record with one name only sorts
// among the records with that family name in an oversized block, ahead of
// them, and not at the front of the block with the other empty family
// names.
func TestNeighbourKeyLoneName(t *testing.T) {
	key := func(f Features) string { return string(NeighbourKey(nil, &f)) }
	lone := key(Features{Given: "hay", BirthDate: 18400101})
	mary := key(Features{Given: "mary", Family: "hay", BirthDate: 18400101})
	hayes := key(Features{Given: "anna", Family: "hayes"})
	before := key(Features{Given: "zoe", Family: "hawk"})
	if !(before < lone && lone < mary && mary < hayes) {
		t.Errorf("lone name %q does not sort between %q and %q, ahead of %q", lone, before, mary, hayes)
	}
	if !strings.HasPrefix(mary, "hay\x00mary\x00") {
		t.Errorf("a full name's key %q does not start with the family name, then the given name", mary)
	}
}

// TestSiteKey: two records of one site (no person's name) at the same
// house number on a street with a name word in common share a blocking
// key whatever their phones, their postcodes and the street's type and
// direction; another number, another street, or records that name a
// person (whose street key takes the family initial) do not share it.
func TestSiteKey(t *testing.T) {
	b := NewBlocker()
	keysOf := func(f Features) []uint64 {
		var out []uint64
		for _, k := range b.Keys(nil, &f) {
			if k.Kind() == keySite {
				out = append(out, k.Hash())
			}
		}
		return out
	}
	site := Features{StreetNo: "5423", Street: "west diversey avenue", Phone: "7732223215", ASCII: true}
	a := keysOf(site)
	if len(a) != 1 {
		t.Fatalf("site keys %v, want one (the street's one name word)", a)
	}
	if k := keysOf(Features{StreetNo: "10810", Street: "avenue h"}); len(k) != 1 {
		t.Errorf("a street without a name word of two letters: site keys %v, want one (the whole street)", k)
	}
	if k := keysOf(Features{StreetNo: "4910", Street: "south drive martin luther king jr drive"}); len(k) != 3 {
		t.Errorf("a street of three name words and more: site keys %v, want three", k)
	}
	for _, tc := range []struct {
		name string
		f    Features
		want bool
	}{
		{"same site, other phone and a postcode", Features{StreetNo: "5423", Street: "west diversey avenue", Postcode: "60639", Phone: "7736223215"}, true},
		{"the street without its type", Features{StreetNo: "5423", Street: "west diversey"}, true},
		{"the street without its direction", Features{StreetNo: "5423", Street: "diversey avenue"}, true},
		{"another name word of the street in common", Features{StreetNo: "5423", Street: "north diversey parkway"}, true},
		{"another number", Features{StreetNo: "5425", Street: "west diversey avenue"}, false},
		{"another street", Features{StreetNo: "5423", Street: "west belmont avenue"}, false},
		{"no number", Features{Street: "west diversey avenue"}, false},
		{"a person", Features{Given: "anna", Family: "lee", StreetNo: "5423", Street: "west diversey avenue"}, false},
	} {
		got := slices.ContainsFunc(keysOf(tc.f), func(h uint64) bool { return slices.Contains(a, h) })
		if got != tc.want {
			t.Errorf("%s: shares the site key %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestEmailUserTF: the same e-mail user at another domain is adjusted by
// how common the user is. A local part that many records share
// ("h.smith") weighs less than the level's average, a rare one more; the
// exact level of the e-mail is not adjusted, nor is any other level.
func TestEmailUserTF(t *testing.T) {
	var feats []Features
	add := func(email string) {
		user, _, _ := strings.Cut(email, "@")
		feats = append(feats, Features{Email: email, EmailUser: user, ASCII: true})
	}
	for _, d := range []string{"a.com", "b.org", "c.net", "d.info", "e.biz", "f.co", "g.de", "h.fr"} {
		add("h.smith@" + d)
	}
	add("hannah.smithson1987@a.com")
	add("hannah.smithson1987@b.org")
	for i := range 40 {
		add(fmt.Sprintf("user%d@x.com", i))
	}
	st := mustStore(t, feats)
	comps := activeComparisons(st, nil)
	c := indexOf(comps, "email")
	if c < 0 {
		t.Fatal("no email comparison")
	}
	tfs, _ := buildTF(st, comps, 2, nil)
	tf := tfs[c]
	if tf.level != 1 {
		t.Fatalf("email TF adjusts level %d, want 1 (same user)", tf.level)
	}
	if lv := emailLevel(&feats[0], &feats[1]); lv != 1 {
		t.Fatalf("h.smith at two domains: level %d, want 1 (same user)", lv)
	}
	common, rare := tf.of(1, 0), tf.of(1, 8)
	if !(common < 0 && rare > 0) {
		t.Errorf("same user: adjustment %.2f for h.smith (8 records), %.2f for hannah.smithson1987 (2); want < 0 and > 0", common, rare)
	}
	for _, l := range []int8{Missing, 0, 2, 3} {
		if v := tf.of(l, 0); v != 0 {
			t.Errorf("level %d adjusted by %.2f, want 0", l, v)
		}
	}
}

// TestDateNeighbours: in an oversized block a record without a given name
// (sorted first by name, away from its duplicates) is paired with its
// neighbours by birth date; pairs of two records with both names are not
// added (the name order already found them), nor are records without a
// birth date. NeighbourDate reads the same date and flag from a neighbour
// key as the local runner computes from the features.
func TestDateNeighbours(t *testing.T) {
	feats := []Features{
		{Given: "", Family: "todd", BirthDate: 19910724},       // 0: no given name
		{Given: "sophie", Family: "todd", BirthDate: 19900726}, // 1: the same person
		{Given: "amy", Family: "todd", BirthDate: 19500101},
		{Given: "zoe", Family: "todd", BirthDate: 19910725},
		{Given: "beth", Family: "todd", BirthDate: 19910801},
		{Given: "carl", Family: "todd"}, // 5: no birth date
		{Given: "dora", Family: "todd", BirthDate: 20200101},
	}
	var nk []byte
	dates := make([]uint32, len(feats))
	for i := range feats {
		dates[i] = lonePartDate(&feats[i])
		nk = NeighbourKey(nk[:0], &feats[i])
		if got := NeighbourDate(string(nk)); got != dates[i] {
			t.Errorf("record %d: NeighbourDate %x, from the features %x", i, got, dates[i])
		}
	}
	if dates[0]&LonePartBit == 0 || dates[1]&LonePartBit != 0 || dates[5] != 0 {
		t.Fatalf("dates %x: want the lone-name bit on record 0 only, 0 for record 5", dates)
	}
	blk := []int{0, 1, 2, 3, 4, 5, 6}
	var got [][2]int
	n := DateNeighbours(blk, func(i int) uint32 { return dates[i] }, func(x, y int) int { return x - y }, 1,
		func(x, y int) { got = append(got, [2]int{min(x, y), max(x, y)}) })
	// Date order: 2 (1950), 1 (1990-07-26), 0, 3, 4, 6; window 1: only the
	// pairs with record 0 are kept.
	want := [][2]int{{0, 1}, {0, 3}}
	if !slices.Equal(got, want) || n != len(want) {
		t.Errorf("pairs %v (n %d), want %v", got, n, want)
	}
	full := []int{1, 2, 3}
	if n := DateNeighbours(full, func(i int) uint32 { return dates[i] }, func(x, y int) int { return x - y }, 3, func(x, y int) {}); n != 0 {
		t.Errorf("a block where every record has both names: %d pairs, want 0", n)
	}
}

// TestBirthDateTF: an exact birth date that many records share (a
// popular or default date) weighs less than the level's average, a rare
// one more.
func TestBirthDateTF(t *testing.T) {
	var feats []Features
	for range 10 {
		feats = append(feats, Features{BirthDate: 19680418})
	}
	for i := range 40 {
		feats = append(feats, Features{BirthDate: Date(19500101 + 10000*(i/12) + 100*(i%12))})
	}
	st := mustStore(t, feats)
	comps := activeComparisons(st, nil)
	c := indexOf(comps, "birth_date")
	if c < 0 {
		t.Fatal("no birth_date comparison")
	}
	tfs, _ := buildTF(st, comps, 2, nil)
	tf := tfs[c]
	common, rare := tf.of(0, 0), tf.of(0, 10)
	if !(common < 0 && rare > 0) {
		t.Errorf("exact birth date: adjustment %.2f for a date of 10 records, %.2f for a date of one; want < 0 and > 0", common, rare)
	}
	if v := tf.of(1, 0); v != 0 {
		t.Errorf("one typo adjusted by %.2f, want 0", v)
	}
}

func TestLeaveOutShared(t *testing.T) {
	var comps []Comparison
	for _, c := range allComparisons() {
		switch c.Name {
		case "given_name", "family_name", "birth_date", "country":
			comps = append(comps, c)
		}
	}
	at := map[string]int{}
	for i, c := range comps {
		at[c.Name] = i
	}
	var dob, names round
	for _, r := range trainingRounds(comps) {
		switch r.kind {
		case keyDOB:
			dob = r
		case keyNames:
			names = r
		}
	}
	code := func(given, family, date, country int8) uint64 {
		lv := make([]int8, len(comps))
		lv[at["given_name"]], lv[at["family_name"]], lv[at["birth_date"]], lv[at["country"]] = given, family, date, country
		return encode(lv)
	}
	// The birth-date round estimates both names: the country is left out
	// and the patterns that differ only in it are merged.
	pats := []pattern{{code(0, 0, Missing, 0), 3}, {code(0, 0, Missing, 1), 2}, {code(5, 4, Missing, 0), 7}}
	got, rd := leaveOutShared(pats, dob)
	if rd.used[at["country"]] || !rd.used[at["given_name"]] || rd.mask&(7<<(3*at["country"])) == 0 {
		t.Errorf("birth-date round: country still used (used %v, mask %x)", rd.used, rd.mask)
	}
	if !dob.used[at["country"]] {
		t.Error("leaveOutShared changed the round it was given")
	}
	want := map[uint64]float64{code(0, 0, Missing, Missing): 5, code(5, 4, Missing, Missing): 7}
	if len(got) != len(want) {
		t.Fatalf("birth-date round: %d patterns, want %d", len(got), len(want))
	}
	for _, p := range got {
		if want[p.code] != p.count {
			t.Errorf("pattern %x counted %v, want %v", p.code, p.count, want[p.code])
		}
	}
	// The names round has the birth date alone besides the country: EM
	// needs the country there, so the round is unchanged.
	pats = []pattern{{code(Missing, Missing, 0, 0), 3}, {code(Missing, Missing, 3, 1), 2}}
	got, rd = leaveOutShared(pats, names)
	if !rd.used[at["country"]] || len(got) != 2 {
		t.Errorf("names round: country left out (used %v, %d patterns)", rd.used, len(got))
	}
}

// TestEMNeverPatterns: pairs that cannot be matches (a generation apart)
// but agree on what matches agree on (a region) form a third group that
// two-class EM with u free takes into the match class; held out of it
// (emOptions.Never), EM recovers the matches.
func TestEMNeverPatterns(t *testing.T) {
	// Comparisons: a birth date (exact, typo, same year, differs, a
	// generation apart) and two region-like attributes.
	matchM := [][]float64{{0.6, 0.4, 0, 0, 0}, {0.9, 0.1}, {0.8, 0.2}}
	relM := [][]float64{{0, 0, 0, 0, 1}, {0.9, 0.1}, {0.8, 0.2}} // relatives
	randU := [][]float64{{0.001, 0.004, 0.02, 0.35, 0.625}, {0.05, 0.95}, {0.1, 0.9}}
	shares := []float64{0.03, 0.05, 0.92} // matches, relatives, others
	counts := map[uint64]float64{}
	lv := make([]int8, 3)
	var rec func(c int, p [3]float64)
	rec = func(c int, p [3]float64) {
		if c == len(lv) {
			counts[encode(lv)] += 1e6 * (shares[0]*p[0] + shares[1]*p[1] + shares[2]*p[2])
			return
		}
		for l := range matchM[c] {
			lv[c] = int8(l)
			rec(c+1, [3]float64{p[0] * matchM[c][l], p[1] * relM[c][l], p[2] * randU[c][l]})
		}
	}
	rec(0, [3]float64{1, 1, 1})
	fit := func(never func(uint64) bool) *Model {
		var pats []pattern
		for c, n := range counts {
			pats = append(pats, pattern{c, n})
		}
		m := &Model{M: make([][]float64, 3), U: randU}
		for c := range m.M {
			m.M[c] = make([]float64, len(matchM[c]))
		}
		fitEM(m, pats, emOptions{MaxIter: 500, Tol: 1e-10, FreeU: true, Never: never})
		return m
	}
	free := fit(nil)
	if free.M[0][4] < 0.2 {
		t.Fatalf("premise: EM without the constraint gave m(generation) %.3f; the test needs it to go wrong", free.M[0][4])
	}
	m := fit(func(code uint64) bool { return levelAt(code, 0) == 4 })
	if math.Abs(m.Lambda-shares[0]) > 0.005 {
		t.Errorf("lambda = %.4f, want %.4f (without the constraint %.4f)", m.Lambda, shares[0], free.Lambda)
	}
	for l, want := range matchM[0] {
		if math.Abs(m.M[0][l]-want) > 0.02 {
			t.Errorf("m(birth date)[%d] = %.4f, want %.4f", l, m.M[0][l], want)
		}
	}
}

// TestClusterOneComparisonBridges: in a run with one comparison, two
// clusters whose average probability across is low still join when two
// pairs of different values across them link on their own; one link
// (however many records repeat its two values) does not, nor do two when
// a pair across is a conflict, nor when the run has more comparisons.
func TestClusterOneComparisonBridges(t *testing.T) {
	// Cluster A: records 0-6 with values a0 (5 records), a1, a2; cluster
	// B: records 7-11 with values b0 (4 records), b1. The link between
	// them is 5-7 (a1 / b0).
	val := []string{"a0", "a0", "a0", "a0", "a0", "a1", "a2", "b0", "b0", "b0", "b0", "b1"}
	ids := []uint32{0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 4}
	links := []Pair{{A: 0, B: 1, Weight: 20}, {A: 1, B: 2, Weight: 20}, {A: 2, B: 3, Weight: 20}, {A: 3, B: 4, Weight: 20},
		{A: 7, B: 8, Weight: 20}, {A: 8, B: 9, Weight: 20}, {A: 9, B: 10, Weight: 20},
		{A: 4, B: 5, Weight: 15}, {A: 5, B: 6, Weight: 15}, {A: 10, B: 11, Weight: 15}, {A: 5, B: 7, Weight: 12}}
	weigh := func(strong [][2]string, conflict [2]int) func(a, b int) Weighed {
		return func(a, b int) Weighed {
			if [2]int{min(a, b), max(a, b)} == conflict {
				return Weighed{Weight: -20, Conflict: true}
			}
			if val[a][0] == val[b][0] {
				return Weighed{Weight: 15} // within A or within B
			}
			for _, s := range strong {
				if (val[a] == s[0] && val[b] == s[1]) || (val[a] == s[1] && val[b] == s[0]) {
					return Weighed{Weight: 12}
				}
			}
			return Weighed{Weight: -20}
		}
	}
	// Two links: 5 of the 35 record pairs across, an average of 0.14.
	one := [][2]string{{"a1", "b0"}}
	two := [][2]string{{"a1", "b0"}, {"a2", "b1"}}
	cases := []struct {
		name     string
		value    []uint32
		strong   [][2]string
		conflict [2]int
		join     bool
	}{
		{"one link between two values, 4 record pairs", ids, one, [2]int{}, false},
		{"two links between different values", ids, two, [2]int{}, true},
		{"two links and a conflict across", ids, two, [2]int{0, 11}, false},
		{"two links, more than one comparison", nil, two, [2]int{}, false},
	}
	for _, c := range cases {
		r := cluster(clusterInput{n: len(val), pairs: links, maxSize: 100, weigh: weigh(c.strong, c.conflict), minCohesion: 0.2, value: c.value})
		if got := r.cluster[0] == r.cluster[11]; got != c.join {
			t.Errorf("%s: clusters %v, joined %v, want %v", c.name, r.cluster, got, c.join)
		}
	}
}

// TestCountryCond: the frequency of a value within its country against
// among all records, for a pair of that country agreeing on it.
func TestCountryCond(t *testing.T) {
	for _, tc := range []struct {
		name               string
		nv, nvc, nc, total float64
		want, tol          float64
	}{
		// 125 of a country's 250 records share a date that 126 of 110,000
		// records have: as rare as the country, no more.
		{"a date of one country", 126, 125, 250, 110000, math.Log2(250.0 / 110000 * 125 / 123), 1e-4},
		// Spread over the countries as the records are: no correction.
		{"spread", 1001, 501, 50000, 100000, 0, 0.01},
		// Held by the pair alone: nothing to tell.
		{"the pair alone", 2, 2, 250, 110000, 0, 1e-9},
		// The pair and one more of the country: smoothed, not the full
		// log2(250/110000).
		{"three records", 3, 3, 250, 110000, math.Log2(2 / (1 + 250.0/110000) * 250 / 110000), 1e-9},
	} {
		if got := countryCond(tc.nv, tc.nvc, tc.nc, tc.total); math.Abs(got-tc.want) > tc.tol {
			t.Errorf("%s: %.4f, want %.4f", tc.name, got, tc.want)
		}
	}
}

// TestCountryTerm: two records of one country agreeing on a surname and a
// birth date that belong to that country lose the rarity counted twice;
// the same agreements on values spread over the countries, a pair of two
// countries, or one adjusted agreement alone keep their weight; the
// correction is never positive.
func TestCountryTerm(t *testing.T) {
	var feats []Features
	add := func(n int, family string, dob Date, country string) {
		for range n {
			feats = append(feats, Features{Given: fmt.Sprintf("g%d", len(feats)), Family: family, BirthDate: dob, Country: country, ASCII: true})
		}
	}
	add(6, "wagner", 19680418, "at") // 0-5: one country's name and date
	for i := range 194 {             // 6-199: unique names and dates, one in ten "at"
		c := "pl"
		if i%10 < 1 || i < 14 {
			c = "at"
		}
		add(1, fmt.Sprintf("f%d", i), Date(19000101+10000*(i%90)+100*(i/90)), c)
	}
	for i := range 40 { // 200-239: spread over both countries
		c := "at"
		if i%10 != 0 {
			c = "pl"
		}
		add(1, "nowak", Date(19700101+i%2), c)
	}
	st := mustStore(t, feats)
	comps := activeComparisons(st, nil)
	tfs, cty := buildTF(st, comps, 2, nil)
	if cty.at < 0 || cty.at != indexOf(comps, "country") {
		t.Fatalf("country comparison at %d, want %d", cty.at, indexOf(comps, "country"))
	}
	r := &Result{Comparisons: comps, tfAdj: tfs, cty: cty, Model: &Model{U: make([][]float64, len(comps))}}
	lv := make([]int8, len(comps))
	sc := newScorer(comps)
	term := func(a, b int) float64 {
		sc.levels(&feats[a], &feats[b], lv)
		return r.countryTerm(uint32(a), encode(lv))
	}
	// A second adjusted agreement concentrated in the country takes back
	// up to the country's rarity, log2(N / n_at) bits (smoothed a little:
	// five other records of the country have the name and the date).
	nat := 0
	for i := range feats {
		if feats[i].Country == "at" {
			nat++
		}
	}
	rarity := math.Log2(float64(len(feats)) / float64(nat))
	if got := term(0, 1); got > -0.75*rarity || got < -rarity-1e-9 {
		t.Errorf("Wagner, one date, one country: correction %.2f, want between -%.2f and -%.2f", got, rarity, 0.75*rarity)
	}
	if got := term(202, 212); got != 0 {
		t.Errorf("values spread over the countries: correction %.2f, want 0", got)
	}
	feats[1].Country = "pl"
	st = mustStore(t, feats)
	if got := term(0, 1); got != 0 {
		t.Errorf("two countries: correction %.2f, want 0", got)
	}
	feats[1].Country, feats[1].BirthDate = "at", 19680419
	if got := term(0, 1); got > 0 {
		t.Errorf("one adjusted agreement: correction %.2f, want <= 0", got)
	}
}

// TestTransposedDateTF: two dates a transposition apart weigh no more than
// an exact agreement on the more common of the two; a transposition
// between rare dates keeps the level's weight.
func TestTransposedDateTF(t *testing.T) {
	var feats []Features
	for range 30 {
		feats = append(feats, Features{BirthDate: 19650110}) // 0-29: a date many share
	}
	feats = append(feats, Features{BirthDate: 19560110}) // 30: its transposition
	for i := range 60 {                                  // 31-90: one record each
		feats = append(feats, Features{BirthDate: Date(19700101 + 10000*(i/12) + 100*(i%12))})
	}
	feats = append(feats, Features{BirthDate: 19700102}, Features{BirthDate: 19700120}) // 91, 92: rare, transposed
	st := mustStore(t, feats)
	comps := activeComparisons(st, nil)
	c := indexOf(comps, "birth_date")
	tfs, cty := buildTF(st, comps, 2, nil)
	m := &Model{M: make([][]float64, len(comps)), U: make([][]float64, len(comps))}
	m.M[c] = []float64{0.4, 0.5, 0.05, 0.01, 0.01, 0.02, 0.01}
	m.U[c] = []float64{1e-4, 1e-4, 1e-3, 2e-3, 0.03, 0.3, 0.6}
	r := &Result{Comparisons: comps, tfAdj: tfs, cty: cty, Model: m}
	lv := make([]int8, len(comps))
	sc := newScorer(comps)
	weight := func(a, b int) float64 {
		sc.levels(&feats[a], &feats[b], lv)
		if lv[c] != dateTransposed {
			t.Fatalf("%d / %d: level %d, want %d", feats[a].BirthDate, feats[b].BirthDate, lv[c], dateTransposed)
		}
		return m.Weight(c, lv[c]) + r.tfTerm(c, uint32(a), uint32(b), encode(lv))
	}
	exactCommon := m.Weight(c, 0) + r.tfTerm(c, 0, 1, 1<<(3*c)) // exact: level 0, code level+1 = 1
	if got := weight(0, 30); math.Abs(got-max(0, exactCommon)) > 1e-6 {
		t.Errorf("1965-01-10 (30 records) / 1956-01-10: weight %.3f, want the common date's exact weight %.3f", got, exactCommon)
	}
	if got := weight(30, 0); math.Abs(got-max(0, exactCommon)) > 1e-6 {
		t.Errorf("1956-01-10 / 1965-01-10: weight %.3f, want %.3f (symmetric)", got, exactCommon)
	}
	if got, want := weight(91, 92), m.Weight(c, dateTransposed); got != want {
		t.Errorf("two rare dates transposed: weight %.3f, want the level's %.3f", got, want)
	}
}
