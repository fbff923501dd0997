package phonenumbers

// rolo patch: a decoder for the protobuf wire format, enough to read the
// embedded metadata (a PhoneMetadataCollection) as proto.Unmarshal did,
// without linking google.golang.org/protobuf. The field numbers are those of
// libphonenumber's phonemetadata.proto.

import (
	"errors"
	"fmt"
)

// Wire types.
const (
	wireVarint     = 0
	wireFixed64    = 1
	wireBytes      = 2
	wireStartGroup = 3
	wireEndGroup   = 4
	wireFixed32    = 5
)

const (
	maxFieldNumber = 1<<29 - 1
	// maxGroupDepth bounds the nesting of skipped groups, as protobuf's
	// default recursion limit does.
	maxGroupDepth = 10000
)

var (
	errTruncated = errors.New("truncated")
	errOverflow  = errors.New("varint overflows 64 bits")
)

// A field is one field of an encoded message.
type field struct {
	num int32
	typ int
	v   uint64 // the value of a varint field
	b   []byte // the contents of a length-delimited field
}

// unmarshal decodes b, a PhoneMetadataCollection in the protobuf wire format,
// into m, which should be empty.
func (m *PhoneMetadataCollection) unmarshal(b []byte) error {
	err := decodeFields(b, func(f field) error {
		if f.num == 1 && f.typ == wireBytes {
			md := &PhoneMetadata{}
			m.Metadata = append(m.Metadata, md)
			return md.unmarshal(f.b)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("phonenumbers: decoding metadata: %w", err)
	}
	return nil
}

func (m *PhoneMetadata) unmarshal(b []byte) error {
	err := decodeFields(b, func(f field) error {
		switch f.num {
		case 1:
			return f.mergeDesc(&m.GeneralDesc)
		case 2:
			return f.mergeDesc(&m.FixedLine)
		case 3:
			return f.mergeDesc(&m.Mobile)
		case 4:
			return f.mergeDesc(&m.TollFree)
		case 5:
			return f.mergeDesc(&m.PremiumRate)
		case 6:
			return f.mergeDesc(&m.SharedCost)
		case 7:
			return f.mergeDesc(&m.PersonalNumber)
		case 8:
			return f.mergeDesc(&m.Voip)
		case 9:
			f.setString(&m.Id)
		case 10:
			f.setInt32(&m.CountryCode)
		case 11:
			f.setString(&m.InternationalPrefix)
		case 12:
			f.setString(&m.NationalPrefix)
		case 13:
			f.setString(&m.PreferredExtnPrefix)
		case 15:
			f.setString(&m.NationalPrefixForParsing)
		case 16:
			f.setString(&m.NationalPrefixTransformRule)
		case 17:
			f.setString(&m.PreferredInternationalPrefix)
		case 18:
			f.setBool(&m.SameMobileAndFixedLinePattern)
		case 19:
			return f.appendNumberFormat(&m.NumberFormat)
		case 20:
			return f.appendNumberFormat(&m.IntlNumberFormat)
		case 21:
			return f.mergeDesc(&m.Pager)
		case 22:
			f.setBool(&m.MainCountryForCode)
		case 23:
			f.setString(&m.LeadingDigits)
		case 24:
			return f.mergeDesc(&m.NoInternationalDialling)
		case 25:
			return f.mergeDesc(&m.Uan)
		case 26:
			f.setBool(&m.LeadingZeroPossible)
		case 27:
			return f.mergeDesc(&m.Emergency)
		case 28:
			return f.mergeDesc(&m.Voicemail)
		case 29:
			return f.mergeDesc(&m.ShortCode)
		case 30:
			return f.mergeDesc(&m.StandardRate)
		case 31:
			return f.mergeDesc(&m.CarrierSpecific)
		case 32:
			f.setBool(&m.MobileNumberPortableRegion)
		case 33:
			return f.mergeDesc(&m.SmsServices)
		}
		return nil
	})
	if err == nil && m.Id == nil {
		err = errors.New("required field id not set")
	}
	return err
}

func (m *PhoneNumberDesc) unmarshal(b []byte) error {
	return decodeFields(b, func(f field) error {
		switch f.num {
		case 2:
			f.setString(&m.NationalNumberPattern)
		case 6:
			f.setString(&m.ExampleNumber)
		case 9:
			return f.appendInt32s(&m.PossibleLength)
		case 10:
			return f.appendInt32s(&m.PossibleLengthLocalOnly)
		}
		return nil
	})
}

func (m *NumberFormat) unmarshal(b []byte) error {
	err := decodeFields(b, func(f field) error {
		switch f.num {
		case 1:
			f.setString(&m.Pattern)
		case 2:
			f.setString(&m.Format)
		case 3:
			if f.typ == wireBytes {
				m.LeadingDigitsPattern = append(m.LeadingDigitsPattern, string(f.b))
			}
		case 4:
			f.setString(&m.NationalPrefixFormattingRule)
		case 5:
			f.setString(&m.DomesticCarrierCodeFormattingRule)
		case 6:
			f.setBool(&m.NationalPrefixOptionalWhenFormatting)
		}
		return nil
	})
	if err == nil && (m.Pattern == nil || m.Format == nil) {
		err = errors.New("required field pattern or format not set")
	}
	return err
}

// The methods of field below store its value in a message. Like
// proto.Unmarshal, they ignore a field whose wire type does not match the
// message's field: it is an unknown field.

func (f field) setString(p **string) {
	if f.typ == wireBytes {
		*p = ptr(string(f.b))
	}
}

func (f field) setInt32(p **int32) {
	if f.typ == wireVarint {
		*p = ptr(int32(f.v))
	}
}

func (f field) setBool(p **bool) {
	if f.typ == wireVarint {
		*p = ptr(f.v != 0)
	}
}

// appendInt32s appends a repeated int32 field, packed or not.
func (f field) appendInt32s(p *[]int32) error {
	switch f.typ {
	case wireVarint:
		*p = append(*p, int32(f.v))
	case wireBytes:
		for b := f.b; len(b) > 0; {
			v, n, err := consumeVarint(b)
			if err != nil {
				return err
			}
			*p = append(*p, int32(v))
			b = b[n:]
		}
	}
	return nil
}

// mergeDesc decodes f into *p, merging it with *p if set, as proto.Unmarshal
// does with a message field that occurs more than once.
func (f field) mergeDesc(p **PhoneNumberDesc) error {
	if f.typ != wireBytes {
		return nil
	}
	if *p == nil {
		*p = &PhoneNumberDesc{}
	}
	return (*p).unmarshal(f.b)
}

func (f field) appendNumberFormat(p *[]*NumberFormat) error {
	if f.typ != wireBytes {
		return nil
	}
	nf := &NumberFormat{}
	*p = append(*p, nf)
	return nf.unmarshal(f.b)
}

// decodeFields calls fn with each varint and length-delimited field of the
// message b, in order, and skips the fields of other wire types.
func decodeFields(b []byte, fn func(field) error) error {
	for len(b) > 0 {
		f, n, err := consumeField(b, maxGroupDepth)
		if err != nil {
			return err
		}
		if f.typ == wireEndGroup {
			return fmt.Errorf("field %d: unexpected end of group", f.num)
		}
		if f.typ == wireVarint || f.typ == wireBytes {
			if err := fn(f); err != nil {
				return fmt.Errorf("field %d: %w", f.num, err)
			}
		}
		b = b[n:]
	}
	return nil
}

// consumeField decodes the field at the start of b and returns its length.
// A group is skipped: the field returned has no value. An end-of-group tag
// is returned as a field of its own.
func consumeField(b []byte, depth int) (f field, n int, err error) {
	key, n, err := consumeVarint(b)
	if err != nil {
		return f, 0, fmt.Errorf("field tag: %w", err)
	}
	if num := key >> 3; num < 1 || num > maxFieldNumber {
		return f, 0, fmt.Errorf("invalid field number %d", num)
	}
	f.num, f.typ = int32(key>>3), int(key&7)
	b = b[n:]
	var m int
	switch f.typ {
	case wireVarint:
		f.v, m, err = consumeVarint(b)
	case wireFixed64:
		m = 8
	case wireBytes:
		var l uint64
		if l, m, err = consumeVarint(b); err == nil {
			if l > uint64(len(b)-m) {
				err = errTruncated
			} else {
				f.b = b[m : m+int(l)]
				m += int(l)
			}
		}
	case wireStartGroup:
		m, err = skipGroup(b, f.num, depth)
	case wireEndGroup:
		// No value: the caller ends the group, or rejects the tag.
	case wireFixed32:
		m = 4
	default:
		err = fmt.Errorf("invalid wire type %d", f.typ)
	}
	if err == nil && m > len(b) {
		err = errTruncated
	}
	if err != nil {
		return f, 0, fmt.Errorf("field %d: %w", f.num, err)
	}
	return f, n + m, nil
}

// skipGroup returns the length of the rest of group num, which b starts
// with, up to and including its end-of-group tag.
func skipGroup(b []byte, num int32, depth int) (int, error) {
	if depth == 0 {
		return 0, errors.New("groups nested too deeply")
	}
	for n := 0; ; {
		f, m, err := consumeField(b[n:], depth-1)
		if err != nil {
			return 0, err
		}
		n += m
		if f.typ == wireEndGroup {
			if f.num != num {
				return 0, fmt.Errorf("group ended by field %d", f.num)
			}
			return n, nil
		}
	}
}

// consumeVarint decodes the varint at the start of b and returns its length.
func consumeVarint(b []byte) (v uint64, n int, err error) {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if i == 9 && c > 1 {
			return 0, 0, errOverflow
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1, nil
		}
	}
	return 0, 0, errTruncated
}
