// Package escape writes control characters as Go writes them in a string
// (ESC as \x1b, as %q does): a file name, a profile name or a value a
// contact carries is untrusted text, and an escape sequence in it must not
// reach the terminal (clear the screen, retitle the window) when rolo
// prints it. Messages keep their own newlines and tabs, which lay out a
// list, where a file name put into one is escaped whole; the one escaper
// takes the characters to keep. Shell quotes a word of a command rolo
// offers to be pasted into a shell.
package escape

import (
	"strconv"
	"strings"
	"unicode"
)

// Shell returns s as one word of a POSIX shell command line, for a command
// rolo offers to be copied (rm PATH): as it is when no shell reads any of
// its characters specially (letters, digits, and -_./+,:=@%), else in
// single quotes, a ' in it written '"'"' (no backslash, which rolo's
// tab-separated output would double). A path with a space, a $ or a quote
// is then the one file it names, not several words or a command.
func Shell(s string) string {
	plain := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./+,:=@%", r)
	}
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool { return !plain(r) }) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'"
}

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
