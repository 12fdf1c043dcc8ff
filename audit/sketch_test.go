package audit

import (
	"fmt"
	"math"
	"testing"
)

func TestDistinctExactThenHLL(t *testing.T) {
	for _, n := range []int{0, 1, 100, exactLimit / 2, 50000, 300000} {
		d := newDistinct()
		for i := 0; i < n; i++ {
			d.add(fmt.Sprintf("value-%d", i))
			d.add(fmt.Sprintf("value-%d", i/2)) // repeats do not count
			d.add(fmt.Sprint(100000 + i))       // sequential numeric ids
		}
		got, exact := d.count()
		n *= 2
		if n <= exactLimit {
			if !exact || got != int64(n) {
				t.Errorf("n=%d: got %d exact %v", n, got, exact)
			}
			continue
		}
		if exact {
			t.Errorf("n=%d: still exact", n)
		}
		if rel := math.Abs(float64(got)-float64(n)) / float64(n); rel > 4*hllError {
			t.Errorf("n=%d: estimate %d is %.2f%% off (more than 4 standard errors)", n, got, 100*rel)
		}
	}
}

func TestTopK(t *testing.T) {
	// Exact while the capacity is not exceeded.
	tk := newTopK(4)
	for _, v := range []string{"a", "b", "a", "c", "a", "b"} {
		tk.add(v)
	}
	top, exact := tk.top(2)
	if !exact || len(top) != 2 || top[0] != (ValueCount{Value: "a", Count: 3}) || top[1] != (ValueCount{Value: "b", Count: 2}) {
		t.Errorf("top = %+v exact %v", top, exact)
	}
	// Heavy hitters survive a long tail; their bounds hold.
	tk = newTopK(64) // every value above 20000/64 = 312 is monitored
	for i := 0; i < 20000; i++ {
		switch {
		case i%10 == 0:
			tk.add("info@firma.de") // 2000 times
		case i%25 == 1:
			tk.add("0000000000") // 800 times
		default:
			tk.add(fmt.Sprintf("u%d@x.de", i))
		}
	}
	top, exact = tk.top(2)
	if exact {
		t.Error("exact after evictions")
	}
	// Count is the guaranteed minimum, Count+Error the most it can be.
	if top[0].Value != "info@firma.de" || top[0].Count > 2000 || top[0].Count+top[0].Error < 2000 {
		t.Errorf("top[0] = %+v", top[0])
	}
	if top[1].Value != "0000000000" || top[1].Count > 800 || top[1].Count+top[1].Error < 800 {
		t.Errorf("top[1] = %+v", top[1])
	}
}
