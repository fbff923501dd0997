package sqlite

import (
	"context"
	"database/sql"
	"runtime"
	"strings"
	"sync"

	"github.com/google/uuid"

	"github.com/rolo-cli/rolo/internal/contact"
)

// inserter writes new contacts fast: every statement is prepared once per
// transaction, a new contact needs no DELETEs, and its search document is
// built from the values in hand rather than read back through
// contact_search_doc. It stores exactly what createContact stores.
type inserter struct {
	d     *DB
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	now   string
}

var insertSQL = map[string]string{
	"contact": `INSERT INTO contacts (uid, display_name, prefix, first_name, middle_name, last_name,
		suffix, nickname, company, title, department, type, level, birthday, anniversary, language, timezone,
		visibility, owner_id, created_by, created_at, updated_at, import_batch_id, vcard_extra)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	"phone":   `INSERT INTO contact_phones (contact_id, position, label, number, e164, digits) VALUES (?, ?, ?, ?, ?, ?)`,
	"email":   `INSERT INTO contact_emails (contact_id, position, label, address) VALUES (?, ?, ?, ?)`,
	"address": `INSERT INTO contact_addresses (contact_id, position, label, street, city, state, zip, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
	"social":  `INSERT INTO contact_socials (contact_id, position, network, handle) VALUES (?, ?, ?, ?)`,
	"url":     `INSERT INTO contact_urls (contact_id, position, label, url) VALUES (?, ?, ?, ?)`,
	"tag":     `INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?)`,
	"attr":    `INSERT INTO contact_attributes (contact_id, key, value) VALUES (?, ?, ?)`,
	"note":    `INSERT INTO notes (contact_id, user_id, body, created_at) VALUES (?, ?, ?, ?)`,
	"fav":     `INSERT OR IGNORE INTO favorites (user_id, contact_id, created_at) VALUES (?, ?, ?)`,
	"change":  `INSERT INTO changes (contact_id, user_id, at, action, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)`,
	"fts": `INSERT INTO contacts_fts (rowid, ` + ftsColumns + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
}

func (d *DB) newInserter(ctx context.Context, tx *sql.Tx) (*inserter, error) {
	ins := &inserter{d: d, tx: tx, stmts: make(map[string]*sql.Stmt, len(insertSQL)), now: d.nowText()}
	for name, q := range insertSQL {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			ins.close()
			return nil, dbError(err)
		}
		ins.stmts[name] = st
	}
	return ins, nil
}

func (ins *inserter) close() {
	for _, st := range ins.stmts {
		st.Close()
	}
}

func (ins *inserter) exec(ctx context.Context, name string, args ...any) (sql.Result, error) {
	res, err := ins.stmts[name].ExecContext(ctx, args...)
	return res, dbError(err)
}

// insert stores one normalized contact, new to the database, with its
// change-log row and search document. batch is its import batch, or 0.
func (ins *inserter) insert(ctx context.Context, c *contact.Contact, batch int64) error {
	d := ins.d
	if c.UID == "" {
		c.UID = uuid.NewString()
	}
	var batchArg any
	if batch > 0 {
		batchArg = batch
	}
	res, err := ins.stmts["contact"].ExecContext(ctx, c.UID, c.Name, c.Prefix, c.FirstName, c.MiddleName, c.LastName,
		c.Suffix, c.Nickname, c.Company, c.Title, c.Department, c.Type, c.Level, c.Birthday, c.Anniversary,
		c.Language, c.Timezone, c.Visibility, d.actor.ID, d.actor.ID, ins.now, ins.now, batchArg, c.VCardExtra)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed: contacts.uid") {
			return d.uidConflict(ctx, ins.tx, c, func() error { return ins.insert(ctx, c, batch) })
		}
		return dbError(err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return dbError(err)
	}
	id := c.ID
	for i, p := range c.Phones {
		if _, err := ins.exec(ctx, "phone", id, i, p.Label, p.Number, p.E164, phoneDigits(p)); err != nil {
			return err
		}
	}
	for i, e := range c.Emails {
		if _, err := ins.exec(ctx, "email", id, i, e.Label, e.Address); err != nil {
			return err
		}
	}
	for i, a := range c.Addresses {
		if _, err := ins.exec(ctx, "address", id, i, a.Label, a.Street, a.City, a.State, a.Zip, a.Country); err != nil {
			return err
		}
	}
	for i, s := range c.Socials {
		if _, err := ins.exec(ctx, "social", id, i, s.Network, s.Handle); err != nil {
			return err
		}
	}
	for i, u := range c.URLs {
		if _, err := ins.exec(ctx, "url", id, i, u.Label, u.URL); err != nil {
			return err
		}
	}
	for _, t := range c.Tags {
		if _, err := ins.exec(ctx, "tag", id, t); err != nil {
			return err
		}
	}
	for _, k := range c.SortedAttributeKeys() {
		if _, err := ins.exec(ctx, "attr", id, k, c.Attributes[k]); err != nil {
			return err
		}
	}
	for _, n := range c.Notes {
		if _, err := ins.exec(ctx, "note", id, d.actor.ID, n.Text, ins.now); err != nil {
			return err
		}
	}
	if c.Favorite {
		if _, err := ins.exec(ctx, "fav", d.actor.ID, id, ins.now); err != nil {
			return err
		}
	}
	if _, err := ins.exec(ctx, "change", id, d.actor.ID, ins.now, contact.ActionCreate, "", "", c.Name); err != nil {
		return err
	}
	_, err = ins.exec(ctx, "fts", append([]any{id}, searchDoc(c)...)...)
	return err
}

// phoneDigits is what the trigram index searches for a phone: the digits of
// its E.164 form, and the digits as entered when they are not already part
// of those (a national trunk prefix: "020 7946 0958" for +44 20 7946 0958).
func phoneDigits(p contact.Phone) string {
	e164, entered := contact.Digits(p.E164), contact.Digits(p.Number)
	if strings.Contains(e164, entered) {
		return e164
	}
	return e164 + " " + entered
}

// searchDoc is contact_search_doc computed from a contact in hand, in the
// order of ftsColumns. Keep the two in step.
func searchDoc(c *contact.Contact) []any {
	var email, city, addr, tags, attrs, notes []string
	for _, e := range c.Emails {
		email = append(email, e.Address)
	}
	for _, a := range c.Addresses {
		city = append(city, a.City)
		addr = append(addr, a.Street+" "+a.State+" "+a.Zip+" "+a.Country)
	}
	tags = append(tags, c.Tags...)
	for _, k := range c.SortedAttributeKeys() {
		attrs = append(attrs, k+" "+c.Attributes[k])
	}
	for _, n := range c.Notes {
		notes = append(notes, n.Text)
	}
	j := func(s []string) any {
		if len(s) == 0 {
			return nil
		}
		return strings.Join(s, " ")
	}
	return []any{c.FirstName, c.MiddleName, c.LastName, c.Nickname, c.Prefix, c.Suffix, c.Company, c.Title,
		c.Department, j(email), j(city), j(addr), j(tags), j(attrs), j(notes)}
}

// normalizeAll validates contacts on every core; errs[i] is contact i's
// validation error, or nil.
func normalizeAll(cs []*contact.Contact, region string) []error {
	errs := make([]error, len(cs))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(cs)/64))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(cs); i += workers {
				errs[i] = contact.Normalize(cs[i], region)
			}
		}(w)
	}
	wg.Wait()
	return errs
}
