package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

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
