package output

import (
	"errors"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// fullDisk fails every write, as stdout redirected to a full disk does.
type fullDisk struct{ writes int }

func (f *fullDisk) Write([]byte) (int, error) {
	f.writes++
	return 0, errors.New("no space left on device")
}

// A command whose output cannot be written must say so (and exit
// non-zero) rather than report success; and a page of rows reaches stdout
// in one write, not one per cell.
func TestOutputIsBufferedAndWriteErrorsReported(t *testing.T) {
	cs := []*contact.Contact{{ID: 1, Name: "Ada Lovelace"}, {ID: 2, Name: "Alan Turing"}}
	for _, format := range []string{Table, TSV, CSV, JSON, NDJSON, IDs} {
		ios, _, _, _ := iostreams.Test()
		disk := &fullDisk{}
		ios.Out = disk
		p, err := New(ios, format, false, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		err = p.Contacts(cs, []string{"id", "name"})
		if err == nil || !strings.Contains(err.Error(), "no space left") {
			t.Errorf("-o %s to a full disk: error %v, want the write error", format, err)
		}
		if disk.writes != 1 {
			t.Errorf("-o %s: %d writes to stdout, want 1", format, disk.writes)
		}
	}
}
