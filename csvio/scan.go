package csvio

import "unicode/utf8"

// scanState is the state of scanner, a byte-at-a-time mirror of the CSV
// grammar that encoding/csv accepts with LazyQuotes=false. It is used where
// record and field boundaries must be known without parsing: delimiter
// sniffing, the memory guard in front of encoding/csv, and locating the field
// of a quote error.
type scanState uint8

const (
	stRecordStart scanState = iota // at the start of a record (a blank line is still possible)
	stRecordCR                     // a '\r' at the start of a record (blank CRLF line?)
	stFieldStart                   // after a delimiter
	stUnquoted                     // inside an unquoted field
	stQuoted                       // inside a quoted field
	stQuoteSeen                    // a '"' inside a quoted field: closing quote or first of a pair
	stQuoteCR                      // closing quote followed by '\r' ('\n' must follow)
	stSkipLine                     // after a quote error encoding/csv drops the rest of the physical line
)

// Scanner events, returned by step.
const (
	evNone       uint8 = iota
	evFieldEnd         // a delimiter ended a field; the record continues
	evRecordEnd        // a newline ended a record
	evBlank            // a blank line (not a record)
	evQuoteError       // bare quote or extraneous quote: encoding/csv reports ErrBareQuote/ErrQuote
	evSkipEnd          // the line after a quote error ended; back at the start of a record
)

// scanner mirrors encoding/csv's record grammar (LazyQuotes=false,
// TrimLeadingSpace=false, no comments). After evQuoteError the rest of the
// physical line is skipped, exactly as encoding/csv does after a ParseError.
// If the error byte itself is '\n' the state is already stRecordStart.
type scanner struct {
	delim [utf8.UTFMax]byte // UTF-8 encoding of the delimiter
	dlen  int               // length of delim
	dm    int               // bytes of a multi-byte delimiter matched so far
	st    scanState
}

func newScanner(delim rune) scanner {
	var s scanner
	s.dlen = utf8.EncodeRune(s.delim[:], delim)
	return s
}

// step advances the scanner by one byte and reports what the byte completed.
func (s *scanner) step(c byte) uint8 {
	switch s.st {
	case stRecordStart, stFieldStart:
		switch {
		case c == '"':
			s.st = stQuoted
			return evNone
		case c == '\n':
			if s.st == stRecordStart {
				return evBlank
			}
			s.st = stRecordStart
			return evRecordEnd
		case c == '\r' && s.st == stRecordStart:
			s.st = stRecordCR
			return evNone
		}
		s.st, s.dm = stUnquoted, 0
		return s.unquoted(c)
	case stRecordCR:
		if c == '\n' {
			s.st = stRecordStart
			return evBlank
		}
		s.st, s.dm = stUnquoted, 0
		return s.unquoted(c)
	case stUnquoted:
		return s.unquoted(c)
	case stQuoted:
		if c == '"' {
			s.st, s.dm = stQuoteSeen, 0
		}
		return evNone
	case stQuoteSeen:
		if s.dm == 0 {
			switch c {
			case '"':
				s.st = stQuoted
				return evNone
			case '\n':
				s.st = stRecordStart
				return evRecordEnd
			case '\r':
				s.st = stQuoteCR
				return evNone
			}
		}
		if c == s.delim[s.dm] {
			s.dm++
			if s.dm == s.dlen {
				s.st, s.dm = stFieldStart, 0
				return evFieldEnd
			}
			return evNone
		}
		return s.quoteError(c)
	case stQuoteCR:
		if c == '\n' {
			s.st = stRecordStart
			return evRecordEnd
		}
		return s.quoteError(c)
	case stSkipLine:
		if c == '\n' {
			s.st = stRecordStart
			return evSkipEnd
		}
	}
	return evNone
}

func (s *scanner) quoteError(c byte) uint8 {
	s.st, s.dm = stSkipLine, 0
	if c == '\n' {
		s.st = stRecordStart
	}
	return evQuoteError
}

func (s *scanner) unquoted(c byte) uint8 {
	switch c {
	case '\n':
		s.st, s.dm = stRecordStart, 0
		return evRecordEnd
	case '"':
		s.st, s.dm = stSkipLine, 0
		return evQuoteError
	}
	if c == s.delim[s.dm] {
		s.dm++
		if s.dm == s.dlen {
			s.st, s.dm = stFieldStart, 0
			return evFieldEnd
		}
		return evNone
	}
	// A lead byte never equals a continuation byte, so restarting the
	// match at this byte is exact for UTF-8 delimiters.
	s.dm = 0
	if c == s.delim[0] {
		s.dm = 1
	}
	return evNone
}

// atRecordStart reports whether the scanner is between records.
func (s *scanner) atRecordStart() bool { return s.st == stRecordStart }

// quoteErrorField returns the 1-based field in which the first quote error
// of the record text raw occurs, or 0 if raw holds no quote error (raw may
// be a truncated prefix of the record).
func quoteErrorField(raw []byte, delim rune) int {
	s := newScanner(delim)
	fields := 0
	for _, c := range raw {
		switch s.step(c) {
		case evFieldEnd:
			fields++
		case evQuoteError:
			return fields + 1
		case evRecordEnd, evBlank, evSkipEnd:
			fields = 0
		}
	}
	return 0
}
