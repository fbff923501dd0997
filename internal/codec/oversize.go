package codec

import (
	"bytes"
	"encoding/csv"
	"io"

	"github.com/rolo-cli/rolo/internal/contact"
)

// An import reads a CSV record or a vCard card whole, up to a bound
// (maxRecord, maxCardBytes), but a contact can be larger (many notes of a
// megabyte each): its import would refuse the whole file. The encoders of
// those formats measure each record as the decoder counts it, so that an
// export can say so rather than write a file that does not import back.

// Oversized is a contact written as a record larger than the import of
// the format reads in one.
type Oversized struct {
	ID   int64
	Name string
	// Bytes is the record's size, as the import counts it.
	Bytes int64
}

// RecordLimit is the most the import of format reads as one record (a
// CSV row, a vCard card), or 0 when it has no such bound (JSON, NDJSON).
func RecordLimit(format string) int64 {
	switch format {
	case CSV, Google, Outlook:
		return maxRecord
	case VCard:
		return maxCardBytes
	}
	return 0
}

// OversizedRecords lists the contacts enc has written as records larger
// than the RecordLimit of its format, in the order written.
func OversizedRecords(enc Encoder) []Oversized {
	if s, ok := enc.(*sizedEncoder); ok {
		return s.over
	}
	return nil
}

// countingWriter counts the bytes written through it, and the line feeds
// among them when lines is set.
type countingWriter struct {
	w        io.Writer
	n, lfs   int64
	countLFs bool
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if c.countLFs {
		c.lfs += int64(bytes.Count(p[:n], []byte{'\n'}))
	}
	return n, err
}

// sizedEncoder measures the record its encoder writes for each contact.
type sizedEncoder struct {
	Encoder
	out *countingWriter
	// start writes what comes before the first record (a header), which
	// is not part of it; flush writes out what the encoder holds of a
	// record.
	start, flush func() error
	// size is a record's size as the decoder counts it, from the bytes
	// and line feeds written for it.
	size    func(n, lfs int64) int64
	limit   int64
	started bool
	over    []Oversized
}

// Write implements Encoder.
func (s *sizedEncoder) Write(c *contact.Contact) error {
	if !s.started {
		s.started = true
		if err := s.start(); err != nil {
			return err
		}
		if err := s.flush(); err != nil {
			return err
		}
	}
	n, lfs := s.out.n, s.out.lfs
	if err := s.Encoder.Write(c); err != nil {
		return err
	}
	if err := s.flush(); err != nil {
		return err
	}
	if size := s.size(s.out.n-n, s.out.lfs-lfs); size > s.limit {
		s.over = append(s.over, Oversized{ID: c.ID, Name: c.DisplayName(), Bytes: size})
	}
	return nil
}

// sizedCSV measures the rows a CSV encoder writes through w: the CSV
// decoder counts every byte of a record, its line end included.
func sizedCSV(enc Encoder, out *countingWriter, w *csv.Writer, header func() error) *sizedEncoder {
	return &sizedEncoder{Encoder: enc, out: out, start: header,
		flush: func() error { w.Flush(); return w.Error() },
		size:  func(n, _ int64) int64 { return n },
		limit: maxRecord}
}

// sizedVCard measures the cards e writes: the vCard decoder counts the
// lines between BEGIN:VCARD and END:VCARD, without their line ends.
func sizedVCard(e *VCardEncoder, out *countingWriter) *sizedEncoder {
	out.countLFs = true
	frame := int64(len("BEGIN:VCARD") + len("END:VCARD"))
	return &sizedEncoder{Encoder: e, out: out, start: func() error { return nil },
		flush: e.w.Flush,
		// Every line ends in CRLF.
		size:  func(n, lfs int64) int64 { return n - 2*lfs - frame },
		limit: maxCardBytes}
}
