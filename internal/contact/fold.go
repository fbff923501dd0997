package contact

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// FoldAccents returns s without the accents and other marks written on a
// letter: Zoë is Zoe, Σοφία Σοφια, Королёв Королев, مُحَمَّد محمد, דָּוִד
// דוד. It is what the search index is given and what a query is searched
// for, so that every script is found without its accents as Latin is
// (SQLite's tokenizer removes Latin accents only). The Latin letters that
// are not a base letter plus a mark are spelled as people write them without
// it (Søren Soren, Wałęsa Walesa, Straße Strasse, Yılmaz Yilmaz: see
// SpellLetter). The kana voicing marks are kept (が is not か). Full-width
// Latin letters, digits and signs, as a Japanese or Chinese input method
// types them, are the ASCII ones (ＡＣＭＥ is ACME), and half-width kana the
// full-width (ｶﾞｽ is ガス): width.Fold. Case is the tokenizer's to fold.
func FoldAccents(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return foldAccents(s)
		}
	}
	return s
}

func foldAccents(s string) string {
	if strings.ContainsFunc(s, FoldsWidth) {
		s = width.Fold.String(s)
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) && r != '\u3099' && r != '\u309a' {
			continue
		}
		if spelled, ok := letterSpellings[r]; ok {
			b.WriteString(spelled)
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// FoldsWidth reports whether r is in the blocks whose characters
// width.Fold changes, and so FoldAccents: the ideographic space and the
// half-width and full-width forms (U+FF01-U+FFEE). Schema 22 reindexed the
// contacts whose text holds one.
func FoldsWidth(r rune) bool { return r == '\u3000' || r >= '\uff01' && r <= '\uffee' }

// letterSpellings spells the Latin letters that Unicode decomposition
// leaves whole the way people write them on a keyboard without them,
// keeping their case.
var letterSpellings = map[rune]string{
	'ß': "ss", 'ẞ': "SS", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE", 'ø': "o", 'Ø': "O",
	'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D", 'þ': "th", 'Þ': "TH",
	'ħ': "h", 'Ħ': "H", 'ı': "i", 'ŧ': "t", 'Ŧ': "T", 'ĳ': "ij", 'Ĳ': "IJ", 'ŀ': "l", 'Ŀ': "L",
}

// SpellLetter returns how a Latin letter that is not a base letter plus an
// accent is written without it (ø "o", Æ "AE", ß "ss"), and false for
// every other rune.
func SpellLetter(r rune) (string, bool) {
	s, ok := letterSpellings[r]
	return s, ok
}
