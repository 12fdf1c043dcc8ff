package normalize

import (
	"testing"

	"github.com/doppel-dev/doppel"
)

// TestHanNames: a Chinese name in Han characters gets the pinyin keys of
// its romanised forms, family name first or last, given syllables joined.
func TestHanNames(t *testing.T) {
	checkNameKeys(t, Options{Region: "CN"}, []nameKeyCase{
		{"宋建国", "", "", "jianguo", "song"},
		{"宋 建国", "", "", "jianguo", "song"},
		{"欧阳娜娜", "", "", "nana", "ouyang"}, // a compound surname
		{"", "建国", "宋", "jianguo", "song"},
		{"Jianguo Song", "", "", "jianguo", "song"},
		{"张", "", "", "", "zhang"}, // a lone surname
		// Family names read otherwise in common words take their reading
		// as a family name; ü is written u.
		{"曾志伟", "", "", "zhiwei", "zeng"},   // not ceng
		{"翟天临", "", "", "tianlin", "zhai"},  // not di
		{"单田芳", "", "", "tianfang", "shan"}, // not dan
		{"", "丽", "曾", "li", "zeng"},
		{"吕小军", "", "", "xiaojun", "lu"}, // go-pinyin: lv
		{"尉迟恭", "", "", "gong", "yuchi"},
		{"曾曾", "", "", "ceng", "zeng"}, // the given name keeps the common reading
	})
	if s, ok := hanFullName("Anna"); ok || s != "" {
		t.Errorf("a Latin name was romanised: %q", s)
	}
}

// nameKeyCase is a name in a record's full, given and family name fields
// and the given and family name keys Prepare should give it.
type nameKeyCase struct {
	full, given, family string
	wantGiven, wantFam  string
}

// checkNameKeys prepares a record per case with o and checks its name
// keys.
func checkNameKeys(t *testing.T, o Options, cases []nameKeyCase) {
	t.Helper()
	p, err := NewPreparer(o, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range cases {
		v := make([]string, doppel.NumFields)
		v[doppel.FullName], v[doppel.GivenName], v[doppel.FamilyName] = tt.full, tt.given, tt.family
		rec := doppel.NewRecord("s", 2, "1", v)
		x := p.Prepare(&rec, 0)
		if x.Given != tt.wantGiven || x.Family != tt.wantFam {
			t.Errorf("%q/%q/%q: given %q family %q, want %q %q", tt.full, tt.given, tt.family, x.Given, x.Family, tt.wantGiven, tt.wantFam)
		}
	}
}
