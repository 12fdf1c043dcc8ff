package match

import (
	"math"
	"strings"
)

// Company names are compared word by word, each word weighted by how rare
// it is among the records' company names (its inverse document
// frequency): "Philips Electronics" and "Koninklijke Philips Electronics"
// share their rare word, "Philips Electronics" and "Samsung Electronics"
// only a common one. The words are the distinctive words of
// normalize.OrgName (legal forms and filler removed, sorted), so word order
// and legal forms do not count.

// maxOrgWords is the most words of a company name that are compared; the
// rest count as unmatched.
const maxOrgWords = 16

// OrgWords counts, per word, the records whose company name holds it: the
// document frequencies that weigh company words. Counts from disjoint sets
// of records add up (Merge), so a distributed runner can count per worker.
// The zero OrgWords is ready to use.
type OrgWords struct {
	Records int            // records with a company name
	DF      map[string]int // per word, the records whose company name holds it
}

// Add counts the company name of one record.
func (o *OrgWords) Add(f *Features) {
	if f.Company == "" {
		return
	}
	if o.DF == nil {
		o.DF = map[string]int{}
	}
	o.Records++
	var ws [maxOrgWords]string
	// Words are sorted and unique (normalize.OrgName), so each counts once.
	for _, w := range orgWords(f.Company, &ws) {
		o.DF[w]++
	}
}

// Merge adds the counts of other.
func (o *OrgWords) Merge(other OrgWords) {
	if len(other.DF) == 0 {
		return
	}
	if o.DF == nil {
		o.DF = map[string]int{}
	}
	o.Records += other.Records
	for w, n := range other.DF {
		o.DF[w] += n
	}
}

// Weights returns the weight of each word: ln(1 + N/df).
func (o OrgWords) Weights() OrgWeights {
	if o.Records == 0 {
		return OrgWeights{}
	}
	w := make(map[string]float64, len(o.DF))
	for k, df := range o.DF {
		w[k] = math.Log1p(float64(o.Records) / float64(df))
	}
	return OrgWeights{w: w, unseen: math.Log1p(float64(o.Records))}
}

// OrgWeights weigh the words of company names (from OrgWords.Weights).
// The zero value weighs every word 1. It is read-only once made.
type OrgWeights struct {
	w      map[string]float64
	unseen float64 // weight of a word not counted
}

func (o *OrgWeights) of(word string) float64 {
	if o == nil || o.w == nil {
		return 1
	}
	if v, ok := o.w[word]; ok {
		return v
	}
	return o.unseen
}

// orgWords splits a company key into at most maxOrgWords words, without
// allocating (the words are substrings of key).
func orgWords(key string, buf *[maxOrgWords]string) []string {
	out := buf[:0]
	for key != "" && len(out) < maxOrgWords {
		i := strings.IndexByte(key, ' ')
		if i < 0 {
			out = append(out, key)
			break
		}
		if i > 0 {
			out = append(out, key[:i])
		}
		key = key[i+1:]
	}
	return out
}

// orgSimilarity is the weighted share of words two company keys have in
// common (a weighted Dice coefficient, 0 to 1). Words agree exactly, or
// with one typo-level difference (Jaro-Winkler >= 0.9 on words of four
// letters or more: "Phillips", "Unilivr"), or as an abbreviation (a word of
// three letters or more that starts the other: "Internat" for
// "International", "Chem" for "Chemicals"), each a little weaker.
func orgSimilarity(a, b string, w *OrgWeights, ascii bool) float64 {
	var ba, bb [maxOrgWords]string
	wa, wb := orgWords(a, &ba), orgWords(b, &bb)
	var used [maxOrgWords]bool
	sumA, sumB, common := 0.0, 0.0, 0.0
	for _, y := range wb {
		sumB += w.of(y)
	}
	for _, x := range wa {
		xw := w.of(x)
		sumA += xw
		best, at := 0.0, -1
		for j, y := range wb {
			if used[j] {
				continue
			}
			s := wordAgreement(x, y, ascii)
			if s > best {
				best, at = s, j
				if s == 1 {
					break
				}
			}
		}
		if at >= 0 {
			used[at] = true
			common += best * (xw + w.of(wb[at])) / 2
		}
	}
	if sumA+sumB == 0 {
		return 0
	}
	return 2 * common / (sumA + sumB)
}

// wordAgreement is how well two words of company names agree: 1 equal,
// 0.9 alike, 0.8 one abbreviates the other, else 0.
func wordAgreement(x, y string, ascii bool) float64 {
	if x == y {
		return 1
	}
	short, long := x, y
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(short) >= 4 && jw(x, y, ascii) >= 0.9 {
		return 0.9
	}
	if len(short) >= 3 && len(long) > len(short) && strings.HasPrefix(long, short) {
		return 0.8
	}
	return 0
}

// orgLevel compares two company keys: 0 exact, 1 weighted word agreement
// >= 0.8, 2 >= 0.6, 3 >= 0.4, 4 else.
func orgLevel(a, b string, w *OrgWeights, ascii bool) int8 {
	if a == "" || b == "" {
		return Missing
	}
	if a == b {
		return 0
	}
	switch s := orgSimilarity(a, b, w, ascii); {
	case s >= 0.8:
		return 1
	case s >= 0.6:
		return 2
	case s >= 0.4:
		return 3
	}
	return 4
}

// orgLevels are the level labels of the company comparison.
func orgLevels() []string {
	return []string{"exact", "words>=0.8", "words>=0.6", "words>=0.4", "differs", "a person and a company"}
}

// companyLevel is the company comparison of a pair: orgLevel of their
// company names, or 5 when one record names a person (a contact at the
// company) and the other does not (the company itself): two customers,
// whatever else they share.
func companyLevel(a, b *Features, w *OrgWeights) int8 {
	if a.Company == "" || b.Company == "" {
		return Missing
	}
	if (a.Given == "" && a.Family == "") != (b.Given == "" && b.Family == "") {
		return 5
	}
	return orgLevel(a.Company, b.Company, w, a.ASCII && b.ASCII)
}

// countOrgWords counts the company words of every record of st (nil when
// no record has a company name).
func countOrgWords(st *Store) *OrgWeights {
	o := orgWordsOf(st)
	if o == nil {
		return nil
	}
	w := o.Weights()
	return &w
}

// orgWordsOf counts the company words of every record of st (nil when no
// record has a company name).
func orgWordsOf(st *Store) *OrgWords {
	var o OrgWords
	var f Features
	for i := range st.Len() {
		st.Get(i, &f)
		o.Add(&f)
	}
	if o.Records == 0 {
		return nil
	}
	return &o
}
