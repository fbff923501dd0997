package cli_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/cli"
	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// fullDisk fails every write as stdout redirected to /dev/full does.
type fullDisk struct{}

func (fullDisk) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
}

// runTo runs one command line in-process as alice on the database in dir,
// with stdout going to out; it returns the exit code and stderr.
func runTo(dir string, out io.Writer, args ...string) (int, string) {
	ios, _, _, errOut := iostreams.Test()
	if out != nil {
		ios.Out = out
	}
	home := filepath.Join(dir, "home")
	env := map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"), "XDG_DATA_HOME": filepath.Join(home, ".local", "share"),
		"ROLO_DB": filepath.Join(dir, "rolo.db"), "USER": "alice", "NO_COLOR": "1",
	}
	f := &factory.Factory{IO: ios, Env: func(k string) string { return env[k] },
		Now: func() time.Time { return time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC) }}
	defer f.Close()
	code := cli.Run(context.Background(), f, args)
	return code, errOut.String()
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
