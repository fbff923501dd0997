package contact

import (
	"strings"

	"github.com/rolo-cli/rolo/internal/lazyre"
)

var loginRE = lazyre.New(`^[a-z0-9][a-z0-9._-]*$`)

// FoldLogin is a login as it is stored: logins are lower case, and any case
// names the same teammate (--as ALICE is alice), so that messages name the
// login acted on rather than the case typed.
func FoldLogin(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// Login folds a login and checks its syntax: lower-case letters, digits
// and . _ -, starting with a letter or digit, at most 64 bytes. One rule
// for team add, the first user of a new database and the profile's user,
// so that an impossible login is refused where it is given, not reported
// later as "not a teammate".
func Login(s string) (string, error) {
	login := FoldLogin(s)
	if len(login) > 64 {
		return "", Errorf(EINVALID, "user: %q is too long for a login (at most 64 bytes)", Excerpt(strings.TrimSpace(s)))
	}
	if !loginRE().MatchString(login) {
		return "", Errorf(EINVALID, "user: %q is not a valid login (ASCII lower-case letters, digits, . _ -; starting with a letter or digit)", strings.TrimSpace(s))
	}
	return login, nil
}
