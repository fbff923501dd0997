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

// Write implements Encoder.
func (e *CSVEncoder) Write(c *contact.Contact) error {
	if err := e.writeHeader(); err != nil {
		return err
	}
	row := make([]string, len(exportColumns))
	for i, col := range exportColumns {
		row[i] = csvCell(c, col)
	}
	if e.safe {
		safeCells(row)
	}
	return e.w.Write(row)
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

func csvCell(c *contact.Contact, col string) string {
	var lines []string
	switch col {
	case "id":
		if c.ID == 0 {
			return ""
		}
		return strconv.FormatInt(c.ID, 10)
	case "uid":
		return c.UID
	case "phones":
		for _, p := range c.Phones {
			lines = append(lines, labelled(p.Label, phoneCell(p)))
		}
	case "emails":
		for _, m := range c.Emails {
			lines = append(lines, labelled(m.Label, m.Address))
		}
	case "addresses":
		for _, a := range c.Addresses {
			lines = append(lines, labelled(a.Label, contact.AddressParts(a)))
		}
	case "socials":
		for _, s := range c.Socials {
			lines = append(lines, s.Network+"="+s.Handle)
		}
	case "urls":
		for _, u := range c.URLs {
			lines = append(lines, u.Label+"="+u.URL)
		}
	case "tags":
		return strings.Join(c.Tags, ",")
	case "attributes":
		for _, k := range c.SortedAttributeKeys() {
			lines = append(lines, k+"="+c.Attributes[k])
		}
	case "notes":
		return notesCell(c.Notes)
	case "interactions":
		return interactionsCell(c.Interactions)
	case "visibility":
		return c.Visibility
	case "owner":
		return c.Owner
	case "shared_with":
		return strings.Join(c.SharedWith, ",")
	case "favorite":
		return formatBool(c.Favorite)
	case "blocked":
		switch {
		case c.Blocked == nil:
			return ""
		case c.Blocked.Until == nil:
			return "forever"
		}
		return formatTime(c.Blocked.Until)
	case "blocked_reason", "blocked_by", "blocked_at":
		if c.Blocked == nil {
			return ""
		}
		switch col {
		case "blocked_reason":
			return c.Blocked.Reason
		case "blocked_by":
			return c.Blocked.By
		}
		return formatTime(&c.Blocked.CreatedAt)
	case "archived":
		return formatBool(c.Archived)
	case "archived_at":
		return formatTime(c.ArchivedAt)
	case "deleted":
		return formatBool(c.Deleted)
	case "deleted_at":
		return formatTime(c.DeletedAt)
	case "created_at":
		return formatTime(&c.CreatedAt)
	case "updated_at":
		return formatTime(&c.UpdatedAt)
	case "last_activity_at":
		return formatTime(c.LastActivityAt)
	case "last_channel":
		return c.LastChannel
	case "vcard_extra":
		return c.VCardExtra
	default:
		if f, ok := contact.LookupField(col); ok {
			return f.Get(c)
		}
	}
	return strings.Join(lines, "\n")
}

// phoneCell writes a number entered without + followed by its E.164 form
// in brackets ("020 7946 0958 (+442079460958)"): without + a number means
// what the region it was entered in says, and the file may be read in
// another. A number with + is written as it is, but for one an older rolo
// stored that rolo refuses as written now ("+49 30 1234 Mobil":
// contact.RefusedAsWritten), which the bracket imports as its number. The
// decoder reads the bracket back (splitE164).
func phoneCell(p contact.Phone) string {
	if p.E164 == "" || strings.HasPrefix(strings.TrimSpace(p.Number), "+") && !contact.RefusedAsWritten(p.Number) {
		return p.Number
	}
	return p.Number + " (" + p.E164 + ")"
}

func labelled(label, v string) string {
	if label == "" {
		return v
	}
	return label + "=" + v
}

// notesCell writes one plain note as its text, and notes that carry an
// author, a time or an ID (or several notes) as a JSON array, which the
// decoder reads back.
func notesCell(ns []contact.Note) string {
	if len(ns) == 0 {
		return ""
	}
	if len(ns) == 1 && ns[0].ID == 0 && ns[0].Author == "" && ns[0].CreatedAt.IsZero() && !strings.HasPrefix(ns[0].Text, "[") {
		return ns[0].Text
	}
	type note struct {
		ID        int64  `json:"id,omitempty"`
		Author    string `json:"author,omitempty"`
		Text      string `json:"text"`
		CreatedAt string `json:"created_at,omitempty"`
	}
	out := make([]note, len(ns))
	for i, n := range ns {
		out[i] = note{ID: n.ID, Author: n.Author, Text: n.Text, CreatedAt: formatTime(&n.CreatedAt)}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(out)
	return strings.TrimSpace(buf.String())
}

// interactionsCell writes a contact's interaction history as a JSON array
// with the keys `show -o json` gives an interaction (empty when there is
// none), which the decoder reads back.
func interactionsCell(its []contact.Interaction) string {
	if len(its) == 0 {
		return ""
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(its)
	return strings.TrimSpace(buf.String())
}
