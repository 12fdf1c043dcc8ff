package doppel

import "testing"

func TestSourceHelpers(t *testing.T) {
	for in, want := range map[string]string{"exports/crm.csv": "crm", "crm": "crm", "a/b.c.tsv": "b.c", "/x/.csv": ""} {
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
