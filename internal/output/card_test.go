package output

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// On a terminal show's card fits notes, interactions and changes to its
// width, as history's table does: a note of a megabyte on one line, or of
// 3,000 lines, takes ten rows and says where to read it whole, rather than
// filling the scrollback (twice, with its first line under Last changes).
// A short note is printed whole, and -o tsv has every note as stored.
func TestCardBoundsLongNotes(t *testing.T) {
	at := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	long := strings.Repeat("a", 1<<20)
	var lines []string
	for i := range 3000 {
		lines = append(lines, "line "+strconv.Itoa(i+1))
	}
	many := strings.Join(lines, "\n")
	d := ContactDetail{
		Contact: &contact.Contact{ID: 7, Name: "Nora", FirstName: "Nora", Notes: []contact.Note{
			{Author: "ada", Text: "short\nand sweet", CreatedAt: at},
			{Author: "ada", Text: long, CreatedAt: at},
			{Author: "ada", Text: many, CreatedAt: at},
		}},
		Interactions: []contact.Interaction{{User: "ada", Channel: "call", Direction: contact.Outbound, At: at, Summary: strings.Repeat("s", 60000)}},
		Changes:      []contact.Change{{At: at, User: "ada", Action: contact.ActionNote, New: long}},
	}
	for _, width := range []int{0, 60, 200} {
		ios, _, out, _ := iostreams.Test()
		ios.SetTerminalWidth(width)
		p, err := New(ios, Table, false, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Contact(d); err != nil {
			t.Fatal(err)
		}
		fit := width
		if fit == 0 {
			fit = 80
		}
		card := out.String()
		if len(card) > 40*fit {
			t.Errorf("width %d: the card is %d bytes", width, len(card))
		}
		if !strings.Contains(card, "ada: short\n    and sweet\n") {
			t.Errorf("width %d: a short note is not whole:\n%s", width, card)
		}
		if n := strings.Count(card, "    … (the whole note: rolo show 7 -o json)\n"); n != 2 {
			t.Errorf("width %d: %d notes say they are cut, want 2:\n%s", width, n, card)
		}
		if !strings.Contains(card, "ada: line 1\n") || !strings.Contains(card, "\n    line 10\n") || strings.Contains(card, "line 11\n") {
			t.Errorf("width %d: the note of 3,000 lines does not stop at its tenth line:\n%s", width, card)
		}
		for _, l := range strings.Split(card, "\n") {
			w := twwidth.Width(l)
			if w > fit && !(strings.HasPrefix(l, "  ") && strings.Contains(l, "ada: aaa") && w <= noteRows*fit) {
				t.Errorf("width %d: a line %d wide: %.100q", width, w, l)
			}
		}
	}

	ios, _, out, _ := iostreams.Test()
	ios.SetTerminalWidth(60)
	p, err := New(ios, TSV, false, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Contact(d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), long) || !strings.Contains(out.String(), `line 2999\nline 3000`) {
		t.Errorf("-o tsv does not have the notes whole")
	}
}
