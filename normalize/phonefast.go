package normalize

import (
	"fmt"
	"math/bits"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone numbers without the parser.
//
// github.com/nyaruka/phonenumbers spends ~35-55 µs per number in regular
// expressions (most of them for free-text input: extensions, punctuation,
// RFC 3966), while Phone hands it only "+digits" or "digits". phoneFast
// re-implements, for exactly that input, the steps of ParseToNumber +
// IsValidNumber + Format(E164): international prefix, country calling code,
// national (trunk) prefix, length checks, region of the number and its
// number-type patterns. The patterns are the library's own metadata,
// compiled into small deterministic automata over the ten digits (a whole
// region's patterns are matched in one pass of table look-ups), so the
// validity decision is the library's, not an approximation of it.
//
// Wherever the library could take a path this code does not reproduce (a
// default region outside phoneTable, a calling code whose main region has a
// national-prefix transform rule or is non-geographic, a leftmost-first
// choice between two possible prefix matches, a metadata pattern that does
// not compile into an automaton), phoneFast says it is not sure and Phone
// asks the library.
// TestPhoneFastEqualsLibrary and FuzzPhoneFastEqualsLibrary hold the two
// paths equal.

// phoneTable lists the default regions the fast path serves: region, country
// calling code, national (trunk) prefix ("-": none, as in IT whose leading 0
// stays in E.164), the possible lengths of the national significant number
// and the lengths possible only for local dialling ("-": none). The values
// are the library's metadata (github.com/nyaruka/phonenumbers v1.8.1); New
// checks every line against the metadata it is linked with and leaves a
// region that disagrees to the library (TestPhoneTableMatchesMetadata fails
// then). Numbers of other countries dialled from these regions, or written
// with "+", are served too unless their calling code's main region has a
// national-prefix transform rule (AR, BR, MX, JP...) or is non-geographic.
const phoneTable = `
US 1   1 10 7
CA 1   1 7,10 -
GB 44  0 7,9,10 4,5,6,8
IE 353 0 7,8,9,10 5,6
DE 49  0 4,5,6,7,8,9,10,11,12,13,14,15 2,3
AT 43  0 4,5,6,7,8,9,10,11,12,13 3
CH 41  0 9,12 -
FR 33  0 9 -
BE 32  0 8,9 -
NL 31  0 5,6,7,8,9,10,11 -
LU 352 - 4,5,6,7,8,9,10,11 -
IT 39  - 6,7,8,9,10,11,12 -
ES 34  - 9 -
PT 351 - 9 -
DK 45  - 8 -
SE 46  0 6,7,8,9,10,12 -
NO 47  - 5,8 -
FI 358 0 5,6,7,8,9,10,11,12 -
PL 48  - 6,7,8,9,10 -
CZ 420 - 9,10,11,12 -
AU 61  0 5,6,7,8,9,10,12 -
NZ 64  0 5,6,7,8,9,10 -
`

// Patterns of a region's automaton, in the order of the library's
// getNumberTypeHelper after the general description.
const (
	phGeneral = iota
	phPremium
	phTollFree
	phShared
	phVoip
	phPersonal
	phPager
	phUAN
	phVoicemail
	phFixed
	phMobile
	phDescs
)

// Patterns of a region's prefix automaton (prefix matches).
const (
	phNPP = iota // national prefix for parsing
	phIDD        // international prefix
)

// Results of the library's testNumberLength.
const (
	phPossible = iota
	phLocalOnly
	phTooShort
	phTooLong
	phInvalidLength
)

// phMaxStates bounds an automaton; a region whose patterns need more is
// left to the library.
const phMaxStates = 1 << 15

// phoneFast holds a Normalizer's compiled phone metadata. Automata are built
// on first use of a region (a few milliseconds for all of NANP), so a
// Normalizer that never sees a phone number pays only for the table.
type phoneFast struct {
	codes  [16]uint64                    // calling codes the library knows, a bit set
	table  map[string]*phRegion          // verified phoneTable regions
	others map[string]*phRegion          // regions met through a calling code
	ccs    map[int]*phCC                 // per calling code, built on first use
	meta   []*phonenumbers.PhoneMetadata // the library's metadata, read only
	buf    []byte
}

// phCC is the library's list of regions for one calling code, main region
// first; nil regions mean the code is left to the library.
type phCC struct {
	regions []*phRegion
}

// phRegion is one region's metadata in the form the fast path uses.
type phRegion struct {
	meta   *phonenumbers.PhoneMetadata
	cc     int
	ccStr  string
	table  bool            // verified phoneTable line: may be the default region
	parse  bool            // may be the region a number is parsed with (no transform rule)
	lens   []int32         // general possible lengths, metadata order
	local  uint32          // general local-only lengths, as bits
	descs  [phDescs]uint32 // possible lengths per description (all bits: any)
	same   bool            // same mobile and fixed-line pattern
	npp    bool            // has a national prefix for parsing
	nppLit string          // the national prefix for parsing when it is plain digits
	lead   string          // leading digits of the region within its calling code

	full, pre, leadDFA          *phDFA // descriptions; NPP and IDD; leading digits
	fullFail, preFail, leadFail bool
}

// newPhoneFast parses phoneTable and checks it against the library's
// metadata. It returns the problems found (regions left to the library);
// a nil *phoneFast means the metadata could not be read at all.
func newPhoneFast() (*phoneFast, []string) {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return nil, []string{fmt.Sprintf("phone metadata: %v", err)}
	}
	f := &phoneFast{
		table:  make(map[string]*phRegion),
		others: make(map[string]*phRegion),
		ccs:    make(map[int]*phCC),
		meta:   coll.GetMetadata(),
		buf:    make([]byte, 0, 24),
	}
	for cc := range phonenumbers.GetSupportedCallingCodes() {
		if cc > 0 && cc < 1024 {
			f.codes[cc>>6] |= 1 << (cc & 63)
		}
	}
	type line struct {
		cc          int
		trunk       string
		lens, local []int32
	}
	var problems []string
	want := make(map[string]line)
	for _, l := range strings.Split(phoneTable, "\n") {
		fs := strings.Fields(l)
		if len(fs) == 0 {
			continue
		}
		if len(fs) != 5 {
			problems = append(problems, fmt.Sprintf("phoneTable: bad line %q", l))
			continue
		}
		cc, err1 := strconv.Atoi(fs[1])
		lens, err2 := parseLengths(fs[3])
		local, err3 := parseLengths(fs[4])
		if err1 != nil || err2 != nil || err3 != nil || len(lens) == 0 {
			problems = append(problems, fmt.Sprintf("phoneTable: bad line %q", l))
			continue
		}
		trunk := fs[2]
		if trunk == "-" {
			trunk = ""
		}
		want[fs[0]] = line{cc, trunk, lens, local}
	}
	for _, m := range f.meta {
		w, ok := want[m.GetId()]
		if !ok {
			continue
		}
		delete(want, m.GetId())
		g := m.GetGeneralDesc()
		switch {
		case g == nil:
			problems = append(problems, m.GetId()+": no general description")
		case int(m.GetCountryCode()) != w.cc:
			problems = append(problems, fmt.Sprintf("%s: calling code %d, metadata has %d", m.GetId(), w.cc, m.GetCountryCode()))
		case m.GetNationalPrefix() != w.trunk:
			problems = append(problems, fmt.Sprintf("%s: trunk prefix %q, metadata has %q", m.GetId(), w.trunk, m.GetNationalPrefix()))
		case !slices.Equal(g.PossibleLength, w.lens):
			problems = append(problems, fmt.Sprintf("%s: lengths %v, metadata has %v", m.GetId(), w.lens, g.PossibleLength))
		case !slices.Equal(g.PossibleLengthLocalOnly, w.local):
			problems = append(problems, fmt.Sprintf("%s: local-only lengths %v, metadata has %v", m.GetId(), w.local, g.PossibleLengthLocalOnly))
		case m.GetNationalPrefixTransformRule() != "":
			problems = append(problems, m.GetId()+": has a national prefix transform rule")
		default:
			r := newPhRegion(m)
			r.table = true
			r.lens = w.lens // equal to the metadata's, as checked above
			f.table[m.GetId()] = r
		}
	}
	for id := range want {
		problems = append(problems, id+": no metadata")
	}
	slices.Sort(problems)
	return f, problems
}

// parseLengths parses "7,9,10" ("-": none).
func parseLengths(s string) ([]int32, error) {
	if s == "-" {
		return nil, nil
	}
	var out []int32
	for _, p := range strings.Split(s, ",") {
		v, err := strconv.Atoi(p)
		if err != nil || v < 1 || v > 17 {
			return nil, fmt.Errorf("bad length %q", p)
		}
		out = append(out, int32(v))
	}
	return out, nil
}

// newPhRegion takes what the fast path needs from a region's metadata.
func newPhRegion(m *phonenumbers.PhoneMetadata) *phRegion {
	r := &phRegion{
		meta: m,
		cc:   int(m.GetCountryCode()),
		same: m.GetSameMobileAndFixedLinePattern(),
		lead: m.GetLeadingDigits(),
	}
	r.ccStr = strconv.Itoa(r.cc)
	for i, d := range r.descList() {
		if d == nil {
			r.fullFail = true // the library would not cope either
			continue
		}
		r.descs[i] = lengthBits(d.PossibleLength, true)
	}
	if g := m.GetGeneralDesc(); g != nil {
		r.lens = g.PossibleLength
		r.local = lengthBits(g.PossibleLengthLocalOnly, false)
	}
	r.parse = len(r.lens) > 0 && m.GetNationalPrefixTransformRule() == ""
	if npp := m.GetNationalPrefixForParsing(); npp != "" {
		r.npp = true
		if strings.Trim(npp, "0123456789") == "" {
			r.nppLit = npp
		}
	}
	return r
}

// descList returns the number descriptions in pattern order.
func (r *phRegion) descList() [phDescs]*phonenumbers.PhoneNumberDesc {
	m := r.meta
	return [phDescs]*phonenumbers.PhoneNumberDesc{
		m.GetGeneralDesc(), m.GetPremiumRate(), m.GetTollFree(), m.GetSharedCost(), m.GetVoip(),
		m.GetPersonalNumber(), m.GetPager(), m.GetUan(), m.GetVoicemail(), m.GetFixedLine(), m.GetMobile(),
	}
}

// lengthBits turns possible lengths into a bit set; an empty list is "any
// length" when emptyAny is set (the library skips the length check then).
func lengthBits(l []int32, emptyAny bool) uint32 {
	if len(l) == 0 && emptyAny {
		return ^uint32(0)
	}
	var b uint32
	for _, v := range l {
		if v >= 0 && v < 32 {
			b |= 1 << v
		}
	}
	return b
}

// fullAutomaton returns the automaton of the region's number
// descriptions, building it on first use; nil when it cannot be built.
func (r *phRegion) fullAutomaton() *phDFA {
	if r.full != nil || r.fullFail {
		return r.full
	}
	var pats [phDescs]string
	var use [phDescs]bool
	for i, d := range r.descList() {
		pats[i], use[i] = d.GetNationalNumberPattern(), true
	}
	d, err := compilePhDFA(pats[:], use[:])
	if err != nil {
		r.fullFail = true
		return nil
	}
	r.full = d
	return d
}

// parser reports whether numbers can be parsed with the region's metadata
// here, building its automata on first use.
func (r *phRegion) parser() bool {
	if !r.parse || r.fullAutomaton() == nil {
		return false
	}
	if r.pre != nil || r.preFail {
		return r.pre != nil
	}
	pats := []string{r.meta.GetNationalPrefixForParsing(), r.meta.GetInternationalPrefix()}
	d, err := compilePhDFA(pats, []bool{r.npp && r.nppLit == "", true})
	if err != nil {
		r.preFail = true
		return false
	}
	r.pre = d
	return true
}

// leadAutomaton returns the automaton of the region's leading digits.
func (r *phRegion) leadAutomaton() *phDFA {
	if r.leadDFA != nil || r.leadFail {
		return r.leadDFA
	}
	d, err := compilePhDFA([]string{r.lead}, []bool{true})
	if err != nil {
		r.leadFail = true
		return nil
	}
	r.leadDFA = d
	return d
}

// testLength is the library's testNumberLength(number, metadata, UNKNOWN)
// for a number of n digits (r.parse regions only).
func (r *phRegion) testLength(n int) int {
	pl := r.lens
	if pl[0] == -1 {
		return phInvalidLength
	}
	if n < 32 && r.local&(1<<n) != 0 {
		return phLocalOnly
	}
	v := int32(n)
	switch {
	case pl[0] == v:
		return phPossible
	case pl[0] > v:
		return phTooShort
	case pl[len(pl)-1] < v:
		return phTooLong
	case slices.Contains(pl[1:], v):
		return phPossible
	}
	return phInvalidLength
}

// knownCC reports whether the library knows calling code cc.
func (f *phoneFast) knownCC(cc int) bool {
	return cc > 0 && cc < 1024 && f.codes[cc>>6]&(1<<(cc&63)) != 0
}

// ccInfo returns the regions of calling code cc, or nil.
func (f *phoneFast) ccInfo(cc int) *phCC {
	if c, ok := f.ccs[cc]; ok {
		return c
	}
	c := &phCC{}
	f.ccs[cc] = c
	ids := phonenumbers.GetRegionCodesForCountryCode(cc)
	regions := make([]*phRegion, 0, len(ids))
	for _, id := range ids {
		r := f.table[id]
		if r == nil {
			r = f.others[id]
		}
		if r == nil && id != "001" {
			for _, m := range f.meta {
				if m.GetId() == id {
					r = newPhRegion(m)
					f.others[id] = r
					break
				}
			}
		}
		if r == nil || r.cc != cc {
			return c
		}
		regions = append(regions, r)
	}
	if len(regions) > 0 {
		c.regions = regions
	}
	return c
}

// mainRegion returns the region whose metadata the library parses numbers
// of calling code cc with, or nil when the fast path cannot use it.
func (f *phoneFast) mainRegion(cc int) *phRegion {
	c := f.ccInfo(cc)
	if len(c.regions) == 0 || !c.regions[0].parser() {
		return nil
	}
	return c.regions[0]
}

// phone mirrors phoneSlow: it returns the E.164 form and true for a valid
// number, the digits and false otherwise, and sure=false when only the
// library can tell.
func (f *phoneFast) phone(digits []byte, plus bool, region string) (e164 string, valid, sure bool) {
	if !plus && len(digits) >= 2 && digits[0] == '0' && digits[1] == '0' {
		cc, nsn, ok, sure := f.parse(digits[2:], true, region)
		if !sure {
			return "", false, false
		}
		if ok {
			v, sure := f.valid(cc, nsn)
			if !sure {
				return "", false, false
			}
			if v {
				return f.format(cc, nsn), true, true
			}
		}
	}
	cc, nsn, ok, sure := f.parse(digits, plus, region)
	if !sure {
		return "", false, false
	}
	if ok {
		v, sure := f.valid(cc, nsn)
		if !sure {
			return "", false, false
		}
		if v {
			return f.format(cc, nsn), true, true
		}
	}
	return string(digits), false, true
}

// format returns "+", the calling code and the national significant number.
func (f *phoneFast) format(cc int, nsn []byte) string {
	b := append(f.buf[:0], '+')
	b = strconv.AppendInt(b, int64(cc), 10)
	b = append(b, nsn...)
	f.buf = b
	return string(b)
}

// parse mirrors phonenumbers.ParseToNumber for "+"+d (plus) or d, where d
// is ASCII digits, in default region region. ok=false is a parse error;
// sure=false means the library must decide. nsn aliases d.
func (f *phoneFast) parse(d []byte, plus bool, region string) (cc int, nsn []byte, ok, sure bool) {
	if len(d) < 3 || len(d) > 17 {
		return 0, nil, false, false
	}
	def := f.table[region]
	if def != nil && !def.parser() {
		def = nil
	}
	var national []byte
	found := false // the calling code was taken from the number
	if plus {
		if c, rest := f.extractCC(d); c != 0 {
			cc, national, found = c, rest, true
		} else {
			// ErrInvalidCountryCode: the parser tries again without the '+'.
			if def == nil {
				return 0, nil, false, false
			}
			c, rest, ok, sure := f.ccFromNational(d, def)
			if !sure || !ok || c == 0 {
				return 0, nil, false, sure
			}
			cc, national, found = c, rest, true
		}
	} else {
		if def == nil { // includes regions the library does not know
			return 0, nil, false, false
		}
		c, rest, ok, sure := f.ccFromNational(d, def)
		if !sure || !ok {
			return 0, nil, false, sure
		}
		if c != 0 {
			cc, national, found = c, rest, true
		} else {
			cc, national = def.cc, d
		}
	}
	rm := def
	if found {
		if rm = f.mainRegion(cc); rm == nil {
			return 0, nil, false, false
		}
	}
	if len(national) < 2 {
		return 0, nil, false, true // ErrTooShortNSN
	}
	p, sure := f.stripNP(national, rm)
	if !sure {
		return 0, nil, false, false
	}
	switch rm.testLength(len(p)) {
	case phTooShort, phLocalOnly, phInvalidLength:
	default:
		national = p
	}
	if len(national) < 2 || len(national) > 17 {
		return 0, nil, false, true
	}
	return cc, national, true, true
}

// extractCC is the library's extractCountryCode: the first one to three
// digits that are a known calling code.
func (f *phoneFast) extractCC(d []byte) (int, []byte) {
	if len(d) == 0 || d[0] == '0' {
		return 0, nil
	}
	v := 0
	for i := 0; i < 3 && i < len(d); i++ {
		v = v*10 + int(d[i]-'0')
		if f.knownCC(v) {
			return v, d[i+1:]
		}
	}
	return 0, nil
}

// ccFromNational mirrors maybeExtractCountryCode for a number without '+':
// an international prefix of the default region, or the default region's
// calling code written without it. cc=0 with ok means none was found.
func (f *phoneFast) ccFromNational(d []byte, def *phRegion) (cc int, rest []byte, ok, sure bool) {
	if ends := def.pre.prefixes(d, phIDD); ends != 0 {
		if bits.OnesCount32(ends) > 1 {
			return 0, nil, false, false // leftmost-first choice: ask the library
		}
		e := bits.TrailingZeros32(ends)
		// parsePrefixAsIdd: not an IDD when a 0 follows it.
		if e >= len(d) || d[e] != '0' {
			r := d[e:]
			if len(r) <= 2 {
				return 0, nil, false, true // ErrTooShortAfterIDD
			}
			c, nat := f.extractCC(r)
			if c == 0 {
				return 0, nil, false, true // ErrInvalidCountryCode
			}
			return c, nat, true, true
		}
	}
	if s := def.ccStr; len(d) >= len(s) && string(d[:len(s)]) == s {
		p, sure := f.stripNP(d[len(s):], def)
		if !sure {
			return 0, nil, false, false
		}
		fullValid := def.general(d)
		nationalValid := def.general(p)
		if !fullValid && nationalValid || def.testLength(len(d)) == phTooLong {
			return def.cc, p, true, true
		}
	}
	return 0, nil, true, true
}

// general reports whether s matches the general national-number pattern
// (no length check), as the library's nationalNumberRule.
func (r *phRegion) general(s []byte) bool {
	return r.full.final(s)&(1<<phGeneral) != 0
}

// stripNP mirrors maybeStripNationalPrefixAndCarrierCode for a region
// without a transform rule (r.parser()).
func (f *phoneFast) stripNP(num []byte, r *phRegion) ([]byte, bool) {
	if len(num) == 0 || !r.npp {
		return num, true
	}
	var e int
	if r.nppLit != "" {
		if len(num) < len(r.nppLit) || string(num[:len(r.nppLit)]) != r.nppLit {
			return num, true
		}
		e = len(r.nppLit)
	} else {
		ends := r.pre.prefixes(num, phNPP)
		if ends == 0 {
			return num, true
		}
		if bits.OnesCount32(ends) > 1 {
			return nil, false
		}
		e = bits.TrailingZeros32(ends)
	}
	if r.general(num) && !r.general(num[e:]) {
		return num, true
	}
	return num[e:], true
}

// valid mirrors IsValidNumber for a parsed number: the region of the
// number (leading digits or a full type match, in the library's region
// order), then a number type in that region.
func (f *phoneFast) valid(cc int, nsn []byte) (valid, sure bool) {
	c := f.ccInfo(cc)
	if len(c.regions) == 0 {
		return false, false
	}
	if len(c.regions) == 1 {
		return c.regions[0].typeValid(nsn)
	}
	for _, r := range c.regions {
		if r.lead != "" {
			d := r.leadAutomaton()
			if d == nil {
				return false, false
			}
			if d.prefixes(nsn, 0) != 0 {
				return r.typeValid(nsn)
			}
			continue
		}
		v, sure := r.typeValid(nsn)
		if !sure {
			return false, false
		}
		if v {
			return true, true
		}
	}
	return false, true
}

// typeValid mirrors getNumberTypeHelper(nsn, region) != UNKNOWN.
func (r *phRegion) typeValid(nsn []byte) (valid, sure bool) {
	d := r.fullAutomaton()
	if d == nil || len(nsn) > 31 {
		return false, false
	}
	m := uint32(d.final(nsn))
	l := uint32(1) << len(nsn)
	is := func(k int) bool { return m&(1<<k) != 0 && r.descs[k]&l != 0 }
	if !is(phGeneral) {
		return false, true
	}
	for k := phPremium; k <= phFixed; k++ {
		if is(k) {
			return true, true
		}
	}
	return !r.same && is(phMobile), true
}

// phDFA is a deterministic automaton over the digits 0-9 that runs up to
// 16 patterns at once: mask[s] has bit k when the input read so far is in
// pattern k's language.
type phDFA struct {
	next []uint32 // next[10*s+digit]
	mask []uint16
	dead uint32 // the state that never matches again (or none)
}

// final returns the patterns that match all of s.
func (d *phDFA) final(s []byte) uint16 {
	st := uint32(0)
	for _, c := range s {
		c -= '0'
		if c > 9 {
			return 0
		}
		st = d.next[st*10+uint32(c)]
		if st == d.dead {
			return 0
		}
	}
	return d.mask[st]
}

// prefixes returns a bit set with bit i when s[:i] matches pattern k
// (i < 32), i.e. the possible ends of a match of "^(?:pattern)".
func (d *phDFA) prefixes(s []byte, k int) uint32 {
	bit := uint16(1) << k
	var ends uint32
	st := uint32(0)
	if d.mask[0]&bit != 0 {
		ends = 1
	}
	for i, c := range s {
		c -= '0'
		if c > 9 || i >= 31 {
			break
		}
		st = d.next[st*10+uint32(c)]
		if st == d.dead {
			break
		}
		if d.mask[st]&bit != 0 {
			ends |= 1 << (i + 1)
		}
	}
	return ends
}

// compilePhDFA builds the automaton of the patterns with use[k] set, each
// parsed as Go's regexp package parses the library's "^(?:p)$" (Perl
// syntax). It fails for anchors or other zero-width assertions inside a
// pattern and for more than phMaxStates states.
func compilePhDFA(pats []string, use []bool) (*phDFA, error) {
	if len(pats) > 16 {
		return nil, fmt.Errorf("phone automaton: %d patterns", len(pats))
	}
	progs := make([]*syntax.Prog, len(pats))
	for k, p := range pats {
		if !use[k] {
			continue
		}
		re, err := syntax.Parse("(?:"+p+")", syntax.Perl)
		if err != nil {
			return nil, fmt.Errorf("phone pattern %q: %w", p, err)
		}
		prog, err := syntax.Compile(re.Simplify())
		if err != nil {
			return nil, fmt.Errorf("phone pattern %q: %w", p, err)
		}
		if len(prog.Inst) >= 1<<24 {
			return nil, fmt.Errorf("phone pattern %q: too large", p)
		}
		for _, in := range prog.Inst {
			if in.Op == syntax.InstEmptyWidth {
				return nil, fmt.Errorf("phone pattern %q: zero-width assertion", p)
			}
		}
		progs[k] = prog
	}
	// A thread is pattern<<24 | instruction; a state is the sorted set of
	// threads waiting on a digit plus the patterns that matched.
	seen := make([][]uint32, len(progs))
	for k, p := range progs {
		if p != nil {
			seen[k] = make([]uint32, len(p.Inst))
		}
	}
	gen := uint32(0)
	var stack []uint32
	closure := func(starts []uint32, out []uint32) ([]uint32, uint16) {
		gen++
		var m uint16
		stack = append(stack[:0], starts...)
		for len(stack) > 0 {
			t := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			k, pc := t>>24, t&(1<<24-1)
			if seen[k][pc] == gen {
				continue
			}
			seen[k][pc] = gen
			in := &progs[k].Inst[pc]
			switch in.Op {
			case syntax.InstAlt, syntax.InstAltMatch:
				stack = append(stack, k<<24|in.Arg, k<<24|in.Out)
			case syntax.InstCapture, syntax.InstNop:
				stack = append(stack, k<<24|in.Out)
			case syntax.InstMatch:
				m |= 1 << k
			case syntax.InstFail:
			default:
				out = append(out, t)
			}
		}
		slices.Sort(out)
		return out, m
	}
	d := &phDFA{dead: ^uint32(0)}
	index := make(map[string]uint32)
	var sets [][]uint32
	var key []byte
	add := func(set []uint32, m uint16) (uint32, error) {
		key = append(key[:0], byte(m), byte(m>>8))
		for _, t := range set {
			key = append(key, byte(t), byte(t>>8), byte(t>>16), byte(t>>24))
		}
		if s, ok := index[string(key)]; ok {
			return s, nil
		}
		if len(sets) >= phMaxStates {
			return 0, fmt.Errorf("phone automaton: more than %d states", phMaxStates)
		}
		s := uint32(len(sets))
		index[string(key)] = s
		sets = append(sets, slices.Clone(set))
		d.mask = append(d.mask, m)
		d.next = append(d.next, make([]uint32, 10)...)
		if len(set) == 0 && m == 0 {
			d.dead = s
		}
		return s, nil
	}
	var starts []uint32
	for k, p := range progs {
		if p != nil {
			starts = append(starts, uint32(k)<<24|uint32(p.Start))
		}
	}
	set, m := closure(starts, nil)
	if _, err := add(set, m); err != nil {
		return nil, err
	}
	var moved, next []uint32
	for s := 0; s < len(sets); s++ {
		for c := 0; c < 10; c++ {
			moved = moved[:0]
			for _, t := range sets[s] {
				in := &progs[t>>24].Inst[t&(1<<24-1)]
				if in.MatchRune(rune('0' + c)) {
					moved = append(moved, t&^(1<<24-1)|in.Out)
				}
			}
			var err error
			next, m = closure(moved, next[:0])
			if d.next[s*10+c], err = add(next, m); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}
