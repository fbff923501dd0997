package codec

import (
	"strconv"
	"testing"
	"time"
)

// Other programs' dates: a two-digit year is never read into the future
// (a birthday "4/12/28" written in 2026 is 1928).
func TestNormDate(t *testing.T) {
	year := time.Now().Year()
	yy := year % 100
	cases := map[string]string{
		"1985-01-28T00:00:00Z":               "1985-01-28",
		"1604-04-12":                         "--04-12",
		"0.0.00":                             "",
		"12.04.1985":                         "1985-04-12",
		"4/12/85":                            "1985-04-12",
		"4/12/" + strconv.Itoa(100 + yy)[1:]: strconv.Itoa(year) + "-04-12",
		"4/12/" + strconv.Itoa(100 + (yy+2)%100)[1:]: strconv.Itoa(year-98) + "-04-12",
	}
	for in, want := range cases {
		if got, ok := normDate(in); !ok || got != want {
			t.Errorf("normDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got := fullYear(28, 2026); got != 1928 {
		t.Errorf("fullYear(28, 2026) = %d, want 1928", got)
	}
	if got := fullYear(26, 2026); got != 2026 {
		t.Errorf("fullYear(26, 2026) = %d, want 2026", got)
	}
}
