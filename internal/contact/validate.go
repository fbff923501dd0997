package contact

import (
	"maps"
	"net/mail"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // timezone validation must not depend on the host's zoneinfo
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/rolo-cli/rolo/internal/lazyre"
)

// MaxFieldLen bounds a single-line field; notes have their own, larger bound.
// MaxValues bounds each multi-valued field (phones, emails, addresses,
// socials, URLs, tags, attributes) of one contact, so that a hostile file
// (a vCard of 100,000 EMAIL lines, a CSV of 10,000 columns kept as
// attributes) is refused rather than stored as one unusable contact.
const (
	MaxFieldLen = 4096
	MaxNoteLen  = 1 << 20
	MaxValues   = 1000
	// MaxKeyLen bounds an attribute key, as a view name or a login: a
	// key is a name, not a place to keep text.
	MaxKeyLen = 64
)

var (
	// keyRE is the rule for names users give to things (attribute keys,
	// view names): a letter or digit, then letters, digits, _ . and -.
	keyRE     = lazyre.New(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	networkRE = lazyre.New(`^[a-z0-9][a-z0-9_.+-]*$`)
)

// maxMergeSuffixes is how many ".ID" a key longer than MaxKeyLen may end
// with. A merge keeps a value that lost under KEY.ID (mergeAttributes),
// and adds another .ID when KEY.ID is taken or when a value under KEY.ID
// loses in a later merge (KEY.ID.ID), and so on with every merge: no
// number is the most merges can make. Three covers the merges of merges
// people do, and bounds a key at 64 + 3 × 20 bytes. A merge that goes
// further still keeps its key (SetAsideStored), as a longer key stored
// before keys were bounded is kept.
const maxMergeSuffixes = 3

// ValidAttrKey reports whether k can name a custom attribute: keyRE, at
// most MaxKeyLen bytes, or such a key followed by at most
// maxMergeSuffixes ".ID" that a merge adds to keep a value that lost
// (KEY.ID, KEY.ID.ID: mergeAttributes), which may be longer. What a merge
// stores, an export writes and an import, a query or an edit takes back.
func ValidAttrKey(k string) bool {
	// 1 to 19 digits after each dot: a longer key is refused unread.
	if len(k) > MaxKeyLen+maxMergeSuffixes*20 || !keyRE().MatchString(k) {
		return false
	}
	for n := 0; len(k) > MaxKeyLen; n++ {
		i := strings.LastIndexByte(k, '.')
		if n == maxMergeSuffixes || i < 0 || !isContactID(k[i+1:]) {
			return false
		}
		k = k[:i]
	}
	return true
}

// isContactID reports whether s is written as a contact ID: 1 to 19
// digits.
func isContactID(s string) bool {
	return len(s) >= 1 && len(s) <= 19 && strings.Trim(s, "0123456789") == ""
}

// checkAttrKey says why k cannot name a custom attribute (ValidAttrKey).
func checkAttrKey(k string) error {
	switch {
	case ValidAttrKey(k):
		return nil
	case len(k) > MaxKeyLen:
		return invalidField("attribute", Excerpt(k), "is too long for a key (at most "+strconv.Itoa(MaxKeyLen)+" bytes)")
	}
	return invalidField("attribute", k, "is not a valid key (ASCII letters, digits, _ . -)")
}

// Normalize validates c and puts every field in its stored form: trimmed
// text, E.164 phones, lower-cased emails, ISO dates, alpha-2 countries,
// lower-case type and level. region is the ISO 3166 code used to read phone
// numbers written without a leading +. A failure names the field and value.
func Normalize(c *Contact, region string) error {
	if err := checkCounts(c); err != nil {
		return err
	}
	for _, f := range fields {
		v, err := cleanLine(f.Name, f.get(c))
		if err != nil {
			return err
		}
		f.set(c, v)
	}
	// The UID identifies the contact across exports and imports: text
	// like any field's, or an export would not import as the same contact.
	uid, err := cleanLine("uid", c.UID)
	if err != nil {
		return err
	}
	c.UID = uid
	if c.Type, err = oneOf("type", c.Type, Types, "lead"); err != nil {
		return err
	}
	if c.Level, err = oneOf("level", c.Level, Levels, "primary"); err != nil {
		return err
	}
	if c.Birthday, err = ParseDate("birthday", c.Birthday); err != nil {
		return err
	}
	if c.Anniversary, err = ParseDate("anniversary", c.Anniversary); err != nil {
		return err
	}
	if c.Language != "" {
		if c.Language, err = NormalizeLanguage(c.Language); err != nil {
			return err
		}
	}
	if c.Timezone != "" {
		tz, ok := CanonicalTimezone(c.Timezone)
		if !ok {
			return invalidField("timezone", c.Timezone, "is not an IANA time zone (example: Europe/Paris)")
		}
		c.Timezone = tz
	}
	// In any case and with spaces around, as type and level, and as
	// edit --set and the profile's setting take it.
	switch v := strings.ToLower(strings.TrimSpace(c.Visibility)); v {
	case "":
		c.Visibility = Private
	case Private, Public:
		c.Visibility = v
	default:
		return invalidField("visibility", c.Visibility, "must be private or public")
	}
	if err := normalizePhones(c, region); err != nil {
		return err
	}
	if err := normalizeEmails(c); err != nil {
		return err
	}
	if err := normalizeAddresses(c); err != nil {
		return err
	}
	if err := normalizeSocials(c); err != nil {
		return err
	}
	if err := normalizeURLs(c); err != nil {
		return err
	}
	if err := normalizeTags(c); err != nil {
		return err
	}
	if err := normalizeAttributes(c); err != nil {
		return err
	}
	for i := range c.Notes {
		text, err := cleanLines("note", c.Notes[i].Text, MaxNoteLen)
		if err != nil {
			return err
		}
		c.Notes[i].Text = text
	}
	if err := normalizeInteractions(c); err != nil {
		return err
	}
	extra, err := normalizeVCardExtra(c.VCardExtra)
	if err != nil {
		return err
	}
	c.VCardExtra = norm.NFC.String(extra)
	if c.FirstName == "" && c.LastName == "" && c.MiddleName == "" && c.Nickname == "" &&
		c.Company == "" && len(c.Phones) == 0 && len(c.Emails) == 0 {
		return Errorf(EINVALID, "contact: needs at least one of a name (first, middle, last or nickname), a company, a phone or an email")
	}
	c.Name = c.DisplayName()
	return nil
}

func checkCounts(c *Contact) error {
	for _, f := range []struct {
		name string
		n    int
	}{{"phones", len(c.Phones)}, {"emails", len(c.Emails)}, {"addresses", len(c.Addresses)}, {"socials", len(c.Socials)},
		{"urls", len(c.URLs)}, {"tags", len(c.Tags)}, {"attributes", len(c.Attributes)}} {
		if err := CheckCount(f.name, f.n); err != nil {
			return err
		}
	}
	return nil
}

// CheckCount refuses n values of a multi-valued field over MaxValues. A
// change that adds values without going through Normalize (rolo tag) checks
// the new count with it, so that it cannot leave a contact that every later
// edit and import refuses.
func CheckCount(field string, n int) error {
	if n > MaxValues {
		return Errorf(EINVALID, "%s: too many (%d; a contact holds at most %d)", field, n, MaxValues)
	}
	return nil
}

// cleanLine trims a single-line value, drops the invisible characters that
// text pasted from web pages and word processors carries (invisibleRune) and
// bidirectional controls (bidiControl), makes a line or paragraph separator
// a space, and refuses control characters and invalid UTF-8, so that nothing
// stored can break a table, a TSV line or a terminal, reorder a row, or hide
// a word from search. Dropped rather than refused, they cannot make a contact
// stored before this rule uneditable. It returns the value in Unicode
// normal form C (ü as one character, not u and a combining diaeresis, as
// macOS writes it), so that text typed or imported either way is stored,
// compared and found alike.
func cleanLine(field, v string) (string, error) {
	v = StoredText(v)
	if err := checkText(field, v, MaxFieldLen, false); err != nil {
		return "", err
	}
	return v, nil
}

// StoredText is v as a one-line field stores it (see cleanLine): CleanText
// when v is valid UTF-8, else only trimmed (cleanLine then refuses it). A
// value given to find a stored one (edit's --rm-* flags) is compared in
// this form: pasted with a zero width space or its accents decomposed, it
// is the value stored without them.
func StoredText(v string) string {
	if utf8.ValidString(v) {
		return CleanText(v)
	}
	return strings.TrimSpace(v)
}

// CleanText is v as a one-line field stores it when it is valid (see
// cleanLine): trimmed, without invisible characters and bidirectional
// controls, separators as spaces, in normal form C. A decoder that keeps a
// link to a value as it was read compares it with the stored value through
// it.
func CleanText(v string) string {
	if strings.ContainsFunc(v, cleanedRune) {
		v = strings.Map(func(r rune) rune {
			switch {
			case invisibleRune(r), bidiControl(r):
				return -1
			case r == '\u2028' || r == '\u2029':
				return ' '
			}
			return r
		}, v)
	}
	return norm.NFC.String(strings.TrimSpace(v))
}

// invisibleRune reports whether r is a format character that shows nothing
// and means nothing in a one-line field: ZERO WIDTH SPACE, SOFT HYPHEN, WORD
// JOINER and the BOM (ZERO WIDTH NO-BREAK SPACE). Left in, "Jo\u200bse" looks
// like Jose but is not found by it. The joiners that shape scripts and emoji
// (U+200C, U+200D) are kept.
func invisibleRune(r rune) bool {
	return r == '\u200b' || r == '\u00ad' || r == '\u2060' || r == '\ufeff'
}

// cleanedRune reports whether cleanLine drops or replaces r.
func cleanedRune(r rune) bool {
	return invisibleRune(r) || bidiControl(r) || r == '\u2028' || r == '\u2029'
}

// bidiControl reports whether r is a bidirectional embedding, override or
// isolate (U+202A-U+202E, U+2066-U+2069), which reorders what follows it on
// the line: in a table, the other columns of the row.
func bidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

// cleanLines checks a text of several lines (a note, an interaction's
// summary) and returns it trimmed, in normal form C, with LF line ends: a
// CRLF (a note read from a Windows file) and a lone CR become a newline.
// Kept, a lone CR sent the cursor back over the line it ended, so that
// show printed "innocent text\rEVIL" as "EVILcent text".
// The length checked is the stored text's: a note of the most bytes
// followed by the newline that ends a file, or written with CRLFs, fits.
func cleanLines(field, v string, max int) (string, error) {
	v = LF(v)
	if utf8.ValidString(v) {
		v = norm.NFC.String(strings.TrimSpace(v))
	}
	if err := checkText(field, v, max, true); err != nil {
		return "", err
	}
	return v, nil
}

// LF is text with LF line ends, as notes and summaries are stored: a
// CRLF and a lone CR become a newline. Those stored before this rule may
// have CRs still; an import compares them through it, so that the same
// note read again from a Windows file is not added a second time.
func LF(v string) string {
	if !strings.Contains(v, "\r") {
		return v
	}
	return strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n")
}

func checkText(field, v string, max int, multiline bool) error {
	if !utf8.ValidString(v) {
		// Named, escaped ("Jos\xe9"), unless it is too long to show.
		shown := v
		if len(v) > MaxFieldLen {
			shown = ""
		}
		return invalidField(field, shown, "is not valid UTF-8 text")
	}
	if len(v) > max {
		return invalidField(field, "", "is too long (at most "+strconv.Itoa(max)+" bytes)")
	}
	for _, r := range v {
		if r == '\n' || r == '\t' {
			if multiline {
				continue
			}
			if r == '\n' {
				// Said as such: in an import, a cell over several lines
				// is often a CSV quote that was never closed.
				return invalidField(field, v, "is more than one line")
			}
		}
		if unicode.IsControl(r) {
			return invalidField(field, v, "contains a control character")
		}
	}
	return nil
}

// oneOf returns v lower-cased and trimmed when it is one of allowed (a
// type, a level, a label), def when it is empty.
func oneOf(field, v string, allowed []string, def string) (string, error) {
	l := strings.ToLower(strings.TrimSpace(v))
	if l == "" {
		return def, nil
	}
	if !slices.Contains(allowed, l) {
		return "", invalidField(field, v, "must be one of "+strings.Join(allowed, ", "))
	}
	return l, nil
}

// CheckNewOccasions refuses a birthday or anniversary that a user sets (add,
// edit) to a date after today, which cannot have happened yet, or in the
// year 1604: Apple, CardBook and others write 1604 for "no year", and an
// import reads it so (--MM-DD), so a real 1604 would not survive an export
// and import. A date stored before is left alone.
func CheckNewOccasions(before, after *Contact, now time.Time) error {
	local := now.In(time.Local)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	for _, o := range []struct{ field, was, is string }{
		{"birthday", before.Birthday, after.Birthday},
		{"anniversary", before.Anniversary, after.Anniversary},
	} {
		if o.is == o.was {
			continue
		}
		d, err := ParseDate(o.field, o.is)
		// The stored date written another way (01/01/2027 for
		// 2027-01-01) is the date stored before, left alone too.
		if was, werr := ParseDate(o.field, o.was); err == nil && werr == nil && d == was {
			continue
		}
		switch {
		case err != nil || strings.HasPrefix(d, "--"):
		case strings.HasPrefix(d, "1604-"):
			return invalidField(o.field, o.is, "has the year 1604, which address books write for \"no year\" (give --MM-DD for a date without a year)")
		case d > today:
			return invalidField(o.field, o.is, "is after today ("+today+")")
		}
	}
	return nil
}

// ParseDate reads a calendar date in one of the accepted forms (YYYY-MM-DD,
// --MM-DD without a year, MM/DD/YYYY, YYYYMMDD) and returns it as YYYY-MM-DD
// or --MM-DD. The empty string is returned as is.
func ParseDate(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	bad := invalidField(field, v, "is not a real date (use YYYY-MM-DD, --MM-DD or MM/DD/YYYY)")
	if strings.HasPrefix(v, "--") {
		md := strings.TrimPrefix(v, "--")
		if len(md) == 4 && !strings.Contains(md, "-") {
			md = md[:2] + "-" + md[2:]
		}
		// 2000 is a leap year, so --02-29 is accepted.
		t, err := time.Parse("2006-01-02", "2000-"+md)
		if err != nil || len(md) != 5 {
			return "", bad
		}
		return t.Format("--01-02"), nil
	}
	for _, layout := range []string{"2006-01-02", "01/02/2006", "1/2/2006", "20060102"} {
		t, err := time.Parse(layout, v)
		if err == nil {
			if t.Year() < 1 {
				return "", bad
			}
			return t.Format("2006-01-02"), nil
		}
	}
	return "", bad
}

// GivenTwice names the phones, emails and URLs of c, as given, that
// normalize to the value of one given before them (a fax line on the work
// number, an address in capitals, a URL whose host is in capitals,
// URLForm): Normalize keeps only the first, which add says.
func GivenTwice(c *Contact, region string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range c.Phones {
		if n, err := cleanLine("phone", p.Number); err == nil {
			if e164, err := NormalizePhone(n, region); err == nil {
				if seen[e164] {
					out = append(out, n)
				}
				seen[e164] = true
			}
		}
	}
	for _, e := range c.Emails {
		if a, err := NormalizeEmail(e.Address); err == nil {
			if seen[a] {
				out = append(out, strings.TrimSpace(e.Address))
			}
			seen[a] = true
		}
	}
	for _, u := range c.URLs {
		if v, err := cleanLine("url", u.URL); err == nil && v != "" {
			if seen["url:"+URLForm(v)] {
				out = append(out, v)
			}
			seen["url:"+URLForm(v)] = true
		}
	}
	return out
}

func normalizePhones(c *Contact, region string) error {
	out := c.Phones[:0]
	seen := map[string]bool{}
	for _, p := range c.Phones {
		var err error
		if p.Label, err = oneOf("phone label", p.Label, PhoneLabels, DefaultPhoneLabel); err != nil {
			return err
		}
		if p.Number, err = cleanLine("phone", p.Number); err != nil {
			return err
		}
		if p.E164 == "" && hasTelScheme(p.Number) {
			// A number pasted as a URI (tel:+1-415-555-0134) is kept as
			// the number it holds, as vCard import keeps it.
			p.Number = FromTelURI(p.Number)
		}
		// A stored phone keeps its E.164, which was checked when the number
		// was entered: read again in the region of whoever edits it now, a
		// US number becomes a German one, and a British national number is
		// no number at all in region US. A new or changed number is read in
		// region.
		if p.E164 == "" || !ReadsAs(p.Number, p.E164, region) {
			if p.E164, err = NormalizePhone(p.Number, region); err != nil {
				return err
			}
		}
		if seen[p.E164] {
			continue
		}
		seen[p.E164] = true
		out = append(out, p)
	}
	c.Phones = out
	return nil
}

func normalizeEmails(c *Contact) error {
	out := c.Emails[:0]
	seen := map[string]bool{}
	for _, e := range c.Emails {
		var err error
		if e.Label, err = oneOf("email label", e.Label, EmailLabels, DefaultEmailLabel); err != nil {
			return err
		}
		if e.Address, err = NormalizeEmail(e.Address); err != nil {
			return err
		}
		if seen[e.Address] {
			continue
		}
		seen[e.Address] = true
		out = append(out, e)
	}
	c.Emails = out
	return nil
}

// NormalizeEmail checks that v is a bare, syntactically valid address and
// returns it lower-cased.
func NormalizeEmail(v string) (string, error) {
	v, err := cleanLine("email", v)
	if err != nil {
		return "", err
	}
	a, perr := mail.ParseAddress(v)
	if perr != nil || a.Address != v || !strings.Contains(v, "@") {
		return "", invalidField("email", v, "is not a valid email address")
	}
	return strings.ToLower(v), nil
}

func normalizeAddresses(c *Contact) error {
	for i := range c.Addresses {
		a := &c.Addresses[i]
		var err error
		if a.Label, err = oneOf("address label", a.Label, AddressLabels, DefaultAddressLabel); err != nil {
			return err
		}
		for _, part := range []struct {
			name string
			v    *string
		}{{"address street", &a.Street}, {"address city", &a.City}, {"address state", &a.State}, {"address zip", &a.Zip}, {"address country", &a.Country}} {
			if *part.v, err = cleanLine(part.name, *part.v); err != nil {
				return err
			}
		}
		if a.Country != "" {
			if a.Country, err = NormalizeCountry(a.Country); err != nil {
				return err
			}
		}
		if a.Street == "" && a.City == "" && a.State == "" && a.Zip == "" && a.Country == "" {
			return Errorf(EINVALID, "address: is empty (use LABEL=street;city;state;zip;country)")
		}
	}
	return nil
}

// IsNetwork reports whether s is a social network name as stored (lower
// case, trimmed): add --social stores any such name as it is given.
func IsNetwork(s string) bool { return networkRE().MatchString(s) }

func normalizeSocials(c *Contact) error {
	out := c.Socials[:0]
	seen := map[Social]bool{}
	for _, s := range c.Socials {
		s.Network = strings.ToLower(strings.TrimSpace(s.Network))
		// A network is a one-line field, bounded as the others are (a
		// URL's label is): a file's 20,000-byte network was stored whole.
		if len(s.Network) > MaxFieldLen {
			return invalidField("social network", "", "is too long (at most "+strconv.Itoa(MaxFieldLen)+" bytes)")
		}
		if !IsNetwork(s.Network) {
			return invalidField("social network", s.Network, "must be a network name such as linkedin or twitter")
		}
		var err error
		if s.Handle, err = cleanLine("social "+s.Network, s.Handle); err != nil {
			return err
		}
		if s.Handle == "" {
			return invalidField("social "+s.Network, "", "needs a handle or URL (use NETWORK=HANDLE)")
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	c.Socials = out
	return nil
}

// StoredURLLabel is a valid URL label as Normalize stores it: in lower
// case, cleaned, one word (urlLabelWord), DefaultURLLabel when empty.
// Schema 18 rewrites the labels stored before that rule through it.
func StoredURLLabel(l string) string {
	return storedURLLabel(StoredText(strings.ToLower(l)))
}

func storedURLLabel(l string) string {
	if l = urlLabelWord(l); l == "" {
		return DefaultURLLabel
	}
	return l
}

func normalizeURLs(c *Contact) error {
	out := c.URLs[:0]
	seen := map[string]bool{}
	for _, u := range c.URLs {
		var err error
		if u.Label, err = cleanLine("url label", strings.ToLower(u.Label)); err != nil {
			return err
		}
		u.Label = storedURLLabel(u.Label)
		if u.URL, err = cleanLine("url", u.URL); err != nil {
			return err
		}
		if _, perr := url.Parse(u.URL); perr != nil || u.URL == "" || strings.ContainsAny(u.URL, " \t") {
			return invalidField("url", u.URL, "is not a valid URL")
		}
		// One web address whatever the case of its scheme and host
		// (URLForm), kept once with its first label, as a phone is.
		if !seen[URLForm(u.URL)] {
			seen[URLForm(u.URL)] = true
			out = append(out, u)
		}
	}
	c.URLs = out
	return nil
}

func normalizeTags(c *Contact) error {
	out := make([]string, 0, len(c.Tags))
	seen := map[string]bool{}
	for _, t := range c.Tags {
		t, err := cleanLine("tag", t)
		if err != nil {
			return err
		}
		if t == "" {
			continue
		}
		if strings.ContainsAny(t, ",") {
			return invalidField("tag", t, "must not contain a comma")
		}
		k := TagKey(t)
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	c.Tags = out
	return nil
}

// Aside is what SetAsideStored took out of a contact, to put back after
// Normalize.
type Aside struct {
	attributes map[string]string
	timezone   string
	// urls are set aside at their index in the contact's URLs.
	urls []asideURL
}

type asideURL struct {
	index int
	url   URL
}

// Attributes are the attributes set aside, nil when there are none.
func (a Aside) Attributes() map[string]string { return a.attributes }

// PutBack puts what was set aside back into c.
func (a Aside) PutBack(c *Contact) {
	if len(a.attributes) > 0 && c.Attributes == nil {
		c.Attributes = map[string]string{}
	}
	maps.Copy(c.Attributes, a.attributes)
	if a.timezone != "" {
		c.Timezone = a.timezone
	}
	for _, u := range a.urls {
		c.URLs = slices.Insert(c.URLs, min(u.index, len(c.URLs)), u.url)
	}
}

// SetAsideStored takes out of c, and returns, the values that one of
// stored holds as they are but that Normalize would refuse now, so that a
// contact stored before a rule can still be edited, merged or updated by
// an import without the user having to touch them; Normalize refuses a new
// one. Put them back with PutBack after it. They are:
//
//   - the attributes under keys longer than MaxKeyLen, and not made by a
//     merge of a valid key (ValidAttrKey), that one of stored holds with
//     the same value, or that a merge made of such a key (see holdsUnder),
//     and those under a key that another of c's keys is in
//     another case ("plan" and "PLAN") that one of stored holds with the
//     same value: written before keys were bounded and matched in any case
//     (an import kept a long header whole), or made by rolo;
//   - a time zone that is none of the zone database rolo carries
//     (posixrules, posix/Europe/Paris, Factory), taken from the host's
//     zone files before zones were read from that database. A stored zone
//     in another case of a real one is not set aside: Normalize spells it
//     as IANA does;
//   - a URL that is the web address of an earlier URL of c in other
//     capitals of its scheme or host (URLForm), when one of stored holds
//     both as they are: stored before such URLs were kept once.
func SetAsideStored(c *Contact, stored ...*Contact) Aside {
	var aside Aside
	aside.urls = urlsAside(c, stored)
	if c.Timezone != "" {
		if _, ok := CanonicalTimezone(c.Timezone); !ok &&
			slices.ContainsFunc(stored, func(s *Contact) bool { return s.Timezone == c.Timezone }) {
			aside.timezone = c.Timezone
			c.Timezone = ""
		}
	}
	held := func(k string) bool {
		return slices.ContainsFunc(stored, func(s *Contact) bool { _, ok := s.Attributes[k]; return ok })
	}
	all := &Contact{Attributes: maps.Clone(c.Attributes)}
	for _, k := range all.SortedAttributeKeys() {
		v := c.Attributes[k]
		long := len(k) > MaxKeyLen && !ValidAttrKey(k)
		// Keys in two cases are set aside only when each was stored so.
		if ks := all.AttrKeys(k); !long && (len(ks) < 2 || !allOf(ks, held)) {
			continue
		}
		for _, s := range stored {
			if sv, ok := s.Attributes[k]; (ok && sv == v) || (long && holdsUnder(s.Attributes, k, v)) {
				if aside.attributes == nil {
					aside.attributes = map[string]string{}
				}
				aside.attributes[k] = v
				delete(c.Attributes, k)
				break
			}
		}
	}
	return aside
}

// urlsAside takes out of c the URLs SetAsideStored sets aside, each with
// its index.
func urlsAside(c *Contact, stored []*Contact) []asideURL {
	holds := func(s *Contact, u string) bool {
		return slices.ContainsFunc(s.URLs, func(su URL) bool { return su.URL == u })
	}
	var aside []asideURL
	kept := c.URLs[:0:0]
	for i, u := range c.URLs {
		first := slices.IndexFunc(kept, func(k URL) bool { return URLForm(k.URL) == URLForm(u.URL) })
		if first >= 0 && kept[first].URL != u.URL && slices.ContainsFunc(stored, func(s *Contact) bool {
			return holds(s, u.URL) && holds(s, kept[first].URL)
		}) {
			aside = append(aside, asideURL{index: i, url: u})
			continue
		}
		kept = append(kept, u)
	}
	if len(aside) > 0 {
		c.URLs = kept
	}
	return aside
}

func allOf(ks []string, f func(string) bool) bool {
	for _, k := range ks {
		if !f(k) {
			return false
		}
	}
	return true
}

// holdsUnder reports whether attrs holds v under key k, or under the key
// KEY that k is made from as a merge names a value that lost (KEY.ID):
// KEY itself too long, stored before keys were bounded, makes a key that
// ValidAttrKey does not take either.
func holdsUnder(attrs map[string]string, k, v string) bool {
	for sk, sv := range attrs {
		if sv == v && (sk == k || strings.HasPrefix(k, sk+".")) {
			return true
		}
	}
	return false
}

// EmptyAttr reports whether the attribute k=v, as given (add --attr, edit
// --attr, the $EDITOR form, an import), has an empty value once trimmed.
// An empty value is no attribute, as an empty field is no value: it is not
// stored, and on a contact that holds k it removes k. The change log, a
// diff and the form cannot tell "" from absent, so one kept would be a
// value no edit can be seen to set. The key is checked all the same.
//
// The rule is for input only: an attribute an older rolo stored with an
// empty value is the contact's, and Normalize keeps it, so that an edit of
// another field does not drop it unlogged.
func EmptyAttr(k, v string) (bool, error) {
	if !utf8.ValidString(v) || CleanText(v) != "" {
		return false, nil
	}
	if err := checkAttrKey(k); err != nil {
		return false, err
	}
	return true, nil
}

// DropEmptyAttributes removes from c, a contact as given (add, an import's
// record), each attribute that EmptyAttr finds empty.
func DropEmptyAttributes(c *Contact) error {
	for _, k := range c.SortedAttributeKeys() {
		empty, err := EmptyAttr(k, c.Attributes[k])
		if err != nil {
			return err
		}
		if empty {
			delete(c.Attributes, k)
		}
	}
	return nil
}

func normalizeAttributes(c *Contact) error {
	if c.Attributes == nil {
		c.Attributes = map[string]string{}
	}
	// Keys match in any case (queries, edit --attr, merge): two that
	// differ only in case would be one attribute with two values. Walked
	// in order, the first key of a case-insensitive kind is the one kept.
	first := make(map[string]string, len(c.Attributes))
	for _, k := range c.SortedAttributeKeys() {
		v := c.Attributes[k]
		if len(k) > MaxKeyLen && !ValidAttrKey(k) {
			return checkAttrKey(k)
		}
		fold := strings.ToLower(strings.ToUpper(k))
		if had, ok := first[fold]; ok {
			return invalidField("attribute", k, "is the key "+strconv.Quote(had)+" in another case (a key is one attribute whatever its case: give one)")
		}
		first[fold] = k
		if err := checkAttrKey(k); err != nil {
			return err
		}
		v, err := cleanLine("attribute "+k, v)
		if err != nil {
			return err
		}
		c.Attributes[k] = v
	}
	return nil
}

// NormalizeLanguage checks a BCP 47 language tag and returns it in its
// canonical form (fr-ca is fr-CA).
func NormalizeLanguage(v string) (string, error) {
	tag, err := language.Parse(v)
	if err != nil {
		return "", invalidField("language", v, "is not a language tag (examples: en, fr-CA)")
	}
	return tag.String(), nil
}
