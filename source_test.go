package doppel

import "testing"

func TestSourceHelpers(t *testing.T) {
	for in, want := range map[string]string{"exports/crm.csv": "crm", "crm": "crm", "a/b.c.tsv": "b.c", "/x/.csv": "",
		"sales.xlsx#March": "sales", "sales.xlsx": "sales", "a.xlsx#v1.2": "a",
		"sqlite:crm.db?table=customers": "customers", "sqlite:data/crm.db?query=SELECT 1": "crm",
		"postgres://ann@db:5432/crm?sslmode=disable&table=sales.people":     "people",
		"postgres://ann@db/crm?query=SELECT * FROM a.b WHERE x = 'table=y'": "crm",
		"postgresql://ann@db/crm?table=Old%20Customers":                     "Old Customers",
	} {
		if got := SourceName(in); got != want {
			t.Errorf("SourceName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[rune]string{'\t': "tab", 0: "", ';': ";", '¦': "¦"} {
		if got := DelimiterName(in); got != want {
			t.Errorf("DelimiterName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"1,Müller":     "1,Müller",
		"":             "",
		"1,M\xfcller":  "base64:MSxN/GxsZXI=",
		"a\x00b":       "base64:YQBi",
		"base64:YQBi":  "base64:YmFzZTY0OllRQmk=",
		"x,base64:abc": "x,base64:abc",
	} {
		if got := RawText([]byte(in)); got != want {
			t.Errorf("RawText(%q) = %q, want %q", in, got, want)
		}
	}
}
