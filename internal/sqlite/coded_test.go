package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// A time stored as seconds (storedTime) reads back through the generated
// created_at exactly as it was written, and one that would not (another
// layout, a leap second, a fraction) is kept as written: Go's reading of
// the layout and SQLite's strftime agree on every one.
func TestStoredTimeReadsBackAsWritten(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	d, err := Open(ctx, path, Options{Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.CreateContact(ctx, &contact.Contact{FirstName: "Ada"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at      string
		seconds bool
	}{
		{"2026-12-07T17:49:03Z", true},
		{"1970-01-01T00:00:00Z", true},
		{"1969-12-31T23:59:59Z", true},
		{"2024-02-29T12:00:00Z", true},
		{"0001-01-01T00:00:00Z", true},
		{"0000-01-01T00:00:00Z", true},
		{"9999-12-31T23:59:59Z", true},
		{"2016-12-31T23:59:60Z", false},
		{"2026-12-07 17:49:03", false},
		{"2026-12-07T17:49:03.5Z", false},
		{"2026-12-07T17:49:03+01:00", false},
		{"2026-02-30T00:00:00Z", false},
		{"", false},
		{"yesterday", false},
	} {
		v := storedTime(tc.at)
		if _, ok := v.(int64); ok != tc.seconds {
			t.Errorf("storedTime(%q) = %#v; seconds: %v, want %v", tc.at, v, ok, tc.seconds)
		}
		var got, kind string
		if _, err := d.db.ExecContext(ctx, `UPDATE contacts SET created = ? WHERE id = 1`, v); err != nil {
			t.Fatal(err)
		}
		if err := d.db.QueryRowContext(ctx, `SELECT created_at, typeof(created) FROM contacts WHERE id = 1`).Scan(&got, &kind); err != nil {
			t.Fatal(err)
		}
		if got != tc.at {
			t.Errorf("%q stored as %#v (%s) reads back as %q", tc.at, v, kind, got)
		}
	}
}

// A display name that is the first and last names with a space between
// is not stored (the generated display_name makes it); any other (with a
// prefix, a first name alone, a company's) is, and each reads back as it
// was, through an edit of the names too.
func TestStoredDisplayName(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "t.db"), Options{Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	cs := []*contact.Contact{
		{FirstName: "Ada", LastName: "Lovelace"},
		{Prefix: "Dr", FirstName: "Grace", LastName: "Hopper"},
		{FirstName: "Zed"},
		{Company: "Acme"},
	}
	names := []string{"Ada Lovelace", "Dr Grace Hopper", "Zed", "Acme"}
	stored := func(id int64) any {
		t.Helper()
		var v any
		if err := d.db.QueryRowContext(ctx, `SELECT display_name_set FROM contacts WHERE id = ?`, id).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if b, ok := v.([]byte); ok {
			v = string(b)
		}
		return v
	}
	for i, c := range cs {
		if err := d.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		var want any = names[i]
		if i == 0 {
			want = nil
		}
		if got := stored(c.ID); got != want {
			t.Errorf("%q stored as %#v, want %#v", names[i], got, want)
		}
		if got, err := d.Contact(ctx, c.ID); err != nil || got.Name != names[i] {
			t.Errorf("%q read back as %q, %v", names[i], got.Name, err)
		}
	}
	for _, id := range []int64{1, 2} {
		if _, _, err := d.UpdateContact(ctx, id, func(c *contact.Contact) error {
			c.LastName = "King"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	for id, name := range map[int64]string{1: "Ada King", 2: "Dr Grace King"} {
		if got, err := d.Contact(ctx, id); err != nil || got.Name != name {
			t.Errorf("contact %d after the edit: %q, %v; want %q", id, got.Name, err, name)
		}
	}
	if got := stored(1); got != nil {
		t.Errorf("Ada King stored as %#v, want nil", got)
	}
}
