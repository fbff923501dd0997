package sqlite

import (
	"context"
	"database/sql"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/rolo-cli/rolo/internal/contact"
)

// inserter writes new contacts fast: the contact rows are written with one
// prepared statement, and the rows that hang off them (phones, emails,
// tags, notes, change log, search document...) are queued and written many
// to a statement, which costs SQLite a fraction of one statement per row. A
// new contact needs no DELETEs, and its search document is built from the
// values in hand rather than read back through contact_search_doc. It
// stores exactly what createContact stores.
//
// insert writes one contact completely; add writes the contact row (so
// that its ID is known) and queues the rest until flush, which must run
// before anything reads those contacts back or the transaction commits.
type inserter struct {
	d       *DB
	tx      *sql.Tx
	contact *sql.Stmt
	stmts   map[string]*sql.Stmt // related rows, rowsPerStatement at a time
	queued  map[string][]any     // related rows waiting for flush, by table
	pending int                  // contacts whose related rows are queued
	now     string
	// restore keeps what a contact brings from another rolo (an import of
	// rolo's own export): its creation and update times, its notes' times
	// and authors, and its interaction history (logins looked up in
	// users; others become the actor's).
	restore bool
	users   map[string]int64
	// spelledOtherwise, when set, says from what its caller has read
	// whether a contact holds a UUID in another spelling than the one
	// given (an import's lookup reads every UID its records name); unset,
	// add asks the database.
	spelledOtherwise func(uid string) bool
}

const insertContactSQL = `INSERT INTO contacts (uid, display_name_set, prefix, first_name, middle_name, last_name,
	suffix, nickname, company, title, department, type_code, level_code, birthday, anniversary, language, timezone,
	public, owner_id, created_by, created, updated_at, import_batch_id, vcard_extra)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ` + typeCodeSQL + `, ` + levelCodeSQL + `, ?, ?, ?, ?, ` + publicSQL + `, ?, ?, ?, ?, ?, ?)`

// relatedRows are the tables of a contact's other rows, in the order flush
// writes them: the INSERT up to VALUES, and the number of columns.
var relatedRows = []struct {
	name, insert string
	cols         int
}{
	{"phone", `INSERT INTO contact_phones (contact_id, position, label, number, e164, digits) VALUES `, 6},
	{"email", `INSERT INTO contact_emails (contact_id, position, label, address) VALUES `, 4},
	{"address", `INSERT INTO contact_addresses (contact_id, position, label, street, city, state, zip, country) VALUES `, 8},
	{"social", `INSERT INTO contact_socials (contact_id, position, network, handle) VALUES `, 4},
	{"url", `INSERT INTO contact_urls (contact_id, position, label, url) VALUES `, 4},
	{"tag", `INSERT INTO contact_tags (contact_id, tag) VALUES `, 2},
	{"attr", `INSERT INTO contact_attributes (contact_id, key, value) VALUES `, 3},
	{"note", `INSERT INTO notes (contact_id, user_id, body, created) VALUES `, 4},
	{"interaction", `INSERT INTO interactions (contact_id, user_id, channel, direction, at, summary, duration_seconds, created_at) VALUES `, 8},
	{"fav", `INSERT OR IGNORE INTO favorites (user_id, contact_id, created_at) VALUES `, 3},
	{"change", `INSERT INTO changes (contact_id, user_id, at, action, field, old_value, new_value) VALUES `, 7},
	{"fts", `INSERT INTO contacts_fts (rowid, ` + ftsColumns + `) VALUES `, 16},
}

// rowsPerStatement is how many related rows one INSERT writes.
const rowsPerStatement = 100

// flushAfter bounds the contacts whose rows wait in memory.
const flushAfter = 2000

func valuesSQL(insert string, cols, rows int) string {
	row := "(" + placeholders(cols) + "),"
	return insert + strings.TrimSuffix(strings.Repeat(row, rows), ",")
}

func (d *DB) newInserter(ctx context.Context, tx *sql.Tx) (*inserter, error) {
	ins := &inserter{d: d, tx: tx, stmts: make(map[string]*sql.Stmt, len(relatedRows)),
		queued: make(map[string][]any, len(relatedRows)), now: d.nowText()}
	st, err := tx.PrepareContext(ctx, insertContactSQL)
	if err != nil {
		return nil, dbError(err)
	}
	ins.contact = st
	for _, r := range relatedRows {
		st, err := tx.PrepareContext(ctx, valuesSQL(r.insert, r.cols, rowsPerStatement))
		if err != nil {
			ins.close()
			return nil, dbError(err)
		}
		ins.stmts[r.name] = st
	}
	return ins, nil
}

// userID is the teammate who did something in a record from another rolo
// (a note's author, a block's by, an interaction's user): a login, or a
// login marked as rolo names a teammate who has left ("bob (removed)"),
// which is that login's teammate here, if any.
func (ins *inserter) userID(name string) (int64, bool) {
	// In any case, as --as, team and share read a login: "Bob" is bob;
	// a login stored with a capital (Alice) is found as written first.
	name = strings.TrimSpace(name)
	folded := contact.FoldLogin(name)
	for _, n := range []string{name, folded, strings.TrimSuffix(name, removedMark), strings.TrimSuffix(folded, removedMark)} {
		if id, ok := ins.users[n]; ok {
			return id, true
		}
	}
	return 0, false
}

func (ins *inserter) close() {
	ins.contact.Close()
	for _, st := range ins.stmts {
		st.Close()
	}
}

func (ins *inserter) queue(name string, args ...any) {
	ins.queued[name] = append(ins.queued[name], args...)
}

// flush writes the queued rows.
func (ins *inserter) flush(ctx context.Context) error {
	for _, r := range relatedRows {
		args := ins.queued[r.name]
		per := r.cols * rowsPerStatement
		for len(args) >= per {
			if _, err := ins.stmts[r.name].ExecContext(ctx, args[:per]...); err != nil {
				return dbError(err)
			}
			args = args[per:]
		}
		if len(args) > 0 {
			if _, err := ins.tx.ExecContext(ctx, valuesSQL(r.insert, r.cols, len(args)/r.cols), args...); err != nil {
				return dbError(err)
			}
		}
		clear(ins.queued[r.name])
		ins.queued[r.name] = ins.queued[r.name][:0]
	}
	ins.pending = 0
	return nil
}

// insert stores one normalized contact, new to the database, with its
// search document. batch is its import batch, or 0.
func (ins *inserter) insert(ctx context.Context, c *contact.Contact, batch int64) error {
	if err := ins.add(ctx, c, batch); err != nil {
		return err
	}
	return ins.flush(ctx)
}

// add writes the contact row of a normalized contact, new to the database,
// setting its ID and UID, and queues its other rows for flush.
func (ins *inserter) add(ctx context.Context, c *contact.Contact, batch int64) error {
	d := ins.d
	// A contact given no UID gets a derived one (uid.go): its row holds
	// the seed, and the UID is known once the ID is.
	var uid any = c.UID
	var seed []byte
	if c.UID == "" {
		var err error
		if seed, err = newUIDSeed(); err != nil {
			return err
		}
		uid = seed
	} else if held, err := ins.heldOtherwise(ctx, c.UID); err != nil {
		return err
	} else if held {
		// The UNIQUE index compares UIDs as written, but a UUID is the
		// same in any case: one taken in another case is taken.
		return d.uidConflict(ctx, ins.tx, c, func() error { return ins.add(ctx, c, batch) })
	}
	var batchArg any
	if batch > 0 {
		batchArg = batch
	}
	created, updated := ins.now, ins.now
	if ins.restore {
		created, updated = ins.timeOr(c.CreatedAt), ins.timeOr(c.UpdatedAt)
		// A vCard's REV with no creation time (created now) must not make
		// the contact "updated" before it was created.
		updated = max(updated, created)
	}
	res, err := ins.contact.ExecContext(ctx, uid, storedDisplayName(c.Name, c.FirstName, c.LastName), c.Prefix, c.FirstName, c.MiddleName, c.LastName,
		c.Suffix, c.Nickname, c.Company, c.Title, c.Department, c.Type, c.Level, c.Birthday, c.Anniversary,
		c.Language, c.Timezone, c.Visibility, d.actor.ID, d.actor.ID, storedTime(created), storedUpdated(created, updated), batchArg, c.VCardExtra)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed: contacts.uid") {
			if seed != nil {
				return ins.add(ctx, c, batch) // another contact's seed: draw again
			}
			return d.uidConflict(ctx, ins.tx, c, func() error { return ins.add(ctx, c, batch) })
		}
		return dbError(err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return dbError(err)
	}
	if seed != nil {
		if err := ins.setDerivedUID(ctx, c, seed); err != nil {
			return err
		}
	}
	id := c.ID
	for i, p := range c.Phones {
		ins.queue("phone", id, i, p.Label, p.Number, p.E164, phoneDigits(p))
	}
	for i, e := range c.Emails {
		ins.queue("email", id, i, e.Label, e.Address)
	}
	for i, a := range c.Addresses {
		ins.queue("address", id, i, a.Label, a.Street, a.City, a.State, a.Zip, a.Country)
	}
	for i, s := range c.Socials {
		ins.queue("social", id, i, s.Network, s.Handle)
	}
	for i, u := range c.URLs {
		ins.queue("url", id, i, u.Label, u.URL)
	}
	for _, t := range c.Tags {
		ins.queue("tag", id, t)
	}
	for _, k := range c.SortedAttributeKeys() {
		ins.queue("attr", id, k, c.Attributes[k])
	}
	// Notes are read back newest first (then by ID): the last of the
	// slice is written first, so that they come back in the order given.
	// The search document joins them as contact_search_doc does, by time
	// and then ID (the order written).
	var notes []timedNote
	for i := len(c.Notes) - 1; i >= 0; i-- {
		n := c.Notes[i]
		author, at := d.actor.ID, ins.now
		if ins.restore {
			if u, ok := ins.userID(n.Author); ok {
				author = u
			}
			at = ins.timeOr(n.CreatedAt)
		}
		ins.queue("note", id, author, n.Text, storedTime(at))
		notes = append(notes, timedNote{at, n.Text})
	}
	// Interactions too are read back newest first. The contact's last
	// activity is the importer's to set (restoreState).
	for i := len(c.Interactions) - 1; ins.restore && i >= 0; i-- {
		it := c.Interactions[i]
		user, ok := ins.userID(it.User)
		if !ok {
			user = d.actor.ID
		}
		ins.queue("interaction", id, user, it.Channel, it.Direction, formatTime(it.At), it.Summary,
			it.DurationSeconds, ins.timeOr(it.CreatedAt))
	}
	if c.Favorite {
		ins.queue("fav", d.actor.ID, id, ins.now)
	}
	if created != ins.now {
		// The contact's row says when it was created and by whom
		// (created_at, created_by), and history reads its creation from
		// there (createdChange): a change-log row is written only when
		// the row says otherwise, the created_at a record brings (rolo's
		// own export) being its first creation, not this one. A row per
		// imported contact was 7% of a 100,000-contact database.
		ins.queue("change", id, d.actor.ID, ins.now, contact.ActionCreate, "", "", c.Name)
	}
	ins.queue("fts", append([]any{id}, searchDoc(c, notes)...)...)
	if ins.pending++; ins.pending >= flushAfter {
		return ins.flush(ctx)
	}
	return nil
}

// setDerivedUID sets the UID of c, just stored with seed, to the one
// derived from them; a contact of an ID too high for that (another
// program's IDs, AUTOINCREMENT continuing from them) gets a version 7
// UUID, stored as text.
func (ins *inserter) setDerivedUID(ctx context.Context, c *contact.Contact, seed []byte) error {
	if c.ID <= maxDerivedID {
		c.UID = derivedUID(c.ID, seed)
		return nil
	}
	u, err := uuid.NewV7()
	if err != nil {
		return contact.Errorf(contact.EINTERNAL, "uid: %v", err)
	}
	if _, err := ins.tx.ExecContext(ctx, `UPDATE contacts SET uid = ? WHERE id = ?`, u.String(), c.ID); err != nil {
		return dbError(err)
	}
	c.UID = u.String()
	return nil
}

// heldOtherwise reports whether a contact holds the UID uid written
// otherwise (a UUID in another case: contact.UIDKey), or, a UID of the
// derived form, holds it at all: its holder stores a seed, not this text,
// which the UNIQUE index cannot compare.
func (ins *inserter) heldOtherwise(ctx context.Context, uid string) (bool, error) {
	if _, _, derived := parseDerivedUID(uid); derived {
		return uidHeld(ctx, ins.tx, uid, false)
	}
	switch {
	case !contact.IsUUID(uid):
		return false, nil
	case ins.spelledOtherwise != nil:
		return ins.spelledOtherwise(uid), nil
	}
	return uidHeld(ctx, ins.tx, uid, true)
}

// timeOr is t as stored, or now when t is unset.
func (ins *inserter) timeOr(t time.Time) string {
	if t.IsZero() {
		return ins.now
	}
	return formatTime(t)
}

// phoneDigits is what contact_phones.digits stores of what the trigram
// index searches for a phone: the digits of its E.164 form, and the digits
// as entered when they are not already part of those (a national trunk
// prefix: "020 7946 0958" for +44 20 7946 0958). When that is the E.164
// form without its +, as for almost every phone, it stores "" (schema 28):
// the view contact_phone_digits, which the index and the searches read,
// gives those digits back.
func phoneDigits(p contact.Phone) string {
	e164, entered := contact.Digits(p.E164), contact.Digits(p.Number)
	if !strings.Contains(e164, entered) {
		return e164 + " " + entered
	}
	if p.E164 == "+"+e164 {
		return ""
	}
	return e164
}

// timedNote is a note's stored time and text, in the order written.
type timedNote struct{ at, text string }

// searchDoc is contact_search_doc computed from a contact in hand, in the
// order of ftsColumns, accents folded. Keep the two in step. written are
// its notes as stored, in the order written; the view joins them by time,
// then ID.
func searchDoc(c *contact.Contact, written []timedNote) []any {
	var email, city, addr, tags, attrs, notes []string
	for _, e := range c.Emails {
		email = append(email, e.Address)
	}
	for _, a := range c.Addresses {
		city = append(city, a.City)
		addr = append(addr, a.Street+" "+a.State+" "+a.Zip+" "+a.Country)
	}
	tags = append(tags, c.Tags...)
	for _, k := range c.SortedAttributeKeys() {
		attrs = append(attrs, k+" "+c.Attributes[k])
	}
	slices.SortStableFunc(written, func(a, b timedNote) int { return strings.Compare(a.at, b.at) })
	for _, n := range written {
		notes = append(notes, n.text)
	}
	j := func(s []string) any {
		if len(s) == 0 {
			return nil
		}
		return strings.Join(s, " ")
	}
	doc := []any{c.FirstName, c.MiddleName, c.LastName, c.Nickname, c.Prefix, c.Suffix, c.Company, c.Title,
		c.Department, j(email), j(city), j(addr), j(tags), j(attrs), j(notes)}
	// As contact_search_doc does with rolo_fold.
	for i, v := range doc {
		if s, ok := v.(string); ok {
			doc[i] = contact.FoldAccents(s)
		}
	}
	return doc
}

// normalizeAll validates contacts on every core; errs[i] is contact i's
// validation error, or nil.
func normalizeAll(cs []*contact.Contact, region string) []error {
	errs := make([]error, len(cs))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(cs)/64))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(cs); i += workers {
				errs[i] = contact.Normalize(cs[i], region)
			}
		}(w)
	}
	wg.Wait()
	return errs
}
