// Package escape writes control characters as Go writes them in a string
// (ESC as \x1b, as %q does): a file name, a profile name or a value a
// contact carries is untrusted text, and an escape sequence in it must not
// reach the terminal (clear the screen, retitle the window) when rolo
// prints it. Messages keep their own newlines and tabs, which lay out a
// list, where a file name put into one is escaped whole; the one escaper
// takes the characters to keep.
package escape

import (
	"strconv"
	"strings"
	"unicode"
)

// Controls returns s with its control characters other than those in keep
// written as Go escapes (f\x1b[2J.csv).
func Controls(s, keep string) string {
	escaped := func(r rune) bool { return unicode.IsControl(r) && !strings.ContainsRune(keep, r) }
	if !strings.ContainsFunc(s, escaped) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if escaped(r) {
			b.WriteString(Rune(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Rune is a control character as Go writes it in a string (\x1b, \a,
// \u009b).
func Rune(r rune) string {
	q := strconv.QuoteRune(r)
	return q[1 : len(q)-1]
}
