package pipeline

import (
	"context"
	"path/filepath"
	"testing"
)

// TestKoreanAndJapaneseCustomers: testdata/cjk holds 42 customers written
// in Hangul or kana in one export and romanised as they write themselves
// in the other (Park Ji-sung, Yuna Kim, Sato Yuki, OHTANI Shohei), half of
// them with no e-mail or phone in common, plus six look-alikes (a family
// name and city shared with a customer, nothing else). The truth is by
// hand, not by doppel's romanisation: names like Youn Yuh-jung, whose
// spelling follows no system, may stay apart; look-alikes must.
func TestKoreanAndJapaneseCustomers(t *testing.T) {
	dir := filepath.Join("..", "testdata", "cjk")
	out := t.TempDir()
	files := []string{filepath.Join(dir, "crm.csv"), filepath.Join(dir, "shop.csv")}
	if _, err := Dedupe(context.Background(), Options{Files: files, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	_, _, m := scoreOutput(t, filepath.Join(dir, "truth.csv"), out)
	if m.PairPrecision < 1 || m.PairRecall < 0.95 {
		t.Errorf("pair precision %.4f (want 1), recall %.4f (want >= 0.95)", m.PairPrecision, m.PairRecall)
	}
}
