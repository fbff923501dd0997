package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strconv"

	"github.com/google/uuid"

	"github.com/rolo-cli/rolo/internal/contact"
)

// Sharing and ownership (SPEC section 1). Who may see a contact is decided
// by visibleSQL alone; these methods only change the three things it reads:
// visibility, owner_id and the shares table. They act through bulk, so a
// contact the actor cannot see is ENOTFOUND before any permission is
// considered, and a refused contact refuses the whole batch.

// mayManage is the rule for share, unshare, publish and a private
// contact's transfer: its owner only.
func (d *DB) mayManage(c *contact.Contact, verb string) error {
	if c.Owner == d.actor.Login {
		return nil
	}
	return contact.Errorf(contact.EPERM, "contact %d (%s): only its owner %s may %s it", c.ID, c.Name, c.Owner, verb)
}

// mayTransfer is the transfer rule of SPEC section 1 (see
// mayOwnerOrManager).
func (d *DB) mayTransfer(c *contact.Contact) error { return d.mayOwnerOrManager(c, "transfer") }

// mayOwnerOrManager adds to mayManage that a public contact may also be
// deleted, merged or handed over by an owner or manager of the account;
// the refusal says who may, by the contact's visibility.
func (d *DB) mayOwnerOrManager(c *contact.Contact, verb string) error {
	if c.Owner == d.actor.Login || c.Visibility == contact.Public && d.actor.IsManager() {
		return nil
	}
	if c.Visibility == contact.Public {
		return contact.Errorf(contact.EPERM, "contact %d (%s): only its owner %s or an owner/manager of the account may %s it", c.ID, c.Name, c.Owner, verb)
	}
	return d.mayManage(c, verb)
}

// teammates looks up logins, each once, in order.
func (d *DB) teammates(ctx context.Context, q querier, logins []string) ([]*contact.User, error) {
	if len(logins) == 0 {
		return nil, contact.Errorf(contact.EINVALID, "--with: name a teammate (see rolo team list)")
	}
	var out []*contact.User
	for _, l := range logins {
		u, err := d.teammate(ctx, q, l)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(out, func(o *contact.User) bool { return o.ID == u.ID }) {
			out = append(out, u)
		}
	}
	return out, nil
}

// teammate looks up one login with an error that says where to look.
func (d *DB) teammate(ctx context.Context, q querier, login string) (*contact.User, error) {
	u, err := d.userByLogin(ctx, q, login)
	if contact.ErrorCode(err) == contact.ENOTFOUND {
		return nil, contact.Errorf(contact.ENOTFOUND, "user: no teammate %s (see rolo team list)", contact.Quote(login))
	}
	return u, err
}

// Share gives teammates access to private contacts. Sharing with the owner,
// with someone who already has access, or a public contact (everyone has
// access) changes nothing.
func (d *DB) Share(ctx context.Context, ids []int64, logins []string) (int, error) {
	users, err := d.teammates(ctx, d.db, logins)
	if err != nil {
		return 0, err
	}
	again := true
	return d.bulk(ctx, ids, contact.PartShares, func(tx *sql.Tx, cs []*contact.Contact) (int, error) {
		if again {
			// Once more in the transaction, which may have waited for
			// the write lock while a team rm of one of them ended: a
			// removed teammate gets no share, which would come back with
			// them.
			if users, err = d.teammates(ctx, tx, logins); err != nil {
				return 0, err
			}
			again = false
		}
		var shares []any
		var log []logged
		var changed []int64
		for _, c := range cs {
			if c.Visibility == contact.Public {
				continue
			}
			if err := d.mayManage(c, "share"); err != nil {
				return 0, err
			}
			n := len(log)
			for _, u := range users {
				if u.Login == c.Owner || slices.Contains(c.SharedWith, u.Login) {
					continue
				}
				shares = append(shares, c.ID, u.ID, d.actor.ID, d.nowText())
				log = append(log, logged{id: c.ID, action: contact.ActionShare, Change: contact.Change{Field: contact.FieldSharedWith, New: u.Login}})
			}
			if len(log) > n {
				changed = append(changed, c.ID)
			}
		}
		if err := insertRows(ctx, tx, `INSERT INTO shares (contact_id, user_id, created_by, created_at)`, 4, shares); err != nil {
			return 0, err
		}
		if err := d.forgetExposedMerges(ctx, tx, changed); err != nil {
			return 0, err
		}
		return d.logSharing(ctx, tx, changed, log)
	})
}

// Unshare takes teammates' access to private contacts back. A teammate
// the contact is not shared with is not an error: nothing changes.
func (d *DB) Unshare(ctx context.Context, ids []int64, logins []string) (int, error) {
	users, err := d.teammates(ctx, d.db, logins)
	if err != nil {
		return 0, err
	}
	return d.bulk(ctx, ids, contact.PartShares, func(tx *sql.Tx, cs []*contact.Contact) (int, error) {
		var log []logged
		var changed []int64
		for _, c := range cs {
			if c.Visibility == contact.Public {
				continue
			}
			if err := d.mayManage(c, "unshare"); err != nil {
				return 0, err
			}
			n := len(log)
			for _, u := range users {
				if !slices.Contains(c.SharedWith, u.Login) {
					continue
				}
				if _, err := tx.ExecContext(statementContext(ctx), `DELETE FROM shares WHERE contact_id = ? AND user_id = ?`, c.ID, u.ID); err != nil {
					return 0, dbError(err)
				}
				log = append(log, logged{id: c.ID, action: contact.ActionUnshare, Change: contact.Change{Field: contact.FieldSharedWith, Old: u.Login}})
			}
			if len(log) > n {
				changed = append(changed, c.ID)
			}
		}
		if err := d.forgetRestoredMerges(ctx, tx, changed); err != nil {
			return 0, err
		}
		return d.logSharing(ctx, tx, changed, log)
	})
}

// Publish makes private contacts public. There is no way back (SPEC
// section 1); the shares, which every teammate now has anyway, go.
func (d *DB) Publish(ctx context.Context, ids []int64) (int, error) {
	return d.bulk(ctx, ids, 0, func(tx *sql.Tx, cs []*contact.Contact) (int, error) {
		var changed []int64
		var log []logged
		for _, c := range cs {
			if c.Visibility == contact.Public {
				continue
			}
			if err := d.mayManage(c, "publish"); err != nil {
				return 0, err
			}
			changed = append(changed, c.ID)
			log = append(log, logged{id: c.ID, action: contact.ActionPublish,
				Change: contact.Change{Field: contact.FieldVisibility, Old: contact.Private, New: contact.Public}})
		}
		if err := d.execIn(ctx, tx, `UPDATE contacts SET public = 1 WHERE id IN`, nil, changed); err != nil {
			return 0, err
		}
		if err := d.execIn(ctx, tx, `DELETE FROM shares WHERE contact_id IN`, nil, changed); err != nil {
			return 0, err
		}
		if err := d.forgetExposedMerges(ctx, tx, changed); err != nil {
			return 0, err
		}
		return d.logSharing(ctx, tx, changed, log)
	})
}

// Transfer makes a teammate the owner of contacts. A private contact's
// previous owner keeps no access unless it is shared with them; the new
// owner's share, if any, is dropped as it says nothing more.
func (d *DB) Transfer(ctx context.Context, ids []int64, login string) (int, error) {
	if login == "" {
		return 0, contact.Errorf(contact.EINVALID, "--to: name the teammate who will own the contacts")
	}
	to, err := d.teammate(ctx, d.db, login)
	if err != nil {
		return 0, err
	}
	again := true
	return d.bulk(ctx, ids, 0, func(tx *sql.Tx, cs []*contact.Contact) (int, error) {
		if again {
			// Once more in the transaction (see Share): no contact goes
			// to a teammate removed while it waited for the write lock.
			if to, err = d.teammate(ctx, tx, login); err != nil {
				return 0, err
			}
			again = false
		}
		var changed []int64
		var log []logged
		for _, c := range cs {
			if c.Owner == to.Login {
				continue
			}
			if err := d.mayTransfer(c); err != nil {
				return 0, err
			}
			changed = append(changed, c.ID)
			log = append(log, logged{id: c.ID, action: contact.ActionTransfer, Change: transferChange(c.Owner, to)})
		}
		if err := d.execIn(ctx, tx, `UPDATE contacts SET owner_id = ?, updated_at = ? WHERE id IN`, []any{to.ID, d.nowText()}, changed); err != nil {
			return 0, err
		}
		if err := d.execIn(ctx, tx, `DELETE FROM shares WHERE user_id = ? AND contact_id IN`, []any{to.ID}, changed); err != nil {
			return 0, err
		}
		if err := d.forgetExposedMerges(ctx, tx, changed); err != nil {
			return 0, err
		}
		if err := d.forgetRestoredMerges(ctx, tx, changed); err != nil {
			return 0, err
		}
		return len(changed), d.logAll(ctx, tx, log)
	})
}

func transferChange(from string, to *contact.User) contact.Change {
	return contact.Change{Field: contact.FieldOwner, Old: from, New: to.Login}
}

// transfer sets a contact's owner, with its change-log row.
func (d *DB) transfer(ctx context.Context, tx *sql.Tx, id int64, from string, to *contact.User) error {
	if _, err := tx.ExecContext(ctx, `UPDATE contacts SET owner_id = ?, updated_at = ? WHERE id = ?`, to.ID, d.nowText(), id); err != nil {
		return dbError(err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM shares WHERE contact_id = ? AND user_id = ?`, id, to.ID); err != nil {
		return dbError(err)
	}
	if err := d.forgetExposedMerges(ctx, tx, []int64{id}); err != nil {
		return err
	}
	if err := d.forgetRestoredMerges(ctx, tx, []int64{id}); err != nil {
		return err
	}
	return d.logChanges(ctx, tx, id, contact.ActionTransfer, []contact.Change{transferChange(from, to)})
}

func (d *DB) dropShares(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM shares WHERE contact_id = ?`, id)
	return dbError(err)
}

// logSharing moves the updated_at of the contacts changed and records
// their changes; it returns how many contacts changed.
func (d *DB) logSharing(ctx context.Context, tx *sql.Tx, changed []int64, log []logged) (int, error) {
	return len(changed), d.edited(ctx, tx, changed, log)
}

// visibilityChange is the visibility rule of UpdateContact (edit, the
// editor form, import updates, merge): a public contact is never made
// private again, and only a private contact's owner may make it public.
// It reports whether c is old made public (contact.Diff logs that).
func (d *DB) visibilityChange(old, c *contact.Contact) (bool, error) {
	if old.Visibility == c.Visibility {
		return false, nil
	}
	if old.Visibility == contact.Public {
		return false, contact.Errorf(contact.EPERM, "visibility: contact %d (%s) is public and can never be made private again", old.ID, old.Name)
	}
	if err := d.mayManage(old, "publish"); err != nil {
		return false, err
	}
	return true, nil
}

// uidTaken reports whether a UID is used by a contact the actor can see,
// (a UUID in any case: uidIs); a UID held only by contacts the actor
// cannot see is, for the actor, free.
func (d *DB) uidTaken(ctx context.Context, q querier, uid string) (bool, error) {
	where, args := contactUIDIs("c", uid)
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM contacts c WHERE `+where+` AND `+visibleSQL,
		append(args, d.visibleArgs()...)...).Scan(&n)
	return n > 0, dbError(err)
}

// uidHeld reports whether any contact, whoever may see it, holds uid (a
// UUID in any case: uidIs), or, with otherwise, holds it written
// otherwise than uid (a UUID in another case).
func uidHeld(ctx context.Context, q querier, uid string, otherwise bool) (bool, error) {
	where, args := contactUIDIs("c", uid)
	if otherwise {
		where, args = where+` AND `+uidSQL("c")+` <> ?`, append(args, uid)
	}
	var held bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM contacts c WHERE `+where+`)`, args...).Scan(&held)
	return held, dbError(err)
}

// uidConflict handles a new contact whose UID is taken, in any spelling.
// A UID held by a contact the actor can see is ECONFLICT; one held only by contacts the
// actor cannot see must not reveal them, so the new contact gets the
// actor's stand-in for that UID (standInUID) or, when that is taken too,
// a new one, and retry stores it.
func (d *DB) uidConflict(ctx context.Context, q querier, c *contact.Contact, retry func() error) error {
	taken, err := d.uidTaken(ctx, q, c.UID)
	if err != nil {
		return err
	}
	if taken {
		return contact.Errorf(contact.ECONFLICT, "uid: a contact with UID %q already exists", c.UID)
	}
	alt := standInUID(d.actor.ID, c.UID)
	held, err := uidHeld(ctx, q, alt, false)
	if err != nil {
		return err
	}
	c.UID = ""
	if !held {
		c.UID = alt
	}
	return retry()
}

// standInUID is the UID a contact gets in place of one held only by
// contacts its creator cannot see: the same each time the same user asks
// for the same UID, so that importing a file again finds the contact
// that the first import created rather than creating another. It is a
// name-based UUID (version 5) of the user's ID and the UID asked for (a
// UUID in small letters, so that the same one asked for in capitals gets
// the same stand-in), and tells nothing of the contact that holds that
// UID.
func standInUID(actor int64, uid string) string {
	return standInAsWritten(actor, contact.UIDKey(uid))
}

// standInAsWritten is standInUID of the UID as written, as it was before
// UUIDs were matched in any case: the stand-in a UUID asked for in
// capitals got then.
func standInAsWritten(actor int64, uid string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("rolo:uid:"+strconv.FormatInt(actor, 10)+":"+uid)).String()
}
