package codec

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// TestVCardLabelFollowsItsNumber: a kept custom label goes back on the
// number it labelled, as the store tells numbers apart: by what they read
// as. Digits of another script are digits (two Devanagari numbers are not
// the same number for having no ASCII digits), and a number stored in
// international form is the national one the card wrote.
func TestVCardLabelFollowsItsNumber(t *testing.T) {
	encode := func(c *contact.Contact) string {
		t.Helper()
		var out strings.Builder
		if err := Encode(VCard, &out, []*contact.Contact{c}, EncodeOptions{}); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	c := decodeOneCard(t, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;Ravi;;;\r\nFN:Ravi\r\n"+
		"TEL;TYPE=CELL:+९१ ९८७६५ ४३२१०\r\nitem1.TEL:+९१ ९८७६५ ४३२११\r\nitem1.X-ABLabel:Driver\r\nEND:VCARD\r\n").Contact
	want := "\r\nTEL;TYPE=CELL:+९१ ९८७६५ ४३२१०\r\nitem1.TEL;TYPE=OTHER,VOICE:+९१ ९८७६५ ४३२११\r\nitem1.X-ABLabel:Driver\r\n"
	if out := encode(c); !strings.Contains(out, want) {
		t.Errorf("the label does not follow its Devanagari number; want %q in:\n%s", want, out)
	}

	// As an import in another region than the card's leaves it.
	c = &contact.Contact{FirstName: "Jan", Name: "Jan",
		Phones:     []contact.Phone{{Label: "mobile", Number: "+44 20 7946 0958", E164: "+442079460958"}, {Label: "work", Number: "+49 30 1234567", E164: "+49301234567"}},
		VCardExtra: `item1.X-ABLabel;X-ROLO-FOR="TEL:030 1234567":Driver`}
	want = "\r\nTEL;TYPE=CELL:+44 20 7946 0958\r\nitem1.TEL;TYPE=WORK,VOICE:+49 30 1234567\r\nitem1.X-ABLabel:Driver\r\n"
	if out := encode(c); !strings.Contains(out, want) {
		t.Errorf("the label does not follow its number stored in international form; want %q in:\n%s", want, out)
	}
}

// TestVCardAndroidCustomLabel: Android writes its user's own label of a
// phone, email or address as a parameter of the value (AOSP's TEL;X-Boat,
// TYPE=X-... in 3.0, some phones' X-CUSTOM(CHARSET=...,ENCODING=...,LABEL)):
// it is kept as Apple's X-ABLabel is, linked to its value in a group no
// other property of the card uses, and written back in that group.
func TestVCardAndroidCustomLabel(t *testing.T) {
	rec := decodeOneCard(t, "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Aosp;Ann;;;\r\nitem1.URL:https://ann.example\r\n"+
		"TEL;X-Boat:+14155550601\r\nTEL;CELL:+14155550602\r\nEMAIL;X-School:ann@school.example\r\n"+
		"TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=E5=AE=B6=E5=BA=AD):+14155550603\r\n"+
		"ADR;TYPE=X-Cabin:;;1 Lake Rd;Tahoe;CA;96150;US\r\nTEL;TYPE=X-EVOLUTION-CALLBACK:+14155550604\r\nEND:VCARD\r\n")
	c := rec.Contact
	want := strings.Join([]string{
		`item2.X-ABLabel;X-ROLO-FOR="TEL:+14155550601":Boat`,
		`item3.X-ABLabel;X-ROLO-FOR="EMAIL:ann@school.example":School`,
		`item4.X-ABLabel;X-ROLO-FOR="TEL:+14155550603":家庭`,
		`item5.X-ABLabel;X-ROLO-FOR="ADR:1 Lake Rd|Tahoe|96150":Cabin`,
		`item6.X-ABLabel;X-ROLO-FOR="TEL:+14155550604":CALLBACK`,
	}, "\n")
	if c.VCardExtra != want {
		t.Errorf("extra =\n%s\nwant\n%s", c.VCardExtra, want)
	}
	if len(c.Phones) != 4 || c.Phones[0].Label != "other" || c.Phones[1].Label != "mobile" || len(c.Emails) != 1 || c.Emails[0].Label != "other" || len(c.Addresses) != 1 {
		t.Errorf("phones %+v emails %+v addresses %+v", c.Phones, c.Emails, c.Addresses)
	}
	var out strings.Builder
	if err := Encode(VCard, &out, []*contact.Contact{c}, EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"\r\nitem2.TEL;TYPE=OTHER,VOICE:+14155550601\r\nitem2.X-ABLabel:Boat\r\n", "\r\nitem4.TEL;TYPE=OTHER,VOICE:+14155550603\r\nitem4.X-ABLabel:家庭\r\n",
		"\r\nitem3.EMAIL;TYPE=INTERNET,OTHER:ann@school.example\r\nitem3.X-ABLabel:School\r\n", "\r\nitem5.X-ABLabel:Cabin\r\n"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("want %q in:\n%s", w, out.String())
		}
	}
}

// TestVCardSocialLabel: the item-group label of an IMPP or X-SOCIALPROFILE
// (rolo's socials have no label) is kept, linked to its handle, and
// written back in a group with the social profile; one that names the
// network of a profile without a type is that network and not kept.
func TestVCardSocialLabel(t *testing.T) {
	c := decodeOneCard(t, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Url;Lab;;;\r\n"+
		"item1.IMPP;X-SERVICE-TYPE=Skype:skype:lab.url\r\nitem1.X-ABLabel:Gaming\r\n"+
		"item2.X-SOCIALPROFILE;type=twitter:https://twitter.com/lab\r\nitem2.X-ABLabel:Old account\r\n"+
		"item3.X-SOCIALPROFILE:https://mastodon.example/@lab\r\nitem3.X-ABLabel:mastodon\r\nEND:VCARD\r\n").Contact
	want := `item1.X-ABLabel;X-ROLO-FOR="X-SOCIALPROFILE:lab.url":Gaming` + "\n" +
		`item2.X-ABLabel;X-ROLO-FOR="X-SOCIALPROFILE:https://twitter.com/lab":Old account`
	if c.VCardExtra != want || len(c.Socials) != 3 || c.Socials[2].Network != "mastodon" {
		t.Errorf("extra = %q, want %q; socials %+v", c.VCardExtra, want, c.Socials)
	}
	var out strings.Builder
	if err := Encode(VCard, &out, []*contact.Contact{c}, EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"\r\nitem1.X-SOCIALPROFILE;TYPE=skype:lab.url\r\nitem1.X-ABLabel:Gaming\r\n",
		"\r\nitem2.X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/lab\r\nitem2.X-ABLabel:Old account\r\n"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("want %q in:\n%s", w, out.String())
		}
	}
}

// TestGoogleKeptLabelsBack checks that a label of Google's that rolo's
// labels cannot say (a phone's Car or Pager, an email's Uni, an
// address's Cabin), kept linked to its value, goes back to Google as that
// value's label in the Other slot (each value its own, when they differ),
// where it was written Other, and so reads back kept again.
func TestGoogleKeptLabelsBack(t *testing.T) {
	in := "First Name,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Phone 3 - Label,Phone 3 - Value," +
		"E-mail 1 - Label,E-mail 1 - Value,Address 1 - Label,Address 1 - City\n" +
		"Ada,Car,+1 415 555 0100,Pager,+1 415 555 0101,Other,+1 415 555 0102,Uni,a@u.example,Cabin,Tahoe\n"
	_, recs := decodeCSV(t, Google, in, Options{})
	c := normalized(t, recs[0])
	var buf bytes.Buffer
	if err := Encode(Google, &buf, []*contact.Contact{c}, EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{",Uni,a@u.example,", ",Car ::: Pager ::: Other,+1 415 555 0100 ::: +1 415 555 0101 ::: +1 415 555 0102,", ",Cabin,Tahoe,"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("Google export lacks %q:\n%s", want, buf.String())
		}
	}
	_, back := decodeCSV(t, Google, buf.String(), Options{})
	g := normalized(t, back[0])
	kept := ReadKeptVCard(g.VCardExtra)
	for _, l := range []struct{ got, want string }{
		{kept.PhoneLabel("+14155550100"), "Car"}, {kept.PhoneLabel("+14155550101"), "Pager"}, {kept.PhoneLabel("+14155550102"), ""},
		{kept.EmailLabel("a@u.example"), "Uni"}, {kept.AddressLabel(g.Addresses[0]), "Cabin"},
	} {
		if l.got != l.want {
			t.Errorf("label %q, want %q (vcard_extra %q)", l.got, l.want, g.VCardExtra)
		}
	}
}
