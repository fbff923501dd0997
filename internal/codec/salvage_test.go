package codec

import (
	"testing"
	"time"
)

// Other programs' dates: a two-digit year is never read into the future
// (on 2026-12-05, a birthday "4/12/28" is 1928 and "12/25/26" is 1926,
// while "12/5/26" is today and stays 2026).
func TestNormDate(t *testing.T) {
	today := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	cases := map[string]string{
		"1985-01-28":           "1985-01-28",
		"1985-01-28T00:00:00Z": "1985-01-28",
		"1604-04-12":           "--04-12",
		"04/12/1604":           "--04-12",
		"12.04.1604":           "--04-12",
		"0.0.00":               "",
		"12.04.1985":           "1985-04-12",
		"4/12/85":              "1985-04-12",
		"4/12/26":              "2026-04-12",
		"4/12/28":              "1928-04-12",
		"12/5/26":              "2026-12-05",
		"12/6/26":              "1926-12-06",
		"12/25/26":             "1926-12-25",
		"5.12.26":              "2026-12-05",
		"25.12.26":             "1926-12-25",
		"4/12/00":              "2000-04-12",
		"0/0/00":               "",
		"00/00/00":             "",
		"00.00.00":             "",
		"0-0-00":               "",
		"0000-00-00":           "",
		"0000-00-00 00:00:00":  "",
		"00000000":             "",
		"1/1/4501":             "",
		"4501-01-01":           "",
		"01.01.4501":           "",
		"4501-01-01T00:00:00Z": "",
		"1/2/4501":             "4501-01-02",
	}
	for in, want := range cases {
		if got, ok := normDate(in, today); !ok || got != want {
			t.Errorf("normDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// A full name with no name parts: split at the last space, or, with one
// comma, last name first, unless a suffix or a legal form follows it, or
// with two, last name, first name and suffix: the display name reads as
// the full name did.
func TestSplitName(t *testing.T) {
	for in, want := range map[string][2]string{
		"Erika Mustermann":         {"Erika", "Mustermann"},
		"Mustermann, Erika":        {"Erika", "Mustermann"},
		"van der Berg, Anna Maria": {"Anna Maria", "van der Berg"},
		"Sammy Davis, Jr.":         {"Sammy", "Davis, Jr."},
		"Acme, Inc.":               {"Acme, Inc.", ""},
		"Acme Widgets, Inc.":       {"Acme Widgets, Inc.", ""},
		"John Smith, CPA":          {"John", "Smith, CPA"},
		"Jane Doe, M.B.A.":         {"Jane", "Doe, M.B.A."},
		"Lee, Al":                  {"Al", "Lee"},
		"Smith, John, Jr.":         {"John", "Smith, Jr."},
		"de la Cruz, Ana, PhD":     {"Ana", "de la Cruz, PhD"},
		"Madonna":                  {"Madonna", ""},
	} {
		if f, l := splitName(in); f != want[0] || l != want[1] {
			t.Errorf("splitName(%q) = %q, %q; want %q, %q", in, f, l, want[0], want[1])
		}
	}
}
