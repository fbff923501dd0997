package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/gen"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// importAll imports records into db and returns the batch and every
// outcome, in order.
func importAll(t *testing.T, db *sqlite.DB, recs []*contact.ImportRecord, opts contact.ImportOptions) (*contact.ImportBatch, []*contact.ImportOutcome, error) {
	t.Helper()
	i := 0
	next := func() (*contact.ImportRecord, error) {
		if i == len(recs) {
			return nil, io.EOF
		}
		i++
		return recs[i-1], nil
	}
	var outs []*contact.ImportOutcome
	if opts.Source == "" {
		opts.Source, opts.Format = "test.csv", "csv"
	}
	b, err := db.Import(context.Background(), next, opts, func(o *contact.ImportOutcome) error {
		outs = append(outs, o)
		return nil
	})
	return b, outs, err
}

func records(cs ...*contact.Contact) []*contact.ImportRecord {
	out := make([]*contact.ImportRecord, len(cs))
	for i, c := range cs {
		out[i] = &contact.ImportRecord{Contact: c}
	}
	return out
}

func person(first, last, email, phone string) *contact.Contact {
	c := &contact.Contact{FirstName: first, LastName: last}
	if email != "" {
		c.Emails = []contact.Email{{Address: email}}
	}
	if phone != "" {
		c.Phones = []contact.Phone{{Number: phone}}
	}
	return c
}

func statuses(outs []*contact.ImportOutcome) []string {
	var s []string
	for _, o := range outs {
		s = append(s, o.Status)
	}
	return s
}

func wantStatuses(t *testing.T, outs []*contact.ImportOutcome, want ...string) {
	t.Helper()
	if got := statuses(outs); !slices.Equal(got, want) {
		for _, o := range outs {
			if o.Err != nil {
				t.Logf("%s: %v", o.Status, o.Err)
			}
		}
		t.Fatalf("outcomes %v, want %v", got, want)
	}
}

func TestImportCreatesRejectsAndCounts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	recs := records(person("Ada", "Lovelace", "ada@example.com", "+44 20 7946 0958"),
		person("Grace", "Hopper", "grace@", ""),
		person("Alan", "Turing", "", "(415) 555-0100"))
	recs = append(recs[:2], append([]*contact.ImportRecord{{Err: contact.Errorf(contact.EINVALID, "line 4: bare \" in a field")}}, recs[2:]...)...)
	b, outs, err := importAll(t, db, recs, contact.ImportOptions{Tags: []string{"imported"}, DefaultVisibility: contact.Public})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportCreated, contact.ImportFailed, contact.ImportFailed, contact.ImportCreated)
	if msg := contact.ErrorMessage(outs[1].Err); msg != `email: "grace@" is not a valid email address` {
		t.Errorf("rejection says %q", msg)
	}
	if b.ID == 0 || b.Total != 4 || b.Imported != 2 || b.Failed != 2 || b.Skipped != 0 || b.Updated != 0 {
		t.Errorf("batch %+v", b)
	}
	cs, err := db.FindContacts(context.Background(), contact.Filter{Sort: []string{"id"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].Name != "Ada Lovelace" || cs[1].Phones[0].E164 != "+14155550100" {
		t.Fatalf("stored %v", cs)
	}
	for _, c := range cs {
		if !slices.Equal(c.Tags, []string{"imported"}) || c.Visibility != contact.Public || c.Owner != "alice" {
			t.Errorf("%s: tags %v, visibility %s, owner %s", c.Name, c.Tags, c.Visibility, c.Owner)
		}
	}
	// Found by the full-text index and by phone digits.
	if found, _ := db.FindContacts(context.Background(), contact.Filter{Query: "lovelace 7946"}); len(found) != 1 {
		t.Errorf("search finds %d", len(found))
	}
	bs, err := db.ImportBatches(context.Background(), 0, 0)
	if err != nil || len(bs) != 1 || bs[0].Remaining != 2 || bs[0].Source != "test.csv" || bs[0].User != "alice" {
		t.Fatalf("batches %+v %v", bs, err)
	}
}

func TestImportDuplicates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	ctx := context.Background()
	old := person("Ada", "Lovelace", "ada@example.com", "+1 415 555 0100")
	old.UID = "ada-1"
	if err := db.CreateContact(ctx, old); err != nil {
		t.Fatal(err)
	}
	uid := person("Augusta", "King", "", "")
	uid.UID = "ada-1"
	a, b := person("Twin", "One", "twins@example.com", ""), person("Twin", "Two", "twins@example.com", "")
	a.UID, b.UID = "twin-1", "twin-2"
	_, outs, err := importAll(t, db, records(
		person("ADA", "Lovelace", "ADA@Example.com", ""),   // email, any case: duplicate
		person("Bob", "Switchboard", "", "(415) 555-0100"), // same number, another name: a new contact
		person("", "", "", "+14155550100"),                 // the number alone: duplicate
		uid,                                                // same UID: duplicate
		person("Carol", "New", "carol@example.com", ""),    // new
		person("Carol", "Again", "CAROL@example.com", ""),  // an earlier record's email: duplicate
		a, b, // different UIDs: two contacts
		person("Dan", "Trash", "dan@example.com", ""), // new
	), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportSkipped, contact.ImportCreated, contact.ImportSkipped, contact.ImportSkipped,
		contact.ImportCreated, contact.ImportSkipped, contact.ImportCreated, contact.ImportCreated, contact.ImportCreated)
	if outs[0].ContactID != old.ID || outs[5].ContactID != outs[4].ContactID {
		t.Errorf("skipped records point at %d and %d", outs[0].ContactID, outs[5].ContactID)
	}

	// Importing the same records again adds nothing; with create, all.
	_, outs, err = importAll(t, db, records(person("Carol", "New", "carol@example.com", ""), person("Bob", "Switchboard", "", "(415) 555-0100")), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportSkipped, contact.ImportSkipped)
	again := person("Ada", "Lovelace", "ada@example.com", "")
	again.UID = "ada-1"
	_, outs, err = importAll(t, db, records(again), contact.ImportOptions{OnDuplicate: contact.OnDuplicateCreate})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportCreated)
	if c, _ := db.Contact(ctx, outs[0].ContactID); c.UID == "ada-1" || c.UID == "" {
		t.Errorf("a forced copy got UID %q", c.UID)
	}
	// A UID in the trash is still taken: skip says so by skipping, update
	// by rejecting the record.
	cs, _ := db.FindContacts(ctx, contact.Filter{Query: "dan@example.com"})
	if err := db.DeleteContacts(ctx, []int64{cs[0].ID}); err != nil {
		t.Fatal(err)
	}
	dan := person("Dan", "Trash", "", "")
	dan.UID = cs[0].UID
	_, outs, err = importAll(t, db, records(dan), contact.ImportOptions{OnDuplicate: contact.OnDuplicateUpdate})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportFailed)
	if !strings.Contains(contact.ErrorMessage(outs[0].Err), "is in the trash") {
		t.Errorf("rejection: %v", outs[0].Err)
	}
}

// Duplicates are found across chunks: the store validates and matches a
// few hundred records at a time.
func TestImportDuplicatesAcrossChunks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	var cs []*contact.Contact
	for i := range 2500 {
		cs = append(cs, person("P", fmt.Sprintf("N%d", i), fmt.Sprintf("p%d@example.com", i%1200), ""))
	}
	b, _, err := importAll(t, db, records(cs...), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Imported != 1200 || b.Skipped != 1300 {
		t.Errorf("batch %+v", b)
	}
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM contact_emails`); n != 1200 {
		t.Errorf("%d emails stored", n)
	}
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM contacts_fts`); n != 1200 {
		t.Errorf("%d search documents", n)
	}
}

// A large import stops asking SQLite about keys no contact holds once it
// has asked about a quarter as many as the database holds (keyFilter).
// The filter is then read from the database, the trash and other users'
// private contacts included, and grows with every chunk's records: each
// kind of duplicate is still found after it, and a private contact still
// matches nothing.
func TestImportDuplicatesAfterKeyFilter(t *testing.T) {
	_, alice, bob := aliceAndBob(t)
	ctx := context.Background()
	old := person("Ada", "Lovelace", "ada@example.com", "")
	old.UID = "ada-1"
	phone := person("Bob", "Phone", "", "+44 20 7946 0958")
	trashed := person("Dan", "Trash", "", "")
	trashed.UID = "dan-1"
	for _, c := range []*contact.Contact{old, phone, trashed} {
		if err := alice.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := alice.DeleteContacts(ctx, []int64{trashed.ID}); err != nil {
		t.Fatal(err)
	}
	hidden := person("Secret", "Source", "secret@example.com", "")
	hidden.Visibility = contact.Private
	if err := bob.CreateContact(ctx, hidden); err != nil {
		t.Fatal(err)
	}

	var cs []*contact.Contact
	for i := range 2600 {
		cs = append(cs, person("P", fmt.Sprintf("N%d", i), fmt.Sprintf("p%d@example.com", i), fmt.Sprintf("+1 415 555 %04d", i)))
	}
	uid, trashUID := person("Augusta", "King", "", ""), person("Dan", "Trash", "", "")
	uid.UID, trashUID.UID = "ada-1", "dan-1"
	// The filter is read from the database after the first chunk (a few
	// hundred records; the database holds a few keys); the records from
	// 1100 on are matched through it, those from 2100 on also with the
	// keys it took from records 1500 and 1600.
	for at, c := range map[int]*contact.Contact{
		1100: uid, 1101: person("ADA", "L", "ADA@example.com", ""), 1102: person("", "", "", "+44 (0)20 7946 0958"),
		1103: trashUID, 1104: person("Q", "Q", "p5@example.com", ""), 1105: person("", "", "", "+1 (415) 555-0007"),
		2100: person("R", "R", "p1500@example.com", ""), 2101: person("", "", "", "+1 415 555 1600"),
		2102: person("Secret", "Source", "secret@example.com", ""),
	} {
		cs[at] = c
	}
	_, outs, err := importAll(t, alice, records(cs...), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for at, want := range map[int]int64{1100: old.ID, 1101: old.ID, 1102: phone.ID, 1103: trashed.ID,
		1104: outs[5].ContactID, 1105: outs[7].ContactID, 2100: outs[1500].ContactID, 2101: outs[1600].ContactID} {
		if o := outs[at]; o.Status != contact.ImportSkipped || o.ContactID != want {
			t.Errorf("record %d: %s as contact %d, want skipped as %d", at, o.Status, o.ContactID, want)
		}
	}
	if o := outs[2102]; o.Status != contact.ImportCreated || o.ContactID == hidden.ID {
		t.Errorf("bob's private email: %s as contact %d", o.Status, o.ContactID)
	}
	created := 0
	for _, o := range outs {
		if o.Status == contact.ImportCreated {
			created++
		}
	}
	if want := 2600 - 8; created != want {
		t.Errorf("%d created, want %d", created, want)
	}
}

// A UID that is a UUID is the same in any case (Apple writes them in
// capitals, rolo in small letters): an import finds the contact holding
// it in the other case, before the key filter is built and through it;
// one only a contact the importer cannot see holds in the other case
// gets a stand-in, as when held as written; add refuses it when a
// visible contact holds it, and unmerge gives a contact whose UUID was
// taken in the other case since a new one.
func TestUUIDInAnyCase(t *testing.T) {
	_, alice, bob := aliceAndBob(t)
	ctx := context.Background()
	const (
		rolo  = "0e5f8a3c-1111-4222-8333-444455556666"
		apple = "7A1B2C3D-1111-4222-8333-444455556666"
		h1    = "aaaaaaaa-1111-4222-8333-444455556666"
		h2    = "bbbbbbbb-1111-4222-8333-444455556666"
	)
	byRolo, byApple := person("Ada", "Rolo", "", ""), person("Ada", "Apple", "", "")
	byRolo.UID, byApple.UID = rolo, apple
	for _, c := range []*contact.Contact{byRolo, byApple} {
		if err := alice.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, uid := range []string{h1, h2} {
		c := person("Secret", uid[:1], "", "")
		c.UID, c.Visibility = uid, contact.Private
		if err := bob.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}

	// Records 0 and 1 are matched before the filter is built, 600 and
	// 601 through it (it is read after the first chunk).
	var cs []*contact.Contact
	for i := range 700 {
		cs = append(cs, person("P", fmt.Sprintf("N%d", i), fmt.Sprintf("p%d@example.com", i), ""))
	}
	uid := func(first, u string) *contact.Contact { return &contact.Contact{FirstName: first, UID: u} }
	cs[0], cs[1] = uid("Ada", strings.ToUpper(rolo)), uid("Imp", strings.ToUpper(h1))
	cs[600], cs[601] = uid("Ada", strings.ToLower(apple)), uid("Imp", strings.ToUpper(h2))
	_, outs, err := importAll(t, alice, records(cs...), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for at, want := range map[int]int64{0: byRolo.ID, 600: byApple.ID} {
		if o := outs[at]; o.Status != contact.ImportSkipped || o.ContactID != want {
			t.Errorf("record %d: %s as contact %d, want skipped as %d", at, o.Status, o.ContactID, want)
		}
	}
	for at, asked := range map[int]string{1: strings.ToUpper(h1), 601: strings.ToUpper(h2)} {
		o := outs[at]
		c, err := alice.Contact(ctx, o.ContactID)
		if err != nil || o.Status != contact.ImportCreated || o.UIDTaken != asked || strings.EqualFold(c.UID, asked) {
			t.Errorf("record %d, a UUID bob holds in the other case: %s as %+v (%v), taken %q; want created with a UID of its own",
				at, o.Status, c, err, o.UIDTaken)
		}
	}
	// Importing them again finds them, in either case.
	_, outs, err = importAll(t, alice, records(uid("Imp", h1), uid("Imp", strings.ToLower(h2))), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportSkipped, contact.ImportSkipped)

	err = alice.CreateContact(ctx, uid("Again", strings.ToLower(apple)))
	wantCode(t, "add of a UUID a visible contact has in capitals", err, contact.ECONFLICT)

	keep := person("Keep", "Er", "", "")
	if err := alice.CreateContact(ctx, keep); err != nil {
		t.Fatal(err)
	}
	m, err := alice.Merge(ctx, keep.ID, []int64{byRolo.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	taker := uid("Taker", strings.ToUpper(rolo))
	if err := alice.CreateContact(ctx, taker); err != nil {
		t.Fatal(err)
	}
	res, err := alice.Unmerge(ctx, m.ID)
	if err != nil || !slices.Equal(res.NewUID, []int64{byRolo.ID}) {
		t.Fatalf("unmerge: %+v, %v; want contact %d back with a new UID", res, err, byRolo.ID)
	}
	if back, _ := alice.Contact(ctx, byRolo.ID); strings.EqualFold(back.UID, rolo) {
		t.Errorf("contact %d came back with %q, which contact %d holds as %q", byRolo.ID, back.UID, taker.ID, taker.UID)
	}
}

func TestImportUpdateAndMerge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	ctx := context.Background()
	old := person("Ada", "Lovelace", "ada@example.com", "+1 415 555 0100")
	old.Company, old.Title, old.Type = "Analytical", "CTO", "customer"
	old.Tags, old.Attributes = []string{"vip"}, map[string]string{"tier": "gold"}
	old.Notes = []contact.Note{{Text: "first note"}}
	if err := db.CreateContact(ctx, old); err != nil {
		t.Fatal(err)
	}
	rec := func() *contact.Contact {
		c := person("Ada", "Lovelace", "ada@example.com", "+44 20 7946 0958")
		c.Title, c.Department = "CEO", "Board"
		c.Tags, c.Attributes = []string{"speaker"}, map[string]string{"tier": "platinum", "source": "expo"}
		c.Notes = []contact.Note{{Text: "first note"}, {Text: "met again"}}
		return c
	}
	b, outs, err := importAll(t, db, records(rec()), contact.ImportOptions{OnDuplicate: contact.OnDuplicateUpdate})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportUpdated)
	if b.Updated != 1 || b.Imported != 0 {
		t.Errorf("batch %+v", b)
	}
	c, _ := db.Contact(ctx, old.ID)
	if c.Title != "CEO" || c.Department != "Board" || c.Company != "Analytical" || c.Type != "customer" {
		t.Errorf("update: title %q department %q company %q type %q", c.Title, c.Department, c.Company, c.Type)
	}
	if len(c.Phones) != 2 || !slices.Equal(c.Tags, []string{"speaker", "vip"}) || c.Attributes["tier"] != "platinum" || c.Attributes["source"] != "expo" {
		t.Errorf("update: phones %v tags %v attrs %v", c.Phones, c.Tags, c.Attributes)
	}
	if len(c.Notes) != 2 {
		t.Errorf("update: notes %v", c.Notes)
	}
	// The note the update brought with the other changes is indexed too.
	for _, q := range []string{"speaker", "met again"} {
		if found, _ := db.FindContacts(ctx, contact.Filter{Query: q}); len(found) != 1 {
			t.Errorf("the update's %q is not in the search index", q)
		}
	}
	// The same record again changes nothing: a duplicate, skipped.
	_, outs, _ = importAll(t, db, records(rec()), contact.ImportOptions{OnDuplicate: contact.OnDuplicateUpdate})
	wantStatuses(t, outs, contact.ImportSkipped)

	// Merge fills only what is empty and keeps every value.
	m := person("Ada", "Lovelace", "ada@example.com", "")
	m.Title, m.Nickname = "Countess", "Ada"
	m.Attributes = map[string]string{"tier": "silver"}
	m.Notes = []contact.Note{{Text: "entered from a business card"}}
	_, outs, err = importAll(t, db, records(m), contact.ImportOptions{OnDuplicate: contact.OnDuplicateMerge})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportMerged)
	c, _ = db.Contact(ctx, old.ID)
	if c.Title != "CEO" || c.Nickname != "Ada" || c.Attributes["tier"] != "platinum" || c.Attributes["tier.imported"] != "silver" {
		t.Errorf("merge: title %q nickname %q attrs %v", c.Title, c.Nickname, c.Attributes)
	}
	if found, _ := db.FindContacts(ctx, contact.Filter{Query: "business card"}); len(found) != 1 {
		t.Errorf("the note the merge brought is not in the search index")
	}
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM contacts`); n != 1 {
		t.Errorf("%d contacts", n)
	}
}

// A private contact of another user is never matched, updated or named:
// the record is simply created, even with its UID.
func TestImportNeverTouchesHiddenContacts(t *testing.T) {
	path, alice, bob := aliceAndBob(t)
	ctx := context.Background()
	hidden := person("Secret", "Source", "secret@example.com", "+1 415 555 0199")
	hidden.UID, hidden.Visibility, hidden.Company = "secret-1", contact.Private, "Hidden Corp"
	if err := bob.CreateContact(ctx, hidden); err != nil {
		t.Fatal(err)
	}
	before := count(t, rawDB(t, path), `SELECT count(*) FROM changes WHERE contact_id = ?`, hidden.ID)
	for _, policy := range contact.DuplicatePolicies {
		rec := person("Secret", "Source", "secret@example.com", "+1 415 555 0199")
		rec.UID, rec.Title = "secret-1", "Spy"
		_, outs, err := importAll(t, alice, records(rec), contact.ImportOptions{OnDuplicate: policy})
		if err != nil {
			t.Fatalf("%s: %v", policy, err)
		}
		if outs[0].ContactID == hidden.ID {
			t.Errorf("%s: outcome names the hidden contact", policy)
		}
		// The first import creates alice's own; later ones match hers.
		c, err := alice.Contact(ctx, outs[0].ContactID)
		if err != nil || c.Owner != "alice" || c.UID == "secret-1" {
			t.Errorf("%s: alice's contact %+v %v", policy, c, err)
		}
	}
	got, err := bob.Contact(ctx, hidden.ID)
	if err != nil || got.Title != "" || got.UID != "secret-1" {
		t.Errorf("bob's contact changed: %+v %v", got, err)
	}
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM changes WHERE contact_id = ?`, hidden.ID); n != before {
		t.Errorf("bob's contact has %d change rows, had %d", n, before)
	}
}

// A record whose UID only a contact the importer cannot see holds creates
// the importer's own contact under a stand-in UID. Importing it again
// finds that contact, also for a record with no other key, which used to
// create another contact each time.
func TestImportAgainWithHiddenUID(t *testing.T) {
	_, alice, bob := aliceAndBob(t)
	ctx := context.Background()
	hidden := person("Secret", "Source", "", "")
	hidden.UID, hidden.Visibility = "sync-1", contact.Private
	if err := bob.CreateContact(ctx, hidden); err != nil {
		t.Fatal(err)
	}
	rec := func() *contact.Contact { return &contact.Contact{FirstName: "Imp", UID: "sync-1"} }
	_, outs, err := importAll(t, alice, records(rec()), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportCreated)
	first, err := alice.Contact(ctx, outs[0].ContactID)
	if err != nil || first.UID == "sync-1" || first.UID == "" || outs[0].UIDTaken != "sync-1" {
		t.Fatalf("first import: contact %+v (%v), taken %q", first, err, outs[0].UIDTaken)
	}
	for _, policy := range []string{"", contact.OnDuplicateSkip, contact.OnDuplicateUpdate, contact.OnDuplicateMerge} {
		_, outs, err := importAll(t, alice, records(rec()), contact.ImportOptions{OnDuplicate: policy})
		if err != nil {
			t.Fatal(err)
		}
		if o := outs[0]; o.Status != contact.ImportSkipped || o.ContactID != first.ID || o.UIDTaken != "" {
			t.Errorf("again with %q: %s as contact %d (taken %q), want skipped as %d", policy, o.Status, o.ContactID, o.UIDTaken, first.ID)
		}
	}
	// create makes another all the same, and add another again: each with
	// a UID of its own, the stand-in being taken.
	_, outs, err = importAll(t, alice, records(rec()), contact.ImportOptions{OnDuplicate: contact.OnDuplicateCreate})
	if err != nil {
		t.Fatal(err)
	}
	added := rec()
	if err := alice.CreateContact(ctx, added); err != nil {
		t.Fatal(err)
	}
	created, err := alice.Contact(ctx, outs[0].ContactID)
	if err != nil || outs[0].Status != contact.ImportCreated || created.ID == first.ID {
		t.Fatalf("with create: %s as %+v (%v)", outs[0].Status, created, err)
	}
	uids := map[string]bool{first.UID: true, created.UID: true, added.UID: true, "sync-1": true}
	if len(uids) != 4 {
		t.Errorf("UIDs %q, %q and %q: want three new ones", first.UID, created.UID, added.UID)
	}
}

// A record matches an earlier record of its own chunk as it would match
// the contact that record wrote from a later chunk, through the database
// (review CF found both differences at 500 to 999 records apart): a
// contact the input puts in the trash by its UID alone, and a contact an
// earlier record renamed by its name as it is now.
func TestImportMatchesEarlierRecordsAsStored(t *testing.T) {
	for _, policy := range []string{contact.OnDuplicateSkip, contact.OnDuplicateUpdate} {
		path := filepath.Join(t.TempDir(), "rolo.db")
		db := openAs(t, path, "alice", newClock())
		trashed := person("Dup", "", "dup@example.com", "+1 415 555 0199")
		trashed.UID, trashed.Deleted = "u-dup", true
		byUID := &contact.Contact{FirstName: "Dup", UID: "u-dup", Title: "x"}
		_, outs, err := importAll(t, db, records(trashed, person("Dup", "", "DUP@example.com", ""), person("Dup", "", "", "(415) 555-0199"), byUID),
			contact.ImportOptions{OnDuplicate: policy})
		if err != nil {
			t.Fatalf("%s: %v", policy, err)
		}
		uidOutcome := contact.ImportSkipped
		if policy == contact.OnDuplicateUpdate {
			uidOutcome = contact.ImportFailed // "is in the trash"
		}
		wantStatuses(t, outs, contact.ImportCreated, contact.ImportCreated, contact.ImportCreated, uidOutcome)
	}

	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	seed := person("G", "Big", "", "+1 212 555 0100")
	seed.UID = "in-g"
	if _, _, err := importAll(t, db, records(seed), contact.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	renamed := &contact.Contact{UID: "in-g", FirstName: "Z", LastName: "Big"}
	_, outs, err := importAll(t, db, records(renamed, person("G", "Big", "", "(212) 555-0100")), contact.ImportOptions{OnDuplicate: contact.OnDuplicateUpdate})
	if err != nil {
		t.Fatal(err)
	}
	// Z Big now: G Big's number is another person's.
	wantStatuses(t, outs, contact.ImportUpdated, contact.ImportCreated)
}

func TestImportForcedPrivateOnPublicIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	ctx := context.Background()
	pub := person("Pat", "Public", "pat@example.com", "")
	pub.Visibility = contact.Public
	if err := db.CreateContact(ctx, pub); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, path)
	before := count(t, raw, `SELECT count(*) FROM changes`)
	recs := records(person("New", "One", "new@example.com", ""), person("Pat", "Public", "pat@example.com", ""))
	_, _, err := importAll(t, db, recs, contact.ImportOptions{OnDuplicate: contact.OnDuplicateUpdate, Visibility: contact.Private})
	wantCode(t, "import --private --on-duplicate update", err, contact.EPERM)
	if n := count(t, raw, `SELECT count(*) FROM contacts`); n != 1 {
		t.Errorf("%d contacts after a refused import", n)
	}
	if n := count(t, raw, `SELECT count(*) FROM import_batches`); n != 0 {
		t.Errorf("%d batches after a refused import", n)
	}
	if n := count(t, raw, `SELECT count(*) FROM changes`); n != before {
		t.Errorf("change log grew")
	}
	// A record that says private for a public contact is rejected alone.
	rec := person("Pat", "Public", "pat@example.com", "")
	rec.Visibility = contact.Private
	_, outs, err := importAll(t, db, records(rec), contact.ImportOptions{OnDuplicate: contact.OnDuplicateUpdate})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportFailed)
	if !strings.Contains(contact.ErrorMessage(outs[0].Err), "can never be made private") {
		t.Errorf("rejection: %v", outs[0].Err)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	ctx := context.Background()
	if err := db.CreateContact(ctx, person("Ada", "Lovelace", "ada@example.com", "")); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, path)
	before := count(t, raw, `SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM changes) + (SELECT count(*) FROM import_batches)`)
	b, outs, err := importAll(t, db, records(person("Ada", "Lovelace", "ada@example.com", ""), person("New", "One", "new@example.com", ""),
		person("New", "Twice", "NEW@example.com", ""), person("Bad", "Mail", "bad@", "")), contact.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportSkipped, contact.ImportCreated, contact.ImportSkipped, contact.ImportFailed)
	if b.ID != 0 || b.Imported != 1 || b.Skipped != 2 || b.Failed != 1 {
		t.Errorf("dry-run batch %+v", b)
	}
	if after := count(t, raw, `SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM changes) + (SELECT count(*) FROM import_batches)`); after != before {
		t.Errorf("dry run wrote %d rows", after-before)
	}
}

func TestImportKeyColumn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	rec := func(no, email, title string) *contact.Contact {
		c := person("Kim", "Key", email, "")
		c.Title, c.Attributes = title, map[string]string{"customer_no": no}
		return c
	}
	if _, _, err := importAll(t, db, records(rec("C-1", "kim@old.example", "Buyer")), contact.ImportOptions{KeyField: "attr.customer_no"}); err != nil {
		t.Fatal(err)
	}
	// Same key, new email: the same contact, updated. Another key with
	// the same email: a contact of its own.
	_, outs, err := importAll(t, db, records(rec("C-1", "kim@new.example", "Head Buyer"), rec("C-2", "kim@new.example", "")),
		contact.ImportOptions{KeyField: "attr.customer_no", OnDuplicate: contact.OnDuplicateUpdate})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportUpdated, contact.ImportCreated)
	c, _ := db.Contact(context.Background(), outs[0].ContactID)
	if c.Title != "Head Buyer" || len(c.Emails) != 2 {
		t.Errorf("keyed update: %q %v", c.Title, c.Emails)
	}
	_, _, err = importAll(t, db, nil, contact.ImportOptions{KeyField: "company name"})
	wantCode(t, "--key with a bad field", err, contact.EINVALID)
}

// A number without + is read in the country of the record's first
// address, else in the profile's region; one read abroad is stored in
// international form, so that it keeps its meaning when edited later.
func TestImportReadsNumbersInTheRecordsCountry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	ctx := context.Background()
	uk := person("Ada", "Lovelace", "", "020 7946 0958")
	uk.Addresses = []contact.Address{{Label: "home", City: "London", Country: "United Kingdom"}}
	us := person("Grace", "Hopper", "", "(202) 555-0100")
	_, outs, err := importAll(t, db, records(uk, us), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportCreated, contact.ImportCreated)
	a, _ := db.Contact(ctx, outs[0].ContactID)
	g, _ := db.Contact(ctx, outs[1].ContactID)
	if a.Phones[0].E164 != "+442079460958" || a.Phones[0].Number != "+44 20 7946 0958" || g.Phones[0].E164 != "+12025550100" || g.Phones[0].Number != "(202) 555-0100" {
		t.Fatalf("phones %v %v", a.Phones, g.Phones)
	}
	if _, _, err := db.UpdateContact(ctx, a.ID, func(c *contact.Contact) error { c.Title = "Countess"; return nil }); err != nil {
		t.Errorf("editing the contact later: %v", err)
	}
}

// What a record from another rolo carries besides its fields comes back:
// times, note authors, favorite, archived, blocked, last activity.
func TestImportRestoresState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	clk := newClock()
	db := openAs(t, path, "alice", clk)
	addUser(t, path, "bob", "member")
	at := func(s string) *time.Time {
		tm, _ := time.Parse(time.RFC3339, s)
		return &tm
	}
	c := person("Old", "Friend", "old@example.com", "")
	c.ID, c.UID = 77, "old-friend"
	c.CreatedAt, c.UpdatedAt = *at("2020-01-02T03:04:05Z"), *at("2021-01-02T03:04:05Z")
	c.Notes = []contact.Note{{ID: 9, Author: "bob", Text: "newer", CreatedAt: *at("2022-01-01T00:00:00Z")},
		{ID: 8, Author: "nobody", Text: "older", CreatedAt: *at("2021-06-01T00:00:00Z")}}
	c.Favorite, c.Archived, c.ArchivedAt = true, true, at("2023-01-01T00:00:00Z")
	c.LastActivityAt, c.LastChannel = at("2022-05-05T05:05:05Z"), "sms"
	c.Blocked = &contact.Block{Reason: "spam", By: "bob", CreatedAt: *at("2022-02-02T00:00:00Z")}
	_, outs, err := importAll(t, db, records(c), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportCreated)
	got, err := db.Contact(context.Background(), outs[0].ContactID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID == 77 || got.UID != "old-friend" || !got.CreatedAt.Equal(c.CreatedAt) || !got.UpdatedAt.Equal(c.UpdatedAt) {
		t.Errorf("identity and times: %d %s %s %s", got.ID, got.UID, got.CreatedAt, got.UpdatedAt)
	}
	if len(got.Notes) != 2 || got.Notes[0].Text != "newer" || got.Notes[0].Author != "bob" || got.Notes[1].Author != "alice" || !got.Notes[1].CreatedAt.Equal(c.Notes[1].CreatedAt) {
		t.Errorf("notes %+v", got.Notes)
	}
	if !got.Favorite || !got.Archived || got.LastChannel != "sms" || got.Blocked == nil || got.Blocked.By != "bob" || got.Blocked.Reason != "spam" {
		t.Errorf("state: favorite %v archived %v channel %q blocked %+v", got.Favorite, got.Archived, got.LastChannel, got.Blocked)
	}
}

// A vCard's REV with no creation time: the contact is created now, and
// not "updated" years before that.
func TestImportRevisionBeforeCreation(t *testing.T) {
	clk := newClock()
	db := openAs(t, filepath.Join(t.TempDir(), "rolo.db"), "alice", clk)
	c := person("Rev", "Only", "rev@example.com", "")
	c.UpdatedAt = time.Date(2008, 1, 28, 13, 55, 15, 0, time.UTC)
	_, outs, err := importAll(t, db, records(c), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Contact(context.Background(), outs[0].ContactID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(clk.t) || !got.UpdatedAt.Equal(clk.t) {
		t.Errorf("created %s, updated %s; want both %s", got.CreatedAt, got.UpdatedAt, clk.t)
	}
}

// Times in a record may not lie in the future (past a day of clock skew):
// a contact "created" next year would count as new for a year.
func TestImportRefusesFutureTimes(t *testing.T) {
	clk := newClock()
	db := openAs(t, filepath.Join(t.TempDir(), "rolo.db"), "alice", clk)
	next := clk.t.AddDate(1, 0, 0)
	soon := clk.t.Add(time.Hour)
	created := person("Fut", "Created", "", "")
	created.CreatedAt = next
	active := person("Fut", "Active", "", "")
	active.LastActivityAt = &next
	noted := person("Fut", "Noted", "", "")
	noted.Notes = []contact.Note{{Text: "n", CreatedAt: next}}
	deleted := person("Fut", "Deleted", "", "")
	deleted.DeletedAt = &next
	blocked := person("Fut", "Blocked", "", "")
	blocked.Blocked = &contact.Block{Reason: "r", CreatedAt: next}
	called := person("Fut", "Called", "", "")
	called.Interactions = []contact.Interaction{{Channel: "call", Direction: "in", At: soon}}
	skewed := person("Skewed", "Clock", "", "")
	skewed.CreatedAt, skewed.UpdatedAt = soon, soon
	_, outs, err := importAll(t, db, records(created, active, noted, deleted, blocked, called, skewed), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportFailed, contact.ImportFailed, contact.ImportFailed, contact.ImportFailed, contact.ImportFailed, contact.ImportFailed, contact.ImportCreated)
	for i, want := range []string{"created_at: 2027-06-15T12:00:00Z is in the future", "last_activity_at: 2027-06-15T12:00:00Z is in the future",
		"notes[0].created_at: 2027-06-15T12:00:00Z is in the future", "deleted_at: 2027-06-15T12:00:00Z is in the future",
		"blocked.created_at: 2027-06-15T12:00:00Z is in the future",
		// An interaction, as log --at, not even within the day's skew.
		"interactions[0].at: 2026-06-15T13:00:00Z is in the future"} {
		if outs[i].Err == nil || !strings.Contains(outs[i].Err.Error(), want) {
			t.Errorf("record %d: %v, want %q", i+1, outs[i].Err, want)
		}
	}
}

// Times in a record before 1900 (in UTC) are refused, as an interaction's
// are: a last activity in the year 1 was shown as none, yet counted for
// activity:>30d. A created_at left out (the zero time) is the import's.
func TestImportRefusesTimesBefore1900(t *testing.T) {
	clk := newClock()
	db := openAs(t, filepath.Join(t.TempDir(), "rolo.db"), "alice", clk)
	zero, old := time.Time{}, time.Date(1899, 12, 31, 23, 0, 0, 0, time.UTC)
	east := time.Date(1900, 1, 1, 0, 30, 0, 0, time.FixedZone("+14", 14*3600)) // 1899 in UTC
	never := person("Old", "Never", "", "")
	never.LastActivityAt = &zero
	active := person("Old", "Active", "", "")
	active.LastActivityAt = &old
	created := person("Old", "Created", "", "")
	created.CreatedAt = east
	archived := person("Old", "Archived", "", "")
	archived.Archived, archived.ArchivedAt = true, &zero
	noted := person("Old", "Noted", "", "")
	noted.Notes = []contact.Note{{Text: "n", CreatedAt: old}}
	plain := person("No", "Times", "", "")
	_, outs, err := importAll(t, db, records(never, active, created, archived, noted, plain), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportFailed, contact.ImportFailed, contact.ImportFailed, contact.ImportFailed, contact.ImportFailed, contact.ImportCreated)
	for i, want := range []string{"last_activity_at: 0001-01-01T00:00:00Z is before 1900", "last_activity_at: 1899-12-31T23:00:00Z is before 1900",
		"created_at: 1899-12-31T10:30:00Z is before 1900", "archived_at: 0001-01-01T00:00:00Z is before 1900",
		"notes[0].created_at: 1899-12-31T23:00:00Z is before 1900"} {
		if outs[i].Err == nil || !strings.Contains(outs[i].Err.Error(), want) || contact.ErrorCode(outs[i].Err) != contact.EINVALID {
			t.Errorf("record %d: %v, want %q", i+1, outs[i].Err, want)
		}
	}
}

func TestUndoImport(t *testing.T) {
	path, db, bob := aliceAndBob(t)
	ctx := context.Background()
	keep := person("Kept", "Before", "kept@example.com", "")
	if err := db.CreateContact(ctx, keep); err != nil {
		t.Fatal(err)
	}
	upd := person("Kept", "Before", "kept@example.com", "")
	upd.Title = "Updated by the import"
	b, _, err := importAll(t, db, records(upd, person("New", "One", "one@example.com", ""), person("New", "Two", "two@example.com", "")),
		contact.ImportOptions{OnDuplicate: contact.OnDuplicateUpdate})
	if err != nil {
		t.Fatal(err)
	}
	if b.Imported != 2 || b.Updated != 1 {
		t.Fatalf("batch %+v", b)
	}
	// Another import's contact, one of this batch in the trash, and one
	// edited since and noted (by bob: it is public).
	other, _, _ := importAll(t, db, records(person("Other", "Batch", "other@example.com", "")), contact.ImportOptions{})
	two, _ := db.FindContacts(ctx, contact.Filter{Query: "two@example.com"})
	if err := db.DeleteContacts(ctx, []int64{two[0].ID}); err != nil {
		t.Fatal(err)
	}
	three := person("New", "Three", "three@example.com", "")
	three.Visibility = contact.Public
	b3, _, err := importAll(t, db, records(three), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found, _ := db.FindContacts(ctx, contact.Filter{Query: "three@example.com"})
	if _, err := bob.AddNote(ctx, []int64{found[0].ID}, "called, wants a demo"); err != nil {
		t.Fatal(err)
	}
	res3, err := db.UndoImport(ctx, b3.ID)
	if err != nil || res3.Removed != 0 || len(res3.Kept) != 1 || !strings.Contains(res3.Kept[0], "(New Three): changed since the import") {
		t.Fatalf("undo of a batch whose contact was noted since: %+v, %v", res3, err)
	}
	// bob may undo alice's import as far as he may delete: her private
	// contacts, which he cannot see, are neither erased nor named, and
	// keep it open for her.
	if res, err := bob.UndoImport(ctx, b.ID); err != nil || res.Removed != 0 || len(res.Kept) != 0 || res.Denied != 0 || res.Batch.UndoneAt != nil {
		t.Fatalf("bob undoes alice's import: %+v, %v; want nothing erased, nothing named, the batch open", res, err)
	}
	_, err = bob.UndoImport(ctx, 99)
	wantCode(t, "undo of no import", err, contact.ENOTFOUND)

	res, err := db.UndoImport(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 2 || len(res.Kept) != 0 {
		t.Errorf("undo %+v", res)
	}
	raw := rawDB(t, path)
	if n := count(t, raw, `SELECT count(*) FROM contacts`); n != 3 {
		t.Errorf("%d contacts left, want the one before, the other batch's and the noted one", n)
	}
	if n := count(t, raw, `SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH 'one OR two'`); n != 0 {
		t.Errorf("the search index still has %d of them", n)
	}
	c, _ := db.Contact(ctx, keep.ID)
	if c.Title != "Updated by the import" {
		t.Errorf("the update was undone: %q", c.Title)
	}
	// Undoing it again is no change.
	if again, err := db.UndoImport(ctx, b.ID); err != nil || !again.AlreadyUndone || again.Removed != 0 || again.Batch.UndoneAt == nil {
		t.Errorf("undo twice: %+v, %v; want no change", again, err)
	}
	bs, _ := db.ImportBatches(ctx, 0, 0)
	if len(bs) != 3 || bs[2].ID != b.ID || bs[2].UndoneAt == nil || bs[2].Remaining != 0 || bs[1].ID != other.ID || bs[1].Remaining != 1 {
		t.Errorf("batches after undo: %+v", bs)
	}
	// bob lists alice's imports too, without the counts of records that
	// may have been her private contacts.
	bs, _ = bob.ImportBatches(ctx, 0, 0)
	if len(bs) != 3 || bs[2].User != "alice" || !bs[2].CountsHidden || bs[2].Total != 0 || bs[2].Imported != 0 || bs[1].Remaining != 0 {
		t.Errorf("bob's list of alice's imports: %+v", bs)
	}
}

// What alice did since with the private contacts of her import, which bob
// cannot see, does not show in bob's undo of it: whether she left one as
// it was, edited it, noted it, merged another contact into it, merged it
// into a contact of hers or put it in the trash, his undo and its preview
// erase nothing, name nothing and leave the import open for her, and his
// list of imports shows it the same way. She then closes each one.
func TestUndoImportHidesWhatWasDoneWithHiddenContacts(t *testing.T) {
	_, alice, bob := aliceAndBob(t)
	ctx := context.Background()
	mine := func(first string) int64 {
		t.Helper()
		c := person(first, "Mine", "", "")
		c.Visibility = contact.Private
		if err := alice.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	states := []struct {
		name string
		do   func(id int64) error
	}{
		{"left as it was", func(int64) error { return nil }},
		{"edited", func(id int64) error {
			_, _, err := alice.UpdateContact(ctx, id, func(c *contact.Contact) error { c.Title = "CTO"; return nil })
			return err
		}},
		{"noted", func(id int64) error { _, err := alice.AddNote(ctx, []int64{id}, "pricing call"); return err }},
		{"merged into", func(id int64) error {
			_, err := alice.Merge(ctx, id, []int64{mine("Into")}, contact.MergeOptions{})
			return err
		}},
		{"merged away", func(id int64) error {
			_, err := alice.Merge(ctx, mine("Keep"), []int64{id}, contact.MergeOptions{})
			return err
		}},
		{"in the trash", func(id int64) error { return alice.DeleteContacts(ctx, []int64{id}) }},
	}
	batches := map[string]int64{}
	for i, s := range states {
		b, _, err := importAll(t, alice, records(person("Secret", fmt.Sprint("Lead", i), fmt.Sprintf("lead%d@hidden.example", i), "")), contact.ImportOptions{})
		if err != nil || b.Imported != 1 {
			t.Fatalf("%s: import %+v, %v", s.name, b, err)
		}
		found, err := alice.FindContacts(ctx, contact.Filter{Query: fmt.Sprintf("lead%d@hidden.example", i)})
		if err != nil || len(found) != 1 {
			t.Fatalf("%s: found %v, %v", s.name, found, err)
		}
		if err := s.do(found[0].ID); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		batches[s.name] = b.ID
	}
	for _, s := range states {
		id := batches[s.name]
		plan, err := bob.PreviewUndoImport(ctx, id)
		if err != nil || plan.Removed != 0 || len(plan.Kept) != 0 || plan.Denied != 0 {
			t.Errorf("%s: bob's preview %+v, %v; want nothing erased or named", s.name, plan, err)
		}
		res, err := bob.UndoImport(ctx, id)
		if err != nil || res.Removed != 0 || len(res.Kept) != 0 || res.Denied != 0 || res.Batch.UndoneAt != nil || res.Batch.Remaining != 0 {
			t.Errorf("%s: bob's undo %+v, %v; want nothing erased or named, the import open", s.name, res, err)
		}
	}
	bs, err := bob.ImportBatches(ctx, 0, 0)
	if err != nil || len(bs) != len(states) {
		t.Fatalf("bob's imports: %+v, %v", bs, err)
	}
	for _, b := range bs {
		if b.UndoneAt != nil || b.Remaining != 0 || !b.CountsHidden {
			t.Errorf("bob's list: import %d %+v; want it open, nothing remaining, no counts", b.ID, b)
		}
	}
	for _, s := range states {
		if res, err := alice.UndoImport(ctx, batches[s.name]); err != nil || res.Batch.UndoneAt == nil {
			t.Errorf("%s: alice's undo %+v, %v; want the import undone", s.name, res, err)
		}
	}
}

// import undo erases as delete --purge does: none of the batch's text is
// left in the file or its -wal file, not even the older version of a row
// that a move to the trash and back (which do not keep the contact) left.
func TestUndoImportLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	if err := db.CreateContact(ctx, person("Kept", "Before", "kept@example.com", "")); err != nil {
		t.Fatal(err)
	}
	gone := person("Pangolin", "Wrenfeather", "pangolin@wrenfeather.example", "+1 415 555 0144")
	gone.Notes = []contact.Note{{Text: "owes us a lighthouse"}}
	b, _, err := importAll(t, db, records(gone), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found, _ := db.FindContacts(ctx, contact.Filter{Query: "wrenfeather"})
	if len(found) != 1 {
		t.Fatalf("found %d contacts after the import", len(found))
	}
	if err := db.DeleteContacts(ctx, []int64{found[0].ID}); err != nil {
		t.Fatal(err)
	}
	if err := db.RestoreContacts(ctx, []int64{found[0].ID}); err != nil {
		t.Fatal(err)
	}
	// Merged into the contact from before and unmerged: the undone merge
	// held it as it was, and the other's log its values.
	kept, _ := db.FindContacts(ctx, contact.Filter{Query: "kept"})
	m, err := db.Merge(ctx, kept[0].ID, []int64{found[0].ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Unmerge(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, path)
	mustExec(t, raw, `PRAGMA wal_checkpoint(TRUNCATE)`)
	res, err := db.UndoImport(ctx, b.ID)
	if err != nil || res.Removed != 1 {
		t.Fatalf("undo: %+v, %v", res, err)
	}
	for _, left := range fileHolds(t, path, []string{found[0].UID, "pangolin", "wrenfeather", "4155550144", "lighthouse"}) {
		t.Errorf("%s of the contact the undone import created", left)
	}
	if cs, _ := db.FindContacts(ctx, contact.Filter{Query: "kept"}); len(cs) != 1 {
		t.Errorf("the contact from before the import is not found after the undo: %v", cs)
	}
}

// A record the reader cannot give (a broken file) stops the import, and
// nothing is written.
func TestImportReadErrorWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	n := 0
	next := func() (*contact.ImportRecord, error) {
		if n++; n > 1500 {
			return nil, errors.New("record 1501: invalid JSON")
		}
		return &contact.ImportRecord{Contact: person("P", fmt.Sprint(n), fmt.Sprintf("p%d@example.com", n), "")}, nil
	}
	_, err := db.Import(context.Background(), next, contact.ImportOptions{Source: "x.json", Format: "json"}, nil)
	if err == nil || !strings.Contains(err.Error(), "record 1501") {
		t.Fatalf("err = %v", err)
	}
	raw := rawDB(t, path)
	if c := count(t, raw, `SELECT count(*) FROM contacts`) + count(t, raw, `SELECT count(*) FROM import_batches`); c != 0 {
		t.Errorf("%d rows written by a failed import", c)
	}
}

// An interrupted import (Ctrl-C cancels the context) stops at the next
// record and writes nothing, although its statements run uncancelled;
// also between two chunks, when database/sql has already rolled the
// transaction back (1000 ends a chunk).
func TestImportInterruptedWritesNothing(t *testing.T) {
	for _, at := range []int{1000, 1234} {
		path := filepath.Join(t.TempDir(), "rolo.db")
		db := openAs(t, path, "alice", newClock())
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		n, reported := 0, 0
		next := func() (*contact.ImportRecord, error) {
			if n++; n > 5000 {
				return nil, io.EOF
			}
			return &contact.ImportRecord{Contact: person("P", fmt.Sprint(n), fmt.Sprintf("p%d@example.com", n), "")}, nil
		}
		_, err := db.Import(ctx, next, contact.ImportOptions{Source: "x.csv", Format: "csv"}, func(*contact.ImportOutcome) error {
			if reported++; reported == at {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled at %d: err = %v, want context.Canceled", at, err)
		}
		if reported != at {
			t.Errorf("%d records reported; the import should stop at the record after the interruption, %d", reported, at)
		}
		raw := rawDB(t, path)
		if c := count(t, raw, `SELECT count(*) FROM contacts`) + count(t, raw, `SELECT count(*) FROM import_batches`); c != 0 {
			t.Errorf("cancelled at %d: %d rows written by an interrupted import", at, c)
		}
	}
}

// Interactions travel with rolo's own export: EachContact reads them for
// the contacts the reader sees, an import restores them (users as notes'
// authors are: a login the database does not know becomes the importer),
// moves the last activity to the latest, adds only the missing ones to a
// duplicate, and an undo takes them away with the batch.
func TestImportRestoresInteractions(t *testing.T) {
	path, alice, bob := aliceAndBob(t)
	ctx := context.Background()
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	c := person("Ivy", "Log", "ivy@example.com", "")
	c.LastActivityAt, c.LastChannel = new(time.Time), "sms"
	*c.LastActivityAt = at("2025-01-01T00:00:00Z")
	c.Interactions = []contact.Interaction{
		{ID: 41, ContactID: 7, User: "bob", Channel: "call", Direction: "in", At: at("2026-03-01T10:00:00Z"),
			Summary: "wants a quote", DurationSeconds: 300, CreatedAt: at("2026-03-01T10:05:00Z")},
		{ID: 40, ContactID: 7, User: "nobody", Channel: "Meeting", Direction: "outbound", At: at("2024-02-01T09:00:00Z")},
	}
	b, outs, err := importAll(t, alice, records(c), contact.ImportOptions{Source: "e.json", Format: "json"})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportCreated)
	id := outs[0].ContactID
	its, err := alice.Interactions(ctx, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(its) != 2 {
		t.Fatalf("interactions after the import: %+v", its)
	}
	if got := its[0]; got.User != "bob" || got.Channel != "call" || got.Direction != "in" || !got.At.Equal(c.Interactions[0].At) ||
		got.Summary != "wants a quote" || got.DurationSeconds != 300 || !got.CreatedAt.Equal(at("2026-03-01T10:05:00Z")) || got.ContactID != id {
		t.Errorf("bob's call came back as %+v", got)
	}
	if got := its[1]; got.User != "alice" || got.Channel != "meeting" || got.Direction != "out" || !got.At.Equal(c.Interactions[1].At) {
		t.Errorf("the meeting logged by a user this database does not have came back as %+v", got)
	}
	got, _ := alice.Contact(ctx, id)
	if got.LastActivityAt == nil || !got.LastActivityAt.Equal(c.Interactions[0].At) || got.LastChannel != "call" {
		t.Errorf("last activity %v %q, want the latest interaction's", got.LastActivityAt, got.LastChannel)
	}

	// What an export reads: every interaction, newest first, for the
	// contacts the reader sees only (the contact is alice's and private).
	var read []*contact.Contact
	each := func(db *sqlite.DB) {
		read = nil
		if err := db.EachContact(ctx, contact.Filter{Interactions: true}, 100, func(cs []*contact.Contact) error {
			read = append(read, cs...)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	each(alice)
	if len(read) != 1 || len(read[0].Interactions) != 2 || read[0].Interactions[0].Summary != "wants a quote" || read[0].Interactions[1].User != "alice" {
		t.Errorf("alice's export reads %+v", read)
	}
	each(bob)
	if len(read) != 0 {
		t.Errorf("bob's export reads alice's private contact: %+v", read)
	}

	// Merged into a duplicate: only the interaction it lacks is added, and
	// importing the same record again changes nothing.
	dup := person("Ivy", "Log", "ivy@example.com", "")
	dup.Interactions = []contact.Interaction{c.Interactions[0], {User: "alice", Channel: "email", Direction: "out", At: at("2026-04-01T08:00:00Z")}}
	_, outs, err = importAll(t, alice, records(dup), contact.ImportOptions{OnDuplicate: contact.OnDuplicateMerge})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportMerged)
	if its, _ := alice.Interactions(ctx, id, 0); len(its) != 3 || its[0].Channel != "email" {
		t.Errorf("after the merge: %+v", its)
	}
	if got, _ := alice.Contact(ctx, id); got.LastChannel != "email" {
		t.Errorf("last channel %q after the merge, want email", got.LastChannel)
	}
	_, outs, _ = importAll(t, alice, records(dup), contact.ImportOptions{OnDuplicate: contact.OnDuplicateUpdate})
	wantStatuses(t, outs, contact.ImportSkipped)

	// A bad interaction rejects its record, naming it as jq would.
	for _, tc := range []struct {
		it   contact.Interaction
		want string
	}{
		{contact.Interaction{Channel: "fax", Direction: "in", At: at("2026-01-01T00:00:00Z")}, `interactions[0].channel: "fax" must be one of`},
		{contact.Interaction{Channel: "call", Direction: "sideways", At: at("2026-01-01T00:00:00Z")}, `interactions[0].direction: "sideways" must be in or out`},
		{contact.Interaction{Channel: "call", Direction: "in"}, `interactions[0].at: is required`},
		{contact.Interaction{Channel: "call", Direction: "in", At: at("2027-01-01T00:00:00Z")}, `interactions[0].at: 2027-01-01T00:00:00Z is in the future`},
		{contact.Interaction{Channel: "call", Direction: "in", At: at("1850-01-01T00:00:00Z")}, `interactions[0].at: 1850-01-01T00:00:00Z is before 1900`},
		// 1900 in its own zone, 1899 in UTC, as it is stored and exported.
		{contact.Interaction{Channel: "call", Direction: "in", At: at("1900-01-01T00:30:00+14:00")}, `interactions[0].at: 1899-12-31T10:30:00Z is before 1900`},
		{contact.Interaction{Channel: "call", Direction: "in", At: at("2026-01-01T00:00:00Z"), DurationSeconds: -1}, `interactions[0].duration_seconds: must be between`},
	} {
		bad := person("Bad", "Call", "", "")
		bad.Interactions = []contact.Interaction{tc.it}
		_, outs, err := importAll(t, alice, records(bad), contact.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if wantStatuses(t, outs, contact.ImportFailed); !strings.Contains(outs[0].Err.Error(), tc.want) || contact.ErrorCode(outs[0].Err) != contact.EINVALID {
			t.Errorf("error %q, want %q", outs[0].Err, tc.want)
		}
	}
	raw := rawDB(t, path)
	if n := count(t, raw, `SELECT count(*) FROM interactions`); n != 3 {
		t.Errorf("%d interactions stored, want 3 (the rejected records' left none)", n)
	}

	// Undo erases the contact and its interactions.
	if res, err := alice.UndoImport(ctx, b.ID); err != nil || res.Removed != 0 || len(res.Kept) != 1 {
		// The merge logged interactions on it since: it is someone's work.
		t.Fatalf("undo after the merge: %+v, %v", res, err)
	}
	c.UID, c.Emails = "", []contact.Email{{Address: "ivy2@example.com"}}
	b2, outs, err := importAll(t, alice, records(c), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportCreated)
	if n := count(t, raw, `SELECT count(*) FROM interactions WHERE contact_id = ?`, outs[0].ContactID); n != 2 {
		t.Fatalf("%d interactions imported, want 2", n)
	}
	if res, err := alice.UndoImport(ctx, b2.ID); err != nil || res.Removed != 1 {
		t.Fatalf("undo: %+v, %v", res, err)
	}
	if n := count(t, raw, `SELECT count(*) FROM interactions WHERE contact_id = ?`, outs[0].ContactID); n != 0 {
		t.Errorf("%d interactions left after the undo", n)
	}
}

// A record with no UID, email or phone is a duplicate of a contact with
// none either that shows the same name and holds everything the record
// says, across chunks too; a contact that the same chunk gave an email is
// no longer one.
func TestImportKeylessDuplicates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	ctx := context.Background()
	var cs []*contact.Contact
	for i := range 2500 {
		cs = append(cs, person("P", fmt.Sprintf("N%d", i%1200), "", ""))
	}
	b, _, err := importAll(t, db, records(cs...), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Imported != 1200 || b.Skipped != 1300 {
		t.Errorf("batch %+v", b)
	}

	full := func() *contact.Contact {
		c := person("Fay", "Full", "", "")
		c.Company, c.Tags, c.Attributes = "Acme", []string{"crm"}, map[string]string{"source": "fair"}
		c.Addresses = []contact.Address{{Street: "1 Main St", City: "Springfield", Country: "US"}}
		c.URLs = []contact.URL{{URL: "https://fay.example"}}
		c.Notes = []contact.Note{{Text: "met at the fair"}}
		return c
	}
	if _, _, err := importAll(t, db, records(full()), contact.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	moved, tagged, noted := full(), full(), full()
	moved.Addresses[0].City = "Shelbyville"
	tagged.Tags = append(tagged.Tags, "vip")
	noted.Notes = append(noted.Notes, contact.Note{Text: "called back"})
	uma := person("Uma", "Key", "", "")
	uma.UID = "uma-1"
	if err := db.CreateContact(ctx, uma); err != nil {
		t.Fatal(err)
	}
	umaMail := person("Uma", "Key", "uma@example.com", "")
	umaMail.UID = "uma-1"
	_, outs, err := importAll(t, db, records(full(), moved, tagged, noted, umaMail, person("Uma", "Key", "", "")),
		contact.ImportOptions{OnDuplicate: contact.OnDuplicateUpdate})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportSkipped, contact.ImportCreated, contact.ImportCreated, contact.ImportCreated,
		contact.ImportUpdated, contact.ImportCreated)
	if outs[5].ContactID == uma.ID {
		t.Errorf("a name-only record matched contact %d, which has an email now", uma.ID)
	}
}

// reimportFile is a file of n people, every part of a contact that a CSV
// brings filled in, over more than one chunk of the store's import.
func reimportFile(n int) []*contact.ImportRecord {
	var cs []*contact.Contact
	for i := range n {
		c := person("P", fmt.Sprintf("N%d", i), fmt.Sprintf("p%d@example.com", i), fmt.Sprintf("+1 415 555 %04d", i))
		c.Company, c.Title = "Acme", "Buyer"
		c.Tags, c.Attributes = []string{"crm", "fair"}, map[string]string{"source": "fair"}
		c.Addresses = []contact.Address{{Street: fmt.Sprintf("%d Main St", i), City: "Springfield", Country: "US"}}
		c.URLs = []contact.URL{{URL: fmt.Sprintf("https://p%d.example", i)}}
		c.Notes = []contact.Note{{Text: "met at the fair"}}
		cs = append(cs, c)
	}
	return records(cs...)
}

// importState is what a re-import that changes nothing must leave as it
// was: every contact's update time, the change log, the notes.
func importState(t *testing.T, path string) string {
	t.Helper()
	raw := rawDB(t, path)
	var s string
	if err := raw.QueryRow(`SELECT (SELECT group_concat(id || '@' || updated_at, ' ') FROM (SELECT id, updated_at FROM contacts ORDER BY id))
		|| ' changes:' || (SELECT count(*) FROM changes) || ' notes:' || (SELECT count(*) FROM notes)`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Importing a file again with --on-duplicate update or merge writes
// nothing for records that change nothing: no change-log row, the same
// update time, no note twice; they count as skipped, and the first import
// can still be undone whole (its contacts were not changed since).
func TestImportAgainWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	clk := newClock()
	db := openAs(t, path, "alice", clk)
	ctx := context.Background()
	const n = 1500
	first, _, err := importAll(t, db, reimportFile(n), contact.ImportOptions{})
	if err != nil || first.Imported != n {
		t.Fatalf("first import: %+v, %v", first, err)
	}
	before := importState(t, path)
	for _, policy := range []string{contact.OnDuplicateUpdate, contact.OnDuplicateMerge} {
		clk.advance(time.Hour)
		b, outs, err := importAll(t, db, reimportFile(n), contact.ImportOptions{OnDuplicate: policy})
		if err != nil {
			t.Fatal(err)
		}
		if b.Skipped != n || b.Updated != 0 || b.Imported != 0 || b.Failed != 0 {
			t.Errorf("%s: batch %+v, want %d skipped", policy, b, n)
		}
		if outs[n-1].Status != contact.ImportSkipped || outs[n-1].ContactID == 0 {
			t.Errorf("%s: last record %+v", policy, outs[n-1])
		}
		if after := importState(t, path); after != before {
			t.Errorf("%s wrote to contacts that it did not change:\nbefore %.200s\nafter  %.200s", policy, before, after)
		}
	}
	if h := doctor(t, path, false); h.Problems() != 0 {
		t.Errorf("doctor: %+v", h.Checks)
	}
	res, err := db.UndoImport(ctx, first.ID)
	if err != nil || res.Removed != n || len(res.Kept) != 0 {
		t.Errorf("undo of the first import: removed %d, kept %v, %v", res.Removed, res.Kept, err)
	}
}

// A record that changes a field is written, with its change-log row and
// new update time, and found by its new words; the others of the file
// stay untouched. Two records of one chunk for the same contact each
// apply to the contact as the other left it.
func TestImportAgainChangesAField(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	clk := newClock()
	db := openAs(t, path, "alice", clk)
	ctx := context.Background()
	const n = 1500
	if _, _, err := importAll(t, db, reimportFile(n), contact.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, path)
	changesBefore := count(t, raw, `SELECT count(*) FROM changes`)
	clk.advance(time.Hour)
	recs := reimportFile(n)
	recs[10].Contact.Title = "Chief Buyer"
	recs[1200].Contact.Tags = append(recs[1200].Contact.Tags, "vip")
	twice := reimportFile(21)[20].Contact // p20 again, later in the same chunk
	twice.Title = ""
	twice.Department = "Purchasing"
	recs[20].Contact.Title = "Head Buyer"
	recs = append(recs[:30], append([]*contact.ImportRecord{{Contact: twice}}, recs[30:]...)...)

	b, outs, err := importAll(t, db, recs, contact.ImportOptions{OnDuplicate: contact.OnDuplicateUpdate})
	if err != nil {
		t.Fatal(err)
	}
	if b.Updated != 4 || b.Skipped != n-3 || b.Imported != 0 {
		t.Errorf("batch %+v, want 4 updated, %d skipped", b, n-3)
	}
	for _, i := range []int{10, 20, 30, 1201} {
		if outs[i].Status != contact.ImportUpdated {
			t.Errorf("record %d %s", i, outs[i].Status)
		}
	}
	find := func(q string) *contact.Contact {
		t.Helper()
		cs, err := db.FindContacts(ctx, contact.Filter{Query: q})
		if err != nil || len(cs) != 1 {
			t.Fatalf("search %q: %d found, %v", q, len(cs), err)
		}
		return cs[0]
	}
	if c := find("chief"); c.Emails[0].Address != "p10@example.com" || !c.UpdatedAt.Equal(clk.now()) {
		t.Errorf("title changed on %s, updated %s", c.Emails[0].Address, c.UpdatedAt)
	}
	if c := find("purchasing"); c.Title != "Head Buyer" || c.Emails[0].Address != "p20@example.com" {
		t.Errorf("the second record for p20 undid the first: title %q, department %q", c.Title, c.Department)
	}
	if c := find("p1200@example.com"); !slices.Contains(c.Tags, "vip") {
		t.Errorf("tags %v", c.Tags)
	}
	if c := find("p11@example.com"); c.UpdatedAt.Equal(clk.now()) {
		t.Errorf("an unchanged contact was touched: updated %s", c.UpdatedAt)
	}
	got := count(t, raw, `SELECT count(*) FROM changes`) - changesBefore
	fields := count(t, raw, `SELECT count(*) FROM changes WHERE action = ? AND field IN ('title', 'department', 'tag')`, contact.ActionUpdate)
	if got != 4 || fields != 4 {
		t.Errorf("%d change rows written (%d of the changed fields), want 4: title of p10, title and department of p20, tag of p1200", got, fields)
	}
	if h := doctor(t, path, false); h.Problems() != 0 {
		t.Errorf("doctor: %+v", h.Checks)
	}
}

// Importing a file again with --on-duplicate update or merge, when its
// records change nothing, costs at most twice the import that created
// the contacts: it used to read each duplicate alone (a query per table),
// in a savepoint of its own, which made it 3 times the first import here
// and 4-13 times on 100,000 contacts (audit BF F4). Work is counted in
// allocations, which a busy machine does not change as it does times.
func TestImportAgainCostsLittle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	const n = 1500
	allocs := func(opts contact.ImportOptions) uint64 {
		t.Helper()
		recs := reimportFile(n)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b, _, err := importAll(t, db, recs, opts)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if opts.OnDuplicate != "" && b.Skipped != n {
			t.Fatalf("%s: batch %+v, want %d skipped", opts.OnDuplicate, b, n)
		}
		return after.Mallocs - before.Mallocs
	}
	first := allocs(contact.ImportOptions{})
	for _, policy := range []string{contact.OnDuplicateUpdate, contact.OnDuplicateMerge} {
		if again := allocs(contact.ImportOptions{OnDuplicate: policy}); again > 2*first {
			t.Errorf("--on-duplicate %s of %d records that change nothing: %d allocations, %.1f times the %d of the import that created them",
				policy, n, again, float64(again)/float64(first), first)
		}
	}

	// A file whose every record changes a field costs at most 3 times:
	// the contact written is what the rest of the import matches, with no
	// read back (which made it 4.2 times).
	recs := reimportFile(n)
	for _, r := range recs {
		r.Contact.Title = "Chief Buyer"
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b, _, err := importAll(t, db, recs, contact.ImportOptions{OnDuplicate: contact.OnDuplicateUpdate})
	runtime.ReadMemStats(&after)
	if err != nil || b.Updated != n {
		t.Fatalf("batch %+v, %v; want %d updated", b, err, n)
	}
	if changed := after.Mallocs - before.Mallocs; changed > 3*first {
		t.Errorf("--on-duplicate update of %d records that each change a field: %d allocations, %.1f times the %d of the import that created them",
			n, changed, float64(changed)/float64(first), first)
	}
}

// A record that carries the UID of a contact merged into another (an
// export made before the merge) is a duplicate of the merged contact,
// which holds that contact now, also when it has no email or phone to be
// found by, through a chain of merges, and in a chunk that asks the key
// filter: re-importing the file brings nothing back, and the UID stays
// free for unmerge to give back.
func TestImportUIDOfMergedContact(t *testing.T) {
	db := openAs(t, filepath.Join(t.TempDir(), "rolo.db"), "alice", newClock())
	ctx := context.Background()
	named := func(first, uid string) *contact.Contact {
		c := person(first, "Li", "", "")
		c.Company, c.UID = "Umbrella", uid
		return c
	}
	keep, away, further := named("Wei", "wei-1"), named("Wei", "wei-2"), named("Wei", "wei-3")
	for _, c := range []*contact.Contact{keep, away, further} {
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	first, err := db.Merge(ctx, away.ID, []int64{further.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Merge(ctx, keep.ID, []int64{away.ID}, contact.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	// More than a chunk of other records first, so that the last ones
	// are looked up through the key filter.
	var recs []*contact.Contact
	for i := range 600 {
		recs = append(recs, person("Filler", fmt.Sprint(i), fmt.Sprintf("f%d@example.com", i), ""))
	}
	for _, policy := range []string{contact.OnDuplicateSkip, contact.OnDuplicateUpdate, contact.OnDuplicateMerge} {
		for _, at := range []string{"first", "last"} {
			again := []*contact.Contact{named("Wei", "wei-2"), named("Wei", "wei-3")}
			again[0].Title = "CTO"
			all := append(slices.Clone(again), recs...)
			if at == "last" {
				all = append(slices.Clone(recs), again...)
			}
			_, outs, err := importAll(t, db, records(all...), contact.ImportOptions{OnDuplicate: policy})
			if err != nil {
				t.Fatal(err)
			}
			ours := outs[:2]
			if at == "last" {
				ours = outs[len(outs)-2:]
			}
			for _, o := range ours {
				if o.Status == contact.ImportCreated || o.Status == contact.ImportFailed || o.ContactID != keep.ID {
					t.Errorf("%s, records %s: a merged-away UID went to contact %d as %s (%v); want contact %d", policy, at, o.ContactID, o.Status, o.Err, keep.ID)
				}
			}
		}
	}
	if cs, _ := db.FindContacts(ctx, contact.Filter{Query: "wei"}); len(cs) != 1 {
		t.Errorf("%d contacts named Wei after the imports, want the merged one", len(cs))
	}
	// The merged contact in the trash: an update names it, and says why.
	if err := db.DeleteContacts(ctx, []int64{keep.ID}); err != nil {
		t.Fatal(err)
	}
	_, outs, err := importAll(t, db, records(named("Wei", "wei-3")), contact.ImportOptions{OnDuplicate: contact.OnDuplicateUpdate})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportFailed)
	if want := fmt.Sprintf(`uid: the contact with UID "wei-3" was merged into contact %d, which is in the trash (rolo restore %[1]d`, keep.ID); !strings.Contains(outs[0].Err.Error(), want) {
		t.Errorf("update of a merged UID in the trash: %v; want %s", outs[0].Err, want)
	}
	if err := db.RestoreContacts(ctx, []int64{keep.ID}); err != nil {
		t.Fatal(err)
	}
	// The UIDs were left free: each unmerge gives its own back.
	if _, err := db.Unmerge(ctx, first.ID+1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Unmerge(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	for id, uid := range map[int64]string{away.ID: "wei-2", further.ID: "wei-3"} {
		if c, err := db.Contact(ctx, id); err != nil || c.UID != uid {
			t.Errorf("contact %d after unmerge: %+v, %v; want UID %s", id, c, err, uid)
		}
	}
}

// The UID of another user's private contact merged into a public one is
// no key for an importer who could not see that contact: their record is
// matched as if that contact never was (a new contact, here), not merged
// into the public contact, which would tell them whose UID it was, as
// mergedInto says nothing of such a contact either.
func TestImportUIDOfOthersPrivateMergedContact(t *testing.T) {
	_, alice, bob := aliceAndBob(t)
	ctx := context.Background()
	hidden := person("Pat", "Secret", "pat@example.com", "")
	hidden.UID, hidden.Visibility = "pat-1", contact.Private
	kept := person("Kim", "Public", "kim@example.com", "")
	kept.Visibility = contact.Public
	for _, c := range []*contact.Contact{hidden, kept} {
		if err := bob.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := bob.Merge(ctx, kept.ID, []int64{hidden.ID}, contact.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	rec := person("Someone", "Else", "someone@example.com", "")
	rec.UID = "pat-1"
	_, outs, err := importAll(t, alice, records(rec), contact.ImportOptions{OnDuplicate: contact.OnDuplicateMerge})
	if err != nil {
		t.Fatal(err)
	}
	if o := outs[0]; o.Status != contact.ImportCreated || o.ContactID == kept.ID {
		t.Errorf("alice's record with the UID of bob's private merged-away contact: %s into contact %d (%v); want a new contact", o.Status, o.ContactID, o.Err)
	}
	// Bob, who owned it, still finds the contact it went into.
	rec = person("Pat", "Secret", "", "")
	rec.UID = "pat-1"
	if _, outs, err = importAll(t, bob, records(rec), contact.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if o := outs[0]; o.ContactID != kept.ID || o.Status == contact.ImportCreated {
		t.Errorf("bob's record with his merged-away UID: %s into contact %d; want contact %d", o.Status, o.ContactID, kept.ID)
	}
}

// A teammate whose login an older rolo kept with a capital (Alice, the
// first user made from $USER) is the author of their notes and the user
// of their interactions in an imported record, written as stored or in
// any other case, not the importer.
func TestImportAuthorWithCapitalLogin(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	clk := newClock()
	openAs(t, path, "carol", clk)
	addUser(t, path, "Alice", "member")
	addUser(t, path, "bob", "member")
	bob := openAs(t, path, "bob", clk)
	at, _ := time.Parse(time.RFC3339, "2022-01-01T00:00:00Z")
	c := person("Old", "Friend", "old@example.com", "")
	c.Notes = []contact.Note{{Author: "Alice", Text: "as stored", CreatedAt: at}, {Author: "alice", Text: "in small letters", CreatedAt: at}}
	c.Interactions = []contact.Interaction{{User: "ALICE", Channel: "call", Direction: "in", At: at}}
	_, outs, err := importAll(t, bob, records(c), contact.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses(t, outs, contact.ImportCreated)
	got, err := bob.Contact(context.Background(), outs[0].ContactID)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range got.Notes {
		if n.Author != "Alice" {
			t.Errorf("note %q by %q, want Alice", n.Text, n.Author)
		}
	}
	its, err := bob.Interactions(context.Background(), got.ID, 0)
	if err != nil || len(its) != 1 || its[0].User != "Alice" {
		t.Errorf("interactions %+v (%v), want one by Alice", its, err)
	}
}

// A contact ID past 2^62 (another program's) is no reason to refuse an
// import: the estimate of the keys stored (storedKeys) doubles the highest
// contact ID, which SQLite made a float, and every import failed with
// "the file is damaged".
func TestImportBesideHugeContactID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	if err := db.CreateContact(context.Background(), &contact.Contact{FirstName: "Ada", Visibility: contact.Private}); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, path)
	mustExec(t, raw, `UPDATE contacts SET id = 5000000000000000000`)
	raw.Close()
	b, _, err := importAll(t, db, []*contact.ImportRecord{{Contact: &contact.Contact{FirstName: "Bob", Visibility: contact.Private,
		Emails: []contact.Email{{Label: "work", Address: "bob@example.com"}}}}}, contact.ImportOptions{})
	if err != nil || b.Imported != 1 {
		t.Fatalf("import beside contact 5000000000000000000: %v, %+v", err, b)
	}
}

// The first import into a database that holds no contacts leaves it
// compact: its indexes, written in the order of the records, are packed
// (a VACUUM after it frees nothing more). An import into a database that
// holds contacts already is not followed by a vacuum, which would rewrite
// every teammate's contacts.
func TestFirstImportCompacts(t *testing.T) {
	var recs []*contact.ImportRecord
	gen.Contacts(7, 3000, func(c *contact.Contact) bool {
		recs = append(recs, &contact.ImportRecord{Contact: c})
		return true
	})
	pagesFreedByVacuum := func(path string) int {
		t.Helper()
		raw := rawDB(t, path)
		defer raw.Close()
		before := count(t, raw, `PRAGMA page_count`)
		mustExec(t, raw, `VACUUM`)
		return before - count(t, raw, `PRAGMA page_count`)
	}
	dir := t.TempDir()
	first, other := filepath.Join(dir, "first.db"), filepath.Join(dir, "other.db")
	for _, path := range []string{first, other} {
		db := openAs(t, path, "alice", newClock())
		if path == other {
			if err := db.CreateContact(context.Background(), &contact.Contact{FirstName: "Zed"}); err != nil {
				t.Fatal(err)
			}
		}
		if b, _, err := importAll(t, db, recs, contact.ImportOptions{}); err != nil || b.Imported < 2800 {
			t.Fatalf("import into %s: %+v, %v", filepath.Base(path), b, err)
		}
		db.Close()
	}
	if n := pagesFreedByVacuum(first); n != 0 {
		t.Errorf("a vacuum after the first import freed %d pages more, want none", n)
	}
	if n := pagesFreedByVacuum(other); n < 10 {
		t.Errorf("a vacuum after an import into a database with a contact freed %d pages; want more than 10 (the import did not compact it)", n)
	}
}

// AfterCommit runs as soon as the import is saved, before the vacuum of a
// first import: the error file put in place there is not lost to a
// process killed during the vacuum (seconds on a large import), which
// would leave the import saved and its rejected records nowhere.
func TestImportAfterCommitRunsBeforeTheVacuum(t *testing.T) {
	var recs []*contact.ImportRecord
	gen.Contacts(7, 3000, func(c *contact.Contact) bool {
		recs = append(recs, &contact.ImportRecord{Contact: c})
		return true
	})
	path := filepath.Join(t.TempDir(), "first.db")
	db := openAs(t, path, "alice", newClock())
	defer db.Close()
	raw := rawDB(t, path)
	defer raw.Close()
	contacts, pages := -1, 0
	b, _, err := importAll(t, db, recs, contact.ImportOptions{AfterCommit: func() {
		contacts = count(t, raw, `SELECT count(*) FROM contacts`)
		pages = count(t, raw, `PRAGMA page_count`)
	}})
	if err != nil || b.Imported < 2800 {
		t.Fatalf("import: %+v, %v", b, err)
	}
	if contacts != b.Imported {
		t.Fatalf("AfterCommit saw %d contacts saved, want the %d imported", contacts, b.Imported)
	}
	if after := count(t, raw, `PRAGMA page_count`); after >= pages {
		t.Errorf("the database had %d pages when AfterCommit ran and %d after the import: AfterCommit ran after the vacuum", pages, after)
	}
	if _, _, err := importAll(t, db, recs[:1], contact.ImportOptions{DryRun: true, AfterCommit: func() { t.Error("AfterCommit ran for a dry run") }}); err != nil {
		t.Fatal(err)
	}
}
