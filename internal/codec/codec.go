// Package codec turns contact files (CSV, Google and Outlook CSV, vCard
// 2.1/3.0/4.0, JSON, NDJSON) into contact.Contact values and back. It is
// pure: no SQL, no command-line code. Decoders stream, one record at a time,
// so that importing a file of any size uses bounded memory; the importer
// validates every decoded contact with contact.Normalize.
package codec

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// Format names, as `--format` takes them.
const (
	CSV     = "csv"     // rolo's template, or any CSV whose header rolo can map
	Google  = "google"  // Google Contacts CSV (both layouts)
	Outlook = "outlook" // Outlook CSV (English and German headers)
	VCard   = "vcard"   // vCard 2.1, 3.0 and 4.0 in; 3.0 or 4.0 out
	JSON    = "json"    // a JSON array of SPEC section 6 contact objects
	NDJSON  = "ndjson"  // one contact object per line
)

// Formats lists the format names in the order help text shows them.
var Formats = []string{CSV, Google, Outlook, VCard, JSON, NDJSON}

// Record is one decoded record: a card, a row or a JSON object.
type Record struct {
	// Contact is the decoded contact, not yet validated. It is nil when Err
	// is set and nothing could be decoded.
	Contact *contact.Contact
	// Index is the 1-based position of the record in the input.
	Index int
	// Line is the 1-based line where the record starts, 0 when unknown.
	Line int
	// Header and Values are, for CSV input, the header row (shared by all
	// records) and this row's cells exactly as read, so that a rejected
	// row can be written back with its original columns.
	Header []string
	Values []string
	// Text is, for vCard and JSON input, the record's original text.
	Text string
	// Warnings say what was changed or kept aside while decoding: values
	// kept as attributes, a photo that was not valid base64...
	Warnings []string
	// LeftOut says, for JSON input, which keys were left out as no
	// contact field ("key \"phone\" is not a contact field"): a record
	// rejected for lacking what they held says so in its reason.
	LeftOut string
	// NameSplit says that the contact's first and last name were split
	// from one full-name column (a CSV without name parts, as list -o csv
	// writes), or from the FN of a vCard without N: the record says the
	// name the contact shows, not its parts.
	NameSplit bool
	// Err is set when the record could not be decoded; the decoder can
	// go on with the next record.
	Err error
}

// Where names the record for a message: "line 12", "card 3 (line 40)".
func (r *Record) Where() string {
	switch {
	case r.Text != "" && r.Values == nil && r.Line > 0:
		return fmt.Sprintf("card %d (line %d)", r.Index, r.Line)
	case r.Line > 0:
		return fmt.Sprintf("line %d", r.Line)
	}
	return fmt.Sprintf("record %d", r.Index)
}

// Decoder reads records one at a time.
type Decoder interface {
	// Next returns the next record, or io.EOF after the last one. A
	// record-level problem is reported in Record.Err and decoding goes on;
	// any other error is fatal and Next must not be called again.
	Next() (*Record, error)
	// Notices are file-level messages for the user (the encoding that was
	// guessed, text ignored before the first card, columns kept as
	// attributes). They are complete once Next has returned io.EOF.
	Notices() []string
}

// Mapper is implemented by the decoders of column-based formats: it says
// which column feeds which contact field (`import --show-mapping`).
type Mapper interface {
	Mapping() []ColumnMapping
}

// ColumnMapping says what one input column becomes.
type ColumnMapping struct {
	Column int    // 1-based column number
	Header string // the column's header, as read
	Field  string // the target, in --map syntax: "first", "phone.work", "attr.hobby"; "" when ignored
	Source string // "auto", "map" (from --map), "attribute" (unknown column kept as attribute) or "ignored"
}

// Options tune decoding.
type Options struct {
	// Encoding overrides encoding detection; any name
	// golang.org/x/text/encoding/htmlindex knows ("windows-1252",
	// "shift_jis", "utf-16le", "iso-8859-2").
	Encoding string
	// Map assigns input columns to fields, overriding automatic matching:
	// {"Mobil": "phone.mobile", "Kundennummer": "attr.customer_no"}. Keys
	// that are all column numbers ("1", "2"...) read a file that has no
	// header row.
	Map map[string]string
	// Region is the ISO 3166 region used to tell whether a phone number
	// without a leading + is valid (the profile's region; default US).
	Region string
	// Strict leaves every value where it was decoded, so that
	// contact.Normalize rejects the record when one is invalid. Without it,
	// values that another program wrote but that rolo cannot store in
	// their field (a phone "Privattelefon", a birthday "circa 1800", a
	// country "Niemcy") are kept as attributes and reported in
	// Record.Warnings. rolo's own formats (JSON, NDJSON and CSV whose
	// header is rolo's template) are always decoded strictly.
	Strict bool
	// Now is the import's clock (ROLO_NOW in tests); a two-digit year is
	// read as the latest such date that is not after it. Zero means the
	// wall clock.
	Now time.Time
}

// today is the day two-digit years are read against.
func (o Options) today() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// EncodeOptions tune encoding.
type EncodeOptions struct {
	// VCardVersion is "3.0" (default) or "4.0".
	VCardVersion string
	// NoHeader leaves out the header line of the CSV formats (csv,
	// google, outlook; outlook's byte order mark with it), for rows to
	// append to a file that has one (`export --no-header`). The other
	// formats have no header line.
	NoHeader bool
	// CSVSafe writes every cell of the CSV formats' rows that a
	// spreadsheet would read as a formula with a leading single quote
	// (`export --csv-safe`; see safeCell). The other formats are not
	// read by spreadsheets and ignore it.
	CSVSafe bool
}

// Encoder writes contacts one at a time.
type Encoder interface {
	Write(c *contact.Contact) error
	// Close writes what follows the last contact and flushes; it does not
	// close the underlying writer.
	Close() error
}

// NewDecoder returns a decoder of format reading r. Column-based formats
// read their header row here, so that a file that cannot be mapped fails
// before any record is read.
func NewDecoder(format string, r io.Reader, opts Options) (Decoder, error) {
	switch format {
	case CSV, Google, Outlook:
		return NewCSVDecoder(format, r, opts)
	case VCard:
		return NewVCardDecoder(r, opts)
	case JSON, NDJSON:
		return NewJSONDecoder(r, opts)
	}
	return nil, unknownFormat(format)
}

// NewEncoder returns an encoder of format writing to w. The encoders of
// CSV and vCard measure each record (see OversizedRecords).
func NewEncoder(format string, w io.Writer, opts EncodeOptions) (Encoder, error) {
	out := &countingWriter{w: w}
	switch format {
	// An encoder whose header is written already writes none.
	case CSV:
		e := NewCSVEncoder(out)
		e.header, e.safe = opts.NoHeader, opts.CSVSafe
		return sizedCSV(e, out, e.w, e.writeHeader), nil
	case Google:
		e := NewGoogleEncoder(out)
		e.header, e.safe = opts.NoHeader, opts.CSVSafe
		return sizedCSV(e, out, e.w, e.writeHeader), nil
	case Outlook:
		e := NewOutlookEncoder(out)
		e.header, e.safe = opts.NoHeader, opts.CSVSafe
		return sizedCSV(e, out, e.w, e.writeHeader), nil
	case VCard:
		e, err := NewVCardEncoder(out, opts.VCardVersion)
		if err != nil {
			return nil, err
		}
		return sizedVCard(e, out), nil
	case JSON:
		return NewJSONEncoder(w, false), nil
	case NDJSON:
		return NewJSONEncoder(w, true), nil
	}
	return nil, unknownFormat(format)
}

// Encode writes cs to w in format.
func Encode(format string, w io.Writer, cs []*contact.Contact, opts EncodeOptions) error {
	enc, err := NewEncoder(format, w, opts)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := enc.Write(c); err != nil {
			return err
		}
	}
	return enc.Close()
}

// DecodeAll reads every record of a decoder; for tests and small inputs.
func DecodeAll(d Decoder) ([]*Record, error) {
	var out []*Record
	for {
		rec, err := d.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

func unknownFormat(f string) error {
	return contact.Errorf(contact.EINVALID, "format: %q is not one of %s", f, strings.Join(Formats, ", "))
}

// recordError is the error of one record; its message names the record.
func recordError(format string, args ...any) error {
	return contact.Errorf(contact.EINVALID, format, args...)
}

// extensionFormats are the file extensions rolo writes each format to.
var extensionFormats = map[string]string{
	".csv": CSV, ".vcf": VCard, ".vcard": VCard, ".json": JSON, ".ndjson": NDJSON, ".jsonl": NDJSON,
}

// FormatOfExtension returns the format a file name's extension (".csv",
// ".jsonl", any case) stands for, as export reads `-o FILE`.
func FormatOfExtension(name string) (string, bool) {
	f, ok := extensionFormats[strings.ToLower(filepath.Ext(name))]
	return f, ok
}
