package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const hostileDir = "testdata/hostile"

// Hostile strings used in testdata/hostile.
const (
	xssValue  = "</script><img src=x onerror=alert(1)>"
	xssID     = "<script>alert(1)</script>"
	xssSource = `"><svg onload=alert(2)>`
	formula   = `=HYPERLINK("http://evil")` // written as '=HYPERLINK(...)
)

// copyDir copies the regular files of src into a new temporary folder.
func copyDir(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// splitPage returns the page without the data element's content, and the
// content.
func splitPage(t testing.TB, page []byte) (markup, data []byte) {
	t.Helper()
	const open = `<script type="application/json" id="doppel-data">`
	i := bytes.Index(page, []byte(open))
	if i < 0 {
		t.Fatal("no data element")
	}
	i += len(open)
	j := bytes.Index(page[i:], []byte("</script>"))
	if j < 0 {
		t.Fatal("data element not closed")
	}
	markup = append(append([]byte{}, page[:i]...), page[i+j:]...)
	return markup, page[i : i+j]
}

func writeAndRead(t testing.TB, dir string) []byte {
	t.Helper()
	if err := Write(dir); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// TestHostileEscaping: values, ids, source names, levels and conflicts that
// hold markup end up only inside the JSON (with '<' escaped) and come back
// unchanged when the JSON is parsed.
func TestHostileEscaping(t *testing.T) {
	dir := copyDir(t, hostileDir)
	page := writeAndRead(t, dir)
	markup, data := splitPage(t, page)

	if n := bytes.IndexByte(data, '<'); n >= 0 {
		t.Errorf("data holds '<' at %d: %q", n, data[max(0, n-20):min(len(data), n+40)])
	}
	low := strings.ToLower(string(page))
	for _, bad := range []string{"<img", "<svg onload", "<b>rule", "<style>\"", "<!-- -->", "alert(1)</script>", "\u2028"} {
		if strings.Contains(low, bad) {
			t.Errorf("page holds %q", bad)
		}
	}
	// Exactly the two script elements of the page, nothing else that runs.
	if n := strings.Count(low, "<script"); n != 2 {
		t.Errorf("%d <script elements, want 2", n)
	}
	if n := strings.Count(low, "</script"); n != 2 {
		t.Errorf("%d </script, want 2", n)
	}
	if m := regexp.MustCompile(`(?i)\son[a-z]+\s*=`).Find(markup); m != nil {
		t.Errorf("event handler attribute in markup: %q", m)
	}

	var pl payload
	if err := json.Unmarshal(data, &pl); err != nil {
		t.Fatal(err)
	}
	if got := pl.GVals[0][0]; got != xssValue {
		t.Errorf("golden full_name = %q, want %q", got, xssValue)
	}
	if got := pl.GVals[0][1]; got != formula {
		t.Errorf("formula escaping not undone: %q", got)
	}
	if !strings.Contains(pl.GVals[1][0], "\u2028") {
		t.Errorf("U+2028 lost: %q", pl.GVals[1][0])
	}
	if !contains(pl.RecID, xssID) || !contains(pl.Sources, xssSource) || !contains(pl.Rules, "<b>rule</b>") ||
		!contains(pl.LvLabel, "<style>") || !contains(pl.Conflicts, "<!-- --><script>alert(4)</script>") {
		t.Errorf("hostile strings not round-tripped: ids %q sources %q rules %q levels %q conflicts %q",
			pl.RecID, pl.Sources, pl.Rules, pl.LvLabel, pl.Conflicts)
	}
	if pl.Review == nil || pl.Records == nil || pl.Review.Rows[0][2] != xssValue {
		t.Errorf("optional tables not loaded: review %+v records %+v", pl.Review, pl.Records)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestPageAssets: the page is self-contained and the script only writes
// text.
func TestPageAssets(t *testing.T) {
	page := string(writeAndRead(t, copyDir(t, hostileDir)))
	markup, _ := splitPage(t, []byte(page))
	m := strings.ToLower(string(markup))
	for _, bad := range []string{"<link", "<iframe", "<object", "<embed", "<img", " src=", "@import", "url(",
		"fetch(", "xmlhttprequest", "websocket", "eventsource", "sendbeacon", "import(", "innerhtml", "outerhtml",
		"insertadjacenthtml", "document.write", "eval(", "new function", "settimeout(\"", "https://"} {
		if strings.Contains(m, bad) {
			t.Errorf("page holds %q", bad)
		}
	}
	// The only URL is the SVG namespace name, which is never fetched.
	if n, k := strings.Count(m, "http://"), strings.Count(m, "http://www.w3.org/2000/svg"); n != k {
		t.Errorf("%d http:// URLs, %d of them the SVG namespace", n, k)
	}
	for _, want := range []string{"default-src 'none'", "script-src '" + hash(pageJS) + "'", "style-src '" + hash(pageCSS) + "'"} {
		if !strings.Contains(page, want) {
			t.Errorf("CSP lacks %q", want)
		}
	}
	if !strings.Contains(page, "<script>"+pageJS+"</script>") || !strings.Contains(page, "<style>"+pageCSS+"</style>") {
		t.Error("inline script or style differs from the hashed constant")
	}
}

// TestWriteErrors: missing or broken outputs are errors that name the file;
// nothing is written then, and an older report stays.
func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name  string
		file  string // file to replace ("" = none)
		data  string // its new content; "-" removes it
		want  string // substring of the error
		isNot bool   // error wraps fs.ErrNotExist
	}{
		{"no summary", "summary.json", "-", "summary", true},
		{"no crosswalk", "crosswalk.csv", "-", "crosswalk.csv", true},
		{"no pairs", "pairs.csv", "-", "pairs.csv", true},
		{"no golden", "golden.csv", "-", "golden.csv", true},
		{"bad summary", "summary.json", "{", "summary.json", false},
		{"pairs column missing", "pairs.csv", "source_a,record_id_a\n", `missing column "source_b"`, false},
		{"bad weight", "pairs.csv", "source_a,record_id_a,source_b,record_id_b,golden_id_a,golden_id_b,weight,probability,match,conflict\n" +
			"a,1,a,2,G1,G1,NaN,1,true,\n", "pairs.csv:2: weight", false},
		{"bad level weight", "pairs.csv", "source_a,record_id_a,source_b,record_id_b,golden_id_a,golden_id_b,weight,probability,match,conflict,x_level,x_weight\n" +
			"a,1,a,2,G1,G1,1,0.6,true,,exact,zz\n", "x_weight", false},
		{"broken quoting", "crosswalk.csv", "source,record_id,golden_id\na,\"1,G1\n", "crosswalk.csv", false},
		{"lineage missing is fine", "lineage.csv", "-", "", false},
		{"review optional", "review.csv", "-", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, hostileDir)
			old := []byte("old report")
			if err := os.WriteFile(filepath.Join(dir, FileName), old, 0o644); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, tc.file)
			if tc.data == "-" {
				os.Remove(p)
			} else if err := os.WriteFile(p, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			err := Write(dir)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Write: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Write error = %v, want it to mention %q", err, tc.want)
			}
			if tc.isNot != errors.Is(err, fs.ErrNotExist) {
				t.Errorf("errors.Is(err, fs.ErrNotExist) = %v", !tc.isNot)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, FileName)); !bytes.Equal(b, old) {
				t.Error("old report replaced after a failure")
			}
			if m, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(m) > 0 {
				t.Errorf("temporary files left: %v", m)
			}
		})
	}
}

func TestLineageCode(t *testing.T) {
	tests := []struct {
		v    int
		want rune
	}{{-1, '0'}, {0, '1'}, {9, 'a'}, {60, 'Z'}, {61, 0x100 + 62}, {1 << 30, 0xD7FF}, {-5, '0'}}
	for _, tc := range tests {
		if got := lineageCode(tc.v); got != tc.want {
			t.Errorf("lineageCode(%d) = %U, want %U", tc.v, got, tc.want)
		}
	}
}

// FuzzWrite feeds arbitrary pairs.csv and golden.csv content: Write must
// not panic, and whatever it writes keeps the data free of '<'.
func FuzzWrite(f *testing.F) {
	pairs, err := os.ReadFile(filepath.Join(hostileDir, "pairs.csv"))
	if err != nil {
		f.Fatal(err)
	}
	golden, err := os.ReadFile(filepath.Join(hostileDir, "golden.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(pairs, golden)
	f.Add([]byte("source_a,record_id_a,source_b,record_id_b,golden_id_a,golden_id_b,weight,probability,match,conflict\nx,1,y,2,G1,G9,1e308,1,true,\nx,1,y,2,G1,G9,-1e308,0,false,\n"), golden)
	f.Add([]byte("source_a,record_id_a,source_b,record_id_b,golden_id_a,golden_id_b,weight,probability,match,conflict,a_level,a_weight,a_level,a_weight\n"), []byte("golden_id,members,sources\n"))
	base := copyDir(f, hostileDir)
	f.Fuzz(func(t *testing.T, pairs, golden []byte) {
		dir := t.TempDir()
		for _, name := range []string{"summary.json", "crosswalk.csv", "lineage.csv"} {
			b, _ := os.ReadFile(filepath.Join(base, name))
			os.WriteFile(filepath.Join(dir, name), b, 0o644)
		}
		os.WriteFile(filepath.Join(dir, "pairs.csv"), pairs, 0o644)
		os.WriteFile(filepath.Join(dir, "golden.csv"), golden, 0o644)
		if err := Write(dir); err != nil {
			return
		}
		page, err := os.ReadFile(filepath.Join(dir, FileName))
		if err != nil {
			t.Fatal(err)
		}
		_, data := splitPage(t, page)
		if bytes.IndexByte(data, '<') >= 0 {
			t.Fatal("data holds '<'")
		}
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
	})
}
