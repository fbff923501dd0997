// Package atomicfile writes files that readers see either as they were or
// whole, never half-written: the data goes to a temporary file in the same
// directory, which is synced to disk and renamed over the target only when
// everything was written. A cron job's export or an import's error file is
// therefore never left truncated, whatever happens to the process.
package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rolo-cli/rolo/internal/contact"
)

// File is a file being written; Commit puts it in place, Abort drops it.
type File struct {
	*os.File
	path   string // as given
	target string // path with symbolic links followed: what is replaced
	done   bool
}

// Create starts writing path. A new file gets mode 0600 (contacts are
// personal data); a file that is replaced keeps its mode. A symbolic link
// is followed, a dangling one too: the file it points to is written, the
// link stays. A file the user may not write is refused, as the shell's >
// would refuse it, although renaming over it would succeed. The system
// refusing is exit 4 (permission denied), as for a read-only database;
// any other failure to write is exit 1. database names the database,
// which, with its -wal, -shm and -journal files, is never replaced.
func Create(path, database string) (*File, error) {
	target, err := Target(path, database)
	if err != nil {
		return nil, err
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, writeError(path, err)
	}
	if fi, err := os.Stat(target); err == nil {
		tmp.Chmod(fi.Mode().Perm())
	}
	return &File{File: tmp, path: path, target: target}, nil
}

// Target is the file that writing path replaces: path with its symbolic
// links followed. It refuses what is not a regular file (a directory, a
// device such as /dev/full, a pipe), which renaming over would replace,
// and a file the user may not write, and the database (see Create).
func Target(path, database string) (string, error) {
	target := LinkTarget(path)
	if isDatabase(target, database) {
		return "", contact.Errorf(contact.EINVALID, "%s: is the database itself; nothing was written", path)
	}
	if fi, err := os.Stat(target); err == nil && !fi.Mode().IsRegular() {
		return "", contact.Errorf(contact.EINVALID, "%s: is not a regular file", path)
	} else if err == nil {
		// Opened for writing without truncating: whether the user may.
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return "", writeError(path, err)
		}
		f.Close()
	}
	return target, nil
}

// isDatabase reports whether target is the database or one of the files
// SQLite keeps beside it, by name or, through links, by identity.
func isDatabase(target, database string) bool {
	if database == "" {
		return false
	}
	db := LinkTarget(database)
	ti, terr := os.Stat(target)
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if sameName(target, db+suffix) {
			return true
		}
		if di, err := os.Stat(db + suffix); err == nil && terr == nil && os.SameFile(ti, di) {
			return true
		}
	}
	return false
}

func sameName(a, b string) bool {
	a, aerr := filepath.Abs(a)
	b, berr := filepath.Abs(b)
	return aerr == nil && berr == nil && a == b
}

// LinkTarget follows path's symbolic links, to a file that need not exist
// yet; path itself when it is no link.
func LinkTarget(path string) string {
	for range 40 { // as the kernel, give up on a loop
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return path
		}
		to, err := os.Readlink(path)
		if err != nil {
			return path
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		path = to
	}
	return path
}

func writeError(path string, err error) error {
	code := contact.EINTERNAL
	if errors.Is(err, fs.ErrPermission) {
		code = contact.EPERM
	}
	return contact.Errorf(code, "%s: cannot write here: %v; nothing was written", path, UnwrapPath(err))
}

// Path is the file's final name, as given.
func (f *File) Path() string { return f.path }

// Commit syncs the data to disk and renames the temporary file over the
// target, then syncs the directory so that the rename survives a crash.
func (f *File) Commit() error {
	if f.done {
		return nil
	}
	f.done = true
	tmp := f.File.Name()
	err := f.File.Sync()
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = rename(tmp, f.target)
	}
	if err != nil {
		os.Remove(tmp)
		return contact.Errorf(contact.EINTERNAL, "%s: %v; the file was left as it was", f.path, UnwrapPath(err))
	}
	return nil
}

// Install puts tmp, a file written whole beside target by another writer
// (SQLite writes a backup through its own handle), in place of target as
// Commit does: it syncs tmp to disk, renames it over target and syncs the
// directory. On an error target is as it was and tmp is the caller's to
// remove; the error is the system's, for the caller to word.
func Install(tmp, target string) error {
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return rename(tmp, target)
}

// rename renames tmp over target, then syncs the directory so that the
// rename survives a crash.
func rename(tmp, target string) error {
	if err := os.Rename(tmp, target); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(target)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Abort removes the temporary file and leaves the target as it was. It
// does nothing after Commit, so it can be deferred.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.File.Name())
}

// UnwrapPath is the system's reason in err ("permission denied"), without
// the operation and path that a message names in its own words.
func UnwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
