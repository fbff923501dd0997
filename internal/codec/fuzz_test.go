package codec

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// addCorpusSeeds seeds a fuzz target with the files of one corpus folder,
// when the corpus is there (TestCorpus says when it is not).
func addCorpusSeeds(f *testing.F, sub string) {
	dir, ok := corpusPath()
	if !ok {
		return
	}
	files, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
}

// exercise decodes everything, validates it and encodes it again: none of
// it may panic, and every record must be usable or carry an error.
func exercise(t *testing.T, format string, data []byte, opts Options) {
	d, err := NewDecoder(format, bytes.NewReader(data), opts)
	if err != nil {
		return
	}
	var cs []*contact.Contact
	for i := 0; i < 10000; i++ {
		rec, err := d.Next()
		if errors.Is(err, io.EOF) || (err != nil && rec == nil) {
			break
		}
		if rec.Err == nil && rec.Contact == nil {
			t.Fatalf("record %d has neither a contact nor an error", rec.Index)
		}
		if rec.Contact == nil {
			continue
		}
		c := rec.Contact.Clone()
		if contact.Normalize(c, "US") == nil {
			cs = append(cs, c)
		}
	}
	for _, out := range []string{CSV, Google, Outlook, VCard, JSON} {
		if err := Encode(out, io.Discard, cs, EncodeOptions{VCardVersion: "4.0"}); err != nil {
			t.Fatalf("encode %s: %v", out, err)
		}
	}
	// What rolo writes, rolo reads back without losing a contact.
	var buf bytes.Buffer
	if err := Encode(VCard, &buf, cs, EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	back, err := DecodeAll(mustDecoder(t, VCard, buf.String(), Options{}))
	if err != nil || len(back) != len(cs) {
		t.Fatalf("vCard re-read: %d of %d contacts, %v\n%s", len(back), len(cs), err, buf.String())
	}
}

func FuzzVCardDecode(f *testing.F) {
	addCorpusSeeds(f, "vcard")
	f.Add([]byte("BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:a=\r\n\r\nBEGIN:VCARD\r\nEND:VCARD\r\n"))
	f.Add([]byte("BEGIN:VCARD\nVERSION:4.0\nADR;LABEL=a:b:c;;;;;:\nPHOTO:data:\nEND:VCARD\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		exercise(t, VCard, data, Options{})
	})
}

func FuzzCSVDecode(f *testing.F) {
	addCorpusSeeds(f, "csv")
	f.Add([]byte(Template()))
	f.Add([]byte("Given Name,E-mail 1 - Value,Address 1 - Street\nA,a@b.c ::: ,x ::: y ::: z\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		exercise(t, CSV, data, Options{})
	})
}

func FuzzJSONDecode(f *testing.F) {
	f.Add([]byte(`[{"first_name":"Ada","phones":[{"label":"x","number":"1"}]}]`))
	f.Add([]byte(`{"blocked":{"until":null}}` + "\n" + `{"notes":[{}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		exercise(t, JSON, data, Options{})
	})
}

// fuzzContact builds a contact from fuzzed text, keeping each value only
// when the contact still validates with it; nil if none is left. Lists
// are written as add takes them (ParseSocial, ParseURL), and a URL label
// as a JSON import may give it.
func fuzzContact(name, company, phone, email, street, city, country, social, url, urlLabel, tag, attrKey, attrVal, note, summary, birthday, extra string) *contact.Contact {
	tm := time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)
	parts := strings.SplitN(name, "|", 6)
	for len(parts) < 6 {
		parts = append(parts, "")
	}
	c := &contact.Contact{UID: "uid-1", Visibility: contact.Private, Owner: "alice", CreatedAt: tm, UpdatedAt: tm,
		Attributes: map[string]string{}, Company: "-"}
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
	try(func(c *contact.Contact) { c.Company, c.Title = company, company })
	try(func(c *contact.Contact) { c.Department = city })
	try(func(c *contact.Contact) { c.Birthday = birthday })
	try(func(c *contact.Contact) { c.Phones = []contact.Phone{contact.ParsePhone(phone)} })
	try(func(c *contact.Contact) { c.Emails = []contact.Email{contact.ParseEmail(email)} })
	try(func(c *contact.Contact) {
		c.Addresses = []contact.Address{{Label: "home", Street: street, City: city, State: city, Zip: street, Country: country}}
	})
	try(func(c *contact.Contact) {
		c.Addresses = append(c.Addresses, contact.Address{Label: "work", Street: street, City: city})
	})
	try(func(c *contact.Contact) {
		if s, err := contact.ParseSocial(social); err == nil {
			c.Socials = []contact.Social{s}
		}
	})
	try(func(c *contact.Contact) { c.URLs = []contact.URL{contact.ParseURL(url)} })
	try(func(c *contact.Contact) {
		c.URLs = append(c.URLs, contact.URL{Label: urlLabel, URL: "https://label.example"})
	})
	try(func(c *contact.Contact) { c.Tags = strings.Split(tag, ",") })
	try(func(c *contact.Contact) { c.Attributes[attrKey] = attrVal })
	try(func(c *contact.Contact) { c.Attributes["k"] = attrVal })
	if strings.TrimSpace(note) != "" { // the note command refuses an empty note
		try(func(c *contact.Contact) { c.Notes = []contact.Note{{Author: "alice", Text: note, CreatedAt: tm}} })
	}
	try(func(c *contact.Contact) {
		c.Interactions = []contact.Interaction{{User: "alice", Channel: "call", Direction: contact.Outbound, At: tm, Summary: summary, CreatedAt: tm}}
	})
	try(func(c *contact.Contact) { c.VCardExtra = extra })
	if contact.Normalize(c, "US") != nil {
		return nil
	}
	return c
}

// FuzzRoundTrip: a valid contact exported to json, ndjson, csv and vCard
// 3.0/4.0 and read back is the same contact (README "Formats": these keep
// everything list -o json shows, and the interactions).
func FuzzRoundTrip(f *testing.F) {
	f.Add("Dr.|Ada|A.|Lovelace|Jr.|Countess", "Acme; Inc.", "+1 (415) 555-0123", "ada@example.com", "1 Main St", "Paris", "FR",
		"linkedin=ada", "blog=https://x.test/a?b", "Home Page", "vip,a b", "tier", "gold", "line one\nline two", "pricing; \"next\"", "1815-12-10", "X-FOO:bar")
	f.Add("|O'Brien||Smith, Jr.||", "a\\b", "020 7946 0958", "", "a;b", "Zürich", "", "", "", "", "x;y", "k.a", "a=b", "Tabs\tx", "", "--02-29", "")
	// The findings of review FB: ":::" in tags (F1), "\," and "\n" in
	// URLs (F2), ^ and , in URL labels (F3), networks add stores as they
	// are (F4), a URL label LABEL=URL cannot read (F5), a kept line of no
	// value (F6).
	f.Add("|Ada||||", "", "", "", "", "", "", "gtalk=a", `https://x.test/a\,b`, "x^y", "a:::b,x ::: y", "", "", "", "", "", "X-A:1\nX-FOO:")
	f.Add("|Ada||||", "", "", "", "", "", "", "x-corp=b", `blog=https://x.test/p\nq`, ",", "z", "", "", "", "", "", "X-FOO;X-P=\"a^^b\":")
	f.Add("|Ada||||", "", "", "", "", "", "", "c++=d", "x^y=https://a.example", "x:y", "", "", "", "", "", "", "X-B;X-P=\"a^^b^nc\":v")
	f.Add("|Ada||||", "", "", "", "", "", "", "x-=c", "a,b=https://a.example", `q"q`, "", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, name, company, phone, email, street, city, country, social, url, urlLabel, tag, attrKey, attrVal, note, summary, birthday, extra string) {
		c := fuzzContact(name, company, phone, email, street, city, country, social, url, urlLabel, tag, attrKey, attrVal, note, summary, birthday, extra)
		if c == nil {
			return
		}
		for _, tc := range []struct {
			format string
			opts   EncodeOptions
		}{{JSON, EncodeOptions{}}, {NDJSON, EncodeOptions{}}, {CSV, EncodeOptions{}},
			{VCard, EncodeOptions{VCardVersion: "3.0"}}, {VCard, EncodeOptions{VCardVersion: "4.0"}}} {
			var buf bytes.Buffer
			if err := Encode(tc.format, &buf, []*contact.Contact{c}, tc.opts); err != nil {
				t.Fatalf("encode %s: %v", tc.format, err)
			}
			d, err := NewDecoder(tc.format, bytes.NewReader(buf.Bytes()), Options{})
			if err != nil {
				t.Fatalf("%s%s decoder: %v\n%s", tc.format, tc.opts.VCardVersion, err, buf.String())
			}
			recs, err := DecodeAll(d)
			if err != nil || len(recs) != 1 {
				t.Fatalf("%s%s: %d records, %v\n%s", tc.format, tc.opts.VCardVersion, len(recs), err, buf.String())
			}
			r := recs[0]
			if r.Err != nil {
				t.Fatalf("%s%s: record: %v\n%s", tc.format, tc.opts.VCardVersion, r.Err, buf.String())
			}
			got := r.Contact
			if err := contact.Normalize(got, "US"); err != nil {
				t.Fatalf("%s%s: normalize: %v\n%s", tc.format, tc.opts.VCardVersion, err, buf.String())
			}
			want := c.Clone()
			if tc.format == VCard {
				for j := range want.Notes {
					want.Notes[j].ID = 0
				}
				for j := range want.Interactions {
					want.Interactions[j].ID, want.Interactions[j].ContactID = 0, 0
				}
			}
			// Blank lines among the kept vCard lines mean nothing.
			want.VCardExtra, got.VCardExtra = dropBlankLines(want.VCardExtra), dropBlankLines(got.VCardExtra)
			diffContacts(t, tc.format+tc.opts.VCardVersion, want, got)
			if t.Failed() {
				t.Fatalf("export:\n%s", buf.String())
			}
		}
	})
}

func dropBlankLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
