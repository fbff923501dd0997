package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/cli"
	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// runAtTerminal runs a command line in-process as typed at a terminal
// (stdin and stdout terminals) with stderr redirected to a file
// (`2>>rolo.log`): answer is what the user types, and tty, when not nil,
// stands for /dev/tty.
func runAtTerminal(t *testing.T, dir, db, answer string, tty *bytes.Buffer, args ...string) runResult {
	t.Helper()
	ios, in, out, errOut := iostreams.Test()
	in.WriteString(answer)
	ios.SetTTY(true, true, false)
	if tty != nil {
		ios.SetTerminal(tty)
	} else {
		ios.SetTerminal(nil)
	}
	home := filepath.Join(dir, "home")
	env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"XDG_DATA_HOME": filepath.Join(home, ".local", "share"), "ROLO_DB": db, "USER": "alice", "NO_COLOR": "1"}
	f := &factory.Factory{IO: ios, Env: func(k string) string { return env[k] }, Now: func() time.Time { return testNow }}
	code := cli.Run(context.Background(), f, args)
	f.Close()
	return runResult{code, out.String(), errOut.String()}
}

// TestPromptWithStderrRedirected: at a terminal, sending stderr to a log
// does not turn the questions off: they are asked on the terminal, and a
// "no" changes nothing. With no terminal to ask on, delete --purge says
// so.
func TestPromptWithStderrRedirected(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	for _, name := range []string{"Ada", "Alan", "Grace"} {
		if r := runIn(t, dir, db, "add", "--first", name); r.code != 0 {
			t.Fatalf("add: exit %d: %s", r.code, r.errOut)
		}
	}
	for _, tc := range []struct {
		args             []string
		answer, question string
	}{
		{[]string{"delete", "1"}, "n\n", "Move Ada (1) to the trash? [y/N] "},
		{[]string{"delete", "1", "--purge"}, "n\n", "Erase Ada (1) and all history for good? This cannot be undone. [y/N] "},
		{[]string{"archive", "1", "2"}, "n\n", "Archive 2 contacts? [y/N] "},
		{[]string{"merge", "1", "2"}, "1\nn\n", "Merge #2 into #1 (Ada)? [y/N] "},
	} {
		var tty bytes.Buffer
		r := runAtTerminal(t, dir, db, tc.answer, &tty, tc.args...)
		if r.code != 1 || !strings.Contains(tty.String(), tc.question) || strings.Contains(r.errOut, "[y/N]") {
			t.Errorf("rolo %s: exit %d, terminal %q, stderr %q; want exit 1 and the question %q on the terminal",
				strings.Join(tc.args, " "), r.code, tty.String(), r.errOut, tc.question)
		}
	}
	if r := runIn(t, dir, db, "list", "-o", "ids"); r.out != "1\n2\n3\n" {
		t.Errorf("after answering no: list %q, want all three contacts as they were", r.out)
	}

	var tty bytes.Buffer
	if r := runAtTerminal(t, dir, db, "y\n", &tty, "delete", "3"); r.code != 0 || !strings.Contains(r.errOut, "Moved Grace (3) to the trash") {
		t.Errorf("delete 3, answered y: exit %d, stderr %q", r.code, r.errOut)
	}

	r := runAtTerminal(t, dir, db, "", nil, "delete", "1", "--purge")
	if want := "rolo: delete --purge: refusing to erase without --yes: no terminal to ask on\n"; r.code != 2 || r.errOut != want {
		t.Errorf("delete --purge without a terminal: exit %d, stderr %q; want exit 2, %q", r.code, r.errOut, want)
	}
}
