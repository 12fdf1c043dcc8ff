package match

import (
	"context"
	"slices"
	"strings"

	"github.com/doppel-dev/doppel/internal/workpool"
)

// chancePairs is the number of pairs chanceU compares.
const chancePairs = 200_000

// chanceU counts the company levels of chance agreement: each pair is the
// company name of a record of recs (one record per distinct name) against
// a made-up name of as many words as another record's name has, its words
// drawn at random from the words of the distinct names (each word as often
// as it occurs among them). Two different companies agree at a level by
// chance about as often as such pairs do when their words are independent;
// the name variants of one company, which the pairs of distinct names
// count as different names, cannot occur among them. nil when the run's
// one comparison is not the company name or the names have no words.
func chanceU(ctx context.Context, st *Store, cmpr *Comparator, opt Options, recs []uint32) *RandomCounts {
	if len(cmpr.sc.comps) != 1 || cmpr.sc.comps[0].Name != "company" || len(recs) < 2 {
		return nil
	}
	var f Features
	var ws [maxOrgWords]string
	var vocab []string
	nwords := make([]int, len(recs))
	for i, r := range recs {
		st.Get(int(r), &f)
		w := orgWords(f.Company, &ws)
		nwords[i] = len(w)
		for _, x := range w {
			vocab = append(vocab, strings.Clone(x))
		}
	}
	distinct := len(slices.Compact(slices.Sorted(slices.Values(vocab))))
	if distinct == 0 {
		return nil
	}
	const chunk = 8192
	tasks := (chancePairs + chunk - 1) / chunk
	counts := make([]*RandomCounts, tasks)
	workpool.Run(tasks, opt.Workers, func(t int) {
		cnt := cmpr.NewRandomCounts()
		counts[t] = cnt
		if ctx.Err() != nil {
			return
		}
		rng := splitmix64(uint64(t) + 0x5eed)
		var fa, fb Features
		var words []string
		var sb strings.Builder
		for range chunk {
			a := int(rng.next() % uint64(len(recs)))
			b := int(rng.next() % uint64(len(recs)))
			k := min(nwords[b], distinct)
			words = words[:0]
			for tries := 0; len(words) < k && tries < 4*k+16; tries++ {
				w := vocab[rng.next()%uint64(len(vocab))]
				if !slices.Contains(words, w) {
					words = append(words, w)
				}
			}
			slices.Sort(words)
			sb.Reset()
			ascii := true
			for i, w := range words {
				if i > 0 {
					sb.WriteByte(' ')
				}
				sb.WriteString(w)
				for j := 0; j < len(w) && ascii; j++ {
					ascii = w[j] < 0x80
				}
			}
			st.Get(int(recs[a]), &fa)
			st.Get(int(recs[b]), &fb)
			fb.Company, fb.ASCII = sb.String(), ascii
			cnt.Add(cmpr.Compare(&fa, &fb))
		}
	})
	sum := cmpr.NewRandomCounts()
	for _, cnt := range counts {
		sum.Merge(cnt)
	}
	return sum
}
