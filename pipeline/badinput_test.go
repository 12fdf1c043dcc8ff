package pipeline_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/doppel-dev/doppel/cli"
	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/rules"
)

// wantReject is a row expected in rejects.csv: its line and a piece of its
// reason.
type wantReject struct {
	line   int
	reason string
}

// badInputCase is one hostile input. Either the run fails with an error
// naming the file (errHas) and the command exits with exit, or it succeeds
// with exactly the rejects listed and accepted rows in the crosswalk.
type badInputCase struct {
	name string
	// make writes the inputs into dir and returns the paths to read.
	make     func(t *testing.T, dir string) []string
	rules    string // rules file text ("" = none); written as dir/rules.conf
	encoding string // --encoding

	errHas []string // substrings of the error ({dir} is replaced)
	exit   int      // exit code of cli.Run for a failing case

	accepted int          // rows in the crosswalk
	rejects  []wantReject // rows in rejects.csv, in order
	encLabel string       // expected summary encoding of the first source ("" = any)
	check    func(t *testing.T, out string)
}

// writeFile writes an input file and returns its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func one(name, text string) func(*testing.T, string) []string {
	return func(t *testing.T, dir string) []string { return []string{writeFile(t, dir, name, text)} }
}

// readAll parses a CSV output strictly (encoding/csv, no lazy quotes).
func readAll(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s is not a complete CSV file: %v", path, err)
	}
	return rows
}

// bigFieldFile is an export whose second row holds a quoted field of 50 MB
// with a newline every MiB, between two good rows.
func bigFieldFile(t *testing.T, dir string) []string {
	p := filepath.Join(dir, "big.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprint(f, "id,first_name,surname,email\n1,Anna,Schmidt,anna@example.com\n2,\"")
	chunk := bytes.Repeat([]byte("x"), 1<<20-1)
	chunk = append(chunk, '\n')
	for i := 0; i < 50; i++ {
		if _, err := f.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	// The big row started on line 3 and spans 50 newlines.
	// A ragged row after it shows that line numbers stay right.
	fmt.Fprint(f, "\",Miller,bob@example.com\n3,Carl,Jones,carl@example.com\n4,Dora\n")
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return []string{p}
}

// lateInvalidUTF8 is valid UTF-8 for well over 64 KiB and then holds one
// row with a Latin-1 byte: auto-detection has already settled on UTF-8.
func lateInvalidUTF8(t *testing.T, dir string) []string {
	var b strings.Builder
	b.WriteString("id,first_name,surname,city\n")
	n := 0
	for b.Len() < 80<<10 {
		n++
		fmt.Fprintf(&b, "%d,Jürgen,Müller%d,München\n", n, n)
	}
	fmt.Fprintf(&b, "%d,J\xfcrgen,M\xfcller,M\xfcnchen\n", n+1)
	fmt.Fprintf(&b, "%d,Anna,Schmidt,Köln\n", n+2)
	return []string{writeFile(t, dir, "late.csv", b.String())}
}

// lateRows is the number of good rows lateInvalidUTF8 writes before the
// bad one (the bad row is on line lateRows+2).
func lateRows() int {
	size, n := len("id,first_name,surname,city\n"), 0
	for size < 80<<10 {
		n++
		size += len(fmt.Sprintf("%d,Jürgen,Müller%d,München\n", n, n))
	}
	return n
}

// truncatedFIFO is an export that a writer streams through a named pipe
// and abandons in the middle of its fourth row, as a copy or a network
// mount that goes away mid-run would: the reader sees the input end early.
func truncatedFIFO(t *testing.T, dir string) []string {
	p := filepath.Join(dir, "vanishing.csv")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f, err := os.OpenFile(p, os.O_WRONLY, 0) // blocks until the reader opens
		if err != nil {
			return
		}
		f.WriteString("id,first_name,surname,email\n1,Anna,Schmidt,anna@example.com\n2,Bob,Miller,bob@example.com\n3,Car")
		f.Close()
	}()
	t.Cleanup(func() {
		// If the run never opened the pipe, unblock the writer.
		if r, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			r.Close()
		}
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("pipe writer still blocked")
		}
	})
	return []string{p}
}

func badInputCases() []badInputCase {
	const hdr = "id,first_name,surname,email\n"
	return []badInputCase{
		{
			name: "unbalanced quotes",
			make: one("quotes.csv", hdr+
				"1,Anna,Schmidt,anna@example.com\n"+
				"2,An\"na,Schmidt,anna2@example.com\n"+ // bare quote
				"3,\"Bob\"by,Miller,bob@example.com\n"+ // stray quote after closing quote
				"4,Carl,Jones,carl@example.com\n"+
				"5,\"Dora,Smith,dora@example.com\n"+ // never closed: swallows the rest
				"6,Emil,Brown,emil@example.com\n"),
			accepted: 2,
			rejects: []wantReject{
				{3, "bare \""}, {4, "stray \""}, {6, "never closed: it swallowed lines 6-7"},
			},
		},
		{
			name: "ragged rows",
			make: one("ragged.csv", hdr+
				"1,Anna,Schmidt,anna@example.com\n"+
				"2,Bob,Miller\n"+
				"3,Carl,Jones,carl@example.com,extra,more\n"+
				"4\n"+
				"5,Dora,Smith,dora@example.com\n"),
			accepted: 2,
			rejects: []wantReject{
				{3, "got 3 fields, want 4"}, {4, "got 6 fields, want 4"}, {5, "got 1 fields, want 4"},
			},
		},
		{
			name: "NUL bytes in a row",
			make: one("nul.csv", hdr+
				"1,Anna,Schmidt,anna@example.com\n"+
				"2,Bo\x00b,Miller,bob@example.com\n"+
				"3,Carl,Jones,carl@example.com\n"),
			accepted: 2,
			rejects:  []wantReject{{3, "NUL byte in field 2"}},
		},
		{
			name:   "NUL bytes in the header",
			make:   one("nulhdr.csv", "id,first\x00name\n1,Anna\n"),
			errHas: []string{"nulhdr.csv:1:2:", "NUL byte"},
			exit:   cli.ExitInput,
		},
		{
			name: "invalid UTF-8, encoding utf-8",
			make: one("latin.csv", hdr+
				"1,Anna,Schmidt,anna@example.com\n"+
				"2,J\xfcrgen,M\xfcller,juergen@example.com\n"+
				"3,Carl,Jones,carl@example.com\n"),
			encoding: "utf-8",
			accepted: 2,
			rejects:  []wantReject{{3, "field 2 is not valid UTF-8"}},
			encLabel: "utf-8",
		},
		{
			name:     "invalid UTF-8 after the first 64 KiB, encoding auto",
			make:     lateInvalidUTF8,
			accepted: lateRows() + 1,
			rejects:  []wantReject{{lateRows() + 2, "field 2 is not valid UTF-8"}},
			encLabel: "utf-8",
		},
		{
			name:     "a 50 MB field",
			make:     bigFieldFile,
			accepted: 2,
			rejects:  []wantReject{{3, "field exceeds size limit: field 2"}, {55, "got 2 fields, want 4"}},
			check: func(t *testing.T, out string) {
				// The rejects file keeps at most 1 KiB of the raw row.
				if st, err := os.Stat(filepath.Join(out, pipeline.RejectsFile)); err != nil || st.Size() > 8<<10 {
					t.Errorf("rejects.csv: %v, size %d", err, st.Size())
				}
			},
		},
		{
			name:   "empty file",
			make:   one("empty.csv", ""),
			errHas: []string{"{dir}/empty.csv", "no header row"},
			exit:   cli.ExitInput,
		},
		{
			name:     "header only",
			make:     one("header.csv", hdr),
			accepted: 0,
		},
		{
			name: "duplicate header names",
			make: one("dupcols.csv", "id,name,name,email,email\n"+
				"1,Anna Schmidt,A. Schmidt,anna@example.com,anna@example.org\n"+
				"2,Bob Miller,B. Miller,bob@example.com,\n"),
			accepted: 2,
		},
		{
			name:   "rules map a column missing from the header",
			make:   one("crm.csv", hdr+"1,Anna,Schmidt,anna@example.com\n"),
			rules:  "# rules\n[source crm]\nid = id\ncolumn.Mail = email\n",
			errHas: []string{"{dir}/crm.csv", "rules.conf:4:", `column.Mail: "Mail" not in the header`, `"id", "first_name", "surname", "email"`},
			exit:   cli.ExitInput,
		},
		{
			name: "CRLF line ends",
			make: one("crlf.csv", "id,first_name,surname,email\r\n"+
				"1,Anna,Schmidt,anna@example.com\r\n"+
				"2,\"Bob\r\nRobert\",Miller,bob@example.com\r\n"+
				"3,Carl,Jones\r\n"+
				"4,Dora,Smith,dora@example.com\r\n"),
			accepted: 3,
			rejects:  []wantReject{{5, "got 3 fields, want 4"}},
			check: func(t *testing.T, out string) {
				for _, row := range readAll(t, filepath.Join(out, pipeline.GoldenFile)) {
					for _, c := range row {
						if strings.HasSuffix(c, "\r") {
							t.Errorf("golden cell %q keeps a CR", c)
						}
					}
				}
			},
		},
		{
			name:     "byte order mark",
			make:     one("bom.csv", "\xef\xbb\xbf"+hdr+"1,Anna,Schmidt,anna@example.com\n2,Bob,Miller,bob@example.com\n"),
			accepted: 2,
			encLabel: "utf-8 (bom)",
			check: func(t *testing.T, out string) {
				var s pipeline.Summary
				b, _ := os.ReadFile(filepath.Join(out, pipeline.SummaryFile))
				if err := json.Unmarshal(b, &s); err != nil {
					t.Fatal(err)
				}
				if s.Sources[0].IDColumn != "id" {
					t.Errorf("id column %q, want \"id\" (BOM not stripped?)", s.Sources[0].IDColumn)
				}
			},
		},
		{
			name: "file removed between listing and reading",
			make: func(t *testing.T, dir string) []string {
				p := writeFile(t, dir, "gone.csv", hdr+"1,Anna,Schmidt,anna@example.com\n")
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
				return []string{writeFile(t, dir, "other.csv", hdr), p}
			},
			errHas: []string{"{dir}/gone.csv", "no such file"},
			exit:   cli.ExitInput,
		},
		{
			name: "path is a directory",
			make: func(t *testing.T, dir string) []string {
				p := filepath.Join(dir, "folder.csv")
				if err := os.Mkdir(p, 0o755); err != nil {
					t.Fatal(err)
				}
				return []string{p}
			},
			errHas: []string{"{dir}/folder.csv", "is a directory"},
			exit:   cli.ExitInput,
		},
		{
			name:     "file cut off mid-run (named pipe closed early)",
			make:     truncatedFIFO,
			accepted: 2,
			rejects:  []wantReject{{4, "got 2 fields, want 4"}},
		},
	}
}

// TestBadInput: hostile inputs never panic and never lose rows. Each either
// fails with an error naming the file (and line) and the input exit code,
// or puts the bad rows in rejects.csv with line and reason; the summary's
// counts add up and match the files written.
func TestBadInput(t *testing.T) {
	for _, tc := range badInputCases() {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := tc.make(t, dir)
			var cfg *rules.Config
			rulesPath := ""
			if tc.rules != "" {
				rulesPath = writeFile(t, dir, "rules.conf", tc.rules)
				var err error
				if cfg, err = rules.Load(rulesPath); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(t.TempDir(), "out")
			sum, err := pipeline.Dedupe(context.Background(), pipeline.Options{
				Files: files, Rules: cfg, OutDir: out, Encoding: tc.encoding,
			})
			if tc.errHas != nil {
				if err == nil {
					t.Fatalf("no error; want one containing %q", tc.errHas)
				}
				var ie *pipeline.InputError
				if !errors.As(err, &ie) {
					t.Errorf("error %T %v is not an InputError", err, err)
				}
				for _, s := range tc.errHas {
					if s = strings.ReplaceAll(s, "{dir}", dir); !strings.Contains(err.Error(), s) {
						t.Errorf("error %q lacks %q", err, s)
					}
				}
				if ents, _ := os.ReadDir(out); len(ents) > 0 {
					t.Errorf("failed run left %d files in the output folder", len(ents))
				}
				// The command: the error on stderr and the input exit code.
				args := []string{"dedupe", "--quiet", "--out", out}
				if rulesPath != "" {
					args = append(args, "--rules", rulesPath)
				}
				if tc.encoding != "" {
					args = append(args, "--encoding", tc.encoding)
				}
				var stdout, stderr bytes.Buffer
				code := cli.Run(context.Background(), append(args, files...), cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
				if code != tc.exit {
					t.Errorf("exit code %d, want %d; stderr %s", code, tc.exit, stderr.String())
				}
				if want := strings.ReplaceAll(tc.errHas[0], "{dir}", dir); !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr %q lacks %q", stderr.String(), want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Dedupe: %v", err)
			}
			checkCountsAddUp(t, out, sum)
			if sum.Counts.Accepted != tc.accepted {
				t.Errorf("accepted %d, want %d", sum.Counts.Accepted, tc.accepted)
			}
			rj := readAll(t, filepath.Join(out, pipeline.RejectsFile))[1:]
			if len(rj) != len(tc.rejects) {
				t.Errorf("%d rejects, want %d: %q", len(rj), len(tc.rejects), rj)
			}
			for i := range min(len(rj), len(tc.rejects)) {
				w := tc.rejects[i]
				if rj[i][1] != files[0] || rj[i][2] != strconv.Itoa(w.line) || !strings.Contains(rj[i][4], w.reason) {
					t.Errorf("reject %d = %q, want file %s, line %d, reason with %q", i, rj[i][:5], files[0], w.line, w.reason)
				}
			}
			if tc.encLabel != "" && sum.Sources[0].Encoding != tc.encLabel {
				t.Errorf("encoding %q, want %q", sum.Sources[0].Encoding, tc.encLabel)
			}
			if tc.check != nil {
				tc.check(t, out)
			}
		})
	}
}

// checkCountsAddUp reads the outputs of a finished run: summary.json's
// counts add up, equal the returned summary's, and read = crosswalk rows +
// rejects rows; every reject has a line and a reason; every output exists
// and parses as complete CSV; no temporary files are left.
func checkCountsAddUp(t *testing.T, out string, sum *pipeline.Summary) {
	t.Helper()
	var s pipeline.Summary
	b, err := os.ReadFile(filepath.Join(out, pipeline.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("summary.json: %v", err)
	}
	if s.Counts != sum.Counts {
		t.Errorf("summary.json counts %+v, returned %+v", s.Counts, sum.Counts)
	}
	if err := s.Counts.Check(); err != nil {
		t.Error(err)
	}
	xw := readAll(t, filepath.Join(out, pipeline.CrosswalkFile))[1:]
	rj := readAll(t, filepath.Join(out, pipeline.RejectsFile))[1:]
	if s.Counts.Read != len(xw)+len(rj) || s.Counts.Accepted != len(xw) || s.Counts.Rejected != len(rj) {
		t.Errorf("summary read %d (accepted %d, rejected %d), files: crosswalk %d rows + rejects %d rows",
			s.Counts.Read, s.Counts.Accepted, s.Counts.Rejected, len(xw), len(rj))
	}
	for _, r := range rj {
		if n, err := strconv.Atoi(r[2]); err != nil || n < 1 || r[4] == "" {
			t.Errorf("reject without line or reason: %q", r)
		}
	}
	for _, name := range []string{pipeline.GoldenFile, pipeline.LineageFile, pipeline.PairsFile, pipeline.ReviewFile} {
		readAll(t, filepath.Join(out, name))
	}
	noTempFiles(t, out)
}

// noTempFiles fails if the folder holds an AtomicFile temp file.
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	if len(m) > 0 {
		t.Errorf("temporary files left in %s: %q", dir, m)
	}
}
