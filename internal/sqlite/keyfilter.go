package sqlite

import (
	"context"
	"database/sql"
	"math"

	"github.com/bits-and-blooms/bloom/v3"

	"github.com/rolo-cli/rolo/internal/contact"
)

// keyFilter answers, for the keys by which an import finds duplicates
// (UIDs, emails, E.164 phones), "certainly not in the database", so that
// lookup asks SQLite only about the others. A record of a large import is
// mostly new, and the probes of its keys took 30 of the 127 seconds of a
// million-row import, 10.5 with the filter (the inserts then read the
// index pages the probes used to, so the whole import gained less: see
// the README's Performance). The filter holds every key the database held when
// it was built, whoever may see the contact (it only says which keys to
// look up; the lookup still applies visibility), and every key of every
// record of the import since. A key it wrongly thinks present (about one
// in a hundred) is looked up as before.
type keyFilter struct {
	parts []*bloom.BloomFilter // the last one takes new keys
	size  uint                 // the keys the last part is sized for
	room  uint                 // of which it can still take
}

// filterFalsePositives is the rate each part of a keyFilter is sized for
// (9.6 bits a key).
const filterFalsePositives = 0.01

func newKeyFilter(size uint) *keyFilter {
	f := &keyFilter{}
	f.grow(max(size, 1<<16))
	return f
}

// grow adds a part for size more keys.
func (f *keyFilter) grow(size uint) {
	f.parts = append(f.parts, bloom.NewWithEstimates(size, filterFalsePositives))
	f.size, f.room = size, size
}

func (f *keyFilter) add(key []byte) {
	if f.room == 0 {
		f.grow(2 * f.size)
	}
	f.parts[len(f.parts)-1].Add(key)
	f.room--
}

// testOrAdd reports whether the filter may hold key, and adds it when it
// does not.
func (f *keyFilter) testOrAdd(key string) bool {
	for _, p := range f.parts {
		if p.TestString(key) {
			return true
		}
	}
	f.add([]byte(key))
	return false
}

// filtered reports whether lookup may leave out the key (a kind, 0, the
// value) when the filter does not hold it: keys of the kinds the filter is
// built from, but for a UID of the derived form (uid.go), which the
// filter does not read (it has no text to read) and whose lookup reads
// one row by its ID.
func filtered(key string) bool {
	switch key[0] {
	case 'u':
		_, _, derived := parseDerivedUID(key[2:])
		return !derived
	case 'e', 'p':
		return true
	}
	return false
}

// storedKeys estimates the keys the database holds, for deciding when a
// filter pays for reading them all: the highest IDs of the contacts and
// phones (O(log n) each; IDs of deleted rows are counted too), the
// contacts' counted twice, for their UIDs and their emails. The emails
// have no row ID to read so (schema 25), and counting them reads them
// all; a contact has about one (975,573 among a million generated, and
// one per record of most address books' exports). An estimate off by
// some builds the filter a little sooner or later, sized a little
// larger or smaller: it still holds every key it reads (see grow). The
// sum is taken here, of IDs capped: SQLite's of IDs past 2^62 (another
// program's) is a float, which failed every import.
func storedKeys(ctx context.Context, q querier) (int, error) {
	var contacts, phones int64
	err := q.QueryRowContext(ctx, `SELECT coalesce((SELECT max(id) FROM contacts), 0),
		coalesce((SELECT max(id) FROM contact_phones), 0)`).Scan(&contacts, &phones)
	if err != nil {
		return 0, dbError(err)
	}
	capped := func(id int64) int { return int(min(max(id, 0), math.MaxInt64/8)) }
	return 2*capped(contacts) + capped(phones), nil
}

// buildKeyFilter reads every UID, email and E.164 phone stored, in the
// import's transaction, with room for as many again and at least a
// million more.
func buildKeyFilter(ctx context.Context, q querier, stored int) (*keyFilter, error) {
	f := newKeyFilter(uint(stored)*2 + 1_000_000)
	for _, s := range []struct {
		kind  byte
		query string
	}{
		{'u', `SELECT uid FROM contacts WHERE typeof(uid) = 'text'`},
		// The UIDs of contacts merged away, which find the merged contact
		// (importer.mergedAway).
		{'u', `SELECT coalesce(json_extract(o.value, '$.row.uid'), '') FROM merges m, json_each(m.snapshot, '$.others') o WHERE m.undone_at IS NULL`},
		{'e', `SELECT address FROM contact_emails`},
		{'p', `SELECT e164 FROM contact_phones`},
	} {
		rows, err := q.QueryContext(ctx, s.query)
		if err != nil {
			return nil, dbError(err)
		}
		key := []byte{s.kind, 0}
		for rows.Next() {
			var v sql.RawBytes
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, dbError(err)
			}
			if s.kind == 'u' {
				// As lookup asks for a UID: a UUID in small letters.
				key = append(key[:2], contact.UIDKey(string(v))...)
			} else {
				key = append(key[:2], v...)
			}
			f.add(key)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, dbError(err)
		}
	}
	return f, nil
}
