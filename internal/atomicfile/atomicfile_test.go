package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// TestWriteCode checks the one decision of which failures to write a file
// are the system refusing it, exit 4 as for a read-only database: an
// export, backup or error file (writeError) and a new database
// (sqlite.cannotCreate) on a read-only mount as in a directory whose mode
// refuses it; a full disk or a missing directory stays exit 1.
func TestWriteCode(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{syscall.EACCES, contact.EPERM},
		{syscall.EPERM, contact.EPERM},
		{syscall.EROFS, contact.EPERM},
		{&fs.PathError{Op: "open", Path: "/mnt/ro/.out.csv.tmp-1", Err: syscall.EROFS}, contact.EPERM},
		{fmt.Errorf("mkdir: %w", &fs.PathError{Op: "mkdir", Path: "/nonexistent", Err: syscall.EACCES}), contact.EPERM},
		{syscall.ENOSPC, contact.EINTERNAL},
		{syscall.ENOENT, contact.EINTERNAL},
		{syscall.EIO, contact.EINTERNAL},
	}
	for _, tt := range tests {
		if got := WriteCode(tt.err); got != tt.want {
			t.Errorf("WriteCode(%v) = %s, want %s", tt.err, got, tt.want)
		}
		err := writeError("out.csv", tt.err)
		if got := contact.ErrorCode(err); got != tt.want {
			t.Errorf("writeError(%v) code = %s, want %s", tt.err, got, tt.want)
		}
	}
	err := writeError("/mnt/ro/out.csv", &fs.PathError{Op: "open", Path: "/mnt/ro/.out.csv.tmp-1", Err: syscall.EROFS})
	if want := "/mnt/ro/out.csv: cannot write here: read-only file system; nothing was written"; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
}

// A directory made read-only after the temporary file was created (by a
// chmod, a remount) refuses the rename: exit 4, as refusing to create the
// file is, with the system's reason. The temporary file, which cannot be
// removed either and holds the contacts, is named, escaped as every file
// name is, for the user to remove.
func TestCommitInDirectoryMadeReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write a read-only directory: run as another user")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "out\t.json")
	f, err := Create(path, "")
	if err != nil {
		t.Fatal(err)
	}
	tmp := f.Name()
	if _, err := f.WriteString(`[{"first": "Ada"}]`); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	err = f.Commit()
	want := contact.PathText(path) + ": permission denied; the file was left as it was; the temporary file " +
		contact.PathText(tmp) + " could not be removed (permission denied): remove it, it holds a copy of the contacts"
	if contact.ErrorCode(err) != contact.EPERM || err == nil || err.Error() != want {
		t.Errorf("Commit: %v (%s), want %s %q", err, contact.ErrorCode(err), contact.EPERM, want)
	}
	if !strings.Contains(want, `out\t.json`) {
		t.Errorf("the name is not escaped: %q", want)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the file was written")
	}
	if _, err := os.Stat(tmp); err != nil {
		t.Errorf("the temporary file named is not there: %v", err)
	}
}
