package normalize

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// TestPhoneTableMatchesMetadata holds phoneTable to the linked library's
// metadata: a line that disagrees would be left to the slow parser.
func TestPhoneTableMatchesMetadata(t *testing.T) {
	f, problems := newPhoneFast()
	if f == nil || len(problems) > 0 {
		t.Fatalf("phoneTable: %q", problems)
	}
	for _, id := range strings.Fields(fastRegions) {
		r := f.table[id]
		if r == nil {
			t.Errorf("%s: not in the fast path", id)
			continue
		}
		if r.fullAutomaton() == nil {
			t.Errorf("%s: patterns do not compile into an automaton", id)
		}
		// Every listed region is the main region of its calling code, so
		// "+CC ..." numbers of the market take the fast path too.
		if m := f.mainRegion(r.cc); m == nil {
			t.Errorf("%s: calling code %d has no fast main region", id, r.cc)
		}
	}
}

// TestPhoneDFA checks the automaton against Go's regexp on hand-picked
// patterns, including the prefix (leftmost) ends.
func TestPhoneDFA(t *testing.T) {
	d, err := compilePhDFA([]string{`1\d{2}|2[3-5]\d?`, `0|180020`, `NA`, `(183[12])|0`}, []bool{true, true, true, true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in    string
		final uint16
		ends1 uint32
		ends3 uint32
	}{
		{"123", 1, 0, 0},
		{"24", 1, 0, 0},
		{"245", 1, 0, 0},
		{"2456", 0, 0, 0},
		{"0", 2 | 8, 1 << 1, 1 << 1},
		{"0123", 0, 1 << 1, 1 << 1},
		{"1800201", 0, 1 << 6, 0},
		{"18312", 0, 0, 1 << 4},
		{"", 0, 0, 0},
		{"9", 0, 0, 0},
	} {
		if got := d.final([]byte(tc.in)); got != tc.final {
			t.Errorf("final(%q) = %b, want %b", tc.in, got, tc.final)
		}
		if got := d.prefixes([]byte(tc.in), 1); got != tc.ends1 {
			t.Errorf("prefixes(%q, 1) = %b, want %b", tc.in, got, tc.ends1)
		}
		if got := d.prefixes([]byte(tc.in), 3); got != tc.ends3 {
			t.Errorf("prefixes(%q, 3) = %b, want %b", tc.in, got, tc.ends3)
		}
	}
	if _, err := compilePhDFA([]string{`([2-9]\d{6})$|1`}, []bool{true}); err == nil {
		t.Error("anchored pattern: want an error")
	}
	if _, err := compilePhDFA([]string{`(`}, []bool{true}); err == nil {
		t.Error("bad pattern: want an error")
	}
}

// phoneGen generates phone-number strings for the differential tests.
type phoneGen struct {
	rng   *rand.Rand
	bases []phoneBase // example numbers of many regions and types
	regs  []string    // default regions to parse in
}

type phoneBase struct {
	region, nsn, trunk string
	cc                 int
}

// newPhoneGen collects the library's example numbers for the fast regions,
// the other regions of their calling codes and a few more.
func newPhoneGen(t testing.TB, seed uint64) *phoneGen {
	g := &phoneGen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	table := strings.Fields(fastRegions)
	others := strings.Fields("AG BS DO JM PR GU VI GG IM JE SJ AX CC CX VA RU BR JP CN IN ZA MX AR HU GR TR SG HK")
	types := []phonenumbers.PhoneNumberType{
		phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE, phonenumbers.PREMIUM_RATE,
		phonenumbers.SHARED_COST, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER,
		phonenumbers.UAN, phonenumbers.VOICEMAIL,
	}
	for _, r := range append(table, others...) {
		trunk := phonenumbers.GetNddPrefixForRegion(r, true)
		for _, ty := range types {
			ex := phonenumbers.GetExampleNumberForType(r, ty)
			if ex == nil {
				continue
			}
			nsn := phonenumbers.GetNationalSignificantNumber(ex)
			g.bases = append(g.bases, phoneBase{r, nsn, trunk, int(ex.GetCountryCode())})
			if ty == phonenumbers.FIXED_LINE || ty == phonenumbers.MOBILE {
				// the common types twice as often
				g.bases = append(g.bases, phoneBase{r, nsn, trunk, int(ex.GetCountryCode())})
			}
		}
	}
	if len(g.bases) < 200 {
		t.Fatalf("only %d example numbers", len(g.bases))
	}
	g.regs = append(table, "GG", "JE", "AX", "RU", "BR", "XX", "ZZ", "UNITED KINGDOM")
	return g
}

// digits returns n random digits.
func (g *phoneGen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.rng.IntN(10))
	}
	return string(b)
}

// mutate changes an example number the way real data differs from it:
// new subscriber digits (mostly still valid), a changed, dropped or added
// digit (often invalid).
func (g *phoneGen) mutate(nsn string) string {
	b := []byte(nsn)
	switch g.rng.IntN(10) {
	case 0, 1, 2, 3, 4: // new last digits
		k := min(len(b), 1+g.rng.IntN(5))
		for i := len(b) - k; i < len(b); i++ {
			b[i] = byte('0' + g.rng.IntN(10))
		}
	case 5: // any digit
		b[g.rng.IntN(len(b))] = byte('0' + g.rng.IntN(10))
	case 6: // too short
		if len(b) > 1 {
			b = b[:len(b)-1-g.rng.IntN(min(3, len(b)-1))]
		}
	case 7: // too long
		b = append(b, g.digits(1+g.rng.IntN(3))...)
	case 8: // a digit dropped inside
		if len(b) > 2 {
			i := 1 + g.rng.IntN(len(b)-2)
			b = append(b[:i], b[i+1:]...)
		}
	}
	return string(b)
}

// fastRegions are the regions of phoneTable.
const fastRegions = "US CA GB IE DE AT CH FR BE NL LU IT ES PT DK SE NO FI PL CZ AU NZ"

// next returns a phone string, the region to parse it in and whether both
// are of the main markets (a fast region parsing a fast region's number).
func (g *phoneGen) next() (s, region string, market bool) {
	rng := g.rng
	region = g.regs[rng.IntN(len(g.regs))]
	market = strings.Contains(fastRegions, region)
	switch k := rng.IntN(12); {
	case k == 0: // random digits, with or without prefixes
		s = g.digits(3 + rng.IntN(16))
		switch rng.IntN(4) {
		case 0:
			s = "+" + s
		case 1:
			s = "00" + s
		case 2:
			s = "0" + s
		}
	case k <= 2: // prefixes the parser treats specially, before other digits
		b := g.bases[rng.IntN(len(g.bases))]
		cc := fmt.Sprint(b.cc)
		p := []string{"0", "1", "00", "011", "0011", "0014", "001", "1831", "1832", "180020", "15000", "8",
			cc, cc + "0", cc + b.trunk, cc + "00", "0" + cc, "00" + cc, "+" + cc, "+" + cc + "0", "+0", "+00" + cc}[rng.IntN(22)]
		rest := b.nsn
		if rng.IntN(2) == 0 {
			rest = g.digits(1 + rng.IntN(14))
		}
		s = p + rest
	default:
		b := g.bases[rng.IntN(len(g.bases))]
		fast := strings.Contains(fastRegions, b.region)
		if rng.IntN(3) > 0 && fast {
			region = b.region // mostly numbers of the region itself
		}
		market = fast && strings.Contains(fastRegions, region)
		nsn := b.nsn
		if rng.IntN(5) > 0 {
			nsn = g.mutate(nsn)
		}
		cc := fmt.Sprint(b.cc)
		switch rng.IntN(11) {
		case 0, 1, 2: // national with trunk prefix
			s = b.trunk + nsn
		case 3: // national without it
			s = nsn
		case 4, 5:
			s = "+" + cc + nsn
		case 6:
			s = "00" + cc + nsn
		case 7:
			s = "+" + cc + "(0)" + nsn
		case 8: // another country's exit code
			s = []string{"011", "0011", "0015", "0161", "001", "010", "99", "990", "8~10"}[rng.IntN(9)] + cc + nsn
		case 9: // calling code without '+'
			s = cc + nsn
		case 10: // a wrong trunk prefix
			s = []string{"0", "1", "00", "8", "06"}[rng.IntN(5)] + nsn
		}
	}
	return g.format(s), region, market
}

// format writes a digit string the way people and systems do.
func (g *phoneGen) format(s string) string {
	rng := g.rng
	var b strings.Builder
	if rng.IntN(10) == 0 {
		b.WriteString([]string{"Tel: ", "tel. ", "☎ ", "Mobile ", " "}[rng.IntN(5)])
	}
	sep := []string{" ", "-", ".", "/", " - ", "(", ")", " (", ") "}
	style := rng.IntN(4)
	wide := rng.IntN(20) == 0
	for i, r := range s {
		if i > 0 && r >= '0' && r <= '9' && style > 0 && rng.IntN(4-style+2) == 0 {
			b.WriteString(sep[rng.IntN(len(sep))])
		}
		if wide && r >= '0' && r <= '9' {
			r += 0xFF10 - '0'
		}
		b.WriteRune(r)
	}
	switch rng.IntN(15) {
	case 0:
		b.WriteString(" x" + g.digits(1+rng.IntN(4)))
	case 1:
		b.WriteString(" ext. " + g.digits(1+rng.IntN(4)))
	case 2:
		b.WriteString("#" + g.digits(2))
	case 3:
		b.WriteString(" (mobile)")
	}
	return b.String()
}

// TestPhoneFastEqualsLibrary generates phone strings across the fast
// regions and formats and checks that the fast path gives exactly what the
// parser gives (E.164 or digits, and the valid flag) whenever it answers,
// and that it answers for nearly all of them.
func TestPhoneFastEqualsLibrary(t *testing.T) {
	total := 200_000
	if testing.Short() {
		total = 20_000
	}
	const workers = 2
	var mu sync.Mutex
	var answered, valid, checked, market, marketAnswered int
	var wg sync.WaitGroup
	for w := range workers {
		n := newT(t, Options{})
		g := newPhoneGen(t, uint64(w+1))
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, v, c, m, ma, fails := 0, 0, 0, 0, 0, 0
			for range total / workers {
				s, region, mkt := g.next()
				digits, plus := n.phoneDigits(s)
				if len(digits) < 5 || len(digits) > 17 || allSame(digits) {
					continue // Phone answers these before either path
				}
				region = n.phoneRegion(region)
				c++
				fe, fok, sure := n.pf.phone(digits, plus, region)
				se, sok := n.phoneSlow(digits, plus, region)
				if sok {
					v++
				}
				if mkt {
					m++
				}
				if !sure {
					continue
				}
				a++
				if mkt {
					ma++
				}
				if fe != se || fok != sok {
					if fails++; fails <= 20 {
						t.Errorf("%q in %s (digits %s, plus %v): fast %q, %v; library %q, %v", s, region, digits, plus, fe, fok, se, sok)
					}
				}
			}
			mu.Lock()
			answered, valid, checked = answered+a, valid+v, checked+c
			market, marketAnswered = market+m, marketAnswered+ma
			mu.Unlock()
		}()
	}
	wg.Wait()
	t.Logf("%d strings, %d checked, %d valid, %d answered by the fast path; %d of %d in the main markets",
		total, checked, valid, answered, marketAnswered, market)
	if checked < total*8/10 {
		t.Errorf("only %d of %d strings reached the parser", checked, total)
	}
	if marketAnswered < market*99/100 || market < checked/3 {
		t.Errorf("fast path answered only %d of %d in the main markets", marketAnswered, market)
	}
	if valid < checked/3 {
		t.Errorf("only %d of %d valid: the generator should give more real numbers", valid, checked)
	}
}

// TestPhoneFastThroughPhone runs whole strings through Phone with and
// without the fast path (cache and all).
func TestPhoneFastThroughPhone(t *testing.T) {
	fast := newT(t, Options{Region: "GB"})
	slow := newT(t, Options{Region: "GB"})
	slow.pf = nil
	g := newPhoneGen(t, 99)
	for range 3000 {
		s, region, _ := g.next()
		if g.rng.IntN(4) == 0 {
			region = ""
		}
		fe, fok := fast.Phone(s, region)
		se, sok := slow.Phone(s, region)
		if fe != se || fok != sok {
			t.Errorf("Phone(%q, %q): fast %q, %v; library %q, %v", s, region, fe, fok, se, sok)
		}
	}
}

// FuzzPhoneFastEqualsLibrary compares both paths on arbitrary input.
func FuzzPhoneFastEqualsLibrary(f *testing.F) {
	for _, s := range []string{
		"(02) 9999 1234", "+44 (0)20 7946 0958", "0011 44 20 7946 0958", "415.555.2671 x123",
		"0044 20 7946 0958", "+1 268 464 1234", "030 1234567", "+49 (0)30 1234567", "06 12 34 56 78",
		"+39 06 6982 1234", "0612345678", "1800201234", "+358 18 12345", "447911123456", "011 44 7911 123456",
		"+0044 20 7946 0958", "+999 1234567", "00000123", "13 12 34", "+61 8 9162 1234",
	} {
		f.Add(s, uint8(0))
	}
	regions := strings.Fields("US GB AU DE FR IT NO FI CA NZ LU IE AT CH BE NL ES PT DK SE PL CZ GG XX")
	n := newT(f, Options{})
	f.Fuzz(func(t *testing.T, s string, ri uint8) {
		region := regions[int(ri)%len(regions)]
		digits, plus := n.phoneDigits(s)
		if len(digits) < 2 {
			return
		}
		fe, fok, sure := n.pf.phone(digits, plus, region)
		if !sure {
			return
		}
		se, sok := n.phoneSlow(digits, plus, region)
		if fe != se || fok != sok {
			t.Fatalf("%q in %s (digits %s, plus %v): fast %q, %v; library %q, %v", s, region, digits, plus, fe, fok, se, sok)
		}
	})
}
