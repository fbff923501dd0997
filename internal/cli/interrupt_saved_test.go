package cli_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/cli/clitest"
	"github.com/rolo-cli/rolo/internal/shield"
)

// dupes --merge commits a group at a time: interrupted after some groups
// were merged, it says that what it saved stays, not that nothing was
// changed (which --quiet would leave as all it says).
func TestInterruptedMergeWalkSaysWhatWasSaved(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	var csv strings.Builder
	csv.WriteString("first,last,company,emails\n")
	for i := 0; i < 200; i++ {
		for range 2 {
			fmt.Fprintf(&csv, "Ann,Lee%c%c,Acme,ann.%d@example.com\n", 'a'+i/26, 'a'+i%26, i)
		}
	}
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	r := clitest.Runner{Dir: dir, DB: db}
	if res := r.Run("import", in, "--on-duplicate", "create"); res.Code != 0 {
		t.Fatalf("import: exit %d\n%s", res.Code, res.Err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	shield.Reset()
	go func() {
		// Ctrl-C once the first group is merged.
		for !shield.Saved() {
			time.Sleep(50 * time.Microsecond)
		}
		cancel()
	}()
	r.Ctx = ctx
	res := r.Run("dupes", "--merge", "--yes", "--quiet")
	if res.Code != 1 {
		t.Fatalf("dupes --merge, interrupted: exit %d, want 1\n%s\n%s", res.Code, res.Err, r.Run("dupes").Err)
	}
	if strings.Contains(res.Err, "nothing was changed") || !strings.Contains(res.Err, "interrupted after the change was saved") {
		t.Errorf("dupes --merge interrupted after merging: stderr %q; want it to say the change was saved", res.Err)
	}
}
