package normalize

import "github.com/antzucaro/matchr"

// dmCacheSize bounds the per-Normalizer cache of Double Metaphone codes:
// name keys repeat a lot (a 1M-record run has ~13k distinct given and ~25k
// family names), so most calls are a map look-up; when the cache is full it
// is cleared. 64k entries are a few MB per Normalizer.
const dmCacheSize = 1 << 16

// DoubleMetaphone returns matchr.DoubleMetaphone(s): the primary and
// secondary Double Metaphone codes of s (the encoder is ASCII-only: feed it
// folded keys). Results are cached per Normalizer, so a name seen before
// costs a map look-up instead of ~1 µs and several allocations. The results
// are always the library's.
func (n *Normalizer) DoubleMetaphone(s string) (primary, secondary string) {
	if r, ok := n.dmCache[s]; ok {
		return r[0], r[1]
	}
	primary, secondary = matchr.DoubleMetaphone(s)
	if len(n.dmCache) >= dmCacheSize {
		clear(n.dmCache)
	}
	n.dmCache[s] = [2]string{primary, secondary}
	return primary, secondary
}
