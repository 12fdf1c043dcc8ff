package normalize

import (
	"strings"
)

// genderTable maps gender words (as keys) to "m" or "f".
const genderTable = `
m: m male man men boy mr mister herr mann maennlich mannlich masculin masculine masculino maschile maschio masc h homme hombre uomo monsieur 1
f: f female woman women girl w weiblich frau femme feminin feminine femenino femminile femmina fem mrs ms miss mme mlle madame mujer donna 2
`

// countryTable lists ISO 3166-1 alpha-2 codes with their alpha-3 code and
// common names (as keys) in English, German and French, "|"-separated.
const countryTable = `
AD|and|andorra|andorre
AE|are|united arab emirates|uae|vereinigte arabische emirate|emirats arabes unis
AR|arg|argentina|argentinien|argentine
AT|aut|austria|osterreich|oesterreich|autriche
AU|aus|australia|australien|australie
BE|bel|belgium|belgien|belgique|belgie
BG|bgr|bulgaria|bulgarien|bulgarie
BR|bra|brazil|brasilien|bresil|brasil
CA|can|canada|kanada
CH|che|switzerland|schweiz|suisse|svizzera|confoederatio helvetica
CL|chl|chile|chili
CN|chn|china|chine|peoples republic of china|prc
CO|col|colombia|kolumbien|colombie
CY|cyp|cyprus|zypern|chypre
CZ|cze|czech republic|czechia|tschechien|tschechische republik|republique tcheque|tchequie
DE|deu|ger|germany|deutschland|allemagne|federal republic of germany|bundesrepublik deutschland|brd
DK|dnk|denmark|danemark|dänemark|daenemark
EE|est|estonia|estland|estonie
EG|egy|egypt|agypten|aegypten|egypte
ES|esp|spain|spanien|espagne|espana
FI|fin|finland|finnland|finlande|suomi
FR|fra|france|frankreich|republique francaise
GB|gbr|uk|united kingdom|great britain|britain|england|scotland|wales|northern ireland|grossbritannien|vereinigtes konigreich|vereinigtes koenigreich|royaume uni|angleterre|ecosse|pays de galles|united kingdom of great britain and northern ireland
GR|grc|greece|griechenland|grece|hellas
HK|hkg|hong kong|hongkong
HR|hrv|croatia|kroatien|croatie|hrvatska
HU|hun|hungary|ungarn|hongrie|magyarorszag
ID|idn|indonesia|indonesien|indonesie
IE|irl|ireland|irland|irlande|eire|republic of ireland
IL|isr|israel|israël
IN|ind|india|indien|inde
IS|isl|iceland|island|islande
IT|ita|italy|italien|italie|italia
JP|jpn|japan|japon|nippon
KR|kor|south korea|korea|republic of korea|sudkorea|suedkorea|coree du sud
LI|lie|liechtenstein
LT|ltu|lithuania|litauen|lituanie
LU|lux|luxembourg|luxemburg
LV|lva|latvia|lettland|lettonie
MA|mar|morocco|marokko|maroc
MC|mco|monaco
MT|mlt|malta|malte
MX|mex|mexico|mexiko|mexique
MY|mys|malaysia|malaisie
NG|nga|nigeria
NL|nld|netherlands|the netherlands|holland|niederlande|pays bas|nederland
NO|nor|norway|norwegen|norvege|norge
NZ|nzl|new zealand|neuseeland|nouvelle zelande|aotearoa
PH|phl|philippines|philippinen
PK|pak|pakistan
PL|pol|poland|polen|pologne|polska
PT|prt|portugal
RO|rou|romania|rumanien|rumaenien|roumanie
RS|srb|serbia|serbien|serbie
RU|rus|russia|russian federation|russland|russie
SA|sau|saudi arabia|saudi arabien|arabie saoudite
SE|swe|sweden|schweden|suede|sverige
SG|sgp|singapore|singapur|singapour
SI|svn|slovenia|slowenien|slovenie
SK|svk|slovakia|slowakei|slovaquie
TH|tha|thailand|thailande
TN|tun|tunisia|tunesien|tunisie
TR|tur|turkey|turkiye|turkei|tuerkei|turquie
TW|twn|taiwan
UA|ukr|ukraine
US|usa|united states|united states of america|america|vereinigte staaten|vereinigte staaten von amerika|etats unis|etats unis d amerique
VN|vnm|vietnam|viet nam
ZA|zaf|south africa|sudafrika|suedafrika|afrique du sud
`

func (n *Normalizer) buildMiscTables() {
	n.genders = make(map[string]string)
	for _, line := range strings.Split(genderTable, "\n") {
		g, words, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		for _, w := range strings.Fields(words) {
			n.genders[w] = g
		}
	}
	n.countries = make(map[string]string)
	for _, line := range strings.Split(countryTable, "\n") {
		if line == "" {
			continue
		}
		names := strings.Split(line, "|")
		code := names[0]
		n.countries[strings.ToLower(code)] = code
		for _, name := range names[1:] {
			// Key the names so that table entries written with accents
			// still match.
			n.countries[n.Key(name)] = code
		}
	}
}

// Gender returns "m", "f" or "" for a gender value. Male: m, male, man,
// mr, mister, herr, mann, männlich, masculin(e), masculino, maschio, homme,
// hombre, uomo, monsieur, "h" (French forms use H for homme; H is never used
// for female) and "1" (ISO/IEC 5218). Female: f, female, woman, w (German
// weiblich), weiblich, frau, femme, féminin, femenino, femmina, mrs, ms,
// miss, mme, mlle, madame, mujer, donna and "2" (ISO/IEC 5218). Anything
// else ("x", "d", "divers", "unknown", "0", "9") gives "".
func (n *Normalizer) Gender(s string) string {
	return n.genders[n.Key(s)]
}

// titleGender is the gender a salutation states: that of its first word
// that is a title with a gender ("Herr Dr." -> m, "Mrs" -> f; "Dr." -> "").
func (n *Normalizer) titleGender(title string) string {
	for w := range strings.FieldsSeq(n.Key(title)) {
		if n.titles[w] == titleFull {
			if g := n.genders[w]; g != "" {
				return g
			}
		}
	}
	return ""
}

// Country returns the ISO 3166-1 alpha-2 code for a country name or code:
// alpha-2 and alpha-3 codes and common names in English, German and French
// ("Deutschland", "Germany", "DE", "DEU" -> "DE"; "UK", "United Kingdom",
// "GB", "England" -> "GB"; "USA", "United States", "U.S.A." -> "US").
// Unknown values give Key(s) upper-cased (so any other alpha-2 code passes
// through: "nz" -> "NZ"); "" gives "".
func (n *Normalizer) Country(s string) string {
	k := n.Key(s)
	if c, ok := n.countries[k]; ok {
		return c
	}
	if strings.IndexByte(k, ' ') > 0 {
		// "U.S.A." keys to "u s a"
		if c, ok := n.countries[strings.ReplaceAll(k, " ", "")]; ok {
			return c
		}
	}
	return strings.ToUpper(k)
}
