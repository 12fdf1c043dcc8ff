package pipeline

import (
	"context"
	"path/filepath"
	"testing"
)

// TestKoreanAndJapaneseCustomers: testdata/cjk holds 42 customers written
// in Hangul or kana in one export and romanised as they write themselves
// in the other (Park Ji-sung, Yuna Kim, Sato Yuki, OHTANI Shohei), half of
// them with no e-mail or phone in common; the 16 Japanese ones also in a
// third export in kanji with a フリガナ (kana reading) column and no
// e-mail; and nine look-alikes (a family name shared with a customer, some
// a whole name, nothing else). The truth is by hand, not by doppel's
// romanisation: names like Youn Yuh-jung, whose spelling follows no
// system, may stay apart; look-alikes must.
func TestKoreanAndJapaneseCustomers(t *testing.T) {
	dir := filepath.Join("..", "testdata", "cjk")
	out := t.TempDir()
	files := []string{filepath.Join(dir, "crm.csv"), filepath.Join(dir, "shop.csv"), filepath.Join(dir, "kaiin.csv")}
	if _, err := Dedupe(context.Background(), Options{Files: files, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	_, _, m := scoreOutput(t, filepath.Join(dir, "truth.csv"), out)
	if m.PairPrecision < 1 || m.PairRecall < 0.95 {
		t.Errorf("pair precision %.4f (want 1), recall %.4f (want >= 0.95)", m.PairPrecision, m.PairRecall)
	}
}
