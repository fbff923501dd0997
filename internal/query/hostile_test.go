package query_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/query"
)

// Text no stored value can hold is a usage error that says why, not a
// query that silently matches nothing (or, for a NUL, an FTS5 syntax error).
func TestParseRefusesBinary(t *testing.T) {
	for _, tc := range []struct{ q, want string }{
		{"ada\x00", `query: contains a control character (U+0000 at byte 4)`},
		{"tag:\x1b[31m", `query: contains a control character (U+001B at byte 5)`},
		{"\x1b[31mada", `query: contains a control character (U+001B at byte 1)`},
		{"a\xffb", `query: "a\xffb" is not valid UTF-8 text`},
	} {
		_, err := query.Parse(tc.q)
		if contact.ErrorCode(err) != contact.EINVALID || err.Error() != tc.want {
			t.Errorf("Parse(%q) = %v, want %q", tc.q, err, tc.want)
		}
	}
	// Tabs and newlines are white space between words.
	if q, err := query.Parse("ada\tlovelace\n"); err != nil || len(q.Terms) != 2 {
		t.Errorf("Parse with a tab: %+v, %v", q, err)
	}
	// Deeply nested quoting parses or is refused, in linear time.
	if _, err := query.Parse(strings.Repeat(`"`, 100001)); contact.ErrorCode(err) != contact.EINVALID {
		t.Errorf("100,001 quotes: %v", err)
	}
	if q, err := query.Parse(strings.Repeat(`"a" `, 50000)); err != nil || len(q.Terms) != 50000 {
		t.Errorf("50,000 quoted words: %v", err)
	}
}

// The invisible characters pasted text carries, and bidirectional
// controls, are dropped from a query as from a stored field: "Jo<SHY>se"
// is Jose, as the contact was stored.
func TestParseDropsInvisibleCharacters(t *testing.T) {
	q, err := query.Parse("Jo\u00adse tag:v\u200bip attr.plan:\u2066pro\u2069 \ufeffada\u2060")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, term := range q.Terms {
		got = append(got, term.Key+":"+strings.Join(term.Values, ","))
	}
	if want := ":Jose tag:vip attr.plan:pro :ada"; strings.Join(got, " ") != want {
		t.Errorf("terms %q, want %q", strings.Join(got, " "), want)
	}
	// A query of them alone is refused, as a word without letters is,
	// not read as a blank one, which matches every contact (a --where).
	_, err = query.Parse(" \u00ad\u200b ")
	if want := `query: " \u00ad\u200b " has no letters or digits to search for`; contact.ErrorCode(err) != contact.EINVALID || fmt.Sprint(err) != want {
		t.Errorf("Parse of invisible characters alone: %v, want %q", err, want)
	}
}
