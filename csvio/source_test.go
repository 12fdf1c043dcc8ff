package csvio

import (
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel"
)

// TestFormat: what a Reader says about how it read a file (doppel.Source),
// and the rows it reads: a "sep=" declaration, the line ends, binary data.
func TestFormat(t *testing.T) {
	tests := []struct {
		name, input string
		opt         Options
		delim       rune
		lineEnds    string
		binary      bool
		notes       []string // substrings of the notes, in order
		warnings    []string
		rows        []string
	}{
		{"plain lf", "a,b\n1,2\n", Options{}, ',', "lf", false, nil, nil, []string{"2: 1|2"}},
		{"crlf", "a;b\r\n1;2\r\n", Options{}, ';', "crlf", false, nil, nil, []string{"2: 1|2"}},
		{"sep line", "sep=;\na;b\n1;2,5\n3;4\n", Options{}, ';', "lf", false,
			[]string{`line 1 "sep=;" declares the delimiter`}, nil, []string{"3: 1|2,5", "4: 3|4"}},
		{"sep line crlf, upper case", "SEP=|\r\na|b\r\n1|2\r\n", Options{}, '|', "crlf", false,
			[]string{"declares the delimiter"}, nil, []string{"3: 1|2"}},
		{"sep tab", "sep=\t\na\tb\n1\t2\n", Options{}, '\t', "lf", false, []string{"declares"}, nil, []string{"3: 1|2"}},
		{"sep line, explicit delimiter wins", "sep=;\na,b\n1,2\n", Options{Delimiter: ','}, ',', "lf", false,
			[]string{"declares"}, nil, []string{"3: 1|2"}},
		{"sep line after bom", "\xef\xbb\xbfsep=;\na;b\n1;2\n", Options{}, ';', "lf", false, []string{"declares"}, nil, []string{"3: 1|2"}},
		{"not a sep line", "sep=,,b\n1,2,3\n", Options{}, ',', "lf", false, nil, nil, []string{"2: 1|2|3"}},
		{"old mac", "id,first_name,last_name,email\r1,John,Smith,js@x.org\r2,John,Smith,js@x.org\r", Options{}, ',', "cr", false,
			[]string{"bare CR"}, nil, []string{"2: 1|John|Smith|js@x.org", "3: 2|John|Smith|js@x.org"}},
		{"old mac semicolons", "a;b\r1;x,y\r2;z\r", Options{}, ';', "cr", false, []string{"bare CR"}, nil, []string{"2: 1|x,y", "3: 2|z"}},
		{"bare cr in lf text", "a,b\n1,x\r2,y\n3,z\n", Options{}, ',', "mixed", false, nil,
			[]string{"1 CR characters without LF"}, []string{"2: 1|x", "3: 2|y", "4: 3|z"}},
		{"nul bytes", "a,b\n1,\x00\x00\x00\n", Options{}, ',', "lf", true, nil, nil, []string{"2:2: encoding"}},
		{"control characters", "a,b\n" + strings.Repeat("\x01\x02x,y\n", 5), Options{Encoding: "utf-8"}, ',', "lf", true, nil, nil,
			[]string{"2: \x01\x02x|y", "3: \x01\x02x|y", "4: \x01\x02x|y", "5: \x01\x02x|y", "6: \x01\x02x|y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, rows := readAll(t, tt.input, tt.opt)
			f := r.Format()
			if f.Kind != "csv" || f.Delimiter != tt.delim || f.LineEnds != tt.lineEnds || f.Binary != tt.binary || f.Encoding != r.Encoding() {
				t.Errorf("Format() = %+v; want delimiter %q, line ends %q, binary %v", f, tt.delim, tt.lineEnds, tt.binary)
			}
			check := func(what string, got, want []string) {
				if len(got) != len(want) {
					t.Errorf("%s %q, want %q", what, got, want)
					return
				}
				for i := range want {
					if !strings.Contains(got[i], want[i]) {
						t.Errorf("%s %q, want %q", what, got, want)
					}
				}
			}
			check("notes", f.Notes, tt.notes)
			check("warnings", f.Warnings, tt.warnings)
			if fmt.Sprintf("%q", rows) != fmt.Sprintf("%q", tt.rows) {
				t.Errorf("rows %q, want %q", rows, tt.rows)
			}
		})
	}
}

// TestSepLine covers the recogniser of Excel's delimiter line.
func TestSepLine(t *testing.T) {
	tests := []struct {
		in    string
		atEOF bool
		delim rune
		n     int
	}{
		{"sep=;\nx", false, ';', 6},
		{"sep=;\r\nx", false, ';', 7},
		{"sep=;\rx", false, ';', 6},
		{"Sep=¦\n", false, '¦', 7},
		{"sep=;", true, ';', 5},
		{"sep=;", false, 0, 0}, // more may follow
		{"sep=;;\n", false, 0, 0},
		{"sep=\"\n", false, 0, 0}, // not a delimiter
		{"sep=\n", false, 0, 0},
		{"sep;\n", false, 0, 0},
		{"id,sep=;\n", false, 0, 0},
	}
	for _, tt := range tests {
		d, n, ok := sepLine([]byte(tt.in), tt.atEOF)
		if d != tt.delim || n != tt.n || ok != (tt.n > 0) {
			t.Errorf("sepLine(%q, %v) = %q, %d, %v; want %q, %d", tt.in, tt.atEOF, d, n, ok, tt.delim, tt.n)
		}
	}
}

// TestLineEndsAndBinary covers the sniffs of the first block.
func TestLineEndsAndBinary(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		atEOF    bool
	}{
		{"a\nb\n", "lf", true}, {"a\r\nb\r\n", "crlf", true}, {"a\rb\r", "cr", true},
		{"a\rb\n", "mixed", true}, {"a\r\nb\r", "crlf", false}, {"a\r\nb\r", "mixed", true}, {"abc", "", true},
	} {
		if got := lineEnds([]byte(tt.in), tt.atEOF); got != tt.want {
			t.Errorf("lineEnds(%q, %v) = %q, want %q", tt.in, tt.atEOF, got, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"id,name\r\n1,Müller\t\f\v\n", false}, {"a\x00b", true}, {strings.Repeat("x", 99) + "\x1b", false},
		{strings.Repeat("x", 98) + "\x1b\x7f", true}, {"", false},
	} {
		if got := looksBinary([]byte(tt.in)); got != tt.want {
			t.Errorf("looksBinary(%q) = %v", tt.in, got)
		}
	}
}

// TestRawKeepsBytes: the raw form of a rejected row keeps its exact bytes,
// also when they are not valid UTF-8 beyond the first 64 KiB (which is
// then not read as windows-1252).
func TestRawKeepsBytes(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,name\n")
	for b.Len() < sniffSize+100 {
		b.WriteString("1,Müller\n")
	}
	bad := "2,M\xfcller \x00"
	b.WriteString(bad + "\nbase64:3,x\n4,ok\n")
	r := mustReader(t, strings.NewReader(b.String()), Options{})
	var raws []string
	for {
		_, _, err := r.Next()
		if err == io.EOF {
			break
		}
		raws = append(raws, r.Raw())
	}
	if r.Encoding() != "utf-8" {
		t.Fatalf("Encoding() = %q", r.Encoding())
	}
	got := raws[len(raws)-3:]
	want := []string{doppel.RawPrefix + base64.StdEncoding.EncodeToString([]byte(bad)),
		doppel.RawPrefix + base64.StdEncoding.EncodeToString([]byte("base64:3,x")), "4,ok"}
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("Raw() = %q, want %q", got, want)
	}
	if got := doppel.RawText([]byte("base64:x")); got != "base64:YmFzZTY0Ong=" {
		t.Errorf("RawText(base64:x) = %q", got)
	}
}
