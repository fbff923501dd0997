package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/rolo-cli/rolo/internal/atomicfile"
	"github.com/rolo-cli/rolo/internal/contact"
)

// access is what the user may write of a database file and beside it. In
// WAL mode SQLite keeps two files next to the database, PATH-wal and
// PATH-shm, and creates them when it opens the file, even to read it: in a
// directory the user may not write it cannot (and reading fails), and
// beside a file the user may not write it creates them with that file's
// mode (0400), where they outlive the read and, once the file is writable
// again, make every write fail as read-only.
type access struct {
	// fileReadOnly: the file cannot be opened for writing (its mode, its
	// owner, a read-only mount).
	fileReadOnly bool
	// dirReadOnly: no new file can be created in the file's directory.
	dirReadOnly bool
	// dir is that directory (of the file a link names).
	dir string
	// wal: a -wal file is there, which SQLite must read: another process
	// has the database open, or one ended without cleaning up.
	wal bool
	// shm: a -shm file is there, which SQLite needs to read a -wal file.
	shm bool
	// stray lists the -wal and -shm files that are there but cannot be
	// opened for writing.
	stray []string
	// hidden lists the -wal and -shm files that are there but cannot be
	// opened for reading (left 0600 by another user's process that
	// ended without cleaning up): SQLite must read them with the file.
	hidden []string
}

// accessOf looks at an existing database file at path and beside it.
func accessOf(path string) access {
	target := atomicfile.LinkTarget(path)
	a := access{dir: filepath.Dir(target)}
	a.fileReadOnly = !writable(target)
	a.dirReadOnly = !dirWritable(a.dir)
	for _, side := range []string{target + "-wal", target + "-shm"} {
		if _, err := os.Lstat(side); err != nil {
			continue
		}
		if side == target+"-wal" {
			a.wal = true
		} else {
			a.shm = true
		}
		if !writable(side) {
			a.stray = append(a.stray, side)
		}
		if !readable(side) {
			a.hidden = append(a.hidden, side)
		}
	}
	return a
}

// readError is the error for a database at path whose -wal or -shm file
// the user may not read, or nil: permission denied, exit 4, as for the
// file itself, naming the files and the chmod that lets them be read as
// the database is, or, for files another user owns (which the user may not
// chmod), the chown that root must run. Read as immutable, the file needs
// neither. So is a -wal file without a -shm file in a directory where
// SQLite cannot create one, which it needs to read the -wal file (SQLite
// would only say "unable to open database file", and backup that it
// cannot write in that directory, taken for its own file's).
func (a access) readError(path string) error {
	if a.immutable() {
		return nil
	}
	if a.wal && !a.shm && a.dirReadOnly {
		target := atomicfile.LinkTarget(path)
		return contact.Errorf(contact.EPERM, "database %s: permission denied: SQLite reads %s-wal (left by a process that did not finish) only with a %s-shm file, which it cannot create in the read-only directory %s; any rolo command run by a user who may write there puts what the -wal file holds into the database",
			contact.PathText(path), contact.PathText(target), contact.PathText(target), contact.PathText(a.dir))
	}
	if len(a.hidden) == 0 {
		return nil
	}
	var whys []string
	for _, side := range a.hidden {
		why := contact.PathText(side)
		if fi, err := os.Stat(side); err == nil {
			why += fmt.Sprintf(" is %04o", fi.Mode().Perm())
			if owner := fileOwner(fi); owner != "" {
				why += ", owned by " + owner
			}
		}
		whys = append(whys, why)
	}
	mode := os.FileMode(0o600)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	them := "it"
	if len(a.hidden) > 1 {
		them = "them"
	}
	fix := fmt.Sprintf(": chmod %04o %s", mode, pathsText(a.hidden, " "))
	if owners := othersFiles(a.hidden); len(owners) > 0 {
		fix = ", and " + chownFix(a.hidden, owners, currentLogin())
	}
	return contact.Errorf(contact.EPERM, "database %s: permission denied (%s; SQLite reads %s with the database%s)",
		contact.PathText(path), strings.Join(whys, "; "), them, fix)
}

// othersFiles lists the owners of files (-wal, -shm) that belong to
// another user than the one running rolo, each once.
func othersFiles(files []string) []string {
	var owners []string
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			if o := othersFile(fi); o != "" && !slices.Contains(owners, o) {
				owners = append(owners, o)
			}
		}
	}
	return owners
}

// chownFix says what to do about files that belong to owners, not to me,
// the user running rolo, who may not chmod them: root gives them to me.
// Not to remove them: a -wal file another user's rolo left may hold
// changes it made, not yet in the database.
func chownFix(files, owners []string, me string) string {
	they, them := "it is", "it"
	if len(files) > 1 {
		they, them = "they are", "them"
	}
	return fmt.Sprintf("%s %s's, not yours (%s), so only root can give %s to you: chown %s %s",
		they, strings.Join(owners, "'s and "), me, them, me, pathsText(files, " "))
}

// writable reports whether the file at path can be opened for writing.
// Errors other than a refusal (a file that vanished) are left to SQLite.
// It asks access(2) (fileWritable) rather than opening the file: closing
// any descriptor of a file drops every POSIX lock this process holds on
// it, and SQLite's locks on the database and its -shm file are such locks,
// held by whichever connection of this process (doctor's own, a test's)
// has the file open.
func writable(path string) bool {
	err := fileWritable(path)
	return err == nil || !atomicfile.Refused(err)
}

// readable reports whether the file at path can be opened for reading:
// false when its mode or a directory on its way, which the user may not
// enter, refuses it. Other errors (no file yet) are left to the caller,
// as in writable.
func readable(path string) bool {
	err := fileReadable(path)
	return err == nil || (!errors.Is(err, fs.ErrPermission) && !errors.Is(err, syscall.EACCES))
}

// unreadable is the error for a database file the user may not read:
// permission denied, exit 4, as a write to a read-only one, naming the
// file and why (SQLite would only say "unable to open database file").
func unreadable(path string) error {
	why := ""
	if fi, err := os.Stat(path); err == nil {
		why = fmt.Sprintf("the file is %04o", fi.Mode().Perm())
		if owner := fileOwner(fi); owner != "" {
			why += ", owned by " + owner
		}
	} else if dir := blockedDir(path); dir != "" {
		why = "the directory " + contact.PathText(dir) + " may not be entered"
	}
	if why != "" {
		why = " (" + why + ")"
	}
	return contact.Errorf(contact.EPERM, "database %s: permission denied%s", contact.PathText(path), why)
}

// cannotCreate is the error for a new database at path that could not be
// made, where what (the directory on its way, the file) could not be
// created: a refusal (the directory's mode, a read-only file system, the
// home /nonexistent of a system user running cron) is permission denied,
// exit 4, as a read-only database is; anything else exit 1. Either names
// the database, which the directory alone does not.
func cannotCreate(path, what string, err error) error {
	return contact.Errorf(atomicfile.WriteCode(err), "database %s: cannot create %s: %v", contact.PathText(path), contact.PathText(what), atomicfile.UnwrapPath(err))
}

// blockedDir is the first directory on the way to path that the user may
// not enter, or "".
func blockedDir(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	var ancestors []string
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		ancestors = append(ancestors, dir)
		if filepath.Dir(dir) == dir {
			break
		}
	}
	// From the root down: the first directory whose entries cannot be
	// looked up.
	for i := len(ancestors) - 1; i >= 0; i-- {
		child := abs
		if i > 0 {
			child = ancestors[i-1]
		}
		if _, err := os.Stat(child); errors.Is(err, fs.ErrPermission) {
			return ancestors[i]
		}
	}
	return ""
}

// immutable reports whether SQLite should read the file as immutable (the
// URI parameter immutable=1), which creates no file beside it and takes no
// lock: when the user cannot write the file or its directory, and there is
// no -wal file to read. Without a -wal file every change is in the file
// itself; a process that could change it meanwhile is one that may write
// what this user may not (another user, root), and the worst it can cause
// is a read that fails or misses its change, never a damaged file.
func (a access) immutable() bool {
	return (a.fileReadOnly || a.dirReadOnly) && !a.wal
}

// writeError is the error for a change this user cannot make beside the
// file at path, or nil: the directory takes no -wal file, or a -wal or
// -shm file left read-only (by an older rolo or another program reading
// the file while it was read-only) makes every write fail although the
// file itself is writable. A file that is itself read-only is refused by
// SQLite as such ("the file is read-only").
func (a access) writeError(path string) error {
	if a.fileReadOnly {
		return nil
	}
	if len(a.stray) > 0 {
		return contact.Errorf(contact.EPERM, "database: %s", a.strayProblem(path))
	}
	if a.dirReadOnly && !a.wal {
		// Of an older schema, which no command reads before its
		// upgrade, that is what cannot be written there.
		if have, want, ok := olderSchema(path); ok {
			return a.upgradeError(path, have, want)
		}
		return contact.Errorf(contact.EPERM, "database: %s (commands that only read work)", a.dirProblem(path))
	}
	return nil
}

// olderSchema reports the schema version of the rolo database at path and
// the one this rolo writes, and whether the first is older, for a file
// read as it is (access.immutable), which SQLite opens leaving no file
// beside it. Any error reading it is no: the command that goes on to open
// it meets and says that error.
func olderSchema(path string) (have, want int, ok bool) {
	db, err := openRaw(path, true)
	if err != nil {
		return 0, 0, false
	}
	defer db.Close()
	if err := db.QueryRow(`SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return 0, 0, false
	}
	want = len(migrationNames())
	return have, want, have > 0 && have < want
}

// upgradeError is the error for a database at path of schema version
// from, which this rolo must upgrade to version to before it can read it,
// where the upgrade cannot be written (upgradeBlocked), or nil. Every
// command is refused, those that only read too.
func (a access) upgradeError(path string, from, to int) error {
	problem, writes, fix := a.upgradeBlocked(path)
	if problem == "" {
		return nil
	}
	return contact.Errorf(contact.EPERM, "database: %s, and this rolo must first upgrade it (schema version %d to %d)%s; until then no command but backup and doctor reads it: %s, or read it with the rolo that wrote it",
		problem, from, to, writes, fix)
}

// upgradeBlocked says why an upgrade of the schema of the database at
// path cannot be written, or problem is "": the file is read-only, or a
// -wal or -shm file beside it is (see strayProblem), or its directory is
// and no -wal file is there to take the upgrade (SQLite must create one).
// writes says what the upgrade writes, when that is more than the file,
// and fix what lets it be written.
func (a access) upgradeBlocked(path string) (problem, writes, fix string) {
	file := contact.PathText(path)
	dir := a.dirReadOnly && !a.wal
	switch {
	case !dir && a.fileReadOnly:
		return file + " is read-only", "", "run one rolo command as a user who may write it"
	case len(a.stray) > 0 && !a.fileReadOnly:
		return a.strayFiles(path), "", a.strayFix()
	case !dir:
		return "", "", ""
	}
	wal := contact.PathText(atomicfile.LinkTarget(path)) + "-wal"
	problem, writes, who, it := file+" is in the read-only directory "+contact.PathText(a.dir), ", which creates "+wal+" there", "a user who may write that directory", "it"
	if a.fileReadOnly {
		problem, writes, who, it = file+" is read-only and so is its directory "+contact.PathText(a.dir), ", which writes the file and creates "+wal+" beside it", "a user who may write both", "the directory"
	}
	if fi, err := os.Stat(a.dir); err == nil {
		if owner := othersFile(fi); owner != "" {
			who += " (" + it + " is " + owner + "'s)"
		} else if fileOwner(fi) != "" {
			who += " (" + it + " is yours: chmod u+w " + contact.PathText(a.dir) + " first)"
		}
	}
	return problem, writes, "run one rolo command as " + who
}

// strayProblem says what the read-only -wal or -shm files do and how to
// fix it (strayFix).
func (a access) strayProblem(path string) string {
	return a.strayFiles(path) + ", so no change can be written; " + a.strayFix()
}

// strayFiles says which -wal or -shm files are read-only.
func (a access) strayFiles(path string) string {
	verb := "is"
	if len(a.stray) > 1 {
		verb = "are"
	}
	return fmt.Sprintf("%s %s read-only although %s is not", pathsText(a.stray, " and "), verb, contact.PathText(path))
}

// strayFix says how to make the read-only -wal or -shm files writable:
// chmod them, or, when they are another user's, which the user may not
// chmod, have root chown them (chownFix).
func (a access) strayFix() string {
	them := "it"
	if len(a.stray) > 1 {
		them = "them"
	}
	if owners := othersFiles(a.stray); len(owners) > 0 {
		return chownFix(a.stray, owners, currentLogin())
	}
	return fmt.Sprintf("make %s writable: chmod u+w %s", them, pathsText(a.stray, " "))
}

// dirProblem says why nothing can be written in a read-only directory.
func (a access) dirProblem(path string) string {
	return fmt.Sprintf("cannot create %s-wal: the directory %s is read-only; rolo needs to write beside the database to change it",
		contact.PathText(atomicfile.LinkTarget(path)), contact.PathText(a.dir))
}

// pathsText joins file names as a message shows them (contact.PathText).
func pathsText(paths []string, sep string) string {
	shown := make([]string, len(paths))
	for i, p := range paths {
		shown[i] = contact.PathText(p)
	}
	return strings.Join(shown, sep)
}

// noRoom reports whether err is SQLite's for a write refused for want of
// room: the disk is full (SQLITE_FULL, or an I/O error with ENOSPC), or a
// file size limit (ulimit -f) was reached (EFBIG).
func noRoom(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.Code == sqlite3.ErrFull || se.Code == sqlite3.ErrIoErr && (se.SystemErrno == syscall.ENOSPC || se.SystemErrno == syscall.EFBIG)
}

// overLimit reports whether err is SQLite's for a write refused by a file
// size limit (ulimit -f) rather than a full disk.
func overLimit(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.SystemErrno == syscall.EFBIG
}

// roomProblem says what noRoom found: "the disk is full", or the file size
// limit.
func roomProblem(err error) string {
	if overLimit(err) {
		return "a file size limit (ulimit -f) was reached"
	}
	return "the disk is full"
}

// roomToRead is the error for a database at path that cannot be read for
// want of room (noRoom(err)): SQLite must write a -shm file beside it to
// read it while its -wal file holds changes, and a read is no change, so
// that "nothing was changed", which a refused write says, would say
// nothing of why.
func roomToRead(path string, err error) error {
	until := "space is freed"
	if overLimit(err) {
		until = "the limit is raised"
	}
	return contact.Errorf(contact.EINTERNAL, "database %s: %s: SQLite has no room for %s-shm, which it needs to read the database, so nothing can be read until %s",
		contact.PathText(path), roomProblem(err), contact.PathText(atomicfile.LinkTarget(path)), until)
}

// upgradeWithoutRoom is the error for a database at path of the older
// schema version from, which this rolo must upgrade to version to before
// it reads it, where there is no room for the upgrade (noRoom(err)).
func upgradeWithoutRoom(path string, err error, from, to int) error {
	until := "space is freed"
	if overLimit(err) {
		until = "the limit is raised"
	}
	return contact.Errorf(contact.EINTERNAL, "database %s: %s, and this rolo must first upgrade it (schema version %d to %d), a write there is no room for; until %s no command but backup and doctor reads it; nothing was changed",
		contact.PathText(path), roomProblem(err), from, to, until)
}

// openToRead opens the database at path with the connection parameters
// q, for a command that only reads it, and makes the connection at once:
// SQLite writes a -shm file beside the database even to read it, and
// where there is no room for one (a full disk, a file size limit) every
// read would fail. The file is then read as it is, on a new connection
// (immutable, as in a read-only directory; see access), and cause is the
// error that made it so; unless a -wal file holds changes not yet in the
// file, which SQLite reads only with a -shm file: nothing can be read, and
// err says so (roomToRead). While there is no room for a -shm file, no
// other process can open the database to change it either. A connection
// that fails for another reason returns the driver's error as it is (not
// a *contact.Error), for the caller to say as it says the error of a
// statement, which the connection would have failed.
func openToRead(ctx context.Context, path string, q url.Values) (db *sql.DB, cause, err error) {
	if db, err = openSQL(path, q); err != nil {
		return nil, nil, err
	}
	cause = db.PingContext(ctx)
	if cause == nil {
		return db, nil, nil
	}
	db.Close()
	if !noRoom(cause) {
		return nil, nil, cause
	}
	if walHasFrames(atomicfile.LinkTarget(path)) {
		return nil, nil, roomToRead(path, cause)
	}
	ro := url.Values{}
	for k, v := range q {
		ro[k] = v
	}
	ro.Set("mode", "ro")
	ro.Set("immutable", "1")
	ro.Set("_txlock", "deferred")
	ro.Del("_secure_delete")
	if db, err = openSQL(path, ro); err != nil {
		return nil, nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, nil, roomToRead(path, cause)
	}
	// SQLite's temporary files (a sort, a temporary table) go to
	// $TMPDIR, else /var/tmp, mostly on the disk that is full: they are
	// kept in memory instead, so that a sorted list or a search of a
	// large address book is read too. The one connection keeps it.
	if _, err := db.ExecContext(ctx, `PRAGMA temp_store = MEMORY`); err != nil {
		db.Close()
		return nil, nil, roomToRead(path, cause)
	}
	return db, cause, nil
}

// openSQL opens the database at path with the connection parameters q,
// on one connection: a CLI process does one thing at a time, and a single
// connection keeps every statement in the same transaction state. It
// connects at the first statement.
func openSQL(path string, q url.Values) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", fileURI(path, q.Encode()))
	if err != nil {
		return nil, contact.Errorf(contact.EINTERNAL, "database %s: %v", contact.PathText(path), err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}
