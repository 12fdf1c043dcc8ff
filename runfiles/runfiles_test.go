package runfiles

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReversibleRoundTrip: the review escape is injective, reads every
// value back exactly, and still protects every cell EscapeFormula would.
func TestReversibleRoundTrip(t *testing.T) {
	for _, s := range []string{"", "a", "@a1", "-5", "+x", "=1+1", "'=x", "'abc", "''=x", "'", "''", `"q"`,
		"a,b", "x\ny", " lead", "\tt", "\rr", "+49 30 1234567", "-3.25", "'-5", "'''", "@", "="} {
		e := EscapeReversible(s)
		if got := UnescapeReversible(e); got != s {
			t.Errorf("UnescapeReversible(EscapeReversible(%q)) = %q (escaped %q)", s, got, e)
		}
		if e != s && !strings.HasPrefix(e, "'") {
			t.Errorf("EscapeReversible(%q) = %q", s, e)
		}
		switch {
		case s == "":
		case strings.ContainsRune("=@\t\r", rune(s[0])):
			if e[0] != '\'' {
				t.Errorf("EscapeReversible(%q) = %q: formula not escaped", s, e)
			}
		}
	}
	// Injective: distinct values never share an escape.
	seen := map[string]string{}
	for _, s := range []string{"=x", "'=x", "''=x", "x", "'x", "''x"} {
		e := EscapeReversible(s)
		if o, dup := seen[e]; dup {
			t.Errorf("%q and %q both escape to %q", o, s, e)
		}
		seen[e] = s
	}
}

// TestWriterReader writes a file through its declaration and reads it back.
func TestWriterReader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "review.csv")
	var b bytes.Buffer
	header := append(Review.Header(), "email_a", "email_b")
	w, err := Review.NewWriter(&b, header)
	if err != nil {
		t.Fatal(err)
	}
	row := []string{"", "crm", "'=x", "shop", "=1+1", "0.5", "1.000", "false", "=HYPERLINK()", "a@b"}
	if err := w.Write(row); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "'=HYPERLINK()") {
		t.Errorf("value not escaped:\n%s", b.String())
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Review.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, line, err := r.Next()
	if err != nil || line != 2 {
		t.Fatalf("Next: %v line %d", err, line)
	}
	for _, c := range []string{"source_a", "record_id_a", "source_b", "record_id_b", "email_a"} {
		i, _ := r.Col(c)
		if got[i] != row[i] {
			t.Errorf("%s: read %q, wrote %q", c, got[i], row[i])
		}
	}
	if _, _, err := r.Next(); err != io.EOF {
		t.Errorf("want EOF, got %v", err)
	}
	if _, err := Crosswalk.NewWriter(io.Discard, []string{"record_id", "source", "golden_id"}); err == nil {
		t.Error("a header out of order was accepted")
	}
}

func write(t *testing.T, b *Batch, f File, s string) {
	t.Helper()
	o, err := b.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
}

func listDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

func sameDir(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	got := listDir(t, dir)
	if len(got) != len(want) {
		t.Errorf("folder holds %v, want %v", keys(got), keys(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func keys(m map[string]string) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	return k
}

// TestCommitRollback fails every rename of a commit in turn: the folder
// keeps the previous files (including one the new batch does not write)
// and no temporary file, backup or lock is left; without a fault the new
// files replace the old ones and the stale one is gone.
func TestCommitRollback(t *testing.T) {
	dir := t.TempDir()
	prev := map[string]string{"crosswalk.csv": "old x\n", "golden.csv": "old g\n", "report.html": "old r\n", "summary.json": "old s\n", "notes.txt": "mine\n"}
	for n, v := range prev {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for k := int64(1); ; k++ {
		fs := &FaultFS{FailRename: k}
		b, err := Begin(dir, fs)
		if err != nil {
			t.Fatal(err)
		}
		write(t, b, Crosswalk, "new x\n")
		write(t, b, Golden, "new g\n")
		write(t, b, Lineage, "new l\n")
		write(t, b, Summary, "new s\n")
		err = b.Commit(context.Background())
		if err == nil {
			if k == 1 {
				t.Fatal("no rename was tried")
			}
			sameDir(t, dir, map[string]string{"crosswalk.csv": "new x\n", "golden.csv": "new g\n", "lineage.csv": "new l\n", "summary.json": "new s\n", "notes.txt": "mine\n"})
			break
		}
		if !errors.Is(err, ErrInjected) {
			t.Fatalf("rename %d: %v", k, err)
		}
		sameDir(t, dir, prev)
	}
}

// TestCommitRefusesWhenCancelled: nothing is renamed after ctx is done.
func TestCommitRefusesWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "crosswalk.csv"), []byte("old\n"), 0o644)
	b, err := Begin(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	write(t, b, Crosswalk, "new\n")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Commit(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Commit after cancel: %v", err)
	}
	sameDir(t, dir, map[string]string{"crosswalk.csv": "old\n"})
}

// TestWriteFault: a failed write is reported and Abort leaves the folder.
func TestWriteFault(t *testing.T) {
	dir := t.TempDir()
	b, err := Begin(dir, &FaultFS{FailWrite: 1})
	if err != nil {
		t.Fatal(err)
	}
	o, _ := b.Create(Pairs)
	o.Write([]byte("x"))
	if err := b.Commit(context.Background()); !errors.Is(err, ErrInjected) || !strings.Contains(err.Error(), "pairs.csv") {
		t.Fatalf("Commit: %v", err)
	}
	sameDir(t, dir, map[string]string{})
}

// TestLock: a second batch on the same folder fails while the first is
// open, and succeeds after it; stale temporary files are removed and a
// backup whose file is missing is restored.
func TestLock(t *testing.T) {
	dir := t.TempDir()
	a, err := Begin(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(dir, nil); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "another doppel run is writing "+dir) {
		t.Fatalf("second Begin: %v", err)
	}
	a.Abort()
	os.WriteFile(filepath.Join(dir, ".pairs.csv.tmp-123"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, ".golden.csv.old"), []byte("g"), 0o644)
	b, err := Begin(dir, nil)
	if err != nil {
		t.Fatalf("Begin after Abort: %v", err)
	}
	b.Abort()
	sameDir(t, dir, map[string]string{"golden.csv": "g"})
}

// TestCheckInputs: an input that is an output file of the folder, by any
// path (a symlink, a hard link), is refused.
func TestCheckInputs(t *testing.T) {
	dir := t.TempDir()
	g := filepath.Join(dir, "golden.csv")
	os.WriteFile(g, []byte("x"), 0o644)
	other := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(other, []byte("x"), 0o644)
	link := filepath.Join(t.TempDir(), "link.csv")
	if err := os.Link(g, link); err != nil {
		t.Skip(err)
	}
	for _, tc := range []struct {
		in   string
		fail bool
	}{{g, true}, {link, true}, {filepath.Join(dir, ".", "golden.csv"), true}, {other, false}, {filepath.Join(dir, "missing.csv"), false}} {
		err := CheckInputs(dir, []string{tc.in})
		if (err != nil) != tc.fail {
			t.Errorf("CheckInputs(%s) = %v", tc.in, err)
		}
	}
}

// TestIDColumns: every id, golden id and source column of every output is
// exact, except in the steward's files, where it is reversible; value
// columns are escaped.
func TestIDColumns(t *testing.T) {
	for _, f := range append(Outputs(), Overrides) {
		steward := f == Review || f == Overrides
		for _, c := range f.Columns() {
			idLike := strings.HasPrefix(c.Name, "source") || strings.HasPrefix(c.Name, "record_id") || strings.HasPrefix(c.Name, "golden_id")
			switch {
			case idLike && steward && c.Name != "golden_id" && c.Kind != Reversible:
				t.Errorf("%s %s: kind %d, want Reversible", f, c.Name, c.Kind)
			case idLike && !steward && c.Kind != Exact:
				t.Errorf("%s %s: kind %d, want Exact", f, c.Name, c.Kind)
			}
		}
	}
	for _, fc := range []struct {
		f   File
		col string
	}{{Lineage, "value"}, {Golden, "given_name"}, {Records, "email"}, {Review, "email_a"}, {Rejects, "raw"}} {
		if k := fc.f.Kind(fc.col); k != Sheet {
			t.Errorf("%s %s: kind %d, want Sheet", fc.f, fc.col, k)
		}
	}
}

// TestAbortRemovesCreatedFolder: a failed run does not leave behind the
// output folder it created, but never removes one that was there.
func TestAbortRemovesCreatedFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	b, err := Begin(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	write(t, b, Crosswalk, "x\n")
	b.Abort()
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("created folder left after Abort: %v", err)
	}
	old := t.TempDir()
	b, err = Begin(old, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Abort()
	if _, err := os.Stat(old); err != nil {
		t.Errorf("existing folder removed: %v", err)
	}
}
