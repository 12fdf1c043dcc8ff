package sources

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestXLSXStreams: reading a 200k-row sheet keeps the heap far below what
// the sheet takes loaded whole: excelize's GetRows holds 65 MiB for it
// (measured), the streaming reader a few.
func TestXLSXStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 200k-row workbook")
	}
	const rows = 200_000
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"id", "name", "email", "city", "zip"}); err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{i, fmt.Sprintf("Name %d", i), fmt.Sprintf("user%d@example.com", i), "Leeds", fmt.Sprintf("%05d", i%100000)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "big.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	f.Close()
	f = nil
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	r, err := OpenXLSX(p)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var peak uint64
	n := 0
	for {
		_, _, err := r.Next()
		if err != nil {
			break
		}
		n++
		if n%20000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc))
		}
	}
	if n != rows {
		t.Fatalf("%d rows read, want %d", n, rows)
	}
	t.Logf("heap above the start (%d MiB) while reading: at most %d MiB", base>>20, peak>>20)
	if peak > 32<<20 {
		t.Errorf("reading took %d MiB of heap: the sheet is not streamed", peak>>20)
	}
}
