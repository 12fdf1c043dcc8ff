package normalize

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel"
)

// featRow is one record of the synthetic 100k export, by canonical field.
type featRow struct {
	given, family, full, email, phone, addr, city, zip, country, dob string
}

// loadSyn reads up to n records of each file of /tmp/syn100k/in (the
// synthetic customer exports of scripts/bench.sh); it skips the benchmark
// when they are missing.
func loadSyn(b *testing.B, n int) []featRow {
	files, _ := filepath.Glob("/tmp/syn100k/in/*")
	if len(files) == 0 {
		b.Skip("no /tmp/syn100k/in")
	}
	col := map[string]int{ // header -> field index in featRow order
		"First Name": 0, "Last Name": 1, "Name": 2, "full_name": 2,
		"Email": 3, "E-Mail": 3, "email": 3, "Phone": 4, "Telefon": 4, "mobile": 4,
		"Street": 5, "Straße": 5, "City": 6, "Ort": 6, "city": 6,
		"ZIP": 7, "PLZ": 7, "zip": 7, "Country": 8, "Date of Birth": 9, "Geburtsdatum": 9, "dob": 9,
	}
	var rows []featRow
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		cr := csv.NewReader(fh)
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true
		if strings.HasSuffix(f, ".tsv") {
			cr.Comma = '\t'
		} else if strings.HasSuffix(f, "billing.csv") {
			cr.Comma = ';'
		}
		head, err := cr.Read()
		if err != nil {
			b.Fatal(err)
		}
		for k := 0; k < n; k++ {
			rec, err := cr.Read()
			if err != nil {
				break
			}
			var v [10]string
			for i, h := range head {
				if j, ok := col[strings.TrimPrefix(h, "\ufeff")]; ok && i < len(rec) {
					v[j] = rec[i]
				}
			}
			rows = append(rows, featRow{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]})
		}
		fh.Close()
	}
	return rows
}

// BenchmarkPrepare runs Preparer.Prepare, the matching keys of a record,
// on real-looking records; ns/op is per record.
func BenchmarkPrepare(b *testing.B) {
	rows := loadSyn(b, 5000)
	recs := make([]doppel.Record, len(rows))
	for i, r := range rows {
		v := make([]string, doppel.NumFields)
		v[doppel.GivenName], v[doppel.FamilyName], v[doppel.FullName] = r.given, r.family, r.full
		v[doppel.Email], v[doppel.Phone], v[doppel.Address] = r.email, r.phone, r.addr
		v[doppel.City], v[doppel.Postcode], v[doppel.Country], v[doppel.BirthDate] = r.city, r.zip, r.country, r.dob
		recs[i] = doppel.NewRecord("s", i+2, "", v)
	}
	p, err := NewPreparer(Options{Region: "DE"}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = p.Prepare(&recs[i%len(recs)], 0)
	}
}
