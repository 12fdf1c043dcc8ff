package sources

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

type pqAddress struct {
	City     string  `parquet:"city"`
	Postcode *string `parquet:"postcode,optional"`
}

type pqCustomer struct {
	ID      string    `parquet:"id"`
	Name    *string   `parquet:"name,optional"`
	Born    *int32    `parquet:"born,optional,date"`
	Seen    int64     `parquet:"seen,timestamp(millisecond)"`
	Joined  time.Time `parquet:"joined,timestamp(microsecond)"`
	Balance int64     `parquet:"balance,decimal(2:12)"`
	Score   float64   `parquet:"score"`
	Ratio   float32   `parquet:"ratio"`
	Age     *int32    `parquet:"age,optional"`
	Count   uint64    `parquet:"count"`
	VIP     bool      `parquet:"vip"`
	Key     [16]byte  `parquet:"key,uuid"` // a string with the uuid tag is written wrong by v0.32.0
	Tags    []string  `parquet:"tags,list"`
	Address pqAddress `parquet:"address"`
}

// writeParquet writes customers in row groups of two rows.
func writeParquet(t *testing.T, rows []pqCustomer) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "platform.parquet")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[pqCustomer](f, parquet.MaxRowsPerRowGroup(2))
	for _, r := range rows {
		if _, err := w.Write([]pqCustomer{r}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// uuid returns 6ba7b810-9dad-11d1-80b4-00c04fd430XX with XX = last.
func uuid(last byte) [16]byte {
	return [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, last}
}

func TestParquetTypedAndNullable(t *testing.T) {
	tenth := 0.1 // a variable: 0.1 + 0.2 in constants is exactly 0.3
	days := func(y int, m time.Month, d int) *int32 {
		n := int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
		return &n
	}
	joined := time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)
	rows := []pqCustomer{
		{ID: "00042", Name: ptr("Ann Lee"), Born: days(1984, 7, 9), Seen: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC).UnixMilli(),
			Joined: joined, Balance: 123456, Score: 1e10, Ratio: 0.1, Age: ptr(int32(41)), Count: 1 << 63, VIP: true,
			Key: uuid(0xc8), Tags: []string{"gold", "web"}, Address: pqAddress{City: "Leeds", Postcode: ptr("LS1 4AP")}},
		{ID: "00043", Seen: 1, Joined: joined, Balance: -5, Score: tenth + 0.2, Key: uuid(0xc9), Address: pqAddress{City: "York"}},
		{ID: "00044", Name: ptr("bad \xff name"), Joined: joined, Key: uuid(0xca)},
		{ID: "00045", Name: ptr("Eve"), Joined: joined, Key: uuid(0xcb)},
		{ID: "00046", Name: ptr("Fay"), Joined: joined, Key: uuid(0xcc)},
	}
	r, err := OpenParquet(writeParquet(t, rows))
	if err != nil {
		t.Fatal(err)
	}
	h := r.Header()
	want := []string{"id", "name", "born", "seen", "joined", "balance", "score", "ratio", "age", "count", "vip", "key", "tags.list.element", "address.city", "address.postcode"}
	if !slices.Equal(h, want) {
		t.Fatalf("header %q, want %q", h, want)
	}
	got := readAll(t, r)
	if len(got) != 5 {
		t.Fatalf("%d rows, want 5", len(got))
	}
	for i, g := range got {
		if g.pos != i+1 {
			t.Errorf("row %d at %d", i+1, g.pos)
		}
	}
	tests := []struct {
		row       int
		col, want string
	}{
		{0, "id", "00042"},
		{0, "name", "Ann Lee"},
		{0, "born", "1984-07-09"},
		{0, "seen", "2024-01-02"},
		{0, "joined", "2021-03-04 05:06:07"},
		{0, "balance", "1234.56"},
		{0, "score", "10000000000"},
		{0, "ratio", "0.1"},
		{0, "age", "41"},
		{0, "count", "9223372036854775808"},
		{0, "vip", "true"},
		{0, "key", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
		{0, "tags.list.element", "gold; web"},
		{0, "address.city", "Leeds"},
		{0, "address.postcode", "LS1 4AP"},
		{1, "name", ""}, // null
		{1, "born", ""},
		{1, "age", ""},
		{1, "seen", "1970-01-01 00:00:00.001"},
		{1, "balance", "-0.05"},
		{1, "score", "0.30000000000000004"}, // a double keeps its exact value
		{1, "tags.list.element", ""},
		{1, "address.postcode", ""},
		{3, "name", "Eve"}, // the second row group
		{4, "name", "Fay"}, // the third
	}
	for _, tt := range tests {
		if v := cell(t, h, got[tt.row], tt.col); v != tt.want {
			t.Errorf("row %d %s = %q, want %q", tt.row+1, tt.col, v, tt.want)
		}
	}
	if bad := got[2]; !strings.Contains(bad.reason, "platform.parquet:3:2: invalid text encoding") || !strings.HasPrefix(bad.raw, "base64:") {
		t.Errorf("invalid UTF-8 row: %q raw %q", bad.reason, bad.raw)
	}
}

func TestParquetOpenErrors(t *testing.T) {
	if _, err := OpenParquet(writeFile(t, "fake.parquet", "id,name\n1,a\n")); err == nil || !strings.Contains(err.Error(), "fake.parquet: not a readable Parquet file") {
		t.Errorf("a CSV named .parquet: %v", err)
	}
	if _, err := OpenParquet(filepath.Join(t.TempDir(), "missing.parquet")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing: %v", err)
	}
}
