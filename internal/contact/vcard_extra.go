package contact

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// vcardOwn are the vCard properties rolo reads into its own fields every
// time they appear, or that frame a card. A kept copy of one would be
// written into every vCard export after rolo's own lines, and read back as
// data rolo's screening never saw (a second TEL or EMAIL that lookup and
// block do not know, a second card after an END:VCARD, a UID or FN that is
// not the contact's), so VCardExtra never holds them.
var vcardOwn = map[string]bool{
	"BEGIN": true, "END": true, "VERSION": true, "PRODID": true, "UID": true, "FN": true, "REV": true,
	"TEL": true, "EMAIL": true, "ADR": true, "URL": true, "IMPP": true, "X-SOCIALPROFILE": true,
	"CATEGORIES": true, "NOTE": true,
	// The instant-messaging properties the vCard decoder reads as socials.
	"X-AIM": true, "X-ICQ": true, "X-JABBER": true, "X-MSN": true, "X-YAHOO": true, "X-SKYPE": true,
	"X-SKYPE-USERNAME": true, "X-GADUGADU": true, "X-GOOGLE-TALK": true, "X-GTALK": true, "X-TWITTER": true,
	"X-QQ": true, "X-WECHAT": true, "X-WHATSAPP": true, "X-TELEGRAM": true, "X-LINKEDIN": true,
	"X-FACEBOOK": true, "X-MS-IMADDRESS": true,
}

// VCardSecondValue are the single-valued properties rolo writes itself
// (N, NICKNAME, ORG, TITLE, BDAY, the anniversary, LANG, TZ) whose further
// values an imported card may carry: a second ORG or TITLE, the second
// language of LANG;PREF=2. rolo reads the first one into its field, so
// VCardExtra may keep the others; a vCard export writes them after rolo's
// own value of that property (for LANG, in 3.0, X-ROLO-LANGUAGE), or,
// where the contact has none (its title unset since), the first as the
// card's own, which an import reads into the field, if it is a value
// that field can hold. A TZ that is not a time zone name (a UTC offset
// such as -0500) is no such value: the timezone field holds only IANA
// names (IsTimezone), so it is kept and written back in any case.
var VCardSecondValue = map[string]bool{
	"N": true, "NICKNAME": true, "ORG": true, "TITLE": true, "BDAY": true, "ANNIVERSARY": true,
	"X-ANNIVERSARY": true, "LANG": true, "TZ": true,
}

// VCardOwnProperty reports whether name (upper case, without a group)
// is a property rolo models or writes itself and that VCardExtra must
// never hold: the vcardOwn properties, and rolo's own X-ROLO-* namespace
// (visibility, owner, sharing, blocks...).
func VCardOwnProperty(name string) bool {
	return vcardOwn[name] || strings.HasPrefix(name, "X-ROLO-") || strings.HasPrefix(name, "X-MESSAGING/")
}

// normalizeVCardExtra refuses a VCardExtra that is not what it is for: one
// well-formed vCard content line per line, each a property rolo does not
// model. Whatever the way in (a CSV or JSON cell, a vCard, an edit), a
// line that names TEL, EMAIL, X-ROLO-VISIBILITY or END would otherwise be
// written raw into every vCard export. A line whose value is empty or
// blank (X-FOO:) is dropped, as a vCard import drops such a property: kept,
// it would not come back from a vCard export.
func normalizeVCardExtra(extra string) (string, error) {
	if !utf8.ValidString(extra) {
		return "", invalidField("vcard_extra", "", "is not valid UTF-8 text")
	}
	lines := strings.Split(extra, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if l == "" {
			kept = append(kept, l)
			continue
		}
		name, value, why := vcardLineName(l)
		// An imported card's own FN, kept for the name parts it was
		// written for, is no FN of rolo's: a vCard export writes it
		// instead of the FN rolo builds only while those parts are the
		// contact's.
		if why == "" && VCardOwnProperty(name) && !(name == "FN" && linkedToName(l)) {
			why = "names " + name + ", which rolo models or writes itself; only properties rolo does not model may be kept"
		}
		if why == "" {
			if strings.TrimSpace(value) != "" {
				kept = append(kept, l)
			}
			continue
		}
		if len(l) > 80 {
			cut := 77
			for cut > 0 && !utf8.RuneStart(l[cut]) {
				cut--
			}
			l = l[:cut] + "..."
		}
		return "", invalidField("vcard_extra", l, why)
	}
	if len(kept) == len(lines) {
		return extra, nil
	}
	return strings.Join(kept, "\n"), nil
}

// StoredVCardExtra is extra as Normalize stores it (normalizeVCardExtra:
// without its lines of no value), or extra as it is when Normalize would
// refuse it. Schema 18 rewrites what was stored before through it.
func StoredVCardExtra(extra string) string {
	if out, err := normalizeVCardExtra(extra); err == nil {
		return out
	}
	return extra
}

// linkedToName reports whether a kept FN line carries the X-ROLO-FOR
// parameter that ties it to name parts (X-ROLO-FOR="N:last|first|...").
func linkedToName(l string) bool {
	// Unquoted, the link's value ends at its colon ("N").
	v := linkedValue(l)
	return v == "N" || strings.HasPrefix(v, "N:")
}

// vcardLineName returns the upper-case property name and the value of a
// content line "[group.]NAME[;PARAM...]:VALUE", or why the line is not one.
func vcardLineName(l string) (name, value, why string) {
	// A CR would end the line in a vCard reader; other control characters
	// do occur in real cards (a form feed in Outlook's FBURL) and are kept.
	if strings.ContainsAny(l, "\r\x00") {
		return "", "", "contains a line break or NUL"
	}
	end := strings.IndexAny(l, ";:")
	if end <= 0 {
		return "", "", "is not a vCard content line (NAME:VALUE)"
	}
	full := l[:end]
	if _, n, ok := strings.Cut(full, "."); ok {
		full = n
	}
	letter := false
	for _, c := range []byte(l[:end]) {
		switch {
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
			letter = true
		case c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '/':
		default:
			return "", "", "is not a vCard content line (NAME:VALUE)"
		}
	}
	if !letter || full == "" {
		return "", "", "is not a vCard content line (NAME:VALUE)"
	}
	colon := end
	if l[end] == ';' {
		// Parameters: up to the first ":" outside double quotes.
		colon = -1
		quoted := false
		for i, c := range []byte(l[end:]) {
			if c == '"' {
				quoted = !quoted
			} else if c == ':' && !quoted {
				colon = end + i
				break
			}
		}
		if colon < 0 {
			return "", "", "is not a vCard content line (NAME:VALUE)"
		}
	}
	return strings.ToUpper(full), l[colon+1:], ""
}

// JoinVCardExtra returns the vCard extras have with those of add that it
// lacks, after its own lines, so that a merge (MergeContacts, an import's
// --on-duplicate merge) loses none: each line once, two photos both. The
// lines of a vCard group (an X-ABLabel with the value it labels, "item1.")
// go together: a group that have holds already, under any group name, is
// not added again, and one whose name have uses for other lines is added
// under a new name (item2...), which the vCard export writes: two groups of
// one name would read back as one, a label on the wrong number.
func JoinVCardExtra(have, add string) string {
	if have == "" || add == "" {
		return have + add
	}
	lines := strings.Split(have, "\n")
	seen := make(map[string]bool, len(lines))
	groups := map[string][]string{} // group in lower case -> its lines without it
	for _, l := range lines {
		seen[l] = true
		if g, rest := vcardLineGroup(l); g != "" {
			groups[strings.ToLower(g)] = append(groups[strings.ToLower(g)], rest)
		}
	}
	var order []string
	added := map[string][]string{}
	for _, l := range strings.Split(add, "\n") {
		if g, rest := vcardLineGroup(l); g != "" {
			g = strings.ToLower(g)
			if added[g] == nil {
				order = append(order, g)
			}
			added[g] = append(added[g], rest)
		}
	}
	// What becomes of each group of add: "" when have holds it, else the
	// name it is added under, one that neither side uses.
	rename := make(map[string]string, len(order))
	taken := make(map[string]bool, len(groups)+len(order))
	for g := range groups {
		taken[g] = true
	}
	for _, g := range order {
		taken[g] = true
	}
	held := func(want []string) bool {
		for _, h := range groups {
			if holdsLines(h, want) {
				return true
			}
		}
		return false
	}
	for _, g := range order {
		switch {
		case held(added[g]):
		case groups[g] == nil:
			rename[g] = g
		default:
			n := 1
			for taken["item"+strconv.Itoa(n)] {
				n++
			}
			rename[g] = "item" + strconv.Itoa(n)
			taken[rename[g]] = true
		}
	}
	n := len(lines)
	for _, l := range strings.Split(add, "\n") {
		if g, rest := vcardLineGroup(l); g != "" {
			to := rename[strings.ToLower(g)]
			if to == "" {
				continue
			}
			if to != strings.ToLower(g) {
				l = to + "." + rest
			}
		}
		if l != "" && !seen[l] {
			seen[l] = true
			lines = append(lines, l)
		}
	}
	if len(lines) == n {
		return have
	}
	return strings.Join(lines, "\n")
}

// UpdateVCardExtra returns the vCard extras have as an import's update
// leaves them with those of a record, rec: as its other fields, what the
// record gives replaces the contact's, and what it does not give stays.
// A property of rec (PHOTO, X-FOO, a second TITLE, Apple's
// item1.X-ABRELATEDNAMES) replaces the lines of that name have holds,
// with the rest of the group of one in a group (its X-ABLabel); a group
// of rec labelling a value (X-ROLO-FOR: a phone's custom label) replaces
// have's group labelling that value; the rest of have stays (a photo the
// card has none of, the custom label of a phone the card does not have,
// which the update keeps), and rec's lines are joined to it as
// JoinVCardExtra does.
func UpdateVCardExtra(have, rec string) string {
	if have == "" || rec == "" {
		return JoinVCardExtra(have, rec)
	}
	names, labelled := map[string]bool{}, map[string]bool{}
	for _, l := range strings.Split(rec, "\n") {
		if v := linkedValue(l); v != "" {
			labelled[v] = true
		}
		if name, _, why := vcardLineName(l); why == "" && name != "X-ABLABEL" {
			names[name] = true
		}
	}
	lines := strings.Split(have, "\n")
	gone := map[string]bool{} // groups of have, in lower case, that rec replaces
	for _, l := range lines {
		g, _ := vcardLineGroup(l)
		if g == "" {
			continue
		}
		if name, _, why := vcardLineName(l); labelled[linkedValue(l)] || why == "" && names[name] {
			gone[strings.ToLower(g)] = true
		}
	}
	kept := lines[:0:0]
	for _, l := range lines {
		g, _ := vcardLineGroup(l)
		if g != "" && gone[strings.ToLower(g)] {
			continue
		}
		if name, _, why := vcardLineName(l); g == "" && why == "" && names[name] {
			continue
		}
		kept = append(kept, l)
	}
	return JoinVCardExtra(strings.Join(kept, "\n"), rec)
}

// linkedValue returns the value a kept line is linked to by its
// X-ROLO-FOR parameter ("TEL:+14155550123"), or "".
func linkedValue(l string) string {
	quoted, start := false, -1
	for i := 0; i < len(l); i++ {
		switch {
		case l[i] == '"':
			quoted = !quoted
		case quoted:
		case l[i] == ':' && start < 0:
			return ""
		case l[i] == ':' || l[i] == ';':
			if start >= 0 {
				return strings.Trim(l[start:i], `"`)
			}
			if l[i] == ';' && strings.HasPrefix(strings.ToUpper(l[i+1:]), "X-ROLO-FOR=") {
				start = i + 1 + len("X-ROLO-FOR=")
			}
		}
	}
	return ""
}

// holdsLines reports whether have holds every line of want.
func holdsLines(have, want []string) bool {
	for _, l := range want {
		if !slices.Contains(have, l) {
			return false
		}
	}
	return true
}

// vcardLineGroup splits the group off a content line "group.NAME...": the
// group as written and the line without it, or "" and l.
func vcardLineGroup(l string) (group, rest string) {
	end := strings.IndexAny(l, ";:")
	if end <= 0 {
		return "", l
	}
	if i := strings.IndexByte(l[:end], '.'); i > 0 {
		return l[:i], l[i+1:]
	}
	return "", l
}

// DropRemovedLabels takes out of after's vCard extras the group of each
// custom label (X-ROLO-FOR) linked to a phone, email or social profile
// that before had and after no longer has: an edit that removes a value
// removes its label with it. Kept, the label would come back on the same
// value added again later ("Boat (work)" for --add-phone work=...).
func DropRemovedLabels(before, after *Contact) {
	if after.VCardExtra == "" {
		return
	}
	lines := strings.Split(after.VCardExtra, "\n")
	gone := map[string]bool{} // groups, in lower case
	for _, l := range lines {
		link := linkedValue(l)
		g, _ := vcardLineGroup(l)
		if link == "" || g == "" {
			continue
		}
		if held, known := holdsLinked(before, link); known && held {
			if held, _ = holdsLinked(after, link); !held {
				gone[strings.ToLower(g)] = true
			}
		}
	}
	if len(gone) == 0 {
		return
	}
	kept := lines[:0:0]
	for _, l := range lines {
		if g, _ := vcardLineGroup(l); g == "" || !gone[strings.ToLower(g)] {
			kept = append(kept, l)
		}
	}
	after.VCardExtra = strings.Join(kept, "\n")
}

// holdsLinked reports whether c holds the value a label is linked to
// ("TEL:+14155550123"), compared as a vCard export does, and whether the
// kind of value is one it knows (a phone, an email, a social profile).
func holdsLinked(c *Contact, link string) (held, known bool) {
	kind, v, _ := strings.Cut(link, ":")
	v = CleanText(v)
	switch kind {
	case "TEL":
		return slices.ContainsFunc(c.Phones, func(p Phone) bool {
			e := CleanText(p.E164)
			return e != "" && ReadsAs(v, e, CallingCodeRegion(e))
		}), true
	case "EMAIL":
		return slices.ContainsFunc(c.Emails, func(m Email) bool { return strings.EqualFold(v, CleanText(m.Address)) }), true
	case "X-SOCIALPROFILE":
		return slices.ContainsFunc(c.Socials, func(s Social) bool { return v == CleanText(s.Handle) }), true
	}
	return false, false
}
