package codec

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/rolo-cli/rolo/internal/contact"
)

// Detect tells the format of an input from its name and its first bytes
// (the more the better; 64 KiB is plenty): a vCard by its BEGIN:VCARD, JSON
// by its first character, a CSV file by its extension or its lines, and a
// Google or Outlook CSV by its header. name may be "" or "-" for standard
// input.
func Detect(name string, head []byte) (string, error) {
	text := sniffText(head)
	trimmed := strings.TrimLeft(text, " \t\r\n")
	ext := strings.ToLower(filepath.Ext(name))
	// A BEGIN:VCARD further down may be a line of a quoted CSV cell: an
	// input that does not start with one is a vCard only if neither its
	// name nor its first line (a header of columns) says CSV.
	first, _, _ := strings.Cut(trimmed, "\n")
	startsAsCard := strings.EqualFold(strings.TrimSpace(first), "BEGIN:VCARD")
	csvLike := ext == ".csv" || ext == ".tsv" || strings.ContainsAny(first, ",;\t")
	switch {
	case hasBeginVCard(text) && (startsAsCard || !csvLike):
		return VCard, nil
	case strings.HasPrefix(trimmed, "["):
		return JSON, nil
	case strings.HasPrefix(trimmed, "{"):
		if ext == ".json" {
			return JSON, nil
		}
		return NDJSON, nil
	}
	switch ext {
	case ".vcf", ".vcard":
		return VCard, nil
	case ".json":
		return JSON, nil
	case ".ndjson", ".jsonl":
		return NDJSON, nil
	}
	if trimmed == "" {
		switch ext {
		case ".csv", ".tsv", ".txt":
			return CSV, nil
		}
		return "", contact.Errorf(contact.EINVALID, "%s is empty: cannot tell its format (use --format %s)", inputName(name), strings.Join(Formats, "|"))
	}
	// A stray NUL in a file named .csv is a bad record (rejected by
	// validation), not a file of another format.
	if (strings.ContainsRune(text, 0) && ext != ".csv" && ext != ".tsv") || !looksLikeText(text) {
		return "", contact.Errorf(contact.EINVALID, "cannot tell the format of %s: it is not CSV, vCard or JSON text (use --format %s)", inputName(name), strings.Join(Formats, "|"))
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sniffDelimiter([]byte(text))
	sep, sepLine := excelSep([]byte(text))
	if sepLine {
		r.Comma = sep
	}
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if sepLine && err == nil {
		header, err = r.Read()
	}
	if err != nil && len(header) == 0 {
		return CSV, nil
	}
	return csvFlavour(header), nil
}

func inputName(name string) string {
	if name == "" || name == "-" {
		return "standard input"
	}
	return contact.PathText(name)
}

// sniffText decodes the head of an input for sniffing: UTF-16 and
// Windows-1252 become UTF-8, a BOM is dropped.
func sniffText(head []byte) string {
	if order, bom := utf16Order(head); order != "" {
		if bom {
			head = head[2:]
		}
		out, _ := utf16Encoding(order).NewDecoder().Bytes(head[:len(head)&^1])
		return string(out)
	}
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	if validUTF8Prefix(head, true) || validUTF8Prefix(head, false) {
		return string(head)
	}
	out, _ := charmap.Windows1252.NewDecoder().Bytes(head)
	return string(out)
}

// hasBeginVCard reports whether a line of text is BEGIN:VCARD.
func hasBeginVCard(text string) bool {
	for len(text) > 0 {
		l, rest, _ := strings.Cut(text, "\n")
		if strings.EqualFold(strings.TrimSpace(l), "BEGIN:VCARD") {
			return true
		}
		text = rest
	}
	return false
}

// looksLikeText reports whether s is mostly printable text: under one
// character in 20 a control character or an invalid byte. A head shorter
// than 64 characters is counted as 64 long, so that a small file with a
// stray control character is read as text, as a larger one is (its record
// is rejected by validation), while binary data (an archive, a photo),
// which has many from its first bytes, is not.
func looksLikeText(s string) bool {
	bad, n := 0, 0
	for _, r := range s {
		n++
		if r == utf8.RuneError || (r < 0x20 && r != '\n' && r != '\r' && r != '\t') {
			bad++
		}
	}
	return bad*20 < max(n, 64)
}
