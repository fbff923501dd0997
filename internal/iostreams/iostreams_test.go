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

// TestDataOut writes data in pieces, as a buffer flushes it, and checks
// what reaches stdout: escaped at a terminal, also when a CR or a C1
// control is cut between two writes; as it is elsewhere.
func TestDataOut(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tty    bool
		json   bool
		pieces []string
		want   string
	}{
		{"pipe", false, false, []string{"X-Z:\x1b]0;t\a\u009b\r\n"}, "X-Z:\x1b]0;t\a\u009b\r\n"},
		{"terminal", true, false, []string{"X-Z:\x1b]0;t\a\x1b[2J\x7f\r\n"}, `X-Z:\x1b]0;t\a\x1b[2J\x7f` + "\r\n"},
		{"tabs, newlines, text kept", true, false, []string{"a\tb\nnom: 名前 ¢\n"}, "a\tb\nnom: 名前 ¢\n"},
		{"lone CR", true, false, []string{"innocent\rEVIL\r\n"}, `innocent\rEVIL` + "\r\n"},
		{"CRLF cut", true, false, []string{"BEGIN:VCARD\r", "\nEND:VCARD\r", "\n"}, "BEGIN:VCARD\r\nEND:VCARD\r\n"},
		{"CR cut, no LF", true, false, []string{"a\r", "b"}, `a\rb`},
		{"CR at the end", true, false, []string{"a\r"}, `a\r`},
		{"C1 cut", true, false, []string{"a\xc2", "\x9b2J ", "\xc2", "\xa2"}, `a\u009b2J ¢`},
		{"JSON", true, true, []string{`{"x": "` + "\u009b\x7f" + `"}` + "\n"}, `{"x": "\u009b\u007f"}` + "\n"},
	} {
		s, _, out, _ := Test()
		s.SetTTY(false, tc.tty, false)
		d := s.DataOut(tc.json)
		for _, p := range tc.pieces {
			if n, err := d.Write([]byte(p)); n != len(p) || err != nil {
				t.Fatalf("%s: Write(%q) = %d, %v", tc.name, p, n, err)
			}
		}
		if err := d.Flush(); err != nil {
			t.Fatal(err)
		}
		if got := out.String(); got != tc.want {
			t.Errorf("%s: wrote %q, want %q", tc.name, got, tc.want)
		}
	}
}
