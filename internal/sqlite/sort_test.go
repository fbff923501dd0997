package sqlite_test

import (
	"context"
	"strings"
	"testing"

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
