package main

import (
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"reflect"
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

// cmpJSON compares two JSON files as values, so that a script can say that
// a contact came back unchanged except for named top-level keys:
//
//	cmpjson -ignore updated_at,changes stdout before.json
//
// -first-key KEY compares the first file's value under KEY instead (the
// contact of a merge's result with show's).
//
// A file named stdout is the last command's stdout.
func cmpJSON(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("cmpjson", flag.ContinueOnError)
	ignore := fs.String("ignore", "", "comma-separated top-level keys to leave out")
	firstKey := fs.String("first-key", "", "compare FILE1's value under this top-level key (a merge result's contact)")
	if err := fs.Parse(args); err != nil || fs.NArg() != 2 {
		ts.Fatalf("usage: cmpjson [-ignore KEY,KEY] [-first-key KEY] FILE1 FILE2")
	}
	var vals [2]any
	for i, name := range fs.Args() {
		text := ts.ReadFile(name)
		if err := json.Unmarshal([]byte(text), &vals[i]); err != nil {
			ts.Fatalf("cmpjson: %s: %v", name, err)
		}
		if m, ok := vals[i].(map[string]any); ok && i == 0 && *firstKey != "" {
			vals[i] = m[*firstKey]
		}
		if m, ok := vals[i].(map[string]any); ok && *ignore != "" {
			for _, k := range strings.Split(*ignore, ",") {
				delete(m, k)
			}
		}
	}
	same := reflect.DeepEqual(vals[0], vals[1])
	if same == neg {
		a, _ := json.MarshalIndent(vals[0], "", "  ")
		b, _ := json.MarshalIndent(vals[1], "", "  ")
		if neg {
			ts.Fatalf("cmpjson: %s and %s are equal", fs.Arg(0), fs.Arg(1))
		}
		ts.Fatalf("cmpjson: %s and %s differ:\n%s\n---\n%s", fs.Arg(0), fs.Arg(1), a, b)
	}
}
