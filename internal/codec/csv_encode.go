package codec

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// templateColumns are the columns of `rolo template`: everything a person
// fills in. Multi-valued cells hold one value per line, written as the
// command-line flags take them (--phone LABEL=NUMBER, --address
// LABEL=street;city;state;zip;country, --attr KEY=VALUE); tags are
// comma-separated.
var templateColumns = []string{"first", "middle", "last", "prefix", "suffix", "nickname", "company", "title",
	"department", "type", "level", "birthday", "anniversary", "language", "timezone", "phones", "emails",
	"addresses", "socials", "urls", "tags", "attributes", "notes", "visibility"}

// exportColumns are the columns of a CSV export: the template's, with the
// interaction history after the notes, plus everything else a contact
// holds, so that the export re-imports with nothing lost. The template
// leaves interactions out: a person filling it in logs none (an import
// reads the column all the same).
var exportColumns = func() []string {
	cols := append([]string{"id", "uid"}, templateColumns...)
	cols = slices.Insert(cols, slices.Index(cols, "notes")+1, "interactions")
	return append(cols, "owner", "shared_with", "favorite",
		"blocked", "blocked_reason", "blocked_by", "blocked_at", "archived", "archived_at", "deleted", "deleted_at",
		"created_at", "updated_at", "last_activity_at", "last_channel", "vcard_extra")
}()

// Template returns rolo's CSV import template: the header and one example
// row (`rolo template`).
func Template() string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(templateColumns)
	ex := map[string]string{
		"first": "Ada", "last": "Lovelace", "prefix": "Dr.", "nickname": "Ada",
		"company": "Analytical Engines Ltd", "title": "CTO", "department": "R&D", "type": "customer",
		"level": "primary", "birthday": "1815-12-10", "language": "en", "timezone": "Europe/London",
		"phones":     "mobile=+44 20 7946 0958\nwork=+44 20 7946 0000",
		"emails":     "work=ada@example.com\nhome=ada.lovelace@example.org",
		"addresses":  "work=12 St James's Square;London;;SW1Y 4JH;GB",
		"socials":    "linkedin=ada-lovelace",
		"urls":       "work=https://example.com",
		"tags":       "vip,engineering",
		"attributes": "source=conference\naccount_manager=Charles",
		"notes":      "Met at the 1843 conference.",
		"visibility": "private",
	}
	row := make([]string, len(templateColumns))
	for i, col := range templateColumns {
		row[i] = ex[col]
	}
	w.Write(row)
	w.Flush()
	return buf.String()
}

// CSVEncoder writes rolo's CSV: one row per contact, with every field.
type CSVEncoder struct {
	w      *csv.Writer
	header bool
	safe   bool // see EncodeOptions.CSVSafe
	// What Write reuses from row to row: the row, its cells written one
	// after the other into buf (ends[i] is where cell i ends), and the
	// JSON of the notes and interactions cells.
	row  []string
	buf  []byte
	ends []int
	js   jsonCell
}

// NewCSVEncoder returns an encoder of rolo's CSV.
func NewCSVEncoder(w io.Writer) *CSVEncoder {
	return &CSVEncoder{w: csv.NewWriter(w)}
}

func (e *CSVEncoder) writeHeader() error {
	if e.header {
		return nil
	}
	e.header = true
	return e.w.Write(exportColumns)
}

// Write implements Encoder. The row's cells are written into one buffer
// and made one string, of which each cell is a part: one allocation a
// row rather than one a cell (an export spent a fifth of its time
// allocating and collecting).
func (e *CSVEncoder) Write(c *contact.Contact) error {
	if err := e.writeHeader(); err != nil {
		return err
	}
	if e.row == nil {
		e.row, e.ends = make([]string, len(exportColumns)), make([]int, len(exportColumns))
	}
	b := e.buf[:0]
	for i, cell := range exportCells {
		b = cell(e, b, c)
		e.ends[i] = len(b)
	}
	e.buf = b
	cells, start := string(b), 0
	for i, end := range e.ends {
		e.row[i], start = cells[start:end], end
	}
	if e.safe {
		safeCells(e.row)
	}
	return e.w.Write(e.row)
}

// safeCells neutralizes, in place, the cells of a row a spreadsheet would
// run (see safeCell).
func safeCells(row []string) {
	for i, cell := range row {
		row[i] = safeCell(cell)
	}
}

// safeCell neutralizes one CSV cell for spreadsheets: a cell that starts
// with a character a spreadsheet reads as the start of a formula (OWASP's
// advice: = + - @ tab and carriage return) gets a leading single quote.
func safeCell(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// safeCellValue undoes safeCell for a cell whose value never starts with
// a quote (a date, a UID): the value without the quote, when the cell is
// one safeCell wrote ('--12-25), else the cell as it is.
func safeCellValue(cell string) string {
	if len(cell) > 1 && cell[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(cell[1])) {
		return cell[1:]
	}
	return cell
}

// Close implements Encoder.
func (e *CSVEncoder) Close() error {
	if err := e.writeHeader(); err != nil {
		return err
	}
	e.w.Flush()
	return e.w.Error()
}

func formatTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func formatBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// cellWriter appends a contact's cell of a column of a CSV export to b.
type cellWriter func(e *CSVEncoder, b []byte, c *contact.Contact) []byte

// exportCells are the cell writers of exportColumns, in their order.
var exportCells = func() []cellWriter {
	ws := make([]cellWriter, len(exportColumns))
	for i, col := range exportColumns {
		ws[i] = csvCell(col)
	}
	return ws
}()

// csvCell returns the writer of a column's cells: a multi-valued field
// one value a line, tags and shares comma-separated.
func csvCell(col string) cellWriter {
	text := func(get func(c *contact.Contact) string) cellWriter {
		return func(_ *CSVEncoder, b []byte, c *contact.Contact) []byte { return append(b, get(c)...) }
	}
	when := func(get func(c *contact.Contact) *time.Time) cellWriter {
		return func(_ *CSVEncoder, b []byte, c *contact.Contact) []byte { return appendTime(b, get(c)) }
	}
	flag := func(get func(c *contact.Contact) bool) cellWriter {
		return text(func(c *contact.Contact) string { return formatBool(get(c)) })
	}
	// lines writes n values, one a line.
	lines := func(n func(c *contact.Contact) int, value func(b []byte, c *contact.Contact, i int) []byte) cellWriter {
		return func(_ *CSVEncoder, b []byte, c *contact.Contact) []byte {
			for i := range n(c) {
				if i > 0 {
					b = append(b, '\n')
				}
				b = value(b, c, i)
			}
			return b
		}
	}
	switch col {
	case "id":
		return func(_ *CSVEncoder, b []byte, c *contact.Contact) []byte {
			if c.ID == 0 {
				return b
			}
			return strconv.AppendInt(b, c.ID, 10)
		}
	case "uid":
		return text(func(c *contact.Contact) string { return c.UID })
	case "phones":
		return lines(func(c *contact.Contact) int { return len(c.Phones) }, func(b []byte, c *contact.Contact, i int) []byte {
			p := c.Phones[i]
			return appendPhone(appendLabel(b, p.Label), p)
		})
	case "emails":
		return lines(func(c *contact.Contact) int { return len(c.Emails) }, func(b []byte, c *contact.Contact, i int) []byte {
			return append(appendLabel(b, c.Emails[i].Label), c.Emails[i].Address...)
		})
	case "addresses":
		return lines(func(c *contact.Contact) int { return len(c.Addresses) }, func(b []byte, c *contact.Contact, i int) []byte {
			return appendAddressParts(appendLabel(b, c.Addresses[i].Label), c.Addresses[i])
		})
	case "socials":
		return lines(func(c *contact.Contact) int { return len(c.Socials) }, func(b []byte, c *contact.Contact, i int) []byte {
			return append(append(append(b, c.Socials[i].Network...), '='), c.Socials[i].Handle...)
		})
	case "urls":
		return lines(func(c *contact.Contact) int { return len(c.URLs) }, func(b []byte, c *contact.Contact, i int) []byte {
			return append(append(append(b, c.URLs[i].Label...), '='), c.URLs[i].URL...)
		})
	case "tags":
		return func(_ *CSVEncoder, b []byte, c *contact.Contact) []byte { return appendJoined(b, c.Tags) }
	case "attributes":
		return func(_ *CSVEncoder, b []byte, c *contact.Contact) []byte {
			for i, k := range c.SortedAttributeKeys() {
				if i > 0 {
					b = append(b, '\n')
				}
				b = append(append(append(b, k...), '='), c.Attributes[k]...)
			}
			return b
		}
	case "notes":
		return func(e *CSVEncoder, b []byte, c *contact.Contact) []byte { return e.js.appendNotes(b, c.Notes) }
	case "interactions":
		return func(e *CSVEncoder, b []byte, c *contact.Contact) []byte {
			return e.js.appendInteractions(b, c.Interactions)
		}
	case "visibility":
		return text(func(c *contact.Contact) string { return c.Visibility })
	case "owner":
		return text(func(c *contact.Contact) string { return c.Owner })
	case "shared_with":
		return func(_ *CSVEncoder, b []byte, c *contact.Contact) []byte { return appendJoined(b, c.SharedWith) }
	case "favorite":
		return flag(func(c *contact.Contact) bool { return c.Favorite })
	case "blocked":
		return func(_ *CSVEncoder, b []byte, c *contact.Contact) []byte {
			switch {
			case c.Blocked == nil:
				return b
			case c.Blocked.Until == nil:
				return append(b, "forever"...)
			}
			return appendTime(b, c.Blocked.Until)
		}
	case "blocked_reason", "blocked_by", "blocked_at":
		return func(_ *CSVEncoder, b []byte, c *contact.Contact) []byte {
			if c.Blocked == nil {
				return b
			}
			switch col {
			case "blocked_reason":
				return append(b, c.Blocked.Reason...)
			case "blocked_by":
				return append(b, c.Blocked.By...)
			}
			return appendTime(b, &c.Blocked.CreatedAt)
		}
	case "archived":
		return flag(func(c *contact.Contact) bool { return c.Archived })
	case "archived_at":
		return when(func(c *contact.Contact) *time.Time { return c.ArchivedAt })
	case "deleted":
		return flag(func(c *contact.Contact) bool { return c.Deleted })
	case "deleted_at":
		return when(func(c *contact.Contact) *time.Time { return c.DeletedAt })
	case "created_at":
		return when(func(c *contact.Contact) *time.Time { return &c.CreatedAt })
	case "updated_at":
		return when(func(c *contact.Contact) *time.Time { return &c.UpdatedAt })
	case "last_activity_at":
		return when(func(c *contact.Contact) *time.Time { return c.LastActivityAt })
	case "last_channel":
		return text(func(c *contact.Contact) string { return c.LastChannel })
	case "vcard_extra":
		return text(func(c *contact.Contact) string { return c.VCardExtra })
	}
	if f, ok := contact.LookupField(col); ok {
		return text(f.Get)
	}
	panic("codec: no cell writer for CSV column " + col)
}

// appendTime appends formatTime(t) to b.
func appendTime(b []byte, t *time.Time) []byte {
	if t == nil || t.IsZero() {
		return b
	}
	return t.UTC().AppendFormat(b, time.RFC3339)
}

// appendJoined appends vs to b, comma-separated (strings.Join(vs, ",")).
func appendJoined(b []byte, vs []string) []byte {
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, v...)
	}
	return b
}

// appendLabel appends what labelled writes before a value: "label=", or
// nothing without a label.
func appendLabel(b []byte, label string) []byte {
	if label == "" {
		return b
	}
	return append(append(b, label...), '=')
}

// appendPhone appends a phone's number: a number entered without +
// followed by its E.164 form in brackets ("020 7946 0958
// (+442079460958)"): without + a number means what the region it was
// entered in says, and the file may be read in another. A number with +
// is written as it is, but for one an older rolo stored that rolo
// refuses as written now ("+49 30 1234 Mobil": contact.RefusedAsWritten),
// which the bracket imports as its number. The decoder reads the bracket
// back (splitE164).
func appendPhone(b []byte, p contact.Phone) []byte {
	b = append(b, p.Number...)
	if p.E164 == "" || strings.HasPrefix(strings.TrimSpace(p.Number), "+") && !contact.RefusedAsWritten(p.Number) {
		return b
	}
	return append(append(append(b, " ("...), p.E164...), ')')
}

// appendAddressParts appends contact.AddressParts(a) to b.
func appendAddressParts(b []byte, a contact.Address) []byte {
	parts := [...]string{a.Street, a.City, a.State, a.Zip, a.Country}
	for _, p := range parts {
		if strings.ContainsAny(p, `\;`) {
			// A part to escape.
			return append(b, contact.AddressParts(a)...)
		}
	}
	for i, p := range parts {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, p...)
	}
	return b
}

// jsonCell writes the JSON of notes and interactions cells, with one
// buffer and encoder from cell to cell.
type jsonCell struct {
	buf   bytes.Buffer
	enc   *json.Encoder
	notes []noteJSON
}

// noteJSON is a note in a notes cell.
type noteJSON struct {
	ID        int64  `json:"id,omitempty"`
	Author    string `json:"author,omitempty"`
	Text      string `json:"text"`
	CreatedAt string `json:"created_at,omitempty"`
}

// appendJSON appends v as JSON to b, without the encoder's line end.
func (j *jsonCell) appendJSON(b []byte, v any) []byte {
	if j.enc == nil {
		j.enc = json.NewEncoder(&j.buf)
		j.enc.SetEscapeHTML(false)
	}
	j.buf.Reset()
	j.enc.Encode(v)
	return append(b, bytes.TrimSpace(j.buf.Bytes())...)
}

// appendNotes writes one plain note as its text, and notes that carry an
// author, a time or an ID (or several notes) as a JSON array, which the
// decoder reads back.
func (j *jsonCell) appendNotes(b []byte, ns []contact.Note) []byte {
	if len(ns) == 0 {
		return b
	}
	if len(ns) == 1 && ns[0].ID == 0 && ns[0].Author == "" && ns[0].CreatedAt.IsZero() && !strings.HasPrefix(ns[0].Text, "[") {
		return append(b, ns[0].Text...)
	}
	j.notes = j.notes[:0]
	for _, n := range ns {
		j.notes = append(j.notes, noteJSON{ID: n.ID, Author: n.Author, Text: n.Text, CreatedAt: formatTime(&n.CreatedAt)})
	}
	return j.appendJSON(b, j.notes)
}

// appendInteractions writes a contact's interaction history as a JSON
// array with the keys `show -o json` gives an interaction (empty when
// there is none), which the decoder reads back.
func (j *jsonCell) appendInteractions(b []byte, its []contact.Interaction) []byte {
	if len(its) == 0 {
		return b
	}
	return j.appendJSON(b, its)
}
