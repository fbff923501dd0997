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
// process dies half-way. The error names that contact. It returns how many
// contacts changed.
func (d *DB) UpdateContacts(ctx context.Context, ids []int64, fn func(*contact.Contact) error) (int, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, dbError(err)
	}
	defer tx.Rollback()
	changed := 0
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		name := ""
		_, changes, err := d.updateContact(statementContext(ctx), tx, id, func(c *contact.Contact) error {
			name = c.Name
			return fn(c)
		})
		if err != nil {
			msg := contact.ErrorMessage(err)
			switch {
			case strings.Contains(msg, fmt.Sprintf("contact %d ", id)):
				// The message names the contact already.
				return 0, err
			case name == "":
				return 0, contact.Errorf(contact.ErrorCode(err), "contact %d: %s", id, msg)
			}
			return 0, contact.Errorf(contact.ErrorCode(err), "contact %d (%s): %s", id, name, msg)
		}
		if len(changes) > 0 {
			changed++
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, dbError(err)
	}
	return changed, nil
}
