package iostreams

import "testing"

func TestColorOn(t *testing.T) {
	for _, tc := range []struct {
		tty           bool
		noColor, term string
		want          bool
	}{
		{true, "", "xterm", true},
		{true, "1", "xterm", false},
		{true, "", "dumb", false},
		{false, "", "xterm", false},
	} {
		env := map[string]string{"NO_COLOR": tc.noColor, "TERM": tc.term}
		if got := colorOn(tc.tty, func(k string) string { return env[k] }); got != tc.want {
			t.Errorf("tty %v NO_COLOR=%q TERM=%q: color %v, want %v", tc.tty, tc.noColor, tc.term, got, tc.want)
		}
	}
}
