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
	"syscall"

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
// is followed: the file it points to is replaced, the link stays. A file
// the user may not write is refused, as the shell's > would refuse it,
// although renaming over it would succeed. Failing to write is exit 1.
func Create(path string) (*File, error) {
	target := path
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if t, err := filepath.EvalSymlinks(path); err == nil {
			target = t
		}
	}
	if fi, err := os.Stat(target); err == nil && !fi.Mode().IsRegular() {
		return nil, contact.Errorf(contact.EINVALID, "%s: is not a regular file", path)
	} else if err == nil && syscall.Access(target, 2 /* W_OK */) != nil {
		return nil, contact.Errorf(contact.EINTERNAL, "%s: cannot write here: permission denied; the file was left as it was", path)
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, contact.Errorf(contact.EINTERNAL, "%s: cannot write here: %v", path, unwrapPath(err))
	}
	if fi, err := os.Stat(target); err == nil {
		tmp.Chmod(fi.Mode().Perm())
	}
	return &File{File: tmp, path: path, target: target}, nil
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
		err = os.Rename(tmp, f.target)
	}
	if err != nil {
		os.Remove(tmp)
		return contact.Errorf(contact.EINTERNAL, "%s: %v; the file was left as it was", f.path, unwrapPath(err))
	}
	if d, err := os.Open(filepath.Dir(f.target)); err == nil {
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

func unwrapPath(err error) error {
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
