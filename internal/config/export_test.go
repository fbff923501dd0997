package config

import (
	"os"
	"os/user"
	"testing"
)

// SetCurrentUser replaces the password database lookup for one test.
func SetCurrentUser(t testing.TB, lookup func() (*user.User, error)) {
	old := currentUser
	currentUser = lookup
	t.Cleanup(func() { currentUser = old })
}

// SetLockFile replaces the lock on the config file for one test.
func SetLockFile(t testing.TB, lock func(*os.File) error) {
	old := lockConfig
	lockConfig = lock
	t.Cleanup(func() { lockConfig = old })
}
