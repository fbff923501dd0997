package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/rolo-cli/rolo/internal/contact"
)

// UpdateContacts is UpdateContact for many contacts in one transaction: fn
// changes each one, and the first contact that fails (fn's error, a
// validation error, a contact that is gone) rolls every change back, so a
// bulk edit is applied to all its contacts or to none, even when the
// process dies half-way. The error names that contact, unless the database
// itself failed (a full disk). It returns how many contacts changed.
//
// The contacts are read a chunk at a time (bulkChunk), each written as
// UpdateContact writes it but for the tables of fields it leaves as they
// were, with the search index brought in step once per chunk; none is
// read back, as the caller has only the count.
func (d *DB) UpdateContacts(ctx context.Context, ids []int64, fn func(*contact.Contact) error) (int, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return 0, dbError(err)
	}
	defer tx.Rollback()
	changed := 0
	err = d.eachChunk(ctx, tx, ids, contact.ScopeActive, contact.AllParts, func(cs []*contact.Contact, part []int64) error {
		var reindex []int64
		for i, old := range cs {
			if err := ctx.Err(); err != nil {
				return err
			}
			id := part[i]
			if old == nil {
				return contact.Errorf(contact.ENOTFOUND, "contact %d: %s", id, contact.ErrorMessage(notFoundID(id)))
			}
			c, changes, err := d.planUpdate(old, fn)
			if err == nil && len(changes) > 0 {
				err = d.writeUpdate(statementContext(ctx), tx, old, c, changes, true)
			}
			if err != nil {
				msg := contact.ErrorMessage(err)
				if strings.Contains(msg, fmt.Sprintf("contact %d ", id)) || strings.HasPrefix(msg, "database: ") {
					// The message names the contact already, or is
					// about the database (a full disk), not this
					// contact, which it would wrongly blame.
					return err
				}
				return contact.Errorf(contact.ErrorCode(err), "contact %d (%s): %s", id, contact.MessageName(old.Name), msg)
			}
			if len(changes) > 0 {
				changed++
				reindex = append(reindex, id)
			}
		}
		return d.reindex(statementContext(ctx), tx, reindex...)
	})
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, dbError(err)
	}
	return changed, nil
}
