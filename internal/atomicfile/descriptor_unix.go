//go:build unix

package atomicfile

import (
	"os"
	"syscall"
)

// dupDescriptor is a file of its own on the open file of descriptor fd:
// closing it (or the garbage collector doing so) leaves fd open, and
// writes go where fd's do, at its offset (a file the shell opened with >>
// is appended to).
func dupDescriptor(fd int, name string) (*os.File, error) {
	syscall.ForkLock.RLock()
	nfd, err := syscall.Dup(fd)
	if err == nil {
		syscall.CloseOnExec(nfd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, &os.PathError{Op: "dup", Path: name, Err: err}
	}
	return os.NewFile(uintptr(nfd), name), nil
}

// writable reports whether f was opened for writing.
func writable(f *os.File) bool {
	flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, f.Fd(), syscall.F_GETFL, 0)
	return errno != 0 || flags&syscall.O_ACCMODE != syscall.O_RDONLY
}

// dirWritable reports, as the system would, whether the user may create
// a file in dir: nil, or the error (permission denied, a read-only file
// system) creating one would give.
func dirWritable(dir string) error {
	const wOK, xOK = 2, 1 // access(2)
	if err := syscall.Access(dir, wOK|xOK); err != nil {
		return &os.PathError{Op: "access", Path: dir, Err: err}
	}
	return nil
}
