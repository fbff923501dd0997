package reliability

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// The hostile conditions a test script cannot set up: they need another
// user, a small file system or a device.

// fingerprint is what a command must leave unchanged: the bytes of a full
// JSON export and the number of change-log rows.
func fingerprint(t *testing.T, environ []string) string {
	t.Helper()
	r := rolo(context.Background(), t, environ, "", "-q", "export", "--format", "json")
	if r.code != 0 {
		t.Fatal(r)
	}
	sum := sha256.Sum256([]byte(r.stdout))
	return fmt.Sprintf("%x (%d bytes)", sum[:8], len(r.stdout))
}

// seeded makes a database of n contacts at path with the store itself.
func seeded(t *testing.T, path string, n int) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, sqlite.Options{Actor: "alice", Region: "US"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cs []*contact.Contact
	for i := 0; i < n; i++ {
		cs = append(cs, &contact.Contact{FirstName: "Seed", LastName: fmt.Sprintf("S%04d", i),
			Emails: []contact.Email{{Address: fmt.Sprintf("seed%d@example.com", i)}},
			Notes:  []contact.Note{{Text: strings.Repeat("a note worth keeping ", 20)}}})
	}
	if err := db.ImportContacts(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
}

// TestReadOnlyDatabase is a user whose database file is read-only (chmod
// 0444): reading works, every change is refused with exit 4, and the file
// is unchanged. Root writes to such files anyway, so as root the commands
// run as the unprivileged user nobody, which is how a real user meets it.
func TestReadOnlyDatabase(t *testing.T) {
	roloBinary(t)
	// A directory the other user can reach and write (for the -shm file).
	dir, err := os.MkdirTemp("", "rolo-readonly-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o777)
	db := filepath.Join(dir, "rolo.db")
	seeded(t, db, 20)
	environ := env(t, db)
	before := fingerprint(t, environ)
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}

	run := func(args ...string) result {
		cmd := exec.Command(roloBinary(t), args...)
		cmd.Env = append(environ[:len(environ):len(environ)], "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_DATA_HOME="+filepath.Join(dir, "data"))
		if os.Geteuid() == 0 {
			// nobody must be able to reach the binary.
			os.Chmod(workDir, 0o755)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		r := result{args: args, stdout: stdout.String(), stderr: stderr.String()}
		if ee, ok := err.(*exec.ExitError); ok {
			r.code = ee.ExitCode()
		} else if err != nil {
			t.Skipf("cannot run rolo as an unprivileged user: %v", err)
		}
		return r
	}
	if r := run("list", "--columns", "first"); r.code != 0 || strings.Count(r.stdout, "Seed") != 20 {
		t.Fatalf("list on a read-only database: %s\n%s", r, r.stdout)
	}
	for _, args := range [][]string{
		{"add", "--first", "Grace"},
		{"edit", "1", "--set", "company=Acme"},
		{"--yes", "tag", "--where", "seed", "--add", "x"},
		{"note", "1", "a note"},
		{"--yes", "delete", "1"},
	} {
		r := run(args...)
		if r.code != 4 || !strings.Contains(r.stderr, "read-only") || strings.Contains(r.stderr, "panic") {
			t.Errorf("%s: want exit 4 and a read-only message", r)
		}
	}
	os.Chmod(db, 0o600)
	if after := fingerprint(t, environ); after != before {
		t.Errorf("the read-only database changed: %s, was %s", after, before)
	}
}

// mountTmpfs mounts a small tmpfs for the test, or skips it when that is
// not possible (not root, no mount permission).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("a full disk needs a small tmpfs, which needs root")
	}
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// fill takes all but keep bytes of the free space of the file system at
// dir, and returns the filler file.
func fill(t *testing.T, dir string, keep int64) string {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * st.Bsize
	filler := filepath.Join(dir, "filler")
	if free > keep {
		if err := os.WriteFile(filler, make([]byte, free-keep), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filler
}

// TestFullDisk runs commands that write on a file system with almost no
// space left: each fails with a clear "disk is full" error (exit 1), no
// panic, the database stays sound and unchanged, no partial or temporary
// file is left, and the same commands work once there is room.
func TestFullDisk(t *testing.T) {
	roloBinary(t)
	dir := mountTmpfs(t, "16m")
	db := filepath.Join(dir, "rolo.db")
	seeded(t, db, 300)
	environ := env(t, db)
	exportFile := filepath.Join(dir, "export.json")
	if r := rolo(context.Background(), t, environ, "", "-q", "export", "--format", "json", "--out", exportFile); r.code != 0 {
		t.Fatal(r)
	}
	oldExport, _ := os.ReadFile(exportFile)
	before := fingerprint(t, environ)

	var csv strings.Builder
	csv.WriteString("first,last,email,notes\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&csv, "Imp,I%d,imp%d@example.com,%s\n", i, i, strings.Repeat("filler text ", 40))
	}
	csvFile := filepath.Join(t.TempDir(), "big.csv")
	os.WriteFile(csvFile, []byte(csv.String()), 0o600)
	note := strings.Repeat("n", contact.MaxNoteLen)
	// A second export, bigger than the first, to the same file.
	if r := rolo(context.Background(), t, environ, "", "-q", "--yes", "edit", "--where", "seed", "--set", "title=a longer export than before"); r.code != 0 {
		t.Fatal(r)
	}
	before = fingerprint(t, environ)

	filler := fill(t, dir, 64<<10)
	cases := []struct {
		stdin string
		args  []string
	}{
		{"", []string{"import", csvFile}},
		{note, []string{"note", "1", "-"}},
		{"", []string{"--yes", "edit", "--where", "seed", "--set", "company=" + strings.Repeat("c", 4000)}},
		{"", []string{"export", "--format", "json", "--out", exportFile}},
		{"", []string{"backup", filepath.Join(dir, "backup.db")}},
	}
	for _, c := range cases {
		r := rolo(context.Background(), t, environ, c.stdin, c.args...)
		if r.code != 1 || !strings.Contains(strings.ToLower(r.stderr), "full") && !strings.Contains(r.stderr, "no space left") || strings.Contains(r.stderr, "panic") {
			t.Errorf("%s\nwant exit 1 saying the disk is full", r)
		}
		t.Logf("rolo %s: exit %d: %s", c.args[0], r.code, strings.TrimSpace(r.stderr))
	}
	if got, _ := os.ReadFile(exportFile); string(got) != string(oldExport) {
		t.Error("the failed export changed the existing export file")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if _, err := os.Stat(filepath.Join(dir, "backup.db")); err == nil {
		left = append(left, "backup.db")
	}
	if len(left) > 0 {
		t.Errorf("files left on the full disk: %v", left)
	}
	if bad := healthy(t, db); len(bad) > 0 {
		t.Errorf("doctor after the full disk: %v", bad)
	}
	os.Remove(filler)
	if after := fingerprint(t, environ); after != before {
		t.Errorf("the database changed: %s, was %s", after, before)
	}
	// With room again, the same commands work.
	for _, c := range cases[:2] {
		if r := rolo(context.Background(), t, environ, c.stdin, append([]string{"-q"}, c.args...)...); r.code != 0 {
			t.Errorf("with room: %s", r)
		}
	}
}

// TestExportToFullDevice writes output to a stdout that fails (Linux's
// /dev/full): a clear error and exit 1, no panic. This needs no privilege.
// add's contact is made all the same, and its ID is what was lost.
func TestExportToFullDevice(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	db := filepath.Join(t.TempDir(), "rolo.db")
	seeded(t, db, 50)
	for _, args := range [][]string{
		{"export", "--format", "json"}, {"export", "--format", "csv"}, {"export", "--format", "vcard"},
		{"list", "-o", "vcard"}, {"show", "1", "-o", "vcard"},
		{"add", "--first", "Zed", "--email", "zed@example.com"}, {"email", "zed"}, {"email", "--no-header", "zed"},
	} {
		format := strings.Join(args, " ")
		cmd := exec.Command(roloBinary(t), args...)
		cmd.Env = env(t, db)
		cmd.Stdout = full
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "no space left on device") || strings.Contains(stderr.String(), "panic") {
			t.Errorf("rolo %s > /dev/full: %v\n%s", format, err, stderr.String())
		}
	}
}

// TestExportFileSizeLimit meets a full disk without root: a file-size limit
// (RLIMIT_FSIZE, set with prlimit) makes writes past it fail as a full disk
// does. An export to a file and a backup both fail cleanly (exit 1), leave
// the existing file as it was and no temporary file behind.
func TestExportFileSizeLimit(t *testing.T) {
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("no prlimit")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	seeded(t, db, 300)
	environ := env(t, db)
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	export, backup := filepath.Join(out, "export.json"), filepath.Join(out, "backup.db")
	for _, f := range []string{export, backup} {
		os.WriteFile(f, []byte("the previous file\n"), 0o600)
	}
	for _, args := range [][]string{
		{"export", "--format", "json", "--out", export},
		{"export", "--format", "vcard", "--out", export},
		{"backup", backup},
	} {
		// 64 KB: more than SQLite's shared-memory file, less than the output.
		cmd := exec.Command(prlimit, append([]string{"--fsize=65536", roloBinary(t)}, args...)...)
		cmd.Env = environ
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "too large") && !strings.Contains(stderr.String(), "full") || strings.Contains(stderr.String(), "panic") {
			t.Errorf("rolo %s with a 64 KB file limit: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		t.Logf("rolo %s: %s", args[0], strings.TrimSpace(stderr.String()))
	}
	for _, f := range []string{export, backup} {
		if b, _ := os.ReadFile(f); string(b) != "the previous file\n" {
			t.Errorf("%s changed: %.40q", f, b)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(out, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if bad := healthy(t, db); len(bad) > 0 {
		t.Errorf("doctor: %v", bad)
	}
}
