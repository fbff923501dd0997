package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// clock is a test clock that a test moves forward by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newClock() *clock { return &clock{t: time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)} }

// openAs opens (creating when needed) the database at path acting as login.
func openAs(t *testing.T, path, login string, clk *clock) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, sqlite.Options{Actor: login, Region: "US", Now: clk.now})
	if err != nil {
		t.Fatalf("Open(%s as %s): %v", path, login, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rawDB opens the file with the driver alone, to set up what no store
// method does yet (teammates, shares, interactions) and to look at every
// table afterwards.
// olderDatabase is a new database file of schema version, as an older
// rolo made it, for a test of the upgrade from there.
func olderDatabase(t *testing.T, version int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	if err := sqlite.MigrateTo(context.Background(), path, version); err != nil {
		t.Fatal(err)
	}
	return path
}

// soundAfterUpgrade fails the test when doctor finds a problem in the
// upgraded database at path.
func soundAfterUpgrade(t *testing.T, path string) {
	t.Helper()
	if h := doctor(t, path, false); h.Problems() != 0 {
		t.Errorf("doctor after the upgrade: %+v", h.Checks)
	}
}

func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func count(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// addUser inserts a teammate directly, as rolo's team command will.
func addUser(t *testing.T, path, login, role string) {
	t.Helper()
	mustExec(t, rawDB(t, path), `INSERT INTO users (login, name, role, created_at) VALUES (?, ?, ?, '2026-06-15T12:00:00Z')`, login, strings.ToUpper(login[:1])+login[1:], role)
}

// aliceAndBob opens a new database as alice, its owner, and as bob, a
// member, on one clock.
func aliceAndBob(t *testing.T) (path string, alice, bob *sqlite.DB) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "rolo.db")
	clk := newClock()
	alice = openAs(t, path, "alice", clk)
	addUser(t, path, "bob", "member")
	return path, alice, openAs(t, path, "bob", clk)
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want %s", what, code)
		return
	}
	if got := contact.ErrorCode(err); got != code {
		t.Errorf("%s: error %q (%s), want %s", what, err, got, code)
	}
}

// fullContact has a value in every field rolo stores.
func fullContact() *contact.Contact {
	return &contact.Contact{
		Prefix: "Dr", FirstName: "Ada", MiddleName: "Augusta", LastName: "Zyxwvut", Suffix: "PhD", Nickname: "Countess",
		Company: "Analytical Engines", Title: "CEO", Department: "Research", Type: "Customer", Level: "secondary",
		Birthday: "12/10/1815", Anniversary: "--07-08", Language: "en-gb", Timezone: "Europe/London",
		Phones:     []contact.Phone{{Number: "(415) 555-0177"}, {Label: "work", Number: "+44 20 7946 0958"}},
		Emails:     []contact.Email{{Address: "Ada@Zyxwvut.example"}, {Label: "home", Address: "ada@home.example"}},
		Addresses:  []contact.Address{{Label: "home", Street: "12 St James Square", City: "London", Zip: "SW1Y 4JH", Country: "United Kingdom"}},
		Socials:    []contact.Social{{Network: "LinkedIn", Handle: "ada-zyxwvut"}},
		URLs:       []contact.URL{{Label: "blog", URL: "https://zyxwvut.example"}},
		Tags:       []string{"vip", "gold"},
		Attributes: map[string]string{"source": "expo-zyxwvut"},
		Notes:      []contact.Note{{Text: "Met at the zyxwvut demo"}},
		Visibility: contact.Public,
		Favorite:   true,
	}
}

// A contact given no UID gets one derived from its ID and six random
// bytes, which its row holds in place of the UID (schema 26): one at a
// time or in bulk, each is found again by its UID, in either case.
func TestUIDsAreDerived(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	first := &contact.Contact{FirstName: "A"}
	if err := db.CreateContact(ctx, first); err != nil {
		t.Fatal(err)
	}
	later := []*contact.Contact{{FirstName: "B"}, {FirstName: "C"}, {FirstName: "D"}}
	if err := db.ImportContacts(ctx, later); err != nil {
		t.Fatal(err)
	}
	cs := append([]*contact.Contact{first}, later...)
	seeds := map[string]bool{}
	for _, c := range cs {
		want := fmt.Sprintf(`^[0-9a-f]{8}-[0-9a-f]{4}-8000-8000-%012x$`, c.ID)
		if !regexp.MustCompile(want).MatchString(c.UID) {
			t.Errorf("contact %d: UID %q, want the form %s", c.ID, c.UID, want)
		}
		seeds[c.UID[:13]] = true
		for _, ref := range []string{c.UID, strings.ToUpper(c.UID)} {
			got, err := db.ResolveRef(ctx, ref, contact.ScopeActive)
			if err != nil || got.ID != c.ID || got.UID != c.UID {
				t.Errorf("ResolveRef(%s) = %v, %v; want contact %d with that UID", ref, got, err, c.ID)
			}
		}
	}
	if len(seeds) != len(cs) {
		t.Errorf("UIDs %q share their random part", []string{cs[0].UID, cs[1].UID, cs[2].UID, cs[3].UID})
	}
	var blobs int
	if err := rawDB(t, path).QueryRow(`SELECT count(*) FROM contacts WHERE typeof(uid) = 'blob' AND length(uid) = 6`).Scan(&blobs); err != nil || blobs != len(cs) {
		t.Errorf("%d rows hold a six-byte seed (%v), want %d", blobs, err, len(cs))
	}
}

func TestCreateAndGet(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", clk)

	c := fullContact()
	if err := db.CreateContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.ID != 1 {
		t.Errorf("ID = %d, want 1", c.ID)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-8000-8000-000000000001$`).MatchString(c.UID) {
		t.Errorf("UID = %q, want one derived from ID 1 (version 8 UUID)", c.UID)
	}
	if !c.CreatedAt.Equal(clk.t) || !c.UpdatedAt.Equal(clk.t) || c.LastActivityAt != nil {
		t.Errorf("times: created %v updated %v activity %v", c.CreatedAt, c.UpdatedAt, c.LastActivityAt)
	}
	want := &contact.Contact{
		ID: 1, UID: c.UID, Name: "Dr Ada Augusta Zyxwvut PhD",
		Prefix: "Dr", FirstName: "Ada", MiddleName: "Augusta", LastName: "Zyxwvut", Suffix: "PhD", Nickname: "Countess",
		Company: "Analytical Engines", Title: "CEO", Department: "Research", Type: "customer", Level: "secondary",
		Birthday: "1815-12-10", Anniversary: "--07-08", Language: "en-GB", Timezone: "Europe/London",
		Phones: []contact.Phone{
			{Label: "mobile", Number: "(415) 555-0177", E164: "+14155550177"},
			{Label: "work", Number: "+44 20 7946 0958", E164: "+442079460958"},
		},
		Emails:     []contact.Email{{Label: "work", Address: "ada@zyxwvut.example"}, {Label: "home", Address: "ada@home.example"}},
		Addresses:  []contact.Address{{Label: "home", Street: "12 St James Square", City: "London", Zip: "SW1Y 4JH", Country: "GB"}},
		Socials:    []contact.Social{{Network: "linkedin", Handle: "ada-zyxwvut"}},
		URLs:       []contact.URL{{Label: "blog", URL: "https://zyxwvut.example"}},
		Tags:       []string{"gold", "vip"},
		Attributes: map[string]string{"source": "expo-zyxwvut"},
		Notes:      []contact.Note{{ID: 1, Author: "alice", Text: "Met at the zyxwvut demo", CreatedAt: clk.t}},
		Visibility: contact.Public, Owner: "alice", SharedWith: []string{}, Favorite: true,
		CreatedAt: clk.t, UpdatedAt: clk.t,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("created contact\n got: %+v\nwant: %+v", c, want)
	}
	got, err := db.Contact(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Contact(1)\n got: %+v\nwant: %+v", got, want)
	}
	// The same contact is found by ID, UID and a unique query.
	for _, ref := range []string{"1", c.UID, "zyxwvut", "countess"} {
		r, err := db.ResolveRef(ctx, ref, contact.ScopeActive)
		if err != nil || r.ID != 1 {
			t.Errorf("ResolveRef(%q) = %v, %v", ref, r, err)
		}
	}
	ch, err := db.Changes(ctx, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The creation is read from the contact's row (created_at,
	// created_by): the change log has no row of it.
	if len(ch) != 1 || ch[0].Action != contact.ActionCreate || ch[0].User != "alice" || !ch[0].At.Equal(clk.t) || ch[0].ID != 0 {
		t.Errorf("change log after create: %+v", ch)
	}
	if n := count(t, rawDB(t, path), "SELECT count(*) FROM changes"); n != 0 {
		t.Errorf("changes holds %d rows after a create, want 0", n)
	}
	users, err := db.Users(ctx)
	if err != nil || len(users) != 1 || users[0].Login != "alice" || users[0].Role != contact.RoleOwner {
		t.Errorf("Users = %+v, %v; want alice as owner", users, err)
	}
	if db.Actor().Login != "alice" {
		t.Errorf("Actor = %+v", db.Actor())
	}
}

func TestCreateRefusedWritesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	if err := db.CreateContact(ctx, &contact.Contact{FirstName: "Ada", UID: "ada-1"}); err != nil {
		t.Fatal(err)
	}
	bad := []*contact.Contact{
		{FirstName: "Bob", Emails: []contact.Email{{Address: "bad@"}}},
		{FirstName: "Bob", Phones: []contact.Phone{{Number: "call me"}}},
		{FirstName: "Bob", Birthday: "02/30/2020"},
		{Title: "CEO"},
	}
	for _, c := range bad {
		wantCode(t, fmt.Sprintf("CreateContact(%+v)", c), db.CreateContact(ctx, c), contact.EINVALID)
	}
	wantCode(t, "duplicate UID", db.CreateContact(ctx, &contact.Contact{FirstName: "Bob", UID: "ada-1", Tags: []string{"x"}}), contact.ECONFLICT)
	raw := rawDB(t, path)
	for table, want := range map[string]int{"contacts": 1, "changes": 0, "contact_tags": 0, "contact_emails": 0, "contact_phones": 0} {
		if n := count(t, raw, "SELECT count(*) FROM "+table); n != want {
			t.Errorf("%s holds %d rows after refused creates, want %d", table, n, want)
		}
	}
}

func TestUpdateContactAndChangeLog(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", clk)
	c := &contact.Contact{FirstName: "Ada", Company: "Acme", Tags: []string{"vip"}, Phones: []contact.Phone{{Number: "+14155550177"}}}
	if err := db.CreateContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	created := c.CreatedAt

	clk.advance(time.Hour)
	got, changes, err := db.UpdateContact(ctx, c.ID, func(c *contact.Contact) error {
		c.Company = "Analytical Engines"
		c.Birthday = "12/10/1815"
		c.Tags = append(c.Tags, "gold")
		c.Phones = nil
		c.Emails = []contact.Email{{Address: "Ada@Example.com"}}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantChanges := []contact.Change{
		{Field: "company", Old: "Acme", New: "Analytical Engines"},
		{Field: "birthday", New: "1815-12-10"},
		{Field: "phone", Old: "mobile=+14155550177"},
		{Field: "email", New: "work=ada@example.com"},
		{Field: "tag", New: "gold"},
	}
	if !reflect.DeepEqual(changes, wantChanges) {
		t.Errorf("changes\n got: %+v\nwant: %+v", changes, wantChanges)
	}
	if got.Company != "Analytical Engines" || got.Birthday != "1815-12-10" || len(got.Phones) != 0 ||
		!reflect.DeepEqual(got.Tags, []string{"gold", "vip"}) || !got.UpdatedAt.Equal(clk.t) || !got.CreatedAt.Equal(created) {
		t.Errorf("stored after update: %+v", got)
	}
	// The log holds every change, newest first, with who and when.
	log, err := db.Changes(ctx, c.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 6 {
		t.Fatalf("change log has %d rows, want 6: %+v", len(log), log)
	}
	for i, ch := range log[:5] {
		w := wantChanges[4-i]
		if ch.Action != contact.ActionUpdate || ch.User != "alice" || !ch.At.Equal(clk.t) || ch.ContactID != c.ID ||
			ch.Field != w.Field || ch.Old != w.Old || ch.New != w.New {
			t.Errorf("log[%d] = %+v, want %+v", i, ch, w)
		}
	}
	if log[5].Action != contact.ActionCreate {
		t.Errorf("oldest log row = %+v, want the creation", log[5])
	}
	if l, _ := db.Changes(ctx, c.ID, 2); len(l) != 2 || l[0].ID != log[0].ID {
		t.Errorf("Changes with limit 2 = %+v", l)
	}

	// No change: nothing logged, updated_at stays.
	clk.advance(time.Hour)
	same, none, err := db.UpdateContact(ctx, c.ID, func(c *contact.Contact) error { c.Company = " Analytical Engines "; return nil })
	if err != nil || len(none) != 0 || !same.UpdatedAt.Equal(got.UpdatedAt) {
		t.Errorf("no-op update: %v changes, updated %v, err %v", none, same.UpdatedAt, err)
	}

	// Refused updates write nothing.
	before, _ := db.Contact(ctx, c.ID)
	_, _, err = db.UpdateContact(ctx, c.ID, func(c *contact.Contact) error { c.Company = "X"; c.Type = "vip"; return nil })
	wantCode(t, "invalid type", err, contact.EINVALID)
	_, _, err = db.UpdateContact(ctx, c.ID, func(c *contact.Contact) error {
		c.Company = "Y"
		return contact.Errorf(contact.EINVALID, "--rm-tag: no such tag")
	})
	wantCode(t, "fn error", err, contact.EINVALID)
	_, _, err = db.UpdateContact(ctx, c.ID, func(c *contact.Contact) error { c.FirstName, c.Company, c.Emails = "", "", nil; return nil })
	wantCode(t, "nothing left to name it", err, contact.EINVALID)
	after, _ := db.Contact(ctx, c.ID)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("a refused update changed the contact:\n%+v\n%+v", before, after)
	}
	if n := count(t, rawDB(t, path), "SELECT count(*) FROM changes"); n != 5 {
		t.Errorf("change log has %d rows after refused updates, want 5", n)
	}

	// Public can never become private again.
	_, _, err = db.UpdateContact(ctx, c.ID, func(c *contact.Contact) error { c.Visibility = contact.Public; return nil })
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = db.UpdateContact(ctx, c.ID, func(c *contact.Contact) error { c.Visibility = contact.Private; return nil })
	wantCode(t, "public to private", err, contact.EPERM)

	_, _, err = db.UpdateContact(ctx, 99, func(c *contact.Contact) error { return nil })
	wantCode(t, "missing contact", err, contact.ENOTFOUND)
}

func TestDeleteRestore(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openAs(t, filepath.Join(t.TempDir(), "rolo.db"), "alice", clk)
	c := fullContact()
	if err := db.CreateContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	other := &contact.Contact{FirstName: "Alan"}
	if err := db.CreateContact(ctx, other); err != nil {
		t.Fatal(err)
	}
	before, _ := db.Contact(ctx, c.ID)

	clk.advance(time.Hour)
	deletedAt := clk.t
	if err := db.DeleteContacts(ctx, []int64{c.ID}); err != nil {
		t.Fatal(err)
	}
	trashed, err := db.Contact(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !trashed.Deleted || trashed.DeletedAt == nil || !trashed.DeletedAt.Equal(deletedAt) {
		t.Errorf("after delete: deleted %v at %v", trashed.Deleted, trashed.DeletedAt)
	}
	ids := func(f contact.Filter) []int64 {
		cs, err := db.FindContacts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	if got := ids(contact.Filter{}); !reflect.DeepEqual(got, []int64{other.ID}) {
		t.Errorf("active contacts = %v", got)
	}
	if got := ids(contact.Filter{Scope: contact.ScopeDeleted}); !reflect.DeepEqual(got, []int64{c.ID}) {
		t.Errorf("trash = %v", got)
	}
	if _, err := db.ResolveRef(ctx, "1", contact.ScopeActive); contact.ErrorCode(err) != contact.ENOTFOUND {
		t.Errorf("a trashed contact resolves as active: %v", err)
	}
	wantCode(t, "delete twice", db.DeleteContacts(ctx, []int64{c.ID}), contact.ENOTFOUND)
	wantCode(t, "restore an active contact", db.RestoreContacts(ctx, []int64{other.ID}), contact.ENOTFOUND)
	_, _, err = db.UpdateContact(ctx, c.ID, func(c *contact.Contact) error { c.Company = "X"; return nil })
	wantCode(t, "edit in the trash", err, contact.ENOTFOUND)

	clk.advance(time.Hour)
	if err := db.RestoreContacts(ctx, []int64{c.ID}); err != nil {
		t.Fatal(err)
	}
	after, err := db.Contact(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Unchanged, except that updated_at is the time of the restore.
	if !after.UpdatedAt.Equal(clk.t) {
		t.Errorf("updated_at after restore = %v, want %v", after.UpdatedAt, clk.t)
	}
	after.UpdatedAt = before.UpdatedAt
	if !reflect.DeepEqual(before, after) {
		t.Errorf("restore changed the contact\nbefore: %+v\n after: %+v", before, after)
	}
	log, _ := db.Changes(ctx, c.ID, 0)
	var actions []string
	for _, ch := range log {
		actions = append(actions, ch.Action)
	}
	if !reflect.DeepEqual(actions, []string{contact.ActionRestore, contact.ActionDelete, contact.ActionCreate}) {
		t.Errorf("change log actions = %v", actions)
	}

	// All or nothing: one missing ID refuses the whole batch.
	wantCode(t, "batch with a missing ID", db.DeleteContacts(ctx, []int64{c.ID, 99}), contact.ENOTFOUND)
	if got := ids(contact.Filter{Scope: contact.ScopeDeleted}); len(got) != 0 {
		t.Errorf("a refused batch trashed %v", got)
	}
}

// TestPurgeLeavesNoTrace erases a contact that has a row in every table
// that can mention a contact, then reads every table of the schema: no row
// may refer to it or hold any of its text, while a second contact keeps
// all of its rows. Before the purge the contact is edited, a call is
// logged and another contact is merged into it, each of which leaves an
// older version of its text behind (freed space, the full-text index's
// deleted entries, the -wal file): no byte of the file or of its -wal
// file may hold any of it afterwards.
func TestPurgeLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", clk)
	addUser(t, path, "bob", contact.RoleMember)

	gone := fullContact()
	keep := &contact.Contact{
		FirstName: "Alan", LastName: "Keeper", Phones: []contact.Phone{{Number: "+1 212 555 0199"}},
		Emails: []contact.Email{{Address: "alan@keeper.example"}}, Addresses: []contact.Address{{City: "Bletchley"}},
		Socials: []contact.Social{{Network: "twitter", Handle: "alan"}}, URLs: []contact.URL{{URL: "https://keeper.example"}},
		Tags: []string{"keep"}, Attributes: map[string]string{"k": "v"}, Notes: []contact.Note{{Text: "keeper note"}}, Favorite: true,
	}
	for _, c := range []*contact.Contact{gone, keep} {
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.UpdateContact(ctx, c.ID, func(c *contact.Contact) error { c.Title = "Changed"; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	// What the edit, the call and the merge leave behind: the old nickname
	// (Countess), the new one, the call's summary, the merged contact.
	if _, _, err := db.UpdateContact(ctx, gone.ID, func(c *contact.Contact) error { c.Nickname = "Enchantress"; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LogInteraction(ctx, &contact.Interaction{ContactID: gone.ID, Channel: "call", Direction: "in", Summary: "Whispered plans"}, nil); err != nil {
		t.Fatal(err)
	}
	merged := &contact.Contact{FirstName: "Merged", LastName: "Quokkaphant", Emails: []contact.Email{{Address: "q@quokkaphant.example"}},
		Phones: []contact.Phone{{Number: "(415) 555-0166"}}, Notes: []contact.Note{{Text: "quokka secrets"}}}
	if err := db.CreateContact(ctx, merged); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Merge(ctx, gone.ID, []int64{merged.ID}, contact.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, path)
	for _, id := range []int64{gone.ID, keep.ID} {
		mustExec(t, raw, `INSERT INTO shares (contact_id, user_id, created_by, created_at) VALUES (?, 2, 1, '2026-06-15T12:00:00Z')`, id)
		mustExec(t, raw, `INSERT INTO interactions (contact_id, user_id, channel, direction, at, summary, created_at) VALUES (?, 1, 'call', 'in', '2026-06-15T12:00:00Z', ?, '2026-06-15T12:00:00Z')`, id, fmt.Sprintf("call %d", id))
		mustExec(t, raw, `INSERT INTO blocks (contact_id, user_id, reason, created_at) VALUES (?, 1, ?, '2026-06-15T12:00:00Z')`, id, fmt.Sprintf("block %d", id))
		mustExec(t, raw, `INSERT INTO favorites (user_id, contact_id, created_at) VALUES (2, ?, '2026-06-15T12:00:00Z')`, id)
		mustExec(t, raw, `INSERT INTO merges (keep_id, user_id, created_at, snapshot) VALUES (?, 1, '2026-06-15T12:00:00Z', ?)`, id, fmt.Sprintf(`{"merged into %d"}`, id))
	}
	mustExec(t, raw, `INSERT INTO merge_sources (merge_id, contact_id, uid) SELECT id, keep_id, 'src-' || keep_id FROM merges`)

	tables := schemaTables(t, raw)
	if len(tables) < 18 {
		t.Fatalf("found only %d tables: %v", len(tables), tables)
	}
	before := traces(t, raw, tables, keep)
	if len(before) < 15 {
		t.Fatalf("the kept contact is in only %d tables before the purge: %v", len(before), before)
	}
	if got := traces(t, raw, tables, gone); len(got) < 15 {
		t.Fatalf("the contact to purge is in only %d tables: %v", len(got), got)
	}

	// As between two commands, the file holds what the -wal file held.
	mustExec(t, raw, `PRAGMA wal_checkpoint(TRUNCATE)`)
	if err := db.PurgeContacts(ctx, []int64{gone.ID}); err != nil {
		t.Fatal(err)
	}
	fileMarkers := []string{gone.UID, merged.UID, "zyxwvut", "augusta", "countess", "enchantress", "ada@home.example",
		"4155550177", "2079460958", "whispered plans", "quokkaphant", "quokka secrets", "4155550166"}
	for _, left := range fileHolds(t, path, fileMarkers) {
		t.Errorf("%s of the purged contact", left)
	}
	if left := traces(t, raw, tables, gone); len(left) > 0 {
		t.Errorf("purged contact %d is still in: %s", gone.ID, strings.Join(left, "; "))
	}
	if after := traces(t, raw, tables, keep); !reflect.DeepEqual(after, before) {
		t.Errorf("purging another contact changed the kept one's rows\nbefore: %v\n after: %v", before, after)
	}
	for _, fts := range ftsTables(t, raw) {
		for _, word := range []string{"zyxwvut", "countess", "5550177"} {
			q, arg := `SELECT count(*) FROM `+fts+` WHERE `+fts+` MATCH ?`, `"`+word+`"`
			if fts == "phone_digits" { // a trigram index without positions answers LIKE
				q, arg = `SELECT count(*) FROM phone_digits WHERE digits LIKE ?`, "%"+word+"%"
			}
			if n := count(t, raw, q, arg); n != 0 {
				t.Errorf("search index %s still finds %q", fts, word)
			}
		}
	}
	if cs, _ := db.FindContacts(ctx, contact.Filter{Query: "zyxwvut", Scope: contact.ScopeAny}); len(cs) != 0 {
		t.Errorf("search still finds the purged contact: %v", cs)
	}
	if _, err := db.Contact(ctx, gone.ID); contact.ErrorCode(err) != contact.ENOTFOUND {
		t.Errorf("Contact after purge: %v", err)
	}
	wantCode(t, "purge twice", db.PurgeContacts(ctx, []int64{gone.ID}), contact.ENOTFOUND)

	// The ID is never handed out again.
	n := &contact.Contact{FirstName: "New"}
	if err := db.CreateContact(ctx, n); err != nil {
		t.Fatal(err)
	}
	if n.ID <= keep.ID {
		t.Errorf("new contact got ID %d, reusing a purged one", n.ID)
	}
}

// A contact merged into another and unmerged, then purged: what the undone
// merge's snapshot held of it and the other's log of the values it brought
// and took back go with it, as do its values in the edits made to the
// other while merged (its block, in an unblock of the other, too); the
// other keeps its own data, and its history the merge, the unmerge (by ID)
// and those edits.
func TestPurgeAfterUnmergeLeavesNoTrace(t *testing.T) {
	// Merges undone by an older rolo did not record the unmerge's rows:
	// they are found by the unmerge's time.
	for _, older := range []bool{false, true} {
		t.Run(fmt.Sprintf("undone by an older rolo %v", older), func(t *testing.T) { purgeAfterUnmerge(t, older) })
	}
}

func purgeAfterUnmerge(t *testing.T, older bool) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	keep := &contact.Contact{FirstName: "Alan", LastName: "Keeper", Emails: []contact.Email{{Address: "alan@keeper.example"}}}
	gone := &contact.Contact{FirstName: "Ottoline", LastName: "Quillfeather", Company: "Quillfeather Lamps",
		Emails: []contact.Email{{Address: "otto@quillfeather.example"}}, Phones: []contact.Phone{{Number: "+1 415 555 0188"}},
		Tags: []string{"lampwick"}}
	for _, c := range []*contact.Contact{keep, gone} {
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Block(ctx, contact.BlockTargets{ContactIDs: []int64{gone.ID}}, nil, "wickreason"); err != nil {
		t.Fatal(err)
	}
	m, err := db.Merge(ctx, keep.ID, []int64{gone.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// An edit while merged takes the merged contact's company, phone and
	// tag off KEEP: its log rows hold them as old values.
	if _, _, err := db.UpdateContact(ctx, keep.ID, func(c *contact.Contact) error {
		c.Company, c.Phones, c.Tags = "Brightwick", nil, nil
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// An unblock while merged lifts the merged contact's block, which its
	// log row holds as the old value.
	if _, err := db.Unblock(ctx, contact.BlockTargets{ContactIDs: []int64{keep.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Unmerge(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	markers := []string{gone.UID, "ottoline", "quillfeather", "4155550188", "lampwick", "wickreason"}
	raw := rawDB(t, path)
	if older {
		mustExec(t, raw, `UPDATE merges SET snapshot = json_remove(snapshot, '$.undo_log_from', '$.undo_log_to')`)
	}
	mustExec(t, raw, `PRAGMA wal_checkpoint(TRUNCATE)`)
	if held := fileHolds(t, path, markers); len(held) < len(markers) {
		t.Fatalf("before the purge the file holds only %v", held)
	}
	if n := count(t, raw, `SELECT count(*) FROM changes WHERE contact_id = ? AND field <> '' AND action IN ('merge', 'unmerge')`, keep.ID); n == 0 {
		t.Fatal("the merge and the unmerge logged no values on the kept contact")
	}
	if err := db.PurgeContacts(ctx, []int64{gone.ID}); err != nil {
		t.Fatal(err)
	}
	for _, left := range fileHolds(t, path, markers) {
		t.Errorf("%s of the purged contact", left)
	}
	if n := count(t, raw, `SELECT count(*) FROM changes WHERE contact_id = ? AND field <> '' AND action IN ('merge', 'unmerge')`, keep.ID); n != 0 {
		t.Errorf("%d rows of merged values left in the kept contact's log", n)
	}
	if n := count(t, raw, `SELECT count(*) FROM changes WHERE contact_id = ? AND field = '' AND action IN ('merge', 'unmerge')`, keep.ID); n != 2 {
		t.Errorf("%d rows mark the merge and the unmerge in the kept contact's log, want 2", n)
	}
	// The edit made while merged stays, without the merged contact's values.
	var edits []string
	rows, err := raw.Query(`SELECT field || ': ' || old_value || ' -> ' || new_value FROM changes WHERE contact_id = ? AND action IN ('update', 'unblock') ORDER BY id`, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			t.Fatal(err)
		}
		edits = append(edits, e)
	}
	rows.Close()
	merged := "(a merged contact's value)"
	if want := []string{"company: " + merged + " -> Brightwick", "phone: " + merged + " -> ", "tag: " + merged + " -> ", "blocked: " + merged + " -> "}; !reflect.DeepEqual(edits, want) {
		t.Errorf("the edit made to the kept contact while merged, in its log: %q, want %q", edits, want)
	}
	// The merge stays in the kept contact's history, undone.
	if u, err := db.Unmerge(ctx, m.ID); err != nil || !u.AlreadyUndone {
		t.Errorf("unmerge of the merge after the purge: %+v, %v; want already undone", u, err)
	}
	evs, err := db.History(ctx, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	var merges []string
	for _, ev := range evs {
		if ev.Kind == "merge" || ev.Kind == "unmerge" {
			merges = append(merges, ev.Summary)
		}
	}
	if want := []string{fmt.Sprintf("merge %d undone: #%d restored", m.ID, gone.ID), fmt.Sprintf("merged #%d into this contact (merge %d)", gone.ID, m.ID)}; !reflect.DeepEqual(merges, want) {
		t.Errorf("the kept contact's history of the merge: %q, want %q", merges, want)
	}
	got, err := db.Contact(ctx, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Alan Keeper" || len(got.Emails) != 1 || got.Emails[0].Address != "alan@keeper.example" || len(got.Phones) != 0 {
		t.Errorf("the kept contact changed: %+v", got)
	}
}

// schemaTables lists the ordinary tables of the schema, leaving out
// SQLite's own and the shadow tables of full-text indexes (binary index
// segments, checked through MATCH instead).
// fileHolds reads the bytes of the database file at path and of its -wal
// file, and reports each of markers found there, in any letter case (the
// full-text index keeps words in lower case).
func fileHolds(t *testing.T, path string, markers []string) []string {
	t.Helper()
	var found []string
	for _, file := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		data = bytes.ToLower(data)
		for _, m := range markers {
			if i := bytes.Index(data, []byte(strings.ToLower(m))); i >= 0 {
				found = append(found, fmt.Sprintf("%s holds %q at byte %d", filepath.Base(file), m, i))
			}
		}
	}
	return found
}

func schemaTables(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT name, type, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var all, virtual []string
	for rows.Next() {
		var name, typ, ddl string
		if err := rows.Scan(&name, &typ, &ddl); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(strings.ToUpper(ddl), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, name)
			continue
		}
		all = append(all, name)
	}
	var out []string
	for _, name := range all {
		if strings.HasPrefix(name, "sqlite_") || slices.ContainsFunc(virtual, func(v string) bool { return strings.HasPrefix(name, v+"_") }) {
			continue
		}
		out = append(out, name)
	}
	return out
}

func ftsTables(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out = append(out, name)
	}
	return out
}

// traces reads every row of every table and reports where c appears: a
// contact-ID column (contact_id, keep_id, contacts.id) holding its ID, or a
// text value holding its UID, an email, a name or a note of it.
func traces(t *testing.T, db *sql.DB, tables []string, c *contact.Contact) []string {
	t.Helper()
	markers := []string{c.UID, c.LastName}
	for _, e := range c.Emails {
		markers = append(markers, e.Address)
	}
	for _, n := range c.Notes {
		markers = append(markers, n.Text)
	}
	markers = append(markers, fmt.Sprintf("call %d", c.ID), fmt.Sprintf("block %d", c.ID), fmt.Sprintf("merged into %d", c.ID), fmt.Sprintf("src-%d", c.ID))
	var found []string
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		hits := map[string]bool{}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				col := cols[i]
				isRef := col == "contact_id" || col == "keep_id" || (table == "contacts" && col == "id")
				switch v := v.(type) {
				case int64:
					if isRef && v == c.ID {
						hits[col+"="+fmt.Sprint(v)] = true
					}
				case string:
					for _, m := range markers {
						if m != "" && strings.Contains(strings.ToLower(v), strings.ToLower(m)) {
							hits[col+"~"+m] = true
						}
					}
				case []byte:
					for _, m := range markers {
						if m != "" && strings.Contains(strings.ToLower(string(v)), strings.ToLower(m)) {
							hits[col+"~"+m] = true
						}
					}
				}
			}
		}
		rows.Close()
		if len(hits) > 0 {
			keys := make([]string, 0, len(hits))
			for k := range hits {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			found = append(found, table+"("+strings.Join(keys, ",")+")")
		}
	}
	return found
}

func TestNewDatabaseFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "deep", "rolo")
	path := filepath.Join(dir, "rolo.db")
	openAs(t, path, "alice", newClock())
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("database mode = %v, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Errorf("database directory mode = %v, want 0700", di.Mode().Perm())
	}
	var mode string
	if err := rawDB(t, path).QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}

	_, err = sqlite.Open(context.Background(), t.TempDir(), sqlite.Options{Actor: "alice"})
	wantCode(t, "a directory as database", err, contact.EINVALID)
	_, err = sqlite.Open(context.Background(), "", sqlite.Options{Actor: "alice"})
	wantCode(t, "no path", err, contact.EINVALID)
	notDB := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a database\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = sqlite.Open(context.Background(), notDB, sqlite.Options{Actor: "alice"})
	if err == nil || !strings.Contains(contact.ErrorMessage(err), "not a rolo database") {
		t.Errorf("opening a text file: %v", err)
	}
}

func TestMigrationsRecorded(t *testing.T) {
	ctx := context.Background()
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found: %v", err)
	}
	slices.Sort(files)
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	have, want, err := db.SchemaVersion(ctx)
	if err != nil || have != len(files) || want != len(files) {
		t.Errorf("SchemaVersion = %d, %d, %v; want %d, %d", have, want, err, len(files), len(files))
	}
	db.Close()
	// Opening again applies nothing twice.
	openAs(t, path, "alice", newClock()).Close()
	rows, err := rawDB(t, path).Query(`SELECT version, name, applied_at FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var v int
		var name, at string
		if err := rows.Scan(&v, &name, &at); err != nil {
			t.Fatal(err)
		}
		if i >= len(files) || v != i+1 || name != filepath.Base(files[i]) || at != "2026-06-15T12:00:00Z" {
			t.Errorf("schema_migrations row %d = %d %s %s", i, v, name, at)
		}
		i++
	}
	if i != len(files) {
		t.Errorf("schema_migrations has %d rows, want %d", i, len(files))
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	openAs(t, path, "alice", newClock()).Close()
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', '2030-01-01T00:00:00Z')`)
	_, err := sqlite.Open(context.Background(), path, sqlite.Options{Actor: "alice"})
	if err == nil {
		t.Fatal("a database from a newer rolo was opened")
	}
	if msg := contact.ErrorMessage(err); !strings.Contains(msg, "newer rolo") || !strings.Contains(msg, "999") {
		t.Errorf("error = %q, want it to say a newer rolo wrote schema version 999", msg)
	}
	files, _ := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if n := count(t, raw, `SELECT count(*) FROM schema_migrations`); n != len(files)+1 {
		t.Errorf("schema_migrations has %d rows, want the %d known and the future one", n, len(files))
	}
}

func TestActor(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	_, err := sqlite.Open(ctx, path, sqlite.Options{Actor: " "})
	wantCode(t, "no actor", err, contact.EINVALID)
	db := openAs(t, path, "alice", newClock())
	if db.Actor().Role != contact.RoleOwner {
		t.Errorf("first user role = %q, want owner", db.Actor().Role)
	}
	db.Close()
	_, err = sqlite.Open(ctx, path, sqlite.Options{Actor: "mallory"})
	wantCode(t, "a stranger on an existing database", err, contact.ENOTFOUND)
	addUser(t, path, "bob", contact.RoleMember)
	bob := openAs(t, path, "bob", newClock())
	if bob.Actor().Login != "bob" || bob.Actor().Role != contact.RoleMember {
		t.Errorf("bob = %+v", bob.Actor())
	}
	users, err := bob.Users(ctx)
	if err != nil || len(users) != 2 || users[0].Login != "alice" || users[1].Login != "bob" {
		t.Errorf("Users = %+v, %v", users, err)
	}
}

// TestVisibility: a private contact of another user behaves as if it did
// not exist (ENOTFOUND everywhere, its name in no message); a public one is
// seen and edited by everyone but deleted only by its owner or an
// owner/manager (EPERM).
func TestVisibility(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	alice := openAs(t, path, "alice", newClock())
	secret := &contact.Contact{FirstName: "Ada", LastName: "Secretive", UID: "secret-uid", Emails: []contact.Email{{Address: "secret@example.com"}}}
	public := &contact.Contact{FirstName: "Ada", LastName: "Open", Visibility: contact.Public}
	for _, c := range []*contact.Contact{secret, public} {
		if err := alice.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	addUser(t, path, "bob", contact.RoleMember)
	addUser(t, path, "mia", contact.RoleManager)
	bob := openAs(t, path, "bob", newClock())

	hidden := func(what string, err error) {
		t.Helper()
		wantCode(t, what, err, contact.ENOTFOUND)
		if err != nil && strings.Contains(contact.ErrorMessage(err), "Secretive") {
			t.Errorf("%s: the error names the private contact: %v", what, err)
		}
	}
	_, err := bob.Contact(ctx, secret.ID)
	hidden("Contact", err)
	for _, ref := range []string{"1", "secret-uid", "secretive", "email:secret@example.com", "Secret@Example.com"} {
		_, err := bob.ResolveRef(ctx, ref, contact.ScopeAny)
		hidden("ResolveRef "+ref, err)
	}
	// "ada" matches one contact for bob, so it is no ambiguity.
	if c, err := bob.ResolveRef(ctx, "ada", contact.ScopeActive); err != nil || c.ID != public.ID {
		t.Errorf("ResolveRef(ada) as bob = %v, %v; want the public contact", c, err)
	}
	if _, err := alice.ResolveRef(ctx, "ada", contact.ScopeActive); contact.ErrorCode(err) != contact.EAMBIGUOUS {
		t.Errorf("ResolveRef(ada) as alice: %v, want EAMBIGUOUS", err)
	}
	for _, q := range []string{"", "secretive", "is:private", "email:secret@example.com", "owner:alice"} {
		cs, err := bob.FindContacts(ctx, contact.Filter{Query: q, Scope: contact.ScopeAny})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.ID == secret.ID {
				t.Errorf("FindContacts(%q) as bob returns the private contact", q)
			}
		}
	}
	_, _, err = bob.UpdateContact(ctx, secret.ID, func(c *contact.Contact) error { c.Company = "Bob's"; return nil })
	hidden("UpdateContact", err)
	hidden("DeleteContacts", bob.DeleteContacts(ctx, []int64{secret.ID}))
	hidden("PurgeContacts", bob.PurgeContacts(ctx, []int64{secret.ID}))
	_, err = bob.Changes(ctx, secret.ID, 0)
	hidden("Changes", err)

	// The public contact: bob sees and edits it, but may not delete it.
	if _, _, err := bob.UpdateContact(ctx, public.ID, func(c *contact.Contact) error { c.Company = "Edited by Bob"; return nil }); err != nil {
		t.Errorf("bob editing a public contact: %v", err)
	}
	wantCode(t, "member deletes a public contact", bob.DeleteContacts(ctx, []int64{public.ID}), contact.EPERM)
	wantCode(t, "member purges a public contact", bob.PurgeContacts(ctx, []int64{public.ID}), contact.EPERM)

	// A manager may delete a teammate's public contact, not a private one.
	mia := openAs(t, path, "mia", newClock())
	hidden("manager deletes a private contact", mia.DeleteContacts(ctx, []int64{secret.ID}))
	if err := mia.DeleteContacts(ctx, []int64{public.ID}); err != nil {
		t.Errorf("manager deleting a public contact: %v", err)
	}
	wantCode(t, "member restores a public contact", bob.RestoreContacts(ctx, []int64{public.ID}), contact.EPERM)

	// Nothing above changed alice's private contact.
	got, err := alice.Contact(ctx, secret.ID)
	if err != nil || got.Company != "" || got.Deleted {
		t.Errorf("private contact after the others tried: %+v, %v", got, err)
	}

	// Sharing makes it visible to the user it is shared with.
	mustExec(t, rawDB(t, path), `INSERT INTO shares (contact_id, user_id, created_by, created_at) VALUES (?, 2, 1, '2026-06-15T12:00:00Z')`, secret.ID)
	if c, err := bob.Contact(ctx, secret.ID); err != nil || !reflect.DeepEqual(c.SharedWith, []string{"bob"}) {
		t.Errorf("shared contact as bob: %+v, %v", c, err)
	}
	// ... who may edit it but not delete it.
	wantCode(t, "shared-with user deletes", bob.DeleteContacts(ctx, []int64{secret.ID}), contact.EPERM)
	if _, err := mia.Contact(ctx, secret.ID); contact.ErrorCode(err) != contact.ENOTFOUND {
		t.Errorf("the manager sees a contact shared with bob only: %v", err)
	}
}

// Another program's SQLite file (a --db typo) is refused, by a command
// that writes or one that reads, and left byte for byte as it was: rolo
// writes none of its tables into it, nor switches it to WAL (which SQLite
// records in the file's header, for good).
func TestOpenRefusesAnotherProgramsDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.sqlite")
	raw := rawDB(t, path)
	mustExec(t, raw, `CREATE TABLE settings (k TEXT PRIMARY KEY, v TEXT)`)
	mustExec(t, raw, `INSERT INTO settings VALUES ('theme', 'dark')`)
	raw.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, readOnly := range []bool{false, true} {
		_, err := sqlite.Open(context.Background(), path, sqlite.Options{Actor: "alice", ReadOnly: readOnly})
		if want := "database: " + path + " is another program's SQLite database (it has tables, none of them rolo's); rolo leaves it alone: give rolo a file of its own"; err == nil || contact.ErrorMessage(err) != want {
			t.Fatalf("Open (read-only %v): %v, want %q", readOnly, err, want)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Fatalf("Open (read-only %v) changed the refused file", readOnly)
		}
	}
	var mode string
	if err := rawDB(t, path).QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "delete" {
		t.Errorf("the refused file's journal_mode = %q, %v; want delete, as it was", mode, err)
	}
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM sqlite_master`); n != 2 { // the table and its index
		t.Errorf("the file has %d schema objects now, want 2", n)
	}
	// rolo's own database with a rollback journal (a backup copied into
	// place) is switched to WAL.
	own := filepath.Join(t.TempDir(), "own.db")
	openAs(t, own, "alice", newClock()).Close()
	mustExec(t, rawDB(t, own), `PRAGMA journal_mode = DELETE`)
	openAs(t, own, "alice", newClock()).Close()
	if err := rawDB(t, own).QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("rolo's database opened: journal_mode = %q, %v; want wal", mode, err)
	}
	// An empty SQLite file is rolo's to fill.
	empty := filepath.Join(t.TempDir(), "empty.db")
	mustExec(t, rawDB(t, empty), `VACUUM`)
	openAs(t, empty, "alice", newClock())
}

// An interrupt while the database is opened (a new file being set up, an
// old one upgraded) stays an interrupt, which the CLI says as one, not a
// database error; the file keeps no half of it.
func TestOpenInterruptedIsAnInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	path := filepath.Join(t.TempDir(), "new.db")
	_, err := sqlite.Open(ctx, path, sqlite.Options{Actor: "alice"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Open with a cancelled context: %v, want context.Canceled", err)
	}
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM sqlite_master`); n != 0 {
		t.Errorf("the interrupted set-up left %d schema objects", n)
	}
}

// A database opened through a link to a file not there yet (a profile
// pointing into a synced folder) is created where the link points, 0600.
func TestOpenThroughDanglingLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "sync", "team.db")
	link := filepath.Join(dir, "team.db")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	openAs(t, link, "alice", newClock())
	fi, err := os.Stat(target)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if li, err := os.Lstat(link); err != nil || li.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
}

// A database file the user may only read (a backup kept read-only) opens
// for reading; a write is refused as read-only, and the file is unchanged.
func TestOpenReadOnlyFile(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("file modes do not bind here")
	}
	ctx := context.Background()
	_, _, file := backedUp(t)
	if err := os.Chmod(file, 0o400); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(file)
	db := openAs(t, file, "alice", newClock())
	if got := names(t, db, ""); got != "Ada" {
		t.Errorf("read-only list: %q", got)
	}
	err := db.CreateContact(ctx, &contact.Contact{FirstName: "Grace"})
	wantCode(t, "a write to a read-only file", err, contact.EPERM)
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Error("the read-only file changed")
	}
}

// A command that only reads, started while another process creates the
// database (the file made, empty, a moment before SQLite sets it up),
// waits for it instead of calling the file empty; a file left empty is
// still refused. TestConcurrentWriters met this race once in a CI run.
func TestReadWhileAnotherCreates(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "team.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		db, err := sqlite.Open(ctx, path, sqlite.Options{Actor: "alice", Region: "US", Now: newClock().now})
		if err == nil {
			err = db.Close()
		}
		done <- err
	}()
	db, err := sqlite.Open(ctx, path, sqlite.Options{Actor: "alice", Region: "US", Now: newClock().now, MustExist: true, ReadOnly: true})
	if err != nil {
		t.Fatalf("a read while another process creates the database: %v", err)
	}
	db.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	left := filepath.Join(t.TempDir(), "left.db")
	if err := os.WriteFile(left, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Minute)
	os.Chtimes(left, old, old)
	_, err = sqlite.Open(ctx, left, sqlite.Options{Actor: "alice", Region: "US", Now: newClock().now, MustExist: true, ReadOnly: true})
	if contact.ErrorCode(err) != contact.ENOTFOUND || !strings.Contains(err.Error(), "is empty, not a rolo database") {
		t.Errorf("a file left empty: %v", err)
	}
}

// A purge crossing chunks is all or nothing: a contact the actor may not
// erase, or cannot see, in a later chunk refuses it before anything is
// erased; when every contact may go, each goes with every row that
// mentions it, an undone merge that held one of them (in the second
// chunk) loses what it held, and none of their text is left in the file.
func TestPurgeAcrossChunks(t *testing.T) {
	ctx := context.Background()
	path, alice, bob := aliceAndBob(t)
	many := make([]*contact.Contact, 2*sqlite.BulkChunk)
	for i := range many {
		many[i] = &contact.Contact{FirstName: fmt.Sprintf("P%d", i+1), Visibility: contact.Public, Attributes: map[string]string{}}
	}
	if err := alice.ImportContacts(ctx, many); err != nil {
		t.Fatal(err)
	}
	keep := &contact.Contact{FirstName: "Alan", LastName: "Keeper"}
	gone := &contact.Contact{FirstName: "Ottoline", LastName: "Quillfeather", Company: "Quillfeather Lamps",
		Emails: []contact.Email{{Address: "otto@quillfeather.example"}}, Phones: []contact.Phone{{Number: "+1 415 555 0188"}},
		Tags: []string{"lampwick"}, Notes: []contact.Note{{Text: "zanzibar whispers"}}}
	for _, c := range []*contact.Contact{keep, gone} {
		if err := alice.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	m, err := alice.Merge(ctx, keep.ID, []int64{gone.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := alice.Unmerge(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	shared := &contact.Contact{FirstName: "Shared", LastName: "Bob", Visibility: contact.Private}
	hidden := &contact.Contact{FirstName: "Hidden", LastName: "Bob", Visibility: contact.Private}
	for _, c := range []*contact.Contact{shared, hidden} {
		if err := bob.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := bob.Share(ctx, []int64{shared.ID}, []string{"alice"}); err != nil {
		t.Fatal(err)
	}

	// Ottoline in the second chunk, the contacts refused in the third.
	var list []int64
	for i, c := range many {
		if i == sqlite.BulkChunk+10 {
			list = append(list, gone.ID)
		}
		list = append(list, c.ID)
	}
	raw := rawDB(t, path)
	contacts, changes := count(t, raw, `SELECT count(*) FROM contacts`), count(t, raw, `SELECT count(*) FROM changes`)
	unchanged := func(what string) {
		t.Helper()
		if n := count(t, raw, `SELECT count(*) FROM contacts`); n != contacts {
			t.Errorf("%s refused, yet %d contacts are left of %d", what, n, contacts)
		}
		if n := count(t, raw, `SELECT count(*) FROM changes`); n != changes {
			t.Errorf("%s refused, yet %d change-log rows are left of %d", what, n, changes)
		}
		if cs, err := alice.FindContacts(ctx, contact.Filter{Query: "quillfeather"}); err != nil || len(cs) != 1 {
			t.Errorf("%s refused, yet quillfeather finds %d contacts (%v)", what, len(cs), err)
		}
	}
	err = alice.PurgeContacts(ctx, append(slices.Clone(list), shared.ID))
	if want := fmt.Sprintf("contact %d (Shared Bob): only its owner bob may erase it", shared.ID); contact.ErrorCode(err) != contact.EPERM || contact.ErrorMessage(err) != want {
		t.Errorf("purge of a contact shared with alice: %v, want %s %q", err, contact.EPERM, want)
	}
	unchanged("a purge of a contact shared with alice")
	err = alice.PurgeContacts(ctx, append(slices.Clone(list), hidden.ID))
	if want := fmt.Sprintf("no contact with ID %d", hidden.ID); contact.ErrorCode(err) != contact.ENOTFOUND || contact.ErrorMessage(err) != want {
		t.Errorf("purge of a contact alice cannot see: %v, want %s %q", err, contact.ENOTFOUND, want)
	}
	unchanged("a purge of a contact alice cannot see")

	markers := []string{gone.UID, "ottoline", "quillfeather", "4155550188", "lampwick", "zanzibar whispers"}
	mustExec(t, raw, `PRAGMA wal_checkpoint(TRUNCATE)`)
	if held := fileHolds(t, path, markers); len(held) < len(markers) {
		t.Fatalf("before the purge the file holds only %v", held)
	}
	if err := alice.PurgeContacts(ctx, list); err != nil {
		t.Fatal(err)
	}
	for _, left := range fileHolds(t, path, markers) {
		t.Errorf("%s of the purged contact", left)
	}
	for _, c := range []struct {
		q    string
		want int
	}{
		{`SELECT count(*) FROM contacts`, 3}, // Keeper, Shared and Hidden Bob
		{`SELECT count(*) FROM changes WHERE contact_id NOT IN (SELECT id FROM contacts)`, 0},
		{fmt.Sprintf(`SELECT count(*) FROM changes WHERE contact_id = %d AND field <> '' AND action IN ('merge', 'unmerge')`, keep.ID), 0},
		{`SELECT count(*) FROM merge_sources WHERE uid <> ''`, 0},
	} {
		if n := count(t, raw, c.q); n != c.want {
			t.Errorf("after the purge %s: %d, want %d", c.q, n, c.want)
		}
	}
	if cs, err := alice.FindContacts(ctx, contact.Filter{Scope: contact.ScopeAny}); err != nil || len(cs) != 2 {
		t.Errorf("after the purge alice finds %d contacts (%v), want Keeper and Shared Bob", len(cs), err)
	}
}
