package contact

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
)

// NormalizePhone returns the E.164 form of a phone number written in any
// common format. Numbers without a leading + are read in region (ISO 3166
// alpha-2, default US).
//
// libphonenumber skips whatever comes before the first digit and checks
// only a number's length, so three rules of rolo's refuse what cannot be a
// number: letters before the first digit ("Tel10", "Büro 7"; a leading
// "tel:" URI scheme aside; letters after digits are vanity numbers or an
// extension), a word after the digits that libphonenumber would read as
// vanity letters ("030 12345 privat": wordAfterDigits), and, in the North
// American plan (+1), an area code or exchange that starts with 0 or 1 (a
// Japanese "0311111111" read in region US). IsValidNumber does not refuse
// a number: it refuses numbers people have and use (the 07700 900xxx range
// Ofcom keeps for drama, ranges opened after the metadata was made); it
// only tells a trunk 0 written where the country has none (parsePhone).
func NormalizePhone(raw, region string) (string, error) {
	if region == "" {
		region = "US"
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", invalidField("phone", "", "is empty")
	}
	if lettersBeforeDigits(raw) {
		return "", invalidField("phone", raw, "is not a phone number (it has letters before the digits)")
	}
	if wordAfterDigits(raw) {
		return "", invalidField("phone", raw, "is not a phone number (it has a word after the digits; vanity letters are read only in capitals: 1-800-FLOWERS)")
	}
	// libphonenumber reads full-width and Arabic-Indic digits only:
	// digits of other scripts (Devanagari ९८७) are given to it in ASCII.
	// A number written with its + has its country: the region played no
	// part, and saying it would send the user to change it.
	notOne := "is not a phone number (in region " + strings.ToUpper(region) + ")"
	if withCountry(raw) {
		notOne = "is not a phone number"
	}
	number := ASCIIDigits(raw)
	parsed, err := parse(number, strings.ToUpper(region))
	var n *phonenumbers.PhoneNumber
	if err == nil {
		n = withoutMexicanPrefix(withoutTrunkZero(parsed))
	}
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return "", invalidField("phone", raw, notOne)
	}
	if !nanpPossible(n) {
		return "", invalidField("phone", raw, "is not a phone number (no North American area code or exchange starts with 0 or 1)")
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	// The stored form must read back as itself, or the same number typed
	// again would not match it (lookup, duplicates). Only nonsense fails:
	// "0000000AAA" in region CC is +61000000222, which reads back as
	// +6100000222; "+86 0110000000000" is +86110000000000, which reads
	// back as +860000000 (the fuzz corpus keeps both).
	// E.164 numbers have at most 15 digits; libphonenumber formats longer
	// "possible" numbers all the same.
	if len(e164) > 16 {
		return "", invalidField("phone", raw, "is not a phone number (more than 15 digits)")
	}
	// A number written as its E.164 form (as rolo's own exports give it
	// beside a number entered without +), and kept as libphonenumber
	// parsed it (parsePhone changed nothing), was just read back: a
	// number written as + and a country calling code is parsed alike in
	// every region, and the one parse would be made again.
	if (n != parsed || number != e164) && !readsBack(e164) {
		return "", invalidField("phone", raw, notOne)
	}
	return e164, nil
}

// readsBack reports whether e164 reads back as itself (NormalizePhone).
func readsBack(e164 string) bool {
	again, err := parse(e164, "")
	return err == nil && phonenumbers.Format(again, phonenumbers.E164) == e164
}

// parse is phonenumbers.Parse, which answers the same for the same
// number and region, with its most recent answers kept (parses). An
// import reads each number several times, as written and in the same
// region: the decoder checks it against the E.164 form beside it,
// salvage whether it is a number, Normalize reads it and its E.164 form
// back, InternationalNumbers formats that form; a parse, a dozen regular
// expressions, is the costliest part of each. Nothing changes a number
// parse returns (withoutTrunkZero and withoutMexicanPrefix make new ones).
func parse(number, region string) (*phonenumbers.PhoneNumber, error) {
	args := parseArgs{number, region}
	if a, ok := parses.get(args); ok {
		return a.n, a.err
	}
	n, err := phonenumbers.Parse(number, region)
	// The number may be part of a larger string (a line of a file).
	parses.put(parseArgs{strings.Clone(number), strings.Clone(region)}, parseAnswer{n, err})
	return n, err
}

var parses = parseCache{recent: map[parseArgs]parseAnswer{}}

// parsesKept is how many answers each of parseCache's two maps holds:
// more than the parses of an import's chunk of records (importChunk in
// internal/sqlite, 500) take, so that the numbers the decoder read are
// still there when the chunk is validated. Imports of 100,000 rows
// peaked 2 to 4 MB higher with them (docs/performance.md).
const parsesKept = 4096

type parseArgs struct{ number, region string }

type parseAnswer struct {
	n   *phonenumbers.PhoneNumber
	err error
}

// parseCache holds the answers of the latest parses, for every goroutine:
// the recent ones, and the ones before them until recent is full again.
type parseCache struct {
	mu            sync.Mutex
	recent, older map[parseArgs]parseAnswer
}

func (c *parseCache) get(args parseArgs) (parseAnswer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.recent[args]
	if !ok {
		if a, ok = c.older[args]; ok {
			c.add(args, a)
		}
	}
	return a, ok
}

func (c *parseCache) put(args parseArgs, a parseAnswer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.add(args, a)
}

func (c *parseCache) add(args parseArgs, a parseAnswer) {
	if len(c.recent) >= parsesKept {
		c.older, c.recent = c.recent, make(map[parseArgs]parseAnswer, parsesKept)
	}
	c.recent[args] = a
}

// parsePhone reads number (ASCII digits) in region as libphonenumber does,
// but for a habit libphonenumber does not know: a national number written
// with a leading 0 in a country that dials none (Poland, Denmark, Spain...),
// as in the countries around it ("0634 272 451" for +48 634 272 451, or
// "+48 0634 272 451", as "+44 020 ..." is written for the UK, whose 0
// libphonenumber drops itself). libphonenumber finds no trunk prefix in the
// metadata of such a country, so it keeps the 0 as part of the number, as
// Italy's numbers have it, and gives a number no one has (+480634272451).
// When the number so read is not valid, the number without that 0, if
// valid, is the one meant (withoutTrunkZero). Italian numbers (+39 06...)
// are valid with their 0 and stay as read.
func parsePhone(number, region string) (*phonenumbers.PhoneNumber, error) {
	n, err := parse(number, region)
	if err != nil {
		return nil, err
	}
	return withoutMexicanPrefix(withoutTrunkZero(n)), nil
}

// mexicanPrefixes are the prefixes Mexico dialled before its ten-digit
// numbers until August 2019, and libphonenumber's metadata no longer
// knows (it dropped them in 2024): the 1 of a mobile called from abroad
// (+52 1 55 1234 5678, still how many address books, and caller IDs and
// SMS gateways, write a Mexican mobile), the 044 and 045 of a mobile and
// the 01 of a long-distance call dialled in Mexico (044 55 1234 5678).
var mexicanPrefixes = []string{"1", "044", "045", "01"}

// withoutMexicanPrefix is n, or, for a Mexican (+52) number longer than
// Mexico's ten digits, the number without the one retired dialling prefix
// it starts with (mexicanPrefixes) when the ten digits that remain are a
// valid number: +5215512345678 is +525512345678, the number the prefix
// dialled.
func withoutMexicanPrefix(n *phonenumbers.PhoneNumber) *phonenumbers.PhoneNumber {
	if n.GetCountryCode() != 52 {
		return n
	}
	nsn := phonenumbers.GetNationalSignificantNumber(n)
	if len(nsn) <= 10 {
		return n
	}
	for _, p := range mexicanPrefixes {
		rest, ok := strings.CutPrefix(nsn, p)
		if !ok || len(rest) != 10 || rest[0] == '0' {
			continue
		}
		v, err := strconv.ParseUint(rest, 10, 64)
		if err != nil {
			continue
		}
		without := &phonenumbers.PhoneNumber{CountryCode: n.CountryCode, NationalNumber: &v, Extension: n.Extension}
		if phonenumbers.IsValidNumber(without) {
			return without
		}
	}
	return n
}

// withoutTrunkZero is n, or n without the one leading 0 of its national
// number when its country dials no trunk prefix, n is not valid and the
// number without the 0 is (parsePhone). The cheap checks come first: only
// a number with a leading 0 in a country without a trunk prefix is checked
// for validity (about as long again as the parse).
func withoutTrunkZero(n *phonenumbers.PhoneNumber) *phonenumbers.PhoneNumber {
	if !n.GetItalianLeadingZero() || n.GetNumberOfLeadingZeros() != 1 ||
		phonenumbers.GetNddPrefixForRegion(phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode())), true) != "" ||
		phonenumbers.IsValidNumber(n) {
		return n
	}
	without := &phonenumbers.PhoneNumber{CountryCode: n.CountryCode, NationalNumber: n.NationalNumber, Extension: n.Extension}
	if !phonenumbers.IsValidNumber(without) {
		return n
	}
	return without
}

// FixE164 is a stored E.164 form as NormalizePhone reads that number now:
// without the trunk 0 an older rolo kept where the country dials none
// (+480634272451 is +48634272451; parsePhone). Any other e164 is returned
// as it is.
func FixE164(e164 string) string {
	n, err := parse(e164, "")
	if err != nil {
		return e164
	}
	if fixed := withoutTrunkZero(n); fixed != n {
		return phonenumbers.Format(fixed, phonenumbers.E164)
	}
	return e164
}

// lettersBeforeDigits reports whether s has a letter before its first digit,
// after a "tel:" URI scheme (RFC 3966, as vCard 4.0 writes numbers). Text
// without digits is not a number anyway, and refused as unparseable.
func lettersBeforeDigits(s string) bool {
	s = withoutTelScheme(s)
	i := strings.IndexFunc(s, unicode.IsDigit)
	return i > 0 && strings.IndexFunc(s[:i], unicode.IsLetter) >= 0
}

// wordAfterDigits reports whether s, read as libphonenumber reads it, has
// letters it would dial as a vanity number's (three letters or more, out
// of an extension such as "ext. 12" or "доб. 12") of which one is not a
// capital: a word written after the number ("030 12345 privat", "+49 30
// 1234 Mobil"), which libphonenumber would make keypad digits of, giving
// a number no one has (+493012345774828). Vanity numbers are written in
// capitals (1-800-FLOWERS), as lookup and the query read them.
func wordAfterDigits(s string) bool {
	s = ASCIIDigits(s)
	if hasTelScheme(s) {
		s, _, _ = strings.Cut(withoutTelScheme(s), ";")
	}
	if !strings.ContainsFunc(s, unicode.IsLetter) || !phonenumbers.IsAlphaNumber(s) {
		return false
	}
	number, _ := phonenumbers.MaybeSeparateExtensionFromPhone(s)
	return strings.ContainsFunc(number, func(r rune) bool { return unicode.IsLetter(r) && (r < 'A' || r > 'Z') })
}

// RefusedAsWritten reports whether NormalizePhone refuses number for how
// it is written, whatever it reads as: letters before its digits or a word
// after them. An older rolo stored such numbers ("+49 30 1234 Mobil", as
// +4930123466245); they stay as stored, and an import of rolo's own export
// writes them in international form (KeepGivenE164).
func RefusedAsWritten(number string) bool {
	return strings.ContainsFunc(number, unicode.IsLetter) && (lettersBeforeDigits(number) || wordAfterDigits(number))
}

// withoutTelScheme returns s without a leading "tel:" URI scheme (RFC
// 3966), in any case.
func withoutTelScheme(s string) string {
	if hasTelScheme(s) {
		return strings.TrimSpace(s[4:])
	}
	return s
}

func hasTelScheme(s string) bool { return len(s) >= 4 && strings.EqualFold(s[:4], "tel:") }

// MeantAsNumber reports whether s can only be meant as a phone number, not
// as a REF or a query: it starts with + (full-width too, or after a bidi
// mark: ASCIIDigits) or a tel: scheme.
func MeantAsNumber(s string) bool {
	s = strings.TrimSpace(ASCIIDigits(s))
	return strings.HasPrefix(s, "+") || hasTelScheme(s)
}

// FromTelURI turns a tel: URI (RFC 3966, as vCard 4.0 writes numbers) into
// the number as people write it: "tel:+1-418-656-9254;ext=102" is
// "+1-418-656-9254 ext. 102". Its other parameters are dropped; the
// scheme may be missing (a vCard's VALUE=uri says it is a URI).
func FromTelURI(v string) string {
	num, params, _ := strings.Cut(withoutTelScheme(v), ";")
	for _, pr := range strings.Split(params, ";") {
		if k, val, ok := strings.Cut(pr, "="); ok && strings.EqualFold(k, "ext") && val != "" {
			num += " ext. " + val
		}
	}
	return strings.TrimSpace(num)
}

// QueryNumber reads s, a phone number or a part of one given to a query,
// as lookup reads a number (LooksLikeHandle): without a "tel:" scheme or
// an extension (x7, ext. 7), and with its vanity letters, in capitals
// after the first digits, as the digits of a phone's keypad, as
// libphonenumber reads them (1-800-FLOWERS is 1-800-3569377). ok is false
// for text with other letters ("2025 review", 1-800-flowers), which no
// number is written with: dropping them would find other numbers.
func QueryNumber(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if hasTelScheme(s) {
		s = FromTelURI(s)
	}
	if !strings.ContainsFunc(s, unicode.IsLetter) {
		return s, true
	}
	if strings.Contains(s, "@") || !LooksLikeHandle(s) {
		return "", false
	}
	if m := phoneExtension().FindStringIndex(s); m != nil {
		s = s[:m[0]]
	}
	return phonenumbers.ConvertAlphaCharactersInNumber(s), true
}

// TrunkAsCountryCode returns the digits of (the start of) a number written
// in national form in region, with its trunk prefix (the 0 of "020 7946"
// in the UK or Germany, the 8 of Russia), as they start the number's E.164
// digits: the trunk prefix replaced by the region's country calling code
// ("0207946" in region GB is "44207946"). It reports false when digits do
// not start with the region's trunk prefix, the region dials none (Italy,
// Poland), nothing follows the prefix, or the digits stay the same (a
// leading 1 in the US, whose trunk prefix is its country code).
func TrunkAsCountryCode(digits, region string) (string, bool) {
	region = regionOrDefault(region)
	trunk := phonenumbers.GetNddPrefixForRegion(region, true)
	cc := phonenumbers.GetCountryCodeForRegion(region)
	rest, ok := strings.CutPrefix(digits, trunk)
	if trunk == "" || cc == 0 || !ok || rest == "" {
		return "", false
	}
	intl := strconv.Itoa(cc) + rest
	if intl == digits {
		return "", false
	}
	return intl, true
}

// nanpPossible reports whether a +1 number can exist in the North American
// Numbering Plan, where no area code and no exchange (the three digits
// after it) starts with 0 or 1; numbers of other countries pass.
func nanpPossible(n *phonenumbers.PhoneNumber) bool {
	if n.GetCountryCode() != 1 {
		return true
	}
	nsn := phonenumbers.GetNationalSignificantNumber(n)
	switch len(nsn) {
	case 10:
		return nsn[0] >= '2' && nsn[3] >= '2'
	case 7: // a local number, without its area code
		return nsn[0] >= '2'
	}
	return true
}

// ReadsAs reports whether number, as written, is the phone number e164:
// read in region, or else in the region of e164's country calling code
// ("020 7946 0958" is +442079460958 in GB, whatever region says), with
// digits of any script, as NormalizePhone reads it. It is how a stored
// number is told apart from a changed one; it does not check that number
// is a phone number, which NormalizePhone did when it was stored.
// In its own country a number also reads as rolo read it before it dropped
// a trunk 0 where the country has none (parsePhone; schema 14 rewrote those
// numbers, but a merge's snapshot may bring one back): a Polish "0634 272
// 451" stored as +480634272451 stays editable in region US, and is read
// anew, as +48634272451, by an edit in region PL.
func ReadsAs(number, e164, region string) bool {
	if region == "" {
		region = "US"
	}
	region = strings.ToUpper(region)
	number = ASCIIDigits(number)
	if readsAs(number, e164, region, false) {
		return true
	}
	home := CallingCodeRegion(e164)
	return home != "" && home != region && readsAs(number, e164, home, true)
}

func readsAs(number, e164, region string, asBefore bool) bool {
	n, err := parse(number, region)
	if err != nil {
		return false
	}
	if asBefore && phonenumbers.Format(n, phonenumbers.E164) == e164 {
		return true
	}
	return phonenumbers.Format(withoutMexicanPrefix(withoutTrunkZero(n)), phonenumbers.E164) == e164
}

// International returns the number in a form that reads as the same
// number in every region, for files other programs or other regions read:
// as entered when it starts with + (and rolo takes it as written:
// RefusedAsWritten), else its E.164 form ("020 7946 0958"
// is "+442079460958"), or, entered with an extension, in international
// format with it ("07700 900123 ext. 12" is "+44 7700 900123 x12"). A
// phone without its E.164 form (not normalized) is returned as entered.
// Only a number with an extension is parsed again: an export writes many
// numbers, and libphonenumber's parse and format took a vCard export of
// 100,000 contacts, a third of them entered without +, from 3.4 s to 5.5 s
// of CPU.
func (p Phone) International() string {
	num := strings.TrimSpace(p.Number)
	if p.E164 == "" || strings.HasPrefix(num, "+") && !RefusedAsWritten(num) {
		return p.Number
	}
	if !strings.ContainsFunc(num, unicode.IsLetter) && !strings.ContainsAny(num, "#;,") {
		return p.E164
	}
	if n, err := parsePhone(ASCIIDigits(num), CallingCodeRegion(p.E164)); err == nil && phonenumbers.Format(n, phonenumbers.E164) == p.E164 {
		return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
	}
	if n, err := parse(p.E164, ""); err == nil {
		return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
	}
	return p.E164
}

// CallingCodeRegion returns the main region of an E.164 number's country
// calling code (US for +1, GB for +44, 001 for +800), or "" when e164 does
// not start with a known one. Calling codes are prefix-free, so the first
// one to match is the number's.
func CallingCodeRegion(e164 string) string {
	if !strings.HasPrefix(e164, "+") {
		return ""
	}
	cc := 0
	for i := 1; i < len(e164) && i <= 3; i++ {
		d := e164[i]
		if d < '0' || d > '9' {
			return ""
		}
		cc = cc*10 + int(d-'0')
		if r := phonenumbers.GetRegionCodeForCountryCode(cc); r != phonenumbers.UNKNOWN_REGION {
			return r
		}
	}
	return ""
}

// ValidRegion reports whether r is a region phonenumbers knows, for checking
// the profile's `region` setting.
func ValidRegion(r string) bool {
	r = strings.ToUpper(r)
	i := sort.SearchStrings(phoneRegions[:], r)
	return i < len(phoneRegions) && phoneRegions[i] == r
}

// Digits returns only the digits of s, as ASCII digits whatever their
// script, so that a search for "4155550" (or "４１５５５５０") finds
// "+1 (415) 555-0123".
func Digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if v, ok := digitValue(r); ok {
			b.WriteByte('0' + v)
		}
	}
	return b.String()
}

//go:generate go run gen_countries.go

var (
	countryOnce  sync.Once
	countryNames map[string]string // folded English name (foldCountry) -> alpha-2
)

// Common names that are not ISO 3166 names but that people write.
var countryAliases = map[string]string{
	"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "great britain": "GB",
	"usa": "US", "u.s.a.": "US", "u.s.": "US", "america": "US", "united states of america": "US",
	"holland": "NL", "deutschland": "DE", "south korea": "KR", "north korea": "KP",
	"russia": "RU", "czech republic": "CZ", "ivory coast": "CI", "vietnam": "VN",
}

// isoShortNames are the ISO 3166-1 English short names (and the common names
// ISO lists beside them) that CLDR, whose names countryTable holds, spells
// differently even once folded: "Türkiye" (CLDR "Turkey"), "Viet Nam",
// "Korea, Republic of", "Cabo Verde", "Eswatini", "North Macedonia".
// Taken from the iso_3166-1.json of Debian's iso-codes 4.15.0 (the name and
// common_name fields); there is no copy of ISO's list in x/text to generate
// them from.
var isoShortNames = map[string]string{
	"BN": "Brunei Darussalam", "BO": "Bolivia, Plurinational State of",
	"BQ": "Bonaire, Sint Eustatius and Saba", "CD": "Congo, The Democratic Republic of the",
	"CG": "Congo", "CV": "Cabo Verde", "FK": "Falkland Islands (Malvinas)",
	"FM": "Micronesia, Federated States of", "GS": "South Georgia and the South Sandwich Islands",
	"HK": "Hong Kong", "HM": "Heard Island and McDonald Islands", "IR": "Iran, Islamic Republic of",
	"KP": "Korea, Democratic People's Republic of", "KR": "Korea, Republic of",
	"LA": "Lao People's Democratic Republic", "MD": "Moldova, Republic of",
	"MF": "Saint Martin (French part)", "MK": "North Macedonia", "MM": "Myanmar", "MO": "Macao",
	"PN": "Pitcairn", "PS": "Palestine, State of", "RU": "Russian Federation",
	"SH": "Saint Helena, Ascension and Tristan da Cunha", "SX": "Sint Maarten (Dutch part)",
	"SY": "Syrian Arab Republic", "SZ": "Eswatini", "TR": "Türkiye",
	"TW": "Taiwan, Province of China", "TZ": "Tanzania, United Republic of",
	"UM": "United States Minor Outlying Islands", "VA": "Holy See (Vatican City State)",
	"VC": "Saint Vincent and the Grenadines", "VE": "Venezuela, Bolivarian Republic of",
	"VG": "Virgin Islands, British", "VI": "Virgin Islands, U.S.", "VN": "Viet Nam",
}

// NormalizeCountry accepts an ISO 3166 alpha-2 or alpha-3 code or an English
// country name and returns the alpha-2 code. Names are compared folded
// (foldCountry), so ISO's "Côte d'Ivoire" and "Sao Tome and Principe" match
// CLDR's "Côte d’Ivoire" and "São Tomé & Príncipe".
func NormalizeCountry(v string) (string, error) {
	s := strings.TrimSpace(v)
	if len(s) == 2 || len(s) == 3 {
		if r, err := language.ParseRegion(s); err == nil && r.IsCountry() {
			return r.Canonicalize().String(), nil
		}
	}
	countryOnce.Do(loadCountryNames)
	if code, ok := countryNames[foldCountry(s)]; ok {
		return code, nil
	}
	return "", invalidField("address country", v, "is not an ISO 3166 country name or code")
}

func loadCountryNames() {
	countryNames = make(map[string]string, len(countryTable)+len(isoShortNames)+len(countryAliases))
	for _, c := range countryTable {
		countryNames[foldCountry(c.name)] = c.code
	}
	for code, name := range isoShortNames {
		countryNames[foldCountry(name)] = code
	}
	for name, code := range countryAliases {
		countryNames[foldCountry(name)] = code
	}
}

// foldCountry reduces a country name to what tells countries apart: no case,
// accents, apostrophes or other punctuation, "&" as "and" and "St." as
// "Saint". "St. Kitts & Nevis" and "Saint Kitts and Nevis" both fold to
// "saint kitts and nevis", "Côte d’Ivoire" and "Cote d'Ivoire" to
// "cote divoire".
func foldCountry(s string) string {
	var b strings.Builder
	for _, r := range FoldAccents(s) {
		switch {
		case r == '\'', r == '’', r == '‘', r == 'ʼ':
		case r == '&':
			b.WriteString(" and ")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		if w == "st" {
			words[i] = "saint"
		}
	}
	return strings.Join(words, " ")
}

// CountryName returns the English name of an ISO 3166 alpha-2 code, or ""
// when the code is not a country.
func CountryName(code string) string {
	code = strings.ToUpper(code)
	i := sort.Search(len(countryTable), func(i int) bool { return countryTable[i].code >= code })
	if i < len(countryTable) && countryTable[i].code == code {
		return countryTable[i].name
	}
	return ""
}

// readsAlikeEverywhere reports whether NormalizePhone reads number as the
// same number, or as none, in every region: it is written with + and,
// right after it, a country calling code (+33 (0)6 74..., not + 33 or
// +0033; no URI parameters such as ;phone-context=). libphonenumber then
// takes the country from the number and the region plays no part; it
// does when the digits after the + are no country calling code, which it
// reads again without the + in the region, with the region's
// international prefix ("+00 49 30 1234567" is +49301234567 in Germany,
// which dials 00 abroad, and no number in the US).
func readsAlikeEverywhere(number string) bool {
	s := strings.TrimSpace(ASCIIDigits(number))
	return len(s) > 1 && s[1] != '0' && !strings.Contains(s, ";") && CallingCodeRegion(s) != ""
}

// withCountry reports whether a number is written with its + (ASCII or
// full-width, after any invisible mark: ASCIIDigits), and so with its
// country: the region plays no part in it.
func withCountry(raw string) bool {
	return strings.HasPrefix(strings.TrimSpace(ASCIIDigits(raw)), "+")
}
