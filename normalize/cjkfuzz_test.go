package normalize

import (
	"testing"
	"unicode/utf8"
)

// FuzzCJKName: romanising any name in Hangul, kana or Han never panics
// and gives valid UTF-8 (kanji and other characters are kept as they are).
func FuzzCJKName(f *testing.F) {
	for _, s := range []string{"김민수", "やまだ たろう", "ｯﾀ", "っ", "ゃ", "ィ", "남궁", "宋建国", "山田さくら", "ジョン・スミス", "ーっゃ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		full, _ := cjkFullName(s)
		part, _ := cjkPart(s, true)
		given, _ := cjkPart(s, false)
		for _, out := range []string{full, part, given} {
			if utf8.ValidString(s) && !utf8.ValidString(out) {
				t.Fatalf("%q -> invalid UTF-8 %q", s, out)
			}
		}
	})
}
