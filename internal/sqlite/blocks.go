package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// A block is a row of blocks: on a contact (contact_id), which covers all
// its numbers and emails as they are when read, or on a raw number (e164)
// or email with no contact. until NULL is forever; lifted_at ends a block
// early. Whether a block is in force is decided when it is read, against
// the clock, so nothing has to run when a block expires.

// inForceSQL selects the blocks of alias b in force at the time bound to ?.
const inForceSQL = `b.lifted_at IS NULL AND (b.until IS NULL OR b.until > ?)`

// governingLastSQL orders the blocks in force on one contact (a merge gave
// KEEP both) so that the one that governs comes last: the one that ends
// last, forever after any end, then the newest. show, lookup and blocked
// all take that one.
const governingLastSQL = `b.until IS NULL, b.until, b.id`

// rawPhoneBlockSQL and rawEmailBlockSQL match the raw blocks of alias b
// (made on a number or email, with no contact) to the number or address
// written after them: a column or a bound ?.
const (
	rawPhoneBlockSQL = `b.contact_id IS NULL AND b.e164 <> '' AND b.e164 = `
	rawEmailBlockSQL = `b.contact_id IS NULL AND b.email <> '' AND b.email = `
)

// contactBlocksSQL is the blocks that apply to contacts, each as a row of
// blocks with the contact's ID as cid first: a block on the contact itself,
// and a raw block on one of its numbers or emails (made when no contact had
// it), which screens the contact too (lookup), so that show, JSON and
// is:blocked have it as the contact's block. Read it as alias b, so that
// inForceSQL applies and conditions on cid reach the contact indexes.
var contactBlocksSQL = `SELECT b.contact_id AS cid, b.* FROM blocks b WHERE b.contact_id IS NOT NULL
	UNION ALL SELECT p.contact_id, b.* FROM contact_phones p JOIN blocks b ON ` + rawPhoneBlockSQL + `p.e164
	UNION ALL SELECT e.contact_id, b.* FROM contact_emails e JOIN blocks b ON b.contact_id IS NULL AND b.email <> '' AND ` + emailIs(`e.address`, `b.email`)

// handleSQL matches the raw blocks (no contact) on a number or email.
func handleSQL(h contact.Handle) (string, []any) {
	if h.E164 != "" {
		return rawPhoneBlockSQL + `?`, []any{h.E164}
	}
	return rawEmailBlockSQL + `?`, []any{h.Email}
}

func timeArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return formatTime(*t)
}

// Block blocks contacts and raw numbers or emails in one transaction. A
// block in force on the same target is lifted and replaced, so that a new
// --for or --until can shorten a block as well as lengthen it (keeping its
// reason, with t.KeepReason, when reason is empty); a block identical to
// the one in force changes nothing and is not counted.
func (d *DB) Block(ctx context.Context, t contact.BlockTargets, until *time.Time, reason string) (int, error) {
	if until != nil {
		// Stored in whole seconds: checked as stored, or 10:00:00.5 at
		// 10:00:00 would be a block that ended as it was made.
		u := until.UTC().Truncate(time.Second)
		until = &u
		if !until.After(d.now()) {
			return 0, contact.Errorf(contact.EINVALID, "--until: %s is not in the future", until.Format(time.RFC3339))
		}
	}
	reason, err := contact.CleanReason(reason)
	if err != nil {
		return 0, err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return 0, dbError(err)
	}
	defer tx.Rollback()
	if err := d.allThere(ctx, tx, t.ContactIDs, contact.ScopeActive); err != nil {
		return 0, err
	}
	now := d.nowText()
	changed := 0
	err = d.eachChunk(ctx, tx, t.ContactIDs, contact.ScopeActive, contact.PartBlock, func(cs []*contact.Contact, _ []int64) error {
		var change []int64
		var blocks []any
		var log []logged
		for _, c := range cs {
			old := c.Blocked
			reason := t.Reason(old, reason)
			if old != nil && old.Reason == reason && sameUntil(old.Until, until) {
				continue
			}
			change = append(change, c.ID)
			blocks = append(blocks, c.ID, d.actor.ID, reason, now, timeArg(until))
			ch := contact.Change{Field: "blocked", New: contact.DescribeBlock(until, reason)}
			if old != nil {
				ch.Old = contact.DescribeBlock(old.Until, old.Reason)
			}
			log = append(log, logged{id: c.ID, action: contact.ActionBlock, Change: ch})
		}
		if err := d.execIn(ctx, tx, `UPDATE blocks AS b SET lifted_at = ?, lifted_by = ? WHERE `+inForceSQL+` AND b.contact_id IN`, []any{now, d.actor.ID, now}, change); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, `INSERT INTO blocks (contact_id, user_id, reason, created_at, until)`, 5, blocks); err != nil {
			return err
		}
		changed += len(change)
		return d.edited(ctx, tx, change, log)
	})
	if err != nil {
		return 0, err
	}
	for _, h := range t.Handles {
		old, err := d.rawBlock(ctx, tx, h)
		if err != nil {
			return 0, err
		}
		reason := t.Reason(old, reason)
		if old != nil && old.Reason == reason && sameUntil(old.Until, until) {
			continue
		}
		cond, args := handleSQL(h)
		if _, err := tx.ExecContext(ctx, `UPDATE blocks AS b SET lifted_at = ?, lifted_by = ? WHERE `+cond+` AND `+inForceSQL,
			append(append([]any{now, d.actor.ID}, args...), now)...); err != nil {
			return 0, dbError(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO blocks (e164, email, user_id, reason, created_at, until) VALUES (?, ?, ?, ?, ?, ?)`,
			h.E164, h.Email, d.actor.ID, reason, now, timeArg(until)); err != nil {
			return 0, dbError(err)
		}
		changed++
	}
	return changed, dbError(tx.Commit())
}

func sameUntil(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// Unblock lifts the blocks in force on contacts (including raw blocks on
// their numbers and emails, since a blocked contact's numbers are what a
// user means to free) and on raw numbers or emails. A target with no block
// in force is not counted.
//
// The contacts are lifted a chunk at a time, each chunk with a few
// statements; the result, counts and change log are those of lifting one
// contact after the other: a raw block on a number two contacts share is
// lifted, and counted, with the first of them.
func (d *DB) Unblock(ctx context.Context, t contact.BlockTargets) (int, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return 0, dbError(err)
	}
	defer tx.Rollback()
	// A contact in the trash may be unblocked: its block still screens.
	if err := d.allThere(ctx, tx, t.ContactIDs, contact.ScopeAny); err != nil {
		return 0, err
	}
	now := d.nowText()
	changed := 0
	lift := func(cond string, args []any) (int64, error) {
		res, err := tx.ExecContext(ctx, `UPDATE blocks AS b SET lifted_at = ?, lifted_by = ? WHERE (`+cond+`) AND `+inForceSQL,
			append(append([]any{now, d.actor.ID}, args...), now)...)
		if err != nil {
			return 0, dbError(err)
		}
		n, err := res.RowsAffected()
		return n, dbError(err)
	}
	liftContact := func(c *contact.Contact) error {
		n, err := lift(`b.contact_id = ?`, []any{c.ID})
		if err != nil {
			return err
		}
		for _, h := range contactHandles(c) {
			cond, args := handleSQL(h)
			m, err := lift(cond, args)
			if err != nil {
				return err
			}
			n += m
		}
		if n == 0 {
			return nil
		}
		if err := d.touch(ctx, tx, c.ID); err != nil {
			return err
		}
		ch := contact.Change{Field: "blocked"}
		if c.Blocked != nil {
			ch.Old = contact.DescribeBlock(c.Blocked.Until, c.Blocked.Reason)
		}
		if err := d.logChanges(ctx, tx, c.ID, contact.ActionUnblock, []contact.Change{ch}); err != nil {
			return err
		}
		changed++
		return nil
	}
	handleParts := contact.PartPhones | contact.PartEmails
	lifted := liftedRaw{}
	err = d.eachChunk(ctx, tx, t.ContactIDs, contact.ScopeAny, handleParts|contact.PartBlock, func(cs []*contact.Contact, _ []int64) error {
		n, err := d.unblockChunk(ctx, tx, cs, now, lifted)
		changed += n
		return err
	})
	if err != nil {
		return 0, err
	}
	for _, h := range t.Handles {
		cond, args := handleSQL(h)
		n, err := lift(cond, args)
		if err != nil {
			return 0, err
		}
		if n > 0 {
			changed++
		}
	}
	// A blocked contact in the trash with one of these numbers or emails
	// is lifted too: Lookup reports its block for them.
	liftTrashed := func(handles []contact.Handle) error {
		for _, h := range handles {
			trashed, err := d.trashedBlocked(ctx, tx, h)
			if err != nil {
				return err
			}
			for _, c := range trashed {
				if err := liftContact(c); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := liftTrashed(t.Handles); err != nil {
		return 0, err
	}
	// The contacts' handles, read again a chunk at a time; a chunk none
	// of whose handles a blocked contact in the trash has is passed over.
	err = d.eachChunk(ctx, tx, t.ContactIDs, contact.ScopeAny, handleParts, func(cs []*contact.Contact, _ []int64) error {
		var handles []contact.Handle
		for _, c := range cs {
			handles = append(handles, contactHandles(c)...)
		}
		if any, err := d.anyTrashedBlocked(ctx, tx, handles); err != nil || !any {
			return err
		}
		return liftTrashed(handles)
	})
	if err != nil {
		return 0, err
	}
	return changed, dbError(tx.Commit())
}

// rawBlocksOfSQL matches the raw blocks of alias b (made on a number or
// email, with no contact) on the numbers and emails of the contacts ids:
// read from their tables by contact, not bound one by one, as a chunk may
// have more than a statement takes.
func rawBlocksOfSQL(ids []int64) (string, []any) {
	in := `(` + placeholders(len(ids)) + `)`
	return `b.contact_id IS NULL AND b.e164 <> '' AND b.e164 IN (SELECT e164 FROM contact_phones WHERE contact_id IN ` + in + `)` +
			` OR b.contact_id IS NULL AND b.email <> '' AND b.email IN (SELECT address FROM contact_emails WHERE contact_id IN ` + in + `)`,
		slices.Concat(int64Args(ids), int64Args(ids))
}

// RawBlocksOf returns the raw blocks in force (made on a number or email,
// with no contact) on the numbers and emails of the visible contacts ids,
// oldest first, each once: what screens those contacts besides their own
// blocks, and stays when they are blocked (block says so of one that
// outlasts their new block). Raw blocks are the team's: any teammate sees
// them in blocked.
func (d *DB) RawBlocksOf(ctx context.Context, ids []int64) ([]contact.BlockRecord, error) {
	var out []contact.BlockRecord
	seen := map[int64]bool{}
	ids = uniqueIDs(ids)
	now := d.nowText()
	for start := 0; start < len(ids); start += bulkChunk {
		part := ids[start:min(start+bulkChunk, len(ids))]
		visible, err := queryIDs(ctx, d.db, `SELECT c.id FROM contacts c WHERE `+visibleSQL+` AND c.id IN (`+placeholders(len(part))+`)`,
			append(d.visibleArgs(), int64Args(part)...)...)
		if err != nil {
			return nil, err
		}
		if len(visible) == 0 {
			continue
		}
		cond, args := rawBlocksOfSQL(visible)
		rows, err := d.db.QueryContext(ctx, `SELECT b.id, b.e164, b.email, `+userLabel("u")+`, b.created_at, b.until, b.reason
			FROM blocks b JOIN users u ON u.id = b.user_id WHERE (`+cond+`) AND `+inForceSQL+` ORDER BY b.id`, append(args, now)...)
		if err != nil {
			return nil, dbError(err)
		}
		for rows.Next() {
			var r contact.BlockRecord
			var at string
			var until sql.NullString
			if err := rows.Scan(&r.ID, &r.E164, &r.Email, &r.By, &at, &until, &r.Reason); err != nil {
				rows.Close()
				return nil, dbError(err)
			}
			if !seen[r.ID] {
				seen[r.ID] = true
				r.CreatedAt, r.Until = parseTime(at), parseTimePtr(until)
				out = append(out, r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, dbError(err)
		}
	}
	slices.SortFunc(out, func(a, b contact.BlockRecord) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// RawBlock returns the raw block in force on a number or email (made with
// no contact), nil when there is none.
func (d *DB) RawBlock(ctx context.Context, h contact.Handle) (*contact.Block, error) {
	return d.rawBlock(ctx, d.db, h)
}

// liftedRaw is the raw blocks (on a number or email, with no contact) an
// Unblock has lifted with the contacts of its earlier chunks, by handle.
type liftedRaw map[contact.Handle][]int64

// unblockChunk lifts the blocks in force on a chunk of contacts (read
// with their numbers, emails and block) and on their numbers and emails,
// with one statement, and logs and counts the contacts that had one, as
// lifting them one at a time would have: a raw block on a number goes to
// the first contact that has the number. The block a change-log row says
// was lifted is the one in force when the Unblock began, so a raw block
// lifted with an earlier chunk still counts there (lifted).
func (d *DB) unblockChunk(ctx context.Context, tx *sql.Tx, cs []*contact.Contact, now string, lifted liftedRaw) (int, error) {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	// What is in force: blocks on the contacts, raw blocks on their
	// numbers and emails (read from their tables by contact, not bound one
	// by one: a chunk may have more than a statement takes).
	rawCond, rawArgs := rawBlocksOfSQL(ids)
	cond := `b.contact_id IN (` + placeholders(len(ids)) + `) OR ` + rawCond
	args := slices.Concat(int64Args(ids), rawArgs)
	rows, err := tx.QueryContext(ctx, `SELECT b.id, coalesce(b.contact_id, 0), b.e164, b.email FROM blocks b WHERE (`+cond+`) AND `+inForceSQL,
		append(args, now)...)
	if err != nil {
		return 0, dbError(err)
	}
	blocked := map[int64]bool{}
	raw := map[contact.Handle]bool{}
	var rawIDs []int64
	var rawHandles []contact.Handle
	for rows.Next() {
		var id, cid int64
		var h contact.Handle
		if err := rows.Scan(&id, &cid, &h.E164, &h.Email); err != nil {
			rows.Close()
			return 0, dbError(err)
		}
		if cid != 0 {
			blocked[cid] = true
			continue
		}
		if h.E164 != "" {
			h.Email = ""
		}
		raw[h] = true
		rawIDs = append(rawIDs, id)
		rawHandles = append(rawHandles, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, dbError(err)
	}
	var changed []int64
	var log []logged
	for _, c := range cs {
		handles := contactHandles(c)
		n := blocked[c.ID]
		for _, h := range handles {
			if raw[h] {
				n = true
				delete(raw, h)
			}
		}
		if !n {
			continue
		}
		old := c.Blocked
		var before []int64
		for _, h := range handles {
			before = append(before, lifted[h]...)
		}
		if len(before) > 0 {
			if old, err = d.blockAsBefore(ctx, tx, c.ID, before, now); err != nil {
				return 0, err
			}
		}
		ch := contact.Change{Field: "blocked"}
		if old != nil {
			ch.Old = contact.DescribeBlock(old.Until, old.Reason)
		}
		changed = append(changed, c.ID)
		log = append(log, logged{id: c.ID, action: contact.ActionUnblock, Change: ch})
	}
	if _, err := tx.ExecContext(statementContext(ctx), `UPDATE blocks AS b SET lifted_at = ?, lifted_by = ? WHERE (`+cond+`) AND `+inForceSQL,
		append(append([]any{now, d.actor.ID}, args...), now)...); err != nil {
		return 0, dbError(err)
	}
	if err := d.edited(ctx, tx, changed, log); err != nil {
		return 0, err
	}
	for i, h := range rawHandles {
		lifted[h] = append(lifted[h], rawIDs[i])
	}
	return len(changed), nil
}

// blockAsBefore is a contact's block (see loadRelated) as it was before
// the raw blocks liftedIDs (on its numbers and emails) were lifted. They
// go to SQLite as one JSON array: there may be more than a statement
// takes bound values.
func (d *DB) blockAsBefore(ctx context.Context, q querier, id int64, liftedIDs []int64, now string) (*contact.Block, error) {
	ids, err := json.Marshal(liftedIDs)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT b.until, b.reason, `+userLabel("u")+`, b.created_at
		FROM (`+contactBlocksSQL+`) b JOIN users u ON u.id = b.user_id
		WHERE b.cid = ? AND (b.lifted_at IS NULL OR b.id IN (SELECT value FROM json_each(?))) AND (b.until IS NULL OR b.until > ?)
		ORDER BY `+governingLastSQL, id, string(ids), now)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out *contact.Block
	for rows.Next() {
		var until sql.NullString
		var b contact.Block
		var at string
		if err := rows.Scan(&until, &b.Reason, &b.By, &at); err != nil {
			return nil, dbError(err)
		}
		b.Until, b.CreatedAt = parseTimePtr(until), parseTime(at)
		out = &b
	}
	return out, dbError(rows.Err())
}

// anyTrashedBlocked reports whether a visible contact in the trash with a
// block in force has one of handles; an empty handle (which
// trashedBlocked refuses) says yes, for trashedBlocked to say so. The
// handles are asked about a few thousand at a time, as many as a
// statement takes.
func (d *DB) anyTrashedBlocked(ctx context.Context, q querier, handles []contact.Handle) (bool, error) {
	const perStatement = 5000
	for len(handles) > perStatement {
		if any, err := d.anyTrashedBlocked(ctx, q, handles[:perStatement]); err != nil || any {
			return any, err
		}
		handles = handles[perStatement:]
	}
	var e164s, emails []any
	for _, h := range handles {
		switch {
		case h.E164 != "":
			e164s = append(e164s, h.E164)
		case h.Email != "":
			emails = append(emails, h.Email)
		default:
			return true, nil
		}
	}
	if len(e164s)+len(emails) == 0 {
		return false, nil
	}
	var has []string
	var args []any
	if len(e164s) > 0 {
		has = append(has, `c.id IN (SELECT contact_id FROM contact_phones WHERE e164 IN (`+placeholders(len(e164s))+`))`)
		args = append(args, e164s...)
	}
	if len(emails) > 0 {
		has = append(has, `c.id IN (SELECT contact_id FROM contact_emails WHERE `+emailIn(`address`, len(emails))+`)`)
		args = append(args, slices.Concat(emails, emails)...)
	}
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM contacts c WHERE `+visibleSQL+` AND c.deleted_at IS NOT NULL
		AND c.id IN (SELECT b.contact_id FROM blocks b WHERE `+inForceSQL+`) AND (`+strings.Join(has, ` OR `)+`) LIMIT 1`,
		append(append(d.visibleArgs(), d.nowText()), args...)...).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, dbError(err)
}

func contactHandles(c *contact.Contact) []contact.Handle {
	var out []contact.Handle
	for _, p := range c.Phones {
		out = append(out, contact.Handle{E164: p.E164})
	}
	for _, e := range c.Emails {
		out = append(out, contact.Handle{Email: e.Address})
	}
	return out
}

// rawBlock returns the newest raw block in force on a number or email.
func (d *DB) rawBlock(ctx context.Context, q querier, h contact.Handle) (*contact.Block, error) {
	cond, args := handleSQL(h)
	var until sql.NullString
	var at string
	b := &contact.Block{}
	err := q.QueryRowContext(ctx, `SELECT b.until, b.reason, `+userLabel("u")+`, b.created_at FROM blocks b JOIN users u ON u.id = b.user_id
		WHERE `+cond+` AND `+inForceSQL+` ORDER BY b.id DESC LIMIT 1`, append(args, d.nowText())...).
		Scan(&until, &b.Reason, &b.By, &at)
	if err == sql.ErrNoRows {
		return nil, nil
	} else if err != nil {
		return nil, dbError(err)
	}
	b.Until, b.CreatedAt = parseTimePtr(until), parseTime(at)
	return b, nil
}

// EachBlock calls fn with the blocks on visible contacts (in the trash
// too, where a block still screens: see Lookup) and on raw numbers and
// emails: those in force, or with all every block ever made (lifted and
// expired ones included), newest first; at most limit of them (0: all)
// after the first offset, as list pages. They come at most pageSize at a
// time (0: 1,000), all read by one query, so from one snapshot of the
// database: a block list of any length holds one page in memory. fn is not
// called without blocks.
func (d *DB) EachBlock(ctx context.Context, all bool, limit, offset, pageSize int, fn func([]contact.BlockRecord) error) error {
	if pageSize <= 0 {
		pageSize = 1000
	}
	q := `SELECT b.id, b.contact_id, coalesce(c.display_name, ''), b.e164, b.email, ` + userLabel("u") + `, b.created_at, b.until, b.reason,
			b.lifted_at, coalesce(` + userLabel("lu") + `, '')
		FROM blocks b JOIN users u ON u.id = b.user_id
		LEFT JOIN users lu ON lu.id = b.lifted_by
		LEFT JOIN contacts c ON c.id = b.contact_id
		WHERE (b.contact_id IS NULL OR ` + visibleSQL + `)`
	args := d.visibleArgs()
	if !all {
		// Of two blocks in force on one contact (a merge moved both to
		// KEEP), the one that governs, as show and lookup have it: the
		// one that ends last, forever first, then the newest.
		q += ` AND ` + inForceSQL + ` AND (b.contact_id IS NULL OR b.id IN (SELECT id FROM (
			SELECT b.id, row_number() OVER w AS n, count(*) OVER w AS of FROM blocks b
			WHERE b.contact_id IS NOT NULL AND ` + inForceSQL + `
			WINDOW w AS (PARTITION BY b.contact_id ORDER BY ` + governingLastSQL + ` ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))
			WHERE n = of))`
		now := d.nowText()
		args = append(args, now, now)
	}
	page, pageArgs := pageSQL(limit, offset)
	q += ` ORDER BY b.created_at DESC, b.id DESC` + page
	args = append(args, pageArgs...)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	// A full page is handed over while the query goes on.
	var out []contact.BlockRecord
	for rows.Next() {
		var r contact.BlockRecord
		var cid sql.NullInt64
		var at string
		var until, lifted sql.NullString
		if err := rows.Scan(&r.ID, &cid, &r.Name, &r.E164, &r.Email, &r.By, &at, &until, &r.Reason, &lifted, &r.LiftedBy); err != nil {
			return dbError(err)
		}
		if cid.Valid {
			id := cid.Int64
			r.ContactID = &id
		}
		r.CreatedAt, r.Until, r.LiftedAt = parseTime(at), parseTimePtr(until), parseTimePtr(lifted)
		out = append(out, r)
		if len(out) == pageSize {
			if err := fn(out); err != nil {
				return err
			}
			out = nil
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return dbError(err)
	}
	rows.Close()
	if len(out) == 0 {
		return nil
	}
	return fn(out)
}

// ContactsWith returns the visible, non-trashed contacts (archived ones
// included: a caller is still who they are) that have a number or email,
// best match first. It is one indexed lookup on contact_phones.e164 or
// on the prefix of contact_emails.address (withHandleSQL).
func (d *DB) ContactsWith(ctx context.Context, h contact.Handle) ([]*contact.Contact, error) {
	return d.contactsWith(ctx, d.db, h)
}

// TrashedWith implements contact.Store.
func (d *DB) TrashedWith(ctx context.Context, h contact.Handle) ([]*contact.Contact, error) {
	return d.contactsWithIn(ctx, d.db, h, `c.deleted_at IS NOT NULL`)
}

func (d *DB) contactsWith(ctx context.Context, q querier, h contact.Handle) ([]*contact.Contact, error) {
	return d.contactsWithIn(ctx, q, h, `c.deleted_at IS NULL`)
}

// trashedBlocked returns the visible contacts in the trash that have a
// number or email and a block in force: a block that still screens it.
func (d *DB) trashedBlocked(ctx context.Context, q querier, h contact.Handle) ([]*contact.Contact, error) {
	return d.contactsWithIn(ctx, q, h, `c.deleted_at IS NOT NULL AND c.id IN (SELECT b.contact_id FROM blocks b WHERE `+inForceSQL+`)`, d.nowText())
}

// withHandleSQL is the condition that contact c has the number or email
// h: one indexed lookup of the number, or of the address's prefix
// (emailIs).
func withHandleSQL(h contact.Handle) (string, []any) {
	if h.E164 != "" {
		return `c.id IN (SELECT contact_id FROM contact_phones WHERE e164 = ?)`, []any{h.E164}
	}
	return `c.id IN (SELECT contact_id FROM contact_emails WHERE ` + emailIs(`address`, `?`) + `)`, []any{h.Email, h.Email}
}

// contactsWithIn is contactsWith for the contacts that meet cond (with
// condArgs).
func (d *DB) contactsWithIn(ctx context.Context, q querier, h contact.Handle, cond string, condArgs ...any) ([]*contact.Contact, error) {
	if h.E164 == "" && h.Email == "" {
		return nil, contact.Errorf(contact.EINVALID, "lookup: no number or email given")
	}
	where, args := withHandleSQL(h)
	return d.selectContacts(ctx, q, where+` AND `+cond, append(args, condArgs...),
		`c.archived_at IS NOT NULL, c.last_activity_at IS NULL, c.last_activity_at DESC, c.id`, 0, 0)
}

// Lookup finds who a number or email belongs to and whether it is blocked:
// by the block that ends last of those in force on it (forever before any
// time): the contacts' blocks, a raw block on it, and the blocks of
// contacts in the trash that have it. A contact whose block that is comes
// first, so that the block is told with its contact; of blocks that end
// alike, the best contact's, then the raw block, then another contact's.
// Blocks of contacts the actor cannot see are never consulted, so a lookup
// reveals nothing about them.
func (d *DB) Lookup(ctx context.Context, h contact.Handle) (*contact.LookupResult, error) {
	cs, err := d.contactsWith(ctx, d.db, h)
	if err != nil {
		return nil, err
	}
	r := &contact.LookupResult{Handle: h, Contacts: cs}
	first := -1
	if len(cs) > 0 && cs[0].Blocked != nil {
		r.Block, first = cs[0].Blocked, 0
	}
	raw, err := d.rawBlock(ctx, d.db, h)
	if err != nil {
		return nil, err
	}
	if raw != nil && (r.Block == nil || contact.EndsLater(raw, r.Block)) {
		r.Block, first = raw, -1
	}
	for i, c := range cs {
		if c.Blocked != nil && (r.Block == nil || contact.EndsLater(c.Blocked, r.Block)) {
			r.Block, first = c.Blocked, i
		}
	}
	if first > 0 {
		c := cs[first]
		copy(cs[1:first+1], cs[:first])
		cs[0] = c
	}
	if r.Block != nil && r.Block.Until == nil {
		return r, nil
	}
	// A blocked contact moved to the trash is blocked still: its block
	// screens the number until it is lifted or ends, or the contact is
	// purged. (Tidying a caller into the trash must not let them through.)
	trashed, err := d.trashedBlocked(ctx, d.db, h)
	if err != nil {
		return nil, err
	}
	var in *contact.Contact
	for _, c := range trashed {
		if c.Blocked != nil && (r.Block == nil || contact.EndsLater(c.Blocked, r.Block)) {
			r.Block, in = c.Blocked, c
		}
	}
	if in != nil {
		r.Contacts = append([]*contact.Contact{in}, cs...)
	}
	return r, nil
}
