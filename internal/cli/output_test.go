package cli_test

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/cli/clitest"
)

// fullDisk fails every write as stdout redirected to /dev/full does.
type fullDisk struct{}

func (fullDisk) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
}

// runTo runs one command line in-process as alice on the database in dir,
// with stdout going to out; it returns the exit code and stderr. The clock
// is five days before the birthday added below, so that birthdays lists it.
func runTo(dir string, out io.Writer, args ...string) (int, string) {
	r := clitest.Runner{Dir: dir, DB: filepath.Join(dir, "rolo.db"), Out: out,
		Now: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)}.Run(args...)
	return r.Code, r.Err
}

// TestOutputToFullDisk: output that cannot be written is exit 1 with the
// system's reason (README, Output), whatever the command and format.
func TestOutputToFullDisk(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"add", "--first", "Ann", "--last", "Smith", "--phone", "+14155550100", "--birthday", "1980-12-10"},
		{"add", "--first", "Ann", "--last", "Smith", "--phone", "+14155550100"},
		{"block", "1"},
	} {
		if code, stderr := runTo(dir, nil, append([]string{"-q"}, args...)...); code != 0 {
			t.Fatalf("rolo %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
	}
	for _, args := range [][]string{
		{"list", "-o", "ids"},
		{"blocked", "-o", "ids"}, {"blocked"},
		{"birthdays", "-o", "ids"}, {"birthdays"},
		{"dupes", "-o", "ids"},
		{"lookup", "+14155550100", "-o", "ids"},
		// Help is cobra's output, not a command's.
		{"--help"}, {"list", "--help"}, {"help", "show"}, {}, {"config"},
	} {
		code, stderr := runTo(dir, fullDisk{}, args...)
		if code != 1 || !strings.Contains(stderr, "no space left on device") {
			t.Errorf("rolo %s > /dev/full: exit %d, stderr %q; want exit 1 and the reason", strings.Join(args, " "), code, stderr)
		}
	}
}

// TestJSONOneRecordIsOneObject: -o json is an array, but the commands
// that print one record print that one object (README, Output names
// them); -o ndjson is that object on one line.
func TestJSONOneRecordIsOneObject(t *testing.T) {
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(csvFile, []byte("first,email\nCy,cy@x.example\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		t.Helper()
		var out strings.Builder
		if code, stderr := runTo(dir, &out, args...); code != 0 {
			t.Fatalf("rolo %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
		return out.String()
	}
	for _, tc := range []struct {
		args []string
		open string // how -o json starts
	}{
		{[]string{"add", "--first", "Ann", "--phone", "+14155550100", "--public"}, "{"},
		{[]string{"add", "--first", "Ann", "--phone", "+14155550100", "--public"}, "{"},
		{[]string{"show", "1"}, "{"},
		{[]string{"lookup", "+14155550100"}, "{"},
		{[]string{"log", "1", "--channel", "call", "--direction", "in"}, "{"},
		{[]string{"merge", "1", "2", "--yes", "--dry-run"}, "{"},
		{[]string{"merge", "1", "2", "--yes"}, "{"},
		{[]string{"unmerge", "1"}, "{"},
		{[]string{"import", csvFile}, "{"},
		{[]string{"import", "undo", "1", "--yes"}, "{"},
		{[]string{"list"}, "["},
		{[]string{"history", "1"}, "["},
		{[]string{"import", "list"}, "["},
	} {
		if got := run(append(slices.Clone(tc.args), "-o", "json")...); !strings.HasPrefix(got, tc.open) {
			t.Errorf("rolo %s -o json: starts %.20q, want %q", strings.Join(tc.args, " "), got, tc.open)
		}
	}
	for _, args := range [][]string{{"show", "1"}, {"lookup", "+14155550100"}, {"merge", "1", "2", "--yes", "--dry-run"}} {
		if got := run(append(slices.Clone(args), "-o", "ndjson")...); !strings.HasPrefix(got, "{") || strings.Count(got, "\n") != 1 {
			t.Errorf("rolo %s -o ndjson: not one object on one line:\n%s", strings.Join(args, " "), got)
		}
	}
}
