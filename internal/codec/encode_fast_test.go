package codec

import (
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// The encoders write some values with code of their own where the
// standard library's took much of an export's time; each gives what the
// standard library's did.

var escapeSamples = []string{
	"", "plain", `back\slash`, "a,b;c", "line\nend", "crlf\r\nend", "cr\rend", "\r\n\r\n", "\n\r", "\r",
	`\,;`, "x\\", "ends;", "Grüße, Jürgen\r\n„zitat“", "日本語;テキスト", "^caret\"quote", "tab\there",
}

func TestEscTextIsTheReplacer(t *testing.T) {
	want := strings.NewReplacer(`\`, `\\`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`, ",", `\,`, ";", `\;`)
	for _, s := range escapeSamples {
		if got, w := escText(s), want.Replace(s); got != w {
			t.Errorf("escText(%q) = %q, want %q", s, got, w)
		}
	}
}

func TestTypIsTheCapitalsThatReadBack(t *testing.T) {
	e := &VCardEncoder{}
	for _, v := range []string{"", "work", "Mobile", "x-custom", "ς", "ı", "straße", "İ", "büro", "WORK", "a b"} {
		want := v
		if u := strings.ToUpper(v); strings.ToLower(u) == strings.ToLower(v) {
			want = u
		}
		if got := e.typ(v); got != want {
			t.Errorf("typ(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestCSVCellsAreTheJoinedValues(t *testing.T) {
	for _, parts := range [][5]string{
		{"", "", "", "", ""}, {"1 Main St", "Town", "ST", "12345", "US"}, {`a\;b`, "c;d", `e\`, "", "GB"},
		{"Apt 2; Floor 3", "", "", "", ""}, {"", "", "", "", `\`},
	} {
		a := contact.Address{Label: "work", Street: parts[0], City: parts[1], State: parts[2], Zip: parts[3], Country: parts[4]}
		if got, want := string(appendAddressParts(nil, a)), contact.AddressParts(a); got != want {
			t.Errorf("appendAddressParts(%q) = %q, want %q", parts, got, want)
		}
	}
	for _, tags := range [][]string{nil, {}, {"a"}, {"a", "b c", ""}} {
		if got, want := string(appendJoined(nil, tags)), strings.Join(tags, ","); got != want {
			t.Errorf("appendJoined(%q) = %q, want %q", tags, got, want)
		}
	}
}
