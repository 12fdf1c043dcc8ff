package csvio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// EncodingNames returns the encoding names accepted by Options.Encoding
// besides "" and "auto" (names are matched case-insensitively). The result
// is a new slice on every call.
func EncodingNames() []string {
	return []string{
		"utf-8", "utf-16", "utf-16le", "utf-16be",
		"windows-1252", "cp1252", "latin1", "iso-8859-1", "iso-8859-15",
	}
}

// Byte order marks.
const (
	bomUTF8    = "\xEF\xBB\xBF"
	bomUTF16LE = "\xFF\xFE"
	bomUTF16BE = "\xFE\xFF"
	bomUTF32LE = "\xFF\xFE\x00\x00"
)

// decodeInput wraps src so that it yields UTF-8 text, following the rules
// documented on Options.Encoding. It returns the text (buffered so that at
// least sniffSize bytes can be peeked), the label reported by
// Reader.Encoding, and whether the text went through a decoder (and so is
// valid UTF-8 by construction).
func decodeInput(src io.Reader, name string) (text *bufio.Reader, label string, decoded bool, err error) {
	br := bufio.NewReaderSize(src, sniffSize)
	head, err := br.Peek(4)
	if err != nil && err != io.EOF {
		return nil, "", false, err
	}
	has := func(bom string) bool { return bytes.HasPrefix(head, []byte(bom)) }
	utf16 := func(bom string, e unicode.Endianness, l string) (*bufio.Reader, string, bool, error) {
		if _, err := br.Discard(len(bom)); err != nil {
			return nil, "", false, err
		}
		return wrapDecoder(br, unicode.UTF16(e, unicode.IgnoreBOM)), l, true, nil
	}
	legacy := func(e encoding.Encoding, l string) (*bufio.Reader, string, bool, error) {
		return wrapDecoder(br, e), l, true, nil
	}
	switch n := strings.ToLower(strings.TrimSpace(name)); n {
	case "", "auto":
		switch {
		case has(bomUTF8):
			_, err := br.Discard(len(bomUTF8))
			return br, "utf-8 (bom)", false, err
		case has(bomUTF32LE):
			return nil, "", false, errors.New("UTF-32 input is not supported")
		case has(bomUTF16LE):
			return utf16(bomUTF16LE, unicode.LittleEndian, "utf-16le (bom)")
		case has(bomUTF16BE):
			return utf16(bomUTF16BE, unicode.BigEndian, "utf-16be (bom)")
		}
		sample, err := br.Peek(sniffSize)
		if err != nil && err != io.EOF {
			return nil, "", false, err
		}
		if validUTF8Prefix(sample, err == io.EOF) {
			return br, "utf-8", false, nil
		}
		return legacy(charmap.Windows1252, "windows-1252 (guessed: not valid utf-8)")
	case "utf-8", "utf8":
		if has(bomUTF8) {
			_, err := br.Discard(len(bomUTF8))
			return br, "utf-8 (bom)", false, err
		}
		return br, "utf-8", false, nil
	case "utf-16":
		switch {
		case has(bomUTF16LE):
			return utf16(bomUTF16LE, unicode.LittleEndian, "utf-16le (bom)")
		case has(bomUTF16BE):
			return utf16(bomUTF16BE, unicode.BigEndian, "utf-16be (bom)")
		}
		return nil, "", false, errors.New(`encoding "utf-16": no byte order mark; use "utf-16le" or "utf-16be"`)
	case "utf-16le", "utf16le":
		if has(bomUTF16BE) {
			return nil, "", false, errors.New(`encoding "utf-16le": the byte order mark says utf-16be`)
		}
		if has(bomUTF16LE) {
			return utf16(bomUTF16LE, unicode.LittleEndian, "utf-16le (bom)")
		}
		return utf16("", unicode.LittleEndian, "utf-16le")
	case "utf-16be", "utf16be":
		if has(bomUTF16LE) {
			return nil, "", false, errors.New(`encoding "utf-16be": the byte order mark says utf-16le`)
		}
		if has(bomUTF16BE) {
			return utf16(bomUTF16BE, unicode.BigEndian, "utf-16be (bom)")
		}
		return utf16("", unicode.BigEndian, "utf-16be")
	case "windows-1252", "cp1252":
		return legacy(charmap.Windows1252, "windows-1252")
	case "latin1", "latin-1", "iso-8859-1":
		return legacy(charmap.ISO8859_1, "iso-8859-1")
	case "iso-8859-15", "latin9", "latin-9":
		return legacy(charmap.ISO8859_15, "iso-8859-15")
	default:
		return nil, "", false, fmt.Errorf("unknown encoding %q (supported: auto, %s)", name, strings.Join(EncodingNames(), ", "))
	}
}

func wrapDecoder(r io.Reader, e encoding.Encoding) *bufio.Reader {
	return bufio.NewReaderSize(transform.NewReader(r, e.NewDecoder()), sniffSize)
}

// validUTF8Prefix reports whether b is valid UTF-8, ignoring a rune cut off
// at the end of b unless b is the whole input (atEOF).
func validUTF8Prefix(b []byte, atEOF bool) bool {
	if !atEOF {
		for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
			if utf8.RuneStart(b[i]) {
				if !utf8.FullRune(b[i:]) {
					b = b[:i]
				}
				break
			}
		}
	}
	return utf8.Valid(b)
}

// crReader turns the line ends of a file whose lines end in a bare CR (old
// Mac exports) into LF, inside quoted fields too, so that every CR counts
// as a line as it does in an editor. A CRLF stays one line end (LF).
type crReader struct {
	src    io.Reader
	lastCR bool // the last byte handed out was a CR turned into LF
}

func (c *crReader) Read(p []byte) (int, error) {
	for {
		n, err := c.src.Read(p)
		b := p[:n]
		if c.lastCR && len(b) > 0 {
			c.lastCR = false
			if b[0] == '\n' { // the LF of a CRLF split across reads
				b = b[1:]
			}
		}
		if len(b) > 0 {
			c.lastCR = b[len(b)-1] == '\r'
		}
		w := 0
		for r, ch := range b {
			if ch == '\r' {
				if r+1 < len(b) && b[r+1] == '\n' {
					continue // CRLF: the LF stays
				}
				ch = '\n'
			}
			p[w] = ch
			w++
		}
		if w > 0 || err != nil {
			return w, err
		}
	}
}
