package dupes

import (
	"strings"
)

// record is a contact as the scorer sees it: its names folded and as
// written, company key, cities, phones and emails, all as strings. The
// Finder keeps contacts in a compact form (see stored) and makes a record
// of one when comparing it.
type record struct {
	id                  int64
	uid                 uint64 // hash of the UID; 0 when none
	name                string // display name
	firstRaw, lastRaw   string
	first, last, nick   string // folded; first falls back to the nickname
	words               string // every name word, folded and sorted
	company, companyRaw string
	cities, citiesRaw   string // folded and as written, joined by sep
	phones, emails      string // joined by sep
}

// sep joins the values of a list in one string: the ASCII unit separator,
// which validation keeps out of every stored value.
const sep = "\x1f"

// eachValue calls fn with each value of a sep-joined list and its
// position, until fn returns true.
func eachValue(list string, fn func(i int, v string) bool) {
	for i := 0; list != ""; i++ {
		v, rest, _ := strings.Cut(list, sep)
		if fn(i, v) {
			return
		}
		list = rest
	}
}

// nth returns the i-th value of a sep-joined list.
func nth(list string, i int) string {
	var out string
	eachValue(list, func(j int, v string) bool {
		if j == i {
			out = v
			return true
		}
		return false
	})
	return out
}

// nameKind says how two names relate.
type nameKind uint8

const (
	nameUnknown      nameKind = iota // one side has no name
	nameSame                         // equal
	nameSameFolded                   // equal but for case, accents or punctuation
	nameNickname                     // Bob / Robert
	nameInitial                      // J. / John
	nameSwapped                      // first and last swapped
	nameTypoLast                     // one slip in the last name
	nameTypoFirst                    // one slip in the first name
	nameMissingFirst                 // one has only the last name
	nameMissingLast                  // one has only the first name
	nameSameWords                    // the same words in other fields
	nameSameLast                     // same last name, another first name
	nameSameFirst                    // same first name, another last name
	nameDifferent
)

// nameSim is how much a name relation says two contacts are one person.
var nameSim = [...]float64{
	nameUnknown:      -1,
	nameSame:         1,
	nameSameFolded:   1,
	nameNickname:     0.9,
	nameInitial:      0.85,
	nameSwapped:      0.9,
	nameTypoLast:     0.85,
	nameTypoFirst:    0.8,
	nameMissingFirst: 0.75,
	nameMissingLast:  0.6,
	nameSameWords:    0.9,
	nameSameLast:     0.2,
	nameSameFirst:    0.1,
	nameDifferent:    0,
}

// compareNames relates the names of a and b.
func compareNames(a, b *record) nameKind {
	af, al, bf, bl := a.first, a.last, b.first, b.last
	if af == "" && al == "" || bf == "" && bl == "" {
		return nameUnknown
	}
	switch {
	case af != "" && al != "" && bf != "" && bl != "":
		switch {
		case af == bf && al == bl:
			if a.firstRaw == b.firstRaw && a.lastRaw == b.lastRaw {
				return nameSame
			}
			return nameSameFolded
		case al == bl && firstEquivalent(a, b):
			return nameNickname
		case al == bl && initialOf(af, bf):
			return nameInitial
		case af == bl && al == bf, al == bf && sameFirstName(af, bl), af == bl && sameFirstName(al, bf):
			return nameSwapped
		case (af == bf || firstEquivalent(a, b)) && oneSlip(al, bl, a.lastRaw, b.lastRaw):
			return nameTypoLast
		case al == bl && oneSlip(af, bf, a.firstRaw, b.firstRaw):
			return nameTypoFirst
		case a.words == b.words:
			return nameSameWords
		case al == bl:
			return nameSameLast
		case af == bf:
			return nameSameFirst
		}
		return nameDifferent
	case af == "" && bf != "" && bl != "":
		return missingOne(al, bf, bl)
	case bf == "" && af != "" && al != "":
		return missingOne(bl, af, al)
	case al == "" && bf != "" && bl != "":
		return missingLast(af, bf, bl)
	case bl == "" && af != "" && al != "":
		return missingLast(bf, af, al)
	}
	// Each has a single name part: a first name is a nickname of the
	// other's as it is with last names (Bob / Robert).
	switch {
	case a.words == b.words:
		return nameSame
	case al == "" && bl == "" && firstEquivalent(a, b):
		return nameNickname
	}
	return nameDifferent
}

// missingOne relates a lone last name to a full name.
func missingOne(last, first2, last2 string) nameKind {
	switch {
	case last == last2:
		return nameMissingFirst
	case last == first2:
		return nameMissingLast
	}
	return nameDifferent
}

// missingLast relates a lone first name to a full name.
func missingLast(first, first2, last2 string) nameKind {
	switch {
	case first == first2 || sameFirstName(first, first2):
		return nameMissingLast
	case first == last2:
		return nameMissingFirst
	}
	return nameDifferent
}

// oneSlip reports whether two names differ by one keyboard slip, folded
// or as written (a slip on "ß" or "æ" is one letter, not two), and are
// long enough for that to mean something (not Li/Lu).
func oneSlip(folded1, folded2, raw1, raw2 string) bool {
	if len(folded1)+len(folded2) < 5 {
		return false
	}
	return editDistance1(folded1, folded2) || editDistance1(strings.ToLower(raw1), strings.ToLower(raw2))
}

func firstEquivalent(a, b *record) bool {
	return sameFirstName(a.first, b.first) ||
		a.nick != "" && (a.nick == b.first || a.nick == b.nick) ||
		b.nick != "" && b.nick == a.first
}

// initialOf reports whether one folded first name is the initial of the
// other: "j" and "john".
func initialOf(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) == 1 && len(b) > 1 && b[0] == a[0]
}

// evidence is what two contacts share, as found by compare.
type evidence struct {
	uid          bool
	phone, email string
	name         nameKind
	sameCompany  bool
	otherCompany bool
	city         string
}

// Weights of the evidence. An identifier (UID, phone, email) with a name
// that fits scores at least 0.825; an identifier with a name that does not
// fit at most 0.6; names with the same company or city and no identifier
// at most 0.7 (names repeat: in a large address book two John Smiths at
// one company are common).
const (
	weightUID          = 0.99
	weightPhoneEmail   = 0.85
	weightEmail        = 0.7
	weightPhone        = 0.65
	weightUnknownName  = 0.5 // a name on one side only: no evidence either way
	bonusSameCompany   = 0.3 // of what is left to 1
	malusOtherCompany  = 0.05
	nameOnlyCompany    = 0.2 // + 0.5 x name similarity
	nameOnlyCity       = 0.1 // + 0.5 x name similarity
	nameOnlyMinSim     = 0.5
	nameOnlyCompanyMax = 0.7
	companyOnlyCity    = 0.8 // the same company and city, no person named
	companyOnlyApart   = 0.5 // ... with phones or emails, none in common
)

// compare scores how likely a and b are one person, from 0 to 1.
func compare(a, b *record) (float64, evidence) {
	var ev evidence
	ev.uid = a.uid != 0 && a.uid == b.uid
	ev.phone = shared(a.phones, b.phones)
	ev.email = shared(a.emails, b.emails)
	ev.name = compareNames(a, b)
	if a.company != "" && b.company != "" {
		ev.sameCompany = a.company == b.company
		ev.otherCompany = !ev.sameCompany
	}
	if a.cities != "" && b.cities != "" {
		eachValue(a.cities, func(i int, c string) bool {
			eachValue(b.cities, func(_ int, d string) bool {
				if c == d {
					ev.city = nth(a.citiesRaw, i)
				}
				return ev.city != ""
			})
			return ev.city != ""
		})
	}
	sim := nameSim[ev.name]
	id := 0.0
	switch {
	case ev.uid:
		id = weightUID
	case ev.phone != "" && ev.email != "":
		id = weightPhoneEmail
	case ev.email != "":
		id = weightEmail
	case ev.phone != "":
		id = weightPhone
	}
	var s float64
	if id > 0 {
		switch {
		case sim < 0:
			s = id + (1-id)*weightUnknownName
		case sim >= nameOnlyMinSim:
			s = id + (1-id)*sim
		default:
			s = id * (0.6 + 0.4*sim)
		}
		if ev.sameCompany {
			s += (1 - s) * bonusSameCompany
		} else if ev.otherCompany {
			s -= malusOtherCompany
		}
		if ev.uid && s < weightUID {
			s = weightUID
		}
		return s, ev
	}
	if sim < nameOnlyMinSim {
		// Two records of one company, neither naming a person: the
		// company is their name. In the same city it is a likely
		// duplicate; elsewhere, or with no city, a possible one.
		if ev.sameCompany && a.first == "" && a.last == "" && b.first == "" && b.last == "" {
			// Phones (or emails) on both sides and none in common: two
			// offices, say, of one company.
			if a.phones != "" && b.phones != "" || a.emails != "" && b.emails != "" {
				return companyOnlyApart, ev
			}
			if ev.city != "" {
				return companyOnlyCity, ev
			}
			return nameOnlyCompanyMax, ev
		}
		return 0, ev
	}
	switch {
	case ev.sameCompany:
		s = nameOnlyCompany + 0.5*sim
	case ev.city != "" && !ev.otherCompany:
		s = nameOnlyCity + 0.5*sim
	}
	return min(s, nameOnlyCompanyMax), ev
}

// shared returns a value that two sep-joined lists both hold.
func shared(a, b string) string {
	if a == "" || b == "" {
		return ""
	}
	var out string
	eachValue(a, func(_ int, x string) bool {
		eachValue(b, func(_ int, y string) bool {
			if x == y {
				out = x
			}
			return out != ""
		})
		return out != ""
	})
	return out
}

// reasons says in words why a and b look like one person.
func reasons(a, b *record, ev evidence) []string {
	var out []string
	if ev.uid {
		out = append(out, "same UID")
	}
	if ev.phone != "" {
		out = append(out, "same phone "+ev.phone)
	}
	if ev.email != "" {
		out = append(out, "same email "+ev.email)
	}
	switch ev.name {
	case nameSame:
		out = append(out, "same name")
	case nameSameFolded:
		out = append(out, "same name but for case or accents ("+a.name+" / "+b.name+")")
	case nameNickname:
		out = append(out, "nickname "+pairOf(firstOrNick(a), firstOrNick(b)))
	case nameInitial:
		out = append(out, "initial "+pairOf(a.firstRaw, b.firstRaw))
	case nameSwapped:
		out = append(out, "first and last name swapped ("+a.name+" / "+b.name+")")
	case nameTypoLast:
		out = append(out, "last name differs by one letter "+pairOf(a.lastRaw, b.lastRaw))
	case nameTypoFirst:
		out = append(out, "first name differs by one letter "+pairOf(a.firstRaw, b.firstRaw))
	case nameMissingFirst:
		out = append(out, "same last name, one without a first name")
	case nameMissingLast:
		// The first names are the same or a nickname pair (Bob Smith /
		// Robert): say which.
		if a.first != "" && b.first != "" && a.first != b.first {
			out = append(out, "nickname "+pairOf(firstOrNick(a), firstOrNick(b))+", one without a last name")
		} else {
			out = append(out, "same first name, one without a last name")
		}
	case nameSameWords:
		out = append(out, "same name words ("+a.name+" / "+b.name+")")
	case nameSameLast:
		out = append(out, "same last name, different first names")
	case nameSameFirst:
		out = append(out, "same first name, different last names")
	case nameDifferent:
		out = append(out, "different names ("+a.name+" / "+b.name+")")
	}
	if ev.sameCompany {
		out = append(out, "same company "+a.companyRaw)
	} else if ev.otherCompany {
		out = append(out, "different companies")
	}
	if ev.city != "" {
		out = append(out, "same city "+ev.city)
	}
	return out
}

func firstOrNick(r *record) string {
	if r.firstRaw != "" {
		return r.firstRaw
	}
	return r.nick
}

func pairOf(a, b string) string {
	return strings.TrimSpace(a) + "/" + strings.TrimSpace(b)
}
