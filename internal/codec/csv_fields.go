package codec

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/lazyre"
)

// target is what a CSV column feeds. Its text form (String, parseTarget)
// is the --map syntax.
type target struct {
	kind  string // see parseTarget
	field string // scalar field key, address part, attribute key, network, meta name, birthday part
	label string // fixed label of a multi-valued field
	slot  int    // numbered group of columns that form one value (Google "Phone 1 - Type" + "Phone 1 - Value")
	role  string // in a slot: "value", "label", "network", "handle" or an address part
}

// Meta fields: the parts of a contact that only rolo's own files carry.
var metaFields = []string{"visibility", "owner", "shared_with", "favorite", "blocked", "blocked_reason", "blocked_by",
	"blocked_at", "archived", "archived_at", "deleted", "deleted_at", "created_at", "updated_at", "last_activity_at",
	"last_channel", "vcard_extra"}

var addressParts = []string{"street", "street2", "street3", "pobox", "extended", "city", "state", "zip", "country", "formatted"}

func (t target) String() string {
	switch t.kind {
	case "skip":
		return ""
	case "field":
		if f, ok := contact.LookupField(t.field); ok {
			return f.Name
		}
		return t.field
	case "attr":
		return "attr." + t.field
	case "social":
		if t.slot > 0 {
			return fmt.Sprintf("social.%d.%s", t.slot, t.role)
		}
		return "social." + t.field
	case "address":
		if t.slot > 0 {
			return fmt.Sprintf("address.%d.%s", t.slot, t.role)
		}
		return join3("address", t.label, t.field)
	case "bday":
		return "birthday." + t.field
	case "meta":
		return t.field
	case "phone", "email", "url", "event", "relation", "custom":
		if t.slot > 0 {
			return fmt.Sprintf("%s.%d.%s", t.kind, t.slot, t.role)
		}
		return join3(t.kind, t.label, "")
	}
	return t.kind
}

func join3(a, b, c string) string {
	s := a
	for _, p := range []string{b, c} {
		if p != "" {
			s += "." + p
		}
	}
	return s
}

// identity reports whether t can give a contact what it needs to exist: a
// name, a company, a phone or an email.
func (t target) identity() bool {
	switch t.kind {
	case "name", "phone", "email", "phones", "emails":
		return true
	case "field":
		switch t.field {
		case "first_name", "middle_name", "last_name", "nickname", "company":
			return true
		}
	}
	return false
}

var fieldSyntax = "a field (first, last, company, title, birthday...), name, uid, phone[.LABEL], email[.LABEL], " +
	"address[.LABEL].PART (street, city, state, zip, country), url[.LABEL], social.NETWORK, tags, notes, interactions, attr.KEY, " +
	"phones, emails, addresses, urls, socials, attributes, or skip"

// parseTarget reads a --map field: the names rolo's template uses, plus
// labelled and numbered forms. It returns false for text that is not a
// target.
func parseTarget(spec string) (target, bool) {
	s := strings.ToLower(strings.TrimSpace(spec))
	switch s {
	case "skip", "ignore", "-", "none":
		return target{kind: "skip"}, true
	case "name", "full_name", "fullname", "display_name":
		return target{kind: "name"}, true
	case "uid", "id":
		return target{kind: s}, true
	case "phones", "emails", "addresses", "urls", "socials", "attributes":
		return target{kind: s}, true
	case "tag", "tags":
		return target{kind: "tags"}, true
	case "note", "notes":
		return target{kind: "notes"}, true
	case "interactions":
		return target{kind: "interactions"}, true
	case "phone", "email", "url":
		return target{kind: s}, true
	}
	if slices.Contains(metaFields, s) {
		return target{kind: "meta", field: s}, true
	}
	if f, ok := contact.LookupField(s); ok && !strings.Contains(s, ".") {
		return target{kind: "field", field: f.Key}, true
	}
	kind, rest, ok := strings.Cut(s, ".")
	if !ok || rest == "" {
		return target{}, false
	}
	if kind == "attr" {
		if !contact.ValidAttrKey(strings.TrimSpace(spec)[5:]) {
			return target{}, false
		}
		return target{kind: "attr", field: strings.TrimSpace(spec)[5:]}, true
	}
	parts := strings.Split(rest, ".")
	slot := 0
	if n, err := strconv.Atoi(parts[0]); err == nil && n > 0 && len(parts) == 2 {
		slot = n
	}
	switch kind {
	case "birthday":
		if len(parts) == 1 && (rest == "year" || rest == "month" || rest == "day") {
			return target{kind: "bday", field: rest}, true
		}
	case "phone", "email", "url":
		if slot > 0 && (parts[1] == "value" || parts[1] == "label") {
			return target{kind: kind, slot: slot, role: parts[1]}, true
		}
		if len(parts) == 1 && slot == 0 {
			return target{kind: kind, label: parts[0]}, true
		}
	case "event", "relation", "custom":
		if slot > 0 && (parts[1] == "value" || parts[1] == "label") {
			return target{kind: kind, slot: slot, role: parts[1]}, true
		}
	case "social":
		if slot > 0 && (parts[1] == "network" || parts[1] == "handle" || parts[1] == "label") {
			return target{kind: kind, slot: slot, role: parts[1]}, true
		}
		if len(parts) == 1 && slot == 0 {
			return target{kind: kind, field: parts[0]}, true
		}
	case "address":
		switch {
		case slot > 0 && (parts[1] == "label" || slices.Contains(addressParts, parts[1])):
			return target{kind: kind, slot: slot, role: parts[1]}, true
		case len(parts) == 1 && slices.Contains(addressParts, parts[0]):
			return target{kind: kind, field: parts[0]}, true
		case len(parts) == 2 && slot == 0 && slices.Contains(addressParts, parts[1]):
			return target{kind: kind, label: parts[0], field: parts[1]}, true
		}
	}
	return target{}, false
}

// headerKey is how headers are compared: lower case, ASCII letters and
// digits only. Dropping every other character makes "E-Mail-Adresse",
// "E-mail Address" and "Straße (privat)" / "Straße privat" compare equal,
// and lets a German Outlook header whose umlauts were lost ("Stra�e
// gesch�ftlich") still match.
func headerKey(h string) string {
	var b strings.Builder
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 32)
		}
	}
	return b.String()
}

// synonyms maps header keys to targets for the headers other programs
// write (English and German Outlook, Thunderbird, Windows Live Mail, Apple,
// Google) and the names people give columns in their own spreadsheets.
var synonyms = sync.OnceValue(func() map[string]target {
	return buildSynonyms(map[string][]string{
		"first":       {"First Name", "First", "Firstname", "Given Name", "Given", "Forename", "Vorname", "Prénom"},
		"middle":      {"Middle Name", "Middle", "Additional Name", "Weitere Vornamen", "2. Vorname", "Second Name", "Middle Names"},
		"last":        {"Last Name", "Last", "Lastname", "Surname", "Family Name", "Nachname", "Familienname", "Nom"},
		"prefix":      {"Prefix", "Name Prefix", "Honorific Prefix", "Salutation", "Anrede"},
		"suffix":      {"Suffix", "Name Suffix", "Honorific Suffix", "Namenszusatz"},
		"nickname":    {"Nickname", "Nick", "Spitzname"},
		"name":        {"Name", "Full Name", "Display Name", "Anzeigename", "Contact Name", "Contact"},
		"company":     {"Company", "Organization", "Organisation", "Org", "Organization Name", "Company Name", "Employer", "Firma", "Unternehmen"},
		"title":       {"Job Title", "Title", "Position", "Role", "Berufsbezeichnung", "Arbeitstitel", "Organization Title", "Job"},
		"department":  {"Department", "Dept", "Abteilung", "Organization Department"},
		"birthday":    {"Birthday", "Birth Date", "Birthdate", "Date of Birth", "DOB", "Geburtstag", "Geburtsdatum"},
		"anniversary": {"Anniversary", "Jahrestag", "Wedding Anniversary", "Hochzeitstag"},
		"language":    {"Language", "Sprache", "Lang"},
		"timezone":    {"Time Zone", "Timezone", "TZ", "Zeitzone"},
		"uid":         {"UID", "vCard UID"},
		"tags":        {"Tags", "Tag", "Labels", "Categories", "Category", "Groups", "Group", "Group Membership", "Kategorien", "Kategorie"},
		"notes":       {"Notes", "Note", "Comments", "Comment", "Notizen", "Notiz", "Bemerkungen", "Bemerkung", "Kommentar", "Description"},

		"email": {"Email", "E-mail", "Mail", "Primary Email", "Secondary Email",
			"Primäre E-Mail-Adresse", "Sekundäre E-Mail-Adresse", "Email 2", "Email 3", "Additional Email"},
		"email.work":  {"Work Email", "Business Email", "Email (Work)", "Office Email", "Arbeit E-Mail", "E-Mail geschäftlich", "E-Mail (geschäftlich)"},
		"email.home":  {"Home Email", "Personal Email", "Private Email", "Email (Home)", "Privat E-Mail", "E-Mail privat", "E-Mail (privat)"},
		"email.other": {"Other Email", "Andere E-Mail", "Weitere E-Mail"},

		"phone": {"Phone", "Telephone", "Tel", "Phone Number", "Telefon", "Telefonnummer", "Number", "Rufnummer"},
		"phone.mobile": {"Mobile", "Mobile Phone", "Mobile Number", "Cell", "Cell Phone", "Cellphone", "Mobile Phone 2",
			"Mobiltelefon", "Mobiltelefon 2", "Mobil", "Handy", "Mobil-Tel.-Nr.", "Mobilnummer"},
		"phone.work": {"Work Phone", "Business Phone", "Business Phone 2", "Office Phone", "Company Main Phone", "Phone (Work)",
			"Tel. dienstlich", "Telefon geschäftlich", "Telefon geschäftlich 2", "Telefon (geschäftlich)", "Arbeit Telefon",
			"Telefon Firma", "Telefon dienstlich"},
		"phone.home": {"Home Phone", "Home Phone 2", "Private Phone", "Phone (Home)", "Tel. privat", "Telefon privat",
			"Telefon privat 2", "Telefon (privat)", "Telefon (privat 2)", "Privat Telefon"},
		"phone.fax": {"Fax", "Fax Number", "Business Fax", "Home Fax", "Other Fax", "Work Fax", "Fax-Nummer", "Fax geschäftlich",
			"Fax privat", "Fax (privat)", "Fax (geschäftlich)", "Weiteres Fax", "Arbeit Fax", "Privat Fax", "Faxnummer"},
		"phone.other": {"Other Phone", "Pager", "Pager Number", "Pager-Nummer", "Pager Nummer", "Primary Phone", "Assistant's Phone",
			"Callback", "Car Phone", "ISDN", "Radio Phone", "TTY/TDD Phone", "Telefon Assistent", "Rückmeldung", "Autotelefon",
			"Weiteres Telefon", "Haupttelefon", "Telefon für Hörbehinderte", "Hauptnummer", "Andere Telefonnummer"},

		"url":      {"Website", "Web Site", "Web", "URL", "Homepage", "Web Page", "Webseite", "Internet", "Internetseite"},
		"url.work": {"Work Website", "Business Web Page", "Business Website", "Web Page 1", "Webseite 1", "Webseite (geschäftlich)"},
		"url.home": {"Personal Web Page", "Home Web Page", "Personal Website", "Web Page 2", "Webseite 2", "Webseite (privat)"},

		"social.linkedin":  {"LinkedIn", "LinkedIn URL", "LinkedIn Profile"},
		"social.twitter":   {"Twitter", "X", "Twitter Handle"},
		"social.facebook":  {"Facebook"},
		"social.instagram": {"Instagram"},
		"social.whatsapp":  {"WhatsApp"},
		"social.telegram":  {"Telegram"},
		"social.wechat":    {"WeChat"},
		"social.skype":     {"Skype"},
		"social.github":    {"GitHub"},
		"social.xing":      {"Xing"},
		"social.aim":       {"Screen Name", "AIM", "Arbeit AIM", "Privat AIM"},
		"social.jabber":    {"Jabber", "XMPP", "Arbeit Jabber", "Privat Jabber"},
		"social.msn":       {"MSN", "Arbeit MSN", "Privat MSN"},
		"social.yahoo":     {"Yahoo", "Arbeit Yahoo", "Privat Yahoo"},
		"social.icq":       {"ICQ", "Arbeit ICQ", "Privat ICQ"},
		"social.im":        {"IM Address", "IMAddress", "Messenger-Name", "Instant Messenger", "Chat"},

		"address.street":  {"Address", "Street", "Street Address", "Straße", "Strasse", "Adresse", "Address Line 1"},
		"address.street2": {"Address 2", "Street 2", "Address Line 2", "Adresse 2"},
		"address.city":    {"City", "Town", "Locality", "Stadt", "Ort", "Wohnort"},
		"address.state":   {"State", "Province", "Region", "State/Province", "Bundesland", "Kanton"},
		"address.zip":     {"Zip", "Zip Code", "ZIP/Postal Code", "Postal Code", "Postcode", "Post Code", "PLZ", "Postleitzahl"},
		"address.country": {"Country", "Country/Region", "Land", "Land/Region", "Country Code"},

		"address.work.street": {"Business Street", "Work Address", "Work Street", "Business Address Street", "Straße geschäftlich",
			"Straße (geschäftlich)", "Dienstlich: Adresse", "Arbeitsadresse Strasse", "Arbeitsadresse Straße"},
		"address.work.street2": {"Business Street 2", "Work Address 2", "Work Address2", "Straße geschäftlich 2", "Dienstlich: Adresse 2"},
		"address.work.street3": {"Business Street 3", "Straße geschäftlich 3"},
		"address.work.pobox":   {"Business Address PO Box", "Postfach geschäftlich"},
		"address.work.city": {"Business City", "Work City", "Ort geschäftlich", "Ort (geschäftlich)", "Dienstlich: Ort",
			"Arbeitsadresse Stadt", "Arbeitsadresse Ort"},
		"address.work.state": {"Business State", "Work State", "Region geschäftlich", "Bundesland geschäftlich",
			"Bundesland (geschäftlich)", "Dienstlich: Bundesland", "Arbeitsadresse Bundesland"},
		"address.work.zip": {"Business Postal Code", "Work ZipCode", "Work Zip", "Work Postal Code", "Postleitzahl geschäftlich",
			"Postleitzahl (geschäftlich)", "Dienstlich: PLZ", "Arbeitsadresse PLZ"},
		"address.work.country": {"Business Country/Region", "Business Country", "Work Country", "Land/Region geschäftlich",
			"Land/Region (geschäftlich)", "Dienstlich: Land", "Arbeitsadresse Land"},

		"address.home.street": {"Home Street", "Home Address", "Home Address Street", "Straße privat", "Straße (privat)", "Privat: Adresse",
			"Privatadresse Strasse", "Privatadresse Straße"},
		"address.home.street2": {"Home Street 2", "Home Address 2", "Home Address2", "Straße privat 2", "Privat: Adresse 2"},
		"address.home.street3": {"Home Street 3", "Straße privat 3"},
		"address.home.pobox":   {"Home Address PO Box", "Postfach privat"},
		"address.home.city": {"Home City", "Ort privat", "Ort (privat)", "Privat: Ort", "Privatadresse Stadt",
			"Privatadresse Ort"},
		"address.home.state": {"Home State", "Bundesland/Kanton privat", "Bundesland (privat)", "Bundesland privat",
			"Privat: Bundesland", "Privatadresse Bundesland"},
		"address.home.zip": {"Home Postal Code", "Home ZipCode", "Home Zip", "Postleitzahl privat", "Postleitzahl (privat)",
			"Privat: PLZ", "Privatadresse PLZ"},
		"address.home.country": {"Home Country/Region", "Home Country", "Land/Region privat", "Land/Region (privat)",
			"Privat: Land", "Privatadresse Land"},

		"address.other.street":  {"Other Street", "Weitere Straße", "Andere Adr. Strasse", "Andere Adr. Straße"},
		"address.other.street2": {"Other Street 2", "Weitere Straße 2"},
		"address.other.street3": {"Other Street 3", "Weitere Straße 3"},
		"address.other.pobox":   {"Other Address PO Box", "Weiteres Postfach"},
		"address.other.city":    {"Other City", "Weiterer Ort", "Andere Adr. Stadt"},
		"address.other.state":   {"Other State", "Weiteres/r Bundesland/Kanton", "Andere Adr. Bundesland"},
		"address.other.zip":     {"Other Postal Code", "Weitere Postleitzahl", "Andere Adr. PLZ"},
		"address.other.country": {"Other Country/Region", "Other Country", "Weiteres/e Land/Region", "Andere Adr. Land"},

		"birthday.year":  {"Birth Year", "Geburtsjahr"},
		"birthday.month": {"Birth Month", "Geburtsmonat"},

		"email.1.value": {"E-mail Address", "E-Mail-Adresse"},
		"email.2.value": {"E-mail 2 Address", "E-Mail 2: Adresse"},
		"email.3.value": {"E-mail 3 Address", "E-Mail 3: Adresse"},

		"skip": {"Initials", "Initialen", "E-mail Type", "E-mail 2 Type", "E-mail 3 Type", "E-mail Display Name",
			"E-mail 2 Display Name", "E-mail 3 Display Name", "E-Mail-Typ", "E-Mail 2: Typ", "E-Mail 3: Typ",
			"E-Mail: Angezeigter Name", "E-Mail 2: Angezeigter Name", "E-Mail 3: Angezeigter Name", "Priority", "Priorität",
			"Sensitivity", "Vertraulichkeit", "Private", "File As", "error"},
	})
})

// outlookSynonyms are the headers that mean something else in an Outlook
// export: "Title" is the honorific, "Home Address" the formatted address.
var outlookSynonyms = sync.OnceValue(func() map[string]target {
	return buildSynonyms(map[string][]string{
		"prefix":                  {"Title"},
		"address.home.formatted":  {"Home Address"},
		"address.work.formatted":  {"Business Address"},
		"address.other.formatted": {"Other Address"},
		"attr.location":           {"Ort", "Location"},
		"skip":                    {"Privat"},
		"email.1.value":           {"E-mail Address", "E-Mail-Adresse"},
		"url.home":                {"Personal Web Page"},
		"url.work":                {"Web Page", "Webseite"},
		"attr.government_id":      {"Government ID Number", "Regierungsnr."},
		"attr.organizational_id":  {"Organizational ID Number", "Organisationsnr."},
		"attr.internet_free_busy": {"Internet Free Busy", "Internet Frei/Gebucht", "Internet-Frei/Gebucht"},
	})
})

func buildSynonyms(m map[string][]string) map[string]target {
	out := map[string]target{}
	for spec, headers := range m {
		t, ok := parseTarget(spec)
		if !ok {
			continue
		}
		for _, h := range headers {
			k := headerKey(h)
			if old, dup := out[k]; dup && old != t {
				panic("codec: header " + h + " has two meanings: " + old.String() + " and " + t.String())
			}
			out[k] = t
		}
	}
	return out
}

// googleColumn matches the numbered columns of Google's CSV: "E-mail 1 -
// Value", "Phone 2 - Type", "Address 1 - Postal Code", "IM 1 - Service".
var googleColumn = lazyre.New(`(?i)^\s*(e-?mail|phone|address|website|im|event|relation|custom field|organization)\s+(\d+)\s*-\s*(.+?)\s*$`)

func googleTarget(h string) (target, bool) {
	m := googleColumn().FindStringSubmatch(h)
	if m == nil {
		return target{}, false
	}
	slot, _ := strconv.Atoi(m[2])
	if slot <= 0 {
		return target{}, false
	}
	kind := strings.ToLower(strings.ReplaceAll(m[1], "-", ""))
	role := strings.ToLower(m[3])
	if role == "type" {
		role = "label"
	}
	switch kind {
	case "email":
		kind = "email"
	case "website":
		kind = "url"
	case "im":
		switch role {
		case "service":
			return target{kind: "social", slot: slot, role: "network"}, true
		case "value":
			return target{kind: "social", slot: slot, role: "handle"}, true
		}
		return target{kind: "skip"}, true
	case "custom field":
		kind = "custom"
	case "organization":
		if slot == 1 {
			switch role {
			case "name":
				return target{kind: "field", field: "company"}, true
			case "title":
				return target{kind: "field", field: "title"}, true
			case "department":
				return target{kind: "field", field: "department"}, true
			}
		}
		return target{}, false
	case "address":
		switch role {
		case "label":
		case "street", "city", "country", "formatted":
		case "po box":
			role = "pobox"
		case "region":
			role = "state"
		case "postal code":
			role = "zip"
		case "extended address":
			role = "extended"
		default:
			return target{}, false
		}
		return target{kind: "address", slot: slot, role: role}, true
	}
	if role != "label" && role != "value" {
		return target{}, false
	}
	return target{kind: kind, slot: slot, role: role}, true
}

// csvFlavour tells Google and Outlook exports from other CSV files by
// their header.
func csvFlavour(header []string) string {
	google, outlook := 0, 0
	for _, h := range header {
		k := headerKey(h)
		switch {
		case googleColumn().MatchString(h), k == "groupmembership", k == "givenname" || k == "familyname", k == "labels" && google > 0:
			google++
		case k == "emaildisplayname", k == "emailangezeigtername", k == "businessstreet", k == "straegeschftlich",
			k == "emailaddress", k == "emailadresse", k == "jobtitle" && outlook > 0, k == "homestreet", k == "straeprivat":
			outlook++
		}
	}
	switch {
	case google > 0 && google >= outlook:
		return Google
	case outlook >= 2:
		return Outlook
	}
	return CSV
}

// matchHeader finds the target of one header: rolo's own names first
// ("first", "phone.work", "attr.tier"), then the headers of the flavour,
// then Google's numbered columns, then everyone's synonyms. Google's
// columns come before the synonyms because headerKey drops the dash that
// tells them apart: Google's "E-mail 2 - Type" (the label of the second
// email) would otherwise be Outlook's "E-mail 2 Type" ("SMTP", skipped).
func matchHeader(h, flavour string) (target, bool) {
	if t, ok := parseTarget(h); ok && !strings.Contains(strings.TrimSpace(h), " ") {
		if !(flavour == Outlook && strings.EqualFold(strings.TrimSpace(h), "title")) {
			return t, true
		}
	}
	k := headerKey(h)
	if flavour == Outlook {
		if t, ok := outlookSynonyms()[k]; ok {
			return t, true
		}
	}
	if t, ok := googleTarget(h); ok {
		return t, true
	}
	if t, ok := synonyms()[k]; ok {
		return t, true
	}
	return target{}, false
}
