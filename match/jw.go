package match

import "github.com/antzucaro/matchr"

// jaroWinkler returns matchr.JaroWinkler(a, b, false). For ASCII strings of
// up to 64 bytes, the common case for matching keys, it runs an
// allocation-free copy of the same algorithm on bytes with bit masks for
// the matched flags; profiles showed matchr's rune conversions dominating
// the comparison stage. TestJaroWinklerSameAsMatchr holds the two equal.
func jaroWinkler(a, b string) float64 {
	return jw(a, b, isASCII(a) && isASCII(b))
}

// jw is jaroWinkler for callers that know whether both strings are ASCII
// (Features.ASCII): the check itself was 5% of all CPU at 1M records.
func jw(a, b string, ascii bool) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if la > 64 || lb > 64 || !ascii {
		return matchr.JaroWinkler(a, b, false)
	}
	longer := max(la, lb)
	search := max(longer/2-1, 0)
	var fa, fb uint64 // matched flags
	common := 0
	for i := 0; i < la; i++ {
		lo := max(i-search, 0)
		hi := min(i+search, lb-1)
		c := a[i]
		for j := lo; j <= hi; j++ {
			if fb&(1<<j) == 0 && b[j] == c {
				fb |= 1 << j
				fa |= 1 << i
				common++
				break
			}
		}
	}
	if common == 0 {
		return 0
	}
	trans := 0
	k := 0
	for i := 0; i < la; i++ {
		if fa&(1<<i) == 0 {
			continue
		}
		j := k
		for ; j < lb; j++ {
			if fb&(1<<j) != 0 {
				k = j + 1
				break
			}
		}
		// matchr compares with r2[j] even when the scan ran off the end
		// (it cannot: both sides have the same number of flags).
		if a[i] != b[j] {
			trans++
		}
	}
	trans /= 2
	m := float64(common)
	d := (m/float64(la) + m/float64(lb) + (m-float64(trans))/m) / 3
	if d > 0.7 {
		p := min(longer, 4)
		i := 0
		for i < p && i < la && i < lb && a[i] == b[i] && (a[i] < '0' || a[i] > '9') {
			i++
		}
		if i > 0 {
			d += float64(i) * 0.1 * (1 - d)
		}
	}
	return d
}

// isASCII reports whether s has only ASCII bytes, eight bytes at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		v := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if v&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
