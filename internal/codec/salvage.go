package codec

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/lazyre"
)

// oneLine makes v fit a single-line field: line breaks become ", ", other
// control characters become spaces, and runs of spaces are collapsed.
func oneLine(v string) string {
	if !strings.ContainsFunc(v, unicode.IsControl) {
		return strings.TrimSpace(v)
	}
	var parts []string
	for _, l := range strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 }) {
		l = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, l)
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, ", ")
}

// attrKeyFrom derives an attribute key from a column header or property
// name: "Manager's Name" -> "managers_name", "Straße privat" ->
// "strasse_privat". It returns "" when nothing usable is left.
func attrKeyFrom(s string) string {
	s = strings.ReplaceAll(s, "ß", "ss")
	s = norm.NFD.String(s)
	var b strings.Builder
	sep := false
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || unicode.Is(unicode.Mn, r):
			// dropped: "Manager's" -> "managers", "ä" -> "a"
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteRune(unicode.ToLower(r))
		default:
			sep = true
		}
	}
	return fitKey(b.String(), "")
}

// fitKey returns key+suffix, key cut short enough for the whole to be
// at most contact.MaxKeyLen bytes: a key derived from a long header or
// label (a survey question as a column name) imports under its first 64
// bytes. Keys derived here are ASCII.
func fitKey(key, suffix string) string {
	if len(key)+len(suffix) > contact.MaxKeyLen {
		key = strings.TrimRight(key[:contact.MaxKeyLen-len(suffix)], "_.-")
	}
	return key + suffix
}

// addAttr stores v under key, adding _2, _3... when the key is taken by a
// different value.
func addAttr(c *contact.Contact, key, v string) string {
	if c.Attributes == nil {
		c.Attributes = map[string]string{}
	}
	if key == "" {
		key = "value"
	}
	k := fitKey(key, "")
	for i := 2; ; i++ {
		old, taken := c.Attributes[k]
		if !taken || old == v {
			c.Attributes[k] = v
			return k
		}
		k = fitKey(key, "_"+strconv.Itoa(i))
	}
}

var (
	dottedDate = lazyre.New(`^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$`)
	slashDate  = lazyre.New(`^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$`)
	ymdDate    = lazyre.New(`^(\d{4})[./](\d{1,2})[./](\d{1,2})$`)
	isoDate    = lazyre.New(`^(\d{4})-?(\d{2})-?(\d{2})$`)
)

// normDate reads the dates other programs write and returns rolo's form
// (YYYY-MM-DD, or --MM-DD without a year). It reports false for a value
// that is not a real date. The year 1604, which Apple and CardBook write
// for "year unknown", becomes --MM-DD; Outlook's empty dates ("0.0.00",
// "1/0/00", "00/00/00" in any locale's form), its object model's null
// date, 1 January 4501, and a database's zero date ("0000-00-00",
// "0000-00-00 00:00:00") become "".
func normDate(v string, today time.Time) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" || v == "1/0/00" || zeroDate(v) {
		return "", true
	}
	if i := strings.IndexByte(v, 'T'); i >= 8 {
		v = v[:i] // 1985-01-28T00:00:00Z, 20090808T1430-0500
	}
	if d, err := contact.ParseDate("date", v); err == nil {
		return noDate(yearless(d)), true
	}
	y, mo, d := "", "", ""
	if m := dottedDate().FindStringSubmatch(v); m != nil {
		d, mo, y = m[1], m[2], m[3]
	} else if m := slashDate().FindStringSubmatch(v); m != nil {
		mo, d, y = m[1], m[2], m[3]
	} else if m := ymdDate().FindStringSubmatch(v); m != nil {
		y, mo, d = m[1], m[2], m[3]
	} else {
		return "", false
	}
	date, ok := composeDate(y, mo, d, today)
	return noDate(yearless(date)), ok
}

// zeroDate reports whether v is a date of zeros only ("0/0/00",
// "00.00.0000", "0000-00-00 00:00:00"): the empty date of Outlook, in
// its locale's form, and of databases.
func zeroDate(v string) bool {
	return strings.Contains(v, "0") && strings.Trim(v, "0./-: ") == ""
}

// noDate is d, a date in rolo's form, or "" for 4501-01-01: Outlook's
// object model holds an empty date as 1 January 4501, and exports of
// Outlook contacts written through it (scripts, sync tools) carry it in
// their Birthday and Anniversary columns. No one's birthday or
// anniversary falls then.
func noDate(d string) string {
	if d == "4501-01-01" {
		return ""
	}
	return d
}

// yearless is a date in rolo's form (YYYY-MM-DD) as noYear reads it: in
// the year 1604, --MM-DD.
func yearless(d string) string {
	if rest, ok := strings.CutPrefix(d, "1604-"); ok {
		return "--" + rest
	}
	return d
}

// noYear returns a date in the year 1604, which Apple, CardBook and
// others write for "year unknown", as --MM-DD, whatever form it is written
// in (1604-03-04, 16040304, 03/04/1604), and any other value as it is.
// Every import reads such a date so, JSON too, so that a date is stored
// alike whichever format brought it, and add and edit refuse a real 1604
// (contact.CheckNewOccasions), which an export would not keep. Outlook's
// empty date, 4501-01-01 (noDate), is "" here too, as every other import
// reads it.
func noYear(v string) string {
	if m := isoDate().FindStringSubmatch(v); m != nil && m[1] == "1604" {
		return "--" + m[2] + "-" + m[3]
	}
	if d, err := contact.ParseDate("date", v); err == nil {
		switch {
		case strings.HasPrefix(d, "1604-"):
			return "--" + d[5:]
		case noDate(d) == "":
			return ""
		}
	}
	return v
}

// dropBlankNotes returns ns without the notes that are empty or only
// spaces and line breaks: an import leaves them out, in every format, as
// it does an empty notes cell or NOTE line, and as add and note refuse
// them.
func dropBlankNotes(ns []contact.Note) []contact.Note {
	return slices.DeleteFunc(ns, func(n contact.Note) bool { return strings.TrimSpace(n.Text) == "" })
}

// composeDate builds a date from its parts; a two-digit year makes the
// latest such date that is not after today (these are birthdays and
// anniversaries).
func composeDate(y, mo, d string, today time.Time) (string, bool) {
	yi, yerr := strconv.Atoi(strings.TrimSpace(y))
	mi, merr := strconv.Atoi(strings.TrimSpace(mo))
	di, derr := strconv.Atoi(strings.TrimSpace(d))
	if merr != nil || derr != nil {
		return "", false
	}
	if strings.TrimSpace(y) == "" {
		s := fmt.Sprintf("--%02d-%02d", mi, di)
		out, err := contact.ParseDate("date", s)
		return out, err == nil
	}
	if yerr != nil {
		return "", false
	}
	if len(strings.TrimSpace(y)) == 2 {
		yi = fullYear(yi, mi, di, today)
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if yi < 1 || t.Year() != yi || int(t.Month()) != mi || t.Day() != di {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// phoneLabel maps the type words of other programs (vCard TYPE values,
// Google and Outlook labels, Apple X-ABLabel) to rolo's phone labels. A
// number whose kind the file does not say (no type, or only VOICE or
// PREF) is "other", not rolo's default "mobile": a landline written as
// TYPE=VOICE must not become a mobile in every program an export feeds.
func phoneLabel(types ...string) string {
	if l, _ := phoneKind(types...); l != "" {
		return l
	}
	return "other"
}

// phoneKind is phoneLabel's table: the label its words say, "" when they
// say no kind (none, VOICE, PREF), and whether it knows every word that
// says none. A word it does not know (billing) is no label word of any
// program, so in a cell it is part of the value (addValue).
func phoneKind(types ...string) (label string, known bool) {
	s := strings.ToLower(strings.Join(types, " "))
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("fax"):
		return "fax", true
	case has("cell", "mobil", "iphone", "handy"):
		return "mobile", true
	case has("pager", "other", "main", "assistant", "callback", "car", "isdn", "radio", "tty", "textphone", "telex", "video", "weitere", "andere"):
		return "other", true
	case has("work", "business", "office", "company", "dienst", "geschäft", "arbeit", "firma"):
		return "work", true
	case has("home", "privat", "personal"):
		return "home", true
	case has("text", "sms"):
		// A number that takes text messages is a mobile's.
		return "mobile", true
	}
	return "", noKind(s, "voice", "pref", "*")
}

// emailLabel maps type words to rolo's email labels: "" when they say no
// kind (INTERNET, PREF), "other" for any other word.
func emailLabel(types ...string) string {
	if l, known := emailKind(types...); l != "" || known {
		return l
	}
	return "other"
}

// emailKind is emailLabel's table: the label its words say, "" when they
// say no kind, and whether it knows every word that says none.
func emailKind(types ...string) (label string, known bool) {
	s := strings.ToLower(strings.Join(types, " "))
	switch {
	case strings.Contains(s, "work") || strings.Contains(s, "business") || strings.Contains(s, "office") || strings.Contains(s, "dienst") || strings.Contains(s, "geschäft"):
		return "work", true
	case strings.Contains(s, "home") || strings.Contains(s, "privat") || strings.Contains(s, "personal"):
		return "home", true
	case strings.Contains(s, "other"):
		return "other", true
	}
	return "", noKind(s, "internet", "pref", "x400", "smtp", "*")
}

// noKind reports whether s holds only the words given, that say no kind.
func noKind(s string, words ...string) bool {
	for _, w := range words {
		s = strings.ReplaceAll(s, w, "")
	}
	return strings.TrimSpace(s) == ""
}

// addressLabel maps type words to rolo's address labels.
func addressLabel(types ...string) string {
	l := emailLabel(types...)
	rest := strings.NewReplacer("postal", "", "parcel", "", "dom", "", "intl", "").Replace(strings.ToLower(strings.Join(types, " ")))
	if l == "other" && strings.TrimSpace(strings.NewReplacer("internet", "", "pref", "", "*", "").Replace(rest)) == "" {
		return ""
	}
	return l
}

// urlLabel turns a type word or an Apple label ("_$!<HomePage>!$_") into a
// URL label.
func urlLabel(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimSuffix(s, ">!$_"), "_$!<")
	s = strings.TrimPrefix(s, "* ")
	return strings.ToLower(oneLine(s))
}

var networkCleaner = lazyre.New(`[^a-z0-9_.+-]+`)

// networkName turns an IM service or social profile type into a network
// name rolo accepts ("Google Talk" -> "google-talk").
func networkName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "x-")
	s = strings.Trim(networkCleaner().ReplaceAllString(s, "-"), "-._+")
	switch s {
	case "gtalk", "googletalk", "google-talk", "hangouts":
		return "googletalk"
	case "msnim", "msn", "windows-live":
		return "msn"
	case "ymsgr":
		return "yahoo"
	case "xmpp", "jabber":
		return "jabber"
	case "":
		return "im"
	}
	return s
}

// socialNetwork is the network of a social profile as a file names it: a
// name rolo stores as it is (linkedin, gtalk, x-corp, c++) stays, as add
// stores it, so that rolo's own vCard export (X-SOCIALPROFILE;TYPE=) reads
// back as it was written; another is made one (networkName).
func socialNetwork(s string) string {
	if n := strings.ToLower(strings.TrimSpace(s)); contact.IsNetwork(n) {
		return n
	}
	return networkName(s)
}

// imNetwork is the network of an instant-messaging service as Google's IM
// columns name it ("IM 1 - Service"): another name of a service rolo knows
// (GTalk, Hangouts, XMPP, MSN) is made that service's one, as an IMPP
// address's is, so that the same handle is one network whichever file it
// came from; any other name is kept as a social network's is
// (socialNetwork), so that x-corp and c++ from rolo's Google export come
// back as they were.
func imNetwork(s string) string {
	switch n := networkName(s); n {
	case "googletalk", "msn", "yahoo", "jabber":
		return n
	}
	return socialNetwork(s)
}

// salvage moves the values another program wrote but that rolo cannot
// store in their field (a phone that is not a number, a birthday that is
// not a date, an unknown country) into attributes, and makes text fit
// single-line fields, so that the rest of the record can be imported. It
// returns what it did, for Record.Warnings.
func salvage(c *contact.Contact, opts Options) []string {
	var warn []string
	keep := func(what, v, key string) {
		k := addAttr(c, key, oneLine(v))
		warn = append(warn, fmt.Sprintf("%s %q kept as attribute %s", what, oneLine(v), k))
	}
	for _, f := range contact.Fields() {
		if v := f.Get(c); v != "" {
			f.Set(c, oneLine(v))
		}
	}
	if c.Birthday != "" {
		if d, ok := normDate(c.Birthday, opts.today()); ok {
			c.Birthday = d
		} else {
			keep("birthday", c.Birthday, "birthday")
			c.Birthday = ""
		}
	}
	if c.Anniversary != "" {
		if d, ok := normDate(c.Anniversary, opts.today()); ok {
			c.Anniversary = d
		} else {
			keep("anniversary", c.Anniversary, "anniversary")
			c.Anniversary = ""
		}
	}
	if c.Language != "" {
		if _, err := language.Parse(c.Language); err != nil {
			keep("language", c.Language, "language")
			c.Language = ""
		}
	}
	if c.Timezone != "" {
		if _, err := time.LoadLocation(c.Timezone); err != nil || c.Timezone == "Local" {
			keep("time zone", c.Timezone, "timezone")
			c.Timezone = ""
		}
	}
	// A number without + is read in the record's own country when it has
	// one, as the importer reads it.
	region := contact.RecordRegion(c, opts.Region)
	phones := c.Phones[:0]
	for _, p := range c.Phones {
		p.Number = oneLine(p.Number)
		if p.Number == "" {
			continue
		}
		// rolo's CSV and vCard give the E.164 form of a number entered
		// without + (the decoder checked that the number reads as it).
		// That check, one parse, comes first: NormalizePhone takes two.
		if p.E164 == "" || !contact.ReadsAs(p.Number, p.E164, region) {
			if _, err := contact.NormalizePhone(p.Number, region); err != nil {
				keep("phone", p.Number, join("phone", p.Label))
				continue
			}
		}
		phones = append(phones, p)
	}
	c.Phones = phones
	emails := c.Emails[:0]
	for _, e := range c.Emails {
		e.Address = oneLine(e.Address)
		if e.Address == "" {
			continue
		}
		if _, err := contact.NormalizeEmail(e.Address); err != nil {
			keep("email", e.Address, join("email", e.Label))
			continue
		}
		emails = append(emails, e)
	}
	c.Emails = emails
	addrs := c.Addresses[:0]
	for _, a := range c.Addresses {
		for _, p := range []*string{&a.Street, &a.City, &a.State, &a.Zip, &a.Country} {
			*p = oneLine(*p)
		}
		if a.Country != "" {
			if _, err := contact.NormalizeCountry(a.Country); err != nil {
				keep("country", a.Country, join("address", a.Label, "country"))
				a.Country = ""
			}
		}
		if a.Street == "" && a.City == "" && a.State == "" && a.Zip == "" && a.Country == "" {
			continue
		}
		addrs = append(addrs, a)
	}
	c.Addresses = addrs
	urls := c.URLs[:0]
	for _, u := range c.URLs {
		u.URL, u.Label = oneLine(u.URL), oneLine(u.Label)
		if u.URL == "" {
			continue
		}
		if _, err := url.Parse(u.URL); err != nil || strings.ContainsAny(u.URL, " \t") {
			keep("URL", u.URL, join("url", u.Label))
			continue
		}
		urls = append(urls, u)
	}
	c.URLs = urls
	socials := c.Socials[:0]
	for _, s := range c.Socials {
		s.Network, s.Handle = socialNetwork(s.Network), oneLine(s.Handle)
		if s.Handle != "" {
			socials = append(socials, s)
		}
	}
	c.Socials = socials
	// A tag can split in two ("Clients, 2024"), so the tags are built in
	// a new slice: appending in place would overwrite the next unread one.
	tags := make([]string, 0, len(c.Tags))
	for _, t := range c.Tags {
		for _, p := range strings.Split(oneLine(t), ",") {
			if p = strings.TrimSpace(p); p != "" {
				tags = append(tags, p)
			}
		}
	}
	c.Tags = tags
	for k, v := range c.Attributes {
		nk := k
		if !contact.ValidAttrKey(k) {
			nk = attrKeyFrom(k)
		}
		v1 := oneLine(v)
		if len(v1) > contact.MaxFieldLen {
			delete(c.Attributes, k)
			c.Notes = append(c.Notes, contact.Note{Text: k + ": " + v})
			warn = append(warn, fmt.Sprintf("attribute %s is too long: kept as a note", k))
			continue
		}
		if nk != k || v1 != v {
			delete(c.Attributes, k)
			addAttr(c, nk, v1)
		}
	}
	notes := c.Notes[:0]
	for _, n := range c.Notes {
		n.Text = strings.TrimSpace(n.Text)
		if n.Text != "" {
			notes = append(notes, n)
		}
	}
	c.Notes = notes
	return warn
}

// join builds an attribute key from parts, skipping empty ones.
func join(parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "_")
}

// splitName splits a full name into first and last name for a record that
// has no name parts, at the last space, so that the display name reads as
// the full name did. A name with one comma and no digit is written last
// name first ("Mustermann, Erika", as Outlook's File As), unless what
// follows the comma is a suffix or a credential in capitals, kept with the
// last name ("Sammy Davis, Jr.", "John Smith, CPA"), or a company's legal
// form ("Acme Widgets, Inc.", kept whole as the first name). With two commas and a person's suffix last, it is last name,
// first name, suffix ("Smith, John, Jr." is John, "Smith, Jr.").
func splitName(full string) (first, last string) {
	full = oneLine(full)
	if parts := strings.Split(full, ","); len(parts) == 3 && !strings.ContainsAny(full, "0123456789") {
		l, f, s := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1]), strings.TrimSpace(parts[2])
		if l != "" && f != "" && nameSuffixes[suffixKey(s)] {
			return f, l + ", " + s
		}
	}
	if l, f, ok := strings.Cut(full, ","); ok && !strings.Contains(f, ",") {
		l, f = strings.TrimSpace(l), strings.TrimSpace(f)
		person, suffix := nameSuffixes[suffixKey(f)]
		switch {
		case l == "" || f == "" || strings.ContainsAny(full, "0123456789"):
			// No name: "URI JPEG, version 4.0".
		case suffix && !person:
			// A company: "Acme Widgets, Inc." stays whole.
			return full, ""
		case !suffix && !credential(f):
			return f, l
		case strings.Contains(l, " "):
			// The suffix stays with the last name: "Davis, Jr.", "Smith, CPA".
			i := strings.LastIndexByte(l, ' ')
			return strings.TrimSpace(l[:i]), l[i+1:] + ", " + f
		default:
			return full, ""
		}
	}
	i := strings.LastIndexByte(full, ' ')
	if i < 0 {
		return full, ""
	}
	return strings.TrimSpace(full[:i]), strings.TrimSpace(full[i+1:])
}

// nameSuffixes are the words after a comma that end a name written first
// name first (as suffixKey writes them): true for a person's suffix,
// false for a company's legal form.
var nameSuffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true, "phd": true, "md": true,
	"esq": true, "inc": false, "ltd": false, "llc": false, "gmbh": false, "ag": false, "co": false, "corp": false, "plc": false}

// credential reports whether w, after a comma, is a title or degree
// written in capitals ("CPA", "M.B.A.", "RN"), not a first name: a name
// ends with it, as with a suffix.
func credential(w string) bool {
	k := strings.ReplaceAll(w, ".", "")
	if n := utf8.RuneCountInString(k); n < 2 || n > 5 {
		return false
	}
	for _, r := range k {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// suffixKey is a word as nameSuffixes holds it: lower case, without dots.
func suffixKey(w string) string { return strings.ToLower(strings.ReplaceAll(w, ".", "")) }

// fullYear reads a two-digit year yy of the date yy-mm-dd as 20yy, or as
// 19yy when 20yy-mm-dd is after today.
func fullYear(yy, mm, dd int, today time.Time) int {
	y, m, d := today.Date()
	if time.Date(2000+yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC).After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		return 1900 + yy
	}
	return 2000 + yy
}
