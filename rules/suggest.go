package rules

import (
	"fmt"
	"unicode/utf8"
)

// didYouMean returns ` (did you mean "x"?)` for the candidate closest to s
// by optimal-string-alignment distance (typos and swapped letters), or ""
// when none is close enough.
func didYouMean(s string, candidates []string) string {
	if s == "" {
		return ""
	}
	limit := min(1+utf8.RuneCountInString(s)/4, 3)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if d := osaDistance(s, c, limit); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// osaDistance is the optimal-string-alignment edit distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours). It returns
// limit+1 early when the lengths alone rule out a distance within limit.
func osaDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	// Three rolling rows: two back (for swaps), previous, current.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
