package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// bloated is a database as alice with Ada and Grace in it, and the free
// space that 40 contacts with a 100 KB note each leave once erased: about
// 4 MB of a file that holds a few kilobytes of contacts.
func bloated(t *testing.T) (string, *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	addNamed(t, db, "Ada", "Grace")
	var ids []int64
	for range 40 {
		c := &contact.Contact{FirstName: "Gone", Notes: []contact.Note{{Text: strings.Repeat("n", 100_000)}}}
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	if err := db.DeleteContacts(ctx, ids); err != nil {
		t.Fatal(err)
	}
	if err := db.PurgeContacts(ctx, ids); err != nil {
		t.Fatal(err)
	}
	if size := fileSize(t, path); size < 4<<20 {
		t.Fatalf("the database is %d bytes, want the 4 MB it had", size)
	}
	return path, db
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// A database that deleted contacts left mostly free is backed up compact:
// the backup holds its contacts, not the size the file once had.
func TestBackupIsCompact(t *testing.T) {
	ctx := context.Background()
	path, db := bloated(t)
	file := filepath.Join(filepath.Dir(path), "b.db")
	info, err := sqlite.Backup(ctx, path, file, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if size := fileSize(t, file); size > 1<<20 || info.Bytes != size {
		t.Errorf("the backup of a %d-byte database with two contacts is %d bytes (info %d), want under 1 MB", fileSize(t, path), size, info.Bytes)
	}
	if info.Contacts != 2 {
		t.Errorf("backup info %+v", info)
	}
	if m := journalMode(t, file); m != 1 {
		t.Errorf("the backup is in journal mode %d, want a self-contained file (1)", m)
	}
	if h := doctor(t, file, false); h.Problems() != 0 {
		t.Errorf("doctor of the backup: %+v", h.Checks)
	}
	if got := names(t, openAs(t, file, "alice", newClock()), "about grace"); got != "Grace" {
		t.Errorf("search in the backup: %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".*tmp*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// It restores as any backup does.
	addNamed(t, db, "Edsger")
	if _, err := sqlite.RestoreBackup(ctx, file, path, "alice", nil); err != nil {
		t.Fatal(err)
	}
	if got := names(t, db, ""); got != "Ada,Grace" {
		t.Errorf("after restoring the compact backup: %s", got)
	}
}

// Doctor says how much of a database is free space, and --vacuum gives it
// back, to an owner or manager only.
func TestDoctorVacuum(t *testing.T) {
	ctx := context.Background()
	path, db := bloated(t)
	wantCheck(t, doctor(t, path, false), sqlite.CheckFile, sqlite.CheckOK, "MB of it free space, left by deleted contacts (rolo doctor --vacuum gives it back)")
	addUser(t, path, "bob", "member")
	before := fileSize(t, path)
	h, err := sqlite.Doctor(ctx, path, sqlite.DoctorOptions{Vacuum: true, Login: "bob"})
	if contact.ErrorCode(err) != contact.EPERM || h != nil || !strings.Contains(err.Error(), "only an owner or manager may vacuum the database (bob is a member)") {
		t.Errorf("a member's vacuum: %v, %v", h, err)
	}
	if size := fileSize(t, path); size != before {
		t.Errorf("a refused vacuum changed the file from %d to %d bytes", before, size)
	}

	h, err = sqlite.Doctor(ctx, path, sqlite.DoctorOptions{Vacuum: true, Login: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	c := h.Vacuumed
	if c == nil || c.Pending || c.Before != before || c.After > 1<<20 || c.After != fileSize(t, path) {
		t.Fatalf("vacuum of a %d-byte file: %+v, now %d bytes", before, c, fileSize(t, path))
	}
	wantCheck(t, h, sqlite.CheckFile, sqlite.CheckOK, "after the vacuum (was ")
	if got := names(t, db, "about ada"); got != "Ada" {
		t.Errorf("search after the vacuum: %q", got)
	}
	after := doctor(t, path, false)
	if after.Problems() != 0 || strings.Contains(after.Check(sqlite.CheckFile).Detail, "free") {
		t.Errorf("doctor after the vacuum: %+v", after.Checks)
	}
}

// A command still reading the database as it was keeps the file's size
// until it ends; the vacuum is made all the same, and says so.
func TestDoctorVacuumWhileRead(t *testing.T) {
	ctx := context.Background()
	path, db := bloated(t)
	reader := rawDB(t, path)
	tx, err := reader.Begin()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM contacts`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("reader: %d contacts, %v", n, err)
	}
	h, err := sqlite.Doctor(ctx, path, sqlite.DoctorOptions{Vacuum: true, Login: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if c := h.Vacuumed; c == nil || !c.Pending || !strings.Contains(c.String(), "until the rolo commands still reading it end") {
		t.Fatalf("vacuum under a reader: %+v", h.Vacuumed)
	}
	tx.Rollback()
	reader.Close()
	addNamed(t, db, "Edsger")
	db.Close()
	if size := fileSize(t, path); size > 1<<20 {
		t.Errorf("the file is %d bytes once the reader is done", size)
	}
}
