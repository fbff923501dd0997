package factory

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode"

	"github.com/rolo-cli/rolo/internal/contact"
)

// maxIDLine bounds a line of IDs on stdin, so that input with no newline
// is an error, not all of memory.
const maxIDLine = 1 << 20

// idRows reads the rows of "-" on stdin and calls row with each one's line
// number and fields, the first the ID field, every field trimmed. What
// stdin holds may be:
//
//   - one ID a line (-o ids), or the first word of a line; a line of
//     IDs only, apart by spaces or commas ("1 2 6", as echo $(...) makes
//     of -o ids), is refused, not read as its first ID;
//   - a table, told by its header ("ID  WHO  BY..."), split where two
//     spaces or more part its cells, so that a row whose first cell is
//     blank (a raw number's row of blocked) has an empty first field; so
//     is a row that starts with spaces, with no header (--no-header),
//     unless its first word is an ID: an ID right-aligned by printf %5d,
//     wc or awk (a raw number's row has a number with its + or an email
//     there);
//   - rolo's TSV, split at each tab, so that an empty first field (a
//     raw number's row of blocked) stays the first field;
//   - CSV, told by its header (id,...) or, with none, by a first line
//     whose first field is an ID or empty and whose other fields are not
//     all IDs ("2,Bo,,," is a row; "1,2" is no row, but two IDs on one
//     line, refused). CSV is read as CSV from there on, quoted fields and
//     fields over several lines included.
//
// A UTF-8 byte order mark at the start, blank lines and lines starting
// with # are skipped, and so is a header (first field "id") on the first
// line that is none of these.
func idRows(in io.Reader, row func(line int, fields []string) error) error {
	br := bufio.NewReaderSize(in, 64*1024)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	line := 0
	first := true
	table := false // the header was a table's: split rows as tableCells
	for {
		text, err := readIDLine(br)
		if errors.Is(err, io.EOF) {
			return nil
		}
		line++
		if err != nil {
			return contact.Errorf(contact.EINVALID, "stdin line %d: %v", line, err)
		}
		if t := strings.TrimSpace(text); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if first && !strings.Contains(text, "\t") {
			if rec := csvLine(text); rec != nil {
				if strings.EqualFold(rec[0], "id") {
					return csvRows(br, line, row) // after the header
				}
				if headerlessCSV(rec) {
					return csvRows(io.MultiReader(strings.NewReader(text+"\n"), br), line-1, row)
				}
			}
		}
		var fields []string
		switch {
		case strings.Contains(text, "\t"):
			fields = strings.Split(text, "\t")
			for i := range fields {
				fields[i] = strings.TrimSpace(fields[i])
			}
		case table, strings.HasPrefix(text, "  ") && !rightAlignedID(text):
			// A table's row; one that starts with spaces has a blank
			// first cell even when no header said it is a table
			// (blocked -o table --no-header).
			fields = tableCells(text)
		default:
			fields = strings.Fields(text)
		}
		if first {
			first = false
			if strings.EqualFold(fields[0], "id") {
				// A header line from `-o tsv` or a table.
				table = !strings.Contains(text, "\t") && len(tableCells(text)) > 1
				continue
			}
		}
		// IDs apart by single spaces or commas, as echo $(...) makes of
		// -o ids; a table's cells are two spaces or more apart, and a
		// nameless contact's row ("2  415 555 0124") is no list of IDs.
		if !table && !strings.Contains(text, "\t") && !strings.Contains(strings.TrimSpace(text), "  ") && severalIDs(text) {
			return contact.Errorf(contact.EINVALID, "stdin line %d: %q is several IDs on one line; give one ID a line, as -o ids prints them", line, strings.TrimSpace(text))
		}
		if err := row(line, fields); err != nil {
			return err
		}
	}
}

// rightAlignedID reports whether a line that starts with spaces starts
// with an ID after them ("    1", printf %5d): a right-aligned ID, not a
// table's row whose first cell is blank, where blocked writes a number
// with its + or an email.
func rightAlignedID(text string) bool {
	w := strings.Fields(text)
	if len(w) == 0 {
		return false
	}
	_, ok := contact.ParseID(w[0])
	return ok
}

// tableCells splits a row of a table (rolo's -o table) into its cells,
// which two spaces or more part: a row that starts with spaces has a blank
// first cell, where strings.Fields would make the second cell the first.
func tableCells(text string) []string {
	var cells []string
	text = strings.TrimRight(text, " ")
	for {
		i := strings.Index(text, "  ")
		if i < 0 {
			return append(cells, strings.TrimSpace(text))
		}
		cells = append(cells, strings.TrimSpace(text[:i]))
		text = strings.TrimLeft(text[i:], " ")
	}
}

// severalIDs reports whether a line holds IDs only, more than one, apart
// by spaces or commas ("1 2 6", "1,2"): not a row whose first field is
// the ID, but IDs meant one a line, which reading the first alone would
// leave the others out of the command without a word.
func severalIDs(text string) bool {
	words := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
	if len(words) < 2 {
		return false
	}
	for _, w := range words {
		if _, ok := contact.ParseID(w); !ok {
			return false
		}
	}
	return true
}

// readIDLine reads a line without its line ending; io.EOF when there is
// none left.
func readIDLine(br *bufio.Reader) (string, error) {
	var b []byte
	for {
		part, err := br.ReadSlice('\n')
		b = append(b, part...)
		if len(b) > maxIDLine {
			return "", errors.New("longer than 1 MB")
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if errors.Is(err, io.EOF) && len(b) > 0 {
			err = nil
		}
		return strings.TrimRight(string(b), "\r\n"), err
	}
}

// newCSV reads CSV leniently: any number of fields, a stray quote kept
// (csvRows reads its quotes strictly).
func newCSV(r io.Reader) *csv.Reader {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.TrimLeadingSpace = true
	return cr
}

// csvLine is a line with a comma read as a CSV record, its fields trimmed;
// nil when it has no comma or is no CSV.
func csvLine(text string) []string {
	if !strings.Contains(text, ",") {
		return nil
	}
	rec, err := newCSV(strings.NewReader(text)).Read()
	if err != nil || len(rec) < 2 {
		return nil
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	return rec
}

// headerlessCSV reports whether a record is a row of CSV with no header:
// its first field an ID or empty (a row of no contact), and the others not
// all IDs (a name, a number, an empty cell: "1," is a row whose other
// columns are empty), so that "1,2" is not read as ID 1.
func headerlessCSV(rec []string) bool {
	if _, ok := contact.ParseID(rec[0]); !ok && rec[0] != "" {
		return false
	}
	for _, f := range rec[1:] {
		if _, ok := contact.ParseID(f); !ok {
			return true
		}
	}
	return false
}

// errLongRecord is a CSV record of stdin over maxIDLine.
var errLongRecord = errors.New("a record longer than 1 MB")

// recordBound fails a read once more than maxIDLine bytes have been read
// since the last record began (n is reset after each record), so that a
// quoted field that never ends is an error, not all of memory.
type recordBound struct {
	r io.Reader
	n int
}

func (b *recordBound) Read(p []byte) (int, error) {
	if b.n > maxIDLine {
		return 0, errLongRecord
	}
	k, err := b.r.Read(p)
	b.n += k
	return k, err
}

// csvRows calls row for each CSV record of r; before is the number of
// lines of stdin before r. Quotes are read strictly: a quoted field that
// is not closed as CSV closes it ("1,\"Ada\n2,Bea", or "1,\"Ada\" Lovelace")
// would otherwise run on over the lines after it, and the IDs on them
// would be left out of the command without a word; it is an error that
// names the line it starts on.
func csvRows(r io.Reader, before int, row func(line int, fields []string) error) error {
	bound := &recordBound{r: r}
	cr := newCSV(bound)
	cr.LazyQuotes = false
	cr.Comment = '#'
	end := before // the last line of the last record read
	for {
		bound.n = 0
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var perr *csv.ParseError
			if errors.As(err, &perr) {
				if errors.Is(perr.Err, csv.ErrQuote) || errors.Is(perr.Err, csv.ErrBareQuote) {
					return contact.Errorf(contact.EINVALID, "stdin line %d: %v (a quote in a CSV field is written \"\" inside a quoted field)", before+perr.StartLine, perr.Err)
				}
				return contact.Errorf(contact.EINVALID, "stdin line %d: %v", before+perr.StartLine, perr.Err)
			}
			if errors.Is(err, errLongRecord) {
				return contact.Errorf(contact.EINVALID, "stdin line %d: %v", end+1, err)
			}
			return contact.Errorf(contact.EINVALID, "stdin: %v", err)
		}
		line, _ := cr.FieldPos(0)
		last, _ := cr.FieldPos(len(rec) - 1)
		end = before + last + strings.Count(rec[len(rec)-1], "\n")
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if len(rec) == 1 && rec[0] == "" {
			continue // a line of spaces
		}
		if err := row(before+line, rec); err != nil {
			return err
		}
	}
}
