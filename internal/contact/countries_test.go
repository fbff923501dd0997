package contact

import (
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The generated country table must match CLDR as the display package has it;
// when golang.org/x/text is upgraded, run go generate ./internal/contact.
func TestCountryTableMatchesCLDR(t *testing.T) {
	names := display.English.Regions()
	want := map[string]string{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.Canonicalize().String() != code {
				continue
			}
			if n := names.Name(r); n != "" {
				want[code] = n
			}
		}
	}
	if len(want) != len(countryTable) {
		t.Errorf("countryTable has %d countries, CLDR %d; run go generate ./internal/contact", len(countryTable), len(want))
	}
	for i, c := range countryTable {
		if i > 0 && countryTable[i-1].code >= c.code {
			t.Errorf("countryTable is not sorted at %s", c.code)
		}
		if want[c.code] != c.name {
			t.Errorf("countryTable[%s] = %q, CLDR says %q; run go generate ./internal/contact", c.code, c.name, want[c.code])
		}
	}
	for _, tc := range []struct{ code, name string }{{"GB", "United Kingdom"}, {"de", "Germany"}, {"XX", ""}, {"", ""}} {
		if got := CountryName(tc.code); got != tc.name {
			t.Errorf("CountryName(%q) = %q, want %q", tc.code, got, tc.name)
		}
	}
}
