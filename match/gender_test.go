package match

import "testing"

// TestDeriveGenders: a given name's gender is lent to the records of
// that name without one when enough records state it and agree; a name
// stated both ways, or too rarely, lends nothing; stated genders are never
// overwritten.
func TestDeriveGenders(t *testing.T) {
	rec := func(given, gender string) Features { return Features{Given: given, Gender: gender} }
	feats := []Features{
		rec("marie", "f"), rec("marie", "f"), rec("marie", "f"), rec("marie", ""), // learnt: f
		rec("pierre", "m"), rec("pierre", "m"), rec("pierre", "m"), rec("pierre", "m"), rec("pierre", ""), // learnt: m
		rec("andrea", "f"), rec("andrea", "m"), rec("andrea", "f"), rec("andrea", "f"), rec("andrea", ""), // 75%: none
		rec("kim", "f"), rec("kim", "f"), rec("kim", ""), // two records: none
		rec("marie", "m"), // stated against the name's: kept
		rec("", ""),       // no given name
		rec("lone", ""),   // a name nobody states
	}
	// Marie: 20 stating records, one of them "m": 95% -> still lent.
	for range 16 {
		feats = append(feats, rec("marie", "f"))
	}
	st, err := NewStore(feats)
	if err != nil {
		t.Fatal(err)
	}
	got, d := st.Derive(2)
	inf := d.Genders
	for i, want := range map[int]string{3: "f", 8: "m", 13: "", 16: "", 17: "m", 18: "", 19: "", 0: "f"} {
		if g := got.At(i).Gender; g != want {
			t.Errorf("record %d (%q): gender %q, want %q", i, feats[i].Given, g, want)
		}
		if g := st.At(i).Gender; g != feats[i].Gender {
			t.Errorf("record %d: the original store changed (%q)", i, g)
		}
	}
	if inf.Names != 2 || inf.Records != 2 {
		t.Errorf("learnt %d names, lent to %d records; want 2 and 2", inf.Names, inf.Records)
	}
	// Nothing stated: the same store back.
	none, _ := NewStore([]Features{rec("marie", ""), rec("pierre", "")})
	if back, d := none.Derive(2); back != none || d.Genders.Records != 0 {
		t.Errorf("no gender stated: got a new store (lent %d)", d.Genders.Records)
	}
}
