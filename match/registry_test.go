package match

import (
	"slices"
	"testing"

	"github.com/doppel-dev/doppel"
)

// TestRegistryComparisons holds the field registry and the comparison
// table together: every comparison a field names exists, every comparison
// is read from some field, and a field can be a hard rule exactly when its
// first comparison extracts a hard-rule value.
func TestRegistryComparisons(t *testing.T) {
	all := allComparisons()
	byName := map[string]Comparison{}
	for _, c := range all {
		byName[c.Name] = c
	}
	read := map[string]bool{}
	for _, s := range doppel.Specs() {
		for _, name := range s.Evidence {
			if _, ok := byName[name]; !ok {
				t.Errorf("field %s names comparison %q, which does not exist", s.Name, name)
			}
			read[name] = true
		}
		if s.HardRule {
			if c, ok := byName[s.Name]; !ok || c.hard == nil {
				t.Errorf("field %s is a hard rule but comparison %q has no hard-rule value", s.Name, s.Name)
			}
		}
	}
	for _, c := range all {
		if !read[c.Name] {
			t.Errorf("comparison %s is read from no field of the registry", c.Name)
		}
		if c.hard != nil && !doppel.Spec(fieldNamed(t, c.Name)).HardRule {
			t.Errorf("comparison %s has a hard-rule value but its field is no hard rule", c.Name)
		}
		if c.level == nil && c.Name != "given_name" && c.Name != "family_name" {
			t.Errorf("comparison %s has no level function", c.Name)
		}
	}
}

func fieldNamed(t *testing.T, name string) doppel.Field {
	t.Helper()
	f, ok := doppel.ParseField(name)
	if !ok {
		t.Fatalf("no field named %q", name)
	}
	return f
}

// TestDistinctValues checks that a hard rule reads the value of its own
// field from every record.
func TestDistinctValues(t *testing.T) {
	feats := []Features{
		{NationalID: "123", Email: "a@x.org", BirthDate: 19800102, Phone: "+1555", Gender: "F", Ref: "R1"},
		{},
	}
	st, err := NewStore(feats)
	if err != nil {
		t.Fatal(err)
	}
	got := distinctValues(st, []string{"national_id", "email", "birth_date", "phone", "gender", "customer_ref", "given_name"})
	want := [][]string{{"123", ""}, {"a@x.org", ""}, {"19800102", ""}, {"+1555", ""}, {"F", ""}, {"R1", ""}, {"", ""}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("distinctValues = %q, want %q", got, want)
	}
}

// TestSecondPhone: a second phone (phone_2) is evidence like any other
// phone of the record: it agrees with the other record's phone or mobile,
// it makes the phone comparison present, and it is a blocking key of the
// phone kind.
func TestSecondPhone(t *testing.T) {
	a := Features{Phone: "+4930111111", Phone2: "+4989222222"}
	b := Features{Mobile: "+4989222222"}
	if l := phoneLevel(&a, &b); l != 0 {
		t.Errorf("phone_2 against mobile: level %d, want 0 (exact)", l)
	}
	c := Features{Phone2: "+4989222222"}
	phone := allComparisons()[slices.IndexFunc(allComparisons(), func(c Comparison) bool { return c.Name == "phone" })]
	if !phone.has(&c) {
		t.Error("a record with only a second phone has no phone evidence")
	}
	blk := NewBlocker()
	shared := 0
	for _, ka := range blk.Keys(nil, &b) {
		for _, kc := range blk.Keys(nil, &c) {
			if ka == kc && ka.Kind() == keyPhone {
				shared++
			}
		}
	}
	if shared == 0 {
		t.Error("mobile and second phone share no phone blocking key")
	}
}

// TestBirthPlace: the place of birth is compared like a town (exact,
// Jaro-Winkler >= 0.90, differs, missing), with its own term frequencies,
// and with the names it is a blocking key, apart from the address's city.
func TestBirthPlace(t *testing.T) {
	comps := allComparisons()
	bp := comps[slices.IndexFunc(comps, func(c Comparison) bool { return c.Name == "birth_place" })]
	if bp.TF != tfBirthPlace {
		t.Errorf("birth_place has term-frequency table %d, want tfBirthPlace", bp.TF)
	}
	for _, tc := range []struct {
		a, b string
		want int8
	}{
		{"shrewsbury", "shrewsbury", 0},
		{"shrewsbury", "shrewsbery", 1},
		{"shrewsbury", "lincoln", 2},
		{"", "lincoln", Missing},
	} {
		a, b := Features{BirthPlace: tc.a, ASCII: true}, Features{BirthPlace: tc.b, ASCII: true}
		if l := bp.level(&a, &b); l != tc.want {
			t.Errorf("birth_place %q / %q: level %d, want %d", tc.a, tc.b, l, tc.want)
		}
	}
	a := Features{Given: "mary", Family: "hay", BirthPlace: "shrewsbury", ASCII: true}
	b := Features{Given: "mary", Family: "hay", City: "shrewsbury", ASCII: true}
	c := Features{Given: "mary", Family: "hay", BirthPlace: "shrewsbury", City: "london", ASCII: true}
	blk := NewBlocker()
	kinds := func(x, y *Features) map[byte]bool {
		out := map[byte]bool{}
		for _, kx := range blk.Keys(nil, x) {
			for _, ky := range blk.Keys(nil, y) {
				if kx == ky {
					out[kx.Kind()] = true
				}
			}
		}
		return out
	}
	if k := kinds(&a, &c); !k[keyBirthPlace] {
		t.Error("two records of one name and place of birth share no birth-place key")
	}
	if k := kinds(&a, &b); k[keyBirthPlace] || k[keyCity] {
		t.Error("a place of birth and a city of residence share a key")
	}
}
