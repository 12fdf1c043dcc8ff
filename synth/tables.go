package synth

import (
	"math/rand/v2"
	"sort"
	"strings"
)

// Countries of synthetic customers.
const (
	cDE = iota
	cAT
	cCH
	cUK
	cUS
	numCountries
)

// Name cultures: which given-name and surname lists a person draws from.
const (
	german = iota
	english
)

// city is one entry of a country's city list.
type city struct {
	name     string
	prefixes []string // postcode prefixes (UK: outward codes)
	area     string   // phone area code without trunk prefix
	state    string   // US state
}

// skew draws list positions with a Zipf-like skew: weight 1/(i+c).
type skew struct{ cum []float64 }

func newSkew(n int, c float64) skew {
	cum := make([]float64, n)
	t := 0.0
	for i := range cum {
		t += 1 / (float64(i) + c)
		cum[i] = t
	}
	return skew{cum}
}

func (s skew) pick(r *rand.Rand) int {
	if len(s.cum) == 0 {
		return 0
	}
	x := r.Float64() * s.cum[len(s.cum)-1]
	i := sort.SearchFloat64s(s.cum, x)
	if i >= len(s.cum) {
		i = len(s.cum) - 1
	}
	return i
}

// tables are the read-only lists a generator draws from.
type tables struct {
	given      [2][2][]string // [culture][gender]
	givenSkew  [2][2]skew
	surname    [2][]string // [culture]: common base names, then composed rarer ones
	surSkew    [2]skew
	nick       map[string][]string
	street     [2][]string
	streetSkew [2]skew
	streetSuf  [2][]string
	cities     [numCountries][]city
	citySkew   [numCountries]skew
	providers  [2][]string
	provSkew   [2]skew
	hardTables
}

func newTables() *tables {
	t := &tables{hardTables: newHardTables()}
	t.given[german][0] = splitList(germanMale)
	t.given[german][1] = splitList(germanFemale)
	t.given[english][0] = splitList(englishMale)
	t.given[english][1] = splitList(englishFemale)
	for c := range t.given {
		for g := range t.given[c] {
			t.givenSkew[c][g] = newSkew(len(t.given[c][g]), 8)
		}
	}
	t.surname[german] = composeSurnames(splitList(germanSurnames), splitList(germanPrefixes), splitList(germanSuffixes), true)
	t.surname[english] = composeSurnames(splitList(englishSurnames), splitList(englishPrefixes), splitList(englishSuffixes), false)
	for c := range t.surname {
		t.surSkew[c] = newSkew(len(t.surname[c]), 15)
	}
	t.nick = make(map[string][]string)
	for _, e := range strings.Split(nicknames, ";") {
		formal, nicks, ok := strings.Cut(strings.TrimSpace(e), ":")
		if ok {
			t.nick[formal] = strings.Split(nicks, ",")
		}
	}
	t.street[german] = splitList(germanStreets)
	t.street[english] = splitList(englishStreets)
	t.streetSuf[german] = strings.Fields(germanStreetSuffixes)
	t.streetSuf[english] = strings.Fields(englishStreetSuffixes)
	for c := range t.street {
		t.streetSkew[c] = newSkew(len(t.street[c]), 10)
	}
	for c, list := range [numCountries]string{citiesDE, citiesAT, citiesCH, citiesUK, citiesUS} {
		for _, e := range strings.Split(list, "|") {
			p := strings.Split(strings.TrimSpace(e), ":")
			if len(p) < 3 {
				continue
			}
			ct := city{name: p[0], prefixes: strings.Split(p[1], ","), area: p[2]}
			if len(p) > 3 {
				ct.state = p[3]
			}
			t.cities[c] = append(t.cities[c], ct)
		}
		t.citySkew[c] = newSkew(len(t.cities[c]), 2)
	}
	t.providers[german] = strings.Fields(providersDACH)
	t.providers[english] = strings.Fields(providersEN)
	for c := range t.providers {
		t.provSkew[c] = newSkew(len(t.providers[c]), 1.5)
	}
	return t
}

// composeSurnames appends prefix+suffix compounds that are not already in
// base. German compounds lower-case the joint ("Stein"+"huber" ->
// "Steinhuber"); English ones too ("Ash"+"ford").
func composeSurnames(base, prefixes, suffixes []string, germanStyle bool) []string {
	seen := make(map[string]bool, len(base)+len(prefixes)*len(suffixes))
	out := make([]string, 0, len(base)+len(prefixes)*len(suffixes))
	for _, b := range base {
		seen[b] = true
		out = append(out, b)
	}
	// Interleave so that early (more frequent) compounds are spread over
	// the prefixes rather than all starting with the first one.
	for j := range suffixes {
		for i := range prefixes {
			p, s := prefixes[i], suffixes[j]
			if germanStyle && strings.HasSuffix(p, "r") && strings.HasPrefix(s, "r") {
				continue
			}
			n := p + s
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}
