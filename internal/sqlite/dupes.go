package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/rolo-cli/rolo/internal/contact"
)

// listSep separates the values of one group_concat: the ASCII unit
// separator, which validation keeps out of every stored value.
const listSep = "\x1f"

// MatchRecords streams, in ID order, what duplicate detection needs of
// each visible contact matching query (the query language; archived and
// trashed contacts only when it asks for them): one SQL statement, no full
// contact loaded, so that a million contacts stream in seconds. fn may keep
// the records it is given, but must not use the store: it runs while the
// query's rows hold the store's only connection, so a call back into d
// waits for that connection until ctx ends. Collect what fn finds and act
// on it after MatchRecords returns.
func (d *DB) MatchRecords(ctx context.Context, query string, fn func(*contact.MatchRecord) error) error {
	sel, err := d.buildWhere(contact.Filter{Query: query, Scope: contact.ScopeActive}, false)
	if err != nil {
		return err
	}
	q := `SELECT c.id, ` + uidSQL("c") + `, c.display_name, c.first_name, c.middle_name, c.last_name, c.nickname, c.company, c.visibility,
		(SELECT group_concat(e164, '` + listSep + `') FROM contact_phones WHERE contact_id = c.id),
		(SELECT group_concat(address, '` + listSep + `') FROM contact_emails WHERE contact_id = c.id),
		(SELECT group_concat(city, '` + listSep + `') FROM contact_addresses WHERE contact_id = c.id AND city <> '')
		FROM contacts c WHERE ` + visibleSQL + ` AND (` + sel.where + `) ORDER BY c.id`
	args := append(d.visibleArgs(), sel.args...)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		r := &contact.MatchRecord{}
		var phones, emails, cities sql.NullString
		if err := rows.Scan(&r.ID, &r.UID, &r.Name, &r.First, &r.Middle, &r.Last, &r.Nickname, &r.Company, &r.Visibility,
			&phones, &emails, &cities); err != nil {
			return dbError(err)
		}
		r.Phones, r.Emails, r.Cities = splitConcat(phones), splitConcat(emails), splitConcat(cities)
		if err := fn(r); err != nil {
			return err
		}
	}
	return dbError(rows.Err())
}

func splitConcat(s sql.NullString) []string {
	if !s.Valid || s.String == "" {
		return nil
	}
	return strings.Split(s.String, listSep)
}
