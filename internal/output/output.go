// Package output is rolo's one output layer: it chooses the format (a table
// on a terminal, TSV in a pipe, or what -o says) and renders rows, contacts
// and JSON. Data goes to stdout; messages go to stderr.
package output

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/clipperhouse/uax29/v2/graphemes"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/iostreams"
	"github.com/rolo-cli/rolo/internal/lazyre"
)

// Formats -o accepts.
const (
	Table  = "table"
	TSV    = "tsv"
	CSV    = "csv"
	JSON   = "json"
	NDJSON = "ndjson"
	IDs    = "ids"
	VCard  = "vcard"
)

// Formats lists the formats for help and completion. vcard is for the
// commands that print contacts (see Factory.ContactPrinter).
var Formats = []string{Table, TSV, CSV, JSON, NDJSON, IDs, VCard}

// PlainFormats are the formats of output that is not contacts: Formats
// but vcard (NoVCard).
func PlainFormats() []string {
	return slices.DeleteFunc(slices.Clone(Formats), func(f string) bool { return f == VCard })
}

// Printer renders command output in one format.
type Printer struct {
	IO         *iostreams.IOStreams
	Format     string
	NoHeader   bool
	DateFormat string
	Now        func() time.Time
	// Quiet (-q) leaves out the note on stderr about columns a table
	// had no room for.
	Quiet bool
}

// New resolves the format: the flag if given, else a table on a terminal
// and TSV in a pipe.
func New(io *iostreams.IOStreams, flag string, noHeader bool, dateFormat string, now func() time.Time) (*Printer, error) {
	f := strings.ToLower(strings.TrimSpace(flag))
	if f == "" {
		f = TSV
		if io.IsStdoutTTY() {
			f = Table
		}
	} else if err := CheckFormat(flag); err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	return &Printer{IO: io, Format: f, NoHeader: noHeader, DateFormat: dateFormat, Now: now}, nil
}

// CheckFormat refuses a -o value that is not one of Formats (exit 2). The
// root command checks -o with it for every command, those that print no
// data included, so that a mistyped format is an error everywhere.
func CheckFormat(flag string) error {
	if !slices.Contains(Formats, strings.ToLower(strings.TrimSpace(flag))) {
		return contact.Errorf(contact.EINVALID, "--output: unknown format %s (use %s)", contact.Quote(flag), strings.Join(Formats, ", "))
	}
	return nil
}

// NoVCard refuses -o vcard for output that is not contacts.
func (p *Printer) NoVCard() error { return NoVCardFormat(p.Format) }

// NoVCardFormat refuses the -o value vcard (in any case) for a command
// whose output is not contacts: the root command checks it before such a
// command runs, also one that prints no data (tag, note...), whose help
// lists the formats without vcard.
func NoVCardFormat(flag string) error {
	if strings.EqualFold(strings.TrimSpace(flag), VCard) {
		return contact.Errorf(contact.EINVALID, "--output: vcard is for commands that print contacts (list, search, show, trash); use %s here",
			strings.Join(PlainFormats(), ", "))
	}
	return nil
}

// Human reports whether output is for a person at a terminal (a table).
func (p *Printer) Human() bool { return p.Format == Table }

// buffered gathers one call's output for stdout, to be written with
// flush: one write system call per 64 KiB rather than one per cell, which
// cost a 50-row search in a pipe some 600 calls. At a terminal it escapes
// control characters (IOStreams.DataOut), in TSV, CSV, JSON and vCard
// alike; a file or a pipe gets the data as it is.
func (p *Printer) buffered() *buffer {
	d := p.IO.DataOut(p.Format == JSON || p.Format == NDJSON)
	return &buffer{Writer: bufio.NewWriterSize(d, 64<<10), data: d}
}

// buffer is buffered's writer.
type buffer struct {
	*bufio.Writer
	data *iostreams.DataWriter
}

// Flush writes what the buffer holds: the output has ended.
func (b *buffer) Flush() error {
	if err := b.Writer.Flush(); err != nil {
		return err
	}
	return b.data.Flush()
}

// Text is a value as a table, show's card or a question prints it: its
// control characters escaped as messages escape them (iostreams.Printable:
// ESC as \x1b, a carriage return as \r), newlines and tabs kept. A
// property kept from a vCard may hold an escape sequence (JSON and export
// keep it as it came); printed as it is, it would clear the screen or
// retitle the window of whoever looks at the contact.
func Text(s string) string { return iostreams.Printable(s) }

// IDs prints contact IDs for -o ids, one a line, each once, in the order
// given.
func (p *Printer) IDs(ids []int64) error {
	seen := map[int64]bool{}
	var rows [][]string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			rows = append(rows, []string{strconv.FormatInt(id, 10)})
		}
	}
	return p.Rows([]string{"id"}, rows)
}

// Rows prints a header and rows as a table, TSV or CSV. JSON formats get
// an array of objects keyed by the headers in lower case.
func (p *Printer) Rows(headers []string, rows [][]string) error {
	rw, err := p.rowWriter(headers)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := rw.write(r); err != nil {
			return err
		}
	}
	return rw.close()
}

// Pages prints a listing read a page at a time (a store's EachBlock or
// EachFound): each calls page with each page of the list in turn. The
// JSON formats print the items themselves, as JSONList does; the others
// print row(item) under headers, as Rows does. Every format but the table
// writes a page before the next is read, so that memory does not grow
// with the list; a table keeps its cells to the end, to measure its
// columns. An error from each is returned, with the pages before it
// written.
func Pages[T any](p *Printer, headers []string, row func(T) []string, each func(page func([]T) error) error) error {
	if err := p.NoVCard(); err != nil {
		return err
	}
	if p.Format == JSON || p.Format == NDJSON {
		l := p.jsonList()
		if err := perItem(each, func(v T) error { return l.add(v) }); err != nil {
			return err
		}
		return l.close()
	}
	rw, err := p.rowWriter(headers)
	if err != nil {
		return err
	}
	if err := perItem(each, func(v T) error { return rw.write(row(v)) }); err != nil {
		return err
	}
	return rw.close()
}

// perItem calls fn on every item of the pages each gives, in order, and
// stops at fn's first error.
func perItem[T any](each func(func([]T) error) error, fn func(T) error) error {
	return each(func(page []T) error {
		for _, v := range page {
			if err := fn(v); err != nil {
				return err
			}
		}
		return nil
	})
}

// rowWriter prints what Rows prints a row at a time, for a listing read a
// page at a time: only a table keeps its rows until close, to measure its
// columns. Nothing reaches stdout before the first 64 KiB or close.
type rowWriter struct {
	p       *Printer
	headers []string
	w       *buffer
	csv     *csv.Writer
	json    *jsonList
	rows    [][]string // a table's
}

func (p *Printer) rowWriter(headers []string) (*rowWriter, error) {
	if err := p.NoVCard(); err != nil {
		return nil, err
	}
	rw := &rowWriter{p: p, headers: headers}
	switch p.Format {
	case Table:
	case TSV:
		rw.w = p.buffered()
		if !p.NoHeader {
			writeTSV(rw.w, headers)
		}
	case CSV:
		rw.w = p.buffered()
		rw.csv = csv.NewWriter(rw.w)
		if !p.NoHeader {
			rw.csv.Write(headers)
		}
	case IDs:
		rw.w = p.buffered()
	default:
		rw.json = p.jsonList()
	}
	return rw, nil
}

func (rw *rowWriter) write(r []string) error {
	switch rw.p.Format {
	case Table:
		cells, copied := r, false // copied when a cell needs escaping
		for i, v := range r {
			if t := expandTabs(Text(v)); t != v {
				if !copied {
					cells, copied = slices.Clone(r), true
				}
				cells[i] = t
			}
		}
		rw.rows = append(rw.rows, cells)
	case TSV:
		writeTSV(rw.w, r)
	case CSV:
		rw.csv.Write(r)
	case IDs:
		fmt.Fprintln(rw.w, r[0])
	default:
		obj := map[string]string{}
		for j, h := range rw.headers {
			obj[strings.ToLower(h)] = r[j]
		}
		return rw.json.add(obj)
	}
	return nil
}

func (rw *rowWriter) close() error {
	switch rw.p.Format {
	case Table:
		return rw.p.table(rw.headers, rw.rows)
	case CSV:
		rw.csv.Flush()
		if err := rw.csv.Error(); err != nil {
			return err
		}
	case TSV, IDs:
	default:
		return rw.json.close()
	}
	return rw.w.Flush()
}

func (p *Printer) table(headers []string, rows [][]string) error {
	w := p.buffered()
	t := tablewriter.NewTable(&lineTrimmer{w: w},
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenColumns: tw.Off, BetweenRows: tw.Off, ShowHeader: tw.Off},
				Lines:      tw.Lines{ShowTop: tw.Off, ShowBottom: tw.Off, ShowHeaderLine: tw.Off},
			},
		})),
		// Headers are formatted here (headerText), before fitColumns
		// measures them, not by tablewriter after the cut.
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapTruncate),
		tablewriter.WithPadding(tw.Padding{Left: "", Right: "  ", Overwrite: true}),
	)
	names := headers
	headers = make([]string, len(names))
	for i, h := range names {
		headers[i] = headerText(Text(h))
	}
	if w := p.IO.TerminalWidth(); w > 0 {
		var left []string
		headers, rows, left = fitColumns(headers, rows, w, p.NoHeader)
		if len(left) > 0 && !p.Quiet {
			// Named as --columns and -o tsv name them (shared_with,
			// attr.source), not as their headers read; the columns left
			// out are the last ones.
			left = names[len(names)-len(left):]
			fmt.Fprintf(p.IO.ErrOut, "rolo: %d of %d columns do not fit the %d-column terminal and are left out: %s (-o tsv shows them)\n",
				len(left), len(names), w, Text(strings.Join(left, ", ")))
		}
	}
	if !p.NoHeader {
		h := make([]any, len(headers))
		for i, s := range headers {
			h[i] = s
		}
		t.Header(h...)
	}
	for _, r := range rows {
		if err := t.Append(r); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	return w.Flush()
}

// lineTrimmer drops the spaces at the end of each line written through it:
// the table pads every cell, the last one too, and a line copied from the
// terminal or diffed should not end in them.
type lineTrimmer struct {
	w      io.Writer
	spaces int // spaces held back until something other than a newline
}

func (l *lineTrimmer) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		i := bytes.IndexAny(b, " \n")
		if i < 0 {
			i = len(b)
		}
		if i > 0 {
			if err := l.flushSpaces(); err != nil {
				return 0, err
			}
			if _, err := l.w.Write(b[:i]); err != nil {
				return 0, err
			}
		}
		if i == len(b) {
			break
		}
		if b[i] == ' ' {
			l.spaces++
		} else {
			l.spaces = 0
			if _, err := l.w.Write(b[i : i+1]); err != nil {
				return 0, err
			}
		}
		b = b[i+1:]
	}
	return n, nil
}

func (l *lineTrimmer) flushSpaces() error {
	if l.spaces == 0 {
		return nil
	}
	_, err := io.WriteString(l.w, strings.Repeat(" ", l.spaces))
	l.spaces = 0
	return err
}

// tabStop is the distance between a terminal's tab stops.
const tabStop = 8

// expandTabs writes each tab of s as the spaces up to the next tab stop,
// counted from the start of s and of each of its lines, as a terminal
// draws it (and expand(1) writes it), for the cells of a table and the
// lines of show's card, which are measured to fit the terminal.
// tablewriter's width package would measure a tab, and its tables draw
// one, as wide as it guesses from TABWIDTH, an .editorconfig above the
// current directory or a go.mod in it (4 there, 8 elsewhere): the same
// table changed with the directory, and a card line holding a tab was
// measured narrower than the terminal drew it.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for {
		i := strings.IndexAny(s, "\t\n")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		if s[i] == '\n' {
			b.WriteByte('\n')
			col = 0
		} else {
			col += twwidth.Width(s[:i])
			n := tabStop - col%tabStop
			b.WriteString(strings.Repeat(" ", n))
			col += n
		}
		s = s[i+1:]
	}
}

// headerText is a header as the table prints it: upper case, with "_",
// "." and camel case made spaces, as tablewriter's header auto-format does,
// but digits kept with their word (E164, not tablewriter's "E 164").
// fitColumns measures and cuts this text: formatted after the cut,
// "Compa…" became "COMPA …", one column wider than its room, and every
// line of the table wrapped.
func headerText(h string) string {
	var b strings.Builder
	prev := ' '
	for _, r := range h {
		switch {
		case r == '_' || r == '.' || unicode.IsSpace(r):
			r = ' '
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			b.WriteByte(' ')
		}
		if r == ' ' && prev == ' ' {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return strings.ToUpper(strings.TrimSpace(b.String()))
}

// columnGap is the padding right of each table column.
const columnGap = 2

// minColumn is the narrowest a cut column gets ("Ad…"): columns that
// cannot all have that much room are left out from the right, as a table
// whose every cell is "…" shows nothing.
const minColumn = 3

// fitColumns shortens cells (with "…") so that a table fits a terminal
// width columns wide. Columns narrower than an equal share keep their width
// and give the rest to the wide ones (tablewriter's own limit splits the
// width equally, and cut names and numbers while the screen stayed empty).
// A column of numbers (IDs, counts) is never cut below its widest number:
// "19…" reads as no ID at all, or as another; columns are left out first.
// It returns the headers of the columns left out, if any.
func fitColumns(headers []string, rows [][]string, width int, noHeader bool) ([]string, [][]string, []string) {
	n := len(headers)
	if n == 0 {
		return headers, rows, nil
	}
	natural := make([]int, n)
	numbers := make([]int, n) // the widest number of a column of numbers, else 0
	for i := range headers {
		if !noHeader {
			natural[i] = twwidth.Width(headers[i])
		}
		text := false // a cell of a column of numbers that is none
		for _, r := range rows {
			natural[i] = max(natural[i], twwidth.Width(r[i]))
			if r[i] != "" && !text {
				if text = !isNumber(r[i]); !text {
					numbers[i] = max(numbers[i], len(r[i]))
				}
			}
		}
		if text {
			numbers[i] = 0
		}
	}
	// The gap right of the last column is padding the line trimmer
	// drops: a table as wide as the terminal fits it.
	var dropped []string
	need := -columnGap
	for i := range n {
		need += max(1, min(natural[i], minColumn), numbers[i]) + columnGap // its floor, below
		if need > width && i > 0 {
			dropped = headers[i:]
			n = i
			headers, natural = headers[:n], natural[:n]
			kept := make([][]string, len(rows))
			for j, r := range rows {
				kept[j] = r[:n]
			}
			rows = kept
			break
		}
	}
	avail := width - columnGap*(n-1)
	total := 0
	for _, w := range natural {
		total += w
	}
	if total <= avail {
		return headers, rows, dropped
	}
	// Water-filling: the narrowest columns first, each up to an equal
	// share of what is left.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return natural[a] - natural[b] })
	// Each column keeps at least its floor (three characters, or its
	// widest number), which the columns kept fit together.
	floor := make([]int, n)
	floors := 0 // of the columns still to come
	for i := range n {
		floor[i] = max(1, min(natural[i], minColumn), numbers[i])
		floors += floor[i]
	}
	limit := make([]int, n)
	left := max(avail, n)
	for k, i := range order {
		floors -= floor[i]
		share := left / (n - k)
		limit[i] = max(floor[i], min(natural[i], share, left-floors))
		left -= limit[i]
	}
	fitted := make([]string, n)
	for i, h := range headers {
		fitted[i] = cutWidth(h, limit[i])
	}
	out := make([][]string, len(rows))
	for j, r := range rows {
		out[j] = make([]string, n)
		for i, c := range r {
			out[j][i] = cutWidth(c, limit[i])
		}
	}
	return fitted, out, dropped
}

// isNumber reports whether s is a number as tables show IDs and counts:
// ASCII digits, with a decimal point (a score) at most.
func isNumber(s string) bool {
	point := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !point && i > 0 && i < len(s)-1:
			point = true
		default:
			return false
		}
	}
	return s != ""
}

// cutWidth is s, or when it is wider than w columns its start and "…",
// w columns wide at most.
func cutWidth(s string, w int) string {
	if twwidth.Width(s) <= w {
		return s
	}
	return truncateGraphemes(s, w-1) + "…"
}

// truncateGraphemes returns the longest start of s, in whole grapheme
// clusters, at most w columns wide: a cut never splits an emoji sequence
// (👨‍👩‍👧‍👦 is one) or a letter from its accent, which twwidth.Truncate,
// counting runes, does.
func truncateGraphemes(s string, w int) string {
	used, end := 0, 0
	for g := graphemes.FromString(s); g.Next(); {
		cw := twwidth.Width(g.Value())
		if used+cw > w {
			break
		}
		used, end = used+cw, g.End()
	}
	return s[:end]
}

// JSON prints one value as indented JSON, or on one line for -o ndjson.
func (p *Printer) JSON(v any) error {
	if err := p.NoVCard(); err != nil {
		return err
	}
	w := p.buffered()
	enc := json.NewEncoder(w)
	if p.Format != NDJSON {
		enc.SetIndent("", "  ")
	}
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return w.Flush()
}

// JSONList prints n values as a JSON array, or as NDJSON lines, without
// building the whole array in memory.
func (p *Printer) JSONList(n int, item func(i int) any) error {
	if err := p.NoVCard(); err != nil {
		return err
	}
	l := p.jsonList()
	for i := 0; i < n; i++ {
		if err := l.add(item(i)); err != nil {
			return err
		}
	}
	return l.close()
}

// jsonList writes values as JSONList does, one at a time: a listing read
// a page at a time is one JSON array, or NDJSON lines, as it comes.
type jsonList struct {
	p    *Printer
	w    *buffer
	enc  *json.Encoder // NDJSON's
	item *json.Encoder // JSON's, one indented value into buf
	buf  bytes.Buffer
	n    int // values written
}

// jsonList starts a listing. Neither format escapes &, < and > as
// \u0026 and the like: JSON does not need it, and show -o json never did.
func (p *Printer) jsonList() *jsonList {
	l := &jsonList{p: p, w: p.buffered()}
	if p.Format == NDJSON {
		l.enc = json.NewEncoder(l.w)
		l.enc.SetEscapeHTML(false)
	} else {
		l.item = json.NewEncoder(&l.buf)
		l.item.SetIndent("  ", "  ")
		l.item.SetEscapeHTML(false)
	}
	return l
}

func (l *jsonList) add(v any) error {
	if l.enc != nil {
		l.n++
		return l.enc.Encode(v)
	}
	l.buf.Reset()
	if err := l.item.Encode(v); err != nil {
		return err
	}
	b := bytes.TrimSuffix(l.buf.Bytes(), []byte("\n"))
	if l.n == 0 {
		io.WriteString(l.w, "[\n  ")
	} else {
		io.WriteString(l.w, ",\n  ")
	}
	l.n++
	l.w.Write(b)
	return nil
}

func (l *jsonList) close() error {
	switch {
	case l.enc != nil:
	case l.n == 0:
		io.WriteString(l.w, "[]\n")
	default:
		io.WriteString(l.w, "\n]\n")
	}
	return l.w.Flush()
}

var tsvEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

// writeTSV writes one line; tabs, newlines and backslashes inside values
// are escaped (\t \n \r \\) so that every record stays on one line.
func writeTSV(w io.Writer, fields []string) {
	for i, f := range fields {
		if i > 0 {
			io.WriteString(w, "\t")
		}
		tsvEscaper.WriteString(w, f)
	}
	io.WriteString(w, "\n")
}

// Time renders a time for this output: friendly on a terminal (per the
// profile's date_format), RFC 3339 in UTC elsewhere.
func (p *Printer) Time(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	if !p.Human() {
		return t.UTC().Format(time.RFC3339)
	}
	switch p.DateFormat {
	case "", "relative":
		return relative(p.Now(), *t)
	case "iso":
		return t.Local().Format("2006-01-02 15:04")
	case "rfc3339":
		return t.UTC().Format(time.RFC3339)
	}
	return t.Local().Format(p.DateFormat)
}

// BlockEnd says when a timed block ends, for people and scripts alike:
// "until 2026-06-18T12:00:00Z", "until 2026-06-18 14:00" in a date format,
// and in relative times how long is left ("for 3d more"), as "until in 3d"
// does not read.
func (p *Printer) BlockEnd(until *time.Time) string {
	t := p.Time(until)
	switch {
	case !p.Human():
	case t == "just now":
		return "for under a minute more"
	case strings.HasPrefix(t, "in "):
		return "for " + strings.TrimPrefix(t, "in ") + " more"
	}
	return "until " + t
}

// Moment renders a time a sentence names (a message on stderr, the end of
// a block in a summary) as Time does, but never relative: "(now is just
// now)" and "undone at 3d ago" do not read, so with relative dates (the
// default) it is the local time, as iso writes it.
func (p *Printer) Moment(t time.Time) string {
	if p.DateFormat == "" || p.DateFormat == "relative" {
		iso := *p
		iso.DateFormat = "iso"
		return iso.Time(&t)
	}
	return p.Time(&t)
}

// untilRE is the end of a block as the change log and history write it
// (contact.DescribeBlock): "until " and RFC 3339 in UTC.
var untilRE = lazyre.New(`\buntil (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)`)

// BlockTimes is a block's text of the change log or history (show's last
// changes, history's summary) with the ends of blocks in it as Moment
// shows times: on a terminal, where the time of each row is local,
// "blocked until 2026-06-02 14:00" rather than the UTC it is stored in.
// Other output keeps the text as stored.
func (p *Printer) BlockTimes(s string) string {
	if !p.Human() || !strings.Contains(s, "until ") {
		return s
	}
	return untilRE().ReplaceAllStringFunc(s, func(m string) string {
		t, err := time.Parse(time.RFC3339, strings.TrimPrefix(m, "until "))
		if err != nil {
			return m
		}
		return "until " + p.Moment(t)
	})
}

func relative(now, t time.Time) string {
	d := now.Sub(t)
	future := d < 0
	if future {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		s = fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 24*time.Hour:
		s = fmt.Sprintf("%dh", int(d.Hours()))
	case d < 60*24*time.Hour:
		s = fmt.Sprintf("%dd", int(d.Hours()/24))
	default:
		return t.Local().Format("2006-01-02")
	}
	if future {
		return "in " + s
	}
	return s + " ago"
}

// Bold wraps s in bold when color is enabled (never with NO_COLOR).
func (p *Printer) Bold(s string) string {
	if p.IO.ColorEnabled() {
		return "\x1b[1m" + s + "\x1b[0m"
	}
	return s
}
