package output

import (
	"strings"
	"testing"
	"time"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// termWidth is how wide a line is at a terminal: a tab moves to the next
// column that is a multiple of 8.
func termWidth(l string) int {
	col := 0
	for _, seg := range strings.SplitAfter(l, "\t") {
		if strings.HasSuffix(seg, "\t") {
			col += twwidth.Width(strings.TrimSuffix(seg, "\t"))
			col += 8 - col%8
			continue
		}
		col += twwidth.Width(seg)
	}
	return col
}

// A tab in a note or an interaction's summary (the only values that may
// hold one) is drawn as the terminal draws it, up to the next 8-column
// stop, whatever directory rolo runs in: tablewriter's width package
// guessed a tab's width from TABWIDTH, an .editorconfig above the current
// directory, or a go.mod or *.py in it (4 there, 8 elsewhere), so a table
// changed with the directory and show's card, which printed the tab
// itself, measured "at most one row" lines 4 wide per tab and wrapped
// them. (This test runs in a directory of *.go files.)
func TestTabsAreExpandedAtEightColumnStops(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	p, err := New(ios, Table, false, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Rows([]string{"id", "summary"}, [][]string{{"1", "a\tb\tc"}, {"22", "abcdefgh\ti"}}); err != nil {
		t.Fatal(err)
	}
	want := "ID  SUMMARY\n1   a       b       c\n22  abcdefgh        i\n"
	if out.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", out.String(), want)
	}

	at := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	tabs := strings.Repeat("x\t", 30)
	d := ContactDetail{
		Contact: &contact.Contact{ID: 9, Name: "Tab Person", FirstName: "Tab", Notes: []contact.Note{
			{Author: "ada", Text: "a\tb\nc\td", CreatedAt: at},
		}},
		Interactions: []contact.Interaction{{User: "ada", Channel: "call", Direction: contact.Outbound, At: at, Summary: tabs}},
		Changes:      []contact.Change{{At: at, User: "ada", Action: contact.ActionNote, New: tabs}},
	}
	for _, width := range []int{40, 61} {
		ios, _, out, _ := iostreams.Test()
		ios.SetTerminalWidth(width)
		p, err := New(ios, Table, false, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Contact(d); err != nil {
			t.Fatal(err)
		}
		card := out.String()
		if strings.Contains(card, "\t") {
			t.Errorf("width %d: the card prints a tab:\n%s", width, card)
		}
		if !strings.Contains(card, "ada: a    b\n    c   d\n") {
			t.Errorf("width %d: the note's tabs are not at 8-column stops:\n%s", width, card)
		}
		for _, l := range strings.Split(card, "\n") {
			if w := termWidth(l); w > width && !strings.Contains(l, "\x1b[") {
				t.Errorf("width %d: a line %d wide at a terminal: %q", width, w, l)
			}
		}
	}
}
