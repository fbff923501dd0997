package codec

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	govcard "github.com/emersion/go-vcard"
	"golang.org/x/text/unicode/norm"

	"github.com/rolo-cli/rolo/internal/contact"
)

// tricky values exercise every separator the formats use.
var tricky = []string{"O'Brien", "Müller-Lüdenscheidt", "Smith, Jr.", "a;b", `back\slash`, "quote \"q\"", "x=y", "東京",
	"Ñandú", "tab-free", "comma, semicolon; colon: done", "#hash", "^caret^", "100%"}

func pick1[T any](r *rand.Rand, vs []T) T { return vs[r.IntN(len(vs))] }

// genContact builds a valid contact with every field filled in some way.
func genContact(r *rand.Rand, i int) *contact.Contact {
	tm := func() time.Time {
		return time.Date(2020+r.IntN(5), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), 0, time.UTC)
	}
	c := &contact.Contact{
		ID:          int64(i + 1),
		UID:         fmt.Sprintf("uid-%04d-%x", i, r.Uint32()),
		Prefix:      pick1(r, []string{"", "Dr.", "Ms."}),
		FirstName:   pick1(r, tricky),
		MiddleName:  pick1(r, []string{"", "Ann", "Jo;Jo"}),
		LastName:    pick1(r, tricky),
		Suffix:      pick1(r, []string{"", "Jr.", "III"}),
		Nickname:    pick1(r, []string{"", "Nick, the", "Bo"}),
		Company:     pick1(r, []string{"", "Acme; Inc.", "Initech", "Ünïcode GmbH"}),
		Title:       pick1(r, []string{"", "CTO", "Head of R&D, EMEA"}),
		Department:  pick1(r, []string{"", "Sales", "R;D"}),
		Type:        pick1(r, contact.Types),
		Level:       pick1(r, contact.Levels),
		Birthday:    pick1(r, []string{"", "1980-03-22", "--12-25", "2000-02-29"}),
		Anniversary: pick1(r, []string{"", "2010-06-01", "--01-31"}),
		Language:    pick1(r, []string{"", "en", "fr-CA", "de"}),
		Timezone:    pick1(r, []string{"", "Europe/Paris", "America/New_York", "UTC"}),
		Visibility:  pick1(r, []string{contact.Private, contact.Public}),
		Owner:       pick1(r, []string{"alice", "bob"}),
		Favorite:    r.IntN(2) == 0,
		CreatedAt:   tm(),
		UpdatedAt:   tm(),
		Attributes:  map[string]string{},
	}
	for j := range 1 + r.IntN(3) {
		c.Phones = append(c.Phones, contact.Phone{Label: pick1(r, contact.PhoneLabels),
			Number: fmt.Sprintf("+1 (415) 555-%04d", (r.IntN(10000)+j)%10000)})
	}
	for j := range r.IntN(3) {
		c.Emails = append(c.Emails, contact.Email{Label: pick1(r, contact.EmailLabels), Address: fmt.Sprintf("user%d.%d@example.com", i, j)})
	}
	for range r.IntN(3) {
		c.Addresses = append(c.Addresses, contact.Address{Label: pick1(r, contact.AddressLabels), Street: pick1(r, tricky),
			City: pick1(r, []string{"Paris", "Zürich", "São Paulo"}), State: pick1(r, []string{"", "CA"}),
			Zip: pick1(r, []string{"", "75001"}), Country: pick1(r, []string{"", "FR", "CH", "BR", "US"})})
	}
	for range r.IntN(3) {
		c.Socials = append(c.Socials, contact.Social{Network: pick1(r, []string{"linkedin", "twitter", "telegram"}),
			Handle: pick1(r, []string{"ada-lovelace", "@ada", "https://example.com/u/ada?x=1"})})
	}
	for range r.IntN(3) {
		c.URLs = append(c.URLs, contact.URL{Label: pick1(r, []string{"work", "home", "blog", "x^y", "a,b", `q"q`}),
			URL: pick1(r, []string{"https://example.com", "https://example.org/a?b=c&d=e", "http://x.test/path;p", `https://x.test/a\,b`, `https://x.test/p\nq`})})
	}
	for range r.IntN(4) {
		c.Tags = append(c.Tags, pick1(r, []string{"vip", "gold", "Münchner", "a b", "x;y", "a:::b", "x ::: y"}))
	}
	for range r.IntN(4) {
		c.Attributes[pick1(r, []string{"tier", "account.id", "Source-2", "region"})] = pick1(r, tricky)
	}
	for j := range r.IntN(3) {
		c.Notes = append(c.Notes, contact.Note{ID: int64(100*i + j + 1), Author: pick1(r, []string{"alice", "bob"}),
			Text: pick1(r, []string{"Called; left message.", "line one\nline two", "Tabs\tstay, commas too"}), CreatedAt: tm()})
	}
	for j := range r.IntN(4) {
		c.Interactions = append(c.Interactions, contact.Interaction{ID: int64(100*i + j + 1), ContactID: c.ID,
			User: pick1(r, []string{"alice", "bob"}), Channel: pick1(r, contact.Channels), Direction: pick1(r, []string{contact.Inbound, contact.Outbound}),
			At: tm(), Summary: pick1(r, []string{"", "pricing; \"next\" steps", "line one\nline two", "東京, again"}),
			DurationSeconds: int64(r.IntN(3600)), CreatedAt: tm()})
	}
	if r.IntN(3) == 0 {
		c.SharedWith = []string{"carol", "dave"}
	}
	if r.IntN(3) == 0 {
		b := &contact.Block{Reason: "spam, twice", By: "alice", CreatedAt: tm()}
		if r.IntN(2) == 0 {
			u := tm()
			b.Until = &u
		}
		c.Blocked = b
	}
	if r.IntN(3) == 0 {
		a := tm()
		c.Archived, c.ArchivedAt = true, &a
	}
	if r.IntN(4) == 0 {
		l := tm()
		c.LastActivityAt, c.LastChannel = &l, "sms"
	}
	if r.IntN(3) == 0 {
		c.VCardExtra = "X-PHONETIC-FIRST-NAME:Jon\nitem1.X-ABRELATEDNAMES:Jenny\nitem1.X-ABLabel:_$!<Spouse>!$_\nPHOTO:data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAAD0lEQVQIHQEEAPv/AP///wX+Av4DfRnGAAAAAElFTkSuQmCC" +
			"\nX-CODE:ab  " // a value's trailing spaces are its own
	}
	return c
}

func genContacts(t testing.TB, n int) []*contact.Contact {
	r := rand.New(rand.NewPCG(1, 2))
	var cs []*contact.Contact
	for i := range n {
		c := genContact(r, i)
		if err := contact.Normalize(c, "US"); err != nil {
			t.Fatalf("generated contact %d is invalid: %v", i, err)
		}
		cs = append(cs, c)
	}
	return cs
}

func roundTrip(t *testing.T, format string, cs []*contact.Contact, opts EncodeOptions) []*contact.Contact {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(format, &buf, cs, opts); err != nil {
		t.Fatalf("encode %s: %v", format, err)
	}
	detected, err := Detect("export", buf.Bytes())
	if err != nil {
		t.Fatalf("Detect: %v", err)
	}
	if format == NDJSON || format == JSON {
		if detected != JSON && detected != NDJSON {
			t.Errorf("Detect(%s export) = %s", format, detected)
		}
	} else if detected != format {
		t.Errorf("Detect(%s export) = %s", format, detected)
	}
	d, err := NewDecoder(format, bytes.NewReader(buf.Bytes()), Options{})
	if err != nil {
		t.Fatalf("decoder: %v\n%s", err, buf.String())
	}
	recs, err := DecodeAll(d)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if len(recs) != len(cs) {
		t.Fatalf("%d records, want %d", len(recs), len(cs))
	}
	out := make([]*contact.Contact, len(recs))
	for i, r := range recs {
		if r.Err != nil {
			t.Fatalf("record %d: %v", i+1, r.Err)
		}
		if len(r.Warnings) > 0 {
			t.Errorf("record %d: warnings on rolo's own export: %q", i+1, r.Warnings)
		}
		if err := contact.Normalize(r.Contact, "US"); err != nil {
			t.Fatalf("record %d: %v", i+1, err)
		}
		out[i] = r.Contact
	}
	return out
}

// diffContacts reports the fields that differ.
func diffContacts(t *testing.T, format string, want, got *contact.Contact) {
	t.Helper()
	wv, gv := reflect.ValueOf(*want), reflect.ValueOf(*got)
	for i := 0; i < wv.NumField(); i++ {
		name := wv.Type().Field(i).Name
		w, g := wv.Field(i).Interface(), gv.Field(i).Interface()
		if k := wv.Field(i).Kind(); (k == reflect.Slice || k == reflect.Map) && wv.Field(i).Len() == 0 && gv.Field(i).Len() == 0 {
			continue
		}
		if !reflect.DeepEqual(w, g) {
			t.Errorf("%s: contact %s: %s = %#v, want %#v", format, want.UID, name, g, w)
		}
	}
}

func TestRoundTripLossless(t *testing.T) {
	cs := genContacts(t, 60)
	for _, tc := range []struct {
		format string
		opts   EncodeOptions
	}{{JSON, EncodeOptions{}}, {NDJSON, EncodeOptions{}}, {CSV, EncodeOptions{}},
		{VCard, EncodeOptions{VCardVersion: "3.0"}}, {VCard, EncodeOptions{VCardVersion: "4.0"}}} {
		t.Run(tc.format+tc.opts.VCardVersion, func(t *testing.T) {
			got := roundTrip(t, tc.format, cs, tc.opts)
			for i := range cs {
				want := cs[i].Clone()
				if tc.format == VCard {
					// vCard has no place for a note's or an interaction's
					// database IDs.
					for j := range want.Notes {
						want.Notes[j].ID = 0
					}
					for j := range want.Interactions {
						want.Interactions[j].ID, want.Interactions[j].ContactID = 0, 0
					}
					// Photos go back in the version's own form; compare what they hold.
					got[i].VCardExtra = strings.ReplaceAll(got[i].VCardExtra, "PHOTO;ENCODING=b;TYPE=PNG:", "PHOTO:data:image/png;base64,")
				}
				diffContacts(t, tc.format, want, got[i])
			}
		})
	}
}

// TestRoundTripServices checks what Google and Outlook CSV carry.
func TestRoundTripServices(t *testing.T) {
	cs := genContacts(t, 40)
	for _, format := range []string{Google, Outlook} {
		t.Run(format, func(t *testing.T) {
			got := roundTrip(t, format, cs, EncodeOptions{})
			for i, c := range cs {
				g := got[i]
				for _, f := range []string{"first", "middle", "last", "prefix", "suffix", "company", "title", "department"} {
					fd, _ := contact.LookupField(f)
					if fd.Get(g) != fd.Get(c) {
						t.Errorf("%s %s: %s = %q, want %q", format, c.UID, f, fd.Get(g), fd.Get(c))
					}
				}
				// Outlook's date columns take full dates; a date without a
				// year comes back from the notes, as do the addresses its
				// columns have no room for (two of one label).
				if g.Birthday != c.Birthday || g.Anniversary != c.Anniversary {
					t.Errorf("%s %s: dates %q %q, want %q %q", format, c.UID, g.Birthday, g.Anniversary, c.Birthday, c.Anniversary)
				}
				if format == Google && !reflect.DeepEqual(g.Attributes, c.Attributes) {
					t.Errorf("%s %s: attributes %v, want %v", format, c.UID, g.Attributes, c.Attributes)
				}
				// Outlook separates categories with ";" and writes it in a
				// tag " "; Google writes its separator ":::" in a label ":".
				var wantTags []string
				for _, tag := range c.Tags {
					if format == Google {
						tag = contact.GoogleForm(tag)
					} else if tag = contact.OutlookCategory(tag); tag == "" {
						continue
					}
					wantTags = append(wantTags, tag)
				}
				if !slices.Equal(g.Tags, wantTags) {
					t.Errorf("%s %s: tags %v, want %v", format, c.UID, g.Tags, wantTags)
				}
				if format == Outlook {
					var ga, ca []string
					for _, e := range g.Emails {
						ga = append(ga, e.Address)
					}
					for _, e := range c.Emails {
						ca = append(ca, e.Address)
					}
					if !reflect.DeepEqual(ga, ca) && len(ca) <= 3 {
						t.Errorf("%s %s: emails %v, want %v", format, c.UID, ga, ca)
					}
				} else if !sameSet(emails(g), emails(c)) {
					t.Errorf("%s %s: emails %v, want %v", format, c.UID, emails(g), emails(c))
				}
				if format == Outlook && !sameSet(addresses(g), addresses(c)) {
					t.Errorf("%s %s: addresses %v, want %v", format, c.UID, addresses(g), addresses(c))
				}
				if format == Google && !sameSet(phones(g), phones(c)) {
					t.Errorf("%s %s: phones %v, want %v", format, c.UID, phones(g), phones(c))
				}
				// A web address's label is any word; Google's Website slots
				// say it (blog, not Other).
				if format == Google && !sameSet(urls(g), urls(c)) {
					t.Errorf("%s %s: urls %v, want %v", format, c.UID, urls(g), urls(c))
				}
				if format == Outlook && !strings.Contains(notesText(g), "E-mail") && len(c.Emails) > 3 {
					t.Errorf("%s %s: emails beyond the third are not in the notes", format, c.UID)
				}
			}
		})
	}
}

// TestGoogleURLLabels checks that a web address keeps its label through
// Google's CSV: a row's Website slots say its own labels (Google's Blog,
// a label of yours), and the labels past the three slots share the last,
// value by value; every one was written as Other.
func TestGoogleURLLabels(t *testing.T) {
	few := &contact.Contact{FirstName: "Ada", URLs: []contact.URL{{Label: "blog", URL: "https://b.example"},
		{Label: "portfolio", URL: "https://p.example"}, {Label: "blog", URL: "https://b2.example"}}}
	many := &contact.Contact{FirstName: "Bo", URLs: []contact.URL{{Label: "blog", URL: "https://b.example"},
		{Label: "work", URL: "https://w.example"}, {Label: "profile", URL: "https://p.example"},
		{Label: "other", URL: "https://o.example"}, {Label: "home", URL: "https://h.example"}, {Label: "x-y", URL: "https://x.example"}}}
	for _, c := range []*contact.Contact{few, many} {
		if err := contact.Normalize(c, "US"); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := Encode(Google, &buf, []*contact.Contact{few}, EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := ",blog,https://b.example ::: https://b2.example,portfolio,https://p.example,,,"; !strings.Contains(buf.String(), want) {
		t.Errorf("Google row of Ada lacks %q:\n%s", want, buf.String())
	}
	got := roundTrip(t, Google, []*contact.Contact{few, many}, EncodeOptions{})
	for i, c := range []*contact.Contact{few, many} {
		if !sameSet(urls(got[i]), urls(c)) {
			t.Errorf("%s: urls %v, want %v", c.FirstName, urls(got[i]), urls(c))
		}
	}
}

func emails(c *contact.Contact) []string {
	var out []string
	for _, e := range c.Emails {
		out = append(out, e.Label+":"+e.Address)
	}
	return out
}

func addresses(c *contact.Contact) []string {
	var out []string
	for _, a := range c.Addresses {
		out = append(out, contact.FormatAddress(a))
	}
	return out
}

func urls(c *contact.Contact) []string {
	var out []string
	for _, u := range c.URLs {
		out = append(out, u.Label+":"+u.URL)
	}
	return out
}

func phones(c *contact.Contact) []string {
	var out []string
	for _, p := range c.Phones {
		out = append(out, p.Label+":"+p.E164)
	}
	return out
}

func notesText(c *contact.Contact) string {
	var b strings.Builder
	for _, n := range c.Notes {
		b.WriteString(n.Text)
	}
	return b.String()
}

func sameSet(a, b []string) bool {
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	return reflect.DeepEqual(a, b) || (len(a) == 0 && len(b) == 0)
}

// Google's and Outlook's one Notes cell holds all of a contact's notes
// (Outlook's also a paragraph of its attributes), which may be longer
// than a note together: read back, it is notes within the limit, apart at
// the blank lines between them.
func TestServicesLongNotes(t *testing.T) {
	a, b := strings.Repeat("a", 600000), strings.Repeat("b", 600000)
	full := strings.Repeat("c", contact.MaxNoteLen)
	for _, format := range []string{Google, Outlook} {
		cs := []*contact.Contact{
			{FirstName: "Two", Notes: []contact.Note{{Text: a}, {Text: b}}},
			{FirstName: "One", Notes: []contact.Note{{Text: full}}, Attributes: map[string]string{"k": "v"}},
		}
		got := roundTrip(t, format, cs, EncodeOptions{})
		if n := notesOf(got[0]); !slices.Equal(n, []string{a, b}) {
			t.Errorf("%s: two notes of 600 KB came back as notes of %v bytes", format, lens(n))
		}
		want := []string{full}
		if format == Outlook {
			want = append(want, "k: v")
		}
		if n := notesOf(got[1]); !slices.Equal(n, want) {
			t.Errorf("%s: a note of 1 MiB and an attribute came back as notes of %v bytes", format, lens(n))
		}
	}
}

func notesOf(c *contact.Contact) []string {
	var out []string
	for _, n := range c.Notes {
		out = append(out, n.Text)
	}
	return out
}

func lens(ss []string) []int {
	var out []int
	for _, s := range ss {
		out = append(out, len(s))
	}
	return out
}

// TestVCardExportIsStandard checks the vCard export with another parser
// (github.com/emersion/go-vcard) and the RFC line rules: CRLF, lines of at
// most 75 octets.
func TestVCardExportIsStandard(t *testing.T) {
	cs := genContacts(t, 30)
	for _, v := range []string{"3.0", "4.0"} {
		var buf bytes.Buffer
		if err := Encode(VCard, &buf, cs, EncodeOptions{VCardVersion: v}); err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(strings.TrimSuffix(buf.String(), "\r\n"), "\r\n") {
			if len(l) > 75 {
				t.Fatalf("%s: line %d is %d octets: %q", v, i+1, len(l), l)
			}
			if strings.ContainsAny(l, "\r\n") {
				t.Fatalf("%s: line %d has a bare line break", v, i+1)
			}
		}
		dec := govcard.NewDecoder(&buf)
		for i, c := range cs {
			card, err := dec.Decode()
			if err != nil {
				t.Fatalf("%s: go-vcard cannot read card %d: %v", v, i+1, err)
			}
			if got := card.Value(govcard.FieldVersion); got != v {
				t.Errorf("VERSION = %q, want %s", got, v)
			}
			if got := card.Value(govcard.FieldUID); got != c.UID {
				t.Errorf("%s: UID = %q, want %q", v, got, c.UID)
			}
			if len(card[govcard.FieldTelephone]) != len(c.Phones) || len(card[govcard.FieldEmail]) != len(c.Emails) {
				t.Errorf("%s: card %d: %d TEL %d EMAIL, want %d %d", v, i+1, len(card[govcard.FieldTelephone]),
					len(card[govcard.FieldEmail]), len(c.Phones), len(c.Emails))
			}
			for j, e := range card[govcard.FieldEmail] {
				if e.Value != c.Emails[j].Address {
					t.Errorf("%s: EMAIL %q, want %q", v, e.Value, c.Emails[j].Address)
				}
			}
		}
	}
}

// TestVCardBinaryForms checks that a photo read from one version is written
// in the form of the version exported.
func TestVCardBinaryForms(t *testing.T) {
	in := "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;Jane\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ\r\n\r\nPHOTO;VALUE=URL:http://example.com/p.jpg\r\nEND:VCARD\r\n"
	c := decodeOneCard(t, in).Contact
	for v, want := range map[string][]string{
		"3.0": {"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ", "PHOTO;VALUE=uri:http://example.com/p.jpg"},
		"4.0": {"PHOTO:data:image/jpeg;base64,/9j/4AAQ", "PHOTO;VALUE=uri:http://example.com/p.jpg"},
	} {
		var buf bytes.Buffer
		if err := Encode(VCard, &buf, []*contact.Contact{c}, EncodeOptions{VCardVersion: v}); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(buf.String(), w+"\r\n") {
				t.Errorf("vCard %s export lacks %q:\n%s", v, w, buf.String())
			}
		}
	}
}

// A photo kept in 3.0's form (ENCODING=b, as a vcard_extra given in JSON
// or CSV may hold it) is written in the form of the version exported too,
// as one kept as a data: URI is, so that the export is the same before
// and after a vCard round trip stores it as a URI; it went into 4.0 cards
// as it was. A 4.0 KEY's TYPE beside a data: URI (TYPE=PGP) is kept.
func TestVCardBinaryFormsOfAnyStoredForm(t *testing.T) {
	stored := &contact.Contact{FirstName: "P", VCardExtra: "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\nitem1.LOGO;ENCODING=B;TYPE=PNG;X-A=1:iVBO"}
	if err := contact.Normalize(stored, "US"); err != nil {
		t.Fatal(err)
	}
	for v, want := range map[string][]string{
		"3.0": {"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ", "item1.LOGO;ENCODING=b;TYPE=PNG;X-A=1:iVBO"},
		"4.0": {"PHOTO:data:image/jpeg;base64,/9j/4AAQ", "item1.LOGO;X-A=1:data:image/png;base64,iVBO"},
	} {
		var a, b bytes.Buffer
		if err := Encode(VCard, &a, []*contact.Contact{stored}, EncodeOptions{VCardVersion: v}); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(a.String(), w+"\r\n") {
				t.Errorf("vCard %s export lacks %q:\n%s", v, w, a.String())
			}
		}
		back := decodeOneCard(t, a.String()).Contact
		if err := Encode(VCard, &b, []*contact.Contact{back}, EncodeOptions{VCardVersion: v}); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("vCard %s: exported again after a round trip:\n%s\nwas:\n%s", v, b.String(), a.String())
		}
	}
	key := "KEY;TYPE=PGP:data:application/pgp-keys;base64,QUJD"
	c := decodeOneCard(t, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:K\r\nN:;K;;;\r\n"+key+"\r\nEND:VCARD\r\n").Contact
	if c.VCardExtra != key {
		t.Errorf("kept %q, want %q", c.VCardExtra, key)
	}
}

// TestVCardExtraNeverOverrides writes a contact whose kept lines name
// properties rolo writes itself (as a database from before vcard_extra was
// checked may hold): none of them reaches the export, except a second
// value (after rolo's own, or as the card's own where the contact has
// none) and a TZ that is no time zone (an offset).
func TestVCardExtraNeverOverrides(t *testing.T) {
	c := &contact.Contact{FirstName: "Vis", LastName: "Flip", Title: "Boss", Visibility: contact.Private,
		VCardExtra: "X-A:1\nX-ROLO-VISIBILITY:public\nEMAIL:evil@x.example\nitem1.TEL:+15555550100\nEND:VCARD\n" +
			"BEGIN:VCARD\nFN:Injected Card\nTITLE:Second Title\nORG:Smuggled Org\nTZ:Europe/Berlin\nTZ:-05:00\nLANG:de"}
	var buf bytes.Buffer
	if err := Encode(VCard, &buf, []*contact.Contact{c}, EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"public", "evil", "TEL", "Injected"} {
		if strings.Contains(out, bad) {
			t.Errorf("export holds %q:\n%s", bad, out)
		}
	}
	for _, want := range []string{"X-A:1\r\n", "TITLE:Boss\r\n", "TITLE:Second Title\r\n", "TZ:-05:00\r\n", "X-ROLO-VISIBILITY:private\r\n",
		"ORG:Smuggled Org\r\n", "TZ:Europe/Berlin\r\n", "LANG:de\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "BEGIN:VCARD"); n != 1 {
		t.Errorf("%d cards, want 1:\n%s", n, out)
	}
}

// A kept second TITLE, ORG, NICKNAME... of a contact that has none of its
// own (its title unset since the card was imported, or a vcard_extra
// given so in JSON) is written as the card's own, and reads back as that
// field, in both versions; it used to be left out. One the field cannot
// hold (a BDAY that is no date, a TITLE of two lines) is left out, so
// that the card imports. A further one follows it.
func TestVCardKeptSecondValueWithoutOwn(t *testing.T) {
	c := &contact.Contact{FirstName: "Jane", Visibility: contact.Private,
		VCardExtra: `TITLE:Two\nlines` + "\nTITLE:Founder\nTITLE:Chair\nORG:Second Org;Sales\nNICKNAME:JJ\nBDAY:soon\nX-ANNIVERSARY:2001-02-03\n" +
			"ANNIVERSARY:2002-03-04\nLANG;PREF=2:fr\nTZ:Europe/Paris"}
	for _, v := range []string{"3.0", "4.0"} {
		var buf bytes.Buffer
		if err := Encode(VCard, &buf, []*contact.Contact{c}, EncodeOptions{VCardVersion: v}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "BDAY") || strings.Contains(buf.String(), "lines") {
			t.Errorf("%s: a BDAY that is no date, or a TITLE of two lines, is written:\n%s", v, buf.String())
		}
		got := decodeOneCard(t, buf.String()).Contact
		if got.Title != "Founder" || got.Company != "Second Org" || got.Department != "Sales" || got.Nickname != "JJ" ||
			got.Anniversary != "2001-02-03" || got.Language != "fr" || got.Timezone != "Europe/Paris" || got.Birthday != "" {
			t.Errorf("%s: read back as %+v", v, got)
		}
		if want := "TITLE:Chair\nANNIVERSARY:2002-03-04"; got.VCardExtra != want {
			t.Errorf("%s: kept %q, want %q", v, got.VCardExtra, want)
		}
	}
}

// TestVCardUnknownRoloProperty: an X-ROLO-* property rolo does not read
// (a newer version's) is said and dropped, not kept, as vcard_extra never
// holds rolo's own namespace.
func TestVCardUnknownRoloProperty(t *testing.T) {
	in := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nX-ROLO-FUTURE:1\r\nX-OTHER:2\r\nEND:VCARD\r\n"
	rec := decodeOneCard(t, in)
	if c := rec.Contact; c.VCardExtra != "X-OTHER:2" {
		t.Errorf("vcard_extra = %q, want X-OTHER:2", c.VCardExtra)
	}
	if want := "X-ROLO-FUTURE: not a property this version of rolo reads: dropped"; !slices.Contains(rec.Warnings, want) {
		t.Errorf("warnings = %q, want %q", rec.Warnings, want)
	}
}

// TestVCardSocialsAreOwn keeps the decoder's instant-messaging properties
// and the properties vcard_extra may not hold (contact.VCardOwnProperty) in
// step: a kept X-SKYPE would come back as a social on the next import.
func TestVCardSocialsAreOwn(t *testing.T) {
	for k := range imProps {
		if !contact.VCardOwnProperty(k) {
			t.Errorf("%s is read as a social but may be kept in vcard_extra", k)
		}
	}
}

// decodeOneCard decodes in, which must hold one card, and normalizes its
// contact as an import does.
func decodeOneCard(t *testing.T, in string) *Record {
	t.Helper()
	recs, err := DecodeAll(mustDecoder(t, VCard, in, Options{}))
	if err != nil || len(recs) != 1 {
		t.Fatal(recs, err)
	}
	recs[0].Contact = normalized(t, recs[0])
	return recs[0]
}

func mustDecoder(t testing.TB, format, in string, opts Options) Decoder {
	t.Helper()
	d, err := NewDecoder(format, strings.NewReader(in), opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRoundTripLongParameters exports contacts whose parameter lists are
// longer than a line, so that the export folds them before the ":", and
// reads them back: nothing may be lost, the properties around them included.
func TestRoundTripLongParameters(t *testing.T) {
	created := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	until := created.AddDate(0, 0, 7)
	long := &contact.Contact{
		UID: "uid-long-params", FirstName: "Sam", LastName: "Spam", Visibility: contact.Private, Owner: "alice",
		Favorite: true, CreatedAt: created, UpdatedAt: created, Attributes: map[string]string{},
		Phones: []contact.Phone{{Label: "mobile", Number: "+14155550188"}},
		Blocked: &contact.Block{Reason: "Robocalls about car warranty, reported twice to the FTC", By: "alice",
			CreatedAt: created},
		Notes: []contact.Note{{Author: "alice the long-winded administrator of the shared address book",
			Text: "Called; left a message.", CreatedAt: created}},
		URLs: []contact.URL{{Label: "the company blog where they announce their telemarketing campaigns",
			URL: "https://example.com/blog"}},
		Socials: []contact.Social{{Network: "a-network-with-a-very-long-name-that-nobody-ever-heard-of.example",
			Handle: "@sam"}},
		VCardExtra: `item1.X-ABRELATEDNAMES;TYPE=pref,spouse,emergency-contact,next-of-kin,household;LABEL="Spouse and emergency contact, call first":Jenny`,
	}
	long.Attributes["a.very.long.attribute.key.that.fills.the.whole.line.by.itself"] = "x"
	short := long.Clone()
	short.UID, short.FirstName = "uid-long-params-2", "Pat"
	short.Phones = []contact.Phone{{Label: "work", Number: "+14155550199"}}
	short.Blocked = &contact.Block{Reason: "reason, with; stuff", By: "alice", CreatedAt: created, Until: &until}
	cs := []*contact.Contact{long, short}
	for _, c := range cs {
		if err := contact.Normalize(c, "US"); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []string{"3.0", "4.0"} {
		t.Run(v, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Encode(VCard, &buf, cs, EncodeOptions{VCardVersion: v}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), "twice to the \r\n FTC") {
				t.Fatalf("the export no longer folds inside the parameters; this test needs longer ones:\n%s", buf.String())
			}
			// Another reader gets the folded parameters too (go-vcard splits
			// the quoted reason on its comma, folded or not).
			card, err := govcard.NewDecoder(bytes.NewReader(buf.Bytes())).Decode()
			if err != nil {
				t.Fatalf("go-vcard: %v", err)
			}
			f := card.Get("X-ROLO-BLOCKED")
			if f == nil {
				t.Fatalf("go-vcard finds no X-ROLO-BLOCKED")
			}
			if strings.Join(f.Params["REASON"], ",") != long.Blocked.Reason || f.Params.Get("BY") != "alice" || f.Value != "forever" {
				t.Errorf("go-vcard reads X-ROLO-BLOCKED as %q %q", f.Params, f.Value)
			}
			got := roundTrip(t, VCard, cs, EncodeOptions{VCardVersion: v})
			for i := range cs {
				want := cs[i].Clone()
				for j := range want.Notes {
					want.Notes[j].ID = 0
				}
				diffContacts(t, VCard+v, want, got[i])
			}
		})
	}
}

// TestInteractionsBadValues checks that an interaction in rolo's CSV or
// vCard whose time, duration or list cannot be read rejects its record,
// named as the JSON import names it, and that one whose channel is wrong
// reaches validation, which names it the same way. In another program's
// CSV a column "interactions" that holds no JSON list is kept as an
// attribute.
func TestInteractionsBadValues(t *testing.T) {
	card := func(prop string) string {
		return "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ivy Log\r\nN:Log;Ivy;;;\r\n" + prop + "\r\nEND:VCARD\r\n"
	}
	csvRow := func(cell string) string {
		return "first,last,interactions\nIvy,Log," + cell + "\n"
	}
	for _, tc := range []struct {
		format, in, want string
	}{
		{CSV, csvRow(`"[{""channel"":""call"",""direction"":""in"",""at"":""yesterday""}]"`),
			`interactions[0].at: "yesterday" is not an RFC 3339 time`},
		{CSV, csvRow(`"[{""channel"":""call"",""direction"":""in"",""at"":""2026-01-01T00:00:00Z"",""duration_seconds"":""5m""}]"`),
			`interactions[0].duration_seconds: a JSON string where a number is expected`},
		{CSV, csvRow(`"[{""channel"":""call"",""direction"":""in"",""at"":""2026-01-01T00:00:00Z""}, 7]"`),
			`interactions[1]: a JSON number where an object is expected`},
		{CSV, csvRow(`"[{""channel"":""call"""`), `interactions: not a JSON list of interactions`},
		{CSV, csvRow(`called twice`), `interactions: not a JSON list of interactions`},
		{CSV, csvRow(`"{""channel"":""call""}"`), `interactions: not a JSON list of interactions (as rolo export writes them): a JSON object where a list is expected`},
		{VCard, card(`X-ROLO-INTERACTION;CHANNEL=call;DIRECTION=in;AT=yesterday:hi`),
			`interactions[0].at: "yesterday" is not an RFC 3339 time`},
		{VCard, card("X-ROLO-INTERACTION;CHANNEL=call;DIRECTION=in;AT=\"2026-01-01T00:00:00Z\":a\r\nX-ROLO-INTERACTION;CHANNEL=sms;DIRECTION=out;AT=\"2026-01-01T00:00:00Z\";DURATION=5m:b"),
			`interactions[1].duration_seconds: "5m" is not a number of seconds`},
	} {
		recs, err := DecodeAll(mustDecoder(t, tc.format, tc.in, Options{}))
		if err != nil || len(recs) != 1 {
			t.Fatalf("%s %q: %v %v", tc.format, tc.in, recs, err)
		}
		if err := recs[0].Err; err == nil || !strings.Contains(err.Error(), tc.want) || contact.ErrorCode(err) != contact.EINVALID {
			t.Errorf("%s %q: error %v, want %q", tc.format, tc.in, err, tc.want)
		}
	}

	// A channel rolo does not know is read, and refused by validation.
	for format, in := range map[string]string{
		CSV:   csvRow(`"[{""channel"":""fax"",""direction"":""in"",""at"":""2026-01-01T00:00:00Z""}]"`),
		VCard: card(`X-ROLO-INTERACTION;CHANNEL=fax;DIRECTION=in;AT="2026-01-01T00:00:00Z":hi`),
	} {
		recs, err := DecodeAll(mustDecoder(t, format, in, Options{}))
		if err != nil || len(recs) != 1 || recs[0].Err != nil {
			t.Fatalf("%s: %v %v", format, recs, err)
		}
		err = contact.Normalize(recs[0].Contact, "US")
		if err == nil || !strings.Contains(err.Error(), `interactions[0].channel: "fax" must be one of`) {
			t.Errorf("%s: Normalize = %v, want interactions[0].channel named", format, err)
		}
	}

	// Another program's column of that name, holding something else.
	recs, err := DecodeAll(mustDecoder(t, CSV, "First Name,Last Name,Interactions\nIvy,Log,3 calls\n", Options{}))
	if err != nil || len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("%v %v", recs, err)
	}
	if c := recs[0].Contact; len(c.Interactions) != 0 || c.Attributes["interactions"] != "3 calls" || len(recs[0].Warnings) != 1 {
		t.Errorf("interactions %+v, attributes %v, warnings %q", c.Interactions, c.Attributes, recs[0].Warnings)
	}
}

// TestVCardLinksInNFD: a card written in NFD (as macOS writes them) keeps
// its own FN and its custom labels through an import, which stores the
// name parts and values in NFC without invisible characters, and a vCard
// export.
func TestVCardLinksInNFD(t *testing.T) {
	nfd := norm.NFD.String
	in := "BEGIN:VCARD\r\nVERSION:3.0\r\nN:" + nfd("Müller;José") + ";;;\r\nFN:" + nfd("Herr Müller") + "\r\n" +
		"item1.EMAIL:" + nfd("jö\u200bse@example.com") + "\r\nitem1.X-ABLabel:Privat\r\nEND:VCARD\r\n"
	c := decodeOneCard(t, in).Contact
	var out strings.Builder
	if err := Encode(VCard, &out, []*contact.Contact{c}, EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\r\nFN:Herr Müller\r\n", "item1.EMAIL", "item1.X-ABLabel:Privat\r\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("export lacks %q:\n%s", want, out.String())
		}
	}
}

// TestVCardKeptForms: a property kept from one version is written in the
// form of the version exported, and as it was to the same version: a GEO
// (4.0 geo:LAT,LON, 3.0 LAT;LON), a TZ that is a UTC offset (3.0 -05:00,
// 4.0 -0500 with VALUE=utc-offset), which is written though the contact
// has no time zone of its own, a 3.0 LABEL (4.0: the LABEL of an ADR
// without parts) and AGENT (4.0: RELATED;TYPE=agent); a second LANG
// after rolo's own (in 3.0, X-ROLO-LANGUAGE). Read back from that
// export, the card is written to its own version as it came (back, when
// not the line itself).
func TestVCardKeptForms(t *testing.T) {
	for _, tc := range []struct{ in, line, version, want, back string }{
		{"4.0", "GEO;TYPE=work:geo:46.772673,-71.282945", "3.0", "GEO;TYPE=work:46.772673;-71.282945", ""},
		{"4.0", "GEO;TYPE=work:geo:46.772673,-71.282945", "4.0", "GEO;TYPE=work:geo:46.772673,-71.282945", ""},
		{"3.0", "GEO:37.386013;-122.082932", "4.0", "GEO:geo:37.386013,-122.082932", ""},
		{"3.0", "GEO:37.386013;-122.082932", "3.0", "GEO:37.386013;-122.082932", ""},
		{"3.0", "TZ:-05:00", "3.0", "TZ:-05:00", ""},
		{"3.0", "TZ:-05:00", "4.0", "TZ;VALUE=utc-offset:-0500", ""},
		{"4.0", "TZ;VALUE=utc-offset:+0530", "3.0", "TZ:+05:30", ""},
		{"4.0", "TZ;VALUE=utc-offset:+0530", "4.0", "TZ;VALUE=utc-offset:+0530", ""},
		{"4.0", "TZ:-0500", "4.0", "TZ;VALUE=utc-offset:-0500", "TZ;VALUE=utc-offset:-0500"},
		{"3.0", "TZ;VALUE=text:-05:00\\; EST\\; Raleigh/North America", "4.0", "TZ;VALUE=text:-05:00\\; EST\\; Raleigh/North America", ""},
		{"3.0", "LABEL;TYPE=HOME:1 Main St\\nSpringfield\\, IL", "4.0", `ADR;TYPE=HOME;LABEL="1 Main St^nSpringfield, IL":;;;;;;`, ""},
		{"3.0", "LABEL;TYPE=HOME:1 Main St\\nSpringfield\\, IL", "3.0", "LABEL;TYPE=HOME:1 Main St\\nSpringfield\\, IL", ""},
		{"4.0", `ADR;TYPE=home;LABEL="1 Main St^nSpringfield":;;;;;;`, "3.0", "LABEL;TYPE=home:1 Main St\\nSpringfield", ""},
		{"3.0", "AGENT:Jane Assistant", "4.0", "RELATED;TYPE=agent;VALUE=text:Jane Assistant", ""},
		{"3.0", "AGENT:BEGIN:VCARD\\nFN:Jane\\nEND:VCARD", "4.0", "RELATED;TYPE=agent;VALUE=text:BEGIN:VCARD\\nFN:Jane\\nEND:VCARD", ""},
		{"3.0", "AGENT;VALUE=uri:CID:jane@example.com", "4.0", "RELATED;TYPE=agent:CID:jane@example.com", ""},
		{"3.0", "AGENT:Jane Assistant", "3.0", "AGENT:Jane Assistant", ""},
		{"4.0", "RELATED;TYPE=agent:urn:uuid:03a0e51f", "3.0", "AGENT;VALUE=uri:urn:uuid:03a0e51f", ""},
		{"4.0", "RELATED;TYPE=friend:urn:uuid:03a0e51f", "3.0", "RELATED;TYPE=friend:urn:uuid:03a0e51f", ""},
		{"4.0", "LANG;PREF=1:fr\r\nLANG;PREF=2:en", "4.0", "LANG;PREF=2:en", "LANG;PREF=2:en"},
		{"4.0", "LANG;PREF=1:fr\r\nLANG;PREF=2:en", "3.0", "LANG;PREF=2:en", "LANG;PREF=2:en"},
	} {
		export := func(in, v string) string {
			t.Helper()
			var out strings.Builder
			if err := Encode(VCard, &out, []*contact.Contact{decodeOneCard(t, in).Contact}, EncodeOptions{VCardVersion: v}); err != nil {
				t.Fatal(err)
			}
			return out.String()
		}
		out := export("BEGIN:VCARD\r\nVERSION:"+tc.in+"\r\nFN:Ada\r\nN:;Ada;;;\r\n"+tc.line+"\r\nEND:VCARD\r\n", tc.version)
		if !strings.Contains(out, "\r\n"+tc.want+"\r\n") {
			t.Errorf("%s card with %s exported as %s lacks %q:\n%s", tc.in, tc.line, tc.version, tc.want, out)
		}
		if tc.back == "" {
			tc.back = tc.line
		}
		if back := export(out, tc.in); !strings.Contains(back, "\r\n"+tc.back+"\r\n") {
			t.Errorf("%s card with %s, through %s, exported as %s lacks %q:\n%s", tc.in, tc.line, tc.version, tc.in, tc.back, back)
		}
	}
}

// TestVCardGeo21: vCard 2.1 writes a position as LAT,LON (Android,
// Windows Mobile); kept from such a card, it is written in the form of the
// version exported, LAT;LON in 3.0 and a geo: URI in 4.0, which other
// programs read as a position, and reads back as the same.
func TestVCardGeo21(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Ada;\r\nGEO:35.6563854,139.6994233\r\nEND:VCARD\r\n"
	for _, tc := range []struct{ version, want string }{
		{"3.0", "GEO:35.6563854;139.6994233"},
		{"4.0", "GEO:geo:35.6563854,139.6994233"},
	} {
		c := decodeOneCard(t, card).Contact
		var out strings.Builder
		if err := Encode(VCard, &out, []*contact.Contact{c}, EncodeOptions{VCardVersion: tc.version}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "\r\n"+tc.want+"\r\n") {
			t.Errorf("2.1 GEO exported as %s lacks %q:\n%s", tc.version, tc.want, out.String())
		}
		var back strings.Builder
		if err := Encode(VCard, &back, []*contact.Contact{decodeOneCard(t, out.String()).Contact}, EncodeOptions{VCardVersion: tc.version}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(back.String(), "\r\n"+tc.want+"\r\n") {
			t.Errorf("2.1 GEO through %s, exported again, lacks %q:\n%s", tc.version, tc.want, back.String())
		}
	}
}

// TestVCardFNKeptEscaped: the FN of a card, kept because it differs
// from the name parts, may be escaped otherwise than 3.0 and 4.0 escape
// text (2.1 escapes only ";", some 3.0 exporters leave a "," as it is);
// the 3.0 and 4.0 export writes it escaped as those versions say, so that
// another program reads the same name (go-vcard here), and so does rolo.
func TestVCardFNKeptEscaped(t *testing.T) {
	for _, tc := range []struct{ card, fn, want string }{
		{"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Müller;Falk\r\nFN:München, Falk\\; C:\\x\r\nEND:VCARD\r\n",
			`München, Falk; C:\x`, `FN:München\, Falk\; C:\\x`},
		{"BEGIN:VCARD\r\nVERSION:3.0\r\nN:München;Falk;;;\r\nFN:München, Falk\r\nEND:VCARD\r\n",
			`München, Falk`, `FN:München\, Falk`},
	} {
		for _, version := range []string{"3.0", "4.0"} {
			var out strings.Builder
			if err := Encode(VCard, &out, []*contact.Contact{decodeOneCard(t, tc.card).Contact}, EncodeOptions{VCardVersion: version}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "\r\n"+tc.want+"\r\n") {
				t.Errorf("FN %q exported as %s lacks %q:\n%s", tc.fn, version, tc.want, out.String())
			}
			other, err := govcard.NewDecoder(strings.NewReader(out.String())).Decode()
			if err != nil {
				t.Fatal(err)
			}
			// go-vcard leaves "\;" of a text value as it is.
			if got := other.PreferredValue(govcard.FieldFormattedName); got != strings.ReplaceAll(tc.fn, ";", `\;`) {
				t.Errorf("go-vcard reads the %s FN as %q, want %q", version, got, tc.fn)
			}
			var back strings.Builder
			if err := Encode(VCard, &back, []*contact.Contact{decodeOneCard(t, out.String()).Contact}, EncodeOptions{VCardVersion: version}); err != nil {
				t.Fatal(err)
			}
			if back.String() != out.String() {
				t.Errorf("%s export, imported and exported again, differs:\n%s\nwant\n%s", version, back.String(), out.String())
			}
		}
	}
}

// TestVCardPhotoCutShort30: a photo whose base64 data was cut short (kept
// so from a truncated card) goes to 3.0 as the data: URI it is kept in,
// not as ENCODING=b data that a reader decoding it fails on (Python's
// vobject stops reading the file there); it reads back as it was.
func TestVCardPhotoCutShort30(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nN:;Ada;;;\r\nPHOTO;ENCODING=b;TYPE=JPEG:QUJDREVGRw\r\nLOGO;ENCODING=b;TYPE=PNG:QUJDREVGRw==\r\nEND:VCARD\r\n"
	c := decodeOneCard(t, card).Contact
	var out strings.Builder
	if err := Encode(VCard, &out, []*contact.Contact{c}, EncodeOptions{VCardVersion: "3.0"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"PHOTO;VALUE=uri:data:image/jpeg;base64,QUJDREVGRw", "LOGO;ENCODING=b;TYPE=PNG:QUJDREVGRw=="} {
		if !strings.Contains(out.String(), "\r\n"+want+"\r\n") {
			t.Errorf("3.0 export lacks %q:\n%s", want, out.String())
		}
	}
	if back := decodeOneCard(t, out.String()).Contact; back.VCardExtra != c.VCardExtra {
		t.Errorf("read back, the kept lines are %q, want %q", back.VCardExtra, c.VCardExtra)
	}
}

// importLike validates a decoded record as an import in region does.
func importLike(t *testing.T, r *Record, region string) *contact.Contact {
	t.Helper()
	if r.Err != nil {
		t.Fatalf("%s: %v", r.Where(), r.Err)
	}
	c := r.Contact.Clone()
	contact.KeepGivenE164(c, region)
	if err := contact.Normalize(c, region); err != nil {
		t.Fatalf("%s: %v", r.Where(), err)
	}
	return c
}

// TestNumbersEnteredWithoutPlus: a number entered without + (in region GB)
// is written so that a rolo in another region reads it back as entered
// and as the same number, and other programs get a number they can dial;
// numbers with + are written as before.
func TestNumbersEnteredWithoutPlus(t *testing.T) {
	src := &contact.Contact{FirstName: "Brit", UID: "brit", Attributes: map[string]string{}, Phones: []contact.Phone{
		{Label: "mobile", Number: "020 7946 0958", E164: "+442079460958"},
		{Label: "work", Number: "+1 415 555 0142", E164: "+14155550142"},
		{Label: "home", Number: "07700 900123 ext. 12", E164: "+447700900123"}}}
	encode := func(format, version string) string {
		var buf bytes.Buffer
		if err := Encode(format, &buf, []*contact.Contact{src}, EncodeOptions{VCardVersion: version}); err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(buf.String(), "\r\n ", "")
	}
	wants := map[string][]string{
		"csv": {`"mobile=020 7946 0958 (+442079460958)` + "\nwork=+1 415 555 0142\nhome=07700 900123 ext. 12 (+447700900123)\""},
		"vcard3.0": {`TEL;TYPE=CELL;X-ROLO-NUMBER="020 7946 0958":+442079460958` + "\r\n",
			"TEL;TYPE=WORK,VOICE:+1 415 555 0142\r\n",
			`TEL;TYPE=HOME,VOICE;X-ROLO-NUMBER="07700 900123 ext. 12":+44 7700 900123 x12` + "\r\n"},
		"vcard4.0": {`TEL;TYPE=cell;X-ROLO-NUMBER="020 7946 0958":+442079460958` + "\r\n",
			"TEL;TYPE=work,voice:+1 415 555 0142\r\n"},
		"google":  {"Mobile,+442079460958,Work,+1 415 555 0142,Home,+44 7700 900123 x12,"},
		"outlook": {",+1 415 555 0142,", ",+44 7700 900123 x12,", ",+442079460958,"},
	}
	for _, tc := range []struct{ format, version string }{{CSV, ""}, {VCard, "3.0"}, {VCard, "4.0"}, {Google, ""}, {Outlook, ""}} {
		out := encode(tc.format, tc.version)
		for _, want := range wants[tc.format+tc.version] {
			if !strings.Contains(out, want) {
				t.Errorf("%s %s export lacks %q:\n%s", tc.format, tc.version, want, out)
			}
		}
		if tc.format != CSV && tc.format != VCard && strings.Contains(out, "020 7946") {
			t.Errorf("%s export has a number without +:\n%s", tc.format, out)
		}
		if tc.format == Google || tc.format == Outlook {
			continue
		}
		recs, err := DecodeAll(mustDecoder(t, tc.format, out, Options{Region: "US"}))
		if err != nil || len(recs) != 1 {
			t.Fatal(recs, err)
		}
		if len(recs[0].Warnings) > 0 {
			t.Errorf("%s %s in region US: warnings %q", tc.format, tc.version, recs[0].Warnings)
		}
		if got := importLike(t, recs[0], "US"); !reflect.DeepEqual(got.Phones, src.Phones) {
			t.Errorf("%s %s read in region US: phones %+v, want %+v", tc.format, tc.version, got.Phones, src.Phones)
		}
	}
}

// TestNumbersEnteredWithoutPlusEdited: a file whose number was changed
// without its E.164 form (by hand in a spreadsheet, by another program in a
// vCard) imports the number shown, and a vCard TEL without rolo's
// parameter reads as it did.
func TestNumbersEnteredWithoutPlusEdited(t *testing.T) {
	for _, tc := range []struct {
		name, format, in, region string
		want                     []contact.Phone
	}{
		{"csv cell edited", CSV, "first,phones\nBrit,\"mobile=020 7946 0959 (+442079460958)\"\n", "GB",
			[]contact.Phone{{Label: "mobile", Number: "020 7946 0959", E164: "+442079460959"}}},
		{"vcard value edited", VCard, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Brit\r\nN:;Brit;;;\r\n" +
			"TEL;TYPE=CELL;X-ROLO-NUMBER=\"020 7946 0958\":+44 20 7946 0959\r\nEND:VCARD\r\n", "US",
			[]contact.Phone{{Label: "mobile", Number: "+44 20 7946 0959", E164: "+442079460959"}}},
		{"vcard without the parameter", VCard, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Brit\r\nN:;Brit;;;\r\n" +
			"TEL;TYPE=CELL:020 7946 0958\r\nEND:VCARD\r\n", "GB",
			[]contact.Phone{{Label: "mobile", Number: "020 7946 0958", E164: "+442079460958"}}},
	} {
		recs, err := DecodeAll(mustDecoder(t, tc.format, tc.in, Options{Region: tc.region}))
		if err != nil || len(recs) != 1 {
			t.Fatal(recs, err)
		}
		if got := importLike(t, recs[0], tc.region); !reflect.DeepEqual(got.Phones, tc.want) {
			t.Errorf("%s: phones %+v, want %+v", tc.name, got.Phones, tc.want)
		}
	}
	// Without the parameter, a national number of another region is kept
	// as an attribute and said, as before.
	in := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Brit\r\nN:;Brit;;;\r\nTEL;TYPE=CELL:020 7946 0958\r\nEND:VCARD\r\n"
	recs, err := DecodeAll(mustDecoder(t, VCard, in, Options{Region: "US"}))
	if err != nil || len(recs) != 1 {
		t.Fatal(recs, err)
	}
	if c := recs[0].Contact; len(c.Phones) != 0 || c.Attributes["phone_mobile"] != "020 7946 0958" || len(recs[0].Warnings) != 1 {
		t.Errorf("TEL:020 7946 0958 in region US: phones %+v, attributes %v, warnings %q", c.Phones, c.Attributes, recs[0].Warnings)
	}
}

// TestVCardFNThatIsNoName: a card without name parts whose FN is one of
// its other values (rolo writes the display name there: nickname, company,
// first phone, first email) gets no first and last name from it; an FN of
// a card with no N that is a name is still split, as other programs'
// cards need.
func TestVCardFNThatIsNoName(t *testing.T) {
	card := func(props string) string {
		return "BEGIN:VCARD\r\nVERSION:3.0\r\n" + props + "END:VCARD\r\n"
	}
	for _, tc := range []struct {
		name, in, first, last string
	}{
		{"phone", card("FN:+1 415 555 0142\r\nN:;;;;\r\nTEL;TYPE=CELL:+1 415 555 0142\r\n"), "", ""},
		{"phone in another formatting", card("FN:(415) 555-0142\r\nTEL;TYPE=CELL:+14155550142\r\n"), "", ""},
		{"second phone", card("FN:+1 415 555 0199\r\nTEL;TYPE=CELL:+1 415 555 0142\r\nTEL;TYPE=WORK:+1 415 555 0199\r\n"), "", ""},
		{"email", card("FN:only@example.com\r\nN:;;;;\r\nEMAIL;TYPE=INTERNET:only@example.com\r\n"), "", ""},
		{"email in capitals", card("FN:Only@Example.com\r\nEMAIL;TYPE=INTERNET:only@example.com\r\n"), "", ""},
		{"nickname", card("FN:Bobby\r\nN:;;;;\r\nNICKNAME:Bobby\r\n"), "", ""},
		{"company", card("FN:Acme Ltd\r\nN:;;;;\r\nORG:Acme Ltd\r\n"), "", ""},
		{"a name only", card("FN:John Smith\r\n"), "John", "Smith"},
		{"a name beside a phone", card("FN:John Smith\r\nTEL;TYPE=CELL:+1 415 555 0142\r\n"), "John", "Smith"},
		{"a name beside another number", card("FN:Jo 5550142\r\nTEL;TYPE=CELL:+1 415 555 0142\r\n"), "Jo", "5550142"},
		// The N's lone prefix or suffix written in the FN too is not the name twice.
		{"a prefix in N and FN", card("N:;;;Dr.;\r\nFN:Dr. Who\r\nEMAIL:who@example.com\r\n"), "Who", ""},
		{"a suffix in N and FN", card("N:;;;;Jr.\r\nFN:Sammy Davis, Jr.\r\n"), "Sammy", "Davis"},
		{"only the prefix", card("N:;;;Prof.;\r\nFN:Prof.\r\nEMAIL:p@example.com\r\n"), "", ""},
	} {
		c := decodeOneCard(t, tc.in).Contact
		if c.FirstName != tc.first || c.LastName != tc.last {
			t.Errorf("%s: first %q, last %q; want %q, %q", tc.name, c.FirstName, c.LastName, tc.first, tc.last)
		}
	}
	// rolo's own export of contacts with no name part reads back without one.
	for _, src := range []*contact.Contact{
		{Phones: []contact.Phone{{Label: "mobile", Number: "+1 415 555 0142", E164: "+14155550142"}}},
		{Phones: []contact.Phone{{Label: "mobile", Number: "020 7946 0958", E164: "+442079460958"}}},
		{Emails: []contact.Email{{Label: "work", Address: "only@example.com"}}},
		{Nickname: "Bobby"},
		// A prefix or suffix alone is no name: the FN is the company or
		// the phone, not one to keep beside the name parts.
		{Prefix: "Dr", Company: "Acme Inc"},
		{Suffix: "Jr", Phones: []contact.Phone{{Label: "mobile", Number: "+1 415 555 0142", E164: "+14155550142"}}},
	} {
		for _, v := range []string{"3.0", "4.0"} {
			var buf bytes.Buffer
			if err := Encode(VCard, &buf, []*contact.Contact{src}, EncodeOptions{VCardVersion: v}); err != nil {
				t.Fatal(err)
			}
			c := decodeOneCard(t, buf.String()).Contact
			if c.FirstName != "" || c.LastName != "" || c.DisplayName() != src.DisplayName() || c.VCardExtra != "" {
				t.Errorf("vCard %s of %q: first %q, last %q, display name %q, vcard_extra %q", v, src.DisplayName(),
					c.FirstName, c.LastName, c.DisplayName(), c.VCardExtra)
			}
		}
	}
}

// TestVCardOrgCard: the FN of an organisation's or a group's card (KIND,
// or Apple's X-ADDRESSBOOKSERVER-KIND) is its name, the company, not a
// person's first and last name; an FN beside a different ORG is kept and
// written back.
func TestVCardOrgCard(t *testing.T) {
	for _, tc := range []struct {
		name, in, company string
	}{
		{"org", "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Acme Widgets Inc.\r\nTEL:+14155550123\r\nEND:VCARD\r\n", "Acme Widgets Inc."},
		{"group", "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Team Rocket\r\nEND:VCARD\r\n", "Team Rocket"},
		{"Apple's group", "BEGIN:VCARD\r\nVERSION:3.0\r\nX-ADDRESSBOOKSERVER-KIND:group\r\nFN:Team Rocket\r\nN:;;;;\r\nEND:VCARD\r\n", "Team Rocket"},
		{"an FN beside its ORG", "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:ORG\r\nFN:Acme Widgets\r\nORG:Acme Widgets Inc.\r\nEND:VCARD\r\n", "Acme Widgets Inc."},
	} {
		c := decodeOneCard(t, tc.in).Contact
		if c.FirstName != "" || c.LastName != "" || c.Company != tc.company {
			t.Errorf("%s: first %q, last %q, company %q; want company %q", tc.name, c.FirstName, c.LastName, c.Company, tc.company)
		}
		var buf bytes.Buffer
		if err := Encode(VCard, &buf, []*contact.Contact{c}, EncodeOptions{VCardVersion: "4.0"}); err != nil {
			t.Fatal(err)
		}
		fn := "FN:" + strings.TrimSpace(strings.Split(strings.Split(tc.in, "FN:")[1], "\r\n")[0])
		if !strings.Contains(buf.String(), fn+"\r\n") {
			t.Errorf("%s: the vCard export lacks %q:\n%s", tc.name, fn, buf.String())
		}
	}
	// A person's card with no N is still split.
	if c := decodeOneCard(t, "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:individual\r\nFN:John Smith\r\nEND:VCARD\r\n").Contact; c.FirstName != "John" || c.LastName != "Smith" {
		t.Errorf("KIND:individual: first %q, last %q", c.FirstName, c.LastName)
	}
}

// TestVCardURLValues: a URL is written as RFC 6350 writes a URI, its ","
// and ";" as they are, and reads back as it was, a backslash in it
// included ("\," and "\n" are no escapes there: "blog=https://x.test/p\nq"
// came back as a line break, no URL).
func TestVCardURLValues(t *testing.T) {
	c := &contact.Contact{FirstName: "Ada", URLs: []contact.URL{{URL: `https://x.test/a\,b`}, {Label: "blog", URL: `https://x.test/p\nq`},
		{URL: "https://x.test/m?ll=1,2;z=3"}}}
	if err := contact.Normalize(c, "US"); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"3.0", "4.0"} {
		var buf bytes.Buffer
		if err := Encode(VCard, &buf, []*contact.Contact{c}, EncodeOptions{VCardVersion: v}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), ":https://x.test/m?ll=1,2;z=3\r\n") {
			t.Errorf("%s: a URL's , and ; are escaped:\n%s", v, buf.String())
		}
		got := roundTrip(t, VCard, []*contact.Contact{c}, EncodeOptions{VCardVersion: v})[0]
		if !reflect.DeepEqual(got.URLs, c.URLs) || len(got.Attributes) > 0 {
			t.Errorf("%s: urls %q, attributes %q, want %q", v, got.URLs, got.Attributes, c.URLs)
		}
	}
}

// TestVCardParameterEscapes: a parameter value's RFC 6868 escapes (^^ for
// ^, ^n for a line break, ^' for a quote), which the export writes, are
// undone on import: a URL label x^y came back x^^y, and a kept property's
// parameter gained a ^ at each import and export.
func TestVCardParameterEscapes(t *testing.T) {
	c := &contact.Contact{FirstName: "Ada", URLs: []contact.URL{{Label: "x^y", URL: "https://a.example"}, {Label: `q"q`, URL: "https://b.example"}},
		VCardExtra: `X-FOO;X-P="a^^b^nc^'d":v`}
	if err := contact.Normalize(c, "US"); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"3.0", "4.0"} {
		got := roundTrip(t, VCard, []*contact.Contact{c}, EncodeOptions{VCardVersion: v})[0]
		again := roundTrip(t, VCard, []*contact.Contact{got}, EncodeOptions{VCardVersion: v})[0]
		for _, g := range []*contact.Contact{got, again} {
			if !reflect.DeepEqual(g.URLs, c.URLs) || g.VCardExtra != c.VCardExtra {
				t.Errorf("%s: urls %q, vcard_extra %q; want %q, %q", v, g.URLs, g.VCardExtra, c.URLs, c.VCardExtra)
			}
		}
	}
	rec := decodeOneCard(t, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nURL;TYPE=\"work,pref\":https://a.example\r\nEND:VCARD\r\n")
	if want := []contact.URL{{Label: "work", URL: "https://a.example"}}; !reflect.DeepEqual(rec.Contact.URLs, want) {
		t.Errorf("TYPE=\"work,pref\": urls %q, want %q", rec.Contact.URLs, want)
	}
}

// TestSocialNetworksAsStored: a network add stores (gtalk, x-corp, x-,
// c++) comes back from each export as it was, not renamed as another
// program's service name is (googletalk, corp, im, c); such a name,
// which rolo would refuse, is still made one.
func TestSocialNetworksAsStored(t *testing.T) {
	c := &contact.Contact{FirstName: "Ada", Socials: []contact.Social{{Network: "gtalk", Handle: "a"}, {Network: "x-corp", Handle: "b"},
		{Network: "x-", Handle: "c"}, {Network: "c++", Handle: "d"}}}
	if err := contact.Normalize(c, "US"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		format string
		opts   EncodeOptions
	}{{CSV, EncodeOptions{}}, {Google, EncodeOptions{}}, {VCard, EncodeOptions{VCardVersion: "3.0"}}, {VCard, EncodeOptions{VCardVersion: "4.0"}}} {
		want := c.Socials
		if tc.format == Google {
			// Google's IM column names a service: gtalk is Google Talk's.
			want = append([]contact.Social{{Network: "googletalk", Handle: "a"}}, c.Socials[1:]...)
		}
		got := roundTrip(t, tc.format, []*contact.Contact{c}, tc.opts)[0]
		if !reflect.DeepEqual(got.Socials, want) {
			t.Errorf("%s%s: socials %q, want %q", tc.format, tc.opts.VCardVersion, got.Socials, want)
		}
	}
	rec := decodeOneCard(t, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nX-SOCIALPROFILE;TYPE=\"Google Talk\":ada\r\nIMPP:xmpp:ada@x.example\r\nEND:VCARD\r\n")
	if want := []contact.Social{{Network: "googletalk", Handle: "ada"}, {Network: "jabber", Handle: "ada@x.example"}}; !reflect.DeepEqual(rec.Contact.Socials, want) {
		t.Errorf("another program's names: socials %q, want %q", rec.Contact.Socials, want)
	}
}

// TestIMServicesAreOneNetwork: the other names of an instant-messaging
// service in Google's IM columns (Hangouts, GTalk, XMPP) are made one, as
// in a vCard's IMPP, so that a handle is the same network from either file.
func TestIMServicesAreOneNetwork(t *testing.T) {
	in := "Name,Given Name,Family Name,IM 1 - Type,IM 1 - Service,IM 1 - Value,IM 2 - Type,IM 2 - Service,IM 2 - Value," +
		"IM 3 - Type,IM 3 - Service,IM 3 - Value\n" +
		"Al Im,Al,Im,Other,Hangouts,al@h,Home,XMPP,al@x,Work,GTalk,al@g\n"
	_, recs := decodeCSV(t, CSV, in, Options{})
	got := normalized(t, recs[0]).Socials
	want := []contact.Social{{Network: "googletalk", Handle: "al@h"}, {Network: "jabber", Handle: "al@x"}, {Network: "googletalk", Handle: "al@g"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Google IM columns: socials %q, want %q", got, want)
	}
	rec := decodeOneCard(t, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Al Im\r\nIMPP:xmpp:al@x\r\nIMPP;X-SERVICE-TYPE=GTalk:x-apple:al@g\r\nEND:VCARD\r\n")
	if card := rec.Contact.Socials; len(card) != 2 || card[0] != got[1] || card[1] != got[2] {
		t.Errorf("IMPP: socials %q, want %q as from Google", card, got[1:])
	}
}

// TestVCard30TypeCase: vCard 3.0 writes types in capitals, but not a URL
// label whose capitals read back as another label: ς came back σ, ı i.
func TestVCard30TypeCase(t *testing.T) {
	c := &contact.Contact{FirstName: "Ada", URLs: []contact.URL{{Label: "ς", URL: "https://a.example"}, {Label: "ı", URL: "https://b.example"},
		{Label: "blog", URL: "https://c.example"}}}
	if err := contact.Normalize(c, "US"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Encode(VCard, &buf, []*contact.Contact{c}, EncodeOptions{VCardVersion: "3.0"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "URL;TYPE=BLOG:") {
		t.Errorf("a label is not in capitals:\n%s", buf.String())
	}
	if got := roundTrip(t, VCard, []*contact.Contact{c}, EncodeOptions{VCardVersion: "3.0"})[0]; !reflect.DeepEqual(got.URLs, c.URLs) {
		t.Errorf("urls %q, want %q", got.URLs, c.URLs)
	}
}
