//go:build unix

package sqlite

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// withoutRoom runs f under a file size limit (ulimit -f) of 1 KiB, which
// leaves SQLite no room for the -shm file it writes beside a database even
// to read it (32 KiB), as a full disk does: the one way a test without
// root can refuse it room.
//
// go test writes its own log (testlog.txt, for its cache) from this
// process, which the limit would cut short and fail the package after it
// passed: such a run skips, and make test (-count=1, no log) runs it.
func withoutRoom(t *testing.T, f func()) {
	t.Helper()
	underLimit(t, 1<<10, f)
}

// underLimit runs f under a file size limit (ulimit -f) of limit bytes
// (see withoutRoom).
func underLimit(t *testing.T, limit uint64, f func()) {
	t.Helper()
	if l := flag.Lookup("test.testlogfile"); l != nil && l.Value.String() != "" {
		t.Skip("go test writes its cache log under the limit; run with -count=1")
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: old.Max}); err != nil {
		t.Skip(err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)
	f()
}

// roomDB is a closed database of one contact, Ada: no -wal or -shm file
// beside it.
func roomDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.db")
	db, err := Open(context.Background(), path, Options{Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateContact(context.Background(), &contact.Contact{FirstName: "Ada"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

// A connection that cannot be opened because registering rolo's SQL
// functions (rank.c), the first read of the file, failed says SQLite's
// own error, not "automatic extension loading failed: : file too large".
func TestOpenFailureIsSQLitesError(t *testing.T) {
	path := roomDB(t)
	if err := registerRank(); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", fileURI(path, "mode=rw"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	withoutRoom(t, func() { err = raw.Ping() })
	if got, want := sqliteMessage(err), "disk I/O error: file too large"; got != want {
		t.Errorf("Ping without room: %q (%v), want %q", got, err, want)
	}
}

// A command that only reads reads the file as it is where there is no
// room for SQLite's -shm file; one that writes says the limit was reached.
func TestReadWithoutRoom(t *testing.T) {
	ctx := context.Background()
	path := roomDB(t)
	withoutRoom(t, func() {
		db, err := Open(ctx, path, Options{Actor: "alice", ReadOnly: true})
		if err != nil {
			t.Fatalf("Open to read without room: %v", err)
		}
		cs, err := db.FindContacts(ctx, contact.Filter{})
		db.Close()
		if err != nil || len(cs) != 1 || cs[0].FirstName != "Ada" {
			t.Errorf("contacts read without room: %v, %v", cs, err)
		}
		want := "database " + path + ": file too large (a file size limit, ulimit -f, was reached); nothing was changed"
		if _, err := Open(ctx, path, Options{Actor: "alice"}); contact.ErrorMessage(err) != want {
			t.Errorf("Open to write without room: %v, want %q", err, want)
		}
	})
}

// wordyDB is a closed database of 200 contacts, each with a long company
// name: more than a small page cache holds.
func wordyDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	db, err := Open(ctx, path, Options{Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		c := &contact.Contact{FirstName: fmt.Sprintf("Ada%d", i), Company: fmt.Sprintf("%03d ", 199-i) + strings.Repeat("Analytical Engines ", 200)}
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	return path
}

// A command that only reads a database it has no room to open as usual
// (see TestReadWithoutRoom) keeps SQLite's temporary files in memory:
// they would go to $TMPDIR, else /var/tmp, mostly on the full disk, and a
// list sorted by a field, or a search, of a large address book sorts in
// one. (openToRead, which Open calls, is called alone under the limit:
// the fewer files Go opens there, the less likely go test's own log is
// flushed into the limit.)
func TestReadSortedWithoutRoom(t *testing.T) {
	ctx := context.Background()
	path := wordyDB(t)
	q, err := rawQuery(path, true)
	if err != nil {
		t.Fatal(err)
	}
	var first string
	var n int
	withoutRoom(t, func() {
		var db *sql.DB
		var cause error
		db, cause, err = openToRead(ctx, path, q)
		if err != nil {
			return
		}
		defer db.Close()
		if cause == nil {
			err = fmt.Errorf("the database was opened as usual, with room for its -shm file")
			return
		}
		// The smallest page cache: the sort goes to a temporary file
		// where it may, as that of a large address book does.
		if _, err = db.ExecContext(ctx, `PRAGMA cache_size = 1`); err != nil {
			return
		}
		var rows *sql.Rows
		if rows, err = db.QueryContext(ctx, `SELECT first_name, company FROM contacts ORDER BY company || first_name`); err != nil {
			return
		}
		defer rows.Close()
		for rows.Next() {
			var name, company string
			if err = rows.Scan(&name, &company); err != nil {
				return
			}
			if n++; n == 1 {
				first = name
			}
		}
		err = rows.Err()
	})
	if err != nil || n != 200 || first != "Ada199" {
		t.Errorf("contacts sorted by company without room: %d, first %q, %v", n, first, err)
	}
}

// The search index check copies the index into SQLite's temporary files
// ($TMPDIR, else /var/tmp), on the full disk too when they share it:
// with no room there the check is skipped, as the phone index check is,
// not reported as damage that doctor --repair would rebuild.
func TestDoctorSearchCheckWithoutRoom(t *testing.T) {
	ctx := context.Background()
	path := wordyDB(t)
	// Opened as doctor opens it.
	raw, _, err := openRawToRead(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The smallest page cache for the temporary tables: the copy of the
	// index goes to a temporary file, as that of a large address book
	// does.
	if _, err := conn.ExecContext(ctx, `PRAGMA temp.cache_size = 1`); err != nil {
		t.Fatal(err)
	}
	h := &Health{Path: path}
	withoutRoom(t, func() { h.checkSearchIndex(ctx, conn) })
	got := h.Check(CheckSearch)
	want := "a file size limit (ulimit -f) was reached: no room for the temporary copy of the index this check compares ($TMPDIR, else /var/tmp); run doctor again when the limit is raised"
	if got == nil || got.Status != CheckSkipped || got.Detail != want {
		t.Errorf("search index check without room: %+v, want skipped: %q", got, want)
	}
	if h.Repairable() {
		t.Error("a check skipped for want of room is repairable")
	}
}

// A database of an older schema, which this rolo must upgrade before it
// reads it, cannot be read where there is no room for the upgrade: the
// refusal says so, rather than blame the -shm file, and comes before the
// upgrade is announced. With room, the next command upgrades it.
func TestUpgradeWithoutRoom(t *testing.T) {
	ctx := context.Background()
	path := roomDB(t)
	raw, err := openRaw(path, false)
	if err != nil {
		t.Fatal(err)
	}
	want := len(migrationNames())
	// The last migration is found to have run (its done mark, see
	// migrationDone) and is recorded again: a write all the same.
	if _, err := raw.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = ?`, want); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	announced := false
	withoutRoom(t, func() {
		_, err = Open(ctx, path, Options{Actor: "alice", ReadOnly: true, Upgrading: func(int, int) { announced = true }})
	})
	msg := fmt.Sprintf("database %s: a file size limit (ulimit -f) was reached, and this rolo must first upgrade it (schema version %d to %d), a write there is no room for; until the limit is raised no command but backup and doctor reads it; nothing was changed", path, want-1, want)
	if contact.ErrorMessage(err) != msg {
		t.Errorf("Open of an older schema without room: %v, want %q", err, msg)
	}
	if announced {
		t.Error("an upgrade that cannot be written was announced")
	}
	db, err := Open(ctx, path, Options{Actor: "alice", ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if have, _, err := db.SchemaVersion(ctx); err != nil || have != want {
		t.Errorf("schema after the upgrade with room: %d, %v", have, err)
	}
}

// An upgrade that runs out of room partway (the disk fills, or the file
// size limit is reached, while it rewrites a large database) is said as
// any change without room is, that nothing was changed, not as a fault of
// the migration it was at; and the file is still of its older schema.
func TestUpgradeOutOfRoomMidway(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "u.db")
	largerOlderDB(t, path)
	var err error
	underLimit(t, 256<<10, func() {
		_, err = Open(ctx, path, Options{Actor: "alice"})
	})
	want := "database " + path + ": file too large (a file size limit, ulimit -f, was reached); nothing was changed"
	if contact.ErrorMessage(err) != want {
		t.Errorf("an upgrade that ran out of room: %v, want %q", err, want)
	}
	raw, err := openRaw(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var have int
	if err := raw.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&have); err != nil || have != 10 {
		t.Errorf("schema after the failed upgrade: %d, %v; want 10", have, err)
	}
}

// A restore of an older rolo's backup whose upgrade, in a copy beside the
// database, ran out of room says that there was no room, as a restore of
// a backup of this schema does, not that the backup cannot be brought up
// to this schema ("...: database: the disk is full; nothing was changed;
// nothing was changed"). A file size limit cannot make the upgrade alone
// run out in a whole restore (the copy is as large as what it writes), so
// the copy is upgraded here as restore-backup upgrades it.
func TestRestoreOlderBackupOutOfRoom(t *testing.T) {
	ctx := context.Background()
	copied := filepath.Join(t.TempDir(), ".rolo.db.restore-1")
	largerOlderDB(t, copied)
	var err error
	underLimit(t, 256<<10, func() {
		err = MigrateTo(ctx, copied, len(migrationNames()))
	})
	got := contact.ErrorMessage(restoreUpgradeError("old.db", "rolo.db", 10, err))
	if !strings.HasPrefix(got, "restore-backup: rolo.db: ") || strings.Count(got, "nothing was changed") != 1 || strings.Contains(got, "brought up") {
		t.Errorf("restore of an older backup without room for its upgrade: %q", got)
	}
	got = contact.ErrorMessage(restoreUpgradeError("old.db", "rolo.db", 5, contact.Errorf(contact.EINTERNAL, "database: migration 0009_x.sql: no such view")))
	if !strings.HasPrefix(got, "restore-backup: old.db (schema version 5) cannot be brought up") {
		t.Errorf("restore of an older backup whose migration fails: %q", got)
	}
}

// largerOlderDB writes at path a database of schema 10 with 2,000
// contacts, each with a change-log row of 200 bytes, which its upgrade
// rewrites (schema 11 copies the change log): about 1 MB to write.
func largerOlderDB(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	if err := MigrateTo(ctx, path, 10); err != nil {
		t.Fatal(err)
	}
	raw, err := openRaw(path, false)
	if err != nil {
		t.Fatal(err)
	}
	const at = "2025-01-03T00:00:00Z"
	for _, q := range []string{
		`INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', '` + at + `')`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
		 INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
		 SELECT i, 'u' || i, 'Ada ' || i, 'Ada', 'public', 1, 1, '` + at + `', '` + at + `' FROM n`,
		`INSERT INTO changes (contact_id, user_id, at, action, new_value)
		 SELECT id, 1, '` + at + `', 'create', printf('%.200c', 'x') FROM contacts`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
}
