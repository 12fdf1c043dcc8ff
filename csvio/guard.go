package csvio

import (
	"bytes"
	"io"
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
		n, err := g.src.Read(g.in)
		if n > 0 {
			empty = 0 // progress, even if every byte was dropped
			g.lastIn = g.in[n-1]
		}
		g.process(g.in[:n])
		if err != nil {
			if err == io.EOF {
				g.flushNL()
			}
			g.srcErr = err
		}
	}
	n := copy(p, g.out[g.outPos:])
	g.outPos += n
	g.keep(p[:n])
	return n, nil
}

// drained reports whether every byte of the input has been handed out.
func (g *guard) drained() bool {
	return g.srcErr == io.EOF && g.outPos == len(g.out)
}

func (g *guard) process(b []byte) {
	for i := 0; i < len(b); {
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
			if j < 0 {
				j = len(b) - i
			}
			g.content(b[i : i+j])
			i += j
		}
		if i == len(b) {
			break
		}
		g.special(b[i])
		i++
	}
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

// special handles one byte that may change the scanner state.
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
	if g.fieldOver {
		g.specialOver(c, prev, ev, eor)
		return
	}
	g.emit1(c)
	switch ev {
	case evFieldEnd:
		g.fieldEnd()
	case evQuoteError:
		g.fieldLen = 0
	case evNone:
		if g.m.st == stQuoted && (prev == stRecordStart || prev == stFieldStart) {
			g.openField = g.fields + 1
		}
		g.fieldLen++
		if g.fieldLen > g.limit && (g.m.st == stQuoted || g.m.st == stSkipLine || (g.m.st == stUnquoted && g.m.dm == 0)) {
			g.overflow()
		}
	}
	if eor {
		g.resetRecord()
	}
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
			g.fieldEnd()
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
			g.fieldEnd()
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

func (g *guard) fieldEnd() {
	g.fields++
	g.fieldLen = 0
	if g.fields >= g.fieldCap {
		g.recOver = true
		g.events = append(g.events, guardEvent{off: g.produced, kind: gevCapped, n: g.fields})
	}
}

func (g *guard) resetRecord() {
	g.fields, g.fieldLen = 0, 0
	g.fieldOver, g.recOver = false, false
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
