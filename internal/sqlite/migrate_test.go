package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// olderData is what a user of an older rolo had: two teammates, a public
// contact with every kind of value and history, a private one shared with
// bob, a raw-number block and a saved view. Every statement is valid from
// schema version 1 on.
var olderData = []string{
	`INSERT INTO users (id, login, name, role, created_at) VALUES
		(1, 'alice', 'Alice', 'owner', '2025-01-01T00:00:00Z'),
		(2, 'bob', 'Bob', 'member', '2025-01-02T00:00:00Z')`,
	`INSERT INTO import_batches (id, user_id, source, format, created_at, total, imported) VALUES
		(1, 1, 'old.csv', 'csv', '2025-01-03T00:00:00Z', 1, 1)`,
	`INSERT INTO contacts (id, uid, display_name, prefix, first_name, last_name, company, title, type, level, birthday,
		language, visibility, owner_id, created_by, created_at, updated_at, last_activity_at, last_channel, import_batch_id) VALUES
		(1, 'uid-ada', 'Ada Lovelace', 'Dr', 'Ada', 'Lovelace', 'Analytical Engines', 'CEO', 'customer', 'secondary', '1815-12-10',
		 'en-GB', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-02-01T00:00:00Z', '2025-02-01T09:00:00Z', 'call', 1),
		(2, 'uid-grace', 'Grace Hopper', '', 'Grace', 'Hopper', 'Navy', '', 'lead', 'primary', '--12-09',
		 '', 'private', 1, 1, '2025-01-04T00:00:00Z', '2025-01-04T00:00:00Z', NULL, '', NULL)`,
	`INSERT INTO contact_phones (contact_id, position, label, number, e164, digits) VALUES
		(1, 0, 'mobile', '(415) 555-0123', '+14155550123', '14155550123 4155550123'),
		(2, 0, 'work', '+44 20 7946 0958', '+442079460958', '442079460958')`,
	`INSERT INTO contact_emails (contact_id, position, label, address) VALUES
		(1, 0, 'work', 'ada@engines.example'), (2, 0, 'work', 'grace@navy.example')`,
	`INSERT INTO contact_addresses (contact_id, position, label, street, city, zip, country) VALUES
		(1, 0, 'home', '12 St James Square', 'London', 'SW1Y 4JH', 'GB')`,
	`INSERT INTO contact_socials (contact_id, position, network, handle) VALUES (1, 0, 'linkedin', 'ada-lovelace')`,
	`INSERT INTO contact_urls (contact_id, position, label, url) VALUES (1, 0, 'blog', 'https://ada.example')`,
	`INSERT INTO contact_tags (contact_id, tag) VALUES (1, 'vip'), (1, 'gold'), (2, 'navy')`,
	`INSERT INTO contact_attributes (contact_id, key, value) VALUES (1, 'source', 'expo-2025')`,
	`INSERT INTO notes (contact_id, user_id, body, created_at) VALUES
		(1, 1, 'Wants the difference engine brochure', '2025-01-05T00:00:00Z'),
		(2, 1, 'Met at the compiler conference', '2025-01-06T00:00:00Z')`,
	`INSERT INTO interactions (contact_id, user_id, channel, direction, at, summary, duration_seconds, created_at) VALUES
		(1, 1, 'call', 'out', '2025-02-01T09:00:00Z', 'Quarterly review', 600, '2025-02-01T09:10:00Z')`,
	`INSERT INTO changes (contact_id, user_id, at, action, field, old_value, new_value) VALUES
		(1, 1, '2025-01-03T00:00:00Z', 'create', '', '', ''),
		(1, 1, '2025-02-01T00:00:00Z', 'update', 'title', '', 'CEO'),
		(2, 1, '2025-01-04T00:00:00Z', 'create', '', '', '')`,
	`INSERT INTO blocks (e164, user_id, reason, created_at) VALUES ('+19005550000', 1, 'robocalls', '2025-01-07T00:00:00Z')`,
	`INSERT INTO favorites (user_id, contact_id, created_at) VALUES (1, 1, '2025-01-08T00:00:00Z')`,
	`INSERT INTO shares (contact_id, user_id, created_by, created_at) VALUES (2, 2, 1, '2025-01-09T00:00:00Z')`,
	`INSERT INTO views (user_id, name, query, columns, sort, created_at) VALUES
		(1, 'vips', 'tag:vip', 'name,company', '-updated', '2025-01-10T00:00:00Z')`,
}

// TestMigrateFromEveryVersion builds the database of every earlier rolo
// (schema versions 1 to the one before this build's), fills it with plain
// SQL as that rolo stored its data (from version 2, with the search index
// that rolo kept), and opens it with this rolo: the schema is brought up to
// date and every contact, value, note, share, block and view is still
// there and still found by search.
func TestMigrateFromEveryVersion(t *testing.T) {
	ctx := context.Background()
	current := sqlite.Migrations()
	if current < 2 {
		t.Skip("only one schema version")
	}
	for version := 1; version < current; version++ {
		t.Run(fmt.Sprintf("from version %d", version), func(t *testing.T) {
			path := olderDatabase(t, version)
			raw := rawDB(t, path)
			for _, s := range olderData {
				mustExec(t, raw, s)
			}
			if version >= 2 {
				// Rolo of these versions indexed every write from the
				// search view in the same transaction.
				indexSearchDoc(t, raw)
			}
			if got := count(t, raw, `SELECT max(version) FROM schema_migrations`); got != version {
				t.Fatalf("built version %d, want %d", got, version)
			}
			raw.Close()

			alice := openAs(t, path, "alice", newClock())
			h := doctor(t, path, false)
			wantCheck(t, h, sqlite.CheckSchema, sqlite.CheckOK, fmt.Sprintf("version %d", current))
			if h.Problems() != 0 {
				t.Fatalf("doctor after the upgrade: %+v", h.Checks)
			}

			ada, err := alice.Contact(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			want := []bool{
				ada.Name == "Ada Lovelace", ada.Prefix == "Dr", ada.Company == "Analytical Engines", ada.Title == "CEO",
				ada.Type == "customer", ada.Level == "secondary", ada.Birthday == "1815-12-10", ada.Language == "en-GB",
				ada.Visibility == contact.Public, ada.Owner == "alice", ada.Favorite,
				len(ada.Phones) == 1 && ada.Phones[0].E164 == "+14155550123" && ada.Phones[0].Number == "(415) 555-0123",
				len(ada.Emails) == 1 && ada.Emails[0].Address == "ada@engines.example",
				len(ada.Addresses) == 1 && ada.Addresses[0].City == "London" && ada.Addresses[0].Country == "GB",
				len(ada.Socials) == 1 && ada.Socials[0].Handle == "ada-lovelace",
				len(ada.URLs) == 1 && ada.URLs[0].URL == "https://ada.example",
				strings.Join(ada.Tags, ",") == "gold,vip", ada.Attributes["source"] == "expo-2025",
				ada.LastChannel == "call", ada.LastActivityAt != nil,
			}
			for i, ok := range want {
				if !ok {
					t.Errorf("check %d of Ada failed: %+v", i, ada)
				}
			}
			events, err := alice.History(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[string]int{}
			for _, e := range events {
				kinds[e.Kind]++
			}
			if len(events) < 4 {
				t.Errorf("Ada's history after the upgrade: %d events %v", len(events), kinds)
			}

			// Search finds what it found before, and what the later
			// versions index (phone digits, notes, attributes).
			for q, want := range map[string]string{
				"lovelace": "1", "engines": "1", "brochure": "1", "expo": "1", "tag:vip": "1", "5550123": "1",
				"london": "1", "hopper": "2", "compiler": "2", "79460958": "2", "company:navy": "2", "is:favorite": "1",
			} {
				cs, err := alice.FindContacts(ctx, contact.Filter{Query: q})
				if err != nil {
					t.Errorf("search %q: %v", q, err)
					continue
				}
				var ids []string
				for _, c := range cs {
					ids = append(ids, fmt.Sprint(c.ID))
				}
				if got := strings.Join(ids, ","); got != want {
					t.Errorf("search %q found %q, want %q", q, got, want)
				}
			}
			v, err := alice.View(ctx, "vips")
			if err != nil || v.Query != "tag:vip" {
				t.Errorf("view vips: %+v, %v", v, err)
			}
			if blocks, err := alice.Blocks(ctx, false, 0, 0); err != nil || len(blocks) != 1 {
				t.Errorf("blocks: %+v, %v", blocks, err)
			}

			// The private contact stays bob's to see through the share,
			// and nobody else's.
			bob := openAs(t, path, "bob", newClock())
			if c, err := bob.Contact(ctx, 2); err != nil || c.FirstName != "Grace" {
				t.Errorf("bob's shared contact: %v", err)
			}
			users, err := alice.Users(ctx)
			if err != nil || len(users) != 2 {
				t.Errorf("users: %d, %v", len(users), err)
			}

			// And the upgraded database takes new writes.
			if err := alice.CreateContact(ctx, &contact.Contact{FirstName: "Edsger", Phones: []contact.Phone{{Number: "+31 20 555 0100"}}}); err != nil {
				t.Fatal(err)
			}
			if cs, _ := alice.FindContacts(ctx, contact.Filter{Query: "edsger"}); len(cs) != 1 {
				t.Errorf("a new contact after the upgrade is not found")
			}
			if h := doctor(t, path, false); h.Problems() != 0 {
				t.Errorf("doctor after new writes: %+v", h.Checks)
			}
		})
	}
}

// Opening the database of an older rolo says so before the upgrade runs
// (schema 5 rebuilds the search indexes, seconds on a large database);
// opening a new or an up-to-date database says nothing.
func TestUpgradingIsAnnounced(t *testing.T) {
	ctx := context.Background()
	current := sqlite.Migrations()
	dir := t.TempDir()
	var told [][2]int
	open := func(path string) {
		t.Helper()
		db, err := sqlite.Open(ctx, path, sqlite.Options{Actor: "alice", Upgrading: func(from, to int) {
			told = append(told, [2]int{from, to})
		}})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	}

	old := filepath.Join(dir, "old.db")
	if err := sqlite.MigrateTo(ctx, old, current-1); err != nil {
		t.Fatal(err)
	}
	open(old)
	if want := [][2]int{{current - 1, current}}; !reflect.DeepEqual(told, want) {
		t.Errorf("opening a version %d database told %v, want %v", current-1, told, want)
	}
	told = nil
	open(old)
	open(filepath.Join(dir, "new.db"))
	if told != nil {
		t.Errorf("opening up-to-date and new databases told %v, want nothing", told)
	}
}

// idsNeverReused is the schema version that gave merges, notes,
// interactions, blocks and the change log IDs that are never handed out
// twice.
const idsNeverReused = 11

// TestMigrateIDsNeverReused upgrades a database of the version before
// idsNeverReused, whose merges, notes and change log have gaps and whose
// newest rows are gone (as a purge leaves them): every row of every table
// is still there as it was, the references between them hold, and a merge
// made after a purge of the newest one gets a new ID, not the purged one's.
func TestMigrateIDsNeverReused(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, idsNeverReused-1)
	raw := rawDB(t, path)
	for _, s := range olderData {
		mustExec(t, raw, s)
	}
	for _, s := range []string{
		`INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at) VALUES
			(7, 'uid-zed', 'Zed', 'Zed', 'public', 1, 1, '2025-03-01T00:00:00Z', '2025-03-01T00:00:00Z')`,
		`INSERT INTO notes (id, contact_id, user_id, body, created_at) VALUES (9, 7, 1, 'Zed note', '2025-03-02T00:00:00Z')`,
		`INSERT INTO interactions (id, contact_id, user_id, channel, direction, at, created_at) VALUES
			(12, 7, 2, 'sms', 'in', '2025-03-03T00:00:00Z', '2025-03-03T00:00:00Z')`,
		`INSERT INTO changes (id, contact_id, user_id, at, action, field, old_value, new_value) VALUES
			(20, 7, 1, '2025-03-01T00:00:00Z', 'create', '', '', ''),
			(21, 7, 1, '2025-03-04T00:00:00Z', 'merge', '', '', '#8')`,
		`INSERT INTO blocks (id, contact_id, user_id, reason, created_at, until) VALUES (6, 7, 1, 'spam', '2025-03-05T00:00:00Z', '2025-04-01T00:00:00Z')`,
		// Merge 2 into Ada; merge 5, the newest, into Zed.
		`INSERT INTO merges (id, keep_id, user_id, created_at, snapshot) VALUES
			(2, 1, 1, '2025-02-10T00:00:00Z', '{"log_from": 3, "log_to": 4}'),
			(5, 7, 1, '2025-03-04T00:00:00Z', '{"log_from": 20, "log_to": 21}')`,
		`INSERT INTO merge_sources (merge_id, contact_id, uid) VALUES (2, 3, 'uid-three'), (5, 8, 'uid-eight')`,
		// The import's last change-log row has been erased since.
		`UPDATE import_batches SET last_change_id = 40 WHERE id = 1`,
		indexSearchDocSQL,
	} {
		mustExec(t, raw, s)
	}
	tables := []string{"users", "import_batches", "contacts", "contact_phones", "contact_emails", "contact_addresses",
		"contact_socials", "contact_urls", "contact_tags", "contact_attributes", "notes", "interactions", "changes",
		"blocks", "favorites", "shares", "merges", "merge_sources", "views"}
	before := map[string]string{}
	// Read after the upgrade by the same names, those that remain: since
	// schema 31 some are generated from others, which come in addition.
	columns := map[string]string{}
	for _, table := range tables {
		before[table] = dumpTable(t, raw, table)
		columns[table] = tableColumns(t, raw, table)
	}
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	raw = rawDB(t, path)
	// Schema 25 keys these by contact and position: their row IDs go.
	for _, table := range []string{"contact_emails", "contact_addresses", "contact_socials", "contact_urls"} {
		before[table] = regexp.MustCompile(`(?m)^id=\d+ `).ReplaceAllString(before[table], "")
	}
	// Schema 28 stores as "" the digits that are the E.164 form's.
	before["contact_phones"] = regexp.MustCompile(`(?m)e164=\+\d+ digits=\d+ $`).ReplaceAllStringFunc(before["contact_phones"], func(m string) string {
		if f := strings.Fields(m); f[0] == "e164=+"+strings.TrimPrefix(f[1], "digits=") {
			return f[0] + " digits= "
		}
		return m
	})
	for _, table := range tables {
		var cols []string
		for _, c := range strings.Split(columns[table], ", ") {
			if strings.Contains(", "+tableColumns(t, raw, table)+", ", ", "+c+", ") {
				cols = append(cols, c)
			}
		}
		if got := dumpColumns(t, raw, table, strings.Join(cols, ", ")); got != before[table] {
			t.Errorf("%s after the upgrade:\n%s\nwant:\n%s", table, got, before[table])
		}
	}
	if n := count(t, raw, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Errorf("%d rows break a foreign key after the upgrade", n)
	}
	soundAfterUpgrade(t, path)
	for table, want := range map[string]int{"merges": 5, "notes": 9, "interactions": 12, "changes": 40, "blocks": 6} {
		if got := count(t, raw, `SELECT seq FROM sqlite_sequence WHERE name = ?`, table); got != want {
			t.Errorf("%s: the next ID follows %d, want %d", table, got, want)
		}
	}
	// The references still cascade: a purge of Zed takes merge 5 and its
	// source with it.
	if err := alice.PurgeContacts(ctx, []int64{7}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, raw, `SELECT count(*) FROM merge_sources WHERE merge_id = 5`); n != 0 {
		t.Errorf("merge 5's sources outlived it")
	}

	// A merge now gets 6, though 5 is gone; its change-log rows come
	// after the import's last one.
	a := &contact.Contact{FirstName: "Keep", Emails: []contact.Email{{Address: "keep@example.com"}}}
	b := &contact.Contact{FirstName: "Other", Emails: []contact.Email{{Address: "other@example.com"}}}
	for _, c := range []*contact.Contact{a, b} {
		if err := alice.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	res, err := alice.Merge(ctx, a.ID, []int64{b.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.ID != 6 {
		t.Errorf("a merge after merge 5 was purged got ID %d, want 6", res.ID)
	}
	if n := count(t, raw, `SELECT min(id) FROM changes WHERE contact_id = ?`, a.ID); n <= 40 {
		t.Errorf("a new change-log row got ID %d, not above the import's 40", n)
	}
}

// dumpTable renders every row of a table, in rowid (or key) order.
func dumpTable(t *testing.T, db *sql.DB, table string) string {
	t.Helper()
	return dumpColumns(t, db, table, "*")
}

// tableColumns is the names of table's columns, generated ones too, for
// a SELECT.
func tableColumns(t *testing.T, db *sql.DB, table string) string {
	t.Helper()
	var cols string
	if err := db.QueryRow(`SELECT group_concat(name, ', ') FROM pragma_table_xinfo(?)`, table).Scan(&cols); err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	return cols
}

// dumpColumns is dumpTable of the columns cols (a SELECT's list).
func dumpColumns(t *testing.T, db *sql.DB, table, cols string) string {
	t.Helper()
	rows, err := db.Query(`SELECT ` + cols + ` FROM ` + table + ` ORDER BY 1, 2`)
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	defer rows.Close()
	names, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			fmt.Fprintf(&b, "%s=%v ", names[i], v)
		}
		b.WriteString("\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A database of an older rolo, which named a contact with a prefix or
// suffix but no first, middle or last name by that word ("Dr" of Acme
// Inc): the upgrade names it as rolo does now, by its nickname, company,
// first phone or first email, and leaves a name with its parts alone.
func TestMigratePrefixAloneIsNoName(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 14)
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', '2025-01-01T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, prefix, first_name, suffix, nickname, company, visibility, owner_id, created_by, created_at, updated_at)
		VALUES (1, 'u1', 'Dr', 'Dr', '', '', '', 'Acme Inc', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
		       (2, 'u2', 'Jr', '', '', 'Jr', 'Junior', 'Co', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
		       (3, 'u3', 'Mr', 'Mr', '', '', '', '', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
		       (4, 'u4', 'Ms', 'Ms', '', '', '', '', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
		       (5, 'u5', 'Dr Ada', 'Dr', 'Ada', '', '', 'Engines', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contact_phones (contact_id, position, label, number, e164, digits) VALUES
		(3, 1, 'work', '(415) 555-0199', '+14155550199', '14155550199'),
		(3, 0, 'mobile', '(415) 555-0100', '+14155550100', '14155550100')`)
	mustExec(t, raw, `INSERT INTO contact_emails (contact_id, position, label, address) VALUES (4, 0, 'work', 'ms@example.com')`)
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	for id, want := range map[int64]string{1: "Acme Inc", 2: "Junior", 3: "(415) 555-0100", 4: "ms@example.com", 5: "Dr Ada"} {
		c, err := alice.Contact(ctx, id)
		if err != nil || c.Name != want || c.DisplayName() != want {
			t.Errorf("contact %d after the upgrade: name %q (DisplayName %q), %v; want %q", id, c.Name, c.DisplayName(), err, want)
		}
	}
	soundAfterUpgrade(t, path)
}

// A database of an older rolo, whose views were per user: teammates had
// saved views under the same name. The upgrade keeps every view, and its
// saver; the earliest saved of a name (by time, then ID) keeps the name,
// the others become NAME-LOGIN, or, where that is taken or the login
// cannot be in a view name, end in their ID; every name is a valid one,
// unique in the account from then on.
func TestMigrateViewsShared(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 15)
	long := strings.Repeat("l", 64)
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES
		(1, 'alice', 'Alice', 'owner', '2025-01-01T00:00:00Z'),
		(2, 'bob', 'Bob', 'member', '2025-01-01T00:00:00Z'),
		(3, 'carol', 'Carol', 'member', '2025-01-01T00:00:00Z'),
		(4, 'John Doe', 'John', 'member', '2025-01-01T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO views (id, user_id, name, query, columns, sort, created_at) VALUES
		(1, 1, 'hot', 'tag:alice', 'name', '', '2025-01-02T00:00:00Z'),
		(2, 3, 'hot', 'tag:carol', '', '', '2025-01-01T00:00:00Z'),
		(3, 2, 'hot', 'tag:bob', '', '-name', '2025-01-01T00:00:00Z'),
		(4, 1, 'hot-bob', 'tag:other', '', '', '2025-01-03T00:00:00Z'),
		(5, 4, 'hot', 'tag:john', '', '', '2025-01-04T00:00:00Z'),
		(6, 1, ?, 'tag:long', '', '', '2025-01-01T00:00:00Z'),
		(7, 2, ?, 'tag:longer', '', '', '2025-01-02T00:00:00Z'),
		(8, 2, 'mine', 'owner:me', '', '', '2025-01-02T00:00:00Z')`, long, long)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	vs, err := alice.Views(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, v.Name+" "+v.Query+" "+v.By)
		if err := contact.ValidateViewName(v.Name); err != nil {
			t.Errorf("view %q after the upgrade: %v", v.Name, err)
		}
	}
	want := []string{
		"hot tag:carol carol",
		"hot-5 tag:john John Doe",
		"hot-alice tag:alice alice",
		"hot-bob tag:other alice",
		"hot-bob-3 tag:bob bob",
		long[:62] + "-7 tag:longer bob",
		long + " tag:long alice",
		"mine owner:me bob",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("views after the upgrade:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if v, err := alice.View(ctx, "hot-bob-3"); err != nil || strings.Join(v.Sort, ",") != "-name" {
		t.Errorf("bob's renamed hot: %+v, %v; want its sort kept", v, err)
	}
	// A name is the account's now: alice's save of hot replaces carol's.
	if replaced, err := alice.SaveView(ctx, &contact.View{Name: "hot", Query: "tag:new"}, contact.ViewKeep{}); err != nil || !replaced {
		t.Errorf("alice saves hot: replaced %v, %v; want carol's replaced", replaced, err)
	}
	soundAfterUpgrade(t, path)
}

// A database of an older rolo, whose team rm left the removed teammate in
// the snapshots of the merges in force (bob: a star and share of a private
// contact merged away; dave: a share of each of two), and so did not stop
// unmerge from giving them back once team add brought the teammate back.
// The upgrade takes every removed teammate out of those merges, as team rm
// does now: bob, added back, does not see the contact unmerged, and keeps
// the share of KEEP given him again since; carol, never removed, gets hers
// back. A merge already undone is left as it was.
func TestMigrateRemovedTeammatesOutOfMerges(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 16)
	const at = "2025-01-03T00:00:00Z"
	row := func(id int64, name string) string {
		return fmt.Sprintf(`"row":{"id":%d,"uid":"uid-%d","display_name":%q,"first_name":%q,"type":"lead","level":"primary",
			"visibility":"private","owner_id":1,"created_by":1,"created_at":%q,"updated_at":%q},
			"contact":{"id":%d,"uid":"uid-%d","name":%q,"first_name":%q,"type":"lead","level":"primary","visibility":"private",
			"owner":"alice","created_at":%q,"updated_at":%q}`, id, id, name, name, at, at, id, id, name, name, at, at)
	}
	fav := func(user int) string { return fmt.Sprintf(`{"user_id":%d,"created_at":%q}`, user, at) }
	share := func(user int) string { return fmt.Sprintf(`{"user_id":%d,"created_by":1,"created_at":%q}`, user, at) }
	keep := fmt.Sprintf(`{"id":1,"uid":"uid-1","name":"Keep","first_name":"Keep","type":"lead","level":"primary","visibility":"private",
		"owner":"alice","created_at":%q,"updated_at":%q}`, at, at)
	snapshot := `{"version":1,"keep":{` + row(1, "Keep") + `,"favorites":null,"shares":null},
		"others":[{` + row(2, "Other") + `,"favorites":[` + fav(2) + `,` + fav(3) + `],"shares":[` + share(2) + `,` + share(3) + `,` + share(4) + `]},
			{` + row(3, "Third") + `,"favorites":null,"shares":[` + share(4) + `]}],
		"after":` + keep + `,"added_favorites":[2,3],"added_shares":[2,3,4],"interaction_seq":0,"log_from":1,"log_to":2}`
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at, removed_at) VALUES
		(1, 'alice', 'Alice', 'owner', '2025-01-01T00:00:00Z', NULL),
		(2, 'bob', 'Bob', 'member', '2025-01-01T00:00:00Z', '2025-01-04T00:00:00Z'),
		(3, 'carol', 'Carol', 'member', '2025-01-01T00:00:00Z', NULL),
		(4, 'dave', 'Dave', 'member', '2025-01-01T00:00:00Z', '2025-01-04T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
		VALUES (1, 'uid-1', 'Keep', 'Keep', 'private', 1, 1, ?, ?)`, at, at)
	indexSearchDoc(t, raw)
	// What KEEP holds from the merge once the older rolo's team rm took
	// bob's and dave's rows: carol's star and share.
	mustExec(t, raw, `INSERT INTO favorites (user_id, contact_id, created_at) VALUES (3, 1, ?)`, at)
	mustExec(t, raw, `INSERT INTO shares (contact_id, user_id, created_by, created_at) VALUES (1, 3, 1, ?)`, at)
	mustExec(t, raw, `INSERT INTO changes (contact_id, user_id, at, action, field, old_value, new_value) VALUES
		(1, 1, ?, 'create', '', '', ''), (1, 1, ?, 'merge', '', '', '2, 3')`, at, at)
	undone := `{"version":1,"keep":{` + row(1, "Keep") + `},"added_shares":[2,4]}`
	mustExec(t, raw, `INSERT INTO merges (id, keep_id, user_id, created_at, snapshot, undone_at, undone_by) VALUES
		(1, 1, 1, ?, ?, ?, 1), (2, 1, 1, ?, ?, NULL, NULL)`, at, undone, at, at, snapshot)
	mustExec(t, raw, `INSERT INTO merge_sources (merge_id, contact_id, uid) VALUES (2, 2, 'uid-2'), (2, 3, 'uid-3')`)

	clk := newClock()
	alice := openAs(t, path, "alice", clk)
	var kept string
	if err := raw.QueryRow(`SELECT snapshot FROM merges WHERE id = 1`).Scan(&kept); err != nil || kept != undone {
		t.Errorf("the undone merge's snapshot after the upgrade: %s, %v; want it as it was", kept, err)
	}
	if _, err := alice.CreateUser(ctx, "bob", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.Share(ctx, []int64{1}, []string{"bob"}); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.Unmerge(ctx, 2); err != nil {
		t.Fatal(err)
	}
	bob := openAs(t, path, "bob", clk)
	for _, id := range []int64{2, 3} {
		if c, err := bob.Contact(ctx, id); contact.ErrorCode(err) != contact.ENOTFOUND {
			t.Errorf("bob, removed by an older rolo and added back, reads unmerged contact %d: %+v, %v", id, c, err)
		}
	}
	if n := count(t, raw, `SELECT count(*) FROM favorites WHERE user_id = 2`); n != 0 {
		t.Errorf("bob has %d favorites after the unmerge, want none", n)
	}
	if c, err := bob.Contact(ctx, 1); err != nil {
		t.Errorf("bob, shared KEEP again since, after the unmerge: %v", err)
	} else if c.Name != "Keep" {
		t.Errorf("bob reads KEEP as %q", c.Name)
	}
	other, err := alice.Contact(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(other.SharedWith, ","); got != "carol" {
		t.Errorf("the unmerged contact is shared with %q, want carol", got)
	}
	if n := count(t, raw, `SELECT count(*) FROM favorites WHERE user_id = 3 AND contact_id = 2`); n != 1 {
		t.Errorf("carol has %d stars of the unmerged contact, want 1", n)
	}
	soundAfterUpgrade(t, path)
}

// A database of schema 17, whose URL labels could hold spaces and colons
// ("home page") and whose vcard_extra could hold a line of no value: the
// upgrade stores them as a write does now (home-page, the line dropped),
// and writes no change-log row, so that a later unrelated edit changes and
// logs only what it edits.
func TestMigrateURLLabelsOneWord(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 17)
	const at = "2025-01-03T00:00:00Z"
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', ?)`, at)
	mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at, vcard_extra)
		VALUES (1, 'u1', 'Ada', 'Ada', 'public', 1, 1, ?, ?, ?)`, at, at, "X-EMPTY:\nX-KEPT:yes")
	mustExec(t, raw, `INSERT INTO contact_urls (contact_id, position, label, url) VALUES
		(1, 0, 'home page', 'https://a.example'), (1, 1, 'x:y', 'https://b.example'), (1, 2, 'work', 'https://c.example')`)
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	raw = rawDB(t, path)
	if n := count(t, raw, `SELECT count(*) FROM changes`); n != 0 {
		t.Errorf("the upgrade wrote %d change-log rows, want none", n)
	}
	c, err := alice.Contact(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []contact.URL{{Label: "home-page", URL: "https://a.example"}, {Label: "x-y", URL: "https://b.example"}, {Label: "work", URL: "https://c.example"}}
	if !reflect.DeepEqual(c.URLs, want) || c.VCardExtra != "X-KEPT:yes" {
		t.Errorf("after the upgrade: urls %q, vcard_extra %q; want %q, %q", c.URLs, c.VCardExtra, want, "X-KEPT:yes")
	}
	editLogsOnly(t, alice, 1, "first", func(c *contact.Contact) { c.FirstName = "Uri" })
	soundAfterUpgrade(t, path)
}

// A database whose imports stored a record's last channel as the file gave
// it: the upgrade reads it as an import now does (a known channel in any
// case is that channel, another beside a last activity "other", one with
// no last activity none), so that channel: finds them and rolo's own
// export of them imports back; no change-log row.
func TestMigrateLastChannelKnown(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 22)
	const at = "2025-01-03T00:00:00Z"
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', ?)`, at)
	for i, row := range []struct {
		channel  string
		activity any
	}{{" SMS ", at}, {"fax", at}, {"call", nil}, {"email", at}, {"", nil}} {
		mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at, last_activity_at, last_channel)
			VALUES (?, ?, 'Ada', 'Ada', 'public', 1, 1, ?, ?, ?, ?)`, i+1, fmt.Sprintf("u%d", i+1), at, at, row.activity, row.channel)
	}
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	var got []string
	for id := int64(1); id <= 5; id++ {
		c, err := alice.Contact(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c.LastChannel)
	}
	if want := []string{"sms", "other", "", "email", ""}; !reflect.DeepEqual(got, want) {
		t.Errorf("last channels after the upgrade: %q, want %q", got, want)
	}
	if cs, err := alice.FindContacts(ctx, contact.Filter{Query: "channel:sms"}); err != nil || len(cs) != 1 || cs[0].ID != 1 {
		t.Errorf("channel:sms after the upgrade: %d contacts, %v; want contact 1", len(cs), err)
	}
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM changes`); n != 0 {
		t.Errorf("the upgrade wrote %d change-log rows, want none", n)
	}
	soundAfterUpgrade(t, path)
}

// A database of an older rolo whose upgrades to schemas 8 and 14 made
// numbers alike: a contact given +48 0601 999 888 and +48 601 999 888, and
// raw blocks on +48 0 800 900 100 and +48 800 900 100 and on an email in
// NFD and in NFC. The upgrade keeps the contact's number once, with its
// first label, and lifts each raw block in force when the next on its
// number or email was made, as blocking again does, so that blocked lists
// the last and history reads it as replacing the earlier one; a block
// that had expired first stays as it was. It logs no change, and an
// unrelated edit then logs only itself.
func TestMigrateNumbersHeldOnce(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 7)
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', '2025-01-01T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
		VALUES (1, 'u1', 'Bartek', 'Bartek', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z'),
		       (2, 'u2', 'Ola', 'Ola', 'public', 1, 1, '2025-01-03T00:00:00Z', '2025-01-03T00:00:00Z')`)
	mustExec(t, raw, `INSERT INTO contact_phones (contact_id, position, label, number, e164, digits) VALUES
		(1, 0, 'mobile', '+48 0601 999 888', '+480601999888', '480601999888'),
		(1, 1, 'work', '+48 601 999 888', '+48601999888', '48601999888'),
		(1, 2, 'home', '+1 415 555 0100', '+14155550100', '14155550100'),
		(2, 0, 'work', '+48 800 900 100', '+48800900100', '48800900100')`)
	mustExec(t, raw, `INSERT INTO blocks (id, e164, email, user_id, reason, created_at, until) VALUES
		(1, '+480800900100', '', 1, 'first', '2025-01-07T00:00:00Z', NULL),
		(2, '+48800900100', '', 1, 'second', '2025-01-08T00:00:00Z', NULL),
		(3, '+14155550199', '', 1, 'short', '2025-01-04T00:00:00Z', '2025-01-05T00:00:00Z'),
		(4, '+14155550199', '', 1, 'again', '2025-01-09T00:00:00Z', NULL),
		(5, '', ?, 1, 'nfd', '2025-01-10T00:00:00Z', NULL),
		(6, '', ?, 1, 'nfc', '2025-01-11T00:00:00Z', '2026-01-01T00:00:00Z')`, norm.NFD.String("ünal@example.com"), "ünal@example.com")
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	raw = rawDB(t, path)
	if n := count(t, raw, `SELECT count(*) FROM changes`); n != 0 {
		t.Errorf("the upgrade wrote %d change-log rows, want none", n)
	}
	c, err := alice.Contact(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []contact.Phone{{Label: "mobile", Number: "+48 0601 999 888", E164: "+48601999888"},
		{Label: "home", Number: "+1 415 555 0100", E164: "+14155550100"}}
	if !reflect.DeepEqual(c.Phones, want) {
		t.Errorf("phones after the upgrade: %+v; want %+v", c.Phones, want)
	}
	blocks, err := alice.Blocks(ctx, true, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range blocks {
		lifted := "-"
		if b.LiftedAt != nil {
			lifted = b.LiftedAt.Format(time.RFC3339) + " by " + b.LiftedBy
		}
		got = append(got, fmt.Sprintf("%s%s %s lifted %s", b.E164, b.Email, b.Reason, lifted))
	}
	slices.Sort(got)
	wantBlocks := []string{
		"+14155550199 again lifted -",
		"+14155550199 short lifted -",
		"+48800900100 first lifted 2025-01-08T00:00:00Z by alice",
		"+48800900100 second lifted -",
		"ünal@example.com nfc lifted -",
		"ünal@example.com nfd lifted 2025-01-11T00:00:00Z by alice",
	}
	if !slices.Equal(got, wantBlocks) {
		t.Errorf("blocks after the upgrade:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantBlocks, "\n"))
	}
	evs, err := alice.History(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	var blockEvents []string
	for _, e := range evs {
		if e.Kind == contact.EventBlock || e.Kind == contact.EventUnblock {
			blockEvents = append(blockEvents, e.Summary)
		}
	}
	wantEvents := []string{"blocked +48800900100 forever: second (replacing the earlier block)", "blocked +48800900100 forever: first"}
	if !slices.Equal(blockEvents, wantEvents) {
		t.Errorf("Ola's history of blocks: %q; want %q", blockEvents, wantEvents)
	}
	editLogsOnly(t, alice, 1, "title", func(c *contact.Contact) { c.Title = "CEO" })
	soundAfterUpgrade(t, path)
}

// A database of an older schema that has lost one of that schema's tables
// (dropped by hand) is not upgraded: the upgrade is refused before it is
// announced, naming the table, where it began ("Upgrading ...") and
// failed on the first migration that reads the table ("no such table:
// users"). The file is left as it was; doctor names what is missing and
// neither offers nor tries an upgrade.
func TestUpgradeRefusedWithoutItsTables(t *testing.T) {
	ctx := context.Background()
	for table, found := range map[string]string{
		"users":  "not a rolo database (no users table)",
		"merges": "version 3, missing table merges: what it held cannot be rebuilt",
	} {
		t.Run(table, func(t *testing.T) {
			path := olderDatabase(t, 3)
			raw := rawDB(t, path)
			mustExec(t, raw, `DROP TABLE `+table)
			raw.Close()
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			announced := false
			_, err = sqlite.Open(ctx, path, sqlite.Options{Actor: "alice", Upgrading: func(from, to int) { announced = true }})
			want := "database: " + path + " is damaged, or not rolo's: its schema_migrations table says schema version 3, but it has no " + table + " table of that version; rolo upgrades nothing: restore a backup with rolo restore-backup FILE, or give rolo a file of its own"
			if err == nil || contact.ErrorMessage(err) != want || contact.ErrorCode(err) != contact.EINTERNAL {
				t.Errorf("Open: %v, want %q", err, want)
			}
			if announced {
				t.Error("the upgrade was announced")
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("Open changed the refused file")
			}

			h := doctor(t, path, true)
			wantCheck(t, h, sqlite.CheckSchema, sqlite.CheckError, found)
			if h.Repairable() || len(h.Repairs) != 0 {
				t.Errorf("doctor --repair offered or tried a repair: %v", h.Repairs)
			}
		})
	}
}

// indexSearchDoc fills the search index of a database made by hand for an
// older schema from its contact_search_doc view, as that schema's writes
// kept it.
func indexSearchDoc(t *testing.T, raw *sql.DB) {
	t.Helper()
	mustExec(t, raw, indexSearchDocSQL)
}

const indexSearchDocSQL = `INSERT INTO contacts_fts (rowid, first, middle, last, nickname, prefix, suffix, company, title,
	department, email, city, address, tags, attrs, notes)
	SELECT id, first, middle, last, nickname, prefix, suffix, company, title, department, email, city, address,
	tags, attrs, notes FROM contact_search_doc`

// editLogsOnly edits contact id with set, a change of field alone, and
// fails the test when the change log gets a row for any other field: a
// value an upgrade or unmerge left in another form than an edit stores
// would be logged as changed by the next unrelated edit.
func editLogsOnly(t *testing.T, db *sqlite.DB, id int64, field string, set func(*contact.Contact)) {
	t.Helper()
	_, changes, err := db.UpdateContact(context.Background(), id, func(c *contact.Contact) error {
		set(c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range changes {
		if ch.Field != field {
			t.Errorf("an edit of %s also logs %s: %q -> %q", field, ch.Field, ch.Old, ch.New)
		}
	}
}

// A public contact that an older rolo's merge left shared (schema 24):
// the upgrade drops its shares, as publish does, and keeps a private
// contact's. It logs no change.
func TestMigratePublicContactsUnshared(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 23)
	const at = "2025-01-03T00:00:00Z"
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', ?), (2, 'carol', 'Carol', 'member', ?)`, at, at)
	for i, vis := range []string{"public", "private"} {
		mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
			VALUES (?, ?, 'Ada', 'Ada', ?, 1, 1, ?, ?)`, i+1, fmt.Sprintf("u%d", i+1), vis, at, at)
		mustExec(t, raw, `INSERT INTO shares (contact_id, user_id, created_by, created_at) VALUES (?, 2, 1, ?)`, i+1, at)
	}
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	for id, want := range map[int64][]string{1: nil, 2: {"carol"}} {
		c, err := alice.Contact(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(c.SharedWith, want) {
			t.Errorf("contact %d (%s) shared with %q after the upgrade, want %q", id, c.Visibility, c.SharedWith, want)
		}
	}
	if cs, err := alice.FindContacts(ctx, contact.Filter{Query: "is:shared"}); err != nil || len(cs) != 1 || cs[0].ID != 2 {
		t.Errorf("is:shared after the upgrade: %d contacts, %v; want contact 2", len(cs), err)
	}
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM changes`); n != 0 {
		t.Errorf("the upgrade wrote %d change-log rows, want none", n)
	}
	soundAfterUpgrade(t, path)
}

// The last row of an import made before schema 6 is the creation of the
// last contact it created, not a creation a merge logged since: a contact
// added later and merged into one of its contacts brings its creation to
// that contact's log (logCreation), newer than an edit made to another of
// them before the merge, which is still a change since the import.
func TestUndoImportMadeBeforeSchema6AfterMerge(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 5)
	const at = "2025-01-03T00:00:00Z"
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', ?)`, at)
	mustExec(t, raw, `INSERT INTO import_batches (id, user_id, source, format, created_at, total, imported) VALUES (1, 1, 'old.csv', 'csv', ?, 2, 2)`, at)
	for id, name := range map[int]string{1: "Ada", 2: "Grace"} {
		mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at, import_batch_id)
			VALUES (?, ?, ?, ?, 'private', 1, 1, ?, ?, 1)`, id, fmt.Sprintf("u%d", id), name, name, at, at)
		mustExec(t, raw, `INSERT INTO changes (contact_id, user_id, at, action, new_value) VALUES (?, 1, ?, 'create', ?)`, id, at, name)
	}
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	hedy := &contact.Contact{FirstName: "Hedy", Visibility: contact.Private}
	if err := alice.CreateContact(ctx, hedy); err != nil {
		t.Fatal(err)
	}
	// Grace is edited, then Hedy is merged into Ada.
	if _, err := alice.AddNote(ctx, []int64{2}, "Call back in May"); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.Merge(ctx, 1, []int64{hedy.ID}, contact.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := alice.UndoImport(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 0 || len(res.Kept) != 2 || !strings.Contains(res.Kept[0], "contact 1 (Ada): other contacts were merged into it") ||
		!strings.Contains(res.Kept[1], "contact 2 (Grace): changed since the import") {
		t.Errorf("undo of an import made before schema 6: removed %d, kept %q; want Ada kept as merged into, Grace as changed", res.Removed, res.Kept)
	}
	if _, err := alice.Contact(ctx, 2); err != nil {
		t.Errorf("Grace after the undo: %v", err)
	}
}

// An import made before schema 6 recorded no last change-log row, and
// import undo erased its contacts whatever was done with them since,
// also an edit made with this rolo after the upgrade. Its own rows end
// with the last contact it created: a contact of it changed past that
// (before the upgrade or after) is kept and named, as for a newer
// import, and one left as imported is erased.
func TestUndoImportMadeBeforeSchema6(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 5)
	const at = "2025-01-03T00:00:00Z"
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', ?)`, at)
	mustExec(t, raw, `INSERT INTO import_batches (id, user_id, source, format, created_at, total, imported) VALUES (1, 1, 'old.csv', 'csv', ?, 3, 3)`, at)
	for id, name := range []string{"", "Ada", "Grace", "Hedy"} {
		if id == 0 {
			continue
		}
		mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at, import_batch_id)
			VALUES (?, ?, ?, ?, 'private', 1, 1, ?, ?, 1)`, id, fmt.Sprintf("u%d", id), name, name, at, at)
		mustExec(t, raw, `INSERT INTO changes (contact_id, user_id, at, action, new_value) VALUES (?, 1, ?, 'create', ?)`, id, at, name)
	}
	// Grace was edited with the older rolo, after the import.
	mustExec(t, raw, `INSERT INTO changes (contact_id, user_id, at, action, field, new_value) VALUES (2, 1, '2025-02-01T00:00:00Z', 'update', 'title', 'CTO')`)
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	// Hedy gets a note with this rolo.
	if _, err := alice.AddNote(ctx, []int64{3}, "Call back in May"); err != nil {
		t.Fatal(err)
	}
	res, err := alice.UndoImport(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 1 || len(res.Kept) != 2 || !strings.Contains(res.Kept[0], "contact 2 (Grace): changed since the import") ||
		!strings.Contains(res.Kept[1], "contact 3 (Hedy): changed since the import") {
		t.Errorf("undo of an import made before schema 6: removed %d, kept %q; want Ada erased, Grace and Hedy kept as changed", res.Removed, res.Kept)
	}
	for id, want := range map[int64]bool{1: false, 2: true, 3: true} {
		if _, err := alice.Contact(ctx, id); (err == nil) != want {
			t.Errorf("contact %d after the undo: %v, want it there: %v", id, err, want)
		}
	}
	soundAfterUpgrade(t, path)
}

// A command of someone who is no teammate (a mistyped --as, a teammate
// removed) is refused before the upgrade of an older schema, not after
// it: the rolo the team still runs could not read the file again. A
// teammate's command then upgrades it.
func TestStrangerDoesNotUpgrade(t *testing.T) {
	ctx := context.Background()
	for _, version := range []int{3, sqlite.Migrations() - 1} {
		path := olderDatabase(t, version)
		raw := rawDB(t, path)
		mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', '2025-01-01T00:00:00Z')`)
		if version >= 4 {
			mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at, removed_at) VALUES (2, 'carol', 'Carol', 'member', '2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z')`)
		}
		raw.Close()
		for login, want := range map[string]string{
			"zed":   `user: "zed" is not a teammate in ` + path,
			"carol": `user: "carol" was removed from the team of ` + path,
		} {
			if login == "carol" && version < 4 {
				want = `user: "carol" is not a teammate in ` + path
			}
			_, err := sqlite.Open(ctx, path, sqlite.Options{Actor: login, Region: "US", Now: newClock().now})
			if contact.ErrorCode(err) != contact.ENOTFOUND || !strings.Contains(contact.ErrorMessage(err), want) {
				t.Errorf("schema %d, as %s: %v, want %q", version, login, err, want)
			}
			if n := count(t, rawDB(t, path), `SELECT max(version) FROM schema_migrations`); n != version {
				t.Errorf("schema %d, as %s: the refused command upgraded the file to %d", version, login, n)
			}
		}
		openAs(t, path, "ALICE", newClock())
		if n := count(t, rawDB(t, path), `SELECT max(version) FROM schema_migrations`); n != sqlite.Migrations() {
			t.Errorf("schema %d after a teammate's command: %d", version, n)
		}
	}
}

// Schema 25 keys a contact's emails, addresses, socials and URLs by
// (contact, position), with no row ID. The upgrade keeps every value in
// the order an older rolo read it, numbers the positions again from 0,
// also where another program left two rows at one position or gaps, and keeps what reads the tables working: the
// search view, the lookup by email, an edit, a purge's cascade.
func TestMigrateValuesKeyedByPosition(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 24)
	const at = "2025-01-03T00:00:00Z"
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', ?)`, at)
	for id, name := range []string{"", "Ada", "Grace"} {
		if id == 0 {
			continue
		}
		mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'public', 1, 1, ?, ?)`, id, fmt.Sprintf("u%d", id), name, name, at, at)
	}
	// Ada's emails have a gap (position 5) and two rows at position 1.
	mustExec(t, raw, `INSERT INTO contact_emails (id, contact_id, position, label, address) VALUES
		(10, 1, 0, 'work', 'ada@first.example'), (11, 1, 1, 'home', 'ada@second.example'),
		(12, 1, 1, 'home', 'ada@third.example'), (13, 1, 5, 'other', 'ada@last.example'),
		(14, 2, 0, 'work', 'grace@navy.example')`)
	mustExec(t, raw, `INSERT INTO contact_addresses (id, contact_id, position, label, city) VALUES
		(20, 1, 3, 'home', 'London'), (21, 1, 3, 'work', 'Paris'), (22, 2, 0, 'work', 'Arlington')`)
	mustExec(t, raw, `INSERT INTO contact_socials (id, contact_id, position, network, handle) VALUES
		(31, 1, 0, 'linkedin', 'ada-lovelace'), (30, 1, 2, 'github', 'ada')`)
	mustExec(t, raw, `INSERT INTO contact_urls (id, contact_id, position, label, url) VALUES
		(40, 1, 7, 'blog', 'https://ada.example/blog'), (41, 1, 7, 'home', 'https://ada.example')`)
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	ada, err := alice.Contact(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := partValues(ada)
	want := []string{"ada@first.example", "ada@second.example", "ada@third.example", "ada@last.example",
		"London", "Paris", "ada-lovelace", "ada", "https://ada.example/blog", "https://ada.example"}
	if !slices.Equal(got, want) {
		t.Errorf("Ada's values after the upgrade:\n got %q\nwant %q", got, want)
	}

	db := rawDB(t, path)
	for _, table := range []string{"contact_emails", "contact_addresses", "contact_socials", "contact_urls"} {
		if n := count(t, db, `SELECT count(*) FROM pragma_table_info(?) WHERE name = 'id'`, table); n != 0 {
			t.Errorf("%s still has an id column", table)
		}
		if n := count(t, db, `SELECT count(*) FROM pragma_index_list(?) WHERE origin = 'pk'`, table); n != 1 {
			t.Errorf("%s has %d primary keys, want (contact_id, position)", table, n)
		}
		if n := count(t, db, `SELECT count(*) FROM `+table+` WHERE contact_id = 1 AND position NOT BETWEEN 0 AND 3`); n != 0 {
			t.Errorf("%s: %d of Ada's rows are not numbered from 0", table, n)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM sqlite_master WHERE name IN ('contact_emails_contact', 'contact_addresses_contact',
		'contact_socials_contact', 'contact_urls_contact') OR name LIKE '%!_old' ESCAPE '!'`); n != 0 {
		t.Errorf("%d indexes or tables of the old tables are left", n)
	}
	// The index of the emails by address (by its first 20 characters,
	// since schema 29) is what finds a contact by email.
	var plan, detail string
	rows, err := db.Query(`EXPLAIN QUERY PLAN SELECT contact_id FROM contact_emails WHERE substr(address, 1, 20) = substr(?, 1, 20) AND address = ?`, "x", "x")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, parent, unused int
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "\n"
	}
	rows.Close()
	if !strings.Contains(plan, "USING INDEX contact_emails_address_prefix (<expr>=?)") {
		t.Errorf("the lookup by address: %s", plan)
	}
	if cs, err := alice.ContactsWith(ctx, contact.Handle{Email: "ada@third.example"}); err != nil || len(cs) != 1 || cs[0].ID != 1 {
		t.Errorf("the contact with ada@third.example: %d, %v; want Ada", len(cs), err)
	}
	for q, want := range map[string]int64{"second.example": 1, "london": 1, "arlington": 2} {
		if cs, err := alice.FindContacts(ctx, contact.Filter{Query: q}); err != nil || len(cs) != 1 || cs[0].ID != want {
			t.Errorf("search %q after the upgrade: %d contacts, %v; want contact %d", q, len(cs), err, want)
		}
	}
	soundAfterUpgrade(t, path)

	// An edit writes the values again, a purge takes them with the contact.
	editLogsOnly(t, alice, 1, "title", func(c *contact.Contact) { c.Title = "Countess" })
	if _, _, err := alice.UpdateContact(ctx, 1, func(c *contact.Contact) error {
		c.Emails = append([]contact.Email{{Label: "work", Address: "ada@new.example"}}, c.Emails...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if ada, err = alice.Contact(ctx, 1); err != nil || len(ada.Emails) != 5 || ada.Emails[0].Address != "ada@new.example" || ada.Emails[4].Address != "ada@last.example" {
		t.Errorf("Ada's emails after an edit: %+v, %v", ada.Emails, err)
	}
	if err := alice.DeleteContacts(ctx, []int64{2}); err != nil {
		t.Fatal(err)
	}
	if err := alice.PurgeContacts(ctx, []int64{2}); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"contact_emails", "contact_addresses"} {
		if n := count(t, db, `SELECT count(*) FROM `+table+` WHERE contact_id = 2`); n != 0 {
			t.Errorf("%s: %d rows of the purged contact left", table, n)
		}
	}
	soundAfterUpgrade(t, path)
}

// A database of schema 24 whose search view was dropped (by hand, or by
// another program: Debian 12's sqlite3 cannot read the file while it is
// there) is upgraded all the same: schema 25 makes the view again, as
// doctor --repair would have, rather than fail every command, the
// repair's upgrade too, on "no such view".
func TestMigrateValuesKeyedByPositionWithoutSearchView(t *testing.T) {
	ctx := context.Background()
	path, raw := olderWithAda(t)
	mustExec(t, raw, `INSERT INTO contact_emails (id, contact_id, position, label, address) VALUES (10, 1, 0, 'work', 'ada@first.example')`)
	indexSearchDoc(t, raw)
	mustExec(t, raw, `DROP VIEW contact_search_doc`)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	if cs, err := alice.FindContacts(ctx, contact.Filter{Query: "first.example"}); err != nil || len(cs) != 1 || cs[0].ID != 1 {
		t.Errorf("search after the upgrade: %d contacts, %v; want Ada", len(cs), err)
	}
	soundAfterUpgrade(t, path)
}

// Two rows of a contact at one position (another program's) keep the
// order an older rolo read them in, the order they were written, also
// where their text sorts the other way: the contact keeps its first
// email and address (the ones it is listed and exported with), and its
// search index, made in that order, stays in step with the view.
func TestMigrateTiedPositionsKeepTheirOrder(t *testing.T) {
	ctx := context.Background()
	path, raw := olderWithAda(t)
	mustExec(t, raw, `INSERT INTO contact_emails (id, contact_id, position, label, address) VALUES
		(10, 1, 0, 'work', 'zed@ada.example'), (11, 1, 0, 'home', 'amy@ada.example'), (12, 1, 0, 'home', 'abe@ada.example')`)
	mustExec(t, raw, `INSERT INTO contact_addresses (id, contact_id, position, label, city) VALUES
		(20, 1, 1, 'work', 'Zurich'), (21, 1, 1, 'home', 'Amsterdam')`)
	mustExec(t, raw, `INSERT INTO contact_socials (id, contact_id, position, network, handle) VALUES
		(30, 1, 0, 'mastodon', 'zed'), (31, 1, 0, 'github', 'amy')`)
	mustExec(t, raw, `INSERT INTO contact_urls (id, contact_id, position, label, url) VALUES
		(40, 1, 2, 'work', 'https://z.example'), (41, 1, 2, 'home', 'https://a.example')`)
	indexSearchDoc(t, raw)
	// What rolo read before the upgrade (schema 24's reads of a contact).
	var want []string
	for _, q := range []string{
		`SELECT address FROM contact_emails WHERE contact_id = 1 ORDER BY contact_id, position`,
		`SELECT city FROM contact_addresses WHERE contact_id = 1 ORDER BY contact_id, position`,
		`SELECT handle FROM contact_socials WHERE contact_id = 1 ORDER BY contact_id, position`,
		`SELECT url FROM contact_urls WHERE contact_id = 1 ORDER BY contact_id, position`,
	} {
		rows, err := raw.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			want = append(want, v)
		}
		rows.Close()
	}
	raw.Close()
	if want[0] != "zed@ada.example" {
		t.Fatalf("schema 24 read Ada's emails as %q: the test assumes the order they were written in", want)
	}

	alice := openAs(t, path, "alice", newClock())
	ada, err := alice.Contact(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := partValues(ada)
	if !slices.Equal(got, want) {
		t.Errorf("Ada's values after the upgrade:\n got %q\nwant %q (as read before it)", got, want)
	}
	soundAfterUpgrade(t, path)
}

// A view of the user's own (made with a sqlite3 shell, for a report)
// that reads the emails or addresses does not stop the upgrade to schema
// 25, which failed every command on it ("error in view my_emails: no
// such table: main.contact_emails_old"): the view reads the new tables
// after it.
func TestMigrateValuesKeyedByPositionWithUsersView(t *testing.T) {
	ctx := context.Background()
	path, raw := olderWithAda(t)
	mustExec(t, raw, `INSERT INTO contact_emails (id, contact_id, position, label, address) VALUES (10, 1, 0, 'work', 'ada@first.example')`)
	mustExec(t, raw, `INSERT INTO contact_addresses (id, contact_id, position, label, city) VALUES (20, 1, 0, 'home', 'London')`)
	indexSearchDoc(t, raw)
	mustExec(t, raw, `CREATE VIEW my_emails AS SELECT c.display_name, e.address FROM contacts c JOIN contact_emails e ON e.contact_id = c.id`)
	mustExec(t, raw, `CREATE VIEW my_places AS SELECT contact_id, city FROM contact_addresses`)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	if cs, err := alice.FindContacts(ctx, contact.Filter{Query: "london first.example"}); err != nil || len(cs) != 1 || cs[0].ID != 1 {
		t.Errorf("search after the upgrade: %d contacts, %v; want Ada", len(cs), err)
	}
	db := rawDB(t, path)
	var address, city string
	if err := db.QueryRow(`SELECT address FROM my_emails`).Scan(&address); err != nil || address != "ada@first.example" {
		t.Errorf("the user's view of the emails after the upgrade: %q, %v", address, err)
	}
	if err := db.QueryRow(`SELECT city FROM my_places`).Scan(&city); err != nil || city != "London" {
		t.Errorf("the user's view of the addresses after the upgrade: %q, %v", city, err)
	}
	soundAfterUpgrade(t, path)
}

// Rows of the four tables whose contact is gone (another program deleted
// it with foreign keys off; doctor calls them rows that refer to rows
// that do not exist) no longer fail the upgrade to schema 25, and with
// it every command, on "FOREIGN KEY constraint failed": no command could
// read them, and the upgrade leaves them out, as deleting the contact
// would have; doctor then finds the file sound.
func TestMigrateValuesKeyedByPositionWithoutTheirContact(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 24)
	const at = "2025-01-03T00:00:00Z"
	raw, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=off")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', ?)`, at)
	mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
		VALUES (1, 'u1', 'Ada', 'Ada', 'public', 1, 1, ?, ?)`, at, at)
	mustExec(t, raw, `INSERT INTO contact_emails (id, contact_id, position, label, address) VALUES
		(10, 1, 0, 'work', 'ada@first.example'), (11, 99, 0, 'work', 'ghost@gone.example')`)
	mustExec(t, raw, `INSERT INTO contact_addresses (id, contact_id, position, label, city) VALUES (20, 99, 0, 'home', 'Ghosttown')`)
	mustExec(t, raw, `INSERT INTO contact_socials (id, contact_id, position, network, handle) VALUES (30, 99, 0, 'github', 'ghost')`)
	mustExec(t, raw, `INSERT INTO contact_urls (id, contact_id, position, label, url) VALUES (40, 99, 0, 'home', 'https://gone.example')`)
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	if ada, err := alice.Contact(ctx, 1); err != nil || len(ada.Emails) != 1 || ada.Emails[0].Address != "ada@first.example" {
		t.Errorf("Ada after the upgrade: %+v, %v", ada, err)
	}
	db := rawDB(t, path)
	for _, table := range []string{"contact_emails", "contact_addresses", "contact_socials", "contact_urls"} {
		if n := count(t, db, `SELECT count(*) FROM `+table+` WHERE contact_id = 99`); n != 0 {
			t.Errorf("%s: %d rows of the missing contact", table, n)
		}
	}
	soundAfterUpgrade(t, path)
}

// partValues are a contact's values in the four tables schema 25 rebuilt,
// in the order read: emails, cities, social handles, URLs.
func partValues(c *contact.Contact) []string {
	var out []string
	for _, e := range c.Emails {
		out = append(out, e.Address)
	}
	for _, a := range c.Addresses {
		out = append(out, a.City)
	}
	for _, s := range c.Socials {
		out = append(out, s.Handle)
	}
	for _, u := range c.URLs {
		out = append(out, u.URL)
	}
	return out
}

// olderWithAda is a database of schema 24 with alice and one public
// contact, Ada (ID 1), and a connection to it that knows nothing of rolo.
func olderWithAda(t *testing.T) (string, *sql.DB) {
	t.Helper()
	path, raw := olderWithAlice(t, 24)
	mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
		VALUES (1, 'u1', 'Ada', 'Ada', 'public', 1, 1, ?, ?)`, olderAt, olderAt)
	return path, raw
}

// olderAt is when the rows of olderWithAlice's databases were written.
const olderAt = "2025-01-03T00:00:00Z"

// olderWithAlice is a database of schema version whose owner is alice
// (user 1), open for writes as another program makes them.
func olderWithAlice(t *testing.T, version int) (string, *sql.DB) {
	t.Helper()
	path := olderDatabase(t, version)
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'alice', 'Alice', 'owner', ?)`, olderAt)
	return path, raw
}

// Schema 26 derives the UIDs rolo makes: contacts of an older rolo keep
// theirs as stored (a version 7 UUID, one in capitals found in any case
// through the index that now holds text alone), and a contact added after
// the upgrade gets a derived one.
func TestMigrateDerivedUIDs(t *testing.T) {
	ctx := context.Background()
	path, raw := olderWithAlice(t, 25)
	const at = olderAt
	for id, uid := range map[int]string{1: "0190a7f2-7c1e-7a4b-9c3d-2e1f0a9b8c7d", 2: "8F3E2D1C-4B5A-4C6D-9E8F-0A1B2C3D4E5F"} {
		mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
			VALUES (?, ?, 'Ada', 'Ada', 'public', 1, 1, ?, ?)`, id, uid, at, at)
	}
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	for ref, id := range map[string]int64{"0190A7F2-7C1E-7A4B-9C3D-2E1F0A9B8C7D": 1, "8f3e2d1c-4b5a-4c6d-9e8f-0a1b2c3d4e5f": 2} {
		if c, err := alice.ResolveRef(ctx, ref, contact.ScopeActive); err != nil || c.ID != id {
			t.Errorf("ResolveRef(%s) after the upgrade = %v, %v; want contact %d", ref, c, err, id)
		}
	}
	c := &contact.Contact{FirstName: "Bob"}
	if err := alice.CreateContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(c.UID, "-8000-8000-000000000003") {
		t.Errorf("new contact's UID %q, want one derived from ID 3", c.UID)
	}
	var index string
	if err := rawDB(t, path).QueryRow(`SELECT sql FROM sqlite_schema WHERE name = 'contacts_uid_capitals'`).Scan(&index); err != nil || !strings.Contains(index, "typeof(uid) = 'text'") {
		t.Errorf("index of the UIDs with a capital: %q, %v", index, err)
	}
	soundAfterUpgrade(t, path)
}

// Schema 27 finds contacts by owner and by import through one index, by
// owner and then import, where there were two: an import's contacts are
// looked for once per teammate, a removed teammate too. After the upgrade
// import list counts an import's contacts and import undo erases them,
// owner: finds an owner's; a contact stored with its update time written
// out (every one before, and those schema 27 leaves as they are) reads it.
func TestMigrateOwnerAndBatchOneIndex(t *testing.T) {
	ctx := context.Background()
	path := olderDatabase(t, 25)
	const at = "2025-01-03T00:00:00Z"
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO users (id, login, name, role, created_at, removed_at) VALUES
		(1, 'alice', 'Alice', 'owner', ?, NULL), (2, 'bob', 'Bob', 'member', ?, NULL), (3, 'carol', 'Carol', 'member', ?, ?)`, at, at, at, at)
	mustExec(t, raw, `INSERT INTO import_batches (id, user_id, source, format, created_at, total, imported, last_change_id) VALUES
		(1, 1, 'a.csv', 'csv', ?, 3, 3, 0), (2, 2, 'b.csv', 'csv', ?, 1, 1, 0)`, at, at)
	for _, c := range []struct {
		id, owner int
		vis       string
		batch     any
	}{{1, 1, "private", 1}, {2, 3, "public", 1}, {3, 2, "private", 2}, {4, 1, "private", nil}, {5, 1, "public", 1}} {
		mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at, import_batch_id)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`, c.id, fmt.Sprintf("u%d", c.id), fmt.Sprintf("Ada %d", c.id), "Ada", c.vis, c.owner, at, at, c.batch)
	}
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	var indexes []string
	rows, err := rawDB(t, path).Query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts' AND name LIKE 'contacts_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		indexes = append(indexes, name)
	}
	rows.Close()
	if want := []string{"contacts_archived", "contacts_deleted", "contacts_display_name", "contacts_owner_batch", "contacts_uid_capitals"}; !slices.Equal(indexes, want) {
		t.Errorf("indexes of contacts after the upgrade: %q, want %q", indexes, want)
	}
	soundAfterUpgrade(t, path)
	batches, err := alice.ImportBatches(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var remaining []string
	for _, b := range batches {
		remaining = append(remaining, fmt.Sprintf("%d:%d", b.ID, b.Remaining))
	}
	// Bob's private contact is not alice's to see.
	if got, want := strings.Join(remaining, " "), "2:0 1:3"; got != want {
		t.Errorf("import list after the upgrade: remaining %s, want %s", got, want)
	}
	if cs, err := alice.FindContacts(ctx, contact.Filter{Query: "owner:carol"}); err != nil || len(cs) != 1 || cs[0].ID != 2 {
		t.Errorf("owner:carol after the upgrade: %d contacts, %v; want contact 2", len(cs), err)
	}
	c, err := alice.Contact(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	if want := parseAt(t, at); !c.UpdatedAt.Equal(want) || !c.CreatedAt.Equal(want) {
		t.Errorf("contact 4 after the upgrade: created %v, updated %v; want both %v", c.CreatedAt, c.UpdatedAt, want)
	}
	res, err := alice.UndoImport(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 3 || len(res.Kept) != 0 {
		t.Errorf("import undo 1 after the upgrade: removed %d, kept %q; want 3 removed", res.Removed, res.Kept)
	}
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM contacts`); n != 2 {
		t.Errorf("%d contacts after the undo, want 2 (bob's import, and one not imported)", n)
	}
}

func parseAt(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// Schema 28 stores a phone's digits as "" when they are its E.164 form
// without the +, and keeps them where they say more (a number entered in
// a national form; one of schema 14's, kept beside its old form). The
// trigram index is built again from the view that gives them in full:
// every number is found by its digits as before, alone and beside a word
// (the two ways a search reads them), doctor finds the file sound, and
// the numbers written since, in either form, are indexed and unindexed
// as they are written and deleted.
func TestMigratePhoneDigitsOnce(t *testing.T) {
	ctx := context.Background()
	path, raw := olderWithAlice(t, 25)
	const at = olderAt
	mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
		VALUES (1, 'u1', 'Ada', 'Ada', 'public', 1, 1, ?, ?), (2, 'u2', 'Pierre', 'Pierre', 'public', 1, 1, ?, ?),
		       (3, 'u3', 'Piotr', 'Piotr', 'public', 1, 1, ?, ?)`, at, at, at, at, at, at)
	mustExec(t, raw, `INSERT INTO contact_phones (contact_id, position, label, number, e164, digits) VALUES
		(1, 0, 'mobile', '+1 503 369 2000', '+15033692000', '15033692000'),
		(2, 0, 'mobile', '06 74 57 23 49', '+33674572349', '33674572349 0674572349'),
		(3, 0, 'work', '0634 272 451', '+48634272451', '48634272451 480634272451')`)
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	raw = rawDB(t, path)
	stored := func() []string {
		t.Helper()
		rows, err := raw.Query(`SELECT digits FROM contact_phones ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				t.Fatal(err)
			}
			out = append(out, d)
		}
		return out
	}
	if got, want := stored(), []string{"", "33674572349 0674572349", "48634272451 480634272451"}; !slices.Equal(got, want) {
		t.Errorf("digits stored after the upgrade: %q, want %q", got, want)
	}
	finds := func(q, want string) {
		t.Helper()
		cs, err := alice.FindContacts(ctx, contact.Filter{Query: q})
		if err != nil {
			t.Errorf("search %q: %v", q, err)
			return
		}
		var ids []string
		for _, c := range cs {
			ids = append(ids, fmt.Sprint(c.ID))
		}
		if got := strings.Join(ids, ","); got != want {
			t.Errorf("search %q found %q, want %q", q, got, want)
		}
	}
	for q, want := range map[string]string{
		"5033692": "1", "+1 503 369 2000": "1", "ada 5033692": "1", "pierre 5033692": "",
		"0674572349": "2", "674572349": "2", "pierre 0674572349": "2",
		"480634272451": "3", "48634272451": "3", "piotr 0634": "3",
	} {
		finds(q, want)
	}
	soundAfterUpgrade(t, path)

	// A number rolo writes now stores "" and is found; one edited away
	// is no longer; one in the full form (written by an older rolo's
	// restore, or another program) is found too, and its deletion
	// leaves the index in step.
	grace := &contact.Contact{FirstName: "Grace", Phones: []contact.Phone{{Number: "+1 503 555 0199"}}}
	if err := alice.CreateContact(ctx, grace); err != nil {
		t.Fatal(err)
	}
	if _, _, err := alice.UpdateContact(ctx, 1, func(c *contact.Contact) error {
		c.Phones = []contact.Phone{{Number: "+1 503 369 7777"}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	mustExec(t, raw, `INSERT INTO contact_phones (contact_id, position, label, number, e164, digits) VALUES
		(2, 1, 'work', '+33 1 44 55 66 77', '+33144556677', '33144556677')`)
	// Ada's number was written again (a new row); Grace's is new.
	if got, want := stored(), []string{"33674572349 0674572349", "48634272451 480634272451", "", "", "33144556677"}; !slices.Equal(got, want) {
		t.Errorf("digits stored after new writes: %q, want %q", got, want)
	}
	for q, want := range map[string]string{
		"5550199": fmt.Sprint(grace.ID), "5033697777": "1", "ada 3697777": "1", "5033692000": "",
		"144556677": "2", "pierre 144556677": "2",
	} {
		finds(q, want)
	}
	if h := doctor(t, path, false); h.Problems() != 0 {
		t.Errorf("doctor after new writes: %+v", h.Checks)
	}
	mustExec(t, raw, `DELETE FROM contact_phones WHERE e164 = '+33144556677'`)
	finds("144556677", "")
	if h := doctor(t, path, false); h.Problems() != 0 {
		t.Errorf("doctor after deleting a number stored in full: %+v", h.Checks)
	}
}

// Schema 29 indexes the emails by their first 20 characters rather than
// whole. The upgrade drops the old index and builds the new one, and
// every lookup by email still tells apart addresses that share those 20
// characters: lookup, a raw block on one of them (is:blocked), an
// address that is only the shared part.
func TestMigrateEmailAddressPrefix(t *testing.T) {
	ctx := context.Background()
	path, raw := olderWithAlice(t, 25)
	const at = olderAt
	addresses := []string{"", "ada.lovelace.analytical@engine.example", "ada.lovelace.analytics@engine.example", "ada.lovelace.analyti"}
	for id, name := range []string{"", "Ada", "Augusta", "Short"} {
		if id == 0 {
			continue
		}
		mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, visibility, owner_id, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'public', 1, 1, ?, ?)`, id, fmt.Sprintf("u%d", id), name, name, at, at)
		mustExec(t, raw, `INSERT INTO contact_emails (contact_id, position, label, address) VALUES (?, 0, 'work', ?)`, id, addresses[id])
	}
	mustExec(t, raw, `INSERT INTO blocks (email, user_id, reason, created_at) VALUES (?, 1, 'spam', ?)`, addresses[2], at)
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	db := rawDB(t, path)
	if n := count(t, db, `SELECT max(version) FROM schema_migrations`); n < 29 {
		t.Errorf("schema %d after the upgrade, want 29 or later", n)
	}
	if n := count(t, db, `SELECT count(*) FROM sqlite_master WHERE name = 'contact_emails_address'`); n != 0 {
		t.Error("the index of whole addresses is left")
	}
	if n := count(t, db, `SELECT count(*) FROM sqlite_master WHERE name = 'contact_emails_address_prefix'
		AND sql LIKE '%(substr(address, 1, 20))'`); n != 1 {
		t.Error("no index of the addresses' first 20 characters")
	}
	for id, address := range addresses {
		if id == 0 {
			continue
		}
		if cs, err := alice.ContactsWith(ctx, contact.Handle{Email: address}); err != nil || len(cs) != 1 || cs[0].ID != int64(id) {
			t.Errorf("the contacts with %s: %v, %v; want %d alone", address, idsOf(cs), err, id)
		}
		r, err := alice.Lookup(ctx, contact.Handle{Email: address})
		if err != nil || (r.Block != nil) != (id == 2) {
			t.Errorf("lookup %s: %+v, %v; want blocked only for Augusta", address, r, err)
		}
	}
	for _, address := range []string{"ada.lovelace.analytic@engine.example", "ada.lovelace.analyti@engine.example"} {
		if cs, err := alice.ContactsWith(ctx, contact.Handle{Email: address}); err != nil || len(cs) != 0 {
			t.Errorf("the contacts with %s: %v, %v; want none", address, idsOf(cs), err)
		}
	}
	if cs, err := alice.FindContacts(ctx, contact.Filter{Query: "is:blocked"}); err != nil || len(cs) != 1 || cs[0].ID != 2 {
		t.Errorf("is:blocked: %v, %v; want Augusta (2) alone", idsOf(cs), err)
	}
	soundAfterUpgrade(t, path)
}

// Schema 30's index of the notes holds their contact alone; a contact's
// notes still come newest first, and deleting the contact deletes them.
func TestMigrateNotesIndexByContact(t *testing.T) {
	ctx := context.Background()
	path, raw := olderWithAda(t)
	for i, at := range []string{"2025-01-04T00:00:00Z", "2025-01-06T00:00:00Z", "2025-01-05T00:00:00Z"} {
		mustExec(t, raw, `INSERT INTO notes (contact_id, user_id, body, created_at) VALUES (1, 1, ?, ?)`, fmt.Sprint("note ", i), at)
	}
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	var index string
	if err := rawDB(t, path).QueryRow(`SELECT sql FROM sqlite_schema WHERE name = 'notes_contact'`).Scan(&index); err != nil || index != "CREATE INDEX notes_contact ON notes (contact_id)" {
		t.Errorf("notes_contact after the upgrade: %q, %v", index, err)
	}
	c, err := alice.Contact(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range c.Notes {
		got = append(got, n.Text)
	}
	if want := []string{"note 1", "note 2", "note 0"}; !slices.Equal(got, want) {
		t.Errorf("notes after the upgrade: %q, want newest first %q", got, want)
	}
	soundAfterUpgrade(t, path)
}

// Schema 31 stores the type, level and visibility as codes, the times of
// contacts and notes as seconds (or as written, when not written as rolo
// writes them) and the display name only where it is not "first last":
// every contact and note reads as before, through the columns of the old
// names, and so does a view of the user's own that names them; searches
// by type, level and creation time find what they did.
func TestMigrateContactWordsAndTimesCoded(t *testing.T) {
	ctx := context.Background()
	path, raw := olderWithAlice(t, 30)
	rows := []struct {
		name, first, last, typ, level, vis, created string
	}{
		{"Ada Lovelace", "Ada", "Lovelace", "customer", "secondary", "public", "2025-01-03T10:00:00Z"},
		{"Dr Grace Hopper", "Grace", "Hopper", "prospect", "tertiary", "private", "2025-01-04 09:30:00"},
		{"Zed", "Zed", "", "other", "primary", "private", "1969-07-20T20:17:40Z"},
		{"Lin", "", "Lin", "lead", "primary", "public", "2025-01-05T00:00:00.250Z"},
	}
	for i, r := range rows {
		mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, last_name, type, level, visibility, owner_id, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, '')`, i+1, fmt.Sprint("u", i+1), r.name, r.first, r.last, r.typ, r.level, r.vis, r.created)
	}
	notes := []string{"2025-01-06T08:00:00Z", "2025-01-06 08:00:01"}
	for _, at := range notes {
		mustExec(t, raw, `INSERT INTO notes (contact_id, user_id, body, created_at) VALUES (1, 1, ?, ?)`, "at "+at, at)
	}
	mustExec(t, raw, `CREATE VIEW my_names AS SELECT display_name, type, level, visibility, created_at FROM contacts`)
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	raw = rawDB(t, path)
	for i, r := range rows {
		var name, typ, level, vis, created, kind string
		var stored sql.NullString
		if err := raw.QueryRow(`SELECT display_name, type, level, visibility, created_at, typeof(created), display_name_set FROM contacts WHERE id = ?`, i+1).
			Scan(&name, &typ, &level, &vis, &created, &kind, &stored); err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(name, typ, level, vis, created), fmt.Sprint(r.name, r.typ, r.level, r.vis, r.created); got != want {
			t.Errorf("contact %d after the upgrade: %s, want %s", i+1, got, want)
		}
		if wantKind := map[bool]string{true: "integer", false: "text"}[strings.HasSuffix(r.created, ":00Z") || strings.HasSuffix(r.created, ":40Z")]; kind != wantKind {
			t.Errorf("contact %d's time %s stored as %s, want %s", i+1, r.created, kind, wantKind)
		}
		if stored.Valid != (r.name != r.first+" "+r.last) {
			t.Errorf("contact %d's display name %q stored: %v", i+1, r.name, stored.Valid)
		}
	}
	if n := count(t, raw, `SELECT count(*) FROM my_names WHERE type = 'customer' AND level = 'secondary' AND display_name = 'Ada Lovelace'`); n != 1 {
		t.Errorf("the user's view after the upgrade: %d rows of Ada, want 1", n)
	}
	c, err := alice.Contact(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Newest first, by the times as text, as before ("T" after " ").
	if len(c.Notes) != 2 || c.Notes[0].Text != "at "+notes[0] || c.Notes[1].Text != "at "+notes[1] || c.Notes[0].CreatedAt.UTC().Format(time.RFC3339) != notes[0] {
		t.Errorf("Ada's notes after the upgrade: %+v", c.Notes)
	}
	for q, want := range map[string][]int64{
		"type:customer":       {1},
		"type:prospect,other": {2, 3},
		"level:tertiary":      {2},
		"created:<1970-01-01": {3},
		"is:public":           {1, 4},
		"Lovelace":            {1},
	} {
		cs, err := alice.FindContacts(ctx, contact.Filter{Query: q})
		if got := idsOf(cs); err != nil || !slices.Equal(got, want) {
			t.Errorf("%s after the upgrade: %v, %v; want %v", q, got, err, want)
		}
	}
	soundAfterUpgrade(t, path)
}

// An index of the user's own (made with a sqlite3 shell, for a report)
// on a column schema 31 replaces by a generated one does not stop the
// upgrade, which failed every command on it ("error in index my_type
// after drop column: no such column: type"): it is made again on the
// generated column, and serves what it did.
func TestMigrateContactWordsAndTimesCodedWithUsersIndexes(t *testing.T) {
	ctx := context.Background()
	path, raw := olderWithAlice(t, 30)
	mustExec(t, raw, `INSERT INTO contacts (id, uid, display_name, first_name, last_name, type, visibility, owner_id, created_by, created_at, updated_at)
		VALUES (1, 'u1', 'Ada Lovelace', 'Ada', 'Lovelace', 'customer', 'public', 1, 1, ?, '')`, olderAt)
	mustExec(t, raw, `INSERT INTO notes (contact_id, user_id, body, created_at) VALUES (1, 1, 'met', ?)`, olderAt)
	indexes := map[string]string{
		"my_type":    `CREATE INDEX my_type ON contacts (type)`,
		"my_level":   `CREATE INDEX my_level ON contacts (level, company)`,
		"my_public":  `CREATE INDEX my_public ON contacts (owner_id) WHERE "visibility" = 'public'`,
		"my_created": `CREATE INDEX my_created ON contacts (created_at DESC)`,
		"my_names":   `CREATE UNIQUE INDEX my_names ON contacts (lower(display_name), id)`,
		"my_notes":   `CREATE INDEX my_notes ON notes (created_at)`,
		"my_company": `CREATE INDEX my_company ON contacts (company)`,
	}
	for _, stmt := range indexes {
		mustExec(t, raw, stmt)
	}
	indexSearchDoc(t, raw)
	raw.Close()

	alice := openAs(t, path, "alice", newClock())
	cs, err := alice.FindContacts(ctx, contact.Filter{Query: "type:customer"})
	if got := idsOf(cs); err != nil || !slices.Equal(got, []int64{1}) {
		t.Errorf("type:customer after the upgrade: %v, %v; want Ada", got, err)
	}
	raw = rawDB(t, path)
	for name, stmt := range indexes {
		var got string
		if err := raw.QueryRow(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?`, name).Scan(&got); err != nil || got != stmt {
			t.Errorf("the user's index %s after the upgrade: %q, %v; want it as made", name, got, err)
		}
	}
	if n := count(t, raw, `SELECT count(*) FROM contacts INDEXED BY my_type WHERE type = 'customer'`); n != 1 {
		t.Errorf("the user's index of the types finds %d contacts, want 1", n)
	}
	soundAfterUpgrade(t, path)
}
