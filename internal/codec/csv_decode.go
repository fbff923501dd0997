package codec

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rolo-cli/rolo/internal/contact"
)

// column is what one CSV column feeds.
type column struct {
	header string
	t      target
	source string // as in ColumnMapping.Source
}

// CSVDecoder reads contacts from a CSV file: rolo's template, Google and
// Outlook exports, or any file whose header can be mapped to contact fields.
type CSVDecoder struct {
	r       *csv.Reader
	flavour string
	header  []string
	cols    []column
	strict  bool
	// listed: every column is one of list's -o csv (contact.IsColumn),
	// whose tags hold no Google star.
	listed  bool
	opts    Options
	pending []string // a row read ahead: the first data row of a file without header, or see runawayQuote
	// pendingErr is what reading the pending row gave instead, io.EOF
	// at the end.
	pendingErr error
	tail       *tailReader
	n          int
	notices    []string
	finished   bool
	// kept lists the columns made attributes for want of a field, for the
	// notice; filled records which of them held a value in some record.
	kept   []keptColumn
	filled map[string]bool
	// nameKept counts, by header, the records whose display name
	// ("Display Name", "Anzeigename") said more than their name parts
	// and was kept as an attribute (keepDisplayName), for the notice.
	nameKept map[string]int
	// nameTwice are the notices of a display name column given again,
	// by their place in notices, completed once records are read with
	// the keys laterNames says its values were kept under.
	nameTwice  []nameTwice
	laterNames map[string][]string
	// headerAgain are the lines of rows that repeat the header (files
	// joined: cat a.csv b.csv), skipped, for the notice.
	headerAgain []int
	// dayFirst: the file writes its slash dates DD/MM/YYYY (sniffDayFirst).
	dayFirst bool
	// errCols counts the header's error columns, which are ignored (rolo's
	// error file adds one, before a row's cells beyond the header): such a
	// cell's attribute is numbered without them, so that a row fixed in the
	// error file gets the key its cell got in the file it came from.
	errCols int
	// windows: the input is as Windows programs (Excel, Outlook) write
	// text, with a byte order mark or in another encoding than UTF-8;
	// its error file is written for them (RejectStyle).
	windows bool
	// sepLine: the input starts with Excel's "sep=;" line.
	sepLine bool
	// shortest is the fewest cells of a row read whole so far (0 before
	// the first): a last row no shorter is not cut short (cutShort).
	shortest int
}

// nameTwice is the notice at notices[i] for a display name column (col,
// from 1) that repeats one before it (first): both as they are headed.
type nameTwice struct {
	i, col        int
	header, first string
}

type keptColumn struct{ header, key string }

// NewCSVDecoder reads the header of r and maps its columns. format is CSV
// (the flavour is then told from the header), Google or Outlook.
func NewCSVDecoder(format string, r io.Reader, opts Options) (*CSVDecoder, error) {
	in, err := openText(r, opts.Encoding)
	if err != nil {
		return nil, err
	}
	d := &CSVDecoder{opts: opts, windows: in.bom || in.encoding != "utf-8"}
	if n := in.notice(); n != "" {
		d.notices = append(d.notices, n)
	}
	br := bufio.NewReaderSize(in.r, sniffSize)
	head, _ := br.Peek(sniffSize)
	var text io.Reader = br
	if crLineEnds(head) {
		// Lines ended by a carriage return alone (Excel for Mac's "CSV
		// (Macintosh)"), which encoding/csv does not take for line
		// ends: the whole file would be one header row, and nothing
		// imported.
		text = crLines{br}
	}
	d.tail = &tailReader{r: text}
	d.r = csv.NewReader(d.tail)
	d.r.Comma = sniffDelimiter(head)
	sep, sepLine := excelSep(head)
	if sepLine {
		d.r.Comma = sep
	}
	d.tail.comma = byte(d.r.Comma)
	d.r.LazyQuotes = true
	d.r.FieldsPerRecord = -1
	first, err := d.r.Read()
	d.sepLine = sepLine
	if sepLine && err == nil {
		// Excel's "sep=;" line names the separator; the header follows.
		first, err = d.r.Read()
	}
	if errors.Is(err, io.EOF) {
		// An empty file: nothing to tell the flavour by.
		d.finished, d.flavour = true, format
		return d, nil
	}
	if err != nil && err == d.tail.err {
		return nil, err // it names the line
	}
	if err != nil {
		return nil, contact.Errorf(contact.EINVALID, "line 1: %v", err)
	}
	if numericMap(opts.Map) && !numberedHeader(first) {
		for i := range first {
			d.header = append(d.header, strconv.Itoa(i+1))
		}
		d.pending = first
	} else {
		d.header = first
	}
	d.flavour = format
	if format != Google && format != Outlook {
		d.flavour = csvFlavour(d.header)
	}
	if err := d.mapColumns(); err != nil {
		return nil, err
	}
	if !d.strict {
		d.sniffDayFirst(head, sepLine)
	}
	return d, nil
}

// sniffDayFirst tells from the first 64 KiB whether the file writes its
// slash dates day first, as Excel and Outlook do in most countries but the
// US: a birthday or anniversary 25/12/1985, and none 12/25/1985. Read month
// first, as rolo reads 04/12/1985 elsewhere, its other dates were wrong
// (4 December became 12 April) and the day-first ones kept as attributes.
func (d *CSVDecoder) sniffDayFirst(head []byte, sepLine bool) {
	var dates []int
	for i, c := range d.cols {
		if c.t.kind == "field" && (c.t.field == "birthday" || c.t.field == "anniversary") {
			dates = append(dates, i)
		}
	}
	if len(dates) == 0 {
		return
	}
	if crLineEnds(head) {
		head = bytes.ReplaceAll(head, []byte("\r"), []byte("\n"))
	}
	r := csv.NewReader(bytes.NewReader(head))
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = d.r.Comma, true, -1
	skip := 1 // the header
	if sepLine {
		skip++
	}
	if d.pending != nil {
		skip-- // no header: columns mapped by number
	}
	dayFirst, monthFirst := 0, false
	for n := 0; ; n++ {
		row, err := r.Read()
		if err != nil {
			break
		}
		if n < skip {
			continue
		}
		for _, i := range dates {
			if i >= len(row) {
				continue
			}
			m := slashDate().FindStringSubmatch(strings.TrimSpace(row[i]))
			if m == nil {
				continue
			}
			first, _ := strconv.Atoi(m[1])
			second, _ := strconv.Atoi(m[2])
			switch {
			case first > 12 && second <= 12:
				if dayFirst == 0 {
					dayFirst, _ = r.FieldPos(i)
				}
			case second > 12:
				monthFirst = true
			}
		}
	}
	if dayFirst > 0 && !monthFirst {
		d.dayFirst = true
		d.notices = append(d.notices, fmt.Sprintf("dates are written day first (line %d): slash dates read as DD/MM/YYYY", dayFirst))
	}
}

// Flavour is the kind of CSV file the header says this is: CSV, Google or
// Outlook.
func (d *CSVDecoder) Flavour() string { return d.flavour }

// Header returns the header row as read.
func (d *CSVDecoder) Header() []string { return d.header }

// Notices implements Decoder.
// Once records have been read, the columns kept as attributes are named
// only if some record had a value there: an Outlook export's dozens of
// empty standard columns are not news.
func (d *CSVDecoder) Notices() []string {
	var kept []string
	for _, k := range d.kept {
		if d.n == 0 || d.filled[k.key] {
			kept = append(kept, fmt.Sprintf("%q (attr.%s)", k.header, k.key))
		}
	}
	notices := slices.Clone(d.notices)
	for _, t := range d.nameTwice {
		notices[t.i] += t.keys(d.laterNames[t.header])
	}
	if n := len(d.headerAgain); n > 0 {
		lines := make([]string, 0, 5)
		for _, l := range d.headerAgain[:min(n, 5)] {
			lines = append(lines, strconv.Itoa(l))
		}
		list := strings.Join(lines, ", ")
		if n > 5 {
			list += fmt.Sprintf(" (and %d more)", n-5)
		}
		if n == 1 {
			notices = append(notices, "line "+list+" repeats the header row: skipped (files joined?)")
		} else {
			notices = append(notices, "lines "+list+" repeat the header row: skipped (files joined?)")
		}
	}
	if len(kept) > 0 {
		// A file of thousands of columns gets a line, not a screenful.
		const maxListed = 20
		if len(kept) > maxListed {
			kept = append(kept[:maxListed], fmt.Sprintf("... (%d more)", len(kept)-maxListed))
		}
		notices = append(notices, "columns kept as attributes: "+strings.Join(kept, ", "))
	}
	for _, c := range d.cols {
		if n := d.nameKept[c.header]; n > 0 && c.t.kind == "name" {
			records := "records"
			if n == 1 {
				records = "record"
			}
			notices = append(notices, fmt.Sprintf("column %q says more than the name parts in %d %s: kept as attribute %s",
				c.header, n, records, displayNameKey(c.header)))
			delete(d.nameKept, c.header) // a header given twice is said once
		}
	}
	return notices
}

// Mapping implements Mapper.
func (d *CSVDecoder) Mapping() []ColumnMapping {
	out := make([]ColumnMapping, len(d.cols))
	for i, c := range d.cols {
		out[i] = ColumnMapping{Column: i + 1, Header: c.header, Field: c.t.String(), Source: c.source}
	}
	return out
}

// RejectStyle is how the error file of the input is written, for the
// program the input came from to read it as it read the input: in its
// separator (a semicolon, as Excel writes CSV where the comma is the
// decimal mark, and reads only such a file in columns), after its "sep="
// line if it has one; and an input with a byte order mark or in another
// encoding than UTF-8, or an Outlook CSV, is a file of Excel or Outlook,
// which read UTF-8 without a byte order mark as the ANSI code page (Grâce
// as "GrÃ¢ce"), as export's outlook format knows.
func (d *CSVDecoder) RejectStyle() CSVStyle {
	return CSVStyle{BOM: d.windows || d.flavour == Outlook, Comma: d.r.Comma, SepLine: d.sepLine}
}

// numberedHeader reports whether row is the header the error file of an
// import without a header row has (see RejectWriter): the column numbers,
// then "error". With --map by number it is that file's header, not a
// record, so that the fixed error file imports with the same --map as the
// file it came from, its error column ignored.
func numberedHeader(row []string) bool {
	if len(row) < 2 || headerKey(row[len(row)-1]) != "error" {
		return false
	}
	for i, v := range row[:len(row)-1] {
		if strings.TrimSpace(v) != strconv.Itoa(i+1) {
			return false
		}
	}
	return true
}

func numericMap(m map[string]string) bool {
	if len(m) == 0 {
		return false
	}
	for k := range m {
		if n, err := strconv.Atoi(strings.TrimSpace(k)); err != nil || n < 1 {
			return false
		}
	}
	return true
}

// excelSep reads the line "sep=;" that Excel takes, at the top of a CSV
// file, for the name of its separator (programs that write CSV for Excel
// in a locale of another separator put it there): the separator, and
// whether the line is there. Without it, that line is read as the header.
func excelSep(head []byte) (rune, bool) {
	end := bytes.IndexAny(head, "\r\n")
	if end != 5 || !bytes.EqualFold(head[:4], []byte("sep=")) {
		return 0, false
	}
	c := head[4]
	if c == '"' || c >= utf8.RuneSelf || (c < ' ' && c != '\t') {
		return 0, false
	}
	return rune(c), true
}

// sniffDelimiter picks the separator of the first line: the one of comma,
// semicolon and tab that occurs most often outside quotes.
func sniffDelimiter(head []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range head {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' || c == '\r' {
			break
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{'\t', ';'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

func (d *CSVDecoder) mapColumns() error {
	d.cols = make([]column, len(d.header))
	for i, h := range d.header {
		d.cols[i].header = h
	}
	keys := make([]string, 0, len(d.opts.Map))
	for k := range d.opts.Map {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		spec := d.opts.Map[k]
		t, ok := parseTarget(spec)
		if !ok {
			return contact.Errorf(contact.EINVALID, "--map %s=%s: %q is not a field; use %s", k, spec, spec, fieldSyntax)
		}
		i := findHeader(d.header, k)
		if i < 0 {
			return contact.Errorf(contact.EINVALID, "--map %s=%s: no column %q in the header (columns: %s)", k, spec, k, quoteList(d.header))
		}
		d.cols[i].t, d.cols[i].source = t, "map"
	}
	template, listed := true, true
	for _, h := range d.header {
		if strings.TrimSpace(h) != "" && !isSpecHeader(h) && headerKey(h) != "error" {
			template = false
			if !contact.IsColumn(strings.TrimSpace(h)) {
				listed = false
			}
		}
	}
	// A file of list's -o csv, whose columns are all rolo's names, has
	// its times, ID and E.164 read as export's are, not kept as
	// attributes of every contact. It is not read strictly for that: a
	// file someone wrote by hand under such names (name,email,city,tags)
	// is read as any other program's, as it was before.
	for i, h := range d.header {
		if d.cols[i].source != "" {
			continue
		}
		if t, ok := listOnlyColumns[strings.TrimSpace(h)]; ok && listed {
			d.cols[i].t, d.cols[i].source = t, "auto"
			if t.kind == "skip" {
				d.cols[i].source = "ignored"
			}
			continue
		}
		if t, ok := matchHeader(h, d.flavour); ok {
			d.cols[i].t, d.cols[i].source = t, "auto"
			if t.kind == "skip" {
				d.cols[i].source = "ignored"
			}
		}
	}
	d.strict = d.opts.Strict || template
	d.listed = listed
	for i, h := range d.header {
		if headerKey(h) == "error" && d.cols[i].t.kind == "skip" {
			d.errCols++
		}
	}
	hasYMD := false
	for _, c := range d.cols {
		hasYMD = hasYMD || (c.t.kind == "bday" && c.t.field != "day")
	}
	used := map[string]bool{}
	for _, c := range d.cols {
		if c.t.kind == "attr" {
			used[c.t.field] = true
		}
	}
	for i := range d.cols {
		c := &d.cols[i]
		switch {
		case hasYMD && c.source == "auto" && c.t.kind == "field" && c.t.field == "birthday":
			// Thunderbird's German "Geburtstag" next to "Geburtsjahr" is the day of the month.
			c.t = target{kind: "bday", field: "day"}
		case c.t.kind == "id" && !d.strict && listed:
			// list's ID column is no ID of the copy's, nor an attribute.
			c.t, c.source = target{kind: "skip"}, "ignored"
		case c.t.kind == "id" && !d.strict:
			// Another program's record ID is not a rolo ID.
			c.t, c.source = target{}, ""
		}
		if c.source != "" {
			continue
		}
		key := attrKeyFrom(c.header)
		if key == "" {
			key = "column_" + strconv.Itoa(i+1)
		}
		base := key
		for n := 2; used[key]; n++ {
			key = fitKey(base, "_"+strconv.Itoa(n))
		}
		used[key] = true
		c.t, c.source = target{kind: "attr", field: key}, "attribute"
		if strings.TrimSpace(c.header) != "" {
			d.kept = append(d.kept, keptColumn{c.header, key})
		}
	}
	// Two columns of one single value (a header written twice): where
	// both hold a value, the first is the value and the later one an
	// attribute (rowBuilder.taken); said once here rather than on every
	// row. Two of a value a contact has several of give both.
	seen := map[string]int{}
	for i, c := range d.cols {
		if !singleValued(c.t) {
			continue
		}
		j, ok := seen[c.t.String()]
		if !ok {
			seen[c.t.String()] = i
			continue
		}
		both := fmt.Sprintf("columns %d (%q) and %d (%q) are both %s", j+1, d.cols[j].header, i+1, c.header, c.t.String())
		if c.t.kind == "name" {
			// A display name, kept as the first one is (finish), under
			// the key Notices names.
			d.nameTwice = append(d.nameTwice, nameTwice{i: len(d.notices), col: i + 1, header: c.header, first: d.cols[j].header})
			d.notices = append(d.notices, fmt.Sprintf("%s: where column %d's says more than the name parts, it is kept as attribute ", both, i+1))
			continue
		}
		d.notices = append(d.notices, fmt.Sprintf("%s: where both have a value, column %d's is kept as attribute %s", both, i+1, repeatKey(c.header)))
	}
	identity := false
	for _, c := range d.cols {
		identity = identity || c.t.identity()
	}
	if !identity {
		return contact.Errorf(contact.EINVALID, "line 1: no column is a name, company, phone or email (header: %s); "+
			"name the columns with --map 'Header=field', or, if the file has no header row, map them by number: --map 1=name,4=email",
			quoteList(d.header))
	}
	d.filled = map[string]bool{}
	return nil
}

// singleValued reports whether t feeds one value of a contact, which a
// second column of it cannot add to: a field, the display name, the UID,
// an address part, a slot's label, a birthday part, a field of rolo's own
// files.
func singleValued(t target) bool {
	switch t.kind {
	case "field", "name", "uid", "bday", "meta", "address":
		return true
	case "phone", "email", "url", "event", "relation", "custom", "social":
		return t.slot > 0 && !multiValued(t)
	}
	return false
}

// isSpecHeader reports whether h is written in rolo's own field names, as
// rolo's template and exports write them.
// listOnlyColumns are the columns of list's -o csv that are not names of
// rolo's own CSV (export's), as export names them; e164, the first
// phone's, is read from the phone.
var listOnlyColumns = map[string]target{
	"created":  {kind: "meta", field: "created_at"},
	"updated":  {kind: "meta", field: "updated_at"},
	"activity": {kind: "meta", field: "last_activity_at"},
	"channel":  {kind: "meta", field: "last_channel"},
	"e164":     {kind: "skip"},
}

func isSpecHeader(h string) bool {
	h = strings.TrimSpace(h)
	_, ok := parseTarget(h)
	return ok && !strings.Contains(h, " ") && h == strings.ToLower(h)
}

func findHeader(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) {
			return i
		}
	}
	k := headerKey(name)
	for i, h := range header {
		if k != "" && headerKey(h) == k {
			return i
		}
	}
	return -1
}

func quoteList(vs []string) string {
	const max = 8
	var out []string
	for i, v := range vs {
		if i == max {
			out = append(out, fmt.Sprintf("... (%d more)", len(vs)-max))
			break
		}
		out = append(out, strconv.Quote(v))
	}
	return strings.Join(out, ", ")
}

// Next implements Decoder.
func (d *CSVDecoder) Next() (*Record, error) {
	for {
		if d.finished {
			return nil, io.EOF
		}
		row, err := d.pending, d.pendingErr
		d.pending, d.pendingErr = nil, nil
		if row == nil || err != nil {
			if err == nil {
				d.tail.read = 0
				row, err = d.r.Read()
			}
			if errors.Is(err, io.EOF) {
				d.finished = true
				return nil, io.EOF
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				d.n++
				return &Record{Index: d.n, Line: pe.StartLine, Header: d.header,
					Err: recordError("line %d: %v", pe.StartLine, pe.Err)}, nil
			}
			if err != nil {
				return nil, err
			}
		}
		line, _ := d.r.FieldPos(0)
		empty := true
		for _, v := range row {
			if strings.TrimSpace(v) != "" {
				empty = false
				break
			}
		}
		if empty {
			continue
		}
		if d.repeatsHeader(row) {
			d.headerAgain = append(d.headerAgain, line)
			continue
		}
		d.n++
		rec := &Record{Index: d.n, Line: line, Header: d.header, Values: row}
		if cells, err := d.runawayQuote(row); err != nil {
			rec.Err = err
			if cells != nil {
				rec.Values = cells
			}
			return rec, nil
		}
		if d.cutShort(row) {
			rec.Err = recordError("line %d: the input ends in the middle of this row, after %d of the header's %d columns (truncated file?)",
				line, len(row), len(d.header))
			return rec, nil
		}
		if d.shortest == 0 || len(row) < d.shortest {
			d.shortest = len(row)
		}
		c, warnings, split, err := d.build(row, line)
		if err != nil {
			rec.Err = err
			return rec, nil
		}
		rec.Contact, rec.Warnings, rec.NameSplit = c, warnings, split
		return rec, nil
	}
}

// repeatsHeader reports whether row is the header again, as the files
// joined by cat a.csv b.csv have it: not a contact ("first last", email
// "email") but the start of the next file, whose rows follow in the same
// columns. A byte order mark that starts the next file is no difference.
// A file without a header (--map by number) has none to repeat.
func (d *CSVDecoder) repeatsHeader(row []string) bool {
	if len(row) != len(d.header) || numericMap(d.opts.Map) {
		return false
	}
	for i, v := range row {
		if i == 0 {
			v = strings.TrimPrefix(v, "\ufeff")
		}
		if strings.TrimSpace(v) != strings.TrimSpace(d.header[i]) {
			return false
		}
	}
	return true
}

// runawayQuote catches a quote that was opened and never closed. The
// reader tolerates stray quotes (LazyQuotes: other programs write them),
// so such a cell runs on, over line ends, up to the next quote that ends a
// cell, or to the end of the file, and the rows in between would vanish
// into it. Its record is rejected, saying where the quote opened, when
// the cell's later lines look like rows (as many separators as the header
// has columns, which needs a header of at least three: a note's line with
// a comma passes) and there is proof the quote ran away: a quote inside
// those lines (the stray one that ended the cell), or the end of the input
// reached without a closing quote as its last character. A note written
// over lines and closed properly is read as it is. On the last row, where
// no rows follow to take in, see openAtEnd, whose cells, when not nil,
// are those the error file should hold instead of the row as read.
func (d *CSVDecoder) runawayQuote(row []string) (cells []string, err error) {
	if len(d.header) < 3 {
		return d.openAtEnd(row)
	}
	sep := string(d.r.Comma)
	for i, v := range row {
		if !strings.Contains(v, "\n") {
			continue
		}
		lines := strings.Split(strings.TrimRight(v, "\r\n"), "\n")[1:]
		rows := 0
		for _, l := range lines {
			if strings.Count(l, sep) >= len(d.header)-1 {
				rows++
			}
		}
		if rows == 0 {
			continue
		}
		// A cell that ran to the end is the row's last: a quote in its
		// lines, or the end of the input (read ahead, once), proves it.
		line, _ := d.r.FieldPos(i)
		if !strings.Contains(strings.Join(lines, "\n"), `"`) {
			if i != len(row)-1 {
				continue
			}
			d.tail.read = 0
			d.pending, d.pendingErr = d.r.Read()
			if !errors.Is(d.pendingErr, io.EOF) || d.tail.last == '"' {
				return nil, nil
			}
		}
		return nil, recordError("line %d: the quoted cell that starts here (column %d) takes in the %d %s after it, %d like rows of their own: is its closing quote missing?",
			line, i+1, len(lines), contact.Plural(len(lines), "line", "lines"), rows)
	}
	return d.openAtEnd(row)
}

// openAtEnd catches a runaway quote on the last row of the input: "A,B,
// a@b.com with no closing quote reads as one cell up to the end of the
// file, a name full of commas. Its record is rejected when the row is
// short of the header's columns, its last cell holds at least the
// separators of the cells missing (the row's own cells taken in) and the
// input ended with that cell's quote still open. A short row whose last
// cell is closed ("Smith, John" in quotes) is read as it is. The record's
// cells for the error file are strayQuoteCells.
func (d *CSVDecoder) openAtEnd(row []string) ([]string, error) {
	i := len(row) - 1
	missing := len(d.header) - len(row)
	first, _, _ := strings.Cut(row[i], "\n")
	if missing <= 0 || strings.Count(first, string(d.r.Comma)) < missing {
		return nil, nil
	}
	line, _ := d.r.FieldPos(i)
	// Read ahead, once: only the end of the input can leave a quote open.
	d.tail.read = 0
	d.pending, d.pendingErr = d.r.Read()
	if !errors.Is(d.pendingErr, io.EOF) || d.tail.cell != quoted {
		return nil, nil
	}
	return d.strayQuoteCells(row), recordError("line %d: the quoted cell that starts here (column %d) takes in the %d %s after it and runs to the end of the file: is its closing quote missing?",
		line, i+1, missing, contact.Plural(missing, "cell", "cells"))
}

// cutShort reports whether row is the last of an input that stops in the
// middle of it: a download or pipe cut off (curl ... | rolo import -). Such
// a row is short of the header's columns and no line end follows it, its
// last cell unquoted, empty after a separator, or a quote still open; its
// last value is likely cut too ("Grace,Hopp"), so it is rejected, as the
// vCard reader rejects a card without END:VCARD, rather than imported as
// a contact. A short last row ended by a line end, or by a closed quoted
// cell, is read as it is: every row of a file cut exactly at a line end
// is whole. So is a last row no shorter than a row before it: a file
// whose rows leave out their empty last cells, as many programs and
// hand-written files do, ends with one such row.
func (d *CSVDecoder) cutShort(row []string) bool {
	if len(row) >= len(d.header) || d.shortest > 0 && len(row) >= d.shortest {
		return false
	}
	if d.pending == nil && d.pendingErr == nil {
		// Read ahead, once: only the last row can be cut.
		d.tail.read = 0
		d.pending, d.pendingErr = d.r.Read()
	}
	if !errors.Is(d.pendingErr, io.EOF) {
		return false
	}
	switch d.tail.cell {
	case unquoted, cellStart, quoted:
		return true
	}
	return false
}

// strayQuoteCells are the cells of a last row whose quote ran to the end
// of the file (found by openAtEnd) as the line shows them: the cells it took in
// split at their separators again, and the quote kept where it was, so
// that the error file holds `"A`, `B`, `a@b.com` in their columns, which
// deleting the quote fixes, rather than one cell "A,B,a@b.com" that would
// have to be split by hand. Nil when the row is not such a one, or its
// line does not split into the header's columns.
func (d *CSVDecoder) strayQuoteCells(row []string) []string {
	i := len(row) - 1
	last := strings.TrimRight(row[i], "\r\n")
	if len(row) >= len(d.header) || strings.ContainsAny(last, "\r\n") {
		return nil
	}
	cells := append(slices.Clip(row[:i]), strings.Split(last, string(d.r.Comma))...)
	if len(cells) != len(d.header) {
		return nil
	}
	cells[i] = `"` + cells[i]
	return cells
}

// crLineEnds reports whether the lines of head end with a carriage return
// alone: it has a CR not followed by an LF, and no LF, outside quoted
// cells. An LF inside a quoted cell is a line break within the cell, as
// Excel for Mac writes one (Alt-Return) into its "CSV (Macintosh)" files,
// whose rows end with a CR: such a file is not one of LF lines.
func crLineEnds(head []byte) bool {
	quoted, cr := false, false
	for i, c := range head {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			return false
		case c == '\r' && (i+1 == len(head) || head[i+1] != '\n'):
			cr = true
		}
	}
	return cr
}

// crLines reads a text whose lines end with a carriage return alone as
// one whose lines end with a line feed.
type crLines struct{ r io.Reader }

func (c crLines) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// tailReader passes reads through and keeps the last character read that
// is not a line end.
type tailReader struct {
	r    io.Reader
	last byte
	// read counts the bytes since the decoder began a record, to bound
	// one: a quote never closed near the top of a large file would
	// otherwise have the whole rest of it read into one cell, in memory.
	read int
	// comma is the separator; the rest follows the cells as the CSV
	// reader reads them, so that the error on a record too long can say
	// on which line it starts and whether a quoted cell of it is still
	// open, and where.
	comma            byte
	cell             cellState
	line             int  // the line being read, from 1
	recLine, quoteAt int  // where the record being read starts, and its quoted cell
	afterCR          bool // the last byte was a CR that ended a line
	err              error
}

type cellState uint8

const (
	recordStart cellState = iota // no byte of a record yet
	cellStart                    // after a separator
	unquoted
	quoted
	quoteInQuoted // a quote in a quoted cell: its end, or the first of ""
)

// maxRecord bounds a CSV record: far more than a contact holds in
// practice (a note is at most 1 MiB, a field 4 KiB), and still within an
// import's memory.
const maxRecord = 16 << 20

func (t *tailReader) Read(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	if t.read > maxRecord {
		if t.cell == quoted || t.cell == quoteInQuoted {
			t.err = contact.Errorf(contact.EINVALID, "line %d: a record of more than %d MiB, the most rolo reads in one: is the quote that opens a cell on line %d never closed? (the cell would take in the rest of the file)", t.recLine, maxRecord>>20, t.quoteAt)
		} else {
			t.err = contact.Errorf(contact.EINVALID, "line %d: a record of more than %d MiB, the most rolo reads in one", t.recLine, maxRecord>>20)
		}
		return 0, t.err
	}
	n, err := t.r.Read(p)
	t.read += n
	n = t.follow(p[:n])
	for i := n - 1; i >= 0; i-- {
		if p[i] != '\n' && p[i] != '\r' {
			t.last = p[i]
			break
		}
	}
	return n, err
}

// follow moves the cell state over b as encoding/csv reads it with
// LazyQuotes: a quote opens a cell only at its start, and inside one a
// quote not doubled nor followed by a separator or line end is kept.
// A carriage return outside a quoted cell ends the line, with or without
// an LF after it (a file of LF lines with some ended by a CR alone, pieces
// of a Mac's file pasted in), which encoding/csv would read as part of the
// cell, joining two rows: follow makes it an LF, and drops the LF of a
// CRLF. It returns the length of b after that.
func (t *tailReader) follow(b []byte) int {
	if t.line == 0 {
		t.line = 1
	}
	w := 0
	for _, c := range b {
		if t.afterCR {
			t.afterCR = false
			if c == '\n' {
				continue
			}
		}
		if c == '\r' && t.cell != quoted {
			c, t.afterCR = '\n', true
		}
		b[w] = c
		w++
		if c == '\n' {
			t.line++
		}
		switch t.cell {
		case recordStart, cellStart:
			if t.cell == recordStart {
				if c == '\n' || c == '\r' {
					continue // an empty line is skipped
				}
				t.recLine = t.line
			}
			switch c {
			case '"':
				t.cell, t.quoteAt = quoted, t.line
			case t.comma:
				t.cell = cellStart
			case '\n':
				t.cell = recordStart
			default:
				t.cell = unquoted
			}
		case unquoted:
			if c == t.comma {
				t.cell = cellStart
			} else if c == '\n' {
				t.cell = recordStart
			}
		case quoted:
			if c == '"' {
				t.cell = quoteInQuoted
			}
		case quoteInQuoted:
			switch c {
			case t.comma:
				t.cell = cellStart
			case '\n':
				t.cell = recordStart
			default:
				t.cell = quoted
			}
		}
	}
	return w
}

// rowBuilder assembles one contact from the cells of a row.
type rowBuilder struct {
	d     *CSVDecoder
	c     *contact.Contact
	slots map[string]*slot
	order []string
	name  string
	// nameCol is the header of the column name came from; names are the
	// headers and values of the later columns of a name written twice.
	nameCol string
	names   [][2]string
	split   bool // the name parts were split from name (Record.NameSplit)
	bday    map[string]string
	meta    map[string]string
	warn    []string
	err     error // a cell that rejects the record
	// labels are the kept lines of Google labels rolo's labels cannot
	// say (keepLabel), for the contact's VCardExtra.
	labels []string
	// channelCol is the header of a "channel" column (list's name) that
	// gave the last channel in a file not read strictly (see applyMeta).
	channelCol string
}

// slot collects the columns that together make one value: a Google
// "Phone 1 - Type"/"Phone 1 - Value" pair, or the street, city, zip...
// columns of one address.
type slot struct {
	kind  string
	label string
	cells map[string]string
	// more holds the values of a second column of the slot's value (a
	// Google "E-mail 1 - Value" written twice): another email, not one
	// lost.
	more []string
}

// build makes the contact of a row; split says its name was split from a
// display name (Record.NameSplit).
func (d *CSVDecoder) build(row []string, line int) (c *contact.Contact, warnings []string, split bool, err error) {
	b := &rowBuilder{d: d, c: &contact.Contact{Attributes: map[string]string{}}, slots: map[string]*slot{},
		bday: map[string]string{}, meta: map[string]string{}}
	for i, v := range row {
		if i >= len(d.cols) {
			if strings.TrimSpace(v) != "" {
				k := addAttr(b.c, "column_"+strconv.Itoa(i+1-d.errCols), v)
				b.warn = append(b.warn, fmt.Sprintf("line %d: cell %d is beyond the header: kept as attribute %s", line, i+1, k))
			}
			continue
		}
		b.add(d.cols[i], v)
	}
	if b.err != nil {
		return nil, nil, false, b.err
	}
	if b.finish(); b.err != nil {
		return nil, nil, false, b.err
	}
	if !d.strict {
		b.warn = append(b.warn, salvage(b.c, d.opts)...)
	}
	return b.c, b.warn, b.split, nil
}

// items splits a cell holding several values: one per line, and Google's
// " ::: " separator.
func (b *rowBuilder) items(v string) []string {
	var out []string
	for _, l := range strings.Split(v, "\n") {
		parts := []string{l}
		if b.d.flavour == Google {
			parts = strings.Split(l, ":::")
		}
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// emailList splits a line of an email cell written comma-separated, as
// list -o csv writes its emails column, into its addresses: no address
// rolo accepts holds a comma (contact.NormalizeEmail). A line that is not
// a list of addresses, each perhaps with its LABEL=, is one value ("Smith,
// Ann <ann@x.org>"), which salvage keeps whole.
func emailList(line string) []string {
	parts := strings.Split(line, ",")
	if len(parts) == 1 {
		return parts
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, err := contact.NormalizeEmail(contact.ParseEmail(p).Address); err != nil {
			return []string{line}
		}
		out = append(out, p)
	}
	return out
}

// multi splits a Google multi-value cell, keeping empty members so that
// values and labels stay aligned.
func (b *rowBuilder) multi(v string) []string {
	if b.d.flavour != Google {
		return []string{strings.TrimSpace(v)}
	}
	parts := strings.Split(v, ":::")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func (b *rowBuilder) slot(key, kind, label string) *slot {
	s, ok := b.slots[key]
	if !ok {
		s = &slot{kind: kind, label: label, cells: map[string]string{}}
		b.slots[key] = s
		b.order = append(b.order, key)
	}
	return s
}

func (b *rowBuilder) add(col column, raw string) {
	v := strings.TrimSpace(raw)
	if v == "" {
		return
	}
	c, t := b.c, col.t
	switch t.kind {
	case "skip":
	case "attr":
		if b.d.flavour == Outlook && col.source == "attribute" && outlookDefaults[strings.ToLower(v)] {
			return
		}
		addAttr(c, t.field, v)
		if col.source == "attribute" {
			b.d.filled[t.field] = true
		}
	case "field":
		f, _ := contact.LookupField(t.field)
		// Only a cell holding Google's " ::: " can hold several values.
		if strings.Contains(v, ":::") {
			if vs := slices.DeleteFunc(b.multi(v), func(s string) bool { return s == "" }); len(vs) > 1 {
				// Google's " ::: " in a field of one value (Organization 1 -
				// Name): the first is the field, the others are kept as an
				// attribute named after the column, as a second column is.
				v = vs[0]
				for _, more := range vs[1:] {
					k := addAttr(c, repeatKey(col.header), more)
					b.warn = append(b.warn, fmt.Sprintf("%s %q holds several values: %q kept as attribute %s", f.Name, oneLine(raw), more, k))
				}
			}
		}
		if t.field == "birthday" || t.field == "anniversary" {
			v = b.dateOr(v)
		}
		if !b.taken(col, f.Get(c), v) {
			f.Set(c, v)
		}
	case "name":
		switch {
		case b.name == "":
			b.name, b.nameCol = v, col.header
		case v != b.name:
			// A header written twice: kept once the name is known, as
			// the first one is when it says more (finish).
			b.names = append(b.names, [2]string{col.header, v})
		}
	case "uid":
		// A UID is a key: one export --csv-safe quoted ('-x) is the
		// contact's own (-x), not a new contact's.
		if v = safeCellValue(v); !b.taken(col, c.UID, v) {
			c.UID = v
		}
	case "id":
		c.ID, _ = strconv.ParseInt(v, 10, 64)
	case "phone", "phones", "email", "emails", "url", "urls":
		if t.slot > 0 {
			b.slotCell(col, fmt.Sprintf("%s#%d", t.kind, t.slot), raw)
			return
		}
		kind := strings.TrimSuffix(t.kind, "s")
		for _, it := range b.items(v) {
			if kind == "email" {
				for _, e := range emailList(it) {
					b.addValue(kind, t.label, e)
				}
				continue
			}
			b.addValue(kind, t.label, it)
		}
	case "social":
		if t.slot > 0 {
			b.slotCell(col, fmt.Sprintf("social#%d", t.slot), raw)
			return
		}
		for _, it := range b.items(v) {
			c.Socials = append(c.Socials, contact.Social{Network: t.field, Handle: it})
		}
	case "socials":
		for _, it := range b.items(v) {
			s, err := contact.ParseSocial(it)
			switch {
			case err == nil:
				c.Socials = append(c.Socials, s)
			case b.d.strict:
				// rolo's template, read strictly: refused as add refuses it.
				b.reject(err)
			default:
				c.Socials = append(c.Socials, contact.Social{Network: "other", Handle: it})
				b.warn = append(b.warn, fmt.Sprintf("social %q is not NETWORK=HANDLE: kept as network other", oneLine(it)))
			}
		}
	case "address":
		if t.slot > 0 {
			b.slotCell(col, fmt.Sprintf("address#%d", t.slot), raw)
			return
		}
		if s := b.slot("address@"+t.label, "address", t.label); !b.taken(col, s.cells[t.field], v) {
			s.cells[t.field] = raw
		}
	case "addresses":
		for _, l := range strings.Split(v, "\n") {
			if l = strings.TrimSpace(l); l == "" {
				continue
			}
			// Read as add reads --address; a line of more than 5
			// parts rejects a record of rolo's own file with add's
			// message, and in another program's file gives its rest to
			// the country, which salvage keeps as an attribute.
			a, err := contact.ParseAddress(l)
			switch {
			case err == nil:
			case b.d.strict:
				b.reject(err)
				continue
			default:
				a = parseAddressLine(l)
			}
			c.Addresses = append(c.Addresses, a)
		}
	case "tags":
		b.tags(v)
	case "notes":
		b.notes(v)
	case "interactions":
		b.interactions(col, v)
	case "attributes":
		for _, l := range strings.Split(v, "\n") {
			k, val, err := contact.ParseAttr(l)
			switch {
			case err == nil:
				c.Attributes[k] = strings.TrimSpace(val)
			case strings.TrimSpace(l) == "":
			case b.d.strict:
				b.reject(err)
			default:
				k := addAttr(c, attrKeyFrom(col.header), strings.TrimSpace(l))
				b.warn = append(b.warn, fmt.Sprintf("attribute %q is not KEY=VALUE: kept as attribute %s", oneLine(l), k))
			}
		}
	case "bday":
		if !b.taken(col, b.bday[t.field], v) {
			b.bday[t.field] = v
		}
	case "meta":
		if _, listOnly := listOnlyColumns[strings.TrimSpace(col.header)]; listOnly && t.field != "last_channel" {
			if _, ok := parseTime(v); !ok {
				// Not a time as list writes it: another program's
				// "created" column among rolo's names is kept as an
				// attribute, as before such files were read as list's.
				addAttr(c, attrKeyFrom(col.header), v)
				return
			}
		} else if _, known := contact.ReadChannel(v); listOnly && !b.d.strict && !known {
			// So is a "channel" column that holds no channel list
			// writes (a hand-written name,email,channel file's "Web"),
			// which the import would refuse as a last channel.
			addAttr(c, attrKeyFrom(col.header), v)
			return
		}
		if b.taken(col, b.meta[t.field], v) {
			return
		}
		if _, listOnly := listOnlyColumns[strings.TrimSpace(col.header)]; listOnly && !b.d.strict && t.field == "last_channel" {
			b.channelCol = col.header
		}
		if t.field == "vcard_extra" {
			v = raw // vCard lines as they were: a value's trailing spaces are its own
		}
		b.meta[t.field] = v
	case "event", "relation", "custom":
		b.slotCell(col, fmt.Sprintf("%s#%d", t.kind, t.slot), raw)
	}
}

// reject makes err, a cell that rolo's own file (read strictly) holds
// and that no field takes, the reason the record is rejected; the first
// such cell's.
func (b *rowBuilder) reject(err error) {
	if b.err == nil {
		b.err = err
	}
}

// taken reports whether an earlier column of col's target (a header
// written twice) gave the value have: the later value v, when it is
// another, is then kept as an attribute named after its column, as the
// notice of mapColumns says.
func (b *rowBuilder) taken(col column, have, v string) bool {
	have = strings.TrimSpace(have)
	if have == "" {
		return false
	}
	if have != v {
		addAttr(b.c, repeatKey(col.header), v)
	}
	return true
}

// slotCell puts a cell into its slot (key). A second column of one role
// is a value more where the slot holds several (multiValued), and else is
// taken.
func (b *rowBuilder) slotCell(col column, key, raw string) {
	t := col.t
	s := b.slot(key, t.kind, "")
	switch {
	case s.cells[t.role] == "":
		s.cells[t.role] = raw
	case multiValued(t):
		s.more = append(s.more, raw)
	default:
		b.taken(col, s.cells[t.role], strings.TrimSpace(raw))
	}
}

// multiValued reports whether t is the value of a numbered slot of which
// a contact has any number (Google's "E-mail 1 - Value", "IM 1 - Value"):
// two columns of it give two values. A label, an address part or a date
// part is one per slot.
func multiValued(t target) bool {
	switch t.kind {
	case "phone", "email", "url", "event", "relation", "custom":
		return t.slot > 0 && t.role == "value"
	case "social":
		return t.slot > 0 && t.role == "handle"
	}
	return false
}

// repeatKey is the attribute a header written twice keeps its later
// column's value as.
func repeatKey(header string) string {
	if k := attrKeyFrom(header); k != "" {
		return k
	}
	return "value"
}

// addValue adds a phone, email or URL written as [LABEL=]VALUE. A word
// before "=" is the label, as add reads it (contact.ParsePhone,
// contact.ParseEmail): in rolo's template, or with --strict, one rolo does
// not know rejects the record, naming it; in another program's file it is
// read as that program's word for one (pager is other, personal home),
// and said. A word that is no program's label (billing=ada@example.com,
// "=" being allowed in an address) is part of the value there.
func (b *rowBuilder) addValue(kind, label, v string) {
	c := b.c
	switch kind {
	case "phone":
		p := contact.ParsePhone(v)
		l, ok := b.valueLabel("phone", p.Label, contact.PhoneLabels, phoneKind)
		if !ok {
			p = contact.Phone{Number: strings.TrimSpace(v)}
		}
		if l == "" {
			l = canonLabel(label, contact.PhoneLabels, phoneLabel)
		}
		num, e164 := splitE164(p.Number, b.d.opts.Region)
		c.Phones = append(c.Phones, contact.Phone{Label: l, Number: num, E164: e164})
	case "email":
		e := contact.ParseEmail(v)
		l, ok := b.valueLabel("email", e.Label, contact.EmailLabels, emailKind)
		if !ok {
			e = contact.Email{Address: strings.TrimSpace(v)}
		}
		if l == "" {
			l = canonLabel(label, contact.EmailLabels, emailLabel)
		}
		c.Emails = append(c.Emails, contact.Email{Label: l, Address: e.Address})
	case "url":
		l, u := label, v
		if k, rest, ok := strings.Cut(v, "="); ok && !strings.ContainsAny(k, ":/") {
			l, u = k, rest
		}
		c.URLs = append(c.URLs, contact.URL{Label: strings.TrimSpace(l), URL: strings.TrimSpace(u)})
	}
}

// valueLabel returns the label written before a value's "=": as it is
// when rolo knows it or the file is read strictly (where Normalize refuses
// an unknown one), else mapped through m, with a warning; "" when there is
// none or m finds no kind in it. ok is false when m knows no such label
// word: the word is then part of the value, not a label.
func (b *rowBuilder) valueLabel(what, l string, known []string, m func(...string) (string, bool)) (label string, ok bool) {
	if l == "" || b.d.strict || slices.Contains(known, l) {
		return l, true
	}
	to, ok := m(l)
	switch {
	case to != "":
		b.warn = append(b.warn, fmt.Sprintf("%s label %q read as %s", what, l, to))
	case ok:
		// A word that says no kind (pref, internet): the column's label.
		b.warn = append(b.warn, fmt.Sprintf("%s label %q ignored", what, l))
	}
	return to, ok
}

// splitE164 reads a number as rolo's CSV writes one entered without +:
// "020 7946 0958 (+442079460958)", the number followed by its E.164 form in
// brackets. It returns the number and that form when the number reads as
// it (givenE164). A number that does not agree with its bracket was edited
// by hand: it is read in the country of the bracket's number, where it was
// entered, and else as one written alone. Anything else is returned as it
// is, with no E.164 form.
func splitE164(v, region string) (number, e164 string) {
	rest, ok := strings.CutSuffix(v, ")")
	i := strings.LastIndex(rest, "(+")
	if !ok || i < 0 || strings.TrimSpace(rest[:i]) == "" {
		return v, ""
	}
	given := rest[i+1:]
	if len(given) < 7 || strings.Trim(given[1:], "0123456789") != "" {
		return v, ""
	}
	number = strings.TrimSpace(rest[:i])
	if e164 := givenE164(number, given, region); e164 != "" {
		return number, e164
	}
	if e164, ok := contact.EditedNumber(number, given, ""); ok {
		return number, e164
	}
	return number, ""
}

// givenE164 returns the E.164 form of given, a number written with + that
// rolo's CSV and vCard write beside a number entered without it, when the
// number reads as it, in region or in its own country ("020 7946 0958" is
// +442079460958 in GB); "" otherwise.
func givenE164(number, given, region string) string {
	if !strings.HasPrefix(strings.TrimSpace(given), "+") {
		return ""
	}
	e164, err := contact.NormalizePhone(given, region)
	if err != nil || !contact.ReadsAs(number, e164, region) {
		return ""
	}
	return e164
}

// canonLabel keeps a label rolo knows and maps any other through m.
func canonLabel(label string, known []string, m func(...string) string) string {
	if label == "" || slices.Contains(known, strings.ToLower(label)) {
		return strings.ToLower(label)
	}
	return m(label)
}

// outlookDefaults are the values Outlook writes into every row of columns
// nobody filled in (Gender "Unspecified").
var outlookDefaults = map[string]bool{"unspecified": true, "keine angabe": true, "nicht angegeben": true}

// googleSystemGroup reports whether a label (t, without the star that
// marked it) is Google's group of all contacts, which is no tag: "*
// myContacts" in Google's exports, "* My Contacts" in older ones, and
// "myContacts" without the star in Google's Outlook CSV. A label a user
// gave is written without the star, so a tag "My Contacts" is kept.
func googleSystemGroup(t string, star bool) bool {
	return t == "myContacts" || star && (strings.EqualFold(t, "mycontacts") || strings.EqualFold(t, "my contacts"))
}

func (b *rowBuilder) tags(v string) {
	seps := ",;"
	switch {
	case b.d.strict:
		seps = ","
	case b.d.flavour == Google:
		seps = "" // labels are separated by " ::: " only
	}
	// Only Google separates labels with " ::: "; elsewhere it is part
	// of a tag (rolo's CSV joins tags with commas).
	for _, part := range b.multi(v) {
		for _, t := range strings.FieldsFunc(part, func(r rune) bool { return strings.ContainsRune(seps, r) || r == '\n' }) {
			t = strings.TrimSpace(t)
			// A star and a space are Google's (* starred, * myContacts),
			// not in a file of list's columns, where they are part of a
			// tag. A star without the space is a tag's own (*urgent,
			// which sorts first), as Google writes a label of yours.
			if !b.d.strict && !b.d.listed {
				star := strings.HasPrefix(t, "* ")
				if star {
					t = strings.TrimSpace(t[1:])
				}
				switch {
				case googleSystemGroup(t, star):
					continue
				case star && strings.EqualFold(t, "starred"):
					b.c.Favorite = true
					continue
				}
			}
			if t != "" {
				b.c.Tags = append(b.c.Tags, t)
			}
		}
	}
}

// notes reads a notes cell: plain text is one note; rolo's export writes a
// JSON array when the notes carry an author or a time. In rolo's own file
// (read strictly) a cell that starts as such an array of objects ([{) but
// does not read as one (cut short by a spreadsheet, which holds 32,767
// characters a cell) rejects the record, naming the note and key as a
// JSON import does (notes[0].text), as such an interactions cell does,
// rather than becoming one note of JSON text, the notes in it lost.
func (b *rowBuilder) notes(v string) {
	if strings.HasPrefix(v, "[") {
		ns, err := decodeNotes(v)
		if err == nil {
			b.c.Notes = append(b.c.Notes, dropBlankNotes(ns)...)
			return
		}
		if b.d.strict && strings.HasPrefix(strings.TrimLeft(v[1:], " \t\r\n"), "{") {
			b.reject(err)
			return
		}
	}
	b.c.Notes = append(b.c.Notes, contact.Note{Text: v})
}

// decodeNotes reads a JSON array of notes (jsonList).
func decodeNotes(v string) ([]contact.Note, error) {
	return jsonList[contact.Note](v, "notes", nil)
}

// interactions reads the interactions cell of rolo's CSV export: a JSON
// array with the keys `show -o json` gives an interaction. In rolo's own
// file (read strictly) a cell that is no such array rejects the record,
// naming the interaction and key as a JSON import does
// (interactions[0].at); in another program's file a cell that is no JSON
// array is kept as an attribute, as other values that fit no field are.
func (b *rowBuilder) interactions(col column, v string) {
	if !b.d.strict && !strings.HasPrefix(v, "[") {
		k := addAttr(b.c, attrKeyFrom(col.header), v)
		b.warn = append(b.warn, fmt.Sprintf("interactions %q kept as attribute %s: not a JSON list of interactions", oneLine(v), k))
		return
	}
	its, err := decodeInteractions(v)
	if err != nil {
		b.reject(err)
		return
	}
	b.c.Interactions = append(b.c.Interactions, its...)
}

// decodeInteractions reads a JSON array of interactions (jsonList); an
// interaction's time with an offset past 23:59 is refused too.
func decodeInteractions(v string) ([]contact.Interaction, error) {
	return jsonList[contact.Interaction](v, "interactions", offsetPast2359)
}

// jsonList reads a cell of rolo's CSV export that holds a JSON array of
// name (notes, interactions); a failure names the element and its key as
// a JSON import does (interactions[0].at). check, when not nil, says what
// is wrong with an element's JSON once it is read, or "".
func jsonList[T any](v, name string, check func(json.RawMessage) string) ([]T, error) {
	var elems []json.RawMessage
	if err := json.Unmarshal([]byte(v), &elems); err != nil {
		why := err.Error()
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		if errors.As(err, &te) {
			why = "a JSON " + te.Value + " where a list is expected"
		} else if errors.As(err, &se) {
			why = "not valid JSON: " + syntaxProblem(se.Error(), []byte(v), int(se.Offset)-1, false)
		}
		return nil, recordError("%s: not a JSON list of %s (as rolo export writes them): %s", name, name, why)
	}
	out := make([]T, len(elems))
	for i, e := range elems {
		if err := json.Unmarshal(e, &out[i]); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) && te.Field == "" {
				return nil, recordError("%s[%d]: a JSON %s where an object is expected", name, i, te.Value)
			}
			return nil, recordError("%s[%d].%s", name, i, jsonProblem(err, e))
		}
		if check != nil {
			if p := check(e); p != "" {
				return nil, recordError("%s[%d].%s", name, i, p)
			}
		}
	}
	return out, nil
}

// more returns the values of a slot's cell role and, after them, those of
// the later columns of it (slot.more).
func (b *rowBuilder) more(s *slot, role string) []string {
	vals := b.multi(s.cells[role])
	for _, v := range s.more {
		vals = append(vals, b.multi(v)...)
	}
	return vals
}

// pick returns the i-th member of a split cell; a single member applies to
// all.
func pick(vs []string, i int) string {
	switch {
	case i < len(vs):
		return vs[i]
	case len(vs) == 1:
		return vs[0]
	}
	return ""
}

func (b *rowBuilder) finish() {
	c := b.c
	for _, key := range b.order {
		s := b.slots[key]
		switch s.kind {
		case "phone", "email", "url":
			vals, labels := b.more(s, "value"), b.multi(s.cells["label"])
			for i, v := range vals {
				if v == "" {
					continue
				}
				l := pick(labels, i)
				switch s.kind {
				case "phone":
					c.Phones = append(c.Phones, contact.Phone{Label: phoneLabel(l), Number: v})
					b.keepLabel("TEL", v, l, phoneLabelWords)
				case "email":
					c.Emails = append(c.Emails, contact.Email{Label: emailLabel(l), Address: v})
					b.keepLabel("EMAIL", v, l, emailLabelWords)
				case "url":
					c.URLs = append(c.URLs, contact.URL{Label: urlLabel(l), URL: v})
				}
			}
		case "social":
			nets, handles := b.multi(s.cells["network"]), b.more(s, "handle")
			for i, h := range handles {
				if h != "" {
					c.Socials = append(c.Socials, contact.Social{Network: imNetwork(pick(nets, i)), Handle: h})
				}
			}
		case "address":
			b.address(s)
		case "event", "relation", "custom":
			vals, labels := b.more(s, "value"), b.multi(s.cells["label"])
			for i, v := range vals {
				if v != "" {
					b.event(s.kind, pick(labels, i), v)
				}
			}
		}
	}
	// A display name with no name parts beside it is split into them,
	// unless it is the value contact.DisplayName fell back to (rolo's own
	// list -o csv writes one for every contact): the nickname, company,
	// a phone or an email the row has.
	if c.FirstName == "" && c.LastName == "" && c.MiddleName == "" && b.name != "" && !isOtherValue(c, b.name, b.d.opts.Region) {
		c.FirstName, c.LastName = splitName(b.name)
		b.split = true
	} else {
		b.keepDisplayName()
	}
	for _, n := range b.names {
		if saysMore(n[1], c.Prefix, c.FirstName, c.MiddleName, c.LastName, c.Suffix) && !isOtherValue(c, n[1], b.d.opts.Region) {
			k := addAttr(c, displayNameKey(n[0]), n[1])
			if used := b.d.laterNames[n[0]]; !slices.Contains(used, k) {
				if b.d.laterNames == nil {
					b.d.laterNames = map[string][]string{}
				}
				b.d.laterNames[n[0]] = append(used, k)
			}
		}
	}
	if b.d.flavour == Outlook {
		b.outlookOverflow()
	}
	if b.d.flavour == Google || b.d.flavour == Outlook {
		b.splitNotes()
	}
	if len(b.bday) > 0 && c.Birthday == "" {
		if d, ok := composeDate(b.bday["year"], b.bday["month"], b.bday["day"], b.d.opts.today()); ok {
			c.Birthday = d
		} else {
			c.Birthday = strings.Trim(b.bday["year"]+"-"+b.bday["month"]+"-"+b.bday["day"], "-")
		}
	}
	b.applyMeta()
	if len(b.labels) > 0 {
		c.VCardExtra = joinNonEmpty("\n", c.VCardExtra, strings.Join(b.labels, "\n"))
	}
}

// keepLabel keeps a label of Google's that rolo's labels cannot say (a
// phone's "Car", an email's "Uni", or Google's own "Main" and "Google
// Voice"), linked to the value it labels, as a vCard import keeps such an
// X-ABLabel: show names it beside rolo's label, and a vCard export writes
// it back with the value. It was lost: the value came in as other.
func (b *rowBuilder) keepLabel(kind, value, label string, known []string) {
	label = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(label), "*"))
	if b.d.flavour != Google || label == "" || strings.TrimSpace(value) == "" || labelKnown(label, known) {
		return
	}
	p := &vprop{group: fmt.Sprintf("item%d", len(b.labels)+1), name: "X-ABLabel", key: "X-ABLABEL",
		params: []vparam{{key: linkParam, values: []string{kind + ":" + strings.TrimSpace(value)}}}}
	b.labels = append(b.labels, formatExtra(p, escText(oneLine(label))))
}

// keepDisplayName keeps, as an attribute named after its column, a
// display name that says more than the name parts beside it: a word they
// do not have (Thunderbird's "Dr. Max Peter Mustermann jr." for Max
// Mustermann), as the vCard decoder keeps such an FN; the contact's name
// is its parts, and the rest would be lost. One made of the parts' words
// ("Mustermann, Max", Google's "Ando" for Ando Family), or that is another
// value the contact holds (its nickname, company, an email or a phone),
// loses nothing and is not kept.
func (b *rowBuilder) keepDisplayName() {
	c := b.c
	if b.name == "" || !saysMore(b.name, c.Prefix, c.FirstName, c.MiddleName, c.LastName, c.Suffix) ||
		isOtherValue(c, b.name, b.d.opts.Region) {
		return
	}
	addAttr(c, displayNameKey(b.nameCol), b.name)
	if b.d.nameKept == nil {
		b.d.nameKept = map[string]int{}
	}
	b.d.nameKept[b.nameCol]++
}

// saysMore reports whether name has a word, told apart by spaces and
// commas and in any case, that none of parts has. Without parts there is
// nothing it says more than: such a name is split into parts instead.
func saysMore(name string, parts ...string) bool {
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	}
	have := map[string]bool{}
	for _, p := range parts {
		for _, w := range words(p) {
			have[w] = true
		}
	}
	if len(have) == 0 {
		return false
	}
	for _, w := range words(name) {
		if !have[w] {
			return true
		}
	}
	return false
}

// keys ends the notice of a repeated display name column with the keys
// its values were kept under (used, as the records read gave them), or,
// before any was, the key it takes beside the first column's.
func (t nameTwice) keys(used []string) string {
	if len(used) == 0 {
		k := displayNameKey(t.header)
		if k == displayNameKey(t.first) {
			k = fitKey(k, "_2")
		}
		used = []string{k}
	}
	return strings.Join(used, " or ") + " too"
}

// displayNameKey is the attribute a display name column is kept as: named
// after the column ("display_name", "anzeigename"), or display_name for a
// column mapped by number.
func displayNameKey(header string) string {
	k := attrKeyFrom(header)
	if k == "" || strings.Trim(k, "0123456789") == "" {
		return "display_name"
	}
	return k
}

// outlookOverflow reads back what did not fit Outlook's columns: rolo's
// Outlook export, like Google's, lists it as the last paragraph of Notes,
// one "Label: value" line each. Only the lines whose label says what they
// are (overflowLabel: E-mail Address, IM, Web Page, Nickname, Phone
// (label), Address (label) as --address takes it, a Birthday or
// Anniversary Outlook's date columns cannot hold, such as --03-04) are
// taken, and only from a paragraph made of such lines; the others stay in
// the note as they were. A last paragraph overflowMark, which rolo's
// export writes after a note that would read so, is dropped, and nothing
// is taken.
func (b *rowBuilder) outlookOverflow() {
	c := b.c
	if len(c.Notes) == 0 {
		return
	}
	last := &c.Notes[len(c.Notes)-1]
	text := strings.ReplaceAll(last.Text, "\r\n", "\n")
	cut, para := lastParagraph(text)
	if para == overflowMark && cut >= 0 {
		last.Text = text[:cut]
		return
	}
	lines, ok := labelLines(para)
	if !ok {
		return
	}
	var kept []string
	for _, l := range lines {
		label, v, _ := strings.Cut(l, ": ")
		v = strings.TrimSpace(v)
		switch {
		case label == "E-mail Address" && v != "":
			c.Emails = append(c.Emails, contact.Email{Label: emailLabel(""), Address: v})
		case label == "Web Page" && v != "":
			c.URLs = append(c.URLs, contact.URL{Label: urlLabel(""), URL: v})
		case label == "Nickname" && v != "" && c.Nickname == "":
			c.Nickname = v
		case label == "IM" && strings.Contains(v, ": "):
			net, h, _ := strings.Cut(v, ": ")
			c.Socials = append(c.Socials, contact.Social{Network: socialNetwork(net), Handle: strings.TrimSpace(h)})
		case strings.HasPrefix(label, "Phone (") && strings.HasSuffix(label, ")") && v != "":
			c.Phones = append(c.Phones, contact.Phone{Label: phoneLabel(label[len("Phone (") : len(label)-1]), Number: v})
		case strings.HasPrefix(label, "Address (") && strings.HasSuffix(label, ")") && len(splitUnescaped(v, ';')) == 5:
			p := splitUnescaped(v, ';')
			for i := range p {
				p[i] = unescapeText(p[i], "3.0")
			}
			c.Addresses = append(c.Addresses, contact.Address{Label: addressLabel(label[len("Address (") : len(label)-1]),
				Street: p[0], City: p[1], State: p[2], Zip: p[3], Country: p[4]})
		case (label == "Birthday" && c.Birthday == "" || label == "Anniversary" && c.Anniversary == "") && v != "":
			d, err := contact.ParseDate(strings.ToLower(label), v)
			switch {
			case err != nil:
				kept = append(kept, l)
			case label == "Birthday":
				c.Birthday = d
			default:
				c.Anniversary = d
			}
		default:
			kept = append(kept, l)
		}
	}
	rest := strings.Join(kept, "\n")
	switch {
	case cut >= 0 && rest != "":
		last.Text = text[:cut] + "\n\n" + rest
	case cut >= 0:
		last.Text = text[:cut]
	default:
		last.Text = rest
	}
	if strings.TrimSpace(last.Text) == "" {
		c.Notes = c.Notes[:len(c.Notes)-1]
	}
}

// splitNotes splits a Notes cell longer than a note (contact.SplitNote):
// Google's and Outlook's one cell holds all of a contact's notes, each of
// which may be as long as a note, apart by blank lines. Nothing is lost,
// and nothing is said.
func (b *rowBuilder) splitNotes() {
	var notes []contact.Note
	for _, n := range b.c.Notes {
		parts := contact.SplitNote(contact.LF(n.Text))
		if len(parts) == 1 {
			notes = append(notes, n)
			continue
		}
		for _, p := range parts {
			notes = append(notes, contact.Note{Text: p})
		}
	}
	b.c.Notes = notes
}

// overflowMark is the last paragraph of the Notes that rolo's Outlook
// export writes when the last paragraph of a contact's notes would read as
// lines of what did not fit (outlookWouldTake) and nothing did not fit:
// the import drops it, and takes no lines.
const overflowMark = "(end of notes)"

// lastParagraph returns the last paragraph of text, which has LF line
// ends, and where the blank line before it starts (-1 when text is one
// paragraph).
func lastParagraph(text string) (cut int, para string) {
	cut = strings.LastIndex(text, "\n\n")
	if cut < 0 {
		return cut, text
	}
	return cut, text[cut+2:]
}

// labelLines returns the lines of para when each is a "Label: value"
// line, as those of what did not fit Outlook's columns are.
func labelLines(para string) ([]string, bool) {
	lines := strings.Split(para, "\n")
	for _, l := range lines {
		if !strings.Contains(l, ": ") {
			return nil, false
		}
	}
	return lines, true
}

// overflowLabel reports whether label is that of a line of what did not
// fit Outlook's columns, which outlookOverflow reads back into its field.
func overflowLabel(label string) bool {
	switch label {
	case "E-mail Address", "Web Page", "Nickname", "IM", "Birthday", "Anniversary":
		return true
	}
	return (strings.HasPrefix(label, "Phone (") || strings.HasPrefix(label, "Address (")) && strings.HasSuffix(label, ")")
}

// outlookWouldTake reports whether outlookOverflow would read the last
// paragraph of notes, with LF line ends, as lines of what did not fit
// Outlook's columns, or drop it as overflowMark.
func outlookWouldTake(notes string) bool {
	_, para := lastParagraph(notes)
	if para == overflowMark {
		return true
	}
	lines, ok := labelLines(para)
	return ok && slices.ContainsFunc(lines, func(l string) bool {
		label, _, _ := strings.Cut(l, ": ")
		return overflowLabel(label)
	})
}

func (b *rowBuilder) address(s *slot) {
	parts := map[string][]string{}
	n := 0
	for _, p := range append([]string{"label"}, addressParts...) {
		if v, ok := s.cells[p]; ok {
			parts[p] = b.multi(v)
			n = max(n, len(parts[p]))
		}
	}
	for i := 0; i < n; i++ {
		get := func(p string) string { return strings.TrimSpace(pick(parts[p], i)) }
		a := contact.Address{
			Street: joinNonEmpty(", ", get("street"), get("street2"), get("street3"), get("extended"), get("pobox")),
			City:   get("city"), State: get("state"), Zip: get("zip"), Country: get("country"),
		}
		if a.Street == "" && a.City == "" && a.State == "" && a.Zip == "" && a.Country == "" {
			a.Street = get("formatted")
		}
		if a.Street == "" && a.City == "" && a.State == "" && a.Zip == "" && a.Country == "" {
			continue
		}
		if l := get("label"); l != "" {
			a.Label = addressLabel(l)
			b.keepLabel("ADR", addressLink(a), l, addressLabelWords)
		} else {
			a.Label = canonLabel(s.label, contact.AddressLabels, addressLabel)
		}
		b.c.Addresses = append(b.c.Addresses, a)
	}
}

func (b *rowBuilder) event(kind, label, v string) {
	c := b.c
	l := strings.ToLower(label)
	switch {
	case kind == "event" && c.Anniversary == "" && containsAny(l, "anniv", "jahrestag", "hochzeit", "wedding"):
		c.Anniversary = b.dateOr(v)
	case kind == "event" && c.Birthday == "" && containsAny(l, "birth", "geburt"):
		c.Birthday = b.dateOr(v)
	case kind == "custom":
		k := strings.TrimSpace(label)
		if !contact.ValidAttrKey(k) {
			k = attrKeyFrom(label)
		}
		if k == "" {
			k = "custom"
		}
		addAttr(c, k, v)
	default:
		addAttr(c, join(kind, attrKeyFrom(label)), v)
	}
}

// dateOr returns a date cell in rolo's form, or as it is when it is no
// date. A date without a year, --12-25, is written by export --csv-safe
// after a quote, '--12-25 (a spreadsheet would read --12-25 as the
// formula -(-12)-25): no date starts with a quote, so the cell is read
// without it, and such an export imports its dates as they were.
func (b *rowBuilder) dateOr(v string) string {
	in := safeCellValue(v)
	if m := slashDate().FindStringSubmatch(strings.TrimSpace(v)); m != nil && b.d.dayFirst {
		in = m[2] + "/" + m[1] + "/" + m[3] // DD/MM/YYYY as MM/DD/YYYY
	}
	if d, ok := normDate(in, b.d.opts.today()); ok {
		return d
	}
	return v
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// applyMeta sets the fields only rolo's own files carry.
func (b *rowBuilder) applyMeta() {
	c, m := b.c, b.meta
	if len(m) == 0 {
		return
	}
	c.Visibility, c.Owner, c.LastChannel = m["visibility"], m["owner"], m["last_channel"]
	c.VCardExtra = m["vcard_extra"]
	for _, s := range strings.Split(m["shared_with"], ",") {
		if s = strings.TrimSpace(s); s != "" {
			c.SharedWith = append(c.SharedWith, s)
		}
	}
	c.Favorite = c.Favorite || yesNo("favorite", m["favorite"], &b.warn)
	tm := func(k string) *time.Time {
		if t, ok := parseTime(m[k]); ok {
			return &t
		}
		if m[k] != "" {
			b.warn = append(b.warn, fmt.Sprintf("%s: %q is not an RFC 3339 time: ignored", k, m[k]))
		}
		return nil
	}
	if t := tm("created_at"); t != nil {
		c.CreatedAt = *t
	}
	if t := tm("updated_at"); t != nil {
		c.UpdatedAt = *t
	}
	c.LastActivityAt = tm("last_activity_at")
	if b.channelCol != "" && c.LastChannel != "" && c.LastActivityAt == nil && len(c.Interactions) == 0 {
		// A "channel" column of a hand-written file (name,email,channel)
		// whose record gives no last activity names no interaction's
		// channel: it is kept as an attribute, as one that holds no
		// channel is, not refused as a last channel.
		addAttr(c, attrKeyFrom(b.channelCol), c.LastChannel)
		c.LastChannel = ""
	}
	c.ArchivedAt, c.DeletedAt = tm("archived_at"), tm("deleted_at")
	c.Archived = yesNo("archived", m["archived"], &b.warn) || c.ArchivedAt != nil
	c.Deleted = yesNo("deleted", m["deleted"], &b.warn) || c.DeletedAt != nil
	blk, err := contact.ReadBlock("blocked", m["blocked"], "blocked_reason", m["blocked_reason"])
	if err != nil {
		b.reject(err)
	}
	if blk != nil {
		blk.By = m["blocked_by"]
		if t := tm("blocked_at"); t != nil {
			blk.CreatedAt = *t
		}
		c.Blocked = blk
	}
}

// parseAddressLine reads LABEL=street;city;state;zip;country, where "\;"
// and "\\" escape a semicolon or backslash inside a part, and parts past
// the fifth are part of the country.
func parseAddressLine(l string) contact.Address {
	var a contact.Address
	if k, rest, ok := strings.Cut(l, "="); ok && !strings.ContainsAny(k, ";\\") {
		a.Label, l = strings.TrimSpace(k), rest
	}
	parts := contact.SplitAddressParts(l)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	for len(parts) < 5 {
		parts = append(parts, "")
	}
	if len(parts) > 5 {
		parts[4] = strings.Join(parts[4:], ";")
	}
	a.Street, a.City, a.State, a.Zip, a.Country = parts[0], parts[1], parts[2], parts[3], parts[4]
	return a
}
