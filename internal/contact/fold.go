package contact

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FoldAccents returns s without the accents and other marks written on a
// letter: Zoë is Zoe, Σοφία Σοφια, Королёв Королев, مُحَمَّد محمد, דָּוִד
// דוד. It is what the search index is given and what a query is searched
// for, so that every script is found without its accents as Latin is
// (SQLite's tokenizer removes Latin accents only). A letter that is not a
// base letter plus a mark (ø, ł, ß, ı) is kept, and so are the kana voicing
// marks (が is not か). Case is the tokenizer's to fold.
func FoldAccents(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return foldAccents(s)
		}
	}
	return s
}

func foldAccents(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) && r != '\u3099' && r != '\u309a' {
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}
