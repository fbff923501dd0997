package contact

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
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

// The generated list of phone regions must be the one phonenumbers has.
func TestPhoneRegionsMatchLibrary(t *testing.T) {
	want := phonenumbers.GetSupportedRegions()
	if len(want) != len(phoneRegions) {
		t.Errorf("phoneRegions has %d regions, phonenumbers %d; run go generate ./internal/contact", len(phoneRegions), len(want))
	}
	for i, r := range phoneRegions {
		if i > 0 && phoneRegions[i-1] >= r {
			t.Errorf("phoneRegions is not sorted at %s", r)
		}
		if !want[r] {
			t.Errorf("phoneRegions has %s, which phonenumbers does not; run go generate ./internal/contact", r)
		}
	}
	for _, tc := range []struct {
		region string
		ok     bool
	}{{"US", true}, {"gb", true}, {"XK", true}, {"001", false}, {"ZZ", false}, {"", false}} {
		if got := ValidRegion(tc.region); got != tc.ok {
			t.Errorf("ValidRegion(%q) = %v, want %v", tc.region, got, tc.ok)
		}
	}
}

// ISO 3166-1 short names, and the ways people type them (an ASCII
// apostrophe, no accents, "and" for "&", "Saint" for "St."), name the same
// country as CLDR's spelling.
func TestNormalizeCountryISONames(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Côte d'Ivoire", "CI"}, {"Côte d’Ivoire", "CI"}, {"cote divoire", "CI"},
		{"Türkiye", "TR"}, {"Turkiye", "TR"}, {"Turkey", "TR"},
		{"São Tomé and Príncipe", "ST"}, {"Sao Tome & Principe", "ST"},
		{"Saint Barthélemy", "BL"}, {"St Barthelemy", "BL"},
		{"Viet Nam", "VN"}, {"Vietnam", "VN"}, {"Korea, Republic of", "KR"},
		{"Curacao", "CW"}, {"Aland Islands", "AX"}, {"  Bosnia and Herzegovina ", "BA"},
		{"Saint Kitts and Nevis", "KN"}, {"Eswatini", "SZ"}, {"Congo", "CG"},
		{"Virgin Islands, U.S.", "VI"}, {"U.S.A.", "US"}, {"UK", "GB"},
	} {
		if got, err := NormalizeCountry(tc.in); err != nil || got != tc.want {
			t.Errorf("NormalizeCountry(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"Atlantis", "España", "Korea", "Saint", ""} {
		if got, err := NormalizeCountry(bad); err == nil {
			t.Errorf("NormalizeCountry(%q) = %q, want an error", bad, got)
		}
	}
}

// No two countries' names may fold to the same key, or one would silently
// take the other's place in the lookup.
func TestCountryNamesFoldApart(t *testing.T) {
	seen := map[string]string{}
	add := func(name, code string) {
		k := foldCountry(name)
		if k == "" {
			t.Errorf("%q folds to nothing", name)
		}
		if prev, ok := seen[k]; ok && prev != code {
			t.Errorf("%q (%s) folds to %q like a name of %s", name, code, k, prev)
		}
		seen[k] = code
	}
	for _, c := range countryTable {
		add(c.name, c.code)
	}
	for code, name := range isoShortNames {
		add(name, code)
		if CountryName(code) == "" {
			t.Errorf("isoShortNames has %s, which is not in countryTable", code)
		}
	}
	for name, code := range countryAliases {
		add(name, code)
	}
}
