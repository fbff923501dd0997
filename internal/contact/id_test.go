package contact

import "testing"

func TestParseID(t *testing.T) {
	for _, tc := range []struct {
		in string
		id int64
		ok bool
	}{
		{"1", 1, true},
		{"0042", 42, true},
		{"+1", 0, false},
		{"+911", 0, false},
		{"-3", 0, false},
		{" 5", 0, false},
		{"5 ", 0, false},
		{"", 0, false},
		{"1e3", 0, false},
		{"99999999999999999999", 0, false},
		{"٥", 0, false},
	} {
		id, ok := ParseID(tc.in)
		if id != tc.id || ok != tc.ok {
			t.Errorf("ParseID(%q) = %d, %v; want %d, %v", tc.in, id, ok, tc.id, tc.ok)
		}
	}
}

func TestMarkedAsPhone(t *testing.T) {
	for in, want := range map[string]bool{
		"+1": true, "+911": true, "+44 20 7946-0958": true, "+1 (415) 555.0123": true, "+1 800 FLOWERS": true,
		"+1 800 flowers": false,
		"1":              false, "+": false, "+vip": false, "+1x": false, "911": false, "+ada": false,
	} {
		if got := MarkedAsPhone(in); got != want {
			t.Errorf("MarkedAsPhone(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestUIDKey(t *testing.T) {
	for in, want := range map[string]string{
		"0190a7f2-7c1e-7a4b-9c3d-2e1f0a9b8c7d": "0190a7f2-7c1e-7a4b-9c3d-2e1f0a9b8c7d",
		"0190A7F2-7C1E-7A4B-9C3D-2E1F0A9B8C7D": "0190a7f2-7c1e-7a4b-9c3d-2e1f0a9b8c7d",
		// Mixed case is the same UUID too, not only all-small and all-capital.
		"AbCdEf01-2345-4789-aBcD-Ef0123456789": "abcdef01-2345-4789-abcd-ef0123456789",
		"12345678-1234-1234-1234-123456789012": "12345678-1234-1234-1234-123456789012",
		"sync-1":                               "sync-1",
		"Sync-1":                               "Sync-1",
		"0190A7F2-7c1e-7a4b-9c3d-2e1f0a9b8c7G": "0190A7F2-7c1e-7a4b-9c3d-2e1f0a9b8c7G",
		"0190A7F27c1e-7a4b-9c3d-2e1f0a9b8c7d0": "0190A7F27c1e-7a4b-9c3d-2e1f0a9b8c7d0",
	} {
		if got := UIDKey(in); got != want {
			t.Errorf("UIDKey(%q) = %q, want %q", in, got, want)
		}
	}
}
