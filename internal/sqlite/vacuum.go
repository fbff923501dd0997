package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/shield"
)

// SQLite keeps the pages that deleting contacts frees inside the file
// (zeroed: rolo writes with secure_delete) for later writes to reuse, so a
// database file never shrinks by itself: 50,000 contacts imported and
// purged leave a 53 MB file with nothing in it. A backup of such a
// database is written compact (see Backup); doctor says how much is free
// and doctor --vacuum gives it back.

// freeSpace is how much of a database is free pages.
type freeSpace struct {
	pages, free, pageSize int64
}

// readFreeSpace reads q's free pages, in its current snapshot.
func readFreeSpace(ctx context.Context, q querier) (freeSpace, error) {
	var s freeSpace
	for _, p := range []struct {
		pragma string
		v      *int64
	}{{"page_count", &s.pages}, {"freelist_count", &s.free}, {"page_size", &s.pageSize}} {
		if err := q.QueryRowContext(ctx, `PRAGMA `+p.pragma).Scan(p.v); err != nil {
			return freeSpace{}, err
		}
	}
	return s, nil
}

func (s freeSpace) bytes() int64 { return s.free * s.pageSize }

// worthVacuum reports whether compacting is worth its cost: more than a
// tenth of the pages free, and at least a mebibyte. A compact copy
// (VACUUM INTO) of a 94 MB database of 100,000 contacts took 1.8-1.9 s
// where the page copy of the backup API took 1.2-1.6 s (and the check
// of either copy 2-3 s more), on a busy machine: with a tenth of the file
// free, writing the smaller copy costs about what copying every page
// does, and with more free it costs less.
func (s freeSpace) worthVacuum() bool {
	return s.free*10 > s.pages && s.bytes() >= 1<<20
}

// vacuumInto writes a compact copy of src, one snapshot of it, into the
// empty file at path. It reads src as a backup does, while other
// processes go on writing.
func vacuumInto(ctx context.Context, src *sql.DB, path string) error {
	_, err := src.ExecContext(ctx, `VACUUM INTO ?`, fileURI(path, "mode=rw"))
	return err
}

// compact rewrites the database packed (VACUUM) after the first import
// into it, which wrote its indexes in the order of the records rather
// than of their keys: each page that filled up was split in two, and a
// quarter to a third of the indexes' pages stayed empty (3.7 MB of the
// 71.3 MB of 100,000 contacts; VACUUM took 0.5 s; a million, 33 MB of 709
// in 4.5 s). The database held nothing before, so the rewrite costs little
// more than the import's own writes, and no other teammate's contacts
// are rewritten (which doctor --vacuum leaves to an owner or manager).
// The import is made and stays made whatever happens to it: a vacuum
// interrupted, or without room (it needs the file's size again, in the
// temporary directory and in the -wal file), leaves the file as the
// import wrote it.
func (d *DB) compact(ctx context.Context) {
	// The copy VACUUM builds goes to a temporary file, not to memory as
	// the import's statement journals did (Import resets this again),
	// through SQLite's default page cache rather than the import's larger
	// one (largeCache), which each of its two databases would fill.
	if _, err := d.db.ExecContext(ctx, `PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -2000`); err == nil {
		d.db.ExecContext(ctx, `VACUUM`)
	}
}

// Compaction is what doctor --vacuum did to a database file.
type Compaction struct {
	// Before and After are the file's sizes.
	Before, After int64
	// Pending says that other processes still read the database as it
	// was: the file shrinks once they are done (the next write, or the
	// last of them to end, moves the compact copy into it).
	Pending bool
}

// String says what the vacuum freed, for a message.
func (c *Compaction) String() string {
	if c.Pending {
		return fmt.Sprintf("the file keeps its %s until the rolo commands still reading it end", humanBytes(c.Before))
	}
	return fmt.Sprintf("%s freed (%s, was %s)", humanBytes(max(c.Before-c.After, 0)), humanBytes(c.After), humanBytes(c.Before))
}

// vacuum compacts the rolo database at path with SQLite's VACUUM, which
// rewrites it without its free pages, in one write transaction: other
// rolo processes that write wait for it (up to their 30 s busy timeout),
// and an interrupted or failed vacuum (a full disk) leaves the file as it
// was. VACUUM builds the compact copy in SQLite's temporary directory
// ($TMPDIR, else /var/tmp) and then writes it to the -wal file, which is
// moved into the database and emptied at the end. Only an owner or
// manager of its team may, as for a backup: it rewrites every teammate's
// contacts.
func vacuum(ctx context.Context, path, login string) (_ *Compaction, err error) {
	if err := accessOf(path).writeError(path); err != nil {
		return nil, err
	}
	db, err := openRaw(path, false)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := checkRole(ctx, db, path, login, "doctor --vacuum", "vacuum the database"); err != nil {
		return nil, backupError("doctor --vacuum", path, err)
	}
	c := &Compaction{Before: fileSize(path)}
	err = shield.Commit(func() error {
		_, err := db.ExecContext(ctx, `VACUUM`)
		return err
	})
	if err != nil {
		return nil, backupError("doctor --vacuum", path, err)
	}
	// The vacuum is made, in the -wal file. Moving it into the database
	// waits for commands still reading the database as it was, and keeps
	// others from writing meanwhile: it waits a second at most, and is
	// otherwise left to the next write (see Compaction.Pending).
	ctx = context.WithoutCancel(ctx)
	var busy, wal, done int
	_, err = db.ExecContext(ctx, `PRAGMA busy_timeout = 1000`)
	if err == nil {
		err = db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &wal, &done)
	}
	c.Pending = err != nil || busy != 0
	c.After = fileSize(path)
	return c, nil
}

// mayVacuum refuses, before any check is run, a vacuum that login may not
// make (see vacuum). Any other problem reading the team is left to the
// checks to report.
func mayVacuum(ctx context.Context, path, login string) error {
	db, _, err := openRawToRead(ctx, path)
	if err != nil {
		return nil
	}
	defer db.Close()
	if err := checkRole(ctx, db, path, login, "doctor --vacuum", "vacuum the database"); contact.ErrorCode(err) == contact.EPERM {
		return err
	}
	return nil
}

// fileSize is the size of the file at path, 0 when it cannot be read.
func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
