package contact_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

func TestDiff(t *testing.T) {
	base := func() *contact.Contact {
		return &contact.Contact{
			FirstName: "Ada", LastName: "Lovelace", Company: "Analytical Engines", Visibility: contact.Private,
			Phones:     []contact.Phone{{Label: "mobile", Number: "(415) 555-0123", E164: "+14155550123"}},
			Emails:     []contact.Email{{Label: "work", Address: "ada@example.com"}},
			Addresses:  []contact.Address{{Label: "work", Street: "1 Main St", City: "London", Country: "GB"}},
			Socials:    []contact.Social{{Network: "linkedin", Handle: "ada"}},
			URLs:       []contact.URL{{Label: "work", URL: "https://ada.example"}},
			Tags:       []string{"gold", "vip"},
			Attributes: map[string]string{"source": "expo", "shoe": "38"},
		}
	}
	tests := []struct {
		name string
		edit func(c *contact.Contact)
		want []contact.Change
	}{
		{"nothing", func(c *contact.Contact) {}, nil},
		{"a scalar field", func(c *contact.Contact) { c.Company = "Acme" },
			[]contact.Change{{Field: "company", Old: "Analytical Engines", New: "Acme"}}},
		{"a field set and one emptied, in field order", func(c *contact.Contact) { c.Title, c.FirstName = "CEO", "" },
			[]contact.Change{{Field: "first", Old: "Ada"}, {Field: "title", New: "CEO"}}},
		{"every scalar field is compared", func(c *contact.Contact) {
			c.Prefix, c.MiddleName, c.Suffix, c.Nickname, c.Department = "Dr", "A", "PhD", "Countess", "R&D"
			c.Type, c.Level, c.Birthday, c.Anniversary, c.Language, c.Timezone = "customer", "secondary", "1815-12-10", "--07-08", "en", "UTC"
		}, []contact.Change{
			{Field: "prefix", New: "Dr"}, {Field: "middle", New: "A"}, {Field: "suffix", New: "PhD"}, {Field: "nickname", New: "Countess"},
			{Field: "department", New: "R&D"}, {Field: "type", New: "customer"}, {Field: "level", New: "secondary"},
			{Field: "birthday", New: "1815-12-10"}, {Field: "anniversary", New: "--07-08"}, {Field: "language", New: "en"}, {Field: "timezone", New: "UTC"},
		}},
		{"a phone replaced", func(c *contact.Contact) {
			c.Phones = []contact.Phone{{Label: "work", Number: "+44 20 7946 0958", E164: "+442079460958"}}
		}, []contact.Change{{Field: "phone", Old: "mobile=(415) 555-0123"}, {Field: "phone", New: "work=+44 20 7946 0958"}}},
		{"a phone relabelled", func(c *contact.Contact) { c.Phones[0].Label = "home" },
			[]contact.Change{{Field: "phone", Old: "mobile=(415) 555-0123"}, {Field: "phone", New: "home=(415) 555-0123"}}},
		{"an email added", func(c *contact.Contact) {
			c.Emails = append(c.Emails, contact.Email{Label: "home", Address: "a@home.example"})
		},
			[]contact.Change{{Field: "email", New: "home=a@home.example"}}},
		{"an address removed", func(c *contact.Contact) { c.Addresses = nil },
			[]contact.Change{{Field: "address", Old: "work=1 Main St;London;;;GB"}}},
		{"a social changed", func(c *contact.Contact) { c.Socials[0].Handle = "ada-l" },
			[]contact.Change{{Field: "social", Old: "linkedin=ada"}, {Field: "social", New: "linkedin=ada-l"}}},
		{"a url added", func(c *contact.Contact) {
			c.URLs = append(c.URLs, contact.URL{Label: "blog", URL: "https://b.example"})
		},
			[]contact.Change{{Field: "url", New: "blog=https://b.example"}}},
		{"tags", func(c *contact.Contact) { c.Tags = []string{"new", "vip"} },
			[]contact.Change{{Field: "tag", Old: "gold"}, {Field: "tag", New: "new"}}},
		{"attributes, by sorted key", func(c *contact.Contact) {
			c.Attributes = map[string]string{"source": "web", "zeta": "1"}
		}, []contact.Change{{Field: "attr.shoe", Old: "38"}, {Field: "attr.source", Old: "expo", New: "web"}, {Field: "attr.zeta", New: "1"}}},
		{"visibility", func(c *contact.Contact) { c.Visibility = contact.Public },
			[]contact.Change{{Field: "visibility", Old: contact.Private, New: contact.Public}}},
		{"reordering multi-valued entries is no change", func(c *contact.Contact) { c.Tags = []string{"vip", "gold"} }, nil},
		{"notes and favorites are not fields", func(c *contact.Contact) {
			c.Notes = []contact.Note{{Text: "hi"}}
			c.Favorite = true
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := base()
			n := old.Clone()
			tt.edit(n)
			deq(t, "Diff", contact.Diff(old, n), tt.want)
			// Undoing the edit is a change of the same size.
			if back := contact.Diff(n, old); len(back) != len(tt.want) {
				t.Errorf("reverse Diff has %d changes, want %d: %+v", len(back), len(tt.want), back)
			}
		})
	}
}

func TestCloneIsDeep(t *testing.T) {
	c := &contact.Contact{
		FirstName: "Ada", Phones: []contact.Phone{{Number: "1"}}, Tags: []string{"a"},
		Attributes: map[string]string{"k": "v"}, Blocked: &contact.Block{Reason: "spam"}, SharedWith: []string{"bob"},
	}
	n := c.Clone()
	n.Phones[0].Number, n.Tags[0], n.Attributes["k"], n.Blocked.Reason, n.SharedWith[0] = "2", "b", "w", "x", "carol"
	if c.Phones[0].Number != "1" || c.Tags[0] != "a" || c.Attributes["k"] != "v" || c.Blocked.Reason != "spam" || c.SharedWith[0] != "bob" {
		t.Errorf("changing the clone changed the original: %+v", c)
	}
}

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in   string
		want contact.Address
	}{
		{"work=1 Main St;Springfield;IL;62701;US", contact.Address{Label: "work", Street: "1 Main St", City: "Springfield", State: "IL", Zip: "62701", Country: "US"}},
		{"home=;Paris", contact.Address{Label: "home", City: "Paris"}},
		{"1 Main St;Springfield", contact.Address{Street: "1 Main St", City: "Springfield"}},
		{"Main St", contact.Address{Street: "Main St"}},
		{";;;;DE", contact.Address{Country: "DE"}},
		// "=" inside the parts is not a label when a ";" comes before it.
		{"Flat 2;a=b;;;", contact.Address{Street: "Flat 2", City: "a=b"}},
		{"other=x=y;z", contact.Address{Label: "other", Street: "x=y", City: "z"}},
		// \; is a ";" inside a part, \\ a backslash; another backslash is itself.
		{`work=1 Main St\; Rear;a\\;C:\x;;US`, contact.Address{Label: "work", Street: "1 Main St; Rear", City: `a\`, State: `C:\x`, Country: "US"}},
	}
	for _, tt := range tests {
		got, err := contact.ParseAddress(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseAddress(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	_, err := contact.ParseAddress("work=a;b;c;d;e;f")
	if err == nil || contact.ErrorMessage(err) != `address: "work=a;b;c;d;e;f" has more than 5 parts (street;city;state;zip;country)` {
		t.Errorf("six parts: %v", err)
	}
}

func TestFormatAddressRoundTrip(t *testing.T) {
	for _, a := range []contact.Address{
		{Label: "work", Street: "1 Main St", City: "Springfield", State: "IL", Zip: "62701", Country: "US"},
		{Label: "home", City: "Paris", Country: "FR"},
		{Label: "other", Zip: "75001"},
		{Label: "work", Street: "1 Main St; Rear, Suite 5", City: `a\`, State: `\;\\`, Zip: ";", Country: `\`},
	} {
		got, err := contact.ParseAddress(contact.FormatAddress(a))
		if err != nil || got != a {
			t.Errorf("ParseAddress(FormatAddress(%+v)) = %+v, %v", a, got, err)
		}
	}
}

func TestParseLabeled(t *testing.T) {
	tests := []struct{ in, label, value string }{
		{"work=+1 415 555 0123", "work", "+1 415 555 0123"},
		{" WORK = x ", "work", "x"},
		{"+1 415 555 0123", "", "+1 415 555 0123"},
		{"  ada@example.com ", "", "ada@example.com"},
		{"a=b@example.com", "", "a=b@example.com"}, // not a known label: the value keeps its "="
		{"home=", "home", ""},
	}
	for _, tt := range tests {
		l, v := contact.ParseLabeled(tt.in, contact.EmailLabels)
		if l != tt.label || v != tt.value {
			t.Errorf("ParseLabeled(%q) = %q, %q; want %q, %q", tt.in, l, v, tt.label, tt.value)
		}
	}
}

func TestParseFlags(t *testing.T) {
	phones := []struct {
		in   string
		want contact.Phone
	}{
		{"+1 415 555 0123", contact.Phone{Number: "+1 415 555 0123"}},
		{"fax=+1 212 555 0199", contact.Phone{Label: "fax", Number: "+1 212 555 0199"}},
		{"Mobile=(415) 555-0123", contact.Phone{Label: "mobile", Number: "(415) 555-0123"}},
		// An unknown label stays a label, for Normalize to refuse by name.
		{"pager=+1 415 555 0123", contact.Phone{Label: "pager", Number: "+1 415 555 0123"}},
		// An empty label is no label, not part of the number.
		{"=+1 415 555 0123", contact.Phone{Number: "+1 415 555 0123"}},
	}
	for _, tt := range phones {
		if got := contact.ParsePhone(tt.in); got != tt.want {
			t.Errorf("ParsePhone(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	for in, want := range map[string]contact.Email{
		"home=Ada@Example.com":  {Label: "home", Address: "Ada@Example.com"},
		"pager=ada@example.com": {Label: "pager", Address: "ada@example.com"}, // Normalize refuses the label
		"work=a=b@example.com":  {Label: "work", Address: "a=b@example.com"},
		"a1=b@example.com":      {Address: "a1=b@example.com"},
		"ada@example.com":       {Address: "ada@example.com"},
		"=ada@example.com":      {Address: "ada@example.com"},
	} {
		if got := contact.ParseEmail(in); got != want {
			t.Errorf("ParseEmail(%q) = %+v, want %+v", in, got, want)
		}
	}
	if got, err := contact.ParseSocial(" linkedin = ada-lovelace "); err != nil || got != (contact.Social{Network: "linkedin", Handle: "ada-lovelace"}) {
		t.Errorf("ParseSocial = %+v, %v", got, err)
	}
	if got, err := contact.ParseSocial("twitter=https://x.com/ada?a=b"); err != nil || got.Handle != "https://x.com/ada?a=b" {
		t.Errorf("ParseSocial with a URL = %+v, %v", got, err)
	}
	if _, err := contact.ParseSocial("ada"); err == nil || contact.ErrorMessage(err) != `social: "ada" must be NETWORK=HANDLE (example: linkedin=ada-lovelace)` {
		t.Errorf("ParseSocial without =: %v", err)
	}
	urls := []struct {
		in   string
		want contact.URL
	}{
		{"https://ada.example", contact.URL{URL: "https://ada.example"}},
		{"blog=https://blog.example", contact.URL{Label: "blog", URL: "https://blog.example"}},
		{"https://x.example/?a=b", contact.URL{URL: "https://x.example/?a=b"}},
		{"https://x.example/a=b", contact.URL{URL: "https://x.example/a=b"}},
		{"=https://ada.example", contact.URL{URL: "https://ada.example"}},
	}
	for _, tt := range urls {
		if got := contact.ParseURL(tt.in); got != tt.want {
			t.Errorf("ParseURL(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	attrs := []struct{ in, k, v string }{
		{"source=conference", "source", "conference"},
		{" k =a=b", "k", "a=b"},
		{"empty=", "empty", ""},
	}
	for _, tt := range attrs {
		k, v, err := contact.ParseAttr(tt.in)
		if err != nil || k != tt.k || v != tt.v {
			t.Errorf("ParseAttr(%q) = %q, %q, %v", tt.in, k, v, err)
		}
	}
	for _, in := range []string{"novalue", "=x", " =x"} {
		if _, _, err := contact.ParseAttr(in); err == nil || contact.ErrorCode(err) != contact.EINVALID {
			t.Errorf("ParseAttr(%q) = %v, want EINVALID", in, err)
		}
	}
}

func TestLookupField(t *testing.T) {
	for name, key := range map[string]string{
		"first": "first_name", "first_name": "first_name", "FIRST": "first_name", "first-name": "first_name",
		"last": "last_name", "middle": "middle_name", "company": "company", "org": "company",
		"lang": "language", "language": "language", "tz": "timezone", " title ": "title", "birthday": "birthday",
	} {
		f, ok := contact.LookupField(name)
		if !ok || f.Key != key {
			t.Errorf("LookupField(%q) = %v, %v; want key %q", name, f, ok, key)
		}
	}
	for _, name := range []string{"", "phone", "email", "tags", "visibility", "owner", "nosuch"} {
		if f, ok := contact.LookupField(name); ok {
			t.Errorf("LookupField(%q) = %v, want none", name, f.Name)
		}
	}
	c := &contact.Contact{}
	for _, f := range contact.Fields() {
		f.Set(c, "v-"+f.Name)
		if got := f.Get(c); got != "v-"+f.Name {
			t.Errorf("field %s: Get after Set = %q", f.Name, got)
		}
	}
	if got := len(contact.FieldNames()); got != len(contact.Fields()) {
		t.Errorf("FieldNames has %d names for %d fields", got, len(contact.Fields()))
	}
}

// A contact's vCard properties are not bounded in number as its phones
// are: a card of 100,000 X- properties is stored, and every edit, tag,
// merge and import update of it diffs them. Compared each with each, that
// took minutes (2.5 on a 100,000-line card); in sets it takes milliseconds.
func TestDiffManyVCardProperties(t *testing.T) {
	const n = 100000
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("X-FOO-%d:value %d", i, i)
	}
	old := &contact.Contact{FirstName: "Many", VCardExtra: strings.Join(lines, "\n")}
	lines[n-1] = "X-FOO-LAST:changed"
	new := &contact.Contact{FirstName: "Many", VCardExtra: strings.Join(lines, "\n")}
	done := make(chan []contact.Change, 1)
	go func() { done <- contact.Diff(old, new) }()
	select {
	case got := <-done:
		want := []contact.Change{
			{Field: "vcard_extra", Old: fmt.Sprintf("X-FOO-%d:value %d", n-1, n-1)},
			{Field: "vcard_extra", New: "X-FOO-LAST:changed"},
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Diff = %v, want %v", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("Diff of two cards of %d vCard properties still running after 10s", n)
	}
}

func TestErrors(t *testing.T) {
	e := contact.Errorf(contact.ENOTFOUND, "no contact with ID %d", 7)
	wrapped := fmt.Errorf("show: %w", e)
	if contact.ErrorCode(wrapped) != contact.ENOTFOUND || contact.ErrorMessage(wrapped) != "no contact with ID 7" {
		t.Errorf("wrapped domain error: %q %q", contact.ErrorCode(wrapped), contact.ErrorMessage(wrapped))
	}
	plain := errors.New("disk on fire")
	if contact.ErrorCode(plain) != contact.EINTERNAL || contact.ErrorMessage(plain) != "disk on fire" {
		t.Errorf("plain error: %q %q", contact.ErrorCode(plain), contact.ErrorMessage(plain))
	}
	if contact.ErrorCode(nil) != "" {
		t.Errorf("ErrorCode(nil) = %q", contact.ErrorCode(nil))
	}
}

func TestIsManager(t *testing.T) {
	for role, want := range map[string]bool{contact.RoleOwner: true, contact.RoleManager: true, contact.RoleMember: false} {
		if got := (&contact.User{Role: role}).IsManager(); got != want {
			t.Errorf("%s: IsManager = %v", role, got)
		}
	}
}
