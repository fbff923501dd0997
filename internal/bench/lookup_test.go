package bench

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// lookupNumber is a number of the big database's show contact, as entered
// (any formatting) and as E.164.
func lookupNumber(b *testing.B) (path, entered, e164 string) {
	big := bigDatabase(b)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, big.path, sqlite.Options{Actor: actor, Region: "US"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	c, err := db.Contact(ctx, big.showID)
	if err != nil {
		b.Fatal(err)
	}
	return big.path, c.Phones[0].Number, c.Phones[0].E164
}

// BenchmarkLookup100k is what `rolo lookup` asks of the store on 100,000
// contacts: the contacts with a number (indexed E.164) and its block state.
// Target: under 1 ms.
func BenchmarkLookup100k(b *testing.B) {
	path, _, e164 := lookupNumber(b)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Options{Actor: actor, Region: "US"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := db.Lookup(ctx, contact.Handle{E164: e164})
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Contacts) == 0 {
			b.Fatalf("no contact has %s", e164)
		}
	}
}

// BenchmarkLookupProcess100k is a whole `rolo lookup NUMBER -o tsv` process
// on 100,000 contacts, the number as entered, as a caller-ID hook runs it.
// Target: under 15 ms (as show).
func BenchmarkLookupProcess100k(b *testing.B) {
	path, entered, e164 := lookupNumber(b)
	runProcess(b, roloEnv(b), func(out string) error {
		if !strings.Contains(out, "\t"+e164+"\t") {
			return fmt.Errorf("rolo lookup %s printed %q", entered, out)
		}
		return nil
	}, func(int) []string { return []string{"--db", path, "lookup", entered, "-o", "tsv", "--no-header"} })
}
