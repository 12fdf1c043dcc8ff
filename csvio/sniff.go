package csvio

import (
	"bytes"
	"unicode/utf8"
)

// sniffSize is how much decoded text the delimiter sniffer and the encoding
// guesser look at.
const sniffSize = 64 << 10

// maxSniffRecords bounds the records the sniffer scores per candidate.
const maxSniffRecords = 1000

// sniffDelimiter picks the delimiter of sample, the first bytes of a file's
// decoded text (atEOF: sample is the whole file).
//
// Rule: for each candidate (',' ';' '\t' '|') the sample is split into
// records with the quote rules of encoding/csv, ignoring delimiters inside
// quoted fields and blank lines; an unterminated last record of a truncated
// sample is ignored. A candidate qualifies when the header (first record) has
// at least two fields with it. Among qualifying candidates the one whose data
// records most often have exactly the header's field count wins; ties go to
// the larger header field count, then to the order above. With no qualifying
// candidate (a single-column file) the result is ','.
func sniffDelimiter(sample []byte, atEOF bool) rune {
	candidates := [...]rune{',', ';', '\t', '|'}
	best := ','
	bestScore, bestFields := -1.0, 0
	for _, d := range candidates {
		header, same, total := sniffCounts(sample, atEOF, d)
		if header < 2 {
			continue
		}
		score := 1.0 // header only: trivially consistent
		if total > 0 {
			score = float64(same) / float64(total)
		}
		if score > bestScore || (score == bestScore && header > bestFields) {
			best, bestScore, bestFields = d, score, header
		}
	}
	return best
}

// sniffCounts returns the field count of the first record of sample with
// delimiter d, and how many of the following (complete) records have the same
// count out of how many. Records with quote errors count as different.
func sniffCounts(sample []byte, atEOF bool, d rune) (header, same, total int) {
	s := newScanner(d)
	fields, records := 0, 0
	broken := false
	record := func() bool {
		n := fields + 1
		if broken {
			n = -1
		}
		if records == 0 {
			header = n
		} else {
			total++
			if n == header {
				same++
			}
		}
		records++
		fields, broken = 0, false
		return records < maxSniffRecords
	}
	for _, c := range sample {
		switch s.step(c) {
		case evFieldEnd:
			fields++
		case evRecordEnd, evSkipEnd:
			if !record() {
				return header, same, total
			}
		case evQuoteError:
			broken = true
			if s.atRecordStart() && !record() {
				return header, same, total
			}
		}
	}
	if atEOF && !s.atRecordStart() && s.st != stRecordCR {
		broken = broken || s.st == stQuoted // unterminated quoted field
		record()
	}
	return header, same, total
}

// sepLine recognises Excel's delimiter declaration, a first line "sep=X"
// (the key in any case) ended by a line end or the end of the input. It
// returns the delimiter and the length of the line with its line end.
func sepLine(sample []byte, atEOF bool) (delim rune, n int, ok bool) {
	if len(sample) < 5 || !bytes.EqualFold(sample[:4], []byte("sep=")) {
		return 0, 0, false
	}
	d, size := utf8.DecodeRune(sample[4:])
	if d == utf8.RuneError || !validDelim(d) {
		return 0, 0, false
	}
	n = 4 + size
	switch rest := sample[n:]; {
	case bytes.HasPrefix(rest, []byte("\r\n")):
		n += 2
	case len(rest) > 0 && (rest[0] == '\n' || rest[0] == '\r'):
		n++
	case len(rest) > 0 || !atEOF:
		return 0, 0, false
	}
	return d, n, true
}

// lineEnds names the line ends of sample: "lf", "crlf", "cr", "mixed", or
// "" when it has none. A CR at the very end of a truncated sample is not
// counted (it may start a CRLF).
func lineEnds(sample []byte, atEOF bool) string {
	if !atEOF && len(sample) > 0 && sample[len(sample)-1] == '\r' {
		sample = sample[:len(sample)-1]
	}
	crlf := bytes.Count(sample, []byte("\r\n"))
	cr := bytes.Count(sample, []byte{'\r'}) - crlf
	lf := bytes.Count(sample, []byte{'\n'}) - crlf
	kinds, name := 0, ""
	for _, k := range []struct {
		n    int
		name string
	}{{lf, "lf"}, {crlf, "crlf"}, {cr, "cr"}} {
		if k.n > 0 {
			kinds++
			name = k.name
		}
	}
	if kinds > 1 {
		return "mixed"
	}
	return name
}

// bareCRToLF returns sample with every CR that does not start a CRLF
// turned into LF (a copy when there is one), for sniffing: quoting is
// ignored.
func bareCRToLF(sample []byte) []byte {
	var out []byte
	for i, c := range sample {
		if c == '\r' && (i+1 == len(sample) || sample[i+1] != '\n') {
			if out == nil {
				out = bytes.Clone(sample)
			}
			out[i] = '\n'
		}
	}
	if out == nil {
		return sample
	}
	return out
}

// looksBinary reports whether sample looks like binary data rather than
// text: it holds a NUL byte, or more than 1% of its bytes are control
// characters other than tab, line feed, vertical tab, form feed and
// carriage return.
func looksBinary(sample []byte) bool {
	if bytes.IndexByte(sample, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, c := range sample {
		if (c < 0x20 && (c < '\t' || c > '\r')) || c == 0x7f {
			ctrl++
		}
	}
	return ctrl > 0 && ctrl*100 > len(sample)
}
