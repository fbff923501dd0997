package codec

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// TestVCardFoldAnywhere checks that RFC folding is undone wherever the fold
// falls, also before the ":" (rolo's own export folds long parameter lists
// there), and that the properties around the folded one keep their values.
func TestVCardFoldAnywhere(t *testing.T) {
	const reason = "Robocalls about car warranty, reported twice to the FTC"
	for _, tc := range []struct {
		name   string
		folded string // the X-ROLO-BLOCKED or NOTE property, folded
		reason string
		note   string
	}{
		{"inside a quoted parameter value", "X-ROLO-BLOCKED;REASON=\"Robocalls about car warranty, reported twice to the \r\n FTC\";BY=alice:forever", reason, ""},
		{"between parameters", "X-ROLO-BLOCKED;REASON=\"spam\";\r\n BY=alice:forever", "spam", ""},
		{"before a colon in a quoted value", "X-ROLO-BLOCKED;REASON=\"spam\";BY=alice;CREATED=\"2026-12-05T12\r\n :00:00Z\":forever", "spam", ""},
		{"right before the colon", "X-ROLO-BLOCKED;REASON=\"spam\";BY=alice\r\n :forever", "spam", ""},
		{"inside the name", "X-ROLO-BLOC\r\n KED;REASON=\"spam\";BY=alice:forever", "spam", ""},
		{"several times, with a tab", "X-ROLO-BLOCKED;REA\r\n\tSON=\"Robocalls about car warranty, \r\n reported twice to the FTC\"\r\n ;BY=alice:fore\r\n ver", reason, ""},
		{"inside the parameters, LF line ends", "X-ROLO-BLOCKED;REASON=\"Robocalls about car warranty, reported twice to the \n FTC\";BY=alice:forever", reason, ""},
		{"inside a note's author parameter", "NOTE;X-ROLO-AUTHOR=\"alice the long-winded\r\n  administrator\":Called\\, left\r\n  a message.", "", "Called, left a message."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			card := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Spam\r\nN:Spam;Sam;;;\r\nX-ROLO-FAVORITE:true\r\n" +
				tc.folded + "\r\nEMAIL:sam@example.com\r\nEND:VCARD\r\n"
			recs, err := DecodeAll(mustDecoder(t, VCard, card, Options{}))
			if err != nil || len(recs) != 1 || recs[0].Err != nil {
				t.Fatalf("%v %+v", err, recs)
			}
			c := recs[0].Contact
			if !c.Favorite {
				t.Errorf("favorite lost")
			}
			if len(c.Emails) != 1 || c.Emails[0].Address != "sam@example.com" {
				t.Errorf("emails = %+v", c.Emails)
			}
			if tc.reason != "" {
				if b := c.Blocked; b == nil || b.Reason != tc.reason || b.By != "alice" || b.Until != nil {
					t.Errorf("blocked = %+v, want forever by alice for %q", b, tc.reason)
				}
			}
			if tc.note != "" {
				if len(c.Notes) != 1 || c.Notes[0].Text != tc.note || c.Notes[0].Author != "alice the long-winded administrator" {
					t.Errorf("notes = %+v", c.Notes)
				}
			}
			if c.VCardExtra != "" {
				t.Errorf("extra = %q", c.VCardExtra)
			}
		})
	}
}

// TestVCardFoldBeforeEncoding checks that a 2.1 property folded before its
// ENCODING parameter still gets its quoted-printable soft breaks joined,
// and that lines without a property name still continue a value (broken
// exporters).
func TestVCardFoldBeforeEncoding(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Spam;Sam\r\nNOTE;CHARSET=UTF-8;\r\n ENCODING=QUOTED-PRINTABLE:caf=C3=A9 =\r\nau lait\r\n" +
		"NOTE:first line\r\nsecond line, not folded\r\nEND:VCARD\r\n"
	recs, err := DecodeAll(mustDecoder(t, VCard, card, Options{}))
	if err != nil || len(recs) != 1 {
		t.Fatal(err, recs)
	}
	c := recs[0].Contact
	if c.LastName != "Spam" || len(c.Notes) != 2 || c.Notes[0].Text != "café au lait" || c.Notes[1].Text != "first line\nsecond line, not folded" {
		t.Errorf("%q %+v", c.LastName, c.Notes)
	}
}

// TestVCardCardBound checks that a card is read up to 16 MiB, photos
// included, and that a larger one (one property folded over many lines)
// stops the import with a message naming its line, as a CSV record over
// the same bound does.
func TestVCardCardBound(t *testing.T) {
	card := func(lines int) string {
		var b strings.Builder
		b.WriteString("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fold\r\nNOTE:start")
		chunk := "\r\n " + strings.Repeat("x", 73)
		for range lines {
			b.WriteString(chunk)
		}
		b.WriteString("\r\nEND:VCARD\r\n")
		return b.String()
	}
	// 200,000 folded lines of 76 bytes: 15.2 MB, decoded (the note is
	// then too long for its field, which validation says later).
	if recs, err := DecodeAll(mustDecoder(t, VCard, card(200_000), Options{})); err != nil || len(recs) != 1 {
		t.Fatalf("a 15 MB card: %v, %d records", err, len(recs))
	}
	_, err := DecodeAll(mustDecoder(t, VCard, card(230_000), Options{}))
	if err == nil || err.Error() != "card starting at line 1 is larger than 16 MiB" {
		t.Fatalf("a 17.5 MB card: err = %v, want it refused as larger than 16 MiB", err)
	}
}

// Another program's REV is its own bookkeeping: one more than a day ahead
// of the import's clock, or before 1900, is dropped with a warning (the
// contact gets the import's time) rather than rejecting the contact. The
// REV of rolo's own card (its PRODID) is kept as it is, for the import to
// check as it checks JSON's updated_at.
func TestVCardForeignREV(t *testing.T) {
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	card := func(prodID, rev string) string {
		return "BEGIN:VCARD\r\nVERSION:3.0\r\n" + prodID + "FN:Eve\r\nN:;Eve;;;\r\nREV:" + rev + "\r\nEND:VCARD\r\n"
	}
	apple := "PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
	own := "PRODID:-//rolo//rolo//EN\r\n"
	for _, tc := range []struct {
		name, in string
		want     time.Time // zero: none
		warning  string
	}{
		{"a year ahead", card(apple, "2030-01-01T00:00:00Z"), time.Time{}, `REV "2030-01-01T00:00:00Z" is more than a day in the future: dropped`},
		{"before 1900", card("", "18000101T000000Z"), time.Time{}, `REV "18000101T000000Z" is before 1900: dropped`},
		{"within a day ahead", card(apple, "2026-06-16T11:00:00Z"), time.Date(2026, 6, 16, 11, 0, 0, 0, time.UTC), ""},
		{"past", card(apple, "20240102T030405Z"), time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), ""},
		{"garbage", card(apple, "yesterday"), time.Time{}, ""},
		// An offset past 23:59, which Go's parser takes, is no time either.
		{"an offset past 23:59", card(apple, "2026-01-01T00:00:00+24:00"), time.Time{}, ""},
		{"rolo's own, an offset past 23:59", card(own, "20260101T000000+2400"), time.Time{}, ""},
		{"rolo's own, ahead", card(own, "2030-01-01T00:00:00Z"), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), ""},
		{"rolo's own, before 1900", card(own, "1800-01-01T00:00:00Z"), time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC), ""},
	} {
		recs, err := DecodeAll(mustDecoder(t, VCard, tc.in, Options{Now: now}))
		if err != nil || len(recs) != 1 || recs[0].Err != nil {
			t.Fatalf("%s: %d records, %v", tc.name, len(recs), err)
		}
		r := recs[0]
		if !r.Contact.UpdatedAt.Equal(tc.want) {
			t.Errorf("%s: updated_at %v, want %v", tc.name, r.Contact.UpdatedAt, tc.want)
		}
		var warning string
		if len(r.Warnings) > 0 {
			warning = r.Warnings[0]
		}
		if warning != tc.warning || len(r.Warnings) > 1 {
			t.Errorf("%s: warnings %q, want %q", tc.name, r.Warnings, tc.warning)
		}
	}
}

// TestVCardFilesJoined: files joined with cat, one not ending with a line
// break (END:VCARDBEGIN:VCARD on one line) or the next starting with a
// byte-order mark, are as many cards. The first made the next card part
// of the one before (two people one contact); the second had the next
// card ignored as "text outside BEGIN:VCARD...END:VCARD".
func TestVCardFilesJoined(t *testing.T) {
	card := func(first, email string) string {
		return "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + first + " X\r\nN:X;" + first + ";;;\r\nEMAIL:" + email + "\r\nEND:VCARD"
	}
	in := card("Ada", "ada@x.com") + card("Bob", "bob@x.com") + " \r\n\xEF\xBB\xBF" + card("Cy", "cy@x.com") + "\r\n"
	recs, err := DecodeAll(mustDecoder(t, VCard, in, Options{}))
	if err != nil || len(recs) != 3 {
		t.Fatalf("%v: %d records, want 3", err, len(recs))
	}
	for i, want := range []string{"Ada", "Bob", "Cy"} {
		c := recs[i].Contact
		if recs[i].Err != nil || c.FirstName != want || len(c.Emails) != 1 {
			t.Errorf("record %d: %v %+v", i, recs[i].Err, c)
		}
	}
}

// TestVCardCharsetButUTF8: a 2.1 card converted to UTF-8 (iconv, an
// editor) keeps its CHARSET=ISO-8859-1 parameters. Read as declared,
// Müller became MÃ¼ller; text of that charset, as declared, still reads
// as it.
func TestVCardCharsetButUTF8(t *testing.T) {
	in := "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1:M\xc3\xbcller;J\xc3\xbcrgen\r\n" +
		"ADR;HOME;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:;;Hauptstra=C3=9Fe 1;M=C3=BCnchen;;;\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1:M\xfcller;Zo\xeb\r\nEND:VCARD\r\n"
	d := mustDecoder(t, VCard, in, Options{})
	recs, err := DecodeAll(d)
	if err != nil || len(recs) != 2 {
		t.Fatalf("%v %+v", err, recs)
	}
	c := recs[0].Contact
	if c.LastName != "Müller" || c.FirstName != "Jürgen" || len(c.Addresses) != 1 || c.Addresses[0].Street != "Hauptstraße 1" || c.Addresses[0].City != "München" {
		t.Errorf("card 1: %+v", c)
	}
	if !strings.Contains(strings.Join(recs[0].Warnings, "\n"), "N names CHARSET=ISO-8859-1 but is UTF-8: read as UTF-8") {
		t.Errorf("warnings %q", recs[0].Warnings)
	}
	if c := recs[1].Contact; c.LastName != "Müller" || c.FirstName != "Zoë" || len(recs[1].Warnings) != 0 {
		t.Errorf("card 2: %+v %q", c, recs[1].Warnings)
	}
}

// TestVCardDeclaredUTF8IsNot checks that a value whose CHARSET says UTF-8
// but whose bytes are Latin-1 (a file saved again in another encoding
// keeps its parameters) is read as undeclared 8-bit text and said, rather
// than each such letter becoming U+FFFD; a UTF-8 value with a character
// cut off at its end stays UTF-8.
func TestVCardDeclaredUTF8IsNot(t *testing.T) {
	for _, tc := range []struct {
		name, prop, last, first, warning string
	}{
		{"latin-1", "N;CHARSET=UTF-8:M\xfcller;J\xfcrgen", "Müller", "Jürgen", "N names CHARSET=UTF-8 but is not UTF-8: read as windows-1252"},
		{"latin-1 quoted-printable", "N;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:Gr=FC=DFe;J=FCrgen", "Grüße", "Jürgen", "N names CHARSET=utf-8 but is not UTF-8: read as windows-1252"},
		{"latin-1 letter last", "N;CHARSET=UTF-8:Ana;Jos\xe9", "Ana", "José", "N names CHARSET=UTF-8 but is not UTF-8: read as windows-1252"},
		{"utf-8 cut short", "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrg=C3", "Müller", "Jürg\uFFFD", ""},
		{"utf-8", "N;CHARSET=UTF-8:M\xc3\xbcller;J\xc3\xbcrgen", "Müller", "Jürgen", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			card := "BEGIN:VCARD\r\nVERSION:2.1\r\n" + tc.prop + "\r\nEND:VCARD\r\n"
			recs, err := DecodeAll(mustDecoder(t, VCard, card, Options{}))
			if err != nil || len(recs) != 1 || recs[0].Err != nil {
				t.Fatalf("%v %+v", err, recs)
			}
			if c := recs[0].Contact; c.LastName != tc.last || c.FirstName != tc.first {
				t.Errorf("name = %q %q, want %q %q", c.FirstName, c.LastName, tc.first, tc.last)
			}
			if w := strings.Join(recs[0].Warnings, "\n"); w != tc.warning {
				t.Errorf("warnings = %q, want %q", w, tc.warning)
			}
		})
	}
}

// TestVCardQPSoftBreakTrailingBlanks checks that a quoted-printable soft
// break followed by blanks (added by a mail system or an editor; RFC 2045
// has the decoder drop them) still joins the lines, also inside a letter
// of several bytes.
func TestVCardQPSoftBreakTrailingBlanks(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3= \r\n=BCller;J=C3=BC=\t\r\nrgen\r\nTEL;CELL:+14155550100\r\nEND:VCARD\r\n"
	recs, err := DecodeAll(mustDecoder(t, VCard, card, Options{}))
	if err != nil || len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("%v %+v", err, recs)
	}
	if c := recs[0].Contact; c.LastName != "Müller" || c.FirstName != "Jürgen" || len(c.Phones) != 1 {
		t.Errorf("contact = %q %q %+v", c.FirstName, c.LastName, c.Phones)
	}
	if len(recs[0].Warnings) != 0 {
		t.Errorf("warnings = %q", recs[0].Warnings)
	}
}

// TestVCardUTF16QuotedPrintable checks that in a UTF-16 file a
// quoted-printable or base64 value is read in its CHARSET (the escapes are its
// bytes, not UTF-8's), and other values as the text they are, whatever
// their CHARSET says.
func TestVCardUTF16QuotedPrintable(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen\r\n" +
		"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:caf=C3=A9\r\nORG;CHARSET=Windows-1252:Café Ltd\r\n" +
		"TITLE;CHARSET=Windows-1252;ENCODING=BASE64:RGlyZWt09nI=\r\nEND:VCARD\r\n"
	for _, tc := range []struct {
		name string
		bom  string
		opts Options
	}{
		{"byte-order mark", "\xff\xfe", Options{}},
		{"--encoding utf-16le", "", Options{Encoding: "utf-16le"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.bom)
			for _, u := range utf16.Encode([]rune(card)) {
				in = append(in, byte(u), byte(u>>8))
			}
			recs, err := DecodeAll(mustDecoder(t, VCard, string(in), tc.opts))
			if err != nil || len(recs) != 1 || recs[0].Err != nil {
				t.Fatalf("%v %+v", err, recs)
			}
			c := recs[0].Contact
			if c.FirstName != "Jürgen" || c.LastName != "Müller" || c.Company != "Café Ltd" || c.Title != "Direktör" || len(c.Notes) != 1 || c.Notes[0].Text != "café" {
				t.Errorf("contact = %q %q %q %q %+v", c.FirstName, c.LastName, c.Company, c.Title, c.Notes)
			}
		})
	}
}

// TestVCardExtraComponents checks that N and ADR components past the five
// and seven those properties have (a ";" left unescaped) are kept as an
// attribute and said, rather than dropped; empty ones are nothing; with
// --strict they reject the card.
func TestVCardExtraComponents(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;Marie;Dr.;PhD;Jr.\\, III;;\r\n" +
		"ADR;TYPE=HOME:;;1 Elm St;Boston;MA;02101;US;Apt 4\r\nEND:VCARD\r\n"
	recs, err := DecodeAll(mustDecoder(t, VCard, card, Options{}))
	if err != nil || len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("%v %+v", err, recs)
	}
	c := recs[0].Contact
	if c.Suffix != "PhD" || c.Attributes["name_extra"] != "Jr., III" || len(c.Addresses) != 1 || c.Addresses[0].Country != "US" || c.Attributes["address_home_extra"] != "Apt 4" {
		t.Errorf("contact = %+v %+v", c.Attributes, c.Addresses)
	}
	want := `N has 8 components where 5 are read: "Jr., III" kept as attribute name_extra` + "\n" +
		`ADR has 8 components where 7 are read: "Apt 4" kept as attribute address_home_extra`
	if w := strings.Join(recs[0].Warnings, "\n"); w != want {
		t.Errorf("warnings = %q, want %q", w, want)
	}

	recs, err = DecodeAll(mustDecoder(t, VCard, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;John;;;;\r\nADR:;;1 Elm;Boston;MA;02101;US;;\r\nEND:VCARD\r\n", Options{}))
	if err != nil || len(recs) != 1 || recs[0].Err != nil || len(recs[0].Contact.Attributes) != 0 || len(recs[0].Warnings) != 0 {
		t.Errorf("empty components: %v %+v", err, recs)
	}

	recs, err = DecodeAll(mustDecoder(t, VCard, card, Options{Strict: true}))
	if err != nil || len(recs) != 1 || recs[0].Err == nil || !strings.Contains(recs[0].Err.Error(), `N has 8 components where 5 are read: "Jr., III"`) {
		t.Errorf("strict: %v %+v", err, recs)
	}
}

// TestVCardJoinedBareCRFile checks that a classic Mac OS file, whose lines
// end in a bare CR, joined to one of CRLF lines (cat a.vcf b.vcf) gives
// every card, in either order and when the CR file alone fills the first
// bytes rolo looks at; a bare CR inside a value stays part of it.
func TestVCardJoinedBareCRFile(t *testing.T) {
	mac := "BEGIN:VCARD\rVERSION:3.0\rN:Mac;Old;;;\rTEL:+14155550402\rEND:VCARD\rBEGIN:VCARD\rVERSION:3.0\rN:Mac;Two;;;\rEND:VCARD\r"
	crlf := "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Crlf;One;;;\r\nNOTE:a\rb\r\nEND:VCARD\r\n"
	var big strings.Builder
	for big.Len() <= sniffSize {
		big.WriteString("BEGIN:VCARD\rVERSION:3.0\rN:Mac;Filler;;;\rNOTE:" + strings.Repeat("x", 500) + "\rEND:VCARD\r")
	}
	for _, tc := range []struct {
		name, in string
	}{
		{"bare CR first", mac + crlf},
		{"bare CR last", crlf + mac},
		{"bare CR filling the first bytes", big.String() + mac + crlf},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := mustDecoder(t, VCard, tc.in, Options{})
			recs, err := DecodeAll(d)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, r := range recs {
				if r.Err != nil {
					t.Fatalf("card %+v: %v", r, r.Err)
				}
				if c := r.Contact; c.LastName != "Mac" || c.FirstName != "Filler" {
					note := ""
					if len(c.Notes) > 0 {
						note = c.Notes[0].Text
					}
					got[c.FirstName+" "+c.LastName] = fmt.Sprint(len(c.Phones), note)
				}
			}
			want := map[string]string{"Old Mac": "1", "Two Mac": "0", "One Crlf": "0a\nb"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("cards = %v, want %v", got, want)
			}
			if n := d.Notices(); len(n) != 0 {
				t.Errorf("notices = %q", n)
			}
		})
	}
}

// TestVCardBase64Text checks that a text property in base64 (vCard 2.1
// allows BASE64 for any value, and some phones write names and notes so)
// is read as its text in its CHARSET, kept or not, while a photo stays
// data and text that only looks like base64 stays as written.
func TestVCardBase64Text(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=BASE64;CHARSET=UTF-8:TcO8bGxlcjtKw7xyZ2Vu\r\n" +
		"NOTE;ENCODING=BASE64;CHARSET=ISO-8859-1:R3L832UgYXVz\r\n    IEv2bG4=\r\n\r\n" +
		"ROLE;ENCODING=BASE64:Q2hpZWYgb2YgU3RhZmY=\r\nPHOTO;ENCODING=BASE64;TYPE=PNG:iVBORw0KGgo=\r\n" +
		"NICKNAME;ENCODING=BASE64:Anna\r\nTITLE;ENCODING=BASE64:Paul\r\nEND:VCARD\r\n"
	recs, err := DecodeAll(mustDecoder(t, VCard, card, Options{}))
	if err != nil || len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("%v %+v", err, recs)
	}
	c := recs[0].Contact
	if c.FirstName != "Jürgen" || c.LastName != "Müller" || len(c.Notes) != 1 || c.Notes[0].Text != "Grüße aus Köln" {
		t.Errorf("contact = %q %q %+v", c.FirstName, c.LastName, c.Notes)
	}
	// Text beside a stray ENCODING that only looks like base64 stays as
	// written: "Anna" decodes to control bytes, "Paul" to no UTF-8.
	if c.Nickname != "Anna" || c.Title != "Paul" {
		t.Errorf("nickname %q, title %q", c.Nickname, c.Title)
	}
	if want := "ROLE:Chief of Staff\nPHOTO:data:image/png;base64,iVBORw0KGgo="; c.VCardExtra != want {
		t.Errorf("extra = %q, want %q", c.VCardExtra, want)
	}
}

// TestVCardUnknownCharset checks that the warning for a value in a CHARSET
// rolo does not know says that it names one.
func TestVCardUnknownCharset(t *testing.T) {
	recs, err := DecodeAll(mustDecoder(t, VCard, "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=X-UNKNOWN:Gr\xfcn;Una\r\nEND:VCARD\r\n", Options{}))
	if err != nil || len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("%v %+v", err, recs)
	}
	want := "N names CHARSET=X-UNKNOWN, which rolo does not know, and is not UTF-8: read as windows-1252"
	if c := recs[0].Contact; c.LastName != "Grün" || strings.Join(recs[0].Warnings, "\n") != want {
		t.Errorf("last = %q, warnings = %q, want %q", c.LastName, recs[0].Warnings, want)
	}
}
