package output

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clipperhouse/uax29/v2/graphemes"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// fullDisk fails every write, as stdout redirected to a full disk does.
type fullDisk struct{ writes int }

func (f *fullDisk) Write([]byte) (int, error) {
	f.writes++
	return 0, errors.New("no space left on device")
}

// A command whose output cannot be written must say so (and exit
// non-zero) rather than report success; and a page of rows reaches stdout
// in one write, not one per cell.
func TestOutputIsBufferedAndWriteErrorsReported(t *testing.T) {
	cs := []*contact.Contact{{ID: 1, Name: "Ada Lovelace"}, {ID: 2, Name: "Alan Turing"}}
	for _, format := range []string{Table, TSV, CSV, JSON, NDJSON, IDs, VCard} {
		ios, _, _, _ := iostreams.Test()
		disk := &fullDisk{}
		ios.Out = disk
		p, err := New(ios, format, false, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		err = p.Contacts(cs, []string{"id", "name"})
		if err == nil || !strings.Contains(err.Error(), "no space left") {
			t.Errorf("-o %s to a full disk: error %v, want the write error", format, err)
		}
		if disk.writes != 1 {
			t.Errorf("-o %s: %d writes to stdout, want 1", format, disk.writes)
		}
	}
}

// clearPart empties one part of a contact, as the store leaves it when
// asked to skip that part.
var clearPart = map[contact.Parts]func(c *contact.Contact){
	contact.PartPhones:     func(c *contact.Contact) { c.Phones = nil },
	contact.PartEmails:     func(c *contact.Contact) { c.Emails = nil },
	contact.PartAddresses:  func(c *contact.Contact) { c.Addresses = nil },
	contact.PartSocials:    func(c *contact.Contact) { c.Socials = nil },
	contact.PartURLs:       func(c *contact.Contact) { c.URLs = nil },
	contact.PartTags:       func(c *contact.Contact) { c.Tags = nil },
	contact.PartAttributes: func(c *contact.Contact) { c.Attributes = nil },
	contact.PartNotes:      func(c *contact.Contact) { c.Notes = nil },
	contact.PartShares:     func(c *contact.Contact) { c.SharedWith = nil },
	contact.PartFavorite:   func(c *contact.Contact) { c.Favorite = false },
	contact.PartBlock:      func(c *contact.Contact) { c.Blocked = nil },
}

// without returns a copy of c with the parts in skip left empty.
func without(c contact.Contact, skip contact.Parts) *contact.Contact {
	for part, clear := range clearPart {
		if skip&part != 0 {
			clear(&c)
		}
	}
	return &c
}

// Every column prints the same from a contact read without the parts
// SkipParts names as from the whole contact, in every format that prints
// columns.
func TestSkipPartsKeepsWhatColumnsPrint(t *testing.T) {
	full := contact.Contact{
		ID: 7, UID: "u-7", Name: "Ada Lovelace", FirstName: "Ada", LastName: "Lovelace", Company: "Engines",
		Phones:     []contact.Phone{{Label: "work", Number: "+44 20 7946 0958", E164: "+442079460958"}},
		Emails:     []contact.Email{{Label: "work", Address: "ada@example.com"}},
		Addresses:  []contact.Address{{City: "London", Country: "GB"}},
		Socials:    []contact.Social{{Network: "x", Handle: "ada"}},
		URLs:       []contact.URL{{URL: "https://example.com"}},
		Tags:       []string{"vip", "math"},
		Attributes: map[string]string{"plan": "pro"},
		Notes:      []contact.Note{{Text: "met"}},
		SharedWith: []string{"bob"},
		Favorite:   true,
		Blocked:    &contact.Block{Reason: "spam"},
	}
	var every contact.Parts
	for part := range clearPart {
		every |= part
	}
	if every != contact.AllParts {
		t.Fatalf("clearPart covers parts %b, want all of %b", every, contact.AllParts)
	}
	cols := append(contact.ColumnNames(), "attr.plan")
	for _, format := range []string{Table, TSV, CSV, JSON, NDJSON, IDs, VCard} {
		ios, _, _, _ := iostreams.Test()
		p, err := New(ios, format, false, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, col := range cols {
			if format == IDs {
				break // -o ids prints IDs only, whatever the columns
			}
			skip := p.SkipParts([]string{col})
			if got, want := cell(p, without(full, skip), col), cell(p, &full, col); got != want {
				t.Errorf("-o %s --columns %s: %q without the skipped parts, %q with them", format, col, got, want)
			}
		}
		if format == JSON || format == NDJSON {
			if skip := p.SkipParts(nil); skip != 0 {
				t.Errorf("-o %s skips parts %b; JSON prints whole contacts", format, skip)
			}
		}
	}
}

// On a terminal a table fits its width: narrow columns keep their width and
// the wide ones share the rest, cut with "…" only when they must be.
func TestTableFitsTerminal(t *testing.T) {
	cs := []*contact.Contact{
		{ID: 1, Name: "Ada Lovelace", Phones: []contact.Phone{{Number: "+44 20 7946 0958", E164: "+442079460958"}}, Emails: []contact.Email{{Address: "ada@example.com"}}},
		{ID: 2, Name: "東京商事太郎さんの会社名がとても長い", Emails: []contact.Email{{Address: "long.address.for.testing.width@example-very-long-domain.com"}}},
	}
	for _, width := range []int{40, 80, 200} {
		ios, _, out, _ := iostreams.Test()
		ios.SetTerminalWidth(width)
		p, err := New(ios, Table, false, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Contacts(cs, []string{"id", "name", "phone", "email"}); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimRight(out.String(), "\n"), "\n") {
			if w := twwidth.Width(strings.TrimRight(line, " ")); w > width {
				t.Errorf("width %d: line %q is %d wide", width, line, w)
			}
		}
		if width >= 80 && (!strings.Contains(out.String(), "Ada Lovelace") || !strings.Contains(out.String(), "+44 20 7946 0958")) {
			t.Errorf("width %d: a short name or number was cut:\n%s", width, out.String())
		}
		if width == 200 && !strings.Contains(out.String(), "long.address.for.testing.width@example-very-long-domain.com") {
			t.Errorf("width 200: a value that fits was cut:\n%s", out.String())
		}
		if width == 40 && !strings.Contains(out.String(), "…") {
			t.Errorf("width 40: nothing cut:\n%s", out.String())
		}
	}
}

// A table exactly as wide as the terminal is printed whole: the gap right
// of its last column is trimmed from each line, so it takes no room (it
// cut "hsanchez0@redwoodfoods.exam…" on a terminal wide enough for it); on
// one a column narrower the widest cell is cut. A column is left out only
// when the table cannot fit with it.
func TestTableAsWideAsTerminal(t *testing.T) {
	cs := []*contact.Contact{{ID: 1, Name: "Henry Sanchez", Emails: []contact.Email{{Address: "hsanchez0@redwoodfoods.example"}}}}
	cols := []string{"id", "name", "email"}
	// No header: 1, the name (13) and the email (30), two spaces
	// between: 1+2+13+2+30 = 48.
	const natural = 48
	for _, tc := range []struct {
		width int
		want  string
	}{
		{natural, "1  Henry Sanchez  hsanchez0@redwoodfoods.example\n"},
		{natural - 1, "1  Henry Sanchez  hsanchez0@redwoodfoods.examp…\n"},
	} {
		ios, _, out, errOut := iostreams.Test()
		ios.SetTerminalWidth(tc.width)
		p, err := New(ios, Table, true, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Contacts(cs, cols); err != nil {
			t.Fatal(err)
		}
		if out.String() != tc.want || errOut.Len() > 0 {
			t.Errorf("width %d: got %q (stderr %q), want %q", tc.width, out.String(), errOut.String(), tc.want)
		}
	}
	// Three IDs of three digits on a terminal three columns wide.
	ios, _, out, errOut := iostreams.Test()
	ios.SetTerminalWidth(3)
	p, err := New(ios, Table, true, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Contacts([]*contact.Contact{{ID: 100, Name: "A"}, {ID: 289, Name: "B"}}, []string{"id"}); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "100\n289\n"; got != want || errOut.Len() > 0 {
		t.Errorf("width 3: got %q (stderr %q), want %q", got, errOut.String(), want)
	}
	// ID and NAME cut to three: 3+2+3 = 8 columns, on a terminal of 8.
	ios, _, out, errOut = iostreams.Test()
	ios.SetTerminalWidth(8)
	if p, err = New(ios, Table, true, "", nil); err != nil {
		t.Fatal(err)
	}
	if err := p.Contacts([]*contact.Contact{{ID: 289, Name: "Grace Hopper"}}, []string{"id", "name"}); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "289  Gr…\n"; got != want || errOut.Len() > 0 {
		t.Errorf("width 8: got %q (stderr %q), want %q", got, errOut.String(), want)
	}
}

// A column of IDs is never cut: "1234…" names no contact, or another. The
// other columns are cut, or left out, first.
func TestTableKeepsIDsWhole(t *testing.T) {
	var cs []*contact.Contact
	for _, id := range []int64{123456, 98, 200001} {
		cs = append(cs, &contact.Contact{ID: id, Name: "Margaret Hamilton", Company: "Massachusetts Institute of Technology",
			Phones: []contact.Phone{{Number: "+1 617 253 1000"}}, Emails: []contact.Email{{Address: "margaret.hamilton@mit.example"}}, Tags: []string{"apollo"}})
	}
	for _, width := range []int{20, 26, 30, 40, 60} {
		ios, _, out, _ := iostreams.Test()
		ios.SetTerminalWidth(width)
		p, err := New(ios, Table, false, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Contacts(cs, DefaultColumns); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
		for j, want := range []string{"123456", "98", "200001"} {
			if got := strings.Fields(lines[j+1])[0]; got != want {
				t.Errorf("width %d: ID %q, want %q:\n%s", width, got, want, out.String())
			}
		}
		for _, line := range lines {
			if w := twwidth.Width(line); w > width {
				t.Errorf("width %d: line %q is %d wide", width, line, w)
			}
		}
	}
}

// A cell cut to fit the terminal is cut between grapheme clusters: never
// inside an emoji sequence (a family joined by ZWJ) or between a letter and
// its combining accent.
func TestTableCutsWholeGraphemes(t *testing.T) {
	family := "👨\u200d👩\u200d👧\u200d👦"
	cs := []*contact.Contact{
		{ID: 1, Name: "Team👩\u200d💻" + family + "🇯🇵👍🏽 Long", Company: "ACME Corporation International"},
		{ID: 2, Name: "Jose\u0301 Garci\u0301a Marti\u0301nez de la Fuente", Company: "ACME Corporation International"},
	}
	for width := 20; width <= 40; width++ {
		ios, _, out, _ := iostreams.Test()
		ios.SetTerminalWidth(width)
		p, err := New(ios, Table, true, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Contacts(cs, []string{"id", "name", "company"}); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(out.String(), "\n") {
			if strings.Contains(line, "\u200d…") || strings.Contains(line, "\u200d ") {
				t.Errorf("width %d: cut after a zero width joiner: %q", width, line)
			}
			if strings.Contains(line, family[:len("👨\u200d👩")]) && !strings.Contains(line, family) {
				t.Errorf("width %d: part of the family emoji: %q", width, line)
			}
			if strings.Contains(line, "…\u0301") {
				t.Errorf("width %d: an accent cut from its letter: %q", width, line)
			}
		}
	}
}

// An emoji sequence is one grapheme cluster two cells wide, as terminals
// draw it: a character with VS16 (❤️), a flag, a skin tone, a ZWJ family.
// Counted rune by rune, a row of ❤️ overflowed the terminal and the
// columns after a flag or a family started too early.
func TestTableMeasuresEmojiSequences(t *testing.T) {
	// A terminal's width of this test's text: ASCII and "…" one cell
	// each, an emoji sequence two.
	cells := func(s string) int {
		n := 0
		for g := graphemes.FromString(s); g.Next(); {
			if len(g.Value()) == 1 || g.Value() == "…" {
				n++
			} else {
				n += 2
			}
		}
		return n
	}
	cs := []*contact.Contact{
		{ID: 1, Name: strings.Repeat("❤️", 14), Company: "Firm"},
		{ID: 2, Name: strings.Repeat("🇯🇵", 6), Company: "Firm"},
		{ID: 3, Name: strings.Repeat("👍🏽", 6), Company: "Firm"},
		{ID: 4, Name: "👨\u200d👩\u200d👧\u200d👦 Family", Company: "Firm"},
		{ID: 5, Name: "Plain", Company: "Firm"},
	}
	for _, width := range []int{20, 30, 40, 80} {
		ios, _, out, _ := iostreams.Test()
		ios.SetTerminalWidth(width)
		p, err := New(ios, Table, false, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Contacts(cs, []string{"id", "name", "company"}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if len(lines) != 6 {
			t.Fatalf("width %d: want a header and 5 rows:\n%s", width, out.String())
		}
		start := -1 // the cell where COMPANY starts
		for i, line := range lines {
			if w := cells(line); w > width {
				t.Errorf("width %d: %q is %d cells wide", width, line, w)
			}
			at := strings.Index(line, "Firm")
			if i == 0 {
				at = strings.Index(line, "COMPA")
			}
			if at < 0 {
				t.Fatalf("width %d: no company in %q", width, line)
			}
			if i == 0 {
				start = cells(line[:at])
			} else if got := cells(line[:at]); got != start {
				t.Errorf("width %d: the company starts at cell %d in %q, at %d in the header", width, got, line, start)
			}
		}
		if width == 80 && !strings.Contains(out.String(), strings.Repeat("❤️", 14)+"  ") {
			t.Errorf("width 80: the hearts were cut:\n%s", out.String())
		}
	}
}

// A listing printed a page at a time (list, search read from the store in
// pages) is byte for byte the listing printed at once, in every format:
// one JSON array, one header. An error before the first page prints
// nothing, as a bad query printed nothing when the list was read first.
func TestContactPagesPrintAsContacts(t *testing.T) {
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	var cs []*contact.Contact
	for i, name := range []string{"Ada Lovelace", "Tab\tName", "Zoë \"Z\" Ölund", "", "Alan, Turing"} {
		cs = append(cs, &contact.Contact{ID: int64(10 - i), Name: name, FirstName: name, Company: "Acme",
			Phones: []contact.Phone{{Number: "+1 415 555 0100", E164: "+14155550100"}}, Tags: []string{"vip", "x"},
			CreatedAt: now, Favorite: i == 1})
	}
	cols := []string{"id", "name", "phone", "tags", "created", "favorite"}
	pages := [][]*contact.Contact{cs[:2], cs[2:3], cs[3:]}
	for _, format := range []string{Table, TSV, CSV, JSON, NDJSON, IDs, VCard} {
		for _, noHeader := range []bool{false, true} {
			print := func(each func(page func([]*contact.Contact) error) error) (string, error) {
				ios, _, out, _ := iostreams.Test()
				p, err := New(ios, format, noHeader, "", func() time.Time { return now })
				if err != nil {
					t.Fatal(err)
				}
				if each == nil {
					err = p.Contacts(cs, cols)
				} else {
					err = p.ContactPages(cols, each)
				}
				return out.String(), err
			}
			want, err := print(nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := print(func(page func([]*contact.Contact) error) error {
				for _, cs := range pages {
					if err := page(cs); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil || got != want {
				t.Errorf("-o %s (no header %v) in pages: %v\n%q\nwant\n%q", format, noHeader, err, got, want)
			}
			bad := errors.New("query: bad")
			got, err = print(func(func([]*contact.Contact) error) error { return bad })
			if !errors.Is(err, bad) || got != "" {
				t.Errorf("-o %s: an error before the first page: %v, printed %q; want the error and nothing", format, err, got)
			}
		}
	}
}

// Any listing printed a page at a time (blocked reads its blocks from the
// store in pages) is byte for byte what Rows and JSONList print of it at
// once, in every format: one JSON array of the items, one header. An
// error before the first page prints nothing; -o vcard is refused before
// anything is read.
func TestPagesPrintAsRows(t *testing.T) {
	type item struct {
		ID   int64  `json:"id"`
		Who  string `json:"who"`
		Note string `json:"note"`
	}
	items := []item{{1, "Ada", "a & b <c>"}, {2, "Tab\tName", `said "stop", twice`}, {3, "", "Zoë"}, {4, "+14155550100", ""}}
	headers := []string{"id", "who", "note"}
	row := func(v item) []string { return []string{strconv.FormatInt(v.ID, 10), v.Who, v.Note} }
	pages := [][]item{items[:2], items[2:3], items[3:]}
	for _, format := range []string{Table, TSV, CSV, JSON, NDJSON, IDs} {
		for _, noHeader := range []bool{false, true} {
			printer := func() (*Printer, *bytes.Buffer) {
				ios, _, out, _ := iostreams.Test()
				p, err := New(ios, format, noHeader, "", time.Now)
				if err != nil {
					t.Fatal(err)
				}
				return p, out
			}
			p, out := printer()
			var err error
			if format == JSON || format == NDJSON {
				err = p.JSONList(len(items), func(i int) any { return items[i] })
			} else {
				rows := make([][]string, len(items))
				for i, v := range items {
					rows[i] = row(v)
				}
				err = p.Rows(headers, rows)
			}
			if err != nil {
				t.Fatal(err)
			}
			want := out.String()
			p, out = printer()
			err = Pages(p, headers, row, func(page func([]item) error) error {
				for _, pg := range pages {
					if err := page(pg); err != nil {
						return err
					}
				}
				return nil
			})
			if got := out.String(); err != nil || got != want {
				t.Errorf("-o %s (no header %v) in pages: %v\n%q\nwant\n%q", format, noHeader, err, got, want)
			}
			p, out = printer()
			bad := errors.New("database: busy")
			err = Pages(p, headers, row, func(func([]item) error) error { return bad })
			if !errors.Is(err, bad) || out.String() != "" {
				t.Errorf("-o %s: an error before the first page: %v, printed %q; want the error and nothing", format, err, out.String())
			}
		}
	}
	ios, _, out, _ := iostreams.Test()
	p, err := New(ios, VCard, false, "", time.Now)
	if err != nil {
		t.Fatal(err)
	}
	read := false
	err = Pages(p, headers, row, func(func([]item) error) error { read = true; return nil })
	if contact.ErrorCode(err) != contact.EINVALID || read || out.String() != "" {
		t.Errorf("-o vcard: %v (read %v, printed %q); want EINVALID before reading", err, read, out.String())
	}
}

// A table's headers are upper case with words apart, as tablewriter's
// auto-format makes them, but a number stays with its word: the e164
// column is headed E164, not "E 164".
func TestHeaderText(t *testing.T) {
	for in, want := range map[string]string{
		"e164":            "E164",
		"shared_with":     "SHARED WITH",
		"attr.leadSource": "ATTR LEAD SOURCE",
		"attr.plan2":      "ATTR PLAN2",
		"name":            "NAME",
		"attr.a__b":       "ATTR A B",
	} {
		if got := headerText(in); got != want {
			t.Errorf("headerText(%q) = %q, want %q", in, got, want)
		}
	}
}
