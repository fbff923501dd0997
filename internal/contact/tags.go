package contact

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TagKey is the form in which tags that are the same tag are equal: in
// NFC, trimmed, and with case folded in every script (ÉTÉ, Été and été
// are one tag, as strings.EqualFold has it). add, edit, tag and the tag:
// qualifier (rolo_tagkey in SQL) all go by it.
func TagKey(t string) string {
	return strings.Map(tagRune, norm.NFC.String(strings.TrimSpace(t)))
}

// SameTag reports whether a and b name the same tag (TagKey), each as a
// tag is stored (cleanLine): one given with a zero width space in it, as
// pasted, is the stored tag without it, which --rm-tag and tag --rm remove.
func SameTag(a, b string) bool { return TagKey(storedTag(a)) == TagKey(storedTag(b)) }

// storedTag is t without the invisible characters that a stored tag has
// not (CleanText); t itself when it has none, as nearly every tag.
func storedTag(t string) string {
	if utf8.ValidString(t) && strings.ContainsFunc(t, cleanedRune) {
		return CleanText(t)
	}
	return t
}

// tagRune is the one rune that stands for r and the runes of other case
// that fold to it (unicode.SimpleFold's orbit): the smallest, but an
// ASCII letter in lower case, so that an ASCII tag's key is the tag in
// lower case.
func tagRune(r rune) rune {
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	if m >= 'A' && m <= 'Z' {
		m += 'a' - 'A'
	}
	return m
}

// CaseVariants returns the runes that are r in another case, r among
// them: É and é, Σ, σ and ς.
func CaseVariants(r rune) []rune {
	out := []rune{r}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		out = append(out, f)
	}
	return out
}
