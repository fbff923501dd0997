package sqlite

import (
	"context"

	"github.com/rolo-cli/rolo/internal/contact"
)

// ImportContacts validates and stores many new contacts in one transaction,
// all or none, each as CreateContact would store it (change-log row, notes,
// favorite, search index). It is the fast path for loading large address
// books in benchmarks and fixtures: one transaction, the search index
// updated once for the batch, and no contact read back. The first invalid
// contact stops it and is named by its position (from 1); nothing is
// written then.
//
// On success each contact has its ID and UID set and its fields in stored
// (normalized) form; owner and times are the store's, read them back with
// Contact when needed.
func (d *DB) ImportContacts(ctx context.Context, cs []*contact.Contact) error {
	for i, err := range normalizeAll(cs, d.region) {
		if err != nil {
			return contact.Errorf(contact.ErrorCode(err), "contact %d of %d: %s", i+1, len(cs), contact.ErrorMessage(err))
		}
	}
	d.largeCache(ctx)
	tx, err := d.begin(ctx)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	ins, err := d.newInserter(ctx, tx)
	if err != nil {
		return err
	}
	defer ins.close()
	for _, c := range cs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := ins.insert(statementContext(ctx), c, 0); err != nil {
			return err
		}
	}
	// No PRAGMA optimize here: statistics taken of a fixture's first
	// chunk (5,000 of a million contacts) made SQLite plan the trash and
	// sorted lists 20 to 100 times slower than on the databases users
	// have, which rolo never analyzes, and the benchmarks measured those.
	if err := tx.Commit(); err != nil {
		return dbError(err)
	}
	return nil
}
