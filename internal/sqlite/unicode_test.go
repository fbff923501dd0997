package sqlite_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// An older rolo stored text as it came: an import from macOS wrote names,
// emails and tags in NFD. The upgrade puts them in NFC, as rolo now stores
// everything, so that what a user types matches them; a value held in both
// forms becomes one.
func TestMigrateStoredTextToNFC(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 7)
	nfd := norm.NFD.String
	raw := rawDB(t, path)
	for _, s := range []struct {
		q    string
		args []any
	}{
		{`INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', '2025-01-01T00:00:00Z')`, nil},
		{`INSERT INTO contacts (id, uid, display_name, first_name, last_name, visibility, owner_id, created_by, created_at, updated_at)
			VALUES (1, 'uid-zoe', ?, ?, ?, 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
			       (2, 'uid-ada', 'Ada', 'Ada', '', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z')`,
			[]any{nfd("Zoë Müller"), nfd("Zoë"), nfd("Müller")}},
		// Two UIDs that differ only in form, and one in NFD alone: the
		// first two stay as they are (UIDs are unique), the third is put in
		// NFC.
		{`INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
			VALUES (3, 'café-1', 'Cy', 'Cy', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
			       (4, ?, 'Di', 'Di', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
			       (5, ?, 'Ed', 'Ed', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z')`,
			[]any{nfd("café-1"), nfd("josé-2")}},
		{`INSERT INTO contact_emails (contact_id, position, label, address) VALUES (1, 0, 'work', ?), (1, 1, 'home', 'ünal@example.com'), (2, 0, 'work', 'ada@example.com')`,
			[]any{nfd("ünal@example.com")}},
		{`INSERT INTO contact_tags (contact_id, tag) VALUES (1, ?), (1, 'Café'), (2, ?)`, []any{nfd("Café"), nfd("Été")}},
		{`INSERT INTO notes (contact_id, user_id, body, created_at) VALUES (1, 1, ?, '2025-01-05T00:00:00Z')`, []any{nfd("Loves crêpes")}},
		{`INSERT INTO blocks (email, user_id, reason, created_at) VALUES (?, 1, 'spam', '2025-01-07T00:00:00Z')`, []any{nfd("zoë@spam.example")}},
		{`INSERT INTO contacts_fts (rowid, first, middle, last, nickname, prefix, suffix, company, title, department, email, city,
			address, tags, attrs, notes) SELECT id, first, middle, last, nickname, prefix, suffix, company, title, department, email,
			city, address, tags, attrs, notes FROM contact_search_doc`, nil},
	} {
		mustExec(t, raw, s.q, s.args...)
	}
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	raw = rawDB(t, path)
	for id, want := range map[int]string{3: "café-1", 4: nfd("café-1"), 5: "josé-2"} {
		var uid string
		if err := raw.QueryRow(`SELECT uid FROM contacts WHERE id = ?`, id).Scan(&uid); err != nil || uid != want {
			t.Errorf("uid of %d after the upgrade: %+q (%v), want %+q", id, uid, err, want)
		}
	}
	raw.Close()
	zoe, err := alice.Contact(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, e := range zoe.Emails {
		emails = append(emails, e.Address)
	}
	for _, c := range []struct{ what, got, want string }{
		{"first name", zoe.FirstName, "Zoë"}, {"last name", zoe.LastName, "Müller"}, {"name", zoe.Name, "Zoë Müller"},
		{"emails", strings.Join(emails, ","), "ünal@example.com"}, {"tags", strings.Join(zoe.Tags, ","), "Café"},
		{"updated", zoe.UpdatedAt.Format("2006-01-02"), "2025-01-03"},
	} {
		if c.got != c.want || !norm.NFC.IsNormalString(c.got) {
			t.Errorf("%s after the upgrade: %+q, want %+q", c.what, c.got, c.want)
		}
	}
	for q, want := range map[string]string{
		"tag:café": "1", "email:ünal@example.com": "1", "tag:Été": "2", "müller": "1", "crêpes": "1",
	} {
		cs, err := alice.FindContacts(ctx, contact.Filter{Query: q})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if got := strings.Join(idStrings(cs), ","); got != want {
			t.Errorf("%s found %q, want %q", q, got, want)
		}
	}
	res, err := alice.Lookup(ctx, contact.Handle{Email: "zoë@spam.example"})
	if err != nil || res.Block == nil {
		t.Errorf("lookup of the blocked address typed in NFC: %+v, %v", res, err)
	}
	soundAfterUpgrade(t, path)
}

// wantFound checks the IDs (comma-separated, in list order) each query
// finds after an upgrade.
func wantFound(t *testing.T, db *sqlite.DB, queries map[string]string) {
	t.Helper()
	for q, want := range queries {
		cs, err := db.FindContacts(context.Background(), contact.Filter{Query: q})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if got := strings.Join(idStrings(cs), ","); got != want {
			t.Errorf("%s found %q after the upgrade, want %q", q, got, want)
		}
	}
}

func idStrings(cs []*contact.Contact) []string {
	var out []string
	for _, c := range cs {
		out = append(out, strconv.FormatInt(c.ID, 10))
	}
	return out
}

// A database indexed by an older rolo, whose index kept Greek and Cyrillic
// accents: the upgrade reindexes those contacts, so that σοφια finds
// Σοφία, and leaves the others' index rows as they are.
func TestMigrateFoldsAccentsInTheIndex(t *testing.T) {
	path := olderDatabase(t, 8)
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', '2025-01-01T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, last_name, visibility, owner_id, created_by, created_at, updated_at)
		VALUES (1, 'u1', 'Σοφία Παπαδοπούλου', 'Σοφία', 'Παπαδοπούλου', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
		       (2, 'u2', 'Пётр Королёв', 'Пётр', 'Королёв', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
		       (3, 'u3', 'Zoë Adams', 'Zoë', 'Adams', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO notes (contact_id, user_id, body, created_at) VALUES (3, 1, 'Ελληνικά μαθήματα', '2025-01-05T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contacts_fts (rowid, first, middle, last, nickname, prefix, suffix, company, title, department, email, city,
		address, tags, attrs, notes) SELECT id, first, middle, last, nickname, prefix, suffix, company, title, department, email,
		city, address, tags, attrs, notes FROM contact_search_doc`)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	wantFound(t, alice, map[string]string{
		"σοφια": "1", "ΣΟΦΙΑ": "1", "παπαδοπουλου": "1", "σοφία": "1", "королев": "2", "first:петр": "2",
		"zoe": "3", "μαθηματα": "3", "adams": "3",
	})
	soundAfterUpgrade(t, path)
}

// A database indexed by an older rolo, whose index kept ø, ł, ß and ı as
// letters of their own: the upgrade reindexes the contacts that have one,
// so that soren finds Søren, walesa Wałęsa, hauptstrasse Hauptstraße (in
// a street) and yilmaz Yılmaz (in a note).
func TestMigrateSpellsLettersInTheIndex(t *testing.T) {
	path := olderDatabase(t, 12)
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', '2025-01-01T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, last_name, visibility, owner_id, created_by, created_at, updated_at)
		VALUES (1, 'u1', 'Søren Kierkegaard', 'Søren', 'Kierkegaard', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
		       (2, 'u2', 'Lech Wałęsa', 'Lech', 'Wałęsa', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
		       (3, 'u3', 'Zoë Adams', 'Zoë', 'Adams', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contact_addresses (contact_id, position, label, street, city) VALUES (3, 0, 'work', 'Hauptstraße 1', 'Wien')`)
	mustExec(t, raw, `INSERT INTO notes (contact_id, user_id, body, created_at) VALUES (1, 1, 'Met Ayşe Yılmaz', '2025-01-05T00:00:00Z')`)
	// As rolo of schema 12 indexed them: accents folded, these letters kept.
	mustExec(t, raw, `INSERT INTO contacts_fts (rowid, first, last, address, city, notes) VALUES
		(1, 'Søren', 'Kierkegaard', '', '', 'Met Ayse Yılmaz'), (2, 'Lech', 'Wałesa', '', '', ''),
		(3, 'Zoe', 'Adams', 'Hauptstraße 1', 'Wien', '')`)
	raw.Close()

	// Before the upgrade, doctor says the upgrade will reindex them, not
	// that the index is damaged (its words are compared as rolo folds
	// them now).
	h := doctor(t, path, false)
	wantCheck(t, h, sqlite.CheckSearch, sqlite.CheckWarning, "the upgrade")

	alice := openAs(t, path, "alice", newClock())
	wantFound(t, alice, map[string]string{
		"soren": "1", "søren": "1", "SØREN": "1", "yilmaz": "1", "walesa": "2", "wałęsa": "2", "last:walesa": "2",
		"hauptstrasse": "3", "hauptstraße": "3", "hauptstras": "3", "zoe": "3", "kierkegaard": "1",
	})
	soundAfterUpgrade(t, path)
}

// A database indexed by an older rolo, whose index kept full-width Latin
// letters (ＡＣＭＥ, as a Japanese input method types them) and half-width
// kana as they were: the upgrade reindexes the contacts that have one, so
// that acme finds ＡＣＭＥ商事 and ガス ｶﾞｽ, and leaves the others' index
// rows as they are.
func TestMigrateFoldsWidthInTheIndex(t *testing.T) {
	path := olderDatabase(t, 20)
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', '2025-01-01T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, last_name, company, visibility, owner_id, created_by, created_at, updated_at)
		VALUES (1, 'u1', 'ＡＣＭＥ商事', '', '', 'ＡＣＭＥ商事', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
		       (2, 'u2', 'Zoë Adams', 'Zoë', 'Adams', '', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
		       (3, 'u3', 'Taro', 'Taro', '', '', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO notes (contact_id, user_id, body, created_at) VALUES (3, 1, 'ﾄｳｷｮｳ　ｶﾞｽ No．１２', '2025-01-05T00:00:00Z')`)
	// As rolo of schema 20 indexed them: accents folded, width kept.
	mustExec(t, raw, `INSERT INTO contacts_fts (rowid, first, last, company, notes) VALUES
		(1, '', '', 'ＡＣＭＥ商事', ''), (2, 'Zoe', 'Adams', '', ''), (3, 'Taro', '', '', 'ﾄｳｷｮｳ　ｶﾞｽ No．１２')`)
	raw.Close()

	h := doctor(t, path, false)
	wantCheck(t, h, sqlite.CheckSearch, sqlite.CheckWarning, "the upgrade")

	alice := openAs(t, path, "alice", newClock())
	wantFound(t, alice, map[string]string{
		"acme": "1", "ＡＣＭＥ": "1", "company:acme商事": "1", "ｚｏｅ": "2", "ＡＤＡＭＳ": "2", "zoe": "2",
		"トウキョウ": "3", "ｶﾞｽ": "3", "ガス": "3", "no": "3", "taro": "3",
	})
	soundAfterUpgrade(t, path)
}

// A database of an older rolo, which stored a Polish "0634 272 451" as
// +480634272451 (a trunk 0 Poland does not dial), and blocked a raw number
// of that form: the upgrade rewrites both, so that the number as written
// now (+48634272451) finds the contact and its block, and a search for the
// digits as entered still finds it.
func TestMigrateDropsForeignTrunkZero(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 13)
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', '2025-01-01T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
		VALUES (1, 'u1', 'Piotr', 'Piotr', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
		       (2, 'u2', 'Gianni', 'Gianni', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contact_phones (contact_id, position, label, number, e164, digits) VALUES
		(1, 0, 'mobile', '0634 272 451', '+480634272451', '480634272451'),
		(2, 0, 'work', '06 4488 3456', '+390644883456', '390644883456')`)
	mustExec(t, raw, `INSERT INTO blocks (e164, user_id, reason, created_at) VALUES ('+480600111222', 1, 'spam', '2025-01-04T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contacts_fts (rowid, first) VALUES (1, 'Piotr'), (2, 'Gianni')`)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	r, err := alice.Lookup(ctx, contact.Handle{E164: "+48634272451"})
	if err != nil || len(r.Contacts) != 1 || r.Contacts[0].ID != 1 || r.Contacts[0].Phones[0].Number != "0634 272 451" {
		t.Fatalf("lookup of +48634272451 after the upgrade: %+v, %v", r, err)
	}
	if r, err := alice.Lookup(ctx, contact.Handle{E164: "+48600111222"}); err != nil || r.Block == nil || r.Block.Reason != "spam" {
		t.Errorf("the raw block after the upgrade: %+v, %v", r, err)
	}
	wantFound(t, alice, map[string]string{"0634272451": "1", "48634272451": "1", "634 272 451": "1", "0644883456": "2"})
	if c, err := alice.Contact(ctx, 2); err != nil || c.Phones[0].E164 != "+390644883456" {
		t.Errorf("the Italian number after the upgrade: %+v, %v", c, err)
	}
	soundAfterUpgrade(t, path)
}
