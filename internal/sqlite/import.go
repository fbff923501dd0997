package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/shield"
)

// importChunk is how many records are validated together (on every core)
// and matched against the database with one query per kind of key. It
// bounds the memory an import uses, whatever the size of its input: three
// chunks are in memory at a time. A thousand took 10 MB more at their
// peak than 500, at about the same speed (100,000 and 1,000,000 rows).
const importChunk = 500

// lookupChunk bounds the values bound in one IN (...) list.
const lookupChunk = 500

// pending is one record on its way into the database.
type pending struct {
	rec   *contact.ImportRecord
	c     *contact.Contact
	given map[string]bool
	err   error // validation failed
	// warnings say what prepare changed in the record.
	warnings []string
}

// givenTo returns the fields p gives the contact old (GivenFields): a
// name split from one full name (ImportRecord.NameSplit) gives no first
// or last name to a contact that shows that name already, whose own parts
// (a middle name, a prefix) it cannot tell. So list -o csv, which writes
// the name alone, imports back as duplicates of the contacts it lists,
// and an update leaves their names as they are; so does a name that says
// less, of the words of the contact's ("Turing" for Alan Turing). One
// that differs gives all the name parts, together (contact.GivenWholeName),
// though the split gave a first name alone.
func (p *pending) givenTo(old *contact.Contact) map[string]bool {
	if !p.rec.NameSplit {
		return p.given
	}
	given := maps.Clone(p.given)
	if old.Name != p.c.Name && !wordsWithin(p.c.Name, old.Name) {
		given[contact.GivenWholeName] = true
		return given
	}
	delete(given, "first")
	delete(given, "last")
	return given
}

// wordsWithin reports whether the words of name are words of whole, in
// the same order, other than in case.
func wordsWithin(name, whole string) bool {
	ws := strings.Fields(whole)
	for _, w := range strings.Fields(name) {
		i := slices.IndexFunc(ws, func(x string) bool { return strings.EqualFold(x, w) })
		if i < 0 {
			return false
		}
		ws = ws[i+1:]
	}
	return true
}

// hit is a contact that a key of a record matches.
type hit struct {
	id      int64
	batch   bool   // created by this import
	deleted bool   // in the trash (UID matches only)
	person  string // personKey of the contact (email and phone matches)
	name    string // its first and last name as stored, "\x00" apart (email and phone matches)
	uid     string // the contact's UID as stored (UID matches and this import's contacts)
	// stored is the contact, with no email or phone, as far as sameAs
	// compares it (name matches of records that have no other key).
	stored *contact.Contact
	// merged says that the UID matched is of a contact merged into this
	// one (mergedAway): what the chunk remembers of an update of it
	// (local) does not hold that UID.
	merged bool
}

// personKey is the name a phone match must agree with: first and last
// name, without case or accents (José García is Jose Garcia, as an
// Outlook or ASCII-only export writes him, and as dupes finds them the
// same name); "" for a contact with neither, which agrees with anyone. A
// number that two people share (a switchboard, a family line) does not
// make them one contact.
func personKey(first, last string) string {
	return strings.ToLower(contact.FoldAccents(strings.Join(strings.Fields(first+" "+last), " ")))
}

// importer is the state of one import inside its transaction.
type importer struct {
	d      *DB
	tx     *sql.Tx
	ins    *inserter
	opts   contact.ImportOptions
	policy string
	home   string // the profile's region
	tags   []string
	batch  int64
	res    *contact.ImportBatch
	report func(*contact.ImportOutcome) error
	// local holds the keys of the contacts this chunk created or updated,
	// which the chunk's lookups, made before, could not see; updated, the
	// IDs of the latter, which the lookups show as they were.
	local   map[string][]hit
	updated map[int64]bool
	// current holds, in full, the contacts the chunk's lookups matched, as
	// stored when the chunk began, for update to compare each record with
	// without a read of its own; a contact leaves it when a record writes
	// to it.
	current map[int64]*contact.Contact
	// keys, once built, says which keys lookup need not ask about
	// (keyFilter); it is built when the keys looked up so far (probed)
	// reach a quarter of those stored when the import began (an
	// estimate): at once into an empty database, never for a few rows
	// into a large one, whose keys take longer to read than a few probes.
	keys   *keyFilter
	probed int
	stored int
	// uids holds the UIDs, as stored, that the chunk's lookup found held
	// by any contact, visible or not, by their key (contact.UIDKey), for
	// spelledOtherwise.
	uids map[string][]string
	// merged, read once when a UID is first found in no contact, holds
	// the contacts merged away by the merges in force: by their UID's
	// key, the UID as stored and the contact it went into; keepOf, by a
	// merged-away contact's ID, that contact (see mergedAway).
	merged map[string]mergedUID
	keepOf map[int64]int64
}

// mergedUID is a UID that a merge in force took out of the contacts.
type mergedUID struct {
	uid  string
	keep int64
}

// Import stores the records next reads in one transaction: all of them or,
// when anything but a record goes wrong (a read error, the disk, an
// interruption), none. See contact.Store.
//
// A record is a duplicate when it shares a UID, a normalized email or an
// E.164 phone (or, with opts.KeyField, that key alone) with a visible
// contact, the trash included for UIDs, or with an earlier record of the
// same input. A record with none of these keys is a duplicate of a visible
// contact with none either that shows the same name and holds everything
// the record says (sameAs), so that importing such a file again adds
// nothing either. Two exceptions keep distinct people apart: a shared phone
// number does not match when both have a first or last name and the names
// differ (a switchboard, a family line), and records of one input that
// carry different UIDs are different contacts even when they share a phone
// or email (the input says so), so that a rolo export imports whole. A
// private contact the actor cannot see is never matched: the record is
// then simply created.
func (d *DB) Import(ctx context.Context, next func() (*contact.ImportRecord, error), opts contact.ImportOptions, report func(*contact.ImportOutcome) error) (*contact.ImportBatch, error) {
	im := &importer{d: d, opts: opts, policy: opts.OnDuplicate, report: report}
	if err := im.check(); err != nil {
		return nil, err
	}
	d.largeCache(ctx)
	// Each INSERT of many rows keeps a statement journal, a copy of the
	// pages it changes, so that it can be undone alone. SQLite writes
	// one beyond 64 KiB to a temporary file, and most of an import's do
	// exceed it: a million rows wrote 26 GB to such files, for a 1 GB
	// database. In memory (where one statement's journal is about 100
	// KiB, and is freed when the statement ends) the import took 10% less
	// time, 147 s rather than 164, with the same peak memory. Changing
	// temp_store drops the connection's TEMP tables, which the store
	// never keeps across calls (doctor's are its own connection's), and
	// SQLite refuses it inside a transaction: the reset runs after the
	// deferred Rollback below.
	d.db.ExecContext(ctx, `PRAGMA temp_store = MEMORY`)
	defer d.db.ExecContext(context.WithoutCancel(ctx), `PRAGMA temp_store = DEFAULT`)
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, dbError(err)
	}
	defer tx.Rollback()
	im.tx = tx
	now := d.nowText()
	im.res = &contact.ImportBatch{User: d.actor.Login, Source: opts.Source, Format: opts.Format, CreatedAt: parseTime(now)}
	r, err := tx.ExecContext(ctx, `INSERT INTO import_batches (user_id, source, format, created_at) VALUES (?, ?, ?, ?)`,
		d.actor.ID, opts.Source, opts.Format, now)
	if err != nil && opts.DryRun && sqliteCode(err) == codeReadonly {
		return nil, d.readOnlyDryRun()
	}
	if err != nil {
		return nil, dbError(err)
	}
	if im.batch, err = r.LastInsertId(); err != nil {
		return nil, dbError(err)
	}
	if im.ins, err = d.newInserter(ctx, tx); err != nil {
		return nil, err
	}
	defer im.ins.close()
	im.ins.restore = true
	im.ins.spelledOtherwise = im.spelledOtherwise
	if im.ins.users, err = d.userIDs(ctx, tx); err != nil {
		return nil, err
	}
	if im.stored, err = storedKeys(ctx, tx); err != nil {
		return nil, err
	}
	var first bool
	if err := tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM contacts)`).Scan(&first); err != nil {
		return nil, dbError(err)
	}

	// Reading and validating the next chunk (the decoder, then
	// contact.Normalize on every core) overlaps writing this one.
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan []*pending, 1)
	var readErr error
	go func() {
		defer close(chunks)
		for {
			chunk, err := im.read(rctx, next)
			if err != nil {
				readErr = err
				return
			}
			if len(chunk) == 0 {
				return
			}
			select {
			case chunks <- chunk:
			case <-rctx.Done():
				return
			}
		}
	}()
	for chunk := range chunks {
		if err := im.write(ctx, chunk); err != nil {
			cancel()
			for range chunks {
			}
			if ctx.Err() != nil {
				// Interrupted: database/sql rolled the transaction back
				// when ctx ended, and a statement between two records
				// then failed with "transaction has already been
				// committed or rolled back".
				return nil, ctx.Err()
			}
			return nil, err
		}
	}
	if readErr != nil {
		return nil, readErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b := im.res
	if _, err := tx.ExecContext(ctx, `UPDATE import_batches SET total = ?, imported = ?, updated = ?, failed = ?, skipped = ?,
		last_change_id = (SELECT coalesce(max(id), 0) FROM changes) WHERE id = ?`,
		b.Total, b.Imported, b.Updated, b.Failed, b.Skipped, im.batch); err != nil {
		return nil, dbError(err)
	}
	b.Remaining = b.Imported
	if opts.DryRun {
		// The deferred rollback undoes everything: no batch, and no
		// contact of it remains.
		b.ID, b.Remaining, b.DryRun = 0, 0, true
		return b, nil
	}
	if opts.BeforeCommit != nil {
		if err := opts.BeforeCommit(); err != nil {
			return nil, err
		}
	}
	if err := shield.Commit(tx.Commit); err != nil {
		return nil, dbError(err)
	}
	b.ID = im.batch
	if opts.AfterCommit != nil {
		opts.AfterCommit()
	}
	if first && b.Imported > 0 {
		d.compact(ctx)
	}
	return b, nil
}

// readOnlyDryRun is the error for a dry run on a database this user may
// not write, which a command that only reads would read: a dry run writes
// too, in a transaction that it then rolls back (which is how it finds
// the duplicates within the input itself), so it needs what a write
// needs, and says which of the file, its -wal and -shm files or its
// directory refused it.
func (d *DB) readOnlyDryRun() error {
	acc := accessOf(d.path)
	why := "the file is read-only"
	switch {
	case acc.fileReadOnly:
	case len(acc.stray) > 0:
		why = acc.strayProblem(d.path)
	case acc.dirReadOnly:
		why = "the directory " + contact.PathText(acc.dir) + " is read-only"
	}
	return contact.Errorf(contact.EPERM, "database: %s, and import --dry-run writes too: it imports in a transaction that it then rolls back, which is how it finds the duplicates within the input; to try the import, copy the database where you may write and give the copy to --db", why)
}

// check validates the options before anything is read.
func (im *importer) check() error {
	o := &im.opts
	if err := contact.ValidDuplicatePolicy(o.OnDuplicate); err != nil {
		return err
	}
	if im.policy == "" {
		im.policy = contact.OnDuplicateSkip
	}
	for _, v := range []string{o.Visibility, o.DefaultVisibility} {
		if v != "" && v != contact.Public && v != contact.Private {
			return contact.Errorf(contact.EINVALID, "visibility: %q must be private or public", v)
		}
	}
	if o.DefaultVisibility == "" {
		o.DefaultVisibility = contact.Private
	}
	switch k := o.KeyField; {
	case k == "", k == "uid", k == "email", k == "phone":
	case strings.HasPrefix(k, "attr.") && contact.ValidAttrKey(strings.TrimPrefix(k, "attr.")):
	default:
		return contact.Errorf(contact.EINVALID, "--key: %q cannot identify a contact (use a column kept as an attribute, the uid, an email or a phone column)", k)
	}
	tags, err := contact.CleanTags(o.Tags)
	if err != nil {
		return err
	}
	im.tags = tags
	im.home = strings.ToUpper(im.d.region)
	if im.home == "" {
		im.home = "US"
	}
	return nil
}

// userIDs maps teammates' logins (removed ones too) to their IDs, for the
// authors of restored notes and blocks (see inserter.userID): each login
// as stored, and in small letters (contact.FoldLogin) where no login is
// written so, for a first user an older rolo made from $USER (Alice).
func (d *DB) userIDs(ctx context.Context, q querier) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, login FROM users ORDER BY id`)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	folded := map[string]int64{}
	for rows.Next() {
		var id int64
		var login string
		if err := rows.Scan(&id, &login); err != nil {
			return nil, dbError(err)
		}
		out[login] = id
		if f := contact.FoldLogin(login); f != login {
			if _, ok := folded[f]; !ok {
				folded[f] = id
			}
		}
	}
	for f, id := range folded {
		if _, ok := out[f]; !ok {
			out[f] = id
		}
	}
	return out, dbError(rows.Err())
}

// read takes the next chunk of records and validates them on every core.
func (im *importer) read(ctx context.Context, next func() (*contact.ImportRecord, error)) ([]*pending, error) {
	chunk := make([]*pending, 0, importChunk)
	for len(chunk) < importChunk {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		chunk = append(chunk, &pending{rec: rec})
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, len(chunk)/64))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(chunk); i += workers {
				im.prepare(chunk[i])
			}
		}(w)
	}
	wg.Wait()
	return chunk, nil
}

// prepare applies the import's options to a record and validates it as
// CreateContact would, reading its numbers in its own country.
func (im *importer) prepare(p *pending) {
	if p.rec.Err != nil {
		return
	}
	c := p.rec.Contact
	if c == nil {
		p.err = contact.Errorf(contact.EINVALID, "record: empty")
		return
	}
	c.ID = 0 // an ID belongs to the database that exported the record
	if im.opts.Visibility != "" {
		c.Visibility = im.opts.Visibility
	}
	p.given = contact.GivenFields(c)
	if strings.TrimSpace(c.Visibility) == "" {
		c.Visibility = im.opts.DefaultVisibility
	}
	c.Tags = append(c.Tags, im.tags...)
	// A value left empty is no attribute: not stored, and on a
	// duplicate it leaves the stored contact's attributes alone.
	if err := contact.DropEmptyAttributes(c); err != nil {
		p.err = err
		return
	}
	region := contact.RecordRegion(c, im.home)
	given, warnings := contact.KeepGivenE164(c, region)
	if err := contact.Normalize(c, region); err != nil {
		p.err = err
		return
	}
	contact.InternationalNumbers(c, region, im.home, given)
	if err := im.checkTimes(c); err != nil {
		p.err = err
		return
	}
	if err := im.checkLastChannel(c); err != nil {
		p.err = err
		return
	}
	p.c, p.warnings = c, warnings
}

// checkLastChannel reads the channel of the record's last interaction
// (rolo's own exports carry it) as an interaction's channel is read, by
// log --channel and channel: in queries: in any case, with spaces around,
// one of contact.Channels, stored in small letters. Another value
// rejects the record, as an interaction's unknown channel does: stored,
// channel: could not find it ("SMS") or even name it ("fax"). So does a
// channel of no last activity, which names no interaction (channel:call
// would find a contact never contacted); an interaction the record
// brings gives one (restoreState). In a vCard it is named by its
// property, as the contact's times are.
func (im *importer) checkLastChannel(c *contact.Contact) error {
	field, activity := "last_channel", "last_activity_at"
	if im.opts.Format == "vcard" {
		field, activity = "X-ROLO-LAST-CHANNEL", vcardTimes[activity]
	}
	ch, known := contact.ReadChannel(c.LastChannel)
	switch {
	case ch == "":
	case !known:
		return contact.Errorf(contact.EINVALID, "%s: %s must be one of %s", field, contact.Quote(c.LastChannel), strings.Join(contact.Channels, ", "))
	case c.LastActivityAt == nil && len(c.Interactions) == 0:
		return contact.Errorf(contact.EINVALID, "%s: %s is the channel of a last activity the record does not give (%s)", field, contact.Quote(c.LastChannel), activity)
	}
	c.LastChannel = ch
	return nil
}

// checkTimes refuses a record whose times (rolo's own JSON carries them)
// lie in the future: a contact "created" next year would count as new in
// created:<1d and sort first by activity for a year. It refuses one before
// 1900 (in UTC) too, as it does an interaction's: a last activity in the
// year 1 is shown as none, yet counts for activity:>30d. A created_at,
// updated_at or note's time left out (Go's zero time, which is also how
// the year 1 reads) is the import's own time, as before. In a vCard the
// contact's own times are named by the property that holds them
// (vcardTimes).
func (im *importer) checkTimes(c *contact.Contact) error {
	limit := im.d.now().Add(contact.ClockSkew)
	check := func(field string, t time.Time) error {
		if prop := vcardTimes[field]; prop != "" && im.opts.Format == "vcard" {
			field = prop
		}
		if t.After(limit) {
			return contact.Errorf(contact.EINVALID, "%s: %s is in the future", field, t.UTC().Format(time.RFC3339))
		}
		if t.UTC().Year() < contact.FirstInteractionYear {
			return contact.Errorf(contact.EINVALID, "%s: %s is before %d", field, t.UTC().Format(time.RFC3339), contact.FirstInteractionYear)
		}
		return nil
	}
	given := func(field string, t time.Time) error {
		if t.IsZero() {
			return nil
		}
		return check(field, t)
	}
	if err := given("created_at", c.CreatedAt); err != nil {
		return err
	}
	if err := given("updated_at", c.UpdatedAt); err != nil {
		return err
	}
	for _, t := range []struct {
		field string
		at    *time.Time
	}{{"last_activity_at", c.LastActivityAt}, {"archived_at", c.ArchivedAt}, {"deleted_at", c.DeletedAt}} {
		if t.at != nil {
			if err := check(t.field, *t.at); err != nil {
				return err
			}
		}
	}
	if c.Blocked != nil {
		if err := given("blocked.created_at", c.Blocked.CreatedAt); err != nil {
			return err
		}
	}
	for i, n := range c.Notes {
		if err := given(fmt.Sprintf("notes[%d].created_at", i), n.CreatedAt); err != nil {
			return err
		}
	}
	for i, it := range c.Interactions {
		// As log --at: not in the future at all (the call becomes the
		// contact's last activity); Normalize refused those before 1900.
		if it.At.After(im.d.now()) {
			return contact.Errorf(contact.EINVALID, "interactions[%d].at: %s is in the future", i, it.At.UTC().Format(time.RFC3339))
		}
	}
	return nil
}

// vcardTimes are the vCard properties that hold a contact's times, by the
// JSON key checkTimes names them by elsewhere: a card has no updated_at,
// its REV is. A note's, an interaction's and a block's times are named by
// JSON's keys in every format (notes[0].created_at), as the decoder names
// an interaction's.
var vcardTimes = map[string]string{
	"created_at": "X-ROLO-CREATED", "updated_at": "REV", "last_activity_at": "X-ROLO-LAST-ACTIVITY",
	"archived_at": "X-ROLO-ARCHIVED", "deleted_at": "X-ROLO-DELETED",
}

// keyGroups are the keys of c by which a duplicate is found, in order of
// precedence: UID, emails, phones; or the --key value alone.
func (im *importer) keyGroups(c *contact.Contact) [][]string {
	uid := func() []string {
		if c.UID == "" {
			return nil
		}
		return im.uidKeys(c.UID)
	}
	emails := func() []string {
		var out []string
		for _, e := range c.Emails {
			out = append(out, "e\x00"+e.Address)
		}
		return out
	}
	phones := func() []string {
		var out []string
		for _, p := range c.Phones {
			out = append(out, "p\x00"+p.E164)
		}
		return out
	}
	var keyed []string
	switch k := im.opts.KeyField; {
	case k == "uid":
		keyed = uid()
	case k == "email":
		keyed = emails()
	case k == "phone":
		keyed = phones()
	case strings.HasPrefix(k, "attr."):
		if v := c.Attributes[strings.TrimPrefix(k, "attr.")]; v != "" {
			keyed = []string{"k\x00" + v}
		}
	}
	if len(keyed) > 0 {
		return [][]string{keyed}
	}
	return [][]string{uid(), emails(), phones()}
}

// uidKeys are the keys of a record's UID: the UID (a UUID in small
// letters, as it matches in any case: contact.UIDKey), and the actor's
// stand-in for it (standInUID), which a contact got when a contact the
// actor cannot see held the UID: importing the same record again matches
// that contact. A UUID written in capitals has the stand-in it got before
// UUIDs matched in any case too.
func (im *importer) uidKeys(uid string) []string {
	key := contact.UIDKey(uid)
	keys := []string{"u\x00" + key, "u\x00" + standInUID(im.d.actor.ID, uid)}
	if key != uid {
		keys = append(keys, "u\x00"+standInAsWritten(im.d.actor.ID, uid))
	}
	return keys
}

// spelledOtherwise reports whether the chunk's lookup found a contact,
// visible or not, holding the UID uid in another spelling (for the
// inserter: see inserter.spelledOtherwise). A UID the lookup left out,
// as the key filter holds it in no spelling, is in no contact.
func (im *importer) spelledOtherwise(uid string) bool {
	return slices.ContainsFunc(im.uids[contact.UIDKey(uid)], func(s string) bool { return s != uid })
}

// allKeys are every key of c, for remembering what a written contact holds.
func (im *importer) allKeys(c *contact.Contact) []string {
	var out []string
	if c.UID != "" {
		out = append(out, im.uidKeys(c.UID)...)
	}
	for _, e := range c.Emails {
		out = append(out, "e\x00"+e.Address)
	}
	for _, p := range c.Phones {
		out = append(out, "p\x00"+p.E164)
	}
	if k, ok := strings.CutPrefix(im.opts.KeyField, "attr."); ok && c.Attributes[k] != "" {
		out = append(out, "k\x00"+c.Attributes[k])
	}
	return out
}

// lookupSQL reads, for importer.lookup, the contacts that hold keys of
// each kind, the keys' condition in place of %s. The last column says
// whether the actor can see the contact. UIDs are read whoever may see
// their contact, for spelledOtherwise alone: only those of contacts the
// actor can see are hits.
var lookupSQL = map[byte]string{
	'u': `SELECT ` + uidSQL("c") + `, c.id, coalesce(c.import_batch_id, 0), c.deleted_at IS NOT NULL, '', '', ` + visibleSQL + ` FROM contacts c WHERE %s`,
	'e': `SELECT e.address, c.id, coalesce(c.import_batch_id, 0), 0, c.first_name, c.last_name, 1 FROM contact_emails e JOIN contacts c ON c.id = e.contact_id
		WHERE %s AND c.deleted_at IS NULL AND ` + visibleSQL,
	'p': `SELECT p.e164, c.id, coalesce(c.import_batch_id, 0), 0, c.first_name, c.last_name, 1 FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
		WHERE p.e164 IN (%s) AND c.deleted_at IS NULL AND ` + visibleSQL,
	'k': `SELECT a.value, c.id, coalesce(c.import_batch_id, 0), 0, '', '', 1 FROM contact_attributes a JOIN contacts c ON c.id = a.contact_id
		WHERE a.key = ? COLLATE NOCASE AND a.value IN (%s) AND c.deleted_at IS NULL AND ` + visibleSQL,
	// The display name's index ignores case: the name is compared as
	// stored afterwards (sameAs).
	'n': `SELECT c.display_name, c.id, coalesce(c.import_batch_id, 0), 0, '', '', 1 FROM contacts c
		WHERE c.display_name COLLATE NOCASE IN (%s) AND c.deleted_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM contact_emails e WHERE e.contact_id = c.id)
		AND NOT EXISTS (SELECT 1 FROM contact_phones p WHERE p.contact_id = c.id) AND ` + visibleSQL,
}

// lookup finds, with one query per kind of key and chunk of values, the
// visible contacts the chunk's records may duplicate.
func (im *importer) lookup(ctx context.Context, chunk []*pending) (map[string][]hit, error) {
	if im.keys == nil && im.probed*4 >= im.stored {
		keys, err := buildKeyFilter(ctx, im.tx, im.stored)
		if err != nil {
			return nil, err
		}
		im.keys = keys
	}
	vals := map[byte][]string{}
	seen := map[string]bool{}
	var said contact.Parts // what the records with no key bring besides their fields
	for _, p := range chunk {
		if p.c == nil {
			continue
		}
		keys := im.allKeys(p.c)
		if len(keys) == 0 {
			keys = []string{"n\x00" + p.c.Name} // see sameAs
			said |= im.parts(p.c)
		}
		if im.policy == contact.OnDuplicateCreate {
			keys = nil
			if p.c.UID != "" {
				keys = []string{"u\x00" + contact.UIDKey(p.c.UID)}
			}
		}
		for _, k := range keys {
			if seen[k] {
				continue
			}
			seen[k] = true
			// A key the filter does not hold is in no contact; it holds
			// it from now on, since this chunk may write it. The UIDs of
			// new contacts it never holds: no record can know them.
			if im.keys != nil && filtered(k) && !im.keys.testOrAdd(k) {
				continue
			}
			im.probed++
			vals[k[0]] = append(vals[k[0]], k[2:])
		}
	}
	hits := map[string][]hit{}
	im.uids = map[string][]string{}
	for kind, vs := range vals {
		for start := 0; start < len(vs); start += lookupChunk {
			part := vs[start:min(start+lookupChunk, len(vs))]
			in := stringArgs(part)
			var args []any
			q := strings.Replace(lookupSQL[kind], "%s", placeholders(len(in)), 1)
			switch kind {
			case 'u':
				// A UID key is a UUID in small letters, stored in any case.
				where, uids := contactUIDIn("c", part)
				q = strings.Replace(lookupSQL[kind], "%s", where, 1)
				args = append(im.d.visibleArgs(), uids...)
			case 'e':
				q = strings.Replace(lookupSQL[kind], "%s", emailIn("e.address", len(in)), 1)
				args = append(slices.Concat(in, in), im.d.visibleArgs()...)
			case 'k':
				args = append(append([]any{strings.TrimPrefix(im.opts.KeyField, "attr.")}, in...), im.d.visibleArgs()...)
			default:
				args = append(in, im.d.visibleArgs()...)
			}
			rows, err := im.tx.QueryContext(ctx, q, args...)
			if err != nil {
				return nil, dbError(err)
			}
			for rows.Next() {
				var v, first, last string
				var h hit
				var batch int64
				var visible bool
				if err := rows.Scan(&v, &h.id, &batch, &h.deleted, &first, &last, &visible); err != nil {
					rows.Close()
					return nil, dbError(err)
				}
				if kind == 'u' {
					key := contact.UIDKey(v)
					im.uids[key] = append(im.uids[key], v)
					h.uid, v = v, key
				}
				if !visible {
					continue
				}
				h.batch, h.person, h.name = batch == im.batch, personKey(first, last), first+"\x00"+last
				k := string([]byte{kind, 0}) + v
				hits[k] = append(hits[k], h)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, dbError(err)
			}
		}
	}
	if err := im.mergedAway(ctx, vals['u'], hits); err != nil {
		return nil, err
	}
	if err := im.googleNamed(ctx, vals['n'], hits); err != nil {
		return nil, err
	}
	if err := im.loadNamed(ctx, hits, said); err != nil {
		return nil, err
	}
	if err := im.loadCurrent(ctx, hits); err != nil {
		return nil, err
	}
	return hits, nil
}

// mergedAway adds to hits, for each UID key of keys that no visible
// contact holds, the contact that a merge in force took the contact that
// held it into (following merges of that one into others to the contact
// that holds it all now), when the actor can see it: a record of an
// export made before the merge finds the merged contact, as its phone or
// email would, rather than coming back as a second contact; and the UID
// stays free for an unmerge to give back.
func (im *importer) mergedAway(ctx context.Context, keys []string, hits map[string][]hit) error {
	var missing []string
	for _, k := range keys {
		if len(hits["u\x00"+k]) == 0 {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if im.merged == nil {
		im.merged, im.keepOf = map[string]mergedUID{}, map[int64]int64{}
		// A UID is a key only of a contact the actor could see before
		// the merge (public, theirs, or shared with them), as mergedInto
		// tells it: another user's private contact is no more a match
		// than one that never was. The chain of merges is followed
		// through any.
		err := im.d.rowsEachIn(ctx, im.tx, `SELECT coalesce(json_extract(o.value, '$.row.uid'), ''), coalesce(json_extract(o.value, '$.row.id'), 0), m.keep_id,
			coalesce(`+sawMergedSQL+`, 0)
			FROM merges m, json_each(m.snapshot, '$.others') o WHERE m.undone_at IS NULL`, []any{im.d.actor.ID, im.d.actor.ID}, func(r *sql.Rows) error {
			var m mergedUID
			var id int64
			var seen bool
			if err := r.Scan(&m.uid, &id, &m.keep, &seen); err != nil {
				return err
			}
			im.keepOf[id] = m.keep
			if m.uid != "" && seen {
				im.merged[contact.UIDKey(m.uid)] = m
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, k := range missing {
		m, ok := im.merged[k]
		if !ok {
			continue
		}
		keep := m.keep
		for range len(im.keepOf) {
			next, ok := im.keepOf[keep]
			if !ok {
				break
			}
			keep = next
		}
		h := hit{id: keep, uid: m.uid, merged: true}
		var batch int64
		err := im.tx.QueryRowContext(ctx, `SELECT coalesce(c.import_batch_id, 0), c.deleted_at IS NOT NULL FROM contacts c WHERE c.id = ? AND `+visibleSQL,
			append([]any{keep}, im.d.visibleArgs()...)...).Scan(&batch, &h.deleted)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return dbError(err)
		}
		h.batch = batch == im.batch
		hits["u\x00"+k] = append(hits["u\x00"+k], h)
	}
	return nil
}

// googleNamed adds to hits, for a Google file, the contacts with no email
// or phone whose name that file holds in Google's form (contact.GoogleForm:
// "Smith ::: Jones" as "Smith : Jones"), under that form, as lookup adds
// those of the names as they are: the records of their own export find
// them. Only a name with ":::" is written otherwise, so only the contacts
// with such a name are read, and only when a name of the chunk has a ":".
func (im *importer) googleNamed(ctx context.Context, names []string, hits map[string][]hit) error {
	if im.opts.Format != "google" || !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, ":") }) {
		return nil
	}
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[n] = true
	}
	rows, err := im.tx.QueryContext(ctx, `SELECT c.display_name, c.id, coalesce(c.import_batch_id, 0) FROM contacts c
		WHERE c.display_name LIKE '%:::%' AND c.deleted_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM contact_emails e WHERE e.contact_id = c.id)
		AND NOT EXISTS (SELECT 1 FROM contact_phones p WHERE p.contact_id = c.id) AND `+visibleSQL, im.d.visibleArgs()...)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var h hit
		var batch int64
		if err := rows.Scan(&name, &h.id, &batch); err != nil {
			return dbError(err)
		}
		if k := contact.GoogleForm(name); want[k] {
			h.batch, h.person = batch == im.batch, personKey("", "")
			hits["n\x00"+k] = append(hits["n\x00"+k], h)
		}
	}
	return dbError(rows.Err())
}

// loadCurrent reads in full, a chunk of IDs at a time, the contacts that
// an update or merge may apply a record to (im.current): a file imported
// again mostly brings what its contacts already hold, and reading each
// one alone (a query per table) took most of the time of such an import.
func (im *importer) loadCurrent(ctx context.Context, hits map[string][]hit) error {
	im.current = map[int64]*contact.Contact{}
	if im.policy != contact.OnDuplicateUpdate && im.policy != contact.OnDuplicateMerge {
		return nil
	}
	var ids []int64
	for _, hs := range hits {
		for _, h := range hs {
			if !h.deleted {
				ids = append(ids, h.id)
			}
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for start := 0; start < len(ids); start += lookupChunk {
		part := ids[start:min(start+lookupChunk, len(ids))]
		cs, err := im.d.selectRankedIn(ctx, im.tx, "", `c.id IN (`+placeholders(len(part))+`) AND `+scopeSQL(contact.ScopeActive),
			int64Args(part), "", 0, 0, 0)
		if err != nil {
			return err
		}
		for _, c := range cs {
			im.current[c.ID] = c
		}
	}
	return nil
}

// loadNamed reads the contacts that the names of records with no key
// matched (hits under "n\x00"), for sameAs to compare field by field:
// only those, so that names that match nothing, most of a first import,
// cost one index probe each; and of their parts only those the records
// bring (said), so that a file of names and companies reads no more.
func (im *importer) loadNamed(ctx context.Context, hits map[string][]hit, said contact.Parts) error {
	var ids []int64
	for k, hs := range hits {
		if k[0] == 'n' {
			for _, h := range hs {
				ids = append(ids, h.id)
			}
		}
	}
	stored := make(map[int64]*contact.Contact, len(ids))
	notRead := contact.AllParts &^ said
	for start := 0; start < len(ids); start += lookupChunk {
		part := ids[start:min(start+lookupChunk, len(ids))]
		cs, err := im.d.selectRankedIn(ctx, im.tx, "", `c.id IN (`+placeholders(len(part))+`)`, int64Args(part), "", 0, 0, notRead)
		if err != nil {
			return err
		}
		for _, c := range cs {
			stored[c.ID] = c
		}
	}
	for k, hs := range hits {
		if k[0] == 'n' {
			for i := range hs {
				hs[i].stored = stored[hs[i].id]
			}
		}
	}
	return nil
}

// match returns the contact a record duplicates: the lowest ID of the
// first group of keys that matches anything, but of several contacts
// that share a key (near-duplicates not merged yet, such as two that hold
// one email), the one that has the record's name, as written or else but
// for case and accents, and then the one that holds more of the record's
// keys: each record of their own export finds its own contact, not the
// other's. A contact that holds the
// record's UUID in other letters comes after one that holds it as written
// (or the stand-in for it); one that an earlier record of the input
// created so is another contact: an older rolo let two contacts hold one
// UUID in two cases, and their export names both.
func (im *importer) match(c *contact.Contact, hits map[string][]hit) (hit, bool) {
	// Records carrying different UIDs are different contacts, even when
	// they share a phone or an email (a switchboard number).
	ownUID := c.UID != "" && im.opts.KeyField == ""
	person, name := personKey(c.FirstName, c.LastName), c.FirstName+"\x00"+c.LastName
	groups := im.keyGroups(c)
	var holding map[int64]int // how many of the record's keys each contact holds, read when two compete
	holds := func(id int64) int {
		if holding == nil {
			holding = im.holding(groups, hits)
		}
		return holding[id]
	}
	for _, group := range groups {
		var best hit
		found, bestRank, bestNamed := false, 0, 0
		for _, k := range group {
			for i, hs := range [][]hit{hits[k], im.local[k]} {
				for _, h := range hs {
					if i == 0 && im.updated[h.id] && !h.merged {
						continue // updated by this chunk: in local as it is now (its name, for a phone)
					}
					if ownUID && h.batch && k[0] != 'u' {
						continue
					}
					// Another person's phone (a switchboard): a Google file
					// holds the name in Google's form (contact.GoogleForm).
					if k[0] == 'p' && im.opts.KeyField != "phone" && person != "" && h.person != "" && h.person != person &&
						(im.opts.Format != "google" || contact.GoogleForm(h.person) != person) {
						continue
					}
					rank := 2
					if k[0] == 'u' {
						rank = im.holdsUID(h, c.UID)
					}
					if rank < 0 || rank == 0 && h.batch {
						continue
					}
					named := im.named(h, name, person)
					if !found {
						best, found, bestRank, bestNamed = h, true, rank, named
						continue
					}
					if rank > bestRank || rank == bestRank && (named > bestNamed ||
						named == bestNamed && (holds(h.id) > holds(best.id) || holds(h.id) == holds(best.id) && h.id < best.id)) {
						best, bestRank, bestNamed = h, rank, named
					}
				}
			}
		}
		if found {
			return best, true
		}
	}
	return hit{}, false
}

// named says how well the contact h has the name of a record (name, its
// first and last name "\x00" apart; person, its personKey): 2 as written
// (a Google file writes it in Google's form, contact.GoogleForm), 1 but
// for case and accents, 0 otherwise or when h's name is not known.
func (im *importer) named(h hit, name, person string) int {
	switch {
	case h.name == "":
		return 0
	case h.name == name || im.opts.Format == "google" && contact.GoogleForm(h.name) == name:
		return 2
	case person != "" && h.person == person:
		return 1
	}
	return 0
}

// holding counts, for each contact that holds any, how many of the keys
// of groups (a record's) it holds.
func (im *importer) holding(groups [][]string, hits map[string][]hit) map[int64]int {
	n := map[int64]int{}
	last := map[int64]int{} // the key last counted for each contact, from 1
	i := 0
	for _, group := range groups {
		for _, k := range group {
			i++
			for _, hs := range [][]hit{hits[k], im.local[k]} {
				for _, h := range hs {
					if last[h.id] != i {
						last[h.id] = i
						n[h.id]++
					}
				}
			}
		}
	}
	return n
}

// spelledOtherwise reports whether h, a UID match, holds the UUID uid in
// other letters.
func (h hit) spelledOtherwise(uid string) bool {
	return h.uid != "" && h.uid != uid && contact.UIDKey(h.uid) == contact.UIDKey(uid)
}

// holdsUID says how h, found by a key of uidKeys(uid), holds uid: as
// written (2); as the actor's stand-in for it (1), which a contact got
// when a contact the actor could not see held the UID; or a UUID in other
// letters (0). It is -1 when h holds the UID that uid is the actor's
// stand-in for: an earlier record of the input holds that UID and is
// remembered under its stand-in too, but a record whose UID is a stand-in
// is the contact that got it, not the one it stood in for (which the
// actor may see since, made public).
func (im *importer) holdsUID(h hit, uid string) int {
	switch {
	case h.uid == uid:
		return 2
	case h.spelledOtherwise(uid):
		return 0
	case h.uid == "" || h.uid == standInUID(im.d.actor.ID, uid) || h.uid == standInAsWritten(im.d.actor.ID, uid):
		return 1
	}
	return -1
}

// uidTaken reports whether a contact the actor can see, or one this import
// created, holds uid (a UUID in any case), or the actor's stand-in for it.
func (im *importer) uidTaken(uid string, hits map[string][]hit) bool {
	for _, k := range im.uidKeys(uid) {
		for _, hs := range [][]hit{hits[k], im.local[k]} {
			for _, h := range hs {
				if im.holdsUID(h, uid) >= 0 {
					return true
				}
			}
		}
	}
	return false
}

// sameAs returns the contact that a record with no UID, email, phone or
// --key value duplicates: of the visible contacts with no email or phone
// either that show the same name (as stored: NFC, trimmed, same case),
// the one of lowest ID that holds everything the record says
// (contact.Holds), an earlier record of the input included. The tags
// --tag adds are the import's, not the record's: they do not count.
func (im *importer) sameAs(p *pending, hits map[string][]hit) (hit, bool) {
	rec := im.said(p.c)
	k := "n\x00" + rec.Name
	var best hit
	found := false
	for i, hs := range [][]hit{hits[k], im.local[k]} {
		for _, h := range hs {
			if i == 0 && (im.updated[h.id] || h.stored == nil) {
				continue // updated by this chunk: in local as it is now, if it still has no email or phone
			}
			if contact.Holds(h.stored, rec, p.givenTo(h.stored), im.opts.Format) && (!found || h.id < best.id) {
				best, found = h, true
			}
		}
	}
	return best, found
}

// said is what a record says, for sameAs: c without the tags --tag added,
// which are the import's.
func (im *importer) said(c *contact.Contact) *contact.Contact {
	if len(im.tags) == 0 {
		return c
	}
	own := *c
	own.Tags = slices.DeleteFunc(slices.Clone(own.Tags), func(t string) bool {
		return slices.ContainsFunc(im.tags, func(added string) bool { return contact.SameTag(t, added) })
	})
	return &own
}

// parts are the parts of a contact that a record with no key brings, for
// sameAs to compare (see contact.Holds); phones and emails it has none of.
// A note of a format that joins notes in one cell is compared with the
// contact's attributes too: Outlook's export lists them in a paragraph of
// it.
func (im *importer) parts(c *contact.Contact) contact.Parts {
	rec := im.said(c)
	var out contact.Parts
	for _, p := range []struct {
		part contact.Parts
		n    int
	}{{contact.PartAddresses, len(rec.Addresses)}, {contact.PartSocials, len(rec.Socials)}, {contact.PartURLs, len(rec.URLs)},
		{contact.PartTags, len(rec.Tags)}, {contact.PartAttributes, len(rec.Attributes)}, {contact.PartNotes, len(rec.Notes)}} {
		if p.n > 0 {
			out |= p.part
		}
	}
	if out&contact.PartNotes != 0 && contact.JoinsNotes(im.opts.Format) {
		out |= contact.PartAttributes
	}
	return out
}

// remember records the keys of a contact this chunk wrote.
func (im *importer) remember(c *contact.Contact, h hit) {
	if c.Deleted || c.DeletedAt != nil {
		// In the trash (a record of rolo's own export can put it there):
		// as lookup finds such a contact, by its UID alone.
		h.deleted, h.uid = true, c.UID
		if c.UID != "" {
			for _, k := range im.uidKeys(c.UID) {
				im.local[k] = append(im.local[k], h)
			}
		}
		return
	}
	h.uid = c.UID
	for _, k := range im.allKeys(c) {
		im.local[k] = append(im.local[k], h)
	}
	if len(c.Emails) == 0 && len(c.Phones) == 0 {
		h.stored = c
		im.local["n\x00"+c.Name] = append(im.local["n\x00"+c.Name], h)
	}
}

// write stores one chunk: matches every valid record, then creates,
// updates, merges or skips it, and reports each outcome in order.
//
// An interruption (ctx) is noticed between records. The statements
// themselves run on a context that is never cancelled (statementContext).
func (im *importer) write(ctx context.Context, chunk []*pending) error {
	interrupted := ctx.Err
	ctx = statementContext(ctx)
	hits, err := im.lookup(ctx, chunk)
	if err != nil {
		return err
	}
	im.local, im.updated = map[string][]hit{}, map[int64]bool{}
	for _, p := range chunk {
		if err := interrupted(); err != nil {
			return err
		}
		out := &contact.ImportOutcome{Record: p.rec, Warnings: p.warnings}
		switch {
		case p.rec.Err != nil:
			out.Status, out.Err = contact.ImportFailed, p.rec.Err
		case p.err != nil:
			out.Status, out.Err = contact.ImportFailed, p.err
		default:
			if err := im.place(ctx, p, hits, out); err != nil {
				return err
			}
		}
		im.res.Total++
		switch out.Status {
		case contact.ImportCreated:
			im.res.Imported++
		case contact.ImportUpdated, contact.ImportMerged:
			im.res.Updated++
		case contact.ImportSkipped:
			im.res.Skipped++
		case contact.ImportFailed:
			im.res.Failed++
		}
		if im.opts.DryRun && out.Status == contact.ImportCreated {
			out.ContactID = 0
		}
		if im.report != nil {
			if err := im.report(out); err != nil {
				return err
			}
		}
	}
	return im.ins.flush(ctx)
}

// place decides what a valid record becomes and does it. A record that
// cannot be applied fails alone; the error returned is fatal.
func (im *importer) place(ctx context.Context, p *pending, hits map[string][]hit, out *contact.ImportOutcome) error {
	c := p.c
	if im.policy == contact.OnDuplicateCreate {
		if c.UID != "" && im.uidTaken(c.UID, hits) {
			c.UID = "" // a new contact gets a UID of its own
		}
		return im.create(ctx, c, out)
	}
	h, dup := im.match(c, hits)
	if !dup && len(im.allKeys(c)) == 0 {
		h, dup = im.sameAs(p, hits)
	}
	switch {
	case !dup:
		if c.UID != "" {
			// --key decided it is new, but its UID may still be taken.
			if _, taken := im.match(&contact.Contact{UID: c.UID}, hits); taken {
				c.UID = ""
			} else if im.uidTaken(c.UID, hits) {
				return im.createSpelledOtherwise(ctx, c, out)
			}
		}
		return im.create(ctx, c, out)
	case im.policy == contact.OnDuplicateSkip:
		out.Status, out.ContactID = contact.ImportSkipped, h.id
		return nil
	case h.deleted:
		out.Status = contact.ImportFailed
		if h.merged {
			out.Err = contact.Errorf(contact.EINVALID, "uid: the contact with UID %q was merged into contact %d, which is in the trash (rolo restore %d, or rolo delete --purge %d)", c.UID, h.id, h.id, h.id)
			return nil
		}
		out.Err = contact.Errorf(contact.EINVALID, "uid: contact %d has UID %q and is in the trash (rolo restore %d, or rolo delete --purge %d)", h.id, c.UID, h.id, h.id)
		return nil
	}
	return im.update(ctx, p, h, out)
}

// create inserts a new contact with what it brings from another rolo.
func (im *importer) create(ctx context.Context, c *contact.Contact, out *contact.ImportOutcome) error {
	asked := c.UID
	if err := im.ins.add(ctx, c, im.batch); err != nil {
		return err
	}
	if asked != "" && c.UID != asked && !im.opts.DryRun {
		// Held by a contact the actor cannot see (uidConflict). Not on a
		// dry run: it creates nothing and leaves no trace, so telling it
		// would probe for contacts the user may not see.
		out.UIDTaken = asked
	}
	if err := im.restoreState(ctx, c); err != nil {
		return err
	}
	im.remember(c, hit{id: c.ID, batch: true, person: personKey(c.FirstName, c.LastName), name: c.FirstName + "\x00" + c.LastName})
	out.Status, out.ContactID = contact.ImportCreated, c.ID
	return nil
}

// createSpelledOtherwise creates the contact of a record whose UUID an
// earlier record of the input gave its contact in other letters (see
// match): with a UID of its own, the actor's stand-in for the UUID as
// written (the same each time, so that importing the file again finds
// it), or a new one when that is taken, and says so, also on a dry run:
// no contact the actor cannot see is concerned.
func (im *importer) createSpelledOtherwise(ctx context.Context, c *contact.Contact, out *contact.ImportOutcome) error {
	asked := c.UID
	alt := standInAsWritten(im.d.actor.ID, asked)
	held, err := uidHeld(ctx, im.tx, alt, false)
	if err != nil {
		return err
	}
	c.UID = ""
	if !held {
		c.UID = alt
	}
	if err := im.create(ctx, c, out); err != nil {
		return err
	}
	out.UIDTaken = asked
	return nil
}

// restoreState keeps the lifecycle state a record carries (rolo's own
// exports): last activity, archived, in the trash, blocked. Owner and
// shares are not taken over: the importer owns what it imports. The last
// activity is at least the latest interaction the record brings, as
// logging it would have made it.
func (im *importer) restoreState(ctx context.Context, c *contact.Contact) error {
	d := im.d
	for _, it := range c.Interactions {
		if c.LastActivityAt == nil || it.At.After(*c.LastActivityAt) {
			at := it.At
			c.LastActivityAt, c.LastChannel = &at, it.Channel
		}
	}
	archived, deleted := c.ArchivedAt, c.DeletedAt
	if c.Archived && archived == nil {
		t := d.now()
		archived = &t
	}
	if c.Deleted && deleted == nil {
		t := d.now()
		deleted = &t
	}
	if c.LastActivityAt != nil || c.LastChannel != "" || archived != nil || deleted != nil {
		if _, err := im.tx.ExecContext(ctx, `UPDATE contacts SET last_activity_at = ?, last_channel = ?, archived_at = ?, deleted_at = ? WHERE id = ?`,
			timeArg(c.LastActivityAt), c.LastChannel, timeArg(archived), timeArg(deleted), c.ID); err != nil {
			return dbError(err)
		}
	}
	if b := c.Blocked; b != nil && (b.Until == nil || b.Until.After(d.now())) {
		return im.insertBlock(ctx, c.ID, b)
	}
	return nil
}

// insertBlock stores the block b a record brings on contact id, by its
// teammate (else the importer) and made when it says.
func (im *importer) insertBlock(ctx context.Context, id int64, b *contact.Block) error {
	d := im.d
	by, ok := im.ins.userID(b.By)
	if !ok {
		by = d.actor.ID
	}
	at := d.nowText()
	if !b.CreatedAt.IsZero() {
		at = formatTime(b.CreatedAt)
	}
	// The decoders reject a record whose reason block --reason
	// refuses (contact.ReadBlock); this keeps one given otherwise,
	// which would be fatal here, out of the database.
	reason, err := contact.CleanReason(b.Reason)
	if err != nil {
		reason = ""
	}
	_, err = im.tx.ExecContext(ctx, `INSERT INTO blocks (contact_id, user_id, reason, created_at, until) VALUES (?, ?, ?, ?, ?)`,
		id, by, reason, at, timeArg(b.Until))
	return dbError(err)
}

// importedBlock is the block a record rec brings to the contact old of
// an update or merge: one in force that ends after old's (forever after
// any time), as the block that ends last governs a merge; nil for none.
func (im *importer) importedBlock(old, rec *contact.Contact) *contact.Block {
	b := rec.Blocked
	if b == nil || b.Until != nil && !b.Until.After(im.d.now()) {
		return nil
	}
	if old.Blocked != nil && !contact.EndsLater(b, old.Blocked) {
		return nil
	}
	return b
}

// update applies a record to the contact it duplicates (update or merge).
// A record that changes nothing writes nothing; one that does is written
// in a savepoint, so that a record that cannot be applied fails alone.
func (im *importer) update(ctx context.Context, p *pending, h hit, out *contact.ImportOutcome) error {
	d, tx := im.d, im.tx
	merge := im.policy == contact.OnDuplicateMerge
	old := im.current[h.id]
	if old == nil {
		// Written or created earlier in this chunk: its rows must be in
		// place before it is read.
		if err := im.ins.flush(ctx); err != nil {
			return err
		}
		var err error
		if old, err = d.contactByID(ctx, tx, h.id, contact.ScopeActive); err != nil {
			return err
		}
	}
	var next *contact.Contact
	var forced error
	c, changes, err := d.planUpdate(old, func(c *contact.Contact) error {
		if im.opts.Visibility == contact.Private && c.Visibility == contact.Public {
			forced = contact.Errorf(contact.EPERM, "visibility: contact %d (%s) is public and can never be made private again; "+
				"nothing was imported (leave out --private, or import with --on-duplicate skip or create)", c.ID, c.Name)
			return forced
		}
		rec := p.c
		if im.opts.KeptAs != nil && rec.VCardExtra != "" && c.VCardExtra != "" {
			r := *rec
			r.VCardExtra = im.opts.KeptAs(c.VCardExtra, rec.VCardExtra)
			rec = &r
		}
		given := p.givenTo(c)
		if merge && im.opts.Visibility == "" && given["visibility"] {
			// Merge fills what the contact lacks, and it has a
			// visibility: a record of a public contact (every rolo
			// export says one) does not publish it; --public does.
			given = maps.Clone(given)
			delete(given, "visibility")
		}
		next = contact.ImportInto(c, rec, given, merge, im.opts.Format)
		*c = *next.Clone()
		return nil
	})
	if err != nil {
		return im.refuse(err, forced, out)
	}
	out.ContactID = h.id
	if len(changes) == 0 && !im.bringsMore(old, next, p.c) {
		// Nothing to change: the record is a duplicate like any other.
		out.Status = contact.ImportSkipped
		im.rememberUpdated(old, h)
		return nil
	}
	delete(im.current, h.id) // read again by the next record that matches it
	if err := im.ins.flush(ctx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT import_record`); err != nil {
		return dbError(err)
	}
	stored := old
	if len(changes) > 0 {
		// afterUpdate brings the search index in step, once the
		// record's notes are in too.
		err = d.writeUpdate(ctx, tx, old, c, changes, false)
		// What remember needs of the contact now, its keys, name and the
		// values sameAs compares, is c as written: no need to read it
		// back. Its notes are those it had: afterUpdate adds the record's.
		c.Notes, stored = old.Notes, c
	}
	changed := len(changes) > 0
	if err == nil {
		err = im.afterUpdate(ctx, h.id, old, next, p.c, &changed)
	}
	if err != nil {
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO import_record`); rerr != nil {
			return dbError(rerr)
		}
		if _, rerr := tx.ExecContext(ctx, `RELEASE import_record`); rerr != nil {
			return dbError(rerr)
		}
		out.ContactID = 0
		return im.refuse(err, forced, out)
	}
	if _, err := tx.ExecContext(ctx, `RELEASE import_record`); err != nil {
		return dbError(err)
	}
	// Made public as the record says (not --public, which the user
	// chose): told, as a merge that publishes a private contact is.
	if old.Visibility != contact.Public && c.Visibility == contact.Public && im.opts.Visibility == "" {
		out.MadePublic = c.Name
	}
	switch {
	case !changed:
		out.Status = contact.ImportSkipped
	case merge:
		out.Status = contact.ImportMerged
	default:
		out.Status = contact.ImportUpdated
	}
	im.rememberUpdated(stored, h)
	return nil
}

// refuse decides what an error applying a record means: the record fails
// alone (invalid, not allowed, a conflict), or, returned, the import does
// (forced is the refusal of --private, which concerns every record).
func (im *importer) refuse(err, forced error, out *contact.ImportOutcome) error {
	if forced != nil {
		return err
	}
	if im.opts.Visibility != "" && contact.ErrorCode(err) == contact.EPERM {
		// --public on a contact the actor may not publish (a teammate's,
		// shared): said as the refusal of --private is.
		return contact.Errorf(contact.EPERM, "%v; nothing was imported (leave out --%s, or import with --on-duplicate skip or create)", err, im.opts.Visibility)
	}
	switch contact.ErrorCode(err) {
	case contact.EINVALID, contact.EPERM, contact.ECONFLICT:
		out.Status, out.Err = contact.ImportFailed, err
		return nil
	}
	return err
}

// bringsMore reports whether afterUpdate may write something for a record
// rec that changes none of old's fields (next is old with the record
// applied): a note old lacks, interactions (compared with the stored
// ones there), the actor's star, or a block that outlasts old's.
func (im *importer) bringsMore(old, next, rec *contact.Contact) bool {
	return slices.ContainsFunc(next.Notes, func(n contact.Note) bool { return n.ID == 0 }) ||
		len(rec.Interactions) > 0 || rec.Favorite && !old.Favorite || im.importedBlock(old, rec) != nil
}

// rememberUpdated records the keys of stored, the contact h as a record
// left it, for the rest of the chunk.
func (im *importer) rememberUpdated(stored *contact.Contact, h hit) {
	h.person, h.name = personKey(stored.FirstName, stored.LastName), stored.FirstName+"\x00"+stored.LastName
	im.updated[h.id] = true
	im.remember(stored, h)
}

// afterUpdate writes what UpdateContact does not: the notes and the
// interactions the record rec brought, the actor's favorite, and its
// block when it outlasts the contact's (old's). changed is set when it
// wrote anything.
func (im *importer) afterUpdate(ctx context.Context, id int64, old, next, rec *contact.Contact, changed *bool) error {
	d, tx := im.d, im.tx
	notes, err := im.addNotes(ctx, id, next)
	if err != nil {
		return err
	}
	if notes > 0 && !*changed {
		if err := d.touch(ctx, tx, id); err != nil {
			return err
		}
	}
	// The contact's words: its fields as the update wrote them (changed)
	// and its new notes.
	if notes > 0 || *changed {
		if err := d.reindex(ctx, tx, id); err != nil {
			return err
		}
	}
	*changed = *changed || notes > 0
	// Logging a call does not touch the contact's update time: nor does
	// bringing one.
	its, err := im.addInteractions(ctx, id, rec.Interactions)
	if err != nil {
		return err
	}
	*changed = *changed || its > 0
	if rec.Favorite {
		r, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO favorites (user_id, contact_id, created_at) VALUES (?, ?, ?)`, d.actor.ID, id, d.nowText())
		if err != nil {
			return dbError(err)
		}
		if n, _ := r.RowsAffected(); n > 0 {
			*changed = true
		}
	}
	if b := im.importedBlock(old, rec); b != nil {
		// As block does: the contact's own block in force is replaced
		// (a raw block on its number or email stays), and the change
		// logged.
		now := d.nowText()
		if _, err := tx.ExecContext(ctx, `UPDATE blocks AS b SET lifted_at = ?, lifted_by = ? WHERE b.contact_id = ? AND `+inForceSQL,
			now, d.actor.ID, id, now); err != nil {
			return dbError(err)
		}
		if err := im.insertBlock(ctx, id, b); err != nil {
			return err
		}
		ch := contact.Change{Field: "blocked", New: contact.DescribeBlock(b.Until, b.Reason)}
		if old.Blocked != nil {
			ch.Old = contact.DescribeBlock(old.Blocked.Until, old.Blocked.Reason)
		}
		if err := d.edited(ctx, tx, []int64{id}, []logged{{id: id, action: contact.ActionBlock, Change: ch}}); err != nil {
			return err
		}
		*changed = true
	}
	return nil
}

// addNotes stores the notes an update or merge brought (those with ID 0),
// with the change-log row that adding a note writes.
func (im *importer) addNotes(ctx context.Context, id int64, c *contact.Contact) (int, error) {
	if c == nil {
		return 0, nil
	}
	n := 0
	for _, note := range c.Notes {
		if note.ID != 0 {
			continue
		}
		author, ok := im.ins.userID(note.Author)
		if !ok {
			author = im.d.actor.ID
		}
		if _, err := im.tx.ExecContext(ctx, `INSERT INTO notes (contact_id, user_id, body, created) VALUES (?, ?, ?, ?)`,
			id, author, note.Text, storedTime(im.ins.timeOr(note.CreatedAt))); err != nil {
			return n, dbError(err)
		}
		if err := im.d.logChanges(ctx, im.tx, id, contact.ActionNote, []contact.Change{{Field: "note", New: note.Text}}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// addInteractions stores the interactions an update or merge brought that
// the contact does not have yet (the same time, channel, direction,
// summary and duration; as many times as the record has it), as `log` would: with the change-log row, and the
// contact's last activity moved to the latest. Their users are kept as a
// note's author is (see inserter.restore).
func (im *importer) addInteractions(ctx context.Context, id int64, its []contact.Interaction) (int, error) {
	if len(its) == 0 {
		return 0, nil
	}
	key := func(at, channel, direction, summary string, seconds int64) string {
		return strings.Join([]string{at, channel, direction, summary, strconv.FormatInt(seconds, 10)}, "\x00")
	}
	// Counted: two calls alike (two attempts logged at one time) are two,
	// as a new contact gets both, and the contact lacks the second while
	// it has one.
	have := map[string]int{}
	err := im.d.rowsEachIn(ctx, im.tx, `SELECT at, channel, direction, summary, duration_seconds FROM interactions WHERE contact_id = ?`,
		[]any{id}, func(r *sql.Rows) error {
			var at, channel, direction, summary string
			var seconds int64
			if err := r.Scan(&at, &channel, &direction, &summary, &seconds); err != nil {
				return err
			}
			have[key(at, channel, direction, contact.LF(summary), seconds)]++ // one stored with CRs before they became LFs
			return nil
		})
	if err != nil {
		return 0, err
	}
	n := 0
	for i := len(its) - 1; i >= 0; i-- {
		it := its[i]
		at := formatTime(it.At)
		k := key(at, it.Channel, it.Direction, contact.LF(it.Summary), it.DurationSeconds)
		if have[k] > 0 {
			have[k]--
			continue
		}
		user, ok := im.ins.userID(it.User)
		if !ok {
			user = im.d.actor.ID
		}
		if _, err := im.tx.ExecContext(ctx, `INSERT INTO interactions (contact_id, user_id, channel, direction, at, summary, duration_seconds, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, user, it.Channel, it.Direction, at, it.Summary, it.DurationSeconds, im.ins.timeOr(it.CreatedAt)); err != nil {
			return n, dbError(err)
		}
		if _, err := im.tx.ExecContext(ctx, `UPDATE contacts SET last_activity_at = ?, last_channel = ?
			WHERE id = ? AND (last_activity_at IS NULL OR last_activity_at <= ?)`, at, it.Channel, id, at); err != nil {
			return n, dbError(err)
		}
		if err := im.d.logChanges(ctx, im.tx, id, contact.ActionLog, []contact.Change{{Field: "interaction", New: it.Describe()}}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// ImportBatches lists every user's imports, newest first, each with how
// many of its contacts remain that the acting user can see. Batches are
// shared (SPEC section 1), so that a manager can undo a member's import,
// and one of a teammate who has left can be undone; the counts of
// another user's batch are not (see contact.ImportBatch.CountsHidden).
func (d *DB) ImportBatches(ctx context.Context, limit, offset int) ([]*contact.ImportBatch, error) {
	page, pageArgs := pageSQL(limit, offset)
	rows, err := d.db.QueryContext(ctx, batchSQL+` ORDER BY b.id DESC`+page, append(d.visibleArgs(), pageArgs...)...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	out := []*contact.ImportBatch{}
	for rows.Next() {
		b, err := d.scanBatch(rows)
		if err != nil {
			return nil, dbError(err)
		}
		out = append(out, b)
	}
	return out, dbError(rows.Err())
}

// inBatchSQL, followed by a batch's ID, selects the contacts an import
// created. The index that finds them is by owner and then import
// (contacts_owner_batch, schema 27): every contact's owner is a row of
// users (a removed teammate's stays), so SQLite seeks the import's
// contacts once per teammate, where c.import_batch_id alone would read
// every contact.
const inBatchSQL = `c.owner_id IN (SELECT id FROM users) AND c.import_batch_id = `

// batchLastChangeSQL is the last change-log row an import wrote, its
// arguments the creation's action and the batch's ID (see undoPlan).
var batchLastChangeSQL = `SELECT coalesce(b.last_change_id,
	(SELECT max(first) FROM (SELECT min(ch.id) AS first FROM contacts c JOIN changes ch ON ch.contact_id = c.id
	 WHERE ` + inBatchSQL + `b.id AND ch.action = ? GROUP BY c.id)))
	FROM import_batches b WHERE b.id = ?`

// batchRowsSQL reads the contacts an import created, for undoPlan: its
// arguments are the actor's ID four times, the six actions that are no
// change, the import's last change-log row and the batch's ID.
var batchRowsSQL = `SELECT c.id, ` + visibleSQL + `, CASE WHEN ` + visibleSQL + ` THEN c.display_name ELSE '' END, c.visibility, u.login,
	EXISTS (SELECT 1 FROM merges m WHERE m.keep_id = c.id AND m.undone_at IS NULL),
	EXISTS (SELECT 1 FROM changes ch WHERE ch.contact_id = c.id AND ch.action NOT IN (?, ?, ?, ?, ?, ?)
		AND ch.id > ?)
	FROM contacts c JOIN users u ON u.id = c.owner_id WHERE ` + inBatchSQL + `? ORDER BY c.id`

// batchSQL reads import batches as scanBatch scans them, the importer
// named as history names users; its arguments are visibleArgs.
var batchSQL = `SELECT b.id, b.user_id, ` + userLabel("u") + `, b.source, b.format, b.created_at, b.total, b.imported, b.updated,
	b.failed, b.skipped, b.undone_at,
	(SELECT count(*) FROM contacts c WHERE ` + inBatchSQL + `b.id AND ` + visibleSQL + `)
	FROM import_batches b JOIN users u ON u.id = b.user_id`

// scanBatch reads a row of batchSQL, hiding the counts of a batch that
// is not the acting user's.
func (d *DB) scanBatch(row interface{ Scan(...any) error }) (*contact.ImportBatch, error) {
	b := &contact.ImportBatch{}
	var user int64
	var created string
	var undone sql.NullString
	if err := row.Scan(&b.ID, &user, &b.User, &b.Source, &b.Format, &created, &b.Total, &b.Imported, &b.Updated,
		&b.Failed, &b.Skipped, &undone, &b.Remaining); err != nil {
		return nil, err
	}
	b.CreatedAt, b.UndoneAt = parseTime(created), parseTimePtr(undone)
	if user != d.actor.ID {
		b.Total, b.Imported, b.Updated, b.Failed, b.Skipped = 0, 0, 0, 0, 0
		b.CountsHidden = true
	}
	return b, nil
}

// UndoImport erases the contacts an import (anyone's: batches are
// shared) created that still exist (in the trash too) and that the acting
// user may delete, and marks the batch undone, in one transaction. A
// contact the actor may not delete (another's, see mayDelete) stays and
// is named, and so does one that has since had other contacts merged
// into it or been changed. While contacts are left that someone else may
// erase (those the actor may not delete, and those the actor cannot see,
// which are neither touched nor named), the batch stays open, so that
// their owner or a manager can finish the undo. What the import updated
// in existing contacts stays as it is.
func (d *DB) UndoImport(ctx context.Context, id int64) (*contact.ImportUndo, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, dbError(err)
	}
	defer tx.Rollback()
	res, ids, open, err := d.undoPlan(ctx, tx, id)
	if err != nil || res.AlreadyUndone {
		return res, err
	}
	b := res.Batch
	for start := 0; start < len(ids); start += lookupChunk {
		part := ids[start:min(start+lookupChunk, len(ids))]
		if _, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE id IN (`+placeholders(len(part))+`)`, int64Args(part)...); err != nil {
			return nil, dbError(err)
		}
	}
	if err := d.eraseUndoneMerges(ctx, tx, ids); err != nil {
		return nil, err
	}
	now := d.nowText()
	if !open {
		if _, err := tx.ExecContext(ctx, `UPDATE import_batches SET undone_at = ? WHERE id = ?`, now, id); err != nil {
			return nil, dbError(err)
		}
	}
	if len(ids) > 0 {
		if err := eraseSearchRemnants(ctx, tx); err != nil {
			return nil, err
		}
	}
	if err := shield.Commit(tx.Commit); err != nil {
		return nil, dbError(err)
	}
	if len(ids) > 0 {
		d.checkpointErased(ctx)
	}
	res.Removed = len(ids)
	b.Remaining -= len(ids)
	if !open {
		t := parseTime(now)
		b.UndoneAt = &t
	}
	return res, nil
}

// PreviewUndoImport is what UndoImport would do now, changing nothing:
// Removed is how many contacts it would erase, Kept names those it would
// leave, so that the question before an undo counts what it erases.
// It reads in a read transaction, taking no write lock.
func (d *DB) PreviewUndoImport(ctx context.Context, id int64) (*contact.ImportUndo, error) {
	var res *contact.ImportUndo
	err := readTx(ctx, d.db, func(conn querier) error {
		plan, ids, _, err := d.undoPlan(ctx, conn, id)
		if err == nil {
			res, plan.Removed = plan, len(ids)
		}
		return err
	})
	return res, err
}

// undoPlan reads the batch id and sorts the contacts it created into
// those to erase (ids) and those kept (res.Kept, each with why, only
// those the actor can see); open is whether any are left that someone
// else may erase: one the actor may not delete, that was not merged into
// or changed since (which stay whoever undoes), or one the actor cannot
// see, in whatever state: still there, changed, merged into, or merged
// into a contact the actor cannot see. An undone batch is
// res.AlreadyUndone, with no ids.
func (d *DB) undoPlan(ctx context.Context, tx querier, id int64) (res *contact.ImportUndo, ids []int64, open bool, err error) {
	b, err := d.scanBatch(tx.QueryRowContext(ctx, batchSQL+` WHERE b.id = ?`, append(d.visibleArgs(), id)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, false, contact.Errorf(contact.ENOTFOUND, "import: no import %d (see rolo import list)", id)
	} else if err != nil {
		return nil, nil, false, dbError(err)
	}
	if b.UndoneAt != nil {
		// Nothing to do, as restoring a contact that is not in the
		// trash: the contacts it left stay until deleted.
		return &contact.ImportUndo{Batch: b, Kept: []string{}, AlreadyUndone: true}, nil, false, nil
	}
	// A contact changed since the import (its change log goes on past the
	// import's last row: an edit, a note, a call...) is someone's work:
	// kept, and named. Moves to and from the trash do not count: the
	// trash is erased too; nor do the stars rolo once logged, which are
	// not changes to the contact (and no longer logged), nor a transfer,
	// which changes who holds it (team rm hands a leaver's public
	// contacts over) and so who may delete it, not what it holds, nor the
	// row of its creation a merge writes (logCreation) before it moves
	// the contact's history.
	// A contact the actor cannot see only leaves the batch open, whatever
	// its state: its name, and whether it was changed or merged into, are
	// not read for the actor.
	//
	// An import made before schema 6 did not record its last row: its own
	// rows end with the last contact it created (each it creates gets one
	// row, written as it is inserted), so rows of its contacts past that
	// one are changes since, also those a newer rolo wrote after the
	// upgrade. Read once, not per contact. A contact's own creation is the
	// first creation in its log: those a merge logged since (logCreation,
	// written at the merge) come after it, and one a merge brought of a
	// contact created before the import can only keep more of them.
	var lastChange sql.NullInt64
	if err := tx.QueryRowContext(ctx, batchLastChangeSQL, contact.ActionCreate, id).Scan(&lastChange); err != nil {
		return nil, nil, false, dbError(err)
	}
	rows, err := tx.QueryContext(ctx, batchRowsSQL,
		d.actor.ID, d.actor.ID, d.actor.ID, d.actor.ID,
		contact.ActionDelete, contact.ActionRestore, contact.ActionFavorite, contact.ActionUnfavorite, contact.ActionTransfer,
		contact.ActionCreate, lastChange, id)
	if err != nil {
		return nil, nil, false, dbError(err)
	}
	res = &contact.ImportUndo{Batch: b, Kept: []string{}}
	for rows.Next() {
		c := &contact.Contact{}
		var visible, merged, changed bool
		if err := rows.Scan(&c.ID, &visible, &c.Name, &c.Visibility, &c.Owner, &merged, &changed); err != nil {
			rows.Close()
			return nil, nil, false, dbError(err)
		}
		if !visible {
			// Whatever became of it since (changed, merged into), it is
			// someone else's to erase or keep: the outcome must not tell
			// what they did with a contact the actor cannot see.
			open = true
			continue
		}
		switch err := d.mayDelete(c); {
		case err != nil:
			res.Kept = append(res.Kept, contact.ErrorMessage(err))
			res.Denied++
			open = open || !merged && !changed
		case merged:
			res.Kept = append(res.Kept, "contact "+formatID(c.ID)+" ("+c.Name+"): other contacts were merged into it since the import (it stays after an unmerge too; rolo delete "+formatID(c.ID)+" removes it)")
		case changed:
			res.Kept = append(res.Kept, "contact "+formatID(c.ID)+" ("+c.Name+"): changed since the import (rolo delete "+formatID(c.ID)+" removes it)")
		default:
			ids = append(ids, c.ID)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, false, dbError(err)
	}
	// A contact of the batch merged into another since is not here to
	// erase: named, so that the undo does not look clean. An unmerge
	// brings it back, after the batch is closed: a contact like any other
	// then, which delete removes. One merged into a contact the actor
	// cannot see is as a contact the actor cannot see: it leaves the
	// batch open, unnamed, as it did before that merge.
	type mergedAway struct {
		id, keep, merge int64
		name            string
	}
	var away []mergedAway
	err = d.rowsEachIn(ctx, tx, `SELECT json_extract(o.value, '$.row.id'), `+visibleSQL+`,
		CASE WHEN `+visibleSQL+` THEN json_extract(o.value, '$.row.display_name') ELSE '' END, m.keep_id, m.id
		FROM merges m JOIN contacts c ON c.id = m.keep_id, json_each(m.snapshot, '$.others') o
		WHERE m.undone_at IS NULL AND json_extract(o.value, '$.row.import_batch_id') = ? ORDER BY 1`,
		append(append(d.visibleArgs(), d.visibleArgs()...), id), func(r *sql.Rows) error {
			var a mergedAway
			var visible bool
			if err := r.Scan(&a.id, &visible, &a.name, &a.keep, &a.merge); err != nil {
				return err
			}
			if !visible {
				open = true
				return nil
			}
			away = append(away, a)
			return nil
		})
	if err != nil {
		return nil, nil, false, dbError(err)
	}
	then := "the import is undone, so rolo delete %[1]d then removes it"
	if open {
		then = "rolo delete %[1]d then removes it"
	}
	for _, a := range away {
		res.Kept = append(res.Kept, fmt.Sprintf("contact %d (%s): merged into contact %d since the import (rolo unmerge %d brings it back; %s)", a.id, a.name, a.keep, a.merge, fmt.Sprintf(then, a.id)))
	}
	return res, ids, open, nil
}
