package csvio

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
