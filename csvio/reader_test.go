package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/doppel-dev/doppel"
	"golang.org/x/text/encoding/unicode"
)

// result is one outcome of Reader.Next, in a compact comparable form:
// "L: f1|f2|f3" for a row, "L:C: sentinel" for a rejected row.
func readAll(t testing.TB, input string, opt Options) (*Reader, []string) {
	t.Helper()
	r, err := NewReader(strings.NewReader(input), "in.csv", opt)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	return r, drain(t, r)
}

func drain(t testing.TB, r *Reader) []string {
	t.Helper()
	var out []string
	for i := 0; ; i++ {
		if i > 1e6 {
			t.Fatal("Next does not terminate")
		}
		row, line, err := r.Next()
		if err == io.EOF {
			return out
		}
		var re *doppel.RowError
		switch {
		case errors.As(err, &re):
			if re.File != "in.csv" || re.Line != line || row != nil {
				t.Fatalf("bad RowError %+v (line %d, row %q)", re, line, row)
			}
			out = append(out, fmt.Sprintf("%d:%d: %s", re.Line, re.Column, sentinelName(err)))
		case err != nil:
			t.Fatalf("fatal error: %v", err)
		default:
			out = append(out, fmt.Sprintf("%d: %s", line, strings.Join(row, "|")))
		}
	}
}

func sentinelName(err error) string {
	for _, s := range []struct {
		err  error
		name string
	}{
		{doppel.ErrQuote, "quote"}, {doppel.ErrFieldCount, "count"},
		{doppel.ErrFieldSize, "size"}, {doppel.ErrEncoding, "encoding"},
	} {
		if errors.Is(err, s.err) {
			return s.name
		}
	}
	return "other: " + err.Error()
}

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  rune
		rows  int
	}{
		{"comma", "id,name,city\n1,Ann,Oslo\n2,Bob,Rome\n", ',', 2},
		{"semicolon", "id;name;city\n1;Ann;Oslo\n2;Bob;Rome\n", ';', 2},
		{"tab", "id\tname\tcity\n1\tAnn\tOslo\n2\tBob\tRome\n", '\t', 2},
		{"pipe", "id|name|city\n1|Ann|Oslo\n2|Bob|Rome\n", '|', 2},
		{"semicolon with decimal commas", "id;amount;x\n1;1,5;a\n2;2,25;b\n3;3,0;c\n", ';', 3},
		{"quoted commas in semicolon file", "id;name;addr\n1;\"Smith, John\";\"1, High St, Leeds\"\n2;\"Doe, Jane\";\"5, Low Rd, York\"\n", ';', 2},
		{"quoted semicolons in comma file", "id,name,note\n1,Ann,\"a;b;c;d\"\n2,Bob,\"x;y;z;w\"\n", ',', 2},
		{"tab file with commas in names", "id\tname\n1\tMüller, Hans\n2\tDoe, Jane\n", '\t', 2},
		{"quoted newline inside field", "id|note\n1|\"line one\nline|two\"\n2|x\n", '|', 2},
		{"single column", "email\nann@example.com\nbob@example.com\n", ',', 2},
		{"single column with odd rows", "name\nSmith; John\nDoe; Jane\n", ',', 2},
		{"header only", "a;b;c\n", ';', 0},
		{"crlf and blank lines", "a|b\r\n\r\n1|2\r\n3|4\r\n", '|', 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, rows := readAll(t, tt.input, Options{})
			if got := r.Delimiter(); got != tt.want {
				t.Fatalf("Delimiter() = %q, want %q", got, tt.want)
			}
			if len(rows) != tt.rows {
				t.Fatalf("got %d rows %q, want %d", len(rows), rows, tt.rows)
			}
			for _, row := range rows {
				if strings.Contains(row, ": count") || strings.Contains(row, ": quote") {
					t.Fatalf("unexpected rejection %s", row)
				}
			}
		})
	}
}

func TestExplicitDelimiter(t *testing.T) {
	_, rows := readAll(t, "a¦b\n1¦\"x¦y\"\n", Options{Delimiter: '¦'})
	if want := []string{"2: 1|x¦y"}; fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Fatalf("rows = %q, want %q", rows, want)
	}
	if _, err := NewReader(strings.NewReader("a,b\n"), "x", Options{Delimiter: '"'}); err == nil {
		t.Fatal("quote as delimiter accepted")
	}
}

func utf16Bytes(t *testing.T, s string, e unicode.Endianness) []byte {
	t.Helper()
	b, err := unicode.UTF16(e, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodings(t *testing.T) {
	const text = "id;name\n1;Müller\n2;\"Zoë\nSmith\"\n3;Ærø\n"
	want := []string{"2: 1|Müller", "3: 2|Zoë\nSmith", "5: 3|Ærø"}
	tests := []struct {
		name     string
		input    []byte
		encoding string
		label    string
		want     []string
	}{
		{"utf-8", []byte(text), "", "utf-8", want},
		{"utf-8 bom", []byte(bomUTF8 + text), "", "utf-8 (bom)", want},
		{"utf-8 bom explicit", []byte(bomUTF8 + text), "UTF-8", "utf-8 (bom)", want},
		{"utf-16le bom", utf16Bytes(t, text, unicode.LittleEndian), "", "utf-16le (bom)", want},
		{"utf-16be bom", utf16Bytes(t, text, unicode.BigEndian), "auto", "utf-16be (bom)", want},
		{"utf-16 explicit", utf16Bytes(t, text, unicode.BigEndian), "utf-16", "utf-16be (bom)", want},
		{"utf-16le explicit without bom", utf16Bytes(t, text, unicode.LittleEndian)[2:], "utf-16le", "utf-16le", want},
		{"cp1252 explicit", []byte("id;name\n1;M\xfcller\n2;\"Zo\xeb\nSmith\"\n3;\xc6r\xf8\n"), "cp1252", "windows-1252", want},
		{"cp1252 guessed", []byte("id;name\n1;M\xfcller\n2;\"Zo\xeb\nSmith\"\n3;\xc6r\xf8\n"), "", "windows-1252 (guessed: not valid utf-8)", want},
		{"latin1", []byte("id;name\n1;M\xfcller\n"), "latin1", "iso-8859-1", []string{"2: 1|Müller"}},
		{"iso-8859-15 euro", []byte("id;price\n1;\xa4 5\n"), "ISO-8859-15", "iso-8859-15", []string{"2: 1|€ 5"}},
		{"cp1252 euro", []byte("id;price\n1;\x80 5\n"), "windows-1252", "windows-1252", []string{"2: 1|€ 5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(bytes.NewReader(tt.input), "in.csv", Options{Encoding: tt.encoding})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Encoding(); got != tt.label {
				t.Errorf("Encoding() = %q, want %q", got, tt.label)
			}
			if h := r.Header(); len(h) != 2 || h[0] != "id" {
				t.Errorf("Header() = %q", h)
			}
			if got := drain(t, r); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("rows = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEncodingErrors(t *testing.T) {
	tests := []struct {
		name, input, encoding, want string
	}{
		{"unknown name", "a,b\n", "ebcdic", `unknown encoding "ebcdic"`},
		{"utf-16 without bom", "a\x00,\x00b\x00\n\x00", "utf-16", "no byte order mark"},
		{"utf-16 without bom read as utf-8", "a\x00,\x00b\x00\n\x00", "", "NUL byte"},
		{"invalid utf-8 header", "n\xfcme,b\n", "utf-8", "not valid UTF-8"},
		{"contradicting bom", "\xfe\xff\x00a", "utf-16le", "byte order mark says utf-16be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tt.input), "in.csv", Options{Encoding: tt.encoding})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "in.csv") {
				t.Fatalf("err = %v, want one naming in.csv and containing %q", err, tt.want)
			}
		})
	}
	if names := EncodingNames(); len(names) < 9 {
		t.Fatalf("EncodingNames() = %q", names)
	}
}

func TestLineNumbers(t *testing.T) {
	tests := []struct {
		name, input string
		want        []string
	}{
		{"lf", "a,b\n1,2\n3,4\n", []string{"2: 1|2", "3: 3|4"}},
		{"crlf, no cr leaks", "a,b\r\n1,2\r\n3,4\r\n", []string{"2: 1|2", "3: 3|4"}},
		{"crlf without final newline", "a,b\r\n1,2\r\n3,4", []string{"2: 1|2", "3: 3|4"}},
		{"crlf quoted last field", "a,b\r\n1,\"2\"\r\n", []string{"2: 1|2"}},
		{"embedded newlines", "a,b\n1,\"x\ny\nz\"\n2,w\n", []string{"2: 1|x\ny\nz", "5: 2|w"}},
		{"embedded crlf", "a,b\r\n1,\"x\r\ny\"\r\n2,w\r\n", []string{"2: 1|x\ny", "4: 2|w"}},
		{"blank lines skipped", "\n\na,b\n\n1,2\n\r\n\n3,4\n\n", []string{"5: 1|2", "8: 3|4"}},
		{"fields kept as they are", "a,b\n  x ,\" y \"\n", []string{"2:   x | y "}},
		{"lone cr ends a line", "a,b\n1,x\ry\n", []string{"2: 1|x", "3:0: count"}},
		{"lone cr ends a row of the right width", "a,b\n1,x\r2,y\n3,z\n", []string{"2: 1|x", "3: 2|y", "4: 3|z"}},
		{"lone cr inside quotes is data", "a,b\n1,\"x\ry\"\n2,z\n", []string{"2: 1|x\ry", "3: 2|z"}},
		{"lone cr after a closing quote", "a,b\n1,\"x\"\r2,y\n", []string{"2: 1|x", "3: 2|y"}},
		{"lone cr at the end", "a,b\n1,x\r", []string{"2: 1|x"}},
		{"cr-only file", "a,b\r1,x\r2,y\r", []string{"2: 1|x", "3: 2|y"}},
		{"cr-only file, quoted cr counts as a line", "a,b\r1,\"x\ry\"\r2,z\r", []string{"2: 1|x\ny", "4: 2|z"}},
		{"cr-only file without final cr", "a,b\r1,x\r\r2,y", []string{"2: 1|x", "4: 2|y"}},
		{"duplicate header names", "a,a\n1,2\n", []string{"2: 1|2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := readAll(t, tt.input, Options{})
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Fatalf("rows = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUTF16LineNumbers(t *testing.T) {
	in := utf16Bytes(t, "a,b\r\n1,\"x\r\ny\"\r\n2,\"q\"q\"\r\n3,z\r\n", unicode.LittleEndian)
	r, err := NewReader(bytes.NewReader(in), "in.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2: 1|x\ny", "4:2: quote", "5: 3|z"}
	if got := drain(t, r); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Fatalf("rows = %q, want %q", got, want)
	}
}

// TestRejections checks each kind of rejected row: the line and column, that
// the row after it is still returned, and the raw text for the rejects file.
func TestRejections(t *testing.T) {
	tests := []struct {
		name, input string
		opt         Options
		want        []string
		raw         string // RawLine of the first rejected row
		msg         string // part of its error message
	}{
		{"bare quote", "a,b,c\n1,x\"y,z\n2,ok,ok\n",
			Options{}, []string{"2:2: quote", "3: 2|ok|ok"}, `1,x"y,z`, "bare"},
		{"stray quote after closing quote", "a,b,c\n1,2,\"x\"y\n2,ok,ok\n",
			Options{}, []string{"2:3: quote", "3: 2|ok|ok"}, `1,2,"x"y`, "doubled"},
		{"stray quote in multi-line field", "a,b\n1,\"x\ny\"z\n2,ok\n",
			Options{}, []string{"2:2: quote", "4: 2|ok"}, "1,\"x\ny\"z", "spans lines 2-3"},
		{"unterminated quote swallows the rest", "a,b\n1,ok\n2,\"open\n3,x\n4,y\n",
			Options{}, []string{"2: 1|ok", "3:2: quote"}, "2,\"open\n3,x\n4,y", "swallowed lines 3-5"},
		{"too few fields", "a,b,c\n1,2\n3,4,5\n",
			Options{}, []string{"2:0: count", "3: 3|4|5"}, "1,2", "got 2 fields, want 3"},
		{"too many fields", "a,b\n1,2,3\n4,5\n",
			Options{}, []string{"2:0: count", "3: 4|5"}, "1,2,3", "got 3 fields, want 2"},
		{"invalid utf-8", "a,b\n1,M\xfcller\n2,ok\n",
			Options{Encoding: "utf-8"}, []string{"2:2: encoding", "3: 2|ok"}, "1,M\xfcller", "not valid UTF-8"},
		{"nul byte", "a,b\n1,x\x00y\n2,ok\n",
			Options{}, []string{"2:2: encoding", "3: 2|ok"}, "1,x\x00y", "NUL"},
		{"field too long", "a,b\n1,0123456789A\n2,0123456789\n",
			Options{MaxFieldBytes: 10}, []string{"2:2: size", "3: 2|0123456789"}, "1,0123456789A", "limit 10"},
		{"field far too long is truncated", "a,b\n1," + strings.Repeat("x", 100) + "\n2,ok\n",
			Options{MaxFieldBytes: 10}, []string{"2:2: size", "3: 2|ok"}, "1," + strings.Repeat("x", 21), "longer than 10"},
		{"quoted field far too long, with newlines", "a,b\n1,\"" + strings.Repeat("x\n\"\"", 30) + "\"\n2,ok\n",
			Options{MaxFieldBytes: 10}, []string{"2:2: size", "33: 2|ok"}, "", "longer than 10"},
		{"unterminated quote, truncated", "a,b\n1,\"" + strings.Repeat("line\n", 40) + "x,y\n",
			Options{MaxFieldBytes: 10}, []string{"2:2: quote"}, "", "swallowed lines 2-42"},
		{"several problems in a row", "a,b\n1,\"x\"y\n2\n3,\"\n\"\n4,4\n5,\"q\"\"\n",
			Options{}, []string{"2:2: quote", "3:0: count", "4: 3|\n", "6: 4|4", "7:2: quote"}, `1,"x"y`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.input), "in.csv", tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			first := true
			for {
				row, line, err := r.Next()
				if err == io.EOF {
					break
				}
				var re *doppel.RowError
				switch {
				case errors.As(err, &re):
					got = append(got, fmt.Sprintf("%d:%d: %s", line, re.Column, sentinelName(err)))
					if first {
						first = false
						if tt.raw != "" && r.RawLine() != tt.raw {
							t.Errorf("RawLine() = %q, want %q", r.RawLine(), tt.raw)
						}
						if !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), "in.csv:") {
							t.Errorf("error %q does not start with in.csv: and contain %q", err, tt.msg)
						}
					}
				case err != nil:
					t.Fatalf("fatal: %v", err)
				default:
					got = append(got, fmt.Sprintf("%d: %s", line, strings.Join(row, "|")))
				}
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestInvalidUTF8AfterSniffWindow(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,name\n")
	for b.Len() < sniffSize+100 {
		b.WriteString("1,Müller\n")
	}
	lines := strings.Count(b.String(), "\n")
	b.WriteString("2,M\xfcller\n3,ok\n")
	r, rows := readAll(t, b.String(), Options{})
	if r.Encoding() != "utf-8" {
		t.Fatalf("Encoding() = %q", r.Encoding())
	}
	tail := rows[len(rows)-2:]
	want := []string{fmt.Sprintf("%d:2: encoding", lines+1), fmt.Sprintf("%d: 3|ok", lines+2)}
	if fmt.Sprint(tail) != fmt.Sprint(want) {
		t.Fatalf("last rows %q, want %q", tail, want)
	}
}

// TestChunking checks that how the input arrives (one byte at a time, which
// splits every rune, quote pair and CRLF across the guard's chunks) does not
// change any result.
func TestChunking(t *testing.T) {
	inputs := []string{
		"id;name\r\n1;Zoë 🎻 €\r\n2;\"a\"\"b\r\nc\"\r\n3;M\xfcller\r\n4;x\x00\r\n5;\xe2\x82\r\n6;ok\r\n",
		"id;name\n1;\"" + strings.Repeat("é\"\"\n", 40) + "\"\n2;" + strings.Repeat("€", 30) + "\n3;\"open\n4;x\n",
		"id;name\n" + strings.Repeat("1;2;3;4;5;6;7;8;9\n", 3) + "5;\"x\"y\n6;ok",
		// Bare CRs in LF text, after a quote, in a dropped field, at the end.
		"id;name\n1;a\r2;\"q\rr\"\r\n3;b\r\r4;\"x\"\r5;" + strings.Repeat("y", 40) + "\r6;\"" + strings.Repeat("z", 40) + "\"\r7;c\r",
		// Old Mac line ends throughout.
		"id;name\r1;a\r2;\"q\rr\"\r3;" + strings.Repeat("y", 40) + "\r4;b\r",
	}
	for i, in := range inputs {
		for _, opt := range []Options{{Delimiter: ';', Encoding: "utf-8"}, {Delimiter: ';', Encoding: "utf-8", MaxFieldBytes: 16}} {
			want := drain(t, mustReader(t, strings.NewReader(in), opt))
			for name, src := range map[string]io.Reader{
				"one byte": iotest.OneByteReader(strings.NewReader(in)),
				"half":     iotest.HalfReader(strings.NewReader(in)),
			} {
				got := drain(t, mustReader(t, src, opt))
				if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
					t.Errorf("input %d, %s reads, max %d:\n got %q\nwant %q", i, name, opt.MaxFieldBytes, got, want)
				}
			}
		}
	}
	for i, want := range map[int][]string{
		3: {"2: 1|a", "3: 2|q\rr", "4: 3|b", "6: 4|x", "7: 5|" + strings.Repeat("y", 40), "8: 6|" + strings.Repeat("z", 40), "9: 7|c"},
		4: {"2: 1|a", "3: 2|q\nr", "5: 3|" + strings.Repeat("y", 40), "6: 4|b"},
	} {
		if got := drain(t, mustReader(t, strings.NewReader(inputs[i]), Options{Delimiter: ';', Encoding: "utf-8"})); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Errorf("input %d: got %q, want %q", i, got, want)
		}
		got := drain(t, mustReader(t, strings.NewReader(inputs[i]), Options{Delimiter: ';', Encoding: "utf-8", MaxFieldBytes: 16}))
		// The rows with a long field are rejected on their own lines.
		for k, w := range want {
			if strings.Contains(w, "yyyyyyyy") || strings.Contains(w, "zzzzzzzz") {
				w = strings.Split(w, ":")[0] + ":2: size"
			}
			if k >= len(got) || got[k] != w {
				t.Errorf("input %d, max 16: got %q", i, got)
				break
			}
		}
	}
	want := []string{"2: 1|Zoë 🎻 €", "3: 2|a\"b\nc", "5:2: encoding", "6:2: encoding", "7:2: encoding", "8: 6|ok"}
	if got := drain(t, mustReader(t, strings.NewReader(inputs[0]), Options{Delimiter: ';', Encoding: "utf-8"})); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func mustReader(t *testing.T, src io.Reader, opt Options) *Reader {
	t.Helper()
	r, err := NewReader(src, "in.csv", opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestEmptyAndHeaderOnly(t *testing.T) {
	for _, in := range []string{"", "\n\n", "\r\n"} {
		_, err := NewReader(strings.NewReader(in), "in.csv", Options{})
		if err == nil || !strings.Contains(err.Error(), "in.csv") || !strings.Contains(err.Error(), "no header row") {
			t.Errorf("input %q: err = %v", in, err)
		}
	}
	for _, in := range []string{"a,b", "a,b\n", " a , b \r\n\r\n"} {
		r, err := NewReader(strings.NewReader(in), "in.csv", Options{})
		if err != nil {
			t.Fatalf("input %q: %v", in, err)
		}
		if h := r.Header(); fmt.Sprint(h) != "[a b]" {
			t.Errorf("input %q: header %q", in, h)
		}
		if row, _, err := r.Next(); err != io.EOF || row != nil {
			t.Errorf("input %q: Next = %q, %v; want io.EOF", in, row, err)
		}
		if _, _, err := r.Next(); err != io.EOF {
			t.Errorf("input %q: second Next = %v; want io.EOF", in, err)
		}
	}
	_, err := NewReader(strings.NewReader("a,\"b\n1,2\n"), "in.csv", Options{})
	if !errors.Is(err, doppel.ErrQuote) || !strings.Contains(err.Error(), "unreadable header") {
		t.Errorf("broken header: err = %v", err)
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "missing.csv"), Options{}); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: err = %v", err)
	}
	empty := filepath.Join(dir, "empty.csv")
	os.WriteFile(empty, nil, 0o644)
	if _, err := Open(empty, Options{}); err == nil || !strings.Contains(err.Error(), "empty.csv: no header row") {
		t.Errorf("empty file: err = %v", err)
	}
	if _, err := Open(dir, Options{}); err == nil {
		t.Errorf("directory accepted")
	}
	path := filepath.Join(dir, "ok.csv")
	os.WriteFile(path, []byte("\xef\xbb\xbfid\tname\n1\tAnn\n"), 0o644)
	r, err := Open(path, Options{Encoding: "utf-16"})
	if err == nil || !strings.Contains(err.Error(), "ok.csv") {
		t.Errorf("wrong explicit encoding: err = %v", err)
	}
	r, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	row, line, err := r.Next()
	if err != nil || line != 2 || fmt.Sprint(row) != "[1 Ann]" || fmt.Sprint(r.Header()) != "[id name]" {
		t.Fatalf("Next = %q, %d, %v; header %q", row, line, err, r.Header())
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Next(); err == nil || err == io.EOF {
		t.Fatalf("Next after Close: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}

type failingReader struct{ r io.Reader }

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, errors.New("disk on fire")
	}
	return n, err
}

func TestIOErrorIsFatal(t *testing.T) {
	in := "a,b\n" + strings.Repeat("1,2\n", 100000)
	r, err := NewReader(&failingReader{strings.NewReader(in)}, "in.csv", Options{Delimiter: ','})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200000; i++ {
		_, _, err = r.Next()
		var re *doppel.RowError
		if err != nil && !errors.As(err, &re) {
			break
		}
	}
	if err == nil || err == io.EOF || !strings.Contains(err.Error(), "in.csv") || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err = %v, want fatal error naming the file", err)
	}
	if _, _, err2 := r.Next(); err2 != err {
		t.Fatalf("fatal error not sticky: %v", err2)
	}
}

// repeatReader yields n copies of byte c.
type repeatReader struct {
	c byte
	n int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = r.c
	}
	r.n -= k
	return k, nil
}

// TestHugeField reads a 50 MB field (unquoted, quoted and unterminated) from
// a generator, so the input itself is never in memory, and checks that the
// row is rejected, the next row is read, and the Reader allocated only a
// small multiple of the field size limit.
func TestHugeField(t *testing.T) {
	const size = 50 << 20
	tests := []struct {
		name       string
		pre, post  string
		want       []string
		wantSubstr string
	}{
		{"unquoted", "id,big\n1,", "\n2,ok\n", []string{"2:2: size", "3: 2|ok"}, "longer than"},
		{"quoted", "id,big\n1,\"", "\"\n2,ok\n", []string{"2:2: size", "3: 2|ok"}, "longer than"},
		{"unterminated", "id,big\n1,\"", "\n2,ok\n", []string{"2:2: quote"}, "swallowed lines 2-3"},
		{"delimiters", "id,big\n1,", "\n2,ok\n", []string{"2:0: count", "3: 2|ok"}, "got more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := byte('y')
			if tt.name == "delimiters" {
				c = ','
			}
			src := io.MultiReader(strings.NewReader(tt.pre), &repeatReader{c: c, n: size}, strings.NewReader(tt.post))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			r, err := NewReader(src, "in.csv", Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			var firstErr error
			for {
				row, line, err := r.Next()
				if err == io.EOF {
					break
				}
				var re *doppel.RowError
				if errors.As(err, &re) {
					got = append(got, fmt.Sprintf("%d:%d: %s", line, re.Column, sentinelName(err)))
					if firstErr == nil {
						firstErr = err
					}
					if n := len(r.RawLine()); n == 0 || n > rawCap {
						t.Errorf("RawLine() has %d bytes", n)
					}
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, fmt.Sprintf("%d: %s", line, strings.Join(row, "|")))
			}
			runtime.ReadMemStats(&after)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if firstErr == nil || !strings.Contains(firstErr.Error(), tt.wantSubstr) {
				t.Errorf("error %v does not contain %q", firstErr, tt.wantSubstr)
			}
			// 1 MiB limit: the guard keeps 2 MiB of the field; encoding/csv
			// copies it a few times. Far less than the 50 MB field.
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("allocated %.1f MiB", float64(alloc)/(1<<20))
			if alloc > 24<<20 {
				t.Errorf("allocated %d MiB reading a %d MiB field", alloc>>20, size>>20)
			}
		})
	}
}

func TestRawLine(t *testing.T) {
	long := strings.Repeat("é", 600) // 1200 bytes
	r, err := NewReader(strings.NewReader("a,b\r\n\r\n1,2\r\n3,"+long+"\r\n"), "in.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Next(); err != nil || r.RawLine() != "1,2" {
		t.Fatalf("RawLine() = %q, %v", r.RawLine(), err)
	}
	if _, _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	raw := r.RawLine()
	if len(raw) > rawCap || !utf8.ValidString(raw) || !strings.HasPrefix(raw, "3,éé") {
		t.Fatalf("RawLine() of a long row: %d bytes, valid %v", len(raw), utf8.ValidString(raw))
	}
}

// TestRawLineLongRows checks RawLine on rows longer than the guard's ring.
func TestRawLineLongRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b\n")
	rows := []string{}
	for i := 0; i < 20; i++ {
		row := fmt.Sprintf("%d,%s", i, strings.Repeat(string(rune('a'+i)), i*1500))
		rows = append(rows, row)
		b.WriteString(row + "\n")
	}
	r, err := NewReader(strings.NewReader(b.String()), "in.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range rows {
		if _, _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
		if len(want) > rawCap {
			want = want[:rawCap]
		}
		if got := r.RawLine(); got != want {
			t.Fatalf("row %d: RawLine() = %.40q... (%d bytes), want %.40q... (%d bytes)", i, got, len(got), want, len(want))
		}
	}
}

func TestRowSliceReuseDocumented(t *testing.T) {
	r, err := NewReader(strings.NewReader("a\nx\ny\n"), "in.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := r.Next()
	keep := first[0]
	r.Next()
	if keep != "x" {
		t.Fatalf("strings must stay valid after the next call, got %q", keep)
	}
}

// FuzzReader feeds arbitrary bytes to the Reader: it must not panic, every
// Next must return a row, a RowError, io.EOF or a fatal error, and reading
// must terminate. For valid UTF-8 input it also compares the rows with
// encoding/csv itself.
func FuzzReader(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n",
		"a;b;c\r\n1;\"x\r\ny\";3\r\n\r\n",
		"a\tb\n\"1\"\"\"\t2\n\"\n",
		"a|b\n1|x\"y\n2|\"q\"z\n3|\"open\n",
		"\xef\xbb\xbfid,name\n1,M\xfcller\n",
		"\xff\xfei\x00d\x00,\x00n\x00\n\x001\x00,\x00x\x00\n\x00",
		"a,b\n1,\x00\n,,,,\n\"" + strings.Repeat("x", 100) + "\"\n",
		"a\n\r\r\n\"\"\"\n",
		"a¦b\n\"x\"¦\"y\"\"\"\n1\u00a62\n\"\xc2\"",
		"a,b\r1,\"x\ry\"\r2,z\r\n3,w\r",
		"a,b\n1,x\r2,\"y\rz\"\r3,w\"q\r4,v\n\r",
		"sep=;\r\na;b\r\n1;2\r3;4\r\n",
	} {
		f.Add([]byte(s), uint8(0), uint8(0))
		f.Add([]byte(s), uint8(8), uint8(1))
		f.Add([]byte(s), uint8(0), uint8(4))
	}
	f.Fuzz(func(t *testing.T, data []byte, maxField, delim uint8) {
		// delim: 0 sniffs, 1 is a two-byte delimiter, 2 a three-byte one;
		// bit 2 sets the encoding to utf-8 (no windows-1252 guess).
		opt := Options{MaxFieldBytes: int(maxField), Delimiter: [...]rune{0, '¦', '→'}[delim&3%3]}
		if delim&4 != 0 {
			opt.Encoding = "utf-8"
		}
		r, err := NewReader(bytes.NewReader(data), "fuzz.csv", opt)
		if err != nil {
			return
		}
		n := len(r.Header())
		// encoding/csv on the same text, for comparison: the same records
		// on the same lines; rows accepted by both must be equal.
		var ref *csv.Reader
		// encoding/csv keeps a CR without LF as data; the Reader ends the
		// line there, so the reference reads the text with those CRs
		// turned into LF (all CRs in a file of old Mac line ends). A
		// "sep=" line is skipped.
		f := r.Format()
		compare := r.Encoding() == "utf-8"
		lineOff := 0 // lines before the reference's text
		if compare {
			text := data
			if _, n, ok := sepLine(data, true); ok && len(f.Notes) > 0 && strings.Contains(f.Notes[0], "sep=") {
				text, lineOff = data[n:], 1
			}
			ref = csv.NewReader(bytes.NewReader(refLineEnds(text, r.Delimiter(), f.LineEnds == "cr")))
			ref.Comma = r.Delimiter()
			ref.FieldsPerRecord = -1
			if _, err := ref.Read(); err != nil {
				t.Fatalf("reference header: %v", err)
			}
		}
		prevLine := 0
		for calls := 0; ; calls++ {
			if calls > len(data)+2 {
				t.Fatalf("Next does not terminate")
			}
			row, line, err := r.Next()
			_ = r.RawLine()
			if err == io.EOF {
				if compare {
					if _, err := ref.Read(); err != io.EOF {
						t.Fatalf("reference has more: %v", err)
					}
				}
				return
			}
			var re *doppel.RowError
			if err != nil && !errors.As(err, &re) {
				t.Fatalf("fatal error on in-memory input: %v", err)
			}
			if line <= prevLine {
				t.Fatalf("line %d after %d", line, prevLine)
			}
			prevLine = line
			if err == nil && len(row) != n {
				t.Fatalf("row %q has %d fields, header %d", row, len(row), n)
			}
			for _, f := range row {
				if !utf8.ValidString(f) || strings.IndexByte(f, 0) >= 0 {
					t.Fatalf("row %q accepted with invalid text", row)
				}
			}
			if !compare {
				continue
			}
			want, werr := ref.Read()
			var pe *csv.ParseError
			switch {
			case errors.As(werr, &pe):
				if err == nil || line != pe.StartLine+lineOff {
					t.Fatalf("reference error %v at line %d, got %q, %v at line %d", werr, pe.StartLine, row, err, line)
				}
				if opt.MaxFieldBytes == 0 && !errors.Is(err, doppel.ErrQuote) {
					t.Fatalf("reference error %v, got %v", werr, err)
				}
			case werr != nil:
				t.Fatalf("reference: %v", werr)
			default:
				if l, _ := ref.FieldPos(0); l+lineOff != line {
					t.Fatalf("line %d, reference line %d (%v)", line, l, err)
				}
				if err == nil && fmt.Sprintf("%q", row) != fmt.Sprintf("%q", want) {
					t.Fatalf("got %q, reference %q", row, want)
				}
				if errors.Is(err, doppel.ErrQuote) {
					t.Fatalf("quote error %v, reference read %q", err, want)
				}
			}
		}
	})
}

// genRows returns n rows of 10 columns of customer-like data, with a header.
func genRows(n int) []byte {
	var b bytes.Buffer
	b.WriteString("id,given,family,email,phone,street,city,postcode,country,updated\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%d,Anna%d,Müller-%d,anna.%d@example.com,+61 2 9999 %04d,\"%d High St, Unit %d\",Sydney,%04d,AU,2024-01-%02d\n",
			i, i%97, i%1013, i, i%10000, i%500, i%7, 2000+i%800, 1+i%28)
	}
	return b.Bytes()
}

const benchRows = 100_000

func BenchmarkReader(b *testing.B) {
	data := genRows(benchRows)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), "bench.csv", Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		for {
			_, _, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rows++
		}
		if rows != benchRows {
			b.Fatalf("%d rows", rows)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkEncodingCSV is the floor: encoding/csv alone with ReuseRecord on
// the same data, for the overhead ratio of BenchmarkReader.
func BenchmarkEncodingCSV(b *testing.B) {
	data := genRows(benchRows)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r := csv.NewReader(bytes.NewReader(data))
		r.ReuseRecord = true
		r.FieldsPerRecord = -1
		rows := -1
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rows++
		}
		if rows != benchRows {
			b.Fatalf("%d rows", rows)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// refLineEnds is the text the Reader reads, for a reference reader: every
// CR not followed by LF outside a quoted field turned into LF, found with
// the plain scanner (in crMode every CR is a line end, a CRLF one LF).
func refLineEnds(data []byte, delim rune, crMode bool) []byte {
	out := bytes.Clone(data)
	if crMode {
		out = bytes.ReplaceAll(out, []byte("\r\n"), []byte("\n"))
		return bytes.ReplaceAll(out, []byte("\r"), []byte("\n"))
	}
	s := newScanner(delim)
	for i, c := range out {
		if c == '\r' && s.st != stQuoted && (i+1 == len(out) || out[i+1] != '\n') {
			out[i], c = '\n', '\n'
		}
		s.step(c)
	}
	return out
}
