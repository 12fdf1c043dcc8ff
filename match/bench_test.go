package match

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchFeatures makes n records of which about 30% are corrupted copies of
// an earlier one, with names from small pools so that blocks collide as in
// real data.
func benchFeatures(n int) []Features {
	rng := rand.New(rand.NewPCG(1, 2))
	given := []string{"anna", "robert", "maria", "thomas", "julia", "michael", "laura", "stefan", "sarah", "peter", "lena", "jonas", "emma", "paul", "lisa", "felix"}
	family := make([]string, 400)
	for i := range family {
		family[i] = fmt.Sprintf("%s%s", []string{"mu", "schm", "we", "ba", "ko", "ri", "fi", "ha"}[i%8], []string{"ller", "idt", "ber", "cker", "ch", "chter", "scher", "rtmann", "nig", "user"}[i%10]) + string(rune('a'+i/80))
	}
	typo := func(s string) string {
		if len(s) < 3 {
			return s
		}
		i := rng.IntN(len(s) - 1)
		b := []byte(s)
		b[i], b[i+1] = b[i+1], b[i]
		return string(b)
	}
	out := make([]Features, n)
	for i := range out {
		if i > 0 && rng.Float64() < 0.3 {
			f := out[rng.IntN(i)]
			f.Given = typo(f.Given)
			f.GivenPh = phonetic(f.Given)
			if rng.IntN(3) == 0 {
				f.Email = ""
				f.EmailUser = ""
			}
			out[i] = f
			continue
		}
		g, fam := given[rng.IntN(len(given))], family[rng.IntN(len(family))]
		num := fmt.Sprint(rng.IntN(100))
		out[i] = Features{
			Given: g, Family: fam, GivenPh: phonetic(g), FamilyPh: phonetic(fam), GivenForms: g,
			BirthDate: Date(19400101 + rng.IntN(60)*10000 + rng.IntN(12)*100 + rng.IntN(28)),
			Email:     g + "." + fam + num + "@example.com", EmailUser: g + "." + fam + num, EmailNum: num,
			Phone:    fmt.Sprintf("+4930%07d", rng.IntN(10000000)),
			StreetNo: fmt.Sprint(1 + rng.IntN(200)), Street: family[rng.IntN(len(family))] + " strasse",
			City: []string{"berlin", "hamburg", "munchen", "koln"}[rng.IntN(4)], Postcode: fmt.Sprintf("%05d", rng.IntN(99999)),
			ASCII: true,
		}
	}
	return out
}

func BenchmarkGenerateCandidates(b *testing.B) {
	st := mustStore(b, benchFeatures(50000))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cs, err := generateCandidates(context.Background(), st, BlockOptions{}, 1, 2, SpillOptions{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		cs.close()
	}
	b.ReportMetric(float64(st.Len()*b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkScoreCandidates(b *testing.B) {
	st, _, cmpr, cs := candidatesFixture(b, benchFeatures(50000))
	defer cs.close()
	b.ResetTimer()
	pairs := 0
	for i := 0; i < b.N; i++ {
		codes, _, err := scoreTraining(context.Background(), st, cs.train, cmpr, 2)
		if err != nil {
			b.Fatal(err)
		}
		pairs += len(codes)
	}
	b.ReportMetric(float64(pairs)/b.Elapsed().Seconds(), "pairs/s")
}

func BenchmarkStoreGet(b *testing.B) {
	st := mustStore(b, benchFeatures(50000))
	var f Features
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st.Get(i*7919%st.Len(), &f)
	}
}

func BenchmarkEstimateU(b *testing.B) {
	st := mustStore(b, benchFeatures(50000))
	cmpr := NewComparator(activeComparisons(st, nil))
	opt := Options{RandomPairs: 200000}.withDefaults()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		estimateU(context.Background(), st, cmpr, opt, nil)
	}
	b.ReportMetric(float64(opt.RandomPairs*b.N)/b.Elapsed().Seconds(), "pairs/s")
}

func BenchmarkLevels(b *testing.B) {
	feats := benchFeatures(1000)
	sc := newScorer(activeComparisons(mustStore(b, feats), nil))
	lv := make([]int8, len(sc.comps))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sc.levels(&feats[i%1000], &feats[(i*7+1)%1000], lv)
	}
}

func BenchmarkRun(b *testing.B) {
	feats := benchFeatures(50000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), feats, Options{Workers: 2}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(feats)*b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkCluster(b *testing.B) {
	feats := benchFeatures(50000)
	res, err := Run(context.Background(), feats, Options{Workers: 2})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cluster(clusterInput{n: len(feats), pairs: res.Pairs, maxSize: 1000})
	}
	b.ReportMetric(float64(len(res.Pairs)*b.N)/b.Elapsed().Seconds(), "pairs/s")
}
