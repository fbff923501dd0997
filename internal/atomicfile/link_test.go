//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// linkedDir makes, in a new directory, real/sub and a link a to it, and
// returns the directory (its links resolved, as LinkTarget's answers are).
func linkedDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "real", "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real/sub", filepath.Join(dir, "a")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A relative link is read from the directory it is in, as the kernel
// reads it: where a is a link to real/sub, a link a/link.csv to
// ../out.csv points to real/out.csv, not to the out.csv beside a that
// joining the names as text makes of it. Through such a link an export
// wrote (and a database was created at) a file the user never named.
func TestLinkTargetInLinkedDirectory(t *testing.T) {
	dir := linkedDir(t)
	tests := []struct {
		link, to string // a link made in real/sub
		path     string // the name given, from dir, as written
		want     string // from dir
	}{
		{"link.csv", "../out.csv", "a/link.csv", "real/out.csv"},
		{"new.db", "../new/contacts.db", "a/new.db", "real/new/contacts.db"},
		{"two.csv", "link.csv", "a/two.csv", "real/out.csv"},
		{"up.csv", "../../up.csv", "a/up.csv", "up.csv"},
		{"inner.csv", "../../a/../inner.csv", "a/inner.csv", "real/inner.csv"},
		{"given.csv", "../given.csv", "a/../sub/given.csv", "real/given.csv"},
	}
	for _, tt := range tests {
		if err := os.Symlink(tt.to, filepath.Join(dir, "real", "sub", tt.link)); err != nil {
			t.Fatal(err)
		}
		got := LinkTarget(dir + "/" + tt.path) // not cleaned: a/.. is real
		if want := filepath.Join(dir, tt.want); got != want {
			t.Errorf("LinkTarget(%s) with %s -> %s = %s, want %s", tt.path, tt.link, tt.to, got, want)
		}
	}
	// A name that is no link is as given, whatever its directory.
	if got, want := LinkTarget(filepath.Join(dir, "a", "plain.csv")), filepath.Join(dir, "a", "plain.csv"); got != want {
		t.Errorf("LinkTarget of no link = %s, want %s", got, want)
	}
}

// What a user sees: the export through such a link replaces the file the
// link points to, and the database reached through one is refused as the
// output.
func TestCreateThroughLinkInLinkedDirectory(t *testing.T) {
	dir := linkedDir(t)
	out := filepath.Join(dir, "real", "out.csv")
	if err := os.WriteFile(out, []byte("original\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../out.csv", filepath.Join(dir, "real", "sub", "link.csv")); err != nil {
		t.Fatal(err)
	}
	f, err := Create(filepath.Join(dir, "a", "link.csv"), "")
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("exported\n")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "exported\n" {
		t.Errorf("real/out.csv holds %q, want the export", b)
	}
	if _, err := os.Lstat(filepath.Join(dir, "out.csv")); err == nil {
		t.Error("out.csv was written beside the link a")
	}

	db := filepath.Join(dir, "real", "contacts.db")
	if err := os.WriteFile(db, []byte("SQLite format 3\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../contacts.db", filepath.Join(dir, "real", "sub", "link.db")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{db, db + "-wal"} {
		if _, err := Create(name, filepath.Join(dir, "a", "link.db")); err == nil {
			t.Errorf("Create(%s) with the database a/link.db was not refused", name)
		}
	}
}

// A link that loops (to itself, or a -> b -> a) is refused as the shell's
// > refuses it, with nothing written: renaming over it replaced the link
// with the export, exit 0. A loop in a directory was refused already.
func TestCreateRefusesLinkLoop(t *testing.T) {
	dir := t.TempDir()
	for _, l := range [][2]string{{"self", "self"}, {"a", "b"}, {"b", "a"}, {"ld", "ld"}} {
		if err := os.Symlink(l[1], filepath.Join(dir, l[0])); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"self", "a", "ld/out.csv"} {
		path := filepath.Join(dir, name)
		f, err := Create(path, "")
		if err == nil {
			f.Abort()
			t.Errorf("Create(%s) through a loop was not refused", name)
			continue
		}
		if !errors.Is(err, syscall.ELOOP) || WriteCode(err) != contact.EINTERNAL {
			t.Errorf("Create(%s) = %v (%s), want too many levels of symbolic links, exit 1", name, err, WriteCode(err))
		}
	}
	for _, name := range []string{"self", "a", "b"} {
		if fi, err := os.Lstat(filepath.Join(dir, name)); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link", name)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 4 {
		t.Errorf("the directory holds %d files, want the 4 links", len(entries))
	}
}

// A link to /proc/thread-self/fd/N names a descriptor as the name itself
// does, its links followed or not.
func TestDescriptorThroughThreadSelf(t *testing.T) {
	if _, err := os.Stat("/proc/thread-self/fd/1"); err != nil {
		t.Skip("no /proc/thread-self: ", err)
	}
	link := filepath.Join(t.TempDir(), "out")
	if err := os.Symlink("/proc/thread-self/fd/1", link); err != nil {
		t.Fatal(err)
	}
	if fd, ok := Descriptor(link); !ok || fd != 1 {
		t.Errorf("Descriptor(link to /proc/thread-self/fd/1) = %d, %v; want 1, true", fd, ok)
	}
}
