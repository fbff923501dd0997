package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/rolo-cli/rolo/internal/atomicfile"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/shield"
)

// Backups and restores copy pages with SQLite's online backup API
// (sqlite3_backup_*). It copies the whole database as of one moment, in one
// step, through SQLite's locks: a backup holds only a read transaction on
// the source, so other rolo processes go on writing (the database is in WAL
// mode); a restore is one write transaction on the live database, so other
// processes wait for it (up to their 30 s busy timeout) and then see either
// the database as it was or the restored one, never a mix.

// busyWait bounds how long a backup or restore waits for a lock.
const busyWait = 30 * time.Second

// BackupInfo describes a database copied by Backup or RestoreBackup.
type BackupInfo struct {
	Path     string
	Bytes    int64
	Contacts int
	Schema   int
	// Managers, when not empty, says that the user restoring is not an
	// owner or manager of the backup's team, naming those who are (owners
	// first): once it is restored, the user may not restore another
	// backup (their own, to undo this one) nor change the team as
	// themselves. Role is the user's role there, "" for none.
	Managers []string
	Role     string
	// Rebuilt says that the restore rebuilt the backup's indexes, which
	// were damaged (see InspectBackup).
	Rebuilt bool
	// derived is the damage InspectBackup found in the backup's indexes
	// alone, which the restore rebuilds from its tables.
	derived []string
}

// checkRole refuses op (backup, restore-backup), which would action, on
// the database db at path to login unless login is an owner or manager of
// the team in it: a backup holds every teammate's private contacts, and a
// restore replaces everyone's contacts and the team itself. It is read from
// the database as it is now (not from a backup, whose team may differ). A
// database with no team yet (no users table, or no one in it and no
// contacts: see emptyTeamDamage) has no one to protect. Any other error
// reading the team is returned as it is: the caller refuses, except a
// restore over a database too damaged to read (see RestoreBackup).
func checkRole(ctx context.Context, db *sql.DB, path, login, op, action string) error {
	login = strings.TrimSpace(login)
	// A view or anything else named users is read, and refused if it
	// cannot be: only no users at all is no team.
	var tables, removable int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'users'`).Scan(&tables); err != nil {
		return err
	}
	if tables == 0 {
		return nil
	}
	// A schema from before teammates could be removed has no removed_at.
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info('users') WHERE name = 'removed_at'`).Scan(&removable); err != nil {
		return err
	}
	active := ""
	if removable > 0 {
		active = ` AND ` + activeUserSQL
	}
	var role string
	err := db.QueryRowContext(ctx, `SELECT role FROM users WHERE login = ? COLLATE NOCASE`+active, login).Scan(&role)
	switch {
	case err == nil:
		if u := (contact.User{Login: login, Role: role}); !u.IsManager() {
			return contact.Errorf(contact.EPERM, "%s: only an owner or manager may %s (%s is a %s); nothing was done", op, action, login, role)
		}
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return err
	}
	// A users table that cannot be read is damage (which a restore
	// repairs), not a team without login, nor no team yet.
	if n == 0 {
		return emptyTeamDamage(ctx, db)
	}
	if err := usersDamage(ctx, db); err != nil {
		return err
	}
	return contact.Errorf(contact.EPERM, "%s: %q is not a teammate in %s; only an owner or manager may %s; nothing was done", op, login, contact.PathText(path), action)
}

// checkRestoreRole is checkRole for a restore over the database at path,
// with its two deliberate exceptions: a database that is not there yet
// (or an empty file), and one too damaged for SQLite to read its team (a
// file that starts with the SQLite header), may be restored by anyone who
// can write the file, as restoring is the repair. Another program's
// SQLite database, and a file that does not start with the SQLite header
// (no rolo wrote it: a --db typo naming a document), are refused, as every
// command refuses to open them.
func checkRestoreRole(ctx context.Context, path, login string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil && atomicfile.Loops(path):
		return linkLoop(path)
	case !readable(path):
		return unreadable(path)
	case err != nil:
		return backupError("restore-backup", path, err)
	case fi.IsDir():
		return contact.Errorf(contact.EINVALID, "database: %s is a directory", contact.PathText(path))
	case !fi.Mode().IsRegular():
		return contact.Errorf(contact.EINVALID, "database: %s is not a regular file", contact.PathText(path))
	case fileDamage(path) == notSQLite:
		return notSQLiteError(path)
	}
	db, err := openRaw(path, true)
	if err != nil {
		return err
	}
	defer db.Close()
	// A file SQLite cannot read is replaced; another program's database
	// is not.
	err = refuseForeign(ctx, db, path)
	if err == nil {
		err = refuseOtherMigrations(ctx, db, path)
	}
	if err == nil {
		err = checkRole(ctx, db, path, login, "restore-backup", "restore a backup")
	}
	if code := sqliteCode(err); err == nil || code == codeNotADB || code == codeCorrupt {
		return nil
	}
	return backupError("restore-backup", path, err)
}

// Backup writes a copy of the rolo database at src to dest, safely while
// other processes use src. The copy is written to a temporary file in dest's
// directory, checked (PRAGMA quick_check), synced and renamed over dest, so
// dest is never seen half-written; it has mode 0600 and is a plain SQLite
// file (rollback journal, no -wal file to carry along). A database with
// much free space (see freeSpace.worthVacuum) is copied compact, with
// VACUUM INTO, the same snapshot without its free pages. Only an owner or
// manager of src's team may make one (see checkRole): login is who asks.
// A temporary copy that a failure leaves behind, unable to remove it (its
// directory made read-only meanwhile), is named in the error for the user
// to remove, as it holds every contact.
func Backup(ctx context.Context, src, dest, login string) (_ *BackupInfo, err error) {
	if err := checkBackupName("backup", dest, "output"); err != nil {
		return nil, err
	}
	// No database yet is said in doctor's and the reading commands' words:
	// it is the profile's database that is missing, not a file named here.
	if fi, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return nil, noDatabase(src)
	} else if err != nil && atomicfile.Loops(src) {
		return nil, linkLoop(src)
	} else if err == nil && !fi.IsDir() && !fi.Mode().IsRegular() {
		return nil, notRegular(src, fi)
	} else if err == nil && fi.Mode().IsRegular() && leftEmpty(src, fi) {
		return nil, emptyDatabase(src)
	}
	if err := checkDatabaseFile(src); err != nil {
		return nil, err
	}
	srcDB, _, err := openRawToRead(ctx, src)
	if err != nil {
		return nil, backupError("database", src, err)
	}
	defer srcDB.Close()
	if _, err := rolodbInfo(ctx, srcDB, src); err != nil {
		return nil, err
	}
	if err := checkRole(ctx, srcDB, src, login, "backup", "back up the whole database"); err != nil {
		return nil, backupError("backup", src, err)
	}
	// A backup is a database file, checked and then renamed into place:
	// not a stream to write to standard output, a pipe or a device (nor
	// renamed over the file a descriptor has open, which would wipe a
	// file the shell opened with >>).
	if _, ok := atomicfile.Descriptor(dest); ok {
		return nil, contact.Errorf(contact.EINVALID, "backup: %s is not a regular file; a backup is a database file: give a file name", contact.PathText(dest))
	}
	if fi, err := os.Stat(dest); err == nil {
		if fi.IsDir() {
			return nil, contact.Errorf(contact.EINVALID, "backup: %s is a directory; give a file name", contact.PathText(dest))
		}
		if !fi.Mode().IsRegular() {
			return nil, contact.Errorf(contact.EINVALID, "backup: %s is not a regular file; a backup is a database file: give a file name", contact.PathText(dest))
		}
		if si, err := os.Stat(src); err == nil && os.SameFile(si, fi) {
			return nil, contact.Errorf(contact.EINVALID, "backup: %s is the database itself", contact.PathText(dest))
		}
	}
	// As an export's file: a link is followed, a device or an unwritable
	// file refused rather than renamed over.
	target, err := atomicfile.Target(dest, src)
	if err != nil {
		return nil, err
	}

	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		// As for an export: a directory the system will not let you
		// write is exit 4; one that is not there (a share not mounted, a
		// mistyped path) is 1.
		return nil, contact.Errorf(atomicfile.WriteCode(err), "backup: cannot write in %s: %v", contact.PathText(filepath.Dir(dest)), atomicfile.UnwrapPath(err))
	}
	tmpPath := tmp.Name()
	tmp.Close()
	atomicfile.Hold(databaseFiles(tmpPath)...)
	defer atomicfile.Release(databaseFiles(tmpPath)...)
	committed := false
	defer func() {
		if !committed {
			err = leftBehind(err, atomicfile.RemoveTemp(atomicfile.Contacts, databaseFiles(tmpPath)...))
		}
	}()
	if backupHook != nil {
		backupHook("created", tmpPath)
	}
	// A database that holds much free space (left by deleted contacts) is
	// copied compact, rather than every page of the largest size it ever
	// had: no backup keeps that size night after night.
	free, err := readFreeSpace(ctx, srcDB)
	if err != nil {
		return nil, backupError("database", src, err)
	}
	compact := free.worthVacuum()
	if compact {
		if err := vacuumInto(ctx, srcDB, tmpPath); err != nil {
			if code := sqliteCode(err); code == codeCorrupt || code == codeNotADB {
				// As the check of a page copy would find.
				return nil, contact.Errorf(contact.EINTERNAL, "backup: the database %s is damaged (%s); nothing was written (see rolo doctor)", contact.PathText(src), sqliteMessage(err))
			}
			return nil, backupError("backup", dest, err)
		}
	}
	destDB, err := openRaw(tmpPath, false)
	if err != nil {
		return nil, err
	}
	defer destDB.Close()
	if !compact {
		if err := copyDatabase(ctx, destDB, srcDB, nil); err != nil {
			return nil, backupError("backup", dest, err)
		}
	}
	// A self-contained file: the copy carries the source's WAL flag.
	if _, err := destDB.ExecContext(ctx, `PRAGMA journal_mode = DELETE`); err != nil {
		return nil, backupError("backup", dest, err)
	}
	check, err := queryColumn[string](ctx, destDB, `PRAGMA quick_check`)
	if err != nil {
		return nil, backupError("backup", dest, err)
	}
	if issues := integrityMessages(check); len(issues) > 0 {
		return nil, contact.Errorf(contact.EINTERNAL, "backup: the database %s is damaged (%s); nothing was written (see rolo doctor)", contact.PathText(src), quoteFew(issues))
	}
	info, err := rolodbInfo(ctx, destDB, dest)
	if err != nil {
		return nil, err
	}
	if backupHook != nil {
		backupHook("written", tmpPath)
	}
	if err := destDB.Close(); err != nil {
		return nil, backupError("backup", dest, err)
	}
	if err := os.Chmod(tmpPath, 0o600); err != nil {
		return nil, backupError("backup", dest, err)
	}
	if err := atomicfile.InstallDatabase(tmpPath, target); err != nil {
		return nil, backupError("backup", dest, err)
	}
	committed = true
	if fi, err := os.Stat(target); err == nil {
		info.Bytes = fi.Size()
	}
	return info, nil
}

// checkBackupName refuses, before anything is read, a backup file name
// that names no file: an empty one (a script's unset variable, as
// --db "" is), and "-", which everywhere else in rolo is standard input
// or output (import -, export -o -, --errors -): a file of that name would
// hold every contact while the pipe got nothing.
func checkBackupName(op, name, stream string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return contact.Errorf(contact.EINVALID, "%s: empty file name (an unset variable?)", op)
	case name == "-":
		return contact.Errorf(contact.EINVALID, "%s: - would be standard %s; a backup is a database file: give a file name (./- for a file named -)", op, stream)
	}
	return nil
}

// backupHook, set by tests, is called with the backup's temporary copy
// once it is created and once it is written, before it is renamed into
// place.
var backupHook func(step, tmp string)

// leftBehind adds to err what atomicfile.RemoveTemp says of temporary
// files it could not remove. An interrupt stays one.
func leftBehind(err error, left string) error {
	if err == nil || left == "" || errors.Is(err, context.Canceled) {
		return err
	}
	return &contact.Error{Code: contact.ErrorCode(err), Message: contact.ErrorMessage(err) + left, Err: err}
}

// InspectBackup checks that file is a sound rolo database this rolo can
// restore: a SQLite file that passes PRAGMA integrity_check, with rolo's
// tables, of a schema version no newer than this rolo's. It opens the file
// read-only. Damage confined to its indexes and full-text indexes (see
// derivedDamage), which doctor --repair rebuilds from the tables and
// which backup's quick check does not look for, is no refusal: the
// restore rebuilds them (see stage).
func InspectBackup(ctx context.Context, file string) (*BackupInfo, error) {
	if err := checkDatabaseFile(file); err != nil {
		return nil, err
	}
	db, err := openRaw(file, true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	info, err := rolodbInfo(ctx, db, file)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, backupError("restore-backup", file, err)
	}
	defer rows.Close()
	var issues []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return nil, backupError("restore-backup", file, err)
		}
		issues = append(issues, m)
	}
	if err := rows.Err(); err != nil {
		return nil, backupError("restore-backup", file, err)
	}
	issues = integrityMessages(issues)
	for _, m := range issues {
		if _, ok := derivedDamage(m); !ok {
			return nil, backupDamaged(file, issues)
		}
	}
	info.derived = issues
	if fi, err := os.Stat(file); err == nil {
		info.Bytes = fi.Size()
	}
	return info, nil
}

// outsider returns, when login is not an owner or manager of the team in
// the backup file, who its owners and managers are (owners first) and
// login's role there ("" for none); nothing when login is one, or when the
// team cannot be read (no users, which the first command fills, or damage
// that the restore's own checks report).
func outsider(ctx context.Context, file, login string) ([]string, string) {
	db, err := openRaw(file, true)
	if err != nil {
		return nil, ""
	}
	defer db.Close()
	if contact.ErrorCode(checkRole(ctx, db, file, login, "restore-backup", "restore a backup")) != contact.EPERM {
		return nil, ""
	}
	active := ""
	var removable int
	if db.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info('users') WHERE name = 'removed_at'`).Scan(&removable) == nil && removable > 0 {
		active = ` AND ` + activeUserSQL
	}
	managers, err := queryColumn[string](ctx, db, `SELECT login FROM users WHERE role IN ('owner', 'manager')`+active+` ORDER BY role = 'owner' DESC, login`)
	if err != nil || len(managers) == 0 {
		return nil, ""
	}
	var role string
	_ = db.QueryRowContext(ctx, `SELECT role FROM users WHERE login = ? COLLATE NOCASE`+active, strings.TrimSpace(login)).Scan(&role)
	return managers, role
}

// backupDamaged refuses the backup file for the problems PRAGMA
// integrity_check found in it.
func backupDamaged(file string, issues []string) error {
	return contact.Errorf(contact.EINTERNAL, "restore-backup: %s is damaged (%s); nothing was changed", contact.PathText(file), quoteFew(issues))
}

// RestoreBackup replaces the database at dbPath with the rolo database in
// file (see InspectBackup, which it runs first), then brings an older schema
// up to date. The pages are copied into the live database with the backup
// API in one write transaction: processes that have it open wait for the
// lock and then see the restored contents; an interrupted restore leaves
// the database as it was. A database file that SQLite cannot read at all
// (which is when a restore is most wanted), yet starts with the SQLite
// header, is replaced by renaming a copy over it instead. A missing dbPath
// is created with mode 0600.
//
// Only an owner or manager of the team in dbPath as it is now may restore
// (login is who asks; see checkRestoreRole for the exceptions). confirm,
// when not nil, is called once the role and the backup are checked and
// before anything is changed: an error from it stops the restore.
func RestoreBackup(ctx context.Context, file, dbPath, login string, confirm func(*BackupInfo) error) (*BackupInfo, error) {
	if err := checkBackupName("restore-backup", file, "input"); err != nil {
		return nil, err
	}
	if err := checkRestoreRole(ctx, dbPath, login); err != nil {
		return nil, err
	}
	info, err := InspectBackup(ctx, file)
	if err != nil {
		return nil, err
	}
	info.Managers, info.Role = outsider(ctx, file, login)
	fi, err := os.Stat(dbPath)
	missing := errors.Is(err, fs.ErrNotExist)
	if err == nil {
		if bi, err := os.Stat(file); err == nil && os.SameFile(bi, fi) {
			return nil, contact.Errorf(contact.EINVALID, "restore-backup: %s is the database itself", contact.PathText(file))
		}
		// A read-only directory, or read-only -wal and -shm files, would
		// fail the restore's write; say why first.
		if err := accessOf(dbPath).writeError(dbPath); err != nil {
			return nil, err
		}
	}
	if confirm != nil {
		if err := confirm(info); err != nil {
			return nil, err
		}
		// The question may have waited a while: the user must still be
		// an owner or manager when the restore starts, not only when it
		// asked (a teammate demoted or removed meanwhile is refused).
		if err := checkRestoreRole(ctx, dbPath, login); err != nil {
			return nil, err
		}
	}
	if missing {
		if err := createDatabaseFile(dbPath); err != nil {
			return nil, err
		}
	}
	src, err := openRaw(file, true)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dest, err := openRaw(dbPath, false)
	if err != nil {
		return nil, err
	}
	defer dest.Close()
	whole := file
	// The copy is the restore's commit: the live database is replaced in
	// its one backup step. IDs the database handed out since the backup
	// was taken are not handed out again: the copy carries them, raised
	// in a staged copy of the backup (see stage) from the database's
	// sequences read just before the copy takes the lock, so that they
	// include a write the restore waited for. Raised after the copy
	// instead, a failure (a disk just filled) or another process's write
	// in between would leave the restored database handing out again
	// the IDs of contacts that existed, which scripts still name. A
	// failure to raise them stops the restore with nothing replaced.
	raise := behind(rawSequences(ctx, dest), rawSequences(ctx, src))
	staged := false
	before := func(d, s *sqlite3.SQLiteConn) error {
		handedOut, err := sequences(d)
		if err != nil {
			return err
		}
		if staged {
			return raiseSequences(s, handedOut)
		}
		if ours, _ := sequences(s); behind(handedOut, ours) {
			// Handed out since the check above: staged first.
			return errRaiseSequences
		}
		return nil
	}
	for {
		if copied, stagedPath, cleanup, err := stage(ctx, src, dest, file, dbPath, info, raise); err != nil {
			return nil, err
		} else if copied != nil {
			defer cleanup()
			src, whole, staged = copied, stagedPath, true
		}
		err = shield.Commit(func() error { return copyDatabase(ctx, dest, src, before) })
		if !errors.Is(err, errRaiseSequences) || staged {
			break
		}
		raise = true
	}
	if code := sqliteCode(err); code == codeNotADB || code == codeCorrupt {
		dest.Close()
		err = replaceDatabase(ctx, whole, dbPath)
		if err == nil {
			dest, err = openRaw(dbPath, false)
			if err == nil {
				defer dest.Close()
			}
		}
	}
	if err != nil {
		return nil, backupError("restore-backup", dbPath, err)
	}
	// The restore is done: an interrupt from here on must not end it with
	// a message that says nothing changed.
	ctx = context.WithoutCancel(ctx)
	// rolo runs in WAL mode; a copy of a backup (rollback journal) or a
	// new file needs it set again.
	if _, err := dest.ExecContext(ctx, `PRAGMA journal_mode = WAL`); err != nil {
		return nil, backupError("restore-backup", dbPath, err)
	}
	d := &DB{db: dest, path: dbPath, now: nowUTC}
	if err := d.migrate(ctx); err != nil {
		return nil, openError(dbPath, err)
	}
	info.Path = dbPath
	return info, nil
}

// stage returns, when src cannot be copied into dest as it is, a temporary
// copy of it in dest's directory that can, with its path: a backup of an
// older schema is migrated there first, so that a migration that fails
// (a damaged or hand-edited backup) stops the restore before the live
// database is touched; a backup whose indexes are damaged (info.derived)
// has them rebuilt there, as doctor --repair would, and is refused if
// that does not make it sound; and a backup vacuumed with another page
// size than a WAL dest is rewritten in dest's, as the backup API refuses
// to copy across page sizes into a WAL database (SQLITE_READONLY); and
// where raise is set (the database handed out IDs the backup had not:
// see RestoreBackup), a copy takes the database's ID sequences, which
// the backup itself, opened read-only, does not. It returns nil when src
// will do as it is.
func stage(ctx context.Context, src, dest *sql.DB, file, dbPath string, info *BackupInfo, raise bool) (*sql.DB, string, func(), error) {
	schema := info.Schema
	old := schema < len(migrationNames())
	rebuild := len(info.derived) > 0
	resize := 0
	var srcSize, destSize int
	var mode string
	if err := src.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&srcSize); err != nil {
		return nil, "", nil, backupError("restore-backup", file, err)
	}
	// A dest SQLite cannot read is replaced whole, whatever its page size.
	if dest.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&destSize) == nil &&
		dest.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode) == nil &&
		srcSize != destSize && strings.EqualFold(mode, "wal") {
		resize = destSize
	}
	if !old && resize == 0 && !rebuild && !raise {
		return nil, "", nil, nil
	}
	f, err := os.CreateTemp(filepath.Dir(dbPath), "."+filepath.Base(dbPath)+".restore-*")
	if err != nil {
		return nil, "", nil, backupError("restore-backup", dbPath, err)
	}
	tmp := f.Name()
	f.Close()
	atomicfile.Hold(databaseFiles(tmp)...)
	db, err := openRaw(tmp, false)
	if err != nil {
		removeDatabaseFiles(tmp)
		return nil, "", nil, err
	}
	cleanup := func() { db.Close(); removeDatabaseFiles(tmp); atomicfile.Release(databaseFiles(tmp)...) }
	if err := copyDatabase(ctx, db, src, nil); err != nil {
		cleanup()
		return nil, "", nil, backupError("restore-backup", dbPath, err)
	}
	if old {
		d := &DB{db: db, path: file, now: nowUTC}
		if err := d.migrate(ctx); err != nil {
			cleanup()
			if ctx.Err() != nil {
				return nil, "", nil, backupError("restore-backup", dbPath, ctx.Err())
			}
			return nil, "", nil, restoreUpgradeError(file, dbPath, schema, err)
		}
	}
	if rebuild {
		sound, err := rebuildDerived(ctx, db)
		switch sqliteCode(err) {
		case codeCorrupt, codeNotADB, sqlite3.ErrConstraint:
			// The backup's damage, not the database's: said of it.
			sound, err = false, nil
		}
		if err != nil || !sound {
			cleanup()
			if err != nil {
				return nil, "", nil, backupError("restore-backup", dbPath, err)
			}
			return nil, "", nil, backupDamaged(file, info.derived)
		}
		info.Rebuilt = true
	}
	if resize != 0 {
		_, err = db.ExecContext(ctx, fmt.Sprintf(`PRAGMA page_size = %d`, resize))
		if err == nil {
			_, err = db.ExecContext(ctx, `VACUUM`)
		}
		if err != nil {
			cleanup()
			return nil, "", nil, backupError("restore-backup", dbPath, err)
		}
	}
	return db, tmp, cleanup, nil
}

// rebuildDerived rebuilds every index and the full-text indexes of the
// staged copy db from its tables, in one transaction, and checks it
// whole again: whether it is sound now, or why the rebuild failed (a
// full disk, an interrupt).
func rebuildDerived(ctx context.Context, db *sql.DB) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `REINDEX`); err != nil {
		return false, err
	}
	if err := rebuildSearch(ctx, tx); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	rows, err := queryColumn[string](ctx, db, `PRAGMA integrity_check`)
	if err != nil {
		return false, err
	}
	return len(integrityMessages(rows)) == 0, nil
}

// copyDatabase copies every page of src into dest in one backup step, so
// that the copy is one snapshot of src and one transaction on dest. It
// retries while either side is locked, up to busyWait, and stops waiting
// when ctx is done: dest's own busy timeout is off for the step, which
// would otherwise wait in SQLite, where nothing cancels it, for as long
// as another process's write holds the lock (a restore that Ctrl-C or
// SIGTERM meant to stop went on to replace the database once it was free).
//
// before, when not nil, is called with dest's and src's connections right
// before each attempt, with no transaction open, to read the database it
// replaces and change src to match: an error from it stops the copy, with
// dest as it was, unless it is SQLite's "busy" (dest is locked), which is
// waited for as a locked step is.
func copyDatabase(ctx context.Context, dest, src *sql.DB, before func(dest, src *sqlite3.SQLiteConn) error) error {
	dc, err := dest.Conn(ctx)
	if err != nil {
		return err
	}
	defer dc.Close()
	if _, err := dc.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		return err
	}
	defer dc.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyWait.Milliseconds()))
	sc, err := src.Conn(ctx)
	if err != nil {
		return err
	}
	defer sc.Close()
	return dc.Raw(func(destRaw any) error {
		return sc.Raw(func(srcRaw any) error {
			destConn, ok1 := destRaw.(*sqlite3.SQLiteConn)
			srcConn, ok2 := srcRaw.(*sqlite3.SQLiteConn)
			if !ok1 || !ok2 {
				return fmt.Errorf("not a SQLite connection")
			}
			deadline := time.Now().Add(busyWait)
			for {
				done, err := backupStep(destConn, srcConn, before)
				if err != nil || done {
					return err
				}
				// Locked by another process: wait and start again.
				if time.Now().After(deadline) {
					return sqlite3.Error{Code: sqlite3.ErrBusy}
				}
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(50 * time.Millisecond):
				}
			}
		})
	})
}

// backupStep is one attempt of copyDatabase: before (when not nil), then
// the copy of every page; done is false when dest or src is locked.
func backupStep(destConn, srcConn *sqlite3.SQLiteConn, before func(dest, src *sqlite3.SQLiteConn) error) (done bool, err error) {
	if before != nil {
		if err := before(destConn, srcConn); err != nil {
			if code := sqliteCode(err); code == sqlite3.ErrBusy || code == sqlite3.ErrLocked {
				return false, nil
			}
			return false, err
		}
	}
	b, err := destConn.Backup("main", srcConn, "main")
	if err != nil {
		return false, err
	}
	done, err = b.Step(-1)
	if ferr := b.Finish(); err == nil && done {
		err = ferr
	}
	return done, err
}

// errRaiseSequences stops a copy of a backup that is not staged (see
// stage) when the database has handed out IDs the backup had not: the
// restore stages it and copies again.
var errRaiseSequences = errors.New("the database handed out IDs the backup has not")

// sequences reads the AUTOINCREMENT sequences of the database c has open
// (the highest contact, note, interaction, change, block and merge IDs it
// ever handed out); nil when it cannot be read (a damaged or new file),
// or SQLite's error when the file is locked (busy), for the caller to
// wait.
func sequences(c *sqlite3.SQLiteConn) (map[string]int64, error) {
	rows, err := c.Query(`SELECT name, seq FROM sqlite_sequence`, nil)
	if err != nil {
		return nil, busyError(err)
	}
	defer rows.Close()
	seqs := map[string]int64{}
	row := make([]driver.Value, 2)
	for {
		if err := rows.Next(row); err != nil {
			if errors.Is(err, io.EOF) {
				return seqs, nil
			}
			return nil, busyError(err)
		}
		name, _ := row[0].(string)
		seq, _ := row[1].(int64)
		seqs[name] = seq
	}
}

// busyError is err when it is SQLite's "busy" or "locked", else nil.
func busyError(err error) error {
	if code := sqliteCode(err); code == sqlite3.ErrBusy || code == sqlite3.ErrLocked {
		return err
	}
	return nil
}

// rawSequences is sequences of the database db has open; nil when it
// cannot be read.
func rawSequences(ctx context.Context, db *sql.DB) map[string]int64 {
	c, err := db.Conn(ctx)
	if err != nil {
		return nil
	}
	defer c.Close()
	var seqs map[string]int64
	c.Raw(func(raw any) error {
		if sc, ok := raw.(*sqlite3.SQLiteConn); ok {
			seqs, _ = sequences(sc)
		}
		return nil
	})
	return seqs
}

// behind reports whether the sequences have, those of a backup, lag any
// of handedOut, those of the database it is to replace.
func behind(handedOut, have map[string]int64) bool {
	for name, seq := range handedOut {
		if seq > have[name] {
			return true
		}
	}
	return false
}

// raiseSequences raises the AUTOINCREMENT sequences of the staged copy of
// a backup that c has open to those the database it replaces has reached
// (see sequences), in one transaction, so that an ID handed out after the
// backup was taken, which a script, a hint such as "rolo unmerge 7" or
// another program may hold, never names a different contact, note or
// merge after the restore.
func raiseSequences(c *sqlite3.SQLiteConn, seqs map[string]int64) (err error) {
	if len(seqs) == 0 {
		return nil
	}
	if raiseHook != nil {
		if err := raiseHook(); err != nil {
			return err
		}
	}
	if _, err := c.Exec(`BEGIN IMMEDIATE`, nil); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			c.Exec(`ROLLBACK`, nil)
		}
	}()
	for name, seq := range seqs {
		if _, err := c.Exec(`UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?`, []driver.Value{seq, name, seq}); err != nil {
			return err
		}
		if _, err := c.Exec(`INSERT INTO sqlite_sequence (name, seq) SELECT ?, ?
			WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)
			AND EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)`, []driver.Value{name, seq, name, name}); err != nil {
			return err
		}
	}
	_, err = c.Exec(`COMMIT`, nil)
	return err
}

// raiseHook, set by tests, is called before the sequences of a staged
// backup are raised: an error from it fails the raise.
var raiseHook func() error

// rolodbInfo checks that db is a rolo database this rolo can read and
// counts its contacts.
func rolodbInfo(ctx context.Context, db *sql.DB, path string) (*BackupInfo, error) {
	info := &BackupInfo{Path: path}
	missing, err := missingRoloTables(ctx, db)
	if err != nil {
		return nil, backupError("database", path, err)
	}
	if missing != "" {
		return nil, contact.Errorf(contact.EINTERNAL, "%s is not a rolo database (%s)", contact.PathText(path), missing)
	}
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&info.Schema); err != nil {
		return nil, backupError("database", path, err)
	}
	if want := len(migrationNames()); info.Schema > want {
		return nil, contact.Errorf(contact.EINTERNAL, "database: %s was written by a newer rolo (schema version %d; this rolo knows up to %d); upgrade rolo", contact.PathText(path), info.Schema, want)
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM contacts`).Scan(&info.Contacts); err != nil {
		return nil, backupError("database", path, err)
	}
	return info, nil
}

// checkDatabaseFile refuses what cannot be a database before SQLite opens
// it: a missing file (which SQLite would create), a directory, a device or
// a pipe, a file that is not SQLite's.
func checkDatabaseFile(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return contact.Errorf(contact.ENOTFOUND, "%s: no such file", contact.PathText(path))
	case !readable(path):
		return unreadable(path)
	case err != nil:
		return contact.Errorf(contact.EINTERNAL, "%s: %v", contact.PathText(path), atomicfile.UnwrapPath(err))
	case fi.IsDir():
		return contact.Errorf(contact.EINVALID, "%s is a directory, not a database file", contact.PathText(path))
	case !fi.Mode().IsRegular():
		return contact.Errorf(contact.EINVALID, "%s is not a regular file, not a database file", contact.PathText(path))
	case fi.Size() == 0:
		// Not a usage error: a file that is not a rolo database, as
		// one cut short (exit 1).
		return contact.Errorf(contact.EINTERNAL, "%s is empty, not a rolo database", contact.PathText(path))
	}
	if problem := fileDamage(path); problem != "" {
		return contact.Errorf(contact.EINTERNAL, "%s: %s", contact.PathText(path), problem)
	}
	return nil
}

// restoreUpgradeError is restore-backup's error for the backup file, of
// schema version schema, whose upgrade in a copy beside dbPath failed with
// err. One that ran out of room (applyMigrations keeps the driver's error
// behind its own) is said as a restore without room is: the backup is
// sound, the disk is full.
func restoreUpgradeError(file, dbPath string, schema int, err error) error {
	if se := (sqlite3.Error{}); errors.As(err, &se) && noRoom(se) {
		return backupError("restore-backup", dbPath, se)
	}
	return contact.Errorf(contact.EINTERNAL, "restore-backup: %s (schema version %d) cannot be brought up to this rolo's schema (version %d): %v; nothing was changed", contact.PathText(file), schema, len(migrationNames()), err)
}

// backupError words a failure of backup or restore for a user, naming the
// file.
func backupError(op, path string, err error) error {
	var ce *contact.Error
	switch {
	case errors.As(err, &ce):
		return err
	case errors.Is(err, context.Canceled):
		return err
	}
	code := sqliteCode(err)
	switch {
	case code == sqlite3.ErrIoErr, code == sqlite3.ErrCantOpen, code == codeReadonly, atomicfile.Refused(err):
		// SQLite writes a journal beside the file, and removes it, and
		// a backup is renamed into place: in a directory made read-only
		// meanwhile that fails, SQLite with one of these codes, which
		// say neither why nor where (the backup API reports only the
		// code). The system's reason is permission denied, exit 4.
		dir := filepath.Dir(atomicfile.LinkTarget(path))
		if derr := dirWriteError(dir); atomicfile.Refused(derr) {
			return contact.Errorf(contact.EPERM, "%s: %s: cannot write in %s: %v; nothing was changed", op, contact.PathText(path), contact.PathText(dir), derr)
		}
	}
	switch code {
	case codeFull:
		// SQLite's code for a write refused for space (ENOSPC).
		return contact.Errorf(contact.EINTERNAL, "%s: %s: the disk is full; nothing was changed", op, contact.PathText(path))
	case sqlite3.ErrIoErr:
		// The backup API reports only the code, not the system's reason
		// (a write refused for space is mostly codeFull). Under a file
		// size limit a copy meets EFBIG as its temporary file reaches
		// the limit: said only when one has, not for any I/O error
		// while some limit is set.
		if limit, ok := fileSizeLimit(); ok && tempReached(path, limit) {
			return contact.Errorf(contact.EINTERNAL, "%s: %s: file too large (%s under a file size limit, ulimit -f, of %s); nothing was changed", op, contact.PathText(path), sqliteMessage(err), humanBytes(limit))
		}
		return contact.Errorf(contact.EINTERNAL, "%s: %s: writing failed (%s); nothing was changed", op, contact.PathText(path), sqliteMessage(err))
	case codeReadonly:
		return contact.Errorf(contact.EPERM, "%s: %s is read-only", op, contact.PathText(path))
	case codeCorrupt, codeNotADB:
		return contact.Errorf(contact.EINTERNAL, "%s: %s is damaged (%s)", op, contact.PathText(path), sqliteMessage(err))
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return contact.Errorf(contact.EINTERNAL, "%s: %s is still locked by another process after %s; nothing was changed", op, contact.PathText(path), busyWait)
	}
	return contact.Errorf(atomicfile.WriteCode(err), "%s: %s: %v", op, contact.PathText(path), atomicfile.UnwrapPath(err))
}

// tempReached reports whether a temporary file of a write to path (as
// backup names it, beside the file a link leads to) has grown to within a
// mebibyte of limit bytes: the write that failed was one past a file size
// limit.
func tempReached(path string, limit int64) bool {
	target := atomicfile.LinkTarget(path)
	dir, prefix := filepath.Dir(target), "."+filepath.Base(target)+".tmp-"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.Size()+1<<20 >= limit {
			return true
		}
	}
	return false
}

// replaceDatabase puts a copy of the database src in place of dest (a
// file SQLite cannot read) with atomicfile: written beside dest, synced and
// renamed over it, mode 0600 (its owner and group kept). dest's -wal,
// -shm and -journal files, which belong to the old contents, are removed
// just before the rename.
func replaceDatabase(ctx context.Context, src, dest string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	f, err := atomicfile.Create(dest, "")
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := io.Copy(f, in); err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	f.Database()
	return shield.Commit(f.Commit)
}

// createDatabaseFile creates an empty file for a new database at path,
// mode 0600 in a directory made 0700 (SQLite would use the umask's), and
// leaves a file that is there already alone. Through a dangling link, the
// file it names is created.
func createDatabaseFile(path string) error {
	target := atomicfile.LinkTarget(path)
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		dir := filepath.Dir(target)
		var pe *fs.PathError
		if errors.As(err, &pe) {
			dir = pe.Path
		}
		return cannotCreate(path, "the directory "+dir, err)
	}
	f, err := os.OpenFile(target, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		what := "the file"
		if target != path {
			what += " " + target
		}
		return cannotCreate(path, what, err)
	}
	if f != nil {
		f.Close()
	}
	return nil
}

func removeDatabaseFiles(path string) {
	for _, name := range databaseFiles(path) {
		os.Remove(name)
	}
}

// databaseFiles are the database at path and the files SQLite keeps
// beside it.
func databaseFiles(path string) []string {
	return []string{path, path + "-journal", path + "-wal", path + "-shm"}
}
