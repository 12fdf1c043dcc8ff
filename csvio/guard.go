package csvio

import (
	"bytes"
	"io"
	"unicode/utf8"
)

const (
	// rawCap is how much raw text of a row RawLine keeps.
	rawCap = 1 << 10
	// ringSize is the window of recent text the guard keeps for RawLine.
	// It must exceed the read-ahead of encoding/csv (maxChunk) plus rawCap.
	ringSize = 16 << 10
	// maxChunk bounds one Read of the guard; encoding/csv reads through a
	// 4 KiB bufio.Reader, so its read-ahead never exceeds this.
	maxChunk = 4 << 10
	// inSize is the size of the guard's input buffer.
	inSize = 32 << 10
)

// Kinds of guardEvent.
const (
	gevNewlines  uint8 = iota + 1 // n newlines were dropped before off
	gevTruncated                  // field n of the record containing off was truncated
	gevCapped                     // the record containing off had too many fields; the rest was dropped
)

// guardEvent records where the guard changed the text, at output offset off,
// so the Reader can correct line numbers and reject the affected row.
type guardEvent struct {
	off  int64
	kind uint8
	n    int
}

// span is a range [from, to) of output offsets.
type span struct{ from, to int64 }

// guard sits between the decoded text and encoding/csv. encoding/csv buffers a
// whole physical line, and a whole record, before it parses it: one 50 MB
// field, an unterminated quote near the top of a large file or a line with
// millions of delimiters would all be held in memory several times over. The
// guard follows the record grammar with a scanner and passes the text through
// unchanged, except that it drops the bytes of a field beyond limit raw bytes
// and the rest of a record beyond fieldCap fields, keeping the quoting intact
// so that encoding/csv still sees the same record boundaries. Each change is
// reported as a guardEvent. The guard also keeps the recent text so the
// Reader can show the raw text of a rejected row.
//
// A guard is not safe for concurrent use.
type guard struct {
	src      io.Reader
	m        scanner
	stop     [256]bool // bytes that end an unquoted content span
	limit    int       // raw bytes kept per field
	fieldCap int       // fields kept per record

	fieldLen  int  // raw bytes of the current field (or skipped line) so far
	fields    int  // fields completed in the current record
	openField int  // 1-based index of the quoted field opened last
	fieldOver bool // dropping the rest of an oversized field or skipped line
	recOver   bool // dropping the rest of a record with too many fields
	pendNL    int  // newlines dropped since the last byte passed on
	lastIn    byte // last byte read from src
	lastOut   byte // last byte produced

	in       []byte
	out      []byte // text produced and not yet handed out
	outPos   int
	produced int64 // bytes produced so far (output offset)
	srcErr   error // io.EOF or the read error; sticky
	events   []guardEvent

	// A CR not followed by LF outside a quoted field is a line end (old
	// Mac exports, or such lines pasted into a file): the guard turns it
	// into LF so that encoding/csv never joins two rows. Chunks without
	// one (found by a bulk scan) take the fast path unchanged.
	crFix   bool // the chunk being processed holds a bare CR
	heldCR  bool // a CR ended the last chunk read: it waits for the next byte
	bareCRs int  // bare CRs turned into LF

	checkUTF8 bool   // flag invalid UTF-8 as well as NUL bytes
	carry     []byte // incomplete rune at the end of the last chunk
	bad       []span // output ranges that may hold NUL bytes or invalid UTF-8

	ring       [ringSize]byte // the last ringSize bytes handed out
	emitted    int64          // bytes handed out so far
	head       []byte         // first rawCap bytes from headStart, once filled
	headStart  int64
	headFilled bool
	scratch    []byte
}

func newGuard(src io.Reader, delim rune, limit, fieldCap int) *guard {
	g := &guard{src: src, m: newScanner(delim), limit: limit, fieldCap: fieldCap}
	g.stop['\n'] = true
	g.stop['"'] = true
	g.stop[g.m.delim[0]] = true
	g.in = make([]byte, inSize)
	return g
}

// Read implements io.Reader for encoding/csv.
func (g *guard) Read(p []byte) (int, error) {
	if len(p) > maxChunk {
		p = p[:maxChunk]
	}
	for empty := 0; g.outPos == len(g.out); empty++ {
		if g.srcErr != nil {
			return 0, g.srcErr
		}
		if empty > 100 {
			return 0, io.ErrNoProgress
		}
		g.out, g.outPos = g.out[:0], 0
		held := 0
		if g.heldCR {
			g.in[0], held, g.heldCR = '\r', 1, false
		}
		m, err := g.src.Read(g.in[held:])
		before := g.produced
		if m > 0 {
			empty = 0 // progress, even if every byte was dropped
		}
		b := g.in[:held+m]
		if err == nil && len(b) > 0 && b[len(b)-1] == '\r' {
			// Whether it is a bare CR depends on the next byte.
			b, g.heldCR = b[:len(b)-1], true
		}
		suspect := g.suspect(b, err == io.EOF)
		g.crFix = hasBareCR(b)
		if g.crFix {
			g.stop['\r'] = true
		}
		g.process(b)
		if g.crFix {
			g.stop['\r'], g.crFix = false, false
		}
		if len(b) > 0 {
			g.lastIn = b[len(b)-1]
		}
		if err != nil {
			if err == io.EOF {
				g.finish()
			}
			g.srcErr = err
		}
		if suspect {
			// Widen by a rune to cover one split across chunks.
			g.bad = append(g.bad, span{max(before-utf8.UTFMax, 0), g.produced})
		}
	}
	n := copy(p, g.out[g.outPos:])
	g.outPos += n
	g.keep(p[:n])
	return n, nil
}

// suspect reports whether the chunk b may hold a NUL byte or (with
// checkUTF8) invalid UTF-8, taking runes split across chunks into account.
func (g *guard) suspect(b []byte, atEOF bool) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	if !g.checkUTF8 {
		return false
	}
	lo := 0 // continuation bytes that complete the rune carried over
	for lo < len(b) && lo < utf8.UTFMax-1 && !utf8.RuneStart(b[lo]) {
		lo++
	}
	ok := true
	if len(g.carry) > 0 || lo > 0 {
		g.carry = append(g.carry, b[:lo]...)
		ok = utf8.Valid(g.carry)
	}
	hi := len(b)
	if !atEOF {
		for i := len(b) - 1; i >= lo && i >= len(b)-utf8.UTFMax; i-- {
			if utf8.RuneStart(b[i]) {
				if !utf8.FullRune(b[i:]) {
					hi = i
				}
				break
			}
		}
	}
	ok = ok && utf8.Valid(b[lo:hi])
	g.carry = append(g.carry[:0], b[hi:]...)
	return !ok
}

// drained reports whether every byte of the input has been handed out.
func (g *guard) drained() bool {
	return g.srcErr == io.EOF && g.outPos == len(g.out)
}

func (g *guard) process(b []byte) {
	for i := 0; i < len(b); {
		if !g.fieldOver && !g.recOver {
			i = g.pass(b, i)
			continue
		}
		// Dropping part of a field or record: the slow path.
		switch g.m.st {
		case stQuoted:
			j := bytes.IndexByte(b[i:], '"')
			if j < 0 {
				j = len(b) - i
			}
			g.content(b[i : i+j])
			i += j
		case stUnquoted:
			if g.m.dm == 0 {
				j := i
				for j < len(b) && !g.stop[b[j]] {
					j++
				}
				g.content(b[i:j])
				i = j
			}
		case stSkipLine:
			j := bytes.IndexByte(b[i:], '\n')
			if g.crFix {
				j = bytes.IndexAny(b[i:], "\r\n")
			}
			if j < 0 {
				j = len(b) - i
			}
			g.content(b[i : i+j])
			i += j
		}
		if i == len(b) {
			break
		}
		g.special(g.fixCR(b, i))
		i++
	}
}

// Actions returned by advance.
const (
	actNone     = iota
	actOverflow // start dropping the rest of the field
	actCap      // start dropping the rest of the record
)

// pass is the fast path: it follows the grammar over b[i:] and passes the
// bytes on unchanged until the end of b or until something must be dropped,
// and returns where it stopped.
func (g *guard) pass(b []byte, i int) int {
	start := i
	single := g.m.dlen == 1
	d := g.m.delim[0]
	act := actNone
loop:
	for i < len(b) {
		switch g.m.st {
		case stQuoted:
			k := bytes.IndexByte(b[i:], '"')
			if k < 0 {
				k = len(b) - i
			}
			if g.fieldLen+k > g.limit {
				i += max(g.limit-g.fieldLen, 0)
				g.fieldLen = g.limit
				act = actOverflow
				break loop
			}
			g.fieldLen += k
			i += k
			if i == len(b) {
				break loop
			}
			g.m.st, g.m.dm = stQuoteSeen, 0 // b[i] is '"'
			g.fieldLen++
			i++
			continue
		case stUnquoted:
			if g.m.dm == 0 {
				j := i
				for j < len(b) && !g.stop[b[j]] {
					j++
				}
				if g.fieldLen+j-i > g.limit {
					i += max(g.limit-g.fieldLen, 0)
					g.fieldLen = g.limit
					act = actOverflow
					break loop
				}
				g.fieldLen += j - i
				i = j
				if i == len(b) {
					break loop
				}
				if c := b[i]; c == d && single {
					i++
					g.m.st = stFieldStart
					if g.fieldEnd() {
						act = actCap
						break loop
					}
					continue
				} else if c == '\n' {
					i++
					g.m.st = stRecordStart
					g.resetRecord()
					continue
				}
			}
		case stQuoteSeen:
			if c := b[i]; c == d && single {
				i++
				g.m.st = stFieldStart
				if g.fieldEnd() {
					act = actCap
					break loop
				}
				continue
			}
		case stFieldStart, stRecordStart:
			switch c := b[i]; {
			case c == '"':
				i++
				g.m.st = stQuoted
				g.openField = g.fields + 1
				g.fieldLen = 1
				continue
			case c == d && single:
				i++
				g.m.st = stFieldStart
				if g.fieldEnd() {
					act = actCap
					break loop
				}
				continue
			case !g.stop[c] && c != '\r':
				g.m.st, g.m.dm = stUnquoted, 0
				continue
			}
		}
		c := g.fixCR(b, i)
		i++
		if act = g.advance(c); act != actNone {
			break
		}
	}
	g.emit(b[start:i])
	switch act {
	case actOverflow:
		g.overflow()
	case actCap:
		g.capRecord()
	}
	return i
}

// fixCR returns b[i], first turning a bare CR outside a quoted field into
// LF in place when the chunk has one. A CR at the end of b is bare: Read
// holds back a CR that ends a chunk until the next byte is known.
func (g *guard) fixCR(b []byte, i int) byte {
	c := b[i]
	if c == '\r' && g.crFix && g.m.st != stQuoted && (i+1 == len(b) || b[i+1] != '\n') {
		b[i], c = '\n', '\n'
		g.bareCRs++
	}
	return c
}

// hasBareCR reports whether b holds a CR not followed by LF (a CR at the
// end of b counts as bare).
func hasBareCR(b []byte) bool {
	for {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			return false
		}
		if i+1 == len(b) || b[i+1] != '\n' {
			return true
		}
		b = b[i+2:]
	}
}

// advance handles one byte that may change the scanner state while nothing
// is being dropped; the byte is passed on by the caller.
func (g *guard) advance(c byte) int {
	prev := g.m.st
	ev := g.m.step(c)
	act := actNone
	switch ev {
	case evFieldEnd:
		if g.fieldEnd() {
			act = actCap
		}
	case evQuoteError:
		g.fieldLen = 0
	case evNone:
		if g.m.st == stQuoted && (prev == stRecordStart || prev == stFieldStart) {
			g.openField = g.fields + 1
		}
		g.fieldLen++
		if g.fieldLen > g.limit && (g.m.st == stQuoted || g.m.st == stSkipLine || (g.m.st == stUnquoted && g.m.dm == 0)) {
			act = actOverflow
		}
	}
	if ev == evRecordEnd || ev == evBlank || ev == evSkipEnd || (ev == evQuoteError && g.m.st == stRecordStart) {
		g.resetRecord()
	}
	return act
}

// content handles bytes that do not change the scanner state: the inside of
// a quoted field up to a quote, of an unquoted field up to a newline, quote
// or delimiter, or of a skipped line up to its newline.
func (g *guard) content(b []byte) {
	if len(b) == 0 {
		return
	}
	if g.recOver || g.fieldOver {
		g.drop(b)
		return
	}
	room := g.limit - g.fieldLen
	if len(b) <= room {
		g.emit(b)
		g.fieldLen += len(b)
		return
	}
	if room > 0 {
		g.emit(b[:room])
		b = b[room:]
	}
	g.overflow()
	g.drop(b)
}

func (g *guard) drop(b []byte) {
	if g.m.st == stQuoted {
		g.pendNL += bytes.Count(b, []byte{'\n'})
	}
}

// overflow starts dropping the rest of the current field (or skipped line).
func (g *guard) overflow() {
	g.fieldOver = true
	if g.m.st != stSkipLine { // encoding/csv rejects a skipped line anyway
		g.events = append(g.events, guardEvent{off: g.produced, kind: gevTruncated, n: g.fields + 1})
	}
}

// special handles one byte that may change the scanner state while part of
// a field or record is being dropped.
func (g *guard) special(c byte) {
	prev := g.m.st
	ev := g.m.step(c)
	eor := ev == evRecordEnd || ev == evBlank || ev == evSkipEnd || (ev == evQuoteError && g.m.st == stRecordStart)
	if g.recOver {
		if eor {
			g.emit1('\n')
			g.resetRecord()
		} else if c == '\n' {
			g.pendNL++
		}
		return
	}
	g.specialOver(c, prev, ev, eor)
}

// specialOver handles a state-changing byte while the rest of a field is
// being dropped. Quotes are held back until it is known whether they close
// the field, so that encoding/csv sees the field end where the scanner does.
func (g *guard) specialOver(c byte, prev scanState, ev uint8, eor bool) {
	switch prev {
	case stQuoted:
		if c == '\n' {
			g.pendNL++
		}
	case stQuoteSeen:
		switch {
		case ev == evFieldEnd:
			g.fieldOver = false
			g.emit1('"')
			g.emit(g.m.delim[:g.m.dlen])
			if g.fieldEnd() {
				g.capRecord()
			}
		case ev == evRecordEnd:
			g.emit1('"')
			g.emit1('\n')
			g.resetRecord()
		case ev == evQuoteError:
			g.fieldOver = false
			g.emit1('"')
			g.emit1(c)
			g.fieldLen = 0
			if eor {
				g.resetRecord()
			}
		case g.m.st == stQuoteCR:
			g.fieldOver = false
			g.emit1('"')
			g.emit1('\r')
		}
		// otherwise an escaped pair or part of a delimiter: dropped
	case stUnquoted:
		switch ev {
		case evFieldEnd:
			g.fieldOver = false
			g.emit(g.m.delim[:g.m.dlen])
			if g.fieldEnd() {
				g.capRecord()
			}
		case evRecordEnd:
			g.emit1('\n')
			g.resetRecord()
		case evQuoteError:
			g.fieldOver = false
			g.emit1('"')
			g.fieldLen = 0
		}
	case stSkipLine:
		if ev == evSkipEnd {
			g.emit1('\n')
			g.resetRecord()
		}
	}
}

// fieldEnd counts a completed field and reports whether the record has
// reached fieldCap, in which case the caller passes on the text so far and
// calls capRecord.
func (g *guard) fieldEnd() bool {
	g.fields++
	g.fieldLen = 0
	return g.fields >= g.fieldCap
}

// capRecord starts dropping the rest of the current record.
func (g *guard) capRecord() {
	g.recOver = true
	g.events = append(g.events, guardEvent{off: g.produced, kind: gevCapped, n: g.fields})
}

func (g *guard) resetRecord() {
	g.fields, g.fieldLen = 0, 0
	g.fieldOver, g.recOver = false, false
}

// finish is called at the end of the input.
func (g *guard) finish() {
	if g.fieldOver && !g.recOver && g.m.st == stQuoteSeen {
		// The held-back quote closes the field at the end of the input
		// (or, followed by part of a delimiter, is an error).
		g.emit1('"')
		g.emit(g.m.delim[:g.m.dm])
	}
	g.flushNL()
}

func (g *guard) flushNL() {
	if g.pendNL > 0 {
		g.events = append(g.events, guardEvent{off: g.produced, kind: gevNewlines, n: g.pendNL})
		g.pendNL = 0
	}
}

func (g *guard) emit(b []byte) {
	g.flushNL()
	g.out = append(g.out, b...)
	g.produced += int64(len(b))
	if len(b) > 0 {
		g.lastOut = b[len(b)-1]
	}
}

func (g *guard) emit1(c byte) {
	g.flushNL()
	g.out = append(g.out, c)
	g.produced++
	g.lastOut = c
}

// keep records p, the bytes handed out at offset g.emitted, in the ring, and
// saves the head of the marked row before the ring overwrites it.
func (g *guard) keep(p []byte) {
	end := g.emitted + int64(len(p))
	if !g.headFilled && end-ringSize > g.headStart {
		g.head = g.ringCopy(g.head[:0], g.headStart, min(g.emitted, g.headStart+rawCap))
		g.headFilled = true
	}
	off := g.emitted
	for len(p) > 0 {
		n := copy(g.ring[off%ringSize:], p)
		p = p[n:]
		off += int64(n)
	}
	g.emitted = end
}

// ringCopy appends the ring's bytes at offsets [from, to) to dst.
func (g *guard) ringCopy(dst []byte, from, to int64) []byte {
	for from < to {
		i := from % ringSize
		n := min(to-from, ringSize-i)
		dst = append(dst, g.ring[i:i+n]...)
		from += n
	}
	return dst
}

// mark starts keeping the raw text of the row that starts at offset s, the
// current read position of encoding/csv.
func (g *guard) mark(s int64) {
	g.headStart, g.headFilled, g.head = s, false, g.head[:0]
}

// rawBytes returns up to rawCap bytes of the text at offsets [start, end),
// where start is the offset last passed to mark. The result is valid until
// the next call of Read or rawBytes.
func (g *guard) rawBytes(start, end int64) []byte {
	to := min(end, start+rawCap, g.emitted)
	if g.headFilled && g.headStart == start {
		return g.head[:min(int64(len(g.head)), max(to-start, 0))]
	}
	if start < g.emitted-ringSize || to <= start {
		return nil
	}
	g.scratch = g.ringCopy(g.scratch[:0], start, to)
	return g.scratch
}
