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
// up writers. It holds the store's only connection while fn runs, so fn
// must not use the store: such a call waits until ctx ends.
func (d *DB) EachContact(ctx context.Context, f contact.Filter, pageSize int, fn func([]*contact.Contact) error) error {
	if pageSize <= 0 {
		pageSize = 1000
	}
	sel, err := d.buildWhere(f, false)
	if err != nil {
		return err
	}
	// One query, read a page at a time as it goes: a page that starts
	// where the last ended (c.id > ?) runs the query again, subqueries and
	// all (the IDs with a tag, listed afresh for each page: 57 ms a page
	// for a common tag among a million contacts).
	return readTx(ctx, d.db, func(conn querier) error {
		each := d.withInteractions(ctx, conn, f, fn)
		return d.eachRankedIn(ctx, conn, "", sel.where, sel.args, "c.id", 0, 0, 0, pageSize, func(cs []*contact.Contact) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return each(cs)
		})
	})
}

// withInteractions is fn, after it reads each page's whole interaction
// history with q when f asks for it (Filter.Interactions).
func (d *DB) withInteractions(ctx context.Context, q querier, f contact.Filter, fn func([]*contact.Contact) error) func([]*contact.Contact) error {
	if !f.Interactions {
		return fn
	}
	return func(cs []*contact.Contact) error {
		if err := d.loadInteractions(ctx, q, cs); err != nil {
			return err
		}
		return fn(cs)
	}
}
