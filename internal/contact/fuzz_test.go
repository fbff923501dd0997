package contact_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nyaruka/phonenumbers"
	"github.com/rolo-cli/rolo/internal/contact"
)

var e164RE = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)

// FuzzNormalizePhone: any text in any region is an E.164 number or an
// EINVALID error naming the phone field; a normalized number normalizes to
// itself and reads back as itself.
func FuzzNormalizePhone(f *testing.F) {
	for _, s := range [][2]string{
		{"(415) 555-0123", "US"}, {"+44 20 7946 0958", ""}, {"020 7946 0958", "GB"}, {"+1", "US"},
		{"0", "ZZ"}, {"++1 415", "us"}, {"tel:+1-415-555-0123", "US"}, {"+800 1234 5678", ""},
		{"415.555.0123 ext. 12", "US"}, {"\x00+1", "US"}, {strings.Repeat("9", 300), "US"}, {"+1 (415) 555-0123;ext=9", "XX"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		e164, err := contact.NormalizePhone(raw, region)
		if err != nil {
			if contact.ErrorCode(err) != contact.EINVALID || !strings.HasPrefix(err.Error(), "phone: ") {
				t.Fatalf("NormalizePhone(%q, %q): %v, want an EINVALID phone: error", raw, region, err)
			}
			return
		}
		if !e164RE.MatchString(e164) {
			t.Fatalf("NormalizePhone(%q, %q) = %q, not E.164", raw, region, e164)
		}
		if again, err := contact.NormalizePhone(e164, region); err != nil || again != e164 {
			t.Fatalf("NormalizePhone(%q) = %q, %v; want it unchanged (from %q in %q)", e164, again, err, raw, region)
		}
		// It reads back as itself, which NormalizePhone does not check
		// again when given it.
		if n, err := phonenumbers.Parse(e164, ""); err != nil || phonenumbers.Format(n, phonenumbers.E164) != e164 {
			t.Fatalf("NormalizePhone(%q, %q) = %q, which reads back as %v, %v", raw, region, e164, n, err)
		}
		if d := contact.Digits(e164); d != e164[1:] {
			t.Fatalf("Digits(%q) = %q", e164, d)
		}
	})
}

var storedDateRE = regexp.MustCompile(`^([0-9]{4}-[0-9]{2}-[0-9]{2}|--[0-9]{2}-[0-9]{2})$`)

// FuzzParseDate: any text is a stored date (YYYY-MM-DD or --MM-DD, a real
// calendar day) or an EINVALID error naming the field; a stored date
// parses to itself.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1815-12-10", "--02-29", "--0229", "12/10/1815", "1/2/2006", "20060102", "2026-02-30",
		"0000-01-01", "--13-01", "-- 2-29", "9999-12-31", "2006-1-2", "\xff", "  --07-08  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got, err := contact.ParseDate("birthday", v)
		if err != nil {
			if contact.ErrorCode(err) != contact.EINVALID || !strings.HasPrefix(err.Error(), "birthday: ") {
				t.Fatalf("ParseDate(%q): %v, want an EINVALID birthday: error", v, err)
			}
			return
		}
		if got == "" {
			if strings.TrimSpace(v) != "" {
				t.Fatalf("ParseDate(%q) = empty", v)
			}
			return
		}
		if !storedDateRE.MatchString(got) {
			t.Fatalf("ParseDate(%q) = %q, not a stored date", v, got)
		}
		layout, value := "2006-01-02", got
		if strings.HasPrefix(got, "--") {
			layout, value = "2006-01-02", "2000"+got[1:]
		}
		if _, err := time.Parse(layout, value); err != nil {
			t.Fatalf("ParseDate(%q) = %q, not a calendar day: %v", v, got, err)
		}
		if again, err := contact.ParseDate("birthday", got); err != nil || again != got {
			t.Fatalf("ParseDate(%q) = %q, %v; want it unchanged", got, again, err)
		}
	})
}

// FuzzParseTimes: the command-line times (block --for/--until, log --at
// and --duration) are a time or an EINVALID error, never a panic; a block
// always ends after now.
func FuzzParseTimes(f *testing.F) {
	for _, s := range []string{"1h", "1d", "1w", "1mo", "1y", "30m", "forever", "100000y", "0d", "tomorrow", "next-week",
		"next-month", "2026-07-01", "2026-07-01 09:30", "2026-07-01T09:30:00+02:00", "1:30", "90s", "1h30m", "-1h", "99999999999h"} {
		f.Add(s)
	}
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		if end, err := contact.ParseFor(s, now); err != nil {
			checkInvalid(t, "ParseFor", s, err)
		} else if end != nil && !end.After(now) {
			t.Fatalf("ParseFor(%q) = %v, not after now", s, end)
		}
		if end, err := contact.ParseUntil(s, now, nil); err != nil {
			checkInvalid(t, "ParseUntil", s, err)
		} else if !end.After(now) {
			t.Fatalf("ParseUntil(%q) = %v, not after now", s, end)
		}
		if _, err := contact.ParseWhen(s, now, nil); err != nil {
			checkInvalid(t, "ParseWhen", s, err)
		}
		if d, err := contact.ParseCallDuration(s); err != nil {
			checkInvalid(t, "ParseCallDuration", s, err)
		} else if d < 0 {
			t.Fatalf("ParseCallDuration(%q) = %v, negative", s, d)
		}
	})
}

func checkInvalid(t *testing.T, fn, s string, err error) {
	t.Helper()
	if contact.ErrorCode(err) != contact.EINVALID {
		t.Fatalf("%s(%q): %v (code %s), want EINVALID", fn, s, err, contact.ErrorCode(err))
	}
}

// FuzzNormalize: a contact made of arbitrary field values validates or is
// refused with EINVALID; one that validates is in its stored form, so
// validating it again changes nothing.
func FuzzNormalize(f *testing.F) {
	f.Add("Ada", "Lovelace", "Acme", "+1 415 555 0123", "Ada@Example.com", "12/10/1815", "United Kingdom", "vip", "en-gb")
	f.Add("", "", "", "", "", "", "", "", "")
	f.Add(" \t", "x\x00y", "\xff", "0", "a@", "--02-30", "XX", ",", "zz-ZZZZ")
	f.Fuzz(func(t *testing.T, first, last, company, phone, email, birthday, country, tag, lang string) {
		c := &contact.Contact{FirstName: first, LastName: last, Company: company, Birthday: birthday, Language: lang,
			Phones: []contact.Phone{contact.ParsePhone(phone)}, Emails: []contact.Email{contact.ParseEmail(email)},
			Addresses:  []contact.Address{{Label: "home", City: "x", Country: country}},
			Tags:       []string{tag},
			Attributes: map[string]string{"k": last},
		}
		if err := contact.Normalize(c, "US"); err != nil {
			if contact.ErrorCode(err) != contact.EINVALID {
				t.Fatalf("Normalize: %v (code %s), want EINVALID", err, contact.ErrorCode(err))
			}
			return
		}
		again := c.Clone()
		if err := contact.Normalize(again, "US"); err != nil {
			t.Fatalf("Normalize of a normalized contact: %v\n%+v", err, c)
		}
		if d := contact.Diff(c, again); len(d) != 0 {
			t.Fatalf("Normalize is not stable: %+v\n%+v", d, c)
		}
	})
}
