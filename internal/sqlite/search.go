package sqlite

import (
	"context"
	"database/sql"

	"github.com/rolo-cli/rolo/internal/shield"
)

// ftsColumns are the columns of contacts_fts, in order; contact_search_doc
// has one column of the same name for each.
const ftsColumns = `first, middle, last, nickname, prefix, suffix, company, title, department, email, city, address, tags, attrs, notes`

// reindex brings the full-text index in step with the stored contacts ids.
// Every store method that changes what is searchable about a contact
// (names, work fields, emails, addresses, tags, attributes, notes) calls it
// in the same transaction. Phone digits are kept in step by triggers.
func (d *DB) reindex(ctx context.Context, tx *sql.Tx, ids ...int64) error {
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := int64Args(ids[start:min(start+chunk, len(ids))])
		in := "(" + placeholders(len(part)) + ")"
		if _, err := tx.ExecContext(ctx, `DELETE FROM contacts_fts WHERE rowid IN `+in, part...); err != nil {
			return dbError(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO contacts_fts (rowid, `+ftsColumns+`)
			SELECT id, `+ftsColumns+` FROM contact_search_doc WHERE id IN `+in, part...); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// RebuildSearchIndex rebuilds the whole full-text index from the tables,
// in one transaction (see rebuildSearch).
func (d *DB) RebuildSearchIndex(ctx context.Context) error {
	d.largeCache(ctx)
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	if err := rebuildSearch(ctx, tx); err != nil {
		return err
	}
	return dbError(shield.Commit(tx.Commit))
}

// rebuildSearch fills both full-text indexes again from the tables in tx.
// It empties them with FTS5's own commands ('delete-all', and 'rebuild',
// which starts with it), which drop what they held without reading it: a
// damaged index is rebuilt as a sound one is.
func rebuildSearch(ctx context.Context, tx *sql.Tx) error {
	for _, s := range []string{
		`INSERT INTO contacts_fts (contacts_fts) VALUES ('delete-all')`,
		`INSERT INTO contacts_fts (rowid, ` + ftsColumns + `) SELECT id, ` + ftsColumns + ` FROM contact_search_doc`,
		`INSERT INTO phone_digits (phone_digits) VALUES ('rebuild')`,
	} {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return dbError(err)
		}
	}
	return nil
}
