package reliability

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// The hostile conditions a test script cannot set up: they need another
// user, a small file system or a device.

// fingerprint is what a command must leave unchanged: the bytes of a full
// JSON export and the number of change-log rows.
func fingerprint(t *testing.T, environ []string) string {
	t.Helper()
	r := rolo(context.Background(), t, environ, "", "-q", "export", "--format", "json")
	if r.code != 0 {
		t.Fatal(r)
	}
	sum := sha256.Sum256([]byte(r.stdout))
	return fmt.Sprintf("%x (%d bytes)", sum[:8], len(r.stdout))
}

// seeded makes a database of n contacts at path with the store itself.
func seeded(t *testing.T, path string, n int) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, sqlite.Options{Actor: "alice", Region: "US"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cs []*contact.Contact
	for i := 0; i < n; i++ {
		cs = append(cs, &contact.Contact{FirstName: "Seed", LastName: fmt.Sprintf("S%04d", i),
			Emails: []contact.Email{{Address: fmt.Sprintf("seed%d@example.com", i)}},
			Notes:  []contact.Note{{Text: strings.Repeat("a note worth keeping ", 20)}}})
	}
	if err := db.ImportContacts(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
}

// unprivileged runs rolo with environ, its home in dir, as the user
// running the tests or, when that is root (which writes to read-only files
// anyway), as the unprivileged user nobody, which is how a real user meets
// a read-only file. As root, dir and what is in it are given to nobody.
func unprivileged(t *testing.T, environ []string, dir string) func(args ...string) result {
	roloBinary(t)
	if os.Geteuid() == 0 {
		// nobody must be able to reach the binary, and own its files.
		os.Chmod(workDir, 0o755)
		filepath.Walk(dir, func(path string, _ os.FileInfo, err error) error {
			if err == nil {
				err = os.Lchown(path, 65534, 65534)
			}
			return err
		})
	}
	return func(args ...string) result {
		cmd := exec.Command(roloBinary(t), args...)
		cmd.Env = append(environ[:len(environ):len(environ)], "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_DATA_HOME="+filepath.Join(dir, "data"))
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		return runResult(t, cmd, args, "an unprivileged user")
	}
}

// runResult runs cmd (rolo with args) and returns what it printed and its
// exit code; a command that cannot start as who skips the test.
func runResult(t *testing.T, cmd *exec.Cmd, args []string, who string) result {
	t.Helper()
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{args: args, stdout: stdout.String(), stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Skipf("cannot run rolo as %s: %v", who, err)
	}
	return r
}

// sharedDir is a new directory that another user can reach and write.
func sharedDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "rolo-readonly-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o777)
	return dir
}

// besides lists the files in dir other than the database and the
// user's home.
func besides(dir string) []string {
	var out []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if n := e.Name(); n != "rolo.db" && n != "backup.db" && n != "config" && n != "data" {
			out = append(out, n)
		}
	}
	return out
}

// dryRunWrites is what import --dry-run says after what refused its write.
const dryRunWrites = "import --dry-run writes too: it imports in a transaction that it then rolls back, which is how it finds the duplicates within the input; to try the import, copy the database where you may write and give the copy to --db"

// TestReadOnlyDatabase is a user whose database file is read-only (chmod
// 0444): reading works and leaves no file beside it, every change is
// refused with exit 4, and the file is unchanged; made writable again, it
// takes changes.
func TestReadOnlyDatabase(t *testing.T) {
	dir := sharedDir(t)
	db := filepath.Join(dir, "rolo.db")
	seeded(t, db, 20)
	environ := env(t, db)
	before := fingerprint(t, environ)
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}

	run := unprivileged(t, environ, dir)
	if r := run("list", "--columns", "first"); r.code != 0 || strings.Count(r.stdout, "Seed") != 20 {
		t.Fatalf("list on a read-only database: %s\n%s", r, r.stdout)
	}
	for _, args := range [][]string{{"show", "1"}, {"doctor"}, {"backup", filepath.Join(dir, "backup.db")}} {
		if r := run(args...); r.code != 0 {
			t.Errorf("%s: want exit 0", r)
		}
	}
	// SQLite would leave -wal and -shm files with the file's mode (0444)
	// that fail every write once the file is writable again.
	if left := besides(dir); len(left) > 0 {
		t.Errorf("reading a read-only database left %v beside it", left)
	}
	for _, args := range [][]string{
		{"add", "--first", "Grace"},
		{"edit", "1", "--set", "company=Acme"},
		{"--yes", "tag", "--where", "seed", "--add", "x"},
		{"note", "1", "a note"},
		{"--yes", "delete", "1"},
	} {
		r := run(args...)
		if r.code != 4 || !strings.Contains(r.stderr, "read-only") || strings.Contains(r.stderr, "panic") {
			t.Errorf("%s: want exit 4 and a read-only message", r)
		}
	}
	// A dry run writes too, in a transaction it rolls back: refused as a
	// change is, saying so.
	in := filepath.Join(dir, "in.csv")
	os.WriteFile(in, []byte("first,email\nGrace,grace@example.com\n"), 0o644)
	want := "rolo: database " + db + ": the file is read-only, and " + dryRunWrites + "\n"
	if r := run("import", "--dry-run", in); r.code != 4 || r.stderr != want {
		t.Errorf("%s\nwant exit 4 and\n%s", r, want)
	}
	if after := fingerprint(t, environ); after != before {
		t.Errorf("the read-only database changed: %s, was %s", after, before)
	}
	os.Chmod(db, 0o600)
	if r := run("add", "--first", "Grace"); r.code != 0 {
		t.Errorf("%s: the database is writable again, want exit 0", r)
	}
}

// TestReadOnlyOlderSchema is a read-only database file written by an
// older rolo, whose schema this one must upgrade before it reads it: every
// command is refused with exit 4, saying so, rather than failing on the
// write of the upgrade, and the file is unchanged; made writable, it is
// upgraded and read.
func TestReadOnlyOlderSchema(t *testing.T) {
	dir := sharedDir(t)
	db := filepath.Join(dir, "rolo.db")
	seeded(t, db, 3)
	asOlderRolo(t, db)
	before, _ := os.ReadFile(db)
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	run := unprivileged(t, env(t, db), dir)
	for _, args := range [][]string{{"list"}, {"export", "--format", "csv"}, {"add", "--first", "Grace"}, {"doctor", "--repair"}} {
		r := run(args...)
		if r.code != 4 || !strings.Contains(r.stderr, "is read-only, and this rolo must first upgrade it (schema version") || r.stdout != "" {
			t.Errorf("%s: want exit 4 saying the read-only file needs an upgrade", r)
		}
	}
	if r := run("doctor"); r.code != 0 || !strings.Contains(r.stdout, db+" is read-only, and rolo reads it once it is upgraded; until then no command but backup and doctor reads it") {
		t.Errorf("%s: want doctor to say the read-only file needs an upgrade\n%s", r, r.stdout)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the read-only database changed")
	}
	os.Chmod(db, 0o600)
	if r := run("list", "--columns", "first"); r.code != 0 || strings.Count(r.stdout, "Seed") != 3 {
		t.Errorf("%s: writable again, want the upgrade and the list", r)
	}
}

// olderSchema is the schema version asOlderRolo leaves a database at.
const olderSchema = 20

// asOlderRolo makes the database at db as a rolo of schema version 20
// (olderSchema) left it, without the index that version 21 adds, so that
// the upgrade writes, as every real one does. It returns the version of
// this rolo, which the upgrade goes to.
func asOlderRolo(t *testing.T, db string) (want int) {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	err = raw.QueryRow(`SELECT max(version) FROM schema_migrations`).Scan(&want)
	if err == nil {
		_, err = raw.Exec(`DROP INDEX contacts_uid_capitals; DELETE FROM schema_migrations WHERE version > 20`)
	}
	if err != nil {
		t.Fatal(err)
	}
	return want
}

// keepWal leaves a -wal file beside the database at db, holding a
// change, with its -shm file: as they are while another process has the
// database open.
func keepWal(t *testing.T, db string) {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	for _, stmt := range []string{`PRAGMA wal_autocheckpoint = 0`, `CREATE TABLE kept (x)`, `DROP TABLE kept`} {
		if _, err := raw.Exec(stmt); err != nil {
			raw.Close()
			t.Fatal(err)
		}
	}
	sides := map[string][]byte{}
	for _, side := range []string{"-wal", "-shm"} {
		if sides[side], err = os.ReadFile(db + side); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	for side, b := range sides {
		if err := os.WriteFile(db+side, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestStrayReadOnlyFiles is a database whose -wal and -shm files were
// left read-only (by a read of the file while it was read-only: an older
// rolo, the sqlite3 shell): reads work; a change is refused with exit 4,
// naming them and how to fix it, not calling the writable file read-only;
// doctor names them too and exits 1 without advising a restore.
func TestStrayReadOnlyFiles(t *testing.T) {
	dir := sharedDir(t)
	db := filepath.Join(dir, "rolo.db")
	seeded(t, db, 5)
	environ := env(t, db)
	run := unprivileged(t, environ, dir)
	// As SQLite leaves them: a read-only connection to the read-only file
	// creates them with its mode (and, as root, its owner) and cannot
	// remove them.
	os.Chmod(db, 0o400)
	raw, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM contacts`).Scan(&n); err != nil || n != 5 {
		t.Fatalf("reading the read-only file: %d contacts, %v", n, err)
	}
	raw.Close()
	os.Chmod(db, 0o600)
	if left := besides(dir); len(left) != 2 {
		t.Fatalf("want the -wal and -shm files, have %v", left)
	}
	r := run("add", "--first", "Grace")
	if want := "rolo: database: " + db + "-wal and " + db + "-shm are read-only although " + db + " is not, so no change can be written; make them writable: chmod u+w " + db + "-wal " + db + "-shm\n"; r.code != 4 || r.stderr != want {
		t.Errorf("%s\nwant exit 4 and\n%s", r, want)
	}
	r = run("doctor")
	if r.code != 1 || !strings.Contains(r.stdout, "permissions\terror\t"+db+"-wal and "+db+"-shm are read-only") ||
		!strings.HasSuffix(r.stderr, "change the permissions as the permissions check says, then run rolo doctor again\n") {
		t.Errorf("%s\n%s\nwant a permissions error naming the files", r, r.stdout)
	}
	if r := run("list", "--columns", "first"); r.code != 0 || strings.Count(r.stdout, "Seed") != 5 {
		t.Errorf("%s: want the 5 contacts", r)
	}
	if os.Geteuid() == 0 {
		// Another user's (root's, left by a rolo of root's that was
		// killed), which the user may not chmod: only root can give
		// them to the user.
		for _, side := range []string{db + "-wal", db + "-shm"} {
			os.Chown(side, 0, 0)
			os.Chmod(side, 0o644)
		}
		want := "rolo: database: " + db + "-wal and " + db + "-shm are read-only although " + db + " is not, so no change can be written; they are root's, not yours (nobody), so only root can give them to you: chown nobody " + db + "-wal " + db + "-shm\n"
		if r := run("add", "--first", "Grace"); r.code != 4 || r.stderr != want {
			t.Errorf("%s\nwant exit 4 and\n%s", r, want)
		}
		if r := run("doctor"); r.code != 1 || !strings.Contains(r.stdout, "they are root's, not yours (nobody), so only root can give them to you: chown nobody ") {
			t.Errorf("%s\n%s\nwant a permissions error with the chown", r, r.stdout)
		}
		for _, side := range []string{db + "-wal", db + "-shm"} {
			os.Chown(side, 65534, 65534)
		}
	}
	for _, side := range []string{db + "-wal", db + "-shm"} {
		os.Chmod(side, 0o600)
	}
	if r := run("add", "--first", "Grace"); r.code != 0 {
		t.Errorf("%s: with the files writable, want exit 0", r)
	}
}

// apartFromHome is where the directory tests start: a database of 5
// contacts in a directory dir of its own, rolo's environment for it, and
// a home directory beside dir for the files a command writes elsewhere,
// both reachable by nobody (see sharedDir).
func apartFromHome(t *testing.T) (dir, db string, environ []string, home string) {
	top := sharedDir(t)
	dir = filepath.Join(top, "d")
	os.Mkdir(dir, 0o700)
	db = filepath.Join(dir, "rolo.db")
	seeded(t, db, 5)
	home = filepath.Join(top, "home")
	os.Mkdir(home, 0o700)
	return dir, db, env(t, db), home
}

// TestReadOnlyDirectory is a writable database in a directory the user may
// not write, where SQLite cannot create its -wal file: the commands that
// only read work (a cron backup of a database someone else keeps); one
// that writes is refused with exit 4 naming the directory, not the file;
// doctor warns and finds nothing wrong.
func TestReadOnlyDirectory(t *testing.T) {
	dir, db, environ, home := apartFromHome(t)
	run := unprivileged(t, environ, home)
	readOnlyDir(t, dir, db)
	for _, args := range [][]string{
		{"list", "--columns", "first"}, {"show", "1"}, {"search", "seed"},
		{"export", "--format", "json", "--out", filepath.Join(home, "x.json")},
		{"backup", filepath.Join(home, "b.db")},
	} {
		if r := run(args...); r.code != 0 {
			t.Errorf("%s: want exit 0", r)
		}
	}
	want := "rolo: database: cannot create " + db + "-wal: the directory " + dir + " is read-only; rolo needs to write beside the database to change it (commands that only read work)\n"
	if r := run("add", "--first", "Grace"); r.code != 4 || r.stderr != want {
		t.Errorf("%s\nwant exit 4 and\n%s", r, want)
	}
	in := filepath.Join(home, "in.csv")
	os.WriteFile(in, []byte("first,email\nGrace,grace@example.com\n"), 0o644)
	want = "rolo: database " + db + ": the directory " + dir + " is read-only, and " + dryRunWrites + "\n"
	if r := run("import", "--dry-run", in); r.code != 4 || r.stderr != want {
		t.Errorf("%s\nwant exit 4 and\n%s", r, want)
	}
	r := run("doctor")
	if r.code != 0 || !strings.Contains(r.stdout, "permissions\twarning\tcannot create "+db+"-wal: the directory "+dir+" is read-only") ||
		!strings.Contains(r.stdout, "integrity\tok") || !strings.Contains(r.stdout, "phone index\tskipped\tthe directory is read-only") {
		t.Errorf("%s\n%s\nwant a warning naming the directory, no error", r, r.stdout)
	}
	if left := besides(dir); len(left) > 0 {
		t.Errorf("left %v beside the database", left)
	}
}

// readOnlyDir makes dir, holding the database db, one the unprivileged
// user may not write (as root, it gives both to nobody first), for the
// test's length.
func readOnlyDir(t *testing.T, dir, db string) {
	if os.Geteuid() == 0 {
		for _, p := range []string{dir, db} {
			os.Chown(p, 65534, 65534)
		}
	}
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
}

// TestReadOnlyDirectoryOlderSchema is a database written by an older
// rolo in a directory the user may not write: the upgrade this rolo must
// make before it reads the database cannot be written there (SQLite must
// create a -wal file), so every command, those that only read too, is
// refused with exit 4 naming the directory and saying who can make the
// upgrade, not with SQLite's "attempt to write a readonly database" (exit
// 1); doctor says so, not that the commands that only read work or that
// the next command upgrades it, and backup copies it. The file read-only
// too, the refusal names both. A -wal and -shm file there take the
// upgrade, as they take any change.
func TestReadOnlyDirectoryOlderSchema(t *testing.T) {
	dir, db, environ, home := apartFromHome(t)
	latest := asOlderRolo(t, db)
	run := unprivileged(t, environ, home)
	readOnlyDir(t, dir, db)
	before, _ := os.ReadFile(db)
	upgrade := fmt.Sprintf(", and this rolo must first upgrade it (schema version %d to %d)", olderSchema, latest)
	until := "; until then no command but backup and doctor reads it: "
	want := "rolo: database: " + db + " is in the read-only directory " + dir + upgrade + ", which creates " + db + "-wal there" + until +
		"run one rolo command as a user who may write that directory (it is yours: chmod u+w " + dir + " first), or read it with the rolo that wrote it\n"
	for _, args := range [][]string{
		{"list"}, {"show", "1"}, {"export", "--format", "json"},
		{"add", "--first", "Grace"}, {"doctor", "--repair"},
	} {
		if r := run(args...); r.code != 4 || r.stderr != want || r.stdout != "" {
			t.Errorf("%s%s\nwant exit 4 and\n%s", r, r.stdout, want)
		}
	}
	r := run("doctor")
	if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("schema\twarning\tversion %d of %d: %s is in the read-only directory %s, and rolo reads it once it is upgraded, which creates %s-wal there%s", olderSchema, latest, db, dir, db, until)) ||
		strings.Contains(r.stdout, "commands that only read work") || strings.Contains(r.stdout, "upgrades it") {
		t.Errorf("%s\n%s\nwant doctor to say that nothing reads it before the upgrade, which the directory does not allow", r, r.stdout)
	}
	if r := run("backup", filepath.Join(home, "b.db")); r.code != 0 {
		t.Errorf("%s: want exit 0", r)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the database changed")
	}
	if left := besides(dir); len(left) > 0 {
		t.Errorf("left %v beside the database", left)
	}

	os.Chmod(db, 0o444)
	want = "rolo: database: " + db + " is read-only and so is its directory " + dir + upgrade + ", which writes the file and creates " + db + "-wal beside it" + until +
		"run one rolo command as a user who may write both (the directory is yours: chmod u+w " + dir + " first), or read it with the rolo that wrote it\n"
	for _, args := range [][]string{{"list"}, {"add", "--first", "Grace"}, {"doctor", "--repair"}} {
		if r := run(args...); r.code != 4 || r.stderr != want || r.stdout != "" {
			t.Errorf("%s%s\nwant exit 4 and\n%s", r, r.stdout, want)
		}
	}
	if os.Geteuid() == 0 {
		// Another user's directory, which the user may not chmod.
		os.Chown(dir, 0, 0)
		if r := run("list"); r.code != 4 || !strings.Contains(r.stderr, "run one rolo command as a user who may write both (the directory is root's), or read it") {
			t.Errorf("%s\nwant exit 4 naming the directory's owner", r)
		}
		os.Chown(dir, 65534, 65534)
	}

	os.Chmod(dir, 0o700)
	os.Chmod(db, 0o600)
	keepWal(t, db)
	if os.Geteuid() == 0 {
		for _, side := range []string{db + "-wal", db + "-shm"} {
			os.Chown(side, 65534, 65534)
		}
	}
	os.Chmod(dir, 0o555)
	if r := run("list", "--columns", "first"); r.code != 0 || strings.Count(r.stdout, "Seed") != 5 || !strings.Contains(r.stderr, "Upgrading") {
		t.Errorf("%s%s\nwith a -wal file there, want the upgrade and the list", r, r.stdout)
	}
}

// TestReadOnlyDirectoryWal is a database in a directory the user may not
// write, beside a -wal file without a -shm file (a rolo of someone who
// may write there was killed, and its -shm file removed): SQLite reads
// the -wal file only with a -shm file, which it cannot create there, so
// every command is refused, exit 4, saying so and what puts the -wal
// file's changes into the database, not that backup "cannot write in"
// the database's directory or that the file is damaged, and not in
// SQLite's "automatic extension loading failed" words.
func TestReadOnlyDirectoryWal(t *testing.T) {
	dir, db, environ, home := apartFromHome(t)
	walled := filepath.Join(dir, "walled.db")
	walledCopy(t, db, walled)
	run := unprivileged(t, environ, home)
	if os.Geteuid() == 0 {
		for _, p := range []string{dir, walled, walled + "-wal"} {
			os.Chown(p, 65534, 65534)
		}
	}
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	want := "rolo: database " + walled + ": permission denied: SQLite reads " + walled + "-wal (left by a process that did not finish) only with a " + walled +
		"-shm file, which it cannot create in the read-only directory " + dir + "; any rolo command run by a user who may write there puts what the -wal file holds into the database\n"
	for _, args := range [][]string{{"list"}, {"backup", filepath.Join(home, "b.db")}, {"doctor"}, {"add", "--first", "Grace"}} {
		r := run(append([]string{"--db", walled}, args...)...)
		if r.code != 4 || r.stderr != want || r.stdout != "" {
			t.Errorf("%s%s\nwant exit 4 and\n%s", r, r.stdout, want)
		}
	}
	os.Chmod(dir, 0o700)
	if r := run("--db", walled, "list", "--columns", "first"); r.code != 0 || !strings.Contains(r.stdout, "Walter") {
		t.Errorf("%s%s\nwith the directory writable, want the contact in the -wal file", r, r.stdout)
	}
}

// TestCannotCreateDatabase is a new database where the system will not let
// the user create it (a directory they may not write, as /nonexistent, the
// home of a system user running cron): permission denied, exit 4, naming
// the database; for the profile's default database, which the user never
// chose, saying how to keep it elsewhere. Nothing is left behind.
func TestCannotCreateDatabase(t *testing.T) {
	home := sharedDir(t)
	ro, data := filepath.Join(home, "ro"), filepath.Join(home, "data")
	for _, dir := range []string{ro, data} {
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	run := unprivileged(t, env(t, ""), home)
	for _, dir := range []string{ro, data} {
		os.Chmod(dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
	}

	inRO, below := filepath.Join(ro, "x.db"), filepath.Join(ro, "sub", "x.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", inRO, "add", "--first", "Ada"},
			"rolo: database " + inRO + ": cannot create the file: permission denied\n"},
		{[]string{"--db", below, "add", "--first", "Ada"},
			"rolo: database " + below + ": cannot create the directory " + filepath.Join(ro, "sub") + ": permission denied\n"},
		{[]string{"add", "--first", "Ada"},
			"rolo: database " + filepath.Join(data, "rolo", "default.db") + ": cannot create the directory " + filepath.Join(data, "rolo") +
				": permission denied; name a database elsewhere with --db or ROLO_DB, or set database in the profile (rolo config set database PATH)\n"},
	} {
		if r := run(c.args...); r.code != 4 || r.stderr != c.want {
			t.Errorf("%s\nwant exit 4 and\n%s", r, c.want)
		}
	}
	// A command that only reads creates the default database too, and is
	// refused the same way.
	if r := run("list"); r.code != 4 || !strings.Contains(r.stderr, "name a database elsewhere with --db or ROLO_DB") {
		t.Errorf("%s\nwant exit 4 saying how to keep the database elsewhere", r)
	}
	for _, dir := range []string{ro, data} {
		if left, _ := os.ReadDir(dir); len(left) > 0 {
			t.Errorf("refused commands left %v in %s", left, dir)
		}
	}
}

// TestImportErrorsReadOnlyDirectory is an import whose error file goes
// beside an input in a directory the user may not write: permission
// denied, exit 4, saying that nothing was imported, as it is not. A dry
// run with --errors there fails alike, creating nothing.
func TestImportErrorsReadOnlyDirectory(t *testing.T) {
	home := sharedDir(t)
	ro := filepath.Join(home, "ro")
	if err := os.Mkdir(ro, 0o755); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(ro, "in.csv")
	if err := os.WriteFile(in, []byte("first,email\nGood,g@x.example\nBad,bad@\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := unprivileged(t, env(t, filepath.Join(home, "rolo.db")), home)
	os.Chmod(ro, 0o555)
	t.Cleanup(func() { os.Chmod(ro, 0o755) })
	r := run("import", in)
	want := "rolo: cannot write the error file " + filepath.Join(ro, "in.errors.csv") + ": permission denied; nothing was imported\n"
	if r.code != 4 || !strings.HasSuffix(r.stderr, want) {
		t.Errorf("%s\nwant exit 4 ending\n%s", r, want)
	}
	if r := run("import", in, "--dry-run", "--errors", filepath.Join(ro, "in.errors.csv")); r.code != 4 || !strings.HasSuffix(r.stderr, want) {
		t.Errorf("%s\nwant the dry run to exit 4 ending\n%s", r, want)
	}
	if left, _ := os.ReadDir(ro); len(left) != 1 {
		t.Errorf("%s holds %v, want only in.csv", ro, left)
	}
	if r := run("list", "-o", "ids"); r.code != 0 || r.stdout != "" {
		t.Errorf("%s\n%q: want no contact", r, r.stdout)
	}
}

// TestUnreadableDatabase is a database file the user may not read (its
// mode), or one in a directory they may not enter: every command, those
// that read, those that write, doctor, backup and restore-backup, is
// refused as permission denied (exit 4, as a change to a read-only file),
// naming the file and why, without SQLite's "unable to open database
// file".
func TestUnreadableDatabase(t *testing.T) {
	ctx := context.Background()
	dir, db, environ, home := apartFromHome(t)
	backup := filepath.Join(home, "b.db")
	if _, err := sqlite.Backup(ctx, db, backup, "alice"); err != nil {
		t.Fatal(err)
	}
	run := unprivileged(t, environ, home)
	owner := "root"
	if os.Geteuid() != 0 {
		u, err := user.Current()
		if err != nil {
			t.Skip(err)
		}
		owner = u.Username
	}
	commands := [][]string{
		{"list"}, {"show", "1"}, {"add", "--first", "Grace"}, {"doctor"},
		{"backup", filepath.Join(home, "c.db")}, {"--yes", "restore-backup", backup},
	}
	check := func(why string) {
		t.Helper()
		want := "rolo: database " + db + ": permission denied (" + why + ")\n"
		for _, args := range commands {
			if r := run(args...); r.code != 4 || r.stderr != want || r.stdout != "" {
				t.Errorf("%s\n%s\nwant exit 4 and\n%s", r, r.stdout, want)
			}
		}
	}

	os.Chmod(dir, 0o755)
	os.Chmod(db, 0o000)
	t.Cleanup(func() { os.Chmod(db, 0o600) })
	check("the file is 0000, owned by " + owner)
	os.Chmod(db, 0o600)

	os.Chmod(dir, 0o000)
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	check("the directory " + dir + " may not be entered")
	os.Chmod(dir, 0o700)

	// A readable file beside the -wal and -shm files another user's
	// reader left when it was killed (0600, theirs): SQLite must read
	// them with the file, so it is as unreadable, and the message names
	// them with the chmod that makes them readable as the file is.
	os.Chmod(dir, 0o755)
	os.Chmod(db, 0o400)
	raw, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`SELECT count(*) FROM contacts`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	dbMode, sideMode := os.FileMode(0o644), os.FileMode(0o600)
	if os.Geteuid() != 0 {
		dbMode, sideMode = 0o600, 0o000 // the owner's own mode refuses them
	}
	os.Chmod(db, dbMode)
	sides := []string{db + "-wal", db + "-shm"}
	for _, side := range sides {
		if err := os.Chmod(side, sideMode); err != nil {
			t.Fatalf("want the -wal and -shm files: %v", err)
		}
		defer os.Remove(side)
	}
	// The user's own files are chmod-ed; root's (as root, rolo runs as
	// nobody) only root can give to the user.
	fix := fmt.Sprintf(": chmod %04o %[2]s-wal %[2]s-shm", dbMode, db)
	if os.Geteuid() == 0 {
		fix = fmt.Sprintf(", and they are root's, not yours (nobody), so only root can give them to you: chown nobody %[1]s-wal %[1]s-shm", db)
	}
	check(fmt.Sprintf("%[1]s-wal is %04[2]o, owned by %[3]s; %[1]s-shm is %04[2]o, owned by %[3]s; SQLite reads them with the database%[4]s",
		db, sideMode, owner, fix))
	for _, side := range sides {
		os.Chmod(side, dbMode)
	}
	if r := run("list", "--columns", "first"); r.code != 0 {
		t.Errorf("%s: with the -wal and -shm files readable, want exit 0", r)
	}
	for _, side := range sides {
		os.Remove(side)
	}
	os.Chmod(db, 0o600)

	if _, err := os.Stat(filepath.Join(home, "c.db")); err == nil {
		t.Error("a backup of the unreadable database was written")
	}
	if left := besides(dir); len(left) > 0 {
		t.Errorf("left %v beside the database", left)
	}
}

// mountTmpfs mounts a small tmpfs for the test, or skips it when that is
// not possible (not root, no mount permission).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("a full disk needs a small tmpfs, which needs root")
	}
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// fill takes all but keep bytes of the free space of the file system at
// dir, and returns the filler file.
func fill(t *testing.T, dir string, keep int64) string {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * st.Bsize
	filler := filepath.Join(dir, "filler")
	if free > keep {
		if err := os.WriteFile(filler, make([]byte, free-keep), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filler
}

// TestFullDisk runs commands that write on a file system with almost no
// space left: each fails with a clear "disk is full" error (exit 1), no
// panic, the database stays sound and unchanged, no partial or temporary
// file is left, and the same commands work once there is room.
func TestFullDisk(t *testing.T) {
	roloBinary(t)
	dir := mountTmpfs(t, "16m")
	db := filepath.Join(dir, "rolo.db")
	seeded(t, db, 300)
	environ := env(t, db)
	exportFile := filepath.Join(dir, "export.json")
	if r := rolo(context.Background(), t, environ, "", "-q", "export", "--format", "json", "--out", exportFile); r.code != 0 {
		t.Fatal(r)
	}
	oldExport, _ := os.ReadFile(exportFile)
	before := fingerprint(t, environ)

	var csv strings.Builder
	csv.WriteString("first,last,email,notes\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&csv, "Imp,I%d,imp%d@example.com,%s\n", i, i, strings.Repeat("filler text ", 40))
	}
	csvFile := filepath.Join(t.TempDir(), "big.csv")
	os.WriteFile(csvFile, []byte(csv.String()), 0o600)
	note := strings.Repeat("n", contact.MaxNoteLen)
	// A second export, bigger than the first, to the same file.
	if r := rolo(context.Background(), t, environ, "", "-q", "--yes", "edit", "--where", "seed", "--set", "title=a longer export than before"); r.code != 0 {
		t.Fatal(r)
	}
	before = fingerprint(t, environ)

	filler := fill(t, dir, 64<<10)
	// database says a write to the database refused for want of room: the
	// disk is at fault, not the contact the write had reached.
	database := "rolo: database " + db + ": the disk is full; nothing was changed\n"
	cases := []struct {
		stdin string
		args  []string
		want  string // the whole of stderr, when known
	}{
		{"", []string{"import", csvFile}, ""},
		{note, []string{"note", "1", "-"}, ""},
		{"", []string{"--yes", "edit", "--where", "seed", "--set", "company=" + strings.Repeat("c", 4000)}, database},
		{"", []string{"--yes", "tag", "--where", "seed", "--add", strings.Repeat("t", 60)}, database},
		{"", []string{"--yes", "delete", "--where", "seed", "--purge"}, database},
		{"", []string{"add", "--first", "Zed", "--note", strings.Repeat("z", 60000)}, database},
		{"", []string{"export", "--format", "json", "--out", exportFile}, ""},
		{"", []string{"backup", filepath.Join(dir, "backup.db")}, ""},
	}
	for _, c := range cases {
		r := rolo(context.Background(), t, environ, c.stdin, c.args...)
		if r.code != 1 || !strings.Contains(strings.ToLower(r.stderr), "full") && !strings.Contains(r.stderr, "no space left") || strings.Contains(r.stderr, "panic") {
			t.Errorf("%s\nwant exit 1 saying the disk is full", r)
		} else if c.want != "" && r.stderr != c.want {
			t.Errorf("%s\nwant %q", r, c.want)
		}
		t.Logf("rolo %s: exit %d: %s", c.args[0], r.code, strings.TrimSpace(r.stderr))
	}
	if got, _ := os.ReadFile(exportFile); string(got) != string(oldExport) {
		t.Error("the failed export changed the existing export file")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if _, err := os.Stat(filepath.Join(dir, "backup.db")); err == nil {
		left = append(left, "backup.db")
	}
	if len(left) > 0 {
		t.Errorf("files left on the full disk: %v", left)
	}
	if bad := healthy(t, db); len(bad) > 0 {
		t.Errorf("doctor after the full disk: %v", bad)
	}
	os.Remove(filler)
	if after := fingerprint(t, environ); after != before {
		t.Errorf("the database changed: %s, was %s", after, before)
	}
	// With room again, the same commands work.
	for _, c := range cases[:2] {
		if r := rolo(context.Background(), t, environ, c.stdin, append([]string{"-q"}, c.args...)...); r.code != 0 {
			t.Errorf("with room: %s", r)
		}
	}
}

// walledCopy copies the database at db to walled with one contact more,
// Walter, in its -wal file, and no -shm file: as a rolo killed after a
// change leaves it, its -shm file removed.
func walledCopy(t *testing.T, db, walled string) {
	t.Helper()
	store, err := sqlite.Open(context.Background(), db, sqlite.Options{Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.CreateContact(context.Background(), &contact.Contact{FirstName: "Walter"}); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(db + suffix)
		if err == nil {
			err = os.WriteFile(walled+suffix, b, 0o600)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestFullDiskReads is a database on a disk with no room left, where
// SQLite cannot write the -shm file it makes beside a database even to
// read it: the commands that only read work all the same, reading the
// file as it is (a backup and an export to another disk; doctor, which
// finds nothing wrong), unless a -wal file holds changes not yet in the
// file, which SQLite reads only with a -shm file: then every command says
// the disk is full and that nothing can be read until space is freed, not
// that the file is damaged, and not in SQLite's "automatic extension
// loading failed" words. With room again, both read whole.
func TestFullDiskReads(t *testing.T) {
	roloBinary(t)
	dir := mountTmpfs(t, "4m")
	db, walled := filepath.Join(dir, "rolo.db"), filepath.Join(dir, "walled.db")
	seeded(t, db, 20)
	walledCopy(t, db, walled)
	environ := env(t, db)
	elsewhere := t.TempDir()
	filler := fill(t, dir, 0)
	os.WriteFile(filler+"2", make([]byte, 64<<10), 0o600) // what fill's rounding left

	for _, args := range [][]string{
		{"list", "--columns", "first"},
		{"search", "seed"},
		{"export", "--format", "json", "--out", filepath.Join(elsewhere, "x.json")},
		{"backup", filepath.Join(elsewhere, "b.db")},
	} {
		if r := rolo(context.Background(), t, environ, "", args...); r.code != 0 {
			t.Errorf("%s: want exit 0", r)
		}
	}
	if r := rolo(context.Background(), t, environ, "", "doctor"); r.code != 0 || !strings.Contains(r.stdout, "integrity\tok") ||
		!strings.Contains(r.stdout, "phone index\tskipped\tthe disk is full, and this check writes") {
		t.Errorf("%s%s\nwant doctor to find nothing wrong, its write skipped for the full disk", r, r.stdout)
	}
	if r := rolo(context.Background(), t, environ, "", "add", "--first", "Zed"); r.code != 1 || r.stderr != "rolo: database "+db+": the disk is full; nothing was changed\n" {
		t.Errorf("%s: want exit 1, the disk is full", r)
	}

	want := "rolo: database " + walled + ": the disk is full: SQLite has no room for " + walled + "-shm, which it needs to read the database, so nothing can be read until space is freed\n"
	for _, args := range [][]string{{"list"}, {"backup", filepath.Join(elsewhere, "w.db")}, {"doctor"}} {
		r := rolo(context.Background(), t, environ, "", append([]string{"--db", walled}, args...)...)
		if r.code != 1 || r.stderr != want || r.stdout != "" {
			t.Errorf("%s%s\nwant exit 1 and %q", r, r.stdout, want)
		}
	}
	// Through a link, the -wal file is the one beside the file it leads
	// to: not read as it is either, which would miss Walter.
	link := filepath.Join(elsewhere, "link.db")
	if err := os.Symlink(walled, link); err != nil {
		t.Fatal(err)
	}
	want = "rolo: database " + link + ": the disk is full: SQLite has no room for " + walled + "-shm, which it needs to read the database, so nothing can be read until space is freed\n"
	if r := rolo(context.Background(), t, environ, "", "--db", link, "list"); r.code != 1 || r.stderr != want {
		t.Errorf("%s%s\nwant exit 1 and %q", r, r.stdout, want)
	}

	os.Remove(filler)
	os.Remove(filler + "2")
	if r := rolo(context.Background(), t, environ, "", "--db", walled, "list", "--columns", "first"); r.code != 0 || !strings.Contains(r.stdout, "Walter") {
		t.Errorf("%s%s\nwith room again, want the change in the -wal file", r, r.stdout)
	}
	for _, path := range []string{db, walled} {
		if bad := healthy(t, path); len(bad) > 0 {
			t.Errorf("doctor of %s with room again: %v", path, bad)
		}
	}
}

// TestImportErrorFileFullDisk is an import whose error file, on a disk
// with too little room for it, cannot be written: the import fails, exit 1,
// naming the error file as given (not the hidden temporary file beside
// it), and saves nothing, rather than saving the good records and losing
// the rejected ones.
func TestImportErrorFileFullDisk(t *testing.T) {
	roloBinary(t)
	full := mountTmpfs(t, "64k")
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	seeded(t, db, 5)
	environ := env(t, db)
	before := fingerprint(t, environ)
	var csv strings.Builder
	csv.WriteString("first,email,notes\nGood,good@example.com,\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&csv, "Bad%d,bad%d@,%s\n", i, i, strings.Repeat("n", 3000))
	}
	in := filepath.Join(dir, "big.csv")
	os.WriteFile(in, []byte(csv.String()), 0o600)
	errFile := filepath.Join(full, "e.csv")
	r := rolo(context.Background(), t, environ, "", "import", in, "--errors", errFile)
	want := "rolo: cannot write the error file " + errFile + ": the disk is full; nothing was imported\n"
	if r.code != 1 || !strings.HasSuffix(r.stderr, want) || strings.Contains(r.stderr, ".tmp-") {
		t.Errorf("%s\nwant exit 1 ending %q", r, want)
	}
	if after := fingerprint(t, environ); after != before {
		t.Errorf("the database changed: %s, was %s", after, before)
	}
	if r := rolo(context.Background(), t, environ, "", "import", "list", "-o", "json"); r.stdout != "[]\n" {
		t.Errorf("an import batch was recorded: %s", r.stdout)
	}
	if left, _ := os.ReadDir(full); len(left) > 0 {
		t.Errorf("files left on the full disk: %v", left)
	}
}

// TestConfigFullDisk is a config change on a full disk: it fails, exit 1,
// naming the config file, not the hidden temporary file beside it, and
// leaves nothing there.
func TestConfigFullDisk(t *testing.T) {
	roloBinary(t)
	full := mountTmpfs(t, "64k")
	cfg := filepath.Join(full, "config")
	if err := os.MkdirAll(filepath.Join(cfg, "rolo"), 0o700); err != nil {
		t.Fatal(err)
	}
	filler := fill(t, full, 0)
	os.WriteFile(filler+"2", make([]byte, 64<<10), 0o600) // what fill's rounding left
	environ := append(env(t, filepath.Join(t.TempDir(), "rolo.db")), "XDG_CONFIG_HOME="+cfg)
	r := rolo(context.Background(), t, environ, "", "config", "set", "region", "GB")
	want := "rolo: config: cannot write " + filepath.Join(cfg, "rolo", "config.yaml") + ": no space left on device\n"
	if r.code != 1 || r.stderr != want {
		t.Errorf("%s\nwant exit 1, %q", r, want)
	}
	if left, _ := os.ReadDir(filepath.Join(cfg, "rolo")); len(left) > 0 {
		t.Errorf("files left: %v", left)
	}
}

// TestExportToFullDevice writes output to a stdout that fails (Linux's
// /dev/full): a clear error and exit 1, no panic. This needs no privilege.
// add's contact is made all the same, and its ID is what was lost.
func TestExportToFullDevice(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	db := filepath.Join(t.TempDir(), "rolo.db")
	seeded(t, db, 50)
	for _, args := range [][]string{
		{"export", "--format", "json"}, {"export", "--format", "csv"}, {"export", "--format", "vcard"},
		{"list", "-o", "vcard"}, {"show", "1", "-o", "vcard"},
		{"add", "--first", "Zed", "--email", "zed@example.com"}, {"email", "zed"}, {"email", "--no-header", "zed"},
	} {
		format := strings.Join(args, " ")
		cmd := exec.Command(roloBinary(t), args...)
		cmd.Env = env(t, db)
		cmd.Stdout = full
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "no space left on device") || strings.Contains(stderr.String(), "panic") {
			t.Errorf("rolo %s > /dev/full: %v\n%s", format, err, stderr.String())
		}
	}
}

// fileLimitCase is where the file-size-limit tests start: prlimit (the
// test is skipped without it) and a database of n contacts in a directory
// of its own, with rolo's environment for it.
func fileLimitCase(t *testing.T, n int) (prlimit, db string, environ []string) {
	t.Helper()
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("no prlimit")
	}
	db = filepath.Join(t.TempDir(), "rolo.db")
	seeded(t, db, n)
	return prlimit, db, env(t, db)
}

// TestExportFileSizeLimit meets a full disk without root: a file-size limit
// (RLIMIT_FSIZE, set with prlimit) makes writes past it fail as a full disk
// does. An export to a file and a backup both fail cleanly (exit 1), leave
// the existing file as it was and no temporary file behind.
func TestExportFileSizeLimit(t *testing.T) {
	prlimit, db, environ := fileLimitCase(t, 300)
	dir := filepath.Dir(db)
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	export, backup := filepath.Join(out, "export.json"), filepath.Join(out, "backup.db")
	for _, f := range []string{export, backup} {
		os.WriteFile(f, []byte("the previous file\n"), 0o600)
	}
	for _, args := range [][]string{
		{"export", "--format", "json", "--out", export},
		{"export", "--format", "vcard", "--out", export},
		{"backup", backup},
	} {
		// 64 KB: more than SQLite's shared-memory file, less than the output.
		cmd := exec.Command(prlimit, append([]string{"--fsize=65536", roloBinary(t)}, args...)...)
		cmd.Env = environ
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "too large") && !strings.Contains(stderr.String(), "full") || strings.Contains(stderr.String(), "panic") {
			t.Errorf("rolo %s with a 64 KB file limit: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		t.Logf("rolo %s: %s", args[0], strings.TrimSpace(stderr.String()))
	}
	for _, f := range []string{export, backup} {
		if b, _ := os.ReadFile(f); string(b) != "the previous file\n" {
			t.Errorf("%s changed: %.40q", f, b)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(out, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if bad := healthy(t, db); len(bad) > 0 {
		t.Errorf("doctor: %v", bad)
	}
}

// TestImportFileSizeLimit is an import that a file-size limit stops (the
// database's -wal file cannot grow): it says the file is too large and that
// nothing was changed, not a bare "disk I/O error", and nothing is.
func TestImportFileSizeLimit(t *testing.T) {
	prlimit, db, environ := fileLimitCase(t, 50)
	dir := filepath.Dir(db)
	before := fingerprint(t, environ)
	var csv strings.Builder
	csv.WriteString("first,last,email,notes\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&csv, "Imp,I%d,imp%d@example.com,%s\n", i, i, strings.Repeat("filler text ", 20))
	}
	csvFile := filepath.Join(dir, "big.csv")
	os.WriteFile(csvFile, []byte(csv.String()), 0o600)
	// 256 KB: more than the database and its shared-memory file, less
	// than the import's -wal file.
	cmd := exec.Command(prlimit, "--fsize=262144", roloBinary(t), "import", csvFile)
	cmd.Env = environ
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	want := "rolo: database " + db + ": file too large (a file size limit, ulimit -f, was reached); nothing was changed\n"
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || stderr.String() != want {
		t.Errorf("rolo import with a 256 KB file limit: %v\n%s\nwant exit 1 and\n%s", err, stderr.String(), want)
	}
	if after := fingerprint(t, environ); after != before {
		t.Errorf("the database changed: %s, was %s", after, before)
	}
	if bad := healthy(t, db); len(bad) > 0 {
		t.Errorf("doctor: %v", bad)
	}
}

// TestDoctorRepairFileSizeLimit is a repair that a file-size limit stops
// while it rebuilds the indexes: like any command's, its error names the
// database and says the file is too large, and the database is left as it
// was (the damage still there for the next repair).
func TestDoctorRepairFileSizeLimit(t *testing.T) {
	prlimit, db, environ := fileLimitCase(t, 300)
	// Take a contact out of the word index behind rolo's back.
	raw, err := sql.Open("sqlite3", "file:"+db+"?mode=rw&_busy_timeout=30000")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM contacts_fts WHERE rowid = 1`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before := fingerprint(t, environ)
	// 64 KB: less than the -wal file the rebuild writes.
	cmd := exec.Command(prlimit, "--fsize=65536", roloBinary(t), "doctor", "--repair")
	cmd.Env = environ
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	want := "rolo: database " + db + ": file too large (a file size limit, ulimit -f, was reached); nothing was changed\n"
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || stderr.String() != want {
		t.Errorf("rolo doctor --repair with a 64 KB file limit: %v\n%s\nwant exit 1 and\n%s", err, stderr.String(), want)
	}
	if after := fingerprint(t, environ); after != before {
		t.Errorf("the database changed: %s, was %s", after, before)
	}
	if r := rolo(context.Background(), t, environ, "", "doctor"); r.code != 1 || !strings.Contains(r.stdout, "search index\terror") {
		t.Errorf("after the failed repair, doctor: %s\n%s", r, r.stdout)
	}
}

// TestExportToClosedPipe is `rolo export --out /dev/stdout | head`: the
// reader goes away, and the export ends as a command writing standard
// output itself does, quietly with status 141 (SIGPIPE), not "broken pipe"
// and exit 1, which a script would take for a failed export.
func TestExportToClosedPipe(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	seeded(t, db, 300)
	environ := env(t, db)
	for _, out := range []string{"/dev/stdout", "/proc/self/fd/1"} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		r.Close() // the reader has gone
		cmd := exec.Command(roloBinary(t), "export", "--format", "ndjson", "--out", out)
		cmd.Env = environ
		var stderr strings.Builder
		cmd.Stdout, cmd.Stderr = w, &stderr
		err = cmd.Run()
		w.Close()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 141 || stderr.String() != "" {
			t.Errorf("rolo export --out %s to a closed pipe: %v\n%s\nwant status 141 and nothing on stderr", out, err, stderr.String())
		}
	}
}

// TestNoHomeNoAccount is rolo run by a uid with no entry in the password
// database and no $HOME or $USER (a container's arbitrary user, env -i):
// there is no default place for the config or the database and no login,
// so a command that needs one says what to set, exit 2, and leaves nothing
// in the current directory; what is given (--db, --as, XDG_DATA_HOME,
// USER) works.
func TestNoHomeNoAccount(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root, to run as a uid with no account")
	}
	const uid = 54321
	if _, err := user.LookupId(fmt.Sprint(uid)); err == nil {
		t.Skipf("uid %d has an account here", uid)
	}
	bin := roloBinary(t)
	os.Chmod(workDir, 0o755)
	dir := sharedDir(t)
	run := func(environ []string, args ...string) result {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append([]string{"PATH=/usr/bin:/bin", "ROLO_NOW=2026-06-15T12:00:00Z"}, environ...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: uid}}
		return runResult(t, cmd, args, fmt.Sprintf("uid %d", uid))
	}

	r := run(nil, "--as", "ada", "export", "--out", filepath.Join(dir, "e.csv"))
	if r.code != 2 || !strings.Contains(r.stderr, "HOME is unset and the account has no home directory in the password database; set HOME, or XDG_DATA_HOME to an absolute path, or name the database with --db or ROLO_DB") {
		t.Errorf("%s: want exit 2 saying what to set", r)
	}
	r = run(nil, "--db", filepath.Join(dir, "x.db"), "add", "--first", "Ada")
	if r.code != 2 || !strings.Contains(r.stderr, "no user to act as") || !strings.Contains(r.stderr, "--as, ROLO_USER") {
		t.Errorf("%s: want exit 2 asking for a user", r)
	}
	r = run(nil, "config", "init")
	if r.code != 2 || !strings.Contains(r.stderr, "set HOME, or XDG_CONFIG_HOME") {
		t.Errorf("%s: want exit 2 saying what to set", r)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("refused commands left %v in the current directory", left)
	}

	// What is named works, with no config file.
	if r := run(nil, "--db", filepath.Join(dir, "x.db"), "--as", "ada", "add", "--first", "Ada"); r.code != 0 {
		t.Errorf("%s: want exit 0", r)
	}
	if r := run(nil, "--db", filepath.Join(dir, "x.db"), "--as", "ada", "export", "--format", "json"); r.code != 0 || !strings.Contains(r.stdout, `"Ada"`) {
		t.Errorf("%s: want exit 0 and Ada\n%s", r, r.stdout)
	}
	// config list needs no database: it lists the default profile, its
	// database empty, and succeeds.
	if r := run([]string{"ROLO_DB=" + filepath.Join(dir, "x.db"), "ROLO_USER=ada"}, "config", "list"); r.code != 0 || !strings.Contains(r.stdout, "default") {
		t.Errorf("%s: want exit 0 and the default profile\n%s", r, r.stdout)
	}
	data := filepath.Join(dir, "data")
	if r := run([]string{"XDG_DATA_HOME=" + data, "USER=bob"}, "add", "--first", "Bo"); r.code != 0 {
		t.Errorf("%s: want exit 0", r)
	}
	if _, err := os.Stat(filepath.Join(data, "rolo", "default.db")); err != nil {
		t.Errorf("XDG_DATA_HOME: %v", err)
	}
}

// TestConfigPermission is a config file the user may not read, and a
// config directory they may not create: permission denied (exit 4), the
// path named once, for reads and for changes.
func TestConfigPermission(t *testing.T) {
	dir := sharedDir(t)
	run := unprivileged(t, env(t, filepath.Join(dir, "rolo.db")), dir)
	// Made after unprivileged hands dir to the user, with modes that
	// keep the user out.
	cfg := filepath.Join(dir, "config")
	if err := os.Mkdir(cfg, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(cfg, 0o755) })
	file := filepath.Join(cfg, "rolo", "config.yaml")
	want := "rolo: config: cannot create the directory " + filepath.Join(cfg, "rolo") + " (for " + file + "): permission denied\n"
	if r := run("config", "init"); r.code != 4 || r.stderr != want {
		t.Errorf("%s\nwant exit 4 and\n%s", r, want)
	}
	os.Chmod(cfg, 0o755)
	if err := os.Mkdir(filepath.Join(cfg, "rolo"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("profile: default\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	want = "rolo: config: cannot read " + file + ": permission denied\n"
	for _, args := range [][]string{{"list"}, {"config", "show"}, {"config", "set", "region", "GB"}} {
		if r := run(args...); r.code != 4 || r.stderr != want {
			t.Errorf("%s\nwant exit 4 and\n%s", r, want)
		}
	}

	// A file the user may read in a directory they may not write: a
	// change is refused naming the config file, not a lock file to
	// remove that is not there ("cannot open the lock file
	// .config.yaml.lock: permission denied; if no rolo is running, it may
	// be removed").
	if err := os.Chmod(file, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(file), 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Dir(file), 0o755) })
	want = "rolo: config: " + file + ": cannot write here: permission denied; nothing was written\n"
	for _, args := range [][]string{{"config", "set", "region", "GB"}, {"config", "init", "work"}, {"config", "use", "default"}} {
		if r := run(args...); r.code != 4 || r.stderr != want {
			t.Errorf("%s\nwant exit 4 and\n%s", r, want)
		}
	}
	if data, err := os.ReadFile(file); err != nil || string(data) != "profile: default\n" {
		t.Errorf("config file now %q (%v), want it as it was", data, err)
	}
	if left, _ := os.ReadDir(filepath.Dir(file)); len(left) != 1 {
		t.Errorf("left beside the config file: %v", left)
	}

	// A read-only file in a directory the user may write: refused as
	// well, and said as the config's error, as the README quotes it
	// ("config: ...: cannot write here"), not as a bare path.
	if err := os.Chmod(filepath.Dir(file), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(file, 0o444); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"config", "set", "region", "GB"}, {"config", "init", "work"}, {"config", "use", "default"}} {
		if r := run(args...); r.code != 4 || r.stderr != want {
			t.Errorf("%s\nwant exit 4 and\n%s", r, want)
		}
	}
	if data, err := os.ReadFile(file); err != nil || string(data) != "profile: default\n" {
		t.Errorf("config file now %q (%v), want it as it was", data, err)
	}
}
