package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

func addNamed(t *testing.T, db *sqlite.DB, names ...string) {
	t.Helper()
	for _, n := range names {
		if err := db.CreateContact(context.Background(), &contact.Contact{FirstName: n, Notes: []contact.Note{{Text: "about " + n}}}); err != nil {
			t.Fatal(err)
		}
	}
}

func names(t *testing.T, db *sqlite.DB, query string) string {
	t.Helper()
	cs, err := db.FindContacts(context.Background(), contact.Filter{Query: query, Sort: []string{"id"}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.FirstName)
	}
	return strings.Join(out, ",")
}

// journalMode reads byte 18 of the SQLite header: 1 for a rollback
// journal, 2 for WAL.
func journalMode(t *testing.T, path string) byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 100 {
		t.Fatalf("read %s: %v", path, err)
	}
	return b[18]
}

func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "rolo.db")
	db := openAs(t, path, "alice", newClock())
	addNamed(t, db, "Ada", "Grace")

	file := filepath.Join(dir, "backups", "monday.db")
	if err := os.Mkdir(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	info, err := sqlite.Backup(ctx, path, file, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if info.Contacts != 2 || info.Schema != sqlite.Migrations() || info.Bytes == 0 {
		t.Errorf("backup info %+v", info)
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, mode %v", err, fi.Mode())
	}
	if m := journalMode(t, file); m != 1 {
		t.Errorf("the backup is in journal mode %d, want a self-contained file (1)", m)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), "*"))
	if len(left) != 1 {
		t.Errorf("files beside the backup: %v", left)
	}
	// A later backup to the same name replaces it.
	addNamed(t, db, "Edsger")
	if info, err := sqlite.Backup(ctx, path, file, "alice"); err != nil || info.Contacts != 3 {
		t.Fatalf("second backup: %+v, %v", info, err)
	}

	addNamed(t, db, "Barbara")
	mustExec(t, rawDB(t, path), `DELETE FROM contacts WHERE first_name = 'Ada'`)
	if got := names(t, db, ""); got != "Grace,Edsger,Barbara" {
		t.Fatalf("before restore: %s", got)
	}
	info, err = sqlite.RestoreBackup(ctx, file, path, "alice", nil)
	if err != nil {
		t.Fatal(err)
	}
	if info.Contacts != 3 || info.Path != path {
		t.Errorf("restore info %+v", info)
	}
	// The open store sees the restored contents, search index included.
	if got := names(t, db, ""); got != "Ada,Grace,Edsger" {
		t.Errorf("after restore: %s", got)
	}
	if got := names(t, db, "about ada"); got != "Ada" {
		t.Errorf("search after restore: %q", got)
	}
	if m := journalMode(t, path); m != 2 {
		t.Errorf("the restored database is in journal mode %d, want WAL (2)", m)
	}
	if h := doctor(t, path, false); h.Problems() != 0 {
		t.Errorf("doctor after restore: %+v", h.Checks)
	}
	// The backup itself is untouched by the restore.
	if info, err := sqlite.InspectBackup(ctx, file); err != nil || info.Contacts != 3 {
		t.Errorf("backup after restore: %+v, %v", info, err)
	}
}

// A backup file used as a database (rolo --db FILE edit) may keep a -wal
// file when that command is killed. A new backup over it must not be read
// through that WAL, which holds the old file's pages.
func TestBackupOverLeftoverWAL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "rolo.db")
	db := openAs(t, path, "alice", newClock())
	addNamed(t, db, "Ada", "Grace")
	file := filepath.Join(dir, "monday.db")
	if _, err := sqlite.Backup(ctx, path, file, "alice"); err != nil {
		t.Fatal(err)
	}
	// An edit of the backup in WAL mode, its -wal file kept as a killed
	// process would leave it.
	old, err := sql.Open("sqlite3", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, old, `PRAGMA journal_mode = WAL`)
	mustExec(t, old, `UPDATE contacts SET first_name = 'Stale' WHERE first_name = 'Ada'`)
	wal, err := os.ReadFile(file + "-wal")
	if err != nil || len(wal) == 0 {
		t.Fatalf("no WAL to leave behind: %d bytes, %v", len(wal), err)
	}
	old.Close()
	if err := os.WriteFile(file+"-wal", wal, 0o600); err != nil {
		t.Fatal(err)
	}

	addNamed(t, db, "Edsger")
	if _, err := sqlite.Backup(ctx, path, file, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file + "-wal"); err == nil {
		t.Errorf("the old backup's -wal file is still beside the new backup")
	}
	if got := names(t, openAs(t, file, "alice", newClock()), ""); got != "Ada,Grace,Edsger" {
		t.Errorf("the new backup reads %q, want Ada,Grace,Edsger", got)
	}
}

// Every backup taken while another process writes is sound: a copy of
// every page, and a compact copy of a database mostly free (see
// TestBackupIsCompact).
func TestBackupWhileWriting(t *testing.T) {
	t.Run("pages", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "rolo.db")
		addNamed(t, openAs(t, path, "alice", newClock()), "Seed")
		backupWhileWriting(t, path, false)
	})
	t.Run("compact", func(t *testing.T) {
		path, _ := bloated(t)
		backupWhileWriting(t, path, true)
	})
}

func backupWhileWriting(t *testing.T, path string, compact bool) {
	ctx := context.Background()
	dir := filepath.Dir(path)
	writer := openAs(t, path, "alice", newClock())
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := writer.CreateContact(ctx, &contact.Contact{FirstName: fmt.Sprintf("W%d", i)}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := 0; i < 10; i++ {
		file := filepath.Join(dir, fmt.Sprintf("b%d.db", i))
		info, err := sqlite.Backup(ctx, path, file, "alice")
		if err != nil {
			t.Fatal(err)
		}
		if h := doctor(t, file, false); h.Problems() != 0 {
			t.Fatalf("backup %d: %+v", i, h.Checks)
		}
		if got, err := sqlite.InspectBackup(ctx, file); err != nil || got.Contacts != info.Contacts {
			t.Fatalf("backup %d: %+v, %v", i, got, err)
		}
		if size := fileSize(t, path); compact != (info.Bytes < size/2) {
			t.Errorf("backup %d is %d bytes of a %d-byte database, want it compact: %v", i, info.Bytes, size, compact)
		}
	}
	close(stop)
	wg.Wait()
}

func TestBackupRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "rolo.db")
	addNamed(t, openAs(t, path, "alice", newClock()), "Ada")
	for _, tc := range []struct {
		name, src, dest, code, msg string
	}{
		{"onto itself", path, path, contact.EINVALID, "is the database itself"},
		{"into a directory", path, dir, contact.EINVALID, "is a directory"},
		{"into a missing directory", path, filepath.Join(dir, "nope", "b.db"), contact.EINTERNAL, "cannot write in"},
		{"a missing database", filepath.Join(dir, "missing.db"), filepath.Join(dir, "b.db"), contact.ENOTFOUND, "there is no database at " + filepath.Join(dir, "missing.db") + " yet"},
	} {
		_, err := sqlite.Backup(ctx, tc.src, tc.dest, "alice")
		if contact.ErrorCode(err) != tc.code || err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want %s %q", tc.name, err, tc.code, tc.msg)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("backup created the missing database")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// backedUp opens a database as alice with Ada in it, and backs it up to
// b.db beside it.
func backedUp(t *testing.T) (path string, db *sqlite.DB, file string) {
	t.Helper()
	dir := t.TempDir()
	path = filepath.Join(dir, "rolo.db")
	db = openAs(t, path, "alice", newClock())
	addNamed(t, db, "Ada")
	file = filepath.Join(dir, "b.db")
	if _, err := sqlite.Backup(context.Background(), path, file, "alice"); err != nil {
		t.Fatal(err)
	}
	return path, db, file
}

func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	path, db, file := backedUp(t)
	dir := filepath.Dir(path)
	newer := filepath.Join(dir, "newer.db")
	if _, err := sqlite.Backup(ctx, path, newer, "alice"); err != nil {
		t.Fatal(err)
	}
	mustExec(t, rawDB(t, newer), `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future.sql', '2030-01-01T00:00:00Z')`)
	other := filepath.Join(dir, "other.db")
	mustExec(t, rawDB(t, other), `CREATE TABLE t (x)`)
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("garbage!", 1024)), 0o600)
	truncated := filepath.Join(dir, "truncated.db")
	b, _ := os.ReadFile(file)
	os.WriteFile(truncated, b[:len(b)/2], 0o600)
	addNamed(t, db, "Grace")

	for _, tc := range []struct {
		name, file, code, msg string
	}{
		{"a newer schema", newer, contact.EINTERNAL, "written by a newer rolo (schema version 99"},
		{"not rolo's", other, contact.EINTERNAL, "is not a rolo database"},
		{"garbage", garbage, contact.EINTERNAL, "not a rolo database, nor any SQLite database"},
		{"truncated", truncated, contact.EINTERNAL, "truncated"},
		{"missing", filepath.Join(dir, "missing.db"), contact.ENOTFOUND, "no such file"},
		{"the database itself", path, contact.EINVALID, "is the database itself"},
	} {
		_, err := sqlite.RestoreBackup(ctx, tc.file, path, "alice", nil)
		if contact.ErrorCode(err) != tc.code || err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want %s %q", tc.name, err, tc.code, tc.msg)
		}
		if got := names(t, db, ""); got != "Ada,Grace" {
			t.Fatalf("%s: the database changed: %s", tc.name, got)
		}
	}
}

func TestRestoreOverDamagedOrMissingDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "rolo.db")
	addNamed(t, openAs(t, path, "alice", newClock()), "Ada")
	file := filepath.Join(dir, "b.db")
	if _, err := sqlite.Backup(ctx, path, file, "alice"); err != nil {
		t.Fatal(err)
	}

	// Nobody's team can be read from a damaged file, nor from one that is
	// not there: restoring is the repair, for anyone who can write it (bob
	// is no teammate of alice's).
	damaged := filepath.Join(dir, "damaged.db")
	writeDamaged(t, damaged, 0o644)
	if _, err := sqlite.RestoreBackup(ctx, file, damaged, "bob", nil); err != nil {
		t.Fatalf("restore over a damaged file: %v", err)
	}
	if fi, err := os.Stat(damaged); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("restored over a damaged file: %v, mode %v", err, fi.Mode())
	}
	if got := names(t, openAs(t, damaged, "alice", newClock()), ""); got != "Ada" {
		t.Errorf("restored over a damaged file: %q", got)
	}

	missing := filepath.Join(dir, "new", "rolo.db")
	if _, err := sqlite.RestoreBackup(ctx, file, missing, "bob", nil); err != nil {
		t.Fatalf("restore into a new file: %v", err)
	}
	fi, err := os.Stat(missing)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("restored into a new file: %v %v", err, fi.Mode())
	}
	if got := names(t, openAs(t, missing, "alice", newClock()), ""); got != "Ada" {
		t.Errorf("restored into a new file: %q", got)
	}
}

// writeDamaged writes at path a file that SQLite cannot read: the SQLite
// header's first 16 bytes, then garbage.
func writeDamaged(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte("SQLite format 3\x00"+strings.Repeat("garbage!", 4096)), mode); err != nil {
		t.Fatal(err)
	}
}

// A file that does not start with the SQLite header was never written by
// rolo (a --db typo naming a document): restore-backup refuses to replace
// it, as every command refuses to open it, with the same words, which
// say how to restore over a rolo database damaged at its start; the file
// is left as it was. An empty file is no database yet, and is restored
// into.
func TestRestoreRefusesAFileNotSQLite(t *testing.T) {
	ctx := context.Background()
	_, _, file := backedUp(t)
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	text := strings.Repeat("my important notes\n", 200)
	os.WriteFile(notes, []byte(text), 0o600)
	want := "database " + notes + ": not a rolo database, nor any SQLite database (the file does not start with the SQLite header); rolo leaves it alone: give rolo a file of its own, or, if it is a damaged rolo database, move it away first, then rolo restore-backup FILE brings back a backup"
	asked := false
	_, err := sqlite.RestoreBackup(ctx, file, notes, "alice", func(*sqlite.BackupInfo) error { asked = true; return nil })
	if contact.ErrorCode(err) != contact.EINTERNAL || contact.ErrorMessage(err) != want {
		t.Errorf("restore over a text file: %v (%s)\nwant %s %q", err, contact.ErrorCode(err), contact.EINTERNAL, want)
	}
	if asked {
		t.Error("asked to confirm a restore that is refused")
	}
	if b, _ := os.ReadFile(notes); string(b) != text {
		t.Error("the text file was changed")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 1 {
		t.Errorf("files beside it: %v", left)
	}
	// Every command says the same of it.
	_, err = sqlite.Open(ctx, notes, sqlite.Options{Actor: "alice"})
	if contact.ErrorCode(err) != contact.EINTERNAL || contact.ErrorMessage(err) != want {
		t.Errorf("Open of a text file: %v\nwant %q", err, want)
	}

	// Moved away, as the message says, the backup comes back in its place.
	os.Rename(notes, filepath.Join(dir, "notes.moved"))
	if _, err := sqlite.RestoreBackup(ctx, file, notes, "alice", nil); err != nil {
		t.Fatalf("restore once the file is moved away: %v", err)
	}
	if got := names(t, openAs(t, notes, "alice", newClock()), ""); got != "Ada" {
		t.Errorf("restored: %q", got)
	}

	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	if _, err := sqlite.RestoreBackup(ctx, file, empty, "bob", nil); err != nil {
		t.Fatalf("restore into an empty file: %v", err)
	}
	if got := names(t, openAs(t, empty, "alice", newClock()), ""); got != "Ada" {
		t.Errorf("restored into an empty file: %q", got)
	}
}

// oldBackup writes, in dir, the backup of a rolo of schema version k:
// alice, its owner, and her public contact Old Timer. It returns the
// backup's path and a connection to it for the test to change it further.
func oldBackup(t *testing.T, dir string, k int) (string, *sql.DB) {
	t.Helper()
	old := filepath.Join(dir, "old.db")
	if err := sqlite.MigrateTo(context.Background(), old, k); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, old)
	mustExec(t, raw, `INSERT INTO users (id, login, role, created_at) VALUES (1, 'alice', 'owner', '2026-01-01T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contacts (uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
		VALUES ('u1', 'Old Timer', 'Old', 'public', 1, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`)
	return old, raw
}

func TestRestoreOlderSchema(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old, raw := oldBackup(t, dir, 3)
	raw.Close()
	path := filepath.Join(dir, "rolo.db")
	addNamed(t, openAs(t, path, "alice", newClock()), "Ada")
	info, err := sqlite.RestoreBackup(ctx, old, path, "alice", nil)
	if err != nil {
		t.Fatal(err)
	}
	if info.Schema != 3 {
		t.Errorf("schema of the backup: %d", info.Schema)
	}
	h := doctor(t, path, false)
	wantCheck(t, h, sqlite.CheckSchema, sqlite.CheckOK, fmt.Sprintf("version %d", sqlite.Migrations()))
	if got := names(t, openAs(t, path, "alice", newClock()), ""); got != "Old" {
		t.Errorf("the restored contact: %q", got)
	}
}

// A backup whose migration fails (here one whose search view was dropped
// by hand, which migration 9 replaces) is refused before the live database
// is touched: it keeps its contacts and its schema.
func TestRestoreOlderSchemaThatCannotMigrate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old, raw := oldBackup(t, dir, 8)
	mustExec(t, raw, `DROP VIEW contact_search_doc`)
	raw.Close()
	path := filepath.Join(dir, "rolo.db")
	db := openAs(t, path, "alice", newClock())
	addNamed(t, db, "Ada")
	_, err := sqlite.RestoreBackup(ctx, old, path, "alice", nil)
	if err == nil || !strings.Contains(err.Error(), "cannot be brought up to this rolo's schema") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("restore of a backup whose migration fails: %v", err)
	}
	if got := names(t, db, ""); got != "Ada" {
		t.Errorf("the live database after a refused restore: %q", got)
	}
	if got := names(t, db, "ada"); got != "Ada" {
		t.Errorf("search after a refused restore: %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// The backup itself is untouched.
	if info, err := sqlite.InspectBackup(ctx, old); err != nil || info.Schema != 8 || info.Contacts != 1 {
		t.Errorf("backup after the refused restore: %+v, %v", info, err)
	}
}

// A backup vacuumed with another page size restores into the live (WAL)
// database, which SQLite's backup API alone refuses ("read-only").
func TestRestoreAnotherPageSize(t *testing.T) {
	ctx := context.Background()
	path, db, file := backedUp(t)
	dir := filepath.Dir(path)
	raw := rawDB(t, file)
	mustExec(t, raw, `PRAGMA page_size = 8192`)
	mustExec(t, raw, `VACUUM`)
	raw.Close()
	addNamed(t, db, "Grace")
	if _, err := sqlite.RestoreBackup(ctx, file, path, "alice", nil); err != nil {
		t.Fatalf("restore of a backup with 8 KiB pages: %v", err)
	}
	if got := names(t, db, ""); got != "Ada" {
		t.Errorf("after restore: %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// Backup and RestoreBackup themselves refuse anyone but an owner or manager
// of the team in the database as it is now, so that no caller can skip
// the check: a member or a non-teammate gets a permission error and nothing
// is written, whatever team the backup holds.
func TestBackupAndRestoreRoles(t *testing.T) {
	ctx := context.Background()
	path, db, file := backedUp(t)
	dir := filepath.Dir(path)
	addUser(t, path, "bob", "member")
	addUser(t, path, "carol", "manager")
	addNamed(t, db, "Grace")

	out := filepath.Join(dir, "bob.db")
	_, err := sqlite.Backup(ctx, path, out, "bob")
	if contact.ErrorCode(err) != contact.EPERM || err.Error() != "backup: only an owner or manager may back up the whole database (bob is a member); nothing was done" {
		t.Errorf("backup by a member: %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a member's backup was written")
	}
	asked := false
	confirm := func(*sqlite.BackupInfo) error { asked = true; return nil }
	_, err = sqlite.RestoreBackup(ctx, file, path, "bob", confirm)
	if contact.ErrorCode(err) != contact.EPERM || err.Error() != "restore-backup: only an owner or manager may restore a backup (bob is a member); nothing was done" {
		t.Errorf("restore by a member: %v", err)
	}
	_, err = sqlite.RestoreBackup(ctx, file, path, "dave", confirm)
	if contact.ErrorCode(err) != contact.EPERM || !strings.Contains(err.Error(), `"dave" is not a teammate in `) {
		t.Errorf("restore by a non-teammate: %v", err)
	}
	if asked {
		t.Error("a refused user was asked to confirm the restore")
	}
	if got := names(t, db, ""); got != "Ada,Grace" {
		t.Errorf("the database after refused restores: %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	if _, err := sqlite.Backup(ctx, path, filepath.Join(dir, "carol.db"), "carol"); err != nil {
		t.Errorf("backup by a manager: %v", err)
	}
	if _, err := sqlite.RestoreBackup(ctx, file, path, "carol", confirm); err != nil || !asked {
		t.Errorf("restore by a manager: %v (asked: %v)", err, asked)
	}
	if got := names(t, db, ""); got != "Ada" {
		t.Errorf("after the manager's restore: %q", got)
	}
}

// A database with no team yet has no one to protect; one whose team cannot
// be read for another reason than damage is refused, not taken as
// permission.
func TestRestoreRoleEdges(t *testing.T) {
	ctx := context.Background()
	path, _, file := backedUp(t)
	dir := filepath.Dir(path)

	noTeam := filepath.Join(dir, "noteam.db")
	if err := sqlite.MigrateTo(ctx, noTeam, sqlite.Migrations()); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.RestoreBackup(ctx, file, noTeam, "bob", nil); err != nil {
		t.Errorf("restore over a database with no team: %v", err)
	}

	// users is a view over a table that is gone: SQLite reads the file,
	// rolo's (it has schema_migrations), but not its team.
	unreadable := filepath.Join(dir, "unreadable.db")
	raw := rawDB(t, unreadable)
	mustExec(t, raw, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
	mustExec(t, raw, `CREATE TABLE people (login TEXT, role TEXT, removed_at TEXT)`)
	mustExec(t, raw, `INSERT INTO people VALUES ('alice', 'owner', NULL)`)
	mustExec(t, raw, `CREATE VIEW users AS SELECT * FROM people`)
	mustExec(t, raw, `DROP TABLE people`)
	raw.Close()
	before, _ := os.ReadFile(unreadable)
	_, err := sqlite.RestoreBackup(ctx, file, unreadable, "bob", nil)
	if contact.ErrorCode(err) != contact.EINTERNAL || err == nil || !strings.Contains(err.Error(), "restore-backup: "+unreadable+": ") || !strings.Contains(err.Error(), "no such table") {
		t.Errorf("restore over a database whose team cannot be read: %v", err)
	}
	if after, _ := os.ReadFile(unreadable); string(after) != string(before) {
		t.Error("the database whose team cannot be read was changed")
	}
}

// restore-backup asks before it replaces the database, and the answer may
// come much later: a manager demoted (or removed) while it asked is
// refused when the restore starts, and the database is left as it was.
func TestRestoreRefusesATeammateDemotedWhileAsked(t *testing.T) {
	ctx := context.Background()
	path, db, file := backedUp(t)
	if _, err := db.CreateUser(ctx, "bob", "", contact.RoleManager); err != nil {
		t.Fatal(err)
	}
	addNamed(t, db, "Grace")
	_, err := sqlite.RestoreBackup(ctx, file, path, "bob", func(*sqlite.BackupInfo) error {
		_, err := db.SetRole(ctx, "bob", contact.RoleMember)
		return err
	})
	if contact.ErrorCode(err) != contact.EPERM || !strings.Contains(contact.ErrorMessage(err), "(bob is a member); nothing was done") {
		t.Fatalf("restore by a manager demoted while asked: %v (%s)", err, contact.ErrorCode(err))
	}
	if got := names(t, db, ""); got != "Ada,Grace" {
		t.Errorf("after the refused restore: %s", got)
	}
}

// TestRestoreKeepsIDsHandedOut: contacts, notes and merges made after the
// backup are gone once it is restored, but their IDs stay handed out, as
// they would after a purge: the next contact, note and merge get new IDs,
// so that an ID a script kept from before the restore (or an "undo with:
// rolo unmerge N" hint) never names something else. The restored database
// handed them out again from where the backup stood.
func TestRestoreKeepsIDsHandedOut(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, file := filepath.Join(dir, "rolo.db"), filepath.Join(dir, "backup.db")
	db := openAs(t, path, "alice", newClock())
	addNamed(t, db, "Ada", "Grace")
	if _, err := sqlite.Backup(ctx, path, file, "alice"); err != nil {
		t.Fatal(err)
	}
	addNamed(t, db, "Edsger", "Barbara") // 3 and 4, with notes
	m, err := db.Merge(ctx, 3, []int64{4}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.RestoreBackup(ctx, file, path, "alice", nil); err != nil {
		t.Fatal(err)
	}
	addNamed(t, db, "Linus", "Ken")
	cs, err := db.FindContacts(ctx, contact.Filter{Query: "", Sort: []string{"id"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, fmt.Sprintf("%d %s", c.ID, c.FirstName))
	}
	if want := "1 Ada,2 Grace,5 Linus,6 Ken"; strings.Join(got, ",") != want {
		t.Errorf("contacts after the restore: %s, want %s", strings.Join(got, ","), want)
	}
	var maxNote int64
	if err := rawDB(t, path).QueryRow(`SELECT max(id) FROM notes`).Scan(&maxNote); err != nil || maxNote != 6 {
		t.Errorf("newest note ID %d (%v), want 6: 3 and 4 stay the notes of the contacts made after the backup", maxNote, err)
	}
	m2, err := db.Merge(ctx, 5, []int64{6}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m2.ID <= m.ID {
		t.Errorf("merge after the restore got ID %d, that of merge %d made before it", m2.ID, m.ID)
	}
}

// TestRestoreThatCannotKeepIDsChangesNothing: a restore that cannot keep
// the IDs handed out since the backup (a disk that fills as it raises
// them) fails with the database as it was, rather than restoring a
// database that hands those IDs out again to new contacts.
func TestRestoreThatCannotKeepIDsChangesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, file := filepath.Join(dir, "rolo.db"), filepath.Join(dir, "backup.db")
	db := openAs(t, path, "alice", newClock())
	addNamed(t, db, "Ada", "Grace")
	if _, err := sqlite.Backup(ctx, path, file, "alice"); err != nil {
		t.Fatal(err)
	}
	addNamed(t, db, "Edsger", "Barbara") // 3 and 4
	full := sqlite3.Error{Code: sqlite3.ErrFull}
	removeHook := sqlite.SetRaiseHook(func() error { return full })
	_, err := sqlite.RestoreBackup(ctx, file, path, "alice", nil)
	removeHook()
	if want := "restore-backup: " + path + ": the disk is full; nothing was changed"; err == nil || contact.ErrorMessage(err) != want {
		t.Fatalf("restore that cannot keep the IDs: %v, want %q", err, want)
	}
	ids := func() string {
		cs, err := db.FindContacts(ctx, contact.Filter{Sort: []string{"id"}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, fmt.Sprintf("%d %s", c.ID, c.FirstName))
		}
		return strings.Join(got, ",")
	}
	if got, want := ids(), "1 Ada,2 Grace,3 Edsger,4 Barbara"; got != want {
		t.Errorf("contacts after the failed restore: %s, want %s (as they were)", got, want)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".rolo.db.restore-*")); len(left) > 0 {
		t.Errorf("the failed restore left %v behind", left)
	}
	if _, err := sqlite.RestoreBackup(ctx, file, path, "alice", nil); err != nil {
		t.Fatal(err)
	}
	addNamed(t, db, "Linus")
	if got, want := ids(), "1 Ada,2 Grace,5 Linus"; got != want {
		t.Errorf("contacts after the restore: %s, want %s", got, want)
	}
}

// TestRestoreLeavesNothingBesideABackupInWAL: a backup a command wrote
// to (rolo --db BACKUP add), which is in WAL mode from then on, is read by
// restore-backup and left as it was: no -wal or -shm file beside it, which
// SQLite leaves behind a connection that may not write.
func TestRestoreLeavesNothingBesideABackupInWAL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, file := filepath.Join(dir, "rolo.db"), filepath.Join(dir, "backup.db")
	addNamed(t, openAs(t, path, "alice", newClock()), "Ada")
	if _, err := sqlite.Backup(ctx, path, file, "alice"); err != nil {
		t.Fatal(err)
	}
	written := openAs(t, file, "alice", newClock())
	addNamed(t, written, "Grace")
	written.Close()
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.RestoreBackup(ctx, file, path, "alice", nil); err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{file + "-wal", file + "-shm"} {
		if _, err := os.Lstat(side); err == nil {
			t.Errorf("restore-backup left %s beside the backup", side)
		}
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Error("restore-backup changed the backup")
	}
}

// A backup whose indexes are damaged, not its contacts (which backup's
// quick check does not look for, so that a nightly backup of such a
// database is written), is restored with its indexes rebuilt from its
// tables, as doctor --repair would, not refused as lost; damage to a
// table's pages is still refused.
func TestRestoreRebuildsDamagedIndexesOfBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, db := doctorDB(t)
	db.Close()
	damageIndexContent(t, path, "contact_emails_address_prefix", "@example.com", "@exbmple.com")
	file := filepath.Join(dir, "nightly.db")
	if _, err := sqlite.Backup(ctx, path, file, "alice"); err != nil {
		t.Fatalf("backup of a database with a damaged index: %v", err)
	}
	h := doctor(t, file, false)
	wantCheck(t, h, sqlite.CheckIntegrity, sqlite.CheckError, "missing from index contact_emails_address_prefix")

	live := filepath.Join(dir, "live.db")
	addNamed(t, openAs(t, live, "alice", newClock()), "Later")
	info, err := sqlite.RestoreBackup(ctx, file, live, "alice", nil)
	if err != nil || !info.Rebuilt {
		t.Fatalf("restore of a backup with a damaged index: %+v, %v", info, err)
	}
	h = doctor(t, live, false)
	for _, c := range h.Checks {
		if c.Status != sqlite.CheckOK {
			t.Errorf("after the restore: %s %s %s", c.Name, c.Status, c.Detail)
		}
	}
	restored := openAs(t, live, "alice", newClock())
	if got := names(t, restored, ""); got != "Ada,Grace,Edsger,Barbara" {
		t.Errorf("restored: %q", got)
	}
	if got := names(t, restored, "email:grace@example.com"); got != "Grace" {
		t.Errorf("restored, by email: %q", got)
	}
	restored.Close()

	// Index damage that rebuilding cannot mend (an index made UNIQUE
	// over equal companies) is the backup's, and said of it, not of the
	// database the rebuild would have been restored into.
	raw := rawDB(t, file)
	mustExec(t, raw, `PRAGMA writable_schema = ON`)
	mustExec(t, raw, `UPDATE sqlite_schema SET sql = 'CREATE UNIQUE INDEX contacts_display_name ON contacts (company COLLATE NOCASE)' WHERE name = 'contacts_display_name'`)
	raw.Close()
	_, err = sqlite.RestoreBackup(ctx, file, live, "alice", nil)
	if msg := contact.ErrorMessage(err); contact.ErrorCode(err) != contact.EINTERNAL || !strings.HasPrefix(msg, "restore-backup: "+file+" is damaged (") || !strings.HasSuffix(msg, "); nothing was changed") {
		t.Errorf("restore of a backup whose index cannot be rebuilt: %v", err)
	}

	damageRootPage(t, file, "notes")
	_, err = sqlite.RestoreBackup(ctx, file, live, "alice", nil)
	if msg := contact.ErrorMessage(err); contact.ErrorCode(err) != contact.EINTERNAL || !strings.Contains(msg, "is damaged (") || !strings.HasSuffix(msg, "; nothing was changed") {
		t.Errorf("restore of a backup with a damaged table: %v", err)
	}
}

// damageIndexContent replaces old with new (of the same length) in the
// pages of the index at path, so that its entries no longer match the
// rows they index; the index's pages are the only ones changed.
func damageIndexContent(t *testing.T, path, index, old, new string) {
	t.Helper()
	at, pageSize := rootPage(t, path, index)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, pageSize)
	if _, err := f.ReadAt(page, at); err != nil {
		t.Fatal(err)
	}
	changed := strings.ReplaceAll(string(page), old, new)
	if changed == string(page) {
		t.Fatalf("no %q in the root page of %s", old, index)
	}
	if _, err := f.WriteAt([]byte(changed), at); err != nil {
		t.Fatal(err)
	}
}
