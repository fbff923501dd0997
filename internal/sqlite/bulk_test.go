package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/gen"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

func openBulkDB(t *testing.T, name string) *sqlite.DB {
	t.Helper()
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), name), sqlite.Options{
		Actor: "alice", Region: "US", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestImportContactsStoresWhatCreateContactStores loads the same generated
// contacts with the bulk loader and one by one, and compares what a user
// would then see: the contacts, their change log and search.
func TestImportContactsStoresWhatCreateContactStores(t *testing.T) {
	ctx := context.Background()
	const n = 300
	bulk, single := openBulkDB(t, "bulk.db"), openBulkDB(t, "single.db")
	a, b := gen.Generate(5, n).Contacts, gen.Generate(5, n).Contacts
	if err := bulk.ImportContacts(ctx, a); err != nil {
		t.Fatal(err)
	}
	for _, c := range b {
		if err := single.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	for i := range a {
		id := int64(i + 1)
		if a[i].ID != id {
			t.Fatalf("contact %d got ID %d, want %d (IDs follow the input order)", i, a[i].ID, id)
		}
		got, err := bulk.Contact(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want, err := single.Contact(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		got.UID, want.UID = "", ""
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("contact %d differs:\nbulk   %+v\nsingle %+v", id, got, want)
		}
		changes, err := bulk.Changes(ctx, id, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) != 1 || changes[0].Action != contact.ActionCreate || changes[0].User != "alice" {
			t.Fatalf("contact %d: change log %+v, want one create by alice", id, changes)
		}
	}
	// The search index was built for the batch: each contact's unique email
	// finds it, as it does after CreateContact.
	for i, c := range b {
		if len(c.Emails) == 0 || i%10 != 0 {
			continue
		}
		local := strings.Split(c.Emails[0].Address, "@")[0]
		for _, db := range []*sqlite.DB{bulk, single} {
			found, err := db.FindContacts(ctx, contact.Filter{Query: local})
			if err != nil {
				t.Fatal(err)
			}
			if !hasID(found, int64(i+1)) {
				t.Fatalf("searching %q did not find contact %d (%s)", local, i+1, c.Name)
			}
		}
	}
}

// TestImportContactsIsAllOrNothing: one bad contact anywhere in the batch
// stops it, names its position and field, and writes nothing.
func TestImportContactsIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := openBulkDB(t, "all.db")
	cs := gen.Generate(9, 5).Contacts
	cs[2].Emails = []contact.Email{{Address: "not-an-address"}}
	err := db.ImportContacts(ctx, cs)
	if contact.ErrorCode(err) != contact.EINVALID || !strings.Contains(contact.ErrorMessage(err), `contact 3 of 5: email: "not-an-address"`) {
		t.Fatalf("got %v, want an invalid-email error naming contact 3 of 5", err)
	}
	assertEmpty(t, db)

	// A conflict found only while writing (a UID already taken in the same
	// batch) rolls back the contacts written before it.
	cs = gen.Generate(9, 5).Contacts
	cs[1].UID, cs[3].UID = "same-uid", "same-uid"
	if err := db.ImportContacts(ctx, cs); contact.ErrorCode(err) != contact.ECONFLICT {
		t.Fatalf("got %v, want a UID conflict", err)
	}
	assertEmpty(t, db)
}

// TestImportContactsLeavesNoStatistics: the benchmarks' and fixtures'
// databases plan their queries as users' do, which rolo never analyzes.
// Statistics of a first chunk (5,000 of a million contacts) made `rolo
// trash` take a second and sorted lists with 33 teammates four, where a
// user's database takes 0.02 and 0.2.
func TestImportContactsLeavesNoStatistics(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stat.db")
	db, err := sqlite.Open(context.Background(), path, sqlite.Options{Actor: "alice", Region: "US"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ImportContacts(context.Background(), gen.Generate(3, 2000).Contacts); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name LIKE 'sqlite_stat%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("ImportContacts left %d sqlite_stat tables: the planner's statistics of a fixture", n)
	}
}

func assertEmpty(t *testing.T, db *sqlite.DB) {
	t.Helper()
	all, err := db.FindContacts(context.Background(), contact.Filter{Scope: contact.ScopeAny, IncludeArchived: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 0 {
		t.Fatalf("the failed import left %d contacts behind", len(all))
	}
}

func hasID(cs []*contact.Contact, id int64) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}
