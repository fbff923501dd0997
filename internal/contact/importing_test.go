package contact

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestHolds(t *testing.T) {
	stored := &Contact{FirstName: "Fay", LastName: "Full", Company: "Acme", Title: "CTO",
		Addresses:  []Address{{Label: "work", City: "Springfield", Country: "US"}},
		Tags:       []string{"crm", "vip"},
		Attributes: map[string]string{"source": "fair"},
		Notes:      []Note{{Text: "met at the fair"}, {Text: "stored\r\nwith CRs"}},
		VCardExtra: "X-A:1\nX-B:2", Birthday: "1990-12-31"}
	for _, tc := range []struct {
		name string
		rec  Contact
		want bool
	}{
		{"the same names", Contact{FirstName: "Fay", LastName: "Full"}, true},
		{"a field the contact has since", Contact{FirstName: "Fay", LastName: "Full", Company: "Acme"}, true},
		{"another company", Contact{FirstName: "Fay", LastName: "Full", Company: "Acme Inc"}, false},
		{"another case", Contact{FirstName: "fay", LastName: "Full"}, false},
		{"a held address, tag, attribute, note, extra", Contact{FirstName: "Fay", Addresses: []Address{{Label: "home", City: "springfield", Country: "US"}},
			Tags: []string{"VIP"}, Attributes: map[string]string{"source": "fair"}, Notes: []Note{{Text: "met at the fair"}}, VCardExtra: "X-B:2"}, true},
		{"another address", Contact{FirstName: "Fay", Addresses: []Address{{City: "Shelbyville"}}}, false},
		{"another tag", Contact{FirstName: "Fay", Tags: []string{"new"}}, false},
		{"another attribute value", Contact{FirstName: "Fay", Attributes: map[string]string{"source": "web"}}, false},
		{"another note", Contact{FirstName: "Fay", Notes: []Note{{Text: "called back"}}}, false},
		{"a note stored with CRs before", Contact{FirstName: "Fay", Notes: []Note{{Text: "stored\nwith CRs"}}}, true},
		{"an email", Contact{FirstName: "Fay", Emails: []Email{{Address: "fay@example.com"}}}, false},
		{"another extra line", Contact{FirstName: "Fay", VCardExtra: "X-C:3"}, false},
		{"the birthday without its year", Contact{FirstName: "Fay", Birthday: "--12-31"}, true},
		{"another birthday without a year", Contact{FirstName: "Fay", Birthday: "--12-30"}, false},
		{"the birthday in another year", Contact{FirstName: "Fay", Birthday: "1991-12-31"}, false},
	} {
		if got := Holds(stored, &tc.rec, GivenFields(&tc.rec), "json"); got != tc.want {
			t.Errorf("%s: Holds = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Google's CSV cannot hold ":::", its separator, and rolo's export writes
// a run of colons as one: such a value of the contact's, read back from a
// Google file, is the contact's own, neither news nor a differing field.
func TestGoogleFormIsTheContacts(t *testing.T) {
	stored := &Contact{FirstName: "Ann ::: Bea", Company: "Smith:::Jones", Tags: []string{"a:::b", "x"},
		Attributes: map[string]string{"k": "v ::: w"}, URLs: []URL{{Label: "work", URL: "https://x.test/a:::b"}},
		Addresses: []Address{{Label: "work", Street: "1 ::: Main"}}}
	rec := &Contact{FirstName: "Ann : Bea", Company: "Smith:Jones", Tags: []string{"a:b"}, Attributes: map[string]string{"k": "v : w"},
		URLs: []URL{{Label: "other", URL: "https://x.test/a:b"}}, Addresses: []Address{{Label: "other", Street: "1 : Main"}}}
	if !Holds(stored, rec, GivenFields(rec), "google") {
		t.Error("Holds: the contact's values in Google's form are not held")
	}
	if Holds(stored, rec, GivenFields(rec), "json") {
		t.Error("Holds: a json record of other values is held")
	}
	got := ImportInto(stored, rec, GivenFields(rec), false, "google")
	if got.FirstName != "Ann ::: Bea" || got.Company != "Smith:::Jones" || len(got.Tags) != 2 || got.Attributes["k"] != "v ::: w" ||
		len(got.URLs) != 1 || len(got.Addresses) != 1 {
		t.Errorf("update from Google's form changed the contact: %+v", got)
	}
	if rec.FirstName != "Ann : Bea" || rec.Tags[0] != "a:b" || rec.Attributes["k"] != "v : w" {
		t.Errorf("the record was changed: %+v", rec)
	}
	// A value of the record's own is still news.
	rec.Tags = append(rec.Tags, "a:c")
	if Holds(stored, rec, GivenFields(rec), "google") {
		t.Error("Holds: a new tag is held")
	}
}

// A Notes cell of Google or Outlook holds all of a contact's notes apart
// by blank lines, Outlook's also its attributes: what the contact holds is
// not news, the paragraphs it does not are.
func TestNewNoteText(t *testing.T) {
	c := &Contact{Attributes: map[string]string{"plan": "pro", "Source": "fair"},
		Notes: []Note{{Text: "first"}, {Text: "two\n\nparagraphs"}, {Text: "second"}}}
	for text, want := range map[string]string{
		"first":           "",
		"second\n\nfirst": "",
		"second\r\n\r\ntwo\r\n\r\nparagraphs\r\n\r\nfirst": "",
		"first\n\nplan: pro\nsource: fair":                 "",
		"third\n\nsecond\n\nfirst":                         "third",
		"second\n\nthird\n\nfirst\n\nplan: pro":            "third",
		"first\n\nplan: basic":                             "plan: basic",
		"paragraphs":                                       "paragraphs",
		"first thing":                                      "first thing",
		"plan: pro\nnot an attribute: at all":              "plan: pro\nnot an attribute: at all",
	} {
		if got := newNoteText(c, text, true); got != want {
			t.Errorf("newNoteText(%q) = %q, want %q", text, got, want)
		}
	}
	// A note an earlier import added from a cell, what was left of it
	// then, is held when the cell comes again: its paragraphs are apart
	// there, around notes the contact had.
	c.Notes = append(c.Notes, Note{Text: "third\n\nfourth"})
	for text, want := range map[string]string{
		"third\n\nfirst\n\nfourth":                    "",
		"third\n\nsecond\n\nfirst\n\nfourth\n\nfifth": "fifth",
		"fourth\n\nfirst\n\nthird":                    "fourth\n\nthird",
	} {
		if got := newNoteText(c, text, true); got != want {
			t.Errorf("newNoteText(%q) = %q, want %q", text, got, want)
		}
	}
	// A format that carries each note on its own (rolo's csv, json,
	// vCard): a note is new unless it is one of the contact's, whole.
	for text, want := range map[string]string{
		"first":                     "",
		"two\r\n\r\nparagraphs":     "",
		"first\n\nhe wants a quote": "first\n\nhe wants a quote",
		"plan: pro":                 "plan: pro",
		"second\n\nfirst":           "second\n\nfirst",
	} {
		if got := newNoteText(c, text, false); got != want {
			t.Errorf("newNoteText(%q, not joined) = %q, want %q", text, got, want)
		}
	}
}

// A date without a year (--12-31, as a card that omits the year gives it)
// is the same day as the contact's dated one, with less said: an update
// keeps the year, and a merge (or an update) fills in the year of a
// date stored without one. Another day, or another year, is another date.
func TestImportIntoKeepsTheYear(t *testing.T) {
	for _, tc := range []struct {
		name        string
		stored, rec string
		merge       bool
		want        string
	}{
		{"update: the same day without a year", "1990-12-31", "--12-31", false, "1990-12-31"},
		{"update: another day without a year", "1990-12-31", "--12-30", false, "--12-30"},
		{"update: another year", "1990-12-31", "1991-12-31", false, "1991-12-31"},
		{"update: the year to a day without one", "--12-31", "1990-12-31", false, "1990-12-31"},
		{"merge: the same day without a year", "1990-12-31", "--12-31", true, "1990-12-31"},
		{"merge: the year to a day without one", "--12-31", "1990-12-31", true, "1990-12-31"},
		{"merge: another day keeps the contact's", "--12-30", "1990-12-31", true, "--12-30"},
	} {
		old := &Contact{FirstName: "Ann", Birthday: tc.stored, Anniversary: tc.stored}
		rec := &Contact{FirstName: "Ann", Birthday: tc.rec, Anniversary: tc.rec}
		got := ImportInto(old, rec, GivenFields(rec), tc.merge, "json")
		if got.Birthday != tc.want || got.Anniversary != tc.want {
			t.Errorf("%s: birthday %q, anniversary %q, want %q", tc.name, got.Birthday, got.Anniversary, tc.want)
		}
	}
}

// A Notes cell longer than a note is split at blank lines, else at line
// breaks, into notes within the limit.
func TestSplitNote(t *testing.T) {
	a, b := strings.Repeat("a", 600000), strings.Repeat("b", 600000)
	long := strings.Repeat("c", MaxNoteLen)
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"within the limit", "x\n\ny", []string{"x\n\ny"}},
		{"two paragraphs", a + "\n\n" + b, []string{a, b}},
		{"the last blank line within the limit", "x\n\n" + a + "\n\n" + b, []string{"x\n\n" + a, b}},
		{"a paragraph of lines", a + "\n" + b, []string{a, b}},
		{"a note of the limit and a line", long + "\n\nk: v", []string{long, "k: v"}},
		{"a line longer than a note", long + "c", []string{long + "c"}},
	} {
		if got := SplitNote(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("%s: SplitNote gives notes of %d bytes, want %d", tc.name, lengths(got), lengths(tc.want))
		}
	}
}

// The notes of a Google or Outlook record split from one cell (SplitNote)
// are compared as that cell: a note of the contact's that the split cut in
// two is held.
func TestNewNotesOfASplitCell(t *testing.T) {
	d, e := strings.Repeat("d", 300000), strings.Repeat("e", 900000)
	c := &Contact{Notes: []Note{{Text: d}, {Text: "e1\n\n" + e}}}
	rec := &Contact{Notes: []Note{{Text: d + "\n\ne1"}, {Text: e}}}
	if !Holds(c, rec, GivenFields(rec), "outlook") {
		t.Error("Holds: the contact's notes, split otherwise, are not held")
	}
	if got := ImportInto(c, rec, GivenFields(rec), false, "google"); len(got.Notes) != 2 {
		t.Errorf("update adds notes: %d notes, want 2", len(got.Notes))
	}
	rec.Notes = append(rec.Notes, Note{Text: "new"})
	got := ImportInto(c, rec, GivenFields(rec), false, "google")
	if len(got.Notes) != 3 || got.Notes[2].Text != "new" {
		t.Errorf("update with a new paragraph: %d notes, want the 2 and \"new\"", len(got.Notes))
	}
	// rolo's csv carries each note on its own: these are two new ones.
	if Holds(c, &Contact{Notes: rec.Notes[:2]}, nil, "csv") {
		t.Error("Holds: csv notes held by text split otherwise")
	}
}

// A contact of 50,000 notes read back from its own export, in a format
// of one note each and in one of a notes cell, brings none new, and one
// note more is the one new: in well under a second. Compared each with
// each, that took 17 s of CPU (json) and 12 s (google).
func TestNewNotesOfManyNotes(t *testing.T) {
	const n = 50000
	c, rec := &Contact{}, &Contact{}
	texts := make([]string, n)
	for i := range n {
		texts[i] = fmt.Sprintf("note %d", i)
		c.Notes = append(c.Notes, Note{Text: texts[i]})
		rec.Notes = append(rec.Notes, Note{Text: texts[i]})
	}
	rec.Notes = append(rec.Notes, Note{Text: "one more"}, Note{Text: "one more"})
	cell := []Note{{Text: strings.Join(texts, "\n\n") + "\n\none more"}}
	for _, tc := range []struct {
		format string
		notes  []Note
	}{{"json", rec.Notes}, {"google", cell}} {
		done := make(chan []Note, 1)
		go func() { done <- newNotes(c, tc.notes, JoinsNotes(tc.format)) }()
		select {
		case got := <-done:
			if len(got) != 1 || got[0].Text != "one more" {
				t.Errorf("%s: %d new notes, want the one \"one more\"", tc.format, len(got))
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: newNotes of %d notes still running after 10s", tc.format, n)
		}
	}
}

func lengths(ss []string) []int {
	out := make([]int, len(ss))
	for i, s := range ss {
		out[i] = len(s)
	}
	return out
}

// An update replaces the vCard properties the record has, and keeps those
// it does not: a photo the card has none of, and the custom label of a
// phone the update keeps. The label of a value the record labels too is
// the record's.
func TestUpdateVCardExtra(t *testing.T) {
	have := "PHOTO:data:image/jpeg;base64,AAAA\nX-FOO:foo\n" +
		`item1.X-ABLabel;X-ROLO-FOR="TEL:+14155550999":Car phone` + "\n" +
		`item2.X-ABLabel;X-ROLO-FOR="TEL:+14155550998":Boat phone`
	for _, tc := range []struct{ rec, want string }{
		{"X-BAR:bar", have + "\nX-BAR:bar"},
		{"X-FOO:new", "PHOTO:data:image/jpeg;base64,AAAA\n" +
			`item1.X-ABLabel;X-ROLO-FOR="TEL:+14155550999":Car phone` + "\n" +
			`item2.X-ABLabel;X-ROLO-FOR="TEL:+14155550998":Boat phone` + "\nX-FOO:new"},
		{`item1.X-ABLabel;X-ROLO-FOR="TEL:+14155550998":Ship phone`, "PHOTO:data:image/jpeg;base64,AAAA\nX-FOO:foo\n" +
			`item1.X-ABLabel;X-ROLO-FOR="TEL:+14155550999":Car phone` + "\n" +
			`item2.X-ABLabel;X-ROLO-FOR="TEL:+14155550998":Ship phone`},
		{"PHOTO:data:image/png;base64,BBBB", "X-FOO:foo\n" +
			`item1.X-ABLabel;X-ROLO-FOR="TEL:+14155550999":Car phone` + "\n" +
			`item2.X-ABLabel;X-ROLO-FOR="TEL:+14155550998":Boat phone` + "\nPHOTO:data:image/png;base64,BBBB"},
	} {
		if got := UpdateVCardExtra(have, tc.rec); got != tc.want {
			t.Errorf("UpdateVCardExtra(have, %q) =\n%s\nwant\n%s", tc.rec, got, tc.want)
		}
	}
	// A property in a group (Apple's related names) replaces the
	// contact's of that name, in a group or not, with its label, as one
	// outside a group does.
	related := "X-FOO:foo\nitem1.X-ABRELATEDNAMES:Bob\nitem1.X-ABLabel:Spouse\n" +
		`item2.X-ABLabel;X-ROLO-FOR="TEL:+14155550999":Car phone` + "\nX-ABRELATEDNAMES:Al"
	for _, tc := range []struct{ rec, want string }{
		{"item1.X-ABRELATEDNAMES:Rob\nitem1.X-ABLabel:Spouse", "X-FOO:foo\n" +
			`item2.X-ABLabel;X-ROLO-FOR="TEL:+14155550999":Car phone` + "\nitem1.X-ABRELATEDNAMES:Rob\nitem1.X-ABLabel:Spouse"},
		{"X-ABRELATEDNAMES:Rob", "X-FOO:foo\n" +
			`item2.X-ABLabel;X-ROLO-FOR="TEL:+14155550999":Car phone` + "\nX-ABRELATEDNAMES:Rob"},
		{"item5.X-ABLabel:Spouse\nitem5.X-BAR:x", related + "\nitem5.X-ABLabel:Spouse\nitem5.X-BAR:x"},
	} {
		if got := UpdateVCardExtra(related, tc.rec); got != tc.want {
			t.Errorf("UpdateVCardExtra(related, %q) =\n%s\nwant\n%s", tc.rec, got, tc.want)
		}
	}
	old := &Contact{FirstName: "Ed", VCardExtra: have}
	rec := &Contact{FirstName: "Ed", VCardExtra: "X-BAR:bar"}
	if got := ImportInto(old, rec, GivenFields(rec), false, "vcard"); got.VCardExtra != have+"\nX-BAR:bar" {
		t.Errorf("update: vcard_extra = %q", got.VCardExtra)
	}
}
