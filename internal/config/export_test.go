package config

import (
	"os/user"
	"testing"
)

// SetCurrentUser replaces the password database lookup for one test.
func SetCurrentUser(t testing.TB, lookup func() (*user.User, error)) {
	old := currentUser
	currentUser = lookup
	t.Cleanup(func() { currentUser = old })
}
