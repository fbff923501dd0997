//go:build unix

package iostreams

import (
	"io"
	"os"
	"syscall"
)

// stderr is where messages go: a descriptor of its own on stderr's open
// file. Go ends a process that writes to a broken pipe on descriptor 1 or
// 2 (SIGPIPE), whatever the command was doing; on any other descriptor the
// write returns EPIPE. A reader of the messages that went away (2>&1 |
// head) must not end an import between its commit and its error file:
// the messages are then dropped and the command finishes. Standard output
// stays descriptor 1, so that `rolo list | head` still ends at once.
func stderr() io.Writer {
	syscall.ForkLock.RLock()
	fd, err := syscall.Dup(2)
	if err == nil {
		syscall.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return os.Stderr
	}
	return os.NewFile(uintptr(fd), "/dev/stderr")
}
