package match

import (
	"strconv"
)

// BlockOptions control candidate generation.
type BlockOptions struct {
	// MaxBlock is the largest block compared all-pairs; larger blocks (a
	// common key such as a frequent name or a placeholder value) fall back
	// to a sorted neighbourhood of Window records on either side. 0 means 24.
	MaxBlock int
	// Window is the sorted-neighbourhood half-width for oversized blocks. 0
	// means 3: on every benchmark set 3 finds as many true pairs as 4 did,
	// with 14% fewer candidates at 1M records (README, "How it works").
	Window int
	// LinkOnly keeps only pairs whose records come from different sources.
	LinkOnly bool
}

func (o BlockOptions) withDefaults() BlockOptions {
	if o.MaxBlock <= 0 {
		o.MaxBlock = 24
	}
	if o.Window <= 0 {
		o.Window = 3
	}
	return o
}

// blockKeys appends the blocking keys of f to dst. Several keys per record
// (OR-blocking) make sure that one typo or missing value does not hide a
// duplicate: a pair becomes a candidate if it shares any key.
func blockKeys(dst []blockKey, f *Features) []blockKey {
	var h hasher
	add := func(kind byte, parts ...string) {
		for _, p := range parts {
			if p == "" {
				return
			}
		}
		h.reset(kind)
		for _, p := range parts {
			h.str(p)
		}
		dst = append(dst, blockKey{h.sum(), kind})
	}
	gp, fp := f.GivenPh, f.FamilyPh
	if gp == "" {
		gp = f.Given
	}
	if fp == "" {
		fp = f.Family
	}
	// Names in either order (swapped given and family names block together).
	if gp > fp {
		add(1, fp, gp)
	} else {
		add(1, gp, fp)
	}
	gi, fi := initial(f.Given), initial(f.Family)
	var dob, year string
	if f.BirthDate != 0 {
		dob = strconv.Itoa(int(f.BirthDate))
		year = strconv.Itoa(f.BirthDate.Year())
	}
	add(2, dob, fi)
	add(3, dob, gi)
	add(4, fp, year)
	add(5, gp, year)
	add(6, f.Postcode, f.StreetNo)
	add(7, f.Postcode, fp)
	add(8, f.Postcode, gp)
	add(9, f.Email)
	add(10, f.Phone)
	add(11, f.Mobile)
	add(12, f.NationalID)
	add(13, f.Ref)
	add(14, f.Street, f.StreetNo, fi)
	add(15, f.City, fp, gi)
	add(16, f.FullName)
	// Single-attribute keys: loose, but oversized blocks fall back to a
	// sorted neighbourhood, so they stay linear.
	add(19, fp)
	add(20, gp)
	add(21, dob)
	add(22, f.EmailUser)
	if f.Given == "" && f.Family == "" {
		add(17, f.Company, f.Postcode)
		add(18, f.Company, f.City)
	}
	// Mobile shared as landline in another system.
	if f.Mobile != "" {
		h.reset(10)
		h.str(f.Mobile)
		dst = append(dst, blockKey{h.sum(), 10})
	}
	return dst
}

// blockKey is a blocking key: the hash of its kind and values, and the kind.
type blockKey struct {
	hash uint64
	kind byte
}

// keyComparisons names the comparisons whose agreement a key kind selects
// for: a pair that is a candidate because it shares such a key tells
// nothing about how often true matches agree there, so EM leaves those
// comparisons out for that pair (Splink does the same per blocking rule).
func keyComparisons(kind byte) []string {
	switch kind {
	case 1, 16:
		return []string{"given_name", "family_name"}
	case 2, 4:
		return []string{"birth_date", "family_name"}
	case 3, 5:
		return []string{"birth_date", "given_name"}
	case 6:
		return []string{"postcode", "street_number"}
	case 7:
		return []string{"postcode", "family_name"}
	case 8:
		return []string{"postcode", "given_name"}
	case 9, 22:
		return []string{"email"}
	case 10, 11:
		return []string{"phone"}
	case 12:
		return []string{"national_id"}
	case 13:
		return []string{"customer_ref"}
	case 14:
		return []string{"street", "street_number", "family_name"}
	case 15:
		return []string{"city", "family_name", "given_name"}
	case 17:
		return []string{"company", "postcode"}
	case 18:
		return []string{"company", "city"}
	case 19:
		return []string{"family_name"}
	case 20:
		return []string{"given_name"}
	case 21:
		return []string{"birth_date"}
	}
	return nil
}

func initial(s string) string {
	if s == "" {
		return ""
	}
	return s[:1]
}

// hasher is FNV-1a 64 over a key kind and length-prefixed parts.
type hasher struct{ h uint64 }

func (h *hasher) reset(kind byte) {
	h.h = 14695981039346656037
	h.byte(kind)
}

func (h *hasher) byte(b byte) {
	h.h ^= uint64(b)
	h.h *= 1099511628211
}

func (h *hasher) str(s string) {
	for i := 0; i < len(s); i++ {
		h.byte(s[i])
	}
	h.byte(0xff)
}

func (h *hasher) sum() uint64 { return h.h }
