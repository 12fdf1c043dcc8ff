package merge

import (
	"fmt"
	"testing"

	"github.com/doppel-dev/doppel"
)

// benchClusters makes 1000 clusters of one to four members whose values
// compete (different e-mails and dates).
func benchClusters() [][]Member {
	clusters := make([][]Member, 1000)
	for c := range clusters {
		for k := 0; k < 1+c%4; k++ {
			clusters[c] = append(clusters[c], mem("src"+fmt.Sprint(k), fmt.Sprint(c*10+k), k, fmt.Sprintf("2020-01-%02d", 1+k), "", map[doppel.Field]string{
				doppel.GivenName: "Robert", doppel.FamilyName: "Müller", doppel.Email: fmt.Sprintf("rob%d@example.com", k),
				doppel.Phone: "+49301234567", doppel.City: "Berlin", doppel.Postcode: "10115",
			}))
		}
	}
	return clusters
}

func BenchmarkMerge(b *testing.B) {
	clusters := benchClusters()
	opt := Options{PerField: map[doppel.Field]Strategy{doppel.Email: MostRecent}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Merge(clusters[i%len(clusters)], opt)
	}
}

// BenchmarkMerger is BenchmarkMerge with one reused Merger, as the
// pipeline merges (mostly single-member clusters there).
func BenchmarkMerger(b *testing.B) {
	clusters := benchClusters()
	m := NewMerger(Options{PerField: map[doppel.Field]Strategy{doppel.Email: MostRecent}})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Merge(clusters[i%len(clusters)])
	}
}
