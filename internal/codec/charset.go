package codec

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/rolo-cli/rolo/internal/contact"
)

// sniffSize is how much of the input is examined to detect its encoding,
// delimiter and format.
const sniffSize = 64 << 10

// lookupEncoding resolves an --encoding name.
func lookupEncoding(name string) (encoding.Encoding, error) {
	e, err := htmlindex.Get(strings.TrimSpace(name))
	if err != nil {
		return nil, contact.Errorf(contact.EINVALID, "encoding: %q is not a known encoding (examples: utf-8, windows-1252, utf-16le, shift_jis, iso-8859-2)", name)
	}
	return e, nil
}

// utf16Order tells from a byte-order mark or from the pattern of zero
// bytes whether head is UTF-16: it returns "le", "be" or "". Text that
// other programs write as UTF-16 (Outlook, Apple) is mostly ASCII, so half
// of its bytes are zero.
func utf16Order(head []byte) (order string, bom bool) {
	if len(head) >= 2 {
		switch {
		case head[0] == 0xFF && head[1] == 0xFE:
			return "le", true
		case head[0] == 0xFE && head[1] == 0xFF:
			return "be", true
		}
	}
	n := min(len(head), 4096) &^ 1
	if n < 4 {
		return "", false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case even*10 >= pairs*4 && odd*10 < pairs:
		return "be", false
	case odd*10 >= pairs*4 && even*10 < pairs:
		return "le", false
	}
	return "", false
}

func utf16Encoding(order string) encoding.Encoding {
	if order == "be" {
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing b to end in the
// middle of a character when it is only the beginning of the input.
func validUTF8Prefix(b []byte, whole bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if whole {
		return false
	}
	for cut := 1; cut <= 3 && cut <= len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) && !utf8.FullRune(b[len(b)-cut:]) {
			return true
		}
	}
	return false
}

// mostlyUTF8 reports whether b, which is not valid UTF-8, holds more UTF-8
// characters than stray bytes: a UTF-8 file with a few Windows-1252 bytes
// pasted in.
func mostlyUTF8(b []byte) bool {
	multi, stray := 0, 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size <= 1:
			if !utf8.FullRune(b) {
				b = nil
				continue
			}
			stray++
		case size > 1:
			multi++
		}
		b = b[size:]
	}
	return multi > stray
}

// sjisCounts are what countShiftJIS finds in text read as Shift_JIS.
type sjisCounts struct {
	high  int // characters that are not ASCII
	c1    int // of them, those whose lead byte is 0x81-0x9F
	pairs int // two-byte characters
	lower int // of them, those whose second byte is a lower-case ASCII letter
}

// countShiftJIS reads b as Shift_JIS; ok is false at a byte that no
// Shift_JIS text holds there. A lead byte that ends b counts as a
// character, not as a pair.
func countShiftJIS(b []byte) (n sjisCounts, ok bool) {
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c < 0x80:
			continue
		case c >= 0xA1 && c <= 0xDF: // half-width katakana
			n.high++
		case (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC):
			n.high++
			if i+1 >= len(b) {
				continue
			}
			t := b[i+1]
			if t < 0x40 || t == 0x7F || t > 0xFC {
				return n, false
			}
			if c <= 0x9F {
				n.c1++
			}
			n.pairs++
			if t >= 'a' && t <= 'z' {
				n.lower++
			}
			i++
		default:
			return n, false
		}
	}
	return n, true
}

// kanjiTrails reports whether the two-byte characters of text read as
// Shift_JIS (n) read as Japanese text: at least a quarter of them end with a
// byte that is no lower-case ASCII letter, as hiragana (0x9F-0xF1), most
// kanji and katakana (タ is 0x83 0x5E, ウ 0x83 0x45) do. Mac OS Roman text
// also reads as Shift_JIS, its accented letters (ü is 0x9F, é 0x8E) being
// lead bytes, but one followed by a lower-case letter, as in "Müller": of
// a CR-lines file, such text is Excel for Mac's, not Japanese.
func (n sjisCounts) kanjiTrails() bool {
	return (n.pairs-n.lower)*4 >= n.pairs
}

// looksShiftJIS reports whether text that is not UTF-8, counted as n (ok
// from countShiftJIS), reads as Shift_JIS. Windows-1252 text rarely uses the bytes 0x80-0x9F (curly quotes, the euro
// sign), while they are the lead bytes of most Japanese characters.
func (n sjisCounts) looksShiftJIS(ok bool) bool {
	return ok && n.high > 0 && n.c1*10 >= n.high*3
}

// textInput is an input converted to UTF-8, with the name of the encoding
// it was read in.
type textInput struct {
	r        io.Reader
	encoding string
	guessed  bool   // the encoding was guessed, not declared by a BOM or --encoding
	bom      bool   // it started with a byte order mark
	said     string // a notice of the encoding read other than --encoding's
}

// openText converts r to UTF-8: an --encoding override wins, but over a
// UTF-8 BOM; then a BOM;
// then UTF-16 told by its zero bytes; then UTF-8, with stray bytes that are
// not UTF-8 read as Windows-1252 (an 8-bit character in an otherwise
// ASCII Outlook export); then Shift_JIS, Mac OS Roman (lines ended by a
// CR alone) or Windows-1252 for files that are not UTF-8 at all.
func openText(r io.Reader, override string) (*textInput, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	whole := err == io.EOF
	if override != "" {
		enc, err := lookupEncoding(override)
		if err != nil {
			return nil, err
		}
		name, _ := htmlindex.Name(enc)
		hasBOM := false
		if bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) && name != "utf-8" {
			// A UTF-8 byte order mark says the text is UTF-8, whatever
			// --encoding says: in another encoding no file starts with
			// it ("ï»¿" in Windows-1252). rolo's error file of an input
			// in another encoding is UTF-8 with the mark, and so imports
			// as it is with the --encoding its input needed.
			br.Discard(3)
			return &textInput{r: transform.NewReader(br, utf8Fallback{}), encoding: "utf-8", bom: true,
				said: "input starts with a UTF-8 byte order mark: read as UTF-8, not " + name}, nil
		}
		if bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) {
			br.Discard(3)
			hasBOM = true
		}
		if order, bom := utf16Order(head); bom && strings.HasPrefix(name, "utf-16") {
			br.Discard(2)
			enc = utf16Encoding(order)
			hasBOM = true
		}
		if name == "utf-8" {
			// Read as it is: a byte that is not UTF-8 reaches validation,
			// which rejects its record, rather than becoming U+FFFD.
			return &textInput{r: br, encoding: name, bom: hasBOM}, nil
		}
		return &textInput{r: transform.NewReader(br, enc.NewDecoder()), encoding: name, bom: hasBOM}, nil
	}
	if bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
		return &textInput{r: transform.NewReader(br, utf8Fallback{}), encoding: "utf-8", bom: true}, nil
	}
	if order, bom := utf16Order(head); order != "" {
		if bom {
			br.Discard(2)
		}
		return &textInput{r: transform.NewReader(br, utf16Encoding(order).NewDecoder()), encoding: "utf-16" + order, guessed: !bom, bom: bom}, nil
	}
	if validUTF8Prefix(head, whole) || mostlyUTF8(head) {
		return &textInput{r: transform.NewReader(br, utf8Fallback{}), encoding: "utf-8"}, nil
	}
	if n, ok := countShiftJIS(head); n.looksShiftJIS(ok) && (!crLineEnds(head) || n.kanjiTrails()) {
		enc, _ := htmlindex.Get("shift_jis")
		return &textInput{r: transform.NewReader(br, enc.NewDecoder()), encoding: "shift_jis", guessed: true}, nil
	}
	if crLineEnds(head) {
		// Lines ended by a CR alone are a Mac's: Excel for Mac writes its
		// "CSV (Macintosh)" in Mac OS Roman, whose letters with accents
		// read as Windows-1252 are other characters (Jürgen as JŸrgen).
		return &textInput{r: transform.NewReader(br, charmap.Macintosh.NewDecoder()), encoding: "macintosh", guessed: true}, nil
	}
	return &textInput{r: transform.NewReader(br, charmap.Windows1252.NewDecoder()), encoding: "windows-1252", guessed: true}, nil
}

// notice is the message that tells the user which encoding was guessed.
func (t *textInput) notice() string {
	if t.said != "" {
		return t.said
	}
	if !t.guessed {
		return ""
	}
	return "input is not UTF-8: read as " + t.encoding + " (use --encoding to change)"
}

// utf8Fallback passes UTF-8 through and reads each byte that is not part
// of a valid UTF-8 sequence as Windows-1252, so that one stray 8-bit
// character does not make a whole UTF-8 file unreadable.
type utf8Fallback struct{ transform.NopResetter }

func (utf8Fallback) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		if c < utf8.RuneSelf {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && size <= 1 {
			if !atEOF && !utf8.FullRune(src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc
			}
			r, size = charmap.Windows1252.DecodeByte(c), 1
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += size
	}
	return nDst, nSrc, nil
}

// decodeCharset converts b from the named charset to UTF-8; it reports
// false when the charset is unknown.
func decodeCharset(b []byte, charset string) (string, bool) {
	enc, err := htmlindex.Get(strings.TrimSpace(charset))
	if err != nil {
		return "", false
	}
	if name, _ := htmlindex.Name(enc); name == "utf-8" {
		return strings.ToValidUTF8(string(b), "\uFFFD"), true
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", false
	}
	return string(out), true
}

// namesUTF8 reports whether charset is a name of UTF-8.
func namesUTF8(charset string) bool {
	enc, err := htmlindex.Get(strings.TrimSpace(charset))
	if err != nil {
		return false
	}
	name, _ := htmlindex.Name(enc)
	return name == "utf-8"
}

// utf8CutShort reports whether b is UTF-8, or is UTF-8 with characters of
// several bytes and a broken one at its end (a character cut off, as a
// phone cuts a value at its length limit, or a stray byte). A last byte of
// Latin-1 text ("José") is no whole character either, so text with no
// character of several bytes before its end is not UTF-8.
func utf8CutShort(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	for n := 1; n < utf8.UTFMax && n < len(b); n++ {
		if head := b[:len(b)-n]; utf8.Valid(head) {
			return utf8.RuneCount(head) < len(head)
		}
	}
	return false
}

// utf8Instead reports whether b, declared in charset, is UTF-8 instead: the
// charset is one of a byte a character (ISO-8859-1, Windows-1252), and b
// holds characters of several bytes and no byte that is not UTF-8. A
// file converted to UTF-8 (iconv, an editor) keeps its CHARSET
// parameters; read as declared, Müller became MÃ¼ller. Text in such a
// charset hardly ever reads as UTF-8 by chance: a letter such as Ã
// followed by a symbol such as ¼ in a name.
func utf8Instead(b []byte, charset string) bool {
	enc, err := htmlindex.Get(strings.TrimSpace(charset))
	if err != nil {
		return false
	}
	if _, ok := enc.(*charmap.Charmap); !ok || !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// decodeUndeclared converts 8-bit text that declares no charset: UTF-8 when
// it is valid UTF-8, else Windows-1251 when most of its letters are 8-bit
// (Cyrillic, as old Windows phones wrote it), else Windows-1252. guess
// names the charset it chose when the text was not UTF-8.
func decodeUndeclared(b []byte) (s, guess string) {
	if utf8.Valid(b) {
		return string(b), ""
	}
	high, ascii := 0, 0
	for _, c := range b {
		switch {
		case c >= 0xC0:
			high++
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
			ascii++
		}
	}
	if high > ascii {
		out, _ := charmap.Windows1251.NewDecoder().Bytes(b)
		return string(out), "windows-1251"
	}
	out, _ := charmap.Windows1252.NewDecoder().Bytes(b)
	return string(out), "windows-1252"
}
