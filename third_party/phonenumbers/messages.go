//
// Copyright (C) 2009 The Libphonenumber Authors
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
// http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

// rolo patch: the messages of libphonenumber's phonemetadata.proto and
// phonenumber.proto, written by hand in place of protoc-gen-go's output so
// that the package does not link google.golang.org/protobuf. Their encoded
// form is decoded by wire.go. A nil optional field is unset; its getter
// returns the proto2 default.

package phonenumbers

import "strconv"

// NumberFormat is how national significant numbers matching a pattern are
// formatted.
type NumberFormat struct {
	// Pattern is a regex matching the national significant number, with
	// a capturing group for each group of digits.
	Pattern *string
	// Format writes the groups of Pattern, as in "$1 $2 $3".
	Format *string
	// LeadingDigitsPattern are regexes matching the leading digits of the
	// numbers this format applies to, one more digit each.
	LeadingDigitsPattern []string
	// NationalPrefixFormattingRule writes the national prefix ($NP) and
	// the first group ($FG) in NATIONAL format.
	NationalPrefixFormattingRule *string
	// NationalPrefixOptionalWhenFormatting reports whether the national
	// prefix may be left out in NATIONAL format.
	NationalPrefixOptionalWhenFormatting *bool
	// DomesticCarrierCodeFormattingRule writes a carrier code ($CC) and
	// the first group ($FG).
	DomesticCarrierCodeFormattingRule *string
}

// Default values for NumberFormat fields.
const (
	Default_NumberFormat_NationalPrefixOptionalWhenFormatting = bool(false)
)

func (x *NumberFormat) GetPattern() string {
	if x != nil && x.Pattern != nil {
		return *x.Pattern
	}
	return ""
}

func (x *NumberFormat) GetFormat() string {
	if x != nil && x.Format != nil {
		return *x.Format
	}
	return ""
}

func (x *NumberFormat) GetLeadingDigitsPattern() []string {
	if x != nil {
		return x.LeadingDigitsPattern
	}
	return nil
}

func (x *NumberFormat) GetNationalPrefixFormattingRule() string {
	if x != nil && x.NationalPrefixFormattingRule != nil {
		return *x.NationalPrefixFormattingRule
	}
	return ""
}

func (x *NumberFormat) GetNationalPrefixOptionalWhenFormatting() bool {
	if x != nil && x.NationalPrefixOptionalWhenFormatting != nil {
		return *x.NationalPrefixOptionalWhenFormatting
	}
	return Default_NumberFormat_NationalPrefixOptionalWhenFormatting
}

func (x *NumberFormat) GetDomesticCarrierCodeFormattingRule() string {
	if x != nil && x.DomesticCarrierCodeFormattingRule != nil {
		return *x.DomesticCarrierCodeFormattingRule
	}
	return ""
}

// PhoneNumberDesc describes the numbers of one type in a region.
type PhoneNumberDesc struct {
	// NationalNumberPattern is a regex matching the valid national
	// significant numbers.
	NationalNumberPattern *string
	// PossibleLength are the possible lengths of the national significant
	// number, smallest first.
	PossibleLength []int32
	// PossibleLengthLocalOnly are the lengths of numbers that can only be
	// dialled locally (without an area code), smallest first.
	PossibleLengthLocalOnly []int32
	// ExampleNumber is an example national significant number.
	ExampleNumber *string
}

func (x *PhoneNumberDesc) GetNationalNumberPattern() string {
	if x != nil && x.NationalNumberPattern != nil {
		return *x.NationalNumberPattern
	}
	return ""
}

func (x *PhoneNumberDesc) GetPossibleLength() []int32 {
	if x != nil {
		return x.PossibleLength
	}
	return nil
}

func (x *PhoneNumberDesc) GetPossibleLengthLocalOnly() []int32 {
	if x != nil {
		return x.PossibleLengthLocalOnly
	}
	return nil
}

func (x *PhoneNumberDesc) GetExampleNumber() string {
	if x != nil && x.ExampleNumber != nil {
		return *x.ExampleNumber
	}
	return ""
}

// PhoneMetadata is the numbering plan of a region, or of a non-geographical
// country calling code.
type PhoneMetadata struct {
	// GeneralDesc is a superset of the descriptions of all number types.
	GeneralDesc     *PhoneNumberDesc
	FixedLine       *PhoneNumberDesc
	Mobile          *PhoneNumberDesc
	TollFree        *PhoneNumberDesc
	PremiumRate     *PhoneNumberDesc
	SharedCost      *PhoneNumberDesc
	PersonalNumber  *PhoneNumberDesc
	Voip            *PhoneNumberDesc
	Pager           *PhoneNumberDesc
	Uan             *PhoneNumberDesc
	Emergency       *PhoneNumberDesc
	Voicemail       *PhoneNumberDesc
	ShortCode       *PhoneNumberDesc
	StandardRate    *PhoneNumberDesc
	CarrierSpecific *PhoneNumberDesc
	SmsServices     *PhoneNumberDesc
	// NoInternationalDialling describes the numbers that can only be
	// dialled nationally.
	NoInternationalDialling *PhoneNumberDesc
	// Id is the CLDR region code, or "001" for a non-geographical entity.
	Id *string
	// CountryCode is the country calling code, as in 64 for New Zealand.
	CountryCode *int32
	// InternationalPrefix is the prefix (or a regex of the prefixes)
	// dialled to call another country.
	InternationalPrefix *string
	// PreferredInternationalPrefix is the prefix written when there are
	// several; "+" is used if it is unset.
	PreferredInternationalPrefix *string
	// NationalPrefix is the prefix dialled before national numbers.
	NationalPrefix *string
	// PreferredExtnPrefix is how extensions are written, as in " ext. ".
	PreferredExtnPrefix *string
	// NationalPrefixForParsing is a regex of the national prefix and any
	// carrier selection code, stripped when parsing.
	NationalPrefixForParsing *string
	// NationalPrefixTransformRule rewrites the number once
	// NationalPrefixForParsing is stripped.
	NationalPrefixTransformRule *string
	// SameMobileAndFixedLinePattern reports whether mobile and fixed-line
	// numbers cannot be told apart.
	SameMobileAndFixedLinePattern *bool
	// NumberFormat are the formats used for formatting, not parsing.
	NumberFormat []*NumberFormat
	// IntlNumberFormat are the INTERNATIONAL formats, where they differ
	// from NumberFormat.
	IntlNumberFormat []*NumberFormat
	// MainCountryForCode is set for the main region of a shared country
	// calling code.
	MainCountryForCode *bool
	// LeadingDigits is a regex of the prefixes of numbers of a region
	// that shares its country calling code.
	LeadingDigits *string
	// Deprecated: do not use.
	LeadingZeroPossible *bool
	// MobileNumberPortableRegion is set where mobile numbers can move
	// between carriers.
	MobileNumberPortableRegion *bool
}

// Default values for PhoneMetadata fields.
const (
	Default_PhoneMetadata_SameMobileAndFixedLinePattern = bool(false)
	Default_PhoneMetadata_MainCountryForCode            = bool(false)
	Default_PhoneMetadata_LeadingZeroPossible           = bool(false)
	Default_PhoneMetadata_MobileNumberPortableRegion    = bool(false)
)

func (x *PhoneMetadata) GetGeneralDesc() *PhoneNumberDesc {
	if x != nil {
		return x.GeneralDesc
	}
	return nil
}

func (x *PhoneMetadata) GetFixedLine() *PhoneNumberDesc {
	if x != nil {
		return x.FixedLine
	}
	return nil
}

func (x *PhoneMetadata) GetMobile() *PhoneNumberDesc {
	if x != nil {
		return x.Mobile
	}
	return nil
}

func (x *PhoneMetadata) GetTollFree() *PhoneNumberDesc {
	if x != nil {
		return x.TollFree
	}
	return nil
}

func (x *PhoneMetadata) GetPremiumRate() *PhoneNumberDesc {
	if x != nil {
		return x.PremiumRate
	}
	return nil
}

func (x *PhoneMetadata) GetSharedCost() *PhoneNumberDesc {
	if x != nil {
		return x.SharedCost
	}
	return nil
}

func (x *PhoneMetadata) GetPersonalNumber() *PhoneNumberDesc {
	if x != nil {
		return x.PersonalNumber
	}
	return nil
}

func (x *PhoneMetadata) GetVoip() *PhoneNumberDesc {
	if x != nil {
		return x.Voip
	}
	return nil
}

func (x *PhoneMetadata) GetPager() *PhoneNumberDesc {
	if x != nil {
		return x.Pager
	}
	return nil
}

func (x *PhoneMetadata) GetUan() *PhoneNumberDesc {
	if x != nil {
		return x.Uan
	}
	return nil
}

func (x *PhoneMetadata) GetEmergency() *PhoneNumberDesc {
	if x != nil {
		return x.Emergency
	}
	return nil
}

func (x *PhoneMetadata) GetVoicemail() *PhoneNumberDesc {
	if x != nil {
		return x.Voicemail
	}
	return nil
}

func (x *PhoneMetadata) GetShortCode() *PhoneNumberDesc {
	if x != nil {
		return x.ShortCode
	}
	return nil
}

func (x *PhoneMetadata) GetStandardRate() *PhoneNumberDesc {
	if x != nil {
		return x.StandardRate
	}
	return nil
}

func (x *PhoneMetadata) GetCarrierSpecific() *PhoneNumberDesc {
	if x != nil {
		return x.CarrierSpecific
	}
	return nil
}

func (x *PhoneMetadata) GetSmsServices() *PhoneNumberDesc {
	if x != nil {
		return x.SmsServices
	}
	return nil
}

func (x *PhoneMetadata) GetNoInternationalDialling() *PhoneNumberDesc {
	if x != nil {
		return x.NoInternationalDialling
	}
	return nil
}

func (x *PhoneMetadata) GetId() string {
	if x != nil && x.Id != nil {
		return *x.Id
	}
	return ""
}

func (x *PhoneMetadata) GetCountryCode() int32 {
	if x != nil && x.CountryCode != nil {
		return *x.CountryCode
	}
	return 0
}

func (x *PhoneMetadata) GetInternationalPrefix() string {
	if x != nil && x.InternationalPrefix != nil {
		return *x.InternationalPrefix
	}
	return ""
}

func (x *PhoneMetadata) GetPreferredInternationalPrefix() string {
	if x != nil && x.PreferredInternationalPrefix != nil {
		return *x.PreferredInternationalPrefix
	}
	return ""
}

func (x *PhoneMetadata) GetNationalPrefix() string {
	if x != nil && x.NationalPrefix != nil {
		return *x.NationalPrefix
	}
	return ""
}

func (x *PhoneMetadata) GetPreferredExtnPrefix() string {
	if x != nil && x.PreferredExtnPrefix != nil {
		return *x.PreferredExtnPrefix
	}
	return ""
}

func (x *PhoneMetadata) GetNationalPrefixForParsing() string {
	if x != nil && x.NationalPrefixForParsing != nil {
		return *x.NationalPrefixForParsing
	}
	return ""
}

func (x *PhoneMetadata) GetNationalPrefixTransformRule() string {
	if x != nil && x.NationalPrefixTransformRule != nil {
		return *x.NationalPrefixTransformRule
	}
	return ""
}

func (x *PhoneMetadata) GetSameMobileAndFixedLinePattern() bool {
	if x != nil && x.SameMobileAndFixedLinePattern != nil {
		return *x.SameMobileAndFixedLinePattern
	}
	return Default_PhoneMetadata_SameMobileAndFixedLinePattern
}

func (x *PhoneMetadata) GetNumberFormat() []*NumberFormat {
	if x != nil {
		return x.NumberFormat
	}
	return nil
}

func (x *PhoneMetadata) GetIntlNumberFormat() []*NumberFormat {
	if x != nil {
		return x.IntlNumberFormat
	}
	return nil
}

func (x *PhoneMetadata) GetMainCountryForCode() bool {
	if x != nil && x.MainCountryForCode != nil {
		return *x.MainCountryForCode
	}
	return Default_PhoneMetadata_MainCountryForCode
}

func (x *PhoneMetadata) GetLeadingDigits() string {
	if x != nil && x.LeadingDigits != nil {
		return *x.LeadingDigits
	}
	return ""
}

func (x *PhoneMetadata) GetLeadingZeroPossible() bool {
	if x != nil && x.LeadingZeroPossible != nil {
		return *x.LeadingZeroPossible
	}
	return Default_PhoneMetadata_LeadingZeroPossible
}

func (x *PhoneMetadata) GetMobileNumberPortableRegion() bool {
	if x != nil && x.MobileNumberPortableRegion != nil {
		return *x.MobileNumberPortableRegion
	}
	return Default_PhoneMetadata_MobileNumberPortableRegion
}

// PhoneMetadataCollection is the metadata of all regions.
type PhoneMetadataCollection struct {
	Metadata []*PhoneMetadata
}

func (x *PhoneMetadataCollection) GetMetadata() []*PhoneMetadata {
	if x != nil {
		return x.Metadata
	}
	return nil
}

// PhoneNumber_CountryCodeSource is where a parsed number's country calling
// code came from. It is only set by ParseAndKeepRawInput.
type PhoneNumber_CountryCodeSource int32

const (
	// Not set: the number was parsed with Parse.
	PhoneNumber_UNSPECIFIED PhoneNumber_CountryCodeSource = 0
	// From a leading "+", as in "+33 1 42 68 53 00".
	PhoneNumber_FROM_NUMBER_WITH_PLUS_SIGN PhoneNumber_CountryCodeSource = 1
	// From a leading international prefix, as in "011 33 1 42 68 53 00"
	// dialled from the US.
	PhoneNumber_FROM_NUMBER_WITH_IDD PhoneNumber_CountryCodeSource = 5
	// From the number without a "+", as in "33 1 42 68 53 00" in region FR.
	PhoneNumber_FROM_NUMBER_WITHOUT_PLUS_SIGN PhoneNumber_CountryCodeSource = 10
	// From the default region, as for "01 42 68 53 00" in region FR.
	PhoneNumber_FROM_DEFAULT_COUNTRY PhoneNumber_CountryCodeSource = 20
)

// Enum value maps for PhoneNumber_CountryCodeSource.
var (
	PhoneNumber_CountryCodeSource_name = map[int32]string{
		0:  "UNSPECIFIED",
		1:  "FROM_NUMBER_WITH_PLUS_SIGN",
		5:  "FROM_NUMBER_WITH_IDD",
		10: "FROM_NUMBER_WITHOUT_PLUS_SIGN",
		20: "FROM_DEFAULT_COUNTRY",
	}
	PhoneNumber_CountryCodeSource_value = map[string]int32{
		"UNSPECIFIED":                   0,
		"FROM_NUMBER_WITH_PLUS_SIGN":    1,
		"FROM_NUMBER_WITH_IDD":          5,
		"FROM_NUMBER_WITHOUT_PLUS_SIGN": 10,
		"FROM_DEFAULT_COUNTRY":          20,
	}
)

func (x PhoneNumber_CountryCodeSource) Enum() *PhoneNumber_CountryCodeSource {
	return &x
}

// String returns the name of x, or its number if it has none.
func (x PhoneNumber_CountryCodeSource) String() string {
	if name, ok := PhoneNumber_CountryCodeSource_name[int32(x)]; ok {
		return name
	}
	return strconv.Itoa(int(x))
}

// PhoneNumber is a parsed phone number.
type PhoneNumber struct {
	// CountryCode is the country calling code, as in 1 for NANPA.
	CountryCode *int32
	// NationalNumber is the national significant number without its
	// leading zeros; use GetNationalSignificantNumber rather than this.
	NationalNumber *uint64
	// Extension is the extension, which may have a leading zero.
	Extension *string
	// ItalianLeadingZero is set if the national significant number has
	// NumberOfLeadingZeros leading zeros, kept when dialled from abroad.
	ItalianLeadingZero   *bool
	NumberOfLeadingZeros *int32
	// RawInput is the text the number was parsed from.
	RawInput *string
	// CountryCodeSource is where CountryCode came from.
	CountryCodeSource *PhoneNumber_CountryCodeSource
	// PreferredDomesticCarrierCode is the carrier selection code
	// preferred for calling this number domestically.
	PreferredDomesticCarrierCode *string
}

// Default values for PhoneNumber fields.
const (
	Default_PhoneNumber_NumberOfLeadingZeros = int32(1)
)

func (x *PhoneNumber) GetCountryCode() int32 {
	if x != nil && x.CountryCode != nil {
		return *x.CountryCode
	}
	return 0
}

func (x *PhoneNumber) GetNationalNumber() uint64 {
	if x != nil && x.NationalNumber != nil {
		return *x.NationalNumber
	}
	return 0
}

func (x *PhoneNumber) GetExtension() string {
	if x != nil && x.Extension != nil {
		return *x.Extension
	}
	return ""
}

func (x *PhoneNumber) GetItalianLeadingZero() bool {
	if x != nil && x.ItalianLeadingZero != nil {
		return *x.ItalianLeadingZero
	}
	return false
}

func (x *PhoneNumber) GetNumberOfLeadingZeros() int32 {
	if x != nil && x.NumberOfLeadingZeros != nil {
		return *x.NumberOfLeadingZeros
	}
	return Default_PhoneNumber_NumberOfLeadingZeros
}

func (x *PhoneNumber) GetRawInput() string {
	if x != nil && x.RawInput != nil {
		return *x.RawInput
	}
	return ""
}

func (x *PhoneNumber) GetCountryCodeSource() PhoneNumber_CountryCodeSource {
	if x != nil && x.CountryCodeSource != nil {
		return *x.CountryCodeSource
	}
	return PhoneNumber_UNSPECIFIED
}

func (x *PhoneNumber) GetPreferredDomesticCarrierCode() string {
	if x != nil && x.PreferredDomesticCarrierCode != nil {
		return *x.PreferredDomesticCarrierCode
	}
	return ""
}

// ptr returns a pointer to a copy of v, for setting an optional field.
func ptr[T any](v T) *T {
	return &v
}

// mergeOptional sets *dst to a copy of src if src is set, as proto.Merge
// does for an optional field.
func mergeOptional[T any](dst **T, src *T) {
	if src != nil {
		*dst = ptr(*src)
	}
}

// mergeNumberFormat merges src into dst as proto.Merge does: the fields set
// in src replace those of dst, and LeadingDigitsPattern is appended to.
func mergeNumberFormat(dst, src *NumberFormat) {
	if src == nil {
		return
	}
	mergeOptional(&dst.Pattern, src.Pattern)
	mergeOptional(&dst.Format, src.Format)
	dst.LeadingDigitsPattern = append(dst.LeadingDigitsPattern, src.LeadingDigitsPattern...)
	mergeOptional(&dst.NationalPrefixFormattingRule, src.NationalPrefixFormattingRule)
	mergeOptional(&dst.NationalPrefixOptionalWhenFormatting, src.NationalPrefixOptionalWhenFormatting)
	mergeOptional(&dst.DomesticCarrierCodeFormattingRule, src.DomesticCarrierCodeFormattingRule)
}

// mergePhoneNumber merges src into dst as proto.Merge does: the fields set
// in src replace those of dst.
func mergePhoneNumber(dst, src *PhoneNumber) {
	if src == nil {
		return
	}
	mergeOptional(&dst.CountryCode, src.CountryCode)
	mergeOptional(&dst.NationalNumber, src.NationalNumber)
	mergeOptional(&dst.Extension, src.Extension)
	mergeOptional(&dst.ItalianLeadingZero, src.ItalianLeadingZero)
	mergeOptional(&dst.NumberOfLeadingZeros, src.NumberOfLeadingZeros)
	mergeOptional(&dst.RawInput, src.RawInput)
	mergeOptional(&dst.CountryCodeSource, src.CountryCodeSource)
	mergeOptional(&dst.PreferredDomesticCarrierCode, src.PreferredDomesticCarrierCode)
}
