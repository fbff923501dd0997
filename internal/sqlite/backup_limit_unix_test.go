//go:build unix

package sqlite

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/mattn/go-sqlite3"

	"github.com/rolo-cli/rolo/internal/contact"
)

// An I/O error of a backup is "file too large" only when its temporary
// file has reached the file size limit, not whenever some limit is set.
func TestBackupErrorFileSizeLimit(t *testing.T) {
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	limit := syscall.Rlimit{Cur: 8 << 20, Max: old.Max}
	if old.Max < limit.Cur {
		t.Skip("the hard file size limit is below 8 MiB")
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Skip(err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)

	dir := t.TempDir()
	path := filepath.Join(dir, "b.db")
	tmp := filepath.Join(dir, ".b.db.tmp-1")
	ioErr := sqlite3.Error{Code: sqlite3.ErrIoErr}
	if err := os.WriteFile(tmp, make([]byte, 4096), 0o600); err != nil {
		t.Fatal(err)
	}
	want := "backup: " + path + ": writing failed (disk I/O error); nothing was changed"
	if err := backupError("backup", path, ioErr); contact.ErrorMessage(err) != want {
		t.Errorf("a small temporary file under an 8 MiB limit: %q, want %q", contact.ErrorMessage(err), want)
	}
	if err := os.Truncate(tmp, 8<<20-4096); err != nil {
		t.Fatal(err)
	}
	want = "backup: " + path + ": file too large (disk I/O error under a file size limit, ulimit -f, of 8.0 MB); nothing was changed"
	if err := backupError("backup", path, ioErr); contact.ErrorMessage(err) != want {
		t.Errorf("a temporary file at the limit: %q, want %q", contact.ErrorMessage(err), want)
	}
}
