package doppel

// Kind says what a canonical field holds. It decides how a value is
// normalised for display and for matching keys (normalize), which
// comparison reads it (match) and how survivorship judges its quality
// (merge).
type Kind uint8

// The kinds of field.
const (
	KindName       Kind = iota + 1 // one part of a person's name: name-folded key, nickname-aware
	KindFullName                   // a whole name, parsed into its parts for matching
	KindText                       // free text kept with its case and accents (company, city)
	KindAddress                    // a street address line, parsed into number, street and unit
	KindNumber                     // a house number or similar short code
	KindDate                       // a calendar date, shown in ISO form
	KindEmail                      // an e-mail address
	KindPhone                      // a phone number, shown in E.164
	KindPostcode                   // a postcode or ZIP (leading zeros restored by country)
	KindCountry                    // a country, shown as its ISO 3166 code
	KindGender                     // a gender or sex, shown as F, M or X
	KindIdentifier                 // an identifier compared without separators
)

// FieldSpec is everything doppel knows about one canonical field, in one
// place: its name, what it holds, the comparisons it is evidence for, and
// how survivorship and hard rules treat it. The registry (Spec, Specs) is
// a literal table read by rules (validation), normalize (display values),
// match (evidence), merge (quality) and the outputs.
type FieldSpec struct {
	Field Field  // the field
	Name  string // canonical snake_case name (golden.csv column, rules file)
	Doc   string // one-line description
	Kind  Kind   // what the field holds
	// Evidence names the match comparisons that read this field (nil: the
	// field is carried to the golden record but never compared). Listing
	// the field under [match] fields enables exactly these comparisons.
	Evidence []string
	// HardRule is true when the field can be a hard rule ([match] distinct):
	// two records whose values both exist and differ are never merged.
	HardRule bool
	// MixedCase is true when survivorship prefers a mixed-case value
	// ("Müller") over one in all capitals or all lower case.
	MixedCase bool
}

// fieldSpecs is the registry, indexed by Field. It is never written.
var fieldSpecs = [NumFields]FieldSpec{
	FullName:     {FullName, "full_name", "whole name in one column (\"Robert Müller\", \"MUELLER, Bob\")", KindFullName, []string{"given_name", "family_name"}, false, true},
	Title:        {Title, "title", "honorific (Mr, Dr, Frau)", KindName, nil, false, false},
	GivenName:    {GivenName, "given_name", "first name", KindName, []string{"given_name"}, false, true},
	MiddleName:   {MiddleName, "middle_name", "middle names or initials", KindName, nil, false, true},
	FamilyName:   {FamilyName, "family_name", "surname", KindName, []string{"family_name"}, false, true},
	NameReading:  {NameReading, "name_reading", "the name's reading or Latin spelling in a column of its own (フリガナ, 拼音, 영문이름): matched in place of a name in Han characters", KindFullName, []string{"given_name", "family_name"}, false, false},
	Gender:       {Gender, "gender", "gender or sex", KindGender, []string{"gender"}, true, false},
	BirthDate:    {BirthDate, "birth_date", "date of birth", KindDate, []string{"birth_date"}, true, false},
	BirthPlace:   {BirthPlace, "birth_place", "place of birth (town or city, as on an identity document)", KindText, []string{"birth_place"}, false, true},
	Email:        {Email, "email", "e-mail address", KindEmail, []string{"email"}, true, false},
	Phone:        {Phone, "phone", "phone number (landline or any)", KindPhone, []string{"phone"}, true, false},
	Mobile:       {Mobile, "mobile", "mobile phone number", KindPhone, []string{"phone"}, false, false},
	Phone2:       {Phone2, "phone_2", "a second phone number (work, other)", KindPhone, []string{"phone"}, false, false},
	Company:      {Company, "company", "company or organisation", KindText, []string{"company"}, false, true},
	Address:      {Address, "address", "street address line (may hold number and street)", KindAddress, []string{"street_number", "street", "address_2"}, false, true},
	StreetNumber: {StreetNumber, "street_number", "house number", KindNumber, []string{"street_number"}, false, false},
	Street:       {Street, "street", "street name without number", KindText, []string{"street"}, false, true},
	Address2:     {Address2, "address_2", "second address line (unit, building, locality)", KindText, []string{"address_2"}, false, true},
	City:         {City, "city", "city, town or suburb", KindText, []string{"city"}, false, true},
	State:        {State, "state", "state, region or province", KindText, []string{"state"}, false, false},
	Postcode:     {Postcode, "postcode", "postcode or ZIP", KindPostcode, []string{"postcode"}, false, false},
	Country:      {Country, "country", "country", KindCountry, []string{"country"}, false, false},
	NationalID:   {NationalID, "national_id", "national or tax identifier (SSN, NI number)", KindIdentifier, []string{"national_id"}, true, false},
	CustomerRef:  {CustomerRef, "customer_ref", "a customer or loyalty number shared across systems (not the row id)", KindIdentifier, []string{"customer_ref"}, true, false},
	Created:      {Created, "created", "record creation date", KindDate, nil, false, false},
	Updated:      {Updated, "updated", "record last-update date", KindDate, nil, false, false},
}

// Spec returns the registry entry of field f (the zero FieldSpec for a
// value that is not a field).
func Spec(f Field) FieldSpec {
	if f >= NumFields {
		return FieldSpec{}
	}
	return fieldSpecs[f]
}

// Specs returns the registry entries of all fields, in Field order. The
// slice is new on every call.
func Specs() []FieldSpec {
	return append([]FieldSpec(nil), fieldSpecs[:]...)
}

// DateFields returns the fields that hold calendar dates (KindDate), in
// field order.
func DateFields() []Field {
	var out []Field
	for f := Field(0); f < NumFields; f++ {
		if f.Kind() == KindDate {
			out = append(out, f)
		}
	}
	return out
}

// Kind returns the kind of field f (0 for a value that is not a field),
// without copying its registry entry: for hot paths.
func (f Field) Kind() Kind {
	if f >= NumFields {
		return 0
	}
	return fieldSpecs[f].Kind
}

// MixedCase reports whether survivorship prefers mixed case for f (see
// FieldSpec.MixedCase).
func (f Field) MixedCase() bool { return f < NumFields && fieldSpecs[f].MixedCase }

// Compared reports whether f is evidence for at least one comparison.
func (f Field) Compared() bool { return len(Spec(f).Evidence) > 0 }

// Value is one field's value prepared for the golden record: its display
// form, its matching key (values with equal keys count as the same value
// in survivorship) and whether it passed validation.
type Value struct {
	Display string // the value as it appears in the golden record ("" = missing)
	Key     string // the matching key
	Valid   bool   // the value passed validation (e-mail syntax, phone number, date)
}
