package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/rolo-cli/rolo/internal/cli"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"rolo": func() { os.Exit(cli.Main()) },
	})
}

// TestScripts runs testdata/script/*.txtar: one behaviour per script, each
// with its own HOME, config and data directories and a fixed clock.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("..", "..", "testdata", "script"),
		RequireExplicitExec: true,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"exits": exits, "sql": sqlCmd, "cmpjson": cmpJSON,
			"genfile": genFile, "truncate": truncateFile},
		Condition: condition,
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, "home")
			env.Setenv("HOME", home)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(home, ".local", "share"))
			env.Setenv("USER", "alice")
			env.Setenv("ROLO_NOW", "2026-06-15T12:00:00Z")
			// Times typed and shown are local: a script that needs
			// another zone says so (env TZ=America/Los_Angeles), and
			// none depends on the machine's.
			env.Setenv("TZ", "UTC")
			env.Setenv("NO_COLOR", "1")
			env.Setenv("EDITOR", "false")
			env.Setenv("VISUAL", "")
			return nil
		},
	})
}

// exits runs a program and checks its exit code: `exits 3 rolo show 99`.
// Its stdout and stderr can be checked afterwards as with exec.
func exits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}
