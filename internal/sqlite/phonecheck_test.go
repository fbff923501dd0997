package sqlite

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// TestPhoneCheckSameAsList checks that a query with words and phone
// digits (john 555, aaron -415, phone:212,4155 smith) finds the same
// contacts in the same order whether the numbers of the contacts the
// words find are checked one contact at a time (phoneCheckSQL), through
// the list of their numbers or their own rows, or looked for in the list
// of every contact with such a number (phoneDigitsSQL): in a search's
// ranked page, its whole ranking, a listing and a bulk command's IDs.
func TestPhoneCheckSameAsList(t *testing.T) {
	alice, _, _ := openTeam(t)
	generatedContacts(t, alice, 3000, contact.Public)
	all := mustOK(alice.FindContacts(bg(), contact.Filter{Sort: []string{"id"}}))(t)
	// Some contacts mention a number in their text only, as a note or
	// a zip code would: search ranks those below a phone's.
	for i, c := range all[:40] {
		if other := all[len(all)-1-i]; len(other.Phones) > 0 {
			d := contact.Digits(other.Phones[0].Number)
			addContact(t, alice, &contact.Contact{FirstName: c.FirstName, LastName: "Noted", Visibility: contact.Public,
				Notes: []contact.Note{{Text: "call " + d[len(d)-7:]}}})
		}
	}
	// Contacts that tie on their name: one whose number ends with the
	// digits ranks above one that has them in its middle, which ranks
	// above one that has them in a note.
	for _, p := range []string{"+1 212 301 2355", "+1 415 555 0123", "", "+44 20 7946 0123"} {
		c := &contact.Contact{FirstName: "Zedekiah", Visibility: contact.Public}
		if p == "" {
			c.Notes = []contact.Note{{Text: "0123 5550"}}
		} else {
			c.Phones = []contact.Phone{{Number: p}}
		}
		addContact(t, alice, c)
	}
	rng := rand.New(rand.NewSource(1))
	// A name, and 3 to 10 digits in a row of a number, most often of
	// the same contact.
	var c *contact.Contact
	name := func() string {
		for {
			c = all[rng.Intn(len(all))]
			if n := strings.ToLower([]string{c.FirstName, c.LastName}[rng.Intn(2)]); n != "" {
				return n
			}
		}
	}
	number := func() string {
		for c == nil || len(c.Phones) == 0 || rng.Intn(3) == 0 {
			c = all[rng.Intn(len(all))]
		}
		d := contact.Digits(c.Phones[rng.Intn(len(c.Phones))].Number)
		n := 3 + rng.Intn(min(8, len(d)-2))
		at := rng.Intn(len(d) - n + 1)
		return d[at : at+n]
	}
	queries := []string{"john 555", "aaron 415", "john -415", "a 555", "a 212", "e 020", "m +44 20", "m 020 7946",
		"s phone:555,415", "s -phone:212", "john 5551234",
		"555", "415", "0123", "020 7946", "phone:212,555", "tel:+1-415-555-0123", "555 -212", "type:lead 415",
		"zedekiah 0123", "zedekiah 123", "zedekiah 555", "zedekiah 5550", "zedekiah -555", "zedekiah 0123 -415", "zedekiah 020 7946"}
	for range 150 {
		var q string
		switch rng.Intn(9) {
		case 0:
			q = name() + " -" + number()
		case 1:
			q = name() + " " + number() + " " + number()
		case 2:
			q = name()[:1] + " " + number()
		case 6:
			q = name() + " " + number()[:3]
		case 3:
			q = name() + " phone:" + number() + "," + number()
		case 4:
			n := name()
			q = number() + " " + n + " -" + name()
		case 5:
			q = name() + " " + number() + " -" + number()
		case 7:
			q = number()
			if rng.Intn(2) == 0 {
				q = "phone:" + q + "," + number()
			}
		default:
			q = name() + " " + number()
		}
		queries = append(queries, q)
	}
	defer func(each, match bool, per int) { phonesEach, phoneMatch, manyPhonesPer = each, match, per }(phonesEach, phoneMatch, manyPhonesPer)
	type answer struct{ page, ranked, listed, ids []int64 }
	ask := func(q string) answer {
		var a answer
		a.page = idsOf(mustOK(alice.FindContacts(bg(), contact.Filter{Query: q, Rank: true, Limit: 50}))(t))
		a.ranked = idsOf(mustOK(alice.FindContacts(bg(), contact.Filter{Query: q, Rank: true}))(t))
		a.listed = idsOf(mustOK(alice.FindContacts(bg(), contact.Filter{Query: q, Limit: 50}))(t))
		a.ids = mustOK(alice.ContactIDs(bg(), contact.Filter{Query: q}))(t)
		return a
	}
	found := 0
	for _, q := range queries {
		phonesEach, phoneMatch = false, false
		want := ask(q)
		if len(want.ranked) > 0 {
			found++
		}
		phonesEach, phoneMatch = true, true
		// Every contact's numbers read (no list), the list always, and
		// the choice rolo makes.
		for _, per := range []int{1 << 30, 1, 40} {
			manyPhonesPer = per
			got := ask(q)
			for _, c := range []struct {
				what      string
				got, want []int64
			}{{"page", got.page, want.page}, {"ranking", got.ranked, want.ranked}, {"listing", got.listed, want.listed}, {"IDs", got.ids, want.ids}} {
				if !slices.Equal(c.got, c.want) {
					t.Errorf("%q (one in %d): %s %v, with the list %v", q, per, c.what, head(c.got), head(c.want))
				}
			}
		}
	}
	if found < len(queries)/3 {
		t.Errorf("only %d of %d queries found contacts", found, len(queries))
	}
}

func head(ids []int64) string {
	return fmt.Sprint(len(ids), " ", ids[:min(10, len(ids))])
}

// TestPhoneCheckPlan checks how SQLite reads a search of a word and phone
// digits: from the word's matches, each checked for the number before its
// contact's row is read, and the trigram index asked for its matches alone
// (MATCH), never a LIKE that reads the row of every number it finds (415,
// an area code: 61,000 of them among a million contacts).
func TestPhoneCheckPlan(t *testing.T) {
	alice, _, _ := openTeam(t)
	for _, q := range []string{"john 555", "aaron 415 smith", "john phone:415,212"} {
		_, found, err := alice.findQuery(contact.Filter{Query: q, Rank: true, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		args := append([]any{found.match}, alice.visibleArgs()...)
		plan := explain(t, alice, listingSQL("c.id", found.match, found.where, found.order)+" LIMIT 50", append(args, found.args...)...)
		phones, row := strings.Index(plan, "phone_digits VIRTUAL TABLE INDEX 0:M"), strings.Index(plan, "SEARCH c USING INTEGER PRIMARY KEY")
		if strings.Contains(plan, "phone_digits VIRTUAL TABLE INDEX 0:L") || phones < 0 || row < phones {
			t.Errorf("%q is planned as:\n%s", q, plan)
		}
	}
}
