package rules

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/doppel-dev/doppel"
)

// Plan is the settings of one run, resolved once: a setting given on the
// command line (Overrides) wins over the rules file, which wins over the
// default. The stages read the plan, never the flags or the rules file's
// [match] section themselves, so dedupe and audit cannot disagree.
type Plan struct {
	Rules      *Config // the rules file (sources, survivorship, gates); never nil
	Threshold  float64 // match probability at or above which records merge
	LinkOnly   bool    // only link records of different sources
	MaxCluster int     // chaining guard; 0 = match's default
	// Region is the default phone region ("" = normalize's default, US).
	Region string
	// DateOrder is the date order of every source that sets none; "" =
	// inferred per date column from its values.
	DateOrder string
	// ReviewLow and ReviewHigh bound the review band of review.csv.
	ReviewLow, ReviewHigh float64
	// Strict turns warnings about the inputs into errors.
	Strict bool
	// Comparisons restricts the evidence to the comparisons that the
	// [match] fields read (the registry's Evidence); nil = all that have
	// data.
	Comparisons []string
	// Distinct names the hard-rule comparisons ([match] distinct).
	Distinct []string
}

// Overrides are the settings given on the command line; zero values mean
// "not given".
type Overrides struct {
	Threshold             float64
	LinkOnly              bool
	Region, DateOrder     string
	ReviewLow, ReviewHigh float64
	Strict                bool
}

// The defaults a Plan falls back to.
const (
	DefaultThreshold  = 0.5
	DefaultReviewLow  = 0.1
	DefaultReviewHigh = 0.9
)

// NewPlan resolves the settings of a run from the rules file cfg (nil: no
// rules file) and the command-line overrides o, and validates the
// overrides with the rules file's own checks and messages (the rules file
// was validated when it was parsed). The error names the flag.
func NewPlan(cfg *Config, o Overrides) (Plan, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	var errs []error
	check := func(flag string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("--%s: %w", flag, err))
		}
	}
	prob := func(v float64) error {
		if v == 0 {
			return nil
		}
		_, err := ParseProbability(strconv.FormatFloat(v, 'g', -1, 64))
		if math.IsNaN(v) {
			err = errors.New(`"NaN" is not a number`)
		}
		return err
	}
	check("threshold", prob(o.Threshold))
	check("review-low", prob(o.ReviewLow))
	check("review-high", prob(o.ReviewHigh))
	if o.Region != "" {
		_, err := parseRegion(o.Region)
		check("region", err)
	}
	if o.DateOrder != "" {
		_, err := parseDateOrder(o.DateOrder)
		check("date-order", err)
	}
	if len(errs) > 0 {
		return Plan{}, errors.Join(errs...)
	}
	m := cfg.Match
	p := Plan{
		Rules:      cfg,
		Threshold:  first(o.Threshold, m.Threshold, DefaultThreshold),
		LinkOnly:   o.LinkOnly || m.LinkOnly,
		MaxCluster: m.MaxCluster,
		ReviewLow:  first(o.ReviewLow, m.ReviewLow, DefaultReviewLow),
		ReviewHigh: first(o.ReviewHigh, m.ReviewHigh, DefaultReviewHigh),
		Strict:     o.Strict || cfg.Strict,
	}
	p.Region, _ = parseRegion(o.Region)
	if p.Region == "" {
		p.Region = m.Region
	}
	p.DateOrder, _ = parseDateOrder(o.DateOrder)
	if p.DateOrder == "" {
		p.DateOrder = m.DateOrder
	}
	// The band is checked as the run will use it, naming where each
	// bound came from.
	lowName, highName := "--review-low", "--review-high"
	switch {
	case o.ReviewLow != 0:
	case m.ReviewLow != 0:
		lowName = "review_low of " + cfg.File
	default:
		lowName = "the default review low"
	}
	switch {
	case o.ReviewHigh != 0:
	case m.ReviewHigh != 0:
		highName = "review_high of " + cfg.File
	default:
		highName = "the default review high"
	}
	if err := CheckReviewBand(lowName, p.ReviewLow, highName, p.ReviewHigh); err != nil {
		return Plan{}, err
	}
	for _, f := range m.Fields {
		for _, c := range doppel.Spec(f).Evidence {
			if !slices.Contains(p.Comparisons, c) {
				p.Comparisons = append(p.Comparisons, c)
			}
		}
	}
	for _, f := range m.Distinct {
		p.Distinct = append(p.Distinct, f.String())
	}
	return p, nil
}

// first returns the first of vs that is not zero.
func first(vs ...float64) float64 {
	for _, v := range vs {
		if v != 0 {
			return v
		}
	}
	return 0
}
