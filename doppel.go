// Package doppel holds the domain types shared by every stage of the doppel
// pipeline: records read from departmental exports, the canonical fields they
// are mapped to, row-level errors and the run counts that must add up.
//
// The package depends on the standard library only. The stages live in
// subpackages: csvio (reading and writing CSV), normalize, match, merge,
// rules and cli.
package doppel

import (
	"errors"
	"fmt"
)

// Field is a canonical customer attribute. Source columns are mapped onto
// fields (automatically by header name, or by the rules file). Fields are
// small integers so that a record's values can live in a plain slice.
type Field uint8

// The canonical fields, in golden-record column order.
const (
	FullName     Field = iota // whole name in one column ("Robert Müller", "MUELLER, Bob")
	Title                     // honorific (Mr, Dr, Frau)
	GivenName                 // first name
	MiddleName                // middle names or initials
	FamilyName                // surname
	Gender                    // gender or sex
	BirthDate                 // date of birth
	Email                     // e-mail address
	Phone                     // phone number (landline or any)
	Mobile                    // mobile phone number
	Company                   // company or organisation
	Address                   // street address line (may hold number and street)
	StreetNumber              // house number
	Street                    // street name without number
	Address2                  // second address line (unit, building, locality)
	City                      // city, town or suburb
	State                     // state, region or province
	Postcode                  // postcode or ZIP
	Country                   // country
	NationalID                // national or tax identifier (SSN, NI number)
	CustomerRef               // a customer/loyalty number shared across systems (not the row id)
	Created                   // record creation date
	Updated                   // record last-update date
	NumFields                 // number of canonical fields; not a field
)

// String returns the canonical snake_case name of the field.
func (f Field) String() string {
	switch f {
	case FullName:
		return "full_name"
	case Title:
		return "title"
	case GivenName:
		return "given_name"
	case MiddleName:
		return "middle_name"
	case FamilyName:
		return "family_name"
	case Gender:
		return "gender"
	case BirthDate:
		return "birth_date"
	case Email:
		return "email"
	case Phone:
		return "phone"
	case Mobile:
		return "mobile"
	case Company:
		return "company"
	case Address:
		return "address"
	case StreetNumber:
		return "street_number"
	case Street:
		return "street"
	case Address2:
		return "address_2"
	case City:
		return "city"
	case State:
		return "state"
	case Postcode:
		return "postcode"
	case Country:
		return "country"
	case NationalID:
		return "national_id"
	case CustomerRef:
		return "customer_ref"
	case Created:
		return "created"
	case Updated:
		return "updated"
	}
	return fmt.Sprintf("field(%d)", int(f))
}

// ParseField returns the field with the given canonical name.
func ParseField(name string) (Field, bool) {
	for f := Field(0); f < NumFields; f++ {
		if f.String() == name {
			return f, true
		}
	}
	return 0, false
}

// Record is one data row of a source export after column mapping. Values is
// indexed by Field and has length NumFields; it holds the raw (trimmed but
// otherwise un-normalised) value of every mapped field, "" when missing.
type Record struct {
	Source string   // source name (file name without extension unless overridden)
	Line   int      // 1-based physical line where the row starts in the file
	ID     string   // record id: the id column, or the 1-based data row number
	Values []string // raw values by Field; len NumFields
}

// Get returns the raw value of field f ("" when missing).
func (r *Record) Get(f Field) string {
	if int(f) < len(r.Values) {
		return r.Values[f]
	}
	return ""
}

// RowError is a problem with one row (or one cell) of an input file. The row
// goes to the rejects file with this error as the reason; the run continues.
type RowError struct {
	File   string // path of the input file
	Line   int    // 1-based line where the row starts (0 if unknown)
	Column int    // 1-based column (0 if the whole row is affected)
	Err    error  // what is wrong
}

func (e *RowError) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	default:
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
}

// Unwrap returns the underlying error.
func (e *RowError) Unwrap() error { return e.Err }

// Sentinel errors carried inside RowError.
var (
	ErrFieldCount  = errors.New("wrong number of fields")
	ErrFieldSize   = errors.New("field exceeds size limit")
	ErrEncoding    = errors.New("invalid text encoding")
	ErrQuote       = errors.New("broken quoting")
	ErrEmptyID     = errors.New("empty record id")
	ErrDuplicateID = errors.New("duplicate record id")
)

// Counts are the row counts of one run. They must add up: every data row
// that was read is either in the crosswalk or in the rejects file.
type Counts struct {
	Read     int   `json:"read"`     // data rows read from all inputs
	Accepted int   `json:"accepted"` // rows that reached the crosswalk
	Rejected int   `json:"rejected"` // rows written to rejects.csv
	Golden   int   `json:"golden"`   // golden records written
	Clusters int   `json:"clusters"` // clusters with more than one record
	Compared int64 `json:"compared"` // candidate pairs scored
	Matched  int64 `json:"matched"`  // pairs at or above the match threshold
}

// Check reports an error when the counts do not add up.
func (c Counts) Check() error {
	if c.Read != c.Accepted+c.Rejected {
		return fmt.Errorf("counts do not add up: read %d != accepted %d + rejected %d", c.Read, c.Accepted, c.Rejected)
	}
	return nil
}
