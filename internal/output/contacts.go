package output

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"github.com/rolo-cli/rolo/internal/codec"
	"github.com/rolo-cli/rolo/internal/contact"
)

// DefaultColumns are list's columns when neither --columns, a view nor the
// profile says otherwise.
var DefaultColumns = []string{"id", "name", "company", "phone", "email", "tags"}

// column renders one value of a contact.
type column func(p *Printer, c *contact.Contact) string

func join(vs []string) string { return strings.Join(vs, ",") }

var columns = map[string]column{
	"id":  func(_ *Printer, c *contact.Contact) string { return strconv.FormatInt(c.ID, 10) },
	"uid": func(_ *Printer, c *contact.Contact) string { return c.UID },
	"name": func(p *Printer, c *contact.Contact) string {
		if p.Human() && c.Favorite {
			return "★ " + c.Name
		}
		return c.Name
	},
	"phone": func(_ *Printer, c *contact.Contact) string {
		if len(c.Phones) == 0 {
			return ""
		}
		return c.Phones[0].Number
	},
	"phones": func(p *Printer, c *contact.Contact) string {
		var out []string
		for _, ph := range c.Phones {
			out = append(out, ph.Number)
		}
		// A number is stored as entered, and may hold a comma (a dialling
		// pause, +14155550111,123) or a semicolon (;ext=5); only a control
		// character cannot be in one. So in TSV and CSV the numbers are
		// one a line, as rolo's CSV export holds them (TSV writes the line
		// break as \n): a script can split them. A table, for reading,
		// keeps them on one line, which fitColumns can cut to fit.
		if p.Human() {
			return join(out)
		}
		return strings.Join(out, "\n")
	},
	"e164": func(_ *Printer, c *contact.Contact) string {
		if len(c.Phones) == 0 {
			return ""
		}
		return c.Phones[0].E164
	},
	"email": func(_ *Printer, c *contact.Contact) string {
		if len(c.Emails) == 0 {
			return ""
		}
		return c.Emails[0].Address
	},
	"emails": func(_ *Printer, c *contact.Contact) string {
		var out []string
		for _, e := range c.Emails {
			out = append(out, e.Address)
		}
		return join(out)
	},
	"city": func(_ *Printer, c *contact.Contact) string {
		if len(c.Addresses) == 0 {
			return ""
		}
		return c.Addresses[0].City
	},
	"country": func(_ *Printer, c *contact.Contact) string {
		if len(c.Addresses) == 0 {
			return ""
		}
		return c.Addresses[0].Country
	},
	"tags":       func(_ *Printer, c *contact.Contact) string { return join(c.Tags) },
	"visibility": func(_ *Printer, c *contact.Contact) string { return c.Visibility },
	"owner":      func(_ *Printer, c *contact.Contact) string { return c.Owner },
	"shared_with": func(_ *Printer, c *contact.Contact) string {
		return join(c.SharedWith)
	},
	"favorite": func(p *Printer, c *contact.Contact) string { return flag(p, c.Favorite) },
	"archived": func(p *Printer, c *contact.Contact) string { return flag(p, c.Archived) },
	"blocked": func(p *Printer, c *contact.Contact) string {
		if c.Blocked == nil {
			return flag(p, false)
		}
		if c.Blocked.Until == nil {
			if p.Human() {
				return "forever"
			}
			return "true"
		}
		return p.BlockEnd(c.Blocked.Until)
	},
	"created":  func(p *Printer, c *contact.Contact) string { return p.Time(&c.CreatedAt) },
	"updated":  func(p *Printer, c *contact.Contact) string { return p.Time(&c.UpdatedAt) },
	"activity": func(p *Printer, c *contact.Contact) string { return p.Time(c.LastActivityAt) },
	"deleted":  func(p *Printer, c *contact.Contact) string { return p.Time(c.DeletedAt) },
	"channel":  func(_ *Printer, c *contact.Contact) string { return c.LastChannel },
}

// columnParts are the parts of a contact a column reads; the other
// columns read the contact's own row.
var columnParts = map[string]contact.Parts{
	"name":  contact.PartFavorite, // ★ on a terminal
	"phone": contact.PartPhones, "phones": contact.PartPhones, "e164": contact.PartPhones,
	"email": contact.PartEmails, "emails": contact.PartEmails,
	"city": contact.PartAddresses, "country": contact.PartAddresses,
	"tags":        contact.PartTags,
	"shared_with": contact.PartShares,
	"favorite":    contact.PartFavorite,
	"blocked":     contact.PartBlock,
}

// SkipParts says which parts of each contact Contacts(cs, cols) will not
// print, for the store to leave unread: all those no column reads, none
// for the JSON formats, which print whole contacts.
func (p *Printer) SkipParts(cols []string) contact.Parts {
	if p.Format == JSON || p.Format == NDJSON || p.Format == VCard {
		return 0
	}
	if p.Format == IDs {
		return contact.AllParts
	}
	if len(cols) == 0 {
		cols = DefaultColumns
	}
	var need contact.Parts
	for _, col := range cols {
		if strings.HasPrefix(col, "attr.") {
			need |= contact.PartAttributes
		}
		need |= columnParts[col]
	}
	return contact.AllParts &^ need
}

// WholeHistory says whether the format carries each contact's whole
// interaction history: vCard does, as export --format vcard writes it
// (X-ROLO-INTERACTION), so that `show 12 -o vcard` is the card export
// gives. list, search and trash then have the store read it
// (contact.Filter.Interactions); show reads all, not its latest few.
func (p *Printer) WholeHistory() bool { return p.Format == VCard }

// InteractionsShown is how many of a contact's latest interactions show
// prints in the format: ShowInteractions, or all (0) for WholeHistory.
func (p *Printer) InteractionsShown() int {
	if p.WholeHistory() {
		return 0
	}
	return ShowInteractions
}

func init() {
	for _, f := range contact.Fields() {
		f := f
		if _, ok := columns[f.Name]; !ok {
			columns[f.Name] = func(_ *Printer, c *contact.Contact) string { return f.Get(c) }
		}
	}
}

func flag(p *Printer, v bool) string {
	if p.Human() {
		if v {
			return "yes"
		}
		return ""
	}
	return strconv.FormatBool(v)
}

func cell(p *Printer, c *contact.Contact, col string) string {
	if k, ok := strings.CutPrefix(col, "attr."); ok {
		return c.Attributes[c.AttrKey(k)] // the key in any case, as queries match it
	}
	return columns[col](p, c)
}

// Contacts prints a list of contacts with the given columns; JSON formats
// print the full contact objects.
func (p *Printer) Contacts(cs []*contact.Contact, cols []string) error {
	return p.ContactPages(cols, func(page func([]*contact.Contact) error) error {
		if len(cs) == 0 {
			return nil
		}
		return page(cs)
	})
}

// ContactPages prints what Contacts prints, for contacts read a page at a
// time, as Pages prints any listing: each calls page with each page of the
// list in turn (a store's EachFound), and every format but the table
// writes a page before the next is read, so that memory does not grow
// with the list. A table keeps its cells to the end, to measure its
// columns. An error from each is returned, with the pages before it
// written.
func (p *Printer) ContactPages(cols []string, each func(page func([]*contact.Contact) error) error) error {
	if len(cols) == 0 {
		cols = DefaultColumns
	}
	if err := contact.CheckColumns(cols); err != nil {
		return err
	}
	switch p.Format {
	case VCard:
		// vCard 3.0, as export writes by default.
		w := p.buffered()
		enc, err := codec.NewEncoder(codec.VCard, w, codec.EncodeOptions{VCardVersion: "3.0"})
		if err != nil {
			return err
		}
		if err := perItem(each, enc.Write); err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
		return w.Flush()
	case IDs:
		w := p.buffered()
		err := perItem(each, func(c *contact.Contact) error {
			fmt.Fprintln(w, c.ID) // a write error is Flush's
			return nil
		})
		if err != nil {
			return err
		}
		return w.Flush()
	}
	return Pages(p, cols, func(c *contact.Contact) []string {
		row := make([]string, len(cols))
		for j, col := range cols {
			row[j] = cell(p, c, col)
		}
		return row
	}, each)
}

// vcards writes contacts as vCard 3.0, as export does by default.
func (p *Printer) vcards(cs []*contact.Contact) error {
	w := p.buffered()
	if err := codec.Encode(codec.VCard, w, cs, codec.EncodeOptions{VCardVersion: "3.0"}); err != nil {
		return err
	}
	return w.Flush()
}

// ShowInteractions is how many of a contact's latest interactions show
// prints, and merge --dry-run, which prints the merged contact as show
// would.
const ShowInteractions = 5

// ContactDetail is what `show` prints: the contact and its recent history.
type ContactDetail struct {
	*contact.Contact
	Interactions []contact.Interaction `json:"interactions"`
	Changes      []contact.Change      `json:"changes"`
}

// Contact prints one contact in full.
func (p *Printer) Contact(d ContactDetail) error {
	switch p.Format {
	case JSON, NDJSON:
		return p.JSON(d)
	case VCard:
		// The history InteractionsShown asked for: all of it.
		c := *d.Contact
		c.Interactions = d.Interactions
		return p.vcards([]*contact.Contact{&c})
	case IDs:
		_, err := fmt.Fprintln(p.IO.Out, d.ID)
		return err
	case Table:
		return p.contactText(d)
	}
	rows := [][]string{}
	add := func(k, v string) {
		if v != "" {
			rows = append(rows, []string{k, v})
		}
	}
	c := d.Contact
	add("id", strconv.FormatInt(c.ID, 10))
	add("uid", c.UID)
	add("name", c.Name)
	for _, f := range contact.Fields() {
		add(f.Name, f.Get(c))
	}
	for _, ph := range c.Phones {
		add("phone", ph.Label+"="+ph.Number+" ("+ph.E164+")")
	}
	for _, e := range c.Emails {
		add("email", e.Label+"="+e.Address)
	}
	for _, a := range c.Addresses {
		add("address", contact.FormatAddress(a))
	}
	for _, s := range c.Socials {
		add("social", s.Network+"="+s.Handle)
	}
	for _, u := range c.URLs {
		add("url", u.Label+"="+u.URL)
	}
	add("tags", join(c.Tags))
	for _, k := range c.SortedAttributeKeys() {
		add("attr."+k, c.Attributes[k])
	}
	// The vCard properties kept, a line each as -o json's vcard_extra
	// holds them: the card shows them under "vCard extras".
	for _, l := range strings.Split(c.VCardExtra, "\n") {
		add("vcard_extra", l)
	}
	add("visibility", c.Visibility)
	add("owner", c.Owner)
	add("shared_with", join(c.SharedWith))
	add("favorite", strconv.FormatBool(c.Favorite))
	add("blocked", cell(p, c, "blocked"))
	add("archived", strconv.FormatBool(c.Archived))
	add("deleted", strconv.FormatBool(c.Deleted))
	add("created_at", p.Time(&c.CreatedAt))
	add("updated_at", p.Time(&c.UpdatedAt))
	add("last_activity_at", p.Time(c.LastActivityAt))
	for i, n := range c.Notes {
		if i == 5 {
			break
		}
		add("note", p.Time(&n.CreatedAt)+" "+n.Author+": "+n.Text)
	}
	for _, it := range d.Interactions {
		add("interaction", p.Time(&it.At)+" "+it.User+": "+it.Describe())
	}
	for _, ch := range d.Changes {
		add("change", p.Time(&ch.At)+" "+ch.User+" "+p.describeChange(ch))
	}
	return p.Rows([]string{"field", "value"}, rows)
}

// describeChange renders a change-log row as a short sentence; the
// sentences live with the domain so that history and show agree. A
// block's end in it is shown as times are (BlockTimes).
func (p *Printer) describeChange(ch contact.Change) string {
	if ch.Field == "blocked" {
		return p.BlockTimes(ch.Describe())
	}
	return ch.Describe()
}

// contactText is the terminal view of one contact. Every value in it is
// escaped (Text), as a table's cells are.
func (p *Printer) contactText(d ContactDetail) error {
	c := d.Contact
	var b strings.Builder
	title := Text(c.Name)
	if c.Favorite {
		title = "★ " + title
	}
	fmt.Fprintf(&b, "%s  #%d\n", p.Bold(title), c.ID)
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "  %-12s %s\n", k, Text(v))
		}
	}
	work := strings.Join(nonEmpty(c.Title, c.Department, c.Company), ", ")
	line("Work", work)
	for _, f := range contact.Fields() {
		switch f.Name {
		case "company", "title", "department":
			continue
		}
		line(strings.ToUpper(f.Name[:1])+f.Name[1:], f.Get(c))
	}
	// The values with a label (phones, emails, ...), their labels lined up;
	// a custom label kept from a vCard ("Car phone") is said next to
	// rolo's own.
	kept := codec.ReadKeptVCard(c.VCardExtra)
	var labelled [][3]string // heading, label, value
	withKept := func(label, custom string) string {
		if custom == "" {
			return Text(label)
		}
		return Text(custom + " (" + label + ")")
	}
	for _, ph := range c.Phones {
		v := ph.Number
		if ph.E164 != ph.Number {
			v += "  (" + ph.E164 + ")"
		}
		labelled = append(labelled, [3]string{"Phone", withKept(ph.Label, kept.PhoneLabel(ph.E164)), v})
	}
	for _, e := range c.Emails {
		labelled = append(labelled, [3]string{"Email", withKept(e.Label, kept.EmailLabel(e.Address)), e.Address})
	}
	for _, a := range c.Addresses {
		labelled = append(labelled, [3]string{"Address", withKept(a.Label, kept.AddressLabel(a)), strings.Join(nonEmpty(a.Street, a.City, a.State, a.Zip, a.Country), ", ")})
	}
	for _, s := range c.Socials {
		labelled = append(labelled, [3]string{"Social", Text(s.Network), s.Handle})
	}
	for _, u := range c.URLs {
		labelled = append(labelled, [3]string{"URL", Text(u.Label), u.URL})
	}
	labelWidth := 0
	for _, l := range labelled {
		labelWidth = max(labelWidth, twwidth.Width(l[1]))
	}
	for _, l := range labelled {
		line(l[0], l[1]+strings.Repeat(" ", labelWidth-twwidth.Width(l[1]))+"  "+l[2])
	}
	line("Tags", strings.Join(c.Tags, ", "))
	vis := c.Visibility + ", owner " + c.Owner
	if len(c.SharedWith) > 0 {
		vis += ", shared with " + strings.Join(c.SharedWith, ", ")
	}
	line("Visibility", vis)
	var flags []string
	if c.Blocked != nil {
		fb := "blocked " + cell(p, c, "blocked")
		if c.Blocked.Reason != "" {
			fb += " (" + c.Blocked.Reason + ")"
		}
		flags = append(flags, fb)
	}
	if c.Archived {
		flags = append(flags, "archived")
	}
	if c.Deleted {
		flags = append(flags, "in the trash since "+p.Time(c.DeletedAt))
	}
	line("Status", strings.Join(flags, "; "))
	line("Created", p.Time(&c.CreatedAt))
	line("Updated", p.Time(&c.UpdatedAt))
	line("Activity", p.Time(c.LastActivityAt))
	// Attributes under a heading of their own, so that a key such as
	// "title" is not read as the field.
	section := func(title string, kvs [][2]string) {
		if len(kvs) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s\n", p.Bold(title))
		for i, kv := range kvs {
			kvs[i] = [2]string{Text(kv[0]), Text(kv[1])}
		}
		w := 12 // the card's column, or past the widest key
		for _, kv := range kvs {
			w = max(w, twwidth.Width(kv[0])+1)
		}
		for _, kv := range kvs {
			fmt.Fprintf(&b, "  %s%s %s\n", kv[0], strings.Repeat(" ", w-twwidth.Width(kv[0])), kv[1])
		}
	}
	var attrs [][2]string
	for _, k := range c.SortedAttributeKeys() {
		attrs = append(attrs, [2]string{k, c.Attributes[k]})
	}
	section("Attributes", attrs)
	var extras [][2]string
	for _, kp := range kept.Props {
		extras = append(extras, [2]string{kp.Name, keptCut(expandTabs(Text(kp.Value)))})
	}
	section("vCard extras", extras)
	// Notes, interactions and changes are fitted to the terminal, as
	// history's table is: a note of a megabyte, or of 3,000 lines, is
	// read whole with -o json, not scrolled past.
	width := p.cardWidth()
	if len(c.Notes) > 0 {
		fmt.Fprintf(&b, "%s\n", p.Bold("Notes"))
		notes := c.Notes[:min(len(c.Notes), 5)]
		at := p.times(len(notes), func(i int) *time.Time { return &notes[i].CreatedAt })
		for i, n := range notes {
			noteText(&b, fmt.Sprintf("  %s  %s: ", at[i], Text(n.Author)), Text(n.Text), width, c.ID)
		}
	}
	if len(d.Interactions) > 0 {
		fmt.Fprintf(&b, "%s\n", p.Bold("Interactions"))
		at := p.times(len(d.Interactions), func(i int) *time.Time { return &d.Interactions[i].At })
		for i, it := range d.Interactions {
			fmt.Fprintf(&b, "%s\n", cutWidth(expandTabs(fmt.Sprintf("  %s  %s: %s", at[i], Text(it.User), Text(it.Describe()))), width))
		}
	}
	if len(d.Changes) > 0 {
		fmt.Fprintf(&b, "%s\n", p.Bold("Last changes"))
		at := p.times(len(d.Changes), func(i int) *time.Time { return &d.Changes[i].At })
		for i, ch := range d.Changes {
			fmt.Fprintf(&b, "%s\n", cutWidth(expandTabs(fmt.Sprintf("  %s  %s  %s", at[i], Text(ch.User), Text(p.describeChange(ch)))), width))
		}
	}
	_, err := fmt.Fprint(p.IO.Out, b.String())
	return err
}

// times are n times as p.Time shows them, padded to the widest, so that
// the lines of one list of the card line up ("3d ago " above "40d ago").
func (p *Printer) times(n int, at func(i int) *time.Time) []string {
	out := make([]string, n)
	w := 0
	for i := range out {
		out[i] = p.Time(at(i))
		w = max(w, twwidth.Width(out[i]))
	}
	for i, t := range out {
		out[i] = t + strings.Repeat(" ", w-twwidth.Width(t))
	}
	return out
}

// noteRows is how many rows of the terminal one note takes at most in
// show's card.
const noteRows = 10

// cardWidth is the width show's card fits notes, interactions and changes
// to: the terminal's, or 80 columns when it is not known (-o table in a
// pipe), since the card is for reading either way.
func (p *Printer) cardWidth() int {
	if w := p.IO.TerminalWidth(); w > 0 {
		return w
	}
	return 80
}

// noteText writes a note of contact id as show's card prints it: head
// and its first line, the other lines indented, in at most noteRows rows of
// a terminal width columns wide (a long line wraps); a note that does not
// fit is cut with "…", and a line says where to read it whole.
func noteText(b *strings.Builder, head, text string, width int, id int64) {
	rows := 0
	for i, l := range strings.Split(text, "\n") {
		if i == 0 {
			l = head + l
		} else {
			l = "    " + l
		}
		l = expandTabs(l)
		need := max(1, (twwidth.Width(l)+width-1)/width)
		if rows+need > noteRows {
			if left := noteRows - rows; left > 0 {
				fmt.Fprintf(b, "%s\n", cutWidth(l, left*width))
			}
			fmt.Fprintf(b, "    … (the whole note: rolo show %d -o json)\n", id)
			return
		}
		fmt.Fprintf(b, "%s\n", l)
		rows += need
	}
}

// keptCut shortens a kept vCard value for show: a line of a card, not a
// dump of it.
func keptCut(v string) string { return cutWidth(v, 60) }

func nonEmpty(vs ...string) []string {
	out := vs[:0:0]
	for _, v := range vs {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
