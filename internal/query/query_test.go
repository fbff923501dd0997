package query_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/query"
)

func TestParse(t *testing.T) {
	word := func(v string) query.Term { return query.Term{Values: []string{v}, Raw: v} }
	tests := []struct {
		in   string
		want []query.Term
	}{
		{"", nil},
		{"   ", nil},
		{"ada", []query.Term{word("ada")}},
		{"ada  lovelace", []query.Term{word("ada"), word("lovelace")}},
		{"-ada", []query.Term{{Negate: true, Values: []string{"ada"}, Raw: "-ada"}}},
		{"-", []query.Term{word("-")}},
		{"-x", []query.Term{{Negate: true, Values: []string{"x"}, Raw: "-x"}}},
		{"a,b", []query.Term{word("a,b")}}, // a comma only means OR after a qualifier
		{"tag:vip,gold", []query.Term{{Key: "tag", Op: ":", Values: []string{"vip", "gold"}, Raw: "tag:vip,gold"}}},
		{"-tag:vip", []query.Term{{Negate: true, Key: "tag", Op: ":", Values: []string{"vip"}, Raw: "-tag:vip"}}},
		{"TAG:Vip", []query.Term{{Key: "tag", Op: ":", Values: []string{"Vip"}, Raw: "TAG:Vip"}}},
		{"type:lead level:primary", []query.Term{
			{Key: "type", Op: ":", Values: []string{"lead"}, Raw: "type:lead"},
			{Key: "level", Op: ":", Values: []string{"primary"}, Raw: "level:primary"},
		}},
		{"is:favorite,blocked", []query.Term{{Key: "is", Op: ":", Values: []string{"favorite", "blocked"}, Raw: "is:favorite,blocked"}}},
		{"created:>=7d", []query.Term{{Key: "created", Op: ">=", Values: []string{"7d"}, Raw: "created:>=7d"}}},
		{"created:<2026-01-01", []query.Term{{Key: "created", Op: "<", Values: []string{"2026-01-01"}, Raw: "created:<2026-01-01"}}},
		{"updated:<=1w", []query.Term{{Key: "updated", Op: "<=", Values: []string{"1w"}, Raw: "updated:<=1w"}}},
		{"activity:>30d", []query.Term{{Key: "activity", Op: ">", Values: []string{"30d"}, Raw: "activity:>30d"}}},
		{`company:"Acme Inc"`, []query.Term{{Key: "company", Op: ":", Values: []string{"Acme Inc"}, Raw: `company:"Acme Inc"`}}},
		// A comma in quotes is part of the value; outside them, an OR.
		{`company:"Acme, Inc",globex`, []query.Term{{Key: "company", Op: ":", Values: []string{"Acme, Inc", "globex"}, Raw: `company:"Acme, Inc",globex`}}},
		{`attr.rabatt:"1,5"`, []query.Term{{Key: "attr.rabatt", Op: ":", Values: []string{"1,5"}, Raw: `attr.rabatt:"1,5"`}}},
		{`"Smith, Jones"`, []query.Term{{Values: []string{"Smith, Jones"}, Raw: `"Smith, Jones"`}}},
		{`"ada lovelace"`, []query.Term{{Values: []string{"ada lovelace"}, Raw: `"ada lovelace"`}}},
		{`"tag:vip"`, []query.Term{{Values: []string{"tag:vip"}, Raw: `"tag:vip"`}}},                 // quoted: a phrase, not a qualifier
		{`-"tag:vip"`, []query.Term{{Negate: true, Values: []string{"tag:vip"}, Raw: `-"tag:vip"`}}}, // a negated phrase
		{`-"Re: renewal"`, []query.Term{{Negate: true, Values: []string{"Re: renewal"}, Raw: `-"Re: renewal"`}}},
		{`"-x"`, []query.Term{{Values: []string{"-x"}, Raw: `"-x"`}}},
		{`-"a"b`, []query.Term{{Negate: true, Values: []string{"ab"}, Raw: `-"a"b`}}},
		{"http://x.example", []query.Term{word("http://x.example")}},
		{"10:30", []query.Term{word("10:30")}},
		{":x", []query.Term{word(":x")}},
		{"Q&A:", []query.Term{word("Q&A:")}}, // a note's words: "Q&A" is no qualifier's name
		{"attr.source:expo", []query.Term{{Key: "attr.source", Op: ":", Values: []string{"expo"}, Raw: "attr.source:expo"}}},
		{"first:Ada", []query.Term{{Key: "first", Op: ":", Values: []string{"Ada"}, Raw: "first:Ada"}}},
		{"first_name:Ada", []query.Term{{Key: "first", Op: ":", Values: []string{"Ada"}, Raw: "first_name:Ada"}}},
		{"org:acme", []query.Term{{Key: "company", Op: ":", Values: []string{"acme"}, Raw: "org:acme"}}},
		{"birthday:next-30d", []query.Term{{Key: "birthday", Op: ":", Values: []string{"next-30d"}, Raw: "birthday:next-30d"}}},
		{"field:company=acme", []query.Term{{Key: "field", Op: ":", Values: []string{"company=acme"}, Raw: "field:company=acme"}}},
		{"tag:a,,b,", []query.Term{{Key: "tag", Op: ":", Values: []string{"a", "b"}, Raw: "tag:a,,b,"}}},
		// In quotes, \" is a quote and \\ a backslash; another backslash,
		// or one outside quotes, is itself.
		{`tag:"has\"quote"`, []query.Term{{Key: "tag", Op: ":", Values: []string{`has"quote`}, Raw: `tag:"has\"quote"`}}},
		{`company:"Acme \"X\", Inc",b`, []query.Term{{Key: "company", Op: ":", Values: []string{`Acme "X", Inc`, "b"}, Raw: `company:"Acme \"X\", Inc",b`}}},
		{`"a\\b\c"`, []query.Term{{Values: []string{`a\b\c`}, Raw: `"a\\b\c"`}}},
		{`"\\"`, []query.Term{{Values: []string{`\`}, Raw: `"\\"`}}},
	}
	for _, tt := range tests {
		q, err := query.Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(q.Terms, tt.want) {
			t.Errorf("Parse(%q)\n got: %+v\nwant: %+v", tt.in, q.Terms, tt.want)
		}
	}
}

func TestParseQualifiers(t *testing.T) {
	// Every documented qualifier and every scalar field name parses; a
	// field or a qualifier named by its JSON key is its qualifier.
	want := map[string]string{
		"created_at": "created", "updated_at": "updated", "last_activity_at": "activity", "last_channel": "channel",
		"Last-Channel": "channel", "org": "company",
	}
	for _, k := range query.Qualifiers {
		want[k] = k
	}
	for _, f := range contact.Fields() {
		want[f.Name] = f.Name
		if _, q := want[f.Key]; !q {
			want[f.Key] = f.Name
		}
	}
	for k, key := range want {
		in := k + ":x"
		q, err := query.Parse(in)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if len(q.Terms) != 1 || q.Terms[0].Key != key {
			t.Errorf("Parse(%q) = %+v, want key %q", in, q.Terms, key)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nosuch:x", `query: unknown qualifier "nosuch" in "nosuch:x"`},
		{"ada Owner2:x", `query: unknown qualifier "Owner2" in "Owner2:x"`},
		{"x:", `query: unknown qualifier "x" in "x:"`},
		{"attr.:x", `query: unknown qualifier "attr." in "attr.:x"`},
		{"attr.größe:XL", `query: "attr.größe" in "attr.größe:XL" is not an attribute key (ASCII letters, digits, _ . -)`},
		{"-attr._x:1", `query: "attr._x" in "-attr._x:1" is not an attribute key`},
		{"tag:", `query: "tag:" needs a value after "tag:"`},
		{"-tag:", `query: "-tag:" needs a value after "tag:"`},
		{"tag:,", `query: "tag:," needs a value after "tag:"`},
		{"created:>", `query: "created:>" needs a value after "created:"`},
		{`"open`, `query: unterminated quote in "\"open" (opened at character 1)`},
		{`ada company:"open`, `query: unterminated quote in "ada company:\"open" (opened at character 13)`},
		// An escaped quote ends nothing; outside quotes \ escapes nothing.
		{`tag:"a\"`, `query: unterminated quote in "tag:\"a\\\"" (opened at character 5)`},
		{`tag:a\"b`, `query: unterminated quote in "tag:a\\\"b" (opened at character 7)`},
		{`"back\`, `query: unterminated quote in "\"back\\" (opened at character 1)`},
	}
	for _, tt := range tests {
		q, err := query.Parse(tt.in)
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", tt.in, q.Terms)
			continue
		}
		if contact.ErrorCode(err) != contact.EINVALID {
			t.Errorf("Parse(%q) code = %q, want EINVALID", tt.in, contact.ErrorCode(err))
		}
		if msg := contact.ErrorMessage(err); !strings.HasPrefix(msg, tt.want) {
			t.Errorf("Parse(%q) error\n got: %s\nwant: %s...", tt.in, msg, tt.want)
		}
	}
}
