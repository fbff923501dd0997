package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// visibleSQL is the one visibility rule (SPEC section 1): a contact is seen
// by everyone when public, else by its owner and the users it is shared
// with. Every read and write of contacts goes through it; it takes the
// actor's ID twice.
const visibleSQL = `(c.visibility = 'public' OR c.owner_id = ? OR c.id IN (SELECT contact_id FROM shares WHERE user_id = ?))`

func (d *DB) visibleArgs() []any { return []any{d.actor.ID, d.actor.ID} }

// A contact never changed since its creation (every contact an import
// creates) stores the empty text as its updated_at, which costs no byte in
// the row (2 MB at 100,000 contacts), and was updated when it was
// created: scanContact reads it so, and updatedSecondsSQL. A row written
// before, with the creation time there, reads the same. Writes store a
// time, or the empty text through storedUpdated.
//
// createdSecondsSQL and updatedSecondsSQL are a contact's creation and
// update times in seconds, as searches compare them (created:, updated:)
// and --sort orders by them: the seconds schema 31 stores (coded.go), or
// the time a text written otherwise reads as (NULL for none). The text
// the generated created_at makes of the seconds (strftime) would be made
// for every row compared or sorted: --sort created on a million contacts
// took 640 ms rather than 170.
const (
	createdSecondsSQL = `CASE typeof(c.created) WHEN 'integer' THEN c.created ELSE unixepoch(c.created) END`
	updatedSecondsSQL = `CASE c.updated_at WHEN '' THEN ` + createdSecondsSQL + ` ELSE unixepoch(c.updated_at) END`
)

// storedUpdated is the updated_at a new row stores: empty when it is its
// creation time.
func storedUpdated(created, updated string) string {
	if updated == created {
		return ""
	}
	return updated
}

var contactColumns = `c.id, ` + uidSQL("c") + `, c.display_name, c.prefix, c.first_name, c.middle_name, c.last_name, c.suffix,
	c.nickname, c.company, c.title, c.department, c.type, c.level, c.birthday, c.anniversary, c.language,
	c.timezone, c.visibility, u.login, c.created, c.updated_at, c.last_activity_at, c.last_channel,
	c.archived_at, c.deleted_at, c.vcard_extra`

func scanContact(rows interface{ Scan(...any) error }) (*contact.Contact, error) {
	// The contact and the columns read into it another way, in one
	// allocation: Scan takes each destination as an interface, which
	// would put each on the heap on its own.
	r := &struct {
		c                           contact.Contact
		created                     createdColumn
		updated                     string
		activity, archived, deleted sql.NullString
	}{}
	c := &r.c
	err := rows.Scan(&c.ID, &c.UID, &c.Name, &c.Prefix, &c.FirstName, &c.MiddleName, &c.LastName, &c.Suffix,
		&c.Nickname, &c.Company, &c.Title, &c.Department, &c.Type, &c.Level, &c.Birthday, &c.Anniversary, &c.Language,
		&c.Timezone, &c.Visibility, &c.Owner, &r.created, &r.updated, &r.activity, &c.LastChannel, &r.archived, &r.deleted, &c.VCardExtra)
	if err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = r.created.t, r.created.t
	if r.updated != "" {
		c.UpdatedAt = parseTime(r.updated)
	}
	c.LastActivityAt = parseTimePtr(r.activity)
	c.ArchivedAt, c.DeletedAt = parseTimePtr(r.archived), parseTimePtr(r.deleted)
	c.Archived, c.Deleted = c.ArchivedAt != nil, c.DeletedAt != nil
	return c, nil
}

// CreateContact validates c and stores it with a change-log row.
func (d *DB) CreateContact(ctx context.Context, c *contact.Contact) error {
	if err := contact.Normalize(c, d.region); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	if err := d.createContact(ctx, tx, c); err != nil {
		return err
	}
	return dbError(tx.Commit())
}

func (d *DB) createContact(ctx context.Context, tx *sql.Tx, c *contact.Contact) error {
	ins, err := d.newInserter(ctx, tx)
	if err != nil {
		return err
	}
	defer ins.close()
	if err := ins.insert(ctx, c, 0); err != nil {
		return err
	}
	stored, err := d.contactByID(ctx, tx, c.ID, contact.ScopeAny)
	if err != nil {
		return err
	}
	*c = *stored
	return nil
}

// writeRelated replaces a contact's multi-valued rows with c's.
func (d *DB) writeRelated(ctx context.Context, tx *sql.Tx, c *contact.Contact) error {
	return d.writeChangedRelated(ctx, tx, c, nil)
}

// writeChangedRelated is writeRelated that leaves alone the tables in which
// c's values are old's (a nil old is nothing alike): a bulk edit of the
// title does not rewrite every contact's phones, emails and addresses.
func (d *DB) writeChangedRelated(ctx context.Context, tx *sql.Tx, c, old *contact.Contact) error {
	same := func(part contact.Parts) bool {
		if old == nil {
			return false
		}
		switch part {
		case contact.PartPhones:
			return slices.Equal(c.Phones, old.Phones)
		case contact.PartEmails:
			return slices.Equal(c.Emails, old.Emails)
		case contact.PartAddresses:
			return slices.Equal(c.Addresses, old.Addresses)
		case contact.PartSocials:
			return slices.Equal(c.Socials, old.Socials)
		case contact.PartURLs:
			return slices.Equal(c.URLs, old.URLs)
		case contact.PartTags:
			return slices.Equal(c.Tags, old.Tags)
		}
		return maps.Equal(c.Attributes, old.Attributes)
	}
	keep := contact.Parts(0)
	for _, t := range relatedTables {
		if same(t.part) {
			keep |= t.part
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.name+` WHERE contact_id = ?`, c.ID); err != nil {
			return dbError(err)
		}
	}
	exec := func(part contact.Parts, q string, args ...any) error {
		if keep&part != 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, q, args...)
		return dbError(err)
	}
	for i, p := range c.Phones {
		if err := exec(contact.PartPhones, `INSERT INTO contact_phones (contact_id, position, label, number, e164, digits) VALUES (?, ?, ?, ?, ?, ?)`,
			c.ID, i, p.Label, p.Number, p.E164, phoneDigits(p)); err != nil {
			return err
		}
	}
	for i, e := range c.Emails {
		if err := exec(contact.PartEmails, `INSERT INTO contact_emails (contact_id, position, label, address) VALUES (?, ?, ?, ?)`, c.ID, i, e.Label, e.Address); err != nil {
			return err
		}
	}
	for i, a := range c.Addresses {
		if err := exec(contact.PartAddresses, `INSERT INTO contact_addresses (contact_id, position, label, street, city, state, zip, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, i, a.Label, a.Street, a.City, a.State, a.Zip, a.Country); err != nil {
			return err
		}
	}
	for i, s := range c.Socials {
		if err := exec(contact.PartSocials, `INSERT INTO contact_socials (contact_id, position, network, handle) VALUES (?, ?, ?, ?)`, c.ID, i, s.Network, s.Handle); err != nil {
			return err
		}
	}
	for i, u := range c.URLs {
		if err := exec(contact.PartURLs, `INSERT INTO contact_urls (contact_id, position, label, url) VALUES (?, ?, ?, ?)`, c.ID, i, u.Label, u.URL); err != nil {
			return err
		}
	}
	for _, t := range c.Tags {
		if err := exec(contact.PartTags, `INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?)`, c.ID, t); err != nil {
			return err
		}
	}
	for _, k := range c.SortedAttributeKeys() {
		if err := exec(contact.PartAttributes, `INSERT INTO contact_attributes (contact_id, key, value) VALUES (?, ?, ?)`, c.ID, k, c.Attributes[k]); err != nil {
			return err
		}
	}
	return nil
}

// relatedTables are the tables of a contact's multi-valued fields.
var relatedTables = []struct {
	name string
	part contact.Parts
}{
	{"contact_phones", contact.PartPhones}, {"contact_emails", contact.PartEmails},
	{"contact_addresses", contact.PartAddresses}, {"contact_socials", contact.PartSocials},
	{"contact_urls", contact.PartURLs}, {"contact_tags", contact.PartTags},
	{"contact_attributes", contact.PartAttributes},
}

func (d *DB) logChanges(ctx context.Context, tx *sql.Tx, id int64, action string, changes []contact.Change) error {
	now := d.nowText()
	for _, ch := range changes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO changes (contact_id, user_id, at, action, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, d.actor.ID, now, action, ch.Field, ch.Old, ch.New); err != nil {
			return dbError(err)
		}
	}
	return nil
}

func scopeSQL(s contact.Scope) string {
	switch s {
	case contact.ScopeDeleted:
		return "c.deleted_at IS NOT NULL"
	case contact.ScopeAny:
		return "1"
	}
	return "c.deleted_at IS NULL"
}

// Contact returns a visible contact by ID, trashed or not.
func (d *DB) Contact(ctx context.Context, id int64) (*contact.Contact, error) {
	return d.contactByID(ctx, d.db, id, contact.ScopeAny)
}

func (d *DB) contactByID(ctx context.Context, q querier, id int64, scope contact.Scope) (*contact.Contact, error) {
	cs, err := d.selectContacts(ctx, q, `c.id = ? AND `+scopeSQL(scope), []any{id}, "", 0, 0)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, contact.Errorf(contact.ENOTFOUND, "no contact with ID %d", id)
	}
	return cs[0], nil
}

// seeContact checks that the actor sees contact id in scope, as
// contactByID would find it, without reading the contact and its parts
// (show read the contact three times, twice to check it for its changes
// and interactions): the same "no contact with ID" error.
func (d *DB) seeContact(ctx context.Context, q querier, id int64, scope contact.Scope) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM contacts c WHERE c.id = ? AND `+scopeSQL(scope)+` AND `+visibleSQL,
		append([]any{id}, d.visibleArgs()...)...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return contact.Errorf(contact.ENOTFOUND, "no contact with ID %d", id)
	}
	return dbError(err)
}

// selectContacts runs the one contact query: visible contacts matching
// where, fully loaded.
func (d *DB) selectContacts(ctx context.Context, q querier, where string, args []any, order string, limit, offset int) ([]*contact.Contact, error) {
	return d.selectRanked(ctx, q, "", where, args, order, limit, offset, 0)
}

// selectRanked is selectContacts with a full-text expression to rank by:
// with match set, results join the index and order by relevance
// (rankScore: a name match weighs most) unless order says otherwise.
// The parts in skip are left empty.
func (d *DB) selectRanked(ctx context.Context, q querier, match string, where string, args []any, order string, limit, offset int, skip contact.Parts) ([]*contact.Contact, error) {
	pool, ok := q.(*sql.DB)
	if !ok {
		return d.selectRankedIn(ctx, q, match, where, args, order, limit, offset, skip)
	}
	// Outside a transaction each statement takes and releases SQLite's
	// locks on the file on its own (five or six system calls); in one
	// read transaction the dozen statements of a page take them once.
	var out []*contact.Contact
	err := readTx(ctx, pool, func(conn querier) (err error) {
		out, err = d.selectRankedIn(ctx, conn, match, where, args, order, limit, offset, skip)
		return err
	})
	return out, err
}

// readTx runs fn on one connection inside a read transaction: a plain
// BEGIN is deferred and takes no write lock (the store's own transactions
// are IMMEDIATE, for writes), and in WAL mode a reader does not hold up
// writers.
func readTx(ctx context.Context, pool *sql.DB, fn func(conn querier) error) error {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return dbError(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN`); err != nil {
		return dbError(err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
	return fn(conn)
}

// listingSQL is the query of a listing: the columns of the visible
// contacts that match where (and the full-text expression, a parameter
// before the visibility's, when match is set, ranked as fts_score), in
// order.
func listingSQL(columns, match, where, order string) string {
	from := `contacts c JOIN users u ON u.id = c.owner_id`
	if match != "" {
		from += ` JOIN (SELECT rowid AS fts_id, ` + rankScore + ` AS fts_score FROM contacts_fts
			WHERE contacts_fts MATCH ?) f ON f.fts_id = c.id`
	}
	return `SELECT ` + columns + ` FROM ` + from + ` WHERE ` + visibleSQL + ` AND (` + where + `) ORDER BY ` + order
}

// listingPageSQL is the query eachRankedIn runs, listingSQL's with the
// contacts' columns and the page's LIMIT and OFFSET, and the arguments of
// the page, which follow the listing's.
func listingPageSQL(match, where, order string, limit, offset int) (string, []any) {
	clause, pageArgs := pageSQL(limit, offset)
	if match == "" && limit > 0 && !strings.Contains(order, "?") && !strings.HasPrefix(order, sortColumns["name"]) {
		// A page of a listing that no index orders (--sort -created) is
		// picked by ID first, and only its contacts are read whole: the
		// sorter computed every column of each row that entered its top
		// N (in --sort -created, every row, which the rows come in the
		// opposite order of), UIDs and display names among them: 2.1 s
		// for 50 of a million contacts rather than 0.4. An order with
		// arguments of its own (the ranks of numbers a search by digits
		// finds) would need them twice; it orders few contacts anyway.
		// The name index's order (list, --sort name, -name) is not
		// sorted: SQLite hands its rows over as it walks the index, and
		// picking them by ID first would walk it twice, and print
		// nothing until the first walk ends (list --limit 1000000 at
		// 100,000: 1.3 s → 2.0, its first line 0.2 s → 1.4).
		return `SELECT ` + contactColumns + ` FROM contacts c JOIN users u ON u.id = c.owner_id WHERE c.id IN (` +
			listingSQL("c.id", "", where, order) + clause + `) ORDER BY ` + order, pageArgs
	}
	return listingSQL(contactColumns, match, where, order) + clause, pageArgs
}

func (d *DB) selectRankedIn(ctx context.Context, q querier, match string, where string, args []any, order string, limit, offset int, skip contact.Parts) ([]*contact.Contact, error) {
	var out []*contact.Contact
	err := d.eachRankedIn(ctx, q, match, where, args, order, limit, offset, skip, 0, func(cs []*contact.Contact) error {
		out = cs
		return nil
	})
	return out, err
}

// eachRankedIn runs selectRankedIn's query and gives fn its contacts,
// each loaded (but for the parts in skip), page at a time in the query's
// order: a listing of any length holds one page. A page of 0 is all of
// them at once. fn is not called without contacts.
func (d *DB) eachRankedIn(ctx context.Context, q querier, match string, where string, args []any, order string, limit, offset int, skip contact.Parts, page int, fn func([]*contact.Contact) error) error {
	if order == "" {
		order = "c.id"
	}
	var all []any
	if match != "" {
		all = append(all, match)
	}
	all = append(all, d.visibleArgs()...)
	all = append(all, args...)
	s, pageArgs := listingPageSQL(match, where, order, limit, offset)
	all = append(all, pageArgs...)
	rows, err := q.QueryContext(ctx, s, all...)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	// A full page is loaded and handed over while the query goes on, on
	// the same connection and snapshot.
	var out []*contact.Contact
	flush := func() error {
		if len(out) == 0 {
			return nil
		}
		if err := d.loadRelated(ctx, q, out, skip); err != nil {
			return err
		}
		err := fn(out)
		out = nil
		return err
	}
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return dbError(err)
		}
		out = append(out, c)
		if len(out) == page {
			if err := flush(); err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return dbError(err)
	}
	rows.Close()
	return flush()
}

// loadRelated fills the multi-valued fields and per-user state of cs with
// one query per table for each chunk of contacts, but for the parts in
// skip.
func (d *DB) loadRelated(ctx context.Context, q querier, cs []*contact.Contact, skip contact.Parts) error {
	const chunk = 500
	for start := 0; start < len(cs); start += chunk {
		end := min(start+chunk, len(cs))
		if err := d.loadRelatedChunk(ctx, q, cs[start:end], skip); err != nil {
			return err
		}
	}
	return nil
}

// emptyLists gives c's missing lists their empty value, so that they print
// as [] in JSON: for every contact read from the store (loadRelated), and
// for a merge's dry run, which then prints as show does.
func emptyLists(c *contact.Contact) {
	if c.Phones == nil {
		c.Phones = []contact.Phone{}
	}
	if c.Emails == nil {
		c.Emails = []contact.Email{}
	}
	if c.Addresses == nil {
		c.Addresses = []contact.Address{}
	}
	if c.Socials == nil {
		c.Socials = []contact.Social{}
	}
	if c.URLs == nil {
		c.URLs = []contact.URL{}
	}
	if c.Tags == nil {
		c.Tags = []string{}
	}
	if c.Attributes == nil {
		c.Attributes = map[string]string{}
	}
	if c.Notes == nil {
		c.Notes = []contact.Note{}
	}
	if c.SharedWith == nil {
		c.SharedWith = []string{}
	}
}

func (d *DB) loadRelatedChunk(ctx context.Context, q querier, cs []*contact.Contact, skip contact.Parts) error {
	byID := make(map[int64]*contact.Contact, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
		emptyLists(c) // a part skipped or without rows is [], not null, in JSON
	}
	span, idArgs := idSpan(cs)
	each := func(part contact.Parts, query string, args []any, scan func(v []driver.Value) error) error {
		if skip&part != 0 {
			return nil
		}
		// A chunk's rows, a few milliseconds' reading, are read to the
		// end once its query starts, and ctx is checked before each:
		// rows that the context can stop cost the driver two locks
		// each (3% of an export's time).
		if err := ctx.Err(); err != nil {
			return err
		}
		return partRows(context.WithoutCancel(ctx), q, query, args, scan)
	}
	// Rows of contacts not on the page (strays of a run) go to a scratch
	// contact that nobody reads.
	var id int64
	stray := &contact.Contact{Attributes: map[string]string{}}
	lookup := func() *contact.Contact {
		if c := byID[id]; c != nil {
			return c
		}
		return stray
	}
	err := each(contact.PartPhones, `SELECT contact_id, label, number, e164 FROM contact_phones WHERE contact_id `+span+` ORDER BY contact_id, position`, idArgs,
		func(v []driver.Value) error {
			id = valueInt(v[0])
			c := lookup()
			c.Phones = append(c.Phones, contact.Phone{Label: valueText(v[1]), Number: valueText(v[2]), E164: valueText(v[3])})
			return nil
		})
	if err == nil {
		err = each(contact.PartEmails, `SELECT contact_id, label, address FROM contact_emails WHERE contact_id `+span+` ORDER BY contact_id, position`, idArgs,
			func(v []driver.Value) error {
				id = valueInt(v[0])
				c := lookup()
				c.Emails = append(c.Emails, contact.Email{Label: valueText(v[1]), Address: valueText(v[2])})
				return nil
			})
	}
	if err == nil {
		err = each(contact.PartAddresses, `SELECT contact_id, label, street, city, state, zip, country FROM contact_addresses WHERE contact_id `+span+` ORDER BY contact_id, position`, idArgs,
			func(v []driver.Value) error {
				id = valueInt(v[0])
				c := lookup()
				c.Addresses = append(c.Addresses, contact.Address{Label: valueText(v[1]), Street: valueText(v[2]), City: valueText(v[3]),
					State: valueText(v[4]), Zip: valueText(v[5]), Country: valueText(v[6])})
				return nil
			})
	}
	if err == nil {
		err = each(contact.PartSocials, `SELECT contact_id, network, handle FROM contact_socials WHERE contact_id `+span+` ORDER BY contact_id, position`, idArgs,
			func(v []driver.Value) error {
				id = valueInt(v[0])
				c := lookup()
				c.Socials = append(c.Socials, contact.Social{Network: valueText(v[1]), Handle: valueText(v[2])})
				return nil
			})
	}
	if err == nil {
		err = each(contact.PartURLs, `SELECT contact_id, label, url FROM contact_urls WHERE contact_id `+span+` ORDER BY contact_id, position`, idArgs,
			func(v []driver.Value) error {
				id = valueInt(v[0])
				c := lookup()
				c.URLs = append(c.URLs, contact.URL{Label: valueText(v[1]), URL: valueText(v[2])})
				return nil
			})
	}
	if err == nil {
		err = each(contact.PartTags, `SELECT contact_id, tag FROM contact_tags WHERE contact_id `+span+` ORDER BY contact_id, tag`, idArgs,
			func(v []driver.Value) error {
				id = valueInt(v[0])
				c := lookup()
				c.Tags = append(c.Tags, valueText(v[1]))
				return nil
			})
	}
	if err == nil {
		err = each(contact.PartAttributes, `SELECT contact_id, key, value FROM contact_attributes WHERE contact_id `+span, idArgs,
			func(v []driver.Value) error {
				id = valueInt(v[0])
				lookup().Attributes[valueText(v[1])] = valueText(v[2])
				return nil
			})
	}
	if err == nil {
		err = each(contact.PartNotes, notesSQL(span), idArgs,
			func(v []driver.Value) error {
				id = valueInt(v[0])
				c := lookup()
				c.Notes = append(c.Notes, contact.Note{ID: valueInt(v[1]), Author: valueText(v[2]), Text: valueText(v[3]), CreatedAt: parseTime(valueText(v[4]))})
				return nil
			})
	}
	if err == nil {
		err = each(contact.PartShares, `SELECT s.contact_id, u.login FROM shares s JOIN users u ON u.id = s.user_id WHERE s.contact_id `+span+` ORDER BY s.contact_id, u.login`, idArgs,
			func(v []driver.Value) error {
				id = valueInt(v[0])
				c := lookup()
				c.SharedWith = append(c.SharedWith, valueText(v[1]))
				return nil
			})
	}
	if err == nil {
		err = each(contact.PartFavorite, `SELECT contact_id FROM favorites WHERE user_id = ? AND contact_id `+span, append([]any{d.actor.ID}, idArgs...),
			func(v []driver.Value) error {
				id = valueInt(v[0])
				lookup().Favorite = true
				return nil
			})
	}
	if err == nil {
		// The block in force that ends last (forever first, then the
		// newest): the one that governs when a merge gave a contact
		// two. Expiry is evaluated now, on read. The last row read wins.
		now := d.nowText()
		// A raw block on one of the contact's numbers or emails is the
		// contact's block too (contactBlocksSQL).
		err = each(contact.PartBlock, `SELECT b.cid, b.until, b.reason, `+userLabel("u")+`, b.created_at
			FROM (`+contactBlocksSQL+`) b JOIN users u ON u.id = b.user_id
			WHERE b.cid `+span+` AND `+inForceSQL+`
			ORDER BY b.cid, `+governingLastSQL,
			append(slices.Clone(idArgs), now),
			func(v []driver.Value) error {
				id = valueInt(v[0])
				until := sql.NullString{String: valueText(v[1]), Valid: v[1] != nil}
				lookup().Blocked = &contact.Block{Until: parseTimePtr(until), Reason: valueText(v[2]), By: valueText(v[3]), CreatedAt: parseTime(valueText(v[4]))}
				return nil
			})
	}
	return err
}

// partRows runs query, a read of a table of contacts' parts, on q and
// calls scan with each row's columns as the driver gives them (read them
// with valueText and valueInt). On a connection, the read transaction of
// a listing or an export, it asks the driver directly: database/sql's
// locks and conversion of every value (Rows.Next, Rows.Scan) took 9% of
// an export's time, on the goroutine that reads.
func partRows(ctx context.Context, q querier, query string, args []any, scan func(v []driver.Value) error) error {
	conn, ok := q.(*sql.Conn)
	if !ok {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return dbError(err)
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return dbError(err)
		}
		// Scan stores a value of any kind, NULL too, in an any (not in
		// a driver.Value, which is another type).
		v, vals, dest := make([]driver.Value, len(cols)), make([]any, len(cols)), make([]any, len(cols))
		for i := range dest {
			dest[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return dbError(err)
			}
			for i, x := range vals {
				v[i] = x
			}
			if err := scan(v); err != nil {
				return dbError(err)
			}
		}
		return dbError(rows.Err())
	}
	return dbError(conn.Raw(func(dc any) error {
		qc, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("database: the driver's connection (%T) does not query", dc)
		}
		named := make([]driver.NamedValue, len(args))
		for i, a := range args {
			v, err := driver.DefaultParameterConverter.ConvertValue(a)
			if err != nil {
				return err
			}
			named[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
		}
		rows, err := qc.QueryContext(ctx, query, named)
		if err != nil {
			return err
		}
		defer rows.Close()
		v := make([]driver.Value, len(rows.Columns()))
		for {
			if err := rows.Next(v); errors.Is(err, io.EOF) {
				return nil
			} else if err != nil {
				return err
			}
			if err := scan(v); err != nil {
				return err
			}
		}
	}))
}

// valueText is a column's value read as database/sql scans it into a
// string: text as it is, a number in decimal; NULL, which a part table's
// text columns never hold, is "".
func valueText(v driver.Value) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// valueInt is an INTEGER column's value (an ID); 0 for anything else.
func valueInt(v driver.Value) int64 {
	n, _ := v.(int64)
	return n
}

// idSpan is the condition on a contact ID that selects the rows of cs
// from a table of their parts (span, after the column), and its
// arguments. A page of an export or of a list in ID order is a run of
// IDs with few gaps: reading a table's rows for the whole run, in index
// order, and dropping the strays (another user's private contact, say)
// costs less than looking each contact up. Otherwise each is looked up.
// The caller drops the rows of contacts not in cs.
func idSpan(cs []*contact.Contact) (span string, args []any) {
	if lo, hi := idRange(cs); hi-lo < 2*int64(len(cs)) {
		return `BETWEEN ? AND ?`, []any{lo, hi}
	}
	ids := make([]any, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return `IN (` + placeholders(len(ids)) + `)`, ids
}

// idRange returns the least and the greatest ID of cs.
func idRange(cs []*contact.Contact) (lo, hi int64) {
	lo, hi = cs[0].ID, cs[0].ID
	for _, c := range cs[1:] {
		lo, hi = min(lo, c.ID), max(hi, c.ID)
	}
	return lo, hi
}

// ResolveRef finds the one visible contact that ref names: an ID, a UID,
// an email address, or a query matching exactly one contact.
func (d *DB) ResolveRef(ctx context.Context, ref string, scope contact.Scope) (*contact.Contact, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, contact.Errorf(contact.EINVALID, "contact: empty reference (give an ID, a UID or a query)")
	}
	query := ref
	if id, ok := contact.ParseID(ref); ok {
		// A bare number is an ID and nothing else: never the digits of a
		// phone number, or an ID that no longer names a contact (purged,
		// or hidden from this user) would name whichever contact has
		// those digits.
		c, err := d.contactByID(ctx, d.db, id, scope)
		if contact.ErrorCode(err) != contact.ENOTFOUND {
			return c, err
		}
		return nil, d.notInScope(ctx, id, scope, ref)
	} else if contact.MarkedAsPhone(ref) {
		// A + marks a phone number, never an ID ("+1" is not contact 1):
		// it names the contact that has the number, as lookup reads it.
		e164, err := contact.NormalizePhone(ref, "")
		if err != nil {
			return nil, contact.NotAPhoneNumber(ref)
		}
		query = "phone:" + e164
	} else if contact.SignedID(ref) {
		return nil, contact.Errorf(contact.EINVALID, "contact: %s is not a contact ID (an ID has no sign)", contact.Quote(ref))
	} else {
		c, err := d.contactByUID(ctx, ref, scope)
		if c != nil || err != nil {
			return c, err
		}
		// An email address names the contacts that have it, as lookup
		// reads it (in any case), not those with a word of it: b@x.com
		// is not a+b@x.com. Only a whole address, with a dot in its
		// domain: ada@example is the start of one, which the query finds
		// as before.
		if addr, err := contact.NormalizeEmail(ref); err == nil && strings.Contains(addr[strings.LastIndexByte(addr, '@')+1:], ".") {
			cs, err := d.contactsWithIn(ctx, d.db, contact.Handle{Email: addr}, scopeSQL(scope))
			if err != nil {
				return nil, err
			}
			return oneMatch(ref, cs)
		}
	}
	cs, err := d.FindContacts(ctx, contact.Filter{Query: query, Scope: scope, Limit: 11, IncludeArchived: true})
	if err != nil {
		return nil, err
	}
	return oneMatch(ref, cs)
}

// contactByUID returns the visible contact in scope with the UID uid, or
// nil when there is none. A UUID is the same in any case
// (contact.UIDKey): one stored in another case than written is found too,
// and two contacts holding it in two cases (UIDs are unique as written)
// are the one written so, or else ambiguous.
func (d *DB) contactByUID(ctx context.Context, uid string, scope contact.Scope) (*contact.Contact, error) {
	where, args := uidWhere(uid, scope)
	cs, err := d.selectContacts(ctx, d.db, where, args, "c.id", 0, 0)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	for _, c := range cs {
		if c.UID == uid {
			return c, nil
		}
	}
	return oneMatch(uid, cs)
}

// uidWhere is the condition on the contacts in scope with the UID uid.
func uidWhere(uid string, scope contact.Scope) (string, []any) {
	where, args := contactUIDIs("c", uid)
	return where + ` AND ` + scopeSQL(scope), args
}

// uidIs is the condition that the UID in the column col is the same UID
// as uid, by the one rule of contact.UIDKey: a UUID compared in small
// letters, in whatever case either is written; any other UID as written,
// through the UNIQUE index. A contact's derived UID (uid.go) is not in
// its column as text: contactUIDIs looks for both.
func uidIs(col, uid string) (string, []any) {
	if contact.IsUUID(uid) {
		key := contact.UIDKey(uid)
		return uuidIs(col, `= ?`), []any{key, key}
	}
	return col + ` = ?`, []any{uid}
}

// uuidIs is the condition that the UID in the column col, in small
// letters, is the UUID key (in small letters) that cond compares with (`=
// ?`, `IN (...)`), which takes its arguments twice: a UID stored in small
// letters is found as written, through the UNIQUE index, and one with a
// capital (a UUID's letters are A to F) through the index of those UIDs in
// small letters (schema 21), which holds no other (nor, schema 26, a
// derived UID's seed: uidCapitalsSQL).
func uuidIs(col, cond string) string {
	return `(` + col + ` ` + cond + ` OR (lower(` + col + `) ` + cond + ` AND ` + uidCapitalsSQL(col) + `))`
}

// uidCapitalsSQL is the condition of the index of the UIDs with a capital
// (contacts_uid_capitals) on the column col: text with a capital A to F.
func uidCapitalsSQL(col string) string {
	return `typeof(` + col + `) = 'text' AND ` + col + ` GLOB '*[A-F]*'`
}

// uidIn is uidIs of any of the UID keys (contact.UIDKey) keys: one
// condition, each half through its index.
func uidIn(col string, keys []string) (string, []any) {
	var uuids, others []any
	for _, k := range keys {
		if contact.IsUUID(k) {
			uuids = append(uuids, contact.UIDKey(k))
		} else {
			others = append(others, k)
		}
	}
	var conds []string
	if len(others) > 0 {
		conds = append(conds, col+` IN (`+placeholders(len(others))+`)`)
	}
	if len(uuids) > 0 {
		conds = append(conds, uuidIs(col, `IN (`+placeholders(len(uuids))+`)`))
	}
	if len(conds) == 0 {
		return `0`, nil
	}
	return `(` + strings.Join(conds, ` OR `) + `)`, append(append(others, uuids...), uuids...)
}

// notesSQL reads the notes of the contacts whose IDs are in span (idSpan),
// by contact and newest first: the contacts through the index by contact
// (notes_contact), each one's notes sorted (schema 30).
func notesSQL(span string) string {
	return `SELECT n.contact_id, n.id, ` + userLabel("u") + `, n.body, n.created_at FROM notes n JOIN users u ON u.id = n.user_id
		WHERE n.contact_id ` + span + ` ORDER BY n.contact_id, n.created_at DESC, n.id DESC`
}

// emailPrefix is the expression that the index of the emails by address
// holds (schema 29) of the address x: its first 20 characters, in
// SQLite's own substr, so that a sqlite3 shell still writes the table.
func emailPrefix(x string) string { return `substr(` + x + `, 1, 20)` }

// emailIs is the condition that the address in the column col is x (a
// column, or a ? bound twice): found through the index of the emails by
// their prefix, then compared whole, exactly as col = x.
func emailIs(col, x string) string {
	return `(` + emailPrefix(col) + ` = ` + emailPrefix(x) + ` AND ` + col + ` = ` + x + `)`
}

// emailIn is emailIs of any of n addresses, bound twice
// (slices.Concat(addresses, addresses)).
func emailIn(col string, n int) string {
	if n == 0 {
		return `0`
	}
	prefixes := strings.Repeat(`, `+emailPrefix(`?`), n)[2:]
	return `(` + emailPrefix(col) + ` IN (` + prefixes + `) AND ` + col + ` IN (` + placeholders(n) + `))`
}

// oneMatch is the contact of cs, the contacts ref matches: an error when
// there is none, and one that lists them when there are several.
func oneMatch(ref string, cs []*contact.Contact) (*contact.Contact, error) {
	switch len(cs) {
	case 0:
		return nil, contact.Errorf(contact.ENOTFOUND, "no contact matches %s", contact.Quote(ref))
	case 1:
		return cs[0], nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s matches several contacts; use an ID:", contact.Quote(ref))
	for i, c := range cs {
		if i == 10 {
			b.WriteString("\n  ...")
			break
		}
		fmt.Fprintf(&b, "\n  %d\t%s", c.ID, c.Name)
		if c.Company != "" && c.Company != c.Name {
			fmt.Fprintf(&b, " (%s)", c.Company)
		}
	}
	return nil, contact.Errorf(contact.EAMBIGUOUS, "%s", b.String())
}

// notInScope explains why a visible contact ID was not found in a scope:
// it is in the trash, or not in it; an ID that is not visible at all is
// simply not found; when ref, the ID as written, is as long as a phone
// number, the error says how to name a contact by one.
func (d *DB) notInScope(ctx context.Context, id int64, scope contact.Scope, ref string) error {
	if scope != contact.ScopeAny {
		if c, err := d.contactByID(ctx, d.db, id, contact.ScopeAny); err == nil {
			if c.Deleted {
				return contact.Errorf(contact.ENOTFOUND, "contact %d (%s) is in the trash (rolo restore %d)", id, c.Name, id)
			}
			return contact.Errorf(contact.ENOTFOUND, "contact %d (%s) is not in the trash", id, c.Name)
		}
	}
	if into := d.mergedInto(ctx, id); into != "" {
		return contact.Errorf(contact.ENOTFOUND, "no contact with ID %d: %s", id, into)
	}
	if len(ref) >= 7 {
		return contact.Errorf(contact.ENOTFOUND, "no contact with ID %d (to name a contact by its phone number, write it with + and the country code, or as phone:%s)", id, ref)
	}
	return contact.Errorf(contact.ENOTFOUND, "no contact with ID %d", id)
}

// mergedInto says where contact id went when a merge in force took it
// into another ("it was merged into contact 3 (Ada Lovelace) by merge 2;
// undo with: rolo unmerge 2", as merge says; the contact that holds it now
// when that one has been merged into another since, where unmerge says
// which merge to undo first), or "" when none did, or when the actor
// could not see it before the merge (public, theirs, or shared with them,
// as sawMerged tells it) or cannot see the contact it went into: no more
// is said of another user's private contact than of one that never was.
func (d *DB) mergedInto(ctx context.Context, id int64) string {
	var mergeID, keepID int64
	err := d.db.QueryRowContext(ctx, `SELECT m.id, m.keep_id FROM merges m, json_each(m.snapshot, '$.others') o
		WHERE m.undone_at IS NULL AND json_extract(o.value, '$.row.id') = ?
		AND `+sawMergedSQL+`
		ORDER BY m.id DESC LIMIT 1`, id, d.actor.ID, d.actor.ID).Scan(&mergeID, &keepID)
	if err != nil {
		return ""
	}
	keep, err := d.contactByID(ctx, d.db, keepID, contact.ScopeAny)
	if err != nil {
		return ""
	}
	// The merges in force that took more into that contact since come
	// first, the latest first, as unmerge asks.
	undo := []string{}
	err = d.rowsEach(ctx, `SELECT id FROM merges WHERE keep_id = ? AND id > ? AND undone_at IS NULL ORDER BY id DESC`,
		[]any{keepID, mergeID}, func(r *sql.Rows) error {
			var later int64
			if err := r.Scan(&later); err != nil {
				return err
			}
			undo = append(undo, fmt.Sprintf("rolo unmerge %d", later))
			return nil
		})
	if err != nil {
		return ""
	}
	undo = append(undo, fmt.Sprintf("rolo unmerge %d", mergeID))
	return fmt.Sprintf("it was merged into contact %d (%s) by merge %d; undo with: %s", keep.ID, keep.Name, mergeID, strings.Join(undo, ", then "))
}

// FindContacts returns the visible contacts matching f.
func (d *DB) FindContacts(ctx context.Context, f contact.Filter) ([]*contact.Contact, error) {
	f, q, err := d.findQuery(f)
	if err != nil {
		return nil, err
	}
	if q.match != "" {
		// bestRanked ranks by the full-text score alone.
		if f.Limit > 0 && q.sel.phoneRank == "" {
			cs, ok, err := d.bestRanked(ctx, q.sel, f)
			if err != nil || ok {
				return cs, err
			}
		}
		return d.selectRanked(ctx, d.db, q.match, q.where, q.args, q.order, f.Limit, f.Offset, f.Skip)
	}
	// A query that reads the full-text or phone-digit index usually finds
	// few contacts, and the trash and the archive have indexes in name
	// order: SQLite starts from those rather than walking in name order.
	if q.sel.indexed || q.sel.ownIndex || len(f.Sort) > 0 || f.AfterID > 0 {
		return d.selectRanked(ctx, d.db, "", q.where, q.args, q.order, f.Limit, f.Offset, f.Skip)
	}
	if want := f.Limit + f.Offset; f.Limit > 0 && want <= maxNameWalk/nameWalkPerRow {
		cs, ok, err := d.firstByName(ctx, f, nameWalkPerRow)
		if err != nil || ok {
			return cs, err
		}
		// Then a walk 8 times as long, if it stays within maxNameWalk
		// contacts and a twentieth of them all: a walk reads contacts at
		// random, about 20 times slower than a read of the table in its
		// own order (below). For a page of 50 among a million, a walk of
		// 20,000 finds a condition one contact in 400 meets.
		if longer := nameWalkPerRow * 8; q.sel.terms <= maxWalkTerms && want*longer <= maxNameWalk {
			var last int
			if err := d.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM contacts`).Scan(&last); err != nil {
				return nil, dbError(err)
			}
			if want*longer <= last/20 {
				cs, ok, err := d.firstByName(ctx, f, longer)
				if err != nil || ok {
					return cs, err
				}
			}
		}
		// Few contacts match, and SQLite cannot know it: given the order
		// of the name index, it walks the index to the end for a
		// condition no other index answers (updated:<1y, tz:...), reading
		// every contact at random (4-7 s for none in a million). Sorting
		// what a read of the table in its own order finds takes 0.3 s; a
		// condition an index does answer (the trash, a tag) still starts
		// from it.
		q.order = scanNameOrder
	} else if q.order, err = d.nameOrder(ctx, f, q); err != nil {
		return nil, err
	}
	return d.selectRanked(ctx, d.db, "", q.where, q.args, q.order, f.Limit, f.Offset, f.Skip)
}

// scanNameOrder is the name order (orderBy(nil)) in a form no index
// provides, so that SQLite finds the rows first and sorts them after.
const scanNameOrder = "(+c.display_name) COLLATE NOCASE, c.id"

// maxWalkTerms bounds the walks that only save time: beyond this many
// conditions (a script's list of a thousand negated tags), checking them
// all on every contact of a longer walk, or of nameOrder's, costs more
// than those walks can save.
const maxWalkTerms = 16

// nameOrder tells how to read q, a listing in name order too long for the
// walks of FindContacts (no limit, or far into the list): in the name
// index's order, which SQLite hands over contact by contact as it walks it
// (rolo list | head prints at once), unless a condition few contacts meet
// would have it read every contact at random that way (list tz:X among a
// million: 4.9 s; read in table order and sorted: 0.2 s). The walk of a
// page of 50 tells which.
func (d *DB) nameOrder(ctx context.Context, f contact.Filter, q found) (string, error) {
	if q.sel.ownIndex || q.sel.terms > maxWalkTerms {
		return q.order, nil
	}
	probe := f
	probe.Limit, probe.Offset, probe.Skip = 50, 0, contact.AllParts
	if _, common, err := d.firstByName(ctx, probe, nameWalkPerRow); err != nil || !common {
		return scanNameOrder, err
	}
	return q.order, nil
}

// EachFound calls fn with the contacts FindContacts(f) returns, in the
// same order, at most pageSize at a time, all read from one snapshot of
// the database: a listing of any length holds one page in memory. fn must
// not use the store: the snapshot holds its only connection while fn runs,
// and such a call waits until ctx ends.
func (d *DB) EachFound(ctx context.Context, f contact.Filter, pageSize int, fn func([]*contact.Contact) error) error {
	if pageSize <= 0 {
		pageSize = 1000
	}
	if f.Limit > 0 && f.Limit <= pageSize && f.Offset <= pageSize-f.Limit {
		// One of the first pages: FindContacts' ways to find it fast.
		// Further on they read more than the one query, or more than
		// SQLite takes (bestRanked's list of candidates).
		cs, err := d.FindContacts(ctx, f)
		if err != nil || len(cs) == 0 {
			return err
		}
		return d.withInteractions(ctx, d.db, f, fn)(cs)
	}
	f, q, err := d.findQuery(f)
	if err != nil {
		return err
	}
	if q.match == "" && !q.sel.indexed && len(f.Sort) == 0 && f.AfterID == 0 {
		if q.order, err = d.nameOrder(ctx, f, q); err != nil {
			return err
		}
	}
	return readTx(ctx, d.db, func(conn querier) error {
		return d.eachRankedIn(ctx, conn, q.match, q.where, q.args, q.order, f.Limit, f.Offset, f.Skip, pageSize, d.withInteractions(ctx, conn, f, fn))
	})
}

// found is the one query that reads all the contacts a filter selects,
// its page aside, in the filter's order: ranked (match set), or in the
// order --sort gives (name by default). FindContacts answers some pages
// faster from the selection (bestRanked, firstByName).
type found struct {
	sel          selection
	match, where string
	args         []any
	order        string
}

// findQuery checks f and builds its query, and returns f with a limit and
// offset cut to what the query can take.
func (d *DB) findQuery(f contact.Filter) (contact.Filter, found, error) {
	// A limit or offset past any table (a script's 2^63-1 for "all") is
	// cut to one no sum or product below can overflow.
	const maxPage = 1 << 40
	f.Limit, f.Offset = min(f.Limit, maxPage), min(f.Offset, maxPage)
	sel, err := d.buildWhere(f, false)
	if err != nil {
		return f, found{}, err
	}
	if f.AfterID > 0 {
		sel.where = "(" + sel.where + ") AND c.id > ?"
		sel.args = append(sel.args, f.AfterID)
	}
	order, err := orderBy(f.Sort)
	if err != nil {
		return f, found{}, err
	}
	if f.Rank && len(f.Sort) == 0 {
		// A phone-like word found in a phone number weighs as a word
		// found in a name (10): search 4155550123 lists the contact with
		// that number before one whose note mentions it; of those that
		// tie, one whose number ends with it comes first. Its arguments
		// follow the filter's, as ORDER BY follows WHERE (listingSQL).
		switch {
		case sel.match != "" && sel.phoneRank != "":
			return f, found{sel: sel, match: sel.match, where: sel.joined, args: append(slices.Clip(sel.filterArgs), sel.phoneRankArgs...),
				order: "f.fts_score - 10 * (" + sel.phoneRank + "), (" + sel.phoneEnds + ") DESC, c.id"}, nil
		case sel.match != "":
			// Joining the ranked matches already keeps only contacts
			// that match, so the filter leaves that test out.
			return f, found{sel: sel, match: sel.match, where: sel.joined, args: sel.filterArgs, order: "f.fts_score, c.id"}, nil
		case sel.phoneRank != "":
			// Phone digits alone: those found in a phone number first,
			// and of them those that end one, each group in name order.
			return f, found{sel: sel, where: sel.where, args: append(slices.Clip(sel.args), sel.phoneRankArgs...),
				order: "(" + sel.phoneRank + ") DESC, (" + sel.phoneEnds + ") DESC, " + order}, nil
		}
	}
	return f, found{sel: sel, where: sel.where, args: sel.args, order: order}, nil
}

// ContactIDs returns the IDs of the visible contacts matching f's query,
// scope and IDs, in ID order, whatever f says of sorting and paging: all a
// bulk command needs of a --where selection, or to check IDs read from
// stdin, without reading 100,000 contacts to take their IDs.
func (d *DB) ContactIDs(ctx context.Context, f contact.Filter) ([]int64, error) {
	sel, err := d.buildWhere(f, false)
	if err != nil {
		return nil, err
	}
	return queryIDs(ctx, d.db, `SELECT c.id FROM contacts c WHERE `+visibleSQL+` AND (`+sel.where+`) ORDER BY c.id`,
		append(d.visibleArgs(), sel.args...)...)
}

// bestRanked answers a page of a ranked search from the best matches
// alone: it ranks a few times more matches than the page needs (SQLite
// keeps only the best of them as it scores them all), then reads the
// contacts in rank order, a batch at a time, until the page is full, so
// that a page of 50 reads about 50 contacts rather than every candidate. ok is false when the
// other conditions rejected so many candidates that the page could not be
// filled while more matches remain: the caller ranks them all then.
func (d *DB) bestRanked(ctx context.Context, sel selection, f contact.Filter) (cs []*contact.Contact, ok bool, err error) {
	err = readTx(ctx, d.db, func(conn querier) error {
		cs, ok, err = d.bestRankedIn(ctx, conn, sel, f)
		return err
	})
	return cs, ok, err
}

func (d *DB) bestRankedIn(ctx context.Context, q querier, sel selection, f contact.Filter) (cs []*contact.Contact, ok bool, err error) {
	want := f.Limit + f.Offset
	limit := want*4 + 100
	ranked, err := queryIDs(ctx, q, `SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?
		ORDER BY `+rankScore+`, rowid LIMIT ?`, sel.match, limit)
	if err != nil {
		return nil, false, err
	}
	batch := want + want/4 + 10
	for start := 0; start < len(ranked) && len(cs) < want; start += batch {
		part := ranked[start:min(start+batch, len(ranked))]
		found, err := d.selectRankedIn(ctx, q, "", "("+sel.filter+") AND c.id IN ("+placeholders(len(part))+")",
			append(slices.Clip(sel.filterArgs), int64Args(part)...), "", 0, 0, contact.AllParts)
		if err != nil {
			return nil, false, err
		}
		byID := make(map[int64]*contact.Contact, len(found))
		for _, c := range found {
			byID[c.ID] = c
		}
		for _, id := range part {
			if found := byID[id]; found != nil {
				cs = append(cs, found)
			}
		}
	}
	if len(cs) < want && len(ranked) == limit {
		return nil, false, nil
	}
	cs = cs[min(f.Offset, len(cs)):min(want, len(cs))]
	if err := d.loadRelated(ctx, q, cs, f.Skip); err != nil {
		return nil, false, err
	}
	return cs, true, nil
}

// A page of a list in name order may read up to nameWalkPerRow contacts
// per row it shows in its first walk (firstByName) before it gives up and
// tries a longer one, and up to maxNameWalk contacts in its longest
// (variables, so that tests can make walks give up); pages whose first
// walk would read more than maxNameWalk do not walk at all.
var nameWalkPerRow, maxNameWalk = 50, 20_000

// firstByName answers a page of a list in name order by reading the
// contacts in that order and stopping at the end of the page: the fast way
// when many contacts match (tag:vip among a million, where starting from
// the tag's rows means sorting tens of thousands of them). Conditions on
// related tables are checked contact by contact (correlated). It reads no
// further than the page's share of contacts (perRow per row); ok is false
// when the page did not fill within them, and the caller lets SQLite start
// from the matching rows instead.
func (d *DB) firstByName(ctx context.Context, f contact.Filter, perRow int) (cs []*contact.Contact, ok bool, err error) {
	sel, err := d.buildWhere(f, true)
	if err != nil {
		return nil, false, err
	}
	// The walk ends at the name of the contact (Limit+Offset) x
	// perRow places into the name order, ties included; when there
	// are fewer contacts than that, it reads them all and its answer is
	// complete.
	want := f.Limit + f.Offset
	var last string
	err = d.db.QueryRowContext(ctx, `SELECT display_name FROM contacts ORDER BY display_name COLLATE NOCASE LIMIT 1 OFFSET ?`,
		want*perRow).Scan(&last)
	complete := errors.Is(err, sql.ErrNoRows)
	if err != nil && !complete {
		return nil, false, dbError(err)
	}
	order, _ := orderBy(nil)
	where, args := sel.where, slices.Clip(sel.args)
	bound, boundArgs := "1", []any(nil)
	if !complete {
		bound, boundArgs = "c.display_name <= ? COLLATE NOCASE", []any{last}
	}
	if sel.byID == "" {
		cs, err = d.selectRanked(ctx, d.db, "", "("+where+") AND "+bound, append(args, boundArgs...), order, f.Limit, f.Offset, f.Skip)
		return cs, err == nil && (complete || len(cs) == f.Limit), err
	}
	// Conditions on the contact's ID alone (a tag, say) are checked first,
	// in a subquery that reads only the name index and the related table:
	// the contacts table is read only for the first candidates that pass
	// them, 4 per row of the page, then 8 times as many while the page is
	// not full, up to the whole walk. At 1M, tag:X type:lead reads some
	// 200 contacts instead of 2,500.
	for k := want * 4; ; k *= 8 {
		final := k >= want*perRow
		inner := `SELECT c.id FROM contacts c WHERE ` + bound + ` AND ` + sel.byID + ` ORDER BY ` + order
		innerArgs := append(slices.Clip(boundArgs), sel.byIDArgs...)
		if !final {
			inner += ` LIMIT ?`
			innerArgs = append(innerArgs, k)
		}
		cs, err = d.selectRanked(ctx, d.db, "", "("+where+") AND c.id IN ("+inner+")", append(slices.Clip(args), innerArgs...), order, f.Limit, f.Offset, f.Skip)
		if err != nil || len(cs) == f.Limit {
			return cs, err == nil, err
		}
		if final {
			return cs, complete, nil
		}
	}
}

// UpdateContact applies fn to a visible, non-trashed contact and writes the
// result with its change log in one transaction.
func (d *DB) UpdateContact(ctx context.Context, id int64, fn func(*contact.Contact) error) (*contact.Contact, []contact.Change, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, nil, dbError(err)
	}
	defer tx.Rollback()
	stored, changes, err := d.updateContact(ctx, tx, id, fn)
	if err != nil || len(changes) == 0 {
		return stored, changes, err
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, dbError(err)
	}
	return stored, changes, nil
}

// updateContact is UpdateContact inside tx: it returns the contact as
// stored after the change (as it was when nothing changed).
func (d *DB) updateContact(ctx context.Context, tx *sql.Tx, id int64, fn func(*contact.Contact) error) (*contact.Contact, []contact.Change, error) {
	old, err := d.contactByID(ctx, tx, id, contact.ScopeActive)
	if err != nil {
		return nil, nil, err
	}
	c, changes, err := d.planUpdate(old, fn)
	if err != nil {
		return nil, nil, err
	}
	if len(changes) == 0 {
		return old, nil, nil
	}
	if err := d.writeUpdate(ctx, tx, old, c, changes, false); err != nil {
		return nil, nil, err
	}
	if err := d.reindex(ctx, tx, id); err != nil {
		return nil, nil, err
	}
	stored, err := d.contactByID(ctx, tx, id, contact.ScopeAny)
	if err != nil {
		return nil, nil, err
	}
	return stored, changes, nil
}

// planUpdate is what fn makes of old, a visible contact as stored,
// validated as every update is, and the changes to log: none when there
// is nothing to write. It writes nothing, so that an import can tell a
// record that changes nothing from the contact it has already read.
func (d *DB) planUpdate(old *contact.Contact, fn func(*contact.Contact) error) (*contact.Contact, []contact.Change, error) {
	c := old.Clone()
	if err := fn(c); err != nil {
		return nil, nil, err
	}
	aside := contact.SetAsideStored(c, old)
	if err := contact.Normalize(c, d.region); err != nil {
		return nil, nil, err
	}
	aside.PutBack(c)
	if _, err := d.visibilityChange(old, c); err != nil {
		return nil, nil, err
	}
	return c, contact.Diff(old, c), nil
}

// writeUpdate stores c, which planUpdate made of old with changes, with
// its change log; the search index is the caller's to bring in step
// (reindex), for a chunk of contacts at once in a bulk edit. With
// keepSame, the tables of the multi-valued fields that did not change are
// left as they are (see writeChangedRelated).
func (d *DB) writeUpdate(ctx context.Context, tx *sql.Tx, old, c *contact.Contact, changes []contact.Change, keepSame bool) error {
	id := old.ID
	if old.Visibility != c.Visibility {
		// Made public, as planUpdate allowed (visibilityChange).
		if err := d.dropShares(ctx, tx, id); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE contacts SET display_name_set = ?, prefix = ?, first_name = ?, middle_name = ?,
		last_name = ?, suffix = ?, nickname = ?, company = ?, title = ?, department = ?, type_code = `+typeCodeSQL+`,
		level_code = `+levelCodeSQL+`, birthday = ?, anniversary = ?, language = ?, timezone = ?, public = `+publicSQL+`,
		vcard_extra = ?, updated_at = ? WHERE id = ?`,
		storedDisplayName(c.Name, c.FirstName, c.LastName), c.Prefix, c.FirstName, c.MiddleName, c.LastName, c.Suffix, c.Nickname, c.Company, c.Title,
		c.Department, c.Type, c.Level, c.Birthday, c.Anniversary, c.Language, c.Timezone, c.Visibility, c.VCardExtra, d.nowText(), id)
	if err != nil {
		return dbError(err)
	}
	if old.Visibility != c.Visibility {
		if err := d.forgetExposedMerges(ctx, tx, []int64{id}); err != nil {
			return err
		}
	}
	var same *contact.Contact
	if keepSame {
		same = old
	}
	if err := d.writeChangedRelated(ctx, tx, c, same); err != nil {
		return err
	}
	return d.logChanges(ctx, tx, id, contact.ActionUpdate, changes)
}

// mayDelete is the delete rule of SPEC section 1: a private contact only by
// its owner; a public one by its owner or an owner/manager.
func (d *DB) mayDelete(c *contact.Contact) error { return d.mayOwnerOrManager(c, "delete") }

// MayChange is the check that trash, PurgeContacts, Share, Unshare,
// Publish and Transfer make of each contact, made alone (see
// contact.Store): those skip a public contact (share, unshare, publish)
// and one that to owns already (transfer), which they leave unchanged.
func (d *DB) MayChange(ctx context.Context, ids []int64, scope contact.Scope, verb string, to []string) error {
	if len(to) > 0 {
		if _, err := d.teammates(ctx, d.db, to); err != nil {
			return err
		}
	}
	return d.eachChunk(ctx, d.db, ids, scope, 0, func(cs []*contact.Contact, part []int64) error {
		for i, c := range cs {
			var err error
			switch {
			case c == nil:
				err = notFoundID(part[i])
			case verb == "share" || verb == "unshare" || verb == "publish":
				if c.Visibility != contact.Public {
					err = d.mayManage(c, verb)
				}
			case verb == "transfer" && len(to) == 1 && strings.EqualFold(c.Owner, to[0]):
			default:
				err = d.mayOwnerOrManager(c, verb)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteContacts moves visible contacts to the trash.
func (d *DB) DeleteContacts(ctx context.Context, ids []int64) error {
	return d.trash(ctx, ids, contact.ScopeActive, "delete", `UPDATE contacts SET deleted_at = ?, updated_at = ? WHERE id IN`,
		[]any{d.nowText(), d.nowText()}, func(c *contact.Contact) logged {
			return logged{id: c.ID, action: contact.ActionDelete, Change: contact.Change{Old: c.Name}}
		})
}

// RestoreContacts takes contacts out of the trash, unchanged.
func (d *DB) RestoreContacts(ctx context.Context, ids []int64) error {
	return d.trash(ctx, ids, contact.ScopeDeleted, "restore", `UPDATE contacts SET deleted_at = NULL, updated_at = ? WHERE id IN`,
		[]any{d.nowText()}, func(c *contact.Contact) logged {
			return logged{id: c.ID, action: contact.ActionRestore, Change: contact.Change{New: c.Name}}
		})
}

// trash moves contacts into the trash or out of it (verb, for a refusal)
// in one transaction, a chunk at a time: each contact of a chunk is
// checked in turn (there, in scope, and the actor may delete it), then the
// chunk is moved with set (an UPDATE ending in "IN", with setArgs) and
// logged.
func (d *DB) trash(ctx context.Context, ids []int64, scope contact.Scope, verb, set string, setArgs []any, log func(*contact.Contact) logged) error {
	tx, err := d.begin(ctx)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	err = d.eachChunk(ctx, tx, ids, scope, 0, func(cs []*contact.Contact, part []int64) error {
		rows := make([]logged, len(cs))
		for i, c := range cs {
			if c == nil {
				return notFoundID(part[i])
			}
			if err := d.mayOwnerOrManager(c, verb); err != nil {
				return err
			}
			rows[i] = log(c)
		}
		if err := d.execIn(ctx, tx, set, setArgs, part); err != nil {
			return err
		}
		return d.logAll(ctx, tx, rows)
	})
	if err != nil {
		return err
	}
	return dbError(tx.Commit())
}

// PurgeContacts erases contacts (trashed or not) and, through the schema's
// cascades, every row that mentions them, leaving none of their text in
// the file (see eraseSearchRemnants and checkpointErased). It is one
// transaction, all or nothing: every contact is checked first (there, and
// the actor may erase it; a hidden one is not found), a chunk at a time,
// then erased a chunk at a time with one statement per chunk (reading each
// contact in full and erasing it on its own took 62 s for 49,211 of
// 100,000 contacts; this takes 10 s).
func (d *DB) PurgeContacts(ctx context.Context, ids []int64) error {
	tx, err := d.begin(ctx)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	err = d.eachChunk(ctx, tx, ids, contact.ScopeAny, 0, func(cs []*contact.Contact, part []int64) error {
		for i, c := range cs {
			if c == nil {
				return notFoundID(part[i])
			}
			if err := d.mayOwnerOrManager(c, "erase"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	ids = uniqueIDs(ids)
	for start := 0; start < len(ids); start += bulkChunk {
		part := ids[start:min(start+bulkChunk, len(ids))]
		if err := d.execIn(ctx, tx, `DELETE FROM contacts WHERE id IN`, nil, part); err != nil {
			return err
		}
		if err := d.eraseUndoneMerges(ctx, tx, part); err != nil {
			return err
		}
	}
	if err := eraseSearchRemnants(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return dbError(err)
	}
	d.checkpointErased(ctx)
	return nil
}

// eraseSearchRemnants rewrites both full-text indexes in tx, after rows
// were erased. FTS5 records a deletion (of a purged contact, or of the
// words an edit replaced) beside the index segment that holds the words,
// and drops them only when it merges that segment; until then the words
// stay in the file whatever secure_delete says. 'optimize' merges every
// segment into one, leaving out what was deleted, and secure_delete (set
// on every connection that writes, see Open) zeroes the pages of the old
// segments. On 100,000 contacts (an 11 MB word index) a purge takes
// 1.4-2.5 s with it, 0.15-0.5 s without, on a busy machine.
func eraseSearchRemnants(ctx context.Context, tx *sql.Tx) error {
	for _, table := range []string{"contacts_fts", "phone_digits"} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`) VALUES ('optimize')`); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// checkpointErased copies the pages written by an erasure into the
// database file and empties the -wal file, whose older pages still hold
// what was erased. Best effort: a reader in the middle of a long command
// keeps the -wal file in use, and the erasure is made all the same; SQLite
// empties the file at a later checkpoint, at the latest when the last
// connection to the database closes. It waits up to two seconds for
// readers, not the busy timeout's thirty.
func (d *DB) checkpointErased(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	d.db.ExecContext(ctx, `PRAGMA busy_timeout = 2000`)
	d.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	d.db.ExecContext(ctx, `PRAGMA busy_timeout = 30000`)
}

// placeCreations puts creations among rows, newest first, each after
// the rows of its second and those before it in rows (as history orders a
// creation first in its second), the newer creation first; the order of
// rows is kept.
func placeCreations(rows, creations []contact.Change) []contact.Change {
	creations = slices.Clone(creations)
	slices.SortStableFunc(creations, func(a, b contact.Change) int { return b.At.Compare(a.At) })
	out := make([]contact.Change, 0, len(rows)+len(creations))
	for _, r := range rows {
		for len(creations) > 0 && creations[0].At.After(r.At) {
			out, creations = append(out, creations[0]), creations[1:]
		}
		out = append(out, r)
	}
	return append(out, creations...)
}

// changesSQL is Changes' query: its arguments are the contact's ID, the
// ID after which to read, ActionCreate, whether to read the creations or
// the other rows, and ownStarsArgs.
var changesSQL = changeRowsSQL + ` AND ch.id > ? AND (ch.action = ?) = ?` + ownStarsSQL + `
	ORDER BY ch.id DESC`

// Changes returns the newest change-log rows of a visible contact
// (changeRowsSQL), its creation (createdChange) after the rows of its second,
// as history has it. The rows a merge writes of the creations of the
// contacts it joins (logCreation) are written then but go where their
// time puts them: a contact merged in may have been created after the
// edits of the contact kept.
func (d *DB) Changes(ctx context.Context, id int64, limit int) ([]contact.Change, error) {
	if err := d.seeContact(ctx, d.db, id, contact.ScopeAny); err != nil {
		return nil, err
	}
	out := []contact.Change{}
	// The creations are read apart: the newest rows come from the end of
	// the contact's run of the index, not from a sort of all its rows.
	read := func(creations bool, after int64, limit int) error {
		q := changesSQL
		args := append([]any{id, after, contact.ActionCreate, creations}, d.ownStarsArgs()...)
		if limit > 0 {
			q += ` LIMIT ?`
			args = append(args, limit)
		}
		return d.rowsEach(ctx, q, args, func(r *sql.Rows) error {
			ch, _, err := scanChange(r)
			if err == nil {
				out = append(out, *ch)
			}
			return err
		})
	}
	if err := read(false, 0, limit); err != nil {
		return nil, err
	}
	n := len(out)
	if limit > 0 && n >= limit {
		// Only a creation logged after the oldest row read can be newer
		// than it: one that a merge logged (logCreation) of a contact it
		// joined, created after the edits of the contact kept. The
		// contact's own is older than its rows.
		if err := read(true, out[n-1].ID, 0); err != nil {
			return nil, err
		}
	} else {
		if err := read(true, 0, 0); err != nil {
			return nil, err
		}
		if len(out) == n {
			ch, err := d.createdChange(ctx, d.db, id)
			if err != nil {
				return nil, err
			}
			out = append(out, *ch)
		}
	}
	out = placeCreations(out[:n], out[n:])
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	// The rows that mark a merge name the contacts merged by ID; one
	// unmerged since and private is not named to those who may not see it.
	for i := range out {
		ch := &out[i]
		if (ch.Action != contact.ActionMerge && ch.Action != contact.ActionUnmerge) || ch.Field != "" {
			continue
		}
		for _, v := range []*string{&ch.Old, &ch.New} {
			if ids, ok := parseIDList(*v); ok {
				hidden, err := d.hiddenContacts(ctx, d.db, ids)
				if err != nil {
					return nil, err
				}
				*v = shownIDList(ids, hidden)
			}
		}
	}
	return out, nil
}
