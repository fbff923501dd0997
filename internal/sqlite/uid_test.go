package sqlite

import (
	"bytes"
	"database/sql"
	"strings"
	"testing"
)

// TestDerivedUIDRoundTrip checks that the UID uidSQL writes for a row is
// derivedUID's, and that parseDerivedUID reads back the ID and seed from
// it in either case, at the ends of the IDs it can hold; other UIDs are
// not of the form.
func TestDerivedUIDRoundTrip(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE contacts (id INTEGER PRIMARY KEY, uid)`); err != nil {
		t.Fatal(err)
	}
	seed := []byte{0x00, 0xff, 0x10, 0xab, 0x0c, 0x01}
	for _, id := range []int64{1, 255, 1<<48 - 1, 1 << 48, maxDerivedID} {
		var got string
		if err := db.QueryRow(`INSERT INTO contacts (id, uid) VALUES (?, ?) RETURNING `+uidSQL("contacts"), id, seed).Scan(&got); err != nil {
			t.Fatal(err)
		}
		want := derivedUID(id, seed)
		if got != want {
			t.Errorf("ID %d: SQL derives %q, Go %q", id, got, want)
		}
		for _, uid := range []string{want, strings.ToUpper(want)} {
			n, s, ok := parseDerivedUID(uid)
			if !ok || n != id || !bytes.Equal(s, seed) {
				t.Errorf("parseDerivedUID(%q) = %d, %x, %v; want %d, %x", uid, n, s, ok, id, seed)
			}
		}
		if stored, ok := storedUID(id, want).([]byte); !ok || !bytes.Equal(stored, seed) {
			t.Errorf("storedUID(%d, %q) = %v, want the seed", id, want, storedUID(id, want))
		}
		if stored := storedUID(id+1, want); stored != want {
			t.Errorf("storedUID of another ID = %v, want the text", stored)
		}
		if upper := strings.ToUpper(want); storedUID(id, upper) != upper {
			t.Errorf("storedUID(%d, %q) = %v, want the text as written", id, upper, storedUID(id, upper))
		}
	}
	for _, uid := range []string{
		"0190a8b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b", // version 7, rolo's before schema 26
		"00ff10ab-0c01-8000-c000-000000000001", // variant 110
		"00ff10ab-0c01-8001-8000-000000000001", // not 8000
		"00ff10ab-0c01-8000-8000-000000000000", // ID 0
		"00ff10ab-0c01-8000-8000-00000000000g",
		"sync-1",
	} {
		if id, _, ok := parseDerivedUID(uid); ok {
			t.Errorf("parseDerivedUID(%q) = ID %d, want none", uid, id)
		}
	}
}
