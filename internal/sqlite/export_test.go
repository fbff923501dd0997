package sqlite

import (
	"context"
	"database/sql"
)

// MigrateTo builds the database of an older rolo for tests: it creates the
// file at path and applies only the first k embedded migrations, with no
// user.
func MigrateTo(ctx context.Context, path string, k int) error {
	if err := registerRank(); err != nil {
		return err
	}
	db, err := sql.Open("sqlite3", fileURI(path, "_foreign_keys=on&_journal_mode=WAL&_txlock=immediate"))
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	d := &DB{db: db, path: path, now: nowUTC}
	return d.migrateTo(ctx, k)
}

// Migrations is how many schema versions this build knows.
func Migrations() int { return len(migrationNames()) }

// SetNameWalk sets how many contacts per row of a page a list in name order
// may read in its first walk, and in all, before it gives up and lets
// SQLite find the contacts and sort them (see FindContacts), and returns a
// function that restores the defaults.
func SetNameWalk(perRow, most int) (restore func()) {
	oldPerRow, oldMost := nameWalkPerRow, maxNameWalk
	nameWalkPerRow, maxNameWalk = perRow, most
	return func() { nameWalkPerRow, maxNameWalk = oldPerRow, oldMost }
}

// SetBackupHook sets a function Backup calls with its temporary copy once
// it is created and once it is written ("created", "written"), and
// returns a function that removes it.
func SetBackupHook(f func(step, tmp string)) (restore func()) {
	backupHook = f
	return func() { backupHook = nil }
}

// SetRaiseHook sets a function restore-backup calls before it raises the
// ID sequences of its staged copy of a backup: an error from it fails the
// raise, as a full disk would. It returns a function that removes it.
func SetRaiseHook(f func() error) (restore func()) {
	raiseHook = f
	return func() { raiseHook = nil }
}

// BulkChunk is how many contacts a bulk change reads and changes at a time.
const BulkChunk = bulkChunk

// SetRepairHook sets a function doctor's repair calls before each of its
// steps ("upgrade", "recreate", "reindex", "rebuild"); an error it returns
// fails the step as a failing statement would. It returns a function that
// removes it.
func SetRepairHook(f func(step string) error) (restore func()) {
	repairHook = f
	return func() { repairHook = nil }
}
