package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// An export reads page after page; a bulk edit another process commits
// meanwhile must not show up half-way through it.
func TestEachContactIsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	other := openAs(t, path, "alice", newClock())
	var ids []int64
	for i := 0; i < 7; i++ {
		c := &contact.Contact{FirstName: fmt.Sprintf("C%d", i), Title: "before", Visibility: contact.Public}
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	var pages []string
	err := db.EachContact(ctx, contact.Filter{Query: "title:before"}, 3, func(cs []*contact.Contact) error {
		var titles []string
		for _, c := range cs {
			titles = append(titles, c.Title)
		}
		pages = append(pages, strings.Join(titles, ","))
		if len(pages) == 1 {
			// Another process (its own connection) edits everything and
			// adds a contact; neither may show in later pages.
			if _, err := other.UpdateContacts(ctx, ids, func(c *contact.Contact) error { c.Title = "after"; return nil }); err != nil {
				return err
			}
			return other.CreateContact(ctx, &contact.Contact{FirstName: "Late", Title: "before"})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(pages, " | "); got != "before,before,before | before,before,before | before" {
		t.Errorf("pages: %s", got)
	}
	n := 0
	if err := db.EachContact(ctx, contact.Filter{Query: "title:after"}, 3, func(cs []*contact.Contact) error { n += len(cs); return nil }); err != nil || n != 7 {
		t.Errorf("after the edit: %d contacts, %v", n, err)
	}
	if _, err := db.FindContacts(ctx, contact.Filter{}); err != nil {
		t.Errorf("the store after EachContact: %v", err)
	}
}

// A bulk edit in which one contact fails changes none of them.
func TestUpdateContactsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	var ids []int64
	for _, name := range []string{"Ada", "Grace", "Edsger"} {
		c := &contact.Contact{FirstName: name}
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	_, err := db.UpdateContacts(ctx, ids, func(c *contact.Contact) error {
		c.Company = "Acme"
		if c.FirstName == "Edsger" {
			c.Birthday = "1930-02-30"
		}
		return nil
	})
	wantCode(t, "invalid birthday on the third contact", err, contact.EINVALID)
	if err == nil || !strings.Contains(err.Error(), "contact 3 (Edsger): birthday:") {
		t.Errorf("error %v does not name the contact", err)
	}
	if cs, _ := db.FindContacts(ctx, contact.Filter{Query: "company:acme"}); len(cs) != 0 {
		t.Errorf("%d contacts changed by a failed bulk edit", len(cs))
	}
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM changes WHERE action = 'update'`); n != 0 {
		t.Errorf("%d change-log rows from a failed bulk edit", n)
	}
	n, err := db.UpdateContacts(ctx, append(ids, ids[0]), func(c *contact.Contact) error { c.Company = "Acme"; return nil })
	if err != nil || n != 3 {
		t.Fatalf("UpdateContacts: %d, %v", n, err)
	}
	if cs, _ := db.FindContacts(ctx, contact.Filter{Query: "company:acme"}); len(cs) != 3 {
		t.Errorf("%d contacts changed, want 3", len(cs))
	}
	_, err = db.UpdateContacts(ctx, []int64{ids[0], 999}, func(c *contact.Contact) error { c.Company = "Other"; return nil })
	wantCode(t, "a missing contact", err, contact.ENOTFOUND)
	if cs, _ := db.FindContacts(ctx, contact.Filter{Query: "company:other"}); len(cs) != 0 {
		t.Errorf("%d contacts changed by a failed bulk edit", len(cs))
	}
}

// An export stopped by Ctrl-C ends with context.Canceled, which the CLI
// says as an interrupt, not as a database error.
func TestEachContactCanceledIsAnInterrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	for i := 0; i < 3; i++ {
		if err := db.CreateContact(context.Background(), &contact.Contact{FirstName: fmt.Sprintf("C%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := db.EachContact(ctx, contact.Filter{}, 1, func([]*contact.Contact) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("EachContact with a canceled context: %v, want context.Canceled", err)
	}
}

// An export in ID order reads each table of a page, interactions too, for
// the page's whole run of IDs: the rows of a contact in the run that the
// actor cannot see (another user's private one) are read and left out.
func TestEachContactLeavesOutTheInteractionsOfContactsNotSeen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	alice := openAs(t, path, "alice", newClock())
	if _, err := alice.CreateUser(ctx, "bob", "Bob", "member"); err != nil {
		t.Fatal(err)
	}
	bob := openAs(t, path, "bob", newClock())
	var ids []int64
	for i, db := range []*sqlite.DB{alice, bob, alice} {
		c := &contact.Contact{FirstName: fmt.Sprintf("C%d", i), Visibility: contact.Private}
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, err := db.LogInteraction(ctx, &contact.Interaction{ContactID: c.ID, Channel: "call", Direction: "in", Summary: fmt.Sprintf("call %d", i)}, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	var got []string
	err := alice.EachContact(ctx, contact.Filter{Interactions: true}, 10, func(cs []*contact.Contact) error {
		for _, c := range cs {
			for _, it := range c.Interactions {
				got = append(got, fmt.Sprintf("%d:%s", c.ID, it.Summary))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d:call 0 %d:call 2", ids[0], ids[2]); strings.Join(got, " ") != want {
		t.Errorf("interactions: %s, want %s", strings.Join(got, " "), want)
	}
}
