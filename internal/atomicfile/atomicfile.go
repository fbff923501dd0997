// Package atomicfile writes files that readers see either as they were or
// whole, never half-written: the data goes to a temporary file in the same
// directory, which is synced to disk and renamed over the target only when
// everything was written. A cron job's export or an import's error file is
// therefore never left truncated, whatever happens to the process.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/rolo-cli/rolo/internal/contact"
)

// File is a file being written; Commit puts it in place, Abort drops it.
type File struct {
	*os.File
	path     string // as given
	target   string // path with symbolic links followed: what is replaced
	direct   bool   // written in place: a descriptor, a pipe, a device
	done     bool
	holds    string // what it holds (see Holds)
	database bool   // a SQLite database (see Database)
}

// Holds says what the file holds, for the message that asks the user to
// remove its temporary file when a failed Commit cannot (see RemoveTemp);
// rolo's files hold contacts, which is what it says unless told.
func (f *File) Holds(what string) { f.holds = what }

// Database says that the file is a SQLite database that replaces one:
// Commit removes the old database's journal files (see dropJournals) once
// the new file is synced, just before the rename.
func (f *File) Database() { f.database = true }

// Create starts writing path. A new file gets mode 0600 (contacts are
// personal data); a file that is replaced keeps its mode, owner and group
// (see keptMode). A symbolic link is followed, a dangling one too: the
// file it points to is written, the link stays. A file the user may not
// write is refused, as the shell's > would refuse it, although renaming
// over it would succeed. The system refusing is exit 4 (permission
// denied), as for a read-only database; any other failure to write is
// exit 1. database names the database, which, with its -wal, -shm and
// -journal files, is never replaced.
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
	Hold(tmp.Name())
	if fi, err := os.Stat(target); err == nil {
		tmp.Chmod(keptMode(tmp, fi))
	}
	return &File{File: tmp, path: path, target: target}, nil
}

// keptMode gives tmp the owner and group of the file fi describes, which
// it replaces, as far as the user may (see keepOwner), and returns the
// mode it is to have: the file's. Where the file's group cannot be kept,
// the writer's group gets no more than others had: a file shared with
// one group is not opened to another.
func keptMode(tmp *os.File, fi os.FileInfo) fs.FileMode {
	perm := fi.Mode().Perm()
	if !keepOwner(tmp, fi) {
		group, others := perm&0o070, perm&0o007
		perm = perm&^0o070 | group&(others<<3)
	}
	return perm
}

// Output starts writing path as Create does, except where path is no file
// to replace: one of the process's descriptors (/dev/stdout, /dev/stderr,
// /dev/fd/N, /proc/self/fd/N, directly or through a link) is written as
// the descriptor it is, as `--out -` writes standard output, and a pipe,
// a device or a socket is opened and written, as the shell's > would. Such
// a File is Direct: what was written stays written whatever happens next,
// and Commit only closes it. Renaming over the file behind a descriptor
// would wipe a log the shell opened with >> and lose whatever the rest of
// a script writes to it.
func Output(path, database string) (*File, error) {
	target, fd, err := outputTarget(path, database)
	if err != nil {
		return nil, err
	}
	var f *os.File
	switch {
	case fd >= 0:
		f, err = dupDescriptor(fd, path)
	case target != "":
		return Create(path, database)
	default:
		// Without O_CREATE or O_TRUNC: a device or a pipe as it is.
		f, err = os.OpenFile(path, os.O_WRONLY, 0)
	}
	if err != nil {
		return nil, writeError(path, err)
	}
	return &File{File: f, path: path, direct: true}, nil
}

// CheckOutput refuses what Output would, without writing anything, for a
// command to refuse it before it does its work.
func CheckOutput(path, database string) error {
	_, _, err := outputTarget(path, database)
	return err
}

// CheckCreate refuses what Output would, creating nothing: what
// CheckOutput refuses, and a file in a directory that is not there or that
// the user may not write, where Create could not make its temporary file.
// The error is the one Output would return. For a command that writes no
// file (a dry run) to say whether it could.
func CheckCreate(path, database string) error {
	target, fd, err := outputTarget(path, database)
	if err != nil || fd >= 0 || target == "" {
		return err
	}
	dir := filepath.Dir(target)
	fi, err := os.Stat(dir)
	if err == nil && !fi.IsDir() {
		err = &fs.PathError{Op: "stat", Path: dir, Err: syscall.ENOTDIR}
	}
	if err == nil {
		err = dirWritable(dir)
	}
	if err != nil {
		return writeError(path, err)
	}
	return nil
}

// outputTarget is Target for Output: the descriptor path names (fd), or
// "" and fd -1 for a file that is not a regular file nor a directory,
// which is written in place.
func outputTarget(path, database string) (target string, fd int, err error) {
	if fd, ok := Descriptor(path); ok {
		return "", fd, checkDescriptor(path, fd, database)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode()&fs.ModeSocket != 0 {
		// open(2) cannot open one.
		return "", -1, contact.Errorf(contact.EINVALID, "%s: is a socket; nothing was written", contact.PathText(path))
	} else if err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		return "", -1, nil
	}
	target, err = Target(path, database)
	return target, -1, err
}

// Descriptor reports whether path names one of the process's open file
// descriptors, and which: /dev/stdin, /dev/stdout, /dev/stderr, /dev/fd/N,
// /proc/self/fd/N or /proc/PID/fd/N of this process, itself or through
// symbolic links. Following the link such a name is would reach the file
// the descriptor has open (or a pipe:[N] that is nowhere), not the
// descriptor.
func Descriptor(path string) (int, bool) {
	for range 40 {
		if fd, ok := descriptorName(path); ok {
			return fd, true
		}
		to, ok := followLink(path)
		if !ok {
			return 0, false
		}
		path = to
	}
	return 0, false
}

func descriptorName(path string) (int, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, false
	}
	switch filepath.ToSlash(abs) {
	case "/dev/stdin":
		return 0, true
	case "/dev/stdout":
		return 1, true
	case "/dev/stderr":
		return 2, true
	}
	dir, name := filepath.Split(filepath.ToSlash(abs))
	fd, err := strconv.Atoi(name)
	if err != nil || fd < 0 || strconv.Itoa(fd) != name {
		return 0, false
	}
	pid := "/proc/" + strconv.Itoa(os.Getpid()) + "/"
	switch dir {
	case "/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/", pid + "fd/":
		return fd, true
	}
	// /proc/thread-self/fd/ with its links followed: the descriptors of
	// one of this process's threads, which they share.
	if task, ok := strings.CutPrefix(dir, pid+"task/"); ok {
		tid, ok := strings.CutSuffix(task, "/fd/")
		if n, err := strconv.Atoi(tid); ok && err == nil && n > 0 && strconv.Itoa(n) == tid {
			return fd, true
		}
	}
	return 0, false
}

// checkDescriptor refuses a descriptor that is not open, or not for
// writing (/dev/stdin from a file), or that has a directory or the
// database open (`>> rolo.db` would append to it).
func checkDescriptor(path string, fd int, database string) error {
	f, err := dupDescriptor(fd, path)
	if err != nil {
		return writeError(path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return writeError(path, err)
	case fi.IsDir():
		return contact.Errorf(contact.EINVALID, "%s: is a directory; nothing was written", contact.PathText(path))
	case !writable(f):
		return contact.Errorf(contact.EINVALID, "%s: is open for reading only; nothing was written", contact.PathText(path))
	}
	if database != "" {
		db := LinkTarget(database)
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			if isFile(fi, db+suffix) {
				return contact.Errorf(contact.EINVALID, "%s: is the database itself; nothing was written", contact.PathText(path))
			}
		}
	}
	return nil
}

// Target is the file that writing path replaces: path with its symbolic
// links followed. It refuses what is not a regular file (a directory, a
// device such as /dev/full, a pipe, a descriptor such as /dev/stdout),
// which renaming over would replace, and a file the user may not write,
// and the database (see Create), and a link that loops, as the system
// refuses it (too many levels of symbolic links).
func Target(path, database string) (string, error) {
	if _, ok := Descriptor(path); ok {
		return "", contact.Errorf(contact.EINVALID, "%s: is not a regular file", contact.PathText(path))
	}
	if Loops(path) {
		// Renaming over it would replace the link, where > fails.
		return "", writeError(path, syscall.ELOOP)
	}
	target := LinkTarget(path)
	if isDatabase(target, database) {
		return "", contact.Errorf(contact.EINVALID, "%s: is the database itself; nothing was written", contact.PathText(path))
	}
	if fi, err := os.Stat(target); err == nil && !fi.Mode().IsRegular() {
		return "", contact.Errorf(contact.EINVALID, "%s: is not a regular file", contact.PathText(path))
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
		if terr == nil && isFile(ti, db+suffix) {
			return true
		}
	}
	return false
}

// isFile reports whether fi is the file at path.
func isFile(fi os.FileInfo, path string) bool {
	pi, err := os.Stat(path)
	return err == nil && os.SameFile(fi, pi)
}

func sameName(a, b string) bool {
	a, aerr := filepath.Abs(a)
	b, berr := filepath.Abs(b)
	return aerr == nil && berr == nil && a == b
}

// Loops reports whether path is a symbolic link that leads to no file
// however far it is followed (a link to itself, a -> b -> a): where
// LinkTarget gives up, as the system does (too many levels of symbolic
// links).
func Loops(path string) bool {
	fi, err := os.Lstat(LinkTarget(path))
	return err == nil && fi.Mode()&fs.ModeSymlink != 0
}

// LinkTarget follows path's symbolic links, to a file that need not exist
// yet; path itself when it is no link.
func LinkTarget(path string) string {
	for range 40 { // as the kernel, give up on a loop
		to, ok := followLink(path)
		if !ok {
			return path
		}
		path = to
	}
	return path
}

// followLink is the file the symbolic link path points to, as the kernel
// finds it, with the directory it is in resolved (see realDir); false when
// path is no link.
func followLink(path string) (string, bool) {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return "", false
	}
	to, err := os.Readlink(path)
	if err != nil {
		return "", false
	}
	if !filepath.IsAbs(to) {
		// From the directory the link is in, as written: path's own
		// name may reach it through links (a/../link).
		dir, _ := splitRaw(path)
		to = dir + to
	}
	return realDir(to), true
}

// realDir is path with the directory it names resolved as the kernel
// resolves it, its last element as it is (a link, or a file not there
// yet). Cleaning the name as text would be wrong: where a/ is a link to
// real/sub, a/../out.csv is real/out.csv, not out.csv. Directories that
// are not there yet (to be created) are kept as written, after the part
// that is.
func realDir(path string) string {
	dir, base := splitRaw(path)
	var rest []string
	for dir != "" {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(append(append([]string{real}, rest...), base)...)
		}
		var last string
		dir, last = splitRaw(strings.TrimRight(dir, string(filepath.Separator)))
		if last == "" {
			break
		}
		rest = append([]string{last}, rest...)
	}
	return filepath.Clean(path)
}

// splitRaw splits path after its last separator, as filepath.Split does,
// without cleaning the directory, whose .. elements the kernel reads
// after the links before them.
func splitRaw(path string) (dir, base string) {
	i := strings.LastIndexByte(path, filepath.Separator)
	return path[:i+1], path[i+1:]
}

// Refused reports whether err is the system refusing a file: permission
// denied (the file's or its directory's mode) or a read-only file system.
// Writing or creating such a file is exit 4, as a change to a read-only
// database is; any other failure (a full disk, a directory that is not
// there) is exit 1 (WriteCode).
func Refused(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// WriteCode is the error code of a failure to write or create a file:
// EPERM when the system refuses it (Refused), else EINTERNAL.
func WriteCode(err error) string {
	if Refused(err) {
		return contact.EPERM
	}
	return contact.EINTERNAL
}

func writeError(path string, err error) error {
	e := contact.Errorf(WriteCode(err), "%s: cannot write here: %v; nothing was written", contact.PathText(path), UnwrapPath(err))
	e.Err = UnwrapPath(err)
	return e
}

// Path is the file's final name, as given.
func (f *File) Path() string { return f.path }

// Direct reports whether the file is written in place (see Output): what
// was written is there, even if the command then fails.
func (f *File) Direct() bool { return f.direct }

// Commit syncs the data to disk and renames the temporary file over the
// target, then syncs the directory so that the rename survives a crash.
// A Direct file is closed.
func (f *File) Commit() error {
	if f.done {
		return nil
	}
	f.done = true
	if f.direct {
		if err := f.File.Close(); err != nil {
			return contact.Errorf(contact.EINTERNAL, "%s: %v", contact.PathText(f.path), UnwrapPath(err))
		}
		return nil
	}
	tmp := f.File.Name()
	err := f.File.Sync()
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		if f.database {
			dropJournals(f.target)
		}
		err = rename(tmp, f.target)
	}
	if err != nil {
		// A directory made read-only since the file was created refuses
		// the rename (exit 4, as for Create), and the removal too.
		holds := f.holds
		if holds == "" {
			holds = Contacts
		}
		left := RemoveTemp(holds, tmp)
		return contact.Errorf(WriteCode(err), "%s: %v; the file was left as it was%s", contact.PathText(f.path), UnwrapPath(err), left)
	}
	Release(tmp)
	return nil
}

// Contacts is what most of rolo's files hold (see RemoveTemp).
const Contacts = "a copy of the contacts"

// RemoveTemp removes names, the temporary files of a write that failed
// (a File's, a backup's copy and its journal), and forgets them (Release).
// When one cannot be removed (its directory was made read-only meanwhile)
// it returns what the failure's message adds: which files are left, and
// that they are the user's to remove, as they hold what holds says (the
// user's contacts, hidden by a leading dot where no one looks); else "".
func RemoveTemp(holds string, names ...string) string {
	var left []string
	var why error
	for _, n := range names {
		if err := os.Remove(n); err != nil && !errors.Is(err, fs.ErrNotExist) {
			left = append(left, contact.PathText(n))
			if why == nil {
				why = UnwrapPath(err)
			}
		}
		Release(n)
	}
	switch len(left) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("; the temporary file %s could not be removed (%v): remove it, it holds %s", left[0], why, holds)
	}
	return fmt.Sprintf("; the temporary files %s could not be removed (%v): remove them, they hold %s", strings.Join(left, " and "), why, holds)
}

// InstallDatabase puts tmp, a SQLite database written whole beside target
// by another writer (SQLite writes a backup through its own handle), in
// place of the database target as Commit does for a Database file: it
// gives tmp target's owner and group (its mode is the caller's), syncs it
// to disk, removes target's journal files (see dropJournals), renames tmp
// over target and syncs the directory. On an error target is as it was
// and tmp is the caller's to remove; the error is the system's, for the
// caller to word.
func InstallDatabase(tmp, target string) error {
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(target); err == nil {
		keepOwner(f, fi)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	dropJournals(target)
	return rename(tmp, target)
}

// dropJournals removes the -journal, -wal and -shm files beside the
// database target, which belong to the contents about to be replaced:
// left there, SQLite would replay them onto the new file, which would then
// read as the old rows or as damaged. It is called once the new file is
// synced, just before the rename, so that a failure before leaves them
// with the file they belong to. A process that has the old file open
// keeps its own (now unlinked) copies and goes on with the old contents.
func dropJournals(target string) {
	for _, suffix := range []string{"-journal", "-wal", "-shm"} {
		os.Remove(target + suffix)
	}
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
	if !f.direct {
		os.Remove(f.File.Name())
		Release(f.File.Name())
	}
}

// held are the temporary files being written, which RemoveHeld removes.
var held struct {
	sync.Mutex
	names map[string]bool
}

// Hold records name, a temporary file being written (a File's, a backup's
// copy and the journal SQLite keeps beside it), for RemoveHeld.
func Hold(names ...string) {
	held.Lock()
	defer held.Unlock()
	if held.names == nil {
		held.names = map[string]bool{}
	}
	for _, n := range names {
		held.names[n] = true
	}
}

// Release forgets names: renamed into place or removed.
func Release(names ...string) {
	held.Lock()
	defer held.Unlock()
	for _, n := range names {
		delete(held.names, n)
	}
}

// RemoveHeld removes every temporary file held, for a process that ends
// without its command returning: one interrupted while it waits on a pipe
// or a device, where nothing can cancel the wait. The targets are left as
// they were.
func RemoveHeld() {
	held.Lock()
	defer held.Unlock()
	for n := range held.names {
		os.Remove(n)
		delete(held.names, n)
	}
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
