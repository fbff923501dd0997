package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/cli"
	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/iostreams"
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
			ios, _, _, errOut := iostreams.Test()
			ios.In = stdin
			home := filepath.Join(dir, "home")
			env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"),
				"XDG_DATA_HOME": filepath.Join(home, ".local", "share"), "ROLO_DB": filepath.Join(dir, "r.db"), "USER": "alice"}
			f := &factory.Factory{IO: ios, Env: func(k string) string { return env[k] }, Now: func() time.Time { return testNow }}
			code := cli.Run(context.Background(), f, []string{"import", name, "--format", "csv", "--errors", in})
			f.Close()
			if want := "rolo: --errors " + in + ": is the input itself\n"; code != 2 || errOut.String() != want {
				t.Errorf("exit %d, stderr %q; want exit 2, %q", code, errOut.String(), want)
			}
			if b, _ := os.ReadFile(in); string(b) != rows {
				t.Errorf("the input was overwritten: %q", b)
			}
			if strings.Contains(errOut.String(), "imported") {
				t.Errorf("imported anyway: %s", errOut.String())
			}
		})
	}
}
