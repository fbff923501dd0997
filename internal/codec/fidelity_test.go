package codec

import (
	"slices"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// TestGoogleLegacyEmailTypes checks that the labels of every email slot of
// Google's older layout ("E-mail 2 - Type") are read, while Outlook's
// "E-mail 2 Type", whose key is the same once punctuation is dropped, still
// holds the address type (SMTP) and is skipped.
func TestGoogleLegacyEmailTypes(t *testing.T) {
	google := "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value," +
		"E-mail 3 - Type,E-mail 3 - Value\n" +
		"Ada L,Ada,L,* myContacts,* Work,a@w.example,* Home,a@h.example,Andere,a@o.example\n"
	d, recs := decodeCSV(t, CSV, google, Options{})
	if d.Flavour() != Google {
		t.Fatalf("flavour %s", d.Flavour())
	}
	c := normalized(t, recs[0])
	if got := strings.Join(emails(c), " "); got != "work:a@w.example home:a@h.example other:a@o.example" {
		t.Errorf("Google emails = %s", got)
	}

	outlook := "First Name,Last Name,E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,E-mail 2 Type,Business Street,Home Street\n" +
		"Ada,L,a@w.example,SMTP,Ada L (a@w.example),a@h.example,SMTP,,\n"
	d, recs = decodeCSV(t, CSV, outlook, Options{})
	if d.Flavour() != Outlook {
		t.Fatalf("flavour %s", d.Flavour())
	}
	c = normalized(t, recs[0])
	if len(c.Emails) != 2 || c.Emails[1].Address != "a@h.example" || len(c.Attributes) != 0 {
		t.Errorf("Outlook emails %v attributes %v", emails(c), c.Attributes)
	}
	for _, m := range d.Mapping() {
		if m.Header == "E-mail 2 Type" && m.Source != "ignored" {
			t.Errorf("Outlook's %q maps to %q (%s), want it ignored", m.Header, m.Field, m.Source)
		}
	}
}

// TestStarredTagsStay checks that only Google's star and space (*
// starred, * myContacts) are Google's: a tag of one's own that starts
// with a star (*urgent, sorted first) comes back from a Google or Outlook
// export as it was, where the star was dropped (and a tag "*" was lost).
func TestStarredTagsStay(t *testing.T) {
	c := &contact.Contact{FirstName: "Ada", Favorite: true, Tags: []string{"*", "**", "*urgent", "a*b", "Friends"}}
	if err := contact.Normalize(c, "US"); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{Google, Outlook} {
		got := roundTrip(t, format, []*contact.Contact{c}, EncodeOptions{})[0]
		want := c.Tags
		if !slices.Equal(got.Tags, want) {
			t.Errorf("%s: tags %q, want %q", format, got.Tags, want)
		}
		if format == Google && !got.Favorite {
			t.Errorf("%s: * starred is no longer a favorite", format)
		}
	}
	_, recs := decodeCSV(t, Google, "First Name,Labels\nBo,* myContacts ::: * starred ::: *urgent ::: * Friends\n", Options{})
	if g := normalized(t, recs[0]); !g.Favorite || !slices.Equal(g.Tags, []string{"*urgent", "Friends"}) {
		t.Errorf("Google labels: favorite %v tags %q", g.Favorite, g.Tags)
	}
}
