package contact_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// valid returns a contact that passes Normalize, to which a case adds the
// one value it is about.
func valid() *contact.Contact {
	return &contact.Contact{FirstName: "Ada", Attributes: map[string]string{}}
}

func TestNormalizeAccepts(t *testing.T) {
	tests := []struct {
		name   string
		region string
		edit   func(c *contact.Contact)
		check  func(t *testing.T, c *contact.Contact)
	}{
		{"defaults", "", func(c *contact.Contact) {}, func(t *testing.T, c *contact.Contact) {
			want := [3]string{"lead", "primary", contact.Private}
			if got := [3]string{c.Type, c.Level, c.Visibility}; got != want {
				t.Errorf("type, level, visibility = %v, want %v", got, want)
			}
		}},
		{"vcard_extra keeps what rolo does not model", "", func(c *contact.Contact) {
			c.VCardExtra = "PHOTO:data:image/jpeg;base64,/9j/4AAQ\nitem1.X-ABLabel:Spouse\nORG:Second Org\nTZ:-0500\n\n" +
				"FN;X-ROLO-FOR=\"N:Gump|Forrest|||\":Joe Due\n" +
				"X-MESSAGE;TYPE=\"a:b\":v\nX-MS-OL-DESIGN;CHARSET=utf-8:<card>\f</card>\nX-FCENCODED-582D:x\nSOUND;TYPE=X-IRMC-N:ｱﾝﾄﾞｳ;;"
		}, func(t *testing.T, c *contact.Contact) {
			if !strings.HasPrefix(c.VCardExtra, "PHOTO:") || !strings.HasSuffix(c.VCardExtra, "ｱﾝﾄﾞｳ;;") {
				t.Errorf("vcard_extra changed: %q", c.VCardExtra)
			}
		}},
		{"vcard_extra drops a line of no value, as a vCard import does", "", func(c *contact.Contact) {
			c.VCardExtra = "X-A:1\nX-FOO:\nitem1.X-ABLabel;X-P=\"a:b\": \nX-B;X-P=\"x\":2"
		}, func(t *testing.T, c *contact.Contact) {
			if want := "X-A:1\nX-B;X-P=\"x\":2"; c.VCardExtra != want {
				t.Errorf("vcard_extra %q, want %q", c.VCardExtra, want)
			}
		}},
		{"bidirectional controls are dropped, line separators are spaces", "", func(c *contact.Contact) {
			c.FirstName, c.Tags, c.Company = "a\u202eevil", []string{"\u2067x"}, "a\u2028b\u2029c"
			// The first and last of each range: a name copied from a chat
			// comes between isolates (U+2066-U+2069).
			c.Nickname, c.Title = "\u2068Ada\u2069", "\u202aC\u2066EO"
		}, func(t *testing.T, c *contact.Contact) {
			if c.FirstName != "aevil" || len(c.Tags) != 1 || c.Tags[0] != "x" || c.Company != "a b c" {
				t.Errorf("first %q, tags %q, company %q; want aevil, [x], a b c", c.FirstName, c.Tags, c.Company)
			}
			eq(t, "nickname", c.Nickname, "Ada")
			eq(t, "title", c.Title, "CEO")
		}},
		{"scalar fields are trimmed", "", func(c *contact.Contact) {
			c.Prefix, c.FirstName, c.Company, c.Title = "  Dr ", "\tAda  ", " Analytical Engines ", " CEO"
		}, func(t *testing.T, c *contact.Contact) {
			if c.Prefix != "Dr" || c.FirstName != "Ada" || c.Company != "Analytical Engines" || c.Title != "CEO" {
				t.Errorf("not trimmed: %q %q %q %q", c.Prefix, c.FirstName, c.Company, c.Title)
			}
		}},
		{"type and level are case-insensitive", "", func(c *contact.Contact) { c.Type, c.Level = "CUSTOMER", "Tertiary" },
			func(t *testing.T, c *contact.Contact) {
				if c.Type != "customer" || c.Level != "tertiary" {
					t.Errorf("type, level = %q, %q", c.Type, c.Level)
				}
			}},
		{"visibility and labels in any case, with spaces around", "", func(c *contact.Contact) {
			c.Visibility = " PUBLIC "
			c.Phones = []contact.Phone{{Label: " WORK ", Number: "+14155550123"}}
			c.Emails = []contact.Email{{Label: "Home ", Address: "ada@example.com"}}
			c.Addresses = []contact.Address{{Label: "\tOther", City: "Oz"}}
		}, func(t *testing.T, c *contact.Contact) {
			got := [4]string{c.Visibility, c.Phones[0].Label, c.Emails[0].Label, c.Addresses[0].Label}
			if want := [4]string{contact.Public, "work", "home", "other"}; got != want {
				t.Errorf("visibility and labels = %q, want %q", got, want)
			}
		}},
		{"blank visibility is private", "", func(c *contact.Contact) { c.Visibility = "  " }, func(t *testing.T, c *contact.Contact) {
			eq(t, "visibility", c.Visibility, contact.Private)
		}},
		{"birthday MM/DD/YYYY becomes ISO", "", func(c *contact.Contact) { c.Birthday = "12/10/1815" },
			func(t *testing.T, c *contact.Contact) { eq(t, "birthday", c.Birthday, "1815-12-10") }},
		{"birthday without a year", "", func(c *contact.Contact) { c.Birthday = "--02-29" },
			func(t *testing.T, c *contact.Contact) { eq(t, "birthday", c.Birthday, "--02-29") }},
		{"anniversary", "", func(c *contact.Contact) { c.Anniversary = "20000101" },
			func(t *testing.T, c *contact.Contact) { eq(t, "anniversary", c.Anniversary, "2000-01-01") }},
		{"language is canonical BCP 47", "", func(c *contact.Contact) { c.Language = "en_gb" },
			func(t *testing.T, c *contact.Contact) { eq(t, "language", c.Language, "en-GB") }},
		{"timezone", "", func(c *contact.Contact) { c.Timezone = "America/New_York" },
			func(t *testing.T, c *contact.Contact) { eq(t, "timezone", c.Timezone, "America/New_York") }},
		{"public", "", func(c *contact.Contact) { c.Visibility = contact.Public },
			func(t *testing.T, c *contact.Contact) { eq(t, "visibility", c.Visibility, contact.Public) }},
		{"phones get E.164, a default label, and lose duplicates", "", func(c *contact.Contact) {
			c.Phones = []contact.Phone{{Number: " (415) 555-0123 "}, {Label: "WORK", Number: "+44 20 7946 0958"}, {Label: "home", Number: "415.555.0123"}}
		}, func(t *testing.T, c *contact.Contact) {
			want := []contact.Phone{
				{Label: "mobile", Number: "(415) 555-0123", E164: "+14155550123"},
				{Label: "work", Number: "+44 20 7946 0958", E164: "+442079460958"},
			}
			deq(t, "phones", c.Phones, want)
		}},
		{"phones without + are read in the region", "GB", func(c *contact.Contact) {
			c.Phones = []contact.Phone{{Number: "020 7946 0958"}}
		}, func(t *testing.T, c *contact.Contact) { eq(t, "e164", c.Phones[0].E164, "+442079460958") }},
		{"emails are lower-cased, labelled and deduplicated", "", func(c *contact.Contact) {
			c.Emails = []contact.Email{{Address: "Ada@Example.COM"}, {Label: "Home", Address: "ada@example.com"}, {Label: "home", Address: "a.b+c@x.example"}}
		}, func(t *testing.T, c *contact.Contact) {
			deq(t, "emails", c.Emails, []contact.Email{{Label: "work", Address: "ada@example.com"}, {Label: "home", Address: "a.b+c@x.example"}})
		}},
		{"addresses: default label, country as alpha-2", "", func(c *contact.Contact) {
			c.Addresses = []contact.Address{{Street: " 1 Main St ", City: "London", Country: "United Kingdom"}, {Label: "HOME", City: "Paris", Country: "fra"}}
		}, func(t *testing.T, c *contact.Contact) {
			deq(t, "addresses", c.Addresses, []contact.Address{
				{Label: "work", Street: "1 Main St", City: "London", Country: "GB"},
				{Label: "home", City: "Paris", Country: "FR"},
			})
		}},
		{"socials: network lower-cased, duplicates dropped", "", func(c *contact.Contact) {
			c.Socials = []contact.Social{{Network: " LinkedIn", Handle: "ada "}, {Network: "linkedin", Handle: "ada"}, {Network: "twitter", Handle: "https://twitter.com/ada"}}
		}, func(t *testing.T, c *contact.Contact) {
			deq(t, "socials", c.Socials, []contact.Social{{Network: "linkedin", Handle: "ada"}, {Network: "twitter", Handle: "https://twitter.com/ada"}})
		}},
		{"urls: default label, duplicates dropped", "", func(c *contact.Contact) {
			c.URLs = []contact.URL{{URL: "https://ada.example"}, {Label: "Blog", URL: "https://blog.example/?a=1"}, {Label: "x", URL: "https://ada.example"}}
		}, func(t *testing.T, c *contact.Contact) {
			deq(t, "urls", c.URLs, []contact.URL{{Label: "work", URL: "https://ada.example"}, {Label: "blog", URL: "https://blog.example/?a=1"}})
		}},
		{"urls: a label is one word that LABEL=URL reads back", "", func(c *contact.Contact) {
			c.URLs = []contact.URL{{Label: "x:y", URL: "https://a.example"}, {Label: "Home Page", URL: "https://b.example"},
				{Label: "a, b", URL: "https://c.example"}, {Label: "k=v", URL: "https://d.example"}, {Label: ". /", URL: "https://e.example"},
				{Label: "c++_ü-1", URL: "https://f.example"}}
		}, func(t *testing.T, c *contact.Contact) {
			want := []contact.URL{{Label: "x-y", URL: "https://a.example"}, {Label: "home-page", URL: "https://b.example"},
				{Label: "a-b", URL: "https://c.example"}, {Label: "k-v", URL: "https://d.example"}, {Label: "work", URL: "https://e.example"},
				{Label: "c++_ü-1", URL: "https://f.example"}}
			deq(t, "urls", c.URLs, want)
			for _, u := range c.URLs {
				if got := contact.ParseURL(u.Label + "=" + u.URL); got != u {
					t.Errorf("ParseURL(%q) = %+v", u.Label+"="+u.URL, got)
				}
			}
		}},
		{"tags: trimmed, deduplicated case-insensitively, sorted, empty dropped", "", func(c *contact.Contact) {
			c.Tags = []string{" vip", "gold", "VIP", "", "alpha"}
		}, func(t *testing.T, c *contact.Contact) { deq(t, "tags", c.Tags, []string{"alpha", "gold", "vip"}) }},
		{"attributes: values trimmed, an empty one stored before kept", "", func(c *contact.Contact) {
			c.Attributes = map[string]string{"source": " conference ", "shoe.size": "38", "a_b-c": "1", "empty": ""}
		}, func(t *testing.T, c *contact.Contact) {
			deq(t, "attributes", c.Attributes, map[string]string{"source": "conference", "shoe.size": "38", "a_b-c": "1", "empty": ""})
		}},
		{"nil attributes become an empty map", "", func(c *contact.Contact) { c.Attributes = nil },
			func(t *testing.T, c *contact.Contact) {
				if c.Attributes == nil {
					t.Error("attributes stayed nil")
				}
			}},
		{"notes may span lines and are trimmed", "", func(c *contact.Contact) {
			c.Notes = []contact.Note{{Text: " line one\n\tline two\r\n"}}
		}, func(t *testing.T, c *contact.Contact) { eq(t, "note", c.Notes[0].Text, "line one\n\tline two") }},
		{"display name from name parts", "", func(c *contact.Contact) {
			c.Prefix, c.MiddleName, c.LastName, c.Suffix, c.Nickname = "Dr", "Augusta", "Lovelace", "PhD", "Countess"
		}, func(t *testing.T, c *contact.Contact) { eq(t, "name", c.Name, "Dr Ada Augusta Lovelace PhD") }},
		{"display name falls back to nickname", "", func(c *contact.Contact) { c.FirstName, c.Nickname, c.Company = "", "Countess", "Acme" },
			func(t *testing.T, c *contact.Contact) { eq(t, "name", c.Name, "Countess") }},
		{"display name falls back to company", "", func(c *contact.Contact) { c.FirstName, c.Company = "", "Acme" },
			func(t *testing.T, c *contact.Contact) { eq(t, "name", c.Name, "Acme") }},
		{"display name falls back to phone", "", func(c *contact.Contact) {
			c.FirstName = ""
			c.Phones = []contact.Phone{{Number: "+1 415 555 0123"}}
			c.Emails = []contact.Email{{Address: "x@example.com"}}
		}, func(t *testing.T, c *contact.Contact) { eq(t, "name", c.Name, "+1 415 555 0123") }},
		{"display name falls back to email", "", func(c *contact.Contact) {
			c.FirstName = ""
			c.Emails = []contact.Email{{Address: "X@Example.com"}}
		}, func(t *testing.T, c *contact.Contact) { eq(t, "name", c.Name, "x@example.com") }},
		{"a field of the most bytes is kept", "", func(c *contact.Contact) { c.Company = strings.Repeat("x", contact.MaxFieldLen) },
			func(t *testing.T, c *contact.Contact) {
				if len(c.Company) != contact.MaxFieldLen {
					t.Errorf("company of %d bytes, want %d", len(c.Company), contact.MaxFieldLen)
				}
			}},
		{"a last name alone is enough", "", func(c *contact.Contact) { c.FirstName, c.LastName = "", "Lovelace" },
			func(t *testing.T, c *contact.Contact) { eq(t, "name", c.Name, "Lovelace") }},
		{"a middle name alone is a name", "", func(c *contact.Contact) { c.FirstName, c.MiddleName, c.Nickname = "", "Augusta", "Countess" },
			func(t *testing.T, c *contact.Contact) { eq(t, "name", c.Name, "Augusta") }},
		{"unicode names", "", func(c *contact.Contact) { c.FirstName, c.LastName = "Zoë", "Ωmega 山田" },
			func(t *testing.T, c *contact.Contact) { eq(t, "name", c.Name, "Zoë Ωmega 山田") }},
		{"invisible characters dropped", "", func(c *contact.Contact) {
			c.FirstName, c.LastName, c.Company = "\u200bJo\u200bse", "Pa\u00adsted\ufeff", "\u2060"
			c.Attributes = map[string]string{"k": "v\u200b"}
		}, func(t *testing.T, c *contact.Contact) {
			eq(t, "name", c.Name, "Jose Pasted")
			eq(t, "company", c.Company, "")
			eq(t, "attribute", c.Attributes["k"], "v")
		}},
		{"joiners kept", "", func(c *contact.Contact) { c.FirstName = "👩\u200d💻 می\u200cخواهم" },
			func(t *testing.T, c *contact.Contact) {
				eq(t, "first", c.FirstName, "👩\u200d💻 می\u200cخواهم")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.edit(c)
			if err := contact.Normalize(c, tt.region); err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			tt.check(t, c)
		})
	}
}

func TestNormalizeRefuses(t *testing.T) {
	tests := []struct {
		name string
		edit func(c *contact.Contact)
		want string // the whole message
	}{
		{"no name, company, phone or email", func(c *contact.Contact) { c.FirstName, c.Title, c.Tags = "", "CEO", []string{"vip"} },
			"contact: needs at least one of a name (first, middle, last or nickname), a company, a phone or an email"},
		{"prefix alone is no name", func(c *contact.Contact) { c.FirstName, c.Prefix = "", "Dr" },
			"contact: needs at least one of a name (first, middle, last or nickname), a company, a phone or an email"},
		{"uid not UTF-8", func(c *contact.Contact) { c.UID = "u\xff" }, `uid: "u\xff" is not valid UTF-8 text`},
		{"uid over lines", func(c *contact.Contact) { c.UID = "a\nb" }, `uid: "a\nb" is more than one line`},
		{"blank name", func(c *contact.Contact) { c.FirstName = "   " },
			"contact: needs at least one of a name (first, middle, last or nickname), a company, a phone or an email"},
		{"type", func(c *contact.Contact) { c.Type = "vip" }, `type: "vip" must be one of lead, prospect, customer, other`},
		{"level", func(c *contact.Contact) { c.Level = "boss" }, `level: "boss" must be one of primary, secondary, tertiary`},
		{"birthday", func(c *contact.Contact) { c.Birthday = "02/30/2020" }, `birthday: "02/30/2020" is not a real date (use YYYY-MM-DD, --MM-DD or MM/DD/YYYY)`},
		{"anniversary", func(c *contact.Contact) { c.Anniversary = "2021-02-29" }, `anniversary: "2021-02-29" is not a real date (use YYYY-MM-DD, --MM-DD or MM/DD/YYYY)`},
		{"language", func(c *contact.Contact) { c.Language = "12345" }, `language: "12345" is not a language tag (examples: en, fr-CA)`},
		{"timezone", func(c *contact.Contact) { c.Timezone = "Mars/Olympus" }, `timezone: "Mars/Olympus" is not an IANA time zone (example: Europe/Paris)`},
		{"timezone Local", func(c *contact.Contact) { c.Timezone = "Local" }, `timezone: "Local" is not an IANA time zone (example: Europe/Paris)`},
		{"visibility", func(c *contact.Contact) { c.Visibility = "secret" }, `visibility: "secret" must be private or public`},
		{"control character in a name", func(c *contact.Contact) { c.LastName = "Love\x1blace" }, `last: "Love\x1blace" contains a control character`},
		{"newline in a single-line field", func(c *contact.Contact) { c.Company = "Acme\nInc" }, `company: "Acme\nInc" is more than one line`},
		{"tab in a single-line field", func(c *contact.Contact) { c.Title = "a\tb" }, `title: "a\tb" contains a control character`},
		{"invalid UTF-8", func(c *contact.Contact) { c.FirstName = "Ad\xffa" }, `first: "Ad\xffa" is not valid UTF-8 text`},
		{"only invisible characters", func(c *contact.Contact) { c.FirstName = "\u200b\u00ad" },
			"contact: needs at least one of a name (first, middle, last or nickname), a company, a phone or an email"},
		{"field too long", func(c *contact.Contact) { c.Company = strings.Repeat("x", contact.MaxFieldLen+1) }, `company: is too long (at most 4096 bytes)`},
		{"phone unparseable", func(c *contact.Contact) { c.Phones = []contact.Phone{{Number: "call me"}} }, `phone: "call me" is not a phone number (in region US)`},
		{"phone too short", func(c *contact.Contact) { c.Phones = []contact.Phone{{Number: "555"}} }, `phone: "555" is not a phone number (in region US)`},
		{"phone empty", func(c *contact.Contact) { c.Phones = []contact.Phone{{Number: " "}} }, `phone: is empty`},
		{"phone label", func(c *contact.Contact) { c.Phones = []contact.Phone{{Label: "pager", Number: "+14155550123"}} }, `phone label: "pager" must be one of mobile, work, home, fax, other`},
		{"email", func(c *contact.Contact) { c.Emails = []contact.Email{{Address: "bad@"}} }, `email: "bad@" is not a valid email address`},
		{"email with a display name", func(c *contact.Contact) { c.Emails = []contact.Email{{Address: "Ada <ada@example.com>"}} }, `email: "Ada <ada@example.com>" is not a valid email address`},
		{"email without @", func(c *contact.Contact) { c.Emails = []contact.Email{{Address: "ada.example.com"}} }, `email: "ada.example.com" is not a valid email address`},
		{"email label", func(c *contact.Contact) { c.Emails = []contact.Email{{Label: "mobile", Address: "a@b.example"}} }, `email label: "mobile" must be one of work, home, other`},
		{"address country", func(c *contact.Contact) { c.Addresses = []contact.Address{{City: "Oz", Country: "Narnia"}} }, `address country: "Narnia" is not an ISO 3166 country name or code`},
		{"address label", func(c *contact.Contact) { c.Addresses = []contact.Address{{Label: "office", City: "Oz"}} }, `address label: "office" must be one of work, home, other`},
		{"address empty", func(c *contact.Contact) { c.Addresses = []contact.Address{{Label: "work", Street: " "}} }, `address: is empty (use LABEL=street;city;state;zip;country)`},
		{"address control character", func(c *contact.Contact) { c.Addresses = []contact.Address{{City: "Lon\ndon"}} }, `address city: "Lon\ndon" is more than one line`},
		{"social network", func(c *contact.Contact) { c.Socials = []contact.Social{{Network: "My Space", Handle: "x"}} }, `social network: "my space" must be a network name such as linkedin or twitter`},
		{"social handle", func(c *contact.Contact) { c.Socials = []contact.Social{{Network: "linkedin"}} }, `social linkedin: needs a handle or URL (use NETWORK=HANDLE)`},
		{"social network too long", func(c *contact.Contact) {
			c.Socials = []contact.Social{{Network: strings.Repeat("n", contact.MaxFieldLen+1), Handle: "x"}}
		}, `social network: is too long (at most 4096 bytes)`},
		{"url with a space", func(c *contact.Contact) { c.URLs = []contact.URL{{URL: "http://a b"}} }, `url: "http://a b" is not a valid URL`},
		{"url with a space in its path", func(c *contact.Contact) { c.URLs = []contact.URL{{URL: "https://example.com/my page"}} },
			`url: "https://example.com/my page" is not a valid URL`},
		{"url empty", func(c *contact.Contact) { c.URLs = []contact.URL{{Label: "blog"}} }, `url: is not a valid URL`},
		{"tag with a comma", func(c *contact.Contact) { c.Tags = []string{"a,b"} }, `tag: "a,b" must not contain a comma`},
		{"attribute key", func(c *contact.Contact) { c.Attributes = map[string]string{"bad key": "1"} }, `attribute: "bad key" is not a valid key (ASCII letters, digits, _ . -)`},
		{"attribute key with an empty value", func(c *contact.Contact) { c.Attributes = map[string]string{"bad key": ""} }, `attribute: "bad key" is not a valid key (ASCII letters, digits, _ . -)`},
		{"attribute value with a newline", func(c *contact.Contact) { c.Attributes = map[string]string{"k": "a\nb"} }, `attribute k: "a\nb" is more than one line`},
		{"note too long", func(c *contact.Contact) { c.Notes = []contact.Note{{Text: strings.Repeat("x", contact.MaxNoteLen+1)}} }, `note: is too long (at most 1048576 bytes)`},
		// A binary file given as a note is not shown back, escaped.
		{"note not UTF-8, too long to show", func(c *contact.Contact) { c.Notes = []contact.Note{{Text: strings.Repeat("\xff", 5000)}} },
			`note: is not valid UTF-8 text`},
		{"note with a control character", func(c *contact.Contact) { c.Notes = []contact.Note{{Text: "beep\a"}} }, `note: "beep\a" contains a control character`},
		{"vcard_extra visibility", func(c *contact.Contact) { c.VCardExtra = "X-A:1\nX-ROLO-VISIBILITY:public" },
			`vcard_extra: "X-ROLO-VISIBILITY:public" names X-ROLO-VISIBILITY, which rolo models or writes itself; only properties rolo does not model may be kept`},
		{"vcard_extra grouped phone", func(c *contact.Contact) { c.VCardExtra = "item1.tel;type=cell:+15555550100" },
			`vcard_extra: "item1.tel;type=cell:+15555550100" names TEL, which rolo models or writes itself; only properties rolo does not model may be kept`},
		{"vcard_extra second card", func(c *contact.Contact) { c.VCardExtra = "X-A:1\nEND:VCARD\nBEGIN:VCARD" },
			`vcard_extra: "END:VCARD" names END, which rolo models or writes itself; only properties rolo does not model may be kept`},
		{"vcard_extra FN", func(c *contact.Contact) { c.VCardExtra = "FN:Someone Else" },
			`vcard_extra: "FN:Someone Else" names FN, which rolo models or writes itself; only properties rolo does not model may be kept`},
		{"vcard_extra FN with a parameter that only looks like a link", func(c *contact.Contact) { c.VCardExtra = "FN;X-A=\";X-ROLO-FOR=N:x\":Someone Else" },
			`vcard_extra: "FN;X-A=\";X-ROLO-FOR=N:x\":Someone Else" names FN, which rolo models or writes itself; only properties rolo does not model may be kept`},
		{"vcard_extra social", func(c *contact.Contact) { c.VCardExtra = "X-WHATSAPP:+15555550100" },
			`vcard_extra: "X-WHATSAPP:+15555550100" names X-WHATSAPP, which rolo models or writes itself; only properties rolo does not model may be kept`},
		{"vcard_extra CR", func(c *contact.Contact) { c.VCardExtra = "X-A:1\rEND:VCARD" }, `vcard_extra: "X-A:1\rEND:VCARD" contains a line break or NUL`},
		{"vcard_extra no value", func(c *contact.Contact) { c.VCardExtra = "X-A;TYPE=\"a:b\"" }, `vcard_extra: "X-A;TYPE=\"a:b\"" is not a vCard content line (NAME:VALUE)`},
		{"vcard_extra bad name", func(c *contact.Contact) { c.VCardExtra = "X A:1" }, `vcard_extra: "X A:1" is not a vCard content line (NAME:VALUE)`},
		{"vcard_extra long line", func(c *contact.Contact) { c.VCardExtra = "EMAIL:" + strings.Repeat("é", 60) },
			`vcard_extra: "EMAIL:` + strings.Repeat("é", 35) + `..." names EMAIL, which rolo models or writes itself; only properties rolo does not model may be kept`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.edit(c)
			err := contact.Normalize(c, "")
			if err == nil {
				t.Fatalf("Normalize accepted it; want %q", tt.want)
			}
			if code := contact.ErrorCode(err); code != contact.EINVALID {
				t.Errorf("code = %q, want %q", code, contact.EINVALID)
			}
			if got := contact.ErrorMessage(err); got != tt.want {
				t.Errorf("message\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

// TestNormalizeEnough checks each way of meeting the "needs at least one of"
// rule on its own.
func TestNormalizeEnough(t *testing.T) {
	for name, c := range map[string]*contact.Contact{
		"first":    {FirstName: "Ada"},
		"middle":   {MiddleName: "Augusta"},
		"last":     {LastName: "Lovelace"},
		"nickname": {Nickname: "Countess"},
		"company":  {Company: "Acme"},
		"phone":    {Phones: []contact.Phone{{Number: "+14155550123"}}},
		"email":    {Emails: []contact.Email{{Address: "a@b.example"}}},
	} {
		if err := contact.Normalize(c, ""); err != nil {
			t.Errorf("%s alone: %v", name, err)
		}
	}
}

// TestDropEmptyAttributes: an attribute given with an empty value is no
// attribute (add --attr k=, an import), its key checked all the same;
// Normalize, which also runs on stored contacts, leaves that to input.
func TestDropEmptyAttributes(t *testing.T) {
	c := &contact.Contact{Attributes: map[string]string{"plan": "pro", "empty": "", "blank": " \u200b "}}
	if err := contact.DropEmptyAttributes(c); err != nil {
		t.Fatal(err)
	}
	deq(t, "attributes", c.Attributes, map[string]string{"plan": "pro"})
	bad := &contact.Contact{Attributes: map[string]string{"bad key": ""}}
	err := contact.DropEmptyAttributes(bad)
	if want := `attribute: "bad key" is not a valid key (ASCII letters, digits, _ . -)`; err == nil || contact.ErrorMessage(err) != want {
		t.Errorf("bad key: got %v, want %s", err, want)
	}
}

// TestNormalizeIdempotent: a stored contact normalizes to itself, so that
// an edit that changes nothing logs nothing.
func TestNormalizeIdempotent(t *testing.T) {
	c := &contact.Contact{
		Prefix: "Dr", FirstName: "Ada", LastName: "Lovelace", Type: "Customer", Birthday: "12/10/1815", Language: "en_gb",
		Phones:     []contact.Phone{{Number: "(415) 555-0123"}},
		Emails:     []contact.Email{{Address: "Ada@Example.com"}},
		Addresses:  []contact.Address{{City: "London", Country: "gbr"}},
		Socials:    []contact.Social{{Network: "LinkedIn", Handle: "ada"}},
		URLs:       []contact.URL{{URL: "https://ada.example"}},
		Tags:       []string{"vip", "Gold"},
		Attributes: map[string]string{"k": " v "},
	}
	if err := contact.Normalize(c, "US"); err != nil {
		t.Fatal(err)
	}
	again := c.Clone()
	if err := contact.Normalize(again, "US"); err != nil {
		t.Fatal(err)
	}
	if d := contact.Diff(c, again); len(d) != 0 {
		t.Errorf("second Normalize changed %+v", d)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"2020-02-29", "2020-02-29"},
		{" 2020-01-02 ", "2020-01-02"},
		{"1815-12-10", "1815-12-10"},
		{"02/29/2020", "2020-02-29"},
		{"2/9/2020", "2020-02-09"},
		{"20200229", "2020-02-29"},
		{"--02-29", "--02-29"},
		{"--0229", "--02-29"},
		{"--12-10", "--12-10"},
	}
	for _, tt := range tests {
		got, err := contact.ParseDate("birthday", tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"02/30/2020", "2021-02-29", "2020-13-01", "2020-00-10", "0000-01-01", "--02-30", "--13-01", "--2-3", "--12-10x", "--5",
		"13/01/2020", "2020-1-2", "yesterday", "2020/01/02", "10.12.1815"} {
		got, err := contact.ParseDate("anniversary", in)
		if err == nil {
			t.Errorf("ParseDate(%q) = %q, want an error", in, got)
			continue
		}
		want := `anniversary: "` + in + `" is not a real date (use YYYY-MM-DD, --MM-DD or MM/DD/YYYY)`
		if contact.ErrorCode(err) != contact.EINVALID || contact.ErrorMessage(err) != want {
			t.Errorf("ParseDate(%q) error = %v, want %s", in, err, want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct{ raw, region, want string }{
		{"(415) 555-0123", "US", "+14155550123"},
		{"(415) 555-0123", "", "+14155550123"},
		{"415.555.0123", "us", "+14155550123"},
		{"1-415-555-0123", "US", "+14155550123"},
		{"+1 415 555 0123 ext. 12", "US", "+14155550123"},
		{"tel:+14155550123", "US", "+14155550123"},
		{"+44 20 7946 0958", "US", "+442079460958"},
		{"020 7946 0958", "GB", "+442079460958"},
		{"07700 900123", "GB", "+447700900123"},
		{"0044 20 7946 0958", "FR", "+442079460958"},
		{"01 42 68 53 00", "FR", "+33142685300"},
		{"+33 1 42 68 53 00", "US", "+33142685300"},
		{"030 901820", "DE", "+4930901820"},
		{"+81 3-1234-5678", "US", "+81312345678"},
		{"+1 (415) 555 0123", "ZZ", "+14155550123"},
		// Letters after the digits: a vanity number, an extension.
		{"1-800-FLOWERS", "US", "+18003569377"},
		{"415 555 0123 x123", "US", "+14155550123"},
		{"(415) 555-0123 ext. 5", "US", "+14155550123"},
		{"TEL:+1-415-555-0123", "US", "+14155550123"},
		{"tel:+44-20-7946-0958", "US", "+442079460958"},
		// The fictional 555-01xx numbers, a local number, numbers
		// libphonenumber's IsValidNumber would refuse.
		{"(202) 555-0143", "US", "+12025550143"},
		{"555-0123", "US", "+15550123"},
		{"201-4567", "US", "+12014567"}, // a local number's exchange may start with 2, and then 0
		{"+44 7700 900123", "US", "+447700900123"},
		{"03-1234-5678", "JP", "+81312345678"},
		{"0311111111", "JP", "+81311111111"},
		// Poland dials no trunk 0, but people write one: the number
		// without it is the one meant. Italy's numbers keep their 0.
		{"0634 272 451", "PL", "+48634272451"},
		{"634 272 451", "PL", "+48634272451"},
		{"0634 272 451 ext. 12", "PL", "+48634272451"},
		{"0048 634 272 451", "PL", "+48634272451"},
		{"0634 272 451", "DE", "+49634272451"},
		{"02 1234 5678", "IT", "+390212345678"},
		{"06 4488 3456", "IT", "+390644883456"},
		{"+39 06 4488 3456", "PL", "+390644883456"},
		// Written with the country too, as "+44 020 ..." is for the UK
		// (whose 0 libphonenumber drops itself).
		{"+48 0634 272 451", "US", "+48634272451"},
		{"0048 0634 272 451", "PL", "+48634272451"},
		{"+39 0644883456", "US", "+390644883456"},
		// A German extension after the number: E.164's most, 15 digits.
		{"+49 30 12345678901", "US", "+493012345678901"},
		// Mexico's dialling prefixes retired in 2019, which address books
		// and caller IDs still write: the number they dialled.
		{"+52 1 55 1234 5678", "US", "+525512345678"},
		{"+5215512345678", "", "+525512345678"},
		{"0052 1 55 1234 5678", "MX", "+525512345678"},
		{"044 55 1234 5678", "MX", "+525512345678"},
		{"045 33 1234 5678", "MX", "+523312345678"},
		{"01 55 1234 5678", "MX", "+525512345678"},
		{"55 1234 5678", "MX", "+525512345678"},
		{"+52 55 1234 5678", "US", "+525512345678"},
		// An extension word is no vanity number, nor are fewer than three
		// letters (libphonenumber drops those).
		{"+7 495 123 45 67 доб. 123", "RU", "+74951234567"},
		{"+34 91 123 45 67 anexo 12", "ES", "+34911234567"},
		{"+1 415 555 0123 extension 12", "US", "+14155550123"},
		{"tel:+1-800-FLOWERS;ext=5", "US", "+18003569377"},
		{"１-８００-ＦＬＯＷＥＲＳ", "US", "+18003569377"},
		// Digits grouped with Unicode's other spaces, as French typography
		// and word processors write them.
		{"06\u202f12\u202f34\u202f56\u202f78", "FR", "+33612345678"},
		{"+44\u20097700\u2009900123", "US", "+447700900123"},
		{"+49\u200730\u2007901820", "US", "+4930901820"},
		// Wrapped in, or grouped with, the bidi marks a phone or a chat
		// app puts around a number in Arabic, Hebrew or Persian text.
		{"\u200e+971 50 123 4567\u200e", "US", "+971501234567"},
		{"+971 50 123 4567\u200f", "US", "+971501234567"},
		{"050\u200f123\u200f4567", "AE", "+971501234567"},
	}
	for _, tt := range tests {
		got, err := contact.NormalizePhone(tt.raw, tt.region)
		if err != nil || got != tt.want {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want %q", tt.raw, tt.region, got, err, tt.want)
		}
	}
	bad := []struct{ raw, region, want string }{
		{"", "US", `phone: is empty`},
		{"abc", "US", `phone: "abc" is not a phone number (in region US)`},
		{"555", "US", `phone: "555" is not a phone number (in region US)`},
		{"+1 415", "US", `phone: "+1 415" is not a phone number`},
		{"＋1 415", "US", `phone: "＋1 415" is not a phone number`},             // a full-width +, as a Japanese keyboard types it, has its country too
		{"\u200e+1 415", "US", `phone: "\u200e+1 415" is not a phone number`}, // so has a + after a left-to-right mark
		{"020 7946 0958", "US", `phone: "020 7946 0958" is not a phone number (in region US)`},
		{"12", "gb", `phone: "12" is not a phone number (in region GB)`},
		// Letters before the first digit: a label, not a number.
		{"Tel10", "DE", `phone: "Tel10" is not a phone number (it has letters before the digits)`},
		{"Tel 4155550123", "US", `phone: "Tel 4155550123" is not a phone number (it has letters before the digits)`},
		{"Büro 7", "DE", `phone: "Büro 7" is not a phone number (it has letters before the digits)`},
		{"Mobile: +1 415 555 0123", "US", `phone: "Mobile: +1 415 555 0123" is not a phone number (it has letters before the digits)`},
		{"O20 7946 0958", "GB", `phone: "O20 7946 0958" is not a phone number (it has letters before the digits)`}, // the letter O for a zero
		{"+49 30 123456789012", "US", `phone: "+49 30 123456789012" is not a phone number (more than 15 digits)`},
		// No North American area code or exchange starts with 0 or 1.
		{"0311111111", "US", `phone: "0311111111" is not a phone number (no North American area code or exchange starts with 0 or 1)`},
		{"+1 031 111 1111", "GB", `phone: "+1 031 111 1111" is not a phone number (no North American area code or exchange starts with 0 or 1)`},
		{"+1 111 555 1212", "US", `phone: "+1 111 555 1212" is not a phone number (no North American area code or exchange starts with 0 or 1)`},
		{"(415) 155-0123", "US", `phone: "(415) 155-0123" is not a phone number (no North American area code or exchange starts with 0 or 1)`},
		{"0123/579", "US", `phone: "0123/579" is not a phone number (no North American area code or exchange starts with 0 or 1)`},
		// A word after the digits, which libphonenumber would dial as
		// vanity letters (+493012345774828, +4930123466245).
		{"030 12345 privat", "DE", `phone: "030 12345 privat" is not a phone number (it has a word after the digits; vanity letters are read only in capitals: 1-800-FLOWERS)`},
		{"+49 30 1234 Mobil", "US", `phone: "+49 30 1234 Mobil" is not a phone number (it has a word after the digits; vanity letters are read only in capitals: 1-800-FLOWERS)`},
		{"1-800-Flowers", "US", `phone: "1-800-Flowers" is not a phone number (it has a word after the digits; vanity letters are read only in capitals: 1-800-FLOWERS)`},
	}
	for _, tt := range bad {
		got, err := contact.NormalizePhone(tt.raw, tt.region)
		if err == nil || contact.ErrorCode(err) != contact.EINVALID || contact.ErrorMessage(err) != tt.want {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want error %s", tt.raw, tt.region, got, err, tt.want)
		}
	}
}

// TestNormalizeKeepsStoredE164: a phone that carries its E.164 form keeps
// it when its number reads as that form, in region or in the number's own
// country; a new number, a changed one, or one that does not agree with its
// E.164 form is read in region.
func TestNormalizeKeepsStoredE164(t *testing.T) {
	tests := []struct {
		name, number, e164, region, want string
	}{
		{"US number edited in region DE", "(415) 555-0123", "+14155550123", "DE", "+14155550123"},
		{"British national number in region US", "020 7946 0958", "+442079460958", "US", "+442079460958"},
		{"no region given", "020 7946 0958", "+442079460958", "", "+442079460958"},
		{"British national number in Devanagari digits in region US", "०२० ७९४६ ०९५८", "+442079460958", "US", "+442079460958"},
		{"Polish national number with a trunk 0 in region US", "0634 272 451", "+48634272451", "US", "+48634272451"},
		// Stored before rolo dropped a trunk 0 where the country has none:
		// read anew in its own region, kept in another.
		{"Polish national number with a trunk 0, stored with it, in region PL", "0634 272 451", "+480634272451", "PL", "+48634272451"},
		{"Polish national number with a trunk 0, stored with it, in region US", "0634 272 451", "+480634272451", "US", "+480634272451"},
		{"same region", "(415) 555-0123", "+14155550123", "US", "+14155550123"},
		{"new number", "(415) 555-0123", "", "DE", "+494155550123"},
		{"changed number", "(415) 555-0124", "+14155550123", "US", "+14155550124"},
		{"number that disagrees with its E.164", "030 901820", "+14155550123", "DE", "+4930901820"},
		// Stored before NormalizePhone refused them: still editable.
		{"stored label before the digits", "Tel 4155550123", "+14155550123", "US", "+14155550123"},
		{"stored impossible NANP number", "0311111111", "+10311111111", "US", "+10311111111"},
	}
	for _, tt := range tests {
		c := valid()
		c.Phones = []contact.Phone{{Number: tt.number, E164: tt.e164}}
		if err := contact.Normalize(c, tt.region); err != nil || c.Phones[0].E164 != tt.want || c.Phones[0].Number != tt.number {
			t.Errorf("%s: Normalize(%q, e164 %q, region %q) = %+v, %v; want e164 %q, number unchanged", tt.name, tt.number, tt.e164, tt.region, c.Phones, err, tt.want)
		}
	}
	// A stored phone that reads in no region refuses as before.
	c := valid()
	c.Phones = []contact.Phone{{Number: "020 7946 0958", E164: "+14155550123"}}
	if err := contact.Normalize(c, "US"); err == nil || contact.ErrorMessage(err) != `phone: "020 7946 0958" is not a phone number (in region US)` {
		t.Errorf("Normalize of a number that is not its E.164 nor one in US: %v", err)
	}
}

// TestKeepGivenE164RefusesBogusE164: an E.164 form that a file brings is
// kept only when rolo would store it, or a record could carry a number
// NormalizePhone refuses past Normalize.
func TestKeepGivenE164RefusesBogusE164(t *testing.T) {
	c := valid()
	c.Phones = []contact.Phone{{Number: "+1 415", E164: "+1415"}}
	contact.KeepGivenE164(c, "US")
	if err := contact.Normalize(c, "US"); err == nil || contact.ErrorMessage(err) != `phone: "+1 415" is not a phone number` {
		t.Errorf("record {+1 415, e164 +1415}: Normalize = %v, %+v; want the number refused", err, c.Phones)
	}
	// A good E.164 written in another region's national form still
	// imports as that number.
	c = valid()
	c.Phones = []contact.Phone{{Number: "(415) 555-0123", E164: "+14155550123"}}
	contact.KeepGivenE164(c, "DE")
	if err := contact.Normalize(c, "DE"); err != nil || c.Phones[0].E164 != "+14155550123" {
		t.Errorf("record {(415) 555-0123, e164 +14155550123} in DE: %v, %+v", err, c.Phones)
	}
}

// TestKeepGivenE164KeepsNationalNumbers: a number entered without + in one
// region, imported with its E.164 form in another, comes back as entered
// (the export of a teammate in GB read in US), also when the record's
// address puts it abroad. A number that reads as another one than the
// E.164 form it comes with was edited in the file: the number wins, read in
// the country of the E.164 form, else in the region.
func TestKeepGivenE164KeepsNationalNumbers(t *testing.T) {
	for _, tc := range []struct {
		number, e164, country, want string
	}{
		{"020 7946 0958", "+442079460958", "", "020 7946 0958"},
		{"020 7946 0958", "+442079460958", "GB", "020 7946 0958"},
		{"(415) 555-0123", "+14155550123", "", "(415) 555-0123"},
		{"030 1234567", "+49301234567", "", "030 1234567"},
	} {
		c := valid()
		c.Phones = []contact.Phone{{Number: tc.number, E164: tc.e164}}
		if tc.country != "" {
			c.Addresses = []contact.Address{{City: "London", Country: tc.country}}
		}
		region := contact.RecordRegion(c, "US")
		given, _ := contact.KeepGivenE164(c, region)
		if err := contact.Normalize(c, region); err != nil {
			t.Fatalf("%s (%s): %v", tc.number, tc.e164, err)
		}
		contact.InternationalNumbers(c, region, "US", given)
		if c.Phones[0].Number != tc.want || c.Phones[0].E164 != tc.e164 {
			t.Errorf("{%s, e164 %s} in US (country %q) = %+v, want number %q", tc.number, tc.e164, tc.country, c.Phones[0], tc.want)
		}
	}
	for _, tc := range []struct {
		number, e164, want, wantE164 string
	}{
		{"020 7946 0959", "+442079460958", "020 7946 0959", "+442079460959"},
		{"+1 415 555 0199", "+442079460958", "+1 415 555 0199", "+14155550199"},
		{"12", "+442079460958", "+44 20 7946 0958", "+442079460958"},
	} {
		c := valid()
		c.Phones = []contact.Phone{{Number: tc.number, E164: tc.e164}}
		given, _ := contact.KeepGivenE164(c, "US")
		if err := contact.Normalize(c, "US"); err != nil {
			t.Fatalf("%s (%s): %v", tc.number, tc.e164, err)
		}
		contact.InternationalNumbers(c, "US", "US", given)
		if c.Phones[0].Number != tc.want || c.Phones[0].E164 != tc.wantE164 {
			t.Errorf("{%s, e164 %s} in US = %+v, want {%s %s}", tc.number, tc.e164, c.Phones[0], tc.want, tc.wantE164)
		}
	}
}

// TestKeepGivenE164RefusedAsWritten: a number an older rolo stored that
// rolo refuses as written now (a word after the digits), exported with its
// E.164 form, imports as that number in international form, and says so;
// changed in the file to another such number, it is refused as a new one.
func TestKeepGivenE164RefusedAsWritten(t *testing.T) {
	for _, tc := range []struct{ number, e164, want string }{
		{"+49 30 1234 Mobil", "+4930123466245", "+49 30 123466245"},
		{"030 1234 privat", "+49301234774828", "+49 30 1234774828"},
	} {
		c := valid()
		c.Phones = []contact.Phone{{Number: tc.number, E164: tc.e164}}
		given, warnings := contact.KeepGivenE164(c, "US")
		if err := contact.Normalize(c, "US"); err != nil {
			t.Fatalf("%s (%s): %v", tc.number, tc.e164, err)
		}
		contact.InternationalNumbers(c, "US", "US", given)
		if c.Phones[0].Number != tc.want || c.Phones[0].E164 != tc.e164 {
			t.Errorf("{%s, e164 %s} = %+v, want number %q", tc.number, tc.e164, c.Phones[0], tc.want)
		}
		if len(warnings) != 1 || !strings.Contains(warnings[0], contact.Quote(tc.number)+" is read as "+tc.want) {
			t.Errorf("{%s, e164 %s}: warnings %q", tc.number, tc.e164, warnings)
		}
	}
	c := valid()
	c.Phones = []contact.Phone{{Number: "+49 30 9999 Mobil", E164: "+4930123466245"}}
	if _, warnings := contact.KeepGivenE164(c, "US"); len(warnings) != 0 {
		t.Errorf("edited number: warnings %q", warnings)
	}
	if err := contact.Normalize(c, "US"); err == nil || !strings.Contains(err.Error(), "a word after the digits") {
		t.Errorf("{+49 30 9999 Mobil, e164 +4930123466245}: Normalize = %v, %+v; want the number refused", err, c.Phones)
	}
}

// TestPhoneInternational: the form of a number written for other programs
// and regions reads as the same number everywhere.
func TestPhoneInternational(t *testing.T) {
	for _, tc := range []struct{ number, e164, want string }{
		{"+1 415 555 0123", "+14155550123", "+1 415 555 0123"},
		{"020 7946 0958", "+442079460958", "+442079460958"},
		{"07700 900123 ext. 12", "+447700900123", "+44 7700 900123 x12"},
		{"(415) 555-0123", "+14155550123", "+14155550123"},
		{"0049 30 1234567#5", "+49301234567", "+49 30 1234567 ext. 5"},
		{"0634 272 451 ext. 12", "+48634272451", "+48 63 427 24 51 ext. 12"},
		{"030 1234567", "", "030 1234567"},
		// Stored by an older rolo, refused as written now.
		{"+49 30 1234 Mobil", "+4930123466245", "+49 30 123466245"},
		{"+1-800-FLOWERS", "+18003569377", "+1-800-FLOWERS"},
	} {
		if got := (contact.Phone{Number: tc.number, E164: tc.e164}).International(); got != tc.want {
			t.Errorf("{%s, %s}.International() = %q, want %q", tc.number, tc.e164, got, tc.want)
		}
	}
}

// TestTrunkAsCountryCode: the start of a number written nationally with
// its trunk prefix starts its E.164 digits with the country code in place
// of the prefix; without the prefix, or where it is the country code, the
// digits are their own.
func TestTrunkAsCountryCode(t *testing.T) {
	for _, tc := range []struct {
		digits, region, want string
		ok                   bool
	}{
		{"0207946", "GB", "44207946", true},
		{"020", "gb", "4420", true},
		{"0891234", "DE", "49891234", true},
		{"0142", "FR", "33142", true},
		{"89161234", "RU", "79161234", true},
		{"2079460", "GB", "", false},
		{"0", "GB", "", false},
		{"1415555", "US", "", false},
		{"1415555", "", "", false},
		{"0207946", "US", "", false},
		{"0612345", "IT", "", false},
		{"0634272", "PL", "", false},
		{"0207946", "ZZ", "", false},
	} {
		got, ok := contact.TrunkAsCountryCode(tc.digits, tc.region)
		if got != tc.want || ok != tc.ok {
			t.Errorf("TrunkAsCountryCode(%q, %q) = %q, %v; want %q, %v", tc.digits, tc.region, got, ok, tc.want, tc.ok)
		}
	}
}

// TestQueryNumber: a number given to a query is read as lookup reads one:
// vanity letters in capitals are keypad digits, a tel: scheme and an
// extension are left out, and other letters are no number.
func TestQueryNumber(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"555-0100", "555-0100", true},
		{" (415) 555 ", "(415) 555", true},
		{"1-800-FLOWERS", "1-800-3569377", true},
		{"+1 800 FLOWERS", "+1 800 3569377", true},
		{"+1 415 555 0123 x7", "+1 415 555 0123", true},
		{"tel:+1-800-356-9377;ext=5", "+1-800-356-9377", true},
		{"1-800-flowers", "", false},
		{"800-FLOWERS", "", false},
		{"2025 review", "", false},
		{"ada@example.com", "", false},
	} {
		got, ok := contact.QueryNumber(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("QueryNumber(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestValidRegion(t *testing.T) {
	for _, r := range []string{"US", "gb", "DE", "JP"} {
		if !contact.ValidRegion(r) {
			t.Errorf("ValidRegion(%q) = false", r)
		}
	}
	for _, r := range []string{"", "ZZ", "XX", "USA", "United States"} {
		if contact.ValidRegion(r) {
			t.Errorf("ValidRegion(%q) = true", r)
		}
	}
}

func TestNormalizeCountry(t *testing.T) {
	tests := []struct{ in, want string }{
		{"US", "US"}, {"us", "US"}, {"USA", "US"}, {"usa", "US"}, {"united states", "US"}, {"United States of America", "US"},
		{"GB", "GB"}, {"gb", "GB"}, {"GBR", "GB"}, {"United Kingdom", "GB"}, {"UK", "GB"}, {"England", "GB"},
		{"DE", "DE"}, {"DEU", "DE"}, {"Germany", "DE"}, {"Deutschland", "DE"},
		{"FR", "FR"}, {"FRA", "FR"}, {"France", "FR"},
		{"japan", "JP"}, {" Japan ", "JP"}, {"JPN", "JP"},
		{"Netherlands", "NL"}, {"Holland", "NL"},
		{"South Korea", "KR"}, {"Côte d’Ivoire", "CI"}, {"Ivory Coast", "CI"},
	}
	for _, tt := range tests {
		got, err := contact.NormalizeCountry(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizeCountry(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"Narnia", "ZZ", "AA", "XYZ", "EU", "419", "Korea"} {
		got, err := contact.NormalizeCountry(in)
		want := `address country: "` + in + `" is not an ISO 3166 country name or code`
		if err == nil || contact.ErrorMessage(err) != want {
			t.Errorf("NormalizeCountry(%q) = %q, %v; want error %s", in, got, err, want)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{
		"Ada@Example.COM":          "ada@example.com",
		" ada@example.com ":        "ada@example.com",
		"a.b+tag@sub.example.org":  "a.b+tag@sub.example.org",
		"o'brien@example.ie":       "o'brien@example.ie",
		"user@[192.168.0.1]":       "user@[192.168.0.1]",
		"x@localhost":              "x@localhost",
		"UPPER.CASE@EXAMPLE.ORG  ": "upper.case@example.org",
	} {
		got, err := contact.NormalizeEmail(in)
		if err != nil || got != want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "bad@", "@example.com", "ada", "ada@@example.com", "Ada <ada@example.com>", "a b@example.com", "ada@example.com, bob@example.com"} {
		if got, err := contact.NormalizeEmail(in); err == nil {
			t.Errorf("NormalizeEmail(%q) = %q, want an error", in, got)
		} else if contact.ErrorCode(err) != contact.EINVALID || !strings.HasPrefix(contact.ErrorMessage(err), "email: ") {
			t.Errorf("NormalizeEmail(%q) error = %v", in, err)
		}
	}
}

func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func deq(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s\n got: %#v\nwant: %#v", what, got, want)
	}
}

// A user may not set a date after today, or in 1604 (read as "no year" by
// imports); one stored before stays editable.
func TestCheckNewOccasions(t *testing.T) {
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	err := contact.CheckNewOccasions(&contact.Contact{}, &contact.Contact{Birthday: "1604-04-12"}, now)
	if err == nil || err.Error() != `birthday: "1604-04-12" has the year 1604, which address books write for "no year" (give --MM-DD for a date without a year)` {
		t.Errorf("new 1604 birthday: %v", err)
	}
	if err := contact.CheckNewOccasions(&contact.Contact{}, &contact.Contact{Anniversary: "04/12/1604"}, now); err == nil {
		t.Error("new 1604 anniversary in MM/DD/YYYY: no error")
	}
	old := &contact.Contact{Birthday: "1604-04-12"}
	if err := contact.CheckNewOccasions(old, &contact.Contact{Birthday: "1604-04-12", Company: "Acme"}, now); err != nil {
		t.Errorf("a stored 1604 birthday left as it is: %v", err)
	}
	// A stored date after today (stored east of here) written another way
	// is the stored date.
	if err := contact.CheckNewOccasions(&contact.Contact{Anniversary: "2027-01-01"}, &contact.Contact{Anniversary: "01/01/2027"}, now); err != nil {
		t.Errorf("a stored 2027-01-01 anniversary given as 01/01/2027: %v", err)
	}
	if err := contact.CheckNewOccasions(&contact.Contact{}, &contact.Contact{Birthday: "1605-04-12"}, now); err != nil {
		t.Errorf("1605: %v", err)
	}
	// Not after today; a day without a year is any year.
	if err := contact.CheckNewOccasions(&contact.Contact{}, &contact.Contact{Birthday: "2026-06-16"}, now); err == nil || !strings.Contains(err.Error(), `birthday: "2026-06-16" is after today`) {
		t.Errorf("tomorrow's birthday: %v", err)
	}
	for _, ok := range []string{"2026-06-15", "--12-31", "1990-12-31"} {
		if err := contact.CheckNewOccasions(&contact.Contact{}, &contact.Contact{Anniversary: ok}, now); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

// FixE164 rewrites the E.164 form an older rolo gave a number written with
// a trunk 0 where the country dials none, and nothing else.
func TestFixE164(t *testing.T) {
	for in, want := range map[string]string{
		"+480634272451": "+48634272451", // Poland
		"+48634272451":  "+48634272451",
		"+390644883456": "+390644883456", // Italy keeps its 0
		"+442079460958": "+442079460958",
		"+14155550123":  "+14155550123",
		"+4506":         "+4506", // too short to be valid either way
		"":              "",
		"not a number":  "not a number",
	} {
		if got := contact.FixE164(in); got != want {
			t.Errorf("FixE164(%q) = %q, want %q", in, got, want)
		}
	}
}

// Two attribute keys that differ only in case are refused, as one
// attribute given two values; a contact stored with both before keys
// were matched in any case keeps them (contact.SetAsideStored).
func TestAttributeKeysInTwoCases(t *testing.T) {
	c := &contact.Contact{FirstName: "X", Attributes: map[string]string{"plan": "a", "PLAN": "b"}}
	err := contact.Normalize(c.Clone(), "US")
	if contact.ErrorCode(err) != contact.EINVALID || contact.ErrorMessage(err) != `attribute: "plan" is the key "PLAN" in another case (a key is one attribute whatever its case: give one)` {
		t.Errorf("contact.Normalize: %v", err)
	}
	stored := c.Clone()
	edited := c.Clone()
	edited.Title = "CTO"
	aside := contact.SetAsideStored(edited, stored)
	if err := contact.Normalize(edited, "US"); err != nil {
		t.Fatalf("stored keys set aside: %v", err)
	}
	if len(aside.Attributes()) != 2 {
		t.Errorf("aside %v", aside)
	}
	// One of them changed: the other is set aside, and the clash is not new.
	edited = c.Clone()
	edited.Attributes["plan"] = "c"
	aside = contact.SetAsideStored(edited, stored)
	if err := contact.Normalize(edited, "US"); err != nil || !reflect.DeepEqual(aside.Attributes(), map[string]string{"PLAN": "b"}) {
		t.Errorf("one changed: %v, aside %v", err, aside)
	}
	// A new spelling beside a stored key is refused.
	edited = &contact.Contact{FirstName: "X", Attributes: map[string]string{"plan": "a", "Plan": "z"}}
	aside = contact.SetAsideStored(edited, &contact.Contact{Attributes: map[string]string{"plan": "a"}})
	if err := contact.Normalize(edited, "US"); contact.ErrorCode(err) != contact.EINVALID {
		t.Errorf("new spelling: %v, aside %v", err, aside)
	}
}

// A key is at most 64 bytes, but for up to three ".ID" a merge adds to a
// key to keep a value that lost: that key rolo makes itself, and takes
// back. Any more is refused, however short each: a key is no place to keep
// text (a megabyte of ".1234567890123456789").
func TestValidAttrKey(t *testing.T) {
	k64 := strings.Repeat("k", 64)
	id19 := ".1234567890123456789"
	for k, want := range map[string]bool{
		"plan": true, k64: true, k64 + ".12": true, k64 + ".12.12": true, "a." + k64[2:] + ".3": true,
		k64 + ".1.2.3": true, k64 + strings.Repeat(id19, 3): true, "k" + strings.Repeat(id19, 4): true,
		k64 + "k": false, k64 + ".x": false, k64 + ".": false, k64 + ".-1": false, k64 + "k.12": false,
		k64 + "." + strings.Repeat("1", 20): false, "größe": false, "": false,
		k64 + ".1.2.3.4": false, k64 + strings.Repeat(id19, 3) + ".1": false,
		"k" + strings.Repeat(id19, 300): false, "k" + strings.Repeat(id19, 50000): false,
	} {
		if got := contact.ValidAttrKey(k); got != want {
			t.Errorf("ValidAttrKey(%q) = %v, want %v", k, got, want)
		}
	}
}
