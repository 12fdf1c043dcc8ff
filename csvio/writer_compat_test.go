package csvio

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// stdCSV is what encoding/csv.Writer (default settings) writes for recs,
// with Writer's one deliberate difference: a lone empty field is `""`.
func stdCSV(t testing.TB, recs [][]string) string {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	for _, rec := range recs {
		if len(rec) == 1 && rec[0] == "" {
			cw.Flush()
			b.WriteString("\"\"\n")
			continue
		}
		if err := cw.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func ourCSV(t testing.TB, recs [][]string) string {
	var b bytes.Buffer
	w := NewWriter(&b)
	for _, rec := range recs {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestWriterMatchesEncodingCSV checks the quoting rules field by field
// against encoding/csv: quotes, delimiters, CR and LF anywhere, leading
// Unicode spaces (ASCII, Latin-1, wider), the `\.` marker, invalid UTF-8,
// empty fields and empty records.
func TestWriterMatchesEncodingCSV(t *testing.T) {
	fields := []string{
		"", "a", "abc", `\.`, `\.x`, `x\.`, `\`, ".", `"`, `""`, `a"b`, `"a"`,
		",", "a,b", ",a", "a,", "\n", "a\nb", "\r", "a\rb", "\r\n", "a\r\nb",
		" ", " a", "a ", "\ta", "a\t", "\va", "\fa", "\u0085a", "\u00a0a", "\u1680a",
		"\u2000a", "\u200ba", "\u2028a", "\u3000a", "\ufeffa", "a\u00a0", "\xffa", "\xc2",
		"\xc2\x85", "\xe2\x80", "Müller, Hans", `say "hi"`, "=1+1", "'x", ";", "\x00",
		"a\x00,b", "\x1f", "\x7f", "+61 2 9999 1234", strings.Repeat("x", 70000),
		strings.Repeat("\"", 40000),
	}
	var recs [][]string
	for _, f := range fields {
		recs = append(recs, []string{f}, []string{f, f}, []string{"x", f, "y"}, []string{f, ""})
	}
	recs = append(recs, nil, []string{}, []string{"", ""}, []string{""}, []string{"", "", ""})
	for _, rec := range recs {
		one := [][]string{rec}
		if got, want := ourCSV(t, one), stdCSV(t, one); got != want {
			t.Errorf("record %q:\n got %q\nwant %q", rec, got, want)
		}
	}
	// All at once, crossing the buffer size several times.
	if got, want := ourCSV(t, recs), stdCSV(t, recs); got != want {
		t.Errorf("all records: outputs differ (%d vs %d bytes)", len(got), len(want))
	}
}

// FuzzWriter checks that Writer writes what encoding/csv.Writer writes for
// any record. The input is split into fields at 0x01 bytes and into records
// at 0x02 bytes.
func FuzzWriter(f *testing.F) {
	for _, s := range []string{"a\x01b", " x\x01\"y\"", "\\.", "\x01", "a\nb\x02c\rd", "\u00a0x\x02\u2028", "\xff\x01\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var recs [][]string
		for _, r := range strings.Split(s, "\x02") {
			recs = append(recs, strings.Split(r, "\x01"))
		}
		if got, want := ourCSV(t, recs), stdCSV(t, recs); got != want {
			t.Fatalf("records %q:\n got %q\nwant %q", recs, got, want)
		}
	})
}
