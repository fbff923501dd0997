package contact_test

import (
	"fmt"
	"testing"

	"github.com/nyaruka/phonenumbers"

	"github.com/rolo-cli/rolo/internal/contact"
)

// phoneFormats are the numbers the phone benchmarks read: each format
// with its last four digits counting up, in the region it is read in.
var phoneFormats = []struct{ raw, region string }{
	{"+1 (415) 555-%04d", "US"},
	{"(212) 555-%04d", "US"},
	{"020 7946 %04d", "GB"},
	{"+49 30 9018%04d", "US"},
	{"+33 1 42 68 %04d", "FR"},
	{"03-1234-%04d", "JP"},
}

// phoneNumber is the benchmarks' i-th number and its region.
func phoneNumber(i int) (string, string) {
	f := phoneFormats[i%len(phoneFormats)]
	return fmt.Sprintf(f.raw, (i/len(phoneFormats))%10000), f.region
}

// BenchmarkNormalizePhone is the cost of one phone number on an import's
// path: libphonenumber parses it in the row's region, formats it as E.164
// and parses that again to check it reads back as itself. The import target
// (100,000 rows a second) leaves 10 µs per row for everything. The numbers
// differ (their last four digits count up), as an import's do: the parses
// kept for a number read again (contact.parse) answer none of them.
func BenchmarkNormalizePhone(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		raw, region := phoneNumber(i)
		if _, err := contact.NormalizePhone(raw, region); err != nil {
			b.Fatal(raw, err)
		}
	}
}

// BenchmarkLibphonenumberParse is one parse of the same numbers by
// libphonenumber alone, the least any import must spend on a number it
// normalizes: at 1.36 numbers a row (the generated template), a million
// rows take that many million parses.
func BenchmarkLibphonenumberParse(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		raw, region := phoneNumber(i)
		if _, err := phonenumbers.Parse(raw, region); err != nil {
			b.Fatal(raw, err)
		}
	}
}
