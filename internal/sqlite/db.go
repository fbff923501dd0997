// Package sqlite is rolo's storage backend: one SQLite file per account. It
// implements contact.Store. Exported methods own their transaction and call
// unexported helpers that take a *sql.Tx.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/rolo-cli/rolo/internal/atomicfile"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/lazyre"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// timeLayout is how times are stored: RFC 3339 in UTC to the second, which
// sorts as text in time order. Write times with formatTime, which converts
// to UTC first: the layout's Z is a literal, which Format writes after a
// time in any zone.
const timeLayout = "2006-01-02T15:04:05Z"

// busyTimeout is how long a command waits for another process's write
// before it gives up (see dbError).
const busyTimeout = 30 * time.Second

// Options configure a store.
type Options struct {
	// Actor is the login of the user the store acts for. When the database
	// has no users yet, the actor is created as its owner.
	Actor string
	// ActorName is the display name given to a newly created owner.
	ActorName string
	// Owner, when set, is the login a new database gets as its owner
	// instead of Actor (the profile's user, where --as names the actor):
	// an Actor other than Owner is then no teammate of the new database,
	// refused before anything is written.
	Owner string
	// Region reads phone numbers written without +.
	Region string
	// Now is the clock; tests replace it.
	Now func() time.Time
	// ReadOnly says that the command only reads: a database beside
	// which nothing can be written (a read-only directory) is opened to
	// be read, instead of refused.
	ReadOnly bool
	// MustExist refuses a database that does not exist yet (no file, or
	// an empty one) instead of creating it (ENOTFOUND).
	MustExist bool
	// Upgrading, when set, is told before the schema of an existing
	// database is brought from version from to version to, which can take
	// a while on a large one (schema 5 rebuilds the search indexes: about
	// 12 s for a million contacts).
	Upgrading func(from, to int)
}

// DB is an open rolo database acting for one user.
type DB struct {
	db     *sql.DB
	path   string
	actor  *contact.User
	region string
	now    func() time.Time
	// upgrading is Options.Upgrading.
	upgrading func(from, to int)
	// acc is what this user may write of the file and beside it, as
	// Open found it: where it allows no upgrade of the schema, the
	// upgrade is refused before it begins (see access.upgradeError).
	acc access
}

var _ contact.Store = (*DB)(nil)

// Open opens (creating when needed) the database at path, brings its schema
// up to date and resolves the acting user. The file is created with mode
// 0600 and its directory with 0700.
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	if path == "" {
		return nil, contact.Errorf(contact.EINVALID, "database: no path given")
	}
	if err := registerRank(); err != nil {
		return nil, contact.Errorf(contact.EINTERNAL, "database: %v", err)
	}
	var acc access
	// fresh: no database in the file yet (no file, or an empty one),
	// which this command makes rolo's.
	fresh := false
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, notRegular(path, fi)
	} else if err != nil && atomicfile.Loops(path) {
		return nil, linkLoop(path)
	} else if !readable(path) {
		return nil, unreadable(path)
	} else if err == nil && opt.MustExist && leftEmpty(path, fi) {
		return nil, emptyDatabase(path)
	} else if err == nil {
		if emptyFile(path, fi) {
			if _, err := newOwner(path, opt.Actor, opt.Owner); err != nil {
				return nil, err
			}
			fresh = true
			if writable(path) {
				// No database yet, which this command makes:
				// private to its owner, as a file rolo creates
				// (SQLite keeps the mode). Someone else's file
				// keeps the mode they gave it.
				os.Chmod(path, 0o600)
			}
		}
		// A file the user may only read (a backup kept read-only) is
		// opened read-only, as it is: reads work, writes are refused as
		// for any read-only database (exit 4). So is a file in a
		// directory the user may not write, where SQLite cannot create
		// the -wal file a write needs: a command that changes something
		// is refused here, naming the directory.
		acc = accessOf(path)
		if err := acc.readError(path); err != nil {
			return nil, err
		}
		if !opt.ReadOnly {
			if err := acc.writeError(path); err != nil {
				return nil, err
			}
		}
	} else if errors.Is(err, fs.ErrNotExist) && opt.MustExist {
		return nil, noDatabase(path)
	} else if errors.Is(err, fs.ErrNotExist) {
		// The first user will be the owner, who must be the acting one:
		// a login that cannot be one, or another actor, refuses the
		// command before anything is written.
		if _, err := newOwner(path, opt.Actor, opt.Owner); err != nil {
			return nil, err
		}
		if err := createDatabaseFile(path); err != nil {
			return nil, err
		}
		fresh = true
	}
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", strconv.Itoa(int(busyTimeout/time.Millisecond)))
	switch {
	case acc.immutable():
		// Read as it is, without the -wal and -shm files SQLite would
		// otherwise create beside it (see access).
		q.Set("mode", "ro")
		q.Set("immutable", "1")
		q.Set("_txlock", "deferred")
	case acc.fileReadOnly:
		q.Set("mode", "ro")
		q.Set("_txlock", "deferred")
	default:
		q.Set("_txlock", "immediate")
		// Every write zeroes what it frees (the old version of an edited
		// row, the rows a merge removes, pages left empty), so that what
		// delete --purge erases is not left behind by the writes before
		// it. On 100,000 contacts it costs an import of 20,000 rows and a
		// bulk edit of 5,800 contacts no measurable time (see README,
		// Limits).
		q.Set("_secure_delete", "on")
	}
	// SQLite's default page cache (2 MiB) on purpose: a larger one makes
	// every short command slower, not faster, because each page read into
	// a cache that has not filled yet is fresh memory to allocate and fault
	// in (list tag:X on 100,000 contacts took 121 ms with 32 MiB, 51 ms
	// without). Long writes ask for more with largeCache.
	// Keep prepared statements per connection: bulk loads and imports run
	// the same few INSERTs thousands of times (about 20% faster).
	q.Set("_stmt_cache_size", "64")
	// Each connection is used by one goroutine at a time (database/sql sees
	// to it), so SQLite need not lock it around every call: 12% off a large
	// export.
	q.Set("_mutex", "no")
	var sqldb *sql.DB
	// roomless: a command that only reads reads the file as it is, where
	// a full disk leaves SQLite no room for its -shm file (see
	// openToRead); roomless is why.
	var roomless, err error
	if opt.ReadOnly && !fresh && !acc.immutable() {
		sqldb, roomless, err = openToRead(ctx, path, q)
	} else {
		sqldb, err = openSQL(path, q)
	}
	if err != nil {
		return nil, openError(path, dbError(err))
	}
	d := &DB{db: sqldb, path: path, region: opt.Region, now: opt.Now, upgrading: opt.Upgrading}
	if d.now == nil {
		d.now = time.Now
	}
	writable := !acc.immutable() && !acc.fileReadOnly && roomless == nil
	// WAL is written into the file's header, for good: set before the
	// schema only on a file that holds no database yet. An existing file
	// gets it once migrate has found it rolo's (below), so that another
	// program's database, which rolo refuses, is left byte for byte as it
	// was.
	if fresh && writable {
		if err := useWAL(ctx, sqldb); err != nil {
			sqldb.Close()
			return nil, openError(path, err)
		}
	}
	d.acc = acc
	if roomless != nil {
		// An older schema must be upgraded before it is read, and the
		// upgrade is a write there is no room for: refused before it
		// is announced.
		if have, want, err := d.SchemaVersion(ctx); err == nil && have > 0 && have < want {
			sqldb.Close()
			return nil, upgradeWithoutRoom(path, roomless, have, want)
		}
	}
	if err := d.refuseStrangerUpgrade(ctx, opt.Actor); err != nil {
		sqldb.Close()
		return nil, openError(path, err)
	}
	if err := d.migrate(ctx); err != nil {
		sqldb.Close()
		if roomless != nil {
			// An upgrade of the schema, which needs room.
			return nil, roomToRead(path, roomless)
		}
		return nil, openError(path, err)
	}
	if !fresh && writable && !opt.ReadOnly {
		// rolo's database (a backup copied into place keeps its
		// rollback journal): in WAL mode from now on, once a command
		// that may change it opens it. A no-op on one that is in it
		// already. A command that only reads leaves the journal mode as
		// it is: a backup it reads (rolo --db BACKUP list) keeps its
		// header, its checksum and no -wal or -shm file beside it;
		// SQLite reads a file in either mode, and a connection that
		// finds it switched to WAL by another process meanwhile reads
		// it in WAL from then on.
		if err := useWAL(ctx, sqldb); err != nil {
			sqldb.Close()
			return nil, openError(path, err)
		}
	}
	if err := d.resolveActor(ctx, opt.Actor, opt.Owner, opt.ActorName); err != nil {
		sqldb.Close()
		return nil, openError(path, err)
	}
	return d, nil
}

// refuseStrangerUpgrade refuses, before the upgrade of an older schema,
// a login that names no teammate (a mistyped --as, a teammate removed):
// resolveActor would refuse them after it, and the upgrade, which the
// rolo the team still runs cannot read, must not be what their refused
// command did. The users table and its logins are in every schema; the
// removed teammates are marked from schema 4 on. Anything else (a new
// database, one that is no rolo's, damage) is left to migrate and
// resolveActor.
func (d *DB) refuseStrangerUpgrade(ctx context.Context, login string) error {
	have, want, err := d.SchemaVersion(ctx)
	login = strings.TrimSpace(login)
	if err != nil || have == 0 || have >= want || login == "" {
		return nil
	}
	active, removed := "1", "0"
	if have >= 4 {
		active, removed = activeUserSQL, "NOT ("+activeUserSQL+")"
	}
	var users, known, gone int
	if err := d.db.QueryRowContext(ctx, `SELECT count(*),
		count(*) FILTER (WHERE login = ? COLLATE NOCASE AND `+active+`),
		count(*) FILTER (WHERE login = ? COLLATE NOCASE AND `+removed+`) FROM users`, login, login).Scan(&users, &known, &gone); err != nil {
		return nil
	}
	if users == 0 || known > 0 {
		return nil
	}
	return d.strangerError(login, gone > 0)
}

// strangerError is the error for login, which names no teammate of the
// database: one removed from the team, or none ever.
func (d *DB) strangerError(login string, removed bool) error {
	if removed {
		return contact.Errorf(contact.ENOTFOUND, "user: %q was removed from the team of %s (see rolo team list)", login, contact.PathText(d.path))
	}
	return contact.Errorf(contact.ENOTFOUND, "user: %q is not a teammate in %s (see rolo team list; an owner or manager adds one with rolo team add)", login, contact.PathText(d.path))
}

// useWAL puts the database in WAL mode, waiting up to the busy timeout
// for other processes as any write does. SQLite gives up at once when it
// cannot: the change reads the file's header, then writes it, and a read
// that must become a write while another connection holds a lock is
// refused rather than waited for (it could deadlock), so rolo processes
// started together on a new database would fail with "busy". Only the
// first of them writes the header; for the rest, and on a database in
// WAL mode already, it is a read.
func useWAL(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(busyTimeout)
	for pause := time.Millisecond; ; pause = min(2*pause, 50*time.Millisecond) {
		_, err := db.ExecContext(ctx, `PRAGMA journal_mode = WAL`)
		var se sqlite3.Error
		if err == nil || !errors.As(err, &se) || se.Code != sqlite3.ErrBusy || time.Now().After(deadline) {
			return dbError(err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
	}
}

// notRegular is the error for a database path that is a directory, a
// device, a pipe or a socket, refused before anything touches it: SQLite
// would create its -journal file beside a device and fail on it ("disk
// I/O error"), a device of no size would pass for an empty file that
// Open makes private with chmod (as root, /dev/null's mode), and a pipe
// would hang the command.
func notRegular(path string, fi os.FileInfo) error {
	if fi.IsDir() {
		return contact.Errorf(contact.EINVALID, "database: %s is a directory", contact.PathText(path))
	}
	return contact.Errorf(contact.EINVALID, "database: %s is not a regular file", contact.PathText(path))
}

// linkLoop is the error for a database path that is a loop of symbolic
// links (atomicfile.Loops), refused as a path that is no regular file is:
// SQLite would say only "invalid argument".
func linkLoop(path string) error {
	return contact.Errorf(contact.EINVALID, "database: %s is a loop of symbolic links (too many levels of symbolic links), not a file", contact.PathText(path))
}

// emptyFile reports whether the file at path holds no database yet: a
// regular file (a device such as /dev/zero has no size either) of no
// byte, and no -wal file with content (a database just created by
// another process). A failed copy, `touch` or a truncated sync leave
// such a file; SQLite takes it for a new, empty database.
func emptyFile(path string, fi os.FileInfo) bool {
	return fi.Mode().IsRegular() && fi.Size() == 0 && !walHasFrames(path)
}

// leftEmpty reports whether the file at path holds no database and no
// other process is making it one, for the commands that refuse an empty
// file (emptyDatabase). Another rolo creating the database makes the file
// (empty) before SQLite opens it and adds its -wal and -shm files, so an
// empty file with either beside it is one being set up, which SQLite's
// busy timeout waits for; a file made in the last few seconds is watched
// for up to two seconds before it counts as left empty.
func leftEmpty(path string, fi os.FileInfo) bool {
	deadline := time.Now().Add(2 * time.Second)
	for emptyFile(path, fi) {
		for _, side := range []string{"-wal", "-shm"} {
			if _, err := os.Lstat(path + side); err == nil {
				return false
			}
		}
		if time.Since(fi.ModTime()) > 10*time.Second || time.Now().After(deadline) {
			return true
		}
		time.Sleep(20 * time.Millisecond)
		var err error
		if fi, err = os.Stat(path); err != nil {
			return false
		}
	}
	return false
}

// emptyDatabase is the error for an empty file where a command needs a
// database that exists: as a missing one, so that a cron export of a file
// that lost its contents fails instead of writing out an empty address
// book.
func emptyDatabase(path string) error {
	return contact.Errorf(contact.ENOTFOUND, "database: %s is empty, not a rolo database", contact.PathText(path))
}

// firstLogin is the login of a new database's first user, the profile's,
// as team add would make it ($USER Alice is alice), or the error that
// refuses it. Open checks it before creating the file, so that a refused
// first command leaves nothing behind.
func firstLogin(login string) (string, error) {
	if strings.TrimSpace(login) == "" {
		return "", contact.Errorf(contact.EINVALID, "user: no user to act as (set `user` in the profile, ROLO_USER or --as)")
	}
	login, err := contact.Login(login)
	if err != nil {
		return "", contact.Errorf(contact.EINVALID, "%s; name the user to act as with ROLO_USER, --as or rolo config set user", contact.ErrorMessage(err))
	}
	return login, nil
}

// newOwner is the login of a new database's first user, its owner: owner
// (the profile's user) where given, else the actor. An actor who is not
// that owner (--as zed) is not found, as on a database that has a team
// without them: a new database must not make a stranger its only owner and
// lock the profile's user out.
func newOwner(path, actor, owner string) (string, error) {
	login, err := firstLogin(actor)
	if err != nil || strings.TrimSpace(owner) == "" {
		return login, err
	}
	first, err := firstLogin(owner)
	if err != nil {
		return "", err
	}
	if first != login {
		return "", contact.Errorf(contact.ENOTFOUND, "user: %q is not a teammate in %s: a new database's one user is its owner, the profile's user %q (create it without --as; then %s adds %s with rolo team add)", login, contact.PathText(path), first, first, login)
	}
	return login, nil
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// statementContext is ctx without its cancellation, for the many short
// statements of a bulk write, whose loop checks ctx between items instead.
// Given a context that can be cancelled, the driver runs every Exec on a
// goroutine of its own and waits for it or for the cancellation: two hand-
// offs between threads per statement, which cost an import of 100,000
// contacts about a tenth of its time.
func statementContext(ctx context.Context) context.Context {
	return context.WithoutCancel(ctx)
}

// largeCache gives the connection 32 MiB of page cache for a long write
// (an import, an index rebuild), which keeps a large address book's index
// pages in memory; a short command is faster with the default (see Open).
// It also asks the C allocator to keep the memory SQLite frees
// (keepFreedMemory). Failing to is not an error: the write only goes
// slower.
func (d *DB) largeCache(ctx context.Context) {
	keepFreedMemory()
	d.db.ExecContext(ctx, `PRAGMA cache_size = -32768`)
}

// Actor is the user this store acts for.
func (d *DB) Actor() *contact.User { return d.actor }

// Path is the database file.
func (d *DB) Path() string { return d.path }

// NameFile names the database file in an error about it that a command
// met after Open ("database: the disk is full" becomes "database PATH:
// the disk is full"), as Open's own errors do (openError), so that a cron
// job's log says which of its profiles' files failed. Other errors, and
// those that name the file already, pass unchanged.
func (d *DB) NameFile(err error) error { return nameFile(d.path, err) }

// nameFile is NameFile for the database at path. A message that starts
// with the path already ("database: PATH-wal is read-only") is left as it
// is. Damage found after Open is pointed at doctor and restore-backup, as
// Open's is (openError).
func nameFile(path string, err error) error {
	if err == nil {
		return nil
	}
	rest, ok := strings.CutPrefix(contact.ErrorMessage(err), "database: ")
	if !ok || strings.HasPrefix(rest, path) {
		return err
	}
	if strings.HasPrefix(rest, "the file is damaged") {
		rest += damageAdvice
	}
	return contact.Errorf(contact.ErrorCode(err), "database %s: %s", contact.PathText(path), rest)
}

func (d *DB) nowText() string { return formatTime(d.now()) }

// scanError matches database/sql's error for a value that a row's column
// holds and the Go value it is read into cannot: the column's name and
// why.
var scanError = lazyre.New(`^sql: Scan error on column index \d+, name "([^"]*)": (.*)$`)

// upgradeRoomError is dbError's error for err, a noRoom error of an upgrade,
// which says that nothing was changed (the whole upgrade is rolled back),
// with the driver's error kept behind it, for restore-backup to say where
// there was no room (restoreUpgradeError).
func upgradeRoomError(err error) error {
	e := dbError(err)
	if ce, ok := e.(*contact.Error); ok {
		ce.Err = err
	}
	return e
}

// dbError turns driver errors into domain errors a user can act on.
func dbError(err error) error {
	if err == nil {
		return nil
	}
	var de *contact.Error
	if errors.As(err, &de) || errors.Is(err, context.Canceled) {
		// An interrupt is said as such (see internal/cli).
		return err
	}
	if m := scanError().FindStringSubmatch(err.Error()); m != nil {
		// A value that rolo never writes where it was read (a NULL in a
		// NOT NULL column): only damage to the file, or another program,
		// leaves one.
		return contact.Errorf(contact.EINTERNAL, "database: the file is damaged: a row's %s holds a value rolo never writes there (%s)", m[1], m[2])
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrReadonly:
			return contact.Errorf(contact.EPERM, "database: the file is read-only")
		case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
			return contact.Errorf(contact.EINTERNAL, "database: the file is damaged or not a rolo database (%s)", sqliteMessage(se))
		case sqlite3.ErrFull:
			return contact.Errorf(contact.EINTERNAL, "database: the disk is full; nothing was changed")
		case sqlite3.ErrIoErr:
			// A write refused for want of room, which SQLite reports
			// as an I/O error: the transaction is rolled back, as for
			// SQLITE_FULL.
			switch se.SystemErrno {
			case syscall.ENOSPC:
				return contact.Errorf(contact.EINTERNAL, "database: the disk is full; nothing was changed")
			case syscall.EFBIG:
				return contact.Errorf(contact.EINTERNAL, "database: file too large (a file size limit, ulimit -f, was reached); nothing was changed")
			}
		case sqlite3.ErrCantOpen:
			return contact.Errorf(contact.EINTERNAL, "database: cannot open the file (%s)", sqliteMessage(se))
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return contact.Errorf(contact.EINTERNAL, "database: still busy after waiting 30s for another rolo process (a long import or bulk change holds it); try again when it has finished")
		case sqlite3.ErrInterrupt:
			// The driver interrupts a statement whose context is canceled.
			return context.Canceled
		}
	}
	return contact.Errorf(contact.EINTERNAL, "database: %s", sqliteMessage(err))
}

// migrate applies the embedded migrations that the database has not seen,
// in one transaction, and refuses a database from a newer rolo.
func (d *DB) migrate(ctx context.Context) error {
	return d.migrateTo(ctx, len(migrationNames()))
}

// migrateTo is migrate stopping at schema version upTo, so that tests can
// build the database of an older rolo (see export_test.go).
func (d *DB) migrateTo(ctx context.Context, upTo int) error {
	names := migrationNames()
	var exists int
	if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&exists); err != nil {
		return dbError(err)
	}
	current := 0
	if exists == 1 {
		if err := d.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
			if err := refuseOtherMigrations(ctx, d.db, d.path); err != nil {
				return dbError(err)
			}
			return dbError(err)
		}
	}
	if current > len(names) {
		if err := refuseOtherMigrations(ctx, d.db, d.path); err != nil {
			return dbError(err)
		}
		return contact.Errorf(contact.EINTERNAL, "database: %s was written by a newer rolo (schema version %d; this rolo knows up to %d); upgrade rolo", contact.PathText(d.path), current, len(names))
	}
	if current >= upTo {
		return nil
	}
	if current > 0 {
		// Checked before an upgrade only: a command on an up-to-date
		// database pays nothing for it.
		if err := refuseUpgrade(ctx, d.db, d.path, current); err != nil {
			return err
		}
	}
	if current > 0 {
		// This rolo reads only the schema it writes: an older one needs
		// its upgrade first, which one writable command makes.
		if err := d.acc.upgradeError(d.path, current, upTo); err != nil {
			return err
		}
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	if err := d.applyMigrations(ctx, tx, upTo); err != nil {
		return err
	}
	err = tx.Commit()
	if noRoom(err) {
		return upgradeRoomError(err)
	}
	return dbError(err)
}

// applyMigrations brings the schema up to version upTo in tx, which
// holds the write lock: migrateTo, and doctor's repair, which upgrades in
// the transaction of the rest of its repair.
func (d *DB) applyMigrations(ctx context.Context, tx *sql.Tx, upTo int) error {
	names := migrationNames()
	// No rolo schema, yet tables: another program's database, which rolo
	// must not fill with its own (a --db typo, an app's file). Checked
	// under the write lock, so that another rolo setting up a new file
	// at the same moment is not taken for another program.
	if err := refuseForeign(ctx, tx, d.path); err != nil {
		return dbError(err)
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return dbError(err)
	}
	// Read again inside the write transaction: another process may have
	// migrated while this one waited for the lock.
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return dbError(err)
	}
	if current > 0 && current < upTo && d.upgrading != nil {
		d.upgrading(current, upTo)
	}
	for i := current; i < upTo; i++ {
		body, err := migrationFS.ReadFile(names[i])
		if err != nil {
			return err
		}
		// A migration found to have run already is only recorded. The
		// indexes of the user's own that it would break are set aside
		// while it runs (setAsideIndexes).
		done, err := migrationDone(ctx, tx, string(body))
		if err == nil && !done {
			var aside []setAside
			if aside, err = setAsideIndexes(ctx, tx, string(body)); err == nil {
				if _, err = tx.ExecContext(ctx, string(body)); err == nil {
					err = restoreIndexes(ctx, tx, aside)
				}
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err() // interrupted: rolled back, said as such
			}
			if noRoom(err) {
				// No room for the upgrade's writes: said as for any
				// change, not as a fault of the migration.
				return upgradeRoomError(err)
			}
			return contact.Errorf(contact.EINTERNAL, "database: migration %s: %v", filepath.Base(names[i]), err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, i+1, filepath.Base(names[i]), d.nowText()); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// doneMark starts the line of a migration that cannot be run twice
// which says how to see that it has run: a query that counts what it
// made. Tests make a database look older by deleting the versions of its
// migrations from schema_migrations, and the next Open runs them again.
const doneMark = "-- rolo: done if "

// migrationDone reports whether the migration of that body has already
// made what it makes, by its doneMark line; one without is never done.
func migrationDone(ctx context.Context, tx *sql.Tx, body string) (bool, error) {
	query, ok := markedLine(body, doneMark)
	if !ok {
		return false, nil
	}
	var n int
	err := tx.QueryRowContext(ctx, query).Scan(&n)
	return n > 0, err
}

// markedLine is the rest of the first line of a migration's body that
// starts with mark (doneMark, dropsMark), if any.
func markedLine(body, mark string) (string, bool) {
	for _, line := range strings.Split(body, "\n") {
		if rest, ok := strings.CutPrefix(line, mark); ok {
			return rest, true
		}
	}
	return "", false
}

// dropsMark starts the line of a migration that drops columns which
// names them, each as TABLE.COLUMN, separated by spaces. SQLite refuses
// to drop a column an index names ("error in index my_type after drop
// column"), and an index of the user's own (made with a sqlite3 shell,
// for a report) would fail the upgrade and so every command: the indexes
// that name one are set aside before the migration runs (setAsideIndexes)
// and made again after it (restoreIndexes), on the column of that name
// it makes in its place.
const dropsMark = "-- rolo: drops columns "

// setAside is an index a migration's dropped columns would break: its
// name and the statement that makes it.
type setAside struct{ name, sql string }

// setAsideIndexes drops the indexes that name a column the migration of
// that body drops (its dropsMark line), and returns them. An index is
// taken to name a column where its statement has the column's name as a
// word; one set aside without need is only made again.
func setAsideIndexes(ctx context.Context, tx *sql.Tx, body string) ([]setAside, error) {
	var aside []setAside
	if cols, ok := markedLine(body, dropsMark); ok {
		for _, col := range strings.Fields(cols) {
			table, column, _ := strings.Cut(col, ".")
			rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`, table)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var ix setAside
				if err := rows.Scan(&ix.name, &ix.sql); err != nil {
					rows.Close()
					return nil, err
				}
				if namesWord(ix.sql, column) && !slices.Contains(aside, ix) {
					aside = append(aside, ix)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
	}
	for _, ix := range aside {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(ix.name, `"`, `""`)+`"`); err != nil {
			return nil, err
		}
	}
	return aside, nil
}

// restoreIndexes makes again the indexes setAsideIndexes set aside that
// the migration did not make itself.
func restoreIndexes(ctx context.Context, tx *sql.Tx, aside []setAside) error {
	for _, ix := range aside {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?`, ix.name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, ix.sql); err != nil {
			return fmt.Errorf("index %s, made again after the upgrade: %w", ix.name, err)
		}
	}
	return nil
}

// namesWord reports whether the SQL text s holds word as a whole word, in
// any case: an identifier, bare or quoted.
func namesWord(s, word string) bool {
	isWord := func(b byte) bool {
		return b == '_' || b == '$' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
	}
	lower := strings.ToLower(s)
	word = strings.ToLower(word)
	for i := 0; ; {
		j := strings.Index(lower[i:], word)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(word)
		if (j == 0 || !isWord(lower[j-1])) && (end == len(lower) || !isWord(lower[end])) {
			return true
		}
		i = j + 1
	}
}

// SchemaVersion returns the version recorded in schema_migrations and the
// version this build knows.
func (d *DB) SchemaVersion(ctx context.Context) (have, want int, err error) {
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	err = d.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have)
	return have, len(names), dbError(err)
}

func (d *DB) resolveActor(ctx context.Context, login, owner, name string) error {
	login = strings.TrimSpace(login)
	if login == "" {
		return contact.Errorf(contact.EINVALID, "user: no user to act as (set `user` in the profile, ROLO_USER or --as)")
	}
	u, err := d.userByLogin(ctx, d.db, login)
	if err == nil {
		d.actor = u
		return nil
	}
	if contact.ErrorCode(err) != contact.ENOTFOUND {
		return err
	}
	var n int
	if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return dbError(err)
	}
	if n > 0 {
		// Another process may have just created this database, with this
		// user as its owner, between the two reads above: look again.
		if u, err := d.userByLogin(ctx, d.db, login); err == nil {
			d.actor = u
			return nil
		}
	}
	if n > 0 {
		// Teammates, none of them this one: unless the table cannot
		// be read, which is damage, not a stranger.
		if err := usersDamage(ctx, d.db); err != nil {
			return dbError(err)
		}
	}
	if n > 0 {
		return d.strangerError(login, d.wasRemoved(ctx, login))
	}
	// A new database: its first user is the profile's, as owner, with a
	// login as team add makes them ($USER Alice is alice).
	if login, err = newOwner(d.path, login, owner); err != nil {
		return err
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return dbError(err)
	}
	if n == 0 {
		// Read under the write lock, in the snapshot that counted no
		// one: a team another process has just begun is not damage.
		if err := emptyTeamDamage(ctx, tx); err != nil {
			return dbError(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (login, name, role, created_at) VALUES (?, ?, 'owner', ?)`, login, name, d.nowText()); err != nil {
			return dbError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return dbError(err)
	}
	return d.resolveActor(ctx, login, "", name)
}

// refuseForeign refuses a database with tables and no rolo schema:
// another program's (a --db typo, an app's file), which rolo must neither
// fill with its own tables nor replace. An error reading it is returned
// as it is.
func refuseForeign(ctx context.Context, q querier, path string) error {
	var others int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'
		AND NOT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')`).Scan(&others); err != nil {
		return err
	}
	if others == 0 {
		return nil
	}
	// Tables named as rolo's (contacts, users) may be another program's
	// as well, or a rolo database that lost its schema_migrations table:
	// either way not one rolo may add its tables to, and what is missing
	// is said rather than that none of them is rolo's.
	var rolos []string
	names, err := queryColumn[string](ctx, q, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return err
	}
	if len(names) > 0 {
		want, err := expectedObjects(ctx)
		if err != nil {
			return err
		}
		for _, name := range names {
			if slices.ContainsFunc(want, func(o schemaObject) bool { return o.kind == "table" && o.name == name }) {
				rolos = append(rolos, name)
			}
		}
	}
	if len(rolos) == 0 {
		return contact.Errorf(contact.EINTERNAL, "database: %s is another program's SQLite database (it has tables, none of them rolo's); %s", contact.PathText(path), ownFile)
	}
	return contact.Errorf(contact.EINTERNAL, "database: %s is not a rolo database: it has %s named as rolo's (%s), but no schema_migrations table, which every rolo database has; %s",
		contact.PathText(path), contact.Plural(len(rolos), "a table", "tables"), listNames(rolos, "and"), ownFile)
}

// refuseOtherMigrations refuses a database whose schema_migrations table
// is not rolo's (another program's migrations: Rails, golang-migrate),
// whose version says nothing of rolo's schema. A database without one
// passes. An error reading it is returned as it is.
func refuseOtherMigrations(ctx context.Context, q querier, path string) error {
	var columns, rolos int
	if err := q.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(name IN ('version', 'name', 'applied_at')), 0) FROM pragma_table_info('schema_migrations')`).Scan(&columns, &rolos); err != nil {
		return err
	}
	if columns > 0 && rolos < 3 {
		return contact.Errorf(contact.EINTERNAL, "database: %s is another program's SQLite database (its schema_migrations table is not rolo's); %s", contact.PathText(path), ownFile)
	}
	return nil
}

// refuseUpgrade refuses to upgrade a database that lacks tables of the
// schema version its schema_migrations table records, before the upgrade
// is announced: the migrations would fail on the first of them ("no such
// table"), and what such a table held cannot be rebuilt.
func refuseUpgrade(ctx context.Context, q querier, path string, version int) error {
	if err := refuseOtherMigrations(ctx, q, path); err != nil {
		return dbError(err)
	}
	lost, err := missingTables(ctx, q, version)
	if err != nil {
		return dbError(err)
	}
	if len(lost) == 0 {
		return nil
	}
	missing := make([]string, len(lost))
	for i, o := range lost {
		missing[i] = o.name
	}
	table := "table" // no a or b table; no a, b, c or 4 more tables
	if len(missing) > 3 {
		table = "tables"
	}
	return contact.Errorf(contact.EINTERNAL, "database: %s is damaged, or not rolo's: its schema_migrations table says schema version %d, but it has no %s %s of that version; rolo upgrades nothing: restore a backup with rolo restore-backup FILE, or give rolo a file of its own",
		contact.PathText(path), version, listNames(missing, "or"), table)
}

// missingTables names the tables of schema version that the database
// lacks and that hold rows of their own: not the full-text indexes'
// tables, which doctor --repair rebuilds.
func missingTables(ctx context.Context, q querier, version int) ([]schemaObject, error) {
	objs, err := buildObjects(ctx, version)
	if err != nil {
		return nil, err
	}
	have, err := queryColumn[string](ctx, q, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		return nil, err
	}
	var missing []schemaObject
	for _, o := range objs {
		if o.kind == "table" && ftsIndexOf(o.name) == "" && !slices.Contains(have, o.name) {
			missing = append(missing, o)
		}
	}
	return missing, nil
}

// listNames lists names for a message, joined by conj, the first three
// of many: "a", "a or b", "a, b, c or 4 more".
func listNames(names []string, conj string) string {
	switch {
	case len(names) == 1:
		return names[0]
	case len(names) <= 3:
		return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
	default:
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" %s %d more", conj, len(names)-3)
	}
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (d *DB) userByLogin(ctx context.Context, q querier, login string) (*contact.User, error) {
	u := &contact.User{}
	var created string
	// Logins are lower case, but a first user made by an older rolo kept
	// $USER's case: any case finds it.
	err := q.QueryRowContext(ctx, `SELECT id, login, name, email, phone, role, created_at FROM users WHERE login = ? COLLATE NOCASE AND `+activeUserSQL+` ORDER BY login = ? DESC LIMIT 1`, login, login).
		Scan(&u.ID, &u.Login, &u.Name, &u.Email, &u.Phone, &u.Role, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, contact.Errorf(contact.ENOTFOUND, "user: no teammate %s", contact.Quote(login))
	} else if err != nil {
		return nil, dbError(err)
	}
	u.CreatedAt = parseTime(created)
	return u, nil
}

// Users lists the account's teammates by login.
func (d *DB) Users(ctx context.Context) ([]*contact.User, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, login, name, email, phone, role, created_at FROM users WHERE `+activeUserSQL+` ORDER BY login`)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []*contact.User
	for rows.Next() {
		u := &contact.User{}
		var created string
		if err := rows.Scan(&u.ID, &u.Login, &u.Name, &u.Email, &u.Phone, &u.Role, &created); err != nil {
			return nil, dbError(err)
		}
		u.CreatedAt = parseTime(created)
		out = append(out, u)
	}
	return out, dbError(rows.Err())
}

// formatTime is t as stored (see timeLayout), in UTC whatever t's zone.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime reads a time as stored (timeLayout), the zero time for
// anything else, as time.Parse does. Every contact read holds two, and
// time.Parse took 5% of an export's time: a string of the layout's
// digits is read here, and anything else is left to time.Parse.
func parseTime(s string) time.Time {
	if len(s) == len(timeLayout) && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == 'Z' {
		ok := true
		num := func(i, n int) int {
			v := 0
			for _, d := range []byte(s[i : i+n]) {
				if d < '0' || d > '9' {
					ok = false
				}
				v = 10*v + int(d-'0')
			}
			return v
		}
		year, month, day := num(0, 4), num(5, 2), num(8, 2)
		hour, minute, sec := num(11, 2), num(14, 2), num(17, 2)
		if ok && month >= 1 && month <= 12 && day >= 1 && hour < 24 && minute < 60 && sec < 60 {
			// A day past the month's end (02-30), which time.Date
			// would carry into the next month, is not one.
			if t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC); t.Day() == day {
				return t
			}
		}
	}
	t, _ := time.Parse(timeLayout, s)
	return t
}

func parseTimePtr(s sql.NullString) *time.Time {
	if !s.Valid || s.String == "" {
		return nil
	}
	t := parseTime(s.String)
	return &t
}

func formatID(id int64) string { return strconv.FormatInt(id, 10) }

// pageSQL is the LIMIT and OFFSET clause of a listing's --limit and
// --offset (limit 0: all), and its arguments; none when neither is set.
func pageSQL(limit, offset int) (string, []any) {
	if limit <= 0 && offset <= 0 {
		return "", nil
	}
	if limit <= 0 {
		limit = -1
	}
	return ` LIMIT ? OFFSET ?`, []any{limit, offset}
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
