package sqlite

import (
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

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
		// The listing's query (eachRankedIn) with its columns aside.
		rows, err := alice.db.Query(`EXPLAIN QUERY PLAN SELECT c.id FROM contacts c JOIN users u ON u.id = c.owner_id
			WHERE `+visibleSQL+` AND (`+q.where+`) ORDER BY `+q.order+` LIMIT 50`, append(alice.visibleArgs(), q.args...)...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if want := "SCAN c USING INDEX " + tc.index; !strings.Contains(strings.Join(plan, "\n"), want) {
			t.Errorf("%s: plan has no %q:\n%s", tc.name, want, strings.Join(plan, "\n"))
		}
	}
}
