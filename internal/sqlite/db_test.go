package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/rolo-cli/rolo/internal/contact"
)

// An interrupted statement, canceled by the driver or by database/sql,
// stays an interrupt, which the CLI says as one; it is not a database
// error.
func TestDBErrorKeepsInterrupts(t *testing.T) {
	for _, err := range []error{
		context.Canceled,
		fmt.Errorf("reading: %w", context.Canceled),
		sqlite3.Error{Code: sqlite3.ErrInterrupt},
	} {
		if got := dbError(err); !errors.Is(got, context.Canceled) {
			t.Errorf("dbError(%v) = %v, want context.Canceled", err, got)
		}
	}
}

// busyExec is a querier whose writes find the database locked by another
// process past the busy timeout.
type busyExec struct{ querier }

func (busyExec) ExecContext(context.Context, string, ...any) (sql.Result, error) {
	return nil, sqlite3.Error{Code: sqlite3.ErrBusy}
}

// A write that waited out the busy timeout says what holds the database
// and what to do (exit 1).
func TestBusyErrorSaysWhatToDo(t *testing.T) {
	err := dbError(sqlite3.Error{Code: sqlite3.ErrBusy})
	want := "database: still busy after waiting 30s for another rolo process (a long import or bulk change holds it); try again when it has finished"
	if contact.ErrorCode(err) != contact.EINTERNAL || contact.ErrorMessage(err) != want {
		t.Errorf("dbError(busy) = %v (%s), want %q", err, contact.ErrorCode(err), want)
	}
}

// The phone index check is a write; another process's long write is no
// damage to report, nor a reason for --repair.
func TestPhoneIndexCheckWhileBusy(t *testing.T) {
	c := phoneIndexCheck(context.Background(), busyExec{}, 7)
	if c.Status != CheckSkipped || c.Name != CheckPhones {
		t.Errorf("check = %+v, want skipped", c)
	}
}

// Several rolo processes started at once on a database that does not
// exist yet all set it up and go on: none gives up at once with "busy".
// Turning an empty file's journal to WAL upgrades a read of its header to
// a write, which SQLite refuses at once, without the busy timeout, while
// another connection holds a lock; Open waits as for any other write.
func TestOpenFreshDatabaseAtOnce(t *testing.T) {
	const openers = 8
	for round := 0; round < 20; round++ {
		path := filepath.Join(t.TempDir(), "team.db")
		start := make(chan struct{})
		errs := make(chan error, openers)
		var wg sync.WaitGroup
		for i := 0; i < openers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				db, err := Open(context.Background(), path, Options{Actor: "alice"})
				if err == nil {
					err = db.Close()
				}
				errs <- err
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
}

// An error about the database met after Open names its file, as Open's
// errors do, and damage points at doctor and restore-backup as theirs
// does; other errors, and those naming it already, are left as they are.
func TestNameFile(t *testing.T) {
	d := &DB{path: "/data/team.db"}
	for _, c := range []struct {
		err  error
		want string
	}{
		{contact.Errorf(contact.EINTERNAL, "database: the disk is full; nothing was changed"), "database /data/team.db: the disk is full; nothing was changed"},
		{contact.Errorf(contact.EPERM, "database: the file is read-only"), "database /data/team.db: the file is read-only"},
		{contact.Errorf(contact.EINTERNAL, "database: the file is damaged or not a rolo database (database disk image is malformed)"),
			"database /data/team.db: the file is damaged or not a rolo database (database disk image is malformed); rolo doctor checks a database, rolo restore-backup FILE brings back a backup"},
		{contact.Errorf(contact.EPERM, "database: /data/team.db-wal is read-only"), "database: /data/team.db-wal is read-only"},
		{contact.Errorf(contact.ENOTFOUND, "no contact with ID 7"), "no contact with ID 7"},
	} {
		got := d.NameFile(c.err)
		if contact.ErrorMessage(got) != c.want || contact.ErrorCode(got) != contact.ErrorCode(c.err) {
			t.Errorf("NameFile(%v) = %v (%s), want %q (%s)", c.err, got, contact.ErrorCode(got), c.want, contact.ErrorCode(c.err))
		}
	}
	if d.NameFile(nil) != nil {
		t.Error("NameFile(nil) is not nil")
	}
	// A relative path that is also a word of the message.
	err := (&DB{path: "large"}).NameFile(contact.Errorf(contact.EINTERNAL, "database: file too large (a file size limit, ulimit -f, was reached); nothing was changed"))
	if want := "database large: file too large (a file size limit, ulimit -f, was reached); nothing was changed"; contact.ErrorMessage(err) != want {
		t.Errorf("NameFile with path large = %q, want %q", contact.ErrorMessage(err), want)
	}
}

// The messages of PRAGMA integrity_check about indexes and about the FTS5
// structure of the search and phone indexes are damage a repair rebuilds;
// any other, including an FTS5 table rolo does not derive, is not.
func TestDerivedDamage(t *testing.T) {
	for _, tc := range []struct {
		msg, fts string
		ok       bool
	}{
		{`row 12 missing from index contact_emails_contact`, "", true},
		{`wrong # of entries in index contacts_updated`, "", true},
		{`fts5: corruption found reading blob 412316860417 from table "contacts_fts"`, "contacts_fts", true},
		{`fts5: corruption on page 3, segment 2, table "phone_digits"`, "phone_digits", true},
		{`fts5: corruption in table "phone_digits"`, "phone_digits", true},
		{`malformed inverted index for FTS5 table main.contacts_fts`, "contacts_fts", true},
		{`malformed inverted index for FTS5 table main.other_fts`, "", false},
		{`fts5: corruption found reading blob 1 from table "contacts_fts_x"`, "", false},
		{`Tree 7 page 7 cell 0: invalid page number 57005`, "", false},
		{`NULL value in contacts.created_at`, "", false},
	} {
		fts, ok := derivedDamage(tc.msg)
		if fts != tc.fts || ok != tc.ok {
			t.Errorf("derivedDamage(%q) = %q, %v, want %q, %v", tc.msg, fts, ok, tc.fts, tc.ok)
		}
	}
}

// A backup or restore that SQLite fails with an I/O error is not said to
// be a full disk: SQLite reports one as SQLITE_FULL, and the I/O error of
// a journal that cannot be removed from a directory made read-only is
// permission denied, exit 4, in the system's words.
func TestBackupErrorWording(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "b.db")
	ioErrDelete := sqlite3.Error{Code: sqlite3.ErrIoErr | 10<<8} // SQLITE_IOERR_DELETE, as the backup API reports it
	for _, tc := range []struct {
		err       error
		code, msg string
	}{
		{ioErrDelete, contact.EINTERNAL, "backup: " + path + ": writing failed (disk I/O error); nothing was changed"},
		{sqlite3.Error{Code: sqlite3.ErrFull}, contact.EINTERNAL, "backup: " + path + ": the disk is full; nothing was changed"},
	} {
		err := backupError("backup", path, tc.err)
		if contact.ErrorCode(err) != tc.code || contact.ErrorMessage(err) != tc.msg {
			t.Errorf("backupError(%v) = %q (%s), want %q (%s)", tc.err, err, contact.ErrorCode(err), tc.msg, tc.code)
		}
	}
	if os.Geteuid() == 0 {
		t.Skip("root may write a read-only directory: run as another user")
	}
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o700)
	err := backupError("backup", path, ioErrDelete)
	if want := "backup: " + path + ": cannot write in " + dir + ": permission denied; nothing was changed"; contact.ErrorCode(err) != contact.EPERM || contact.ErrorMessage(err) != want {
		t.Errorf("in a read-only directory: %q (%s), want %q (%s)", err, contact.ErrorCode(err), want, contact.EPERM)
	}
}

// -wal and -shm files of another user (root's, left by a rolo of theirs
// that was killed) cannot be chmod-ed by the user: the advice names whose
// they are and the chown that root must run, not a chmod.
func TestChownFix(t *testing.T) {
	for _, tc := range []struct {
		files, owners []string
		want          string
	}{
		{[]string{"s.db-wal", "s.db-shm"}, []string{"root"}, "they are root's, not yours (ada), so only root can give them to you: chown ada s.db-wal s.db-shm"},
		{[]string{"s.db-wal"}, []string{"bob"}, "it is bob's, not yours (ada), so only root can give it to you: chown ada s.db-wal"},
		{[]string{"s\t.db-wal", "s\t.db-shm"}, []string{"root", "bob"}, `they are root's and bob's, not yours (ada), so only root can give them to you: chown ada s\t.db-wal s\t.db-shm`},
	} {
		if got := chownFix(tc.files, tc.owners, "ada"); got != tc.want {
			t.Errorf("chownFix(%q, %q) = %q, want %q", tc.files, tc.owners, got, tc.want)
		}
	}
}

// TestParseTimeIsTimeParse checks parseTime's own reading of the stored
// layout against time.Parse, which it stands in for: the same time for
// every string, the zero time where time.Parse refuses it.
func TestParseTimeIsTimeParse(t *testing.T) {
	for _, s := range []string{
		"2026-12-07T13:38:59Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
		"2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2026-04-31T00:00:00Z", "2026-00-10T00:00:00Z",
		"2026-13-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z", "2026-01-01T24:00:00Z",
		"2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z", "+026-01-01T00:00:00Z", "-001-01-01T00:00:00Z",
		"2026-1a-01T00:00:00Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00", "2026-01-01T00:00:00+01:00",
		"2026-01-01T00:00:00.5Z", "", "x", "２０２６-01-01T00:00:00Z",
	} {
		want, _ := time.Parse(timeLayout, s)
		if got := parseTime(s); got != want {
			t.Errorf("parseTime(%q) = %v, time.Parse: %v", s, got, want)
		}
	}
}

// partRows reads a connection's rows from the driver directly, and
// valueText reads each value as database/sql's Scan into a string does.
func TestPartRowsReadAsScanDoes(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const query = `SELECT 'text', x'6869', 42, -7, 1.5, 1e300, 0.1, '', 'Grüße'`
	want := make([]string, 9)
	dest := make([]any, len(want))
	for i := range want {
		dest[i] = &want[i]
	}
	if err := db.QueryRowContext(ctx, query).Scan(dest...); err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []querier{conn, db} {
		var got []string
		if err := partRows(ctx, q, query, nil, func(v []driver.Value) error {
			for _, x := range v {
				got = append(got, valueText(x))
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%T: partRows gave %q, Scan %q", q, got, want)
		}
		// A NULL (a block's until: forever) is nil.
		if err := partRows(ctx, q, `SELECT NULL, 1`, nil, func(v []driver.Value) error {
			if v[0] != nil || valueInt(v[1]) != 1 {
				t.Errorf("%T: SELECT NULL, 1 gave %#v", q, v)
			}
			return nil
		}); err != nil {
			t.Errorf("%T: %v", q, err)
		}
	}
}
