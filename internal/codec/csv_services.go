package codec

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// countryName returns the English name of an ISO 3166 alpha-2 code, which
// Google and Outlook expect, when rolo reads that name back as the same
// code; otherwise the code.
func countryName(code string) string {
	if len(code) != 2 {
		return code
	}
	name := contact.CountryName(code)
	if back, err := contact.NormalizeCountry(name); err == nil && back == strings.ToUpper(code) {
		return name
	}
	return code
}

// googleMulti joins the values of a Google cell with its separator, each
// in Google's form (contact.GoogleForm): a value that held the separator
// would be split in two on import and shift the values after it onto the
// wrong labels (an attribute's value under the next key).
func googleMulti(vs []string) string {
	out, cloned := vs, false
	for i, v := range vs {
		if g := contact.GoogleForm(v); g != v {
			if !cloned {
				out, cloned = slices.Clone(vs), true
			}
			out[i] = g
		}
	}
	return strings.Join(out, " ::: ")
}

// Google's labels for rolo's labels; one column group per label, several
// values of a label in one cell joined with " ::: ".
var (
	googleEmailSlots   = []struct{ label, google string }{{"work", "Work"}, {"home", "Home"}, {"other", "Other"}}
	googlePhoneSlots   = []struct{ label, google string }{{"mobile", "Mobile"}, {"work", "Work"}, {"home", "Home"}, {"fax", "Work Fax"}, {"other", "Other"}}
	googleAddressSlots = []struct{ label, google string }{{"work", "Work"}, {"home", "Home"}, {"other", "Other"}}
	googleURLSlots     = []struct{ label, google string }{{"work", "Work"}, {"home", "Home"}, {"other", "Other"}}
	googleAddressParts = []string{"Formatted", "Street", "City", "PO Box", "Region", "Postal Code", "Country", "Extended Address"}
)

func googleHeader() []string {
	h := []string{"First Name", "Middle Name", "Last Name", "Name Prefix", "Name Suffix", "Nickname",
		"Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes", "Labels"}
	for i := range googleEmailSlots {
		h = append(h, fmt.Sprintf("E-mail %d - Label", i+1), fmt.Sprintf("E-mail %d - Value", i+1))
	}
	for i := range googlePhoneSlots {
		h = append(h, fmt.Sprintf("Phone %d - Label", i+1), fmt.Sprintf("Phone %d - Value", i+1))
	}
	for i := range googleAddressSlots {
		h = append(h, fmt.Sprintf("Address %d - Label", i+1))
		for _, p := range googleAddressParts {
			h = append(h, fmt.Sprintf("Address %d - %s", i+1, p))
		}
	}
	for i := range googleURLSlots {
		h = append(h, fmt.Sprintf("Website %d - Label", i+1), fmt.Sprintf("Website %d - Value", i+1))
	}
	return append(h, "Event 1 - Label", "Event 1 - Value", "IM 1 - Label", "IM 1 - Service", "IM 1 - Value",
		"Custom Field 1 - Label", "Custom Field 1 - Value")
}

// GoogleEncoder writes the CSV layout Google Contacts exports and imports.
// A Google row has no room for rolo's UID, type, level or visibility;
// attributes go to a custom field and social handles to an IM field.
// Numbers entered without + are written in international form, which the
// service reads as the same number in any region.
type GoogleEncoder struct {
	w      *csv.Writer
	header bool
	safe   bool // see EncodeOptions.CSVSafe
}

// NewGoogleEncoder returns an encoder of Google Contacts CSV.
func NewGoogleEncoder(w io.Writer) *GoogleEncoder {
	return &GoogleEncoder{w: csv.NewWriter(w)}
}

func (e *GoogleEncoder) writeHeader() error {
	if e.header {
		return nil
	}
	e.header = true
	return e.w.Write(googleHeader())
}

// Write implements Encoder.
func (e *GoogleEncoder) Write(c *contact.Contact) error {
	if err := e.writeHeader(); err != nil {
		return err
	}
	var notes []string
	for _, n := range c.Notes {
		notes = append(notes, n.Text)
	}
	// Google's own label for its starred contacts, which the import reads
	// as a favorite.
	labels := c.Tags
	if c.Favorite {
		labels = append(slices.Clip(labels), "* starred")
	}
	// A field of one value is in Google's form too: the import splits
	// any cell at ":::" (the others kept as attributes).
	row := []string{c.FirstName, c.MiddleName, c.LastName, c.Prefix, c.Suffix, c.Nickname, c.Company, c.Title, c.Department}
	for i, v := range row {
		row[i] = contact.GoogleForm(v)
	}
	row = append(row, c.Birthday, strings.Join(notes, "\n\n"), googleMulti(labels))
	// A label rolo's labels cannot say (a phone's Car, Google's Pager),
	// kept from the file the contact came from, labels its value in the
	// Other slot, as Google writes it.
	kept := ReadKeptVCard(c.VCardExtra)
	for _, s := range googleEmailSlots {
		var vs, ls []string
		for _, m := range c.Emails {
			if m.Label == s.label || (s.label == "other" && !slices.Contains([]string{"work", "home"}, m.Label)) {
				vs = append(vs, m.Address)
				ls = append(ls, keptLabel(s.label, kept.EmailLabel, m.Address))
			}
		}
		row = append(row, slotLabel(s.google, ls), googleMulti(vs))
	}
	for _, s := range googlePhoneSlots {
		var vs, ls []string
		for _, p := range c.Phones {
			if p.Label == s.label || (s.label == "other" && !slices.Contains([]string{"mobile", "work", "home", "fax"}, p.Label)) {
				vs = append(vs, p.International())
				ls = append(ls, keptLabel(s.label, kept.PhoneLabel, p.E164))
			}
		}
		row = append(row, slotLabel(s.google, ls), googleMulti(vs))
	}
	for _, s := range googleAddressSlots {
		var as []contact.Address
		var ls []string
		for _, a := range c.Addresses {
			if a.Label == s.label || (s.label == "other" && !slices.Contains([]string{"work", "home"}, a.Label)) {
				as = append(as, a)
				ls = append(ls, keptLabel(s.label, kept.AddressLabel, a))
			}
		}
		cols := make([][]string, len(googleAddressParts))
		for _, a := range as {
			vals := []string{"", a.Street, a.City, "", a.State, a.Zip, countryName(a.Country), ""}
			if len(as) == 1 {
				vals[0] = formatAddress(a)
			}
			for i, v := range vals {
				cols[i] = append(cols[i], v)
			}
		}
		row = append(row, slotLabel(s.google, ls))
		for _, vs := range cols {
			if strings.Join(vs, "") == "" {
				row = append(row, "")
			} else {
				row = append(row, googleMulti(vs))
			}
		}
	}
	row = append(row, googleURLs(c.URLs)...)
	if c.Anniversary != "" {
		row = append(row, "Anniversary", c.Anniversary)
	} else {
		row = append(row, "", "")
	}
	var nets, handles []string
	for _, s := range c.Socials {
		nets, handles = append(nets, s.Network), append(handles, s.Handle)
	}
	row = append(row, labelIf(handles, "Other"), googleMulti(nets), googleMulti(handles))
	var keys, vals []string
	for _, k := range c.SortedAttributeKeys() {
		keys, vals = append(keys, k), append(vals, c.Attributes[k])
	}
	row = append(row, googleMulti(keys), googleMulti(vals))
	if e.safe {
		safeCells(row)
	}
	return e.w.Write(row)
}

// Close implements Encoder.
func (e *GoogleEncoder) Close() error {
	if err := e.writeHeader(); err != nil {
		return err
	}
	e.w.Flush()
	return e.w.Error()
}

// keptLabel is the custom label kept for a value of Google's Other slot
// (see KeptVCard), or "" (in another slot, or without one).
func keptLabel[T any](slot string, label func(T) string, value T) string {
	if slot != "other" {
		return ""
	}
	return label(value)
}

// slotLabel is the label cell of a Google slot of values labelled ls: the
// slot's own label where a value has none of its own, and, when the
// labels differ, each value's label in the cell (Google's multi-value
// form, split and paired as the values are); empty without values.
func slotLabel(google string, ls []string) string {
	if len(ls) == 0 {
		return ""
	}
	out := make([]string, len(ls))
	same := true
	for i, l := range ls {
		if l == "" {
			l = google
		}
		out[i] = l
		same = same && l == out[0]
	}
	if same {
		out = out[:1]
	}
	return googleMulti(out)
}

// googleURLs fills the Website slots of a row, two cells each (label,
// value). Unlike a phone's or an email's, a web address's label is any
// word (Google's own Blog, Profile or Home Page, or yours), so a slot
// says the label of its row: one slot per label of the contact, in the
// order of its web addresses (work, home and other in Google's words,
// the others as they are). When the labels outnumber the slots, work,
// home and other come first and the rest share the last slot, each value
// with its own label in the label cell (Google's multi-value form, split
// and paired as the values are). Written as Other, such a label was lost.
func googleURLs(us []contact.URL) []string {
	var labels []string
	byLabel := map[string][]string{}
	for _, u := range us {
		if _, ok := byLabel[u.Label]; !ok {
			labels = append(labels, u.Label)
		}
		byLabel[u.Label] = append(byLabel[u.Label], u.URL)
	}
	word := func(label string) string {
		for _, s := range googleURLSlots {
			if s.label == label {
				return s.google
			}
		}
		return label
	}
	rank := func(label string) int {
		for i, s := range googleURLSlots {
			if s.label == label {
				return i
			}
		}
		return len(googleURLSlots)
	}
	if len(labels) > len(googleURLSlots) {
		slices.SortStableFunc(labels, func(a, b string) int { return rank(a) - rank(b) })
	}
	cells := make([]string, 0, 2*len(googleURLSlots))
	for i := range googleURLSlots {
		switch {
		case i >= len(labels):
			cells = append(cells, "", "")
		case i < len(googleURLSlots)-1 || len(labels) == len(googleURLSlots):
			cells = append(cells, word(labels[i]), googleMulti(byLabel[labels[i]]))
		default:
			var ls, vs []string
			for _, l := range labels[i:] {
				for _, v := range byLabel[l] {
					ls, vs = append(ls, word(l)), append(vs, v)
				}
			}
			cells = append(cells, googleMulti(ls), googleMulti(vs))
		}
	}
	return cells
}

func labelIf[T any](vs []T, label string) string {
	if len(vs) == 0 {
		return ""
	}
	return label
}

// formatAddress writes an address the way a letter shows it.
func formatAddress(a contact.Address) string {
	return joinNonEmpty("\n", a.Street, joinNonEmpty(" ", joinNonEmpty(", ", a.City, a.State), a.Zip), countryName(a.Country))
}

// overflowAddress writes an address in Notes as --address takes it,
// street;city;state;zip;country, a ";", a "\" or a line break in a part
// escaped as vCard escapes them (outlookOverflow reads it back).
func overflowAddress(a contact.Address) string {
	parts := []string{a.Street, a.City, a.State, a.Zip, a.Country}
	for i, p := range parts {
		parts[i] = overflowEscaper.Replace(p)
	}
	return strings.Join(parts, ";")
}

var overflowEscaper = strings.NewReplacer(`\`, `\\`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`, ";", `\;`)

// outlookEmailDisplay is the name Outlook shows for an address, as its
// own export writes it: "Ada Lovelace (ada@example.com)", or the address
// alone for a contact of no name, nickname or company (not "ada@example.com
// (ada@example.com)" nor a phone number before it).
func outlookEmailDisplay(c *contact.Contact, address string) string {
	if c.PartsName() == "" && c.Nickname == "" && c.Company == "" {
		return address
	}
	return c.DisplayName() + " (" + address + ")"
}

// outlookHeader is the column layout of Outlook's English CSV export, which
// is also what its import wizard maps without help.
var outlookHeader = []string{"Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
	"Job Title", "Business Street", "Business Street 2", "Business Street 3", "Business City", "Business State",
	"Business Postal Code", "Business Country/Region", "Home Street", "Home Street 2", "Home Street 3", "Home City",
	"Home State", "Home Postal Code", "Home Country/Region", "Other Street", "Other Street 2", "Other Street 3",
	"Other City", "Other State", "Other Postal Code", "Other Country/Region", "Assistant's Phone", "Business Fax",
	"Business Phone", "Business Phone 2", "Callback", "Car Phone", "Company Main Phone", "Home Fax", "Home Phone",
	"Home Phone 2", "ISDN", "Mobile Phone", "Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone",
	"TTY/TDD Phone", "Telex", "Account", "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
	"Business Address PO Box", "Categories", "Children", "Directory Server", "E-mail Address", "E-mail Type",
	"E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type", "E-mail 2 Display Name", "E-mail 3 Address",
	"E-mail 3 Type", "E-mail 3 Display Name", "Gender", "Government ID Number", "Hobby", "Home Address PO Box",
	"Initials", "Internet Free Busy", "Keywords", "Language", "Location", "Manager's Name", "Mileage", "Notes",
	"Office Location", "Organizational ID Number", "Other Address PO Box", "Priority", "Private", "Profession",
	"Referred By", "Sensitivity", "Spouse", "User 1", "User 2", "User 3", "User 4", "Web Page"}

// OutlookEncoder writes the CSV layout of Outlook's export: UTF-8 with a
// byte-order mark (so that Outlook does not read it as ANSI), CRLF line
// endings, m/d/yyyy dates. An Outlook row has fixed slots (three emails,
// one address per label, two work and two home phones); what does not
// fit is listed in Notes, as Google does when it writes Outlook CSV.
// Numbers entered without + are written in international form, as for
// Google.
type OutlookEncoder struct {
	out    io.Writer
	w      *csv.Writer
	header bool
	safe   bool // see EncodeOptions.CSVSafe
	index  map[string]int
}

// NewOutlookEncoder returns an encoder of Outlook CSV.
func NewOutlookEncoder(w io.Writer) *OutlookEncoder {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	idx := map[string]int{}
	for i, h := range outlookHeader {
		idx[h] = i
	}
	return &OutlookEncoder{out: w, w: cw, index: idx}
}

func (e *OutlookEncoder) writeHeader() error {
	if e.header {
		return nil
	}
	e.header = true
	if _, err := io.WriteString(e.out, "\uFEFF"); err != nil {
		return err
	}
	return e.w.Write(outlookHeader)
}

// outlookDate writes a date as m/d/yyyy; a date without a year has no
// Outlook form.
func outlookDate(d string) (string, bool) {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return "", d == ""
	}
	return t.Format("1/2/2006"), true
}

// Write implements Encoder.
func (e *OutlookEncoder) Write(c *contact.Contact) error {
	if err := e.writeHeader(); err != nil {
		return err
	}
	row := make([]string, len(outlookHeader))
	var overflow []string
	set := func(col, v string) bool {
		i := e.index[col]
		if row[i] != "" {
			return false
		}
		row[i] = v
		return true
	}
	set("Title", c.Prefix)
	set("First Name", c.FirstName)
	set("Middle Name", c.MiddleName)
	set("Last Name", c.LastName)
	set("Suffix", c.Suffix)
	set("Company", c.Company)
	set("Department", c.Department)
	set("Job Title", c.Title)
	set("Language", c.Language)
	if c.Nickname != "" {
		overflow = append(overflow, "Nickname: "+c.Nickname)
	}
	for _, d := range [][2]string{{"Birthday", c.Birthday}, {"Anniversary", c.Anniversary}} {
		if v, ok := outlookDate(d[1]); ok {
			set(d[0], v)
		} else {
			overflow = append(overflow, d[0]+": "+d[1])
		}
	}
	for _, a := range c.Addresses {
		prefix := map[string]string{"work": "Business", "home": "Home"}[a.Label]
		if prefix == "" {
			prefix = "Other"
		}
		if row[e.index[prefix+" Street"]] != "" || row[e.index[prefix+" City"]] != "" || row[e.index[prefix+" Country/Region"]] != "" {
			overflow = append(overflow, "Address ("+a.Label+"): "+overflowAddress(a))
			continue
		}
		set(prefix+" Street", a.Street)
		set(prefix+" City", a.City)
		set(prefix+" State", a.State)
		set(prefix+" Postal Code", a.Zip)
		set(prefix+" Country/Region", countryName(a.Country))
	}
	phoneCols := map[string][]string{
		"mobile": {"Mobile Phone"}, "work": {"Business Phone", "Business Phone 2"}, "home": {"Home Phone", "Home Phone 2"},
		"fax": {"Business Fax", "Home Fax", "Other Fax"}, "other": {"Other Phone"},
	}
	for _, p := range c.Phones {
		placed := false
		for _, col := range phoneCols[p.Label] {
			if placed = set(col, p.International()); placed {
				break
			}
		}
		if !placed {
			overflow = append(overflow, "Phone ("+p.Label+"): "+p.International())
		}
	}
	for i, m := range c.Emails {
		if i >= 3 {
			overflow = append(overflow, "E-mail Address: "+m.Address)
			continue
		}
		n := ""
		if i > 0 {
			n = fmt.Sprintf(" %d", i+1)
		}
		set("E-mail"+n+" Address", m.Address)
		set("E-mail"+n+" Type", "SMTP")
		set("E-mail"+n+" Display Name", outlookEmailDisplay(c, m.Address))
	}
	for i, u := range c.URLs {
		if i == 0 {
			set("Web Page", u.URL)
			continue
		}
		overflow = append(overflow, "Web Page: "+u.URL)
	}
	var categories []string
	for _, t := range c.Tags {
		if t = contact.OutlookCategory(t); t != "" {
			categories = append(categories, t)
		}
	}
	set("Categories", strings.Join(categories, ";"))
	for _, s := range c.Socials {
		overflow = append(overflow, "IM: "+s.Network+": "+s.Handle)
	}
	for _, k := range c.SortedAttributeKeys() {
		// An attribute "Nickname" is not the nickname: its key is written
		// in another case, which the import does not take for the label.
		line := k
		if overflowLabel(k) {
			line = strings.ToLower(k)
		}
		overflow = append(overflow, line+": "+c.Attributes[k])
	}
	var notes []string
	for _, n := range c.Notes {
		notes = append(notes, n.Text)
	}
	switch {
	case len(overflow) > 0:
		notes = append(notes, strings.Join(overflow, "\n"))
	case outlookWouldTake(strings.Join(notes, "\n\n")):
		// A note of the user's ("E-mail Address: old@x.example") is not
		// what did not fit.
		notes = append(notes, overflowMark)
	}
	set("Notes", strings.Join(notes, "\n\n"))
	if e.safe {
		safeCells(row)
	}
	return e.w.Write(row)
}

// Close implements Encoder.
func (e *OutlookEncoder) Close() error {
	if err := e.writeHeader(); err != nil {
		return err
	}
	e.w.Flush()
	return e.w.Error()
}
