package contact_test

import (
	"testing"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"github.com/rolo-cli/rolo/internal/contact"
)

func TestFoldAccents(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Ada Lovelace", "Ada Lovelace"},
		{"Zoë Müller", "Zoe Muller"},
		{"Nguyễn", "Nguyen"},
		{"ΣΟΦΊΑ Παπαδοπούλου", "ΣΟΦΙΑ Παπαδοπουλου"}, // Greek tonos
		{"Ελένη", "Ελενη"},
		{"Королёв", "Королев"}, // Cyrillic ё is е with a diaeresis
		{"مُحَمَّد", "محمد"},   // Arabic harakat
		{"דָּוִד", "דוד"},      // Hebrew niqqud
		{"Wałęsa", "Walesa"},   // ł is spelled l, ę is e with an ogonek
		{"Søren Straße Yılmaz", "Soren Strasse Yilmaz"},
		{"ØRSTED Ǿrsted ÆBELØ Œuvre", "ORSTED Orsted AEBELO OEuvre"}, // Ǿ is Ø with an acute
		{"Đorđe Þórðarson Ħal-Far", "Dorde THordarson Hal-Far"},
		{"ガス がっこう", "ガス がっこう"}, // kana voicing marks make other letters
		{"山田 太郎", "山田 太郎"},
		{"ＡＣＭＥ１２３　Ｚｏë ａｎｎ．ｌｅｅ＠ｅｘａｍｐｌｅ．ｏｒｇ", "ACME123 Zoe ann.lee@example.org"}, // full width, an ideographic space
		{"ｶﾞｽ ﾊﾟﾝ", "ガス パン"}, // half-width kana, their voicing marks apart
	} {
		if got := contact.FoldAccents(c.in); got != c.want {
			t.Errorf("FoldAccents(%q) = %q, want %q", c.in, got, c.want)
		}
		// Composed or decomposed, the same text folds the same.
		if got := contact.FoldAccents(norm.NFD.String(c.in)); got != c.want {
			t.Errorf("FoldAccents(NFD %+q) = %+q, want %q", norm.NFD.String(c.in), got, c.want)
		}
	}
}

// FoldsWidth holds every rune width.Fold changes: FoldAccents folds no
// others, and schema 22 reindexed the contacts that have one of them.
func TestFoldsWidth(t *testing.T) {
	for r := rune(0); r <= 0x10ffff; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		if width.Fold.String(string(r)) != string(r) && !contact.FoldsWidth(r) {
			t.Errorf("width.Fold changes %U, which FoldsWidth leaves out", r)
		}
	}
}
