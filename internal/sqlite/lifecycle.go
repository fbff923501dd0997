package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/rolo-cli/rolo/internal/contact"
)

// contactsByIDs loads visible contacts in scope by ID, in the order given,
// a chunk at a time. An ID that is not visible (or not in scope) is
// ENOTFOUND, as if it did not exist.
func (d *DB) contactsByIDs(ctx context.Context, q querier, ids []int64, scope contact.Scope) ([]*contact.Contact, error) {
	out := make([]*contact.Contact, 0, len(ids))
	for start := 0; start < len(ids); start += bulkChunk {
		part := ids[start:min(start+bulkChunk, len(ids))]
		cs, err := d.chunkOf(ctx, q, part, scope, 0)
		if err != nil {
			return nil, err
		}
		if err := missing(part, cs); err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

// bulkChunk is how many contacts a bulk change reads, and changes with one
// statement, at a time: what it holds is bounded by it, whatever the
// selection (100,000 contacts read whole at once took 170-425 MB).
const bulkChunk = 500

// chunkOf reads the visible contacts of ids (at most bulkChunk) in scope,
// in the order given, leaving out the parts in skip; an ID that is not
// there has nil (see missing).
func (d *DB) chunkOf(ctx context.Context, q querier, ids []int64, scope contact.Scope, skip contact.Parts) ([]*contact.Contact, error) {
	found, err := d.selectRanked(ctx, q, "", `c.id IN (`+placeholders(len(ids))+`) AND `+scopeSQL(scope), int64Args(ids), "", 0, 0, skip)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*contact.Contact, len(found))
	for _, c := range found {
		byID[c.ID] = c
	}
	out := make([]*contact.Contact, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

// missing is ENOTFOUND for the first of ids whose contact in cs is nil.
func missing(ids []int64, cs []*contact.Contact) error {
	for i, c := range cs {
		if c == nil {
			return notFoundID(ids[i])
		}
	}
	return nil
}

func notFoundID(id int64) error {
	return contact.Errorf(contact.ENOTFOUND, "no contact with ID %d", id)
}

// allThere makes sure, reading their IDs only, that every contact of ids
// is visible and in scope: the first that is not is ENOTFOUND, before
// anything is written.
func (d *DB) allThere(ctx context.Context, q querier, ids []int64, scope contact.Scope) error {
	for start := 0; start < len(ids); start += bulkChunk {
		part := ids[start:min(start+bulkChunk, len(ids))]
		found, err := queryIDs(ctx, q, `SELECT c.id FROM contacts c WHERE `+visibleSQL+` AND c.id IN (`+placeholders(len(part))+`) AND `+scopeSQL(scope),
			append(d.visibleArgs(), int64Args(part)...)...)
		if err != nil {
			return err
		}
		there := make(map[int64]bool, len(found))
		for _, id := range found {
			there[id] = true
		}
		for _, id := range part {
			if !there[id] {
				return notFoundID(id)
			}
		}
	}
	return nil
}

// eachChunk calls apply with the contacts of ids, bulkChunk at a time, in
// the order given (an ID given twice once), read in scope with only the
// parts in need: nil for one that is not there (see missing). It stops
// at apply's first error, or when ctx is cancelled.
func (d *DB) eachChunk(ctx context.Context, q querier, ids []int64, scope contact.Scope, need contact.Parts, apply func(cs []*contact.Contact, ids []int64) error) error {
	ids = uniqueIDs(ids)
	for start := 0; start < len(ids); start += bulkChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		part := ids[start:min(start+bulkChunk, len(ids))]
		cs, err := d.chunkOf(ctx, q, part, scope, contact.AllParts&^need)
		if err != nil {
			return err
		}
		if err := apply(cs, part); err != nil {
			return err
		}
	}
	return nil
}

// uniqueIDs is ids without repeats, in order.
func uniqueIDs(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// bulk runs apply on the visible, non-trashed contacts of ids in one
// transaction, a chunk at a time (see eachChunk; the contacts have the
// parts in need), and adds up the contacts it says it changed. Nothing is
// written when any contact is missing (checked first) or any apply fails.
func (d *DB) bulk(ctx context.Context, ids []int64, need contact.Parts, apply func(tx *sql.Tx, cs []*contact.Contact) (int, error)) (int, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return 0, dbError(err)
	}
	defer tx.Rollback()
	if err := d.allThere(ctx, tx, ids, contact.ScopeActive); err != nil {
		return 0, err
	}
	changed := 0
	err = d.eachChunk(ctx, tx, ids, contact.ScopeActive, need, func(cs []*contact.Contact, _ []int64) error {
		n, err := apply(tx, cs)
		changed += n
		return err
	})
	if err != nil {
		return 0, err
	}
	return changed, dbError(tx.Commit())
}

func (d *DB) touch(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE contacts SET updated_at = ? WHERE id = ?`, d.nowText(), id)
	return dbError(err)
}

// touchAll is touch for a chunk of contacts, in one statement.
func (d *DB) touchAll(ctx context.Context, tx *sql.Tx, ids []int64) error {
	return d.execIn(ctx, tx, `UPDATE contacts SET updated_at = ? WHERE id IN`, []any{d.nowText()}, ids)
}

// execIn runs stmt, which ends in "IN", on a chunk of IDs: args, then the
// IDs in parentheses. No IDs, no statement.
func (d *DB) execIn(ctx context.Context, tx *sql.Tx, stmt string, args []any, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.ExecContext(statementContext(ctx), stmt+` (`+placeholders(len(ids))+`)`, append(slices.Clip(args), int64Args(ids)...)...)
	return dbError(err)
}

// insertRows runs insert (an INSERT up to its VALUES) for rows of width
// values each, given one after the other in args, as multi-row statements
// in order: the rows get their IDs in the order a statement per row would
// have given them.
func insertRows(ctx context.Context, tx *sql.Tx, insert string, width int, args []any) error {
	const perStatement = 500
	row := "(" + placeholders(width) + ")"
	for start := 0; start < len(args); start += perStatement * width {
		part := args[start:min(start+perStatement*width, len(args))]
		values := strings.TrimSuffix(strings.Repeat(row+",", len(part)/width), ",")
		if _, err := tx.ExecContext(statementContext(ctx), insert+` VALUES `+values, part...); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// logged is one change-log row of a bulk change.
type logged struct {
	id     int64
	action string
	contact.Change
}

// logAll is logChanges for the rows of a chunk of contacts, in order.
func (d *DB) logAll(ctx context.Context, tx *sql.Tx, rows []logged) error {
	now := d.nowText()
	args := make([]any, 0, 7*len(rows))
	for _, r := range rows {
		args = append(args, r.id, d.actor.ID, now, r.action, r.Field, r.Old, r.New)
	}
	return insertRows(ctx, tx, `INSERT INTO changes (contact_id, user_id, at, action, field, old_value, new_value)`, 7, args)
}

// edited records an edit of a chunk of contacts: their update time and
// the change-log rows.
func (d *DB) edited(ctx context.Context, tx *sql.Tx, ids []int64, log []logged) error {
	if err := d.touchAll(ctx, tx, ids); err != nil {
		return err
	}
	return d.logAll(ctx, tx, log)
}

// SetFavorite stars or unstars contacts for the acting user. Favorites are
// per user: another teammate's stars are neither seen nor changed. The
// change is not an edit of the shared contact, so updated_at stays, and
// it is not in the contact's change log, which every teammate reads.
func (d *DB) SetFavorite(ctx context.Context, ids []int64, on bool) (int, error) {
	return d.bulk(ctx, ids, contact.PartFavorite, func(tx *sql.Tx, cs []*contact.Contact) (int, error) {
		var change []int64
		for _, c := range cs {
			if c.Favorite != on {
				change = append(change, c.ID)
			}
		}
		if !on {
			return len(change), d.execIn(ctx, tx, `DELETE FROM favorites WHERE user_id = ? AND contact_id IN`, []any{d.actor.ID}, change)
		}
		args := make([]any, 0, 3*len(change))
		for _, id := range change {
			args = append(args, d.actor.ID, id, d.nowText())
		}
		return len(change), insertRows(ctx, tx, `INSERT OR IGNORE INTO favorites (user_id, contact_id, created_at)`, 3, args)
	})
}

// ownStarsSQL leaves out of a change-log query (ch) the stars of other
// users that rolo logged before stars left the change log: a star is
// its user's alone. It takes the actor's ID and the two actions.
const ownStarsSQL = ` AND (ch.action NOT IN (?, ?) OR ch.user_id = ?)`

func (d *DB) ownStarsArgs() []any {
	return []any{contact.ActionFavorite, contact.ActionUnfavorite, d.actor.ID}
}

// SetArchived archives contacts or takes them out of the archive. An
// archived contact keeps everything; it is only left out of list, search
// and export unless the query says is:archived.
func (d *DB) SetArchived(ctx context.Context, ids []int64, on bool) (int, error) {
	return d.bulk(ctx, ids, 0, func(tx *sql.Tx, cs []*contact.Contact) (int, error) {
		var at any
		action := contact.ActionUnarchive
		if on {
			at, action = d.nowText(), contact.ActionArchive
		}
		var change []int64
		var log []logged
		for _, c := range cs {
			if c.Archived != on {
				change = append(change, c.ID)
				log = append(log, logged{id: c.ID, action: action})
			}
		}
		if err := d.execIn(ctx, tx, `UPDATE contacts SET archived_at = ?, updated_at = ? WHERE id IN`, []any{at, d.nowText()}, change); err != nil {
			return 0, err
		}
		return len(change), d.logAll(ctx, tx, log)
	})
}

// Tag adds and removes tags. A tag already there (in any case) is not
// added twice; removing one the contact does not have is not an error, so
// that a bulk retag changes what needs changing and counts only that. A
// retag that would give a contact more than contact.MaxValues tags is
// refused whole, as an edit would refuse it.
func (d *DB) Tag(ctx context.Context, ids []int64, add, rm []string) (int, error) {
	add, err := contact.CleanTags(add)
	if err != nil {
		return 0, err
	}
	return d.bulk(ctx, ids, contact.PartTags, func(tx *sql.Tx, cs []*contact.Contact) (int, error) {
		var changed []int64
		var log []logged
		var drop, put []any
		for _, c := range cs {
			tags := slices.DeleteFunc(slices.Clone(c.Tags), func(t string) bool {
				return slices.ContainsFunc(rm, func(r string) bool { return contact.SameTag(t, r) })
			})
			for _, a := range add {
				if !slices.ContainsFunc(tags, func(t string) bool { return contact.SameTag(t, a) }) {
					tags = append(tags, a)
				}
			}
			// Fewer tags than before is let through even above the
			// bound, so that a contact stored with too many can be
			// brought under it.
			if len(tags) > len(c.Tags) {
				if err := contact.CheckCount("tags", len(tags)); err != nil {
					return 0, contact.Errorf(contact.EINVALID, "contact %d (%s): %s", c.ID, contact.MessageName(c.Name), contact.ErrorMessage(err))
				}
			}
			slices.Sort(tags)
			after := c.Clone()
			after.Tags = tags
			changes := contact.Diff(c, after)
			if len(changes) == 0 {
				continue
			}
			for _, ch := range changes {
				if ch.Old != "" {
					drop = append(drop, c.ID, ch.Old)
				} else {
					put = append(put, c.ID, ch.New)
				}
				log = append(log, logged{id: c.ID, action: contact.ActionUpdate, Change: ch})
			}
			changed = append(changed, c.ID)
		}
		for start := 0; start < len(drop); start += 2 * bulkChunk {
			part := drop[start:min(start+2*bulkChunk, len(drop))]
			pairs := strings.TrimSuffix(strings.Repeat("(?, ?),", len(part)/2), ",")
			if _, err := tx.ExecContext(statementContext(ctx), `DELETE FROM contact_tags WHERE (contact_id, tag) IN (VALUES `+pairs+`)`, part...); err != nil {
				return 0, dbError(err)
			}
		}
		if err := insertRows(ctx, tx, `INSERT INTO contact_tags (contact_id, tag)`, 2, put); err != nil {
			return 0, err
		}
		if err := d.edited(ctx, tx, changed, log); err != nil {
			return 0, err
		}
		return len(changed), d.reindex(statementContext(ctx), tx, changed...)
	})
}

// AddNote adds the same note, by the acting user, to each contact.
func (d *DB) AddNote(ctx context.Context, ids []int64, text string) (int, error) {
	text, err := contact.CleanNote(text)
	if err != nil {
		return 0, err
	}
	return d.bulk(ctx, ids, 0, func(tx *sql.Tx, cs []*contact.Contact) (int, error) {
		part := make([]int64, len(cs))
		notes := make([]any, 0, 4*len(cs))
		log := make([]logged, len(cs))
		for i, c := range cs {
			part[i] = c.ID
			notes = append(notes, c.ID, d.actor.ID, text, storedTime(d.nowText()))
			log[i] = logged{id: c.ID, action: contact.ActionNote, Change: contact.Change{Field: "note", New: text}}
		}
		if err := insertRows(ctx, tx, `INSERT INTO notes (contact_id, user_id, body, created)`, 4, notes); err != nil {
			return 0, err
		}
		if err := d.edited(ctx, tx, part, log); err != nil {
			return 0, err
		}
		return len(cs), d.reindex(statementContext(ctx), tx, part...)
	})
}

// EachDated calls fn with the birthdays and anniversaries of the visible
// contacts, neither archived nor in the trash, that fall on one of
// monthDays (MM-DD), one date a row (a contact with both is two rows, each
// with one of them), at most pageSize rows at a time, in the order of the
// days of the year from the day from (MM-DD): from to 12-31, then 01-01
// on; the rows of one day in no set order. Names and dates only, all rolo
// birthdays needs, read from one snapshot and handed over a page at a
// time (a year ahead on a million contacts is some 400,000 of them, which
// held at once took 256 MB). fn must not use the store.
func (d *DB) EachDated(ctx context.Context, monthDays []string, from string, pageSize int, fn func([]contact.Dated) error) error {
	if len(monthDays) == 0 {
		return nil
	}
	if pageSize <= 0 {
		pageSize = 1000
	}
	days := stringArgs(monthDays)
	// One read of the contacts (materialized), then each date of theirs
	// on a day asked for, sorted by SQLite, which spills a long sort to
	// its temporary files rather than keeping it in memory.
	args := append(append(append(d.visibleArgs(), days...), days...), days...)
	args = append(append(args, days...), from)
	return readTx(ctx, d.db, func(conn querier) error {
		rows, err := conn.QueryContext(ctx, `WITH dated AS MATERIALIZED (
				SELECT c.id, c.display_name, c.birthday, c.anniversary FROM contacts c
				WHERE `+visibleSQL+` AND c.deleted_at IS NULL AND c.archived_at IS NULL
				AND (`+monthDayIn("c.birthday", len(days))+` OR `+monthDayIn("c.anniversary", len(days))+`))
			SELECT id, display_name, birthday, anniversary FROM (
				SELECT id, display_name, birthday, '' AS anniversary, substr(birthday, -5) AS day FROM dated
				WHERE `+monthDayIn("birthday", len(days))+`
				UNION ALL
				SELECT id, display_name, '', anniversary, substr(anniversary, -5) FROM dated
				WHERE `+monthDayIn("anniversary", len(days))+`)
			ORDER BY day < ?, day`, args...)
		if err != nil {
			return dbError(err)
		}
		defer rows.Close()
		var out []contact.Dated
		for rows.Next() {
			var c contact.Dated
			if err := rows.Scan(&c.ID, &c.Name, &c.Birthday, &c.Anniversary); err != nil {
				return dbError(err)
			}
			out = append(out, c)
			if len(out) == pageSize {
				if err := fn(out); err != nil {
					return err
				}
				out = nil
			}
		}
		if err := rows.Err(); err != nil {
			return dbError(err)
		}
		if len(out) > 0 {
			return fn(out)
		}
		return nil
	})
}
