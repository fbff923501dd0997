package sqlite

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/rolo-cli/rolo/internal/contact"
)

// SQLite's header: the first 100 bytes of every database file.
const (
	headerSize  = 100
	headerMagic = "SQLite format 3\x00"
)

// SQLite result codes that doctor, backup and restore tell apart.
var (
	codeReadonly = sqlite3.ErrReadonly
	codeCorrupt  = sqlite3.ErrCorrupt
	codeNotADB   = sqlite3.ErrNotADB
	codeFull     = sqlite3.ErrFull
	codeBusy     = sqlite3.ErrBusy
	codeLocked   = sqlite3.ErrLocked
)

func nowUTC() time.Time { return time.Now().UTC() }

// fileURI is the SQLite URI that opens the file at path with the given
// query parameters. A relative path gets "./" before it, so that it is
// always read as a file's name: SQLite takes the name ":memory:" for a
// database in memory, and --db :memory: would report contacts added that
// no file holds.
func fileURI(path, query string) string {
	if !filepath.IsAbs(path) {
		path = "." + string(filepath.Separator) + path
	}
	return "file:" + url.PathEscape(path) + "?" + query
}

// missingRoloTables says which of the tables every rolo database has the
// database lacks ("no contacts or users table"), or "" when it has them.
func missingRoloTables(ctx context.Context, q querier) (string, error) {
	have, err := queryColumn[string](ctx, q, `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('schema_migrations', 'contacts', 'users')`)
	if err != nil {
		return "", err
	}
	var missing []string
	for _, name := range []string{"schema_migrations", "contacts", "users"} {
		if !slices.Contains(have, name) {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return "", nil
	}
	return "no " + listNames(missing, "or") + " table", nil
}

// migrationNames lists the embedded migrations in the order they apply.
func migrationNames() []string {
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	sort.Strings(names)
	return names
}

// sqliteCode is the primary result code of a SQLite error (the backup API
// reports extended codes, such as SQLITE_IOERR_WRITE).
func sqliteCode(err error) sqlite3.ErrNo {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code & 0xff
	}
	return 0
}

// sqliteMessage is SQLite's own wording of err ("database disk image is
// malformed"), without Go's wrapping, nor the words SQLite puts before the
// error of the statement that registering rolo's SQL functions ran as a
// connection opened (see rank.c): "disk I/O error: no space left on
// device", not "automatic extension loading failed: disk I/O error: ...".
func sqliteMessage(err error) string {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return strings.TrimPrefix(se.Error(), "automatic extension loading failed: ")
	}
	return contact.ErrorMessage(err)
}

// notSQLite is fileDamage's finding for a file that does not start with
// the SQLite header: no rolo ever wrote it (a --db typo naming a
// document), so rolo neither opens nor replaces it (see notSQLiteError).
const notSQLite = "not a rolo database, nor any SQLite database (the file does not start with the SQLite header)"

// ownFile is what rolo says of a file that is not its own: another
// program's SQLite database, or a file that is no SQLite database at all.
const ownFile = "rolo leaves it alone: give rolo a file of its own"

// movedAway is the advice for a file without the SQLite header, which
// might still be a rolo database damaged at its start: restore-backup
// refuses to replace it, so it is moved away first.
const movedAway = ownFile + ", or, if it is a damaged rolo database, move it away first, then rolo restore-backup FILE brings back a backup"

// notSQLiteError is the error for a database file that does not start
// with the SQLite header, by every command and by restore-backup.
func notSQLiteError(path string) error {
	return contact.Errorf(contact.EINTERNAL, "database %s: %s; %s", contact.PathText(path), notSQLite, movedAway)
}

// fileDamage looks at a database file's header and size and says, in a
// sentence, what is wrong with it: not a SQLite file at all, or shorter
// than its header says. It returns "" for a file that looks whole (an empty
// file is a new database). It reads only the header, so that rolo can say
// why a file will not open.
func fileDamage(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return ""
	}
	hdr := make([]byte, headerSize)
	n, err := io.ReadFull(f, hdr)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return ""
	}
	if n < len(headerMagic) || !bytes.Equal(hdr[:len(headerMagic)], []byte(headerMagic)) {
		return notSQLite
	}
	if n < headerSize {
		return fmt.Sprintf("truncated: the file is %d bytes, shorter than a SQLite header", n)
	}
	pageSize := int64(binary.BigEndian.Uint16(hdr[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	changes := binary.BigEndian.Uint32(hdr[24:28])
	pages := int64(binary.BigEndian.Uint32(hdr[28:32]))
	validFor := binary.BigEndian.Uint32(hdr[92:96])
	// The page count in the header is only trusted by SQLite when it was
	// written with the current change counter. And while a WAL file holds
	// frames, the file may rightly be shorter: a checkpoint interrupted
	// (a process killed) after writing page 1 but before the last pages
	// leaves them in the WAL, from which SQLite reads them and finishes the
	// checkpoint.
	if validFor == changes && pages > 0 && fi.Size() < pages*pageSize && !walHasFrames(path) {
		return fmt.Sprintf("truncated: the file is %d bytes, its header says %d", fi.Size(), pages*pageSize)
	}
	return ""
}

// usersDamage is SQLite's damage error when the users table or its index
// fails PRAGMA integrity_check, and nil otherwise. A users b-tree whose
// cells cannot be read yields no rows rather than SQLITE_CORRUPT, so that a
// lookup that finds no one cannot tell a missing teammate from a damaged
// table: it is asked only then. The check is of that one table (under a
// millisecond on a database of 100,000 contacts, whose team is small).
func usersDamage(ctx context.Context, q querier) error {
	var check string
	err := q.QueryRowContext(ctx, `PRAGMA integrity_check(users)`).Scan(&check)
	switch code := sqliteCode(err); {
	case err == nil && check != "ok":
		return sqlite3.Error{Code: codeCorrupt}
	case code == codeCorrupt || code == codeNotADB:
		return err
	}
	// A check that could not run (no users table) finds nothing.
	return nil
}

// emptyTeamDamage is SQLite's damage error when a users table that counts
// no one is not a new database's, and nil when it is. A users b-tree (and
// its login index, which count(*) reads) damaged so that it reads as empty
// would otherwise make the next command take the file for a new database
// and add its user as owner, with the first owner's ID on every contact:
// a stranger would see the first owner's private contacts. It is damage
// when the table fails PRAGMA integrity_check, or when there are contacts
// or changes, which only a user can have made. Both are read only when no
// user is found (the first command on a new database), in microseconds.
func emptyTeamDamage(ctx context.Context, q querier) error {
	if err := usersDamage(ctx, q); err != nil {
		return err
	}
	var used bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM contacts) OR EXISTS (SELECT 1 FROM changes)`).Scan(&used)
	switch code := sqliteCode(err); {
	case err == nil && used:
		return sqlite3.Error{Code: codeCorrupt}
	case code == codeCorrupt || code == codeNotADB:
		return err
	}
	// A schema without these tables has no one's contacts to give away.
	return nil
}

// walHasFrames reports whether the database's WAL file holds more than its
// 32-byte header.
func walHasFrames(path string) bool {
	fi, err := os.Stat(path + "-wal")
	return err == nil && fi.Size() > 32
}

// damageAdvice is what an error about a damaged database ends with.
const damageAdvice = "; rolo doctor checks a database, rolo restore-backup FILE brings back a backup"

// openError names the file in an error met while opening it, and says what
// is wrong with a damaged file, so that a user knows which file to check
// or restore. Errors of other kinds (an unknown user) pass unchanged.
func openError(path string, err error) error {
	if err == nil || contact.ErrorCode(err) != contact.EINTERNAL || errors.Is(err, context.Canceled) {
		return err
	}
	msg := contact.ErrorMessage(err)
	if strings.Contains(msg, path) {
		return err
	}
	if problem := fileDamage(path); problem == notSQLite {
		return notSQLiteError(path)
	} else if problem != "" {
		return contact.Errorf(contact.EINTERNAL, "database %s: %s%s", contact.PathText(path), problem, damageAdvice)
	}
	msg = strings.TrimPrefix(msg, "database: ")
	if strings.Contains(msg, "damaged") {
		msg += damageAdvice
	}
	return contact.Errorf(contact.EINTERNAL, "database %s: %s", contact.PathText(path), msg)
}
