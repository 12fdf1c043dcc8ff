package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/rules"
)

const exports = "../testdata/exports/"

// auditExports audits the shipped sample exports with their rules file
// and the gates given.
func auditExports(t *testing.T, gates string) *Report {
	t.Helper()
	base, err := os.ReadFile(exports + "rules.conf")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := rules.Parse("rules.conf", strings.NewReader(string(base)+"\n[audit]\n"+gates))
	if err != nil {
		t.Fatal(err)
	}
	files := []string{exports + "crm.csv", exports + "billing.csv", exports + "support.tsv", exports + "webshop.csv"}
	rep, err := Run(context.Background(), Options{Files: files, Rules: cfg, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func source(t *testing.T, rep *Report, name string) *Source {
	for i := range rep.Sources {
		if rep.Sources[i].Name == name {
			return &rep.Sources[i]
		}
	}
	t.Fatalf("no source %s", name)
	return nil
}

func column(t *testing.T, s *Source, name string) *Column {
	for i := range s.Columns {
		if s.Columns[i].Name == name {
			return &s.Columns[i]
		}
	}
	t.Fatalf("%s: no column %s", s.Name, name)
	return nil
}

// TestExports checks the audit of testdata/exports against figures
// counted by hand from the files and their README (see the comments).
func TestExports(t *testing.T) {
	rep := auditExports(t, "email.fill >= 0.8\nrejects == 0\nduplicates.rate <= 0.1\ncrm:phone.valid >= 0.95\noverlap.crm.billing >= 50\nwebshop:birth_date.fill == 1\n")
	// README table: 244 data rows, 240 valid, 4 broken (one per file).
	if tt := rep.Totals; tt.Rows != 244 || tt.Accepted != 240 || tt.Rejected != 4 {
		t.Errorf("totals %+v", tt)
	}
	want := map[string]struct {
		rows, rejected, line int
		reason               string
	}{
		"crm":     {98, 1, 81, "wrong number of fields"},
		"billing": {63, 1, 36, "wrong number of fields"},
		"support": {53, 1, 52, "broken quoting"},
		"webshop": {30, 1, 31, "broken quoting"},
	}
	for name, w := range want {
		s := source(t, rep, name)
		if s.Rows != w.rows || s.Rejected != w.rejected || len(s.RejectRows) != 1 || s.RejectRows[0].Line != w.line ||
			len(s.Rejects) != 1 || s.Rejects[0].Reason != w.reason {
			t.Errorf("%s: rows %d rejected %d rejects %+v reasons %+v", name, s.Rows, s.Rejected, s.RejectRows, s.Rejects)
		}
	}
	// billing: 62 valid rows, 10 without e-mail -> 52/62; one without phone.
	billing := source(t, rep, "billing")
	if c := column(t, billing, "E-Mail"); c.Filled != 52 || c.Field != "email" || c.Validity.Rate != 1 {
		t.Errorf("billing E-Mail %+v", c)
	}
	if c := column(t, billing, "Telefon"); c.Filled != 61 {
		t.Errorf("billing Telefon filled %d, want 61", c.Filled)
	}
	// billing has no country column: 4-digit PLZ are read as DE postcodes
	// that lost their zero: 1099 and 4155 really did; the other nine are
	// Austrian and Swiss codes (1070 3011 4020 5020 6003 6020 8001 9000 9020).
	if c := column(t, billing, "PLZ"); c.LostZeros != 11 || !c.Distinct.Exact || c.Distinct.Count != 61 {
		t.Errorf("billing PLZ lost zeros %d distinct %+v", c.LostZeros, c.Distinct)
	}
	// crm: 97 valid rows, 10 without e-mail.
	crm := source(t, rep, "crm")
	if c := column(t, crm, "Email"); c.Filled != 87 || c.Fill < 0.896 || c.Fill > 0.897 {
		t.Errorf("crm Email filled %d fill %v", c.Filled, c.Fill)
	}
	if c := column(t, crm, "Country"); c.Validity == nil || c.Validity.Rate != 1 {
		t.Errorf("crm Country %+v", c.Validity)
	}
	// support.tsv: Boston's 2108 lost its zero (the rules say region US).
	if c := column(t, source(t, rep, "support"), "zip"); c.LostZeros != 8 {
		t.Errorf("support zip lost zeros %d", c.LostZeros)
	}
	// Overlap from truth.csv: crm and billing share 52 customers, crm and
	// support 37, support and webshop 12; 93 customers are in 2+ sources.
	ov := map[string]int{}
	for i, a := range rep.Overlap.Sources {
		for j, b := range rep.Overlap.Sources {
			ov[a+"/"+b] = rep.Overlap.Counts[i][j]
		}
	}
	if ov["crm/billing"] != 52 || ov["billing/crm"] != 52 || ov["crm/support"] != 37 || ov["support/webshop"] != 12 || ov["crm/crm"] != 94 {
		t.Errorf("overlap %v", ov)
	}
	if rep.Totals.Customers != 120 || rep.Totals.MultiSource != 93 {
		t.Errorf("customers %d multi %d", rep.Totals.Customers, rep.Totals.MultiSource)
	}
	// README: six customers are duplicated inside one file: two each in
	// crm (E001, E002, E091: 97-94 = 3), billing 1, support 1, webshop 1.
	for name, dups := range map[string]int{"crm": 3, "billing": 1, "support": 1, "webshop": 1} {
		if s := source(t, rep, name); s.Duplicates != dups {
			t.Errorf("%s duplicates %d, want %d", name, s.Duplicates, dups)
		}
	}
	// Gates: rejects == 0 fails in every source; the rest pass.
	failed := map[string]bool{}
	for _, g := range rep.Failed() {
		failed[g.Gate+"/"+g.Source] = true
	}
	wantFailed := map[string]bool{"rejects == 0/crm": true, "rejects == 0/billing": true, "rejects == 0/support": true, "rejects == 0/webshop": true}
	if len(failed) != len(wantFailed) {
		t.Errorf("failed gates %v, want %v", failed, wantFailed)
	}
	for k := range wantFailed {
		if !failed[k] {
			t.Errorf("gate %s did not fail", k)
		}
	}
	// Every figure survives the JSON round trip.
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Totals != rep.Totals || len(back.Sources) != 4 {
		t.Errorf("JSON round trip lost figures")
	}
	// The terminal summary fits 80 columns.
	buf.Reset()
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(buf.String(), "\n") {
		if n := len([]rune(l)); n > 80 {
			t.Errorf("line of %d columns: %q", n, l)
		}
	}
	if !strings.Contains(buf.String(), "FAIL line 62: rejects == 0 [crm]: 1") {
		t.Errorf("summary lacks the failed gate:\n%s", buf.String())
	}
}

func TestGateSourceChecked(t *testing.T) {
	cfg, err := rules.Parse("r.conf", strings.NewReader("[audit]\nerp:rows > 0\noverlap.crm.erp > 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), Options{Files: []string{exports + "crm.csv"}, Rules: cfg})
	if err == nil || !strings.Contains(err.Error(), `r.conf:2: gate "erp:rows > 0": no input is source "erp" (sources: crm)`) ||
		!strings.Contains(err.Error(), "r.conf:3:") {
		t.Errorf("error %v", err)
	}
}

// writeCSV writes a small export for a test.
func writeCSV(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHTMLEscapes: a value from the data never becomes markup.
func TestHTMLEscapes(t *testing.T) {
	p := writeCSV(t, "evil.csv", "id,first_name,last_name,email\n"+
		"1,<script>alert(1)</script>,\"<img src=x onerror=alert(2)>\",x@x.com\n"+
		"2,Anna,Schmidt,anna@gmx.de\n")
	rep, err := Run(context.Background(), Options{Files: []string{p}, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"<script", "<img", "<link", "<iframe"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(page, "&lt;img src=x onerror=alert(2)&gt;") {
		t.Errorf("escaped value missing")
	}
	for _, ext := range []string{"http://", "https://", "@import", "url("} {
		if strings.Contains(page, ext) {
			t.Errorf("page refers to something outside (%q): not self-contained", ext)
		}
	}
	// x@x.com is junk; the name with digits? no; the fake e-mail is found.
	c := column(t, &rep.Sources[0], "email")
	if c.JunkCount != 1 || c.Junk[0].Kind != JunkFakeEmail {
		t.Errorf("email junk %+v", c.Junk)
	}
}

// TestSharedValue: one phone number on many records is reported.
func TestSharedValue(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,first_name,last_name,phone,email\n")
	names := []string{"Anna", "Bernd", "Carla", "Dieter", "Emil", "Frieda", "Gustav", "Hanna"}
	for i, n := range names {
		b.WriteString(strings.Join([]string{string(rune('1' + i)), n, "Klein" + strings.Repeat("e", i), "+49 30 9000000", strings.ToLower(n) + "@web.de"}, ",") + "\n")
	}
	p := writeCSV(t, "crm.csv", b.String())
	rep, err := Run(context.Background(), Options{Files: []string{p}, Region: "DE", Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	c := column(t, &rep.Sources[0], "phone")
	found := false
	for _, f := range c.Junk {
		if f.Kind == JunkShared && f.Count == 8 && f.Examples[0].Value == "+49 30 9000000" {
			found = true
		}
	}
	if !found {
		t.Errorf("shared phone not reported: %+v", c.Junk)
	}
	if c := column(t, &rep.Sources[0], "email"); len(c.Junk) != 0 {
		t.Errorf("email junk %+v", c.Junk)
	}
}
