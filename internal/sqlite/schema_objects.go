package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// The triggers and indexes the migrations create are part of the schema
// as much as its tables, but nothing a command does would notice one
// dropped (by hand, or by another program): a missing trigger that keeps
// the phone index in step lets searches by digits drift from the phone
// numbers, silently. doctor compares the schema's tables, views, triggers
// and indexes with those of a database the migrations build in memory,
// and --repair recreates the missing ones that hold nothing of their own:
// views, triggers, indexes and the full-text indexes. A missing table of
// any other kind took its rows with it, which only a backup brings back.

// schemaObject is a table, view, trigger or index of the expected schema;
// table is the table (or view) it belongs to, its own name for a table.
type schemaObject struct {
	kind, name, table, sql string
}

// ftsIndexes are the full-text indexes, virtual tables derived from the
// tables, each with tables of its own that FTS5 keeps (NAME_data, ...).
var ftsIndexes = []string{"contacts_fts", "phone_digits"}

// ftsIndexOf is the full-text index that the table name is or belongs
// to, or "".
func ftsIndexOf(name string) string {
	for _, fts := range ftsIndexes {
		if name == fts || strings.HasPrefix(name, fts+"_") {
			return fts
		}
	}
	return ""
}

var expected struct {
	mu   sync.Mutex
	objs []schemaObject
}

// expectedObjects returns the tables, views, triggers and indexes (not
// SQLite's own, for a primary key or UNIQUE, nor sqlite_sequence) that
// this rolo's migrations create, in the order they can be created. They
// are built once per process; a failure (an interrupt) is not kept.
func expectedObjects(ctx context.Context) ([]schemaObject, error) {
	expected.mu.Lock()
	defer expected.mu.Unlock()
	if expected.objs == nil {
		objs, err := buildObjects(ctx, len(migrationNames()))
		if err != nil {
			return nil, err
		}
		expected.objs = objs
	}
	return expected.objs, nil
}

// buildObjects returns the objects of schema version upTo, as
// expectedObjects does those of the latest.
func buildObjects(ctx context.Context, upTo int) ([]schemaObject, error) {
	if err := registerRank(); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite3", "file::memory:?_foreign_keys=on")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: one in-memory database
	d := &DB{db: db, path: ":memory:", now: nowUTC}
	if err := d.migrateTo(ctx, upTo); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT type, name, tbl_name, sql FROM sqlite_master
		WHERE type IN ('table', 'view', 'trigger', 'index') AND sql IS NOT NULL AND name NOT LIKE 'sqlite!_%' ESCAPE '!'
		ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 WHEN 'index' THEN 2 ELSE 3 END, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.kind, &o.name, &o.table, &o.sql); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// schemaGaps is what the schema lacks: missing lists every expected
// object that is not there, lost the tables among them that hold rows of
// their own, and recreate what a repair creates again, in order: views,
// triggers and indexes, and for a full-text index that lacks its virtual
// table or one of FTS5's tables, the virtual table (dropped and created
// whole). The triggers and indexes of a lost table are not recreated: they
// would need the table.
type schemaGaps struct {
	missing, lost, recreate []schemaObject
}

// missingObjects finds the expected objects the database read through q
// lacks.
func missingObjects(ctx context.Context, q querier) (schemaGaps, error) {
	var gaps schemaGaps
	want, err := expectedObjects(ctx)
	if err != nil {
		return gaps, err
	}
	rows, err := q.QueryContext(ctx, `SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger', 'index')`)
	if err != nil {
		return gaps, err
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var kind, name string
		if err := rows.Scan(&kind, &name); err != nil {
			return gaps, err
		}
		have[kind+" "+name] = true
	}
	if err := rows.Err(); err != nil {
		return gaps, err
	}
	lost := map[string]bool{}
	rebuilt := map[string]bool{}
	for _, o := range want {
		if have[o.kind+" "+o.name] {
			continue
		}
		gaps.missing = append(gaps.missing, o)
		if o.kind == "table" {
			if fts := ftsIndexOf(o.name); fts != "" {
				rebuilt[fts] = true
			} else {
				lost[o.name] = true
				gaps.lost = append(gaps.lost, o)
			}
		}
	}
	for _, o := range want {
		switch {
		case o.kind == "table" && rebuilt[o.name]:
			gaps.recreate = append(gaps.recreate, o)
		case o.kind != "table" && !have[o.kind+" "+o.name] && !lost[o.table]:
			gaps.recreate = append(gaps.recreate, o)
		}
	}
	return gaps, nil
}

// dropFTS drops what is left of the full-text index fts: its virtual
// table, which drops the tables FTS5 keeps for it, or where it is gone,
// those tables. SQLite cannot open (nor so drop) a virtual table that
// lacks one of them: those missing are created empty first, the config
// table with the one row FTS5 reads when it opens the index (the version
// of its format, 4, which any FTS5 opens).
func dropFTS(ctx context.Context, tx *sql.Tx, fts string, want []schemaObject) error {
	var vtab int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, fts).Scan(&vtab); err != nil {
		return err
	}
	for _, o := range want {
		if o.kind != "table" || o.name == fts || ftsIndexOf(o.name) != fts {
			continue
		}
		stmt := `DROP TABLE IF EXISTS "` + o.name + `"`
		if vtab > 0 {
			stmt = strings.Replace(o.sql, "CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", 1)
		}
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
		if vtab > 0 && o.name == fts+"_config" {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO "`+o.name+`" (k, v) VALUES ('version', 4)`); err != nil {
				return err
			}
		}
	}
	if vtab == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `DROP TABLE "`+fts+`"`)
	return err
}

// describeObjects names objects for a report: "trigger a, index b".
func describeObjects(objs []schemaObject) string {
	names := make([]string, len(objs))
	for i, o := range objs {
		names[i] = o.kind + " " + o.name
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// recreateObjects creates objs again in tx. A table (a full-text index,
// see schemaGaps) is dropped first, with what is left of FTS5's tables for
// it (dropFTS); the caller fills it again in the same transaction.
func recreateObjects(ctx context.Context, tx *sql.Tx, objs []schemaObject) error {
	want, err := expectedObjects(ctx)
	if err != nil {
		return err
	}
	for _, o := range objs {
		if o.kind == "table" {
			if err := dropFTS(ctx, tx, o.name, want); err != nil {
				return dbError(fmt.Errorf("dropping what is left of %s %s: %w", o.kind, o.name, err))
			}
		}
		if _, err := tx.ExecContext(ctx, o.sql); err != nil {
			return dbError(fmt.Errorf("recreating %s %s: %w", o.kind, o.name, err))
		}
	}
	return nil
}
