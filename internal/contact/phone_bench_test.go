package contact_test

import (
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// BenchmarkNormalizePhone is the cost of one phone number on an import's
// path: libphonenumber parses it in the row's region, formats it as E.164
// and parses that again to check it reads back as itself. The import target
// (100,000 rows a second) leaves 10 µs per row for everything.
func BenchmarkNormalizePhone(b *testing.B) {
	numbers := []struct{ raw, region string }{
		{"+1 (415) 555-0123", "US"},
		{"(212) 555-0199", "US"},
		{"020 7946 0958", "GB"},
		{"+49 30 901820", "US"},
		{"+33 1 42 68 53 00", "FR"},
		{"03-1234-5678", "JP"},
	}
	for i := 0; b.Loop(); i++ {
		n := numbers[i%len(numbers)]
		if _, err := contact.NormalizePhone(n.raw, n.region); err != nil {
			b.Fatal(err)
		}
	}
}
