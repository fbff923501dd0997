package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// doctorDB is a database with a few contacts worth searching: names,
// emails, tags, notes and phones.
func doctorDB(t *testing.T) (string, *sqlite.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	for i, name := range []string{"Ada", "Grace", "Edsger", "Barbara"} {
		c := &contact.Contact{FirstName: name, LastName: "Tester", Company: "Acme",
			Emails: []contact.Email{{Address: strings.ToLower(name) + "@example.com"}},
			Phones: []contact.Phone{{Number: "+1415555010" + string(rune('1'+i))}},
			Tags:   []string{"vip"}, Notes: []contact.Note{{Text: "met " + name + " at the fair"}}}
		if err := db.CreateContact(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	return path, db
}

func doctor(t *testing.T, path string, repair bool) *sqlite.Health {
	t.Helper()
	h, err := sqlite.Doctor(context.Background(), path, sqlite.DoctorOptions{Repair: repair})
	if err != nil {
		t.Fatalf("Doctor(%s): %v", path, err)
	}
	return h
}

func wantCheck(t *testing.T, h *sqlite.Health, name, status, detail string) {
	t.Helper()
	c := h.Check(name)
	if c == nil {
		t.Fatalf("no %q check in %+v", name, h.Checks)
	}
	if c.Status != status || !strings.Contains(c.Detail, detail) {
		t.Errorf("%s: %s %q, want %s containing %q", name, c.Status, c.Detail, status, detail)
	}
}

func TestDoctorHealthy(t *testing.T) {
	path, _ := doctorDB(t)
	h := doctor(t, path, false)
	if h.Problems() != 0 {
		t.Fatalf("problems in a new database: %+v", h.Checks)
	}
	for _, name := range []string{sqlite.CheckFile, sqlite.CheckPermissions, sqlite.CheckSchema, sqlite.CheckIntegrity,
		sqlite.CheckForeignKeys, sqlite.CheckSearch, sqlite.CheckPhones, sqlite.CheckUIDs} {
		wantCheck(t, h, name, sqlite.CheckOK, "")
	}
	wantCheck(t, h, sqlite.CheckSearch, sqlite.CheckOK, "every contact indexed")
	wantCheck(t, h, sqlite.CheckPhones, sqlite.CheckOK, "every phone number indexed")
}

// Contacts that an older rolo let hold one UUID in different cases are
// named, with the merge that would join them, as a warning: no problem,
// nothing to repair. UIDs that are not UUIDs are text, different in
// another case, and are not named.
func TestDoctorNamesOneUUIDInDifferentCases(t *testing.T) {
	path, db := doctorDB(t)
	mustCreate(t, db, &contact.Contact{FirstName: "Lower", UID: "sync-1"})
	mustExec(t, rawDB(t, path), `UPDATE contacts SET uid = CASE id
		WHEN 1 THEN 'aaaaaaaa-2222-4333-8444-555555555555' WHEN 2 THEN 'AAAAAAAA-2222-4333-8444-555555555555'
		WHEN 3 THEN 'Sync-1' WHEN 4 THEN 'aAAAAAAA-2222-4333-8444-555555555555' ELSE uid END`)
	h, err := sqlite.Doctor(context.Background(), path, sqlite.DoctorOptions{Login: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if h.Problems() != 0 || h.Repairable() {
		t.Errorf("problems %d, repairable %v; want none", h.Problems(), h.Repairable())
	}
	wantCheck(t, h, sqlite.CheckUIDs, sqlite.CheckWarning,
		"contacts 1, 2 and 4 (aaaaaaaa-2222-4333-8444-555555555555) hold one UUID in different cases")
	wantCheck(t, h, sqlite.CheckUIDs, sqlite.CheckWarning, "; rolo merge 1 2 4 if they are one contact")
	if strings.Contains(h.Check(sqlite.CheckUIDs).Detail, "ync") {
		t.Errorf("uids names the UIDs Sync-1 and sync-1: %s", h.Check(sqlite.CheckUIDs).Detail)
	}
}

// The uids check names only the contacts the login asking can see, as
// every command does (SPEC section 1): a teammate is told neither the IDs
// nor the UID of another's private contacts, nor that they exist.
func TestDoctorNamesOnlyVisibleContactsOfOneUUID(t *testing.T) {
	path, _ := doctorDB(t)
	addUser(t, path, "bob", "member")
	addUser(t, path, "carol", "member")
	raw := rawDB(t, path)
	mustExec(t, raw, `UPDATE contacts SET uid = CASE id
		WHEN 1 THEN 'aaaaaaaa-2222-4333-8444-555555555555' WHEN 2 THEN 'AAAAAAAA-2222-4333-8444-555555555555'
		WHEN 3 THEN 'bbbbbbbb-2222-4333-8444-555555555555' WHEN 4 THEN 'Bbbbbbbb-2222-4333-8444-555555555555' ELSE uid END,
		public = id = 2`)
	mustExec(t, raw, `UPDATE contacts SET owner_id = (SELECT id FROM users WHERE login = 'bob') WHERE id = 4`)
	mustExec(t, raw, `INSERT INTO shares (contact_id, user_id, created_by, created_at)
		SELECT 3, id, id, '2026-06-15T12:00:00Z' FROM users WHERE login = 'bob'`)
	for _, tc := range []struct{ login, status, detail string }{
		{"alice", sqlite.CheckWarning, "contacts 1 and 2 (aaaaaaaa-2222-4333-8444-555555555555)"},
		{"bob", sqlite.CheckWarning, "contacts 3 and 4 (bbbbbbbb-2222-4333-8444-555555555555) hold one UUID in different cases, " +
			"as an older rolo let them: their UID names them all (name each by its ID); rolo merge 3 4 if they are one contact"},
		{"carol", sqlite.CheckOK, "every UUID names one contact"},
		{"zed", sqlite.CheckOK, "every UUID names one contact"},
	} {
		h, err := sqlite.Doctor(context.Background(), path, sqlite.DoctorOptions{Login: tc.login})
		if err != nil {
			t.Fatal(err)
		}
		wantCheck(t, h, sqlite.CheckUIDs, tc.status, tc.detail)
		if d := h.Check(sqlite.CheckUIDs).Detail; tc.login != "alice" && strings.Contains(d, "aaaaaaaa") {
			t.Errorf("doctor as %s names alice's private contact: %s", tc.login, d)
		}
	}
}

func TestDoctorFindsAndRepairsSearchIndex(t *testing.T) {
	ctx := context.Background()
	path, db := doctorDB(t)
	raw := rawDB(t, path)
	// A contact missing from the index, and one whose words changed
	// behind the index's back.
	mustExec(t, raw, `DELETE FROM contacts_fts WHERE rowid = 1`)
	mustExec(t, raw, `UPDATE contacts SET last_name = 'Zyxwvut' WHERE id = 2`)
	mustExec(t, raw, `INSERT INTO contacts_fts (rowid, first) VALUES (99, 'ghost')`)

	h := doctor(t, path, false)
	wantCheck(t, h, sqlite.CheckSearch, sqlite.CheckError, "contacts missing, entries for contacts that no longer exist, contacts indexed with out-of-date words")
	if h.Problems() != 1 {
		t.Errorf("problems = %d, want 1: %+v", h.Problems(), h.Checks)
	}
	if got, _ := db.FindContacts(ctx, contact.Filter{Query: "zyxwvut"}); len(got) != 0 {
		t.Fatalf("the broken index found %d contacts", len(got))
	}

	h = doctor(t, path, true)
	if h.Problems() != 0 {
		t.Fatalf("after repair: %+v", h.Checks)
	}
	wantCheck(t, h, sqlite.CheckSearch, sqlite.CheckRepaired, "was: contacts missing")
	if len(h.Repairs) == 0 {
		t.Error("no repairs listed")
	}
	for _, q := range []string{"zyxwvut", "ada"} {
		if got, err := db.FindContacts(ctx, contact.Filter{Query: q}); err != nil || len(got) != 1 {
			t.Errorf("search %q after repair: %d contacts, %v", q, len(got), err)
		}
	}
	if got, _ := db.FindContacts(ctx, contact.Filter{Query: "ghost"}); len(got) != 0 {
		t.Errorf("search ghost after repair: %d contacts", len(got))
	}
}

// Damage that leaves every word in the index, and the index the same
// size, is still damage: a word moved to another place in its field, to
// another field, or to another contact. Each is found alone, in a database
// otherwise in step.
func TestDoctorFindsWordsOutOfPlace(t *testing.T) {
	for _, tc := range []struct{ name, damage string }{
		{"words reordered in a field", `UPDATE notes SET body = 'at the fair met Ada' WHERE contact_id = 1`},
		{"words swapped between fields", `UPDATE contacts SET first_name = 'Tester', last_name = 'Ada' WHERE id = 1`},
		{"fields swapped between contacts", `UPDATE contact_emails SET contact_id = 3 - contact_id, position = position + 10 WHERE contact_id IN (1, 2)`},
		{"a word given twice", `UPDATE notes SET body = 'met Ada at the fair fair' WHERE contact_id = 1`},
		{"a word given once", `UPDATE notes SET body = 'met Ada at the' WHERE contact_id = 1`},
		{"a word spelt otherwise", `UPDATE contacts SET company = 'Acmf' WHERE id = 4`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, db := doctorDB(t)
			db.Close()
			wantCheck(t, doctor(t, path, false), sqlite.CheckSearch, sqlite.CheckOK, "every word in step")
			mustExec(t, rawDB(t, path), tc.damage)
			h := doctor(t, path, false)
			wantCheck(t, h, sqlite.CheckSearch, sqlite.CheckError, "contacts indexed with out-of-date words; searches may miss")
			if c := h.Check(sqlite.CheckSearch); strings.Contains(c.Detail, "missing") || strings.Contains(c.Detail, "no longer exist") {
				t.Errorf("search index: %q names damage that was not done", c.Detail)
			}
			wantCheck(t, doctor(t, path, true), sqlite.CheckSearch, sqlite.CheckRepaired, "was: contacts indexed with out-of-date words")
		})
	}
}

func TestDoctorFindsAndRepairsPhoneIndex(t *testing.T) {
	ctx := context.Background()
	path, db := doctorDB(t)
	mustExec(t, rawDB(t, path), `INSERT INTO phone_digits (phone_digits, rowid, digits) SELECT 'delete', id, digits FROM contact_phone_digits WHERE contact_id = 3`)
	h := doctor(t, path, false)
	wantCheck(t, h, sqlite.CheckPhones, sqlite.CheckError, "does not match the phone numbers")
	wantCheck(t, h, sqlite.CheckSearch, sqlite.CheckOK, "")

	h = doctor(t, path, true)
	wantCheck(t, h, sqlite.CheckPhones, sqlite.CheckRepaired, "")
	if got, err := db.FindContacts(ctx, contact.Filter{Query: "5550103"}); err != nil || len(got) != 1 {
		t.Errorf("search by digits after repair: %d contacts, %v", len(got), err)
	}
}

// Damage to a table's pages is not rebuilt: the checks after the
// integrity check, whose answers it makes unreliable, are listed as
// skipped with the reason, not left out of the report.
func TestDoctorSkipsChecksAfterDamage(t *testing.T) {
	path, db := doctorDB(t)
	db.Close()
	damageRootPage(t, path, "notes")
	h := doctor(t, path, true)
	wantCheck(t, h, sqlite.CheckIntegrity, sqlite.CheckError, "problem")
	for _, name := range []string{sqlite.CheckForeignKeys, sqlite.CheckSearch, sqlite.CheckPhones} {
		wantCheck(t, h, name, sqlite.CheckSkipped, "the file is damaged (see integrity)")
	}
	if h.Repairable() || len(h.Repairs) > 0 {
		t.Errorf("damaged notes repaired: %v", h.Repairs)
	}

	if err := os.Truncate(path, 4096*3); err != nil {
		t.Fatal(err)
	}
	h = doctor(t, path, false)
	wantCheck(t, h, sqlite.CheckFile, sqlite.CheckError, "truncated")
	wantCheck(t, h, sqlite.CheckIntegrity, sqlite.CheckSkipped, "the file is damaged (see file)")
}

// SQLite reports the problems of a damaged page as one row, a line each
// under a heading: doctor counts and quotes them one by one (five, then
// how many more), and so do backup and restore-backup, in one line, not
// as "1 problem" followed by every line of it.
func TestDamagedPageProblemsCountedOneByOne(t *testing.T) {
	ctx := context.Background()
	path, db := doctorDB(t)
	db.Close()
	damageRootPage(t, path, "notes")
	one := `Tree \d+ page \d+ cell \d+: [^;\n]+`
	h := doctor(t, path, false)
	detail := h.Check(sqlite.CheckIntegrity).Detail
	if !regexp.MustCompile(`^(\d+) problems: `+one+`; `+one+`; .*; and \d+ more$`).MatchString(detail) || strings.Contains(detail, "***") || strings.HasPrefix(detail, "1 problem") {
		t.Errorf("integrity: %q, want each page problem counted and quoted alone", detail)
	}

	_, err := sqlite.Backup(ctx, path, filepath.Join(t.TempDir(), "b.db"), "alice")
	if msg := contact.ErrorMessage(err); contact.ErrorCode(err) != contact.EINTERNAL || !regexp.MustCompile(`^backup: the database \S+ is damaged \(`+one+`; .*; and \d+ more\); nothing was written \(see rolo doctor\)$`).MatchString(msg) {
		t.Errorf("backup of a damaged database: %v (code %s)", err, contact.ErrorCode(err))
	}
	_, err = sqlite.RestoreBackup(ctx, path, filepath.Join(t.TempDir(), "live.db"), "alice", nil)
	if msg := contact.ErrorMessage(err); !regexp.MustCompile(`^restore-backup: \S+ is damaged \(` + one + `; .*; and \d+ more\); nothing was changed$`).MatchString(msg) {
		t.Errorf("restore of a damaged backup: %v", err)
	}
}

// PRAGMA integrity_check stops at 100 problems: doctor says "at least",
// not that there are exactly 100.
func TestDoctorSaysWhereIntegrityStoppedCounting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	for i := range 150 {
		if err := db.CreateContact(context.Background(), &contact.Contact{FirstName: fmt.Sprintf("N%d", i), Company: "Acme"}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	// Every entry of the index then disagrees with its row.
	raw := rawDB(t, path)
	mustExec(t, raw, `PRAGMA writable_schema = ON`)
	mustExec(t, raw, `UPDATE sqlite_schema SET sql = 'CREATE INDEX contacts_display_name ON contacts (company COLLATE NOCASE)' WHERE name = 'contacts_display_name'`)
	raw.Close()
	h := doctor(t, path, false)
	wantCheck(t, h, sqlite.CheckIntegrity, sqlite.CheckError, "at least 100 problems: row 1 missing from index contacts_display_name; ")

	path, db = doctorDB(t)
	db.Close()
	damageRootPage(t, path, "notes")
	if c := doctor(t, path, false).Check(sqlite.CheckIntegrity); strings.Contains(c.Detail, "at least") {
		t.Errorf("fewer than 100 problems: %s", c.Detail)
	}
}

// An index whose pages are damaged (not only its entries), which SQLite
// can neither REINDEX nor DROP, is still derived data: the repair rebuilds
// it in a copy and puts that in place, losing no contact, where doctor
// said "this cannot be rebuilt; restore a backup" (and every change since
// that backup with it). Pages of a table damaged too are not repaired.
func TestDoctorRebuildsIndexWithDamagedPages(t *testing.T) {
	path, db := doctorDB(t)
	db.Close()
	damageRootPage(t, path, "contact_emails_address_prefix")
	h := doctor(t, path, false)
	wantCheck(t, h, sqlite.CheckIntegrity, sqlite.CheckError, "(the pages of index contact_emails_address_prefix, which doctor --repair rebuilds from the tables)")
	if !h.Repairable() {
		t.Fatalf("an index's damaged pages are not repairable: %+v", h.Checks)
	}
	h = doctor(t, path, true)
	for _, c := range h.Checks {
		if c.Status != sqlite.CheckOK && c.Status != sqlite.CheckRepaired {
			t.Errorf("after the repair: %s %s %s", c.Name, c.Status, c.Detail)
		}
	}
	wantCheck(t, h, sqlite.CheckIntegrity, sqlite.CheckRepaired, "was: ")
	if got := strings.Join(h.Repairs, ", "); !strings.Contains(got, "rebuilt the damaged pages of index contact_emails_address_prefix") {
		t.Errorf("repairs: %q", got)
	}
	db = openAs(t, path, "alice", newClock())
	if got := names(t, db, ""); got != "Ada,Grace,Edsger,Barbara" {
		t.Errorf("after the repair: %q", got)
	}
	if got := names(t, db, "email:edsger@example.com"); got != "Edsger" {
		t.Errorf("after the repair, by email: %q", got)
	}
	db.Close()
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}

	// The pages an index rebuilt in place left behind, where the vacuum
	// after it failed, are dropped by the next repair.
	leaky, db := doctorDB(t)
	db.Close()
	raw, err := sql.Open("sqlite3", "file:"+leaky)
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	for _, stmt := range []string{`BEGIN IMMEDIATE`, `PRAGMA writable_schema = ON`, `DELETE FROM sqlite_schema WHERE name = 'contact_emails_address_prefix'`,
		`PRAGMA writable_schema = RESET`, `CREATE INDEX contact_emails_address_prefix ON contact_emails (substr(address, 1, 20))`, `COMMIT`} {
		mustExec(t, raw, stmt)
	}
	raw.Close()
	h = doctor(t, leaky, false)
	wantCheck(t, h, sqlite.CheckIntegrity, sqlite.CheckError, ": never used (pages that no table or index uses, which doctor --repair drops)")
	h = doctor(t, leaky, true)
	wantCheck(t, h, sqlite.CheckIntegrity, sqlite.CheckRepaired, "was: ")
	if got := strings.Join(h.Repairs, ", "); got != "dropped the pages that no table or index used" {
		t.Errorf("repairs: %q", got)
	}

	damageRootPage(t, path, "contact_emails_address_prefix")
	damageRootPage(t, path, "notes")
	h = doctor(t, path, true)
	if h.Repairable() || len(h.Repairs) > 0 {
		t.Errorf("an index and a table damaged: repaired %v", h.Repairs)
	}
	if c := h.Check(sqlite.CheckIntegrity); strings.Contains(c.Detail, "rebuilds") {
		t.Errorf("an index and a table damaged: %s", c.Detail)
	}
}

// A full-text index, or any of the tables FTS5 keeps for it, or the view
// it is filled from (either index's: the phone index's from schema 28),
// dropped, is derived data: --repair recreates it and fills it, and
// searches by words and by digits find what they did.
func TestDoctorRecreatesDerivedTables(t *testing.T) {
	ctx := context.Background()
	for _, drop := range []string{"TABLE contacts_fts", "TABLE contacts_fts_data", "TABLE contacts_fts_idx", "TABLE contacts_fts_config",
		"TABLE contacts_fts_docsize", "TABLE phone_digits", "TABLE phone_digits_data", "TABLE phone_digits_config", "VIEW contact_search_doc",
		"VIEW contact_phone_digits"} {
		t.Run(drop, func(t *testing.T) {
			path, db := doctorDB(t)
			mustExec(t, rawDB(t, path), `DROP `+drop)
			h := doctor(t, path, false)
			wantCheck(t, h, sqlite.CheckSchema, sqlite.CheckError, "missing "+strings.ToLower(drop))
			if drop == "VIEW contact_phone_digits" {
				wantCheck(t, h, sqlite.CheckPhones, sqlite.CheckError, "cannot be checked without the view contact_phone_digits (see schema)")
			}
			if !h.Repairable() {
				t.Fatalf("not repairable: %+v", h.Checks)
			}
			h = doctor(t, path, true)
			if h.Problems() != 0 {
				t.Fatalf("after the repair: %+v", h.Checks)
			}
			wantCheck(t, h, sqlite.CheckSchema, sqlite.CheckRepaired, "missing "+strings.ToLower(drop))
			for _, q := range []string{"grace", "5550103"} {
				if got, err := db.FindContacts(ctx, contact.Filter{Query: q}); err != nil || len(got) != 1 {
					t.Errorf("search %q after the repair: %d contacts, %v", q, len(got), err)
				}
			}
		})
	}
}

// A repair is one transaction. Failing (a full disk) or interrupted
// (Ctrl-C) while it fills the search index again, its longest step, it
// leaves the file as it was: the search index it had recreated is missing
// still, and searches fail as they did, rather than find nothing from an
// index recreated empty. It says nothing was repaired; run again, it
// repairs.
func TestDoctorRepairIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	full := errors.New("the disk is full")
	for _, how := range []string{"fails", "interrupted"} {
		t.Run(how, func(t *testing.T) {
			path, db := doctorDB(t)
			mustExec(t, rawDB(t, path), `DROP TABLE contacts_fts`)
			before := doctor(t, path, false)
			rctx, cancel := context.WithCancel(ctx)
			defer cancel()
			restore := sqlite.SetRepairHook(func(step string) error {
				switch {
				case step != "rebuild":
					return nil
				case how == "interrupted":
					cancel()
					return nil
				}
				return full
			})
			h, err := sqlite.Doctor(rctx, path, sqlite.DoctorOptions{Repair: true})
			restore()
			want := full
			if how == "interrupted" {
				want = context.Canceled
			}
			if !errors.Is(err, want) {
				t.Fatalf("Doctor: %v, want %v", err, want)
			}
			if h != nil && len(h.Repairs) > 0 {
				t.Errorf("repairs reported: %v", h.Repairs)
			}
			after := doctor(t, path, false)
			for _, c := range before.Checks {
				if c.Name == sqlite.CheckFile {
					continue // its size
				}
				if got := after.Check(c.Name); got == nil || *got != c {
					t.Errorf("after the %s repair: %+v, want %+v as before", how, got, c)
				}
			}
			if got, err := db.FindContacts(ctx, contact.Filter{Query: "grace"}); err == nil {
				t.Errorf("search after the %s repair: %d contacts and no error, want it to fail as before", how, len(got))
			}

			h = doctor(t, path, true)
			if h.Problems() != 0 {
				t.Fatalf("repaired again: %+v", h.Checks)
			}
			if got, err := db.FindContacts(ctx, contact.Filter{Query: "grace"}); err != nil || len(got) != 1 {
				t.Errorf("search after the repair: %d contacts, %v", len(got), err)
			}
		})
	}
}

// The upgrade of an older schema is part of the repair's transaction: a
// repair that fails after it leaves the schema as old as it was, and so
// "nothing was changed" true.
func TestDoctorRepairFailingKeepsOlderSchema(t *testing.T) {
	old := filepath.Join(t.TempDir(), "old.db")
	if err := sqlite.MigrateTo(context.Background(), old, 3); err != nil {
		t.Fatal(err)
	}
	full := errors.New("the disk is full")
	restore := sqlite.SetRepairHook(func(step string) error {
		if step == "rebuild" {
			return full
		}
		return nil
	})
	_, err := sqlite.Doctor(context.Background(), old, sqlite.DoctorOptions{Repair: true})
	restore()
	if !errors.Is(err, full) {
		t.Fatalf("Doctor: %v, want %v", err, full)
	}
	wantCheck(t, doctor(t, old, false), sqlite.CheckSchema, sqlite.CheckWarning, "version 3 of")
}

// A full-text index that lacks a table keeps SQLite from checking the file
// whole; its tables are then checked one by one, and a table of the index
// that shares its pages with another table (real damage, which a repair
// dropping the index's tables would spread to that table) makes the file
// damaged: --repair refuses, and the contacts keep their phones. (The
// phones, a table with row IDs as the index's is: one without, such as
// the emails, read through the index's table is malformed, which the
// check says, refusing the repair too.)
func TestDoctorChecksTablesWhenAnIndexLacksOne(t *testing.T) {
	ctx := context.Background()
	path, db := doctorDB(t)
	raw := rawDB(t, path)
	mustExec(t, raw, `DROP TABLE contacts_fts_config`)
	mustExec(t, raw, `PRAGMA writable_schema = ON`)
	mustExec(t, raw, `UPDATE sqlite_schema SET rootpage = (SELECT rootpage FROM sqlite_schema WHERE name = 'contact_phones')
		WHERE name = 'contacts_fts_docsize'`)
	mustExec(t, raw, `PRAGMA writable_schema = OFF`)
	before, err := db.FindContacts(ctx, contact.Filter{Query: "has:phone"})
	if err != nil || len(before) == 0 {
		t.Fatalf("contacts with a phone before: %d, %v", len(before), err)
	}
	h := doctor(t, path, true)
	wantCheck(t, h, sqlite.CheckIntegrity, sqlite.CheckError, "contact_phones and contacts_fts_docsize share a root page")
	if h.Repairable() || len(h.Repairs) > 0 {
		t.Errorf("repaired: %v", h.Repairs)
	}
	if after, err := db.FindContacts(ctx, contact.Filter{Query: "has:phone"}); err != nil || len(after) != len(before) {
		t.Errorf("contacts with a phone after: %d, %v; want %d", len(after), err, len(before))
	}
}

// A table that holds rows of its own, dropped, took them with it: doctor
// names it, not its indexes, and --repair, which cannot rebuild it, does
// not try to recreate them.
func TestDoctorMissingTable(t *testing.T) {
	path, _ := doctorDB(t)
	mustExec(t, rawDB(t, path), `DROP TABLE favorites`)
	h := doctor(t, path, true)
	wantCheck(t, h, sqlite.CheckSchema, sqlite.CheckError, "missing table favorites: what it held cannot be rebuilt")
	if c := h.Check(sqlite.CheckSchema); strings.Contains(c.Detail, "favorites_contact") {
		t.Errorf("schema: %q names the index of the missing table", c.Detail)
	}
	if h.Repairable() || len(h.Repairs) > 0 {
		t.Errorf("repairable: %v", h.Repairs)
	}
}

func TestDoctorForeignKeys(t *testing.T) {
	path, _ := doctorDB(t)
	raw := rawDB(t, path)
	mustExec(t, raw, `PRAGMA foreign_keys = OFF`)
	mustExec(t, raw, `INSERT INTO contact_tags (contact_id, tag) VALUES (4242, 'orphan')`)
	h := doctor(t, path, false)
	wantCheck(t, h, sqlite.CheckForeignKeys, sqlite.CheckError, "1 row refers to rows that do not exist: 1 in contact_tags -> contacts")
	// Not derived data: a repair cannot fix it, and says so by leaving it.
	h = doctor(t, path, true)
	wantCheck(t, h, sqlite.CheckForeignKeys, sqlite.CheckError, "contact_tags")
}

func TestDoctorPermissions(t *testing.T) {
	path, _ := doctorDB(t)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	h := doctor(t, path, false)
	wantCheck(t, h, sqlite.CheckPermissions, sqlite.CheckWarning, "the file is 0644")
	if h.Problems() != 0 {
		t.Errorf("a warning counted as a problem: %+v", h.Checks)
	}
}

func TestDoctorSchemaVersions(t *testing.T) {
	path, db := doctorDB(t)
	db.Close()
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future.sql', '2030-01-01T00:00:00Z')`)
	h := doctor(t, path, true)
	wantCheck(t, h, sqlite.CheckSchema, sqlite.CheckError, "version 99, written by a newer rolo")
	if len(h.Repairs) != 0 {
		t.Errorf("repaired a newer database: %v", h.Repairs)
	}

	old := filepath.Join(t.TempDir(), "old.db")
	if err := sqlite.MigrateTo(context.Background(), old, 3); err != nil {
		t.Fatal(err)
	}
	h = doctor(t, old, false)
	wantCheck(t, h, sqlite.CheckSchema, sqlite.CheckWarning, "version 3 of")
	if h.Problems() != 0 {
		t.Errorf("an older schema is a problem: %+v", h.Checks)
	}
	h = doctor(t, old, true)
	wantCheck(t, h, sqlite.CheckSchema, sqlite.CheckRepaired, "was: version 3")
}

func TestDoctorDamagedFiles(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	h := doctor(t, garbage, true)
	wantCheck(t, h, sqlite.CheckFile, sqlite.CheckError, "not a rolo database, nor any SQLite database")
	// Not rolo's, which restore-backup does not replace: the advice is
	// every command's, not a restore.
	if got, want := h.LeftAlone(), "rolo leaves it alone: give rolo a file of its own, or, if it is a damaged rolo database, move it away first, then rolo restore-backup FILE brings back a backup"; got != want {
		t.Errorf("advice for a file without the SQLite header: %q, want %q", got, want)
	}

	path, db := doctorDB(t)
	db.Close()
	fi, _ := os.Stat(path)
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	h = doctor(t, path, false)
	wantCheck(t, h, sqlite.CheckFile, sqlite.CheckError, "truncated")
	if got := h.LeftAlone(); got != "" {
		t.Errorf("a truncated rolo database, which a restore replaces, is left alone: %q", got)
	}

	notRolo := filepath.Join(dir, "other.db")
	mustExec(t, rawDB(t, notRolo), `CREATE TABLE t (x)`)
	h = doctor(t, notRolo, false)
	wantCheck(t, h, sqlite.CheckSchema, sqlite.CheckError, "not a rolo database")
	if got, want := h.LeftAlone(), "rolo leaves it alone: give rolo a file of its own"; got != want {
		t.Errorf("advice for another program's SQLite database: %q, want %q", got, want)
	}

	if _, err := sqlite.Doctor(context.Background(), filepath.Join(dir, "missing.db"), sqlite.DoctorOptions{}); contact.ErrorCode(err) != contact.ENOTFOUND {
		t.Errorf("missing file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("doctor created the missing database")
	}
	if _, err := sqlite.Doctor(context.Background(), dir, sqlite.DoctorOptions{}); contact.ErrorCode(err) != contact.EINVALID {
		t.Errorf("directory: %v", err)
	}
}

func TestOpenNamesDamagedFile(t *testing.T) {
	path, db := doctorDB(t)
	db.Close()
	fi, _ := os.Stat(path)
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	_, err := sqlite.Open(context.Background(), path, sqlite.Options{Actor: "alice"})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("Open of a truncated file: %v", err)
	}
	garbage := filepath.Join(t.TempDir(), "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("x", 8192)), 0o600)
	_, err = sqlite.Open(context.Background(), garbage, sqlite.Options{Actor: "alice"})
	if err == nil || !strings.Contains(err.Error(), garbage) || !strings.Contains(err.Error(), "not a rolo database, nor any SQLite database") {
		t.Errorf("Open of garbage: %v", err)
	}
	if b, _ := os.ReadFile(garbage); string(b) != strings.Repeat("x", 8192) {
		t.Error("Open changed the damaged file")
	}
}

// A users table whose cells cannot be read yields no rows, not an error:
// its team is damage, which every command says as such (exit 1, pointing
// at doctor and restore-backup), not "alice is not a teammate" (exit 3,
// pointing at team list, which said the same). A restore over it is the
// repair, as for any file too damaged to read its team.
func TestDamagedTeamIsDamage(t *testing.T) {
	ctx := context.Background()
	path, db := doctorDB(t)
	if _, err := db.CreateUser(ctx, "bob", "Bob", "member"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "b.db")
	if _, err := sqlite.Backup(ctx, path, file, "alice"); err != nil {
		t.Fatal(err)
	}
	_, err := sqlite.Open(ctx, path, sqlite.Options{Actor: "zed"})
	wantCode(t, "a stranger on a sound database", err, contact.ENOTFOUND)
	db.Close()

	damageRootPage(t, path, "users")

	for _, login := range []string{"alice", "zed"} {
		_, err := sqlite.Open(ctx, path, sqlite.Options{Actor: login})
		want := "database " + path + ": the file is damaged or not a rolo database (database disk image is malformed); rolo doctor checks a database, rolo restore-backup FILE brings back a backup"
		if contact.ErrorCode(err) != contact.EINTERNAL || contact.ErrorMessage(err) != want {
			t.Errorf("Open as %s: %v (%s), want %s %q", login, err, contact.ErrorCode(err), contact.EINTERNAL, want)
		}
	}
	_, err = sqlite.Backup(ctx, path, filepath.Join(t.TempDir(), "c.db"), "alice")
	if contact.ErrorCode(err) != contact.EINTERNAL || err == nil || !strings.Contains(err.Error(), "is damaged") {
		t.Errorf("Backup: %v, want a damaged database", err)
	}
	if _, err := sqlite.RestoreBackup(ctx, file, path, "alice", nil); err != nil {
		t.Fatalf("restore over the damaged team: %v", err)
	}
	if got := names(t, openAs(t, path, "alice", newClock()), ""); got != "Ada,Grace,Edsger,Barbara" {
		t.Errorf("restored: %q", got)
	}
}

// A users table damaged so that it reads as empty (the cell counts of its
// root page and of its login index zeroed) is damage, not a new database:
// rolo once added the next user, a stranger, as owner with ID 1, the
// first owner's ID on every contact, who then saw her private contacts.
// Every user is refused as for any damage, and nothing is written.
func TestTeamThatReadsEmptyIsDamage(t *testing.T) {
	ctx := context.Background()
	path, alice, _ := aliceAndBob(t)
	secret := &contact.Contact{FirstName: "Alice", LastName: "Secret", Visibility: contact.Private,
		Notes: []contact.Note{{Text: "alice secret"}}}
	if err := alice.CreateContact(ctx, secret); err != nil {
		t.Fatal(err)
	}
	alice.Close()
	raw := rawDB(t, path)
	mustExec(t, raw, `PRAGMA wal_checkpoint(TRUNCATE)`)
	var pageSize int64
	if err := raw.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	rows, err := raw.Query(`SELECT rootpage FROM sqlite_master WHERE tbl_name = 'users' AND rootpage > 0`)
	if err != nil {
		t.Fatal(err)
	}
	var roots []int64
	for rows.Next() {
		var root int64
		if err := rows.Scan(&root); err != nil {
			t.Fatal(err)
		}
		roots = append(roots, root)
	}
	if err := rows.Err(); err != nil || len(roots) != 2 {
		t.Fatalf("the users table and its login index: %v, %v", roots, err)
	}
	raw.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, root := range roots {
		// Bytes 3-4 of a b-tree page's header: its number of cells.
		if _, err := f.WriteAt([]byte{0, 0}, (root-1)*pageSize+3); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM users`); n != 0 {
		t.Fatalf("the damaged users table counts %d", n)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	want := "database " + path + ": the file is damaged or not a rolo database (database disk image is malformed); rolo doctor checks a database, rolo restore-backup FILE brings back a backup"
	for _, login := range []string{"mallory", "alice", "bob"} {
		for _, readOnly := range []bool{false, true} {
			db, err := sqlite.Open(ctx, path, sqlite.Options{Actor: login, ReadOnly: readOnly})
			if err == nil {
				cs, _ := db.FindContacts(ctx, contact.Filter{})
				db.Close()
				t.Fatalf("Open as %s (read only %v): no error, %d contacts seen", login, readOnly, len(cs))
			}
			if contact.ErrorCode(err) != contact.EINTERNAL || contact.ErrorMessage(err) != want {
				t.Errorf("Open as %s (read only %v): %v (%s), want %s %q", login, readOnly, err, contact.ErrorCode(err), contact.EINTERNAL, want)
			}
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the damaged database was written")
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		t.Errorf("a -wal file of %d bytes was left", fi.Size())
	}
	// A backup by the stranger is refused as well; a restore, the repair,
	// is not (see TestDamagedTeamIsDamage).
	out := filepath.Join(t.TempDir(), "m.db")
	if _, err := sqlite.Backup(ctx, path, out, "mallory"); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("Backup by a stranger: %v, want a damaged database", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a stranger's backup was written")
	}
}

// A users table emptied by hand (the file is sound) in a database that
// has contacts is no new database either: its contacts belong to users
// who are gone, and no one may take the first owner's place.
func TestTeamEmptiedBesideContactsIsDamage(t *testing.T) {
	ctx := context.Background()
	path, alice, _ := aliceAndBob(t)
	if err := alice.CreateContact(ctx, &contact.Contact{FirstName: "Alice", Visibility: contact.Private}); err != nil {
		t.Fatal(err)
	}
	alice.Close()
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, raw, `DELETE FROM users`)
	raw.Close()

	_, err = sqlite.Open(ctx, path, sqlite.Options{Actor: "mallory"})
	want := "database " + path + ": the file is damaged or not a rolo database (database disk image is malformed); rolo doctor checks a database, rolo restore-backup FILE brings back a backup"
	if contact.ErrorCode(err) != contact.EINTERNAL || contact.ErrorMessage(err) != want {
		t.Errorf("Open as a stranger: %v (%s), want %s %q", err, contact.ErrorCode(err), contact.EINTERNAL, want)
	}
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM users`); n != 0 {
		t.Errorf("%d users added", n)
	}
	_, err = sqlite.Backup(ctx, path, filepath.Join(t.TempDir(), "m.db"), "mallory")
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("Backup by a stranger: %v, want a damaged database", err)
	}
	// A new database is still its first user's, as owner.
	fresh := filepath.Join(t.TempDir(), "new.db")
	if db := openAs(t, fresh, "mallory", newClock()); db.Actor().Role != "owner" {
		t.Errorf("the first user of a new database: %+v", db.Actor())
	}
}

func TestDoctorWritableDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "rolo.db")
	openAs(t, path, "alice", newClock()).Close()
	wantCheck(t, doctor(t, path, false), sqlite.CheckPermissions, sqlite.CheckOK, "file 0600")
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	// The remedy is the directory's: a chmod of the file would leave
	// the warning as it is.
	wantCheck(t, doctor(t, path, false), sqlite.CheckPermissions, sqlite.CheckWarning, "its directory is 0777: others can replace the file (rolo creates it 0700); chmod go-w "+dir+" if it is not shared on purpose")
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	wantCheck(t, doctor(t, path, false), sqlite.CheckPermissions, sqlite.CheckWarning, "; chmod 600 the file and chmod go-w "+dir+" if it is not shared on purpose")
}

// A process killed in the middle of a checkpoint leaves a database file
// shorter than its header says, with the missing pages still in the WAL:
// that is a sound database (SQLite reads them from the WAL), not a
// truncated one. The crash test found doctor calling it truncated.
func TestDoctorInterruptedCheckpoint(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rolo.db")
	db := openAs(t, path, "alice", newClock())
	addNamed(t, db, "Seed")
	raw := rawDB(t, path)
	mustExec(t, raw, `PRAGMA wal_checkpoint(TRUNCATE)`)
	// Hold a reader so that nothing is checkpointed while the WAL grows.
	mustExec(t, raw, `PRAGMA wal_autocheckpoint = 0`)
	hold, err := raw.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	for i := 0; i < 200; i++ {
		addNamed(t, db, fmt.Sprintf("C%03d %s", i, strings.Repeat("x", 500)))
	}

	// The state a killed checkpoint leaves: the WAL whole, the file's page
	// 1 already rewritten to count pages that were not copied yet.
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wal, err := os.ReadFile(path + "-wal")
	if err != nil || len(wal) < 100<<10 {
		t.Fatalf("the WAL: %d bytes, %v", len(wal), err)
	}
	pages := binary.BigEndian.Uint32(file[28:32])
	binary.BigEndian.PutUint32(file[28:32], pages+50)
	copy(file[92:96], file[24:28])
	dir = t.TempDir()
	crash := filepath.Join(dir, "crash.db")
	os.WriteFile(crash, file, 0o600)
	os.WriteFile(crash+"-wal", wal, 0o600)
	h := doctor(t, crash, false)
	wantCheck(t, h, sqlite.CheckFile, sqlite.CheckOK, "")
	if h.Problems() != 0 {
		t.Errorf("an interrupted checkpoint: %+v", h.Checks)
	}
	// Without the WAL, the same file is truncated.
	cut := filepath.Join(dir, "cut.db")
	os.WriteFile(cut, file, 0o600)
	wantCheck(t, doctor(t, cut, false), sqlite.CheckFile, sqlite.CheckError, "truncated")
}

// An interrupted doctor (Ctrl-C) says so; it does not report the sound
// database it was checking as damaged. Interrupted at any point, it either
// finished (and found nothing) or returns context.Canceled, with or
// without a repair.
func TestDoctorInterrupted(t *testing.T) {
	path, _ := doctorDB(t)
	for _, repair := range []bool{false, true} {
		for _, after := range []time.Duration{0, time.Millisecond, 3 * time.Millisecond, 10 * time.Millisecond, 30 * time.Millisecond} {
			ctx, cancel := context.WithCancel(context.Background())
			if after == 0 {
				cancel()
			} else {
				time.AfterFunc(after, cancel)
			}
			h, err := sqlite.Doctor(ctx, path, sqlite.DoctorOptions{Repair: repair})
			cancel()
			switch {
			case errors.Is(err, context.Canceled):
				if h != nil {
					t.Errorf("repair %v, interrupted after %v: a verdict %+v with the interrupt", repair, after, h.Checks)
				}
			case err != nil:
				t.Errorf("repair %v, interrupted after %v: %v, want context.Canceled", repair, after, err)
			case h.Problems() > 0:
				t.Errorf("repair %v, interrupted after %v: problems %+v, want context.Canceled", repair, after, h.Checks)
			}
		}
	}
	if h := doctor(t, path, false); h.Problems() > 0 {
		t.Errorf("after the interrupts: %+v", h.Checks)
	}
}

// damageRootPage overwrites the cell pointers of the root page of table
// in the database file at path.
func damageRootPage(t *testing.T, path, table string) {
	t.Helper()
	at, _ := rootPage(t, path, table)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(strings.Repeat("\xde\xad", 8)), at+8); err != nil {
		t.Fatal(err)
	}
}

// rootPage returns where in the database file at path the root page of
// the table or index name starts, and the page size.
func rootPage(t *testing.T, path, name string) (at, pageSize int64) {
	t.Helper()
	raw := rawDB(t, path)
	defer raw.Close()
	var root int64
	if err := raw.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = ?`, name).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	return (root - 1) * pageSize, pageSize
}

// A row holding what rolo never writes (a NULL in a NOT NULL column,
// which only damage to the file or another program leaves) is damage, said
// as such, naming the file and pointing at doctor, not database/sql's
// "Scan error on column index 23"; doctor finds it.
func TestNullInRowIsDamage(t *testing.T) {
	ctx := context.Background()
	path, db := doctorDB(t)
	// SQLite refuses the NULL while the column is NOT NULL: dropped from
	// the schema for the write, then put back.
	var schema string
	if err := rawDB(t, path).QueryRow(`SELECT sql FROM sqlite_schema WHERE name = 'contacts'`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	nullable := regexp.MustCompile(`(last_channel\s+TEXT) NOT NULL`).ReplaceAllString(schema, "$1")
	if nullable == schema {
		t.Fatal("no NOT NULL last_channel in the contacts table")
	}
	for _, stmts := range [][]string{
		{`PRAGMA writable_schema = ON`, `UPDATE sqlite_schema SET sql = '` + strings.ReplaceAll(nullable, "'", "''") + `' WHERE name = 'contacts'`},
		{`UPDATE contacts SET last_channel = NULL WHERE first_name = 'Grace'`},
		{`PRAGMA writable_schema = ON`, `UPDATE sqlite_schema SET sql = '` + strings.ReplaceAll(schema, "'", "''") + `' WHERE name = 'contacts'`},
	} {
		raw, err := sql.Open("sqlite3", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		raw.SetMaxOpenConns(1)
		for _, stmt := range stmts {
			mustExec(t, raw, stmt)
		}
		raw.Close()
	}

	_, err := db.FindContacts(ctx, contact.Filter{})
	want := "database " + path + ": the file is damaged: a row's last_channel holds a value rolo never writes there (converting NULL to string is unsupported); rolo doctor checks a database, rolo restore-backup FILE brings back a backup"
	if err = db.NameFile(err); contact.ErrorCode(err) != contact.EINTERNAL || contact.ErrorMessage(err) != want {
		t.Errorf("list: %v (%s), want %s %q", err, contact.ErrorCode(err), contact.EINTERNAL, want)
	}
	wantCheck(t, doctor(t, path, false), sqlite.CheckIntegrity, sqlite.CheckError, "NULL value in contacts.last_channel")
}
