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

	"github.com/rolo-cli/rolo/internal/atomicfile"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/escape"
	"github.com/rolo-cli/rolo/internal/lazyre"
	"github.com/rolo-cli/rolo/internal/shield"
)

// Statuses of a doctor check.
const (
	CheckOK       = "ok"
	CheckWarning  = "warning"
	CheckError    = "error"
	CheckRepaired = "repaired"
	CheckSkipped  = "skipped"
)

// Names of the doctor checks, in the order they run.
const (
	CheckFile        = "file"
	CheckPermissions = "permissions"
	CheckSchema      = "schema"
	CheckIntegrity   = "integrity"
	CheckForeignKeys = "foreign keys"
	CheckSearch      = "search index"
	CheckPhones      = "phone index"
)

// Check is the outcome of one thing `rolo doctor` looked at.
type Check struct {
	Name   string
	Status string
	Detail string
}

// Health is what `rolo doctor` found in one database file.
type Health struct {
	Path   string
	Checks []Check
	// Repairs lists what a repair did, in order.
	Repairs []string
	// damaged is set when integrity_check found damage beyond indexes,
	// or a table is missing: rebuilding derived data cannot fix that.
	damaged bool
	// unopened is set when SQLite could not open the file: no check
	// read it, and a repair, which opens it too, cannot help.
	unopened bool
	// newer is set when a newer rolo wrote the schema.
	newer bool
	// leftAlone is the advice for a file that is not rolo's (see
	// LeftAlone).
	leftAlone string
	// login is who asks (DoctorOptions.Login): the checks that name
	// contacts name only those that login can see.
	login string
	// missing lists the views, triggers, indexes and full-text indexes
	// of the schema that the file lacks, which a repair recreates.
	missing []schemaObject
	// brokenPages names the indexes whose pages integrity_check found
	// damaged, and nothing else: SQLite can neither rebuild nor drop them
	// in place, but a repair can make a copy without them and create them
	// again (see rebuildDamagedIndexes).
	brokenPages []string
	// rebuildPages is set when every page integrity_check found damaged
	// is an index's (brokenPages) or one that nothing uses (an index's,
	// left behind by a rebuild whose vacuum failed): a repair can fix
	// them all (see rebuildDamagedIndexes).
	rebuildPages bool
	// brokenFTS names the full-text indexes (contacts_fts, phone_digits)
	// found damaged, or lacking one of their tables, with the check that
	// found it (integrity, schema): derived data, which a repair rebuilds.
	brokenFTS map[string]string
	// Vacuumed is what a vacuum did (DoctorOptions.Vacuum), nil when
	// none was made.
	Vacuumed *Compaction
}

// DoctorOptions are what Doctor does besides its checks.
type DoctorOptions struct {
	// Repair rebuilds what is derived from the contacts and upgrades an
	// older schema (see repairDerived), then checks again.
	Repair bool
	// Vacuum compacts the database when the checks find it sound (see
	// vacuum). Only an owner or manager may: Login is who asks, and the
	// checks name only the contacts Login can see.
	Vacuum bool
	Login  string
}

// LeftAlone is, for a file that is not rolo's, which no command opens and
// restore-backup does not replace, the advice every command gives for it;
// "" for any other file.
func (h *Health) LeftAlone() string { return h.leftAlone }

// Newer reports whether the database was written by a newer rolo, which
// is not damage: a newer rolo reads it.
func (h *Health) Newer() bool { return h.newer }

// Unopened reports whether SQLite could not open the database at all (see
// the integrity check's detail), which is no damage found in it.
func (h *Health) Unopened() bool { return h.unopened }

// Problems counts the checks that failed (warnings are not problems).
func (h *Health) Problems() int {
	n := 0
	for _, c := range h.Checks {
		if c.Status == CheckError {
			n++
		}
	}
	return n
}

// Check returns the named check, or nil when it did not run.
func (h *Health) Check(name string) *Check {
	for i := range h.Checks {
		if h.Checks[i].Name == name {
			return &h.Checks[i]
		}
	}
	return nil
}

func (h *Health) add(name, status, format string, args ...any) {
	h.Checks = append(h.Checks, Check{Name: name, Status: status, Detail: fmt.Sprintf(format, args...)})
}

// checkNames are the checks in the order they run.
var checkNames = []string{CheckFile, CheckPermissions, CheckSchema, CheckIntegrity, CheckForeignKeys, CheckSearch, CheckPhones, CheckUIDs}

// skipRest reports every check that has not run as skipped, and why, so
// that a report that ends early says so rather than leaving them out.
func (h *Health) skipRest(why string) {
	for _, name := range checkNames {
		if h.Check(name) == nil {
			h.add(name, CheckSkipped, "%s", why)
		}
	}
}

// maxIssues bounds how many messages of PRAGMA integrity_check a report
// quotes; the count is always given.
const maxIssues = 5

// Doctor checks the rolo database at path: that it is a SQLite file of a
// schema this rolo knows, that SQLite finds its pages, indexes and foreign
// keys sound, and that the full-text indexes (contacts_fts, phone_digits)
// agree with the tables they are derived from. It also warns when the file
// or its directory can be read by other users.
//
// Doctor never creates the file and, without repair, changes nothing. The
// checks run on one snapshot of the database, so that they are exact while
// other rolo processes write; only the phone index check briefly takes the
// write lock. With repair, it rebuilds what is derived from the tables (every
// index and the full-text indexes), recreates the views, triggers, indexes
// and full-text indexes the schema lacks, brings an older schema up to
// date, all in one transaction (see repairDerived), and checks again;
// damage to the tables themselves, or a table missing, cannot be
// repaired, only restored from a backup.
//
// With o.Vacuum, once the checks (and a repair) find no problem, it
// compacts the file (see vacuum); a login that may not is refused before
// any check runs.
//
// Interrupted (ctx canceled), it returns ctx's error and no verdict: the
// checks that the interrupt cut short found nothing, and a repair or a
// vacuum not yet saved changed nothing.
func Doctor(ctx context.Context, path string, o DoctorOptions) (*Health, error) {
	if o.Vacuum {
		if err := mayVacuum(ctx, path, o.Login); err != nil {
			return nil, err
		}
	}
	h, err := check(ctx, path, o.Repair, o.Login)
	if err != nil || !o.Vacuum || h.Problems() > 0 {
		return h, err
	}
	c, err := vacuum(ctx, path, o.Login)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return h, err
	}
	h.Vacuumed = c
	if fc := h.Check(CheckFile); fc != nil {
		fc.Detail = fmt.Sprintf("SQLite database, %s after the vacuum (was %s)", humanBytes(c.After), humanBytes(c.Before))
		if c.Pending {
			fc.Detail = fmt.Sprintf("SQLite database, %s; vacuumed, it shrinks once the rolo commands still reading it end", humanBytes(c.Before))
		}
		h.checkLeftovers(path)
	}
	return h, nil
}

// check is Doctor's checks, and the repair when asked.
func check(ctx context.Context, path string, repair bool, login string) (*Health, error) {
	h, err := diagnose(ctx, path, login)
	if err == nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil || !repair || !h.Repairable() {
		return h, err
	}
	before := h
	if h.rebuildPages {
		err = rebuildDamagedIndexes(ctx, path, h)
		if err == nil {
			// What else the file needs (a search index the damage
			// left stale) is found afresh.
			var again *Health
			again, err = diagnose(ctx, path, login)
			if err == nil && again.Repairable() {
				again.Repairs = h.Repairs
				err = repairDerived(ctx, path, again)
				h.Repairs = again.Repairs
			}
		}
	} else {
		err = repairDerived(ctx, path, h)
	}
	if err != nil {
		if ctx.Err() != nil && len(h.Repairs) > 0 {
			// An index rebuilt is saved; what followed it was cut short.
			return nil, contact.Errorf(contact.EINTERNAL, "doctor: interrupted after the repair of %s (%s); run rolo doctor to check it", contact.PathText(path), strings.Join(h.Repairs, ", "))
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return h, err
	}
	after, err := diagnose(ctx, path, login)
	if err == nil && ctx.Err() != nil {
		// The repair is made; only the check after it was cut short.
		return nil, contact.Errorf(contact.EINTERNAL, "doctor: interrupted after the repair of %s (%s); run rolo doctor to check it", contact.PathText(path), strings.Join(before.Repairs, ", "))
	}
	if err != nil {
		return h, err
	}
	after.Repairs = before.Repairs
	for i, c := range after.Checks {
		if old := before.Check(c.Name); old != nil && old.Status != CheckOK && old.Status != CheckSkipped && c.Status == CheckOK {
			after.Checks[i].Status = CheckRepaired
			after.Checks[i].Detail = "was: " + old.Detail
		}
	}
	return after, nil
}

// Repairable reports whether a repair could fix something found: derived
// data (indexes, full-text indexes) or an older schema.
func (h *Health) Repairable() bool {
	if h.rebuildPages && !h.unopened {
		return true
	}
	if h.damaged || h.unopened {
		return false
	}
	for _, c := range h.Checks {
		switch {
		case c.Status == CheckError && (c.Name == CheckSearch || c.Name == CheckPhones || c.Name == CheckIntegrity):
			return true
		case c.Status == CheckWarning && c.Name == CheckSchema:
			return true
		case c.Status == CheckError && c.Name == CheckSchema && len(h.missing) > 0:
			return true
		}
	}
	return false
}

// notFiles names, for the message of a database at path that SQLite
// cannot open, the -journal, -wal and -shm files beside it that are no
// file SQLite can use (a directory, a link that leads nowhere): "" when
// there is none.
func notFiles(path string) string {
	var bad []string
	for _, p := range databaseFiles(atomicfile.LinkTarget(path))[1:] {
		if _, err := os.Lstat(p); err != nil {
			continue
		}
		if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
			bad = append(bad, contact.PathText(p))
		}
	}
	if len(bad) == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s beside it: not a file SQLite can use; move it away)", strings.Join(bad, ", "))
}

// checkLeftovers adds to the file check, as a warning, the copies of a
// backup that restores which were stopped left beside the database
// (leftoverRestores), with the command that removes them.
func (h *Health) checkLeftovers(path string) {
	left, size := leftoverRestores(path)
	fc := h.Check(CheckFile)
	if len(left) == 0 || fc == nil {
		return
	}
	var quoted []string
	for _, f := range left {
		// The command is one to paste: each path one word, that names
		// no option ("./-dir/...").
		if strings.HasPrefix(f, "-") {
			f = "./" + f
		}
		quoted = append(quoted, escape.Shell(contact.PathText(f)))
	}
	if fc.Status == CheckOK {
		fc.Status = CheckWarning
	}
	// The command first: a table cuts a long detail to the terminal's
	// width.
	what := "the copy of a backup"
	if len(left) > 1 {
		what = "the files of a copy of a backup"
	}
	fc.Detail += fmt.Sprintf("; rm %s removes %s (%s) that a restore-backup which was stopped (killed, or the machine went down) left beside it, which no command reads (unless a restore runs now)",
		strings.Join(quoted, " "), what, humanBytes(size))
}

// leftoverRestores lists the files restore-backup stages a backup in
// beside the database (stage), with its -wal and -shm files, that are
// still there: each restore removes its own, on every path but a kill.
// size is theirs together.
func leftoverRestores(path string) (paths []string, size int64) {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)+".restore-"
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil {
			paths = append(paths, filepath.Join(dir, e.Name()))
			size += fi.Size()
		}
	}
	return paths, size
}

// diagnose runs the checks without changing anything.
func diagnose(ctx context.Context, path, login string) (*Health, error) {
	h := &Health{Path: path, login: login}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, noDatabase(path)
	case err != nil && atomicfile.Loops(path):
		return nil, linkLoop(path)
	case !readable(path):
		return nil, unreadable(path)
	case err != nil:
		return nil, contact.Errorf(contact.EINTERNAL, "database %s: %v", contact.PathText(path), err)
	case !fi.Mode().IsRegular():
		return nil, notRegular(path, fi)
	case leftEmpty(path, fi):
		// No database yet, as for a missing file.
		return nil, emptyDatabase(path)
	}
	problem := fileDamage(path)
	if problem == notSQLite {
		h.leftAlone = movedAway
	}
	if problem != "" {
		h.add(CheckFile, CheckError, "%s", problem)
	} else {
		h.add(CheckFile, CheckOK, "SQLite database, %s", humanBytes(fi.Size()))
	}
	h.checkPermissions(path, fi)
	if problem != "" {
		h.skipRest("the file is damaged (see file)")
		return h, nil
	}

	// On a full disk, read as it is (roomless is why): not damage.
	db, roomless, err := openRawToRead(ctx, path)
	var ce *contact.Error
	if errors.As(err, &ce) || errors.Is(err, context.Canceled) {
		return nil, err
	}
	var conn *sql.Conn
	if err == nil {
		defer db.Close()
		conn, err = db.Conn(ctx)
	}
	if err != nil {
		h.unopened = true
		h.add(CheckIntegrity, CheckError, "cannot open: %s%s", sqliteMessage(err), notFiles(path))
		h.skipRest("the file cannot be opened (see integrity)")
		return h, nil
	}
	defer conn.Close()

	have, want, ok := h.checkSchema(ctx, conn)
	if !ok {
		h.skipRest("not a schema rolo can check (see schema)")
		return h, nil
	}
	// The phone index check is a write statement (an FTS5 command): run it
	// on its own, before the read snapshot, so that it cannot fail to
	// upgrade a stale snapshot to a write.
	phones := phoneIndexCheck(ctx, conn, have)
	// The check writes: say what refused the write when it is not the
	// file itself (see checkPermissions).
	if acc := accessOf(path); phones.Status == CheckSkipped && phones.Detail == phonesReadOnly && !acc.fileReadOnly {
		switch {
		case roomless != nil:
			phones.Detail = roomProblem(roomless) + ", and this check writes"
		case len(acc.stray) > 0:
			phones.Detail = "a -wal or -shm file is read-only (see permissions), and this check writes"
		case acc.immutable():
			phones.Detail = "the directory is read-only, and this check writes"
		}
	}

	// One read transaction: every other check sees the same snapshot while
	// other processes go on writing.
	if _, err := conn.ExecContext(ctx, `BEGIN`); err != nil {
		return nil, dbError(err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
	if !h.checkIntegrity(ctx, conn) {
		// Damaged pages make every later answer unreliable.
		h.damaged = true
		h.skipRest("the file is damaged (see integrity)")
		return h, nil
	}
	h.checkForeignKeys(ctx, conn)
	h.checkFreeSpace(ctx, conn)
	h.checkLeftovers(path)
	if have < 2 || have > want {
		h.add(CheckSearch, CheckSkipped, "the schema of version %d has no search index this rolo can check", have)
		h.add(CheckPhones, CheckSkipped, "the schema of version %d has no phone index this rolo can check", have)
		h.checkUIDs(ctx, conn)
		return h, nil
	}
	h.checkSearchIndex(ctx, conn)
	if by := h.brokenFTS["phone_digits"]; by != "" {
		// FTS5's own check reads the damaged index: say what the
		// check that found it found instead of what that read met.
		phones = Check{CheckPhones, CheckError, fmt.Sprintf("the index is damaged (see %s); searches by digits may fail or miss contacts (doctor --repair rebuilds it)", by)}
	} else if slices.ContainsFunc(h.missing, func(o schemaObject) bool { return o.kind == "view" && o.name == phoneDigitsView }) {
		// FTS5's check reads the numbers through the view: without it,
		// it fails with "SQL logic error", as every search by digits
		// fails with "no such table".
		phones = Check{CheckPhones, CheckError, "cannot be checked without the view " + phoneDigitsView + " (see schema); searches by digits fail until doctor --repair recreates it"}
	}
	h.Checks = append(h.Checks, phones)
	h.checkUIDs(ctx, conn)
	return h, nil
}

// checkFreeSpace adds to the file check how much of the file is free
// pages, when enough is to be worth a vacuum (see freeSpace.worthVacuum).
func (h *Health) checkFreeSpace(ctx context.Context, q querier) {
	free, err := readFreeSpace(ctx, q)
	fc := h.Check(CheckFile)
	if err != nil || fc == nil || !free.worthVacuum() {
		return
	}
	fc.Detail += fmt.Sprintf(", %s of it free space, left by deleted contacts (rolo doctor --vacuum gives it back)", humanBytes(free.bytes()))
}

// openRaw opens a database file for doctor, backup and restore: it never
// creates the file and leaves its journal mode and schema as they are.
func openRaw(path string, readOnly bool) (*sql.DB, error) {
	q, err := rawQuery(path, readOnly)
	if err != nil {
		return nil, err
	}
	return openSQL(path, q)
}

// openRawToRead is openRaw(path, false) for a caller that only reads the
// database (doctor's checks, a backup's source), which reads the file as it
// is where there is no room for SQLite's -shm file (see openToRead).
func openRawToRead(ctx context.Context, path string) (db *sql.DB, roomless, err error) {
	q, err := rawQuery(path, false)
	if err != nil {
		return nil, nil, err
	}
	return openToRead(ctx, path, q)
}

// rawQuery is openRaw's connection parameters.
func rawQuery(path string, readOnly bool) (url.Values, error) {
	// Stored views and migrations call rolo's SQL functions.
	if err := registerRank(); err != nil {
		return nil, contact.Errorf(contact.EINTERNAL, "database %s: %v", contact.PathText(path), err)
	}
	q := url.Values{}
	q.Set("mode", "rw")
	if readOnly {
		q.Set("mode", "ro")
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		acc := accessOf(path)
		if err := acc.readError(path); err != nil {
			return nil, err
		}
		if acc.immutable() {
			// A file or directory the user may not write: read it
			// without leaving -wal and -shm files beside it (see
			// access). A write fails as read-only.
			q.Set("mode", "ro")
			q.Set("immutable", "1")
		} else if readOnly && !acc.wal && !acc.shm {
			// A connection opened read-only leaves the -wal and -shm
			// files it creates beside a database in WAL mode (a
			// backup a command wrote to) when it closes: SQLite
			// removes them only for one that may write. So, where
			// no other process has the file open (neither file is
			// there), it is read on one that may, which no statement
			// can make write (query_only).
			q.Set("mode", "rw")
			q.Set("_query_only", "1")
		}
	}
	q.Set("_busy_timeout", "30000")
	q.Set("_txlock", "immediate")
	if q.Get("mode") == "rw" && q.Get("_query_only") == "" {
		// What a repair or a restore frees is zeroed, as in Open.
		q.Set("_secure_delete", "on")
	}
	return q, nil
}

// readsWork is what the permissions check says of a read-only directory
// (see checkPermissions), unless the schema is older (see checkSchema).
const readsWork = "; commands that only read work"

func (h *Health) checkPermissions(path string, fi os.FileInfo) {
	// -wal or -shm files that are read-only beside a writable file make
	// every write fail; a read-only directory lets rolo read the
	// database but change nothing (see access).
	acc := accessOf(path)
	if len(acc.stray) > 0 && !acc.fileReadOnly {
		h.add(CheckPermissions, CheckError, "%s", acc.strayProblem(path))
		return
	}
	var notes []string
	if acc.dirReadOnly && !acc.fileReadOnly && !acc.wal {
		notes = append(notes, acc.dirProblem(path)+readsWork)
	}
	// Each finding with the chmod that ends it.
	var loose, fixes []string
	if m := fi.Mode().Perm(); m&0o077 != 0 {
		loose = append(loose, fmt.Sprintf("the file is %04o (others can read it; rolo creates it 0600)", m))
		fixes = append(fixes, "chmod 600 the file")
	}
	// A directory others can write lets them replace or delete the file;
	// one they can only list (a home directory) leaks nothing more, as
	// SQLite gives its -wal and -shm files the database file's mode.
	dir := filepath.Dir(path)
	if di, err := os.Stat(dir); err == nil {
		if m := di.Mode().Perm(); m&0o022 != 0 && di.Mode()&os.ModeSticky == 0 {
			loose = append(loose, fmt.Sprintf("its directory is %04o: others can replace the file (rolo creates it 0700)", m))
			fixes = append(fixes, "chmod go-w "+contact.PathText(dir))
		}
	}
	if len(loose) > 0 {
		notes = append(notes, strings.Join(loose, "; ")+"; "+strings.Join(fixes, " and ")+" if it is not shared on purpose")
	}
	if len(notes) == 0 {
		h.add(CheckPermissions, CheckOK, "file %04o", fi.Mode().Perm())
		return
	}
	h.add(CheckPermissions, CheckWarning, "%s", strings.Join(notes, "; "))
}

// checkSchema reads the schema version. It reports false when the file is
// not a rolo database at all, which ends the checkup.
func (h *Health) checkSchema(ctx context.Context, q querier) (have, want int, ok bool) {
	want = len(migrationNames())
	missing, err := missingRoloTables(ctx, q)
	if err != nil {
		h.add(CheckSchema, CheckError, "cannot read the schema: %s", sqliteMessage(err))
		return 0, want, false
	}
	var ce *contact.Error
	otherMigrations := errors.As(refuseOtherMigrations(ctx, q, h.Path), &ce)
	if otherMigrations {
		missing = "its schema_migrations table is not rolo's"
	}
	if missing != "" {
		h.add(CheckSchema, CheckError, "not a rolo database (%s)", missing)
		// Another program's database, which no command opens and
		// restore-backup does not replace.
		if otherMigrations || errors.As(refuseForeign(ctx, q, h.Path), &ce) {
			h.leftAlone = ownFile
		}
		return 0, want, false
	}
	if err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		h.add(CheckSchema, CheckError, "cannot read the schema version: %s", sqliteMessage(err))
		return 0, want, false
	}
	var lost []schemaObject
	// blocked: why the upgrade cannot be written (upgradeBlocked).
	var blocked, writes, fix string
	if have > 0 && have < want {
		blocked, writes, fix = accessOf(h.Path).upgradeBlocked(h.Path)
		if lost, err = missingTables(ctx, q, have); err != nil {
			h.add(CheckSchema, CheckError, "cannot compare the tables: %s", sqliteMessage(err))
			return have, want, false
		}
	}
	switch {
	case have > want:
		h.newer = true
		h.add(CheckSchema, CheckError, "version %d, written by a newer rolo (this rolo knows up to %d); upgrade rolo", have, want)
	case have < want && len(lost) > 0:
		// The upgrade would fail on them: what they held cannot be
		// rebuilt (see refuseUpgrade).
		h.damaged = true
		h.add(CheckSchema, CheckError, "version %d, missing %s: what %s held cannot be rebuilt", have, describeObjects(lost), contact.Plural(len(lost), "it", "they"))
	case have < want && blocked != "":
		// Not even a read, as the permissions check would say of a
		// read-only directory: rolo reads only the schema it writes.
		if p := h.Check(CheckPermissions); p != nil {
			p.Detail = strings.Replace(p.Detail, readsWork, "; no command but backup and doctor reads it before its schema is upgraded (see schema)", 1)
		}
		h.add(CheckSchema, CheckWarning, "version %d of %d: %s, and rolo reads it once it is upgraded%s; until then no command but backup and doctor reads it: %s", have, want, blocked, writes, fix)
	case have < want:
		h.add(CheckSchema, CheckWarning, "version %d of %d: the next rolo command (or doctor --repair) upgrades it", have, want)
	default:
		gaps, err := missingObjects(ctx, q)
		switch {
		case err != nil:
			h.add(CheckSchema, CheckError, "cannot compare the tables, triggers and indexes: %s", sqliteMessage(err))
		case len(gaps.lost) > 0:
			// The rows went with the table; its indexes and
			// triggers, which a repair cannot create without it, are
			// not named apart.
			h.damaged = true
			h.add(CheckSchema, CheckError, "version %d, missing %s: what %s held cannot be rebuilt", have, describeObjects(gaps.lost), contact.Plural(len(gaps.lost), "it", "they"))
		case len(gaps.missing) > 0:
			// A missing trigger lets an index drift from its table with
			// no error anywhere: each is damage a repair undoes.
			h.missing = gaps.recreate
			for _, o := range gaps.missing {
				if fts := ftsIndexOf(o.name); o.kind == "table" && fts != "" {
					h.ftsBroken(fts, CheckSchema)
				}
			}
			h.add(CheckSchema, CheckError, "version %d, missing %s (doctor --repair recreates %s)", have, describeObjects(gaps.missing), contact.Plural(len(gaps.missing), "it", "them"))
		default:
			h.add(CheckSchema, CheckOK, "version %d", have)
		}
	}
	return have, want, true
}

// checkIntegrity runs PRAGMA integrity_check, which also checks the
// internal consistency of the FTS5 indexes. It reports whether the file is
// sound enough to go on.
func (h *Health) checkIntegrity(ctx context.Context, q querier) bool {
	rows, err := q.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil && len(h.brokenFTS) > 0 {
		// SQLite cannot open a full-text index that lacks one of its
		// tables ("vtable constructor failed"), and so cannot check the
		// file whole. Its tables are checked one by one, and no two
		// may share a root page: a repair drops the index's tables, and
		// with them the pages of any table they share (the check
		// after the repair, which recreates the index, checks it all).
		issues, cerr := tablesApart(ctx, q)
		if cerr != nil {
			h.add(CheckIntegrity, CheckError, "%s", sqliteMessage(cerr))
			return false
		}
		if len(issues) > 0 {
			h.damaged = true
			h.add(CheckIntegrity, CheckError, "%s: %s", problemCount(len(issues)), quoteFew(issues))
			return false
		}
		h.add(CheckIntegrity, CheckSkipped, "a full-text index lacks a table (see schema), so only its other tables could be checked, each alone: ok (%s)", sqliteMessage(err))
		return true
	}
	if err != nil {
		h.add(CheckIntegrity, CheckError, "%s", sqliteMessage(err))
		return false
	}
	defer rows.Close()
	var issues []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			h.add(CheckIntegrity, CheckError, "%s", sqliteMessage(err))
			return false
		}
		if msg != "ok" {
			issues = append(issues, msg)
		}
	}
	if err := rows.Err(); err != nil {
		h.add(CheckIntegrity, CheckError, "%s", sqliteMessage(err))
		return false
	}
	issues = integrityMessages(issues)
	if len(issues) == 0 {
		h.add(CheckIntegrity, CheckOK, "ok")
		return true
	}
	h.add(CheckIntegrity, CheckError, "%s: %s", problemCount(len(issues)), quoteFew(issues))
	// Problems confined to derived data leave the tables readable; go on.
	for _, m := range issues {
		fts, ok := derivedDamage(m)
		if !ok {
			h.damaged = true
			// Damaged pages of indexes alone: what is read through
			// them is unreliable, but a repair can rebuild them.
			h.brokenPages, h.rebuildPages = damagedIndexes(ctx, q, issues)
			c := &h.Checks[len(h.Checks)-1]
			switch {
			case len(h.brokenPages) > 0:
				c.Detail += fmt.Sprintf(" (the pages of %s %s, which doctor --repair rebuilds from the tables)", contact.Plural(len(h.brokenPages), "index", "indexes"), strings.Join(h.brokenPages, ", "))
			case h.rebuildPages:
				c.Detail += " (pages that no table or index uses, which doctor --repair drops)"
			}
			return false
		}
		if fts != "" {
			h.ftsBroken(fts, CheckIntegrity)
		}
	}
	return true
}

// tablesApart checks each table of the file alone (PRAGMA
// integrity_check(TABLE), which opens no full-text index), and that no two
// tables or indexes share a root page, which the whole-file check would
// find ("2nd reference to page"): the problems found, none when sound.
func tablesApart(ctx context.Context, q querier) ([]string, error) {
	shared, err := queryColumn[string](ctx, q, `SELECT group_concat(name, ' and ') FROM sqlite_schema WHERE rootpage > 0
		GROUP BY rootpage HAVING count(*) > 1`)
	if err != nil {
		return nil, err
	}
	var issues []string
	for _, names := range shared {
		issues = append(issues, names+" share a root page")
	}
	tables, err := queryColumn[string](ctx, q, `SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 ORDER BY name`)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		msgs, err := queryColumn[string](ctx, q, `PRAGMA integrity_check("`+strings.ReplaceAll(t, `"`, `""`)+`")`)
		if err != nil {
			return nil, err
		}
		issues = append(issues, integrityMessages(msgs)...)
	}
	return issues, nil
}

// integrityMessages are the problems in the rows of PRAGMA integrity_check
// or quick_check, one message each, none when they say "ok". SQLite gives
// those it finds in a b-tree's pages as one row, a line each under a
// heading ("*** in database main ***\nTree 42 page 1315 cell 9: ...\n..."),
// and those of an index's or a row's contents a row each: counted and
// quoted as one, a damaged page read as "1 problem" and quoted whole,
// a hundred lines in one message.
func integrityMessages(rows []string) []string {
	var msgs []string
	for _, row := range rows {
		for _, line := range strings.Split(row, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line == "ok" || strings.HasPrefix(line, "*** in database ") && strings.HasSuffix(line, " ***") {
				continue
			}
			msgs = append(msgs, line)
		}
	}
	return msgs
}

// ftsBroken records that check found the full-text index fts damaged
// (see brokenFTS); the first check to find it is named.
func (h *Health) ftsBroken(fts, check string) {
	if h.brokenFTS == nil {
		h.brokenFTS = map[string]string{}
	}
	if h.brokenFTS[fts] == "" {
		h.brokenFTS[fts] = check
	}
}

// ftsTableMessage finds the full-text index an FTS5 integrity message is
// about: `fts5: corruption found reading blob N from table "phone_digits"`,
// `fts5: corruption on page N, segment N, table "contacts_fts"`,
// `malformed inverted index for FTS5 table main.contacts_fts`.
var ftsTableMessage = lazyre.New(`(?:table "|FTS5 table main\.)(contacts_fts|phone_digits)\b`)

// treeMessage is a message of PRAGMA integrity_check about a page it
// reached from the b-tree whose root page is the first number
// ("Tree 42 page 1315 cell 9: invalid page number 2880154539"); pageMessage
// one about a page it names last ("Multiple uses for byte 2022 of page
// 1315", "Fragmentation of 7 bytes reported as 0 on page 1315").
var (
	treeMessage = lazyre.New(`^Tree (\d+) page (\d+)\b`)
	pageMessage = lazyre.New(`\b(?:of|on) page (\d+)$`)
	unusedPage  = lazyre.New(`^Page \d+: never used$`)
)

// damagedIndexes returns the indexes (made by CREATE INDEX, which a
// repair can make again) whose pages the integrity_check messages issues
// are about, when each message that derivedDamage does not take is about
// one of them: a page of their b-trees, or a page one of those reached;
// or about a page that nothing uses ("Page 21: never used"), as a rebuild
// leaves the old pages of an index until its vacuum. ok is false when any
// is about something else (a table's pages, a page of no tree, the free
// list), which only a backup brings back.
func damagedIndexes(ctx context.Context, q querier, issues []string) (names []string, ok bool) {
	rows, err := q.QueryContext(ctx, `SELECT rootpage, name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND rootpage > 0`)
	if err != nil {
		return nil, false
	}
	roots := map[string]string{}
	for rows.Next() {
		var root, name string
		if rows.Scan(&root, &name) != nil {
			rows.Close()
			return nil, false
		}
		roots[root] = name
	}
	if rows.Close() != nil || rows.Err() != nil {
		return nil, false
	}
	pages := map[string]bool{}
	found := map[string]bool{}
	var others []string
	for _, m := range issues {
		if _, ok := derivedDamage(m); ok {
			continue
		}
		if unusedPage().MatchString(m) {
			continue
		}
		t := treeMessage().FindStringSubmatch(m)
		if t == nil {
			others = append(others, m)
			continue
		}
		name, ok := roots[t[1]]
		if !ok {
			return nil, false
		}
		found[name] = true
		pages[t[2]] = true
	}
	for _, m := range others {
		if p := pageMessage().FindStringSubmatch(m); p == nil || !pages[p[1]] {
			return nil, false
		}
	}
	for name := range found {
		names = append(names, name)
	}
	slices.Sort(names)
	return names, true
}

// derivedDamage reports whether a message of PRAGMA integrity_check is
// about data a repair rebuilds from the tables: an index ("row N missing
// from index X", "wrong # of entries in index X"), or the FTS5 structure
// of the search or phone index, which it names in fts.
func derivedDamage(msg string) (fts string, ok bool) {
	if m := ftsTableMessage().FindStringSubmatch(msg); m != nil {
		return m[1], true
	}
	if strings.Contains(strings.ToLower(msg), "fts") {
		return "", false
	}
	return "", strings.Contains(msg, "index")
}

func (h *Health) checkForeignKeys(ctx context.Context, q querier) {
	rows, err := q.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		h.add(CheckForeignKeys, CheckError, "%s", sqliteMessage(err))
		return
	}
	defer rows.Close()
	byTable := map[string]int{}
	var order []string
	total := 0
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			h.add(CheckForeignKeys, CheckError, "%s", sqliteMessage(err))
			return
		}
		key := table + " -> " + parent
		if byTable[key] == 0 {
			order = append(order, key)
		}
		byTable[key]++
		total++
	}
	if err := rows.Err(); err != nil {
		h.add(CheckForeignKeys, CheckError, "%s", sqliteMessage(err))
		return
	}
	if total == 0 {
		h.add(CheckForeignKeys, CheckOK, "ok")
		return
	}
	parts := make([]string, len(order))
	for i, k := range order {
		parts[i] = fmt.Sprintf("%d in %s", byTable[k], k)
	}
	h.add(CheckForeignKeys, CheckError, "%d %s to rows that do not exist: %s", total, contact.Plural(total, "row refers", "rows refer"), strings.Join(parts, ", "))
}

// checkSearchIndex compares contacts_fts with what contact_search_doc says
// it should hold. The index is contentless, so FTS5 itself cannot compare
// it with the tables: the check indexes every contact again into a
// temporary table with the same tokenizer and compares the two indexes
// token by token (term, contact, column, position) through fts5vocab: for
// 100,000 contacts, about 2 million token positions in 2 to 3 seconds.
func (h *Health) checkSearchIndex(ctx context.Context, q querier) {
	if by := h.brokenFTS["contacts_fts"]; by != "" {
		// A read of it fails where it meets the damage.
		h.add(CheckSearch, CheckError, "the index is damaged (see %s); searches may fail or miss contacts (doctor --repair rebuilds it)", by)
		return
	}
	var missing, stray int
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM (SELECT id FROM contacts EXCEPT SELECT rowid FROM contacts_fts)),
		(SELECT count(*) FROM (SELECT rowid FROM contacts_fts EXCEPT SELECT id FROM contacts))`).Scan(&missing, &stray)
	if err != nil {
		h.searchFailed("cannot read the search index", err)
		return
	}
	differ, err := compareSearchTokens(ctx, q)
	if err != nil {
		h.searchFailed("cannot compare the search index", err)
		return
	}
	// No counts: they would count other users' private contacts.
	if missing == 0 && stray == 0 && differ == 0 {
		h.add(CheckSearch, CheckOK, "every contact indexed, every word in step")
		return
	}
	if c := h.Check(CheckSchema); missing == 0 && stray == 0 && c != nil && c.Status == CheckWarning {
		// The words are compared as this rolo folds them; an upgrade
		// still to come reindexes what an older rolo folded otherwise.
		h.add(CheckSearch, CheckWarning, "some contacts are indexed with an older rolo's words; the upgrade (the next rolo command, or doctor --repair) reindexes them")
		return
	}
	var parts []string
	if missing > 0 {
		parts = append(parts, "contacts missing")
	}
	if stray > 0 {
		parts = append(parts, "entries for contacts that no longer exist")
	}
	if differ > 0 {
		parts = append(parts, "contacts indexed with out-of-date words")
	}
	h.add(CheckSearch, CheckError, "%s; searches may miss or wrongly find contacts (doctor --repair rebuilds it)", strings.Join(parts, ", "))
}

// searchFailed reports the search index check that could not run. The
// check writes SQLite's temporary files (its copy of the index, the
// sorts that compare them) in $TMPDIR, else /var/tmp: with no room
// there (a full disk, a file size limit) it is skipped, as the phone
// index check is, not reported as damage that --repair would rebuild.
func (h *Health) searchFailed(what string, err error) {
	if noRoom(err) {
		until := "space is freed"
		if overLimit(err) {
			until = "the limit is raised"
		}
		h.add(CheckSearch, CheckSkipped, "%s: no room for the temporary copy of the index this check compares ($TMPDIR, else /var/tmp); run doctor again when %s", roomProblem(err), until)
		return
	}
	h.add(CheckSearch, CheckError, "%s: %s", what, sqliteMessage(err))
}

// compareSearchTokens counts the contacts whose indexed words differ from
// a fresh indexing of contact_search_doc.
func compareSearchTokens(ctx context.Context, q querier) (int, error) {
	stmts := []string{
		`DROP TABLE IF EXISTS temp.rolo_doctor_fts`,
		`DROP TABLE IF EXISTS temp.rolo_doctor_live`,
		`DROP TABLE IF EXISTS temp.rolo_doctor_fresh`,
		// The same columns and tokenizer as contacts_fts (migration 0005).
		`CREATE VIRTUAL TABLE temp.rolo_doctor_fts USING fts5(` + ftsColumns + `,
			content = '', tokenize = 'unicode61 remove_diacritics 2')`,
		`INSERT INTO temp.rolo_doctor_fts (rowid, ` + ftsColumns + `) SELECT id, ` + ftsColumns + ` FROM main.contact_search_doc`,
		`CREATE VIRTUAL TABLE temp.rolo_doctor_live USING fts5vocab(main, contacts_fts, instance)`,
		`CREATE VIRTUAL TABLE temp.rolo_doctor_fresh USING fts5vocab(temp, rolo_doctor_fts, instance)`,
	}
	defer func() {
		for _, t := range []string{"rolo_doctor_fresh", "rolo_doctor_live", "rolo_doctor_fts"} {
			q.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS temp.`+t)
		}
	}()
	for _, s := range stmts {
		if _, err := q.ExecContext(ctx, s); err != nil {
			return 0, err
		}
	}
	// Both sides are sets of (term, doc, col, offset): equal sizes and
	// nothing of one missing from the other make them equal. That is the
	// fast path, one sort of each side.
	var live, fresh int
	if err := q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM temp.rolo_doctor_live), (SELECT count(*) FROM temp.rolo_doctor_fresh)`).Scan(&live, &fresh); err != nil {
		return 0, err
	}
	var differ bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT term, doc, col, offset FROM temp.rolo_doctor_live
		EXCEPT SELECT term, doc, col, offset FROM temp.rolo_doctor_fresh)`).Scan(&differ); err != nil {
		return 0, err
	}
	if live == fresh && !differ {
		return 0, nil
	}
	// They differ: the docs of the two differences are the contacts whose
	// words disagree; contacts missing from the index, or entries of
	// contacts that are gone, are counted apart.
	defer q.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS temp.rolo_doctor_diff`)
	if _, err := q.ExecContext(ctx, `CREATE TEMP TABLE rolo_doctor_diff AS
		SELECT doc FROM (SELECT term, doc, col, offset FROM temp.rolo_doctor_live
			EXCEPT SELECT term, doc, col, offset FROM temp.rolo_doctor_fresh)
		UNION
		SELECT doc FROM (SELECT term, doc, col, offset FROM temp.rolo_doctor_fresh
			EXCEPT SELECT term, doc, col, offset FROM temp.rolo_doctor_live)`); err != nil {
		return 0, err
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM temp.rolo_doctor_diff
		WHERE doc IN (SELECT id FROM main.contacts) AND doc IN (SELECT rowid FROM main.contacts_fts)`).Scan(&n)
	return n, err
}

// phonesReadOnly is the phone index check's detail when the write it
// needs is refused.
const phonesReadOnly = "the file is read-only"

// phoneDigitsView gives every phone's digits in full (schema 28): the
// phone index's content.
const phoneDigitsView = "contact_phone_digits"

// phoneIndexCheck asks FTS5 to compare phone_digits with its external
// content: contact_phones, or from schema 28 the view contact_phone_digits
// over it, which gives the digits stored as "" in full.
func phoneIndexCheck(ctx context.Context, q querier, version int) Check {
	if version < 2 {
		return Check{CheckPhones, CheckSkipped, fmt.Sprintf("the schema of version %d has no phone index", version)}
	}
	_, err := q.ExecContext(ctx, `INSERT INTO phone_digits (phone_digits, rank) VALUES ('integrity-check', 1)`)
	switch code := sqliteCode(err); {
	case err == nil:
		return Check{CheckPhones, CheckOK, "every phone number indexed"}
	case code == codeReadonly:
		return Check{CheckPhones, CheckSkipped, phonesReadOnly}
	case code == codeBusy || code == codeLocked:
		// FTS5's check is a write: another process's long write (a bulk
		// edit, an import) holds the lock past the busy timeout. That is
		// no damage; the other checks read a snapshot and ran.
		return Check{CheckPhones, CheckSkipped, "another rolo process is writing; run doctor again when it is done"}
	case code == codeCorrupt:
		return Check{CheckPhones, CheckError, "the index does not match the phone numbers; searches by digits may miss contacts (doctor --repair rebuilds it)"}
	default:
		return Check{CheckPhones, CheckError, sqliteMessage(err)}
	}
}

// repairDerived brings an older schema up to date, recreates the views,
// triggers, indexes and full-text indexes the schema lacks, rebuilds every
// index and fills both full-text indexes again: in one transaction,
// committed through shield. Interrupted or failing at any step (a full
// disk while it fills the indexes, its longest step), it leaves the file
// as it was: a full-text index recreated and committed empty would make
// searches find nothing where they failed before, silently. It adds what
// it did to h.Repairs once that is saved.
func repairDerived(ctx context.Context, path string, h *Health) (err error) {
	if err := accessOf(path).writeError(path); err != nil {
		return err
	}
	// What goes wrong from here is named as a command's errors are
	// (DB.NameFile): the repair opens the file itself.
	defer func() { err = nameFile(path, err) }()
	db, err := openRaw(path, false)
	if err != nil {
		return err
	}
	defer db.Close()
	d := &DB{db: db, path: path, now: nowUTC, acc: accessOf(path)}
	// An upgrade that cannot be written (a read-only file) is refused
	// as every command refuses it (see migrateTo), not failed halfway.
	if have, want, err := d.SchemaVersion(ctx); err == nil && have > 0 && have < want {
		if err := d.acc.upgradeError(path, have, want); err != nil {
			return err
		}
	}
	// Before the transaction takes the one connection.
	d.largeCache(ctx)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	type step struct {
		name, did string
		run       func() error
	}
	var steps []step
	if c := h.Check(CheckSchema); c != nil && c.Status == CheckWarning {
		steps = append(steps, step{"upgrade", "upgraded the schema", func() error {
			return d.applyMigrations(ctx, tx, len(migrationNames()))
		}})
	}
	if len(h.missing) > 0 {
		steps = append(steps, step{"recreate", "recreated " + describeObjects(h.missing), func() error {
			return recreateObjects(ctx, tx, h.missing)
		}})
	}
	steps = append(steps,
		step{"reindex", "rebuilt every index", func() error {
			_, err := tx.ExecContext(ctx, `REINDEX`)
			return dbError(err)
		}},
		step{"rebuild", "rebuilt the search and phone indexes", func() error {
			return rebuildSearch(ctx, tx)
		}})
	for _, s := range steps {
		if repairHook != nil {
			if err := repairHook(s.name); err != nil {
				return err
			}
		}
		if err := s.run(); err != nil {
			return err
		}
	}
	if err := shield.Commit(tx.Commit); err != nil {
		return dbError(err)
	}
	for _, s := range steps {
		h.Repairs = append(h.Repairs, s.did)
	}
	return nil
}

// rebuildDamagedIndexes rebuilds the indexes whose pages are damaged
// (h.brokenPages), which SQLite can neither rebuild nor drop in place, as
// both read the pages to free them. In one write transaction, as every
// repair, so that no other process's write is lost and an interrupt or a
// failure leaves the database as it was, each is taken out of the schema
// (its pages left where they are, unread and unused) and created again
// from its table, and the file must then pass PRAGMA integrity_check.
// A VACUUM then rewrites the file without the pages left behind, which
// still hold what the index held (email addresses); where it fails, the
// repair stands and the error says that the next repair drops them (as
// it drops such pages alone, when h.brokenPages is empty).
func rebuildDamagedIndexes(ctx context.Context, path string, h *Health) (err error) {
	if err := accessOf(path).writeError(path); err != nil {
		return err
	}
	defer func() { err = nameFile(path, err) }()
	db, err := openRaw(path, false)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if len(h.brokenPages) > 0 {
		if err := rebuildIndexes(ctx, conn, h.brokenPages); err != nil {
			return err
		}
		h.Repairs = append(h.Repairs, "rebuilt the damaged pages of "+contact.Plural(len(h.brokenPages), "index", "indexes")+" "+strings.Join(h.brokenPages, ", "))
	}
	if _, err := conn.ExecContext(ctx, `VACUUM`); err != nil {
		if len(h.brokenPages) == 0 {
			return dbError(err)
		}
		return contact.Errorf(contact.EINTERNAL, "doctor --repair: %s is rebuilt, but the file could not be rewritten without its old pages (%s), which still hold what it held: run rolo doctor --repair again to drop them", strings.Join(h.brokenPages, ", "), sqliteMessage(err))
	}
	if len(h.brokenPages) == 0 {
		h.Repairs = append(h.Repairs, "dropped the pages that no table or index used")
	}
	return nil
}

// rebuildIndexes takes the indexes names out of the schema of conn's
// database and creates them again, in one write transaction, which it
// commits only when PRAGMA integrity_check then finds nothing but the
// pages the old ones left unused (see rebuildDamagedIndexes).
func rebuildIndexes(ctx context.Context, conn *sql.Conn, names []string) error {
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return dbError(err)
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
		}
		conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA writable_schema = OFF`)
	}()
	var sqls []string
	for _, name := range names {
		var stmt string
		if err := conn.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ? AND sql IS NOT NULL`, name).Scan(&stmt); err != nil {
			return dbError(err)
		}
		sqls = append(sqls, stmt)
	}
	for _, name := range names {
		for _, stmt := range []string{`PRAGMA writable_schema = ON`, `DELETE FROM sqlite_schema WHERE type = 'index' AND name = '` + strings.ReplaceAll(name, "'", "''") + `'`, `PRAGMA writable_schema = RESET`} {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return dbError(err)
			}
		}
	}
	for _, stmt := range sqls {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return dbError(err)
		}
	}
	rows, err := queryColumn[string](ctx, conn, `PRAGMA integrity_check`)
	if err != nil {
		return dbError(err)
	}
	var issues []string
	for _, m := range integrityMessages(rows) {
		if !unusedPage().MatchString(m) {
			issues = append(issues, m)
		}
	}
	if len(issues) > 0 {
		return contact.Errorf(contact.EINTERNAL, "doctor --repair: rebuilding %s left the file damaged (%s); nothing was changed", strings.Join(names, ", "), quoteFew(issues))
	}
	if err := shield.Commit(func() error { _, err := conn.ExecContext(ctx, `COMMIT`); return err }); err != nil {
		return dbError(err)
	}
	committed = true
	return nil
}

// repairHook, set by tests, is called before each step of a repair
// ("upgrade", "recreate", "reindex", "rebuild"); an error it returns fails
// the step.
var repairHook func(step string) error

// integrityLimit is how many problems PRAGMA integrity_check reports at
// most (its default): it stops there.
const integrityLimit = 100

// problemCount says how many problems PRAGMA integrity_check found, n,
// as "at least" n where it stopped counting.
func problemCount(n int) string {
	if n >= integrityLimit {
		return fmt.Sprintf("at least %d problems", n)
	}
	return fmt.Sprintf("%d %s", n, contact.Plural(n, "problem", "problems"))
}

func quoteFew(msgs []string) string {
	if len(msgs) <= maxIssues {
		return strings.Join(msgs, "; ")
	}
	return strings.Join(msgs[:maxIssues], "; ") + fmt.Sprintf("; and %d more", len(msgs)-maxIssues)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// noDatabase is the error for a database file that does not exist where a
// command needs one that does.
func noDatabase(path string) error {
	return contact.Errorf(contact.ENOTFOUND, "database: there is no database at %s yet", contact.PathText(path))
}
