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
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

// Value is one field value of a member (doppel.Value).
type Value = doppel.Value

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

// ID is a golden record id in compact form: the first 8 bytes, big-endian,
// of the SHA-256 of the cluster's smallest member's source and record id.
// Its String form, "G" and 16 lower-case hex digits, is what the outputs
// show; IDs sort in the same order as their strings.
type ID uint64

// IDOf returns the golden id of a cluster whose smallest (source, id)
// member is the record id of source.
func IDOf(source, id string) ID {
	var buf [128]byte
	b := append(append(append(buf[:0], source...), 0), id...)
	sum := sha256.Sum256(b)
	return ID(binary.BigEndian.Uint64(sum[:8]))
}

// String returns the id as written in the outputs ("G" + 16 hex digits).
func (id ID) String() string { return string(id.Append(make([]byte, 0, 17))) }

// Append appends the String form of id to dst.
func (id ID) Append(dst []byte) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, 'G')
	for shift := 60; shift >= 0; shift -= 4 {
		dst = append(dst, hexDigits[(id>>shift)&0xF])
	}
	return dst
}

// ParseID parses the String form of an id; ok is false when s is not one.
func ParseID(s string) (id ID, ok bool) {
	if len(s) != 17 || s[0] != 'G' {
		return 0, false
	}
	for _, c := range []byte(s[1:]) {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		default:
			return 0, false
		}
		id = id<<4 | ID(d)
	}
	return id, true
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
	return IDOf(m.Source, m.ID).String()
}

func memberLess(a, b Member) bool {
	if a.Source != b.Source {
		return a.Source < b.Source
	}
	return a.ID < b.ID
}

// Merge builds the golden record of one cluster. members is sorted in place
// by (source, id). To merge many clusters, a Merger per goroutine reuses
// its memory and skips the id.
func Merge(members []Member, opt Options) Golden {
	cells := NewMerger(opt).Merge(members)
	return Golden{ID: GoldenID(members), Members: members, Cells: cells}
}

// Merger merges clusters one after another, reusing its scratch memory.
// A Merger is not safe for concurrent use: use one per goroutine.
type Merger struct {
	strategy [doppel.NumFields]Strategy
	cs       []candidate
	keys     []keyCount
	freq     map[string]int // for large clusters
	cells    []Cell
}

type keyCount struct {
	key string
	n   int
}

// largeCluster is the member count above which value frequencies are
// counted in a map rather than by linear search.
const largeCluster = 32

// NewMerger returns a Merger applying the survivorship options opt.
func NewMerger(opt Options) *Merger {
	m := &Merger{}
	for f := range doppel.NumFields {
		st := opt.Default
		if s, ok := opt.PerField[f]; ok {
			st = s
		}
		if st == "" {
			st = MostComplete
		}
		m.strategy[f] = st
	}
	return m
}

// Merge sorts members in place by (source, id) and returns the golden
// cells of the cluster: one per field with a value, in field order. The
// cells are those Merge (the function) returns; the slice is only valid
// until the next call.
func (m *Merger) Merge(members []Member) []Cell {
	if len(members) > 1 {
		slices.SortFunc(members, func(a, b Member) int {
			if c := cmp.Compare(a.Source, b.Source); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		})
	}
	m.cells = m.cells[:0]
	for f := range doppel.NumFields {
		if c, ok := m.pick(members, f, m.strategy[f]); ok {
			m.cells = append(m.cells, c)
		}
	}
	return m.cells
}

type candidate struct {
	m       int // member index
	v       Value
	freq    int
	quality int
}

// count returns the number of distinct keys among the candidates and sets
// each candidate's frequency.
func (m *Merger) count(cs []candidate) int {
	if len(cs) > largeCluster {
		if m.freq == nil {
			m.freq = map[string]int{}
		}
		clear(m.freq)
		for i := range cs {
			m.freq[valueKey(cs[i].v)]++
		}
		for i := range cs {
			cs[i].freq = m.freq[valueKey(cs[i].v)]
		}
		return len(m.freq)
	}
	keys := m.keys[:0]
	for i := range cs {
		k := valueKey(cs[i].v)
		j := slices.IndexFunc(keys, func(x keyCount) bool { return x.key == k })
		if j < 0 {
			keys = append(keys, keyCount{key: k})
			j = len(keys) - 1
		}
		keys[j].n++
	}
	for i := range cs {
		k := valueKey(cs[i].v)
		j := slices.IndexFunc(keys, func(x keyCount) bool { return x.key == k })
		cs[i].freq = keys[j].n
	}
	clear(keys) // let the strings go
	m.keys = keys[:0]
	return len(keys)
}

// valueKey is what makes two values the same value: the key, or the
// display form of values without one.
func valueKey(v Value) string {
	if v.Key == "" {
		return v.Display
	}
	return v.Key
}

// pick chooses the golden value of field f.
func (m *Merger) pick(members []Member, f doppel.Field, st Strategy) (Cell, bool) {
	cs := m.cs[:0]
	for i := range members {
		if int(f) >= len(members[i].Values) || members[i].Values[f].Display == "" {
			continue
		}
		cs = append(cs, candidate{m: i, v: members[i].Values[f]})
	}
	m.cs = cs
	if len(cs) == 0 {
		return Cell{}, false
	}
	if len(cs) == 1 {
		// Nothing competes: the one value survives under any strategy.
		mb := &members[cs[0].m]
		return Cell{Field: f, Value: cs[0].v.Display, Source: mb.Source, ID: mb.ID, Rule: st, Alternatives: 1}, true
	}
	distinct := m.count(cs)
	for i := range cs {
		cs[i].quality = quality(f, cs[i].v)
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
			if c := cmp.Compare(utf8.RuneCountInString(b.v.Display), utf8.RuneCountInString(a.v.Display)); c != 0 {
				return c
			}
			return complete(a, b)
		}
	default:
		less = complete
	}
	best := slices.MinFunc(cs, less)
	mb := &members[best.m]
	return Cell{Field: f, Value: best.v.Display, Source: mb.Source, ID: mb.ID, Rule: st, Alternatives: distinct}, true
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
	if f.MixedCase() {
		if upper > 0 && lower > 0 {
			q += 100
		}
		if strings.HasSuffix(v.Display, ".") && n <= 2 {
			q -= 50
		}
	}
	return q
}
