package normalize

import (
	"testing"

	"github.com/doppel-dev/doppel"
)

// TestValue checks the golden form of one value of each kind of field.
func TestValue(t *testing.T) {
	n, err := New(Options{Region: "DE", DateOrder: "DMY"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		f       doppel.Field
		raw     string
		keys    bool
		want    doppel.Value
		comment string
	}{
		{doppel.GivenName, "  Jürgen ", true, doppel.Value{Display: "Jürgen", Key: "jurgen", Valid: true}, "name: cleaned, name key"},
		{doppel.GivenName, "Jürgen", false, doppel.Value{Display: "Jürgen", Valid: true}, "no key when not needed"},
		{doppel.Email, "Ann.Lee+shop@Example.ORG", true, doppel.Value{Display: "ann.lee+shop@example.org", Key: "ann.lee@example.org", Valid: true}, "e-mail lower-cased, key without tag"},
		{doppel.Email, "not an address", true, doppel.Value{Display: "not an address", Key: "not an address", Valid: false}, "invalid e-mail kept, not valid"},
		{doppel.BirthDate, "03.04.1981", false, doppel.Value{Display: "1981-04-03", Key: "1981-04-03", Valid: true}, "date in ISO form"},
		{doppel.Updated, "someday", true, doppel.Value{Display: "someday"}, "bad date kept, not valid"},
		{doppel.Country, "Deutschland", true, doppel.Value{Display: "DE", Key: "DE", Valid: true}, "country as ISO code"},
		{doppel.Gender, "weiblich", true, doppel.Value{Display: "f", Key: "f", Valid: true}, "gender code"},
		{doppel.Company, "ACME  GmbH", true, doppel.Value{Display: "ACME GmbH", Key: "acme gmbh", Valid: true}, "text keeps case"},
		{doppel.Postcode, "1010", false, doppel.Value{Display: "1010", Valid: true}, "postcode without key"},
		{doppel.City, "   ", true, doppel.Value{}, "blank is missing"},
	}
	for _, tt := range tests {
		if got := n.Value(tt.f, tt.raw, "", tt.keys); got != tt.want {
			t.Errorf("%s: Value(%s, %q, keys=%v) = %+v, want %+v", tt.comment, tt.f, tt.raw, tt.keys, got, tt.want)
		}
	}
	if got := n.PhoneValue("030 1234567", "+49301234567"); got != (doppel.Value{Display: "+49301234567", Key: "+49301234567", Valid: true}) {
		t.Errorf("PhoneValue parsed = %+v", got)
	}
	if got := n.PhoneValue(" 12 ", "12"); got != (doppel.Value{Display: "12", Key: "12"}) {
		t.Errorf("PhoneValue unparsed = %+v", got)
	}
}
