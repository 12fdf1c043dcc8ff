package doppel

// The summary of a dedupe run, as written to summary.json. The types live
// here, with the other shared domain types, so that every package that
// reads or writes summary.json (pipeline, report, audit, cli) uses the
// same declaration.

// Summary is what summary.json holds.
type Summary struct {
	Counts  Counts       `json:"counts"`
	Sources []SourceInfo `json:"sources"`
	// Warnings are the run's warnings as printed on stderr: sources
	// doppel cannot use well (no id column, nothing to match on, most rows
	// rejected), repairs, mixed date orders.
	Warnings  []string `json:"warnings,omitempty"`
	Threshold float64  `json:"threshold"`
	LinkOnly  bool     `json:"link_only"`
	Blocks    int      `json:"blocks"`
	Oversized int      `json:"oversized_blocks"`
	// SpilledBytes is how much candidate generation wrote to temporary
	// files (0 when everything fitted in --spill-mb).
	SpilledBytes int64           `json:"spilled_bytes"`
	CappedLinks  int             `json:"links_refused_by_cluster_cap"`
	LargestClust int             `json:"largest_cluster"`
	ClusterSizes map[string]int  `json:"cluster_sizes"`
	Model        ModelSummary    `json:"model"`
	Review       ReviewSummary   `json:"review"`
	Decisions    *DecisionReport `json:"decisions,omitempty"`
	Overrides    *OverrideReport `json:"overrides,omitempty"`
	// SharedCount is the number of e-mail, phone, national id and
	// customer reference values that more than 5 different given names
	// carry, read as missing by matching (a switchboard, a placeholder);
	// Shared lists the 20 on most records.
	SharedCount int           `json:"shared_values_count,omitempty"`
	Shared      []SharedValue `json:"shared_values,omitempty"`
	// GendersLearnt says how many given names' genders were learnt from
	// the records that state one, and how many records without a gender
	// took their name's (nil when none did).
	GendersLearnt *GendersLearnt     `json:"genders_learnt,omitempty"`
	Outputs       []string           `json:"outputs"`
	TimingsMS     map[string]float64 `json:"timings_ms"`
}

// SharedValue is a value many people share, which matching reads as
// missing.
type SharedValue struct {
	Field   string `json:"field"`       // email, phone, national_id, customer_ref
	Value   string `json:"value"`       // the normalised value
	Records int    `json:"records"`     // records carrying it
	People  int    `json:"given_names"` // distinct given names among them
}

// GendersLearnt is what matching learnt of given names' genders.
type GendersLearnt struct {
	Names   int `json:"given_names"` // given names with a learnt gender
	Records int `json:"records"`     // records without a gender that took their name's
}

// ReviewSummary describes review.csv.
type ReviewSummary struct {
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
	Pairs int     `json:"pairs"`
}

// OverrideReport says what became of the overrides.
type OverrideReport struct {
	File    string          `json:"file"`
	Applied int             `json:"applied"`
	Unknown []UnknownRecord `json:"unknown"`
}

// ModelSummary is the fitted Fellegi-Sunter model, for summary.json.
type ModelSummary struct {
	Lambda      float64 `json:"lambda"`
	PriorWeight float64 `json:"prior_weight"`
	// RandomLambda is the estimated share of matches among the random
	// pairs u was sampled from (discounted from u).
	RandomLambda float64           `json:"random_lambda"`
	Iterations   int               `json:"em_iterations"`
	Converged    bool              `json:"em_converged"`
	Comparisons  []ComparisonModel `json:"comparisons"`
}

// ComparisonModel is one comparison of the model.
type ComparisonModel struct {
	Name   string       `json:"name"`
	Levels []LevelModel `json:"levels"`
}

// LevelModel is one level of a comparison.
type LevelModel struct {
	Label  string  `json:"label"`
	M      float64 `json:"m"`
	U      float64 `json:"u"`
	Weight float64 `json:"weight"`
}

// DecisionReport says what became of the decisions of a run.
type DecisionReport struct {
	File      string          `json:"file"`
	Match     int             `json:"match"`
	NoMatch   int             `json:"no_match"`
	Undecided int             `json:"undecided"`
	Unknown   []UnknownRecord `json:"unknown_records"`    // decisions naming records that are not in the input
	Refused   []string        `json:"refused_must_links"` // must-links that contradict cannot-links
}

// UnknownRecord is a decision or override that names a record (or golden
// id) not found in this run.
type UnknownRecord struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Source string `json:"source,omitempty"`
	ID     string `json:"id"`
}

// SourceInfo describes one input file as it was read.
type SourceInfo struct {
	Name      string            `json:"name"`
	File      string            `json:"file"`
	Encoding  string            `json:"encoding"`
	Delimiter string            `json:"delimiter"`
	Rows      int               `json:"rows"`
	Accepted  int               `json:"accepted"`
	Rejected  int               `json:"rejected"`
	IDColumn  string            `json:"id_column"`
	Mapping   map[string]string `json:"mapping"`  // canonical field -> column header
	Unmapped  []string          `json:"unmapped"` // columns that feed no field
	Priority  int               `json:"priority,omitempty"`
	Region    string            `json:"region,omitempty"`
	DateOrder string            `json:"date_order,omitempty"`
	// DateOrders is the order each date column was read in (field ->
	// DMY, MDY or YMD): the source's date_order when set, else the one its
	// values show.
	DateOrders map[string]string `json:"date_orders,omitempty"`
}
