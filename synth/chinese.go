package synth

import (
	"math/rand/v2"
	"strings"
)

// romanisedChinese returns the given- and family-name fields of a Chinese
// customer written in pinyin: family name fam and given name g1 g2 (g2
// empty for a one-character given name), each a Han character and its
// toneless pinyin, in one of the ways exports write them. Family name
// last: Jianguo Song, Jian-Guo SONG, Jian Guo Song, Jian-guo Song. Family
// name first, as Chinese writes it, typed into the first-name field:
// Song / Jianguo, SONG / Jian-Guo, Song / Jian Guo (a full-name export
// shows them as "Song Jian Guo"). Every way takes one draw of r.
func romanisedChinese(r *rand.Rand, fam, g1, g2 [2]string) (given, family string) {
	F, G1, G2 := title(fam[1]), title(g1[1]), title(g2[1])
	switch r.IntN(8) {
	case 1: // Jian-Guo SONG
		given, family = G1, strings.ToUpper(fam[1])
		if G2 != "" {
			given += "-" + G2
		}
	case 2: // Jian Guo Song
		given, family = strings.TrimSpace(G1+" "+G2), F
	case 3: // family name first, in the given-name column
		given, family = F, G1+g2[1]
	case 4: // Jian-guo Song
		given, family = G1, F
		if G2 != "" {
			given += "-" + g2[1]
		}
	case 6: // SONG Jian-Guo, family name first
		given, family = strings.ToUpper(fam[1]), G1
		if G2 != "" {
			family += "-" + G2
		}
	case 7: // Song Jian Guo, family name first
		given, family = F, strings.TrimSpace(G1+" "+G2)
	default: // Jianguo Song
		given, family = G1+g2[1], F
	}
	return given, family
}
