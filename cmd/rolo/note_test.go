package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/cli/clitest"
	"github.com/rolo-cli/rolo/internal/contact"
)

// TestNoteStdinLength: note REF - takes a note of the most bytes followed
// by the newline that ends a file (the length checked is the stored note's,
// trimmed), and refuses one longer, exit 2, even where what is past the
// most bytes read is only a blank line and more text: never stored cut.
func TestNoteStdinLength(t *testing.T) {
	dir := t.TempDir()
	r := clitest.Runner{Dir: dir, DB: filepath.Join(dir, "r.db")}
	if res := r.Run("add", "--first", "Ada"); res.Code != 0 {
		t.Fatalf("add: %+v", res)
	}
	most := strings.Repeat("n", contact.MaxNoteLen)
	const tooLong = "rolo: note: is too long (at most 1048576 bytes)\n"
	for _, tc := range []struct {
		name, stdin string
		code        int
		err         string
	}{
		{"the most and a newline", most + "\n", 0, "Added a note to Ada (1).\n"},
		{"the most, CRLF-ended", most + "\r\n\r\n", 0, "Added a note to Ada (1).\n"},
		{"one byte more", most + "n\n", 2, tooLong},
		{"more after a blank line", most + "\n\nmore\n", 2, tooLong},
		{"more than is read", strings.Repeat("n", 2*contact.MaxNoteLen+1), 2, tooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r.Stdin = strings.NewReader(tc.stdin)
			res := r.Run("note", "1", "-")
			if res.Code != tc.code || res.Err != tc.err {
				t.Errorf("exit %d, stderr %q; want exit %d, %q", res.Code, res.Err, tc.code, tc.err)
			}
		})
	}
	r.Stdin = nil
	var c struct{ Notes []struct{ Text string } }
	if err := json.Unmarshal([]byte(r.Run("show", "1", "-o", "json").Out), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Notes) != 2 || c.Notes[0].Text != most || c.Notes[1].Text != most {
		t.Errorf("%d notes stored, want the 2 of the most bytes, no other", len(c.Notes))
	}
}
