package edit

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// busyStore fails every save as the SQLite store does when another process
// holds the database for longer than the busy timeout.
type busyStore struct{ contact.Store }

func (busyStore) UpdateContact(context.Context, int64, func(*contact.Contact) error) (*contact.Contact, []contact.Change, error) {
	return nil, nil, contact.Errorf(contact.EINTERNAL, "database: still busy after waiting 30s for another rolo process (a long import or bulk change holds it); try again when it has finished")
}

// A form that cannot be saved for a reason other than the contact going
// away (the database busy, the disk full) is kept, as for a contact
// deleted while the editor was open, and the message names it: what the
// user typed was deleted with the temporary directory.
func TestEditInEditorKeepsTheFormWhenTheSaveFails(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ios, _, _, _ := iostreams.Test()
	env := map[string]string{"VISUAL": `sed -i 's/^title:.*/title: CTO/'`}
	f := &factory.Factory{IO: ios, Env: func(k string) string { return env[k] }, Now: func() time.Time { return time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC) }}
	c := &contact.Contact{ID: 7, FirstName: "Ada", Name: "Ada"}

	err := editInEditor(context.Background(), f, busyStore{}, c, "US")
	if contact.ErrorCode(err) != contact.EINTERNAL {
		t.Fatalf("error %v (code %q), want the busy database's", err, contact.ErrorCode(err))
	}
	m := regexp.MustCompile(`^database: still busy .*; try again when it has finished \(your form is kept in (.*contact-7\.txt)\)$`).FindStringSubmatch(contact.ErrorMessage(err))
	if m == nil {
		t.Fatalf("message %q does not name the kept form", contact.ErrorMessage(err))
	}
	if filepath.Dir(filepath.Dir(m[1])) != tmp {
		t.Errorf("form kept in %s, not in TMPDIR %s", m[1], tmp)
	}
	b, err := os.ReadFile(m[1])
	if err != nil || !strings.Contains(string(b), "\ntitle: CTO\n") {
		t.Errorf("kept form: %v\n%s", err, b)
	}
}
