//go:build unix

package sqlite

import (
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// dirWritable reports whether a file can be created in dir (access(2)
// with W_OK and X_OK), which is false on a read-only mount too.
func dirWritable(dir string) bool { return dirWriteError(dir) == nil }

// fileSizeLimit is the file size limit (RLIMIT_FSIZE, ulimit -f) rolo
// runs under, and whether there is one: a write past it fails with EFBIG,
// which the backup API reports only as an I/O error.
func fileSizeLimit() (int64, bool) {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &r); err != nil {
		return 0, false
	}
	// RLIM_INFINITY is the largest value of the field's type, signed on
	// some systems.
	if limit := uint64(r.Cur); limit < 1<<62 {
		return int64(limit), true
	}
	return 0, false
}

// dirWriteError is why no file can be created in dir (permission denied,
// read-only file system), or nil.
func dirWriteError(dir string) error {
	const wOK, xOK = 0x2, 0x1 // <unistd.h>
	return syscall.Access(dir, wOK|xOK)
}

// fileWritable asks access(2) whether path may be opened for writing
// (W_OK), which takes no descriptor and so leaves every lock alone.
func fileWritable(path string) error {
	const wOK = 0x2 // <unistd.h>
	return syscall.Access(path, wOK)
}

// fileReadable asks access(2) whether path may be opened for reading
// (R_OK), leaving every lock alone as fileWritable does.
func fileReadable(path string) error {
	const rOK = 0x4 // <unistd.h>
	return syscall.Access(path, rOK)
}

// fileOwner is the login of the file's owner (its user id when it has
// none), for a message that says why the file cannot be opened.
func fileOwner(fi os.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return userName(uint64(st.Uid))
}

// othersFile is the login of the file's owner when that is not the user
// running rolo, who then may not chmod it; "" for the user's own file.
func othersFile(fi os.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || uint64(st.Uid) == uint64(os.Geteuid()) {
		return ""
	}
	return userName(uint64(st.Uid))
}

// currentLogin is the user running rolo, named as fileOwner names users.
func currentLogin() string { return userName(uint64(os.Geteuid())) }

func userName(uid uint64) string {
	id := strconv.FormatUint(uid, 10)
	if u, err := user.LookupId(id); err == nil && u.Username != "" {
		return u.Username
	}
	return "user " + id
}
