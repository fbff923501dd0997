package contact

import (
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// TestReadsAlikeEverywhere: a number that InternationalNumbers does not
// read again in the profile's region (readsAlikeEverywhere) normalizes to
// the same number, or to none, in every region libphonenumber knows; the
// example number of every region is checked as people write it with +.
// Digits after the + that are no country calling code are read with the
// region's international prefix ("+00 49..." is German in Germany, no
// number in the US), and so are not alike everywhere.
func TestReadsAlikeEverywhere(t *testing.T) {
	var regions []string
	for r := range phonenumbers.GetSupportedRegions() {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	numbers := []string{"+1 (415) 555-0123", "+44 (0)20 7946 0958", "+33 (0)6 74 57 23 49", "+48 0634 272 451",
		"+52 1 55 1234 5678", "＋４９ ３０ １２３４５６７", "\u200e+49 30 1234567", "+1-800-FLOWERS", "+44 20 7946 0958 ext. 12"}
	for _, r := range regions {
		if n := phonenumbers.GetExampleNumber(r); n != nil {
			numbers = append(numbers, phonenumbers.Format(n, phonenumbers.INTERNATIONAL), phonenumbers.Format(n, phonenumbers.E164))
		}
	}
	for _, number := range numbers {
		if !readsAlikeEverywhere(number) {
			t.Errorf("readsAlikeEverywhere(%q) = false, want true", number)
			continue
		}
		want, wantErr := NormalizePhone(number, regions[0])
		for _, r := range regions[1:] {
			if got, err := NormalizePhone(number, r); got != want || (err == nil) != (wantErr == nil) {
				t.Errorf("NormalizePhone(%q) in %s = %q, %v; in %s %q, %v", number, r, got, err, regions[0], want, wantErr)
				break
			}
		}
	}
	for _, number := range []string{"+00 49 30 1234567", "+011 44 20 7946 0958", "+ 49 30 1234567", "++49 30 1234567",
		"+999 1234 5678", "0049 30 1234567", "030 1234567", "tel:+49-30-1234567;phone-context=+44", "+"} {
		if readsAlikeEverywhere(number) {
			t.Errorf("readsAlikeEverywhere(%q) = true, want false", number)
		}
	}
	de, errDE := NormalizePhone("+00 49 30 1234567", "DE")
	if _, errUS := NormalizePhone("+00 49 30 1234567", "US"); de != "+49301234567" || errDE != nil || errUS == nil {
		t.Errorf(`NormalizePhone("+00 49 30 1234567") = %q, %v in DE, %v in US; want +49301234567 in DE only`, de, errDE, errUS)
	}
}

// TestInternationalNumbersPlusNotCountry: a number written with + before
// an international prefix, imported for an address in the country that
// dials it into a profile of another region, is rewritten in
// international format: it reads as no number in the profile's region.
func TestInternationalNumbersPlusNotCountry(t *testing.T) {
	c := &Contact{FirstName: "Ada", Addresses: []Address{{City: "Berlin", Country: "DE"}},
		Phones: []Phone{{Number: "+00 49 30 1234567"}, {Number: "+49 (0)30 7654321"}}}
	region := RecordRegion(c, "US")
	given, _ := KeepGivenE164(c, region)
	if err := Normalize(c, region); err != nil {
		t.Fatal(err)
	}
	InternationalNumbers(c, region, "US", given)
	if got := c.Phones[0]; got.Number != "+49 30 1234567" || got.E164 != "+49301234567" {
		t.Errorf("+00 49 30 1234567 for a German address in US = %+v, want +49 30 1234567", got)
	}
	if got := c.Phones[1]; got.Number != "+49 (0)30 7654321" || got.E164 != "+49307654321" {
		t.Errorf("+49 (0)30 7654321 for a German address in US = %+v, want it as entered", got)
	}
	// The US dial 011 abroad, Germany 00.
	c = &Contact{FirstName: "Ada", Addresses: []Address{{City: "Boston", Country: "US"}},
		Phones: []Phone{{Number: "+011 44 20 7946 0958"}}}
	region = RecordRegion(c, "DE")
	given, _ = KeepGivenE164(c, region)
	if err := Normalize(c, region); err != nil {
		t.Fatal(err)
	}
	InternationalNumbers(c, region, "DE", given)
	if got := c.Phones[0]; got.Number != "+44 20 7946 0958" || got.E164 != "+442079460958" {
		t.Errorf("+011 44 20 7946 0958 for a US address in DE = %+v, want +44 20 7946 0958", got)
	}
}

// TestParseCache: parse answers as phonenumbers.Parse does, from several
// goroutines at once and after its oldest answers were dropped, and a
// number it returns twice is the same (callers must not change it).
func TestParseCache(t *testing.T) {
	numbers := make([]string, 3*parsesKept)
	for i := range numbers {
		numbers[i] = fmt.Sprintf("(%03d) 555-%04d", 200+i%800, i)
	}
	numbers = append(numbers, "+00 49 30 1234567", "not a number", "")
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := range numbers {
				number := numbers[(i+w*parsesKept)%len(numbers)]
				for _, region := range []string{"US", "DE", ""} {
					got, err := parse(number, region)
					want, wantErr := phonenumbers.Parse(number, region)
					if err != wantErr || (err == nil && phonenumbers.Format(got, phonenumbers.E164) != phonenumbers.Format(want, phonenumbers.E164)) {
						t.Errorf("parse(%q, %q) = %v, %v; phonenumbers.Parse %v, %v", number, region, got, err, want, wantErr)
						return
					}
				}
			}
		}(w)
	}
	wg.Wait()
	if a, _ := parse("+1 415 555 0123", "US"); a != func() *phonenumbers.PhoneNumber { b, _ := parse("+1 415 555 0123", "US"); return b }() {
		t.Error("parse of the same number twice in a row gave two numbers: its answers are not kept")
	}
}
