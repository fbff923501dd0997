package dupes

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/rolo-cli/rolo/internal/contact"
)

// Fold returns s without case, accents or anything but letters and digits:
// "Zoë O'Brien-Łęcki" -> "zoeobrienlecki". Names that differ only in these
// compare equal once folded. Scripts without case or accents (山田) are
// kept as they are.
func Fold(s string) string {
	if isPlainLower(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < utf8.RuneSelf:
			if r >= 'A' && r <= 'Z' {
				b.WriteByte(byte(r) + 'a' - 'A')
			} else if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				b.WriteByte(byte(r))
			}
		default:
			// ß, ø, ł and the like: as people write them without the accent.
			if spelled, ok := contact.SpellLetter(r); ok {
				b.WriteString(strings.ToLower(spelled))
			} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(unicode.ToLower(r))
			}
		}
	}
	return b.String()
}

// isPlainLower reports whether s is already folded: ASCII lower-case
// letters and digits only.
func isPlainLower(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// foldWords folds each word of s and returns the non-empty ones:
// "Van der Berg" -> ["van", "der", "berg"].
func foldWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == ',' || r == '/' || r == '&'
	}) {
		if f := Fold(w); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// legalForms are the words that say what kind of company it is, not which:
// "Acme Labs Inc." and "Acme Labs" are the same company.
var legalForms = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "llp": true, "ltd": true, "limited": true, "gmbh": true,
	"ag": true, "kg": true, "sa": true, "sas": true, "sarl": true, "sl": true, "srl": true, "spa": true,
	"bv": true, "nv": true, "co": true, "corp": true, "corporation": true, "company": true, "plc": true,
	"pty": true, "oy": true, "ab": true, "as": true, "kk": true, "the": true,
}

// CompanyKey is the form by which two company names are the same: folded,
// without legal forms ("Inc.", "GmbH", "S.A."), words run together.
func CompanyKey(s string) string {
	words := foldWords(s)
	out := words[:0]
	for _, w := range words {
		if !legalForms[w] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return strings.Join(words, "")
	}
	return strings.Join(out, "")
}

// Phonetic returns a sound key of a folded name, so that names spelled
// alike by ear block together ("smith", "smyth", "smiht"): a Soundex code
// (the first letter and up to three consonant classes) extended to six
// places, which keeps long names apart. Names in scripts without Latin
// letters are their own key.
func Phonetic(folded string) string {
	if folded == "" {
		return ""
	}
	first := folded[0]
	if first < 'a' || first > 'z' {
		return folded
	}
	out := make([]byte, 1, 7)
	out[0] = first
	last := soundexClass(first)
	for i := 1; i < len(folded) && len(out) < 7; i++ {
		c := folded[i]
		if c == 'h' || c == 'w' {
			continue // h and w do not separate letters of one class
		}
		cls := soundexClass(c)
		if cls != 0 && cls != last {
			out = append(out, cls)
		}
		last = cls
	}
	return string(out)
}

func soundexClass(c byte) byte {
	switch c {
	case 'b', 'f', 'p', 'v':
		return '1'
	case 'c', 'g', 'j', 'k', 'q', 's', 'x', 'z':
		return '2'
	case 'd', 't':
		return '3'
	case 'l':
		return '4'
	case 'm', 'n':
		return '5'
	case 'r':
		return '6'
	}
	return 0 // vowels, y, digits and letters of other scripts
}

// nicknameTable lists formal first names with the short forms people use
// for them. A short form may belong to several names (Alex, Chris, Pat).
var nicknameTable = sync.OnceValue(func() map[string][]string {
	return map[string][]string{
		"robert":      {"bob", "bobby", "rob", "robbie", "bert", "robby"},
		"william":     {"bill", "billy", "will", "willy", "liam", "willie"},
		"elizabeth":   {"liz", "lizzie", "beth", "betty", "eliza", "libby", "betsy", "lizzy", "elise"},
		"margaret":    {"peggy", "maggie", "meg", "marge", "margie", "greta", "madge"},
		"james":       {"jim", "jimmy", "jamie", "jimmie"},
		"michael":     {"mike", "mikey", "mick", "mickey", "mikhail"},
		"katherine":   {"kate", "katie", "kathy", "kat", "kit", "kay", "katy"},
		"catherine":   {"cathy", "cate", "cat", "kate", "katie"},
		"kathryn":     {"kate", "katie", "kathy"},
		"thomas":      {"tom", "tommy"},
		"richard":     {"dick", "rick", "ricky", "rich", "richie"},
		"anthony":     {"tony", "ant"},
		"antonio":     {"tony", "toni"},
		"david":       {"dave", "davey", "davy"},
		"christopher": {"chris", "kit", "topher"},
		"christine":   {"chris", "tina", "chrissy"},
		"christina":   {"chris", "tina", "chrissy"},
		"alexander":   {"alex", "sandy", "xander", "sasha", "alec"},
		"alexandra":   {"alex", "sandra", "lexi", "sasha", "sandy"},
		"jennifer":    {"jenny", "jen", "jenn", "jennie"},
		"samuel":      {"sam", "sammy"},
		"samantha":    {"sam", "sammy"},
		"benjamin":    {"ben", "benny", "benji"},
		"daniel":      {"dan", "danny"},
		"danielle":    {"dani", "elle"},
		"joseph":      {"joe", "joey", "jo"},
		"josephine":   {"jo", "josie"},
		"stephen":     {"steve", "stevie"},
		"steven":      {"steve", "stevie"},
		"nicholas":    {"nick", "nicky", "nico"},
		"matthew":     {"matt", "matty"},
		"patricia":    {"pat", "patty", "trish", "tricia", "patsy"},
		"patrick":     {"pat", "paddy"},
		"susan":       {"sue", "susie", "suzy"},
		"rebecca":     {"becky", "becca"},
		"edward":      {"ted", "ed", "eddie", "ned", "teddy"},
		"charles":     {"chuck", "charlie", "chaz"},
		"deborah":     {"debbie", "deb", "debra"},
		"victoria":    {"vicky", "tori", "vicki"},
		"andrew":      {"andy", "drew"},
		"john":        {"johnny", "jack", "jon"},
		"jonathan":    {"jon", "jonny", "nathan"},
		"gregory":     {"greg"},
		"timothy":     {"tim", "timmy"},
		"kenneth":     {"ken", "kenny"},
		"ronald":      {"ron", "ronnie"},
		"donald":      {"don", "donnie"},
		"raymond":     {"ray"},
		"lawrence":    {"larry"},
		"gerald":      {"gerry", "jerry"},
		"peter":       {"pete"},
		"frederick":   {"fred", "freddie", "freddy"},
		"albert":      {"al", "bert"},
		"alfred":      {"alf", "fred"},
		"henry":       {"hank", "harry"},
		"harold":      {"harry", "hal"},
		"walter":      {"walt", "wally"},
		"eugene":      {"gene"},
		"leonard":     {"leo", "len", "lenny"},
		"louis":       {"lou"},
		"francis":     {"frank", "fran"},
		"franklin":    {"frank"},
		"abigail":     {"abby", "abbie"},
		"amanda":      {"mandy"},
		"barbara":     {"barb", "babs"},
		"cynthia":     {"cindy"},
		"dorothy":     {"dot", "dottie", "dolly"},
		"eleanor":     {"ellie", "nell", "nora"},
		"jessica":     {"jess", "jessie"},
		"judith":      {"judy"},
		"kimberly":    {"kim"},
		"melissa":     {"mel", "missy"},
		"pamela":      {"pam"},
		"theresa":     {"terry", "tess", "tessa"},
		"valerie":     {"val"},
		"virginia":    {"ginny"},
		"zachary":     {"zach", "zack"},
		"nathaniel":   {"nate", "nat"},
		"nathan":      {"nate"},
		"tobias":      {"toby"},
		"jacob":       {"jake"},
		"joshua":      {"josh"},
		"vincent":     {"vince"},
		"florence":    {"flo"},
		"gabriel":     {"gabe"},
		"gabrielle":   {"gabby"},
		"isabella":    {"izzy", "bella"},
		"isabel":      {"izzy", "bella"},
		"olivia":      {"liv"},
		"sophia":      {"sophie"},
		"jose":        {"pepe"},
		"francisco":   {"paco", "pancho"},
		"johannes":    {"hans", "jan"},
		"johann":      {"hans"},
		"wolfgang":    {"wolf"},
		"aleksandr":   {"sasha"},
		"ann":         {"annie"},
		"anne":        {"annie"},
		"anna":        {"annie"},
		"jeffrey":     {"jeff"},
		"geoffrey":    {"geoff", "jeff"},
		"douglas":     {"doug"},
		"philip":      {"phil"},
		"phillip":     {"phil"},
		"theodore":    {"theo", "ted", "teddy"},
		"kathleen":    {"kathy", "kath", "kate", "katie"},
		"angela":      {"angie"},
		"stephanie":   {"steph"},
		"jacqueline":  {"jackie", "jacqui"},
		"randall":     {"randy"},
		"bradley":     {"brad"},
		"mitchell":    {"mitch"},
		"arthur":      {"art"},
		"stanley":     {"stan"},
		"russell":     {"russ"},
		"ernest":      {"ernie"},
		"reginald":    {"reg", "reggie"},
		"clifford":    {"cliff"},
		"wesley":      {"wes"},
		"abraham":     {"abe"},
		"penelope":    {"penny"},
		"cassandra":   {"cassie"},
		"constance":   {"connie"},
		"gwendolyn":   {"gwen"},
		"maximilian":  {"max"},
	}
})

// formalsOf maps each short form to the formal names it stands for.
var formalsOf = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for formal, shorts := range nicknameTable() {
		for _, s := range shorts {
			m[s] = append(m[s], formal)
		}
	}
	return m
})

// canonicalFirst returns the name a folded first name stands for, so that
// Bob and Robert block together: a formal name is itself; a short form is
// its formal name (the first, alphabetically, when it has several).
func canonicalFirst(folded string) string {
	if _, ok := nicknameTable()[folded]; ok {
		return folded
	}
	fs := formalsOf()[folded]
	if len(fs) == 0 {
		return folded
	}
	best := fs[0]
	for _, f := range fs[1:] {
		if f < best {
			best = f
		}
	}
	return best
}

// sameFirstName reports whether two folded first names name the same
// person: equal, or one a short form of the other, or short forms of the
// same formal name.
func sameFirstName(a, b string) bool {
	if a == b {
		return true
	}
	formals := formalsOf()
	fa, fb := formals[a], formals[b]
	for _, f := range fa {
		if f == b {
			return true
		}
		for _, g := range fb {
			if f == g {
				return true
			}
		}
	}
	for _, f := range fb {
		if f == a {
			return true
		}
	}
	return false
}

// editDistance1 reports whether a and b differ by exactly one slip: a rune
// dropped, added, changed, or two neighbours swapped (Damerau-Levenshtein
// distance 1).
func editDistance1(a, b string) bool {
	if a == b {
		return false
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	switch len(rb) - len(ra) {
	case 0:
		i := 0
		for i < len(ra) && ra[i] == rb[i] {
			i++
		}
		if string(ra[i+1:]) == string(rb[i+1:]) {
			return true // one rune changed
		}
		return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
	case 1:
		i := 0
		for i < len(ra) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i:]) == string(rb[i+1:])
	}
	return false
}
