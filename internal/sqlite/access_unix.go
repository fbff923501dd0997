//go:build unix

package sqlite

import "syscall"

// dirWritable reports whether a file can be created in dir (access(2)
// with W_OK and X_OK), which is false on a read-only mount too.
func dirWritable(dir string) bool {
	const wOK, xOK = 0x2, 0x1 // <unistd.h>
	return syscall.Access(dir, wOK|xOK) == nil
}

// fileWritable asks access(2) whether path may be opened for writing
// (W_OK), which takes no descriptor and so leaves every lock alone.
func fileWritable(path string) error {
	const wOK = 0x2 // <unistd.h>
	return syscall.Access(path, wOK)
}
