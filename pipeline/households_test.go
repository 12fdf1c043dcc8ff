package pipeline_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/pipeline"
)

// TestHouseholds: which golden records are grouped into one household and
// with what evidence. Every case's people are added to a few unrelated
// customers and must stay golden records of their own; the households
// listed must come out exactly (members and the shared column), and every
// other person of the case must be in no household.
func TestHouseholds(t *testing.T) {
	const header = "id,first_name,last_name,birth_date,phone,email,address,postcode,city,company\n"
	others := "o1,Anna,Schulz,1970-01-05,030 5550101,anna.schulz@web.de,Ringstrasse 9,10117,Berlin,\n" +
		"o2,Jonas,Weber,1990-04-04,030 5550177,jweber@gmx.de,Parkweg 1,10119,Berlin,\n" +
		"o3,Lea,Fischer,1985-11-30,030 5550142,lea.f@posteo.de,Seeweg 3,10178,Berlin,\n" +
		"o4,Tim,Becker,1962-07-19,030 5550199,tim.becker@t-online.de,Lindenallee 12,10115,Berlin,\n"
	// resident returns the row of the n-th of many people of distinct
	// names at one address.
	resident := func(prefix string, n int, phone, address, company string) string {
		given := []string{"Karl", "Erna", "Otto", "Ilse", "Hans", "Gerda", "Fritz", "Hilde", "Paul", "Irma", "Kurt", "Lotte"}
		family := []string{"Huber", "Wagner", "Keller", "Vogel", "Brandt", "Roth", "Lorenz", "Sommer", "Jung", "Hahn", "Graf", "Kuhn"}
		return fmt.Sprintf("%s%d,%s,%s,19%d-0%d-1%d,%s,,%s,10117,Berlin,%s\n",
			prefix, n, given[n], family[n], 30+3*n, 1+n%9, n%10, phone, address, company)
	}
	many := func(prefix string, n int, phone func(int) string, address, company string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(resident(prefix, i, phone(i), address, company))
		}
		return b.String()
	}
	cases := []struct {
		name string
		rows string
		want map[string][]string // shared column -> record ids of one household
	}{
		{"couple of two family names: one landline", "" +
			"z1,Wei,Zhang,1978-03-02,030 4471122,zhang.wei@163.com,Kastanienallee 7,10435,Berlin,\n" +
			"z2,Na,Li,1980-09-14,+49 30 4471122,lina80@qq.com,Kastanienallee 7,10435,Berlin,\n",
			map[string][]string{"address+phone": {"z1", "z2"}}},
		{"one landline at two house numbers", "" +
			"n1,Carmen,García López,1979-05-30,030 4471133,,Hauptstrasse 5,10115,Berlin,\n" +
			"n2,Javier,Pérez Ruiz,1977-12-03,030 4471133,,Hauptstrasse 7,10115,Berlin,\n",
			nil},
		{"neighbours: one address, own landlines", "" +
			"b1,Sofia,Costa,1981-04-11,030 4471201,,Kastanienallee 7,10435,Berlin,\n" +
			"b2,Min-jun,Kim,1983-08-25,030 4471202,,Kastanienallee 7,10435,Berlin,\n",
			nil},
		{"one landline, two addresses", "" +
			"l1,Ana,Silva,1976-10-10,030 4471300,,Kastanienallee 7,10435,Berlin,\n" +
			"l2,João,Santos,1974-01-19,030 4471300,,Schönhauser Allee 50,10437,Berlin,\n",
			nil},
		{"colleagues at a switchboard", many("c", 4, func(int) string { return "030 9000100" }, "Friedrichstrasse 100", "Nordlicht Bau GmbH"), nil},
		{"switchboard with no company column", many("s", 10, func(int) string { return "030 9000200" }, "Friedrichstrasse 200", ""), nil},
		{"care home: one address and reception", many("h", 12, func(int) string { return "030 9000300" }, "Parkstrasse 3", ""), nil},
		{"block of flats with one couple in it", many("f", 12, func(i int) string {
			if i < 2 {
				return "030 9000400"
			}
			return fmt.Sprintf("030 90004%02d", 10+i)
		}, "Parkstrasse 4", ""),
			map[string][]string{"address+phone": {"f0", "f1"}}},
		{"family of one name", "" +
			"m1,Thomas,Müller,1968-04-02,030 4471500,,Gartenweg 3,10178,Berlin,\n" +
			"m2,Sabine,Müller,1970-08-15,030 4471500,,Gartenweg 3,10178,Berlin,\n" +
			"m3,Lukas,Müller,1999-01-30,,,Gartenweg 3,10178,Berlin,\n",
			map[string][]string{"family_name+address+phone+look_alike": {"m1", "m2", "m3"}}},
		{"family of one name and a partner of another", "" +
			"p1,Thomas,Müller,1968-04-02,030 4471600,,Gartenweg 5,10178,Berlin,\n" +
			"p2,Lukas,Müller,1999-01-30,,,Gartenweg 5,10178,Berlin,\n" +
			"p3,Carmen,Vidal,1971-11-11,030 4471600,,Gartenweg 5,10178,Berlin,\n",
			map[string][]string{"family_name+address+phone+look_alike": {"p1", "p2", "p3"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := writeFile(t, dir, "crm.csv", header+others+tc.rows)
			out := filepath.Join(dir, "out")
			if _, err := pipeline.Dedupe(context.Background(), pipeline.Options{Files: []string{in}, OutDir: out, Region: "DE"}); err != nil {
				t.Fatal(err)
			}
			golden := map[string]string{} // record id -> golden id
			for _, row := range readAll(t, filepath.Join(out, "crosswalk.csv"))[1:] {
				golden[row[1]] = row[2]
			}
			gold := readAll(t, filepath.Join(out, "golden.csv"))
			hc := indexOf(gold[0], "household_id")
			house := map[string]string{} // golden id -> household id
			for _, row := range gold[1:] {
				house[row[0]] = row[hc]
			}
			shared := map[string]string{} // household id -> shared column
			for _, row := range readAll(t, filepath.Join(out, "households.csv"))[1:] {
				shared[row[0]] = row[3]
			}
			var ids []string
			seen := map[string]string{}
			for _, line := range strings.Split(strings.TrimSpace(others+tc.rows), "\n") {
				id := line[:strings.IndexByte(line, ',')]
				ids = append(ids, id)
				if other, dup := seen[golden[id]]; dup {
					t.Fatalf("%s and %s were merged; the case needs different people", other, id)
				}
				seen[golden[id]] = id
			}
			got := map[string][]string{}
			for _, id := range ids {
				if h := house[golden[id]]; h != "" {
					got[shared[h]] = append(got[shared[h]], id)
				}
			}
			for k := range got {
				slices.Sort(got[k])
			}
			if len(got) != len(tc.want) || len(shared) != len(tc.want) {
				t.Errorf("households %v (%d listed), want %v", got, len(shared), tc.want)
				return
			}
			for k, w := range tc.want {
				if !slices.Equal(got[k], w) {
					t.Errorf("household %q: %v, want %v (all: %v)", k, got[k], w, got)
				}
			}
		})
	}
}
