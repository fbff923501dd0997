//go:build unix

package atomicfile

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// Ids of no one the tests run as: nobody, and the group adm.
const otherUID, otherGID = 65534, 4

// sharedDir is a new directory any user may write, for a file written by
// another user than the test's.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "atomicfile-owner-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	return dir
}

// ownedFile writes a file at path with mode, owner and group.
func ownedFile(t *testing.T, path string, mode os.FileMode, uid, gid int) {
	t.Helper()
	if err := os.WriteFile(path, []byte("old\n"), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, uid, gid); err != nil {
		t.Fatal(err)
	}
}

// wantFile checks that path was replaced and has mode, owner and group.
func wantFile(t *testing.T, path string, mode os.FileMode, uid, gid int) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	if fi.Mode().Perm() != mode || int(st.Uid) != uid || int(st.Gid) != gid {
		t.Errorf("%s: %v %d:%d, want %v %d:%d", filepath.Base(path), fi.Mode().Perm(), st.Uid, st.Gid, mode, uid, gid)
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("%s holds %q, not what was written", filepath.Base(path), b)
	}
}

// A file replaced by another user than its owner (root's cron job
// exporting over /home/ada/contacts.csv, a backup kept for a group) keeps
// its owner and group, as the shell's > keeps them, not only its mode: the
// file became root's and its owner could no longer read it, and a file
// shared with one group became readable by the writer's.
func TestReplaceKeepsOwnerAndGroup(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can make a file owned by another user")
	}
	dir := sharedDir(t)
	out := filepath.Join(dir, "contacts.csv")
	ownedFile(t, out, 0o640, otherUID, otherGID)
	f, err := Create(out, "")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "new\n")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	wantFile(t, out, 0o640, otherUID, otherGID)

	// A backup: written by SQLite beside it, mode 0600, then installed.
	backup := filepath.Join(dir, "backup.db")
	ownedFile(t, backup, 0o600, otherUID, otherGID)
	tmp := filepath.Join(dir, ".backup.db.tmp-1")
	if err := os.WriteFile(tmp, []byte("new\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := InstallDatabase(tmp, backup); err != nil {
		t.Fatal(err)
	}
	wantFile(t, backup, 0o600, otherUID, otherGID)
}

// A user who is not root cannot give the file away: it becomes theirs,
// with its group kept when they are in it. When they are not, the group
// they give it (their own) gets no more than others had: a file shared
// with one group is not opened to another.
func TestReplaceAsUserKeepsWhatItMay(t *testing.T) {
	if path := os.Getenv("ATOMICFILE_TEST_WRITE"); path != "" {
		// Run by the test below as another user: write path.
		f, err := Create(path, "")
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, "new\n")
		if err := f.Commit(); err != nil {
			t.Fatal(err)
		}
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("only root can run the writer as another user, in and out of the file's group")
	}
	dir := sharedDir(t)
	// The test binary, where the other user may run it.
	bin := filepath.Join(dir, "atomicfile.test")
	in, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, in, 0o755); err != nil {
		t.Fatal(err)
	}
	writeAs := func(path string, groups ...uint32) {
		t.Helper()
		cmd := exec.Command(bin, "-test.run=^TestReplaceAsUserKeepsWhatItMay$")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "ATOMICFILE_TEST_WRITE="+path)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: otherUID, Gid: otherUID, Groups: groups}}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("writing %s as %d: %v\n%s", filepath.Base(path), otherUID, err, out)
		}
	}

	// Another user's file, which nobody may write as one of its group.
	shared := filepath.Join(dir, "shared.csv")
	ownedFile(t, shared, 0o660, 1234, otherGID)
	writeAs(shared, otherGID)
	wantFile(t, shared, 0o660, otherUID, otherGID)

	// nobody's own file, of a group nobody is not in.
	own := filepath.Join(dir, "own.csv")
	ownedFile(t, own, 0o640, otherUID, otherGID)
	writeAs(own)
	wantFile(t, own, 0o600, otherUID, otherUID)
}
