package sqlite

import (
	"context"
	"database/sql"
)

// SQLite keeps the pages that deleting contacts frees inside the file
// (zeroed: rolo writes with secure_delete) for later writes to reuse, so a
// database file never shrinks by itself: 50,000 contacts imported and
// purged leave a 53 MB file with nothing in it. A backup of such a
// database is written compact (see Backup).

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
