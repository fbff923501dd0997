// Package contact holds rolo's domain: contacts, users, their validation and
// the Store interface that a storage backend implements. It depends on no
// storage, CLI or output package, so a second backend can be added without
// touching the commands.
package contact

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"time"
)

// Visibility of a contact.
const (
	Private = "private"
	Public  = "public"
)

// Contact types and levels (SPEC section 2).
var (
	Types  = []string{"lead", "prospect", "customer", "other"}
	Levels = []string{"primary", "secondary", "tertiary"}
)

// Labels accepted on multi-valued fields.
var (
	PhoneLabels   = []string{"mobile", "work", "home", "fax", "other"}
	EmailLabels   = []string{"work", "home", "other"}
	AddressLabels = []string{"work", "home", "other"}
)

// Default labels used when a value is given without one.
const (
	DefaultPhoneLabel   = "mobile"
	DefaultEmailLabel   = "work"
	DefaultAddressLabel = "work"
	DefaultURLLabel     = "work"
)

// Contact is a business contact with everything rolo knows about it. The
// JSON keys are part of the product contract (SPEC section 6).
type Contact struct {
	ID          int64  `json:"id"`
	UID         string `json:"uid"`
	Name        string `json:"name"`
	Prefix      string `json:"prefix"`
	FirstName   string `json:"first_name"`
	MiddleName  string `json:"middle_name"`
	LastName    string `json:"last_name"`
	Suffix      string `json:"suffix"`
	Nickname    string `json:"nickname"`
	Company     string `json:"company"`
	Title       string `json:"title"`
	Department  string `json:"department"`
	Type        string `json:"type"`
	Level       string `json:"level"`
	Birthday    string `json:"birthday"`
	Anniversary string `json:"anniversary"`
	Language    string `json:"language"`
	Timezone    string `json:"timezone"`

	Phones     []Phone           `json:"phones"`
	Emails     []Email           `json:"emails"`
	Addresses  []Address         `json:"addresses"`
	Socials    []Social          `json:"socials"`
	URLs       []URL             `json:"urls"`
	Tags       []string          `json:"tags"`
	Attributes map[string]string `json:"attributes"`
	Notes      []Note            `json:"notes"`
	// Interactions is the contact's whole interaction history, newest
	// first, in rolo's own export (read with Filter.Interactions) and in
	// an import of it; elsewhere it is nil and left out of JSON (show
	// prints the latest few beside the contact).
	Interactions []Interaction `json:"interactions,omitempty"`

	Visibility string   `json:"visibility"`
	Owner      string   `json:"owner"`
	SharedWith []string `json:"shared_with"`
	Favorite   bool     `json:"favorite"`
	Blocked    *Block   `json:"blocked"`
	Archived   bool     `json:"archived"`
	Deleted    bool     `json:"deleted"`

	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	LastActivityAt *time.Time `json:"last_activity_at"`
	LastChannel    string     `json:"last_channel"`
	ArchivedAt     *time.Time `json:"archived_at,omitempty"`
	DeletedAt      *time.Time `json:"deleted_at,omitempty"`

	// VCardExtra holds the vCard properties rolo does not model (X-*,
	// grouped item1. labels, PHOTO, GEO...), one unfolded content line per
	// line, so that a vCard export writes them back (SPEC section 5).
	VCardExtra string `json:"vcard_extra,omitempty"`
}

// Phone is a phone number as entered, with its E.164 form.
type Phone struct {
	Label  string `json:"label"`
	Number string `json:"number"`
	E164   string `json:"e164"`
}

// Email is an email address; Address is stored lower-cased.
type Email struct {
	Label   string `json:"label"`
	Address string `json:"address"`
}

// Address is a postal address; Country is an ISO 3166 alpha-2 code.
type Address struct {
	Label   string `json:"label"`
	Street  string `json:"street"`
	City    string `json:"city"`
	State   string `json:"state"`
	Zip     string `json:"zip"`
	Country string `json:"country"`
}

// Social is a handle or profile URL on a social network.
type Social struct {
	Network string `json:"network"`
	Handle  string `json:"handle"`
}

// URL is a web address with a label.
type URL struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// Note is a free-text note on a contact.
type Note struct {
	ID        int64     `json:"id"`
	Author    string    `json:"author"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
}

// Block says that a contact (or a raw number) is blocked until a time, or
// forever when Until is nil.
type Block struct {
	Until     *time.Time `json:"until"`
	Reason    string     `json:"reason"`
	By        string     `json:"by,omitempty"`
	CreatedAt time.Time  `json:"created_at,omitzero"`
	// E164 or Email is set, in a history event, on a raw block: one made
	// on that number or email of the contact, not on the contact.
	E164  string `json:"e164,omitempty"`
	Email string `json:"email,omitempty"`
	// none is set by UnmarshalJSON of an until that says no block ("no",
	// ""): see None.
	none bool
}

// None reports whether the block, read from JSON, says there is none
// ("until": "no"): the contact is not blocked.
func (b *Block) None() bool { return b.none }

// UnmarshalJSON reads a block as rolo's JSON writes it (an RFC 3339 until,
// or null for forever), and its until also as the CSV and vCard imports
// read the end of a block (ReadBlock): forever or a yes word a block
// without end, "" or a no word none (None), a time written out as block
// --until takes it (2026-12-31, "2026-12-31 18:00", in the local zone) a
// block until then. Its reason is checked as theirs is.
func (b *Block) UnmarshalJSON(data []byte) error {
	type plain Block // without this method
	var v struct {
		plain
		Until json.RawMessage `json:"until"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			// Named as the record names it (blocked.reason), not
			// through the embedded plain.
			te.Field = strings.TrimPrefix(te.Field, "plain.")
		}
		return err
	}
	*b = Block(v.plain)
	until := Forever // no until, or null
	var text *string
	switch {
	case len(v.Until) == 0:
	case json.Unmarshal(v.Until, &text) != nil:
		// Not text: time.Time's own error, which an import words.
		var t time.Time
		return t.UnmarshalJSON(v.Until)
	case text != nil:
		until = *text
	}
	read, err := ReadBlock("blocked.until", until, "blocked.reason", b.Reason)
	if err != nil {
		return err
	}
	if read == nil {
		b.none = true
		return nil
	}
	b.Until, b.Reason = read.Until, read.Reason
	return nil
}

// ReadBlock reads whether and until when a contact is blocked, and why,
// as an import reads it in every format: rolo's CSV (the blocked and
// blocked_reason columns), vCard (X-ROLO-BLOCKED and its REASON) and JSON
// (blocked.until and blocked.reason), and other programs' files. It
// returns nil for no block. For v, empty or a no word (no, false, 0, off:
// BoolWord) is no block; forever or a yes word (yes, true, 1) a block
// without end; a time a block until then, as block --until takes one
// written out (ParseAbsolute: RFC 3339, as rolo writes it, or 2026-12-31,
// the start of that day, and "2026-12-31 18:00", in the local zone).
// Other text is an error naming field, so that the record is rejected
// rather than blocked forever. The reason of a block is checked as block
// --reason checks one (CleanReason), and one it refuses (two lines, too
// long) is an error naming reasonField, rather than a block without it.
func ReadBlock(field, v, reasonField, reason string) (*Block, error) {
	blocked, until, err := readUntil(field, v)
	if err != nil || !blocked {
		return nil, err
	}
	if reason, err = cleanLine(reasonField, reason); err != nil {
		return nil, err
	}
	return &Block{Until: until, Reason: reason}, nil
}

// readUntil reads the end of a block (ReadBlock).
func readUntil(field, v string) (blocked bool, until *time.Time, err error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return false, nil, nil
	}
	if strings.EqualFold(v, Forever) {
		return true, nil, nil
	}
	if b, ok := BoolWord(v); ok {
		return b, nil, nil
	}
	// The blocked column of list -o csv and -o tsv writes a timed block
	// as "until 2026-12-31T18:00:00Z": import reads it back as written.
	at := v
	if len(v) > len("until ") && strings.EqualFold(v[:len("until ")], "until ") {
		at = strings.TrimSpace(v[len("until "):])
	}
	if t, ok := ParseAbsolute(at); ok {
		return true, &t, nil
	}
	if err := pastOffset(field, at); err != nil {
		return false, nil, err
	}
	return false, nil, invalidField(field, v, `is not a block (use forever, a time: YYYY-MM-DD, "YYYY-MM-DD HH:MM" (local time) or RFC 3339, or no for none)`)
}

// BoolWord reads a yes or no as files write it (true, yes, y, 1, x, on;
// false, no, n, 0, off; any case); ok is false for other text.
func BoolWord(v string) (b, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "y", "1", "x", "on":
		return true, true
	case "false", "no", "n", "0", "off":
		return false, true
	}
	return false, false
}

// Change is one row of the change log: who changed which field of a contact
// when, from what to what.
type Change struct {
	ID        int64     `json:"id"`
	ContactID int64     `json:"contact_id"`
	User      string    `json:"user"`
	At        time.Time `json:"at"`
	Action    string    `json:"action"`
	Field     string    `json:"field"`
	Old       string    `json:"old"`
	New       string    `json:"new"`
}

// Change actions.
const (
	ActionCreate  = "create"
	ActionUpdate  = "update"
	ActionDelete  = "delete"
	ActionRestore = "restore"
)

// DisplayName is the name rolo shows for c: the name parts, else the
// nickname, else the company, the first phone, the first email. A prefix
// or suffix alone is no name ("Dr" with company Acme is Acme), as add
// refuses one alone; with a first, middle or last name it is part of it.
// Schema 15 recomputed the names stored the old way.
func (c *Contact) DisplayName() string {
	switch name := c.PartsName(); {
	case name != "":
		return name
	case c.Nickname != "":
		return c.Nickname
	case c.Company != "":
		return c.Company
	case len(c.Phones) > 0:
		return c.Phones[0].Number
	case len(c.Emails) > 0:
		return c.Emails[0].Address
	}
	return ""
}

// PartsName is the name c's name parts make, the display name when they
// make one: prefix, first, middle, last name and suffix, or "" without a
// first, middle or last name (a prefix or suffix alone is no name). A
// decoder compares a name written beside the parts (a vCard FN) with it.
func (c *Contact) PartsName() string {
	if c.FirstName == "" && c.MiddleName == "" && c.LastName == "" {
		return ""
	}
	parts := make([]string, 0, 5)
	for _, p := range []string{c.Prefix, c.FirstName, c.MiddleName, c.LastName, c.Suffix} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ")
}

// SortedAttributeKeys returns the attribute keys in a stable order.
func (c *Contact) SortedAttributeKeys() []string {
	keys := make([]string, 0, len(c.Attributes))
	for k := range c.Attributes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// AttrKey returns the key c stores an attribute under that is k in any
// case (queries match keys in any case: Plan is plan), or k itself.
func (c *Contact) AttrKey(k string) string {
	if _, ok := c.Attributes[k]; ok {
		return k
	}
	for _, have := range c.SortedAttributeKeys() {
		if strings.EqualFold(have, k) {
			return have
		}
	}
	return k
}

// AttrKeys returns the keys c stores an attribute under that are k in any
// case, sorted: one at most, but a contact stored before keys were matched
// in any case may hold "plan" and "PLAN".
func (c *Contact) AttrKeys(k string) []string {
	var out []string
	for have := range c.Attributes {
		if strings.EqualFold(have, k) {
			out = append(out, have)
		}
	}
	sort.Strings(out)
	return out
}

// Clone returns a deep copy of c, so that an edit can be compared with the
// contact it started from.
func (c *Contact) Clone() *Contact {
	n := *c
	n.Phones = append([]Phone(nil), c.Phones...)
	n.Emails = append([]Email(nil), c.Emails...)
	n.Addresses = append([]Address(nil), c.Addresses...)
	n.Socials = append([]Social(nil), c.Socials...)
	n.URLs = append([]URL(nil), c.URLs...)
	n.Tags = append([]string(nil), c.Tags...)
	n.Notes = append([]Note(nil), c.Notes...)
	n.Interactions = append([]Interaction(nil), c.Interactions...)
	n.SharedWith = append([]string(nil), c.SharedWith...)
	n.Attributes = make(map[string]string, len(c.Attributes))
	for k, v := range c.Attributes {
		n.Attributes[k] = v
	}
	if c.Blocked != nil {
		b := *c.Blocked
		n.Blocked = &b
	}
	return &n
}

// User is a teammate: someone who acts on the account's contacts.
type User struct {
	ID        int64     `json:"id"`
	Login     string    `json:"login"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Phone     string    `json:"phone"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// Roles of users.
const (
	RoleOwner   = "owner"
	RoleManager = "manager"
	RoleMember  = "member"
)

// NormalizeRole returns role in lower case, or an EINVALID error naming
// flag (the flag or argument it came from) if it is no role.
func NormalizeRole(flag, role string) (string, error) {
	r := strings.ToLower(strings.TrimSpace(role))
	switch r {
	case RoleOwner, RoleManager, RoleMember:
		return r, nil
	}
	return "", Errorf(EINVALID, "%s: %q must be one of owner, manager, member", flag, role)
}

// IsManager reports whether u may manage shared data (delete public contacts,
// manage the team).
func (u *User) IsManager() bool {
	return u.Role == RoleOwner || u.Role == RoleManager
}
