package contact

import (
	"strings"
	"testing"
	"time"
)

func TestLooksLikeHandle(t *testing.T) {
	for s, want := range map[string]bool{
		"(415) 555-0123": true, "415.555.0123": true, "+14155550123": true, "+44 20 7946 0958": true,
		"4155550123": true, "ada@example.com": true, "12": false, "1234": false, "ada": false,
		"tag:vip": false, "555-ACME": false, "ada lovelace": false, "is:blocked ada@x": false, "12345": true,
		// What lookup reads too: a tel: scheme, an extension, vanity
		// letters in capitals after four digits.
		"tel:+14155550100": true, "TEL:(415) 555-0100": true, "+1 415 555 0100 x7": true,
		"+1 415 555 0100 ext. 7": true, "415-555-0100, ext 7": true, "+1 415 555 0100 extension 7": true,
		"+1 415 555 0100 #7": true, "tel:+1-415-555-0100;ext=7": true, "1-800-FLOWERS": true,
		"+1 800 GOT JUNK": true,
		// A tel: scheme means a number, one or not: ParseHandle says
		// why it is none, not the query.
		"tel:": true, "tel:abc": true, "TEL:123": true,
		// Digits of other scripts, full-width characters, other spaces
		// and bidi marks, as NormalizePhone reads them.
		"＋９７１ ５０ １２３ ４５６７": true, "٠٥٠١٢٣٤٥٦٧": true, "+971\u202f50 123 4567": true,
		"\u200e+971 50 123 4567\u200e": true,
		// Still queries: a word or a lowercase word after digits, too few
		// digits before an extension, a qualifier.
		"2025 review": false, "5678 main st": false, "1-800-flowers": false, "1234 x5": false,
		"x12345": false, "ada x7": false, "12 ADA": false,
	} {
		if got := LooksLikeHandle(s); got != want {
			t.Errorf("LooksLikeHandle(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestParseHandle(t *testing.T) {
	for _, in := range []string{"(415) 555-0123", "415.555.0123", "+14155550123", "415 555 0123", "1-415-555-0123"} {
		h, err := ParseHandle(in, "US")
		if err != nil || h.E164 != "+14155550123" || h.Email != "" {
			t.Errorf("ParseHandle(%q) = %+v, %v; want +14155550123", in, h, err)
		}
	}
	if h, err := ParseHandle("020 7946 0958", "GB"); err != nil || h.E164 != "+442079460958" {
		t.Errorf("ParseHandle in GB = %+v, %v", h, err)
	}
	if h, err := ParseHandle(" Ada@Example.COM ", "US"); err != nil || h.Email != "ada@example.com" || h.String() != "ada@example.com" {
		t.Errorf("ParseHandle(email) = %+v, %v", h, err)
	}
	for _, in := range []string{"", "hello", "12", "ada@", "@example.com"} {
		if h, err := ParseHandle(in, "US"); err == nil || ErrorCode(err) != EINVALID {
			t.Errorf("ParseHandle(%q) = %+v, %v; want an invalid error", in, h, err)
		}
	}
}

func TestInteractionNormalize(t *testing.T) {
	it := &Interaction{Channel: " Call ", Direction: "inbound", Summary: "  pricing\nand terms  ", DurationSeconds: 300}
	if err := it.Normalize(); err != nil {
		t.Fatal(err)
	}
	if it.Channel != "call" || it.Direction != "in" || it.Summary != "pricing\nand terms" {
		t.Errorf("normalized to %+v", it)
	}
	if got, want := it.Describe(), "inbound call (5m): pricing ..."; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
	for _, bad := range []Interaction{
		{Channel: "fax", Direction: "in"},
		{Channel: "", Direction: "in"},
		{Channel: "sms", Direction: "sideways"},
		{Channel: "sms"},
		{Channel: "sms", Direction: "out", Summary: "bell\a"},
		{Channel: "sms", Direction: "out", DurationSeconds: -1},
	} {
		b := bad
		if err := b.Normalize(); err == nil || ErrorCode(err) != EINVALID {
			t.Errorf("Normalize(%+v) = %v, want an invalid error", bad, err)
		}
	}
}

func TestChangeDescribe(t *testing.T) {
	until := time.Date(2026, 6, 16, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		ch   Change
		want string
	}{
		{Change{Action: ActionCreate, New: "Ada"}, "created"},
		{Change{Action: ActionFavorite}, "starred"},
		{Change{Action: ActionArchive}, "archived"},
		{Change{Action: ActionBlock, Field: "blocked", New: DescribeBlock(&until, "spam")}, "blocked until 2026-06-16T12:00:00Z: spam"},
		{Change{Action: ActionBlock, Field: "blocked", New: DescribeBlock(nil, "")}, "blocked forever"},
		{Change{Action: ActionUpdate, Field: "tag", New: "vip"}, `update tag: added "vip"`},
		{Change{Action: ActionUpdate, Field: "company", Old: "A", New: "B"}, `update company: "A" -> "B"`},
		{Change{Action: ActionUpdate, Field: "vcard_extra", New: "X-A:b"}, `update vcard_extra: added "X-A:b"`},
		// A photo inline is told by its start and length, not its data.
		{Change{Action: ActionUpdate, Field: "vcard_extra", Old: "PHOTO:data:image/jpeg;base64," + strings.Repeat("QUJD", 10000)},
			`update vcard_extra: removed "PHOTO:data:image/jpeg;base64,QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJ… (40029 characters)"`},
	} {
		if got := tt.ch.Describe(); got != tt.want {
			t.Errorf("%+v.Describe() = %q, want %q", tt.ch, got, tt.want)
		}
	}
}

func TestPhoneExtension(t *testing.T) {
	for in, want := range map[string]string{
		"+1 415 555 0100 x13":          "13",
		"(415) 555-0100 ext. 12":       "12",
		"+1-415-555-0100;ext=7":        "7",
		"+1 415 555 0100 #7 ":          "7",
		"+1 415 555 0100 extension 42": "42",
		"+1 415 555 0100":              "",
		"ada@example.com":              "",
	} {
		if got := PhoneExtension(in); got != want {
			t.Errorf("PhoneExtension(%q) = %q, want %q", in, got, want)
		}
	}
	c := &Contact{Phones: []Phone{{Number: "+1 415 555 0100 x13", E164: "+14155550100"}, {Number: "+1 415 555 0199", E164: "+14155550199"}}}
	if !c.HasNumber("+14155550100", "13") || c.HasNumber("+14155550100", "12") || c.HasNumber("+14155550100", "") || !c.HasNumber("+14155550199", "") {
		t.Errorf("HasNumber: wrong for %+v", c.Phones)
	}
}
