// Package rules maps source columns to doppel's canonical fields and reads
// the declarative rules file.
//
// # Zero-config mapping
//
// Without a rules file every input is mapped by its header names (see
// AutoMap): "Vorname", "first_name", "Given Name" and "prénom" all feed
// given_name; "Kundennr", "customer_id" or a first column named "<x>_id"
// is the record id. A rules file is only needed to correct or complete
// that mapping and to tune matching and survivorship.
//
// # Rules file format
//
// The rules file is plain UTF-8 text in an INI-like format:
//
//   - A line whose first non-blank character is '#' or ';' is a comment, and
//     so is everything from a '#' that starts a line or follows a space or
//     tab. Blank lines are ignored.
//   - "[name]" starts a section. The sections are [source NAME] (one per
//     input source, any number), [match], [survivorship] and [audit] (each
//     at most once; [gates] is another name for [audit]). Section kinds and keys are case-insensitive; the header in a
//     column.<header> key keeps its case.
//   - "key = value" sets a key of the current section. Spaces around keys
//     and values are trimmed. A value (or the header in a column.* key) may
//     be wrapped in double quotes to keep a '#' after a space, an '=' or
//     leading and trailing spaces; there are no escapes.
//   - Every key may appear once per section; every section once.
//
// A complete example:
//
//	# doppel rules
//	[source crm]                 # a section per source; the name is the source name used in outputs
//	file = crm_export*.csv       # which input: base name or glob on it, or with '/' a path or glob relative
//	                             # to this file's folder; default: a file whose stem equals the section name
//	encoding = windows-1252      # utf-8, utf-16, utf-16le, utf-16be, windows-1252, cp1252,
//	                             # latin1, iso-8859-1, iso-8859-15 or auto (the default)
//	delimiter = ;                # one character, or tab, comma, semicolon, pipe, space; default: sniffed
//	id = CustNo                  # record-id column; default: found by name, else the data row number
//	region = DE                  # default phone region for this source (ISO 3166 code)
//	date_order = DMY             # DMY, MDY or YMD, for ambiguous dates such as 03/04/1980
//	date_order.created = MDY     # the order of one date field (birth_date, created, updated), over date_order
//	priority = 1                 # source priority for survivorship (1 = most trusted)
//	column.Vorname = given_name  # explicit mapping: header -> canonical field; overrides the auto mapping
//	column.Notes = ignore        # never map this column
//	column."Tel # privat" = phone
//
//	[source webshop]
//	file = shop-*.csv
//	auto = false                 # turn off auto mapping for this source: only id and column.* lines count
//	id = order_customer
//	column.mail = email
//	column.zip = postcode
//
//	[match]
//	threshold = 0.9              # match probability at or above which two records are merged (0..1]
//	link_only = false            # true: only link records of different sources
//	max_cluster = 50             # chaining guard: largest cluster that is merged
//	region = GB                  # default phone region for all sources
//	date_order = DMY             # default date order for all sources
//	fields = given_name, family_name, birth_date, email, postcode   # optional: the fields used as evidence
//	distinct = national_id       # hard rule: different non-empty values never share a cluster
//	review_low = 0.1             # pairs with match probability in [review_low, review_high)
//	review_high = 0.9            # are listed in review.csv for a steward
//
//	[survivorship]
//	default = most_complete      # most_complete, most_frequent, most_recent, source_priority, longest, first_seen
//	email = most_recent          # a strategy per canonical field
//	phone = most_frequent
//
//	[audit]                      # quality gates for `doppel audit` (see Gate): one per line
//	email.fill >= 0.8            # METRIC OP NUMBER; no key = value here
//	rejects == 0
//	crm:duplicates.rate <= 5%    # SOURCE:METRIC limits a gate to one source
//
// The canonical field names are those of doppel.Field: full_name, title,
// given_name, middle_name, family_name, name_reading, gender, birth_date,
// birth_place, email, phone, mobile, phone_2, company, address,
// street_number, street, address_2, city, state, postcode, country,
// national_id, customer_ref, created, updated.
//
// A column.* header is matched exactly, else ignoring case, accents and
// punctuation when that is unambiguous. The id column never feeds a field.
//
// A field split over several columns is mapped part by part, as
// <field>.<part>: a date (birth_date, created, updated) by its year, month
// and day columns, and a name, text, address or phone field by numbered
// components that are joined with a space in their number order:
//
//	column.by = birth_date.year     # the year is needed; a day needs its month
//	column.bm = birth_date.month
//	column.bd = birth_date.day
//	column.fname_c1 = given_name.1  # components from 1 without a gap, at least two
//	column.fname_c2 = given_name.2
//
// A field is mapped whole or in parts, not both, and each part once.
//
// The order of a date field's ambiguous numeric dates is, from the first
// that applies: its date_order.<field> line in the source's section, the
// section's date_order, --date-order, date_order in [match], and else the
// column's own values (see Source.DateOrderOf).
//
// Everything is validated when the file is loaded, before any input is read;
// every error names the file and line, for example
//
//	rules.conf:12: column.Mail: unknown field "emial" (did you mean "email"?)
//
// and up to ten errors are reported at once. A configured column missing
// from an input's header is reported when that input is opened (see
// Source.Apply), naming the section's line and listing the headers found.
package rules
