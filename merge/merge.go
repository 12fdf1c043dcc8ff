// Package merge builds one golden record per cluster of matched records:
// per-field survivorship with deterministic tie-breaks, a golden id derived
// from the cluster's members, and lineage (which source row every golden
// value came from).
//
// The package does no I/O and keeps no global state; all functions are safe
// for concurrent use on distinct inputs.
package merge

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/doppel-dev/doppel"
)

// Strategy is a survivorship rule: how the golden value of a field is chosen
// among the values of a cluster's members.
type Strategy string

// The survivorship strategies. Every strategy falls back to MostComplete
// and then to the member order (source, record id) to break ties, so the
// result never depends on input order.
const (
	// MostComplete prefers valid values (a parseable e-mail, phone or date),
	// then the most complete one (longer, not an initial, mixed case over
	// ALL CAPS), then the most frequent.
	MostComplete Strategy = "most_complete"
	// MostFrequent prefers the value most members agree on (by matching key).
	MostFrequent Strategy = "most_frequent"
	// MostRecent prefers the value of the member updated (or created) last.
	MostRecent Strategy = "most_recent"
	// SourcePriority prefers the most trusted source (priority 1 first).
	SourcePriority Strategy = "source_priority"
	// Longest prefers the longest value.
	Longest Strategy = "longest"
	// FirstSeen prefers the value of the member created first.
	FirstSeen Strategy = "first_seen"
)

// ParseStrategy validates a strategy name.
func ParseStrategy(s string) (Strategy, error) {
	switch st := Strategy(s); st {
	case MostComplete, MostFrequent, MostRecent, SourcePriority, Longest, FirstSeen:
		return st, nil
	}
	return "", fmt.Errorf("unknown survivorship strategy %q (want most_complete, most_frequent, most_recent, source_priority, longest or first_seen)", s)
}

// Value is one member's value for a field, already normalised by the caller.
type Value struct {
	Display string // the value as it would appear in the golden record ("" = missing)
	Key     string // the matching key (values with equal keys count as the same value)
	Valid   bool   // the value passed validation (e-mail syntax, phone number, date)
}

// Member is one record of a cluster.
type Member struct {
	Source   string
	ID       string
	Priority int    // source priority, 1 = most trusted; 0 = unset (least trusted)
	Updated  string // last update as YYYY-MM-DD ("" unknown)
	Created  string // creation as YYYY-MM-DD ("" unknown)
	Values   []Value
}

// Cell is one golden value with its lineage.
type Cell struct {
	Field        doppel.Field
	Value        string
	Source, ID   string   // the member the value came from
	Rule         Strategy // the strategy that chose it
	Alternatives int      // number of distinct values (by key) among the members
	Override     bool     // pinned by a steward override
}

// Golden is the merged record of one cluster.
type Golden struct {
	ID      string
	Members []Member // sorted by (source, id)
	Cells   []Cell   // one per field with a value, in field order
}

// Options configure survivorship.
type Options struct {
	Default  Strategy                  // "" = MostComplete
	PerField map[doppel.Field]Strategy // overrides Default per field
}

// GoldenID derives a stable id from a cluster's members: the hash of the
// smallest (source, id) member. It does not depend on run order, and it
// stays the same when a cluster gains members that sort after it.
func GoldenID(members []Member) string {
	if len(members) == 0 {
		return ""
	}
	m := members[0]
	for _, x := range members[1:] {
		if memberLess(x, m) {
			m = x
		}
	}
	h := sha256.Sum256([]byte(m.Source + "\x00" + m.ID))
	return "G" + hex.EncodeToString(h[:8])
}

func memberLess(a, b Member) bool {
	if a.Source != b.Source {
		return a.Source < b.Source
	}
	return a.ID < b.ID
}

// Merge builds the golden record of one cluster. members is sorted in place
// by (source, id).
func Merge(members []Member, opt Options) Golden {
	slices.SortFunc(members, func(a, b Member) int {
		if c := cmp.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	g := Golden{ID: GoldenID(members), Members: members}
	for f := doppel.Field(0); f < doppel.NumFields; f++ {
		st := opt.Default
		if s, ok := opt.PerField[f]; ok {
			st = s
		}
		if st == "" {
			st = MostComplete
		}
		if c, ok := pick(members, f, st); ok {
			g.Cells = append(g.Cells, c)
		}
	}
	return g
}

type candidate struct {
	m       int // member index
	v       Value
	freq    int
	quality int
}

// pick chooses the golden value of field f.
func pick(members []Member, f doppel.Field, st Strategy) (Cell, bool) {
	var cs []candidate
	freq := map[string]int{}
	for i, m := range members {
		if int(f) >= len(m.Values) || m.Values[f].Display == "" {
			continue
		}
		v := m.Values[f]
		k := v.Key
		if k == "" {
			k = v.Display
		}
		freq[k]++
		cs = append(cs, candidate{m: i, v: v, quality: quality(f, v)})
	}
	if len(cs) == 0 {
		return Cell{}, false
	}
	for i := range cs {
		k := cs[i].v.Key
		if k == "" {
			k = cs[i].v.Display
		}
		cs[i].freq = freq[k]
	}
	complete := func(a, b candidate) int {
		if a.v.Valid != b.v.Valid {
			if a.v.Valid {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.quality, a.quality); c != 0 {
			return c
		}
		if c := cmp.Compare(b.freq, a.freq); c != 0 {
			return c
		}
		return cmp.Compare(a.m, b.m)
	}
	var less func(a, b candidate) int
	switch st {
	case MostFrequent:
		less = func(a, b candidate) int {
			if c := cmp.Compare(b.freq, a.freq); c != 0 {
				return c
			}
			return complete(a, b)
		}
	case MostRecent:
		less = func(a, b candidate) int {
			da, db := recency(members[a.m]), recency(members[b.m])
			if c := cmp.Compare(db, da); c != 0 {
				return c
			}
			return complete(a, b)
		}
	case FirstSeen:
		less = func(a, b candidate) int {
			da, db := members[a.m].Created, members[b.m].Created
			if da != db {
				switch {
				case da == "":
					return 1
				case db == "":
					return -1
				}
				return cmp.Compare(da, db)
			}
			return complete(a, b)
		}
	case SourcePriority:
		less = func(a, b candidate) int {
			pa, pb := prio(members[a.m].Priority), prio(members[b.m].Priority)
			if c := cmp.Compare(pa, pb); c != 0 {
				return c
			}
			return complete(a, b)
		}
	case Longest:
		less = func(a, b candidate) int {
			if c := cmp.Compare(len([]rune(b.v.Display)), len([]rune(a.v.Display))); c != 0 {
				return c
			}
			return complete(a, b)
		}
	default:
		less = complete
	}
	best := slices.MinFunc(cs, less)
	m := members[best.m]
	return Cell{Field: f, Value: best.v.Display, Source: m.Source, ID: m.ID, Rule: st, Alternatives: len(freq)}, true
}

func prio(p int) int {
	if p <= 0 {
		return 1 << 30
	}
	return p
}

// recency is the member's last update, or its creation date.
func recency(m Member) string {
	if m.Updated != "" {
		return m.Updated
	}
	return m.Created
}

// quality scores how complete and well-formed a value looks: longer is
// better (up to a point), a lone initial is poor, and for names and places
// mixed case beats ALL CAPS or all lower case.
func quality(f doppel.Field, v Value) int {
	n := 0
	upper, lower := 0, 0
	for _, r := range v.Display {
		n++
		if unicode.IsUpper(r) {
			upper++
		} else if unicode.IsLower(r) {
			lower++
		}
	}
	q := min(n, 60)
	switch f {
	case doppel.GivenName, doppel.FamilyName, doppel.MiddleName, doppel.FullName,
		doppel.Street, doppel.Address, doppel.City, doppel.Company, doppel.Address2:
		if upper > 0 && lower > 0 {
			q += 100
		}
		if strings.HasSuffix(v.Display, ".") && n <= 2 {
			q -= 50
		}
	}
	return q
}
