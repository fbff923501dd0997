package sqlite

import (
	"context"
	"regexp"
	"strings"

	"github.com/rolo-cli/rolo/internal/contact"
)

var loginRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// CreateUser adds a teammate. Only a user with role owner or manager may
// (SPEC section 1); the login is lower-case letters, digits and . _ - and
// must not be taken (ECONFLICT).
func (d *DB) CreateUser(ctx context.Context, login, name, role string) (*contact.User, error) {
	if !d.actor.IsManager() {
		return nil, contact.Errorf(contact.EPERM, "team add: only an owner or manager may add teammates (%s is a %s)", d.actor.Login, d.actor.Role)
	}
	login = strings.TrimSpace(login)
	if len(login) > 64 || !loginRE.MatchString(login) {
		return nil, contact.Errorf(contact.EINVALID, "user: %q is not a valid login (lower-case letters, digits, . _ -; starting with a letter or digit)", login)
	}
	name = strings.TrimSpace(name)
	if strings.ContainsAny(name, "\t\r\n") || len(name) > contact.MaxFieldLen {
		return nil, contact.Errorf(contact.EINVALID, "--name: %q must be one line of text", name)
	}
	if role == "" {
		role = contact.RoleMember
	}
	role = strings.ToLower(strings.TrimSpace(role))
	switch role {
	case contact.RoleOwner, contact.RoleManager, contact.RoleMember:
	default:
		return nil, contact.Errorf(contact.EINVALID, "--role: %q must be one of owner, manager, member", role)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, dbError(err)
	}
	defer tx.Rollback()
	if _, err := d.userByLogin(ctx, tx, login); err == nil {
		return nil, contact.Errorf(contact.ECONFLICT, "user: %q is already a teammate", login)
	} else if contact.ErrorCode(err) != contact.ENOTFOUND {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (login, name, role, created_at) VALUES (?, ?, ?, ?)`, login, name, role, d.nowText()); err != nil {
		return nil, dbError(err)
	}
	u, err := d.userByLogin(ctx, tx, login)
	if err != nil {
		return nil, err
	}
	return u, dbError(tx.Commit())
}
