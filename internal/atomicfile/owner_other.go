//go:build !unix

package atomicfile

import "os"

// keepOwner: files have no Unix owner and group to keep.
func keepOwner(f *os.File, fi os.FileInfo) bool { return true }
