package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/query"
)

// Every name the query language offers for --sort (completion, the error
// below) sorts, either way; any other is a usage error that lists them.
func TestSortByEveryField(t *testing.T) {
	ctx := context.Background()
	_, alice, _ := aliceAndBob(t)
	for _, name := range []string{"Bo", "Ann"} {
		if err := alice.CreateContact(ctx, &contact.Contact{FirstName: name}); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range query.SortFields() {
		for _, sort := range []string{f, "-" + f} {
			if cs, err := alice.FindContacts(ctx, contact.Filter{Sort: []string{sort}}); err != nil || len(cs) != 2 {
				t.Errorf("--sort %s: %d contacts, %v", sort, len(cs), err)
			}
		}
	}
	_, err := alice.FindContacts(ctx, contact.Filter{Sort: []string{"shoe"}})
	wantCode(t, "--sort shoe", err, contact.EINVALID)
	if want := strings.Join(query.SortFields(), ", "); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("--sort shoe: %v; want the fields listed (%s)", err, want)
	}
}

// A contact never changed since its creation stores the empty text as its updated_at
// (an import's contacts all do); one stored before, with its creation
// time there, and one changed since, with the time of the change, read
// the same way. updated: and --sort updated find and order them all as
// they did when every row held a time: the results are the same once the
// empty ones are written out as their creation times.
func TestUpdatedStoredEmptyReadsAsCreated(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", clk)
	ids := map[string]int64{}
	for _, name := range []string{"Cy", "Bo", "Ann"} {
		c := &contact.Contact{FirstName: name}
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		ids[name] = c.ID
		clk.advance(24 * time.Hour)
	}
	raw := rawDB(t, path)
	// Cy as an older rolo wrote it: its creation time as its update.
	mustExec(t, raw, `UPDATE contacts SET updated_at = created_at WHERE id = ?`, ids["Cy"])
	// Ann, created on 2026-06-17, edited on 2026-06-18.
	if _, _, err := db.UpdateContact(ctx, ids["Ann"], func(c *contact.Contact) error { c.Company = "Acme"; return nil }); err != nil {
		t.Fatal(err)
	}
	stored := func() string {
		var s string
		if err := raw.QueryRow(`SELECT group_concat(first_name || '=' || updated_at, ' ') FROM (SELECT first_name, updated_at FROM contacts ORDER BY id)`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got, want := stored(), "Cy=2026-06-15T12:00:00Z Bo= Ann=2026-06-18T12:00:00Z"; got != want {
		t.Errorf("updated_at stored: %s, want %s", got, want)
	}
	names := func(what string, f contact.Filter) string {
		t.Helper()
		cs, err := db.FindContacts(ctx, f)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		var out []string
		for _, c := range cs {
			out = append(out, c.FirstName+"@"+c.UpdatedAt.Format("01-02"))
		}
		return strings.Join(out, " ")
	}
	cases := []struct {
		query, sort string
		want        string
	}{
		{"", "updated", "Cy@06-15 Bo@06-16 Ann@06-18"},
		{"", "-updated", "Ann@06-18 Bo@06-16 Cy@06-15"},
		{"updated:2026-06-16", "", "Bo@06-16"},
		{"updated:2026-06-15", "", "Cy@06-15"},
		{"updated:>=2026-06-16", "updated", "Bo@06-16 Ann@06-18"},
		{"updated:<2026-06-16", "", "Cy@06-15"},
		{"updated:<60h", "updated", "Bo@06-16 Ann@06-18"},
		{"updated:>60h", "", "Cy@06-15"},
		{"field:updated_at=2026-06-16", "", "Bo@06-16"},
		{"updated:>2026-06-17 created:2026-06-17", "", "Ann@06-18"},
	}
	check := func(form string) {
		for _, tc := range cases {
			f := contact.Filter{Query: tc.query}
			if tc.sort != "" {
				f.Sort = []string{tc.sort}
			}
			if got := names(tc.query, f); got != tc.want {
				t.Errorf("%s: list %q --sort %q = %q, want %q", form, tc.query, tc.sort, got, tc.want)
			}
		}
	}
	check("updated_at ''")
	mustExec(t, raw, `UPDATE contacts SET updated_at = created_at WHERE updated_at = ''`)
	if got, want := stored(), "Cy=2026-06-15T12:00:00Z Bo=2026-06-16T12:00:00Z Ann=2026-06-18T12:00:00Z"; got != want {
		t.Fatalf("updated_at written out: %s, want %s", got, want)
	}
	check("updated_at written out")
}
