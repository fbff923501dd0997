package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

var fuzzStore struct {
	once sync.Once
	db   *sqlite.DB
	err  error
}

// fuzzDB is one database per fuzzing process, with contacts that give
// every kind of query something to match.
func fuzzDB(f *testing.F) *sqlite.DB {
	fuzzStore.once.Do(func() {
		dir, err := os.MkdirTemp("", "rolo-fuzz-")
		if err != nil {
			fuzzStore.err = err
			return
		}
		ctx := context.Background()
		db, err := sqlite.Open(ctx, filepath.Join(dir, "fuzz.db"), sqlite.Options{Actor: "alice", Region: "US", Now: newClock().now})
		if err != nil {
			fuzzStore.err = err
			return
		}
		c := fullContact()
		if err := db.CreateContact(ctx, c); err != nil {
			fuzzStore.err = err
			return
		}
		fuzzStore.err = db.CreateContact(ctx, &contact.Contact{FirstName: `Quote "the" 'Man'`, Company: "NEAR(a b) AND OR NOT *^",
			Phones: []contact.Phone{{Number: "+1 (415) 555-0188"}}, Tags: []string{"a-b", "c:d"}})
		fuzzStore.db = db
	})
	if fuzzStore.err != nil {
		f.Fatal(fuzzStore.err)
	}
	return fuzzStore.db
}

// FuzzFindContacts runs arbitrary queries through the whole query path:
// the parser, the SQL builder and FTS5's MATCH syntax. Every query either
// runs or is a usage error (EINVALID); anything else (SQL or FTS5 syntax
// made from user text, a panic) is a bug.
func FuzzFindContacts(f *testing.F) {
	db := fuzzDB(f)
	for _, s := range []string{
		"ada", "ada*", `"ada"`, `"ada lovelace"`, "-ada", "NEAR(ada", "ada OR grace", "ada AND", `a"b`, `"a""b"`,
		"^ada", "ada:", "first:ada*", "tag:vip,gold", "tag:a-b", "company:\"NEAR(a\"", "415555", "(415)", "+1",
		"created:>7d", "created:<2026-01-01", "birthday:next-30d", "attr.source:expo*", "is:favorite", "has:phone",
		"id:1,2", "uid:x", "name:'", "field:", "-\"\"", `""`, "*", "'", "(", ")", "{", "}", "-", "--", "\x00", "\xff",
		strings.Repeat(`"(`, 100), strings.Repeat("a ", 300), "phone:5550188", "email:ada@", "owner:alice", "channel:sms",
	} {
		f.Add(s)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		for _, rank := range []bool{false, true} {
			_, err := db.FindContacts(ctx, contact.Filter{Query: q, Rank: rank, Scope: contact.ScopeAny})
			if err != nil && contact.ErrorCode(err) != contact.EINVALID {
				t.Fatalf("FindContacts(%q, rank %v): %v (code %s), want results or EINVALID", q, rank, err, contact.ErrorCode(err))
			}
		}
		// A page of the list in name order is the same slice of the whole
		// result whether its walks give up at once (and SQLite finds and
		// sorts the contacts) or read every contact.
		whole, err := db.FindContacts(ctx, contact.Filter{Query: q, Scope: contact.ScopeAny})
		if err != nil {
			return
		}
		want := idsInOrder(whole[min(1, len(whole)):min(4, len(whole))])
		for _, perRow := range []int{1, 1000} {
			restore := sqlite.SetNameWalk(perRow, 4*perRow)
			page, err := db.FindContacts(ctx, contact.Filter{Query: q, Scope: contact.ScopeAny, Limit: 3, Offset: 1})
			restore()
			if err != nil {
				t.Fatalf("FindContacts(%q, limit 3, offset 1, walk of %d per row): %v", q, perRow, err)
			}
			if got := idsInOrder(page); !slices.Equal(got, want) {
				t.Fatalf("FindContacts(%q, limit 3, offset 1, walk of %d per row) = %v, want %v", q, perRow, got, want)
			}
		}
	})
}

// FuzzFindOwnValue: a contact is found by a query for a value it holds,
// quoted as the README says (tag:"T" exact, company:"C" and name:"N"
// word prefixes, attr.k:"V" containment), and is not found by its negation.
func FuzzFindOwnValue(f *testing.F) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(f.TempDir(), "own.db"), sqlite.Options{Actor: "alice", Region: "US", Now: newClock().now})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	f.Add("Ada", "Acme, Inc.", "vip", "1,5", "Zürich")
	f.Add("O'Brien", "AT&T", "a b", "x y", "São Paulo")
	f.Add("Zoë", "Ünïcode GmbH", "été", "ZÜRICH", "ŁÓDŹ")
	n := 0
	f.Fuzz(func(t *testing.T, first, company, tag, attr, city string) {
		n++
		c := &contact.Contact{UID: fmt.Sprintf("own-%d", n), FirstName: first, Company: company, Tags: []string{tag},
			Attributes: map[string]string{"k": attr}, Addresses: []contact.Address{{Label: "home", City: city}}}
		if contact.Normalize(c, "US") != nil || len(c.Tags) != 1 || c.FirstName == "" || c.Company == "" || c.Attributes["k"] == "" || len(c.Addresses) != 1 || c.Addresses[0].City == "" {
			return
		}
		if err := db.CreateContact(ctx, c); err != nil {
			if contact.ErrorCode(err) == contact.EINVALID || contact.ErrorCode(err) == contact.ECONFLICT {
				return
			}
			t.Fatalf("create: %v", err)
		}
		wordy := func(s string) bool {
			return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
		}
		check := func(q string, want bool) {
			if strings.ContainsAny(q[strings.IndexByte(q, '"')+1:len(q)-1], `"\`) {
				return // quoting a '"', and a backslash before one, is the query tokenizer's (FuzzParse)
			}
			cs, err := db.FindContacts(ctx, contact.Filter{Query: q, Scope: contact.ScopeAny})
			if err != nil {
				t.Fatalf("FindContacts(%q): %v", q, err)
			}
			found := slices.ContainsFunc(cs, func(x *contact.Contact) bool { return x.ID == c.ID })
			if found != want {
				t.Fatalf("FindContacts(%q) found contact %v, want %v (contact %+v)", q, found, want, c)
			}
		}
		check(`tag:"`+c.Tags[0]+`"`, true)
		check(`-tag:"`+c.Tags[0]+`"`, false)
		check(`attr.k:"`+c.Attributes["k"]+`"`, true)
		if wordy(c.Company) {
			check(`company:"`+c.Company+`"`, true)
			check(`-company:"`+c.Company+`"`, false)
		}
		if wordy(c.FirstName) {
			check(`name:"`+c.FirstName+`"`, true)
			check(`first:"`+c.FirstName+`"`, true)
		}
		if wordy(c.Addresses[0].City) {
			check(`city:"`+c.Addresses[0].City+`"`, true)
		}
	})
}
