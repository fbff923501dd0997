package codec

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"github.com/rolo-cli/rolo/internal/contact"
)

func TestDetect(t *testing.T) {
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("BEGIN:VCARD\r\nVERSION:3.0\r\n")
	for _, tc := range []struct {
		name, head, want, err string
	}{
		{"a.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\n", VCard, ""},
		{"contacts.txt", "junk\nbegin:vcard\n", VCard, ""},
		{"-", u16, VCard, ""},
		{"a.vcf", "", VCard, ""},
		{"a.vcf", "\xEF\xBB\xBF", VCard, ""},
		{"a.json", `[{"first_name":"Ada"}]`, JSON, ""},
		{"-", "  [\n]", JSON, ""},
		{"a.json", `{"first_name":"Ada"}`, JSON, ""},
		{"a.ndjson", `{"first_name":"Ada"}` + "\n", NDJSON, ""},
		{"-", `{"first_name":"Ada"}` + "\n", NDJSON, ""},
		{"a.csv", "first,last\nAda,Lovelace\n", CSV, ""},
		{"a.csv", "", CSV, ""},
		{"pasted.csv", "first,notes\nPaste,\"old card:\nBEGIN:VCARD\nFN:x\nEND:VCARD\"\n", CSV, ""},
		{"cards.csv", "\nBEGIN:VCARD\nFN:x\n", VCard, ""},
		{"-", "first,notes\nPaste,\"old card:\nBEGIN:VCARD\nFN:x\nEND:VCARD\"\n", CSV, ""},
		{"-", "Given Name,Family Name,E-mail 1 - Value\n", Google, ""},
		{"-", "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value\n", Google, ""},
		{"x.csv", "Title,First Name,Last Name,E-mail Address,Business Street\n", Outlook, ""},
		{"x.csv", "\"Anrede\",\"Vorname\",\"Nachname\",\"Stra\xdfe gesch\xe4ftlich\",\"E-Mail-Adresse\"\r\n", Outlook, ""},
		{"x", "First Name\tLast Name\tEmail\n", CSV, ""},
		{"-", "", "", "empty"},
		{"photo.jpg", "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x02\x00\x00\x01", "", "cannot tell the format"},
		// A stray control character in a small file is a bad record, as
		// in a large one; binary data is not text whatever its size.
		{"e.csv", "first,last\nAda,B\x02x\n", CSV, ""},
		{"-", "first,last\nAda,B\x1bx\n", CSV, ""},
		{"a.bin", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "", "cannot tell the format"},
		{"archive.zip", "PK\x03\x04\x14\x00\x00\x00\x08\x00binary\x00\x01\x02", "", "cannot tell the format"},
	} {
		got, err := Detect(tc.name, []byte(tc.head))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || contact.ErrorCode(err) != contact.EINVALID {
				t.Errorf("Detect(%q, %q) = %s, %v; want error %q", tc.name, tc.head, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Detect(%q, %q) = %s, %v; want %s", tc.name, tc.head, got, err, tc.want)
		}
	}
}

func TestNewDecoderUnknownFormat(t *testing.T) {
	if _, err := NewDecoder("xml", strings.NewReader(""), Options{}); err == nil || contact.ErrorCode(err) != contact.EINVALID {
		t.Errorf("err = %v", err)
	}
	if _, err := NewEncoder("vcard", &strings.Builder{}, EncodeOptions{VCardVersion: "2.1"}); err == nil || !strings.Contains(err.Error(), "3.0 or 4.0") {
		t.Errorf("vCard 2.1 export: err = %v", err)
	}
}

func TestVCardLineEndingsAndEncodings(t *testing.T) {
	card := "BEGIN:VCARD\rVERSION:3.0\rN:Weiß;Jürgen\rEMAIL:j@example.com\rEND:VCARD\r"
	recs, err := DecodeAll(mustDecoder(t, VCard, card, Options{}))
	if err != nil || len(recs) != 1 || recs[0].Contact.LastName != "Weiß" {
		t.Fatalf("bare CR: %v %+v", err, recs)
	}
	latin2 := "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Iksi\xf1ski;Piotr\r\nEND:VCARD\r\n"
	for enc, want := range map[string]string{"": "Iksiñski", "iso-8859-2": "Iksiński"} {
		recs, err := DecodeAll(mustDecoder(t, VCard, latin2, Options{Encoding: enc}))
		if err != nil || recs[0].Contact.LastName != want {
			t.Errorf("encoding %q: %v %q, want %q", enc, err, recs[0].Contact.LastName, want)
		}
	}
	u16, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().String(
		"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Łukasz;Ćma\r\nEND:VCARD\r\n")
	recs, err = DecodeAll(mustDecoder(t, VCard, u16, Options{Encoding: "utf-16be"}))
	if err != nil || len(recs) != 1 || recs[0].Contact.FirstName != "Ćma" {
		t.Fatalf("utf-16be override: %v %+v", err, recs)
	}
}

func TestVCardQuotedPrintable(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=\r\n=FCrgen\r\n" +
		"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:a=0D=0Ab=3D=\r\n c\r\nEND:VCARD\r\n"
	recs, err := DecodeAll(mustDecoder(t, VCard, card, Options{}))
	if err != nil || len(recs) != 1 {
		t.Fatal(err, recs)
	}
	c := recs[0].Contact
	if c.LastName != "Müller" || c.FirstName != "Jürgen" || c.Notes[0].Text != "a\nb= c" {
		t.Errorf("%q %q %q", c.LastName, c.FirstName, c.Notes[0].Text)
	}
}
