package contact

import (
	"reflect"
	"testing"
)

// editFixture is a contact as the store gives it to an edit: a US number
// and a British one stored in its national form (entered in a GB
// profile), attributes under keys in two cases.
func editFixture() *Contact {
	return &Contact{ID: 7, Name: "Ada Lovelace", FirstName: "Ada", LastName: "Lovelace", Company: "Acme", Title: "Countess",
		Birthday: "1815-12-10", Visibility: Private,
		Phones: []Phone{
			{Label: "mobile", Number: "(415) 555-0100", E164: "+14155550100"},
			{Label: "work", Number: "020 7946 0958", E164: "+442079460958"},
		},
		Emails: []Email{{Label: "work", Address: "ada@acme.example"}, {Label: "home", Address: "ada@home.example"}},
		Addresses: []Address{
			{Label: "home", Street: "12 St James's Square", City: "London", Country: "GB"},
			{Label: "work", City: "Boston", State: "MA", Country: "US"},
		},
		Socials:    []Social{{Network: "github", Handle: "ada"}, {Network: "linkedin", Handle: "ada-lovelace"}},
		URLs:       []URL{{Label: "home", URL: "https://ada.example"}},
		Tags:       []string{"vip", "Math"},
		Attributes: map[string]string{"source": "webinar", "Plan": "pro"},
	}
}

const (
	setFields   = "anniversary, birthday, company, department, first, language, last, level, middle, nickname, prefix, suffix, timezone, title, type, visibility"
	unsetFields = "anniversary, birthday, company, department, first, language, last, level, middle, nickname, prefix, suffix, timezone, title, type"
)

// TestEditApply: each change flag of `rolo edit` on a contact, and what
// the user reads when one cannot be made. want edits a copy of the
// fixture into the contact the edit should leave.
func TestEditApply(t *testing.T) {
	tests := []struct {
		name    string
		edit    Edit
		want    func(c *Contact)
		wantErr string
	}{
		{name: "set a field", edit: Edit{Set: []string{"company=Analytical Engines", "type=customer"}},
			want: func(c *Contact) { c.Company, c.Type = "Analytical Engines", "customer" }},
		{name: "set under an alias, a JSON key, a dashed name, any case", edit: Edit{Set: []string{"org=Engines", "first_name=Augusta", "Middle-Name=Ada", " TZ =Europe/London"}},
			want: func(c *Contact) {
				c.Company, c.FirstName, c.MiddleName, c.Timezone = "Engines", "Augusta", "Ada", "Europe/London"
			}},
		{name: "set a value holding =", edit: Edit{Set: []string{"title=a=b"}},
			want: func(c *Contact) { c.Title = "a=b" }},
		{name: "set the same field twice to one value", edit: Edit{Set: []string{"company=X", "org=X"}},
			want: func(c *Contact) { c.Company = "X" }},
		{name: "set visibility, for the store to judge", edit: Edit{Set: []string{"Visibility= Public "}},
			want: func(c *Contact) { c.Visibility = Public }},
		{name: "set without =", edit: Edit{Set: []string{"company"}},
			wantErr: `--set: "company" must be FIELD=VALUE`},
		{name: "set an unknown field", edit: Edit{Set: []string{"colour=red"}},
			wantErr: `--set: unknown field "colour" (fields: ` + setFields + `)`},
		{name: "set one field to two values", edit: Edit{Set: []string{"company=A", "org=B"}},
			wantErr: `--set company=A and --set org=B: give one, not both`},

		{name: "unset a field", edit: Edit{Unset: []string{"birthday", "Title"}},
			want: func(c *Contact) { c.Birthday, c.Title = "", "" }},
		{name: "unset every list", edit: Edit{Unset: []string{"phones", "emails", "addresses", "socials", "urls", "tags", "attributes"}},
			want: func(c *Contact) {
				c.Phones, c.Emails, c.Addresses, c.Socials, c.URLs, c.Tags = nil, nil, nil, nil, nil, nil
				c.Attributes = map[string]string{}
			}},
		{name: "unset lists by their singular, attrs", edit: Edit{Unset: []string{"Phone", "email", "address", "social", "url", "tag", "attrs"}},
			want: func(c *Contact) {
				c.Phones, c.Emails, c.Addresses, c.Socials, c.URLs, c.Tags = nil, nil, nil, nil, nil, nil
				c.Attributes = map[string]string{}
			}},
		{name: "unset an attribute in any case", edit: Edit{Unset: []string{"attr.plan"}},
			want: func(c *Contact) { delete(c.Attributes, "Plan") }},
		{name: "unset an attribute c does not hold", edit: Edit{Unset: []string{"attr.crm"}},
			want: func(*Contact) {}},
		{name: "unset an unknown field", edit: Edit{Unset: []string{"colour"}},
			wantErr: `--unset: unknown field "colour" (fields: ` + unsetFields + `)`},
		{name: "unset visibility", edit: Edit{Unset: []string{"visibility"}},
			wantErr: `--unset: unknown field "visibility" (fields: ` + unsetFields + `)`},
		{name: "unset attr. with no key", edit: Edit{Unset: []string{"attr."}},
			wantErr: `--unset: unknown field "attr." (fields: ` + unsetFields + `)`},

		{name: "set and unset one field", edit: Edit{Set: []string{"company=X"}, Unset: []string{"company"}},
			wantErr: `--set company and --unset company: give one, not both`},
		{name: "set and unset one field in two cases", edit: Edit{Set: []string{"Company=X"}, Unset: []string{"company"}},
			wantErr: `--set Company and --unset company: give one, not both`},
		{name: "set and unset one field under two names", edit: Edit{Set: []string{"org=X"}, Unset: []string{"company"}},
			wantErr: `--set org and --unset company (both company): give one, not both`},
		{name: "attr and unset attr", edit: Edit{Attr: []string{"plan=basic"}, Unset: []string{"attr.plan"}},
			wantErr: `--attr plan and --unset attr.plan: give one, not both`},
		{name: "attr and rm-attr in another case", edit: Edit{Attr: []string{"plan=basic"}, RmAttr: []string{"Plan"}},
			wantErr: `--attr plan and --rm-attr Plan (one attribute whatever its case): give one, not both`},
		{name: "attr twice in two spellings", edit: Edit{Attr: []string{"plan=basic", "PLAN=basic"}},
			wantErr: `--attr plan=basic and --attr PLAN=basic: give one, not both`},
		{name: "attr twice to two values", edit: Edit{Attr: []string{"plan=basic", "plan=pro"}},
			wantErr: `--attr plan=basic and --attr plan=pro: give one, not both`},

		{name: "add a value of each list", edit: Edit{AddPhone: []string{"home=+1 415 555 0199"}, AddEmail: []string{"ada@example.com"},
			AddAddress: []string{"office=1 Main St;Paris;;75001;FR"}, AddSocial: []string{"mastodon=@ada@example.social"},
			AddURL: []string{"blog=https://ada.example/blog"}, AddTag: []string{"gold"}},
			want: func(c *Contact) {
				c.Phones = append(c.Phones, Phone{Label: "home", Number: "+1 415 555 0199"})
				c.Emails = append(c.Emails, Email{Address: "ada@example.com"})
				c.Addresses = append(c.Addresses, Address{Label: "office", Street: "1 Main St", City: "Paris", Zip: "75001", Country: "FR"})
				c.Socials = append(c.Socials, Social{Network: "mastodon", Handle: "@ada@example.social"})
				c.URLs = append(c.URLs, URL{Label: "blog", URL: "https://ada.example/blog"})
				c.Tags = append(c.Tags, "gold")
			}},
		{name: "add a social without =", edit: Edit{AddSocial: []string{"ada"}},
			wantErr: `social: "ada" must be NETWORK=HANDLE (example: linkedin=ada-lovelace)`},
		{name: "add an address of six parts", edit: Edit{AddAddress: []string{"a;b;c;d;e;f"}},
			wantErr: `address: "a;b;c;d;e;f" has more than 5 parts (street;city;state;zip;country)`},

		{name: "attr replaces the key in another case", edit: Edit{Attr: []string{"plan=basic", "crm=SF-2"}},
			want: func(c *Contact) {
				delete(c.Attributes, "Plan")
				c.Attributes["plan"], c.Attributes["crm"] = "basic", "SF-2"
			}},
		{name: "attr with an empty value removes it", edit: Edit{Attr: []string{"PLAN="}},
			want: func(c *Contact) { delete(c.Attributes, "Plan") }},
		{name: "attr without =", edit: Edit{Attr: []string{"plan"}},
			wantErr: `attribute: "plan" must be KEY=VALUE`},
		{name: "rm-attr in another case", edit: Edit{RmAttr: []string{"plan"}},
			want: func(c *Contact) { delete(c.Attributes, "Plan") }},
		{name: "rm-attr c does not hold", edit: Edit{RmAttr: []string{"crm"}},
			wantErr: `--rm-attr: Ada Lovelace has no attribute "crm"`},

		{name: "rm-email in any case and spacing", edit: Edit{RmEmail: []string{" ADA@Acme.Example "}},
			want: func(c *Contact) { c.Emails = c.Emails[1:] }},
		{name: "rm-email pasted with a zero width space", edit: Edit{RmEmail: []string{"ada@home\u200b.example"}},
			want: func(c *Contact) { c.Emails = c.Emails[:1] }},
		{name: "rm-email c does not hold", edit: Edit{RmEmail: []string{"ada@example.com"}},
			wantErr: `--rm-email: Ada Lovelace has no email "ada@example.com"`},
		{name: "rm-address by position", edit: Edit{RmAddress: []string{"2"}},
			want: func(c *Contact) { c.Addresses = c.Addresses[:1] }},
		{name: "rm-address by label in any case", edit: Edit{RmAddress: []string{"HOME"}},
			want: func(c *Contact) { c.Addresses = c.Addresses[1:] }},
		{name: "rm-address as the change log writes it", edit: Edit{RmAddress: []string{"work=;Boston;MA;;US"}},
			want: func(c *Contact) { c.Addresses = c.Addresses[:1] }},
		{name: "rm-address the first by position", edit: Edit{RmAddress: []string{"1"}},
			want: func(c *Contact) { c.Addresses = c.Addresses[1:] }},
		{name: "rm-address past the last", edit: Edit{RmAddress: []string{"3"}},
			wantErr: `--rm-address: Ada Lovelace has no address 3 (it has 2)`},
		{name: "rm-address counted from 0", edit: Edit{RmAddress: []string{"0"}},
			wantErr: `--rm-address: Ada Lovelace has no address 0 (it has 2)`},
		{name: "rm-address by a label c does not hold", edit: Edit{RmAddress: []string{"office"}},
			wantErr: `--rm-address: Ada Lovelace has no address "office" (give a label or a position)`},
		{name: "rm-social by network", edit: Edit{RmSocial: []string{"GitHub"}},
			want: func(c *Contact) { c.Socials = c.Socials[1:] }},
		{name: "rm-social by network and handle", edit: Edit{RmSocial: []string{"linkedin = ada-lovelace"}},
			want: func(c *Contact) { c.Socials = c.Socials[:1] }},
		{name: "rm-social with another handle", edit: Edit{RmSocial: []string{"github=bob"}},
			wantErr: `--rm-social: Ada Lovelace has no social profile "github=bob"`},
		{name: "rm-url, with or without its label", edit: Edit{RmURL: []string{"https://ada.example"}},
			want: func(c *Contact) { c.URLs = c.URLs[:0] }},
		{name: "rm-url labelled", edit: Edit{RmURL: []string{"site=https://ada.example"}},
			want: func(c *Contact) { c.URLs = c.URLs[:0] }},
		{name: "rm-url in other capitals with a trailing slash", edit: Edit{RmURL: []string{"HTTPS://Ada.Example/"}},
			want: func(c *Contact) { c.URLs = c.URLs[:0] }},
		{name: "rm-url c does not hold", edit: Edit{RmURL: []string{"https://bob.example"}},
			wantErr: `--rm-url: Ada Lovelace has no URL "https://bob.example"`},
		{name: "rm-tag in any case", edit: Edit{RmTag: []string{"math", "VIP"}},
			want: func(c *Contact) { c.Tags = c.Tags[:0] }},
		{name: "rm-tag c does not hold", edit: Edit{RmTag: []string{"gold"}},
			wantErr: `--rm-tag: Ada Lovelace has no tag "gold"`},

		{name: "removals before additions: a phone replaced", edit: Edit{RmPhone: []string{"415 555 0100"}, AddPhone: []string{"mobile=415 555 0100"}},
			want: func(c *Contact) { c.Phones = []Phone{c.Phones[1], {Label: "mobile", Number: "415 555 0100"}} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := editFixture()
			err := tt.edit.Apply(c, "US")
			if tt.wantErr != "" {
				if ErrorCode(err) != EINVALID || ErrorMessage(err) != tt.wantErr {
					t.Fatalf("error %q (%s), want %q (invalid, exit 2)", ErrorMessage(err), ErrorCode(err), tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("error %q", err)
			}
			want := editFixture()
			tt.want(want)
			if !reflect.DeepEqual(c, want) {
				t.Errorf("got\n%+v\nwant\n%+v", c, want)
			}
		})
	}
}

// TestEditRmEmailDecomposed: an address typed with its accents decomposed
// (as macOS writes them) is the one stored in normal form C, as
// --add-email finds it: --rm-email removes it.
func TestEditRmEmailDecomposed(t *testing.T) {
	c := &Contact{Name: "Zoë", FirstName: "Zoë", Emails: []Email{{Label: "work", Address: "zoë@acme.example"}}}
	if err := (&Edit{RmEmail: []string{"ZOE\u0308@acme.example"}}).Apply(c, "US"); err != nil {
		t.Fatalf("error %q", err)
	}
	if len(c.Emails) != 0 {
		t.Errorf("emails %v, want none", c.Emails)
	}
}

// TestEditRmPhone: a number to remove is the stored one in any formatting
// the user may type: read in the profile's region, or as the stored
// number's own country writes it (a British number stored nationally,
// removed in a US profile).
func TestEditRmPhone(t *testing.T) {
	const us, gb = "+14155550100", "+442079460958"
	tests := []struct {
		region, number string
		removed        string // E.164 of the phone removed
		wantErr        string
	}{
		{"US", "415 555 0100", us, ""},
		{"US", "(415) 555-0100", us, ""},
		{"US", "415.555.0100", us, ""},
		{"US", "4155550100", us, ""},
		{"US", "+1 415-555-0100", us, ""},
		{"US", "1 (415) 555 0100", us, ""},
		{"US", "tel:+1-415-555-0100", us, ""},
		{"US", "020 7946 0958", gb, ""},
		{"US", "+44 20 7946 0958", gb, ""},
		{"US", "+442079460958", gb, ""},
		{"GB", "020 7946 0958", gb, ""},
		{"GB", "(415) 555-0100", us, ""},
		{"GB", "+1 415 555 0100", us, ""},
		{"US", "415 555 0199", "", `--rm-phone: Ada Lovelace has no phone "415 555 0199"`},
		{"US", "+44 20 7946 0000", "", `--rm-phone: Ada Lovelace has no phone "+44 20 7946 0000"`},
		{"US", "call me", "", `phone: "call me" is not a phone number (in region US)`},
	}
	for _, tt := range tests {
		t.Run(tt.region+" "+tt.number, func(t *testing.T) {
			c := editFixture()
			err := (&Edit{RmPhone: []string{tt.number}}).Apply(c, tt.region)
			if tt.wantErr != "" {
				if ErrorCode(err) != EINVALID || ErrorMessage(err) != tt.wantErr {
					t.Fatalf("error %q (%s), want %q (invalid, exit 2)", ErrorMessage(err), ErrorCode(err), tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("error %q", err)
			}
			var left []string
			for _, p := range c.Phones {
				left = append(left, p.E164)
			}
			want := []string{us}
			if tt.removed == us {
				want = []string{gb}
			}
			if !reflect.DeepEqual(left, want) {
				t.Errorf("phones left %v, want %v", left, want)
			}
		})
	}
}

// TestEditCheck: Check refuses what no contact could take, before any
// contact is looked up, and leaves a value to remove, which only the
// contact can judge, to Apply.
func TestEditCheck(t *testing.T) {
	tests := []struct {
		name    string
		edit    Edit
		wantErr string
	}{
		{"no change", Edit{}, ""},
		{"removals of anything", Edit{RmPhone: []string{"call me"}, RmEmail: []string{"x"}, RmAddress: []string{"9"}, RmTag: []string{"gold"}, RmAttr: []string{"crm"}}, ""},
		{"a good edit", Edit{Set: []string{"org=X"}, Unset: []string{"tags", "attr.plan"}, AddPhone: []string{"+1 415 555 0199"}, Attr: []string{"crm=1"}}, ""},
		{"unknown field", Edit{Set: []string{"colour=red"}}, `--set: unknown field "colour" (fields: ` + setFields + `)`},
		{"unknown unset", Edit{Unset: []string{"colours"}}, `--unset: unknown field "colours" (fields: ` + unsetFields + `)`},
		{"set and unset", Edit{Set: []string{"tz=UTC"}, Unset: []string{"timezone"}}, `--set tz and --unset timezone (both timezone): give one, not both`},
		{"a social without =", Edit{AddSocial: []string{"ada"}}, `social: "ada" must be NETWORK=HANDLE (example: linkedin=ada-lovelace)`},
		{"an attribute without =", Edit{Attr: []string{"=x"}}, `attribute: "=x" must be KEY=VALUE`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.edit.Check()
			got := ""
			if err != nil {
				got = ErrorMessage(err)
			}
			if got != tt.wantErr {
				t.Errorf("Check: %q, want %q", got, tt.wantErr)
			}
		})
	}
}

// TestEditEmpty: an edit with no change is how rolo knows to open $EDITOR.
func TestEditEmpty(t *testing.T) {
	if !(&Edit{}).Empty() {
		t.Error("Edit{} is not empty")
	}
	if (&Edit{RmAttr: []string{"crm"}}).Empty() {
		t.Error("an edit with --rm-attr is empty")
	}
}
