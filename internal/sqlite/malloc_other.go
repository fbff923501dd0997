//go:build !linux || !cgo

package sqlite

// keepFreedMemory does nothing where the C library is not glibc's: see
// malloc_linux.go.
func keepFreedMemory() {}
