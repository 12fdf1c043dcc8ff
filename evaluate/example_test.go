package evaluate_test

import (
	"os"

	"github.com/doppel-dev/doppel/evaluate"
)

// Truth {a,b,c}{d}, prediction {a,b}{c,d}: one of three true pairs found,
// one of two predicted pairs right.
func ExampleMetrics_WriteText() {
	truth := map[string]string{"a": "E1", "b": "E1", "c": "E1", "d": "E2"}
	xw := []evaluate.Assignment{
		{ID: "a", Golden: "G1"}, {ID: "b", Golden: "G1"},
		{ID: "c", Golden: "G2"}, {ID: "d", Golden: "G2"},
	}
	_ = evaluate.Score(truth, xw).WriteText(os.Stdout)
	// Output:
	// truth records             4
	// crosswalk rows            4
	// crosswalk records scored  4 (100.0% of the truth, 100.0% of the crosswalk)
	// missing from crosswalk    0 (counted as singletons)
	// not in truth              0 (ignored)
	// repeated in crosswalk     0 (ignored)
	// true clusters             2
	// predicted clusters        2
	// true pairs                3
	// predicted pairs           2
	// true positive pairs       1
	//
	// metric   precision  recall  F1
	// pair     0.5000     0.3333  0.4000
	// B-cubed  0.7500     0.6667  0.7059
}
