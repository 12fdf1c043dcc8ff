package normalize

import (
	"testing"

	"github.com/doppel-dev/doppel"
)

// TestHanNames: a Chinese name in Han characters gets the pinyin keys of
// its romanised forms, family name first or last, given syllables joined.
func TestHanNames(t *testing.T) {
	p, err := NewPreparer(Options{Region: "CN"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	prep := func(full, given, family string) Prepared {
		v := make([]string, doppel.NumFields)
		v[doppel.FullName], v[doppel.GivenName], v[doppel.FamilyName] = full, given, family
		rec := doppel.NewRecord("s", 2, "1", v)
		return p.Prepare(&rec, 0)
	}
	tests := []struct {
		full, given, family string
		wantGiven, wantFam  string
	}{
		{"宋建国", "", "", "jianguo", "song"},
		{"宋 建国", "", "", "jianguo", "song"},
		{"欧阳娜娜", "", "", "nana", "ouyang"}, // a compound surname
		{"", "建国", "宋", "jianguo", "song"},
		{"Jianguo Song", "", "", "jianguo", "song"},
		{"张", "", "", "", "zhang"}, // a lone surname
	}
	for _, tt := range tests {
		x := prep(tt.full, tt.given, tt.family)
		if x.Given != tt.wantGiven || x.Family != tt.wantFam {
			t.Errorf("%q/%q/%q: given %q family %q, want %q %q", tt.full, tt.given, tt.family, x.Given, x.Family, tt.wantGiven, tt.wantFam)
		}
	}
	if s, ok := hanFullName("Anna"); ok || s != "" {
		t.Errorf("a Latin name was romanised: %q", s)
	}
}
