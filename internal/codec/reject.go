package codec

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
)

// RejectWriter writes the records an import rejected, each with the reason,
// in a file that can be fixed and imported again as it is: for CSV the
// original columns plus an "error" column (which the decoder ignores), for
// vCard the original card with an X-ROLO-ERROR property, for JSON the
// original object with an "error" key, one per line.
type RejectWriter struct {
	// Style is how a CSV error file is written (see CSVDecoder.RejectStyle).
	Style  CSVStyle
	format string
	w      io.Writer
	csv    *csv.Writer
	errCol int // index of the error column in the CSV header
	width  int
	header bool
}

// CSVStyle is how a CSV error file is written.
type CSVStyle struct {
	// BOM starts the file with a UTF-8 byte order mark and ends its lines
	// with CRLF, as Excel and Outlook on Windows expect.
	BOM bool
	// Comma is the separator (the comma when zero); SepLine starts the
	// file with Excel's line naming it, "sep=;".
	Comma   rune
	SepLine bool
}

// NewRejectWriter returns a writer of rejected records of an input in
// format.
func NewRejectWriter(w io.Writer, format string) *RejectWriter {
	return &RejectWriter{format: format, w: w}
}

// RejectExt is the file extension of the reject file of format, for
// naming it NAME.errors.EXT.
func RejectExt(format string) string {
	switch format {
	case VCard:
		return "vcf"
	case JSON, NDJSON:
		return "ndjson"
	}
	return "csv"
}

// Write writes one rejected record with the reason it was rejected.
func (rw *RejectWriter) Write(rec *Record, reason string) error {
	reason = oneLine(reason)
	switch {
	case rec.Header != nil:
		return rw.writeCSV(rec, reason)
	case rw.format == VCard && rec.Text != "":
		return rw.writeVCard(rec.Text, reason)
	case rec.Text != "":
		return rw.writeJSON(rec.Text, reason)
	}
	return nil
}

func (rw *RejectWriter) writeCSV(rec *Record, reason string) error {
	if rw.csv == nil {
		if rw.Style.BOM {
			if _, err := io.WriteString(rw.w, "\ufeff"); err != nil {
				return err
			}
		}
		rw.csv = csv.NewWriter(rw.w)
		rw.csv.UseCRLF = rw.Style.BOM
		if rw.Style.Comma != 0 {
			rw.csv.Comma = rw.Style.Comma
		}
		if rw.Style.SepLine {
			eol := "\n"
			if rw.csv.UseCRLF {
				eol = "\r\n"
			}
			if _, err := io.WriteString(rw.w, "sep="+string(rw.csv.Comma)+eol); err != nil {
				return err
			}
		}
	}
	if !rw.header {
		rw.header = true
		h := append([]string(nil), rec.Header...)
		rw.errCol = -1
		for i, c := range h {
			if headerKey(c) == "error" {
				rw.errCol = i
			}
		}
		if rw.errCol < 0 {
			rw.errCol = len(h)
			h = append(h, "error")
		}
		rw.width = len(h)
		if err := rw.csv.Write(h); err != nil {
			return err
		}
	}
	if rw.errCol < len(rec.Header) || len(rec.Values) <= rw.errCol {
		// The input's own error column, or a row no wider than the header:
		// the reason takes its place.
		row := make([]string, max(rw.width, len(rec.Values)))
		copy(row, rec.Values)
		row[rw.errCol] = reason
		return rw.csv.Write(row)
	}
	// A row with cells beyond the header keeps them, after the reason.
	row := make([]string, 0, len(rec.Values)+1)
	row = append(row, rec.Values[:rw.errCol]...)
	row = append(row, reason)
	return rw.csv.Write(append(row, rec.Values[rw.errCol:]...))
}

func (rw *RejectWriter) writeVCard(text, reason string) error {
	var b strings.Builder
	ended := false
	for _, l := range strings.SplitAfter(text, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(strings.ToUpper(t), "X-ROLO-ERROR:") {
			continue
		}
		if strings.EqualFold(t, "END:VCARD") && !ended {
			ended = true
			b.WriteString("X-ROLO-ERROR:" + escText(reason) + "\r\n")
		}
		b.WriteString(l)
	}
	if !ended {
		b.WriteString("X-ROLO-ERROR:" + escText(reason) + "\r\nEND:VCARD\r\n")
	}
	_, err := io.WriteString(rw.w, b.String())
	return err
}

func (rw *RejectWriter) writeJSON(text, reason string) error {
	if rest, ok := objectWithout(text, "error"); ok {
		// The record's keys as they were, in their order, then the
		// reason, last as a CSV row's error column is (a sed that fixes
		// the first "1912-13-23" of the line fixes the value).
		line := append([]byte{'{'}, rest...)
		if len(rest) > 0 {
			line = append(line, ',')
		}
		line = append(append(line, `"error":`...), jsonText(reason)...)
		_, err := rw.w.Write(append(line, '}', '\n'))
		return err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &obj); err != nil || obj == nil {
		obj = map[string]json.RawMessage{"record": json.RawMessage(text)}
		if !json.Valid([]byte(text)) {
			obj["record"] = jsonText(text)
		}
	}
	obj["error"] = jsonText(reason)
	enc := json.NewEncoder(rw.w)
	enc.SetEscapeHTML(false)
	return enc.Encode(obj)
}

// objectWithout is the members of the JSON object text, on one line,
// in their order and as they were written, but for those named key (an
// earlier error file's reason); ok is false when text is no JSON object.
func objectWithout(text, key string) (members []byte, ok bool) {
	dec := json.NewDecoder(strings.NewReader(text))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var b bytes.Buffer
	for dec.More() {
		t, err := dec.Token()
		name, isKey := t.(string)
		if err != nil || !isKey {
			return nil, false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		if name == key {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.Write(jsonText(name))
		b.WriteByte(':')
		if err := json.Compact(&b, v); err != nil {
			return nil, false
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, false
	}
	return b.Bytes(), true
}

// jsonText is s as a JSON string, with &, < and > as they are (as rolo's
// JSON output writes them), not escaped as \u0026 and the like.
func jsonText(s string) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Flush writes buffered data.
func (rw *RejectWriter) Flush() error {
	if rw.csv != nil {
		rw.csv.Flush()
		return rw.csv.Error()
	}
	return nil
}
