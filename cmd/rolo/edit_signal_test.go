package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// editorTest starts the real rolo's `edit 1` in a process group of its
// own, as a shell at a terminal runs it, with an editor that says when it
// has started and saves a new title once the file "go" appears, ignoring
// Ctrl-C as editors do. It returns the command, its stderr and the
// directory that holds the temporary files.
func editorTest(t *testing.T) (cmd *exec.Cmd, stderr func() string, dir, db string) {
	t.Helper()
	return startEdit(t, `while [ ! -f "$DIR/go" ]; do sleep 0.02; done
sed -i 's/^title: .*/title: AfterInt/' "$1"
`, nil)
}

// startEdit is editorTest with the editor's work after it has said it
// started ($DIR is the test's directory) and rolo's stdin (nil: none).
func startEdit(t *testing.T, work string, stdin *os.File) (cmd *exec.Cmd, stderr func() string, dir, db string) {
	t.Helper()
	bin, err := exec.LookPath("rolo") // testscript.Main puts this test binary on PATH as rolo
	if err != nil {
		t.Skip("rolo is not on PATH: ", err)
	}
	dir = t.TempDir()
	db = filepath.Join(dir, "rolo.db")
	if r := runIn(t, dir, db, "add", "--first", "Vic", "--title", "Before"); r.code != 0 {
		t.Fatalf("add: %s", r.errOut)
	}
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	ed := filepath.Join(dir, "ed.sh")
	script := `DIR="` + dir + `"
trap 'echo got SIGINT >> "$DIR/editor.log"' INT
echo $$ > "$DIR/editor.pid"
touch "$DIR/started"
` + work
	if err := os.WriteFile(ed, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	cmd = exec.Command(bin, "--db", db, "edit", "1")
	cmd.Env = append(processEnv(home), "ROLO_FORCE_TTY=1", "VISUAL=sh "+ed, "TMPDIR="+tmp)
	// A file, not a pipe: Wait would wait for the editor, which inherits
	// it, to close it too.
	errFile, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { errFile.Close() })
	cmd.Stderr = errFile
	cmd.Stdin = stdin
	stderr = func() string {
		b, _ := os.ReadFile(errFile.Name())
		return string(b)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, "started")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the editor did not start; stderr: %s", stderr())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return cmd, stderr, dir, db
}

func leftInTmp(t *testing.T, dir string) []string {
	t.Helper()
	left, err := filepath.Glob(filepath.Join(dir, "tmp", "*"))
	if err != nil {
		t.Fatal(err)
	}
	return left
}

// TestEditCtrlCGoesToTheEditor: Ctrl-C at the terminal while $EDITOR is
// open is the editor's to handle; rolo waits for it, saves what the user
// then saves, and leaves no copy of the form behind.
func TestEditCtrlCGoesToTheEditor(t *testing.T) {
	cmd, stderr, dir, db := editorTest(t)
	// Ctrl-C: the terminal signals the whole foreground process group.
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(dir, "go"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if err != nil || !strings.Contains(stderr(), "Updated Vic (1): 1 change(s).") {
		t.Fatalf("after Ctrl-C: %v; stderr %q; want the edit saved", err, stderr())
	}
	if r := runIn(t, dir, db, "show", "1", "-o", "tsv"); !strings.Contains(r.out, "title\tAfterInt\n") {
		t.Errorf("the title the user saved after Ctrl-C is lost: %s", r.out)
	}
	if left := leftInTmp(t, dir); len(left) != 0 {
		t.Errorf("the form is left behind: %v", left)
	}
}

// TestEditTerminatedRemovesTheForm: SIGTERM (or SIGHUP, the terminal
// closed) while $EDITOR is open ends the editor and rolo, which says it
// was interrupted and removes the form: the contact's data is not left in
// the temporary directory.
func TestEditTerminatedRemovesTheForm(t *testing.T) {
	cmd, stderr, dir, db := editorTest(t)
	signalAndWait(t, cmd, syscall.SIGTERM, 20*time.Second, stderr)
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stderr(), "rolo: interrupted; nothing was changed") {
		t.Errorf("after SIGTERM: exit %d (%v), stderr %q; want exit 1 and \"interrupted\"", code, cmd.ProcessState, stderr())
	}
	if left := leftInTmp(t, dir); len(left) != 0 {
		t.Errorf("the form is left behind: %v", left)
	}
	if r := runIn(t, dir, db, "show", "1", "-o", "tsv"); !strings.Contains(r.out, "title\tBefore\n") {
		t.Errorf("the contact changed: %s", r.out)
	}
	// The editor ended too: not left open on the terminal, on a form
	// that is gone.
	b, err := os.ReadFile(filepath.Join(dir, "editor.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("the editor (pid %d) is still running after rolo ended on SIGTERM", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestEditSignalAtEditAgainRemovesTheForm: a form with mistakes asks
// "Edit again? [Y/n]"; Ctrl-C there (or SIGTERM, or Ctrl-\) ends rolo,
// interrupted, and removes the form, which holds the contact's data.
func TestEditSignalAtEditAgainRemovesTheForm(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT} {
		t.Run(sig.String(), func(t *testing.T) {
			// A terminal's stdin that stays open: the question waits.
			in, typing, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer typing.Close()
			cmd, stderr, dir, db := startEdit(t, `sed -i 's/^birthday:.*/birthday: 2020-02-31/' "$1"
`, in)
			in.Close()
			deadline := time.Now().Add(20 * time.Second)
			for !strings.Contains(stderr(), "Edit again? [Y/n] ") {
				if time.Now().After(deadline) {
					t.Fatalf("rolo did not ask to edit again; stderr %q", stderr())
				}
				time.Sleep(10 * time.Millisecond)
			}
			if left := leftInTmp(t, dir); len(left) != 1 {
				t.Fatalf("while rolo asks, the temporary directory holds %v; want the form's directory", left)
			}
			// At the terminal the signal goes to the whole foreground group.
			if err := syscall.Kill(-cmd.Process.Pid, sig); err != nil {
				t.Fatal(err)
			}
			ended := make(chan error, 1)
			go func() { ended <- cmd.Wait() }()
			select {
			case <-ended:
			case <-time.After(20 * time.Second):
				t.Fatalf("rolo did not end within 20s of %v; stderr %q", sig, stderr())
			}
			if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stderr(), "Edit again? [Y/n] \nrolo: interrupted; nothing was changed") {
				t.Errorf("after %v at Edit again?: exit %d (%v), stderr %q; want exit 1 and \"interrupted\"", sig, code, cmd.ProcessState, stderr())
			}
			if left := leftInTmp(t, dir); len(left) != 0 {
				t.Errorf("the form is left behind: %v", left)
			}
			if r := runIn(t, dir, db, "show", "1", "-o", "tsv"); !strings.Contains(r.out, "title\tBefore\n") || strings.Contains(r.out, "2020") {
				t.Errorf("the contact changed: %s", r.out)
			}
		})
	}
}

// signalAndWait sends sig to rolo, started as cmd, and waits for it to
// end; the test fails, rolo killed, when it has not ended within.
func signalAndWait(t *testing.T, cmd *exec.Cmd, sig os.Signal, within time.Duration, stderr func() string) {
	t.Helper()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	ended := make(chan error, 1)
	go func() { ended <- cmd.Wait() }()
	select {
	case <-ended:
	case <-time.After(within):
		cmd.Process.Kill()
		<-ended
		t.Fatalf("rolo did not end within %v of %v; stderr %q", within, sig, stderr())
	}
}
