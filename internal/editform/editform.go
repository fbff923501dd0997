// Package editform is the text form `rolo edit` opens in $EDITOR: one
// "key: value" line per field or value, which a person can edit and which
// decodes back to a contact.
package editform

import (
	"bufio"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// Encode renders the editable fields of c.
func Encode(c *contact.Contact) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# rolo: editing contact %d (%s)\n", c.ID, c.UID)
	b.WriteString("# Save and quit to apply. Lines starting with # are ignored.\n")
	b.WriteString("# Multi-valued fields take one line per value; delete a line to remove it.\n")
	b.WriteString("# phone: LABEL=NUMBER  email: LABEL=ADDRESS  address: LABEL=street;city;state;zip;country (\\; for a ; in a part)\n")
	b.WriteString("# social: NETWORK=HANDLE  url: LABEL=URL  tag: TAG  attr.KEY: VALUE\n\n")
	for _, f := range contact.Fields() {
		fmt.Fprintf(&b, "%s: %s\n", f.Name, f.Get(c))
	}
	b.WriteString("\n")
	for _, p := range c.Phones {
		fmt.Fprintf(&b, "phone: %s=%s\n", p.Label, p.Number)
	}
	for _, e := range c.Emails {
		fmt.Fprintf(&b, "email: %s=%s\n", e.Label, e.Address)
	}
	for _, a := range c.Addresses {
		fmt.Fprintf(&b, "address: %s\n", contact.FormatAddress(a))
	}
	for _, s := range c.Socials {
		fmt.Fprintf(&b, "social: %s=%s\n", s.Network, s.Handle)
	}
	for _, u := range c.URLs {
		fmt.Fprintf(&b, "url: %s=%s\n", u.Label, u.URL)
	}
	for _, t := range c.Tags {
		fmt.Fprintf(&b, "tag: %s\n", t)
	}
	for _, k := range c.SortedAttributeKeys() {
		fmt.Fprintf(&b, "attr.%s: %s\n", k, c.Attributes[k])
	}
	return []byte(b.String())
}

// Decode reads an edited form and applies it to c: every editable field
// takes the form's value (a field left out or emptied becomes empty).
// Fields the form does not show (notes, visibility, owner...) are kept;
// a "visibility:" line may be added, which the store checks (a public
// contact never becomes private again).
// Errors name the line; Check lists them all.
func Decode(text []byte, c *contact.Contact) error {
	if ps := decode(text, c, maps.Clone(c.Attributes), nil); len(ps) > 0 {
		return contact.Errorf(contact.EINVALID, "edit: %s", ps[0])
	}
	return nil
}

// Problem is one thing wrong in an edited form.
type Problem struct {
	Line int // from 1, as the editor counts; 0 for the form as a whole
	Msg  string
}

func (p Problem) String() string {
	if p.Line == 0 {
		return p.Msg
	}
	return fmt.Sprintf("line %d: %s", p.Line, p.Msg)
}

// Check lists every problem of edited, a form rendered from c, each with
// its line: the lines Decode cannot read, and the values that validation
// refuses as it would on save (contact.Normalize in region, a stored
// attribute key too long to add now let be as the store lets it be, and
// contact.CheckNewOccasions for a date the user changed), so that the user
// can fix them all in one go rather than learn of them one save at a time.
// What only the whole contact can break (no name left at all) is the
// store's to say. A phone, email or URL line that is the number, address
// or web address of an earlier line (another label, an extension, other
// capitals; a URL's host in other capitals) is a problem too, naming that
// line: the store keeps one once, with its first label, and would drop
// the later line in silence.
func Check(edited []byte, c *contact.Contact, region string, now time.Time) []Problem {
	type first struct {
		line   int
		stored bool // the line as the form showed a stored value
	}
	seen := map[string]first{} // by "phone:" E.164, "email:" address or "url:" URLForm
	shown := formValues(Encode(c))
	return decode(edited, &contact.Contact{}, c.Attributes, func(line int, key, val string) error {
		one := &contact.Contact{Attributes: map[string]string{}}
		if err := apply(one, key, val); err != nil {
			return err
		}
		keepE164(one.Phones, c.Phones)
		if err := contact.CheckNewOccasions(c, one, now); err != nil {
			return err
		}
		if one.FirstName == "" && one.LastName == "" && one.MiddleName == "" && one.Nickname == "" &&
			one.Company == "" && len(one.Phones) == 0 && len(one.Emails) == 0 {
			one.Company = "-" // a value on its own needs no name
		}
		// A key longer than keys may be now, stored before they were
		// bounded, or a time zone taken before zones were checked
		// against rolo's zone database, stays as the store keeps it
		// (planUpdate).
		contact.SetAsideStored(one, c)
		if err := contact.Normalize(one, region); err != nil {
			return err
		}
		var kind, given, same, what string
		switch {
		case len(one.Phones) == 1:
			kind, given, same, what = "phone", contact.ParsePhone(val).Number, one.Phones[0].E164, "number"
		case len(one.Emails) == 1:
			kind, given, same, what = "email", contact.ParseEmail(val).Address, one.Emails[0].Address, "address"
		case len(one.URLs) == 1:
			kind, given, same, what = "url", contact.ParseURL(val).URL, contact.URLForm(one.URLs[0].URL), "web address"
		default:
			return nil
		}
		// Two stored values the store would now keep once (an older rolo
		// stored both) are the store's to merge, as on any edit: only a
		// line the user typed is refused.
		stored := slices.Contains(shown[kind], val)
		if f, ok := seen[kind+":"+same]; ok && !(f.stored && stored) {
			return contact.Errorf(contact.EINVALID, "%s: %q is the %s on line %d (%s), which a contact has once: delete one of the two lines",
				kind, given, what, f.line, same)
		} else if !ok {
			seen[kind+":"+same] = first{line, stored}
		}
		return nil
	})
}

// decode applies text to c line by line and returns its problems, going
// on past each so that all are found; check, when not nil, is asked about
// each value read, with its line. held are the attributes of the contact
// as stored.
func decode(text []byte, c *contact.Contact, held map[string]string, check func(line int, key, val string) error) []Problem {
	for _, f := range contact.Fields() {
		f.Set(c, "")
	}
	c.Phones, c.Emails, c.Addresses = nil, nil, nil
	c.Socials, c.URLs, c.Tags = nil, nil, nil
	c.Attributes = map[string]string{}
	// An editor that saves UTF-8 with a byte order mark (Notepad) puts
	// U+FEFF before the first line.
	sc := bufio.NewScanner(strings.NewReader(strings.TrimPrefix(string(text), bom)))
	sc.Buffer(make([]byte, 64*1024), maxLine)
	n := 0
	var out []Problem
	// A field of one value given twice would keep only the later line, in
	// silence: refused, naming both lines, an empty one too (the form
	// shows an unset field so: that line is the one to fill in, and a
	// second, empty line would not clear the first). An attribute key in
	// another case is the same key (keys match in any case), unless the
	// contact already holds both, as one stored before keys were matched
	// so may.
	type given struct {
		line  int
		key   string
		empty bool
	}
	single := map[string]given{}
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			out = append(out, Problem{n, fmt.Sprintf("%q is not \"field: value\"", line)})
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if id, one := fieldID(key); one {
			attr := strings.HasPrefix(id, "attr.")
			if attr {
				id = strings.ToLower(id)
			}
			first, twice := single[id]
			other := twice && !strings.EqualFold(first.key, key)
			if twice && attr {
				k1, k2 := first.key[len("attr."):], key[len("attr."):]
				_, has1 := held[k1]
				_, has2 := held[k2]
				if other = k1 != k2; other && has1 && has2 {
					twice = false // both stored so: each is kept
				}
			}
			switch {
			case twice:
				where := fmt.Sprintf("line %d", first.line)
				if other {
					// Another name of the same field ("org" for "company").
					where += " as " + first.key
				}
				why := "it takes one value"
				if first.empty {
					where += ", empty"
					why += ": fill in that line, or delete it"
				}
				out = append(out, Problem{n, fmt.Sprintf("%s is already given on %s (%s)", key, where, why)})
				continue
			case first.line == 0:
				single[id] = given{n, key, val == ""}
			}
		}
		err := apply(c, key, val)
		if err == nil && check != nil {
			err = check(n, key, val)
		}
		if err != nil {
			out = append(out, Problem{n, contact.ErrorMessage(err)})
		}
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		out = append(out, Problem{n + 1, fmt.Sprintf("the line is too long (at most %d MB)", maxLine>>20)})
	} else if err != nil {
		out = append(out, Problem{Msg: err.Error()})
	}
	return out
}

// fieldID is the field a form line's key names, the same for every name
// of it ("org" and "company", "first-name" and "first"): a field's own
// name, attr.KEY (attribute keys keep their case) or "visibility"; one
// says whether the field takes one value (false for phone, tag...).
func fieldID(key string) (id string, one bool) {
	lower := strings.ToLower(key)
	switch {
	case strings.HasPrefix(lower, "attr."):
		return "attr." + key[len("attr."):], true
	case lower == contact.FieldVisibility:
		return lower, true
	}
	if f, ok := contact.LookupField(lower); ok {
		return f.Name, true
	}
	return lower, false
}

// maxLine is the longest line a form may have, in bytes.
const maxLine = 4 << 20

// bom is the byte order mark some editors write at the start of a file.
const bom = "\ufeff"

// problemsHead starts the comment lines WithProblems puts at the top of a
// form it gives back to the user.
const problemsHead = "# rolo: NOT SAVED. Fix these lines, then save and quit (or quit to give up):"

// WithProblems is edited with ps listed in comment lines at its top, in
// place of those of an earlier WithProblems, the line numbers counted in
// the form returned, for the user to fix in the editor.
func WithProblems(edited []byte, ps []Problem) []byte {
	body, dropped := withoutProblems(edited)
	var b strings.Builder
	b.WriteString(problemsHead + "\n")
	added := 2 + len(ps)
	for _, p := range ps {
		if p.Line > 0 {
			p.Line += added - dropped
		}
		fmt.Fprintf(&b, "#   %s\n", strings.ReplaceAll(p.String(), "\n", " "))
	}
	b.WriteString("#\n")
	b.Write(body)
	return []byte(b.String())
}

// WithoutProblems is edited without the comment lines WithProblems added.
func WithoutProblems(edited []byte) []byte {
	body, _ := withoutProblems(edited)
	return body
}

func withoutProblems(text []byte) ([]byte, int) {
	// The byte order mark an editor saved (Notepad) is dropped with the
	// comments, or they would be put after it, which the editor then
	// keeps in the middle of the form, where it starts a line that is no
	// comment and no field (read as one, unknown, on the user's next try).
	rest := strings.TrimPrefix(string(text), bom)
	if len(rest) < len(text) {
		text = []byte(rest)
	}
	first, after, _ := strings.Cut(rest, "\n")
	if strings.TrimRight(first, "\r") != problemsHead {
		return text, 0
	}
	rest, n := after, 1
	for {
		line, after, ok := strings.Cut(rest, "\n")
		if !ok || !strings.HasPrefix(line, "#   ") {
			if strings.TrimRight(line, "\r") == "#" && ok {
				rest, n = after, n+1
			}
			return []byte(rest), n
		}
		rest, n = after, n+1
	}
}

func apply(c *contact.Contact, rawKey, val string) error {
	key := strings.ToLower(rawKey)
	if f, ok := contact.LookupField(key); ok {
		f.Set(c, val)
		return nil
	}
	if val == "" {
		return nil
	}
	switch key {
	case contact.FieldVisibility:
		c.Visibility = strings.ToLower(val)
	case "phone":
		c.Phones = append(c.Phones, contact.ParsePhone(val))
	case "email":
		c.Emails = append(c.Emails, contact.ParseEmail(val))
	case "address":
		a, err := contact.ParseAddress(val)
		if err != nil {
			return err
		}
		c.Addresses = append(c.Addresses, a)
	case "social":
		s, err := contact.ParseSocial(val)
		if err != nil {
			return err
		}
		c.Socials = append(c.Socials, s)
	case "url":
		c.URLs = append(c.URLs, contact.ParseURL(val))
	case "tag":
		c.Tags = append(c.Tags, val)
	default:
		k := rawKey[min(len(rawKey), len("attr.")):]
		if !strings.HasPrefix(key, "attr.") || k == "" {
			return contact.Errorf(contact.EINVALID, "unknown field %q", rawKey)
		}
		c.Attributes[k] = val
	}
	return nil
}

// Apply applies to c what edited changes from form, the form as it was
// rendered, and nothing else: a field or list the user did not touch keeps
// c's value, so that what another process changed while the editor was
// open is not undone. Scalar fields, visibility and each attribute go one
// by one; a multi-valued field (phones, emails, ...) the user edited takes
// the edited list whole.
func Apply(form, edited []byte, c *contact.Contact) error {
	stored := c.Phones
	defer func() { keepE164(c.Phones, stored) }()
	base, mine := &contact.Contact{}, &contact.Contact{}
	if ps := decode(edited, mine, c.Attributes, nil); len(ps) > 0 {
		return contact.Errorf(contact.EINVALID, "edit: %s", ps[0])
	}
	// The form as rendered reads back whole (Encode escapes what a line
	// could not hold as it is); should a line of it not, that line is
	// left out of base, so that only its field counts as changed by the
	// user, never the whole form, which would undo what another process
	// changed while the editor was open.
	decode(form, base, c.Attributes, nil)
	for _, f := range contact.Fields() {
		if v := f.Get(mine); v != f.Get(base) {
			f.Set(c, v)
		}
	}
	if mine.Visibility != base.Visibility {
		c.Visibility = mine.Visibility
	}
	takeEdited(&c.Phones, mine.Phones, base.Phones)
	takeEdited(&c.Emails, mine.Emails, base.Emails)
	takeEdited(&c.Addresses, mine.Addresses, base.Addresses)
	takeEdited(&c.Socials, mine.Socials, base.Socials)
	takeEdited(&c.URLs, mine.URLs, base.URLs)
	takeEdited(&c.Tags, mine.Tags, base.Tags)
	// An attribute line the user emptied, or added empty, is no attribute
	// (contact.EmptyAttr); one stored empty and left as it was stays.
	set := func(k, v string) error {
		empty, err := contact.EmptyAttr(k, v)
		if err != nil {
			return err
		}
		if empty {
			delete(c.Attributes, k)
			return nil
		}
		if c.Attributes == nil {
			c.Attributes = map[string]string{}
		}
		c.Attributes[k] = v
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(base.Attributes)) {
		if _, kept := mine.Attributes[k]; !kept {
			delete(c.Attributes, k)
		} else if mine.Attributes[k] != base.Attributes[k] {
			if err := set(k, mine.Attributes[k]); err != nil {
				return err
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(mine.Attributes)) {
		if _, had := base.Attributes[k]; !had {
			if err := set(k, mine.Attributes[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

// keepE164 gives each phone of the form whose number is written as a
// stored one was the stored phone's E.164, so that a number the user left
// as it was keeps the country it was entered in (a national "020 7946 0958"
// stays British in a US profile); a changed or new number has none and is
// read in the profile's region.
func keepE164(phones, stored []contact.Phone) {
	for i := range phones {
		if phones[i].E164 != "" {
			continue
		}
		for _, s := range stored {
			if s.Number == phones[i].Number {
				phones[i].E164 = s.E164
				break
			}
		}
	}
}

// Overwrite is a field that the user changed in the form and that another
// process changed too, to something else, while the editor was open: Apply
// saves the user's value over Theirs.
type Overwrite struct {
	Field        string // as the form names it: "title", "phone", "attr.plan"
	Theirs, Mine string // the values, a multi-valued field's joined by ", "
}

// Overwrites lists what Apply(form, edited, c) saves over a change made to
// c since form was rendered, so that the user can be told.
func Overwrites(form, edited []byte, c *contact.Contact) []Overwrite {
	base, mine, now := formValues(form), formValues(edited), formValues(Encode(c))
	var out []Overwrite
	for _, k := range slices.Sorted(maps.Keys(union(base, mine, now))) {
		b, m, n := base[k], mine[k], now[k]
		if !slices.Equal(m, b) && !slices.Equal(n, b) && !slices.Equal(n, m) {
			out = append(out, Overwrite{Field: k, Theirs: strings.Join(n, ", "), Mine: strings.Join(m, ", ")})
		}
	}
	return out
}

// formValues reads the non-empty values of a form by field, in their order,
// each field under one name (fieldID) whichever name the line gives it.
func formValues(text []byte) map[string][]string {
	out := map[string][]string{}
	for _, line := range strings.Split(strings.TrimPrefix(string(text), bom), "\n") {
		line = strings.TrimSpace(line)
		key, val, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		key, _ = fieldID(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		if val != "" {
			out[key] = append(out[key], val)
		}
	}
	return out
}

func union(ms ...map[string][]string) map[string]bool {
	out := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			out[k] = true
		}
	}
	return out
}

// takeEdited sets *dst to mine when the user changed the list from base.
func takeEdited[T any](dst *[]T, mine, base []T) {
	if !reflect.DeepEqual(mine, base) {
		*dst = mine
	}
}
