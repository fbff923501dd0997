package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// Saved views belong to the account (SPEC section 1: only favorites are
// per user): a name is unique in it, any teammate may use or replace a
// view, and user_id is who saved it last. A view is a query, not a list of
// contacts: each user runs it with their own visibility.

// SaveView stores a view in the account, replacing one of the same name,
// whoever saved it (replaced says so), but keeping its columns or sort
// where keep says: the old view is read and the new one written in one
// transaction, so that what is kept is what was there. The acting user is
// recorded as its saver. The query is checked first by running it.
func (d *DB) SaveView(ctx context.Context, v *contact.View, keep contact.ViewKeep) (replaced bool, err error) {
	if err := contact.ValidateViewName(v.Name); err != nil {
		return false, err
	}
	if _, err := d.FindContacts(ctx, contact.Filter{Query: v.Query, Sort: v.Sort, Limit: 1}); err != nil {
		return false, err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return false, dbError(err)
	}
	defer tx.Rollback()
	var cols, sort, created string
	err = tx.QueryRowContext(ctx, `SELECT columns, sort, created_at FROM views WHERE name = ?`, v.Name).
		Scan(&cols, &sort, &created)
	switch {
	case err == nil:
		replaced = true
		if keep.Columns {
			v.Columns = splitList(cols)
		}
		if keep.Sort {
			v.Sort = splitList(sort)
		}
		v.CreatedAt = parseTime(created)
	case errors.Is(err, sql.ErrNoRows):
		v.CreatedAt = d.now().UTC().Truncate(1e9)
	default:
		return false, dbError(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO views (user_id, name, query, columns, sort, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET user_id = excluded.user_id, query = excluded.query, columns = excluded.columns, sort = excluded.sort`,
		d.actor.ID, v.Name, v.Query, strings.Join(v.Columns, ","), strings.Join(v.Sort, ","), formatTime(v.CreatedAt)); err != nil {
		return false, dbError(err)
	}
	v.By = d.actor.Login
	return replaced, dbError(tx.Commit())
}

// CheckView checks a view's name, query and sort as SaveView does, with
// no database, so that view save refuses a bad one before it opens (and
// perhaps creates) a database. It builds the query's SQL, which reads no
// table. region reads the query's phone numbers.
func CheckView(v *contact.View, region string) error {
	if err := contact.ValidateViewName(v.Name); err != nil {
		return err
	}
	d := &DB{region: region, now: time.Now, actor: &contact.User{}}
	_, _, err := d.findQuery(contact.Filter{Query: v.Query, Sort: v.Sort, Limit: 1})
	return err
}

// View returns one of the account's views.
func (d *DB) View(ctx context.Context, name string) (*contact.View, error) {
	vs, err := d.views(ctx, `WHERE v.name = ?`, name)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, contact.Errorf(contact.ENOTFOUND, "no view %s (see rolo view list)", contact.Quote(name))
	}
	return vs[0], nil
}

// Views lists the account's views by name, each with who saved it last,
// named as history names users ("LOGIN (removed)" for one who has left).
func (d *DB) Views(ctx context.Context) ([]*contact.View, error) {
	return d.views(ctx, "")
}

func (d *DB) views(ctx context.Context, cond string, args ...any) ([]*contact.View, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT v.name, v.query, v.columns, v.sort, v.created_at, `+userLabel("u")+`
		FROM views v JOIN users u ON u.id = v.user_id `+cond+` ORDER BY v.name`, args...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	out := []*contact.View{}
	for rows.Next() {
		v := &contact.View{}
		var cols, sort, created string
		if err := rows.Scan(&v.Name, &v.Query, &cols, &sort, &created, &v.By); err != nil {
			return nil, dbError(err)
		}
		v.Columns, v.Sort = splitList(cols), splitList(sort)
		v.CreatedAt = parseTime(created)
		out = append(out, v)
	}
	return out, dbError(rows.Err())
}

// DeleteViews removes views of the account, all or none: a name that is no
// view (ENOTFOUND) removes nothing. Any teammate may remove a view, as any
// may replace one (SaveView): a view is the team's.
func (d *DB) DeleteViews(ctx context.Context, names []string) error {
	tx, err := d.begin(ctx)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	for i, name := range names {
		res, err := tx.ExecContext(ctx, `DELETE FROM views WHERE name = ?`, name)
		if err != nil {
			return dbError(err)
		}
		// A name given twice is one view, removed the first time.
		if n, _ := res.RowsAffected(); n == 0 && !slices.Contains(names[:i], name) {
			if len(names) > 1 {
				return contact.Errorf(contact.ENOTFOUND, "no view %s (see rolo view list); no view was removed", contact.Quote(name))
			}
			return contact.Errorf(contact.ENOTFOUND, "no view %s (see rolo view list)", contact.Quote(name))
		}
	}
	return dbError(tx.Commit())
}

func splitList(s string) []string {
	out := []string{}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
