package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// genFile writes inputs too big or too binary to keep in a script: COUNT
// copies of TEXT, between an optional prefix and suffix. TEXT, -prefix and
// -suffix take Go escapes (\x00, \xff, \n), and {n} in TEXT is replaced by
// the copy's number (from 0):
//
//	genfile note.txt 1048577 x
//	genfile -prefix 'first' -suffix '\n' wide.csv 10000 ',c{n}'
func genFile(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("genfile", flag.ContinueOnError)
	prefix := fs.String("prefix", "", "text before the copies")
	suffix := fs.String("suffix", "", "text after the copies")
	if neg || fs.Parse(args) != nil || fs.NArg() != 3 {
		ts.Fatalf("usage: genfile [-prefix P] [-suffix S] FILE COUNT TEXT")
	}
	n, err := strconv.Atoi(fs.Arg(1))
	if err != nil {
		ts.Fatalf("genfile: bad count %q", fs.Arg(1))
	}
	unquote := func(s string) string {
		u, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
		if err != nil {
			ts.Fatalf("genfile: %q: %v", s, err)
		}
		return u
	}
	text := unquote(fs.Arg(2))
	var b strings.Builder
	b.WriteString(unquote(*prefix))
	for i := 0; i < n; i++ {
		b.WriteString(strings.ReplaceAll(text, "{n}", strconv.Itoa(i)))
	}
	b.WriteString(unquote(*suffix))
	ts.Check(os.WriteFile(ts.MkAbs(fs.Arg(0)), []byte(b.String()), 0o644))
}

// truncateFile cuts a file to a size in bytes, or to half its size:
//
//	truncate $XDG_DATA_HOME/rolo/default.db half
func truncateFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: truncate FILE SIZE|half")
	}
	path := ts.MkAbs(args[0])
	fi, err := os.Stat(path)
	ts.Check(err)
	size := fi.Size() / 2
	if args[1] != "half" {
		if size, err = strconv.ParseInt(args[1], 10, 64); err != nil {
			ts.Fatalf("truncate: bad size %q", args[1])
		}
	}
	ts.Check(os.Truncate(path, size))
}

// condition adds [root]: running as root, where file modes do not stop
// writes.
func condition(cond string) (bool, error) {
	if cond == "root" {
		return os.Geteuid() == 0, nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}
