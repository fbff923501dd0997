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
		"+1": true, "+911": true, "+44 20 7946-0958": true, "+1 (415) 555.0123": true,
		"1": false, "+": false, "+vip": false, "+1x": false, "911": false, "+ada": false,
	} {
		if got := MarkedAsPhone(in); got != want {
			t.Errorf("MarkedAsPhone(%q) = %v, want %v", in, got, want)
		}
	}
}
