package editform_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/editform"
)

// FuzzDecode: whatever a person leaves in the $EDITOR form decodes or is an
// EINVALID error naming the line, never a panic. A form that decodes into
// a valid contact encodes back to a form that decodes to the same contact,
// so that saving the form unchanged never changes a contact.
func FuzzDecode(f *testing.F) {
	f.Add(editform.Encode(stored()))
	f.Add([]byte("first: Ada\nphone: =+1 415 555 0123\nemail: work=\nattr.: x\n"))
	f.Add([]byte("# comment\nfirst:\nlast: Lovelace\r\ntag: a:b\naddress: home=;;;;\nsocial: x\n"))
	f.Add([]byte("visibility: PUBLIC\nattr.a.b: c: d\nurl: blog=https://x\n"))
	f.Add([]byte("no colon here\n"))
	f.Add([]byte(strings.Repeat("tag: t\n", 1000)))
	f.Fuzz(func(t *testing.T, form []byte) {
		c := &contact.Contact{Attributes: map[string]string{}}
		if err := editform.Decode(form, c); err != nil {
			if contact.ErrorCode(err) != contact.EINVALID || !strings.HasPrefix(err.Error(), "edit: ") {
				t.Fatalf("Decode: %v (code %s), want an EINVALID edit: error", err, contact.ErrorCode(err))
			}
			return
		}
		if contact.Normalize(c, "US") != nil {
			return
		}
		back := &contact.Contact{Attributes: map[string]string{}, Visibility: c.Visibility}
		out := editform.Encode(c)
		if err := editform.Decode(out, back); err != nil {
			t.Fatalf("Decode(Encode(c)): %v\nform:\n%s", err, out)
		}
		if err := contact.Normalize(back, "US"); err != nil {
			t.Fatalf("Normalize(Decode(Encode(c))): %v\nform:\n%s", err, out)
		}
		if d := contact.Diff(c, back); len(d) != 0 || !reflect.DeepEqual(c, back) {
			t.Fatalf("round trip changed %+v\n got: %+v\nwant: %+v\nform:\n%s", d, back, c, out)
		}
	})
}

// FuzzEditOneField: a stored contact (its values as any write path, an
// import included, may store them) rendered in the form, with the title
// changed and one value added to each list, passes Check and saves as the
// contact with just those changes: the values the user left alone come
// back as they were.
func FuzzEditOneField(f *testing.F) {
	f.Add("Dr.|Ada|A.|Lovelace|Jr.|Countess", "Acme", "work", "+1 415 555 0123", "home", "a=b@x.test", "1 Main;St", "Paris", "FR",
		"linkedin", "ada=x", "blog", "https://x.test/?a=b", "vip", "k", "v: w", "1815-12-10")
	f.Add("|#x|||", "=y", "fax", "+44 20 7946 0958 ext. 5", "", "x@y.z", `a\b`, `c\;d`, "", "x", "=", "", "a=b", "#t", "a.b", "#", "--02-29")
	// URL labels that url: LABEL=URL would read as part of the URL, and
	// networks as add stores them (review FB, F4 and F5).
	f.Add("|Ada||||", "", "", "", "", "", "", "", "", "c++", "d", "x:y", "https://a.example", "", "", "", "")
	f.Add("|Ada||||", "", "", "", "", "", "", "", "", "gtalk", "a", "a, b", `https://x.test/a\,b`, "", "", "", "")
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, name, company, phoneLabel, phone, emailLabel, email, street, city, country, network, handle, urlLabel, url, tag, attrKey, attrVal, birthday string) {
		parts := strings.SplitN(name, "|", 6)
		for len(parts) < 6 {
			parts = append(parts, "")
		}
		c := &contact.Contact{ID: 7, UID: "u-7", Company: "-", Visibility: contact.Private, Owner: "alice", Attributes: map[string]string{}}
		try := func(set func(c *contact.Contact)) {
			n := c.Clone()
			set(n)
			if contact.Normalize(n, "US") == nil {
				c = n
			}
		}
		try(func(c *contact.Contact) {
			c.Prefix, c.FirstName, c.MiddleName, c.LastName, c.Suffix, c.Nickname = parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]
		})
		try(func(c *contact.Contact) { c.Company, c.Department = company, company })
		try(func(c *contact.Contact) { c.Birthday = birthday })
		try(func(c *contact.Contact) { c.Phones = []contact.Phone{{Label: phoneLabel, Number: phone}} })
		try(func(c *contact.Contact) { c.Emails = []contact.Email{{Label: emailLabel, Address: email}} })
		try(func(c *contact.Contact) {
			c.Addresses = []contact.Address{{Label: "home", Street: street, City: city, State: street, Zip: city, Country: country}}
		})
		try(func(c *contact.Contact) { c.Socials = []contact.Social{{Network: network, Handle: handle}} })
		try(func(c *contact.Contact) { c.URLs = []contact.URL{{Label: urlLabel, URL: url}} })
		try(func(c *contact.Contact) { c.Tags = []string{tag} })
		try(func(c *contact.Contact) { c.Attributes[attrKey] = attrVal })
		if contact.Normalize(c, "US") != nil {
			return
		}
		// The number and address added below are new ones: one the
		// contact has is a problem of the edited form (Check).
		for _, p := range c.Phones {
			if p.E164 == "+12125550199" {
				return
			}
		}
		for _, e := range c.Emails {
			if e.Address == "zz@example.com" {
				return
			}
		}
		form := editform.Encode(c)
		if ps := editform.Check(form, c, "US", now); len(ps) > 0 {
			t.Fatalf("Check of the form unchanged: %v\nform:\n%s", ps, form)
		}
		var lines []string
		for _, l := range strings.Split(string(form), "\n") {
			if strings.HasPrefix(l, "title:") {
				l = "title: Zed"
			}
			lines = append(lines, l)
		}
		edited := []byte(strings.Join(lines, "\n") + "phone: work=+1 212 555 0199\nemail: home=zz@example.com\n" +
			"address: other=9 Elm;Oslo;;;NO\nsocial: github=zz\nurl: work=https://zz.example\ntag: zz\nattr.zz: 1\n")
		if ps := editform.Check(edited, c, "US", now); len(ps) > 0 {
			t.Fatalf("Check of the edited form: %v\nform:\n%s", ps, edited)
		}
		got := c.Clone()
		if err := editform.Apply(form, edited, got); err != nil {
			t.Fatalf("Apply: %v\nform:\n%s", err, edited)
		}
		if err := contact.Normalize(got, "US"); err != nil {
			t.Fatalf("Normalize after Apply: %v\nform:\n%s", err, edited)
		}
		want := c.Clone()
		want.Title = "Zed"
		want.Phones = append(want.Phones, contact.Phone{Label: "work", Number: "+1 212 555 0199"})
		want.Emails = append(want.Emails, contact.Email{Label: "home", Address: "zz@example.com"})
		want.Addresses = append(want.Addresses, contact.Address{Label: "other", Street: "9 Elm", City: "Oslo", Country: "NO"})
		want.Socials = append(want.Socials, contact.Social{Network: "github", Handle: "zz"})
		want.URLs = append(want.URLs, contact.URL{Label: "work", URL: "https://zz.example"})
		want.Tags = append(want.Tags, "zz")
		want.Attributes["zz"] = "1"
		if err := contact.Normalize(want, "US"); err != nil {
			t.Fatalf("want: %v", err)
		}
		if d := contact.Diff(want, got); len(d) != 0 || !reflect.DeepEqual(want, got) {
			t.Fatalf("edit changed more than asked: %+v\n got: %+v\nwant: %+v\nform:\n%s", d, got, want, edited)
		}
	})
}
