package codec

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/rolo-cli/rolo/internal/contact"
)

func decodeCSV(t *testing.T, format, in string, opts Options) (*CSVDecoder, []*Record) {
	t.Helper()
	d, err := NewCSVDecoder(format, strings.NewReader(in), opts)
	if err != nil {
		t.Fatalf("NewCSVDecoder: %v", err)
	}
	recs, err := DecodeAll(d)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return d, recs
}

func normalized(t *testing.T, r *Record) *contact.Contact {
	t.Helper()
	if r.Err != nil {
		t.Fatalf("%s: %v", r.Where(), r.Err)
	}
	c := r.Contact.Clone()
	if err := contact.Normalize(c, "US"); err != nil {
		t.Fatalf("%s: %v", r.Where(), err)
	}
	return c
}

// TestTemplate checks that `rolo template` is importable as it is.
func TestTemplate(t *testing.T) {
	tmpl := Template()
	lines := strings.Split(strings.TrimSpace(tmpl), "\n")
	if !strings.HasPrefix(lines[0], "first,middle,last,") {
		t.Fatalf("template header = %q", lines[0])
	}
	format, err := Detect("template.csv", []byte(tmpl))
	if err != nil || format != CSV {
		t.Fatalf("Detect = %s, %v", format, err)
	}
	d, recs := decodeCSV(t, format, tmpl, Options{})
	if !d.strict {
		t.Error("rolo's template is not read strictly")
	}
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	c := normalized(t, recs[0])
	if c.Name != "Dr. Ada Lovelace" || c.Company != "Analytical Engines Ltd" || c.Type != "customer" || c.Timezone != "Europe/London" {
		t.Errorf("contact = %+v", c)
	}
	if len(c.Phones) != 2 || c.Phones[0].Label != "mobile" || c.Phones[0].E164 != "+442079460958" || c.Phones[1].Label != "work" {
		t.Errorf("phones = %+v", c.Phones)
	}
	if len(c.Addresses) != 1 || c.Addresses[0].Zip != "SW1Y 4JH" || c.Addresses[0].Country != "GB" || c.Addresses[0].City != "London" {
		t.Errorf("addresses = %+v", c.Addresses)
	}
	if strings.Join(c.Tags, ",") != "engineering,vip" || c.Attributes["account_manager"] != "Charles" || len(c.Socials) != 1 {
		t.Errorf("tags %v attributes %v socials %v", c.Tags, c.Attributes, c.Socials)
	}
	if len(c.Notes) != 1 || c.Notes[0].Text != "Met at the 1843 conference." {
		t.Errorf("notes = %+v", c.Notes)
	}
}

// TestTemplateIsStrict checks that a row of rolo's template with an invalid
// value is left for validation to reject, not salvaged.
func TestTemplateIsStrict(t *testing.T) {
	_, recs := decodeCSV(t, CSV, "first,last,phones,birthday\nAda,Lovelace,mobile=not a number,\n", Options{})
	c := recs[0].Contact
	if len(c.Phones) != 1 || len(recs[0].Warnings) > 0 || len(c.Attributes) > 0 {
		t.Fatalf("strict row was changed: %+v %q", c, recs[0].Warnings)
	}
	err := contact.Normalize(c.Clone(), "US")
	if err == nil || !strings.Contains(err.Error(), "not a number") {
		t.Errorf("Normalize = %v, want the phone named", err)
	}
}

// TestTemplateRefusesUnknownLabels checks that a word before "=" in the
// phones or emails of rolo's template is a label, as add reads it: a
// mistyped one rejects the record naming it, rather than an address
// "personal=a@example.com" being stored or a number refused as one. In
// another program's file it is read as that program's word for a label.
func TestTemplateRefusesUnknownLabels(t *testing.T) {
	_, recs := decodeCSV(t, CSV, "first,emails,phones\nA,personal=a@example.com,\nB,,pager=+14155550123\nC,Home=c@example.com,WORK=+14155550124\n", Options{})
	for i, want := range []string{
		`email label: "personal" must be one of work, home, other`,
		`phone label: "pager" must be one of mobile, work, home, fax, other`,
	} {
		if err := contact.Normalize(recs[i].Contact.Clone(), "US"); err == nil || err.Error() != want {
			t.Errorf("row %d: Normalize = %v, want %q", i+1, err, want)
		}
	}
	if c := normalized(t, recs[2]); c.Emails[0].Label != "home" || c.Emails[0].Address != "c@example.com" || c.Phones[0].Label != "work" {
		t.Errorf("known labels in capitals: %+v %+v", c.Emails, c.Phones)
	}

	_, recs = decodeCSV(t, CSV, "Name,Mobile Phone,Email\nA,pager=+14155550123,personal=a@example.com\n", Options{})
	c := normalized(t, recs[0])
	if len(c.Phones) != 1 || c.Phones[0].Label != "other" || c.Phones[0].E164 != "+14155550123" ||
		len(c.Emails) != 1 || c.Emails[0].Label != "home" || c.Emails[0].Address != "a@example.com" {
		t.Errorf("phones %+v emails %+v", c.Phones, c.Emails)
	}
	if w := strings.Join(recs[0].Warnings, "; "); !strings.Contains(w, `phone label "pager" read as other`) || !strings.Contains(w, `email label "personal" read as home`) {
		t.Errorf("warnings = %q", w)
	}
}

// TestCSVValueLabelWords checks that in another program's file only a
// label word some program writes is read as a label before "=": any other
// word is part of the address ("=" is allowed in one), where the template
// still refuses it as a mistyped label.
func TestCSVValueLabelWords(t *testing.T) {
	_, recs := decodeCSV(t, CSV, "Name,Home Email,Work Email,Email\nA,user=a=b@example.com,Billing=c@example.com,internet=d@example.com\n", Options{})
	c := normalized(t, recs[0])
	want := []contact.Email{{Label: "home", Address: "user=a=b@example.com"}, {Label: "work", Address: "billing=c@example.com"}, {Label: "work", Address: "d@example.com"}}
	if !slices.Equal(c.Emails, want) {
		t.Errorf("emails = %+v, want %+v", c.Emails, want)
	}
	if w := strings.Join(recs[0].Warnings, "; "); w != `email label "internet" ignored` {
		t.Errorf("warnings = %q", w)
	}

	_, recs = decodeCSV(t, CSV, "first,emails\nA,billing=a@example.com\n", Options{})
	if err := contact.Normalize(recs[0].Contact.Clone(), "US"); err == nil || err.Error() != `email label: "billing" must be one of work, home, other` {
		t.Errorf("template: Normalize = %v", err)
	}
}

// TestTemplateRefusesValuesWithoutEquals checks that rolo's template,
// read strictly, rejects a socials or attributes line that is not
// NETWORK=HANDLE or KEY=VALUE, as add refuses it, where another
// program's file keeps it and says so.
func TestTemplateRefusesValuesWithoutEquals(t *testing.T) {
	_, recs := decodeCSV(t, CSV, "first,socials,attributes\nA,ada,\nB,,foo\nC,,=v\nD,linkedin=d,k=v\n", Options{})
	for i, want := range []string{
		`social: "ada" must be NETWORK=HANDLE (example: linkedin=ada-lovelace)`,
		`attribute: "foo" must be KEY=VALUE`,
		`attribute: "=v" must be KEY=VALUE`,
	} {
		if err := recs[i].Err; err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("row %d: error = %v, want %q", i+1, err, want)
		}
	}
	if c := normalized(t, recs[3]); len(c.Socials) != 1 || c.Socials[0].Network != "linkedin" || c.Attributes["k"] != "v" {
		t.Errorf("socials %+v attributes %v", c.Socials, c.Attributes)
	}

	_, recs = decodeCSV(t, CSV, "Name,socials,attributes\nA,ada,foo\n", Options{})
	c := normalized(t, recs[0])
	if len(c.Socials) != 1 || c.Socials[0].Network != "other" || c.Attributes["attributes"] != "foo" || len(recs[0].Warnings) != 2 {
		t.Errorf("socials %+v attributes %v warnings %q", c.Socials, c.Attributes, recs[0].Warnings)
	}
	_, recs = decodeCSV(t, CSV, "Name,socials\nA,ada\n", Options{Strict: true})
	if recs[0].Err == nil {
		t.Error("--strict kept a social that is not NETWORK=HANDLE")
	}
}

// TestTemplateAddressOfSixParts checks that an addresses line of more
// than five parts rejects a record of rolo's template with add's message,
// not as a country "US;x".
func TestTemplateAddressOfSixParts(t *testing.T) {
	_, recs := decodeCSV(t, CSV, "first,addresses\nA,work=a;b;c;d;US;x\nB,home=a;b;c;d;US;\nC,work=a\\;b;c;;;US\n", Options{})
	for i, line := range []string{"work=a;b;c;d;US;x", "home=a;b;c;d;US;"} {
		want := `address: "` + line + `" has more than 5 parts (street;city;state;zip;country)`
		if err := recs[i].Err; err == nil || err.Error() != want {
			t.Errorf("row %d: error = %v, want %q", i+1, err, want)
		}
	}
	if c := normalized(t, recs[2]); len(c.Addresses) != 1 || c.Addresses[0].Street != "a;b" || c.Addresses[0].Country != "US" {
		t.Errorf("addresses = %+v", c.Addresses)
	}
}

func TestCSVMapping(t *testing.T) {
	in := "Full Name,E-Mail-Adresse,Mobil,Kundennummer,Lieblingsfarbe,Tags\n" +
		"Ada Lovelace,ADA@example.com,+1 415 555 0100,K-17,blau,\"vip;gold\"\n"
	d, recs := decodeCSV(t, CSV, in, Options{Map: map[string]string{"Kundennummer": "attr.customer_no", "lieblingsfarbe": "skip"}})
	got := map[string]string{}
	for _, m := range d.Mapping() {
		got[m.Header] = m.Field + " (" + m.Source + ")"
	}
	want := map[string]string{
		"Full Name": "name (auto)", "E-Mail-Adresse": "email.1.value (auto)", "Mobil": "phone.mobile (auto)",
		"Kundennummer": "attr.customer_no (map)", "Lieblingsfarbe": " (map)", "Tags": "tags (auto)",
	}
	for h, w := range want {
		if got[h] != w {
			t.Errorf("mapping of %q = %q, want %q", h, got[h], w)
		}
	}
	c := normalized(t, recs[0])
	if c.FirstName != "Ada" || c.LastName != "Lovelace" || c.Emails[0].Address != "ada@example.com" ||
		c.Phones[0].Label != "mobile" || c.Attributes["customer_no"] != "K-17" || strings.Join(c.Tags, ",") != "gold,vip" {
		t.Errorf("contact = %+v", c)
	}
	if _, ok := c.Attributes["lieblingsfarbe"]; ok {
		t.Error("a column mapped to skip became an attribute")
	}
}

func TestCSVUnmappedColumnsBecomeAttributes(t *testing.T) {
	d, recs := decodeCSV(t, CSV, "First Name,Email,Shoe Size,Manager's Name\nAda,ada@example.com,38,Charles\n", Options{})
	c := normalized(t, recs[0])
	if c.Attributes["shoe_size"] != "38" || c.Attributes["managers_name"] != "Charles" {
		t.Errorf("attributes = %v", c.Attributes)
	}
	if n := strings.Join(d.Notices(), " "); !strings.Contains(n, `"Shoe Size" (attr.shoe_size)`) {
		t.Errorf("notices = %q, want the kept columns named", d.Notices())
	}
}

// TestCSVDisplayNameSayingMoreIsKept: a display name with words the name
// parts lack is kept as an attribute named after its column, and said once;
// one that is the parts in another order or case, a part of them, or
// another value of the contact, is not.
func TestCSVDisplayNameSayingMoreIsKept(t *testing.T) {
	in := "First Name,Last Name,Display Name,Nickname,Primary Email\n" +
		"Max,Mustermann,Dr. Max Peter Mustermann jr.,,max@example.com\n" +
		"Ann,Lee,\"Lee, Ann\",,ann@example.com\n" +
		"Bo,Ek,bo,,bo@example.com\n" +
		"Cy,Oh,Cyclone,Cyclone,cy@example.com\n" +
		"Di,Ma,di@example.com,,di@example.com\n" +
		"Eva,Nu,Eva Maria Nu,,eva@example.com\n"
	d, recs := decodeCSV(t, CSV, in, Options{})
	want := []string{"Dr. Max Peter Mustermann jr.", "", "", "", "", "Eva Maria Nu"}
	for i, r := range recs {
		c := normalized(t, r)
		if got := c.Attributes["display_name"]; got != want[i] || len(c.Attributes) > 1 {
			t.Errorf("record %d: attributes %v, want display_name %q", i+1, c.Attributes, want[i])
		}
	}
	if c := normalized(t, recs[0]); c.FirstName != "Max" || c.LastName != "Mustermann" {
		t.Errorf("name = %q %q, want the name parts", c.FirstName, c.LastName)
	}
	notice := `column "Display Name" says more than the name parts in 2 records: kept as attribute display_name`
	if n := d.Notices(); !slices.Contains(n, notice) {
		t.Errorf("notices = %q, want %q", n, notice)
	}
	// Thunderbird's German export: the attribute is named after the column.
	_, recs = decodeCSV(t, CSV, "Vorname,Nachname,Anzeigename\nMax,Mustermann,Max Mustermann (Büro)\n", Options{})
	if c := normalized(t, recs[0]); c.Attributes["anzeigename"] != "Max Mustermann (Büro)" {
		t.Errorf("attributes = %v, want anzeigename", c.Attributes)
	}
}

// A column that no record fills is not named once the records are read (an
// Outlook export has dozens), but is before, as --show-mapping prints it.
func TestCSVEmptyUnmappedColumnsAreNotNamed(t *testing.T) {
	in := "First Name,Email,Shoe Size,Spouse\nAda,ada@example.com,38,\nGrace,,,\n"
	d, err := NewCSVDecoder(CSV, strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `columns kept as attributes: "Shoe Size" (attr.shoe_size), "Spouse" (attr.spouse)`
	if n := strings.Join(d.Notices(), "|"); n != want {
		t.Errorf("notices before reading = %q, want %q", n, want)
	}
	for {
		if _, err := d.Next(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	want = `columns kept as attributes: "Shoe Size" (attr.shoe_size)`
	if n := strings.Join(d.Notices(), "|"); n != want {
		t.Errorf("notices after reading = %q, want %q", n, want)
	}
}

func TestCSVMapErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		opts Options
		want string
	}{
		{"Name,Email\nAda,a@example.com\n", Options{Map: map[string]string{"Nope": "first"}}, `no column "Nope"`},
		{"Name,Email\nAda,a@example.com\n", Options{Map: map[string]string{"Name": "shoe"}}, `"shoe" is not a field`},
		{"Shoe,Size\n1,2\n", Options{}, "no column is a name, company, phone or email"},
		{"Name\nAda\n", Options{Encoding: "klingon"}, `"klingon" is not a known encoding`},
	} {
		_, err := NewCSVDecoder(CSV, strings.NewReader(tc.in), tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) || contact.ErrorCode(err) != contact.EINVALID {
			t.Errorf("%q %+v: error %v, want %q", tc.in, tc.opts, err, tc.want)
		}
	}
}

func TestCSVDelimiters(t *testing.T) {
	for name, in := range map[string]string{
		"comma":     "first,last,email\nAda,\"Love, lace\",ada@example.com\n",
		"semicolon": "first;last;email\nAda;\"Love, lace\";ada@example.com\n",
		"tab":       "first\tlast\temail\nAda\tLove, lace\tada@example.com\n",
	} {
		_, recs := decodeCSV(t, CSV, in, Options{})
		if c := normalized(t, recs[0]); c.LastName != "Love, lace" || c.Emails[0].Address != "ada@example.com" {
			t.Errorf("%s: %+v", name, c)
		}
	}
}

func TestCSVEncodings(t *testing.T) {
	text := "First Name,Last Name,City\nJürgen,Weiß,Köln\n"
	u16, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().String(text)
	u16bom, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	w1252, _ := charmap.Windows1252.NewEncoder().String(text)
	for name, tc := range map[string]struct {
		in, enc, notice string
	}{
		"utf-8":                {text, "", ""},
		"utf-8 bom":            {"\uFEFF" + text, "", ""},
		"utf-16be no bom":      {u16, "", ""},
		"utf-16le bom":         {u16bom, "", ""},
		"windows-1252":         {w1252, "", "read as windows-1252"},
		"override":             {w1252, "iso-8859-1", ""},
		"stray 8-bit in utf-8": {"First Name,Last Name,City\nJürgen,Wei\xdf,Köln\n", "", ""},
	} {
		d, err := NewCSVDecoder(CSV, strings.NewReader(tc.in), Options{Encoding: tc.enc, Map: map[string]string{"First Name": "first"}})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		recs, _ := DecodeAll(d)
		if len(recs) != 1 {
			t.Errorf("%s: %d records", name, len(recs))
			continue
		}
		c := recs[0].Contact
		if c.FirstName != "Jürgen" || c.LastName != "Weiß" || c.Addresses[0].City != "Köln" {
			t.Errorf("%s: %q %q %+v", name, c.FirstName, c.LastName, c.Addresses)
		}
		if !strings.Contains(strings.Join(d.Notices(), " "), tc.notice) {
			t.Errorf("%s: notices %q, want %q", name, d.Notices(), tc.notice)
		}
	}
}

func TestGoogleCSV(t *testing.T) {
	in := "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value," +
		"Address 1 - Type,Address 1 - Street,Address 1 - City,Address 1 - Country,IM 1 - Service,IM 1 - Value\n" +
		"Ada Lovelace,Ada,Lovelace,Friends ::: * starred ::: * myContacts,* Work,ada@work.example ::: ada@other.example," +
		"Mobile,+1 415 555 0100 ::: +1 415 555 0101,Home ::: Work,1 Main St ::: 2 Side St,Springfield ::: Shelbyville,US ::: CA," +
		"Skype ::: ICQ ::: ,ada.skype ::: 12345 ::: \n"
	_, recs := decodeCSV(t, CSV, in, Options{})
	c := normalized(t, recs[0])
	if !c.Favorite || strings.Join(c.Tags, ",") != "Friends" {
		t.Errorf("favorite %v tags %v", c.Favorite, c.Tags)
	}
	if len(c.Emails) != 2 || c.Emails[1].Label != "work" || len(c.Phones) != 2 || c.Phones[1].Label != "mobile" {
		t.Errorf("emails %+v phones %+v", c.Emails, c.Phones)
	}
	if len(c.Addresses) != 2 || c.Addresses[0].Label != "home" || c.Addresses[1].City != "Shelbyville" || c.Addresses[1].Country != "CA" || c.Addresses[1].Label != "work" {
		t.Errorf("addresses %+v", c.Addresses)
	}
	if len(c.Socials) != 2 || c.Socials[0] != (contact.Social{Network: "skype", Handle: "ada.skype"}) || c.Socials[1].Network != "icq" {
		t.Errorf("socials %+v", c.Socials)
	}
}

// TestGoogleSystemGroupNeedsItsStar: Google marks its group of all contacts
// with a star ("* myContacts", older "* My Contacts"; Google's Outlook CSV
// writes "myContacts" alone); a user's own tag "My Contacts" has none and
// survives a Google export and import.
func TestGoogleSystemGroupNeedsItsStar(t *testing.T) {
	in := "Given Name,Family Name,E-mail 1 - Value,Group Membership\n" +
		"Ada,Lovelace,ada@example.com,My Contacts ::: vip ::: * My Contacts ::: * myContacts\n"
	_, recs := decodeCSV(t, CSV, in, Options{})
	if c := normalized(t, recs[0]); strings.Join(c.Tags, ",") != "My Contacts,vip" {
		t.Errorf("tags = %q, want [My Contacts vip]", c.Tags)
	}
	_, recs = decodeCSV(t, CSV, "First Name,Last Name,E-mail Address,Categories\nAda,Lovelace,ada@example.com,Importiert am 29.3.;myContacts\n", Options{})
	if c := normalized(t, recs[0]); strings.Join(c.Tags, ",") != "Importiert am 29.3." {
		t.Errorf("Google's Outlook CSV: tags = %q, want [Importiert am 29.3.]", c.Tags)
	}
	var buf bytes.Buffer
	e := NewGoogleEncoder(&buf)
	if err := e.Write(&contact.Contact{FirstName: "Ann", LastName: "Lee", Tags: []string{"My Contacts", "vip"}}); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	_, recs = decodeCSV(t, CSV, buf.String(), Options{})
	if c := normalized(t, recs[0]); strings.Join(c.Tags, ",") != "My Contacts,vip" {
		t.Errorf("after a Google round trip: tags = %q, want [My Contacts vip]", c.Tags)
	}
}

// TestRejectFileReimports checks that the error file of a CSV import, once
// fixed, imports as it is: same columns, the error column ignored.
func TestRejectFileReimports(t *testing.T) {
	in := "Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Group Membership\n" +
		"Ada,Lovelace,* Work,ada@example.com,vip ::: * myContacts\n" +
		",,,,nobody\n"
	_, recs := decodeCSV(t, CSV, in, Options{})
	var buf bytes.Buffer
	rw := NewRejectWriter(&buf, Google)
	for _, r := range recs {
		if err := contact.Normalize(r.Contact.Clone(), "US"); err != nil {
			rw.Write(r, r.Where()+": "+err.Error())
		}
	}
	rw.Flush()
	out := buf.String()
	if !strings.HasPrefix(out, "Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Group Membership,error\n") ||
		!strings.Contains(out, `,,,,nobody,"line 3: contact: needs at least one of`) {
		t.Fatalf("reject file:\n%s", out)
	}
	fixed := strings.Replace(out, ",,,,nobody", "Bob,,,bob@example.com,nobody", 1)
	d, recs2 := decodeCSV(t, CSV, fixed, Options{})
	if d.Flavour() != Google {
		t.Errorf("flavour of the reject file = %s", d.Flavour())
	}
	c := normalized(t, recs2[0])
	if c.FirstName != "Bob" || c.Emails[0].Address != "bob@example.com" || len(c.Attributes) != 0 || c.Tags[0] != "nobody" {
		t.Errorf("re-imported %+v", c)
	}
	// A second round keeps a single error column.
	var buf2 bytes.Buffer
	rw2 := NewRejectWriter(&buf2, Google)
	rw2.Write(recs2[0], "again")
	rw2.Flush()
	if h, _, _ := strings.Cut(buf2.String(), "\n"); strings.Count(h, "error") != 1 {
		t.Errorf("header of the second reject file: %q", h)
	}
}

// A rejected row with more cells than the header keeps every one of them
// in the error file; the reason goes in the error column, before them.
func TestRejectFileKeepsCellsBeyondTheHeader(t *testing.T) {
	_, recs := decodeCSV(t, CSV, "first,emails\nX,bad,EXTRA,EXTRA2\n", Options{})
	var buf bytes.Buffer
	rw := NewRejectWriter(&buf, CSV)
	rw.Write(recs[0], "line 2: email: bad")
	rw.Flush()
	if want := "first,emails,error\nX,bad,line 2: email: bad,EXTRA,EXTRA2\n"; buf.String() != want {
		t.Fatalf("reject file:\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestRejectVCardAndJSON(t *testing.T) {
	_, err := NewDecoder(VCard, strings.NewReader(""), Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := DecodeAll(mustDecoder(t, VCard, "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:only a note\r\nEND:VCARD\r\n", Options{}))
	var buf bytes.Buffer
	rw := NewRejectWriter(&buf, VCard)
	rw.Write(recs[0], "contact: needs a name")
	if !strings.Contains(buf.String(), "X-ROLO-ERROR:contact: needs a name\r\nEND:VCARD\r\n") {
		t.Fatalf("vCard reject:\n%s", buf.String())
	}
	again, _ := DecodeAll(mustDecoder(t, VCard, buf.String(), Options{}))
	if len(again) != 1 || strings.Contains(again[0].Contact.VCardExtra, "X-ROLO-ERROR") {
		t.Errorf("the error property was not ignored: %+v", again[0].Contact)
	}
	jrecs, _ := DecodeAll(mustDecoder(t, JSON, `[{"first_name":"","tags":["x"]}]`, Options{}))
	buf.Reset()
	rw = NewRejectWriter(&buf, JSON)
	rw.Write(jrecs[0], "contact: needs a name")
	if got := buf.String(); got != `{"first_name":"","tags":["x"],"error":"contact: needs a name"}`+"\n" {
		t.Errorf("JSON reject = %s", got)
	}
	back, _ := DecodeAll(mustDecoder(t, NDJSON, buf.String(), Options{}))
	if len(back) != 1 || back[0].Err != nil || back[0].Contact.Tags[0] != "x" {
		t.Errorf("JSON reject re-import: %+v", back)
	}
}

// A JSON record goes to the error file as it was: its keys in their order,
// its values as written, the reason last (an earlier one dropped).
func TestRejectJSONKeepsOrder(t *testing.T) {
	in := `[{"last_name": "Hopper", "first_name": "Grace", "error": "old",
  "emails": [ {"address": "grace@", "label": "work"} ], "notes": [{"text": "Café <b>&</b> \u00e9"}]}]`
	recs, _ := DecodeAll(mustDecoder(t, JSON, in, Options{}))
	var buf bytes.Buffer
	rw := NewRejectWriter(&buf, JSON)
	rw.Write(recs[0], `email: "grace@" is not a valid email address`)
	want := `{"last_name":"Hopper","first_name":"Grace","emails":[{"address":"grace@","label":"work"}],` +
		`"notes":[{"text":"Café <b>&</b> \u00e9"}],"error":"email: \"grace@\" is not a valid email address"}` + "\n"
	if buf.String() != want {
		t.Errorf("JSON reject =\n%s\nwant\n%s", buf.String(), want)
	}
}

// A JSON record that is no object goes to the error file wrapped, as
// {"record": ..., "error": ...}: imported as it is, it is rejected again
// for what it is, not as an empty contact; made an object, it imports.
func TestRejectJSONNotObject(t *testing.T) {
	recs, _ := DecodeAll(mustDecoder(t, JSON, `["just a string", 42]`, Options{}))
	var buf bytes.Buffer
	rw := NewRejectWriter(&buf, JSON)
	for _, r := range recs {
		rw.Write(r, r.Err.Error())
	}
	back, _ := DecodeAll(mustDecoder(t, NDJSON, buf.String(), Options{}))
	if len(back) != 2 || back[0].Err == nil || !strings.Contains(back[0].Err.Error(), "a JSON string where an object is expected") ||
		back[1].Err == nil || !strings.Contains(back[1].Err.Error(), "a JSON number where an object is expected") {
		t.Fatalf("re-import of the error file: %+v", back)
	}
	var again bytes.Buffer
	rw = NewRejectWriter(&again, JSON)
	for _, r := range back {
		rw.Write(r, r.Err.Error())
	}
	if again.String() != buf.String() {
		t.Errorf("error file of the error file:\n%s\nwant the same records:\n%s", again.String(), buf.String())
	}
	fixed, _ := DecodeAll(mustDecoder(t, NDJSON, `{"error":"record 1: not a contact object","record":{"first_name":"Ada"}}`, Options{}))
	if len(fixed) != 1 || fixed[0].Err != nil || fixed[0].Contact.FirstName != "Ada" {
		t.Errorf("fixed record: %+v", fixed)
	}
}

func TestOutlookExport(t *testing.T) {
	c := &contact.Contact{FirstName: "Ada", LastName: "Lovelace", Prefix: "Dr.", Birthday: "1815-12-10", Anniversary: "--06-01",
		Emails: []contact.Email{{Label: "work", Address: "a1@example.com"}, {Label: "home", Address: "a2@example.com"},
			{Label: "work", Address: "a3@example.com"}, {Label: "other", Address: "a4@example.com"}},
		Tags: []string{"vip", "gold"}}
	var buf bytes.Buffer
	if err := Encode(Outlook, &buf, []*contact.Contact{c}, EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\uFEFFTitle,First Name,") || !strings.Contains(out, "\r\n") {
		t.Errorf("no BOM or CRLF: %q", out[:40])
	}
	for _, want := range []string{"Dr.,Ada,,Lovelace", "12/10/1815", "vip;gold", "a3@example.com,SMTP", "E-mail Address: a4@example.com", "Anniversary: --06-01"} {
		if !strings.Contains(out, want) {
			t.Errorf("Outlook export lacks %q:\n%s", want, out)
		}
	}
}

// TestOutlookEmailDisplayName: Outlook's "E-mail Display Name" is the
// contact's name and the address, or the address alone for a contact
// without a name, nickname or company (not the address twice, nor a phone
// number before it).
func TestOutlookEmailDisplayName(t *testing.T) {
	for _, tc := range []struct {
		c    *contact.Contact
		want string
	}{
		{&contact.Contact{FirstName: "Ada", LastName: "Lovelace"}, "Ada Lovelace (a@example.com)"},
		{&contact.Contact{Company: "Acme"}, "Acme (a@example.com)"},
		{&contact.Contact{}, "a@example.com"},
		{&contact.Contact{Prefix: "Dr", Phones: []contact.Phone{{Label: "mobile", Number: "+14155550199"}}}, "a@example.com"},
	} {
		tc.c.Emails = []contact.Email{{Label: "work", Address: "a@example.com"}}
		var buf bytes.Buffer
		if err := Encode(Outlook, &buf, []*contact.Contact{tc.c}, EncodeOptions{}); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
		if err != nil || len(recs) != 2 {
			t.Fatalf("%d records, %v", len(recs), err)
		}
		col := slices.Index(recs[0], "E-mail Display Name")
		if got := recs[1][col]; got != tc.want {
			t.Errorf("E-mail Display Name = %q, want %q", got, tc.want)
		}
	}
}

// TestCSVSafe checks export --csv-safe in each CSV format: every cell a
// spreadsheet would run gets a leading quote, and a contact with no such
// cell is written byte for byte as without the option (Outlook's CRLF line
// ends and a cell over several lines included).
func TestCSVSafe(t *testing.T) {
	evil := &contact.Contact{FirstName: `=HYPERLINK("http://evil.example")`, LastName: "Lovelace",
		Company: "@SUM(A1:A9)", Title: "-2+3", Department: "\tR&D",
		Phones: []contact.Phone{{Label: "mobile", Number: "+14155550199"}}}
	plain := &contact.Contact{FirstName: "Bo", Notes: []contact.Note{{Text: "first note"}, {Text: "second note"}},
		Emails: []contact.Email{{Label: "work", Address: "bo@example.com"}}}
	for _, format := range []string{CSV, Google, Outlook} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Encode(format, &buf, []*contact.Contact{evil}, EncodeOptions{CSVSafe: true}); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
			if err != nil || len(recs) != 2 {
				t.Fatalf("%d records, %v:\n%s", len(recs), err, buf.String())
			}
			var quoted []string
			for _, cell := range recs[1] {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("cell %q not neutralized", cell)
				}
				if strings.HasPrefix(cell, "'") {
					quoted = append(quoted, cell)
				}
			}
			want := []string{`'=HYPERLINK("http://evil.example")`, "'@SUM(A1:A9)", "'-2+3", "'\tR&D"}
			if format != CSV { // rolo's CSV writes the phone as mobile=+1...
				want = append(want, "'+14155550199")
			}
			for _, want := range want {
				if !slices.Contains(quoted, want) {
					t.Errorf("no cell %q among %q", want, quoted)
				}
			}

			var with, without bytes.Buffer
			if err := Encode(format, &with, []*contact.Contact{plain}, EncodeOptions{CSVSafe: true}); err != nil {
				t.Fatal(err)
			}
			if err := Encode(format, &without, []*contact.Contact{plain}, EncodeOptions{}); err != nil {
				t.Fatal(err)
			}
			if with.String() != without.String() {
				t.Errorf("--csv-safe changed a contact with nothing to neutralize:\n%q\n%q", with.String(), without.String())
			}
			if format == Outlook && !strings.Contains(with.String(), "first note\r\n\r\nsecond note\"") {
				t.Errorf("Outlook notes not over CRLF lines: %q", with.String())
			}
		})
	}
}

// TestCSVSafeDates checks that a date without a year, which export
// --csv-safe writes after a quote ('--12-25) since it starts with "-",
// reads back as that date: in rolo's CSV it rejected its record, in
// Google's it became an attribute. So does a UID (a key: quoted, the
// contact came back as another).
func TestCSVSafeDates(t *testing.T) {
	c := &contact.Contact{UID: "-legacy-7", FirstName: "Ada", Birthday: "--02-29", Anniversary: "--12-25"}
	for _, format := range []string{CSV, Google} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Encode(format, &buf, []*contact.Contact{c}, EncodeOptions{CSVSafe: true}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), "'--02-29") {
				t.Fatalf("the yearless birthday is not neutralized:\n%s", buf.String())
			}
			d, err := NewDecoder(format, bytes.NewReader(buf.Bytes()), Options{})
			if err != nil {
				t.Fatal(err)
			}
			recs, err := DecodeAll(d)
			if err != nil || len(recs) != 1 {
				t.Fatalf("%d records, %v", len(recs), err)
			}
			r := recs[0]
			if r.Err != nil || len(r.Warnings) > 0 {
				t.Fatalf("record: %v %q", r.Err, r.Warnings)
			}
			if err := contact.Normalize(r.Contact, "US"); err != nil {
				t.Fatal(err)
			}
			if format == CSV && r.Contact.UID != c.UID {
				t.Errorf("uid %q, want %q", r.Contact.UID, c.UID)
			}
			if r.Contact.Birthday != c.Birthday || r.Contact.Anniversary != c.Anniversary || len(r.Contact.Attributes) > 0 {
				t.Errorf("birthday %q anniversary %q attributes %v, want %q %q", r.Contact.Birthday, r.Contact.Anniversary,
					r.Contact.Attributes, c.Birthday, c.Anniversary)
			}
		})
	}
}

// A quote opened and never closed must not swallow the rows after it: the
// record is rejected, naming the line, and the rows after the next quote
// that ends a cell are read as rows again. A note over several lines with
// commas, closed properly, is no such cell, at the end of the file too.
func TestCSVRunawayQuote(t *testing.T) {
	in := "first,emails,notes\n" +
		"Alpha,alpha@example.com,\"oops, forgot to close\n" +
		"P0,p0@example.com,note 0\n" +
		"P1,p1@example.com,\"quoted note\"\n" +
		"P2,p2@example.com,\"line one, with a comma\nline two\"\n"
	_, recs := decodeCSV(t, CSV, in, Options{})
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2: %+v", len(recs), recs)
	}
	if recs[0].Err == nil || !strings.Contains(recs[0].Err.Error(), "line 2: the quoted cell that starts here (column 3) takes in the 2 lines after it, 2 like rows") {
		t.Fatalf("the runaway quote was not reported: %v", recs[0].Err)
	}
	if c := normalized(t, recs[1]); c.FirstName != "P2" || len(c.Notes) != 1 || c.Notes[0].Text != "line one, with a comma\nline two" {
		t.Fatalf("the row after it: %+v", c)
	}
	// At the end of the file too.
	_, recs = decodeCSV(t, CSV, "first,emails,notes\nA,a@example.com,\"open\nB,b@example.com,x\nC,c@example.com,y\n", Options{})
	if len(recs) != 1 || recs[0].Err == nil || !strings.Contains(recs[0].Err.Error(), "takes in the 2 lines after it, 2 like rows of their own") {
		t.Fatalf("at the end of the file: %d records, %v", len(recs), recs[0].Err)
	}
	// On the last row, where no rows follow: the quote takes in the row's
	// own cells up to the end of the file, with or without a line end
	// after them, in a file of any width. The record's cells, which the
	// error file holds, are those the line shows, the quote kept where it
	// opened, when the line splits into the header's columns.
	for _, tc := range []struct {
		in, want string
		cells    []string
	}{
		{"first,last,email\nX,Y,x@y.com\n\"A,B,a@b.com\n", "line 3: the quoted cell that starts here (column 1) takes in the 2 cells after it and runs to the end of the file: is its closing quote missing?", []string{`"A`, "B", "a@b.com"}},
		{"first,last,email\nX,Y,x@y.com\n\"A,B,a@b.com", "line 3: the quoted cell that starts here (column 1) takes in the 2 cells after it", []string{`"A`, "B", "a@b.com"}},
		{"first,last,email\r\nX,Y,x@y.com\r\nA,\"B,a@b.com\r\n", "line 3: the quoted cell that starts here (column 2) takes in the 1 cell after it", []string{"A", `"B`, "a@b.com"}},
		{"first,last,email\nX,Y,x@y.com\nA,\"B,a@b.com\nmore\n", "line 3: the quoted cell that starts here (column 2) takes in the 1 cell after it", []string{"A", "B,a@b.com\nmore\n"}},
		{"first,last,email\nX,Y,x@y.com\nA,\"B,a@b.com,c\n", "line 3: the quoted cell that starts here (column 2) takes in the 1 cell after it", []string{"A", "B,a@b.com,c\n"}},
		{"first,email\nX,x@y.com\n\"A,a@b.com\n", "line 3: the quoted cell that starts here (column 1) takes in the 1 cell after it", []string{`"A`, "a@b.com"}},
	} {
		_, recs = decodeCSV(t, CSV, tc.in, Options{})
		if len(recs) != 2 || recs[0].Err != nil {
			t.Fatalf("%q: %d records, %v", tc.in, len(recs), recs)
		}
		if err := recs[1].Err; err == nil || !strings.Contains(err.Error(), tc.want) || contact.ErrorCode(err) != contact.EINVALID {
			t.Errorf("%q: %v, want %q", tc.in, err, tc.want)
		}
		if !slices.Equal(recs[1].Values, tc.cells) {
			t.Errorf("%q: cells %q, want %q", tc.in, recs[1].Values, tc.cells)
		}
	}
	// A quote that runs away in the middle of the file, taking in rows up
	// to a short row whose last cell is quoted and holds a separator: the
	// record goes to the error file as read, that cell not split.
	_, recs = decodeCSV(t, CSV, "first,last,email,company\n\"Ada,Lovelace,ada@x.com,Acme\nBea,Z,bea@x.com,Q\nBob,\"Smith\",bob@x.com,\"Foo, Inc\"\nCy,Z,cy@x.com,Q\n", Options{})
	if len(recs) != 2 || recs[0].Err == nil || len(recs[0].Values) != 3 || recs[0].Values[2] != "Foo, Inc" {
		t.Errorf("a runaway quote taking in a short row: %d records, %q, %v", len(recs), recs[0].Values, recs[0].Err)
	}
	// A short last row whose quoted cell is closed, with or without a
	// line end after it, on one line or over several.
	for _, tc := range []struct{ in, last string }{
		{"first,last,email\nX,Y,x@y.com\nA,\"B, the second\"\n", "B, the second"},
		{"first,last,email\nX,Y,x@y.com\nA,\"B, the second\"", "B, the second"},
		{"first,notes,email\nX,z,x@y.com\nA,\"B, the\nsecond\"", "B, the\nsecond"},
	} {
		_, recs = decodeCSV(t, CSV, tc.in, Options{})
		if len(recs) != 2 || recs[1].Err != nil || len(recs[1].Values) != 2 || recs[1].Values[1] != tc.last {
			t.Errorf("%q: %d records, %+v", tc.in, len(recs), recs[len(recs)-1])
		}
	}
	// Notes written over lines that look like rows, closed properly: in
	// the middle of the file and at its end.
	for _, in := range []string{
		"first,last,notes\nAda,L,\"Agenda:\nbudget, hiring, roadmap\nend\"\nBob,M,ok\n",
		"first,last,notes\nBob,M,ok\nAda,L,\"Agenda:\nbudget, hiring, roadmap\nend\"\n",
		"first,last,notes\nBob,M,ok\nAda,L,\"Agenda:\nbudget, hiring, roadmap\nend\"",
	} {
		_, recs = decodeCSV(t, CSV, in, Options{})
		if len(recs) != 2 {
			t.Fatalf("%q: %d records", in, len(recs))
		}
		for _, r := range recs {
			if c := normalized(t, r); c.FirstName == "Ada" && c.Notes[0].Text != "Agenda:\nbudget, hiring, roadmap\nend" {
				t.Errorf("%q: note %q", in, c.Notes[0].Text)
			}
		}
	}
}

// TestCSVHeaderRepeated: files joined (cat a.csv b.csv) repeat the header
// where the second starts; that row is the start of the next file, not a
// contact "first last": it is skipped and said, the rows after it read in
// the same columns.
func TestCSVHeaderRepeated(t *testing.T) {
	in := "first,last,emails\nAda,L,ada@x.com\nfirst,last,emails\nBob,M,bob@x.com\n\ufefffirst,last,emails\nCy,N,cy@x.com\n"
	d, recs := decodeCSV(t, CSV, in, Options{})
	var names []string
	for _, r := range recs {
		names = append(names, normalized(t, r).FirstName)
	}
	if !slices.Equal(names, []string{"Ada", "Bob", "Cy"}) || recs[2].Index != 3 {
		t.Errorf("records %q, last index %d", names, recs[len(recs)-1].Index)
	}
	if n := d.Notices(); len(n) != 1 || n[0] != "lines 3, 5 repeat the header row: skipped (files joined?)" {
		t.Errorf("notices %q", n)
	}
	// Without a header (--map by number) there is none to repeat.
	_, recs = decodeCSV(t, CSV, "Ada,ada@x.com\nAda,ada@x.com\n", Options{Map: map[string]string{"1": "first", "2": "emails"}})
	if len(recs) != 2 {
		t.Errorf("numbered columns: %d records", len(recs))
	}
}

// TestCSVCarriageReturnLines: lines ended by a carriage return alone
// (Excel for Mac's "CSV (Macintosh)") are lines, not one header row of the
// whole file with nothing imported; a note over lines keeps its line.
func TestCSVCarriageReturnLines(t *testing.T) {
	_, recs := decodeCSV(t, CSV, "first,last,emails,notes\rAda,L,ada@x.com,\"one\rtwo\"\rBob,M,bob@x.com,\r", Options{})
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2: %+v", len(recs), recs)
	}
	ada, bob := normalized(t, recs[0]), normalized(t, recs[1])
	if ada.FirstName != "Ada" || len(ada.Emails) != 1 || len(ada.Notes) != 1 || ada.Notes[0].Text != "one\ntwo" || bob.FirstName != "Bob" || recs[1].Line != 4 {
		t.Errorf("records %+v, %+v (line %d)", ada, bob, recs[1].Line)
	}
}

// TestCSVCarriageReturnLinesQuotedLF: a "CSV (Macintosh)" file whose
// rows end with a CR alone and whose quoted cell holds a line break as
// Excel writes one, an LF, is read in rows too. The LF in the cell made
// it read as a file of LF lines: one header row, nothing imported.
func TestCSVCarriageReturnLinesQuotedLF(t *testing.T) {
	_, recs := decodeCSV(t, CSV, "first,last,emails,notes\rAda,L,ada@x.com,\"one\ntwo\"\rBob,M,bob@x.com,\r", Options{})
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2: %+v", len(recs), recs)
	}
	ada, bob := normalized(t, recs[0]), normalized(t, recs[1])
	if ada.FirstName != "Ada" || len(ada.Notes) != 1 || ada.Notes[0].Text != "one\ntwo" || bob.FirstName != "Bob" || len(bob.Emails) != 1 {
		t.Errorf("records %+v, %+v", ada, bob)
	}
	// A file of LF lines with a CR inside a quoted cell stays one of LF lines.
	_, recs = decodeCSV(t, CSV, "first,last,notes\nAda,L,\"one\rtwo\"\nBob,M,\n", Options{})
	if len(recs) != 2 {
		t.Fatalf("LF file: %d records, want 2: %+v", len(recs), recs)
	}
}

// TestCSVMixedLineEnds: a file of LF and CRLF lines with some ended by a
// CR alone (a Mac's lines pasted in) has as many rows as lines. encoding/csv
// reads such a CR as part of the cell: row C was joined to row B, its
// cells kept as B's attributes, one contact fewer. A CR inside a quoted
// cell stays part of it.
func TestCSVMixedLineEnds(t *testing.T) {
	_, recs := decodeCSV(t, CSV, "first,last,emails,notes\r\nA,One,a@x.com,\nB,Two,b@x.com,\"x\ry\"\rC,Three,c@x.com,\r\nD,Four,d@x.com,\n", Options{})
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4: %+v", len(recs), recs)
	}
	for i, want := range []string{"a@x.com", "b@x.com", "c@x.com", "d@x.com"} {
		c := normalized(t, recs[i])
		if len(c.Emails) != 1 || c.Emails[0].Address != want || len(c.Attributes) != 0 || recs[i].Line != i+2 {
			t.Errorf("record %d (line %d): %+v", i, recs[i].Line, c)
		}
	}
	if b := normalized(t, recs[1]); len(b.Notes) != 1 || b.Notes[0].Text != "x\ny" && b.Notes[0].Text != "x\ry" {
		t.Errorf("note %+v", b.Notes)
	}
}

// TestCSVMacRoman: a "CSV (Macintosh)" file, rows ended by a CR alone, is
// in Mac OS Roman, not Windows-1252: ü is 0x9F there (Ÿ in Windows-1252).
func TestCSVMacRoman(t *testing.T) {
	d, recs := decodeCSV(t, CSV, "first,last,notes\rJ\x9frgen,M\x9fller,\"caf\x8e\ncr\x8fme\"\r", Options{})
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1: %+v", len(recs), recs)
	}
	c := normalized(t, recs[0])
	if c.FirstName != "Jürgen" || c.LastName != "Müller" || len(c.Notes) != 1 || c.Notes[0].Text != "café\ncrème" {
		t.Errorf("contact %+v", c)
	}
	if !slices.Contains(d.Notices(), "input is not UTF-8: read as macintosh (use --encoding to change)") {
		t.Errorf("notices %q", d.Notices())
	}
	// Every accented letter followed by a letter reads as Shift_JIS too
	// (M\x9fl is 殕l), but text of a Mac's CR lines is Mac OS Roman.
	d, recs = decodeCSV(t, CSV, "first,last,emails\rJ\x9frgen,M\x9fller,j@example.de\rRen\x8ee,Fran\x8dois,r@example.fr\r", Options{})
	if len(recs) != 2 || normalized(t, recs[0]).LastName != "Müller" || normalized(t, recs[1]).FirstName != "Renée" {
		t.Errorf("records %+v, notices %q", recs, d.Notices())
	}
}

// TestCSVShiftJISCarriageReturnLines: a Shift_JIS file of CR lines (Excel
// for Mac in Japanese) whose names are katakana, most of whose second
// bytes are ASCII (タ is 0x83 0x5E), is read as Shift_JIS, not as Mac OS
// Roman (É^ÉiÉJ): an accented letter of Mac OS Roman text is followed by a
// lower-case letter.
func TestCSVShiftJISCarriageReturnLines(t *testing.T) {
	// タロウ,タナカ / イチロウ,スズキ / ハナコ,サトウ
	in := "first,last\r\x83\x5e\x83\x8d\x83\x45,\x83\x5e\x83\x69\x83\x4a\r" +
		"\x83\x43\x83\x60\x83\x8d\x83\x45,\x83\x58\x83\x59\x83\x4c\r" +
		"\x83\x6e\x83\x69\x83\x52,\x83\x54\x83\x67\x83\x45\r"
	d, recs := decodeCSV(t, CSV, in, Options{})
	want := [][2]string{{"タロウ", "タナカ"}, {"イチロウ", "スズキ"}, {"ハナコ", "サトウ"}}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d; notices %q", len(recs), len(want), d.Notices())
	}
	for i, w := range want {
		if c := normalized(t, recs[i]); c.FirstName != w[0] || c.LastName != w[1] {
			t.Errorf("record %d: %q %q, want %q %q; notices %q", i, c.FirstName, c.LastName, w[0], w[1], d.Notices())
		}
	}
}

// TestCSVCutShort: an input that stops in the middle of its last row (a
// download or a pipe cut off) leaves that row short of the header's
// columns with no line end after it, and its last value likely cut too:
// the record is rejected, not imported as "Grace Hopp". The rows before
// it are read; a short last row ended by a line end, or by a closed
// quoted cell, is read as it is.
func TestCSVCutShort(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"first,last,email\nAda,L,ada@x.com\nGrace,Hopp", "line 3: the input ends in the middle of this row, after 2 of the header's 3 columns (truncated file?)"},
		{"first,last,email,company\nAda,L,ada@x.com,\nGrace,Hopper,", "line 3: the input ends in the middle of this row, after 3 of the header's 4 columns"},
		{"first,last,email,notes\r\nAda,L,ada@x.com,x\r\nG", "line 3: the input ends in the middle of this row, after 1 of the header's 4 columns"},
		{"first,last,email\nAda,L,ada@x.com\nGrace,\"Hop", "line 3: the input ends in the middle of this row, after 2 of the header's 3 columns"},
		// Shorter than the rows before it, which leave out their empty notes.
		{"first,last,email,notes\nAda,L,ada@x.com\nGrace,Hop", "line 3: the input ends in the middle of this row, after 2 of the header's 4 columns"},
	} {
		_, recs := decodeCSV(t, CSV, tc.in, Options{})
		if len(recs) != 2 || recs[0].Err != nil {
			t.Fatalf("%q: %d records, %+v", tc.in, len(recs), recs)
		}
		if err := recs[1].Err; err == nil || !strings.Contains(err.Error(), tc.want) || contact.ErrorCode(err) != contact.EINVALID {
			t.Errorf("%q: %v, want %q", tc.in, err, tc.want)
		}
	}
	for _, in := range []string{
		"first,last,email\nAda,L,ada@x.com\nGrace,Hopper\n",
		"first,last,email\nAda,L,ada@x.com\nGrace,\"Hopper\"",
		"first,last,email\nAda,L,ada@x.com\nGrace,Hopper,g@x.com",
		"first,last,email\nGrace,Hopper\nAda,L,ada@x.com",
		// Rows that leave out their empty last cells: the last, as long
		// as those before it, is whole too.
		"first,last,email,notes\nAda,L,ada@x.com\nGrace,Hopper,g@x.com",
		"First Name,Last Name,E-mail Address,Notes\nAda,L,ada@x.com\nGrace,Hopper,g@x.com",
	} {
		_, recs := decodeCSV(t, CSV, in, Options{})
		if len(recs) != 2 || recs[0].Err != nil || recs[1].Err != nil {
			t.Errorf("%q: %d records, %+v", in, len(recs), recs)
		}
	}
}

// A header written twice is said once, in a notice, not left to surprise.
func TestCSVRepeatedHeaderIsNoticed(t *testing.T) {
	d, recs := decodeCSV(t, CSV, "first,email,first\nAnn,a@example.com,Annie\n", Options{})
	want := `columns 1 ("first") and 3 ("first") are both first: where both have a value, column 3's is kept as attribute first`
	if !slices.Contains(d.Notices(), want) {
		t.Errorf("notices %q, want %q", d.Notices(), want)
	}
	if c := normalized(t, recs[0]); c.FirstName != "Ann" || c.Attributes["first"] != "Annie" {
		t.Errorf("contact %+v", c)
	}
}

// JSON records: keys rolo does not know are said, not dropped in silence;
// a value of the wrong kind names its key in JSON's terms, not Go's.
func TestJSONUnknownKeysAndWrongKinds(t *testing.T) {
	recs, err := DecodeAll(mustDecoder(t, NDJSON, `{"first_name":"X","foo":"bar","zip":1,"emails":[{"address":"x@example.com"}]}
{"first_name":"Y","phones":"+14155550100"}
{"First_Name":"Z","error":"fixed","changes":[]}
`, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[0].Warnings; len(got) != 1 || got[0] != `record 1: keys "foo", "zip" are not contact fields; left out` {
		t.Errorf("warnings %q", got)
	}
	if recs[1].Err == nil || recs[1].Err.Error() != "record 2: phones: a JSON string where a list is expected" {
		t.Errorf("wrong kind: %v", recs[1].Err)
	}
	if recs[2].Err != nil || len(recs[2].Warnings) != 0 {
		t.Errorf("an error file's record: %v %q", recs[2].Err, recs[2].Warnings)
	}
}

// A key misspelt inside a phone, note, interaction or block is said as a
// top-level one is, by its path, rather than left out in silence (a
// phone's label defaulting to mobile, a block without its end becoming
// forever). One that several objects of a list have is named once.
func TestJSONUnknownNestedKeys(t *testing.T) {
	recs, err := DecodeAll(mustDecoder(t, NDJSON, `{"first_name":"J","phones":[{"number":"+12125550911","lable":"work"}],"blocked":{"untill":"2027-01-01T00:00:00Z","reason":"r"}}
{"first_name":"K","notes":[{"text":"a"},{"txt":"b"},{"txt":"c","by":"ann"}],"interactions":[{"channel":"call","direction":"in","at":"2026-01-01T00:00:00Z","duration":60}],"foo":1}
{"first_name":"L","blocked":{"until":null,"Reason":"r","by":"ann","created_at":"2026-01-01T00:00:00Z"},"Phones":[{"Label":"work","number":"+12125550912","e164":""}]}
`, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{`record 1: keys "blocked.untill", "phones[0].lable" are not contact fields; left out`},
		{`record 2: keys "foo", "interactions[0].duration", "notes[1].txt" (and in 1 more), "notes[2].by" are not contact fields; left out`},
		nil,
	}
	for i, w := range want {
		if recs[i].Err != nil || !slices.Equal(recs[i].Warnings, w) {
			t.Errorf("record %d: %v, warnings %q, want %q", i+1, recs[i].Err, recs[i].Warnings, w)
		}
	}
	if b := recs[0].Contact.Blocked; b == nil || b.Until != nil || b.Reason != "r" {
		t.Errorf("record 1: block %+v, want forever, as the until is left out", b)
	}
}

// A time that does not parse names its key and says what a time looks
// like, rather than Go's layout string.
func TestJSONBadTimeNamesKey(t *testing.T) {
	recs, err := DecodeAll(mustDecoder(t, NDJSON, `{"first_name":"X","created_at":"yesterday"}
{"first_name":"Y","notes":[{"text":"n","created_at":"soon"}]}
{"first_name":"Z","interactions":[{"channel":"call","direction":"in","at":"2026-01-01T00:00:00Z"},{"channel":"call","direction":"in","at":"later"}]}
{"first_name":"W","blocked":{"until":"never","reason":"r"}}
{"first_name":"V","anniversary":"","interactions":[{"channel":"call","direction":"in","summary":"later","at":"2026-01-01T00:00:00Z"},{"channel":"call","direction":"in","at":"later"}]}
{"first_name":"U","anniversary":"","nickname":"","updated_at":""}
`, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`record 1: created_at: "yesterday" is not an RFC 3339 time (such as 2026-06-15T12:00:00Z)`,
		`record 2: notes[0].created_at: "soon" is not an RFC 3339 time (such as 2026-06-15T12:00:00Z)`,
		`record 3: interactions[1].at: "later" is not an RFC 3339 time (such as 2026-06-15T12:00:00Z)`,
		`record 4: blocked.until: "never" is not a block (use forever, a time: YYYY-MM-DD, "YYYY-MM-DD HH:MM" (local time) or RFC 3339, or no for none)`,
		// Only keys that hold times are named: not an empty anniversary,
		// not a summary with the same text.
		`record 5: interactions[1].at: "later" is not an RFC 3339 time (such as 2026-06-15T12:00:00Z)`,
		`record 6: updated_at: "" is not an RFC 3339 time (such as 2026-06-15T12:00:00Z)`,
	}
	for i, w := range want {
		if recs[i].Err == nil || recs[i].Err.Error() != w {
			t.Errorf("record %d: %v, want %s", i+1, recs[i].Err, w)
		}
	}
}

// A block is read alike in CSV (a blocked column, which another
// program's "Blocked" column maps to), vCard (X-ROLO-BLOCKED) and JSON
// (blocked.until), by contact.ReadBlock: an empty value or a no word is
// no block, a yes word or forever one without end, a date or time as
// block --until takes it a block until then, and anything else (an RFC
// 3339 offset past 23:59 too, which Go's parser takes) rejects the
// record, naming the field, rather than blocking the contact forever.
func TestBlockValues(t *testing.T) {
	dec := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	dec10 := time.Date(2026, 12, 10, 9, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		value   string
		blocked bool
		until   *time.Time
		err     bool
	}{
		{"", false, nil, false},
		{"No", false, nil, false},
		{"FALSE", false, nil, false},
		{"0", false, nil, false},
		{"off", false, nil, false},
		{"forever", true, nil, false},
		{" Forever ", true, nil, false}, // a spreadsheet's cell, spaces and all
		{"  ", false, nil, false},
		{"Yes", true, nil, false},
		{"true", true, nil, false},
		{"2026-12-31", true, &dec, false},
		{"2026-12-10 09:30", true, &dec10, false},
		{"2026-12-10T09:30:00Z", true, &dec10, false},
		{"2026-12-10T10:30:00+01:00", true, &dec10, false},
		{"junk", false, nil, true},
		{"2026-13-01", false, nil, true},
		{"2026-12-31T18:00:00+24:00", false, nil, true},
		{"2026-12-31T18:00:00+05:60", false, nil, true},
		{"20261210T093000Z", false, nil, true},
	} {
		csvIn := "Name,Blocked\nAda Pha," + tc.value + "\n"
		vcardIn := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nN:;Ada;;;\r\nX-ROLO-BLOCKED:" + tc.value + "\r\nEND:VCARD\r\n"
		jsonIn := `{"first_name":"Ada","blocked":{"until":"` + tc.value + `","reason":"r"}}` + "\n"
		inputs := []struct{ format, in, field string }{{CSV, csvIn, "blocked"}, {VCard, vcardIn, "X-ROLO-BLOCKED"}, {NDJSON, jsonIn, "blocked.until"}}
		for _, in := range inputs {
			recs, err := DecodeAll(mustDecoder(t, in.format, in.in, Options{}))
			if err != nil || len(recs) != 1 {
				t.Fatalf("%s %q: %d records, %v", in.format, tc.value, len(recs), err)
			}
			r := recs[0]
			if tc.err {
				if r.Err == nil || !strings.Contains(r.Err.Error(), in.field+": "+strconv.Quote(tc.value)+" ") {
					t.Errorf("%s %q: error %v, want one naming %s and the value", in.format, tc.value, r.Err, in.field)
				}
				continue
			}
			if r.Err != nil {
				t.Errorf("%s %q: %v", in.format, tc.value, r.Err)
				continue
			}
			b := r.Contact.Blocked
			switch {
			case !tc.blocked && b != nil:
				t.Errorf("%s %q: blocked %+v, want not blocked", in.format, tc.value, b)
			case tc.blocked && b == nil:
				t.Errorf("%s %q: not blocked", in.format, tc.value)
			case tc.blocked && tc.until == nil && b.Until != nil:
				t.Errorf("%s %q: blocked until %v, want forever", in.format, tc.value, b.Until)
			case tc.until != nil && (b.Until == nil || !b.Until.Equal(*tc.until)):
				t.Errorf("%s %q: blocked until %v, want %v", in.format, tc.value, b.Until, tc.until)
			}
			if len(r.Warnings) > 0 {
				t.Errorf("%s %q: warnings %q", in.format, tc.value, r.Warnings)
			}
		}
	}
}

// A JSON block without an until (a file written by hand: "blocked":
// {"reason": "spam"}) is a block without end, as one whose until is null.
func TestJSONBlockWithoutUntil(t *testing.T) {
	recs, err := DecodeAll(mustDecoder(t, NDJSON, `{"first_name":"A","blocked":{"reason":"spam"}}`+"\n", Options{}))
	if err != nil || len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("%v %v", recs, err)
	}
	if b := recs[0].Contact.Blocked; b == nil || b.Until != nil || b.Reason != "spam" {
		t.Errorf("blocked %+v, want forever for spam", b)
	}
}

// An RFC 3339 offset past 23:59 (+24:00), which Go's parser takes, is no
// time in any of an import's times, as block --until refuses it: each is
// treated as other text that is no time (a CSV's created_at ignored with
// a warning, a vCard's ignored, an interaction's rejecting the record).
func TestTimesWithAnOffsetPast2359(t *testing.T) {
	recs, err := DecodeAll(mustDecoder(t, CSV, "first,created_at,updated_at\nAda,2026-01-01T00:00:00+24:00,2026-01-01T00:00:00+05:60\n", Options{}))
	if err != nil || len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("csv: %v %v", recs, err)
	}
	want := []string{`created_at: "2026-01-01T00:00:00+24:00" is not an RFC 3339 time: ignored`,
		`updated_at: "2026-01-01T00:00:00+05:60" is not an RFC 3339 time: ignored`}
	if c := recs[0].Contact; !c.CreatedAt.IsZero() || !c.UpdatedAt.IsZero() || !slices.Equal(recs[0].Warnings, want) {
		t.Errorf("csv: created %v, updated %v, warnings %q", c.CreatedAt, c.UpdatedAt, recs[0].Warnings)
	}

	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//rolo//rolo//EN\r\nFN:Ada\r\nN:;Ada;;;\r\n" +
		"X-ROLO-CREATED:2026-01-01T00:00:00+24:00\r\nX-ROLO-ARCHIVED:20260101T000000-2400\r\nEND:VCARD\r\n"
	recs, err = DecodeAll(mustDecoder(t, VCard, card, Options{}))
	if err != nil || len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("vcard: %v %v", recs, err)
	}
	if c := recs[0].Contact; !c.CreatedAt.IsZero() || c.ArchivedAt != nil {
		t.Errorf("vcard: created %v, archived at %v, want neither", c.CreatedAt, c.ArchivedAt)
	}

	card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nN:;Ada;;;\r\n" +
		"X-ROLO-INTERACTION;CHANNEL=call;DIRECTION=in;AT=\"2026-01-01T00:00:00+24:00\":hi\r\nEND:VCARD\r\n"
	recs, err = DecodeAll(mustDecoder(t, VCard, card, Options{}))
	if err != nil || len(recs) != 1 {
		t.Fatalf("vcard: %v %v", recs, err)
	}
	if err := recs[0].Err; err == nil || !strings.Contains(err.Error(), `interactions[0].at: "2026-01-01T00:00:00+24:00" is not an RFC 3339 time`) {
		t.Errorf("interaction: error %v", err)
	}

	// encoding/json takes such an offset: rolo's JSON and the JSON of a
	// CSV's interactions column reject the record, as a time that does
	// not parse does, naming the key.
	recs, err = DecodeAll(mustDecoder(t, NDJSON, `{"first_name":"A","created_at":"2026-01-01T00:00:00+24:00"}
{"first_name":"B","notes":[{"text":"n","created_at":"2026-01-01T00:00:00-23:59"},{"text":"m","created_at":"2026-01-01T00:00:00-24:30"}]}
{"first_name":"C","archived_at":"2026-01-01T00:00:00+05:60"}
`, Options{}))
	if err != nil || len(recs) != 3 {
		t.Fatalf("json: %v %v", recs, err)
	}
	for i, w := range []string{`record 1: created_at: "2026-01-01T00:00:00+24:00" is not an RFC 3339 time: its offset is past 23:59`,
		`record 2: notes[1].created_at: "2026-01-01T00:00:00-24:30" is not an RFC 3339 time: its offset is past 23:59`,
		`record 3: archived_at: "2026-01-01T00:00:00+05:60" is not an RFC 3339 time: its offset is past 23:59`} {
		if recs[i].Err == nil || recs[i].Err.Error() != w {
			t.Errorf("json record %d: %v, want %s", i+1, recs[i].Err, w)
		}
	}
	recs, err = DecodeAll(mustDecoder(t, CSV, "first,interactions\nA,\"[{\"\"channel\"\":\"\"call\"\",\"\"at\"\":\"\"2026-01-01T00:00:00+24:00\"\"}]\"\n", Options{}))
	if err != nil || len(recs) != 1 {
		t.Fatalf("csv interactions: %v %v", recs, err)
	}
	if w := `interactions[0].at: "2026-01-01T00:00:00+24:00" is not an RFC 3339 time: its offset is past 23:59`; recs[0].Err == nil || recs[0].Err.Error() != w {
		t.Errorf("csv interactions: %v, want %s", recs[0].Err, w)
	}
}

// A time given as a number, true or false, an object or a list names its
// key and says a time is text, rather than "not a contact object" and
// time.Time's own message; in a CSV's interactions column too.
func TestJSONTimeNotText(t *testing.T) {
	recs, err := DecodeAll(mustDecoder(t, NDJSON, `{"first_name":"A","created_at":5}
{"first_name":"B","blocked":{"until":true,"reason":"r"}}
{"first_name":"C","interactions":[{"channel":"call","direction":"in","at":"2026-01-01T00:00:00Z"},{"channel":"call","direction":"in","at":5}]}
{"first_name":"D","notes":[{"text":"n","created_at":{}}],"changes":[{"at":7}]}
{"first_name":"E","updated_at":["2026-01-01T00:00:00Z"]}
`, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`record 1: created_at: a JSON number where an RFC 3339 time (text) is expected`,
		`record 2: blocked.until: a JSON bool where an RFC 3339 time (text) is expected`,
		`record 3: interactions[1].at: a JSON number where an RFC 3339 time (text) is expected`,
		`record 4: notes[0].created_at: a JSON object where an RFC 3339 time (text) is expected`,
		`record 5: updated_at: a JSON array where an RFC 3339 time (text) is expected`,
	}
	for i, w := range want {
		if recs[i].Err == nil || recs[i].Err.Error() != w {
			t.Errorf("record %d: %v, want %s", i+1, recs[i].Err, w)
		}
	}
	recs, err = DecodeAll(mustDecoder(t, CSV, "first,interactions\nA,\"[{\"\"at\"\":5}]\"\n", Options{}))
	if err != nil || len(recs) != 1 {
		t.Fatalf("%v %v", recs, err)
	}
	if w := `interactions[0].at: a JSON number where an RFC 3339 time (text) is expected`; recs[0].Err == nil || recs[0].Err.Error() != w {
		t.Errorf("CSV: %v, want %s", recs[0].Err, w)
	}
}

// A key of the wrong kind in an element of a list is named with the
// element's index, as a key left out is (phones[1].number), so that a
// record of several phones says which.
func TestJSONListKeyOfWrongKind(t *testing.T) {
	recs, err := DecodeAll(mustDecoder(t, NDJSON, `{"first_name":"A","phones":[{"number":"+14155550100"},{"number":4155550101}]}
{"first_name":"B","Addresses":[{"city":"X"},{"city":"Y"},{"Zip":94110}]}
{"first_name":"C","tags":"vip"}
`, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range []string{
		`record 1: phones[1].number: a JSON number where text is expected`,
		`record 2: addresses[2].zip: a JSON number where text is expected`,
		`record 3: tags: a JSON string where a list is expected`,
	} {
		if recs[i].Err == nil || recs[i].Err.Error() != w {
			t.Errorf("record %d: %v, want %s", i+1, recs[i].Err, w)
		}
	}
}

// A block's key of the wrong kind is named by its path in the record
// (blocked.reason), not by Go's name for the block's own decoding
// (blocked.plain.reason).
func TestJSONBlockKeyOfWrongKind(t *testing.T) {
	recs, err := DecodeAll(mustDecoder(t, NDJSON, `{"first_name":"A","blocked":{"reason":5}}
{"first_name":"B","blocked":{"until":null,"by":["ada"]}}
`, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range []string{
		`record 1: blocked.reason: a JSON number where text is expected`,
		`record 2: blocked.by: a JSON array where text is expected`,
	} {
		if recs[i].Err == nil || recs[i].Err.Error() != w {
			t.Errorf("record %d: %v, want %s", i+1, recs[i].Err, w)
		}
	}
}

// A line of NDJSON (or after an object at the top level) that is not
// valid JSON is a record rejected alone, named by its line, with what is
// wrong in plain words; the lines after it are read. A stray bracket with
// no comma before it has no comma to blame.
func TestNDJSONBadLine(t *testing.T) {
	for _, tc := range []struct {
		format, in string
		n          int
		want       string
	}{
		{NDJSON, "{\"first_name\":\"A\"}\n{bad\n{\"first_name\":\"B\"}\n", 3, `record 2: line 2: not valid JSON: expected a key in double quotes, found "bad"`},
		{NDJSON, "\n{\"first_name\":\"A\"}\n\n{\"first_name\":\"C\",}\r\n{\"first_name\":\"D\"}", 3, `record 2: line 4: not valid JSON: expected a key in double quotes, found "}" (a comma too many before it?)`},
		{JSON, `{"first_name":"A"} trailing`, 2, `record 2: line 1: not valid JSON: "trailing" is not a JSON value (text must be in double quotes)`},
		{NDJSON, "{\"first_name\":\"A\"}]\n{\"first_name\":\"B\"}\n", 3, `record 2: line 1: not valid JSON: expected a value, found "]"`},
		{JSON, "{\"first_name\":\"A\"}\n}", 2, `record 2: line 2: not valid JSON: expected a value, found "}"`},
	} {
		recs, err := DecodeAll(mustDecoder(t, tc.format, tc.in, Options{}))
		if err != nil || len(recs) != tc.n {
			t.Errorf("%q: %d records, %v; want %d", tc.in, len(recs), err, tc.n)
			continue
		}
		for i, r := range recs {
			switch {
			case i == 1 && (r.Err == nil || r.Err.Error() != tc.want):
				t.Errorf("%q: %v, want %s", tc.in, r.Err, tc.want)
			case i != 1 && (r.Err != nil || r.Contact.FirstName == ""):
				t.Errorf("%q: record %d: %v %+v", tc.in, i+1, r.Err, r.Contact)
			}
		}
	}
	// Many bad lines, each a record of its own, and one longer than what
	// the decoder holds at once.
	var in strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&in, "{\"first_name\":\"A%d\"}\n{bad\n", i)
	}
	fmt.Fprintf(&in, "{\"first_name\":\"B\", %s}\n{\"first_name\":\"C\"}\n", strings.Repeat("x", 100000))
	recs, err := DecodeAll(mustDecoder(t, NDJSON, in.String(), Options{}))
	if err != nil || len(recs) != 6002 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	if w := `record 6001: line 6001: not valid JSON: expected a key in double quotes, found "` + strings.Repeat("x", 40) + `"`; recs[6000].Err == nil || recs[6000].Err.Error() != w {
		t.Errorf("%v, want %s", recs[6000].Err, w)
	}
	if r := recs[6001]; r.Err != nil || r.Contact.FirstName != "C" {
		t.Errorf("the line after: %v %+v", r.Err, r.Contact)
	}
	// A break in an object over several lines stops the input: its lines
	// are no records of their own.
	_, err = DecodeAll(mustDecoder(t, NDJSON, "{\"first_name\":\"A\"}\n{\"first_name\":\"B\"\n{\"first_name\":\"C\"}\n", Options{}))
	if w := `line 3 (record 2): not valid JSON: expected a comma or } after a value, found "{"`; err == nil || err.Error() != w {
		t.Errorf("%v, want %s", err, w)
	}
}

// JSON that does not parse is said in plain words, with the line where it
// breaks and the record, not encoding/json's scanner text; a number too
// large for its key is out of range, not "a number where a number is
// expected".
func TestJSONSyntaxErrors(t *testing.T) {
	for _, tc := range []struct{ format, in, want string }{
		{JSON, `[{"first_name":"A"},]`, `line 1 (record 2): not valid JSON: expected a value, found "]" (a comma too many before it?)`},
		{JSON, "[{\"first_name\":\"A\"},\n  ]", `line 2 (record 2): not valid JSON: expected a value, found "]" (a comma too many before it?)`},
		{JSON, "[}", `line 1 (record 1): not valid JSON: expected a value, found "}"`},
		{JSON, "[\n  {\"first_name\": \"Ada\"}\n  {\"first_name\": \"Grace\"}\n]\n", `line 3 (record 2): not valid JSON: a comma is missing before "{"`},
		{JSON, "[\n  {\"first_name\": \"Ada\"},\n  {\"first_name\":\n  nul}\n]", `line 4 (record 2): not valid JSON: "nul" is not a JSON value (text must be in double quotes)`},
		{JSON, "[{\"first_name\": \"Ada\", \"id\": 1.}]", `line 1 (record 1): not valid JSON: "1." is not a valid number`},
		// Anything after the array, two exports joined (cat a.json
		// b.json) or a stray bracket, is not dropped without a word.
		{JSON, "[{\"first_name\":\"A\"}]\n[{\"first_name\":\"B\"}]\n", `line 2: the input goes on after the array of contacts has ended (two files joined? import each, or join them with jq -s add)`},
		{JSON, "[{\"first_name\":\"A\"}]]", `line 1: the input goes on after the array of contacts has ended (two files joined? import each, or join them with jq -s add)`},
		{JSON, "[]\r\n\r\n  x", `line 3: the input goes on after the array of contacts has ended (two files joined? import each, or join them with jq -s add)`},
	} {
		d, err := NewDecoder(tc.format, strings.NewReader(tc.in), Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = DecodeAll(d)
		if err == nil || err.Error() != tc.want || contact.ErrorCode(err) != contact.EINVALID {
			t.Errorf("%q: %v, want %s", tc.in, err, tc.want)
		}
	}
	// Blanks after the array are nothing.
	if recs, err := DecodeAll(mustDecoder(t, JSON, "[{\"first_name\":\"A\"}]\n \r\n\t\n", Options{})); err != nil || len(recs) != 1 {
		t.Errorf("blanks after the array: %v %v", recs, err)
	}
	ia := func(d string) string {
		return `"interactions":[{"channel":"call","direction":"out","at":"2026-01-01T10:00:00Z","duration_seconds":` + d + `}]`
	}
	recs, err := DecodeAll(mustDecoder(t, JSON, `[{"first_name":"A",`+ia("1e400")+`},{"first_name":"B",`+ia("99999999999999999999")+`},{"first_name":"C",`+ia("1.5")+`}]`, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range []string{"record 1: interactions[0].duration_seconds: 1e400 is out of range", "record 2: interactions[0].duration_seconds: 99999999999999999999 is out of range", "record 3: interactions[0].duration_seconds: 1.5 where a whole number is expected"} {
		if recs[i].Err == nil || recs[i].Err.Error() != w {
			t.Errorf("record %d: %v, want %s", i+1, recs[i].Err, w)
		}
	}
	// An ID in the file is ignored, whatever it holds: one that is no
	// int64, or a script's own text, rejects nothing.
	recs, err = DecodeAll(mustDecoder(t, JSON, `[{"first_name":"A","id":1e400},{"first_name":"B","id":99999999999999999999},{"first_name":"C","id":1.5},{"first_name":"D","id":"C-17","notes":[{"id":"n","text":"x"}]}]`, Options{}))
	if err != nil || len(recs) != 4 {
		t.Fatal(recs, err)
	}
	for i, r := range recs {
		if r.Err != nil || r.Contact.ID != 0 || r.Contact.FirstName == "" {
			t.Errorf("record %d: %v %+v, want the contact without its ID", i+1, r.Err, r.Contact)
		}
	}
	if n := recs[3].Contact.Notes; len(n) != 1 || n[0].Text != "x" {
		t.Errorf("record 4's notes: %+v", n)
	}
	// An ID that is dropped leaves the record's other errors as they are.
	recs, err = DecodeAll(mustDecoder(t, JSON, `[{"first_name":"A","notes":[{"id":"n","text":"x"},5]}]`, Options{}))
	if w := "record 1: notes: a JSON number where an object is expected"; err != nil || len(recs) != 1 || recs[0].Err == nil || recs[0].Err.Error() != w {
		t.Errorf("%v %v, want %s", recs, err, w)
	}
	// A CSV's interactions cell that is not JSON.
	recs, err = DecodeAll(mustDecoder(t, CSV, "first,last,interactions\nA,B,notjson\n", Options{}))
	if err != nil || len(recs) != 1 {
		t.Fatalf("%v %v", recs, err)
	}
	if w := `interactions: not a JSON list of interactions (as rolo export writes them): not valid JSON: "notjson" is not a JSON value (text must be in double quotes)`; recs[0].Err == nil || recs[0].Err.Error() != w {
		t.Errorf("CSV: %v, want %s", recs[0].Err, w)
	}
	recs, err = DecodeAll(mustDecoder(t, CSV, "first,interactions\nA,]\nB,\"[{},]\"\n", Options{}))
	if err != nil || len(recs) != 2 {
		t.Fatalf("%v %v", recs, err)
	}
	for i, w := range []string{
		`interactions: not a JSON list of interactions (as rolo export writes them): not valid JSON: expected a value, found "]"`,
		`interactions: not a JSON list of interactions (as rolo export writes them): not valid JSON: expected a value, found "]" (a comma too many before it?)`,
	} {
		if recs[i].Err == nil || recs[i].Err.Error() != w {
			t.Errorf("CSV record %d: %v, want %s", i+1, recs[i].Err, w)
		}
	}
}

// A quote never closed near the top of a large file would read the rest of
// it into one cell, in memory: a record is bounded, and the input refused.
func TestCSVRecordIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("first,last,emails\nStray,\"Quote,s@x.com\n")
	for i := 0; b.Len() <= maxRecord+1<<20; i++ {
		fmt.Fprintf(&b, "Big,Row%d,big.r%d@example.com\n", i, i)
	}
	d, err := NewCSVDecoder(CSV, strings.NewReader(b.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for {
		_, err := d.Next()
		if err == io.EOF {
			t.Fatal("the whole input was read as records")
		}
		if err != nil {
			if contact.ErrorCode(err) != contact.EINVALID || !strings.HasPrefix(err.Error(), "line 2: a record of more than 16 MiB, the most rolo reads in one: is the quote that opens a cell on line 2 never closed?") {
				t.Fatalf("error %v", err)
			}
			return
		}
	}
}

// A Google label may hold a comma, which a tag cannot: "Clients, 2024"
// becomes two tags, and the labels after it are all still there.
func TestGoogleLabelWithComma(t *testing.T) {
	in := "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value\n" +
		"Ada,L,\"Clients, 2024 ::: VIP ::: Newsletter ::: * myContacts\",Work,ada@l.example\n"
	_, recs := decodeCSV(t, CSV, in, Options{})
	if c := normalized(t, recs[0]); strings.Join(c.Tags, ",") != "2024,Clients,Newsletter,VIP" {
		t.Errorf("tags = %q, want [2024 Clients Newsletter VIP]", c.Tags)
	}
}

// A header written twice loses neither value, whatever the column: a
// second column of one value (an address part, a label, a birthday part,
// a display name, rolo's own visibility) is kept as an attribute, with a
// notice; a second column of a value a contact has several of (Google's
// "E-mail 1 - Value", "IM 1 - Value") gives another one.
func TestCSVRepeatedHeaderKeepsBoth(t *testing.T) {
	in := "First Name,Last Name,City,City,E-mail 1 - Label,E-mail 1 - Value,E-mail 1 - Value,E-mail 1 - Label," +
		"Display Name,Display Name,Address 1 - City,Address 1 - City,IM 1 - Service,IM 1 - Value,IM 1 - Value,Birth Year,Birth Year,Birth Month,Birthday\n" +
		"A,B,Berlin,Hamburg,Work,a@x.example,b@x.example,Home,Dr A B,Prof A B,Köln,Bonn,Skype,a.b,a.b2,1980,1981,4,12\n"
	d, recs := decodeCSV(t, CSV, in, Options{})
	c := normalized(t, recs[0])
	var got []string
	for _, a := range c.Addresses {
		got = append(got, a.City)
	}
	for _, e := range c.Emails {
		got = append(got, e.Label+"="+e.Address)
	}
	for _, s := range c.Socials {
		got = append(got, s.Network+"="+s.Handle)
	}
	for _, k := range c.SortedAttributeKeys() {
		got = append(got, k+"="+c.Attributes[k])
	}
	got = append(got, c.Birthday)
	want := []string{"Berlin", "Köln", "work=a@x.example", "work=b@x.example", "skype=a.b", "skype=a.b2",
		"address_1_city=Bonn", "birth_year=1981", "city=Hamburg", "display_name=Dr A B", "display_name_2=Prof A B",
		"e_mail_1_label=Home", "1980-04-12"}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	for _, n := range []string{
		`columns 3 ("City") and 4 ("City") are both address.city: where both have a value, column 4's is kept as attribute city`,
		`columns 9 ("Display Name") and 10 ("Display Name") are both name: where column 10's says more than the name parts, it is kept as attribute display_name_2 too`,
		`columns 16 ("Birth Year") and 17 ("Birth Year") are both birthday.year: where both have a value, column 17's is kept as attribute birth_year`,
		`columns 5 ("E-mail 1 - Label") and 8 ("E-mail 1 - Label") are both email.1.label: where both have a value, column 8's is kept as attribute e_mail_1_label`,
	} {
		if !slices.Contains(d.Notices(), n) {
			t.Errorf("notices %q\nlack %q", d.Notices(), n)
		}
	}
	if n := strings.Join(d.Notices(), "\n"); strings.Contains(n, "email.1.value") || strings.Contains(n, "social.1.handle") {
		t.Errorf("a second column of emails or handles is no news: %q", d.Notices())
	}

	// The notice names the key a second display name was kept under:
	// display_name when the first one was not kept (it is the name).
	d, recs = decodeCSV(t, CSV, "First Name,Last Name,Display Name,Display Name\nA,B,Dr A B,Prof A B\nC,D,C D,Dr C D\n", Options{})
	if c := normalized(t, recs[1]); c.Attributes["display_name"] != "Dr C D" {
		t.Errorf("attributes %v", c.Attributes)
	}
	if want := `columns 3 ("Display Name") and 4 ("Display Name") are both name: where column 4's says more than the name parts, it is kept as attribute display_name_2 or display_name too`; !slices.Contains(d.Notices(), want) {
		t.Errorf("notices %q\nlack %q", d.Notices(), want)
	}

	// rolo's own columns are read strictly: a second one is kept too.
	d, recs = decodeCSV(t, CSV, "first,visibility,visibility\nAnn,public,private\n", Options{})
	if c := normalized(t, recs[0]); c.Visibility != "public" || c.Attributes["visibility"] != "private" {
		t.Errorf("visibility %q, attributes %v", c.Visibility, c.Attributes)
	}
	if want := `columns 2 ("visibility") and 3 ("visibility") are both visibility: where both have a value, column 3's is kept as attribute visibility`; !slices.Contains(d.Notices(), want) {
		t.Errorf("notices %q, want %q", d.Notices(), want)
	}
}

// Google's " ::: " in a column of one value (Organization 1 - Name): the
// first value is the field, the others are kept as an attribute named
// after the column, and said.
func TestGoogleSeveralValuesInOneField(t *testing.T) {
	in := "Name,Given Name,Family Name,Nickname,E-mail 1 - Value,Organization 1 - Name,Organization 1 - Title\n" +
		"Ada Lovelace,Ada,Lovelace,Countess,ada@example.com,Acme ::: Beta ::: ,CEO ::: CTO ::: Chair\n"
	_, recs := decodeCSV(t, CSV, in, Options{})
	c := normalized(t, recs[0])
	if c.Company != "Acme" || c.Title != "CEO" || c.Nickname != "Countess" {
		t.Errorf("company %q, title %q, nickname %q", c.Company, c.Title, c.Nickname)
	}
	want := map[string]string{"organization_1_name": "Beta", "organization_1_title": "CTO", "organization_1_title_2": "Chair"}
	if !maps.Equal(c.Attributes, want) {
		t.Errorf("attributes %v, want %v", c.Attributes, want)
	}
	if w := `company "Acme ::: Beta :::" holds several values: "Beta" kept as attribute organization_1_name`; !slices.Contains(recs[0].Warnings, w) {
		t.Errorf("warnings %q, want %q", recs[0].Warnings, w)
	}
}

// TestTagsHoldingGoogleSeparator: ":::" separates labels in Google's CSV
// only. In rolo's own CSV and another program's it is part of a tag;
// Google's export, which cannot escape it, writes it ":" so that the tag
// stays one (and the next label stays a label).
func TestTagsHoldingGoogleSeparator(t *testing.T) {
	c := &contact.Contact{FirstName: "Ada", Tags: []string{"a:::b", "x ::: y", "z"}}
	if err := contact.Normalize(c, "US"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		format string
		want   []string
	}{{CSV, []string{"a:::b", "x ::: y", "z"}}, {Google, []string{"a:b", "x : y", "z"}}} {
		got := roundTrip(t, tc.format, []*contact.Contact{c}, EncodeOptions{})[0]
		if !slices.Equal(got.Tags, tc.want) {
			t.Errorf("%s: tags %q, want %q", tc.format, got.Tags, tc.want)
		}
	}
	_, recs := decodeCSV(t, CSV, "First Name,Tags\nAda,a:::b;c\n", Options{})
	if got := normalized(t, recs[0]).Tags; !slices.Equal(got, []string{"a:::b", "c"}) {
		t.Errorf("another program's CSV: tags %q, want [a:::b c]", got)
	}
}

// A favorite, archived or deleted cell (and a vCard's X-ROLO-FAVORITE)
// holding neither a yes nor a no is ignored with a warning that names it,
// as a time that is none is, rather than read as no in silence.
func TestYesNoWordsThatAreNeither(t *testing.T) {
	recs, err := DecodeAll(mustDecoder(t, CSV, "first,favorite,archived,deleted\nAda,yes,no,\nBob,maybe,x,sometimes\n", Options{}))
	if err != nil || len(recs) != 2 {
		t.Fatalf("csv: %v %v", recs, err)
	}
	if c := recs[0].Contact; !c.Favorite || c.Archived || c.Deleted || len(recs[0].Warnings) != 0 {
		t.Errorf("Ada: favorite %v archived %v deleted %v, warnings %q", c.Favorite, c.Archived, c.Deleted, recs[0].Warnings)
	}
	want := []string{`favorite: "maybe" is not a yes or no: ignored`, `deleted: "sometimes" is not a yes or no: ignored`}
	if c := recs[1].Contact; c.Favorite || !c.Archived || c.Deleted || !slices.Equal(recs[1].Warnings, want) {
		t.Errorf("Bob: favorite %v archived %v deleted %v, warnings %q, want %q", c.Favorite, c.Archived, c.Deleted, recs[1].Warnings, want)
	}

	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nN:;Ada;;;\r\nX-ROLO-FAVORITE:perhaps\r\nEND:VCARD\r\n"
	recs, err = DecodeAll(mustDecoder(t, VCard, card, Options{}))
	if err != nil || len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("vcard: %v %v", recs, err)
	}
	if w := []string{`X-ROLO-FAVORITE: "perhaps" is not a yes or no: ignored`}; recs[0].Contact.Favorite || !slices.Equal(recs[0].Warnings, w) {
		t.Errorf("vcard: favorite %v, warnings %q, want %q", recs[0].Contact.Favorite, recs[0].Warnings, w)
	}
}

// TestCSVDayFirstDates: a file that writes a birthday 25/12/1985 writes
// its slash dates day first (Excel and Outlook outside the US): its
// 04/12/1985 is 4 December, not 12 April, and 25/12/1985 a date, not an
// attribute. A file with a 12/25/1985, or none past 12, reads them month
// first, as before; so does rolo's template, read strictly.
func TestCSVDayFirstDates(t *testing.T) {
	d, recs := decodeCSV(t, CSV, "First Name,Birthday,Anniversary\r\nA,04/12/1985,\r\nB,25/12/1985,1/2/2010\r\n", Options{})
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	a, b := normalized(t, recs[0]), normalized(t, recs[1])
	if a.Birthday != "1985-12-04" || b.Birthday != "1985-12-25" || b.Anniversary != "2010-02-01" || len(b.Attributes) != 0 {
		t.Errorf("day first: %q, %q %q %v", a.Birthday, b.Birthday, b.Anniversary, b.Attributes)
	}
	if !slices.Contains(d.Notices(), "dates are written day first (line 3): slash dates read as DD/MM/YYYY") {
		t.Errorf("notices %q", d.Notices())
	}
	for _, in := range []string{
		"First Name,Birthday\r\nA,04/12/1985\r\nB,12/25/1985\r\nC,25/12/1985\r\n",
		"First Name,Birthday\r\nA,04/12/1985\r\n",
	} {
		_, recs = decodeCSV(t, CSV, in, Options{})
		if a := normalized(t, recs[0]); a.Birthday != "1985-04-12" {
			t.Errorf("month first %q: %q", in, a.Birthday)
		}
	}
}

// The check for an offset past 23:59 does not parse a record again when
// none of its texts can end in one (an export's record: it ran on every
// record, and took twice as long as reading it), and still finds one
// spelt with \u escapes, which encoding/json reads as the characters.
func TestOffsetPast2359SparesPlainRecords(t *testing.T) {
	plain := json.RawMessage(`{"first_name":"Ada","created_at":"2026-01-01T10:00:00+05:30","updated_at":"2026-01-01T00:00:00Z",` +
		`"notes":[{"text":"met at 23:59","created_at":"2026-01-01T00:00:00-23:59"}],"interactions":[{"channel":"call","at":"2026-01-02T00:00:00+01:00"}]}`)
	if p := offsetPast2359(plain); p != "" {
		t.Fatalf("plain record: %s", p)
	}
	if n := testing.AllocsPerRun(10, func() { offsetPast2359(plain) }); n != 0 {
		t.Errorf("a record with no offset past 23:59 is parsed again: %v allocations", n)
	}
	for raw, want := range map[string]string{
		`{"created_at":"2026-01-01T00:00:00\u002b24:00"}`:        `created_at: "2026-01-01T00:00:00+24:00" is not an RFC 3339 time: its offset is past 23:59`,
		`{"blocked":{"until":"2026-01-01T00:00:00+05\u003a60"}}`: `blocked.until: "2026-01-01T00:00:00+05:60" is not an RFC 3339 time: its offset is past 23:59`,
		`{"created_at":"2026-01-01T00:00:00-24:30"}`:             `created_at: "2026-01-01T00:00:00-24:30" is not an RFC 3339 time: its offset is past 23:59`,
	} {
		if got := offsetPast2359(json.RawMessage(raw)); got != want {
			t.Errorf("%s: %q, want %q", raw, got, want)
		}
	}
}
