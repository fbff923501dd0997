package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// mustQuote reports whether r must be in quotes in a qualifier's value to
// be read as itself: white space ends a word, a comma is an OR.
func mustQuote(r rune) bool { return r == '"' || r == ',' || unicode.IsSpace(r) }

// Quote writes v as a quoted value, its quotes and backslashes escaped:
// Quote(`Key "A"`) is `"Key \"A\""`.
func Quote(v string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(v, `\`, `\\`), `"`, `\"`) + `"`
}

// QuoteFrom writes v as a qualifier's value that reads back as v and
// starts as v does: as it is up to its first character that must be
// quoted, and in quotes from there (QuoteFrom("Key Account") is
// `Key" Account"`). Completion writes values so: a shell offers only
// what extends the word typed, and tag:K must go on as tag:Key.
func QuoteFrom(v string) string {
	if i := strings.IndexFunc(v, mustQuote); i >= 0 {
		return v[:i] + Quote(v[i:])
	}
	return v
}

// Tail is the end of a query being typed, as completion reads it, with
// the rules of split: the value being typed, what comes before it, and
// the qualifier it is a value of.
type Tail struct {
	Before string   // the text before the value: earlier words, the qualifier and its ":", earlier values and their commas
	Key    string   // the last word's qualifier as typed ("tag", "-tag"); "" when the word has no ":" yet
	Values []string // the values before the one being typed (tag:a,b,<TAB>: a and b), unquoted
	Value  string   // the value being typed so far, unquoted
	Quoted bool     // the value being typed opened a quote
}

// ReadTail reads the last word of q, which may end in an open quote.
func ReadTail(q string) Tail {
	var (
		wordAt   = 0  // the last word
		colonAt  = -1 // its qualifier's ":"
		valueAt  = -1 // the value being typed
		valueAts []int
		inQ, esc bool
	)
	for i, r := range q {
		switch {
		case esc:
			esc = false
		case inQ && escaped(q, i):
			esc = true
		case r == '"':
			inQ = !inQ
		case inQ:
		case unicode.IsSpace(r):
			wordAt, colonAt, valueAt, valueAts = i+utf8.RuneLen(r), -1, -1, nil
		case r == ':' && colonAt < 0:
			colonAt, valueAt = i, i+1
		case r == ',' && colonAt >= 0:
			valueAts = append(valueAts, valueAt)
			valueAt = i + 1
		}
	}
	if colonAt < 0 {
		return Tail{Before: q[:wordAt], Value: unquote(q[wordAt:]), Quoted: strings.HasPrefix(q[wordAt:], `"`)}
	}
	t := Tail{Before: q[:valueAt], Key: q[wordAt:colonAt], Value: unquote(q[valueAt:]), Quoted: strings.HasPrefix(q[valueAt:], `"`)}
	for i, at := range valueAts {
		end := valueAt - 1
		if i+1 < len(valueAts) {
			end = valueAts[i+1] - 1
		}
		t.Values = append(t.Values, unquote(q[at:end]))
	}
	return t
}

// unquote drops the quotes of a value and undoes its escapes, as split
// does; a quote left open is dropped too.
func unquote(s string) string {
	var b strings.Builder
	inQ := false
	for i := 0; i < len(s); i++ {
		switch {
		case inQ && escaped(s, i):
			i++
			b.WriteByte(s[i])
		case s[i] == '"':
			inQ = !inQ
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
