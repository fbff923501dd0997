package editform_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/editform"
)

func stored() *contact.Contact {
	c := &contact.Contact{
		ID: 7, UID: "ada-1", Prefix: "Dr", FirstName: "Ada", MiddleName: "Augusta", LastName: "Lovelace", Suffix: "PhD",
		Nickname: "Countess", Company: "Analytical Engines", Title: "CEO", Department: "R&D", Type: "customer", Level: "secondary",
		Birthday: "1815-12-10", Anniversary: "--07-08", Language: "en-GB", Timezone: "Europe/London",
		Phones:     []contact.Phone{{Label: "mobile", Number: "(415) 555-0123"}, {Label: "work", Number: "+44 20 7946 0958"}},
		Emails:     []contact.Email{{Label: "work", Address: "ada@example.com"}, {Label: "home", Address: "a=b@home.example"}},
		Addresses:  []contact.Address{{Label: "home", Street: "1 Main St", City: "London", Zip: "SW1", Country: "GB"}, {Label: "work", City: "Paris"}},
		Socials:    []contact.Social{{Network: "linkedin", Handle: "ada"}, {Network: "twitter", Handle: "https://x.com/ada?a=b"}},
		URLs:       []contact.URL{{Label: "blog", URL: "https://blog.example/?q=a:b"}},
		Tags:       []string{"gold", "vip"},
		Attributes: map[string]string{"Source": "expo: 2026", "shoe.size": "38"},
		Notes:      []contact.Note{{ID: 1, Text: "kept"}},
		Visibility: contact.Public, Owner: "alice", Favorite: true,
	}
	if err := contact.Normalize(c, "US"); err != nil {
		panic(err)
	}
	return c
}

func TestRoundTrip(t *testing.T) {
	c := stored()
	form := editform.Encode(c)
	n := c.Clone()
	if err := editform.Decode(form, n); err != nil {
		t.Fatalf("Decode(Encode(c)): %v\n%s", err, form)
	}
	if err := contact.Normalize(n, "US"); err != nil {
		t.Fatal(err)
	}
	if d := contact.Diff(c, n); len(d) != 0 {
		t.Errorf("round trip changed %+v\nform:\n%s", d, form)
	}
	if !reflect.DeepEqual(c, n) {
		t.Errorf("round trip\n got: %+v\nwant: %+v", n, c)
	}
}

func TestEncode(t *testing.T) {
	form := string(editform.Encode(stored()))
	for _, line := range []string{
		"# rolo: editing contact 7 (ada-1)\n",
		"\nprefix: Dr\nfirst: Ada\nmiddle: Augusta\nlast: Lovelace\nsuffix: PhD\nnickname: Countess\ncompany: Analytical Engines\ntitle: CEO\ndepartment: R&D\ntype: customer\nlevel: secondary\nbirthday: 1815-12-10\nanniversary: --07-08\nlanguage: en-GB\ntimezone: Europe/London\n",
		"\nphone: mobile=(415) 555-0123\nphone: work=+44 20 7946 0958\n",
		"\nemail: work=ada@example.com\nemail: home=a=b@home.example\n",
		"\naddress: home=1 Main St;London;;SW1;GB\naddress: work=;Paris;;;\n",
		"\nsocial: linkedin=ada\nsocial: twitter=https://x.com/ada?a=b\n",
		"\nurl: blog=https://blog.example/?q=a:b\n",
		"\ntag: gold\ntag: vip\n",
		"\nattr.Source: expo: 2026\nattr.shoe.size: 38\n",
	} {
		if !strings.Contains(form, line) {
			t.Errorf("form lacks %q:\n%s", line, form)
		}
	}
	// Notes, visibility and owner are not editable in the form.
	for _, key := range []string{"note", "visibility", "owner", "favorite"} {
		if strings.Contains(form, "\n"+key+":") {
			t.Errorf("form shows %s:\n%s", key, form)
		}
	}
}

func TestDecodeEdits(t *testing.T) {
	c := stored()
	form := `# comments and blank lines are ignored

First:   Augusta Ada
last: King
company:
TYPE: prospect
phone: work=+44 20 7946 0958
phone: home=+1 212 555 0199
email: ada@example.com
address: other=;Berlin;;;DE
tag: new
attr.source: referral
`
	if err := editform.Decode([]byte(form), c); err != nil {
		t.Fatal(err)
	}
	if c.FirstName != "Augusta Ada" || c.LastName != "King" || c.Company != "" || c.Type != "prospect" {
		t.Errorf("scalar fields: %q %q %q %q", c.FirstName, c.LastName, c.Company, c.Type)
	}
	// A field left out of the form is emptied.
	if c.Prefix != "" || c.Birthday != "" || c.Title != "" {
		t.Errorf("fields left out were kept: %q %q %q", c.Prefix, c.Birthday, c.Title)
	}
	if want := []contact.Phone{{Label: "work", Number: "+44 20 7946 0958"}, {Label: "home", Number: "+1 212 555 0199"}}; !reflect.DeepEqual(c.Phones, want) {
		t.Errorf("phones = %+v", c.Phones)
	}
	if want := []contact.Email{{Address: "ada@example.com"}}; !reflect.DeepEqual(c.Emails, want) {
		t.Errorf("emails = %+v", c.Emails)
	}
	if want := []contact.Address{{Label: "other", City: "Berlin", Country: "DE"}}; !reflect.DeepEqual(c.Addresses, want) {
		t.Errorf("addresses = %+v", c.Addresses)
	}
	if len(c.Socials) != 0 || len(c.URLs) != 0 {
		t.Errorf("deleted lines kept socials %v, urls %v", c.Socials, c.URLs)
	}
	if !reflect.DeepEqual(c.Tags, []string{"new"}) || !reflect.DeepEqual(c.Attributes, map[string]string{"source": "referral"}) {
		t.Errorf("tags %v, attributes %v", c.Tags, c.Attributes)
	}
	// What the form does not show is kept.
	if c.ID != 7 || c.Visibility != contact.Public || !c.Favorite || len(c.Notes) != 1 || c.Owner != "alice" {
		t.Errorf("hidden state changed: %+v", c)
	}
}

func TestDecodeErrorsNameTheLine(t *testing.T) {
	tests := []struct{ form, want string }{
		{"first: Ada\nthis line has no colon\n", `edit: line 2: "this line has no colon" is not "field: value"`},
		{"# c\n\nshoe: 38\n", `edit: line 3: unknown field "shoe"`},
		{"first: Ada\nsocial: linkedin\n", `edit: line 2: social: "linkedin" must be NETWORK=HANDLE (example: linkedin=ada-lovelace)`},
		{"address: work=a;b;c;d;e;f\n", `edit: line 1: address: "work=a;b;c;d;e;f" has more than 5 parts (street;city;state;zip;country)`},
		{"attr.: x\n", `edit: line 1: unknown field "attr."`},
		{"title: Poet\nfirst: Ada\nTitle: Second\n", `edit: line 3: Title is already given on line 1 (it takes one value)`},
		{"attr.plan: a\nattr.plan: b\n", `edit: line 2: attr.plan is already given on line 1 (it takes one value)`},
		// Another name of the same field counts as the same field.
		{"company: Acme\nfirst: Ada\norg: Zeta\n", `edit: line 3: org is already given on line 1 as company (it takes one value)`},
		{"first_name: Ada\nfirst: Bea\n", `edit: line 2: first is already given on line 1 as first_name (it takes one value)`},
		{"first: Ada\nFirst-Name: Bea\n", `edit: line 2: First-Name is already given on line 1 as first (it takes one value)`},
		{"lang: en\nlanguage: fr\n", `edit: line 2: language is already given on line 1 as lang (it takes one value)`},
		{"timezone: UTC\ntz: Europe/Paris\n", `edit: line 2: tz is already given on line 1 as timezone (it takes one value)`},
		// An attribute key in another case is the same attribute.
		{"first: Ada\n\ntitle: " + strings.Repeat("x", 5<<20) + "\n", `edit: line 3: the line is too long (at most 4 MB)`},
		{"attr.Plan: x\nfirst: Ada\nattr.plan: y\n", `edit: line 3: attr.plan is already given on line 1 as attr.Plan (it takes one value)`},
		// A line the form shows empty is the one to fill in: a second
		// line for its field is refused, under any name, as is an empty
		// second line, which would not clear the first.
		{"company:\nfirst: Ada\norg: Acme\n", `edit: line 3: org is already given on line 1 as company, empty (it takes one value: fill in that line, or delete it)`},
		{"company:\ncompany: Acme\n", `edit: line 2: company is already given on line 1, empty (it takes one value: fill in that line, or delete it)`},
		{"company: Acme\nfirst: Ada\ncompany:\n", `edit: line 3: company is already given on line 1 (it takes one value)`},
		{"attr.plan:\nattr.Plan: x\n", `edit: line 2: attr.Plan is already given on line 1 as attr.plan, empty (it takes one value: fill in that line, or delete it)`},
	}
	for _, tt := range tests {
		err := editform.Decode([]byte(tt.form), stored())
		if err == nil {
			t.Errorf("Decode(%q) accepted it", tt.form)
			continue
		}
		if contact.ErrorCode(err) != contact.EINVALID || contact.ErrorMessage(err) != tt.want {
			t.Errorf("Decode(%q)\n got: %v\nwant: %s", tt.form, err, tt.want)
		}
	}
	// Multi-valued keys repeat; the empty line the form shows for an unset
	// field is filled in.
	form := editform.Encode(&contact.Contact{})
	if !strings.Contains(string(form), "\ncompany: \n") {
		t.Fatalf("the form shows no empty company line:\n%s", form)
	}
	filled := strings.Replace(string(form), "\ncompany: \n", "\ncompany: Acme\n", 1) + "tag: a\ntag: b\nattr.Plan: x\n"
	if c := stored(); editform.Decode([]byte(filled), c) != nil || c.Company != "Acme" || len(c.Tags) != 2 {
		t.Errorf("filled form: company %q, tags %v", c.Company, c.Tags)
	}
	// Empty values of multi-valued keys are skipped, not errors.
	c := stored()
	if err := editform.Decode([]byte("first: Ada\nphone:\ntag: \n"), c); err != nil || len(c.Phones) != 0 || len(c.Tags) != 0 {
		t.Errorf("empty multi-valued lines: %v, %v, %v", err, c.Phones, c.Tags)
	}
}

// A contact stored with two keys that differ only in case, from before
// keys were matched in any case, can still be edited in the form: both
// lines are kept, and either may change.
func TestApplyKeepsStoredKeysInTwoCases(t *testing.T) {
	c := stored()
	c.Attributes = map[string]string{"plan": "a", "PLAN": "b"}
	form := editform.Encode(c)
	edited := strings.Replace(string(form), "attr.plan: a\n", "attr.plan: c\n", 1)
	if ps := editform.Check([]byte(edited), c, "US", time.Now()); len(ps) != 0 {
		t.Fatalf("Check: %v", ps)
	}
	now := c.Clone()
	if err := editform.Apply(form, []byte(edited), now); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if want := map[string]string{"plan": "c", "PLAN": "b"}; !reflect.DeepEqual(now.Attributes, want) {
		t.Errorf("attributes %v, want %v", now.Attributes, want)
	}
	// A third spelling is not stored: refused.
	third := string(form) + "attr.Plan: d\n"
	if ps := editform.Check([]byte(third), c, "US", time.Now()); len(ps) != 1 || !strings.Contains(ps[0].String(), "attr.Plan is already given on line") {
		t.Errorf("Check: %v", ps)
	}
}

// A form saved with a byte order mark (Notepad) reads as without one.
func TestDecodeSkipsByteOrderMark(t *testing.T) {
	c := stored()
	form := editform.Encode(c)
	n := c.Clone()
	if err := editform.Decode(append([]byte("\ufeff"), form...), n); err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if ps := editform.Check(append([]byte("\ufeff"), form...), c, "US", time.Now()); len(ps) != 0 {
		t.Errorf("Check: %v", ps)
	}
	if n.FirstName != "Ada" || n.Title != "CEO" {
		t.Errorf("decoded %+v", n)
	}
}

// Apply changes only what the user changed in the form: what another
// process changed while the editor was open stays.
func TestApplyKeepsConcurrentChanges(t *testing.T) {
	c := stored()
	form := editform.Encode(c)
	edited := strings.Replace(string(form), "company: Analytical Engines\n", "company: NewCo\n", 1)
	edited = strings.Replace(edited, "tag: gold\n", "", 1)
	edited = strings.Replace(edited, "attr.shoe.size: 38\n", "attr.shoe.size: 39\n", 1)

	now := c.Clone() // as another process left it meanwhile
	now.Title = "Boss"
	now.Phones = append(now.Phones, contact.Phone{Label: "home", Number: "+1 212 555 0100"})
	now.Attributes["plan"] = "pro"
	if err := editform.Apply(form, []byte(edited), now); err != nil {
		t.Fatal(err)
	}
	if now.Company != "NewCo" || now.Title != "Boss" {
		t.Errorf("company %q, title %q; want the edit and the other change", now.Company, now.Title)
	}
	if !reflect.DeepEqual(now.Tags, []string{"vip"}) || len(now.Phones) != 3 {
		t.Errorf("tags %v, %d phones; want the tag removed and the new phone kept", now.Tags, len(now.Phones))
	}
	if now.Attributes["shoe.size"] != "39" || now.Attributes["plan"] != "pro" || now.Attributes["Source"] != "expo: 2026" {
		t.Errorf("attributes %v", now.Attributes)
	}
	// The form unchanged changes nothing.
	again := stored()
	again.Title = "Boss"
	if err := editform.Apply(form, form, again); err != nil || again.Title != "Boss" || again.Company != "Analytical Engines" {
		t.Errorf("unchanged form: %v, %+v", err, again)
	}
}

// A stored address with a ";" or a backslash in a part (as an import may
// store) is shown escaped and reads back as it was, so that saving the form
// with only another field changed is not refused.
func TestEncodeEscapesAddressParts(t *testing.T) {
	c := stored()
	c.Addresses = []contact.Address{{Label: "work", Street: `1 Main St; Rear, Suite 5`, City: `Spring\field`}}
	form := editform.Encode(c)
	if !strings.Contains(string(form), "\naddress: work=1 Main St\\; Rear, Suite 5;Spring\\\\field;;;\n") {
		t.Errorf("form:\n%s", form)
	}
	edited := strings.Replace(string(form), "title: CEO\n", "title: CTO\n", 1)
	now := c.Clone()
	if err := editform.Apply(form, []byte(edited), now); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if now.Title != "CTO" || !reflect.DeepEqual(now.Addresses, c.Addresses) {
		t.Errorf("title %q, addresses %+v; want CTO and %+v", now.Title, now.Addresses, c.Addresses)
	}
}

// Should a line of the form as rendered not read back, Apply still applies
// only what the user changed, never the form whole: a teammate's change to
// another field while the editor was open stays.
func TestApplyWhenTheFormDoesNotRoundTrip(t *testing.T) {
	c := stored()
	form := strings.Replace(string(editform.Encode(c)), "address: work=;Paris;;;\n", "address: work=a;b;c;d;e;f\n", 1)
	if err := editform.Decode([]byte(form), c.Clone()); err == nil {
		t.Fatal("the form reads back: this test needs a line that does not")
	}
	edited := strings.Replace(form, "address: work=a;b;c;d;e;f\n", "address: work=a;b;c;d;US\n", 1)
	edited = strings.Replace(edited, "title: CEO\n", "title: CTO\n", 1)
	now := c.Clone() // as a teammate left it meanwhile
	now.Company = "TeamCo"
	now.Tags = append(now.Tags, "fromteam")
	if err := editform.Apply([]byte(form), []byte(edited), now); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if now.Title != "CTO" || now.Company != "TeamCo" || !slices.Contains(now.Tags, "fromteam") {
		t.Errorf("title %q, company %q, tags %v; want the user's title and the teammate's company and tag", now.Title, now.Company, now.Tags)
	}
	if len(now.Addresses) != 2 || now.Addresses[1] != (contact.Address{Label: "work", Street: "a", City: "b", State: "c", Zip: "d", Country: "US"}) {
		t.Errorf("addresses %+v", now.Addresses)
	}
}

// A phone line the user left as it was keeps its stored E.164 form when
// another phone line changed, so that the store does not read a national
// number of another country in the editor's region; a changed line has
// none, to be read in the region.
func TestApplyKeepsE164OfUnchangedPhones(t *testing.T) {
	c := stored()
	c.Phones = []contact.Phone{
		{Label: "work", Number: "020 7946 0958", E164: "+442079460958"},
		{Label: "mobile", Number: "(415) 555-0123", E164: "+14155550123"},
	}
	form := editform.Encode(c)
	edited := strings.Replace(string(form), "(415) 555-0123", "(415) 555-0124", 1)
	edited = strings.Replace(edited, "phone: work=020", "phone: home=020", 1)
	now := c.Clone()
	if err := editform.Apply(form, []byte(edited), now); err != nil {
		t.Fatal(err)
	}
	want := []contact.Phone{
		{Label: "home", Number: "020 7946 0958", E164: "+442079460958"},
		{Label: "mobile", Number: "(415) 555-0124"},
	}
	if !reflect.DeepEqual(now.Phones, want) {
		t.Errorf("phones %+v; want %+v", now.Phones, want)
	}
}

// Overwrites names the fields both the user and another process changed,
// to different values, and nothing else.
func TestOverwrites(t *testing.T) {
	c := stored()
	form := editform.Encode(c)
	// The company given under another of its names is the company.
	edited := strings.Replace(string(form), "company: Analytical Engines\n", "org: NewCo\n", 1)
	edited = strings.Replace(edited, "title: "+c.Title+"\n", "title: Chief\n", 1)
	edited = strings.Replace(edited, "tag: gold\n", "", 1)

	now := c.Clone()
	now.Company = "OtherCo"       // both changed it: an overwrite
	now.Title = "Chief"           // both changed it the same way: none
	now.Tags = []string{"a", "b"} // both changed the tags: an overwrite
	now.Department = "Sales"      // only the other process: none
	got := editform.Overwrites(form, []byte(edited), now)
	want := []editform.Overwrite{
		{Field: "company", Theirs: "OtherCo", Mine: "NewCo"},
		{Field: "tag", Theirs: "a, b", Mine: "vip"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Overwrites = %+v, want %+v", got, want)
	}
	if got := editform.Overwrites(form, []byte(edited), c.Clone()); len(got) != 0 {
		t.Errorf("nothing changed meanwhile: Overwrites = %+v", got)
	}
}

// Check names every mistake of a form, each by its line: those Decode
// finds and the values validation refuses; a form fixed and given back
// through WithProblems keeps the numbers true to the text returned.
func TestCheckNamesEveryProblem(t *testing.T) {
	c := stored()
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	edited := "first: Ada\nbirthday: 1990-02-31\ngarbage\nphone: mobile=12\nanniversary: 2099-01-01\ntitle: a\ntitle: b\nlanguage: xx-nonsense-tag\n"
	got := editform.Check([]byte(edited), c, "US", now)
	want := []string{
		`line 2: birthday: "1990-02-31" is not a real date (use YYYY-MM-DD, --MM-DD or MM/DD/YYYY)`,
		`line 3: "garbage" is not "field: value"`,
		`line 4: phone: "12" is not a phone number (in region US)`,
		`line 5: anniversary: "2099-01-01" is after today (2026-06-15)`,
		`line 7: title is already given on line 6 (it takes one value)`,
	}
	var gotS []string
	for _, p := range got {
		gotS = append(gotS, p.String())
	}
	if len(gotS) < len(want) || !reflect.DeepEqual(gotS[:len(want)], want) {
		t.Errorf("Check:\n got: %q\nwant: %q (then the language)", gotS, want)
	}
	if len(gotS) != len(want)+1 || !strings.HasPrefix(gotS[len(want)], "line 8: language: ") {
		t.Errorf("Check: the language is not named on line 8: %q", gotS)
	}

	// The stored contact's own values, unchanged, are no problem (a
	// stored birthday a rule added since would refuse, a phone of another
	// region).
	if ps := editform.Check(editform.Encode(c), c, "DE", now); len(ps) != 0 {
		t.Errorf("Check(the form unchanged) = %v", ps)
	}

	// The form given back: the problems at the top, line numbers of the
	// returned text; given back again, the old list is replaced.
	again := editform.WithProblems([]byte(edited), got)
	lines := strings.Split(string(again), "\n")
	if !strings.HasPrefix(lines[0], "# rolo: NOT SAVED") || lines[1] != `#   line 10: birthday: "1990-02-31" is not a real date (use YYYY-MM-DD, --MM-DD or MM/DD/YYYY)` ||
		lines[9] != "birthday: 1990-02-31" {
		t.Fatalf("WithProblems:\n%s", again)
	}
	fixed := strings.Replace(string(again), "garbage\n", "", 1)
	ps := editform.Check([]byte(fixed), c, "US", now)
	twice := editform.WithProblems([]byte(fixed), ps)
	if strings.Count(string(twice), "NOT SAVED") != 1 || !strings.HasPrefix(string(editform.WithoutProblems(twice)), "first: Ada\n") {
		t.Errorf("WithProblems twice:\n%s", twice)
	}
	if l := strings.Split(string(twice), "\n"); l[1] != `#   line 9: birthday: "1990-02-31" is not a real date (use YYYY-MM-DD, --MM-DD or MM/DD/YYYY)` || l[8] != "birthday: 1990-02-31" {
		t.Errorf("WithProblems twice:\n%s", twice)
	}
}

// A phone or email line the user adds that is a number or address the
// form already has (another label, an extension, other capitals) is a
// problem naming the first line, not dropped by the store in silence; two
// stored values an older rolo kept both of are not.
func TestCheckNumberOrAddressTwice(t *testing.T) {
	c := stored()
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	form := string(editform.Encode(c))
	lines := strings.Count(form, "\n")
	edited := form + "phone: fax=+1 415 555 0123 x12\nemail: home=ADA@example.com\nphone: home=+1 212 555 0199\n"
	var got []string
	for _, p := range editform.Check([]byte(edited), c, "US", now) {
		got = append(got, p.String())
	}
	phoneLine := strings.Count(form[:strings.Index(form, "phone: mobile=")], "\n") + 1
	emailLine := strings.Count(form[:strings.Index(form, "email: work=")], "\n") + 1
	want := []string{
		fmt.Sprintf(`line %d: phone: "+1 415 555 0123 x12" is the number on line %d (+14155550123), which a contact has once: delete one of the two lines`, lines+1, phoneLine),
		fmt.Sprintf(`line %d: email: "ADA@example.com" is the address on line %d (ada@example.com), which a contact has once: delete one of the two lines`, lines+2, emailLine),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Check:\n got: %q\nwant: %q", got, want)
	}

	old := c.Clone()
	old.Emails = append(old.Emails, contact.Email{Label: "other", Address: "ADA@example.com"})
	if ps := editform.Check(editform.Encode(old), old, "US", now); len(ps) != 0 {
		t.Errorf("Check(a form of two stored addresses the store keeps once) = %v", ps)
	}
}

// A URL line that is the web address of an earlier line, its host in
// other capitals, is a problem naming that line, as a phone's is: the
// store keeps it once. A path in other capitals is another URL.
func TestCheckURLTwice(t *testing.T) {
	c := stored()
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	form := string(editform.Encode(c))
	lines := strings.Count(form, "\n")
	edited := form + "url: blog=https://Example.com/a\nurl: HTTPS://example.com/a\nurl: https://example.com/A\n"
	var got []string
	for _, p := range editform.Check([]byte(edited), c, "US", now) {
		got = append(got, p.String())
	}
	want := []string{
		fmt.Sprintf(`line %d: url: "HTTPS://example.com/a" is the web address on line %d (https://example.com/a), which a contact has once: delete one of the two lines`, lines+2, lines+1),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Check:\n got: %q\nwant: %q", got, want)
	}
}
