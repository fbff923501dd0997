package sqlite

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/rolo-cli/rolo/internal/contact"
)

// A contact's UID, since schema 26, is stored in one of two ways in the
// uid column. A UID the contact was given (add --uid, an import, a
// contact made by an older rolo) is its text. A UID rolo makes is not
// stored: the column holds uidSeedSize random bytes (a BLOB), and the UID
// is derived from them and the contact's ID, a version 8 UUID
//
//	ssssssss-ssss-8000-8iii-iiiiiiiiiiii
//
// whose first twelve digits are the seed and whose last sixteen the ID
// (under the two variant bits). Nothing else is needed to find it again:
// the ID names the row, whose seed must be the same. The seed is what
// keeps two databases' contacts of the same ID apart, and a copy of a
// database from the copy's new contacts, as UUIDs are kept apart, by 48
// random bits; the UNIQUE index on uid keeps one database's seeds apart.
// A 36-character UID and its entry in that index were 8 MiB of a
// 100,000-contact database (of 81): the seed and its entry are about 2.
//
// Every read of the column goes through uidSQL; every lookup of a contact
// by UID through contactUIDIs or contactUIDIn.

// uidSeedSize is the number of random bytes of a derived UID.
const uidSeedSize = 6

// maxDerivedID bounds the contact IDs a derived UID can hold: 62 bits. A
// contact of a higher ID (another program's) gets a version 7 UUID,
// stored as text.
const maxDerivedID = 1<<62 - 1

// uidSQL is the UID of the contact row aliased a, as text: the stored
// text, or the UID derived from the seed and the ID (derivedUID).
func uidSQL(a string) string {
	// No %s in it: callers fill in their queries' %s (import.go).
	return `CASE WHEN typeof(` + a + `.uid) = 'blob' THEN lower(hex(substr(` + a + `.uid, 1, 4))) || '-' || lower(hex(substr(` + a + `.uid, 5))) ||
		printf('-8000-%04x-%012x', 32768 | (` + a + `.id >> 48), ` + a + `.id & 281474976710655) ELSE ` + a + `.uid END`
}

// newUIDSeed is the stored form of a new derived UID.
func newUIDSeed() ([]byte, error) {
	seed := make([]byte, uidSeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, contact.Errorf(contact.EINTERNAL, "uid: %v", err)
	}
	return seed, nil
}

// derivedUID is the UID of the contact id whose row holds seed, as uidSQL
// writes it.
func derivedUID(id int64, seed []byte) string {
	s := hex.EncodeToString(seed)
	v := strconv.FormatUint(uint64(id)|1<<63, 16)
	return s[:8] + "-" + s[8:12] + "-8000-" + v[:4] + "-" + v[4:]
}

// parseDerivedUID is the contact ID and seed a UID of the derived form
// names, in either case; ok is false for any other UID (which may still
// be a contact's, stored as text).
func parseDerivedUID(uid string) (id int64, seed []byte, ok bool) {
	if !contact.IsUUID(uid) {
		return 0, nil, false
	}
	uid = strings.ToLower(uid)
	if uid[14:18] != "8000" || !strings.ContainsRune("89ab", rune(uid[19])) {
		return 0, nil, false
	}
	seed, err := hex.DecodeString(uid[:8] + uid[9:13])
	if err != nil {
		return 0, nil, false
	}
	v, err := strconv.ParseUint(uid[19:23]+uid[24:], 16, 64)
	if err != nil {
		return 0, nil, false
	}
	id = int64(v &^ (1 << 63))
	if id <= 0 {
		return 0, nil, false
	}
	return id, seed, true
}

// storedUID is what the uid column of the contact id holds for its UID
// uid: the seed when uid is derived from it and id, written as uidSQL
// reads it back (in small letters), else the text. A UID of that form in
// capitals (given by an import, stored as text) stays text: stored as the
// seed, it would come back in small letters.
func storedUID(id int64, uid string) any {
	if n, seed, ok := parseDerivedUID(uid); ok && n == id && derivedUID(id, seed) == uid {
		return seed
	}
	return uid
}

// contactUIDIs is the condition that the contact aliased a holds the UID
// uid: as text (uidIs, through the UID indexes), or derived, by its ID
// and seed.
func contactUIDIs(a, uid string) (string, []any) {
	where, args := uidIs(a+".uid", uid)
	if id, seed, ok := parseDerivedUID(uid); ok {
		return `(` + where + ` OR (` + a + `.id = ? AND ` + a + `.uid = ?))`, append(args, id, seed)
	}
	return where, args
}

// contactUIDIn is contactUIDIs of any of the UID keys (contact.UIDKey)
// keys.
func contactUIDIn(a string, keys []string) (string, []any) {
	where, args := uidIn(a+".uid", keys)
	conds := []string{where}
	for _, k := range keys {
		if id, seed, ok := parseDerivedUID(k); ok {
			conds = append(conds, `(`+a+`.id = ? AND `+a+`.uid = ?)`)
			args = append(args, id, seed)
		}
	}
	if len(conds) == 1 {
		return where, args
	}
	return `(` + strings.Join(conds, ` OR `) + `)`, args
}
