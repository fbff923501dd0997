// Package query parses rolo's query language (SPEC section 4) into a syntax
// tree. It is the one parser behind list, search, export, dupes, views and
// --where; the SQL for a tree is built by the store.
package query

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rolo-cli/rolo/internal/contact"
)

// Query is a parsed query: its terms are ANDed.
type Query struct {
	Terms []Term
}

// Term is one word of a query: a free word (Key == "") or a qualifier such
// as tag:vip,gold or created:<7d.
type Term struct {
	Negate bool
	Key    string   // lower-case qualifier, "" for a free word
	Op     string   // ":" "<" ">" "<=" ">=" ("" for a free word)
	Values []string // comma-separated alternatives (ORed); one for a free word
	Raw    string   // the term as written, for error messages
}

// Qualifiers lists the qualifier names the language knows, besides
// attr.KEY and the scalar field names.
var Qualifiers = []string{
	"tag", "type", "level", "owner", "company", "city", "country", "lang", "channel",
	"is", "has", "created", "updated", "activity", "birthday", "id", "uid", "name",
	"email", "phone", "tel", "field", "visibility",
}

// jsonKeys are the JSON keys of a contact's scalar values that name a
// qualifier by another name: created_at: is created:. (A field's own JSON
// key, first_name:, is contact.LookupField's.) The flags favorite,
// archived and deleted are is: terms.
var jsonKeys = map[string]string{
	"created_at": "created", "updated_at": "updated",
	"last_activity_at": "activity", "last_channel": "channel",
}

// Canonical returns the qualifier that name (in any case) stands for:
// itself, the qualifier of a JSON key (created_at is created), or a scalar
// field's name (first_name is first, org is company); false for a name
// the language does not know. attr.KEY is itself.
func Canonical(name string) (string, bool) {
	k := strings.ToLower(strings.TrimSpace(name))
	switch {
	case strings.HasPrefix(k, "attr.") && len(k) > len("attr."):
		return k, true
	case slices.Contains(Qualifiers, k):
		return k, true
	case jsonKeys[strings.ReplaceAll(k, "-", "_")] != "":
		return jsonKeys[strings.ReplaceAll(k, "-", "_")], true
	}
	if f, ok := contact.LookupField(k); ok {
		return f.Name, true
	}
	return "", false
}

// Parse reads q. An empty query matches everything. Errors are
// contact.EINVALID and name the offending term.
func Parse(q string) (*Query, error) {
	// Stored text is valid UTF-8 and never holds a control character
	// (validation refuses them), and a NUL would end the text FTS5 sees.
	if !utf8.ValidString(q) {
		return nil, contact.Errorf(contact.EINVALID, "query: %s is not valid UTF-8 text", contact.Quote(q))
	}
	if i := strings.IndexFunc(q, func(r rune) bool { return unicode.IsControl(r) && !unicode.IsSpace(r) }); i >= 0 {
		return nil, contact.Errorf(contact.EINVALID, "query: contains a control character (%U at byte %d)", []rune(q[i:])[0], i+1)
	}
	// Stored text is in normal form C (contact.Normalize): a term typed
	// or pasted in another form (macOS writes ü as u and a combining mark)
	// is put in the same one, or tag:, email: and attr. would miss it.
	// Nor does stored text hold the invisible characters pasted text
	// carries (a soft hyphen, a zero width space) or bidirectional
	// controls: a query drops them as a field does (contact.CleanText),
	// or "Jo<U+00AD>se" would not find the Jose it was stored as.
	// A query of them alone is no blank one, which matches every contact
	// (a --where, a REF): it is refused, as a word without letters is.
	clean := contact.CleanText(q)
	if clean == "" && strings.TrimSpace(q) != "" {
		return nil, contact.Errorf(contact.EINVALID, "query: %s has no letters or digits to search for", contact.Quote(q))
	}
	q = clean
	words, err := split(q)
	if err != nil {
		return nil, err
	}
	out := &Query{}
	for _, w := range words {
		t, err := parseTerm(w)
		if err != nil {
			return nil, err
		}
		out.Terms = append(out.Terms, t)
	}
	return out, nil
}

// word is a token with a record of whether any of it was quoted, so that
// "tag:vip" in quotes is still a free phrase.
type word struct {
	text   string
	quoted bool // the whole word was a quoted string
	raw    string
}

// split cuts q into words at unquoted white space. Double quotes group
// words and may appear after a qualifier: company:"Acme Inc". In quotes,
// \" is a quote and \\ a backslash (escaped reports where); any other
// backslash is itself.
func split(q string) ([]word, error) {
	var (
		words  []word
		cur    strings.Builder
		raw    strings.Builder
		inQ    bool
		esc    bool
		quoted bool
		start  = -1
		qStart int
	)
	flush := func() {
		if start >= 0 {
			words = append(words, word{text: cur.String(), quoted: quoted, raw: raw.String()})
		}
		cur.Reset()
		raw.Reset()
		quoted, start = false, -1
	}
	for i, r := range q {
		switch {
		case esc:
			esc = false
			cur.WriteRune(r)
			raw.WriteRune(r)
		case inQ && escaped(q, i):
			esc = true
			raw.WriteRune(r)
		case r == '"':
			if start < 0 {
				start = i
				quoted = true
			} else if !inQ && cur.Len() > 0 {
				// -"tag:vip" is a negated phrase; company:"Acme" a
				// qualifier's quoted value.
				quoted = !quoted && raw.String() == "-"
			}
			if !inQ {
				qStart = i
			}
			inQ = !inQ
			raw.WriteRune(r)
		case unicode.IsSpace(r) && !inQ:
			flush()
		case r == ',' && inQ:
			// A comma in quotes is part of the value, not an OR: it is
			// kept as a NUL, which Parse refused in the input, until
			// parseTerm has split the values.
			if start < 0 {
				start = i
			}
			cur.WriteByte(quotedComma)
			raw.WriteRune(r)
		default:
			if start < 0 {
				start = i
			}
			if quoted && !inQ {
				quoted = false
			}
			cur.WriteRune(r)
			raw.WriteRune(r)
		}
	}
	if inQ {
		return nil, contact.Errorf(contact.EINVALID, "query: unterminated quote in %s (opened at character %d)", contact.Quote(q), qStart+1)
	}
	flush()
	return words, nil
}

// escaped reports whether the backslash at q[i], in quotes, escapes the
// character after it: a quote or a backslash.
func escaped(q string, i int) bool {
	return q[i] == '\\' && i+1 < len(q) && (q[i+1] == '"' || q[i+1] == '\\')
}

// quotedComma stands for a comma inside quotes between split and parseTerm.
const quotedComma = 0

func literal(v string) string { return strings.ReplaceAll(v, string(rune(quotedComma)), ",") }

func parseTerm(w word) (Term, error) {
	t := Term{Raw: w.raw}
	text := w.text
	if (!w.quoted || strings.HasPrefix(w.raw, `-"`)) && strings.HasPrefix(text, "-") && len(text) > 1 {
		t.Negate = true
		text = text[1:]
	}
	if w.quoted {
		t.Values = []string{literal(text)}
		return t, nil
	}
	key, rest, ok := cutQualifier(text)
	if !ok {
		t.Values = []string{literal(text)}
		return t, nil
	}
	// A qualifier by another of its names (first_name: or created_at:,
	// as the JSON key) is that qualifier.
	t.Key, ok = Canonical(key)
	if !ok {
		return t, contact.Errorf(contact.EINVALID, "query: unknown qualifier %s in %s (known: %s, attr.KEY, or a field's name or JSON key)", contact.Quote(key), contact.Quote(w.raw), strings.Join(Qualifiers, ", "))
	}
	// An attribute key no contact can have (attr.größe:) would match
	// nothing in silence.
	if k, ok := strings.CutPrefix(key, "attr."); ok && len(k) > contact.MaxKeyLen && !contact.ValidAttrKey(k) {
		return t, contact.Errorf(contact.EINVALID, "query: attribute key %q is too long (at most %d bytes)", contact.Excerpt(k), contact.MaxKeyLen)
	}
	if k, ok := strings.CutPrefix(key, "attr."); ok && !contact.ValidAttrKey(k) {
		return t, contact.Errorf(contact.EINVALID, "query: %s in %s is not an attribute key (ASCII letters, digits, _ . -)", contact.Quote(key), contact.Quote(w.raw))
	}
	t.Op = ":"
	// A quoted value is the value, never a comparison: tag:"<3" is the
	// tag <3, as tag:<3 cannot be.
	_, rawValue, _ := strings.Cut(w.raw, ":")
	for _, op := range []string{">=", "<=", ">", "<"} {
		if !strings.HasPrefix(rawValue, `"`) && strings.HasPrefix(rest, op) {
			t.Op, rest = op, rest[len(op):]
			break
		}
	}
	for _, v := range strings.Split(rest, ",") {
		if v = strings.TrimSpace(literal(v)); v != "" {
			t.Values = append(t.Values, v)
		}
	}
	if len(t.Values) == 0 {
		return t, contact.Errorf(contact.EINVALID, "query: %s needs a value after %s", contact.Quote(w.raw), contact.Quote(key+":"))
	}
	return t, nil
}

// cutQualifier splits "key:value". A word with ":" is a qualifier only when
// the part before it looks like a name, so that "http://x" or "10:30" stay
// free words.
func cutQualifier(s string) (key, rest string, ok bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return "", "", false
	}
	key = s[:i]
	for j, r := range key {
		if !(unicode.IsLetter(r) || r == '_' || r == '.' || r == '-' || (j > 0 && unicode.IsDigit(r))) {
			return "", "", false
		}
	}
	if strings.HasPrefix(s[i+1:], "//") {
		return "", "", false
	}
	return key, s[i+1:], true
}
