package normalize

import (
	"fmt"
	"strings"
	"testing"
)

func TestInferDateOrder(t *testing.T) {
	n := newT(t, Options{})
	tests := []struct {
		name     string
		values   string // one per line
		fallback string
		order    string
		evidence DateOrderEvidence
	}{
		{"US column", "10/28/1980\n07/08/1999\n12/25/1968\n01/02/2003\n", "DMY", MDY,
			DateOrderEvidence{MonthFirst: 2, Ambiguous: 2}},
		{"European column", "28/10/1980\n07/08/1999\n14.07.1975\n01-02-2003\n31/12/1999\n", "MDY", DMY,
			DateOrderEvidence{DayFirst: 3, Ambiguous: 2}},
		{"eight digits", "28101980\n07081999\n", "MDY", DMY, DateOrderEvidence{DayFirst: 1, Ambiguous: 1}},
		{"ISO", "1980-10-28\n1999-07-08\n2016-09-18T10:27:31\n20060102\n", "MDY", YMD, DateOrderEvidence{YearFirst: 4}},
		{"ISO with one ambiguous date", "1980-10-28\n07/08/1999\n", "MDY", MDY, DateOrderEvidence{YearFirst: 1, Ambiguous: 1}},
		{"all ambiguous: fallback", "07/08/1999\n01/02/2003\n12.11.1970\n", "MDY", MDY, DateOrderEvidence{Ambiguous: 3}},
		{"all ambiguous: empty fallback is DMY", "07/08/1999\n", "", DMY, DateOrderEvidence{Ambiguous: 1}},
		{"all ambiguous: unknown fallback is DMY", "07/08/1999\n", "DDMMYY", DMY, DateOrderEvidence{Ambiguous: 1}},
		{"no evidence", "\n3 March 1985\n1985\n03/1985\nunknown\n31/31/1980\n1980-02-30\n", "YMD", YMD,
			DateOrderEvidence{Other: 7}},
		{"contradictory, month first wins", "10/28/1980\n12/25/1968\n28/10/1980\n07/08/1999\n", "DMY", MDY,
			DateOrderEvidence{MonthFirst: 2, DayFirst: 1, Ambiguous: 1}},
		{"contradictory tie: fallback MDY", "10/28/1980\n28/10/1980\n", "mdy", MDY, DateOrderEvidence{MonthFirst: 1, DayFirst: 1}},
		{"contradictory tie: fallback YMD is DMY", "10/28/1980\n28/10/1980\n", "YMD", DMY, DateOrderEvidence{MonthFirst: 1, DayFirst: 1}},
		{"Feb 29 proves nothing in a common year", "02/29/1981\n29/02/1980\n", "MDY", DMY, DateOrderEvidence{DayFirst: 1, Other: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			values := strings.Split(strings.TrimSuffix(tc.values, "\n"), "\n")
			order, ev := n.InferDateOrder(values, tc.fallback)
			if order != tc.order || ev != tc.evidence {
				t.Errorf("InferDateOrder = %s %+v, want %s %+v", order, ev, tc.order, tc.evidence)
			}
			if want := tc.evidence.DayFirst > 0 && tc.evidence.MonthFirst > 0; ev.Contradictory() != want {
				t.Errorf("Contradictory = %v, want %v", ev.Contradictory(), want)
			}
		})
	}
}

// TestDateInOrder: a fixed order never switches for a value, ambiguous or
// not, while Date lets a part above 12 decide.
func TestDateInOrder(t *testing.T) {
	n := newT(t, Options{DateOrder: "DMY"})
	tests := []struct {
		in, order string
		want      Date
		ok        bool
	}{
		{"07/08/1999", "MDY", Date{1999, 7, 8}, true},
		{"07/08/1999", "DMY", Date{1999, 8, 7}, true},
		{"07/08/1999", "", Date{1999, 8, 7}, true}, // the Normalizer's DMY
		{"07/08/1999", "ymd", Date{1999, 8, 7}, true},
		{"10/28/1980", "MDY", Date{1980, 10, 28}, true},
		{"10/28/1980", "DMY", Date{}, false},
		{"28/10/1980", "MDY", Date{}, false},
		{"28/10/1980", "YMD", Date{1980, 10, 28}, true},
		{"10/28/1980", "YMD", Date{}, false},
		{"10281980", "DMY", Date{}, false},
		{"10281980", "MDY", Date{1980, 10, 28}, true},
		{"28.10.1980", "MDY", Date{1980, 10, 28}, true}, // dots are day first
		{"10.28.1980", "MDY", Date{}, false},
		{"1980-10-28", "MDY", Date{1980, 10, 28}, true},
		{"1980-10-28", "DMY", Date{1980, 10, 28}, true},
		{"99/08/07", "YMD", Date{1999, 8, 7}, true},
		{"28 Oct 1980", "MDY", Date{1980, 10, 28}, true},
		{"Oct 28, 1980", "DMY", Date{1980, 10, 28}, true},
		{"10/1980", "MDY", Date{1980, 10, 0}, true},
		{"07/08/1999", "DDMMYY", Date{}, false},
	}
	for _, tc := range tests {
		got, ok := n.DateInOrder(tc.in, tc.order)
		if got != tc.want || ok != tc.ok {
			t.Errorf("DateInOrder(%q, %q) = %v %v, want %v %v", tc.in, tc.order, got, ok, tc.want, tc.ok)
		}
	}
	// Date itself reads each value on its own (the behaviour a column needs
	// InferDateOrder for): under DMY a part above 12 switches the order.
	if d, ok := n.Date("10/28/1980"); !ok || d != (Date{1980, 10, 28}) {
		t.Errorf("Date(10/28/1980) = %v %v", d, ok)
	}
}

// TestDateEvidenceConsistent: over every day/month pair and several forms,
// what DateEvidence says agrees with what DateInOrder reads, and a date
// DateInOrder reads is the one Date reads in that order.
func TestDateEvidenceConsistent(t *testing.T) {
	n := newT(t, Options{})
	byOrder := map[string]*Normalizer{DMY: n, MDY: newT(t, Options{DateOrder: MDY}), YMD: newT(t, Options{DateOrder: YMD})}
	for p := 0; p <= 32; p++ {
		for q := 0; q <= 32; q++ {
			for _, f := range []string{"%02d/%02d/1984", "%d-%d-1981", "%02d%02d1984", "%02d/%02d/84", "1984-%02d-%02d"} {
				s := fmt.Sprintf(f, p, q)
				ev := n.DateEvidence(s)
				if total := ev.DayFirst + ev.MonthFirst + ev.YearFirst + ev.Ambiguous + ev.Other; total != 1 {
					t.Fatalf("%q: evidence %+v counts %d values", s, ev, total)
				}
				dmy, okD := n.DateInOrder(s, DMY)
				mdy, okM := n.DateInOrder(s, MDY)
				var bad bool
				switch {
				case ev.DayFirst == 1:
					bad = !okD || okM
				case ev.MonthFirst == 1:
					bad = okD || !okM
				case ev.Ambiguous == 1:
					bad = !okD || !okM || (p != q && dmy == mdy)
				case ev.YearFirst == 1:
					bad = !okD || !okM || dmy != mdy
				default:
					bad = okD || okM
				}
				if bad {
					t.Errorf("%q: evidence %+v, but DMY %v %v, MDY %v %v", s, ev, dmy, okD, mdy, okM)
				}
				for o, lenient := range byOrder {
					if d, ok := n.DateInOrder(s, o); ok {
						if l, lok := lenient.Date(s); !lok || l != d {
							t.Errorf("%q in %s: DateInOrder %v, Date %v %v", s, o, d, l, lok)
						}
					}
				}
			}
		}
	}
}
