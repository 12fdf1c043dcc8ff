package pipeline_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/cli"
	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/rules"
)

// sourceRun is one end-to-end run over hostile or unusual inputs.
type sourceRun struct {
	files    []string
	cfg      *rules.Config
	sum      *pipeline.Summary
	err      error
	out      string
	warnings []string
}

// dedupe runs pipeline.Dedupe, collecting the warnings; a run that
// succeeds must account for every row.
func dedupe(t *testing.T, files []string, cfg *rules.Config) *sourceRun {
	t.Helper()
	r := &sourceRun{files: files, cfg: cfg, out: filepath.Join(t.TempDir(), "out")}
	r.sum, r.err = pipeline.Dedupe(context.Background(), pipeline.Options{
		Files: files, Rules: cfg, OutDir: r.out,
		Warn: func(format string, args ...any) { r.warnings = append(r.warnings, fmt.Sprintf(format, args...)) },
	})
	if r.err == nil {
		checkCountsAddUp(t, r.out, r.sum)
	}
	return r
}

// records returns "source:id@line" for every row of records.csv.
func (r *sourceRun) records(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, row := range readAll(t, filepath.Join(r.out, pipeline.RecordsFile))[1:] {
		out = append(out, row[0]+":"+row[1]+"@"+row[2])
	}
	return out
}

// warned fails unless some warning holds every one of want.
func (r *sourceRun) warned(t *testing.T, want ...string) {
	t.Helper()
	for _, w := range r.warnings {
		ok := true
		for _, s := range want {
			ok = ok && strings.Contains(w, s)
		}
		if ok {
			return
		}
	}
	t.Errorf("no warning with %q; warnings: %q", want, r.warnings)
}

func mustRules(t *testing.T, dir, text string) *rules.Config {
	t.Helper()
	cfg, err := rules.Load(writeFile(t, dir, "rules.conf", text))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestOldMacLineEnds (issue #10 item 2): a file whose lines end in a bare
// CR is read row by row, and a bare CR inside LF text ends its row instead
// of joining two rows; line numbers are those an editor shows.
func TestOldMacLineEnds(t *testing.T) {
	dir := t.TempDir()
	cr := writeFile(t, dir, "cr.csv", "id,first_name,last_name,email\r1,John,Smith,js@x.org\r2,John,Smith,js@x.org\r")
	r := dedupe(t, []string{cr}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if c := r.sum.Counts; c.Read != 2 || c.Accepted != 2 || c.Rejected != 0 {
		t.Errorf("counts %+v, want 2 read and accepted", c)
	}
	if got, want := r.records(t), []string{"cr:1@2", "cr:2@3"}; !slices.Equal(got, want) {
		t.Errorf("records %q, want %q", got, want)
	}
	// Two rows of the right width joined by a bare CR on main: one row,
	// silently, with the id "1" and an email of "a@x.org\r2".
	mixed := writeFile(t, dir, "mixed.csv", "id,name,email\n1,Ann,a@x.org\r2,Bob,b@x.org\n3,Cy,c@x.org\n")
	r = dedupe(t, []string{mixed}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got, want := r.records(t), []string{"mixed:1@2", "mixed:2@3", "mixed:3@4"}; !slices.Equal(got, want) {
		t.Errorf("records %q, want %q", got, want)
	}
	r.warned(t, "mixed", "1 CR characters without LF", "read as line ends")
}

// TestSameBaseNameInFolders (item 3): d1/crm.csv and d2/crm.csv can be run
// together, named by a file = path in the rules file (relative to its
// folder) or by --source NAME=FILE; without either the error says how.
func TestSameBaseNameInFolders(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"d1", "d2", "conf"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	a := writeFile(t, dir, "d1/crm.csv", "id,name,email\n1,Ann Lee,ann@x.org\n")
	b := writeFile(t, dir, "d2/crm.csv", "id,name,email\n1,Ann Lee,ann@x.org\n2,Bo Ek,bo@x.org\n")
	r := dedupe(t, []string{a, b}, nil)
	var ie *pipeline.InputError
	if !errors.As(r.err, &ie) || !strings.Contains(r.err.Error(), "--source NAME=FILE") || !strings.Contains(r.err.Error(), "file = PATH") {
		t.Fatalf("same names: %v", r.err)
	}
	cfg := mustRules(t, filepath.Join(dir, "conf"), "[source crm_eu]\nfile = ../d1/crm.csv\n[source crm_us]\nfile = ../d2/*.csv\nregion = US\n")
	r = dedupe(t, []string{a, b}, cfg)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got, want := r.records(t), []string{"crm_eu:1@2", "crm_us:1@2", "crm_us:2@3"}; !slices.Equal(got, want) {
		t.Errorf("records %q, want %q", got, want)
	}
	if len(r.warnings) != 0 {
		t.Errorf("warnings %q", r.warnings)
	}
	// The flag, through the command: d2/crm.csv need not be listed.
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	code := cli.Run(context.Background(), []string{"dedupe", "--out", out, "--source", "crm2=" + b, a},
		cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
	if code != 0 || !strings.Contains(stdout.String(), "read 3 rows from 2 sources") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	xw := readAll(t, filepath.Join(out, pipeline.CrosswalkFile))[1:]
	var srcs []string
	for _, row := range xw {
		srcs = append(srcs, row[0])
	}
	if want := []string{"crm", "crm2", "crm2"}; !slices.Equal(srcs, want) {
		t.Errorf("crosswalk sources %q, want %q", srcs, want)
	}
}

// TestRejectsKeepBytesAndAreCounted (item 4): rows that are not valid UTF-8
// after the first 64 KiB keep their exact bytes in rejects.csv (base64 with
// a marker), and a warning counts each source's rejects by reason.
func TestRejectsKeepBytesAndAreCounted(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,name,email\n")
	n := 0
	for b.Len() < 70<<10 {
		n++
		fmt.Fprintf(&b, "%d,Jörg Müller,j%d@x.org\n", n, n)
	}
	bad1, bad2 := "9001,J\xf6rg M\xfcller,x@x.org", "9002,Ren\xe9,r@x.org"
	b.WriteString(bad1 + "\n" + bad2 + "\n9003,too,many,fields\n")
	p := writeFile(t, dir, "late.csv", b.String())
	r := dedupe(t, []string{p}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	rj := readAll(t, filepath.Join(r.out, pipeline.RejectsFile))[1:]
	if len(rj) != 3 {
		t.Fatalf("rejects %q", rj)
	}
	for i, want := range []string{bad1, bad2} {
		raw, ok := strings.CutPrefix(rj[i][5], doppel.RawPrefix)
		got, err := base64.StdEncoding.DecodeString(raw)
		if !ok || err != nil || string(got) != want {
			t.Errorf("reject %d raw %q, want the bytes %q", i, rj[i][5], want)
		}
	}
	if rj[2][5] != "9003,too,many,fields" {
		t.Errorf("valid text is kept as it is: %q", rj[2][5])
	}
	r.warned(t, fmt.Sprintf("late: 3 of %d rows rejected (2 invalid text encoding, 1 wrong number of fields)", n+3), "rejects.csv")
}

// TestSepLineAndStrict (item 5): Excel's sep=; line declares the
// delimiter; a source whose rows are mostly rejected, or that looks
// binary, is warned about, and is an input error (exit 2) under --strict.
func TestSepLineAndStrict(t *testing.T) {
	dir := t.TempDir()
	sep := writeFile(t, dir, "excel.csv", "sep=;\r\nid;name;email\r\n1;Ann, Lee;ann@x.org\r\n2;Bo;bo@x.org\r\n")
	r := dedupe(t, []string{sep}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got, want := r.records(t), []string{"excel:1@3", "excel:2@4"}; !slices.Equal(got, want) || r.sum.Counts.Rejected != 0 {
		t.Errorf("records %q (rejected %d), want %q", got, r.sum.Counts.Rejected, want)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 20000)
	for i := range noise {
		noise[i] = byte(rng.UintN(256))
	}
	bin := writeFile(t, dir, "noise.csv", "id,name,email\n"+string(noise))
	most := writeFile(t, dir, "most.csv", "id,name,email\n1,a\n2,b\n3,c,c@x.org\n4,d\n")
	for _, tc := range []struct {
		file string
		want string
	}{
		{bin, "does not look like a text export"},
		{most, "most rows were rejected (3 of 4)"},
	} {
		r := dedupe(t, []string{tc.file}, nil)
		if r.err != nil {
			t.Fatal(r.err)
		}
		r.warned(t, tc.file, tc.want)
		for _, strict := range []*rules.Config{{Strict: true}, mustRules(t, t.TempDir(), "[match]\nstrict = true\n")} {
			r = dedupe(t, []string{tc.file}, strict)
			var ie *pipeline.InputError
			if !errors.As(r.err, &ie) || !strings.Contains(r.err.Error(), tc.want) {
				t.Errorf("strict: %v", r.err)
			}
			if ents, _ := os.ReadDir(r.out); len(ents) > 0 {
				t.Errorf("strict run left %d files", len(ents))
			}
		}
		var stdout, stderr bytes.Buffer
		code := cli.Run(context.Background(), []string{"dedupe", "--strict", "--out", filepath.Join(t.TempDir(), "o"), tc.file},
			cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
		if code != cli.ExitInput || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("--strict: exit %d, stderr %s", code, stderr.String())
		}
	}
}

// TestUnusedSourceSection (item 6): a [source] section that applies to no
// input is warned about with its rules file line, an error under strict.
func TestUnusedSourceSection(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "crm.csv", "id,name,email\n1,Ann Lee,ann@x.org\n")
	cfg := mustRules(t, dir, "[source crm]\nregion = DE\n\n[source nosuch]\nregion = GB\n")
	r := dedupe(t, []string{p}, cfg)
	if r.err != nil {
		t.Fatal(r.err)
	}
	want := filepath.Join(dir, "rules.conf") + ":4: [source nosuch]: applies to no input"
	r.warned(t, want)
	if len(r.warnings) != 1 {
		t.Errorf("warnings %q", r.warnings)
	}
	cfg.Strict = true
	r = dedupe(t, []string{p}, cfg)
	var ie *pipeline.InputError
	if !errors.As(r.err, &ie) || !strings.Contains(r.err.Error(), want) {
		t.Errorf("strict: %v", r.err)
	}
}

// TestOpenSource: the factory reads any extension without a reader of its
// own as CSV, and a failure is a nil Source with the error.
func TestOpenSource(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.csv", "b.TSV", "c.txt", "d"} {
		p := writeFile(t, dir, name, "id\tname\n1\tAnn\n")
		src, err := pipeline.OpenSource(p, pipeline.OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		f := src.Format()
		if f.Kind != "csv" || f.Delimiter != '\t' || !slices.Equal(src.Header(), []string{"id", "name"}) {
			t.Errorf("%s: format %+v, header %q", name, f, src.Header())
		}
		if err := src.Close(); err != nil {
			t.Error(err)
		}
	}
	src, err := pipeline.OpenSource(filepath.Join(dir, "missing.csv"), pipeline.OpenOptions{})
	if src != nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, %v", src, err)
	}
}
