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
