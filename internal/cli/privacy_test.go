package cli_test

// The privacy matrix (issue 6): three teammates, alice (owner), bob
// (manager) and carol (member), each with private and public contacts, and
// every read and write command run as each of them against each contact.
// It asserts who sees what (lists, counts, completion, error messages) and
// who may change what: 0 when allowed, 3 ("not found") for a contact the
// user cannot see, never 4, and 4 for a visible contact the user may not
// act on; a refused command leaves the database exactly as it was, and no
// output ever names a contact the user cannot see.
//
// To extend it when a command lands (import, export): add its reads to
// readCases and its writes to writeCases; the seed already holds a private
// contact of alice and one of carol with the same email
// (dup@matrix.example), for duplicate detection (dupes, checked below) and
// import matching. Look for "EXTEND" below.

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // the driver rolo uses, to digest the database

	"github.com/rolo-cli/rolo/internal/cli/clitest"
)

// seeded contacts, by ID, as created in seed.
var seeded = []struct {
	id         int
	owner      string
	name       string
	visibility string
	email      string
	phone      string
	trashed    bool
}{
	{1, "alice", "Alice Private", "private", "alice.private@matrix.example", "+14155550101", false},
	{2, "alice", "Alice Public", "public", "alice.public@matrix.example", "+14155550102", false},
	{3, "alice", "Alice Shared", "private", "alice.shared@matrix.example", "+14155550103", false}, // shared with carol
	{4, "alice", "Alice Trashed", "private", "alice.trashed@matrix.example", "+14155550104", true},
	{5, "bob", "Bob Private", "private", "bob.private@matrix.example", "+14155550105", false},
	{6, "bob", "Bob Public", "public", "bob.public@matrix.example", "+14155550106", false},
	{7, "carol", "Carol Private", "private", "carol.private@matrix.example", "+14155550107", false},
	{8, "carol", "Carol Public", "public", "carol.public@matrix.example", "+14155550108", false},
}

var roles = map[string]string{"alice": "owner", "bob": "manager", "carol": "member"}

// sees says whether user may see contact i of seeded.
func sees(user string, i int) bool {
	c := seeded[i]
	return c.visibility == "public" || c.owner == user || (c.id == 3 && user == "carol")
}

func visibleIDs(user string, trashed bool) []int {
	var out []int
	for i, c := range seeded {
		if sees(user, i) && c.trashed == trashed {
			out = append(out, c.id)
		}
	}
	return out
}

// hiddenMarks are the names and emails of the contacts user cannot see:
// none may appear in anything rolo prints for user.
func hiddenMarks(user string) []string {
	var out []string
	for i, c := range seeded {
		if !sees(user, i) {
			out = append(out, c.name, c.email, c.phone)
		}
	}
	return out
}

type matrix struct {
	dir      string
	template string
}

type result struct {
	code     int
	out, err string
}

var fixedNow = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

// run runs one rolo command line in-process as user on the database db.
// ROLO_USER names the user too, so a profile's user could not override it.
func (m *matrix) run(db, user, stdin string, args ...string) result {
	r := clitest.Runner{Dir: m.dir, DB: db, User: user, Env: map[string]string{"ROLO_USER": user},
		Now: fixedNow, Stdin: strings.NewReader(stdin)}.Run(args...)
	return result{r.Code, r.Out, r.Err}
}

func (m *matrix) must(t *testing.T, db, user string, args ...string) result {
	t.Helper()
	r := m.run(db, user, "", args...)
	if r.code != 0 {
		t.Fatalf("%s: rolo %s: exit %d\n%s", user, strings.Join(args, " "), r.code, r.err)
	}
	return r
}

// seed builds the template database once.
func seed(t *testing.T) *matrix {
	t.Helper()
	m := &matrix{dir: t.TempDir()}
	m.template = filepath.Join(m.dir, "template.db")
	db := m.template
	m.must(t, db, "alice", "team", "add", "bob", "--role", "manager")
	m.must(t, db, "alice", "team", "add", "carol")
	for _, c := range seeded {
		first, last, _ := strings.Cut(c.name, " ")
		args := []string{"add", "--first", first, "--last", last, "--company", "Matrix", "--email", c.email,
			"--phone", c.phone, "--birthday", fmt.Sprintf("1990-06-%02d", 15+c.id), "--tag", "matrix",
			"--note", "note about " + c.name, "--" + c.visibility}
		if c.id == 1 || c.id == 7 {
			args = append(args, "--email", "dup@matrix.example")
		}
		if c.id == 2 || c.id == 6 {
			args = append(args, "--email", "pair@matrix.example") // a pair everyone sees
		}
		r := m.must(t, db, c.owner, args...)
		if strings.TrimSpace(r.out) != strconv.Itoa(c.id) {
			t.Fatalf("seed: %s got ID %q, want %d", c.name, r.out, c.id)
		}
	}
	m.must(t, db, "alice", "share", "3", "--with", "carol")
	m.must(t, db, "alice", "delete", "4", "--yes")
	m.must(t, db, "alice", "block", "1", "--reason", "alice blocks Alice Private")
	m.must(t, db, "bob", "block", "5", "--reason", "bob blocks Bob Private")
	m.must(t, db, "alice", "log", "1", "--channel", "call", "--direction", "in", "--summary", "call with Alice Private")
	for _, u := range []string{"alice", "bob", "carol"} {
		m.must(t, db, u, "favorite", "--where", "company:matrix", "--yes")
		m.must(t, db, u, "view", "save", "everything", "company:matrix")
	}
	return m
}

// fresh copies the template for a test that writes.
func (m *matrix) fresh(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rolo.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(m.template + suffix)
		if os.IsNotExist(err) && suffix != "" {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// digest renders the tables a command could change, to check that a
// refused command changed nothing.
func digest(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b bytes.Buffer
	for _, table := range []string{"users", "contacts", "contact_phones", "contact_emails", "contact_tags", "notes",
		"interactions", "changes", "blocks", "favorites", "shares", "views"} {
		rows, err := db.Query(`SELECT * FROM ` + table + ` ORDER BY 1, 2`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %v\n", table, vals)
		}
		rows.Close()
	}
	return b.String()
}

// noLeak fails when r names a contact user cannot see; what is the command
// line, and a number or email the user typed may be echoed.
func noLeak(t *testing.T, user string, what string, r result) {
	t.Helper()
	for _, mark := range hiddenMarks(user) {
		if strings.Contains(what, mark) {
			continue
		}
		if strings.Contains(r.out, mark) || strings.Contains(r.err, mark) {
			t.Errorf("%s: %s reveals %q\nstdout:\n%s\nstderr:\n%s", user, what, mark, r.out, r.err)
		}
	}
}

func ids(out string) []int {
	var got []int
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" || strings.HasPrefix(l, ":") {
			continue
		}
		f, _, _ := strings.Cut(l, "\t")
		if id, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
			got = append(got, id)
		}
	}
	sort.Ints(got)
	return got
}

func TestPrivacyMatrix(t *testing.T) {
	m := seed(t)
	db := m.template
	users := []string{"alice", "bob", "carol"}

	t.Run("reads", func(t *testing.T) {
		for _, u := range users {
			active, trashed := visibleIDs(u, false), visibleIDs(u, true)
			var private, public, shared, ownedByAlice []int
			for i, c := range seeded {
				if !sees(u, i) || c.trashed {
					continue
				}
				if c.visibility == "private" {
					private = append(private, c.id)
				} else {
					public = append(public, c.id)
				}
				if c.id == 3 {
					shared = append(shared, c.id)
				}
				if c.owner == "alice" {
					ownedByAlice = append(ownedByAlice, c.id)
				}
			}
			var blocked []int
			for _, id := range []int{1, 5} {
				if sees(u, id-1) {
					blocked = append(blocked, id)
				}
			}
			// readCases: a command line and the IDs it must list (nil: only
			// check that nothing hidden shows).
			// Exports are read commands too: every format checked for hidden
			// names, emails and numbers below.
			readCases := []struct {
				args []string
				want []int
			}{
				{[]string{"list", "-o", "ids"}, active},
				{[]string{"list", "--columns", "id,name,email,phone,owner"}, active},
				{[]string{"list", "-o", "json"}, nil},
				{[]string{"search", "matrix", "-o", "ids"}, active},
				{[]string{"list", "is:private", "-o", "ids"}, private},
				{[]string{"list", "is:public", "-o", "ids"}, public},
				{[]string{"list", "is:shared", "-o", "ids"}, shared},
				{[]string{"list", "is:favorite", "-o", "ids"}, active},
				{[]string{"list", "is:blocked", "-o", "ids"}, blocked},
				{[]string{"list", "owner:alice", "-o", "ids"}, ownedByAlice},
				{[]string{"list", "has:notes", "-o", "ids"}, active},
				{[]string{"list", "note", "-o", "ids"}, active},
				{[]string{"list", "dup@matrix.example", "-o", "ids"}, intersect(active, []int{1, 7})},
				{[]string{"list", "is:deleted", "-o", "ids"}, trashed},
				{[]string{"list", "--view", "everything", "-o", "ids"}, active},
				{[]string{"trash", "-o", "ids"}, trashed},
				{[]string{"__complete", "show", ""}, append(slices.Clone(active), trashed...)},
				{[]string{"__complete", "edit", "a"}, nil},
				{[]string{"blocked"}, nil},
				{[]string{"birthdays", "--days", "30"}, nil},
				{[]string{"email", "matrix"}, nil},
				{[]string{"team", "list"}, nil},
				{[]string{"export", "--format", "csv"}, nil},
				{[]string{"export", "--format", "json"}, nil},
				{[]string{"export", "--format", "ndjson"}, nil},
				{[]string{"export", "--format", "vcard"}, nil},
				{[]string{"export", "--format", "google"}, nil},
				{[]string{"export", "--format", "outlook"}, nil},
				{[]string{"export", "is:deleted", "--format", "json"}, nil},
			}
			for _, rc := range readCases {
				r := m.run(db, u, "", rc.args...)
				what := "rolo " + strings.Join(rc.args, " ")
				if r.code != 0 && !(rc.want != nil && len(rc.want) == 0 && r.code == 3) {
					t.Errorf("%s: %s: exit %d\n%s", u, what, r.code, r.err)
				}
				noLeak(t, u, what, r)
				if rc.want != nil {
					want := slices.Clone(rc.want)
					sort.Ints(want)
					if got := ids(r.out); !slices.Equal(got, want) {
						t.Errorf("%s: %s lists %v, want %v", u, what, got, want)
					}
				}
			}
			if r := m.run(db, u, "", "export", "--format", "ndjson"); strings.Count(r.out, "\n") != len(active) {
				t.Errorf("%s: export --format ndjson wrote %d contacts, want %d", u, strings.Count(r.out, "\n"), len(active))
			}
			// Duplicate reports pair only contacts the user sees: alice's
			// and carol's private contacts share an email, and neither
			// learns of the other's.
			for _, args := range [][]string{{"dupes", "--min-score", "0.01"}, {"dupes", "--min-score", "0.01", "-o", "ids"}, {"dupes", "dup@matrix.example", "-o", "json"}} {
				r := m.run(db, u, "", args...)
				what := "rolo " + strings.Join(args, " ")
				noLeak(t, u, what, r)
				if r.code != 0 && r.code != 3 {
					t.Errorf("%s: %s: exit %d\n%s", u, what, r.code, r.err)
				}
				if args[len(args)-1] == "ids" {
					// The public pair is found, so the check below is not
					// vacuous.
					if strings.TrimSpace(r.out) != "2 6" {
						t.Errorf("%s: %s = %q, want the one public pair 2 6", u, what, r.out)
					}
					for _, f := range strings.Fields(r.out) {
						if n, _ := strconv.Atoi(f); !slices.Contains(active, n) {
							t.Errorf("%s: %s names contact %s", u, what, f)
						}
					}
				}
			}

			// Counts: a TSV list has a header and one line per contact.
			if r := m.run(db, u, "", "list"); strings.Count(r.out, "\n") != 1+len(active) {
				t.Errorf("%s: list prints %d lines, want %d", u, strings.Count(r.out, "\n"), 1+len(active))
			}

			// One contact at a time: show, history, lookup by phone and by
			// email. Hidden: exit 3 and the same words as for an ID that
			// never existed.
			for i, c := range seeded {
				for _, args := range [][]string{{"show", strconv.Itoa(c.id)}, {"history", strconv.Itoa(c.id)}} {
					r := m.run(db, u, "", args...)
					what := "rolo " + strings.Join(args, " ")
					noLeak(t, u, what, r)
					switch {
					case sees(u, i) && r.code != 0:
						t.Errorf("%s: %s: exit %d: %s", u, what, r.code, r.err)
					case !sees(u, i) && (r.code != 3 || r.err != fmt.Sprintf("rolo: no contact with ID %d\n", c.id)):
						t.Errorf("%s: %s: exit %d %q, want 3 and \"no contact with ID %d\"", u, what, r.code, r.err, c.id)
					}
				}
				for _, h := range []string{c.phone, c.email} {
					r := m.run(db, u, "", "lookup", h)
					noLeak(t, u, "rolo lookup "+h, r)
					want := 3
					if sees(u, i) && !c.trashed {
						want = 0
					}
					if r.code != want {
						t.Errorf("%s: lookup %s: exit %d, want %d\n%s", u, h, r.code, want, r.err)
					}
				}
			}
			if r := m.run(db, u, "", "lookup", "dup@matrix.example"); r.code != map[string]int{"alice": 0, "bob": 3, "carol": 0}[u] {
				t.Errorf("%s: lookup dup@matrix.example: exit %d", u, r.code)
			} else {
				noLeak(t, u, "lookup dup@matrix.example", r)
			}

			// A REF that is a query: "Private" names each user's own
			// private contact, so it is never ambiguous and never lists
			// another user's; "Public" is ambiguous among public ones only.
			own := map[string]int{"alice": 1, "bob": 5, "carol": 7}[u]
			if r := m.run(db, u, "", "show", "private", "-o", "ids"); r.code != 0 || strings.TrimSpace(r.out) != strconv.Itoa(own) {
				t.Errorf("%s: show private: exit %d, %q %q; want %d", u, r.code, r.out, r.err, own)
			}
			r := m.run(db, u, "", "show", "public")
			noLeak(t, u, "show public", r)
			if r.code != 3 || !strings.Contains(r.err, "matches several contacts") || strings.Count(r.err, "\n  ") != 3 {
				t.Errorf("%s: show public: exit %d %q, want 3 candidates", u, r.code, r.err)
			}
			r = m.run(db, u, "", "show", "shared", "-o", "ids")
			noLeak(t, u, "show shared", r)
			if sees(u, 2) != (r.code == 0) || (r.code != 0 && r.err != "rolo: no contact matches \"shared\"\n") {
				t.Errorf("%s: show shared: exit %d %q", u, r.code, r.err)
			}
		}
	})

	t.Run("writes", func(t *testing.T) {
		type writeCase struct {
			args func(id int) []string
			// allowed says whether user may do it to a contact it can see.
			allowed func(user string, c int) bool
		}
		anyone := func(string, int) bool { return true }
		owner := func(u string, i int) bool { return seeded[i].owner == u }
		ownerOrManagerIfPublic := func(u string, i int) bool {
			return seeded[i].owner == u || (seeded[i].visibility == "public" && roles[u] != "member")
		}
		id := strconv.Itoa
		writeCases := map[string]writeCase{
			"edit":       {func(n int) []string { return []string{"edit", id(n), "--set", "title=Boss"} }, anyone},
			"tag":        {func(n int) []string { return []string{"tag", id(n), "--add", "x"} }, anyone},
			"note":       {func(n int) []string { return []string{"note", id(n), "hello"} }, anyone},
			"log":        {func(n int) []string { return []string{"log", id(n), "--channel", "sms", "--direction", "out"} }, anyone},
			"favorite":   {func(n int) []string { return []string{"unfavorite", id(n)} }, anyone},
			"block":      {func(n int) []string { return []string{"block", id(n), "--for", "1d"} }, anyone},
			"unblock":    {func(n int) []string { return []string{"unblock", id(n)} }, anyone},
			"archive":    {func(n int) []string { return []string{"archive", id(n)} }, anyone},
			"delete":     {func(n int) []string { return []string{"delete", id(n), "--yes"} }, ownerOrManagerIfPublic},
			"purge":      {func(n int) []string { return []string{"delete", id(n), "--purge", "--yes"} }, ownerOrManagerIfPublic},
			"share":      {func(n int) []string { return []string{"share", id(n), "--with", "bob"} }, ownerOrPublic},
			"unshare":    {func(n int) []string { return []string{"unshare", id(n), "--with", "carol"} }, ownerOrPublic},
			"publish":    {func(n int) []string { return []string{"publish", id(n)} }, ownerOrPublic},
			"transfer":   {func(n int) []string { return []string{"transfer", id(n), "--to", "carol"} }, ownerOrManagerIfPublic},
			"to-private": {func(n int) []string { return []string{"edit", id(n), "--set", "visibility=private"} }, privateOnly},
			"restore":    {func(n int) []string { return []string{"restore", id(n)} }, owner},
		}
		names := make([]string, 0, len(writeCases))
		for n := range writeCases {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, name := range names {
			wc := writeCases[name]
			for _, u := range users {
				for i, c := range seeded {
					if c.trashed != (name == "restore") {
						continue
					}
					path := m.fresh(t)
					before := digest(t, path)
					args := wc.args(c.id)
					r := m.run(path, u, "", args...)
					what := "rolo " + strings.Join(args, " ")
					noLeak(t, u, what, r)
					want := 0
					switch {
					case !sees(u, i):
						want = 3
					case !wc.allowed(u, i):
						want = 4
					}
					if r.code != want {
						t.Errorf("%s: %s on %s (%s's, %s): exit %d, want %d\n%s", u, what, c.name, c.owner, c.visibility, r.code, want, r.err)
					}
					if want == 3 && r.err != fmt.Sprintf("rolo: no contact with ID %d\n", c.id) {
						t.Errorf("%s: %s: stderr %q, want \"no contact with ID %d\"", u, what, r.err, c.id)
					}
					if want != 0 && digest(t, path) != before {
						t.Errorf("%s: %s was refused (exit %d) but changed the database", u, what, r.code)
					}
				}
			}
		}
	})

	// merge OWN OTHER: each user merges a contact into their own private
	// one. Merging needs the right to delete the other (SPEC section 1).
	t.Run("merge", func(t *testing.T) {
		own := map[string]int{"alice": 1, "bob": 5, "carol": 7}
		for _, u := range users {
			for i, c := range seeded {
				if c.trashed || c.id == own[u] {
					continue
				}
				path := m.fresh(t)
				before := digest(t, path)
				args := []string{"merge", strconv.Itoa(own[u]), strconv.Itoa(c.id), "--yes"}
				r := m.run(path, u, "", args...)
				what := "rolo " + strings.Join(args, " ")
				noLeak(t, u, what, r)
				want := 0
				switch {
				case !sees(u, i):
					want = 3
				case c.owner != u && !(c.visibility == "public" && roles[u] != "member"):
					want = 4
				}
				if r.code != want {
					t.Errorf("%s: %s (%s's %s): exit %d, want %d\n%s", u, what, c.owner, c.visibility, r.code, want, r.err)
				}
				if want == 3 && r.err != fmt.Sprintf("rolo: no contact with ID %d\n", c.id) {
					t.Errorf("%s: %s: stderr %q", u, what, r.err)
				}
				if want != 0 && digest(t, path) != before {
					t.Errorf("%s: %s was refused but changed the database", u, what)
				}
			}
		}
	})

	// Bulk forms see only what the user sees: --where changes the visible
	// contacts it matches and nothing else.
	t.Run("bulk", func(t *testing.T) {
		for _, u := range users {
			path := m.fresh(t)
			m.must(t, path, u, "tag", "--where", "company:matrix", "--add", "bulk", "--yes")
			m.must(t, path, u, "edit", "--where", "company:matrix", "--set", "department=Bulk", "--yes")
			for _, who := range users {
				r := m.must(t, path, who, "list", "tag:bulk", "department:bulk", "-o", "ids")
				var want []int
				for _, n := range visibleIDs(who, false) {
					if sees(u, n-1) {
						want = append(want, n)
					}
				}
				if got := ids(r.out); !slices.Equal(got, want) {
					t.Errorf("after %s's bulk edit, %s finds %v, want %v", u, who, got, want)
				}
			}
		}
		// publish --where and share - act on the user's own contacts; one
		// refused contact refuses the batch.
		path := m.fresh(t)
		before := digest(t, path)
		r := m.run(path, "carol", "3\n7\n", "publish", "-")
		if r.code != 4 || digest(t, path) != before {
			t.Errorf("carol: publish 3 7: exit %d, database changed: %v", r.code, digest(t, path) != before)
		}
		r = m.run(path, "carol", "1\n7\n", "publish", "-")
		if r.code != 3 || r.err != "rolo: no contact with ID 1\n" || digest(t, path) != before {
			t.Errorf("carol: publish 1 7: exit %d %q", r.code, r.err)
		}
		m.must(t, path, "carol", "publish", "--where", "owner:me is:private", "--yes")
		if got := ids(m.must(t, path, "bob", "list", "owner:carol", "-o", "ids").out); !slices.Equal(got, []int{7, 8}) {
			t.Errorf("bob sees carol's %v after she published", got)
		}
	})

	// A number or email that only a contact the user cannot see has is, for
	// that user, unknown: log creates the user's own contact for it, block
	// blocks the raw number; neither touches nor names the hidden contact.
	t.Run("handles", func(t *testing.T) {
		path := m.fresh(t)
		before := m.must(t, path, "alice", "history", "1").out
		r := m.must(t, path, "carol", "log", "+14155550101", "--channel", "call", "--direction", "in")
		noLeak(t, "carol", "log +14155550101", r)
		if !strings.Contains(r.err, "Created private contact 9 for +14155550101: no contact you can see had it.") {
			t.Errorf("carol: log a hidden contact's number: %q", r.err)
		}
		r = m.must(t, path, "carol", "log", "alice.private@matrix.example", "--channel", "email", "--direction", "in")
		noLeak(t, "carol", "log alice.private@matrix.example", r)
		if !strings.Contains(r.err, "Created private contact 10") {
			t.Errorf("carol: log a hidden contact's email: %q", r.err)
		}
		r = m.must(t, path, "carol", "block", "+14155550105", "--reason", "spam")
		noLeak(t, "carol", "block +14155550105", r)
		if after := m.must(t, path, "alice", "history", "1").out; after != before {
			t.Errorf("carol's log changed alice's hidden contact:\n%s", after)
		}
		if got := ids(m.must(t, path, "carol", "list", "owner:me", "-o", "ids").out); !slices.Equal(got, []int{7, 8, 9, 10}) {
			t.Errorf("carol owns %v", got)
		}
		if got := ids(m.must(t, path, "alice", "list", "-o", "ids").out); !slices.Equal(got, visibleIDs("alice", false)) {
			t.Errorf("alice sees %v after carol's logs", got)
		}
		// carol's raw block on the number applies to anyone's lookup, and
		// names no contact for carol.
		r = m.must(t, path, "carol", "lookup", "+14155550105", "-o", "ndjson")
		noLeak(t, "carol", "lookup +14155550105", r)
		if !strings.Contains(r.out, `"id":null`) || !strings.Contains(r.out, `"reason":"spam"`) {
			t.Errorf("carol: lookup of a raw-blocked number: %s", r.out)
		}
		// A UID only a hidden contact has is free for carol.
		uid := strings.TrimSpace(lineValue(m.must(t, path, "alice", "show", "1").out, "uid"))
		r = m.must(t, path, "carol", "add", "--first", "Copy", "--uid", uid)
		noLeak(t, "carol", "add --uid", r)
		if got := lineValue(m.must(t, path, "carol", "show", "copy").out, "uid"); got == uid {
			t.Errorf("carol's contact took the UID of alice's hidden contact")
		}
	})

	t.Run("team", func(t *testing.T) {
		path := m.fresh(t)
		for _, tc := range []struct {
			user string
			args []string
			want int
		}{
			{"carol", []string{"team", "add", "dave"}, 4},
			{"carol", []string{"team", "role", "carol", "manager"}, 4},
			{"carol", []string{"team", "rm", "bob", "--yes"}, 4},
			{"bob", []string{"team", "role", "alice", "member"}, 4},
			{"bob", []string{"team", "rm", "alice", "--transfer-to", "bob", "--yes"}, 4},
			{"alice", []string{"team", "rm", "alice", "--transfer-to", "bob", "--yes"}, 4},
			{"alice", []string{"team", "role", "alice", "manager"}, 4},
			{"bob", []string{"team", "add", "dave"}, 0},
			{"bob", []string{"team", "rm", "carol", "--transfer-to", "dave", "--yes"}, 0},
			{"carol", []string{"list"}, 3},
		} {
			before := digest(t, path)
			r := m.run(path, tc.user, "", tc.args...)
			noLeak(t, tc.user, strings.Join(tc.args, " "), r)
			if r.code != tc.want {
				t.Errorf("%s: rolo %s: exit %d, want %d\n%s", tc.user, strings.Join(tc.args, " "), r.code, tc.want, r.err)
			}
			if tc.want != 0 && digest(t, path) != before {
				t.Errorf("%s: rolo %s was refused but changed the database", tc.user, strings.Join(tc.args, " "))
			}
		}
		// dave got carol's public contact; her private one stays hers,
		// seen by nobody; her share of alice's contact went.
		if got := ids(m.must(t, path, "dave", "list", "-o", "ids").out); !slices.Equal(got, []int{2, 6, 8}) {
			t.Errorf("dave sees %v", got)
		}
		if got := ids(m.must(t, path, "dave", "list", "owner:me", "-o", "ids").out); !slices.Equal(got, []int{8}) {
			t.Errorf("dave owns %v", got)
		}
		for _, u := range []string{"alice", "bob"} {
			r := m.must(t, path, u, "list", "-o", "ids")
			noLeak(t, u, "list after team rm", r)
			if got := ids(r.out); slices.Contains(got, 7) {
				t.Errorf("%s sees %v after carol left", u, got)
			}
		}
	})
}

func ownerOrPublic(u string, i int) bool {
	return seeded[i].owner == u || seeded[i].visibility == "public"
}

// privateOnly: edit --set visibility=private is a no-op on a private
// contact and refused (4) on a public one, for everyone.
func privateOnly(_ string, i int) bool { return seeded[i].visibility == "private" }

func intersect(a, b []int) []int {
	var out []int
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// lineValue finds "key<TAB>value" in show's TSV output.
func lineValue(out, key string) string {
	for _, l := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(l, "\t"); ok && k == key {
			return v
		}
	}
	return ""
}

// TestPrivacyImportMatching: carol imports rows whose email, phone or name
// match alice's private contact (and one both of them have). Whatever the
// --on-duplicate policy, the import creates carol's own contacts and never
// skips, updates or merges alice's, nor names it.
func TestPrivacyImportMatching(t *testing.T) {
	m := seed(t)
	row := "first,last,emails,phones,title\nAlice,Private,alice.private@matrix.example,+14155550101,Spy\n" +
		"Dup,Row,dup@matrix.example,,Spy\n"
	for _, policy := range []string{"skip", "update", "merge", "create"} {
		db := m.fresh(t)
		before := m.must(t, db, "alice", "show", "1", "-o", "json").out
		errs := filepath.Join(t.TempDir(), "errors.csv")
		r := m.run(db, "carol", row, "import", "-", "--format", "csv", "--errors", errs, "--on-duplicate", policy)
		if r.code != 0 {
			t.Fatalf("%s: carol's import: exit %d\n%s", policy, r.code, r.err)
		}
		noLeak(t, "carol", "import --on-duplicate "+policy, r)
		if !strings.Contains(r.err, "of 2 records imported, 0 failed") {
			t.Errorf("%s: summary %q", policy, r.err)
		}
		// carol now has her own Alice Private, with the row's title.
		mine := m.must(t, db, "carol", "list", "alice.private@matrix.example", "-o", "ids").out
		if ids := ids(mine); len(ids) != 1 || ids[0] == 1 {
			t.Errorf("%s: carol's contacts with alice's address: %v, want one of her own", policy, ids)
		}
		if after := m.must(t, db, "alice", "show", "1", "-o", "json").out; after != before {
			t.Errorf("%s: carol's import changed alice's private contact:\n%s", policy, after)
		}
	}
}
