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

// SaveView stores a view for the acting user, replacing one of the same
// name (replaced says so) but keeping its columns or sort where keep says:
// the old view is read and the new one written in one transaction, so that
// what is kept is what was there. The query is checked first by running it.
func (d *DB) SaveView(ctx context.Context, v *contact.View, keep contact.ViewKeep) (replaced bool, err error) {
	if err := contact.ValidateViewName(v.Name); err != nil {
		return false, err
	}
	if _, err := d.FindContacts(ctx, contact.Filter{Query: v.Query, Sort: v.Sort, Limit: 1}); err != nil {
		return false, err
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, dbError(err)
	}
	defer tx.Rollback()
	var cols, sort, created string
	err = tx.QueryRowContext(ctx, `SELECT columns, sort, created_at FROM views WHERE user_id = ? AND name = ?`, d.actor.ID, v.Name).
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
		ON CONFLICT (user_id, name) DO UPDATE SET query = excluded.query, columns = excluded.columns, sort = excluded.sort`,
		d.actor.ID, v.Name, v.Query, strings.Join(v.Columns, ","), strings.Join(v.Sort, ","), v.CreatedAt.Format(timeLayout)); err != nil {
		return false, dbError(err)
	}
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

// View returns one of the acting user's views.
func (d *DB) View(ctx context.Context, name string) (*contact.View, error) {
	vs, err := d.views(ctx, `AND name = ?`, name)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, contact.Errorf(contact.ENOTFOUND, "no view %q (see rolo view list)", name)
	}
	return vs[0], nil
}

// Views lists the acting user's views by name.
func (d *DB) Views(ctx context.Context) ([]*contact.View, error) {
	return d.views(ctx, "")
}

func (d *DB) views(ctx context.Context, cond string, args ...any) ([]*contact.View, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT name, query, columns, sort, created_at FROM views WHERE user_id = ? `+cond+` ORDER BY name`,
		append([]any{d.actor.ID}, args...)...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	out := []*contact.View{}
	for rows.Next() {
		v := &contact.View{}
		var cols, sort, created string
		if err := rows.Scan(&v.Name, &v.Query, &cols, &sort, &created); err != nil {
			return nil, dbError(err)
		}
		v.Columns, v.Sort = splitList(cols), splitList(sort)
		v.CreatedAt = parseTime(created)
		out = append(out, v)
	}
	return out, dbError(rows.Err())
}

// DeleteViews removes some of the acting user's views, all or none: a
// name that is not one of them (ENOTFOUND) removes nothing.
func (d *DB) DeleteViews(ctx context.Context, names []string) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	for i, name := range names {
		res, err := tx.ExecContext(ctx, `DELETE FROM views WHERE user_id = ? AND name = ?`, d.actor.ID, name)
		if err != nil {
			return dbError(err)
		}
		// A name given twice is one view, removed the first time.
		if n, _ := res.RowsAffected(); n == 0 && !slices.Contains(names[:i], name) {
			if len(names) > 1 {
				return contact.Errorf(contact.ENOTFOUND, "no view %q (see rolo view list); no view was removed", name)
			}
			return contact.Errorf(contact.ENOTFOUND, "no view %q (see rolo view list)", name)
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
