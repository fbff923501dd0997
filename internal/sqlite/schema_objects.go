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
// numbers, silently. doctor compares them with those of a database the
// migrations build in memory, and --repair recreates the missing ones.

// schemaObject is a trigger or index of the expected schema.
type schemaObject struct {
	kind, name, sql string
}

var expected struct {
	mu   sync.Mutex
	objs []schemaObject
}

// expectedObjects returns the triggers and indexes (not SQLite's own, for
// a primary key or UNIQUE) that this rolo's migrations create. They are
// built once per process; a failure (an interrupt) is not kept.
func expectedObjects(ctx context.Context) ([]schemaObject, error) {
	expected.mu.Lock()
	defer expected.mu.Unlock()
	if expected.objs == nil {
		objs, err := buildExpectedObjects(ctx)
		if err != nil {
			return nil, err
		}
		expected.objs = objs
	}
	return expected.objs, nil
}

func buildExpectedObjects(ctx context.Context) ([]schemaObject, error) {
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
	if err := d.migrate(ctx); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') AND sql IS NOT NULL ORDER BY type DESC, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.kind, &o.name, &o.sql); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// missingObjects returns the expected triggers and indexes the database
// read through q lacks.
func missingObjects(ctx context.Context, q querier) ([]schemaObject, error) {
	want, err := expectedObjects(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var kind, name string
		if err := rows.Scan(&kind, &name); err != nil {
			return nil, err
		}
		have[kind+" "+name] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var missing []schemaObject
	for _, o := range want {
		if !have[o.kind+" "+o.name] {
			missing = append(missing, o)
		}
	}
	return missing, nil
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

// recreateObjects creates objs again, in one transaction.
func recreateObjects(ctx context.Context, db *sql.DB, objs []schemaObject) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	for _, o := range objs {
		if _, err := tx.ExecContext(ctx, o.sql); err != nil {
			return dbError(fmt.Errorf("recreating %s %s: %w", o.kind, o.name, err))
		}
	}
	return dbError(tx.Commit())
}
