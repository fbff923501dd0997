package contact_test

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// The phonenumbers copy in third_party decodes its embedded metadata with a
// hand-written protobuf decoder; every region must come out whole.
func TestPhoneMetadataComplete(t *testing.T) {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*phonenumbers.PhoneMetadata{}
	for _, md := range coll.GetMetadata() {
		byID[md.GetId()] = md
	}
	for r := range phonenumbers.GetSupportedRegions() {
		md := byID[r]
		if md.GetCountryCode() == 0 || md.GetGeneralDesc().GetNationalNumberPattern() == "" ||
			len(md.GetGeneralDesc().GetPossibleLength()) == 0 {
			t.Errorf("region %s: metadata lacks a country code, number pattern or possible lengths", r)
			continue
		}
		if n := phonenumbers.GetExampleNumber(r); n == nil {
			t.Errorf("region %s: no example number", r)
		} else if !phonenumbers.IsValidNumberForRegion(n, r) {
			t.Errorf("region %s: example number %s is not valid there", r, phonenumbers.Format(n, phonenumbers.E164))
		}
	}
	if len(phonenumbers.GetSupportedGlobalNetworkCallingCodes()) == 0 {
		t.Error("no non-geographical calling codes")
	}
	// Each region's metadata is decoded on first use: the non-geographical
	// entities (+800, +808...) too.
	for cc := range phonenumbers.GetSupportedGlobalNetworkCallingCodes() {
		if n := phonenumbers.GetExampleNumberForNonGeoEntity(cc); n == nil {
			t.Errorf("calling code +%d: no example number", cc)
		} else if !phonenumbers.IsValidNumber(n) {
			t.Errorf("calling code +%d: example number %s is not valid", cc, phonenumbers.Format(n, phonenumbers.E164))
		}
	}
	if !phonenumbers.IsEmergencyNumber("112", "DE") || !phonenumbers.IsEmergencyNumber("911", "US") {
		t.Error("short-number metadata is missing emergency numbers")
	}
}

// Parsing and formatting give what they gave before the protobuf runtime was
// dropped from the phonenumbers copy.
func TestPhoneParseFormat(t *testing.T) {
	for _, tt := range []struct {
		raw, region          string
		e164, intl, national string
		numberRegion         string
	}{
		{"(650) 253-0000", "US", "+16502530000", "+1 650-253-0000", "(650) 253-0000", "US"},
		{"020 7031 3000", "GB", "+442070313000", "+44 20 7031 3000", "020 7031 3000", "GB"},
		{"030 123456", "DE", "+4930123456", "+49 30 123456", "030 123456", "DE"},
		{"01 42 68 53 00", "FR", "+33142685300", "+33 1 42 68 53 00", "01 42 68 53 00", "FR"},
		{"03-1234-5678", "JP", "+81312345678", "+81 3-1234-5678", "03-1234-5678", "JP"},
		{"(11) 91234-5678", "BR", "+5511912345678", "+55 11 91234-5678", "(11) 91234-5678", "BR"},
		{"098765 43210", "IN", "+919876543210", "+91 98765 43210", "098765 43210", "IN"},
		{"(02) 9374 4000", "AU", "+61293744000", "+61 2 9374 4000", "(02) 9374 4000", "AU"},
		{"06 4820 1234", "IT", "+390648201234", "+39 06 4820 1234", "06 4820 1234", "IT"},
		{"06 6982 1234", "IT", "+390669821234", "+39 06 6982 1234", "06 6982 1234", "VA"},
		{"+39 02 1234567", "", "+39021234567", "+39 02 123 4567", "02 123 4567", "IT"},
		{"+1 650-253-0000 ext. 42", "", "+16502530000", "+1 650-253-0000 ext. 42", "(650) 253-0000 ext. 42", "US"},
		{"020 7031 3000 x 1234", "GB", "+442070313000", "+44 20 7031 3000 x1234", "020 7031 3000 x1234", "GB"},
		{"+800 1234 5678", "", "+80012345678", "+800 1234 5678", "1234 5678", "001"},
	} {
		n, err := phonenumbers.Parse(tt.raw, tt.region)
		if err != nil {
			t.Errorf("Parse(%q, %q): %v", tt.raw, tt.region, err)
			continue
		}
		if !phonenumbers.IsValidNumber(n) {
			t.Errorf("Parse(%q, %q) is not valid", tt.raw, tt.region)
		}
		for _, f := range []struct {
			format phonenumbers.PhoneNumberFormat
			want   string
		}{{phonenumbers.E164, tt.e164}, {phonenumbers.INTERNATIONAL, tt.intl}, {phonenumbers.NATIONAL, tt.national}} {
			if got := phonenumbers.Format(n, f.format); got != f.want {
				t.Errorf("Format(Parse(%q, %q), %v) = %q, want %q", tt.raw, tt.region, f.format, got, f.want)
			}
		}
		if got := phonenumbers.GetRegionCodeForNumber(n); got != tt.numberRegion {
			t.Errorf("GetRegionCodeForNumber(Parse(%q, %q)) = %q, want %q", tt.raw, tt.region, got, tt.numberRegion)
		}
	}
}
