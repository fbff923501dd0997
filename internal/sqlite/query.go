package sqlite

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/lazyre"
	"github.com/rolo-cli/rolo/internal/query"
)

// selection is a built query: a WHERE condition with its arguments, and the
// positive full-text expression (for ranking), if the query has one.
// filter and filterArgs are the condition without the test that a contact
// matches that expression, for a query that joins the ranked matches
// instead. indexed says that a positive term reads the full-text or the
// phone-digit index, which usually finds few contacts.
//
// With correlated conditions, byID and byIDArgs are the terms that look at
// a contact only through its ID (tag:, attr., has:, is:favorite...), and
// where and filter leave them out: firstByName checks them while it walks
// the name index, before reading any contact's row.
type selection struct {
	where      string
	args       []any
	match      string
	filter     string
	filterArgs []any
	// joined is filter as written for a listing that joins the ranked
	// matches of the full-text expression as f (listingSQL), with the
	// same arguments: its conditions on phone numbers check f.fts_id,
	// before the contact's row is read, rather than c.id.
	joined   string
	indexed  bool
	byID     string
	byIDArgs []any
	// phoneRank counts, for search's ranking, the positive phone-like free
	// words (4155550) a contact has in a phone number rather than only in
	// its text (a note, a zip code), and phoneEnds those that end one (a
	// whole number, 5550123 of +1 415 555 0123, rather than a part from its
	// middle): sums of 0/1 conditions on c.id, with phoneRankArgs, the
	// arguments of both in that order. The words are not in match, the
	// full-text expression rolo_rank scores.
	phoneRank, phoneEnds string
	phoneRankArgs        []any
	// ownIndex says that the query asks for the trash or the archive
	// alone, which have their own indexes in name order (schema 12):
	// SQLite reads a page of them in order with no walk.
	ownIndex bool
	// terms is the query's number of conditions, as MaxQueryTerms counts
	// them: a walk checks each of them on every contact it reads.
	terms int
}

// related is the condition "the contact has a row in table (matching
// cond)". The IN form lets SQLite start from the matching rows, best when
// few contacts have one; the correlated EXISTS (correlated true) checks one
// contact at a time, for a walk of the contacts in name order that stops at
// the end of a page (see firstByName).
func related(correlated bool, table, cond string) string {
	if correlated {
		if cond == "" {
			return `EXISTS (SELECT 1 FROM ` + table + ` r WHERE r.contact_id = c.id)`
		}
		return `EXISTS (SELECT 1 FROM ` + table + ` r WHERE r.contact_id = c.id AND ` + cond + `)`
	}
	if cond == "" {
		// Read in contact order, which SQLite's list of IDs takes by
		// appending: the emails' narrowest index is by address (schema
		// 25 has no index of them by contact but the table), and a
		// million IDs inserted in the addresses' order took 1.3 s
		// rather than 0.25 (has:email tag:vip 1.7 s, was 0.7).
		return `c.id IN (SELECT contact_id FROM ` + table + ` ORDER BY contact_id)`
	}
	return `c.id IN (SELECT contact_id FROM ` + table + ` WHERE ` + cond + `)`
}

// textColumns maps the qualifiers that search words inside text to their
// full-text columns; matching is by word prefix, case- and accent-
// insensitive, exactly as free words are.
var textColumns = map[string]string{
	"name":       "{first middle last nickname prefix suffix}",
	"first":      "first",
	"middle":     "middle",
	"last":       "last",
	"nickname":   "nickname",
	"prefix":     "prefix",
	"suffix":     "suffix",
	"company":    "company",
	"title":      "title",
	"department": "department",
	"city":       "city",
	"email":      "email",
}

// MaxQueryTerms bounds the conditions of one query (see buildWhere).
const MaxQueryTerms = 2000

// startsFromIndex reports whether t finds contacts through the full-text
// or the phone-digit index: a positive word, text qualifier or number.
func startsFromIndex(t query.Term) bool {
	if t.Negate {
		return false
	}
	if _, ok, err := ftsExpr(t); ok && err == nil {
		return true
	}
	return t.Key == "" || t.Key == "phone" || t.Key == "tel"
}

// buildWhere turns a filter into one SQL condition with bound parameters
// only: no value from the user is ever written into the SQL text. Full-text
// expressions are bound parameters too, with every user word quoted.
// correlated chooses the form of conditions on related tables (see
// related).
func (d *DB) buildWhere(f contact.Filter, correlated bool) (selection, error) {
	q, err := query.Parse(f.Query)
	if err != nil {
		return selection{}, err
	}
	var (
		conds         []string
		args          []any
		byID          []string
		byIDArgs      []any
		fts           []string
		wantsDeleted  bool
		wantsArchived = f.IncludeArchived
		indexed       bool
		phoneRank     []string
		phoneEnds     []string
		phoneRankArgs []any
		phoneEndArgs  []any
	)
	// Each term, and each comma value of most qualifiers, is a condition
	// SQLite compiles on its own (a subquery is about 110 KB): a bound
	// keeps a hostile query, or a view built from a file, from taking
	// gigabytes. id: lists and the ASCII values of a tag: list are one
	// condition, whatever their length; a tag with other letters is one
	// of its own (termSQL). A phone number is looked for in as many
	// subqueries as it counts (termSQL): a free one in the phone digits,
	// the text and in international form (3; 2,000 of them took 645 MB
	// and 10 s when they counted once), a phone: value in the digits and
	// in international form (2). They are counted once joined (+44 20
	// 7946 0958 is one number), and in every region alike, so that a
	// query is refused or not whatever the profile.
	terms := uniqueTerms(joinPhoneWords(q.Terms))
	cost := 0
	for _, t := range terms {
		cost++
		switch t.Key {
		case "id":
		case "tag":
			for _, v := range t.Values {
				if !isASCII(v) {
					cost++
				}
			}
		case "":
			if _, phone := phoneLike(t.Values[0]); phone {
				cost += 2
			}
		case "phone":
			cost += 2*len(t.Values) - 1
		default:
			cost += len(t.Values) - 1
		}
		// Each word of a quoted phrase counts: where names are searched
		// it is looked for on its own too (ftsValue), and a phrase of
		// 30,000 words took 18 s and 330 MB.
		if t.Key == "" || t.Key == "field" || textColumns[t.Key] != "" {
			for _, v := range t.Values {
				if _, phone := phoneLike(v); !phone {
					cost += max(0, len(strings.Fields(v))-1)
				}
			}
		}
	}
	if cost > MaxQueryTerms {
		return selection{}, contact.Errorf(contact.EINVALID, "query: too many terms (%d; at most %d words, qualifiers and comma-separated values, a phone number counting 3 and a phone: value 2, an id: list and the ASCII values of a tag: list once)", cost, MaxQueryTerms)
	}
	// A query with a positive word or phone number starts from the few
	// contacts the index finds: its conditions on related tables check
	// each of them (EXISTS) rather than list every contact with a row (IN),
	// which SQLite would start from instead (fischer has:email read the
	// row of every contact with an email: 4,000 more pages on 100,000).
	exists := correlated || slices.ContainsFunc(terms, startsFromIndex)
	// A query with a positive word, or text qualifier, starts from the
	// contacts the full-text index finds: its phone numbers are checked
	// on each of them too (phoneCheckSQL), and where the listing joins
	// the ranked matches (f), on the match, before the contact's row is
	// read (joined).
	fromWords := phonesEach && slices.ContainsFunc(terms, func(t query.Term) bool {
		_, ok, err := ftsExpr(t)
		return ok && err == nil && !t.Negate
	})
	joined := map[int]string{}
	ownIndex := f.Scope == contact.ScopeDeleted
	for _, t := range terms {
		if t.Key == "is" && !t.Negate {
			for _, v := range t.Values {
				switch v = strings.ToLower(v); v {
				case "deleted":
					wantsDeleted = true
				case "archived":
					wantsArchived = true
				}
				ownIndex = ownIndex || len(t.Values) == 1 && (v == "deleted" || v == "archived")
			}
		}
		// Words and text qualifiers go to the full-text index; positive
		// ones are combined into one expression the index intersects.
		if expr, ok, err := ftsExpr(t); err != nil {
			return selection{}, err
		} else if ok {
			if t.Negate {
				conds = append(conds, `c.id NOT IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)`)
				args = append(args, expr)
			} else {
				fts = append(fts, expr)
			}
			continue
		}
		var cond, joinedCond string
		var targs []any
		if fromWords && (t.Key == "" || t.Key == "phone") {
			// The same condition, and arguments, on the ranked match the
			// contact is joined on: checked before its row is read.
			cond, targs, err = d.phoneTermSQL(t, "c.id")
			joinedCond, _, _ = d.phoneTermSQL(t, "f.fts_id")
		} else {
			cond, targs, err = d.termSQL(t, exists)
		}
		if err != nil {
			return selection{}, err
		}
		if t.Negate {
			// A condition on a value a contact lacks (activity:>30d with
			// no interaction) is NULL, and so is its NOT: the contact
			// would be in neither the term's list nor its negation's.
			cond = "NOT COALESCE((" + cond + "), 0)"
			if joinedCond != "" {
				joinedCond = "NOT COALESCE((" + joinedCond + "), 0)"
			}
		} else if t.Key == "" || t.Key == "phone" || t.Key == "tel" {
			indexed = true
		}
		if !t.Negate && t.Key == "" && len(phoneRank) < maxRankedPhones {
			cond, args := d.phoneRankSQL(t.Values[0], fromWords)
			phoneRank = append(phoneRank, "("+cond+")")
			phoneRankArgs = append(phoneRankArgs, args...)
			digits, _ := phoneLike(t.Values[0])
			end, endArgs := phoneListSQL("%" + digits)
			if fromWords {
				end, endArgs = phoneRowSQL, []any{"%" + digits}
			}
			phoneEnds = append(phoneEnds, "("+end+")")
			phoneEndArgs = append(phoneEndArgs, endArgs...)
		}
		if correlated && onlyByID(cond) {
			byID = append(byID, cond)
			byIDArgs = append(byIDArgs, targs...)
			continue
		}
		if joinedCond != "" {
			joined[len(conds)] = joinedCond
		}
		conds = append(conds, cond)
		args = append(args, targs...)
	}
	if !wantsDeleted {
		switch f.Scope {
		case contact.ScopeDeleted:
			conds = append(conds, "c.deleted_at IS NOT NULL")
		case contact.ScopeActive:
			conds = append(conds, "c.deleted_at IS NULL")
		}
	}
	// The trash holds archived contacts too: asking for it (is:deleted, as
	// rolo trash does) asks for them all; out of the trash, archived
	// contacts stay hidden (is:deleted,favorite).
	switch {
	case wantsArchived || f.Scope == contact.ScopeDeleted:
	case wantsDeleted:
		conds = append(conds, "(c.archived_at IS NULL OR c.deleted_at IS NOT NULL)")
	default:
		conds = append(conds, "c.archived_at IS NULL")
	}
	if len(f.IDs) > 0 {
		conds = append(conds, "c.id IN ("+placeholders(len(f.IDs))+")")
		args = append(args, int64Args(f.IDs)...)
	}
	if f.IDPrefix > 0 {
		// One range of IDs per length: p, p0-p9, p00-p99, ...
		var ranges []string
		for lo, n := f.IDPrefix, int64(1); ; lo, n = lo*10, n*10 {
			ranges = append(ranges, "c.id BETWEEN ? AND ?")
			args = append(args, lo, lo+n-1)
			if lo > math.MaxInt64/10-10 || n > math.MaxInt64/10 {
				break
			}
		}
		conds = append(conds, "("+balanced(ranges, "OR")+")")
	}
	sel := selection{filter: "1", indexed: indexed || len(fts) > 0, byID: balanced(byID, "AND"), byIDArgs: byIDArgs, ownIndex: ownIndex, terms: cost}
	if len(phoneRank) > 0 {
		sel.phoneRank, sel.phoneEnds = strings.Join(phoneRank, " + "), strings.Join(phoneEnds, " + ")
		sel.phoneRankArgs = append(phoneRankArgs, phoneEndArgs...)
	}
	if len(conds) > 0 {
		sel.filter, sel.filterArgs = balanced(conds, "AND"), args
	}
	sel.joined = sel.filter
	if len(joined) > 0 {
		conds = slices.Clone(conds)
		for i, cond := range joined {
			conds[i] = cond
		}
		sel.joined = balanced(conds, "AND")
	}
	sel.where, sel.args = sel.filter, sel.filterArgs
	if len(fts) > 0 {
		sel.match = strings.Join(fts, " AND ")
		sel.where = sel.filter + ` AND c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)`
		sel.args = append(slices.Clip(sel.filterArgs), sel.match)
	}
	return sel, nil
}

// maxRankedPhones bounds the phone-like words search ranks by (phoneRank):
// each is compiled once more for the ranking, and a query of a thousand
// numbers (a script's) needs no finer order than its first few give.
const maxRankedPhones = 16

// uniqueTerms is terms without the repeats of a term, and a phone: term
// without the repeats of a value, which would only be compiled and
// checked again for the same answer (a script's query that names a number
// twice): terms ANDed and values ORed, a repeat changes nothing. The first
// of each is kept, in order. Other qualifiers keep their values: field:'s
// depend on the ones before them, and a date qualifier refuses a list.
func uniqueTerms(terms []query.Term) []query.Term {
	seen := make(map[string]bool, len(terms))
	out := make([]query.Term, 0, len(terms))
	for _, t := range terms {
		if t.Key == "phone" && len(t.Values) > 1 {
			values := make([]string, 0, len(t.Values))
			had := make(map[string]bool, len(t.Values))
			for _, v := range t.Values {
				if !had[v] {
					had[v] = true
					values = append(values, v)
				}
			}
			t.Values = values
		}
		key := fmt.Sprintf("%t %s %s %q", t.Negate, t.Key, t.Op, t.Values)
		if !seen[key] {
			seen[key] = true
			out = append(out, t)
		}
	}
	return out
}

// onlyByID reports whether a condition refers to the contact only by its
// ID (c.id), as the correlated conditions on related tables do. It decides
// only where firstByName checks a condition, never whether: its subquery
// names the same contact c, so a condition placed there holds or fails
// exactly as it would outside.
func onlyByID(cond string) bool {
	return !strings.Contains(strings.ReplaceAll(cond, "c.id", ""), "c.")
}

// ftsPhrase quotes a user value as an FTS5 phrase with a prefix match on
// its last word; quoting makes every character literal to FTS5.
func ftsPhrase(v string) string { return exactPhrase(v) + "*" }

// wholeOrPrefix is exactPhrase or ftsPhrase of v, for ranking. The
// positive expression a search ranks by is made of these pairs alone, in
// this order: rolo_rank (rank.c) scores each pair as one term, the whole
// word ranking above a prefix in the same field.
func wholeOrPrefix(v string) string {
	return "(" + exactPhrase(v) + " OR " + ftsPhrase(v) + ")"
}

// exactPhrase is ftsPhrase without the prefix match. The value's accents
// are folded as the indexed text's are (contact_search_doc): σοφια finds
// Σοφία, королев Королёв.
func exactPhrase(v string) string {
	return `"` + strings.ReplaceAll(contact.FoldAccents(v), `"`, `""`) + `"`
}

func hasWord(v string) bool {
	return strings.IndexFunc(v, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// phoneLike reports whether a free word is (part of) a phone number: 3 or
// more digits and nothing else but phone punctuation.
func phoneLike(w string) (string, bool) {
	digits := 0
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+-(). /", r):
		default:
			return "", false
		}
	}
	if digits < 3 {
		return "", false
	}
	return contact.Digits(w), true
}

// joinPhoneWords makes one phone number of the free words a number written
// in groups is split into, as people write them: "+1 415 555 0123", "+44 20
// 7946 0958", "020 7946 0958", "(020) 7946 0958", "+44 (0)20 7946 0958".
// Only runs that start with + or 0, or (0 (a whole number), or have a
// group of fewer than 3 digits ("+1", "20") are joined; other words of 3
// or more digits each are still ANDed, as "415 555" always was.
func joinPhoneWords(terms []query.Term) []query.Term {
	terms = asciiPhoneWords(terms)
	out := make([]query.Term, 0, len(terms))
	for i := 0; i < len(terms); {
		j, short := i, false
		for j < len(terms) && phoneGroup(terms[j], j == i) {
			short = short || len(contact.Digits(terms[j].Values[0])) < 3
			j++
		}
		// A whole number starts with its + or its trunk 0, which may be
		// in parentheses: "(020) 7946 0958".
		first := strings.TrimLeft(terms[i].Values[0], "(")
		whole := strings.HasPrefix(first, "+") || strings.HasPrefix(first, "0")
		if j-i < 2 || !(short || whole) {
			out = append(out, terms[i])
			i++
			continue
		}
		words := make([]string, 0, j-i)
		for _, t := range terms[i:j] {
			words = append(words, t.Values[0])
		}
		joined := strings.Join(words, " ")
		t := query.Term{Values: []string{joined}, Raw: joined, Negate: terms[i].Negate}
		if t.Negate {
			t.Raw = "-" + joined // -+44 20 7946 0958: not that number
		}
		out = append(out, t)
		i = j
	}
	return out
}

// asciiPhoneWords writes the free words that are phone numbers, or groups
// of one, in another script's digits or in full-width characters (＋９７１,
// ٩٧١) in ASCII, as add and lookup read them, before anything counts their
// digits.
func asciiPhoneWords(terms []query.Term) []query.Term {
	cloned := false
	for i, t := range terms {
		if t.Key != "" || len(t.Values) != 1 {
			continue
		}
		a := contact.ASCIIDigits(t.Values[0])
		if a == t.Values[0] || !phoneChars(a) {
			continue
		}
		if !cloned {
			terms, cloned = slices.Clone(terms), true
		}
		t.Raw = strings.Replace(t.Raw, t.Values[0], a, 1)
		t.Values = []string{a}
		terms[i] = t
	}
	return terms
}

// phoneGroup reports whether t is a free word, not quoted, of digits and
// phone punctuation only; only the first of a run may be negated.
func phoneGroup(t query.Term, first bool) bool {
	if t.Key != "" || len(t.Values) != 1 {
		return false
	}
	raw := t.Raw
	if t.Negate {
		if !first {
			return false
		}
		raw = strings.TrimPrefix(raw, "-")
	}
	if raw != t.Values[0] {
		return false
	}
	return phoneChars(t.Values[0])
}

// phoneChars reports whether w is written as (a group of) a phone number:
// ASCII digits and phone punctuation only.
func phoneChars(w string) bool {
	return strings.ContainsAny(w, "0123456789") && strings.Trim(w, "0123456789+-()./") == ""
}

// ftsExpr returns the full-text expression for a free word or a text
// qualifier; ok is false for other terms (and for phone-like words, which
// termSQL matches against phone digits as well as the text).
func ftsExpr(t query.Term) (string, bool, error) {
	if t.Key == "" {
		w := t.Values[0]
		if _, phone := phoneLike(w); phone {
			return "", false, nil
		}
		if !hasWord(w) {
			return "", false, invalidTerm(t, "has no letters or digits to search for")
		}
		if !strings.ContainsFunc(w, unicode.IsSpace) {
			// The whole word as well as the prefix: the same contacts,
			// but one that has the word itself in a field ranks above
			// those that only start with it there (John Smith before
			// John Smithers).
			return wholeOrPrefix(w), true, nil
		}
		return ftsValue("", w), true, nil
	}
	col, ok := textColumns[t.Key]
	values := t.Values
	if t.Key == "field" {
		pairs, err := fieldPairs(t)
		if err != nil {
			return "", false, err
		}
		var parts []string
		for _, p := range pairs {
			c, text := textColumns[p.field]
			if !text {
				return "", false, nil // termSQL compares them all
			}
			if !hasWord(p.value) {
				return "", false, invalidTerm(t, "has no letters or digits to search for")
			}
			parts = append(parts, ftsValue(c, p.value))
		}
		return "(" + strings.Join(parts, " OR ") + ")", true, nil
	}
	if !ok {
		return "", false, nil
	}
	if t.Op != ":" {
		return "", false, invalidTerm(t, "does not take a comparison ("+t.Op+"); only created, updated, activity and birthday do")
	}
	parts := make([]string, len(values))
	for i, v := range values {
		if !hasWord(v) {
			return "", false, invalidTerm(t, "has no letters or digits to search for")
		}
		parts[i] = ftsValue(col, v)
	}
	return "(" + strings.Join(parts, " OR ") + ")", true, nil
}

type fieldPair struct{ field, value string }

// qualifierFields are the scalar fields of a contact's JSON that field:
// takes besides contact.LookupField's, by the name of their qualifier or
// by their JSON key (query.Canonical): field:owner=ada is owner:ada,
// field:created_at=2026-06-01 is created:2026-06-01.
var qualifierFields = []string{"id", "uid", "name", "owner", contact.FieldVisibility, "created", "updated", "activity", "channel"}

// fieldPairNames lists the fields field: takes, for its error message.
func fieldPairNames() []string {
	names := append(contact.FieldNames(), qualifierFields...)
	slices.Sort(names)
	return names
}

// fieldPairs reads field:'s values, each FIELD=VALUE; a value without a
// field is the previous one's (field:first=emma,olivia, as first:emma,olivia).
func fieldPairs(t query.Term) ([]fieldPair, error) {
	var out []fieldPair
	prev := ""
	for _, v := range t.Values {
		if name, val, ok := strings.Cut(v, "="); ok {
			if f, known := contact.LookupField(name); known {
				prev = f.Name
				out = append(out, fieldPair{f.Name, val})
				continue
			}
			// The other scalar fields of a contact (field:VALUE is for
			// any) are not in contact.LookupField, which lists those
			// edit --set takes: they match as their qualifier does.
			if q, known := query.Canonical(name); known && slices.Contains(qualifierFields, q) {
				prev = q
				out = append(out, fieldPair{prev, val})
				continue
			}
		}
		if prev == "" {
			return nil, invalidTerm(t, "needs FIELD=VALUE with a field among "+strings.Join(fieldPairNames(), ", "))
		}
		out = append(out, fieldPair{prev, v})
	}
	return out, nil
}

// ftsValue is the expression for one value searched in col ("" for every
// column): a phrase. A phrase stays within one column, and a quoted name,
// "Zoë Müller", is a first and a last name: so a value of several words
// where names are searched also matches with each word in a name column
// (their order aside).
//
// Each phrase is the whole words or the last one's prefix, both: the
// contacts are the same, but one with the whole words ranks above those
// whose words only start with them in the same field (last:lovelace finds
// Ada Lovelace before Adaline Lovelaceson), as a free word does.
func ftsValue(col, v string) string {
	phrase := wholeOrPrefix(v)
	if col != "" {
		phrase = col + " : " + phrase
	}
	names := textColumns["name"]
	if col != "" && col != names {
		return phrase
	}
	var words []string
	for _, w := range strings.Fields(v) {
		if hasWord(w) {
			words = append(words, wholeOrPrefix(w))
		}
	}
	if len(words) < 2 {
		return phrase
	}
	return "(" + phrase + " OR " + names + " : (" + strings.Join(words, " AND ") + "))"
}

// anyOf ORs one condition over a term's comma-separated values.
func anyOf(values []string, cond func(v string) (string, []any, error)) (string, []any, error) {
	var parts []string
	var args []any
	for _, v := range values {
		c, a, err := cond(v)
		if err != nil {
			return "", nil, err
		}
		parts = append(parts, c)
		args = append(args, a...)
	}
	return "(" + balanced(parts, "OR") + ")", args, nil
}

// balanced joins conditions with op as a balanced tree of parentheses.
// SQLite parses a chain "a OR b OR c ..." as a tree as deep as it is long,
// and refuses one over 1,000 deep ("Expression tree is too large"): a
// script's id: list of a thousand IDs. The order of the conditions, and so
// of the bound parameters, is kept.
func balanced(parts []string, op string) string {
	const flat = 16
	if len(parts) <= flat {
		return strings.Join(parts, " "+op+" ")
	}
	mid := len(parts) / 2
	return "(" + balanced(parts[:mid], op) + ") " + op + " (" + balanced(parts[mid:], op) + ")"
}

// likeArg escapes a value for a LIKE '%...%' match.
func likeArg(v string) string { return "%" + likeEscape(v) + "%" }

// likePrefix escapes a value for a LIKE 'v...' match; more, written as it
// is, must follow v before the wildcard (lang:en matches en-...).
func likePrefix(v, more string) string { return likeEscape(v) + more + "%" }

func likeEscape(v string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(v)
}

func invalidTerm(t query.Term, why string) error {
	return contact.Errorf(contact.EINVALID, "query: %s %s", contact.Quote(t.Raw), why)
}

func comparable(key string) bool {
	return key == "created" || key == "updated" || key == "activity" || key == "birthday"
}

// phoneDigitsSQL finds contacts with a phone containing digits, through
// the trigram index: the list of them all, which a query starts from.
// SQLite reads the row of each number the index finds twice, to compare
// it with the LIKE pattern (through the index's content table) and for
// its contact: phoneListSQL reads it once.
const phoneDigitsSQL = `c.id IN (SELECT contact_id FROM contact_phones WHERE id IN (SELECT rowid FROM phone_digits WHERE digits LIKE ?))`

// phoneMatch says that phoneListSQL asks the trigram index for its
// matches alone; tests turn it off to compare with phoneDigitsSQL.
var phoneMatch = true

// phoneListSQL is phoneDigitsSQL for the LIKE pattern (digits and %),
// and its arguments: the numbers the trigram index finds for it
// (trigramMatch, read from the index alone), each compared with the
// pattern on the row that gives its contact. The 61,000 numbers with 415
// among a million contacts take 35 ms rather than 100.
func phoneListSQL(pattern string) (string, []any) {
	tri := trigramMatch(pattern)
	if tri == "" || !phoneMatch {
		return phoneDigitsSQL, []any{pattern}
	}
	return matchedPhonesSQL("c.id"), []any{tri, pattern}
}

// matchedPhonesSQL is the condition that the contact id (an expression)
// is among those of the numbers the trigram index finds for a MATCH and
// whose digits are LIKE a pattern, the two arguments in that order. The
// digits are read through the view contact_phone_digits, as the index
// reads them: contact_phones stores most of them as "" (schema 28).
func matchedPhonesSQL(id string) string {
	return id + ` IN (SELECT contact_id FROM contact_phone_digits WHERE id IN (SELECT rowid FROM phone_digits WHERE phone_digits MATCH ?) AND digits LIKE ?)`
}

// ownPhoneSQL is the condition that the contact id (an expression) has a
// phone number whose digits are LIKE a pattern, read from its own rows
// through the index on their contact (and the view that gives their
// digits in full, see matchedPhonesSQL).
func ownPhoneSQL(id string) string {
	return `EXISTS (SELECT 1 FROM contact_phone_digits p WHERE p.contact_id = ` + id + ` AND p.digits LIKE ?)`
}

// A query that starts from the contacts its words find (john 555, aaron
// -415) checks the phone numbers of those contacts instead
// (phoneCheckSQL): phoneDigitsSQL's list of every number with 555 or 415
// in it reads the row of each (415, an area code, is in 61,000 numbers
// of a million contacts: 100 ms, and as much again to rank by it), to
// keep those of the few thousand contacts named John or Aaron.

// phonesEach says that a query with a word checks phone numbers contact
// by contact (phoneCheckSQL); tests turn it off to compare with the list.
var phonesEach = true

// manyPhonesPer is the share of the contacts, one in this many, from
// which a number's digits are found in so many phone numbers that
// phoneCheckSQL checks each contact's numbers rather than list theirs (a
// variable, so that tests can have either way taken).
var manyPhonesPer = 40

// phoneCheckSQL is the condition that the contact id (c.id, or the
// ranked match f.fts_id that a listing joins it on) has a phone number
// whose digits are LIKE pattern (digits and %), for a query that starts
// from the few contacts another index finds. The trigram index counts
// the numbers that hold every three digits in a row of the pattern
// (trigramMatch), reading the index alone. If they are few (fewer than
// one per manyPhonesPer contacts), the condition is the list of their
// contacts, from the rows of those numbers alone; if they are many, each
// contact's own numbers are read, through the index on their contact.
// Either way a number is compared with the pattern itself, as
// phoneDigitsSQL compares it: the same contacts match.
func phoneCheckSQL(id, pattern string) (string, []any) {
	each := ownPhoneSQL(id)
	tri := trigramMatch(pattern)
	if tri == "" {
		return each, []any{pattern}
	}
	many := `(SELECT coalesce(max(id), 0) / ` + strconv.Itoa(manyPhonesPer) + ` FROM contacts)`
	return `CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM phone_digits WHERE phone_digits MATCH ? LIMIT ` + many + `)) < ` + many +
			` THEN ` + matchedPhonesSQL("+"+id) +
			` ELSE ` + each + ` END`,
		[]any{tri, tri, pattern, pattern}
}

// trigramMatch is the expression for the trigram index that every phone
// number whose digits are LIKE pattern (digits and %) matches, as SQLite
// asks the index for a LIKE: each three digits in a row of the pattern,
// ANDed. It is "" for a pattern without three digits in a row.
func trigramMatch(pattern string) string {
	var tri []string
	for _, part := range strings.Split(pattern, "%") {
		for i := 0; i+3 <= len(part); i++ {
			if t := `"` + part[i:i+3] + `"`; !slices.Contains(tri, t) {
				tri = append(tri, t)
			}
		}
	}
	return strings.Join(tri, " AND ")
}

// phoneRowSQL is the condition that the contact c has a phone number
// whose digits are LIKE a pattern, read from the contact's own rows: what
// ranks the contacts a query found (see phoneRankSQL).
var phoneRowSQL = ownPhoneSQL("c.id")

// phoneHasSQL is the condition that a contact has a phone number whose
// digits are LIKE one of patterns: phoneListSQL's list with id "", else
// phoneCheckSQL's check of the contact id.
func phoneHasSQL(id string, patterns []string) (string, []any) {
	parts := make([]string, len(patterns))
	var args []any
	for i, p := range patterns {
		if id == "" {
			cond, a := phoneListSQL(p)
			parts[i] = cond
			args = append(args, a...)
			continue
		}
		cond, a := phoneCheckSQL(id, p)
		parts[i] = "(" + cond + ")"
		args = append(args, a...)
	}
	if len(parts) == 1 {
		return parts[0], args
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// intlDigits returns the LIKE pattern of the digits a phone number v (with
// digits its digits) is stored under when they are not its own, read as
// add would read it. A whole number in national form with its trunk 0
// (020 7946 0958 in the UK), read in the profile's region, or one written
// with its + and the trunk 0 in parentheses (+44 (0)20 7946 0958), read as
// it says, is its E.164 digits. A part of a number that starts with the
// region's trunk prefix (020 7946) starts the E.164 digits of the numbers
// it is part of, with the country code in place of the prefix (44207946),
// as does a part written with its + and (0) (+44 (0)20 7946). Anything
// else (4155550, a part of a number from its middle) is matched by its
// digits alone.
func (d *DB) intlDigits(v, digits string) (string, bool) {
	v = strings.TrimSpace(v)
	plus := strings.Contains(v, "+")
	national := strings.HasPrefix(digits, "0") && len(digits) >= 7 && !plus
	if national || contact.MarkedAsPhone(v) {
		// libphonenumber keeps every digit of what it does not read as
		// a whole number (0207946 in GB is +440207946): only a number it
		// read otherwise (a trunk prefix dropped) is one.
		if e164, err := contact.NormalizePhone(v, d.region); err == nil {
			if intl := strings.TrimPrefix(e164, "+"); !strings.HasSuffix(intl, digits) {
				return "%" + intl + "%", true
			}
		}
	}
	if !plus {
		if intl, ok := contact.TrunkAsCountryCode(digits, d.region); ok {
			return intl + "%", true
		}
		return "", false
	}
	if before, after, ok := strings.Cut(v, "(0)"); ok && contact.MarkedAsPhone(v) && strings.HasPrefix(before, "+") {
		return contact.Digits(before+after) + "%", true
	}
	return "", false
}

// phonePatterns are the LIKE patterns of the digits of the phone
// numbers that a phone number v, with digits its digits, is part of: its
// digits anywhere, and in international form (intlDigits).
func (d *DB) phonePatterns(v, digits string) []string {
	patterns := []string{"%" + digits + "%"}
	if intl, ok := d.intlDigits(v, digits); ok {
		patterns = append(patterns, intl)
	}
	return patterns
}

// phoneRankSQL is the condition that the contact c has a phone number
// holding the digits of w, a phone-like free word (phoneLike), in
// international form too, and its arguments; each says that a contact
// ranks higher than one that has the word only in its text. With each,
// the query starts from another index (a word), and the few contacts it
// found are checked one at a time rather than against a list of all the
// contacts with the number (see phoneCheckSQL).
func (d *DB) phoneRankSQL(w string, each bool) (string, []any) {
	digits, _ := phoneLike(w)
	patterns := d.phonePatterns(w, digits)
	if !each {
		return phoneHasSQL("", patterns)
	}
	parts := make([]string, len(patterns))
	args := make([]any, len(patterns))
	for i, p := range patterns {
		parts[i], args[i] = phoneRowSQL, p
	}
	return strings.Join(parts, " OR "), args
}

// phoneTermSQL is termSQL's condition for a phone-like free word or a
// phone: term: with id "", the list of the contacts that have the number
// (phoneDigitsSQL), which a query starts from; otherwise the check of the
// contact id, one at a time, for a query that starts from another index
// (phoneCheckSQL).
func (d *DB) phoneTermSQL(t query.Term, id string) (string, []any, error) {
	if t.Key == "" {
		// A phone-like word: its digits anywhere in a phone number, or
		// the word itself anywhere in the text (a zip code, an attribute).
		w := t.Values[0]
		digits, _ := phoneLike(w)
		cond, args := phoneHasSQL(id, d.phonePatterns(w, digits))
		text := `c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)`
		if id != "" {
			text = `+` + id + ` IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)`
		}
		return `(` + cond + ` OR ` + text + `)`, append(args, ftsPhrase(w)), nil
	}
	return anyOf(t.Values, func(v string) (string, []any, error) {
		v, ok := contact.QueryNumber(v)
		if !ok {
			return "", nil, invalidTerm(t, "has letters: a number is read with vanity letters only in capitals after its first four digits (1-800-FLOWERS)")
		}
		digits := contact.Digits(v)
		if len(digits) < 3 {
			return "", nil, invalidTerm(t, "needs at least 3 digits")
		}
		cond, args := phoneHasSQL(id, d.phonePatterns(v, digits))
		return cond, args, nil
	})
}

func (d *DB) termSQL(t query.Term, correlated bool) (string, []any, error) {
	if t.Key != "" && t.Op != ":" && !comparable(t.Key) {
		return "", nil, invalidTerm(t, "does not take a comparison ("+t.Op+"); only created, updated, activity and birthday do")
	}
	switch t.Key {
	case "", "phone":
		return d.phoneTermSQL(t, "")
	case "tel":
		// A tel: URI (RFC 3966), as vCards and web pages write numbers,
		// is a whole number, read as lookup reads it: the contacts with
		// it, whatever their formatting.
		return anyOf(t.Values, func(v string) (string, []any, error) {
			e164, err := contact.NormalizePhone(contact.FromTelURI(v), d.region)
			if err != nil {
				return "", nil, invalidTerm(t, "is not a phone number")
			}
			cond, args := phoneListSQL("%" + strings.TrimPrefix(e164, "+") + "%")
			return cond, args, nil
		})
	case "tag":
		// One subquery for all the ASCII values, which the NOCASE index
		// matches: SQLite compiles each subquery on its own (about 110 KB
		// a value, 2 GB for 20,000). A value with other letters is
		// compared by its case-folded key (nonASCIITagSQL), each on its own.
		var ascii []any
		var other []string
		for _, v := range t.Values {
			if isASCII(v) {
				ascii = append(ascii, v)
			} else {
				other = append(other, v)
			}
		}
		var parts []string
		var args []any
		switch {
		case len(ascii) > maxListArgs:
			// A longer list is one JSON array, one parameter, as an id:
			// list is: SQLite refuses more than 32,766 parameters.
			parts = append(parts, related(correlated, "contact_tags", "tag COLLATE NOCASE IN (SELECT value FROM json_each(?))"))
			args = append(args, jsonArray(ascii))
		case len(ascii) > 0:
			marks := strings.TrimSuffix(strings.Repeat("?,", len(ascii)), ",")
			parts = append(parts, related(correlated, "contact_tags", "tag COLLATE NOCASE IN ("+marks+")"))
			args = append(args, ascii...)
		}
		for _, v := range other {
			parts = append(parts, nonASCIITagSQL(v, correlated))
			args = append(args, nonASCIITagArgs(v)...)
		}
		return "(" + balanced(parts, "OR") + ")", args, nil
	case "type", "level":
		allowed := contact.Types
		if t.Key == "level" {
			allowed = contact.Levels
		}
		return anyOf(t.Values, func(v string) (string, []any, error) {
			v = strings.ToLower(v)
			for _, a := range allowed {
				if a == v {
					return "c." + t.Key + " = ?", []any{v}, nil
				}
			}
			return "", nil, invalidTerm(t, "must be one of "+strings.Join(allowed, ", "))
		})
	case "owner":
		// Where conditions are checked contact by contact (correlated:
		// the walk in name order, or a query another index starts from),
		// the owner index must not be used: in the walk SQLite would read
		// every contact of an owner who has most of them (a million) to
		// sort them, rather than the page's share of the name index.
		col := "c.owner_id"
		if correlated {
			col = "+c.owner_id"
		}
		return anyOf(t.Values, func(v string) (string, []any, error) {
			// A login in any case (team add makes them lower case; a
			// first user from $USER keeps its own): owner:ME is me.
			if strings.EqualFold(v, "me") {
				return col + " = ?", []any{d.actor.ID}, nil
			}
			return col + ` IN (SELECT id FROM users WHERE login = ? COLLATE NOCASE)`, []any{v}, nil
		})
	case "country":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			code, err := contact.NormalizeCountry(v)
			if err != nil {
				return "", nil, invalidTerm(t, "needs an ISO 3166 country name or code")
			}
			return related(correlated, "contact_addresses", "country = ?"), []any{code}, nil
		})
	case "lang", "language":
		// language: is lang: by its field's name (and field:language=).
		return anyOf(t.Values, func(v string) (string, []any, error) {
			v, err := contact.NormalizeLanguage(v)
			if err != nil {
				return "", nil, invalidTerm(t, "needs a language tag (examples: en, fr-CA)")
			}
			// lang:en matches en, en-GB, en-US...
			return `(c.language = ? COLLATE NOCASE OR c.language LIKE ? ESCAPE '\')`, []any{v, likePrefix(v, "-")}, nil
		})
	case "channel":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			v = strings.ToLower(v)
			switch v {
			case "call", "sms", "email", "chat", "meeting", "whatsapp", "other":
				return "c.last_channel = ?", []any{v}, nil
			}
			return "", nil, invalidTerm(t, "must be one of call, sms, email, chat, meeting, whatsapp, other")
		})
	case "id":
		// A script's list of IDs is one JSON array, one parameter of one
		// subquery: as an OR of comparisons, 20,000 IDs took 6 s, and
		// more than 32,766 were refused as too many SQL variables.
		list := make([]byte, 0, 8*len(t.Values))
		var id int64
		for i, v := range t.Values {
			var ok bool
			if id, ok = contact.ParseID(v); !ok {
				return "", nil, invalidTerm(t, "needs a numeric ID")
			}
			if i > 0 {
				list = append(list, ',')
			}
			list = strconv.AppendInt(list, id, 10)
		}
		if len(t.Values) == 1 {
			return "c.id = ?", []any{id}, nil
		}
		return "c.id IN (SELECT value FROM json_each(?))", []any{"[" + string(list) + "]"}, nil
	case "uid":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			where, args := contactUIDIs("c", v)
			return where, args, nil
		})
	case "is":
		return anyOf(t.Values, func(v string) (string, []any, error) { return d.isSQL(t, strings.ToLower(v), correlated) })
	case "has":
		return anyOf(t.Values, func(v string) (string, []any, error) { return hasSQL(t, strings.ToLower(v), correlated) })
	case "created", "updated", "activity", "birthday":
		sql := timeSQL
		if t.Key == "birthday" {
			sql = birthdaySQL
		}
		if t.Op != ":" {
			return sql(t, d.now())
		}
		// A comma means OR, as everywhere: birthday:--12-24,--12-25,
		// created:2026-06-01,2026-06-08.
		return anyOf(t.Values, func(v string) (string, []any, error) {
			one := t
			one.Values = []string{v}
			return sql(one, d.now())
		})
	case "field":
		// All text fields went to the full-text index in ftsExpr; here
		// are the others (type, level, visibility, dates, language,
		// timezone), and
		// text fields ORed with them, through the index as well.
		pairs, err := fieldPairs(t)
		if err != nil {
			return "", nil, err
		}
		var parts []string
		var args []any
		for _, p := range pairs {
			if col, text := textColumns[p.field]; text {
				if !hasWord(p.value) {
					return "", nil, invalidTerm(t, "has no letters or digits to search for")
				}
				parts = append(parts, `c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)`)
				args = append(args, ftsValue(col, p.value))
				continue
			}
			c, a, err := d.termSQL(query.Term{Key: p.field, Op: ":", Values: []string{p.value}, Raw: t.Raw}, correlated)
			if err != nil {
				return "", nil, err
			}
			parts, args = append(parts, c), append(args, a...)
		}
		return "(" + balanced(parts, "OR") + ")", args, nil
	case "visibility":
		// visibility:public is is:public, by the field's name.
		return anyOf(t.Values, func(v string) (string, []any, error) {
			v = strings.ToLower(v)
			if v != "public" && v != "private" {
				return "", nil, invalidTerm(t, "must be public or private")
			}
			return "c.visibility = ?", []any{v}, nil
		})
	case "anniversary":
		// A date in any form add takes (06/20/2010 is 2010-06-20), or a
		// day of the year (--06-20), as birthday: reads them.
		return anyOf(t.Values, func(v string) (string, []any, error) {
			norm, err := contact.ParseDate("anniversary", v)
			if err != nil {
				return "", nil, invalidTerm(t, "needs a date (YYYY-MM-DD) or a day (--MM-DD)")
			}
			if strings.HasPrefix(norm, "--") {
				return "(c.anniversary <> '' AND substr(c.anniversary, -5) = ?)", []any{norm[2:]}, nil
			}
			return "c.anniversary = ?", []any{norm}, nil
		})
	case "timezone":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			if _, ok := contact.CanonicalTimezone(v); !ok {
				return "", nil, invalidTerm(t, "needs an IANA time zone (example: Europe/Paris)")
			}
			return "c.timezone = ? COLLATE NOCASE", []any{v}, nil
		})
	}
	if strings.HasPrefix(t.Key, "attr.") {
		key := strings.TrimPrefix(t.Key, "attr.")
		return anyOf(t.Values, func(v string) (string, []any, error) {
			if v == "*" {
				return related(correlated, "contact_attributes", "key = ? COLLATE NOCASE"), []any{key}, nil
			}
			if len(v) > contact.MaxFieldLen {
				// No stored value holds it; and SQLite refuses a LIKE
				// pattern over 50,000 bytes ("pattern too complex").
				return "0", nil, nil
			}
			return related(correlated, "contact_attributes", `key = ? COLLATE NOCASE AND value LIKE ? ESCAPE '\'`), []any{key, likeArg(v)}, nil
		})
	}
	return "", nil, invalidTerm(t, "is not a known qualifier")
}

// maxListArgs is the most values of one list a condition binds as
// parameters of their own; a longer list is one JSON array (jsonArray).
const maxListArgs = 500

// jsonArray writes strings as the JSON array json_each reads.
func jsonArray(values []any) string {
	b, _ := json.Marshal(values)
	return string(b)
}

// nonASCIITagSQL matches a tag with a letter beyond ASCII as
// contact.TagKey does, case folded in every script, as add, edit and tag
// compare tags. (ASCII tags go to one IN list on the index on tags, see
// termSQL.) It is looked for among the tags that start with its first
// letter in any case (É or é), through that index, and compared by
// rolo_tagkey.
func nonASCIITagSQL(v string, correlated bool) string {
	first, _ := utf8.DecodeRuneInString(v)
	ranges := make([]string, len(contact.CaseVariants(first)))
	for i := range ranges {
		ranges[i] = "(tag >= ? COLLATE NOCASE AND tag < ? COLLATE NOCASE)"
	}
	return related(correlated, "contact_tags", "("+strings.Join(ranges, " OR ")+") AND rolo_tagkey(tag) = ?")
}

// nonASCIITagArgs are nonASCIITagSQL's arguments.
func nonASCIITagArgs(v string) []any {
	first, _ := utf8.DecodeRuneInString(v)
	var args []any
	for _, r := range contact.CaseVariants(first) {
		args = append(args, string(r), string(r+1))
	}
	return append(args, contact.TagKey(v))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (d *DB) isSQL(t query.Term, v string, correlated bool) (string, []any, error) {
	switch v {
	case "favorite", "favourite", "starred":
		return related(correlated, "favorites", "user_id = ?"), []any{d.actor.ID}, nil
	case "blocked":
		// Blocked itself, or through a block on a number or email of its
		// that no contact had when it was blocked (lookup screens both).
		// Few contacts are blocked: the set is built once, even where the
		// other qualifiers are checked contact by contact.
		return `c.id IN (SELECT b.cid FROM (` + contactBlocksSQL + `) b WHERE ` + inForceSQL + `)`, []any{d.nowText()}, nil
	case "archived":
		return "c.archived_at IS NOT NULL", nil, nil
	case "deleted":
		return "c.deleted_at IS NOT NULL", nil, nil
	case "public", "private":
		return "c.visibility = ?", []any{v}, nil
	case "shared":
		return related(correlated, "shares", ""), nil, nil
	}
	return "", nil, invalidTerm(t, "needs one of favorite, blocked, archived, public, private, shared, deleted")
}

func hasSQL(t query.Term, v string, correlated bool) (string, []any, error) {
	switch v {
	case "phone":
		return related(correlated, "contact_phones", ""), nil, nil
	case "email":
		return related(correlated, "contact_emails", ""), nil, nil
	case "birthday":
		return `c.birthday <> ''`, nil, nil
	case "notes", "note":
		return related(correlated, "notes", ""), nil, nil
	case "address":
		return related(correlated, "contact_addresses", ""), nil, nil
	case "tags", "tag":
		return related(correlated, "contact_tags", ""), nil, nil
	}
	return "", nil, invalidTerm(t, "needs one of phone, email, birthday, notes, address, tags")
}

var ageRE = lazyre.New(`^(\d+)(h|d|w|mo|y)$`)

// MaxAgeYears bounds an age in a query (created:<100000h): any count of
// any unit reaching back at most this far, which keeps the time
// arithmetic from overflowing.
const MaxAgeYears = 10000

// ParseAge reads a relative age such as 30d, 2w, 6mo, 1y or 12h and
// returns the time that long before now. It reports false for text that
// is not an age, or an age reaching back more than MaxAgeYears. Calendar
// units are counted in UTC, as block --for counts them: 1d is 24 hours
// across a daylight-saving change, whatever the machine's zone.
func ParseAge(v string, now time.Time) (time.Time, bool) {
	m := ageRE().FindStringSubmatch(strings.ToLower(v))
	if m == nil {
		return time.Time{}, false
	}
	now = now.UTC()
	// Hours are the smallest unit: a count of more hours than MaxAgeYears
	// holds is too long in any unit.
	n, err := strconv.Atoi(m[1])
	if err != nil || n > (MaxAgeYears+1)*366*24 {
		return time.Time{}, false
	}
	var at time.Time
	switch m[2] {
	case "h":
		// In whole days and hours: a time.Duration holds only 292 years.
		at = now.AddDate(0, 0, -(n / 24)).Add(-time.Duration(n%24) * time.Hour)
	case "d":
		at = now.AddDate(0, 0, -n)
	case "w":
		at = now.AddDate(0, 0, -7*n)
	case "mo":
		at = contact.AddMonths(now, -n)
	default:
		at = contact.AddMonths(now, -12*n)
	}
	if at.Before(now.AddDate(-MaxAgeYears, 0, 0)) {
		return time.Time{}, false
	}
	return at, true
}

// timeSQL handles created:/updated:/activity: with an absolute date or a
// relative age. With an age the comparison reads as "more/less than N ago":
// activity:>30d is a last interaction more than 30 days ago, created:<7d a
// contact created less than 7 days ago. With a date it compares local
// days: created:2026-06-01 is from that day's local midnight to the next.
func timeSQL(t query.Term, now time.Time) (string, []any, error) {
	col := map[string]string{"created": createdSecondsSQL, "updated": updatedSecondsSQL, "activity": "c.last_activity_at"}[t.Key]
	// The activity is stored as text (timeLayout), the others as seconds.
	bound := func(at time.Time) any { return at.Unix() }
	if t.Key == "activity" {
		bound = func(at time.Time) any { return boundText(at) }
	}
	if len(t.Values) != 1 {
		return "", nil, invalidTerm(t, "compares one date or age, not a list")
	}
	v := t.Values[0]
	if at, ok := ParseAge(v, now); ok {
		b := bound(at)
		switch t.Op {
		case ">": // longer ago than
			return col + " < ?", []any{b}, nil
		case ">=":
			return col + " <= ?", []any{b}, nil
		case "<=":
			return col + " >= ?", []any{b}, nil
		}
		// ":" and "<": within the last N.
		return col + " > ?", []any{b}, nil
	}
	if ageRE().MatchString(strings.ToLower(v)) {
		return "", nil, invalidTerm(t, "reaches back more than "+strconv.Itoa(MaxAgeYears)+" years, the longest age rolo reads")
	}
	// A date is the local day, as tables show times.
	day, dayAfter, ok := contact.LocalDay(v)
	if !ok {
		return "", nil, invalidTerm(t, "needs a date (YYYY-MM-DD) or an age such as 12h, 30d, 2w, 6mo, 1y")
	}
	start := bound(day)
	next := bound(dayAfter)
	switch t.Op {
	case ">":
		return col + " >= ?", []any{next}, nil
	case ">=":
		return col + " >= ?", []any{start}, nil
	case "<":
		return col + " < ?", []any{start}, nil
	case "<=":
		return col + " < ?", []any{next}, nil
	}
	return "(" + col + " >= ? AND " + col + " < ?)", []any{start, next}, nil
}

// boundText writes a date term's bound as stored times are written
// (formatTime). A bound past the year 9999, the day after 9999-12-31 that
// scripts write for "ever", would be written with five digits, which sort
// before every stored time (created:<=9999-12-31 found no one, and
// created:>9999-12-31 everyone): it is written as the end of 9999, after
// them all.
func boundText(t time.Time) string {
	if t.UTC().Year() > 9999 {
		return "9999-12-31T24:00:00Z"
	}
	return formatTime(t)
}

var nextRE = lazyre.New(`^next-(\d+)d$`)

// birthdaySQL handles birthday:next-30d (a birthday in the coming N days,
// today included, year ignored), birthday:--MM-DD, birthday:YYYY-MM-DD and
// comparisons of full dates (birthday:<1980-01-01).
func birthdaySQL(t query.Term, now time.Time) (string, []any, error) {
	if len(t.Values) != 1 {
		return "", nil, invalidTerm(t, "compares one date, not a list")
	}
	v := strings.ToLower(t.Values[0])
	if m := nextRE().FindStringSubmatch(v); m != nil && t.Op == ":" {
		n, err := strconv.Atoi(m[1])
		if err != nil || n < 0 || n > 366 {
			return "", nil, invalidTerm(t, "needs next-Nd with N from 0 to 366")
		}
		// As rolo birthdays --days N: from today, by the local calendar,
		// to today+N, both included.
		// The days are one JSON array, one parameter: a query of many
		// such terms (next-0d to next-366d) would bind more parameters
		// than SQLite takes.
		list := contact.OccasionDays(now.In(time.Local), n)
		return "(c.birthday <> '' AND substr(c.birthday, -5) IN (SELECT value FROM json_each(?)))", []any{jsonArray(stringArgs(list))}, nil
	}
	norm, err := contact.ParseDate("birthday", t.Values[0])
	if err != nil {
		return "", nil, invalidTerm(t, "needs next-Nd, a date (YYYY-MM-DD) or a day (--MM-DD)")
	}
	if strings.HasPrefix(norm, "--") {
		if t.Op != ":" {
			return "", nil, invalidTerm(t, "compares only full dates (YYYY-MM-DD)")
		}
		return "substr(c.birthday, -5) = ?", []any{norm[2:]}, nil
	}
	op := map[string]string{":": "=", "<": "<", ">": ">", "<=": "<=", ">=": ">="}[t.Op]
	return "(c.birthday NOT LIKE '--%' AND c.birthday <> '' AND c.birthday " + op + " ?)", []any{norm}, nil
}

// monthDayIn is the condition "the date in col (YYYY-MM-DD or --MM-DD)
// falls on one of n days of the year (MM-DD)", with n placeholders.
func monthDayIn(col string, n int) string {
	return "(" + col + " <> '' AND substr(" + col + ", -5) IN (" + placeholders(n) + "))"
}

func stringArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// sortColumns maps the names --sort takes (query.SortFields) to SQL. A
// birthday sorts by the calendar, its MM-DD (the last five characters of
// YYYY-MM-DD and of a year-less --MM-DD), year ignored, from January;
// none is empty, first as other fields' empty values are. A type sorts
// in the order of the sales pipeline (lead, prospect, customer, other),
// as the spec lists them, not by the alphabet: the order of its stored
// code (coded.go), as the levels' and the visibilities' codes are of
// their words.
var sortColumns = map[string]string{
	"id": "c.id", "name": "c.display_name COLLATE NOCASE", "first": "c.first_name COLLATE NOCASE",
	"last": "c.last_name COLLATE NOCASE", "company": "c.company COLLATE NOCASE", "title": "c.title COLLATE NOCASE",
	"type": "c.type_code", "level": "c.level_code", "birthday": "substr(c.birthday, -5)", "created": createdSecondsSQL,
	"updated": updatedSecondsSQL, "activity": "c.last_activity_at", "channel": "c.last_channel", "deleted": "c.deleted_at",
	"owner": "u.login", "visibility": "c.public",
}

func orderBy(fields []string) (string, error) {
	if len(fields) == 0 {
		return "c.display_name COLLATE NOCASE, c.id", nil
	}
	var parts []string
	desc := false
	for _, f := range fields {
		f = strings.TrimSpace(f)
		desc = strings.HasPrefix(f, "-")
		name := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(f, "-"), "+"))
		if !query.IsSortField(name) {
			return "", contact.Errorf(contact.EINVALID, "--sort: unknown field %s (use %s)", contact.Quote(f), strings.Join(query.SortFields(), ", "))
		}
		col := sortColumns[name]
		if desc {
			col += " DESC"
		}
		parts = append(parts, col)
	}
	// Ties go by ID in the direction of the last field: --sort -name is
	// --sort name read backwards, which SQLite reads from the end of the
	// name index (with ties by ascending ID it sorted every contact).
	if desc {
		return strings.Join(parts, ", ") + ", c.id DESC", nil
	}
	return strings.Join(parts, ", ") + ", c.id", nil
}
