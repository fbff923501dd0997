//go:build unix

package main

import (
	"database/sql"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptWhileBlocked: an import or export waiting on its input or
// output, where checking for the interrupt between records never comes
// (a named pipe nobody opens, a pipe whose writer is silent), ends on
// SIGTERM, SIGINT or SIGHUP within a few seconds with "interrupted", exit
// 1, the database unchanged and no temporary file left. The signal was
// swallowed: the command waited for ever, and `timeout`, Ctrl-C or a
// closed ssh session did not end it.
func TestInterruptWhileBlocked(t *testing.T) {
	bin, err := exec.LookPath("rolo") // testscript.Main puts this test binary on PATH as rolo
	if err != nil {
		t.Skip("rolo is not on PATH: ", err)
	}
	for _, tc := range []struct {
		name string
		sig  syscall.Signal
		args []string
		// stdin, when set, is written to rolo's standard input, which
		// then stays open with nothing more to read.
		stdin string
	}{
		{"import from a named pipe nobody writes", syscall.SIGTERM, []string{"import", "fifo", "--format", "csv", "--errors", "e.csv"}, ""},
		// Enough rows to be read past the format's detection, one of
		// them rejected: the error file is being written.
		{"import from a pipe that stalls", syscall.SIGINT, []string{"import", "-", "--format", "csv", "--errors", "e.csv"},
			"first,email\nBad,bad@\n" + strings.Repeat("New,new@example.com\n", 5000)},
		{"export to a named pipe nobody reads", syscall.SIGHUP, []string{"export", "-o", "fifo"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "rolo.db")
			if r := runIn(t, dir, db, "add", "--first", "Ada"); r.code != 0 {
				t.Fatalf("add: %s", r.errOut)
			}
			if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600); err != nil {
				t.Skip("no named pipes here: ", err)
			}
			home := filepath.Join(dir, "home")
			cmd := exec.Command(bin, append([]string{"--db", db}, tc.args...)...)
			cmd.Dir = dir
			cmd.Env = processEnv(home)
			var stdin io.WriteCloser
			if tc.stdin != "" {
				if stdin, err = cmd.StdinPipe(); err != nil {
					t.Fatal(err)
				}
				defer stdin.Close()
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill() })
			if stdin != nil {
				io.WriteString(stdin, tc.stdin)
			}
			time.Sleep(500 * time.Millisecond) // into the wait
			if tc.stdin != "" {
				for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
					if tmp, _ := filepath.Glob(filepath.Join(dir, ".e.csv.tmp-*")); len(tmp) > 0 {
						break
					}
					if time.Now().After(deadline) {
						t.Fatal("the error file was not started")
					}
				}
			}
			start := time.Now()
			signalAndWait(t, cmd, tc.sig, 10*time.Second, stderr.String)
			if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stderr.String(), "rolo: interrupted; nothing was changed by the unfinished command\n") {
				t.Errorf("after %v: exit %d, stderr %q; want exit 1 and \"interrupted\"", tc.sig, code, stderr.String())
			}
			t.Logf("ended %v after %v", tc.sig, time.Since(start).Round(time.Millisecond))
			if r := runIn(t, dir, db, "list", "--columns", "first"); r.code != 0 || r.out != "first\nAda\n" {
				t.Errorf("the database changed: list gives %q (exit %d, %s)", r.out, r.code, r.errOut)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
			if _, err := os.Stat(filepath.Join(dir, "e.csv")); err == nil {
				t.Errorf("an error file was written")
			}
		})
	}
}

// TestRestoreInterruptedWhileWaiting: a restore-backup waiting for the
// lock another process's write holds (a long import) ends on SIGTERM
// within a second or two, "interrupted", exit 1, the database as it was.
// It waited inside SQLite, where the signal did not reach it, and, once
// the lock was free, replaced the database all the same, exit 0.
func TestRestoreInterruptedWhileWaiting(t *testing.T) {
	bin, err := exec.LookPath("rolo") // testscript.Main puts this test binary on PATH as rolo
	if err != nil {
		t.Skip("rolo is not on PATH: ", err)
	}
	dir := t.TempDir()
	db, backup := filepath.Join(dir, "rolo.db"), filepath.Join(dir, "backup.db")
	for _, args := range [][]string{{"add", "--first", "Ada"}, {"backup", backup}, {"add", "--first", "Bea"}} {
		if r := runIn(t, dir, db, args...); r.code != 0 {
			t.Fatalf("%v: %s", args, r.errOut)
		}
	}
	// Another process's write transaction, held for the whole test.
	holder, err := sql.Open("sqlite3", "file:"+db+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()

	home := filepath.Join(dir, "home")
	cmd := exec.Command(bin, "--db", db, "restore-backup", backup, "--yes")
	cmd.Dir = dir
	cmd.Env = processEnv(home)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	time.Sleep(time.Second) // into the wait for the lock
	signalAndWait(t, cmd, syscall.SIGTERM, 5*time.Second, stderr.String)
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stderr.String(), "rolo: interrupted; nothing was changed by the unfinished command\n") {
		t.Errorf("after SIGTERM: exit %d, stderr %q; want exit 1 and \"interrupted\"", code, stderr.String())
	}
	tx.Rollback()
	holder.Close()
	if r := runIn(t, dir, db, "list", "--columns", "first", "--sort", "id"); r.code != 0 || r.out != "first\nAda\nBea\n" {
		t.Errorf("the database changed: list gives %q (exit %d, %s)", r.out, r.code, r.errOut)
	}
}
