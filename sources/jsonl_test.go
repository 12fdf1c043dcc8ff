package sources

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestJSONLNestedAndBroken(t *testing.T) {
	text := "\xEF\xBB\xBF" + `{"id":"007","name":"Ann Lee","address":{"city":"Leeds","geo":{"lat":53.8}},"tags":["a","b"]}` + "\r\n" +
		`{"id":"008","name":"Bob","age":41,"score":1e10,"vip":true,"email":null}` + "\n" +
		"\n" + // blank: skipped, but counted as a line
		`{"id":"009","name":"Cy" "broken"}` + "\n" +
		`[1,2,3]` + "\n" +
		`{"id":"010","name":"Dee","address":{"city":"York"},"id":"011"}` + "\n" +
		`{"id":"012","name":"Eve","address":{"city":"Hull"}}`
	p := writeFile(t, "shop.jsonl", text)
	r, err := OpenJSONL(p)
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"id", "name", "address.city", "address.geo.lat", "tags", "age", "score", "vip", "email"}
	if h := r.Header(); !slices.Equal(h, wantHeader) {
		t.Fatalf("header %q, want %q", h, wantHeader)
	}
	rows := readAll(t, r)
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 6: %+v", len(rows), rows)
	}
	h := wantHeader
	tests := []struct {
		row        int
		pos        int
		col, want  string
		reasonHas  string
		rawHasText string
	}{
		{row: 0, pos: 1, col: "id", want: "007"},
		{row: 0, pos: 1, col: "address.city", want: "Leeds"},
		{row: 0, pos: 1, col: "address.geo.lat", want: "53.8"},
		{row: 0, pos: 1, col: "tags", want: `["a","b"]`},
		{row: 0, pos: 1, col: "age", want: ""},
		{row: 1, pos: 2, col: "score", want: "10000000000"},
		{row: 1, pos: 2, col: "age", want: "41"},
		{row: 1, pos: 2, col: "vip", want: "true"},
		{row: 1, pos: 2, col: "email", want: ""},
		{row: 2, pos: 4, reasonHas: "shop.jsonl:4:", rawHasText: `"broken"`},
		{row: 3, pos: 5, reasonHas: "not a JSON object", rawHasText: "[1,2,3]"},
		{row: 4, pos: 6, reasonHas: `key "id" given twice`},
		{row: 5, pos: 7, col: "address.city", want: "Hull"},
	}
	for _, tt := range tests {
		got := rows[tt.row]
		if got.pos != tt.pos {
			t.Errorf("row %d at line %d, want %d", tt.row, got.pos, tt.pos)
		}
		if tt.reasonHas != "" {
			if !strings.Contains(got.reason, tt.reasonHas) {
				t.Errorf("line %d: reason %q, want it to hold %q", got.pos, got.reason, tt.reasonHas)
			}
			if !strings.Contains(got.raw, tt.rawHasText) {
				t.Errorf("line %d: raw %q, want it to hold %q", got.pos, got.raw, tt.rawHasText)
			}
			continue
		}
		if v := cell(t, h, got, tt.col); v != tt.want {
			t.Errorf("line %d %s = %q, want %q", got.pos, tt.col, v, tt.want)
		}
	}
	if raw := rows[0].raw; strings.HasPrefix(raw, "\xEF\xBB\xBF") || strings.HasSuffix(raw, "\r") {
		t.Errorf("raw line 1 %q keeps the BOM or CR", raw)
	}
}

// TestJSONLNewKeyAfterSample: a key first seen after the sample lines is
// a row error naming it, not a silently dropped value.
func TestJSONLNewKeyAfterSample(t *testing.T) {
	var b strings.Builder
	for i := range JSONLSample {
		fmt.Fprintf(&b, "{\"id\":%d,\"name\":\"n%d\"}\n", i, i)
	}
	b.WriteString(`{"id":9999,"name":"late","phone":"0113 496 0000"}` + "\n")
	b.WriteString(`{"id":10000,"name":"last"}` + "\n")
	r, err := OpenJSONL(writeFile(t, "late.ndjson", b.String()))
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, r)
	if len(rows) != JSONLSample+2 {
		t.Fatalf("%d rows, want %d", len(rows), JSONLSample+2)
	}
	late := rows[JSONLSample]
	if late.pos != JSONLSample+1 || !strings.Contains(late.reason, `"phone"`) || !strings.Contains(late.reason, ErrNewKey.Error()) {
		t.Errorf("late key: %+v", late)
	}
	if last := rows[JSONLSample+1]; last.cells == nil || last.cells[1] != "last" {
		t.Errorf("the line after it: %+v", last)
	}
}

func TestJSONLOpenErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"empty.jsonl", "", "no JSON object"},
		{"broken.jsonl", "{oops\n[1]\n", "no JSON object"},
	}
	for _, tt := range tests {
		_, err := OpenJSONL(writeFile(t, tt.name, tt.text))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%s: %v, want an error naming the file and %q", tt.name, err, tt.want)
		}
	}
	if _, err := OpenJSONL(filepath.Join(t.TempDir(), "missing.jsonl")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestJSONLInvalidUTF8(t *testing.T) {
	r, err := OpenJSONL(writeFile(t, "bad.jsonl", "{\"a\":\"x\"}\n{\"a\":\"\xff\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, r)
	if len(rows) != 2 || !strings.Contains(rows[1].reason, "invalid text encoding") || !strings.HasPrefix(rows[1].raw, "base64:") {
		t.Errorf("rows %+v", rows)
	}
}
