package sqlite

import (
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// TestRelatedConditionsFollowTheIndex checks the form of a condition on
// related tables: a query that finds its contacts through an index (a
// positive word, text qualifier or number) checks each of them (EXISTS),
// so that SQLite starts from the index; one that does not lists the
// contacts with a row (IN), so that SQLite can start from those.
func TestRelatedConditionsFollowTheIndex(t *testing.T) {
	alice, _, _ := openTeam(t)
	for _, tc := range []struct {
		query  string
		exists bool
	}{
		{"fischer has:email", true},
		{"last:fischer tag:vip", true},
		{"4155550 is:favorite", true},
		{"phone:4155550 has:notes", true},
		{"has:email", false},
		{"tag:vip type:lead", false},
		{"-fischer has:email", false},
		{"-phone:4155550 has:notes", false},
	} {
		sel, err := alice.buildWhere(contact.Filter{Query: tc.query}, false)
		if err != nil {
			t.Fatalf("%q: %v", tc.query, err)
		}
		if got := strings.Contains(sel.where, "EXISTS (SELECT 1 FROM"); got != tc.exists {
			t.Errorf("%q: EXISTS form %v, want %v:\n%s", tc.query, got, tc.exists, sel.where)
		}
	}
}
