package contact_test

import (
	"testing"
	"unicode"

	"github.com/rolo-cli/rolo/internal/contact"
)

func TestDigitsAnyScript(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"+1 (415) 555-0123", "14155550123"},
		{"＋１ ４１５ ５５５ ０１２３", "14155550123"}, // full-width
		{"+٩٧١٥٠١٢٣٤٥٦٧", "971501234567"},  // Arabic-Indic
		{"۰۹۱۲ ۳۴۵ ۶۷۸۹", "09123456789"},   // Extended Arabic-Indic (Persian)
		{"+91 ९८७६५४३२१०", "919876543210"}, // Devanagari
		{"๐๘๑ ๒๓๔ ๕๖๗๘", "0812345678"},     // Thai
		{"𝟕𝟖𝟗", "789"},                     // mathematical bold digits
		{"ext. ½ ² Ⅻ", ""},                 // numbers, but not decimal digits
	} {
		if got := contact.Digits(c.in); got != c.want {
			t.Errorf("Digits(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Digits reads a digit's value from its place in unicode.Nd: that holds
// only if every range there is whole rows of ten, 0 to 9.
func TestDigitsRangesAreRowsOfTen(t *testing.T) {
	for _, r := range unicode.Nd.R16 {
		if r.Stride != 1 || (r.Hi-r.Lo+1)%10 != 0 {
			t.Errorf("unicode.Nd range %U-%U is not rows of ten", r.Lo, r.Hi)
		}
	}
	for _, r := range unicode.Nd.R32 {
		if r.Stride != 1 || (r.Hi-r.Lo+1)%10 != 0 {
			t.Errorf("unicode.Nd range %U-%U is not rows of ten", r.Lo, r.Hi)
		}
	}
}

func TestASCIIDigits(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"＋９７１（５０）１２３－４５６７", "+971(50)123-4567"},
		{"٠٢٠ ٧٩٤٦", "020 7946"},
		{"Zoë 415", "Zoë 415"},
		{"06\u202f12\u202f34\u202f56\u202f78", "06 12 34 56 78"}, // narrow no-break spaces
		{"+44\u20097700\u2009900123", "+44 7700 900123"},         // thin spaces
		{"\u200e+971 50 123 4567\u200e", "+971 50 123 4567"},     // left-to-right marks
		{"050\u200f123\u200b4567", "0501234567"},                 // a right-to-left mark, a zero-width space
	} {
		if got := contact.ASCIIDigits(c.in); got != c.want {
			t.Errorf("ASCIIDigits(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
