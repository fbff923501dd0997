//go:build !unix

package atomicfile

import (
	"errors"
	"os"
)

// dupDescriptor: descriptor names such as /dev/stdout are Unix's.
func dupDescriptor(fd int, name string) (*os.File, error) {
	return nil, &os.PathError{Op: "dup", Path: name, Err: errors.ErrUnsupported}
}

func writable(f *os.File) bool { return true }

// dirWritable: without access(2), creating the file will tell.
func dirWritable(dir string) error { return nil }
