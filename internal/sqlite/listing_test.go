package sqlite_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// A listing read a page at a time (list, search) is the listing read at
// once: the same contacts, each as whole, in the same order (every sort,
// the ranking, ties), the same page of --limit and --offset, and for a
// teammate without another's private contacts.
func TestEachFoundIsFindContactsInPages(t *testing.T) {
	ctx := context.Background()
	_, alice, bob := aliceAndBob(t)
	firsts := []string{"Ann", "Anna", "Bo", "Dana", "ann"}
	companies := []string{"Acme", "", "Initech", "acme", "Zeta"}
	var shared, trashed []int64
	for i := range 40 {
		c := &contact.Contact{
			FirstName: firsts[i%len(firsts)], LastName: fmt.Sprintf("Lee%d", i%3),
			Company: companies[i%len(companies)],
			Tags:    []string{[]string{"vip", "gold", "vip"}[i%3]},
		}
		if i%2 == 0 {
			c.Visibility = contact.Public
			c.Phones = []contact.Phone{{Number: fmt.Sprintf("+1 415 555 %04d", i)}}
		}
		if i%3 == 0 {
			c.Emails = []contact.Email{{Address: fmt.Sprintf("p%d@example.com", i)}}
			c.Notes = []contact.Note{{Text: "annual review"}}
		}
		if err := alice.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		switch i % 7 {
		case 1:
			shared = append(shared, c.ID)
		case 4:
			trashed = append(trashed, c.ID)
		}
	}
	if _, err := alice.Share(ctx, shared, []string{"bob"}); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.SetFavorite(ctx, []int64{1, 3, 5}, true); err != nil {
		t.Fatal(err)
	}
	if err := alice.DeleteContacts(ctx, trashed); err != nil {
		t.Fatal(err)
	}

	filters := []contact.Filter{
		{},
		{Sort: []string{"company"}},
		{Sort: []string{"-created"}},
		{Sort: []string{"first", "-id"}},
		{Query: "an", Rank: true},
		{Query: "an", Rank: true, Limit: 9, Offset: 4},
		{Query: "ann annual", Rank: true, Offset: 2},
		{Query: "tag:vip -company:acme"},
		{Limit: 3},
		{Limit: 12},
		{Limit: 20, Offset: 3},
		{Offset: 11},
		{Limit: 5, Offset: 100},
		{Scope: contact.ScopeDeleted, Sort: []string{"-deleted"}},
		{Skip: contact.AllParts},
	}
	crossed := false
	for _, st := range []struct {
		who string
		db  *sqlite.DB
	}{{"alice", alice}, {"bob", bob}} {
		for _, f := range filters {
			want, err := st.db.FindContacts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, size := range []int{1, 5, 7, 1000} {
				var got []*contact.Contact
				pages := 0
				err := st.db.EachFound(ctx, f, size, func(cs []*contact.Contact) error {
					if len(cs) == 0 || len(cs) > size {
						t.Errorf("%s %+v, pages of %d: a page of %d", st.who, f, size, len(cs))
					}
					pages++
					got = append(got, cs...)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				crossed = crossed || pages > 2
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s %+v, pages of %d: %d contacts %v, want %d %v", st.who, f, size, len(got), idOrder(got), len(want), idOrder(want))
				}
				for _, c := range got {
					if st.who == "bob" && c.Visibility == contact.Private && len(c.SharedWith) == 0 && f.Skip == 0 {
						t.Errorf("bob %+v: sees alice's private contact %d", f, c.ID)
					}
				}
			}
		}
	}
	if !crossed {
		t.Error("no listing crossed more than two pages")
	}
	if cs, err := bob.FindContacts(ctx, contact.Filter{}); err != nil || len(cs) >= 40-len(trashed) {
		t.Errorf("bob sees %d contacts (%v); want alice's private ones left out", len(cs), err)
	}
}

func idOrder(cs []*contact.Contact) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}
