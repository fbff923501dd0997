package codec

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// noted is a contact with one note of n bytes, as a contact with many
// notes of a megabyte each is in one record.
func noted(n int) *contact.Contact {
	return &contact.Contact{ID: 7, FirstName: "Nora", Attributes: map[string]string{},
		Notes: []contact.Note{{Text: strings.Repeat("n", n)}}}
}

// encodeOne writes contacts small and c in format and returns the file
// and the records that were too large for an import.
func encodeOne(t *testing.T, format string, c *contact.Contact) ([]byte, []Oversized) {
	t.Helper()
	var buf bytes.Buffer
	enc, err := NewEncoder(format, &buf, EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*contact.Contact{{ID: 1, FirstName: "Small"}, c} {
		if err := enc.Write(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), OversizedRecords(enc)
}

// importErr decodes a file as an import does and returns the error that
// stops it, nil when every record is read.
func importErr(t *testing.T, format string, file []byte) error {
	t.Helper()
	d, err := NewDecoder(format, bytes.NewReader(file), Options{})
	if err != nil {
		return err
	}
	for {
		if _, err := d.Next(); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// cardSize is the size of the second card of a vCard file as the decoder
// counts it: its lines, without their line ends, between BEGIN:VCARD and
// END:VCARD.
func cardSize(file []byte) int {
	cards := strings.Split(string(file), "BEGIN:VCARD\r\n")
	lines := strings.Split(strings.TrimSuffix(cards[2], "END:VCARD\r\n"), "\r\n")
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	return n
}

// An export names the contacts it writes as records that the import of
// the file would refuse: exactly those over the import's bound, so that
// every export it does not name imports back.
func TestOversizedRecords(t *testing.T) {
	for _, format := range []string{CSV, Google, Outlook} {
		t.Run(format, func(t *testing.T) {
			// A CSV record grows by a byte with each byte of its note.
			file, over := encodeOne(t, format, noted(10))
			header := bytes.IndexByte(file, '\n') + 1
			small := bytes.IndexByte(file[header:], '\n') + 1
			fit := maxRecord - (len(file) - header - small - 10)

			file, over = encodeOne(t, format, noted(fit))
			if len(over) != 0 {
				t.Errorf("a record of %d bytes: %+v", len(file)-header-small, over)
			}
			if err := importErr(t, format, file); err != nil {
				t.Errorf("the import of a record of %d bytes: %v", len(file)-header-small, err)
			}
			_, over = encodeOne(t, format, noted(fit+1))
			if want := []Oversized{{ID: 7, Name: "Nora", Bytes: maxRecord + 1}}; len(over) != 1 || over[0] != want[0] {
				t.Errorf("a record one byte too large: %+v, want %+v", over, want)
			}
			// The import reads a few kilobytes more than it counts.
			file, over = encodeOne(t, format, noted(fit+8<<10))
			if err := importErr(t, format, file); len(over) != 1 || err == nil || !strings.Contains(err.Error(), "a record of more than 16 MiB") {
				t.Errorf("a record 8 KiB too large: %+v, import %v", over, err)
			}
		})
	}
	t.Run(VCard, func(t *testing.T) {
		// A card's folded lines grow by a byte or two with each byte of
		// its note: find the note that fills one to the bound.
		n := maxCardBytes - 1000
		file, _ := encodeOne(t, VCard, noted(n))
		for size := cardSize(file); size != maxCardBytes; size = cardSize(file) {
			step := (maxCardBytes - size) * 74 / 75
			if step == 0 {
				step = 1
				if size > maxCardBytes {
					step = -1
				}
			}
			n += step
			file, _ = encodeOne(t, VCard, noted(n))
		}
		file, over := encodeOne(t, VCard, noted(n))
		if len(over) != 0 {
			t.Errorf("a card of %d bytes: %+v", cardSize(file), over)
		}
		if err := importErr(t, VCard, file); err != nil {
			t.Errorf("the import of a card of %d bytes: %v", cardSize(file), err)
		}
		file, over = encodeOne(t, VCard, noted(n+1))
		if want := int64(cardSize(file)); len(over) != 1 || over[0].Bytes != want || over[0].ID != 7 {
			t.Errorf("a card of %d bytes: %+v", want, over)
		}
		if err := importErr(t, VCard, file); err == nil || !strings.Contains(err.Error(), "is larger than 16 MiB") {
			t.Errorf("the import of a card of %d bytes: %v", cardSize(file), err)
		}
	})
	// JSON has no such bound.
	if _, over := encodeOne(t, JSON, noted(maxRecord+1)); over != nil {
		t.Errorf("json: %+v", over)
	}
}
