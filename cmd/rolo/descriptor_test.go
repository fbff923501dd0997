//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// roloWithFiles runs the real rolo binary in dir with stdin, stdout and stderr
// given as files, as a shell's redirections give them, and returns its
// exit code.
func roloWithFiles(t *testing.T, dir string, stdin, stdout, stderr *os.File, args ...string) int {
	t.Helper()
	bin, err := exec.LookPath("rolo") // testscript.Main puts this test binary on PATH as rolo
	if err != nil {
		t.Skip("rolo is not on PATH: ", err)
	}
	home := filepath.Join(dir, "home")
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(processEnv(home), "ROLO_DB=")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0
}

// appendTo opens path as the shell's >> does.
func appendTo(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// `rolo export -o /dev/stdout >> log` and `rolo import - --errors
// /dev/stderr 2>> cron.log` write to the descriptors the shell opened,
// after what the files held: the file behind the descriptor was replaced
// (renamed over), so the log lost its earlier lines and whatever rolo or
// the script wrote after.
func TestDescriptorPathsAppend(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	if r := runIn(t, dir, db, "add", "--first", "Ada", "--email", "ada@example.com"); r.code != 0 {
		t.Fatalf("add: %s", r.errOut)
	}

	log := filepath.Join(dir, "log.txt")
	os.WriteFile(log, []byte("KEEP ME LINE 1\nKEEP ME LINE 2\n"), 0o600)
	for _, out := range []string{"/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"} {
		if code := roloWithFiles(t, dir, nil, appendTo(t, log), nil, "--db", db, "export", "--format", "csv", "--no-header", "-o", out); code != 0 {
			t.Fatalf("export -o %s >> log: exit %d", out, code)
		}
	}
	b, _ := os.ReadFile(log)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 5 || lines[0] != "KEEP ME LINE 1" || lines[1] != "KEEP ME LINE 2" ||
		!strings.HasPrefix(lines[2], "1,") || lines[3] != lines[2] || lines[4] != lines[2] {
		t.Errorf("log after three exports -o /dev/stdout >> log:\n%s", b)
	}

	cron := filepath.Join(dir, "cron.log")
	os.WriteFile(cron, []byte("OLD LOG LINE\n"), 0o600)
	in := filepath.Join(dir, "in.csv")
	os.WriteFile(in, []byte("first,email\nBob,bad@\nCarl,c@example.com\n"), 0o600)
	stdin, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	code := roloWithFiles(t, dir, stdin, nil, appendTo(t, cron), "--db", db, "import", "-", "--format", "csv", "--errors", "/dev/stderr")
	b, _ = os.ReadFile(cron)
	for _, want := range []string{"OLD LOG LINE\n", "first,email,error\n", "Bob,bad@,", "1 of 2 records imported, 1 failed"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("cron.log lacks %q:\n%s", want, b)
		}
	}
	if code != 5 || !strings.HasPrefix(string(b), "OLD LOG LINE\n") {
		t.Errorf("import --errors /dev/stderr 2>> cron.log: exit %d (want 5), cron.log:\n%s", code, b)
	}
}

// oneGoodOneBad makes a database holding Ada and, beside it, in.csv of
// one good record and one that import rejects.
func oneGoodOneBad(t *testing.T) (dir, db, in string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "rolo.db")
	in = filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte("first,email\nGood,g@example.com\nBad,bad@\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runIn(t, dir, db, "add", "--first", "Ada"); r.code != 0 {
		t.Fatalf("add: %s", r.errOut)
	}
	return dir, db, in
}

// `rolo import /dev/stdin < in.csv` (or /proc/self/fd/0, /dev/fd/0) has
// no place beside its input for the rejected records either, though the
// descriptor is a regular file: --errors is required, as for `import -`
// (exit 2, nothing imported, no error file), rather than the rejects
// going to /dev/stdin.errors.csv in /dev (as root; permission denied as a
// user) or to /proc/self/fd/0.errors.csv, which cannot be.
func TestImportDescriptorNeedsErrors(t *testing.T) {
	dir, db, in := oneGoodOneBad(t)
	for _, name := range []string{"/dev/stdin", "/proc/self/fd/0", "/dev/fd/0"} {
		stdin, err := os.Open(in)
		if err != nil {
			t.Fatal(err)
		}
		errFile := filepath.Join(dir, "stderr.txt")
		stderr, err := os.Create(errFile)
		if err != nil {
			t.Fatal(err)
		}
		code := roloWithFiles(t, dir, stdin, nil, stderr, "--db", db, "import", name, "--format", "csv")
		stdin.Close()
		stderr.Close()
		got, _ := os.ReadFile(errFile)
		want := "rolo: --errors FILE is required when importing from " + name + ", which names a file descriptor, not a file (rejected records go there)\n"
		if code != 2 || string(got) != want {
			t.Errorf("import %s < in.csv: exit %d, stderr %q; want exit 2, %q", name, code, got, want)
		}
	}
	if r := runIn(t, dir, db, "list", "--columns", "first"); r.code != 0 || r.out != "first\nAda\n" {
		t.Errorf("imported anyway: exit %d, list:\n%s%s", r.code, r.out, r.errOut)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.errors.csv")); len(m) != 0 {
		t.Errorf("error files written: %v", m)
	}
}

// `rolo import in.csv --errors rej.csv 2>&1 | head` whose head has gone:
// the messages to stderr are dropped, and the import finishes as it
// would have, exit 5, with its contacts saved and its error file written.
// A process writing to a broken pipe on descriptor 2 was ended by SIGPIPE
// wherever it was: before the commit, or after it with no error file and
// its temporary copy left behind.
func TestImportWithStderrClosed(t *testing.T) {
	dir, db, in := oneGoodOneBad(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	defer w.Close()
	rej := filepath.Join(dir, "rej.csv")
	if code := roloWithFiles(t, dir, nil, nil, w, "--db", db, "import", in, "--errors", rej); code != 5 {
		t.Errorf("import with stderr a closed pipe: exit %d, want 5", code)
	}
	if got := runIn(t, dir, db, "list", "--columns", "first"); got.out != "first\nAda\nGood\n" {
		t.Errorf("contacts after the import:\n%s%s", got.out, got.errOut)
	}
	if b, err := os.ReadFile(rej); err != nil || !strings.HasPrefix(string(b), "first,email,error\nBad,bad@,") {
		t.Errorf("error file: %q, %v", b, err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".rej.csv.tmp-*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
}
