package rules

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestNewPlan: flags win over the rules file, the rules file over the
// defaults; bad flag values are refused with the rules file's messages.
func TestNewPlan(t *testing.T) {
	cfg, err := Parse("rules.conf", strings.NewReader("[match]\nthreshold = 0.7\nregion = de\ndate_order = mdy\nreview_low = 0.2\nfields = full_name, phone, mobile\ndistinct = national_id\nlink_only = true\nstrict = true\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(cfg, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Threshold != 0.7 || p.Region != "DE" || p.DateOrder != "MDY" || p.ReviewLow != 0.2 || p.ReviewHigh != DefaultReviewHigh ||
		!p.LinkOnly || !p.Strict || p.Rules != cfg {
		t.Errorf("rules file plan %+v", p)
	}
	if want := []string{"given_name", "family_name", "phone"}; !slices.Equal(p.Comparisons, want) {
		t.Errorf("comparisons %q, want %q (full_name reads both name comparisons; phone and mobile one)", p.Comparisons, want)
	}
	if !slices.Equal(p.Distinct, []string{"national_id"}) {
		t.Errorf("distinct %q", p.Distinct)
	}
	p, err = NewPlan(cfg, Overrides{Threshold: 1, Region: "gb", DateOrder: "dmy", ReviewHigh: 0.95})
	if err != nil {
		t.Fatal(err)
	}
	if p.Threshold != 1 || p.Region != "GB" || p.DateOrder != "DMY" || p.ReviewHigh != 0.95 {
		t.Errorf("overridden plan %+v", p)
	}
	p, err = NewPlan(nil, Overrides{})
	if err != nil || p.Threshold != DefaultThreshold || p.Region != "" || p.DateOrder != "" || p.Comparisons != nil || p.Rules == nil {
		t.Errorf("default plan %+v, %v", p, err)
	}
	bad := []struct {
		o    Overrides
		want string
	}{
		{Overrides{Threshold: 1.5}, `--threshold: 1.5 is not a probability above 0 and at most 1`},
		{Overrides{Threshold: -0.2}, `--threshold: -0.2 is not a probability above 0 and at most 1`},
		{Overrides{Threshold: math.NaN()}, `--threshold: "NaN" is not a number`},
		{Overrides{Region: "UK"}, `--region: "UK" is not an ISO 3166 code; the United Kingdom is "GB"`},
		{Overrides{DateOrder: "DDMM"}, `--date-order: "DDMM" is not DMY, MDY or YMD`},
		{Overrides{ReviewLow: 0.95}, `--review-low (0.95) must be below the default review high (0.9)`},
		{Overrides{ReviewLow: 0.6, ReviewHigh: 0.4}, `--review-low (0.6) must be below --review-high (0.4)`},
	}
	for _, b := range bad {
		if _, err := NewPlan(nil, b.o); err == nil || err.Error() != b.want {
			t.Errorf("NewPlan(%+v) = %v, want %q", b.o, err, b.want)
		}
	}
}
