package doppel

import "testing"

// TestRegistry checks the invariants that the rest of doppel relies on:
// every field has exactly one entry at its own index, names are unique
// and round-trip through ParseField, and hard rules are compared fields.
func TestRegistry(t *testing.T) {
	seen := map[string]Field{}
	for f := Field(0); f < NumFields; f++ {
		s := Spec(f)
		if s.Field != f {
			t.Errorf("entry %d is for field %d", f, s.Field)
		}
		if s.Name == "" || s.Doc == "" || s.Kind == 0 {
			t.Errorf("field %d: incomplete entry %+v", f, s)
		}
		if prev, ok := seen[s.Name]; ok {
			t.Errorf("name %q used by %d and %d", s.Name, prev, f)
		}
		seen[s.Name] = f
		if g, ok := ParseField(s.Name); !ok || g != f {
			t.Errorf("ParseField(%q) = %d, %v", s.Name, g, ok)
		}
		if s.HardRule && !f.Compared() {
			t.Errorf("%s is a hard rule but no comparison reads it", s.Name)
		}
	}
	if _, ok := ParseField("nosuch"); ok {
		t.Error("ParseField accepted an unknown name")
	}
	if s := Spec(NumFields); s.Name != "" {
		t.Errorf("Spec(NumFields) = %+v", s)
	}
	if got := Field(200).String(); got != "field(200)" {
		t.Errorf("String of a non-field = %q", got)
	}
}
