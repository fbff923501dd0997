package clitest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/cli/clitest"
)

// TestRunner: a command runs on ROLO_DB, as the user, at clitest.Now unless
// told otherwise, with stdin as given.
func TestRunner(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	r := clitest.Runner{Dir: dir, DB: db}.Run("add", "--first", "Ada", "--public")
	if r.Code != 0 || r.Out != "1\n" || r.Err != "Added Ada (public contact 1).\n" {
		t.Fatalf("add: %+v", r)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("not on ROLO_DB: %v", err)
	}
	r = clitest.Runner{Dir: dir, DB: db}.Run("show", "1", "-o", "tsv")
	if !strings.Contains(r.Out, "created_at\t2026-06-15T12:00:00Z\n") || !strings.Contains(r.Out, "owner\talice\n") {
		t.Errorf("show: %+v", r)
	}
	r = clitest.Runner{Dir: dir, DB: db, User: "bob"}.Run("list")
	if r.Code != 3 || !strings.HasPrefix(r.Err, `rolo: user: "bob" is not a teammate`) {
		t.Errorf("list as bob: %+v", r)
	}
	r = clitest.Runner{Dir: dir, DB: db, Stdin: strings.NewReader("first\nGrace\n")}.Run("import", "-", "--format", "csv", "--errors", filepath.Join(dir, "rejects.csv"))
	if r.Code != 0 || !strings.Contains(r.Err, "1 of 1 records imported") {
		t.Errorf("import from stdin: %+v", r)
	}
}
