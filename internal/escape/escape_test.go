package escape

import "testing"

// TestControls checks that control characters are escaped as Go writes
// them, all of them or all but the ones kept (a message's own newlines and
// tabs), and that other text, invalid UTF-8 aside, is left as it is.
func TestControls(t *testing.T) {
	tests := []struct{ in, keep, want string }{
		{"plain ü.csv", "", "plain ü.csv"},
		{"f\x1b[2J.csv", "", `f\x1b[2J.csv`},
		{"o\tx\n.csv", "", `o\tx\n.csv`},
		{"o\tx\n.csv", "\n\t", "o\tx\n.csv"},
		{"a\u009bb\a\r\n", "\n\t", `a\u009bb\a\r` + "\n"},
	}
	for _, tt := range tests {
		if got := Controls(tt.in, tt.keep); got != tt.want {
			t.Errorf("Controls(%q, %q) = %q, want %q", tt.in, tt.keep, got, tt.want)
		}
	}
}

// TestShell checks that a word a shell would split, expand or unquote is
// single-quoted, a quote in it too, and that a plain path is left as it is.
func TestShell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/var/lib/rolo/.rolo.db.restore-123", "/var/lib/rolo/.rolo.db.restore-123"},
		{"Kontakte/.adressbuch-ü.db.restore-1", "Kontakte/.adressbuch-ü.db.restore-1"},
		{"my dir/.a b.db.restore-1", "'my dir/.a b.db.restore-1'"},
		{"d/.$(touch x).db.restore-1", "'d/.$(touch x).db.restore-1'"},
		{"Ada's/.rolo.db.restore-1", `'Ada'"'"'s/.rolo.db.restore-1'`},
		{"a*b;c`d`\"e\"", "'a*b;c`d`\"e\"'"},
		{"", "''"},
	}
	for _, tt := range tests {
		if got := Shell(tt.in); got != tt.want {
			t.Errorf("Shell(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
