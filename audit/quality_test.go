package audit

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/rules"
)

// conflictOf returns the conflict figures of field f.
func conflictOf(t *testing.T, rep *Report, f string) Conflict {
	t.Helper()
	for _, c := range rep.Conflicts {
		if c.Field == f {
			return c
		}
	}
	t.Fatalf("no conflict figures for %s", f)
	return Conflict{}
}

// TestConflictsCompareNormalisedKeys: two sources that write the same
// addresses, postcodes and phones differently do not conflict; a customer
// who really moved does.
func TestConflictsCompareNormalisedKeys(t *testing.T) {
	crm := writeCSV(t, "crm.csv", "id,first_name,last_name,email,phone,street,street_number,postcode,country\n"+
		"1,Anna,Schmidt,anna.schmidt@web.de,+1 212 555 0147,Main St.,12,10036,US\n"+
		"2,Bernd,Krause,bernd.krause@web.de,+44 161 496 0000,Oxford Rd,22,M1 5QA,GB\n"+
		"3,Carla,Vogel,carla.vogel@web.de,+49 30 1234567,Hauptstr.,5,10115,DE\n"+
		"4,Dieter,Hofer,dieter.hofer@web.de,+43 1 7127127,Praterstr.,32,1020,AT\n")
	shop := writeCSV(t, "shop.csv", "id,first_name,last_name,email,phone,address,postcode,country\n"+
		"A,Anna,Schmidt,anna.schmidt@web.de,(212) 555-0147,12 MAIN STREET,10036,USA\n"+
		"B,Bernd,Krause,bernd.krause@web.de,0161 496 0000,22 Oxford Road,m15qa,United Kingdom\n"+
		"C,Carla,Vogel,carla.vogel@web.de,030 1234567,Hauptstraße 5,10115,Deutschland\n"+
		"D,Dieter,Hofer,dieter.hofer@web.de,01 7127127,Lerchenfelder Gürtel 9,1070,Österreich\n")
	rep, err := Run(context.Background(), Options{Files: []string{crm, shop}, Region: "DE", Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Totals.MultiSource != 4 {
		t.Fatalf("%d customers in both sources, want 4 (matching changed?)", rep.Totals.MultiSource)
	}
	for _, tc := range []struct {
		field             string
		compared, differs int
	}{
		{"address", 4, 1}, // Dieter moved
		{"postcode", 4, 1},
		{"phone", 4, 0},
		{"email", 4, 0},
	} {
		c := conflictOf(t, rep, tc.field)
		if c.Compared != tc.compared || c.Conflicting != tc.differs {
			t.Errorf("%s: %d of %d differ, want %d of %d", tc.field, c.Conflicting, c.Compared, tc.differs, tc.compared)
		}
	}
}

// TestValidateByRowCountry: postcodes and phones are checked against the
// country of their own row; rows without one fall back to the region.
func TestValidateByRowCountry(t *testing.T) {
	p := writeCSV(t, "mixed.csv", "id,first_name,last_name,phone,postcode,country\n"+
		"1,Anna,Schmidt,030 1234567,10115,DE\n"+
		"2,Bernd,Krause,0161 496 0000,M1 5QA,United Kingdom\n"+
		"3,Carla,Vogel,(212) 555-0147,10036,USA\n"+
		"4,Dieter,Hofer,01 7127127,1020,Österreich\n"+
		"5,Emil,Widmer,041 2102102,6003,Schweiz\n"+
		"6,Frieda,Jansen,020 1234567,1012 AB,NL\n"+
		"7,Gustav,Klein,0221 6454545,50667,\n"+
		"8,Hanna,Lang,0161 496 0000,M1 5QA,\n")
	rep, err := Run(context.Background(), Options{Files: []string{p}, Region: "DE", Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	s := &rep.Sources[0]
	for _, name := range []string{"phone", "postcode"} {
		v := column(t, s, name).Validity
		// Row 8 has no country: its British phone and postcode are
		// checked (and fail) as German.
		if v == nil || v.Checked != 8 || v.Valid != 7 || len(v.Reasons) != 1 {
			t.Errorf("%s validity %+v, want 7 of 8 valid", name, v)
			continue
		}
		if r := v.Reasons[0]; r.Count != 1 || r.Examples[0].Value != map[string]string{"phone": "0161 496 0000", "postcode": "M1 5QA"}[name] {
			t.Errorf("%s reasons %+v", name, v.Reasons)
		}
	}
}

// TestTopValuesUniqueColumn: in a column of distinct values larger than
// the sketch, no value gets a count above its true count (the sketch used
// to show "43586105 x11" for a unique account number), and the column is
// reported as unique in JSON and HTML alike.
func TestTopValuesUniqueColumn(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,acct_no,segment,ref\n")
	const rows = 2645
	for i := range rows {
		seg := "retail"
		if i%3 == 0 {
			seg = "business"
		}
		ref := fmt.Sprintf("R%d", i)
		if i%5 == 0 {
			ref = "NONE" // 529 times among 2116 distinct values
		}
		fmt.Fprintf(&b, "%d,%d,%s,%s\n", i+1, 43586105+7*i, seg, ref)
	}
	p := writeCSV(t, "accounts.csv", b.String())
	rep, err := Run(context.Background(), Options{Files: []string{p}, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	s := &rep.Sources[0]
	for _, name := range []string{"id", "acct_no"} {
		c := column(t, s, name)
		if !c.Unique || c.TopExact || len(c.Top) != 0 || c.Distinct.Count != rows {
			t.Errorf("%s: unique %v top_exact %v top %+v distinct %+v", name, c.Unique, c.TopExact, c.Top, c.Distinct)
		}
	}
	seg := column(t, s, "segment")
	if seg.Unique || !seg.TopExact || len(seg.Top) != 2 || seg.Top[0] != (ValueCount{Value: "retail", Count: 1763}) ||
		seg.Top[1] != (ValueCount{Value: "business", Count: 882}) {
		t.Errorf("segment: unique %v top %+v", seg.Unique, seg.Top)
	}
	// An approximate list keeps the frequent value with a count that is a
	// lower bound, and nothing that may have been seen once.
	ref := column(t, s, "ref")
	if ref.Unique || ref.TopExact || len(ref.Top) != 1 || ref.Top[0].Value != "NONE" || ref.Top[0].Count > 529 ||
		ref.Top[0].Count+ref.Top[0].Error < 529 {
		t.Errorf("ref: unique %v top_exact %v top %+v", ref.Unique, ref.TopExact, ref.Top)
	}
	var js, page bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"unique": true`) || strings.Contains(js.String(), `"value": "43586105"`) {
		t.Errorf("JSON lists a top value of a unique column or lacks \"unique\"")
	}
	if strings.Contains(page.String(), "43586105") || strings.Count(page.String(), "unique: every value once") != 2 {
		t.Errorf("HTML lists a top value of a unique column or lacks \"unique\" twice")
	}
	if len(ref.Top) > 0 {
		if want := fmt.Sprintf(`NONE <span class="muted">≥%d</span>`, ref.Top[0].Count); !strings.Contains(page.String(), want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
}

// TestTopKLowerBounds: every count an approximate top list reports is at
// most the value's true count, and at least the true count minus Error.
func TestTopKLowerBounds(t *testing.T) {
	tk := newTopK(16)
	truth := map[string]int64{}
	add := func(v string) { tk.add(v); truth[v]++ }
	for i := range 5000 {
		switch {
		case i%7 == 0:
			add("heavy")
		case i%50 == 1:
			add("medium")
		case i%2 == 0:
			add(fmt.Sprintf("pair-%d", i/4)) // twice each, far apart
		default:
			add(fmt.Sprintf("once-%d", i))
		}
	}
	top, exact := tk.top(16)
	if exact || len(top) == 0 || top[0].Value != "heavy" {
		t.Fatalf("top %+v exact %v", top, exact)
	}
	for _, vc := range top {
		if vc.Count > truth[vc.Value] || vc.Count+vc.Error < truth[vc.Value] || vc.Count < 2 {
			t.Errorf("%q: count %d error %d, true count %d", vc.Value, vc.Count, vc.Error, truth[vc.Value])
		}
	}
}

// TestMixedDateOrders: a date column is read in the one order its values
// show; a column whose values prove both orders is reported, and its
// minority is invalid in the majority's order.
func TestMixedDateOrders(t *testing.T) {
	// us.csv has no date order of its own (the default is DMY), but its
	// dates are month first; iso.csv has the same customers in ISO.
	us := writeCSV(t, "us.csv", "id,first_name,last_name,email,birth_date\n"+
		"1,Anna,Smith,anna.smith@mail.com,10/28/1980\n"+
		"2,Bob,Jones,bob.jones@mail.com,07/08/1999\n"+
		"3,Carl,Brown,carl.brown@mail.com,12/25/1968\n"+
		"4,Dana,White,dana.white@mail.com,03/04/1975\n")
	iso := writeCSV(t, "iso.csv", "id,first_name,last_name,email,birth_date\n"+
		"a,Anna,Smith,anna.smith@mail.com,1980-10-28\n"+
		"b,Bob,Jones,bob.jones@mail.com,1999-07-08\n"+
		"c,Carl,Brown,carl.brown@mail.com,1968-12-25\n"+
		"d,Dana,White,dana.white@mail.com,1975-03-04\n")
	mixed := writeCSV(t, "mixed.csv", "id,first_name,last_name,birth_date\n"+
		"1,Emil,Klein,10/28/1980\n"+
		"2,Fritz,Lang,12/25/1968\n"+
		"3,Gerd,Roth,01/31/1990\n"+
		"4,Hans,Vogt,28/10/1981\n"+
		"5,Ida,Wolf,07/08/1999\n"+
		"6,Jan,Zorn,1985-05-06\n"+
		"7,Kai,Ost,March 1970\n")
	rep, err := Run(context.Background(), Options{Files: []string{us, iso, mixed}, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	u := column(t, source(t, rep, "us"), "birth_date")
	if d := u.DateOrder; d == nil || *d != (DateOrder{Order: "MDY", Default: "DMY", MonthFirst: 2, Ambiguous: 2}) ||
		u.Validity.Rate != 1 {
		t.Errorf("us birth_date: order %+v validity %+v", u.DateOrder, u.Validity)
	}
	if d := column(t, source(t, rep, "iso"), "birth_date").DateOrder; d == nil || d.Order != "YMD" || d.YearFirst != 4 || d.Mixed {
		t.Errorf("iso birth_date: order %+v", d)
	}
	// Read month first, 07/08/1999 is 1999-07-08 as in iso.csv: no conflict.
	if c := conflictOf(t, rep, "birth_date"); c.Compared != 4 || c.Conflicting != 0 {
		t.Errorf("birth_date conflicts: %d of %d differ, want 0 of 4", c.Conflicting, c.Compared)
	}
	m := column(t, source(t, rep, "mixed"), "birth_date")
	want := DateOrder{Order: "MDY", Default: "DMY", DayFirst: 1, MonthFirst: 3, YearFirst: 1, Ambiguous: 1, Mixed: true}
	if m.DateOrder == nil || *m.DateOrder != want {
		t.Errorf("mixed birth_date order %+v, want %+v", m.DateOrder, want)
	}
	if v := m.Validity; v.Checked != 7 || v.Valid != 6 || v.Reasons[0].Kind != "not a date in the column's order MDY" ||
		v.Reasons[0].Examples[0].Value != "28/10/1981" {
		t.Errorf("mixed birth_date validity %+v", v)
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "birth_date mixed date orders: 1 row day-first, 3 month-first (read as MDY)") ||
		!strings.Contains(text.String(), "birth_date dates read as MDY, not the source's DMY (values prove it)") {
		t.Errorf("text lacks the mixed date orders:\n%s", text.String())
	}
}

// TestTwoDigitYearFirstDates: a column of YY/MM/DD dates in a YMD source
// gives no day/month evidence, so it is read in the source's order, and
// its values are valid in it.
func TestTwoDigitYearFirstDates(t *testing.T) {
	p := writeCSV(t, "erp.csv", "id,first_name,last_name,birth_date\n1,Anna,Sato,99/08/07\n2,Bernd,Ito,85/12/31\n3,Carla,Mori,70/01/02\n")
	rep, err := Run(context.Background(), Options{Files: []string{p}, DateOrder: "YMD", Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	c := column(t, &rep.Sources[0], "birth_date")
	if c.DateOrder == nil || c.DateOrder.Order != "YMD" || c.Validity.Valid != 3 {
		t.Errorf("birth_date order %+v validity %+v", c.DateOrder, c.Validity)
	}
}

// TestFieldDateOrder: a date_order.<field> line of the source's rules
// section sets the order of that column whose values do not decide it;
// the source's date_order stays the other columns'.
func TestFieldDateOrder(t *testing.T) {
	p := writeCSV(t, "erp.csv", "id,first_name,last_name,birth_date,created\n1,Anna,Sato,03/04/1980,05/06/2020\n2,Bernd,Ito,11/12/1985,07/08/2021\n")
	cfg, err := rules.Parse("erp.conf", strings.NewReader("[source erp]\ndate_order = DMY\ndate_order.birth_date = MDY\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), Options{Files: []string{p}, Rules: cfg, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{"birth_date": "MDY", "created": "DMY"} {
		if d := column(t, &rep.Sources[0], field).DateOrder; d == nil || d.Order != want {
			t.Errorf("%s: order %+v, want %s", field, d, want)
		}
	}
}
