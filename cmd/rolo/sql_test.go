package main

import (
	"database/sql"
	"flag"
	"fmt"
	"strings"

	_ "github.com/mattn/go-sqlite3" // the driver rolo itself uses
	"github.com/rogpeppe/go-internal/testscript"
)

// sqlCmd runs one SQL statement on a rolo database through the Go driver,
// so that scripts can set up what no command can yet (a second teammate)
// and look at what a command left behind, without needing the sqlite3 CLI:
//
//	sql 'INSERT INTO users (login, role, created_at) VALUES (''bob'', ''member'', ''2026-06-15T12:00:00Z'')'
//	sql -db $WORK/work.db 'SELECT count(*) FROM contacts'
//
// The database is $XDG_DATA_HOME/rolo/default.db unless -db names one.
// Rows go to stdout, one a line, values separated by tabs (NULL for null),
// for stdout and cmp to check. With !, the statement must fail.
func sqlCmd(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("sql", flag.ContinueOnError)
	path := fs.String("db", ts.Getenv("XDG_DATA_HOME")+"/rolo/default.db", "database file")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		ts.Fatalf("usage: sql [-db PATH] STATEMENT")
	}
	db, err := sql.Open("sqlite3", "file:"+ts.MkAbs(*path)+"?_foreign_keys=on&_busy_timeout=5000&mode=rw")
	ts.Check(err)
	defer db.Close()
	err = runSQL(db, fs.Arg(0), ts)
	switch {
	case neg && err == nil:
		ts.Fatalf("sql: unexpected success")
	case !neg && err != nil:
		ts.Fatalf("sql: %v", err)
	}
}

func runSQL(db *sql.DB, stmt string, ts *testscript.TestScript) error {
	rows, err := db.Query(stmt)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	out := ts.Stdout()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		text := make([]string, len(vals))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				text[i] = "NULL"
			case []byte:
				text[i] = string(v)
			default:
				text[i] = fmt.Sprint(v)
			}
		}
		fmt.Fprintln(out, strings.Join(text, "\t"))
	}
	return rows.Err()
}
