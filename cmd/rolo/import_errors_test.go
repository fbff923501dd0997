package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/cli/clitest"
)

// TestImportErrorsIsTheInput: an error file that is the input, however the
// input is named (standard input redirected from the file, /dev/stdin and
// its /proc/self/fd form), is refused (exit 2) before anything is read, so
// the rejects never replace the only copy of the good rows.
func TestImportErrorsIsTheInput(t *testing.T) {
	const rows = "first,email\nGood,g@x.example\nBad,bad@\n"
	for _, tc := range []string{"-", "/proc/self/fd/N"} {
		t.Run(tc, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "in.csv")
			if err := os.WriteFile(in, []byte(rows), 0o600); err != nil {
				t.Fatal(err)
			}
			stdin, err := os.Open(in)
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			name := tc
			if tc != "-" {
				name = fmt.Sprintf("/proc/self/fd/%d", stdin.Fd())
			}
			r := clitest.Runner{Dir: dir, DB: filepath.Join(dir, "r.db"), Stdin: stdin}.Run("import", name, "--format", "csv", "--errors", in)
			if want := "rolo: --errors " + in + ": is the input itself\n"; r.Code != 2 || r.Err != want {
				t.Errorf("exit %d, stderr %q; want exit 2, %q", r.Code, r.Err, want)
			}
			if b, _ := os.ReadFile(in); string(b) != rows {
				t.Errorf("the input was overwritten: %q", b)
			}
			if strings.Contains(r.Err, "imported") {
				t.Errorf("imported anyway: %s", r.Err)
			}
		})
	}
}

// TestImportErrorsUnwritable: an error file that cannot be written (here
// Linux's /dev/full, which fails every write with "no space left on
// device") fails the import, exit 1, naming the file as given, and saves
// nothing: no contact, no import batch. Saving the good records and
// losing the rejected ones would have a cron job that sees the failure
// re-run the import with the rejected records in no file.
func TestImportErrorsUnwritable(t *testing.T) {
	if f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0); err != nil {
		t.Skipf("no /dev/full: %v", err)
	} else {
		f.Close()
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte("first,email\nGood,g@x.example\nBad,bad@\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run := clitest.Runner{Dir: dir, DB: filepath.Join(dir, "r.db")}.Run
	if r := run("add", "--first", "Seed"); r.Code != 0 {
		t.Fatalf("add: %+v", r)
	}
	r := run("import", in, "--errors", "/dev/full")
	want := "rolo: cannot write the error file /dev/full: the disk is full; nothing was imported\n"
	if r.Code != 1 || !strings.HasSuffix(r.Err, want) || strings.Contains(r.Err, "records imported") {
		t.Errorf("exit %d, stderr %q; want exit 1 ending %q", r.Code, r.Err, want)
	}
	if r := run("list", "-o", "ids"); r.Out != "1\n" {
		t.Errorf("contacts after the failed import: %q, want only the seed", r.Out)
	}
	if r := run("import", "list", "-o", "json"); r.Out != "[]\n" {
		t.Errorf("import batches after the failed import: %s", r.Out)
	}
}

// TestImportErrorsCannotCreate: an error file that cannot be created (its
// directory is not there) is said as a full disk is, "nothing was
// imported", not the export's "nothing was written", which reads as if
// only the error file were skipped; nothing is saved. A dry run, which
// checks --errors as the import would, fails alike, creating nothing.
func TestImportErrorsCannotCreate(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte("first,email\nGood,g@x.example\nBad,bad@\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run := clitest.Runner{Dir: dir, DB: filepath.Join(dir, "r.db")}.Run
	if r := run("add", "--first", "Seed"); r.Code != 0 {
		t.Fatalf("add: %+v", r)
	}
	errFile := filepath.Join(dir, "nodir", "e.csv")
	want := "rolo: cannot write the error file " + errFile + ": no such file or directory; nothing was imported\n"
	for _, dry := range []bool{false, true} {
		args := []string{"import", in, "--errors", errFile}
		if dry {
			args = append(args, "--dry-run")
		}
		if r := run(args...); r.Code != 1 || !strings.HasSuffix(r.Err, want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 ending %q", args, r.Code, r.Err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "nodir")); err == nil {
		t.Errorf("the dry run created the error file's directory")
	}
	if r := run("list", "-o", "ids"); r.Out != "1\n" {
		t.Errorf("contacts after the failed import: %q, want only the seed", r.Out)
	}
}

// TestImportUnreadableStdin: standard input that cannot be read (here
// redirected from a directory) is said as such, exit 2 as the README gives
// for an input that cannot be read, whatever --format says; not as an
// empty input, nor, with --format, as a failure (exit 1).
func TestImportUnreadableStdin(t *testing.T) {
	for _, format := range []string{"auto", "csv", "vcard", "json"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			stdin, err := os.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			r := clitest.Runner{Dir: dir, DB: filepath.Join(dir, "r.db"), Stdin: stdin}.Run("import", "-", "--format", format, "--errors", filepath.Join(dir, "e.csv"))
			if want := "rolo: import: cannot read standard input: is a directory\n"; r.Code != 2 || r.Err != want {
				t.Errorf("exit %d, stderr %q; want exit 2, %q", r.Code, r.Err, want)
			}
		})
	}
}
