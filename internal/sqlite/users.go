package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/rolo-cli/rolo/internal/contact"
)

// CreateUser adds a teammate. Only a user with role owner or manager may
// (SPEC section 1); the login (folded to lower case) is lower-case
// letters, digits and . _ - and must not be taken (ECONFLICT).
func (d *DB) CreateUser(ctx context.Context, login, name, role string) (*contact.User, error) {
	return d.AddTeammate(ctx, login, contact.User{Name: name}, role)
}

// AddTeammate is CreateUser with the teammate's details: their name, and
// the email and phone given (as team edit sets them), written in the same
// transaction, so that a teammate is added with them or not at all.
func (d *DB) AddTeammate(ctx context.Context, login string, details contact.User, role string) (*contact.User, error) {
	name := details.Name
	mayAdd := func() error {
		if !d.actor.IsManager() {
			return contact.Errorf(contact.EPERM, "team add: only an owner or manager may add teammates (%s is a %s)", d.actor.Login, d.actor.Role)
		}
		if role == contact.RoleOwner && d.actor.Role != contact.RoleOwner {
			return contact.Errorf(contact.EPERM, "team add: only an owner may add an owner (%s is a %s)", d.actor.Login, d.actor.Role)
		}
		return nil
	}
	if !d.actor.IsManager() {
		return nil, mayAdd()
	}
	login, err := contact.Login(login)
	if err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	if strings.ContainsAny(name, "\t\r\n") || len(name) > contact.MaxFieldLen {
		return nil, contact.Errorf(contact.EINVALID, "--name: %q must be one line of text", name)
	}
	if role == "" {
		role = contact.RoleMember
	}
	role, err = contact.NormalizeRole("--role", role)
	if err != nil {
		return nil, err
	}
	if err := mayAdd(); err != nil {
		return nil, err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, dbError(err)
	}
	defer tx.Rollback()
	// Again with the role the actor has now (see begin).
	if err := mayAdd(); err != nil {
		return nil, err
	}
	if _, err := d.userByLogin(ctx, tx, login); err == nil {
		return nil, contact.Errorf(contact.ECONFLICT, "user: %q is already a teammate", login)
	} else if contact.ErrorCode(err) != contact.ENOTFOUND {
		return nil, err
	}
	// A teammate who was removed comes back as the same user, so that
	// history stays theirs, with the details they had (name, email, phone)
	// unless new ones are given; the role is the one given. Any case finds
	// them, as userByLogin does: a first user made by an older rolo kept
	// $USER's case (Alice), and team add alice brings that user back.
	res, err := tx.ExecContext(ctx, `UPDATE users SET removed_at = NULL, name = CASE WHEN ? = '' THEN name ELSE ? END, role = ?
		WHERE id = (SELECT id FROM users WHERE login = ? COLLATE NOCASE AND removed_at IS NOT NULL ORDER BY login = ? DESC, id LIMIT 1)`, name, name, role, login, login)
	if err != nil {
		return nil, dbError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (login, name, role, created_at) VALUES (?, ?, ?, ?)`, login, name, role, d.nowText()); err != nil {
			return nil, dbError(err)
		}
	}
	u, err := d.userByLogin(ctx, tx, login)
	if err != nil {
		return nil, err
	}
	if details.Email != "" || details.Phone != "" {
		// A teammate who comes back keeps the one of their email
		// and phone that is not given anew.
		n := *u
		if details.Email != "" {
			n.Email = details.Email
		}
		if details.Phone != "" {
			n.Phone = details.Phone
		}
		if err := contact.NormalizeTeammate(&n, d.region); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, email = ?, phone = ? WHERE id = ?`, n.Name, n.Email, n.Phone, u.ID); err != nil {
			return nil, dbError(err)
		}
		if u, err = d.userByLogin(ctx, tx, login); err != nil {
			return nil, err
		}
	}
	return u, dbError(tx.Commit())
}

// activeUserSQL selects the users that are still teammates: a removed one
// keeps its row, with removed_at set, because history names who did what.
const activeUserSQL = `removed_at IS NULL`

// wasRemoved reports whether login names a teammate who was removed, in
// any case, as userByLogin finds one.
func (d *DB) wasRemoved(ctx context.Context, login string) bool {
	var n int
	err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE login = ? COLLATE NOCASE AND removed_at IS NOT NULL`, login).Scan(&n)
	return err == nil && n > 0
}

// begin starts a transaction that changes the database, as the actor is
// now: one removed from the team since the command opened the database
// (while it asked "Move ... to the trash?", or $EDITOR was open) can no
// longer act, and a role changed since is the one the permissions read.
// The write lock is taken first (_txlock=immediate), so no teammate
// changes the role until the transaction ends.
func (d *DB) begin(ctx context.Context) (*sql.Tx, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil || d.actor == nil {
		return tx, dbError(err)
	}
	var role string
	var removed sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT role, removed_at FROM users WHERE id = ?`, d.actor.ID).Scan(&role, &removed); err != nil {
		tx.Rollback()
		if errors.Is(err, sql.ErrNoRows) {
			// No such user any more: a restore-backup replaced the team
			// with one that never had them.
			return nil, contact.Errorf(contact.ENOTFOUND, "user: %q is not a teammate in %s (see rolo team list); nothing was changed", d.actor.Login, contact.PathText(d.path))
		}
		return nil, dbError(err)
	}
	if removed.Valid {
		tx.Rollback()
		return nil, contact.Errorf(contact.ENOTFOUND, "user: %q was removed from the team of %s (see rolo team list); nothing was changed", d.actor.Login, contact.PathText(d.path))
	}
	d.actor.Role = role
	return tx, nil
}

// MayManageTeam refuses, before a command asks anything, a team command
// the actor's role does not allow (see mayManageTeam); the command's write
// checks again, with the role the actor has then.
func (d *DB) MayManageTeam(command string) error { return d.mayManageTeam(command) }

// mayManageTeam is the rule for team add, role and rm: an owner or manager.
func (d *DB) mayManageTeam(command string) error {
	if d.actor.IsManager() {
		return nil
	}
	return contact.Errorf(contact.EPERM, "team %s: only an owner or manager may manage teammates (%s is a %s)", command, d.actor.Login, d.actor.Role)
}

func (d *DB) owners(ctx context.Context, q querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'owner' AND `+activeUserSQL).Scan(&n)
	return n, dbError(err)
}

// mayChangeOwner guards the owner role: only an owner gives it or takes it
// away, and the account always keeps one.
func (d *DB) mayChangeOwner(ctx context.Context, q querier, command string, u *contact.User, demoted bool) error {
	if d.actor.Role != contact.RoleOwner {
		what := "give or take away the owner role"
		if command == "rm" {
			what = "remove an owner"
		}
		return contact.Errorf(contact.EPERM, "team %s: only an owner may %s (%s is a %s)", command, what, d.actor.Login, d.actor.Role)
	}
	if !demoted {
		return nil
	}
	n, err := d.owners(ctx, q)
	if err != nil {
		return err
	}
	if n <= 1 {
		what := "demoted"
		if command == "rm" {
			what = "removed"
		}
		return contact.Errorf(contact.EPERM, "team %s: %s is the last owner of the account and cannot be %s; make another teammate owner first (rolo team role LOGIN owner)", command, u.Login, what)
	}
	return nil
}

// SetRole changes a teammate's role (SPEC section 1).
func (d *DB) SetRole(ctx context.Context, login, role string) (bool, error) {
	if err := d.mayManageTeam("role"); err != nil {
		return false, err
	}
	role, err := contact.NormalizeRole("role", role)
	if err != nil {
		return false, err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return false, dbError(err)
	}
	defer tx.Rollback()
	if err := d.mayManageTeam("role"); err != nil {
		return false, err
	}
	u, err := d.teammate(ctx, tx, login)
	if err != nil {
		return false, err
	}
	if u.Role == role {
		return false, nil
	}
	if u.Role == contact.RoleOwner || role == contact.RoleOwner {
		if err := d.mayChangeOwner(ctx, tx, "role", u, u.Role == contact.RoleOwner); err != nil {
			return false, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, role, u.ID); err != nil {
		return false, dbError(err)
	}
	if u.ID == d.actor.ID {
		d.actor.Role = role
	}
	return true, dbError(tx.Commit())
}

// UpdateUser changes a teammate's contact details.
func (d *DB) UpdateUser(ctx context.Context, login string, fn func(*contact.User) error) (*contact.User, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, dbError(err)
	}
	defer tx.Rollback()
	u, err := d.teammate(ctx, tx, login)
	if err != nil {
		return nil, err
	}
	if u.ID != d.actor.ID && !d.actor.IsManager() {
		return nil, contact.Errorf(contact.EPERM, "team edit: only %s or an owner or manager may change %s's details (%s is a %s)", u.Login, u.Login, d.actor.Login, d.actor.Role)
	}
	n := *u
	if err := fn(&n); err != nil {
		return nil, err
	}
	if err := contact.NormalizeTeammate(&n, d.region); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, email = ?, phone = ? WHERE id = ?`, n.Name, n.Email, n.Phone, u.ID); err != nil {
		return nil, dbError(err)
	}
	if u, err = d.userByLogin(ctx, tx, u.Login); err != nil {
		return nil, err
	}
	return u, dbError(tx.Commit())
}

// ownedPublicSQL is the IDs of a teammate's public contacts, which team
// rm hands over: through the index by owner (contacts_owner_batch).
const ownedPublicSQL = `SELECT id FROM contacts WHERE owner_id = ? AND visibility = 'public' ORDER BY id`

// RemoveUser removes a teammate (SPEC section 1). The public contacts they
// own change hands first, with a transfer row in each contact's change log:
// to transferTo, or to the remover. Their private contacts stay theirs:
// only the owner transfers a private contact, and nobody else may see one,
// so they remain visible only to the users they were shared with, and come
// back with the teammate (team add). Nothing in the outcome depends on
// whether they have any. Their shares and favorites go; their past actions
// stay, under "LOGIN (removed)", and so do the views they saved, which are
// the team's.
func (d *DB) RemoveUser(ctx context.Context, login, transferTo string) (string, error) {
	if err := d.mayManageTeam("rm"); err != nil {
		return "", err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return "", dbError(err)
	}
	defer tx.Rollback()
	if err := d.mayManageTeam("rm"); err != nil {
		return "", err
	}
	u, err := d.teammate(ctx, tx, login)
	if err != nil {
		return "", err
	}
	if u.Role == contact.RoleOwner {
		if err := d.mayChangeOwner(ctx, tx, "rm", u, true); err != nil {
			return "", err
		}
	}
	var to *contact.User
	if transferTo != "" {
		if to, err = d.teammate(ctx, tx, transferTo); err != nil {
			return "", err
		}
		if to.ID == u.ID {
			return "", contact.Errorf(contact.EINVALID, "--transfer-to: name another teammate than %s, who is being removed", u.Login)
		}
	}
	ids, err := queryIDs(ctx, tx, ownedPublicSQL, u.ID)
	if err != nil {
		return "", err
	}
	if to == nil && len(ids) > 0 {
		if u.ID == d.actor.ID {
			return "", contact.Errorf(contact.EINVALID, "team rm: you own public contacts; give --transfer-to LOGIN to hand them over (nothing was changed)")
		}
		to = d.actor
	}
	for _, id := range ids {
		if err := d.transfer(ctx, tx, id, u.Login, to); err != nil {
			return "", err
		}
	}
	// The shares go, each logged as an unshare would be, so that a
	// contact's history does not say it is still shared.
	shared, err := queryIDs(ctx, tx, `SELECT contact_id FROM shares WHERE user_id = ? ORDER BY contact_id`, u.ID)
	if err != nil {
		return "", err
	}
	var since int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM changes`).Scan(&since); err != nil {
		return "", dbError(err)
	}
	var unshared []logged
	for _, id := range shared {
		unshared = append(unshared, logged{id: id, action: contact.ActionUnshare, Change: contact.Change{Field: contact.FieldSharedWith, Old: u.Login}})
	}
	// A chunk at a time: a teammate may hold more shares than one
	// statement binds values.
	for start := 0; start < len(shared); start += bulkChunk {
		end := min(start+bulkChunk, len(shared))
		if err := d.edited(ctx, tx, shared[start:end], unshared[start:end]); err != nil {
			return "", err
		}
	}
	for _, q := range []string{`DELETE FROM shares WHERE user_id = ?`, `DELETE FROM favorites WHERE user_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, u.ID); err != nil {
			return "", dbError(err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET removed_at = ? WHERE id = ?`, d.nowText(), u.ID); err != nil {
		return "", dbError(err)
	}
	if err := d.unshareMerged(ctx, tx, u, since); err != nil {
		return "", err
	}
	if err := dropFromMerges(ctx, tx); err != nil {
		return "", err
	}
	if err := tx.Commit(); err != nil {
		return "", dbError(err)
	}
	if len(ids) == 0 {
		return "", nil
	}
	return to.Login, nil
}

func queryIDs(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	ids, err := queryColumn[int64](ctx, q, query, args...)
	return ids, dbError(err)
}

// queryColumn reads the one column of the rows of query, with SQLite's
// error as it is.
func queryColumn[T any](ctx context.Context, q querier, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
