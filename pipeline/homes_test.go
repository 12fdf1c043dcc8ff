package pipeline

import (
	"fmt"
	"slices"
	"testing"

	"github.com/doppel-dev/doppel/match"
)

// TestHomeKeys: the evidence of a household of two family names, record
// by record (golden index = position), and the guards against false
// households: a contact point many golden records or a company give, two
// house numbers, another flat.
func TestHomeKeys(t *testing.T) {
	person := func(family, phone, email, street, no, flat string) match.Features {
		return match.Features{Family: family, Phone: phone, Email: email, Street: street, StreetNo: no, Address2: flat, Postcode: "10435", City: "berlin"}
	}
	// residents are n people of distinct family names at one address with
	// one phone and one e-mail.
	residents := func(n int, phone, email string) []match.Features {
		var fs []match.Features
		for i := range n {
			fs = append(fs, person(fmt.Sprint("family", i), phone, email, "parkstrasse", "3", ""))
		}
		return fs
	}
	withCompany := func(f match.Features) match.Features { f.Company = "nordlicht bau"; return f }
	cases := []struct {
		name  string
		recs  []match.Features
		extra []match.Features // records of more golden records that give the contact point elsewhere
		want  [][2]int         // linked golden pairs, with kinds
		kinds []uint8
	}{
		{name: "one landline, written with and without the country code",
			recs: []match.Features{person("zhang", "+493044711220", "", "kastanienallee", "7", ""), person("li", "03044711220", "", "kastanienallee", "7", "")},
			want: [][2]int{{0, 1}}, kinds: []uint8{sharedAddress | sharedPhone}},
		{name: "one family e-mail",
			recs: []match.Features{person("dubois", "", "famille@orange.fr", "rue de la paix", "12", ""), person("martin", "", "famille@orange.fr", "rue de la paix", "12", "")},
			want: [][2]int{{0, 1}}, kinds: []uint8{sharedAddress | sharedEmail}},
		{name: "landline and e-mail",
			recs: []match.Features{person("kim", "+493044711230", "kimlee@daum.net", "kastanienallee", "7", ""), person("lee", "+493044711230", "kimlee@daum.net", "kastanienallee", "7", "")},
			want: [][2]int{{0, 1}, {0, 1}}, kinds: []uint8{sharedAddress | sharedPhone, sharedAddress | sharedEmail}},
		{name: "house number in one record only",
			recs: []match.Features{person("garcia lopez", "+493044711240", "", "hauptstrasse", "5", ""), person("perez ruiz", "+493044711240", "", "hauptstrasse", "", "")},
			want: [][2]int{{0, 1}}, kinds: []uint8{sharedAddress | sharedPhone}},
		{name: "two house numbers",
			recs: []match.Features{person("garcia lopez", "+493044711240", "", "hauptstrasse", "5", ""), person("perez ruiz", "+493044711240", "", "hauptstrasse", "7", "")}},
		{name: "two flats",
			recs: []match.Features{person("costa", "+493044711250", "", "kastanienallee", "7", "whg 1"), person("kim", "+493044711250", "", "kastanienallee", "7", "whg 4")}},
		{name: "one address, own landlines",
			recs: []match.Features{person("costa", "+493044711201", "", "kastanienallee", "7", ""), person("kim", "+493044711202", "", "kastanienallee", "7", "")}},
		{name: "no street",
			recs: []match.Features{person("silva", "+493044711300", "", "", "", ""), person("santos", "+493044711300", "", "", "", "")}},
		{name: "no family name",
			recs: []match.Features{person("", "+493044711310", "", "kastanienallee", "7", ""), person("santos", "+493044711310", "", "kastanienallee", "7", "")}},
		{name: "eight golden records give the number",
			recs: residents(8, "+493090003000", ""),
			want: [][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 7}}},
		{name: "nine give it: a switchboard or a care home",
			recs: residents(9, "+493090003000", "")},
		{name: "an e-mail nine give: a placeholder",
			recs: residents(9, "", "info@heim.de")},
		{name: "two here, seven more elsewhere",
			recs:  residents(2, "+493090003000", ""),
			extra: []match.Features{{Phone: "+493090003000"}, {Phone: "+493090003000"}, {Phone: "+493090003000"}, {Phone: "+493090003000"}, {Phone: "+493090003000"}, {Phone: "+493090003000"}, {Phone: "+493090003000"}}},
		{name: "a number a company record gives",
			recs:  residents(2, "+493090003000", ""),
			extra: []match.Features{withCompany(match.Features{Phone: "+493090003000"})}},
		{name: "colleagues: company records",
			recs: []match.Features{withCompany(person("kaiser", "+493090003000", "", "friedrichstrasse", "100", "")), withCompany(person("heinmeier", "+493090003000", "", "friedrichstrasse", "100", ""))}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var h homes
			for g, f := range append(slices.Clone(tc.recs), tc.extra...) {
				h.add(&f, int32(g))
			}
			// A golden record with two records of one key is one record.
			h.add(&tc.recs[0], 0)
			keys := h.householdKeys(nil)
			slices.SortFunc(keys, func(a, b householdKey) int {
				if a.hash != b.hash {
					if a.hash < b.hash {
						return -1
					}
					return 1
				}
				return int(a.golden - b.golden)
			})
			var got [][2]int
			var kinds []uint8
			for i := 1; i < len(keys); i++ {
				if a, b := keys[i-1], keys[i]; a.hash == b.hash && a.golden != b.golden {
					got = append(got, [2]int{int(a.golden), int(b.golden)})
					kinds = append(kinds, b.kind)
				}
			}
			order := slices.Clone(got)
			slices.SortStableFunc(got, func(a, b [2]int) int { return a[0]*100 + a[1] - b[0]*100 - b[1] })
			if !slices.Equal(got, tc.want) {
				t.Errorf("links %v, want %v", got, tc.want)
			}
			if tc.kinds != nil {
				slices.Sort(kinds)
				want := slices.Clone(tc.kinds)
				slices.Sort(want)
				if !slices.Equal(kinds, want) {
					t.Errorf("kinds %v of %v, want %v", kinds, order, want)
				}
			}
		})
	}
}
