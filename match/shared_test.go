package match

import (
	"fmt"
	"testing"

	"github.com/doppel-dev/doppel"
)

// TestDeriveShared: a value that more than sharedPeople given
// names carry reads as missing on every record that carries it, in
// whichever phone field; a person's own value on many records, a value of
// few people, and the values of records without a given name are kept.
func TestDeriveShared(t *testing.T) {
	var feats []Features
	add := func(f Features) int {
		feats = append(feats, f)
		return len(feats) - 1
	}
	// A shop's e-mail and phone, given for six different customers (one
	// as a mobile).
	var shop []int
	for k := range 6 {
		f := Features{Given: fmt.Sprintf("name%d", k), Family: "x", Email: "kasse@shop.de", Phone: "+49309098"}
		if k == 5 {
			f.Phone, f.Mobile = "", "+49309098"
		}
		shop = append(shop, add(f))
	}
	// One person's address on eight records, in two spellings of the name.
	var own []int
	for k := range 8 {
		own = append(own, add(Features{Given: []string{"robert", "bob"}[k%2], Email: "bob@x.de", NationalID: "123"}))
	}
	// A household of five sharing a landline.
	var home []int
	for k := range 5 {
		home = append(home, add(Features{Given: fmt.Sprintf("kid%d", k), Phone: "+4930555"}))
	}
	// Companies sharing a switchboard: no given name, nothing counted.
	var firms []int
	for k := range 7 {
		firms = append(firms, add(Features{Company: fmt.Sprintf("firm %d", k), Phone: "+49301111"}))
	}
	st, err := NewStore(feats)
	if err != nil {
		t.Fatal(err)
	}
	got, d := st.Derive(2)
	found := d.Shared
	for _, i := range shop {
		if f := got.At(i); f.Email != "" || f.EmailUser != "" || f.Phone != "" || f.Mobile != "" {
			t.Errorf("shop record %d keeps a shared value: %+v", i, f)
		}
		if f := st.At(i); f.Email == "" {
			t.Errorf("the original store changed")
		}
	}
	for _, i := range own {
		if f := got.At(i); f.Email != "bob@x.de" || f.NationalID != "123" {
			t.Errorf("one person's own values lost: %+v", f)
		}
	}
	for _, i := range home {
		if got.At(i).Phone == "" {
			t.Errorf("a household of five lost its landline")
		}
	}
	for _, i := range firms {
		if got.At(i).Phone == "" {
			t.Errorf("a company lost its switchboard number")
		}
	}
	want := []doppel.SharedValue{{Field: "email", Value: "kasse@shop.de", Records: 6, People: 6}, {Field: "phone", Value: "+49309098", Records: 6, People: 6}}
	if fmt.Sprint(found) != fmt.Sprint(want) {
		t.Errorf("found %v, want %v", found, want)
	}
	// Run again on the result, which reads them as missing already:
	// nothing more is shared, and the same store comes back.
	if back, again := got.Derive(2); back != got || len(again.Shared) != 0 {
		t.Errorf("second run: found %v", again.Shared)
	}
	clean, _ := NewStore(feats[len(shop):])
	if back, d := clean.Derive(2); back != clean || d.Shared != nil {
		t.Errorf("nothing shared: got a new store, found %v", d.Shared)
	}
}
