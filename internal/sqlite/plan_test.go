package sqlite

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/query"
)

// queryPlan is SQLite's plan for a listing's query (listingSQL), one step
// a line.
func queryPlan(t *testing.T, d *DB, where, order string, args []any) string {
	t.Helper()
	return explain(t, d, listingSQL("c.id", "", where, order)+` LIMIT 50`, append(d.visibleArgs(), args...)...)
}

// TestTrashAndArchiveUseTheirIndexes checks the index SQLite starts from
// for the listings of the trash and the archive: their own small indexes
// (schema 12), not the name index, which holds every contact and would
// have the query read all of them to find the few in the trash. The rest
// of the contacts keep to the name index.
func TestTrashAndArchiveUseTheirIndexes(t *testing.T) {
	alice, _, _ := openTeam(t)
	for _, tc := range []struct {
		name  string
		f     contact.Filter
		index string
	}{
		{"rolo trash", contact.Filter{Scope: contact.ScopeDeleted, Sort: []string{"-deleted"}}, "contacts_deleted"},
		{"list is:deleted", contact.Filter{Query: "is:deleted"}, "contacts_deleted"},
		{"list is:deleted type:lead", contact.Filter{Query: "is:deleted type:lead"}, "contacts_deleted"},
		{"list is:archived", contact.Filter{Query: "is:archived"}, "contacts_archived"},
		{"list is:archived --sort created", contact.Filter{Query: "is:archived", Sort: []string{"created"}}, "contacts_archived"},
		{"list", contact.Filter{}, "contacts_display_name"},
	} {
		_, q, err := alice.findQuery(tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if plan, want := queryPlan(t, alice, q.where, q.order, q.args), "SCAN c USING INDEX "+tc.index; !strings.Contains(plan, want) {
			t.Errorf("%s: plan has no %q:\n%s", tc.name, want, plan)
		}
	}
}

// TestNameWalkReadsTheNameIndex checks that firstByName's walk of a page's
// share of the contacts in name order goes through the name index, whatever
// other index a condition could use: owner:ME through the owner index
// would read every contact of an owner who has most of them, to sort them.
func TestNameWalkReadsTheNameIndex(t *testing.T) {
	alice, _, _ := openTeam(t)
	order, _ := orderBy(nil)
	for _, query := range []string{"owner:me", "owner:alice type:lead", "owner:bob,alice"} {
		sel, err := alice.buildWhere(contact.Filter{Query: query}, true)
		if err != nil {
			t.Fatalf("%q: %v", query, err)
		}
		where := "(" + sel.where + ") AND c.display_name <= ? COLLATE NOCASE"
		if plan, want := queryPlan(t, alice, where, order, append(sel.args, "M")), "SEARCH c USING INDEX contacts_display_name (display_name<?)"; !strings.Contains(plan, want) {
			t.Errorf("%q: plan has no %q:\n%s", query, want, plan)
		}
	}
}

// TestScanNameOrderIsTheNameOrder checks the order a listing falls back to
// when few contacts match (scanNameOrder): the name order, names that
// differ only in case tied and then in ID order, with SQLite sorting what
// it finds rather than walking the name index.
func TestScanNameOrderIsTheNameOrder(t *testing.T) {
	alice, _, _ := openTeam(t)
	for _, name := range []string{"bob", "Bob", "BOB", "bOb", "ébé", "Ébé", "Zoë", "zoë", "ZOË", "Straße", "STRASSE",
		"_x", "~y", "anna", "Anna", "Ann", "ann-marie", "Ann Marie", "bob", "10", "9"} {
		addContact(t, alice, &contact.Contact{FirstName: name, Visibility: contact.Public})
	}
	order, _ := orderBy(nil)
	want := idsOf(mustOK(alice.selectRanked(bg(), alice.db, "", "1", nil, order, 0, 0, contact.AllParts))(t))
	got := idsOf(mustOK(alice.selectRanked(bg(), alice.db, "", "1", nil, scanNameOrder, 0, 0, contact.AllParts))(t))
	if !slices.Equal(got, want) {
		t.Errorf("in scanNameOrder %v, in name order %v", got, want)
	}
	plan := queryPlan(t, alice, "1", scanNameOrder, nil)
	if !strings.Contains(plan, "USE TEMP B-TREE FOR ORDER BY") || strings.Contains(plan, "contacts_display_name") {
		t.Errorf("scanNameOrder is planned as:\n%s", plan)
	}
}

// TestNameOrderProbe checks how a listing too long to walk is read: in
// name order when the walk of a page finds enough contacts, sorted after a
// read of the table when it finds few; in name order, without a probe,
// for the trash and the archive (their own indexes) and for a query of
// many terms (every one checked on each contact the probe reads).
func TestNameOrderProbe(t *testing.T) {
	alice, _, _ := openTeam(t)
	defer func(old int) { nameWalkPerRow = old }(nameWalkPerRow)
	nameWalkPerRow = 2 // the probe reads 100 contacts of 120
	for i := range 120 {
		typ := "lead"
		if i%40 == 0 {
			typ = "customer"
		}
		addContact(t, alice, &contact.Contact{FirstName: fmt.Sprintf("C%03d", i), Type: typ, Visibility: contact.Public})
	}
	name, _ := orderBy(nil)
	var negated []string
	for i := range maxWalkTerms {
		negated = append(negated, fmt.Sprintf("-tag:t%d", i))
	}
	for _, tc := range []struct {
		f    contact.Filter
		want string
	}{
		{contact.Filter{}, name},
		{contact.Filter{Query: "type:lead"}, name},
		{contact.Filter{Query: "type:customer"}, scanNameOrder},
		{contact.Filter{Query: "type:customer is:deleted"}, name},
		{contact.Filter{Query: "is:archived"}, name},
		{contact.Filter{Query: "type:customer " + strings.Join(negated, " ")}, name},
		{contact.Filter{Query: "type:customer " + strings.Join(negated[1:], " ")}, scanNameOrder},
	} {
		f, q, err := alice.findQuery(tc.f)
		if err != nil {
			t.Fatalf("%q: %v", tc.f.Query, err)
		}
		if got := mustOK(alice.nameOrder(bg(), f, q))(t); got != tc.want {
			t.Errorf("%q: read in order %q, want %q", tc.f.Query, got, tc.want)
		}
	}
}

// explain is SQLite's plan for the statement q, one step a line.
func explain(t *testing.T, d *DB, q string, args ...any) string {
	t.Helper()
	rows, err := d.db.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "\n")
}

// TestUIDRefReadsTheUIDIndex checks that a UID is looked up in an index
// whatever its case: a UUID (the same in any case, mixed too) as written
// in small letters in the UNIQUE index and in that of the UIDs with a
// capital, any other UID in the UNIQUE one. `rolo show UUID` must read one
// entry, not a million contacts.
func TestUIDRefReadsTheUIDIndex(t *testing.T) {
	alice, _, _ := openTeam(t)
	const written, capitals = "INDEX sqlite_autoindex_contacts_1 (uid=?)", "INDEX contacts_uid_capitals (<expr>=?)"
	for uid, wants := range map[string][]string{
		"AbCdEf01-2345-4789-aBcD-Ef0123456789": {written, capitals},
		"abcdef01-2345-4789-abcd-ef0123456789": {written, capitals},
		"sync-1":                               {written},
		// A derived UID (schema 26) may also be a text UID of another
		// database: its row by ID, and the text as any UUID.
		"00ff10ab-0c01-8000-8000-000000000001": {written, capitals, "rowid=?)"},
	} {
		for _, want := range wants {
			for _, scope := range []contact.Scope{contact.ScopeActive, contact.ScopeAny} {
				where, args := uidWhere(uid, scope)
				if plan := queryPlan(t, alice, where, "c.id", args); !strings.Contains(plan, want) || strings.Contains(plan, "SCAN c") {
					t.Errorf("REF %s, scope %d: plan has no %q, or scans:\n%s", uid, scope, want, plan)
				}
			}
			where, args := contactUIDIs("c", uid)
			if plan := explain(t, alice, `SELECT count(*) FROM contacts c WHERE `+where, args...); !strings.Contains(plan, want) || strings.Contains(plan, "SCAN c") {
				t.Errorf("contactUIDIs %s: plan has no %q, or scans:\n%s", uid, want, plan)
			}
		}
	}
	// An import's lookup of a chunk's UIDs: both indexes, and a derived
	// UID's row by its ID.
	where, args := contactUIDIn("c", []string{"sync-1", "abcdef01-2345-4789-abcd-ef0123456789", "sync-2", "00ff10ab-0c01-8000-8000-000000000001"})
	plan := explain(t, alice, `SELECT c.id FROM contacts c WHERE `+where, args...)
	for _, want := range []string{capitals, written, "rowid=?)"} {
		if !strings.Contains(plan, want) || strings.Contains(plan, "SCAN c") {
			t.Errorf("uidIn: plan has no %q, or scans:\n%s", want, plan)
		}
	}
}

// TestTrashTagsStartFromTheTrash checks the plan of the tags of the trash
// (restore --where tag:<TAB>): from the trash's own index, then each of
// its contacts' tags, not every tag row of the address book with its
// contact looked up (0.4-0.6 s on a million contacts for a trash of 115).
// The other scopes keep to the tag rows.
func TestTrashTagsStartFromTheTrash(t *testing.T) {
	alice, _, _ := openTeam(t)
	args := append(append([]any{"%"}, alice.visibleArgs()...), 100)
	plan := explain(t, alice, tagsSQL(contact.ScopeDeleted), args...)
	for _, want := range []string{"SCAN c USING INDEX contacts_deleted", "SEARCH t USING PRIMARY KEY (contact_id=?)"} {
		if !strings.Contains(plan, want) {
			t.Errorf("tags of the trash: plan has no %q:\n%s", want, plan)
		}
	}
	if plan := explain(t, alice, tagsSQL(contact.ScopeActive), args...); strings.Contains(plan, "contacts_deleted") {
		t.Errorf("tags of the active contacts read the trash's index:\n%s", plan)
	}
}

// TestDescendingNameReadsTheNameIndex checks that list --sort -name reads
// the name index from its end, as --sort name reads it from its start,
// rather than sorting every contact: ties go by ID from the highest, the
// order the index read backwards gives (0.22-0.32 s on a million contacts
// with ties by ascending ID, 0.01 s now).
func TestDescendingNameReadsTheNameIndex(t *testing.T) {
	alice, _, _ := openTeam(t)
	for _, sort := range [][]string{{"-name"}, {"name"}} {
		order, err := orderBy(sort)
		if err != nil {
			t.Fatal(err)
		}
		plan := queryPlan(t, alice, "1", order, nil)
		if !strings.Contains(plan, "SCAN c USING INDEX contacts_display_name") || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("--sort %s is planned as:\n%s", sort[0], plan)
		}
	}
}

// TestChangesReadTheNewestRows checks the plan of show's recent changes:
// the end of the contact's run of the change-log index, newest first, not
// a sort of all its rows (28 ms rather than 8 for show of a contact with
// 40,000 changes) to put its creations last; the creations that may be
// newer than the rows read are those logged after the oldest of them,
// read from the same run of the index from that row on.
func TestChangesReadTheNewestRows(t *testing.T) {
	alice, _, _ := openTeam(t)
	for _, creations := range []bool{false, true} {
		args := append([]any{int64(1), int64(0), contact.ActionCreate, creations}, alice.ownStarsArgs()...)
		plan := explain(t, alice, changesSQL+` LIMIT 5`, append(args, 5)...)
		if !strings.Contains(plan, "INDEX changes_contact (contact_id=? AND id>?)") || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("creations %v: plan does not read the index in order:\n%s", creations, plan)
		}
	}
}

// TestHasEmailReadsInContactOrder checks the plan of has:email where
// SQLite lists the contacts with an email first (has:email tag:vip): the
// emails read in contact order, from the table (schema 25) or its primary
// key, not from the index by address, whose contact IDs come in the addresses' order and
// took a million insertions into the list (has:email tag:vip 1.7 s on a
// million contacts, 0.7 s so).
func TestHasEmailReadsInContactOrder(t *testing.T) {
	alice, _, _ := openTeam(t)
	for _, q := range []string{"has:email tag:vip", "-has:email tag:vip", "has:address has:email"} {
		_, sel, err := alice.findQuery(contact.Filter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		plan := queryPlan(t, alice, sel.where, sel.order, sel.args)
		if strings.Contains(plan, "contact_emails_address") {
			t.Errorf("%s: plan reads the emails otherwise than by contact:\n%s", q, plan)
		}
	}
}

// TestOwnerAndImportReadTheirIndex checks that the queries that look for
// an owner's or an import's contacts seek them in the index by owner and
// import (schema 27), not read every contact: an import's contacts once
// per teammate (inBatchSQL). import list counted each import's contacts
// reading all of them: 2.0 s for 22 imports of a million contacts, where
// the index takes 0.16 s.
func TestOwnerAndImportReadTheirIndex(t *testing.T) {
	alice, _, _ := openTeam(t)
	const index = "INDEX contacts_owner_batch (owner_id=? AND import_batch_id=?)"
	sel, err := alice.buildWhere(contact.Filter{Query: "owner:bob"}, false)
	if err != nil {
		t.Fatal(err)
	}
	undoArgs := []any{1, 1, 1, 1, "a", "b", "c", "d", "e", "f", 0, 1}
	for _, tc := range []struct {
		name, q string
		args    []any
		want    string
	}{
		{"import list", batchSQL, alice.visibleArgs(), index},
		{"import undo's contacts", batchRowsSQL, undoArgs, index},
		{"import undo's last change", batchLastChangeSQL, []any{"create", 1}, index},
		{"team rm", ownedPublicSQL, []any{2}, "INDEX contacts_owner_batch (owner_id=?)"},
		{"list owner:bob", listingSQL("c.id", "", sel.where, "c.id") + ` LIMIT 50`, append(alice.visibleArgs(), sel.args...), "INDEX contacts_owner_batch (owner_id=?)"},
	} {
		plan := explain(t, alice, tc.q, tc.args...)
		if !strings.Contains(plan, tc.want) || strings.Contains(plan, "SCAN c\n") || strings.HasSuffix(plan, "SCAN c") || strings.Contains(plan, "SCAN contacts") {
			t.Errorf("%s: plan reads every contact or has no %q:\n%s", tc.name, tc.want, plan)
		}
	}
}

// TestEmailLookupsReadThePrefixIndex checks that every lookup of a
// contact by email address reads the index of the addresses' first 20
// characters (schema 29), not every email: lookup and block of an
// address, the raw blocks on an email that screen its contacts
// (is:blocked, show), the check of the trash for a blocked address, and
// import's duplicate matching.
func TestEmailLookupsReadThePrefixIndex(t *testing.T) {
	alice, _, _ := openTeam(t)
	const want = "USING INDEX contact_emails_address_prefix (<expr>=?)"
	emails := []any{"ada@example.com", "grace@example.com", "alan@example.com"}
	order, _ := orderBy(nil)
	lookup, lookupArgs := withHandleSQL(contact.Handle{Email: "ada@example.com"})
	blocked, blockedArgs, err := alice.isSQL(query.Term{}, "blocked", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, q string
		args    []any
	}{
		{"lookup", listingSQL("c.id", "", lookup, order) + ` LIMIT 50`, append(alice.visibleArgs(), lookupArgs...)},
		{"is:blocked", listingSQL("c.id", "", blocked, order) + ` LIMIT 50`, append(alice.visibleArgs(), blockedArgs...)},
		{"trash", `SELECT 1 FROM contact_emails WHERE ` + emailIn(`address`, len(emails)), slices.Concat(emails, emails)},
		{"import", strings.Replace(lookupSQL['e'], "%s", emailIn("e.address", len(emails)), 1),
			append(slices.Concat(emails, emails), alice.visibleArgs()...)},
	} {
		if plan := explain(t, alice, tc.q, tc.args...); !strings.Contains(plan, want) {
			t.Errorf("%s: plan has no %q:\n%s", tc.name, want, plan)
		} else {
			t.Logf("%s:\n%s", tc.name, plan)
		}
	}
}

// TestNotesReadByContact checks that the notes of a chunk of contacts, or
// of a few, are read through the index by contact (schema 30 holds the
// contact alone), not by reading every note.
func TestNotesReadByContact(t *testing.T) {
	alice, _, _ := openTeam(t)
	for _, span := range []struct {
		sql  string
		args []any
	}{{`BETWEEN ? AND ?`, []any{1, 500}}, {`IN (?, ?, ?)`, []any{1, 7, 4000}}} {
		plan := explain(t, alice, notesSQL(span.sql), span.args...)
		if !strings.Contains(plan, "SEARCH n USING INDEX notes_contact (contact_id") || strings.Contains(plan, "SCAN n") {
			t.Errorf("notes of contacts %s: plan does not seek notes_contact:\n%s", span.sql, plan)
		}
	}
}

// TestNameOrderPageStreams checks that a page of a listing in the name
// index's order (list, --sort name, -name), however long, is read in one
// walk of the index, contact by contact as rolo prints them: picked by ID
// first, as a page in an order no index gives is (--sort -created), it
// walked the index twice and printed nothing until the first walk ended
// (list --limit 1000000 at 100,000: 1.3 s → 2.0, its first line 0.2 s →
// 1.4).
func TestNameOrderPageStreams(t *testing.T) {
	alice, _, _ := openTeam(t)
	for _, tc := range []struct {
		sort  []string
		index string // "" for picked by ID first
	}{
		{nil, "contacts_display_name"},
		{[]string{"name"}, "contacts_display_name"},
		{[]string{"-name"}, "contacts_display_name"},
		{[]string{"-created"}, ""},
	} {
		_, q, err := alice.findQuery(contact.Filter{Sort: tc.sort, Limit: 100_000})
		if err != nil {
			t.Fatalf("--sort %v: %v", tc.sort, err)
		}
		s, pageArgs := listingPageSQL(q.match, q.where, q.order, 100_000, 0)
		plan := explain(t, alice, s, append(append(alice.visibleArgs(), q.args...), pageArgs...)...)
		byID := strings.Count(plan, "SUBQUERY") > 1
		switch {
		case tc.index != "" && (byID || strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, "SCAN c USING INDEX "+tc.index)):
			t.Errorf("list --sort %v --limit 100000 is not read in one walk of %s:\n%s", tc.sort, tc.index, plan)
		case tc.index == "" && !byID:
			t.Errorf("list --sort %v --limit 100000 is not picked by ID first:\n%s", tc.sort, plan)
		}
	}
}
