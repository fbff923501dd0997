//go:build unix

package atomicfile

import (
	"os"
	"syscall"
)

// keepOwner gives f, the file about to replace the one fi describes,
// that file's owner and group, as the shell's > keeps them. Only root may
// give a file away; any user may give it a group they are in, which is
// tried alone when both cannot be kept. It reports whether the group is
// the file's: when it is not, the replacement is the writer's group's.
func keepOwner(f *os.File, fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	if f.Chown(int(st.Uid), int(st.Gid)) == nil {
		return true
	}
	return f.Chown(-1, int(st.Gid)) == nil
}
