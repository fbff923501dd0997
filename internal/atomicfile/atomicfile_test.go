package atomicfile

import (
	"fmt"
	"io/fs"
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
