package sqlite

import (
	"context"

	"github.com/rolo-cli/rolo/internal/contact"
)

// EachContact calls fn with the visible contacts that match f (its Sort,
// Limit, Offset and AfterID aside), in ID order, at most pageSize at a
// time, all read from one snapshot of the database. An export of any size
// thus holds one page in memory and is still one consistent picture while
// other processes write: a bulk edit or an import is in it wholly or not at
// all. The snapshot is a read transaction, which in WAL mode does not hold
// up writers.
func (d *DB) EachContact(ctx context.Context, f contact.Filter, pageSize int, fn func([]*contact.Contact) error) error {
	if pageSize <= 0 {
		pageSize = 1000
	}
	sel, err := d.buildWhere(f, false)
	if err != nil {
		return err
	}
	return readTx(ctx, d.db, func(conn querier) error {
		var after int64
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			where, args := sel.where, sel.args
			if after > 0 {
				where = "(" + where + ") AND c.id > ?"
				args = append(args[:len(args):len(args)], after)
			}
			cs, err := d.selectContacts(ctx, conn, where, args, "c.id", pageSize, 0)
			if err != nil {
				return err
			}
			if f.Interactions {
				if err := d.loadInteractions(ctx, conn, cs); err != nil {
					return err
				}
			}
			if len(cs) > 0 {
				if err := fn(cs); err != nil {
					return err
				}
			}
			if len(cs) < pageSize {
				return nil
			}
			after = cs[len(cs)-1].ID
		}
	})
}
