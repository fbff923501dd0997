package sqlite_test

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/gen"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// fold is what the search index does to text: lower case, accents removed,
// ø, ł, ß and the like spelled without theirs.
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, _ := transform.String(t, s)
	var b strings.Builder
	for _, r := range out {
		if spelled, ok := contact.SpellLetter(r); ok {
			b.WriteString(spelled)
		} else {
			b.WriteRune(r)
		}
	}
	return strings.ToLower(b.String())
}

// words splits text as the index's tokenizer does: runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func hasWordPrefix(text, prefix string) bool {
	for _, w := range words(text) {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}

func openGenerated(t *testing.T, n int) (*sqlite.DB, []*contact.Contact) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "gen.db"), sqlite.Options{Actor: "alice", Region: "US", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ds := gen.Generate(7, n)
	if err := db.ImportContacts(ctx, ds.Contacts); err != nil {
		t.Fatal(err)
	}
	cs, err := db.FindContacts(ctx, contact.Filter{Sort: []string{"id"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != n {
		t.Fatalf("stored %d contacts, want %d", len(cs), n)
	}
	return db, cs
}

func ids(cs []*contact.Contact) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	slices.Sort(out)
	return out
}

// TestFullTextMatchesFieldQualifier checks, over generated contacts with
// accented names and Greek, Cyrillic, Arabic and Hebrew ones, typed with
// and without their accents, that a field qualifier (last:müller,
// last:королев) finds exactly the
// contacts a scan of that field finds, and exactly the contacts among the
// free-word results (müller) whose field has the word: the index and the
// qualifiers agree, in both directions.
func TestFullTextMatchesFieldQualifier(t *testing.T) {
	ctx := context.Background()
	db, all := openGenerated(t, 3000)
	fields := map[string]func(*contact.Contact) string{
		"first":   func(c *contact.Contact) string { return c.FirstName },
		"last":    func(c *contact.Contact) string { return c.LastName },
		"company": func(c *contact.Contact) string { return c.Company },
		"title":   func(c *contact.Contact) string { return c.Title },
		"city": func(c *contact.Contact) string {
			var s []string
			for _, a := range c.Addresses {
				s = append(s, a.City)
			}
			return strings.Join(s, " ")
		},
		"email": func(c *contact.Contact) string {
			var s []string
			for _, e := range c.Emails {
				s = append(s, e.Address)
			}
			return strings.Join(s, " ")
		},
	}
	// Greek, Cyrillic, Arabic and Hebrew names, whose accents and marks
	// SQLite's tokenizer does not remove itself.
	for _, c := range []*contact.Contact{
		{FirstName: "Σοφία", LastName: "Παπαδοπούλου", Company: "Ελληνική Τεχνική", Title: "Διευθύντρια"},
		{FirstName: "ΕΛΈΝΗ", LastName: "Καραγιάννη", Addresses: []contact.Address{{City: "Αθήνα"}}},
		{FirstName: "Пётр", LastName: "Королёв", Company: "Объединённые Системы"},
		{FirstName: "Алёна", LastName: "Фёдорова", Title: "Главный инженер", Addresses: []contact.Address{{City: "Орёл"}}},
		{FirstName: "مُحَمَّد", LastName: "الخُوَارِزْمِيّ"},
		{FirstName: "דָּוִד", LastName: "כֹּהֵן"},
	} {
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		all = append(all, c)
	}
	var sample []int
	for i := 0; i < len(all)-6; i += 97 {
		sample = append(sample, i)
	}
	for i := len(all) - 6; i < len(all); i++ {
		sample = append(sample, i) // every one of the names above
	}
	checked, accented := 0, 0
	for _, i := range sample {
		for name, get := range fields {
			ws := words(get(all[i]))
			if len(ws) == 0 {
				continue
			}
			// The first word as stored (with its accents), or a prefix of it.
			value := strings.FieldsFunc(get(all[i]), func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
			})[0]
			if len([]rune(value)) > 5 && i%2 == 0 {
				value = string([]rune(value)[:4])
			}
			if fold(value) != strings.ToLower(value) {
				accented++
			}
			prefix := fold(value)
			// Typed without the accents (σοφια, королев), as people do.
			if i%3 == 0 {
				value = prefix
			}
			var want []int64
			for _, c := range all {
				if hasWordPrefix(get(c), prefix) {
					want = append(want, c.ID)
				}
			}
			byField, err := db.FindContacts(ctx, contact.Filter{Query: name + ":" + value})
			if err != nil {
				t.Fatalf("%s:%s: %v", name, value, err)
			}
			if got := ids(byField); !slices.Equal(got, want) {
				t.Errorf("%s:%s found %v, a scan of the field finds %v", name, value, got, want)
			}
			byText, err := db.FindContacts(ctx, contact.Filter{Query: value})
			if err != nil {
				t.Fatalf("%s: %v", value, err)
			}
			var inField []*contact.Contact
			for _, c := range byText {
				if hasWordPrefix(get(c), prefix) {
					inField = append(inField, c)
				}
			}
			if got := ids(inField); !slices.Equal(got, want) {
				t.Errorf("free word %q restricted to %s gives %v, %s:%s gives %v", value, name, got, name, value, want)
			}
			checked++
		}
	}
	if checked < 100 || accented == 0 {
		t.Fatalf("checked %d values (%d accented): the generated data should give more", checked, accented)
	}
	t.Logf("checked %d field values, %d of them accented", checked, accented)
}

// TestPhoneDigitsMatchScan checks that a digit string finds exactly the
// contacts with a phone whose digits contain it, however it was written.
func TestPhoneDigitsMatchScan(t *testing.T) {
	ctx := context.Background()
	db, all := openGenerated(t, 2000)
	checked := 0
	for i := 0; i < len(all); i += 53 {
		if len(all[i].Phones) == 0 {
			continue
		}
		e164 := contact.Digits(all[i].Phones[0].E164)
		frag := e164[len(e164)-7:]
		var want []int64
		for _, c := range all {
			for _, p := range c.Phones {
				if strings.Contains(contact.Digits(p.Number)+" "+contact.Digits(p.E164), frag) {
					want = append(want, c.ID)
					break
				}
			}
		}
		for _, q := range []string{frag, "phone:" + frag, frag[:3] + "-" + frag[3:]} {
			got, err := db.FindContacts(ctx, contact.Filter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			var phoneIDs []int64
			for _, c := range got {
				for _, p := range c.Phones {
					if strings.Contains(contact.Digits(p.Number)+" "+contact.Digits(p.E164), frag) {
						phoneIDs = append(phoneIDs, c.ID)
						break
					}
				}
			}
			if g := ids(got); q == "phone:"+frag && !slices.Equal(g, want) {
				t.Errorf("%s found %v, a scan finds %v", q, g, want)
			}
			slices.Sort(phoneIDs)
			if !slices.Equal(phoneIDs, want) {
				t.Errorf("%s found phones %v, a scan finds %v", q, phoneIDs, want)
			}
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("checked only %d numbers", checked)
	}
}

// TestNameWalkPagesMatchFullList checks that a page of a list in name order
// is the same slice of the whole sorted result whether the page comes from
// the walk in name order that stops early, from walks that give up after
// one contact per row and then more, from a walk long enough to read every
// contact, or from SQLite's own search, sorted after, when every walk
// gives up.
func TestNameWalkPagesMatchFullList(t *testing.T) {
	ctx := context.Background()
	db, all := openGenerated(t, 2000)
	counts := map[string]int{}
	for _, c := range all {
		for _, tag := range c.Tags {
			counts[tag]++
		}
	}
	common, rare := "", ""
	for tag, n := range counts {
		if common == "" || n > counts[common] || n == counts[common] && tag < common {
			common = tag
		}
		if rare == "" || n < counts[rare] || n == counts[rare] && tag < rare {
			rare = tag
		}
	}
	queries := []string{"", "tag:" + common, "tag:" + rare, "tag:" + common + " type:lead", "-tag:" + common,
		"tag:no-such-tag", "country:US", "has:notes", "has:phone -has:email", "attr.source:*", "type:customer level:tertiary",
		"tag:" + common + "," + rare, "created:<30d", "maria"}
	pages := []struct{ limit, offset int }{{10, 0}, {50, 0}, {25, 100}, {7, 1990}, {3, 5000}}
	for _, q := range queries {
		// The whole list, in name order as --sort name gives it (no walk).
		whole, err := db.FindContacts(ctx, contact.Filter{Query: q, Scope: contact.ScopeActive, Sort: []string{"name"}})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		for _, walk := range []struct{ perRow, most int }{{1, 20_000}, {50, 20_000}, {1000, 20_000}, {1, 40}} {
			restore := sqlite.SetNameWalk(walk.perRow, walk.most)
			for _, p := range pages {
				got, err := db.FindContacts(ctx, contact.Filter{Query: q, Scope: contact.ScopeActive, Limit: p.limit, Offset: p.offset})
				if err != nil {
					t.Fatalf("%q: %v", q, err)
				}
				want := whole[min(p.offset, len(whole)):min(p.offset+p.limit, len(whole))]
				if !slices.Equal(idsInOrder(got), idsInOrder(want)) {
					t.Errorf("%q, walk of %d per row up to %d, limit %d offset %d: got %v, want %v", q, walk.perRow, walk.most, p.limit, p.offset, idsInOrder(got), idsInOrder(want))
				}
			}
			// The whole listing a page at a time, read in name order or
			// (after a short walk found few) in table order and sorted.
			var got []*contact.Contact
			if err := db.EachFound(ctx, contact.Filter{Query: q, Scope: contact.ScopeActive}, 300, func(cs []*contact.Contact) error {
				got = append(got, cs...)
				return nil
			}); err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			if !slices.Equal(idsInOrder(got), idsInOrder(whole)) {
				t.Errorf("%q, walk of %d per row, in pages: %d contacts, want %d in the same order", q, walk.perRow, len(got), len(whole))
			}
			restore()
		}
	}
}

func idsInOrder(cs []*contact.Contact) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// TestSearchRanking checks rolo_rank's order: a term scores the weight of
// the best field it is found in (a name before the company, the company
// before an email, an email before a note), the terms of a query add up,
// and among equals the contact with more hits comes first. The best match
// wins even when it is the last of many contacts and the page holds one.
func TestSearchRanking(t *testing.T) {
	ctx := context.Background()
	db := openAs(t, filepath.Join(t.TempDir(), "rank.db"), "alice", newClock())
	add := func(c *contact.Contact) int64 {
		t.Helper()
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	note := add(&contact.Contact{FirstName: "Paul", LastName: "Other", Notes: []contact.Note{{Text: "likes Taylor's songs"}}})
	email := add(&contact.Contact{FirstName: "Rob", LastName: "Mail", Emails: []contact.Email{{Address: "taylor@example.com"}}})
	company := add(&contact.Contact{FirstName: "Sue", LastName: "Work", Company: "Taylor & Sons"})
	name := add(&contact.Contact{FirstName: "Taylor", LastName: "Reed"})
	annTaylor := add(&contact.Contact{FirstName: "Ann", LastName: "Taylor"})
	annTaylorNoted := add(&contact.Contact{FirstName: "Ann", LastName: "Taylor", Notes: []contact.Note{{Text: "ann taylor from the fair"}}})
	annInNotes := add(&contact.Contact{FirstName: "Ann", LastName: "Oak", Notes: []contact.Note{{Text: "knows taylor"}}})

	search := func(q string, limit int) []int64 {
		t.Helper()
		cs, err := db.FindContacts(ctx, contact.Filter{Query: q, Rank: true, Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		return idsInOrder(cs)
	}
	for _, q := range []string{"taylor", "tayl"} {
		got := search(q, 0)
		// The three Taylors by name first (the one with a note too ahead
		// of the two that tie, which keep ID order), then the company,
		// the email and the notes.
		want := []int64{annTaylorNoted, name, annTaylor, company, email, note, annInNotes}
		if !slices.Equal(got, want) {
			t.Errorf("search %s = %v, want %v", q, got, want)
		}
	}
	if got, want := search("ann taylor", 0), []int64{annTaylorNoted, annTaylor, annInNotes}; !slices.Equal(got, want) {
		t.Errorf("search ann taylor = %v, want %v", got, want)
	}

	// A word's field counts before whether it was found whole: the word
	// whole in a company (6) or an email (5) ranks below a last name that
	// only starts with it (10), and above one that starts the company;
	// in the same field the whole word ranks first.
	smithers := add(&contact.Contact{FirstName: "John", LastName: "Smithers"})
	smithCo := add(&contact.Contact{FirstName: "Jane", LastName: "Doe", Company: "Smith"})
	smithMail := add(&contact.Contact{FirstName: "Joe", LastName: "Roe", Emails: []contact.Email{{Address: "smith@example.com"}}})
	smith := add(&contact.Contact{FirstName: "John", LastName: "Smith"})
	smithsonCo := add(&contact.Contact{FirstName: "Jim", LastName: "Poe", Company: "Smithson Ltd"})
	if got, want := search("smith", 0), []int64{smith, smithers, smithCo, smithsonCo, smithMail}; !slices.Equal(got, want) {
		t.Errorf("search smith = %v, want %v (Smith, Smithers, company Smith, company Smithson, email smith@)", got, want)
	}
	if got, want := search(`"john smith"`, 0), []int64{smith, smithers}; !slices.Equal(got, want) {
		t.Errorf(`search "john smith" = %v, want %v`, got, want)
	}
	if got, want := search("last:smith", 0), []int64{smith, smithers}; !slices.Equal(got, want) {
		t.Errorf("search last:smith = %v, want %v", got, want)
	}

	// A number found in a phone counts as a name does: before the same
	// digits in a note, alone and with a name.
	quoted := add(&contact.Contact{FirstName: "Aaron", LastName: "Quote", Notes: []contact.Note{{Text: "order 4155550123"}}})
	caller := add(&contact.Contact{FirstName: "Aaron", LastName: "Rang", Phones: []contact.Phone{{Number: "+1 415 555 0123"}}})
	for _, limit := range []int{0, 1} {
		if got, want := search("4155550123", limit), []int64{caller, quoted}[:cmp.Or(limit, 2)]; !slices.Equal(got, want) {
			t.Errorf("search 4155550123 --limit %d = %v, want %v (the phone, then the note)", limit, got, want)
		}
		if got, want := search("aaron 415", limit), []int64{caller, quoted}[:cmp.Or(limit, 2)]; !slices.Equal(got, want) {
			t.Errorf("search aaron 415 --limit %d = %v, want %v (the phone, then the note)", limit, got, want)
		}
	}
	// A number the digits end before one that holds them in its middle,
	// alone and with a word.
	middle := add(&contact.Contact{FirstName: "Aaron", LastName: "Mid", Phones: []contact.Phone{{Number: "+44 20 5550 1234"}}})
	for _, q := range []string{"5550123", "aaron 5550123"} {
		if got, want := search(q, 0), []int64{caller, middle}; !slices.Equal(got, want) {
			t.Errorf("search %s = %v, want %v (+1 415 555 0123, then +44 20 5550 1234)", q, got, want)
		}
	}

	// Names found in the query's order rank first: ada scott finds Ada
	// Scott before Scott Ada (added first, with more hits), and scott ada
	// the other way round.
	scottAda := add(&contact.Contact{FirstName: "Scott", LastName: "Ada", Emails: []contact.Email{{Address: "scott.ada@example.com"}}})
	adaScott := add(&contact.Contact{FirstName: "Ada", LastName: "Scott"})
	for q, want := range map[string][]int64{
		"ada scott":   {adaScott, scottAda},
		`"ada scott"`: {adaScott, scottAda},
		"scott ada":   {scottAda, adaScott},
		"ada sc":      {adaScott, scottAda},
	} {
		if got := search(q, 0); !slices.Equal(got, want) {
			t.Errorf("search %s = %v, want %v", q, got, want)
		}
	}

	for i := 0; i < 300; i++ {
		add(&contact.Contact{FirstName: "Note", LastName: "Taker", Notes: []contact.Note{{Text: "zebra"}}})
	}
	best := add(&contact.Contact{FirstName: "Zebra", LastName: "Last"})
	if got := search("zebra", 1); !slices.Equal(got, []int64{best}) {
		t.Errorf("search zebra --limit 1 = %v, want [%d]", got, best)
	}
}

// Filter.Skip leaves the skipped parts empty and reads the others.
func TestFindContactsSkipsParts(t *testing.T) {
	ctx := context.Background()
	db := openAs(t, filepath.Join(t.TempDir(), "skip.db"), "alice", newClock())
	c := fullContact()
	if err := db.CreateContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"", "zyxwvut"} { // a list, and a ranked search
		cs, err := db.FindContacts(ctx, contact.Filter{Query: q, Rank: q != "", Limit: 10, Skip: contact.AllParts &^ (contact.PartPhones | contact.PartTags)})
		if err != nil || len(cs) != 1 {
			t.Fatalf("FindContacts(%q) = %v, %v", q, cs, err)
		}
		got := cs[0]
		if len(got.Phones) != 2 || len(got.Tags) != 2 {
			t.Errorf("FindContacts(%q): phones %v, tags %v; want both read", q, got.Phones, got.Tags)
		}
		if len(got.Emails) != 0 || len(got.Notes) != 0 || len(got.Attributes) != 0 || got.Favorite {
			t.Errorf("FindContacts(%q): emails %v, notes %v, attributes %v, favorite %v; want them skipped", q, got.Emails, got.Notes, got.Attributes, got.Favorite)
		}
	}
}

// TestRankedPagesMatchFullRanking checks that a page of a ranked search,
// answered from the best few hundred matches, is the same slice as the
// whole ranked result: with many ties (a word every contact holds), with
// other conditions that reject most candidates, and with one that rejects
// all but one, which makes the page fall back to ranking every match.
func TestRankedPagesMatchFullRanking(t *testing.T) {
	ctx := context.Background()
	db, all := openGenerated(t, 2000)
	last := all[len(all)-1]
	queries := []string{"example", "ma", "maria", "example type:lead", "example -type:lead", "example level:tertiary type:customer",
		"example id:" + strconv.FormatInt(last.ID, 10), "ma has:notes", "zzzz", "555", "ma 555", "415 example"}
	// The largest ints (a script's "all") once overflowed into a panic.
	pages := []struct{ limit, offset int }{{1, 0}, {10, 0}, {50, 0}, {25, 100}, {7, 1990}, {3, 5000},
		{math.MaxInt, 0}, {math.MaxInt, 1}, {1, math.MaxInt}, {math.MaxInt, math.MaxInt}}
	for _, q := range queries {
		whole, err := db.FindContacts(ctx, contact.Filter{Query: q, Rank: true})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		for _, p := range pages {
			got, err := db.FindContacts(ctx, contact.Filter{Query: q, Rank: true, Limit: p.limit, Offset: p.offset})
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			from := min(p.offset, len(whole))
			want := whole[from : from+min(p.limit, len(whole)-from)]
			if !slices.Equal(idsInOrder(got), idsInOrder(want)) {
				t.Errorf("%q (%d matches), limit %d offset %d: got %v, want %v", q, len(whole), p.limit, p.offset, idsInOrder(got), idsInOrder(want))
			}
		}
	}
}

// A page of contacts in ID order reads each part for the whole run of IDs
// at once; another user's private contact inside the run must add nothing
// to the contacts around it.
func TestRunOfIDsLeavesOutOthersPrivateContacts(t *testing.T) {
	ctx := context.Background()
	_, alice, bob := aliceAndBob(t)
	for i := 0; i < 6; i++ {
		db, vis, name := alice, contact.Public, fmt.Sprintf("Public%d", i)
		if i == 3 {
			db, vis, name = bob, contact.Private, "Secret"
		}
		c := &contact.Contact{FirstName: name, Visibility: vis, Tags: []string{strings.ToLower(name)},
			Phones: []contact.Phone{{Number: fmt.Sprintf("+1415555010%d", i)}}, Emails: []contact.Email{{Address: strings.ToLower(name) + "@example.com"}},
			Notes: []contact.Note{{Text: "note of " + name}}, Attributes: map[string]string{"who": name}}
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	var seen []*contact.Contact
	if err := alice.EachContact(ctx, contact.Filter{}, 100, func(cs []*contact.Contact) error { seen = append(seen, cs...); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 5 {
		t.Fatalf("alice sees %d contacts, want 5", len(seen))
	}
	for _, c := range seen {
		text := fmt.Sprint(c.Phones, c.Emails, c.Notes, c.Attributes, c.Tags)
		if strings.Contains(strings.ToLower(text), "secret") || strings.Contains(text, "4155550103") {
			t.Errorf("%s holds parts of bob's private contact: %s", c.Name, text)
		}
		if len(c.Phones) != 1 || len(c.Emails) != 1 || len(c.Notes) != 1 || len(c.Tags) != 1 || c.Attributes["who"] != c.FirstName {
			t.Errorf("%s: phones %v emails %v notes %v tags %v attributes %v; want one of each, its own", c.Name, c.Phones, c.Emails, c.Notes, c.Tags, c.Attributes)
		}
	}
}

// Long lists and many terms (a script's id: list of a thousand IDs) are
// answered, not refused by SQLite's limit on expression depth.
func TestLongQueries(t *testing.T) {
	ctx := context.Background()
	db, all := openGenerated(t, 300)
	ids := make([]string, 0, 1500)
	for i := 1; i <= 1500; i++ {
		ids = append(ids, strconv.Itoa(i))
	}
	var neg []string
	for i := 0; i < 600; i++ { // 1,200 terms
		neg = append(neg, fmt.Sprintf("-tag:none%d -nosuchword%d", i, i))
	}
	for _, q := range []string{"id:" + strings.Join(ids, ","), "tag:" + strings.Join(ids, ","), strings.Join(neg, " ")} {
		// The whole list, and a page (which walks the name index and
		// checks the conditions on tags one contact at a time).
		for _, limit := range []int{0, 50} {
			got, err := db.FindContacts(ctx, contact.Filter{Query: q, Limit: limit})
			if err != nil {
				t.Fatalf("%.40s..., limit %d: %v", q, limit, err)
			}
			if strings.HasPrefix(q, "tag:") {
				continue
			}
			want := len(all)
			if limit > 0 {
				want = min(want, limit)
			}
			if len(got) != want {
				t.Errorf("%.40s..., limit %d: %d contacts, want %d", q, limit, len(got), want)
			}
		}
	}
}

// A tag: list of any length is one condition, found fast, beyond SQLite's
// 32,766 parameters; a query of more conditions than MaxQueryTerms (a
// script's 5,000 negated words) is refused naming the limit, instead of
// taking gigabytes to compile.
func TestQueryBounded(t *testing.T) {
	ctx := context.Background()
	db := openAs(t, filepath.Join(t.TempDir(), "rolo.db"), "alice", newClock())
	if err := db.CreateContact(ctx, &contact.Contact{FirstName: "Ada", Tags: []string{"T39999"}}); err != nil {
		t.Fatal(err)
	}
	tags := make([]string, 40000)
	for i := range tags {
		tags[i] = fmt.Sprintf("t%d", i)
	}
	got, err := db.FindContacts(ctx, contact.Filter{Query: "tag:" + strings.Join(tags, ",")})
	if err != nil || len(got) != 1 {
		t.Fatalf("tag: list of 40,000: %d contacts, %v; want Ada", len(got), err)
	}
	if got, err := db.FindContacts(ctx, contact.Filter{Query: "-tag:" + strings.Join(tags, ",")}); err != nil || len(got) != 0 {
		t.Errorf("-tag: list of 40,000: %d contacts, %v; want none", len(got), err)
	}
	// Terms within the bound that each list many days bind them as one
	// parameter each, not one a day (67,000 in all, over SQLite's limit).
	var days []string
	for n := 0; n <= 366; n++ {
		days = append(days, fmt.Sprintf("-birthday:next-%dd", n))
	}
	if got, err := db.FindContacts(ctx, contact.Filter{Query: strings.Join(days, " ")}); err != nil || len(got) != 1 {
		t.Errorf("367 birthday:next-Nd terms: %d contacts, %v; want Ada", len(got), err)
	}
	words := make([]string, sqlite.MaxQueryTerms+1)
	for i := range words {
		words[i] = fmt.Sprintf("-w%d", i)
	}
	_, err = db.FindContacts(ctx, contact.Filter{Query: strings.Join(words, " ")})
	if want := "query: too many terms (2001; at most 2000 words, qualifiers and comma-separated values, a phone number counting 3 and a phone: value 2, an id: list and the ASCII values of a tag: list once)"; contact.ErrorCode(err) != contact.EINVALID || err.Error() != want {
		t.Errorf("2,001 words: %v, want %q", err, want)
	}
	// A tag with other letters is a condition of its own.
	accented := make([]string, sqlite.MaxQueryTerms)
	for i := range accented {
		accented[i] = fmt.Sprintf("é%d", i)
	}
	_, err = db.FindContacts(ctx, contact.Filter{Query: "tag:" + strings.Join(accented, ",")})
	if want := "query: too many terms (2001; "; contact.ErrorCode(err) != contact.EINVALID || !strings.HasPrefix(fmt.Sprint(err), want) {
		t.Errorf("tag: list of 2,000 accented values: %v, want %q...", err, want)
	}
}

// An attribute value longer than any a contact holds (a script's 50 KB
// argument) finds no one, and its negation everyone, rather than SQLite's
// "LIKE or GLOB pattern too complex" (exit 1); % and _ are as long.
func TestQueryLongAttributeValue(t *testing.T) {
	ctx := context.Background()
	db := openAs(t, filepath.Join(t.TempDir(), "rolo.db"), "alice", newClock())
	long := strings.Repeat("%", contact.MaxFieldLen)
	if err := db.CreateContact(ctx, &contact.Contact{FirstName: "Ada", Attributes: map[string]string{"code": long}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"attr.code:" + long, 1},
		{"attr.code:" + long + "%", 0},
		{"attr.code:" + strings.Repeat("a", 50001), 0},
		{"-attr.code:" + strings.Repeat("_", 30000), 1},
		{"attr.code:x," + strings.Repeat("_", 30000) + ",%", 1},
	} {
		got, err := db.FindContacts(ctx, contact.Filter{Query: tc.query})
		if err != nil || len(got) != tc.want {
			t.Errorf("%.20s... (%d bytes): %d contacts, %v; want %d", tc.query, len(tc.query), len(got), err, tc.want)
		}
	}
}

// Each word of a quoted phrase counts against MaxQueryTerms, as it is
// looked for on its own where names are searched: a phrase of 30,000
// words took 18 s and 330 MB. A number written in groups is still one.
func TestQueryCountsPhraseWords(t *testing.T) {
	ctx := context.Background()
	db := openAs(t, filepath.Join(t.TempDir(), "rolo.db"), "alice", newClock())
	ada := &contact.Contact{FirstName: "Ada", Phones: []contact.Phone{{Number: "+44 20 7946 0958"}}}
	if err := db.CreateContact(ctx, ada); err != nil {
		t.Fatal(err)
	}
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("a ", n)) }
	for _, tc := range []struct {
		query string
		cost  int // 0: accepted, finding Ada
	}{
		{`"` + words(2000) + `"`, 0},
		{`"` + words(2001) + `"`, 2001},
		{`name:"` + words(1000) + `" "` + words(1000) + ` b"`, 2001},
		{`field:first="` + words(2001) + `"`, 2001},
		{`company:"` + words(30000) + `"`, 30000},
		{`+44 20 7946 0958 "` + words(1997) + `"`, 0},
	} {
		got, err := db.FindContacts(ctx, contact.Filter{Query: tc.query})
		if tc.cost == 0 {
			if err != nil || len(got) != 1 {
				t.Errorf("%.30s... (%d bytes): %d contacts, %v; want Ada", tc.query, len(tc.query), len(got), err)
			}
			continue
		}
		want := fmt.Sprintf("query: too many terms (%d; ", tc.cost)
		if contact.ErrorCode(err) != contact.EINVALID || !strings.HasPrefix(fmt.Sprint(err), want) {
			t.Errorf("%.30s... (%d bytes): %v, want %q...", tc.query, len(tc.query), err, want)
		}
	}
}

// A phone number is looked for three ways (its digits, its text, its
// international form) and a phone: value two: they count so, not once,
// against MaxQueryTerms (2,000 numbers took 645 MB and 10 s). A repeated
// term or phone: value is one, and an id: list is one condition of any
// length, beyond SQLite's 32,766 parameters.
func TestQueryCountsWhatIsCompiled(t *testing.T) {
	ctx := context.Background()
	db := openAs(t, filepath.Join(t.TempDir(), "rolo.db"), "alice", newClock())
	ada := &contact.Contact{FirstName: "Ada", Phones: []contact.Phone{{Number: "+1 415 555 0100"}}}
	if err := db.CreateContact(ctx, ada); err != nil {
		t.Fatal(err)
	}
	// Numbers no one has, each its own: +1 415 555 1000, 1001...
	numbers := func(n int, sep string) string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("-%d", 14155551000+i)
			if sep == "," {
				out[i] = out[i][1:]
			}
		}
		return strings.Join(out, sep)
	}
	for _, tc := range []struct {
		query string
		cost  int // 0: accepted
	}{
		{numbers(666, " "), 0},
		{numbers(667, " "), 2001},
		{numbers(666, " ") + " -bob -cy", 0},
		{numbers(666, " ") + " -bob -cy -dee", 2001},
		{"-phone:" + numbers(1000, ","), 0},
		{"-phone:" + numbers(1001, ","), 2002},
		{"-phone:" + numbers(999, ",") + " -bob -cy", 0},
		{"-phone:" + numbers(999, ",") + " -bob -cy -dee", 2001},
	} {
		got, err := db.FindContacts(ctx, contact.Filter{Query: tc.query})
		if tc.cost == 0 {
			if err != nil || len(got) != 1 {
				t.Errorf("%.30s... (%d terms): %d contacts, %v; want Ada", tc.query, len(strings.Fields(tc.query)), len(got), err)
			}
			continue
		}
		want := fmt.Sprintf("query: too many terms (%d; ", tc.cost)
		if contact.ErrorCode(err) != contact.EINVALID || !strings.HasPrefix(fmt.Sprint(err), want) {
			t.Errorf("%.30s... (%d terms): %v, want %q...", tc.query, len(strings.Fields(tc.query)), err, want)
		}
	}
	// A term and its negation are two terms, not a repeat: they find no one.
	if got, err := db.FindContacts(ctx, contact.Filter{Query: "4155550100 -4155550100"}); err != nil || len(got) != 0 {
		t.Errorf("a number and its negation: %d contacts, %v; want none", len(got), err)
	}
	// The same number 2,000 times, in words or a phone: list, is one.
	for _, q := range []string{strings.Repeat("4155550100 ", 2000), "phone:" + strings.Repeat("4155550100,", 1999) + "4155550100"} {
		if got, err := db.FindContacts(ctx, contact.Filter{Query: q}); err != nil || len(got) != 1 {
			t.Errorf("%.30s... 2,000 times: %d contacts, %v; want Ada", q, len(got), err)
		}
	}
	ids := make([]string, 50000)
	for i := range ids {
		ids[i] = strconv.Itoa(i + 1)
	}
	if got, err := db.FindContacts(ctx, contact.Filter{Query: "id:" + strings.Join(ids, ",")}); err != nil || len(got) != 1 {
		t.Errorf("id: list of 50,000: %d contacts, %v; want Ada", len(got), err)
	}
	if got, err := db.FindContacts(ctx, contact.Filter{Query: "-id:" + strings.Join(ids[1:], ",")}); err != nil || len(got) != 1 {
		t.Errorf("-id: list of 49,999 without Ada's: %d contacts, %v; want Ada", len(got), err)
	}
}

// IDPrefix finds every ID whose digits start with it, whatever its length
// (completion of an ID) and no other (13 is not of 12), and a prefix near
// the largest ID is no overflow.
func TestFindContactsByIDPrefix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolo.db")
	db := openAs(t, path, "alice", newClock())
	ctx := context.Background()
	for _, name := range []string{"A", "B", "C", "D", "E"} {
		if err := db.CreateContact(ctx, &contact.Contact{FirstName: name}); err != nil {
			t.Fatal(err)
		}
	}
	raw := rawDB(t, path)
	raw.SetMaxOpenConns(1) // one connection, on which foreign keys are off
	if _, err := raw.Exec(`PRAGMA foreign_keys = OFF`); err != nil {
		t.Fatal(err)
	}
	for old, id := range map[int]int64{1: 12, 2: 120, 3: 1205999, 4: 21, 5: 13} {
		if _, err := raw.Exec(`UPDATE contacts SET id = ? WHERE id = ?`, id, old); err != nil {
			t.Fatal(err)
		}
	}
	for prefix, want := range map[int64][]int64{12: {12, 120, 1205999}, 13: {13}, 1: {12, 13, 120, 1205999}, 2: {21}, 1205: {1205999}, 3: nil, math.MaxInt64: nil} {
		cs, err := db.FindContacts(ctx, contact.Filter{IDPrefix: prefix, Sort: []string{"id"}})
		if err != nil {
			t.Fatalf("prefix %d: %v", prefix, err)
		}
		var got []int64
		for _, c := range cs {
			got = append(got, c.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("prefix %d: %v, want %v", prefix, got, want)
		}
	}
}

// A query's age counts days in UTC, not in the zone now carries: in
// London, across the change to summer time (2026-03-29 01:00 UTC),
// created:<1d reaches back 24 hours.
func TestParseAgeCountsDaysInUTC(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 29, 12, 30, 0, 0, london) // 11:30Z
	for _, tc := range []struct{ age, want string }{
		{"1d", "2026-03-28T11:30:00Z"},
		{"1w", "2026-03-22T11:30:00Z"},
		{"1mo", "2026-02-28T11:30:00Z"},
		{"1y", "2025-03-29T11:30:00Z"},
	} {
		at, ok := sqlite.ParseAge(tc.age, now)
		if got := at.UTC().Format(time.RFC3339); !ok || got != tc.want {
			t.Errorf("ParseAge(%s) at %s = %s, %v; want %s", tc.age, now, got, ok, tc.want)
		}
	}
}
