//go:build !unix

package sqlite

// dirWritable reports whether a file can be created in dir; without
// access(2), SQLite finds out.
func dirWritable(dir string) bool { return true }
