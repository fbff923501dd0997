//go:build !unix

package sqlite

import "os"

// dirWritable reports whether a file can be created in dir; without
// access(2), SQLite finds out.
func dirWritable(dir string) bool { return true }

// fileSizeLimit is none: there is no RLIMIT_FSIZE here.
func fileSizeLimit() (int64, bool) { return 0, false }

// dirWriteError is nil: without access(2), SQLite finds out.
func dirWriteError(dir string) error { return nil }

// fileWritable reports whether path opens for writing. Without access(2)
// the file is opened and closed (Windows locks are not POSIX locks).
func fileWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err == nil {
		f.Close()
	}
	return err
}

// fileReadable reports whether path opens for reading.
func fileReadable(path string) error {
	f, err := os.Open(path)
	if err == nil {
		f.Close()
	}
	return err
}

// fileOwner is "": the owner's name is not at hand here.
func fileOwner(fi os.FileInfo) string { return "" }

// othersFile is "": the owner is not at hand here.
func othersFile(fi os.FileInfo) string { return "" }

// currentLogin is "", as fileOwner.
func currentLogin() string { return "" }
