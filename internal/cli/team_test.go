package cli_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/cli/clitest"
)

// TestTeamRmRefusesAMemberBeforeAsking: at a terminal, team rm asks
// before it removes; a member, who may not remove anyone, is refused
// before the question, not after answering yes.
func TestTeamRmRefusesAMemberBeforeAsking(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	owner := clitest.Runner{Dir: dir, DB: db}
	for _, args := range [][]string{{"add", "--first", "Ada"}, {"team", "add", "bob"}, {"team", "add", "carol"}} {
		if res := owner.Run(args...); res.Code != 0 {
			t.Fatalf("rolo %s: exit %d\n%s", strings.Join(args, " "), res.Code, res.Err)
		}
	}
	carol := clitest.Runner{Dir: dir, DB: db, User: "carol", Stdin: strings.NewReader("y\n"), StdinTTY: true, StderrTTY: true}
	res := carol.Run("team", "rm", "bob")
	if res.Code != 4 || strings.Contains(res.Err, "Remove teammate") || !strings.Contains(res.Err, "carol is a member") {
		t.Errorf("team rm by a member at a terminal: exit %d\n%s\nwant exit 4, refused before the question", res.Code, res.Err)
	}
}
