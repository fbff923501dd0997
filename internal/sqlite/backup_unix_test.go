//go:build unix

package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// A backup is written to what a link names, and never renamed over what is
// not a regular file: `rolo backup /dev/full` once replaced the device
// with a database file.
func TestBackupDestinations(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "rolo.db")
	addNamed(t, openAs(t, path, "alice", newClock()), "Ada")

	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	_, err := sqlite.Backup(ctx, path, fifo, "alice")
	if contact.ErrorCode(err) != contact.EINVALID || err == nil || !strings.Contains(err.Error(), "is not a regular file") {
		t.Errorf("backup onto a named pipe: %v", err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the named pipe was replaced: %v, %v", fi.Mode(), err)
	}

	real := filepath.Join(dir, "backups", "latest.db")
	os.Mkdir(filepath.Dir(real), 0o700)
	link := filepath.Join(dir, "latest.db")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.Backup(ctx, path, link, "alice"); err != nil {
		t.Fatal(err)
	}
	linkKept(t, link, real, dir)
}

// A damaged database reached through a symbolic link (as --db may name
// one) is replaced where the link points, as every command opens it: the
// link stays, and the file it names holds the backup.
func TestRestoreOverDamagedDatabaseThroughLink(t *testing.T) {
	ctx := context.Background()
	path, _, file := backedUp(t)
	dir := filepath.Dir(path)
	real := filepath.Join(dir, "data", "rolo.db")
	os.Mkdir(filepath.Dir(real), 0o700)
	writeDamaged(t, real, 0o600)
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.RestoreBackup(ctx, file, link, "alice", nil); err != nil {
		t.Fatal(err)
	}
	linkKept(t, link, real, dir)
}

// linkKept checks that a backup or restore through the symbolic link
// wrote the file it names (a one-contact database), left the link, and
// left no temporary file beside the file.
func linkKept(t *testing.T, link, real, dir string) {
	t.Helper()
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", fi.Mode(), err)
	}
	if info, err := sqlite.InspectBackup(context.Background(), real); err != nil || info.Contacts != 1 {
		t.Errorf("the file the link names: %+v, %v", info, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*", ".*tmp*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A database path that is a device, a named pipe or a socket is refused
// before anything touches it, by every way in (a command's Open, whether
// it writes or only reads, doctor, backup): as root, rolo once chmod'ed a
// null device to 0600 (no one else could open /dev/null) and created a
// -journal file beside it; /dev/zero was called "empty".
func TestDatabaseNotARegularFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	paths := map[string]string{}
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o666); err == nil {
		paths["named pipe"] = fifo
	}
	// A copy of /dev/null, where the system lets this test make one (as
	// root, with the capability to).
	null := filepath.Join(dir, "null")
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
		os.Chmod(null, 0o666) // past the umask
		paths["null device"] = null
	}
	if len(paths) == 0 {
		t.Skip("neither a named pipe nor a device can be made here")
	}
	for what, path := range paths {
		before, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		want := "database: " + path + " is not a regular file"
		for _, c := range []struct {
			name string
			run  func() error
		}{
			{"a change", func() error {
				_, err := sqlite.Open(ctx, path, sqlite.Options{Actor: "alice", Region: "US"})
				return err
			}},
			{"a read", func() error {
				_, err := sqlite.Open(ctx, path, sqlite.Options{Actor: "alice", Region: "US", ReadOnly: true, MustExist: true})
				return err
			}},
			{"doctor", func() error { _, err := sqlite.Doctor(ctx, path, sqlite.DoctorOptions{}); return err }},
			{"doctor --repair", func() error { _, err := sqlite.Doctor(ctx, path, sqlite.DoctorOptions{Repair: true}); return err }},
			{"backup", func() error { _, err := sqlite.Backup(ctx, path, filepath.Join(dir, "b.db"), "alice"); return err }},
		} {
			err := c.run()
			if contact.ErrorCode(err) != contact.EINVALID || contact.ErrorMessage(err) != want {
				t.Errorf("%s on a %s: %v (code %v), want %q (exit 2)", c.name, what, err, contact.ErrorCode(err), want)
			}
		}
		after, err := os.Stat(path)
		if err != nil || after.Mode() != before.Mode() {
			t.Errorf("the %s went from %v to %v (%v)", what, before.Mode(), after.Mode(), err)
		}
		left, _ := filepath.Glob(path + "?*")
		if b, err := os.Stat(filepath.Join(dir, "b.db")); err == nil {
			left = append(left, b.Name())
		}
		if len(left) > 0 {
			t.Errorf("files left beside the %s: %v", what, left)
		}
	}
}

// A backup's directory made read-only while the backup is written (by a
// chmod, a remount) fails it with exit 4 and the system's reason, not
// "is the disk full?" nor "is read-only" of a file that is not there; the
// temporary copy, which holds every contact and cannot be removed either,
// is named, escaped as every file name is, for the user to remove.
func TestBackupDirectoryMadeReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write a read-only directory: run as another user")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	addNamed(t, openAs(t, path, "alice", newClock()), "Ada")
	for _, step := range []string{"created", "written"} {
		t.Run(step, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "back\tups")
			os.Mkdir(dir, 0o700)
			t.Cleanup(func() { os.Chmod(dir, 0o700) })
			dest := filepath.Join(dir, "b.db")
			var tmp string
			defer sqlite.SetBackupHook(func(s, name string) {
				if s == step {
					tmp = name
					os.Chmod(dir, 0o555)
				}
			})()
			_, err := sqlite.Backup(ctx, path, dest, "alice")
			msg := contact.ErrorMessage(err)
			if want := "backup: " + contact.PathText(dest) + ": cannot write in " + contact.PathText(dir) + ": permission denied; nothing was changed"; contact.ErrorCode(err) != contact.EPERM || !strings.HasPrefix(msg, want) {
				t.Errorf("Backup: %v (%s), want %s %q", err, contact.ErrorCode(err), contact.EPERM, want)
			}
			want := "; the temporary file " + contact.PathText(tmp) + " could not be removed (permission denied): remove it, it holds a copy of the contacts"
			if !strings.HasSuffix(msg, want) || !strings.Contains(msg, `back\tups/.b.db.tmp-`) {
				t.Errorf("Backup: %q, want it to end %q", msg, want)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 1 || left[0] != tmp {
				t.Errorf("left in the directory: %q, want only %q", left, tmp)
			}
		})
	}
}
