// Package match finds the candidate pairs among prepared customer records
// (blocking), scores them with a Fellegi-Sunter model whose parameters are
// estimated without labels (u from random pairs, m by EM), and clusters the
// pairs above the match threshold into entities.
//
// The package does no I/O (spilling goes through an injected SpillStore)
// and keeps no global state. Record features are computed once per record
// (normalize.Preparer); comparisons run many times on the prepared values.
// The stages are exported as plain functions over values (stages.go:
// Evidence, Blocker, Comparator, LevelCounts, Training, Model, Cluster),
// so another engine can run them in its workers; RunStore is the local
// runner built from them. Results are deterministic: they depend only on the order
// of the records passed in, and the caller passes records in a canonical
// order (sorted by source and id), so outputs do not depend on input order.
package match

import "github.com/doppel-dev/doppel/normalize"

// Features are the matching keys of one record (normalize.Prepared): match
// reads them, normalize makes them.
type Features = normalize.Prepared

// Date is a birth date packed as YYYYMMDD (normalize.PackedDate).
type Date = normalize.PackedDate

// SourceOptions are the per-source normalisation settings
// (normalize.SourceOptions).
type SourceOptions = normalize.SourceOptions
