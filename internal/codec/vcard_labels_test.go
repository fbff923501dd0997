package codec

import (
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
