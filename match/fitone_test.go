package match

import (
	"context"
	"testing"
)

// companyList is a dense list of company names and nothing else: 12
// companies of 30 records each (most with one name, some with a word more
// or a typo) and 40 companies of one record; with shared, 120 companies
// of one record whose names share a word with 21 others ("River Bakery",
// "Stone Bakery", "River Garage").
func companyList(shared bool) (feats []Features, entity []int) {
	big := []string{"acme", "globex", "initech", "umbrella", "hooli", "soylent",
		"vandelay", "wonka", "tyrell", "cyberdyne", "nakatomi", "oscorp"}
	typo := []string{"acne", "globx", "inittech", "umbrela", "hoolli", "soylemt",
		"vandelai", "wonca", "tyrel", "cyberdine", "nakatommi", "oscrop"}
	for c, w := range big {
		for r := range 30 {
			name := w + " trading"
			switch {
			case r%6 == 1:
				name = w + " holding trading"
			case r%10 == 3:
				name = typo[c] + " trading"
			}
			feats = append(feats, Features{Company: name, ASCII: true})
			entity = append(entity, c)
		}
	}
	if !shared {
		for i, w := range []string{"abbott", "bristow", "calloway", "dunmore", "egerton", "fairbanks", "gresham",
			"holloway", "ingram", "jessop", "kilbride", "lockhart", "mayfield", "norcross", "ormsby", "pemberton",
			"quimby", "radcliffe", "stanhope", "thackeray", "upton", "vickers", "whitlock", "yardley", "zeller",
			"ashdown", "brampton", "crichton", "dalziel", "everard", "fenwick", "galbraith", "hartigan", "ismay",
			"jephson", "kimber", "lindqvist", "moncrieff", "nesbitt", "oakeshott"} {
			feats = append(feats, Features{Company: w, ASCII: true})
			entity = append(entity, 100+i)
		}
		return feats, entity
	}
	first := []string{"river", "stone", "maple", "falcon", "copper", "harbor", "meadow", "summit", "willow", "quartz",
		"ember", "prairie"}
	second := []string{"bakery", "garage", "dental", "florist", "joinery", "optics", "printing", "roofing", "tailors", "vending"}
	for i, a := range first {
		for j, b := range second {
			feats = append(feats, Features{Company: b + " " + a, ASCII: true})
			entity = append(entity, 100+i*len(second)+j)
		}
	}
	return feats, entity
}

// TestFitOneLinksACompanyList: with the company name the only comparison,
// EM over the candidates cannot split matches from non-matches and linked
// nothing; FitOne links the records of one name and keeps different
// companies apart.
func TestFitOneLinksACompanyList(t *testing.T) {
	feats, entity := companyList(false)
	res, err := Run(context.Background(), feats, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Model.RandomPrior {
		t.Fatalf("a run with one comparison was not fitted by FitOne (comparisons %v)", res.Model.Comparisons)
	}
	together, apart := 0, 0
	for i := range feats {
		for j := i + 1; j < len(feats); j++ {
			same := res.Cluster[i] == res.Cluster[j]
			switch {
			case entity[i] == entity[j] && feats[i].Company == feats[j].Company && !same:
				together++
			case entity[i] != entity[j] && same:
				apart++
			}
		}
	}
	if together > 0 || apart > 0 {
		t.Errorf("%d pairs of one name left apart, %d pairs of different companies joined", together, apart)
	}
	if w := res.Model.PriorWeight() + res.Model.Weight(0, 0); w <= 0 {
		t.Errorf("weight of an exact name %.2f bits, want > 0", w)
	}
	if w := res.Model.PriorWeight() + res.Model.Weight(0, 4); w >= 0 {
		t.Errorf("weight of names that differ %.2f bits, want < 0", w)
	}
}

// TestFitOneUFromDistinctValues: u of an exact agreement comes from pairs
// of different values, so the repeats of one company's name do not count
// as chance agreement, while Fit's u from random record pairs does.
func TestFitOneUFromDistinctValues(t *testing.T) {
	feats, _ := companyList(false)
	st, err := NewStore(feats)
	if err != nil {
		t.Fatal(err)
	}
	comps := activeComparisons(st, nil)
	if len(comps) != 1 || comps[0].Name != "company" {
		t.Fatalf("comparisons %v, want company alone", comps)
	}
	c := NewComparator(comps).WithOrgWeights(*countOrgWords(st))
	opt := Options{Workers: 1}.withDefaults()
	recs := oneRecordPerValue(st, &comps[0])
	if want := 12*3 + 40; len(recs) != want {
		t.Fatalf("%d distinct values, want %d", len(recs), want)
	}
	r := estimateU(context.Background(), st, c, opt, nil)
	d := estimateU(context.Background(), st, c, opt, recs)
	raw, dist := r.U()[0][0], d.U()[0][0]
	if raw < 0.01 || dist > 1e-3 {
		t.Errorf("u of an exact name: %.5f from record pairs, %.5f from distinct values; want >= 0.01 and <= 0.001", raw, dist)
	}
	m := c.FitOne(r, d, nil)
	if m == nil {
		t.Fatal("FitOne declined a fair sample of different names")
	}
	// 12 companies of 30 records: 5,220 of the 79,800 pairs match.
	if m.RandomLambda < 0.03 || m.RandomLambda > 0.1 {
		t.Errorf("share of matches among random pairs %.4f, want about 0.065", m.RandomLambda)
	}
}

// TestFitOneDeclines: where one-off names share words with each other and
// the large companies a common word, record pairs reach "differs" more
// often than different values do, the distinct values are no fair sample
// of the non-matches and FitOne declines (the run keeps Fit's model).
func TestFitOneDeclines(t *testing.T) {
	feats, _ := companyList(true)
	in := fitOneInputsOf(t, feats)
	if m := in.c.FitOne(in.r, in.d, nil); m != nil {
		t.Errorf("FitOne = model with lambda %.3f, want nil", m.Lambda)
	}
	res, err := Run(context.Background(), feats, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Model.RandomPrior {
		t.Error("the run used a declined FitOne model")
	}
}

// variantList is one large company written 60 ways (typos, words
// abbreviated, a place added: the name variants of a patent applicant;
// 30 records of the commonest spelling, 1-3 of each other one), and 150
// companies of one or two records whose names share no word with each
// other but "trading" (the other word is seven random letters).
func variantList() (feats []Features, entity []int) {
	add := func(name string, n, e int) {
		for range n {
			feats = append(feats, Features{Company: name, ASCII: true})
			entity = append(entity, e)
		}
	}
	add("electronics koninklijke philips", 30, 0)
	var k int
	for _, a := range []string{"electronics", "electronic", "elektronics", "electrnics"} {
		for _, b := range []string{"koninklijke", "koninklyke", "konink", "koninkl", "koninklike"} {
			for _, c := range []string{"philips", "phillips", "philps"} {
				for _, d := range []string{"", " eindhoven", " nederland"} {
					name := a + " " + b + " " + c + d
					if k++; k%3 == 0 && name != "electronics koninklijke philips" {
						add(name, 1+k%3, 0)
					}
				}
			}
		}
	}
	rng := splitmix64(1)
	for i := range 150 {
		w := make([]byte, 7)
		for k := range w {
			w[k] = 'a' + byte(rng.next()%26)
		}
		add("trading "+string(w), 1+i%2, 1+i)
	}
	return feats, entity
}

// TestFitOneChanceU: u from the chance pairs (a name against a made-up
// name of random words) holds no name variants of one company, so a
// company written many ways links where u from distinct names alone (its
// variants counted as different names) weighed its variants far below
// zero; a list of one-off names that share words is still declined, and
// different companies stay apart.
func TestFitOneChanceU(t *testing.T) {
	for _, tc := range []struct {
		name     string
		list     func() ([]Features, []int)
		declines bool    // FitOne declines
		before   bool    // the variants' level links without chance pairs too
		recall   float64 // least share of the pairs of one company joined by Run
	}{
		{"one company in 60 spellings", variantList, false, false, 0.95},
		{"one spelling per company", func() ([]Features, []int) { return companyList(false) }, false, true, 0.8},
		{"one-off names sharing words", func() ([]Features, []int) { return companyList(true) }, true, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			feats, entity := tc.list()
			in := fitOneInputsOf(t, feats)
			st, c, r, d := in.st, in.c, in.r, in.d
			ch := chanceU(context.Background(), st, c, in.opt, in.recs)
			if ch == nil {
				t.Fatal("no chance pairs for a list of company names")
			}
			m := c.FitOne(r, d, ch)
			if tc.declines {
				if m != nil {
					t.Errorf("FitOne = model with lambda %.3f, want nil", m.Lambda)
				}
				return
			}
			if m == nil {
				t.Fatal("FitOne declined")
			}
			// The level the pairs of one company's different names reach most.
			var fa, fb Features
			var at [6]int
			for i := range feats {
				for j := i + 1; j < len(feats); j++ {
					if entity[i] == entity[j] && feats[i].Company != feats[j].Company {
						st.Get(i, &fa)
						st.Get(j, &fb)
						at[int8(c.Compare(&fa, &fb)&7)-1]++
					}
				}
			}
			top := int8(1)
			for l := range at {
				if at[l] > at[top] {
					top = int8(l)
				}
			}
			if w := m.PriorWeight() + m.Weight(0, top); w <= 0 {
				t.Errorf("level %s of a company's variants weighs %.2f bits with chance pairs, want > 0", m.Levels[0][top], w)
			}
			if old := c.FitOne(r, d, nil); old != nil && (old.PriorWeight()+old.Weight(0, top) > 0) != tc.before {
				t.Errorf("level %s without chance pairs: %.2f bits; the list does not show what it is for", m.Levels[0][top], old.PriorWeight()+old.Weight(0, top))
			}
			res, err := Run(context.Background(), feats, Options{Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			same, joined, wrong := 0, 0, 0
			for i := range feats {
				for j := i + 1; j < len(feats); j++ {
					together := res.Cluster[i] == res.Cluster[j]
					switch {
					case entity[i] == entity[j]:
						same++
						if together {
							joined++
						}
					case together:
						wrong++
					}
				}
			}
			if wrong > 0 {
				t.Errorf("%d pairs of different companies joined", wrong)
			}
			if rec := float64(joined) / float64(same); rec < tc.recall {
				t.Errorf("pair recall %.3f, want >= %.2f", rec, tc.recall)
			}
		})
	}
}

// fitOneInputs are what FitOne is given in a run over a list of company
// names: the comparator, the random pairs (r) and those of distinct
// values (d, from one record per value: recs).
type fitOneInputs struct {
	st   *Store
	c    *Comparator
	opt  Options
	recs []uint32
	r, d *RandomCounts
}

func fitOneInputsOf(t *testing.T, feats []Features) fitOneInputs {
	t.Helper()
	st, err := NewStore(feats)
	if err != nil {
		t.Fatal(err)
	}
	comps := activeComparisons(st, nil)
	in := fitOneInputs{st: st, opt: Options{Workers: 1}.withDefaults()}
	in.c = NewComparator(comps).WithOrgWeights(*countOrgWords(st))
	in.recs = oneRecordPerValue(st, &comps[0])
	in.r = estimateU(context.Background(), st, in.c, in.opt, nil)
	in.d = estimateU(context.Background(), st, in.c, in.opt, in.recs)
	return in
}
