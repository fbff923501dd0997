package contact_test

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/rolo-cli/rolo/internal/contact"
)

// TagKey makes equal exactly the tags strings.EqualFold calls equal, in
// either normal form.
func TestTagKey(t *testing.T) {
	tags := []string{"vip", "VIP", "Vip", "été", "ÉTÉ", "Été", "ete", "ΠΕΛΆΤΕΣ", "πελάτες", "πελάτεσ", "Пётр", "ПЁТР",
		"straße", "STRASSE", "k", "\u212a", "ǅ", "ǆ", "Ǆ", "ı", "I", "i", "İ", "山田"}
	for _, a := range tags {
		for _, b := range tags {
			want := strings.EqualFold(a, b)
			if got := contact.SameTag(a, b); got != want {
				t.Errorf("SameTag(%q, %q) = %v, EqualFold says %v", a, b, got, want)
			}
			if got := contact.SameTag(norm.NFD.String(a), b); got != want {
				t.Errorf("SameTag(NFD %+q, %q) = %v, want %v", norm.NFD.String(a), b, got, want)
			}
		}
	}
	if k := contact.TagKey(" VIP "); k != "vip" {
		t.Errorf("TagKey of an ASCII tag is %q, want it trimmed in lower case", k)
	}
}
