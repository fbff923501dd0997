package contact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"
)

// What import does with a record that duplicates a contact
// (`import --on-duplicate`).
const (
	OnDuplicateSkip   = "skip"   // leave the contact as it is (the default)
	OnDuplicateUpdate = "update" // the record's non-empty values replace the contact's; multi-valued ones are added
	OnDuplicateMerge  = "merge"  // fill only what the contact lacks; multi-valued values are added; nothing is lost
	OnDuplicateCreate = "create" // create a new contact anyway
)

// DuplicatePolicies lists the --on-duplicate values in help order.
var DuplicatePolicies = []string{OnDuplicateSkip, OnDuplicateUpdate, OnDuplicateMerge, OnDuplicateCreate}

// What became of one imported record.
const (
	ImportCreated = "imported"
	ImportUpdated = "updated"
	ImportMerged  = "merged"
	ImportSkipped = "skipped"
	ImportFailed  = "failed"
)

// ImportRecord is one record of an import as the store receives it.
type ImportRecord struct {
	// Contact is the decoded contact, not yet validated; nil when Err is
	// set. The store validates and normalizes it in place.
	Contact *Contact
	// Err is set when the record could not be decoded: it is rejected as
	// it is.
	Err error
	// NameSplit says that Contact's first and last name were split from
	// one full name (a CSV name column alone, as list -o csv writes it):
	// the record gives no name parts to a contact that shows that name.
	NameSplit bool
	// Source is the caller's own value for the record (its decoded form,
	// for the error file); the store hands it back in ImportOutcome.
	Source any
}

// ImportOutcome says what became of one record, in input order.
type ImportOutcome struct {
	Record *ImportRecord
	// Status is one of ImportCreated, ImportUpdated, ImportMerged,
	// ImportSkipped or ImportFailed.
	Status string
	// ContactID is the contact created or updated, or the one a skipped
	// duplicate matched; 0 on failure and on a dry run's creations.
	ContactID int64
	// Err says why the record failed; the message names the field.
	Err error
	// UIDTaken is the UID the record asked for when a contact the actor
	// cannot see holds it: the contact created got a UID of its own, and
	// the user is told so, and no more about the other contact. Never set
	// on a dry run, which creates nothing and leaves no trace: there it
	// would tell, for nothing, that a hidden contact holds the UID. It is
	// set, on a dry run too, when the contact of an earlier record of the
	// input holds the UUID in other letters.
	UIDTaken string
	// Warnings say what the store changed in the record before storing
	// it (KeepGivenE164), told as the decoder's are.
	Warnings []string
	// MadePublic, when not "", is the name of the private contact an
	// update made public, as the record said (not --public): every
	// teammate sees it now.
	MadePublic string
}

// UIDTakenNote says that the UID asked for is held by a contact the user
// cannot see, and which UID the new contact got instead. Nothing more is
// said about the other contact: the new contact's other UID, stored and
// in the change log, already tells that much.
func UIDTakenNote(asked, got string) string {
	return fmt.Sprintf("uid: %q is taken; the contact got the UID %q", asked, got)
}

// ImportOptions say how records are imported.
type ImportOptions struct {
	// Source names the input (a file name, "-" for standard input) and
	// Format its format, for the import batch.
	Source, Format string
	// OnDuplicate is one of DuplicatePolicies ("" is skip).
	OnDuplicate string
	// KeyField, when set, alone tells whether a record is already known:
	// "uid", "email", "phone" or "attr.KEY". A record with no value there
	// falls back to the default rule (shared UID, email or phone).
	KeyField string
	// Visibility, when set, is given to every created contact and applied
	// to every updated one (--public/--private); it overrides the
	// records' own. DefaultVisibility is for records that do not say.
	Visibility        string
	DefaultVisibility string
	// Tags are added to every imported contact (--tag).
	Tags []string
	// DryRun validates and matches every record and writes nothing.
	DryRun bool
	// BeforeCommit, when set, runs after the last record, just before the
	// transaction commits (not on a dry run); an error from it rolls the
	// import back. The import's error file is written out there, so that
	// the records it holds are never lost to a disk that fills after the
	// good ones were saved.
	BeforeCommit func() error
	// AfterCommit, when set, runs as soon as the transaction has
	// committed (not on a dry run, nor when the import failed), before
	// anything more the import does (the vacuum after a first import,
	// seconds on a large one): the error file is put in place there, so
	// that a process killed meanwhile does not leave the import saved and
	// its rejected records lost.
	AfterCommit func()
	// KeptAs, when set (a vCard import: codec.KeptAsStored), returns the
	// VCardExtra of a record, got, with the lines that are those of the
	// contact it duplicates, have, as the format wrote them given as
	// have holds them, so that they are no change to it.
	KeptAs func(have, got string) string
}

// ImportBatch is one import, as `import list` shows it.
type ImportBatch struct {
	// ID is 0, and left out of JSON, on a dry run, which stores no batch.
	ID int64 `json:"id,omitempty"`
	// User is who imported it, "LOGIN (removed)" for a teammate who has
	// left.
	User      string     `json:"user"`
	Source    string     `json:"source"`
	Format    string     `json:"format"`
	CreatedAt time.Time  `json:"created_at"`
	Total     int        `json:"total"`
	Imported  int        `json:"imported"`
	Updated   int        `json:"updated"`
	Failed    int        `json:"failed"`
	Skipped   int        `json:"skipped"`
	UndoneAt  *time.Time `json:"undone_at"`
	// Remaining is how many of the contacts the batch created still exist
	// and are visible: before the undo, what it would remove; after it,
	// those it kept and those that came back out of a merge since, which
	// stay until deleted.
	Remaining int `json:"remaining"`
	// DryRun says the import was a dry run: nothing was written, and
	// there is no batch to list or undo.
	DryRun bool `json:"dry_run,omitempty"`
	// CountsHidden says the batch is another user's: its counts (Total,
	// Imported, Updated, Failed, Skipped) are zero, and null in JSON,
	// since the records they count may have been private contacts the
	// viewer may not count (SPEC section 1). Remaining counts only what
	// the viewer can see, and stays.
	CountsHidden bool `json:"-"`
}

// MarshalJSON writes the batch with its counts as null when they are
// hidden (CountsHidden), and as they are otherwise.
func (b ImportBatch) MarshalJSON() ([]byte, error) {
	type plain ImportBatch // its fields, without this method
	var v any = plain(b)
	if b.CountsHidden {
		// The outer keys win over plain's of the same name.
		v = struct {
			plain
			Total    *int `json:"total"`
			Imported *int `json:"imported"`
			Updated  *int `json:"updated"`
			Failed   *int `json:"failed"`
			Skipped  *int `json:"skipped"`
		}{plain: plain(b)}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // a source named a&b.csv stays so, as the rest of rolo's JSON
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// ImportUndo is what undoing an import did.
type ImportUndo struct {
	Batch *ImportBatch `json:"batch"`
	// Removed is how many contacts were erased.
	Removed int `json:"removed"`
	// Kept explains each contact of the batch that was left in place.
	Kept []string `json:"kept"`
	// AlreadyUndone says the batch had been undone before: nothing was
	// done, and Batch.UndoneAt is when it was.
	AlreadyUndone bool `json:"already_undone,omitempty"`
	// Denied is how many of the contacts kept (each named in Kept) the
	// actor may not delete; another user may. While such a contact, or
	// one the actor cannot see, is left, the batch stays open
	// (Batch.UndoneAt nil) for someone who may erase it.
	Denied int `json:"denied"`
}

// ValidDuplicatePolicy checks an --on-duplicate value.
func ValidDuplicatePolicy(p string) error {
	if p == "" || slices.Contains(DuplicatePolicies, p) {
		return nil
	}
	return invalidField("--on-duplicate", p, "must be one of "+strings.Join(DuplicatePolicies, ", "))
}

// GivenWholeName, set in a record's given fields, says that its first and
// last name were split from one whole name (ImportRecord.NameSplit) that
// differs from the one the contact shows: an update takes the record's
// name parts together, so that the contact shows that name: "Turing", a
// first name alone, does not leave the contact's last name beside it
// ("Turing Turing"), nor "Jane Q. Smith" its middle name ("Jane Q. Quinn
// Smith"). A merge takes them only into a contact with no name parts.
const GivenWholeName = "first+last"

// GivenFields returns the names of the scalar fields (and "visibility")
// that a record sets, before Normalize fills in defaults, so that an
// import update changes only what the record holds.
func GivenFields(c *Contact) map[string]bool {
	given := make(map[string]bool, len(fields)+1)
	for _, f := range fields {
		if strings.TrimSpace(f.get(c)) != "" {
			given[f.Name] = true
		}
	}
	if strings.TrimSpace(c.Visibility) != "" {
		given["visibility"] = true
	}
	return given
}

// RecordRegion is the region in which the phone numbers of a record that
// are written without + are read: the country of its first address that
// has one, else fallback (the profile's region).
func RecordRegion(c *Contact, fallback string) string {
	for _, a := range c.Addresses {
		if strings.TrimSpace(a.Country) == "" {
			continue
		}
		if code, err := NormalizeCountry(a.Country); err == nil && ValidRegion(code) {
			return code
		}
		break
	}
	return fallback
}

// InternationalNumbers rewrites, in international format ("+44 20 7946
// 0958"), the phone numbers of a normalized contact that were read in a
// region other than home (the record's own country) and would read as
// another number, or as none, in home: every later edit validates the
// contact again in the profile's region, and the number must keep its
// meaning. Numbers that read the same anywhere stay as entered, and so do
// those whose E.164 form the record gave (given, from KeepGivenE164) and
// that read as it in home or in their own country, as a later edit reads
// them.
func InternationalNumbers(c *Contact, region, home string, given map[string]bool) {
	if strings.EqualFold(region, home) {
		return
	}
	for i := range c.Phones {
		p := &c.Phones[i]
		if given[p.E164] && ReadsAs(p.Number, p.E164, home) {
			continue
		}
		// An E.164 form the record did not give is the one Normalize
		// read in region; a number written with + and its country
		// calling code reads as it in home too, without parsing it again.
		if !given[p.E164] && readsAlikeEverywhere(p.Number) {
			continue
		}
		if got, err := NormalizePhone(p.Number, home); err == nil && got == p.E164 {
			continue
		}
		if n, err := parse(p.E164, ""); err == nil {
			p.Number = phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
		}
	}
}

// KeepGivenE164 fixes, before Normalize, the numbers of a record that
// carries their E.164 forms (rolo's own exports), so that an export
// made under another region imports as the same numbers. A number
// written without + that reads as its E.164 form, in region or in the
// number's own country ("020 7946 0958" as +442079460958 in GB), stays as
// written, as a stored number does when a teammate in another region edits
// the contact. One that reads as another number (edited in the file after
// the export) is that number; one that reads as none is replaced by the
// international form. So is one that reads as it but that rolo refuses as
// written now (RefusedAsWritten: "+49 30 1234 Mobil", which an older rolo
// stored as +4930123466245), said in the warnings returned.
// An E.164 form that is not one NormalizePhone gives is dropped, and the
// number is read as if it came alone: Normalize keeps the E.164 a phone
// carries when its number reads as it, which is right for a stored phone
// but would let a file bring a number rolo refuses. It returns the E.164
// forms kept, for InternationalNumbers.
func KeepGivenE164(c *Contact, region string) (given map[string]bool, warnings []string) {
	given = map[string]bool{}
	for i := range c.Phones {
		p := &c.Phones[i]
		if hasTelScheme(p.Number) {
			// A number written as a tel: URI is the number it holds,
			// with its E.164 form given or not (Normalize drops the
			// scheme of one without).
			p.Number = FromTelURI(p.Number)
		}
		if p.E164 == "" {
			continue
		}
		want, err := NormalizePhone(p.E164, region)
		if err != nil || want != p.E164 {
			p.E164 = ""
			continue
		}
		given[want] = true
		if RefusedAsWritten(p.Number) && ReadsAs(p.Number, want, region) {
			if n, err := parse(want, ""); err == nil {
				intl := phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
				warnings = append(warnings, fmt.Sprintf("phone %s is read as %s, its E.164 form %s: rolo no longer takes it as written",
					Quote(p.Number), intl, want))
				p.Number = intl
			}
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(p.Number), "+") || ReadsAs(p.Number, want, region) {
			continue
		}
		// A number that reads as another number, in the country of its
		// E.164 form or else in region, was changed after the export
		// (by hand, in the file): it wins over the E.164 form beside it.
		if edited, ok := EditedNumber(p.Number, want, region); ok {
			delete(given, want)
			p.E164 = edited
			given[edited] = true
			continue
		}
		if n, err := parse(want, ""); err == nil {
			p.Number = phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
		}
	}
	return given, warnings
}

// EditedNumber is the E.164 form of number when it reads as a number other
// than e164, the form exported beside it: in e164's own country first,
// the country it was entered in, else in region (when not ""). A number
// changed by hand in a file is read so.
func EditedNumber(number, e164, region string) (string, bool) {
	for _, r := range []string{CallingCodeRegion(e164), region} {
		if r == "" {
			continue
		}
		if got, err := NormalizePhone(number, r); err == nil && got != e164 {
			return got, true
		}
	}
	return "", false
}

// ImportInto returns what the stored contact old becomes when an imported
// record rec, both normalized, updates it (merge false) or is merged into
// it (merge true). given are the record's GivenFields.
//
// Update: each scalar field the record gives replaces the contact's; its
// visibility too when it gives one (the store refuses public -> private).
// Merge: a scalar field is taken from the record only where the contact
// has none, and the result is public when either is (the store gives a
// merge no visibility but --public's). In both, a date
// without a year never replaces the same day with one, and fills in the
// year of one without (saysLess): 1990-12-31 stays when a card gives
// --12-31, and --12-31 becomes 1990-12-31. Both add the record's
// phones, emails, addresses, socials, URLs and tags that the contact lacks
// (compared as merge compares them), and of its notes the text the
// contact does not have yet (newNoteText, in paragraphs when joined, see
// JoinsNotes; with ID 0: the store adds them). Attributes: update sets the record's values; merge adds the keys
// the contact lacks and keeps a different value under KEY.imported. vCard extras: update replaces the
// properties the record has (UpdateVCardExtra); merge adds the lines the contact lacks
// (JoinVCardExtra). format is the import's (ImportOptions.Format): a value
// of the contact's as that format had to write it (GoogleForm) is the
// contact's own.
func ImportInto(old, rec *Contact, given map[string]bool, merge bool, format string) *Contact {
	rec, joined := writtenBack(old, rec, format), JoinsNotes(format)
	out := old.Clone()
	for _, f := range fields {
		if !given[f.Name] {
			continue
		}
		v, have := f.get(rec), f.get(out)
		if v != "" && !f.saysLess(v, have) && (!merge || have == "" || f.saysLess(have, v)) {
			f.set(out, v)
		}
	}
	if given[GivenWholeName] {
		switch {
		case !merge:
			out.Prefix, out.FirstName, out.MiddleName, out.LastName, out.Suffix = rec.Prefix, rec.FirstName, rec.MiddleName, rec.LastName, rec.Suffix
		case old.FirstName != "" || old.MiddleName != "" || old.LastName != "":
			// Merge fills what the contact lacks, and the whole name
			// is one value: a contact with a name keeps it, not the
			// last name of another beside its first ("Alan Hopper"
			// of Alan and Grace Hopper). A prefix or suffix the record
			// gives on its own (N:;;;Dr.; beside the FN, a "prefix"
			// key) is no part of the split: it fills the contact's as
			// any field does.
			out.FirstName, out.MiddleName, out.LastName = old.FirstName, old.MiddleName, old.LastName
		}
	}
	if given["visibility"] {
		switch {
		case !merge:
			out.Visibility = rec.Visibility
		case rec.Visibility == Public:
			out.Visibility = Public
		}
	}
	out.Phones = unionBy(out.Phones, rec.Phones, func(p Phone) string { return p.E164 })
	out.Emails = unionBy(out.Emails, rec.Emails, func(e Email) string { return strings.ToLower(e.Address) })
	out.Addresses = unionBy(out.Addresses, rec.Addresses, AddressKey)
	out.Socials = unionBy(out.Socials, rec.Socials, func(s Social) string { return s.Network + "\x00" + strings.ToLower(s.Handle) })
	out.URLs = unionBy(out.URLs, rec.URLs, func(u URL) string { return URLKey(u.URL) })
	out.Tags = unionBy(out.Tags, rec.Tags, strings.ToLower)
	sort.Strings(out.Tags)
	if out.Attributes == nil {
		out.Attributes = map[string]string{}
	}
	for _, k := range rec.SortedAttributeKeys() {
		v := rec.Attributes[k]
		k = out.AttrKey(k) // the key as stored, in whatever case
		old, ok := out.Attributes[k]
		switch {
		case v == "" || old == v:
		case !merge || !ok || old == "":
			out.Attributes[k] = v
		case !attrsHold(out.Attributes, k, v):
			key := k + ".imported"
			for n := 2; out.Attributes[key] != "" && out.Attributes[key] != v; n++ {
				key = k + ".imported" + strconv.Itoa(n)
			}
			out.Attributes[key] = v
		}
	}
	for _, n := range newNotes(out, rec.Notes, joined) {
		n.ID = 0
		out.Notes = append(out.Notes, n)
	}
	switch {
	case rec.VCardExtra == "":
	case !merge:
		out.VCardExtra = UpdateVCardExtra(out.VCardExtra, rec.VCardExtra)
	default:
		out.VCardExtra = JoinVCardExtra(out.VCardExtra, rec.VCardExtra)
	}
	out.Favorite = out.Favorite || rec.Favorite
	out.Name = out.DisplayName()
	return out
}

// Holds reports whether the stored contact old already holds everything
// the import record rec (both normalized; given its GivenFields) says:
// each scalar field the record gives, equal as stored (or, a date without
// a year, the same day as the contact's with one), and each phone,
// email, address, social, URL, tag, attribute, note and vCard extra line
// it brings, compared as ImportInto compares them. It is how a record
// with no UID, email or phone is known to be one already imported: such a
// record has nothing else to be recognized by. What the contact has and
// the record does not say does not count against it (a title set since
// the import); visibility, the favorite star and the record's
// interactions are not what it says about the person, and do not count
// either. format is ImportInto's.
func Holds(old, rec *Contact, given map[string]bool, format string) bool {
	rec, joined := writtenBack(old, rec, format), JoinsNotes(format)
	for _, f := range fields {
		if given[f.Name] && f.get(old) != f.get(rec) && !f.saysLess(f.get(rec), f.get(old)) {
			return false
		}
	}
	if !holdsAll(old.Phones, rec.Phones, func(p Phone) string { return p.E164 }) ||
		!holdsAll(old.Emails, rec.Emails, func(e Email) string { return strings.ToLower(e.Address) }) ||
		!holdsAll(old.Addresses, rec.Addresses, AddressKey) ||
		!holdsAll(old.Socials, rec.Socials, func(s Social) string { return s.Network + "\x00" + strings.ToLower(s.Handle) }) ||
		!holdsAll(old.URLs, rec.URLs, func(u URL) string { return URLKey(u.URL) }) ||
		!holdsAll(old.Tags, rec.Tags, TagKey) ||
		len(newNotes(old, rec.Notes, joined)) > 0 {
		return false
	}
	for k, v := range rec.Attributes {
		if v != "" && old.Attributes[old.AttrKey(k)] != v {
			return false
		}
	}
	return JoinVCardExtra(old.VCardExtra, rec.VCardExtra) == old.VCardExtra
}

// JoinsNotes reports whether an import's format (ImportOptions.Format)
// has one notes cell: Google and Outlook, which rolo's exports fill with
// all of a contact's notes joined by blank lines (Outlook's also with a
// last paragraph of "key: value" lines, the attributes it has no column
// for), so a note read back from them is made of notes the contact has.
// The other formats (rolo's csv, json, vCard) carry each note on its own.
func JoinsNotes(format string) bool { return format == "google" || format == "outlook" }

// newNotes returns the notes of an import's record that say what c does
// not hold yet, each with only what it does not hold (newNoteText). The
// notes of a format that joins them are of one cell, which its decoder
// splits when it is longer than a note (SplitNote): they are read as one
// text, and what it holds that c does not, if anything, is split again.
func newNotes(c *Contact, notes []Note, joined bool) []Note {
	var out []Note
	if joined && len(notes) > 1 {
		texts := make([]string, len(notes))
		for i, n := range notes {
			texts[i] = n.Text
		}
		all := strings.Join(texts, "\n\n")
		left := newNoteText(c, all, true)
		if left == all {
			return notes
		}
		for _, t := range SplitNote(left) {
			if t != "" {
				out = append(out, Note{Text: t})
			}
		}
		return out
	}
	// Held notes and those kept are looked up by their text with LF line
	// ends in sets: compared each with each, an import updating a contact
	// of 50,000 notes with the same 50,000 took 17 s of CPU.
	var held map[string]bool
	if !joined {
		held = make(map[string]bool, len(c.Notes))
		for _, o := range c.Notes {
			held[LF(o.Text)] = true
		}
	}
	kept := make(map[string]bool, len(notes))
	for _, n := range notes {
		if joined {
			n.Text = newNoteText(c, n.Text, joined)
		} else if held[LF(n.Text)] {
			n.Text = ""
		}
		if t := LF(n.Text); n.Text != "" && !kept[t] {
			kept[t] = true
			out = append(out, n)
		}
	}
	return out
}

// SplitNote returns text, with LF line ends, as notes of at most
// MaxNoteLen bytes each: apart at its last blank line within the limit,
// or else at its last line break, as often as it takes. A note within the
// limit is itself; a line longer than it is left whole, for Normalize to
// refuse.
func SplitNote(text string) []string {
	var out []string
	for len(text) > MaxNoteLen {
		// A break that starts at the limit at the latest.
		cut, sep := strings.LastIndex(text[:min(len(text), MaxNoteLen+2)], "\n\n"), 2
		if cut < 0 {
			cut, sep = strings.LastIndex(text[:MaxNoteLen+1], "\n"), 1
		}
		if cut < 0 {
			break
		}
		if cut > 0 {
			out = append(out, text[:cut])
		}
		text = text[cut+sep:]
	}
	return append(out, text)
}

// newNoteText returns what of an imported note's text the contact c does
// not hold yet: "" when it holds all of it, text itself when it holds none.
// A note of a format that carries each on its own is held when it is one
// of c's notes. A joined one (JoinsNotes) is read as paragraphs, apart at
// blank lines: a run of them that is one of c's notes is held, and so is a
// paragraph of only "key: value" lines that c holds as attributes; the
// paragraphs left are what is new.
func newNoteText(c *Contact, text string, joined bool) string {
	if !joined {
		if slices.ContainsFunc(c.Notes, func(o Note) bool { return LF(o.Text) == LF(text) }) {
			return ""
		}
		return text
	}
	paras := strings.Split(strings.TrimSpace(LF(text)), "\n\n")
	n := len(paras)
	notes := make([][]string, 0, len(c.Notes))
	for _, o := range c.Notes {
		if t := strings.TrimSpace(LF(o.Text)); t != "" {
			notes = append(notes, strings.Split(t, "\n\n"))
		}
	}
	// The longest first: a note must not be taken for a paragraph of a
	// longer one that the text holds whole. Again while a pass takes
	// any: a note an earlier import added from this cell is what was left
	// of it then, its paragraphs apart in the cell until the contact's
	// other notes are taken out ("B\n\nA\n\nC" added "B\n\nC").
	sort.SliceStable(notes, func(i, j int) bool { return len(notes[i]) > len(notes[j]) })
	// The notes of one paragraph go last, looked up in a set: a run each,
	// searched for in every paragraph, took 12 s of CPU to read back a
	// Google export of a contact of 50,000 notes.
	single := map[string]bool{}
	var runs [][]string
	for _, o := range notes {
		if len(o) == 1 {
			single[o[0]] = true
		} else {
			runs = append(runs, o)
		}
	}
	for taken := true; taken; {
		taken = false
		for _, o := range runs {
			for i := indexRun(paras, o); i >= 0; i = indexRun(paras, o) {
				paras, taken = slices.Delete(paras, i, i+len(o)), true
			}
		}
		left := len(paras)
		paras = slices.DeleteFunc(paras, func(p string) bool { return single[p] })
		taken = taken || (len(paras) < left && len(runs) > 0)
	}
	paras = slices.DeleteFunc(paras, func(p string) bool { return holdsAttrLines(c, p) })
	if len(paras) == n {
		return text
	}
	return strings.TrimSpace(strings.Join(paras, "\n\n"))
}

// indexRun returns where run starts in paras, or -1.
func indexRun(paras, run []string) int {
	for i := 0; i+len(run) <= len(paras); i++ {
		if slices.Equal(paras[i:i+len(run)], run) {
			return i
		}
	}
	return -1
}

// holdsAttrLines reports whether para is made of "key: value" lines only,
// each an attribute c holds, as Outlook's export writes them.
func holdsAttrLines(c *Contact, para string) bool {
	if strings.TrimSpace(para) == "" {
		return false
	}
	for _, l := range strings.Split(para, "\n") {
		k, v, ok := strings.Cut(l, ": ")
		if !ok {
			return false
		}
		if have, ok := c.Attributes[c.AttrKey(strings.TrimSpace(k))]; !ok || have != strings.TrimSpace(v) {
			return false
		}
	}
	return true
}

// holdsAll reports whether have holds every value of want, by key.
func holdsAll[T any](have, want []T, key func(T) string) bool {
	if len(want) == 0 {
		return true
	}
	keys := make(map[string]bool, len(have))
	for _, v := range have {
		keys[key(v)] = true
	}
	for _, v := range want {
		if !keys[key(v)] {
			return false
		}
	}
	return true
}
