package sqlite

import (
	"context"
	"database/sql"
	"slices"

	"github.com/rolo-cli/rolo/internal/contact"
)

// contactsByIDs loads visible contacts in scope by ID, in the order given,
// a chunk at a time. An ID that is not visible (or not in scope) is
// ENOTFOUND, as if it did not exist.
func (d *DB) contactsByIDs(ctx context.Context, q querier, ids []int64, scope contact.Scope) ([]*contact.Contact, error) {
	const chunk = 500
	byID := make(map[int64]*contact.Contact, len(ids))
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		cs, err := d.selectContacts(ctx, q, `c.id IN (`+placeholders(len(part))+`) AND `+scopeSQL(scope), int64Args(part), "", 0, 0)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			byID[c.ID] = c
		}
	}
	out := make([]*contact.Contact, 0, len(ids))
	for _, id := range ids {
		c, ok := byID[id]
		if !ok {
			return nil, contact.Errorf(contact.ENOTFOUND, "no contact with ID %d", id)
		}
		out = append(out, c)
	}
	return out, nil
}

// bulk runs apply on each visible, non-trashed contact of ids in one
// transaction and counts those it changed. Nothing is written when any
// contact is missing or any apply fails.
func (d *DB) bulk(ctx context.Context, ids []int64, apply func(tx *sql.Tx, c *contact.Contact) (bool, error)) (int, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, dbError(err)
	}
	defer tx.Rollback()
	cs, err := d.contactsByIDs(ctx, tx, ids, contact.ScopeActive)
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, c := range cs {
		ok, err := apply(tx, c)
		if err != nil {
			return 0, err
		}
		if ok {
			changed++
		}
	}
	return changed, dbError(tx.Commit())
}

func (d *DB) touch(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE contacts SET updated_at = ? WHERE id = ?`, d.nowText(), id)
	return dbError(err)
}

// SetFavorite stars or unstars contacts for the acting user. Favorites are
// per user: another teammate's stars are neither seen nor changed. The
// change is not an edit of the shared contact, so updated_at stays, and
// it is not in the contact's change log, which every teammate reads.
func (d *DB) SetFavorite(ctx context.Context, ids []int64, on bool) (int, error) {
	return d.bulk(ctx, ids, func(tx *sql.Tx, c *contact.Contact) (bool, error) {
		if c.Favorite == on {
			return false, nil
		}
		var err error
		if on {
			_, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO favorites (user_id, contact_id, created_at) VALUES (?, ?, ?)`, d.actor.ID, c.ID, d.nowText())
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM favorites WHERE user_id = ? AND contact_id = ?`, d.actor.ID, c.ID)
		}
		return err == nil, dbError(err)
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
	return d.bulk(ctx, ids, func(tx *sql.Tx, c *contact.Contact) (bool, error) {
		if c.Archived == on {
			return false, nil
		}
		var at any
		action := contact.ActionUnarchive
		if on {
			at, action = d.nowText(), contact.ActionArchive
		}
		if _, err := tx.ExecContext(ctx, `UPDATE contacts SET archived_at = ?, updated_at = ? WHERE id = ?`, at, d.nowText(), c.ID); err != nil {
			return false, dbError(err)
		}
		return true, d.logChanges(ctx, tx, c.ID, action, []contact.Change{{}})
	})
}

// Tag adds and removes tags. A tag already there (in any case) is not
// added twice; removing one the contact does not have is not an error, so
// that a bulk retag changes what needs changing and counts only that.
func (d *DB) Tag(ctx context.Context, ids []int64, add, rm []string) (int, error) {
	add, err := contact.CleanTags(add)
	if err != nil {
		return 0, err
	}
	return d.bulk(ctx, ids, func(tx *sql.Tx, c *contact.Contact) (bool, error) {
		tags := slices.DeleteFunc(slices.Clone(c.Tags), func(t string) bool {
			return slices.ContainsFunc(rm, func(r string) bool { return contact.SameTag(t, r) })
		})
		for _, a := range add {
			if !slices.ContainsFunc(tags, func(t string) bool { return contact.SameTag(t, a) }) {
				tags = append(tags, a)
			}
		}
		slices.Sort(tags)
		after := c.Clone()
		after.Tags = tags
		changes := contact.Diff(c, after)
		if len(changes) == 0 {
			return false, nil
		}
		for _, ch := range changes {
			var err error
			if ch.Old != "" {
				_, err = tx.ExecContext(ctx, `DELETE FROM contact_tags WHERE contact_id = ? AND tag = ?`, c.ID, ch.Old)
			} else {
				_, err = tx.ExecContext(ctx, `INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?)`, c.ID, ch.New)
			}
			if err != nil {
				return false, dbError(err)
			}
		}
		if err := d.touch(ctx, tx, c.ID); err != nil {
			return false, err
		}
		if err := d.logChanges(ctx, tx, c.ID, contact.ActionUpdate, changes); err != nil {
			return false, err
		}
		return true, d.reindex(ctx, tx, c.ID)
	})
}

// AddNote adds the same note, by the acting user, to each contact.
func (d *DB) AddNote(ctx context.Context, ids []int64, text string) (int, error) {
	text, err := contact.CleanNote(text)
	if err != nil {
		return 0, err
	}
	return d.bulk(ctx, ids, func(tx *sql.Tx, c *contact.Contact) (bool, error) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO notes (contact_id, user_id, body, created_at) VALUES (?, ?, ?, ?)`, c.ID, d.actor.ID, text, d.nowText()); err != nil {
			return false, dbError(err)
		}
		if err := d.touch(ctx, tx, c.ID); err != nil {
			return false, err
		}
		if err := d.logChanges(ctx, tx, c.ID, contact.ActionNote, []contact.Change{{Field: "note", New: text}}); err != nil {
			return false, err
		}
		return true, d.reindex(ctx, tx, c.ID)
	})
}

// DatedContacts returns the visible contacts, neither archived nor in the
// trash, that have a birthday or an anniversary.
func (d *DB) DatedContacts(ctx context.Context) ([]*contact.Contact, error) {
	return d.selectContacts(ctx, d.db, `c.deleted_at IS NULL AND c.archived_at IS NULL AND (c.birthday <> '' OR c.anniversary <> '')`, nil, "c.id", 0, 0)
}
