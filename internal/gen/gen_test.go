package gen

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/rolo-cli/rolo/internal/contact"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := Generate(42, 3000), Generate(42, 3000)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("Generate(42, 3000) gave different datasets on two calls")
	}
	var streamed []*contact.Contact
	Contacts(42, 3000, func(c *contact.Contact) bool {
		streamed = append(streamed, c)
		return true
	})
	if !reflect.DeepEqual(a.Contacts, streamed) {
		t.Fatal("Contacts(42, 3000) streamed other contacts than Generate(42, 3000)")
	}
	// A prefix of a bigger dataset is the smaller dataset.
	if big := Generate(42, 5000); !reflect.DeepEqual(a.Contacts, big.Contacts[:3000]) {
		t.Fatal("the first 3000 contacts of Generate(42, 5000) differ from Generate(42, 3000)")
	}
	if c := Generate(43, 3000); reflect.DeepEqual(a.Contacts, c.Contacts) {
		t.Fatal("seeds 42 and 43 gave the same contacts")
	}
}

func TestContactsStopsWhenYieldReturnsFalse(t *testing.T) {
	n := 0
	Contacts(1, 100, func(*contact.Contact) bool {
		n++
		return n < 10
	})
	if n != 10 {
		t.Fatalf("yield called %d times after returning false at 10", n)
	}
}

// TestContactsAreValidAndVaried normalizes every contact as the store does,
// and checks that the mix is what benchmarks and tests rely on.
func TestContactsAreValidAndVaried(t *testing.T) {
	const n = 20000
	ds := Generate(7, n)
	if len(ds.Contacts) != n {
		t.Fatalf("got %d contacts, want %d", len(ds.Contacts), n)
	}
	nonASCII, withPhone, withEmail, withAddress, withNotes, withAttrs, withBirthday := 0, 0, 0, 0, 0, 0, 0
	callingCodes := map[string]bool{}
	countries := map[string]bool{}
	usFormats := map[string]bool{}
	for i, c := range ds.Contacts {
		norm := c.Clone()
		if err := contact.Normalize(norm, "US"); err != nil {
			t.Fatalf("contact %d (%+v) does not normalize: %v", i, c, err)
		}
		if len(norm.Phones) != len(c.Phones) || len(norm.Emails) != len(c.Emails) {
			t.Fatalf("contact %d has a repeated phone or email: %+v", i, c)
		}
		if !isASCII(c.FirstName + c.LastName) {
			nonASCII++
		}
		if len(c.Phones) > 0 {
			withPhone++
		}
		if len(c.Emails) > 0 {
			withEmail++
		}
		if len(c.Addresses) > 0 {
			withAddress++
		}
		if len(c.Notes) > 0 {
			withNotes++
		}
		if len(c.Attributes) > 0 {
			withAttrs++
		}
		if c.Birthday != "" {
			withBirthday++
		}
		for k, p := range norm.Phones {
			cc := p.E164[:3]
			callingCodes[cc] = true
			if strings.HasPrefix(p.E164, "+1") {
				usFormats[shape(c.Phones[k].Number)] = true
			} else if !strings.HasPrefix(c.Phones[k].Number, "+") {
				t.Errorf("contact %d: non-NANP number %q has no +, so it would not read the same in every region", i, c.Phones[k].Number)
			}
		}
		for _, a := range norm.Addresses {
			countries[a.Country] = true
		}
	}
	pct := func(k int) float64 { return float64(k) * 100 / n }
	t.Logf("non-ASCII names %.1f%%, phone %.1f%%, email %.1f%%, address %.1f%%, notes %.1f%%, attributes %.1f%%, birthday %.1f%%; %d calling codes, %d countries, %d US formats",
		pct(nonASCII), pct(withPhone), pct(withEmail), pct(withAddress), pct(withNotes), pct(withAttrs), pct(withBirthday), len(callingCodes), len(countries), len(usFormats))
	if p := pct(nonASCII); p < 6 || p > 14 {
		t.Errorf("%.1f%% of names are not ASCII, want about 10%%", p)
	}
	for what, p := range map[string]float64{"phone": pct(withPhone), "email": pct(withEmail), "address": pct(withAddress),
		"notes": pct(withNotes), "attributes": pct(withAttrs), "birthday": pct(withBirthday)} {
		if p < 5 || p > 99 {
			t.Errorf("%.1f%% of contacts have %s: the mix is off", p, what)
		}
	}
	if len(callingCodes) < 10 {
		t.Errorf("phones come from %d calling codes, want at least 10", len(callingCodes))
	}
	if len(countries) < 10 {
		t.Errorf("addresses are in %d countries, want at least 10", len(countries))
	}
	if len(usFormats) < 6 {
		t.Errorf("US numbers are written %d ways (%v), want at least 6", len(usFormats), usFormats)
	}
}

// TestDuplicatesGroundTruth checks each known pair against its kind, and
// that no other two contacts share a phone number or an email address.
func TestDuplicatesGroundTruth(t *testing.T) {
	const n = 20000
	ds := Generate(11, n)
	if len(ds.Duplicates) != len(ds.DuplicateKinds) {
		t.Fatalf("%d pairs but %d kinds", len(ds.Duplicates), len(ds.DuplicateKinds))
	}
	if rate := float64(len(ds.Duplicates)) / n; rate < DuplicateRate*0.7 || rate > DuplicateRate*1.3 {
		t.Errorf("%d known duplicates in %d contacts, want about %.0f%%", len(ds.Duplicates), n, DuplicateRate*100)
	}
	norm := make([]*contact.Contact, n)
	for i, c := range ds.Contacts {
		norm[i] = c.Clone()
		if err := contact.Normalize(norm[i], "US"); err != nil {
			t.Fatal(err)
		}
	}
	inPair := map[int]bool{}
	byKind := map[Kind]int{}
	for k, pair := range ds.Duplicates {
		i, j := pair[0], pair[1]
		if i >= j || i < 0 || j >= n {
			t.Fatalf("pair %v is not {earlier, later} indexes", pair)
		}
		if inPair[i] || inPair[j] {
			t.Fatalf("contact of pair %v is in another pair too", pair)
		}
		inPair[i], inPair[j] = true, true
		kind := ds.DuplicateKinds[k]
		byKind[kind]++
		o, d := ds.Contacts[i], ds.Contacts[j]
		no, nd := norm[i], norm[j]
		if !sharesKey(no, nd) {
			t.Errorf("%s pair %v shares no phone or email:\n  %+v\n  %+v", kind, pair, o, d)
		}
		if o.Company != d.Company {
			t.Errorf("%s pair %v: company %q vs %q", kind, pair, o.Company, d.Company)
		}
		switch kind {
		case PhoneFormat:
			if d.Phones[0].Number == o.Phones[0].Number || nd.Phones[0].E164 != no.Phones[0].E164 {
				t.Errorf("phone-format pair %v: %q (%s) vs %q (%s)", pair, o.Phones[0].Number, no.Phones[0].E164, d.Phones[0].Number, nd.Phones[0].E164)
			}
			sameName(t, pair, o, d)
		case EmailCase:
			if d.Emails[0].Address == o.Emails[0].Address || nd.Emails[0].Address != no.Emails[0].Address {
				t.Errorf("email-case pair %v: %q vs %q", pair, o.Emails[0].Address, d.Emails[0].Address)
			}
			sameName(t, pair, o, d)
		case Nickname:
			if nicknameOf(o.FirstName) != d.FirstName || o.LastName != d.LastName {
				t.Errorf("nickname pair %v: %q %q vs %q %q", pair, o.FirstName, o.LastName, d.FirstName, d.LastName)
			}
		case SurnameTypo:
			if o.FirstName != d.FirstName || o.LastName == d.LastName || editDistance(o.LastName, d.LastName) > 2 {
				t.Errorf("surname-typo pair %v: %q %q vs %q %q", pair, o.FirstName, o.LastName, d.FirstName, d.LastName)
			}
		case MissingFirst:
			if o.FirstName == "" || d.FirstName != "" || o.LastName != d.LastName {
				t.Errorf("missing-first pair %v: %q %q vs %q %q", pair, o.FirstName, o.LastName, d.FirstName, d.LastName)
			}
		case SwappedNames:
			if o.FirstName != d.LastName || o.LastName != d.FirstName {
				t.Errorf("swapped-names pair %v: %q %q vs %q %q", pair, o.FirstName, o.LastName, d.FirstName, d.LastName)
			}
		default:
			t.Errorf("pair %v has unknown kind %q", pair, kind)
		}
	}
	for _, kind := range Kinds {
		if byKind[kind] < 20 {
			t.Errorf("only %d %s duplicates in %d contacts", byKind[kind], kind, n)
		}
	}
	t.Logf("%d known duplicates: %v", len(ds.Duplicates), byKind)

	known := map[[2]int]bool{}
	for _, p := range ds.Duplicates {
		known[p] = true
	}
	owner := map[string]int{}
	for i, c := range norm {
		keys := []string{}
		for _, p := range c.Phones {
			keys = append(keys, p.E164)
		}
		for _, e := range c.Emails {
			keys = append(keys, e.Address)
		}
		for _, k := range keys {
			if j, ok := owner[k]; ok && !known[[2]int{j, i}] {
				t.Fatalf("contacts %d and %d share %q but are not a known duplicate", j, i, k)
			}
			owner[k] = i
		}
	}
}

// TestNumberPlans checks that every way a plan writes a number reads back,
// in region US, as the same E.164 number.
func TestNumberPlans(t *testing.T) {
	for _, p := range allPlans {
		for _, prefix := range p.prefixes {
			for _, key := range []uint64{0, 1, 99999, 399999} {
				nsn := p.nsn(prefix, key)
				want := "+" + p.cc + nsn
				for _, f := range p.formats {
					if strings.Count(f, "N") != len(nsn) {
						t.Fatalf("format %q has %d digits, number %s has %d", f, strings.Count(f, "N"), nsn, len(nsn))
					}
					got, err := contact.NormalizePhone(render(f, nsn), "US")
					if err != nil || got != want {
						t.Errorf("%q -> %q, %v; want %s", render(f, nsn), got, err, want)
					}
				}
			}
		}
	}
}

func sameName(t *testing.T, pair [2]int, o, d *contact.Contact) {
	t.Helper()
	if o.FirstName != d.FirstName || o.LastName != d.LastName {
		t.Errorf("pair %v: names differ: %q %q vs %q %q", pair, o.FirstName, o.LastName, d.FirstName, d.LastName)
	}
}

func sharesKey(a, b *contact.Contact) bool {
	for _, p := range a.Phones {
		for _, q := range b.Phones {
			if p.E164 == q.E164 {
				return true
			}
		}
	}
	for _, e := range a.Emails {
		for _, f := range b.Emails {
			if e.Address == f.Address {
				return true
			}
		}
	}
	return false
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// shape replaces digits by N: "(415) 555-0123" -> "(NNN) NNN-NNNN".
func shape(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return 'N'
		}
		return r
	}, s)
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
