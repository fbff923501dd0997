package query_test

import (
	"reflect"
	"testing"

	"github.com/rolo-cli/rolo/internal/query"
)

// A value written by Quote or QuoteFrom reads back as itself, after a
// qualifier and among other values.
func TestQuoteReadsBack(t *testing.T) {
	for _, v := range []string{"vip", "Key Account", `has"quote`, `back\slash`, `end\`, `a\ b`, `"`, `\"`, "a,b", "tab\there", "Zoë Müller", "  x"} {
		for name, quote := range map[string]func(string) string{"Quote": query.Quote, "QuoteFrom": query.QuoteFrom} {
			in := "tag:x," + quote(v) + ",y is:favorite"
			q, err := query.Parse(in)
			if err != nil {
				t.Errorf("%s(%q): Parse(%q): %v", name, v, in, err)
				continue
			}
			want := []string{"x", v, "y"}
			if v == "  x" {
				want[1] = "x" // a value is trimmed
			}
			if got := q.Terms[0].Values; !reflect.DeepEqual(got, want) {
				t.Errorf("%s(%q): Parse(%q) values %q, want %q", name, v, in, got, want)
			}
		}
	}
	if got := query.QuoteFrom("Key Account"); got != `Key" Account"` {
		t.Errorf(`QuoteFrom("Key Account") = %s, want Key" Account"`, got)
	}
	if got := query.QuoteFrom("vip"); got != "vip" {
		t.Errorf(`QuoteFrom("vip") = %s, want vip`, got)
	}
}

func TestReadTail(t *testing.T) {
	tests := []struct {
		in   string
		want query.Tail
	}{
		{"", query.Tail{}},
		{"ada", query.Tail{Value: "ada"}},
		{"ada tag:", query.Tail{Before: "ada tag:", Key: "tag"}},
		{"tag:K", query.Tail{Before: "tag:", Key: "tag", Value: "K"}},
		{"-tag:vip,", query.Tail{Before: "-tag:vip,", Key: "-tag", Values: []string{"vip"}}},
		{"tag:vip,gold,", query.Tail{Before: "tag:vip,gold,", Key: "tag", Values: []string{"vip", "gold"}}},
		{`tag:"Key A`, query.Tail{Before: "tag:", Key: "tag", Value: "Key A", Quoted: true}},
		{`tag:Key" A`, query.Tail{Before: "tag:", Key: "tag", Value: "Key A"}},
		{`company:"Acme Inc" tag:"a,b",vip,"has\"q`, query.Tail{Before: `company:"Acme Inc" tag:"a,b",vip,`, Key: "tag",
			Values: []string{"a,b", "vip"}, Value: `has"q`, Quoted: true}},
		{`"a tag:b`, query.Tail{Value: "a tag:b", Quoted: true}},
		// An escaped quote ends no value; a backslash typed last, or
		// outside quotes, is itself (as split reads it).
		{`tag:"12\" vinyl",v`, query.Tail{Before: `tag:"12\" vinyl",`, Key: "tag", Values: []string{`12" vinyl`}, Value: "v"}},
		{`tag:"back\`, query.Tail{Before: "tag:", Key: "tag", Value: `back\`, Quoted: true}},
		{`tag:a\"b c`, query.Tail{Before: "tag:", Key: "tag", Value: `a\b c`}},
		{"tag:a:b", query.Tail{Before: "tag:", Key: "tag", Value: "a:b"}},
	}
	for _, tt := range tests {
		if got := query.ReadTail(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ReadTail(%q)\n got: %+v\nwant: %+v", tt.in, got, tt.want)
		}
	}
}
