package contact

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rolo-cli/rolo/internal/lazyre"
)

// Change-log actions written by the lifecycle commands, besides the
// create/update/delete/restore of contact.go.
const (
	ActionFavorite   = "favorite"
	ActionUnfavorite = "unfavorite"
	ActionArchive    = "archive"
	ActionUnarchive  = "unarchive"
	ActionBlock      = "block"
	ActionUnblock    = "unblock"
	ActionNote       = "note"
	ActionLog        = "log"
	ActionMerge      = "merge"
	ActionUnmerge    = "unmerge"
)

// Channels an interaction can happen on (the schema checks the same list).
var Channels = []string{"call", "sms", "email", "chat", "meeting", "whatsapp", "other"}

// ReadChannel is a channel as written (in any case, spaces around it) in
// the form rolo stores it, and whether that is one of Channels: the one
// reading of log --channel, an interaction an import brings, a record's
// last channel and a merge's snapshot of one.
func ReadChannel(s string) (string, bool) {
	ch := strings.ToLower(strings.TrimSpace(s))
	return ch, slices.Contains(Channels, ch)
}

// Directions of an interaction: inbound or outbound.
const (
	Inbound  = "in"
	Outbound = "out"
)

// MaxSummaryLen bounds an interaction's summary.
const MaxSummaryLen = 64 << 10

// Interaction is one call, message or meeting with a contact.
type Interaction struct {
	ID              int64     `json:"id"`
	ContactID       int64     `json:"contact_id"`
	User            string    `json:"user"`
	Channel         string    `json:"channel"`
	Direction       string    `json:"direction"`
	At              time.Time `json:"at"`
	Summary         string    `json:"summary"`
	DurationSeconds int64     `json:"duration_seconds"`
	CreatedAt       time.Time `json:"created_at"`
}

// Normalize checks an interaction's channel, direction and summary and
// puts them in their stored form; a failure names the flag of `log`.
func (it *Interaction) Normalize() error {
	return it.normalize(func(field string) string { return "--" + field })
}

// normalize is Normalize with the name a failure gives each field.
func (it *Interaction) normalize(name func(field string) string) error {
	ch, known := ReadChannel(it.Channel)
	if ch == "" {
		return invalidField(name("channel"), "", "is required (one of "+strings.Join(Channels, ", ")+")")
	}
	if !known {
		return invalidField(name("channel"), it.Channel, "must be one of "+strings.Join(Channels, ", "))
	}
	it.Channel = ch
	switch strings.ToLower(strings.TrimSpace(it.Direction)) {
	case "in", "inbound", "incoming":
		it.Direction = Inbound
	case "out", "outbound", "outgoing":
		it.Direction = Outbound
	case "":
		return invalidField(name("direction"), "", "is required (in or out)")
	default:
		return invalidField(name("direction"), it.Direction, "must be in or out")
	}
	summary, err := cleanLines(name("summary"), it.Summary, MaxSummaryLen)
	if err != nil {
		return err
	}
	it.Summary = summary
	if it.DurationSeconds < 0 || it.DurationSeconds > int64(MaxCallDuration/time.Second) {
		return invalidField(name("duration"), "", "must be between 0 and 24h")
	}
	return nil
}

// normalizeInteractions checks the interaction history a record carries
// (rolo's own JSON); a failure names the interaction as jq would,
// interactions[0].channel, and its key.
func normalizeInteractions(c *Contact) error {
	for i := range c.Interactions {
		it := &c.Interactions[i]
		name := func(field string) string {
			if field == "duration" {
				field = "duration_seconds"
			}
			return "interactions[" + strconv.Itoa(i) + "]." + field
		}
		if it.At.IsZero() {
			return invalidField(name("at"), "", "is required (the time of the interaction)")
		}
		// In UTC, as stored and exported (a zone east of it would
		// otherwise let 1899 in, and the export not import again).
		if it.At.UTC().Year() < FirstInteractionYear {
			return invalidField(name("at"), "", it.At.UTC().Format(time.RFC3339)+" is before "+strconv.Itoa(FirstInteractionYear))
		}
		if err := it.normalize(name); err != nil {
			return err
		}
		it.At = it.At.UTC().Truncate(time.Second)
	}
	return nil
}

// Describe renders an interaction in a few words: "inbound call (5m):
// pricing questions", with the first line of its summary.
func (it *Interaction) Describe() string { return it.describe(firstLine(it.Summary)) }

// DescribeWhole is Describe with the whole summary, for output that keeps
// every line (history -o tsv, csv).
func (it *Interaction) DescribeWhole() string { return it.describe(it.Summary) }

func (it *Interaction) describe(summary string) string {
	dir := "outbound"
	if it.Direction == Inbound {
		dir = "inbound"
	}
	s := dir + " " + it.Channel
	if it.DurationSeconds > 0 {
		s += " (" + FormatDuration(time.Duration(it.DurationSeconds)*time.Second) + ")"
	}
	if summary != "" {
		s += ": " + summary
	}
	return s
}

// CleanNote checks a note's text and returns it as stored (cleanLines).
func CleanNote(text string) (string, error) {
	text, err := cleanLines("note", text, MaxNoteLen)
	if err != nil {
		return "", err
	}
	if text == "" {
		return "", invalidField("note", "", "is empty")
	}
	return text, nil
}

// CleanReason checks a block's reason: one line of text, trimmed.
func CleanReason(r string) (string, error) {
	return cleanLine("--reason", r)
}

// CleanTags checks tags as a contact's tags are checked (no comma, no
// control characters) and returns them trimmed, without duplicates.
func CleanTags(tags []string) ([]string, error) {
	c := &Contact{Tags: tags}
	if err := normalizeTags(c); err != nil {
		return nil, err
	}
	return c.Tags, nil
}

// DescribeBlock renders a block for the change log and history: "forever"
// or "until 2026-06-16T12:00:00Z", then the reason.
func DescribeBlock(until *time.Time, reason string) string {
	s := "forever"
	if until != nil {
		s = "until " + until.UTC().Format(time.RFC3339)
	}
	if reason != "" {
		s += ": " + firstLine(reason)
	}
	return s
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

// Handle is a phone number (E.164) or an email address (lower-cased): what
// a caller-ID lookup, a raw block or a logged call names instead of a
// contact. Exactly one of the two is set.
type Handle struct {
	E164  string `json:"e164,omitempty"`
	Email string `json:"email,omitempty"`
}

func (h Handle) String() string {
	if h.E164 != "" {
		return h.E164
	}
	return h.Email
}

// ParseHandle reads a phone number in any common formatting (read in
// region when it has no +) or an email address.
func ParseHandle(s, region string) (Handle, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Handle{}, invalidField("number", "", "is empty (give a phone number or an email address)")
	}
	if strings.Contains(s, "@") {
		e, err := NormalizeEmail(s)
		if err != nil {
			return Handle{}, err
		}
		return Handle{Email: e}, nil
	}
	e164, err := NormalizePhone(s, region)
	if err != nil && withCountry(s) {
		return Handle{}, invalidField("number", s, "is not a phone number")
	}
	if err != nil {
		return Handle{}, invalidField("number", s, "is not a phone number (in region "+regionOrDefault(region)+") or an email address")
	}
	return Handle{E164: e164}, nil
}

func regionOrDefault(r string) string {
	if r == "" {
		return "US"
	}
	return strings.ToUpper(r)
}

// LooksLikeHandle reports whether an argument is written as a phone number
// or an email address rather than as a contact reference: it holds an @,
// or only phone characters (digits, + ( ) - . / space) with at least five
// digits. As lookup reads them (ParseHandle), a number may start with a
// "tel:" URI scheme and end with an extension (x7, ext. 7, extension 7,
// #7, ;ext=7), and may carry vanity letters after its first four digits
// (1-800-FLOWERS): in capitals, as vanity numbers are written, so that
// digits followed by words ("2025 review", an address) stay a query. One
// that starts with "tel:" is meant as a number whatever follows ("tel:",
// "tel:123"), as no query starts so: ParseHandle says why it is none.
func LooksLikeHandle(s string) bool {
	// Digits of any script, full-width characters, other spaces and bidi
	// marks as NormalizePhone reads them (ASCIIDigits).
	s = strings.TrimSpace(ASCIIDigits(s))
	if strings.Contains(s, "@") {
		return !strings.ContainsAny(s, " :")
	}
	if hasTelScheme(s) {
		return true
	}
	if m := phoneExtension().FindStringIndex(s); m != nil {
		s = s[:m[0]]
	}
	digits, letters := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'A' && r <= 'Z' && digits > 0:
			letters++
		case strings.ContainsRune("+()-./ ", r):
		default:
			return false
		}
	}
	if letters > 0 {
		return digits >= 4 && digits+letters >= 7
	}
	return digits >= 5
}

// PhoneExtension returns the digits of the extension a phone number ends
// with (x7, ext. 7, #7, ;ext=7: phoneExtension), or "" for none.
func PhoneExtension(s string) string {
	m := phoneExtension().FindString(strings.TrimSpace(s))
	return strings.TrimLeftFunc(m, func(r rune) bool { return r < '0' || r > '9' })
}

// HasNumber reports whether c has the number e164 with extension ext
// (digits; "" for a number without one).
func (c *Contact) HasNumber(e164, ext string) bool {
	for _, p := range c.Phones {
		if p.E164 == e164 && PhoneExtension(p.Number) == ext {
			return true
		}
	}
	return false
}

// phoneExtension is an extension at the end of a phone number, as
// libphonenumber reads one: "x7", ", ext. 7", " extension 7", "#7" or RFC
// 3966's ";ext=7".
var phoneExtension = lazyre.New(`(?i)(?:[ ,]*(?:x|ext\.?|extn\.?|extension|#) *|;ext=)[0-9]+$`)

// BlockRecord is one row of the block list: a block on a contact (all its
// numbers and emails) or on a raw number or email.
type BlockRecord struct {
	ID        int64      `json:"block_id"`
	ContactID *int64     `json:"contact_id"`
	Name      string     `json:"name"`
	E164      string     `json:"e164"`
	Email     string     `json:"email"`
	By        string     `json:"by"`
	CreatedAt time.Time  `json:"created_at"`
	Until     *time.Time `json:"until"`
	Reason    string     `json:"reason"`
	LiftedAt  *time.Time `json:"lifted_at"`
	LiftedBy  string     `json:"lifted_by"`
}

// Who names what a block is on: "Ada Lovelace (3)" or the raw number.
func (b *BlockRecord) Who() string {
	if b.ContactID != nil {
		return fmt.Sprintf("%s (%d)", b.Name, *b.ContactID)
	}
	if b.E164 != "" {
		return b.E164
	}
	return b.Email
}

// InForce reports whether the block applies at now.
func (b *BlockRecord) InForce(now time.Time) bool {
	return b.LiftedAt == nil && (b.Until == nil || b.Until.After(now))
}

// BlockTargets are what block and unblock act on: contacts by ID, and raw
// numbers or emails that no visible contact has.
type BlockTargets struct {
	ContactIDs []int64
	Handles    []Handle
	// KeepReason has a block that replaces one in force keep that one's
	// reason when it is given none (block --for 1d without --reason).
	KeepReason bool
}

// Count is the number of targets.
func (t BlockTargets) Count() int { return len(t.ContactIDs) + len(t.Handles) }

// Reason is the reason of a block that replaces old (nil when there is
// none in force): reason, or old's when reason is empty and KeepReason.
func (t BlockTargets) Reason(old *Block, reason string) string {
	if reason == "" && t.KeepReason && old != nil {
		return old.Reason
	}
	return reason
}

// LookupResult is what a reverse lookup finds for a number or email.
type LookupResult struct {
	Handle Handle
	// Contacts are the visible, non-trashed contacts that have it, best
	// match first: not archived, then the most recent activity, then the
	// lowest ID; but a contact whose block is in force (when the handle
	// has no block of its own) comes first.
	Contacts []*Contact
	// Block is the block in force on the handle, through a contact that has
	// it or on the raw number/email; nil when it is not blocked.
	Block *Block
}

// Event kinds of a contact's history.
const (
	EventNote        = "note"
	EventInteraction = "interaction"
	EventChange      = "change"
	EventBlock       = "block"
	EventUnblock     = "unblock"
	EventMerge       = "merge"
	EventUnmerge     = "unmerge"
)

// Event is one entry of a contact's history timeline. Exactly one of the
// detail fields (Note, Interaction, Change, Block, Merge) is set, by Kind.
type Event struct {
	At          time.Time    `json:"at"`
	Kind        string       `json:"kind"`
	User        string       `json:"user"`
	Summary     string       `json:"summary"`
	Note        *Note        `json:"note,omitempty"`
	Interaction *Interaction `json:"interaction,omitempty"`
	Change      *Change      `json:"change,omitempty"`
	Block       *Block       `json:"block,omitempty"`
	Merge       *MergeEvent  `json:"merge,omitempty"`
}

// MergeEvent details a merge in a contact's history: the merge's ID, the
// contact kept and the contacts merged into it.
type MergeEvent struct {
	ID      int64   `json:"id"`
	KeepID  int64   `json:"keep_id,omitempty"` // 0 when the reader cannot see it
	Sources []int64 `json:"sources"`
}

// vcardBriefLen is the longest kept vCard line a change's sentence shows
// whole.
const vcardBriefLen = 120

// vcardBrief is a kept vCard line as a change's sentence shows it: a long
// one (a photo, a key or a sound inline, tens of thousands of base64
// characters) cut to its start and its length, which would otherwise fill
// history and show. The change itself (history -o json) keeps it whole.
func vcardBrief(l string) string {
	if len(l) <= vcardBriefLen {
		return l
	}
	cut := vcardBriefLen / 2
	for cut > 0 && !utf8.RuneStart(l[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d characters)", l[:cut], utf8.RuneCountInString(l))
}

// Describe renders a change-log row as a short sentence, for show and
// history.
func (ch Change) Describe() string {
	if s, ok := ch.describeSharing(); ok {
		return s
	}
	switch ch.Action {
	case ActionCreate:
		return "created"
	case ActionDelete:
		return "moved to trash"
	case ActionRestore:
		return "restored from trash"
	case ActionFavorite:
		return "starred"
	case ActionUnfavorite:
		return "unstarred"
	case ActionArchive:
		return "archived"
	case ActionUnarchive:
		return "unarchived"
	case ActionBlock:
		return "blocked " + ch.New
	case ActionUnblock:
		return "unblocked"
	case ActionNote:
		return "note: " + firstLine(ch.New)
	case ActionLog:
		return "logged " + ch.New
	case ActionMerge:
		if ch.Field == "" {
			return "merged " + ch.New + " into this contact"
		}
	case ActionUnmerge:
		if ch.Field == "" {
			return "unmerged: restored " + ch.Old
		}
	}
	if ch.Field == "vcard_extra" {
		ch.Old, ch.New = vcardBrief(ch.Old), vcardBrief(ch.New)
	}
	switch {
	case ch.Field == "":
		return ch.Action
	case ch.Old == "" && ch.New == "" && strings.HasPrefix(ch.Field, "attr."):
		// Only a stored empty attribute removed is logged so (Diff).
		return fmt.Sprintf("%s %s: removed %q", ch.Action, ch.Field, ch.Old)
	case ch.Old == "":
		return fmt.Sprintf("%s %s: added %q", ch.Action, ch.Field, ch.New)
	case ch.New == "":
		return fmt.Sprintf("%s %s: removed %q", ch.Action, ch.Field, ch.Old)
	}
	return fmt.Sprintf("%s %s: %q -> %q", ch.Action, ch.Field, ch.Old, ch.New)
}
