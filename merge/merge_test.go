package merge

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel"
)

// mem builds a member with some values set: field -> display (key = lower case).
func mem(src, id string, prio int, updated, created string, vals map[doppel.Field]string) Member {
	m := Member{Source: src, ID: id, Priority: prio, Updated: updated, Created: created, Values: make([]Value, doppel.NumFields)}
	for f, v := range vals {
		valid := !strings.HasPrefix(v, "!")
		v = strings.TrimPrefix(v, "!")
		m.Values[f] = Value{Display: v, Key: strings.ToLower(v), Valid: valid}
	}
	return m
}

func cell(g Golden, f doppel.Field) (Cell, bool) {
	for _, c := range g.Cells {
		if c.Field == f {
			return c, true
		}
	}
	return Cell{}, false
}

func TestSurvivorship(t *testing.T) {
	E, G, F := doppel.Email, doppel.GivenName, doppel.FamilyName
	cases := []struct {
		name     string
		strategy Strategy
		field    doppel.Field
		members  []Member
		want     string
		wantFrom string
	}{
		{"complete prefers full name over nickname", MostComplete, G, []Member{
			mem("crm", "1", 0, "", "", map[doppel.Field]string{G: "Bob"}),
			mem("bill", "7", 0, "", "", map[doppel.Field]string{G: "Robert"}),
		}, "Robert", "bill:7"},
		{"complete prefers mixed case over ALL CAPS", MostComplete, F, []Member{
			mem("bill", "7", 0, "", "", map[doppel.Field]string{F: "MUELLER"}),
			mem("crm", "1", 0, "", "", map[doppel.Field]string{F: "Müller"}),
		}, "Müller", "crm:1"},
		{"complete prefers valid over longer invalid", MostComplete, E, []Member{
			mem("a", "1", 0, "", "", map[doppel.Field]string{E: "!robert.mueller at example dot com"}),
			mem("b", "2", 0, "", "", map[doppel.Field]string{E: "bob@example.com"}),
		}, "bob@example.com", "b:2"},
		{"frequent wins by key", MostFrequent, E, []Member{
			mem("a", "1", 0, "", "", map[doppel.Field]string{E: "old@example.com"}),
			mem("b", "2", 0, "", "", map[doppel.Field]string{E: "NEW@example.com"}),
			mem("c", "3", 0, "", "", map[doppel.Field]string{E: "new@example.com"}),
		}, "NEW@example.com", "b:2"},
		{"recent uses updated, then created", MostRecent, E, []Member{
			mem("a", "1", 0, "2021-01-01", "", map[doppel.Field]string{E: "a@x.com"}),
			mem("b", "2", 0, "", "2023-05-01", map[doppel.Field]string{E: "b@x.com"}),
			mem("c", "3", 0, "2022-01-01", "", map[doppel.Field]string{E: "c@x.com"}),
		}, "b@x.com", "b:2"},
		{"recent skips members without the field", MostRecent, E, []Member{
			mem("a", "1", 0, "2021-01-01", "", map[doppel.Field]string{E: "a@x.com"}),
			mem("b", "2", 0, "2024-01-01", "", map[doppel.Field]string{G: "Anna"}),
		}, "a@x.com", "a:1"},
		{"source priority, unset last", SourcePriority, G, []Member{
			mem("web", "9", 0, "", "", map[doppel.Field]string{G: "Roberto"}),
			mem("bill", "7", 2, "", "", map[doppel.Field]string{G: "Rob"}),
			mem("crm", "1", 1, "", "", map[doppel.Field]string{G: "Bob"}),
		}, "Bob", "crm:1"},
		{"longest counts characters not bytes", Longest, F, []Member{
			mem("a", "1", 0, "", "", map[doppel.Field]string{F: "Müllerö"}),
			mem("b", "2", 0, "", "", map[doppel.Field]string{F: "Muellers"}),
		}, "Muellers", "b:2"},
		{"first seen", FirstSeen, E, []Member{
			mem("a", "1", 0, "", "2020-01-01", map[doppel.Field]string{E: "late@x.com"}),
			mem("b", "2", 0, "", "2019-01-01", map[doppel.Field]string{E: "early@x.com"}),
			mem("c", "3", 0, "", "", map[doppel.Field]string{E: "unknown@x.com"}),
		}, "early@x.com", "b:2"},
		{"tie broken by member order", MostComplete, G, []Member{
			mem("b", "2", 0, "", "", map[doppel.Field]string{G: "Anna"}),
			mem("a", "1", 0, "", "", map[doppel.Field]string{G: "Anne"}),
		}, "Anne", "a:1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := Merge(c.members, Options{Default: c.strategy})
			got, ok := cell(g, c.field)
			if !ok {
				t.Fatalf("no %v cell", c.field)
			}
			if got.Value != c.want || got.Source+":"+got.ID != c.wantFrom {
				t.Errorf("got %q from %s:%s, want %q from %s", got.Value, got.Source, got.ID, c.want, c.wantFrom)
			}
			if got.Rule != c.strategy {
				t.Errorf("rule %q, want %q", got.Rule, c.strategy)
			}
		})
	}
}

func TestMergeOrderIndependent(t *testing.T) {
	ms := []Member{
		mem("crm", "1", 1, "2020-01-01", "", map[doppel.Field]string{doppel.GivenName: "Bob", doppel.Email: "bob@x.com"}),
		mem("bill", "7", 2, "2022-01-01", "", map[doppel.Field]string{doppel.GivenName: "Robert", doppel.Email: "rob@x.com"}),
		mem("web", "3", 0, "", "", map[doppel.Field]string{doppel.FamilyName: "Müller"}),
	}
	opt := Options{PerField: map[doppel.Field]Strategy{doppel.Email: MostRecent}}
	want := Merge(append([]Member(nil), ms...), opt)
	rng := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 20; k++ {
		sh := append([]Member(nil), ms...)
		rng.Shuffle(len(sh), func(i, j int) { sh[i], sh[j] = sh[j], sh[i] })
		got := Merge(sh, opt)
		if got.ID != want.ID || len(got.Cells) != len(want.Cells) {
			t.Fatalf("shuffle changed the golden record: %+v vs %+v", got, want)
		}
		for i := range got.Cells {
			if got.Cells[i] != want.Cells[i] {
				t.Fatalf("shuffle changed cell %d: %+v vs %+v", i, got.Cells[i], want.Cells[i])
			}
		}
	}
	if c, _ := cell(want, doppel.Email); c.Value != "rob@x.com" {
		t.Errorf("per-field strategy not applied: %q", c.Value)
	}
	if c, _ := cell(want, doppel.FamilyName); c.Alternatives != 1 || c.Source != "web" {
		t.Errorf("family cell %+v", c)
	}
}

func TestGoldenIDStable(t *testing.T) {
	a := []Member{{Source: "crm", ID: "1"}, {Source: "bill", ID: "7"}}
	b := []Member{{Source: "bill", ID: "7"}, {Source: "crm", ID: "1"}, {Source: "web", ID: "3"}}
	if GoldenID(a) != GoldenID(b) {
		t.Errorf("adding a member that sorts later changed the id: %s vs %s", GoldenID(a), GoldenID(b))
	}
	c := []Member{{Source: "crm", ID: "1"}}
	if GoldenID(a) == GoldenID(c) {
		t.Errorf("different smallest member, same id %s", GoldenID(c))
	}
	if !strings.HasPrefix(GoldenID(a), "G") || len(GoldenID(a)) != 17 {
		t.Errorf("id format %q", GoldenID(a))
	}
}

func TestParseStrategy(t *testing.T) {
	for _, s := range []string{"most_complete", "most_frequent", "most_recent", "source_priority", "longest", "first_seen"} {
		if _, err := ParseStrategy(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	if _, err := ParseStrategy("newest"); err == nil {
		t.Error("unknown strategy accepted")
	}
}

func TestIDForms(t *testing.T) {
	cases := []struct{ source, id string }{{"crm", "1"}, {"", ""}, {"billing", "C-00017"}, {strings.Repeat("s", 200), "x"}}
	for _, c := range cases {
		id := IDOf(c.source, c.id)
		s := id.String()
		if got := GoldenID([]Member{{Source: c.source, ID: c.id}}); got != s {
			t.Errorf("%q/%q: GoldenID %s, IDOf %s", c.source, c.id, got, s)
		}
		if back, ok := ParseID(s); !ok || back != id {
			t.Errorf("ParseID(%s) = %v, %v; want %v", s, back, ok, id)
		}
	}
	// The hex of the first 8 bytes of sha256("crm\x001").
	if got, want := IDOf("crm", "1").String(), "G2fc90dbddda9c241"; got != want {
		t.Errorf("IDOf(crm, 1) = %s, want %s", got, want)
	}
	for _, bad := range []string{"", "G", "g0123456789abcdef", "G0123456789ABCDEF", "G0123456789abcde", "G0123456789abcdefa"} {
		if _, ok := ParseID(bad); ok {
			t.Errorf("ParseID(%q) accepted", bad)
		}
	}
	// IDs order like their strings.
	a, b := IDOf("a", "1"), IDOf("b", "2")
	if (a < b) != (a.String() < b.String()) {
		t.Errorf("order of %s and %s differs", a, b)
	}
}

// TestMergerReuse merges clusters of every size (including ones above the
// map threshold) with one Merger and checks each against a fresh Merge.
func TestMergerReuse(t *testing.T) {
	E, G := doppel.Email, doppel.GivenName
	opt := Options{PerField: map[doppel.Field]Strategy{E: MostFrequent}}
	mg := NewMerger(opt)
	for _, size := range []int{1, 2, 5, largeCluster, largeCluster + 1, 100} {
		mk := func() []Member {
			var ms []Member
			for k := range size {
				// Emails: two distinct keys once size >= 3.
				ms = append(ms, mem("s", string(rune('a'+k%26))+strings.Repeat("x", k/26), 0, "", "", map[doppel.Field]string{
					E: []string{"A@x.com", "a@x.com", "b@x.com"}[k%3], G: "Anna",
				}))
			}
			return ms
		}
		want := Merge(mk(), opt)
		got := mg.Merge(mk())
		if !slices.Equal(got, want.Cells) {
			t.Errorf("size %d: Merger %v, Merge %v", size, got, want.Cells)
		}
		c, _ := cell(want, E)
		wantAlt := 1 // A@x.com and a@x.com share a key
		if size >= 3 {
			wantAlt = 2
		}
		if c.Alternatives != wantAlt {
			t.Errorf("size %d: %d alternatives, want %d", size, c.Alternatives, wantAlt)
		}
	}
}
