package contact_test

import (
	"testing"

	"golang.org/x/text/unicode/norm"

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
