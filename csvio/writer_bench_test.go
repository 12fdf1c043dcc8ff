package csvio

import (
	"io"
	"strconv"
	"testing"
)

// outRows returns output-like rows: ids, names, emails, phones, dates and
// addresses, a few of which need quoting.
func outRows() [][]string {
	given := []string{"Anna", "José", "Li", "Mary-Ann", "O'Neil", "Zoë", "Bob"}
	family := []string{"Müller", "Smith, Jr.", "Nguyen", "van der Berg", "Ó Briain", "Kowalski"}
	streets := []string{"12 Main St", "Flat 3, 4 High Road", "Rue de la \"Paix\" 7", "PO Box 55", "1-3 Station Rd"}
	rows := make([][]string, 0, 512)
	for i := 0; i < 512; i++ {
		g, f := given[i%len(given)], family[i%len(family)]
		rows = append(rows, []string{
			"G" + strconv.Itoa(100000+i), "crm", strconv.Itoa(i * 7919), strconv.Itoa(i + 2),
			g, f, g + "." + strconv.Itoa(i) + "@example.com", "+61 2 9999 " + strconv.Itoa(1000+i),
			"1980-0" + strconv.Itoa(1+i%9) + "-1" + strconv.Itoa(i%10), streets[i%len(streets)], "NSW", "2000", "",
		})
	}
	return rows
}

func BenchmarkWriter(b *testing.B) {
	rows := outRows()
	w := NewWriter(io.Discard)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, r := range rows {
			w.Write(r)
		}
	}
	w.Flush()
}

func BenchmarkEscapeFormula(b *testing.B) {
	rows := outRows()
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, r := range rows {
			for _, c := range r {
				n += len(EscapeFormula(c))
			}
		}
	}
	_ = n
}
