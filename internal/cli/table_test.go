package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"github.com/rolo-cli/rolo/internal/cli"
	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// runAt runs one command line in-process as alice on the database in dir,
// with stdout a terminal width columns wide; it returns the exit code,
// stdout and stderr.
func runAt(dir string, width int, args ...string) (int, string, string) {
	ios, _, out, errOut := iostreams.Test()
	ios.SetTTY(false, true, false)
	ios.SetTerminalWidth(width)
	home := filepath.Join(dir, "home")
	env := map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"), "XDG_DATA_HOME": filepath.Join(home, ".local", "share"),
		"ROLO_DB": filepath.Join(dir, "rolo.db"), "USER": "alice", "NO_COLOR": "1",
	}
	f := &factory.Factory{IO: ios, Env: func(k string) string { return env[k] },
		Now: func() time.Time { return time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC) }}
	defer f.Close()
	code := cli.Run(context.Background(), f, args)
	return code, out.String(), errOut.String()
}

// TestTablesFitTheTerminal: every line of a table is at most as wide as
// the terminal (README, Output), and ends in no padding, also when a
// header is cut, so that no row
// wraps onto the next line. A cut header reads "COMPA…"; tablewriter's
// header format once made it "COMPA …", a column too wide.
func TestTablesFitTheTerminal(t *testing.T) {
	dir := t.TempDir()
	vcf := filepath.Join(dir, "vic.vcf")
	if err := os.WriteFile(vcf, []byte("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vic Extra\r\nN:Extra;Vic;;;\r\nTEL;TYPE=CELL:+14155550999\r\nEND:VCARD\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"add", "--first", "Ada", "--last", "Lovelace", "--phone", "+44 20 7946 0958", "--email", "ada@example.com", "--tag", "vip"},
		{"add", "--first", "Maximilian-Alexander", "--last", "Wolfeschlegelsteinhausenbergerdorff",
			"--company", "International Business Machines Corporation of America Holdings",
			"--email", "maximilian.alexander.wolfeschlegel@very-long-domain-name.example.com", "--phone", "work=(415) 555-0123", "--tag", "customer"},
		{"add", "--first", "Maximilian", "--last", "Wolfeschlegelsteinhausenbergerdorff", "--phone", "work=(415) 555-0123"},
		{"import", vcf},
	} {
		if code, _, stderr := runAt(dir, 0, append([]string{"-q"}, args...)...); code != 0 {
			t.Fatalf("rolo %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
	}
	fifteen := "id,name,company,department,email,phone,tags,created,updated,title,first,last,type,level,birthday"
	for _, width := range []int{40, 60, 80} {
		for _, args := range [][]string{
			{"list"},
			{"list", "--columns", "id,name,company,department,email,phone,tags,created"},
			{"list", "--columns", fifteen},
			{"import", "list"},
			{"dupes", "--min-score", "0.1"},
		} {
			code, stdout, stderr := runAt(dir, width, args...)
			if code != 0 {
				t.Fatalf("width %d: rolo %s: exit %d\n%s", width, strings.Join(args, " "), code, stderr)
			}
			lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
			if len(lines) < 2 {
				t.Errorf("width %d: rolo %s: no table:\n%s", width, strings.Join(args, " "), stdout)
			}
			for _, line := range lines {
				if w := twwidth.Width(line); w > width {
					t.Errorf("width %d: rolo %s: a line %d columns wide:\n%s", width, strings.Join(args, " "), w, stdout)
					break
				}
				if strings.HasSuffix(line, " ") {
					t.Errorf("width %d: rolo %s: a line ends in spaces: %q", width, strings.Join(args, " "), line)
					break
				}
			}
			if strings.Contains(lines[0], " …") {
				t.Errorf("width %d: rolo %s: a header cut with a space before the \"…\":\n%s", width, strings.Join(args, " "), lines[0])
			}
		}
	}

	// Columns that cannot all have room are left out from the right, and
	// stderr says which.
	_, stdout, stderr := runAt(dir, 40, "list", "--columns", fifteen)
	if header := strings.Fields(strings.SplitN(stdout, "\n", 2)[0]); len(header) == 0 || header[0] != "ID" || strings.Contains(stdout, "BIRTH") {
		t.Errorf("15 columns at 40: want the first columns only:\n%s", stdout)
	}
	if !strings.Contains(stderr, "columns do not fit the 40-column terminal") || !strings.Contains(stderr, "birthday") {
		t.Errorf("15 columns at 40: stderr %q does not name the columns left out", stderr)
	}
	// They are named as --columns names them, not as their headers read.
	if _, _, stderr := runAt(dir, 40, "list", "--columns", fifteen+",shared_with,attr.source"); !strings.Contains(stderr, ", birthday, shared_with, attr.source (-o tsv shows them)") {
		t.Errorf("17 columns at 40: stderr %q does not name the columns left out as --columns does", stderr)
	}
	if _, _, stderr := runAt(dir, 40, "-q", "list", "--columns", fifteen); stderr != "" {
		t.Errorf("-q: stderr %q", stderr)
	}
	// A table that fits is printed whole, nothing cut.
	if _, stdout, stderr := runAt(dir, 400, "list", "--columns", fifteen); !strings.Contains(stdout, "BIRTHDAY") || !strings.Contains(stdout, "International Business Machines Corporation of America Holdings") || stderr != "" {
		t.Errorf("width 400: want the whole table:\n%s\nstderr %q", stdout, stderr)
	}
}
