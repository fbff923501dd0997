package contact

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// digitValue returns the value of a decimal digit in any script: 7, ７
// (full-width), ٧ (Arabic-Indic), ७ (Devanagari). Unicode keeps every
// script's digits 0 to 9 in a row, and the ranges of unicode.Nd hold whole
// rows of ten, so a digit's value is its distance from the start of its
// range, modulo 10.
func digitValue(r rune) (byte, bool) {
	if r >= '0' && r <= '9' {
		return byte(r - '0'), true
	}
	if r < utf8.RuneSelf || !unicode.IsDigit(r) {
		return 0, false
	}
	for _, rg := range unicode.Nd.R16 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
			return byte((r - lo) % 10), true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
			return byte((r - lo) % 10), true
		}
	}
	return 0, false
}

// ASCIIDigits returns s with its digits in any script written as ASCII
// digits, full-width characters (＋, （, －, ．, the ideographic space)
// as their ASCII forms, as a Japanese IME or an Arabic keyboard types a
// phone number: "＋９７１ ٥٠١" is "+971 501", and every other space
// (the thin and narrow no-break spaces French typography groups digits
// with, "06 12 34 56 78" as a web page or a word processor writes it) as
// an ASCII space, which libphonenumber reads, where it refuses the number
// with one of those; invisible format characters (the left-to-right and
// right-to-left marks a phone or a chat app wraps a number in, in Arabic,
// Hebrew or Persian text, a zero-width space) are dropped. Other text is
// kept.
func ASCIIDigits(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range width.Narrow.String(s) {
		if v, ok := digitValue(r); ok {
			b.WriteByte('0' + v)
		} else if r != ' ' && unicode.Is(unicode.Zs, r) {
			b.WriteByte(' ')
		} else if !unicode.Is(unicode.Cf, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
