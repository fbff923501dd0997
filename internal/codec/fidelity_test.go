package codec

import (
	"strings"
	"testing"
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
