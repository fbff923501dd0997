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

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain 名前 text\n\tnext line", "plain 名前 text\n\tnext line"},
		{"f\x1b[2J.csv", `f\x1b[2J.csv`},
		{"a\x1b]0;t\a b\u009b c\r", `a\x1b]0;t\a b\u009b c\r`},
	} {
		if got := Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
