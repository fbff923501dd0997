package query_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/query"
)

// FuzzParse: any text, however quoted or nested, parses into terms or is a
// usage error (EINVALID) that starts with "query:"; never a panic. A term
// is well formed: a free word has one value, a qualifier at least one.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "ada", "-ada", `"ada lovelace"`, `company:"Acme Inc"`, "tag:vip,gold -is:archived",
		"created:>=7d activity:<2026-01-01", "attr.shoe.size:38", `"""`, `"a"b"c"`, `-"x"`,
		`company:"a""b"`, "birthday:next-30d", "::::", "-:", "é:x", "http://x", `"` + strings.Repeat(`\"`, 50),
		strings.Repeat(`"a `, 200), "tag:,,,", "field:", "\x00", "\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		parsed, err := query.Parse(q)
		if err != nil {
			if contact.ErrorCode(err) != contact.EINVALID || !strings.HasPrefix(err.Error(), "query: ") {
				t.Fatalf("Parse(%q): %v (code %s), want an EINVALID query: error", q, err, contact.ErrorCode(err))
			}
			return
		}
		for _, term := range parsed.Terms {
			switch {
			case term.Key == "" && len(term.Values) != 1:
				t.Fatalf("Parse(%q): free word %+v has %d values", q, term, len(term.Values))
			case term.Key != "" && len(term.Values) == 0:
				t.Fatalf("Parse(%q): qualifier %+v has no value", q, term)
			case term.Key != "" && term.Op == "":
				t.Fatalf("Parse(%q): qualifier %+v has no operator", q, term)
			case term.Raw == "":
				t.Fatalf("Parse(%q): term %+v has no raw text", q, term)
			}
			// Parse reads the query in NFC, where a term's text is: the
			// combining mark U+0340 is U+0300 there.
			if utf8.ValidString(q) && !strings.Contains(norm.NFC.String(q), term.Raw) {
				t.Fatalf("Parse(%q): raw %q is not in the query", q, term.Raw)
			}
		}
		// Parsing is a function of the text.
		again, err := query.Parse(q)
		if err != nil || len(again.Terms) != len(parsed.Terms) {
			t.Fatalf("Parse(%q) twice: %d then %d terms, %v", q, len(parsed.Terms), len(again.Terms), err)
		}
	})
}
